//! The transfer property over random small routed networks: a chain of 1 to 3 routers
//! between A and B, each link with its own delay, the links between routers with a rate,
//! a drop-tail queue, some loss and maybe a smaller MTU. Whatever the draw, a TCP transfer delivers exactly
//! the bytes sent, no interface queue ever holds more than its size, and the same draw
//! gives the same log.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use proptest::prelude::*;
use sockscope_core::route::Prefix;
use sockscope_core::topology::LinkParams;
use sockscope_core::{Duration, HostId, PathSettings, Protocol, World};
use std::net::Ipv4Addr;

/// `PROPTEST_CASES` when set, else the file's choice (kept small: each case is a
/// whole transfer through several hops).
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One link between routers: its rate (None: infinitely fast), queue, delay, and loss.
#[derive(Debug, Clone)]
struct Hop {
    rate_kbps: Option<u64>,
    queue: u32,
    delay_ms: u64,
    loss_ppm: u32,
    /// A narrower link: TCP must find the path MTU (RFC 1191).
    mtu: Option<u16>,
}

#[derive(Debug, Clone)]
struct Case {
    seed: u64,
    /// The host links' delays, A's then B's.
    edge_ms: (u64, u64),
    /// One entry per link between consecutive routers (routers = hops + 1).
    hops: Vec<Hop>,
    len: u32,
}

fn hop() -> impl Strategy<Value = Hop> {
    (
        prop::option::of(500u64..=20_000),
        2u32..=30,
        1u64..=20,
        0u32..=50_000,
        prop::option::of(576u16..=1500),
    )
        .prop_map(|(rate_kbps, queue, delay_ms, loss_ppm, mtu)| Hop {
            rate_kbps,
            queue,
            delay_ms,
            loss_ppm,
            mtu,
        })
}

fn case() -> impl Strategy<Value = Case> {
    (
        any::<u64>(),
        (1u64..=15, 1u64..=15),
        prop::collection::vec(hop(), 0..=2),
        1u32..=40_000,
    )
        .prop_map(|(seed, edge_ms, hops, len)| Case {
            seed,
            edge_ms,
            hops,
            len,
        })
}

fn ip(a: u8, b: u8, c: u8, d: u8) -> Ipv4Addr {
    Ipv4Addr::new(a, b, c, d)
}

/// Builds A — R0 — ... — Rn — B: A on 10.1.0.0/24, B on 10.2.0.0/24, router k and k+1
/// on 10.3.k.0/24; each router routes the far subnets along the chain.
/// Each router's interfaces are plugged in order: eth0 towards A, eth1 towards B.
/// Returns the world, A, B, and every rated queue (node, interface, size).
fn build(c: &Case) -> (World, HostId, HostId, Vec<(HostId, &'static str, u32)>) {
    let mut w = World::with_seed(c.seed);
    let a = w.spawn_host("A", ip(10, 1, 0, 5)).unwrap();
    let b = w.spawn_host("B", ip(10, 2, 0, 5)).unwrap();
    let n = c.hops.len() + 1;
    let routers: Vec<HostId> = (0..n)
        .map(|k| w.add_router(&format!("R{k}")).unwrap())
        .collect();
    let ms = |d| LinkParams {
        delay: Some(Duration::from_millis(d)),
        ..LinkParams::default()
    };
    w.link(&[a, routers[0]], ms(c.edge_ms.0)).unwrap();
    w.set_addr(routers[0], "eth0", ip(10, 1, 0, 1), 24).unwrap();
    let mut queues = Vec::new();
    for (k, h) in c.hops.iter().enumerate() {
        let (r, s) = (routers[k], routers[k + 1]);
        let p = LinkParams {
            rate_bps: h.rate_kbps.map(|k| k * 1000),
            delay: Some(Duration::from_millis(h.delay_ms)),
            queue: Some(h.queue),
            mtu: h.mtu,
        };
        w.link(&[r, s], p).unwrap();
        w.set_addr(r, "eth1", ip(10, 3, k as u8, 1), 24).unwrap();
        w.set_addr(s, "eth0", ip(10, 3, k as u8, 2), 24).unwrap();
        let lossy = PathSettings {
            loss_ppm: h.loss_ppm,
            ..PathSettings::default()
        };
        w.set_link(r, s, lossy).unwrap();
        if h.rate_kbps.is_some() {
            queues.push((r, "eth1", h.queue));
            queues.push((s, "eth0", h.queue));
        }
    }
    let last = routers[n - 1];
    w.link(&[last, b], ms(c.edge_ms.1)).unwrap();
    w.set_addr(last, "eth1", ip(10, 2, 0, 1), 24).unwrap();
    w.add_route(a, Prefix::DEFAULT, ip(10, 1, 0, 1), 0).unwrap();
    w.add_route(b, Prefix::DEFAULT, ip(10, 2, 0, 1), 0).unwrap();
    let a_net: Prefix = "10.1.0.0/24".parse().unwrap();
    let b_net: Prefix = "10.2.0.0/24".parse().unwrap();
    for (k, &r) in routers.iter().enumerate() {
        if k + 1 < n {
            w.add_route(r, b_net, ip(10, 3, k as u8, 2), 0).unwrap();
        }
        if k > 0 {
            w.add_route(r, a_net, ip(10, 3, (k - 1) as u8, 1), 0)
                .unwrap();
        }
    }
    (w, a, b, queues)
}

/// Runs the transfer; returns what B received and the log's digest.
fn transfer(c: &Case) -> (Vec<u8>, Vec<u8>, u64) {
    let (mut w, a, b, queues) = build(c);
    let data: Vec<u8> = (0..c.len)
        .map(|i| (i.wrapping_mul(31) % 253) as u8)
        .collect();
    let l = w.socket(b, Protocol::Tcp).unwrap();
    w.bind(l, "0.0.0.0:80".parse().unwrap()).unwrap();
    w.listen(l, 4).unwrap();
    let client = w.socket(a, Protocol::Tcp).unwrap();
    w.connect(client, "10.2.0.5:80".parse().unwrap()).unwrap();
    let mut server = None;
    let (mut sent, mut got) = (0usize, Vec::new());
    for _ in 0..200_000 {
        if server.is_none() {
            server = w.accept(l).ok().map(|(s, _)| s);
        }
        if sent < data.len() {
            sent += w.send(client, &data[sent..]).unwrap_or(0) as usize;
        }
        if let Some(s) = server {
            if let Ok(chunk) = w.recv(s, 1 << 20) {
                got.extend(chunk);
            }
        }
        for &(node, iface, size) in &queues {
            let q = w.queue_len(node, iface).expect("a rated link has a queue");
            assert!(q <= size, "queue {q} on {iface} over its size {size}");
        }
        if got.len() >= data.len() {
            break;
        }
        w.advance(Duration::from_millis(2));
    }
    let digest = w.log().digest();
    (data, got, digest)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(24),
        ..ProptestConfig::default()
    })]

    #[test]
    fn routed_transfers_deliver_exactly_the_bytes_sent(c in case()) {
        let (data, got, digest) = transfer(&c);
        prop_assert_eq!(got.len(), data.len());
        prop_assert!(got == data, "the bytes differ");
        let (_, _, again) = transfer(&c);
        prop_assert_eq!(digest, again, "same draw, same log");
    }
}
