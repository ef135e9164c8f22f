//! RFC 7323, TCP extensions for high performance: timestamps (RTTM §4, PAWS §5) and the
//! window scale negotiation (§2).
//!
//! Plain values and pure functions; the connection keeps one [`Timestamps`] and one
//! [`WindowScale`] and asks them at the points the RFC names.

use crate::time::{Duration, Instant};
use crate::wire::SeqNumber;
use serde::{Deserialize, Serialize};

/// RFC 7323 §5.4: the timestamp clock "SHOULD tick ... between 1 ms and 1 sec per tick";
/// Linux (since 4.13, TCP_TS_HZ) and FreeBSD both tick once per millisecond.
pub const TICK: Duration = Duration::from_millis(1);

/// RFC 7323 §5.5: a TS.Recent older than 24 days can no longer be trusted (the 32-bit
/// clock of a 1 ms tick would wrap its sign in 24.8 days), so PAWS stops using it.
pub const PAWS_IDLE: Duration = Duration::from_secs(24 * 24 * 3600);

/// `a` is at or after `b` in 32-bit modular order, as timestamps are compared (§5.2).
pub fn ts_at_or_after(a: u32, b: u32) -> bool {
    (a.wrapping_sub(b) as i32) >= 0
}

/// One connection's timestamp state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timestamps {
    /// Added to the virtual clock's milliseconds: a per-connection offset, as Linux's
    /// tsoffset (chosen from the seeded generator), hides the host's uptime.
    pub offset: u32,
    /// TS.Recent (§4.3): the peer's timestamp to echo in TSecr.
    pub recent: u32,
    /// When TS.Recent was last set, for the 24-day rule of §5.5; `None` before any.
    pub recent_at: Option<Instant>,
    /// Last.ACK.sent (§4.3): the ACK field of the last segment we sent.
    pub last_ack_sent: SeqNumber,
}

impl Timestamps {
    pub fn new(offset: u32) -> Self {
        Timestamps {
            offset,
            recent: 0,
            recent_at: None,
            last_ack_sent: SeqNumber(0),
        }
    }

    /// TSval for a segment sent at `now` (§3.2: "the current value of the timestamp
    /// clock"), a millisecond clock on the virtual time.
    pub fn tsval(&self, now: Instant) -> u32 {
        let ticks = now.micros() / TICK.micros();
        self.offset.wrapping_add(ticks as u32)
    }

    /// The (TSval, TSecr) pair of a segment sent at `now`, acknowledging `ack`: TSecr
    /// echoes TS.Recent (§3.2), and `ack` becomes Last.ACK.sent.
    pub fn stamp(&mut self, now: Instant, ack: SeqNumber) -> (u32, u32) {
        self.last_ack_sent = ack;
        (self.tsval(now), self.recent)
    }

    /// §4.3 rule: "If SEG.TSval >= TS.Recent and SEG.SEQ <= Last.ACK.sent, then
    /// SEG.TSval is copied to TS.Recent; otherwise, it is ignored." (The second condition
    /// takes the timestamp of the segment at the left window edge, so delayed ACKs echo
    /// the oldest unacknowledged segment's time.) Returns whether it was copied.
    pub fn on_segment(&mut self, tsval: u32, seq: SeqNumber, now: Instant) -> bool {
        let first = self.recent_at.is_none();
        if (first || ts_at_or_after(tsval, self.recent)) && seq.is_at_or_before(self.last_ack_sent)
        {
            self.recent = tsval;
            self.recent_at = Some(now);
            return true;
        }
        false
    }

    /// The SYN's timestamp (§3.2): TS.Recent starts there, whatever its value.
    pub fn on_syn(&mut self, tsval: u32, now: Instant) {
        self.recent = tsval;
        self.recent_at = Some(now);
    }

    /// PAWS, §5.3 R1: a non-RST segment whose TSval is older than TS.Recent (while
    /// TS.Recent is valid) "is not acceptable": the caller sends an ACK and drops it.
    /// Returns `true` when the segment passes.
    pub fn paws_ok(&self, tsval: u32, rst: bool, now: Instant) -> bool {
        let Some(at) = self.recent_at else {
            return true;
        };
        // §5.5: TS.Recent idle for more than 24 days is invalid; the segment passes.
        if rst || now.saturating_since(at) > PAWS_IDLE {
            return true;
        }
        ts_at_or_after(tsval, self.recent)
    }

    /// RTTM (§4.1, §4.2): an ACK that advanced the left edge of the send window echoes
    /// TSecr; the round trip is the clock now minus that echo. `None` when the echo lies
    /// in the future (a broken or forged peer): no sample is better than a wrong one.
    pub fn rtt_sample(&self, tsecr: u32, now: Instant) -> Option<Duration> {
        let ticks = self.tsval(now).wrapping_sub(tsecr) as i32;
        (ticks >= 0).then(|| Duration(ticks as u64 * TICK.micros()))
    }
}

/// The window scale shifts of a connection (RFC 7323 §2.2): `snd` applies to windows we
/// receive, `rcv` to windows we send; both 0 when scaling is off.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowScale {
    pub snd: u8,
    pub rcv: u8,
}

/// What the negotiation decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Negotiated {
    /// Both SYNs carried the option: the shifts in force.
    On(WindowScale),
    /// Only one side offered it (or none): "both sides MUST send Window Scale options in
    /// their <SYN> segments to enable window scaling in either direction" (§2.2).
    Off,
}

/// RFC 7323 §2.2-2.3: window scaling is on only when our SYN (or SYN-ACK) offered
/// `ours` and the peer's offered `theirs`. A peer shift above 14 "MUST use 14 instead"
/// (§2.3); the caller logs it, `clamped` says when.
pub fn negotiate(ours: Option<u8>, theirs: Option<u8>) -> (Negotiated, bool) {
    match (ours, theirs) {
        (Some(rcv), Some(snd)) => {
            let limit = super::profile::MAX_WINDOW_SHIFT;
            (
                Negotiated::On(WindowScale {
                    snd: snd.min(limit),
                    rcv: rcv.min(limit),
                }),
                snd > limit,
            )
        }
        _ => (Negotiated::Off, false),
    }
}

impl WindowScale {
    /// The 16-bit Window field for a window of `bytes` (§2.3): unscaled in a segment with
    /// SYN ("The window field in a segment where the SYN bit is set ... MUST NOT be
    /// scaled"), else shifted right, and at most 65,535.
    pub fn field(self, bytes: u32, syn: bool) -> u16 {
        let shifted = if syn { bytes } else { bytes >> self.rcv };
        shifted.min(u32::from(u16::MAX)) as u16
    }

    /// The peer's window in bytes from its Window field: SEG.WND << Snd.Wind.Shift,
    /// except in a SYN (§2.3).
    pub fn window(self, field: u16, syn: bool) -> u32 {
        if syn {
            u32::from(field)
        } else {
            u32::from(field) << self.snd
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const T0: Instant = Instant(0);

    #[test]
    fn tsval_is_a_millisecond_clock_with_an_offset_that_wraps() {
        let ts = Timestamps::new(u32::MAX - 1);
        assert_eq!(ts.tsval(Instant(0)), u32::MAX - 1);
        assert_eq!(ts.tsval(Instant(999)), u32::MAX - 1, "not a tick yet");
        assert_eq!(ts.tsval(Instant(3_000)), 1, "wrapped");
        assert!(ts_at_or_after(1, u32::MAX - 1), "1 is after the wrap");
    }

    #[test]
    fn ts_recent_takes_only_the_left_edge_and_never_goes_back() {
        let mut ts = Timestamps::new(0);
        ts.on_syn(100, T0);
        ts.stamp(T0, SeqNumber(1000)); // we acknowledged up to 1000
                                       // A segment at 1000 (the left edge) with a newer TSval: copied.
        assert!(ts.on_segment(150, SeqNumber(1000), T0));
        assert_eq!(ts.recent, 150);
        // A later segment beyond Last.ACK.sent (we have not ACKed it yet): ignored.
        assert!(!ts.on_segment(160, SeqNumber(2000), T0));
        // An older TSval at the edge (a reordered retransmission): ignored.
        assert!(!ts.on_segment(120, SeqNumber(1000), T0));
        assert_eq!(ts.recent, 150);
        assert_eq!(
            ts.stamp(Instant(5_000), SeqNumber(3000)),
            (5, 150),
            "TSecr echoes"
        );
    }

    #[test]
    fn paws_rejects_old_timestamps_but_not_rst_or_stale_recent() {
        let mut ts = Timestamps::new(0);
        assert!(ts.paws_ok(5, false, T0), "nothing recorded yet");
        ts.on_syn(1000, T0);
        assert!(ts.paws_ok(1000, false, T0));
        assert!(!ts.paws_ok(999, false, T0), "§5.3 R1: older than TS.Recent");
        assert!(ts.paws_ok(999, true, T0), "an RST is not subject to PAWS");
        let later = Instant(PAWS_IDLE.micros() + 1);
        assert!(
            ts.paws_ok(999, false, later),
            "§5.5: TS.Recent invalid after 24 days"
        );
    }

    #[test]
    fn rtt_from_the_echo() {
        let ts = Timestamps::new(7);
        // Sent at 10 ms (TSval 17), echoed back, ACK arrives at 52.4 ms.
        assert_eq!(
            ts.rtt_sample(17, Instant(52_400)),
            Some(Duration::from_millis(42))
        );
        assert_eq!(
            ts.rtt_sample(100, Instant(52_400)),
            None,
            "echo from the future"
        );
    }

    #[test]
    fn window_scale_needs_both_sides() {
        assert_eq!(negotiate(Some(7), None), (Negotiated::Off, false));
        assert_eq!(negotiate(None, Some(7)), (Negotiated::Off, false));
        assert_eq!(negotiate(None, None), (Negotiated::Off, false));
        let (on, clamped) = negotiate(Some(7), Some(6));
        assert_eq!(on, Negotiated::On(WindowScale { snd: 6, rcv: 7 }));
        assert!(!clamped);
        let (on, clamped) = negotiate(Some(2), Some(15));
        assert_eq!(
            on,
            Negotiated::On(WindowScale { snd: 14, rcv: 2 }),
            "§2.3: 14"
        );
        assert!(clamped);
    }

    #[test]
    fn syn_windows_are_not_scaled() {
        let ws = WindowScale { snd: 6, rcv: 7 };
        assert_eq!(ws.field(1 << 20, true), 65_535, "SYN: unscaled, capped");
        assert_eq!(ws.field(1 << 20, false), 8192, "1 MiB >> 7");
        assert_eq!(ws.field(100, false), 0, "rounds down");
        assert_eq!(ws.window(1000, true), 1000);
        assert_eq!(ws.window(1000, false), 64_000);
        assert_eq!(WindowScale::default().window(65_535, false), 65_535);
    }
}
