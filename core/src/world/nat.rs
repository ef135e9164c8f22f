//! NAPT on a router (RFC 3022 §2.2, §4.1): a TCP segment or UDP datagram leaving by the
//! outside interface from inside gets the outside address as its source and a public
//! port the router picks; what comes back to that address and port from the same peer
//! is given the inside host's address and port again. Anything else arriving from
//! outside for the public address is dropped, silently, as a home router does
//! ("unsolicited inbound", RFC 4787 §3, RFC 5382 §6). Checksums are recomputed when the
//! datagram is written again (RFC 3022 §4.2 updates them incrementally; the result is
//! the same for a datagram that arrived intact, and routers here see only intact ones).
//!
//! Not done: ICMP errors about a translated datagram are not translated back (RFC 5508),
//! ICMP echo is not translated, and there is no hairpinning (RFC 4787 REQ-9).

use super::{NetError, World};
use crate::endpoint::Endpoint;
use crate::ids::HostId;
use crate::log::EventKind;
use crate::topology::nat::NatEntry;
use crate::wire::{IpPacket, IpProtocol, TcpFlags, Transport};
use std::net::Ipv4Addr;

impl World {
    /// `nat(R1, eth1)`: R1 translates what leaves by `iface`, its outside interface,
    /// which must have an address.
    pub fn set_nat(&mut self, node: HostId, iface: &str) -> Result<(), NetError> {
        let h = self.hosts.get(&node).ok_or_else(|| NetError::UnknownNode {
            name: format!("#{}", node.0),
        })?;
        if !h.is_router() {
            return Err(NetError::NotARouter {
                node: h.name.clone(),
            });
        }
        let Some((index, i)) = h.net.iface(iface) else {
            return Err(NetError::UnknownInterface {
                node: h.name.clone(),
                iface: iface.to_string(),
            });
        };
        if i.addr.is_none() {
            return Err(NetError::NoAddress {
                node: format!("{}.{iface}", h.name),
            });
        }
        let nat = self.topo.nat.entry(node).or_default();
        if nat.outside != index {
            nat.entries.clear();
        }
        nat.outside = index;
        Ok(())
    }

    /// The translations `node` holds now (expired ones left out), for the page and
    /// `nat(R1)`.
    pub fn nat_table(&self, node: HostId) -> Vec<NatEntry> {
        self.topo.nat.get(&node).map_or_else(Vec::new, |n| {
            n.entries
                .values()
                .filter(|e| e.expires > self.now)
                .copied()
                .collect()
        })
    }

    /// The outside interface and its address, if `node` does NAT.
    fn nat_outside(&self, node: HostId) -> Option<(u8, Ipv4Addr)> {
        let nat = self.topo.nat.get(&node)?;
        let addr = self
            .hosts
            .get(&node)?
            .net
            .ifaces
            .get(usize::from(nat.outside))?
            .addr?
            .0;
        Some((nat.outside, addr))
    }

    /// A datagram arriving at a NAT router on `in_iface`: if it is for the public address
    /// from outside, its destination becomes the inside host's (`Ok(true)`: forward it);
    /// with no translation for it, `Err(())`: drop it. `Ok(false)`: not NAT's business.
    pub(super) fn nat_inbound(
        &mut self,
        router: HostId,
        in_iface: u8,
        packet: &mut IpPacket,
    ) -> Result<bool, ()> {
        let Some((outside, public)) = self.nat_outside(router) else {
            return Ok(false);
        };
        if in_iface != outside || packet.ip.dst != public {
            return Ok(false);
        }
        let Some((protocol, src_port, dst_port, flags)) = ports(packet) else {
            return Ok(false);
        };
        let now = self.now;
        let remote = Endpoint::new(packet.ip.src, src_port);
        let Some(nat) = self.topo.nat.get_mut(&router) else {
            return Ok(false);
        };
        nat.expire(now);
        let Some(e) = nat.inbound(protocol, dst_port, remote) else {
            return Err(());
        };
        if flags.contains(TcpFlags::SYN) && flags.contains(TcpFlags::ACK) {
            e.established = true;
        }
        if flags.contains(TcpFlags::FIN) || flags.contains(TcpFlags::RST) {
            e.established = false;
        }
        e.expires = now + e.idle_timeout();
        let inside = e.inside;
        packet.ip.dst = inside.addr;
        set_ports(packet, None, Some(inside.port));
        Ok(true)
    }

    /// A datagram a NAT router forwards out of `out_iface`: from inside to outside, its
    /// source becomes the public address and port (a new translation if it has none).
    /// Returns whether it was rewritten.
    pub(super) fn nat_outbound(
        &mut self,
        router: HostId,
        in_iface: u8,
        out_iface: u8,
        packet: &mut IpPacket,
    ) -> bool {
        let Some((outside, public)) = self.nat_outside(router) else {
            return false;
        };
        if out_iface != outside || in_iface == outside {
            return false;
        }
        let Some((protocol, src_port, dst_port, flags)) = ports(packet) else {
            return false;
        };
        let now = self.now;
        let inside = Endpoint::new(packet.ip.src, src_port);
        let remote = Endpoint::new(packet.ip.dst, dst_port);
        let Some(nat) = self.topo.nat.get_mut(&router) else {
            return false;
        };
        nat.expire(now);
        let key = (protocol.number(), inside, remote);
        let created = !nat.entries.contains_key(&key);
        if created {
            let Some(port) = nat.pick_port(protocol, src_port) else {
                return false; // every public port in use: sent untranslated, as the host wrote it
            };
            nat.entries.insert(
                key,
                NatEntry {
                    protocol,
                    inside,
                    public: Endpoint::new(public, port),
                    remote,
                    established: false,
                    expires: now,
                },
            );
        }
        let Some(e) = nat.entries.get_mut(&key) else {
            return false;
        };
        if flags.contains(TcpFlags::FIN) || flags.contains(TcpFlags::RST) {
            e.established = false;
        }
        e.expires = now + e.idle_timeout();
        let entry = *e;
        packet.ip.src = entry.public.addr;
        set_ports(packet, Some(entry.public.port), None);
        if created {
            let kind = EventKind::NatMapped {
                protocol: entry.protocol,
                inside: entry.inside,
                public: entry.public,
                remote: entry.remote,
            };
            self.emit(Some(router), None, kind);
        }
        true
    }
}

/// Protocol, source and destination ports, and TCP flags of a TCP or UDP datagram.
fn ports(p: &IpPacket) -> Option<(IpProtocol, u16, u16, TcpFlags)> {
    match &p.transport {
        Transport::Tcp(t) => Some((IpProtocol::Tcp, t.src_port, t.dst_port, t.flags)),
        Transport::Udp(u) => Some((IpProtocol::Udp, u.src_port, u.dst_port, TcpFlags::default())),
        _ => None,
    }
}

fn set_ports(p: &mut IpPacket, src: Option<u16>, dst: Option<u16>) {
    match &mut p.transport {
        Transport::Tcp(t) => {
            t.src_port = src.unwrap_or(t.src_port);
            t.dst_port = dst.unwrap_or(t.dst_port);
        }
        Transport::Udp(u) => {
            u.src_port = src.unwrap_or(u.src_port);
            u.dst_port = dst.unwrap_or(u.dst_port);
        }
        _ => {}
    }
}

/// The translations as a table, one line each (what `nat(R1)` prints).
pub fn nat_text(entries: &[NatEntry], now: crate::time::Instant) -> String {
    let mut s = String::from(
        "proto inside                public                remote                left",
    );
    for e in entries {
        let left = (e.expires - now).micros() / 1_000_000;
        s.push_str(&format!(
            "\n{:<5} {:<21} {:<21} {:<21} {left} s",
            e.protocol.to_string().to_lowercase(),
            e.inside.to_string(),
            e.public.to_string(),
            e.remote.to_string()
        ));
    }
    s
}
