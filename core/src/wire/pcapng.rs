//! Export as a pcapng file (draft-ietf-opsawg-pcapng), the format Wireshark saves by
//! default. Unlike classic pcap it carries a comment per packet (`opt_comment`), which is
//! where the simulator says what the user did to a packet: dropped, delayed, duplicated.
//!
//! One section, one interface, Enhanced Packet Blocks with microsecond timestamps (the
//! interface's default `if_tsresol`), written little-endian on every target so the same run
//! gives the same file natively and in WebAssembly.

use super::bytes::len_u32;
use super::pcap::LinkType;

const SHB: u32 = 0x0A0D_0D0A;
const IDB: u32 = 0x0000_0001;
const EPB: u32 = 0x0000_0006;
const BYTE_ORDER_MAGIC: u32 = 0x1A2B_3C4D;
/// `opt_comment`: UTF-8 text, valid in every block.
const OPT_COMMENT: u16 = 1;
const OPT_END: u16 = 0;
const SNAPLEN: u32 = 65_535;
/// An option value is at most this long (its length field is 16 bits); longer comments
/// are cut at a character boundary.
const MAX_OPTION: usize = 60_000;

/// An in-memory pcapng file: the section and interface headers, then one block per
/// [`PcapngWriter::push`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PcapngWriter {
    bytes: Vec<u8>,
}

impl PcapngWriter {
    /// A file whose packets are of `link_type`, with `comment` on its section (what made
    /// the file, and what its packet comments mean).
    pub fn new(link_type: LinkType, comment: Option<&str>) -> Self {
        let mut w = PcapngWriter { bytes: Vec::new() };
        let mut body = Vec::new();
        body.extend_from_slice(&BYTE_ORDER_MAGIC.to_le_bytes());
        body.extend_from_slice(&1u16.to_le_bytes()); // major version
        body.extend_from_slice(&0u16.to_le_bytes()); // minor version
        body.extend_from_slice(&(-1i64).to_le_bytes()); // section length: not given
        options(&mut body, comment);
        w.block(SHB, &body);
        let mut body = Vec::new();
        // LinkType numbers are below 2^16 in the registry; the field is 16 bits here.
        body.extend_from_slice(&(link_type.number() as u16).to_le_bytes());
        body.extend_from_slice(&0u16.to_le_bytes()); // reserved
        body.extend_from_slice(&SNAPLEN.to_le_bytes());
        w.block(IDB, &body);
        w
    }

    /// Appends one packet seen at virtual time `timestamp_micros`, with an optional
    /// comment. A packet longer than the snaplen is cut, its true length kept.
    pub fn push(&mut self, timestamp_micros: u64, packet: &[u8], comment: Option<&str>) {
        let captured = packet.get(..SNAPLEN as usize).unwrap_or(packet);
        let mut body = Vec::with_capacity(20 + captured.len() + 8);
        body.extend_from_slice(&0u32.to_le_bytes()); // interface 0
        body.extend_from_slice(&((timestamp_micros >> 32) as u32).to_le_bytes());
        body.extend_from_slice(&(timestamp_micros as u32).to_le_bytes());
        body.extend_from_slice(&len_u32(captured.len()).to_le_bytes());
        body.extend_from_slice(&len_u32(packet.len()).to_le_bytes());
        body.extend_from_slice(captured);
        pad(&mut body);
        options(&mut body, comment);
        self.block(EPB, &body);
    }

    /// A block: type, total length, body (already padded to 32 bits), total length again.
    fn block(&mut self, kind: u32, body: &[u8]) {
        let total = len_u32(body.len() + 12);
        self.bytes.extend_from_slice(&kind.to_le_bytes());
        self.bytes.extend_from_slice(&total.to_le_bytes());
        self.bytes.extend_from_slice(body);
        self.bytes.extend_from_slice(&total.to_le_bytes());
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// Pads to a multiple of 4 bytes with zeros, as every block body and option value is.
fn pad(out: &mut Vec<u8>) {
    while out.len() % 4 != 0 {
        out.push(0);
    }
}

/// The options list: a comment if there is one, then `opt_endofopt`; nothing at all
/// without a comment (options are optional).
fn options(out: &mut Vec<u8>, comment: Option<&str>) {
    let Some(text) = comment.filter(|c| !c.is_empty()) else {
        return;
    };
    let mut cut = text.len().min(MAX_OPTION);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let value = &text.as_bytes()[..cut];
    out.extend_from_slice(&OPT_COMMENT.to_le_bytes());
    // Below MAX_OPTION, so it fits in 16 bits.
    out.extend_from_slice(&(value.len() as u16).to_le_bytes());
    out.extend_from_slice(value);
    pad(out);
    out.extend_from_slice(&OPT_END.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn u32_at(b: &[u8], at: usize) -> u32 {
        u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
    }

    /// Walks the blocks: each total length is a multiple of 4 and repeated at its end.
    fn blocks(b: &[u8]) -> Vec<(u32, Vec<u8>)> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < b.len() {
            let (kind, total) = (u32_at(b, at), u32_at(b, at + 4) as usize);
            assert_eq!(total % 4, 0, "block at {at} not padded");
            assert_eq!(u32_at(b, at + total - 4) as usize, total, "trailer at {at}");
            out.push((kind, b[at + 8..at + total - 4].to_vec()));
            at += total;
        }
        assert_eq!(at, b.len());
        out
    }

    #[test]
    fn section_interface_and_packets_are_well_formed_blocks() {
        let mut w = PcapngWriter::new(LinkType::Raw, Some("made by a test"));
        w.push(1_500_000, &[0x45, 1, 2], None);
        w.push((1 << 32) + 7, &[9; 8], Some("dropped"));
        let b = blocks(w.as_bytes());
        let kinds: Vec<u32> = b.iter().map(|(k, _)| *k).collect();
        assert_eq!(kinds, [SHB, IDB, EPB, EPB]);
        assert_eq!(u32_at(&b[0].1, 0), BYTE_ORDER_MAGIC);
        assert_eq!(&b[0].1[16..20], &[1, 0, 14, 0], "comment option, 14 bytes");
        assert_eq!(&b[1].1[..2], &[101, 0], "LINKTYPE_RAW");
        // First packet: no options, 3 bytes padded to 4.
        let p = &b[2].1;
        assert_eq!((u32_at(p, 4), u32_at(p, 8)), (0, 1_500_000));
        assert_eq!((u32_at(p, 12), u32_at(p, 16)), (3, 3));
        assert_eq!(p.len(), 20 + 4);
        // Second: the high word of the timestamp, then the comment and the end of options.
        let p = &b[3].1;
        assert_eq!((u32_at(p, 4), u32_at(p, 8)), (1, 7));
        assert_eq!(&p[28..32], &[1, 0, 7, 0]);
        assert_eq!(&p[32..39], b"dropped");
        assert_eq!(&p[40..44], &[0, 0, 0, 0]);
    }

    #[test]
    fn a_long_korean_comment_is_cut_on_a_character() {
        let long = "가".repeat(30_000);
        let mut w = PcapngWriter::new(LinkType::Ethernet, None);
        w.push(0, &[], Some(&long));
        let b = blocks(w.as_bytes());
        let p = &b[2].1;
        let len = u16::from_le_bytes([p[22], p[23]]) as usize;
        assert!(len <= MAX_OPTION && len % 3 == 0, "{len}");
        assert!(std::str::from_utf8(&p[24..24 + len]).is_ok());
    }
}
