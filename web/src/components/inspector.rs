//! The packet inspector: the selected packet layer by layer (link, IPv4, TCP/UDP/ICMP,
//! payload), every header field with its value, and the bytes in hex. Point at a field
//! (or a byte) and its bytes light up; click to keep them lit.

use super::inspector_frame::{fields_of, find, hop_compare, Found};
use crate::components::view::WorldAt;
use crate::i18n::{frame_line, link_line, t, Key, Lang};
use crate::stagger::Group;
use crate::state::Action;
use sockscope_core::network::PacketId;
use sockscope_core::wire::dissect::{FieldSpan, FrameLayer};
use sockscope_core::HostId;
#[cfg(test)]
use sockscope_core::World;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub lang: Lang,
    /// The packet to show.
    pub selected: Option<PacketId>,
    /// Where its bytes are: on the wire or in the capture.
    pub world: WorldAt,
    pub on_action: Callback<Action>,
    /// Sequence numbers relative to each side's ISN (the packet list's toggle).
    #[prop_or_default]
    pub relative: bool,
}

pub const BYTES_PER_ROW: usize = 16;

pub fn layer_class(l: FrameLayer) -> &'static str {
    match l {
        FrameLayer::Ethernet => "layer-link",
        FrameLayer::Arp => "layer-arp",
        FrameLayer::Ipv4 => "layer-ipv4",
        FrameLayer::Tcp => "layer-tcp",
        FrameLayer::Udp => "layer-udp",
        FrameLayer::Icmp => "layer-icmp",
        FrameLayer::Payload => "layer-payload",
    }
}

fn layer_title(lang: Lang, l: FrameLayer) -> (String, &'static str) {
    match l {
        FrameLayer::Ethernet => ("Ethernet II".into(), "RFC 894"),
        FrameLayer::Arp => ("ARP".into(), "RFC 826"),
        FrameLayer::Ipv4 => ("IPv4".into(), "RFC 791"),
        FrameLayer::Tcp => ("TCP".into(), "RFC 9293"),
        FrameLayer::Udp => ("UDP".into(), "RFC 768"),
        FrameLayer::Icmp => ("ICMP".into(), "RFC 792"),
        FrameLayer::Payload => (t(lang, Key::Payload).into(), ""),
    }
}

/// For each byte, the field that owns it: the narrowest one covering it, the later on a
/// tie (so an MSS option wins over the "Options" span that holds just it).
pub fn byte_owners(fields: &[FieldSpan<FrameLayer>], len: usize) -> Vec<Option<usize>> {
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
pub fn group_layers(fields: &[FieldSpan<FrameLayer>]) -> Vec<(FrameLayer, Vec<usize>)> {
    let mut out: Vec<(FrameLayer, Vec<usize>)> = Vec::new();
    for (i, f) in fields.iter().enumerate() {
        match out.iter_mut().find(|(l, _)| *l == f.layer) {
            Some((_, v)) => v.push(i),
            None => out.push((f.layer, vec![i])),
        }
    }
    out
}

/// "20–39", or "13" for one byte.
pub fn byte_range<L>(f: &FieldSpan<L>) -> String {
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

/// The packet under the pointer and the one clicked, each with the field it was on: a
/// field lights up (its row and its bytes) while pointed at, and stays lit once clicked.
#[derive(Clone)]
struct Pointing {
    id: PacketId,
    hovered: UseStateHandle<Option<(PacketId, usize)>>,
    pinned: UseStateHandle<Option<(PacketId, usize)>>,
}

impl Pointing {
    fn enter(&self, i: usize) -> Callback<MouseEvent> {
        let (hovered, id) = (self.hovered.clone(), self.id);
        Callback::from(move |_: MouseEvent| hovered.set(Some((id, i))))
    }

    fn leave(&self) -> Callback<MouseEvent> {
        let hovered = self.hovered.clone();
        Callback::from(move |_: MouseEvent| hovered.set(None))
    }

    /// Pins field `i`, or lets it go if it was pinned.
    fn toggle(&self, i: usize) -> Callback<MouseEvent> {
        let (pinned, id) = (self.pinned.clone(), self.id);
        Callback::from(move |_: MouseEvent| {
            pinned.set((*pinned != Some((id, i))).then_some((id, i)));
        })
    }

    /// Pointing at a byte lights the field that owns it: one listener for the whole view.
    fn hex_over(&self, owners: Vec<Option<usize>>) -> Callback<MouseEvent> {
        let (hovered, id) = (self.hovered.clone(), self.id);
        Callback::from(move |e: MouseEvent| {
            let byte = e
                .target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                .and_then(|el| el.get_attribute("data-i"))
                .and_then(|s| s.parse::<usize>().ok());
            let field = byte.and_then(|b| owners.get(b).copied().flatten());
            hovered.set(field.map(|f| (id, f)));
        })
    }

    /// A click on the bytes pins (or lets go of) the field pointed at.
    fn hex_click(&self) -> Callback<MouseEvent> {
        let (pinned, hovered) = (self.pinned.clone(), self.hovered.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(h) = *hovered {
                pinned.set((*pinned != Some(h)).then_some(h));
            }
        })
    }

    /// The field lit now: pointed at, else pinned, on this packet.
    fn lit(&self) -> Option<usize> {
        let here = |v: Option<(PacketId, usize)>| v.filter(|(pk, _)| *pk == self.id);
        here(*self.hovered).or(here(*self.pinned)).map(|(_, i)| i)
    }

    fn pinned_here(&self) -> Option<usize> {
        self.pinned.filter(|(pk, _)| *pk == self.id).map(|(_, i)| i)
    }
}

/// One layer's header and its fields.
fn layer_view(
    lang: Lang,
    layer: FrameLayer,
    idx: Vec<usize>,
    fields: &[FieldSpan<FrameLayer>],
    pointing: &Pointing,
) -> Html {
    let (name, rfc) = layer_title(lang, layer);
    let first = idx.first().map_or(0, |i| fields[*i].offset);
    let last = idx
        .iter()
        .map(|i| fields[*i].offset + fields[*i].len)
        .max()
        .unwrap_or(first);
    let (lit, pinned) = (pointing.lit(), pointing.pinned_here());
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
                        (lit == Some(i)).then_some("lit"),
                        (pinned == Some(i)).then_some("pinned"),
                    );
                    let note = crate::i18n::field_note(lang, &f.name);
                    html! { <>
                        <tr {class} data-field={f.name.clone()} onmouseenter={pointing.enter(i)} onmouseleave={pointing.leave()} onclick={pointing.toggle(i)}>
                            <th scope="row">{ &f.name }</th>
                            <td class="value">{ &f.value }</td>
                            <td class="at">{ byte_range(f) }</td>
                        </tr>
                        if let Some(note) = note {
                            <tr class="field-note"><td colspan="3">{ note }</td></tr>
                        }
                    </> }
                }) }
                </tbody>
            </table>
        </div>
    }
}

/// The bytes in hex and ASCII, coloured by layer, the lit field's bytes highlighted.
fn hex_rows(
    bytes: &[u8],
    fields: &[FieldSpan<FrameLayer>],
    owners: &[Option<usize>],
    lit: Option<usize>,
) -> Html {
    let lit_range = lit
        .and_then(|i| fields.get(i))
        .map(|f| (f.offset as usize, (f.offset + f.len) as usize));
    bytes.chunks(BYTES_PER_ROW).enumerate().map(|(r, chunk)| {
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
    }).collect()
}

/// Whose defaults shaped the packet: a host that follows a stack profile other than
/// `rfc` sends what that kernel would (options, windows, timers), and the reader should
/// know it is not only the RFCs speaking (issue 16).
fn profile_note(world: &sockscope_core::World, src: HostId, lang: Lang) -> Option<String> {
    let h = world.host(src)?;
    if h.profile.is_rfc() && h.knobs.is_empty() {
        return None;
    }
    Some(crate::i18n::profile_note(
        lang,
        &h.name,
        h.profile.name(),
        !h.knobs.is_empty(),
    ))
}

#[component]
pub fn Inspector(props: &InspectorProps) -> Html {
    let lang = props.lang;
    let hovered = use_state_eq(|| None::<(PacketId, usize)>);
    let pinned = use_state_eq(|| None::<(PacketId, usize)>);
    let title = html! { <h2>{ t(lang, Key::InspectorTitle) }</h2> };
    let panel = |body: Html| {
        html! {
            <section class="panel inspector" data-group={Group::Log.attr()} aria-label={t(lang, Key::InspectorTitle)}>
                { title.clone() }
                { body }
            </section>
        }
    };
    let Some(id) = props.selected else {
        return panel(
            html! { <p class="empty" id="inspector-hint">{ t(lang, Key::InspectorHint) }</p> },
        );
    };
    let world_guard = props.world.get();
    let world = &*world_guard;
    let Some(Found {
        bytes,
        frame,
        src,
        dst,
        at,
        in_flight,
    }) = find(world, id)
    else {
        return panel(
            html! { <p class="empty">{ format!("#{} — {}", id.0, t(lang, Key::NotCaptured)) }</p> },
        );
    };
    let name = |h: HostId| {
        world
            .host(h)
            .map_or_else(|| "?".to_string(), |h| h.name.clone())
    };
    let bytes: &[u8] = &bytes;
    let bases = props
        .relative
        .then(|| sockscope_core::teach::capture::SeqBases::from_log(world.log()));
    let fields = fields_of(bytes, frame, |fields, datagram| {
        if let Some(bases) = &bases {
            crate::components::packet_list::relative::relabel_fields(fields, datagram, bases);
        }
    });
    let owners = byte_owners(&fields, bytes.len());
    let pointing = Pointing {
        id,
        hovered,
        pinned,
    };
    let layers = group_layers(&fields)
        .into_iter()
        .map(|(layer, idx)| layer_view(lang, layer, idx, &fields, &pointing));
    panel(html! { <>
        <p class="insp-what mono" id="inspector-what">
            { format!("#{} · {} → {} · {} B · {}", id.0, name(src), dst.map_or_else(|| "?".into(), name), bytes.len(), at) }
            if in_flight { <span class="insp-badge">{ t(lang, Key::InFlight) }</span> }
        </p>
        if let Some(note) = profile_note(world, src, lang) {
            <p class="insp-profile" id="insp-profile">{ note }</p>
        }
        if frame {
            { hop_compare(world, id, lang, &props.on_action) }
            <p class="link-line">{ frame_line(lang, bytes.len()) }</p>
        } else {
            <div class="insp-layer layer-link">
                <h3><span class="swatch" />{ t(lang, Key::Link) }</h3>
                <p class="link-line">{ link_line(lang, bytes.len()) }</p>
            </div>
        }
        { for layers }
        <p class="hex-hint muted">{ t(lang, Key::HexHint) }</p>
        <div class="hexview" onmouseover={pointing.hex_over(owners.clone())} onmouseleave={pointing.leave()} onclick={pointing.hex_click()}>
            { hex_rows(bytes, &fields, &owners, pointing.lit()) }
        </div>
    </> })
}

#[cfg(test)]
mod tests {
    use super::*;
    use sockscope_core::Protocol;
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
        let fields = fields_of(&bytes, false, |_, _| {});
        let owners = byte_owners(&fields, bytes.len());
        assert!(owners.iter().all(Option::is_some), "{owners:?}");
        // Byte 0 holds Version and IHL.
        assert!(["Version", "IHL"].contains(&fields[owners[0].unwrap()].name.as_str()));
        assert_eq!(fields[owners[20].unwrap()].name, "Source Port");
        let layers: Vec<FrameLayer> = group_layers(&fields).into_iter().map(|(l, _)| l).collect();
        assert_eq!(layers, vec![FrameLayer::Ipv4, FrameLayer::Tcp]);
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
