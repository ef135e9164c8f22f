//! Scripted faults: "drop the 2nd UDP packet from A to B", armed until it fires once, with
//! filters on source, destination, protocol and TCP flags.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{count, delivered_at, ep, last_sent, sent_packets, wire_trace, A, B, C};
use sockscope_core::log::DropReason;
use sockscope_core::network::{FaultAction, PacketFilter};
use sockscope_core::wire::{IpProtocol, TcpFlags};
use sockscope_core::{
    Duration, Endpoint, Errno, EventKind, HostId, PacketId, Protocol, SocketId, World,
};

struct Net {
    w: World,
    a: HostId,
    b: HostId,
    c: HostId,
    /// A's socket, port 1000.
    sa: SocketId,
    /// B's socket, port 9.
    sb: SocketId,
    /// C's socket, port 9.
    sc: SocketId,
}

fn net() -> Net {
    let mut w = World::with_seed(1);
    let a = w.spawn_host("A", A).unwrap();
    let b = w.spawn_host("B", B).unwrap();
    let c = w.spawn_host("C", C).unwrap();
    let bound = |w: &mut World, h, port| {
        let s = w.socket(h, Protocol::Udp).unwrap();
        w.bind(s, Endpoint::any(port)).unwrap();
        s
    };
    let sa = bound(&mut w, a, 1000);
    let sb = bound(&mut w, b, 9);
    let sc = bound(&mut w, c, 9);
    Net {
        w,
        a,
        b,
        c,
        sa,
        sb,
        sc,
    }
}

fn udp_from_a_to_b(n: &Net) -> PacketFilter {
    PacketFilter {
        src: Some(n.a),
        dst: Some(n.b),
        protocol: Some(IpProtocol::Udp),
        ..PacketFilter::default()
    }
}

fn send(w: &mut World, s: SocketId, data: &[u8], to: &str) -> PacketId {
    w.send_to(s, data, ep(to)).unwrap();
    last_sent(w)
}

fn drain(w: &mut World, s: SocketId) -> Vec<Vec<u8>> {
    std::iter::from_fn(|| w.recv(s, 100).ok()).collect()
}

fn fault_drops(w: &World) -> Vec<(PacketId, u64, u32)> {
    w.log()
        .events()
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::PacketDropped {
                packet,
                reason: DropReason::Fault { fault },
            } => Some((packet, e.at.micros(), fault)),
            _ => None,
        })
        .collect()
}

#[test]
fn drop_the_second_udp_packet_from_a_to_b() {
    let mut n = net();
    let f = n.w.add_fault(udp_from_a_to_b(&n), 2, FaultAction::Drop);
    let mut ids = Vec::new();
    for d in [b"one", b"two", b"thr", b"fou"] {
        ids.push(send(&mut n.w, n.sa, d, "10.0.0.2:9"));
        n.w.advance(Duration::from_millis(1));
    }
    n.w.run_to_idle(100);
    assert_eq!(
        wire_trace(&n.w),
        [
            "0.000 A #0 sent p0 10.0.0.1:1000 > 10.0.0.2:9 UDP len=3 (due 10.000)",
            "1.000 A #0 sent p1 10.0.0.1:1000 > 10.0.0.2:9 UDP len=3 (due 11.000)",
            "2.000 A #0 sent p2 10.0.0.1:1000 > 10.0.0.2:9 UDP len=3 (due 12.000)",
            "3.000 A #0 sent p3 10.0.0.1:1000 > 10.0.0.2:9 UDP len=3 (due 13.000)",
            "6.000 B dropped p1 Fault { fault: 0 }",
            "10.000 B #1 delivered p0",
            "10.000 B #1 queued len=3 from 10.0.0.1:1000",
            "12.000 B #1 delivered p2",
            "12.000 B #1 queued len=3 from 10.0.0.1:1000",
            "13.000 B #1 delivered p3",
            "13.000 B #1 queued len=3 from 10.0.0.1:1000",
        ]
    );
    assert_eq!(
        fault_drops(&n.w),
        [(ids[1], 6_000, f)],
        "halfway, like a loss"
    );
    assert_eq!(
        drain(&mut n.w, n.sb),
        [b"one".to_vec(), b"thr".to_vec(), b"fou".to_vec()]
    );
    let fault = &n.w.network().faults()[0];
    assert_eq!(
        (fault.id, fault.nth, fault.seen, fault.fired),
        (f, 2, 2, true)
    );
}

#[test]
fn a_fault_fires_once() {
    let mut n = net();
    n.w.add_fault(udp_from_a_to_b(&n), 1, FaultAction::Drop);
    for i in 0..10u8 {
        send(&mut n.w, n.sa, &[i], "10.0.0.2:9");
    }
    n.w.run_to_idle(100);
    assert_eq!(fault_drops(&n.w).len(), 1);
    assert_eq!(drain(&mut n.w, n.sb).len(), 9);
    assert_eq!(
        n.w.network().faults()[0].seen,
        1,
        "a fired fault stops counting"
    );
}

#[test]
fn filters_pick_source_destination_and_protocol() {
    let mut n = net();
    let f = n.w.add_fault(udp_from_a_to_b(&n), 2, FaultAction::Drop);
    // None of these match: wrong source, wrong destination, wrong protocol.
    send(&mut n.w, n.sc, b"c->b", "10.0.0.2:9");
    send(&mut n.w, n.sa, b"a->c", "10.0.0.3:9");
    n.w.ping(n.a, B).unwrap();
    send(&mut n.w, n.sb, b"b->a", "10.0.0.1:1000");
    assert_eq!(n.w.network().faults()[0].seen, 0);
    let first = send(&mut n.w, n.sa, b"a->b 1", "10.0.0.2:9");
    let second = send(&mut n.w, n.sa, b"a->b 2", "10.0.0.2:9");
    n.w.run_to_idle(100);
    let dropped: Vec<_> = fault_drops(&n.w).iter().map(|d| (d.0, d.2)).collect();
    assert_eq!(dropped, [(second, f)]);
    assert!(delivered_at(&n.w, first).is_some());
    assert_eq!(
        drain(&mut n.w, n.sb),
        [b"c->b".to_vec(), b"a->b 1".to_vec()]
    );
    assert_eq!(drain(&mut n.w, n.sc), [b"a->c".to_vec()]);
    assert_eq!(drain(&mut n.w, n.sa), [b"b->a".to_vec()]);
    assert_eq!(count(&n.w, "echo-received"), 1);
}

#[test]
fn a_protocol_filter_can_pick_icmp() {
    let mut n = net();
    let icmp_to_b = PacketFilter {
        dst: Some(n.b),
        protocol: Some(IpProtocol::Icmp),
        ..PacketFilter::default()
    };
    n.w.add_fault(icmp_to_b, 1, FaultAction::Drop);
    send(&mut n.w, n.sa, b"udp passes", "10.0.0.2:9");
    let request = {
        n.w.ping(n.a, B).unwrap();
        last_sent(&n.w)
    };
    n.w.ping(n.a, B).unwrap();
    n.w.run_to_idle(100);
    assert_eq!(fault_drops(&n.w).first().map(|d| d.0), Some(request));
    assert_eq!(drain(&mut n.w, n.sb), [b"udp passes".to_vec()]);
    let replies: Vec<u16> =
        n.w.log()
            .events()
            .iter()
            .filter_map(|e| match e.kind {
                EventKind::EchoReceived { seq, .. } => Some(seq),
                _ => None,
            })
            .collect();
    assert_eq!(
        replies,
        [2],
        "the first ping was eaten, the second answered"
    );
}

#[test]
fn tcp_flag_filters_never_match_udp_or_icmp() {
    let mut n = net();
    let syn = PacketFilter {
        flags_set: Some(TcpFlags::SYN),
        ..PacketFilter::default()
    };
    let not_ack = PacketFilter {
        flags_clear: Some(TcpFlags::ACK),
        ..PacketFilter::default()
    };
    n.w.add_fault(syn, 1, FaultAction::Drop);
    n.w.add_fault(not_ack, 1, FaultAction::Drop);
    for _ in 0..3 {
        send(&mut n.w, n.sa, b"udp", "10.0.0.2:9");
        n.w.ping(n.a, B).unwrap();
    }
    n.w.run_to_idle(100);
    assert!(fault_drops(&n.w).is_empty());
    assert!(n
        .w
        .network()
        .faults()
        .iter()
        .all(|f| f.seen == 0 && !f.fired));
    assert_eq!(drain(&mut n.w, n.sb).len(), 3);
}

/// The TCP flags of every packet sent, by id, from the log's summaries.
fn tcp_flags_sent(w: &World) -> Vec<(PacketId, u8)> {
    sent_packets(w)
        .filter(|(_, summary)| summary.protocol == IpProtocol::Tcp)
        .map(|(packet, summary)| (packet, summary.tcp_flags))
        .collect()
}

#[test]
fn tcp_flag_filters_pick_the_segment_they_name() {
    let mut n = net();
    let l = n.w.socket(n.b, Protocol::Tcp).unwrap();
    n.w.bind(l, Endpoint::any(80)).unwrap();
    n.w.listen(l, 5).unwrap();
    let syn_ack = TcpFlags::SYN | TcpFlags::ACK;
    // "Drop the first SYN,ACK": all of SYN and ACK set.
    let f = n.w.add_fault(
        PacketFilter {
            flags_set: Some(syn_ack),
            ..PacketFilter::default()
        },
        1,
        FaultAction::Drop,
    );
    // "Count bare SYNs": SYN set, ACK clear; fires on the 99th, so never here.
    let bare_syn = n.w.add_fault(
        PacketFilter {
            flags_set: Some(TcpFlags::SYN),
            flags_clear: Some(TcpFlags::ACK),
            ..PacketFilter::default()
        },
        99,
        FaultAction::Drop,
    );
    let c = n.w.socket(n.a, Protocol::Tcp).unwrap();
    n.w.connect(c, ep("10.0.0.2:80")).unwrap();
    send(&mut n.w, n.sa, b"udp is not counted", "10.0.0.2:9");
    n.w.advance(Duration::from_millis(100));
    let segments = tcp_flags_sent(&n.w);
    let first_syn_ack = segments
        .iter()
        .find(|(_, fl)| *fl == syn_ack.0)
        .map(|(p, _)| *p)
        .unwrap();
    let drops: Vec<_> = fault_drops(&n.w).iter().map(|d| (d.0, d.2)).collect();
    assert_eq!(drops, [(first_syn_ack, f)]);
    let bare_syns = segments
        .iter()
        .filter(|(_, fl)| *fl == TcpFlags::SYN.0)
        .count() as u32;
    let counted =
        n.w.network()
            .faults()
            .iter()
            .find(|x| x.id == bare_syn)
            .unwrap();
    assert_eq!((counted.seen, counted.fired), (bare_syns, false));
    assert!(bare_syns >= 1);
}

#[test]
fn counting_starts_when_the_fault_is_armed() {
    let mut n = net();
    for _ in 0..3 {
        send(&mut n.w, n.sa, b"before", "10.0.0.2:9");
    }
    let f = n.w.add_fault(PacketFilter::default(), 2, FaultAction::Drop);
    send(&mut n.w, n.sa, b"after 1", "10.0.0.2:9");
    let second = send(&mut n.w, n.sa, b"after 2", "10.0.0.2:9");
    n.w.run_to_idle(100);
    assert_eq!(fault_drops(&n.w), [(second, 5_000, f)]);
}

#[test]
fn nth_zero_means_the_first() {
    let mut n = net();
    n.w.add_fault(PacketFilter::default(), 0, FaultAction::Drop);
    assert_eq!(n.w.network().faults()[0].nth, 1);
    let p = send(&mut n.w, n.sa, b"x", "10.0.0.2:9");
    n.w.run_to_idle(10);
    assert_eq!(fault_drops(&n.w).first().map(|d| d.0), Some(p));
}

#[test]
fn a_fault_can_duplicate_delay_or_hold() {
    let mut n = net();
    let any_to_b = PacketFilter {
        dst: Some(n.b),
        ..PacketFilter::default()
    };
    n.w.add_fault(any_to_b, 1, FaultAction::Duplicate);
    n.w.add_fault(any_to_b, 2, FaultAction::Delay(Duration::from_millis(25)));
    n.w.add_fault(any_to_b, 3, FaultAction::Hold);
    let dup = send(&mut n.w, n.sa, b"dup", "10.0.0.2:9");
    let slow = send(&mut n.w, n.sa, b"slow", "10.0.0.2:9");
    let held = send(&mut n.w, n.sa, b"held", "10.0.0.2:9");
    assert_eq!(count(&n.w, "packet-duplicated"), 1);
    assert!(n.w.network().packet(held).unwrap().held.is_some());
    // The log says what each fault did, so no packet is late or frozen unexplained.
    assert_eq!(
        wire_trace(&n.w),
        [
            "0.000 A #0 sent p0 10.0.0.1:1000 > 10.0.0.2:9 UDP len=3 (due 10.000)",
            "0.000 A #0 p0 duplicated as p1",
            "0.000 A #0 sent p2 10.0.0.1:1000 > 10.0.0.2:9 UDP len=4 (due 35.000)",
            "0.000 A #0 p2 delayed 25.000",
            "0.000 A #0 sent p3 10.0.0.1:1000 > 10.0.0.2:9 UDP len=4 (due 10.000)",
            "0.000 A #0 p3 held",
        ]
    );
    n.w.run_to_idle(100);
    assert_eq!(delivered_at(&n.w, dup), Some(10_000));
    assert_eq!(delivered_at(&n.w, slow), Some(35_000));
    assert_eq!(delivered_at(&n.w, held), None, "held until released");
    assert_eq!(
        drain(&mut n.w, n.sb),
        [b"dup".to_vec(), b"dup".to_vec(), b"slow".to_vec()]
    );
    n.w.release_packet(held).unwrap();
    n.w.run_to_idle(100);
    assert_eq!(delivered_at(&n.w, held), Some(45_000));
    assert_eq!(drain(&mut n.w, n.sb), [b"held".to_vec()]);
}

#[test]
fn removed_faults_do_not_fire() {
    let mut n = net();
    let f = n.w.add_fault(PacketFilter::default(), 1, FaultAction::Drop);
    let g = n.w.add_fault(PacketFilter::default(), 5, FaultAction::Drop);
    assert_ne!(f, g);
    assert!(n.w.remove_fault(f));
    assert!(!n.w.remove_fault(f));
    assert_eq!(n.w.network().faults().len(), 1);
    send(&mut n.w, n.sa, b"safe", "10.0.0.2:9");
    n.w.run_to_idle(10);
    assert_eq!(drain(&mut n.w, n.sb), [b"safe".to_vec()]);
    assert_eq!(n.w.recv(n.sc, 1), Err(Errno::WouldBlock));
    let _ = n.c;
}
