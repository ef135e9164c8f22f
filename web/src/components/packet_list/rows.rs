//! The rows of the list: only those in view are drawn (a long run's capture has tens of
//! thousands), each placed at its own height inside a body as tall as all of them.

use super::model::{mark_class, row_class, time};
use crate::i18n::packets::{pk, Pk};
use crate::i18n::Lang;
use crate::state::Action;
use sockscope_core::network::PacketId;
use sockscope_core::teach::capture::Capture;
use yew::prelude::*;

/// The header row, sticky at the top of the scrolled list.
pub fn header(lang: Lang) -> Html {
    let cols = [
        Pk::No,
        Pk::Time,
        Pk::Source,
        Pk::Destination,
        Pk::Protocol,
        Pk::Length,
        Pk::Info,
    ];
    html! {
        <div class="pk-row pk-head" role="row">
            { for cols.iter().map(|c| html! { <span role="columnheader">{ pk(lang, *c) }</span> }) }
        </div>
    }
}

/// What the drawn rows need besides the capture.
pub struct Drawn<'a> {
    pub lang: Lang,
    pub relative: bool,
    pub selected: Option<PacketId>,
    /// Rows shown (indexes into the capture), after the filter.
    pub shown: &'a [u32],
    pub range: std::ops::Range<usize>,
    pub on_action: &'a Callback<Action>,
}

/// The body: as tall as every shown row, holding only those in `range`.
pub fn body(capture: &Capture, d: &Drawn) -> Html {
    // Heights come from the stylesheet's --row (one line wide, two lines narrow).
    let height = format!("--n: {}", d.shown.len());
    let rows = d.range.clone().filter_map(|pos| {
        let i = *d.shown.get(pos)? as usize;
        Some(row(capture, d, pos, i))
    });
    html! { <div class="pk-body" style={height}>{ for rows }</div> }
}

fn row(capture: &Capture, d: &Drawn, pos: usize, i: usize) -> Html {
    let r = &capture.rows[i];
    let selected = d.selected == Some(r.id);
    let id = r.id;
    let onclick = d.on_action.reform(move |_| Action::SelectPacket(Some(id)));
    let addr = |a: Option<std::net::Ipv4Addr>| a.map(|a| a.to_string()).unwrap_or_default();
    let marks = r.marks.iter().map(|m| {
        let text = match d.lang {
            Lang::En => m.tag(),
            Lang::Ko => m.label(Lang::Ko),
        };
        let title = format!("{} ({})", m.tag(), m.label(d.lang));
        html! { <span class={mark_class(*m)} title={title}>{ text }</span> }
    });
    // What the user's hands (or the path) did to it, from the log.
    let notes = capture.notes.get(&r.id).into_iter().flatten().map(|n| {
        html! { <span class="pk-mark pk-user" title={n.message(d.lang)}>{ n.short(d.lang) }</span> }
    });
    let style = format!("--i: {pos}");
    let info = capture.info_body(i, d.relative);
    html! {
        <div key={r.no} class={classes!("pk-row", row_class(r), selected.then_some("selected"))}
            role="row" aria-selected={selected.to_string()} data-no={r.no.to_string()}
            style={style} {onclick}>
            <span>{ r.no }</span>
            <span>{ time(r.at) }</span>
            <span>{ addr(r.src()) }</span>
            <span>{ addr(r.dst()) }</span>
            <span>{ r.protocol() }</span>
            <span>{ r.len }</span>
            <span class="pk-info" title={info.clone()}>{ for notes }{ for marks }{ info }</span>
        </div>
    }
}
