//! A link's transmitter as a pure value: a bandwidth that spaces packets out by their
//! serialization delay, a finite drop-tail queue in front of it, and a propagation delay.
//!
//! No world uses it yet; it answers, for a packet offered at some virtual time, whether it
//! is dropped and otherwise when it starts, finishes leaving and arrives at the far end.
//! All arithmetic is on integer microseconds, so every platform computes the same times.

use std::collections::VecDeque;
use std::fmt;

use crate::time::{Duration, Instant};

const MICROS_PER_SEC: u128 = 1_000_000;

/// How much a queue holds, like `tc qdisc ... pfifo limit N` or `bfifo limit N`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum QueueLimit {
    /// At most this many packets waiting.
    Packets(u32),
    /// At most this many bytes waiting.
    Bytes(u32),
}

/// A link's fixed properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct LinkSpec {
    /// Bandwidth in bits per second; never 0 ([`LinkSpec::new`] refuses it).
    rate_bps: u64,
    /// Propagation delay: from the last bit leaving to it arriving at the far end.
    pub delay: Duration,
    pub queue: QueueLimit,
}

/// Why a link cannot be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum LinkError {
    ZeroRate,
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::ZeroRate => {
                f.write_str("a link's bandwidth must be at least 1 bit per second")
            }
        }
    }
}

impl std::error::Error for LinkError {}

impl LinkSpec {
    pub fn new(rate_bps: u64, delay: Duration, queue: QueueLimit) -> Result<Self, LinkError> {
        if rate_bps == 0 {
            return Err(LinkError::ZeroRate);
        }
        Ok(LinkSpec {
            rate_bps,
            delay,
            queue,
        })
    }

    pub fn rate_bps(&self) -> u64 {
        self.rate_bps
    }

    /// Time to put `len` bytes on the wire at this link's rate.
    pub fn serialization_delay(&self, len: u32) -> Duration {
        serialization_delay(len, self.rate_bps)
    }
}

/// Time to put `len` bytes on the wire at `rate_bps`: `len × 8 / rate` seconds, in
/// microseconds rounded up, so a packet never leaves sooner than the rate allows and a
/// run of packets never beats the bandwidth. A rate of 0 is taken as 1 bit per second.
pub fn serialization_delay(len: u32, rate_bps: u64) -> Duration {
    let bits = u128::from(len) * 8;
    let rate = u128::from(rate_bps.max(1));
    let micros = (bits * MICROS_PER_SEC).div_ceil(rate);
    // At most 2^35 × 10^6 µs, far inside u64.
    Duration::from_micros(u64::try_from(micros).unwrap_or(u64::MAX))
}

/// What happened to an offered packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Admission {
    /// Queued (or sent at once): its first bit leaves at `starts`, its last at `departs`,
    /// and it is received whole at `arrives`.
    Sent {
        starts: Instant,
        departs: Instant,
        arrives: Instant,
    },
    /// The queue was full: dropped at the tail (drop-tail), the packet never sent.
    Dropped,
}

/// A packet waiting to start: when it will, and its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
struct Waiting {
    starts: Instant,
    len: u32,
}

/// One direction of a link: the transmitter and its FIFO drop-tail queue.
///
/// The queue holds packets that have been accepted but whose transmission has not begun;
/// the one being serialized has left the queue, as in a NIC after the qdisc.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Transmitter {
    spec: LinkSpec,
    waiting: VecDeque<Waiting>,
    waiting_bytes: u64,
    /// When the last accepted packet has finished leaving.
    free_at: Instant,
}

impl Transmitter {
    pub fn new(spec: LinkSpec) -> Self {
        Transmitter {
            spec,
            waiting: VecDeque::new(),
            waiting_bytes: 0,
            free_at: Instant::ZERO,
        }
    }

    pub fn spec(&self) -> &LinkSpec {
        &self.spec
    }

    /// Offers a packet of `len` bytes at `now`. It starts at once if the transmitter is
    /// idle, else waits if the queue has room, else is dropped. Offers must come in time
    /// order (the world's event queue guarantees it).
    pub fn offer(&mut self, now: Instant, len: u32) -> Admission {
        self.advance(now);
        if self.free_at > now {
            let fits = match self.spec.queue {
                QueueLimit::Packets(n) => self.waiting.len() < n as usize,
                QueueLimit::Bytes(n) => self.waiting_bytes + u64::from(len) <= u64::from(n),
            };
            if !fits {
                return Admission::Dropped;
            }
            self.waiting.push_back(Waiting {
                starts: self.free_at,
                len,
            });
            self.waiting_bytes += u64::from(len);
        }
        let starts = self.free_at.max(now);
        let departs = starts + self.spec.serialization_delay(len);
        self.free_at = departs;
        Admission::Sent {
            starts,
            departs,
            arrives: departs + self.spec.delay,
        }
    }

    /// Forgets the waiting packets that have started by `now`.
    fn advance(&mut self, now: Instant) {
        while let Some(w) = self.waiting.front().copied() {
            if w.starts > now {
                break;
            }
            self.waiting.pop_front();
            self.waiting_bytes -= u64::from(w.len);
        }
    }

    /// Packets waiting at `now` (not counting the one being sent).
    pub fn queued_packets(&self, now: Instant) -> u32 {
        let n = self.waiting.iter().filter(|w| w.starts > now).count();
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// Bytes waiting at `now` (not counting the packet being sent).
    pub fn queued_bytes(&self, now: Instant) -> u64 {
        self.waiting
            .iter()
            .filter(|w| w.starts > now)
            .map(|w| u64::from(w.len))
            .sum()
    }

    /// Whether a packet is on the wire at `now`, or queued behind one.
    pub fn is_busy(&self, now: Instant) -> bool {
        self.free_at > now
    }
}

#[cfg(test)]
mod tests;
