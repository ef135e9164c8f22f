//! The guided lesson's part of the reducer: going on after a question's feedback,
//! restarting, and running a script the learner edited in the page.
//!
//! A lesson opens on its start screen (title, intro, Start): nothing of its script has run
//! yet, so the intro is never replaced by the words of a step at 0 ms. Start is Play.

use super::Playground;
use crate::i18n::{script_problem, Lang, ScriptProblem};

use sockscope_core::teach::command::{Command, CommandError};
use sockscope_core::teach::scenario::{Scenario, Step};
use sockscope_core::teach::session::Act;
use sockscope_core::Instant;

/// What the lesson panel asks of the reducer.
#[derive(Debug, Clone, PartialEq)]
pub enum LessonAction {
    /// The one Continue: after a question's feedback, close it and play on (or, when the
    /// words of a step waited for the outcome, show them); otherwise play on.
    Continue,
    /// The scenario loaded (a lesson, or an edited script) again from its start.
    Restart,
    /// A new scenario built from the loaded one with these lines as its steps, run from
    /// the start (lines with a problem make it refuse, and say which).
    RunScript(Vec<ScriptLine>),
}

/// One line of the script editor, as typed: the time in milliseconds (decimals allowed),
/// the console line, and which step of the loaded scenario it came from (its words and
/// expected result go with it).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScriptLine {
    pub at_ms: String,
    pub run: String,
    pub from: Option<usize>,
}

impl ScriptLine {
    /// The editor's lines for a scenario's steps, in order.
    pub fn of(scenario: &Scenario) -> Vec<ScriptLine> {
        scenario
            .steps
            .iter()
            .enumerate()
            .map(|(i, s)| ScriptLine {
                at_ms: ms_text(s.at()),
                run: s.run.clone(),
                from: Some(i),
            })
            .collect()
    }

    /// The time typed, in microseconds.
    fn micros(&self) -> Option<u64> {
        let ms: f64 = self.at_ms.trim().parse().ok()?;
        (ms.is_finite() && (0.0..=86_400_000.0).contains(&ms)).then(|| (ms * 1000.0).round() as u64)
    }

    /// What is wrong with this line, if anything: a time that is not one, an empty line,
    /// a line the console cannot read, a host the scenario does not have.
    pub fn problem(&self, scenario: &Scenario) -> Option<ScriptProblem> {
        if self.micros().is_none() {
            return Some(ScriptProblem::Time);
        }
        let run = self.run.trim();
        if run.is_empty() {
            return Some(ScriptProblem::Empty);
        }
        match run.parse::<Command>() {
            Err(CommandError::Parse {
                column,
                message,
                ko,
            }) => Some(ScriptProblem::Parse {
                column,
                message,
                ko,
            }),
            Err(e) => Some(ScriptProblem::Other {
                en: e.message(Lang::En),
                ko: e.message(Lang::Ko),
            }),
            Ok(cmd) => {
                let known = |h: &String| scenario.hosts.iter().any(|s| s.name == *h);
                // A script may spawn hosts of its own; only a scenario without any is sure.
                let spawns = scenario.steps.iter().any(|s| s.run.contains("spawn"));
                cmd.host
                    .filter(|h| !known(h) && !spawns)
                    .map(ScriptProblem::NoHost)
            }
        }
    }

    /// This line's problem in the user's language.
    pub fn problem_text(&self, scenario: &Scenario, lang: Lang) -> Option<String> {
        self.problem(scenario).map(|p| script_problem(lang, &p))
    }
}

/// A time as the editor shows it: whole milliseconds, or with the microseconds a share
/// link may carry.
fn ms_text(at: Instant) -> String {
    let us = at.micros();
    if us % 1000 == 0 {
        (us / 1000).to_string()
    } else {
        format!("{}.{:03}", us / 1000, us % 1000)
    }
}

/// The scenario the edited lines make: the loaded one with these steps. A line keeps the
/// words of the step it came from; its expected result only while its text is unchanged
/// (an edited call may rightly return something else).
pub fn edited(scenario: &Scenario, lines: &[ScriptLine]) -> Result<Scenario, Vec<usize>> {
    let bad: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].problem(scenario).is_some())
        .collect();
    if !bad.is_empty() {
        return Err(bad);
    }
    let steps = lines
        .iter()
        .map(|l| {
            let us = l.micros().unwrap_or_default();
            let run = l.run.trim().to_string();
            let old = l.from.and_then(|i| scenario.steps.get(i));
            let mut step = Step::new(Instant(us), run.clone());
            if let Some(old) = old {
                step.say = old.say.clone();
                step.expect = old.expect.clone().filter(|_| old.run.trim() == run);
            }
            step
        })
        .collect();
    Ok(Scenario {
        steps,
        position_us: None,
        ..scenario.clone()
    })
}

impl Playground {
    /// Runs a lesson action (see [`LessonAction`]).
    pub(super) fn lesson_action(&mut self, action: LessonAction) {
        match action {
            LessonAction::Continue => {
                let judged = self
                    .lesson
                    .question
                    .as_ref()
                    .is_some_and(|q| q.outcome.is_some());
                if judged {
                    let held = self.lesson.held.is_some();
                    let _ = self.session.get_mut().act(Act::CloseQuestion);
                    // Words that waited for the outcome come up now: read them first.
                    self.playing = !held;
                } else {
                    self.playing = true;
                }
            }
            LessonAction::Restart => {
                let scenario = (*self.scenario).clone();
                self.load(&scenario);
            }
            LessonAction::RunScript(lines) => match edited(&self.scenario, &lines) {
                Ok(scenario) => self.load(&scenario),
                Err(bad) => {
                    let lines: Vec<String> = bad.iter().map(|i| (i + 1).to_string()).collect();
                    self.notice = Some(format!(
                        "{} {}",
                        crate::i18n::t(self.lang, crate::i18n::Key::ScriptHasProblems),
                        lines.join(", ")
                    ));
                }
            },
        }
    }
}

#[cfg(test)]
mod tests;
