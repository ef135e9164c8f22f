//! Why a scenario could not be loaded or run, in English (`error_text` adds Korean).

use super::{error_text, VERSION};
use crate::host::HostError;
use crate::lang::Lang;
use crate::teach::command::CommandError;
use std::fmt;

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
