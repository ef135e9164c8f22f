//! SEGMENT ARRIVES, RFC 9293 §3.10.7.4, first check: is the segment acceptable? The
//! four cases of RCV.WND and SEG.LEN, the allowances real stacks make at the edges, the
//! answer to an unacceptable segment, and trimming to the window.

use super::ahead_of;
use super::conn::Tcb;
use super::state::State;
use super::timers::TimerKind;
use crate::time::Instant;
use crate::wire::{SeqNumber, TcpFlags, TcpRepr};
use std::borrow::Cow;

/// `a <= b < c` in sequence space.
fn seq_in(a: SeqNumber, b: SeqNumber, c: SeqNumber) -> bool {
    b.is_at_or_after(a) && c.is_after(b)
}

impl Tcb {
    /// First check: is the segment acceptable? The four cases of RCV.WND and SEG.LEN, then
    /// trimming to the window. Returns the trimmed segment, or None after answering an
    /// unacceptable one with `<SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>` (unless it is an RST).
    pub(super) fn check_sequence<'s>(
        &mut self,
        seg: &'s TcpRepr,
        now: Instant,
    ) -> Option<Cow<'s, TcpRepr>> {
        let len = seg.segment_len();
        // RCV.WND is the window we can advertise (RFC 9293 §3.10.7.4's first check uses the
        // window the peer was offered), not the buffer's space beyond the 16-bit field.
        let wnd = self.rcv_wnd().max(if self.state() == State::SynReceived {
            1
        } else {
            0
        });
        let (nxt, end) = (self.rcv_nxt, self.rcv_nxt + wnd);
        let last = seg.seq + len.saturating_sub(1);
        let acceptable = match (len, wnd) {
            (0, 0) => seg.seq == nxt,
            // The table says RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND, which turns away an ACK
            // at exactly the right edge: the SND.NXT of a peer that filled the window we
            // offered. It holds nothing beyond the window, yet its acknowledgment and
            // window would be lost, and all of them if the window's first segment was lost
            // (found against smoltcp). Take it, as Linux (tcp_sequence) and BSD do; the
            // inclusive edge is what the zero-window row says too. RSTs there are still
            // dropped silently (RFC 5961 §3.2).
            (0, _) => {
                seq_in(nxt, seg.seq, end) || (seg.seq == end && !seg.flags.contains(TcpFlags::RST))
            }
            (_, 0) => false,
            (_, _) => seq_in(nxt, seg.seq, end) || seq_in(nxt, last, end),
        };
        // RFC 9293 §3.5 Figure 8, line 6 (simultaneous open): in SYN-RECEIVED the peer's
        // SYN,ACK repeats its SYN at IRS, old, but its ACK is new and must complete the
        // handshake. Take it; trimming below drops the old SYN and keeps the ACK.
        let acceptable = acceptable
            || (self.state() == State::SynReceived
                && seg.flags.contains(TcpFlags::SYN | TcpFlags::ACK)
                && seg.seq == self.irs);
        // A zero window still takes ACKs, URGs and RSTs: "If the RCV.WND is zero, no
        // segments will be acceptable, but special allowance should be made to accept
        // valid ACKs, URGs, and RSTs" — handled by processing the control part below.
        if !acceptable && self.old_bare_ack(seg, now) {
            return Some(Cow::Borrowed(seg));
        }
        if !acceptable {
            if wnd == 0 && seg.seq == nxt && seg.flags.contains(TcpFlags::ACK) {
                let mut bare = seg.clone();
                bare.payload.clear();
                bare.flags.remove(TcpFlags::FIN);
                bare.flags.remove(TcpFlags::SYN);
                if !seg.payload.is_empty() || seg.flags.contains(TcpFlags::FIN) {
                    self.note_unacceptable(seg);
                    self.send_ack();
                }
                return Some(Cow::Owned(bare));
            }
            if self.is_duplicate_syn(seg) {
                self.note_unacceptable(seg);
                self.answer_duplicate_syn(seg, now);
            } else if !seg.flags.contains(TcpFlags::RST) {
                self.note_unacceptable(seg);
                self.answer_invalid(seg, false, now);
            }
            if self.state() == State::TimeWait && seg.flags.contains(TcpFlags::FIN) {
                // §3.10.7.4, eighth step in TIME-WAIT: a retransmitted FIN is acknowledged
                // (above) and restarts the 2 MSL timeout.
                self.timers
                    .set(TimerKind::TimeWait, now + self.time_wait_duration());
            }
            return None;
        }
        Some(self.trim_to_window(seg, wnd))
    }

    /// An ACK without data, SYN or FIN whose SEQ is below RCV.NXT is old only in its
    /// sequence number; its acknowledgment and window may be news. BSD's tcp_input keeps
    /// "processing for RST or ACK" after trimming such a segment to nothing, and Linux's
    /// tcp_sequence takes one that starts inside the window as last advertised (RCV.WUP,
    /// RCV.NXT when we last sent a window). Dropping it, as RFC 9293's first check reads,
    /// loses the ACK of a zero-window probe byte when both sides probe and both take the
    /// other's byte: each side's ACKs are then old to the other, and each answers the
    /// other's forever (issue 12). Taken here (its ACK passes RFC 5961 §5.2's check in the
    /// fifth step); one older than RCV.WUP is also answered with an ACK, as the RFC asks.
    fn old_bare_ack(&mut self, seg: &TcpRepr, now: Instant) -> bool {
        let bare = seg.segment_len() == 0
            && seg.flags.contains(TcpFlags::ACK)
            && !seg.flags.contains(TcpFlags::RST)
            && seg.seq.is_before(self.rcv_nxt);
        if bare && seg.seq.is_before(self.rcv_wup) {
            self.note_unacceptable(seg);
            self.answer_invalid(seg, false, now);
        }
        bare
    }

    /// The peer's SYN again, in SYN-RECEIVED: it has not seen our SYN,ACK.
    fn is_duplicate_syn(&self, seg: &TcpRepr) -> bool {
        self.state() == State::SynReceived
            && seg.seq == self.irs
            && seg.flags.contains(TcpFlags::SYN)
            && !seg.flags.contains(TcpFlags::ACK)
            && !seg.flags.contains(TcpFlags::RST)
    }

    fn note_unacceptable(&mut self, seg: &TcpRepr) {
        let (seq, len) = (seg.seq.0, seg.payload.len() as u32);
        let old = seg.seq.is_before(self.rcv_nxt);
        self.notes.push(if old {
            super::TcpNote::Duplicate { seq, len }
        } else {
            super::TcpNote::Unacceptable { seq, len }
        });
    }

    /// "Segments with higher beginning sequence numbers ... may be held"; parts before
    /// RCV.NXT or beyond the window are cut off, keeping the SYN/FIN bits only when their
    /// sequence number survives.
    ///
    /// A segment wholly inside the window, the usual case, is passed on as it came rather
    /// than copied, payload and all.
    pub(super) fn trim_to_window<'s>(&self, seg: &'s TcpRepr, wnd: u32) -> Cow<'s, TcpRepr> {
        let old_syn = seg.flags.contains(TcpFlags::SYN) && seg.seq.is_before(self.rcv_nxt);
        let early = self.rcv_nxt.is_after(seg.seq) && !seg.payload.is_empty();
        let room = ahead_of(self.rcv_nxt + wnd, seg.seq) as usize;
        if !old_syn && !early && seg.payload.len() <= room {
            return Cow::Borrowed(seg);
        }
        let mut out = seg.clone();
        let mut seq = seg.seq;
        if out.flags.contains(TcpFlags::SYN) && seq.is_before(self.rcv_nxt) {
            out.flags.remove(TcpFlags::SYN);
            seq += 1;
        }
        let early = ahead_of(self.rcv_nxt, seq) as usize;
        if early > 0 {
            let cut = early.min(out.payload.len());
            out.payload.drain(..cut);
            seq += cut as u32;
        }
        out.seq = seq;
        let room = ahead_of(self.rcv_nxt + wnd, seq) as usize;
        if out.payload.len() > room {
            out.payload.truncate(room);
            out.flags.remove(TcpFlags::FIN);
        }
        Cow::Owned(out)
    }
}
