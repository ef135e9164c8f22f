//! The internet layer of a world with a topology: choosing the next hop by the routing
//! table, framing a datagram for it, putting the frame on a link (through the
//! interface's queue when the link has a rate), and, at the far end, delivering the
//! datagram or forwarding it on (RFC 1812 §5.2).

use super::transmit::{Carried, Leg, Outgoing};
use super::World;
use crate::ids::{HostId, PacketId, SocketId};
use crate::link::Admission;
use crate::log::{DropReason, EventKind, PacketSummary};
use crate::network::InFlight;
use crate::time::Duration;
use crate::topology::{Hop, Iface, Waiting};
use crate::wire::{
    decrement_ttl, icmp_original, DestUnreachableCode, EtherType, EthernetRepr, IcmpRepr, IpPacket,
    MacAddr, Transport,
};
use std::net::Ipv4Addr;

impl World {
    /// Whether `addr` is one of `node`'s own addresses.
    pub(crate) fn owns_addr(&self, node: HostId, addr: Ipv4Addr) -> bool {
        self.hosts
            .get(&node)
            .is_some_and(|h| h.addr == addr || h.net.owns(addr))
    }

    /// Sends a datagram from `node` towards its destination: looks up the route (RFC 1812
    /// §5.2.4.3, longest prefix), then hands it to ARP for the next hop. `from` is the
    /// packet it continues when a router forwards.
    pub(super) fn route_out(
        &mut self,
        node: HostId,
        socket: Option<SocketId>,
        outgoing: Outgoing<'_>,
        bytes: Vec<u8>,
        from: Option<PacketId>,
    ) -> PacketId {
        let dst = outgoing.packet().ip.dst;
        let hop = self.hosts.get(&node).and_then(|h| {
            let nh = h.net.routes.next_hop(dst)?;
            let (iface, _) = h.net.iface(&nh.dev)?;
            Some((iface, nh.addr))
        });
        let Some((iface, next_hop)) = hop else {
            let summary = PacketSummary::of(outgoing.packet(), bytes.len() as u32);
            let id = self.network.new_packet_id();
            self.log_unsent(node, socket, id, summary, DropReason::NoRoute { dst });
            if from.is_some() {
                // RFC 1812 §5.2.7.1: a router with no route answers net unreachable.
                let code = DestUnreachableCode::NetUnreachable;
                self.icmp_error_about(node, &bytes, unreachable(code));
            }
            return id;
        };
        let plugged = self.hosts.get(&node).is_some_and(|h| {
            h.net
                .ifaces
                .get(usize::from(iface))
                .and_then(|i| i.link)
                .is_some_and(|l| self.topo.links.contains_key(&l))
        });
        if !plugged {
            // No cable on that interface (its other end was removed): nothing to ARP on.
            let summary = PacketSummary::of(outgoing.packet(), bytes.len() as u32);
            let id = self.network.new_packet_id();
            let reason = DropReason::NoLink {
                iface: Iface(iface),
            };
            self.log_unsent(node, socket, id, summary, reason);
            if from.is_some() {
                let code = DestUnreachableCode::NetUnreachable;
                self.icmp_error_about(node, &bytes, unreachable(code));
            }
            return id;
        }
        self.arp_expire(node);
        let now = self.now;
        let mac = self
            .hosts
            .get(&node)
            .and_then(|h| h.net.arp.lookup(iface, next_hop, now));
        match mac {
            Some(mac) => self.send_ip_frame(node, socket, iface, mac, outgoing, bytes),
            None => {
                let waiting = Waiting {
                    bytes,
                    socket,
                    from,
                };
                self.arp_wait(node, iface, next_hop, waiting);
                // A number for the caller; the datagram gets its own when it leaves.
                self.network.new_packet_id()
            }
        }
    }

    /// Frames a datagram to `mac` and sends it out of `iface`.
    pub(super) fn send_ip_frame(
        &mut self,
        node: HostId,
        socket: Option<SocketId>,
        iface: u8,
        mac: MacAddr,
        outgoing: Outgoing<'_>,
        bytes: Vec<u8>,
    ) -> PacketId {
        let summary = PacketSummary::of(outgoing.packet(), bytes.len() as u32);
        let carried = Carried::Ip(outgoing, summary);
        self.send_frame(node, socket, iface, mac, EtherType::Ipv4, carried, bytes)
    }

    /// Puts a frame on the link of `node`'s interface `iface`: to the end whose MAC is
    /// `dst_mac`, or every other end for a broadcast. With a rate, the frame first passes
    /// the interface's drop-tail queue; a full queue drops it ("queue full").
    #[allow(clippy::too_many_arguments)]
    pub(super) fn send_frame(
        &mut self,
        node: HostId,
        socket: Option<SocketId>,
        iface: u8,
        dst_mac: MacAddr,
        ethertype: EtherType,
        mut carried: Carried<'_>,
        mut bytes: Vec<u8>,
    ) -> PacketId {
        let id = self.network.new_packet_id();
        let Some(i) = self
            .hosts
            .get(&node)
            .and_then(|h| h.net.ifaces.get(usize::from(iface)))
        else {
            return id;
        };
        let (src_mac, name) = (i.mac, Iface(iface));
        // A cable whose other end was removed is gone too: the interface is unplugged.
        let link = i.link.filter(|l| self.topo.links.contains_key(l));
        let receivers = link.map(|l| self.receivers(l, (node, iface), dst_mac));
        let eth = EthernetRepr {
            dst: dst_mac,
            src: src_mac,
            ethertype,
        };
        let (Some(link), Some(receivers)) = (link, receivers) else {
            self.drop_carried(
                node,
                socket,
                id,
                carried,
                DropReason::NoLink { iface: name },
            );
            return id;
        };
        let mtu = self.topo.links.get(&link).and_then(|l| l.mtu);
        if let (Carried::Ip(..), Some(mtu)) = (&carried, mtu) {
            if bytes.len() > usize::from(mtu) {
                self.drop_carried(node, socket, id, carried, DropReason::TooBig { mtu });
                self.too_big(node, &bytes, mtu);
                return id;
            }
        }
        let frame_len = u32::from(EthernetRepr::HEADER_LEN) + bytes.len() as u32;
        let serialization = match self.admit(node, iface, frame_len) {
            Ok(d) => d,
            Err(queued) => {
                let reason = DropReason::QueueFull {
                    iface: name,
                    queued,
                };
                self.drop_carried(node, socket, id, carried, reason);
                return id;
            }
        };
        self.mark_if_congested(node, id, iface, &mut carried, &mut bytes);
        if receivers.is_empty() {
            let reason = DropReason::NoSuchHost {
                dst: Ipv4Addr::UNSPECIFIED,
            };
            self.drop_carried(node, socket, id, carried, reason);
            return id;
        }
        let mut legs = Vec::with_capacity(receivers.len());
        for (n, (to, to_iface)) in receivers.into_iter().enumerate() {
            let leg_id = if n == 0 {
                id
            } else {
                self.network.new_packet_id()
            };
            let base = Some(serialization + self.link_delay(link, node, to));
            let hop = Some(Box::new(Hop {
                link,
                to_iface,
                eth,
            }));
            legs.push(Leg {
                src: node,
                dst: to,
                socket,
                id: leg_id,
                base,
                hop,
            });
        }
        self.fly_legs(legs, &eth, carried, bytes);
        id
    }

    /// The interface's transmitter takes a frame of `frame_len` bytes at once or into its
    /// queue: the time until its last bit has left (zero on a link without a rate), or,
    /// when the queue is full, how many packets were waiting.
    fn admit(&mut self, node: HostId, iface: u8, frame_len: u32) -> Result<Duration, u32> {
        let now = self.now;
        let tx = self
            .hosts
            .get_mut(&node)
            .and_then(|h| h.net.ifaces.get_mut(usize::from(iface)))
            .and_then(|i| i.tx.as_mut());
        let Some(tx) = tx else {
            return Ok(Duration::ZERO);
        };
        match tx.offer(now, frame_len) {
            Admission::Sent { departs, .. } => Ok(departs - now),
            Admission::Dropped => Err(tx.queued_packets(now)),
        }
    }

    /// A router whose queue on `iface` holds at least half its limit, once this datagram
    /// joined it, marks an ECN-capable datagram CE instead of letting the queue grow to
    /// a drop (RFC 3168 §5; the step threshold is DCTCP's marking, RFC 8257 §3.1, the
    /// simplest active queue management RFC 7567 asks routers for). A full queue still
    /// drops, ECT or not (RFC 3168 §7). Not-ECT datagrams are untouched.
    fn mark_if_congested(
        &mut self,
        node: HostId,
        id: PacketId,
        iface: u8,
        carried: &mut Carried<'_>,
        bytes: &mut [u8],
    ) {
        let Carried::Ip(outgoing, _) = carried else {
            return;
        };
        if outgoing.packet().ip.ecn == crate::wire::Ecn::NotEct {
            return;
        }
        let now = self.now;
        let Some(h) = self.hosts.get(&node) else {
            return;
        };
        if h.net.kind != crate::topology::NodeKind::Router {
            return;
        }
        let Some(tx) = h
            .net
            .ifaces
            .get(usize::from(iface))
            .and_then(|i| i.tx.as_ref())
        else {
            return;
        };
        let queued = tx.queued_packets(now);
        let (building, limit) = match tx.spec().queue {
            crate::link::QueueLimit::Packets(n) => (queued * 2 >= n.max(2), n),
            crate::link::QueueLimit::Bytes(n) => (tx.queued_bytes(now) * 2 >= u64::from(n), n),
        };
        if !building || !crate::wire::mark_ce(bytes) {
            return;
        }
        if let Outgoing::Built(p) = outgoing {
            p.ip.ecn = crate::wire::Ecn::Ce;
        }
        let iface = Iface(iface);
        let kind = EventKind::EcnMarked {
            packet: id,
            iface,
            queued,
            limit,
        };
        self.emit(Some(node), None, kind);
    }

    /// Sends a frame on its legs. Only ARP requests are broadcast: a datagram goes to the
    /// one end that has the MAC it is framed to. A broadcast reaches every other end of a
    /// switch, one copy (and one number) each; the capture sees each copy.
    fn fly_legs(
        &mut self,
        legs: Vec<Leg>,
        eth: &EthernetRepr,
        carried: Carried<'_>,
        bytes: Vec<u8>,
    ) {
        match carried {
            Carried::Ip(..) => {
                if let Some(leg) = legs.into_iter().next() {
                    self.record_capture(leg.id, leg.src, &bytes, Some(eth));
                    self.fly(leg, carried, bytes);
                }
            }
            Carried::Arp(kind) => {
                for leg in legs {
                    self.record_capture(leg.id, leg.src, &bytes, Some(eth));
                    let kind = renumber(kind.clone(), leg.id);
                    self.fly(leg, Carried::Arp(kind), bytes.clone());
                }
            }
        }
    }

    /// The ends of `link` a frame from `from` to `dst_mac` reaches.
    fn receivers(
        &self,
        link: crate::topology::LinkId,
        from: (HostId, u8),
        dst_mac: MacAddr,
    ) -> Vec<(HostId, u8)> {
        let Some(l) = self.topo.links.get(&link) else {
            return Vec::new();
        };
        l.ends
            .iter()
            .copied()
            .filter(|&end| end != from)
            .filter(|&(h, i)| {
                dst_mac.is_broadcast()
                    || self
                        .hosts
                        .get(&h)
                        .and_then(|h| h.net.ifaces.get(usize::from(i)))
                        .is_some_and(|i| i.mac == dst_mac)
            })
            .collect()
    }

    /// A link's propagation delay: its own, or the path settings' between the two nodes.
    fn link_delay(
        &self,
        link: crate::topology::LinkId,
        a: HostId,
        b: HostId,
    ) -> crate::time::Duration {
        self.topo
            .links
            .get(&link)
            .and_then(|l| l.delay)
            .unwrap_or_else(|| self.network.path(a, b).delay)
    }

    /// Logs a frame that never left: an IP datagram as sent-then-dropped, an ARP message
    /// as its event then the drop.
    fn drop_carried(
        &mut self,
        node: HostId,
        socket: Option<SocketId>,
        id: PacketId,
        carried: Carried<'_>,
        reason: DropReason,
    ) {
        match carried {
            Carried::Ip(_, summary) => self.log_unsent(node, socket, id, summary, reason),
            Carried::Arp(kind) => {
                self.emit(Some(node), None, renumber(kind, id));
                self.emit(
                    Some(node),
                    None,
                    EventKind::PacketDropped { packet: id, reason },
                );
            }
        }
    }

    /// A frame reached `host` (which exists, and the frame was not lost).
    pub(super) fn frame_arrive(&mut self, host: HostId, id: PacketId, flight: &mut InFlight) {
        let Some(hop) = flight.hop.take() else {
            return;
        };
        match hop.eth.ethertype {
            EtherType::Arp => self.arp_input(host, hop.to_iface, id, &flight.bytes),
            _ => self.ip_arrive(host, hop.to_iface, id, flight),
        }
    }

    /// A datagram reached `host` in a frame: delivered if it is one of its addresses,
    /// forwarded if `host` is a router, else discarded (RFC 1122 §3.3.4.2).
    fn ip_arrive(&mut self, host: HostId, in_iface: u8, id: PacketId, flight: &mut InFlight) {
        let drop = |reason| EventKind::PacketDropped { packet: id, reason };
        let mut packet = match self.parse_flight(flight) {
            Ok(p) => p,
            Err(error) => return self.emit(Some(host), None, drop(DropReason::Corrupt { error })),
        };
        // NAPT (world/nat.rs): from outside to the public address, the inside host's.
        match self.nat_inbound(host, in_iface, &mut packet) {
            Err(()) => return self.emit(Some(host), None, drop(DropReason::NoNatMapping)),
            Ok(true) => flight.bytes = packet.emit(),
            Ok(false) => {}
        }
        if self.owns_addr(host, packet.ip.dst) {
            if self.deliver_external(host, id, &flight.bytes) {
                return;
            }
            return self.deliver_local(host, id, &packet, &flight.bytes);
        }
        if !self.hosts.get(&host).is_some_and(|h| h.is_router()) {
            return self.emit(Some(host), None, drop(DropReason::NotForThisHost));
        }
        let bytes = std::mem::take(&mut flight.bytes);
        self.forward(host, in_iface, id, packet, bytes);
    }

    /// A router forwards a datagram (RFC 1812 §5.2): TTL 1 or less ends it with ICMP time
    /// exceeded (§5.3.1); else the TTL goes down by one with the header checksum updated
    /// incrementally (RFC 1624), and the datagram leaves in a new frame with new MACs.
    fn forward(
        &mut self,
        router: HostId,
        in_iface: u8,
        id: PacketId,
        mut packet: IpPacket,
        mut bytes: Vec<u8>,
    ) {
        let ttl_before = packet.ip.ttl;
        if ttl_before <= 1 {
            self.emit(
                Some(router),
                None,
                EventKind::PacketDropped {
                    packet: id,
                    reason: DropReason::TtlExpired,
                },
            );
            let exceeded = |original| IcmpRepr::TimeExceeded { original };
            self.icmp_error_about(router, &bytes, exceeded);
            return;
        }
        let Some(ttl_after) = decrement_ttl(&mut bytes) else {
            return;
        };
        packet.ip.ttl = ttl_after;
        let dst = packet.ip.dst;
        let next = self.hosts.get(&router).and_then(|h| {
            let nh = h.net.routes.next_hop(dst)?;
            Some((Iface(h.net.iface(&nh.dev)?.0), nh.addr))
        });
        if let Some((iface, _)) = next {
            // NAPT (world/nat.rs): from inside to outside, the public address and port.
            if self.nat_outbound(router, in_iface, iface.0, &mut packet) {
                bytes = packet.emit();
            }
        }
        if let Some((iface, next_hop)) = next {
            self.emit(
                Some(router),
                None,
                EventKind::Forwarded {
                    packet: id,
                    ttl_before,
                    ttl_after,
                    iface,
                    next_hop,
                },
            );
        }
        let outgoing = Outgoing::Built(Box::new(packet));
        self.route_out(router, None, outgoing, bytes, Some(id));
    }

    /// A datagram too big for the next link, with Don't Fragment set (every datagram the
    /// simulator builds has it; nothing here fragments): a router tells the source
    /// "fragmentation needed" with the link's MTU (RFC 1191 §4, RFC 1812 §5.2.7.1); a host
    /// that sent it learns the path MTU at once, as Linux does (EMSGSIZE and a smaller
    /// MSS), without an ICMP message to itself.
    fn too_big(&mut self, node: HostId, bytes: &[u8], mtu: u16) {
        let src = bytes
            .get(12..16)
            .map(|b| Ipv4Addr::new(b[0], b[1], b[2], b[3]));
        if src.is_some_and(|s| self.owns_addr(node, s)) {
            self.path_mtu(node, &icmp_original(bytes), mtu);
        } else {
            let code = DestUnreachableCode::FragNeeded { next_hop_mtu: mtu };
            self.icmp_error_about(node, bytes, unreachable(code));
        }
    }

    /// Sends the ICMP error `icmp` about datagram `bytes` back to its source, unless that
    /// datagram is itself an ICMP error (RFC 1812 §4.3.2.7: never an error about an
    /// error, so two routers cannot answer each other forever).
    pub(super) fn icmp_error_about(
        &mut self,
        node: HostId,
        bytes: &[u8],
        make: impl FnOnce(Vec<u8>) -> IcmpRepr,
    ) {
        let Ok(packet) = IpPacket::parse(bytes) else {
            return;
        };
        if let Transport::Icmp(i) = &packet.transport {
            if i.is_error() {
                return;
            }
        }
        let icmp = make(icmp_original(bytes));
        self.send_icmp(node, packet.ip.src, icmp);
    }
}

/// Destination unreachable with `code`, around the quote it is given.
pub(super) fn unreachable(code: DestUnreachableCode) -> impl FnOnce(Vec<u8>) -> IcmpRepr {
    move |original| IcmpRepr::DestUnreachable { code, original }
}

/// An ARP event carrying `id` as its frame's number.
fn renumber(kind: EventKind, id: PacketId) -> EventKind {
    match kind {
        EventKind::ArpRequest {
            iface,
            target,
            sender,
            attempt,
            ..
        } => EventKind::ArpRequest {
            packet: id,
            iface,
            target,
            sender,
            attempt,
        },
        EventKind::ArpReply {
            iface,
            addr,
            mac,
            to,
            ..
        } => EventKind::ArpReply {
            packet: id,
            iface,
            addr,
            mac,
            to,
        },
        other => other,
    }
}
