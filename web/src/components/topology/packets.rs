//! Packets in the picture: how each looks, drawn as a labelled box when few (focusable,
//! its menu opened by click, Enter or Space) or as dots on a canvas when many, and the
//! menu of hands on the selected one (arrow keys move in it, Escape closes it).

use super::dom::{focus, focus_packet, menu_items};
use crate::components::view::WorldAt;
use crate::i18n::{packet_name, t, Key, Lang};
use crate::state::{Action, PacketOp};
use sockscope_core::network::{Fate, InFlight, PacketId};
use sockscope_core::wire::{IcmpRepr, IpPacket, TcpFlags, Transport};
use sockscope_core::HostId;
use yew::prelude::*;

/// How a packet in flight looks: an ARP frame on a link of the topology is yellow-gold
/// and says ARP (its bytes are an ARP message, not a datagram); anything else by
/// [`packet_look`].
pub fn flight_look(p: &InFlight) -> (&'static str, String) {
    match &p.hop {
        Some(hop) if hop.eth.ethertype == sockscope_core::wire::EtherType::Arp => {
            let label = match sockscope_core::wire::ArpRepr::parse(&p.bytes) {
                Ok(a) if a.operation == sockscope_core::wire::ArpOperation::Reply => "ARP reply",
                _ => "ARP who-has",
            };
            ("pkt-arp", label.into())
        }
        _ => packet_look(&p.bytes),
    }
}

/// How a packet looks: a CSS class for its colour and a short label.
pub fn packet_look(bytes: &[u8]) -> (&'static str, String) {
    let Ok(p) = IpPacket::parse(bytes) else {
        return ("pkt-corrupt", "corrupt".into());
    };
    match &p.transport {
        Transport::Tcp(seg) => {
            let f = seg.flags;
            let class = if f.contains(TcpFlags::RST) {
                "pkt-rst"
            } else if f.contains(TcpFlags::SYN) && f.contains(TcpFlags::ACK) {
                "pkt-synack"
            } else if f.contains(TcpFlags::SYN) {
                "pkt-syn"
            } else if f.contains(TcpFlags::FIN) {
                "pkt-fin"
            } else if !seg.payload.is_empty() {
                "pkt-data"
            } else {
                "pkt-ack"
            };
            let label = if seg.payload.is_empty() {
                f.to_string()
            } else {
                format!("{f} {}B", seg.payload.len())
            };
            (class, label)
        }
        Transport::Udp(u) => ("pkt-udp", format!("UDP {}B", u.payload.len())),
        Transport::Icmp(i) => (
            "pkt-icmp",
            match i {
                IcmpRepr::EchoRequest { .. } => "ICMP echo".into(),
                IcmpRepr::EchoReply { .. } => "ICMP reply".into(),
                other => format!("ICMP {other}"),
            },
        ),
        Transport::Other(_) => ("pkt-other", format!("proto {}", u8::from(p.ip.protocol))),
    }
}

/// One packet's place in the picture.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spot {
    pub id: PacketId,
    pub x: f64,
    pub y: f64,
    pub colour: &'static str,
    /// Its route is too crowded for a labelled box: drawn as a small square, its label
    /// in its tooltip and spoken name.
    pub compact: bool,
}

/// The packet nearest to (x, y), if one is within `reach` (viewBox units).
pub fn nearest(spots: &[Spot], x: f64, y: f64, reach: f64) -> Option<PacketId> {
    spots
        .iter()
        .map(|s| ((s.x - x).powi(2) + (s.y - y).powi(2), s.id))
        .filter(|(d2, _)| *d2 <= reach * reach)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id)
}

/// The fill of each packet class, as in style.css.
pub fn colour_of(class: &str) -> &'static str {
    match class {
        "pkt-syn" => "#2864d8",
        "pkt-synack" => "#7a3cf0",
        "pkt-data" => "#0b7a3d",
        "pkt-fin" => "#ad5700",
        "pkt-rst" => "#d92d20",
        "pkt-udp" => "#0a7882",
        "pkt-icmp" => "#c9a400",
        "pkt-arp" => "#b45309",
        "pkt-corrupt" => "#111111",
        _ => "#6b7280",
    }
}

/// Paints the dots (an empty list clears the canvas); the canvas shows the band of the
/// view that starts at `top`.
pub fn draw_dots(canvas: &NodeRef, dots: &[Spot], selected: Option<PacketId>, top: i32) {
    use wasm_bindgen::JsCast;
    let Some(el) = canvas.cast::<web_sys::HtmlCanvasElement>() else {
        return;
    };
    let Some(ctx) = el
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, -f64::from(top));
    ctx.clear_rect(0.0, 0.0, 1000.0, 600.0);
    let mut current = "";
    for d in dots {
        if d.colour != current {
            ctx.set_fill_style_str(d.colour);
            current = d.colour;
        }
        ctx.fill_rect(d.x - 6.0, d.y - 6.0, 12.0, 12.0);
    }
    if let Some(sel) = selected.and_then(|id| dots.iter().find(|d| d.id == id)) {
        ctx.set_stroke_style_str("#111111");
        ctx.set_line_width(3.0);
        ctx.stroke_rect(sel.x - 9.0, sel.y - 9.0, 18.0, 18.0);
    }
}

/// What a drawn packet needs besides itself.
pub struct PacketCtx<'a> {
    pub lang: Lang,
    /// Host names, for its spoken label.
    pub from: &'a str,
    pub to: &'a str,
    pub selected: bool,
    /// Opens its menu; `true` from the keyboard (the menu then takes the focus, which
    /// a click must not move: Space would then press the menu's first button).
    pub on_open: &'a Callback<(PacketId, bool)>,
    pub on_action: &'a Callback<Action>,
}

/// One packet in flight, a labelled box where it is: a click or Enter/Space opens its
/// menu, Escape closes it.
pub fn packet_node(p: &InFlight, spot: &Spot, cx: &PacketCtx) -> Html {
    let (x, y) = (spot.x, spot.y);
    let (class, label) = flight_look(p);
    let id = p.id;
    let lost = !matches!(p.fate, Fate::Deliver);
    let classes = classes!(
        "packet",
        class,
        cx.selected.then_some("selected"),
        p.held.is_some().then_some("held"),
        lost.then_some("doomed")
    );
    let onclick = cx.on_open.reform(move |e: MouseEvent| {
        e.stop_propagation();
        (id, false)
    });
    let onkeydown = {
        let (on_open, on_action) = (cx.on_open.clone(), cx.on_action.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" | " " => {
                // Space is also the page's play/pause: this press is the packet's.
                e.prevent_default();
                e.stop_propagation();
                on_open.emit((id, true));
            }
            "Escape" => on_action.emit(Action::SelectPacket(None)),
            _ => {}
        })
    };
    let name = packet_name(cx.lang, id.0, &label, cx.from, cx.to, p.held.is_some());
    html! {
        <g key={id.0} class={classes} transform={format!("translate({x:.1},{y:.1})")} {onclick} {onkeydown}
           data-packet={id.0.to_string()} role="button" tabindex="0" aria-label={name}
           aria-haspopup="menu" aria-expanded={cx.selected.to_string()}>
            if spot.compact {
                <rect class="ring" x="-13" y="-13" width="26" height="26" rx="6" />
                <rect x="-8" y="-8" width="16" height="16" rx="4"><title>{ label }</title></rect>
            } else {
                <rect class="ring" x="-39" y="-16" width="78" height="32" rx="9" />
                <rect x="-34" y="-11" width="68" height="22" rx="6" />
                <text y="4" text-anchor="middle">{ label }</text>
            }
            if p.held.is_some() { <text class="held-mark" y="-15" text-anchor="middle">{ "❚❚" }</text> }
        </g>
    }
}

#[derive(Properties, PartialEq)]
pub struct PacketMenuProps {
    pub lang: Lang,
    pub world: WorldAt,
    /// The selected packet.
    pub id: PacketId,
    /// Opened from the keyboard: its first item takes the focus.
    pub focus: bool,
    pub on_action: Callback<Action>,
}

/// Moves the focus among the menu's items on an arrow key, Home or End; closes the menu
/// on Escape and gives the focus back to its packet.
fn menu_keys(menu: NodeRef, id: PacketId, on_action: Callback<Action>) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        let items = menu_items(&menu);
        let at = items.iter().position(|b| {
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .is_some_and(|a| a == *b)
        });
        let last = items.len().saturating_sub(1);
        let to = match (e.key().as_str(), at) {
            ("Escape", _) => {
                e.prevent_default();
                on_action.emit(Action::SelectPacket(None));
                focus_packet(id);
                return;
            }
            ("ArrowRight" | "ArrowDown", Some(i)) => (i + 1) % items.len(),
            ("ArrowLeft" | "ArrowUp", Some(i)) => (i + last) % items.len(),
            ("Home", _) => 0,
            ("End", _) => last,
            _ => return,
        };
        e.prevent_default();
        if let Some(b) = items.get(to) {
            focus(b);
        }
    })
}

/// The hands on the selected packet.
#[component]
pub fn PacketMenu(props: &PacketMenuProps) -> Html {
    let menu = use_node_ref();
    {
        let menu = menu.clone();
        use_effect_with((props.id, props.focus), move |(_, focus_first)| {
            if *focus_first {
                if let Some(first) = menu_items(&menu).first() {
                    focus(first);
                }
            }
        });
    }
    let world = props.world.get();
    let (lang, id) = (props.lang, props.id);
    let Some(p) = world.network().packet(id) else {
        return html! {};
    };
    let (_, label) = flight_look(p);
    let name = |h: HostId| world.host(h).map(|h| h.name.clone()).unwrap_or_default();
    let button = |op: PacketOp, key: Key, id_attr: &'static str| {
        html! { <button id={id_attr} role="menuitem" onclick={props.on_action.reform(move |_| Action::Packet { id, op })}>{ t(lang, key) }</button> }
    };
    let onkeydown = menu_keys(menu.clone(), id, props.on_action.clone());
    html! {
        <div class="packet-menu" role="menu" aria-orientation="horizontal" aria-label={t(lang, Key::PacketControls)}
            ref={menu} {onkeydown} id="packet-menu">
            <span class="what">{ format!("#{} {} → {}: {label}", id.0, name(p.src), p.dst.map(name).unwrap_or_default()) }</span>
            { button(PacketOp::Drop, Key::Drop, "pkt-drop") }
            if p.held.is_some() { { button(PacketOp::Release, Key::Release, "pkt-release") } } else { { button(PacketOp::Hold, Key::Hold, "pkt-hold") } }
            { button(PacketOp::Duplicate, Key::Duplicate, "pkt-dup") }
            { button(PacketOp::Delay, Key::Delay, "pkt-delay") }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_click_picks_the_nearest_packet_within_reach() {
        let spot = |id, x, y| Spot {
            id: PacketId(id),
            x,
            y,
            colour: "#000",
            compact: false,
        };
        let spots = [
            spot(1, 100.0, 100.0),
            spot(2, 110.0, 100.0),
            spot(3, 500.0, 300.0),
        ];
        assert_eq!(nearest(&spots, 107.0, 101.0, 14.0), Some(PacketId(2)));
        assert_eq!(nearest(&spots, 98.0, 99.0, 14.0), Some(PacketId(1)));
        assert_eq!(nearest(&spots, 300.0, 300.0, 14.0), None);
        assert_eq!(nearest(&[], 0.0, 0.0, 14.0), None);
    }

    #[test]
    fn every_packet_class_has_its_colour() {
        for class in [
            "pkt-syn",
            "pkt-synack",
            "pkt-data",
            "pkt-fin",
            "pkt-rst",
            "pkt-udp",
            "pkt-icmp",
        ] {
            assert_ne!(colour_of(class), colour_of("pkt-ack"), "{class}");
        }
    }
}
