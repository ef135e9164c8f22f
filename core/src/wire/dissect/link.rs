//! The link layer: Ethernet II (RFC 894) fields, then ARP (RFC 826) or the IPv4 datagram.

use std::net::Ipv4Addr;

use super::text::{decimal, hex_bytes};
use super::{dissect, FieldSpan, Layer, Spans};
use crate::wire::arp::{field as af, HTYPE_ETHERNET, OP_REPLY, OP_REQUEST};
use crate::wire::bytes::{array_in, len_u32, u16_in, u8_in};
use crate::wire::ethernet::{field as ef, EtherType, MacAddr};

/// Which protocol a field of a frame belongs to: the datagram's layers plus the link
/// layer and ARP, so the UI can colour and group spans.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum FrameLayer {
    /// RFC 894.
    Ethernet,
    /// RFC 826.
    Arp,
    /// RFC 791.
    Ipv4,
    /// RFC 9293.
    Tcp,
    /// RFC 768.
    Udp,
    /// RFC 792.
    Icmp,
    /// Application data, padding, or the payload of a protocol the dissector does not know.
    Payload,
}

impl From<Layer> for FrameLayer {
    fn from(l: Layer) -> Self {
        match l {
            Layer::Ipv4 => FrameLayer::Ipv4,
            Layer::Tcp => FrameLayer::Tcp,
            Layer::Udp => FrameLayer::Udp,
            Layer::Icmp => FrameLayer::Icmp,
            Layer::Payload => FrameLayer::Payload,
        }
    }
}

const E: FrameLayer = FrameLayer::Ethernet;
const A: FrameLayer = FrameLayer::Arp;

/// Every field of an Ethernet II `frame` that is fully present, in wire order: the
/// Ethernet header, then an ARP packet or an IPv4 datagram (dissected as [`dissect`]
/// does, offsets counted from the start of the frame).
pub fn dissect_frame(frame: &[u8]) -> Vec<FieldSpan<FrameLayer>> {
    let mut s = Spans {
        data: frame,
        out: Vec::new(),
    };
    let _ = ethernet(&mut s);
    s.out
}

fn ethernet(s: &mut Spans<'_, FrameLayer>) -> Option<()> {
    s.at(E, "Destination", 0, ef::DESTINATION, mac_text)?;
    s.at(E, "Source", 0, ef::SOURCE, mac_text)?;
    let ethertype = EtherType::from(u16_in(s.data, ef::ETHERTYPE)?);
    s.at(E, "Type", 0, ef::ETHERTYPE, |b| {
        format!("0x{} ({ethertype})", hex_bytes(b))
    })?;
    let payload = s.data.get(ef::PAYLOAD..)?;
    match ethertype {
        EtherType::Ipv4 => {
            let base = len_u32(ef::PAYLOAD);
            s.out
                .extend(dissect(payload).into_iter().map(|f| FieldSpan {
                    layer: f.layer.into(),
                    name: f.name,
                    offset: f.offset.saturating_add(base),
                    len: f.len,
                    value: f.value,
                }));
            Some(())
        }
        EtherType::Arp => arp(s, ef::PAYLOAD),
        EtherType::Other(_) => {
            s.rest_from(Layer::Payload, "Data", ef::PAYLOAD);
            Some(())
        }
    }
}

/// ARP fields (RFC 826, "Packet format"), named as Wireshark names them.
fn arp(s: &mut Spans<'_, FrameLayer>, base: usize) -> Option<()> {
    let packet = s.data.get(base..)?;
    let htype = u16_in(packet, af::HTYPE)?;
    s.at(A, "Hardware Type", base, af::HTYPE, |_| match htype {
        HTYPE_ETHERNET => "1 (Ethernet)".to_string(),
        n => format!("{n} (not Ethernet)"),
    })?;
    let ptype = EtherType::from(u16_in(packet, af::PTYPE)?);
    s.at(A, "Protocol Type", base, af::PTYPE, |b| {
        format!("0x{} ({ptype})", hex_bytes(b))
    })?;
    let hlen = u8_in(packet, af::HLEN)?;
    s.at(A, "Hardware Size", base, af::HLEN, decimal)?;
    let plen = u8_in(packet, af::PLEN)?;
    s.at(A, "Protocol Size", base, af::PLEN, decimal)?;
    s.at(A, "Opcode", base, af::OPER, |b| match u16_in(b, 0..2) {
        Some(OP_REQUEST) => "1 (request)".to_string(),
        Some(OP_REPLY) => "2 (reply)".to_string(),
        _ => format!("{} (neither request nor reply)", decimal(b)),
    })?;
    if htype != HTYPE_ETHERNET || hlen != 6 || ptype != EtherType::Ipv4 || plen != 4 {
        // The address fields' places depend on the sizes; only Ethernet/IPv4 is known.
        s.rest_from(A, "Addresses", base + af::OPER.end);
        return None;
    }
    s.at(A, "Sender MAC Address", base, af::SHA, mac_text)?;
    s.at(A, "Sender IP Address", base, af::SPA, ip_text)?;
    s.at(A, "Target MAC Address", base, af::THA, mac_text)?;
    s.at(A, "Target IP Address", base, af::TPA, ip_text)?;
    // Short frames are padded to Ethernet's 60-byte minimum (IEEE 802.3 §3.2.8).
    s.rest_from(FrameLayer::Payload, "Padding", base + af::LEN);
    Some(())
}

fn mac_text(b: &[u8]) -> String {
    let mac = MacAddr(array_in(b, 0..6).unwrap_or_default());
    if mac.is_broadcast() {
        format!("{mac} (broadcast)")
    } else {
        mac.to_string()
    }
}

fn ip_text(b: &[u8]) -> String {
    Ipv4Addr::from(array_in::<4>(b, 0..4).unwrap_or_default()).to_string()
}
