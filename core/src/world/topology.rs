//! Building the topology: routers, links (cables and switches), interface addresses and
//! static routes, and the queries the console and the page read (routing tables, ARP
//! caches, queue lengths). Every refused change leaves the world as it was.

use super::{NetError, World};
use crate::host::{validate_host_addr, validate_name, Host, HostError, HostId};
use crate::link::{LinkSpec, QueueLimit, Transmitter};
use crate::log::{EventKind, NetChange};
use crate::route::{Prefix, RouteKind, RoutingTable};
use crate::time::{Duration, Instant};
use crate::topology::{Interface, Link, LinkId, LinkParams, NodeKind, Topology, DEFAULT_QUEUE};
use crate::wire::MacAddr;
use std::net::Ipv4Addr;

impl World {
    /// The topology: links, and whether frames are routed at all.
    pub fn topology(&self) -> &Topology {
        &self.topo
    }

    /// Turns the topology on: the implicit segment becomes link 0, a switch every plain
    /// host's `eth0` is on, and from now on packets travel as frames, with ARP.
    fn enable_topology(&mut self) {
        if self.topo.enabled {
            return;
        }
        self.topo.enabled = true;
        let ends = self
            .hosts
            .values()
            .flat_map(|h| {
                h.net.ifaces.iter().enumerate().filter_map(|(n, i)| {
                    (i.link == Some(LinkId::SEGMENT)).then_some((h.id, n as u8))
                })
            })
            .collect();
        self.topo.links.insert(
            LinkId::SEGMENT,
            Link {
                id: LinkId::SEGMENT,
                ends,
                switch: true,
                rate_bps: None,
                delay: None,
                queue: QueueLimit::Packets(DEFAULT_QUEUE),
                mtu: None,
            },
        );
        self.topo.next_link = self.topo.next_link.max(1);
    }

    /// A host just spawned joins the implicit segment, if the topology is on.
    pub(super) fn join_segment(&mut self, id: HostId) {
        if let Some(seg) = self.topo.links.get_mut(&LinkId::SEGMENT) {
            seg.ends.push((id, 0));
        }
    }

    /// A removed node's interfaces leave their links; a cable left with one end goes.
    pub(super) fn unplug(&mut self, id: HostId) {
        for l in self.topo.links.values_mut() {
            l.ends.retain(|(h, _)| *h != id);
        }
        self.topo
            .links
            .retain(|k, l| *k == LinkId::SEGMENT || l.ends.len() >= 2);
        self.topo.traces.remove(&id);
    }

    fn node_name(&self, id: HostId) -> Result<String, NetError> {
        self.hosts
            .get(&id)
            .map(|h| h.name.clone())
            .ok_or_else(|| NetError::UnknownNode {
                name: format!("#{}", id.0),
            })
    }

    /// Adds a router: a node with IP forwarding on and no interface yet; [`World::link`]
    /// gives it interfaces, [`World::set_addr`] their addresses.
    pub fn add_router(&mut self, name: &str) -> Result<HostId, NetError> {
        let name = name.trim();
        validate_name(name)?;
        if self.host_by_name(name).is_some() {
            return Err(HostError::NameTaken { name: name.into() }.into());
        }
        self.enable_topology();
        let id = HostId(self.next_host);
        self.next_host += 1;
        let mut router = Host::new(id, name.to_string(), Ipv4Addr::UNSPECIFIED);
        router.net.kind = NodeKind::Router;
        self.hosts.insert(id, router);
        let change = NetChange::RouterAdded { name: name.into() };
        self.emit(Some(id), None, EventKind::TopologyChanged { change });
        Ok(id)
    }

    /// Joins nodes with a link: two make a cable, more a switch (one broadcast domain).
    /// Each end gets an interface: a host's `eth0` if it is still on the implicit
    /// segment (it moves), else a new `ethN`. Returns the link's number.
    pub fn link(&mut self, nodes: &[HostId], params: LinkParams) -> Result<LinkId, NetError> {
        for &n in nodes {
            self.node_name(n)?;
        }
        if let [a, b] = nodes {
            if a == b {
                return Err(NetError::LinkToItself {
                    node: self.node_name(*a)?,
                });
            }
        }
        if nodes.len() < 2 {
            return Err(NetError::LinkNeedsTwo);
        }
        if params.rate_bps == Some(0) {
            return Err(NetError::ZeroRate);
        }
        if let Some(mtu) = params.mtu.filter(|m| *m < crate::topology::MIN_MTU) {
            return Err(NetError::MtuTooSmall { mtu });
        }
        self.enable_topology();
        let id = LinkId(self.topo.next_link);
        self.topo.next_link += 1;
        let queue = QueueLimit::Packets(params.queue.unwrap_or(DEFAULT_QUEUE));
        let spec = params
            .rate_bps
            .and_then(|r| LinkSpec::new(r, Duration::ZERO, queue).ok());
        let mut ends = Vec::new();
        let mut names = Vec::new();
        for &n in nodes {
            let iface = self.plug(n, id, spec);
            let h = &self.hosts[&n];
            names.push(format!(
                "{}.{}",
                h.name,
                h.net.ifaces[usize::from(iface)].name
            ));
            ends.push((n, iface));
        }
        self.topo.links.insert(
            id,
            Link {
                id,
                ends,
                switch: nodes.len() > 2,
                rate_bps: params.rate_bps,
                delay: params.delay,
                queue,
                mtu: params.mtu,
            },
        );
        let change = NetChange::LinkAdded {
            link: id.0,
            ends: names,
        };
        self.emit(None, None, EventKind::TopologyChanged { change });
        Ok(id)
    }

    /// Plugs `node` into link `link`: which interface, made if need be.
    fn plug(&mut self, node: HostId, link: LinkId, spec: Option<LinkSpec>) -> u8 {
        let Some(h) = self.hosts.get_mut(&node) else {
            return 0;
        };
        let router = h.is_router();
        let free = h
            .net
            .ifaces
            .iter()
            .position(|i| i.link.is_none() || (!router && i.link == Some(LinkId::SEGMENT)));
        let n = match free {
            Some(n) => n,
            None => {
                let name = h.net.next_iface_name();
                let n = h.net.ifaces.len();
                h.net.ifaces.push(Interface {
                    name,
                    mac: MacAddr::local(node.0, n as u8),
                    addr: None,
                    link: None,
                    tx: None,
                });
                n
            }
        };
        let i = &mut h.net.ifaces[n];
        i.link = Some(link);
        i.tx = spec.map(Transmitter::new);
        if let Some(seg) = self.topo.links.get_mut(&LinkId::SEGMENT) {
            seg.ends.retain(|e| *e != (node, n as u8));
        }
        n as u8
    }

    /// Gives `node`'s interface `iface` the address `addr/len` (`ip addr add`), replacing
    /// its old one; its connected route comes with it, and routes through the interface
    /// that depended on the old address go. Refuses an address another node has, one
    /// outside its prefix or naming the subnet itself, and a subnet overlapping another
    /// interface's on the same node.
    pub fn set_addr(
        &mut self,
        node: HostId,
        iface: &str,
        addr: Ipv4Addr,
        len: u8,
    ) -> Result<(), NetError> {
        let name = self.node_name(node)?;
        validate_host_addr(addr)?;
        if let Some(other) = self.by_addr.get(&addr).filter(|o| **o != node) {
            let by = self.node_name(*other)?;
            return Err(NetError::AddressTaken { addr, by });
        }
        let h = &self.hosts[&node];
        let Some((n, i)) = h.net.iface(iface) else {
            let iface = iface.to_string();
            return Err(NetError::UnknownInterface { node: name, iface });
        };
        let old = i.addr;
        let prefix = Prefix::new(Prefix::containing(addr, len).addr(), len)?;
        let mut routes = h.net.routes.clone();
        routes.remove_dev(iface);
        routes.add_connected(iface, addr, prefix)?;
        // Keep the routes via gateways on other interfaces.
        for r in h.net.routes.routes().filter(|r| r.dev != iface) {
            if let RouteKind::Via { gateway } = r.kind {
                let _ = routes.add_via(r.prefix, gateway, r.metric);
            }
        }
        let primary = h.addr.is_unspecified() || old.map(|o| o.0) == Some(h.addr);
        let h = self
            .hosts
            .get_mut(&node)
            .ok_or(NetError::UnknownNode { name })?;
        h.net.routes = routes;
        h.net.ifaces[usize::from(n)].addr = Some((addr, len));
        if primary {
            self.by_addr.remove(&h.addr);
            h.addr = addr;
        }
        if let Some((o, _)) = old {
            self.by_addr.remove(&o);
        }
        self.by_addr.insert(addr, node);
        let change = NetChange::AddressSet {
            iface: crate::topology::Iface(n),
            addr,
            len,
        };
        self.emit(Some(node), None, EventKind::TopologyChanged { change });
        Ok(())
    }

    /// Adds a static route to `prefix` via `gateway` (`ip route add`); `Prefix::DEFAULT`
    /// makes it the default route. Refuses a gateway on no connected subnet.
    pub fn add_route(
        &mut self,
        node: HostId,
        prefix: Prefix,
        gateway: Ipv4Addr,
        metric: u32,
    ) -> Result<(), NetError> {
        let name = self.node_name(node)?;
        let h = self
            .hosts
            .get_mut(&node)
            .ok_or(NetError::UnknownNode { name })?;
        h.net.routes.add_via(prefix, gateway, metric)?;
        let route = h
            .net
            .routes
            .routes()
            .find(|r| r.prefix == prefix && r.kind == RouteKind::Via { gateway })
            .map(|r| r.to_string())
            .unwrap_or_default();
        let change = NetChange::RouteAdded { route };
        self.emit(Some(node), None, EventKind::TopologyChanged { change });
        Ok(())
    }

    /// Deletes the static route to `prefix` (via `gateway`, if given).
    pub fn del_route(
        &mut self,
        node: HostId,
        prefix: Prefix,
        gateway: Option<Ipv4Addr>,
    ) -> Result<(), NetError> {
        let name = self.node_name(node)?;
        let h = self
            .hosts
            .get_mut(&node)
            .ok_or(NetError::UnknownNode { name })?;
        let Some(route) = h.net.routes.remove_via(prefix, gateway) else {
            let what = match gateway {
                Some(g) => format!("{prefix} via {g}"),
                None => prefix.to_string(),
            };
            return Err(NetError::NoSuchRoute { what });
        };
        let change = NetChange::RouteRemoved {
            route: route.to_string(),
        };
        self.emit(Some(node), None, EventKind::TopologyChanged { change });
        Ok(())
    }

    /// A node's routing table.
    pub fn routes(&self, node: HostId) -> Option<&RoutingTable> {
        self.hosts.get(&node).map(|h| &h.net.routes)
    }

    /// A node's ARP cache as rows: interface, address, MAC, and when the entry expires
    /// (`None`: static). Entries already expired at `now` are left out.
    pub fn arp_table(&self, node: HostId) -> Vec<(String, Ipv4Addr, MacAddr, Option<Instant>)> {
        let Some(h) = self.hosts.get(&node) else {
            return Vec::new();
        };
        h.net
            .arp
            .entries
            .iter()
            .filter(|(_, e)| e.expires.is_none_or(|t| t > self.now))
            .map(|((i, a), e)| {
                let name = h.net.ifaces.get(usize::from(*i)).map(|i| i.name.clone());
                (name.unwrap_or_default(), *a, e.mac, e.expires)
            })
            .collect()
    }

    /// Packets waiting in the queue of `node`'s interface `iface` now (the one being
    /// sent not counted); `None` when the interface has no rate, hence no queue.
    pub fn queue_len(&self, node: HostId, iface: &str) -> Option<u32> {
        let (_, i) = self.hosts.get(&node)?.net.iface(iface)?;
        i.tx.as_ref().map(|tx| tx.queued_packets(self.now))
    }
}
