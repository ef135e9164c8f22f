//! A session: one scenario in motion, the single loop that plays a script through a world.
//!
//! The command-line runner ([`crate::teach::scenario::Scenario::run`]), the tests and the web page
//! all drive a [`Session`], so a lesson does the same thing everywhere. A session holds the
//! world, the console's variables, the script's cursor, the lesson's progress, and a
//! timeline: checkpoints of earlier moments, and the user's acts (console lines, answers)
//! at the [`Moment`]s they happened. Time only moves through [`Session::advance_to`] and
//! [`Session::step`], which play, in one canonical order, world events, script cues and the
//! acts recorded on the current branch; so a replay from any checkpoint lands on exactly
//! the same world, and looking back ([`Session::view_at`], [`Session::back`]) never loses
//! the future: it stays recorded until the user acts in the past, which starts a new
//! [`Branch`] and keeps the old one to return to ([`Session::switch_branch`]).
//!
//! The canonical order: at one instant, world events run before script cues (a cue at
//! `t` sees everything due by `t`), and a recorded act runs exactly where it was made,
//! counted in events, cues and acts done, not only in time (a click between two events
//! of the same microsecond replays between them).

mod play;
mod query;
mod run;
mod timeline;

pub use query::{Followed, SocketIdentity, Transition};
pub use run::Run;
pub use timeline::{Branch, Checkpoint, BRANCH_LIMIT, CHECKPOINT_LIMIT};

use crate::teach::command::{Command, CommandError, Console, Value};
use crate::teach::lesson::Predict;
use crate::teach::scenario::{Scenario, ScenarioError};
use crate::teach::script::Script;
use crate::time::Instant;
use crate::world::World;
use std::rc::Rc;
use timeline::Timeline;

/// Where a run stands: the virtual time, and how many world events, script cues and user
/// acts have run on this branch. Along one branch moments only grow, and two moments with
/// the same counts are the same state of the world (the clock aside).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Moment {
    pub at: Instant,
    /// Everything done so far: `steps + cues + acts`.
    pub done: u64,
    /// World events run.
    pub steps: u64,
    /// Script cues played.
    pub cues: u32,
    /// User acts applied.
    pub acts: u32,
}

impl Moment {
    /// The same point of the run, whatever the clock says (a recorded act waits for the
    /// clock to reach its time at exactly these counts).
    fn same_place(&self, other: &Moment) -> bool {
        (self.steps, self.cues, self.acts) == (other.steps, other.cues, other.acts)
    }
}

/// Something the user did, recorded on the timeline to be replayed where it was done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Act {
    /// A console line (typed, or made by a button of the page), with its host spelled out.
    Line(Command),
    /// The learner's answer to the question being asked.
    Answer(String),
    CloseQuestion,
}

/// An act and the moment it was done (before it ran).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acted {
    pub moment: Moment,
    pub act: Act,
}

/// Why [`Session::advance_to`] or [`Session::step`] returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The clock reached the target and more is due later.
    Reached,
    /// A guided lesson ran step `i`, which has words to read: show them, wait for the
    /// learner (the clock stands at the step, not the target).
    Said(u32),
    /// A guided lesson asks prediction `i`, before the steps of its moment run.
    Ask(u32),
    /// What the question being asked is about has happened: show it next to the guess.
    Outcome,
    /// The clock reached the target and the script has no cue left (the world may still
    /// have packets and timers to come).
    ScriptEnded,
    /// The clock reached the target and nothing is left to happen: no world event, no
    /// cue, no recorded act.
    Idle,
    /// The work budget ([`Session::set_budget`]) ran out before the target; the clock
    /// stands at the last event run, and the next call goes on from there.
    Budget,
    /// Script step `i` could not run at all (unknown host or variable), and the session
    /// halts on such errors ([`Session::halt_on_error`]).
    Error(u32),
}

/// How a session treats a lesson's words and questions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    /// Stop after each step with words and at each question (the page).
    Guided,
    /// Never stop, ask nothing (the command line, the tests, a share link catching up).
    Straight,
}

/// Where a guided lesson stands: the step whose words are showing, and the question being
/// asked, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LessonProgress {
    /// The scenario step whose `say` text is showing.
    pub said: Option<u32>,
    pub question: Option<Question>,
    /// The predictions the learner got right, in the order their outcomes showed: with the
    /// lesson's number of predictions, the score at the end. Part of the progress (not of
    /// the page) so that stepping back forgets the answers given after that moment.
    pub right: Vec<u32>,
    /// A step with words that ran while the learner waited to see what their answer
    /// would meet: its words wait too, so the outcome shows first (it may come after the
    /// step, as a delayed ACK does), and take their place when the question closes.
    pub held: Option<u32>,
}

impl LessonProgress {
    /// Closes the question; held words come up in its place.
    fn close_question(&mut self) -> Option<Question> {
        let q = self.question.take();
        if let Some(i) = self.held.take() {
            self.said = Some(i);
        }
        q
    }

    /// Whether the learner answered and the run has not yet shown the outcome.
    pub(super) fn awaiting(&self) -> bool {
        self.question
            .as_ref()
            .is_some_and(|q| q.choice.is_some() && q.outcome.is_none())
    }
}

/// A prediction in progress: asked, maybe answered, maybe already seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// Which of the lesson's predictions.
    pub index: u32,
    /// The log's length when it was asked: the outcome is the first matching event after.
    pub since: u64,
    pub choice: Option<String>,
    /// What really happened, once it has.
    pub outcome: Option<String>,
}

/// A console line the session ran (a script step, or a recorded act replayed), to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub input: String,
    pub output: Result<String, String>,
    /// The same answer in Korean, for a Korean page (`output` is English).
    pub output_ko: Result<String, String>,
}

impl Line {
    /// A line and its answer, worded in both languages as the console words them.
    pub(crate) fn of(
        cmd: &crate::teach::command::Command,
        result: &Result<Value, CommandError>,
    ) -> Line {
        let say = |lang| {
            result
                .as_ref()
                .map(|v| v.message(lang))
                .map_err(|e| e.message_for(&cmd.op, lang))
        };
        Line {
            input: cmd.to_string(),
            output: say(crate::lang::Lang::En),
            output_ko: say(crate::lang::Lang::Ko),
        }
    }

    /// The answer in `lang`.
    pub fn output_in(&self, lang: crate::lang::Lang) -> Result<String, String> {
        match lang {
            crate::lang::Lang::Ko => self.output_ko.clone(),
            _ => self.output.clone(),
        }
    }
}

/// How one call of the play loop behaves.
#[derive(Debug, Clone, Copy)]
struct How {
    /// Return at a lesson's words and questions.
    stops: bool,
    /// Ask the lesson's questions (set [`LessonProgress::question`]).
    asks: bool,
    /// Count world events against the budget.
    budgeted: bool,
}

/// Where the play loop goes: up to a time, and (for an exact moment) no further than a
/// number of things done.
#[derive(Debug, Clone, Copy)]
struct Goal {
    at: Instant,
    done: u64,
}

/// One scenario in motion: see the module documentation.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    world: World,
    console: Console,
    script: Script,
    scenario: Rc<Scenario>,
    lesson: LessonProgress,
    moment: Moment,
    pace: Pace,
    budget: Option<u64>,
    halt: bool,
    /// Whether lines run are kept for [`Session::take_lines`].
    keep_lines: bool,
    /// Each step run, with its result (`Ok` value or `Err` errno text), in run order.
    ran: Vec<(u32, Result<String, String>)>,
    /// Steps whose result and checks whose world were not what the scenario says.
    failures: Vec<String>,
    /// Event counts for the lesson's checks, read once across the run (thousands of
    /// checks must not rescan the log each); reset whenever the world is rewound.
    check_index: crate::teach::lesson::EventIndex,
    /// Each prediction asked, with the log's length then.
    asked: Vec<(u32, u64)>,
    /// The first step that could not run at all.
    error: Option<(u32, CommandError)>,
    /// Lines run since [`Session::take_lines`].
    lines: Vec<Line>,
    timeline: Timeline,
}

impl Session {
    /// A session at the start of `scenario`: hosts and paths built, nothing run yet (not
    /// even the steps at time zero: advance to zero for those).
    pub fn new(scenario: Rc<Scenario>) -> Result<Session, ScenarioError> {
        let (world, script) = scenario.build()?;
        Ok(Session::assemble(world, script, scenario))
    }

    /// A session around a world built elsewhere (tests of the panels), with no script.
    pub fn from_world(world: World) -> Session {
        Session::assemble(world, Script::default(), Rc::new(Scenario::empty()))
    }

    fn assemble(world: World, script: Script, scenario: Rc<Scenario>) -> Session {
        let moment = Moment {
            at: world.now(),
            ..Moment::default()
        };
        let mut s = Session {
            world,
            console: Console::default(),
            script,
            scenario,
            lesson: LessonProgress::default(),
            moment,
            pace: Pace::Guided,
            budget: None,
            halt: false,
            keep_lines: true,
            ran: Vec::new(),
            failures: Vec::new(),
            check_index: Default::default(),
            asked: Vec::new(),
            error: None,
            lines: Vec::new(),
            timeline: Timeline::default(),
        };
        s.timeline = Timeline::new(Rc::new(s.snapshot()));
        s
    }

    // ---- reading ----------------------------------------------------------------------

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn console(&self) -> &Console {
        &self.console
    }

    /// The world and the console at the end, for a finished run.
    pub fn into_parts(self) -> (World, Console) {
        (self.world, self.console)
    }

    /// The script's cues still to come.
    pub fn script(&self) -> &Script {
        &self.script
    }

    pub fn scenario(&self) -> &Rc<Scenario> {
        &self.scenario
    }

    pub fn lesson(&self) -> &LessonProgress {
        &self.lesson
    }

    /// The prediction being asked, if the scenario is a lesson and one is.
    pub fn predict(&self) -> Option<&Predict> {
        let q = self.lesson.question.as_ref()?;
        self.scenario.lesson.as_ref()?.predict.get(q.index as usize)
    }

    /// Where the session stands.
    pub fn moment(&self) -> Moment {
        self.moment
    }

    /// Each step that ran, with its result (`Ok` value or `Err` errno text), in run order.
    pub fn ran(&self) -> &[(u32, Result<String, String>)] {
        &self.ran
    }

    /// Every step whose result, and check whose world, was not what the scenario says.
    pub fn failures(&self) -> &[String] {
        &self.failures
    }

    /// Each prediction asked so far, with the log's length when it was.
    pub fn asked(&self) -> &[(u32, u64)] {
        &self.asked
    }

    /// The first script step that could not run at all, with why.
    pub fn error(&self) -> Option<&(u32, CommandError)> {
        self.error.as_ref()
    }

    /// The lines run (script steps, replayed acts) since the last call, to show in a
    /// console. Looking back ([`Session::view_at`]) shows none: it is not running them.
    pub fn take_lines(&mut self) -> Vec<Line> {
        std::mem::take(&mut self.lines)
    }

    /// When something happens next: a world event, a script cue or a recorded act.
    pub fn next_due(&self) -> Option<Instant> {
        [
            self.world.next_event_at(),
            self.script.front().map(|(at, _)| at),
            self.pending_act().map(|a| a.moment.at.max(self.moment.at)),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Whether there is nothing left to happen at all.
    pub fn is_idle(&self) -> bool {
        self.next_due().is_none()
    }

    // ---- settings ---------------------------------------------------------------------

    pub fn set_pace(&mut self, pace: Pace) {
        self.pace = pace;
    }

    /// The most world events one [`Session::advance_to`] runs before returning
    /// [`Stop::Budget`] (none: no limit). Keeps a frame of the page short in a busy world;
    /// the run is the same however it is cut.
    pub fn set_budget(&mut self, events: Option<u64>) {
        self.budget = events;
    }

    /// Whether the lines run are kept for [`Session::take_lines`] (on by default; a run
    /// nobody watches saves their formatting).
    pub fn keep_lines(&mut self, keep: bool) {
        self.keep_lines = keep;
    }

    /// Whether a script step that cannot run at all stops the session ([`Stop::Error`]),
    /// as the command-line runner wants, or is only shown, as the page does.
    pub fn halt_on_error(&mut self, halt: bool) {
        self.halt = halt;
    }

    // ---- acting -----------------------------------------------------------------------

    /// The user acts at the moment viewed: a console line runs (its result returned), an
    /// answer is given, a question closed (`Ok(None)`). An act that reaches the world (a
    /// value, or an errno, which is part of the run) is recorded at this moment, so a
    /// replay repeats it; acting in the past starts a new branch (the old one stays
    /// listed). A line that cannot run at all changes nothing and is not recorded.
    pub fn act(&mut self, act: Act) -> Result<Option<Value>, CommandError> {
        let moment = self.moment;
        // The moment before every act is kept, so looking back across one is instant.
        let before = (!self.timeline.has_checkpoint_at(moment)).then(|| Rc::new(self.snapshot()));
        let (result, recorded) = match act {
            Act::Line(mut cmd) => {
                let result = self.console.run(&mut self.world, &cmd);
                match &result {
                    Ok(_) | Err(CommandError::Errno(_)) => {}
                    // The call ran and only its naming failed ("x = bind(...)"): the
                    // call is what reached the world, and what a replay must repeat.
                    Err(CommandError::NothingToAssign) if !cmd.op.is_stage() => {
                        cmd.assign = None;
                    }
                    Err(_) => return result.map(Some),
                }
                // Replay has no "previous line": spell out the host the line ran on.
                if !cmd.op.is_stage() {
                    cmd.host = self
                        .console
                        .current
                        .and_then(|h| self.world.host(h))
                        .map(|h| h.name.clone());
                }
                (result.map(Some), Act::Line(cmd))
            }
            Act::Answer(choice) => match self.lesson.question.as_mut() {
                Some(q) if q.choice.is_none() => {
                    q.choice = Some(choice.clone());
                    (Ok(None), Act::Answer(choice))
                }
                _ => return Ok(None),
            },
            Act::CloseQuestion => match self.lesson.close_question() {
                Some(_) => (Ok(None), Act::CloseQuestion),
                None => return Ok(None),
            },
        };
        self.timeline.record(
            Acted {
                moment,
                act: recorded,
            },
            before,
        );
        self.moment.acts += 1;
        self.moment.done += 1;
        self.timeline.passed(self.moment);
        result
    }

    /// The act recorded at exactly this point of the current branch, not yet applied.
    fn pending_act(&self) -> Option<&Acted> {
        self.timeline
            .acts()
            .get(self.moment.acts as usize)
            .filter(|a| a.moment.same_place(&self.moment))
    }

    /// Applies a recorded act again, showing a line as the console would.
    fn replay(&mut self, act: &Act) {
        match act {
            Act::Line(cmd) => {
                let result = self.console.run(&mut self.world, cmd);
                if self.keep_lines {
                    self.lines.push(Line::of(cmd, &result));
                }
            }
            Act::Answer(choice) => {
                if let Some(q) = self.lesson.question.as_mut() {
                    q.choice = Some(choice.clone());
                }
            }
            Act::CloseQuestion => {
                self.lesson.close_question();
            }
        }
        self.moment.acts += 1;
        self.moment.done += 1;
    }

    /// How a replay plays: it asks what the original asked, and never stops.
    fn how_viewing(&self) -> How {
        How {
            stops: false,
            asks: self.pace == Pace::Guided,
            budgeted: false,
        }
    }
}

#[cfg(test)]
mod tests;
