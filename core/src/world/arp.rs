//! ARP (RFC 826) in a world with a topology: asking for a next hop's MAC address,
//! answering for one's own, keeping the answers for a while (RFC 1122 §2.3.2.1), and
//! holding datagrams until the answer comes (RFC 1122 §2.3.2.2), or dropping them when it
//! never does.

use super::forward::unreachable;
use super::transmit::{Carried, Outgoing};
use super::{Scheduled, World};
use crate::ids::{HostId, PacketId};
use crate::log::{DropReason, EventKind, PacketSummary};
use crate::topology::{ArpEntry, Iface, Waiting, ARP_RETRIES, ARP_RETRY, ARP_TIMEOUT};
use crate::wire::{ArpOperation, ArpRepr, DestUnreachableCode, EtherType, IpPacket, MacAddr};
use std::net::Ipv4Addr;

impl World {
    /// Keeps a datagram until `addr`'s MAC is known on `iface`, asking for it if nobody
    /// has yet. A full queue lets go of its oldest datagram, logged as dropped.
    pub(super) fn arp_wait(&mut self, node: HostId, iface: u8, addr: Ipv4Addr, w: Waiting) {
        let Some(h) = self.hosts.get_mut(&node) else {
            return;
        };
        let first = !h.net.arp.pending.contains_key(&(iface, addr));
        let pushed_out = h.net.arp.wait(iface, addr, w);
        if let Some(old) = pushed_out {
            self.drop_waiting(node, old, DropReason::ArpUnresolved { next_hop: addr });
        }
        if first {
            self.arp_request(node, iface, addr);
        }
    }

    /// Broadcasts "who has `addr`? tell me" out of `iface` and sets the retry timer.
    fn arp_request(&mut self, node: HostId, iface: u8, addr: Ipv4Addr) {
        let Some(h) = self.hosts.get_mut(&node) else {
            return;
        };
        let Some(i) = h.net.ifaces.get(usize::from(iface)) else {
            return;
        };
        let (mac, name) = (i.mac, Iface(iface));
        let sender = i.addr.map(|a| a.0).unwrap_or(Ipv4Addr::UNSPECIFIED);
        let Some(p) = h.net.arp.pending.get_mut(&(iface, addr)) else {
            return;
        };
        p.tries += 1;
        let attempt = p.tries;
        let arp = ArpRepr::request(mac, sender, addr);
        let kind = EventKind::ArpRequest {
            packet: PacketId(0),
            iface: name,
            target: addr,
            sender,
            attempt,
        };
        let bytes = arp.emit().to_vec();
        let dst = MacAddr::BROADCAST;
        self.send_frame(
            node,
            None,
            iface,
            dst,
            EtherType::Arp,
            Carried::Arp(kind),
            bytes,
        );
        let at = self.now + ARP_RETRY;
        let key = self.queue.push(at, Scheduled::Arp { node, iface, addr });
        if let Some(p) = self
            .hosts
            .get_mut(&node)
            .and_then(|h| h.net.arp.pending.get_mut(&(iface, addr)))
        {
            p.timer = Some(key);
        }
    }

    /// The retry timer: ask again, or after [`ARP_RETRIES`] requests give up and drop
    /// what waited. A router tells each datagram's source: host unreachable (RFC 1812
    /// §5.2.7.1).
    pub(super) fn arp_timer(&mut self, node: HostId, iface: u8, addr: Ipv4Addr) {
        let Some(h) = self.hosts.get_mut(&node) else {
            return;
        };
        let Some(p) = h.net.arp.pending.get(&(iface, addr)) else {
            return; // answered meanwhile
        };
        if p.tries < ARP_RETRIES {
            return self.arp_request(node, iface, addr);
        }
        let Some(p) = h.net.arp.pending.remove(&(iface, addr)) else {
            return;
        };
        let name = Iface(iface);
        self.emit(
            Some(node),
            None,
            EventKind::ArpGaveUp {
                iface: name,
                addr,
                tries: p.tries,
                dropped: p.queue.len() as u32,
            },
        );
        for w in p.queue {
            let forwarded = w.from.is_some();
            let bytes = w.bytes.clone();
            self.drop_waiting(node, w, DropReason::ArpUnresolved { next_hop: addr });
            if forwarded {
                let code = DestUnreachableCode::HostUnreachable;
                self.icmp_error_about(node, &bytes, unreachable(code));
            }
        }
    }

    /// Logs a datagram that waited for ARP in vain, as sent to nobody and dropped.
    fn drop_waiting(&mut self, node: HostId, w: Waiting, reason: DropReason) {
        let Ok(packet) = IpPacket::parse(&w.bytes) else {
            return;
        };
        let summary = PacketSummary::of(&packet, w.bytes.len() as u32);
        let id = self.network.new_packet_id();
        self.log_unsent(node, w.socket, id, summary, reason);
    }

    /// Takes out and logs the entries of `node`'s cache whose time is up.
    pub(super) fn arp_expire(&mut self, node: HostId) {
        let now = self.now;
        let Some(h) = self.hosts.get_mut(&node) else {
            return;
        };
        let gone = h.net.arp.take_expired(now);
        for ((iface, addr), e) in gone {
            let iface = Iface(iface);
            let mac = e.mac;
            self.emit(Some(node), None, EventKind::ArpExpired { iface, addr, mac });
        }
    }

    /// An ARP message reached `node` on `iface` (RFC 826, "Packet Reception"): update the
    /// sender's entry if there is one (the merge flag); if the target is us, add it if
    /// new and, for a request, reply. Datagrams waiting for the sender then leave.
    pub(super) fn arp_input(&mut self, node: HostId, iface: u8, id: PacketId, bytes: &[u8]) {
        let arp = match ArpRepr::parse(bytes) {
            Ok(a) => a,
            Err(error) => {
                let reason = DropReason::Corrupt { error };
                let kind = EventKind::PacketDropped { packet: id, reason };
                return self.emit(Some(node), None, kind);
            }
        };
        self.emit(Some(node), None, EventKind::PacketDelivered { packet: id });
        let now = self.now;
        let Some(h) = self.hosts.get_mut(&node) else {
            return;
        };
        let Some(i) = h.net.ifaces.get(usize::from(iface)) else {
            return;
        };
        let (my_mac, my_addr, name) = (i.mac, i.addr.map(|a| a.0), Iface(iface));
        let key = (iface, arp.sender_ip);
        let entry = ArpEntry {
            mac: arp.sender_mac,
            expires: Some(now + ARP_TIMEOUT),
        };
        let known = h.net.arp.entries.get(&key).map(|e| e.mac);
        let for_me = my_addr == Some(arp.target_ip);
        if known.is_some() || for_me {
            h.net.arp.entries.insert(key, entry);
        }
        if (for_me && known.is_none()) || known.is_some_and(|m| m != arp.sender_mac) {
            let kind = EventKind::ArpLearned {
                iface: name,
                addr: arp.sender_ip,
                mac: arp.sender_mac,
            };
            self.emit(Some(node), None, kind);
        }
        if for_me && arp.operation == ArpOperation::Request {
            let reply = arp.reply_from(my_mac);
            let kind = EventKind::ArpReply {
                packet: PacketId(0),
                iface: name,
                addr: reply.sender_ip,
                mac: my_mac,
                to: arp.sender_ip,
            };
            let (dst, bytes) = (reply.frame_destination(), reply.emit().to_vec());
            self.send_frame(
                node,
                None,
                iface,
                dst,
                EtherType::Arp,
                Carried::Arp(kind),
                bytes,
            );
        }
        self.arp_flush(node, iface, arp.sender_ip, arp.sender_mac);
    }

    /// Sends the datagrams that waited for `addr`, now known to be at `mac`.
    fn arp_flush(&mut self, node: HostId, iface: u8, addr: Ipv4Addr, mac: MacAddr) {
        let Some(p) = self
            .hosts
            .get_mut(&node)
            .and_then(|h| h.net.arp.pending.remove(&(iface, addr)))
        else {
            return;
        };
        if let Some(key) = p.timer {
            self.queue.remove(key);
        }
        for w in p.queue {
            let Ok(packet) = IpPacket::parse(&w.bytes) else {
                continue;
            };
            let outgoing = Outgoing::Parsed(&packet);
            self.send_ip_frame(node, w.socket, iface, mac, outgoing, w.bytes.clone());
        }
    }
}
