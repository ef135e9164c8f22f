//! Why a run of bytes was refused as a datagram.
//!
//! The variants are coarse on purpose: the simulator shows them to learners, so each maps
//! to one sentence about what went wrong on the wire rather than to a parser state.

use std::fmt;

/// A reason [`crate::wire::IpPacket::parse`], [`crate::wire::Frame::parse`] (or a
/// per-protocol parser) rejected bytes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum WireError {
    /// Fewer bytes arrived than a header or length field says must be there.
    Truncated,
    /// The IP version nibble is not 4 (RFC 791 §3.1, "Version").
    BadVersion,
    /// A header-length field (IPv4 IHL, TCP Data Offset) is below its 20-byte minimum.
    BadHeaderLength,
    /// The IPv4 Total Length is shorter than the header it must include (RFC 791 §3.1).
    BadTotalLength,
    /// The datagram is a fragment; the simulator never fragments, so it never reassembles.
    Fragmented,
    /// The IPv4 header checksum does not verify (RFC 791 §3.1, RFC 1071).
    BadIpChecksum,
    /// The TCP checksum does not verify (RFC 9293 §3.1).
    BadTcpChecksum,
    /// The UDP checksum is present and does not verify (RFC 768).
    BadUdpChecksum,
    /// The ICMP checksum does not verify (RFC 792).
    BadIcmpChecksum,
    /// A TCP option has an impossible length or runs past the header (RFC 9293 §3.2).
    BadTcpOption,
    /// A length field disagrees with the bytes that carry it (e.g. UDP Length vs. IPv4).
    BadLength,
    /// An ARP packet whose hardware type or length is not Ethernet's (RFC 826 ar$hrd 1,
    /// ar$hln 6).
    ArpBadHardware,
    /// An ARP packet whose protocol type or length is not IPv4's (ar$pro 0x0800, ar$pln 4).
    ArpBadProtocol,
    /// An ARP operation other than request (1) or reply (2).
    ArpBadOperation,
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            WireError::Truncated => {
                "the packet is truncated: fewer bytes arrived than its headers say it has"
            }
            WireError::BadVersion => "the IP version field is not 4, so this is not an IPv4 packet",
            WireError::BadHeaderLength => {
                "a header length field is smaller than the 20-byte minimum header"
            }
            WireError::BadTotalLength => {
                "the IPv4 total length is smaller than the IPv4 header itself"
            }
            WireError::Fragmented => {
                "the packet is an IP fragment, and this simulator does not reassemble fragments"
            }
            WireError::BadIpChecksum => {
                "the IPv4 header checksum does not match: the header was corrupted in transit"
            }
            WireError::BadTcpChecksum => {
                "the TCP checksum does not match: the segment was corrupted in transit"
            }
            WireError::BadUdpChecksum => {
                "the UDP checksum does not match: the datagram was corrupted in transit"
            }
            WireError::BadIcmpChecksum => {
                "the ICMP checksum does not match: the message was corrupted in transit"
            }
            WireError::BadTcpOption => {
                "a TCP option is malformed: its length is wrong or it runs past the header"
            }
            WireError::BadLength => {
                "a length field disagrees with the number of bytes actually carried"
            }
            WireError::ArpBadHardware => {
                "the ARP packet is not for Ethernet: its hardware type is not 1 or its \
                 hardware addresses are not 6 bytes"
            }
            WireError::ArpBadProtocol => {
                "the ARP packet is not for IPv4: its protocol type is not 0x0800 or its \
                 protocol addresses are not 4 bytes"
            }
            WireError::ArpBadOperation => "the ARP operation is neither request (1) nor reply (2)",
        };
        f.write_str(text)
    }
}

impl std::error::Error for WireError {}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn display_is_plain_english() {
        assert_eq!(
            WireError::BadTcpChecksum.to_string(),
            "the TCP checksum does not match: the segment was corrupted in transit"
        );
        let all = [
            WireError::Truncated,
            WireError::BadVersion,
            WireError::BadHeaderLength,
            WireError::BadTotalLength,
            WireError::Fragmented,
            WireError::BadIpChecksum,
            WireError::BadTcpChecksum,
            WireError::BadUdpChecksum,
            WireError::BadIcmpChecksum,
            WireError::BadTcpOption,
            WireError::BadLength,
            WireError::ArpBadHardware,
            WireError::ArpBadProtocol,
            WireError::ArpBadOperation,
        ];
        let texts: std::collections::BTreeSet<String> =
            all.iter().map(ToString::to_string).collect();
        assert_eq!(texts.len(), all.len(), "every error reads differently");
    }

    #[test]
    fn serde_round_trip() {
        let json = serde_json::to_string(&WireError::Fragmented).unwrap();
        assert_eq!(
            serde_json::from_str::<WireError>(&json).unwrap(),
            WireError::Fragmented
        );
    }
}
