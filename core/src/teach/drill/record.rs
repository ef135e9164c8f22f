//! A scenario's run, seen from one TCP connection, written as a packetdrill script: the
//! connection's host is the host under test, its peer is the script. A teacher can run the
//! same lesson against a real kernel with packetdrill, and our runner replays it.
//!
//! Sockets are written non-blocking (`fcntl(..., O_NONBLOCK)`), because our calls never
//! block: connect answers EINPROGRESS and a read with nothing to read EAGAIN, exactly as
//! the lesson's calls did. Times are absolute: inbound segments at the moment they reached
//! the host, outbound ones when the host sent them.

use super::ast::{flags_text, TcpOpt};
use super::matcher::options_text;
use crate::endpoint::Endpoint;
use crate::errno::Errno;
use crate::ids::HostId;
use crate::log::{Call, CallValue, EventKind};
use crate::socket::{Shutdown, SocketId};
use crate::teach::scenario::Scenario;
use crate::time::Instant;
use crate::wire::{IpPacket, TcpFlags, TcpRepr, Transport};
use crate::world::World;
use std::collections::BTreeMap;

/// One line and whether it is an outbound segment (calls move before those of the same
/// instant, since a call's segments are logged before the call itself).
struct Line {
    at: Instant,
    outbound: bool,
    text: String,
}

/// Runs `scenario` and writes the run of `socket` (by default the first TCP connection)
/// as a packetdrill script.
pub fn record_scenario(scenario: &Scenario, socket: Option<SocketId>) -> Result<String, String> {
    let run = scenario.run().map_err(|e| e.to_string())?;
    let world = &run.world;
    let (conn, host, local, remote, parent) = connection(world, socket)?;
    let mine = |s: Option<SocketId>| s.is_some_and(|s| s == conn || Some(s) == parent);
    let (local_isn, remote_isn) = isns(world, local.port, remote.port);
    let mut fds: BTreeMap<SocketId, i64> = BTreeMap::new();
    let mut lines: Vec<Line> = Vec::new();
    for e in world.log().events() {
        if e.host != Some(host) {
            continue;
        }
        let (outbound, packet) = match &e.kind {
            EventKind::PacketSent { packet, .. } => (true, *packet),
            EventKind::PacketDelivered { packet } => (false, *packet),
            EventKind::UserCall { call, result } if mine(e.socket) => {
                let Some(s) = e.socket else { continue };
                for text in call_lines(&mut fds, s, call, result) {
                    let at = lines
                        .iter()
                        .rposition(|l| !(l.outbound && l.at == e.at))
                        .map_or(0, |i| i + 1);
                    lines.insert(
                        at,
                        Line {
                            at: e.at,
                            outbound: false,
                            text,
                        },
                    );
                }
                continue;
            }
            _ => continue,
        };
        let Some(c) = world.captured(packet) else {
            continue;
        };
        let Ok(IpPacket {
            transport: Transport::Tcp(seg),
            ip,
        }) = IpPacket::parse(&c.bytes)
        else {
            continue;
        };
        let ours = if outbound {
            seg.src_port == local.port && seg.dst_port == remote.port && ip.dst == remote.addr
        } else {
            seg.dst_port == local.port && seg.src_port == remote.port && ip.src == remote.addr
        };
        if ours {
            let (own, peer) = if outbound {
                (local_isn, remote_isn)
            } else {
                (remote_isn, local_isn)
            };
            let dir = if outbound { '>' } else { '<' };
            lines.push(Line {
                at: e.at,
                outbound,
                text: format!("{dir} {}", segment(&seg, own, peer)),
            });
        }
    }
    let mut out = format!(
        "// Recorded by `sockscope drill --record` from the scenario \"{}\" (seed {}):\n\
         // socket {conn} of host {}, {local} <-> {remote}, as the host under test.\n\
         --tolerance_usecs=0\n\n",
        scenario.title.clone().unwrap_or_default(),
        scenario.seed,
        world.host(host).map_or("?", |h| h.name.as_str()),
    );
    for l in lines {
        if l.text.starts_with("//") {
            out.push_str(&format!("{}\n", l.text));
        } else {
            let (s, us) = (l.at.0 / 1_000_000, l.at.0 % 1_000_000);
            out.push_str(&format!("{s:>3}.{us:06} {}\n", l.text));
        }
    }
    Ok(out)
}

/// The connection to record: `socket`, or the first one a connect() opened. Sockets may
/// be gone from the world by the end of the run, so the ends are read from the log and
/// the capture: the connect() call and the first SYN the socket's host sent there.
#[allow(clippy::type_complexity)]
fn connection(
    world: &World,
    socket: Option<SocketId>,
) -> Result<(SocketId, HostId, Endpoint, Endpoint, Option<SocketId>), String> {
    if let Some(s) = socket.and_then(|s| world.get_socket(s)) {
        if let (Some(l), Some(r)) = (s.local, s.remote) {
            return Ok((s.id, s.host, l, r, s.tcp().and_then(|t| t.parent)));
        }
    }
    let (conn, host, remote) = world
        .log()
        .events()
        .iter()
        .find_map(|e| match (&e.kind, e.socket, e.host) {
            (
                EventKind::UserCall {
                    call: Call::Connect { remote },
                    result: Ok(_),
                },
                Some(s),
                Some(h),
            ) if socket.is_none_or(|x| x == s) => Some((s, h, *remote)),
            _ => None,
        })
        .ok_or("the scenario has no TCP connect() to record")?;
    let addr = world
        .host(host)
        .map(|h| h.addr)
        .ok_or("the connecting host is gone")?;
    let port = world
        .capture()
        .iter()
        .filter_map(|c| match IpPacket::parse(&c.bytes) {
            Ok(IpPacket {
                ip,
                transport: Transport::Tcp(t),
            }) if ip.src == addr && ip.dst == remote.addr => Some(t),
            _ => None,
        })
        .find(|t| t.flags.contains(TcpFlags::SYN) && t.dst_port == remote.port)
        .map(|t| t.src_port)
        .ok_or("the connect() sent no SYN")?;
    Ok((conn, host, Endpoint::new(addr, port), remote, None))
}

/// The ISNs of the two ends: the sequence numbers of the SYNs each sent.
fn isns(world: &World, local_port: u16, remote_port: u16) -> (u32, u32) {
    let (mut local, mut remote) = (0, 0);
    for c in world.capture() {
        if let Ok(IpPacket {
            transport: Transport::Tcp(t),
            ..
        }) = IpPacket::parse(&c.bytes)
        {
            if t.flags.contains(TcpFlags::SYN) {
                if t.src_port == local_port && t.dst_port == remote_port {
                    local = t.seq.0;
                } else if t.src_port == remote_port && t.dst_port == local_port {
                    remote = t.seq.0;
                }
            }
        }
    }
    (local, remote)
}

fn segment(seg: &TcpRepr, own_isn: u32, peer_isn: u32) -> String {
    let seq = seg.seq.0.wrapping_sub(own_isn);
    let len = seg.payload.len() as u32;
    let mut s = format!(
        "{} {}:{}({})",
        flags_text(seg.flags.0),
        seq,
        seq.wrapping_add(len),
        len
    );
    if seg.flags.contains(TcpFlags::ACK) {
        s.push_str(&format!(" ack {}", seg.ack.0.wrapping_sub(peer_isn)));
    }
    s.push_str(&format!(" win {}", seg.window));
    let mut opts = Vec::new();
    if let Some(m) = seg.options.mss {
        opts.push(TcpOpt::Mss(m));
    }
    if let Some(w) = seg.options.window_scale {
        opts.push(TcpOpt::WScale(w));
    }
    if seg.options.sack_permitted {
        opts.push(TcpOpt::SackOk);
    }
    if !opts.is_empty() {
        s.push_str(&format!(" <{}>", options_text(&opts)));
    }
    s
}

fn result_text(result: &Result<CallValue, Errno>, ok: i64) -> String {
    match result {
        Ok(_) => ok.to_string(),
        Err(e) => format!("-1 {} ({e})", e.name()),
    }
}

/// The script lines of one call (a socket() also gets its fcntl to non-blocking).
fn call_lines(
    fds: &mut BTreeMap<SocketId, i64>,
    s: SocketId,
    call: &Call,
    result: &Result<CallValue, Errno>,
) -> Vec<String> {
    let next = fds.values().max().map_or(3, |m| m + 1);
    let fd = *fds.entry(s).or_insert(next);
    let nonblock = |fd: i64| format!("fcntl({fd}, F_SETFL, O_RDWR|O_NONBLOCK) = 0");
    match call {
        Call::Socket { .. } => vec![
            format!("socket(..., SOCK_STREAM, IPPROTO_TCP) = {fd}"),
            nonblock(fd),
        ],
        Call::Bind { .. } => vec![format!("bind({fd}, ..., ...) = {}", result_text(result, 0))],
        Call::Listen { backlog } => vec![format!(
            "listen({fd}, {backlog}) = {}",
            result_text(result, 0)
        )],
        Call::Accept => match result {
            Ok(CallValue::Accepted { socket, .. }) => {
                let next = fds.values().max().map_or(3, |m| m + 1);
                let new = *fds.entry(*socket).or_insert(next);
                vec![format!("accept({fd}, ..., ...) = {new}"), nonblock(new)]
            }
            other => vec![format!(
                "accept({fd}, ..., ...) = {}",
                result_text(other, 0)
            )],
        },
        Call::Connect { .. } => {
            let r = match result {
                Ok(_) => "-1 EINPROGRESS (Operation now in progress)".to_string(),
                e => result_text(e, 0),
            };
            vec![format!("connect({fd}, ..., ...) = {r}")]
        }
        Call::Send { len } | Call::SendTo { len, .. } => {
            let n = match result {
                Ok(CallValue::Bytes(n)) => i64::from(*n),
                _ => 0,
            };
            vec![format!(
                "write({fd}, ..., {len}) = {}",
                result_text(result, n)
            )]
        }
        Call::Recv { max } | Call::RecvFrom { max } => {
            let n = match result {
                Ok(CallValue::Received { len, .. }) => i64::from(*len),
                _ => 0,
            };
            vec![format!(
                "read({fd}, ..., {max}) = {}",
                result_text(result, n)
            )]
        }
        Call::Shutdown { how } => {
            let how = match how {
                Shutdown::Read => "SHUT_RD",
                Shutdown::Write => "SHUT_WR",
                Shutdown::Both => "SHUT_RDWR",
            };
            vec![format!(
                "shutdown({fd}, {how}) = {}",
                result_text(result, 0)
            )]
        }
        Call::Close => vec![format!("close({fd}) = {}", result_text(result, 0))],
        Call::Abort => vec![
            format!("setsockopt({fd}, SOL_SOCKET, SO_LINGER, {{onoff=1, linger=0}}, 8) = 0"),
            format!("close({fd}) = {}", result_text(result, 0)),
        ],
        Call::SetReuseAddr { on } => vec![format!(
            "setsockopt({fd}, SOL_SOCKET, SO_REUSEADDR, [{}], 4) = {}",
            u8::from(*on),
            result_text(result, 0)
        )],
        other => vec![format!("// not recorded: {other:?}")],
    }
}
