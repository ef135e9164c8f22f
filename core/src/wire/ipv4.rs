//! The IPv4 header (RFC 791 §3.1) as the simulator sends and receives it.
//!
//! The simulator never fragments and never sets options, so the representation keeps only
//! the fields that change behaviour; everything else is emitted as the RFC's default and
//! ignored (but checksum-verified) on receipt.

use std::fmt;
use std::net::Ipv4Addr;

use super::bytes::{array_in, put, u16_in, u8_in};
use super::checksum::{checksum_update, internet_checksum};
use super::error::WireError;

/// The upper-layer protocol named by the IPv4 Protocol field (RFC 791 §3.1; numbers from
/// the IANA "Assigned Internet Protocol Numbers" registry).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum IpProtocol {
    /// 1, RFC 792.
    Icmp,
    /// 6, RFC 9293.
    Tcp,
    /// 17, RFC 768.
    Udp,
    /// Any other number, kept so an unknown protocol still round-trips.
    Other(u8),
}

impl IpProtocol {
    pub fn number(self) -> u8 {
        match self {
            IpProtocol::Icmp => 1,
            IpProtocol::Tcp => 6,
            IpProtocol::Udp => 17,
            IpProtocol::Other(n) => n,
        }
    }
}

impl From<u8> for IpProtocol {
    fn from(n: u8) -> Self {
        match n {
            1 => IpProtocol::Icmp,
            6 => IpProtocol::Tcp,
            17 => IpProtocol::Udp,
            other => IpProtocol::Other(other),
        }
    }
}

impl From<IpProtocol> for u8 {
    fn from(p: IpProtocol) -> u8 {
        p.number()
    }
}

impl fmt::Display for IpProtocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IpProtocol::Icmp => f.write_str("ICMP"),
            IpProtocol::Tcp => f.write_str("TCP"),
            IpProtocol::Udp => f.write_str("UDP"),
            IpProtocol::Other(n) => write!(f, "proto {n}"),
        }
    }
}

/// The IPv4 header fields the simulator cares about.
///
/// Total Length and Header Checksum are absent because they are derived from the payload
/// and the other fields at emit time; keeping them here would let them disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Ipv4Repr {
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
    pub protocol: IpProtocol,
    /// Time to Live: decremented by each router, which drops the datagram at zero and
    /// reports it with ICMP Time Exceeded (RFC 791 §3.2, RFC 792).
    pub ttl: u8,
    /// Identification: only meaningful for reassembly, but visible in traces.
    pub ident: u16,
    /// The DF flag: a router that would have to fragment drops the datagram instead and
    /// answers with ICMP Fragmentation Needed (RFC 791 §3.1 "Flags", RFC 1191).
    pub dont_fragment: bool,
    /// The ECN field, the low two bits of the old Type of Service byte (RFC 3168 §5).
    /// Left out of JSON when Not-ECT, so runs without ECN serialize as before.
    #[serde(default, skip_serializing_if = "Ecn::is_not_ect")]
    pub ecn: Ecn,
}

/// The ECN codepoint of an IP header (RFC 3168 §5): a sender that negotiated ECN marks
/// its data ECT(0); a router whose queue is building sets CE instead of dropping.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Ecn {
    /// 00: the transport does not do ECN.
    #[default]
    NotEct,
    /// 01: ECN-Capable Transport (1).
    Ect1,
    /// 10: ECN-Capable Transport (0), what TCP sends (RFC 3168 §6.1.1).
    Ect0,
    /// 11: Congestion Experienced, set by a router.
    Ce,
}

impl Ecn {
    pub fn is_not_ect(&self) -> bool {
        *self == Ecn::NotEct
    }

    /// The two bits, as they sit in the header.
    pub fn bits(self) -> u8 {
        match self {
            Ecn::NotEct => 0b00,
            Ecn::Ect1 => 0b01,
            Ecn::Ect0 => 0b10,
            Ecn::Ce => 0b11,
        }
    }

    pub fn from_bits(bits: u8) -> Ecn {
        match bits & 0b11 {
            0b00 => Ecn::NotEct,
            0b01 => Ecn::Ect1,
            0b10 => Ecn::Ect0,
            _ => Ecn::Ce,
        }
    }

    /// The name Wireshark gives the codepoint.
    pub fn name(self) -> &'static str {
        match self {
            Ecn::NotEct => "Not-ECT",
            Ecn::Ect1 => "ECT(1)",
            Ecn::Ect0 => "ECT(0)",
            Ecn::Ce => "CE",
        }
    }
}

/// Where each IPv4 header field lives (RFC 791 §3.1), for the parser, the emitter and the
/// dissector alike.
pub(crate) mod field {
    use crate::wire::bytes::Field;

    /// Version (high nibble) and IHL (low nibble, in 32-bit words).
    pub const VER_IHL: Field = 0..1;
    /// Type of Service (DSCP and ECN today).
    pub const TOS: Field = 1..2;
    /// Total Length: header plus payload, in bytes.
    pub const LENGTH: Field = 2..4;
    pub const IDENT: Field = 4..6;
    /// Flags (3 bits) and Fragment Offset (13 bits), one word.
    pub const FLAGS_FRAG: Field = 6..8;
    pub const TTL: Field = 8..9;
    pub const PROTOCOL: Field = 9..10;
    pub const CHECKSUM: Field = 10..12;
    pub const SRC_ADDR: Field = 12..16;
    pub const DST_ADDR: Field = 16..20;
    /// Where options start, and so the length of a header without them (IHL 5).
    pub const OPTIONS: usize = 20;

    /// Flags/Fragment Offset word: bit 0 is reserved, bit 1 is DF, bit 2 is MF, the low
    /// 13 bits are the offset in 8-byte units.
    pub const FLAG_RESERVED: u16 = 0x8000;
    pub const FLAG_DF: u16 = 0x4000;
    pub const FLAG_MF: u16 = 0x2000;
    pub const FRAG_OFFSET_MASK: u16 = 0x1FFF;
}

use field::{FLAG_DF, FLAG_MF, FRAG_OFFSET_MASK};

impl Ipv4Repr {
    /// Bytes in the header this repr emits: IHL 5, since no options are ever sent.
    pub const HEADER_LEN: u16 = field::OPTIONS as u16;

    /// The most payload one datagram can carry: Total Length is 16 bits (RFC 791 §3.1).
    pub const MAX_PAYLOAD: u16 = u16::MAX - Self::HEADER_LEN;

    /// The 20-byte header for a payload of `payload_len` bytes, checksum filled in.
    ///
    /// A `payload_len` above [`Self::MAX_PAYLOAD`] is clamped: Total Length cannot say more.
    pub fn emit_header(&self, payload_len: u16) -> [u8; 20] {
        let total = Self::HEADER_LEN.saturating_add(payload_len);
        let flags = if self.dont_fragment { FLAG_DF } else { 0 };
        let mut h = [0u8; field::OPTIONS];
        put(&mut h, field::VER_IHL, &[0x45]); // Version 4, IHL 5 (RFC 791 §3.1).
                                              // DSCP 0 (routine) and the ECN codepoint (RFC 3168 §5).
        put(&mut h, field::TOS, &[self.ecn.bits()]);
        put(&mut h, field::LENGTH, &total.to_be_bytes());
        put(&mut h, field::IDENT, &self.ident.to_be_bytes());
        put(&mut h, field::FLAGS_FRAG, &flags.to_be_bytes());
        put(&mut h, field::TTL, &[self.ttl]);
        put(&mut h, field::PROTOCOL, &[self.protocol.number()]);
        put(&mut h, field::SRC_ADDR, &self.src.octets());
        put(&mut h, field::DST_ADDR, &self.dst.octets());
        // The checksum is computed over the header with its own field zero.
        let sum = internet_checksum(&[&h]);
        put(&mut h, field::CHECKSUM, &sum.to_be_bytes());
        h
    }

    /// Parses and verifies an IPv4 header, returning it and the payload that Total Length
    /// delimits.
    ///
    /// Options (IHL > 5) are skipped, not interpreted. Bytes after Total Length are ignored,
    /// as a link layer may pad short frames. The checksum is checked before Total Length is
    /// trusted, so a corrupted length reads as corruption rather than as truncation.
    pub fn parse_header(bytes: &[u8]) -> Result<(Ipv4Repr, &[u8]), WireError> {
        let first = u8_in(bytes, field::VER_IHL).ok_or(WireError::Truncated)?;
        if first >> 4 != 4 {
            return Err(WireError::BadVersion);
        }
        if bytes.len() < field::OPTIONS {
            return Err(WireError::Truncated);
        }
        // IHL counts 32-bit words; 5 is the minimum (RFC 791 §3.1, "IHL").
        let header_len = usize::from(first & 0x0F) * 4;
        if header_len < usize::from(Self::HEADER_LEN) {
            return Err(WireError::BadHeaderLength);
        }
        let header = bytes.get(..header_len).ok_or(WireError::Truncated)?;
        if internet_checksum(&[header]) != 0 {
            return Err(WireError::BadIpChecksum);
        }
        let total_len = usize::from(u16_in(bytes, field::LENGTH).ok_or(WireError::Truncated)?);
        if total_len < header_len {
            return Err(WireError::BadTotalLength);
        }
        let datagram = bytes.get(..total_len).ok_or(WireError::Truncated)?;
        let repr = Self::read_fields(header).ok_or(WireError::Truncated)?;
        let frag = u16_in(header, field::FLAGS_FRAG).ok_or(WireError::Truncated)?;
        if frag & FLAG_MF != 0 || frag & FRAG_OFFSET_MASK != 0 {
            return Err(WireError::Fragmented);
        }
        let payload = datagram.get(header_len..).unwrap_or(&[]);
        Ok((repr, payload))
    }

    /// Reads the fields of a header without verifying anything, for headers quoted inside
    /// ICMP errors, whose checksum the ICMP checksum already covers and whose Total Length
    /// describes bytes that were cut off on purpose (RFC 792).
    pub(crate) fn read_fields(header: &[u8]) -> Option<Ipv4Repr> {
        let frag = u16_in(header, field::FLAGS_FRAG)?;
        Some(Ipv4Repr {
            src: Ipv4Addr::from(array_in::<4>(header, field::SRC_ADDR)?),
            dst: Ipv4Addr::from(array_in::<4>(header, field::DST_ADDR)?),
            protocol: IpProtocol::from(u8_in(header, field::PROTOCOL)?),
            ttl: u8_in(header, field::TTL)?,
            ident: u16_in(header, field::IDENT)?,
            dont_fragment: frag & FLAG_DF != 0,
            ecn: Ecn::from_bits(u8_in(header, field::TOS)?),
        })
    }
}

/// Decrements the TTL of the datagram in `datagram` in place, as a router does before
/// forwarding it (RFC 791 §3.2, RFC 1812 §5.3.1), and updates the header checksum
/// incrementally (RFC 1624 eqn. 3, RFC 1812 §5.3.1 "MAY ... incrementally").
///
/// Returns the new TTL; `None`, with nothing changed, when the bytes are too short to hold
/// a header or the TTL is already 0. A result of 0 means the datagram must not be
/// forwarded: the router drops it and sends ICMP Time Exceeded instead.
pub fn decrement_ttl(datagram: &mut [u8]) -> Option<u8> {
    let ttl = u8_in(datagram, field::TTL)?;
    let protocol = u8_in(datagram, field::PROTOCOL)?;
    let hc = u16_in(datagram, field::CHECKSUM)?;
    let new_ttl = ttl.checked_sub(1)?;
    // TTL and Protocol share one 16-bit word of the checksum (RFC 1624 §4 uses the same).
    let old_word = u16::from_be_bytes([ttl, protocol]);
    let new_word = u16::from_be_bytes([new_ttl, protocol]);
    put(datagram, field::TTL, &[new_ttl]);
    let sum = checksum_update(hc, old_word, new_word);
    put(datagram, field::CHECKSUM, &sum.to_be_bytes());
    Some(new_ttl)
}

/// A router's congestion mark (RFC 3168 §5): an ECN-capable datagram's ECN field becomes
/// CE, the header checksum updated incrementally (RFC 1624 Eqn. 3), as `decrement_ttl`.
/// Returns whether it marked: Not-ECT datagrams are never marked (they would be dropped).
pub fn mark_ce(datagram: &mut [u8]) -> bool {
    let (Some(vihl), Some(tos), Some(hc)) = (
        u8_in(datagram, field::VER_IHL),
        u8_in(datagram, field::TOS),
        u16_in(datagram, field::CHECKSUM),
    ) else {
        return false;
    };
    if matches!(Ecn::from_bits(tos), Ecn::NotEct | Ecn::Ce) {
        return false;
    }
    let new_tos = tos | Ecn::Ce.bits();
    put(datagram, field::TOS, &[new_tos]);
    let sum = checksum_update(
        hc,
        u16::from_be_bytes([vihl, tos]),
        u16::from_be_bytes([vihl, new_tos]),
    );
    put(datagram, field::CHECKSUM, &sum.to_be_bytes());
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn repr() -> Ipv4Repr {
        Ipv4Repr {
            src: Ipv4Addr::new(192, 168, 0, 1),
            dst: Ipv4Addr::new(192, 168, 0, 199),
            protocol: IpProtocol::Udp,
            ttl: 64,
            ident: 0,
            dont_fragment: true,
            ecn: Ecn::NotEct,
        }
    }

    #[test]
    fn classic_checksum_vector() {
        // 45 00 00 73 00 00 40 00 40 11 b8 61 c0 a8 00 01 c0 a8 00 c7
        let h = repr().emit_header(0x73 - 20);
        assert_eq!(
            h,
            [
                0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xb8, 0x61, 0xc0, 0xa8,
                0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7
            ]
        );
    }

    #[test]
    fn protocol_numbers_round_trip() {
        for n in 0..=u8::MAX {
            let p = IpProtocol::from(n);
            assert_eq!(u8::from(p), n);
        }
        assert_eq!(IpProtocol::Tcp.to_string(), "TCP");
        assert_eq!(IpProtocol::Udp.to_string(), "UDP");
        assert_eq!(IpProtocol::Icmp.to_string(), "ICMP");
        assert_eq!(IpProtocol::Other(47).to_string(), "proto 47");
    }

    #[test]
    fn header_round_trip_with_payload_delimited() {
        let mut bytes = repr().emit_header(3).to_vec();
        bytes.extend_from_slice(&[1, 2, 3, 0xEE]); // 0xEE: link-layer padding, ignored.
        let (parsed, payload) = Ipv4Repr::parse_header(&bytes).unwrap();
        assert_eq!(parsed, repr());
        assert_eq!(payload, &[1, 2, 3]);
    }

    #[test]
    fn options_are_skipped() {
        // IHL 6 with one NOP,NOP,NOP,EOL word of options.
        let mut h = repr().emit_header(2).to_vec();
        h[0] = 0x46;
        h[3] += 4;
        h.splice(20..20, [1, 1, 1, 0]);
        h[10] = 0;
        h[11] = 0;
        let sum = internet_checksum(&[&h]).to_be_bytes();
        h[10] = sum[0];
        h[11] = sum[1];
        h.extend_from_slice(&[9, 9]);
        let (parsed, payload) = Ipv4Repr::parse_header(&h).unwrap();
        assert_eq!(parsed, repr());
        assert_eq!(payload, &[9, 9]);
    }

    fn with_checksum(mut h: [u8; 20]) -> [u8; 20] {
        h[10] = 0;
        h[11] = 0;
        let sum = internet_checksum(&[&h]).to_be_bytes();
        h[10] = sum[0];
        h[11] = sum[1];
        h
    }

    #[test]
    fn rejects_bad_headers() {
        let good = repr().emit_header(0);
        assert_eq!(Ipv4Repr::parse_header(&[]), Err(WireError::Truncated));
        assert_eq!(
            Ipv4Repr::parse_header(&good[..19]),
            Err(WireError::Truncated)
        );
        let mut v6 = good;
        v6[0] = 0x65;
        assert_eq!(Ipv4Repr::parse_header(&v6), Err(WireError::BadVersion));
        let mut short_ihl = good;
        short_ihl[0] = 0x44;
        assert_eq!(
            Ipv4Repr::parse_header(&with_checksum(short_ihl)),
            Err(WireError::BadHeaderLength)
        );
        let mut long_ihl = good;
        long_ihl[0] = 0x46;
        assert_eq!(Ipv4Repr::parse_header(&long_ihl), Err(WireError::Truncated));
        let mut small_total = good;
        small_total[3] = 19;
        assert_eq!(
            Ipv4Repr::parse_header(&with_checksum(small_total)),
            Err(WireError::BadTotalLength)
        );
        let mut big_total = good;
        big_total[3] = 21;
        assert_eq!(
            Ipv4Repr::parse_header(&with_checksum(big_total)),
            Err(WireError::Truncated)
        );
        let mut corrupt = good;
        corrupt[8] ^= 1;
        assert_eq!(
            Ipv4Repr::parse_header(&corrupt),
            Err(WireError::BadIpChecksum)
        );
    }

    #[test]
    fn rejects_fragments() {
        let good = repr().emit_header(0);
        let mut mf = good;
        mf[6] |= 0x20;
        assert_eq!(
            Ipv4Repr::parse_header(&with_checksum(mf)),
            Err(WireError::Fragmented)
        );
        let mut offset = good;
        offset[7] = 1;
        assert_eq!(
            Ipv4Repr::parse_header(&with_checksum(offset)),
            Err(WireError::Fragmented)
        );
    }

    #[test]
    fn ttl_decrement_keeps_the_checksum_valid() {
        let mut h = repr().emit_header(0);
        assert_eq!(decrement_ttl(&mut h), Some(63));
        assert_eq!(h, Ipv4Repr { ttl: 63, ..repr() }.emit_header(0));
        let mut one = Ipv4Repr { ttl: 1, ..repr() }.emit_header(0);
        assert_eq!(decrement_ttl(&mut one), Some(0));
        assert_eq!(Ipv4Repr::parse_header(&one).unwrap().0.ttl, 0);
        let mut zero = one;
        assert_eq!(decrement_ttl(&mut zero), None);
        assert_eq!(zero, one, "nothing changes at TTL 0");
        assert_eq!(decrement_ttl(&mut [0x45; 11]), None);
    }

    #[test]
    fn dont_fragment_flag() {
        let mut r = repr();
        r.dont_fragment = false;
        let h = r.emit_header(0);
        assert_eq!(h[6], 0);
        assert_eq!(Ipv4Repr::parse_header(&h).unwrap().0, r);
    }
}
