//! Which packets the ladder shows, from the log: the lanes (hosts) to draw, and each
//! packet's leaving, arrival, drop or place on the wire.

use sockscope_core::log::PacketSummary;
use sockscope_core::network::PacketId;
use sockscope_core::tcp::TcpNote;
use sockscope_core::{Endpoint, EventKind, HostId, SocketId, World};
use std::collections::{BTreeMap, BTreeSet};

/// Packets drawn at most: the newest ones.
pub const LADDER_MAX: usize = 36;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Delivered,
    Dropped,
    /// Still on the wire: the arrow ends at "now", this far (ppm) along.
    InFlight {
        ppm: u32,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct LadderPacket {
    pub id: PacketId,
    pub src: HostId,
    pub dst: Option<HostId>,
    pub sent: u64,
    /// Planned arrival, for placing a drop along the way.
    pub due: u64,
    /// When the arrow ends: arrival, drop, or now.
    pub end_at: u64,
    pub end: End,
    pub retransmit: bool,
    /// A copy the network or the user made of another packet.
    pub copy_of: Option<PacketId>,
    pub summary: PacketSummary,
    /// Part of the followed connection (always true when no connection is followed).
    pub ours: bool,
}

/// What the ladder shows: the packets, and how many matched in all.
#[derive(Debug, Clone, PartialEq)]
pub struct LadderData {
    pub packets: Vec<LadderPacket>,
    pub total: usize,
}

/// Which timelines to draw, and the connection to emphasise if a TCP socket is selected:
/// just its two hosts then, else every host in host order.
pub fn lanes_for(
    world: &World,
    selected: Option<SocketId>,
) -> (Vec<HostId>, Option<(Endpoint, Endpoint)>) {
    let all: Vec<HostId> = world.hosts().map(|h| h.id).collect();
    let Some(sock) = selected.and_then(|s| world.get_socket(s)) else {
        return (all, None);
    };
    let (Some(local), Some(remote)) = (sock.local, sock.remote) else {
        return (all, None);
    };
    let Some(peer) = world.host_by_addr(remote.addr).map(|h| h.id) else {
        return (all, None);
    };
    let mut lanes: Vec<HostId> = all
        .into_iter()
        .filter(|h| *h == sock.host || *h == peer)
        .collect();
    lanes.dedup();
    (lanes, Some((local, remote)))
}

/// The hosts the drawn packets involve, in host order; every candidate if none are drawn.
pub fn involved(lanes: &[HostId], packets: &[LadderPacket]) -> Vec<HostId> {
    let used: BTreeSet<HostId> = packets
        .iter()
        .flat_map(|p| std::iter::once(p.src).chain(p.dst))
        .collect();
    let kept: Vec<HostId> = lanes.iter().copied().filter(|h| used.contains(h)).collect();
    if kept.is_empty() {
        lanes.to_vec()
    } else {
        kept
    }
}

fn belongs(s: &PacketSummary, conn: Option<(Endpoint, Endpoint)>) -> bool {
    let Some((local, remote)) = conn else {
        return true;
    };
    let (Some(sp), Some(dp)) = (s.src_port, s.dst_port) else {
        return false;
    };
    let (src, dst) = (Endpoint::new(s.src, sp), Endpoint::new(s.dst, dp));
    (src == local && dst == remote) || (src == remote && dst == local)
}

/// Where in `events` the newest `max` packets shown start, and how many are shown in all:
/// one pass backwards.
fn newest(
    events: &[sockscope_core::Event],
    shown: &impl Fn(Option<HostId>, Option<HostId>) -> bool,
    max: usize,
) -> (usize, usize) {
    let mut total = 0;
    let mut start = events.len();
    for (i, e) in events.iter().enumerate().rev() {
        if let EventKind::PacketSent { dst, .. } = &e.kind {
            if shown(e.host, *dst) {
                total += 1;
                if total <= max {
                    start = i;
                }
            }
        }
    }
    (start, total)
}

/// A copy of `original`, made at `at` (µs).
fn copy_of(original: &LadderPacket, copy: PacketId, at: u64) -> LadderPacket {
    let mut c = original.clone();
    c.id = copy;
    c.copy_of = Some(original.id);
    c.retransmit = false;
    // A copy made by hand leaves now; one made on the way leaves with it.
    c.sent = c.sent.max(at);
    c.due = c.due.max(c.sent);
    c
}

/// Packets still on the wire end at "now", as far along as they are.
fn end_in_flight_now(world: &World, packets: &mut [LadderPacket]) {
    let now = world.now();
    for p in packets {
        if let End::InFlight { ppm } = &mut p.end {
            *ppm = world
                .network()
                .packet(p.id)
                .map_or(1_000_000, |f| f.progress_ppm(now));
            p.end_at = now.micros();
        }
    }
}

/// The newest `max` packets between `lanes`, with how each ended. One backward pass to
/// find where they start, one forward pass from there; an index by id, no quadratic scan.
pub fn collect(
    world: &World,
    lanes: &[HostId],
    conn: Option<(Endpoint, Endpoint)>,
    max: usize,
) -> LadderData {
    let lane_set: BTreeSet<HostId> = lanes.iter().copied().collect();
    let shown = |src: Option<HostId>, dst: Option<HostId>| {
        src.is_some_and(|s| lane_set.contains(&s)) && dst.is_none_or(|d| lane_set.contains(&d))
    };
    let events = world.log().events();
    let (start, total) = newest(events, &shown, max);
    let mut packets: Vec<LadderPacket> = Vec::new();
    let mut index: BTreeMap<PacketId, usize> = BTreeMap::new();
    // Retransmission notes come just before their segment, from the same socket.
    let mut resent: BTreeSet<(u64, Option<SocketId>, u32)> = BTreeSet::new();
    for e in &events[start..] {
        match &e.kind {
            EventKind::Tcp {
                note: TcpNote::Retransmitted { seq, .. },
            } => {
                resent.insert((e.at.micros(), e.socket, *seq));
            }
            EventKind::PacketSent {
                packet,
                dst,
                arrive_at,
                summary,
            } => {
                let Some(src) = e.host.filter(|_| shown(e.host, *dst)) else {
                    continue;
                };
                let retransmit = summary
                    .seq
                    .is_some_and(|seq| resent.contains(&(e.at.micros(), e.socket, seq)));
                index.insert(*packet, packets.len());
                packets.push(LadderPacket {
                    id: *packet,
                    src,
                    dst: *dst,
                    sent: e.at.micros(),
                    due: arrive_at.micros(),
                    end_at: arrive_at.micros(),
                    end: End::InFlight { ppm: 0 },
                    retransmit,
                    copy_of: None,
                    ours: belongs(summary, conn),
                    summary: summary.clone(),
                });
            }
            EventKind::PacketDuplicated { packet, copy } => {
                if let Some(&i) = index.get(packet) {
                    index.insert(*copy, packets.len());
                    packets.push(copy_of(&packets[i], *copy, e.at.micros()));
                }
            }
            EventKind::PacketDelivered { packet } => {
                if let Some(&i) = index.get(packet) {
                    packets[i].end = End::Delivered;
                    packets[i].end_at = e.at.micros();
                }
            }
            EventKind::PacketDropped { packet, .. } => {
                if let Some(&i) = index.get(packet) {
                    packets[i].end = End::Dropped;
                    packets[i].end_at = e.at.micros();
                }
            }
            _ => {}
        }
    }
    end_in_flight_now(world, &mut packets);
    // Copies were appended after their originals; draw in order of leaving.
    packets.sort_by_key(|p| (p.sent, p.id));
    LadderData { packets, total }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::ladder::axis::assign_slots;
    use crate::components::ladder::labels::packet_label;
    use sockscope_core::wire::TcpFlags;
    use sockscope_core::{Duration, Protocol};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn only_hosts_that_sent_or_received_get_a_lane() {
        let (mut w, _c) = world_with_handshake();
        w.advance(Duration::from_millis(50));
        let all: Vec<HostId> = w.hosts().map(|h| h.id).collect();
        assert_eq!(all.len(), 3);
        let d = collect(&w, &all, None, LADDER_MAX);
        assert_eq!(involved(&all, &d.packets), vec![HostId(0), HostId(1)]);
        assert_eq!(involved(&all, &[]), all, "nothing drawn: every host");
    }

    #[test]
    fn a_packet_dropped_as_it_left_ends_on_its_start_row() {
        let (mut w, _c) = world_with_handshake();
        let syn = w.network().in_flight().next().unwrap().id;
        w.drop_packet(syn).unwrap();
        let lanes: Vec<HostId> = w.hosts().map(|h| h.id).collect();
        let d = collect(&w, &lanes, None, LADDER_MAX);
        assert_eq!(d.packets[0].end, End::Dropped);
        let (slots, rows) = assign_slots(&d.packets);
        assert_eq!(slots, vec![(0, 0)]);
        assert_eq!(rows.values().copied().collect::<Vec<_>>(), vec![1]);
    }

    fn world_with_handshake() -> (World, SocketId) {
        let mut w = World::with_seed(7);
        let a = w.spawn_host_str("A", "10.0.0.1").unwrap();
        let b = w.spawn_host_str("B", "10.0.0.2").unwrap();
        w.spawn_host_str("C", "10.0.0.3").unwrap();
        let l = w.socket(a, Protocol::Tcp).unwrap();
        w.bind(l, "10.0.0.1:80".parse().unwrap()).unwrap();
        w.listen(l, 4).unwrap();
        let c = w.socket(b, Protocol::Tcp).unwrap();
        w.connect(c, "10.0.0.1:80".parse().unwrap()).unwrap();
        (w, c)
    }

    #[test]
    fn a_lost_syn_ends_short_and_its_retransmission_is_marked() {
        let (mut w, c) = world_with_handshake();
        let first = w.network().in_flight().next().unwrap().id;
        w.drop_packet(first).unwrap();
        w.advance(Duration::from_secs(2));
        let (lanes, conn) = lanes_for(&w, Some(c));
        assert_eq!(lanes.len(), 2, "just the two ends of the connection");
        assert!(conn.is_some());
        let d = collect(&w, &lanes, conn, LADDER_MAX);
        let labels: Vec<String> = d.packets.iter().map(|p| packet_label(&p.summary)).collect();
        assert!(labels[0].starts_with("SYN seq="), "{labels:?}");
        assert_eq!(d.packets[0].end, End::Dropped);
        assert!(!d.packets[0].retransmit);
        assert!(labels[1].starts_with("SYN seq="), "{labels:?}");
        assert!(
            d.packets[1].retransmit,
            "the second SYN is a retransmission"
        );
        assert_eq!(d.packets[1].end, End::Delivered);
        assert!(labels.iter().any(|l| l.starts_with("SYN,ACK")));
        assert!(labels.iter().any(|l| l.starts_with("ACK ack=")));
        assert_eq!(d.total, d.packets.len());
    }

    #[test]
    fn only_the_newest_packets_are_kept_and_in_flight_ones_end_now() {
        let (mut w, _c) = world_with_handshake();
        w.advance(Duration::from_millis(15));
        let lanes: Vec<HostId> = w.hosts().map(|h| h.id).collect();
        let d = collect(&w, &lanes, None, 1);
        assert_eq!(d.total, 2, "SYN delivered, SYN,ACK on the way");
        assert_eq!(d.packets.len(), 1);
        let p = &d.packets[0];
        assert_eq!(TcpFlags(p.summary.tcp_flags), TcpFlags::SYN | TcpFlags::ACK);
        assert!(matches!(p.end, End::InFlight { ppm } if ppm > 0 && ppm < 1_000_000));
        assert_eq!(p.end_at, w.now().micros());
    }
}
