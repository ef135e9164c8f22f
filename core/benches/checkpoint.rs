//! What a snapshot for stepping back costs (`World::checkpoint`) in the page benchmark's
//! world: 20 hosts, 200 TCP connections whose senders filled their send buffers and
//! whose receivers read nothing, so the sockets hold megabytes (issue 17: a snapshot
//! that copied every buffered byte was a 40-80 ms frame in the page).
//!
//! `cargo bench -p sockscope-core --bench checkpoint` prints the bytes buffered and the
//! wall time of one checkpoint (median of `BENCH_RUNS`, default 200). Under callgrind,
//! `BENCH_RUNS=10` gives instructions per snapshot without the noise of this machine.

use sockscope_core::{Duration, Protocol, World};
use std::time::Instant as Wall;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// 20 hosts; each listens on port 80 and opens 10 connections to the next hosts, then
/// writes until its send buffers are full.
fn busy_world() -> World {
    let mut w = World::with_seed(17);
    let hosts: Vec<_> = (1..=20u8)
        .map(|i| {
            w.spawn_host(&format!("H{i}"), std::net::Ipv4Addr::new(10, 0, 0, i))
                .unwrap()
        })
        .collect();
    for &h in &hosts {
        let l = w.socket(h, Protocol::Tcp).unwrap();
        w.bind(l, "0.0.0.0:80".parse().unwrap()).unwrap();
        w.listen(l, 64).unwrap();
    }
    let mut clients = Vec::new();
    for (i, &h) in hosts.iter().enumerate() {
        for k in 1..=10 {
            let peer = (i + k) % hosts.len();
            let c = w.socket(h, Protocol::Tcp).unwrap();
            let dst = format!("10.0.0.{}:80", peer + 1).parse().unwrap();
            w.connect(c, dst).unwrap();
            clients.push(c);
        }
    }
    w.advance(Duration::from_millis(200));
    let chunk = vec![0x5au8; 64 * 1024];
    for _ in 0..4 {
        for &c in &clients {
            while w.send(c, &chunk).unwrap_or(0) > 0 {}
        }
        w.advance(Duration::from_millis(300));
    }
    w
}

fn main() {
    let w = busy_world();
    let buffered: u64 = w
        .sockets()
        .filter_map(|s| s.tcp()?.tcb.as_deref())
        .map(|t| (t.send_buf.len() + t.recv_buf.ready.len()) as u64)
        .sum();
    let runs = env("BENCH_RUNS", 200).max(1);
    let mut times = Vec::new();
    let mut keep = Vec::new();
    for _ in 0..runs {
        let start = Wall::now();
        let c = w.checkpoint();
        times.push(start.elapsed().as_secs_f64() * 1e6);
        keep.push(c); // the page keeps its snapshots; dropping is not the cost measured
        if keep.len() > 20 {
            keep.remove(0);
        }
    }
    times.sort_by(f64::total_cmp);
    println!(
        "checkpoint: {buffered} bytes buffered in {} sockets; median {:.1} µs, max {:.1} µs per snapshot ({runs} runs)",
        w.sockets().count(),
        times[times.len() / 2],
        times[times.len() - 1],
    );
}
