//! The bulk transfer through the internet layer (issue 14's routed benchmark row): the
//! client on 10.0.1.0/24, the server on 10.0.2.0/24, two routers between them, and the
//! link between the routers the bottleneck: 1 Gbit/s, 1 ms (or `delay_ms`: 50 makes issue
//! 16's long fat pipe, a 100 ms round trip), a queue of 1,000 packets (a Linux
//! `txqueuelen`), so the run measures forwarding, ARP and frames, not a congested queue.
//! Every datagram crosses three links: three frames, two forwards.

use super::PORT;
use crate::endpoint::Endpoint;
use crate::ids::SocketId;
use crate::network::PathSettings;
use crate::route::Prefix;
use crate::time::Duration;
use crate::topology::LinkParams;
use crate::{Config, Protocol, World};
use std::net::Ipv4Addr;

const CLIENT: Ipv4Addr = Ipv4Addr::new(10, 0, 1, 10);
const SERVER: Ipv4Addr = Ipv4Addr::new(10, 0, 2, 10);

/// The routed world and the server's listener; the spec's loss and delay apply on the
/// bottleneck.
pub(crate) fn world(spec: &super::BulkSpec, log: (Option<u64>, bool)) -> (World, SocketId) {
    let (seed, loss_ppm, profile) = (spec.seed, spec.loss_ppm, spec.profile);
    let base = crate::tcp::TcpConfig::default();
    let mut w = World::new(Config {
        seed,
        tcp: crate::tcp::TcpConfig {
            profile,
            // A long fat pipe needs buffers as big as its bandwidth-delay product (12.5 MB
            // at 1 Gbit/s and 100 ms): 4 MiB each, so the window, not the buffers, is
            // what differs between a profile that scales windows and one that cannot.
            send_buffer: if spec.delay_ms.is_some() {
                4 << 20
            } else {
                base.send_buffer
            },
            recv_buffer: if spec.delay_ms.is_some() {
                4 << 20
            } else {
                base.recv_buffer
            },
            ..base
        },
        capture: false,
        log_limit: log.0,
        log_digest: log.1,
        ..Config::default()
    });
    let ip = |s: &str| -> Ipv4Addr { s.parse().expect("a literal address") };
    let client = w.spawn_host("client", CLIENT).expect("a valid host");
    let server = w.spawn_host("server", SERVER).expect("a valid host");
    let r1 = w.add_router("R1").expect("a new router");
    let r2 = w.add_router("R2").expect("a new router");
    let bottleneck = LinkParams {
        rate_bps: Some(1_000_000_000),
        delay: Some(Duration::from_millis(spec.delay_ms.unwrap_or(1))),
        queue: Some(1000),
        mtu: None,
    };
    w.link(&[client, r1], LinkParams::default())
        .expect("a cable");
    w.link(&[r1, r2], bottleneck).expect("a cable");
    w.link(&[r2, server], LinkParams::default())
        .expect("a cable");
    for (node, iface, addr) in [
        (r1, "eth0", "10.0.1.1"),
        (r1, "eth1", "10.0.12.1"),
        (r2, "eth0", "10.0.12.2"),
        (r2, "eth1", "10.0.2.1"),
    ] {
        w.set_addr(node, iface, ip(addr), 24)
            .expect("a free address");
    }
    w.add_route(client, Prefix::DEFAULT, ip("10.0.1.1"), 0)
        .expect("a connected gateway");
    w.add_route(server, Prefix::DEFAULT, ip("10.0.2.1"), 0)
        .expect("a connected gateway");
    let (to_server, to_client): (Prefix, Prefix) = (
        "10.0.2.0/24".parse().expect("a prefix"),
        "10.0.1.0/24".parse().expect("a prefix"),
    );
    w.add_route(r1, to_server, ip("10.0.12.2"), 0)
        .expect("a connected gateway");
    w.add_route(r2, to_client, ip("10.0.12.1"), 0)
        .expect("a connected gateway");
    let lossy = PathSettings {
        loss_ppm,
        ..PathSettings::default()
    };
    w.set_link(r1, r2, lossy).expect("both routers exist");
    let l = w.socket(server, Protocol::Tcp).expect("the server exists");
    w.bind(l, Endpoint::new(SERVER, PORT))
        .expect("port 80 is free");
    w.listen(l, 4096).expect("a bound socket can listen");
    (w, l)
}

#[cfg(test)]
mod tests {
    use super::super::{bulk, BulkSpec};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_routed_bulk_transfer_delivers_every_byte_through_two_routers() {
        let spec = BulkSpec {
            routed: true,
            ..BulkSpec::megabytes(1, 10_000, 5)
        };
        let r = bulk(&spec);
        assert_eq!(r.bytes, 1_000_000);
        assert!(r.lost > 0, "loss on the bottleneck");
        let plain = bulk(&BulkSpec::megabytes(1, 10_000, 5));
        assert!(
            r.packets > plain.packets * 2,
            "three frames a datagram: {} vs {}",
            r.packets,
            plain.packets
        );
    }
}
