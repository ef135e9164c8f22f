//! Relative sequence numbers, as Wireshark shows them by default: each side's sequence
//! numbers counted from its own first one (its ISN, RFC 9293 §3.4), and its ACKs from the
//! peer's, so a handshake reads `Seq=0`, `Seq=0 Ack=1`, `Seq=1 Ack=1`.
//!
//! Two sources: the capture ([`bases_of`], through [`super::Capture::seq_ack`]), and the
//! log's packet summaries ([`SeqBases`]), for the ladder and the log, which show packets
//! from the log rather than the capture.

use super::{Capture, Row};
use crate::log::{EventKind, EventLog, PacketSummary};
use crate::wire::TcpFlags;
use std::collections::BTreeMap;
use std::net::Ipv4Addr;

/// What to subtract from row's (seq, ack) to make them relative: its sender's first
/// sequence number and its receiver's; 0 (numbers stay absolute) where not captured.
pub(super) fn bases_of(capture: &Capture, row: &Row) -> (u32, u32) {
    let Some(stream) = row.stream.and_then(|s| capture.stream(s)) else {
        return (0, 0);
    };
    let own = usize::from(!row.from_client);
    (
        stream.isn[own].unwrap_or(0),
        stream.isn[1 - own].unwrap_or(0),
    )
}

/// One direction of a conversation: source address and port, destination address and port.
type Direction = (Ipv4Addr, u16, Ipv4Addr, u16);

/// The base of each direction's sequence numbers, learnt from the packets the log saw
/// sent: a SYN sets its sender's base (and a new connection's SYN forgets the old peer's),
/// otherwise the first sequence number seen counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeqBases {
    base: BTreeMap<Direction, u32>,
}

impl SeqBases {
    /// The bases as of the end of `log`.
    pub fn from_log(log: &EventLog) -> SeqBases {
        let mut b = SeqBases::default();
        for e in log.events() {
            if let EventKind::PacketSent { summary, .. } = &e.kind {
                b.learn(summary);
            }
        }
        b
    }

    /// Takes one sent packet into account.
    pub fn learn(&mut self, s: &PacketSummary) {
        let (Some(dir), Some(seq)) = (direction(s), s.seq) else {
            return;
        };
        let flags = TcpFlags(s.tcp_flags);
        if flags.contains(TcpFlags::SYN) {
            if !flags.contains(TcpFlags::ACK) {
                // A new connection on these ports: the peer's old base no longer holds.
                self.base.remove(&(dir.2, dir.3, dir.0, dir.1));
            }
            self.base.insert(dir, seq);
        } else {
            self.base.entry(dir).or_insert(seq);
        }
    }

    /// The packet's (seq, ack) relative to its connection's bases; each stays absolute
    /// when its base is unknown (the log forgot the packet that set it).
    pub fn relative(&self, s: &PacketSummary) -> Option<(u32, Option<u32>)> {
        let dir = direction(s)?;
        let seq = s.seq?;
        let own = self.base.get(&dir).copied();
        let peer = self.base.get(&(dir.2, dir.3, dir.0, dir.1)).copied();
        let rel_seq = own.map_or(seq, |b| seq.wrapping_sub(b));
        let ack = match (s.ack, TcpFlags(s.tcp_flags).contains(TcpFlags::ACK)) {
            (Some(a), true) => Some(peer.map_or(a, |b| a.wrapping_sub(b))),
            _ => None,
        };
        Some((rel_seq, ack))
    }
}

fn direction(s: &PacketSummary) -> Option<Direction> {
    Some((s.src, s.src_port?, s.dst, s.dst_port?))
}
