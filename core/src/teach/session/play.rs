//! The play loop: world events, script cues and recorded acts in their one order (see
//! the module documentation of [`super`]), and what a lesson's cues do as they come.

use super::{Goal, How, Line, Pace, Question, Session, Stop};
use crate::teach::command::CommandError;
use crate::teach::script::Cue;
use crate::time::Instant;

impl Session {
    // ---- moving time ------------------------------------------------------------------

    /// Runs to `target`, playing world events, script cues and recorded acts in order, and
    /// says why it stopped (see [`Stop`]; a guided lesson stops early).
    pub fn advance_to(&mut self, target: Instant) -> Stop {
        let how = How {
            stops: self.pace == Pace::Guided,
            asks: self.pace == Pace::Guided,
            budgeted: true,
        };
        let stop = self.play(
            Goal {
                at: target,
                done: u64::MAX,
            },
            how,
        );
        self.timeline.passed(self.moment);
        stop
    }

    /// One step: the next recorded act, or the next world event, or (when it comes first)
    /// the next script cue with everything due by its time. `None` when nothing is left.
    pub fn step(&mut self) -> Option<Stop> {
        let event = self.world.next_event_at();
        let stop = if let Some(at) = self.pending_act().map(|a| a.moment.at) {
            let done = self.moment.done + 1;
            self.play(Goal { at, done }, self.how_viewing())
        } else {
            match self.script.front().map(|(at, _)| at) {
                Some(at) if event.is_none_or(|e| at <= e) => self.advance_to(at),
                _ if event.is_some() => {
                    self.run_event();
                    if self.watch_question() && self.pace == Pace::Guided {
                        Stop::Outcome
                    } else {
                        self.settled()
                    }
                }
                _ => return None,
            }
        };
        self.timeline.passed(self.moment);
        Some(stop)
    }

    /// The play loop: see the module documentation for the order.
    pub(super) fn play(&mut self, goal: Goal, how: How) -> Stop {
        let mut events = 0u64;
        loop {
            if self.moment.done >= goal.done {
                break;
            }
            // Words held for an outcome that has now shown come up, one stop each.
            if self.lesson.held.is_some() && !self.lesson.awaiting() {
                if let Some(stop) = self.release_held(how) {
                    return stop;
                }
            }
            if let Some(acted) = self.pending_act() {
                if acted.moment.at > goal.at {
                    break;
                }
                let acted = acted.clone();
                self.set_clock(acted.moment.at);
                self.replay(&acted.act);
                continue;
            }
            let event = self.world.next_event_at();
            let cue = self.script.front().map(|(at, _)| at);
            let (at, is_event) = match (event, cue) {
                (Some(e), Some(c)) if c < e => (c, false),
                (Some(e), _) => (e, true),
                (None, Some(c)) => (c, false),
                (None, None) => break,
            };
            if at > goal.at {
                break;
            }
            if !is_event {
                // The outcome of the question being asked may have happened among the
                // events just run: show it before the cue (the next step's words, a new
                // question) replaces what the learner is looking at.
                if how.stops && self.watch_question() {
                    return Stop::Outcome;
                }
                // Only one step's words wait at a time: before another step with words
                // (or a new question) the held ones come up, so none is lost.
                if self.lesson.held.is_some() && self.next_cue_speaks() {
                    if let Some(stop) = self.release_held(how) {
                        return stop;
                    }
                }
                if let Some(stop) = self.cue(how) {
                    return stop;
                }
                continue;
            }
            if how.budgeted && self.budget.is_some_and(|b| events >= b) {
                self.watch_question();
                return Stop::Budget;
            }
            self.run_event();
            events += 1;
        }
        if goal.done == u64::MAX {
            self.world.run_until(goal.at);
        } else {
            // An exact moment: the clock goes no further than the next thing to do (a
            // recorded act, a cue, a world event), so that it still runs at its own time
            // when played on, and a Back to the start of a run played by frames shows
            // the clock of the start, not of the frame it came from.
            let next = [
                self.pending_act().map(|a| a.moment.at),
                self.script.front().map(|(at, _)| at),
                self.world.next_event_at(),
            ];
            let at = next
                .into_iter()
                .flatten()
                .map(|at| at.max(self.moment.at))
                .fold(goal.at, Instant::min);
            self.set_clock(at);
        }
        self.moment.at = self.world.now();
        if self.watch_question() && how.stops {
            return Stop::Outcome;
        }
        self.settled()
    }

    /// Reached, script ended or idle, by what is left.
    fn settled(&self) -> Stop {
        if self.is_idle() {
            Stop::Idle
        } else if self.script.is_empty() {
            Stop::ScriptEnded
        } else {
            Stop::Reached
        }
    }

    fn run_event(&mut self) {
        self.world.step();
        self.moment.steps += 1;
        self.moment.done += 1;
        self.moment.at = self.world.now();
    }

    /// Moves the clock to `at` without running anything: only when nothing is due by
    /// then (a replayed act made between two events of one microsecond keeps the clock).
    fn set_clock(&mut self, at: Instant) {
        if self.world.next_event_at().is_none_or(|e| e > at) {
            self.world.run_until(at);
        }
        self.moment.at = self.world.now();
    }

    /// Plays the next cue (its time has come). Returns a stop for a guided lesson.
    fn cue(&mut self, how: How) -> Option<Stop> {
        let (at, cue) = self.script.pop_front()?;
        self.set_clock(at);
        self.moment.cues += 1;
        self.moment.done += 1;
        match cue {
            Cue::Fault(i) => self.script.arm(&mut self.world, i),
            Cue::Ask(index) => {
                let since = self.world.log().len();
                self.asked.push((index, since));
                if how.asks {
                    if let Some(i) = self.lesson.held.take() {
                        self.lesson.said = Some(i);
                    }
                    self.lesson.question = Some(Question {
                        index,
                        since,
                        choice: None,
                        outcome: None,
                    });
                    if how.stops {
                        return Some(Stop::Ask(index));
                    }
                }
            }
            Cue::Step(i) => return self.script_step(i, how),
            Cue::Check(i) => {
                let check = self
                    .scenario
                    .lesson
                    .as_ref()
                    .and_then(|l| l.checks.get(i as usize));
                let index = &mut self.check_index;
                if let Some(f) =
                    check.and_then(|c| c.failure_indexed(&self.world, &self.console, index))
                {
                    let at_ms = check.map_or(0, |c| c.at_ms);
                    self.failures
                        .push(format!("check {} at {at_ms} ms: {f}", i + 1));
                }
            }
        }
        None
    }

    /// Runs script step `i`: its line, its result checked against what the step expects,
    /// and a guided lesson's words.
    fn script_step(&mut self, i: u32, how: How) -> Option<Stop> {
        let cmd = self.script.command(i)?.clone();
        let result = self.console.run(&mut self.world, &cmd);
        if self.keep_lines {
            self.lines.push(Line::of(&cmd, &result));
        }
        let result = match result {
            Ok(v) => Ok(v.to_string()),
            Err(CommandError::Errno(e)) => Err(e.to_string()),
            Err(error) => {
                self.error.get_or_insert((i, error));
                if self.halt {
                    return Some(Stop::Error(i));
                }
                return None;
            }
        };
        let step = self.scenario.steps.get(i as usize)?;
        if !step.expected(&result) {
            self.failures.push(format!(
                "step {} ({}): returned {:?}, expected {:?}",
                i + 1,
                step.run,
                result,
                step.expect.as_deref().unwrap_or_default()
            ));
        }
        self.ran.push((i, result));
        let says = !self.scenario.steps[i as usize].say.is_empty();
        if says && self.scenario.lesson.is_some() {
            if how.asks && self.lesson.awaiting() {
                self.lesson.held = Some(i);
                return None;
            }
            self.lesson.said = Some(i);
            if how.stops {
                self.watch_question();
                return Some(Stop::Said(i));
            }
        }
        None
    }

    /// Shows the held words; a guided run stops on them as on any step's words.
    fn release_held(&mut self, how: How) -> Option<Stop> {
        let i = self.lesson.held.take()?;
        self.lesson.said = Some(i);
        how.stops.then_some(Stop::Said(i))
    }

    /// Whether the next cue is a question or a step with words.
    fn next_cue_speaks(&self) -> bool {
        match self.script.front() {
            Some((_, Cue::Ask(_))) => true,
            Some((_, Cue::Step(i))) => self
                .scenario
                .steps
                .get(i as usize)
                .is_some_and(|s| !s.say.is_empty()),
            _ => false,
        }
    }

    /// Once the event the question is about has happened, notes it. True when it just did.
    pub(super) fn watch_question(&mut self) -> bool {
        let Some(q) = &self.lesson.question else {
            return false;
        };
        if q.outcome.is_some() {
            return false;
        }
        let Some(p) = self.predict() else {
            return false;
        };
        let outcome = p.outcome(&self.world, &self.console, q.since);
        let right = outcome
            .as_deref()
            .zip(q.choice.as_deref())
            .is_some_and(|(o, c)| p.judge(c, o));
        match (outcome, self.lesson.question.as_mut()) {
            (Some(o), Some(q)) => {
                q.outcome = Some(o);
                let index = q.index;
                if right && !self.lesson.right.contains(&index) {
                    self.lesson.right.push(index);
                }
                true
            }
            _ => false,
        }
    }
}
