//! The ladder's layout: the view's size, where the lanes stand, and the time axis that
//! turns instants into heights (compact, monotone, long waits squeezed).

use super::model::{End, LadderPacket};
use std::collections::BTreeMap;

pub const VIEW_W: f64 = 760.0;
pub const VIEW_H: f64 = 580.0;
/// Room for host names above the timelines.
pub const TOP: f64 = 48.0;
pub const BOTTOM: f64 = 14.0;
/// Below the host boxes, where the first instant sits.
pub const FIRST: f64 = 16.0;
/// Room for the time axis on the left.
pub const AXIS_W: f64 = 70.0;
/// Vertical room per packet row, before scaling to fit.
pub const ROW: f64 = 14.0;
/// How far a sparse ladder may be stretched to fill the panel.
pub const MAX_STRETCH: f64 = 6.0;

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
pub fn assign_slots(packets: &[LadderPacket]) -> (Vec<(usize, usize)>, BTreeMap<u64, usize>) {
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
pub fn typical_travel(packets: &[LadderPacket]) -> u64 {
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

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

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
    fn lanes_spread_across_the_view() {
        assert!(lane_xs(0).is_empty());
        assert_eq!(lane_xs(1).len(), 1);
        let xs = lane_xs(4);
        assert!(xs.windows(2).all(|w| w[1] > w[0]));
        assert!(xs[0] > AXIS_W && xs[3] < VIEW_W);
    }
}
