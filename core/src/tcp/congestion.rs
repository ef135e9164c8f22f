//! Congestion control: slow start, congestion avoidance, fast retransmit and fast
//! recovery, by RFC 5681 with the NewReno modification of RFC 6582.
//!
//! Counted in bytes. The connection tells this module what happened (new data acked, a
//! duplicate ACK, a timeout); it answers how much may be in flight and whether to
//! retransmit now.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    SlowStart,
    CongestionAvoidance,
    FastRecovery,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Congestion {
    pub cwnd: u32,
    pub ssthresh: u32,
    pub mss: u32,
    pub dup_acks: u32,
    /// RFC 6582 "recover": the highest sequence sent when fast recovery began, as an
    /// offset the connection chooses (it passes SND.MAX relative to ISS).
    pub recover: u32,
    pub in_recovery: bool,
    /// Bytes acked since cwnd last grew in congestion avoidance (RFC 5681 §3.1, the
    /// byte-counting variant of "cwnd += SMSS*SMSS/cwnd").
    acked_in_ca: u32,
}

/// What the connection should do after telling congestion control about an ACK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AckVerdict {
    Nothing,
    /// Third duplicate ACK (RFC 5681 §3.2 step 2) or a partial ACK in recovery (RFC 6582
    /// §3.2 step 5): retransmit the first unacknowledged segment now.
    RetransmitFirst,
}

impl Congestion {
    /// RFC 5681 §3.1 (eq. 1, from RFC 3390): IW = min(4*SMSS, max(2*SMSS, 4380 bytes)).
    /// ssthresh starts "arbitrarily high".
    pub fn new(mss: u32) -> Self {
        let mss = mss.max(1);
        Congestion {
            cwnd: (4 * mss).min((2 * mss).max(4380)),
            ssthresh: u32::MAX,
            mss,
            dup_acks: 0,
            recover: 0,
            in_recovery: false,
            acked_in_ca: 0,
        }
    }

    pub fn phase(&self) -> Phase {
        if self.in_recovery {
            Phase::FastRecovery
        } else if self.cwnd < self.ssthresh {
            Phase::SlowStart
        } else {
            Phase::CongestionAvoidance
        }
    }

    /// An ACK that acknowledged `acked` new bytes. `ack` and `flight` are in the
    /// connection's offsets (the same scale as `recover`).
    pub fn on_new_ack(&mut self, acked: u32, ack: u32, flight_after: u32) -> AckVerdict {
        self.dup_acks = 0;
        if self.in_recovery {
            if ack >= self.recover {
                // RFC 6582 §3.2 step 3 (full acknowledgment): deflate the window,
                // cwnd = min(ssthresh, FlightSize + SMSS).
                self.cwnd = self.ssthresh.min(flight_after + self.mss);
                self.in_recovery = false;
                return AckVerdict::Nothing;
            }
            // Step 5 (partial acknowledgment): retransmit the first unacked segment,
            // deflate cwnd by the amount acked, add back SMSS if that was at least SMSS.
            self.cwnd = self.cwnd.saturating_sub(acked);
            if acked >= self.mss {
                self.cwnd += self.mss;
            }
            return AckVerdict::RetransmitFirst;
        }
        if self.cwnd < self.ssthresh {
            // §3.1 slow start: cwnd += min(N, SMSS) per ACK (RFC 3465 with L = 1).
            self.cwnd = self.cwnd.saturating_add(acked.min(self.mss));
        } else {
            // §3.1 congestion avoidance: about one SMSS per round trip.
            self.acked_in_ca = self.acked_in_ca.saturating_add(acked);
            if self.acked_in_ca >= self.cwnd {
                self.acked_in_ca -= self.cwnd;
                self.cwnd = self.cwnd.saturating_add(self.mss);
            }
        }
        AckVerdict::Nothing
    }

    /// A duplicate ACK as RFC 5681 §2 defines it. `snd_max` is the highest offset sent.
    pub fn on_dup_ack(&mut self, flight: u32, una: u32, snd_max: u32) -> AckVerdict {
        if self.in_recovery {
            // §3.2 step 4: each further duplicate inflates cwnd by SMSS.
            self.cwnd = self.cwnd.saturating_add(self.mss);
            return AckVerdict::Nothing;
        }
        self.dup_acks += 1;
        // RFC 6582 §3.2 step 2: enter recovery only if the ACK covers more than "recover",
        // so one loss episode is not counted twice.
        if self.dup_acks == 3 && una > self.recover {
            // RFC 5681 §3.2 step 2 (eq. 4) and step 3.
            self.ssthresh = (flight / 2).max(2 * self.mss);
            self.cwnd = self.ssthresh + 3 * self.mss;
            self.recover = snd_max;
            self.in_recovery = true;
            return AckVerdict::RetransmitFirst;
        }
        AckVerdict::Nothing
    }

    /// RFC 5681 §3.1 after a retransmission timeout: ssthresh = max(FlightSize/2, 2*SMSS)
    /// (eq. 4) and cwnd = LW = 1 SMSS. RFC 6582 §3.2 step 1 sets recover = SND.MAX.
    pub fn on_timeout(&mut self, flight: u32, snd_max: u32) {
        self.ssthresh = (flight / 2).max(2 * self.mss);
        self.cwnd = self.mss;
        self.dup_acks = 0;
        self.in_recovery = false;
        self.recover = snd_max;
        self.acked_in_ca = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn initial_window_follows_rfc_3390() {
        assert_eq!(Congestion::new(1460).cwnd, 4380);
        assert_eq!(Congestion::new(536).cwnd, 2144);
        assert_eq!(Congestion::new(3000).cwnd, 6000);
        assert_eq!(Congestion::new(1000).phase(), Phase::SlowStart);
    }

    #[test]
    fn slow_start_grows_per_ack_then_avoidance_per_window() {
        let mut c = Congestion::new(1000);
        c.ssthresh = 5000;
        c.on_new_ack(1000, 1000, 0);
        assert_eq!(c.cwnd, 5000);
        assert_eq!(c.phase(), Phase::CongestionAvoidance);
        for _ in 0..4 {
            c.on_new_ack(1000, 0, 0);
        }
        assert_eq!(c.cwnd, 5000, "not a full window acked yet");
        c.on_new_ack(1000, 0, 0);
        assert_eq!(c.cwnd, 6000);
    }

    #[test]
    fn three_dup_acks_enter_fast_recovery_and_full_ack_leaves() {
        let mut c = Congestion::new(1000);
        c.cwnd = 10_000;
        assert_eq!(c.on_dup_ack(10_000, 1, 10_000), AckVerdict::Nothing);
        assert_eq!(c.on_dup_ack(10_000, 1, 10_000), AckVerdict::Nothing);
        assert_eq!(c.on_dup_ack(10_000, 1, 10_000), AckVerdict::RetransmitFirst);
        assert_eq!(
            (c.ssthresh, c.cwnd, c.phase()),
            (5000, 8000, Phase::FastRecovery)
        );
        c.on_dup_ack(10_000, 1, 10_000);
        assert_eq!(c.cwnd, 9000);
        assert_eq!(
            c.on_new_ack(2000, 3000, 7000),
            AckVerdict::RetransmitFirst,
            "partial"
        );
        assert_eq!(c.cwnd, 8000);
        assert_eq!(c.on_new_ack(7000, 10_000, 0), AckVerdict::Nothing);
        assert_eq!((c.cwnd, c.phase()), (1000, Phase::SlowStart));
    }

    #[test]
    fn timeout_collapses_the_window() {
        let mut c = Congestion::new(1000);
        c.cwnd = 20_000;
        c.on_timeout(20_000, 50_000);
        assert_eq!((c.cwnd, c.ssthresh), (1000, 10_000));
        c.on_timeout(1000, 50_000);
        assert_eq!(c.ssthresh, 2000, "never below two segments");
    }
}
