//! The internet layer's entities as data: interfaces, links (a cable between two
//! interfaces, or a switch joining several into one broadcast domain), each node's routing
//! table and ARP cache. Behaviour lives in `world/` (`forward`, `arp`, `icmp`, `topology`).
//!
//! A world without a declared topology is the one shared segment it always was: every
//! host's `eth0` sits on the implicit segment [`LinkId::SEGMENT`], and packets travel as
//! before (IP level, per-pair path settings, no frames). The first router or link turns
//! the topology on ([`Topology::enabled`]); from then on every packet leaves a node as an
//! Ethernet II frame to the next hop's MAC address, found by ARP.

use crate::ids::{HostId, PacketId, SocketId};
use crate::link::{QueueLimit, Transmitter};
use crate::route::RoutingTable;
use crate::time::{Duration, Instant};
use crate::wire::MacAddr;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};
use std::net::Ipv4Addr;

mod arp_cache;
pub mod nat;
pub use arp_cache::{
    ArpCache, ArpEntry, ArpPending, ARP_RETRIES, ARP_RETRY, ARP_TIMEOUT, UNRES_QLEN,
};

/// A link's number. Link 0 is the implicit segment every plainly spawned host joins.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct LinkId(pub u32);

impl LinkId {
    /// The implicit shared segment (a switch) of the default world.
    pub const SEGMENT: LinkId = LinkId(0);
}

/// An interface of a node, by its index: interfaces are named `eth0`, `eth1`, ... in the
/// order they were plugged in and never renamed, so the index is the name. Events carry
/// this small copyable value rather than a string (the log's hot path stays lean).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Iface(pub u8);

impl std::fmt::Display for Iface {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "eth{}", self.0)
    }
}

/// What a node does with a datagram addressed to someone else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum NodeKind {
    /// Discards it (RFC 1122 §3.3.4.2: a host does not forward).
    #[default]
    Host,
    /// Forwards it by its routing table (RFC 1812 §5.2): IP forwarding on.
    Router,
}

/// One network interface: a name, a MAC, an address with its prefix, and the link it is
/// plugged into.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interface {
    pub name: String,
    pub mac: MacAddr,
    /// The IPv4 address and prefix length (`10.0.1.1/24`); `None` until given one.
    pub addr: Option<(Ipv4Addr, u8)>,
    pub link: Option<LinkId>,
    /// The transmitter and its drop-tail queue, when the link has a rate.
    pub tx: Option<Transmitter>,
}

/// A node's network side: its kind, interfaces, routing table and ARP cache.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct NodeNet {
    pub kind: NodeKind,
    pub ifaces: Vec<Interface>,
    pub routes: RoutingTable,
    pub arp: ArpCache,
}

impl NodeNet {
    /// The interface named `name`, with its index.
    pub fn iface(&self, name: &str) -> Option<(u8, &Interface)> {
        self.ifaces
            .iter()
            .enumerate()
            .find(|(_, i)| i.name == name)
            .map(|(n, i)| (n as u8, i))
    }

    /// Whether `addr` is one of this node's interface addresses.
    pub fn owns(&self, addr: Ipv4Addr) -> bool {
        self.ifaces
            .iter()
            .any(|i| i.addr.map(|a| a.0) == Some(addr))
    }

    /// The next interface's name: `eth<index>` (see [`Iface`]).
    pub fn next_iface_name(&self) -> String {
        Iface(self.ifaces.len() as u8).to_string()
    }
}

/// A link: a cable between two interfaces, or a switch (one broadcast domain) joining
/// several. Each end is a node and the index of its interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub id: LinkId,
    pub ends: Vec<(HostId, u8)>,
    /// A switch floods broadcasts to every other end; a cable has two ends.
    pub switch: bool,
    /// Bandwidth in bits per second; `None` is infinitely fast (no serialization delay).
    pub rate_bps: Option<u64>,
    /// Propagation delay; `None` takes the path settings' delay between the two nodes.
    pub delay: Option<Duration>,
    /// The queue in front of each interface's transmitter, when the link has a rate.
    pub queue: QueueLimit,
    /// The largest IPv4 datagram the link carries; `None` is any size.
    #[serde(default)]
    pub mtu: Option<u16>,
}

/// How a new link is built: all optional, as `link(A, R1, rate=10Mbps, delay=5ms,
/// queue=20)` in the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LinkParams {
    pub rate_bps: Option<u64>,
    pub delay: Option<Duration>,
    /// Packets waiting before drop-tail; [`DEFAULT_QUEUE`] when unset.
    pub queue: Option<u32>,
    /// The largest IPv4 datagram the link carries (at least [`MIN_MTU`]); `None`: any.
    #[serde(default)]
    pub mtu: Option<u16>,
}

/// The smallest MTU a link may have: every internet module must forward a 68-byte
/// datagram without fragmenting it (RFC 791 §3.2, "Fragmentation").
pub const MIN_MTU: u16 = 68;

/// Packets an interface queue holds when the link does not say: Linux's `pfifo_fast`
/// default `txqueuelen` is 1000, far too deep to watch, so the simulator uses a short
/// queue that a single TCP flow can fill in a few round trips.
pub const DEFAULT_QUEUE: u32 = 20;

/// One hop of a frame in flight: the link it is on, the receiving interface, and its
/// Ethernet header (the payload, an IPv4 datagram or an ARP message, is `InFlight::bytes`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hop {
    pub link: LinkId,
    /// The receiving interface's index on `InFlight::dst`.
    pub to_iface: u8,
    pub eth: crate::wire::EthernetRepr,
}

/// A traceroute in progress: probes sent at once with rising TTL (as modern traceroute's
/// `-N 16` sends several at a time), each to its own port so an answer names its TTL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    pub dst: Ipv4Addr,
    /// The probes' source port.
    pub src_port: u16,
    pub sent_at: Instant,
    pub max_ttl: u8,
    /// Answers by TTL: who answered, and when.
    pub hops: BTreeMap<u8, (Ipv4Addr, Instant)>,
}

/// The first destination port of traceroute's UDP probes (Van Jacobson's traceroute).
pub const TRACE_PORT: u16 = 33434;

/// The world's topology.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Topology {
    /// Off in the default world; on once a router or link exists.
    pub enabled: bool,
    pub links: BTreeMap<LinkId, Link>,
    pub next_link: u32,
    /// Traceroutes by the host that runs them.
    pub traces: BTreeMap<HostId, Trace>,
    /// Routers doing NAPT (RFC 3022), by router.
    #[serde(default)]
    pub nat: BTreeMap<HostId, nat::Nat>,
}

/// A datagram waiting for ARP, with what sending it later needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    pub bytes: Vec<u8>,
    pub socket: Option<SocketId>,
    /// The packet this one continues (forwarded), for the log.
    pub from: Option<PacketId>,
}

/// Waiting datagrams by (interface, next hop).
pub type WaitQueue = VecDeque<Waiting>;

/// Probes a traceroute sends when not told: up to 16 hops, as `traceroute -N 16` sends
/// 16 probes at once.
pub const TRACE_MAX_TTL: u8 = 16;
