//! The send path: segments built from the TCB, data cut into segments as the windows
//! allow (RFC 9293 §3.8.6, RFC 5681), the FIN after the data, retransmissions.

use super::ahead_of;
use super::conn::{AckPlan, Tcb};
use super::note::{RetransmitReason, TcpNote};
use super::state::State;
use super::timers::TimerKind;
use crate::time::{Duration, Instant};
use crate::wire::{SeqNumber, TcpFlags, TcpOptions, TcpRepr};

impl Tcb {
    /// A segment from this connection with the current ACK and window.
    pub(crate) fn segment(&mut self, seq: SeqNumber, flags: TcpFlags, payload: Vec<u8>) -> TcpRepr {
        let window = self.rcv_wnd();
        let ack = if flags.contains(TcpFlags::ACK) {
            self.rcv_wup = self.rcv_nxt;
            self.rcv_nxt
        } else {
            SeqNumber(0)
        };
        let mut seg = TcpRepr {
            src_port: self.local.port,
            dst_port: self.remote.port,
            seq,
            ack,
            flags,
            window: window as u16,
            urgent: 0,
            options: TcpOptions::default(),
            payload,
        };
        // Window scale, SYN options and timestamps of the profile (none under rfc).
        self.rcv_wnd_advertised = self.finish_segment(&mut seg, window);
        seg
    }

    pub(super) fn push(&mut self, mut seg: TcpRepr) {
        self.ecn_outgoing(&mut seg); // RFC 3168 §6.1 marks, when ECN is on
        if seg.flags.contains(TcpFlags::ACK) {
            // Any segment with ACK acknowledges everything received so far.
            self.ack_plan = AckPlan::None;
            self.unacked_segments = 0;
            self.timers.clear(TimerKind::DelayedAck);
        }
        self.outbox.push(seg);
    }

    pub(super) fn syn_segment(&mut self, with_ack: bool) -> TcpRepr {
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
        let seg = self.syn_segment(self.state() == State::SynReceived);
        self.rtt.on_send_syn(self.iss + 1, now);
        self.snd_nxt = self.iss + 1;
        self.snd_max = self.snd_max.max_seq(self.snd_nxt);
        self.push(seg);
        self.arm_retransmit(now);
    }
    pub(crate) fn arm_retransmit(&mut self, now: Instant) {
        if !self.timers.is_set(TimerKind::Retransmit) {
            self.timers
                .set(TimerKind::Retransmit, now + self.rtt.current_rto());
        }
    }

    pub(super) fn restart_retransmit(&mut self, now: Instant) {
        self.timers
            .set(TimerKind::Retransmit, now + self.rtt.current_rto());
    }

    /// Sends what the windows allow: data, then the FIN once the data is out, then an ACK
    /// if one is still owed. Called after every input, timer and user call.
    pub(crate) fn output(&mut self, now: Instant) {
        if self.sends_data() {
            self.output_data(now);
        }
        if self.ack_plan == AckPlan::Now {
            self.send_ack();
        }
        // FIN-WAIT-2 has no timer in RFC 9293: a peer that never sends its FIN would keep
        // an orphaned connection forever. Linux gives it tcp_fin_timeout.
        if self.state() == State::FinWait2
            && self.orphaned
            && !self.timers.is_set(TimerKind::FinWait2)
        {
            self.timers
                .set(TimerKind::FinWait2, now + self.config.fin_wait2_timeout);
        }
    }

    /// Data as the windows allow, then the FIN once the data is out, then the persist
    /// timer if data waits behind a zero window.
    pub(super) fn output_data(&mut self, now: Instant) {
        self.send_data_segments(now, false);
        self.send_fin_if_due(now);
        self.update_persist_timer(now);
    }

    /// Is this a state in which data (and our FIN) may go out?
    pub(super) fn sends_data(&self) -> bool {
        matches!(
            self.state(),
            State::Established
                | State::CloseWait
                | State::FinWait1
                | State::Closing
                | State::LastAck
        )
    }

    /// Cuts the send buffer from SND.NXT into segments of at most the MSS, as far as the
    /// peer's window and cwnd allow (RFC 5681 §3.1), holding back silly ones
    /// ([`Tcb::sws_allows`]). `force` sends the first one whatever its size: the
    /// override timeout of RFC 9293 §3.8.6.2.1 ran out.
    pub(super) fn send_data_segments(&mut self, now: Instant, mut force: bool) {
        if self.snd_nxt.is_before(self.send_buf_seq)
            && self.snd_una.is_at_or_before(self.send_buf_seq)
        {
            self.snd_nxt = self.send_buf_seq;
        }
        loop {
            self.skip_sacked(); // RFC 6675 §5.1: SACKed data is not sent again
            let nxt_index = ahead_of(self.snd_nxt, self.send_buf_seq);
            let unsent = (self.send_buf.len() as u32).saturating_sub(nxt_index);
            let window = self.snd_wnd.min(self.congestion.cwnd);
            let usable = window.saturating_sub(self.flight_size());
            let n = self.snd_mss.min(usable).min(unsent);
            if n == 0 {
                self.timers.clear(TimerKind::SwsOverride);
                return;
            }
            // Nagle (RFC 896) holds a small segment like silly window avoidance does.
            if !force && (!self.sws_allows(n, unsent) || self.nagle_holds(n)) {
                self.hold_silly_segment(now);
                return;
            }
            force = false;
            let payload = copy_out(&self.send_buf, nxt_index as usize, n as usize);
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
    }

    /// Sender-side silly window avoidance, RFC 9293 §3.8.6.2.1 (MUST-38): with `n` octets
    /// sendable now and `unsent` queued from SND.NXT, send "(1) if a maximum-sized
    /// segment can be sent", "(2) or if the data is pushed and all queued data can be
    /// sent now" (every write is pushed here, as BSD sockets do), "(3) or if at least a
    /// fraction Fs of the maximum window can be sent" (Fs = 1/2, the RFC's
    /// recommendation; `max_snd_wnd` is Max(SND.WND)). Without it, a window opened by a
    /// few octets (a partial ACK, cwnd grown by byte counting) sends a segment of those
    /// few octets while full ones wait. Data already sent once goes again as it is
    /// (retransmissions are not new silly segments).
    fn sws_allows(&self, n: u32, unsent: u32) -> bool {
        n >= self.snd_mss
            || n == unsent
            || n >= self.max_snd_wnd / 2
            || self.snd_nxt.is_before(self.snd_max)
    }

    /// A silly segment was held back. Nothing in flight means no ACK will come to open
    /// the window further: "(4) ... the override timeout occurs" sends it anyway (RFC
    /// 9293 §3.8.6.2.1; RFC 1122 §4.2.3.4 suggests 0.1 to 1 s). With data in flight, the
    /// next ACK decides again.
    fn hold_silly_segment(&mut self, now: Instant) {
        if self.flight_size() > 0 {
            self.timers.clear(TimerKind::SwsOverride);
        } else if !self.timers.is_set(TimerKind::SwsOverride) {
            self.timers
                .set(TimerKind::SwsOverride, now + self.config.sws_override);
        }
    }

    /// Our FIN, once every byte before it is out (RFC 9293 §3.10.4).
    fn send_fin_if_due(&mut self, now: Instant) {
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
    }

    /// RFC 9293 §3.8.6.1: data waits behind a zero window and nothing is in flight to
    /// bring a window update: probe it on the persist timer.
    fn update_persist_timer(&mut self, now: Instant) {
        let waiting = (self.send_buf.len() as u32)
            .saturating_sub(ahead_of(self.snd_nxt, self.send_buf_seq))
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

    pub(super) fn persist_interval(&self) -> Duration {
        let base = self.rtt.rto.micros().max(self.config.min_rto.micros());
        Duration(base.saturating_mul(1 << self.persist_backoff.min(6))).min(self.config.max_rto)
    }

    /// Logs a retransmission, and keeps Karn's rule: a resent segment is never timed.
    fn note_if_retransmission(&mut self, seq: SeqNumber, len: u32, now: Instant) {
        if seq.is_before(self.snd_max) {
            self.rtt.on_retransmit();
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
        } else {
            self.rtt.on_send(seq + len, now);
        }
    }

    /// The answer to a duplicate SYN in SYN-RECEIVED (RFC 9293 §3.10.7.4, first check: an
    /// unacceptable segment gets "an acknowledgment"). The bare ACK the RFC shows is
    /// dropped by a peer in SYN-SENT (no SYN bit: §3.10.7.3, fifth), which then waits for
    /// our retransmission timer; our SYN,ACK is unacknowledged data we may send again at
    /// any time, and it acknowledges RCV.NXT as well. So it goes again at once, as Linux
    /// (tcp_check_req, "Retransmitted SYN") and FreeBSD (syncache_add) do, rate-limited
    /// like other answers to invalid segments (RFC 5961 §7). Karn: no longer timed.
    pub(super) fn answer_duplicate_syn(&mut self, seg: &TcpRepr, now: Instant) {
        let limit = self.config.invalid_ratelimit;
        if self.last_oow_ack.is_some_and(|t| now < t + limit) {
            self.notes.push(TcpNote::AckRateLimited { seq: seg.seq.0 });
            return;
        }
        self.last_oow_ack = Some(now);
        self.rtt.on_retransmit();
        self.notes.push(TcpNote::Retransmitted {
            seq: self.iss.0,
            len: 1,
            reason: RetransmitReason::DuplicateSyn,
        });
        let syn_ack = self.syn_segment(true);
        self.push(syn_ack);
    }

    /// Resends the first unacknowledged segment right away (fast retransmit, partial ACK).
    pub(crate) fn retransmit_first(&mut self, reason: RetransmitReason) {
        let una_index = ahead_of(self.snd_una, self.send_buf_seq) as usize;
        let avail = self.send_buf.len().saturating_sub(una_index);
        // RFC 5681 §3.2: resend "the lost segment", so only bytes already sent (up to
        // SND.MAX). Bytes never sent would not advance SND.MAX, and the receiver's ACK
        // of them would be refused as acknowledging "something not yet sent".
        let sent = ahead_of(self.snd_max, self.snd_una) as usize;
        let n = (self.snd_mss as usize).min(avail).min(sent);
        let seq = self.snd_una;
        let seg = if n > 0 {
            let payload = copy_out(&self.send_buf, una_index, n);
            self.segment(seq, TcpFlags::ACK, payload)
        } else if self.fin_seq == Some(seq) {
            self.segment(seq, TcpFlags::FIN | TcpFlags::ACK, Vec::new())
        } else {
            return;
        };
        self.rtt.on_retransmit();
        let len = seg.segment_len();
        self.notes.push(TcpNote::Retransmitted {
            seq: seq.0,
            len,
            reason,
        });
        self.push(seg);
    }
}

/// `n` bytes of the send buffer from offset `start`, as a segment's payload: copied slice
/// by slice (a ring buffer is at most two), not byte by byte.
pub(super) fn copy_out(buf: &super::ByteQueue, start: usize, n: usize) -> Vec<u8> {
    buf.copy_out(start, n)
}
