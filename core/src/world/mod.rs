//! The world: hosts on one network segment, a virtual clock, and an event queue.
//!
//! Commands go in (spawn a host, a socket call, a hand on a packet), time moves only when
//! asked (`step`, `run_until`), and everything that happens is written to the event log.
//! `World` is `Clone`, so a viewer can keep snapshots to step back or branch a "what if".

mod arp;
mod checkpoint;
mod deliver;
mod external;
mod forward;
mod hosts;
mod icmp;
mod nat;
pub use nat::nat_text;
mod net_error;
mod profile;
mod queue;
mod syscalls;
mod tcp_calls;
mod tcp_io;
mod topology;
mod transmit;
mod udp_io;

pub use checkpoint::Checkpoint;
pub use net_error::NetError;
pub use queue::{EventQueue, QueueKey, Scheduled};

use crate::host::{Host, HostId};
use crate::log::{EventKind, EventLog};
use crate::network::{Network, PacketId, Scratch};
use crate::rng::Rng;
use crate::socket::{Socket, SocketId, SocketRow};
use crate::time::{Duration, Instant};
use crate::wire::PcapWriter;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::net::Ipv4Addr;

/// A packet as it went onto the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Captured {
    pub id: PacketId,
    pub at: Instant,
    pub src: HostId,
    pub bytes: Vec<u8>,
    /// The bytes are an Ethernet II frame (a world with a topology), not a bare IPv4
    /// datagram (the default world).
    #[serde(default)]
    pub ethernet: bool,
}

impl Captured {
    /// The IPv4 datagram inside: the bytes themselves, or an Ethernet frame's payload
    /// (`None` for a frame that carries no IPv4, an ARP message say).
    pub fn datagram(&self) -> Option<&[u8]> {
        if !self.ethernet {
            return Some(&self.bytes);
        }
        match crate::wire::EthernetRepr::parse(&self.bytes) {
            Ok((eth, payload)) if eth.ethertype == crate::wire::EtherType::Ipv4 => Some(payload),
            _ => None,
        }
    }

    /// The packet as an Ethernet frame, for a capture that mixes both: a bare datagram of
    /// the default world gets a header with the sender's MAC and no known destination.
    pub fn frame(&self) -> std::borrow::Cow<'_, [u8]> {
        if self.ethernet {
            return std::borrow::Cow::Borrowed(&self.bytes);
        }
        let eth = crate::wire::EthernetRepr {
            dst: crate::wire::MacAddr::UNSPECIFIED,
            src: crate::wire::MacAddr::local(self.src.0, 0),
            ethertype: crate::wire::EtherType::Ipv4,
        };
        std::borrow::Cow::Owned(eth.emit(&self.bytes))
    }
}

/// Settings fixed when a world is created.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    pub seed: u64,
    pub tcp: crate::tcp::TcpConfig,
    /// Bytes a UDP socket queues before it drops arrivals.
    pub udp_recv_buffer: u32,
    /// Time to live of every IPv4 packet sent.
    pub ttl: u8,
    /// Keep every packet put on the wire, for the inspector and pcap export. Long bulk
    /// runs can turn it off to keep memory flat.
    pub capture: bool,
    /// Keep only about this many of the newest events in the log (see
    /// [`EventLog::bounded`]); `None`, the default, keeps every event. Counts, numbering
    /// and digest still cover the whole run, so a long bulk run stays flat in memory.
    #[serde(default)]
    pub log_limit: Option<u64>,
    /// Whether a bounded log still keeps a digest of every event (see
    /// [`EventLog::bounded`]); a full log always can. On by default.
    #[serde(default = "yes")]
    pub log_digest: bool,
}

fn yes() -> bool {
    true
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 1,
            tcp: crate::tcp::TcpConfig::default(),
            udp_recv_buffer: 65_536,
            ttl: 64,
            capture: true,
            log_limit: None,
            log_digest: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct World {
    pub(crate) now: Instant,
    pub(crate) queue: EventQueue,
    pub(crate) hosts: BTreeMap<HostId, Host>,
    pub(crate) by_addr: BTreeMap<Ipv4Addr, HostId>,
    pub(crate) sockets: BTreeMap<SocketId, Socket>,
    pub(crate) network: Network,
    pub(crate) log: EventLog,
    /// Every packet as it went onto the wire, in send order (so by ascending id).
    pub(crate) capture: Vec<Captured>,
    pub(crate) rng: Rng,
    /// Hosts run by an outside stack, with the datagrams waiting for it.
    pub(crate) externals: BTreeMap<HostId, std::collections::VecDeque<Vec<u8>>>,
    pub(crate) config: Config,
    pub(crate) next_host: u32,
    pub(crate) next_socket: u32,
    /// Links, and whether the world routes frames at all (see [`crate::topology`]).
    #[serde(default)]
    pub(crate) topo: crate::topology::Topology,
    /// Empty buffers of datagrams that arrived, for the next ones sent to be written into.
    #[serde(skip)]
    pub(crate) spare_bytes: Scratch<Vec<Vec<u8>>>,
}

impl World {
    pub fn new(config: Config) -> Self {
        World {
            now: Instant::ZERO,
            queue: EventQueue::default(),
            hosts: BTreeMap::new(),
            by_addr: BTreeMap::new(),
            sockets: BTreeMap::new(),
            network: Network::default(),
            log: EventLog::with_limit(config.log_limit, config.log_digest),
            capture: Vec::new(),
            rng: Rng::new(config.seed),
            externals: BTreeMap::new(),
            config,
            next_host: 0,
            next_socket: 0,
            topo: Default::default(),
            spare_bytes: Scratch::default(),
        }
    }

    /// A world with default settings and the given seed.
    pub fn with_seed(seed: u64) -> Self {
        World::new(Config {
            seed,
            ..Config::default()
        })
    }

    pub fn now(&self) -> Instant {
        self.now
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    pub fn log(&self) -> &EventLog {
        &self.log
    }

    /// Every packet put on the wire so far, oldest first.
    pub fn capture(&self) -> &[Captured] {
        &self.capture
    }

    /// One captured packet, for the inspector; ids ascend in the capture.
    pub fn captured(&self, id: PacketId) -> Option<&Captured> {
        self.capture
            .binary_search_by_key(&id, |c| c.id)
            .ok()
            .and_then(|i| self.capture.get(i))
    }

    /// The capture as a pcap file with virtual timestamps, for Wireshark: bare datagrams
    /// (LINKTYPE_RAW) in the default world, Ethernet frames (LINKTYPE_ETHERNET) once it
    /// has a topology. A datagram captured before the topology was turned on is written
    /// in a frame from its sender's `eth0` MAC to the zero MAC (it had none then).
    pub fn pcap(&self) -> Vec<u8> {
        if !self.capture.iter().any(|c| c.ethernet) {
            let mut w = PcapWriter::new();
            for c in &self.capture {
                w.push(c.at.micros(), &c.bytes);
            }
            return w.into_bytes();
        }
        let mut w = PcapWriter::with_link_type(crate::wire::LinkType::Ethernet);
        for c in &self.capture {
            w.push(c.at.micros(), &c.frame());
        }
        w.into_bytes()
    }

    pub fn network(&self) -> &Network {
        &self.network
    }

    pub fn hosts(&self) -> impl Iterator<Item = &Host> {
        self.hosts.values()
    }

    pub fn host(&self, id: HostId) -> Option<&Host> {
        self.hosts.get(&id)
    }

    pub fn host_by_name(&self, name: &str) -> Option<&Host> {
        self.hosts.values().find(|h| h.name == name)
    }

    pub fn host_by_addr(&self, addr: Ipv4Addr) -> Option<&Host> {
        self.by_addr.get(&addr).and_then(|id| self.hosts.get(id))
    }

    pub fn get_socket(&self, id: SocketId) -> Option<&Socket> {
        self.sockets.get(&id)
    }

    pub fn sockets(&self) -> impl Iterator<Item = &Socket> {
        self.sockets.values()
    }

    /// A host's sockets as table rows: those in the table in key order (so a listener is
    /// followed by its connections), then unbound ones and closed connections.
    pub fn socket_table(&self, host: HostId) -> Vec<SocketRow> {
        let Some(h) = self.hosts.get(&host) else {
            return Vec::new();
        };
        let bound: Vec<SocketId> = h.table.iter().map(|(_, id)| *id).collect();
        let in_table: std::collections::BTreeSet<SocketId> = bound.iter().copied().collect();
        // Then the rest: unbound sockets, and closed connections no longer in the table.
        let rest = h
            .sockets
            .iter()
            .copied()
            .filter(|id| !in_table.contains(id));
        bound
            .iter()
            .copied()
            .chain(rest)
            .filter_map(|id| self.sockets.get(&id))
            .map(Socket::row)
            .collect()
    }

    /// When the next event is due, if anything is scheduled.
    pub fn next_event_at(&self) -> Option<Instant> {
        self.queue.next_at()
    }

    /// Runs the next scheduled event, moving the clock to it. Returns false when nothing
    /// is scheduled.
    pub fn step(&mut self) -> bool {
        let Some((key, what)) = self.queue.pop() else {
            return false;
        };
        self.now = self.now.max(key.at);
        match what {
            Scheduled::Arrive(packet) => self.arrive(packet),
            Scheduled::TcpTimer(socket) => self.tcp_timer(socket, key),
            Scheduled::Arp { node, iface, addr } => self.arp_timer(node, iface, addr),
        }
        true
    }

    /// Runs every event due at or before `t`, then sets the clock to `t`.
    pub fn run_until(&mut self, t: Instant) {
        while self.queue.next_at().is_some_and(|at| at <= t) {
            self.step();
        }
        self.now = self.now.max(t);
    }

    /// Advances the clock by `d`, running what falls due.
    pub fn advance(&mut self, d: Duration) {
        self.run_until(self.now + d);
    }

    /// Runs until nothing is scheduled or `limit` events have run; returns how many ran.
    /// The limit keeps a run that never settles (a ping-pong of packets) from hanging.
    pub fn run_to_idle(&mut self, limit: u64) -> u64 {
        let mut n = 0;
        while n < limit && self.step() {
            n += 1;
        }
        n
    }

    pub(crate) fn emit(&mut self, host: Option<HostId>, socket: Option<SocketId>, kind: EventKind) {
        self.log.push(self.now, host, socket, kind);
    }
}
