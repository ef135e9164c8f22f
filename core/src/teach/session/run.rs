//! A whole scenario run at once, as the command-line runner and the tests run it: the same
//! [`Session`] loop the page plays, straight through, then the lesson's predictions judged.

use super::{Pace, Session, Stop};
use crate::teach::command::Console;
use crate::teach::scenario::{Scenario, ScenarioError};
use crate::time::{Duration, Instant};
use crate::world::World;

impl Scenario {
    /// Runs the whole scenario through a [`Session`] (the loop the page plays too). A call
    /// that fails with an errno is part of the lesson (it is in the log); a line that
    /// cannot run at all (unknown host or variable) stops the run with an error.
    pub fn run(&self) -> Result<Run, ScenarioError> {
        let mut session = Session::new(std::rc::Rc::new(self.clone()))?;
        session.set_pace(Pace::Straight);
        session.halt_on_error(true);
        session.keep_lines(false);
        let end = session.script().last_at().max(Instant(
            self.steps
                .iter()
                .map(|s| s.at().micros())
                .max()
                .unwrap_or(0),
        )) + Duration::from_millis(self.until_ms);
        if let Stop::Error(i) = session.advance_to(end) {
            let line = session
                .script()
                .command(i)
                .map(ToString::to_string)
                .unwrap_or_default();
            if let Some((_, error)) = session.error() {
                return Err(ScenarioError::Step {
                    index: i,
                    line,
                    error: error.clone(),
                });
            }
        }
        let mut results = vec![Ok(String::new()); self.steps.len()];
        for (i, result) in session.ran() {
            results[*i as usize] = result.clone();
        }
        let mut failures = session.failures().to_vec();
        let (world, console) = (session.world(), session.console());
        // A prediction's outcome is the first matching event after it was asked.
        let mut outcomes = vec![None; session.asked().len()];
        for &(i, since) in session.asked() {
            let Some(p) = self.lesson.as_ref().and_then(|l| l.predict.get(i as usize)) else {
                continue;
            };
            let outcome = p.outcome(world, console, since);
            match &outcome {
                Some(o) if p.judge(&p.answer, o) => {}
                other => failures.push(format!(
                    "prediction {} at {} ms: the lesson says {}, the run gives {}",
                    i + 1,
                    p.at_ms,
                    p.answer,
                    other.as_deref().unwrap_or("nothing")
                )),
            }
            outcomes[i as usize] = outcome;
        }
        let (world, console) = session.into_parts();
        Ok(Run {
            world,
            console,
            results,
            failures,
            outcomes,
        })
    }
}

/// A finished run: the world at its end, the console's variables, each step's result.
#[derive(Debug, Clone)]
pub struct Run {
    pub world: World,
    pub console: Console,
    /// Each step's result, in file order.
    pub results: Vec<Result<String, String>>,
    /// Every step whose result, check whose world, or prediction whose outcome was not
    /// what the scenario says; empty for a lesson that works.
    pub failures: Vec<String>,
    /// Each prediction's outcome in the run.
    pub outcomes: Vec<Option<String>>,
}
