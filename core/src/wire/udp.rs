//! UDP datagrams (RFC 768).

use std::net::Ipv4Addr;

use super::bytes::{len_u16, put, u16_in};
use super::checksum::{internet_checksum, pseudo_header};
use super::error::WireError;
use super::ipv4::{IpProtocol, Ipv4Repr};

/// A UDP datagram. Length and Checksum are absent because emit derives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct UdpRepr {
    /// Source Port; 0 means "no reply expected" (RFC 768).
    pub src_port: u16,
    pub dst_port: u16,
    pub payload: Vec<u8>,
}

/// Where each UDP header field lives (RFC 768), for the parser, the emitter and the
/// dissector alike.
pub(crate) mod field {
    use crate::wire::bytes::Field;

    pub const SRC_PORT: Field = 0..2;
    pub const DST_PORT: Field = 2..4;
    /// Length: header plus data, in bytes.
    pub const LENGTH: Field = 4..6;
    pub const CHECKSUM: Field = 6..8;
    /// Where data starts: the header is always 8 bytes.
    pub const PAYLOAD: usize = 8;
}

const HEADER_LEN: usize = field::PAYLOAD;

impl UdpRepr {
    pub const HEADER_LEN: u16 = HEADER_LEN as u16;

    /// The datagram bytes with the checksum always computed.
    ///
    /// RFC 768 lets a sender skip the checksum by sending 0; the simulator always sends
    /// one, and a computed 0 goes out as 0xFFFF (its one's-complement twin) so it is not
    /// mistaken for "none". Payload that would not fit one IPv4 datagram is cut off.
    pub fn emit(&self, src: Ipv4Addr, dst: Ipv4Addr) -> Vec<u8> {
        let max_payload = usize::from(Ipv4Repr::MAX_PAYLOAD - Self::HEADER_LEN);
        let payload = self.payload.get(..max_payload).unwrap_or(&self.payload);
        let len = len_u16(HEADER_LEN + payload.len());
        let mut out = Vec::with_capacity(usize::from(len));
        out.resize(HEADER_LEN, 0);
        put(&mut out, field::SRC_PORT, &self.src_port.to_be_bytes());
        put(&mut out, field::DST_PORT, &self.dst_port.to_be_bytes());
        put(&mut out, field::LENGTH, &len.to_be_bytes());
        // Checksum stays zero until it is computed below.
        out.extend_from_slice(payload);
        let pseudo = pseudo_header(src, dst, IpProtocol::Udp.number(), len);
        let sum = match internet_checksum(&[&pseudo, &out]) {
            0 => 0xFFFF,
            sum => sum,
        };
        put(&mut out, field::CHECKSUM, &sum.to_be_bytes());
        out
    }

    /// Parses `datagram` (exactly the IPv4 payload), verifying the checksum unless the
    /// sender sent 0 for "no checksum" (RFC 768).
    ///
    /// The UDP Length must equal the bytes IPv4 delivered: a mismatch means one of the two
    /// length fields is wrong, and the simulator's own stacks never pad.
    pub fn parse(datagram: &[u8], src: Ipv4Addr, dst: Ipv4Addr) -> Result<UdpRepr, WireError> {
        let truncated = WireError::Truncated;
        if datagram.len() < HEADER_LEN {
            return Err(truncated);
        }
        let len = u16_in(datagram, field::LENGTH).ok_or(truncated)?;
        if usize::from(len) != datagram.len() {
            return Err(WireError::BadLength);
        }
        let checksum = u16_in(datagram, field::CHECKSUM).ok_or(truncated)?;
        if checksum != 0 {
            let pseudo = pseudo_header(src, dst, IpProtocol::Udp.number(), len);
            if internet_checksum(&[&pseudo, datagram]) != 0 {
                return Err(WireError::BadUdpChecksum);
            }
        }
        Ok(UdpRepr {
            src_port: u16_in(datagram, field::SRC_PORT).ok_or(truncated)?,
            dst_port: u16_in(datagram, field::DST_PORT).ok_or(truncated)?,
            payload: datagram.get(HEADER_LEN..).unwrap_or(&[]).to_vec(),
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

    fn repr() -> UdpRepr {
        UdpRepr {
            src_port: 5353,
            dst_port: 53,
            payload: b"hello".to_vec(),
        }
    }

    #[test]
    fn round_trip() {
        let bytes = repr().emit(A, B);
        assert_eq!(bytes.len(), 13);
        assert_eq!(&bytes[4..6], &[0, 13]);
        assert_eq!(UdpRepr::parse(&bytes, A, B).unwrap(), repr());
    }

    #[test]
    fn zero_checksum_means_none() {
        let mut bytes = repr().emit(A, B);
        bytes[6] = 0;
        bytes[7] = 0;
        bytes[8] ^= 0xFF; // Corrupt data goes unnoticed without a checksum.
        assert!(UdpRepr::parse(&bytes, A, B).is_ok());
    }

    #[test]
    fn computed_zero_is_sent_as_all_ones() {
        // Choose the last two payload bytes so the checksum comes out 0: the sum of
        // everything else must be complemented into them.
        let mut r = repr();
        r.payload = vec![1, 2, 3, 4, 0, 0];
        let bytes = r.emit(A, B);
        let sum = u16::from_be_bytes([bytes[6], bytes[7]]);
        // Putting the checksum value into the payload slot instead makes the total sum
        // all-ones, i.e. a computed checksum of 0.
        let pb = sum.to_be_bytes();
        r.payload[4] = pb[0];
        r.payload[5] = pb[1];
        let bytes = r.emit(A, B);
        assert_eq!(&bytes[6..8], &[0xFF, 0xFF]);
        assert_eq!(UdpRepr::parse(&bytes, A, B).unwrap(), r);
    }

    #[test]
    fn length_must_match() {
        let mut bytes = repr().emit(A, B);
        bytes.push(0);
        assert_eq!(UdpRepr::parse(&bytes, A, B), Err(WireError::BadLength));
        assert_eq!(UdpRepr::parse(&bytes[..7], A, B), Err(WireError::Truncated));
    }

    #[test]
    fn corruption_is_detected() {
        let mut bytes = repr().emit(A, B);
        bytes[9] ^= 0x10;
        assert_eq!(UdpRepr::parse(&bytes, A, B), Err(WireError::BadUdpChecksum));
    }
}
