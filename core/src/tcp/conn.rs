//! The transmission control block (RFC 9293 §3.3.1) and everything a connection does
//! that is not segment arrival: user calls (§3.10.1-6), output, and timers.

use super::congestion::{AckVerdict, Congestion};
use super::reassembly::RecvBuffer;
use super::rtt::RttEstimator;
use super::rules::Rule;
use super::state::State;
use super::timers::{TimerKind, Timers};
use super::TcpConfig;
use crate::endpoint::Endpoint;
use crate::errno::Errno;
use crate::time::{Duration, Instant};
use crate::wire::{SeqNumber, TcpFlags, TcpOptions, TcpRepr};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// The user calls that move a connection, named as RFC 9293 §3.10 names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TcpCall {
    /// connect(): active OPEN.
    Connect,
    /// listen(): passive OPEN.
    Listen,
    /// close(): CLOSE.
    Close,
    /// shutdown(write) or shutdown(both): CLOSE of the sending side, logged as the call
    /// the user made rather than as close().
    Shutdown,
    /// An abortive close: ABORT.
    Abort,
}

/// Why a state changed: the data the UI explains, in any language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cause {
    /// A segment arrived.
    Segment {
        flags: TcpFlags,
        seq: u32,
        ack: u32,
        len: u32,
    },
    /// The user called.
    Call { call: TcpCall },
    /// A timer ran out.
    Timer { timer: TimerKind },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RetransmitReason {
    /// The retransmission timer expired (RFC 6298 §5.4).
    Timeout,
    /// Three duplicate ACKs (RFC 5681 §3.2).
    FastRetransmit,
    /// A partial ACK during fast recovery (RFC 6582 §3.2 step 5).
    PartialAck,
}

/// What a connection reports for the event log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TcpNote {
    StateChanged {
        from: State,
        to: State,
        cause: Cause,
        rule: Rule,
    },
    Retransmitted {
        seq: u32,
        len: u32,
        reason: RetransmitReason,
    },
    TimerFired {
        timer: TimerKind,
    },
    /// In-order bytes became readable.
    DataReady {
        len: u32,
    },
    /// A segment arrived ahead of a gap and waits in the reassembly queue.
    OutOfOrder {
        seq: u32,
        len: u32,
    },
    /// A segment carried nothing new (all of it already received).
    Duplicate {
        seq: u32,
        len: u32,
    },
    /// A segment failed the acceptability test (RFC 9293 §3.10.7.4, first check).
    Unacceptable {
        seq: u32,
        len: u32,
    },
    /// RFC 5961: an RST or SYN inside the window but not exact; answered with an ACK.
    ChallengeAck,
    /// An ACK owed to an invalid segment (out of window, a challenge) was not sent: one
    /// went out less than `TcpConfig::invalid_ratelimit` ago (RFC 5961 §7).
    AckRateLimited {
        seq: u32,
    },
    ZeroWindowProbe {
        seq: u32,
    },
    /// The connection failed; the user hears this error on the next call.
    Error {
        error: Errno,
    },
    /// The peer's FIN arrived: the application will read end-of-file.
    PeerClosed,
    /// Congestion control changed its window (RFC 5681): the points of the cwnd plot.
    Congestion {
        cwnd: u32,
        ssthresh: u32,
        flight: u32,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum AckPlan {
    None,
    /// RFC 1122 §4.2.3.2: wait a little for data to piggyback on.
    Delayed,
    Now,
}

/// One connection's state, the variables of RFC 9293 §3.3.1 by their RFC names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tcb {
    /// Private, so that every change goes through [`Tcb::set_state`] and the rule table;
    /// read it with [`Tcb::state`].
    state: State,
    pub local: Endpoint,
    pub remote: Endpoint,
    /// Created by a listener (passive OPEN): an RST in SYN-RECEIVED returns it to LISTEN.
    pub passive: bool,

    pub iss: SeqNumber,
    pub snd_una: SeqNumber,
    pub snd_nxt: SeqNumber,
    /// The highest sequence number sent so far (SND.NXT can move back on a timeout).
    pub snd_max: SeqNumber,
    pub snd_wnd: u32,
    pub snd_wl1: SeqNumber,
    pub snd_wl2: SeqNumber,
    /// The largest window the peer ever offered (RFC 5961 §5's MAX.SND.WND).
    pub max_snd_wnd: u32,
    /// Effective send MSS: the peer's offer, capped by ours (RFC 9293 §3.7.1).
    pub snd_mss: u32,

    pub irs: SeqNumber,
    pub rcv_nxt: SeqNumber,
    /// The window last advertised, for window-update decisions.
    pub rcv_wnd_advertised: u32,
    /// RCV.NXT when a window was last advertised: the left edge of the window the peer
    /// knows (Linux's `rcv_wup`). See `check_sequence`.
    #[serde(default)]
    pub rcv_wup: SeqNumber,

    /// Bytes from SND.UNA on: sent-unacknowledged, then not yet sent.
    pub send_buf: VecDeque<u8>,
    /// The sequence number of `send_buf[0]`.
    pub send_buf_seq: SeqNumber,
    pub recv_buf: RecvBuffer,
    /// The user asked to close the sending side; a FIN follows the data.
    pub fin_queued: bool,
    /// The FIN's sequence number once assigned.
    pub fin_seq: Option<SeqNumber>,
    pub fin_received: bool,
    /// A FIN that arrived ahead of a gap, held until RCV.NXT reaches it (RFC 9293
    /// §3.10.7.4, seventh step: early segments are "held for later processing").
    #[serde(default)]
    pub early_fin: Option<SeqNumber>,
    /// shutdown(read): arriving data is acknowledged and discarded.
    pub read_shut: bool,

    pub rtt: RttEstimator,
    /// The segment being timed: (sequence number that acknowledges it, when it was sent).
    pub rtt_probe: Option<(SeqNumber, Instant)>,
    pub cc: Congestion,
    pub timers: Timers,
    /// Consecutive retransmission timeouts without progress.
    pub retries: u32,
    /// Interval of the next zero-window probe (backs off like the RTO).
    pub persist_backoff: u32,
    /// Zero-window probes sent without any acceptable ACK since (Linux's `probes_out`).
    #[serde(default)]
    pub probes: u32,
    /// When the last ACK answering an invalid segment went out (Linux's
    /// `last_oow_ack_time`), for [`TcpConfig::invalid_ratelimit`].
    #[serde(default)]
    pub last_oow_ack: Option<Instant>,
    /// Challenge ACKs this connection's host may still send this second
    /// ([`TcpConfig::challenge_ack_limit`]): the world sets it before a segment goes in
    /// and charges the host what was spent. A Tcb on its own is not limited.
    #[serde(skip, default = "unlimited")]
    pub(crate) host_challenges_left: u32,
    /// The program called close(): nobody will read again, and the connection must end
    /// on its own (FIN-WAIT-2 timeout, probe limit, RST on new data).
    #[serde(default)]
    pub orphaned: bool,
    pub(crate) ack_plan: AckPlan,
    /// Full-sized segments received since the last ACK we sent.
    pub(crate) unacked_segments: u32,
    /// The error waiting for the user (refused, reset, timed out).
    pub error: Option<Errno>,
    pub config: TcpConfig,

    #[serde(skip)]
    pub(crate) outbox: Vec<TcpRepr>,
    #[serde(skip)]
    pub(crate) notes: Vec<TcpNote>,
}

impl Tcb {
    pub fn new(local: Endpoint, remote: Endpoint, iss: SeqNumber, config: TcpConfig) -> Self {
        let mss = u32::from(config.mss);
        Tcb {
            state: State::Closed,
            local,
            remote,
            passive: false,
            iss,
            snd_una: iss,
            snd_nxt: iss,
            snd_max: iss,
            snd_wnd: 0,
            snd_wl1: SeqNumber(0),
            snd_wl2: iss,
            max_snd_wnd: 0,
            // RFC 9293 §3.7.1: without an MSS option, assume 536.
            snd_mss: 536.min(mss),
            irs: SeqNumber(0),
            rcv_nxt: SeqNumber(0),
            rcv_wnd_advertised: config.recv_buffer.min(65_535),
            rcv_wup: SeqNumber(0),
            send_buf: VecDeque::new(),
            send_buf_seq: iss + 1,
            recv_buf: RecvBuffer::new(config.recv_buffer),
            fin_queued: false,
            fin_seq: None,
            fin_received: false,
            early_fin: None,
            read_shut: false,
            rtt: RttEstimator::new(config.min_rto, config.max_rto),
            rtt_probe: None,
            cc: Congestion::new(536.min(mss)),
            timers: Timers::default(),
            retries: 0,
            persist_backoff: 0,
            probes: 0,
            last_oow_ack: None,
            host_challenges_left: unlimited(),
            orphaned: false,
            ack_plan: AckPlan::None,
            unacked_segments: 0,
            error: None,
            config,
            outbox: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The connection's state (RFC 9293 §3.3.2).
    pub fn state(&self) -> State {
        self.state
    }

    /// The only way a state changes that the log sees: by a rule of the table
    /// ([`super::rules::RULES`]), which names the state entered and the RFC section. It
    /// records where from, where to, why, and by which rule. Already in the rule's state,
    /// nothing happens.
    pub fn set_state(&mut self, rule: Rule, cause: Cause) {
        debug_assert!(
            rule.trigger().fits(&cause),
            "{rule:?} is not triggered by {cause:?}"
        );
        if let Some(from) = self.enter(rule) {
            let to = self.state;
            self.notes.push(TcpNote::StateChanged {
                from,
                to,
                cause,
                rule,
            });
        }
    }

    /// Moves to `rule`'s state, checking (in debug builds) that the table allows it from
    /// here; returns the state left, or None if already there. Only `set_state` and the
    /// fork of a listener (whose step the world logs as `ConnectionForked`) call it.
    pub(crate) fn enter(&mut self, rule: Rule) -> Option<State> {
        let (from, to) = (self.state, rule.to());
        if from == to {
            return None;
        }
        debug_assert!(
            rule.allows(from, to),
            "{rule:?} does not lead from {from} to {to}"
        );
        self.state = to;
        if to == State::Closed {
            self.timers.clear_all();
        }
        Some(from)
    }

    pub fn take_outbox(&mut self) -> Vec<TcpRepr> {
        std::mem::take(&mut self.outbox)
    }

    pub fn take_notes(&mut self) -> Vec<TcpNote> {
        std::mem::take(&mut self.notes)
    }

    /// When the world must wake this connection next.
    pub fn poll_at(&self) -> Option<Instant> {
        self.timers.next()
    }

    /// Bytes sent and not yet acknowledged (RFC 5681's FlightSize), SYN and FIN included.
    pub fn flight_size(&self) -> u32 {
        self.snd_nxt.diff(self.snd_una).max(0) as u32
    }

    /// Sequence numbers as offsets from ISS, the scale congestion control counts in.
    fn offset_from_iss(&self, seq: SeqNumber) -> u32 {
        seq.diff(self.iss) as u32
    }

    /// Bytes the application may still write.
    pub fn send_space(&self) -> u32 {
        self.config
            .send_buffer
            .saturating_sub(self.send_buf.len() as u32)
    }

    /// Bytes waiting in the send buffer that were never sent.
    pub fn unsent(&self) -> u32 {
        let sent = self.snd_max.diff(self.send_buf_seq).max(0) as u32;
        (self.send_buf.len() as u32).saturating_sub(sent)
    }

    pub fn fin_acked(&self) -> bool {
        self.fin_seq.is_some_and(|f| self.snd_una.is_after(f))
    }

    /// Is the connection synchronized (past the handshake)? RFC 9293 §3.10.7.4 treats
    /// these states alike in many steps.
    pub fn synchronized(&self) -> bool {
        !matches!(
            self.state,
            State::Closed | State::Listen | State::SynSent | State::SynReceived
        )
    }

    // ---- segments -------------------------------------------------------------------

    /// A segment from this connection with the current ACK and window.
    pub(crate) fn segment(&mut self, seq: SeqNumber, flags: TcpFlags, payload: Vec<u8>) -> TcpRepr {
        let window = self.recv_buf.window().min(65_535);
        self.rcv_wnd_advertised = window;
        let ack = if flags.contains(TcpFlags::ACK) {
            self.rcv_wup = self.rcv_nxt;
            self.rcv_nxt
        } else {
            SeqNumber(0)
        };
        TcpRepr {
            src_port: self.local.port,
            dst_port: self.remote.port,
            seq,
            ack,
            flags,
            window: window as u16,
            urgent: 0,
            options: TcpOptions::default(),
            payload,
        }
    }

    fn push(&mut self, seg: TcpRepr) {
        if seg.flags.contains(TcpFlags::ACK) {
            // Any segment with ACK acknowledges everything received so far.
            self.ack_plan = AckPlan::None;
            self.unacked_segments = 0;
            self.timers.clear(TimerKind::DelayedAck);
        }
        self.outbox.push(seg);
    }

    fn syn_segment(&mut self, with_ack: bool) -> TcpRepr {
        let flags = if with_ack {
            TcpFlags::SYN | TcpFlags::ACK
        } else {
            TcpFlags::SYN
        };
        let mut seg = self.segment(self.iss, flags, Vec::new());
        seg.options.mss = Some(self.config.mss);
        seg
    }

    pub(crate) fn send_syn(&mut self, now: Instant) {
        let seg = self.syn_segment(self.state == State::SynReceived);
        if self.retries == 0 {
            self.rtt_probe = Some((self.iss + 1, now));
        }
        self.snd_nxt = self.iss + 1;
        self.snd_max = self.snd_max.max_seq(self.snd_nxt);
        self.push(seg);
        self.arm_retransmit(now);
    }

    /// `<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>`: the acknowledgment RFC 9293 asks for in many
    /// steps, also the answer to an unacceptable segment.
    pub(crate) fn send_ack(&mut self) {
        let seg = self.segment(self.ack_seq(), TcpFlags::ACK, Vec::new());
        self.push(seg);
    }

    /// The SEQ of a segment that carries no data (an ACK, an RST of ABORT): one the peer
    /// finds acceptable by RFC 9293 §3.10.7.4's first check, RCV.NXT =< SEG.SEQ (exactly
    /// RCV.NXT when its window is zero), so that it reads our acknowledgment and window.
    ///
    /// RFC 9293's SND.NXT never moves back; ours does on a retransmission timeout (go
    /// back to SND.UNA), below what the peer may already hold, so the RFC's SND.NXT is
    /// our SND.MAX (as in BSD's tcp_output). While the persist timer runs, the peer's
    /// window is zero and a probe byte may be out whose fate we do not know: the peer
    /// holds SND.UNA as RCV.NXT if it refused the byte. SND.UNA is then the one value it
    /// accepts in both cases: exactly its RCV.NXT after a refusal, and inside the window it
    /// last advertised after taking the byte (see `check_sequence`). This is Linux's
    /// tcp_acceptable_seq, min(SND.NXT, SND.UNA + SND.WND), for a zero window. Stamping
    /// SND.NXT instead made every ACK "old" to a peer that had taken the probe byte, and
    /// two such peers answered each other's ACKs forever (issue 12).
    pub(crate) fn ack_seq(&self) -> SeqNumber {
        if self.timers.is_set(TimerKind::Persist) {
            self.snd_una
        } else {
            self.snd_max
        }
    }

    /// The ACK that answers an invalid segment: out of window, an unacceptable ACK, or
    /// a challenge (RFC 5961 §3-5). RFC 5961 §7 says such ACKs SHOULD be rate-limited,
    /// or two stacks that disagree about the sequence space answer each other forever
    /// (an "ACK war"), and a forged segment draws an answer for each copy. As Linux's
    /// tcp_oow_rate_limited: at most one per `invalid_ratelimit` per connection, except
    /// that segments with data are always answered (they are no ACK loop, and their
    /// sender needs the duplicate ACK to recover), unless `challenge`.
    pub(crate) fn answer_invalid(&mut self, seg: &TcpRepr, challenge: bool, now: Instant) {
        let has_data = !seg.payload.is_empty() && !seg.flags.contains(TcpFlags::SYN);
        if has_data && !challenge {
            self.send_ack();
            return;
        }
        let limit = self.config.invalid_ratelimit;
        if self.last_oow_ack.is_some_and(|t| now < t + limit) {
            self.notes.push(TcpNote::AckRateLimited { seq: seg.seq.0 });
            return;
        }
        if challenge && self.host_challenges_left == 0 {
            // The host-wide limit (Linux's tcp_challenge_ack_limit) is spent this second.
            self.notes.push(TcpNote::AckRateLimited { seq: seg.seq.0 });
            return;
        }
        self.last_oow_ack = Some(now);
        if challenge {
            self.host_challenges_left -= 1;
            self.notes.push(TcpNote::ChallengeAck);
        }
        self.send_ack();
    }

    pub(crate) fn arm_retransmit(&mut self, now: Instant) {
        if !self.timers.is_set(TimerKind::Retransmit) {
            self.timers
                .set(TimerKind::Retransmit, now + self.rtt.current_rto());
        }
    }

    fn restart_retransmit(&mut self, now: Instant) {
        self.timers
            .set(TimerKind::Retransmit, now + self.rtt.current_rto());
    }

    /// Sends what the windows allow: data, then the FIN once the data is out, then an ACK
    /// if one is still owed. Called after every input, timer and user call.
    pub(crate) fn output(&mut self, now: Instant) {
        if matches!(
            self.state,
            State::Established
                | State::CloseWait
                | State::FinWait1
                | State::Closing
                | State::LastAck
        ) {
            self.output_data(now);
        }
        if self.ack_plan == AckPlan::Now {
            self.send_ack();
        }
        // FIN-WAIT-2 has no timer in RFC 9293: a peer that never sends its FIN would keep
        // an orphaned connection forever. Linux gives it tcp_fin_timeout.
        if self.state == State::FinWait2
            && self.orphaned
            && !self.timers.is_set(TimerKind::FinWait2)
        {
            self.timers
                .set(TimerKind::FinWait2, now + self.config.fin_wait2_timeout);
        }
    }

    fn output_data(&mut self, now: Instant) {
        if self.snd_nxt.is_before(self.send_buf_seq)
            && self.snd_una.is_at_or_before(self.send_buf_seq)
        {
            self.snd_nxt = self.send_buf_seq;
        }
        loop {
            let off = self.snd_nxt.diff(self.send_buf_seq).max(0) as u32;
            let unsent = (self.send_buf.len() as u32).saturating_sub(off);
            let window = self.snd_wnd.min(self.cc.cwnd);
            let usable = window.saturating_sub(self.flight_size());
            let n = self.snd_mss.min(usable).min(unsent);
            if n == 0 {
                break;
            }
            let start = off as usize;
            let payload = copy_out(&self.send_buf, start, n as usize);
            let mut flags = TcpFlags::ACK;
            if n == unsent {
                flags.insert(TcpFlags::PSH);
            }
            let seq = self.snd_nxt;
            let seg = self.segment(seq, flags, payload);
            self.note_if_retransmission(seq, n, now);
            self.push(seg);
            self.snd_nxt += n;
            self.snd_max = self.snd_max.max_seq(self.snd_nxt);
            self.arm_retransmit(now);
        }
        let data_end = self.send_buf_seq + self.send_buf.len() as u32;
        let all_data_sent = self.snd_nxt == data_end;
        let fin_pending = self.fin_queued && self.fin_seq.is_none_or(|f| self.snd_nxt == f);
        if fin_pending && all_data_sent {
            let seq = self.snd_nxt;
            self.fin_seq = Some(seq);
            let seg = self.segment(seq, TcpFlags::FIN | TcpFlags::ACK, Vec::new());
            self.note_if_retransmission(seq, 1, now);
            self.push(seg);
            self.snd_nxt += 1;
            self.snd_max = self.snd_max.max_seq(self.snd_nxt);
            self.arm_retransmit(now);
        }
        // RFC 9293 §3.8.6.1: data waits behind a zero window and nothing is in flight to
        // bring a window update: probe it on the persist timer.
        let waiting = (self.send_buf.len() as u32)
            .saturating_sub(self.snd_nxt.diff(self.send_buf_seq).max(0) as u32)
            > 0;
        // The byte of a probe still out keeps the timer running (its flight is that byte).
        let probing = self.timers.is_set(TimerKind::Persist);
        let idle = self.flight_size() == 0 || (probing && self.flight_size() == 1);
        if (waiting || probing) && self.snd_wnd == 0 && idle {
            if !probing {
                self.timers
                    .set(TimerKind::Persist, now + self.persist_interval());
            }
        } else {
            self.timers.clear(TimerKind::Persist);
            self.persist_backoff = 0;
            if self.flight_size() > 0 {
                // A probe byte the window opened under is covered like any sent byte.
                self.arm_retransmit(now);
            }
        }
    }

    fn persist_interval(&self) -> Duration {
        let base = self.rtt.rto.micros().max(self.config.min_rto.micros());
        Duration(base.saturating_mul(1 << self.persist_backoff.min(6))).min(self.config.max_rto)
    }

    /// Logs a retransmission, and keeps Karn's rule: a resent segment is never timed.
    fn note_if_retransmission(&mut self, seq: SeqNumber, len: u32, now: Instant) {
        if seq.is_before(self.snd_max) {
            self.rtt_probe = None;
            // The byte a zero-window probe carried (RFC 9293 §3.8.6.1) goes out again
            // when the window opens, while the persist timer still runs: Karn applies
            // (not timed), but no retransmission timer expired, so no note says so.
            if self.timers.is_set(TimerKind::Persist) {
                return;
            }
            let reason = RetransmitReason::Timeout;
            self.notes.push(TcpNote::Retransmitted {
                seq: seq.0,
                len,
                reason,
            });
        } else if self.rtt_probe.is_none() {
            self.rtt_probe = Some((seq + len, now));
        }
    }

    /// Resends the first unacknowledged segment right away (fast retransmit, partial ACK).
    pub(crate) fn retransmit_first(&mut self, reason: RetransmitReason) {
        let off = self.snd_una.diff(self.send_buf_seq).max(0) as usize;
        let avail = self.send_buf.len().saturating_sub(off);
        // RFC 5681 §3.2: resend "the lost segment", so only bytes already sent (up to
        // SND.MAX). Bytes never sent would not advance SND.MAX, and the receiver's ACK
        // of them would be refused as acknowledging "something not yet sent".
        let sent = self.snd_max.diff(self.snd_una).max(0) as usize;
        let n = (self.snd_mss as usize).min(avail).min(sent);
        let seq = self.snd_una;
        let seg = if n > 0 {
            let payload = copy_out(&self.send_buf, off, n);
            self.segment(seq, TcpFlags::ACK, payload)
        } else if self.fin_seq == Some(seq) {
            self.segment(seq, TcpFlags::FIN | TcpFlags::ACK, Vec::new())
        } else {
            return;
        };
        self.rtt_probe = None;
        let len = seg.segment_len();
        self.notes.push(TcpNote::Retransmitted {
            seq: seq.0,
            len,
            reason,
        });
        self.push(seg);
    }

    // ---- acknowledgments ------------------------------------------------------------

    /// SND.UNA < SEG.ACK =< SND.MAX: new data acknowledged (RFC 9293 §3.10.7.4, fifth
    /// step, ESTABLISHED). Frees the send buffer, feeds RTT and congestion control.
    pub(crate) fn on_new_ack(&mut self, ack: SeqNumber, now: Instant) {
        self.snd_una = ack;
        if self.snd_nxt.is_before(ack) {
            self.snd_nxt = ack;
        }
        let data_acked = ack.diff(self.send_buf_seq).max(0) as usize;
        let drain = data_acked.min(self.send_buf.len());
        self.send_buf.drain(..drain);
        self.send_buf_seq += drain as u32;
        if let Some((probe_ack, sent)) = self.rtt_probe {
            if ack.is_at_or_after(probe_ack) {
                self.rtt.sample(now - sent);
                self.rtt_probe = None;
            }
        }
        self.retries = 0;
        // RFC 6298 §5 (last note) with Karn's algorithm: the backed-off RTO "collapses"
        // only once a new RTT measurement is obtained, which `sample` does above. An ACK
        // of a retransmitted segment leaves the backoff alone, or a path slower than the
        // RTO would time out every segment and never be sampled.
        let flight = self.flight_size();
        // Congestion control counts data bytes: the ACK of a SYN or FIN grows nothing.
        if self
            .cc
            .on_new_ack(drain as u32, self.offset_from_iss(ack), flight)
            == AckVerdict::RetransmitFirst
        {
            self.retransmit_first(RetransmitReason::PartialAck);
        }
        // RFC 6298 §5.2/5.3: all acked, stop the timer; otherwise restart it.
        if self.snd_una == self.snd_max {
            self.timers.clear(TimerKind::Retransmit);
        } else {
            self.restart_retransmit(now);
        }
    }

    pub(crate) fn on_dup_ack(&mut self) {
        let (flight, una, max) = (
            self.flight_size(),
            self.offset_from_iss(self.snd_una),
            self.offset_from_iss(self.snd_max),
        );
        if self.cc.on_dup_ack(flight, una, max) == AckVerdict::RetransmitFirst {
            self.retransmit_first(RetransmitReason::FastRetransmit);
        }
    }

    /// Queues an acknowledgment by RFC 1122 §4.2.3.2 and RFC 5681 §4.2: at once for
    /// every second full-sized segment, for out-of-order data and for filled gaps;
    /// otherwise after the delayed-ACK timeout.
    pub(crate) fn plan_ack(&mut self, immediate: bool, now: Instant) {
        self.unacked_segments += 1;
        if immediate || !self.config.delayed_ack || self.unacked_segments >= 2 {
            self.ack_plan = AckPlan::Now;
        } else if self.ack_plan == AckPlan::None {
            self.ack_plan = AckPlan::Delayed;
            self.timers
                .set(TimerKind::DelayedAck, now + self.config.ack_delay);
        }
    }

    // ---- timers ---------------------------------------------------------------------

    /// Runs every timer that has expired, in a fixed order.
    pub fn on_timer(&mut self, now: Instant) {
        while let Some(kind) = self.timers.take_expired(now) {
            self.notes.push(TcpNote::TimerFired { timer: kind });
            match kind {
                TimerKind::Retransmit => self.on_retransmit_timeout(now),
                TimerKind::Persist => self.on_persist(now),
                TimerKind::DelayedAck => self.ack_plan = AckPlan::Now,
                TimerKind::FinWait2 => {
                    let cause = Cause::Timer { timer: kind };
                    // Linux tcp_fin_timeout: an orphan waits in FIN-WAIT-2 only so long.
                    self.set_state(Rule::OrphanFinWait2Timeout, cause);
                }
                TimerKind::TimeWait => {
                    let cause = Cause::Timer { timer: kind };
                    // RFC 9293 §3.10.8: the time-wait timeout expired; delete the TCB.
                    self.set_state(Rule::TimeWaitTimeout, cause);
                }
            }
        }
        self.output(now);
    }

    /// RFC 6298 §5.4-5.6: retransmit the earliest unacknowledged segment, back off the
    /// timer, restart it. Past the retry limit the connection is given up (RFC 9293
    /// §3.8.3, R2) with ETIMEDOUT.
    fn on_retransmit_timeout(&mut self, now: Instant) {
        let limit = match self.state {
            State::SynSent | State::SynReceived => self.config.syn_retries,
            _ => self.config.max_retries,
        };
        if self.snd_una == self.snd_max {
            return;
        }
        if self.retries >= limit {
            // RFC 9293 §3.8.3: retransmissions exceeded the limit (R2); close.
            let rule = match self.state {
                State::SynSent | State::SynReceived => Rule::SynRetriesExceeded,
                _ => Rule::RetriesExceeded,
            };
            let cause = Cause::Timer {
                timer: TimerKind::Retransmit,
            };
            self.fail(Errno::TimedOut, cause, rule);
            return;
        }
        self.retries += 1;
        self.rtt.back_off();
        self.rtt_probe = None;
        let (flight, max) = (self.flight_size(), self.offset_from_iss(self.snd_max));
        self.cc.on_timeout(flight, max);
        match self.state {
            State::SynSent | State::SynReceived => {
                let seq = self.iss;
                self.notes.push(TcpNote::Retransmitted {
                    seq: seq.0,
                    len: 1,
                    reason: RetransmitReason::Timeout,
                });
                let seg = self.syn_segment(self.state == State::SynReceived);
                self.push(seg);
            }
            _ => {
                // Go back to SND.UNA and send again from there (one segment fits cwnd);
                // an unacknowledged FIN goes again after the data before it.
                self.snd_nxt = self.snd_una;
                self.output_data(now);
            }
        }
        self.restart_retransmit(now);
    }

    /// RFC 9293 §3.8.6.1: send one byte beyond the zero window; the answer carries the
    /// current window. The probe is the first unacknowledged byte, so a refused probe is
    /// simply sent again.
    fn on_persist(&mut self, now: Instant) {
        if self.probes >= self.config.max_retries {
            // RFC 9293 §3.8.6.1 keeps a connection open while the receiver answers its
            // probes; one whose probes go unanswered is given up like a retransmission
            // (Linux's tcp_probe_timer, tcp_retries2), and so is an orphaned one however
            // it answers (RFC 6429: resources of a closed socket may be reclaimed; Linux's
            // tcp_orphan_retries).
            let cause = Cause::Timer {
                timer: TimerKind::Persist,
            };
            self.fail(Errno::TimedOut, cause, Rule::ProbesExceeded);
            return;
        }
        let seq = self.snd_una;
        let off = seq.diff(self.send_buf_seq).max(0) as usize;
        let Some(&byte) = self.send_buf.get(off) else {
            return;
        };
        let seg = self.segment(seq, TcpFlags::ACK, vec![byte]);
        self.notes.push(TcpNote::ZeroWindowProbe { seq: seq.0 });
        self.push(seg);
        // The probe byte is sent data ("transmit at least one octet of new data",
        // §3.8.6.1): if the peer takes it, its RCV.NXT is past it. As in BSD's tcp_output,
        // SND.NXT and SND.MAX count it; an answer that does not acknowledge it takes
        // SND.NXT back (`probe_refused`).
        self.snd_nxt = seq + 1;
        self.snd_max = self.snd_max.max_seq(seq + 1);
        self.probes = self.probes.saturating_add(1);
        self.persist_backoff = self.persist_backoff.saturating_add(1);
        self.timers
            .set(TimerKind::Persist, now + self.persist_interval());
    }

    /// An acceptable ACK arrived while probing that does not acknowledge the probe byte:
    /// the peer's RCV.NXT was SEG.ACK when it sent it, so the byte was refused (or not
    /// yet seen). SND.NXT goes back to SND.UNA, as BSD's tcp_output does for a zero
    /// window, so the byte goes again with the next probe or once the window opens. If
    /// the peer took the byte after all, that resend is a duplicate it acknowledges.
    pub(crate) fn probe_answered(&mut self, ack: SeqNumber) {
        if !self.orphaned || ack.is_after(self.snd_una) {
            self.probes = 0;
        }
        if self.timers.is_set(TimerKind::Persist) && ack == self.snd_una {
            self.snd_nxt = self.snd_una;
        }
    }

    /// Ends the connection with an error for the user.
    pub(crate) fn fail(&mut self, error: Errno, cause: Cause, rule: Rule) {
        self.error = Some(error);
        self.notes.push(TcpNote::Error { error });
        self.send_buf.clear();
        self.set_state(rule, cause);
    }

    // ---- user calls (RFC 9293 §3.10.1-6) --------------------------------------------

    /// Active OPEN (§3.10.1): send `<SEQ=ISS><CTL=SYN>` and enter SYN-SENT.
    pub fn open(&mut self, now: Instant) {
        let cause = Cause::Call {
            call: TcpCall::Connect,
        };
        // RFC 9293 §3.10.1 OPEN: an active open sends SYN and enters SYN-SENT.
        self.set_state(Rule::ActiveOpen, cause);
        self.send_syn(now);
    }

    /// SEND (§3.10.2): queue data; it goes out as the windows allow.
    pub fn send(&mut self, data: &[u8], now: Instant) -> Result<u32, Errno> {
        if let Some(e) = self.error {
            return Err(e);
        }
        match self.state {
            State::SynSent | State::SynReceived | State::Established | State::CloseWait
                if !self.fin_queued => {}
            State::Closed | State::Listen => return Err(Errno::NotConnected),
            _ => return Err(Errno::BrokenPipe),
        }
        let n = self.send_space().min(data.len() as u32);
        if n == 0 && !data.is_empty() {
            return Err(Errno::WouldBlock);
        }
        self.send_buf.extend(&data[..n as usize]);
        self.output(now);
        Ok(n)
    }

    /// RECEIVE (§3.10.3): up to `max` in-order bytes; empty means end of stream.
    pub fn recv(&mut self, max: u32, now: Instant) -> Result<Vec<u8>, Errno> {
        if !self.recv_buf.ready.is_empty() {
            let data = self.recv_buf.read(max);
            self.maybe_window_update(now);
            return Ok(data);
        }
        if self.fin_received || self.read_shut {
            return Ok(Vec::new());
        }
        if let Some(e) = self.error {
            return Err(e);
        }
        match self.state {
            State::Closed | State::Listen => Err(Errno::NotConnected),
            _ => Err(Errno::WouldBlock),
        }
    }

    /// RFC 9293 §3.8.6.2.2 (receiver-side silly window avoidance): announce a reopened
    /// window only once it has grown by min(half the buffer, one MSS).
    fn maybe_window_update(&mut self, now: Instant) {
        let window = self.recv_buf.window().min(65_535);
        let threshold = (self.recv_buf.capacity / 2).min(self.snd_mss.max(1));
        let grown = window.saturating_sub(self.rcv_wnd_advertised);
        if self.synchronized() && grown >= threshold && !self.fin_received {
            self.ack_plan = AckPlan::Now;
            self.output(now);
        }
    }

    /// CLOSE (§3.10.4) of the sending side: queue a FIN after the data.
    pub fn close(&mut self, now: Instant) -> Result<(), Errno> {
        self.close_by(now, TcpCall::Close)
    }

    /// CLOSE (§3.10.4) as the user's `call` asked for it (close() or shutdown()), so the
    /// state change logs the call that was made.
    pub fn close_by(&mut self, now: Instant, call: TcpCall) -> Result<(), Errno> {
        let cause = Cause::Call { call };
        match self.state {
            State::Closed => return Err(Errno::NotConnected),
            State::Listen | State::SynSent => {
                // RFC 9293 §3.10.4 CLOSE: in LISTEN or SYN-SENT, delete the TCB.
                let rule = if self.state == State::Listen {
                    Rule::CloseListen
                } else {
                    Rule::CloseSynSent
                };
                self.set_state(rule, cause);
                return Ok(());
            }
            State::SynReceived | State::Established => {
                self.fin_queued = true;
                // RFC 9293 §3.10.4 CLOSE: queue a FIN after pending data, FIN-WAIT-1.
                let rule = if self.state == State::SynReceived {
                    Rule::CloseSynReceived
                } else {
                    Rule::CloseEstablished
                };
                self.set_state(rule, cause);
            }
            State::CloseWait => {
                self.fin_queued = true;
                // RFC 9293 §3.10.4 CLOSE: in CLOSE-WAIT, send FIN and enter LAST-ACK.
                self.set_state(Rule::CloseCloseWait, cause);
            }
            _ => {}
        }
        self.output(now);
        Ok(())
    }

    /// Passive OPEN (§3.10.1): wait for a SYN in LISTEN.
    pub fn listen(&mut self) {
        let cause = Cause::Call {
            call: TcpCall::Listen,
        };
        // RFC 9293 §3.10.1 OPEN: a passive open enters LISTEN and waits for a SYN.
        self.set_state(Rule::PassiveOpen, cause);
    }

    /// ABORT (§3.10.5): send `<SEQ=SND.NXT><CTL=RST>` if synchronized, and close. `rule`
    /// says why the abort happened (a user's abort, close with unread data, a listener
    /// closing with connections not yet accepted).
    pub fn abort(&mut self, rule: Rule) {
        if matches!(
            self.state,
            State::SynReceived
                | State::Established
                | State::FinWait1
                | State::FinWait2
                | State::CloseWait
        ) {
            // RFC 9293 §3.10.5: <SEQ=SND.NXT><CTL=RST>, with the RFC's SND.NXT (see
            // `ack_seq`): an RST elsewhere is only challenged (RFC 5961 §3.2).
            let seg = self.segment(self.ack_seq(), TcpFlags::RST, Vec::new());
            self.outbox.push(seg);
        }
        self.send_buf.clear();
        let cause = Cause::Call {
            call: TcpCall::Abort,
        };
        self.set_state(rule, cause);
    }
}

/// `n` bytes of the send buffer from offset `start`, as a segment's payload: copied slice
/// by slice (a ring buffer is at most two), not byte by byte.
fn copy_out(buf: &VecDeque<u8>, start: usize, n: usize) -> Vec<u8> {
    let (front, back) = buf.as_slices();
    let mut out = Vec::with_capacity(n);
    if let Some(front) = front.get(start..) {
        let here = n.min(front.len());
        out.extend_from_slice(&front[..here]);
        out.extend_from_slice(&back[..n - here]);
    } else {
        let from = start - front.len();
        out.extend_from_slice(&back[from..from + n]);
    }
    out
}

/// No host-wide limit: a Tcb outside a world, or restored from a file.
fn unlimited() -> u32 {
    u32::MAX
}
