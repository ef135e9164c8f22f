//! A command's canonical text: parsing it gives the same command back. Names and argument
//! words come from the one vocabulary of calls ([`crate::call`]), which the log's calls
//! are written with too.

use super::{quote, Command, Op, PacketAction, SockRef};
use crate::call::{protocol_word, shutdown_word, switch_word, write_call, CallName};
use crate::network::time_text;
use std::fmt;

fn sock_text(s: &SockRef) -> String {
    match s {
        SockRef::Var(v) => v.clone(),
        SockRef::Id(n) => format!("#{n}"),
    }
}

fn packet_action_text(action: &PacketAction) -> String {
    match action {
        PacketAction::Drop => "drop".into(),
        PacketAction::Hold => "hold".into(),
        PacketAction::Release => "release".into(),
        PacketAction::Duplicate => "duplicate".into(),
        PacketAction::Delay(d) => format!("delay={}", time_text(*d)),
    }
}

impl Op {
    /// Which call of the vocabulary this is (`send(c, 5000)` is a send; `link` is a path
    /// both ways, with a name of its own).
    pub fn name(&self) -> CallName {
        match self {
            Op::Socket { .. } => CallName::Socket,
            Op::Bind { .. } => CallName::Bind,
            Op::Listen { .. } => CallName::Listen,
            Op::Accept { .. } => CallName::Accept,
            Op::Connect { .. } => CallName::Connect,
            Op::Send { .. } | Op::SendN { .. } => CallName::Send,
            Op::Recv { .. } => CallName::Recv,
            Op::SendTo { .. } => CallName::SendTo,
            Op::RecvFrom { .. } => CallName::RecvFrom,
            Op::Shutdown { .. } => CallName::Shutdown,
            Op::Close { .. } => CallName::Close,
            Op::GetSockName { .. } => CallName::GetSockName,
            Op::GetPeerName { .. } => CallName::GetPeerName,
            Op::Abort { .. } => CallName::Abort,
            Op::ReuseAddr { .. } => CallName::ReuseAddr,
            Op::NoDelay { .. } => CallName::NoDelay,
            Op::Ping { .. } => CallName::Ping,
            Op::Spawn { .. } => CallName::Spawn,
            Op::Remove { .. } => CallName::Remove,
            Op::Path { both: false, .. } => CallName::Path,
            Op::Path { both: true, .. } => CallName::Link,
            Op::Packet { .. } => CallName::Packet,
            Op::Net(op) => op.name(),
            Op::Profile { .. } => CallName::Profile,
            Op::Sysctl { .. } => CallName::Sysctl,
        }
    }

    /// The arguments as the console writes them, in order.
    fn args(&self) -> Vec<String> {
        match self {
            Op::Socket { protocol } => vec![protocol_word(*protocol).into()],
            Op::Bind { sock, local } => vec![sock_text(sock), local.to_string()],
            Op::Listen { sock, backlog } => vec![sock_text(sock), backlog.to_string()],
            Op::Connect { sock, remote } => vec![sock_text(sock), remote.to_string()],
            Op::Send { sock, data } => vec![sock_text(sock), quote(data)],
            Op::Recv { sock, max } | Op::RecvFrom { sock, max } => {
                vec![sock_text(sock), max.to_string()]
            }
            Op::SendTo { sock, data, remote } => {
                vec![sock_text(sock), quote(data), remote.to_string()]
            }
            Op::Shutdown { sock, how } => vec![sock_text(sock), shutdown_word(*how).into()],
            Op::Accept { sock }
            | Op::Close { sock }
            | Op::GetSockName { sock }
            | Op::GetPeerName { sock }
            | Op::Abort { sock } => vec![sock_text(sock)],
            Op::ReuseAddr { sock, on } | Op::NoDelay { sock, on } => {
                vec![sock_text(sock), switch_word(*on).into()]
            }
            Op::Ping { dst } => vec![dst.to_string()],
            Op::SendN { sock, len } => vec![sock_text(sock), len.to_string()],
            Op::Spawn { name, addr } => vec![name.clone(), addr.to_string()],
            Op::Remove { name } => vec![name.clone()],
            Op::Path {
                from, to, settings, ..
            } => [from.clone(), to.clone()]
                .into_iter()
                .chain(settings.key_values())
                .collect(),
            Op::Packet { id, action } => vec![id.0.to_string(), packet_action_text(action)],
            Op::Net(op) => op.args(),
            Op::Profile { name, profile } => vec![name.clone(), profile.name().into()],
            Op::Sysctl { name, set } => std::iter::once(name.clone())
                .chain(set.map(|(k, v)| format!("{}={v}", k.name())))
                .collect(),
        }
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
        let args = self.op.args();
        let args: Vec<&dyn fmt::Display> = args.iter().map(|a| a as &dyn fmt::Display).collect();
        write_call(f, self.op.name(), &args)
    }
}
