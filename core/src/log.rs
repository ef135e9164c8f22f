//! The event log: everything that happened, when, where, and why.
//!
//! Causes are data, not sentences, so the web app can explain each event in Korean or
//! English and filter by host, socket and kind.

use crate::endpoint::Endpoint;
use crate::errno::Errno;
use crate::host::HostId;
use crate::network::{PacketId, PathSettings};
use crate::socket::{Protocol, SocketId};
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
    /// A TCP connection changed state (RFC 9293 §3.3.2), with the cause and the rule.
    StateChanged {
        from: crate::tcp::State,
        to: crate::tcp::State,
        cause: crate::tcp::Cause,
        rfc: String,
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

impl EventKind {
    /// A short stable name, for filters and counts.
    pub fn name(&self) -> &'static str {
        match self {
            EventKind::HostSpawned { .. } => "host-spawned",
            EventKind::HostRemoved { .. } => "host-removed",
            EventKind::PathChanged { .. } => "path-changed",
            EventKind::PacketSent { .. } => "packet-sent",
            EventKind::PacketDuplicated { .. } => "packet-duplicated",
            EventKind::PacketReordered { .. } => "packet-reordered",
            EventKind::PacketCorrupted { .. } => "packet-corrupted",
            EventKind::PacketControlled { .. } => "packet-controlled",
            EventKind::PacketDelivered { .. } => "packet-delivered",
            EventKind::PacketDropped { .. } => "packet-dropped",
            EventKind::UserCall { .. } => "user-call",
            EventKind::DatagramQueued { .. } => "datagram-queued",
            EventKind::SocketError { .. } => "socket-error",
            EventKind::EchoReplied { .. } => "echo-replied",
            EventKind::EchoReceived { .. } => "echo-received",
            EventKind::ResetSent { .. } => "reset-sent",
            EventKind::StateChanged { .. } => "state-changed",
            EventKind::Tcp { .. } => "tcp",
            EventKind::ConnectionForked { .. } => "connection-forked",
            EventKind::SynDropped { .. } => "syn-dropped",
        }
    }
}

/// The log itself: append-only, numbered.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventLog {
    events: Vec<Event>,
}

impl EventLog {
    pub fn push(
        &mut self,
        at: Instant,
        host: Option<HostId>,
        socket: Option<SocketId>,
        kind: EventKind,
    ) {
        let seq = self.events.len() as u64;
        self.events.push(Event {
            seq,
            at,
            host,
            socket,
            kind,
        });
    }

    /// Cuts the log back to its first `len` events (rewinding to a checkpoint).
    pub(crate) fn truncate(&mut self, len: u64) {
        self.events
            .truncate(usize::try_from(len).unwrap_or(usize::MAX));
    }

    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Events numbered `seq` and later: what a viewer has not seen yet.
    pub fn since(&self, seq: u64) -> &[Event] {
        let start = usize::try_from(seq)
            .unwrap_or(usize::MAX)
            .min(self.events.len());
        &self.events[start..]
    }

    pub fn len(&self) -> u64 {
        self.events.len() as u64
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    pub fn last(&self) -> Option<&Event> {
        self.events.last()
    }

    /// A 64-bit FNV-1a digest of the whole log's debug rendering: equal logs, equal digests,
    /// on every target, which is what the determinism tests compare.
    pub fn digest(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for e in &self.events {
            for b in format!("{e:?}\n").bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        h
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
