//! Where a host without a place is drawn: in the first free slot, never on top of a host
//! already drawn, and never moving one (the user may have dragged it there).
//!
//! The places follow one convention, the lessons': the server on the right, its clients
//! on the left. Every lesson makes A the server (x = 800) and B, C, D the clients
//! (x = 200), as a time-sequence diagram puts the side that opens the connection on the
//! left, so the first arrow (the SYN) reads left to right. Free play starts with the
//! same two hosts, so it uses the same places: A on the right, B on the left, later hosts
//! down the clients' column, then wherever there is the most room. A scenario's explicit
//! x/y always win; this only places the hosts it leaves unplaced and those spawned later.
//!
//! Deterministic: the same hosts, placed in the same order, land in the same places.
//!
//! Routers nobody placed sit amid the nodes they are linked to ([`relax_routers`]).

use sockscope_core::{HostId, World};

/// The slots tried first, in order (the picture is 1000 × 600 view units).
const PREFERRED: [(i32, i32); 10] = [
    (800, 300),
    (200, 300),
    (200, 120),
    (200, 480),
    (800, 120),
    (800, 480),
    (500, 110),
    (500, 490),
    (350, 200),
    (650, 400),
];

/// Centres closer than this would make two hosts (a circle of radius 30 with its
/// address under it, about 80 × 85 units) touch or crowd each other.
pub const MIN_GAP: i32 = 130;

/// The spots tried after the preferred ones: a grid over the picture, row by row.
fn grid() -> impl Iterator<Item = (i32, i32)> + Clone {
    (0..5).flat_map(|row| (0..9).map(move |col| (100 + 100 * col, 100 + 100 * row)))
}

/// Squared distance from `p` to the nearest of `taken` (`i64::MAX` when none).
fn room(p: (i32, i32), taken: &[(i32, i32)]) -> i64 {
    taken
        .iter()
        .map(|q| {
            let (dx, dy) = (i64::from(p.0 - q.0), i64::from(p.1 - q.1));
            dx * dx + dy * dy
        })
        .min()
        .unwrap_or(i64::MAX)
}

/// The place for one more host, given where the others are: the first preferred slot
/// at least [`MIN_GAP`] from every host, else the first grid spot that is, else the spot
/// with the most room around it (the earliest on a tie).
pub fn free_spot(taken: &[(i32, i32)]) -> (i32, i32) {
    let gap = i64::from(MIN_GAP) * i64::from(MIN_GAP);
    let mut candidates = PREFERRED.into_iter().chain(grid());
    if let Some(p) = candidates.clone().find(|p| room(*p, taken) >= gap) {
        return p;
    }
    let first = candidates.next().unwrap_or((500, 300));
    candidates.fold(first, |best, p| {
        if room(p, taken) > room(best, taken) {
            p
        } else {
            best
        }
    })
}

/// Whether a node is a router (drawn as a box, not a circle).
pub fn is_router(world: &World, h: HostId) -> bool {
    world
        .host(h)
        .is_some_and(|h| h.net.kind == sockscope_core::topology::NodeKind::Router)
}

/// Places for routers nobody placed: each at the mean of the nodes it is linked to,
/// relaxed a few rounds so that a chain A - R1 - R2 - B spreads evenly between A and B.
/// Only the routers in `free` move.
pub fn relax_routers(
    world: &World,
    positions: &mut std::collections::BTreeMap<HostId, (i32, i32)>,
    free: &[HostId],
) {
    let links: Vec<Vec<HostId>> = world
        .topology()
        .links
        .values()
        .filter(|l| l.ends.len() >= 2)
        .map(|l| l.ends.iter().map(|e| e.0).collect())
        .collect();
    for _ in 0..24 {
        for &r in free {
            let neighbours: Vec<(i32, i32)> = links
                .iter()
                .filter(|ends| ends.contains(&r))
                .flat_map(|ends| ends.iter().filter(|&&h| h != r))
                .filter_map(|h| positions.get(h).copied())
                .collect();
            if neighbours.len() < 2 {
                continue;
            }
            let n = neighbours.len() as i32;
            let (sx, sy) = neighbours
                .iter()
                .fold((0, 0), |(x, y), p| (x + p.0, y + p.1));
            positions.insert(r, (sx / n, sy / n));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn place(n: usize, mut taken: Vec<(i32, i32)>) -> Vec<(i32, i32)> {
        for _ in 0..n {
            let p = free_spot(&taken);
            taken.push(p);
        }
        taken
    }

    #[test]
    fn the_server_goes_right_and_clients_left_as_in_the_lessons() {
        let placed = place(4, Vec::new());
        assert_eq!(placed, vec![(800, 300), (200, 300), (200, 120), (200, 480)]);
    }

    #[test]
    fn new_hosts_keep_their_distance_from_every_host() {
        // Twenty hosts, one of them dragged onto a preferred slot's neighbourhood first.
        let placed = place(20, vec![(210, 130)]);
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                let d2 = room(*a, &[*b]);
                assert!(d2 >= 100 * 100, "{a:?} and {b:?} are too close");
            }
            assert!(
                (40..=960).contains(&a.0) && (40..=560).contains(&a.1),
                "{a:?}"
            );
        }
        assert!(
            !placed.contains(&(200, 120)),
            "the dragged host keeps its corner"
        );
    }

    #[test]
    fn a_full_picture_still_gives_the_spot_with_most_room() {
        // Every grid spot taken: no slot has MIN_GAP left; (350, 200) and (650, 400) are
        // 50 from their neighbours, the most there is, and (350, 200) comes first.
        let crowded: Vec<(i32, i32)> = grid().collect();
        assert_eq!(free_spot(&crowded), (350, 200));
    }

    #[test]
    fn spawned_hosts_land_apart_and_dragged_ones_stay_put() {
        use crate::i18n::Lang;
        use crate::state::{Action, Playground};
        use sockscope_core::HostId;
        use std::rc::Rc;
        use yew::Reducible;
        let p = Rc::new(Playground::demo(Lang::En));
        // A on the right and B on the left, as in the lessons.
        assert_eq!(p.positions[&HostId(0)], (800, 300));
        assert_eq!(p.positions[&HostId(1)], (200, 300));
        let p = p.reduce(Action::MoveHost {
            id: HostId(0),
            x: 500,
            y: 300,
        });
        let p = ["C", "D", "E"].iter().zip(3..).fold(p, |p, (name, i)| {
            p.reduce(Action::SpawnHost {
                name: name.to_string(),
                addr: format!("10.0.0.{i}"),
            })
        });
        assert_eq!(
            p.positions[&HostId(0)],
            (500, 300),
            "the dragged host stays"
        );
        let at: Vec<(i32, i32)> = p.positions.values().copied().collect();
        assert_eq!(at.len(), 5);
        for (i, a) in at.iter().enumerate() {
            for b in &at[i + 1..] {
                assert!(room(*a, &[*b]) >= i64::from(MIN_GAP).pow(2), "{at:?}");
            }
        }
        // A selected host that goes takes its selection with it.
        let p = p.reduce(Action::SelectHost(Some(HostId(2))));
        assert_eq!(p.selected_host, Some(HostId(2)));
        let p = p.reduce(Action::RemoveHost(HostId(2)));
        assert_eq!(p.selected_host, None);
    }
}
