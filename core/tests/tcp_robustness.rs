//! TCP under stress and abuse (issue 12): zero-window probes that cross, desynchronised
//! pairs, floods of unacceptable segments, sockets the application has let go of, tiny
//! MSS options and SYN floods. Each test would loop, stall or leak before its fix.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{ep, inject_tcp, wire_trace, A, B};
use sockscope_core::tcp::{Rule, State, TcpConfig, TcpNote};
use sockscope_core::teach::scenario::Scenario;
use sockscope_core::testkit;
use sockscope_core::{Config, Duration, EventKind, HostId, SocketId, World};

// ---------------------------------------------------------------- helpers

fn world(tcp: TcpConfig) -> (World, HostId, HostId) {
    testkit::two_hosts_with(Config {
        seed: 1,
        tcp,
        ..Config::default()
    })
}

/// A's listener on :80, B connected to it and accepted: (A's connection, B's socket).
fn pair(w: &mut World, a: HostId, b: HostId) -> (SocketId, SocketId) {
    let (_, c, t) = testkit::accepted(w, a, b);
    (t, c)
}

/// An external host, E (10.0.0.9), to forge segments from.
fn attacker(w: &mut World) -> HostId {
    w.spawn_external_host("E", std::net::Ipv4Addr::new(10, 0, 0, 9))
        .unwrap()
}

fn packets(w: &World) -> usize {
    w.log()
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::PacketSent { .. }))
        .count()
}

/// Bytes that became readable at a socket (DataReady notes).
fn delivered(w: &World, s: SocketId) -> u32 {
    w.log()
        .events()
        .iter()
        .filter(|e| e.socket == Some(s))
        .filter_map(|e| match &e.kind {
            EventKind::Tcp {
                note: TcpNote::DataReady { len },
            } => Some(*len),
            _ => None,
        })
        .sum()
}

fn tiny_window() -> TcpConfig {
    TcpConfig {
        recv_buffer: 1,
        ..TcpConfig::default()
    }
}

// ---------------------------------------------------------------- 1. zero-window probes

/// Issue 12's scenario: both ends probe a zero window, both programs read one byte while
/// the probes fly, each end takes the other's probe byte. ACKs stamped SEQ = SND.NXT were
/// one below the peer's RCV.NXT, "old", and answered with ACKs forever (1.1 M packets).
const CROSSING_PROBES: &str = r#"{"version":1,"seed":1,"recv_buffer":1,
 "hosts":[{"name":"A","addr":"10.0.0.1"},{"name":"B","addr":"10.0.0.2"}],
 "steps":[{"at_ms":0,"run":"A: s = socket(tcp)"},{"at_ms":0,"run":"A: bind(s, 10.0.0.1:80)"},
  {"at_ms":0,"run":"A: listen(s)"},{"at_ms":0,"run":"B: c = socket(tcp)"},
  {"at_ms":0,"run":"B: connect(c, 10.0.0.1:80)"},{"at_ms":100,"run":"A: t = accept(s)"},
  {"at_ms":100,"run":"A: send(t, \"xyz\")"},{"at_ms":100,"run":"B: send(c, \"xyz\")"},
  {"at_ms":3325,"run":"A: recv(t, 1)"},{"at_ms":3325,"run":"B: recv(c, 1)"},
  {"at_ms":4000,"run":"A: recv(t, 10)"},{"at_ms":4000,"run":"B: recv(c, 10)"},
  {"at_ms":600000,"run":"A: recv(t, 10)"}],"until_ms":0}"#;

#[test]
fn crossing_probes_taken_by_both_ends_end_in_delivery_not_an_ack_storm() {
    let run = Scenario::from_json(CROSSING_PROBES).unwrap().run().unwrap();
    let w = &run.world;
    let n = packets(w);
    assert!(n < 60, "{n} packets for 3 bytes each way");
    let conns: Vec<SocketId> = w
        .log()
        .events()
        .iter()
        .filter_map(|e| match (&e.kind, e.socket) {
            (
                EventKind::Tcp {
                    note: TcpNote::DataReady { .. },
                },
                Some(s),
            ) => Some(s),
            _ => None,
        })
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(conns.len(), 2, "both ends received data");
    for s in conns {
        assert_eq!(delivered(w, s), 3, "{s} got all three bytes");
    }
}

/// A sends "xyz" into B's one-byte buffer; B reads at `b_reads` (ms, each a 10-byte
/// read), A at `a_reads` if A sends too (`both`). Returns the world after 60 s.
fn probing(both: bool, a_reads: &[u64], b_reads: &[u64]) -> (World, SocketId, SocketId) {
    let (mut w, a, b) = world(tiny_window());
    let (t, c) = pair(&mut w, a, b);
    w.send(t, b"xyz").unwrap();
    if both {
        w.send(c, b"xyz").unwrap();
    }
    let mut reads: Vec<(u64, SocketId)> = a_reads.iter().map(|r| (*r, t)).collect();
    reads.extend(b_reads.iter().map(|r| (*r, c)));
    reads.sort();
    for (at, s) in reads {
        w.run_until(sockscope_core::Instant(at * 1_000));
        let _ = w.recv(s, 1);
    }
    w.run_until(sockscope_core::Instant(60_000_000));
    (w, t, c)
}

/// Asserts that trace lines containing each of `want` appear, in this order.
fn assert_trace(w: &World, want: &[&str]) {
    let trace = wire_trace(w);
    let mut at = 0;
    for needle in want {
        match trace[at..].iter().position(|l| l.contains(needle)) {
            Some(i) => at += i + 1,
            None => panic!(
                "no line with {needle:?} after line {at}; the trace:\n{}",
                trace.join("\n")
            ),
        }
    }
}

// A's ISS is 2465765206 and B's 3019026285 for seed 1: A's byte "y" is 2465765208.

#[test]
fn a_refused_probe_is_sent_again_and_the_refusal_is_acceptable() {
    let (w, _, c) = probing(false, &[], &[2_000, 5_000, 9_000]);
    assert_trace(
        &w,
        &[
            "1320.000 A #2 tcp ZeroWindowProbe { seq: 2465765208 }",
            "A #2 sent p5 10.0.0.1:80 > 10.0.0.2:49152 TCP ACK seq=2465765208 ack=3019026286 win=1 len=1",
            // B's window is zero: the byte is refused and answered at RCV.NXT.
            "1330.000 B #1 tcp Unacceptable { seq: 2465765208, len: 1 }",
            "B #1 sent p6 10.0.0.2:49152 > 10.0.0.1:80 TCP ACK seq=3019026286 ack=2465765208 win=0 len=0",
            // B reads: its window update reaches A, which sends the refused byte again.
            "2000.000 B #1 sent p7 10.0.0.2:49152 > 10.0.0.1:80 TCP ACK seq=3019026286 ack=2465765208 win=1",
            "2010.000 A #2 sent p8 10.0.0.1:80 > 10.0.0.2:49152 TCP ACK seq=2465765208 ack=3019026286 win=1 len=1",
            "2020.000 B #1 tcp DataReady { len: 1 }",
        ],
    );
    assert_eq!(delivered(&w, c), 3);
}

#[test]
fn an_accepted_probe_counts_as_sent_and_the_next_probe_is_the_next_byte() {
    // B reads just before the probe arrives: its window update crosses the probe.
    let (w, _, c) = probing(false, &[], &[1_315, 5_000, 9_000]);
    assert_trace(
        &w,
        &[
            "1315.000 B #1 sent p5 10.0.0.2:49152 > 10.0.0.1:80 TCP ACK seq=3019026286 ack=2465765208 win=1",
            "1320.000 A #2 sent p6 10.0.0.1:80 > 10.0.0.2:49152 TCP ACK seq=2465765208 ack=3019026286 win=1 len=1",
            "1330.000 B #1 tcp DataReady { len: 1 }",
            // The window update does not acknowledge the probe: A sends the byte again
            // (it cannot know), B acknowledges the duplicate with its RCV.NXT.
            "1335.000 B #1 tcp Duplicate { seq: 2465765208, len: 1 }",
            "B #1 sent p8 10.0.0.2:49152 > 10.0.0.1:80 TCP ACK seq=3019026286 ack=2465765209 win=0 len=0",
            // The next probe carries the next byte, "z".
            "2345.000 A #2 tcp ZeroWindowProbe { seq: 2465765209 }",
        ],
    );
    assert_eq!(delivered(&w, c), 3);
}

#[test]
fn probes_crossing_are_answered_with_acks_each_side_accepts() {
    let (w, t, c) = probing(true, &[3_325, 5_000, 9_000], &[3_325, 5_000, 9_000]);
    assert_trace(
        &w,
        &[
            // Both windows zero, both probe, both refuse: each answer carries the
            // answering side's SND.UNA (its probe byte's fate unknown), the other's RCV.NXT,
            // so it is taken and the exchange stops there.
            "1320.000 A #2 sent p7 10.0.0.1:80 > 10.0.0.2:49152 TCP ACK seq=2465765208 ack=3019026287 win=0 len=1",
            "1320.000 B #1 sent p8 10.0.0.2:49152 > 10.0.0.1:80 TCP ACK seq=3019026287 ack=2465765208 win=0 len=1",
            "1330.000 B #1 sent p9 10.0.0.2:49152 > 10.0.0.1:80 TCP ACK seq=3019026287 ack=2465765208 win=0 len=0",
            "1330.000 A #2 sent p10 10.0.0.1:80 > 10.0.0.2:49152 TCP ACK seq=2465765208 ack=3019026287 win=0 len=0",
            "1340.000 A #2 delivered p9",
            "1340.000 B #1 delivered p10",
            // Both read while the next probes fly; both take the other's byte. The window
            // updates (SEQ = SND.UNA) are old by one byte but inside the window last
            // advertised: taken, not answered.
            "3330.000 B #1 tcp DataReady { len: 1 }",
            "3330.000 A #2 tcp DataReady { len: 1 }",
            "3335.000 A #2 delivered p13",
            "3335.000 B #1 delivered p14",
            "3345.000 B #1 sent p17 10.0.0.2:49152 > 10.0.0.1:80 TCP ACK seq=3019026288 ack=2465765209 win=0 len=0",
            "3345.000 A #2 sent p18 10.0.0.1:80 > 10.0.0.2:49152 TCP ACK seq=2465765209 ack=3019026288 win=0 len=0",
            "3355.000 A #2 delivered p17",
            "3355.000 B #1 delivered p18",
            // Quiet until the next probes.
            "4355.000 A #2 tcp ZeroWindowProbe { seq: 2465765209 }",
        ],
    );
    assert_eq!(delivered(&w, c), 3);
    assert_eq!(delivered(&w, t), 3);
    assert!(packets(&w) < 50, "{} packets", packets(&w));
}

// ---------------------------------------------------------------- sans-IO pairs

use sockscope_core::tcp::Tcb;
use sockscope_core::wire::{SeqNumber, TcpFlags, TcpOptions, TcpRepr};
use sockscope_core::{Endpoint, Instant};

fn tcp(from: Endpoint, to: Endpoint, seq: u32, ack: u32, flags: TcpFlags) -> TcpRepr {
    TcpRepr {
        src_port: from.port,
        dst_port: to.port,
        seq: SeqNumber(seq),
        ack: SeqNumber(ack),
        flags,
        window: 1000,
        urgent: 0,
        options: TcpOptions::default(),
        payload: Vec::new(),
    }
}

/// Two connections joined by a 10 ms wire: A's open, B forked from its SYN, run to
/// ESTABLISHED.
struct Wire {
    a: Tcb,
    b: Tcb,
    now: Instant,
    /// (arrival, to B?, segment), in order of arrival.
    flying: Vec<(Instant, bool, TcpRepr)>,
    sent: usize,
}

impl Wire {
    fn new(config: TcpConfig) -> Wire {
        let (ea, eb) = (ep("10.0.0.1:1000"), ep("10.0.0.2:80"));
        let mut a = Tcb::new(ea, eb, SeqNumber(1_000), config.clone());
        a.open(Instant(0));
        let syn = a.take_outbox().remove(0);
        let b = Tcb::accept_syn(eb, ea, &syn, SeqNumber(5_000), config, Instant(10_000));
        let mut w = Wire {
            a,
            b,
            now: Instant(10_000),
            flying: Vec::new(),
            sent: 1,
        };
        w.collect();
        w.run_until(Instant(1_000_000));
        assert_eq!(
            (w.a.state(), w.b.state()),
            (State::Established, State::Established)
        );
        w
    }

    fn collect(&mut self) {
        let at = self.now + Duration::from_millis(10);
        for seg in self.a.take_outbox() {
            self.flying.push((at, true, seg));
            self.sent += 1;
        }
        for seg in self.b.take_outbox() {
            self.flying.push((at, false, seg));
            self.sent += 1;
        }
        // Stable: segments sent at one instant keep their order.
        self.flying.sort_by_key(|f| f.0);
        self.a.take_notes();
        self.b.take_notes();
    }

    /// Delivers segments and fires timers until `until`, or 10,000 segments.
    fn run_until(&mut self, until: Instant) {
        let mut n = 0;
        while n < 10_000 {
            let timers = [self.a.poll_at(), self.b.poll_at()];
            let next = self
                .flying
                .first()
                .map(|f| f.0)
                .into_iter()
                .chain(timers.into_iter().flatten())
                .min();
            let Some(at) = next.filter(|t| *t <= until) else {
                break;
            };
            self.now = at;
            if self.flying.first().is_some_and(|f| f.0 == at) {
                let (_, to_b, seg) = self.flying.remove(0);
                let tcb = if to_b { &mut self.b } else { &mut self.a };
                tcb.on_segment(&seg, at);
                n += 1;
            } else {
                self.a.on_timer(at);
                self.b.on_timer(at);
            }
            self.collect();
        }
        self.now = until;
    }
}

// ---------------------------------------------------------------- 2. invalid segments

#[test]
fn one_out_of_window_segment_starts_no_endless_ack_war_in_a_desynchronised_pair() {
    let mut w = Wire::new(TcpConfig::default());
    // B believes it received 100,000 bytes more than A sent: A's ACKs are old to B, B's
    // ACKs acknowledge what A never sent. Each answers the other's ACK with an ACK.
    w.b.rcv_nxt += 100_000;
    let (ea, eb) = (w.a.local, w.b.local);
    let forged = tcp(
        ea,
        eb,
        w.b.rcv_nxt.0.wrapping_add(200_000),
        w.b.snd_nxt.0,
        TcpFlags::ACK,
    );
    w.flying.push((w.now, true, forged));
    let before = w.sent;
    w.run_until(w.now + Duration::from_secs(10));
    let exchanged = w.sent - before;
    // RFC 5961 §7: one answer per 500 ms per side at most: 2 × 20, and a few in flight.
    assert!(exchanged <= 44, "{exchanged} segments in 10 s");
    assert!(
        exchanged >= 2,
        "the first invalid segments are still answered: {exchanged}, {:?}",
        (w.a.state(), w.b.state())
    );
}

#[test]
fn a_thousand_in_window_rsts_draw_at_most_the_limit_of_challenge_acks() {
    let mut w = Wire::new(TcpConfig::default());
    let (ea, eb) = (w.a.local, w.b.local);
    let at = w.now;
    let mut notes = Vec::new();
    let mut acks = 0;
    for i in 0..1_000u32 {
        let rst = tcp(ea, eb, w.b.rcv_nxt.0 + 1 + i % 500, 0, TcpFlags::RST);
        w.b.on_segment(&rst, at + Duration(u64::from(i)));
        acks += w.b.take_outbox().len();
        notes.extend(w.b.take_notes());
    }
    assert_eq!(w.b.state(), State::Established, "no in-window RST resets");
    // All within 1 ms: one challenge ACK (RFC 5961 §7, Linux's 500 ms per connection).
    assert_eq!(acks, 1);
    let challenged = notes
        .iter()
        .filter(|n| **n == TcpNote::ChallengeAck)
        .count();
    let limited = notes
        .iter()
        .filter(|n| matches!(n, TcpNote::AckRateLimited { .. }))
        .count();
    assert_eq!((challenged, limited), (1, 999));
}

/// Challenge ACKs and rate-limited answers the host at `host` logged so far.
fn challenges(w: &World, host: HostId) -> (usize, usize) {
    let notes = w.log().events().iter().filter(|e| e.host == Some(host));
    let notes: Vec<_> = notes
        .filter_map(|e| match &e.kind {
            EventKind::Tcp { note } => Some(note.clone()),
            _ => None,
        })
        .collect();
    let challenged = notes
        .iter()
        .filter(|n| **n == TcpNote::ChallengeAck)
        .count();
    let limited = notes
        .iter()
        .filter(|n| matches!(n, TcpNote::AckRateLimited { .. }))
        .count();
    (challenged, limited)
}

#[test]
fn a_host_sends_at_most_its_limit_of_challenge_acks_a_second_over_all_connections() {
    let config = TcpConfig {
        challenge_ack_limit: 3,
        ..TcpConfig::default()
    };
    let (mut w, a, b) = world(config);
    let l = testkit::listener(&mut w, a, "10.0.0.1:80", 16);
    for _ in 0..6 {
        testkit::client(&mut w, b, "10.0.0.1:80");
    }
    w.advance(Duration::from_millis(100));
    let conns: Vec<SocketId> = std::iter::from_fn(|| w.accept(l).ok().map(|(t, _)| t)).collect();
    assert_eq!(conns.len(), 6);
    let e = attacker(&mut w);
    // A forged SYN inside each connection's window (RFC 5961 §4: answered by a challenge
    // ACK), all within the same second, then again a second later.
    let forge = |w: &mut World| {
        for &t in &conns {
            let tcb = w.tcb(t).unwrap();
            let syn = tcp(tcb.remote, tcb.local, tcb.rcv_nxt.0 + 10, 0, TcpFlags::SYN);
            let (src, dst) = (tcb.remote.addr, tcb.local.addr);
            inject_tcp(w, e, src, dst, syn);
        }
        w.advance(Duration::from_millis(50));
    };
    let before = challenges(&w, a);
    forge(&mut w);
    let after = challenges(&w, a);
    // Six connections, each under its own 500 ms limit, but the host answers only three.
    assert_eq!((after.0 - before.0, after.1 - before.1), (3, 3));
    w.advance(Duration::from_secs(1));
    forge(&mut w);
    let again = challenges(&w, a);
    assert_eq!((again.0 - after.0, again.1 - after.1), (3, 3));
}

// ---------------------------------------------------------------- 4. tiny MSS

#[test]
fn a_peer_mss_of_zero_is_raised_to_the_floor_of_48() {
    let (ea, eb) = (ep("10.0.0.1:1000"), ep("10.0.0.2:80"));
    for (offer, want) in [(0u16, 48u32), (1, 48), (47, 48), (48, 48), (1000, 1000)] {
        let mut syn = tcp(ea, eb, 7, 0, TcpFlags::SYN);
        syn.options.mss = Some(offer);
        let b = Tcb::accept_syn(eb, ea, &syn, SeqNumber(5), TcpConfig::default(), Instant(0));
        assert_eq!(b.snd_mss, want, "MSS option {offer}");
    }
    // Our own MSS still caps it.
    let mut syn = tcp(ea, eb, 7, 0, TcpFlags::SYN);
    syn.options.mss = Some(0);
    let small = TcpConfig {
        mss: 20,
        ..TcpConfig::default()
    };
    assert_eq!(
        Tcb::accept_syn(eb, ea, &syn, SeqNumber(5), small, Instant(0)).snd_mss,
        20
    );
}

// ---------------------------------------------------------------- 3. orphaned sockets

/// The rules of every state change into CLOSED at a socket, as logged.
fn closed_by(w: &World, s: SocketId) -> Vec<Rule> {
    w.log()
        .events()
        .iter()
        .filter(|e| e.socket == Some(s))
        .filter_map(|e| match &e.kind {
            EventKind::StateChanged {
                to: State::Closed,
                rule,
                ..
            } => Some(*rule),
            _ => None,
        })
        .collect()
}

#[test]
fn data_for_a_closed_socket_is_answered_with_rst_and_the_connection_ends() {
    let (mut w, a, b) = world(TcpConfig::default());
    let (t, c) = pair(&mut w, a, b);
    w.close(t).unwrap();
    w.advance(Duration::from_millis(100));
    assert_eq!(w.tcb(t).map(|x| x.state()), Some(State::FinWait2));
    // B is half-closed (CLOSE-WAIT) and may still send; A's program can never read it.
    w.send(c, b"late").unwrap();
    w.advance(Duration::from_millis(100));
    assert!(w.tcb(t).is_none(), "A's connection is gone");
    assert!(w.socket_table(a).iter().all(|r| r.socket != t));
    let why = closed_by(&w, t);
    assert_eq!(why, [Rule::DataAfterClose]);
    let bt = w.tcb(c).unwrap();
    assert_eq!(
        (bt.state(), bt.error),
        (State::Closed, Some(sockscope_core::Errno::ConnReset))
    );
}

#[test]
fn an_orphan_in_fin_wait_2_ends_after_the_fin_timeout() {
    let (mut w, a, b) = world(TcpConfig::default());
    let (t, _c) = pair(&mut w, a, b);
    w.close(t).unwrap();
    // B never closes: without a timer A would sit in FIN-WAIT-2 forever.
    w.advance(Duration::from_millis(3_900));
    assert_eq!(w.tcb(t).map(|x| x.state()), Some(State::FinWait2));
    w.advance(Duration::from_millis(200));
    assert!(w.tcb(t).is_none());
    assert_eq!(closed_by(&w, t), [Rule::OrphanFinWait2Timeout]);
}

#[test]
fn probes_to_a_vanished_peer_give_up_like_retransmissions() {
    let (mut w, a, b) = world(tiny_window());
    let (t, _c) = pair(&mut w, a, b);
    w.send(t, b"xyz").unwrap();
    w.advance(Duration::from_secs(1));
    w.remove_host(b).unwrap();
    w.advance(Duration::from_secs(3_600));
    let tcb = w.tcb(t).expect("A's program still holds the socket");
    assert_eq!(tcb.state(), State::Closed);
    assert_eq!(tcb.error, Some(sockscope_core::Errno::TimedOut));
    assert_eq!(closed_by(&w, t), [Rule::ProbesExceeded]);
    assert_eq!(w.next_event_at(), None, "nothing left to happen");
}

#[test]
fn a_closed_socket_in_fin_wait_1_behind_a_window_that_never_opens_ends() {
    let (mut w, a, b) = world(tiny_window());
    let (t, _c) = pair(&mut w, a, b);
    w.send(t, b"xyz").unwrap();
    w.close(t).unwrap();
    w.advance(Duration::from_secs(1));
    assert_eq!(w.tcb(t).map(|x| x.state()), Some(State::FinWait1));
    // B answers every probe (window still zero) but never reads.
    w.advance(Duration::from_secs(3_600));
    assert!(w.tcb(t).is_none(), "the orphan is gone");
    assert_eq!(closed_by(&w, t), [Rule::ProbesExceeded]);
}

// ---------------------------------------------------------------- 5. SYN flood

#[test]
fn a_real_client_connects_through_a_flood_of_spoofed_syns() {
    let (mut w, a, b) = world(TcpConfig::default());
    let l = testkit::listener(&mut w, a, "10.0.0.1:80", 8);
    let e = attacker(&mut w);
    for i in 0..1_000u32 {
        // Sources nobody owns: the SYN,ACKs go nowhere and the connections stay half-open.
        let src = std::net::Ipv4Addr::from(0xC0A8_0000 + i);
        let syn = tcp(
            Endpoint::new(src, 1024 + (i % 60_000) as u16),
            ep("10.0.0.1:80"),
            i.wrapping_mul(7919),
            0,
            TcpFlags::SYN,
        );
        inject_tcp(&mut w, e, src, A, syn);
    }
    w.advance(Duration::from_millis(50));
    let c = testkit::client(&mut w, b, "10.0.0.1:80");
    w.advance(Duration::from_millis(100));
    assert_eq!(w.tcb(c).map(|t| t.state()), Some(State::Established));
    let (t, from) = w.accept(l).expect("the real client is ready to accept");
    assert_eq!(from.addr, B);
    assert_eq!(w.tcb(t).map(|t| t.state()), Some(State::Established));
    // The log says why half-open connections vanished.
    let recycled = w
        .log()
        .events()
        .iter()
        .filter(|e| {
            matches!(
                &e.kind,
                EventKind::StateChanged {
                    rule: Rule::SynQueueOverflow,
                    ..
                }
            )
        })
        .count();
    // 128 half-open fit (Linux's tcp_max_syn_backlog); each later SYN, the real
    // client's too, recycles the oldest.
    assert_eq!(recycled, 1_000 + 1 - 128);
}

#[test]
fn a_land_syn_draws_a_bounded_number_of_acks() {
    let (mut w, a, _) = world(TcpConfig::default());
    testkit::listener(&mut w, a, "10.0.0.1:80", 8);
    let e = attacker(&mut w);
    // Source = destination: A's SYN,ACK comes back to A itself, which answers it...
    let me = ep("10.0.0.1:80");
    inject_tcp(&mut w, e, A, A, tcp(me, me, 77, 0, TcpFlags::SYN));
    w.advance(Duration::from_secs(10));
    let n = packets(&w);
    // ...and the exchange must stay bounded: answers to invalid segments at most once
    // per 500 ms (RFC 5961 §7), plus the SYN,ACK retransmissions. (This stack already
    // ended the land exchange before the rate limit: a guard, not a regression test.)
    assert!(n <= 2 * 20 + 10, "{n} packets in 10 s");
}
