//! Ready-made worlds for tests, here and in the web crate: the lesson setup most tests
//! start from, written once.

use crate::{Protocol, SocketId, World};

/// Hosts A (10.0.0.1) and B (10.0.0.2); A listens on 10.0.0.1:80 (backlog 4) and B has
/// called connect() to it, so the SYN is on the wire. Returns (world, listener, client).
pub fn listener_and_client(seed: u64) -> (World, SocketId, SocketId) {
    let mut w = World::with_seed(seed);
    let a = w.spawn_host_str("A", "10.0.0.1").expect("a valid host");
    let b = w.spawn_host_str("B", "10.0.0.2").expect("a valid host");
    let l = w.socket(a, Protocol::Tcp).expect("A exists");
    w.bind(l, "10.0.0.1:80".parse().expect("a valid endpoint"))
        .expect("port 80 is free");
    w.listen(l, 4).expect("a bound TCP socket can listen");
    let c = w.socket(b, Protocol::Tcp).expect("B exists");
    w.connect(c, "10.0.0.1:80".parse().expect("a valid endpoint"))
        .expect("connect starts");
    (w, l, c)
}
