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

use crate::endpoint::{parse_ipv4, AddrParseError, Endpoint};
use crate::errno::Errno;
use crate::host::{HostError, HostId};
use crate::network::{PacketError, PacketId, PathSettings};
use crate::socket::{Protocol, Shutdown, SocketId};
use crate::time::Duration;
use crate::world::World;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::net::Ipv4Addr;

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
            CommandError::Parse { column, message } => write!(f, "at column {column}: {message}"),
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
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Done => f.write_str("ok"),
            Value::Socket { id } => write!(f, "socket {id}"),
            Value::Sent { len } => write!(f, "{len} bytes accepted for sending"),
            Value::Received { data, .. } if data.is_empty() => {
                f.write_str("0 bytes: end of stream (the peer closed)")
            }
            Value::Received { data, from } => {
                write!(f, "{} ({} bytes)", quote(data), data.len())?;
                match from {
                    Some(ep) => write!(f, " from {ep}"),
                    None => Ok(()),
                }
            }
            Value::Accepted { id, remote } => write!(f, "socket {id}, connected to {remote}"),
            Value::Endpoint(ep) => write!(f, "{ep}"),
        }
    }
}

/// Bytes as a string literal the console can read back: valid UTF-8 as text (so "안녕"
/// reads as 안녕, not as \xec\x95\x88…), control characters and bytes that are not UTF-8
/// escaped.
pub fn quote(data: &[u8]) -> String {
    format!("\"{}\"", crate::wire::dissect::escape_bytes(data))
}

// ---- parsing ----------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Str(Vec<u8>),
    Punct(char),
}

struct Lexer<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
    text: &'a str,
}

fn err(col: usize, message: impl Into<String>) -> CommandError {
    CommandError::Parse {
        column: col as u32 + 1,
        message: message.into(),
    }
}

impl<'a> Lexer<'a> {
    fn tokens(text: &'a str) -> Result<Vec<(usize, Token)>, CommandError> {
        let mut lx = Lexer {
            chars: text.char_indices().peekable(),
            text,
        };
        let mut out = Vec::new();
        while let Some(&(i, c)) = lx.chars.peek() {
            let col = lx.text[..i].chars().count();
            if c.is_whitespace() {
                lx.chars.next();
            } else if c == '"' {
                lx.chars.next();
                out.push((col, Token::Str(lx.string(col)?)));
            } else if matches!(c, ':' | '=' | '(' | ')' | ',') {
                lx.chars.next();
                out.push((col, Token::Punct(c)));
            } else {
                let mut w = String::new();
                while let Some(&(_, c)) = lx.chars.peek() {
                    // A word runs to the next space or punctuation, except that a colon
                    // inside an address (10.0.0.1:80, *:80) belongs to it.
                    let in_addr = c == ':' && (w.contains('.') || w == "*");
                    if c.is_whitespace()
                        || c == '"'
                        || (matches!(c, ':' | '=' | '(' | ')' | ',') && !in_addr)
                    {
                        break;
                    }
                    w.push(c);
                    lx.chars.next();
                }
                out.push((col, Token::Word(w)));
            }
        }
        Ok(out)
    }

    fn string(&mut self, start: usize) -> Result<Vec<u8>, CommandError> {
        let mut out = Vec::new();
        loop {
            let Some((_, c)) = self.chars.next() else {
                return Err(err(start, "this string has no closing \""));
            };
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let Some((_, e)) = self.chars.next() else {
                        return Err(err(start, "this string ends in the middle of an escape"));
                    };
                    match e {
                        'n' => out.push(b'\n'),
                        't' => out.push(b'\t'),
                        'r' => out.push(b'\r'),
                        '0' => out.push(0),
                        '"' => out.push(b'"'),
                        '\\' => out.push(b'\\'),
                        'x' => {
                            let hex: String = (0..2)
                                .filter_map(|_| self.chars.next().map(|(_, c)| c))
                                .collect();
                            let b = u8::from_str_radix(&hex, 16).map_err(|_| {
                                err(start, format!("\\x needs two hex digits, not \"{hex}\""))
                            })?;
                            out.push(b);
                        }
                        other => {
                            return Err(err(
                                start,
                                format!(
                                    "unknown escape \\{other}: use \\n, \\t, \\\", \\\\ or \\xNN"
                                ),
                            ))
                        }
                    }
                }
                c => {
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
    }
}

fn is_ident(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && cs.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

impl std::str::FromStr for Command {
    type Err = CommandError;

    fn from_str(line: &str) -> Result<Self, Self::Err> {
        let toks = Lexer::tokens(line)?;
        let end = line.chars().count();
        let mut i = 0;
        let word_at = |i: usize| match toks.get(i) {
            Some((_, Token::Word(w))) => Some(w.clone()),
            _ => None,
        };
        let punct_at =
            |i: usize, p: char| matches!(toks.get(i), Some((_, Token::Punct(c))) if *c == p);
        let mut host = None;
        if let (Some(w), true) = (word_at(0), punct_at(1, ':')) {
            host = Some(w);
            i = 2;
        }
        let mut assign = None;
        if let (Some(w), true) = (word_at(i), punct_at(i + 1, '=')) {
            if !is_ident(&w) {
                return Err(err(
                    toks[i].0,
                    format!("\"{w}\" cannot name a socket: use letters, digits and _"),
                ));
            }
            assign = Some(w);
            i += 2;
        }
        let col = |i: usize| toks.get(i).map_or(end, |t| t.0);
        let Some(name) = word_at(i) else {
            return Err(err(col(i), "expected a call such as socket(tcp), bind(s, 10.0.0.1:80) or connect(c, 10.0.0.1:80)"));
        };
        if !punct_at(i + 1, '(') {
            return Err(err(col(i + 1), format!("expected \"(\" after {name}")));
        }
        i += 2;
        let mut args: Vec<(usize, Token)> = Vec::new();
        if !punct_at(i, ')') {
            loop {
                match toks.get(i) {
                    // `key=value`, as the stage commands take their settings.
                    Some((c, Token::Word(k))) if punct_at(i + 1, '=') => match toks.get(i + 2) {
                        Some((_, Token::Word(v))) => {
                            args.push((*c, Token::Word(format!("{k}={v}"))));
                            i += 2;
                        }
                        _ => return Err(err(col(i + 2), format!("expected a value after {k}="))),
                    },
                    Some((c, t @ (Token::Word(_) | Token::Str(_)))) => args.push((*c, t.clone())),
                    _ => return Err(err(col(i), "expected an argument")),
                }
                i += 1;
                if punct_at(i, ',') {
                    i += 1;
                } else if punct_at(i, ')') {
                    break;
                } else {
                    return Err(err(col(i), "expected \",\" or \")\""));
                }
            }
        }
        i += 1;
        if i < toks.len() {
            return Err(err(col(i), "unexpected text after the closing \")\""));
        }
        let op = parse_op(&name, &args, col(i.saturating_sub(1)))?;
        Ok(Command { host, assign, op })
    }
}

fn parse_op(name: &str, args: &[(usize, Token)], close: usize) -> Result<Op, CommandError> {
    let arity = |n: std::ops::RangeInclusive<usize>, usage: &str| {
        if n.contains(&args.len()) {
            Ok(())
        } else {
            Err(err(close, format!("{name} takes {usage}")))
        }
    };
    let word = |k: usize| -> Result<(usize, &str), CommandError> {
        match args.get(k) {
            Some((c, Token::Word(w))) => Ok((*c, w.as_str())),
            Some((c, _)) => Err(err(*c, "expected a name or number here, not a string")),
            None => Err(err(close, "missing argument")),
        }
    };
    let sock = |k: usize| -> Result<SockRef, CommandError> {
        let (c, w) = word(k)?;
        if let Some(n) = w.strip_prefix('#') {
            return n
                .parse()
                .map(SockRef::Id)
                .map_err(|_| err(c, format!("\"{w}\" is not a socket number")));
        }
        if is_ident(w) {
            Ok(SockRef::Var(w.to_string()))
        } else {
            Err(err(c, format!("\"{w}\" is not a socket name")))
        }
    };
    let endpoint = |k: usize| -> Result<Endpoint, CommandError> {
        let (_, w) = word(k)?;
        w.parse().map_err(CommandError::Address)
    };
    let data = |k: usize| -> Result<Vec<u8>, CommandError> {
        match args.get(k) {
            Some((_, Token::Str(s))) => Ok(s.clone()),
            Some((c, _)) => Err(err(
                *c,
                "expected a string in double quotes, like \"hello\"",
            )),
            None => Err(err(close, "missing the data to send, like \"hello\"")),
        }
    };
    let number = |k: usize, default: u32| -> Result<u32, CommandError> {
        match args.get(k) {
            None => Ok(default),
            Some(_) => {
                let (c, w) = word(k)?;
                w.parse()
                    .map_err(|_| err(c, format!("\"{w}\" is not a whole number")))
            }
        }
    };
    Ok(match name {
        "socket" => {
            arity(1..=1, "one argument: tcp or udp")?;
            let (c, p) = word(0)?;
            let protocol = match p.to_ascii_lowercase().as_str() {
                "tcp" | "sock_stream" | "stream" => Protocol::Tcp,
                "udp" | "sock_dgram" | "dgram" => Protocol::Udp,
                _ => return Err(err(c, format!("\"{p}\" is not a protocol: use tcp or udp"))),
            };
            Op::Socket { protocol }
        }
        "bind" => {
            arity(2..=2, "a socket and an address, like bind(s, 10.0.0.1:80)")?;
            Op::Bind { sock: sock(0)?, local: endpoint(1)? }
        }
        "listen" => {
            arity(1..=2, "a socket and an optional backlog, like listen(s) or listen(s, 5)")?;
            Op::Listen { sock: sock(0)?, backlog: number(1, 128)? }
        }
        "accept" => {
            arity(1..=1, "one listening socket")?;
            Op::Accept { sock: sock(0)? }
        }
        "connect" => {
            arity(2..=2, "a socket and an address, like connect(c, 10.0.0.1:80)")?;
            Op::Connect { sock: sock(0)?, remote: endpoint(1)? }
        }
        "send" | "write" => {
            arity(2..=2, "a socket and a string, like send(c, \"hello\"), or a byte count, like send(c, 5000)")?;
            match args.get(1) {
                Some((_, Token::Word(w))) if w.bytes().all(|b| b.is_ascii_digit()) => {
                    Op::SendN { sock: sock(0)?, len: number(1, 0)?.min(MAX_SEND_N) }
                }
                _ => Op::Send { sock: sock(0)?, data: data(1)? },
            }
        }
        "recv" | "read" => {
            arity(1..=2, "a socket and an optional byte count, like recv(t) or recv(t, 100)")?;
            Op::Recv { sock: sock(0)?, max: number(1, DEFAULT_RECV)? }
        }
        "sendto" => {
            arity(3..=3, "a socket, a string and an address, like sendto(u, \"hi\", 10.0.0.2:53)")?;
            Op::SendTo { sock: sock(0)?, data: data(1)?, remote: endpoint(2)? }
        }
        "recvfrom" => {
            arity(1..=2, "a socket and an optional byte count")?;
            Op::RecvFrom { sock: sock(0)?, max: number(1, DEFAULT_RECV)? }
        }
        "shutdown" => {
            arity(2..=2, "a socket and read, write or both")?;
            let (c, h) = word(1)?;
            let how = match h.to_ascii_lowercase().as_str() {
                "read" | "rd" | "shut_rd" => Shutdown::Read,
                "write" | "wr" | "shut_wr" => Shutdown::Write,
                "both" | "rdwr" | "shut_rdwr" => Shutdown::Both,
                _ => return Err(err(c, format!("\"{h}\": use read, write or both"))),
            };
            Op::Shutdown { sock: sock(0)?, how }
        }
        "close" => {
            arity(1..=1, "one socket")?;
            Op::Close { sock: sock(0)? }
        }
        "getsockname" => {
            arity(1..=1, "one socket")?;
            Op::GetSockName { sock: sock(0)? }
        }
        "getpeername" => {
            arity(1..=1, "one socket")?;
            Op::GetPeerName { sock: sock(0)? }
        }
        "abort" => {
            arity(1..=1, "one socket")?;
            Op::Abort { sock: sock(0)? }
        }
        "reuseaddr" | "setreuseaddr" => {
            arity(2..=2, "a socket and on or off")?;
            let (c, v) = word(1)?;
            let on = match v {
                "on" | "1" | "true" => true,
                "off" | "0" | "false" => false,
                _ => return Err(err(c, "use on or off")),
            };
            Op::ReuseAddr { sock: sock(0)?, on }
        }
        "ping" => {
            arity(1..=1, "an address, like ping(10.0.0.2)")?;
            let (_, a) = word(0)?;
            Op::Ping { dst: parse_ipv4(a).map_err(CommandError::Address)? }
        }
        "spawn" => {
            arity(2..=2, "a name and an address, like spawn(C, 10.0.0.3)")?;
            let (_, a) = word(1)?;
            Op::Spawn { name: word(0)?.1.to_string(), addr: parse_ipv4(a).map_err(CommandError::Address)? }
        }
        "remove" => {
            arity(1..=1, "a host name, like remove(C)")?;
            Op::Remove { name: word(0)?.1.to_string() }
        }
        "path" | "link" => {
            if args.len() < 2 {
                return Err(err(close, format!("{name} takes two hosts and settings, like {name}(A, B, delay=20ms, loss=5%)")));
            }
            let mut settings = PathSettings::default();
            for k in 2..args.len() {
                let (c, w) = word(k)?;
                set_path_key(&mut settings, w).map_err(|m| err(c, m))?;
            }
            Op::Path { from: word(0)?.1.to_string(), to: word(1)?.1.to_string(), both: name == "link", settings }
        }
        "packet" => {
            arity(2..=2, "a packet number and drop, hold, release, duplicate or delay=200ms")?;
            let (c, n) = word(0)?;
            let id = n.trim_start_matches('#').parse().map_err(|_| err(c, format!("\"{n}\" is not a packet number")))?;
            let (c, a) = word(1)?;
            let action = match a {
                "drop" => PacketAction::Drop,
                "hold" => PacketAction::Hold,
                "release" => PacketAction::Release,
                "duplicate" => PacketAction::Duplicate,
                _ => match a.strip_prefix("delay=").map(parse_ms) {
                    Some(Ok(d)) => PacketAction::Delay(d),
                    Some(Err(m)) => return Err(err(c, m)),
                    None => return Err(err(c, format!("unknown packet action {a}: use drop, hold, release, duplicate or delay=200ms"))),
                },
            };
            Op::Packet { id: PacketId(id), action }
        }
        other => {
            return Err(err(
                0,
                format!("unknown call \"{other}\": try socket, bind, listen, accept, connect, send, recv, sendto, recvfrom, shutdown, close, getsockname, getpeername, abort, ping, spawn, remove, path, link, packet"),
            ))
        }
    })
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
        let how = |h: &Shutdown| match h {
            Shutdown::Read => "read",
            Shutdown::Write => "write",
            Shutdown::Both => "both",
        };
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
            Op::Shutdown { sock, how: h } => write!(f, "shutdown({}, {})", sock_text(sock), how(h)),
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
                write!(f, "{name}({from}, {to}{})", path_keys(settings))
            }
            Op::Packet { id, action } => {
                let a = match action {
                    PacketAction::Drop => "drop".to_string(),
                    PacketAction::Hold => "hold".into(),
                    PacketAction::Release => "release".into(),
                    PacketAction::Duplicate => "duplicate".into(),
                    PacketAction::Delay(d) => format!("delay={}", ms_text(*d)),
                };
                write!(f, "packet({}, {a})", id.0)
            }
        }
    }
}

/// The most `send(c, N)` sends in one call.
pub const MAX_SEND_N: u32 = 1 << 20;

/// "20ms", "1.5ms", "2s" → a duration, exact to the microsecond.
fn parse_ms(text: &str) -> Result<Duration, String> {
    let (num, scale) = if let Some(n) = text.strip_suffix("ms") {
        (n, 1_000.0)
    } else if let Some(n) = text.strip_suffix("us") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1_000_000.0)
    } else {
        (text, 1_000.0)
    };
    match num.parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=3_600_000_000.0).contains(&(v * scale)) => {
            Ok(Duration((v * scale).round() as u64))
        }
        _ => Err(format!("\"{text}\" is not a time like 20ms")),
    }
}

/// "5%", "0.25%" → parts per million.
fn parse_pct(text: &str) -> Result<u32, String> {
    match text.trim_end_matches('%').parse::<f64>() {
        Ok(v) if v.is_finite() && (0.0..=100.0).contains(&v) => Ok((v * 10_000.0).round() as u32),
        _ => Err(format!("\"{text}\" is not a percentage from 0% to 100%")),
    }
}

fn set_path_key(s: &mut PathSettings, kv: &str) -> Result<(), String> {
    let Some((k, v)) = kv.split_once('=') else {
        return Err(format!("expected a setting like delay=20ms, not \"{kv}\""));
    };
    match k {
        "delay" => s.delay = parse_ms(v)?,
        "jitter" => s.jitter = parse_ms(v)?,
        "reorder_by" => s.reorder_extra = parse_ms(v)?,
        "loss" => s.loss_ppm = parse_pct(v)?,
        "duplicate" => s.duplicate_ppm = parse_pct(v)?,
        "reorder" => s.reorder_ppm = parse_pct(v)?,
        "corrupt" => s.corrupt_ppm = parse_pct(v)?,
        _ => {
            return Err(format!(
                "unknown setting {k}: use delay, jitter, loss, duplicate, reorder, reorder_by or corrupt"
            ))
        }
    }
    Ok(())
}

fn ms_text(d: Duration) -> String {
    let us = d.micros();
    if us % 1000 == 0 {
        format!("{}ms", us / 1000)
    } else {
        format!("{us}us")
    }
}

fn pct_text(ppm: u32) -> String {
    let s = format!("{:.4}", f64::from(ppm) / 10_000.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s}%")
}

/// The settings that differ from the defaults, as `, key=value` pairs.
fn path_keys(s: &PathSettings) -> String {
    let d = PathSettings::default();
    let mut out = String::new();
    let mut time = |k: &str, v: Duration, def: Duration| {
        if v != def {
            out.push_str(&format!(", {k}={}", ms_text(v)));
        }
    };
    time("delay", s.delay, d.delay);
    time("jitter", s.jitter, d.jitter);
    time("reorder_by", s.reorder_extra, d.reorder_extra);
    for (k, v) in [
        ("loss", s.loss_ppm),
        ("duplicate", s.duplicate_ppm),
        ("reorder", s.reorder_ppm),
        ("corrupt", s.corrupt_ppm),
    ] {
        if v != 0 {
            out.push_str(&format!(", {k}={}", pct_text(v)));
        }
    }
    out
}

// ---- running ----------------------------------------------------------------------------

/// The console's memory: socket variables per host, and the host of the last line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Console {
    pub vars: BTreeMap<(HostId, String), SocketId>,
    pub current: Option<HostId>,
}

impl Console {
    /// Parses and runs one line.
    pub fn run_line(&mut self, world: &mut World, line: &str) -> Result<Value, CommandError> {
        let cmd: Command = line.parse()?;
        self.run(world, &cmd)
    }

    pub fn run(&mut self, world: &mut World, cmd: &Command) -> Result<Value, CommandError> {
        if cmd.op.is_stage() {
            if cmd.assign.is_some() {
                return Err(CommandError::NothingToAssign);
            }
            return stage(world, &cmd.op);
        }
        let host = match &cmd.host {
            Some(name) => world
                .host_by_name(name)
                .map(|h| h.id)
                .ok_or_else(|| CommandError::UnknownHost(name.clone()))?,
            None => self
                .current
                .filter(|h| world.host(*h).is_some())
                .ok_or(CommandError::NoHost)?,
        };
        self.current = Some(host);
        let value = self.call(world, host, &cmd.op)?;
        if let Some(name) = &cmd.assign {
            let id = match value {
                Value::Socket { id } | Value::Accepted { id, .. } => id,
                _ => return Err(CommandError::NothingToAssign),
            };
            self.vars.insert((host, name.clone()), id);
        }
        Ok(value)
    }

    /// The variable names a host's console knows for a socket, for labels in the UI.
    pub fn names_of(&self, id: SocketId) -> Vec<&str> {
        self.vars
            .iter()
            .filter(|(_, s)| **s == id)
            .map(|((_, n), _)| n.as_str())
            .collect()
    }

    fn resolve(&self, world: &World, host: HostId, s: &SockRef) -> Result<SocketId, CommandError> {
        match s {
            SockRef::Id(n) => Ok(SocketId(*n)),
            SockRef::Var(name) => self
                .vars
                .get(&(host, name.clone()))
                .copied()
                .ok_or_else(|| CommandError::UnknownVariable {
                    host: world.host(host).map(|h| h.name.clone()).unwrap_or_default(),
                    name: name.clone(),
                }),
        }
    }

    fn call(&self, world: &mut World, host: HostId, op: &Op) -> Result<Value, CommandError> {
        let r = |s: &SockRef| self.resolve(world, host, s);
        Ok(match op {
            Op::Socket { protocol } => Value::Socket {
                id: world.socket(host, *protocol)?,
            },
            Op::Bind { sock, local } => {
                let s = r(sock)?;
                world.bind(s, *local)?;
                Value::Done
            }
            Op::Listen { sock, backlog } => {
                let s = r(sock)?;
                world.listen(s, *backlog)?;
                Value::Done
            }
            Op::Accept { sock } => {
                let s = r(sock)?;
                let (id, remote) = world.accept(s)?;
                Value::Accepted { id, remote }
            }
            Op::Connect { sock, remote } => {
                let s = r(sock)?;
                world.connect(s, *remote)?;
                Value::Done
            }
            Op::Send { sock, data } => {
                let s = r(sock)?;
                Value::Sent {
                    len: world.send(s, data)?,
                }
            }
            Op::Recv { sock, max } => {
                let s = r(sock)?;
                let data = world.recv(s, *max)?;
                Value::Received { data, from: None }
            }
            Op::SendTo { sock, data, remote } => {
                let s = r(sock)?;
                Value::Sent {
                    len: world.send_to(s, data, *remote)?,
                }
            }
            Op::RecvFrom { sock, max } => {
                let s = r(sock)?;
                let (data, from) = world.recv_from(s, *max)?;
                Value::Received {
                    data,
                    from: Some(from),
                }
            }
            Op::Shutdown { sock, how } => {
                let s = r(sock)?;
                world.shutdown(s, *how)?;
                Value::Done
            }
            Op::Close { sock } => {
                let s = r(sock)?;
                world.close(s)?;
                Value::Done
            }
            Op::GetSockName { sock } => {
                let s = r(sock)?;
                Value::Endpoint(world.getsockname(s)?)
            }
            Op::GetPeerName { sock } => {
                let s = r(sock)?;
                Value::Endpoint(world.getpeername(s)?)
            }
            Op::Abort { sock } => {
                let s = r(sock)?;
                world.abort(s)?;
                Value::Done
            }
            Op::ReuseAddr { sock, on } => {
                let s = r(sock)?;
                world.set_reuse_addr(s, *on)?;
                Value::Done
            }
            Op::Ping { dst } => {
                world.ping(host, *dst)?;
                Value::Done
            }
            Op::SendN { sock, len } => {
                let s = r(sock)?;
                Value::Sent {
                    len: world.send(s, &pattern(*len))?,
                }
            }
            Op::Spawn { .. } | Op::Remove { .. } | Op::Path { .. } | Op::Packet { .. } => {
                stage(world, op)?
            }
        })
    }
}

/// Runs a stage command: what the page's host form, path panel and packet menu do.
fn stage(world: &mut World, op: &Op) -> Result<Value, CommandError> {
    let host = |world: &World, name: &str| {
        world
            .host_by_name(name)
            .map(|h| h.id)
            .ok_or_else(|| CommandError::UnknownHost(name.to_string()))
    };
    match op {
        Op::Spawn { name, addr } => {
            world.spawn_host(name, *addr).map_err(CommandError::Host)?;
        }
        Op::Remove { name } => {
            let id = host(world, name)?;
            world.remove_host(id).map_err(CommandError::Host)?;
        }
        Op::Path {
            from,
            to,
            both,
            settings,
        } => {
            let (a, b) = (host(world, from)?, host(world, to)?);
            let r = if *both {
                world.set_link(a, b, *settings)
            } else {
                world.set_path(a, b, *settings)
            };
            r.map_err(CommandError::Host)?;
        }
        Op::Packet { id, action } => {
            let r = match action {
                PacketAction::Drop => world.drop_packet(*id),
                PacketAction::Hold => world.hold_packet(*id),
                PacketAction::Release => world.release_packet(*id),
                PacketAction::Duplicate => world.duplicate_packet(*id).map(|_| ()),
                PacketAction::Delay(by) => world.delay_packet(*id, *by),
            };
            r.map_err(CommandError::Packet)?;
        }
        _ => {}
    }
    Ok(Value::Done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Duration;
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
