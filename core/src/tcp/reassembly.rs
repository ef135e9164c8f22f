//! The receive side's buffer: bytes ready for the application, and segments that arrived
//! early, held until the gap before them fills (RFC 9293 §3.10.7.4, seventh step: "segments
//! with higher beginning sequence numbers SHOULD be held for later processing").

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Positions are stream offsets (bytes since the first data byte, as u64), so wrap-around
/// of 32-bit sequence numbers never reaches this structure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecvBuffer {
    /// In-order bytes the application has not read yet.
    pub ready: super::ByteQueue,
    /// The stream offset of the next byte expected (RCV.NXT as an offset).
    pub next: u64,
    /// Early segments by starting offset; never overlapping, never below `next`.
    pub early: BTreeMap<u64, Vec<u8>>,
    pub capacity: u32,
}

impl RecvBuffer {
    pub fn new(capacity: u32) -> Self {
        RecvBuffer {
            ready: super::ByteQueue::new(),
            next: 0,
            early: BTreeMap::new(),
            capacity,
        }
    }

    /// The receive window: the space left for in-order data. Early segments sit inside the
    /// window already offered, so they do not shrink it (RFC 9293 §3.8.6.2.1: the right
    /// edge must not move left).
    pub fn window(&self) -> u32 {
        self.capacity.saturating_sub(self.ready.len() as u32)
    }

    pub fn early_bytes(&self) -> u32 {
        self.early.values().map(|v| v.len() as u32).sum()
    }

    /// Takes in `data` starting at stream offset `at`, already trimmed to the window by the
    /// caller. Returns how many bytes became ready in order (0 for an early or duplicate
    /// segment).
    pub fn insert(&mut self, at: u64, data: &[u8]) -> u32 {
        let end = at + data.len() as u64;
        if end <= self.next || data.is_empty() {
            return 0;
        }
        // Drop what was already received, then keep only the bytes no early segment holds.
        let skip = self.next.saturating_sub(at);
        let (at, data) = (at + skip, &data[skip as usize..]);
        if at > self.next {
            self.store_early(at, data);
            return 0;
        }
        let before = self.next;
        self.ready.extend(data);
        self.next = at + data.len() as u64;
        // Pull in every early segment that now touches the in-order edge.
        while let Some((&start, _)) = self.early.first_key_value() {
            if start > self.next {
                break;
            }
            let seg = self.early.pop_first().map(|(_, v)| v).unwrap_or_default();
            let seg_end = start + seg.len() as u64;
            if seg_end > self.next {
                let from = (self.next - start) as usize;
                self.ready.extend(&seg[from..]);
                self.next = seg_end;
            }
        }
        (self.next - before) as u32
    }

    /// Stores bytes `[at, at+len)` that are ahead of `next`, clipped against what is already
    /// held, so the map never holds a byte twice.
    fn store_early(&mut self, at: u64, data: &[u8]) {
        let mut pos = at;
        let end = at + data.len() as u64;
        while pos < end {
            // The held segment that covers `pos`, if any, pushes `pos` past itself.
            if let Some((&s, v)) = self.early.range(..=pos).next_back() {
                let s_end = s + v.len() as u64;
                if s_end > pos {
                    pos = s_end;
                    continue;
                }
            }
            // Otherwise store up to the next held segment.
            let stop = self
                .early
                .range(pos..)
                .next()
                .map_or(end, |(&s, _)| s.min(end));
            let piece = &data[(pos - at) as usize..(stop - at) as usize];
            self.early.insert(pos, piece.to_vec());
            pos = stop;
        }
    }

    /// Reads up to `max` bytes for the application.
    pub fn read(&mut self, max: u32) -> Vec<u8> {
        // Copied chunk by chunk, not byte by byte: this is every byte a bulk transfer
        // delivers.
        self.ready.take_front(max as usize)
    }

    /// The ranges held early, as (start, end) offsets: the SACK blocks of RFC 2018 and what
    /// the UI draws as holes.
    pub fn early_ranges(&self) -> Vec<(u64, u64)> {
        let mut out: Vec<(u64, u64)> = Vec::new();
        for (&s, v) in &self.early {
            let e = s + v.len() as u64;
            match out.last_mut() {
                Some(last) if last.1 == s => last.1 = e,
                _ => out.push((s, e)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn in_order_data_is_ready_at_once() {
        let mut b = RecvBuffer::new(100);
        assert_eq!(b.insert(0, b"hello"), 5);
        assert_eq!(b.window(), 95);
        assert_eq!(b.read(3), b"hel");
        assert_eq!(b.read(10), b"lo");
        assert_eq!(b.window(), 100);
    }

    #[test]
    fn a_gap_holds_later_segments_until_it_fills() {
        let mut b = RecvBuffer::new(100);
        assert_eq!(b.insert(5, b"world"), 0);
        assert_eq!(b.insert(12, b"!!"), 0);
        assert_eq!(b.early_ranges(), vec![(5, 10), (12, 14)]);
        assert_eq!(b.insert(0, b"hello"), 10);
        assert_eq!(b.insert(10, b"??"), 4);
        assert_eq!(b.read(100), b"helloworld??!!");
        assert!(b.early.is_empty());
    }

    #[test]
    fn overlaps_and_duplicates_keep_the_first_copy_of_each_byte() {
        let mut b = RecvBuffer::new(100);
        b.insert(4, b"EFGH");
        b.insert(2, b"cdefghij");
        assert_eq!(b.early_ranges(), vec![(2, 10)]);
        assert_eq!(b.insert(0, b"ab"), 10);
        assert_eq!(b.insert(0, b"abcdef"), 0, "a full duplicate adds nothing");
        assert_eq!(b.insert(8, b"IJKL"), 2, "only the new tail counts");
        assert_eq!(b.read(100), b"abcdEFGHijKL");
    }
}
