//! The one table of TCP state transitions: every change of state the code makes, with the
//! state(s) it leaves, the state it enters, what triggers it and the RFC section that says
//! so.
//!
//! [`Tcb::set_state`](super::Tcb::set_state) takes a [`Rule`] and checks (in debug builds)
//! that the change it makes is one the table lists; the log records the rule rather than a
//! sentence, so the explanations can translate it, the state diagram can light its arrow
//! and tests can assert it. The table is pinned by a snapshot test
//! (`core/tests/tcp_rules.rs`), as s2n-quic pins its stream state machines, together with
//! the diagram drawn from it (`docs/tcp-rules.dot`).

use super::conn::{Cause, TcpCall};
use super::state::State;
use super::timers::TimerKind;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

/// A transition of the connection state machine, named by where it happens and what
/// triggers it. The explanations live in `explain::rule_text`, in every language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Rule {
    PassiveOpen,
    ActiveOpen,
    CloseListen,
    CloseSynSent,
    CloseSynReceived,
    CloseEstablished,
    CloseCloseWait,
    ForkFromListener,
    ListenRcvSyn,
    SynSentRcvSynAck,
    SimultaneousOpen,
    SynSentRcvRst,
    SynReceivedRcvAck,
    PassiveRcvRst,
    ActiveRcvRst,
    SynchronizedRcvRst,
    ClosingRcvRst,
    PassiveRcvSyn,
    FinWait1RcvAck,
    ClosingRcvAck,
    LastAckRcvAck,
    RcvFin,
    FinWait1RcvFinAck,
    SimultaneousClose,
    FinWait2RcvFin,
    TimeWaitTimeout,
    SynRetriesExceeded,
    RetriesExceeded,
    UserAbort,
    CloseWithUnreadData,
    ListenerClosed,
    ProbesExceeded,
    OrphanFinWait2Timeout,
    DataAfterClose,
    SynQueueOverflow,
    KeepAliveTimeout,
}

/// What sets a transition off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// The user called.
    Call(TcpCall),
    /// A segment arrived; the text says what it carried, as the RFC's figure does.
    Segment(&'static str),
    /// A timer ran out.
    Timer(TimerKind),
}

impl Trigger {
    /// Does a logged cause fit this trigger? Only the kind is compared: a FIN held back
    /// behind a gap is processed when the segment that fills the gap arrives, so that
    /// segment's flags need not carry the FIN.
    pub fn fits(self, cause: &Cause) -> bool {
        match (self, cause) {
            // shutdown(write) is the RFC's CLOSE of the sending side, as close() is.
            (
                Trigger::Call(TcpCall::Close),
                Cause::Call {
                    call: TcpCall::Shutdown,
                },
            ) => true,
            (Trigger::Call(a), Cause::Call { call }) => a == *call,
            (Trigger::Segment(_), Cause::Segment { .. }) => true,
            (Trigger::Timer(a), Cause::Timer { timer }) => a == *timer,
            _ => false,
        }
    }
}

impl std::fmt::Display for Trigger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Trigger::Call(call) => write!(f, "call {}", call_name(*call)),
            Trigger::Segment(what) => write!(f, "rcv {what}"),
            Trigger::Timer(timer) => write!(f, "timer {timer:?}"),
        }
    }
}

fn call_name(call: TcpCall) -> &'static str {
    match call {
        TcpCall::Connect => "connect()",
        TcpCall::Listen => "listen()",
        TcpCall::Close => "close()",
        TcpCall::Shutdown => "shutdown()",
        TcpCall::Abort => "abort()",
    }
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub rule: Rule,
    /// The states the rule leaves; never the state it enters.
    pub from: &'static [State],
    pub to: State,
    pub trigger: Trigger,
    /// The section that specifies it, as "RFC 9293 §3.10.7.4".
    pub rfc: &'static str,
}

use State::*;

/// The states past the handshake, as `Tcb::synchronized` has them.
const SYNCHRONIZED: &[State] = &[
    Established,
    FinWait1,
    FinWait2,
    CloseWait,
    Closing,
    LastAck,
    TimeWait,
];

const fn row(
    rule: Rule,
    from: &'static [State],
    to: State,
    trigger: Trigger,
    rfc: &'static str,
) -> Transition {
    Transition {
        rule,
        from,
        to,
        trigger,
        rfc,
    }
}

const fn call(c: TcpCall) -> Trigger {
    Trigger::Call(c)
}

const fn rcv(what: &'static str) -> Trigger {
    Trigger::Segment(what)
}

const S9293_1: &str = "RFC 9293 §3.10.1";
const S9293_4: &str = "RFC 9293 §3.10.4";
const S9293_5: &str = "RFC 9293 §3.10.5";
const S9293_72: &str = "RFC 9293 §3.10.7.2";
const S9293_73: &str = "RFC 9293 §3.10.7.3";
const S9293_74: &str = "RFC 9293 §3.10.7.4";

/// Every rule, in [`Rule`]'s declaration order (`RULES[r as usize].rule == r`).
#[rustfmt::skip]
pub const RULES: &[Transition] = &[
    row(Rule::PassiveOpen, &[Closed], Listen, call(TcpCall::Listen), S9293_1),
    row(Rule::ActiveOpen, &[Closed], SynSent, call(TcpCall::Connect), S9293_1),
    row(Rule::CloseListen, &[Listen], Closed, call(TcpCall::Close), S9293_4),
    row(Rule::CloseSynSent, &[SynSent], Closed, call(TcpCall::Close), S9293_4),
    row(Rule::CloseSynReceived, &[SynReceived], FinWait1, call(TcpCall::Close), S9293_4),
    row(Rule::CloseEstablished, &[Established], FinWait1, call(TcpCall::Close), S9293_4),
    row(Rule::CloseCloseWait, &[CloseWait], LastAck, call(TcpCall::Close), S9293_4),
    // Not logged as a state change: the world logs the fork (ConnectionForked).
    row(Rule::ForkFromListener, &[Closed], Listen, rcv("SYN"), S9293_72),
    row(Rule::ListenRcvSyn, &[Listen], SynReceived, rcv("SYN"), S9293_72),
    row(Rule::SynSentRcvSynAck, &[SynSent], Established, rcv("SYN,ACK"), S9293_73),
    row(Rule::SimultaneousOpen, &[SynSent], SynReceived, rcv("SYN"), S9293_73),
    row(Rule::SynSentRcvRst, &[SynSent], Closed, rcv("RST,ACK"), S9293_73),
    row(Rule::SynReceivedRcvAck, &[SynReceived], Established, rcv("ACK of SYN"), S9293_74),
    row(Rule::PassiveRcvRst, &[SynReceived], Closed, rcv("RST"), S9293_74),
    row(Rule::ActiveRcvRst, &[SynReceived], Closed, rcv("RST"), S9293_74),
    row(Rule::SynchronizedRcvRst, &[Established, FinWait1, FinWait2, CloseWait], Closed, rcv("RST"), S9293_74),
    row(Rule::ClosingRcvRst, &[Closing, LastAck, TimeWait], Closed, rcv("RST"), S9293_74),
    row(Rule::PassiveRcvSyn, &[SynReceived], Closed, rcv("SYN"), S9293_74),
    row(Rule::FinWait1RcvAck, &[FinWait1], FinWait2, rcv("ACK of FIN"), S9293_74),
    row(Rule::ClosingRcvAck, &[Closing], TimeWait, rcv("ACK of FIN"), S9293_74),
    row(Rule::LastAckRcvAck, &[LastAck], Closed, rcv("ACK of FIN"), S9293_74),
    row(Rule::RcvFin, &[SynReceived, Established], CloseWait, rcv("FIN"), S9293_74),
    row(Rule::FinWait1RcvFinAck, &[FinWait1], TimeWait, rcv("FIN, ACK of FIN"), S9293_74),
    row(Rule::SimultaneousClose, &[FinWait1], Closing, rcv("FIN"), S9293_74),
    row(Rule::FinWait2RcvFin, &[FinWait2], TimeWait, rcv("FIN"), S9293_74),
    row(Rule::TimeWaitTimeout, &[TimeWait], Closed, Trigger::Timer(TimerKind::TimeWait), "RFC 9293 §3.10.8"),
    row(Rule::SynRetriesExceeded, &[SynSent, SynReceived], Closed, Trigger::Timer(TimerKind::Retransmit), "RFC 9293 §3.8.3"),
    row(Rule::RetriesExceeded, &[Established, FinWait1, FinWait2, CloseWait, Closing, LastAck], Closed, Trigger::Timer(TimerKind::Retransmit), "RFC 9293 §3.8.3"),
    row(Rule::UserAbort, &[Listen, SynSent, SynReceived, Established, FinWait1, FinWait2, CloseWait, Closing, LastAck, TimeWait], Closed, call(TcpCall::Abort), S9293_5),
    row(Rule::CloseWithUnreadData, SYNCHRONIZED, Closed, call(TcpCall::Abort), "RFC 2525 §2.17"),
    row(Rule::ListenerClosed, &[SynReceived, Established, CloseWait], Closed, call(TcpCall::Abort), S9293_5),
    row(Rule::ProbesExceeded, &[Established, FinWait1, CloseWait, Closing, LastAck], Closed, Trigger::Timer(TimerKind::Persist), "RFC 9293 §3.8.6.1, RFC 6429"),
    // RFC 9293 §3.10.4 sets no limit on FIN-WAIT-2; the timeout is Linux's tcp_fin_timeout.
    row(Rule::OrphanFinWait2Timeout, &[FinWait2], Closed, Trigger::Timer(TimerKind::FinWait2), "RFC 9293 §3.10.4"),
    row(Rule::DataAfterClose, &[FinWait1, FinWait2, Closing, LastAck], Closed, rcv("data after close()"), "RFC 1122 §4.2.2.13"),
    row(Rule::SynQueueOverflow, &[SynReceived], Closed, rcv("SYN, SYN queue full"), "RFC 4987 §3.4"),
    row(Rule::KeepAliveTimeout, &[Established, FinWait2, CloseWait], Closed, Trigger::Timer(TimerKind::KeepAlive), "RFC 9293 §3.8.4, RFC 1122 §4.2.3.6"),
];

impl Rule {
    /// Every rule, in declaration order.
    pub fn all() -> impl Iterator<Item = Rule> {
        RULES.iter().map(|t| t.rule)
    }

    /// This rule's row of [`RULES`].
    pub fn transition(self) -> &'static Transition {
        &RULES[self as usize]
    }

    pub fn from(self) -> &'static [State] {
        self.transition().from
    }

    pub fn to(self) -> State {
        self.transition().to
    }

    pub fn trigger(self) -> Trigger {
        self.transition().trigger
    }

    pub fn rfc(self) -> &'static str {
        self.transition().rfc
    }

    /// Does the table let this rule take a connection from `from` to `to`?
    pub fn allows(self, from: State, to: State) -> bool {
        let t = self.transition();
        t.to == to && t.from.contains(&from)
    }

    /// Where this rule leads from `state`, if it applies there.
    pub fn apply(self, state: State) -> Option<State> {
        self.from().contains(&state).then(|| self.to())
    }
}

/// The whole table as text, one rule per line, then what each state may do: the snapshot
/// `core/tests/snapshots/tcp_rules.txt` pins it, so any change to the state machine shows
/// up in review as a change of this text.
pub fn table_text() -> String {
    let mut out = String::from(
        "# The TCP transition table, made by sockscope_core::tcp::rules::table_text.\n\
         # Regenerate: UPDATE_SNAPSHOTS=1 cargo test -p sockscope-core --test tcp_rules\n\
         # rule | from | to | trigger | section\n",
    );
    for t in RULES {
        let from: Vec<_> = t.from.iter().map(|s| s.rfc_name()).collect();
        let _ = writeln!(
            out,
            "{:?} | {} | {} | {} | {}",
            t.rule,
            from.join(", "),
            t.to,
            t.trigger,
            t.rfc
        );
    }
    out.push_str("\n# state: rule -> next state (every other rule is refused there)\n");
    for s in State::ALL {
        let moves: Vec<String> = Rule::all()
            .filter_map(|r| r.apply(s).map(|to| format!("{r:?} -> {to}")))
            .collect();
        let _ = writeln!(out, "{s}: {}", moves.join("; "));
    }
    out
}

/// The table as a Graphviz digraph, one edge per (rule, from-state): the diagram the
/// snapshot `docs/tcp-rules.dot` pins (`dot -Tsvg docs/tcp-rules.dot` draws it).
pub fn dot() -> String {
    let mut out = String::from(
        "// The TCP transition table, made by sockscope_core::tcp::rules::dot.\n\
         // Regenerate: UPDATE_SNAPSHOTS=1 cargo test -p sockscope-core --test tcp_rules\n\
         digraph tcp_rules {\n    rankdir=TB;\n    node [shape=box];\n",
    );
    for s in State::ALL {
        let _ = writeln!(out, "    \"{s}\";");
    }
    for t in RULES {
        for from in t.from {
            let _ = writeln!(
                out,
                "    \"{from}\" -> \"{}\" [label=\"{:?}\\n{}\\n{}\"];",
                t.to, t.rule, t.trigger, t.rfc
            );
        }
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_table_is_in_declaration_order_and_well_formed() {
        for (i, t) in RULES.iter().enumerate() {
            assert_eq!(t.rule as usize, i, "{:?} is out of place", t.rule);
            assert!(!t.from.is_empty(), "{:?} leaves no state", t.rule);
            assert!(!t.from.contains(&t.to), "{:?} loops on {}", t.rule, t.to);
            assert!(t.rfc.starts_with("RFC "), "{:?}: {}", t.rule, t.rfc);
        }
        assert_eq!(Rule::all().count(), RULES.len());
    }

    #[test]
    fn allows_checks_both_ends() {
        let r = Rule::SynReceivedRcvAck;
        assert!(r.allows(State::SynReceived, State::Established));
        assert!(!r.allows(State::SynSent, State::Established));
        assert!(!r.allows(State::SynReceived, State::Closed));
        assert_eq!(
            Rule::RcvFin.apply(State::Established),
            Some(State::CloseWait)
        );
        assert_eq!(Rule::RcvFin.apply(State::FinWait1), None);
    }

    #[test]
    fn triggers_fit_causes_by_kind() {
        let close = Cause::Call {
            call: TcpCall::Close,
        };
        assert!(Rule::CloseEstablished.trigger().fits(&close));
        assert!(!Rule::UserAbort.trigger().fits(&close));
        assert!(!Rule::RcvFin.trigger().fits(&close));
        let tw = Cause::Timer {
            timer: TimerKind::TimeWait,
        };
        assert!(Rule::TimeWaitTimeout.trigger().fits(&tw));
        assert!(!Rule::RetriesExceeded.trigger().fits(&tw));
    }
}
