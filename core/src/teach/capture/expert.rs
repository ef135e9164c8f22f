//! Expert analysis of TCP conversations: the marks Wireshark puts on segments
//! (retransmission, duplicate ACK, out-of-order, zero window, window full, keep-alive,
//! window update), computed in one pass over the capture in order.
//!
//! Each stream keeps, per direction, the sequence space already sent (as ranges relative
//! to that side's first sequence number), the last ACK and window it sent, and how many
//! duplicates of that ACK followed. The rules follow Wireshark's `tcp_analyze_sequence_number`
//! in spirit (read, not copied), simplified where the simulator cannot produce the case:
//! - retransmission: data (or SYN/FIN) overlapping sequence space this side already sent;
//!   "fast" when the peer had just sent at least two duplicate ACKs asking for it
//!   (RFC 5681 §3.2; within 20 ms, Wireshark's rule, else the timer sent it);
//! - out-of-order: data starting below the highest byte sent that was never sent before;
//! - duplicate ACK: no data, no SYN/FIN/RST, the same ACK and (non-zero) window as this side's last
//!   segment (RFC 5681 §2, "duplicate acknowledgment");
//! - zero window: window 0 on a segment without SYN/FIN/RST (RFC 9293 §3.8.6.1);
//! - window full: data ending exactly at the right edge the peer last advertised;
//! - keep-alive: at most one byte at SND.NXT − 1 (RFC 9293 §3.8.4);
//! - zero window probe: one byte at SND.NXT while the peer's window is zero;
//! - window update: no data, the same ACK, a different window.

use super::{Row, Stream};
use crate::lang::Lang;
use crate::wire::{TcpFlags, TcpRepr};

/// One expert mark on a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// `fast`: after at least two duplicate ACKs for this sequence number.
    Retransmission {
        fast: bool,
    },
    /// Duplicate number `n` of the ACK first sent in frame `of`.
    DuplicateAck {
        of: u32,
        n: u32,
    },
    OutOfOrder,
    ZeroWindow,
    /// One byte at the next sequence number while the peer's window is zero
    /// (RFC 9293 §3.8.6.1).
    ZeroWindowProbe,
    WindowFull,
    KeepAlive,
    WindowUpdate,
}

impl Mark {
    /// The bracketed prefix of the Info column, in Wireshark's words (always English, as
    /// in the tool people will meet).
    pub fn tag(self) -> String {
        match self {
            Mark::Retransmission { fast: true } => "TCP Fast Retransmission".into(),
            Mark::Retransmission { fast: false } => "TCP Retransmission".into(),
            Mark::DuplicateAck { of, n } => format!("TCP Dup ACK {of}#{n}"),
            Mark::OutOfOrder => "TCP Out-Of-Order".into(),
            Mark::ZeroWindow => "TCP ZeroWindow".into(),
            Mark::ZeroWindowProbe => "TCP ZeroWindowProbe".into(),
            Mark::WindowFull => "TCP Window Full".into(),
            Mark::KeepAlive => "TCP Keep-Alive".into(),
            Mark::WindowUpdate => "TCP Window Update".into(),
        }
    }

    /// What the mark means, in the reader's language.
    pub fn label(self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::En, Mark::DuplicateAck { n, .. }) => format!("duplicate ACK #{n}"),
            (Lang::Ko, Mark::DuplicateAck { n, .. }) => format!("중복 ACK #{n}"),
            (Lang::En, m) => m.name().replace('_', " "),
            (Lang::Ko, Mark::Retransmission { fast: true }) => "빠른 재전송".into(),
            (Lang::Ko, Mark::Retransmission { fast: false }) => "재전송".into(),
            (Lang::Ko, Mark::OutOfOrder) => "순서 어긋남".into(),
            (Lang::Ko, Mark::ZeroWindow) => "제로 윈도".into(),
            (Lang::Ko, Mark::ZeroWindowProbe) => "제로 윈도 탐색".into(),
            (Lang::Ko, Mark::WindowFull) => "윈도 가득 참".into(),
            (Lang::Ko, Mark::KeepAlive) => "킵얼라이브".into(),
            (Lang::Ko, Mark::WindowUpdate) => "윈도 업데이트".into(),
        }
    }

    /// The name of its `tcp.analysis.*` field, also the page's CSS class.
    pub fn name(self) -> &'static str {
        match self {
            Mark::Retransmission { fast: true } => "fast_retransmission",
            Mark::Retransmission { fast: false } => "retransmission",
            Mark::DuplicateAck { .. } => "duplicate_ack",
            Mark::OutOfOrder => "out_of_order",
            Mark::ZeroWindow => "zero_window",
            Mark::ZeroWindowProbe => "zero_window_probe",
            Mark::WindowFull => "window_full",
            Mark::KeepAlive => "keep_alive",
            Mark::WindowUpdate => "window_update",
        }
    }

    /// Whether `tcp.analysis.<field>` matches this mark (a fast retransmission is a
    /// retransmission too, as in Wireshark).
    pub fn is(self, field: &str) -> bool {
        field == self.name()
            || (field == "retransmission" && matches!(self, Mark::Retransmission { .. }))
    }

    /// A warning (something went wrong) rather than a note.
    pub fn is_warning(self) -> bool {
        !matches!(
            self,
            Mark::WindowUpdate | Mark::KeepAlive | Mark::ZeroWindowProbe
        )
    }
}

/// What one direction of a stream has done so far.
#[derive(Debug, Default)]
struct Side {
    /// The first sequence number it sent (its ISN when the SYN was seen).
    base: Option<u32>,
    /// The end of the highest sequence space sent, relative to `base`.
    next: u32,
    /// Sequence space sent, relative to `base`, merged and sorted.
    sent: Vec<(u32, u32)>,
    last_ack: Option<u32>,
    last_win: u16,
    /// Frame number of the segment whose ACK the duplicates repeat.
    ack_frame: u32,
    dups: u32,
    /// When it sent its last duplicate ACK, in µs of virtual time.
    dup_at: u64,
    /// Window scale shift from its SYN.
    scale: Option<u8>,
}

impl Side {
    fn overlaps(&self, from: u32, to: u32) -> bool {
        self.sent.iter().rev().any(|&(a, b)| a < to && from < b)
    }

    fn add(&mut self, from: u32, to: u32) {
        self.next = self.next.max(to);
        // The usual case, in-order data: it extends or follows the last range.
        match self.sent.last_mut() {
            Some(last) if from >= last.0 && from <= last.1 => {
                last.1 = last.1.max(to);
                return;
            }
            Some(last) if from > last.1 => {
                self.sent.push((from, to));
                return;
            }
            None => {
                self.sent.push((from, to));
                return;
            }
            _ => {}
        }
        self.sent.push((from, to));
        self.sent.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(self.sent.len());
        for &(a, b) in &self.sent {
            match merged.last_mut() {
                Some(last) if a <= last.1 => last.1 = last.1.max(b),
                _ => merged.push((a, b)),
            }
        }
        self.sent = merged;
        self.next = self.next.max(to);
    }
}

/// Marks every TCP row of `rows`, stream by stream, in capture order.
pub(super) fn analyse(rows: &mut [Row], streams: &[Stream]) {
    for stream in streams {
        let mut sides = [Side::default(), Side::default()];
        for &i in &stream.rows {
            let Some(row) = rows.get_mut(i as usize) else {
                continue;
            };
            let dir = usize::from(!row.from_client);
            let Some(t) = row.tcp() else { continue };
            let (own, peer) = match dir {
                0 => split(&mut sides),
                _ => {
                    let (a, b) = split(&mut sides);
                    (b, a)
                }
            };
            let marks = segment(own, peer, t, (row.no, row.at.micros()));
            row.marks = marks;
        }
    }
}

fn split(sides: &mut [Side; 2]) -> (&mut Side, &mut Side) {
    let (a, b) = sides.split_at_mut(1);
    (&mut a[0], &mut b[0])
}

/// A retransmission this soon after the second duplicate ACK is a fast one (Wireshark's
/// threshold: anything later is the retransmission timer's).
const FAST_WITHIN_MICROS: u64 = 20_000;

/// The marks of one segment sent by `own` as frame `no` at `at` µs, updating `own`.
fn segment(own: &mut Side, peer: &Side, t: &TcpRepr, (no, at): (u32, u64)) -> Vec<Mark> {
    let mut marks = Vec::new();
    let f = t.flags;
    let control =
        f.contains(TcpFlags::SYN) || f.contains(TcpFlags::FIN) || f.contains(TcpFlags::RST);
    if f.contains(TcpFlags::SYN) {
        own.scale = t.options.window_scale;
    }
    let base = *own.base.get_or_insert(t.seq.0);
    let rel = t.seq.0.wrapping_sub(base);
    let len = t.segment_len();
    let payload = t.payload.len() as u32;
    let keep_alive = payload <= 1 && !control && own.next > 0 && rel == own.next.wrapping_sub(1);
    let probe = payload == 1 && !control && rel == own.next && peer.last_win == 0;
    if keep_alive {
        marks.push(Mark::KeepAlive);
    } else if probe {
        marks.push(Mark::ZeroWindowProbe);
        own.add(rel, rel.saturating_add(1));
    } else if len > 0 {
        let end = rel.saturating_add(len);
        if rel < own.next {
            if own.overlaps(rel, end) {
                let fast = peer.dups >= 2
                    && peer.last_ack == Some(t.seq.0)
                    && at.saturating_sub(peer.dup_at) < FAST_WITHIN_MICROS;
                marks.push(Mark::Retransmission { fast });
            } else {
                marks.push(Mark::OutOfOrder);
            }
        }
        own.add(rel, end);
    }
    if t.window == 0 && !control {
        marks.push(Mark::ZeroWindow);
    }
    if payload > 0 && window_full(peer, own.scale.is_some(), t, len) {
        marks.push(Mark::WindowFull);
    }
    if f.contains(TcpFlags::ACK) {
        let same_ack = own.last_ack == Some(t.ack.0);
        // Wireshark's rules: a duplicate keeps a non-zero window; an update opens one.
        if same_ack && len == 0 && !control && !keep_alive && t.window != 0 {
            if t.window == own.last_win {
                own.dups += 1;
                own.dup_at = at;
                marks.push(Mark::DuplicateAck {
                    of: own.ack_frame,
                    n: own.dups,
                });
            } else {
                marks.push(Mark::WindowUpdate);
                own.dups = 0;
                own.ack_frame = no;
            }
        } else if !same_ack {
            own.dups = 0;
            own.ack_frame = no;
        }
        own.last_ack = Some(t.ack.0);
        own.last_win = t.window;
    }
    marks
}

/// Data that ends exactly at the right edge of the window the peer last advertised
/// (SND.UNA + SND.WND, with the peer's scale when both SYNs carried one).
fn window_full(peer: &Side, own_scaled: bool, t: &TcpRepr, len: u32) -> bool {
    let Some(ack) = peer.last_ack else {
        return false;
    };
    // RFC 7323 §2.2: windows are scaled only when both SYNs carried the option.
    let shift = match (peer.scale, own_scaled) {
        (Some(s), true) => u32::from(s.min(14)),
        _ => 0,
    };
    let edge = ack.wrapping_add(u32::from(peer.last_win) << shift);
    t.seq.0.wrapping_add(len) == edge
}
