//! RFC 9293 §3.3.2's state diagram, drawn as the RFC draws it, with the followed socket's
//! state lit and its last transition traced (cause and RFC rule underneath, in the chosen
//! language). Which arrow lights comes from the rule the log names; where it is drawn is
//! this component's business.
//!
//! The helpers that pick "the socket the panels follow" live here too; the TCB panel and
//! the ladder use them.

use crate::i18n::{cause_label, rule_text, t, Key, Lang};
use crate::state::{Action, Playground, Shared};
use sockscope_core::tcp::{Cause, Rule, State};
use sockscope_core::{Endpoint, EventKind, Protocol, SocketId, World};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StateDiagramProps {
    pub state: Shared,
    pub on_action: Callback<Action>,
}

// ---------------------------------------------------------------------------------------
// Which socket, and what happened to it.

/// Newest events looked at when searching the log backwards, so a long run stays cheap.
const SCAN_LIMIT: usize = 20_000;

/// The socket whose state last changed, from the log.
pub fn last_changed_socket(world: &World) -> Option<SocketId> {
    world
        .log()
        .events()
        .iter()
        .rev()
        .take(SCAN_LIMIT)
        .find(|e| matches!(e.kind, EventKind::StateChanged { .. }))
        .and_then(|e| e.socket)
}

/// The TCP socket with the most recent event, freed ones included (their history is
/// still in the log), else the last one to change state.
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
        .or_else(|| last_changed_socket(world))
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

/// A socket's TCP state now; a socket that is gone is CLOSED.
pub fn socket_state(world: &World, s: SocketId) -> State {
    world
        .get_socket(s)
        .and_then(|k| k.tcp())
        .map_or(State::Closed, |t| t.state())
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
    pub fn of(p: &Playground, s: SocketId) -> Self {
        let world_guard = p.world.get();
        let world = &*world_guard;
        let names = p
            .console
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
        // Gone: the log still knows its host and, from a segment it sent, its 4-tuple.
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

/// One state change of one socket, as the log has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub seq: u64,
    pub from: State,
    pub to: State,
    pub cause: Cause,
    pub rule: Rule,
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

// ---------------------------------------------------------------------------------------
// The figure's geometry, in the SVG's own units.

pub const VIEW_W: f64 = 500.0;
pub const VIEW_H: f64 = 572.0;
const HALF_W: f64 = 58.0;
const HALF_H: f64 = 15.0;

/// A box of the figure. CLOSED appears twice, as in the RFC: at the top, and at the
/// bottom right where LAST-ACK and TIME-WAIT end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    S(State),
    ClosedEnd,
}

pub const NODES: [Node; 12] = [
    Node::S(State::Closed),
    Node::S(State::Listen),
    Node::S(State::SynReceived),
    Node::S(State::SynSent),
    Node::S(State::Established),
    Node::S(State::FinWait1),
    Node::S(State::CloseWait),
    Node::S(State::FinWait2),
    Node::S(State::Closing),
    Node::S(State::LastAck),
    Node::S(State::TimeWait),
    Node::ClosedEnd,
];

pub fn node_center(n: Node) -> (f64, f64) {
    const L: f64 = 64.0;
    const C: f64 = 250.0;
    const R: f64 = 436.0;
    match n {
        Node::S(State::Closed) => (C, 44.0),
        Node::S(State::Listen) => (C, 128.0),
        Node::S(State::SynReceived) => (L, 218.0),
        Node::S(State::SynSent) => (R, 218.0),
        Node::S(State::Established) => (C, 308.0),
        Node::S(State::FinWait1) => (L, 392.0),
        Node::S(State::CloseWait) => (R, 392.0),
        Node::S(State::FinWait2) => (L, 472.0),
        Node::S(State::Closing) => (C, 472.0),
        Node::S(State::LastAck) => (R, 472.0),
        Node::S(State::TimeWait) => (C, 548.0),
        Node::ClosedEnd => (R, 548.0),
    }
}

fn node_state(n: Node) -> State {
    match n {
        Node::S(s) => s,
        Node::ClosedEnd => State::Closed,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn svg(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// One arrow of the RFC's figure: the rule it stands for, a polyline and its label lines
/// (event, then action). A transition by a rule no arrow stands for (a SYN-SENT refused by
/// RST rather than closed) is drawn as its own arrow.
struct Arrow {
    from: Node,
    to: Node,
    /// None for the figure's arrows this simulator never takes: SEND in LISTEN, and the
    /// RST that returns SYN-RECEIVED to LISTEN (here the listener's forked connection is
    /// deleted instead, a change to CLOSED by [`Rule::PassiveRcvRst`]).
    rule: Option<Rule>,
    points: &'static [(f64, f64)],
    label: &'static [(f64, f64, Anchor, &'static str)],
}

use Anchor::{End as E, Middle as M, Start as St};
use Node::S;

const ARROWS: &[Arrow] = &[
    Arrow {
        from: S(State::Closed),
        to: S(State::Listen),
        rule: Some(Rule::PassiveOpen),
        points: &[(236.0, 59.0), (236.0, 113.0)],
        label: &[
            (230.0, 82.0, E, "passive OPEN"),
            (230.0, 93.0, E, "create TCB"),
        ],
    },
    Arrow {
        from: S(State::Listen),
        to: S(State::Closed),
        rule: Some(Rule::CloseListen),
        points: &[(264.0, 113.0), (264.0, 59.0)],
        label: &[(270.0, 82.0, St, "CLOSE"), (270.0, 93.0, St, "delete TCB")],
    },
    Arrow {
        from: S(State::Closed),
        to: S(State::SynSent),
        rule: Some(Rule::ActiveOpen),
        points: &[(308.0, 50.0), (420.0, 50.0), (420.0, 203.0)],
        label: &[(414.0, 68.0, E, "active OPEN"), (414.0, 79.0, E, "snd SYN")],
    },
    Arrow {
        from: S(State::SynSent),
        to: S(State::Closed),
        rule: Some(Rule::CloseSynSent),
        points: &[(470.0, 203.0), (470.0, 32.0), (308.0, 32.0)],
        label: &[(316.0, 26.0, St, "CLOSE / delete TCB")],
    },
    Arrow {
        from: S(State::Listen),
        to: S(State::SynReceived),
        rule: Some(Rule::ListenRcvSyn),
        points: &[(192.0, 128.0), (104.0, 128.0), (104.0, 203.0)],
        label: &[
            (110.0, 150.0, St, "rcv SYN"),
            (110.0, 161.0, St, "snd SYN,ACK"),
        ],
    },
    Arrow {
        from: S(State::Listen),
        to: S(State::SynSent),
        rule: None,
        points: &[(308.0, 128.0), (396.0, 128.0), (396.0, 203.0)],
        label: &[(390.0, 150.0, E, "SEND"), (390.0, 161.0, E, "snd SYN")],
    },
    Arrow {
        from: S(State::SynReceived),
        to: S(State::Listen),
        rule: None,
        points: &[(34.0, 203.0), (34.0, 116.0), (192.0, 116.0)],
        label: &[(118.0, 110.0, M, "rcv RST")],
    },
    Arrow {
        from: S(State::SynSent),
        to: S(State::SynReceived),
        rule: Some(Rule::SimultaneousOpen),
        points: &[(378.0, 218.0), (122.0, 218.0)],
        label: &[
            (250.0, 212.0, M, "rcv SYN"),
            (250.0, 231.0, M, "snd SYN,ACK"),
        ],
    },
    Arrow {
        from: S(State::SynReceived),
        to: S(State::Established),
        rule: Some(Rule::SynReceivedRcvAck),
        points: &[(122.0, 228.0), (192.0, 300.0)],
        label: &[(136.0, 262.0, E, "rcv ACK of SYN"), (136.0, 273.0, E, "x")],
    },
    Arrow {
        from: S(State::SynSent),
        to: S(State::Established),
        rule: Some(Rule::SynSentRcvSynAck),
        points: &[(378.0, 228.0), (308.0, 300.0)],
        label: &[
            (364.0, 262.0, St, "rcv SYN,ACK"),
            (364.0, 273.0, St, "snd ACK"),
        ],
    },
    Arrow {
        from: S(State::SynReceived),
        to: S(State::FinWait1),
        rule: Some(Rule::CloseSynReceived),
        points: &[(34.0, 233.0), (34.0, 377.0)],
        label: &[(40.0, 306.0, St, "CLOSE"), (40.0, 317.0, St, "snd FIN")],
    },
    Arrow {
        from: S(State::Established),
        to: S(State::FinWait1),
        rule: Some(Rule::CloseEstablished),
        points: &[(192.0, 316.0), (122.0, 386.0)],
        label: &[(164.0, 366.0, St, "CLOSE"), (164.0, 377.0, St, "snd FIN")],
    },
    Arrow {
        from: S(State::Established),
        to: S(State::CloseWait),
        rule: Some(Rule::RcvFin),
        points: &[(308.0, 316.0), (378.0, 386.0)],
        label: &[(336.0, 366.0, E, "rcv FIN"), (336.0, 377.0, E, "snd ACK")],
    },
    Arrow {
        from: S(State::FinWait1),
        to: S(State::FinWait2),
        rule: Some(Rule::FinWait1RcvAck),
        points: &[(40.0, 407.0), (40.0, 457.0)],
        label: &[(46.0, 428.0, St, "rcv ACK of FIN"), (46.0, 439.0, St, "x")],
    },
    Arrow {
        from: S(State::FinWait1),
        to: S(State::Closing),
        rule: Some(Rule::SimultaneousClose),
        points: &[(122.0, 398.0), (200.0, 457.0)],
        label: &[(176.0, 412.0, St, "rcv FIN"), (176.0, 423.0, St, "snd ACK")],
    },
    Arrow {
        from: S(State::FinWait2),
        to: S(State::TimeWait),
        rule: Some(Rule::FinWait2RcvFin),
        points: &[(64.0, 487.0), (64.0, 548.0), (192.0, 548.0)],
        label: &[(130.0, 542.0, M, "rcv FIN"), (130.0, 562.0, M, "snd ACK")],
    },
    Arrow {
        from: S(State::Closing),
        to: S(State::TimeWait),
        rule: Some(Rule::ClosingRcvAck),
        points: &[(250.0, 487.0), (250.0, 533.0)],
        label: &[
            (256.0, 508.0, St, "rcv ACK of FIN"),
            (256.0, 519.0, St, "x"),
        ],
    },
    Arrow {
        from: S(State::CloseWait),
        to: S(State::LastAck),
        rule: Some(Rule::CloseCloseWait),
        points: &[(436.0, 407.0), (436.0, 457.0)],
        label: &[(430.0, 428.0, E, "CLOSE"), (430.0, 439.0, E, "snd FIN")],
    },
    Arrow {
        from: S(State::LastAck),
        to: Node::ClosedEnd,
        rule: Some(Rule::LastAckRcvAck),
        points: &[(436.0, 487.0), (436.0, 533.0)],
        label: &[(430.0, 508.0, E, "rcv ACK of FIN"), (430.0, 519.0, E, "x")],
    },
    Arrow {
        from: S(State::TimeWait),
        to: Node::ClosedEnd,
        rule: Some(Rule::TimeWaitTimeout),
        points: &[(308.0, 548.0), (378.0, 548.0)],
        label: &[(343.0, 542.0, M, "2MSL"), (343.0, 562.0, M, "delete TCB")],
    },
];

/// The figure arrow a transition took, if the figure has it: the one its rule keys, from
/// the state it left (a rule may leave several).
fn figure_arrow(tr: &Transition) -> Option<usize> {
    ARROWS
        .iter()
        .position(|a| a.rule == Some(tr.rule) && node_state(a.from) == tr.from)
}

/// Where a transition into CLOSED lands: the bottom CLOSED after LAST-ACK and TIME-WAIT
/// (as the figure has it), else whichever CLOSED box is nearer.
fn landing(from: State, to: State) -> Node {
    if to != State::Closed {
        return Node::S(to);
    }
    if matches!(from, State::LastAck | State::TimeWait) {
        return Node::ClosedEnd;
    }
    let (fx, fy) = node_center(Node::S(from));
    let d = |n: Node| {
        let (x, y) = node_center(n);
        (x - fx).hypot(y - fy)
    };
    if d(Node::ClosedEnd) < d(Node::S(State::Closed)) {
        Node::ClosedEnd
    } else {
        Node::S(State::Closed)
    }
}

/// Where the ray from a box's centre towards `(tx, ty)` leaves the box.
pub fn edge_point(center: (f64, f64), toward: (f64, f64)) -> (f64, f64) {
    let (cx, cy) = center;
    let (dx, dy) = (toward.0 - cx, toward.1 - cy);
    if dx == 0.0 && dy == 0.0 {
        return center;
    }
    let sx = if dx == 0.0 {
        f64::INFINITY
    } else {
        HALF_W / dx.abs()
    };
    let sy = if dy == 0.0 {
        f64::INFINITY
    } else {
        HALF_H / dy.abs()
    };
    let s = sx.min(sy);
    (cx + dx * s, cy + dy * s)
}

/// A curved arrow for a transition the figure does not draw (an RST, an abort, a
/// timeout): a quadratic curve bowed to one side, so it does not run along the figure's
/// own arrows. Returns the start, the control point and the end.
pub fn extra_curve(a: (f64, f64), b: (f64, f64)) -> [(f64, f64); 3] {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = dx.hypot(dy).max(1.0);
    let bow = (len * 0.5).min(160.0);
    // Perpendicular, turned clockwise (to the right of travel on screen).
    let (px, py) = (-dy / len, dx / len);
    let ctrl = ((a.0 + b.0) / 2.0 + px * bow, (a.1 + b.1) / 2.0 + py * bow);
    [edge_point(a, ctrl), ctrl, edge_point(b, ctrl)]
}

fn polyline_d(points: &[(f64, f64)]) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        d.push_str(if i == 0 { "M" } else { " L" });
        d.push_str(&format!("{x:.0} {y:.0}"));
    }
    d
}

fn state_class(s: State) -> String {
    format!("state-{}", s.rfc_name().to_lowercase())
}

/// The figure's spelling: the RFC box says SYN-RCVD and ESTAB for short.
fn box_name(s: State) -> &'static str {
    match s {
        State::SynReceived => "SYN-RCVD",
        other => other.rfc_name(),
    }
}

// ---------------------------------------------------------------------------------------

#[component]
pub fn StateDiagram(props: &StateDiagramProps) -> Html {
    let p = &props.state;
    let lang = p.lang;
    let world_guard = p.world.get();
    let world = &*world_guard;

    let (followed, udp) = p.followed();

    let history = followed.map(|s| transitions(world, s)).unwrap_or_default();
    let last = history.last().cloned();
    let current = followed.map(|s| socket_state(world, s));
    let seq = last.as_ref().map_or(0, |t| t.seq);

    // Which box is lit: CLOSED after LAST-ACK or TIME-WAIT is the bottom one.
    let lit: Option<Node> = current.map(|st| match &last {
        Some(tr) if tr.to == st => landing(tr.from, tr.to),
        _ => Node::S(st),
    });
    let last_arrow = last
        .as_ref()
        .filter(|tr| current == Some(tr.to))
        .and_then(figure_arrow);
    let visited: Vec<usize> = history.iter().filter_map(figure_arrow).collect();

    let arrows = ARROWS.iter().enumerate().map(|(i, a)| {
        let is_last = last_arrow == Some(i);
        let class = classes!(
            "sd-arrow",
            visited.contains(&i).then_some("visited"),
            is_last.then_some("last"),
        );
        let title = a
            .label
            .iter()
            .map(|l| l.3)
            .collect::<Vec<_>>()
            .join(" / ");
        let d = polyline_d(a.points);
        let key = if is_last {
            format!("a{i}-{seq}")
        } else {
            format!("a{i}")
        };
        html! {
            <g {class} key={key} data-from={node_state(a.from).rfc_name()} data-to={node_state(a.to).rfc_name()}>
                <title>{ title }</title>
                <path class="sd-line" d={d.clone()} marker-end={if is_last { "url(#sd-head-lit)" } else { "url(#sd-head)" }} />
                if is_last {
                    <path class="sd-trace just-changed" d={d} pathLength="1" />
                }
                { for a.label.iter().map(|(x, y, anchor, text)| html! {
                    <text class="sd-label" x={format!("{x:.0}")} y={format!("{y:.0}")} text-anchor={anchor.svg()}>{ *text }</text>
                }) }
            </g>
        }
    });

    // A transition the figure does not draw gets its own curved arrow, labelled with its
    // cause.
    let extra = last
        .as_ref()
        .filter(|tr| current == Some(tr.to) && last_arrow.is_none())
        .map(|tr| {
            let a = node_center(Node::S(tr.from));
            let b = node_center(landing(tr.from, tr.to));
            let [s, c, e] = extra_curve(a, b);
            let d = format!(
                "M{:.0} {:.0} Q{:.0} {:.0} {:.0} {:.0}",
                s.0, s.1, c.0, c.1, e.0, e.1
            );
            let mid = (
                0.25 * s.0 + 0.5 * c.0 + 0.25 * e.0,
                0.25 * s.1 + 0.5 * c.1 + 0.25 * e.1,
            );
            let label = cause_label(lang, &tr.cause);
            html! {
                <g class="sd-arrow sd-extra last" key={format!("x-{seq}")} data-from={tr.from.rfc_name()} data-to={tr.to.rfc_name()}>
                    <path class="sd-line" d={d.clone()} marker-end="url(#sd-head-lit)" />
                    <path class="sd-trace just-changed" d={d} pathLength="1" />
                    <text class="sd-label sd-extra-label" x={format!("{:.0}", mid.0)} y={format!("{:.0}", mid.1 + 4.0)} text-anchor="middle">{ label }</text>
                </g>
            }
        });

    let nodes = NODES.iter().map(|n| {
        let st = node_state(*n);
        let (cx, cy) = node_center(*n);
        let is_lit = lit == Some(*n);
        let end = matches!(n, Node::ClosedEnd);
        let class = classes!(
            "sd-node",
            state_class(st),
            is_lit.then_some("current"),
            (is_lit && last.is_some()).then_some("just-changed"),
            end.then_some("closed-end"),
        );
        let key = match (is_lit, end) {
            (true, false) => format!("n{}-{seq}", st.rfc_name()),
            (true, true) => format!("nend-{seq}"),
            (false, false) => format!("n{}", st.rfc_name()),
            (false, true) => "nend".to_string(),
        };
        html! {
            <g {class} key={key} data-state={st.rfc_name()} transform={format!("translate({cx:.0},{cy:.0})")}>
                <rect x={format!("{:.0}", -HALF_W)} y={format!("{:.0}", -HALF_H)} width={format!("{:.0}", 2.0 * HALF_W)} height={format!("{:.0}", 2.0 * HALF_H)} rx="7" />
                <text class="sd-name" y="5" text-anchor="middle">{ box_name(st) }</text>
            </g>
        }
    });

    let who = followed.map(|s| SocketIdentity::of(p, s));
    let on_action = props.on_action.clone();
    let clear = who
        .as_ref()
        .and(p.selected_socket)
        .map(|_| on_action.reform(|_: MouseEvent| Action::SelectSocket(None)));

    html! {
        <section class="panel state-diagram" data-group="0" aria-label={t(lang, Key::StateDiagramTitle)}>
            <h2>{ t(lang, Key::StateDiagramTitle) }<span class="sub">{ "RFC 9293 §3.3.2" }</span></h2>
            <p class="sd-who" id="sd-who">
                if let Some(w) = &who {
                    <span class="mono">{ w.line() }</span>
                    if let Some(st) = current {
                        <span class={classes!("sd-now", state_class(st))}>{ st.rfc_name() }</span>
                    }
                    if w.gone { <span class="muted">{ format!(" ({})", t(lang, Key::SocketFreed)) }</span> }
                    if let Some(onclick) = clear { <button class="icon" title={t(lang, Key::FollowLatest)} aria-label={t(lang, Key::FollowLatest)} {onclick}>{ "×" }</button> }
                } else if udp {
                    <span class="muted">{ t(lang, Key::UdpNoStates) }</span>
                } else {
                    <span class="muted">{ t(lang, Key::NoTcpSocket) }</span>
                }
            </p>
            <svg class="sd" viewBox={format!("0 0 {VIEW_W} {VIEW_H}")} role="img" aria-label={t(lang, Key::StateDiagramTitle)}>
                <defs>
                    <marker id="sd-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0 0 L10 5 L0 10 z" class="sd-head" />
                    </marker>
                    <marker id="sd-head-lit" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M0 0 L10 5 L0 10 z" class="sd-head lit" />
                    </marker>
                </defs>
                <g class="sd-arrows">{ for arrows }</g>
                <g class="sd-extras">{ for extra }</g>
                <g class="sd-nodes">{ for nodes }</g>
            </svg>
            <Caption lang={lang} last={last.filter(|tr| current == Some(tr.to))} path={history.iter().map(|t| t.to).collect::<Vec<_>>()} first={history.first().map(|t| t.from)} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CaptionProps {
    lang: Lang,
    last: Option<Transition>,
    path: Vec<State>,
    first: Option<State>,
}

/// Under the diagram: the last change with its cause and rule, and the path so far.
#[component]
fn Caption(props: &CaptionProps) -> Html {
    let lang = props.lang;
    let Some(tr) = &props.last else {
        return html! { <p class="sd-caption muted" id="sd-caption">{ t(lang, Key::NoStateChangeYet) }</p> };
    };
    let mut trail: Vec<State> = props.first.into_iter().collect();
    trail.extend(props.path.iter().copied());
    // A long-lived socket's path can get long; the end is what matters.
    let skip = trail.len().saturating_sub(8);
    html! {
        <div class="sd-caption" id="sd-caption">
            <p class="sd-change just-changed" key={tr.seq.to_string()}>
                <span class="muted">{ format!("{}: ", t(lang, Key::LastChange)) }</span>
                <strong>{ format!("{} → {}", tr.from, tr.to) }</strong>
                <span class="sd-cause">{ format!(" · {}", cause_label(lang, &tr.cause)) }</span>
            </p>
            <p class="sd-rfc">{ rule_text(lang, tr.rule) }</p>
            <p class="sd-trail">
                <span class="muted">{ format!("{}: ", t(lang, Key::StatePath)) }</span>
                if skip > 0 { { "… → " } }
                { trail[skip..].iter().map(|s| s.rfc_name()).collect::<Vec<_>>().join(" → ") }
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sockscope_core::tcp::TcpCall;
    use sockscope_core::Duration;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn handshake() -> (World, SocketId, SocketId) {
        let (mut w, l, c) = sockscope_core::testkit::listener_and_client(3);
        w.advance(Duration::from_millis(100));
        (w, l, c)
    }

    #[test]
    fn every_state_has_a_box_and_boxes_do_not_overlap() {
        for s in State::ALL {
            assert!(NODES.contains(&Node::S(s)), "{s} missing");
        }
        for (i, a) in NODES.iter().enumerate() {
            let (ax, ay) = node_center(*a);
            assert!(ax - HALF_W >= 0.0 && ax + HALF_W <= VIEW_W, "{a:?}");
            assert!(ay - HALF_H >= 0.0 && ay + HALF_H <= VIEW_H, "{a:?}");
            for b in &NODES[i + 1..] {
                let (bx, by) = node_center(*b);
                let apart = (ax - bx).abs() > 2.0 * HALF_W || (ay - by).abs() > 2.0 * HALF_H + 20.0;
                assert!(apart, "{a:?} and {b:?} overlap");
            }
        }
    }

    #[test]
    fn arrows_start_and_end_on_their_boxes() {
        let on_box = |n: Node, (x, y): (f64, f64)| {
            let (cx, cy) = node_center(n);
            (x - cx).abs() <= HALF_W + 0.5 && (y - cy).abs() <= HALF_H + 0.5
        };
        for a in ARROWS {
            let first = a.points[0];
            let last = *a.points.last().unwrap();
            assert!(
                on_box(a.from, first),
                "{:?}→{:?} starts off its box",
                a.from,
                a.to
            );
            assert!(
                on_box(a.to, last),
                "{:?}→{:?} ends off its box",
                a.from,
                a.to
            );
            for (x, y, _, _) in a.label {
                assert!(
                    *x >= 0.0 && *x <= VIEW_W && *y >= 8.0 && *y <= VIEW_H,
                    "label off view"
                );
            }
        }
        // The RFC's twenty arrows, each pair once per cause kind.
        assert_eq!(ARROWS.len(), 20);
    }

    #[test]
    fn edge_points_sit_on_the_box_border() {
        let c = (100.0, 100.0);
        assert_eq!(edge_point(c, (300.0, 100.0)), (100.0 + HALF_W, 100.0));
        assert_eq!(edge_point(c, (100.0, 0.0)), (100.0, 100.0 - HALF_H));
        let (x, y) = edge_point(c, (400.0, 400.0));
        assert!((y - (100.0 + HALF_H)).abs() < 1e-9 && x > 100.0 && x < 100.0 + HALF_W);
        assert_eq!(edge_point(c, c), c);
        let [s, ctrl, e] = extra_curve((250.0, 308.0), (250.0, 44.0));
        assert!(ctrl.0 > 250.0 + HALF_W, "bows clear of LISTEN: {ctrl:?}");
        assert!(s.1 < 308.0 && e.1 > 44.0);
    }

    fn change(from: State, rule: Rule) -> Transition {
        let cause = Cause::Call {
            call: TcpCall::Close,
        };
        Transition {
            seq: 0,
            from,
            to: rule.to(),
            cause,
            rule,
        }
    }

    #[test]
    fn figure_arrows_are_keyed_by_rule() {
        let mut keyed = Vec::new();
        for a in ARROWS {
            if let Some(rule) = a.rule {
                let (from, to) = (node_state(a.from), node_state(a.to));
                assert!(rule.allows(from, to), "{rule:?} drawn as {from} -> {to}");
                assert!(!keyed.contains(&rule), "{rule:?} keys two arrows");
                keyed.push(rule);
            }
        }
        assert_eq!(
            keyed.len(),
            18,
            "all but SEND in LISTEN and RST back to LISTEN"
        );
        let close = figure_arrow(&change(State::SynSent, Rule::CloseSynSent));
        assert!(close.is_some());
        let refused = figure_arrow(&change(State::SynSent, Rule::SynSentRcvRst));
        assert_eq!(refused, None, "refused by RST: an arrow of its own");
        // A rule that leaves several states lights only the arrow from the state it left.
        assert!(figure_arrow(&change(State::Established, Rule::RcvFin)).is_some());
        assert_eq!(
            figure_arrow(&change(State::SynReceived, Rule::RcvFin)),
            None
        );
        assert_eq!(landing(State::TimeWait, State::Closed), Node::ClosedEnd);
        assert_eq!(landing(State::Established, State::Closed), S(State::Closed));
        assert_eq!(landing(State::FinWait2, State::Closed), Node::ClosedEnd);
    }

    #[test]
    fn the_caption_gives_the_rule_in_the_chosen_language() {
        let (w, _l, c) = handshake();
        let last = transitions(&w, c).pop().unwrap();
        assert_eq!(last.rule, Rule::SynSentRcvSynAck);
        let ko = rule_text(Lang::Ko, last.rule);
        assert!(ko.starts_with("RFC 9293 §3.10.7.3: "), "{ko}");
        assert!(ko.contains("전환"), "{ko}");
        assert_ne!(ko, rule_text(Lang::En, last.rule));
    }

    #[test]
    fn follows_the_last_changed_socket_and_lists_its_path() {
        let (w, l, c) = handshake();
        let last = last_changed_socket(&w).unwrap();
        assert_ne!(last, c, "the server's new connection changed last");
        assert_eq!(socket_state(&w, c), State::Established);
        assert_eq!(socket_state(&w, l), State::Listen);
        let path: Vec<_> = transitions(&w, c).iter().map(|t| t.to).collect();
        assert_eq!(path, vec![State::SynSent, State::Established]);
        assert!(is_tcp(&w, c));
        assert!(last_active_tcp(&w).is_some());
        let p = Playground::with_world(w, Lang::En);
        let who = SocketIdentity::of(&p, c);
        assert!(
            who.line().starts_with("B · #1 · 10.0.0.2:"),
            "{}",
            who.line()
        );
        assert!(who.line().ends_with("→ 10.0.0.1:80"));
    }

    #[test]
    fn a_freed_socket_is_closed_and_still_named_from_the_log() {
        let (mut w, _l, c) = handshake();
        w.abort(c).unwrap();
        w.advance(Duration::from_secs(1));
        assert_eq!(socket_state(&w, c), State::Closed);
        // The panels keep following a freed connection: its history is in the log.
        let followed = last_active_tcp(&w).unwrap();
        assert!(w.get_socket(followed).is_none(), "{followed}");
        assert!(is_tcp(&w, followed));
        let p = Playground::with_world(w, Lang::En);
        let who = SocketIdentity::of(&p, c);
        assert_eq!(who.host, "B");
        assert!(who.line().contains("→ 10.0.0.1:80"), "{}", who.line());
    }
}
