//! SEGMENT ARRIVES, RFC 9293 §3.10.7: one function per state group and per step, in the
//! RFC's order, each quoting the rule it implements. The first check (acceptability)
//! is in `acceptance.rs`.

use super::ahead_of;
use super::conn::{Cause, Tcb};
use super::rules::Rule;
use super::state::State;
use super::timers::TimerKind;
use super::TcpConfig;
use crate::endpoint::Endpoint;
use crate::errno::Errno;
use crate::time::Instant;
use crate::wire::{SeqNumber, TcpFlags, TcpRepr};

/// What the caller should do after a segment was processed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Keep the connection.
    Keep,
    /// The connection came from a listener and was reset in SYN-RECEIVED: "return this
    /// connection to LISTEN" (§3.10.7.4, second check), which for a forked connection
    /// means removing it silently.
    BackToListen,
}

fn cause_of(seg: &TcpRepr) -> Cause {
    Cause::Segment {
        flags: seg.flags,
        seq: seg.seq.0,
        ack: seg.ack.0,
        len: seg.payload.len() as u32,
    }
}

impl Tcb {
    /// §3.10.7.2, LISTEN, third check: a SYN creates a connection in SYN-RECEIVED that
    /// answers `<SEQ=ISS><ACK=RCV.NXT><CTL=SYN,ACK>`.
    pub fn accept_syn(
        local: Endpoint,
        remote: Endpoint,
        seg: &TcpRepr,
        iss: SeqNumber,
        config: TcpConfig,
        now: Instant,
    ) -> Tcb {
        let mut tcb = Tcb::new(local, remote, iss, config);
        tcb.passive = true;
        // The new connection starts as a copy of the listener, in LISTEN. Not logged as a
        // state change: the world logs this step as ConnectionForked.
        tcb.enter(Rule::ForkFromListener);
        tcb.irs = seg.seq;
        tcb.rcv_nxt = seg.seq + 1;
        tcb.take_peer_options(seg);
        tcb.negotiate(seg, now);
        tcb.note_profile();
        tcb.snd_wnd = u32::from(seg.window);
        tcb.max_snd_wnd = tcb.snd_wnd;
        tcb.snd_wl1 = seg.seq;
        tcb.snd_wl2 = iss;
        // RFC 9293 §3.10.7.2: LISTEN receives SYN; send SYN,ACK and enter SYN-RECEIVED.
        tcb.set_state(Rule::ListenRcvSyn, cause_of(seg));
        tcb.send_syn(now);
        tcb
    }

    /// RFC 9293 §3.7.1: the send MSS is what the peer offers, capped by our own.
    fn take_peer_options(&mut self, seg: &TcpRepr) {
        // An MSS of 0 (or a few bytes) is raised to the floor, as Linux does
        // (tcp_min_snd_mss); our own MSS still caps it.
        let peer = seg.options.mss.map_or(536, u32::from);
        let floor = u32::from(self.config.min_snd_mss);
        self.snd_mss = peer.max(floor).min(u32::from(self.config.mss)).max(1);
        self.congestion = super::Congestion::new(self.snd_mss);
    }

    /// A segment for this connection arrived.
    pub fn on_segment(&mut self, seg: &TcpRepr, now: Instant) -> Outcome {
        self.ext.clock = now;
        let outcome = match self.state() {
            State::Closed | State::Listen => Outcome::Keep,
            State::SynSent => {
                self.syn_sent_arrives(seg, now);
                Outcome::Keep
            }
            _ => self.synchronized_arrives(seg, now),
        };
        if self.state() != State::Closed {
            // RFC 9293 §3.8.4: the peer was heard from; keep-alives wait a full interval.
            if self.keep_alive {
                self.keep_alive_probes = 0;
                self.arm_keep_alive(now);
            }
            self.output(now);
        }
        outcome
    }

    /// §3.10.7.3, SYN-SENT.
    fn syn_sent_arrives(&mut self, seg: &TcpRepr, now: Instant) {
        let cause = cause_of(seg);
        // First, check the ACK bit: "If SEG.ACK =< ISS or SEG.ACK > SND.NXT, send a reset
        // (unless the RST bit is set, if so drop the segment and return)".
        let ack = seg.flags.contains(TcpFlags::ACK);
        if ack && (seg.ack.is_at_or_before(self.iss) || seg.ack.is_after(self.snd_nxt)) {
            if !seg.flags.contains(TcpFlags::RST) {
                let rst = self.segment(seg.ack, TcpFlags::RST, Vec::new());
                self.outbox.push(rst);
            }
            return;
        }
        // Second, the RST bit: "If the ACK was acceptable, then signal to the user 'error:
        // connection reset', drop the segment, enter CLOSED state". Without an ACK it is
        // dropped (RFC 5961 §3.2 for SYN-SENT).
        if seg.flags.contains(TcpFlags::RST) {
            if ack {
                // RFC 9293 §3.10.7.3: RST acknowledging our SYN; the connection is refused.
                self.fail(Errno::ConnRefused, cause, Rule::SynSentRcvRst);
            }
            return;
        }
        // Fourth, the SYN bit.
        if !seg.flags.contains(TcpFlags::SYN) {
            return;
        }
        self.irs = seg.seq;
        self.rcv_nxt = seg.seq + 1;
        self.take_peer_options(seg);
        self.negotiate(seg, now);
        self.snd_wnd = u32::from(seg.window);
        self.max_snd_wnd = self.snd_wnd;
        self.snd_wl1 = seg.seq;
        self.snd_wl2 = seg.ack;
        if ack {
            self.snd_una = seg.ack;
            self.timers.clear(super::TimerKind::Retransmit);
            self.retries = 0;
            self.rtt.on_ack(seg.ack, now);
        }
        if self.snd_una.is_after(self.iss) {
            // "If SND.UNA > ISS (our SYN has been ACKed), change the connection state to
            // ESTABLISHED, form an ACK segment <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and send it."
            self.set_state(Rule::SynSentRcvSynAck, cause);
            self.rtt.on_established();
            self.syn_ack_text(seg, now);
        } else {
            // "Otherwise, enter SYN-RECEIVED, form a SYN,ACK segment ... and send it":
            // simultaneous open.
            self.set_state(Rule::SimultaneousOpen, cause);
            self.send_syn(now);
            // "If there are other controls or text in the segment, queue them for
            // processing after the ESTABLISHED state has been reached, return." The SYN,ACK
            // acknowledges only the SYN; the text waits (trimmed to our window).
            if !seg.payload.is_empty() || seg.flags.contains(TcpFlags::FIN) {
                let text = self.trim_to_window(seg, self.rcv_wnd());
                self.syn_text = Some(text.into_owned());
            }
        }
    }

    /// §3.10.7.4: SYN-RECEIVED and every synchronized state.
    fn synchronized_arrives(&mut self, seg: &TcpRepr, now: Instant) -> Outcome {
        if !self.extensions_precheck(seg, now) {
            return Outcome::Keep;
        }
        let came_with_syn = seg.flags.contains(TcpFlags::SYN);
        let Some(seg) = self.check_sequence(seg, now) else {
            return Outcome::Keep;
        };
        let seg: &TcpRepr = &seg;
        self.options_arrive(seg, now);
        self.ecn_arrives(seg); // RFC 3168 §6.1.3, when ECN is on
        if seg.flags.contains(TcpFlags::RST) {
            return self.rst_arrives(seg, now);
        }
        // Fourth, the SYN bit, in a synchronized state "irrespective of the sequence
        // number" (RFC 9293 §3.10.7.4, RFC 5961 §4.2): also a SYN whose own sequence
        // number is old, which trimming took off because only the rest of the segment
        // (a FIN, data) fell in the window.
        if seg.flags.contains(TcpFlags::SYN) || (came_with_syn && self.synchronized()) {
            return self.syn_in_window(seg, now);
        }
        // Fifth, check the ACK field: "if the ACK bit is off, drop the segment and return".
        if !seg.flags.contains(TcpFlags::ACK) || !self.ack_arrives(seg, now) {
            return Outcome::Keep;
        }
        if let Some(held) = self.syn_text.take() {
            self.held_text_then(&held, seg, now);
        } else {
            self.sixth_step_on(seg, now);
        }
        Outcome::Keep
    }

    /// The sixth to eighth steps of §3.10.7.4, for a segment that passed the first five
    /// (or a SYN,ACK in SYN-SENT that carries more than its SYN).
    fn sixth_step_on(&mut self, seg: &TcpRepr, now: Instant) {
        // Sixth, the URG bit: urgent data is obsolete (RFC 6093); the pointer is ignored.
        // Seventh, process the segment text.
        self.text_arrives(seg, now);
        if self.state() == State::Closed {
            return;
        }
        // Eighth, check the FIN bit; or take a FIN held since it came ahead of a gap that
        // this segment's text has just filled.
        let fin = if seg.flags.contains(TcpFlags::FIN) {
            Some(seg.seq + seg.payload.len() as u32)
        } else {
            self.early_fin.filter(|f| *f == self.rcv_nxt)
        };
        if let Some(fin_seq) = fin {
            self.fin_arrives(fin_seq, cause_of(seg), now);
        }
    }

    /// Text and FIN that a SYN brought in SYN-SENT, held until ESTABLISHED (§3.10.7.3),
    /// go first; then what `seg` adds beyond them. A peer that resends the same octets
    /// (or FIN) with its ACK gets one acknowledgment, not one per copy.
    fn held_text_then(&mut self, held: &TcpRepr, seg: &TcpRepr, now: Instant) {
        self.sixth_step_on(held, now);
        if self.state() == State::Closed {
            return;
        }
        let end = seg.seq + seg.segment_len();
        if end.is_after(self.rcv_nxt) {
            let rest = self.trim_to_window(seg, self.rcv_wnd());
            self.sixth_step_on(&rest, now);
        }
    }

    /// SYN-SENT has just become ESTABLISHED on `seg`: "form an ACK segment
    /// <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK> and send it. If there are other controls or
    /// text in the segment, then continue processing at the sixth step below where the
    /// URG bit is checked" (RFC 9293 §3.10.7.3). The text follows the SYN's sequence
    /// number and is trimmed to our window; one ACK answers the SYN and the text (and
    /// the FIN, whose step sends it).
    fn syn_ack_text(&mut self, seg: &TcpRepr, now: Instant) {
        if seg.payload.is_empty() && !seg.flags.contains(TcpFlags::FIN) {
            self.send_ack();
            return;
        }
        let text = self.trim_to_window(seg, self.rcv_wnd());
        self.sixth_step_on(&text, now);
        if !self.fin_received {
            // The FIN's step acknowledged it all already.
            self.send_ack();
        }
    }

    /// Second check, the RST bit, with RFC 5961 §3.2: only an RST at exactly RCV.NXT
    /// resets; one elsewhere in the window gets a challenge ACK.
    fn rst_arrives(&mut self, seg: &TcpRepr, now: Instant) -> Outcome {
        if seg.seq != self.rcv_nxt {
            self.answer_invalid(seg, true, now);
            return Outcome::Keep;
        }
        let cause = cause_of(seg);
        match self.state() {
            State::SynReceived if self.passive => {
                // RFC 9293 §3.10.7.4: RST in SYN-RECEIVED from a passive open; back to LISTEN.
                self.set_state(Rule::PassiveRcvRst, cause);
                Outcome::BackToListen
            }
            State::SynReceived => {
                // RFC 9293 §3.10.7.4: RST in SYN-RECEIVED from an active open: refused.
                self.fail(Errno::ConnRefused, cause, Rule::ActiveRcvRst);
                Outcome::Keep
            }
            State::Established | State::FinWait1 | State::FinWait2 | State::CloseWait => {
                self.recv_buf.ready.clear();
                // RFC 9293 §3.10.7.4: RST in a synchronized state; flush queues, reset.
                self.fail(Errno::ConnReset, cause, Rule::SynchronizedRcvRst);
                Outcome::Keep
            }
            _ => {
                // RFC 9293 §3.10.7.4: RST in CLOSING, LAST-ACK or TIME-WAIT; enter CLOSED.
                self.set_state(Rule::ClosingRcvRst, cause);
                Outcome::Keep
            }
        }
    }

    /// Fourth check, the SYN bit. RFC 5961 §4: a SYN in a synchronized state is answered
    /// with a challenge ACK and dropped. In SYN-RECEIVED from a passive open it sends the
    /// connection back to LISTEN.
    fn syn_in_window(&mut self, seg: &TcpRepr, now: Instant) -> Outcome {
        if self.state() == State::SynReceived && self.passive {
            let cause = cause_of(seg);
            // RFC 9293 §3.10.7.4: SYN in SYN-RECEIVED from a passive open; back to LISTEN.
            self.set_state(Rule::PassiveRcvSyn, cause);
            return Outcome::BackToListen;
        }
        self.answer_invalid(seg, true, now);
        Outcome::Keep
    }

    /// Fifth check, the ACK field. Returns false when the segment must be dropped.
    fn ack_arrives(&mut self, seg: &TcpRepr, now: Instant) -> bool {
        let cause = cause_of(seg);
        // RFC 5961 §5.2: an ACK is acceptable only within
        // (SND.UNA - MAX.SND.WND) =< SEG.ACK =< SND.NXT; others get an ACK and are dropped.
        let too_old = seg.ack.is_before(self.snd_una - self.max_snd_wnd.max(1));
        let too_new = seg.ack.is_after(self.snd_max);
        if self.state() == State::SynReceived {
            // "If SND.UNA < SEG.ACK =< SND.NXT, then enter ESTABLISHED state ... If the
            // segment acknowledgment is not acceptable, form a reset segment
            // <SEQ=SEG.ACK><CTL=RST> and send it."
            if seg.ack.is_after(self.snd_una) && !too_new {
                self.snd_wnd = self.peer_window(seg);
                self.max_snd_wnd = self.max_snd_wnd.max(self.snd_wnd);
                self.snd_wl1 = seg.seq;
                self.snd_wl2 = seg.ack;
                // RFC 9293 §3.10.7.4: SYN-RECEIVED receives the ACK of its SYN.
                self.set_state(Rule::SynReceivedRcvAck, cause);
                self.rtt.on_established();
                self.on_new_ack(seg.ack, now);
            } else {
                let rst = self.segment(seg.ack, TcpFlags::RST, Vec::new());
                self.outbox.push(rst);
                return false;
            }
        } else if too_new || too_old {
            self.answer_invalid(seg, false, now);
            return false;
        } else {
            self.probe_answered(seg.ack);
            let cwnd_before = self.congestion.cwnd;
            if seg.ack.is_after(self.snd_una) {
                self.on_new_ack(seg.ack, now);
            } else if self.is_dup_ack(seg) {
                self.on_dup_ack(now);
            }
            self.ecn_echo_arrives(seg, cwnd_before); // RFC 3168 §6.1.2
        }
        self.update_window(seg);
        // The state-specific part of the fifth step.
        match self.state() {
            State::FinWait1 if self.fin_acked() => {
                // RFC 9293 §3.10.7.4: in FIN-WAIT-1 our FIN is acknowledged.
                self.set_state(Rule::FinWait1RcvAck, cause);
            }
            State::Closing if self.fin_acked() => {
                // RFC 9293 §3.10.7.4: in CLOSING our FIN is acknowledged.
                self.enter_time_wait(Rule::ClosingRcvAck, cause, now);
            }
            State::LastAck if self.fin_acked() => {
                // RFC 9293 §3.10.7.4: in LAST-ACK the ACK of our FIN; delete the TCB.
                self.set_state(Rule::LastAckRcvAck, cause);
                return false;
            }
            State::TimeWait => {
                // "The only thing that can arrive in this state is a retransmission of the
                // remote FIN. Acknowledge it, and restart the 2 MSL timeout."
            }
            _ => {}
        }
        true
    }

    /// RFC 5681 §2: a duplicate ACK acknowledges nothing new, carries no data, SYN or
    /// FIN, leaves the window unchanged, and arrives while data is outstanding.
    fn is_dup_ack(&self, seg: &TcpRepr) -> bool {
        seg.ack == self.snd_una
            && seg.payload.is_empty()
            && !seg.flags.contains(TcpFlags::SYN)
            && !seg.flags.contains(TcpFlags::FIN)
            && self.peer_window(seg) == self.snd_wnd
            // "(a) the receiver of the ACK has outstanding data": FlightSize, but not the
            // byte of a zero-window probe (§3.8.6.1), whose answers would otherwise
            // trigger a fast retransmit into a closed window.
            && self.flight_size() > 0
            && !self.timers.is_set(TimerKind::Persist)
    }

    /// "If SND.UNA =< SEG.ACK =< SND.NXT, the send window should be updated. If (SND.WL1 <
    /// SEG.SEQ or (SND.WL1 = SEG.SEQ and SND.WL2 =< SEG.ACK)), set SND.WND <- SEG.WND, set
    /// SND.WL1 <- SEG.SEQ, and set SND.WL2 <- SEG.ACK."
    fn update_window(&mut self, seg: &TcpRepr) {
        let in_range =
            seg.ack.is_at_or_after(self.snd_una) && seg.ack.is_at_or_before(self.snd_max);
        let newer = self.snd_wl1.is_before(seg.seq)
            || (self.snd_wl1 == seg.seq && self.snd_wl2.is_at_or_before(seg.ack));
        if in_range && newer {
            self.snd_wnd = self.peer_window(seg);
            self.max_snd_wnd = self.max_snd_wnd.max(self.snd_wnd);
            self.snd_wl1 = seg.seq;
            self.snd_wl2 = seg.ack;
        }
    }

    /// Seventh step, segment text: "In ESTABLISHED, FIN-WAIT-1, and FIN-WAIT-2 states ...
    /// transfer the segment text to user RECEIVE buffers". Early segments wait in the
    /// reassembly queue (and are acknowledged at once, so the sender sees duplicate ACKs).
    fn text_arrives(&mut self, seg: &TcpRepr, now: Instant) {
        if seg.payload.is_empty() {
            return;
        }
        if !matches!(
            self.state(),
            State::Established | State::FinWait1 | State::FinWait2
        ) {
            return;
        }
        let end = seg.seq + seg.payload.len() as u32;
        if self.orphaned && end.is_after(self.rcv_nxt) {
            // Nobody can read it: the program called close(). Linux answers new data
            // with RST and ends the connection (tcp_rcv_state_process, "TCPAbortOnData");
            // RFC 1122 §4.2.2.13 allows the RST for data that can no longer be delivered.
            let rst = self.segment(seg.ack, TcpFlags::RST, Vec::new());
            self.outbox.push(rst);
            self.fail(Errno::ConnAborted, cause_of(seg), Rule::DataAfterClose);
            return;
        }
        let offset = self.recv_buf.next + u64::from(ahead_of(seg.seq, self.rcv_nxt));
        let had_gap = !self.recv_buf.early.is_empty();
        let len = seg.payload.len() as u32;
        let ready = if self.read_shut {
            // shut for reading: acknowledge and discard.
            if seg.seq == self.rcv_nxt {
                self.recv_buf.next += u64::from(len);
                len
            } else {
                0
            }
        } else {
            self.recv_buf.insert(offset, &seg.payload)
        };
        if ready > 0 {
            self.rcv_nxt += ready;
            self.notes.push(super::TcpNote::DataReady { len: ready });
        } else {
            self.notes.push(super::TcpNote::OutOfOrder {
                seq: seg.seq.0,
                len,
            });
        }
        // RFC 5681 §4.2: out-of-order data, or data that fills a gap, is acknowledged at once.
        let immediate = ready == 0 || had_gap;
        self.plan_ack(immediate, now);
    }

    /// Eighth step, the FIN bit, processed only once every byte before it has arrived.
    fn fin_arrives(&mut self, fin_seq: SeqNumber, cause: Cause, now: Instant) {
        if fin_seq != self.rcv_nxt {
            // The FIN is early (data before it is missing). "Segments with higher beginning
            // sequence numbers SHOULD be held for later processing" (seventh step): its
            // text waits in the reassembly queue, so the FIN waits too, or the close would
            // hang on the peer's retransmission timer. Acknowledged at once as out-of-order
            // (RFC 5681 §4.2).
            if fin_seq.is_after(self.rcv_nxt) {
                self.early_fin = Some(fin_seq);
            }
            self.send_ack();
            return;
        }
        self.early_fin = None;
        if !self.fin_received {
            self.rcv_nxt += 1;
            self.fin_received = true;
            self.notes.push(super::TcpNote::PeerClosed);
        }
        // "send an acknowledgment for the FIN"
        self.send_ack();
        match self.state() {
            State::SynReceived | State::Established => {
                // RFC 9293 §3.10.7.4: FIN received; acknowledge it and enter CLOSE-WAIT.
                self.set_state(Rule::RcvFin, cause);
            }
            State::FinWait1 if self.fin_acked() => {
                // RFC 9293 §3.10.7.4: FIN in FIN-WAIT-1, our FIN acknowledged.
                self.enter_time_wait(Rule::FinWait1RcvFinAck, cause, now);
            }
            State::FinWait1 => {
                // RFC 9293 §3.10.7.4: FIN in FIN-WAIT-1 before our FIN was acknowledged.
                self.set_state(Rule::SimultaneousClose, cause);
            }
            State::FinWait2 => {
                // RFC 9293 §3.10.7.4: FIN received in FIN-WAIT-2.
                self.enter_time_wait(Rule::FinWait2RcvFin, cause, now);
            }
            State::TimeWait => {
                // "Restart the 2 MSL time-wait timeout."
                self.timers
                    .set(TimerKind::TimeWait, now + self.time_wait_duration());
            }
            _ => {}
        }
    }

    pub(super) fn time_wait_duration(&self) -> crate::time::Duration {
        crate::time::Duration(self.config.msl.micros().saturating_mul(2))
    }

    /// Entering TIME-WAIT stops every other timer and starts 2×MSL (RFC 9293 §3.10.7.4).
    fn enter_time_wait(&mut self, rule: Rule, cause: Cause, now: Instant) {
        self.set_state(rule, cause);
        self.timers.clear_all();
        self.timers
            .set(TimerKind::TimeWait, now + self.time_wait_duration());
    }
}
