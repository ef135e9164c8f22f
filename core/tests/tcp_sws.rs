//! Sender-side silly window avoidance (RFC 9293 §3.8.6.2.1, MUST-38) in a bulk transfer
//! over a lossy path: while a full segment's worth of data is queued, no new segment
//! smaller than the MSS goes out mid-stream. Partial ACKs, retransmissions and cwnd grown
//! by byte counting open the window a few octets at a time; before the fix the sender
//! filled those gaps with 34-, 92-, 182-byte segments.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use proptest::prelude::*;
use sockscope_core::tcp::{TcpConfig, TcpNote, TimerKind};
use sockscope_core::wire::{IpPacket, Transport};
use sockscope_core::{
    Config, Duration, Endpoint, EventKind, Instant, PathSettings, Protocol, SocketId, World,
};

const A: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 1);
const B: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 2);
/// The bytes B sends to A, all written before the first one leaves.
const TOTAL: u32 = 200_000;

/// One new-data segment the sender put on the wire: when, where in the stream (offset
/// from the first data byte), how long.
#[derive(Debug)]
struct Sent {
    at: Instant,
    offset: u32,
    len: u32,
}

/// Runs the transfer over a path losing `loss_ppm` each way and returns the sender's
/// new-data segments (retransmissions left out), the instants its override timer
/// fired, and whether every byte arrived.
fn bulk(seed: u64, loss_ppm: u32) -> (Vec<Sent>, BTreeSet<Instant>, bool) {
    let mut w = World::new(Config {
        seed,
        tcp: TcpConfig {
            send_buffer: TOTAL,
            ..TcpConfig::default()
        },
        ..Config::default()
    });
    let a = w.spawn_host("A", A).unwrap();
    let b = w.spawn_host("B", B).unwrap();
    let path = PathSettings {
        delay: Duration::from_millis(10),
        loss_ppm,
        ..PathSettings::default()
    };
    w.set_path(a, b, path).unwrap();
    w.set_path(b, a, path).unwrap();
    let l = w.socket(a, Protocol::Tcp).unwrap();
    w.bind(l, Endpoint::new(A, 80)).unwrap();
    w.listen(l, 4).unwrap();
    let c = w.socket(b, Protocol::Tcp).unwrap();
    w.connect(c, Endpoint::new(A, 80)).unwrap();
    let mut server: Option<SocketId> = None;
    while server.is_none() && w.now() < Instant(60_000_000) {
        w.advance(Duration::from_millis(10));
        server = w.accept(l).ok().map(|(s, _)| s);
    }
    let Some(s) = server else {
        return (Vec::new(), BTreeSet::new(), false);
    };
    let data: Vec<u8> = (0..TOTAL).map(|i| (i % 251) as u8).collect();
    assert_eq!(
        w.send(c, &data).unwrap(),
        TOTAL,
        "the send buffer takes it all"
    );
    let iss = w.tcb(c).unwrap().iss;
    let mut got = 0usize;
    while got < data.len() && w.now() < Instant(600_000_000) {
        w.advance(Duration::from_millis(5));
        while let Ok(d) = w.recv(s, 1 << 20) {
            if d.is_empty() {
                break;
            }
            got += d.len();
        }
    }
    let mut sent = Vec::new();
    let mut high = 0u32;
    for p in w.capture().iter().filter(|p| p.src == b) {
        let Ok(ip) = IpPacket::parse(&p.bytes) else {
            continue;
        };
        let Transport::Tcp(t) = ip.transport else {
            continue;
        };
        let len = t.payload.len() as u32;
        let offset = t.seq.0.wrapping_sub(iss.0).wrapping_sub(1);
        if len > 0 && offset + len > high {
            sent.push(Sent {
                at: p.at,
                offset,
                len,
            });
            high = offset + len;
        }
    }
    let overrides = w
        .log()
        .events()
        .iter()
        .filter(|e| e.socket == Some(c))
        .filter_map(|e| match e.kind {
            EventKind::Tcp {
                note:
                    TcpNote::TimerFired {
                        timer: TimerKind::SwsOverride,
                    },
            } => Some(e.at),
            _ => None,
        })
        .collect();
    (sent, overrides, got == data.len())
}

/// New-data segments shorter than the MSS that are not the stream's last and were not
/// sent by the override timer (the RFC's deadlock breaker, for a window that stays below
/// a segment with nothing in flight).
fn silly(sent: &[Sent], overrides: &BTreeSet<Instant>) -> Vec<(u32, u32)> {
    sent.iter()
        .filter(|s| s.len < 1460 && s.offset + s.len < TOTAL && !overrides.contains(&s.at))
        .map(|s| (s.offset, s.len))
        .collect()
}

#[test]
fn no_silly_segments_mid_stream_under_five_percent_loss() {
    let (sent, overrides, complete) = bulk(7, 50_000);
    assert!(complete, "every byte arrived");
    assert!(sent.len() > 100, "a bulk transfer: {} segments", sent.len());
    assert_eq!(
        silly(&sent, &overrides),
        vec![],
        "(offset, len) of silly segments"
    );
}

#[test]
fn a_lossless_transfer_is_all_full_segments() {
    let (sent, overrides, complete) = bulk(3, 0);
    assert!(complete);
    assert!(overrides.is_empty(), "the override timer never had to fire");
    let last = sent.last().unwrap();
    assert_eq!(last.offset + last.len, TOTAL);
    assert!(sent[..sent.len() - 1].iter().all(|s| s.len == 1460));
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 8,
        ..ProptestConfig::default()
    })]

    /// Whatever the seed and a loss of 1 to 10 %, no silly segment goes out mid-stream.
    #[test]
    fn no_silly_segments_whatever_the_loss(seed in any::<u64>(), loss_ppm in 10_000u32..=100_000) {
        let (sent, overrides, _) = bulk(seed, loss_ppm);
        prop_assert_eq!(silly(&sent, &overrides), vec![]);
    }
}
