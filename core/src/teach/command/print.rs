//! A command's canonical text: parsing it gives the same command back.

use super::{quote, Command, Op, PacketAction, SockRef};
use crate::network::time_text;
use crate::socket::Shutdown;
use std::fmt;

/// How a shutdown is written in the console and the log.
pub(super) fn shutdown_text(how: Shutdown) -> &'static str {
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
