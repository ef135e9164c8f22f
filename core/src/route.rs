//! An IPv4 routing table: which interface and next hop a datagram leaves by (RFC 1812
//! §5.2.4, longest prefix match), as pure data, before any world uses it.
//!
//! Routes are connected (the subnet of an interface address: the destination itself is
//! the next hop) or via a gateway (a static route or the default route 0.0.0.0/0: the
//! gateway is the next hop). The table refuses configurations a real host would refuse
//! or that could never work, with a sentence saying why.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

mod prefix;
#[cfg(test)]
mod tests;

pub use prefix::{Prefix, PrefixError};

/// How a route reaches its destinations.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum RouteKind {
    /// The subnet of an address of ours (`proto kernel scope link`): destinations in it
    /// are neighbours, reached directly. `src` is our address on it.
    Connected { src: Ipv4Addr },
    /// Through `gateway`, a neighbour on a connected subnet (static or default route).
    Via { gateway: Ipv4Addr },
}

/// One route.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Route {
    pub prefix: Prefix,
    pub kind: RouteKind,
    /// The interface it leaves by, e.g. "eth0".
    pub dev: String,
    /// Lower wins among routes with the same prefix length (`ip route ... metric N`).
    pub metric: u32,
}

impl Route {
    /// The order among routes that match a destination equally long: lower metric, then
    /// connected before via a gateway, then the lower gateway address, then the interface
    /// name. Every pair of distinct routes differs somewhere, so a lookup never depends on
    /// the order routes were added.
    fn tie_break(&self) -> (u32, &RouteKind, &str) {
        (self.metric, &self.kind, &self.dev)
    }
}

impl fmt::Display for Route {
    /// One line of `ip route`, e.g. `default via 10.0.1.1 dev eth0` or
    /// `10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.2`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.prefix == Prefix::DEFAULT {
            f.write_str("default")?;
        } else {
            write!(f, "{}", self.prefix)?;
        }
        match &self.kind {
            RouteKind::Connected { src } => {
                write!(f, " dev {} proto kernel scope link src {src}", self.dev)?
            }
            RouteKind::Via { gateway } => write!(f, " via {gateway} dev {}", self.dev)?,
        }
        if self.metric != 0 {
            write!(f, " metric {}", self.metric)?;
        }
        Ok(())
    }
}

/// Where to hand a datagram: out of `dev` to the neighbour `addr` (the destination itself
/// on a connected subnet, else the gateway), whose MAC address ARP then finds.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct NextHop {
    pub dev: String,
    pub addr: Ipv4Addr,
}

/// Why the table refused a change.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum RouteError {
    /// Two interfaces of one host on overlapping subnets: a destination in the overlap
    /// would have two "directly connected" answers.
    OverlappingSubnets {
        dev: String,
        prefix: Prefix,
        other_dev: String,
        other_prefix: Prefix,
    },
    /// An interface address that is not inside the prefix given with it.
    AddressOutsidePrefix {
        dev: String,
        addr: Ipv4Addr,
        prefix: Prefix,
    },
    /// An interface address that is its subnet's network or broadcast address.
    AddressNotAHost {
        dev: String,
        addr: Ipv4Addr,
        prefix: Prefix,
    },
    /// A gateway that no connected subnet contains: the host could not reach it to hand
    /// it anything.
    GatewayNotConnected { prefix: Prefix, gateway: Ipv4Addr },
    /// The same route again.
    Duplicate { route: Route },
}

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteError::OverlappingSubnets {
                dev,
                prefix,
                other_dev,
                other_prefix,
            } => write!(
                f,
                "{dev}'s subnet {prefix} overlaps {other_dev}'s subnet {other_prefix} on the \
                 same host: a destination in both would have two directly connected routes"
            ),
            RouteError::AddressOutsidePrefix { dev, addr, prefix } => write!(
                f,
                "{dev}'s address {addr} is not inside its prefix {prefix}; \
                 {addr}/{} would be on {}",
                prefix.prefix_len(),
                Prefix::containing(*addr, prefix.prefix_len())
            ),
            RouteError::AddressNotAHost { dev, addr, prefix } => {
                let which = if *addr == prefix.addr() {
                    "network"
                } else {
                    "broadcast"
                };
                write!(
                    f,
                    "{dev}'s address {addr} is the {which} address of {prefix}, not a host \
                     address"
                )
            }
            RouteError::GatewayNotConnected { prefix, gateway } => write!(
                f,
                "the gateway {gateway} for {prefix} is not on any connected subnet: a host \
                 can only hand packets to a neighbour it reaches directly"
            ),
            RouteError::Duplicate { route } => write!(f, "the route '{route}' already exists"),
        }
    }
}

impl std::error::Error for RouteError {}

/// A host's IPv4 routing table.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RoutingTable {
    /// Routes by prefix, each list in tie-break order (best first).
    routes: BTreeMap<Prefix, Vec<Route>>,
    /// The prefix lengths present, so a lookup tries only those, longest first.
    lens: BTreeSet<u8>,
}

impl RoutingTable {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the connected route for address `addr` on `dev`, whose subnet is `prefix`
    /// (`ip addr add 10.0.1.2/24 dev eth0` adds `10.0.1.0/24 dev eth0 ... src 10.0.1.2`).
    ///
    /// Refuses an address outside `prefix`, the subnet's network or broadcast address
    /// (for prefixes up to /30; /31 and /32 have no such addresses, RFC 3021), and a
    /// subnet overlapping another interface's.
    pub fn add_connected(
        &mut self,
        dev: impl Into<String>,
        addr: Ipv4Addr,
        prefix: Prefix,
    ) -> Result<(), RouteError> {
        let dev = dev.into();
        if !prefix.contains(addr) {
            return Err(RouteError::AddressOutsidePrefix { dev, addr, prefix });
        }
        if prefix.prefix_len() <= 30 && (addr == prefix.addr() || addr == prefix.broadcast()) {
            return Err(RouteError::AddressNotAHost { dev, addr, prefix });
        }
        let clash = self.connected().find(|r| r.prefix.overlaps(prefix));
        if let Some(other) = clash {
            return Err(RouteError::OverlappingSubnets {
                dev,
                prefix,
                other_dev: other.dev.clone(),
                other_prefix: other.prefix,
            });
        }
        self.insert(Route {
            prefix,
            kind: RouteKind::Connected { src: addr },
            dev,
            metric: 0,
        })
    }

    /// Adds a route to `prefix` via `gateway` (`ip route add 10.0.2.0/24 via 10.0.1.254`);
    /// the interface is the one whose connected subnet holds the gateway.
    pub fn add_via(
        &mut self,
        prefix: Prefix,
        gateway: Ipv4Addr,
        metric: u32,
    ) -> Result<(), RouteError> {
        let Some(dev) = self
            .connected()
            .find(|r| r.prefix.contains(gateway))
            .map(|r| r.dev.clone())
        else {
            return Err(RouteError::GatewayNotConnected { prefix, gateway });
        };
        self.insert(Route {
            prefix,
            kind: RouteKind::Via { gateway },
            dev,
            metric,
        })
    }

    /// Adds the default route 0.0.0.0/0 via `gateway` (`ip route add default via ...`).
    pub fn add_default(&mut self, gateway: Ipv4Addr) -> Result<(), RouteError> {
        self.add_via(Prefix::DEFAULT, gateway, 0)
    }

    fn insert(&mut self, route: Route) -> Result<(), RouteError> {
        let list = self.routes.entry(route.prefix).or_default();
        match list.binary_search_by(|r| r.tie_break().cmp(&route.tie_break())) {
            Ok(_) => Err(RouteError::Duplicate { route }),
            Err(at) => {
                self.lens.insert(route.prefix.prefix_len());
                list.insert(at, route);
                Ok(())
            }
        }
    }

    /// Removes the route to `prefix` via a gateway (`gateway`, or any when `None`), and
    /// returns it; connected routes go only with their address.
    pub fn remove_via(&mut self, prefix: Prefix, gateway: Option<Ipv4Addr>) -> Option<Route> {
        let list = self.routes.get_mut(&prefix)?;
        let at = list.iter().position(|r| match r.kind {
            RouteKind::Via { gateway: g } => gateway.is_none_or(|want| want == g),
            RouteKind::Connected { .. } => false,
        })?;
        let route = list.remove(at);
        if list.is_empty() {
            self.routes.remove(&prefix);
            self.lens = self.routes.keys().map(|p| p.prefix_len()).collect();
        }
        Some(route)
    }

    /// Removes every route leaving by `dev` (the interface went down), and returns them.
    pub fn remove_dev(&mut self, dev: &str) -> Vec<Route> {
        let mut removed = Vec::new();
        for list in self.routes.values_mut() {
            let (gone, kept) = list.drain(..).partition(|r| r.dev == dev);
            *list = kept;
            removed.extend::<Vec<Route>>(gone);
        }
        self.routes.retain(|_, list| !list.is_empty());
        self.lens = self.routes.keys().map(|p| p.prefix_len()).collect();
        removed
    }

    /// The route for `dst`: the longest matching prefix (RFC 1812 §5.2.4.3), ties broken
    /// by metric, then connected first, then gateway address, then interface name.
    pub fn lookup(&self, dst: Ipv4Addr) -> Option<&Route> {
        self.lens.iter().rev().find_map(|&len| {
            let key = Prefix::containing(dst, len);
            self.routes.get(&key).and_then(|list| list.first())
        })
    }

    /// Where to send a datagram for `dst`; `None` means "Network is unreachable"
    /// (ENETUNREACH for a local sender, ICMP net unreachable from a router).
    pub fn next_hop(&self, dst: Ipv4Addr) -> Option<NextHop> {
        self.lookup(dst).map(|r| NextHop {
            dev: r.dev.clone(),
            addr: match r.kind {
                RouteKind::Connected { .. } => dst,
                RouteKind::Via { gateway } => gateway,
            },
        })
    }

    /// Every route, by prefix (so the default route first), then in tie-break order.
    pub fn routes(&self) -> impl Iterator<Item = &Route> {
        self.routes.values().flatten()
    }

    fn connected(&self) -> impl Iterator<Item = &Route> {
        self.routes()
            .filter(|r| matches!(r.kind, RouteKind::Connected { .. }))
    }

    pub fn is_empty(&self) -> bool {
        self.routes.is_empty()
    }

    /// The table as `route -n` prints it (net-tools): destination, gateway, genmask,
    /// flags (U up, G gateway, H host route), metric, ref, use, interface.
    pub fn route_n(&self) -> String {
        let mut out = String::from(
            "Kernel IP routing table\n\
             Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n",
        );
        for r in self.routes() {
            let gateway = match r.kind {
                RouteKind::Connected { .. } => Ipv4Addr::UNSPECIFIED,
                RouteKind::Via { gateway } => gateway,
            };
            let mut flags = String::from("U");
            if matches!(r.kind, RouteKind::Via { .. }) {
                flags.push('G');
            }
            if r.prefix.prefix_len() == 32 {
                flags.push('H');
            }
            out.push_str(&format!(
                "{:<15} {:<15} {:<15} {:<5} {:<6} {:<6} {:>3} {}\n",
                r.prefix.addr().to_string(),
                gateway.to_string(),
                r.prefix.mask().to_string(),
                flags,
                r.metric,
                0,
                0,
                r.dev
            ));
        }
        out
    }
}

impl fmt::Display for RoutingTable {
    /// The table as `ip route` prints it, one route per line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for r in self.routes() {
            writeln!(f, "{r}")?;
        }
        Ok(())
    }
}

impl FromStr for Prefix {
    type Err = PrefixError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Prefix::parse(s)
    }
}
