//! CUBIC congestion control (RFC 9438): the window grows as a cubic function of the time
//! since the last congestion event, so that it climbs fast far from the window where loss
//! happened (W_max), flattens near it, and probes beyond it.
//!
//! A sans-IO calculator on the virtual clock, in bytes and microseconds, with integer
//! arithmetic only: a float cube root is a libm call whose last bit may differ between
//! native and wasm, and the simulator must replay identically on both. Slow start stays
//! RFC 5681's (RFC 9438 §4.10 allows HyStart++ but does not require it); this module
//! answers congestion avoidance and the reduction on loss.

use crate::time::{Duration, Instant};
use serde::{Deserialize, Serialize};

/// RFC 9438 §5: "C SHOULD be set to 0.4", as the fraction C_NUM / C_DEN.
const C_NUM: u128 = 2;
const C_DEN: u128 = 5;
/// RFC 9438 §4.6: "β_cubic SHOULD be set to 0.7", as BETA_NUM / BETA_DEN.
const BETA_NUM: u64 = 7;
const BETA_DEN: u64 = 10;
/// Microseconds per second, to the third power when (t - K) is cubed.
const US: u128 = 1_000_000;
/// |t - K| is clamped to this (about 17 minutes), which keeps the cube inside an i128
/// for any MSS; the window is clamped long before.
const MAX_OFFSET_US: i128 = 1 << 30;
/// W_est is kept in 1/1024 bytes so that α·acked/cwnd is not lost to rounding.
const FRAC: u64 = 1024;

/// CUBIC's state between congestion events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cubic {
    pub mss: u32,
    /// W_max (§4.1): the window, in bytes, just before the last reduction.
    pub w_max: u32,
    /// K (eq. 2): the time W_cubic takes to climb back to W_max.
    pub k: Duration,
    /// t_epoch (§4.2): when the current congestion-avoidance stage began; `None` until
    /// the first ACK in congestion avoidance after a reduction.
    pub epoch_start: Option<Instant>,
    /// cwnd_epoch (§4.2): the window at the start of the stage.
    pub cwnd_epoch: u32,
    /// W_est (§4.3), the Reno-friendly estimate, in 1/1024 bytes.
    w_est: u64,
    /// Fractional bytes of cwnd growth carried between ACKs (numerator over cwnd).
    carry: u64,
}

impl Cubic {
    pub fn new(mss: u32) -> Self {
        Cubic {
            mss: mss.max(1),
            w_max: 0,
            k: Duration::ZERO,
            epoch_start: None,
            cwnd_epoch: 0,
            w_est: 0,
            carry: 0,
        }
    }

    /// Eq. 1: W_cubic(t) = C·(t − K)³ + W_max, in bytes (C counts segments per second
    /// cubed, hence the MSS), for `t` since the start of the epoch.
    pub fn w_cubic(&self, t: Duration) -> u64 {
        let d = (i128::from(t.micros()) - i128::from(self.k.micros()))
            .clamp(-MAX_OFFSET_US, MAX_OFFSET_US);
        let cube = d * d * d * i128::from(self.mss) * C_NUM as i128;
        // Rounded down (toward −∞), so the window never exceeds the formula.
        let delta = cube.div_euclid((C_DEN * US * US * US) as i128);
        (i128::from(self.w_max) + delta).clamp(0, i128::from(u32::MAX)) as u64
    }

    /// Eq. 2: K = ∛((W_max − cwnd_epoch) / C), in microseconds.
    fn compute_k(&self) -> Duration {
        let gap = u128::from(self.w_max.saturating_sub(self.cwnd_epoch));
        // seconds³ = gap / (C·MSS); microseconds³ = that · 10¹⁸.
        let us3 = gap * C_DEN * US * US * US / (C_NUM * u128::from(self.mss));
        Duration(cube_root(us3) as u64)
    }

    /// An ACK of `acked` new bytes in congestion avoidance (cwnd >= ssthresh), at `now`
    /// with smoothed round-trip time `rtt`. Returns the new cwnd.
    pub fn on_ack(&mut self, cwnd: u32, acked: u32, now: Instant, rtt: Duration) -> u32 {
        let cwnd = cwnd.max(self.mss);
        let start = match self.epoch_start {
            Some(t) => t,
            None => self.begin_epoch(cwnd, now),
        };
        let t = now.saturating_since(start);
        // §4.3 Reno-friendly region: W_est += α_cubic · segments_acked / cwnd, with
        // α_cubic = 3(1 − β)/(1 + β) = 9/17 until W_est reaches W_max, then 1.
        let (a_num, a_den) = if self.w_est >= u64::from(self.w_max) * FRAC {
            (1, 1)
        } else {
            (9, 17)
        };
        self.w_est +=
            a_num * u64::from(acked) * u64::from(self.mss) * FRAC / (a_den * u64::from(cwnd));
        let w_est = self.w_est / FRAC;
        if self.w_cubic(t) < w_est {
            // "cwnd SHOULD be set to W_est".
            self.carry = 0;
            return w_est.min(u64::from(u32::MAX)) as u32;
        }
        // §4.2: target = W_cubic(t + RTT), kept within [cwnd, 1.5·cwnd]; §4.4 and
        // §4.5: cwnd grows by (target − cwnd)/cwnd per acknowledged segment.
        let target = self
            .w_cubic(t + rtt)
            .clamp(u64::from(cwnd), u64::from(cwnd) * 3 / 2);
        self.carry += (target - u64::from(cwnd)) * u64::from(acked);
        let grow = self.carry / u64::from(cwnd);
        self.carry %= u64::from(cwnd);
        (u64::from(cwnd) + grow).min(u64::from(u32::MAX)) as u32
    }

    /// Starts a congestion-avoidance stage (§4.2): t_epoch, cwnd_epoch, K, and W_est =
    /// cwnd_epoch (§4.3). With no loss yet, W_max is this window: K is 0 and the cubic
    /// probes upward from here.
    fn begin_epoch(&mut self, cwnd: u32, now: Instant) -> Instant {
        self.epoch_start = Some(now);
        self.cwnd_epoch = cwnd;
        if self.w_max < cwnd {
            self.w_max = cwnd;
        }
        self.k = self.compute_k();
        self.w_est = u64::from(cwnd) * FRAC;
        self.carry = 0;
        now
    }

    /// A congestion event (§4.6, with fast convergence §4.7) while the window was
    /// `cwnd`: returns (ssthresh, cwnd) = (cwnd·β, that), at least 2 segments.
    pub fn on_congestion(&mut self, cwnd: u32) -> (u32, u32) {
        // §4.7: "if cwnd < W_max ... W_max = cwnd * (1 + β_cubic) / 2" (the flow is
        // losing ground: release bandwidth to newcomers), else W_max = cwnd.
        self.w_max = if cwnd < self.w_max {
            (u64::from(cwnd) * (BETA_DEN + BETA_NUM) / (2 * BETA_DEN)) as u32
        } else {
            cwnd
        };
        let ssthresh = ((u64::from(cwnd) * BETA_NUM / BETA_DEN) as u32).max(2 * self.mss);
        self.epoch_start = None;
        (ssthresh, ssthresh)
    }

    /// A retransmission timeout (§4.8): the reduction of a congestion event, and cwnd
    /// restarts from one segment in slow start. Returns (ssthresh, cwnd).
    pub fn on_timeout(&mut self, cwnd: u32) -> (u32, u32) {
        let (ssthresh, _) = self.on_congestion(cwnd);
        (ssthresh, self.mss)
    }
}

/// ⌊∛n⌋ by bisection: 43 steps for any n below 2^128, integers only.
fn cube_root(n: u128) -> u128 {
    let (mut lo, mut hi) = (0u128, 1u128 << 43);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if mid
            .checked_mul(mid)
            .and_then(|m| m.checked_mul(mid))
            .is_some_and(|c| c <= n)
        {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// MSS 1000 bytes, W_max 100 segments, reduced to 70 by β = 0.7.
    fn after_loss() -> Cubic {
        let mut c = Cubic::new(1000);
        c.w_max = 100_000;
        let (ssthresh, cwnd) = c.on_congestion(100_000);
        assert_eq!((ssthresh, cwnd), (70_000, 70_000));
        c.begin_epoch(cwnd, Instant(0));
        c
    }

    #[test]
    fn cube_root_is_exact_on_cubes_and_floors_between() {
        assert_eq!(cube_root(0), 0);
        assert_eq!(cube_root(26), 2);
        assert_eq!(cube_root(27), 3);
        assert_eq!(cube_root(1_000_000_000_000), 10_000);
        assert_eq!(cube_root(u128::MAX), 6_981_463_658_331);
    }

    #[test]
    fn k_is_the_cube_root_of_the_gap_over_c() {
        // K = ∛((100 − 70) / 0.4) = ∛75 = 4.217163 s.
        let c = after_loss();
        assert_eq!(c.k, Duration(4_217_163));
    }

    #[test]
    fn w_cubic_follows_equation_1() {
        let c = after_loss();
        // W_cubic(t) = 0.4 (t − 4.217163)³ + 100 segments of 1000 bytes.
        let at = |s: f64| c.w_cubic(Duration((s * 1e6) as u64));
        assert_eq!(at(0.0), 70_000, "starts at cwnd_epoch");
        assert_eq!(at(1.0), 86_680, "86.6808 segments");
        assert_eq!(at(2.0), 95_640, "95.6403: concave, slowing down");
        assert_eq!(c.w_cubic(c.k), 100_000, "plateau at W_max");
        assert_eq!(at(6.0), 102_266, "102.2667: convex, probing beyond");
    }

    #[test]
    fn fast_convergence_lowers_w_max_when_losing_ground() {
        let mut c = after_loss();
        // Loss again at 70 segments, below W_max = 100: W_max = 70 · 1.7 / 2 = 59.5.
        let (ssthresh, _) = c.on_congestion(70_000);
        assert_eq!(c.w_max, 59_500);
        assert_eq!(ssthresh, 49_000);
        assert_eq!(c.epoch_start, None, "a new epoch starts at the next ACK");
        let (_, cwnd) = c.on_timeout(49_000);
        assert_eq!(cwnd, 1000, "§4.8: one segment after a timeout");
    }

    #[test]
    fn growth_tracks_the_cubic_target_one_rtt_ahead() {
        let mut c = after_loss();
        let rtt = Duration::from_millis(100);
        // One full window of ACKs at t = 1 s: target = W_cubic(1.1 s) = 87.8846 segments.
        let target = c.w_cubic(Duration::from_millis(1100));
        assert_eq!(target, 87_884);
        let mut cwnd = 70_000;
        for _ in 0..70 {
            cwnd = c.on_ack(cwnd, 1000, Instant(1_000_000), rtt);
        }
        // Each ACK adds (target − cwnd)/cwnd segments: the gap shrinks by 1/cwnd per
        // segment, 70 times (the rule run by hand in integers: 80,795 bytes).
        assert_eq!(cwnd, 80_795);
    }

    #[test]
    fn reno_friendly_region_when_the_cubic_is_slower() {
        // A small gap: K is tiny, W_cubic barely moves for a long time near W_max...
        let mut c = Cubic::new(1000);
        c.w_max = 10_000;
        c.on_congestion(10_000); // W_max 10 segments, cwnd 7.
        let mut cwnd = 7000;
        // ...while Reno's estimate gains α = 9/17 segment per window.
        for i in 0..200u64 {
            cwnd = c.on_ack(cwnd, 1000, Instant(i * 1000), Duration::from_millis(1));
        }
        let w_est = (c.w_est / FRAC) as u32;
        assert!(w_est > 10_000, "W_est passed W_max: {w_est}");
        assert!(
            cwnd >= w_est,
            "cwnd follows the Reno estimate: {cwnd} {w_est}"
        );
    }
}
