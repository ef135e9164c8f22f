//! ARP for IPv4 over Ethernet (RFC 826): how a host learns the MAC address behind a
//! next-hop IPv4 address before it can frame a datagram for it.

use std::fmt;
use std::net::Ipv4Addr;

use super::bytes::{array_in, put, u16_in, u8_in};
use super::error::WireError;
use super::ethernet::{EtherType, MacAddr};

/// Where each ARP field lives (RFC 826, "Packet format"), for the parser, the emitter and
/// the dissector alike. The address fields' places assume Ethernet (6-byte) hardware and
/// IPv4 (4-byte) protocol addresses, the only pair this module accepts.
pub(crate) mod field {
    use crate::wire::bytes::Field;

    /// ar$hrd: hardware address space, 1 for Ethernet.
    pub const HTYPE: Field = 0..2;
    /// ar$pro: protocol address space, an EtherType (0x0800 for IPv4).
    pub const PTYPE: Field = 2..4;
    /// ar$hln: bytes in a hardware address.
    pub const HLEN: Field = 4..5;
    /// ar$pln: bytes in a protocol address.
    pub const PLEN: Field = 5..6;
    /// ar$op: 1 request, 2 reply.
    pub const OPER: Field = 6..8;
    /// ar$sha, ar$spa, ar$tha, ar$tpa.
    pub const SHA: Field = 8..14;
    pub const SPA: Field = 14..18;
    pub const THA: Field = 18..24;
    pub const TPA: Field = 24..28;
    /// Bytes in an Ethernet/IPv4 ARP packet.
    pub const LEN: usize = 28;
}

/// ar$hrd for Ethernet (IANA "Hardware Types").
pub(crate) const HTYPE_ETHERNET: u16 = 1;
pub(crate) const OP_REQUEST: u16 = 1;
pub(crate) const OP_REPLY: u16 = 2;

/// What an ARP packet asks or answers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum ArpOperation {
    /// 1: "who has `target_ip`? tell `sender_ip`", broadcast.
    Request,
    /// 2: "`sender_ip` is at `sender_mac`", sent to the asker.
    Reply,
}

impl ArpOperation {
    pub fn number(self) -> u16 {
        match self {
            ArpOperation::Request => OP_REQUEST,
            ArpOperation::Reply => OP_REPLY,
        }
    }
}

/// An ARP packet for IPv4 over Ethernet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ArpRepr {
    pub operation: ArpOperation,
    pub sender_mac: MacAddr,
    pub sender_ip: Ipv4Addr,
    /// Unknown (all zeros) in a request: that is what is being asked.
    pub target_mac: MacAddr,
    pub target_ip: Ipv4Addr,
}

impl ArpRepr {
    pub const LEN: u16 = field::LEN as u16;

    /// "Who has `target_ip`? Tell `sender_ip`": the target hardware address is left zero
    /// (RFC 826, "Packet Generation").
    pub fn request(sender_mac: MacAddr, sender_ip: Ipv4Addr, target_ip: Ipv4Addr) -> ArpRepr {
        ArpRepr {
            operation: ArpOperation::Request,
            sender_mac,
            sender_ip,
            target_mac: MacAddr::UNSPECIFIED,
            target_ip,
        }
    }

    /// The reply a host owning `self.target_ip` at `my_mac` sends to this request: the
    /// fields swapped and the sender's hardware address filled in (RFC 826, "Packet
    /// Reception").
    pub fn reply_from(&self, my_mac: MacAddr) -> ArpRepr {
        ArpRepr {
            operation: ArpOperation::Reply,
            sender_mac: my_mac,
            sender_ip: self.target_ip,
            target_mac: self.sender_mac,
            target_ip: self.sender_ip,
        }
    }

    /// A gratuitous ARP announces the sender's own binding: it asks for its own address.
    pub fn is_gratuitous(&self) -> bool {
        self.sender_ip == self.target_ip
    }

    /// Where the frame carrying this packet goes: requests are broadcast, replies go
    /// straight to the asker.
    pub fn frame_destination(&self) -> MacAddr {
        match self.operation {
            ArpOperation::Request => MacAddr::BROADCAST,
            ArpOperation::Reply => self.target_mac,
        }
    }

    /// The 28 packet bytes.
    pub fn emit(&self) -> [u8; field::LEN] {
        let mut b = [0u8; field::LEN];
        put(&mut b, field::HTYPE, &HTYPE_ETHERNET.to_be_bytes());
        put(
            &mut b,
            field::PTYPE,
            &EtherType::Ipv4.number().to_be_bytes(),
        );
        put(&mut b, field::HLEN, &[6]);
        put(&mut b, field::PLEN, &[4]);
        put(&mut b, field::OPER, &self.operation.number().to_be_bytes());
        put(&mut b, field::SHA, &self.sender_mac.0);
        put(&mut b, field::SPA, &self.sender_ip.octets());
        put(&mut b, field::THA, &self.target_mac.0);
        put(&mut b, field::TPA, &self.target_ip.octets());
        b
    }

    /// Parses an ARP packet. Bytes after the 28 are Ethernet padding and ignored.
    ///
    /// The hardware and protocol types are checked before the operation, as RFC 826's
    /// receiver does ("Do I have the hardware type in ar$hrd? ... speak the protocol in
    /// ar$pro?"), so the error names the first thing that is wrong.
    pub fn parse(bytes: &[u8]) -> Result<ArpRepr, WireError> {
        let t = WireError::Truncated;
        let htype = u16_in(bytes, field::HTYPE).ok_or(t)?;
        let ptype = u16_in(bytes, field::PTYPE).ok_or(t)?;
        let hlen = u8_in(bytes, field::HLEN).ok_or(t)?;
        let plen = u8_in(bytes, field::PLEN).ok_or(t)?;
        if htype != HTYPE_ETHERNET || hlen != 6 {
            return Err(WireError::ArpBadHardware);
        }
        if ptype != EtherType::Ipv4.number() || plen != 4 {
            return Err(WireError::ArpBadProtocol);
        }
        let operation = match u16_in(bytes, field::OPER).ok_or(t)? {
            OP_REQUEST => ArpOperation::Request,
            OP_REPLY => ArpOperation::Reply,
            _ => return Err(WireError::ArpBadOperation),
        };
        Ok(ArpRepr {
            operation,
            sender_mac: MacAddr(array_in(bytes, field::SHA).ok_or(t)?),
            sender_ip: Ipv4Addr::from(array_in::<4>(bytes, field::SPA).ok_or(t)?),
            target_mac: MacAddr(array_in(bytes, field::THA).ok_or(t)?),
            target_ip: Ipv4Addr::from(array_in::<4>(bytes, field::TPA).ok_or(t)?),
        })
    }
}

impl fmt::Display for ArpRepr {
    /// tcpdump's wording: "who-has 10.0.0.1 tell 10.0.0.2", "10.0.0.1 is-at 02:…".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.operation {
            ArpOperation::Request => {
                write!(f, "who-has {} tell {}", self.target_ip, self.sender_ip)
            }
            ArpOperation::Reply => write!(f, "{} is-at {}", self.sender_ip, self.sender_mac),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const A: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 2);
    const B: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 1);

    #[test]
    fn request_bytes_follow_rfc_826() {
        let req = ArpRepr::request(MacAddr::local(2, 0), A, B);
        #[rustfmt::skip]
        let expected = [
            0x00, 0x01, // ar$hrd: Ethernet
            0x08, 0x00, // ar$pro: IPv4
            6, 4,       // ar$hln, ar$pln
            0x00, 0x01, // ar$op: request
            0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 10, 0, 0, 2, // sender
            0, 0, 0, 0, 0, 0, 10, 0, 0, 1,                   // target
        ];
        assert_eq!(req.emit(), expected);
        assert_eq!(ArpRepr::parse(&expected), Ok(req));
        assert_eq!(req.to_string(), "who-has 10.0.0.1 tell 10.0.0.2");
        assert_eq!(req.frame_destination(), MacAddr::BROADCAST);
    }

    #[test]
    fn reply_swaps_and_fills_in() {
        let req = ArpRepr::request(MacAddr::local(2, 0), A, B);
        let rep = req.reply_from(MacAddr::local(1, 0));
        assert_eq!(rep.operation, ArpOperation::Reply);
        assert_eq!((rep.sender_ip, rep.target_ip), (B, A));
        assert_eq!(rep.target_mac, MacAddr::local(2, 0));
        assert_eq!(rep.frame_destination(), MacAddr::local(2, 0));
        let bytes = rep.emit();
        assert_eq!(&bytes[6..8], &[0, 2]);
        let mut padded = bytes.to_vec();
        padded.extend_from_slice(&[0; 18]); // padded to Ethernet's 60-byte minimum
        assert_eq!(ArpRepr::parse(&padded), Ok(rep));
        assert_eq!(rep.to_string(), "10.0.0.1 is-at 02:00:00:00:00:01");
        assert!(!rep.is_gratuitous());
        assert!(ArpRepr::request(MacAddr::local(1, 0), A, A).is_gratuitous());
    }

    #[test]
    fn invalid_packets_name_the_problem() {
        let good = ArpRepr::request(MacAddr::local(2, 0), A, B).emit();
        let with = |at: usize, v: u8| {
            let mut b = good;
            b[at] = v;
            ArpRepr::parse(&b)
        };
        assert_eq!(with(1, 6), Err(WireError::ArpBadHardware)); // IEEE 802
        assert_eq!(with(4, 8), Err(WireError::ArpBadHardware));
        assert_eq!(with(2, 0x86), Err(WireError::ArpBadProtocol)); // 0x86dd, IPv6
        assert_eq!(with(5, 16), Err(WireError::ArpBadProtocol));
        assert_eq!(with(7, 3), Err(WireError::ArpBadOperation)); // RARP request
        assert_eq!(with(7, 0), Err(WireError::ArpBadOperation));
        assert_eq!(ArpRepr::parse(&good[..27]), Err(WireError::Truncated));
        assert_eq!(ArpRepr::parse(&[]), Err(WireError::Truncated));
        assert!(WireError::ArpBadOperation
            .to_string()
            .contains("request (1)"));
    }
}
