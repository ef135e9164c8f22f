//! What the stack profiles change in a connection beyond its options: the initial window
//! (RFC 6928 for linux and freebsd), CUBIC's reduction on loss (RFC 9438, β = 0.7)
//! against NewReno's half, the timers; and that `rfc` changes nothing.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use std::net::Ipv4Addr;

use common::{A, B};
use sockscope_core::network::{FaultAction, PacketFilter};
use sockscope_core::tcp::profile::{CongestionAlgo, OfferedOptions};
use sockscope_core::tcp::{RetransmitReason, StackProfile, Tcb, TcpConfig, TcpNote};
use sockscope_core::wire::{IpProtocol, SeqNumber, TcpFlags, TcpOptions, TcpRepr};
use sockscope_core::world::Config;
use sockscope_core::{Duration, Endpoint, EventKind, Instant, PathSettings, Protocol, World};

/// A connection under `config`, past the handshake with a peer offering MSS 1460 only.
fn established(config: TcpConfig) -> Tcb {
    let local = Endpoint::new(Ipv4Addr::new(10, 0, 0, 1), 80);
    let remote = Endpoint::new(Ipv4Addr::new(10, 0, 0, 2), 9);
    let mut tcb = Tcb::new(local, remote, SeqNumber(100), config);
    tcb.open(Instant(0));
    let syn_ack = TcpRepr {
        src_port: 9,
        dst_port: 80,
        seq: SeqNumber(5000),
        ack: SeqNumber(101),
        flags: TcpFlags::SYN | TcpFlags::ACK,
        window: 65_535,
        urgent: 0,
        options: TcpOptions {
            mss: Some(1460),
            ..TcpOptions::default()
        },
        payload: Vec::new(),
    };
    tcb.on_segment(&syn_ack, Instant(10_000));
    tcb
}

#[test]
fn initial_window_and_congestion_control_per_profile() {
    let tcb = established(TcpConfig::default());
    assert_eq!(tcb.congestion.cwnd, 4380, "rfc: RFC 3390");
    assert!(tcb.ext.cubic.is_none(), "rfc: NewReno");
    for profile in [StackProfile::Linux, StackProfile::FreeBsd] {
        let tcb = established(profile.tune(&TcpConfig::default()));
        assert_eq!(tcb.congestion.cwnd, 14_600, "{profile}: RFC 6928 IW10");
        assert!(tcb.ext.cubic.is_some(), "{profile}: CUBIC by default");
    }
    let newreno = TcpConfig {
        congestion: Some(CongestionAlgo::NewReno),
        ..StackProfile::Linux.tune(&TcpConfig::default())
    };
    assert!(established(newreno).ext.cubic.is_none(), "switchable");
}

/// ssthresh after the first fast retransmit, and the window logged just before it.
fn reduction(congestion: CongestionAlgo, sack: bool) -> (u32, u32) {
    let profile = StackProfile::Linux;
    let base = TcpConfig {
        profile,
        congestion: Some(congestion),
        ..TcpConfig::default()
    };
    let offer = OfferedOptions {
        sack,
        ..profile.defaults(&base).offer
    };
    let mut w = World::new(Config {
        seed: 5,
        tcp: TcpConfig {
            offer: Some(offer),
            ..base
        },
        ..Config::default()
    });
    let a = w.spawn_host("A", A).unwrap();
    let b = w.spawn_host("B", B).unwrap();
    let path = PathSettings {
        delay: Duration::from_millis(20),
        ..PathSettings::default()
    };
    w.set_link(a, b, path).unwrap();
    let from_b = PacketFilter {
        src: Some(b),
        protocol: Some(IpProtocol::Tcp),
        ..PacketFilter::default()
    };
    w.add_fault(from_b, 60, FaultAction::Drop);
    let l = w.socket(a, Protocol::Tcp).unwrap();
    w.bind(l, Endpoint::new(A, 80)).unwrap();
    w.listen(l, 4).unwrap();
    let c = w.socket(b, Protocol::Tcp).unwrap();
    w.connect(c, Endpoint::new(A, 80)).unwrap();
    w.advance(Duration::from_millis(100));
    let (s, _) = w.accept(l).unwrap();
    let data = vec![7u8; 400_000];
    let mut sent = 0;
    for _ in 0..400 {
        sent += w.send(c, &data[sent..]).unwrap_or(0) as usize;
        w.advance(Duration::from_millis(10));
        while w.recv(s, 1 << 20).is_ok_and(|d| !d.is_empty()) {}
    }
    let mut last_cwnd = 0;
    for e in w.log().events().iter().filter(|e| e.socket == Some(c)) {
        match &e.kind {
            EventKind::Tcp {
                note: TcpNote::Congestion { cwnd, ssthresh, .. },
            } => {
                if *ssthresh != u32::MAX {
                    return (last_cwnd, *ssthresh);
                }
                last_cwnd = *cwnd;
            }
            EventKind::Tcp {
                note:
                    TcpNote::Retransmitted {
                        reason: RetransmitReason::Timeout,
                        ..
                    },
            } => panic!("a timeout before the fast retransmit"),
            _ => {}
        }
    }
    panic!("no loss reduction logged");
}

#[test]
fn cubic_keeps_seventy_percent_on_loss_newreno_half() {
    for sack in [false, true] {
        let (cwnd, ssthresh) = reduction(CongestionAlgo::Cubic, sack);
        // RFC 9438 §4.6: ssthresh = cwnd · 0.7 (the window was still growing in slow
        // start; W_max is that window).
        assert_eq!(ssthresh, cwnd * 7 / 10, "sack {sack}: cwnd {cwnd}");
        let (cwnd, ssthresh) = reduction(CongestionAlgo::NewReno, sack);
        // RFC 5681 eq. 4: FlightSize / 2, the flight at most the window.
        assert!(
            ssthresh <= cwnd / 2 + 1460,
            "sack {sack}: {ssthresh} of {cwnd}"
        );
        assert!(
            ssthresh >= cwnd * 2 / 5,
            "sack {sack}: {ssthresh} of {cwnd}"
        );
    }
}

/// Small writes one after another: the lengths of the data segments each produces at
/// once, and after the peer acknowledges the first.
fn small_writes(config: TcpConfig, nodelay: bool) -> (Vec<usize>, Vec<usize>) {
    let mut tcb = established(config);
    if nodelay {
        tcb.set_nodelay(true);
    }
    tcb.take_outbox();
    let lens = |tcb: &mut Tcb| -> Vec<usize> {
        tcb.take_outbox()
            .iter()
            .filter(|s| !s.payload.is_empty())
            .map(|s| s.payload.len())
            .collect()
    };
    tcb.send(&[1; 100], Instant(20_000)).unwrap();
    tcb.send(&[2; 100], Instant(21_000)).unwrap();
    tcb.send(&[3; 100], Instant(22_000)).unwrap();
    let at_once = lens(&mut tcb);
    let ack = TcpRepr {
        src_port: 9,
        dst_port: 80,
        seq: SeqNumber(5001),
        ack: SeqNumber(201),
        flags: TcpFlags::ACK,
        window: 65_535,
        urgent: 0,
        options: TcpOptions::default(),
        payload: Vec::new(),
    };
    tcb.on_segment(&ack, Instant(60_000));
    (at_once, lens(&mut tcb))
}

#[test]
fn nagle_holds_small_writes_while_data_is_unacknowledged() {
    let linux = StackProfile::Linux.tune(&TcpConfig::default());
    // RFC 896: the first small segment goes; the next two wait for its ACK, then go
    // together as one segment.
    assert_eq!(small_writes(linux.clone(), false), (vec![100], vec![200]));
    // TCP_NODELAY: each write is a segment at once.
    assert_eq!(small_writes(linux, true), (vec![100, 100, 100], vec![]));
    // rfc has no Nagle (the behaviour before profiles).
    assert_eq!(
        small_writes(TcpConfig::default(), false),
        (vec![100, 100, 100], vec![])
    );
}

/// A scenario file names a host's profile; a name it does not know is refused with the
/// names it knows; `rfc` hosts are written without the field, as before profiles.
#[test]
fn scenario_hosts_carry_a_profile() {
    use sockscope_core::teach::scenario::Scenario;
    let text = r#"{"version": 1, "seed": 1, "hosts": [
        {"name": "A", "addr": "10.0.0.1", "profile": "linux"},
        {"name": "B", "addr": "10.0.0.2", "profile": "freebsd"},
        {"name": "C", "addr": "10.0.0.3"}]}"#;
    let scenario = Scenario::from_json(text).unwrap();
    let (world, _) = scenario.build().unwrap();
    let profile = |n: &str| world.host_by_name(n).unwrap().profile;
    assert_eq!(profile("A"), StackProfile::Linux);
    assert_eq!(profile("B"), StackProfile::FreeBsd);
    assert_eq!(profile("C"), StackProfile::Rfc);
    let json = scenario.to_json();
    assert!(json.contains("\"profile\": \"linux\"") || json.contains("\"profile\":\"linux\""));
    assert_eq!(json.matches("profile").count(), 2, "rfc is not written");
    let bad = text.replace("freebsd", "windows");
    let err = Scenario::from_json(&bad).unwrap_err().to_string();
    assert!(err.contains("windows") && err.contains("freebsd"), "{err}");
}

/// One lossy transfer's log digest, with every host set to `profile` first (`None`: never
/// set, the world as before profiles).
fn digest_of_a_lossy_transfer(profile: Option<StackProfile>) -> u64 {
    let mut w = World::new(Config {
        seed: 11,
        ..Config::default()
    });
    let a = w.spawn_host("A", A).unwrap();
    let b = w.spawn_host("B", B).unwrap();
    if let Some(p) = profile {
        w.set_host_profile(a, p);
        w.set_host_profile(b, p);
    }
    let path = PathSettings {
        delay: Duration::from_millis(15),
        loss_ppm: 50_000,
        reorder_ppm: 50_000,
        reorder_extra: Duration::from_millis(5),
        ..PathSettings::default()
    };
    w.set_link(a, b, path).unwrap();
    let l = w.socket(a, Protocol::Tcp).unwrap();
    w.bind(l, Endpoint::new(A, 80)).unwrap();
    w.listen(l, 4).unwrap();
    let c = w.socket(b, Protocol::Tcp).unwrap();
    w.connect(c, Endpoint::new(A, 80)).unwrap();
    let data = vec![9u8; 100_000];
    let mut sent = 0;
    let mut s = None;
    for _ in 0..500 {
        w.advance(Duration::from_millis(10));
        s = s.or_else(|| w.accept(l).ok().map(|(s, _)| s));
        sent += w.send(c, &data[sent..]).unwrap_or(0) as usize;
        if let Some(s) = s {
            while w.recv(s, 1 << 20).is_ok_and(|d| !d.is_empty()) {}
        }
    }
    w.log().digest()
}

#[test]
fn the_rfc_profile_is_the_world_without_profiles() {
    let before = digest_of_a_lossy_transfer(None);
    assert_eq!(digest_of_a_lossy_transfer(Some(StackProfile::Rfc)), before);
    assert_ne!(
        digest_of_a_lossy_transfer(Some(StackProfile::Linux)),
        before,
        "a profile that changes behaviour changes the log"
    );
}
