//! The limits a scenario file is checked against when it is read.

use super::{Scenario, ScenarioError, VERSION};

/// Limits that keep a hostile or mistaken scenario (a share link, say) from freezing the
/// page: a learner's scenario is far below all of them.
pub const MAX_HOSTS: u64 = 64;
pub const MAX_STEPS: u64 = 10_000;
pub const MAX_FAULTS: u64 = 1_000;
pub const MAX_TIME_MS: u64 = 24 * 3_600 * 1_000;
/// The most JSON text a scenario may have (a file, or what a share link unpacks to).
pub const MAX_JSON_BYTES: u64 = 1 << 20;

impl Scenario {
    pub(super) fn check(&self) -> Result<(), ScenarioError> {
        if self.version != VERSION {
            return Err(ScenarioError::Version(self.version));
        }
        if self.hosts.len() as u64 > MAX_HOSTS {
            return Err(ScenarioError::TooLong {
                what: "hosts",
                limit: MAX_HOSTS,
            });
        }
        if self.steps.len() as u64 > MAX_STEPS {
            return Err(ScenarioError::TooLong {
                what: "steps",
                limit: MAX_STEPS,
            });
        }
        if self.faults.len() as u64 > MAX_FAULTS {
            return Err(ScenarioError::TooLong {
                what: "faults",
                limit: MAX_FAULTS,
            });
        }
        if let Some(l) = &self.lesson {
            if (l.checks.len() + l.predict.len()) as u64 > MAX_STEPS {
                return Err(ScenarioError::TooLong {
                    what: "checks and predictions",
                    limit: MAX_STEPS,
                });
            }
        }
        if self.latest_ms() > MAX_TIME_MS {
            return Err(ScenarioError::TooLong {
                what: "milliseconds of virtual time",
                limit: MAX_TIME_MS,
            });
        }
        self.check_exact()?;
        self.work().check()
    }

    /// The latest moment anything in the scenario names, in milliseconds.
    pub(super) fn latest_ms(&self) -> u64 {
        let lesson_times = self.lesson.iter().flat_map(|l| {
            l.checks
                .iter()
                .map(|c| c.at_ms)
                .chain(l.predict.iter().map(|p| p.at_ms))
        });
        self.steps
            .iter()
            // `at_ms` counts even when `at_us` overrides it: both are in the file.
            .flat_map(|s| [s.at().micros() / 1000, s.at_ms])
            .chain(self.faults.iter().map(|f| f.at_ms))
            .chain(lesson_times)
            .chain(self.position_us.map(|p| p / 1000))
            .chain([self.until_ms])
            .max()
            .unwrap_or(0)
    }
}
