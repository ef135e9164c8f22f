//! The capture as a packet tool shows it: what a Wireshark user looks for in a run.
//!
//! [`Capture::of`] decodes every packet the world put on the wire once, numbers TCP
//! conversations (`tcp.stream`), marks what Wireshark's expert analysis would mark
//! (`expert`), and keeps what the user's hands did to each packet (from the log), so the
//! page's packet list, its display filter (`filter`), Follow TCP Stream (`follow`),
//! relative sequence numbers (`seq`) and the pcapng export (`export`) all read the same
//! rows. Everything here is a pure function of the capture and the log: deterministic,
//! and the same natively and in WebAssembly.

pub mod expert;
mod export;
pub mod filter;
mod filter_error;
mod filter_eval;
#[cfg(test)]
mod filter_tests;
pub mod follow;
mod info;
#[cfg(test)]
mod pcapng_tests;
pub mod seq;
#[cfg(test)]
mod tests;

pub use expert::Mark;
pub use export::{notes, pcapng, Note};
pub use filter::{Filter, FilterError};
pub use follow::{escape_text, follow, Chunk};
pub use seq::SeqBases;

use crate::ids::PacketId;
use crate::time::Instant;
use crate::wire::{IpPacket, TcpFlags, Transport};
use crate::world::{Captured, World};
use std::collections::BTreeMap;
use std::net::Ipv4Addr;

/// One packet of the list: its number, time, bytes and what they say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// `frame.number`: 1 for the first packet of the capture.
    pub no: u32,
    pub id: PacketId,
    pub at: Instant,
    /// `frame.len`: bytes of the datagram.
    pub len: u32,
    /// The datagram decoded; `None` when its bytes do not parse (a corrupted copy).
    pub packet: Option<IpPacket>,
    /// `tcp.stream`: the TCP conversation it belongs to, numbered from 0 in order of
    /// first appearance.
    pub stream: Option<u32>,
    /// Sent by the side that opened the conversation (its first SYN, else its first
    /// packet): Follow TCP Stream colours the two sides by it.
    pub from_client: bool,
    /// What Wireshark's expert analysis says of it.
    pub marks: Vec<Mark>,
    /// The raw bytes, for `contains` and the export: the datagram, or the Ethernet
    /// frame in a world with a topology.
    pub bytes: Vec<u8>,
    /// `bytes` is an Ethernet frame.
    pub ethernet: bool,
}

impl Row {
    /// The TCP segment it carries.
    pub fn tcp(&self) -> Option<&crate::wire::TcpRepr> {
        match &self.packet.as_ref()?.transport {
            Transport::Tcp(t) => Some(t),
            _ => None,
        }
    }

    /// The protocol column: TCP, UDP, ICMP, or IPv4 for anything else.
    pub fn protocol(&self) -> &'static str {
        match self.packet.as_ref().map(|p| &p.transport) {
            Some(Transport::Tcp(_)) => "TCP",
            Some(Transport::Udp(_)) => "UDP",
            Some(Transport::Icmp(_)) => "ICMP",
            Some(Transport::Other(_)) => "IPv4",
            None if self.is_arp() => "ARP",
            None => "?",
        }
    }

    /// An Ethernet frame carrying ARP (RFC 826), not IPv4.
    pub fn is_arp(&self) -> bool {
        self.ethernet
            && matches!(
                crate::wire::EthernetRepr::parse(&self.bytes),
                Ok((eth, _)) if eth.ethertype == crate::wire::EtherType::Arp
            )
    }

    pub fn src(&self) -> Option<Ipv4Addr> {
        self.packet.as_ref().map(|p| p.ip.src)
    }

    pub fn dst(&self) -> Option<Ipv4Addr> {
        self.packet.as_ref().map(|p| p.ip.dst)
    }
}

/// One TCP conversation: its two endpoints (client first) and its packets' rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stream {
    pub client: (Ipv4Addr, u16),
    pub server: (Ipv4Addr, u16),
    /// Indexes into [`Capture::rows`], in capture order.
    pub rows: Vec<u32>,
    /// Each side's first sequence number (its ISN when its SYN was captured): the base of
    /// relative sequence numbers, client then server.
    pub isn: [Option<u32>; 2],
    /// Each side's window scale, from its SYN (RFC 7323 §2): in force only when both
    /// SYNs carried one. Client then server.
    pub ws: [Option<u8>; 2],
}

impl Stream {
    /// The shift that applies to the windows `from_client`'s side sends, once both SYNs
    /// agreed to scale.
    pub fn shift(&self, from_client: bool) -> Option<u8> {
        let (c, s) = (self.ws[0]?, self.ws[1]?);
        Some(if from_client { c } else { s })
    }
}

/// The whole capture, decoded, numbered and analysed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Capture {
    pub rows: Vec<Row>,
    pub streams: Vec<Stream>,
    /// What the user's hands (and the network's faults) did to packets, by packet id.
    pub notes: BTreeMap<PacketId, Vec<Note>>,
}

impl Capture {
    /// The world's capture, decoded and analysed, with the log's notes on each packet.
    pub fn of(world: &World) -> Capture {
        Capture::from_parts(world.capture(), notes(world.log()))
    }

    /// Decodes `captured` in order and analyses it (streams, then expert marks).
    pub fn from_parts(captured: &[Captured], notes: BTreeMap<PacketId, Vec<Note>>) -> Capture {
        let rows: Vec<Row> = captured.iter().enumerate().map(decode).collect();
        let mut c = Capture {
            rows,
            streams: Vec::new(),
            notes,
        };
        c.analyse();
        c
    }

    /// Brings the capture up to date with `world`, decoding only the packets added since
    /// (a running capture only grows); a capture that changed otherwise (a step back, a
    /// branch) is decoded again. The analysis runs again over all rows, which is cheap
    /// next to decoding: a long run pays for each packet's bytes once.
    pub fn update(&mut self, world: &World) {
        let captured = world.capture();
        let same_past = self.rows.len() <= captured.len()
            && self.rows.last().is_none_or(|r| {
                captured
                    .get(r.no as usize - 1)
                    .is_some_and(|c| c.id == r.id && c.at == r.at)
            });
        if !same_past {
            *self = Capture::of(world);
            return;
        }
        let start = self.rows.len();
        let new = captured[start..]
            .iter()
            .enumerate()
            .map(|(k, c)| decode((start + k, c)));
        self.rows.extend(new);
        self.notes = notes(world.log());
        self.analyse();
    }

    /// Numbers the streams and marks the segments, from scratch.
    fn analyse(&mut self) {
        for r in &mut self.rows {
            r.stream = None;
            r.from_client = true;
            r.marks.clear();
        }
        self.streams = number_streams(&mut self.rows);
        expert::analyse(&mut self.rows, &self.streams);
    }

    /// The Info column of row `i`, as Wireshark writes it, with sequence numbers relative
    /// to each side's first one when `relative`.
    pub fn info(&self, i: usize, relative: bool) -> String {
        let Some(row) = self.rows.get(i) else {
            return String::new();
        };
        let base = match relative {
            true => seq::bases_of(self, row),
            false => (0, 0),
        };
        info::info(row, base, self.shift_of(row), true)
    }

    /// [`Capture::info`] without the expert marks in front, for a page that shows the
    /// marks apart (coloured, in the reader's language).
    pub fn info_body(&self, i: usize, relative: bool) -> String {
        let Some(row) = self.rows.get(i) else {
            return String::new();
        };
        let base = match relative {
            true => seq::bases_of(self, row),
            false => (0, 0),
        };
        info::info(row, base, self.shift_of(row), false)
    }

    /// The window shift of `row`'s sender, when its stream scales windows: Wireshark's
    /// "calculated window size", what `Win=` shows.
    fn shift_of(&self, row: &Row) -> Option<u8> {
        let stream = self.stream(row.stream?)?;
        stream.shift(row.from_client)
    }

    /// Row `i`'s (seq, ack) as shown: relative to each side's ISN when `relative`.
    pub fn seq_ack(&self, i: usize, relative: bool) -> Option<(u32, u32)> {
        let row = self.rows.get(i)?;
        let t = row.tcp()?;
        let (own, peer) = match relative {
            true => seq::bases_of(self, row),
            false => (0, 0),
        };
        Some((t.seq.0.wrapping_sub(own), t.ack.0.wrapping_sub(peer)))
    }

    /// Rows of the TCP stream `stream`.
    pub fn stream(&self, stream: u32) -> Option<&Stream> {
        self.streams.get(stream as usize)
    }

    /// The row of packet `id`.
    pub fn row_of(&self, id: PacketId) -> Option<usize> {
        self.rows.binary_search_by_key(&id, |r| r.id).ok()
    }
}

/// One captured packet as a row (`i` counts from 0), not yet analysed.
fn decode((i, c): (usize, &Captured)) -> Row {
    Row {
        no: u32::try_from(i + 1).unwrap_or(u32::MAX),
        id: c.id,
        at: c.at,
        len: u32::try_from(c.bytes.len()).unwrap_or(u32::MAX),
        packet: c.datagram().and_then(|d| IpPacket::parse(d).ok()),
        stream: None,
        from_client: true,
        marks: Vec::new(),
        bytes: c.bytes.clone(),
        ethernet: c.ethernet,
    }
}

/// The canonical key of a conversation: its two endpoints, lower first.
type Key = ((Ipv4Addr, u16), (Ipv4Addr, u16));

fn key_of(a: (Ipv4Addr, u16), b: (Ipv4Addr, u16)) -> Key {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// Gives every TCP row its stream: one per 4-tuple, and a new one when a SYN with a new
/// ISN reuses the ports of a finished one (as Wireshark's "port numbers reused").
fn number_streams(rows: &mut [Row]) -> Vec<Stream> {
    let mut streams: Vec<Stream> = Vec::new();
    // Per key: the current stream and its client's ISN, if its SYN was seen.
    let mut open: BTreeMap<Key, (u32, Option<u32>)> = BTreeMap::new();
    for (i, row) in rows.iter_mut().enumerate() {
        let (Some(p), Some(t)) = (row.packet.as_ref(), row.tcp()) else {
            continue;
        };
        let (src, dst) = ((p.ip.src, t.src_port), (p.ip.dst, t.dst_port));
        let seq = t.seq.0;
        let any_syn = t.flags.contains(TcpFlags::SYN);
        let offered = t.options.window_scale.map(|w| w.min(14));
        let syn = any_syn && !t.flags.contains(TcpFlags::ACK);
        let key = key_of(src, dst);
        let reused = match open.get(&key) {
            Some((_, Some(isn))) => syn && *isn != seq,
            Some((_, None)) => false,
            None => true,
        };
        if reused {
            let index = streams.len() as u32;
            let (client, server) = (src, dst);
            streams.push(Stream {
                client,
                server,
                rows: Vec::new(),
                isn: [None, None],
                ws: [None, None],
            });
            open.insert(key, (index, syn.then_some(seq)));
        } else if let Some((_, isn @ None)) = open.get_mut(&key) {
            if syn {
                *isn = Some(seq);
            }
        }
        let index = open.get(&key).map(|(s, _)| *s).unwrap_or(0);
        if let Some(s) = streams.get_mut(index as usize) {
            s.rows.push(i as u32);
            row.from_client = s.client == src;
            s.isn[usize::from(!row.from_client)].get_or_insert(seq);
            if any_syn {
                s.ws[usize::from(!row.from_client)] = offered;
            }
        }
        row.stream = Some(index);
    }
    streams
}
