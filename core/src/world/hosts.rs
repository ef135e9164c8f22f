//! Adding and removing hosts, and setting the paths between them.

use super::World;
use crate::endpoint::parse_ipv4;
use crate::host::{validate_host_addr, validate_name, Host, HostError, HostId};
use crate::log::EventKind;
use crate::network::PathSettings;
use std::net::Ipv4Addr;

/// The prefix length of a host spawned without one: a /24, the subnet of the classic
/// "10.0.0.x" lab.
pub const DEFAULT_PREFIX_LEN: u8 = 24;

impl World {
    /// Spawns a host from an address as the user typed it.
    /// `10.0.1.5/16` gives the host's `eth0` a prefix other than the default /24.
    pub fn spawn_host_str(&mut self, name: &str, addr: &str) -> Result<HostId, HostError> {
        let (addr, len) = match addr.trim().split_once('/') {
            Some((a, l)) => {
                let len = l
                    .trim()
                    .parse::<u8>()
                    .ok()
                    .filter(|l| *l <= 32)
                    .ok_or_else(|| {
                        HostError::Address(crate::endpoint::AddrParseError::MalformedAddress(
                            addr.to_string(),
                        ))
                    })?;
                (a, len)
            }
            None => (addr, DEFAULT_PREFIX_LEN),
        };
        let addr = parse_ipv4(addr).map_err(HostError::Address)?;
        self.spawn_host_in(name, addr, len)
    }

    /// Spawns a host. Refuses addresses no single host may have and duplicates, with a
    /// reason the user can act on.
    pub fn spawn_host(&mut self, name: &str, addr: Ipv4Addr) -> Result<HostId, HostError> {
        self.spawn_host_in(name, addr, DEFAULT_PREFIX_LEN)
    }

    /// Spawns a host whose `eth0` is `addr/len` on the implicit segment.
    pub fn spawn_host_in(
        &mut self,
        name: &str,
        addr: Ipv4Addr,
        len: u8,
    ) -> Result<HostId, HostError> {
        let name = name.trim();
        validate_name(name)?;
        validate_host_addr(addr)?;
        if let Some(other) = self.host_by_addr(addr) {
            return Err(HostError::AddressTaken {
                addr,
                by: other.name.clone(),
            });
        }
        if self.host_by_name(name).is_some() {
            return Err(HostError::NameTaken {
                name: name.to_string(),
            });
        }
        let id = HostId(self.next_host);
        self.next_host += 1;
        let host = Host::on_segment(id, name.to_string(), addr, len);
        self.hosts.insert(id, host);
        self.by_addr.insert(addr, id);
        self.join_segment(id);
        self.emit(
            Some(id),
            None,
            EventKind::HostSpawned {
                name: name.to_string(),
                addr,
            },
        );
        Ok(id)
    }

    /// Removes a host: its sockets close at once, without sending anything (the machine is
    /// simply gone). Packets already travelling to it are dropped on arrival, with the
    /// reason logged.
    pub fn remove_host(&mut self, id: HostId) -> Result<(), HostError> {
        let sockets: Vec<_> = self
            .hosts
            .get(&id)
            .ok_or(HostError::UnknownHost)?
            .sockets
            .iter()
            .copied()
            .collect();
        // Each socket goes with its table entry and its pending TCP timer, so nothing of
        // the host stays scheduled.
        for s in sockets {
            self.delete_socket(s);
        }
        let host = self.hosts.remove(&id).ok_or(HostError::UnknownHost)?;
        self.by_addr.remove(&host.addr);
        for i in &host.net.ifaces {
            if let Some((a, _)) = i.addr {
                self.by_addr.remove(&a);
            }
        }
        self.unplug(id);
        self.externals.remove(&id);
        self.emit(
            Some(id),
            None,
            EventKind::HostRemoved {
                name: host.name,
                addr: host.addr,
            },
        );
        Ok(())
    }

    /// Sets how packets from `src` to `dst` travel (one direction only).
    pub fn set_path(
        &mut self,
        src: HostId,
        dst: HostId,
        settings: PathSettings,
    ) -> Result<(), HostError> {
        if !self.hosts.contains_key(&src) || !self.hosts.contains_key(&dst) {
            return Err(HostError::UnknownHost);
        }
        let settings = settings.clamped();
        self.network.paths.insert((src, dst), settings);
        self.emit(
            Some(src),
            None,
            EventKind::PathChanged { src, dst, settings },
        );
        Ok(())
    }

    /// Sets both directions between two hosts.
    pub fn set_link(
        &mut self,
        a: HostId,
        b: HostId,
        settings: PathSettings,
    ) -> Result<(), HostError> {
        self.set_path(a, b, settings)?;
        self.set_path(b, a, settings)
    }

    /// Sets what every path without its own settings does.
    pub fn set_default_path(&mut self, settings: PathSettings) {
        self.network.default_path = settings.clamped();
    }
}
