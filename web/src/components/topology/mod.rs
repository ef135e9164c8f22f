//! The network drawn: hosts where the user put them, wired to the one segment they share
//! (a switch amid them), and every packet in flight moving along its way at the pace of
//! virtual time. Click (or Tab to and press Enter on) a packet to take hold of it; drag a
//! host to move it, click it to see its sockets.

mod dom;
pub mod geometry;
pub mod links;
pub mod packets;

use crate::components::view::WorldAt;
use crate::i18n::{host_label, t, Key, Lang};
use crate::state::Action;
use geometry::{fit_name, hub, place_all, Band, Flight, Pt, Route};
use links::LinkGeo;
use packets::PacketMenu;
use packets::{colour_of, draw_dots, flight_look, nearest, packet_node, PacketCtx, Spot};
use sockscope_core::host::Host;
use sockscope_core::network::InFlight;
use sockscope_core::network::PacketId;
use sockscope_core::{HostId, World};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use yew::prelude::*;

/// Packets in flight above which they are drawn without labels.
pub const LABEL_LIMIT: usize = 40;

/// Between packets of one route, in view units: a labelled box's width and some air, or
/// a dot's.
const GAP_LABELLED: f64 = 74.0;
const GAP_DOTS: f64 = 16.0;
/// How far each direction runs beside the wire: half a labelled box, so two boxes
/// passing each other do not overlap.
const LANE_LABELLED: f64 = 12.0;
const LANE_DOTS: f64 = 6.0;
/// A pointer that moves less than this between press and release clicked, not dragged.
const CLICK_SLOP: f64 = 5.0;

#[derive(Properties, PartialEq)]
pub struct TopologyProps {
    pub lang: Lang,
    /// Hosts and packets in flight; the network follows every frame.
    pub world: WorldAt,
    /// Where each host is drawn (0..1000 × 0..600).
    pub positions: BTreeMap<HostId, (i32, i32)>,
    pub selected: Option<PacketId>,
    /// The host whose sockets are shown, if one was clicked.
    #[prop_or_default]
    pub selected_host: Option<HostId>,
    pub on_action: Callback<Action>,
}

/// Where each host is drawn.
type Positions = BTreeMap<HostId, (i32, i32)>;

fn pos(positions: &Positions, h: HostId) -> (i32, i32) {
    positions.get(&h).copied().unwrap_or((500, 300))
}

/// Where a packet's path turns: the shared segment's switch, or on a link of the
/// topology that link's switch, or for a cable the middle of its line (a straight path).
fn via_of(p: &InFlight, positions: &Positions, links: &[LinkGeo], hub: Pt) -> Pt {
    let Some(hop) = &p.hop else {
        return hub;
    };
    match links::via_of(links, hop.link) {
        Some((at, true)) => at,
        _ => {
            let (a, b) = (
                pos(positions, p.src),
                p.dst.map_or(pos(positions, p.src), |d| pos(positions, d)),
            );
            (f64::from(a.0 + b.0) / 2.0, f64::from(a.1 + b.1) / 2.0)
        }
    }
}

/// Every packet in flight and where it is drawn: along its route, spread from the others
/// on the same route.
fn spots(
    world: &World,
    positions: &Positions,
    (hub, links): (Pt, &[LinkGeo]),
    labelled: bool,
) -> Vec<Spot> {
    let now = world.now();
    let flights: Vec<Flight<(HostId, Option<HostId>)>> = world
        .network()
        .in_flight()
        .map(|p| Flight {
            key: (p.src, p.dst),
            order: p.id.0,
            route: Route::new(
                pos(positions, p.src),
                via_of(p, positions, links, hub),
                p.dst.map(|d| pos(positions, d)),
            ),
            progress: f64::from(p.progress_ppm(now)) / 1e6,
        })
        .collect();
    let (gap, lane) = match labelled {
        true => (GAP_LABELLED, LANE_LABELLED),
        false => (GAP_DOTS, LANE_DOTS),
    };
    let at = place_all(&flights, gap, lane);
    world
        .network()
        .in_flight()
        .zip(at)
        .map(|(p, ((x, y), room))| Spot {
            id: p.id,
            x,
            y,
            colour: colour_of(flight_look(p).0),
            compact: room < GAP_LABELLED,
        })
        .collect()
}

/// The one segment every host is on: a switch amid them, a wire from each host to it.
fn segment(lang: Lang, hosts: &[(i32, i32)], (hx, hy): Pt) -> Html {
    let wires = hosts.iter().map(|(x, y)| {
        html! { <line class="wire" x1={x.to_string()} y1={y.to_string()} x2={format!("{hx:.1}")} y2={format!("{hy:.1}")} /> }
    });
    let ports = (0..4).map(|i| {
        html! { <rect class="port" x={(-21 + 12 * i).to_string()} y="-3" width="6" height="6" rx="1" /> }
    });
    html! { <>
        { for wires }
        <g class="segment" id="segment" transform={format!("translate({hx:.1},{hy:.1})")} role="img" aria-label={t(lang, Key::SharedSegment)}>
            <title>{ t(lang, Key::SharedSegment) }</title>
            <rect class="switch" x="-30" y="-13" width="60" height="26" rx="5" />
            { for ports }
            <text class="segment-label" y="42" text-anchor="middle">{ t(lang, Key::SharedSegment) }</text>
        </g>
    </> }
}

/// What a host needs to be drawn and handled.
struct HostCtx<'a> {
    lang: Lang,
    selected: bool,
    /// Drawn as a router: a box, and "router" instead of one address.
    router: bool,
    drag: &'a Drag,
    on_action: &'a Callback<Action>,
}

/// A host, which a pointer can drag and a click (or Enter) selects. A long name is
/// shortened in its circle; the whole name is in its tooltip and spoken label.
fn host_node(h: &Host, (x, y): (i32, i32), cx: &HostCtx) -> Html {
    let id = h.id;
    let down = cx.drag.on_down(id);
    let (short, size) = fit_name(&h.name);
    let addr = h.addr.to_string();
    let select = if cx.selected { None } else { Some(id) };
    let on_action = cx.on_action.clone();
    let onkeydown = Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
        "Enter" | " " => {
            // Space is also the page's play/pause: this press is the host's.
            e.prevent_default();
            e.stop_propagation();
            on_action.emit(Action::SelectHost(select));
        }
        "Escape" => on_action.emit(Action::SelectHost(None)),
        _ => {}
    });
    html! {
        <g class={classes!("node", cx.selected.then_some("selected"), cx.router.then_some("router"))} transform={format!("translate({x},{y})")}
            onpointerdown={down} {onkeydown} data-host={h.name.clone()} tabindex="0" role="button"
            aria-label={host_label(cx.lang, &h.name, &addr)} aria-pressed={cx.selected.to_string()}>
            if cx.router {
                <title>{ format!("{} ({})", h.name, t(cx.lang, Key::Router)) }</title>
                <rect class="ring" x="-37" y="-29" width="74" height="58" rx="14" />
                <rect class="router-box" x="-30" y="-22" width="60" height="44" rx="10" />
                <text class={classes!("node-name", size)} dy=".35em" text-anchor="middle">{ short }</text>
                <text class="node-addr" y="42" text-anchor="middle">{ t(cx.lang, Key::Router) }</text>
            } else {
                <title>{ format!("{} ({addr})", h.name) }</title>
                <circle class="ring" r="37" />
                <circle r="30" />
                <text class={classes!("node-name", size)} dy=".35em" text-anchor="middle">{ short }</text>
                <text class="node-addr" y="48" text-anchor="middle">{ addr }</text>
            }
        </g>
    }
}

/// Where a pointer event falls in the picture's 1000 × 600 view (of which the band
/// `band` is shown), if the picture has a size. The picture is found by its ref: Yew
/// delegates events, so an event's `current_target` is the app's root element.
fn view_point(e: &MouseEvent, svg: &NodeRef, band: Band) -> Option<(f64, f64)> {
    let svg = svg.cast::<web_sys::Element>()?;
    let r = svg.get_bounding_client_rect();
    if r.width() <= 0.0 || r.height() <= 0.0 {
        return None;
    }
    let x = (f64::from(e.client_x()) - r.left()) / r.width() * 1000.0;
    let y = f64::from(band.top)
        + (f64::from(e.client_y()) - r.top()) / r.height() * f64::from(band.height);
    Some((x, y))
}

/// A press on a host: which host, where it began, whether it has moved (a drag) or not
/// (a click, which selects it).
#[derive(Clone)]
struct Drag {
    host: UseStateHandle<Option<HostId>>,
    /// The picture, to map the pointer into its view.
    svg: NodeRef,
    /// Where the pointer was first seen after the press.
    start: Rc<RefCell<Option<(f64, f64)>>>,
    /// The band shown, kept still while a host is dragged (so the picture does not
    /// rescale under the pointer).
    band: Rc<RefCell<Band>>,
    moved: Rc<RefCell<bool>>,
}

impl Drag {
    fn on_down(&self, id: HostId) -> Callback<PointerEvent> {
        let d = self.clone();
        Callback::from(move |e: PointerEvent| {
            e.prevent_default();
            *d.start.borrow_mut() = None;
            *d.moved.borrow_mut() = false;
            d.host.set(Some(id));
        })
    }

    /// Moves the host being dragged to the pointer, once it has moved past a click.
    fn on_move(
        &self,
        on_action: &Callback<Action>,
        hint: &UseStateHandle<bool>,
    ) -> Callback<PointerEvent> {
        let (d, on_action, hint) = (self.clone(), on_action.clone(), hint.clone());
        Callback::from(move |e: PointerEvent| {
            let Some(id) = *d.host else { return };
            let band = *d.band.borrow();
            let Some((x, y)) = view_point(&e, &d.svg, band) else {
                return;
            };
            let (sx, sy) = *d.start.borrow_mut().get_or_insert((x, y));
            let moved = *d.moved.borrow();
            if !moved && (x - sx).hypot(y - sy) < CLICK_SLOP {
                return;
            }
            if !moved && *hint {
                hint.set(false);
                dom::set_hint_seen();
            }
            *d.moved.borrow_mut() = true;
            on_action.emit(Action::MoveHost {
                id,
                x: x as i32,
                y: y as i32,
            });
        })
    }

    /// Ends the press: a press that did not move selects the host (or unselects it).
    fn on_up(
        &self,
        on_action: &Callback<Action>,
        selected: Option<HostId>,
    ) -> Callback<PointerEvent> {
        let (d, on_action) = (self.clone(), on_action.clone());
        Callback::from(move |_: PointerEvent| {
            if let Some(id) = *d.host {
                if !*d.moved.borrow() {
                    let pick = (selected != Some(id)).then_some(id);
                    on_action.emit(Action::SelectHost(pick));
                }
                d.host.set(None);
            }
        })
    }

    fn on_leave(&self) -> Callback<PointerEvent> {
        let d = self.clone();
        Callback::from(move |_: PointerEvent| d.host.set(None))
    }
}

/// The one-time note that hosts can be dragged and clicked, with a button to close it.
fn drag_hint(lang: Lang, shown: &UseStateHandle<bool>) -> Html {
    if !**shown {
        return html! {};
    }
    let close = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| {
            shown.set(false);
            dom::set_hint_seen();
        })
    };
    html! {
        <p class="drag-hint" id="drag-hint" role="note">
            <span>{ t(lang, Key::DragHint) }</span>
            <button class="icon" onclick={close} aria-label={t(lang, Key::Close)} title={t(lang, Key::Close)}>{ "✕" }</button>
        </p>
    }
}

/// The packets as drawn: labelled boxes in the picture while few enough to read.
fn packet_nodes(
    world: &World,
    spots: &[Spot],
    lang: Lang,
    selected: Option<PacketId>,
    on_open: &Callback<(PacketId, bool)>,
    on_action: &Callback<Action>,
) -> Html {
    let name = |h: HostId| world.host(h).map(|h| h.name.clone()).unwrap_or_default();
    world
        .network()
        .in_flight()
        .zip(spots)
        .map(|(p, s)| {
            let (from, to) = (name(p.src), p.dst.map(name).unwrap_or_default());
            let cx = PacketCtx {
                lang,
                from: &from,
                to: &to,
                selected: selected == Some(p.id),
                on_open,
                on_action,
            };
            packet_node(p, s, &cx)
        })
        .collect()
}

#[component]
pub fn Topology(props: &TopologyProps) -> Html {
    let world = props.world.get();
    let lang = props.lang;
    let positions = &props.positions;
    let svg = use_node_ref();
    let drag = Drag {
        host: use_state(|| None::<HostId>),
        svg: svg.clone(),
        start: use_mut_ref(|| None),
        moved: use_mut_ref(|| false),
        band: use_mut_ref(Band::default),
    };
    let hint = use_state(|| !dom::hint_seen());
    // The packet whose menu the keyboard opened: its menu takes the focus.
    let keyed = use_state(|| None::<PacketId>);
    let on_open = {
        let (keyed, on_action) = (keyed.clone(), props.on_action.clone());
        Callback::from(move |(id, by_key): (PacketId, bool)| {
            keyed.set(by_key.then_some(id));
            on_action.emit(Action::SelectPacket(Some(id)));
        })
    };
    let hosts: Vec<&Host> = world.hosts().collect();
    let at: Vec<(i32, i32)> = hosts.iter().map(|h| pos(positions, h.id)).collect();
    let via = hub(&at);
    if drag.host.is_none() {
        *drag.band.borrow_mut() = Band::around(&at);
    }
    let band = *drag.band.borrow();
    // Past this many packets, labels turn into a crowd nobody can read, and cost a frame:
    // packets are drawn as coloured dots on a canvas (hundreds of DOM nodes moving every
    // frame cost more than a frame), still clickable, found by where a click falls.
    let labelled = world.network().in_flight().nth(LABEL_LIMIT).is_none();
    // A routed world draws its links as they are; the default one, its one segment.
    let routed = world.topology().enabled;
    let geo = if routed {
        links::link_geometry(&world, &|h| {
            let (x, y) = pos(positions, h);
            (f64::from(x), f64::from(y))
        })
    } else {
        Vec::new()
    };
    let spots = spots(&world, positions, (via, &geo), labelled);
    let packets = match labelled {
        true => packet_nodes(
            &world,
            &spots,
            lang,
            props.selected,
            &on_open,
            &props.on_action,
        ),
        false => html! {},
    };
    let host_cx = HostCtx {
        lang,
        selected: false,
        router: false,
        drag: &drag,
        on_action: &props.on_action,
    };
    let host_nodes = hosts.iter().zip(&at).map(|(h, p)| {
        let cx = HostCtx {
            selected: props.selected_host == Some(h.id),
            router: links::is_router(&world, h.id),
            ..host_cx
        };
        host_node(h, *p, &cx)
    });
    // A click on the picture picks the nearest packet within reach, or none.
    let pick = {
        let (spots, svg) = (spots.clone(), svg.clone());
        props.on_action.reform(move |e: MouseEvent| {
            let hit = view_point(&e, &svg, band).and_then(|(x, y)| nearest(&spots, x, y, 14.0));
            Action::SelectPacket(hit)
        })
    };
    let canvas = use_node_ref();
    {
        let canvas = canvas.clone();
        let dots: Vec<Spot> = if labelled { Vec::new() } else { spots };
        let selected = props.selected;
        use_effect(move || draw_dots(&canvas, &dots, selected, band.top));
    }
    let in_flight = world.network().in_flight().count();
    let dragging = drag.host.is_some().then_some("dragging");
    html! {
        <section class="panel topology" aria-label={t(lang, Key::Topology)}>
            <h2>{ t(lang, Key::Topology) }<span class="in-flight" id="in-flight">{ format!(" · {}: {in_flight}", t(lang, Key::PacketsInFlight)) }</span></h2>
            <div class="net-wrap" style={format!("--net-ar: {:.4}", 1000.0 / f64::from(band.height))}>
                <svg ref={svg} viewBox={format!("0 {} 1000 {}", band.top, band.height)} class={classes!("net", dragging)} onpointermove={drag.on_move(&props.on_action, &hint)}
                    onpointerup={drag.on_up(&props.on_action, props.selected_host)} onpointerleave={drag.on_leave()} onclick={pick}>
                    if routed {
                        { links::draw_links(&world, &geo, lang, props.selected_host) }
                    } else {
                        { segment(lang, &at, via) }
                    }
                    { for host_nodes }
                    { packets }
                </svg>
                <canvas ref={canvas} class="net-dots" width="1000" height={band.height.to_string()} aria-hidden="true"></canvas>
            </div>
            { drag_hint(lang, &hint) }
            if let Some(id) = props.selected {
                <PacketMenu {lang} world={props.world.clone()} {id} focus={*keyed == Some(id)} on_action={props.on_action.clone()} />
            }
        </section>
    }
}
