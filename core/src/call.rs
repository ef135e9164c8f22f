//! One vocabulary for calls. A call is typed in the console (`teach::command::Op`, with
//! its socket and data), recorded by the world ([`Call`], here and re-exported by `log`:
//! the socket is the event's and data is reduced to its length) and seen by TCP
//! (`tcp::TcpCall`, the RFC's OPEN, CLOSE and ABORT, mapped to a [`CallName`] here since
//! `tcp/` sits below this module). All three name themselves with [`CallName`] and are
//! written by [`write_call`] with the argument words below, so a call reads the same in
//! the console, the log, the explanations and the tests; the console's table of calls
//! (`teach::command::CALLS`) has one row per name. A call added to [`CallName`] must be
//! added to the table, the parser and the printers, or the build (or a test) fails.

use crate::endpoint::Endpoint;
use crate::socket::{Protocol, Shutdown};
use crate::tcp::TcpCall;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::Ipv4Addr;

/// Every call of the console, the host's socket calls first, then the stage's; the order
/// of the console's table and its help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CallName {
    Socket,
    Bind,
    Listen,
    Accept,
    Connect,
    Send,
    Recv,
    SendTo,
    RecvFrom,
    Shutdown,
    Close,
    GetSockName,
    GetPeerName,
    Abort,
    ReuseAddr,
    NoDelay,
    Ping,
    Spawn,
    Remove,
    Path,
    Link,
    Packet,
    Router,
    Cable,
    Addr,
    Route,
    Arp,
    Traceroute,
    Profile,
    Nat,
    Sysctl,
}

impl CallName {
    /// Every name, in table order.
    pub const ALL: [CallName; 31] = [
        CallName::Socket,
        CallName::Bind,
        CallName::Listen,
        CallName::Accept,
        CallName::Connect,
        CallName::Send,
        CallName::Recv,
        CallName::SendTo,
        CallName::RecvFrom,
        CallName::Shutdown,
        CallName::Close,
        CallName::GetSockName,
        CallName::GetPeerName,
        CallName::Abort,
        CallName::ReuseAddr,
        CallName::NoDelay,
        CallName::Ping,
        CallName::Spawn,
        CallName::Remove,
        CallName::Path,
        CallName::Link,
        CallName::Packet,
        CallName::Router,
        CallName::Cable,
        CallName::Addr,
        CallName::Route,
        CallName::Arp,
        CallName::Traceroute,
        CallName::Profile,
        CallName::Nat,
        CallName::Sysctl,
    ];

    /// The name the console prints and reads first (its other spellings are in the
    /// console's table).
    pub const fn as_str(self) -> &'static str {
        match self {
            CallName::Socket => "socket",
            CallName::Bind => "bind",
            CallName::Listen => "listen",
            CallName::Accept => "accept",
            CallName::Connect => "connect",
            CallName::Send => "send",
            CallName::Recv => "recv",
            CallName::SendTo => "sendto",
            CallName::RecvFrom => "recvfrom",
            CallName::Shutdown => "shutdown",
            CallName::Close => "close",
            CallName::GetSockName => "getsockname",
            CallName::GetPeerName => "getpeername",
            CallName::Abort => "abort",
            CallName::ReuseAddr => "reuseaddr",
            CallName::NoDelay => "nodelay",
            CallName::Ping => "ping",
            CallName::Spawn => "spawn",
            CallName::Remove => "remove",
            CallName::Path => "path",
            CallName::Link => "link",
            CallName::Packet => "packet",
            CallName::Router => "router",
            CallName::Cable => "cable",
            CallName::Addr => "addr",
            CallName::Route => "route",
            CallName::Arp => "arp",
            CallName::Traceroute => "traceroute",
            CallName::Profile => "profile",
            CallName::Sysctl => "sysctl",
            CallName::Nat => "nat",
        }
    }
}

impl fmt::Display for CallName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The user's call behind a TCP user event (RFC 9293 §3.10: OPEN, CLOSE, ABORT).
impl From<TcpCall> for CallName {
    fn from(call: TcpCall) -> CallName {
        match call {
            TcpCall::Connect => CallName::Connect,
            TcpCall::Listen => CallName::Listen,
            TcpCall::Close => CallName::Close,
            TcpCall::Shutdown => CallName::Shutdown,
            TcpCall::Abort => CallName::Abort,
        }
    }
}

/// A socket call as the world records it in the log: the socket is the event's, and data
/// is reduced to its length.
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
        how: Shutdown,
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
    /// setsockopt(TCP_NODELAY): Nagle's algorithm (RFC 896) off when on.
    SetNoDelay {
        on: bool,
    },
}

impl Call {
    /// Which call of the vocabulary was made.
    pub fn name(&self) -> CallName {
        match self {
            Call::Socket { .. } => CallName::Socket,
            Call::Bind { .. } => CallName::Bind,
            Call::Listen { .. } => CallName::Listen,
            Call::Accept => CallName::Accept,
            Call::Connect { .. } => CallName::Connect,
            Call::Send { .. } => CallName::Send,
            Call::Recv { .. } => CallName::Recv,
            Call::SendTo { .. } => CallName::SendTo,
            Call::RecvFrom { .. } => CallName::RecvFrom,
            Call::Shutdown { .. } => CallName::Shutdown,
            Call::Close => CallName::Close,
            Call::GetSockName => CallName::GetSockName,
            Call::GetPeerName => CallName::GetPeerName,
            Call::Ping { .. } => CallName::Ping,
            Call::Abort => CallName::Abort,
            Call::SetReuseAddr { .. } => CallName::ReuseAddr,
            Call::SetNoDelay { .. } => CallName::NoDelay,
        }
    }

    /// The call as the console writes it, with data lengths worded by `bytes` (so the log
    /// can say "6바이트" in Korean): the one rendering of a logged call.
    pub fn text(&self, bytes: impl Fn(u32) -> String) -> String {
        let args: Vec<String> = match self {
            Call::Socket { protocol } => vec![protocol_word(*protocol).into()],
            Call::Bind { local } => vec![local.to_string()],
            Call::Listen { backlog } => vec![backlog.to_string()],
            Call::Connect { remote } => vec![remote.to_string()],
            Call::Send { len } => vec![bytes(*len)],
            Call::Recv { max } | Call::RecvFrom { max } => vec![max.to_string()],
            Call::SendTo { len, remote } => vec![bytes(*len), remote.to_string()],
            Call::Shutdown { how } => vec![shutdown_word(*how).into()],
            Call::Ping { dst } => vec![dst.to_string()],
            Call::SetReuseAddr { on } | Call::SetNoDelay { on } => vec![switch_word(*on).into()],
            Call::Accept | Call::Close | Call::GetSockName | Call::GetPeerName | Call::Abort => {
                Vec::new()
            }
        };
        let args: Vec<&dyn fmt::Display> = args.iter().map(|a| a as &dyn fmt::Display).collect();
        call_text(self.name(), &args)
    }
}

/// Writes `name(arg, arg)`: the one shape of a call's text, for every printer of calls.
pub fn write_call(
    f: &mut dyn fmt::Write,
    name: CallName,
    args: &[&dyn fmt::Display],
) -> fmt::Result {
    write!(f, "{name}(")?;
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{a}")?;
    }
    f.write_str(")")
}

/// [`write_call`] into a new string.
pub fn call_text(name: CallName, args: &[&dyn fmt::Display]) -> String {
    let mut s = String::new();
    // Writing into a String cannot fail.
    let _ = write_call(&mut s, name, args);
    s
}

/// How a protocol is written as an argument (`socket(tcp)`).
pub fn protocol_word(p: Protocol) -> &'static str {
    match p {
        Protocol::Tcp => "tcp",
        Protocol::Udp => "udp",
    }
}

/// A protocol argument, in any case, with the BSD constant spellings.
pub fn parse_protocol(word: &str) -> Option<Protocol> {
    match word.to_ascii_lowercase().as_str() {
        "tcp" | "sock_stream" | "stream" => Some(Protocol::Tcp),
        "udp" | "sock_dgram" | "dgram" => Some(Protocol::Udp),
        _ => None,
    }
}

/// How a shutdown is written as an argument (`shutdown(c, write)`).
pub fn shutdown_word(how: Shutdown) -> &'static str {
    match how {
        Shutdown::Read => "read",
        Shutdown::Write => "write",
        Shutdown::Both => "both",
    }
}

/// A shutdown argument, in any case, with the BSD constant spellings.
pub fn parse_shutdown(word: &str) -> Option<Shutdown> {
    match word.to_ascii_lowercase().as_str() {
        "read" | "rd" | "shut_rd" => Some(Shutdown::Read),
        "write" | "wr" | "shut_wr" => Some(Shutdown::Write),
        "both" | "rdwr" | "shut_rdwr" => Some(Shutdown::Both),
        _ => None,
    }
}

/// How a socket option's switch is written (`reuseaddr(s, on)`).
pub fn switch_word(on: bool) -> &'static str {
    if on {
        "on"
    } else {
        "off"
    }
}

/// A switch argument.
pub fn parse_switch(word: &str) -> Option<bool> {
    match word {
        "on" | "1" | "true" => Some(true),
        "off" | "0" | "false" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn names_are_distinct_and_argument_words_read_back() {
        let mut names: Vec<&str> = CallName::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CallName::ALL.len());
        for p in [Protocol::Tcp, Protocol::Udp] {
            assert_eq!(parse_protocol(protocol_word(p)), Some(p));
        }
        for h in [Shutdown::Read, Shutdown::Write, Shutdown::Both] {
            assert_eq!(parse_shutdown(shutdown_word(h)), Some(h));
        }
        for on in [true, false] {
            assert_eq!(parse_switch(switch_word(on)), Some(on));
        }
        assert_eq!(call_text(CallName::Accept, &[]), "accept()");
        assert_eq!(call_text(CallName::Bind, &[&"s", &80]), "bind(s, 80)");
    }
}
