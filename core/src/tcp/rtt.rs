//! Round-trip time estimation and the retransmission timeout, by RFC 6298, with Karn's
//! rule (RFC 6298 §3) kept here: the connection reports what it sends, what is
//! acknowledged and when the timer expires, and the estimator decides what to time.

use crate::time::{Duration, Instant};
use crate::wire::SeqNumber;
use serde::{Deserialize, Serialize};

/// SRTT, RTTVAR and RTO, as RFC 6298 §2 defines them. Plain values, so the TCB panel can
/// show them and a snapshot copies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RttEstimator {
    pub srtt: Option<Duration>,
    pub rttvar: Duration,
    /// The timeout before backoff.
    pub rto: Duration,
    /// How many times the timer has backed off since the last new ACK.
    pub backoff: u32,
    pub min_rto: Duration,
    pub max_rto: Duration,
    /// The segment being timed: the sequence number that acknowledges it, and when it
    /// was sent. One at a time, as RFC 6298 §3 allows ("at least once per RTT").
    #[serde(default)]
    pub probe: Option<(SeqNumber, Instant)>,
}

/// RFC 6298 §2: "G" is the clock granularity; our clock counts microseconds.
const GRANULARITY: Duration = Duration(1);

/// RFC 6298 §5.7: the RTO once data flows after a SYN or SYN,ACK timed out.
const SYN_TIMEOUT_RTO: Duration = Duration::from_secs(3);

impl RttEstimator {
    /// RFC 6298 §2.1: "Until a round-trip time (RTT) measurement has been made ... the
    /// sender SHOULD set RTO <- 1 second."
    pub fn new(min_rto: Duration, max_rto: Duration) -> Self {
        RttEstimator {
            srtt: None,
            rttvar: Duration::ZERO,
            rto: Duration::from_secs(1).max(min_rto).min(max_rto),
            backoff: 0,
            min_rto,
            max_rto,
            probe: None,
        }
    }

    /// New data `..end` went out at `now`: time it unless a segment is being timed.
    pub fn on_send(&mut self, end: SeqNumber, now: Instant) {
        if self.probe.is_none() {
            self.probe = Some((end, now));
        }
    }

    /// A SYN (or the SYN,ACK answering one) went out at `now`, acknowledged by `end`.
    /// It restarts the timing, except after a timeout: then it is a retransmission, whose
    /// ACK Karn's rule says cannot be timed (RFC 6298 §3).
    pub fn on_send_syn(&mut self, end: SeqNumber, now: Instant) {
        if self.backoff == 0 {
            self.probe = Some((end, now));
        }
    }

    /// Something already sent went out again (RFC 6298 §3, Karn): its ACK could answer
    /// either copy, so the segment being timed is no longer timed.
    pub fn on_retransmit(&mut self) {
        self.probe = None;
    }

    /// An acceptable ACK up to `ack` arrived at `now`: if it covers the segment being
    /// timed, that round trip is a sample.
    pub fn on_ack(&mut self, ack: SeqNumber, now: Instant) {
        if let Some((end, sent)) = self.probe {
            if ack.is_at_or_after(end) {
                self.sample(now - sent);
                self.probe = None;
            }
        }
    }

    /// The retransmission timer expired (RFC 6298 §5.5): back off, and time nothing that
    /// is out now (what follows is retransmitted, Karn's rule).
    pub fn on_timeout(&mut self) {
        self.back_off();
        self.probe = None;
    }

    /// Folds in one measurement `r`. `on_ack` calls it, keeping Karn's rule (RFC 6298
    /// §3): never a sample from a segment that was retransmitted.
    pub fn sample(&mut self, r: Duration) {
        let r = r.micros();
        match self.srtt {
            // §2.2: SRTT <- R, RTTVAR <- R/2.
            None => {
                self.srtt = Some(Duration(r));
                self.rttvar = Duration(r / 2);
            }
            // §2.3: RTTVAR <- 3/4 RTTVAR + 1/4 |SRTT - R'|; SRTT <- 7/8 SRTT + 1/8 R'.
            Some(srtt) => {
                let s = srtt.micros();
                let delta = s.abs_diff(r);
                self.rttvar = Duration((3 * self.rttvar.micros() + delta) / 4);
                self.srtt = Some(Duration((7 * s + r) / 8));
            }
        }
        // §2.2/2.3: RTO <- SRTT + max(G, K*RTTVAR), K = 4; §2.4 rounds it up to the minimum.
        let srtt = self.srtt.unwrap_or_default().micros();
        let var = (4 * self.rttvar.micros()).max(GRANULARITY.micros());
        self.rto = Duration(srtt + var).max(self.min_rto).min(self.max_rto);
        self.backoff = 0;
    }

    /// The three-way handshake completed. RFC 6298 §5.7: "If the timer expires awaiting
    /// the ACK of a SYN segment and the TCP implementation is using an RTO less than 3
    /// seconds, the RTO MUST be re-initialized to 3 seconds when data transmission
    /// begins". A timeout in the handshake left the backoff set (no sample since: the
    /// SYN that got through was a retransmission, Karn), so that is the sign.
    pub fn on_established(&mut self) {
        if self.backoff > 0 {
            self.rto = self.rto.max(SYN_TIMEOUT_RTO).min(self.max_rto);
            self.backoff = 0;
        }
    }

    /// The timeout in force, backoff included.
    pub fn current_rto(&self) -> Duration {
        let factor = 1u64 << self.backoff.min(16);
        Duration(self.rto.micros().saturating_mul(factor)).min(self.max_rto)
    }

    /// §5.5: "The host MUST set RTO <- RTO * 2 ("back off the timer")."
    pub fn back_off(&mut self) {
        self.backoff = self.backoff.saturating_add(1);
    }

    /// Ends the backoff. A new RTT sample does this itself (RFC 6298 §5, the note after
    /// 5.7); an ACK of a retransmitted segment must not (Karn).
    pub fn reset_backoff(&mut self) {
        self.backoff = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn est() -> RttEstimator {
        RttEstimator::new(Duration::from_millis(200), Duration::from_secs(60))
    }

    #[test]
    fn first_sample_sets_srtt_and_half_variance() {
        let mut e = est();
        assert_eq!(e.current_rto(), Duration::from_secs(1));
        e.sample(Duration::from_millis(100));
        assert_eq!(e.srtt, Some(Duration::from_millis(100)));
        assert_eq!(e.rttvar, Duration::from_millis(50));
        assert_eq!(e.rto, Duration::from_millis(300), "100 + 4 * 50");
    }

    #[test]
    fn later_samples_smooth_by_one_eighth_and_one_quarter() {
        let mut e = est();
        e.sample(Duration::from_millis(100));
        e.sample(Duration::from_millis(180));
        // RTTVAR = 3/4*50 + 1/4*80 = 57.5 ms; SRTT = 7/8*100 + 1/8*180 = 110 ms.
        assert_eq!(e.rttvar, Duration(57_500));
        assert_eq!(e.srtt, Some(Duration::from_millis(110)));
        assert_eq!(e.rto, Duration::from_millis(340));
    }

    #[test]
    fn a_timeout_in_the_handshake_leaves_three_seconds_once_established() {
        let mut e = est();
        e.on_established();
        assert_eq!(
            e.current_rto(),
            Duration::from_secs(1),
            "no timeout: untouched"
        );
        e.on_timeout();
        assert_eq!(e.current_rto(), Duration::from_secs(2));
        e.on_established();
        assert_eq!(e.current_rto(), Duration::from_secs(3), "RFC 6298 §5.7");
        e.sample(Duration::from_millis(100));
        assert_eq!(
            e.current_rto(),
            Duration::from_millis(300),
            "a sample rules again"
        );
    }

    #[test]
    fn karns_rule_times_only_segments_sent_once() {
        let mut e = est();
        e.on_send(SeqNumber(100), Instant(0));
        e.on_send(SeqNumber(200), Instant(5_000));
        e.on_ack(SeqNumber(100), Instant(40_000));
        assert_eq!(
            e.srtt,
            Some(Duration::from_millis(40)),
            "the first one was timed"
        );
        e.on_send(SeqNumber(300), Instant(50_000));
        e.on_retransmit();
        e.on_ack(SeqNumber(300), Instant(90_000));
        assert_eq!(
            e.srtt,
            Some(Duration::from_millis(40)),
            "ambiguous: no sample"
        );
        e.on_timeout();
        e.on_send_syn(SeqNumber(1), Instant(100_000));
        assert_eq!(
            e.probe, None,
            "a SYN sent after a timeout is a retransmission"
        );
    }

    #[test]
    fn minimum_and_backoff_apply() {
        let mut e = est();
        e.sample(Duration::from_millis(1));
        assert_eq!(
            e.rto,
            Duration::from_millis(200),
            "rounded up to the minimum"
        );
        e.back_off();
        e.back_off();
        assert_eq!(e.current_rto(), Duration::from_millis(800));
        for _ in 0..20 {
            e.back_off();
        }
        assert_eq!(e.current_rto(), Duration::from_secs(60), "capped");
        e.reset_backoff();
        assert_eq!(e.current_rto(), Duration::from_millis(200));
    }
}
