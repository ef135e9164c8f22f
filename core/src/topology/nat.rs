//! A router's NAPT table (RFC 3022 §2.2, "Network Address Port Translation"): private
//! hosts behind one public address, told apart by the ports the router gives their
//! connections. The data lives here; what the router does with it is `world/nat.rs`.

use crate::endpoint::Endpoint;
use crate::time::{Duration, Instant};
use crate::wire::IpProtocol;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// RFC 5382 REQ-5: a TCP session whose endpoints the NAT sees established may be
/// abandoned after "2 hours 4 minutes" idle, not sooner.
pub const TCP_ESTABLISHED_TIMEOUT: Duration = Duration::from_secs(2 * 3600 + 4 * 60);
/// RFC 5382 REQ-5: a "transitory" TCP session (only a SYN seen, or after FIN or RST) after
/// 4 minutes idle.
pub const TCP_TRANSITORY_TIMEOUT: Duration = Duration::from_secs(4 * 60);
/// RFC 4787 REQ-5: a UDP mapping "MUST NOT expire in less than two minutes", and 5
/// minutes or more is RECOMMENDED.
pub const UDP_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// The public ports handed out when a connection's own port is taken (IANA's dynamic
/// range, RFC 6335 §6), in order.
pub const PUBLIC_PORTS: (u16, u16) = (49152, 65535);

/// One translation: an inside connection as the outside sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NatEntry {
    pub protocol: IpProtocol,
    /// The private host's address and port.
    pub inside: Endpoint,
    /// The public address and port the router sends it from.
    pub public: Endpoint,
    /// The peer outside.
    pub remote: Endpoint,
    /// TCP: the peer answered (a SYN,ACK came back) and no FIN or RST went by since.
    pub established: bool,
    /// When it is dropped if nothing passes before.
    pub expires: Instant,
}

impl NatEntry {
    /// How long the entry lives after its last packet (RFC 5382, RFC 4787).
    pub fn idle_timeout(&self) -> Duration {
        match (self.protocol, self.established) {
            (IpProtocol::Tcp, true) => TCP_ESTABLISHED_TIMEOUT,
            (IpProtocol::Tcp, false) => TCP_TRANSITORY_TIMEOUT,
            _ => UDP_TIMEOUT,
        }
    }
}

/// A router's NAT: which interface is the outside, and the table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Nat {
    /// The interface that faces the public network.
    pub outside: u8,
    /// By (protocol, inside endpoint, remote endpoint).
    pub entries: BTreeMap<(u8, Endpoint, Endpoint), NatEntry>,
}

impl Nat {
    /// Forgets the entries idle past their timeout at `now`; returns them.
    pub fn expire(&mut self, now: Instant) -> Vec<NatEntry> {
        let gone: Vec<_> = self
            .entries
            .iter()
            .filter(|(_, e)| e.expires <= now)
            .map(|(k, _)| *k)
            .collect();
        gone.into_iter()
            .filter_map(|k| self.entries.remove(&k))
            .collect()
    }

    /// Whether a live entry already uses `port` publicly for `protocol`.
    pub fn port_taken(&self, protocol: IpProtocol, port: u16) -> bool {
        self.entries
            .values()
            .any(|e| e.protocol == protocol && e.public.port == port)
    }

    /// The public port for a new connection from inside port `own`: the same when free
    /// (as Linux's NAT keeps it), else the first free one of [`PUBLIC_PORTS`].
    pub fn pick_port(&self, protocol: IpProtocol, own: u16) -> Option<u16> {
        if !self.port_taken(protocol, own) {
            return Some(own);
        }
        (PUBLIC_PORTS.0..=PUBLIC_PORTS.1).find(|p| !self.port_taken(protocol, *p))
    }

    /// The entry an inbound packet to public `port` from `remote` belongs to.
    pub fn inbound(
        &mut self,
        protocol: IpProtocol,
        port: u16,
        remote: Endpoint,
    ) -> Option<&mut NatEntry> {
        self.entries
            .values_mut()
            .find(|e| e.protocol == protocol && e.public.port == port && e.remote == remote)
    }
}
