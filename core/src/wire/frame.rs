//! A whole Ethernet II frame and what it carries: an IPv4 datagram or an ARP packet.

use super::arp::ArpRepr;
use super::error::WireError;
use super::ethernet::{EtherType, EthernetRepr, MacAddr};
use super::packet::IpPacket;

/// What an Ethernet frame carries.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum LinkPayload {
    /// EtherType 0x0800.
    Ipv4(IpPacket),
    /// EtherType 0x0806.
    Arp(ArpRepr),
    /// Any other EtherType, payload kept raw; `EthernetRepr::ethertype` says which.
    Other(Vec<u8>),
}

/// A complete Ethernet II frame (no preamble, no FCS: see [`super::ethernet`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Frame {
    pub eth: EthernetRepr,
    pub payload: LinkPayload,
}

impl Frame {
    /// A frame carrying `packet` from `src` to `dst`.
    pub fn ipv4(src: MacAddr, dst: MacAddr, packet: IpPacket) -> Frame {
        Frame {
            eth: EthernetRepr {
                dst,
                src,
                ethertype: EtherType::Ipv4,
            },
            payload: LinkPayload::Ipv4(packet),
        }
    }

    /// A frame carrying `arp` from the ARP sender to where it must go (broadcast for a
    /// request, the asker for a reply).
    pub fn arp(arp: ArpRepr) -> Frame {
        Frame {
            eth: EthernetRepr {
                dst: arp.frame_destination(),
                src: arp.sender_mac,
                ethertype: EtherType::Arp,
            },
            payload: LinkPayload::Arp(arp),
        }
    }

    /// The EtherType actually written: the payload variant wins over `eth.ethertype` for
    /// IPv4 and ARP, so a frame can never claim one protocol and carry another.
    pub fn ethertype(&self) -> EtherType {
        match self.payload {
            LinkPayload::Ipv4(_) => EtherType::Ipv4,
            LinkPayload::Arp(_) => EtherType::Arp,
            LinkPayload::Other(_) => self.eth.ethertype,
        }
    }

    /// The frame bytes, every checksum inside filled in.
    pub fn emit(&self) -> Vec<u8> {
        let eth = EthernetRepr {
            ethertype: self.ethertype(),
            ..self.eth
        };
        match &self.payload {
            LinkPayload::Ipv4(p) => eth.emit(&p.emit()),
            LinkPayload::Arp(a) => eth.emit(&a.emit()),
            LinkPayload::Other(raw) => eth.emit(raw),
        }
    }

    /// Parses a frame and what it carries, verifying every checksum inside.
    pub fn parse(bytes: &[u8]) -> Result<Frame, WireError> {
        let (eth, rest) = EthernetRepr::parse(bytes)?;
        let payload = match eth.ethertype {
            EtherType::Ipv4 => LinkPayload::Ipv4(IpPacket::parse(rest)?),
            EtherType::Arp => LinkPayload::Arp(ArpRepr::parse(rest)?),
            EtherType::Other(_) => LinkPayload::Other(rest.to_vec()),
        };
        Ok(Frame { eth, payload })
    }

    /// A one-line description: the IPv4 summary, or tcpdump's ARP wording, e.g.
    /// `ARP who-has 10.0.0.1 tell 10.0.0.2`.
    pub fn summary(&self) -> String {
        match &self.payload {
            LinkPayload::Ipv4(p) => p.summary(),
            LinkPayload::Arp(a) => format!("ARP {a}"),
            LinkPayload::Other(raw) => format!(
                "{} > {} ethertype {} len={}",
                self.eth.src,
                self.eth.dst,
                self.eth.ethertype,
                raw.len()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{IpProtocol, Ipv4Repr, Transport, UdpRepr};
    use std::net::Ipv4Addr;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const A: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 2);
    const B: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 1);

    fn udp() -> IpPacket {
        IpPacket {
            ip: Ipv4Repr {
                src: A,
                dst: B,
                protocol: IpProtocol::Udp,
                ttl: 64,
                ident: 1,
                dont_fragment: true,
                ecn: crate::wire::Ecn::NotEct,
            },
            transport: Transport::Udp(UdpRepr {
                src_port: 1,
                dst_port: 2,
                payload: b"x".to_vec(),
            }),
        }
    }

    #[test]
    fn ipv4_frame_round_trips_and_payload_decides_the_ethertype() {
        let mut f = Frame::ipv4(MacAddr::local(2, 0), MacAddr::local(1, 0), udp());
        f.eth.ethertype = EtherType::Arp; // overruled by the payload
        let bytes = f.emit();
        assert_eq!(&bytes[12..14], &[0x08, 0x00]);
        assert_eq!(&bytes[14..], udp().emit().as_slice());
        let parsed = Frame::parse(&bytes).unwrap();
        assert_eq!(parsed.payload, LinkPayload::Ipv4(udp()));
        assert_eq!(parsed.eth.ethertype, EtherType::Ipv4);
        assert_eq!(parsed.summary(), udp().summary());
    }

    #[test]
    fn arp_frames_go_where_the_operation_says() {
        let req = ArpRepr::request(MacAddr::local(2, 0), A, B);
        let f = Frame::arp(req);
        assert_eq!(f.eth.dst, MacAddr::BROADCAST);
        assert_eq!(f.emit().len(), 14 + 28);
        assert_eq!(Frame::parse(&f.emit()), Ok(f.clone()));
        assert_eq!(f.summary(), "ARP who-has 10.0.0.1 tell 10.0.0.2");
        let rep = Frame::arp(req.reply_from(MacAddr::local(1, 0)));
        assert_eq!(rep.eth.dst, MacAddr::local(2, 0));
        assert_eq!(rep.eth.src, MacAddr::local(1, 0));
    }

    #[test]
    fn inner_errors_surface_and_other_ethertypes_stay_raw() {
        let mut bytes = Frame::ipv4(MacAddr::local(2, 0), MacAddr::local(1, 0), udp()).emit();
        bytes[14 + 8] ^= 1; // TTL, under the IPv4 header checksum
        assert_eq!(Frame::parse(&bytes), Err(WireError::BadIpChecksum));
        let other = Frame {
            eth: EthernetRepr {
                dst: MacAddr::BROADCAST,
                src: MacAddr::local(3, 0),
                ethertype: EtherType::Other(0x88cc),
            },
            payload: LinkPayload::Other(vec![1, 2]),
        };
        assert_eq!(Frame::parse(&other.emit()), Ok(other.clone()));
        assert_eq!(
            other.summary(),
            "02:00:00:00:00:03 > ff:ff:ff:ff:ff:ff ethertype 0x88cc len=2"
        );
    }
}
