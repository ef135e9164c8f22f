//! Property tests of the world: (a) any sequence of commands, sensible or not, never
//! panics and leaves the world consistent; (b) UDP never hands a socket a datagram that
//! was not sent, however rough the network.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use proptest::collection::vec;
use proptest::prelude::*;
use sockscope_core::network::{FaultAction, PacketFilter};
use sockscope_core::tcp::State;
use sockscope_core::wire::{IpProtocol, TcpFlags};
use sockscope_core::{
    Duration, Endpoint, HostId, Instant, PacketId, PathSettings, Protocol, Shutdown, SocketId,
    World,
};

// ---------------------------------------------------------------- strategies

fn host_addr() -> impl Strategy<Value = Ipv4Addr> {
    prop_oneof![
        6 => (1u8..=6).prop_map(|x| Ipv4Addr::new(10, 0, 0, x)),
        1 => Just(Ipv4Addr::UNSPECIFIED),
        1 => Just(Ipv4Addr::BROADCAST),
        1 => Just(Ipv4Addr::LOCALHOST),
        1 => Just(Ipv4Addr::new(224, 0, 0, 251)),
        1 => any::<u32>().prop_map(Ipv4Addr::from),
    ]
}

fn typed_addr() -> impl Strategy<Value = String> {
    prop_oneof![
        host_addr().prop_map(|a| a.to_string()),
        Just("10.0.0".to_string()),
        Just("256.1.1.1".to_string()),
        Just(" 10.0.0.2 ".to_string()),
        Just("010.0.0.1".to_string()),
        Just(String::new()),
        "[0-9.]{0,16}",
    ]
}

fn endpoint() -> impl Strategy<Value = Endpoint> {
    let port = prop_oneof![
        4 => prop_oneof![Just(0u16), Just(7), Just(9), Just(80)],
        1 => prop_oneof![Just(49152u16), Just(49153)],
        1 => any::<u16>(),
    ];
    let addr = prop_oneof![
        4 => (1u8..=4).prop_map(|x| Ipv4Addr::new(10, 0, 0, x)),
        3 => Just(Ipv4Addr::UNSPECIFIED),
        1 => host_addr(),
    ];
    (addr, port).prop_map(|(a, p)| Endpoint::new(a, p))
}

fn ppm() -> impl Strategy<Value = u32> {
    prop_oneof![
        3 => Just(0u32),
        3 => 0u32..=1_000_000,
        1 => Just(1_000_000),
        1 => 1_000_000u32..=3_000_000,
    ]
}

fn path_settings() -> impl Strategy<Value = PathSettings> {
    (
        0u64..50_000,
        0u64..20_000,
        ppm(),
        ppm(),
        ppm(),
        0u64..30_000,
        ppm(),
    )
        .prop_map(
            |(delay, jitter, loss, dup, reorder, extra, corrupt)| PathSettings {
                delay: Duration(delay),
                jitter: Duration(jitter),
                loss_ppm: loss,
                duplicate_ppm: dup,
                reorder_ppm: reorder,
                reorder_extra: Duration(extra),
                corrupt_ppm: corrupt,
            },
        )
}

fn payload_len() -> impl Strategy<Value = usize> {
    prop_oneof![
        20 => 0usize..80,
        1 => Just(65_507usize),
        1 => Just(65_508usize),
    ]
}

/// Something to act on: one that exists now (by position), or any number at all.
#[derive(Debug, Clone)]
enum Pick {
    Live(usize),
    Raw(u64),
}

fn pick() -> impl Strategy<Value = Pick> {
    prop_oneof![
        4 => any::<usize>().prop_map(Pick::Live),
        1 => (0u64..200).prop_map(Pick::Raw),
    ]
}

impl Pick {
    fn from<T: Copy>(&self, live: &[T], raw: impl Fn(u64) -> T) -> T {
        match *self {
            Pick::Live(i) if !live.is_empty() => live[i % live.len()],
            Pick::Live(i) => raw(i as u64 % 64),
            Pick::Raw(n) => raw(n),
        }
    }
}

fn filter() -> impl Strategy<Value = PacketFilter> {
    let host = proptest::option::of((0u32..8).prop_map(HostId));
    let protocol = proptest::option::of(prop_oneof![
        Just(IpProtocol::Udp),
        Just(IpProtocol::Icmp),
        Just(IpProtocol::Tcp),
    ]);
    let flags = proptest::option::of(any::<u8>().prop_map(TcpFlags));
    (host.clone(), host, protocol, flags.clone(), flags).prop_map(
        |(src, dst, protocol, flags_set, flags_clear)| PacketFilter {
            src,
            dst,
            protocol,
            flags_set,
            flags_clear,
        },
    )
}

fn fault_action() -> impl Strategy<Value = FaultAction> {
    prop_oneof![
        Just(FaultAction::Drop),
        Just(FaultAction::Duplicate),
        Just(FaultAction::Hold),
        (0u64..40_000).prop_map(|d| FaultAction::Delay(Duration(d))),
    ]
}

#[derive(Debug, Clone)]
enum Cmd {
    Spawn(u8, Ipv4Addr),
    SpawnTyped(u8, String),
    Remove(Pick),
    Socket(Pick, bool),
    Bind(Pick, Endpoint),
    Listen(Pick, u32),
    Accept(Pick),
    Connect(Pick, Endpoint),
    Send(Pick, usize),
    SendTo(Pick, usize, Endpoint),
    Recv(Pick, u32),
    RecvFrom(Pick, u32),
    Shutdown(Pick, u8),
    Close(Pick),
    Abort(Pick),
    ReuseAddr(Pick, bool),
    GetSockName(Pick),
    GetPeerName(Pick),
    Ping(Pick, Ipv4Addr),
    Hold(Pick),
    Release(Pick),
    Drop(Pick),
    Duplicate(Pick),
    Delay(Pick, u64),
    SetPath(Pick, Pick, PathSettings),
    SetLink(Pick, Pick, PathSettings),
    SetDefault(PathSettings),
    AddFault(PacketFilter, u32, FaultAction),
    RemoveFault(u32),
    Step,
    Advance(u64),
    RunToIdle(u64),
    /// A UDP server on the second host's port, and a datagram to it from the first.
    UdpPair(Pick, Pick, u16),
    /// A TCP listener on the second host's port, and a connect to it from the first.
    TcpPair(Pick, Pick, u16),
}

fn cmd() -> impl Strategy<Value = Cmd> {
    prop_oneof![
        2 => (0u8..10, host_addr()).prop_map(|(n, a)| Cmd::Spawn(n, a)),
        1 => (0u8..10, typed_addr()).prop_map(|(n, a)| Cmd::SpawnTyped(n, a)),
        1 => pick().prop_map(Cmd::Remove),
        4 => (pick(), any::<bool>()).prop_map(|(h, t)| Cmd::Socket(h, t)),
        4 => (pick(), endpoint()).prop_map(|(s, e)| Cmd::Bind(s, e)),
        2 => (pick(), 0u32..10_000).prop_map(|(s, b)| Cmd::Listen(s, b)),
        2 => pick().prop_map(Cmd::Accept),
        3 => (pick(), endpoint()).prop_map(|(s, e)| Cmd::Connect(s, e)),
        3 => (pick(), payload_len()).prop_map(|(s, n)| Cmd::Send(s, n)),
        5 => (pick(), payload_len(), endpoint()).prop_map(|(s, n, e)| Cmd::SendTo(s, n, e)),
        2 => (pick(), 0u32..100).prop_map(|(s, m)| Cmd::Recv(s, m)),
        2 => (pick(), 0u32..100).prop_map(|(s, m)| Cmd::RecvFrom(s, m)),
        1 => (pick(), 0u8..3).prop_map(|(s, h)| Cmd::Shutdown(s, h)),
        1 => pick().prop_map(Cmd::Close),
        1 => pick().prop_map(Cmd::Abort),
        1 => (pick(), any::<bool>()).prop_map(|(s, on)| Cmd::ReuseAddr(s, on)),
        1 => pick().prop_map(Cmd::GetSockName),
        1 => pick().prop_map(Cmd::GetPeerName),
        2 => (pick(), host_addr()).prop_map(|(h, a)| Cmd::Ping(h, a)),
        2 => pick().prop_map(Cmd::Hold),
        2 => pick().prop_map(Cmd::Release),
        1 => pick().prop_map(Cmd::Drop),
        1 => pick().prop_map(Cmd::Duplicate),
        1 => (pick(), 0u64..50_000).prop_map(|(p, d)| Cmd::Delay(p, d)),
        2 => (pick(), pick(), path_settings()).prop_map(|(a, b, s)| Cmd::SetPath(a, b, s)),
        1 => (pick(), pick(), path_settings()).prop_map(|(a, b, s)| Cmd::SetLink(a, b, s)),
        1 => path_settings().prop_map(Cmd::SetDefault),
        1 => (filter(), 0u32..5, fault_action()).prop_map(|(f, n, a)| Cmd::AddFault(f, n, a)),
        1 => (0u32..6).prop_map(Cmd::RemoveFault),
        3 => Just(Cmd::Step),
        3 => (0u64..40_000).prop_map(Cmd::Advance),
        1 => (0u64..200).prop_map(Cmd::RunToIdle),
        2 => (pick(), pick(), prop_oneof![Just(7u16), Just(80), Just(0)])
            .prop_map(|(a, b, p)| Cmd::UdpPair(a, b, p)),
        2 => (pick(), pick(), prop_oneof![Just(7u16), Just(80), Just(0)])
            .prop_map(|(a, b, p)| Cmd::TcpPair(a, b, p)),
    ]
}

// ---------------------------------------------------------------- (a) commands

/// Discards a call's result: refusals are as welcome as successes here.
fn ignore<T>(_: T) {}

/// Runs one command; results (success or refusal) do not matter, only that nothing
/// panics and the world stays consistent.
fn apply(w: &mut World, c: &Cmd) {
    let names = ["A", "B", "C", "D", "E", "F", "서버", "x-1", "", "a b"];
    let hosts: Vec<HostId> = w.hosts().map(|h| h.id).collect();
    let socks: Vec<SocketId> = w.sockets().map(|s| s.id).collect();
    let packets: Vec<PacketId> = w.network().in_flight().map(|f| f.id).collect();
    let h = |p: &Pick| p.from(&hosts, |n| HostId(n as u32));
    let s = |p: &Pick| p.from(&socks, |n| SocketId(n as u32));
    let pk = |p: &Pick| p.from(&packets, PacketId);
    let data = |n: usize| vec![0x5a; n];
    match c {
        Cmd::Spawn(n, a) => ignore(w.spawn_host(names[usize::from(*n)], *a)),
        Cmd::SpawnTyped(n, a) => ignore(w.spawn_host_str(names[usize::from(*n)], a)),
        Cmd::Remove(p) => ignore(w.remove_host(h(p))),
        Cmd::Socket(p, tcp) => {
            let proto = if *tcp { Protocol::Tcp } else { Protocol::Udp };
            ignore(w.socket(h(p), proto));
        }
        Cmd::Bind(p, e) => ignore(w.bind(s(p), *e)),
        Cmd::Listen(p, b) => {
            ignore(w.listen(s(p), *b));
        }
        Cmd::Accept(p) => ignore(w.accept(s(p))),
        Cmd::Connect(p, e) => ignore(w.connect(s(p), *e)),
        Cmd::Send(p, len) => ignore(w.send(s(p), &data(*len))),
        Cmd::SendTo(p, len, e) => ignore(w.send_to(s(p), &data(*len), *e)),
        Cmd::Recv(p, m) => ignore(w.recv(s(p), *m)),
        Cmd::RecvFrom(p, m) => ignore(w.recv_from(s(p), *m)),
        Cmd::Shutdown(p, how) => {
            let how = [Shutdown::Read, Shutdown::Write, Shutdown::Both][usize::from(*how)];
            ignore(w.shutdown(s(p), how));
        }
        Cmd::Close(p) => ignore(w.close(s(p))),
        Cmd::Abort(p) => ignore(w.abort(s(p))),
        Cmd::ReuseAddr(p, on) => ignore(w.set_reuse_addr(s(p), *on)),
        Cmd::GetSockName(p) => ignore(w.getsockname(s(p))),
        Cmd::GetPeerName(p) => ignore(w.getpeername(s(p))),
        Cmd::Ping(p, a) => ignore(w.ping(h(p), *a)),
        Cmd::Hold(p) => ignore(w.hold_packet(pk(p))),
        Cmd::Release(p) => ignore(w.release_packet(pk(p))),
        Cmd::Drop(p) => ignore(w.drop_packet(pk(p))),
        Cmd::Duplicate(p) => ignore(w.duplicate_packet(pk(p))),
        Cmd::Delay(p, d) => ignore(w.delay_packet(pk(p), Duration(*d))),
        Cmd::SetPath(a, b, st) => ignore(w.set_path(h(a), h(b), *st)),
        Cmd::SetLink(a, b, st) => ignore(w.set_link(h(a), h(b), *st)),
        Cmd::SetDefault(st) => w.set_default_path(*st),
        Cmd::AddFault(f, n, a) => ignore(w.add_fault(*f, *n, *a)),
        Cmd::RemoveFault(n) => ignore(w.remove_fault(*n)),
        Cmd::Step => ignore(w.step()),
        Cmd::Advance(d) => w.advance(Duration(*d)),
        Cmd::RunToIdle(n) => ignore(w.run_to_idle(*n)),
        Cmd::UdpPair(a, b, port) | Cmd::TcpPair(a, b, port) => {
            let proto = match c {
                Cmd::TcpPair(..) => Protocol::Tcp,
                _ => Protocol::Udp,
            };
            let (client, server) = (h(a), h(b));
            let addr = w.host(server).map_or(Ipv4Addr::UNSPECIFIED, |x| x.addr);
            if let Ok(srv) = w.socket(server, proto) {
                ignore(w.bind(srv, Endpoint::any(*port)));
                if proto == Protocol::Tcp {
                    ignore(w.listen(srv, 2));
                }
            }
            if let Ok(cl) = w.socket(client, proto) {
                let to = Endpoint::new(addr, *port);
                match proto {
                    Protocol::Tcp => ignore(w.connect(cl, to)),
                    Protocol::Udp => ignore(w.send_to(cl, b"hello", to)),
                }
            }
        }
    }
}

/// Everything that must hold of any world, whatever was done to it.
fn check_invariants(w: &World) -> Result<(), TestCaseError> {
    // Hosts: unique addresses, found by their address.
    let mut addrs = BTreeSet::new();
    for host in w.hosts() {
        prop_assert!(addrs.insert(host.addr), "two hosts have {}", host.addr);
        prop_assert_eq!(w.host_by_addr(host.addr).map(|x| x.id), Some(host.id));
        prop_assert!(sockscope_core::host::validate_host_addr(host.addr).is_ok());
    }
    // Sockets: each belongs to a live host that lists it.
    for sock in w.sockets() {
        let host = w.host(sock.host);
        prop_assert!(host.is_some(), "socket {} on a missing host", sock.id);
        prop_assert!(host.unwrap().sockets.contains(&sock.id));
        // A bound socket is in its host's table under its key, unless it is a TCP
        // connection that reached CLOSED: that one is unhashed (like Linux's tcp_done), so
        // its 4-tuple no longer claims segments.
        let closed_tcp = w.tcb(sock.id).is_some_and(|t| t.state() == State::Closed);
        if let (Some(key), false) = (sock.table_key(), closed_tcp) {
            prop_assert_eq!(host.unwrap().table.get(&key), Some(sock.id));
        }
    }
    for host in w.hosts() {
        for id in &host.sockets {
            prop_assert_eq!(w.get_socket(*id).map(|s| s.host), Some(host.id));
        }
        // Table entries: an existing socket of this host, filed under its own key.
        for (key, id) in host.table.iter() {
            let sock = w.get_socket(*id);
            prop_assert!(sock.is_some(), "table entry for missing socket {}", id);
            let sock = sock.unwrap();
            prop_assert_eq!(sock.host, host.id);
            prop_assert_eq!(sock.table_key(), Some(*key));
        }
        prop_assert_eq!(w.socket_table(host.id).len(), host.sockets.len());
    }
    // The log: numbered 0..n, time never goes backwards, nothing after now.
    let events = w.log().events();
    for (i, e) in events.iter().enumerate() {
        prop_assert_eq!(e.seq, i as u64);
    }
    prop_assert!(events.windows(2).all(|p| p[0].at <= p[1].at));
    prop_assert!(events.last().is_none_or(|e| e.at <= w.now()));
    // Nothing is scheduled in the past; packets end after they start.
    prop_assert!(w.next_event_at().is_none_or(|t| t >= w.now()));
    for f in w.network().in_flight() {
        prop_assert!(f.sent_at <= f.arrive_at);
        prop_assert!(f.progress_ppm(w.now()) <= 1_000_000);
    }
    prop_assert!(w.capture().windows(2).all(|p| p[0].id < p[1].id));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_command_sequence_keeps_the_world_consistent(
        seed in any::<u64>(),
        cmds in vec(cmd(), 1..120),
    ) {
        // Three hosts to start with, so most calls find something to act on.
        let mut w = World::with_seed(seed);
        for (name, x) in [("A", 1), ("B", 2), ("C", 3)] {
            w.spawn_host(name, Ipv4Addr::new(10, 0, 0, x)).unwrap();
        }
        let mut now = Instant::ZERO;
        for c in &cmds {
            apply(&mut w, c);
            prop_assert!(w.now() >= now, "the clock went back after {:?}", c);
            now = w.now();
            check_invariants(&w)?;
        }
        w.run_to_idle(10_000);
        check_invariants(&w)?;
        // Once nothing is scheduled, held packets are all that is left on the wire. (A
        // TCP sender facing a zero window probes forever, so idle is not guaranteed.)
        if w.next_event_at().is_none() {
            prop_assert!(w.network().in_flight().all(|f| f.held.is_some()));
        }
    }
}

// ---------------------------------------------------------------- (b) UDP integrity

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn udp_never_delivers_a_corrupted_datagram(
        seed in any::<u64>(),
        settings in path_settings(),
        reverse in path_settings(),
        sends in vec((any::<bool>(), vec(any::<u8>(), 0..48), 0u64..5_000), 1..40),
    ) {
        let mut w = World::with_seed(seed);
        let a = w.spawn_host("A", Ipv4Addr::new(10, 0, 0, 1)).unwrap();
        let b = w.spawn_host("B", Ipv4Addr::new(10, 0, 0, 2)).unwrap();
        let c = w.spawn_host("C", Ipv4Addr::new(10, 0, 0, 3)).unwrap();
        w.set_path(a, b, settings).unwrap();
        w.set_path(c, b, settings).unwrap();
        w.set_path(b, a, reverse).unwrap();
        let mut bound = |h, port| {
            let s = w.socket(h, Protocol::Udp).unwrap();
            w.bind(s, Endpoint::any(port)).unwrap();
            s
        };
        let sa = bound(a, 1000);
        let sc = bound(c, 2000);
        let sb = bound(b, 9);
        let to_b = Endpoint::new(Ipv4Addr::new(10, 0, 0, 2), 9);
        let from_a = Endpoint::new(Ipv4Addr::new(10, 0, 0, 1), 1000);
        let from_c = Endpoint::new(Ipv4Addr::new(10, 0, 0, 3), 2000);
        let mut sent = BTreeSet::new();
        let mut received = Vec::new();
        for (via_a, data, gap) in &sends {
            let (s, from) = if *via_a { (sa, from_a) } else { (sc, from_c) };
            prop_assert_eq!(w.send_to(s, data, to_b), Ok(data.len() as u32));
            sent.insert((from, data.clone()));
            w.advance(Duration(*gap));
            while let Ok((d, from)) = w.recv_from(sb, 100) {
                // B echoes, so the reverse path gets exercised too.
                let _ = w.send_to(sb, &d, from);
                received.push((from, d));
            }
        }
        w.run_to_idle(10_000);
        while let Ok((d, from)) = w.recv_from(sb, 100) {
            received.push((from, d));
        }
        for r in &received {
            prop_assert!(sent.contains(r), "B received {:?}, which nobody sent", r);
        }
        // The echoes that made it back are what A sent, from B's port.
        while let Ok((d, from)) = w.recv_from(sa, 100) {
            prop_assert_eq!(from, to_b);
            prop_assert!(sent.contains(&(from_a, d)));
        }
    }
}
