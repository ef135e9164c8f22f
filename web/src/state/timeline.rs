//! Time on the page: the slider is virtual time over the furthest point played on this
//! branch, and looking back is viewing, never losing the future.
//!
//! Back goes one thing back (an event, a scenario step or a user act) by replaying from
//! the nearest checkpoint; Step replays the next thing when viewing the past and plays on
//! once at the furthest point; playing from the past replays up to it first. An act while
//! viewing the past starts a new branch in the core session: the page says so, moves the
//! console's later lines with the old branch, and lists the old branch to go back to.

use super::IDLE_RATE;
use super::{Action, ConsoleLine, Live, Playground, Scenario, SNAPSHOT_EVERY_MS, WATCH_RATE};
use crate::i18n::t;
use crate::i18n::Key;
use sockscope_core::teach::command::{CommandError, Value};
use sockscope_core::teach::session::{Act, Moment, BRANCH_LIMIT};
use sockscope_core::{Duration, Instant};
use std::collections::VecDeque;

/// Checkpoints taken while a share link catches up to its moment, so a student can step
/// through the teacher's run from the start without replaying it all at each Back.
const CATCH_UP_CHECKPOINTS: u64 = 64;
/// And at least one per this many things done, for runs with most of their events at
/// one time.
const CATCH_UP_STEPS: u64 = 2_000;

/// What the time controls show: a few values, compared cheaply every frame.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TimelineView {
    /// The moment viewed.
    pub now: Instant,
    /// The furthest point played on this branch.
    pub end: Instant,
    /// Something lies behind the moment viewed (after the scenario's time-zero steps).
    pub can_back: bool,
    /// The moment viewed is behind the furthest point played.
    pub in_past: bool,
    /// The other branches: where each was left, and how far it was played.
    pub branches: Vec<(Instant, Instant)>,
    /// Where the last act in the past started this branch.
    pub branch_from: Option<Instant>,
}

impl Playground {
    /// The values the time controls show.
    pub fn timeline_view(&self) -> TimelineView {
        let s = self.session.get();
        let m = s.moment();
        let head = s.branch().head();
        TimelineView {
            now: s.world().now(),
            end: head.at.max(s.world().now()),
            can_back: m.done > self.floor,
            in_past: s.in_past(),
            branches: s
                .branches()
                .iter()
                .map(|b| (b.left_at().at, b.head().at))
                .collect(),
            branch_from: self.branch_from,
        }
    }

    /// The actions that move the view or the clock, or start the run again.
    pub(super) fn time_action(&mut self, action: Action) {
        let (viewed, missing) = match action {
            Action::Tick { wall_ms } => {
                self.tick(wall_ms);
                (false, None)
            }
            Action::Step | Action::StepForward => {
                if self.session.get().in_past() {
                    (self.replay_one(), None)
                } else {
                    (false, (!self.step()).then_some(Key::NothingScheduled))
                }
            }
            Action::StepBack => {
                let back = self.back_one();
                (back, (!back).then_some(Key::NothingToStepBack))
            }
            Action::ScrubTo(i) => (self.session.get_mut().view_checkpoint(i), None),
            Action::ViewAt(at) => {
                self.session.get_mut().view_at(at);
                (true, None)
            }
            Action::SwitchBranch(i) => (self.switch_branch(i), None),
            Action::New => {
                self.load(&Scenario::two_hosts());
                self.link_kept = false;
                self.edits += 1;
                (false, None)
            }
            Action::Restart => {
                let scenario = (*self.scenario).clone();
                self.load(&scenario);
                self.edits += 1;
                (false, None)
            }
            _ => (false, None),
        };
        if viewed {
            self.viewed();
        }
        if let Some(key) = missing {
            self.notice = Some(t(self.lang, key).to_string());
        }
    }

    /// Moves virtual time by a frame's worth; see [`WATCH_RATE`] and [`IDLE_RATE`]. From
    /// the past it replays (no new checkpoints, no lines shown twice) up to the furthest
    /// point played, and plays on from there.
    fn tick(&mut self, wall_ms: f64) {
        let wall_ms = wall_ms.clamp(0.0, 100.0);
        let busy = self.world.get().network().in_flight().next().is_some();
        let rate = if busy { WATCH_RATE } else { IDLE_RATE } * f64::from(self.speed) / 100.0;
        let target = self.world.get().now() + Duration((wall_ms * rate) as u64);
        if self.session.get().in_past() {
            let head = self.session.get().branch().head();
            let mut s = self.session.get_mut();
            if target >= head.at {
                s.view(head);
            } else {
                s.view_at(target);
            }
            drop(s);
            self.place_new_hosts();
            return;
        }
        // While playing, a snapshot at most every SNAPSHOT_EVERY_MS of wall time, and only
        // when something will happen: history holds moments, not frames (a copy of a busy
        // world every frame would cost more than the frame).
        self.wall_since_snapshot += wall_ms;
        if self.wall_since_snapshot >= self.snapshot_wait
            && self.next_due().is_some_and(|at| at <= target)
        {
            self.session.get_mut().checkpoint();
            self.wall_since_snapshot = 0.0;
            // Measured once a snapshot, not every frame: the next waits by this one's size.
            self.snapshot_wait = self.snapshot_spacing();
        }
        let stop = self.session.get_mut().advance_to(target);
        self.stopped(stop);
        if self.next_due().is_none() && self.world.get().network().in_flight().next().is_none() {
            // Nothing left to happen: stop rather than let the clock run on empty.
            self.playing = false;
        }
        self.place_new_hosts();
    }

    /// Viewing the past: the next thing (event, cue or act) replayed, exactly as it ran.
    fn replay_one(&mut self) -> bool {
        let mut s = self.session.get_mut();
        let m = s.moment();
        let head = s.branch().head();
        if m.done + 1 >= head.done {
            // The furthest point played, at the clock it was left at.
            s.view(head);
            return true;
        }
        let at = s.next_due().unwrap_or(head.at).min(head.at);
        s.view(Moment {
            at,
            done: m.done + 1,
            ..Moment::default()
        });
        true
    }

    /// One thing back (not before the scenario's time-zero steps): replayed from the
    /// nearest checkpoint behind, so every Back lands on a moment Step can leave again.
    fn back_one(&mut self) -> bool {
        let mut s = self.session.get_mut();
        let m = s.moment();
        if m.done <= self.floor {
            return false;
        }
        s.view(Moment {
            at: m.at,
            done: m.done - 1,
            ..Moment::default()
        });
        true
    }

    /// Back to branch `i`, with the console it had.
    fn switch_branch(&mut self, i: usize) -> bool {
        if !self.session.get_mut().switch_branch(i) {
            return false;
        }
        let mut others = self.branch_lines.get_mut();
        if let Some(lines) = others.get_mut(i) {
            std::mem::swap(lines, &mut *self.console_lines.get_mut());
        }
        self.branch_from = None;
        true
    }

    /// The user acts at the moment viewed (see `Session::act`). One made in the past
    /// starts a new branch: the console keeps the lines up to here, the old branch takes
    /// them all, and the page says where the new one starts.
    pub(super) fn act(&mut self, act: Act) -> Result<Option<Value>, CommandError> {
        let (before, forks) = {
            let s = self.session.get();
            (s.moment(), s.forks())
        };
        let result = self.session.get_mut().act(act);
        let (after, forked) = {
            let s = self.session.get();
            (s.moment(), s.forks() != forks)
        };
        if forked {
            let kept: VecDeque<ConsoleLine> = self
                .console_lines
                .get()
                .iter()
                .filter(|l| l.done <= before.done)
                .cloned()
                .collect();
            let old = std::mem::replace(&mut *self.console_lines.get_mut(), kept);
            let mut others = self.branch_lines.get_mut();
            others.push(old);
            if others.len() > BRANCH_LIMIT {
                others.remove(0);
            }
            self.branch_from = Some(before.at);
        }
        if after.acts != before.acts {
            self.link_kept = false;
            self.edits += 1;
        }
        result
    }

    /// Marks the console's lines that lie after the moment viewed.
    pub(super) fn mark_future_lines(&mut self) {
        let done = self.session.get().moment().done;
        let mut lines = self.console_lines.get_mut();
        for l in lines.iter_mut() {
            let future = l.done > done;
            if l.future != future {
                l.future = future;
            }
        }
    }

    /// A freshly loaded run has no branches to tell of.
    pub(super) fn reset_timeline(&mut self) {
        self.branch_lines = Live::default();
        self.branch_from = None;
        self.wall_since_snapshot = SNAPSHOT_EVERY_MS;
    }

    /// Plays a freshly loaded scenario's time-zero steps (Back stops after them), then,
    /// for a share link, on to its moment with checkpoints along the way, each line
    /// shown at the moment it ran: the student can go back to the start and step through.
    pub(super) fn catch_up(&mut self, to: Option<Instant>) {
        let Some(to) = to else {
            let stop = self.session.get_mut().advance_to(Instant::ZERO);
            self.stopped(stop);
            self.floor = self.session.get().moment().done;
            self.take_lines();
            return;
        };
        // A share link: its lines typed at 0 ms are the teacher's acts, not a setting, so
        // Back goes to before them and Step shows them one by one.
        self.floor = self.session.get().moment().done;
        self.session.get_mut().checkpoint();
        let every = (to.0 / CATCH_UP_CHECKPOINTS).max(1);
        let (mut last_at, mut last_done) = (0, self.floor);
        loop {
            let mut s = self.session.get_mut();
            if s.next_due().is_none_or(|at| at > to) || s.step().is_none() {
                break;
            }
            let m = s.moment();
            if m.at.0 - last_at >= every || m.done - last_done >= CATCH_UP_STEPS {
                s.checkpoint();
                (last_at, last_done) = (m.at.0, m.done);
            }
            drop(s);
            self.take_lines();
        }
        let stop = self.session.get_mut().advance_to(to);
        self.stopped(stop);
        self.take_lines();
    }

    /// Shows the lines the session ran, each at the moment it ran.
    fn take_lines(&mut self) {
        let lines = self.session.get_mut().take_lines();
        for l in lines {
            let output = l.output_in(self.lang);
            self.push_line(ConsoleLine::new(l.input, output));
        }
    }
}

#[cfg(test)]
mod tests;
