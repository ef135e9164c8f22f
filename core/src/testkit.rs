//! Ready-made worlds and small helpers for tests, here, in `core/tests` and in the web
//! crate: the hosts, endpoints and lesson setups most tests start from, written once.
//! (`core/tests/common` adds the trace rendering on top.)

use crate::{Config, Duration, Endpoint, HostId, Instant, PathSettings, Protocol, SocketId, World};
use std::net::Ipv4Addr;

/// Host A's address, as every test and lesson has it.
pub const A: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 1);
/// Host B's address.
pub const B: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 2);
/// A third host's address.
pub const C: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 3);

/// The course notes' five console lines that start a handshake: A listens on
/// 10.0.0.1:80 as `s`, B's `c` connects to it.
pub const HANDSHAKE: [&str; 5] = [
    "A: s = socket(tcp)",
    "A: bind(s, 10.0.0.1:80)",
    "A: listen(s)",
    "B: c = socket(tcp)",
    "B: connect(c, 10.0.0.1:80)",
];

/// Console lines of every shape the console reads (each call, quoted and escaped data,
/// every kind of path setting, the stage's lines), in canonical form or close to it: the
/// round-trip and fuzz tests start from them.
pub const CONSOLE_LINES: &[&str] = &[
    "A: s = socket(tcp)",
    "A: bind(s, 10.0.0.1:80)",
    "listen(s, 5)",
    "B: connect(c, 10.0.0.1:80)",
    r#"send(c, "a \"quoted\"\tline\n\xff")"#,
    "shutdown(c, write)",
    r#"sendto(u, "x", 10.0.0.2:53)"#,
    "ping(10.0.0.2)",
    "reuseaddr(s, on)",
    "nodelay(c, on)",
    "send(c, 5000)",
    "spawn(C, 10.0.0.3)",
    "remove(C)",
    "path(A, B, delay=20ms, loss=5%)",
    "link(A, B, delay=1.5ms, jitter=250us, duplicate=0.0001%, reorder=12.5%, corrupt=100%)",
    "packet(17, drop)",
    "packet(17, delay=200ms)",
    "profile(A, linux)",
    "router(R1)",
    "cable(A, R1, rate=10Mbps, delay=5ms, queue=20, mtu=1000)",
    "addr(R1, eth0, 10.0.1.1/24)",
    "route(R1, add 10.0.2.0/24 via 10.0.12.2)",
    "route(A, del default via 10.0.1.1)",
    "arp(A)",
    "traceroute(A, 10.0.2.5, 5)",
];

/// `"10.0.0.2:7"` as an endpoint.
pub fn ep(s: &str) -> Endpoint {
    s.parse().expect("a valid test endpoint")
}

/// `n` milliseconds.
pub fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// The moment `n` milliseconds after the start.
pub fn at_ms(n: u64) -> Instant {
    Instant(n * 1_000)
}

/// A world of `config` with hosts A and B on the default path.
pub fn two_hosts_with(config: Config) -> (World, HostId, HostId) {
    let mut w = World::new(config);
    let a = w.spawn_host("A", A).expect("spawn A");
    let b = w.spawn_host("B", B).expect("spawn B");
    (w, a, b)
}

/// A world with A (10.0.0.1) and B (10.0.0.2) on the default 10 ms path.
pub fn two_hosts(seed: u64) -> (World, HostId, HostId) {
    two_hosts_with(Config {
        seed,
        ..Config::default()
    })
}

/// A TCP socket of `host` bound to `at` and listening.
pub fn listener(w: &mut World, host: HostId, at: &str, backlog: u32) -> SocketId {
    let l = w.socket(host, Protocol::Tcp).expect("the host exists");
    w.bind(l, ep(at)).expect("the port is free");
    w.listen(l, backlog).expect("a bound TCP socket can listen");
    l
}

/// A TCP socket of `host` that has called connect() to `to`.
pub fn client(w: &mut World, host: HostId, to: &str) -> SocketId {
    let c = w.socket(host, Protocol::Tcp).expect("the host exists");
    w.connect(c, ep(to)).expect("connect starts");
    c
}

/// Hosts A (10.0.0.1) and B (10.0.0.2); A listens on 10.0.0.1:80 (backlog 4) and B has
/// called connect() to it, so the SYN is on the wire. Returns (world, listener, client).
pub fn listener_and_client(seed: u64) -> (World, SocketId, SocketId) {
    let (mut w, a, b) = two_hosts(seed);
    let l = listener(&mut w, a, "10.0.0.1:80", 4);
    let c = client(&mut w, b, "10.0.0.1:80");
    (w, l, c)
}

/// [`listener_and_client`] in a world of `config` whose paths A→B and B→A are `ab` and
/// `ba`: the start of the property tests' transfers.
pub fn connecting(
    config: Config,
    ab: PathSettings,
    ba: PathSettings,
) -> (World, SocketId, SocketId) {
    let (mut w, a, b) = two_hosts_with(config);
    w.set_path(a, b, ab).expect("A and B exist");
    w.set_path(b, a, ba).expect("A and B exist");
    let l = listener(&mut w, a, "10.0.0.1:80", 4);
    let c = client(&mut w, b, "10.0.0.1:80");
    (w, l, c)
}

/// A connection made and accepted: A listens on 10.0.0.1:80 (backlog 8), B connects,
/// 100 ms pass and A accepts. Returns (listener, B's socket, A's accepted socket).
pub fn accepted(w: &mut World, a: HostId, b: HostId) -> (SocketId, SocketId, SocketId) {
    let l = listener(w, a, "10.0.0.1:80", 8);
    let c = client(w, b, "10.0.0.1:80");
    w.advance(ms(100));
    let (s, _) = w.accept(l).expect("the handshake is done after 100 ms");
    (l, c, s)
}
