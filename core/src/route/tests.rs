use super::*;
use proptest::prelude::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn ip(s: &str) -> Ipv4Addr {
    s.parse().unwrap()
}

fn p(s: &str) -> Prefix {
    s.parse().unwrap()
}

/// A router with two LANs, a static route to a third behind 10.0.1.254, and a default.
fn router() -> RoutingTable {
    let mut t = RoutingTable::new();
    t.add_connected("eth0", ip("10.0.1.1"), p("10.0.1.0/24"))
        .unwrap();
    t.add_connected("eth1", ip("192.168.7.1"), p("192.168.7.0/30"))
        .unwrap();
    t.add_via(p("10.0.2.0/24"), ip("10.0.1.254"), 0).unwrap();
    t.add_default(ip("192.168.7.2")).unwrap();
    t
}

#[test]
fn prefixes_parse_and_print() {
    let x = p("10.0.1.0/24");
    assert_eq!((x.addr(), x.prefix_len()), (ip("10.0.1.0"), 24));
    assert_eq!(x.to_string(), "10.0.1.0/24");
    assert_eq!(x.mask(), ip("255.255.255.0"));
    assert_eq!(x.broadcast(), ip("10.0.1.255"));
    assert!(x.contains(ip("10.0.1.200")) && !x.contains(ip("10.0.2.1")));
    assert_eq!(p("0.0.0.0/0"), Prefix::DEFAULT);
    assert_eq!(Prefix::DEFAULT.mask(), ip("0.0.0.0"));
    assert!(Prefix::DEFAULT.contains(ip("203.0.113.9")));
    assert_eq!(p("10.0.1.7/32").mask(), ip("255.255.255.255"));
    assert_eq!(Prefix::containing(ip("10.0.1.5"), 24), x);
    assert_eq!(Prefix::containing(ip("10.0.1.5"), 40).prefix_len(), 32);
    assert!(p("10.0.0.0/8").overlaps(x) && x.overlaps(p("10.0.0.0/8")));
    assert!(!x.overlaps(p("10.0.2.0/24")));
    let json = serde_json::to_string(&x).unwrap();
    assert_eq!(json, "\"10.0.1.0/24\"");
    assert_eq!(serde_json::from_str::<Prefix>(&json).unwrap(), x);
    assert!(serde_json::from_str::<Prefix>("\"10.0.1.5/24\"").is_err());
}

#[test]
fn prefix_errors_say_what_is_wrong() {
    let err = |s: &str| Prefix::parse(s).unwrap_err().to_string();
    assert_eq!(
        err("10.0.1.5/24"),
        "'10.0.1.5/24' has host bits set: the /24 network containing it is 10.0.1.0/24"
    );
    assert_eq!(
        err("10.0.1.0/33"),
        "'10.0.1.0/33' is not a prefix: the length 33 is more than the 32 bits of an IPv4 \
         address"
    );
    assert!(err("10.0.1.0/999").contains("the length 999 is more than"));
    assert_eq!(
        err("10.0.1.0"),
        "'10.0.1.0' is not a prefix: it has no '/' before the prefix length (write it like \
         10.0.1.0/24)"
    );
    assert!(err("10.0.1/24").contains("not an IPv4 address"));
    assert!(err("10.0.1.0/").contains("not a number"));
    assert!(err("10.0.1.0/+8").contains("not a number"));
    assert!(err("10.0.1.0/2 4").contains("not a number"));
    assert!(matches!(
        Prefix::new(ip("10.0.0.0"), 33),
        Err(PrefixError::LenTooLong { .. })
    ));
}

#[test]
fn longest_prefix_wins() {
    let t = router();
    let hop = |d: &str| t.next_hop(ip(d)).unwrap();
    // Connected: the destination itself is the next hop.
    assert_eq!(
        hop("10.0.1.9"),
        NextHop {
            dev: "eth0".into(),
            addr: ip("10.0.1.9")
        }
    );
    // Static /24 beats the default /0.
    assert_eq!(
        hop("10.0.2.9"),
        NextHop {
            dev: "eth0".into(),
            addr: ip("10.0.1.254")
        }
    );
    // Everything else goes to the default gateway, out of the interface that reaches it.
    assert_eq!(
        hop("8.8.8.8"),
        NextHop {
            dev: "eth1".into(),
            addr: ip("192.168.7.2")
        }
    );
    assert_eq!(RoutingTable::new().next_hop(ip("8.8.8.8")), None);
}

#[test]
fn ties_break_by_metric_then_connected_then_gateway() {
    let mut t = router();
    t.add_via(p("10.0.2.0/24"), ip("10.0.1.253"), 5).unwrap();
    // Metric 0 beats metric 5 even though .253 < .254.
    assert_eq!(t.next_hop(ip("10.0.2.1")).unwrap().addr, ip("10.0.1.254"));
    t.add_via(p("10.0.2.0/24"), ip("10.0.1.2"), 0).unwrap();
    // Equal metric: the lower gateway address, whatever the order of adding.
    assert_eq!(t.next_hop(ip("10.0.2.1")).unwrap().addr, ip("10.0.1.2"));
    // A static route to a connected subnet loses to the connected route.
    t.add_via(p("192.168.7.0/30"), ip("10.0.1.2"), 0).unwrap();
    assert_eq!(t.lookup(ip("192.168.7.2")).unwrap().dev, "eth1");
}

#[test]
fn invalid_configurations_are_refused_with_reasons() {
    let mut t = router();
    let e = t
        .add_connected("eth2", ip("10.0.1.130"), p("10.0.1.128/25"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "eth2's subnet 10.0.1.128/25 overlaps eth0's subnet 10.0.1.0/24 on the same host: \
         a destination in both would have two directly connected routes"
    );
    let e = t
        .add_connected("eth2", ip("172.16.0.1"), p("172.16.1.0/24"))
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "eth2's address 172.16.0.1 is not inside its prefix 172.16.1.0/24; 172.16.0.1/24 \
         would be on 172.16.0.0/24"
    );
    let e = t
        .add_connected("eth2", ip("172.16.1.255"), p("172.16.1.0/24"))
        .unwrap_err();
    assert!(e
        .to_string()
        .contains("is the broadcast address of 172.16.1.0/24"));
    let e = t
        .add_connected("eth2", ip("172.16.1.0"), p("172.16.1.0/24"))
        .unwrap_err();
    assert!(e.to_string().contains("is the network address"));
    // /31 point-to-point links have no network or broadcast address (RFC 3021).
    t.add_connected("p2p", ip("172.16.9.0"), p("172.16.9.0/31"))
        .unwrap();
    let e = t.add_via(p("10.9.0.0/16"), ip("10.3.3.3"), 0).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the gateway 10.3.3.3 for 10.9.0.0/16 is not on any connected subnet: a host can \
         only hand packets to a neighbour it reaches directly"
    );
    let e = t.add_default(ip("192.168.7.2")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "the route 'default via 192.168.7.2 dev eth1' already exists"
    );
}

#[test]
fn displays_like_ip_route_and_route_n() {
    let t = router();
    assert_eq!(
        t.to_string(),
        "default via 192.168.7.2 dev eth1\n\
         10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.1\n\
         10.0.2.0/24 via 10.0.1.254 dev eth0\n\
         192.168.7.0/30 dev eth1 proto kernel scope link src 192.168.7.1\n"
    );
    let n = t.route_n();
    let lines: Vec<&str> = n.lines().collect();
    assert_eq!(lines[0], "Kernel IP routing table");
    assert_eq!(
        lines[1],
        "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface"
    );
    assert_eq!(
        lines[2],
        "0.0.0.0         192.168.7.2     0.0.0.0         UG    0      0        0 eth1"
    );
    assert_eq!(
        lines[3],
        "10.0.1.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0"
    );
    assert_eq!(lines.len(), 6);
}

#[test]
fn removing_an_interface_removes_its_routes() {
    let mut t = router();
    let gone = t.remove_dev("eth0");
    assert_eq!(gone.len(), 2);
    assert_eq!(t.routes().count(), 2);
    assert_eq!(t.next_hop(ip("10.0.2.9")).unwrap().dev, "eth1");
    t.remove_dev("eth1");
    assert!(t.is_empty());
    assert_eq!(t.lookup(ip("10.0.2.9")), None);
}

/// What `lookup` must return, by looking at every route: the longest match, then the
/// tie-break order, written out here independently of the table's own.
fn brute_force(t: &RoutingTable, dst: Ipv4Addr) -> Option<&Route> {
    t.routes()
        .filter(|r| r.prefix.contains(dst))
        .min_by(|a, b| {
            let key = |r: &Route| {
                let connected = matches!(r.kind, RouteKind::Connected { .. });
                let gw = match r.kind {
                    RouteKind::Via { gateway } => u32::from(gateway),
                    RouteKind::Connected { src } => u32::from(src),
                };
                (
                    std::cmp::Reverse(r.prefix.prefix_len()),
                    r.metric,
                    !connected,
                    gw,
                    r.dev.clone(),
                )
            };
            key(a).cmp(&key(b))
        })
}

proptest! {
    #[test]
    fn lookup_equals_a_brute_force_scan(
        lans in proptest::collection::vec((0u8..4, 16u8..=30), 1..4),
        routes in proptest::collection::vec((any::<u32>(), 0u8..=32, 0usize..4, 0u32..3), 0..12),
        dsts in proptest::collection::vec(any::<u32>(), 16),
    ) {
        let mut t = RoutingTable::new();
        // A few LANs in 10.x; overlapping ones are refused, which is fine.
        for (i, (x, len)) in lans.iter().enumerate() {
            let prefix = Prefix::containing(Ipv4Addr::new(10, *x, 0, 0), *len);
            let addr = Ipv4Addr::from(u32::from(prefix.addr()) + 1);
            let _ = t.add_connected(format!("eth{i}"), addr, prefix);
        }
        let lans: Vec<Prefix> = t.routes().map(|r| r.prefix).collect();
        for (addr, len, lan, metric) in routes {
            let prefix = Prefix::containing(Ipv4Addr::from(addr), len);
            // Gateways inside a LAN (hosts 2..=4) so most routes are accepted.
            let lan = lans[lan % lans.len()];
            let gateway = Ipv4Addr::from(u32::from(lan.addr()) + 2 + metric);
            let _ = t.add_via(prefix, gateway, metric);
        }
        let mut probes: Vec<Ipv4Addr> = dsts.into_iter().map(Ipv4Addr::from).collect();
        probes.extend(t.routes().map(|r| r.prefix.addr()));
        probes.extend(lans.iter().map(|l| l.broadcast()));
        for dst in probes {
            prop_assert_eq!(t.lookup(dst), brute_force(&t, dst), "dst {}", dst);
        }
    }

    #[test]
    fn parse_never_panics_and_round_trips(s in "[0-9./]{0,20}") {
        if let Ok(prefix) = Prefix::parse(&s) {
            prop_assert_eq!(Prefix::parse(&prefix.to_string()), Ok(prefix));
        }
    }
}
