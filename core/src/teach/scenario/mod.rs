//! Scenarios: a whole run as data (seed, hosts, paths, timed socket calls, scripted
//! faults) that replays identically. The unit of lessons, share links, embeds and tests.
//!
//! Commands are console lines (see [`crate::teach::command`]), so a scenario file reads like the
//! course notes and a teacher can write one by hand:
//!
//! ```json
//! { "version": 1, "seed": 7,
//!   "hosts": [ { "name": "A", "addr": "10.0.0.1" }, { "name": "B", "addr": "10.0.0.2" } ],
//!   "steps": [ { "at_ms": 0, "run": "A: s = socket(tcp)" },
//!              { "at_ms": 0, "run": "A: bind(s, 10.0.0.1:80)" } ],
//!   "until_ms": 5000 }
//! ```

use crate::network::PathSettings;
use crate::teach::lesson::{Lesson, Text};
use crate::time::Instant;
use serde::{Deserialize, Serialize};

pub mod budget;
mod build;
mod error;
mod error_text;
mod file;
mod limits;
pub use budget::Work;
pub use error::ScenarioError;
pub use limits::{MAX_FAULTS, MAX_HOSTS, MAX_JSON_BYTES, MAX_STEPS, MAX_TIME_MS};

/// The format version this build reads and writes.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostSpec {
    pub name: String,
    pub addr: String,
    /// Where the playground draws the host (0..1000 × 0..600); automatic if unset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<i32>,
    /// The stack the host imitates: "rfc" (the default), "linux" or "freebsd"
    /// (`tcp::profile`), as the console's `profile(A, linux)`.
    #[serde(default, skip_serializing_if = "crate::tcp::StackProfile::is_rfc")]
    pub profile: crate::tcp::StackProfile,
}

/// Path settings in the units people think in: milliseconds and percent. Each field is a
/// key of [`crate::network::PATH_KEYS`], read by the same code as the console's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PathSpec {
    pub from: String,
    pub to: String,
    /// Both directions when true.
    #[serde(default)]
    pub both: bool,
    #[serde(default)]
    pub delay_ms: Option<f64>,
    #[serde(default)]
    pub jitter_ms: Option<f64>,
    /// How long a reordered packet is held back (the console's `reorder_by`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reorder_by_ms: Option<f64>,
    #[serde(default)]
    pub loss_pct: Option<f64>,
    #[serde(default)]
    pub duplicate_pct: Option<f64>,
    #[serde(default)]
    pub reorder_pct: Option<f64>,
    #[serde(default)]
    pub corrupt_pct: Option<f64>,
}

/// A scripted fault: "drop the 1st SYN,ACK from B to A".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultSpec {
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub to: Option<String>,
    /// "tcp", "udp" or "icmp".
    #[serde(default)]
    pub protocol: Option<String>,
    /// TCP flags that must be set, like "SYN,ACK".
    #[serde(default)]
    pub flags: Option<String>,
    /// TCP flags that must be clear, like "ACK" (to pick a bare SYN).
    #[serde(default)]
    pub without_flags: Option<String>,
    #[serde(default = "one")]
    pub nth: u32,
    /// "drop", "duplicate", "hold", or "delay:<ms>".
    pub action: String,
    /// When the fault is armed (it counts packets from then on).
    #[serde(default)]
    pub at_ms: u64,
}

impl PathSpec {
    /// The settings, read by the console's table of keys.
    pub fn settings(&self) -> Result<PathSettings, String> {
        let mut s = PathSettings::default();
        for (key, v) in [
            ("delay", self.delay_ms),
            ("jitter", self.jitter_ms),
            ("reorder_by", self.reorder_by_ms),
            ("loss", self.loss_pct),
            ("duplicate", self.duplicate_pct),
            ("reorder", self.reorder_pct),
            ("corrupt", self.corrupt_pct),
        ] {
            if let Some(v) = v {
                s.set_number(key, v)?;
            }
        }
        Ok(s)
    }
}

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub at_ms: u64,
    /// The exact time in microseconds, when a millisecond is too coarse (a share link
    /// records a click at the microsecond it happened); overrides `at_ms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_us: Option<u64>,
    pub run: String,
    /// Lesson text shown when the step runs, by language code ("en", "ko"). A guided
    /// lesson pauses after each step that has some.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub say: Text,
    /// What the call must return (the start of its result, or an errno name such as
    /// "EADDRINUSE"); the lesson tests check it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect: Option<String>,
}

impl Step {
    /// A step at a time, running a line.
    pub fn new(at: Instant, run: impl Into<String>) -> Step {
        Step {
            at_ms: at.micros() / 1000,
            at_us: (at.micros() % 1000 != 0).then_some(at.micros()),
            run: run.into(),
            say: Text::new(),
            expect: None,
        }
    }

    pub fn at(&self) -> Instant {
        Instant(self.at_us.unwrap_or(self.at_ms.saturating_mul(1000)))
    }

    /// Whether a result (`Ok` value text or `Err` errno text) is what `expect` says.
    pub fn expected(&self, result: &Result<String, String>) -> bool {
        let text = match result {
            Ok(v) | Err(v) => v,
        };
        self.expect
            .as_deref()
            .is_none_or(|want| text.starts_with(want))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub version: u32,
    #[serde(default)]
    pub title: Option<String>,
    pub seed: u64,
    pub hosts: Vec<HostSpec>,
    #[serde(default)]
    pub paths: Vec<PathSpec>,
    #[serde(default)]
    pub faults: Vec<FaultSpec>,
    #[serde(default)]
    pub steps: Vec<Step>,
    /// Run the world until this time after the last step.
    #[serde(default)]
    pub until_ms: u64,
    /// TCP's maximum segment lifetime, if not the playground's 2 s.
    #[serde(default)]
    pub msl_ms: Option<u64>,
    /// RFC 1122 delayed ACKs (default on).
    #[serde(default)]
    pub delayed_ack: Option<bool>,
    /// TCP's maximum segment size, if not 1460 (a small one shows segmentation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mss: Option<u16>,
    /// Every TCP socket's receive buffer in bytes, if not 65,535 (a small one shows
    /// flow control and the zero window).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recv_buffer: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_buffer: Option<u32>,
    /// The words, checks and questions that make the scenario a guided lesson.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<Lesson>,
    /// Where the playground stands in the run, in virtual microseconds (share links
    /// reopen there, paused).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position_us: Option<u64>,
}

#[cfg(test)]
mod tests;
