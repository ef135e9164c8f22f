use super::*;
use proptest::prelude::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const MBIT: u64 = 1_000_000;

fn at(us: u64) -> Instant {
    Instant(us)
}

fn link(rate_bps: u64, queue: QueueLimit) -> Transmitter {
    Transmitter::new(LinkSpec::new(rate_bps, Duration::from_millis(5), queue).unwrap())
}

fn sent(a: Admission) -> (u64, u64, u64) {
    match a {
        Admission::Sent {
            starts,
            departs,
            arrives,
        } => (starts.0, departs.0, arrives.0),
        Admission::Dropped => panic!("dropped"),
    }
}

#[test]
fn serialization_delay_is_bits_over_rate_rounded_up() {
    // 1500 bytes at 10 Mbit/s: 12000 bits / 10^7 bit/s = 1.2 ms exactly.
    assert_eq!(
        serialization_delay(1500, 10 * MBIT),
        Duration::from_micros(1200)
    );
    // 1 byte at 3 bit/s: 8/3 s = 2666666.67 µs, rounded up.
    assert_eq!(serialization_delay(1, 3), Duration::from_micros(2_666_667));
    // 40 bytes at 1 Gbit/s: 0.32 µs, rounded up to 1 µs, never 0.
    assert_eq!(
        serialization_delay(40, 1000 * MBIT),
        Duration::from_micros(1)
    );
    assert_eq!(serialization_delay(0, 1), Duration::ZERO);
    assert_eq!(
        serialization_delay(u32::MAX, 1),
        Duration::from_micros(u64::from(u32::MAX) * 8 * 1_000_000)
    );
    assert_eq!(serialization_delay(1, u64::MAX), Duration::from_micros(1));
    assert_eq!(
        LinkSpec::new(0, Duration::ZERO, QueueLimit::Packets(1)),
        Err(LinkError::ZeroRate)
    );
    assert_eq!(
        LinkError::ZeroRate.to_string(),
        "a link's bandwidth must be at least 1 bit per second"
    );
}

#[test]
fn back_to_back_packets_are_spaced_by_the_rate() {
    let mut l = link(10 * MBIT, QueueLimit::Packets(10));
    assert_eq!(sent(l.offer(at(0), 1500)), (0, 1200, 6200));
    assert_eq!(sent(l.offer(at(0), 1500)), (1200, 2400, 7400));
    assert_eq!(l.queued_packets(at(0)), 1);
    assert!(l.is_busy(at(2399)) && !l.is_busy(at(2400)));
    // After an idle gap, a packet starts when it is offered.
    assert_eq!(sent(l.offer(at(10_000), 125)), (10_000, 10_100, 15_100));
    assert_eq!(l.queued_packets(at(10_000)), 0);
}

#[test]
fn a_full_packet_queue_drops_at_the_tail() {
    let mut l = link(MBIT, QueueLimit::Packets(2));
    sent(l.offer(at(0), 1000)); // on the wire, not queued
    sent(l.offer(at(0), 1000)); // waits
    sent(l.offer(at(0), 1000)); // waits
    assert_eq!(l.offer(at(0), 1000), Admission::Dropped);
    assert_eq!(l.queued_packets(at(0)), 2);
    // 1000 bytes at 1 Mbit/s take 8 ms; at 8 ms the second starts, freeing a slot.
    assert_eq!(l.offer(at(7_999), 1), Admission::Dropped);
    let (starts, ..) = sent(l.offer(at(8_000), 1));
    assert_eq!(starts, 24_000);
}

#[test]
fn a_byte_queue_counts_bytes() {
    let mut l = link(MBIT, QueueLimit::Bytes(1500));
    sent(l.offer(at(0), 1500)); // on the wire
    sent(l.offer(at(0), 1000));
    assert_eq!(l.offer(at(0), 501), Admission::Dropped);
    sent(l.offer(at(0), 500)); // exactly fills it
    assert_eq!(l.queued_bytes(at(0)), 1500);
    assert_eq!(l.offer(at(0), 1), Admission::Dropped);
    // No buffer at all: only an idle link takes a packet.
    let mut none = link(MBIT, QueueLimit::Packets(0));
    sent(none.offer(at(0), 100));
    assert_eq!(none.offer(at(1), 100), Admission::Dropped);
    sent(none.offer(at(800), 100));
}

proptest! {
    /// Whatever arrives: the queue never holds more than its limit, packets leave in order
    /// one at a time, each taking its serialization delay, never before it arrived, and
    /// no faster than the rate; a drop happens only when the queue is full.
    #[test]
    fn queue_and_rate_are_never_exceeded(
        rate in 1_000u64..100_000_000,
        by_bytes in any::<bool>(),
        limit in 0u32..8_000,
        offers in proptest::collection::vec((0u64..5_000, 1u32..1_500), 1..60),
    ) {
        let queue = if by_bytes {
            QueueLimit::Bytes(limit)
        } else {
            QueueLimit::Packets(limit % 8)
        };
        let spec = LinkSpec::new(rate, Duration::from_micros(100), queue).unwrap();
        let mut l = Transmitter::new(spec);
        let mut now = 0u64;
        let mut last_departure = 0u64;
        let (mut first_start, mut bits) = (None, 0u128);
        for (gap, len) in offers {
            now += gap;
            let (queued_pkts, queued_bytes) = (l.queued_packets(at(now)), l.queued_bytes(at(now)));
            let busy = l.is_busy(at(now));
            match l.offer(at(now), len) {
                Admission::Sent { starts, departs, arrives } => {
                    prop_assert!(starts.0 >= now && starts.0 >= last_departure);
                    prop_assert_eq!(starts.0, now.max(last_departure), "work-conserving");
                    prop_assert_eq!(departs - starts, serialization_delay(len, rate));
                    prop_assert_eq!(arrives - departs, Duration::from_micros(100));
                    last_departure = departs.0;
                    first_start.get_or_insert(starts.0);
                    bits += u128::from(len) * 8;
                }
                Admission::Dropped => {
                    prop_assert!(busy, "an idle link never drops");
                    let full = match queue {
                        QueueLimit::Packets(n) => queued_pkts >= n,
                        QueueLimit::Bytes(n) => queued_bytes + u64::from(len) > u64::from(n),
                    };
                    prop_assert!(full, "dropped with room in the queue");
                }
            }
            match queue {
                QueueLimit::Packets(n) => prop_assert!(l.queued_packets(at(now)) <= n),
                QueueLimit::Bytes(n) => prop_assert!(l.queued_bytes(at(now)) <= u64::from(n)),
            }
        }
        // Departures never beat the rate: bits sent ≤ rate × time spent sending.
        if let Some(first) = first_start {
            let elapsed = u128::from(last_departure - first);
            prop_assert!(bits * 1_000_000 <= u128::from(rate) * elapsed);
        }
    }
}
