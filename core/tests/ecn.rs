//! ECN (RFC 3168): the SYNs negotiate it, the sender marks new data ECT(0), a router
//! whose queue is building marks CE instead of dropping, the receiver echoes ECE until
//! the sender's CWR, and the sender halves its window once per window of data without a
//! retransmission. Switched per host with `sysctl(A, net.ipv4.tcp_ecn=1)`.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{count, drop_reasons, ep};
use sockscope_core::lang::Lang;
use sockscope_core::log::DropReason;
use sockscope_core::route::Prefix;
use sockscope_core::tcp::knobs::Knob;
use sockscope_core::tcp::StackProfile;
use sockscope_core::teach::command::{Command, Console, Value};
use sockscope_core::topology::LinkParams;
use sockscope_core::wire::{Ecn, IpPacket, TcpFlags, Transport};
use sockscope_core::{Duration, HostId, Protocol, SocketId, World};
use std::net::Ipv4Addr;

/// Counts events by the lesson checks' names (TCP notes by their own name).
fn tcp_wire(w: &World) -> Vec<(Ipv4Addr, Ecn, TcpFlags, usize)> {
    tcp_wire_hops(w, true)
}

fn count_named(w: &World, name: &str) -> usize {
    w.log()
        .events()
        .iter()
        .filter(|e| sockscope_core::teach::lesson::event_name(&e.kind) == name)
        .count()
}

fn ip(s: &str) -> Ipv4Addr {
    s.parse().unwrap()
}

/// Every TCP datagram captured, with its ECN codepoint and flags, in capture order: on
/// every hop, or only as its source sent it (`first_hop`).
fn tcp_wire_hops(w: &World, first_hop: bool) -> Vec<(Ipv4Addr, Ecn, TcpFlags, usize)> {
    w.capture()
        .iter()
        .filter_map(|c| Some((c.src, IpPacket::parse(c.datagram()?).ok()?)))
        .filter(|(node, p)| !first_hop || w.host(*node).is_some_and(|h| h.addr == p.ip.src))
        .map(|(_, p)| p)
        .filter_map(|p| match p.transport {
            Transport::Tcp(t) => Some((p.ip.src, p.ip.ecn, t.flags, t.payload.len())),
            _ => None,
        })
        .collect()
}

/// A (10.0.0.1) and B (10.0.0.2) on one segment, both `linux` (ECN answered, not asked,
/// as tcp_ecn=2), A asking for it when `a_asks`, B answering unless `b_refuses`.
fn pair(a_asks: bool, b_refuses: bool) -> (World, SocketId, SocketId) {
    let mut w = World::with_seed(3);
    let a = w.spawn_host("A", ip("10.0.0.1")).unwrap();
    let b = w.spawn_host("B", ip("10.0.0.2")).unwrap();
    for h in [a, b] {
        w.set_host_profile(h, StackProfile::Linux);
    }
    if a_asks {
        w.set_host_knob(a, Knob::Ecn, 1);
    }
    if b_refuses {
        w.set_host_knob(b, Knob::Ecn, 0);
    }
    let l = w.socket(b, Protocol::Tcp).unwrap();
    w.bind(l, ep("10.0.0.2:80")).unwrap();
    w.listen(l, 4).unwrap();
    let c = w.socket(a, Protocol::Tcp).unwrap();
    w.connect(c, ep("10.0.0.2:80")).unwrap();
    w.advance(Duration::from_millis(50));
    let (s, _) = w.accept(l).unwrap();
    w.send(c, &[1u8; 5000]).unwrap();
    w.advance(Duration::from_millis(200));
    (w, c, s)
}

#[test]
fn an_ecn_setup_syn_is_answered_by_an_ecn_setup_syn_ack_and_data_goes_ect0() {
    let (mut w, _, s) = pair(true, false);
    let wire = tcp_wire(&w);
    let (a, b) = (ip("10.0.0.1"), ip("10.0.0.2"));
    // A -> B  SYN  ECE CWR   (RFC 3168 §6.1.1 "ECN-setup SYN")
    // B -> A  SYN,ACK  ECE   ("ECN-setup SYN-ACK")
    let syn = wire[0];
    assert_eq!(syn.0, a);
    assert!(syn
        .2
        .contains(TcpFlags::SYN | TcpFlags::ECE | TcpFlags::CWR));
    let syn_ack = wire[1];
    assert_eq!(syn_ack.0, b);
    assert!(syn_ack
        .2
        .contains(TcpFlags::SYN | TcpFlags::ACK | TcpFlags::ECE));
    assert!(!syn_ack.2.contains(TcpFlags::CWR));
    // SYNs and pure ACKs are Not-ECT (§6.1.1, §6.1.4); new data is ECT(0).
    for (src, ecn, flags, len) in &wire {
        let expect = if *len > 0 { Ecn::Ect0 } else { Ecn::NotEct };
        assert_eq!(*ecn, expect, "{src} {flags:?} len {len}");
    }
    assert_eq!(w.recv(s, 1 << 20).map(|d| d.len()), Ok(5000));
}

#[test]
fn without_the_answer_nothing_is_marked() {
    for (asks, refuses) in [(false, false), (true, true)] {
        let (mut w, _, s) = pair(asks, refuses);
        let wire = tcp_wire(&w);
        assert!(!wire[1].2.contains(TcpFlags::ECE), "SYN,ACK without ECE");
        assert!(
            wire.iter().all(|(_, ecn, ..)| *ecn == Ecn::NotEct),
            "asks {asks} refuses {refuses}: nothing ECN-capable"
        );
        assert_eq!(w.recv(s, 1 << 20).map(|d| d.len()), Ok(5000));
    }
}

const RATE: u64 = 2_000_000;
const QUEUE: u32 = 16;

/// A — R1 — B, the R1 — B link the bottleneck (2 Mbit/s, 16 packets).
fn bottleneck(ecn: bool) -> (World, HostId, SocketId, SocketId) {
    let mut w = World::with_seed(11);
    let a = w.spawn_host("A", ip("10.0.1.5")).unwrap();
    let b = w.spawn_host("B", ip("10.0.2.5")).unwrap();
    let r1 = w.add_router("R1").unwrap();
    let fast = LinkParams {
        delay: Some(Duration::from_millis(5)),
        ..LinkParams::default()
    };
    let slow = LinkParams {
        rate_bps: Some(RATE),
        delay: Some(Duration::from_millis(5)),
        queue: Some(QUEUE),
        mtu: None,
    };
    w.link(&[a, r1], fast).unwrap();
    w.link(&[r1, b], slow).unwrap();
    w.set_addr(r1, "eth0", ip("10.0.1.1"), 24).unwrap();
    w.set_addr(r1, "eth1", ip("10.0.2.1"), 24).unwrap();
    w.add_route(a, Prefix::DEFAULT, ip("10.0.1.1"), 0).unwrap();
    w.add_route(b, Prefix::DEFAULT, ip("10.0.2.1"), 0).unwrap();
    for h in [a, b] {
        w.set_host_profile(h, StackProfile::Linux);
    }
    if ecn {
        w.set_host_knob(a, Knob::Ecn, 1);
    }
    let l = w.socket(b, Protocol::Tcp).unwrap();
    w.bind(l, ep("0.0.0.0:80")).unwrap();
    w.listen(l, 4).unwrap();
    let c = w.socket(a, Protocol::Tcp).unwrap();
    w.connect(c, ep("10.0.2.5:80")).unwrap();
    w.advance(Duration::from_millis(100));
    let (s, _) = w.accept(l).unwrap();
    (w, r1, c, s)
}

/// Sends `len` bytes A -> B, reading as they come; returns the bytes B read.
fn transfer(w: &mut World, c: SocketId, s: SocketId, len: usize) -> Vec<u8> {
    let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
    let (mut sent, mut got) = (0, Vec::new());
    for _ in 0..200_000 {
        if sent < len {
            sent += w.send(c, &data[sent..]).unwrap_or(0) as usize;
        }
        if let Ok(chunk) = w.recv(s, 1 << 20) {
            got.extend_from_slice(&chunk);
        }
        if got.len() == len {
            break;
        }
        w.advance(Duration::from_millis(1));
    }
    assert_eq!(got, data, "every byte, in order");
    got
}

#[test]
fn a_building_queue_marks_ce_and_the_sender_slows_down_without_losing() {
    let mut runs = Vec::new();
    for ecn in [false, true] {
        let (mut w, _, c, s) = bottleneck(ecn);
        transfer(&mut w, c, s, 400_000);
        let full = drop_reasons(&w)
            .iter()
            .filter(|r| matches!(r, DropReason::QueueFull { .. }))
            .count();
        let wire = tcp_wire(&w);
        let ce = tcp_wire_hops(&w, false)
            .iter()
            .filter(|(_, e, ..)| *e == Ecn::Ce)
            .count();
        let ece = wire
            .iter()
            .filter(|(src, _, f, _)| *src == ip("10.0.2.5") && f.contains(TcpFlags::ECE))
            .count();
        let cwr = wire
            .iter()
            .filter(|(src, _, f, l)| *src == ip("10.0.1.5") && *l > 0 && f.contains(TcpFlags::CWR))
            .count();
        let stats = (
            full,
            count_named(&w, "retransmitted"),
            count(&w, "ecn-marked"),
            count_named(&w, "ecn-reduced"),
            ce,
            ece,
            cwr,
        );
        println!("ecn {ecn}: (queue-full, retransmitted, marked, reduced, CE, ECE, CWR) {stats:?}");
        runs.push(stats);
    }
    let (plain, ecn) = (runs[0], runs[1]);
    assert!(plain.0 > 0, "without ECN slow start overfills the queue");
    assert_eq!((plain.2, plain.3, plain.4), (0, 0, 0), "nothing marked");
    assert!(ecn.2 > 0 && ecn.4 > 0, "R1 marked CE and it was captured");
    assert!(ecn.3 > 0, "A reduced its window on ECE");
    assert!(ecn.5 > 0 && ecn.6 > 0, "B echoed ECE, A answered CWR");
    assert!(
        ecn.6 <= ecn.3,
        "one CWR per reduction: {} CWR for {} reductions",
        ecn.6,
        ecn.3
    );
    assert!(
        ecn.0 < plain.0,
        "fewer queue drops with ECN: {ecn:?} vs {plain:?}"
    );
    assert!(
        ecn.1 < plain.1,
        "fewer retransmissions: {ecn:?} vs {plain:?}"
    );
}

#[test]
fn sysctl_in_the_console_shows_sets_and_refuses_in_both_languages() {
    let mut w = World::with_seed(1);
    w.spawn_host("A", ip("10.0.0.1")).unwrap();
    let mut console = Console::default();
    let show = |v: Value| match v {
        Value::Text { en, .. } => en,
        other => panic!("expected a listing, got {other:?}"),
    };
    let before = show(console.run_line(&mut w, "sysctl(A)").unwrap());
    assert!(
        before.contains("net.ipv4.tcp_ecn = 0"),
        "rfc offers nothing: {before}"
    );
    let after = show(
        console
            .run_line(&mut w, "sysctl(A, net.ipv4.tcp_ecn=1)")
            .unwrap(),
    );
    assert!(after.contains("net.ipv4.tcp_ecn = 1"), "{after}");
    common::refused_in_both(
        &mut console,
        &mut w,
        &[
            ("sysctl(A, net.ipv4.tcp_ecn=3)", "out of range", "범위 밖"),
            (
                "sysctl(A, net.ipv4.tcp_fastopen=1)",
                "not a switch",
                "바꿀 수 없습니다",
            ),
            ("sysctl(A, tcp_ecn)", "name=value", "이름=값"),
        ],
    );
    let e = console.run_line(&mut w, "sysctl(Z)").unwrap_err();
    assert!(e.message(Lang::En).contains('Z'), "{}", e.message(Lang::En));
    let parsed: Command = "sysctl(A, net.inet.tcp.ecn.enable=2)".parse().unwrap();
    assert_eq!(parsed.to_string(), "sysctl(A, net.ipv4.tcp_ecn=2)");
}

/// tshark, an independent decoder, reads the marks as we wrote them: the ECN-setup SYN,
/// ECT(0) data, CE from the router, ECE and CWR, and no malformed frame or bad checksum
/// (the router's incremental checksum update, RFC 1624). Skipped, with a note, where
/// tshark is not installed.
#[test]
fn tshark_reads_the_ecn_marks_and_checksums() {
    if cfg!(target_arch = "wasm32") {
        return; // no files or processes in the browser: the native run checks
    }
    let (mut w, _, c, s) = bottleneck(true);
    transfer(&mut w, c, s, 200_000);
    let path = std::env::temp_dir().join(format!("sockscope-ecn-{}.pcap", std::process::id()));
    std::fs::write(&path, w.pcap()).unwrap();
    let field = |filter: &str| -> Option<usize> {
        let out = std::process::Command::new("tshark")
            .args(["-o", "ip.check_checksum:TRUE", "-r"])
            .arg(&path)
            .args(["-Y", filter])
            .output()
            .ok()?;
        assert!(out.status.success(), "tshark failed: {out:?}");
        Some(String::from_utf8_lossy(&out.stdout).lines().count())
    };
    let Some(ce) = field("ip.dsfield.ecn == 3") else {
        println!("note: tshark is not installed; ECN capture not checked");
        return;
    };
    assert!(ce > 0, "tshark sees CE marks");
    // The one ECN-setup SYN, captured on both hops (A - R1, R1 - B).
    assert!(field("ip.dsfield.ecn == 2").unwrap() > ce, "ECT(0) data");
    assert_eq!(
        field(
            "tcp.flags.syn == 1 && tcp.flags.ack == 0 && tcp.flags.ece == 1 && tcp.flags.cwr == 1"
        ),
        Some(2)
    );
    assert!(field("tcp.flags.ece == 1 && tcp.flags.syn == 0").unwrap() > 0);
    assert!(field("tcp.flags.cwr == 1 && tcp.flags.syn == 0").unwrap() > 0);
    assert_eq!(
        field("_ws.malformed || ip.checksum.status == \"Bad\""),
        Some(0)
    );
    let _ = std::fs::remove_file(path);
}
