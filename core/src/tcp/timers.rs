//! A connection's timers: one deadline per kind, resolved in a fixed order so that two
//! timers due at the same instant always fire the same way.

use crate::time::Instant;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TimerKind {
    /// RFC 6298: resend what is unacknowledged.
    Retransmit,
    /// RFC 9293 §3.8.6.1: probe a zero window.
    Persist,
    /// RFC 1122 §4.2.3.2: acknowledge at the latest this late.
    DelayedAck,
    /// RFC 9293 §3.3.2: TIME-WAIT lasts 2×MSL.
    TimeWait,
    /// An orphaned connection's wait for the peer's FIN (Linux's tcp_fin_timeout).
    FinWait2,
    /// RFC 9293 §3.8.6.2.1: data held back by sender-side silly window avoidance goes
    /// out anyway when this runs out (the "override timeout").
    SwsOverride,
    /// RFC 9293 §3.8.4: an idle connection with SO_KEEPALIVE sends a keep-alive.
    KeepAlive,
}

impl TimerKind {
    pub const ALL: [TimerKind; 7] = [
        TimerKind::Retransmit,
        TimerKind::Persist,
        TimerKind::DelayedAck,
        TimerKind::TimeWait,
        TimerKind::FinWait2,
        TimerKind::SwsOverride,
        TimerKind::KeepAlive,
    ];

    fn index(self) -> usize {
        match self {
            TimerKind::Retransmit => 0,
            TimerKind::Persist => 1,
            TimerKind::DelayedAck => 2,
            TimerKind::TimeWait => 3,
            TimerKind::FinWait2 => 4,
            TimerKind::SwsOverride => 5,
            TimerKind::KeepAlive => 6,
        }
    }
}

impl fmt::Display for TimerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimerKind::Retransmit => "retransmission",
            TimerKind::Persist => "persist",
            TimerKind::DelayedAck => "delayed ACK",
            TimerKind::TimeWait => "TIME-WAIT (2×MSL)",
            TimerKind::FinWait2 => "FIN-WAIT-2",
            TimerKind::SwsOverride => "silly-window override",
            TimerKind::KeepAlive => "keep-alive",
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timers {
    deadlines: [Option<Instant>; TimerKind::ALL.len()],
}

impl Timers {
    pub fn set(&mut self, kind: TimerKind, at: Instant) {
        self.deadlines[kind.index()] = Some(at);
    }

    pub fn clear(&mut self, kind: TimerKind) {
        self.deadlines[kind.index()] = None;
    }

    pub fn clear_all(&mut self) {
        self.deadlines = [None; TimerKind::ALL.len()];
    }

    pub fn get(&self, kind: TimerKind) -> Option<Instant> {
        self.deadlines[kind.index()]
    }

    pub fn is_set(&self, kind: TimerKind) -> bool {
        self.get(kind).is_some()
    }

    /// The earliest deadline, which is when the world must wake the connection.
    pub fn next(&self) -> Option<Instant> {
        self.deadlines.iter().flatten().min().copied()
    }

    /// Takes the first expired timer in the fixed order of [`TimerKind::ALL`].
    pub fn take_expired(&mut self, now: Instant) -> Option<TimerKind> {
        let kind = TimerKind::ALL
            .into_iter()
            .find(|k| self.get(*k).is_some_and(|t| t <= now))?;
        self.clear(kind);
        Some(kind)
    }

    /// Every timer with its deadline, for the TCB panel.
    pub fn list(&self) -> Vec<(TimerKind, Instant)> {
        TimerKind::ALL
            .into_iter()
            .filter_map(|k| self.get(k).map(|t| (k, t)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn expired_timers_come_out_in_a_fixed_order() {
        let mut t = Timers::default();
        t.set(TimerKind::TimeWait, Instant(5));
        t.set(TimerKind::Retransmit, Instant(5));
        t.set(TimerKind::DelayedAck, Instant(9));
        assert_eq!(t.next(), Some(Instant(5)));
        assert_eq!(t.take_expired(Instant(5)), Some(TimerKind::Retransmit));
        assert_eq!(t.take_expired(Instant(5)), Some(TimerKind::TimeWait));
        assert_eq!(t.take_expired(Instant(5)), None);
        assert_eq!(t.list(), vec![(TimerKind::DelayedAck, Instant(9))]);
    }
}
