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

use crate::host::HostError;
use crate::lang::Lang;
use crate::network::{FaultAction, PacketFilter, PathSettings};
use crate::teach::command::{Command, CommandError};
use crate::teach::lesson::{Lesson, Text};
use crate::teach::script::{ArmedFault, Cue, Script};
use crate::time::{Duration, Instant};
use crate::wire::{IpProtocol, TcpFlags};
use crate::world::{Config, World};
use serde::{Deserialize, Serialize};
use std::fmt;

pub mod budget;
mod error_text;
pub use budget::Work;

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

/// Why a scenario could not be loaded or run. Each names where the problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScenarioError {
    Json(String),
    Version(u32),
    Host {
        index: u32,
        error: HostError,
    },
    UnknownHost {
        what: String,
        name: String,
    },
    BadSetting {
        what: String,
        message: String,
    },
    Step {
        index: u32,
        line: String,
        error: CommandError,
    },
    TooLong {
        what: &'static str,
        limit: u64,
    },
    /// More work than a browser tab can hold (see [`budget`]).
    TooMuchWork {
        what: &'static str,
        asked: u64,
        limit: u64,
    },
    /// The file or link text itself is too big to read.
    TooBig {
        len: u64,
        limit: u64,
    },
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScenarioError::Json(e) => write!(f, "not a valid scenario: {e}"),
            ScenarioError::Version(v) => write!(
                f,
                "scenario version {v} is not supported (this build reads version {VERSION})"
            ),
            ScenarioError::Host { index, error } => write!(f, "host {}: {error}", index + 1),
            ScenarioError::UnknownHost { what, name } => {
                write!(f, "{what}: there is no host named {name}")
            }
            ScenarioError::BadSetting { what, message } => write!(f, "{what}: {message}"),
            ScenarioError::Step { index, line, error } => {
                write!(f, "step {} ({line}): {error}", index + 1)
            }
            ScenarioError::TooLong { what, limit } => {
                write!(f, "too many {what} (the limit is {limit})")
            }
            ScenarioError::TooMuchWork { what, asked, limit } => {
                f.write_str(&error_text::too_much(what, *asked, *limit, Lang::En))
            }
            ScenarioError::TooBig { len, limit } => write!(
                f,
                "the scenario is {len} bytes long; a scenario has at most {limit}"
            ),
        }
    }
}

impl std::error::Error for ScenarioError {}

/// Limits that keep a hostile or mistaken scenario (a share link, say) from freezing the
/// page: a learner's scenario is far below all of them.
pub const MAX_HOSTS: u64 = 64;
pub const MAX_STEPS: u64 = 10_000;
pub const MAX_FAULTS: u64 = 1_000;
pub const MAX_TIME_MS: u64 = 24 * 3_600 * 1_000;
/// The most JSON text a scenario may have (a file, or what a share link unpacks to).
pub const MAX_JSON_BYTES: u64 = 1 << 20;

fn flags(what: &str, text: &Option<String>) -> Result<Option<TcpFlags>, ScenarioError> {
    let Some(text) = text else { return Ok(None) };
    let mut f = TcpFlags::NONE;
    for part in text.split([',', '|', '+', ' ']).filter(|p| !p.is_empty()) {
        f.insert(match part.to_ascii_uppercase().as_str() {
            "SYN" => TcpFlags::SYN,
            "ACK" => TcpFlags::ACK,
            "FIN" => TcpFlags::FIN,
            "RST" => TcpFlags::RST,
            "PSH" => TcpFlags::PSH,
            "URG" => TcpFlags::URG,
            other => {
                return Err(ScenarioError::BadSetting {
                    what: what.into(),
                    message: format!("unknown TCP flag {other}"),
                })
            }
        });
    }
    Ok(Some(f))
}

impl Scenario {
    /// No hosts and nothing to do: where a broken share link leaves the playground.
    pub fn empty() -> Scenario {
        Scenario {
            version: VERSION,
            title: None,
            seed: 1,
            hosts: Vec::new(),
            paths: Vec::new(),
            faults: Vec::new(),
            steps: Vec::new(),
            until_ms: 0,
            msl_ms: None,
            delayed_ack: None,
            mss: None,
            recv_buffer: None,
            send_buffer: None,
            lesson: None,
            position_us: None,
        }
    }

    /// Two hosts on one segment, A and B: the playground's first page.
    pub fn two_hosts() -> Scenario {
        let host = |name: &str, addr: &str| HostSpec {
            name: name.into(),
            addr: addr.into(),
            x: None,
            y: None,
        };
        Scenario {
            hosts: vec![host("A", "10.0.0.1"), host("B", "10.0.0.2")],
            ..Scenario::empty()
        }
    }

    /// Reads a scenario from JSON, checking the version and the limits.
    /// A UTF-8 byte order mark, which some editors write, is skipped.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.len() as u64 > MAX_JSON_BYTES {
            return Err(ScenarioError::TooBig {
                len: text.len() as u64,
                limit: MAX_JSON_BYTES,
            });
        }
        let s: Scenario =
            serde_json::from_str(text).map_err(|e| ScenarioError::Json(e.to_string()))?;
        s.check()?;
        Ok(s)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    fn check(&self) -> Result<(), ScenarioError> {
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
    fn latest_ms(&self) -> u64 {
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

    /// Builds the world at time zero: hosts, paths; faults and steps come as time runs.
    pub fn build(&self) -> Result<(World, Script), ScenarioError> {
        self.check()?;
        let mut config = Config {
            seed: self.seed,
            ..Config::default()
        };
        // A heavy run keeps only the newest events and no capture, so the tab holds it.
        if self.work().bounded() {
            config.log_limit = Some(budget::BOUNDED_LOG_EVENTS);
            config.capture = false;
        }
        if let Some(msl) = self.msl_ms {
            config.tcp.msl = Duration::from_millis(msl.min(MAX_TIME_MS));
        }
        if let Some(d) = self.delayed_ack {
            config.tcp.delayed_ack = d;
        }
        let sized = |what: &str, v: u32, min: u32, max: u32| {
            if (min..=max).contains(&v) {
                Ok(v)
            } else {
                Err(ScenarioError::BadSetting {
                    what: what.into(),
                    message: format!("{v} is not from {min} to {max}"),
                })
            }
        };
        if let Some(m) = self.mss {
            config.tcp.mss = sized("mss", m.into(), 64, 9_000)? as u16;
        }
        if let Some(b) = self.recv_buffer {
            config.tcp.recv_buffer = sized("recv_buffer", b, 1, 1 << 24)?;
        }
        if let Some(b) = self.send_buffer {
            config.tcp.send_buffer = sized("send_buffer", b, 1, 1 << 24)?;
        }
        let mut world = World::new(config);
        for (i, h) in self.hosts.iter().enumerate() {
            world
                .spawn_host_str(&h.name, &h.addr)
                .map_err(|error| ScenarioError::Host {
                    index: i as u32,
                    error,
                })?;
        }
        let host = |world: &World, what: &str, name: &str| {
            world
                .host_by_name(name)
                .map(|h| h.id)
                .ok_or_else(|| ScenarioError::UnknownHost {
                    what: what.into(),
                    name: name.into(),
                })
        };
        for (i, p) in self.paths.iter().enumerate() {
            let what = format!("path {}", i + 1);
            let (a, b) = (host(&world, &what, &p.from)?, host(&world, &what, &p.to)?);
            let s = p.settings().map_err(|message| ScenarioError::BadSetting {
                what: what.clone(),
                message,
            })?;
            let set = if p.both {
                World::set_link
            } else {
                World::set_path
            };
            set(&mut world, a, b, s).map_err(|error| ScenarioError::Host {
                index: i as u32,
                error,
            })?;
        }
        let mut cues = Vec::new();
        let mut commands = Vec::with_capacity(self.steps.len());
        for (i, st) in self.steps.iter().enumerate() {
            let cmd: Command = st.run.parse().map_err(|error| ScenarioError::Step {
                index: i as u32,
                line: st.run.clone(),
                error,
            })?;
            commands.push(cmd);
            cues.push((st.at(), Cue::Step(i as u32)));
        }
        // Faults are parsed now so a bad one fails the load, not the middle of a run.
        let mut faults = Vec::with_capacity(self.faults.len());
        for (i, f) in self.faults.iter().enumerate() {
            let (filter, action) = self.fault_parts(&world, i, f)?;
            faults.push(ArmedFault {
                filter,
                nth: f.nth,
                action,
            });
            cues.push((Instant(f.at_ms * 1000), Cue::Fault(i as u32)));
        }
        if let Some(lesson) = &self.lesson {
            for (i, p) in lesson.predict.iter().enumerate() {
                cues.push((Instant(p.at_ms * 1000), Cue::Ask(i as u32)));
            }
            for (i, c) in lesson.checks.iter().enumerate() {
                cues.push((Instant(c.at_ms * 1000), Cue::Check(i as u32)));
            }
        }
        Ok((world, Script::new(cues, commands, faults)))
    }

    /// Where the hosts are drawn, for those the scenario places.
    pub fn layout(&self) -> Vec<(String, (i32, i32))> {
        self.hosts
            .iter()
            .filter_map(|h| Some((h.name.clone(), (h.x?, h.y?))))
            .collect()
    }

    fn fault_parts(
        &self,
        world: &World,
        i: usize,
        f: &FaultSpec,
    ) -> Result<(PacketFilter, FaultAction), ScenarioError> {
        let what = format!("fault {}", i + 1);
        let host = |name: &Option<String>| -> Result<_, ScenarioError> {
            name.as_ref()
                .map(|n| {
                    world
                        .host_by_name(n)
                        .map(|h| h.id)
                        .ok_or_else(|| ScenarioError::UnknownHost {
                            what: what.clone(),
                            name: n.clone(),
                        })
                })
                .transpose()
        };
        let protocol = match f
            .protocol
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None => None,
            Some("tcp") => Some(IpProtocol::Tcp),
            Some("udp") => Some(IpProtocol::Udp),
            Some("icmp") => Some(IpProtocol::Icmp),
            Some(p) => {
                return Err(ScenarioError::BadSetting {
                    what,
                    message: format!("unknown protocol {p}"),
                })
            }
        };
        let filter = PacketFilter {
            src: host(&f.from)?,
            dst: host(&f.to)?,
            protocol,
            flags_set: flags(&what, &f.flags)?,
            flags_clear: flags(&what, &f.without_flags)?,
        };
        let action = match f.action.as_str() {
            "drop" => FaultAction::Drop,
            "duplicate" => FaultAction::Duplicate,
            "hold" => FaultAction::Hold,
            a => match a.strip_prefix("delay:").and_then(|m| m.parse::<u64>().ok()) {
                Some(m) => FaultAction::Delay(Duration::from_millis(m.min(MAX_TIME_MS))),
                None => {
                    return Err(ScenarioError::BadSetting {
                        what,
                        message: format!(
                            "unknown action {a}: use drop, duplicate, hold or delay:<ms>"
                        ),
                    })
                }
            },
        };
        Ok((filter, action))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tcp::State;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const HANDSHAKE: &str = r#"{
        "version": 1, "seed": 7,
        "hosts": [ { "name": "A", "addr": "10.0.0.1" }, { "name": "B", "addr": "10.0.0.2" } ],
        "paths": [ { "from": "A", "to": "B", "both": true, "delay_ms": 20 } ],
        "faults": [ { "from": "A", "to": "B", "flags": "SYN,ACK", "action": "drop" } ],
        "steps": [
            { "at_ms": 0, "run": "A: s = socket(tcp)" },
            { "at_ms": 0, "run": "A: bind(s, 10.0.0.1:80)" },
            { "at_ms": 0, "run": "A: listen(s)" },
            { "at_ms": 10, "run": "B: c = socket(tcp)", "say": { "en": "a client", "ko": "클라이언트" } },
            { "at_ms": 10, "run": "B: connect(c, 10.0.0.1:80)" },
            { "at_ms": 3000, "run": "A: t = accept(s)" },
            { "at_ms": 3000, "run": "A: recv(t)" }
        ],
        "until_ms": 100
    }"#;

    #[test]
    fn a_scenario_replays_identically() {
        let s = Scenario::from_json(HANDSHAKE).unwrap();
        let (a, b) = (s.run().unwrap(), s.run().unwrap());
        assert_eq!(a.world.log().digest(), b.world.log().digest());
        assert_eq!(a.results, b.results);
        assert_eq!(a.results[6], Err(crate::Errno::WouldBlock.to_string()));
        let c = a.console.vars[&(crate::HostId(1), "c".into())];
        assert_eq!(a.world.tcb(c).map(|t| t.state()), Some(State::Established));
        let json = s.to_json();
        assert_eq!(Scenario::from_json(&json).unwrap(), s, "JSON round trip");
    }

    #[test]
    fn steps_run_in_time_order_whatever_the_file_order() {
        let text = r#"{"version": 1, "seed": 1, "hosts": [{"name": "A", "addr": "10.0.0.1"}],
            "steps": [{"at_ms": 50, "run": "A: getsockname(u)"}, {"at_ms": 0, "run": "A: u = socket(udp)"},
                      {"at_ms": 0, "run": "A: bind(u, *:53)"}]}"#;
        let run = Scenario::from_json(text).unwrap().run().unwrap();
        // Results come in file order; getsockname could only succeed after the others.
        assert_eq!(
            run.results,
            vec![
                Ok("0.0.0.0:53".to_string()),
                Ok("socket #0".into()),
                Ok("ok".into())
            ]
        );
    }

    #[test]
    fn bad_scenarios_name_the_problem() {
        let err = |t: &str| Scenario::from_json(t).unwrap_err().to_string();
        assert!(err("{").contains("not a valid scenario"));
        assert!(err(r#"{"version": 9, "seed": 1, "hosts": []}"#).contains("version 9"));
        let bad_host =
            r#"{"version": 1, "seed": 1, "hosts": [{"name": "A", "addr": "10.0.0.256"}]}"#;
        assert!(Scenario::from_json(bad_host)
            .unwrap()
            .build()
            .unwrap_err()
            .to_string()
            .contains("host 1"));
        let bad_step = r#"{"version": 1, "seed": 1, "hosts": [], "steps": [{"at_ms": 0, "run": "A: frob()"}]}"#;
        assert!(Scenario::from_json(bad_step)
            .unwrap()
            .build()
            .unwrap_err()
            .to_string()
            .starts_with("step 1"));
        let bad_loss = r#"{"version": 1, "seed": 1, "hosts": [{"name": "A", "addr": "10.0.0.1"}],
            "paths": [{"from": "A", "to": "A", "loss_pct": 140}]}"#;
        assert!(Scenario::from_json(bad_loss)
            .unwrap()
            .build()
            .unwrap_err()
            .to_string()
            .contains("percentage"));
        let unknown_field = r#"{"version": 1, "seed": 1, "hosts": [], "stepz": []}"#;
        assert!(err(unknown_field).contains("unknown field"));
        let long = format!(
            r#"{{"version": 1, "seed": 1, "hosts": [], "until_ms": {}}}"#,
            MAX_TIME_MS + 1
        );
        assert!(err(&long).contains("too many"));
    }
}
