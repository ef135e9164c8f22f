//! The internet layer as packet traces: ARP (RFC 826) request, reply, queueing and the
//! drop when nobody answers; a router forwarding with TTL; ICMP time exceeded and
//! unreachable (RFC 792, RFC 1812); longest-prefix match; a static-route loop that TTL
//! ends; traceroute.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{count, drop_reasons, ep, trace_since};
use sockscope_core::log::DropReason;
use sockscope_core::route::Prefix;
use sockscope_core::topology::{LinkParams, ARP_TIMEOUT, UNRES_QLEN};
use sockscope_core::{Duration, Errno, EventKind, HostId, Protocol, World};
use std::net::Ipv4Addr;

fn ip(s: &str) -> Ipv4Addr {
    s.parse().unwrap()
}

fn pfx(s: &str) -> Prefix {
    s.parse().unwrap()
}

fn ms5() -> LinkParams {
    LinkParams {
        delay: Some(Duration::from_millis(5)),
        ..LinkParams::default()
    }
}

/// A (10.0.1.5) — R1 — B (10.0.2.5), each link with a 5 ms delay.
fn one_router(seed: u64) -> (World, HostId, HostId, HostId) {
    let mut w = World::with_seed(seed);
    let a = w.spawn_host("A", ip("10.0.1.5")).unwrap();
    let b = w.spawn_host("B", ip("10.0.2.5")).unwrap();
    let r = w.add_router("R1").unwrap();
    w.link(&[a, r], ms5()).unwrap();
    w.link(&[r, b], ms5()).unwrap();
    w.set_addr(r, "eth0", ip("10.0.1.1"), 24).unwrap();
    w.set_addr(r, "eth1", ip("10.0.2.1"), 24).unwrap();
    w.add_route(a, Prefix::DEFAULT, ip("10.0.1.1"), 0).unwrap();
    w.add_route(b, Prefix::DEFAULT, ip("10.0.2.1"), 0).unwrap();
    (w, a, b, r)
}

/// Events of one kind, rendered as trace lines, from the start.
fn lines_with(w: &World, needle: &str) -> Vec<String> {
    trace_since(w, 0)
        .into_iter()
        .filter(|l| l.contains(needle))
        .collect()
}

#[test]
fn a_datagram_crosses_a_router_after_arp_on_each_link() {
    let (mut w, a, b, _r) = one_router(1);
    let start = w.log().len();
    let server = w.socket(b, Protocol::Udp).unwrap();
    w.bind(server, ep("0.0.0.0:7")).unwrap();
    let client = w.socket(a, Protocol::Udp).unwrap();
    w.send_to(client, b"hello", ep("10.0.2.5:7")).unwrap();
    w.run_to_idle(100);
    assert_eq!(
        w.recv_from(server, 100),
        Ok((b"hello".to_vec(), ep("10.0.1.5:49152")))
    );
    assert_eq!(
        trace_since(&w, start),
        [
            "0.000 B #0 socket(udp) = #0",
            "0.000 B #0 bind(0.0.0.0:7) = ok",
            "0.000 A #1 socket(udp) = #1",
            "0.000 A arp p0 eth0 who-has 10.0.1.1 tell 10.0.1.5 (try 1)",
            "0.000 A #1 sendto(5 bytes, 10.0.2.5:7) = 5",
            "5.000 R1 delivered p0",
            "5.000 R1 arp cache eth0 10.0.1.5=02:00:00:00:00:00",
            "5.000 R1 arp p2 reply 10.0.1.1 is-at 02:00:00:00:00:02 to 10.0.1.5",
            "10.000 A delivered p2",
            "10.000 A arp cache eth0 10.0.1.1=02:00:00:00:00:02",
            "10.000 A #1 sent p3 10.0.1.5:49152 > 10.0.2.5:7 UDP len=5 (due 15.000)",
            "15.000 R1 forward p3 ttl 64->63 via eth1 to 10.0.2.5",
            "15.000 R1 arp p4 eth1 who-has 10.0.2.5 tell 10.0.2.1 (try 1)",
            "20.000 B delivered p4",
            "20.000 B arp cache eth0 10.0.2.1=02:00:01:00:00:02",
            "20.000 B arp p6 reply 10.0.2.5 is-at 02:00:00:00:00:01 to 10.0.2.1",
            "25.000 R1 delivered p6",
            "25.000 R1 arp cache eth1 10.0.2.5=02:00:00:00:00:01",
            "25.000 R1 sent p7 10.0.1.5:49152 > 10.0.2.5:7 UDP len=5 (due 30.000)",
            "30.000 B #0 delivered p7",
            "30.000 B #0 queued len=5 from 10.0.1.5:49152",
            "30.000 B #0 recvfrom(100) = len=5 from 10.0.1.5:49152",
        ]
    );
    // The second datagram finds both caches warm: no ARP, 10 ms end to end.
    let again = w.log().len();
    w.send_to(client, b"again", ep("10.0.2.5:7")).unwrap();
    w.run_to_idle(100);
    assert_eq!(
        trace_since(&w, again)
            .iter()
            .filter(|l| l.contains("arp"))
            .count(),
        0
    );
    assert_eq!(w.recv_from(server, 100).map(|r| r.0), Ok(b"again".to_vec()));
}

#[test]
fn each_hop_is_a_new_frame_and_the_datagram_keeps_all_but_ttl_and_checksum() {
    let (mut w, a, b, _r) = one_router(1);
    let server = w.socket(b, Protocol::Udp).unwrap();
    w.bind(server, ep("0.0.0.0:7")).unwrap();
    let client = w.socket(a, Protocol::Udp).unwrap();
    w.send_to(client, b"hello", ep("10.0.2.5:7")).unwrap();
    w.run_to_idle(100);
    let ip_frames: Vec<&[u8]> = w
        .capture()
        .iter()
        .filter(|c| c.ethernet && c.bytes[12..14] == [0x08, 0x00])
        .map(|c| c.bytes.as_slice())
        .collect();
    assert_eq!(ip_frames.len(), 2, "one frame per link");
    let (first, second) = (ip_frames[0], ip_frames[1]);
    assert_ne!(first[..12], second[..12], "new MAC addresses at the router");
    assert_eq!((first[14 + 8], second[14 + 8]), (64, 63), "TTL one lower");
    assert_ne!(
        first[14 + 10..14 + 12],
        second[14 + 10..14 + 12],
        "checksum"
    );
    let same = |f: &[u8]| {
        let mut d = f[14..].to_vec();
        d[8] = 0;
        d[10] = 0;
        d[11] = 0;
        d
    };
    assert_eq!(
        same(first),
        same(second),
        "the rest of the datagram unchanged"
    );
    assert!(sockscope_core::wire::IpPacket::parse(&second[14..]).is_ok());
}

#[test]
fn arp_that_nobody_answers_drops_what_waited_after_three_tries() {
    let (mut w, a, _b, _r) = one_router(1);
    let client = w.socket(a, Protocol::Udp).unwrap();
    let n = UNRES_QLEN + 2;
    for _ in 0..n {
        w.send_to(client, b"x", ep("10.0.1.77:9")).unwrap();
    }
    w.run_to_idle(1000);
    // The queue is full after UNRES_QLEN datagrams: each later one pushes out the oldest.
    let unresolved = DropReason::ArpUnresolved {
        next_hop: ip("10.0.1.77"),
    };
    let early: Vec<String> = lines_with(&w, "dropped p")
        .into_iter()
        .filter(|l| l.starts_with("0.000 "))
        .collect();
    assert_eq!(early.len(), 2, "{early:?}");
    let asks = lines_with(&w, "who-has 10.0.1.77");
    let times: Vec<&str> = asks.iter().map(|l| l.split(' ').next().unwrap()).collect();
    assert_eq!(times, ["0.000", "1000.000", "2000.000"], "{asks:?}");
    assert!(asks[2].ends_with("who-has 10.0.1.77 tell 10.0.1.5 (try 3)"));
    assert_eq!(
        lines_with(&w, "gave up"),
        [format!(
            "3000.000 A arp gave up 10.0.1.77 after 3, dropped {UNRES_QLEN}"
        )]
    );
    assert_eq!(drop_reasons(&w), vec![unresolved; n]);
}

#[test]
fn arp_entries_age_out_and_are_asked_for_again() {
    let (mut w, a, b, _r) = one_router(1);
    let server = w.socket(b, Protocol::Udp).unwrap();
    w.bind(server, ep("0.0.0.0:7")).unwrap();
    let client = w.socket(a, Protocol::Udp).unwrap();
    w.send_to(client, b"1", ep("10.0.2.5:7")).unwrap();
    w.run_to_idle(100);
    assert_eq!(w.arp_table(a).len(), 1);
    w.advance(ARP_TIMEOUT);
    assert!(
        w.arp_table(a).is_empty(),
        "a minute later the entry is gone"
    );
    w.send_to(client, b"2", ep("10.0.2.5:7")).unwrap();
    w.run_to_idle(100);
    // A forgets R1, and R1 forgets B; R1's entry for A is refreshed by A's own request
    // before R1 looks (RFC 826's merge), and B's by R1's.
    assert_eq!(count(&w, "arp-expired"), 2);
    assert_eq!(count(&w, "arp-request"), 4, "each asks again");
    assert_eq!(w.recv_from(server, 10).map(|r| r.0), Ok(b"1".to_vec()));
    assert_eq!(w.recv_from(server, 10).map(|r| r.0), Ok(b"2".to_vec()));
}

/// A — R1 — R2 — B with 10.0.1.0/24, 10.0.12.0/24, 10.0.2.0/24.
fn two_routers(seed: u64, params: LinkParams) -> (World, [HostId; 4]) {
    let mut w = World::with_seed(seed);
    let a = w.spawn_host("A", ip("10.0.1.5")).unwrap();
    let b = w.spawn_host("B", ip("10.0.2.5")).unwrap();
    let r1 = w.add_router("R1").unwrap();
    let r2 = w.add_router("R2").unwrap();
    w.link(&[a, r1], ms5()).unwrap();
    w.link(&[r1, r2], params).unwrap();
    w.link(&[r2, b], ms5()).unwrap();
    w.set_addr(r1, "eth0", ip("10.0.1.1"), 24).unwrap();
    w.set_addr(r1, "eth1", ip("10.0.12.1"), 24).unwrap();
    w.set_addr(r2, "eth0", ip("10.0.12.2"), 24).unwrap();
    w.set_addr(r2, "eth1", ip("10.0.2.1"), 24).unwrap();
    w.add_route(a, Prefix::DEFAULT, ip("10.0.1.1"), 0).unwrap();
    w.add_route(b, Prefix::DEFAULT, ip("10.0.2.1"), 0).unwrap();
    w.add_route(r1, pfx("10.0.2.0/24"), ip("10.0.12.2"), 0)
        .unwrap();
    w.add_route(r2, pfx("10.0.1.0/24"), ip("10.0.12.1"), 0)
        .unwrap();
    (w, [a, b, r1, r2])
}

#[test]
fn traceroute_names_each_router_then_the_destination() {
    let (mut w, [a, ..]) = two_routers(1, ms5());
    w.traceroute(a, ip("10.0.2.5"), 5).unwrap();
    w.run_to_idle(10_000);
    let hops: Vec<(u8, Ipv4Addr)> = w
        .trace(a)
        .unwrap()
        .hops
        .iter()
        .map(|(ttl, (from, _))| (*ttl, *from))
        .collect();
    assert_eq!(
        hops,
        [
            (1, ip("10.0.1.1")),
            (2, ip("10.0.12.2")),
            (3, ip("10.0.2.5")),
        ]
    );
    let reached: Vec<String> = lines_with(&w, "trace hop");
    assert_eq!(
        reached.len(),
        3,
        "the answers to probes 4 and 5 (from B again) are not hops: {reached:?}"
    );
    assert_eq!(reached[0], "20.000 A trace hop 1 10.0.1.1");
    assert!(reached[2].ends_with("trace hop 3 10.0.2.5 (end)"));
    assert_eq!(
        count(&w, "icmp-sent"),
        5,
        "2 time exceeded, 3 port unreachable"
    );
}

#[test]
fn a_loop_of_static_routes_ends_when_ttl_runs_out() {
    let (mut w, [a, _b, r1, r2]) = two_routers(1, ms5());
    // Misconfigured: each router sends 10.9.0.0/16 to the other.
    w.add_route(r1, pfx("10.9.0.0/16"), ip("10.0.12.2"), 0)
        .unwrap();
    w.add_route(r2, pfx("10.9.0.0/16"), ip("10.0.12.1"), 0)
        .unwrap();
    let client = w.socket(a, Protocol::Udp).unwrap();
    w.send_to(client, b"lost", ep("10.9.0.1:9")).unwrap();
    w.run_to_idle(10_000);
    let forwards = lines_with(&w, "forward p");
    // TTL 64 allows 63 forwards, R1 and R2 in turn; then R1 forwards R2's ICMP error.
    assert_eq!(forwards.len(), 64);
    assert!(forwards[0].ends_with("R1 forward p3 ttl 64->63 via eth1 to 10.0.12.2"));
    assert!(forwards[1].contains("R2 forward"));
    assert!(forwards[1].ends_with("ttl 63->62 via eth0 to 10.0.12.1"));
    assert!(forwards[62].ends_with("ttl 2->1 via eth1 to 10.0.12.2"));
    assert!(forwards[63].ends_with("ttl 64->63 via eth0 to 10.0.1.5"));
    assert_eq!(drop_reasons(&w), [DropReason::TtlExpired]);
    let icmp = lines_with(&w, "icmp 11/0");
    assert_eq!(icmp.len(), 2);
    assert!(icmp[0].ends_with("R2 icmp 11/0 to 10.0.1.5"));
    assert!(
        icmp[1].ends_with("A #0 icmp 11/0 from 10.0.12.2"),
        "{icmp:?}"
    );
}

#[test]
fn no_route_at_a_router_is_net_unreachable_and_a_missing_host_is_host_unreachable() {
    let (mut w, [a, ..]) = two_routers(1, ms5());
    let client = w.socket(a, Protocol::Udp).unwrap();
    w.connect(client, ep("10.8.0.1:9")).unwrap();
    w.send(client, b"nowhere").unwrap();
    w.run_to_idle(1000);
    assert_eq!(
        drop_reasons(&w),
        [DropReason::NoRoute {
            dst: ip("10.8.0.1")
        }]
    );
    assert_eq!(
        lines_with(&w, "icmp 3/0").len(),
        2,
        "sent by R1, received by A"
    );
    // Net and host unreachable are soft errors for UDP (Linux reports only hard ones,
    // like port unreachable, to a socket without IP_RECVERR).
    assert_eq!(w.recv(client, 10), Err(Errno::WouldBlock));
    let other = w.socket(a, Protocol::Udp).unwrap();
    w.send_to(other, b"nobody", ep("10.0.2.99:9")).unwrap();
    w.run_to_idle(10_000);
    assert_eq!(
        lines_with(&w, "icmp 3/1"),
        [
            "3040.000 R2 icmp 3/1 to 10.0.1.5",
            "3050.000 A #1 icmp 3/1 from 10.0.12.2"
        ]
    );
}

#[test]
fn port_unreachable_through_routers_refuses_a_connected_udp_socket() {
    let (mut w, [a, ..]) = two_routers(1, ms5());
    let client = w.socket(a, Protocol::Udp).unwrap();
    w.connect(client, ep("10.0.2.5:9")).unwrap();
    w.send(client, b"anyone?").unwrap();
    w.run_to_idle(1000);
    assert_eq!(drop_reasons(&w), [DropReason::PortUnreachable]);
    assert_eq!(w.recv(client, 10), Err(Errno::ConnRefused));
}

#[test]
fn the_longest_prefix_wins() {
    // R1 has 10.9.0.0/16 via R2 and 10.9.1.0/24 via R3, both on its eth1 switch.
    let mut w = World::with_seed(1);
    let a = w.spawn_host("A", ip("10.0.1.5")).unwrap();
    let r1 = w.add_router("R1").unwrap();
    let r2 = w.add_router("R2").unwrap();
    let r3 = w.add_router("R3").unwrap();
    w.link(&[a, r1], ms5()).unwrap();
    w.link(&[r1, r2, r3], ms5()).unwrap();
    w.set_addr(r1, "eth0", ip("10.0.1.1"), 24).unwrap();
    w.set_addr(r1, "eth1", ip("10.0.0.1"), 24).unwrap();
    w.set_addr(r2, "eth0", ip("10.0.0.2"), 24).unwrap();
    w.set_addr(r3, "eth0", ip("10.0.0.3"), 24).unwrap();
    w.add_route(a, Prefix::DEFAULT, ip("10.0.1.1"), 0).unwrap();
    w.add_route(r1, pfx("10.9.0.0/16"), ip("10.0.0.2"), 0)
        .unwrap();
    w.add_route(r1, pfx("10.9.1.0/24"), ip("10.0.0.3"), 0)
        .unwrap();
    let client = w.socket(a, Protocol::Udp).unwrap();
    w.send_to(client, b"x", ep("10.9.1.7:9")).unwrap();
    w.send_to(client, b"y", ep("10.9.2.7:9")).unwrap();
    w.run_to_idle(1000);
    let forwards = lines_with(&w, "R1 forward");
    assert_eq!(forwards.len(), 2);
    assert!(forwards[0].ends_with("to 10.0.0.3"), "/24 beats /16");
    assert!(forwards[1].ends_with("to 10.0.0.2"), "only the /16 matches");
    assert_eq!(
        w.routes(r1).unwrap().to_string().lines().count(),
        4,
        "two connected, two static: {}",
        w.routes(r1).unwrap()
    );
    // The ARP request for R2 was broadcast on the switch: both R2 and R3 heard it.
    let heard = w
        .log()
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::PacketDelivered { .. }))
        .filter(|e| e.host == Some(r2) || e.host == Some(r3))
        .count();
    assert!(heard >= 4, "{heard}");
}

#[test]
fn a_tcp_transfer_through_two_routers_delivers_exactly_the_bytes_sent() {
    let (mut w, [a, b, ..]) = two_routers(7, ms5());
    let listener = w.socket(b, Protocol::Tcp).unwrap();
    w.bind(listener, ep("0.0.0.0:80")).unwrap();
    w.listen(listener, 4).unwrap();
    let client = w.socket(a, Protocol::Tcp).unwrap();
    w.connect(client, ep("10.0.2.5:80")).unwrap();
    w.advance(Duration::from_millis(200));
    let (server, peer) = w.accept(listener).unwrap();
    assert_eq!(peer.addr, ip("10.0.1.5"));
    let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let mut sent = 0;
    let mut got = Vec::new();
    for _ in 0..10_000 {
        if sent < data.len() {
            sent += w.send(client, &data[sent..]).unwrap_or(0) as usize;
        }
        w.advance(Duration::from_millis(5));
        if let Ok(chunk) = w.recv(server, 65_536) {
            got.extend(chunk);
        }
        if got.len() == data.len() {
            break;
        }
    }
    assert_eq!(got, data);
    assert!(count(&w, "forwarded") > 100);
}

#[test]
fn the_same_routed_run_twice_has_the_same_digest() {
    let run = || {
        let (mut w, [a, ..]) = two_routers(3, ms5());
        w.traceroute(a, ip("10.0.2.5"), 4).unwrap();
        w.ping(a, ip("10.0.2.5")).unwrap();
        w.run_to_idle(10_000);
        w.log().digest()
    };
    assert_eq!(run(), run());
}

#[test]
fn a_smaller_mtu_on_the_way_shrinks_tcp_segments_by_path_mtu_discovery() {
    // A — R1 — B, the second link carrying at most 1000-byte datagrams.
    let mut w = World::with_seed(1);
    let a = w.spawn_host("A", ip("10.0.1.5")).unwrap();
    let b = w.spawn_host("B", ip("10.0.2.5")).unwrap();
    let r = w.add_router("R1").unwrap();
    w.link(&[a, r], ms5()).unwrap();
    let narrow = LinkParams {
        mtu: Some(1000),
        ..ms5()
    };
    w.link(&[r, b], narrow).unwrap();
    w.set_addr(r, "eth0", ip("10.0.1.1"), 24).unwrap();
    w.set_addr(r, "eth1", ip("10.0.2.1"), 24).unwrap();
    w.add_route(a, Prefix::DEFAULT, ip("10.0.1.1"), 0).unwrap();
    w.add_route(b, Prefix::DEFAULT, ip("10.0.2.1"), 0).unwrap();
    let l = w.socket(b, Protocol::Tcp).unwrap();
    w.bind(l, ep("0.0.0.0:80")).unwrap();
    w.listen(l, 1).unwrap();
    let c = w.socket(a, Protocol::Tcp).unwrap();
    w.connect(c, ep("10.0.2.5:80")).unwrap();
    w.advance(Duration::from_millis(100));
    let (s, _) = w.accept(l).unwrap();
    let data = vec![9u8; 6000];
    w.send(c, &data).unwrap();
    let mut got = Vec::new();
    for _ in 0..100 {
        w.advance(Duration::from_millis(100));
        if let Ok(chunk) = w.recv(s, 1 << 16) {
            got.extend(chunk);
        }
    }
    assert_eq!(got, data, "everything arrives");
    assert!(drop_reasons(&w).contains(&DropReason::TooBig { mtu: 1000 }));
    // One "fragmentation needed" per full-size segment of the first flight (3, as the
    // initial window allows), each sent by R1 and received by A.
    let frag_needed = lines_with(&w, "icmp 3/4");
    assert_eq!(
        frag_needed,
        [
            "105.000 R1 icmp 3/4 to 10.0.1.5",
            "105.000 R1 icmp 3/4 to 10.0.1.5",
            "105.000 R1 icmp 3/4 to 10.0.1.5",
            "110.000 A #1 icmp 3/4 from 10.0.1.1",
            "110.000 A #1 icmp 3/4 from 10.0.1.1",
            "110.000 A #1 icmp 3/4 from 10.0.1.1",
        ]
    );
    let lowered: Vec<String> = trace_since(&w, 0)
        .into_iter()
        .filter(|l| l.contains("PathMtu"))
        .collect();
    assert_eq!(lowered.len(), 1, "{lowered:?}");
    assert!(lowered[0].contains("mtu: 1000, mss: 960"), "{lowered:?}");
    // Nothing bigger than the MTU ever crossed the narrow link.
    let narrow_frames = w
        .capture()
        .iter()
        .filter(|f| f.ethernet && f.src == r && f.bytes[12..14] == [0x08, 0x00]);
    assert!(narrow_frames.clone().count() > 5);
    assert!(narrow_frames.map(|f| f.bytes.len() - 14).all(|n| n <= 1000));
}
