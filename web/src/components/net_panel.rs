//! The internet layer's tables, node by node (issue 14): each host's and router's
//! interfaces (MAC, address, queue), its routing table as `ip route` prints it, and its
//! ARP cache with the time each entry has left. In the default world, where every host
//! shares one segment and nothing routes, one sentence says so and how to add a router.

use crate::components::view::WorldAt;
use crate::i18n::{net_panel_text, Lang, NetText};
use crate::stagger::Group;
use sockscope_core::host::Host;
use sockscope_core::topology::NodeKind;
use sockscope_core::World;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct NetPanelProps {
    pub lang: Lang,
    pub world: WorldAt,
    pub on_action: yew::Callback<crate::state::Action>,
}

/// One interface as a table row: name, MAC, address, and the queue when it has a rate.
pub fn iface_rows(world: &World, h: &Host) -> Vec<[String; 4]> {
    h.net
        .ifaces
        .iter()
        .map(|i| {
            let addr = i
                .addr
                .map_or_else(|| "—".to_string(), |(a, l)| format!("{a}/{l}"));
            let queue = world
                .queue_len(h.id, &i.name)
                .map_or_else(String::new, |q| q.to_string());
            [i.name.clone(), i.mac.to_string(), addr, queue]
        })
        .collect()
}

/// The ARP cache as rows: address, MAC, interface, seconds left.
pub fn arp_rows(world: &World, h: &Host) -> Vec<[String; 4]> {
    world
        .arp_table(h.id)
        .into_iter()
        .map(|(iface, addr, mac, expires)| {
            let left = expires.map_or_else(
                || "∞".to_string(),
                |t| format!("{:.1} s", (t - world.now()).micros() as f64 / 1e6),
            );
            [addr.to_string(), mac.to_string(), iface, left]
        })
        .collect()
}

/// The NAT table as rows: inside, public, remote (each `proto addr:port`), time left.
pub fn nat_rows(world: &World, h: &Host) -> Vec<[String; 4]> {
    world
        .nat_table(h.id)
        .into_iter()
        .map(|e| {
            let proto = e.protocol.to_string().to_lowercase();
            let left = format!("{:.0} s", (e.expires - world.now()).micros() as f64 / 1e6);
            [
                format!("{proto} {}", e.inside),
                e.public.to_string(),
                e.remote.to_string(),
                left,
            ]
        })
        .collect()
}

fn table(head: [&str; 4], rows: &[[String; 4]], class: &'static str) -> Html {
    html! {
        <table class={classes!("net-table", class)}>
            <thead><tr>{ for head.iter().map(|h| html! { <th scope="col">{ *h }</th> }) }</tr></thead>
            <tbody>
                { for rows.iter().map(|r| html! { <tr>{ for r.iter().map(|c| html! { <td>{ c }</td> }) }</tr> }) }
            </tbody>
        </table>
    }
}

fn node_view(world: &World, h: &Host, lang: Lang) -> Html {
    let tx = |k| net_panel_text(lang, k);
    let kind = match h.net.kind {
        NodeKind::Router => tx(NetText::Router),
        NodeKind::Host => tx(NetText::Host),
    };
    let routes = world
        .routes(h.id)
        .map(|r| r.to_string())
        .unwrap_or_default();
    let arp = arp_rows(world, h);
    let nat = world.topology().nat.get(&h.id).map(|n| {
        let outside = h
            .net
            .ifaces
            .get(usize::from(n.outside))
            .map_or_else(String::new, |i| i.name.clone());
        (outside, nat_rows(world, h))
    });
    html! {
        <section class="net-node" data-node={h.name.clone()}>
            <h3>{ &h.name }<span class="muted">{ format!(" · {kind}") }</span></h3>
            { table([tx(NetText::Iface), "MAC", tx(NetText::Address), tx(NetText::Queue)], &iface_rows(world, h), "ifaces") }
            <h4>{ tx(NetText::Routes) }<code class="muted">{ format!(" route({})", h.name) }</code></h4>
            if routes.is_empty() {
                <p class="muted">{ tx(NetText::NoRoutes) }</p>
            } else {
                <pre class="routes">{ routes }</pre>
            }
            <h4>{ tx(NetText::Arp) }<code class="muted">{ format!(" arp({})", h.name) }</code></h4>
            if arp.is_empty() {
                <p class="muted">{ tx(NetText::NoArp) }</p>
            } else {
                { table([tx(NetText::Address), "MAC", tx(NetText::Iface), tx(NetText::Expires)], &arp, "arp") }
            }
            if let Some((outside, rows)) = nat {
                <h4>{ format!("{} ({outside})", tx(NetText::Nat)) }<code class="muted">{ format!(" nat({})", h.name) }</code></h4>
                if rows.is_empty() {
                    <p class="muted">{ tx(NetText::NoNat) }</p>
                } else {
                    { table([tx(NetText::Inside), tx(NetText::Public), tx(NetText::Remote), tx(NetText::Expires)], &rows, "nat") }
                }
            }
        </section>
    }
}

#[component]
pub fn NetPanel(props: &NetPanelProps) -> Html {
    let world = props.world.get();
    let lang = props.lang;
    let nodes: Vec<(String, Vec<String>)> = world
        .hosts()
        .map(|h| {
            (
                h.name.clone(),
                h.net.ifaces.iter().map(|i| i.name.clone()).collect(),
            )
        })
        .collect();
    let next_router = (1..)
        .map(|i| format!("R{i}"))
        .find(|n| world.host_by_name(n).is_none())
        .unwrap_or_default();
    let tools = html! {
        <crate::components::net_tools::NetTools {lang} {nodes} {next_router} on_action={props.on_action.clone()} />
    };
    let body = if world.topology().enabled {
        html! { <>{ for world.hosts().map(|h| node_view(&world, h, lang)) }</> }
    } else {
        html! { <p class="net-intro" id="net-intro">{ net_panel_text(lang, NetText::OneSegment) }</p> }
    };
    html! {
        <section class="panel net-panel" data-group={Group::Side.attr()} aria-label={net_panel_text(lang, NetText::Title)}>
            <h2>{ net_panel_text(lang, NetText::Title) }</h2>
            { tools }
            { body }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sockscope_core::route::Prefix;
    use sockscope_core::topology::LinkParams;
    use sockscope_core::Protocol;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_tables_hold_interfaces_routes_and_learned_neighbours() {
        let mut w = World::with_seed(5);
        let a = w.spawn_host("A", "10.0.1.5".parse().unwrap()).unwrap();
        let b = w.spawn_host("B", "10.0.2.5".parse().unwrap()).unwrap();
        let r = w.add_router("R1").unwrap();
        let slow = LinkParams {
            rate_bps: Some(1_000_000),
            ..LinkParams::default()
        };
        w.link(&[a, r], LinkParams::default()).unwrap();
        w.link(&[r, b], slow).unwrap();
        w.set_addr(r, "eth0", "10.0.1.1".parse().unwrap(), 24)
            .unwrap();
        w.set_addr(r, "eth1", "10.0.2.1".parse().unwrap(), 24)
            .unwrap();
        w.add_route(a, Prefix::DEFAULT, "10.0.1.1".parse().unwrap(), 0)
            .unwrap();
        let u = w.socket(a, Protocol::Udp).unwrap();
        w.send_to(u, b"x", "10.0.2.5:9".parse().unwrap()).unwrap();
        w.run_to_idle(1_000);
        let router = w.host(r).unwrap();
        let rows = iface_rows(&w, router);
        assert_eq!(rows[0][0], "eth0");
        assert_eq!(rows[1][2], "10.0.2.1/24");
        assert_eq!(rows[1][3], "0", "the rated interface shows its queue");
        assert_eq!(rows[0][3], "", "an interface without a rate has none");
        let arp = arp_rows(&w, w.host(a).unwrap());
        assert_eq!(arp.len(), 1);
        assert_eq!(arp[0][0], "10.0.1.1", "A learned its gateway");
        assert!(arp[0][3].ends_with(" s"), "{:?}", arp[0]);
    }

    #[test]
    fn every_word_of_the_panel_is_in_korean_too() {
        for k in crate::i18n::NetText::ALL {
            let ko = net_panel_text(Lang::Ko, k);
            assert!(
                ko.chars().any(|c| ('가'..='힣').contains(&c)),
                "{k:?}: {ko}"
            );
            assert_ne!(ko, net_panel_text(Lang::En, k));
        }
    }
}
