//! The packet list, as a Wireshark user expects it: No., Time, Source, Destination,
//! Protocol, Length and Info columns, a display filter (its error under it in the page's
//! language), expert marks coloured and named, relative or absolute sequence numbers,
//! Follow TCP Stream, and the capture as pcapng. The capture is decoded once per change
//! of the run (see `model::key`), and only the rows in view are drawn.

mod follow;
pub mod model;
pub mod relative;
mod rows;

use crate::components::view::WorldAt;
use crate::i18n::packets::{pk, shown as shown_text, Pk};
use crate::i18n::Lang;
use crate::state::packets::PacketsAction;
use crate::state::Action;
use sockscope_core::network::PacketId;
use sockscope_core::teach::capture::{filter::field_names, pcapng, Capture, Filter, FilterError};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PacketListProps {
    pub lang: Lang,
    pub world: WorldAt,
    pub selected: Option<PacketId>,
    /// Sequence numbers relative to each side's ISN (the page's toggle).
    pub relative: bool,
    pub on_action: Callback<Action>,
}

/// The filter box's state: what is typed, the last text that parsed (applied), and
/// the error of what is typed, if any.
#[derive(Clone, PartialEq, Default)]
struct FilterBox {
    text: String,
    applied: String,
    error: Option<FilterError>,
}

impl FilterBox {
    fn typed(&self, text: String) -> FilterBox {
        match Filter::parse(&text) {
            Ok(_) => FilterBox {
                applied: text.clone(),
                text,
                error: None,
            },
            Err(e) => FilterBox {
                text,
                applied: self.applied.clone(),
                error: Some(e),
            },
        }
    }
}

/// Hands the browser the capture as a pcapng file, each touched packet commented.
fn download_pcapng(capture: &Capture, lang: Lang, on_action: &Callback<Action>) {
    let bytes = pcapng(capture, lang);
    if let Err(e) =
        crate::components::share::download("sockscope.pcapng", "application/x-pcapng", &bytes)
    {
        on_action.emit(Action::Notice(format!("{e:?}")));
    }
}

/// The list's scroll offset, viewport height and row height (a drawn row's, else the
/// wide one): narrow lists have taller rows (see `styles/packets.css`).
fn measure(el: &web_sys::Element) -> (f64, f64, f64) {
    let row = el
        .query_selector(".pk-body .pk-row")
        .ok()
        .flatten()
        .and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok())
        .map(|r| f64::from(r.offset_height()))
        .filter(|h| *h > 0.0)
        .unwrap_or(model::ROW_PX);
    (
        f64::from(el.scroll_top()),
        f64::from(el.client_height()),
        row,
    )
}

/// The display filter's box, the field names it suggests, and its error under it.
fn filter_bar(lang: Lang, filter: &UseStateHandle<FilterBox>) -> Html {
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let text = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            filter.set(filter.typed(text));
        })
    };
    let error = filter.error.as_ref().map(|e| e.message(lang));
    html! { <>
        <div class="pk-bar">
            <label for="pk-filter">{ pk(lang, Pk::FilterLabel) }</label>
            <input id="pk-filter" class="mono" type="text" list="pk-fields" value={filter.text.clone()}
                placeholder={pk(lang, Pk::FilterPlaceholder)} spellcheck="false" autocomplete="off"
                aria-invalid={error.is_some().to_string()} aria-describedby="pk-filter-error"
                oninput={on_filter} />
            <datalist id="pk-fields">{ for field_names().map(|n| html! { <option value={n} /> }) }</datalist>
        </div>
        if let Some(error) = error {
            <p class="field-error" id="pk-filter-error" role="alert">{ error }</p>
        }
    </> }
}

/// The toolbar's controls: the sequence-number toggle, Follow (when a TCP row is
/// selected), Inspect, and the pcapng download.
fn tools(
    props: &PacketListProps,
    live: &Rc<std::cell::RefCell<Capture>>,
    tcp: bool,
    on_follow: Callback<MouseEvent>,
) -> Html {
    let lang = props.lang;
    let on_relative = props.on_action.reform(|e: Event| {
        let on = e
            .target_unchecked_into::<web_sys::HtmlInputElement>()
            .checked();
        Action::Packets(PacketsAction::SetRelative(on))
    });
    let on_pcapng = {
        let (live, on_action) = (live.clone(), props.on_action.clone());
        Callback::from(move |_| download_pcapng(&live.borrow(), lang, &on_action))
    };
    html! { <>
        <label class="pk-toggle">
            <input type="checkbox" id="pk-relative" checked={props.relative} onchange={on_relative} />
            { pk(lang, Pk::Relative) }
        </label>
        <button id="pk-follow" disabled={!tcp} onclick={on_follow}
            title={pk(lang, Pk::FollowHint)}>{ pk(lang, Pk::Follow) }</button>
        <button id="pk-inspect" disabled={props.selected.is_none()}
            onclick={Callback::from(|_| open_inspector())}>{ pk(lang, Pk::Inspect) }</button>
        <button id="pk-pcapng" onclick={on_pcapng}>{ pk(lang, Pk::Pcapng) }</button>
    </> }
}

/// Follow TCP Stream in place of the list, with its ways back: to the list, or to the
/// list filtered on the stream (`tcp.stream eq N`, as Wireshark does).
fn follow_body(
    lang: Lang,
    capture: &Capture,
    stream: u32,
    follow: &UseStateHandle<Option<u32>>,
    filter: &UseStateHandle<FilterBox>,
) -> Html {
    let back = {
        let follow = follow.clone();
        Callback::from(move |_| follow.set(None))
    };
    let to_filter = {
        let (follow, filter) = (follow.clone(), filter.clone());
        Callback::from(move |_| {
            filter.set(filter.typed(format!("tcp.stream eq {stream}")));
            follow.set(None);
        })
    };
    follow::view(lang, capture, stream, back, to_filter)
}

/// The arrows (and Home, End, Page Up, Page Down) on the list: the next shown row is
/// selected and scrolled into view.
fn key_handler(
    shown: Rc<Vec<u32>>,
    live: Rc<std::cell::RefCell<Capture>>,
    list: NodeRef,
    at: Option<usize>,
    on_action: Callback<Action>,
) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        let Some(el) = list.cast::<web_sys::Element>() else {
            return;
        };
        let (top, height, row) = measure(&el);
        let page = ((height / row) as usize).max(1);
        let Some(to) = model::moved(&e.key(), at, shown.len(), page) else {
            return;
        };
        e.prevent_default();
        let id = shown
            .get(to)
            .and_then(|&i| live.borrow().rows.get(i as usize).map(|r| r.id));
        if let Some(id) = id {
            on_action.emit(Action::SelectPacket(Some(id)));
        }
        el.set_scroll_top(model::scroll_to(to, top, height, row) as i32);
    })
}

/// Shows the inspector's tab (the dock's own button, so the dock stays in charge).
fn open_inspector() {
    let tab = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("tab-inspector"))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(tab) = tab {
        tab.click();
    }
}

#[component]
pub fn PacketList(props: &PacketListProps) -> Html {
    let lang = props.lang;
    let key = model::key(&props.world.get());
    // The decoded capture, kept between renders and brought up to date when the run
    // changed: a growing capture decodes only its new packets.
    let live = use_mut_ref(Capture::default);
    {
        let (world, live) = (props.world.clone(), live.clone());
        use_memo(key, move |_| live.borrow_mut().update(&world.get()));
    }
    let filter = use_state(FilterBox::default);
    let shown = {
        let live = live.clone();
        use_memo(
            (key, filter.applied.clone(), props.relative),
            move |(_, text, relative)| {
                let f = Filter::parse(text).unwrap_or_else(|_| Filter::parse("").expect("empty"));
                f.select(&live.borrow(), *relative)
            },
        )
    };
    let follow = use_state(|| None::<u32>);
    // Scroll offset, viewport height and row height, as last measured.
    let scroll = use_state(|| (0.0f64, 480.0f64, model::ROW_PX));
    let list = use_node_ref();
    let capture = live.borrow();
    let selected_pos = props
        .selected
        .and_then(|id| capture.row_of(id))
        .and_then(|i| shown.iter().position(|&s| s as usize == i));
    let selected_row = selected_pos
        .and_then(|p| shown.get(p))
        .and_then(|&i| capture.rows.get(i as usize));
    let stream = selected_row.and_then(|r| r.stream);
    {
        // A packet picked elsewhere (the picture, the ladder, the log) is brought into
        // view here too; a row already visible does not move the list.
        let list = list.clone();
        use_effect_with(selected_pos, move |pos| {
            if let (Some(to), Some(el)) = (*pos, list.cast::<web_sys::Element>()) {
                let (top, height, row) = measure(&el);
                let want = model::scroll_to(to, top, height, row);
                if (want - top).abs() >= 1.0 {
                    el.set_scroll_top(want as i32);
                }
            }
        });
    }

    let on_scroll = {
        let scroll = scroll.clone();
        Callback::from(move |e: Event| {
            scroll.set(measure(&e.target_unchecked_into::<web_sys::Element>()));
        })
    };
    let on_key = key_handler(
        shown.clone(),
        live.clone(),
        list.clone(),
        selected_pos,
        props.on_action.clone(),
    );
    let on_follow = {
        let follow = follow.clone();
        Callback::from(move |_| follow.set(stream))
    };
    let body = match *follow {
        Some(s) => follow_body(lang, &capture, s, &follow, &filter),
        None => {
            let drawn = rows::Drawn {
                lang,
                relative: props.relative,
                selected: props.selected,
                shown: &shown,
                range: model::window(scroll.0, scroll.1, scroll.2, shown.len()),
                on_action: &props.on_action,
            };
            html! {
                <div class="pk-scroll" ref={list} tabindex="0" role="grid" id="pk-list"
                    aria-label={pk(lang, Pk::ListLabel)} aria-rowcount={shown.len().to_string()}
                    onscroll={on_scroll} onkeydown={on_key}>
                    { rows::header(lang) }
                    { rows::body(&capture, &drawn) }
                    if capture.rows.is_empty() { <p class="empty pk-empty">{ pk(lang, Pk::Empty) }</p> }
                </div>
            }
        }
    };
    html! {
        <section class="panel packets" id="packets">
            { filter_bar(lang, &filter) }
            <div class="pk-tools">
                { tools(props, &live, stream.is_some(), on_follow) }
                <span class="pk-count" id="pk-count" aria-live="polite">{ shown_text(lang, shown.len(), capture.rows.len()) }</span>
            </div>
            { body }
        </section>
    }
}
