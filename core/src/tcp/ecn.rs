//! Explicit Congestion Notification in the connection (RFC 3168 §6.1), after the SYNs
//! negotiated it (`negotiate` in extensions.rs). Three duties, each a hook:
//!
//! - the sender marks its new data ECT(0) (§6.1.2: not retransmissions, §6.1.5; not
//!   zero-window probes, §6.1.6; not pure ACKs, §6.1.4), and on an ECE reduces its
//!   window as for a loss, once per window of data, then says so with CWR;
//! - the receiver, told that a data segment arrived with CE, sets ECE on every ACK
//!   until a segment with CWR arrives (§6.1.3);
//! - nothing else changes: no retransmission, no timer.
//!
//! The IP header belongs to the world, so the world tells the connection about CE
//! (`arrived_ce` before `on_segment`) and asks which segments to mark (`take_ect`).
//! Without ECN every hook returns at its first test.

use super::conn::{AckPlan, Tcb};
use super::note::TcpNote;
use crate::wire::{SeqNumber, TcpFlags, TcpRepr};
use serde::{Deserialize, Serialize};

/// A connection's ECN state beyond "negotiated" (`Extensions::ecn_on`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EcnState {
    /// The segment being handled came in an IP datagram marked CE (set by the world).
    #[serde(default)]
    pub arrived_ce: bool,
    /// Receiver: ECE on every ACK until a CWR arrives (§6.1.3).
    #[serde(default)]
    pub echo: bool,
    /// Sender: the next new data segment carries CWR (§6.1.2).
    #[serde(default)]
    pub send_cwr: bool,
    /// Sender: the window was reduced for an ECE; no second reduction until SND.UNA
    /// reaches this (§6.1.2: "at most once per window of data").
    #[serde(default)]
    pub recover: Option<SeqNumber>,
    /// Sender: data below this has been sent once; a segment that starts below it is a
    /// retransmission and goes Not-ECT (§6.1.5).
    #[serde(default)]
    pub high: Option<SeqNumber>,
    /// Indices of the outbox's segments to send ECT(0), taken by the world.
    #[serde(default)]
    pub ect_out: Vec<u32>,
}

impl Tcb {
    /// Called by `push` for each outgoing segment: ECE on ACKs while echoing, CWR on the
    /// first new data after a reduction, and the ECT mark for new data.
    #[inline]
    pub(super) fn ecn_outgoing(&mut self, seg: &mut TcpRepr) {
        if !self.ext.ecn_on
            || seg.flags.contains(TcpFlags::SYN)
            || seg.flags.contains(TcpFlags::RST)
        {
            return;
        }
        if self.ext.ecn.echo && seg.flags.contains(TcpFlags::ACK) {
            // §6.1.3: "the TCP receiver sets the ECN-Echo flag in ... every subsequent ACK
            // packet" until it receives a CWR.
            seg.flags.insert(TcpFlags::ECE);
        }
        let len = seg.payload.len() as u32;
        let high = *self.ext.ecn.high.get_or_insert(seg.seq);
        // §6.1.5 retransmissions and §6.1.6 window probes are sent Not-ECT.
        let new_data = len > 0 && !seg.seq.is_before(high) && self.snd_wnd > 0;
        if !new_data {
            return;
        }
        self.ext.ecn.high = Some(seg.seq + len);
        if self.ext.ecn.send_cwr {
            // §6.1.2: "the TCP sender ... sets the CWR flag in the TCP header of the
            // first new data packet sent after the window reduction".
            seg.flags.insert(TcpFlags::CWR);
            self.ext.ecn.send_cwr = false;
        }
        let index = self.outbox.len() as u32;
        self.ext.ecn.ect_out.push(index);
    }

    /// Before the ACK is processed: CWR ends our echo, CE in data starts it.
    #[inline]
    pub(super) fn ecn_arrives(&mut self, seg: &TcpRepr) {
        if !self.ext.ecn_on {
            return;
        }
        let ce = std::mem::take(&mut self.ext.ecn.arrived_ce);
        if seg.flags.contains(TcpFlags::CWR) {
            self.ext.ecn.echo = false;
        }
        if ce && !seg.payload.is_empty() {
            if !self.ext.ecn.echo {
                self.notes
                    .push(TcpNote::EcnCongestionExperienced { seq: seg.seq.0 });
            }
            self.ext.ecn.echo = true;
            // Linux acknowledges CE at once (tcp_ecn_check_ce enters quick-ACK mode), so
            // the sender hears of the congestion a delayed-ACK timeout sooner.
            self.ack_plan = AckPlan::Now;
        }
    }

    /// After the ACK of a segment with ECE was processed (`cwnd_before` the ACK): the
    /// congestion indication "should be treated just as a congestion loss" (§6.1.2):
    /// ssthresh and cwnd halved (CUBIC: β), no retransmission; and "the TCP sender SHOULD
    /// NOT increase the congestion window in response to the receipt of an ECN-Echo ACK".
    pub(super) fn ecn_echo_arrives(&mut self, seg: &TcpRepr, cwnd_before: u32) {
        if !self.ext.ecn_on || !seg.flags.contains(TcpFlags::ECE) {
            return;
        }
        self.congestion.cwnd = self.congestion.cwnd.min(cwnd_before);
        let reacted = self
            .ext
            .ecn
            .recover
            .is_some_and(|r| self.snd_una.is_before(r));
        if reacted || self.congestion.in_recovery || self.ext.recovery.is_some() {
            // Loss recovery has already reduced the window for this episode.
            return;
        }
        self.reduce_for_sack_recovery();
        self.ext.ecn.recover = Some(self.snd_max);
        self.ext.ecn.send_cwr = true;
        self.notes.push(TcpNote::EcnReduced {
            cwnd: self.congestion.cwnd,
            ssthresh: self.congestion.ssthresh,
        });
    }

    /// The outbox indices of segments to send ECT(0) (the world marks their IP headers).
    pub fn take_ect(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.ext.ecn.ect_out)
    }

    /// The world says the datagram carrying the next segment was marked CE.
    pub fn set_arrived_ce(&mut self, ce: bool) {
        self.ext.ecn.arrived_ce = ce;
    }
}
