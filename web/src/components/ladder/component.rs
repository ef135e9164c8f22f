//! The ladder panel: lays out the model once per world version and selection, and
//! draws lanes, the time axis, its squeezed gaps and the arrows.

use super::axis::{
    assign_slots, fmt_gap, fmt_time, lane_xs, typical_travel, TimeAxis, AXIS_W, BOTTOM, FIRST,
    MAX_STRETCH, ROW, TOP, VIEW_H, VIEW_W,
};
use super::labels::{packet_class, packet_label, place_labels, Geometry, Placed};
use super::model::{collect, involved, lanes_for, End, LadderData, LadderPacket, LADDER_MAX};
use crate::components::packet_list::relative::relabel;
use crate::components::view::WorldAt;
use crate::i18n::{ladder_count, t, Key, Lang};
use crate::stagger::Group;
use crate::state::Action;
use sockscope_core::network::PacketId;
use sockscope_core::teach::capture::SeqBases;
use sockscope_core::{HostId, SocketId, World};
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LadderProps {
    pub lang: Lang,
    /// The log the packets come from, as of the ladder's last catch-up.
    pub world: WorldAt,
    /// A TCP socket narrows the ladder to its connection's two hosts.
    pub selected_socket: Option<SocketId>,
    /// Its arrow is drawn selected and labelled first.
    pub selected_packet: Option<PacketId>,
    pub on_action: Callback<Action>,
    /// Sequence numbers relative to each side's ISN (the packet list's toggle).
    #[prop_or_default]
    pub relative: bool,
    /// The hosts as the network picture draws them, left to right: the ladder puts its
    /// lanes in the same order, so a host is on the same side in both (the client on the
    /// left, the server on the right, in the lessons and in free play).
    #[prop_or_default]
    pub left_to_right: Rc<Vec<HostId>>,
}

/// One lane: its host, where it stands, the name and address on its box.
struct Lane {
    host: HostId,
    x: f64,
    name: String,
    addr: String,
}

/// Everything the ladder draws, in view units.
struct Drawing {
    lanes: Vec<Lane>,
    data: LadderData,
    axis: TimeAxis,
    /// How much the axis is stretched to fill the panel.
    scale: f64,
    /// The world's clock, in µs.
    now: u64,
    geometry: Vec<Geometry>,
}

impl Drawing {
    fn build(world: &World, selected: Option<SocketId>, left_to_right: &[HostId]) -> Drawing {
        let (lanes, conn) = lanes_for(world, selected);
        let data = collect(world, &lanes, conn, LADDER_MAX);
        let mut hosts = involved(&lanes, &data.packets);
        // Hosts the picture does not place keep host order, after those it does.
        hosts.sort_by_key(|h| {
            left_to_right
                .iter()
                .position(|x| x == h)
                .unwrap_or(usize::MAX)
        });
        let lanes: Vec<Lane> = hosts
            .iter()
            .zip(lane_xs(hosts.len()))
            .map(|(h, x)| {
                let host = world.host(*h);
                Lane {
                    host: *h,
                    x,
                    name: host.map(|h| h.name.clone()).unwrap_or_default(),
                    addr: host.map(|h| h.addr.to_string()).unwrap_or_default(),
                }
            })
            .collect();
        let now = world.now().micros();
        let (slots, mut rows) = assign_slots(&data.packets);
        if !data.packets.is_empty() {
            rows.entry(now).or_insert(1);
        }
        let axis = TimeAxis::build(&rows, typical_travel(&data.packets), ROW);
        let avail = VIEW_H - TOP - FIRST - BOTTOM;
        let scale = if axis.height > 0.0 {
            (avail / axis.height).min(MAX_STRETCH)
        } else {
            1.0
        };
        let mut d = Drawing {
            lanes,
            data,
            axis,
            scale,
            now,
            geometry: Vec::new(),
        };
        d.geometry = d.arrows(&slots);
        d
    }

    /// The height of instant `t`, in its `slot`-th row.
    fn y(&self, t: u64, slot: usize) -> f64 {
        TOP + FIRST + self.axis.y(t, slot, ROW) * self.scale
    }

    /// Each packet's arrow, from its (start, end) rows.
    fn arrows(&self, slots: &[(usize, usize)]) -> Vec<Geometry> {
        let lane_x: BTreeMap<HostId, f64> = self.lanes.iter().map(|l| (l.host, l.x)).collect();
        self.data
            .packets
            .iter()
            .zip(slots)
            .map(|(pk, (s0, s1))| {
                let x1 = lane_x.get(&pk.src).copied().unwrap_or(AXIS_W);
                // No destination on the segment: a stub towards the middle.
                let xd = match pk.dst.and_then(|d| lane_x.get(&d).copied()) {
                    Some(x) => x,
                    None => x1 + if x1 < VIEW_W / 2.0 { 60.0 } else { -60.0 },
                };
                let (y1, y2) = (self.y(pk.sent, *s0), self.y(pk.end_at, *s1));
                let f = reach(pk);
                Geometry {
                    x1,
                    y1,
                    x2: x1 + (xd - x1) * f,
                    y2,
                    fx: xd,
                    fy: y2,
                }
            })
            .collect()
    }

    /// Host boxes narrow when lanes are close; the address goes when there is no room.
    fn box_width(&self) -> f64 {
        let spacing = match self.lanes.as_slice() {
            [a, b, ..] => b.x - a.x,
            _ => f64::INFINITY,
        };
        (spacing - 8.0).clamp(24.0, 104.0)
    }
}

/// How far along its way an arrow goes: all of it, as far as a drop got, or as far as a
/// packet in flight is.
fn reach(pk: &LadderPacket) -> f64 {
    match pk.end {
        End::Delivered => 1.0,
        End::Dropped => {
            let span = pk.due.saturating_sub(pk.sent);
            if span == 0 {
                1.0
            } else {
                (pk.end_at.saturating_sub(pk.sent) as f64 / span as f64).clamp(0.0, 1.0)
            }
        }
        End::InFlight { ppm } => f64::from(ppm) / 1e6,
    }
}

fn head(x1: f64, y1: f64, x2: f64, y2: f64) -> String {
    let (dx, dy) = (x2 - x1, y2 - y1);
    let len = dx.hypot(dy).max(1e-6);
    let (ux, uy) = (dx / len, dy / len);
    let (nx, ny) = (-uy, ux);
    let (bx, by) = (x2 - 9.0 * ux, y2 - 9.0 * uy);
    format!(
        "{x2:.1},{y2:.1} {:.1},{:.1} {:.1},{:.1}",
        bx + 4.0 * nx,
        by + 4.0 * ny,
        bx - 4.0 * nx,
        by - 4.0 * ny
    )
}

/// The lanes: a timeline under a box with the host's name (and address, with room).
fn header(d: &Drawing) -> Html {
    let box_w = d.box_width();
    d.lanes.iter().map(|lane| {
        let (x, name) = (lane.x, &lane.name);
        html! {
            <g class="lad-lane" key={format!("lane{}", lane.host.0)} data-host={name.clone()}>
                <title>{ format!("{name} {}", lane.addr) }</title>
                <line class="lad-timeline" x1={format!("{x:.1}")} x2={format!("{x:.1}")} y1={format!("{:.1}", TOP - 4.0)} y2={format!("{:.1}", VIEW_H - BOTTOM + 6.0)} />
                <rect class="lad-host" x={format!("{:.1}", x - box_w / 2.0)} y="4" width={format!("{box_w:.1}")} height="36" rx="8" />
                <text class="lad-host-name" x={format!("{x:.1}")} y={if box_w >= 80.0 { "20" } else { "27" }} text-anchor="middle">{ name }</text>
                if box_w >= 80.0 {
                    <text class="lad-host-addr" x={format!("{x:.1}")} y="34" text-anchor="middle">{ &lane.addr }</text>
                }
            </g>
        }
    }).collect()
}

/// The time axis: a label at each instant something left, when there is room.
fn ticks(d: &Drawing) -> Html {
    let mut last_label = f64::NEG_INFINITY;
    let mut ticks = Vec::new();
    let send_times: BTreeSet<u64> = d.data.packets.iter().map(|p| p.sent).collect();
    for (t, _) in d.axis.instants() {
        // "now" has its own label on its line.
        if !send_times.contains(&t) || (t == d.now && !d.data.packets.is_empty()) {
            continue;
        }
        let y = d.y(t, 0);
        if y - last_label < 11.0 || (d.y(d.now, 0) - y).abs() < 11.0 {
            continue;
        }
        last_label = y;
        ticks.push(html! {
            <text class="lad-tick" x={format!("{:.1}", AXIS_W - 6.0)} y={format!("{:.1}", y + 3.5)} text-anchor="end">{ fmt_time(t) }</text>
        });
    }
    ticks.into_iter().collect()
}

/// The squeezed waits, shaded, with how long each really was.
fn breaks(d: &Drawing) -> Html {
    d.axis.breaks.iter().map(|(a, b, gap)| {
        let (ya, yb) = (TOP + FIRST + a * d.scale, TOP + FIRST + b * d.scale);
        let mid = (ya + yb) / 2.0;
        html! {
            <g class="lad-break">
                <rect x={format!("{AXIS_W:.1}")} y={format!("{:.1}", ya + 3.0)} width={format!("{:.1}", VIEW_W - AXIS_W - 8.0)} height={format!("{:.1}", (yb - ya - 6.0).max(1.0))} />
                <text class="lad-gap" x={format!("{:.1}", AXIS_W - 6.0)} y={format!("{:.1}", mid + 3.5)} text-anchor="end">{ format!("+{}", fmt_gap(*gap)) }</text>
            </g>
        }
    }).collect()
}

/// The line at "now", once there is something to measure it against.
fn now_line(d: &Drawing) -> Html {
    if d.data.packets.is_empty() {
        return html! {};
    }
    let y = d.y(d.now, 0);
    html! {
        <g class="lad-now">
            <line x1={format!("{AXIS_W:.1}")} x2={format!("{:.1}", VIEW_W - 8.0)} y1={format!("{y:.1}")} y2={format!("{y:.1}")} />
            <text x={format!("{:.1}", AXIS_W - 6.0)} y={format!("{:.1}", y + 3.5)} text-anchor="end">{ format!("{} ▸", fmt_time(d.now)) }</text>
        </g>
    }
}

/// How an arrow ends: a head, a red ×, or a dot at the packet's front.
fn arrow_end(pk: &LadderPacket, g: Geometry) -> Html {
    match pk.end {
        End::Delivered => {
            html! { <polygon class="lad-head" points={head(g.x1, g.y1, g.x2, g.y2)} /> }
        }
        End::Dropped => {
            let (x, y) = (g.x2, g.y2);
            html! {
                <g class="lad-x">
                    <line x1={format!("{:.1}", x - 5.0)} y1={format!("{:.1}", y - 5.0)} x2={format!("{:.1}", x + 5.0)} y2={format!("{:.1}", y + 5.0)} />
                    <line x1={format!("{:.1}", x - 5.0)} y1={format!("{:.1}", y + 5.0)} x2={format!("{:.1}", x + 5.0)} y2={format!("{:.1}", y - 5.0)} />
                </g>
            }
        }
        End::InFlight { .. } => {
            html! { <circle class="lad-front" cx={format!("{:.1}", g.x2)} cy={format!("{:.1}", g.y2)} r="4" /> }
        }
    }
}

/// One packet's arrow, clickable, with its label where `place_labels` found room.
fn arrow(
    pk: &LadderPacket,
    g: Geometry,
    label: &str,
    placed: Option<Placed>,
    selected: bool,
    on_action: &Callback<Action>,
) -> Html {
    let id = pk.id;
    let end_class = match pk.end {
        End::Delivered => "delivered",
        End::Dropped => "dropped",
        End::InFlight { .. } => "in-flight",
    };
    let class = classes!(
        "lad-pkt",
        packet_class(&pk.summary),
        end_class,
        pk.retransmit.then_some("retransmit"),
        pk.copy_of.is_some().then_some("copy"),
        (!pk.ours).then_some("other"),
        selected.then_some("selected"),
    );
    let onclick = on_action.reform(move |e: MouseEvent| {
        e.stop_propagation();
        Action::SelectPacket(Some(id))
    });
    let line = |cls: &'static str| {
        html! {
            <line class={cls} x1={format!("{:.1}", g.x1)} y1={format!("{:.1}", g.y1)} x2={format!("{:.1}", g.x2)} y2={format!("{:.1}", g.y2)} />
        }
    };
    let title = format!("#{} {}", id.0, pk.summary.text());
    html! {
        <g {class} key={format!("p{}", id.0)} data-packet={id.0.to_string()} {onclick} role="button" tabindex="-1" aria-label={format!("#{} {label}", id.0)}>
            <title>{ title }</title>
            { line("lad-hit") }
            { line("lad-line") }
            { arrow_end(pk, g) }
            if let Some(l) = placed {
                <text class="lad-label" x={format!("{:.1}", l.x)} y={format!("{:.1}", l.y - 3.0)} text-anchor={l.anchor}
                      transform={format!("rotate({:.2} {:.1} {:.1})", l.angle, l.x, l.y)}>{ label.to_string() }</text>
            }
        </g>
    }
}

/// Each arrow's label: the packet's summary (numbers relative to `bases` if given), and
/// which packet a copy copies.
fn labels(lang: Lang, packets: &[LadderPacket], bases: Option<&SeqBases>) -> Vec<String> {
    let label = |s| match bases {
        Some(b) => packet_label(&relabel(s, b)),
        None => packet_label(s),
    };
    packets
        .iter()
        .map(|pk| match pk.copy_of {
            Some(orig) => format!(
                "{} ({} #{})",
                label(&pk.summary),
                t(lang, Key::CopyOfPacket),
                orig.0
            ),
            None => label(&pk.summary),
        })
        .collect()
}

#[component]
pub fn Ladder(props: &LadderProps) -> Html {
    let lang = props.lang;
    // Laid out once per world version and followed socket, not once per render.
    let d = {
        let world = props.world.get();
        use_memo(
            (
                props.world.version(),
                props.selected_socket,
                props.left_to_right.clone(),
            ),
            |(_, selected, order)| Drawing::build(&world, *selected, order),
        )
    };
    let bases = props
        .relative
        .then(|| SeqBases::from_log(props.world.get().log()));
    let packets = &d.data.packets;
    let labels = labels(lang, packets, bases.as_ref());
    let placed = place_labels(packets, &d.geometry, &labels, props.selected_packet);
    let arrows = packets.iter().enumerate().map(|(i, pk)| {
        let selected = props.selected_packet == Some(pk.id);
        arrow(
            pk,
            d.geometry[i],
            &labels[i],
            placed[i],
            selected,
            &props.on_action,
        )
    });
    let shown = packets.iter().filter(|p| p.copy_of.is_none()).count();
    html! {
        <section class="panel ladder" data-group={Group::Ladder.attr()} aria-label={t(lang, Key::LadderTitle)}>
            <h2>
                { t(lang, Key::LadderTitle) }
                <span class="sub" id="ladder-count">{ ladder_count(lang, shown, d.data.total) }</span>
            </h2>
            <svg class="lad" viewBox={format!("0 0 {VIEW_W} {VIEW_H}")} role="img" aria-label={t(lang, Key::LadderTitle)}>
                <g class="lad-breaks">{ breaks(&d) }</g>
                <g class="lad-lanes">{ header(&d) }</g>
                <g class="lad-ticks">{ ticks(&d) }</g>
                { now_line(&d) }
                <g class="lad-pkts">{ for arrows }</g>
                if packets.is_empty() {
                    <text class="lad-empty" x={format!("{:.0}", VIEW_W / 2.0)} y={format!("{:.0}", TOP + 60.0)} text-anchor="middle">{ t(lang, Key::NoPackets) }</text>
                }
            </svg>
            <p class="lad-legend">
                <span class="lg lg-retransmit">{ t(lang, Key::Retransmission) }</span>
                <span class="lg lg-dropped">{ t(lang, Key::Dropped) }</span>
                <span class="lg lg-inflight">{ t(lang, Key::InFlight) }</span>
                <span class="lg-hint">{ t(lang, Key::LadderHint) }</span>
            </p>
        </section>
    }
}
