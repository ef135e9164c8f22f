//! Hosts: a name, an IPv4 address, and a socket table.

use crate::endpoint::AddrParseError;
use crate::route::Prefix;
use crate::socket::{Protocol, SocketTable};
use crate::topology::{Interface, LinkId, NodeKind, NodeNet};
use crate::wire::MacAddr;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::net::Ipv4Addr;

pub use crate::ids::HostId;

/// The ephemeral port range the kernel picks from when a program does not choose: IANA's
/// dynamic range, 49152-65535 (RFC 6335 §6).
pub const EPHEMERAL_PORTS: (u16, u16) = (49152, 65535);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Host {
    pub id: HostId,
    pub name: String,
    pub addr: Ipv4Addr,
    pub table: SocketTable,
    /// Every open socket of this host, bound or not.
    pub sockets: BTreeSet<crate::ids::SocketId>,
    /// Where the next ephemeral port search starts, per protocol: ports go out in turn,
    /// as in BSD, so a freed port is not handed straight back.
    pub(crate) next_tcp_port: u16,
    pub(crate) next_udp_port: u16,
    pub(crate) next_ping: u16,
    /// The second the host's challenge ACKs are counted in (when it began) and how many
    /// went out in it: [`crate::tcp::TcpConfig::challenge_ack_limit`].
    #[serde(default)]
    pub(crate) challenge_acks: (crate::time::Instant, u32),
    /// Interfaces, routing table and ARP cache (see [`crate::topology`]). A host spawned
    /// the plain way has one, `eth0`, on the implicit segment.
    #[serde(default)]
    pub net: NodeNet,
    /// The stack this host imitates (`rfc`, `linux`, `freebsd`): its new connections take
    /// their timers and options from it ([`crate::tcp::StackProfile::tune`]).
    #[serde(default, skip_serializing_if = "crate::tcp::StackProfile::is_rfc")]
    pub profile: crate::tcp::StackProfile,
    /// Options switched on or off on this host, over its profile's (`sysctl(A, ...)`).
    #[serde(default, skip_serializing_if = "crate::tcp::knobs::Knobs::is_empty")]
    pub knobs: crate::tcp::knobs::Knobs,
}

impl Host {
    /// Challenge ACKs the host may still send at `now`, of `limit` a second.
    pub(crate) fn challenge_acks_left(&self, now: crate::time::Instant, limit: u32) -> u32 {
        let (start, sent) = self.challenge_acks;
        if now >= start + crate::time::Duration::from_secs(1) {
            limit
        } else {
            limit.saturating_sub(sent)
        }
    }

    /// Counts `n` challenge ACKs sent at `now`, starting a new second if the last is over.
    pub(crate) fn spend_challenge_acks(&mut self, now: crate::time::Instant, n: u32) {
        if n == 0 {
            return;
        }
        let (start, sent) = self.challenge_acks;
        self.challenge_acks = if now >= start + crate::time::Duration::from_secs(1) {
            (now, n)
        } else {
            (start, sent + n)
        };
    }

    pub(crate) fn new(id: HostId, name: String, addr: Ipv4Addr) -> Self {
        Host {
            id,
            name,
            addr,
            table: SocketTable::default(),
            sockets: BTreeSet::new(),
            next_tcp_port: EPHEMERAL_PORTS.0,
            next_udp_port: EPHEMERAL_PORTS.0,
            next_ping: 1,
            challenge_acks: Default::default(),
            net: NodeNet::default(),
            profile: crate::tcp::StackProfile::Rfc,
            knobs: Default::default(),
        }
    }

    /// A host with `eth0` at `addr/len` on the implicit segment, its connected route in
    /// the table. A prefix that makes `addr` its network or broadcast address (10.0.0.0
    /// in a /24) falls back to a /32, so any address the segment ever took still spawns.
    pub(crate) fn on_segment(id: HostId, name: String, addr: Ipv4Addr, len: u8) -> Self {
        let mut h = Host::new(id, name, addr);
        let mut routes = crate::route::RoutingTable::new();
        let len = match Prefix::new(Prefix::containing(addr, len).addr(), len) {
            Ok(p) if routes.add_connected("eth0", addr, p).is_ok() => len,
            _ => {
                let _ = routes.add_connected("eth0", addr, Prefix::containing(addr, 32));
                32
            }
        };
        h.net.routes = routes;
        h.net.ifaces.push(Interface {
            name: "eth0".into(),
            mac: MacAddr::local(id.0, 0),
            addr: Some((addr, len)),
            link: Some(LinkId::SEGMENT),
            tx: None,
        });
        h
    }

    /// Whether the host forwards datagrams for others.
    pub fn is_router(&self) -> bool {
        self.net.kind == NodeKind::Router
    }

    /// Picks a free ephemeral port for `protocol`, starting after the last one handed out.
    /// Each try is a logarithmic lookup and the cursor moves on, so handing out thousands of
    /// ports stays fast; `None` once all 16,384 are in use.
    pub(crate) fn ephemeral_port(&mut self, protocol: Protocol) -> Option<u16> {
        let (lo, hi) = EPHEMERAL_PORTS;
        let span = u32::from(hi - lo) + 1;
        let cursor = match protocol {
            Protocol::Tcp => &mut self.next_tcp_port,
            Protocol::Udp => &mut self.next_udp_port,
        };
        for _ in 0..span {
            let port = *cursor;
            *cursor = if port >= hi { lo } else { port + 1 };
            if !self.table.port_taken(protocol, port, Ipv4Addr::UNSPECIFIED) {
                return Some(port);
            }
        }
        None
    }
}

/// Why a host could not be spawned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum HostError {
    Address(AddrParseError),
    /// 0.0.0.0 means "any address"; no host can have it.
    Unspecified,
    /// 255.255.255.255 is "everyone on this network".
    Broadcast,
    /// 224.0.0.0/4 names groups, not hosts.
    Multicast,
    /// 127.0.0.0/8 never leaves a host.
    Loopback,
    AddressTaken {
        addr: Ipv4Addr,
        by: String,
    },
    NameTaken {
        name: String,
    },
    /// Names are 1 to 32 letters, digits, `-` or `_`, so the console can refer to them.
    BadName {
        name: String,
    },
    UnknownHost,
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostError::Address(e) => e.fmt(f),
            HostError::Unspecified => f.write_str("0.0.0.0 means \"any address\" and cannot belong to one host"),
            HostError::Broadcast => f.write_str("255.255.255.255 is the broadcast address (everyone on the network), not one host"),
            HostError::Multicast => f.write_str("addresses from 224.0.0.0 to 239.255.255.255 are multicast groups, not hosts"),
            HostError::Loopback => f.write_str("127.x.x.x is loopback: it never leaves a host, so other hosts could not reach it"),
            HostError::AddressTaken { addr, by } => write!(f, "{addr} already belongs to host {by}: two hosts with one address would confuse the network"),
            HostError::NameTaken { name } => write!(f, "a host named {name} already exists"),
            HostError::BadName { name } => write!(f, "\"{name}\" is not a usable host name: use 1 to 32 letters, digits, - or _"),
            HostError::UnknownHost => f.write_str("there is no such host"),
        }
    }
}

impl HostError {
    /// The message in the page's language; the English one is the `Display` text.
    pub fn message(&self, lang: crate::lang::Lang) -> String {
        if lang == crate::lang::Lang::En {
            return self.to_string();
        }
        match self {
            HostError::Address(e) => e.message(lang),
            HostError::Unspecified => "0.0.0.0은 \"아무 주소\"라는 뜻이어서 한 호스트의 주소가 될 수 없습니다".into(),
            HostError::Broadcast => "255.255.255.255는 브로드캐스트 주소(네트워크의 모두)이지 한 호스트가 아닙니다".into(),
            HostError::Multicast => "224.0.0.0부터 239.255.255.255까지는 멀티캐스트 그룹 주소이지 호스트가 아닙니다".into(),
            HostError::Loopback => "127.x.x.x는 루프백입니다: 호스트 밖으로 나가지 않아서 다른 호스트가 닿을 수 없습니다".into(),
            HostError::AddressTaken { addr, by } => format!("{addr}은(는) 이미 호스트 {by}의 주소입니다: 한 주소에 호스트가 둘이면 네트워크가 헷갈립니다"),
            HostError::NameTaken { name } => format!("이름이 {name}인 호스트가 이미 있습니다"),
            HostError::BadName { name } => format!("\"{name}\"은(는) 호스트 이름으로 쓸 수 없습니다: 글자, 숫자, - 또는 _를 1~32자로 쓰세요"),
            HostError::UnknownHost => "그런 호스트가 없습니다".into(),
        }
    }
}

impl std::error::Error for HostError {}

/// Checks a host name: short and plain, so `A: socket(tcp)` in the console can name it.
pub fn validate_name(name: &str) -> Result<(), HostError> {
    let ok = (1..=32).contains(&name.chars().count())
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(HostError::BadName {
            name: name.to_string(),
        })
    }
}

/// Checks that an address can belong to one host on the segment.
pub fn validate_host_addr(addr: Ipv4Addr) -> Result<(), HostError> {
    if addr.is_unspecified() {
        Err(HostError::Unspecified)
    } else if addr.is_broadcast() {
        Err(HostError::Broadcast)
    } else if addr.is_multicast() {
        Err(HostError::Multicast)
    } else if addr.is_loopback() {
        Err(HostError::Loopback)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::Endpoint;
    use crate::socket::{SocketId, TableKey};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn names_and_addresses_are_checked() {
        assert!(validate_name("A").is_ok());
        assert!(validate_name("서버-1").is_ok(), "Korean names are welcome");
        assert!(validate_name("").is_err());
        assert!(validate_name("a b").is_err());
        assert!(validate_name(&"x".repeat(33)).is_err());
        assert_eq!(
            validate_host_addr(Ipv4Addr::UNSPECIFIED),
            Err(HostError::Unspecified)
        );
        assert_eq!(
            validate_host_addr(Ipv4Addr::BROADCAST),
            Err(HostError::Broadcast)
        );
        assert_eq!(
            validate_host_addr(Ipv4Addr::new(224, 0, 0, 1)),
            Err(HostError::Multicast)
        );
        assert_eq!(
            validate_host_addr(Ipv4Addr::LOCALHOST),
            Err(HostError::Loopback)
        );
        assert!(validate_host_addr(Ipv4Addr::new(10, 0, 0, 1)).is_ok());
    }

    #[test]
    fn ephemeral_ports_skip_taken_ones_and_run_out_cleanly() {
        let mut h = Host::new(HostId(0), "A".into(), Ipv4Addr::new(10, 0, 0, 1));
        h.table
            .insert(
                TableKey::new(Protocol::Udp, Endpoint::any(49152), None),
                SocketId(1),
            )
            .unwrap();
        assert_eq!(h.ephemeral_port(Protocol::Udp), Some(49153));
        assert_eq!(h.ephemeral_port(Protocol::Tcp), Some(49152));
        for p in EPHEMERAL_PORTS.0..=EPHEMERAL_PORTS.1 {
            let _ = h.table.insert(
                TableKey::new(Protocol::Udp, Endpoint::any(p), None),
                SocketId(2),
            );
        }
        assert_eq!(h.ephemeral_port(Protocol::Udp), None);
    }
}
