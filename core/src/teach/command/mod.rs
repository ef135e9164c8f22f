//! Socket calls as text, the way the course notes write them:
//!
//! ```text
//! A: s = socket(tcp)
//! A: bind(s, 10.0.0.1:80)
//! A: listen(s)
//! B: c = socket(tcp)
//! B: connect(c, 10.0.0.1:80)
//! B: send(c, "hello")
//! A: t = accept(s)
//! A: recv(t)
//! ```
//!
//! One parser serves the web console, scenario files and the command-line runner, so a
//! line means the same thing everywhere. Variables name sockets per host (`A`'s `s` is not
//! `B`'s `s`); `#3` names socket 3 directly. A line without `HOST:` runs on the host of
//! the previous line, like a shell prompt that stays where it is.

use crate::endpoint::Endpoint;
use crate::network::{PacketId, PathSettings};
use crate::socket::{Protocol, Shutdown};
use crate::time::Duration;
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

mod call_text;
mod calls;
mod console;
mod error;
mod message;
pub mod net;
mod parse;
mod print;
mod value;
pub use calls::help;
pub use calls::{spec, suggest, CallSpec, CALLS};
pub use console::Console;
pub use error::CommandError;
pub use message::{bytes, help_line};

pub use value::{quote, Value};

/// A socket named in a command: a variable of the host, or a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SockRef {
    Var(String),
    Id(u32),
}

/// One call, with its arguments parsed and checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    Socket {
        protocol: Protocol,
    },
    Bind {
        sock: SockRef,
        local: Endpoint,
    },
    Listen {
        sock: SockRef,
        backlog: u32,
    },
    Accept {
        sock: SockRef,
    },
    Connect {
        sock: SockRef,
        remote: Endpoint,
    },
    Send {
        sock: SockRef,
        data: Vec<u8>,
    },
    Recv {
        sock: SockRef,
        max: u32,
    },
    SendTo {
        sock: SockRef,
        data: Vec<u8>,
        remote: Endpoint,
    },
    RecvFrom {
        sock: SockRef,
        max: u32,
    },
    Shutdown {
        sock: SockRef,
        how: Shutdown,
    },
    Close {
        sock: SockRef,
    },
    GetSockName {
        sock: SockRef,
    },
    GetPeerName {
        sock: SockRef,
    },
    Abort {
        sock: SockRef,
    },
    ReuseAddr {
        sock: SockRef,
        on: bool,
    },
    /// `nodelay(c, on)`: TCP_NODELAY.
    NoDelay {
        sock: SockRef,
        on: bool,
    },
    Ping {
        dst: Ipv4Addr,
    },
    /// `send(c, 5000)`: that many bytes of a repeating alphabet, for lessons about
    /// windows and bulk data (nobody types 5000 characters).
    SendN {
        sock: SockRef,
        len: u32,
    },
    // The stage, not a host's call: these need no `HOST:` and let the console (and a
    // share link, which records every click as one of these lines) replay what the
    // page's buttons do.
    /// `spawn(C, 10.0.0.3)`
    Spawn {
        name: String,
        addr: Ipv4Addr,
    },
    /// `remove(C)`
    Remove {
        name: String,
    },
    /// `path(A, B, delay=20ms, loss=5%)` one way; `link(...)` both ways. Unnamed settings
    /// take their defaults.
    Path {
        from: String,
        to: String,
        both: bool,
        settings: PathSettings,
    },
    /// `packet(17, drop)`, `packet(17, delay=200ms)`: a hand on one packet in flight.
    Packet {
        id: PacketId,
        action: PacketAction,
    },
    /// The internet layer's calls: `router`, `cable`, `addr`, `route`, `arp`,
    /// `traceroute` (see [`net`]).
    Net(net::NetOp),
    /// `profile(A, linux)`: the stack a host imitates (`tcp::profile`).
    Profile {
        name: String,
        profile: crate::tcp::StackProfile,
    },
    /// `sysctl(A)` shows a host's option switches; `sysctl(A, net.ipv4.tcp_ecn=1)` sets
    /// one (`tcp::knobs`).
    Sysctl {
        name: String,
        set: Option<(crate::tcp::knobs::Knob, u8)>,
    },
}

/// What a hand on a packet does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PacketAction {
    Drop,
    Hold,
    Release,
    Duplicate,
    Delay(Duration),
}

impl Op {
    /// Whether the line acts on the stage (hosts, paths, packets) rather than on a host.
    pub fn is_stage(&self) -> bool {
        matches!(
            self,
            Op::Spawn { .. }
                | Op::Remove { .. }
                | Op::Path { .. }
                | Op::Packet { .. }
                | Op::Profile { .. }
                | Op::Sysctl { .. }
                | Op::Net(_)
        )
    }
}

/// The bytes `send(c, N)` sends: the alphabet over and over, easy to spot in a hex view.
pub fn pattern(len: u32) -> Vec<u8> {
    (0..len).map(|i| b'a' + (i % 26) as u8).collect()
}

/// A whole line: `[HOST:] [VAR =] CALL(ARGS)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Command {
    pub host: Option<String>,
    pub assign: Option<String>,
    pub op: Op,
}

/// The default `max` of recv and recvfrom when none is given.
pub const DEFAULT_RECV: u32 = 65_536;
/// The most `send(c, N)` sends in one call.
pub const MAX_SEND_N: u32 = 1 << 20;

#[cfg(test)]
mod tests;
