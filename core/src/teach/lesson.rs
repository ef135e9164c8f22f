//! Guided lessons: a scenario with words around it (a title, an introduction, the text
//! of each step), checks that say what the run must show, and predictions that stop and
//! ask the learner what comes next.
//!
//! The answers are never trusted as written: a prediction's outcome is read from the run
//! itself (the next state the socket enters, the next segment it sends), so a learner who
//! changes the lesson gets feedback about *their* run, and the lesson tests prove that the
//! written answer is what the simulation really does.

use crate::ids::SocketId;
use crate::log::EventKind;
use crate::tcp::TcpNote;
use crate::teach::command::Console;
use crate::world::World;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Words in each language, by code: `{"en": "…", "ko": "…"}`.
pub type Text = BTreeMap<String, String>;

/// The languages every lesson is written in.
pub const LANGS: [&str; 2] = ["en", "ko"];

/// The text in `lang`, else English, else any.
pub fn pick<'a>(text: &'a Text, lang: &str) -> Option<&'a str> {
    text.get(lang)
        .or_else(|| text.get("en"))
        .or_else(|| text.values().next())
        .map(String::as_str)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// A short stable name, like "e-handshake", for links and the lesson menu.
    pub id: String,
    pub title: Text,
    #[serde(default)]
    pub intro: Text,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub predict: Vec<Predict>,
}

/// Something the run must show at a moment: a socket's state, or how often an event
/// happened so far. Checked by the lesson tests, natively and in the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub at_ms: u64,
    /// A console variable, written `HOST: var` (like `B: c`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub socket: Option<String>,
    /// The state the socket must be in: an RFC 9293 name ("ESTABLISHED"), "CLOSED" for a
    /// connection that is gone, or "bound"/"connected" for UDP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// An event name (see [`event_name`]) to count, from the start up to `at_ms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_least: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_most: Option<u64>,
}

/// What a prediction asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ask {
    /// The next state the socket enters.
    NextState,
    /// The sequence number of the next segment the socket sends, relative to its ISS
    /// (as Wireshark shows it).
    NextSeq,
    /// The acknowledgment number of the next segment the socket sends, relative to the
    /// peer's ISN (IRS).
    NextAck,
    /// The window field of the next segment the socket sends, as the header carries it
    /// (unscaled: what window scaling multiplies).
    NextWindow,
    /// What the next frame a node sends carries: "ARP", "TCP", "UDP" or "ICMP". The
    /// prediction's `socket` names the node alone ("A").
    NextFrame,
    /// Why the next packet dropped anywhere was dropped, by [`DropReason::short_name`]
    /// ("queue-full", "ttl-expired", "arp-unresolved"). `socket` names any node.
    NextDrop,
    /// The node that sends the next ICMP error anywhere ("R1"). `socket` names any node.
    IcmpFrom,
    /// Of the nodes `socket` lists ("A, C"), the one whose TCP retransmits first: a race
    /// between two stacks on the same kind of loss.
    FirstRetransmission,
}

impl Ask {
    /// Asks about a node or the network rather than one socket.
    pub fn about_nodes(self) -> bool {
        matches!(
            self,
            Ask::NextFrame | Ask::NextDrop | Ask::IcmpFrom | Ask::FirstRetransmission
        )
    }
}

/// A question asked before the run reaches `at_ms` (before the steps of that moment).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Predict {
    pub at_ms: u64,
    /// `HOST: var`, the socket the question is about.
    pub socket: String,
    pub ask: Ask,
    pub question: Text,
    pub choices: Vec<String>,
    /// The choice the lesson expects; the tests check that the run agrees.
    pub answer: String,
    /// Shown with the outcome, right or wrong.
    #[serde(default)]
    pub explain: Text,
}

/// A stable name for every kind of event a check can count: [`EventKind::name`], or for
/// what a TCP connection reports, the name of its note.
pub fn event_name(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::Tcp { note } => match note {
            TcpNote::StateChanged { .. } => "state-changed",
            TcpNote::Retransmitted { .. } => "retransmitted",
            TcpNote::TimerFired { .. } => "timer-fired",
            TcpNote::DataReady { .. } => "data-ready",
            TcpNote::OutOfOrder { .. } => "out-of-order",
            TcpNote::Duplicate { .. } => "duplicate-segment",
            TcpNote::Unacceptable { .. } => "unacceptable",
            TcpNote::ChallengeAck => "challenge-ack",
            TcpNote::AckRateLimited { .. } => "ack-rate-limited",
            TcpNote::ZeroWindowProbe { .. } => "zero-window-probe",
            TcpNote::KeepAlive { .. } => "keep-alive",
            TcpNote::Error { .. } => "tcp-error",
            TcpNote::PeerClosed => "peer-closed",
            TcpNote::Congestion { .. } => "congestion",
            TcpNote::Profile { .. } => "profile",
            TcpNote::OptionsNegotiated { .. } => "options-negotiated",
            TcpNote::PawsRejected { .. } => "paws-rejected",
            TcpNote::EcnCongestionExperienced { .. } => "ecn-ce",
            TcpNote::EcnReduced { .. } => "ecn-reduced",
        },
        other => other.name(),
    }
}

/// Finds `HOST: var` in the console's variables.
pub fn socket_of(world: &World, console: &Console, text: &str) -> Option<SocketId> {
    let (host, var) = text.split_once(':')?;
    let host = world.host_by_name(host.trim())?.id;
    console.vars.get(&(host, var.trim().to_string())).copied()
}

/// A socket's state as a check names it.
pub fn state_of(world: &World, id: SocketId) -> String {
    match world.get_socket(id) {
        Some(s) => s.row().state,
        None => "CLOSED".into(),
    }
}

/// How often each event name of [`event_name`] happened, read from the log once: a run
/// with thousands of checks reads each event once in all, not once per check (the log's
/// own per-kind counts cover every kind but what TCP notes say, which are counted here).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventIndex {
    /// The number of the next event to read.
    seen: u64,
    notes: BTreeMap<&'static str, u64>,
    /// Events read so far: the index's work, which the tests bound by the log's length.
    pub examined: u64,
}

impl EventIndex {
    /// How many events named `name` happened so far. From a bounded log, TCP notes let go
    /// before the index read them are not counted.
    pub fn count(&mut self, world: &World, name: &str) -> u64 {
        let log = world.log();
        for e in log.since(self.seen) {
            self.examined += 1;
            if let EventKind::Tcp { .. } = e.kind {
                *self.notes.entry(event_name(&e.kind)).or_default() += 1;
            }
        }
        self.seen = log.len();
        // A TCP note's kind name ("tcp") is never an event name: its note names it.
        let kinds = if name == "tcp" { 0 } else { log.count(name) };
        kinds + self.notes.get(name).copied().unwrap_or(0)
    }
}

impl Check {
    /// `None` when the world passes the check, else what it shows instead.
    pub fn failure(&self, world: &World, console: &Console) -> Option<String> {
        self.failure_indexed(world, console, &mut EventIndex::default())
    }

    /// [`Check::failure`] with counts from an index kept across a run's checks.
    pub fn failure_indexed(
        &self,
        world: &World,
        console: &Console,
        index: &mut EventIndex,
    ) -> Option<String> {
        let mut problems = Vec::new();
        if let (Some(sock), Some(want)) = (&self.socket, &self.state) {
            match socket_of(world, console, sock) {
                None => problems.push(format!("there is no socket {sock}")),
                Some(id) => {
                    let got = state_of(world, id);
                    if got != *want {
                        problems.push(format!("{sock} is {got}, not {want}"));
                    }
                }
            }
        }
        if let Some(name) = &self.event {
            let n = index.count(world, name);
            if self.at_least.is_some_and(|min| n < min) || self.at_most.is_some_and(|max| n > max) {
                problems.push(format!(
                    "{name} happened {n} times, expected {}..{}",
                    self.at_least.map_or(String::new(), |v| v.to_string()),
                    self.at_most.map_or(String::new(), |v| v.to_string())
                ));
            }
        }
        (!problems.is_empty()).then(|| problems.join("; "))
    }
}

/// A connection's ISS and IRS, read from what it sent (its SYN carries the ISS; the first
/// segment it acknowledges with, SYN,ACK or ACK, carries IRS+1), so they are known even
/// after the socket is gone. A log bounded past the handshake falls back on the TCB.
fn initial_numbers(world: &World, id: SocketId) -> Option<(u32, Option<u32>)> {
    use crate::wire::TcpFlags;
    let mut iss = None;
    let mut irs = None;
    for e in world.log().events() {
        let EventKind::PacketSent { summary, .. } = &e.kind else {
            continue;
        };
        if e.socket != Some(id) {
            continue;
        }
        let flags = TcpFlags(summary.tcp_flags);
        if iss.is_none() && flags.contains(TcpFlags::SYN) {
            iss = summary.seq;
        }
        if irs.is_none() && flags.contains(TcpFlags::ACK) {
            irs = summary.ack.map(|a| a.wrapping_sub(1));
        }
        if iss.is_some() && irs.is_some() {
            break;
        }
    }
    match (iss, world.tcb(id)) {
        (Some(iss), _) => Some((iss, irs)),
        (None, Some(t)) => Some((t.iss.0, Some(t.irs.0))),
        (None, None) => None,
    }
}

impl Predict {
    /// What really happened, once it has: the answer read from the log after event
    /// number `since` (the log's length when the question was asked).
    pub fn outcome(&self, world: &World, console: &Console, since: u64) -> Option<String> {
        if self.ask.about_nodes() {
            return self.node_outcome(world, since);
        }
        let id = socket_of(world, console, &self.socket)?;
        for e in world.log().since(since) {
            if e.socket != Some(id) {
                continue;
            }
            match (&e.kind, self.ask) {
                (EventKind::StateChanged { to, .. }, Ask::NextState) => {
                    return Some(to.to_string())
                }
                (EventKind::PacketSent { summary, .. }, Ask::NextWindow) => {
                    return summary.window.map(|w| w.to_string())
                }
                (EventKind::PacketSent { summary, .. }, Ask::NextSeq | Ask::NextAck) => {
                    let (iss, irs) = initial_numbers(world, id)?;
                    let value = match self.ask {
                        Ask::NextSeq => summary.seq?.wrapping_sub(iss),
                        _ => summary.ack?.wrapping_sub(irs?),
                    };
                    return Some(value.to_string());
                }
                _ => {}
            }
        }
        None
    }

    /// The answer of a question about nodes ([`Ask::about_nodes`]).
    fn node_outcome(&self, world: &World, since: u64) -> Option<String> {
        let node = world.host_by_name(self.socket.trim()).map(|h| h.id);
        let listed: Vec<crate::ids::HostId> = self
            .socket
            .split(',')
            .filter_map(|n| world.host_by_name(n.trim()).map(|h| h.id))
            .collect();
        let name =
            |h: Option<crate::ids::HostId>| h.and_then(|h| world.host(h)).map(|h| h.name.clone());
        for e in world.log().since(since) {
            match (&e.kind, self.ask) {
                (EventKind::ArpRequest { .. } | EventKind::ArpReply { .. }, Ask::NextFrame)
                    if e.host == node =>
                {
                    return Some("ARP".into())
                }
                (EventKind::PacketSent { summary, .. }, Ask::NextFrame) if e.host == node => {
                    return Some(summary.protocol.to_string())
                }
                (EventKind::PacketDropped { reason, .. }, Ask::NextDrop) => {
                    return Some(reason.short_name().into())
                }
                (EventKind::IcmpSent { .. }, Ask::IcmpFrom) => return name(e.host),
                (
                    EventKind::Tcp {
                        note: TcpNote::Retransmitted { .. },
                    },
                    Ask::FirstRetransmission,
                ) if e.host.is_some_and(|h| listed.contains(&h)) => return name(e.host),
                _ => {}
            }
        }
        None
    }

    /// Whether the learner's choice matches what happened.
    pub fn judge(&self, choice: &str, outcome: &str) -> bool {
        choice.trim().eq_ignore_ascii_case(outcome.trim())
    }
}

/// Problems with a lesson's words: a missing language, a prediction whose written
/// answer is not one of its choices. The run's own checks come from [`Check::failure`].
pub fn text_problems<'a>(
    lesson: &Lesson,
    step_words: impl IntoIterator<Item = &'a Text>,
) -> Vec<String> {
    let mut out = Vec::new();
    let need = |out: &mut Vec<String>, what: String, text: &Text| {
        for lang in LANGS {
            if text.get(lang).is_none_or(|t| t.trim().is_empty()) {
                out.push(format!("{what} has no {lang} text"));
            }
        }
    };
    need(&mut out, "the title".into(), &lesson.title);
    need(&mut out, "the introduction".into(), &lesson.intro);
    for (i, say) in step_words.into_iter().enumerate() {
        if !say.is_empty() {
            need(&mut out, format!("step {}", i + 1), say);
        }
    }
    for (i, p) in lesson.predict.iter().enumerate() {
        need(&mut out, format!("prediction {}", i + 1), &p.question);
        need(
            &mut out,
            format!("the explanation of prediction {}", i + 1),
            &p.explain,
        );
        if !p.choices.iter().any(|c| p.judge(c, &p.answer)) {
            out.push(format!(
                "prediction {}: the answer {} is not among the choices",
                i + 1,
                p.answer
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::teach::scenario::Scenario;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// B sends 5 bytes and both sides close and go away before the run ends: the
    /// relative numbers still come out, from what the sockets sent.
    const CLOSED_BEFORE_THE_END: &str = r#"{
        "version": 1, "seed": 11, "msl_ms": 100,
        "hosts": [ { "name": "A", "addr": "10.0.0.1" }, { "name": "B", "addr": "10.0.0.2" } ],
        "steps": [
            { "at_ms": 0, "run": "A: s = socket(tcp)" }, { "at_ms": 0, "run": "A: bind(s, 10.0.0.1:80)" },
            { "at_ms": 0, "run": "A: listen(s)" }, { "at_ms": 1, "run": "B: c = socket(tcp)" },
            { "at_ms": 1, "run": "B: connect(c, 10.0.0.1:80)" }, { "at_ms": 100, "run": "A: t = accept(s)" },
            { "at_ms": 100, "run": "B: send(c, \"hello\")" }, { "at_ms": 300, "run": "A: recv(t)" },
            { "at_ms": 300, "run": "B: close(c)" }, { "at_ms": 400, "run": "A: close(t)" }
        ],
        "lesson": { "id": "t", "title": { "en": "t", "ko": "t" },
            "predict": [
                { "at_ms": 100, "socket": "B: c", "ask": "next_seq", "question": {}, "choices": ["1"], "answer": "1" },
                { "at_ms": 100, "socket": "A: s", "ask": "next_state", "question": {}, "choices": ["x"], "answer": "x" },
                { "at_ms": 101, "socket": "A: t", "ask": "next_ack", "question": {}, "choices": ["6"], "answer": "6" }
            ] },
        "until_ms": 2000
    }"#;

    #[test]
    fn seq_and_ack_outcomes_survive_the_socket() {
        let run = Scenario::from_json(CLOSED_BEFORE_THE_END)
            .unwrap()
            .run()
            .unwrap();
        assert!(run
            .world
            .tcb(run.console.vars[&(crate::HostId(1), "c".into())])
            .is_none());
        assert_eq!(run.outcomes[0].as_deref(), Some("1"));
        assert_eq!(run.outcomes[2].as_deref(), Some("6"));
        // A listener never changes state again: no outcome, and the run says so.
        assert_eq!(run.outcomes[1], None);
        assert_eq!(run.failures.len(), 1, "{:?}", run.failures);
        assert!(run.failures[0].contains("the run gives nothing"));
    }
}
