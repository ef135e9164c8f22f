//! What an event says happened: the kinds of event, with the calls, values, drop reasons
//! and hands on a packet they carry.

use super::PacketSummary;
pub use crate::call::Call;
use crate::endpoint::Endpoint;
use crate::errno::Errno;
use crate::ids::{HostId, PacketId, SocketId};
use crate::network::PathSettings;
use crate::time::{Duration, Instant};
use crate::topology::Iface;
use crate::wire::{MacAddr, WireError};
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

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
    /// The sender's routing table has no route to the destination (ENETUNREACH; a router
    /// answers ICMP net unreachable).
    NoRoute { dst: Ipv4Addr },
    /// A router got it with TTL 1 or 0 and answered ICMP time exceeded (RFC 1812 §5.3.1).
    TtlExpired,
    /// ARP never found the next hop's MAC address (RFC 1122 §2.3.2.2).
    ArpUnresolved { next_hop: Ipv4Addr },
    /// The interface's drop-tail queue was full (`queued` packets waiting).
    QueueFull { iface: Iface, queued: u32 },
    /// The interface it would leave by is plugged into no link.
    NoLink { iface: Iface },
    /// Bigger than the link's MTU with Don't Fragment set: dropped, and the source told
    /// "fragmentation needed" with the MTU (RFC 1191).
    TooBig { mtu: u16 },
    /// A NAT router got a packet from outside for its public address that no translation
    /// expects (RFC 4787 §3, RFC 5382 §6: unsolicited inbound): dropped, without an answer.
    NoNatMapping,
}

impl DropReason {
    /// A short stable name, for lessons' predictions and filters ("queue-full").
    pub fn short_name(&self) -> &'static str {
        match self {
            DropReason::Loss => "loss",
            DropReason::User => "user",
            DropReason::Fault { .. } => "fault",
            DropReason::Corrupt { .. } => "corrupt",
            DropReason::NoSuchHost { .. } => "no-such-host",
            DropReason::HostGone => "host-gone",
            DropReason::NotForThisHost => "not-for-this-host",
            DropReason::BufferFull => "buffer-full",
            DropReason::PortUnreachable => "port-unreachable",
            DropReason::NoTcpSocket => "no-tcp-socket",
            DropReason::UnknownProtocol { .. } => "unknown-protocol",
            DropReason::NoRoute { .. } => "no-route",
            DropReason::TtlExpired => "ttl-expired",
            DropReason::ArpUnresolved { .. } => "arp-unresolved",
            DropReason::QueueFull { .. } => "queue-full",
            DropReason::NoLink { .. } => "no-link",
            DropReason::TooBig { .. } => "too-big",
            DropReason::NoNatMapping => "no-nat-mapping",
        }
    }
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
    /// An ARP request went out, broadcast: "who has `target`? tell `sender`" (RFC 826).
    ArpRequest {
        packet: PacketId,
        iface: Iface,
        target: Ipv4Addr,
        sender: Ipv4Addr,
        /// 1 for the first request, counting the retries.
        attempt: u8,
    },
    /// An ARP reply went out to `to`: "`addr` is at `mac`".
    ArpReply {
        packet: PacketId,
        iface: Iface,
        addr: Ipv4Addr,
        mac: MacAddr,
        to: Ipv4Addr,
    },
    /// The ARP cache learned (or refreshed) an entry.
    ArpLearned {
        iface: Iface,
        addr: Ipv4Addr,
        mac: MacAddr,
    },
    /// An ARP cache entry timed out (RFC 1122 §2.3.2.1).
    ArpExpired {
        iface: Iface,
        addr: Ipv4Addr,
        mac: MacAddr,
    },
    /// ARP gave up on `addr` after `tries` requests; the datagrams waiting are dropped.
    ArpGaveUp {
        iface: Iface,
        addr: Ipv4Addr,
        tries: u8,
        dropped: u32,
    },
    /// A router forwarded a datagram (RFC 1812 §5.2): TTL before and after, out of
    /// `iface` to `next_hop`, in a new frame.
    Forwarded {
        packet: PacketId,
        ttl_before: u8,
        ttl_after: u8,
        iface: Iface,
        next_hop: Ipv4Addr,
    },
    /// This node sent an ICMP error (type `kind`, code `code`) to `to`.
    IcmpSent {
        to: Ipv4Addr,
        kind: u8,
        code: u8,
    },
    /// An ICMP error from `from` reached this host (and the socket named, if any).
    IcmpReceived {
        from: Ipv4Addr,
        kind: u8,
        code: u8,
    },
    /// A traceroute probe with TTL `ttl` was answered by `from` after `rtt`; `reached`
    /// when the answer came from the destination itself (port unreachable).
    TraceHop {
        ttl: u8,
        from: Ipv4Addr,
        rtt: Duration,
        reached: bool,
    },
    /// The topology changed: a router, link, address or route was added or removed.
    TopologyChanged {
        change: NetChange,
    },
    /// Path MTU discovery (RFC 1191): "fragmentation needed" said the path carries at
    /// most `mtu` bytes, so this TCP connection now sends segments of at most `mss`.
    PathMtu {
        mtu: u16,
        mss: u32,
    },
    /// A router's queue on `iface` was building (`queued` of `limit` packets waiting), so
    /// it marked this ECN-capable datagram CE instead of dropping it (RFC 3168 §5).
    EcnMarked {
        packet: PacketId,
        iface: Iface,
        queued: u32,
        limit: u32,
    },
    /// A NAT router made a new translation (RFC 3022): `inside` is seen outside as
    /// `public` by `remote`.
    NatMapped {
        protocol: crate::wire::IpProtocol,
        inside: crate::endpoint::Endpoint,
        public: crate::endpoint::Endpoint,
        remote: crate::endpoint::Endpoint,
    },
}

/// A change to the topology, for the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NetChange {
    RouterAdded {
        name: String,
    },
    /// A link between interfaces, written `node.iface`.
    LinkAdded {
        link: u32,
        ends: Vec<String>,
    },
    AddressSet {
        iface: Iface,
        addr: Ipv4Addr,
        len: u8,
    },
    RouteAdded {
        route: String,
    },
    RouteRemoved {
        route: String,
    },
    /// A traceroute started to `dst` with `probes` probes.
    TraceStarted {
        dst: Ipv4Addr,
        probes: u8,
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
    ArpRequest => "arp-request",
    ArpReply => "arp-reply",
    ArpLearned => "arp-learned",
    ArpExpired => "arp-expired",
    ArpGaveUp => "arp-gave-up",
    Forwarded => "forwarded",
    IcmpSent => "icmp-sent",
    IcmpReceived => "icmp-received",
    TraceHop => "trace-hop",
    TopologyChanged => "topology-changed",
    PathMtu => "path-mtu",
    EcnMarked => "ecn-marked",
    NatMapped => "nat-mapped",
}

impl EventKind {
    /// A short stable name, for filters and counts.
    pub fn name(&self) -> &'static str {
        Self::NAMES[self.index()]
    }
}
