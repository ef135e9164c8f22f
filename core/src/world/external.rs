//! Hosts driven from outside the simulator: another TCP/IP stack (smoltcp, in the
//! interoperability tests) takes the raw IPv4 datagrams that reach such a host and hands
//! back the ones it sends. The network treats them like any other host's packets.

use super::World;
use crate::host::{HostError, HostId};
use crate::ids::PacketId;
use crate::log::EventKind;
use crate::wire::{IpPacket, WireError};
use std::net::Ipv4Addr;

impl World {
    /// Spawns a host whose packets an outside stack handles.
    pub fn spawn_external_host(&mut self, name: &str, addr: Ipv4Addr) -> Result<HostId, HostError> {
        let id = self.spawn_host(name, addr)?;
        self.externals.insert(id, Default::default());
        Ok(id)
    }

    pub fn is_external(&self, host: HostId) -> bool {
        self.externals.contains_key(&host)
    }

    /// Puts a datagram from an external host on the wire, bytes unchanged. It must parse
    /// (checksums included), so the log can describe it.
    pub fn inject(&mut self, host: HostId, bytes: Vec<u8>) -> Result<PacketId, WireError> {
        let packet = IpPacket::parse(&bytes)?;
        Ok(self.transmit_bytes(host, None, &packet, bytes))
    }

    /// Takes the datagrams that reached an external host, oldest first.
    pub fn take_external(&mut self, host: HostId) -> Vec<Vec<u8>> {
        self.externals
            .get_mut(&host)
            .map(|q| q.drain(..).collect())
            .unwrap_or_default()
    }

    /// Hands an arriving datagram to its external host, unchecked: the outside stack
    /// verifies checksums itself. Returns false for simulated hosts.
    pub(crate) fn deliver_external(&mut self, host: HostId, id: PacketId, bytes: &[u8]) -> bool {
        let Some(queue) = self.externals.get_mut(&host) else {
            return false;
        };
        queue.push_back(bytes.to_vec());
        self.emit(Some(host), None, EventKind::PacketDelivered { packet: id });
        true
    }
}
