//! What the inspector shows of a packet on a link of the topology (issue 14): the whole
//! Ethernet II frame, its header as a layer above IPv4 (or above ARP), and, for a frame a
//! router forwarded, the hop before it beside it: new MAC addresses, the same datagram
//! but for TTL and the header checksum.

use crate::i18n::{hop_compare_line, Lang};
use crate::state::Action;
use sockscope_core::log::EventKind;
use sockscope_core::network::PacketId;
use sockscope_core::wire::dissect::{dissect, dissect_frame, FieldSpan, FrameLayer};
use sockscope_core::wire::{EthernetRepr, Ipv4Repr};
use sockscope_core::{HostId, Instant, World};
use std::borrow::Cow;
use yew::prelude::*;

/// A packet as the inspector finds it: on the wire, else in the capture.
pub struct Found<'w> {
    /// An Ethernet frame when `frame`, else a bare IPv4 datagram.
    pub bytes: Cow<'w, [u8]>,
    pub frame: bool,
    pub src: HostId,
    pub dst: Option<HostId>,
    pub at: Instant,
    pub in_flight: bool,
}

pub fn find(world: &World, id: PacketId) -> Option<Found<'_>> {
    if let Some(f) = world.network().packet(id) {
        let (bytes, frame) = match &f.hop {
            Some(hop) => (Cow::Owned(hop.eth.emit(&f.bytes)), true),
            None => (Cow::Borrowed(&f.bytes[..]), false),
        };
        return Some(Found {
            bytes,
            frame,
            src: f.src,
            dst: f.dst,
            at: f.sent_at,
            in_flight: true,
        });
    }
    let c = world.captured(id)?;
    let dst = c
        .datagram()
        .and_then(|d| d.get(16..20))
        .and_then(|a| <[u8; 4]>::try_from(a).ok())
        .and_then(|a| world.host_by_addr(a.into()))
        .map(|h| h.id);
    Some(Found {
        bytes: Cow::Borrowed(&c.bytes),
        frame: c.ethernet,
        src: c.src,
        dst,
        at: c.at,
        in_flight: false,
    })
}

/// Every field of the packet, frame or datagram, as one list: `relabel` may rewrite the
/// datagram's fields (relative sequence numbers) before they are placed in the frame.
pub fn fields_of(
    bytes: &[u8],
    frame: bool,
    relabel: impl Fn(&mut Vec<FieldSpan>, &[u8]),
) -> Vec<FieldSpan<FrameLayer>> {
    let lift = |f: FieldSpan, base: u32| FieldSpan {
        layer: FrameLayer::from(f.layer),
        name: f.name,
        offset: f.offset.saturating_add(base),
        len: f.len,
        value: f.value,
    };
    if !frame {
        let mut fields = dissect(bytes);
        relabel(&mut fields, bytes);
        return fields.into_iter().map(|f| lift(f, 0)).collect();
    }
    let whole = dissect_frame(bytes);
    let is_ipv4 = whole.iter().any(|f| f.layer == FrameLayer::Ipv4);
    if !is_ipv4 {
        return whole; // ARP, or a frame too short to hold more than its header
    }
    let header = usize::from(EthernetRepr::HEADER_LEN);
    let datagram = bytes.get(header..).unwrap_or(&[]);
    let mut inner = dissect(datagram);
    relabel(&mut inner, datagram);
    whole
        .into_iter()
        .filter(|f| f.layer == FrameLayer::Ethernet)
        .chain(inner.into_iter().map(|f| lift(f, header as u32)))
        .collect()
}

/// The packet a router received and sent on as `id`, if `id` is such a frame: the log
/// has the router's `Forwarded` (naming the packet received) and then the frame sent.
pub fn previous_hop(world: &World, id: PacketId) -> Option<PacketId> {
    let mut received = None;
    for e in world.log().events() {
        match &e.kind {
            EventKind::Forwarded { packet, .. } => received = Some((*packet, e.host)),
            EventKind::PacketSent { packet, .. } if *packet == id => {
                return received.filter(|(_, h)| *h == e.host).map(|(p, _)| p);
            }
            EventKind::PacketSent { .. } => received = None,
            _ => {}
        }
    }
    None
}

/// A frame's Ethernet header and its datagram's IPv4 header, if it has both.
fn headers(world: &World, id: PacketId) -> Option<(EthernetRepr, Ipv4Repr, u16)> {
    let found = find(world, id)?;
    if !found.frame {
        return None;
    }
    let (eth, payload) = EthernetRepr::parse(&found.bytes).ok()?;
    let (ip, _) = Ipv4Repr::parse_header(payload).ok()?;
    let checksum = u16::from_be_bytes([*payload.get(10)?, *payload.get(11)?]);
    Some((eth, ip, checksum))
}

/// The hop before this one beside it: what changed and what did not, and a button to
/// look at the earlier frame.
pub fn hop_compare(world: &World, id: PacketId, lang: Lang, on_action: &Callback<Action>) -> Html {
    let Some(prev) = previous_hop(world, id) else {
        return html! {};
    };
    let (Some((e0, ip0, c0)), Some((e1, ip1, c1))) = (headers(world, prev), headers(world, id))
    else {
        return html! {};
    };
    let row = |name: &str, a: String, b: String| {
        let changed = (a != b).then_some("changed");
        html! { <tr class={classes!(changed)} data-field={name.to_string()}><th scope="row">{ name.to_string() }</th><td>{ a }</td><td>{ b }</td></tr> }
    };
    let go = on_action.reform(move |_: MouseEvent| Action::SelectPacket(Some(prev)));
    html! {
        <div class="insp-hops" id="insp-hops">
            <p>{ hop_compare_line(lang, prev.0, id.0) }</p>
            <table class="fields hop-table">
                <thead><tr><th></th><th>{ format!("#{}", prev.0) }</th><th>{ format!("#{}", id.0) }</th></tr></thead>
                <tbody>
                    { row("Destination MAC", e0.dst.to_string(), e1.dst.to_string()) }
                    { row("Source MAC", e0.src.to_string(), e1.src.to_string()) }
                    { row("Source IP", ip0.src.to_string(), ip1.src.to_string()) }
                    { row("Destination IP", ip0.dst.to_string(), ip1.dst.to_string()) }
                    { row("TTL", ip0.ttl.to_string(), ip1.ttl.to_string()) }
                    { row("Header Checksum", format!("0x{c0:04x}"), format!("0x{c1:04x}")) }
                </tbody>
            </table>
            <button id="insp-prev-hop" onclick={go}>{ format!("← #{}", prev.0) }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sockscope_core::route::Prefix;
    use sockscope_core::topology::LinkParams;
    use sockscope_core::Protocol;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// A - R1 - B, A's UDP datagram to B forwarded once.
    fn routed() -> World {
        let mut w = World::with_seed(3);
        let a = w.spawn_host("A", "10.0.1.5".parse().unwrap()).unwrap();
        let b = w.spawn_host("B", "10.0.2.5".parse().unwrap()).unwrap();
        let r = w.add_router("R1").unwrap();
        w.link(&[a, r], LinkParams::default()).unwrap();
        w.link(&[r, b], LinkParams::default()).unwrap();
        w.set_addr(r, "eth0", "10.0.1.1".parse().unwrap(), 24)
            .unwrap();
        w.set_addr(r, "eth1", "10.0.2.1".parse().unwrap(), 24)
            .unwrap();
        w.add_route(a, Prefix::DEFAULT, "10.0.1.1".parse().unwrap(), 0)
            .unwrap();
        w.add_route(b, Prefix::DEFAULT, "10.0.2.1".parse().unwrap(), 0)
            .unwrap();
        let u = w.socket(a, Protocol::Udp).unwrap();
        w.send_to(u, b"hi", "10.0.2.5:9".parse().unwrap()).unwrap();
        w.run_to_idle(10_000);
        w
    }

    #[test]
    fn a_forwarded_frame_knows_its_previous_hop_and_only_ttl_and_checksum_change() {
        let w = routed();
        let udp: Vec<PacketId> = w
            .capture()
            .iter()
            .filter(|c| c.ethernet && c.bytes.get(12..14) == Some(&[0x08, 0x00][..]))
            .filter(|c| c.bytes.get(23) == Some(&17))
            .map(|c| c.id)
            .collect();
        assert_eq!(udp.len(), 2, "the datagram, captured on both links");
        assert_eq!(previous_hop(&w, udp[1]), Some(udp[0]));
        assert_eq!(
            previous_hop(&w, udp[0]),
            None,
            "A sent the first hop itself"
        );
        let (e0, ip0, c0) = headers(&w, udp[0]).unwrap();
        let (e1, ip1, c1) = headers(&w, udp[1]).unwrap();
        assert_ne!((e0.src, e0.dst), (e1.src, e1.dst), "a new frame");
        assert_eq!((ip0.src, ip0.dst), (ip1.src, ip1.dst), "the same datagram");
        assert_eq!(ip1.ttl + 1, ip0.ttl);
        assert_ne!(c0, c1);
    }

    #[test]
    fn a_frame_shows_its_ethernet_header_before_ipv4() {
        let w = routed();
        let ipv4 =
            |c: &&sockscope_core::world::Captured| c.bytes.get(12..14) == Some(&[0x08, 0x00][..]);
        let c = w
            .capture()
            .iter()
            .filter(|c| c.ethernet)
            .find(ipv4)
            .unwrap();
        let fields = fields_of(&c.bytes, true, |_, _| {});
        assert_eq!(fields[0].layer, FrameLayer::Ethernet);
        assert_eq!(fields[0].name, "Destination");
        let ip = fields.iter().find(|f| f.layer == FrameLayer::Ipv4).unwrap();
        assert_eq!(
            ip.offset, 14,
            "the datagram starts after the 14-byte header"
        );
        let arp = w.capture().iter().find(|c| c.ethernet && !ipv4(c)).unwrap();
        let arp_fields = fields_of(&arp.bytes, true, |_, _| {});
        assert!(
            arp_fields.iter().any(|f| f.layer == FrameLayer::Arp),
            "an ARP frame is dissected too"
        );
    }
}
