//! The network drawn: hosts where the user put them, and every packet in flight moving
//! along its path at the pace of virtual time. Click a packet to take hold of it.

use crate::components::view::WorldAt;
use crate::i18n::{t, Key, Lang};
use crate::state::{Action, PacketOp};
use sockscope_core::host::Host;
use sockscope_core::network::PacketId;
use sockscope_core::network::{Fate, InFlight};
use sockscope_core::wire::{IcmpRepr, IpPacket, TcpFlags, Transport};
use sockscope_core::{HostId, Instant};
use std::collections::BTreeMap;
use yew::prelude::*;

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
fn colour_of(class: &str) -> &'static str {
    match class {
        "pkt-syn" => "#2864d8",
        "pkt-synack" => "#7a3cf0",
        "pkt-data" => "#0b7a3d",
        "pkt-fin" => "#ad5700",
        "pkt-rst" => "#d92d20",
        "pkt-udp" => "#0a7882",
        "pkt-icmp" => "#c9a400",
        "pkt-corrupt" => "#111111",
        _ => "#6b7280",
    }
}

/// Paints the dots (an empty list clears the canvas).
fn draw_dots(canvas: &NodeRef, dots: &[Spot], selected: Option<PacketId>) {
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

/// Packets in flight above which they are drawn without labels.
pub const LABEL_LIMIT: usize = 40;

#[derive(Properties, PartialEq)]
pub struct TopologyProps {
    pub lang: Lang,
    /// Hosts and packets in flight; the network follows every frame.
    pub world: WorldAt,
    /// Where each host is drawn (0..1000 × 0..600).
    pub positions: BTreeMap<HostId, (i32, i32)>,
    pub selected: Option<PacketId>,
    pub on_action: Callback<Action>,
}

/// Where each host is drawn.
type Positions = BTreeMap<HostId, (i32, i32)>;

fn pos(positions: &Positions, h: HostId) -> (i32, i32) {
    positions.get(&h).copied().unwrap_or((500, 300))
}

/// Where a packet in flight is now: along the line from its sender to its receiver.
fn place(positions: &Positions, p: &InFlight, now: Instant) -> (f64, f64) {
    let (x1, y1) = pos(positions, p.src);
    let (x2, y2) = p.dst.map(|d| pos(positions, d)).unwrap_or((x1, y1));
    let f = f64::from(p.progress_ppm(now)) / 1e6;
    (
        f64::from(x1) + (f64::from(x2) - f64::from(x1)) * f,
        f64::from(y1) + (f64::from(y2) - f64::from(y1)) * f,
    )
}

/// A line between every two hosts, while there are few enough to read them.
fn links(hosts: &[HostId], positions: &Positions) -> Html {
    if hosts.len() > 8 {
        return html! {};
    }
    let mut v = Vec::new();
    for (i, a) in hosts.iter().enumerate() {
        for b in &hosts[i + 1..] {
            let ((x1, y1), (x2, y2)) = (pos(positions, *a), pos(positions, *b));
            v.push(html! { <line class="link" x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} /> });
        }
    }
    v.into_iter().collect()
}

/// One packet in flight, drawn where it is: a labelled box when few, a dot when many.
fn packet_node(
    p: &InFlight,
    (x, y): (f64, f64),
    labelled: bool,
    selected: bool,
    on_action: &Callback<Action>,
) -> Html {
    let (class, label) = packet_look(&p.bytes);
    let id = p.id;
    let lost = !matches!(p.fate, Fate::Deliver);
    let classes = classes!(
        "packet",
        class,
        selected.then_some("selected"),
        p.held.is_some().then_some("held"),
        lost.then_some("doomed")
    );
    let onclick = on_action.reform(move |e: MouseEvent| {
        e.stop_propagation();
        Action::SelectPacket(Some(id))
    });
    html! {
        <g key={id.0} class={classes} transform={format!("translate({x:.1},{y:.1})")} {onclick} data-packet={id.0.to_string()}
           role="button" tabindex="0" aria-label={format!("packet #{} {label}", id.0)}>
            if labelled {
                <rect x="-34" y="-11" width="68" height="22" rx="6" />
                <text y="4" text-anchor="middle">{ label }</text>
            } else {
                <rect x="-7" y="-7" width="14" height="14" rx="7"><title>{ label }</title></rect>
            }
            if p.held.is_some() { <text class="held-mark" y="-15" text-anchor="middle">{ "❚❚" }</text> }
        </g>
    }
}

/// A host, which a pointer can drag.
fn host_node(h: &Host, (x, y): (i32, i32), dragging: &UseStateHandle<Option<HostId>>) -> Html {
    let id = h.id;
    let down = {
        let dragging = dragging.clone();
        Callback::from(move |e: PointerEvent| {
            e.prevent_default();
            dragging.set(Some(id));
        })
    };
    html! {
        <g class="node" transform={format!("translate({x},{y})")} onpointerdown={down} data-host={h.name.clone()}>
            <circle r="30" />
            <text class="node-name" y="6" text-anchor="middle">{ &h.name }</text>
            <text class="node-addr" y="48" text-anchor="middle">{ h.addr.to_string() }</text>
        </g>
    }
}

/// Where a pointer event falls in the picture's 1000 × 600 view, if the picture has a
/// size.
fn view_point(e: &MouseEvent) -> Option<(f64, f64)> {
    let svg = e
        .current_target()
        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())?;
    let r = svg.get_bounding_client_rect();
    if r.width() <= 0.0 || r.height() <= 0.0 {
        return None;
    }
    let x = (f64::from(e.client_x()) - r.left()) / r.width() * 1000.0;
    let y = (f64::from(e.client_y()) - r.top()) / r.height() * 600.0;
    Some((x, y))
}

/// Moves the host being dragged to the pointer.
fn on_drag(
    dragging: &UseStateHandle<Option<HostId>>,
    on_action: &Callback<Action>,
) -> Callback<PointerEvent> {
    let (dragging, on_action) = (dragging.clone(), on_action.clone());
    Callback::from(move |e: PointerEvent| {
        let Some(id) = *dragging else { return };
        if let Some((x, y)) = view_point(&e) {
            on_action.emit(Action::MoveHost {
                id,
                x: x as i32,
                y: y as i32,
            });
        }
    })
}

#[component]
pub fn Topology(props: &TopologyProps) -> Html {
    let world = props.world.get();
    let lang = props.lang;
    let positions = &props.positions;
    let dragging = use_state(|| None::<HostId>);
    let hosts: Vec<&Host> = world.hosts().collect();
    let now = world.now();
    // Past this many packets, labels turn into a crowd nobody can read, and cost a frame:
    // packets are drawn as coloured dots, still clickable, with the label in the tooltip.
    let labelled = world.network().in_flight().nth(LABEL_LIMIT).is_none();
    // Where each packet is, in viewBox units: drawn as SVG with labels when few, as dots
    // on a canvas when many (hundreds of DOM nodes moving every frame cost more than a
    // frame), and used to find the packet under a click either way.
    let spots: Vec<Spot> = world
        .network()
        .in_flight()
        .map(|p| {
            let (x, y) = place(positions, p, now);
            let colour = colour_of(packet_look(&p.bytes).0);
            Spot {
                id: p.id,
                x,
                y,
                colour,
            }
        })
        .collect();
    let packets = world.network().in_flight().filter(|_| labelled).map(|p| {
        let selected = props.selected == Some(p.id);
        packet_node(
            p,
            place(positions, p, now),
            labelled,
            selected,
            &props.on_action,
        )
    });
    let host_nodes = hosts
        .iter()
        .map(|h| host_node(h, pos(positions, h.id), &dragging));
    let stop = {
        let dragging = dragging.clone();
        Callback::from(move |_: PointerEvent| dragging.set(None))
    };
    // A click on the picture picks the nearest packet within reach, or none.
    let pick = {
        let spots = spots.clone();
        props.on_action.reform(move |e: MouseEvent| {
            let hit = view_point(&e).and_then(|(x, y)| nearest(&spots, x, y, 14.0));
            Action::SelectPacket(hit)
        })
    };
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        let dots: Vec<Spot> = if labelled { Vec::new() } else { spots };
        let selected = props.selected;
        use_effect(move || draw_dots(&canvas, &dots, selected));
    }
    let in_flight = world.network().in_flight().count();
    let ids: Vec<HostId> = hosts.iter().map(|h| h.id).collect();
    html! {
        <section class="panel topology" aria-label={t(lang, Key::Topology)}>
            <h2>{ t(lang, Key::Topology) }<span class="in-flight" id="in-flight">{ format!(" · {}: {in_flight}", t(lang, Key::PacketsInFlight)) }</span></h2>
            <div class="net-wrap">
                <svg viewBox="0 0 1000 600" class="net" onpointermove={on_drag(&dragging, &props.on_action)} onpointerup={stop.clone()} onpointerleave={stop} onclick={pick}>
                    { links(&ids, positions) }
                    { for host_nodes }
                    { for packets }
                </svg>
                <canvas ref={canvas} class="net-dots" width="1000" height="600" aria-hidden="true"></canvas>
            </div>
            if let Some(id) = props.selected {
                <PacketMenu {lang} world={props.world.clone()} {id} on_action={props.on_action.clone()} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct PacketMenuProps {
    lang: Lang,
    world: WorldAt,
    /// The selected packet.
    id: PacketId,
    on_action: Callback<Action>,
}

/// The hands on the selected packet.
#[component]
fn PacketMenu(props: &PacketMenuProps) -> Html {
    let world = props.world.get();
    let (lang, id) = (props.lang, props.id);
    let Some(p) = world.network().packet(id) else {
        return html! {};
    };
    let (_, label) = packet_look(&p.bytes);
    let name = |h: HostId| world.host(h).map(|h| h.name.clone()).unwrap_or_default();
    let button = |op: PacketOp, key: Key, id_attr: &'static str| {
        html! { <button id={id_attr} onclick={props.on_action.reform(move |_| Action::Packet { id, op })}>{ t(lang, key) }</button> }
    };
    html! {
        <div class="packet-menu" role="group" aria-label="packet controls">
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
