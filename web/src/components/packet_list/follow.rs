//! Follow TCP Stream: the conversation of one connection as its applications read it,
//! the client's words in one colour and the server's in another, as Wireshark shows it.

use crate::i18n::packets::{pk, side_line, stream_title, Pk};
use crate::i18n::Lang;
use sockscope_core::teach::capture::{escape_text, follow, Capture};
use yew::prelude::*;

/// Bytes shown at most: a bulk transfer's megabytes would only freeze the page.
const LIMIT: usize = 1 << 20;

/// The view of stream `stream`, with a way back and a way to filter the list on it.
pub fn view(
    lang: Lang,
    capture: &Capture,
    stream: u32,
    on_back: Callback<MouseEvent>,
    on_filter: Callback<MouseEvent>,
) -> Html {
    let f = follow(capture, stream, LIMIT);
    let ends = capture.stream(stream).map(|s| {
        let fmt = |(a, p): (std::net::Ipv4Addr, u16)| format!("{a}:{p}");
        (fmt(s.client), fmt(s.server))
    });
    let (client, server) = ends.unwrap_or_default();
    let chunks = f.chunks.iter().map(|c| {
        let (class, who) = match c.from_client {
            true => ("pk-c pk-client", pk(lang, Pk::Client)),
            false => ("pk-c pk-server", pk(lang, Pk::Server)),
        };
        html! { <pre class={class} aria-label={who}>{ escape_text(&c.bytes) }</pre> }
    });
    html! {
        <div class="pk-follow" id="pk-follow-view">
            <h3>{ stream_title(lang, stream) }</h3>
            <div class="pk-conv mono" role="log" id="pk-conv">
                if f.chunks.is_empty() { <p class="empty">{ pk(lang, Pk::NoData) }</p> }
                { for chunks }
            </div>
            if f.truncated { <p class="pk-note-line">{ pk(lang, Pk::Truncated) }</p> }
            <p class="pk-side pk-client">{ side_line(lang, true, &client, &server, f.totals[0]) }</p>
            <p class="pk-side pk-server">{ side_line(lang, false, &server, &client, f.totals[1]) }</p>
            <div class="pk-tools">
                <button id="pk-follow-filter" onclick={on_filter}>{ pk(lang, Pk::FilterStream) }</button>
                <button id="pk-follow-back" class="primary" onclick={on_back}>{ pk(lang, Pk::Back) }</button>
            </div>
        </div>
    }
}
