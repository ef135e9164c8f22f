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

use crate::endpoint::{AddrParseError, Endpoint};
use crate::errno::Errno;
use crate::host::HostError;
use crate::network::{time_text, PacketError, PacketId, PathSettings};
use crate::socket::{Protocol, Shutdown, SocketId};
use crate::time::Duration;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::Ipv4Addr;

mod call_text;
mod calls;
mod console;
mod message;
mod parse;
pub use calls::help;
pub use calls::{suggest, CallSpec, CALLS};
pub use console::Console;
pub use message::{bytes, help_line};

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
            Op::Spawn { .. } | Op::Remove { .. } | Op::Path { .. } | Op::Packet { .. }
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

/// Why a line could not run. Parse errors carry the column (from 1) they point at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommandError {
    Parse {
        column: u32,
        message: String,
        /// The same message in Korean (see [`CommandError::message`]).
        ko: String,
    },
    Address(AddrParseError),
    /// No `HOST:` on this line and none before it.
    NoHost,
    UnknownHost(String),
    UnknownVariable {
        host: String,
        name: String,
    },
    /// `x = ...` on a call that returns no socket.
    NothingToAssign,
    Host(HostError),
    Packet(PacketError),
    Errno(Errno),
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::Parse {
                column, message, ..
            } => write!(f, "at column {column}: {message}"),
            CommandError::Address(e) => e.fmt(f),
            CommandError::NoHost => {
                f.write_str("say which host runs this call, like \"A: socket(tcp)\"")
            }
            CommandError::UnknownHost(h) => write!(f, "there is no host named {h}"),
            CommandError::UnknownVariable { host, name } => {
                write!(f, "host {host} has no socket called {name}: create one with \"{host}: {name} = socket(tcp)\"")
            }
            CommandError::NothingToAssign => {
                f.write_str("only socket() and accept() return a socket to name")
            }
            CommandError::Host(e) => e.fmt(f),
            CommandError::Packet(e) => e.fmt(f),
            CommandError::Errno(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for CommandError {}

impl From<Errno> for CommandError {
    fn from(e: Errno) -> Self {
        CommandError::Errno(e)
    }
}

/// What a call returned, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    Done,
    Socket {
        id: SocketId,
    },
    Sent {
        len: u32,
    },
    Received {
        data: Vec<u8>,
        from: Option<Endpoint>,
    },
    Accepted {
        id: SocketId,
        remote: Endpoint,
    },
    Endpoint(Endpoint),
    /// A TCP `connect`: the SYN is sent and the handshake goes on as time runs (the call
    /// returned at once, like a non-blocking connect).
    Connecting,
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Done => f.write_str("ok"),
            Value::Socket { id } => write!(f, "socket {id}"),
            Value::Sent { len } => write!(f, "{} accepted for sending", bytes(u64::from(*len))),
            Value::Received { data, .. } if data.is_empty() => {
                f.write_str("0 bytes: end of stream (the peer closed)")
            }
            Value::Received { data, from } => {
                write!(f, "{} ({})", quote(data), bytes(data.len() as u64))?;
                match from {
                    Some(ep) => write!(f, " from {ep}"),
                    None => Ok(()),
                }
            }
            Value::Accepted { id, remote } => write!(f, "socket {id}, connected to {remote}"),
            Value::Endpoint(ep) => write!(f, "{ep}"),
            // Starts with "ok" so that lessons expecting "ok" of a connect still match.
            Value::Connecting => f.write_str("ok: SYN sent; connecting…"),
        }
    }
}

/// Bytes as a string literal the console can read back: valid UTF-8 as text (so "안녕"
/// reads as 안녕, not as \xec\x95\x88…), control characters and bytes that are not UTF-8
/// escaped.
pub fn quote(data: &[u8]) -> String {
    format!("\"{}\"", crate::wire::dissect::escape_bytes(data))
}

/// How a shutdown is written in the console and the log.
fn shutdown_text(how: Shutdown) -> &'static str {
    match how {
        Shutdown::Read => "read",
        Shutdown::Write => "write",
        Shutdown::Both => "both",
    }
}

fn sock_text(s: &SockRef) -> String {
    match s {
        SockRef::Var(v) => v.clone(),
        SockRef::Id(n) => format!("#{n}"),
    }
}

/// The canonical text of a command; parsing it gives the same command back.
impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(h) = &self.host {
            write!(f, "{h}: ")?;
        }
        if let Some(a) = &self.assign {
            write!(f, "{a} = ")?;
        }
        match &self.op {
            Op::Socket { protocol } => write!(f, "socket({})", protocol.to_string().to_lowercase()),
            Op::Bind { sock, local } => write!(f, "bind({}, {local})", sock_text(sock)),
            Op::Listen { sock, backlog } => write!(f, "listen({}, {backlog})", sock_text(sock)),
            Op::Accept { sock } => write!(f, "accept({})", sock_text(sock)),
            Op::Connect { sock, remote } => write!(f, "connect({}, {remote})", sock_text(sock)),
            Op::Send { sock, data } => write!(f, "send({}, {})", sock_text(sock), quote(data)),
            Op::Recv { sock, max } => write!(f, "recv({}, {max})", sock_text(sock)),
            Op::SendTo { sock, data, remote } => {
                write!(f, "sendto({}, {}, {remote})", sock_text(sock), quote(data))
            }
            Op::RecvFrom { sock, max } => write!(f, "recvfrom({}, {max})", sock_text(sock)),
            Op::Shutdown { sock, how: h } => {
                write!(f, "shutdown({}, {})", sock_text(sock), shutdown_text(*h))
            }
            Op::Close { sock } => write!(f, "close({})", sock_text(sock)),
            Op::GetSockName { sock } => write!(f, "getsockname({})", sock_text(sock)),
            Op::GetPeerName { sock } => write!(f, "getpeername({})", sock_text(sock)),
            Op::Abort { sock } => write!(f, "abort({})", sock_text(sock)),
            Op::ReuseAddr { sock, on } => write!(
                f,
                "reuseaddr({}, {})",
                sock_text(sock),
                if *on { "on" } else { "off" }
            ),
            Op::Ping { dst } => write!(f, "ping({dst})"),
            Op::SendN { sock, len } => write!(f, "send({}, {len})", sock_text(sock)),
            Op::Spawn { name, addr } => write!(f, "spawn({name}, {addr})"),
            Op::Remove { name } => write!(f, "remove({name})"),
            Op::Path {
                from,
                to,
                both,
                settings,
            } => {
                let name = if *both { "link" } else { "path" };
                write!(f, "{name}({from}, {to}{})", settings.keys_text())
            }
            Op::Packet { id, action } => {
                let a = match action {
                    PacketAction::Drop => "drop".to_string(),
                    PacketAction::Hold => "hold".into(),
                    PacketAction::Release => "release".into(),
                    PacketAction::Duplicate => "duplicate".into(),
                    PacketAction::Delay(d) => format!("delay={}", time_text(*d)),
                };
                write!(f, "packet({}, {a})", id.0)
            }
        }
    }
}

/// The most `send(c, N)` sends in one call.
pub const MAX_SEND_N: u32 = 1 << 20;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Duration;
    use crate::world::World;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn parse(s: &str) -> Command {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn parses_the_course_notes_examples() {
        let c = parse("A: s = socket(tcp)");
        assert_eq!(
            (c.host.as_deref(), c.assign.as_deref()),
            (Some("A"), Some("s"))
        );
        assert_eq!(
            c.op,
            Op::Socket {
                protocol: Protocol::Tcp
            }
        );
        assert_eq!(
            parse("A: bind(s, 10.0.0.1:80)").op,
            Op::Bind {
                sock: SockRef::Var("s".into()),
                local: "10.0.0.1:80".parse().unwrap()
            }
        );
        assert_eq!(
            parse("listen(s)").op,
            Op::Listen {
                sock: SockRef::Var("s".into()),
                backlog: 128
            }
        );
        assert_eq!(
            parse(r#"B: send(c, "hello\n\x00")"#).op,
            Op::Send {
                sock: SockRef::Var("c".into()),
                data: b"hello\n\0".to_vec()
            }
        );
        assert_eq!(
            parse("A: recv(#3, 10)").op,
            Op::Recv {
                sock: SockRef::Id(3),
                max: 10
            }
        );
        assert_eq!(
            parse("bind(s, *:53)").op,
            Op::Bind {
                sock: SockRef::Var("s".into()),
                local: Endpoint::any(53)
            }
        );
        assert_eq!(
            parse("서버: 소켓 = socket(udp)").host.as_deref(),
            Some("서버")
        );
    }

    #[test]
    fn display_round_trips() {
        for line in [
            "A: s = socket(tcp)",
            "A: bind(s, 10.0.0.1:80)",
            "listen(s, 5)",
            "B: connect(c, 10.0.0.1:80)",
            r#"send(c, "a \"quoted\"\tline\n\xff")"#,
            "shutdown(c, write)",
            r#"sendto(u, "x", 10.0.0.2:53)"#,
            "ping(10.0.0.2)",
            "reuseaddr(s, on)",
            "send(c, 5000)",
            "spawn(C, 10.0.0.3)",
            "remove(C)",
            "path(A, B, delay=20ms, loss=5%)",
            "link(A, B, delay=1.5ms, jitter=250us, duplicate=0.0001%, reorder=12.5%, corrupt=100%)",
            "packet(17, drop)",
            "packet(17, delay=200ms)",
        ] {
            let c = parse(line);
            assert_eq!(parse(&c.to_string()), c, "{line} -> {c}");
        }
    }

    #[test]
    fn stage_lines_set_exact_settings_and_print_back_canonically() {
        let c = parse("link(A, B, delay=1.5ms, jitter=250us, loss=0.0001%, reorder_by=2s)");
        let Op::Path { both, settings, .. } = &c.op else {
            panic!("{c:?}")
        };
        assert!(*both);
        assert_eq!(settings.delay, Duration(1_500));
        assert_eq!(settings.jitter, Duration(250));
        assert_eq!(settings.loss_ppm, 1);
        assert_eq!(settings.reorder_extra, Duration(2_000_000));
        assert_eq!(
            c.to_string(),
            "link(A, B, delay=1500us, jitter=250us, reorder_by=2000ms, loss=0.0001%)"
        );
        for bad in [
            "path(A, B, loss=101%)",
            "path(A, B, speed=9)",
            "packet(x, drop)",
            "packet(1, fold)",
            "path(A)",
        ] {
            assert!(bad.parse::<Command>().is_err(), "{bad} should not parse");
        }
    }

    #[test]
    fn stage_lines_change_the_world_and_report_what_went_wrong() {
        let mut world = World::with_seed(1);
        let mut con = Console::default();
        assert_eq!(
            con.run_line(&mut world, "spawn(A, 10.0.0.1)"),
            Ok(Value::Done)
        );
        assert_eq!(
            con.run_line(&mut world, "spawn(B, 10.0.0.2)"),
            Ok(Value::Done)
        );
        assert!(matches!(
            con.run_line(&mut world, "spawn(C, 10.0.0.2)"),
            Err(CommandError::Host(_))
        ));
        con.run_line(&mut world, "path(A, B, delay=30ms)").unwrap();
        let (a, b) = (
            world.host_by_name("A").unwrap().id,
            world.host_by_name("B").unwrap().id,
        );
        assert_eq!(world.network().path(a, b).delay, Duration::from_millis(30));
        assert_eq!(world.network().path(b, a).delay, Duration::from_millis(10));
        con.run_line(&mut world, "A: ping(10.0.0.2)").unwrap();
        let id = world.network().in_flight().next().unwrap().id;
        con.run_line(&mut world, &format!("packet({}, drop)", id.0))
            .unwrap();
        assert!(world.network().in_flight().next().is_none());
        assert!(matches!(
            con.run_line(&mut world, &format!("packet({}, hold)", id.0)),
            Err(CommandError::Packet(_))
        ));
        con.run_line(&mut world, "remove(B)").unwrap();
        assert!(world.host_by_name("B").is_none());
        assert_eq!(
            con.run_line(&mut world, "remove(B)"),
            Err(CommandError::UnknownHost("B".into()))
        );
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = |s: &str| s.parse::<Command>().unwrap_err().to_string();
        assert_eq!(
            e("A: bind(s 10.0.0.1:80)"),
            "at column 11: expected \",\" or \")\""
        );
        assert!(e("A: bind(s, 10.0.0:80)").contains("is not an IPv4 address"));
        assert!(e("A: bind(s, 10.0.0.1:99999)").contains("16-bit"));
        assert!(e("A: socket(icmp)").contains("use tcp or udp"));
        assert!(e("A: frob(s)").contains("unknown call"));
        assert!(e(r#"send(c, "open"#).contains("no closing"));
        assert!(e("A: s = socket(tcp) extra").contains("unexpected text"));
        assert!(e("").contains("expected a call"));
    }

    #[test]
    fn runs_a_tcp_conversation_with_per_host_variables() {
        let mut w = World::with_seed(3);
        w.spawn_host_str("A", "10.0.0.1").unwrap();
        w.spawn_host_str("B", "10.0.0.2").unwrap();
        let mut con = Console::default();
        for line in [
            "A: s = socket(tcp)",
            "A: bind(s, 10.0.0.1:80)",
            "A: listen(s)",
            "B: s = socket(tcp)",
            "B: connect(s, 10.0.0.1:80)",
        ] {
            con.run_line(&mut w, line)
                .unwrap_or_else(|e| panic!("{line}: {e}"));
        }
        assert_eq!(
            con.run_line(&mut w, "A: t = accept(s)"),
            Err(CommandError::Errno(Errno::WouldBlock))
        );
        w.advance(Duration::from_millis(50));
        let Value::Accepted { remote, .. } = con.run_line(&mut w, "A: t = accept(s)").unwrap()
        else {
            panic!()
        };
        assert_eq!(remote.addr, Ipv4Addr::new(10, 0, 0, 2));
        con.run_line(&mut w, r#"B: send(s, "hello")"#).unwrap();
        w.advance(Duration::from_millis(50));
        let got = con.run_line(&mut w, "A: recv(t)").unwrap();
        assert_eq!(got.to_string(), "\"hello\" (5 bytes)");
        assert!(matches!(
            con.run_line(&mut w, "recv(x)"),
            Err(CommandError::UnknownVariable { .. })
        ));
        assert_eq!(
            con.run_line(&mut w, "C: recv(t)"),
            Err(CommandError::UnknownHost("C".into()))
        );
        assert_eq!(
            con.run_line(&mut w, "A: x = close(t)"),
            Err(CommandError::NothingToAssign)
        );
    }

    #[test]
    fn a_line_without_a_host_needs_one_before_it() {
        let mut w = World::with_seed(3);
        let mut con = Console::default();
        assert_eq!(
            con.run_line(&mut w, "s = socket(udp)"),
            Err(CommandError::NoHost)
        );
    }
}
