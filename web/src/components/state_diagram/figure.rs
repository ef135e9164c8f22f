//! RFC 9293 §3.3.2's figure, in the SVG's own units: where each state's box sits, and
//! the figure's arrows, each keyed by the rule of the RFC it stands for ([`Rule`]), with
//! its polyline and its label lines as the RFC prints them. Also the geometry of an
//! arrow the figure lacks (a curve bowed clear of the figure's own).

use crate::i18n::Lang;
use sockscope_core::tcp::{Rule, State};

pub const VIEW_W: f64 = 500.0;
pub const VIEW_H: f64 = 572.0;
pub const HALF_W: f64 = 58.0;
pub const HALF_H: f64 = 15.0;

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

pub fn node_state(n: Node) -> State {
    match n {
        Node::S(s) => s,
        Node::ClosedEnd => State::Closed,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    pub fn svg(self) -> &'static str {
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
pub struct Arrow {
    pub from: Node,
    pub to: Node,
    /// None for the figure's arrows this simulator never takes: SEND in LISTEN, and the
    /// RST that returns SYN-RECEIVED to LISTEN (here the listener's forked connection is
    /// deleted instead, a change to CLOSED by [`Rule::PassiveRcvRst`]).
    pub rule: Option<Rule>,
    pub points: &'static [(f64, f64)],
    pub label: &'static [(f64, f64, Anchor, &'static str)],
}

/// An arrow's label line in the page's language. The figure keeps the RFC's English
/// words ("rcv SYN", "snd SYN,ACK") as its keys; Korean students read them as received
/// and sent, with the calls (OPEN, CLOSE, SEND) and segment names left as the RFC and
/// the textbooks write them.
pub fn label_text(lang: Lang, text: &'static str) -> &'static str {
    if lang == Lang::En {
        return text;
    }
    match text {
        "passive OPEN" => "수동 OPEN",
        "active OPEN" => "능동 OPEN",
        "create TCB" => "TCB 생성",
        "delete TCB" => "TCB 삭제",
        "CLOSE" => "CLOSE 호출",
        "SEND" => "SEND 호출",
        "CLOSE / delete TCB" => "CLOSE 호출 / TCB 삭제",
        "rcv SYN" => "SYN 수신",
        "rcv SYN,ACK" => "SYN,ACK 수신",
        "rcv ACK of SYN" => "SYN의 ACK 수신",
        "rcv ACK of FIN" => "FIN의 ACK 수신",
        "rcv FIN" => "FIN 수신",
        "rcv RST" => "RST 수신",
        "snd SYN" => "SYN 송신",
        "snd SYN,ACK" => "SYN,ACK 송신",
        "snd ACK" => "ACK 송신",
        "snd FIN" => "FIN 송신",
        "x" => "송신 없음",
        "2MSL" => "2MSL 대기",
        other => other,
    }
}

use Anchor::{End as E, Middle as M, Start as St};
use Node::S;

pub const ARROWS: &[Arrow] = &[
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

/// The figure arrow a change by `rule` out of `from` took, if the figure has it: the one
/// the rule keys, from the state it left (a rule may leave several).
pub fn figure_arrow(from: State, rule: Rule) -> Option<usize> {
    ARROWS
        .iter()
        .position(|a| a.rule == Some(rule) && node_state(a.from) == from)
}

/// Where a transition into CLOSED lands: the bottom CLOSED after LAST-ACK and TIME-WAIT
/// (as the figure has it), else whichever CLOSED box is nearer.
pub fn landing(from: State, to: State) -> Node {
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

pub fn polyline_d(points: &[(f64, f64)]) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        d.push_str(if i == 0 { "M" } else { " L" });
        d.push_str(&format!("{x:.0} {y:.0}"));
    }
    d
}

pub fn state_class(s: State) -> String {
    format!("state-{}", s.rfc_name().to_lowercase())
}

/// The figure's spelling: the RFC box says SYN-RCVD and ESTAB for short.
pub fn box_name(s: State) -> &'static str {
    match s {
        State::SynReceived => "SYN-RCVD",
        other => other.rfc_name(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

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
    fn every_arrow_label_has_its_korean_words() {
        for a in ARROWS {
            for (_, _, _, text) in a.label {
                let ko = label_text(Lang::Ko, text);
                assert_ne!(ko, *text, "{text:?} has no Korean words");
                assert!(ko.chars().any(|c| ('가'..='힣').contains(&c)), "{ko}");
                assert_eq!(label_text(Lang::En, text), *text);
            }
        }
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
        let close = figure_arrow(State::SynSent, Rule::CloseSynSent);
        assert!(close.is_some());
        let refused = figure_arrow(State::SynSent, Rule::SynSentRcvRst);
        assert_eq!(refused, None, "refused by RST: an arrow of its own");
        // A rule that leaves several states lights only the arrow from the state it left.
        assert!(figure_arrow(State::Established, Rule::RcvFin).is_some());
        assert_eq!(figure_arrow(State::SynReceived, Rule::RcvFin), None);
        assert_eq!(landing(State::TimeWait, State::Closed), Node::ClosedEnd);
        assert_eq!(landing(State::Established, State::Closed), S(State::Closed));
        assert_eq!(landing(State::FinWait2, State::Closed), Node::ClosedEnd);
    }
}
