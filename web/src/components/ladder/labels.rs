//! What the arrows say and how they look, and placing their labels so that none piles
//! on another.

use super::model::{End, LadderPacket};
use sockscope_core::log::PacketSummary;
use sockscope_core::network::PacketId;
use sockscope_core::wire::{IpProtocol, TcpFlags};

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
        IpProtocol::Icmp => match s.text().split_once(" ICMP ") {
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
pub struct Placed {
    pub x: f64,
    pub y: f64,
    pub anchor: &'static str,
    pub angle: f64,
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
pub fn place_labels(
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

/// One arrow's geometry, in view units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub x1: f64,
    pub y1: f64,
    pub x2: f64,
    pub y2: f64,
    /// Where the full arrow would end (for a drop or a packet in flight).
    pub fx: f64,
    pub fy: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::ladder::axis::{fmt_gap, fmt_time};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn summary(flags: TcpFlags, seq: u32, ack: u32, len: u32) -> PacketSummary {
        let (src, dst) = ("10.0.0.2".parse().unwrap(), "10.0.0.1".parse().unwrap());
        let mut s = PacketSummary::fields(src, dst, IpProtocol::Tcp);
        (s.src_port, s.dst_port, s.tcp_flags) = (Some(49152), Some(80), flags.0);
        (s.seq, s.ack, s.window) = (Some(seq), Some(ack), Some(65535));
        (s.payload_len, s.total_len) = (len, 40 + len);
        s
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
}
