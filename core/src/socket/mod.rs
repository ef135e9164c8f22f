//! Sockets: what a program holds, as plain data. The BSD calls on them are methods of
//! `World` (`world::syscalls`); the per-host lookup structure lives in [`table`].

mod table;
pub mod udp;

pub use table::{SocketRow, SocketTable, TableKey};

use crate::endpoint::Endpoint;
use crate::ids::HostId;
use crate::tcp;
use crate::time::Instant;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, VecDeque};
use std::fmt;

pub use crate::ids::SocketId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Protocol {
    Tcp,
    Udp,
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
        })
    }
}

/// The `how` of `shutdown(2)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shutdown {
    Read,
    Write,
    Both,
}

/// A datagram waiting in a UDP socket's receive queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Datagram {
    pub from: Endpoint,
    pub data: Vec<u8>,
    pub at: Instant,
}

/// The UDP part of a socket (RFC 768): a queue of whole datagrams and a pending error.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UdpState {
    pub rx: VecDeque<Datagram>,
    pub rx_bytes: u32,
    /// An ICMP error that arrived for this socket, reported by its next call (the
    /// "asynchronous error" of RFC 1122 §4.1.3.3).
    pub pending_error: Option<crate::errno::Errno>,
    pub shut_read: bool,
    pub shut_write: bool,
}

/// A listening socket's queues (RFC 9293 §3.10.7.2 forks a connection per SYN).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Listener {
    pub backlog: u32,
    /// Connections still in SYN-RECEIVED.
    pub pending: BTreeSet<SocketId>,
    /// Established connections waiting for accept(), oldest first.
    pub ready: VecDeque<SocketId>,
}

impl Listener {
    /// Linux's rule, documented here because BSD differs: a SYN is dropped (no RST) when
    /// the accept queue is full, so the client retries its SYN later.
    pub fn is_full(&self) -> bool {
        self.pending.len() as u64 + self.ready.len() as u64 >= u64::from(self.backlog)
    }
}

/// The TCP part of a socket.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TcpSocket {
    /// The connection, from connect() or a listener's fork; kept after CLOSED so its last
    /// state and error stay visible.
    pub tcb: Option<Box<tcp::Tcb>>,
    pub listener: Option<Listener>,
    /// The listener this connection was forked from.
    pub parent: Option<SocketId>,
    /// SO_REUSEADDR: allow bind while old connections on the port sit in TIME-WAIT.
    pub reuse_addr: bool,
    /// TCP_NODELAY: Nagle's algorithm off; accepted connections inherit it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nodelay: bool,
    /// Where this socket's next timer wake-up sits in the world's queue.
    pub wakeup: Option<crate::ids::QueueKey>,
    /// (cwnd, ssthresh) as last logged, so the log gets a point only when they change.
    pub logged_window: Option<(u32, u32)>,
}

impl TcpSocket {
    pub fn state(&self) -> tcp::State {
        match (&self.listener, &self.tcb) {
            (Some(_), _) => tcp::State::Listen,
            (None, Some(t)) => t.state(),
            (None, None) => tcp::State::Closed,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SocketKind {
    Udp(UdpState),
    Tcp(TcpSocket),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Socket {
    pub id: SocketId,
    pub host: HostId,
    /// Set by bind, or by the kernel when connect or sendto needs an address.
    pub local: Option<Endpoint>,
    pub remote: Option<Endpoint>,
    pub kind: SocketKind,
    /// Whether the program holds this socket. A TCP connection outlives close() (the
    /// kernel finishes the FIN exchange and TIME-WAIT), and a forked connection is not the
    /// program's until accept() returns it; such sockets answer calls with EBADF.
    pub owned: bool,
}

impl Socket {
    pub fn protocol(&self) -> Protocol {
        match self.kind {
            SocketKind::Udp(_) => Protocol::Udp,
            SocketKind::Tcp(_) => Protocol::Tcp,
        }
    }

    pub fn udp(&self) -> Option<&UdpState> {
        match &self.kind {
            SocketKind::Udp(u) => Some(u),
            SocketKind::Tcp(_) => None,
        }
    }

    pub fn tcp(&self) -> Option<&TcpSocket> {
        match &self.kind {
            SocketKind::Tcp(t) => Some(t),
            SocketKind::Udp(_) => None,
        }
    }

    /// The key this socket is found by in its host's table, once it has a local address.
    pub fn table_key(&self) -> Option<TableKey> {
        self.local
            .map(|local| TableKey::new(self.protocol(), local, self.remote))
    }
}

impl Socket {
    /// The socket as one row of its host's table.
    pub fn row(&self) -> SocketRow {
        let (state, recv_queue) = match &self.kind {
            SocketKind::Udp(u) => {
                let state = match (self.local, self.remote) {
                    (None, _) => "unbound",
                    (Some(_), None) => "bound",
                    (Some(_), Some(_)) => "connected",
                };
                (state.to_string(), u.rx_bytes)
            }
            SocketKind::Tcp(t) => {
                let queued = t.tcb.as_ref().map_or(0, |c| c.recv_buf.ready.len() as u32);
                (t.state().to_string(), queued)
            }
        };
        let send_queue = match &self.kind {
            SocketKind::Tcp(t) => t.tcb.as_ref().map_or(0, |c| c.send_buf.len() as u32),
            SocketKind::Udp(_) => 0,
        };
        let listener = match &self.kind {
            SocketKind::Tcp(t) => t.parent,
            SocketKind::Udp(_) => None,
        };
        SocketRow {
            socket: self.id,
            protocol: self.protocol(),
            local: self.local,
            remote: self.remote,
            state,
            recv_queue,
            send_queue,
            listener,
        }
    }
}
