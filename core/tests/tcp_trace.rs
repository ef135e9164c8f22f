//! Trace tests of the TCP state machine, in the style of smoltcp's `tcp.rs` tests: one
//! [`Tcb`] driven directly (sans-IO), exact segments in with `send!`, the exact segments
//! out with `recv!`, and nothing else after them. Every state of RFC 9293 §3.3.2 is
//! entered and left here, and every transition is checked against the section of the RFC
//! its log entry cites.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::net::Ipv4Addr;

use sockscope_core::tcp::{
    Cause, Outcome, RetransmitReason, Rule, State, Tcb, TcpCall, TcpConfig, TcpNote, TimerKind,
};
// A moment in milliseconds from the start, as the traces count.
use sockscope_core::testkit::at_ms as ms;
use sockscope_core::wire::{SeqNumber, TcpFlags, TcpOptions, TcpRepr};
use sockscope_core::{Duration, Endpoint, Errno, Instant};

// ---------------------------------------------------------------- the harness

const LOCAL_PORT: u16 = 80;
const REMOTE_PORT: u16 = 49152;
const LOCAL_ISS: u32 = 1_000_000;
const REMOTE_ISS: u32 = 5_000_000;
/// The window both sides offer with the default 65,535-byte receive buffer.
const WIN: u16 = 65_535;

const ACK: TcpFlags = TcpFlags::ACK;
const SYN: TcpFlags = TcpFlags::SYN;
const FIN: TcpFlags = TcpFlags::FIN;
const RST: TcpFlags = TcpFlags::RST;
const PSH: TcpFlags = TcpFlags::PSH;

fn local() -> Endpoint {
    Endpoint::new(Ipv4Addr::new(10, 0, 0, 1), LOCAL_PORT)
}

fn remote() -> Endpoint {
    Endpoint::new(Ipv4Addr::new(10, 0, 0, 2), REMOTE_PORT)
}

/// Our sequence space: LOCAL_ISS + n.
fn l(n: u32) -> SeqNumber {
    SeqNumber(LOCAL_ISS.wrapping_add(n))
}

/// The peer's sequence space: REMOTE_ISS + n.
fn r(n: u32) -> SeqNumber {
    SeqNumber(REMOTE_ISS.wrapping_add(n))
}

fn mss(n: u16) -> TcpOptions {
    TcpOptions {
        mss: Some(n),
        ..TcpOptions::default()
    }
}

/// A segment from the peer, the template every `send!` starts from: `<SEQ=r(1)>
/// <ACK=l(1)><CTL=ACK>`, full window.
fn inp() -> TcpRepr {
    TcpRepr {
        src_port: REMOTE_PORT,
        dst_port: LOCAL_PORT,
        seq: r(1),
        ack: l(1),
        flags: ACK,
        window: WIN,
        urgent: 0,
        options: TcpOptions::default(),
        payload: Vec::new(),
    }
}

/// A segment from the connection under test, the template every `recv!` starts from.
fn out() -> TcpRepr {
    TcpRepr {
        src_port: LOCAL_PORT,
        dst_port: REMOTE_PORT,
        seq: l(1),
        ack: r(1),
        flags: ACK,
        window: WIN,
        urgent: 0,
        options: TcpOptions::default(),
        payload: Vec::new(),
    }
}

/// The peer's SYN, offering MSS 1460.
fn peer_syn() -> TcpRepr {
    TcpRepr {
        seq: r(0),
        ack: SeqNumber(0),
        flags: SYN,
        options: mss(1460),
        ..inp()
    }
}

fn bytes(n: usize, seed: u8) -> Vec<u8> {
    (0..n)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

/// A connection under test and the virtual time it lives at.
struct Conn {
    tcb: Tcb,
    now: Instant,
}

impl Conn {
    /// Moves the clock to `t` and runs every timer due by then.
    fn at(&mut self, t: Instant) {
        self.now = t;
        self.tcb.on_timer(t);
    }

    fn timer(&self, kind: TimerKind) -> Option<Instant> {
        self.tcb.timers.get(kind)
    }

    /// Takes the notes produced since the last look and checks the state changes among
    /// them: exactly `want`, in order, each by the given rule of the transition table.
    /// Returns every note, for further checks.
    fn transitions(&mut self, want: &[(State, State, Rule)]) -> Vec<TcpNote> {
        let notes = self.tcb.take_notes();
        let got: Vec<(State, State, Rule)> = notes
            .iter()
            .filter_map(|n| match n {
                TcpNote::StateChanged { from, to, rule, .. } => Some((*from, *to, *rule)),
                _ => None,
            })
            .collect();
        assert_eq!(got, want, "state changes (from, to, rule)");
        for (from, to, rule) in &got {
            assert!(
                rule.allows(*from, *to),
                "{rule:?} does not allow {from} -> {to}"
            );
        }
        if let Some((_, to, _)) = want.last() {
            assert_eq!(self.tcb.state(), *to, "state after the transitions");
        }
        notes
    }

    /// Notes other than state changes and timer firings, for asserting what happened.
    fn events(&mut self) -> Vec<TcpNote> {
        self.tcb
            .take_notes()
            .into_iter()
            .filter(|n| !matches!(n, TcpNote::StateChanged { .. } | TcpNote::TimerFired { .. }))
            .collect()
    }
}

/// Feeds one segment from the peer. The outcome defaults to `Keep`.
macro_rules! send {
    ($c:expr, $seg:expr) => {
        send!($c, $seg, Outcome::Keep)
    };
    ($c:expr, $seg:expr, $outcome:expr) => {{
        let seg: TcpRepr = $seg;
        let now = $c.now;
        let got = $c.tcb.on_segment(&seg, now);
        assert_eq!(got, $outcome, "outcome of {seg:?}");
    }};
}

/// Asserts the exact segments the connection produced since the last look, and that
/// nothing else was produced. A mismatch prints one line per segment, then the first
/// difference in full.
macro_rules! recv {
    ($c:expr, [$($seg:expr),* $(,)?]) => {{
        let want: Vec<TcpRepr> = vec![$($seg),*];
        let got = $c.tcb.take_outbox();
        if got != want {
            let first = got.iter().zip(&want).position(|(g, w)| g != w);
            panic!(
                "segments out (exactly these, nothing else)\n got: {:#?}\nwant: {:#?}\nfirst difference at {:?}",
                brief(&got),
                brief(&want),
                first
            );
        }
    }};
}

/// One line per segment: what a person compares first.
fn brief(segs: &[TcpRepr]) -> Vec<String> {
    segs.iter()
        .map(|s| {
            format!(
                "{}>{} {} seq={} ack={} win={} mss={:?} len={} data={:02x?}",
                s.src_port,
                s.dst_port,
                s.flags,
                s.seq.0,
                s.ack.0,
                s.window,
                s.options.mss,
                s.payload.len(),
                &s.payload[..s.payload.len().min(8)]
            )
        })
        .collect()
}

macro_rules! recv_nothing {
    ($c:expr) => {
        recv!($c, [])
    };
}

fn config() -> TcpConfig {
    TcpConfig::default()
}

/// CLOSED -> SYN-SENT by an active open at t=0.
fn syn_sent_with(config: TcpConfig) -> Conn {
    let mut c = Conn {
        tcb: Tcb::new(local(), remote(), l(0), config),
        now: Instant::ZERO,
    };
    assert_eq!(c.tcb.state(), State::Closed);
    c.tcb.open(c.now);
    recv!(
        c,
        [TcpRepr {
            seq: l(0),
            ack: SeqNumber(0),
            flags: SYN,
            options: mss(1460),
            ..out()
        }]
    );
    c.transitions(&[(State::Closed, State::SynSent, Rule::ActiveOpen)]);
    assert_eq!(c.timer(TimerKind::Retransmit), Some(ms(1000)));
    c
}

fn syn_sent() -> Conn {
    syn_sent_with(config())
}

/// LISTEN -> SYN-RECEIVED: a listener's fork for the peer's SYN, at t=0.
fn syn_received_with(config: TcpConfig, syn: TcpRepr) -> Conn {
    let tcb = Tcb::accept_syn(local(), remote(), &syn, l(0), config, Instant::ZERO);
    let mut c = Conn {
        tcb,
        now: Instant::ZERO,
    };
    let window = c.tcb.recv_buf.window() as u16;
    recv!(
        c,
        [TcpRepr {
            seq: l(0),
            ack: r(1),
            flags: SYN | ACK,
            window,
            options: mss(1460),
            ..out()
        }]
    );
    c.transitions(&[(State::Listen, State::SynReceived, Rule::ListenRcvSyn)]);
    assert!(c.tcb.passive);
    c
}

fn syn_received() -> Conn {
    syn_received_with(config(), peer_syn())
}

/// The passive side after the handshake, at t=20 ms (one 20 ms round trip).
fn established_with(config: TcpConfig, syn: TcpRepr) -> Conn {
    let mut c = syn_received_with(config, syn);
    c.now = ms(20);
    send!(c, inp());
    recv_nothing!(c);
    c.transitions(&[(
        State::SynReceived,
        State::Established,
        Rule::SynReceivedRcvAck,
    )]);
    c
}

fn established() -> Conn {
    established_with(config(), peer_syn())
}

/// ESTABLISHED -> FIN-WAIT-1 by close(): the FIN goes out at once.
fn fin_wait_1() -> Conn {
    let mut c = established();
    c.tcb.close(c.now).unwrap();
    recv!(
        c,
        [TcpRepr {
            flags: FIN | ACK,
            ..out()
        }]
    );
    c.transitions(&[(State::Established, State::FinWait1, Rule::CloseEstablished)]);
    c
}

fn fin_wait_2() -> Conn {
    let mut c = fin_wait_1();
    send!(c, TcpRepr { ack: l(2), ..inp() });
    recv_nothing!(c);
    c.transitions(&[(State::FinWait1, State::FinWait2, Rule::FinWait1RcvAck)]);
    c
}

fn close_wait() -> Conn {
    let mut c = established();
    send!(
        c,
        TcpRepr {
            flags: FIN | ACK,
            ..inp()
        }
    );
    recv!(c, [TcpRepr { ack: r(2), ..out() }]);
    c.transitions(&[(State::Established, State::CloseWait, Rule::RcvFin)]);
    c
}

fn time_wait() -> Conn {
    let mut c = fin_wait_2();
    c.now = ms(100);
    send!(
        c,
        TcpRepr {
            ack: l(2),
            flags: FIN | ACK,
            ..inp()
        }
    );
    recv!(
        c,
        [TcpRepr {
            seq: l(2),
            ack: r(2),
            ..out()
        }]
    );
    c.transitions(&[(State::FinWait2, State::TimeWait, Rule::FinWait2RcvFin)]);
    c
}

// ---------------------------------------------------------------- CLOSED

#[test]
fn closed_ignores_segments_and_refuses_calls() {
    let mut c = Conn {
        tcb: Tcb::new(local(), remote(), l(0), config()),
        now: Instant::ZERO,
    };
    // RFC 9293 §3.10.7.1: a CLOSED connection has no TCB; the RST answer is the host's
    // (see tcp_scenarios.rs), so the TCB itself sends nothing.
    send!(c, peer_syn());
    send!(c, inp());
    recv_nothing!(c);
    assert_eq!(c.tcb.state(), State::Closed);
    assert_eq!(c.tcb.send(b"x", c.now), Err(Errno::NotConnected));
    assert_eq!(c.tcb.recv(10, c.now), Err(Errno::NotConnected));
    assert_eq!(c.tcb.close(c.now), Err(Errno::NotConnected));
    c.at(ms(10_000));
    recv_nothing!(c);
    c.transitions(&[]);
    assert_eq!(c.tcb.poll_at(), None, "no timer runs in CLOSED");
}

// ---------------------------------------------------------------- LISTEN

#[test]
fn listen_waits_and_a_syn_forks_syn_received() {
    let mut c = Conn {
        tcb: Tcb::new(local(), Endpoint::any(0), SeqNumber(0), config()),
        now: Instant::ZERO,
    };
    c.tcb.listen();
    c.transitions(&[(State::Closed, State::Listen, Rule::PassiveOpen)]);
    // The listening TCB itself never answers; the world forks a connection per SYN.
    send!(c, peer_syn());
    recv_nothing!(c);
    assert_eq!(c.tcb.poll_at(), None);
    assert_eq!(c.tcb.close(c.now), Ok(()));
    c.transitions(&[(State::Listen, State::Closed, Rule::CloseListen)]);

    let c = syn_received();
    assert_eq!(c.tcb.irs, r(0));
    assert_eq!(c.tcb.rcv_nxt, r(1));
    assert_eq!((c.tcb.snd_una, c.tcb.snd_nxt), (l(0), l(1)));
    assert_eq!(c.tcb.snd_wnd, u32::from(WIN));
    assert_eq!(c.tcb.snd_mss, 1460);
    assert_eq!(c.timer(TimerKind::Retransmit), Some(ms(1000)));
}

#[test]
fn listen_assumes_mss_536_without_the_option() {
    let syn = TcpRepr {
        options: TcpOptions::default(),
        ..peer_syn()
    };
    let mut c = established_with(config(), syn);
    // RFC 9293 §3.7.1: no MSS option means 536.
    assert_eq!(c.tcb.snd_mss, 536);
    let data = bytes(600, 1);
    assert_eq!(c.tcb.send(&data, c.now), Ok(600));
    recv!(
        c,
        [
            TcpRepr {
                payload: data[..536].to_vec(),
                ..out()
            },
            TcpRepr {
                seq: l(537),
                flags: PSH | ACK,
                payload: data[536..].to_vec(),
                ..out()
            }
        ]
    );
}

// ---------------------------------------------------------------- SYN-SENT

#[test]
fn syn_sent_syn_ack_completes_the_handshake() {
    let mut c = syn_sent();
    c.now = ms(20);
    send!(
        c,
        TcpRepr {
            seq: r(0),
            ack: l(1),
            flags: SYN | ACK,
            options: mss(1460),
            ..inp()
        }
    );
    recv!(c, [out()]);
    let notes = c.transitions(&[(State::SynSent, State::Established, Rule::SynSentRcvSynAck)]);
    assert!(notes.iter().any(|n| matches!(
        n,
        TcpNote::StateChanged {
            cause: Cause::Segment { flags, .. },
            ..
        } if *flags == SYN | ACK
    )));
    assert_eq!(c.timer(TimerKind::Retransmit), None, "SYN acknowledged");
    assert_eq!(c.tcb.rtt.srtt, Some(Duration::from_millis(20)));
    assert_eq!((c.tcb.snd_una, c.tcb.rcv_nxt), (l(1), r(1)));
    // Nothing else follows, however long we wait.
    c.at(ms(100_000));
    recv_nothing!(c);
}

#[test]
fn syn_sent_bare_syn_is_a_simultaneous_open() {
    let mut c = syn_sent();
    c.now = ms(5);
    send!(c, peer_syn());
    recv!(
        c,
        [TcpRepr {
            seq: l(0),
            ack: r(1),
            flags: SYN | ACK,
            options: mss(1460),
            ..out()
        }]
    );
    c.transitions(&[(State::SynSent, State::SynReceived, Rule::SimultaneousOpen)]);
    assert!(!c.tcb.passive);
    // RFC 9293 §3.5 Figure 8, line 6: the peer's SYN,ACK (its SYN again, now with the ACK
    // of ours) takes SYN-RECEIVED to ESTABLISHED, and nothing needs to be sent.
    c.now = ms(15);
    send!(
        c,
        TcpRepr {
            seq: r(0),
            ack: l(1),
            flags: SYN | ACK,
            options: mss(1460),
            ..inp()
        }
    );
    recv_nothing!(c);
    c.transitions(&[(
        State::SynReceived,
        State::Established,
        Rule::SynReceivedRcvAck,
    )]);
    assert_eq!(c.timer(TimerKind::Retransmit), None);
    // The peer's own ACK of our SYN,ACK is then a plain duplicate, silently absorbed.
    send!(c, inp());
    recv_nothing!(c);
}

#[test]
fn syn_sent_rst_with_acceptable_ack_refuses() {
    let mut c = syn_sent();
    send!(
        c,
        TcpRepr {
            seq: SeqNumber(0),
            ack: l(1),
            flags: RST | ACK,
            window: 0,
            ..inp()
        }
    );
    recv_nothing!(c);
    let notes = c.transitions(&[(State::SynSent, State::Closed, Rule::SynSentRcvRst)]);
    assert!(notes.contains(&TcpNote::Error {
        error: Errno::ConnRefused
    }));
    assert_eq!(c.tcb.error, Some(Errno::ConnRefused));
    assert_eq!(c.tcb.send(b"x", c.now), Err(Errno::ConnRefused));
    assert_eq!(c.tcb.recv(1, c.now), Err(Errno::ConnRefused));
    assert_eq!(c.tcb.poll_at(), None, "no timers after CLOSED");
}

#[test]
fn syn_sent_rst_without_ack_is_dropped() {
    let mut c = syn_sent();
    send!(
        c,
        TcpRepr {
            seq: SeqNumber(0),
            flags: RST,
            ..inp()
        }
    );
    recv_nothing!(c);
    c.transitions(&[]);
    assert_eq!(c.tcb.state(), State::SynSent);
    assert_eq!(c.tcb.error, None);
}

#[test]
fn syn_sent_bad_ack_is_answered_with_rst() {
    let mut c = syn_sent();
    // SEG.ACK > SND.NXT: <SEQ=SEG.ACK><CTL=RST>.
    send!(
        c,
        TcpRepr {
            seq: r(0),
            ack: l(5),
            flags: SYN | ACK,
            ..inp()
        }
    );
    recv!(
        c,
        [TcpRepr {
            seq: l(5),
            ack: SeqNumber(0),
            flags: RST,
            ..out()
        }]
    );
    // SEG.ACK =< ISS: the same.
    send!(
        c,
        TcpRepr {
            seq: r(0),
            ack: l(0),
            flags: ACK,
            ..inp()
        }
    );
    recv!(
        c,
        [TcpRepr {
            seq: l(0),
            ack: SeqNumber(0),
            flags: RST,
            ..out()
        }]
    );
    // A bad ACK on an RST: drop it, answer nothing.
    send!(
        c,
        TcpRepr {
            seq: r(0),
            ack: l(9),
            flags: RST | ACK,
            ..inp()
        }
    );
    recv_nothing!(c);
    c.transitions(&[]);
    assert_eq!(c.tcb.state(), State::SynSent);
    // A plain acceptable ACK without SYN or RST is dropped as well.
    send!(c, TcpRepr { seq: r(0), ..inp() });
    recv_nothing!(c);
    assert_eq!(c.tcb.state(), State::SynSent);
}

#[test]
fn syn_sent_retransmits_the_syn_then_times_out() {
    let mut c = syn_sent();
    let syn = TcpRepr {
        seq: l(0),
        ack: SeqNumber(0),
        flags: SYN,
        options: mss(1460),
        ..out()
    };
    // RFC 6298 §5.5: 1 s, then doubling up to the 60 s cap (§2.5): retransmissions at
    // 1, 3, 7, 15, 31, 63 and 123 s.
    let mut deadline = 1_000;
    for k in 0..7u32 {
        assert_eq!(c.timer(TimerKind::Retransmit), Some(ms(deadline)));
        c.at(ms(deadline - 1));
        recv_nothing!(c);
        c.at(ms(deadline));
        recv!(c, [syn.clone()]);
        assert_eq!(
            c.events(),
            vec![TcpNote::Retransmitted {
                seq: LOCAL_ISS,
                len: 1,
                reason: RetransmitReason::Timeout
            }]
        );
        deadline += (2_000u64 << k).min(60_000);
    }
    // The eighth expiry (183 s) is past syn_retries = 7: ETIMEDOUT. RFC 1122 §4.2.3.5
    // (MUST-23): at least 3 minutes of SYN retransmission.
    assert_eq!(deadline, 183_000);
    c.at(ms(deadline));
    recv_nothing!(c);
    let notes = c.transitions(&[(State::SynSent, State::Closed, Rule::SynRetriesExceeded)]);
    assert!(notes.contains(&TcpNote::Error {
        error: Errno::TimedOut
    }));
    assert_eq!(c.tcb.send(b"x", c.now), Err(Errno::TimedOut));
}

#[test]
fn syn_sent_close_deletes_the_tcb() {
    let mut c = syn_sent();
    c.tcb.close(c.now).unwrap();
    recv_nothing!(c);
    let notes = c.transitions(&[(State::SynSent, State::Closed, Rule::CloseSynSent)]);
    assert!(notes.iter().any(|n| matches!(
        n,
        TcpNote::StateChanged {
            cause: Cause::Call {
                call: TcpCall::Close
            },
            ..
        }
    )));
    assert_eq!(c.tcb.poll_at(), None);
}

// ---------------------------------------------------------------- SYN-RECEIVED

#[test]
fn syn_received_ack_establishes() {
    let mut c = syn_received();
    c.now = ms(20);
    send!(c, inp());
    recv_nothing!(c);
    c.transitions(&[(
        State::SynReceived,
        State::Established,
        Rule::SynReceivedRcvAck,
    )]);
    assert_eq!(c.timer(TimerKind::Retransmit), None);
    assert_eq!(c.tcb.snd_una, l(1));
    assert_eq!(c.tcb.rtt.srtt, Some(Duration::from_millis(20)));
    c.at(ms(100_000));
    recv_nothing!(c);
}

#[test]
fn syn_received_rst_returns_a_passive_open_to_listen() {
    let mut c = syn_received();
    send!(
        c,
        TcpRepr {
            flags: RST,
            ack: SeqNumber(0),
            ..inp()
        },
        Outcome::BackToListen
    );
    recv_nothing!(c);
    c.transitions(&[(State::SynReceived, State::Closed, Rule::PassiveRcvRst)]);
    assert_eq!(
        c.tcb.error, None,
        "a passive open reports nothing to a user"
    );
    assert_eq!(c.tcb.poll_at(), None);
}

#[test]
fn syn_received_from_an_active_open_is_refused_by_rst() {
    let mut c = syn_sent();
    send!(c, peer_syn());
    recv!(
        c,
        [TcpRepr {
            seq: l(0),
            ack: r(1),
            flags: SYN | ACK,
            options: mss(1460),
            ..out()
        }]
    );
    c.transitions(&[(State::SynSent, State::SynReceived, Rule::SimultaneousOpen)]);
    send!(
        c,
        TcpRepr {
            flags: RST,
            ack: SeqNumber(0),
            ..inp()
        }
    );
    recv_nothing!(c);
    c.transitions(&[(State::SynReceived, State::Closed, Rule::ActiveRcvRst)]);
    assert_eq!(c.tcb.error, Some(Errno::ConnRefused));
}

#[test]
fn syn_received_bad_ack_is_answered_with_rst() {
    let mut c = syn_received();
    send!(c, TcpRepr { ack: l(7), ..inp() });
    recv!(
        c,
        [TcpRepr {
            seq: l(7),
            ack: SeqNumber(0),
            flags: RST,
            ..out()
        }]
    );
    c.transitions(&[]);
    assert_eq!(c.tcb.state(), State::SynReceived);
    // The right ACK still completes the handshake afterwards.
    send!(c, inp());
    recv_nothing!(c);
    c.transitions(&[(
        State::SynReceived,
        State::Established,
        Rule::SynReceivedRcvAck,
    )]);
}

#[test]
fn syn_received_retransmits_the_syn_ack() {
    let mut c = syn_received();
    let syn_ack = TcpRepr {
        seq: l(0),
        ack: r(1),
        flags: SYN | ACK,
        options: mss(1460),
        ..out()
    };
    c.at(ms(1_000));
    recv!(c, [syn_ack.clone()]);
    assert_eq!(
        c.events(),
        vec![TcpNote::Retransmitted {
            seq: LOCAL_ISS,
            len: 1,
            reason: RetransmitReason::Timeout
        }]
    );
    assert_eq!(c.timer(TimerKind::Retransmit), Some(ms(3_000)));
    // The peer's SYN again (it has not heard our SYN,ACK): old, so acknowledged, by the
    // SYN,ACK itself, which a peer in SYN-SENT can use (a bare ACK it would drop).
    send!(c, peer_syn());
    recv!(c, [syn_ack.clone()]);
    assert_eq!(
        c.events(),
        vec![
            TcpNote::Duplicate {
                seq: REMOTE_ISS,
                len: 0
            },
            TcpNote::Retransmitted {
                seq: LOCAL_ISS,
                len: 1,
                reason: RetransmitReason::DuplicateSyn
            }
        ]
    );
    assert_eq!(c.tcb.state(), State::SynReceived);
    c.now = ms(1_020);
    send!(c, inp());
    recv_nothing!(c);
    c.transitions(&[(
        State::SynReceived,
        State::Established,
        Rule::SynReceivedRcvAck,
    )]);
    // Karn: the ACK of a retransmitted SYN,ACK is no RTT sample.
    assert_eq!(c.tcb.rtt.srtt, None);
}

// ---------------------------------------------------------------- ESTABLISHED

#[test]
fn established_one_segment_is_acknowledged_after_the_delay() {
    let mut c = established();
    let data = bytes(100, 3);
    send!(
        c,
        TcpRepr {
            flags: PSH | ACK,
            payload: data.clone(),
            ..inp()
        }
    );
    recv_nothing!(c);
    assert_eq!(c.events(), vec![TcpNote::DataReady { len: 100 }]);
    // RFC 1122 §4.2.3.2: at most 200 ms late (the configured delay).
    assert_eq!(c.timer(TimerKind::DelayedAck), Some(ms(220)));
    c.at(ms(219));
    recv_nothing!(c);
    c.at(ms(220));
    recv!(
        c,
        [TcpRepr {
            ack: r(101),
            window: WIN - 100,
            ..out()
        }]
    );
    assert_eq!(c.tcb.recv(1000, c.now), Ok(data));
    // Reading 100 bytes reopens less than an MSS: no window update (RFC 9293 §3.8.6.2.2).
    recv_nothing!(c);
    c.at(ms(100_000));
    recv_nothing!(c);
}

#[test]
fn established_every_second_segment_is_acknowledged_at_once() {
    let mut c = established();
    let data = bytes(2920, 4);
    send!(
        c,
        TcpRepr {
            payload: data[..1460].to_vec(),
            ..inp()
        }
    );
    recv_nothing!(c);
    send!(
        c,
        TcpRepr {
            seq: r(1461),
            flags: PSH | ACK,
            payload: data[1460..].to_vec(),
            ..inp()
        }
    );
    recv!(
        c,
        [TcpRepr {
            ack: r(2921),
            window: WIN - 2920,
            ..out()
        }]
    );
    assert_eq!(c.timer(TimerKind::DelayedAck), None);
    c.at(ms(100_000));
    recv_nothing!(c);
    assert_eq!(c.tcb.recv(10_000, c.now), Ok(data));
    // 2920 bytes read is more than one MSS: the reopened window is announced.
    recv!(
        c,
        [TcpRepr {
            ack: r(2921),
            ..out()
        }]
    );
}

#[test]
fn established_out_of_order_gets_an_immediate_duplicate_ack() {
    let mut c = established();
    let data = bytes(3000, 5);
    // The second segment first: a gap, acknowledged at once with the old RCV.NXT.
    send!(
        c,
        TcpRepr {
            seq: r(1001),
            payload: data[1000..2000].to_vec(),
            ..inp()
        }
    );
    recv!(c, [out()]);
    assert_eq!(
        c.events(),
        vec![TcpNote::OutOfOrder {
            seq: REMOTE_ISS + 1001,
            len: 1000
        }]
    );
    // Another early one: another duplicate ACK.
    send!(
        c,
        TcpRepr {
            seq: r(2001),
            payload: data[2000..].to_vec(),
            ..inp()
        }
    );
    recv!(c, [out()]);
    assert_eq!(
        c.events(),
        vec![TcpNote::OutOfOrder {
            seq: REMOTE_ISS + 2001,
            len: 1000
        }]
    );
    // The gap fills: everything is acknowledged at once (RFC 5681 §4.2).
    send!(
        c,
        TcpRepr {
            payload: data[..1000].to_vec(),
            ..inp()
        }
    );
    recv!(
        c,
        [TcpRepr {
            ack: r(3001),
            window: WIN - 3000,
            ..out()
        }]
    );
    assert_eq!(c.events(), vec![TcpNote::DataReady { len: 3000 }]);
    assert_eq!(c.tcb.recv(10_000, c.now), Ok(data));
}

#[test]
fn established_old_duplicate_is_acknowledged() {
    let mut c = established();
    let data = bytes(100, 6);
    let seg = TcpRepr {
        payload: data.clone(),
        ..inp()
    };
    send!(c, seg.clone());
    recv_nothing!(c);
    c.events();
    // The same segment again (its ACK was lost): all of it is old, ACK at once.
    c.now = ms(50);
    send!(c, seg);
    recv!(
        c,
        [TcpRepr {
            ack: r(101),
            window: WIN - 100,
            ..out()
        }]
    );
    assert_eq!(
        c.events(),
        vec![TcpNote::Duplicate {
            seq: REMOTE_ISS + 1,
            len: 100
        }]
    );
    assert_eq!(c.timer(TimerKind::DelayedAck), None, "the ACK went out");
    assert_eq!(c.tcb.recv(1000, c.now), Ok(data), "delivered once");
}

#[test]
fn established_rst_at_rcv_nxt_resets() {
    let mut c = established();
    send!(
        c,
        TcpRepr {
            flags: RST,
            ack: SeqNumber(0),
            ..inp()
        }
    );
    recv_nothing!(c);
    let notes = c.transitions(&[(State::Established, State::Closed, Rule::SynchronizedRcvRst)]);
    assert!(notes.contains(&TcpNote::Error {
        error: Errno::ConnReset
    }));
    assert_eq!(c.tcb.send(b"x", c.now), Err(Errno::ConnReset));
    assert_eq!(c.tcb.recv(1, c.now), Err(Errno::ConnReset));
}

#[test]
fn established_rst_in_window_but_not_exact_gets_a_challenge_ack() {
    let mut c = established();
    // RFC 5961 §3.2: in the window but not RCV.NXT.
    send!(
        c,
        TcpRepr {
            seq: r(1000),
            flags: RST,
            ack: SeqNumber(0),
            ..inp()
        }
    );
    recv!(c, [out()]);
    assert_eq!(c.events(), vec![TcpNote::ChallengeAck]);
    assert_eq!(c.tcb.state(), State::Established);
    // Outside the window: dropped without a word.
    send!(
        c,
        TcpRepr {
            seq: r(1 + u32::from(WIN) + 10),
            flags: RST,
            ack: SeqNumber(0),
            ..inp()
        }
    );
    recv_nothing!(c);
    c.transitions(&[]);
    assert_eq!(c.tcb.state(), State::Established);
}

#[test]
fn established_syn_in_window_gets_a_challenge_ack() {
    let mut c = established();
    // RFC 5961 §4.2: a SYN in a synchronized state, whatever its sequence number.
    send!(
        c,
        TcpRepr {
            seq: r(500),
            ack: SeqNumber(0),
            flags: SYN,
            options: mss(1460),
            ..inp()
        }
    );
    recv!(c, [out()]);
    assert_eq!(c.events(), vec![TcpNote::ChallengeAck]);
    assert_eq!(c.tcb.state(), State::Established);
    assert_eq!(c.tcb.rcv_nxt, r(1));
}

#[test]
fn established_fin_enters_close_wait() {
    let mut c = established();
    send!(
        c,
        TcpRepr {
            flags: FIN | PSH | ACK,
            payload: b"bye".to_vec(),
            ..inp()
        }
    );
    // The data and the FIN are acknowledged together, at once.
    recv!(
        c,
        [TcpRepr {
            ack: r(5),
            window: WIN - 3,
            ..out()
        }]
    );
    let notes = c.transitions(&[(State::Established, State::CloseWait, Rule::RcvFin)]);
    assert!(notes.contains(&TcpNote::PeerClosed));
    assert_eq!(c.tcb.recv(100, c.now), Ok(b"bye".to_vec()));
    assert_eq!(c.tcb.recv(100, c.now), Ok(Vec::new()), "end of stream");
    // Sending still works in CLOSE-WAIT.
    assert_eq!(c.tcb.send(b"ok", c.now), Ok(2));
    recv!(
        c,
        [TcpRepr {
            ack: r(5),
            flags: PSH | ACK,
            payload: b"ok".to_vec(),
            ..out()
        }]
    );
}

#[test]
fn established_sends_data_and_stops_the_timer_on_its_ack() {
    let mut c = established();
    c.now = ms(100);
    assert_eq!(c.tcb.send(b"hello", c.now), Ok(5));
    recv!(
        c,
        [TcpRepr {
            flags: PSH | ACK,
            payload: b"hello".to_vec(),
            ..out()
        }]
    );
    assert_eq!(c.timer(TimerKind::Retransmit), Some(ms(1_100)));
    c.now = ms(130);
    send!(c, TcpRepr { ack: l(6), ..inp() });
    recv_nothing!(c);
    assert_eq!(c.timer(TimerKind::Retransmit), None);
    assert_eq!(c.tcb.snd_una, l(6));
    assert!(c.tcb.send_buf.is_empty());
    // RFC 6298 §2.3: SRTT = 7/8·20 + 1/8·30 ms.
    assert_eq!(c.tcb.rtt.srtt, Some(Duration(21_250)));
    // A duplicate of that ACK changes nothing and sends nothing.
    send!(c, TcpRepr { ack: l(6), ..inp() });
    recv_nothing!(c);
    // An ACK of data never sent gets an ACK and is dropped (RFC 9293 §3.10.7.4).
    send!(
        c,
        TcpRepr {
            ack: l(100),
            ..inp()
        }
    );
    recv!(c, [TcpRepr { seq: l(6), ..out() }]);
    assert_eq!(c.tcb.snd_una, l(6));
}

#[test]
fn established_unacceptable_segment_beyond_the_window_is_acknowledged() {
    let mut c = established();
    send!(
        c,
        TcpRepr {
            seq: r(1 + u32::from(WIN)),
            payload: vec![1; 10],
            ..inp()
        }
    );
    recv!(c, [out()]);
    assert_eq!(
        c.events(),
        vec![TcpNote::Unacceptable {
            seq: REMOTE_ISS + 1 + u32::from(WIN),
            len: 10
        }]
    );
}

// ---------------------------------------------------------------- FIN-WAIT-1, -2

#[test]
fn fin_wait_1_ack_of_fin_enters_fin_wait_2() {
    let mut c = fin_wait_1();
    assert_eq!(c.timer(TimerKind::Retransmit), Some(ms(1_020)));
    send!(c, TcpRepr { ack: l(2), ..inp() });
    recv_nothing!(c);
    c.transitions(&[(State::FinWait1, State::FinWait2, Rule::FinWait1RcvAck)]);
    assert_eq!(c.timer(TimerKind::Retransmit), None);
    assert!(c.tcb.fin_acked());
    assert_eq!(c.tcb.send(b"x", c.now), Err(Errno::BrokenPipe));
    // FIN-WAIT-2 still receives (a half-close).
    send!(
        c,
        TcpRepr {
            ack: l(2),
            payload: b"late".to_vec(),
            ..inp()
        }
    );
    recv_nothing!(c);
    assert_eq!(c.tcb.recv(10, c.now), Ok(b"late".to_vec()));
}

#[test]
fn fin_wait_1_fin_before_the_ack_enters_closing() {
    let mut c = fin_wait_1();
    // Simultaneous close: the peer's FIN does not acknowledge ours.
    send!(
        c,
        TcpRepr {
            flags: FIN | ACK,
            ..inp()
        }
    );
    recv!(
        c,
        [TcpRepr {
            seq: l(2),
            ack: r(2),
            ..out()
        }]
    );
    c.transitions(&[(State::FinWait1, State::Closing, Rule::SimultaneousClose)]);
    assert!(
        c.timer(TimerKind::Retransmit).is_some(),
        "our FIN is unacked"
    );
}

#[test]
fn fin_wait_1_fin_with_ack_of_our_fin_enters_time_wait() {
    let mut c = fin_wait_1();
    c.now = ms(40);
    send!(
        c,
        TcpRepr {
            ack: l(2),
            flags: FIN | ACK,
            ..inp()
        }
    );
    recv!(
        c,
        [TcpRepr {
            seq: l(2),
            ack: r(2),
            ..out()
        }]
    );
    // The fifth step takes FIN-WAIT-1 to FIN-WAIT-2 "and continue processing in that
    // state"; the eighth then takes it to TIME-WAIT.
    c.transitions(&[
        (State::FinWait1, State::FinWait2, Rule::FinWait1RcvAck),
        (State::FinWait2, State::TimeWait, Rule::FinWait2RcvFin),
    ]);
    assert_eq!(c.tcb.timers.list(), vec![(TimerKind::TimeWait, ms(4_040))]);
}

#[test]
fn fin_wait_1_retransmits_an_unacknowledged_fin() {
    let mut c = fin_wait_1();
    c.at(ms(1_020));
    recv!(
        c,
        [TcpRepr {
            flags: FIN | ACK,
            ..out()
        }]
    );
    assert_eq!(
        c.events(),
        vec![TcpNote::Retransmitted {
            seq: LOCAL_ISS + 1,
            len: 1,
            reason: RetransmitReason::Timeout
        }]
    );
    assert_eq!(c.timer(TimerKind::Retransmit), Some(ms(3_020)));
    send!(c, TcpRepr { ack: l(2), ..inp() });
    recv_nothing!(c);
    c.transitions(&[(State::FinWait1, State::FinWait2, Rule::FinWait1RcvAck)]);
}

#[test]
fn fin_wait_2_fin_enters_time_wait() {
    let mut c = time_wait();
    assert_eq!(c.tcb.timers.list(), vec![(TimerKind::TimeWait, ms(4_100))]);
    c.at(ms(4_099));
    recv_nothing!(c);
    assert_eq!(c.tcb.state(), State::TimeWait);
}

// ---------------------------------------------------------------- CLOSE-WAIT, LAST-ACK

#[test]
fn close_wait_close_sends_fin_and_enters_last_ack() {
    let mut c = close_wait();
    c.tcb.close(c.now).unwrap();
    recv!(
        c,
        [TcpRepr {
            ack: r(2),
            flags: FIN | ACK,
            ..out()
        }]
    );
    c.transitions(&[(State::CloseWait, State::LastAck, Rule::CloseCloseWait)]);
    // A retransmitted FIN from the peer is old: acknowledged again.
    send!(
        c,
        TcpRepr {
            flags: FIN | ACK,
            ..inp()
        }
    );
    recv!(
        c,
        [TcpRepr {
            seq: l(2),
            ack: r(2),
            ..out()
        }]
    );
    assert_eq!(c.tcb.state(), State::LastAck);
}

#[test]
fn last_ack_ack_of_fin_closes() {
    let mut c = close_wait();
    c.tcb.close(c.now).unwrap();
    c.tcb.take_outbox();
    c.transitions(&[(State::CloseWait, State::LastAck, Rule::CloseCloseWait)]);
    send!(
        c,
        TcpRepr {
            seq: r(2),
            ack: l(2),
            ..inp()
        }
    );
    recv_nothing!(c);
    c.transitions(&[(State::LastAck, State::Closed, Rule::LastAckRcvAck)]);
    assert_eq!(c.tcb.error, None);
    assert_eq!(c.tcb.poll_at(), None);
}

#[test]
fn last_ack_retransmits_its_fin() {
    let mut c = close_wait();
    c.tcb.close(c.now).unwrap();
    c.tcb.take_outbox();
    c.tcb.take_notes();
    let fin = TcpRepr {
        ack: r(2),
        flags: FIN | ACK,
        ..out()
    };
    c.at(ms(1_020));
    recv!(c, [fin.clone()]);
    c.at(ms(3_020));
    recv!(c, [fin]);
    send!(
        c,
        TcpRepr {
            seq: r(2),
            ack: l(2),
            ..inp()
        }
    );
    recv_nothing!(c);
    assert_eq!(c.tcb.state(), State::Closed);
}

// ---------------------------------------------------------------- CLOSING

#[test]
fn closing_ack_of_fin_enters_time_wait() {
    let mut c = fin_wait_1();
    send!(
        c,
        TcpRepr {
            flags: FIN | ACK,
            ..inp()
        }
    );
    c.tcb.take_outbox();
    c.transitions(&[(State::FinWait1, State::Closing, Rule::SimultaneousClose)]);
    c.now = ms(60);
    send!(
        c,
        TcpRepr {
            seq: r(2),
            ack: l(2),
            ..inp()
        }
    );
    recv_nothing!(c);
    c.transitions(&[(State::Closing, State::TimeWait, Rule::ClosingRcvAck)]);
    assert_eq!(c.tcb.timers.list(), vec![(TimerKind::TimeWait, ms(4_060))]);
}

// ---------------------------------------------------------------- TIME-WAIT

#[test]
fn time_wait_acknowledges_a_retransmitted_fin_and_restarts_the_timer() {
    let mut c = time_wait();
    assert_eq!(c.timer(TimerKind::TimeWait), Some(ms(4_100)));
    c.now = ms(1_000);
    send!(
        c,
        TcpRepr {
            ack: l(2),
            flags: FIN | ACK,
            ..inp()
        }
    );
    recv!(
        c,
        [TcpRepr {
            seq: l(2),
            ack: r(2),
            ..out()
        }]
    );
    assert_eq!(c.tcb.state(), State::TimeWait);
    // "Acknowledge it, and restart the 2 MSL timeout": 1 s + 2 × 2 s.
    assert_eq!(c.tcb.timers.list(), vec![(TimerKind::TimeWait, ms(5_000))]);
    c.at(ms(4_100));
    recv_nothing!(c);
    assert_eq!(
        c.tcb.state(),
        State::TimeWait,
        "the old deadline no longer holds"
    );
    c.at(ms(5_000));
    recv_nothing!(c);
    let notes = c.transitions(&[(State::TimeWait, State::Closed, Rule::TimeWaitTimeout)]);
    assert!(notes.iter().any(|n| matches!(
        n,
        TcpNote::StateChanged {
            cause: Cause::Timer {
                timer: TimerKind::TimeWait
            },
            ..
        }
    )));
    assert_eq!(c.tcb.poll_at(), None);
}

#[test]
fn time_wait_ends_after_two_msl() {
    let mut c = time_wait();
    let msl = c.tcb.config.msl;
    assert_eq!(msl, Duration::from_secs(2));
    c.at(ms(100) + msl + msl - Duration(1));
    recv_nothing!(c);
    assert_eq!(c.tcb.state(), State::TimeWait);
    c.at(ms(100) + msl + msl);
    recv_nothing!(c);
    c.transitions(&[(State::TimeWait, State::Closed, Rule::TimeWaitTimeout)]);
}

// ---------------------------------------------------------------- flow control

#[test]
fn zero_window_is_probed_and_the_update_resumes_sending() {
    let mut c = established();
    c.now = ms(100);
    // The peer closes its window.
    send!(c, TcpRepr { window: 0, ..inp() });
    recv_nothing!(c);
    assert_eq!(c.tcb.snd_wnd, 0);
    assert_eq!(c.tcb.send(b"hello", c.now), Ok(5));
    recv_nothing!(c);
    // RFC 9293 §3.8.6.1: the persist timer, first after one RTO.
    assert_eq!(c.timer(TimerKind::Persist), Some(ms(1_100)));
    assert_eq!(c.timer(TimerKind::Retransmit), None);
    let probe = TcpRepr {
        payload: b"h".to_vec(),
        ..out()
    };
    let mut at = 1_100;
    for k in 0..4u64 {
        c.at(ms(at - 1));
        recv_nothing!(c);
        c.at(ms(at));
        recv!(c, [probe.clone()]);
        assert_eq!(
            c.events(),
            vec![TcpNote::ZeroWindowProbe { seq: LOCAL_ISS + 1 }]
        );
        // The probe backs off like the RTO: 2 s, 4 s, 8 s, ...
        let next = at + (2_000 << k);
        assert_eq!(c.timer(TimerKind::Persist), Some(ms(next)));
        // The peer answers each probe: still closed. That is no duplicate ACK (nothing
        // is in flight, RFC 5681 §2), so nothing is retransmitted however often it comes.
        c.now = ms(at + 20);
        send!(c, TcpRepr { window: 0, ..inp() });
        recv_nothing!(c);
        assert_eq!(c.tcb.congestion.dup_acks, 0);
        at = next;
    }
    // The window opens: the data goes at once and the persist timer stops.
    c.now = ms(at - 100);
    send!(
        c,
        TcpRepr {
            window: 1000,
            ..inp()
        }
    );
    recv!(
        c,
        [TcpRepr {
            flags: PSH | ACK,
            payload: b"hello".to_vec(),
            ..out()
        }]
    );
    assert_eq!(c.timer(TimerKind::Persist), None);
    assert_eq!(
        c.events(),
        vec![],
        "the probed byte going again is no retransmission"
    );
    assert_eq!(c.timer(TimerKind::Retransmit), Some(ms(at - 100 + 1_000)));
    send!(c, TcpRepr { ack: l(6), ..inp() });
    recv_nothing!(c);
    assert_eq!(c.tcb.poll_at(), None);
}

#[test]
fn receiver_closes_its_window_and_announces_it_reopening() {
    let config = TcpConfig {
        recv_buffer: 2_000,
        ..TcpConfig::default()
    };
    let mut c = established_with(config, peer_syn());
    let data = bytes(2_000, 7);
    send!(
        c,
        TcpRepr {
            payload: data[..1460].to_vec(),
            ..inp()
        }
    );
    recv_nothing!(c);
    send!(
        c,
        TcpRepr {
            seq: r(1461),
            payload: data[1460..].to_vec(),
            ..inp()
        }
    );
    recv!(
        c,
        [TcpRepr {
            ack: r(2001),
            window: 0,
            ..out()
        }]
    );
    // A probe into the closed window: refused, acknowledged, window still 0.
    send!(
        c,
        TcpRepr {
            seq: r(2001),
            payload: vec![0xAA],
            ..inp()
        }
    );
    recv!(
        c,
        [TcpRepr {
            ack: r(2001),
            window: 0,
            ..out()
        }]
    );
    // Half an MSS read: not yet worth announcing (RFC 9293 §3.8.6.2.2, receiver SWS).
    assert_eq!(c.tcb.recv(500, c.now), Ok(data[..500].to_vec()));
    recv_nothing!(c);
    // min(buffer/2, MSS) = 1000 bytes free: the window update goes out.
    assert_eq!(c.tcb.recv(500, c.now), Ok(data[500..1000].to_vec()));
    recv!(
        c,
        [TcpRepr {
            ack: r(2001),
            window: 1000,
            ..out()
        }]
    );
    assert_eq!(c.tcb.recv(5000, c.now), Ok(data[1000..].to_vec()));
    recv!(
        c,
        [TcpRepr {
            ack: r(2001),
            window: 2000,
            ..out()
        }]
    );
}

// ---------------------------------------------------------------- retransmission

#[test]
fn rto_backs_off_exponentially_and_karn_ignores_retransmitted_samples() {
    let mut c = established();
    let srtt = c.tcb.rtt.srtt;
    assert_eq!(srtt, Some(Duration::from_millis(20)));
    assert_eq!(c.tcb.rtt.current_rto(), Duration::from_secs(1));
    c.now = ms(1_000);
    let data = bytes(100, 8);
    c.tcb.send(&data, c.now).unwrap();
    let seg = TcpRepr {
        flags: PSH | ACK,
        payload: data.clone(),
        ..out()
    };
    recv!(c, [seg.clone()]);
    // 1 s, then 2 s, then 4 s (RFC 6298 §5.5).
    assert_eq!(c.timer(TimerKind::Retransmit), Some(ms(2_000)));
    for (fire, next) in [(2_000, 4_000), (4_000, 8_000), (8_000, 16_000)] {
        c.at(ms(fire - 1));
        recv_nothing!(c);
        c.at(ms(fire));
        recv!(c, [seg.clone()]);
        assert_eq!(
            c.events(),
            vec![TcpNote::Retransmitted {
                seq: LOCAL_ISS + 1,
                len: 100,
                reason: RetransmitReason::Timeout
            }]
        );
        assert_eq!(c.timer(TimerKind::Retransmit), Some(ms(next)));
    }
    assert_eq!(c.tcb.retries, 3);
    // RFC 5681 §3.1: after the timeout cwnd is one segment, ssthresh two.
    assert_eq!(
        (c.tcb.congestion.cwnd, c.tcb.congestion.ssthresh),
        (1460, 2920)
    );
    // The ACK arrives; the segment was sent four times, so it is no sample (Karn).
    c.now = ms(8_100);
    send!(
        c,
        TcpRepr {
            ack: l(101),
            ..inp()
        }
    );
    recv_nothing!(c);
    assert_eq!(
        c.tcb.rtt.srtt, srtt,
        "Karn: no sample from a retransmission"
    );
    assert_eq!(c.timer(TimerKind::Retransmit), None);
    assert_eq!(c.tcb.retries, 0);
    // RFC 6298 §5: the backed-off RTO stays until a new RTT measurement "collapses" it;
    // new data is timed with 8 s.
    c.tcb.send(b"more", c.now).unwrap();
    recv!(
        c,
        [TcpRepr {
            seq: l(101),
            flags: PSH | ACK,
            payload: b"more".to_vec(),
            ..out()
        }]
    );
    assert_eq!(c.timer(TimerKind::Retransmit), Some(ms(16_100)));
    // Its ACK is a clean sample: SRTT moves and the RTO collapses back to 1 s.
    c.now = ms(8_200);
    send!(
        c,
        TcpRepr {
            ack: l(105),
            ..inp()
        }
    );
    recv_nothing!(c);
    assert_eq!(c.tcb.rtt.srtt, Some(Duration::from_millis(30)));
    assert_eq!(c.tcb.rtt.current_rto(), Duration::from_secs(1));
    assert_eq!(c.tcb.poll_at(), None);
}

#[test]
fn a_path_slower_than_the_rto_still_gets_an_rtt_sample() {
    // A 3 s round trip against a 1 s initial RTO: every first send times out. With the
    // backoff kept until a clean sample (RFC 6298 §5, Karn), the RTO grows past the RTT
    // and a segment is finally timed.
    let mut c = established();
    let rtt = 3_000;
    let mut now = 1_000;
    c.now = ms(now);
    for round in 0..4u32 {
        c.tcb.send(&[round as u8; 10], c.now).unwrap();
        let sent = c.tcb.take_outbox();
        assert_eq!(sent.len(), 1);
        let end = sent[0].seq + 10;
        // Run timers until the ACK arrives one RTT after the first send.
        let ack_at = now + rtt;
        while let Some(t) = c.tcb.poll_at().filter(|t| *t <= ms(ack_at)) {
            c.at(t);
            c.tcb.take_outbox();
        }
        c.now = ms(ack_at);
        send!(c, TcpRepr { ack: end, ..inp() });
        c.tcb.take_outbox();
        now = ack_at;
        if c.tcb.rtt.srtt != Some(Duration::from_millis(20)) {
            break;
        }
    }
    let srtt = c.tcb.rtt.srtt.unwrap();
    assert!(
        srtt > Duration::from_millis(20),
        "no RTT sample after four rounds: the backoff collapsed on every ACK of a retransmission"
    );
}

#[test]
fn gives_up_with_timed_out_after_max_retries() {
    let mut c = established();
    c.now = ms(1_000);
    c.tcb.send(b"lost", c.now).unwrap();
    c.tcb.take_outbox();
    // 1, 2, 4, 8, 16, 32 s, then capped at max_rto = 60 s.
    let gaps = [1, 2, 4, 8, 16, 32, 60, 60, 60u64];
    let mut t = 1_000;
    for (i, gap) in gaps.iter().enumerate() {
        t += gap * 1_000;
        assert_eq!(c.timer(TimerKind::Retransmit), Some(ms(t)), "expiry {i}");
        c.at(ms(t));
        if i < 8 {
            assert_eq!(c.tcb.take_outbox().len(), 1, "retransmission {i}");
        }
    }
    recv_nothing!(c);
    let notes = c.transitions(&[(State::Established, State::Closed, Rule::RetriesExceeded)]);
    assert!(notes.contains(&TcpNote::Error {
        error: Errno::TimedOut
    }));
    assert_eq!(c.tcb.send(b"x", c.now), Err(Errno::TimedOut));
}

#[test]
fn abort_sends_rst_at_snd_nxt() {
    let mut c = established();
    c.tcb.send(b"data", c.now).unwrap();
    c.tcb.take_outbox();
    c.tcb.abort(Rule::UserAbort);
    recv!(
        c,
        [TcpRepr {
            seq: l(5),
            ack: SeqNumber(0),
            flags: RST,
            ..out()
        }]
    );
    c.transitions(&[(State::Established, State::Closed, Rule::UserAbort)]);
    assert_eq!(c.tcb.poll_at(), None);
}

// ---------------------------------------------------------------- wrap-around, MSS

#[test]
fn sequence_numbers_wrap_around_in_both_directions() {
    let (liss, riss) = (0xFFFF_FF00u32, 0xFFFF_FFF0u32);
    let syn = TcpRepr {
        seq: SeqNumber(riss),
        ack: SeqNumber(0),
        flags: SYN,
        options: mss(536),
        ..inp()
    };
    let mut c = Conn {
        tcb: Tcb::accept_syn(
            local(),
            remote(),
            &syn,
            SeqNumber(liss),
            config(),
            Instant::ZERO,
        ),
        now: Instant::ZERO,
    };
    let us = |n: u32| SeqNumber(liss.wrapping_add(n));
    let them = |n: u32| SeqNumber(riss.wrapping_add(n));
    recv!(
        c,
        [TcpRepr {
            seq: us(0),
            ack: them(1),
            flags: SYN | ACK,
            options: mss(1460),
            ..out()
        }]
    );
    send!(
        c,
        TcpRepr {
            seq: them(1),
            ack: us(1),
            ..inp()
        }
    );
    recv_nothing!(c);
    assert_eq!(c.tcb.state(), State::Established);

    // Ours: 1000 bytes from 0xFFFFFF01 in segments of the peer's 536, across 2^32.
    let data = bytes(1_000, 9);
    c.tcb.send(&data, c.now).unwrap();
    recv!(
        c,
        [
            TcpRepr {
                seq: us(1),
                ack: them(1),
                payload: data[..536].to_vec(),
                ..out()
            },
            TcpRepr {
                seq: us(537),
                ack: them(1),
                flags: PSH | ACK,
                payload: data[536..].to_vec(),
                ..out()
            }
        ]
    );
    assert_eq!(
        us(537),
        SeqNumber(0x0000_0119),
        "the second segment wrapped"
    );
    send!(
        c,
        TcpRepr {
            seq: them(1),
            ack: us(1001),
            ..inp()
        }
    );
    recv_nothing!(c);
    assert_eq!(c.tcb.snd_una, us(1001));
    assert!(c.tcb.send_buf.is_empty());
    assert_eq!(c.timer(TimerKind::Retransmit), None);

    // Theirs: 1000 bytes from 0xFFFFFFF1, the second segment first (a gap across 2^32).
    let theirs = bytes(1_000, 10);
    send!(
        c,
        TcpRepr {
            seq: them(501),
            ack: us(1001),
            payload: theirs[500..].to_vec(),
            ..inp()
        }
    );
    recv!(
        c,
        [TcpRepr {
            seq: us(1001),
            ack: them(1),
            ..out()
        }]
    );
    send!(
        c,
        TcpRepr {
            seq: them(1),
            ack: us(1001),
            payload: theirs[..500].to_vec(),
            ..inp()
        }
    );
    recv!(
        c,
        [TcpRepr {
            seq: us(1001),
            ack: them(1001),
            window: WIN - 1000,
            ..out()
        }]
    );
    assert_eq!(them(1001), SeqNumber(0x0000_03D9));
    assert_eq!(c.tcb.recv(5_000, c.now), Ok(theirs));
    // 1000 bytes read is more than the 536-byte MSS: the window update goes out.
    recv!(
        c,
        [TcpRepr {
            seq: us(1001),
            ack: them(1001),
            ..out()
        }]
    );
    // Closing across the wrap as well.
    c.tcb.close(c.now).unwrap();
    recv!(
        c,
        [TcpRepr {
            seq: us(1001),
            ack: them(1001),
            flags: FIN | ACK,
            ..out()
        }]
    );
    send!(
        c,
        TcpRepr {
            seq: them(1001),
            ack: us(1002),
            flags: FIN | ACK,
            ..inp()
        }
    );
    recv!(
        c,
        [TcpRepr {
            seq: us(1002),
            ack: them(1002),
            ..out()
        }]
    );
    assert_eq!(c.tcb.state(), State::TimeWait);
}

#[test]
fn peer_mss_536_caps_every_segment() {
    let syn = TcpRepr {
        options: mss(536),
        ..peer_syn()
    };
    let mut c = established_with(config(), syn);
    assert_eq!(c.tcb.snd_mss, 536);
    // RFC 5681 §3.1: IW = min(4·536, max(2·536, 4380)) = 2144 bytes.
    assert_eq!(c.tcb.congestion.cwnd, 2144);
    let data = bytes(3_000, 11);
    c.tcb.send(&data, c.now).unwrap();
    let want: Vec<TcpRepr> = (0..4u32)
        .map(|i| TcpRepr {
            seq: l(1 + i * 536),
            payload: data[(i * 536) as usize..((i + 1) * 536) as usize].to_vec(),
            ..out()
        })
        .collect();
    assert_eq!(c.tcb.take_outbox(), want);
    // The ACK of the first two opens cwnd by one MSS each (slow start): three more go.
    send!(
        c,
        TcpRepr {
            ack: l(1073),
            ..inp()
        }
    );
    let rest = c.tcb.take_outbox();
    assert!(rest.iter().all(|s| s.payload.len() <= 536), "{rest:?}");
    assert_eq!(
        rest.iter().map(|s| s.payload.len()).sum::<usize>(),
        3_000 - 2144
    );
    assert_eq!(rest.last().map(|s| s.flags), Some(PSH | ACK));
}

// ---------------------------------------------------------------- fast retransmit

#[test]
fn three_duplicate_acks_fast_retransmit_then_newreno_recovery() {
    let mut c = established();
    let data = bytes(4_380, 12);
    c.tcb.send(&data, c.now).unwrap();
    let seg = |i: u32| TcpRepr {
        seq: l(1 + i * 1460),
        flags: if i == 2 { PSH | ACK } else { ACK },
        payload: data[(i * 1460) as usize..((i + 1) * 1460) as usize].to_vec(),
        ..out()
    };
    // RFC 3390 initial window: three full segments.
    recv!(c, [seg(0), seg(1), seg(2)]);
    send!(
        c,
        TcpRepr {
            ack: l(1461),
            ..inp()
        }
    );
    recv_nothing!(c);
    assert_eq!(
        c.tcb.congestion.cwnd,
        4_380 + 1_460,
        "slow start: +1 MSS per ACK"
    );
    // Two duplicates: nothing yet.
    for _ in 0..2 {
        send!(
            c,
            TcpRepr {
                ack: l(1461),
                ..inp()
            }
        );
        recv_nothing!(c);
    }
    // The third: RFC 5681 §3.2 step 2-3, retransmit the first unacknowledged segment.
    send!(
        c,
        TcpRepr {
            ack: l(1461),
            ..inp()
        }
    );
    recv!(
        c,
        [TcpRepr {
            flags: ACK,
            ..seg(1)
        }]
    );
    assert_eq!(
        c.events(),
        vec![TcpNote::Retransmitted {
            seq: LOCAL_ISS + 1461,
            len: 1460,
            reason: RetransmitReason::FastRetransmit
        }]
    );
    // ssthresh = max(FlightSize / 2, 2·SMSS), cwnd = ssthresh + 3·SMSS.
    assert_eq!(
        (c.tcb.congestion.ssthresh, c.tcb.congestion.cwnd),
        (2_920, 7_300)
    );
    assert!(c.tcb.congestion.in_recovery);
    // A partial ACK (RFC 6582 §3.2 step 5): the next hole goes at once.
    send!(
        c,
        TcpRepr {
            ack: l(2921),
            ..inp()
        }
    );
    recv!(
        c,
        [TcpRepr {
            flags: ACK,
            ..seg(2)
        }]
    );
    assert_eq!(
        c.events(),
        vec![TcpNote::Retransmitted {
            seq: LOCAL_ISS + 2921,
            len: 1460,
            reason: RetransmitReason::PartialAck
        }]
    );
    // The full ACK ends recovery: cwnd = min(ssthresh, FlightSize + SMSS).
    send!(
        c,
        TcpRepr {
            ack: l(4381),
            ..inp()
        }
    );
    recv_nothing!(c);
    assert!(!c.tcb.congestion.in_recovery);
    assert_eq!(c.tcb.congestion.cwnd, 1_460);
    assert_eq!(c.tcb.poll_at(), None);
}

#[test]
fn fast_retransmit_resends_only_what_was_sent() {
    let mut c = established();
    // The peer offers 1000 bytes, under half the largest window it offered (65535):
    // sender SWS avoidance holds the segment back until the override timeout (RFC 9293
    // §3.8.6.2.1), then one segment smaller than the MSS goes out.
    send!(
        c,
        TcpRepr {
            window: 1000,
            ..inp()
        }
    );
    let data = bytes(5_000, 13);
    c.tcb.send(&data, c.now).unwrap();
    recv_nothing!(c);
    let now = c.now;
    c.at(now + config().sws_override);
    let first = TcpRepr {
        window: WIN,
        payload: data[..1000].to_vec(),
        ..out()
    };
    recv!(c, [first.clone()]);
    for _ in 0..2 {
        send!(
            c,
            TcpRepr {
                window: 1000,
                ..inp()
            }
        );
        recv_nothing!(c);
    }
    // RFC 5681 §3.2: "the lost segment starting at SND.UNA" is resent: those 1000 bytes,
    // not a full MSS reaching into bytes never sent (which the receiver would acknowledge
    // past SND.MAX, leaving the two ends out of step for good).
    send!(
        c,
        TcpRepr {
            window: 1000,
            ..inp()
        }
    );
    recv!(c, [first]);
    assert_eq!(c.tcb.snd_max, l(1001));
    send!(
        c,
        TcpRepr {
            ack: l(1001),
            window: 1000,
            ..inp()
        }
    );
    assert_eq!(c.tcb.snd_una, l(1001));
    recv_nothing!(c);
    let now = c.now;
    c.at(now + config().sws_override);
    let next = c.tcb.take_outbox();
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].seq, l(1001));
    assert_eq!(next[0].payload, data[1000..2000].to_vec());
}
