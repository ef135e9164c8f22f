//! What a connection does when its timers run out: retransmission (RFC 6298 §5),
//! zero-window probes (RFC 9293 §3.8.6.1), delayed ACK, FIN-WAIT-2 and TIME-WAIT.

use super::ahead_of;
use super::conn::{AckPlan, Tcb};
use super::note::{Cause, RetransmitReason, TcpNote};
use super::rules::Rule;
use super::state::State;
use super::timers::TimerKind;
use crate::errno::Errno;
use crate::time::Instant;
use crate::wire::{SeqNumber, TcpFlags};

impl Tcb {
    /// Runs every timer that has expired, in a fixed order.
    pub fn on_timer(&mut self, now: Instant) {
        self.ext.clock = now;
        while let Some(kind) = self.timers.take_expired(now) {
            self.notes.push(TcpNote::TimerFired { timer: kind });
            match kind {
                TimerKind::Retransmit => self.on_retransmit_timeout(now),
                TimerKind::Persist => self.on_persist(now),
                TimerKind::DelayedAck => self.ack_plan = AckPlan::Now,
                TimerKind::SwsOverride if self.sends_data() => {
                    self.send_data_segments(now, true);
                }
                TimerKind::SwsOverride => {}
                TimerKind::KeepAlive => self.on_keep_alive(now),
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
        let limit = match self.state() {
            State::SynSent | State::SynReceived => self.config.syn_retries,
            _ => self.config.max_retries,
        };
        if self.snd_una == self.snd_max {
            return;
        }
        if self.retries >= limit {
            // RFC 9293 §3.8.3: retransmissions exceeded the limit (R2); close.
            let rule = match self.state() {
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
        self.rtt.on_timeout();
        let (flight, max) = (self.flight_size(), self.offset_from_iss(self.snd_max));
        let cwnd = self.congestion.cwnd;
        self.congestion.on_timeout(flight, max);
        self.cubic_on_timeout(cwnd); // RFC 9438 §4.8 when CUBIC is on
        self.sack_on_timeout();
        match self.state() {
            State::SynSent | State::SynReceived => {
                let seq = self.iss;
                self.notes.push(TcpNote::Retransmitted {
                    seq: seq.0,
                    len: 1,
                    reason: RetransmitReason::Timeout,
                });
                let seg = self.syn_segment(self.state() == State::SynReceived);
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
        let una_index = ahead_of(seq, self.send_buf_seq) as usize;
        let Some(byte) = self.send_buf.get(una_index) else {
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

    /// RFC 9293 §3.8.4: the connection was idle for the keep-alive interval. "Keep-alive
    /// packets MUST only be sent when no sent data is outstanding" (MUST-26): with data
    /// out or waiting, the retransmission and persist timers watch the peer, so look
    /// again later. Otherwise send `<SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK>`, with no data
    /// (SHOULD-12): an old sequence number any live peer answers with an ACK. After
    /// `keepalive_probes` unanswered ones (never after one: MUST-29) give up.
    fn on_keep_alive(&mut self, now: Instant) {
        if !self.keep_alive || !self.keeps_alive() {
            return;
        }
        if self.flight_size() > 0 || self.unsent() > 0 {
            self.arm_keep_alive(now);
            return;
        }
        if self.keep_alive_probes >= self.config.keepalive_probes {
            let cause = Cause::Timer {
                timer: TimerKind::KeepAlive,
            };
            self.fail(Errno::TimedOut, cause, Rule::KeepAliveTimeout);
            return;
        }
        let seq = self.snd_max - 1;
        let probe = self.segment(seq, TcpFlags::ACK, Vec::new());
        self.notes.push(TcpNote::KeepAlive { seq: seq.0 });
        self.push(probe);
        self.keep_alive_probes += 1;
        self.timers
            .set(TimerKind::KeepAlive, now + self.config.keepalive_interval);
    }

    /// The states in which keep-alives run: synchronized, with no FIN of ours waiting
    /// for its ACK (that one is retransmitted, which watches the peer already).
    pub(super) fn keeps_alive(&self) -> bool {
        matches!(
            self.state(),
            State::Established | State::FinWait2 | State::CloseWait
        )
    }

    /// Starts the idle interval again: the peer was heard from, or keep-alive was just
    /// turned on.
    pub(super) fn arm_keep_alive(&mut self, now: Instant) {
        if self.keep_alive && self.keeps_alive() {
            self.timers
                .set(TimerKind::KeepAlive, now + self.config.keepalive_idle);
        } else {
            self.timers.clear(TimerKind::KeepAlive);
        }
    }
}
