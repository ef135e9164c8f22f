//! The network between hosts: per-direction path settings (delay, jitter, loss,
//! duplication, reordering, corruption) and the user's hands on single packets in flight
//! (hold, release, drop, duplicate, delay).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{count, delivered_at, ep, last_sent, two_hosts, wire_trace};
use sockscope_core::log::DropReason;
use sockscope_core::network::{Fate, PacketError};
use sockscope_core::wire::WireError;
use sockscope_core::{
    Duration, Endpoint, Errno, EventKind, HostId, Instant, PacketId, PathSettings, Protocol,
    SocketId, World,
};

const MS: u64 = 1_000;

/// A and B with a UDP socket each: B's bound to port 9, A's sending to it.
fn pair(seed: u64) -> (World, HostId, HostId, SocketId, SocketId) {
    let (mut w, a, b) = two_hosts(seed);
    let rx = w.socket(b, Protocol::Udp).unwrap();
    w.bind(rx, Endpoint::any(9)).unwrap();
    let tx = w.socket(a, Protocol::Udp).unwrap();
    w.bind(tx, Endpoint::any(1000)).unwrap();
    (w, a, b, tx, rx)
}

fn send(w: &mut World, tx: SocketId, data: &[u8]) -> PacketId {
    w.send_to(tx, data, ep("10.0.0.2:9")).unwrap();
    last_sent(w)
}

fn drain(w: &mut World, rx: SocketId) -> Vec<Vec<u8>> {
    std::iter::from_fn(|| w.recv(rx, 65_535).ok()).collect()
}

fn drops(w: &World) -> Vec<(PacketId, u64, DropReason)> {
    w.log()
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::PacketDropped { packet, reason } => {
                Some((*packet, e.at.micros(), reason.clone()))
            }
            _ => None,
        })
        .collect()
}

fn settings(f: impl FnOnce(&mut PathSettings)) -> PathSettings {
    let mut s = PathSettings::default();
    f(&mut s);
    s
}

// ---------------------------------------------------------------- path settings

#[test]
fn delay_is_per_direction_and_arrival_is_exact() {
    let (mut w, a, b, tx, rx) = pair(1);
    w.set_path(a, b, settings(|s| s.delay = Duration::from_micros(25_250)))
        .unwrap();
    assert_eq!(w.network().path(a, b).delay.micros(), 25_250);
    assert_eq!(w.network().path(b, a).delay.micros(), 10 * MS, "default");
    w.advance(Duration::from_millis(1));
    let there = send(&mut w, tx, b"ping");
    w.send_to(rx, b"pong", ep("10.0.0.1:1000")).unwrap();
    let back = last_sent(&w);
    w.run_to_idle(10);
    assert_eq!(delivered_at(&w, there), Some(26_250));
    assert_eq!(delivered_at(&w, back), Some(11 * MS));
    assert_eq!(
        wire_trace(&w),
        [
            "1.000 A #1 sent p0 10.0.0.1:1000 > 10.0.0.2:9 UDP len=4 (due 26.250)",
            "1.000 B #0 sent p1 10.0.0.2:9 > 10.0.0.1:1000 UDP len=4 (due 11.000)",
            "11.000 A #1 delivered p1",
            "11.000 A #1 queued len=4 from 10.0.0.2:9",
            "26.250 B #0 delivered p0",
            "26.250 B #0 queued len=4 from 10.0.0.1:1000",
        ]
    );
}

#[test]
fn set_link_sets_both_directions_and_the_default_covers_the_rest() {
    let (mut w, a, b) = two_hosts(1);
    let c = w.spawn_host("C", common::C).unwrap();
    let slow = settings(|s| s.delay = Duration::from_millis(40));
    w.set_link(a, b, slow).unwrap();
    w.set_default_path(settings(|s| s.delay = Duration::from_millis(3)));
    assert_eq!(w.network().path(a, b), slow);
    assert_eq!(w.network().path(b, a), slow);
    assert_eq!(w.network().path(a, c).delay, Duration::from_millis(3));
    assert_eq!(w.network().default_path().delay, Duration::from_millis(3));
    assert_eq!(count(&w, "path-changed"), 2, "one event per direction");
}

#[test]
fn probabilities_above_certainty_are_clamped() {
    let (mut w, a, b) = two_hosts(1);
    w.set_path(
        a,
        b,
        settings(|s| {
            s.loss_ppm = 5_000_000;
            s.corrupt_ppm = u32::MAX;
        }),
    )
    .unwrap();
    let p = w.network().path(a, b);
    assert_eq!((p.loss_ppm, p.corrupt_ppm), (1_000_000, 1_000_000));
    let logged = w.log().events().iter().find_map(|e| match e.kind {
        EventKind::PathChanged { settings, .. } => Some(settings),
        _ => None,
    });
    assert_eq!(logged, Some(p), "the log shows the settings in force");
}

#[test]
fn jitter_stays_within_its_bound() {
    let (mut w, a, b, tx, rx) = pair(3);
    w.set_path(
        a,
        b,
        settings(|s| {
            s.delay = Duration::from_millis(10);
            s.jitter = Duration::from_millis(5);
        }),
    )
    .unwrap();
    let mut travel = Vec::new();
    // Read as they arrive: 200 queued datagrams would overflow the receive buffer, which
    // charges each one its overhead as Linux does.
    let mut arrived = Vec::new();
    for i in 0..200u32 {
        w.advance(Duration::from_micros(100));
        arrived.extend(drain(&mut w, rx));
        let sent = w.now().micros();
        let p = send(&mut w, tx, &i.to_be_bytes());
        let due = w.network().packet(p).unwrap().arrive_at.micros();
        travel.push(due - sent);
    }
    for _ in 0..20 {
        w.advance(Duration::from_millis(1));
        arrived.extend(drain(&mut w, rx));
    }
    assert!(
        travel.iter().all(|t| (10 * MS..=15 * MS).contains(t)),
        "{travel:?}"
    );
    let distinct: std::collections::BTreeSet<_> = travel.iter().collect();
    assert!(distinct.len() > 100, "jitter varies: {}", distinct.len());
    assert!(travel.iter().any(|t| *t < 11 * MS) && travel.iter().any(|t| *t > 14 * MS));
    // Jitter alone reorders datagrams sent 100 µs apart.
    let got: Vec<u32> = arrived
        .iter()
        .map(|d| u32::from_be_bytes([d[0], d[1], d[2], d[3]]))
        .collect();
    assert_eq!(got.len(), 200);
    assert!(got.windows(2).any(|p| p[0] > p[1]));
}

#[test]
fn total_loss_drops_every_packet_halfway() {
    let (mut w, a, b, tx, rx) = pair(1);
    w.set_path(
        a,
        b,
        settings(|s| {
            s.loss_ppm = PathSettings::PPM_MAX;
            s.delay = Duration::from_millis(30);
        }),
    )
    .unwrap();
    let mut sent = Vec::new();
    for i in 0..20u64 {
        w.advance(Duration::from_millis(1));
        sent.push((send(&mut w, tx, b"lost"), w.now().micros()));
        assert_eq!(
            w.network().packet(sent[i as usize].0).map(|f| f.fate),
            Some(Fate::Lost)
        );
    }
    w.run_to_idle(100);
    let expected: Vec<_> = sent
        .iter()
        .map(|&(p, at)| (p, at + 15 * MS, DropReason::Loss))
        .collect();
    assert_eq!(drops(&w), expected, "each vanishes at sent + delay/2");
    assert_eq!(count(&w, "packet-delivered"), 0);
    assert_eq!(w.recv(rx, 100), Err(Errno::WouldBlock));
    // The drop is logged where the packet was heading.
    let first_drop = w
        .log()
        .events()
        .iter()
        .find(|e| e.kind.name() == "packet-dropped")
        .unwrap();
    assert_eq!(first_drop.host, Some(b));
    // The other direction is untouched.
    w.send_to(rx, b"fine", ep("10.0.0.1:1000")).unwrap();
    w.run_to_idle(10);
    assert_eq!(w.recv(tx, 100), Ok(b"fine".to_vec()));
}

#[test]
fn total_duplication_delivers_twice() {
    let (mut w, a, b, tx, rx) = pair(1);
    w.set_path(a, b, settings(|s| s.duplicate_ppm = 1_000_000))
        .unwrap();
    send(&mut w, tx, b"twice");
    w.run_to_idle(10);
    assert_eq!(
        wire_trace(&w),
        [
            "0.000 A #1 sent p0 10.0.0.1:1000 > 10.0.0.2:9 UDP len=5 (due 10.000)",
            "0.000 A #1 p0 duplicated as p1",
            "10.000 B #0 delivered p0",
            "10.000 B #0 queued len=5 from 10.0.0.1:1000",
            "10.000 B #0 delivered p1",
            "10.000 B #0 queued len=5 from 10.0.0.1:1000",
        ]
    );
    assert_eq!(drain(&mut w, rx), [b"twice".to_vec(), b"twice".to_vec()]);
}

#[test]
fn reordering_lets_a_later_packet_overtake() {
    let (mut w, a, b, tx, rx) = pair(1);
    w.set_path(
        a,
        b,
        settings(|s| {
            s.reorder_ppm = 1_000_000;
            s.reorder_extra = Duration::from_millis(15);
        }),
    )
    .unwrap();
    send(&mut w, tx, b"first");
    w.set_path(a, b, PathSettings::default()).unwrap();
    w.advance(Duration::from_millis(1));
    send(&mut w, tx, b"second");
    w.run_to_idle(10);
    assert_eq!(
        wire_trace(&w),
        [
            "0.000 A #1 sent p0 10.0.0.1:1000 > 10.0.0.2:9 UDP len=5 (due 10.000)",
            "0.000 A #1 p0 held back 15.000",
            "1.000 A #1 sent p1 10.0.0.1:1000 > 10.0.0.2:9 UDP len=6 (due 11.000)",
            "11.000 B #0 delivered p1",
            "11.000 B #0 queued len=6 from 10.0.0.1:1000",
            "25.000 B #0 delivered p0",
            "25.000 B #0 queued len=5 from 10.0.0.1:1000",
        ]
    );
    assert_eq!(drain(&mut w, rx), [b"second".to_vec(), b"first".to_vec()]);
}

#[test]
fn corruption_is_caught_by_the_receivers_checksum() {
    let (mut w, a, b, tx, rx) = pair(5);
    w.set_path(a, b, settings(|s| s.corrupt_ppm = 1_000_000))
        .unwrap();
    let mut bits = Vec::new();
    for i in 0..64u8 {
        let p = send(&mut w, tx, &[i; 12]);
        let flight = w.network().packet(p).unwrap();
        assert!(flight.corrupted);
        let bit = w.log().events().iter().find_map(|e| match e.kind {
            EventKind::PacketCorrupted { packet, bit } if packet == p => Some(bit),
            _ => None,
        });
        // 20 bytes of IPv4 header, 8 of UDP, 12 of data.
        let bit = bit.expect("corruption is logged");
        assert!(bit < 40 * 8);
        bits.push(bit);
    }
    w.run_to_idle(1_000);
    let dropped = drops(&w);
    assert_eq!(dropped.len(), 64);
    for ((_, at, reason), bit) in dropped.iter().zip(&bits) {
        assert_eq!(*at, 10 * MS, "the receiver checks on arrival");
        let DropReason::Corrupt { error } = reason else {
            panic!("{reason:?}");
        };
        // A flip in the IPv4 header fails its checks; one in the UDP Length field makes it
        // disagree with IPv4's; anywhere else it fails UDP's checksum.
        if (192..208).contains(bit) {
            assert_eq!(*error, WireError::BadLength, "bit {bit}");
        } else if *bit >= 160 {
            assert_eq!(*error, WireError::BadUdpChecksum, "bit {bit}");
        }
    }
    assert!(bits.iter().any(|b| *b < 160) && bits.iter().any(|b| *b >= 224));
    assert_eq!(count(&w, "packet-delivered"), 0);
    assert_eq!(count(&w, "datagram-queued"), 0);
    assert_eq!(w.recv(rx, 100), Err(Errno::WouldBlock));
    assert_eq!(
        w.capture().len(),
        64,
        "no ICMP answers a corrupted datagram"
    );
}

// ---------------------------------------------------------------- hands on packets

#[test]
fn in_flight_progress_follows_the_clock() {
    let (mut w, a, b, tx, _) = pair(1);
    w.advance(Duration::from_millis(2));
    let p = send(&mut w, tx, b"watch me");
    let flight = w.network().packet(p).unwrap().clone();
    assert_eq!((flight.src, flight.dst), (a, Some(b)));
    assert_eq!(flight.sent_at, Instant(2 * MS));
    assert_eq!(flight.arrive_at, Instant(12 * MS));
    assert_eq!(
        (flight.held, flight.fate, flight.copy_of),
        (None, Fate::Deliver, None)
    );
    assert_eq!(
        w.network().in_flight().map(|f| f.id).collect::<Vec<_>>(),
        [p]
    );
    let mut progress = Vec::new();
    for _ in 0..4 {
        progress.push(w.network().packet(p).unwrap().progress_ppm(w.now()));
        w.advance(Duration::from_micros(2_500));
    }
    assert_eq!(progress, [0, 250_000, 500_000, 750_000]);
    w.advance(Duration::from_micros(2_500));
    assert!(w.network().packet(p).is_none(), "arrived");
    assert_eq!(w.network().in_flight().count(), 0);
}

#[test]
fn a_held_packet_freezes_until_released() {
    let (mut w, _, _, tx, rx) = pair(1);
    let p = send(&mut w, tx, b"wait");
    w.advance(Duration::from_millis(4));
    w.hold_packet(p).unwrap();
    assert_eq!(w.next_event_at(), None, "nothing scheduled while held");
    w.advance(Duration::from_millis(100));
    let flight = w.network().packet(p).unwrap();
    assert_eq!(flight.held, Some(Duration::from_millis(6)));
    assert_eq!(flight.progress_ppm(w.now()), 400_000, "frozen at 40 %");
    assert_eq!(w.recv(rx, 100), Err(Errno::WouldBlock));
    w.release_packet(p).unwrap();
    assert_eq!(
        w.network().packet(p).unwrap().progress_ppm(w.now()),
        400_000
    );
    w.advance(Duration::from_millis(3));
    assert_eq!(
        w.network().packet(p).unwrap().progress_ppm(w.now()),
        700_000
    );
    w.run_to_idle(10);
    assert_eq!(
        delivered_at(&w, p),
        Some(110 * MS),
        "released at 104 + 6 left"
    );
    assert_eq!(w.recv(rx, 100), Ok(b"wait".to_vec()));
    assert_eq!(
        wire_trace(&w),
        [
            "0.000 A #1 sent p0 10.0.0.1:1000 > 10.0.0.2:9 UDP len=4 (due 10.000)",
            "4.000 A p0 held",
            "104.000 A p0 released",
            "110.000 B #0 delivered p0",
            "110.000 B #0 queued len=4 from 10.0.0.1:1000",
        ]
    );
}

#[test]
fn hold_one_let_the_next_pass_release_reordered() {
    let (mut w, _, _, tx, rx) = pair(1);
    let first = send(&mut w, tx, b"A");
    w.hold_packet(first).unwrap();
    w.advance(Duration::from_millis(1));
    let second = send(&mut w, tx, b"B");
    w.run_until(Instant(11 * MS));
    assert_eq!(delivered_at(&w, second), Some(11 * MS));
    w.release_packet(first).unwrap();
    w.run_to_idle(10);
    assert_eq!(delivered_at(&w, first), Some(21 * MS));
    assert_eq!(drain(&mut w, rx), [b"B".to_vec(), b"A".to_vec()]);
}

#[test]
fn a_dropped_packet_never_arrives() {
    let (mut w, _, b, tx, rx) = pair(1);
    let p = send(&mut w, tx, b"doomed");
    w.advance(Duration::from_millis(7));
    w.drop_packet(p).unwrap();
    assert!(w.network().packet(p).is_none());
    w.run_to_idle(10);
    assert_eq!(drops(&w), [(p, 7 * MS, DropReason::User)]);
    assert_eq!(delivered_at(&w, p), None);
    assert_eq!(w.recv(rx, 100), Err(Errno::WouldBlock));
    // A held packet can be dropped as well.
    let q = send(&mut w, tx, b"held");
    w.hold_packet(q).unwrap();
    w.drop_packet(q).unwrap();
    w.run_to_idle(10);
    assert_eq!(delivered_at(&w, q), None);
    assert_eq!(w.socket_table(b)[0].recv_queue, 0);
}

#[test]
fn a_duplicated_packet_arrives_twice_right_behind() {
    let (mut w, _, _, tx, rx) = pair(1);
    let p = send(&mut w, tx, b"echo");
    w.advance(Duration::from_millis(3));
    let copy = w.duplicate_packet(p).unwrap();
    assert_ne!(copy, p);
    let f = w.network().packet(copy).unwrap();
    assert_eq!((f.copy_of, f.arrive_at), (Some(p), Instant(10 * MS)));
    w.run_to_idle(10);
    assert_eq!(
        wire_trace(&w)[1..],
        [
            "3.000 A p0 duplicated as p1",
            "10.000 B #0 delivered p0",
            "10.000 B #0 queued len=4 from 10.0.0.1:1000",
            "10.000 B #0 delivered p1",
            "10.000 B #0 queued len=4 from 10.0.0.1:1000",
        ]
    );
    assert_eq!(drain(&mut w, rx), [b"echo".to_vec(), b"echo".to_vec()]);
}

#[test]
fn the_copy_of_a_held_packet_is_held_and_says_so() {
    let (mut w, _, _, tx, rx) = pair(1);
    let p = send(&mut w, tx, b"frozen");
    w.advance(Duration::from_millis(4));
    w.hold_packet(p).unwrap();
    let copy = w.duplicate_packet(p).unwrap();
    assert_eq!(
        w.network().packet(copy).unwrap().held,
        Some(Duration::from_millis(6))
    );
    w.release_packet(p).unwrap();
    w.run_to_idle(10);
    assert_eq!(delivered_at(&w, copy), None, "still held");
    w.release_packet(copy).unwrap();
    w.run_to_idle(10);
    assert_eq!(delivered_at(&w, copy), Some(16 * MS));
    assert_eq!(
        wire_trace(&w)[1..],
        [
            "4.000 A p0 held",
            "4.000 A p0 duplicated as p1",
            "4.000 A p1 held",
            "4.000 A p0 released",
            "10.000 B #0 delivered p0",
            "10.000 B #0 queued len=6 from 10.0.0.1:1000",
            "10.000 A p1 released",
            "16.000 B #0 delivered p1",
            "16.000 B #0 queued len=6 from 10.0.0.1:1000",
        ]
    );
    assert_eq!(drain(&mut w, rx), [b"frozen".to_vec(), b"frozen".to_vec()]);
}

#[test]
fn a_delayed_packet_arrives_later_by_exactly_the_delay() {
    let (mut w, _, _, tx, _) = pair(1);
    let p = send(&mut w, tx, b"slow");
    w.advance(Duration::from_millis(2));
    w.delay_packet(p, Duration::from_micros(7_500)).unwrap();
    assert_eq!(w.network().packet(p).unwrap().arrive_at, Instant(17_500));
    w.run_to_idle(10);
    assert_eq!(delivered_at(&w, p), Some(17_500));
    // Delaying a held packet adds to what it has left.
    let q = send(&mut w, tx, b"slower");
    w.advance(Duration::from_millis(5));
    w.hold_packet(q).unwrap();
    w.delay_packet(q, Duration::from_millis(20)).unwrap();
    w.advance(Duration::from_millis(50));
    w.release_packet(q).unwrap();
    w.run_to_idle(10);
    let released = 17_500 + 55 * MS;
    assert_eq!(delivered_at(&w, q), Some(released + 5 * MS + 20 * MS));
    assert!(wire_trace(&w).contains(&"2.000 A p0 delayed 7.500".to_string()));
}

#[test]
fn hands_on_packets_that_are_not_on_the_wire_fail_cleanly() {
    let (mut w, _, _, tx, _) = pair(1);
    let p = send(&mut w, tx, b"x");
    assert_eq!(w.release_packet(p), Err(PacketError::NotHeld));
    w.hold_packet(p).unwrap();
    assert_eq!(w.hold_packet(p), Err(PacketError::AlreadyHeld));
    w.release_packet(p).unwrap();
    let before = w.log().len();
    w.run_to_idle(10);
    let after = w.log().len();
    for gone in [p, PacketId(12_345)] {
        assert_eq!(w.hold_packet(gone), Err(PacketError::NotInFlight));
        assert_eq!(w.release_packet(gone), Err(PacketError::NotInFlight));
        assert_eq!(w.drop_packet(gone), Err(PacketError::NotInFlight));
        assert_eq!(w.duplicate_packet(gone), Err(PacketError::NotInFlight));
        assert_eq!(
            w.delay_packet(gone, Duration::from_millis(1)),
            Err(PacketError::NotInFlight)
        );
    }
    assert_eq!(w.log().len(), after, "failed hands leave no event");
    assert!(after > before);
    assert!(PacketError::NotInFlight
        .to_string()
        .contains("no longer on the wire"));
    assert_eq!(
        PacketError::AlreadyHeld.to_string(),
        "that packet is already held"
    );
    assert_eq!(PacketError::NotHeld.to_string(), "that packet is not held");
}

#[test]
fn a_held_packet_doomed_to_loss_still_vanishes_after_release() {
    let (mut w, a, b, tx, _) = pair(1);
    w.set_path(a, b, settings(|s| s.loss_ppm = 1_000_000))
        .unwrap();
    let p = send(&mut w, tx, b"lost");
    w.advance(Duration::from_millis(2));
    w.hold_packet(p).unwrap();
    w.advance(Duration::from_millis(10));
    w.release_packet(p).unwrap();
    w.run_to_idle(10);
    // It had 3 ms left to its vanishing point (5 ms) when held at 2 ms.
    assert_eq!(drops(&w), [(p, 15 * MS, DropReason::Loss)]);
}
