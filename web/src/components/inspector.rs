//! The packet inspector: the selected packet layer by layer (link, IPv4, TCP/UDP/ICMP,
//! payload), every header field with its value, and the bytes in hex. Point at a field
//! (or a byte) and its bytes light up; click to keep them lit.

use crate::components::view::WorldAt;
use crate::i18n::{link_line, t, Key, Lang};
use crate::stagger::Group;
use crate::state::Action;
use sockscope_core::network::PacketId;
use sockscope_core::wire::dissect::{dissect, FieldSpan, Layer};
use sockscope_core::{HostId, Instant};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub lang: Lang,
    /// The packet to show.
    pub selected: Option<PacketId>,
    /// Where its bytes are: on the wire or in the capture.
    pub world: WorldAt,
    pub on_action: Callback<Action>,
}

pub const BYTES_PER_ROW: usize = 16;

pub fn layer_class(l: Layer) -> &'static str {
    match l {
        Layer::Ipv4 => "layer-ipv4",
        Layer::Tcp => "layer-tcp",
        Layer::Udp => "layer-udp",
        Layer::Icmp => "layer-icmp",
        Layer::Payload => "layer-payload",
    }
}

fn layer_title(lang: Lang, l: Layer) -> (String, &'static str) {
    match l {
        Layer::Ipv4 => ("IPv4".into(), "RFC 791"),
        Layer::Tcp => ("TCP".into(), "RFC 9293"),
        Layer::Udp => ("UDP".into(), "RFC 768"),
        Layer::Icmp => ("ICMP".into(), "RFC 792"),
        Layer::Payload => (t(lang, Key::Payload).into(), ""),
    }
}

/// For each byte, the field that owns it: the narrowest one covering it, the later on a
/// tie (so an MSS option wins over the "Options" span that holds just it).
pub fn byte_owners(fields: &[FieldSpan], len: usize) -> Vec<Option<usize>> {
    let mut owner: Vec<Option<usize>> = vec![None; len];
    for (i, f) in fields.iter().enumerate() {
        let start = f.offset as usize;
        let end = (start + f.len as usize).min(len);
        for slot in owner.iter_mut().take(end).skip(start) {
            let narrower = match *slot {
                None => true,
                Some(j) => f.len <= fields[j].len,
            };
            if narrower {
                *slot = Some(i);
            }
        }
    }
    owner
}

/// The layers present, in wire order, with their fields' indices.
pub fn group_layers(fields: &[FieldSpan]) -> Vec<(Layer, Vec<usize>)> {
    let mut out: Vec<(Layer, Vec<usize>)> = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        match out.iter_mut().find(|(l, _)| *l == f.layer) {
            Some((_, v)) => v.push(i),
            None => out.push((f.layer, vec![i])),
        }
    }
    out
}

/// "20–39", or "13" for one byte.
pub fn byte_range(f: &FieldSpan) -> String {
    if f.len <= 1 {
        f.offset.to_string()
    } else {
        format!("{}–{}", f.offset, f.offset + f.len - 1)
    }
}

fn ascii(b: u8) -> char {
    if (0x20..0x7f).contains(&b) {
        char::from(b)
    } else {
        '·'
    }
}

#[component]
pub fn Inspector(props: &InspectorProps) -> Html {
    let lang = props.lang;
    // The field under the pointer, and the one clicked, each for the packet it was on.
    let hovered = use_state_eq(|| None::<(PacketId, usize)>);
    let pinned = use_state_eq(|| None::<(PacketId, usize)>);

    let title = html! { <h2>{ t(lang, Key::InspectorTitle) }</h2> };
    let Some(id) = props.selected else {
        return html! {
            <section class="panel inspector" data-group={Group::Log.attr()} aria-label={t(lang, Key::InspectorTitle)}>
                { title }
                <p class="empty" id="inspector-hint">{ t(lang, Key::InspectorHint) }</p>
            </section>
        };
    };
    let world_guard = props.world.get();
    let world = &*world_guard;
    let (bytes, src, dst, at, in_flight): (&[u8], HostId, Option<HostId>, Instant, bool) =
        if let Some(f) = world.network().packet(id) {
            (&f.bytes, f.src, f.dst, f.sent_at, true)
        } else if let Some(c) = world.captured(id) {
            let dst = c
                .bytes
                .get(16..20)
                .and_then(|a| <[u8; 4]>::try_from(a).ok())
                .and_then(|a| world.host_by_addr(a.into()))
                .map(|h| h.id);
            (&c.bytes, c.src, dst, c.at, false)
        } else {
            return html! {
                <section class="panel inspector" data-group={Group::Log.attr()} aria-label={t(lang, Key::InspectorTitle)}>
                    { title }
                    <p class="empty">{ format!("#{} — {}", id.0, t(lang, Key::NotCaptured)) }</p>
                </section>
            };
        };
    let name = |h: HostId| {
        world
            .host(h)
            .map_or_else(|| "?".to_string(), |h| h.name.clone())
    };
    let fields = dissect(bytes);
    let owners = byte_owners(&fields, bytes.len());
    let lit = hovered
        .filter(|(pk, _)| *pk == id)
        .or(pinned.filter(|(pk, _)| *pk == id))
        .map(|(_, i)| i)
        .and_then(|i| fields.get(i).map(|f| (i, f)));
    let lit_range = lit.map(|(_, f)| (f.offset as usize, (f.offset + f.len) as usize));
    let pinned_here = pinned.filter(|(pk, _)| *pk == id).map(|(_, i)| i);

    let enter = |i: usize| {
        let hovered = hovered.clone();
        Callback::from(move |_: MouseEvent| hovered.set(Some((id, i))))
    };
    let leave = {
        let hovered = hovered.clone();
        Callback::from(move |_: MouseEvent| hovered.set(None))
    };
    let toggle = |i: usize| {
        let pinned = pinned.clone();
        Callback::from(move |_: MouseEvent| {
            if *pinned == Some((id, i)) {
                pinned.set(None);
            } else {
                pinned.set(Some((id, i)));
            }
        })
    };

    let layers = group_layers(&fields).into_iter().map(|(layer, idx)| {
        let (name, rfc) = layer_title(lang, layer);
        let first = idx.first().map_or(0, |i| fields[*i].offset);
        let last = idx
            .iter()
            .map(|i| fields[*i].offset + fields[*i].len)
            .max()
            .unwrap_or(first);
        html! {
            <div class={classes!("insp-layer", layer_class(layer))} key={format!("{layer:?}")}>
                <h3>
                    <span class="swatch" />{ name }
                    if !rfc.is_empty() { <span class="rfc">{ rfc }</span> }
                    <span class="range">{ format!("{} B · {first}–{}", last - first, last.saturating_sub(1)) }</span>
                </h3>
                <table class="fields">
                    <tbody>
                    { for idx.into_iter().map(|i| {
                        let f = &fields[i];
                        let class = classes!(
                            "field",
                            (lit.map(|(j, _)| j) == Some(i)).then_some("lit"),
                            (pinned_here == Some(i)).then_some("pinned"),
                        );
                        html! {
                            <tr {class} data-field={f.name.clone()} onmouseenter={enter(i)} onmouseleave={leave.clone()} onclick={toggle(i)}>
                                <th scope="row">{ &f.name }</th>
                                <td class="value">{ &f.value }</td>
                                <td class="at">{ byte_range(f) }</td>
                            </tr>
                        }
                    }) }
                    </tbody>
                </table>
            </div>
        }
    });

    // Pointing at a byte lights the field that owns it: one listener for the whole view.
    let on_hex_over = {
        let hovered = hovered.clone();
        let owners = owners.clone();
        Callback::from(move |e: MouseEvent| {
            let byte = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .and_then(|el| el.get_attribute("data-i"))
                .and_then(|s| s.parse::<usize>().ok());
            let field = byte.and_then(|b| owners.get(b).copied().flatten());
            hovered.set(field.map(|f| (id, f)));
        })
    };
    let on_hex_click = {
        let pinned = pinned.clone();
        let hovered = hovered.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(h) = *hovered {
                if *pinned == Some(h) {
                    pinned.set(None);
                } else {
                    pinned.set(Some(h));
                }
            }
        })
    };
    let rows = bytes.chunks(BYTES_PER_ROW).enumerate().map(|(r, chunk)| {
        let base = r * BYTES_PER_ROW;
        let cell = |k: usize, text: String| {
            let i = base + k;
            let layer = owners[i].map_or("layer-none", |f| layer_class(fields[f].layer));
            let hl = lit_range.is_some_and(|(s, e)| i >= s && i < e);
            html! { <span class={classes!("hb", layer, hl.then_some("hl"))} data-i={i.to_string()}>{ text }</span> }
        };
        html! {
            <div class="hex-row">
                <span class="off">{ format!("{base:04x}") }</span>
                <span class="hex">{ for chunk.iter().enumerate().map(|(k, b)| cell(k, format!("{b:02x}"))) }</span>
                <span class="asc">{ for chunk.iter().enumerate().map(|(k, b)| cell(k, ascii(*b).to_string())) }</span>
            </div>
        }
    });

    let status = if in_flight {
        t(lang, Key::InFlight)
    } else {
        ""
    };
    html! {
        <section class="panel inspector" data-group={Group::Log.attr()} aria-label={t(lang, Key::InspectorTitle)}>
            { title }
            <p class="insp-what mono" id="inspector-what">
                { format!("#{} · {} → {} · {} B · {}", id.0, name(src), dst.map_or_else(|| "?".into(), name), bytes.len(), at) }
                if in_flight { <span class="insp-badge">{ status }</span> }
            </p>
            <div class="insp-layer layer-link">
                <h3><span class="swatch" />{ t(lang, Key::Link) }</h3>
                <p class="link-line">{ link_line(lang, bytes.len()) }</p>
            </div>
            { for layers }
            <p class="hex-hint muted">{ t(lang, Key::HexHint) }</p>
            <div class="hexview" onmouseover={on_hex_over} onmouseleave={leave} onclick={on_hex_click}>
                { for rows }
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sockscope_core::{Protocol, World};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn syn_bytes() -> Vec<u8> {
        let mut w = World::with_seed(2);
        let a = w.spawn_host_str("A", "10.0.0.1").unwrap();
        w.spawn_host_str("B", "10.0.0.2").unwrap();
        let s = w.socket(a, Protocol::Tcp).unwrap();
        w.connect(s, "10.0.0.2:80".parse().unwrap()).unwrap();
        w.capture()[0].bytes.clone()
    }

    #[test]
    fn every_byte_of_a_syn_has_an_owner_and_layers_come_in_wire_order() {
        let bytes = syn_bytes();
        let fields = dissect(&bytes);
        let owners = byte_owners(&fields, bytes.len());
        assert!(owners.iter().all(Option::is_some), "{owners:?}");
        // Byte 0 holds Version and IHL.
        assert!(["Version", "IHL"].contains(&fields[owners[0].unwrap()].name.as_str()));
        assert_eq!(fields[owners[20].unwrap()].name, "Source Port");
        let layers: Vec<Layer> = group_layers(&fields).into_iter().map(|(l, _)| l).collect();
        assert_eq!(layers, vec![Layer::Ipv4, Layer::Tcp]);
        let sp = fields.iter().find(|f| f.name == "Source Port").unwrap();
        assert_eq!(byte_range(sp), "20–21");
        // An MSS option is narrower than "Options", so it owns its bytes.
        if let Some(opts) = fields.iter().find(|f| f.name == "Options") {
            let o = opts.offset as usize;
            assert_ne!(fields[owners[o].unwrap()].name, "Options");
        }
    }

    #[test]
    fn the_link_line_counts_ethernet_overhead_in_both_languages() {
        let en = link_line(Lang::En, 40);
        assert!(en.contains("14 bytes") && en.contains("64 bytes"), "{en}");
        assert!(link_line(Lang::En, 1500).contains("1518 bytes"));
        let ko = link_line(Lang::Ko, 100);
        assert!(ko.contains("118바이트"), "{ko}");
        assert_eq!(ascii(b'A'), 'A');
        assert_eq!(ascii(0), '·');
    }
}
