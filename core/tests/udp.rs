//! Sockets and UDP (RFC 768): binding, ephemeral ports, sendto/recvfrom, connected UDP,
//! ICMP port unreachable and the asynchronous ConnRefused it causes, buffer limits, and
//! the socket table.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use std::collections::BTreeSet;

use common::{count, drop_reasons, ep, row, trace, trace_since, two_hosts, wire_trace, A, B};
use sockscope_core::host::EPHEMERAL_PORTS;
use sockscope_core::log::DropReason;
use sockscope_core::wire::{DestUnreachableCode, IcmpRepr, IpPacket, Transport};
use sockscope_core::{Config, Endpoint, Errno, EventKind, Protocol, Shutdown, SocketId, World};

#[test]
fn hello_datagram_trace() {
    let (mut w, a, b) = two_hosts(1);
    let server = w.socket(b, Protocol::Udp).unwrap();
    w.bind(server, ep("0.0.0.0:7")).unwrap();
    let client = w.socket(a, Protocol::Udp).unwrap();
    assert_eq!(w.send_to(client, b"hello", ep("10.0.0.2:7")), Ok(5));
    assert_eq!(w.recv_from(server, 100), Err(Errno::WouldBlock));
    w.run_to_idle(100);
    assert_eq!(
        w.recv_from(server, 100),
        Ok((b"hello".to_vec(), ep("10.0.0.1:49152")))
    );
    assert_eq!(
        trace(&w),
        [
            "0.000 A spawned A 10.0.0.1",
            "0.000 B spawned B 10.0.0.2",
            "0.000 B #0 socket(udp) = #0",
            "0.000 B #0 bind(0.0.0.0:7) = ok",
            "0.000 A #1 socket(udp) = #1",
            "0.000 A #1 sent p0 10.0.0.1:49152 > 10.0.0.2:7 UDP len=5 (due 10.000)",
            "0.000 A #1 sendto(5 bytes, 10.0.0.2:7) = 5",
            "0.000 B #0 recvfrom(100) = EAGAIN",
            "10.000 B #0 delivered p0",
            "10.000 B #0 queued len=5 from 10.0.0.1:49152",
            "10.000 B #0 recvfrom(100) = len=5 from 10.0.0.1:49152",
        ]
    );
}

#[test]
fn reply_goes_back_to_the_source_port() {
    let (mut w, a, b) = two_hosts(1);
    let server = w.socket(b, Protocol::Udp).unwrap();
    w.bind(server, ep("10.0.0.2:53")).unwrap();
    let client = w.socket(a, Protocol::Udp).unwrap();
    w.send_to(client, b"query", ep("10.0.0.2:53")).unwrap();
    w.run_to_idle(100);
    let (q, from) = w.recv_from(server, 512).unwrap();
    assert_eq!((q.as_slice(), from), (&b"query"[..], ep("10.0.0.1:49152")));
    w.send_to(server, b"answer", from).unwrap();
    w.run_to_idle(100);
    assert_eq!(
        w.recv_from(client, 512),
        Ok((b"answer".to_vec(), ep("10.0.0.2:53")))
    );
    assert_eq!(w.now().micros(), 20_000);
}

#[test]
fn bind_refuses_addresses_of_other_hosts() {
    let (mut w, a, _) = two_hosts(1);
    let s = w.socket(a, Protocol::Udp).unwrap();
    assert_eq!(w.bind(s, ep("10.0.0.2:7")), Err(Errno::AddrNotAvail));
    assert_eq!(w.bind(s, ep("10.9.9.9:7")), Err(Errno::AddrNotAvail));
    assert_eq!(w.getsockname(s), Ok(Endpoint::any(0)), "still unbound");
    assert_eq!(w.bind(s, ep("10.0.0.1:7")), Ok(()));
    assert_eq!(
        w.bind(s, ep("10.0.0.1:8")),
        Err(Errno::InvalidInput),
        "bound once"
    );
    assert_eq!(
        trace_since(&w, 3),
        [
            "0.000 A #0 bind(10.0.0.2:7) = EADDRNOTAVAIL",
            "0.000 A #0 bind(10.9.9.9:7) = EADDRNOTAVAIL",
            "0.000 A #0 getsockname() = 0.0.0.0:0",
            "0.000 A #0 bind(10.0.0.1:7) = ok",
            "0.000 A #0 bind(10.0.0.1:8) = EINVAL",
        ]
    );
}

#[test]
fn one_port_one_udp_socket_wildcard_included() {
    let (mut w, a, b) = two_hosts(1);
    let sock = |w: &mut World| w.socket(a, Protocol::Udp).unwrap();
    // specific, then specific
    let s1 = sock(&mut w);
    w.bind(s1, ep("10.0.0.1:5000")).unwrap();
    let s2 = sock(&mut w);
    assert_eq!(w.bind(s2, ep("10.0.0.1:5000")), Err(Errno::AddrInUse));
    // specific, then wildcard
    assert_eq!(w.bind(s2, ep("0.0.0.0:5000")), Err(Errno::AddrInUse));
    // wildcard, then specific
    w.bind(s2, ep("0.0.0.0:6000")).unwrap();
    let s3 = sock(&mut w);
    assert_eq!(w.bind(s3, ep("10.0.0.1:6000")), Err(Errno::AddrInUse));
    assert_eq!(w.bind(s3, ep("0.0.0.0:6000")), Err(Errno::AddrInUse));
    // A connected socket holds its port as well.
    w.connect(s3, ep("10.0.0.2:9")).unwrap();
    let port = w.getsockname(s3).unwrap().port;
    let s4 = sock(&mut w);
    assert_eq!(w.bind(s4, Endpoint::any(port)), Err(Errno::AddrInUse));
    // Another host, or another protocol, may use the same number.
    let other = w.socket(b, Protocol::Udp).unwrap();
    assert_eq!(w.bind(other, ep("0.0.0.0:5000")), Ok(()));
    let tcp = w.socket(a, Protocol::Tcp).unwrap();
    assert_eq!(w.bind(tcp, ep("10.0.0.1:5000")), Ok(()));
    assert_eq!(Errno::AddrInUse.name(), "EADDRINUSE");
    assert!(Errno::AddrInUse.to_string().contains("already holds"));
}

#[test]
fn port_zero_picks_an_ephemeral_port() {
    let (mut w, a, _) = two_hosts(1);
    let s = w.socket(a, Protocol::Udp).unwrap();
    w.bind(s, ep("0.0.0.0:0")).unwrap();
    let local = w.getsockname(s).unwrap();
    assert_eq!(local, ep("0.0.0.0:49152"));
    let t = w.socket(a, Protocol::Udp).unwrap();
    w.bind(t, ep("10.0.0.1:0")).unwrap();
    assert_eq!(w.getsockname(t), Ok(ep("10.0.0.1:49153")));
    // Ports go out in turn: a freed one is not handed straight back.
    w.close(s).unwrap();
    let u = w.socket(a, Protocol::Udp).unwrap();
    w.bind(u, Endpoint::any(0)).unwrap();
    assert_eq!(w.getsockname(u), Ok(ep("0.0.0.0:49154")));
    // A port bound by hand inside the range is skipped.
    let v = w.socket(a, Protocol::Udp).unwrap();
    w.bind(v, Endpoint::any(49155)).unwrap();
    let x = w.socket(a, Protocol::Udp).unwrap();
    w.bind(x, Endpoint::any(0)).unwrap();
    assert_eq!(w.getsockname(x), Ok(ep("0.0.0.0:49156")));
}

#[test]
fn two_thousand_ephemeral_ports_never_collide() {
    let (mut w, a, _) = two_hosts(1);
    let mut ports = BTreeSet::new();
    for i in 0..2_000 {
        let s = w.socket(a, Protocol::Udp).unwrap();
        // Half bind to port 0, half get their port from sendto.
        if i % 2 == 0 {
            w.bind(s, Endpoint::any(0)).unwrap();
        } else {
            w.send_to(s, b"x", ep("10.0.0.2:9")).unwrap();
        }
        let port = w.getsockname(s).unwrap().port;
        assert!(
            (EPHEMERAL_PORTS.0..=EPHEMERAL_PORTS.1).contains(&port),
            "{port}"
        );
        assert!(ports.insert(port), "port {port} handed out twice");
    }
    assert_eq!(ports.len(), 2_000);
    assert_eq!(w.socket_table(a).len(), 2_000);
    assert_eq!(w.host(a).unwrap().table.len(), 2_000);
}

#[test]
fn when_every_ephemeral_port_is_taken_port_zero_is_eaddrinuse() {
    let (mut w, a, _) = two_hosts(1);
    let span = usize::from(EPHEMERAL_PORTS.1 - EPHEMERAL_PORTS.0) + 1;
    assert_eq!(span, 16_384);
    for _ in 0..span {
        let s = w.socket(a, Protocol::Udp).unwrap();
        w.bind(s, Endpoint::any(0)).unwrap();
    }
    let s = w.socket(a, Protocol::Udp).unwrap();
    assert_eq!(w.bind(s, Endpoint::any(0)), Err(Errno::AddrInUse));
    assert_eq!(w.send_to(s, b"x", ep("10.0.0.2:9")), Err(Errno::AddrInUse));
    assert_eq!(w.network().in_flight().count(), 0);
    // A port outside the range is still there for the asking; TCP has its own ports.
    assert_eq!(w.bind(s, Endpoint::any(5000)), Ok(()));
    let t = w.socket(a, Protocol::Tcp).unwrap();
    assert_eq!(w.bind(t, Endpoint::any(0)), Ok(()));
    // Freeing one makes it the next one handed out.
    w.close(SocketId(1234)).unwrap();
    let u = w.socket(a, Protocol::Udp).unwrap();
    w.bind(u, Endpoint::any(0)).unwrap();
    assert_eq!(w.getsockname(u), Ok(Endpoint::any(49152 + 1234)));
}

#[test]
fn sendto_binds_an_unbound_socket() {
    let (mut w, a, _) = two_hosts(1);
    let s = w.socket(a, Protocol::Udp).unwrap();
    assert_eq!(w.getsockname(s), Ok(Endpoint::any(0)));
    assert_eq!(
        w.socket_table(a),
        [row(0, Protocol::Udp, "", "", "unbound")]
    );
    w.send_to(s, b"x", ep("10.0.0.2:9")).unwrap();
    assert_eq!(w.getsockname(s), Ok(ep("10.0.0.1:49152")));
    assert_eq!(
        w.socket_table(a),
        [row(0, Protocol::Udp, "10.0.0.1:49152", "", "bound")]
    );
    // The same port again for the next datagram.
    w.send_to(s, b"y", ep("10.0.0.2:9")).unwrap();
    assert_eq!(w.getsockname(s), Ok(ep("10.0.0.1:49152")));
}

#[test]
fn sending_from_a_wildcard_socket_uses_the_host_address() {
    let (mut w, a, b) = two_hosts(1);
    let rx = w.socket(b, Protocol::Udp).unwrap();
    w.bind(rx, Endpoint::any(9)).unwrap();
    let s = w.socket(a, Protocol::Udp).unwrap();
    w.bind(s, Endpoint::any(4000)).unwrap();
    w.send_to(s, b"x", ep("10.0.0.2:9")).unwrap();
    w.run_to_idle(10);
    assert_eq!(w.recv_from(rx, 9), Ok((b"x".to_vec(), ep("10.0.0.1:4000"))));
    assert_eq!(w.getsockname(s), Ok(ep("0.0.0.0:4000")), "still a wildcard");
}

#[test]
fn recv_takes_one_datagram_and_cuts_it_to_size() {
    let (mut w, a, b) = two_hosts(1);
    let rx = w.socket(b, Protocol::Udp).unwrap();
    w.bind(rx, Endpoint::any(9)).unwrap();
    let tx = w.socket(a, Protocol::Udp).unwrap();
    w.send_to(tx, b"first datagram", ep("10.0.0.2:9")).unwrap();
    w.send_to(tx, b"second", ep("10.0.0.2:9")).unwrap();
    w.send_to(tx, b"", ep("10.0.0.2:9")).unwrap();
    w.run_to_idle(10);
    assert_eq!(w.socket_table(b)[0].recv_queue, 20);
    // The rest of a longer datagram is discarded, as in C.
    assert_eq!(w.recv(rx, 5), Ok(b"first".to_vec()));
    assert_eq!(
        w.recv_from(rx, 100),
        Ok((b"second".to_vec(), ep("10.0.0.1:49152")))
    );
    assert_eq!(
        w.recv(rx, 100),
        Ok(vec![]),
        "an empty datagram is a datagram"
    );
    assert_eq!(w.recv(rx, 100), Err(Errno::WouldBlock));
    assert_eq!(w.socket_table(b)[0].recv_queue, 0);
    assert!(Errno::WouldBlock.to_string().starts_with("EAGAIN"));
}

#[test]
fn send_needs_a_connected_socket_and_connect_fixes_the_peer() {
    let (mut w, a, b) = two_hosts(1);
    let rx = w.socket(b, Protocol::Udp).unwrap();
    w.bind(rx, Endpoint::any(9)).unwrap();
    let s = w.socket(a, Protocol::Udp).unwrap();
    let mark = w.log().len();
    assert_eq!(w.send(s, b"x"), Err(Errno::DestAddrRequired));
    assert_eq!(w.getpeername(s), Err(Errno::NotConnected));
    assert_eq!(w.connect(s, ep("0.0.0.0:9")), Err(Errno::InvalidInput));
    assert_eq!(w.connect(s, ep("10.0.0.2:0")), Err(Errno::InvalidInput));
    assert_eq!(w.connect(s, ep("10.0.0.2:9")), Ok(()));
    assert_eq!(w.getpeername(s), Ok(ep("10.0.0.2:9")));
    assert_eq!(w.getsockname(s), Ok(ep("10.0.0.1:49152")));
    assert_eq!(
        w.socket_table(a),
        [row(
            1,
            Protocol::Udp,
            "10.0.0.1:49152",
            "10.0.0.2:9",
            "connected"
        )]
    );
    assert_eq!(w.send(s, b"via connect"), Ok(11));
    w.run_to_idle(10);
    assert_eq!(
        w.recv_from(rx, 100),
        Ok((b"via connect".to_vec(), ep("10.0.0.1:49152")))
    );
    // The peer answers; a connected socket reads it with plain recv.
    w.send_to(rx, b"back", ep("10.0.0.1:49152")).unwrap();
    w.run_to_idle(10);
    assert_eq!(w.recv(s, 100), Ok(b"back".to_vec()));
    assert_eq!(
        trace_since(&w, mark)[..6],
        [
            "0.000 A #1 send(1 byte) = EDESTADDRREQ",
            "0.000 A #1 getpeername() = ENOTCONN",
            "0.000 A #1 connect(0.0.0.0:9) = EINVAL",
            "0.000 A #1 connect(10.0.0.2:0) = EINVAL",
            "0.000 A #1 connect(10.0.0.2:9) = ok",
            "0.000 A #1 getpeername() = 10.0.0.2:9",
        ]
    );
}

#[test]
fn connecting_a_wildcard_socket_names_the_host_address() {
    let (mut w, a, _) = two_hosts(1);
    let s = w.socket(a, Protocol::Udp).unwrap();
    w.bind(s, Endpoint::any(4000)).unwrap();
    w.connect(s, ep("10.0.0.2:9")).unwrap();
    assert_eq!(w.getsockname(s), Ok(ep("10.0.0.1:4000")));
    // Connecting again moves the peer.
    w.connect(s, ep("10.0.0.3:9")).unwrap();
    assert_eq!(w.getpeername(s), Ok(ep("10.0.0.3:9")));
    assert_eq!(w.host(a).unwrap().table.len(), 1, "re-keyed, not added");
}

#[test]
fn a_connected_socket_only_hears_its_peer() {
    let (mut w, a, b) = two_hosts(1);
    let c = w.spawn_host("C", common::C).unwrap();
    let s = w.socket(a, Protocol::Udp).unwrap();
    w.bind(s, Endpoint::any(4000)).unwrap();
    w.connect(s, ep("10.0.0.2:9")).unwrap();
    let from_b = w.socket(b, Protocol::Udp).unwrap();
    w.bind(from_b, Endpoint::any(9)).unwrap();
    let from_c = w.socket(c, Protocol::Udp).unwrap();
    w.bind(from_c, Endpoint::any(9)).unwrap();
    w.send_to(from_c, b"stranger", ep("10.0.0.1:4000")).unwrap();
    w.send_to(from_b, b"peer", ep("10.0.0.1:4000")).unwrap();
    w.run_to_idle(10);
    assert_eq!(
        w.recv_from(s, 100),
        Ok((b"peer".to_vec(), ep("10.0.0.2:9")))
    );
    assert_eq!(w.recv_from(s, 100), Err(Errno::WouldBlock));
    // No socket matches the stranger's datagram, so A answers port unreachable; C's
    // socket is not connected, so it hears nothing of it.
    assert_eq!(
        wire_trace(&w)[..4],
        [
            "0.000 C #2 sent p0 10.0.0.3:9 > 10.0.0.1:4000 UDP len=8 (due 10.000)",
            "0.000 B #1 sent p1 10.0.0.2:9 > 10.0.0.1:4000 UDP len=4 (due 10.000)",
            "10.000 A dropped p0 PortUnreachable",
            "10.000 A sent p2 10.0.0.1 > 10.0.0.3 ICMP port unreachable (due 20.000)",
        ]
    );
    assert_eq!(w.send_to(from_c, b"again", ep("10.0.0.1:4000")), Ok(5));
}

#[test]
fn datagrams_above_65507_bytes_are_refused() {
    let (mut w, a, b) = two_hosts(1);
    let rx = w.socket(b, Protocol::Udp).unwrap();
    w.bind(rx, Endpoint::any(9)).unwrap();
    let s = w.socket(a, Protocol::Udp).unwrap();
    let big = vec![0xab; 65_508];
    assert_eq!(w.send_to(s, &big, ep("10.0.0.2:9")), Err(Errno::MsgSize));
    assert_eq!(w.network().in_flight().count(), 0);
    assert!(Errno::MsgSize.to_string().contains("65,507"));
    assert_eq!(w.send_to(s, &big[1..], ep("10.0.0.2:9")), Ok(65_507));
    let total = w.log().events().iter().find_map(|e| match &e.kind {
        EventKind::PacketSent { summary, .. } => Some(summary.total_len),
        _ => None,
    });
    assert_eq!(total, Some(65_535), "exactly one full IPv4 datagram");
    w.run_to_idle(10);
    let (data, _) = w.recv_from(rx, 70_000).unwrap();
    assert_eq!(data, &big[1..]);
}

#[test]
fn listen_and_accept_are_not_for_udp() {
    let (mut w, a, _) = two_hosts(1);
    let s = w.socket(a, Protocol::Udp).unwrap();
    assert_eq!(w.listen(s, 5), Err(Errno::OpNotSupported));
    assert_eq!(w.accept(s), Err(Errno::OpNotSupported));
    assert_eq!(
        w.socket_table(a),
        [row(0, Protocol::Udp, "", "", "unbound")]
    );
}

#[test]
fn close_frees_the_port() {
    let (mut w, a, _) = two_hosts(1);
    let s = w.socket(a, Protocol::Udp).unwrap();
    w.bind(s, ep("10.0.0.1:7")).unwrap();
    let t = w.socket(a, Protocol::Udp).unwrap();
    assert_eq!(w.bind(t, ep("10.0.0.1:7")), Err(Errno::AddrInUse));
    assert_eq!(w.close(s), Ok(()));
    assert_eq!(w.bind(t, ep("10.0.0.1:7")), Ok(()));
    assert_eq!(w.close(s), Err(Errno::BadDescriptor), "closed once");
    assert!(w.get_socket(s).is_none());
    assert_eq!(w.sockets().count(), 1);
    assert_eq!(
        w.socket_table(a),
        [row(1, Protocol::Udp, "10.0.0.1:7", "", "bound")]
    );
}

#[test]
fn every_call_on_a_bad_descriptor_is_ebadf() {
    let (mut w, _, _) = two_hosts(1);
    let bad = SocketId(999);
    let any = ep("10.0.0.2:9");
    assert_eq!(w.bind(bad, any), Err(Errno::BadDescriptor));
    assert_eq!(w.listen(bad, 1), Err(Errno::BadDescriptor));
    assert_eq!(w.accept(bad), Err(Errno::BadDescriptor));
    assert_eq!(w.connect(bad, any), Err(Errno::BadDescriptor));
    assert_eq!(w.send(bad, b"x"), Err(Errno::BadDescriptor));
    assert_eq!(w.send_to(bad, b"x", any), Err(Errno::BadDescriptor));
    assert_eq!(w.recv(bad, 1), Err(Errno::BadDescriptor));
    assert_eq!(w.recv_from(bad, 1), Err(Errno::BadDescriptor));
    assert_eq!(w.shutdown(bad, Shutdown::Both), Err(Errno::BadDescriptor));
    assert_eq!(w.getsockname(bad), Err(Errno::BadDescriptor));
    assert_eq!(w.getpeername(bad), Err(Errno::BadDescriptor));
    assert_eq!(w.close(bad), Err(Errno::BadDescriptor));
    // Each refusal is logged against the socket number, with no host.
    let calls: Vec<_> = w
        .log()
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::UserCall { .. }))
        .collect();
    assert_eq!(calls.len(), 12);
    assert!(calls
        .iter()
        .all(|e| e.socket == Some(bad) && e.host.is_none()));
    assert!(calls.iter().all(|e| matches!(
        e.kind,
        EventKind::UserCall {
            result: Err(Errno::BadDescriptor),
            ..
        }
    )));
    assert_eq!(w.network().in_flight().count(), 0);
}

#[test]
fn socket_table_rows_show_protocol_addresses_and_state() {
    let (mut w, a, _) = two_hosts(1);
    let unbound_udp = w.socket(a, Protocol::Udp).unwrap();
    let bound = w.socket(a, Protocol::Udp).unwrap();
    w.bind(bound, ep("0.0.0.0:53")).unwrap();
    let connected = w.socket(a, Protocol::Udp).unwrap();
    w.bind(connected, ep("10.0.0.1:5000")).unwrap();
    w.connect(connected, ep("10.0.0.2:6000")).unwrap();
    let listener = w.socket(a, Protocol::Tcp).unwrap();
    w.bind(listener, ep("0.0.0.0:80")).unwrap();
    w.listen(listener, 16).unwrap();
    let closed_tcp = w.socket(a, Protocol::Tcp).unwrap();
    let _ = (unbound_udp, closed_tcp);
    // Bound sockets in table order (protocol, then port), then the unbound ones.
    assert_eq!(
        w.socket_table(a),
        [
            row(3, Protocol::Tcp, "0.0.0.0:80", "", "LISTEN"),
            row(1, Protocol::Udp, "0.0.0.0:53", "", "bound"),
            row(
                2,
                Protocol::Udp,
                "10.0.0.1:5000",
                "10.0.0.2:6000",
                "connected"
            ),
            row(0, Protocol::Udp, "", "", "unbound"),
            row(4, Protocol::Tcp, "", "", "CLOSED"),
        ]
    );
    // Each bound socket's table key is the one it is filed under.
    let host = w.host(a).unwrap();
    for (key, id) in host.table.iter() {
        assert_eq!(w.get_socket(*id).unwrap().table_key(), Some(*key));
    }
}

#[test]
fn udp_to_a_closed_port_is_answered_with_icmp_port_unreachable() {
    let (mut w, a, b) = two_hosts(1);
    let s = w.socket(a, Protocol::Udp).unwrap();
    w.send_to(s, b"anyone?", ep("10.0.0.2:9")).unwrap();
    w.run_to_idle(10);
    assert_eq!(
        wire_trace(&w),
        [
            "0.000 A #0 sent p0 10.0.0.1:49152 > 10.0.0.2:9 UDP len=7 (due 10.000)",
            "10.000 B dropped p0 PortUnreachable",
            "10.000 B sent p1 10.0.0.2 > 10.0.0.1 ICMP port unreachable (due 20.000)",
            "20.000 A delivered p1",
        ]
    );
    // The ICMP message quotes the datagram it is about (RFC 792).
    let icmp = w.capture().iter().find(|c| c.src == b).unwrap();
    let packet = IpPacket::parse(&icmp.bytes).unwrap();
    let Transport::Icmp(IcmpRepr::DestUnreachable { code, original }) = packet.transport else {
        panic!("not an ICMP error: {packet:?}");
    };
    assert_eq!(code, DestUnreachableCode::PortUnreachable);
    assert_eq!(original, w.capture()[0].bytes[..28]);
    // The socket is not connected: like Linux, it hears nothing of the error.
    assert_eq!(count(&w, "socket-error"), 0);
    assert_eq!(w.recv_from(s, 100), Err(Errno::WouldBlock));
    assert_eq!(w.send_to(s, b"again", ep("10.0.0.2:9")), Ok(5));
}

#[test]
fn a_connected_udp_socket_reports_conn_refused_once() {
    let (mut w, a, _) = two_hosts(1);
    let s = w.socket(a, Protocol::Udp).unwrap();
    w.connect(s, ep("10.0.0.2:9")).unwrap();
    w.send(s, b"anyone?").unwrap();
    w.run_to_idle(10);
    let mark = w.log().len();
    assert_eq!(w.send(s, b"again"), Err(Errno::ConnRefused));
    assert_eq!(w.send(s, b"again"), Ok(5), "the error is reported once");
    assert_eq!(
        wire_trace(&w)[..5],
        [
            "0.000 A #0 sent p0 10.0.0.1:49152 > 10.0.0.2:9 UDP len=7 (due 10.000)",
            "10.000 B dropped p0 PortUnreachable",
            "10.000 B sent p1 10.0.0.2 > 10.0.0.1 ICMP port unreachable (due 20.000)",
            "20.000 A delivered p1",
            "20.000 A #0 error ECONNREFUSED",
        ]
    );
    assert_eq!(
        trace_since(&w, mark)[..2],
        [
            "20.000 A #0 send(5 bytes) = ECONNREFUSED",
            "20.000 A #0 sent p2 10.0.0.1:49152 > 10.0.0.2:9 UDP len=5 (due 30.000)",
        ]
    );
    // The second refusal surfaces on recv just the same.
    w.run_to_idle(10);
    assert_eq!(w.recv(s, 100), Err(Errno::ConnRefused));
    assert_eq!(w.recv(s, 100), Err(Errno::WouldBlock));
}

#[test]
fn a_full_receive_buffer_drops_datagrams() {
    let mut w = World::new(Config {
        // Two 4-byte datagrams, each charged 576 bytes more (DATAGRAM_OVERHEAD, as Linux
        // charges an skb), take 1,160 bytes: the third finds the buffer over 1,000.
        udp_recv_buffer: 1_000,
        ..Config::default()
    });
    let a = w.spawn_host("A", A).unwrap();
    let b = w.spawn_host("B", B).unwrap();
    let rx = w.socket(b, Protocol::Udp).unwrap();
    w.bind(rx, Endpoint::any(9)).unwrap();
    let tx = w.socket(a, Protocol::Udp).unwrap();
    for d in [b"1111", b"2222", b"3333"] {
        w.send_to(tx, d, ep("10.0.0.2:9")).unwrap();
    }
    w.run_to_idle(10);
    assert_eq!(
        wire_trace(&w)[3..],
        [
            "10.000 B #0 delivered p0",
            "10.000 B #0 queued len=4 from 10.0.0.1:49152",
            "10.000 B #0 delivered p1",
            "10.000 B #0 queued len=4 from 10.0.0.1:49152",
            "10.000 B #0 dropped p2 BufferFull",
        ]
    );
    assert_eq!(w.socket_table(b)[0].recv_queue, 8);
    assert_eq!(w.recv(rx, 100), Ok(b"1111".to_vec()));
    // Room again.
    w.send_to(tx, b"4444", ep("10.0.0.2:9")).unwrap();
    w.run_to_idle(10);
    assert_eq!(w.recv(rx, 100), Ok(b"2222".to_vec()));
    assert_eq!(w.recv(rx, 100), Ok(b"4444".to_vec()));
    assert_eq!(w.recv(rx, 100), Err(Errno::WouldBlock));
    let reasons = drop_reasons(&w);
    assert_eq!(
        reasons,
        [DropReason::BufferFull],
        "no ICMP for a full buffer"
    );
}

#[test]
fn shutdown_stops_one_direction() {
    let (mut w, a, b) = two_hosts(1);
    let rx = w.socket(b, Protocol::Udp).unwrap();
    w.bind(rx, Endpoint::any(9)).unwrap();
    let s = w.socket(a, Protocol::Udp).unwrap();
    assert_eq!(w.shutdown(s, Shutdown::Write), Err(Errno::NotConnected));
    w.connect(s, ep("10.0.0.2:9")).unwrap();
    w.shutdown(s, Shutdown::Write).unwrap();
    assert_eq!(w.send(s, b"x"), Err(Errno::BrokenPipe));
    assert_eq!(w.network().in_flight().count(), 0);
    w.connect(rx, ep("10.0.0.1:49152")).unwrap();
    w.shutdown(s, Shutdown::Read).unwrap();
    w.send(rx, b"late").unwrap();
    w.run_to_idle(10);
    assert_eq!(w.recv(s, 100), Err(Errno::WouldBlock));
    assert_eq!(count(&w, "datagram-queued"), 0);
}
