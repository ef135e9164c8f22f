//! Export of a run's datagrams as a classic libpcap file, so a learner can open the
//! simulator's traffic in Wireshark or tcpdump.
//!
//! Format: the libpcap file format (draft-ietf-opsawg-pcap), written little-endian on every
//! target so the same run produces the same file natively and in WebAssembly.

use super::bytes::len_u32;

/// Magic for microsecond timestamps; a reader sees its byte order in it.
const MAGIC: u32 = 0xa1b2_c3d4;
const VERSION_MAJOR: u16 = 2;
const VERSION_MINOR: u16 = 4;
/// Largest captured length per record; every IPv4 datagram fits.
const SNAPLEN: u32 = 65_535;
const MICROS_PER_SEC: u64 = 1_000_000;

/// What each record of a file holds (the tcpdump.org "LINK-LAYER HEADER TYPES" registry).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum LinkType {
    #[default]
    /// LINKTYPE_RAW (101): a bare IPv4 datagram, for links the simulator models without
    /// link headers.
    Raw,
    /// LINKTYPE_ETHERNET (1): an Ethernet II frame from the destination MAC on, without
    /// preamble or FCS, so ARP shows up too.
    Ethernet,
}

impl LinkType {
    pub fn number(self) -> u32 {
        match self {
            LinkType::Raw => 101,
            LinkType::Ethernet => 1,
        }
    }
}

/// An in-memory pcap file that grows one record per [`PcapWriter::push`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct PcapWriter {
    bytes: Vec<u8>,
    /// Defaults to `Raw` when absent, as in writers serialized before Ethernet existed.
    #[serde(default)]
    link_type: LinkType,
}

impl Default for PcapWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl PcapWriter {
    pub const FILE_HEADER_LEN: u32 = 24;
    pub const RECORD_HEADER_LEN: u32 = 16;

    /// A file of bare IPv4 datagrams ([`LinkType::Raw`]) holding only the global header.
    pub fn new() -> Self {
        Self::with_link_type(LinkType::Raw)
    }

    /// A file whose records are of `link_type`, holding only the global header. Every
    /// record pushed must then be of that kind: a file has one link type for all records.
    pub fn with_link_type(link_type: LinkType) -> Self {
        let mut bytes = Vec::with_capacity(Self::FILE_HEADER_LEN as usize);
        bytes.extend_from_slice(&MAGIC.to_le_bytes());
        bytes.extend_from_slice(&VERSION_MAJOR.to_le_bytes());
        bytes.extend_from_slice(&VERSION_MINOR.to_le_bytes());
        bytes.extend_from_slice(&0i32.to_le_bytes()); // thiszone: timestamps are UTC.
        bytes.extend_from_slice(&0u32.to_le_bytes()); // sigfigs: always 0 in practice.
        bytes.extend_from_slice(&SNAPLEN.to_le_bytes());
        bytes.extend_from_slice(&link_type.number().to_le_bytes());
        PcapWriter { bytes, link_type }
    }

    pub fn link_type(&self) -> LinkType {
        self.link_type
    }

    /// Appends one datagram (or frame, for [`LinkType::Ethernet`]) seen at virtual time
    /// `timestamp_micros`.
    ///
    /// Seconds saturate at `u32::MAX` (the field's limit, year 2106 of a wall clock) rather
    /// than wrap, so record order in the file stays the order of time. A datagram longer
    /// than the snaplen is cut, with its true length kept in `orig_len`.
    pub fn push(&mut self, timestamp_micros: u64, datagram: &[u8]) {
        let secs = u32::try_from(timestamp_micros / MICROS_PER_SEC).unwrap_or(u32::MAX);
        // Always below 1_000_000, so it fits.
        let micros = (timestamp_micros % MICROS_PER_SEC) as u32;
        let captured = datagram.get(..SNAPLEN as usize).unwrap_or(datagram);
        self.bytes.extend_from_slice(&secs.to_le_bytes());
        self.bytes.extend_from_slice(&micros.to_le_bytes());
        self.bytes
            .extend_from_slice(&len_u32(captured.len()).to_le_bytes());
        self.bytes
            .extend_from_slice(&len_u32(datagram.len()).to_le_bytes());
        self.bytes.extend_from_slice(captured);
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn global_header_is_exact() {
        assert_eq!(
            PcapWriter::new().as_bytes(),
            &[
                0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 101,
                0, 0, 0
            ]
        );
        assert_eq!(PcapWriter::default(), PcapWriter::new());
        assert_eq!(PcapWriter::new().link_type(), LinkType::Raw);
    }

    #[test]
    fn ethernet_files_say_linktype_1() {
        let w = PcapWriter::with_link_type(LinkType::Ethernet);
        assert_eq!(&w.as_bytes()[20..24], &[1, 0, 0, 0]);
        assert_eq!(&w.as_bytes()[..20], &PcapWriter::new().as_bytes()[..20]);
        assert_eq!(w.link_type(), LinkType::Ethernet);
    }

    #[test]
    fn record_header_splits_micros() {
        let mut w = PcapWriter::new();
        w.push(3_000_250, &[0x45, 1, 2]);
        let rec = &w.as_bytes()[24..];
        assert_eq!(
            rec,
            &[3, 0, 0, 0, 0xfa, 0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0, 0x45, 1, 2]
        );
        assert_eq!(w.into_bytes().len(), 24 + 16 + 3);
    }

    #[test]
    fn huge_times_and_sizes_do_not_wrap() {
        let mut w = PcapWriter::new();
        w.push(u64::MAX, &vec![0; 70_000]);
        let rec = &w.as_bytes()[24..40];
        assert_eq!(&rec[..4], &u32::MAX.to_le_bytes());
        assert_eq!(&rec[4..8], &((u64::MAX % 1_000_000) as u32).to_le_bytes());
        assert_eq!(&rec[8..12], &65_535u32.to_le_bytes());
        assert_eq!(&rec[12..16], &70_000u32.to_le_bytes());
        assert_eq!(w.as_bytes().len(), 24 + 16 + 65_535);
    }
}
