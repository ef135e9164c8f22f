//! Questions every panel asks of a run, answered once here from the world and its log:
//! which socket the page follows, what a socket's state changes were, who a socket is
//! (even after it is gone). The state diagram and the TCB panel, side by side, ask the
//! same [`Session::followed`], so they always show the same connection.

use super::Session;
use crate::endpoint::Endpoint;
use crate::log::EventKind;
use crate::socket::{Protocol, SocketId};
use crate::tcp::{Cause, State};
use crate::teach::command::Console;
use crate::world::World;

/// Newest events looked at when searching the log backwards, so a long run stays cheap.
const SCAN_LIMIT: usize = 20_000;

/// The socket the panels follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Followed {
    /// A TCP socket (alive, or gone with its history in the log).
    pub socket: Option<SocketId>,
    /// The user picked a UDP socket, which has no TCP states to show.
    pub udp: bool,
}

/// One state change of one socket, as the log has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub seq: u64,
    pub from: State,
    pub to: State,
    pub cause: Cause,
    /// The rule of RFC 9293 that made the change (tcp::rules).
    pub rule: crate::tcp::Rule,
}

/// Who a socket is, for a panel's subtitle: host, number, console names, 4-tuple.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SocketIdentity {
    pub host: String,
    pub id: SocketId,
    pub names: Vec<String>,
    pub local: Option<Endpoint>,
    pub remote: Option<Endpoint>,
    /// Closed and removed from the world; the rest comes from the log.
    pub gone: bool,
}

impl SocketIdentity {
    /// "B · #1 c · 10.0.0.2:49152 → 10.0.0.1:80"
    pub fn line(&self) -> String {
        let ep = |e: Option<Endpoint>| e.map_or_else(|| "*".to_string(), |e| e.to_string());
        let mut s = format!("{} · {}", self.host, self.id);
        if !self.names.is_empty() {
            s.push(' ');
            s.push_str(&self.names.join(", "));
        }
        s.push_str(&format!(" · {} → {}", ep(self.local), ep(self.remote)));
        s
    }
}

/// The socket whose TCP state last changed.
pub fn last_state_change(world: &World) -> Option<SocketId> {
    world
        .log()
        .events()
        .iter()
        .rev()
        .take(SCAN_LIMIT)
        .find(|e| matches!(e.kind, EventKind::StateChanged { .. }))
        .and_then(|e| e.socket)
}

/// The TCP socket with the most recent event, freed ones included.
pub fn last_active_tcp(world: &World) -> Option<SocketId> {
    world
        .log()
        .events()
        .iter()
        .rev()
        .take(SCAN_LIMIT)
        .find(|e| {
            e.socket.is_some_and(|s| match world.get_socket(s) {
                Some(sock) => sock.protocol() == Protocol::Tcp,
                None => matches!(
                    e.kind,
                    EventKind::StateChanged { .. } | EventKind::Tcp { .. }
                ),
            })
        })
        .and_then(|e| e.socket)
}

/// Whether `s` is (or was) a TCP socket: alive and TCP, or gone with TCP events logged.
pub fn is_tcp(world: &World, s: SocketId) -> bool {
    match world.get_socket(s) {
        Some(sock) => sock.protocol() == Protocol::Tcp,
        None => world.log().events().iter().rev().any(|e| {
            e.socket == Some(s)
                && matches!(
                    e.kind,
                    EventKind::StateChanged { .. } | EventKind::Tcp { .. }
                )
        }),
    }
}

/// The socket the page follows: the one the user picked, else the TCP socket whose state
/// last changed, else the TCP socket last active. A picked UDP socket is followed by
/// none (it has no TCP states) and says so.
pub fn followed(world: &World, selected: Option<SocketId>) -> Followed {
    match selected {
        Some(s) if is_tcp(world, s) => Followed {
            socket: Some(s),
            udp: false,
        },
        Some(_) => Followed {
            socket: None,
            udp: true,
        },
        None => Followed {
            socket: last_state_change(world).or_else(|| last_active_tcp(world)),
            udp: false,
        },
    }
}

/// A socket's TCP state now; a socket that is gone is CLOSED.
pub fn tcp_state(world: &World, s: SocketId) -> State {
    world
        .get_socket(s)
        .and_then(|k| k.tcp())
        .map_or(State::Closed, |t| t.state())
}

/// Every state change of `s`, oldest first.
pub fn transitions(world: &World, s: SocketId) -> Vec<Transition> {
    world
        .log()
        .events()
        .iter()
        .filter(|e| e.socket == Some(s))
        .filter_map(|e| match &e.kind {
            EventKind::StateChanged {
                from,
                to,
                cause,
                rule,
            } => Some(Transition {
                seq: e.seq,
                from: *from,
                to: *to,
                cause: *cause,
                rule: *rule,
            }),
            _ => None,
        })
        .collect()
}

/// Who `s` is: from the world while it exists, from the log (its host, and the 4-tuple of
/// a segment it sent) once it is gone.
pub fn identity(world: &World, console: &Console, s: SocketId) -> SocketIdentity {
    let names = console
        .names_of(s)
        .into_iter()
        .map(str::to_string)
        .collect();
    if let Some(sock) = world.get_socket(s) {
        return SocketIdentity {
            host: world
                .host(sock.host)
                .map(|h| h.name.clone())
                .unwrap_or_default(),
            id: s,
            names,
            local: sock.local,
            remote: sock.remote,
            gone: false,
        };
    }
    let mut host = String::new();
    let (mut local, mut remote) = (None, None);
    for e in world.log().events().iter().rev() {
        if e.socket != Some(s) {
            continue;
        }
        if host.is_empty() {
            if let Some(h) = e.host.and_then(|h| world.host(h)) {
                host = h.name.clone();
            }
        }
        if let EventKind::PacketSent { summary, .. } = &e.kind {
            if let (Some(sp), Some(dp)) = (summary.src_port, summary.dst_port) {
                local = Some(Endpoint::new(summary.src, sp));
                remote = Some(Endpoint::new(summary.dst, dp));
            }
        }
        if !host.is_empty() && local.is_some() {
            break;
        }
    }
    SocketIdentity {
        host,
        id: s,
        names,
        local,
        remote,
        gone: true,
    }
}

impl Session {
    /// The socket the page follows, given the one the user picked (see [`followed`]).
    pub fn followed(&self, selected: Option<SocketId>) -> Followed {
        followed(&self.world, selected)
    }

    /// Every state change of `s` up to the moment viewed, oldest first.
    pub fn transitions(&self, s: SocketId) -> Vec<Transition> {
        transitions(&self.world, s)
    }

    /// Who `s` is at the moment viewed, named by the console's variables.
    pub fn identity(&self, s: SocketId) -> SocketIdentity {
        identity(&self.world, &self.console, s)
    }

    /// `s`'s TCP state at the moment viewed (CLOSED once gone).
    pub fn tcp_state(&self, s: SocketId) -> State {
        tcp_state(&self.world, s)
    }

    pub fn is_tcp(&self, s: SocketId) -> bool {
        is_tcp(&self.world, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Duration;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn handshake() -> (World, SocketId, SocketId) {
        let (mut w, l, c) = crate::testkit::listener_and_client(3);
        w.advance(Duration::from_millis(100));
        (w, l, c)
    }

    #[test]
    fn a_handshake_is_followed_by_its_last_change_and_named_by_its_tuple() {
        let (w, l, c) = handshake();
        let last = last_state_change(&w).unwrap();
        assert_ne!(last, c, "the server's new connection changed last");
        assert!(last_active_tcp(&w).is_some());
        assert_eq!(followed(&w, None).socket, Some(last));
        assert_eq!(tcp_state(&w, c), State::Established);
        assert_eq!(tcp_state(&w, l), State::Listen);
        let path: Vec<_> = transitions(&w, c).iter().map(|t| t.to).collect();
        assert_eq!(path, vec![State::SynSent, State::Established]);
        assert_eq!(
            transitions(&w, c).last().map(|t| t.rule),
            Some(crate::tcp::Rule::SynSentRcvSynAck)
        );
        assert!(is_tcp(&w, c));
        let who = identity(&w, &Console::default(), c);
        assert!(!who.gone);
        assert!(
            who.line().starts_with("B · #1 · 10.0.0.2:"),
            "unnamed, no names between: {}",
            who.line()
        );
        assert!(who.line().ends_with("→ 10.0.0.1:80"), "{}", who.line());
    }

    #[test]
    fn a_freed_socket_is_closed_followed_and_still_named_from_the_log() {
        let (mut w, _l, c) = handshake();
        w.abort(c).unwrap();
        w.advance(Duration::from_secs(1));
        assert!(w.get_socket(c).is_none());
        assert_eq!(tcp_state(&w, c), State::Closed);
        // The panels keep following a freed connection: its history is in the log.
        let last = last_active_tcp(&w).unwrap();
        assert!(w.get_socket(last).is_none(), "{last}");
        assert!(is_tcp(&w, last));
        assert!(is_tcp(&w, c));
        let who = identity(&w, &Console::default(), c);
        assert!(who.gone);
        assert_eq!(who.host, "B");
        assert!(who.line().contains("→ 10.0.0.1:80"), "{}", who.line());
    }
}
