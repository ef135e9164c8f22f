//! SACK on a connection (RFC 2018) and the loss recovery it allows (RFC 6675): the
//! receiver reports the blocks it holds out of order; the sender keeps a scoreboard and,
//! in recovery, retransmits only the holes the scoreboard says are lost, as far as
//! `cwnd - pipe` allows, instead of NewReno's one segment per round trip.
//!
//! Only when both SYNs carried SACK-permitted (`ext.sack_on`); otherwise every hook here
//! returns at its first test and NewReno (RFC 6582) recovers as before.

use super::ahead_of;
use super::conn::Tcb;
use super::note::{RetransmitReason, TcpNote};
use super::sack::{NextSeg, Range, DUP_THRESH};
use crate::time::Instant;
use crate::wire::{SeqNumber, TcpFlags, TcpRepr};
use serde::{Deserialize, Serialize};

/// The sender's loss-recovery phase (RFC 6675 §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SackRecovery {
    /// RecoveryPoint: HighData when recovery began; a cumulative ACK of it ends recovery.
    pub point: u64,
    /// HighRxt: the end of the highest range retransmitted in this recovery.
    pub high_rxt: u64,
}

impl Tcb {
    /// A sender-side offset (bytes since ISS) of `seq`.
    fn snd_off(&self, seq: SeqNumber) -> u64 {
        u64::from(self.offset_from_iss(seq))
    }

    /// The receiver's SACK option for an ACK now (RFC 2018 §4), as sequence numbers.
    pub(crate) fn sack_blocks_now(&mut self) -> Vec<(SeqNumber, SeqNumber)> {
        if self.recv_buf.early.is_empty() {
            return Vec::new();
        }
        let held = self.recv_buf.early_ranges();
        let next = self.recv_buf.next;
        let trigger = self.ext.last_segment.unwrap_or((next, next));
        let blocks = self.ext.reporter.blocks(&held, trigger, next);
        let seq = |off: u64| self.rcv_nxt + (off - next) as u32;
        blocks.into_iter().map(|(s, e)| (seq(s), seq(e))).collect()
    }

    /// An arriving segment: remember its range (the first SACK block, RFC 2018 §4) and
    /// fold its SACK blocks into the scoreboard (RFC 6675 §4, Update()).
    pub(crate) fn sack_arrives(&mut self, seg: &TcpRepr) {
        if !self.ext.sack_on {
            return;
        }
        if !seg.payload.is_empty() {
            let start = self.recv_buf.next + u64::from(ahead_of(seg.seq, self.rcv_nxt));
            self.ext.last_segment = Some((start, start + seg.payload.len() as u64));
        }
        if !seg.flags.contains(TcpFlags::ACK) || seg.ack.is_after(self.snd_max) {
            return;
        }
        let una = self.snd_una.max_seq(seg.ack);
        // Blocks outside SND.UNA..SND.MAX are ignored: stale, or a D-SACK (RFC 2883).
        let blocks: Vec<Range> = seg
            .options
            .sack_blocks
            .iter()
            .filter(|(l, r)| l.is_at_or_after(una) && r.is_at_or_before(self.snd_max))
            .map(|&(l, r)| (self.snd_off(l), self.snd_off(r)))
            .collect();
        let una = self.snd_off(una);
        self.ext.scoreboard.update(una, &blocks);
    }

    /// A duplicate ACK under SACK (RFC 6675 §5). Returns `false` when SACK is off (the
    /// caller goes on with NewReno).
    pub(crate) fn sack_dup_ack(&mut self, now: Instant) -> bool {
        if !self.ext.sack_on {
            return false;
        }
        if self.ext.recovery.is_some() {
            // (C): the ACK may have opened room in cwnd - pipe.
            self.sack_send(now);
            return true;
        }
        self.congestion.dup_acks += 1;
        let una = self.snd_off(self.snd_una);
        let mss = u64::from(self.snd_mss);
        // (1) DupAcks >= DupThresh, or (2) IsLost(HighACK + 1): enter recovery (4), once
        // per episode (not before HighACK passes the last RecoveryPoint, §5.1).
        let lost = u64::from(self.congestion.dup_acks) >= DUP_THRESH
            || self.ext.scoreboard.is_lost(una, mss);
        if lost && una > u64::from(self.congestion.recover) {
            self.enter_sack_recovery(now);
        }
        true
    }

    /// RFC 6675 §5 step (4).
    fn enter_sack_recovery(&mut self, now: Instant) {
        let high_data = self.snd_off(self.snd_max);
        let una = self.snd_off(self.snd_una);
        // (4.1) RecoveryPoint = HighData; (4.2) ssthresh = cwnd = FlightSize / 2 (RFC
        // 5681 eq. 4, at least 2 SMSS), or CUBIC's β·cwnd.
        let mss = self.snd_mss;
        self.reduce_for_sack_recovery();
        self.congestion.recover = high_data as u32;
        self.congestion.dup_acks = 0;
        // (4.3) Retransmit the first segment presumed dropped, HighACK + 1.
        let len = u64::from(mss).min(high_data - una);
        self.retransmit_range(una, len, RetransmitReason::FastRetransmit);
        self.ext.recovery = Some(SackRecovery {
            point: high_data,
            high_rxt: una + len,
        });
        // (4.4)-(5): SetPipe and send what cwnd - pipe allows.
        self.sack_send(now);
    }

    /// A cumulative ACK under SACK (§5 steps (A)-(C)): recovery ends when it covers
    /// RecoveryPoint; before that the holes are repaired. Returns `false` when SACK is off
    /// or no recovery is under way (congestion control grows cwnd as usual).
    pub(crate) fn sack_new_ack(&mut self, now: Instant) -> bool {
        let Some(rec) = self.ext.recovery else {
            return false;
        };
        if self.snd_off(self.snd_una) >= rec.point {
            // "When the TCP sender receives a cumulative ACK for this data octet, the
            // loss recovery phase is terminated"; cwnd stays at ssthresh.
            self.ext.recovery = None;
            return true;
        }
        self.sack_send(now);
        true
    }

    /// (C): while cwnd - pipe >= 1 SMSS, send what NextSeg() picks.
    fn sack_send(&mut self, _now: Instant) {
        let mss = u64::from(self.snd_mss);
        let high_data = self.snd_off(self.snd_max);
        while let Some(mut rec) = self.ext.recovery {
            let pipe = self.ext.scoreboard.pipe(high_data, rec.high_rxt, mss);
            if u64::from(self.congestion.cwnd) < pipe + mss {
                return;
            }
            let Some(NextSeg::Retransmit { start, len }) =
                self.ext
                    .scoreboard
                    .next_seg(high_data, rec.high_rxt, mss, false)
            else {
                return;
            };
            if !self.retransmit_range(start, len, RetransmitReason::SackHole) {
                return;
            }
            // (C.2) HighRxt = the end of what was retransmitted.
            rec.high_rxt = start + len;
            self.ext.recovery = Some(rec);
        }
    }

    /// Going back after a timeout (SND.NXT below SND.MAX), steps over data the receiver
    /// has SACKed: RFC 6675 §5.1 keeps the scoreboard through an RTO so that "the
    /// recovery period after an RTO [can] benefit from all available information".
    pub(crate) fn skip_sacked(&mut self) {
        if !self.ext.sack_on || !self.snd_nxt.is_before(self.snd_max) {
            return;
        }
        if let Some(end) = self.ext.scoreboard.sacked_end(self.snd_off(self.snd_nxt)) {
            let end = self.iss + end as u32;
            self.snd_nxt = if end.is_before(self.snd_max) {
                end
            } else {
                self.snd_max
            };
        }
    }

    /// The retransmission timer expired: recovery ends (§5.1); the scoreboard stays.
    pub(crate) fn sack_on_timeout(&mut self) {
        self.ext.recovery = None;
    }

    /// Resends the data bytes at sender offsets [start, start + len). Returns `false` when
    /// there are none (the range lies past the data, at the FIN).
    fn retransmit_range(&mut self, start: u64, len: u64, reason: RetransmitReason) -> bool {
        let seq = self.iss + start as u32;
        let index = ahead_of(seq, self.send_buf_seq) as usize;
        let n = (len as usize).min(self.send_buf.len().saturating_sub(index));
        if n == 0 {
            return false;
        }
        let payload = super::output::copy_out(&self.send_buf, index, n);
        let seg = self.segment(seq, TcpFlags::ACK, payload);
        self.rtt.on_retransmit();
        self.notes.push(TcpNote::Retransmitted {
            seq: seq.0,
            len: n as u32,
            reason,
        });
        self.push(seg);
        true
    }
}
