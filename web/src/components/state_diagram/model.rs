//! What the diagram shows of the followed socket, computed once per version of the run
//! from the core's answers ([`Session::followed`], [`Session::transitions`],
//! [`Session::tcp_state`], [`Session::identity`]): which box is lit, which arrows were
//! taken, which one was taken last. Where they are drawn is the figure's business.

use super::figure::{figure_arrow, landing, Node};
use sockscope_core::tcp::State;
use sockscope_core::teach::session::{Session, SocketIdentity, Transition};
use sockscope_core::SocketId;

/// The followed socket as the diagram shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Who the followed TCP socket is; none is followed before any TCP socket exists.
    pub who: Option<SocketIdentity>,
    /// The user picked a UDP socket, which has no TCP states.
    pub udp: bool,
    /// The followed socket's state now (CLOSED once gone).
    pub current: Option<State>,
    /// Its state changes, oldest first.
    pub history: Vec<Transition>,
    /// The box lit for `current`: CLOSED after LAST-ACK or TIME-WAIT is the bottom one.
    pub lit: Option<Node>,
    /// The figure's arrow the last change took, while the socket is still where it led.
    pub last_arrow: Option<usize>,
    /// Every figure arrow the socket has taken.
    pub visited: Vec<usize>,
}

impl Model {
    /// The diagram of the socket the panels follow, given the one the user picked.
    pub fn of(session: &Session, selected: Option<SocketId>) -> Self {
        let followed = session.followed(selected);
        let s = followed.socket;
        let history = s.map(|s| session.transitions(s)).unwrap_or_default();
        let current = s.map(|s| session.tcp_state(s));
        let last = history.last();
        let lit = current.map(|st| match last {
            Some(tr) if tr.to == st => landing(tr.from, tr.to),
            _ => Node::S(st),
        });
        let last_arrow = last
            .filter(|tr| current == Some(tr.to))
            .and_then(|tr| figure_arrow(tr.from, tr.rule));
        let visited = history
            .iter()
            .filter_map(|tr| figure_arrow(tr.from, tr.rule))
            .collect();
        Model {
            who: s.map(|s| session.identity(s)),
            udp: followed.udp,
            current,
            lit,
            last_arrow,
            visited,
            history,
        }
    }

    /// The last state change, whether or not the socket has moved on without one (a
    /// socket freed is CLOSED with no change logged).
    pub fn last(&self) -> Option<&Transition> {
        self.history.last()
    }

    /// The last change, if the socket is still in the state it led to: the one traced
    /// and captioned.
    pub fn last_change(&self) -> Option<&Transition> {
        self.last().filter(|tr| self.current == Some(tr.to))
    }

    /// The last change when the figure has no arrow for it: drawn as one of its own.
    pub fn extra(&self) -> Option<&Transition> {
        self.last_change().filter(|_| self.last_arrow.is_none())
    }

    /// The number of the last change, which keys what it animates (a new change
    /// replays the trace).
    pub fn seq(&self) -> u64 {
        self.last().map_or(0, |t| t.seq)
    }
}

#[cfg(test)]
mod tests {
    use super::super::figure::ARROWS;
    use super::*;
    use crate::i18n::{rule_text, Lang};
    use sockscope_core::tcp::Rule;
    use sockscope_core::{Duration, World};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn handshake() -> (World, SocketId, SocketId) {
        let (mut w, l, c) = sockscope_core::testkit::listener_and_client(3);
        w.advance(Duration::from_millis(100));
        (w, l, c)
    }

    #[test]
    fn the_caption_gives_the_rule_in_the_chosen_language() {
        let (w, _l, c) = handshake();
        let m = Model::of(&Session::from_world(w), Some(c));
        let last = m.last_change().unwrap();
        assert_eq!(last.rule, Rule::SynSentRcvSynAck);
        let ko = rule_text(Lang::Ko, last.rule);
        assert!(ko.starts_with("RFC 9293 §3.10.7.3: "), "{ko}");
        assert!(ko.contains("전환"), "{ko}");
        assert_ne!(ko, rule_text(Lang::En, last.rule));
    }

    #[test]
    fn a_handshake_lights_established_and_the_arrows_it_took() {
        let (w, l, c) = handshake();
        let session = Session::from_world(w);
        let m = Model::of(&session, Some(c));
        assert_eq!(m.current, Some(State::Established));
        assert_eq!(m.lit, Some(Node::S(State::Established)));
        let path: Vec<_> = m.history.iter().map(|t| t.to).collect();
        assert_eq!(path, vec![State::SynSent, State::Established]);
        let rules: Vec<_> = m.visited.iter().map(|&i| ARROWS[i].rule).collect();
        assert_eq!(
            rules,
            [Some(Rule::ActiveOpen), Some(Rule::SynSentRcvSynAck)]
        );
        assert_eq!(m.last_arrow, m.visited.last().copied());
        assert_eq!(m.extra(), None);
        let who = m.who.unwrap();
        assert!(
            who.line().starts_with("B · #1 · 10.0.0.2:"),
            "{}",
            who.line()
        );
        assert!(who.line().ends_with("→ 10.0.0.1:80"));
        // Nobody picked: the server's new connection changed last.
        let latest = Model::of(&session, None);
        assert_ne!(latest.who.map(|w| w.id), Some(c));
        assert_eq!(Model::of(&session, Some(l)).current, Some(State::Listen));
    }

    #[test]
    fn a_freed_socket_is_closed_and_its_abort_drawn_as_an_arrow_of_its_own() {
        let (mut w, _l, c) = handshake();
        w.abort(c).unwrap();
        w.advance(Duration::from_secs(1));
        let m = Model::of(&Session::from_world(w), Some(c));
        assert_eq!(m.current, Some(State::Closed));
        let who = m.who.as_ref().unwrap();
        assert!(who.gone);
        assert_eq!(who.host, "B");
        assert!(who.line().contains("→ 10.0.0.1:80"), "{}", who.line());
        // An abort is a change the figure does not draw.
        let extra = m.extra().expect("an arrow of its own");
        assert_eq!((extra.from, extra.to), (State::Established, State::Closed));
        assert_eq!(m.last_arrow, None);
        assert_eq!(m.lit, Some(Node::S(State::Closed)));
    }

    #[test]
    fn nothing_is_followed_before_any_tcp_socket() {
        let m = Model::of(&Session::from_world(World::with_seed(1)), None);
        assert_eq!((&m.who, m.current, m.lit), (&None, None, None));
        assert!(!m.udp && m.history.is_empty() && m.seq() == 0);
    }
}
