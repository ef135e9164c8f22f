//! Congestion control as the profile chooses it: the initial window (RFC 6928's ten
//! segments for Linux and FreeBSD) and CUBIC (RFC 9438) beside NewReno.
//!
//! NewReno (`congestion.rs`) still runs slow start, fast retransmit and recovery; when
//! the connection uses CUBIC, these hooks then replace its growth in congestion
//! avoidance and its reduction on loss (β = 0.7 instead of 1/2).

use super::conn::Tcb;
use super::cubic::Cubic;
use super::profile::{CongestionAlgo, InitialWindow};
use super::Phase;
use crate::time::Instant;

impl Tcb {
    /// After the MSS is known (the peer's SYN): the profile's initial window and
    /// congestion control. `rfc` keeps RFC 3390's window and NewReno, as before.
    pub(crate) fn start_congestion(&mut self) {
        if self.ext.profile.is_rfc() && self.config.congestion.is_none() {
            return;
        }
        let d = self.config.profile.defaults(&self.config);
        if let InitialWindow::Segments(_) = d.initial_window {
            self.congestion.cwnd = d.initial_window.bytes(self.snd_mss);
        }
        let algo = self.config.congestion.unwrap_or(d.congestion);
        self.ext.cubic = (algo == CongestionAlgo::Cubic).then(|| Cubic::new(self.snd_mss));
    }

    /// An ACK of `acked` new bytes was counted by NewReno, whose window was `before`
    /// in `phase`: in congestion avoidance CUBIC sets the window instead (RFC 9438 §4.2-4.5).
    pub(crate) fn cubic_after_ack(&mut self, before: (u32, Phase), acked: u32, now: Instant) {
        let Some(cubic) = self.ext.cubic.as_mut() else {
            return;
        };
        if before.1 != Phase::CongestionAvoidance
            || self.congestion.in_recovery
            || self.ext.recovery.is_some()
            || acked == 0
        {
            return;
        }
        let rtt = self.rtt.srtt.unwrap_or(self.rtt.rto);
        self.congestion.cwnd = cubic.on_ack(before.0, acked, now, rtt);
    }

    /// Fast retransmit began a recovery with the window at `cwnd`: CUBIC's reduction
    /// (RFC 9438 §4.6, fast convergence §4.7), ssthresh = β·cwnd, and NewReno's inflation
    /// by the three segments that left (RFC 5681 §3.2 step 3).
    pub(crate) fn cubic_on_loss(&mut self, cwnd: u32) {
        if let Some(cubic) = self.ext.cubic.as_mut() {
            let (ssthresh, _) = cubic.on_congestion(cwnd);
            self.congestion.ssthresh = ssthresh;
            self.congestion.cwnd = ssthresh + 3 * self.snd_mss;
        }
    }

    /// The reduction when SACK recovery begins: ssthresh = cwnd = β·cwnd under CUBIC,
    /// else RFC 6675 §5 (4.2)'s FlightSize / 2.
    pub(crate) fn reduce_for_sack_recovery(&mut self) {
        let mss = self.snd_mss;
        self.congestion.ssthresh = match self.ext.cubic.as_mut() {
            Some(cubic) => cubic.on_congestion(self.congestion.cwnd).0,
            None => (self.flight_size() / 2).max(2 * mss),
        };
        self.congestion.cwnd = self.congestion.ssthresh;
    }

    /// A retransmission timeout with the window at `cwnd` (RFC 9438 §4.8).
    pub(crate) fn cubic_on_timeout(&mut self, cwnd: u32) {
        if let Some(cubic) = self.ext.cubic.as_mut() {
            let (ssthresh, _) = cubic.on_timeout(cwnd);
            self.congestion.ssthresh = ssthresh;
        }
    }
}
