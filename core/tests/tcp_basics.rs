//! The TCP socket calls that come before data transfer, as the socket table shows them:
//! socket, bind, listen (CLOSED -> LISTEN), EADDRINUSE, getsockname; and the host's answer
//! to a segment for a port with no socket (RFC 9293 §3.10.7.1).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{count, ep, row, sent_packets, trace_since, two_hosts, wire_trace};
use sockscope_core::log::DropReason;
use sockscope_core::wire::{IpPacket, SeqNumber, TcpFlags, Transport};
use sockscope_core::{Duration, Errno, EventKind, PacketId, Protocol, World};

/// The TCP header of a captured packet.
fn tcp_of(w: &World, p: PacketId) -> sockscope_core::wire::TcpRepr {
    let bytes = &w.captured(p).expect("captured").bytes;
    match IpPacket::parse(bytes).expect("parses").transport {
        Transport::Tcp(t) => t,
        other => panic!("not TCP: {other:?}"),
    }
}

/// Packets sent, in order, with their one-line summaries.
fn sent(w: &World) -> Vec<(PacketId, String)> {
    sent_packets(w)
        .map(|(packet, summary)| (packet, summary.text().into_owned()))
        .collect()
}

#[test]
fn tcp_listen_enters_listen() {
    let (mut w, a, _) = two_hosts(1);
    let s = w.socket(a, Protocol::Tcp).unwrap();
    assert_eq!(w.socket_table(a), [row(0, Protocol::Tcp, "", "", "CLOSED")]);
    w.bind(s, ep("0.0.0.0:80")).unwrap();
    assert_eq!(
        w.socket_table(a),
        [row(0, Protocol::Tcp, "0.0.0.0:80", "", "CLOSED")]
    );
    assert_eq!(w.listen(s, 0), Ok(()));
    assert_eq!(
        w.socket_table(a),
        [row(0, Protocol::Tcp, "0.0.0.0:80", "", "LISTEN")]
    );
    let backlog = |w: &World| {
        let tcp = w.get_socket(s).unwrap().tcp().unwrap();
        tcp.listener.as_ref().unwrap().backlog
    };
    assert_eq!(backlog(&w), 1, "clamped");
    assert_eq!(w.getsockname(s), Ok(ep("0.0.0.0:80")));
    assert_eq!(w.getpeername(s), Err(Errno::NotConnected));
    assert_eq!(w.accept(s), Err(Errno::WouldBlock), "nobody has connected");
    // Listening twice is harmless, as in BSD.
    assert_eq!(w.listen(s, 100_000), Ok(()));
    assert_eq!(backlog(&w), 4096);
    assert_eq!(
        trace_since(&w, 2),
        [
            "0.000 A #0 socket(tcp) = #0",
            "0.000 A #0 bind(0.0.0.0:80) = ok",
            "0.000 A #0 CLOSED -> LISTEN",
            "0.000 A #0 listen(0) = ok",
            "0.000 A #0 getsockname() = 0.0.0.0:80",
            "0.000 A #0 getpeername() = ENOTCONN",
            "0.000 A #0 accept() = EAGAIN",
            "0.000 A #0 listen(100000) = ok",
        ]
    );
}

#[test]
fn tcp_listen_on_an_unbound_socket_takes_an_ephemeral_port() {
    let (mut w, a, _) = two_hosts(1);
    let s = w.socket(a, Protocol::Tcp).unwrap();
    w.listen(s, 5).unwrap();
    assert_eq!(
        w.socket_table(a),
        [row(0, Protocol::Tcp, "0.0.0.0:49152", "", "LISTEN")]
    );
}

#[test]
fn two_tcp_listeners_cannot_share_a_port_but_tcp_and_udp_can() {
    let (mut w, a, _) = two_hosts(1);
    let l1 = w.socket(a, Protocol::Tcp).unwrap();
    w.bind(l1, ep("0.0.0.0:80")).unwrap();
    w.listen(l1, 5).unwrap();
    let l2 = w.socket(a, Protocol::Tcp).unwrap();
    assert_eq!(w.bind(l2, ep("0.0.0.0:80")), Err(Errno::AddrInUse));
    assert_eq!(w.bind(l2, ep("10.0.0.1:80")), Err(Errno::AddrInUse));
    let u = w.socket(a, Protocol::Udp).unwrap();
    assert_eq!(w.bind(u, ep("0.0.0.0:80")), Ok(()));
    assert_eq!(
        w.socket_table(a),
        [
            row(0, Protocol::Tcp, "0.0.0.0:80", "", "LISTEN"),
            row(2, Protocol::Udp, "0.0.0.0:80", "", "bound"),
            row(1, Protocol::Tcp, "", "", "CLOSED"),
        ]
    );
    // A closed listener frees its port for the next one.
    w.close(l1).unwrap();
    assert_eq!(w.bind(l2, ep("10.0.0.1:80")), Ok(()));
    assert_eq!(w.listen(l2, 5), Ok(()));
}

#[test]
fn tcp_data_calls_need_a_connection() {
    let (mut w, a, _) = two_hosts(1);
    let s = w.socket(a, Protocol::Tcp).unwrap();
    assert_eq!(w.send(s, b"x"), Err(Errno::NotConnected));
    assert_eq!(w.recv(s, 1), Err(Errno::NotConnected));
    assert_eq!(w.recv_from(s, 1), Err(Errno::NotConnected));
    assert_eq!(w.accept(s), Err(Errno::InvalidInput), "not listening");
    assert_eq!(w.network().in_flight().count(), 0);
}

#[test]
fn a_syn_to_a_port_with_no_socket_is_answered_with_rst_ack() {
    let (mut w, a, b) = two_hosts(1);
    let c = w.socket(a, Protocol::Tcp).unwrap();
    w.connect(c, ep("10.0.0.2:81")).unwrap();
    w.run_to_idle(100);
    let packets = sent(&w);
    assert_eq!(packets.len(), 2, "{packets:?}");
    let (syn, rst) = (tcp_of(&w, packets[0].0), tcp_of(&w, packets[1].0));
    assert_eq!(syn.flags, TcpFlags::SYN);
    // RFC 9293 §3.10.7.1, CLOSED, ACK bit off: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>,
    // where a SYN counts one.
    assert_eq!(rst.flags, TcpFlags::RST | TcpFlags::ACK);
    assert_eq!(rst.seq, SeqNumber(0));
    assert_eq!(rst.ack, syn.seq + 1);
    assert_eq!((rst.src_port, rst.dst_port), (81, syn.src_port));
    assert!(rst.payload.is_empty());
    let lines = wire_trace(&w);
    let from_b: Vec<_> = lines.iter().filter(|l| l.contains(" B ")).collect();
    assert_eq!(from_b[0], "10.000 B dropped p0 NoTcpSocket");
    assert_eq!(from_b[1], "10.000 B RST to 10.0.0.1:49152");
    assert!(from_b[2]
        .starts_with("10.000 B sent p1 10.0.0.2:81 > 10.0.0.1:49152 TCP RST,ACK seq=0 ack="));
    // The host itself answers: no socket on B is involved.
    let reset = w
        .log()
        .events()
        .iter()
        .find(|e| e.kind.name() == "reset-sent")
        .unwrap();
    assert_eq!((reset.host, reset.socket), (Some(b), None));
    // The connecting program hears of it.
    assert_eq!(w.send(c, b"x"), Err(Errno::ConnRefused));
}

#[test]
fn a_segment_with_ack_to_a_closed_port_gets_rst_at_its_ack_number() {
    // Hold the server's SYN,ACK while the client gives up, so it lands on a port with no
    // socket.
    let (mut w, a, b) = two_hosts(1);
    let l = w.socket(b, Protocol::Tcp).unwrap();
    w.bind(l, ep("0.0.0.0:80")).unwrap();
    w.listen(l, 5).unwrap();
    let c = w.socket(a, Protocol::Tcp).unwrap();
    w.connect(c, ep("10.0.0.2:80")).unwrap();
    w.advance(Duration::from_millis(15));
    let (syn_ack_id, _) = sent(&w)[1].clone();
    w.hold_packet(syn_ack_id).unwrap();
    w.abort(c).unwrap();
    assert!(w.get_socket(c).is_none());
    let mark = w.log().len();
    w.release_packet(syn_ack_id).unwrap();
    w.advance(Duration::from_millis(10));
    let syn_ack = tcp_of(&w, syn_ack_id);
    assert_eq!(syn_ack.flags, TcpFlags::SYN | TcpFlags::ACK);
    let lines = trace_since(&w, mark);
    assert!(
        lines.contains(&format!("20.000 A dropped p{} NoTcpSocket", syn_ack_id.0)),
        "{lines:#?}"
    );
    assert!(
        lines.contains(&"20.000 A RST to 10.0.0.2:80".to_string()),
        "{lines:#?}"
    );
    let (rst_id, _) = sent(&w).last().cloned().unwrap();
    let rst = tcp_of(&w, rst_id);
    // ACK bit on: <SEQ=SEG.ACK><CTL=RST>.
    assert_eq!(rst.flags, TcpFlags::RST);
    assert_eq!(rst.seq, syn_ack.ack);
    assert_eq!((rst.src_port, rst.dst_port), (syn_ack.dst_port, 80));
}

#[test]
fn an_rst_to_a_port_with_no_socket_is_dropped_unanswered() {
    // Both ends abort at once: each RST finds the other's socket gone. A has no listener,
    // so its RST meets CLOSED and must not be answered (no RST war).
    let (mut w, a, b) = two_hosts(1);
    let l = w.socket(b, Protocol::Tcp).unwrap();
    w.bind(l, ep("0.0.0.0:80")).unwrap();
    w.listen(l, 5).unwrap();
    let c = w.socket(a, Protocol::Tcp).unwrap();
    w.connect(c, ep("10.0.0.2:80")).unwrap();
    w.advance(Duration::from_millis(30));
    let (t, _) = w.accept(l).unwrap();
    let resets_before = count(&w, "reset-sent");
    w.abort(c).unwrap();
    w.abort(t).unwrap();
    w.run_to_idle(100);
    let to_a = sent(&w).last().cloned().unwrap();
    assert!(
        to_a.1.starts_with("10.0.0.2:80 > 10.0.0.1:49152 TCP RST "),
        "{to_a:?}"
    );
    let dropped = w.log().events().iter().find_map(|e| match &e.kind {
        EventKind::PacketDropped { packet, reason } if *packet == to_a.0 => {
            Some((e.host, reason.clone()))
        }
        _ => None,
    });
    assert_eq!(dropped, Some((Some(a), DropReason::NoTcpSocket)));
    assert_eq!(
        count(&w, "reset-sent"),
        resets_before,
        "nobody answers an RST"
    );
    assert_eq!(w.network().in_flight().count(), 0);
}

#[test]
fn listen_on_a_reset_connection_is_refused() {
    let (mut w, a, b) = two_hosts(1);
    let l = w.socket(b, Protocol::Tcp).unwrap();
    w.bind(l, ep("0.0.0.0:80")).unwrap();
    w.listen(l, 5).unwrap();
    let c = w.socket(a, Protocol::Tcp).unwrap();
    w.connect(c, ep("10.0.0.2:80")).unwrap();
    w.advance(Duration::from_millis(30));
    let (t, _) = w.accept(l).unwrap();
    w.abort(c).unwrap();
    w.run_to_idle(100);
    assert_eq!(
        w.tcb(t).map(|x| x.state()),
        Some(sockscope_core::tcp::State::Closed)
    );
    // Linux refuses listen() on a socket that was connected (EINVAL). Here it succeeds,
    // and the "listener" keeps remote 10.0.0.1:49152 and the 4-tuple key: a new
    // connection from that port is forked under the same key, the fork cannot enter the
    // table, and its handshake is answered with RST.
    assert_eq!(w.listen(t, 5), Err(Errno::InvalidInput));
    let c2 = w.socket(a, Protocol::Tcp).unwrap();
    w.bind(c2, ep("10.0.0.1:49152")).unwrap();
    w.connect(c2, ep("10.0.0.2:80")).unwrap();
    w.advance(Duration::from_millis(100));
    assert_eq!(
        w.tcb(c2).map(|x| x.state()),
        Some(sockscope_core::tcp::State::Established)
    );
    for s in w.sockets() {
        let closed = w
            .tcb(s.id)
            .is_some_and(|t| t.state() == sockscope_core::tcp::State::Closed);
        if let (Some(key), false) = (s.table_key(), closed) {
            assert_eq!(w.host(s.host).unwrap().table.get(&key), Some(s.id));
        }
    }
}
