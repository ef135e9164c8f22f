//! The ladder (sequence) diagram: one timeline per host, time running down, every packet
//! an arrow from its sender at the moment it left to its receiver at the moment it
//! arrived. Drops end short with a red ×, retransmissions are dashed, packets still on
//! the wire end at "now". Click an arrow to inspect its packet.

use crate::i18n::{ladder_count, t, Key};
use crate::state::{Action, Shared};
use sockscope_core::log::PacketSummary;
use sockscope_core::network::PacketId;
use sockscope_core::tcp::TcpNote;
use sockscope_core::wire::{IpProtocol, TcpFlags};
use sockscope_core::{Endpoint, EventKind, HostId, SocketId, World};
use std::collections::{BTreeMap, BTreeSet};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LadderProps {
    pub state: Shared,
    pub on_action: Callback<Action>,
}

/// Packets drawn at most: the newest ones.
pub const LADDER_MAX: usize = 36;

pub const VIEW_W: f64 = 760.0;
pub const VIEW_H: f64 = 580.0;
/// Room for host names above the timelines.
const TOP: f64 = 48.0;
const BOTTOM: f64 = 14.0;
/// Below the host boxes, where the first instant sits.
const FIRST: f64 = 16.0;
/// Room for the time axis on the left.
const AXIS_W: f64 = 70.0;
/// Vertical room per packet row, before scaling to fit.
const ROW: f64 = 14.0;
/// How far a sparse ladder may be stretched to fill the panel.
const MAX_STRETCH: f64 = 6.0;

// ---------------------------------------------------------------------------------------
// Labels and colours.

/// An arrow's label from the packet's summary: "SYN seq=100", "ACK ack=101",
/// "PSH,ACK seq=101 len=5".
pub fn packet_label(s: &PacketSummary) -> String {
    match s.protocol {
        IpProtocol::Tcp => {
            let f = TcpFlags(s.tcp_flags);
            let syn = f.contains(TcpFlags::SYN);
            let rst = f.contains(TcpFlags::RST);
            let show_seq = syn || rst || f.contains(TcpFlags::FIN) || s.payload_len > 0;
            let show_ack = f.contains(TcpFlags::ACK) && (syn || rst || !show_seq);
            let mut out = f.to_string();
            if let (true, Some(seq)) = (show_seq, s.seq) {
                out.push_str(&format!(" seq={seq}"));
            }
            if let (true, Some(ack)) = (show_ack, s.ack) {
                out.push_str(&format!(" ack={ack}"));
            }
            if s.payload_len > 0 {
                out.push_str(&format!(" len={}", s.payload_len));
            }
            out
        }
        IpProtocol::Udp => format!(
            "UDP {}→{} len={}",
            s.src_port.unwrap_or(0),
            s.dst_port.unwrap_or(0),
            s.payload_len
        ),
        IpProtocol::Icmp => match s.text.split_once(" ICMP ") {
            Some((_, rest)) => format!("ICMP {rest}"),
            None => "ICMP".into(),
        },
        IpProtocol::Other(n) => format!("proto {n}"),
    }
}

/// The colour class, the same palette as the network view.
pub fn packet_class(s: &PacketSummary) -> &'static str {
    match s.protocol {
        IpProtocol::Tcp => {
            let f = TcpFlags(s.tcp_flags);
            if f.contains(TcpFlags::RST) {
                "pkt-rst"
            } else if f.contains(TcpFlags::SYN | TcpFlags::ACK) {
                "pkt-synack"
            } else if f.contains(TcpFlags::SYN) {
                "pkt-syn"
            } else if f.contains(TcpFlags::FIN) {
                "pkt-fin"
            } else if s.payload_len > 0 {
                "pkt-data"
            } else {
                "pkt-ack"
            }
        }
        IpProtocol::Udp => "pkt-udp",
        IpProtocol::Icmp => "pkt-icmp",
        IpProtocol::Other(_) => "pkt-other",
    }
}

/// "1.020s": the axis speaks in seconds with millisecond precision.
pub fn fmt_time(us: u64) -> String {
    format!("{}.{:03}s", us / 1_000_000, (us % 1_000_000) / 1_000)
}

/// A gap, compactly: "850µs", "12.5ms", "1.000s".
pub fn fmt_gap(us: u64) -> String {
    if us < 1_000 {
        format!("{us}µs")
    } else if us < 1_000_000 {
        format!("{:.1}ms", us as f64 / 1_000.0)
    } else {
        format!("{:.3}s", us as f64 / 1_000_000.0)
    }
}

// ---------------------------------------------------------------------------------------
// Which packets, from the log.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Delivered,
    Dropped,
    /// Still on the wire: the arrow ends at "now", this far (ppm) along.
    InFlight {
        ppm: u32,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct LadderPacket {
    pub id: PacketId,
    pub src: HostId,
    pub dst: Option<HostId>,
    pub sent: u64,
    /// Planned arrival, for placing a drop along the way.
    pub due: u64,
    /// When the arrow ends: arrival, drop, or now.
    pub end_at: u64,
    pub end: End,
    pub retransmit: bool,
    /// A copy the network or the user made of another packet.
    pub copy_of: Option<PacketId>,
    pub summary: PacketSummary,
    /// Part of the followed connection (always true when no connection is followed).
    pub ours: bool,
}

/// What the ladder shows: the packets, and how many matched in all.
#[derive(Debug, Clone, PartialEq)]
pub struct LadderData {
    pub packets: Vec<LadderPacket>,
    pub total: usize,
}

/// Which timelines to draw, and the connection to emphasise if a TCP socket is selected:
/// just its two hosts then, else every host in host order.
pub fn lanes_for(
    world: &World,
    selected: Option<SocketId>,
) -> (Vec<HostId>, Option<(Endpoint, Endpoint)>) {
    let all: Vec<HostId> = world.hosts().map(|h| h.id).collect();
    let Some(sock) = selected.and_then(|s| world.get_socket(s)) else {
        return (all, None);
    };
    let (Some(local), Some(remote)) = (sock.local, sock.remote) else {
        return (all, None);
    };
    let Some(peer) = world.host_by_addr(remote.addr).map(|h| h.id) else {
        return (all, None);
    };
    let mut lanes: Vec<HostId> = all
        .into_iter()
        .filter(|h| *h == sock.host || *h == peer)
        .collect();
    lanes.dedup();
    (lanes, Some((local, remote)))
}

/// The hosts the drawn packets involve, in host order; every candidate if none are drawn.
pub fn involved(lanes: &[HostId], packets: &[LadderPacket]) -> Vec<HostId> {
    let used: BTreeSet<HostId> = packets
        .iter()
        .flat_map(|p| std::iter::once(p.src).chain(p.dst))
        .collect();
    let kept: Vec<HostId> = lanes.iter().copied().filter(|h| used.contains(h)).collect();
    if kept.is_empty() {
        lanes.to_vec()
    } else {
        kept
    }
}

fn belongs(s: &PacketSummary, conn: Option<(Endpoint, Endpoint)>) -> bool {
    let Some((local, remote)) = conn else {
        return true;
    };
    let (Some(sp), Some(dp)) = (s.src_port, s.dst_port) else {
        return false;
    };
    let (src, dst) = (Endpoint::new(s.src, sp), Endpoint::new(s.dst, dp));
    (src == local && dst == remote) || (src == remote && dst == local)
}

/// The newest `max` packets between `lanes`, with how each ended. One backward pass to
/// find where they start, one forward pass from there; an index by id, no quadratic scan.
pub fn collect(
    world: &World,
    lanes: &[HostId],
    conn: Option<(Endpoint, Endpoint)>,
    max: usize,
) -> LadderData {
    let lane_set: BTreeSet<HostId> = lanes.iter().copied().collect();
    let shown = |src: Option<HostId>, dst: Option<HostId>| {
        src.is_some_and(|s| lane_set.contains(&s)) && dst.is_none_or(|d| lane_set.contains(&d))
    };
    let events = world.log().events();
    let mut total = 0;
    let mut start = events.len();
    for (i, e) in events.iter().enumerate().rev() {
        if let EventKind::PacketSent { dst, .. } = &e.kind {
            if shown(e.host, *dst) {
                total += 1;
                if total <= max {
                    start = i;
                }
            }
        }
    }
    let mut packets: Vec<LadderPacket> = Vec::new();
    let mut index: BTreeMap<PacketId, usize> = BTreeMap::new();
    // Retransmission notes come just before their segment, from the same socket.
    let mut resent: BTreeSet<(u64, Option<SocketId>, u32)> = BTreeSet::new();
    for e in &events[start..] {
        match &e.kind {
            EventKind::Tcp {
                note: TcpNote::Retransmitted { seq, .. },
            } => {
                resent.insert((e.at.micros(), e.socket, *seq));
            }
            EventKind::PacketSent {
                packet,
                dst,
                arrive_at,
                summary,
            } => {
                let Some(src) = e.host.filter(|_| shown(e.host, *dst)) else {
                    continue;
                };
                let retransmit = summary
                    .seq
                    .is_some_and(|seq| resent.contains(&(e.at.micros(), e.socket, seq)));
                index.insert(*packet, packets.len());
                packets.push(LadderPacket {
                    id: *packet,
                    src,
                    dst: *dst,
                    sent: e.at.micros(),
                    due: arrive_at.micros(),
                    end_at: arrive_at.micros(),
                    end: End::InFlight { ppm: 0 },
                    retransmit,
                    copy_of: None,
                    ours: belongs(summary, conn),
                    summary: summary.clone(),
                });
            }
            EventKind::PacketDuplicated { packet, copy } => {
                if let Some(&i) = index.get(packet) {
                    let mut c = packets[i].clone();
                    c.id = *copy;
                    c.copy_of = Some(*packet);
                    c.retransmit = false;
                    // A copy made by hand leaves now; one made on the way leaves with it.
                    c.sent = c.sent.max(e.at.micros());
                    c.due = c.due.max(c.sent);
                    index.insert(*copy, packets.len());
                    packets.push(c);
                }
            }
            EventKind::PacketDelivered { packet } => {
                if let Some(&i) = index.get(packet) {
                    packets[i].end = End::Delivered;
                    packets[i].end_at = e.at.micros();
                }
            }
            EventKind::PacketDropped { packet, .. } => {
                if let Some(&i) = index.get(packet) {
                    packets[i].end = End::Dropped;
                    packets[i].end_at = e.at.micros();
                }
            }
            _ => {}
        }
    }
    let now = world.now();
    for p in &mut packets {
        if let End::InFlight { ppm } = &mut p.end {
            *ppm = world
                .network()
                .packet(p.id)
                .map_or(1_000_000, |f| f.progress_ppm(now));
            p.end_at = now.micros();
        }
    }
    // Copies were appended after their originals; draw in order of leaving.
    packets.sort_by_key(|p| (p.sent, p.id));
    LadderData { packets, total }
}

// ---------------------------------------------------------------------------------------
// The time axis: compact, monotone, one row at least per instant.

/// Vertical positions for the instants of the ladder. Each distinct instant gets a row,
/// more if several packets leave (or arrive) at once, so simultaneous arrows run side by
/// side instead of on top of each other. Gaps count in proportion to the typical travel
/// time, and gaps much longer than that (waiting for a timer) are squeezed and reported
/// as breaks.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeAxis {
    /// (instant, y of its first slot, slots), by time.
    instants: Vec<(u64, f64, usize)>,
    /// Squeezed gaps: (y where it starts, y where it ends, its real length in µs).
    pub breaks: Vec<(f64, f64, u64)>,
    pub height: f64,
}

impl TimeAxis {
    /// `slots`: every instant with how many rows it needs. `travel`: a typical one-way
    /// trip in µs; a gap that long takes two rows.
    pub fn build(slots: &BTreeMap<u64, usize>, travel: u64, row: f64) -> TimeAxis {
        let travel = travel.max(1) as f64;
        let mut instants = Vec::with_capacity(slots.len());
        let mut breaks = Vec::new();
        let mut y = 0.0;
        let mut prev: Option<(u64, usize)> = None;
        for (&t, &n) in slots {
            if let Some((pt, pn)) = prev {
                let gap = (t - pt) as f64;
                let natural = 2.0 * row * gap / travel;
                let limit = 4.0 * row;
                let step = if natural > limit {
                    // Squeezed: four rows, plus a little per doubling, at most six.
                    let extra = (gap / (2.0 * travel)).log2().max(0.0) * row * 0.5;
                    let h = (limit + extra).min(6.0 * row);
                    let from = y + (pn.max(1) - 1) as f64 * row;
                    breaks.push((from, from + h, t - pt));
                    h
                } else {
                    natural.max(row * 0.8)
                };
                y += (pn.max(1) - 1) as f64 * row + step;
            }
            instants.push((t, y, n.max(1)));
            prev = Some((t, n));
        }
        let height = prev.map_or(0.0, |(_, n)| y + (n.max(1) - 1) as f64 * row);
        TimeAxis {
            instants,
            breaks,
            height,
        }
    }

    /// Where slot `slot` of instant `t` sits; between instants, interpolated.
    pub fn y(&self, t: u64, slot: usize, row: f64) -> f64 {
        match self.instants.binary_search_by_key(&t, |i| i.0) {
            Ok(i) => {
                let (_, y, n) = self.instants[i];
                y + slot.min(n - 1) as f64 * row
            }
            Err(0) => self.instants.first().map_or(0.0, |i| i.1),
            Err(i) if i >= self.instants.len() => self.height,
            Err(i) => {
                let (t0, y0, n0) = self.instants[i - 1];
                let (t1, y1, _) = self.instants[i];
                let y0 = y0 + (n0 - 1) as f64 * row;
                y0 + (y1 - y0) * (t - t0) as f64 / (t1 - t0) as f64
            }
        }
    }

    pub fn instants(&self) -> impl Iterator<Item = (u64, f64)> + '_ {
        self.instants.iter().map(|(t, y, _)| (*t, *y))
    }
}

/// Each packet's slot at its start and its end instant: in id order among those sharing
/// the instant. Returns the slots and the rows each instant needs.
fn assign_slots(packets: &[LadderPacket]) -> (Vec<(usize, usize)>, BTreeMap<u64, usize>) {
    let mut starts: BTreeMap<u64, usize> = BTreeMap::new();
    let mut ends: BTreeMap<u64, usize> = BTreeMap::new();
    let mut out = Vec::with_capacity(packets.len());
    for p in packets {
        let s = starts.entry(p.sent).or_insert(0);
        let slot = *s;
        *s += 1;
        if p.end_at == p.sent {
            // Dropped the moment it left: it ends where it starts.
            out.push((slot, slot));
            continue;
        }
        let e = ends.entry(p.end_at).or_insert(0);
        out.push((slot, *e));
        *e += 1;
    }
    let mut rows = starts;
    for (t, n) in ends {
        let r = rows.entry(t).or_insert(0);
        *r = (*r).max(n);
    }
    (out, rows)
}

/// The x of each lane, spread across the drawing area.
pub fn lane_xs(n: usize) -> Vec<f64> {
    let (left, right) = (AXIS_W + 70.0, VIEW_W - 70.0);
    match n {
        0 => Vec::new(),
        1 => vec![(left + right) / 2.0],
        _ => (0..n)
            .map(|i| left + (right - left) * i as f64 / (n - 1) as f64)
            .collect(),
    }
}

/// The median one-way trip of the delivered packets, the axis's unit of time.
fn typical_travel(packets: &[LadderPacket]) -> u64 {
    let mut trips: Vec<u64> = packets
        .iter()
        .filter(|p| p.end == End::Delivered)
        .map(|p| p.end_at.saturating_sub(p.sent))
        .filter(|d| *d > 0)
        .collect();
    trips.sort_unstable();
    trips
        .get(trips.len() / 2)
        .copied()
        .unwrap_or(10_000)
        .max(100)
}

// ---------------------------------------------------------------------------------------
// Labels that do not pile up.

/// A rectangle turned by `angle` (radians) about its centre.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Obb {
    pub cx: f64,
    pub cy: f64,
    pub hw: f64,
    pub hh: f64,
    pub angle: f64,
}

/// Whether two turned rectangles overlap (separating axis test).
pub fn obb_overlap(p: &Obb, q: &Obb) -> bool {
    let axes = |o: &Obb| {
        let (s, c) = o.angle.sin_cos();
        [(c, s), (-s, c)]
    };
    let radius = |o: &Obb, (ax, ay): (f64, f64)| {
        let [(ux, uy), (vx, vy)] = axes(o);
        o.hw * (ux * ax + uy * ay).abs() + o.hh * (vx * ax + vy * ay).abs()
    };
    let (dx, dy) = (q.cx - p.cx, q.cy - p.cy);
    axes(p).into_iter().chain(axes(q)).all(|axis| {
        let d = (dx * axis.0 + dy * axis.1).abs();
        d <= radius(p, axis) + radius(q, axis)
    })
}

/// Where a label goes: its anchor point, alignment and turn (degrees).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Placed {
    x: f64,
    y: f64,
    anchor: &'static str,
    angle: f64,
}

/// Width of a label in view units: 10.5px monospace.
const CHAR_W: f64 = 6.3;

/// The box a label drawn at `(x, y)` covers: text sits 3 units above the line it labels.
fn label_box(x: f64, y: f64, anchor: &str, angle_deg: f64, chars: usize) -> Obb {
    let w = chars as f64 * CHAR_W;
    let along = match anchor {
        "start" => w / 2.0,
        "end" => -w / 2.0,
        _ => 0.0,
    };
    let a = angle_deg.to_radians();
    let (s, c) = a.sin_cos();
    // The text's centre in its own frame is (along, -6.7); turn it by `a`.
    let (ox, oy) = (along, -6.7);
    Obb {
        cx: x + ox * c - oy * s,
        cy: y + ox * s + oy * c,
        hw: w / 2.0 + 1.0,
        hh: 6.0,
        angle: a,
    }
}

/// Places every label it can without overlapping one placed before: the selected packet
/// first, then drops and retransmissions, then the rest in order. Each tries a few spots
/// along its arrow; one that finds no room is left out (its tooltip still tells).
fn place_labels(
    packets: &[LadderPacket],
    geometry: &[Geometry],
    labels: &[String],
    selected: Option<PacketId>,
) -> Vec<Option<Placed>> {
    let mut order: Vec<usize> = (0..packets.len()).collect();
    order.sort_by_key(|&i| {
        let p = &packets[i];
        let special = p.retransmit || p.end == End::Dropped;
        (selected != Some(p.id), !special, i)
    });
    let mut boxes: Vec<Obb> = Vec::new();
    let mut out = vec![None; packets.len()];
    for i in order {
        let (p, g) = (&packets[i], geometry[i]);
        let chars = labels[i].chars().count();
        let drawn = (g.x2 - g.x1).hypot(g.y2 - g.y1);
        let short = p.end != End::Delivered && drawn < 90.0;
        let candidates: Vec<Placed> = if short {
            let toward = if g.fx >= g.x1 { 1.0 } else { -1.0 };
            vec![Placed {
                x: g.x2 + toward * 9.0,
                y: g.y2 + 7.0,
                anchor: if toward > 0.0 { "start" } else { "end" },
                angle: 0.0,
            }]
        } else {
            let (dx, dy) = (g.fx - g.x1, g.fy - g.y1);
            let angle = if dx.abs() < 1e-6 {
                0.0
            } else {
                (dy / dx).atan().to_degrees()
            };
            let (ex, ey) = if p.end == End::Delivered {
                (g.fx, g.fy)
            } else {
                (g.x2, g.y2)
            };
            [0.5, 0.32, 0.68, 0.2, 0.8]
                .into_iter()
                .map(|f| Placed {
                    x: g.x1 + (ex - g.x1) * f,
                    y: g.y1 + (ey - g.y1) * f,
                    anchor: "middle",
                    angle,
                })
                .collect()
        };
        let forced = selected == Some(p.id);
        for c in candidates {
            let b = label_box(c.x, c.y, c.anchor, c.angle, chars);
            if forced || !boxes.iter().any(|o| obb_overlap(o, &b)) {
                boxes.push(b);
                out[i] = Some(c);
                break;
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------

/// One arrow's geometry, in view units.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Geometry {
    x1: f64,
    y1: f64,
    x2: f64,
    y2: f64,
    /// Where the full arrow would end (for a drop or a packet in flight).
    fx: f64,
    fy: f64,
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

#[component]
pub fn Ladder(props: &LadderProps) -> Html {
    let p = &props.state;
    let lang = p.lang;
    let world_guard = p.world.get();
    let world = &*world_guard;
    let (lanes, conn) = lanes_for(world, p.selected_socket);
    let data = collect(world, &lanes, conn, LADDER_MAX);
    let lanes = involved(&lanes, &data.packets);
    let xs = lane_xs(lanes.len());
    let lane_x: BTreeMap<HostId, f64> = lanes.iter().copied().zip(xs.iter().copied()).collect();

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
    let y_of = |t: u64, slot: usize| TOP + FIRST + axis.y(t, slot, ROW) * scale;

    // Host boxes narrow when lanes are close; the address goes when there is no room.
    let spacing = match xs.as_slice() {
        [a, b, ..] => b - a,
        _ => f64::INFINITY,
    };
    let box_w = (spacing - 8.0).clamp(24.0, 104.0);
    let header = lanes.iter().zip(&xs).map(|(h, x)| {
        let host = world.host(*h);
        let name = host.map(|h| h.name.clone()).unwrap_or_default();
        let addr = host.map(|h| h.addr.to_string()).unwrap_or_default();
        html! {
            <g class="lad-lane" key={format!("lane{}", h.0)} data-host={name.clone()}>
                <title>{ format!("{name} {addr}") }</title>
                <line class="lad-timeline" x1={format!("{x:.1}")} x2={format!("{x:.1}")} y1={format!("{:.1}", TOP - 4.0)} y2={format!("{:.1}", VIEW_H - BOTTOM + 6.0)} />
                <rect class="lad-host" x={format!("{:.1}", x - box_w / 2.0)} y="4" width={format!("{box_w:.1}")} height="36" rx="8" />
                <text class="lad-host-name" x={format!("{x:.1}")} y={if box_w >= 80.0 { "20" } else { "27" }} text-anchor="middle">{ name }</text>
                if box_w >= 80.0 {
                    <text class="lad-host-addr" x={format!("{x:.1}")} y="34" text-anchor="middle">{ addr }</text>
                }
            </g>
        }
    });

    // The time axis: a label at each instant something left, when there is room.
    let mut last_label = f64::NEG_INFINITY;
    let mut ticks = Vec::new();
    let send_times: BTreeSet<u64> = data.packets.iter().map(|p| p.sent).collect();
    for (t, _) in axis.instants() {
        // "now" has its own label on its line.
        if !send_times.contains(&t) || (t == now && !data.packets.is_empty()) {
            continue;
        }
        let y = y_of(t, 0);
        if y - last_label < 11.0 || (y_of(now, 0) - y).abs() < 11.0 {
            continue;
        }
        last_label = y;
        ticks.push(html! {
            <text class="lad-tick" x={format!("{:.1}", AXIS_W - 6.0)} y={format!("{:.1}", y + 3.5)} text-anchor="end">{ fmt_time(t) }</text>
        });
    }
    let breaks = axis.breaks.iter().map(|(a, b, gap)| {
        let (ya, yb) = (TOP + FIRST + a * scale, TOP + FIRST + b * scale);
        let mid = (ya + yb) / 2.0;
        html! {
            <g class="lad-break">
                <rect x={format!("{AXIS_W:.1}")} y={format!("{:.1}", ya + 3.0)} width={format!("{:.1}", VIEW_W - AXIS_W - 8.0)} height={format!("{:.1}", (yb - ya - 6.0).max(1.0))} />
                <text class="lad-gap" x={format!("{:.1}", AXIS_W - 6.0)} y={format!("{:.1}", mid + 3.5)} text-anchor="end">{ format!("+{}", fmt_gap(*gap)) }</text>
            </g>
        }
    });

    let geometry: Vec<Geometry> = data
        .packets
        .iter()
        .zip(&slots)
        .map(|(pk, (s0, s1))| {
            let x1 = lane_x.get(&pk.src).copied().unwrap_or(AXIS_W);
            // No destination on the segment: a stub towards the middle.
            let xd = match pk.dst.and_then(|d| lane_x.get(&d).copied()) {
                Some(x) => x,
                None => x1 + if x1 < VIEW_W / 2.0 { 60.0 } else { -60.0 },
            };
            let y1 = y_of(pk.sent, *s0);
            let y2 = y_of(pk.end_at, *s1);
            let f = match pk.end {
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
            };
            Geometry {
                x1,
                y1,
                x2: x1 + (xd - x1) * f,
                y2,
                fx: xd,
                fy: y2,
            }
        })
        .collect();
    let labels: Vec<String> = data
        .packets
        .iter()
        .map(|pk| match pk.copy_of {
            Some(orig) => format!(
                "{} ({} #{})",
                packet_label(&pk.summary),
                t(lang, Key::CopyOfPacket),
                orig.0
            ),
            None => packet_label(&pk.summary),
        })
        .collect();
    let placed = place_labels(&data.packets, &geometry, &labels, p.selected_packet);

    let arrows = data.packets.iter().enumerate().map(|(i, pk)| {
        let g = geometry[i];
        let label = &labels[i];
        let id = pk.id;
        let selected = p.selected_packet == Some(id);
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
        let onclick = props.on_action.reform(move |e: MouseEvent| {
            e.stop_propagation();
            Action::SelectPacket(Some(id))
        });
        let line = |cls: &'static str| html! {
            <line class={cls} x1={format!("{:.1}", g.x1)} y1={format!("{:.1}", g.y1)} x2={format!("{:.1}", g.x2)} y2={format!("{:.1}", g.y2)} />
        };
        let title = format!("#{} {}", id.0, pk.summary.text);
        html! {
            <g {class} key={format!("p{}", id.0)} data-packet={id.0.to_string()} {onclick} role="button" tabindex="-1" aria-label={format!("#{} {label}", id.0)}>
                <title>{ title }</title>
                { line("lad-hit") }
                { line("lad-line") }
                {
                    match pk.end {
                        End::Delivered => html! { <polygon class="lad-head" points={head(g.x1, g.y1, g.x2, g.y2)} /> },
                        End::Dropped => {
                            let (x, y) = (g.x2, g.y2);
                            html! {
                                <g class="lad-x">
                                    <line x1={format!("{:.1}", x - 5.0)} y1={format!("{:.1}", y - 5.0)} x2={format!("{:.1}", x + 5.0)} y2={format!("{:.1}", y + 5.0)} />
                                    <line x1={format!("{:.1}", x - 5.0)} y1={format!("{:.1}", y + 5.0)} x2={format!("{:.1}", x + 5.0)} y2={format!("{:.1}", y - 5.0)} />
                                </g>
                            }
                        }
                        End::InFlight { .. } => html! { <circle class="lad-front" cx={format!("{:.1}", g.x2)} cy={format!("{:.1}", g.y2)} r="4" /> },
                    }
                }
                if let Some(l) = placed[i] {
                    <text class="lad-label" x={format!("{:.1}", l.x)} y={format!("{:.1}", l.y - 3.0)} text-anchor={l.anchor}
                          transform={format!("rotate({:.2} {:.1} {:.1})", l.angle, l.x, l.y)}>{ label }</text>
                }
            </g>
        }
    });

    let now_line = (!data.packets.is_empty()).then(|| {
        let y = y_of(now, 0);
        html! {
            <g class="lad-now">
                <line x1={format!("{AXIS_W:.1}")} x2={format!("{:.1}", VIEW_W - 8.0)} y1={format!("{y:.1}")} y2={format!("{y:.1}")} />
                <text x={format!("{:.1}", AXIS_W - 6.0)} y={format!("{:.1}", y + 3.5)} text-anchor="end">{ format!("{} ▸", fmt_time(now)) }</text>
            </g>
        }
    });

    html! {
        <section class="panel ladder" data-group="1" aria-label={t(lang, Key::LadderTitle)}>
            <h2>
                { t(lang, Key::LadderTitle) }
                <span class="sub" id="ladder-count">{ ladder_count(lang, data.packets.iter().filter(|p| p.copy_of.is_none()).count(), data.total) }</span>
            </h2>
            <svg class="lad" viewBox={format!("0 0 {VIEW_W} {VIEW_H}")} role="img" aria-label={t(lang, Key::LadderTitle)}>
                <g class="lad-breaks">{ for breaks }</g>
                <g class="lad-lanes">{ for header }</g>
                <g class="lad-ticks">{ for ticks }</g>
                { for now_line }
                <g class="lad-pkts">{ for arrows }</g>
                if data.packets.is_empty() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use sockscope_core::{Duration, Protocol};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn summary(flags: TcpFlags, seq: u32, ack: u32, len: u32) -> PacketSummary {
        PacketSummary {
            src: "10.0.0.2".parse().unwrap(),
            dst: "10.0.0.1".parse().unwrap(),
            protocol: IpProtocol::Tcp,
            src_port: Some(49152),
            dst_port: Some(80),
            tcp_flags: flags.0,
            seq: Some(seq),
            ack: Some(ack),
            window: Some(65535),
            payload_len: len,
            total_len: 40 + len,
            text: String::new(),
        }
    }

    #[test]
    fn labels_say_what_matters_for_each_segment() {
        assert_eq!(
            packet_label(&summary(TcpFlags::SYN, 100, 0, 0)),
            "SYN seq=100"
        );
        assert_eq!(
            packet_label(&summary(TcpFlags::SYN | TcpFlags::ACK, 300, 101, 0)),
            "SYN,ACK seq=300 ack=101"
        );
        assert_eq!(
            packet_label(&summary(TcpFlags::ACK, 101, 301, 0)),
            "ACK ack=301"
        );
        assert_eq!(
            packet_label(&summary(TcpFlags::PSH | TcpFlags::ACK, 101, 301, 5)),
            "PSH,ACK seq=101 len=5"
        );
        assert_eq!(
            packet_label(&summary(TcpFlags::FIN | TcpFlags::ACK, 106, 301, 0)),
            "FIN,ACK seq=106"
        );
        assert_eq!(
            packet_class(&summary(TcpFlags::SYN | TcpFlags::ACK, 0, 0, 0)),
            "pkt-synack"
        );
        assert_eq!(packet_class(&summary(TcpFlags::ACK, 0, 0, 3)), "pkt-data");
        assert_eq!(fmt_time(1_020_500), "1.020s");
        assert_eq!(fmt_gap(980_000), "980.0ms");
        assert_eq!(fmt_gap(12), "12µs");
    }

    #[test]
    fn the_axis_is_monotone_spreads_simultaneous_packets_and_squeezes_long_waits() {
        let mut slots = BTreeMap::new();
        slots.insert(0, 1);
        slots.insert(10_000, 3);
        slots.insert(20_000, 1);
        slots.insert(2_020_000, 1);
        let axis = TimeAxis::build(&slots, 10_000, ROW);
        let ys: Vec<f64> = axis.instants().map(|(_, y)| y).collect();
        assert!(ys.windows(2).all(|w| w[1] > w[0]), "{ys:?}");
        // One trip is two rows.
        assert!((ys[1] - 2.0 * ROW).abs() < 1e-9);
        // Three packets at 10 ms take three rows.
        assert!((axis.y(10_000, 2, ROW) - (ys[1] + 2.0 * ROW)).abs() < 1e-9);
        assert!(ys[2] >= axis.y(10_000, 2, ROW) + ROW * 0.8);
        // Two seconds of waiting is squeezed to at most six rows and reported.
        assert!(ys[3] - ys[2] <= 6.0 * ROW + 1e-9);
        assert_eq!(axis.breaks.len(), 1);
        assert_eq!(axis.breaks[0].2, 2_000_000);
        // Between instants, interpolated; outside, clamped.
        let mid = axis.y(15_000, 0, ROW);
        assert!(mid > axis.y(10_000, 2, ROW) && mid < ys[2]);
        assert_eq!(axis.y(9_999_999, 0, ROW), axis.height);
    }

    #[test]
    fn turned_boxes_overlap_only_when_they_touch() {
        let a = Obb {
            cx: 0.0,
            cy: 0.0,
            hw: 50.0,
            hh: 6.0,
            angle: 0.0,
        };
        let below = Obb { cy: 13.0, ..a };
        let close = Obb { cy: 11.0, ..a };
        assert!(!obb_overlap(&a, &below));
        assert!(obb_overlap(&a, &close));
        // Two long labels side by side on a slope do not touch; turned across, they do.
        let slope = 20f64.to_radians();
        let p = Obb { angle: slope, ..a };
        let q = Obb {
            cx: -13.0 * slope.sin(),
            cy: 13.0 * slope.cos(),
            angle: slope,
            ..a
        };
        assert!(!obb_overlap(&p, &q));
        assert!(obb_overlap(&p, &Obb { angle: -slope, ..q }));
        let b = label_box(100.0, 50.0, "start", 0.0, 10);
        assert!((b.cx - (100.0 + 31.5)).abs() < 1e-9 && b.cy < 50.0);
    }

    #[test]
    fn only_hosts_that_sent_or_received_get_a_lane() {
        let (mut w, _c) = world_with_handshake();
        w.advance(Duration::from_millis(50));
        let all: Vec<HostId> = w.hosts().map(|h| h.id).collect();
        assert_eq!(all.len(), 3);
        let d = collect(&w, &all, None, LADDER_MAX);
        assert_eq!(involved(&all, &d.packets), vec![HostId(0), HostId(1)]);
        assert_eq!(involved(&all, &[]), all, "nothing drawn: every host");
    }

    #[test]
    fn a_packet_dropped_as_it_left_ends_on_its_start_row() {
        let (mut w, _c) = world_with_handshake();
        let syn = w.network().in_flight().next().unwrap().id;
        w.drop_packet(syn).unwrap();
        let lanes: Vec<HostId> = w.hosts().map(|h| h.id).collect();
        let d = collect(&w, &lanes, None, LADDER_MAX);
        assert_eq!(d.packets[0].end, End::Dropped);
        let (slots, rows) = assign_slots(&d.packets);
        assert_eq!(slots, vec![(0, 0)]);
        assert_eq!(rows.values().copied().collect::<Vec<_>>(), vec![1]);
    }

    #[test]
    fn lanes_spread_across_the_view() {
        assert!(lane_xs(0).is_empty());
        assert_eq!(lane_xs(1).len(), 1);
        let xs = lane_xs(4);
        assert!(xs.windows(2).all(|w| w[1] > w[0]));
        assert!(xs[0] > AXIS_W && xs[3] < VIEW_W);
    }

    fn world_with_handshake() -> (World, SocketId) {
        let mut w = World::with_seed(7);
        let a = w.spawn_host_str("A", "10.0.0.1").unwrap();
        let b = w.spawn_host_str("B", "10.0.0.2").unwrap();
        w.spawn_host_str("C", "10.0.0.3").unwrap();
        let l = w.socket(a, Protocol::Tcp).unwrap();
        w.bind(l, "10.0.0.1:80".parse().unwrap()).unwrap();
        w.listen(l, 4).unwrap();
        let c = w.socket(b, Protocol::Tcp).unwrap();
        w.connect(c, "10.0.0.1:80".parse().unwrap()).unwrap();
        (w, c)
    }

    #[test]
    fn a_lost_syn_ends_short_and_its_retransmission_is_marked() {
        let (mut w, c) = world_with_handshake();
        let first = w.network().in_flight().next().unwrap().id;
        w.drop_packet(first).unwrap();
        w.advance(Duration::from_secs(2));
        let (lanes, conn) = lanes_for(&w, Some(c));
        assert_eq!(lanes.len(), 2, "just the two ends of the connection");
        assert!(conn.is_some());
        let d = collect(&w, &lanes, conn, LADDER_MAX);
        let labels: Vec<String> = d.packets.iter().map(|p| packet_label(&p.summary)).collect();
        assert!(labels[0].starts_with("SYN seq="), "{labels:?}");
        assert_eq!(d.packets[0].end, End::Dropped);
        assert!(!d.packets[0].retransmit);
        assert!(labels[1].starts_with("SYN seq="), "{labels:?}");
        assert!(
            d.packets[1].retransmit,
            "the second SYN is a retransmission"
        );
        assert_eq!(d.packets[1].end, End::Delivered);
        assert!(labels.iter().any(|l| l.starts_with("SYN,ACK")));
        assert!(labels.iter().any(|l| l.starts_with("ACK ack=")));
        assert_eq!(d.total, d.packets.len());
    }

    #[test]
    fn only_the_newest_packets_are_kept_and_in_flight_ones_end_now() {
        let (mut w, _c) = world_with_handshake();
        w.advance(Duration::from_millis(15));
        let lanes: Vec<HostId> = w.hosts().map(|h| h.id).collect();
        let d = collect(&w, &lanes, None, 1);
        assert_eq!(d.total, 2, "SYN delivered, SYN,ACK on the way");
        assert_eq!(d.packets.len(), 1);
        let p = &d.packets[0];
        assert_eq!(TcpFlags(p.summary.tcp_flags), TcpFlags::SYN | TcpFlags::ACK);
        assert!(matches!(p.end, End::InFlight { ppm } if ppm > 0 && ppm < 1_000_000));
        assert_eq!(p.end_at, w.now().micros());
    }
}
