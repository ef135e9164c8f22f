//! Running console lines: the console's memory of socket variables per host, the calls
//! on a host, and the stage commands the page's buttons also make.

use super::{pattern, Command, CommandError, Op, PacketAction, SockRef, Value};
use crate::ids::HostId;
use crate::ids::SocketId;
use crate::world::World;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
                // TCP answers at once while the handshake goes on; say so. UDP's connect
                // only fixes the peer, so it is simply done.
                match world.get_socket(s).map(crate::socket::Socket::protocol) {
                    Some(crate::socket::Protocol::Tcp) => Value::Connecting,
                    _ => Value::Done,
                }
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
            Op::NoDelay { sock, on } => {
                let s = r(sock)?;
                world.set_nodelay(s, *on)?;
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
            Op::Spawn { .. }
            | Op::Remove { .. }
            | Op::Path { .. }
            | Op::Packet { .. }
            | Op::Net(_)
            | Op::Profile { .. }
            | Op::Sysctl { .. } => stage(world, op)?,
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
        Op::Profile { name, profile } => {
            let id = host(world, name)?;
            world.set_host_profile(id, *profile);
        }
        Op::Sysctl { name, set } => {
            let id = host(world, name)?;
            if let Some((knob, value)) = set {
                world.set_host_knob(id, *knob, *value);
            }
            let text = world.knob_listing(id).unwrap_or_default();
            return Ok(Value::Text {
                en: text.clone(),
                ko: text,
            });
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
        Op::Net(op) => return super::net::run(world, op),
        _ => {}
    }
    Ok(Value::Done)
}
