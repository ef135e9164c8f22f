//! Determinism: the same seed and the same commands give the same run, event for event
//! and byte for byte, natively and compiled to WebAssembly; another seed gives another run.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use std::collections::BTreeSet;

use common::{count, drop_reasons, ep, A, B, C};
use sockscope_core::log::DropReason;
use sockscope_core::network::{FaultAction, PacketFilter};
use sockscope_core::wire::IpProtocol;
use sockscope_core::{Duration, Endpoint, PathSettings, Protocol, World};

/// The digest of [`scenario`]`(42)`'s log, as the native run computes it.
///
/// The same test runs compiled to wasm in headless Chrome (`wasm-pack test --headless
/// --chrome core`), so equality there proves the native and the wasm runs are
/// byte-identical. If the simulation's behaviour changes on purpose (a new event, another
/// order of dice), print `scenario(42).log().digest()` and update this constant.
const GOLDEN: u64 = 7_047_162_579_252_921_421;

const SEED: u64 = 42;

/// Everything a run produced that the user can see.
struct Run {
    world: World,
    /// Every datagram a socket received: (receiving host's address, source, payload).
    received: Vec<(std::net::Ipv4Addr, Endpoint, Vec<u8>)>,
    /// Every datagram a socket sent: (source, destination, payload).
    sent: Vec<(Endpoint, Endpoint, Vec<u8>)>,
}

/// Three hosts on a lossy, duplicating, reordering, corrupting, jittery segment, talking
/// UDP both ways, pinging, with a scripted fault and a hand on one packet.
fn scenario(seed: u64) -> Run {
    let mut w = World::with_seed(seed);
    let a = w.spawn_host("A", A).unwrap();
    let b = w.spawn_host("B", B).unwrap();
    let c = w.spawn_host("C", C).unwrap();
    let rough = PathSettings {
        delay: Duration::from_millis(8),
        jitter: Duration::from_millis(6),
        loss_ppm: 150_000,
        duplicate_ppm: 100_000,
        reorder_ppm: 150_000,
        reorder_extra: Duration::from_millis(12),
        corrupt_ppm: 100_000,
    };
    w.set_link(a, b, rough).unwrap();
    w.set_path(
        a,
        c,
        PathSettings {
            delay: Duration::from_millis(3),
            jitter: Duration::from_millis(1),
            loss_ppm: 50_000,
            ..rough
        },
    )
    .unwrap();
    w.add_fault(
        PacketFilter {
            src: Some(b),
            protocol: Some(IpProtocol::Udp),
            ..PacketFilter::default()
        },
        3,
        FaultAction::Drop,
    );
    let udp = |w: &mut World, h, port| {
        let s = w.socket(h, Protocol::Udp).unwrap();
        w.bind(s, Endpoint::any(port)).unwrap();
        s
    };
    let sa = udp(&mut w, a, 5000);
    let sb = udp(&mut w, b, 7);
    let sc = udp(&mut w, c, 7);
    let socks = [(sa, A), (sb, B), (sc, C)];
    let mut run = Run {
        world: w,
        received: Vec::new(),
        sent: Vec::new(),
    };
    let w = &mut run.world;
    let mut held = None;
    for round in 0..60u32 {
        let payload = format!("round {round}: {}", "x".repeat((round % 7) as usize * 3));
        let (to, from_ep) = if round % 3 == 2 {
            (ep("10.0.0.3:7"), ep("10.0.0.1:5000"))
        } else {
            (ep("10.0.0.2:7"), ep("10.0.0.1:5000"))
        };
        w.send_to(sa, payload.as_bytes(), to).unwrap();
        run.sent.push((from_ep, to, payload.into_bytes()));
        if round % 10 == 4 {
            w.ping(c, A).unwrap();
        }
        if round == 20 {
            held = w.network().in_flight().map(|f| f.id).next();
            if let Some(p) = held {
                w.hold_packet(p).unwrap();
            }
        }
        if round == 40 {
            if let Some(p) = held {
                let _ = w.release_packet(p);
            }
        }
        w.advance(Duration::from_micros(1_700 + u64::from(round % 5) * 900));
        // Echo every datagram back to where it came from.
        for &(s, addr) in &socks {
            while let Ok((data, from)) = w.recv_from(s, 2_000) {
                run.received.push((addr, from, data.clone()));
                if s != sa {
                    let me = Endpoint::new(addr, 7);
                    if w.send_to(s, &data, from).is_ok() {
                        run.sent.push((me, from, data));
                    }
                }
            }
        }
    }
    // A datagram to a port nobody holds, for an ICMP error in the mix.
    w.send_to(sb, b"nobody home", ep("10.0.0.3:4444")).unwrap();
    w.run_to_idle(10_000);
    for &(s, addr) in &socks {
        while let Ok((data, from)) = w.recv_from(s, 2_000) {
            run.received.push((addr, from, data));
        }
    }
    run
}

#[test]
fn the_scenario_matches_the_golden_digest() {
    let run = scenario(SEED);
    let digest = run.world.log().digest();
    assert_eq!(
        digest,
        GOLDEN,
        "log digest changed: {digest} (events: {})",
        run.world.log().len()
    );
}

#[test]
fn the_scenario_is_rough_enough_to_mean_something() {
    let run = scenario(SEED);
    let w = &run.world;
    let reasons = drop_reasons(w);
    assert!(reasons.contains(&DropReason::Loss));
    assert!(reasons
        .iter()
        .any(|r| matches!(r, DropReason::Corrupt { .. })));
    assert!(reasons
        .iter()
        .any(|r| matches!(r, DropReason::Fault { fault: 0 })));
    assert!(reasons.contains(&DropReason::PortUnreachable));
    assert!(count(w, "packet-duplicated") > 0);
    assert!(count(w, "packet-reordered") > 0);
    assert!(count(w, "packet-corrupted") > 0);
    assert!(count(w, "echo-received") > 0);
    assert_eq!(count(w, "packet-controlled"), 2, "one hold, one release");
    // Everything received was sent, byte for byte and from the right place: corruption
    // never reaches a socket.
    let sent: BTreeSet<_> = run
        .sent
        .iter()
        .map(|(from, to, data)| (to.addr, *from, data.clone()))
        .collect();
    assert!(run.received.len() > 60);
    for r in &run.received {
        assert!(sent.contains(r), "received something never sent: {r:?}");
    }
    // Losses and duplicates mean the counts differ from a perfect network's.
    assert_ne!(run.received.len(), run.sent.len());
    assert_eq!(w.network().in_flight().count(), 0, "ran to idle");
}

#[test]
fn same_seed_same_log_capture_and_pcap() {
    let one = scenario(SEED);
    let two = scenario(SEED);
    assert_eq!(one.world.log().digest(), two.world.log().digest());
    assert_eq!(one.world.log().events(), two.world.log().events());
    assert_eq!(one.world.capture(), two.world.capture());
    assert_eq!(one.world.pcap(), two.world.pcap());
    assert_eq!(one.received, two.received);
    assert!(one.world == two.world, "the whole world state is equal");
}

#[test]
fn another_seed_gives_another_run() {
    let one = scenario(SEED);
    let other = scenario(SEED + 1);
    assert_ne!(one.world.log().digest(), other.world.log().digest());
    assert_ne!(one.world.log().events(), other.world.log().events());
    // The commands A issued were the same; only the dice differ.
    let from_a = |r: &Run| {
        r.sent
            .iter()
            .filter(|(from, _, _)| from.addr == A)
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(from_a(&one), from_a(&other));
    assert_ne!(one.received, other.received);
}

#[test]
fn a_snapshot_replays_the_same_future() {
    // Clone the world halfway (what the viewer does to step back or branch), then run both.
    let mut w = World::with_seed(9);
    let a = w.spawn_host("A", A).unwrap();
    let b = w.spawn_host("B", B).unwrap();
    w.set_link(
        a,
        b,
        PathSettings {
            jitter: Duration::from_millis(9),
            loss_ppm: 300_000,
            duplicate_ppm: 300_000,
            ..PathSettings::default()
        },
    )
    .unwrap();
    let s = w.socket(a, Protocol::Udp).unwrap();
    let r = w.socket(b, Protocol::Udp).unwrap();
    w.bind(r, Endpoint::any(7)).unwrap();
    for i in 0..20u8 {
        w.send_to(s, &[i; 3], ep("10.0.0.2:7")).unwrap();
    }
    w.advance(Duration::from_millis(12));
    let mut snapshot = w.clone();
    for world in [&mut w, &mut snapshot] {
        for i in 20..40u8 {
            world.send_to(s, &[i; 3], ep("10.0.0.2:7")).unwrap();
        }
        world.run_to_idle(1_000);
    }
    assert_eq!(w.log().events(), snapshot.log().events());
    assert_eq!(w.log().digest(), snapshot.log().digest());
    assert!(w.log().len() > 80);
}
