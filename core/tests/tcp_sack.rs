//! SACK (RFC 2018) and SACK-based loss recovery (RFC 6675) against NewReno (RFC 6582) on
//! the same lossy run: the same seed, the same path, the same profile; only SACK-permitted
//! differs in the SYNs.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{A, B};
use sockscope_core::network::{FaultAction, PacketFilter};
use sockscope_core::tcp::profile::OfferedOptions;
use sockscope_core::tcp::{RetransmitReason, StackProfile, TcpConfig, TcpNote};
use sockscope_core::wire::IpProtocol;
use sockscope_core::world::Config;
use sockscope_core::{Duration, Endpoint, EventKind, PathSettings, Protocol, World};

/// What one run did: bytes delivered intact, retransmissions by reason, SACK blocks seen.
struct Run {
    intact: bool,
    retransmissions: usize,
    sack_holes: usize,
    partial_acks: usize,
    timeouts: usize,
    virtual_ms: u64,
    /// B's packet number (from its SYN as 1) that carried the first fast retransmission.
    first_fast_retransmit: Option<u32>,
}

/// B sends `len` bytes to A over a path losing `loss_ppm` each way, both hosts under the
/// linux profile, SACK offered or not.
fn run(sack: bool, loss_ppm: u32, len: usize, seed: u64) -> Run {
    run_with(sack, loss_ppm, len, seed, &[])
}

/// As [`run`], and B's `drops`-th TCP packets (counting from its SYN as 1) are lost.
fn run_with(sack: bool, loss_ppm: u32, len: usize, seed: u64, drops: &[u32]) -> Run {
    let profile = StackProfile::Linux;
    let base = TcpConfig {
        profile,
        ..TcpConfig::default()
    };
    let mut offer: OfferedOptions = profile.defaults(&base).offer;
    offer.sack = sack;
    let tcp = TcpConfig {
        offer: Some(offer),
        ..base
    };
    let mut w = World::new(Config {
        seed,
        tcp,
        capture: false,
        ..Config::default()
    });
    let a = w.spawn_host("A", A).unwrap();
    let b = w.spawn_host("B", B).unwrap();
    let path = PathSettings {
        delay: Duration::from_millis(20),
        loss_ppm,
        ..PathSettings::default()
    };
    w.set_link(a, b, path).unwrap();
    for &nth in drops {
        let from_b = PacketFilter {
            src: Some(b),
            protocol: Some(IpProtocol::Tcp),
            ..PacketFilter::default()
        };
        w.add_fault(from_b, nth, FaultAction::Drop);
    }
    let l = w.socket(a, Protocol::Tcp).unwrap();
    w.bind(l, Endpoint::new(A, 80)).unwrap();
    w.listen(l, 4).unwrap();
    let c = w.socket(b, Protocol::Tcp).unwrap();
    w.connect(c, Endpoint::new(A, 80)).unwrap();
    let data: Vec<u8> = (0..len).map(|i| (i % 253) as u8).collect();
    let mut s = None;
    let (mut sent, mut got) = (0, Vec::new());
    for _ in 0..40_000 {
        w.advance(Duration::from_millis(5));
        if s.is_none() {
            s = w.accept(l).ok().map(|(s, _)| s);
        }
        if sent < data.len() {
            sent += w.send(c, &data[sent..]).unwrap_or(0) as usize;
        }
        if let Some(s) = s {
            while let Ok(d) = w.recv(s, 1 << 20) {
                if d.is_empty() {
                    break;
                }
                got.extend(d);
            }
        }
        if got.len() >= data.len() {
            break;
        }
    }
    let reasons: Vec<RetransmitReason> = w
        .log()
        .events()
        .iter()
        .filter(|e| e.socket == Some(c))
        .filter_map(|e| match &e.kind {
            EventKind::Tcp {
                note: TcpNote::Retransmitted { reason, .. },
            } => Some(*reason),
            _ => None,
        })
        .collect();
    let mut packets = 0;
    let mut first_fast_retransmit = None;
    for e in w.log().events().iter().filter(|e| e.host == Some(b)) {
        match &e.kind {
            EventKind::PacketSent { .. } => packets += 1,
            EventKind::Tcp {
                note:
                    TcpNote::Retransmitted {
                        reason: RetransmitReason::FastRetransmit,
                        ..
                    },
            } if first_fast_retransmit.is_none() => first_fast_retransmit = Some(packets + 1),
            _ => {}
        }
    }
    Run {
        first_fast_retransmit,
        intact: got == data,
        retransmissions: reasons.len(),
        sack_holes: reasons
            .iter()
            .filter(|r| **r == RetransmitReason::SackHole)
            .count(),
        timeouts: reasons
            .iter()
            .filter(|r| **r == RetransmitReason::Timeout)
            .count(),
        partial_acks: reasons
            .iter()
            .filter(|r| **r == RetransmitReason::PartialAck)
            .count(),
        virtual_ms: w.now().micros() / 1000,
    }
}

#[test]
fn a_burst_of_losses_sack_repairs_in_one_round_trip() {
    // Every other segment of one window lost: 8 holes. NewReno (RFC 6582) learns of one
    // hole per round trip (each partial ACK); the SACK scoreboard holds all of them after
    // the first duplicate ACKs, and RFC 6675 resends them as cwnd - pipe allows.
    let drops: Vec<u32> = (0..8).map(|i| 40 + 2 * i).collect();
    let newreno = run_with(false, 0, 300_000, 1, &drops);
    let sack = run_with(true, 0, 300_000, 1, &drops);
    assert!(newreno.intact && sack.intact);
    // Both resend exactly the 8 lost segments: no timeout, nothing received twice.
    assert_eq!((newreno.retransmissions, sack.retransmissions), (8, 8));
    assert_eq!((newreno.partial_acks, sack.sack_holes), (7, 7));
    // 8 round trips of 40 ms against about one: the transfer ends well before.
    assert!(
        sack.virtual_ms + 200 <= newreno.virtual_ms,
        "SACK {} ms, NewReno {} ms",
        sack.virtual_ms,
        newreno.virtual_ms
    );
}

#[test]
fn after_a_timeout_sack_skips_what_the_receiver_holds() {
    // Four holes in one window, and the fast retransmission of the first lost too: both
    // stacks wait for the retransmission timer. NewReno then goes back to SND.UNA and
    // sends everything again, the segments the receiver holds included (go-back-N);
    // with SACK the scoreboard survives the timeout (RFC 6675 §5.1) and only the holes
    // are sent again.
    let holes: Vec<u32> = (0..4).map(|i| 40 + 3 * i).collect();
    let probe = run_with(false, 0, 300_000, 1, &holes);
    let fr = probe.first_fast_retransmit.expect("a fast retransmit");
    assert_eq!(
        run_with(true, 0, 300_000, 1, &holes).first_fast_retransmit,
        Some(fr),
        "both stacks send the same packets up to the fast retransmission"
    );
    let mut drops = holes.clone();
    drops.push(fr);
    let newreno = run_with(false, 0, 300_000, 1, &drops);
    let sack = run_with(true, 0, 300_000, 1, &drops);
    assert!(newreno.intact && sack.intact);
    assert!(
        newreno.timeouts >= 1 && sack.timeouts >= 1,
        "both timed out"
    );
    eprintln!(
        "after timeout: SACK {} retransmissions {} ms, NewReno {} retransmissions {} ms",
        sack.retransmissions, sack.virtual_ms, newreno.retransmissions, newreno.virtual_ms
    );
    assert!(
        sack.retransmissions < newreno.retransmissions,
        "SACK {}, NewReno {}",
        sack.retransmissions,
        newreno.retransmissions
    );
}

#[test]
fn random_loss_sack_retransmits_less_overall() {
    // 6 % loss each way, five seeds: each run's losses differ (the two stacks send
    // different packets), so the totals are compared, not each pair.
    let (mut s_total, mut n_total) = (0, 0);
    for seed in 1..=5 {
        let newreno = run(false, 60_000, 400_000, seed);
        let sack = run(true, 60_000, 400_000, seed);
        assert!(
            newreno.intact && sack.intact,
            "seed {seed}: every byte, in order"
        );
        assert_eq!(
            newreno.sack_holes, 0,
            "no SACK recovery without SACK-permitted"
        );
        s_total += sack.retransmissions;
        n_total += newreno.retransmissions;
    }
    eprintln!("random loss: SACK {s_total}, NewReno {n_total}");
    assert!(s_total <= n_total, "SACK {s_total}, NewReno {n_total}");
}

#[test]
fn lossless_runs_alike_with_and_without_sack() {
    let newreno = run(false, 0, 200_000, 7);
    let sack = run(true, 0, 200_000, 7);
    assert!(newreno.intact && sack.intact);
    assert_eq!((newreno.retransmissions, sack.retransmissions), (0, 0));
    assert_eq!(
        newreno.virtual_ms, sack.virtual_ms,
        "SACK costs nothing without loss"
    );
}
