//! A host's socket table, keyed as the course notes teach: a UDP socket is unique by
//! (protocol, local IP, local port); a TCP connection by the 4-tuple. A listener on :80 and
//! every connection it accepted share local IP and port and differ only in the remote end.

use super::{Protocol, SocketId};
use crate::endpoint::Endpoint;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::net::Ipv4Addr;

/// Ordered by protocol, then port, so everything on one port is one contiguous range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct TableKey {
    pub protocol: Protocol,
    pub port: u16,
    pub addr: Ipv4Addr,
    /// `None` for a socket that accepts from anyone (an unconnected UDP socket, a listener).
    pub remote: Option<Endpoint>,
}

impl TableKey {
    pub fn new(protocol: Protocol, local: Endpoint, remote: Option<Endpoint>) -> Self {
        TableKey {
            protocol,
            port: local.port,
            addr: local.addr,
            remote,
        }
    }

    pub fn local(&self) -> Endpoint {
        Endpoint::new(self.addr, self.port)
    }
}

/// One row as the UI draws it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocketRow {
    pub socket: SocketId,
    pub protocol: Protocol,
    pub local: Option<Endpoint>,
    pub remote: Option<Endpoint>,
    /// "LISTEN", "ESTABLISHED", ... for TCP; "bound", "connected" or "unbound" for UDP.
    pub state: String,
    pub recv_queue: u32,
    pub send_queue: u32,
    /// For an accepted connection, the listener it came from.
    pub listener: Option<SocketId>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocketTable {
    map: BTreeMap<TableKey, SocketId>,
}

impl SocketTable {
    /// Adds a key; refuses (returning the holder) if the exact key is taken.
    pub fn insert(&mut self, key: TableKey, socket: SocketId) -> Result<(), SocketId> {
        match self.map.get(&key) {
            Some(&holder) if holder != socket => Err(holder),
            _ => {
                self.map.insert(key, socket);
                Ok(())
            }
        }
    }

    pub fn remove(&mut self, key: &TableKey) -> Option<SocketId> {
        self.map.remove(key)
    }

    pub fn get(&self, key: &TableKey) -> Option<SocketId> {
        self.map.get(key).copied()
    }

    /// Every entry on `protocol`/`port`, in key order.
    pub fn on_port(
        &self,
        protocol: Protocol,
        port: u16,
    ) -> impl Iterator<Item = (&TableKey, &SocketId)> {
        let lo = TableKey {
            protocol,
            port,
            addr: Ipv4Addr::UNSPECIFIED,
            remote: None,
        };
        let hi = TableKey {
            protocol,
            port,
            addr: Ipv4Addr::BROADCAST,
            remote: Some(Endpoint::new(Ipv4Addr::BROADCAST, u16::MAX)),
        };
        self.map.range(lo..=hi)
    }

    /// Is any socket using `protocol`/`port` on an address that overlaps `addr` (equal, or
    /// either one the wildcard 0.0.0.0)?
    pub fn port_taken(&self, protocol: Protocol, port: u16, addr: Ipv4Addr) -> bool {
        self.on_port(protocol, port)
            .any(|(k, _)| k.addr == addr || k.addr.is_unspecified() || addr.is_unspecified())
    }

    /// The socket a packet to `local` from `remote` belongs to: the most specific match
    /// first (a connected socket), then one bound to the exact address, then the wildcard.
    /// For TCP this is RFC 9293's lookup: the 4-tuple, then a listener.
    pub fn lookup(
        &self,
        protocol: Protocol,
        local: Endpoint,
        remote: Endpoint,
    ) -> Option<SocketId> {
        let any = Endpoint::any(local.port);
        [
            TableKey::new(protocol, local, Some(remote)),
            TableKey::new(protocol, local, None),
            TableKey::new(protocol, any, Some(remote)),
            TableKey::new(protocol, any, None),
        ]
        .iter()
        .find_map(|k| self.get(k))
    }

    pub fn len(&self) -> u64 {
        self.map.len() as u64
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&TableKey, &SocketId)> {
        self.map.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn ep(s: &str) -> Endpoint {
        s.parse().unwrap()
    }

    #[test]
    fn listener_and_connections_share_the_local_port() {
        let mut t = SocketTable::default();
        let listen = TableKey::new(Protocol::Tcp, ep("10.0.0.1:80"), None);
        let c1 = TableKey::new(Protocol::Tcp, ep("10.0.0.1:80"), Some(ep("10.0.0.2:49152")));
        let c2 = TableKey::new(Protocol::Tcp, ep("10.0.0.1:80"), Some(ep("10.0.0.3:49152")));
        t.insert(listen, SocketId(1)).unwrap();
        t.insert(c1, SocketId(2)).unwrap();
        t.insert(c2, SocketId(3)).unwrap();
        assert_eq!(t.on_port(Protocol::Tcp, 80).count(), 3);
        assert_eq!(
            t.lookup(Protocol::Tcp, ep("10.0.0.1:80"), ep("10.0.0.3:49152")),
            Some(SocketId(3))
        );
        assert_eq!(
            t.lookup(Protocol::Tcp, ep("10.0.0.1:80"), ep("10.0.0.4:1000")),
            Some(SocketId(1))
        );
        assert_eq!(
            t.lookup(Protocol::Udp, ep("10.0.0.1:80"), ep("10.0.0.4:1000")),
            None
        );
        assert_eq!(t.insert(c1, SocketId(9)), Err(SocketId(2)));
    }

    #[test]
    fn wildcard_overlaps_every_address() {
        let mut t = SocketTable::default();
        t.insert(
            TableKey::new(Protocol::Udp, ep("0.0.0.0:53"), None),
            SocketId(1),
        )
        .unwrap();
        assert!(t.port_taken(Protocol::Udp, 53, "10.0.0.1".parse().unwrap()));
        assert!(!t.port_taken(Protocol::Tcp, 53, "10.0.0.1".parse().unwrap()));
        assert!(!t.port_taken(Protocol::Udp, 54, "10.0.0.1".parse().unwrap()));
        assert_eq!(
            t.lookup(Protocol::Udp, ep("10.0.0.1:53"), ep("10.0.0.2:9")),
            Some(SocketId(1))
        );
    }
}
