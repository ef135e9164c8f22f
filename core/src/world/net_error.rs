//! Why a change to the topology was refused, in English and Korean. A refused change
//! changes nothing.

use crate::host::HostError;
use crate::lang::Lang;
use crate::route::{PrefixError, RouteError};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::Ipv4Addr;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NetError {
    /// A name or address a node cannot have (shared with spawning a host).
    Host(HostError),
    /// No node (host or router) has that name or number, or it was removed.
    UnknownNode {
        name: String,
    },
    UnknownInterface {
        node: String,
        iface: String,
    },
    /// The routing table refused (overlapping subnets, address outside its prefix, a
    /// gateway on no connected subnet, a duplicate route).
    Route(RouteError),
    Prefix(PrefixError),
    /// An address without its prefix length, where one is needed (`10.0.1.1/24`).
    NoPrefixLength {
        input: String,
    },
    AddressTaken {
        addr: Ipv4Addr,
        by: String,
    },
    /// Both ends of a link on one node.
    LinkToItself {
        node: String,
    },
    /// A link needs at least two ends.
    LinkNeedsTwo,
    /// An MTU below 68 bytes (RFC 791).
    MtuTooSmall {
        mtu: u16,
    },
    /// A bandwidth of 0 would never deliver anything.
    ZeroRate,
    /// `route(R1, del ...)` for a route the table does not have.
    NoSuchRoute {
        what: String,
    },
    /// The node has no address to send from.
    NoAddress {
        node: String,
    },
    /// NAT is a router's job: a host does not forward.
    NotARouter {
        node: String,
    },
}

impl fmt::Display for NetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NetError::Host(e) => e.fmt(f),
            NetError::UnknownNode { name } => write!(f, "there is no host or router named {name}"),
            NetError::UnknownInterface { node, iface } => {
                write!(f, "{node} has no interface named {iface}")
            }
            NetError::Route(e) => e.fmt(f),
            NetError::Prefix(e) => e.fmt(f),
            NetError::NoPrefixLength { input } => {
                write!(f, "'{input}' needs its prefix length, like 10.0.1.1/24")
            }
            NetError::AddressTaken { addr, by } => write!(
                f,
                "{addr} already belongs to {by}: two interfaces with one address would confuse ARP"
            ),
            NetError::LinkToItself { node } => {
                write!(f, "a link joins two different nodes; both ends were {node}")
            }
            NetError::LinkNeedsTwo => f.write_str("a link joins at least two nodes"),
            NetError::MtuTooSmall { mtu } => write!(f, "an MTU of {mtu} bytes is too small: every link must carry a 68-byte datagram (RFC 791)"),
            NetError::ZeroRate => {
                f.write_str("a link's bandwidth must be at least 1 bit per second")
            }
            NetError::NoSuchRoute { what } => write!(f, "there is no route '{what}' to delete"),
            NetError::NoAddress { node } => {
                write!(f, "{node} has no IPv4 address to send from yet")
            }
            NetError::NotARouter { node } => write!(
                f,
                "{node} is a host: only a router, which forwards, can translate addresses (NAT)"
            ),
        }
    }
}

impl std::error::Error for NetError {}

impl NetError {
    /// The message in the page's language; the English one is the `Display` text.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            NetError::Host(e) => e.message(lang),
            NetError::UnknownNode { name } => format!("이름이 {name}인 호스트나 라우터가 없습니다"),
            NetError::UnknownInterface { node, iface } => format!("{node}에는 {iface}라는 인터페이스가 없습니다"),
            NetError::Route(e) => route_error_ko(e),
            NetError::Prefix(e) => prefix_error_ko(e),
            NetError::NoPrefixLength { input } => format!("'{input}'에 프리픽스 길이가 필요합니다 (예: 10.0.1.1/24)"),
            NetError::AddressTaken { addr, by } => format!("{addr}은(는) 이미 {by}의 주소입니다: 한 주소에 인터페이스가 둘이면 ARP가 헷갈립니다"),
            NetError::LinkToItself { node } => format!("링크는 서로 다른 두 노드를 잇습니다: 양 끝이 모두 {node}입니다"),
            NetError::LinkNeedsTwo => "링크는 적어도 두 노드를 잇습니다".into(),
            NetError::MtuTooSmall { mtu } => format!("MTU {mtu}바이트는 너무 작습니다: 모든 링크는 68바이트 데이터그램을 날라야 합니다 (RFC 791)"),
            NetError::ZeroRate => "링크의 대역폭은 적어도 초당 1비트여야 합니다".into(),
            NetError::NoSuchRoute { what } => format!("지울 경로 '{what}'이(가) 없습니다"),
            NetError::NoAddress { node } => format!("{node}에는 아직 보낼 때 쓸 IPv4 주소가 없습니다"),
            NetError::NotARouter { node } => format!("{node}은(는) 호스트입니다: 주소 변환(NAT)은 패킷을 전달하는 라우터만 할 수 있습니다"),
        }
    }
}

fn route_error_ko(e: &RouteError) -> String {
    match e {
        RouteError::OverlappingSubnets { dev, prefix, other_dev, other_prefix } => format!(
            "{dev}의 서브넷 {prefix}이(가) 같은 노드의 {other_dev} 서브넷 {other_prefix}과(와) 겹칩니다: 두 곳에 다 속한 목적지는 직접 연결된 경로가 둘이 됩니다"
        ),
        RouteError::AddressOutsidePrefix { dev, addr, prefix } => {
            format!("{dev}의 주소 {addr}은(는) 프리픽스 {prefix} 안에 있지 않습니다")
        }
        RouteError::AddressNotAHost { dev, addr, prefix } => format!(
            "{dev}의 주소 {addr}은(는) {prefix}의 네트워크 주소나 브로드캐스트 주소라서 호스트 주소가 될 수 없습니다"
        ),
        RouteError::GatewayNotConnected { prefix, gateway } => format!(
            "{prefix}로 가는 게이트웨이 {gateway}이(가) 직접 연결된 어느 서브넷에도 없습니다: 패킷은 직접 닿는 이웃에게만 넘길 수 있습니다"
        ),
        RouteError::Duplicate { route } => format!("경로 '{route}'은(는) 이미 있습니다"),
    }
}

fn prefix_error_ko(e: &PrefixError) -> String {
    match e {
        PrefixError::Malformed { input, reason } => {
            format!("'{input}'은(는) 프리픽스가 아닙니다: {reason} (10.0.1.0/24처럼 쓰세요)")
        }
        PrefixError::LenTooLong { input, len } => format!(
            "'{input}'은(는) 프리픽스가 아닙니다: 길이 {len}이(가) IPv4 주소의 32비트보다 깁니다"
        ),
        PrefixError::HostBitsSet { input, network } => {
            format!("'{input}'에 호스트 비트가 켜져 있습니다: 이를 담는 네트워크는 {network}입니다")
        }
    }
}

impl From<HostError> for NetError {
    fn from(e: HostError) -> Self {
        NetError::Host(e)
    }
}

impl From<RouteError> for NetError {
    fn from(e: RouteError) -> Self {
        NetError::Route(e)
    }
}

impl From<PrefixError> for NetError {
    fn from(e: PrefixError) -> Self {
        NetError::Prefix(e)
    }
}
