//! The routed network drawn (issue 14): once the world has a router or a cable, every link
//! of the topology is drawn as it is, a cable as a line between its two nodes, a switch as
//! a box amid its ends; each end is labelled with its interface and address, a link with a
//! rate shows it, and each rated interface shows its queue filling. Packets on a link
//! travel along that link (`via`), so a packet routed A → R1 → B visibly crosses two hops.

use super::geometry::Pt;
use crate::i18n::{t, Key, Lang};
use sockscope_core::topology::{Link, LinkId};
use sockscope_core::{HostId, World};
use yew::prelude::*;

/// One link as drawn: its ends' places and where its lines meet.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkGeo {
    pub id: LinkId,
    /// Each end: node, interface index, where the node is drawn.
    pub ends: Vec<(HostId, u8, Pt)>,
    /// Where the ends' lines meet: the switch box, or the middle of a cable.
    pub hub: Pt,
    pub switch: bool,
}

/// The links worth drawing (two ends or more), placed.
pub fn link_geometry(world: &World, at: &dyn Fn(HostId) -> Pt) -> Vec<LinkGeo> {
    world
        .topology()
        .links
        .values()
        .filter(|l| l.ends.len() >= 2)
        .map(|l| geo_of(l, at))
        .collect()
}

fn geo_of(l: &Link, at: &dyn Fn(HostId) -> Pt) -> LinkGeo {
    let ends: Vec<(HostId, u8, Pt)> = l.ends.iter().map(|&(h, i)| (h, i, at(h))).collect();
    let n = ends.len() as f64;
    let (sx, sy) = ends
        .iter()
        .fold((0.0, 0.0), |(x, y), e| (x + e.2 .0, y + e.2 .1));
    let centroid = (sx / n, sy / n);
    let switch = l.switch || ends.len() > 2;
    // A switch's box sits amid its ends, moved down when that would put it under a node.
    let crowded = ends
        .iter()
        .any(|e| (e.2 .0 - centroid.0).hypot(e.2 .1 - centroid.1) < 60.0);
    let hub = if switch && crowded {
        (centroid.0, centroid.1 + 70.0)
    } else {
        centroid
    };
    LinkGeo {
        id: l.id,
        ends,
        hub,
        switch,
    }
}

/// The point `f` of the way from `a` to `b`.
fn lerp(a: Pt, b: Pt, f: f64) -> Pt {
    (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f)
}

/// Where an interface's label goes: just outside its node, on the side its line leaves
/// by, above the line, so a router's labels for its left and right links do not meet.
fn label_spot(node: Pt, toward: Pt) -> (f64, f64, &'static str) {
    let (dx, dy) = (toward.0 - node.0, toward.1 - node.1);
    let len = dx.hypot(dy).max(1.0);
    let (ux, uy) = (dx / len, dy / len);
    if dx.abs() >= dy.abs() {
        let anchor = if dx < 0.0 { "end" } else { "start" };
        (node.0 + ux * 44.0, node.1 + uy * 44.0 - 12.0, anchor)
    } else {
        (node.0 + ux * 62.0 + 8.0, node.1 + uy * 62.0, "start")
    }
}

/// "10 Mbit/s · 5 ms", what a link's rate and delay say, if it has either.
pub fn link_text(l: &Link) -> Option<String> {
    let rate = l.rate_bps.map(|r| match r {
        r if r >= 1_000_000_000 && r % 1_000_000_000 == 0 => {
            format!("{} Gbit/s", r / 1_000_000_000)
        }
        r if r >= 1_000_000 => format!("{} Mbit/s", trim(r as f64 / 1e6)),
        r => format!("{} kbit/s", trim(r as f64 / 1e3)),
    });
    let delay = l
        .delay
        .map(|d| format!("{} ms", trim(d.micros() as f64 / 1000.0)));
    match (rate, delay) {
        (None, None) => None,
        (a, b) => Some(a.into_iter().chain(b).collect::<Vec<_>>().join(" · ")),
    }
}

fn trim(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// An interface's label: "eth1 10.0.12.1/24", or its name alone without an address.
fn iface_text(world: &World, node: HostId, iface: u8) -> String {
    let Some(i) = world
        .host(node)
        .and_then(|h| h.net.ifaces.get(usize::from(iface)))
    else {
        return String::new();
    };
    match i.addr {
        Some((a, len)) => format!("{} {a}/{len}", i.name),
        None => i.name.clone(),
    }
}

/// How full an interface's queue is now: (waiting, limit), for a rated interface.
fn queue_of(world: &World, node: HostId, iface: u8) -> Option<(u32, u32)> {
    let name = world
        .host(node)?
        .net
        .ifaces
        .get(usize::from(iface))?
        .name
        .clone();
    let waiting = world.queue_len(node, &name)?;
    let link = world.host(node)?.net.ifaces.get(usize::from(iface))?.link?;
    let limit = match world.topology().links.get(&link)?.queue {
        sockscope_core::link::QueueLimit::Packets(n) => n,
        sockscope_core::link::QueueLimit::Bytes(n) => n / 1500,
    };
    Some((waiting, limit.max(1)))
}

/// A queue as a small bar beside its interface: filled in proportion, red when full.
fn queue_bar(lang: Lang, (x, y): Pt, (waiting, limit): (u32, u32), who: &str) -> Html {
    let (w, h) = (64.0, 12.0);
    let fill = w * f64::from(waiting.min(limit)) / f64::from(limit);
    let full = (waiting >= limit).then_some("full");
    let title = crate::i18n::queue_title(lang, who, waiting, limit);
    html! {
        <g class={classes!("queue", full)} transform={format!("translate({:.1},{:.1})", x - w / 2.0, y + 10.0)}
            data-queue={who.to_string()} data-waiting={waiting.to_string()}>
            <title>{ title }</title>
            <rect class="queue-box" width={format!("{w}")} height={format!("{h}")} rx="2" />
            <rect class="queue-fill" width={format!("{fill:.1}")} height={format!("{h}")} rx="2" />
        </g>
    }
}

/// Every link: its lines, its switch box, its rate, its queues, and the interface labels
/// of the node `named` (the one selected: all of them at once would crowd the picture).
pub fn draw_links(world: &World, links: &[LinkGeo], lang: Lang, named: Option<HostId>) -> Html {
    let name = |h: HostId| world.host(h).map(|h| h.name.clone()).unwrap_or_default();
    let items = links.iter().map(|g| {
        let lines = g.ends.iter().map(|(_, _, p)| {
            html! { <line class="wire" x1={format!("{:.1}", p.0)} y1={format!("{:.1}", p.1)} x2={format!("{:.1}", g.hub.0)} y2={format!("{:.1}", g.hub.1)} /> }
        });
        let ends = g.ends.iter().map(|&(node, iface, p)| {
            // The queue sits a third of the way along the line, clear of the node.
            let spot = lerp(p, g.hub, if g.switch { 0.45 } else { 0.3 });
            let label = (named == Some(node))
                .then(|| iface_text(world, node, iface))
                .filter(|s| !s.is_empty());
            let queue = queue_of(world, node, iface)
                .map(|q| queue_bar(lang, spot, q, &format!("{}.eth{iface}", name(node))));
            let (lx, ly, anchor) = label_spot(p, g.hub);
            html! { <>
                if let Some(text) = label {
                    <text class="iface-label" x={format!("{lx:.1}")} y={format!("{ly:.1}")} text-anchor={anchor}>{ text }</text>
                }
                { for queue }
            </> }
        });
        let link = world.topology().links.get(&g.id);
        let text = link.and_then(link_text);
        html! {
            <g class="link" data-link={g.id.0.to_string()}>
                { for lines }
                if g.switch {
                    <g class="switch-box" transform={format!("translate({:.1},{:.1})", g.hub.0, g.hub.1)} role="img" aria-label={t(lang, Key::Switch)}>
                        <title>{ t(lang, Key::Switch) }</title>
                        <rect class="switch" x="-24" y="-11" width="48" height="22" rx="4" />
                        <text class="switch-label" y="4" text-anchor="middle">{ t(lang, Key::Switch) }</text>
                    </g>
                }
                if let Some(text) = text {
                    <text class="link-label" x={format!("{:.1}", g.hub.0)} y={format!("{:.1}", g.hub.1 + if g.switch { 28.0 } else { 18.0 })} text-anchor="middle">{ text }</text>
                }
                { for ends }
            </g>
        }
    });
    html! { <g class="links">{ for items }</g> }
}

/// Where a packet on `link` turns: its switch box, or (a cable) nowhere but the line.
pub fn via_of(links: &[LinkGeo], link: LinkId) -> Option<(Pt, bool)> {
    links
        .iter()
        .find(|g| g.id == link)
        .map(|g| (g.hub, g.switch))
}

pub use crate::layout_hosts::{is_router, relax_routers};

#[cfg(test)]
mod tests {
    use super::*;
    use sockscope_core::topology::LinkParams;
    use std::collections::BTreeMap;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn chain() -> (World, [HostId; 4]) {
        let mut w = World::with_seed(1);
        let a = w.spawn_host("A", "10.0.1.5".parse().unwrap()).unwrap();
        let b = w.spawn_host("B", "10.0.3.5".parse().unwrap()).unwrap();
        let r1 = w.add_router("R1").unwrap();
        let r2 = w.add_router("R2").unwrap();
        let slow = LinkParams {
            rate_bps: Some(10_000_000),
            delay: Some(sockscope_core::Duration::from_millis(5)),
            ..LinkParams::default()
        };
        w.link(&[a, r1], LinkParams::default()).unwrap();
        w.link(&[r1, r2], slow).unwrap();
        w.link(&[r2, b], LinkParams::default()).unwrap();
        (w, [a, b, r1, r2])
    }

    #[test]
    fn a_chain_of_routers_spreads_evenly_between_its_hosts() {
        let (w, [a, b, r1, r2]) = chain();
        let mut at = BTreeMap::from([
            (a, (100, 300)),
            (b, (900, 300)),
            (r1, (200, 120)),
            (r2, (200, 480)),
        ]);
        relax_routers(&w, &mut at, &[r1, r2]);
        let (x1, y1) = at[&r1];
        let (x2, y2) = at[&r2];
        assert!(
            (350..=390).contains(&x1) && (610..=650).contains(&x2),
            "{at:?}"
        );
        assert!((y1 - 300).abs() <= 2 && (y2 - 300).abs() <= 2, "{at:?}");
        assert!(is_router(&w, r1) && !is_router(&w, a));
    }

    #[test]
    fn cables_meet_in_their_middle_and_rated_ones_say_their_rate() {
        let (w, [a, b, r1, r2]) = chain();
        let at = BTreeMap::from([
            (a, (100.0, 300.0)),
            (b, (900.0, 300.0)),
            (r1, (366.0, 300.0)),
            (r2, (633.0, 300.0)),
        ]);
        let geo = link_geometry(&w, &|h| at[&h]);
        assert_eq!(
            geo.len(),
            3,
            "three cables (the implicit segment has no two ends left)"
        );
        let middle = geo
            .iter()
            .find(|g| g.ends.iter().any(|e| e.0 == r2) && g.ends.iter().any(|e| e.0 == r1))
            .unwrap();
        assert!(!middle.switch);
        assert_eq!(middle.hub, (499.5, 300.0));
        let l = &w.topology().links[&middle.id];
        assert_eq!(link_text(l).as_deref(), Some("10 Mbit/s · 5 ms"));
    }

    #[test]
    fn three_nodes_on_one_link_meet_at_a_switch() {
        let mut w = World::with_seed(1);
        let ids: Vec<HostId> = ["A", "B", "C"]
            .iter()
            .zip(1..)
            .map(|(n, i)| {
                w.spawn_host(n, format!("10.0.1.{i}").parse().unwrap())
                    .unwrap()
            })
            .collect();
        w.link(&ids, LinkParams::default()).unwrap();
        let geo = link_geometry(&w, &|_| (500.0, 300.0));
        let sw: Vec<&LinkGeo> = geo.iter().filter(|g| g.ends.len() == 3).collect();
        assert_eq!(sw.len(), 1);
        assert!(sw[0].switch);
    }
}
