//! NAPT (RFC 3022) on a home router: two private hosts behind one public address reach
//! the same server from the same port and are told apart by the public ports the router
//! gives them; replies find their way back; an unsolicited SYN from outside is dropped
//! without an answer; translations time out (RFC 4787, RFC 5382) and their ports are
//! used again; the console refuses what makes no sense, in both languages.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{drop_reasons, ep};
use sockscope_core::lang::Lang;
use sockscope_core::log::{DropReason, EventKind};
use sockscope_core::route::Prefix;
use sockscope_core::teach::command::Console;
use sockscope_core::topology::nat::UDP_TIMEOUT;
use sockscope_core::topology::LinkParams;
use sockscope_core::{Duration, HostId, Protocol, SocketId, World};
use std::net::Ipv4Addr;

fn ip(s: &str) -> Ipv4Addr {
    s.parse().unwrap()
}

/// H1 and H2 (192.168.0.0/24) on a switch with R1; R1's eth1 is 203.0.113.1 on the
/// cable to S (203.0.113.80), the server; R1 translates for the inside.
fn home() -> (World, [HostId; 4]) {
    let mut w = World::with_seed(9);
    let h1 = w.spawn_host("H1", ip("192.168.0.10")).unwrap();
    let h2 = w.spawn_host("H2", ip("192.168.0.11")).unwrap();
    let s = w.spawn_host("S", ip("203.0.113.80")).unwrap();
    let r = w.add_router("R1").unwrap();
    let lan = LinkParams {
        delay: Some(Duration::from_millis(1)),
        ..LinkParams::default()
    };
    let wan = LinkParams {
        delay: Some(Duration::from_millis(10)),
        ..LinkParams::default()
    };
    w.link(&[h1, h2, r], lan).unwrap();
    w.link(&[r, s], wan).unwrap();
    w.set_addr(r, "eth0", ip("192.168.0.1"), 24).unwrap();
    w.set_addr(r, "eth1", ip("203.0.113.1"), 24).unwrap();
    for h in [h1, h2] {
        w.add_route(h, Prefix::DEFAULT, ip("192.168.0.1"), 0)
            .unwrap();
    }
    w.set_nat(r, "eth1").unwrap();
    (w, [h1, h2, s, r])
}

fn connect_from(w: &mut World, h: HostId, port: u16) -> SocketId {
    let c = w.socket(h, Protocol::Tcp).unwrap();
    let addr = w.host(h).unwrap().addr;
    w.bind(c, ep(&format!("{addr}:{port}"))).unwrap();
    w.connect(c, ep("203.0.113.80:80")).unwrap();
    c
}

#[test]
fn two_inside_hosts_share_one_public_address_told_apart_by_ports() {
    let (mut w, [h1, h2, s, r]) = home();
    let l = w.socket(s, Protocol::Tcp).unwrap();
    w.bind(l, ep("203.0.113.80:80")).unwrap();
    w.listen(l, 8).unwrap();
    let c1 = connect_from(&mut w, h1, 40000);
    let c2 = connect_from(&mut w, h2, 40000);
    w.advance(Duration::from_millis(200));
    let (a1, from1) = w.accept(l).unwrap();
    let (a2, from2) = w.accept(l).unwrap();
    // The server sees the router's public address, twice, on two ports.
    assert_eq!(
        (from1.addr, from2.addr),
        (ip("203.0.113.1"), ip("203.0.113.1"))
    );
    assert_eq!(from1.port, 40000, "the first keeps its own port");
    assert_ne!(from2.port, 40000, "the second gets another one");
    let table = w.nat_table(r);
    assert_eq!(table.len(), 2, "{table:?}");
    assert!(table.iter().all(|e| e.established), "SYN,ACKs came back");
    // Both transfers, each way, arrive whole: the replies find their inside hosts.
    w.send(c1, b"from H1").unwrap();
    w.send(c2, b"from H2").unwrap();
    w.send(a1, b"to the first").unwrap();
    w.send(a2, b"to the second").unwrap();
    w.advance(Duration::from_millis(200));
    let got = |w: &mut World, s| String::from_utf8(w.recv(s, 100).unwrap()).unwrap();
    let (r1, r2) = (got(&mut w, a1), got(&mut w, a2));
    assert_eq!([r1.as_str(), r2.as_str()], ["from H1", "from H2"]);
    assert_eq!(got(&mut w, c1), "to the first");
    assert_eq!(got(&mut w, c2), "to the second");
    let mapped = w
        .log()
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::NatMapped { .. }))
        .count();
    assert_eq!(mapped, 2);
    // The console prints the table; a Korean page reads the same numbers.
    let mut console = Console::default();
    let text = console.run_line(&mut w, "nat(R1)").unwrap().to_string();
    assert!(
        text.contains("192.168.0.10:40000") && text.contains("203.0.113.1:40000"),
        "{text}"
    );
}

#[test]
fn an_unsolicited_syn_from_outside_is_dropped_without_an_answer() {
    let (mut w, [h1, _, s, _]) = home();
    let l = w.socket(h1, Protocol::Tcp).unwrap();
    w.bind(l, ep("0.0.0.0:22")).unwrap();
    w.listen(l, 8).unwrap();
    // S tries to reach the public address's port 22: nothing inside asked for it.
    let c = w.socket(s, Protocol::Tcp).unwrap();
    w.connect(c, ep("203.0.113.1:22")).unwrap();
    w.advance(Duration::from_millis(300));
    assert!(
        drop_reasons(&w).contains(&DropReason::NoNatMapping),
        "{:?}",
        drop_reasons(&w)
    );
    assert!(w.accept(l).is_err(), "the inside listener never saw it");
    let answered = w
        .log()
        .events()
        .iter()
        .any(|e| e.host == Some(h1) && matches!(&e.kind, EventKind::PacketSent { .. }));
    assert!(!answered, "no RST or anything else leaks from inside");
}

#[test]
fn udp_translations_expire_and_their_ports_are_given_again() {
    let (mut w, [h1, h2, s, r]) = home();
    let srv = w.socket(s, Protocol::Udp).unwrap();
    w.bind(srv, ep("203.0.113.80:53")).unwrap();
    let u1 = w.socket(h1, Protocol::Udp).unwrap();
    w.bind(u1, ep("192.168.0.10:5000")).unwrap();
    w.send_to(u1, b"q1", ep("203.0.113.80:53")).unwrap();
    w.advance(Duration::from_millis(100));
    let (_, from) = w.recv_from(srv, 100).unwrap();
    assert_eq!(from, ep("203.0.113.1:5000"));
    // H2 from the same port while H1's translation lives: another public port.
    let u2 = w.socket(h2, Protocol::Udp).unwrap();
    w.bind(u2, ep("192.168.0.11:5000")).unwrap();
    w.send_to(u2, b"q2", ep("203.0.113.80:53")).unwrap();
    w.advance(Duration::from_millis(100));
    let (_, from2) = w.recv_from(srv, 100).unwrap();
    assert_ne!(from2.port, 5000);
    // Past the UDP timeout both are gone; H2 now gets port 5000 itself.
    w.advance(UDP_TIMEOUT + Duration::from_secs(1));
    assert!(w.nat_table(r).is_empty(), "{:?}", w.nat_table(r));
    w.send_to(u2, b"q3", ep("203.0.113.80:53")).unwrap();
    w.advance(Duration::from_millis(100));
    let (_, from3) = w.recv_from(srv, 100).unwrap();
    assert_eq!(from3, ep("203.0.113.1:5000"));
}

#[test]
fn the_console_refuses_nat_where_it_makes_no_sense_in_both_languages() {
    let (mut w, _) = home();
    let mut console = Console::default();
    common::refused_in_both(
        &mut console,
        &mut w,
        &[
            ("nat(H1, eth0)", "only a router", "라우터만"),
            (
                "nat(R1, eth7)",
                "no interface named eth7",
                "eth7라는 인터페이스가 없습니다",
            ),
            (
                "nat(Z, eth1)",
                "no host or router named Z",
                "Z인 호스트나 라우터가 없습니다",
            ),
        ],
    );
    let r2 = w.add_router("R2").unwrap();
    let h = w.host_by_name("H1").unwrap().id;
    w.link(&[r2, h], LinkParams::default()).ok();
    let e = console.run_line(&mut w, "nat(R2, eth0)").unwrap_err();
    assert!(
        e.message(Lang::En).contains("no IPv4 address"),
        "{}",
        e.message(Lang::En)
    );
}
