//! The event log: everything that happened, when, where, and why.
//!
//! Causes are data, not sentences, so the web app can explain each event in Korean or
//! English and filter by host, socket and kind.

use crate::endpoint::Endpoint;
use crate::errno::Errno;
use crate::ids::HostId;
use crate::ids::PacketId;
use crate::ids::SocketId;
use crate::network::PathSettings;
use crate::socket::Protocol;
use crate::time::{Duration, Instant};
use crate::wire::{IpProtocol, WireError};
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

/// One entry of the log. `seq` numbers events from 0 in the order they happened, so a
/// viewer can ask for "everything after N".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub seq: u64,
    pub at: Instant,
    pub host: Option<HostId>,
    pub socket: Option<SocketId>,
    pub kind: EventKind,
}

/// A short, typed description of a packet, enough to draw and explain it without parsing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PacketSummary {
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
    pub protocol: IpProtocol,
    pub src_port: Option<u16>,
    pub dst_port: Option<u16>,
    /// The TCP control bits, or 0 for other protocols.
    pub tcp_flags: u8,
    pub seq: Option<u32>,
    pub ack: Option<u32>,
    pub window: Option<u16>,
    /// Bytes of application payload (for ICMP, the ICMP body).
    pub payload_len: u32,
    /// Bytes of the whole IPv4 datagram.
    pub total_len: u32,
    /// The same, as one line of a packet trace.
    pub text: String,
}

/// A socket call as the user made it, with its arguments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Call {
    Socket {
        protocol: Protocol,
    },
    Bind {
        local: Endpoint,
    },
    Listen {
        backlog: u32,
    },
    Accept,
    Connect {
        remote: Endpoint,
    },
    Send {
        len: u32,
    },
    Recv {
        max: u32,
    },
    SendTo {
        len: u32,
        remote: Endpoint,
    },
    RecvFrom {
        max: u32,
    },
    Shutdown {
        how: crate::socket::Shutdown,
    },
    Close,
    GetSockName,
    GetPeerName,
    Ping {
        dst: Ipv4Addr,
    },
    /// An abortive close (SO_LINGER 0 then close): RST instead of FIN.
    Abort,
    SetReuseAddr {
        on: bool,
    },
}

/// What a successful call gave back, for the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallValue {
    None,
    Socket(SocketId),
    Bytes(u32),
    Endpoint(Endpoint),
    Accepted { socket: SocketId, remote: Endpoint },
    Received { len: u32, from: Endpoint },
}

/// Why a packet never reached a socket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DropReason {
    /// The path's loss setting rolled the dice against it.
    Loss,
    /// The user dropped it by hand.
    User,
    /// A scripted fault matched it.
    Fault { fault: u32 },
    /// The receiver's checksum check caught a corrupted packet (a bit flipped on the way).
    Corrupt { error: WireError },
    /// No host on the segment has the destination address (ARP would go unanswered).
    NoSuchHost { dst: Ipv4Addr },
    /// The destination host was removed while the packet travelled.
    HostGone,
    /// The packet reached a host it was not addressed to.
    NotForThisHost,
    /// The receiving socket's buffer was full.
    BufferFull,
    /// Nothing was bound to the port; the host answered with ICMP port unreachable.
    PortUnreachable,
    /// No TCP socket matched; the host answered with RST (or stayed silent for an RST).
    NoTcpSocket,
    /// A protocol this simulator does not carry.
    UnknownProtocol { protocol: u8 },
}

/// Which of the user's hands touched a packet in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PacketControl {
    Hold,
    Release,
    Delay { by: Duration },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EventKind {
    HostSpawned {
        name: String,
        addr: Ipv4Addr,
    },
    HostRemoved {
        name: String,
        addr: Ipv4Addr,
    },
    PathChanged {
        src: HostId,
        dst: HostId,
        settings: PathSettings,
    },
    /// A packet left `src` for `dst`, due at `arrive_at`.
    PacketSent {
        packet: PacketId,
        dst: Option<HostId>,
        arrive_at: Instant,
        summary: PacketSummary,
    },
    /// The network made a second copy (the path's duplicate setting, a fault, or the user).
    PacketDuplicated {
        packet: PacketId,
        copy: PacketId,
    },
    /// The network gave this packet extra delay, so later ones may overtake it.
    PacketReordered {
        packet: PacketId,
        extra: Duration,
    },
    /// The network flipped bit `bit` of the datagram.
    PacketCorrupted {
        packet: PacketId,
        bit: u32,
    },
    PacketControlled {
        packet: PacketId,
        control: PacketControl,
    },
    /// The packet reached its destination host and passed its checks.
    PacketDelivered {
        packet: PacketId,
    },
    PacketDropped {
        packet: PacketId,
        reason: DropReason,
    },
    UserCall {
        call: Call,
        result: Result<CallValue, Errno>,
    },
    /// A UDP datagram was queued on a socket for `recvfrom`.
    DatagramQueued {
        from: Endpoint,
        len: u32,
    },
    /// An ICMP error reached a socket; it surfaces on that socket's next call.
    SocketError {
        error: Errno,
    },
    /// A host answered a ping.
    EchoReplied {
        to: Ipv4Addr,
        ident: u16,
        seq: u16,
    },
    /// A reply to this host's ping came back.
    EchoReceived {
        from: Ipv4Addr,
        ident: u16,
        seq: u16,
    },
    /// A TCP segment arrived for a port nobody holds and the host answered RST
    /// (RFC 9293 §3.10.7.1).
    ResetSent {
        to: Endpoint,
    },
    /// A TCP connection changed state (RFC 9293 §3.3.2), with the cause and the rule of
    /// the transition table that allowed it.
    StateChanged {
        from: crate::tcp::State,
        to: crate::tcp::State,
        cause: crate::tcp::Cause,
        rule: crate::tcp::Rule,
    },
    /// Something else a TCP connection did: retransmit, time out, queue data, ...
    Tcp {
        note: crate::tcp::TcpNote,
    },
    /// A listener forked a new connection for a SYN from `remote` (RFC 9293 §3.10.7.2).
    ConnectionForked {
        listener: SocketId,
        remote: Endpoint,
    },
    /// A listener's backlog was full, so a SYN was dropped unanswered.
    SynDropped {
        backlog_full: bool,
    },
}

/// Lists every kind once with its short name: [`EventKind::NAMES`] and
/// [`EventKind::index`] are both made from the one list, so they cannot drift apart (the
/// match is exhaustive, and a kind listed twice would declare a tag twice).
macro_rules! event_kinds {
    ($($kind:ident => $name:literal,)*) => {
        /// The kinds in the list's order; a tag's number is its kind's index.
        enum Tag {
            $($kind,)*
        }

        /// How many kinds of event there are.
        pub const KIND_COUNT: usize = [$($name,)*].len();

        impl EventKind {
            /// Every kind's short name, in the list's order: the index of
            /// [`EventKind::index`].
            pub const NAMES: [&'static str; KIND_COUNT] = [$($name,)*];

            /// This kind's place in [`EventKind::NAMES`], for the log's per-kind counters.
            pub fn index(&self) -> usize {
                match self {
                    $(EventKind::$kind { .. } => Tag::$kind as usize,)*
                }
            }
        }
    };
}

event_kinds! {
    HostSpawned => "host-spawned",
    HostRemoved => "host-removed",
    PathChanged => "path-changed",
    PacketSent => "packet-sent",
    PacketDuplicated => "packet-duplicated",
    PacketReordered => "packet-reordered",
    PacketCorrupted => "packet-corrupted",
    PacketControlled => "packet-controlled",
    PacketDelivered => "packet-delivered",
    PacketDropped => "packet-dropped",
    UserCall => "user-call",
    DatagramQueued => "datagram-queued",
    SocketError => "socket-error",
    EchoReplied => "echo-replied",
    EchoReceived => "echo-received",
    ResetSent => "reset-sent",
    StateChanged => "state-changed",
    Tcp => "tcp",
    ConnectionForked => "connection-forked",
    SynDropped => "syn-dropped",
}

impl EventKind {
    /// A short stable name, for filters and counts.
    pub fn name(&self) -> &'static str {
        Self::NAMES[self.index()]
    }
}

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
    counts: [u64; KIND_COUNT],
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
    counts: [u64; KIND_COUNT],
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

impl PacketSummary {
    /// Describes a packet about to be sent.
    pub fn of(packet: &crate::wire::IpPacket, total_len: u32) -> Self {
        use crate::wire::Transport;
        let mut s = PacketSummary {
            src: packet.ip.src,
            dst: packet.ip.dst,
            protocol: packet.protocol(),
            src_port: None,
            dst_port: None,
            tcp_flags: 0,
            seq: None,
            ack: None,
            window: None,
            payload_len: 0,
            total_len,
            text: packet.summary(),
        };
        match &packet.transport {
            Transport::Tcp(t) => {
                s.src_port = Some(t.src_port);
                s.dst_port = Some(t.dst_port);
                s.tcp_flags = t.flags.0;
                s.seq = Some(t.seq.0);
                s.ack = Some(t.ack.0);
                s.window = Some(t.window);
                s.payload_len = t.payload.len() as u32;
            }
            Transport::Udp(u) => {
                s.src_port = Some(u.src_port);
                s.dst_port = Some(u.dst_port);
                s.payload_len = u.payload.len() as u32;
            }
            Transport::Icmp(_) | Transport::Other(_) => {
                s.payload_len = total_len.saturating_sub(20);
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Duration, World};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// A TCP exchange of a few kilobytes, with a log bounded as asked (or not).
    fn run(log_limit: Option<u64>, log_digest: bool) -> World {
        let mut w = World::new(crate::Config {
            seed: 3,
            log_limit,
            log_digest,
            ..crate::Config::default()
        });
        let (a, b) = (
            w.spawn_host_str("A", "10.0.0.1").unwrap(),
            w.spawn_host_str("B", "10.0.0.2").unwrap(),
        );
        let l = w.socket(a, crate::Protocol::Tcp).unwrap();
        w.bind(l, "10.0.0.1:80".parse().unwrap()).unwrap();
        w.listen(l, 4).unwrap();
        let c = w.socket(b, crate::Protocol::Tcp).unwrap();
        w.connect(c, "10.0.0.1:80".parse().unwrap()).unwrap();
        w.advance(Duration::from_millis(50));
        w.send(c, &[1; 9000]).unwrap();
        w.advance(Duration::from_secs(1));
        w
    }

    #[test]
    fn a_bounded_log_keeps_the_newest_events_and_counts_all() {
        let full = run(None, true);
        let n = full.log().len();
        assert!(n > 40, "the exchange logs enough to bound: {n}");
        let bounded = run(Some(10), true);
        let log = bounded.log();
        assert_eq!(log.len(), n, "numbering covers every event");
        let kept = log.events();
        assert!((10..20).contains(&kept.len()), "{} kept", kept.len());
        assert_eq!(log.first_kept(), kept[0].seq);
        assert_eq!(
            kept,
            &full.log().events()[(n as usize - kept.len())..],
            "the newest events, numbered as in the full log"
        );
        assert_eq!(log.last(), full.log().last());
        for (name, count) in log.counts() {
            let all = full.log().events();
            let want = all.iter().filter(|e| e.kind.name() == name).count() as u64;
            assert_eq!(count, want, "{name}");
            assert_eq!(full.log().count(name), want, "{name}");
        }
        assert!(log.count("packet-sent") > 5);
        assert_eq!(log.count("no-such-kind"), 0);
        assert_eq!(log.digest(), full.log().digest(), "the digest covers all");
        assert_ne!(log.digest(), 0);
    }

    #[test]
    fn since_gives_what_is_kept_after_a_number() {
        let w = run(Some(10), true);
        let log = w.log();
        let first = log.first_kept();
        assert!(first > 0);
        assert_eq!(
            log.since(0),
            log.events(),
            "fell behind: the oldest kept on"
        );
        assert_eq!(log.since(first + 3)[0].seq, first + 3);
        assert!(log.since(log.len()).is_empty());
        assert!(log.since(u64::MAX).is_empty());
    }

    #[test]
    fn a_log_bounded_to_nothing_or_without_digest_still_counts() {
        let full = run(None, true);
        let none = run(Some(0), true);
        assert!(none.log().events().is_empty());
        assert_eq!(none.log().last(), None);
        assert_eq!(none.log().len(), full.log().len());
        assert_eq!(none.log().digest(), full.log().digest());
        let quiet = run(Some(10), false);
        assert_eq!(quiet.log().digest(), 0, "no digest was asked for");
        assert_eq!(quiet.log().events(), run(Some(10), true).log().events());
    }

    #[test]
    fn rewinding_a_bounded_log_restores_numbers_counts_and_digest() {
        for limit in [0, 5, 1_000] {
            let mut w = run(Some(limit), true);
            let cp = w.checkpoint();
            let before = w.clone();
            let c = w.sockets().find(|s| s.owned && s.remote.is_some());
            let c = c.map(|s| s.id).unwrap();
            w.send(c, &[2; 4000]).unwrap();
            w.advance(Duration::from_secs(2));
            assert!(w.log().len() > before.log().len());
            assert!(w.rewind(&cp));
            let (log, was) = (w.log(), before.log());
            assert_eq!(log.len(), was.len(), "limit {limit}");
            assert_eq!(log.digest(), was.digest(), "limit {limit}");
            assert!(log.counts().eq(was.counts()), "limit {limit}");
            // What is still kept is exactly the earlier log's tail.
            let kept = log.events();
            assert!(was.events().ends_with(kept), "limit {limit}");
            assert_eq!(log.first_kept() + kept.len() as u64, log.len());
            // And the run goes on numbering from there, as the first time.
            let mut again = before.clone();
            w.advance(Duration::from_secs(1));
            again.advance(Duration::from_secs(1));
            assert_eq!(w.log().len(), again.log().len());
            assert_eq!(w.log().digest(), again.log().digest());
        }
    }

    #[test]
    fn event_names_index_the_counts() {
        let k = EventKind::PacketDelivered {
            packet: PacketId(1),
        };
        assert_eq!(k.name(), "packet-delivered");
        assert_eq!(EventKind::NAMES[k.index()], "packet-delivered");
        let unique: std::collections::BTreeSet<_> = EventKind::NAMES.iter().collect();
        assert_eq!(unique.len(), EventKind::NAMES.len());
    }
}
