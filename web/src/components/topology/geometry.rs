//! The picture's geometry, free of the browser: where the shared segment's switch sits,
//! the route a packet takes (sender → switch → receiver), how the packets on one route
//! are spread so that a burst sent at one instant shows as that many packets, and how a
//! long host name is shortened to fit its circle.

use std::collections::BTreeMap;

/// A point in the picture's 1000 × 600 view.
pub type Pt = (f64, f64);

/// A host's circle radius plus half a labelled packet: packets leave from beside the
/// host, not from under it, and stop there.
const HOST_EDGE: f64 = 64.0;

fn dist(a: Pt, b: Pt) -> f64 {
    (a.0 - b.0).hypot(a.1 - b.1)
}

fn to_pt(p: (i32, i32)) -> Pt {
    (f64::from(p.0), f64::from(p.1))
}

/// Where the switch of the one segment sits: amid the hosts (the middle of the box
/// around them, so the server alone on the right gets a wire as long as the clients'),
/// moved aside if a host is there already, so that every host's wire to it shows.
pub fn hub(hosts: &[(i32, i32)]) -> Pt {
    let (Some(x0), Some(x1), Some(y0), Some(y1)) = (
        hosts.iter().map(|h| h.0).min(),
        hosts.iter().map(|h| h.0).max(),
        hosts.iter().map(|h| h.1).min(),
        hosts.iter().map(|h| h.1).max(),
    ) else {
        return (500.0, 300.0);
    };
    let mean = (f64::from(x0 + x1) / 2.0, f64::from(y0 + y1) / 2.0);
    const NUDGES: [Pt; 7] = [
        (0.0, 0.0),
        (0.0, 90.0),
        (0.0, -90.0),
        (90.0, 0.0),
        (-90.0, 0.0),
        (0.0, 180.0),
        (0.0, -180.0),
    ];
    NUDGES
        .iter()
        .map(|(dx, dy)| {
            (
                (mean.0 + dx).clamp(60.0, 940.0),
                (mean.1 + dy).clamp(50.0, 550.0),
            )
        })
        .find(|p| hosts.iter().all(|h| dist(*p, to_pt(*h)) >= 75.0))
        .unwrap_or(mean)
}

/// The way a packet travels: from its sender's edge to the switch, then on to its
/// receiver's edge (a broadcast ends at the switch).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Route {
    pub from: Pt,
    pub via: Pt,
    pub to: Pt,
}

/// `a` moved `by` units towards `b`, but never past the middle of the two.
fn toward(a: Pt, b: Pt, by: f64) -> Pt {
    let d = dist(a, b);
    if d <= 0.0 {
        return a;
    }
    let f = (by / d).min(0.5);
    (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f)
}

impl Route {
    /// From host `src` through the switch at `via` to host `dst` (none: a broadcast).
    pub fn new(src: (i32, i32), via: Pt, dst: Option<(i32, i32)>) -> Route {
        let from = toward(to_pt(src), via, HOST_EDGE);
        let to = dst.map_or(via, |d| toward(to_pt(d), via, HOST_EDGE));
        Route { from, via, to }
    }

    pub fn len(&self) -> f64 {
        dist(self.from, self.via) + dist(self.via, self.to)
    }

    /// The point `d` units along the route, moved `lane` units to the right of the way
    /// it goes (so packets going opposite ways on one wire pass side by side).
    pub fn at(&self, d: f64, lane: f64) -> Pt {
        let first = dist(self.from, self.via);
        let (a, b, t) = if d <= first || self.via == self.to {
            (
                self.from,
                self.via,
                if first > 0.0 { d / first } else { 1.0 },
            )
        } else {
            let second = dist(self.via, self.to);
            (self.via, self.to, ((d - first) / second).min(1.0))
        };
        let t = t.clamp(0.0, 1.0);
        let len = dist(a, b);
        let (nx, ny) = if len > 0.0 {
            (-(b.1 - a.1) / len, (b.0 - a.0) / len)
        } else {
            (0.0, 0.0)
        };
        (
            a.0 + (b.0 - a.0) * t + nx * lane,
            a.1 + (b.1 - a.1) * t + ny * lane,
        )
    }
}

/// The most of a route a train of packets takes up, so that it still travels the rest
/// and its progress shows.
const TRAIN_SHARE: f64 = 0.6;

/// The room each of `n` packets on a route of length `len` gets: `gap`, or less when
/// the route is crowded.
pub fn room(n: usize, len: f64, gap: f64) -> f64 {
    let links = n.saturating_sub(1).max(1) as f64;
    gap.min(len * TRAIN_SHARE / links).max(0.0)
}

/// Distances along a route of length `len` for the packets on it, given lead first
/// (progress 0..=1, descending; a tie in send order). Packets sent at one instant have one
/// progress and would be drawn on one spot: here the `n` packets form a train, one
/// [`room`] apart, that travels the route as they do: the lead ends at the end, the last
/// starts at the start, and each packet keeps its order. Alone, a packet is exactly
/// where its progress says.
pub fn spread(progress: &[f64], len: f64, gap: f64) -> Vec<f64> {
    let n = progress.len();
    if n == 0 {
        return Vec::new();
    }
    let g = room(n, len, gap);
    let span = g * (n - 1) as f64;
    progress
        .iter()
        .enumerate()
        .map(|(i, p)| p.clamp(0.0, 1.0) * (len - span) + (n - 1 - i) as f64 * g)
        .collect()
}

/// One packet in flight, as the picture needs it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Flight<K> {
    /// Packets with the same key share a route and are spread along it together.
    pub key: K,
    /// Send order among packets of one instant.
    pub order: u64,
    pub route: Route,
    /// How far it has gone, 0..=1.
    pub progress: f64,
}

/// Where each packet is drawn, in the order given: each route's packets spread by
/// [`spread`], each direction on its own side of the wire; with the room each has on its
/// route (less than `gap` when the route is crowded).
pub fn place_all<K: Ord + Copy>(flights: &[Flight<K>], gap: f64, lane: f64) -> Vec<(Pt, f64)> {
    let mut groups: BTreeMap<K, Vec<usize>> = BTreeMap::new();
    for (i, f) in flights.iter().enumerate() {
        groups.entry(f.key).or_default().push(i);
    }
    let mut out = vec![((0.0, 0.0), gap); flights.len()];
    for mut members in groups.into_values() {
        members.sort_by(|&a, &b| {
            let (fa, fb) = (&flights[a], &flights[b]);
            fb.progress
                .total_cmp(&fa.progress)
                .then(fa.order.cmp(&fb.order))
        });
        let route = flights[members[0]].route;
        let progress: Vec<f64> = members.iter().map(|&i| flights[i].progress).collect();
        let each = room(members.len(), route.len(), gap);
        for (&i, d) in members.iter().zip(spread(&progress, route.len(), gap)) {
            out[i] = (flights[i].route.at(d, lane), each);
        }
    }
    out
}

/// How wide a character is drawn, in units of a Latin letter: Hangul and other wide
/// scripts take about two.
fn char_width(c: char) -> u32 {
    if c.is_ascii() {
        1
    } else {
        2
    }
}

/// Widths that fit a host's circle at the smallest name size.
const NAME_FITS: u32 = 6;

/// The name as drawn in a host's circle: whole when it fits, else its start and "…";
/// and the size class it is drawn at (long names smaller).
pub fn fit_name(name: &str) -> (String, &'static str) {
    let width: u32 = name.chars().map(char_width).sum();
    let size = match width {
        0..=2 => "name-l",
        3..=4 => "name-m",
        _ => "name-s",
    };
    if width <= NAME_FITS {
        return (name.to_string(), size);
    }
    let mut used = 0;
    let mut short: String = name
        .chars()
        .take_while(|c| {
            used += char_width(*c);
            used < NAME_FITS
        })
        .collect();
    short.push('…');
    (short, size)
}

/// The horizontal band of the 1000 × 600 view the picture shows: the full width, and
/// only the height its hosts need (at least half the view), so that a picture in a wide,
/// low panel is drawn as large as the panel allows instead of being scaled down to fit
/// empty space above and below its hosts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Band {
    pub top: i32,
    pub height: i32,
}

impl Default for Band {
    fn default() -> Self {
        Band {
            top: 0,
            height: 600,
        }
    }
}

impl Band {
    /// Room above a host's centre (its ring) and below it (its name and address).
    const ABOVE: i32 = 80;
    const BELOW: i32 = 95;
    const MIN_HEIGHT: i32 = 300;

    /// The band around hosts drawn at `at`, centred on them, inside the view.
    pub fn around(at: &[(i32, i32)]) -> Band {
        let Some(lo) = at.iter().map(|p| p.1).min() else {
            return Band::default();
        };
        let hi = at.iter().map(|p| p.1).max().unwrap_or(lo);
        let (lo, hi) = (lo - Self::ABOVE, hi + Self::BELOW);
        let height = (hi - lo).clamp(Self::MIN_HEIGHT, 600);
        let top = ((lo + hi) / 2 - height / 2).clamp(0, 600 - height);
        Band { top, height }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_band_holds_every_host_and_its_words() {
        let two = Band::around(&[(200, 300), (800, 300)]);
        assert_eq!(
            two,
            Band {
                top: 157,
                height: 300
            },
            "half the view, centred"
        );
        let tall = Band::around(&[(200, 30), (800, 580)]);
        assert_eq!(tall, Band::default(), "hosts at the edges: the whole view");
        for at in [
            [(100, 120), (500, 480)],
            [(300, 500), (700, 560)],
            [(0, 0), (0, 10)],
        ] {
            let b = Band::around(&at);
            assert!(
                b.top >= 0 && b.top + b.height <= 600 && b.height >= 300,
                "{b:?}"
            );
            for (_, y) in at {
                assert!(y - 37 >= b.top || b.top == 0, "{at:?} {b:?}");
                assert!(
                    y + 48 <= b.top + b.height || b.top + b.height == 600,
                    "{at:?} {b:?}"
                );
            }
        }
        assert_eq!(Band::around(&[]), Band::default());
    }
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_switch_sits_amid_the_hosts_but_never_on_one() {
        assert_eq!(hub(&[(200, 300), (800, 300)]), (500.0, 300.0));
        // Three hosts in a row: the middle one is where the mean is.
        let h = hub(&[(200, 300), (500, 300), (800, 300)]);
        assert_eq!(h, (500.0, 390.0));
        // The server alone on the right, three clients on the left: halfway between.
        let h = hub(&[(800, 300), (200, 300), (200, 120), (200, 480)]);
        assert_eq!(h, (500.0, 300.0));
        assert_eq!(hub(&[]), (500.0, 300.0));
    }

    #[test]
    fn a_route_runs_from_edge_to_switch_to_edge() {
        let r = Route::new((200, 300), (500.0, 300.0), Some((800, 300)));
        assert_eq!(r.from, (264.0, 300.0));
        assert_eq!(r.to, (736.0, 300.0));
        assert_eq!(r.len(), 472.0);
        assert_eq!(r.at(0.0, 0.0), (264.0, 300.0));
        assert_eq!(r.at(236.0, 0.0), (500.0, 300.0));
        assert_eq!(r.at(472.0, 0.0), (736.0, 300.0));
        // Going right, the right-hand side is below (y grows downwards).
        assert_eq!(r.at(100.0, 12.0), (364.0, 312.0));
        // Up then right through a switch below: the corner is passed.
        let bent = Route::new((200, 100), (200.0, 400.0), Some((600, 400)));
        let p = bent.at(bent.len() - 1.0, 0.0);
        assert!(
            (p.0 - 535.0).abs() < 1.0 && (p.1 - 400.0).abs() < 1.0,
            "{p:?}"
        );
    }

    #[test]
    fn ten_segments_sent_at_once_are_ten_distinct_spots_in_send_order() {
        let route = Route::new((200, 300), (500.0, 300.0), Some((800, 300)));
        for progress in [0.0, 0.3, 1.0] {
            let flights: Vec<Flight<u8>> = (0..10)
                .map(|i| Flight {
                    key: 0,
                    order: i,
                    route,
                    progress,
                })
                .collect();
            let placed = place_all(&flights, 74.0, 0.0);
            let spots: Vec<Pt> = placed.iter().map(|(p, _)| *p).collect();
            for w in spots.windows(2) {
                // Earlier sent, further along: each next one at least a gap behind.
                assert!(w[0].0 - w[1].0 >= 31.0, "{progress}: {spots:?}");
            }
            assert!(spots.iter().all(|p| (264.0..=736.0).contains(&p.0)));
            // Too crowded for labelled boxes: the train takes 60 % of the route.
            assert!(placed
                .iter()
                .all(|(_, r)| (*r * 9.0 - 472.0 * 0.6).abs() < 1e-9));
            // ... and travels the rest: the lead where the progress says, past 60 %.
            let lead = spots[0].0 - 264.0;
            assert!((lead - (472.0 * 0.6 + 472.0 * 0.4 * progress)).abs() < 1e-9);
        }
    }

    #[test]
    fn a_packet_alone_is_where_its_progress_says() {
        assert_eq!(spread(&[0.25], 400.0, 74.0), vec![100.0]);
        // Two far apart: their order and distance kept, the lead still ahead.
        let d = spread(&[0.9, 0.1], 400.0, 74.0);
        assert!(d[0] > d[1] + 74.0, "{d:?}");
        assert!(spread(&[], 400.0, 74.0).is_empty());
    }

    #[test]
    fn opposite_directions_are_spread_apart_on_their_own_sides() {
        let ab = Route::new((200, 300), (500.0, 300.0), Some((800, 300)));
        let ba = Route::new((800, 300), (500.0, 300.0), Some((200, 300)));
        let flights = [
            Flight {
                key: 1,
                order: 1,
                route: ab,
                progress: 0.5,
            },
            Flight {
                key: 2,
                order: 2,
                route: ba,
                progress: 0.5,
            },
        ];
        let spots = place_all(&flights, 74.0, 12.0);
        assert_eq!(spots[0], ((500.0, 312.0), 74.0));
        assert_eq!(spots[1], ((500.0, 288.0), 74.0));
    }

    #[test]
    fn long_names_are_cut_with_an_ellipsis_short_ones_kept() {
        assert_eq!(fit_name("A"), ("A".into(), "name-l"));
        assert_eq!(fit_name("web"), ("web".into(), "name-m"));
        assert_eq!(fit_name("server"), ("server".into(), "name-s"));
        let forty = "a".repeat(40);
        assert_eq!(fit_name(&forty).0, "aaaaa…");
        // Hangul is wide: three syllables fit, a fourth does not.
        assert_eq!(fit_name("서버하나").0, "서버…");
        assert_eq!(fit_name("서버일").0, "서버일");
    }
}
