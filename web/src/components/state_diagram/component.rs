//! The view: the figure drawn with the model's lit box and arrows, who the socket is
//! above, and the last change with its cause and rule below.

use super::figure::{
    box_name, extra_curve, label_text, landing, node_center, node_state, polyline_d, state_class,
    Arrow, Node, ARROWS, HALF_H, HALF_W, NODES, VIEW_H, VIEW_W,
};
use super::model::Model;
use crate::components::view::At;
use crate::i18n::{cause_label, rule_text, t, Key, Lang};
use crate::state::Action;
use sockscope_core::tcp::State;
use sockscope_core::teach::session::{Session, Transition};
use sockscope_core::SocketId;
use std::rc::Rc;
use yew::prelude::*;

/// What the diagram is given: the run as of its group's version, the language, and the
/// socket the user picked (else it follows the latest).
#[derive(Properties, PartialEq)]
pub struct StateDiagramProps {
    pub lang: Lang,
    pub session: At<Session>,
    pub selected: Option<SocketId>,
    pub on_action: Callback<Action>,
}

/// The model for these props, computed again only when the version or the pick changes.
#[hook]
pub fn use_model(session: &At<Session>, selected: Option<SocketId>) -> Rc<Model> {
    let at = session.clone();
    use_memo((session.version(), selected), move |(_, selected)| {
        Model::of(&at.get(), *selected)
    })
}

#[component]
pub fn StateDiagram(props: &StateDiagramProps) -> Html {
    let lang = props.lang;
    let m = use_model(&props.session, props.selected);
    let seq = m.seq();
    let arrows = ARROWS
        .iter()
        .enumerate()
        .map(|(i, a)| arrow(lang, i, a, &m, seq));
    let extra = m.extra().map(|tr| extra_arrow(lang, tr, seq));
    let nodes = NODES.iter().map(|n| node(*n, &m, seq));
    let clear = m.who.as_ref().and(props.selected).map(|_| {
        props
            .on_action
            .reform(|_: MouseEvent| Action::SelectSocket(None))
    });
    let last = m.last_change().cloned();
    let path = m.history.iter().map(|t| t.to).collect::<Vec<_>>();
    let first = m.history.first().map(|t| t.from);
    html! {
        <section class="panel state-diagram" data-group="0" aria-label={t(lang, Key::StateDiagramTitle)}>
            <h2>{ t(lang, Key::StateDiagramTitle) }<span class="sub">{ "RFC 9293 §3.3.2" }</span></h2>
            { who_line(lang, &m, clear) }
            <svg class="sd" viewBox={format!("0 0 {VIEW_W} {VIEW_H}")} role="img" aria-label={t(lang, Key::StateDiagramTitle)}>
                { markers() }
                <g class="sd-arrows">{ for arrows }</g>
                <g class="sd-extras">{ for extra }</g>
                <g class="sd-nodes">{ for nodes }</g>
            </svg>
            <Caption {lang} {last} {path} {first} />
        </section>
    }
}

/// Above the figure: who the followed socket is and its state, or why none is followed.
fn who_line(lang: Lang, m: &Model, clear: Option<Callback<MouseEvent>>) -> Html {
    html! {
        <p class="sd-who" id="sd-who">
            if let Some(w) = &m.who {
                <span class="mono">{ w.line() }</span>
                if let Some(st) = m.current {
                    <span class={classes!("sd-now", state_class(st))}>{ st.rfc_name() }</span>
                }
                if w.gone { <span class="muted">{ format!(" ({})", t(lang, Key::SocketFreed)) }</span> }
                if let Some(onclick) = clear { <button class="icon" title={t(lang, Key::FollowLatest)} aria-label={t(lang, Key::FollowLatest)} {onclick}>{ "×" }</button> }
            } else if m.udp {
                <span class="muted">{ t(lang, Key::UdpNoStates) }</span>
            } else {
                <span class="muted">{ t(lang, Key::NoTcpSocket) }</span>
            }
        </p>
    }
}

/// The arrowheads: plain, and lit for the last change.
fn markers() -> Html {
    html! {
        <defs>
            <marker id="sd-head" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0 0 L10 5 L0 10 z" class="sd-head" />
            </marker>
            <marker id="sd-head-lit" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                <path d="M0 0 L10 5 L0 10 z" class="sd-head lit" />
            </marker>
        </defs>
    }
}

/// One of the figure's arrows, marked if taken; the last one taken is traced (keyed by
/// the change's number, so a new change replays the trace).
fn arrow(lang: Lang, i: usize, a: &Arrow, m: &Model, seq: u64) -> Html {
    let is_last = m.last_arrow == Some(i);
    let class = classes!(
        "sd-arrow",
        m.visited.contains(&i).then_some("visited"),
        is_last.then_some("last"),
    );
    let title = a
        .label
        .iter()
        .map(|l| label_text(lang, l.3))
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
                <text class="sd-label" x={format!("{x:.0}")} y={format!("{y:.0}")} text-anchor={anchor.svg()}>{ label_text(lang, text) }</text>
            }) }
        </g>
    }
}

/// A change the figure does not draw, as a curved arrow of its own labelled with its
/// cause.
fn extra_arrow(lang: Lang, tr: &Transition, seq: u64) -> Html {
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
}

/// One state's box, lit if the socket is in it.
fn node(n: Node, m: &Model, seq: u64) -> Html {
    let st = node_state(n);
    let (cx, cy) = node_center(n);
    let is_lit = m.lit == Some(n);
    let end = matches!(n, Node::ClosedEnd);
    let class = classes!(
        "sd-node",
        state_class(st),
        is_lit.then_some("current"),
        (is_lit && m.last().is_some()).then_some("just-changed"),
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
