//! Acknowledgments: the ACKs we send (when, with which SEQ, rate-limited when they
//! answer invalid segments) and the ACKs we receive (new data acknowledged, duplicates).

use super::ahead_of;
use super::congestion::AckVerdict;
use super::conn::{AckPlan, Tcb};
use super::note::{RetransmitReason, TcpNote};
use super::timers::TimerKind;
use crate::time::Instant;
use crate::wire::{SeqNumber, TcpFlags, TcpRepr};

impl Tcb {
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

    /// SND.UNA < SEG.ACK =< SND.MAX: new data acknowledged (RFC 9293 §3.10.7.4, fifth
    /// step, ESTABLISHED). Frees the send buffer, feeds RTT and congestion control.
    pub(crate) fn on_new_ack(&mut self, ack: SeqNumber, now: Instant) {
        self.snd_una = ack;
        if self.snd_nxt.is_before(ack) {
            self.snd_nxt = ack;
        }
        let data_acked = ahead_of(ack, self.send_buf_seq) as usize;
        let drain = data_acked.min(self.send_buf.len());
        self.send_buf.drain_front(drain);
        self.send_buf_seq += drain as u32;
        self.rtt.on_ack(ack, now);
        self.rttm_after_backoff(now);
        self.retries = 0;
        // RFC 6298 §5 (last note) with Karn's algorithm: the backed-off RTO "collapses"
        // only once a new RTT measurement is obtained, which `sample` does above. An ACK
        // of a retransmitted segment leaves the backoff alone, or a path slower than the
        // RTO would time out every segment and never be sampled.
        let flight = self.flight_size();
        let before = (self.congestion.cwnd, self.congestion.in_recovery);
        // Congestion control counts data bytes: the ACK of a SYN or FIN grows nothing.
        if self.sack_new_ack(now) {
            // SACK loss recovery (RFC 6675) took the ACK: tcp/recovery.rs.
        } else if self
            .congestion
            .on_new_ack(drain as u32, self.offset_from_iss(ack), flight)
            == AckVerdict::RetransmitFirst
        {
            self.retransmit_first(RetransmitReason::PartialAck);
        }
        self.cubic_after_ack(before, drain as u32, now); // RFC 9438 when CUBIC is on
                                                         // RFC 6298 §5.2/5.3: all acked, stop the timer; otherwise restart it.
        if self.snd_una == self.snd_max {
            self.timers.clear(TimerKind::Retransmit);
        } else {
            self.restart_retransmit(now);
        }
    }

    pub(crate) fn on_dup_ack(&mut self, now: Instant) {
        if self.sack_dup_ack(now) {
            return; // RFC 6675 recovery instead of NewReno's (tcp/recovery.rs)
        }
        let (flight, una, max) = (
            self.flight_size(),
            self.offset_from_iss(self.snd_una),
            self.offset_from_iss(self.snd_max),
        );
        let cwnd = self.congestion.cwnd;
        if self.congestion.on_dup_ack(flight, una, max) == AckVerdict::RetransmitFirst {
            self.cubic_on_loss(cwnd); // RFC 9438 §4.6 when CUBIC is on
            self.retransmit_first(RetransmitReason::FastRetransmit);
        }
    }

    /// Queues an acknowledgment by RFC 1122 §4.2.3.2 and RFC 5681 §4.2: at once for
    /// every second full-sized segment, for out-of-order data and for filled gaps;
    /// otherwise after the delayed-ACK timeout.
    pub(crate) fn plan_ack(&mut self, immediate: bool, now: Instant) {
        self.unacked_segments += 1;
        if immediate || !self.config.delayed_ack || self.unacked_segments >= 2 || self.quick_ack() {
            self.ack_plan = AckPlan::Now;
        } else if self.ack_plan == AckPlan::None {
            self.ack_plan = AckPlan::Delayed;
            self.timers
                .set(TimerKind::DelayedAck, now + self.config.ack_delay);
        }
    }
}
