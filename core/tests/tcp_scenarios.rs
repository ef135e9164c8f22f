//! Whole-world TCP scenarios: two (or more) hosts, the BSD calls, the network's faults,
//! and what the log and the sockets show afterwards. Each test names the situation a
//! learner would set up in the playground and checks the states, the retransmissions and
//! the errors RFC 9293 prescribes for it.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use sockscope_core::log::DropReason;
use sockscope_core::network::{FaultAction, PacketFilter};
use sockscope_core::tcp::{RetransmitReason, State, TcpConfig, TcpNote};
use sockscope_core::wire::{IpPacket, TcpFlags, TcpRepr, Transport};
use sockscope_core::{
    Config, Duration, Endpoint, Errno, EventKind, HostId, PathSettings, Protocol, Shutdown,
    SocketId, World,
};

// ---------------------------------------------------------------- helpers

use sockscope_core::testkit::{accepted, client, ep, listener, ms, two_hosts, two_hosts_with};

fn world_with(config: Config) -> (World, HostId, HostId) {
    two_hosts_with(config)
}

fn world(seed: u64) -> (World, HostId, HostId) {
    two_hosts(seed)
}

fn state(w: &World, s: SocketId) -> Option<State> {
    w.tcb(s).map(|t| t.state())
}

/// A connected pair: A listens on :80, B connects; `c` is B's socket, `s` the one A
/// accepted. Time is 100 ms, nothing in flight.
struct Pair {
    w: World,
    a: HostId,
    b: HostId,
    l: SocketId,
    c: SocketId,
    s: SocketId,
}

fn pair_with(config: Config) -> Pair {
    let (mut w, a, b) = world_with(config);
    let (l, c, s) = accepted(&mut w, a, b);
    assert_eq!(w.getpeername(s), w.getsockname(c));
    assert_eq!(state(&w, c), Some(State::Established));
    assert_eq!(state(&w, s), Some(State::Established));
    Pair { w, a, b, l, c, s }
}

fn pair(seed: u64) -> Pair {
    pair_with(Config {
        seed,
        ..Config::default()
    })
}

/// Every state change of socket `s` in the log, checking each is one its rule allows.
fn changes(w: &World, s: SocketId) -> Vec<(State, State)> {
    w.log()
        .events()
        .iter()
        .filter(|e| e.socket == Some(s))
        .filter_map(|e| match &e.kind {
            EventKind::StateChanged { from, to, rule, .. } => {
                assert!(rule.allows(*from, *to), "{from} -> {to} by {rule:?}");
                Some((*from, *to))
            }
            _ => None,
        })
        .collect()
}

fn notes(w: &World, s: SocketId) -> Vec<TcpNote> {
    w.log()
        .events()
        .iter()
        .filter(|e| e.socket == Some(s))
        .filter_map(|e| match &e.kind {
            EventKind::Tcp { note } => Some(note.clone()),
            _ => None,
        })
        .collect()
}

/// (sequence number, length, reason) of every retransmission by socket `s`.
fn retransmissions(w: &World, s: SocketId) -> Vec<(u32, u32, RetransmitReason)> {
    notes(w, s)
        .into_iter()
        .filter_map(|n| match n {
            TcpNote::Retransmitted { seq, len, reason } => Some((seq, len, reason)),
            _ => None,
        })
        .collect()
}

fn count(w: &World, name: &str) -> usize {
    w.log()
        .events()
        .iter()
        .filter(|e| e.kind.name() == name)
        .count()
}

/// The TCP segments host `src` put on the wire, parsed back from the capture.
fn segments_from(w: &World, src: HostId) -> Vec<TcpRepr> {
    w.capture()
        .iter()
        .filter(|c| c.src == src)
        .filter_map(|c| match IpPacket::parse(&c.bytes).ok()?.transport {
            Transport::Tcp(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// The socket a listener forked for the first SYN, from the log.
fn forked(w: &World) -> Vec<SocketId> {
    w.log()
        .events()
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::ConnectionForked { .. } => e.socket,
            _ => None,
        })
        .collect()
}

fn syn_only() -> PacketFilter {
    PacketFilter {
        flags_set: Some(TcpFlags::SYN),
        flags_clear: Some(TcpFlags::ACK),
        ..PacketFilter::default()
    }
}

fn data(n: usize, seed: u8) -> Vec<u8> {
    (0..n)
        .map(|i| ((i * 7 + i / 251) as u8).wrapping_add(seed))
        .collect()
}

/// Reads everything `s` has ready.
fn drain(w: &mut World, s: SocketId, into: &mut Vec<u8>) {
    while let Ok(d) = w.recv(s, 100_000) {
        if d.is_empty() {
            break;
        }
        into.extend(d);
    }
}

use State::*;

// ---------------------------------------------------------------- opening

#[test]
fn three_way_handshake() {
    let Pair { w, a, b, l, c, s } = pair(1);
    assert_eq!(
        changes(&w, c),
        vec![(Closed, SynSent), (SynSent, Established)]
    );
    assert_eq!(
        changes(&w, s),
        vec![(Listen, SynReceived), (SynReceived, Established)]
    );
    assert_eq!(changes(&w, l), vec![(Closed, Listen)]);
    assert_eq!(forked(&w), vec![s]);
    // On the wire: SYN, SYN-ACK, ACK, each with the right numbers.
    let from_b = segments_from(&w, b);
    let from_a = segments_from(&w, a);
    assert_eq!((from_b.len(), from_a.len()), (2, 1));
    let (syn, syn_ack, ack) = (&from_b[0], &from_a[0], &from_b[1]);
    assert_eq!(syn.flags, TcpFlags::SYN);
    assert_eq!(syn.options.mss, Some(1460));
    assert_eq!(syn_ack.flags, TcpFlags::SYN | TcpFlags::ACK);
    assert_eq!(syn_ack.ack, syn.seq + 1);
    assert_eq!(syn_ack.options.mss, Some(1460));
    assert_eq!(ack.flags, TcpFlags::ACK);
    assert_eq!((ack.seq, ack.ack), (syn.seq + 1, syn_ack.seq + 1));
    let (tc, ts) = (w.tcb(c).unwrap(), w.tcb(s).unwrap());
    assert_eq!((tc.iss, tc.irs), (syn.seq, syn_ack.seq));
    assert_eq!((ts.iss, ts.irs), (syn_ack.seq, syn.seq));
    assert_eq!(tc.snd_mss, 1460);
    assert!(retransmissions(&w, c).is_empty() && retransmissions(&w, s).is_empty());
}

#[test]
fn simultaneous_open() {
    let (mut w, a, b) = world(2);
    let x = w.socket(a, Protocol::Tcp).unwrap();
    let y = w.socket(b, Protocol::Tcp).unwrap();
    w.bind(x, ep("10.0.0.1:5000")).unwrap();
    w.bind(y, ep("10.0.0.2:6000")).unwrap();
    w.connect(x, ep("10.0.0.2:6000")).unwrap();
    w.connect(y, ep("10.0.0.1:5000")).unwrap();
    w.advance(ms(100));
    // RFC 9293 §3.5 Figure 8: both SYNs cross, both sides answer SYN,ACK, and each
    // SYN,ACK completes the other side's handshake.
    for s in [x, y] {
        assert_eq!(
            changes(&w, s),
            vec![
                (Closed, SynSent),
                (SynSent, SynReceived),
                (SynReceived, Established)
            ]
        );
    }
    // Two segments each: SYN and SYN,ACK, nothing else.
    for h in [a, b] {
        let flags: Vec<TcpFlags> = segments_from(&w, h).iter().map(|s| s.flags).collect();
        assert_eq!(flags, vec![TcpFlags::SYN, TcpFlags::SYN | TcpFlags::ACK]);
    }
    assert_eq!(forked(&w), vec![], "no listener involved");
    w.send(x, b"from x").unwrap();
    w.send(y, b"from y").unwrap();
    w.advance(ms(100));
    assert_eq!(w.recv(y, 100).unwrap(), b"from x");
    assert_eq!(w.recv(x, 100).unwrap(), b"from y");
}

#[test]
fn connect_to_a_closed_port_is_refused() {
    let (mut w, a, b) = world(3);
    let c = client(&mut w, b, "10.0.0.1:81");
    w.advance(ms(100));
    // RFC 9293 §3.10.7.1: the host answers <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>.
    let from_a = segments_from(&w, a);
    let syn = &segments_from(&w, b)[0];
    assert_eq!(from_a.len(), 1);
    assert_eq!(from_a[0].flags, TcpFlags::RST | TcpFlags::ACK);
    assert_eq!((from_a[0].seq.0, from_a[0].ack), (0, syn.seq + 1));
    assert_eq!(count(&w, "reset-sent"), 1);
    assert_eq!(changes(&w, c), vec![(Closed, SynSent), (SynSent, Closed)]);
    assert!(notes(&w, c).contains(&TcpNote::Error {
        error: Errno::ConnRefused
    }));
    // The next call hears it.
    assert_eq!(w.send(c, b"x"), Err(Errno::ConnRefused));
    assert_eq!(w.recv(c, 10), Err(Errno::ConnRefused));
    assert!(retransmissions(&w, c).is_empty());
}

#[test]
fn lost_syn_is_retransmitted() {
    let (mut w, a, b) = world(4);
    let l = listener(&mut w, a, "10.0.0.1:80", 8);
    w.add_fault(syn_only(), 1, FaultAction::Drop);
    let c = client(&mut w, b, "10.0.0.1:80");
    w.advance(ms(900));
    assert_eq!(state(&w, c), Some(SynSent));
    assert_eq!(w.accept(l), Err(Errno::WouldBlock));
    w.advance(ms(200));
    let iss = w.tcb(c).unwrap().iss.0;
    assert_eq!(
        retransmissions(&w, c),
        vec![(iss, 1, RetransmitReason::Timeout)]
    );
    assert_eq!(state(&w, c), Some(Established));
    let (s, _) = w.accept(l).unwrap();
    assert_eq!(state(&w, s), Some(Established));
    assert!(retransmissions(&w, s).is_empty());
    let drops = w
        .log()
        .events()
        .iter()
        .filter(|e| {
            matches!(
                e.kind,
                EventKind::PacketDropped {
                    reason: DropReason::Fault { .. },
                    ..
                }
            )
        })
        .count();
    assert_eq!(drops, 1);
}

#[test]
fn lost_syn_ack_is_retransmitted() {
    let (mut w, a, b) = world(5);
    let l = listener(&mut w, a, "10.0.0.1:80", 8);
    let filter = PacketFilter {
        flags_set: Some(TcpFlags::SYN | TcpFlags::ACK),
        ..PacketFilter::default()
    };
    w.add_fault(filter, 1, FaultAction::Drop);
    let c = client(&mut w, b, "10.0.0.1:80");
    w.advance(ms(900));
    let s = forked(&w)[0];
    assert_eq!(
        (state(&w, c), state(&w, s)),
        (Some(SynSent), Some(SynReceived))
    );
    w.advance(ms(200));
    // Both ends time out: the client resends its SYN, the server its SYN,ACK; the
    // client's SYN, a duplicate in SYN-RECEIVED, draws the SYN,ACK once more (as in
    // Linux and FreeBSD; it would recover the handshake if the timeout's copy were lost).
    let server_iss = w.tcb(s).unwrap().iss.0;
    assert_eq!(
        retransmissions(&w, s),
        vec![
            (server_iss, 1, RetransmitReason::Timeout),
            (server_iss, 1, RetransmitReason::DuplicateSyn)
        ]
    );
    assert_eq!(retransmissions(&w, c).len(), 1);
    assert_eq!(state(&w, c), Some(Established));
    assert_eq!(state(&w, s), Some(Established));
    assert_eq!(w.accept(l).unwrap().0, s);
    assert_eq!(
        changes(&w, s),
        vec![(Listen, SynReceived), (SynReceived, Established)]
    );
}

#[test]
fn lost_final_ack_is_recovered_by_the_syn_ack_retransmission() {
    let (mut w, a, b) = world(6);
    let l = listener(&mut w, a, "10.0.0.1:80", 8);
    let filter = PacketFilter {
        src: Some(b),
        flags_set: Some(TcpFlags::ACK),
        flags_clear: Some(TcpFlags::SYN),
        ..PacketFilter::default()
    };
    w.add_fault(filter, 1, FaultAction::Drop);
    let c = client(&mut w, b, "10.0.0.1:80");
    w.advance(ms(500));
    let s = forked(&w)[0];
    // The client is established; the server never heard the ACK.
    assert_eq!(
        (state(&w, c), state(&w, s)),
        (Some(Established), Some(SynReceived))
    );
    assert_eq!(w.accept(l), Err(Errno::WouldBlock));
    w.advance(ms(600));
    // The SYN,ACK goes again; the client, already established, acknowledges the old
    // segment and that ACK completes the server's side.
    assert_eq!(retransmissions(&w, s).len(), 1);
    assert!(notes(&w, c)
        .iter()
        .any(|n| matches!(n, TcpNote::Duplicate { .. })));
    assert_eq!(state(&w, s), Some(Established));
    assert_eq!(w.accept(l).unwrap().0, s);
    assert!(retransmissions(&w, c).is_empty());
}

// ---------------------------------------------------------------- closing

#[test]
fn close_initiated_by_the_client() {
    let Pair { mut w, c, s, .. } = pair(7);
    w.close(c).unwrap();
    w.advance(ms(100));
    assert_eq!(state(&w, c), Some(FinWait2));
    assert_eq!(state(&w, s), Some(CloseWait));
    assert_eq!(w.recv(s, 10).unwrap(), b"", "end of stream");
    w.close(s).unwrap();
    w.advance(ms(100));
    assert_eq!(state(&w, c), Some(TimeWait));
    assert_eq!(state(&w, s), None, "LAST-ACK -> CLOSED, socket gone");
    w.advance(Duration::from_secs(4));
    assert_eq!(state(&w, c), None, "TIME-WAIT ended after 2 MSL");
    assert_eq!(
        changes(&w, c),
        vec![
            (Closed, SynSent),
            (SynSent, Established),
            (Established, FinWait1),
            (FinWait1, FinWait2),
            (FinWait2, TimeWait),
            (TimeWait, Closed),
        ]
    );
    assert_eq!(
        changes(&w, s),
        vec![
            (Listen, SynReceived),
            (SynReceived, Established),
            (Established, CloseWait),
            (CloseWait, LastAck),
            (LastAck, Closed),
        ]
    );
    assert_eq!(w.next_event_at(), None, "nothing left to happen");
}

#[test]
fn close_initiated_by_the_server() {
    let Pair { mut w, c, s, b, .. } = pair(8);
    w.send(s, b"last words").unwrap();
    w.close(s).unwrap();
    w.advance(ms(100));
    assert_eq!(state(&w, s), Some(FinWait2));
    assert_eq!(state(&w, c), Some(CloseWait));
    assert_eq!(w.recv(c, 100).unwrap(), b"last words");
    assert_eq!(w.recv(c, 100).unwrap(), b"");
    w.close(c).unwrap();
    w.advance(ms(100));
    assert_eq!(state(&w, s), Some(TimeWait));
    assert_eq!(state(&w, c), None);
    // The client's port is free again at once: the server holds TIME-WAIT.
    assert!(w.socket_table(b).is_empty());
    w.advance(Duration::from_secs(4));
    assert_eq!(state(&w, s), None);
    assert_eq!(
        changes(&w, s)[2..],
        [
            (Established, FinWait1),
            (FinWait1, FinWait2),
            (FinWait2, TimeWait),
            (TimeWait, Closed)
        ]
    );
    assert_eq!(
        changes(&w, c)[2..],
        [
            (Established, CloseWait),
            (CloseWait, LastAck),
            (LastAck, Closed)
        ]
    );
}

#[test]
fn simultaneous_close_goes_through_closing() {
    let Pair { mut w, c, s, .. } = pair(9);
    w.close(c).unwrap();
    w.close(s).unwrap();
    w.advance(ms(100));
    assert_eq!(
        (state(&w, c), state(&w, s)),
        (Some(TimeWait), Some(TimeWait))
    );
    w.advance(Duration::from_secs(4));
    assert_eq!((state(&w, c), state(&w, s)), (None, None));
    for x in [c, s] {
        let ch = changes(&w, x);
        assert_eq!(
            ch[ch.len() - 4..],
            [
                (Established, FinWait1),
                (FinWait1, Closing),
                (Closing, TimeWait),
                (TimeWait, Closed)
            ]
        );
        assert!(retransmissions(&w, x).is_empty());
    }
}

#[test]
fn lost_fin_is_retransmitted() {
    let Pair { mut w, c, s, .. } = pair(10);
    let filter = PacketFilter {
        flags_set: Some(TcpFlags::FIN),
        ..PacketFilter::default()
    };
    w.add_fault(filter, 1, FaultAction::Drop);
    w.close(c).unwrap();
    let fin_seq = w.tcb(c).unwrap().fin_seq.unwrap().0;
    w.advance(ms(900));
    assert_eq!(state(&w, c), Some(FinWait1));
    assert_eq!(state(&w, s), Some(Established));
    w.advance(ms(300));
    assert_eq!(
        retransmissions(&w, c),
        vec![(fin_seq, 1, RetransmitReason::Timeout)]
    );
    assert_eq!(state(&w, c), Some(FinWait2));
    assert_eq!(state(&w, s), Some(CloseWait));
    w.close(s).unwrap();
    w.advance(Duration::from_secs(5));
    assert_eq!((state(&w, c), state(&w, s)), (None, None));
}

#[test]
fn half_close_lets_the_other_side_keep_sending() {
    let Pair { mut w, c, s, .. } = pair(11);
    w.send(c, b"request").unwrap();
    w.shutdown(c, Shutdown::Write).unwrap();
    w.advance(ms(100));
    assert_eq!(state(&w, c), Some(FinWait2));
    assert_eq!(state(&w, s), Some(CloseWait));
    assert_eq!(w.send(c, b"more"), Err(Errno::BrokenPipe));
    assert_eq!(w.recv(s, 100).unwrap(), b"request");
    assert_eq!(w.recv(s, 100).unwrap(), b"", "the client's stream ended");
    // The server still answers, in several pieces, and the client still reads.
    let reply = data(5_000, 1);
    assert_eq!(w.send(s, &reply).unwrap(), 5_000);
    w.advance(ms(300));
    let mut got = Vec::new();
    drain(&mut w, c, &mut got);
    assert_eq!(got, reply);
    assert_eq!(state(&w, c), Some(FinWait2));
    w.close(s).unwrap();
    w.advance(ms(100));
    assert_eq!(w.recv(c, 100).unwrap(), b"");
    assert_eq!(state(&w, c), Some(TimeWait));
    assert_eq!(state(&w, s), None);
}

// ---------------------------------------------------------------- resets and failures

#[test]
fn abort_mid_stream_resets_the_peer() {
    let Pair { mut w, b, c, s, .. } = pair(12);
    w.send(c, &data(3_000, 2)).unwrap();
    w.advance(ms(5));
    w.abort(c).unwrap();
    assert!(w.tcb(c).is_none(), "aborted: gone at once, no TIME-WAIT");
    w.advance(ms(100));
    assert_eq!(state(&w, s), Some(Closed));
    assert!(notes(&w, s).contains(&TcpNote::Error {
        error: Errno::ConnReset
    }));
    assert_eq!(w.recv(s, 10_000), Err(Errno::ConnReset));
    assert_eq!(w.send(s, b"x"), Err(Errno::ConnReset));
    assert_eq!(changes(&w, c).last(), Some(&(Established, Closed)));
    assert_eq!(changes(&w, s).last(), Some(&(Established, Closed)));
    let rst = segments_from(&w, b)
        .into_iter()
        .find(|t| t.flags.contains(TcpFlags::RST))
        .expect("an RST went out");
    assert_eq!(rst.flags, TcpFlags::RST);
}

#[test]
fn a_vanished_peer_times_out_after_the_retry_limit() {
    let Pair { mut w, a, c, .. } = pair(13);
    w.send(c, &data(10_000, 3)).unwrap();
    w.advance(ms(15));
    w.remove_host(a).unwrap();
    let retries = TcpConfig::default().max_retries as usize;
    w.advance(Duration::from_secs(200));
    assert_eq!(state(&w, c), Some(Established), "still retrying");
    w.advance(Duration::from_secs(200));
    assert_eq!(state(&w, c), Some(Closed));
    let rx = retransmissions(&w, c);
    assert_eq!(rx.len(), retries, "{rx:?}");
    assert!(rx.iter().all(|r| r.2 == RetransmitReason::Timeout));
    assert!(rx.windows(2).all(|p| p[0].0 == p[1].0), "always the oldest");
    assert_eq!(w.send(c, b"x"), Err(Errno::TimedOut));
    assert_eq!(w.recv(c, 10), Err(Errno::TimedOut));
    assert!(
        count(&w, "packet-dropped") > retries,
        "every retransmission was lost"
    );
}

#[test]
fn connect_times_out_when_every_syn_is_lost() {
    let (mut w, a, b) = world(14);
    listener(&mut w, a, "10.0.0.1:80", 8);
    w.set_path(
        b,
        a,
        PathSettings {
            loss_ppm: PathSettings::PPM_MAX,
            ..PathSettings::default()
        },
    )
    .unwrap();
    let c = client(&mut w, b, "10.0.0.1:80");
    // RFC 1122 §4.2.3.5 (MUST-23): the SYN is retransmitted for at least 3 minutes;
    // here 1+2+4+8+16+32+60+60 = 183 s.
    w.advance(Duration::from_secs(182));
    assert_eq!(state(&w, c), Some(SynSent));
    w.advance(Duration::from_secs(2));
    assert_eq!(state(&w, c), Some(Closed));
    assert_eq!(
        retransmissions(&w, c).len(),
        TcpConfig::default().syn_retries as usize
    );
    assert_eq!(w.send(c, b"x"), Err(Errno::TimedOut));
}

// ---------------------------------------------------------------- listeners

#[test]
fn full_backlog_drops_the_syn_until_accept_makes_room() {
    let (mut w, a, b) = world(15);
    let l = listener(&mut w, a, "10.0.0.1:80", 1);
    let c1 = client(&mut w, b, "10.0.0.1:80");
    w.advance(ms(50));
    assert_eq!(state(&w, c1), Some(Established));
    let c2 = client(&mut w, b, "10.0.0.1:80");
    w.advance(ms(50));
    // One connection waits for accept(): the queue is full and the SYN goes unanswered.
    assert_eq!(count(&w, "syn-dropped"), 1);
    assert!(w
        .log()
        .events()
        .iter()
        .any(|e| e.socket == Some(l) && e.kind == EventKind::SynDropped { backlog_full: true }));
    assert_eq!(state(&w, c2), Some(SynSent));
    let (s1, from1) = w.accept(l).unwrap();
    assert_eq!(from1, w.getsockname(c1).unwrap());
    w.advance(ms(1_100));
    // The client's SYN, resent after 1 s, finds room.
    assert_eq!(retransmissions(&w, c2).len(), 1);
    assert_eq!(state(&w, c2), Some(Established));
    let (s2, from2) = w.accept(l).unwrap();
    assert_eq!(from2, w.getsockname(c2).unwrap());
    assert_ne!(s1, s2);
    assert_eq!(count(&w, "syn-dropped"), 1);
}

#[test]
fn one_listener_three_clients_share_the_local_port() {
    let (mut w, a, b) = world(16);
    let c_host = w.spawn_host("C", Ipv4Addr::new(10, 0, 0, 3)).unwrap();
    let d_host = w.spawn_host("D", Ipv4Addr::new(10, 0, 0, 4)).unwrap();
    let l = listener(&mut w, a, "10.0.0.1:80", 8);
    let clients: Vec<SocketId> = [b, c_host, d_host]
        .iter()
        .map(|h| client(&mut w, *h, "10.0.0.1:80"))
        .collect();
    w.advance(ms(100));
    let accepted: Vec<(SocketId, Endpoint)> = (0..3).map(|_| w.accept(l).unwrap()).collect();
    assert_eq!(w.accept(l), Err(Errno::WouldBlock));
    let rows = w.socket_table(a);
    assert_eq!(rows.len(), 4, "{rows:#?}");
    let port80 = ep("10.0.0.1:80");
    assert!(rows.iter().all(|r| r.local == Some(port80)), "{rows:#?}");
    let listen_row = rows.iter().find(|r| r.socket == l).unwrap();
    assert_eq!(
        (listen_row.state.as_str(), listen_row.remote),
        ("LISTEN", None)
    );
    let remotes: BTreeSet<Endpoint> = rows.iter().filter_map(|r| r.remote).collect();
    assert_eq!(remotes.len(), 3, "three distinct 4-tuples");
    for (s, from) in &accepted {
        let row = rows.iter().find(|r| r.socket == *s).unwrap();
        assert_eq!(row.state, "ESTABLISHED");
        assert_eq!(row.listener, Some(l));
        assert_eq!(row.remote, Some(*from));
    }
    for (i, c) in clients.iter().enumerate() {
        let me = w.getsockname(*c).unwrap();
        assert!(accepted.iter().any(|(_, from)| *from == me), "client {i}");
        // Each connection carries its own bytes.
        w.send(*c, format!("client {i}").as_bytes()).unwrap();
    }
    w.advance(ms(100));
    for (s, from) in &accepted {
        let i = clients
            .iter()
            .position(|c| w.get_socket(*c).unwrap().local == Some(*from))
            .unwrap();
        assert_eq!(w.recv(*s, 100).unwrap(), format!("client {i}").as_bytes());
    }
}

#[test]
fn time_wait_blocks_rebinding_until_it_ends_or_reuse_addr() {
    let Pair {
        mut w, a, l, c, s, ..
    } = pair(17);
    // The server closes first, so its side of :80 lingers in TIME-WAIT.
    w.close(l).unwrap();
    w.close(s).unwrap();
    w.advance(ms(50));
    w.close(c).unwrap();
    w.advance(ms(50));
    assert_eq!(state(&w, s), Some(TimeWait));
    let again = w.socket(a, Protocol::Tcp).unwrap();
    assert_eq!(w.bind(again, ep("10.0.0.1:80")), Err(Errno::AddrInUse));
    assert_eq!(w.bind(again, ep("0.0.0.0:80")), Err(Errno::AddrInUse));
    // SO_REUSEADDR accepts the risk (RFC 9293 §3.4.2 is why TIME-WAIT exists).
    let reuse = w.socket(a, Protocol::Tcp).unwrap();
    w.set_reuse_addr(reuse, true).unwrap();
    assert_eq!(w.bind(reuse, ep("10.0.0.1:80")), Ok(()));
    w.listen(reuse, 4).unwrap();
    assert_eq!(
        state(&w, s),
        Some(TimeWait),
        "the old connection is untouched"
    );
    w.close(reuse).unwrap();
    // Once 2 MSL have passed, the port is free for anyone.
    w.advance(Duration::from_secs(4));
    assert_eq!(state(&w, s), None);
    assert_eq!(w.bind(again, ep("10.0.0.1:80")), Ok(()));
    w.listen(again, 4).unwrap();
}

// ---------------------------------------------------------------- flow and congestion

#[test]
fn zero_window_is_probed_until_the_reader_catches_up() {
    let config = Config {
        seed: 18,
        tcp: TcpConfig {
            recv_buffer: 4_096,
            ..TcpConfig::default()
        },
        ..Config::default()
    };
    let Pair { mut w, c, s, .. } = pair_with(config);
    let sent = data(20_000, 4);
    assert_eq!(w.send(c, &sent).unwrap(), 20_000);
    w.advance(Duration::from_secs(10));
    // The receiver never read: 4096 bytes arrived, the window is shut, the sender probes.
    let ts = w.tcb(s).unwrap();
    assert_eq!(ts.recv_buf.ready.len(), 4_096);
    assert_eq!(ts.recv_buf.window(), 0);
    assert_eq!(w.tcb(c).unwrap().snd_wnd, 0);
    let probes = notes(&w, c)
        .iter()
        .filter(|n| matches!(n, TcpNote::ZeroWindowProbe { .. }))
        .count();
    // Persist intervals 1, 2, 4 s: three probes within 10 s.
    assert_eq!(probes, 3);
    assert_eq!(state(&w, c), Some(Established), "probing never gives up");
    // Now the receiver reads, a little at a time, and the transfer completes.
    let mut got = Vec::new();
    for _ in 0..200 {
        drain(&mut w, s, &mut got);
        if got.len() == sent.len() {
            break;
        }
        w.advance(ms(50));
    }
    assert_eq!(got.len(), sent.len());
    assert!(got == sent, "every byte, in order");
    // A lossless path: nothing was retransmitted, not even the probed byte when it went
    // out again with the rest.
    assert_eq!(retransmissions(&w, c), vec![]);
    assert_eq!(w.tcb(c).unwrap().congestion.dup_acks, 0);
}

#[test]
fn fast_retransmit_after_three_duplicate_acks() {
    let Pair { mut w, b, c, s, .. } = pair(19);
    let sent = data(60_000, 5);
    let mss = w.tcb(c).unwrap().snd_mss;
    let initial = w.tcb(c).unwrap().congestion.cwnd;
    assert_eq!(initial, 4_380);
    // B's next packets carrying ACK: the handshake is over, so these are all data. Drop
    // the twelfth.
    let filter = PacketFilter {
        src: Some(b),
        flags_set: Some(TcpFlags::ACK),
        ..PacketFilter::default()
    };
    w.add_fault(filter, 12, FaultAction::Drop);
    assert_eq!(w.send(c, &sent).unwrap(), 60_000);
    // Step event by event, watching congestion control.
    let mut max_cwnd = initial;
    let mut at_loss = None;
    let mut got = Vec::new();
    while w.step() {
        let t = w.tcb(c).unwrap();
        if t.congestion.in_recovery && at_loss.is_none() {
            at_loss = Some((max_cwnd, t.congestion.ssthresh, t.congestion.cwnd));
        }
        if at_loss.is_none() {
            max_cwnd = max_cwnd.max(t.congestion.cwnd);
        }
        drain(&mut w, s, &mut got);
        if w.now().micros() > 5_000_000 {
            break;
        }
    }
    assert!(got == sent, "every byte, in order");
    let rx = retransmissions(&w, c);
    assert_eq!(rx.len(), 1, "{rx:?}");
    assert_eq!(rx[0].2, RetransmitReason::FastRetransmit);
    assert_eq!(rx[0].1, mss);
    let (before, ssthresh, cwnd) = at_loss.expect("fast recovery was entered");
    // Slow start grew the window well beyond its initial value...
    assert!(
        before >= 4 * initial / 2 + mss,
        "cwnd only reached {before}"
    );
    // ...and fast recovery halved it (RFC 5681 §3.2: ssthresh = FlightSize / 2,
    // cwnd = ssthresh + 3·SMSS).
    assert!(ssthresh <= before / 2 + mss && ssthresh + 2 * mss >= before / 2);
    assert_eq!(cwnd, ssthresh + 3 * mss);
    let t = w.tcb(c).unwrap();
    assert!(
        !t.congestion.in_recovery,
        "recovery ended with the full ACK"
    );
    assert_eq!(t.congestion.ssthresh, ssthresh);
    assert!(
        t.congestion.cwnd >= ssthresh,
        "congestion avoidance from ssthresh on"
    );
    assert_eq!(t.snd_una, t.snd_max, "all acknowledged");
    let dropped = w.log().events().iter().any(|e| {
        matches!(
            e.kind,
            EventKind::PacketDropped {
                reason: DropReason::Fault { .. },
                ..
            }
        )
    });
    assert!(dropped);
}
