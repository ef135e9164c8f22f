//! Ethernet II frames (RFC 894): destination MAC, source MAC, EtherType, then the payload.
//!
//! The link layer under IPv4 and ARP. The simulator writes no preamble, no frame check
//! sequence and no padding to the 60-byte minimum: a capture on the sending host (what
//! tcpdump and Wireshark show there) does not contain them either.

use std::fmt;
use std::str::FromStr;

use super::bytes::{array_in, put, u16_in};
use super::error::WireError;

/// Where each Ethernet II header field lives (RFC 894), for the parser, the emitter and
/// the dissector alike.
pub(crate) mod field {
    use crate::wire::bytes::Field;

    pub const DESTINATION: Field = 0..6;
    pub const SOURCE: Field = 6..12;
    pub const ETHERTYPE: Field = 12..14;
    /// Where the payload (an IPv4 datagram or an ARP packet) starts.
    pub const PAYLOAD: usize = 14;
}

/// A 48-bit IEEE 802 MAC address.
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
pub struct MacAddr(pub [u8; 6]);

impl MacAddr {
    /// ff:ff:ff:ff:ff:ff, where an ARP request is sent (RFC 826, "Packet Generation").
    pub const BROADCAST: MacAddr = MacAddr([0xFF; 6]);
    /// 00:00:00:00:00:00, the "unknown" target hardware address of an ARP request.
    pub const UNSPECIFIED: MacAddr = MacAddr([0; 6]);

    /// The address of interface `interface` of simulated host `host`:
    /// `02:00:<interface>:<host, low 3 bytes big-endian>`, e.g. host 1, interface 0 is
    /// 02:00:00:00:00:01 and its eth1 is 02:00:01:00:00:01.
    ///
    /// The first octet 0x02 sets the locally-administered bit and clears the group bit
    /// (IEEE 802 §8.2), so the address is unicast and can never collide with a vendor's;
    /// deriving it from the numbers keeps every run's frames identical. The second octet
    /// stays 0: Wireshark reads 02:01-02:20 as Microsoft NLB cluster addresses. Hosts
    /// past 2^24 would share addresses; no world comes near that many.
    pub fn local(host: u32, interface: u8) -> MacAddr {
        let h = host.to_be_bytes();
        MacAddr([0x02, 0x00, interface, h[1], h[2], h[3]])
    }

    pub fn octets(self) -> [u8; 6] {
        self.0
    }

    pub fn is_broadcast(self) -> bool {
        self == Self::BROADCAST
    }

    /// The I/G bit: the lowest bit of the first octet marks a group (multicast) address;
    /// broadcast is one too.
    pub fn is_multicast(self) -> bool {
        self.0[0] & 0x01 != 0
    }

    /// The U/L bit: set for addresses assigned locally rather than by a vendor.
    pub fn is_local(self) -> bool {
        self.0[0] & 0x02 != 0
    }
}

impl fmt::Display for MacAddr {
    /// Lowercase, colon-separated, as `ip link` prints it: aa:bb:cc:dd:ee:ff.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d, e, g] = self.0;
        write!(f, "{a:02x}:{b:02x}:{c:02x}:{d:02x}:{e:02x}:{g:02x}")
    }
}

/// Why a string is not a MAC address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MacParseError {
    /// Not six groups separated by ':' (or '-').
    WrongGroupCount { input: String, groups: usize },
    /// A group that is not exactly two hex digits.
    BadGroup { input: String, group: String },
}

impl fmt::Display for MacParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MacParseError::WrongGroupCount { input, groups } => write!(
                f,
                "'{input}' is not a MAC address: it has {groups} groups, a MAC address has 6 \
                 (like 02:00:00:00:00:01)"
            ),
            MacParseError::BadGroup { input, group } => write!(
                f,
                "'{input}' is not a MAC address: '{group}' is not two hex digits"
            ),
        }
    }
}

impl std::error::Error for MacParseError {}

impl FromStr for MacAddr {
    type Err = MacParseError;

    /// Six groups of two hex digits separated by ':' or '-' (either case).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let sep = if s.contains('-') { '-' } else { ':' };
        let groups: Vec<&str> = s.split(sep).collect();
        if groups.len() != 6 {
            return Err(MacParseError::WrongGroupCount {
                input: s.to_string(),
                groups: groups.len(),
            });
        }
        let mut out = [0u8; 6];
        for (slot, group) in out.iter_mut().zip(&groups) {
            let two_hex = group.len() == 2 && group.chars().all(|c| c.is_ascii_hexdigit());
            *slot = two_hex
                .then(|| u8::from_str_radix(group, 16).ok())
                .flatten()
                .ok_or_else(|| MacParseError::BadGroup {
                    input: s.to_string(),
                    group: (*group).to_string(),
                })?;
        }
        Ok(MacAddr(out))
    }
}

/// The EtherType: which protocol the frame carries (IEEE "EtherType" registry).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum EtherType {
    /// 0x0800, RFC 894.
    Ipv4,
    /// 0x0806, RFC 826.
    Arp,
    /// Any other value, kept so it round-trips.
    Other(u16),
}

impl EtherType {
    pub fn number(self) -> u16 {
        match self {
            EtherType::Ipv4 => 0x0800,
            EtherType::Arp => 0x0806,
            EtherType::Other(n) => n,
        }
    }
}

impl From<u16> for EtherType {
    fn from(n: u16) -> Self {
        match n {
            0x0800 => EtherType::Ipv4,
            0x0806 => EtherType::Arp,
            other => EtherType::Other(other),
        }
    }
}

impl fmt::Display for EtherType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EtherType::Ipv4 => f.write_str("IPv4"),
            EtherType::Arp => f.write_str("ARP"),
            EtherType::Other(n) => write!(f, "0x{n:04x}"),
        }
    }
}

/// An Ethernet II header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct EthernetRepr {
    pub dst: MacAddr,
    pub src: MacAddr,
    pub ethertype: EtherType,
}

impl EthernetRepr {
    pub const HEADER_LEN: u16 = field::PAYLOAD as u16;

    /// The 14 header bytes.
    pub fn emit_header(&self) -> [u8; field::PAYLOAD] {
        let mut h = [0u8; field::PAYLOAD];
        put(&mut h, field::DESTINATION, &self.dst.0);
        put(&mut h, field::SOURCE, &self.src.0);
        put(
            &mut h,
            field::ETHERTYPE,
            &self.ethertype.number().to_be_bytes(),
        );
        h
    }

    /// The whole frame: header then `payload`.
    pub fn emit(&self, payload: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(field::PAYLOAD + payload.len());
        out.extend_from_slice(&self.emit_header());
        out.extend_from_slice(payload);
        out
    }

    /// The header and the payload after it. Values below 0x0600 are IEEE 802.3 lengths,
    /// not EtherTypes (IEEE 802.3 §3.2.6); they come back as [`EtherType::Other`] for the
    /// caller to drop, since the simulator speaks only Ethernet II.
    pub fn parse(frame: &[u8]) -> Result<(EthernetRepr, &[u8]), WireError> {
        let t = WireError::Truncated;
        let repr = EthernetRepr {
            dst: MacAddr(array_in(frame, field::DESTINATION).ok_or(t)?),
            src: MacAddr(array_in(frame, field::SOURCE).ok_or(t)?),
            ethertype: EtherType::from(u16_in(frame, field::ETHERTYPE).ok_or(t)?),
        };
        Ok((repr, frame.get(field::PAYLOAD..).unwrap_or(&[])))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn mac_display_and_parse() {
        let m = MacAddr([0xaa, 0xbb, 0xcc, 0x0d, 0xee, 0x0f]);
        assert_eq!(m.to_string(), "aa:bb:cc:0d:ee:0f");
        assert_eq!("aa:bb:cc:0d:ee:0f".parse::<MacAddr>(), Ok(m));
        assert_eq!("AA-BB-CC-0D-EE-0F".parse::<MacAddr>(), Ok(m));
        assert_eq!(MacAddr::BROADCAST.to_string(), "ff:ff:ff:ff:ff:ff");
    }

    #[test]
    fn mac_parse_errors_say_what_is_wrong() {
        let e = "aa:bb:cc".parse::<MacAddr>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "'aa:bb:cc' is not a MAC address: it has 3 groups, a MAC address has 6 \
             (like 02:00:00:00:00:01)"
        );
        let e = "aa:bb:cc:dd:ee:fg".parse::<MacAddr>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "'aa:bb:cc:dd:ee:fg' is not a MAC address: 'fg' is not two hex digits"
        );
        assert!("a:bb:cc:dd:ee:ff".parse::<MacAddr>().is_err());
        assert!("+a:bb:cc:dd:ee:ff".parse::<MacAddr>().is_err());
        assert!("".parse::<MacAddr>().is_err());
    }

    #[test]
    fn local_macs_are_unicast_locally_administered_and_distinct() {
        let m = MacAddr::local(1, 0);
        assert_eq!(m.to_string(), "02:00:00:00:00:01");
        assert_eq!(
            MacAddr::local(0x0102_0304, 7).to_string(),
            "02:00:07:02:03:04"
        );
        assert!(m.is_local() && !m.is_multicast() && !m.is_broadcast());
        assert_ne!(MacAddr::local(1, 1), MacAddr::local(1, 0));
        assert_ne!(MacAddr::local(2, 0), MacAddr::local(1, 0));
        assert!(MacAddr::BROADCAST.is_broadcast() && MacAddr::BROADCAST.is_multicast());
    }

    #[test]
    fn ethertypes_round_trip() {
        for n in [0u16, 0x05DC, 0x0800, 0x0806, 0x86DD, u16::MAX] {
            assert_eq!(EtherType::from(n).number(), n);
        }
        assert_eq!(EtherType::Ipv4.to_string(), "IPv4");
        assert_eq!(EtherType::Other(0x86dd).to_string(), "0x86dd");
    }

    #[test]
    fn header_layout_and_round_trip() {
        let e = EthernetRepr {
            dst: MacAddr::BROADCAST,
            src: MacAddr::local(1, 0),
            ethertype: EtherType::Arp,
        };
        let frame = e.emit(&[1, 2, 3]);
        assert_eq!(
            frame,
            [255, 255, 255, 255, 255, 255, 2, 0, 0, 0, 0, 1, 0x08, 0x06, 1, 2, 3]
        );
        assert_eq!(EthernetRepr::parse(&frame), Ok((e, &[1u8, 2, 3][..])));
        assert_eq!(EthernetRepr::parse(&frame[..13]), Err(WireError::Truncated));
        assert_eq!(EthernetRepr::parse(&frame[..14]), Ok((e, &[][..])));
    }
}
