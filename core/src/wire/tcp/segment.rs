//! A whole TCP segment: the fixed header (RFC 9293 §3.1), options and payload.

use std::net::Ipv4Addr;

use super::flags::TcpFlags;
use super::options::TcpOptions;
use super::seq_number::SeqNumber;
use crate::wire::bytes::{get, len_u16, put, u16_in, u32_in, u8_in};
use crate::wire::checksum::{internet_checksum, pseudo_header};
use crate::wire::error::WireError;
use crate::wire::ipv4::{IpProtocol, Ipv4Repr};

/// A TCP segment as the simulator's connections produce and consume it.
///
/// Data Offset and Checksum are absent because emit derives them; the 4 reserved bits
/// (RFC 9293 §3.1, "Rsrvd") are sent as zero and ignored on receipt.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct TcpRepr {
    pub src_port: u16,
    pub dst_port: u16,
    /// Sequence Number: of the first data octet, or the ISN when SYN is set.
    pub seq: SeqNumber,
    /// Acknowledgment Number: significant only when ACK is set.
    pub ack: SeqNumber,
    pub flags: TcpFlags,
    /// Window, unscaled as carried on the wire (RFC 7323 §2.2 scales it on use).
    pub window: u16,
    /// Urgent Pointer: significant only when URG is set.
    pub urgent: u16,
    pub options: TcpOptions,
    pub payload: Vec<u8>,
}

/// Where each TCP header field lives (RFC 9293 §3.1), for the parser, the emitter and the
/// dissector alike.
pub(crate) mod field {
    use crate::wire::bytes::Field;

    pub const SRC_PORT: Field = 0..2;
    pub const DST_PORT: Field = 2..4;
    pub const SEQ_NUM: Field = 4..8;
    pub const ACK_NUM: Field = 8..12;
    /// Data Offset in the high nibble (header length in 32-bit words), 4 reserved bits.
    pub const DATA_OFFSET: Field = 12..13;
    /// Control Bits: CWR, ECE, URG, ACK, PSH, RST, SYN, FIN.
    pub const FLAGS: Field = 13..14;
    pub const WINDOW: Field = 14..16;
    pub const CHECKSUM: Field = 16..18;
    pub const URGENT: Field = 18..20;
    /// Where options start, and so the length of the fixed header (Data Offset 5).
    pub const OPTIONS: usize = 20;
}

const FIXED_HEADER_LEN: usize = field::OPTIONS;

impl TcpRepr {
    /// Sequence space the segment occupies, SEG.LEN in RFC 9293 §3.4: data octets plus one
    /// for SYN and one for FIN, since each of those is acknowledged like a byte.
    pub fn segment_len(&self) -> u32 {
        let payload = u32::try_from(self.payload.len()).unwrap_or(u32::MAX);
        payload
            .saturating_add(u32::from(self.flags.contains(TcpFlags::SYN)))
            .saturating_add(u32::from(self.flags.contains(TcpFlags::FIN)))
    }

    /// Header bytes including options: Data Offset × 4.
    pub fn header_len(&self) -> u16 {
        FIXED_HEADER_LEN as u16 + self.options.encoded_len()
    }

    /// The segment bytes with the checksum computed over the pseudo-header for `src` and
    /// `dst` (RFC 9293 §3.1, "Checksum").
    ///
    /// Payload beyond what one IPv4 datagram can carry is cut off, so the result is always
    /// a valid segment; the simulator's MSS keeps real payloads far below that.
    pub fn emit(&self, src: Ipv4Addr, dst: Ipv4Addr) -> Vec<u8> {
        let mut out = Vec::new();
        self.emit_into(src, dst, &mut out);
        out
    }

    /// Appends the segment to `out`, checksum included: an IPv4 datagram is emitted into
    /// one buffer, header space first, rather than copied from a segment's own.
    pub fn emit_into(&self, src: Ipv4Addr, dst: Ipv4Addr, out: &mut Vec<u8>) {
        let header_len = self.header_len();
        let max_payload = usize::from(Ipv4Repr::MAX_PAYLOAD - header_len);
        let payload = self.payload.get(..max_payload).unwrap_or(&self.payload);
        let start = out.len();
        out.reserve(usize::from(header_len) + payload.len());
        out.resize(start + FIXED_HEADER_LEN, 0);
        let h = &mut out[start..];
        put(h, field::SRC_PORT, &self.src_port.to_be_bytes());
        put(h, field::DST_PORT, &self.dst_port.to_be_bytes());
        put(h, field::SEQ_NUM, &self.seq.0.to_be_bytes());
        put(h, field::ACK_NUM, &self.ack.0.to_be_bytes());
        // Data Offset in the high nibble, reserved bits zero.
        put(h, field::DATA_OFFSET, &[((header_len / 4) as u8) << 4]);
        put(h, field::FLAGS, &[self.flags.0]);
        put(h, field::WINDOW, &self.window.to_be_bytes());
        // Checksum stays zero until it is computed below.
        put(h, field::URGENT, &self.urgent.to_be_bytes());
        out.extend_from_slice(&self.options.emit());
        out.extend_from_slice(payload);
        let segment = &out[start..];
        let pseudo = pseudo_header(src, dst, IpProtocol::Tcp.number(), len_u16(segment.len()));
        let sum = internet_checksum(&[&pseudo, segment]).to_be_bytes();
        put(&mut out[start..], field::CHECKSUM, &sum);
    }

    /// Parses a segment, verifying its checksum against the pseudo-header for `src` and
    /// `dst` before believing any field.
    pub fn parse(segment: &[u8], src: Ipv4Addr, dst: Ipv4Addr) -> Result<TcpRepr, WireError> {
        if segment.len() < FIXED_HEADER_LEN {
            return Err(WireError::Truncated);
        }
        let tcp_len = u16::try_from(segment.len()).map_err(|_| WireError::BadLength)?;
        let pseudo = pseudo_header(src, dst, IpProtocol::Tcp.number(), tcp_len);
        if internet_checksum(&[&pseudo, segment]) != 0 {
            return Err(WireError::BadTcpChecksum);
        }
        let truncated = WireError::Truncated;
        let offset_byte = u8_in(segment, field::DATA_OFFSET).ok_or(truncated)?;
        let header_len = usize::from(offset_byte >> 4) * 4;
        if header_len < FIXED_HEADER_LEN {
            return Err(WireError::BadHeaderLength);
        }
        let options_area = get(segment, FIXED_HEADER_LEN..header_len).ok_or(truncated)?;
        let payload = segment.get(header_len..).ok_or(truncated)?;
        Ok(TcpRepr {
            src_port: u16_in(segment, field::SRC_PORT).ok_or(truncated)?,
            dst_port: u16_in(segment, field::DST_PORT).ok_or(truncated)?,
            seq: SeqNumber(u32_in(segment, field::SEQ_NUM).ok_or(truncated)?),
            ack: SeqNumber(u32_in(segment, field::ACK_NUM).ok_or(truncated)?),
            flags: TcpFlags(u8_in(segment, field::FLAGS).ok_or(truncated)?),
            window: u16_in(segment, field::WINDOW).ok_or(truncated)?,
            urgent: u16_in(segment, field::URGENT).ok_or(truncated)?,
            options: TcpOptions::parse(options_area)?,
            payload: payload.to_vec(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const A: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 2);
    const B: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 1);

    fn syn() -> TcpRepr {
        TcpRepr {
            src_port: 49152,
            dst_port: 80,
            seq: SeqNumber(1000),
            flags: TcpFlags::SYN,
            window: 65535,
            options: TcpOptions {
                mss: Some(1460),
                ..TcpOptions::default()
            },
            ..TcpRepr::default()
        }
    }

    #[test]
    fn segment_len_counts_syn_and_fin() {
        let mut r = syn();
        assert_eq!(r.segment_len(), 1);
        r.flags = TcpFlags::FIN | TcpFlags::ACK;
        r.payload = b"bye".to_vec();
        assert_eq!(r.segment_len(), 4);
        r.flags = TcpFlags::ACK;
        assert_eq!(r.segment_len(), 3);
        r.flags = TcpFlags::SYN | TcpFlags::FIN;
        r.payload.clear();
        assert_eq!(r.segment_len(), 2);
    }

    #[test]
    fn header_len_includes_options() {
        let mut r = syn();
        assert_eq!(r.header_len(), 24);
        r.options = TcpOptions::default();
        assert_eq!(r.header_len(), 20);
        assert_eq!(r.emit(A, B).len(), 20);
    }

    #[test]
    fn round_trip_and_checksum_zero_sum() {
        let mut r = syn();
        r.payload = b"hello".to_vec();
        let bytes = r.emit(A, B);
        assert_eq!(bytes.len(), 24 + 5);
        assert_eq!(bytes[12], 6 << 4);
        let pseudo = pseudo_header(A, B, 6, bytes.len() as u16);
        assert_eq!(internet_checksum(&[&pseudo, &bytes]), 0);
        assert_eq!(TcpRepr::parse(&bytes, A, B).unwrap(), r);
    }

    #[test]
    fn checksum_covers_the_addresses() {
        let bytes = syn().emit(A, B);
        assert_eq!(
            TcpRepr::parse(&bytes, B, A).map(|_| ()),
            Ok(()),
            "swapping src and dst keeps the one's-complement sum"
        );
        assert_eq!(
            TcpRepr::parse(&bytes, A, Ipv4Addr::new(10, 0, 0, 3)),
            Err(WireError::BadTcpChecksum)
        );
    }

    #[test]
    fn bad_data_offsets() {
        let fix = |mut b: Vec<u8>| {
            b[16] = 0;
            b[17] = 0;
            let pseudo = pseudo_header(A, B, 6, b.len() as u16);
            let sum = internet_checksum(&[&pseudo, &b]).to_be_bytes();
            b[16] = sum[0];
            b[17] = sum[1];
            b
        };
        let mut small = syn().emit(A, B);
        small[12] = 4 << 4;
        assert_eq!(
            TcpRepr::parse(&fix(small), A, B),
            Err(WireError::BadHeaderLength)
        );
        let mut big = syn().emit(A, B);
        big[12] = 7 << 4;
        assert_eq!(TcpRepr::parse(&fix(big), A, B), Err(WireError::Truncated));
        assert_eq!(TcpRepr::parse(&[0; 19], A, B), Err(WireError::Truncated));
    }

    #[test]
    fn oversized_payload_is_cut_to_fit_a_datagram() {
        let mut r = syn();
        r.payload = vec![7; 70_000];
        let bytes = r.emit(A, B);
        assert_eq!(bytes.len(), usize::from(Ipv4Repr::MAX_PAYLOAD));
        let parsed = TcpRepr::parse(&bytes, A, B).unwrap();
        assert_eq!(parsed.payload.len(), 65535 - 20 - 24);
    }
}
