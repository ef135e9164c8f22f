//! Selective acknowledgments: the receiver's SACK blocks (RFC 2018 §4) and the sender's
//! scoreboard with the loss-recovery helpers of RFC 6675 (IsLost, SetPipe, NextSeg).
//!
//! Positions are stream offsets (u64, bytes since the first data byte), as in
//! [`super::RecvBuffer`], so 32-bit wrap-around never reaches this module; the connection
//! converts to and from sequence numbers at the wire.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A half-open range of stream offsets, [start, end).
pub type Range = (u64, u64);

/// RFC 6675 §2: DupThresh, "the number of duplicate acknowledgments required to trigger a
/// fast retransmission", 3.
pub const DUP_THRESH: u64 = 3;

/// RFC 2018 §3: a SACK option carries at most 4 blocks (3 beside timestamps; the wire
/// drops what does not fit, see `TcpOptions::sack_blocks_that_fit`).
pub const MAX_BLOCKS: usize = 4;

/// The receiver's memory of the blocks it reported, most recent first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SackReporter {
    recent: Vec<Range>,
}

impl SackReporter {
    /// The blocks for the ACK that answers a segment covering `seg`, given the ranges
    /// held out of order (`held`, from `RecvBuffer::early_ranges`, ascending and merged)
    /// and the cumulative edge `rcv_nxt`. RFC 2018 §4:
    /// - "The first SACK block ... MUST specify the contiguous block of data containing the
    ///   segment which triggered this ACK, unless that segment advanced the
    ///   Acknowledgment Number field";
    /// - the following blocks repeat "the most recently reported SACK blocks" that are not
    ///   subsets of a block already included;
    /// - a block never reports data below RCV.NXT (it would be a D-SACK, not sent here).
    pub fn blocks(&mut self, held: &[Range], seg: Range, rcv_nxt: u64) -> Vec<Range> {
        let containing = |r: Range| held.iter().copied().find(|&(s, e)| s <= r.0 && r.0 < e);
        let mut out: Vec<Range> = Vec::with_capacity(MAX_BLOCKS);
        if seg.0 >= rcv_nxt {
            if let Some(first) = containing(seg) {
                out.push(first);
            }
        }
        for &old in &self.recent {
            if out.len() == MAX_BLOCKS {
                break;
            }
            // A block may have grown by merging with neighbours: report what holds now.
            if let Some(now) = containing(old) {
                if now.0 >= rcv_nxt && !out.contains(&now) {
                    out.push(now);
                }
            }
        }
        // Held ranges never reported yet (after a lost ACK, say) come last.
        for &r in held.iter().rev() {
            if out.len() == MAX_BLOCKS {
                break;
            }
            if r.0 >= rcv_nxt && !out.contains(&r) {
                out.push(r);
            }
        }
        self.recent.clone_from(&out);
        out
    }
}

/// The sender's scoreboard (RFC 6675 §3): which bytes above SND.UNA the receiver SACKed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scoreboard {
    /// SACKed ranges by start, merged, all above `una`.
    sacked: BTreeMap<u64, u64>,
    /// HighACK: the cumulative acknowledgment.
    pub una: u64,
}

/// What RFC 6675 §4 NextSeg() chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextSeg {
    /// Retransmit [start, start + len).
    Retransmit { start: u64, len: u64 },
    /// Rule 2: send new data, if the window and the application allow.
    NewData,
}

impl Scoreboard {
    /// An ACK: the cumulative `una` and the SACK blocks (as offsets). Blocks at or below
    /// `una` are ignored (RFC 2018 §4: a block never covers acknowledged data, except a
    /// D-SACK, which this scoreboard does not use); bad blocks (start >= end) too.
    pub fn update(&mut self, una: u64, blocks: &[Range]) {
        if una > self.una {
            self.una = una;
        }
        for &(s, e) in blocks {
            let s = s.max(self.una);
            if s < e {
                self.insert(s, e);
            }
        }
        // Forget what the cumulative ACK now covers.
        let below: Vec<u64> = self.sacked.range(..self.una).map(|(&s, _)| s).collect();
        for s in below {
            if let Some(e) = self.sacked.remove(&s) {
                if e > self.una {
                    self.sacked.insert(self.una, e);
                }
            }
        }
    }

    fn insert(&mut self, mut s: u64, mut e: u64) {
        // Merge with every range that touches [s, e).
        let touching: Vec<Range> = self
            .sacked
            .range(..=e)
            .filter(|&(_, &re)| re >= s)
            .map(|(&rs, &re)| (rs, re))
            .collect();
        for (rs, re) in touching {
            self.sacked.remove(&rs);
            s = s.min(rs);
            e = e.max(re);
        }
        self.sacked.insert(s, e);
    }

    /// The SACKed ranges, ascending.
    pub fn ranges(&self) -> Vec<Range> {
        self.sacked.iter().map(|(&s, &e)| (s, e)).collect()
    }

    pub fn is_sacked(&self, at: u64) -> bool {
        self.sacked
            .range(..=at)
            .next_back()
            .is_some_and(|(_, &e)| at < e)
    }

    /// The end of the SACKed range holding `at`, if `at` is SACKed.
    pub fn sacked_end(&self, at: u64) -> Option<u64> {
        let (_, &e) = self.sacked.range(..=at).next_back()?;
        (at < e).then_some(e)
    }

    /// The highest SACKed offset plus one, or `una` when nothing is SACKed.
    pub fn high_sacked(&self) -> u64 {
        self.sacked.last_key_value().map_or(self.una, |(_, &e)| e)
    }

    /// RFC 6675 §4 IsLost(SeqNum): "true when either DupThresh discontiguous SACKed
    /// sequences exist above 'SeqNum' or more than (DupThresh - 1) * SMSS bytes with
    /// sequence numbers greater than 'SeqNum' have been SACKed". The discontiguous
    /// sequences are counted as separate SACKed ranges.
    pub fn is_lost(&self, at: u64, smss: u64) -> bool {
        let (mut ranges, mut bytes) = (0u64, 0u64);
        // Ranges are disjoint and sorted, so their ends are too: walk down from the top
        // while a range still holds a byte above `at`.
        for (&s, &e) in self.sacked.iter().rev() {
            if e <= at + 1 {
                break;
            }
            ranges += 1;
            bytes += e - s.max(at + 1);
        }
        ranges >= DUP_THRESH || bytes > (DUP_THRESH - 1) * smss
    }

    /// RFC 6675 §4 SetPipe(): the bytes the sender believes are in the network, between
    /// HighACK (`una`) and HighData (`high_data`): every byte not SACKed counts once if
    /// not lost and once more if at or below HighRxt (retransmitted).
    pub fn pipe(&self, high_data: u64, high_rxt: u64, smss: u64) -> u64 {
        let mut pipe = 0;
        for (start, end) in self.holes(high_data) {
            // IsLost is the same for every byte of a hole: no SACKed byte lies inside.
            if !self.is_lost(start, smss) {
                pipe += end - start;
            }
            pipe += end.min(high_rxt).saturating_sub(start);
        }
        pipe
    }

    /// The unSACKed ranges between `una` and `high_data`, ascending.
    pub fn holes(&self, high_data: u64) -> Vec<Range> {
        let mut out = Vec::new();
        let mut at = self.una;
        for (&s, &e) in &self.sacked {
            if s >= high_data {
                break;
            }
            if s > at {
                out.push((at, s));
            }
            at = at.max(e);
        }
        if at < high_data {
            out.push((at, high_data));
        }
        out
    }

    /// RFC 6675 §4 NextSeg(): which segment to send during loss recovery.
    /// Rule 1: the first unSACKed byte above HighRxt, below the highest SACKed byte, that
    /// IsLost; rule 2: new data, if `new_data` says some may go; rule 3: an unSACKed byte
    /// above HighRxt and below the highest SACKed byte, lost or not; otherwise `None`.
    /// (Rule 4's rescue retransmission is a MAY, not done.) `high_rxt` is the offset
    /// after the highest byte retransmitted in this recovery (`una` at its start).
    pub fn next_seg(
        &self,
        high_data: u64,
        high_rxt: u64,
        smss: u64,
        new_data: bool,
    ) -> Option<NextSeg> {
        let high_sacked = self.high_sacked();
        let candidates: Vec<Range> = self
            .holes(high_data.min(high_sacked))
            .into_iter()
            .filter_map(|(s, e)| {
                let s = s.max(high_rxt);
                (s < e).then_some((s, e))
            })
            .collect();
        let send = |(s, e): Range| NextSeg::Retransmit {
            start: s,
            len: (e - s).min(smss),
        };
        if let Some(&hole) = candidates.iter().find(|h| self.is_lost(h.0, smss)) {
            return Some(send(hole));
        }
        if new_data {
            return Some(NextSeg::NewData);
        }
        candidates.first().copied().map(send)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn first_block_holds_the_triggering_segment_then_the_recent_ones() {
        let mut r = SackReporter::default();
        // RCV.NXT 0; 1000..2000 arrives: one block.
        assert_eq!(r.blocks(&[(1000, 2000)], (1000, 2000), 0), [(1000, 2000)]);
        // 3000..4000 arrives: it comes first, the older block after.
        let held = [(1000, 2000), (3000, 4000)];
        assert_eq!(
            r.blocks(&held, (3000, 4000), 0),
            [(3000, 4000), (1000, 2000)]
        );
        // 5000..6000, then 2000..3000 joins the first two into one block.
        let held = [(1000, 2000), (3000, 4000), (5000, 6000)];
        assert_eq!(
            r.blocks(&held, (5000, 6000), 0),
            [(5000, 6000), (3000, 4000), (1000, 2000)]
        );
        let held = [(1000, 4000), (5000, 6000)];
        assert_eq!(
            r.blocks(&held, (2000, 3000), 0),
            [(1000, 4000), (5000, 6000)]
        );
    }

    #[test]
    fn at_most_four_blocks_and_none_below_rcv_nxt() {
        let mut r = SackReporter::default();
        let held: Vec<Range> = (1..=6).map(|i| (i * 1000, i * 1000 + 500)).collect();
        for &seg in &held {
            r.blocks(&held, seg, 0);
        }
        let out = r.blocks(&held, (6000, 6500), 0);
        assert_eq!(
            out,
            [(6000, 6500), (5000, 5500), (4000, 4500), (3000, 3500)]
        );
        // The hole at 0 fills up to 2500: the first two ranges are no longer reported,
        // and the in-order segment itself gets no block of its own.
        let held = &held[2..];
        let out = r.blocks(held, (0, 1000), 2500);
        assert_eq!(
            out,
            [(6000, 6500), (5000, 5500), (4000, 4500), (3000, 3500)]
        );
        assert!(r.blocks(&[], (3000, 7000), 7000).is_empty());
    }

    fn board(blocks: &[Range]) -> Scoreboard {
        let mut b = Scoreboard::default();
        b.update(0, blocks);
        b
    }

    #[test]
    fn scoreboard_merges_and_forgets_what_is_acked() {
        let mut b = board(&[(2000, 3000), (4000, 5000), (3000, 4000), (7000, 8000)]);
        assert_eq!(b.ranges(), [(2000, 5000), (7000, 8000)]);
        assert!(b.is_sacked(2000) && b.is_sacked(4999) && !b.is_sacked(5000));
        assert_eq!(b.sacked_end(2500), Some(5000));
        assert_eq!(b.sacked_end(5000), None);
        b.update(3000, &[(1000, 1500)]);
        assert_eq!(b.ranges(), [(3000, 5000), (7000, 8000)], "trimmed to una");
        b.update(5000, &[(6000, 6000)]);
        assert_eq!(b.ranges(), [(7000, 8000)], "empty block ignored");
    }

    #[test]
    fn is_lost_needs_three_ranges_or_more_than_two_segments_above() {
        let smss = 1000;
        // Segments 1 and 2 SACKed (2000 bytes above 0): not enough.
        assert!(!board(&[(1000, 3000)]).is_lost(0, smss));
        // Three segments, one range: 3000 bytes > 2*SMSS.
        assert!(board(&[(1000, 4000)]).is_lost(0, smss));
        // Three small discontiguous ranges (300 bytes): DupThresh sequences.
        let b = board(&[(1000, 1100), (2000, 2100), (3000, 3100)]);
        assert!(b.is_lost(0, smss));
        assert!(!b.is_lost(1500, smss), "only two ranges above 1500");
    }

    #[test]
    fn pipe_counts_unsacked_not_lost_and_retransmitted() {
        let smss = 1000;
        // Sent 0..10000; 1000..4000 SACKed; 0..1000 is lost (3000 SACKed above it).
        let b = board(&[(1000, 4000)]);
        // Holes: 0..1000 (lost), 4000..10000 (not lost): pipe 6000.
        assert_eq!(b.pipe(10_000, 0, smss), 6000);
        // After retransmitting 0..1000 (HighRxt = 1000) it counts once more.
        assert_eq!(b.pipe(10_000, 1000, smss), 7000);
    }

    #[test]
    fn next_seg_rules_in_order() {
        let smss = 1000;
        let b = board(&[(1000, 4000), (5000, 6000)]);
        // Rule 1: 0 is lost (4000 bytes SACKed above).
        assert_eq!(
            b.next_seg(8000, 0, smss, true),
            Some(NextSeg::Retransmit {
                start: 0,
                len: 1000
            })
        );
        // 0..1000 retransmitted: 4000..5000 has only 1000 SACKed above, not lost.
        assert_eq!(b.next_seg(8000, 1000, smss, true), Some(NextSeg::NewData));
        // Rule 3 without new data: the hole below the highest SACK.
        assert_eq!(
            b.next_seg(8000, 1000, smss, false),
            Some(NextSeg::Retransmit {
                start: 4000,
                len: 1000
            })
        );
        // Nothing left: every hole below the highest SACK retransmitted.
        assert_eq!(b.next_seg(8000, 6000, smss, false), None);
    }
}
