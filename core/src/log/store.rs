//! The log's store: events kept (all, or the newest of a bounded log), their numbering,
//! per-kind counts and digest, and the marks a rewind cuts back to.

use super::{Event, EventKind, KIND_COUNT};
use crate::ids::{HostId, SocketId};
use crate::time::Instant;
use serde::{Deserialize, Serialize};

/// The log itself: append-only, numbered.
///
/// By default it keeps every event. A long run (a 100 MB transfer is over a million
/// events) can bound it instead ([`EventLog::bounded`], [`crate::Config::log_limit`]): it
/// then keeps the newest events only, while the numbering, the per-kind counts and the
/// digest still cover every event since the start, so a viewer can still say "73,000
/// segments sent" and two runs can still be compared. Memory stays flat and no operation
/// grows with the length of the run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventLog {
    /// The events kept, oldest first; `events[i].seq == first + i`.
    events: Vec<Event>,
    /// The number of the oldest event kept (0 unless a bounded log has let some go).
    #[serde(default)]
    first: u64,
    /// Keep at least this many of the newest events, at most twice as many: events
    /// are let go in batches, so that each push costs O(1) and `events()` stays one slice.
    #[serde(default)]
    limit: Option<u64>,
    /// How many events of each kind were ever pushed, by [`EventKind::index`].
    #[serde(default)]
    counts: Counts,
    /// A bounded log's digest so far, folded in as each event is pushed, since an event
    /// let go cannot be rendered later; `None` for a bounded log that keeps no digest.
    /// An unbounded log computes it on demand instead.
    #[serde(default)]
    running: Option<u64>,
}

/// A log's position, to rewind it to (see `World::rewind`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LogMark {
    len: u64,
    counts: Counts,
    running: Option<u64>,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// 64-bit FNV-1a over whatever is written into it: an event's debug rendering goes
/// straight into the hash, with no string in between.
struct Fnv(u64);

impl std::fmt::Write for Fnv {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        for b in s.bytes() {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
        Ok(())
    }
}

impl Fnv {
    fn add(&mut self, e: &Event) {
        use std::fmt::Write as _;
        // Writing into a hash cannot fail.
        let _ = writeln!(self, "{e:?}");
    }
}

impl LogMark {
    /// How many events the log held at the mark.
    pub(crate) fn len(&self) -> u64 {
        self.len
    }
}

impl EventLog {
    /// A log that keeps the newest `limit` events (and up to `limit` more between clean-
    /// ups); `0` keeps none, only the numbering, counts and digest.
    ///
    /// With `digest` off it keeps no digest either: folding each event's rendering into
    /// the digest costs about as much as the rest of a bulk transfer's simulation, and
    /// only a comparison of two runs needs it. [`EventLog::digest`] is then 0.
    pub fn bounded(limit: u64, digest: bool) -> Self {
        EventLog {
            limit: Some(limit),
            running: digest.then_some(FNV_OFFSET),
            ..EventLog::default()
        }
    }

    /// A log that keeps everything (`None`) or is [`EventLog::bounded`].
    pub fn with_limit(limit: Option<u64>, digest: bool) -> Self {
        limit.map_or_else(EventLog::default, |l| EventLog::bounded(l, digest))
    }

    pub fn push(
        &mut self,
        at: Instant,
        host: Option<HostId>,
        socket: Option<SocketId>,
        kind: EventKind,
    ) {
        let seq = self.len();
        self.counts[kind.index()] += 1;
        let event = Event {
            seq,
            at,
            host,
            socket,
            kind,
        };
        let Some(limit) = self.limit else {
            self.events.push(event);
            return;
        };
        if let Some(running) = &mut self.running {
            let mut h = Fnv(*running);
            h.add(&event);
            *running = h.0;
        }
        if limit == 0 {
            self.first = seq + 1;
            return;
        }
        if self.events.len() as u64 >= limit.saturating_mul(2) {
            let gone = self.events.len() - limit as usize;
            self.events.drain(..gone);
            self.first += gone as u64;
        }
        self.events.push(event);
    }

    /// Where the log stands now, to come back to with [`EventLog::rewind`].
    pub(crate) fn mark(&self) -> LogMark {
        LogMark {
            len: self.len(),
            counts: self.counts,
            running: self.running,
        }
    }

    /// Cuts the log back to a mark taken earlier (rewinding to a checkpoint). Events a
    /// bounded log had already let go stay gone; the numbering, counts and digest are
    /// exactly the mark's.
    pub(crate) fn rewind(&mut self, mark: &LogMark) {
        let keep = mark.len.saturating_sub(self.first);
        self.events
            .truncate(usize::try_from(keep).unwrap_or(usize::MAX));
        self.first = self.first.min(mark.len);
        self.counts = mark.counts;
        self.running = mark.running;
    }

    /// The events kept, oldest first: every event, or for a bounded log the newest ones
    /// (the first of them is numbered [`EventLog::first_kept`]).
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Events numbered `seq` and later: what a viewer has not seen yet. From a bounded
    /// log, only those still kept: a viewer that fell behind gets the oldest kept onward.
    pub fn since(&self, seq: u64) -> &[Event] {
        let start = usize::try_from(seq.saturating_sub(self.first))
            .unwrap_or(usize::MAX)
            .min(self.events.len());
        &self.events[start..]
    }

    /// How many events happened, kept or not: the number the next event gets.
    pub fn len(&self) -> u64 {
        self.first + self.events.len() as u64
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The newest event, if kept (a log bounded to 0 keeps none).
    pub fn last(&self) -> Option<&Event> {
        self.events.last()
    }

    /// The number of the oldest event kept; events before it were let go.
    pub fn first_kept(&self) -> u64 {
        self.first
    }

    /// The bound, if any: see [`EventLog::bounded`].
    pub fn limit(&self) -> Option<u64> {
        self.limit
    }

    /// How many events of the kind named `name` ([`EventKind::name`]) ever happened,
    /// kept or not.
    pub fn count(&self, name: &str) -> u64 {
        EventKind::NAMES
            .iter()
            .position(|n| *n == name)
            .map_or(0, |i| self.counts[i])
    }

    /// Every kind's count, in [`EventKind::NAMES`] order.
    pub fn counts(&self) -> impl Iterator<Item = (&'static str, u64)> + '_ {
        EventKind::NAMES
            .iter()
            .copied()
            .zip(self.counts.iter().copied())
    }

    /// A 64-bit FNV-1a digest of the whole log's debug rendering, one line per event:
    /// equal logs, equal digests, on every target, which is what the determinism tests
    /// compare. A bounded log's digest covers every event, including those let go; 0 for
    /// a bounded log made without one.
    pub fn digest(&self) -> u64 {
        if self.limit.is_some() {
            return self.running.unwrap_or(0);
        }
        let mut h = Fnv(FNV_OFFSET);
        for e in &self.events {
            h.add(e);
        }
        h.0
    }
}

/// A count per kind of event, by [`EventKind::index`]. A newtype because serde's own
/// impls stop at arrays of 32, and there are more kinds than that: it reads and writes a
/// plain list (a shorter one, from before kinds were added, is padded with zeros).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Counts([u64; KIND_COUNT]);

impl Default for Counts {
    fn default() -> Self {
        Counts([0; KIND_COUNT])
    }
}

impl std::ops::Index<usize> for Counts {
    type Output = u64;
    fn index(&self, i: usize) -> &u64 {
        &self.0[i]
    }
}

impl std::ops::IndexMut<usize> for Counts {
    fn index_mut(&mut self, i: usize) -> &mut u64 {
        &mut self.0[i]
    }
}

impl Counts {
    fn iter(&self) -> std::slice::Iter<'_, u64> {
        self.0.iter()
    }
}

impl Serialize for Counts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter())
    }
}

impl<'de> Deserialize<'de> for Counts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let list = Vec::<u64>::deserialize(d)?;
        let mut c = Counts::default();
        for (slot, v) in c.0.iter_mut().zip(list) {
            *slot = v;
        }
        Ok(c)
    }
}
