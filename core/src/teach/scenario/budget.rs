//! The work a scenario asks for, estimated before it runs.
//!
//! Size limits alone do not protect the page: a 41 KB share link of 10,000
//! `send(c, 1048576)` steps asks for gigabytes of transfer, and a 1.4 KB link can carry a
//! megabyte-long console line. So a scenario is weighed up front (steps, bytes to send,
//! checks, predictions, virtual time). What a browser tab cannot hold at all is refused
//! with a message that says which part is too much; a run that is heavy but can be held
//! runs with a bounded log and no packet capture (see [`crate::world::Config::log_limit`]
//! and `capture`), and [`Work::bounded`] says so, for the page to tell the learner.

use super::{Scenario, ScenarioError};
use crate::lang::Lang;
use crate::socket::udp::MAX_UDP_PAYLOAD;
use crate::tcp::TcpConfig;
use crate::teach::command::{Command, Op};

/// Up to this many bytes sent, the run keeps every event and every packet.
pub const FULL_RECORD_BYTES: u64 = 16 << 20;
/// The most bytes a scenario may ask to send in all: past this, even a bounded run keeps
/// a tab busy for minutes.
pub const MAX_SEND_BYTES: u64 = 256 << 20;
/// The events a heavy run keeps (the newest; counts and digest still cover the whole run).
pub const BOUNDED_LOG_EVENTS: u64 = 200_000;
/// The most predictions: each one reads the log from its moment to its outcome.
pub const MAX_PREDICTIONS: u64 = 200;
/// The largest whole number a web page's JSON (an IEEE double) keeps exact: 2^53 − 1.
/// A larger seed or count would come back changed from the page.
pub const MAX_EXACT: u64 = (1 << 53) - 1;

/// What a scenario asks the simulator to do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Work {
    pub steps: u64,
    /// Bytes the steps ask to send, each send counted up to what one call can take (a
    /// socket's send buffer, or a whole datagram).
    pub send_bytes: u64,
    pub checks: u64,
    pub predictions: u64,
    /// The virtual time the run covers, in milliseconds.
    pub virtual_ms: u64,
}

impl Work {
    /// Whether the run must keep a bounded log and no capture to fit in a tab.
    pub fn bounded(&self) -> bool {
        self.send_bytes > FULL_RECORD_BYTES
    }

    /// What to tell the user about a bounded run, in `lang`; `None` for a run that keeps
    /// everything.
    pub fn notice(&self, lang: Lang) -> Option<String> {
        let n = self.send_bytes;
        self.bounded().then(|| match lang {
            Lang::En => format!(
                "this run sends {n} bytes: to fit in the page it keeps only the newest {BOUNDED_LOG_EVENTS} events and captures no packets"
            ),
            Lang::Ko => format!(
                "이 실행은 {n}바이트를 보내므로, 페이지에 담기도록 최근 사건 {BOUNDED_LOG_EVENTS}개만 남기고 패킷은 캡처하지 않습니다"
            ),
        })
    }

    /// The first limit the work goes past, as the error that says so.
    pub fn check(&self) -> Result<(), ScenarioError> {
        let over = |what: &'static str, asked: u64, limit: u64| {
            (asked > limit).then_some(ScenarioError::TooMuchWork { what, asked, limit })
        };
        match over("bytes to send", self.send_bytes, MAX_SEND_BYTES)
            .or_else(|| over("predictions", self.predictions, MAX_PREDICTIONS))
        {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

/// The bytes one call can hand to the network at once.
fn per_call(s: &Scenario) -> u64 {
    let buffer = s.send_buffer.unwrap_or(TcpConfig::default().send_buffer);
    u64::from(buffer.max(MAX_UDP_PAYLOAD))
}

impl Scenario {
    /// Weighs the scenario. Lines that do not parse count for nothing here: loading the
    /// scenario reports them.
    pub fn work(&self) -> Work {
        let cap = per_call(self);
        let send_bytes = self
            .steps
            .iter()
            .filter_map(|st| st.run.parse::<Command>().ok())
            .map(|c| match c.op {
                Op::Send { data, .. } | Op::SendTo { data, .. } => data.len() as u64,
                Op::SendN { len, .. } => u64::from(len),
                _ => 0,
            })
            .map(|n| n.min(cap))
            .sum();
        let (checks, predictions) = self
            .lesson
            .as_ref()
            .map_or((0, 0), |l| (l.checks.len() as u64, l.predict.len() as u64));
        Work {
            steps: self.steps.len() as u64,
            send_bytes,
            checks,
            predictions,
            virtual_ms: self.latest_ms(),
        }
    }

    /// Every whole number a page would read back changed is refused, not rounded.
    pub(super) fn check_exact(&self) -> Result<(), ScenarioError> {
        let counts = self.lesson.iter().flat_map(|l| {
            l.checks
                .iter()
                .flat_map(|c| [("at_least", c.at_least), ("at_most", c.at_most)])
        });
        let fields = [("seed", Some(self.seed)), ("msl_ms", self.msl_ms)]
            .into_iter()
            .chain(self.steps.iter().map(|s| ("at_ms", Some(s.at_ms))))
            .chain(counts);
        for (what, v) in fields {
            if let Some(v) = v.filter(|v| *v > MAX_EXACT) {
                return Err(ScenarioError::BadSetting {
                    what: what.into(),
                    message: format!(
                        "{v} is larger than {MAX_EXACT}, the largest whole number a web page keeps exact"
                    ),
                });
            }
        }
        Ok(())
    }
}
