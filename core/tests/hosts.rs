//! Hosts: spawning with a name and an IPv4 address, the addresses and names that are
//! refused (and why), and removing a host with its sockets and the packets still heading
//! its way.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use std::net::Ipv4Addr;

use common::{ep, trace, trace_since, two_hosts, wire_trace, A, B};
use sockscope_core::endpoint::AddrParseError;
use sockscope_core::log::DropReason;
use sockscope_core::{Duration, Errno, EventKind, HostError, HostId, Protocol, World};

#[test]
fn spawned_hosts_are_found_by_id_name_and_address() {
    let mut w = World::with_seed(1);
    let a = w.spawn_host("A", A).unwrap();
    let b = w.spawn_host_str("server-1", " 192.168.1.20 ").unwrap();
    assert_ne!(a, b);
    assert_eq!(w.hosts().count(), 2);
    let host = w.host(b).unwrap();
    assert_eq!(
        (host.name.as_str(), host.addr),
        ("server-1", Ipv4Addr::new(192, 168, 1, 20))
    );
    assert_eq!(w.host_by_name("A").map(|h| h.id), Some(a));
    assert_eq!(
        w.host_by_addr(Ipv4Addr::new(192, 168, 1, 20)).map(|h| h.id),
        Some(b)
    );
    assert!(w.host_by_name("nobody").is_none());
    assert!(w.host_by_addr(B).is_none());
    assert_eq!(
        trace(&w),
        [
            "0.000 A spawned A 10.0.0.1",
            "0.000 server-1 spawned server-1 192.168.1.20",
        ]
    );
}

#[test]
fn names_are_trimmed_and_checked() {
    let mut w = World::with_seed(1);
    let a = w.spawn_host("  A  ", A).unwrap();
    assert_eq!(w.host(a).unwrap().name, "A");
    assert_eq!(
        w.spawn_host("서버", B)
            .map(|h| w.host(h).unwrap().name.clone()),
        Ok("서버".to_string()),
        "names need not be ASCII"
    );
    for bad in ["", "   ", "a b", "semi;colon", &"x".repeat(33)] {
        let err = w.spawn_host(bad, Ipv4Addr::new(10, 9, 9, 9)).unwrap_err();
        assert!(matches!(err, HostError::BadName { .. }), "{bad:?}: {err:?}");
        assert!(
            err.to_string().contains("1 to 32 letters"),
            "{bad:?}: {err}"
        );
    }
    assert_eq!(w.hosts().count(), 2);
}

#[test]
fn addresses_no_single_host_may_have_are_refused_with_a_reason() {
    let mut w = World::with_seed(1);
    let cases: [(&str, HostError, &str); 9] = [
        (
            "10.0.0",
            HostError::Address(AddrParseError::MalformedAddress("10.0.0".into())),
            "\"10.0.0\" is not an IPv4 address",
        ),
        (
            "256.1.1.1",
            HostError::Address(AddrParseError::MalformedAddress("256.1.1.1".into())),
            "four numbers from 0 to 255",
        ),
        (
            "010.0.0.1",
            HostError::Address(AddrParseError::MalformedAddress("010.0.0.1".into())),
            "is not an IPv4 address",
        ),
        ("0.0.0.0", HostError::Unspecified, "\"any address\""),
        ("255.255.255.255", HostError::Broadcast, "broadcast"),
        ("224.0.0.1", HostError::Multicast, "multicast"),
        ("239.255.255.255", HostError::Multicast, "multicast"),
        ("127.0.0.1", HostError::Loopback, "loopback"),
        ("127.200.3.4", HostError::Loopback, "loopback"),
    ];
    for (typed, want, says) in cases {
        let err = w.spawn_host_str("H", typed).unwrap_err();
        assert_eq!(err, want, "{typed}");
        assert!(err.to_string().contains(says), "{typed}: {err}");
    }
    // The typed and the parsed entry points agree.
    assert_eq!(
        w.spawn_host("H", Ipv4Addr::BROADCAST),
        Err(HostError::Broadcast)
    );
    assert_eq!(w.hosts().count(), 0, "nothing was spawned");
    assert!(w.log().is_empty(), "a refused spawn leaves no event");
    // Edges of the refused ranges are ordinary hosts.
    for ok in [
        "223.255.255.255",
        "240.0.0.1",
        "126.255.255.255",
        "128.0.0.1",
    ] {
        assert!(w.spawn_host_str(ok, ok).is_err(), "dots make a bad name");
        let name = ok.replace('.', "-");
        assert!(w.spawn_host_str(&name, ok).is_ok(), "{ok}");
    }
}

#[test]
fn duplicate_addresses_and_names_are_refused() {
    let mut w = World::with_seed(1);
    w.spawn_host("A", A).unwrap();
    let err = w.spawn_host("Z", A).unwrap_err();
    assert_eq!(
        err,
        HostError::AddressTaken {
            addr: A,
            by: "A".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "10.0.0.1 already belongs to host A: two hosts with one address would confuse the network"
    );
    let err = w.spawn_host_str("A", "10.0.0.9").unwrap_err();
    assert_eq!(err, HostError::NameTaken { name: "A".into() });
    assert_eq!(err.to_string(), "a host named A already exists");
    let err = w.spawn_host(" A ", Ipv4Addr::new(10, 0, 0, 9)).unwrap_err();
    assert_eq!(err, HostError::NameTaken { name: "A".into() });
    assert_eq!(w.hosts().count(), 1);
}

#[test]
fn removing_a_host_closes_its_sockets() {
    let (mut w, a, b) = two_hosts(1);
    let keep = w.socket(a, Protocol::Udp).unwrap();
    w.bind(keep, ep("0.0.0.0:7")).unwrap();
    let bound = w.socket(b, Protocol::Udp).unwrap();
    w.bind(bound, ep("10.0.0.2:7")).unwrap();
    let unbound = w.socket(b, Protocol::Udp).unwrap();
    let listener = w.socket(b, Protocol::Tcp).unwrap();
    w.bind(listener, ep("0.0.0.0:80")).unwrap();
    w.listen(listener, 5).unwrap();
    assert_eq!(w.socket_table(b).len(), 3);

    let mark = w.log().len();
    w.remove_host(b).unwrap();
    assert_eq!(trace_since(&w, mark), ["0.000 B removed B 10.0.0.2"]);
    assert!(w.host(b).is_none());
    assert!(w.host_by_addr(B).is_none());
    assert!(w.host_by_name("B").is_none());
    let left: Vec<_> = w.sockets().map(|s| s.id).collect();
    assert_eq!(left, [keep], "only A's socket is left");
    for s in [bound, unbound, listener] {
        assert!(w.get_socket(s).is_none());
        assert_eq!(w.getsockname(s), Err(Errno::BadDescriptor));
        assert_eq!(w.close(s), Err(Errno::BadDescriptor));
    }
    assert!(w.socket_table(b).is_empty());
    assert_eq!(w.socket_table(a).len(), 1);
    assert_eq!(w.remove_host(b), Err(HostError::UnknownHost));
    assert_eq!(w.socket(b, Protocol::Udp), Err(Errno::BadDescriptor));
    assert_eq!(w.ping(b, A), Err(Errno::BadDescriptor));
    assert_eq!(HostError::UnknownHost.to_string(), "there is no such host");

    // The address is free again, for a new host with a new id.
    let b2 = w.spawn_host("B", B).unwrap();
    assert_ne!(b2, b);
    assert!(w.socket_table(b2).is_empty());
}

#[test]
fn a_packet_travelling_to_a_removed_host_is_dropped_as_host_gone() {
    let (mut w, a, b) = two_hosts(1);
    let sb = w.socket(b, Protocol::Udp).unwrap();
    w.bind(sb, ep("0.0.0.0:7")).unwrap();
    let sa = w.socket(a, Protocol::Udp).unwrap();
    w.send_to(sa, b"bye", ep("10.0.0.2:7")).unwrap();
    w.advance(Duration::from_millis(4));
    w.remove_host(b).unwrap();
    // Someone takes the address over while the packet is still on the wire: the packet
    // was sent to host B, not to whoever holds 10.0.0.2 when it lands.
    let b2 = w.spawn_host("B2", B).unwrap();
    let s2 = w.socket(b2, Protocol::Udp).unwrap();
    w.bind(s2, ep("0.0.0.0:7")).unwrap();
    w.run_to_idle(100);
    assert_eq!(
        wire_trace(&w),
        [
            "0.000 A #1 sent p0 10.0.0.1:49152 > 10.0.0.2:7 UDP len=3 (due 10.000)",
            "10.000 - dropped p0 HostGone",
        ]
    );
    let dropped = w.log().last().unwrap();
    assert_eq!(dropped.host, None);
    assert_eq!(w.recv_from(s2, 100), Err(Errno::WouldBlock));
    assert_eq!(w.network().in_flight().count(), 0);
}

#[test]
fn removing_a_host_cancels_its_sockets_timers() {
    let (mut w, a, _) = two_hosts(1);
    let c = w.socket(a, Protocol::Tcp).unwrap();
    w.connect(c, ep("10.0.0.2:80")).unwrap();
    let syn = common::last_sent(&w);
    w.hold_packet(syn).unwrap();
    assert!(
        w.next_event_at().is_some(),
        "the SYN's retransmission timer"
    );
    w.remove_host(a).unwrap();
    assert_eq!(w.next_event_at(), None, "nothing of A is left scheduled");
    assert_eq!(w.run_to_idle(100), 0);
    assert_eq!(
        w.now().micros(),
        0,
        "the clock did not move for a dead timer"
    );
    // The SYN still travels; B's RST finds nobody at 10.0.0.1.
    w.release_packet(syn).unwrap();
    w.run_to_idle(100);
    let tail: Vec<_> = wire_trace(&w)
        .into_iter()
        .skip_while(|l| !l.ends_with("p0 held"))
        .collect();
    assert_eq!(
        tail[..4],
        [
            "0.000 A p0 held",
            "0.000 A p0 released",
            "10.000 B dropped p0 NoTcpSocket",
            "10.000 B RST to 10.0.0.1:49152",
        ]
    );
    assert!(tail[4].starts_with("10.000 B sent p1 10.0.0.2:80 > 10.0.0.1:49152 TCP RST,ACK"));
    assert!(tail[4].ends_with("(no such host)"));
    assert_eq!(tail[5], "10.000 B dropped p1 NoSuchHost { dst: 10.0.0.1 }");
    assert_eq!(tail.len(), 6);
}

#[test]
fn a_packet_to_an_address_nobody_has_is_dropped_at_once() {
    let (mut w, a, _) = two_hosts(1);
    let sa = w.socket(a, Protocol::Udp).unwrap();
    w.advance(Duration::from_millis(3));
    let nobody = Ipv4Addr::new(10, 0, 0, 99);
    assert_eq!(w.send_to(sa, b"anyone?", ep("10.0.0.99:7")), Ok(7));
    assert_eq!(
        wire_trace(&w),
        [
            "3.000 A #0 sent p0 10.0.0.1:49152 > 10.0.0.99:7 UDP len=7 (no such host)",
            "3.000 A #0 dropped p0 NoSuchHost { dst: 10.0.0.99 }",
        ]
    );
    let reason = w.log().events().iter().find_map(|e| match &e.kind {
        EventKind::PacketDropped { reason, .. } => Some(reason.clone()),
        _ => None,
    });
    assert_eq!(reason, Some(DropReason::NoSuchHost { dst: nobody }));
    assert_eq!(w.network().in_flight().count(), 0);
    assert_eq!(w.next_event_at(), None, "nothing is scheduled");
    // A ping to nobody goes the same way.
    assert!(w.ping(a, nobody).is_ok());
    assert_eq!(w.network().in_flight().count(), 0);
}

#[test]
fn paths_need_existing_hosts() {
    let (mut w, a, b) = two_hosts(1);
    let ghost = HostId(77);
    let s = sockscope_core::PathSettings::default();
    assert_eq!(w.set_path(a, ghost, s), Err(HostError::UnknownHost));
    assert_eq!(w.set_path(ghost, b, s), Err(HostError::UnknownHost));
    assert_eq!(w.set_link(a, ghost, s), Err(HostError::UnknownHost));
    w.remove_host(b).unwrap();
    assert_eq!(w.set_path(a, b, s), Err(HostError::UnknownHost));
    assert_eq!(
        trace(&w).last().map(String::as_str),
        Some("0.000 B removed B 10.0.0.2"),
        "refused settings leave no event"
    );
}
