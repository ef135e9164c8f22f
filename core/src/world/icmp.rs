//! ICMP in a world with a topology: which address an error leaves from, what a host does
//! with an error that reaches it, and traceroute.

use super::deliver::quoted_endpoints;
use super::NetError;
use super::World;
use crate::ids::HostId;
use crate::log::{EventKind, NetChange};
use crate::route::RouteKind;
use crate::socket::Protocol;
use crate::topology::{Trace, TRACE_PORT};
use crate::wire::{
    DestUnreachableCode, IcmpRepr, IpPacket, IpProtocol, Ipv4Repr, Transport, UdpRepr,
};
use std::net::Ipv4Addr;

impl World {
    /// The address `node` sends to `dst` from: in the default world its one address; with
    /// a topology, the address of the interface the route to `dst` leaves by (as Linux
    /// picks a route's `src`), so a router's ICMP error names the interface facing back
    /// towards the sender, which is what traceroute prints.
    pub(crate) fn source_addr(&self, node: HostId, dst: Ipv4Addr) -> Option<Ipv4Addr> {
        let h = self.hosts.get(&node)?;
        if !self.topo.enabled {
            return Some(h.addr);
        }
        let by_route = h.net.routes.lookup(dst).and_then(|r| match r.kind {
            RouteKind::Connected { src } => Some(src),
            RouteKind::Via { .. } => h.net.iface(&r.dev)?.1.addr.map(|a| a.0),
        });
        by_route
            .or_else(|| h.net.ifaces.iter().find_map(|i| i.addr.map(|a| a.0)))
            .or(Some(h.addr))
            .filter(|a| !a.is_unspecified())
    }

    /// An ICMP error (time exceeded, or destination unreachable) reached `host`: logged
    /// with the socket it concerns, and matched to a traceroute probe. For TCP it is a
    /// soft error (RFC 1122 §4.2.3.9): the connection carries on, and retransmits.
    pub(super) fn icmp_error_in(
        &mut self,
        host: HostId,
        from: Ipv4Addr,
        icmp: &IcmpRepr,
        original: &[u8],
    ) {
        let (kind, code) = (icmp.kind(), icmp.code());
        let quoted = quoted_endpoints(original);
        let socket = quoted.and_then(|(protocol, local, remote)| {
            let protocol = match protocol {
                IpProtocol::Tcp => Protocol::Tcp,
                IpProtocol::Udp => Protocol::Udp,
                _ => return None,
            };
            self.hosts.get(&host)?.table.lookup(protocol, local, remote)
        });
        self.emit(
            Some(host),
            socket,
            EventKind::IcmpReceived { from, kind, code },
        );
        if let IcmpRepr::DestUnreachable {
            code: DestUnreachableCode::FragNeeded { next_hop_mtu },
            ..
        } = icmp
        {
            self.path_mtu(host, original, *next_hop_mtu);
        }
        let Some((IpProtocol::Udp, local, remote)) = quoted else {
            return;
        };
        let now = self.now;
        let Some(trace) = self.topo.traces.get_mut(&host) else {
            return;
        };
        if local.port != trace.src_port || remote.addr != trace.dst {
            return;
        }
        let Some(ttl) = remote
            .port
            .checked_sub(TRACE_PORT)
            .and_then(|n| u8::try_from(n + 1).ok())
        else {
            return;
        };
        if ttl > trace.max_ttl || trace.hops.contains_key(&ttl) {
            return;
        }
        // All probes leave at once (`-N 16`), so every probe with a TTL beyond the path's
        // length reaches the destination and is answered too; traceroute prints up to the
        // first hop that is the destination and stops there.
        let dst = trace.dst;
        if trace.hops.range(..ttl).any(|(_, (addr, _))| *addr == dst) {
            return;
        }
        trace.hops.insert(ttl, (from, now));
        let rtt = now - trace.sent_at;
        let reached = matches!(
            icmp,
            IcmpRepr::DestUnreachable {
                code: DestUnreachableCode::PortUnreachable,
                ..
            }
        );
        self.emit(
            Some(host),
            None,
            EventKind::TraceHop {
                ttl,
                from,
                rtt,
                reached,
            },
        );
    }

    /// Path MTU discovery (RFC 1191 §6.3): the TCP connection the quoted datagram came
    /// from now sends segments that fit `mtu`, MSS = MTU − 40 (20 bytes of IPv4 header,
    /// 20 of TCP, RFC 879). Only ever lowered. The dropped segment goes again when the
    /// retransmission timer fires, cut to the new size.
    pub(super) fn path_mtu(&mut self, host: HostId, original: &[u8], mtu: u16) {
        let Some((IpProtocol::Tcp, local, remote)) = quoted_endpoints(original) else {
            return;
        };
        let Some(id) = self
            .hosts
            .get(&host)
            .and_then(|h| h.table.lookup(Protocol::Tcp, local, remote))
        else {
            return;
        };
        let mss = u32::from(mtu.saturating_sub(40)).max(1);
        let tcb = self.sockets.get_mut(&id).and_then(|s| match &mut s.kind {
            crate::socket::SocketKind::Tcp(t) => t.tcb.as_mut(),
            crate::socket::SocketKind::Udp(_) => None,
        });
        let Some(tcb) = tcb.filter(|t| t.snd_mss > mss) else {
            return;
        };
        tcb.snd_mss = mss;
        self.emit(Some(host), Some(id), EventKind::PathMtu { mtu, mss });
    }

    /// Starts a traceroute from `host` to `dst`: UDP probes with TTL 1 to `max_ttl`, all
    /// at once, each to port 33434 + TTL − 1 (Van Jacobson's traceroute). The router where
    /// a probe's TTL runs out answers time exceeded; the destination answers port
    /// unreachable. Answers arrive as [`EventKind::TraceHop`] and in [`World::trace`].
    pub fn traceroute(&mut self, host: HostId, dst: Ipv4Addr, max_ttl: u8) -> Result<(), NetError> {
        let h = self
            .hosts
            .get_mut(&host)
            .ok_or_else(|| NetError::UnknownNode {
                name: format!("#{}", host.0),
            })?;
        let name = h.name.clone();
        let src_port = h.ephemeral_port(Protocol::Udp).unwrap_or(TRACE_PORT - 1);
        let src = self
            .source_addr(host, dst)
            .ok_or(NetError::NoAddress { node: name })?;
        let max_ttl = max_ttl.clamp(1, 64);
        self.topo.traces.insert(
            host,
            Trace {
                dst,
                src_port,
                sent_at: self.now,
                max_ttl,
                hops: Default::default(),
            },
        );
        let change = NetChange::TraceStarted {
            dst,
            probes: max_ttl,
        };
        self.emit(Some(host), None, EventKind::TopologyChanged { change });
        for ttl in 1..=max_ttl {
            let ip = Ipv4Repr {
                ttl,
                ..self.ip_header(src, dst, IpProtocol::Udp)
            };
            let udp = UdpRepr {
                src_port,
                dst_port: TRACE_PORT + u16::from(ttl) - 1,
                payload: vec![0; 32],
            };
            let packet = IpPacket {
                ip,
                transport: Transport::Udp(udp),
            };
            self.transmit(host, None, packet);
        }
        Ok(())
    }

    /// The latest traceroute `host` ran, with the answers so far.
    pub fn trace(&self, host: HostId) -> Option<&Trace> {
        self.topo.traces.get(&host)
    }
}
