//! Ping, and the capture: every packet put on the wire is kept with its virtual send
//! time, and the pcap export reads back with an independent parser (etherparse) with
//! record timestamps equal to those virtual times.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use std::collections::BTreeMap;

use common::{ep, last_sent, two_hosts, wire_trace, A, B};
use etherparse::{Icmpv4Type, NetSlice, SlicedPacket, TransportSlice};
use sockscope_core::wire::{IcmpRepr, IpPacket, Transport};
use sockscope_core::{
    Config, Duration, Endpoint, EventKind, HostId, Instant, PacketId, PathSettings, Protocol, World,
};

#[test]
fn ping_round_trip() {
    let (mut w, a, b) = two_hosts(1);
    w.set_path(
        b,
        a,
        PathSettings {
            delay: Duration::from_millis(15),
            ..PathSettings::default()
        },
    )
    .unwrap();
    let request = w.ping(a, B).unwrap();
    w.run_to_idle(10);
    let second = w.ping(a, B).unwrap();
    w.run_to_idle(10);
    assert_eq!(
        wire_trace(&w),
        [
            "0.000 A sent p0 10.0.0.1 > 10.0.0.2 ICMP echo request id=0 seq=1 len=14 (due 10.000)",
            "10.000 B delivered p0",
            "10.000 B echo reply to 10.0.0.1 id=0 seq=1",
            "10.000 B sent p1 10.0.0.2 > 10.0.0.1 ICMP echo reply id=0 seq=1 len=14 (due 25.000)",
            "25.000 A delivered p1",
            "25.000 A echo reply from 10.0.0.2 id=0 seq=1",
            "25.000 A sent p2 10.0.0.1 > 10.0.0.2 ICMP echo request id=0 seq=2 len=14 (due 35.000)",
            "35.000 B delivered p2",
            "35.000 B echo reply to 10.0.0.1 id=0 seq=2",
            "35.000 B sent p3 10.0.0.2 > 10.0.0.1 ICMP echo reply id=0 seq=2 len=14 (due 50.000)",
            "50.000 A delivered p3",
            "50.000 A echo reply from 10.0.0.2 id=0 seq=2",
        ]
    );
    assert_eq!((request, second), (PacketId(0), PacketId(2)));
    // The reply echoes the request's identifier, sequence number and data (RFC 792).
    let parse = |i: usize| IpPacket::parse(&w.capture()[i].bytes).unwrap().transport;
    let (Transport::Icmp(req), Transport::Icmp(rep)) = (parse(0), parse(1)) else {
        panic!("not ICMP");
    };
    match (req, rep) {
        (
            IcmpRepr::EchoRequest { ident, seq, data },
            IcmpRepr::EchoReply {
                ident: i2,
                seq: s2,
                data: d2,
            },
        ) => assert_eq!((ident, seq, data), (i2, s2, d2)),
        other => panic!("{other:?}"),
    }
    // The call is logged like a socket call.
    let ping_calls = w
        .log()
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::UserCall { .. }) && e.host == Some(a))
        .count();
    assert_eq!(ping_calls, 2);
}

#[test]
fn a_host_can_ping_itself() {
    let (mut w, a, _) = two_hosts(1);
    w.ping(a, A).unwrap();
    w.run_to_idle(10);
    assert_eq!(
        wire_trace(&w)[2..],
        [
            "10.000 A echo reply to 10.0.0.1 id=0 seq=1",
            "10.000 A sent p1 10.0.0.1 > 10.0.0.1 ICMP echo reply id=0 seq=1 len=14 (due 20.000)",
            "20.000 A delivered p1",
            "20.000 A echo reply from 10.0.0.1 id=0 seq=1",
        ]
    );
}

/// A run with a bit of everything: datagrams at several times, a path that duplicates,
/// a hand-made copy, a port unreachable answered by ICMP, pings, a corrupted packet, and a
/// datagram to an address nobody has.
fn busy_world() -> (World, HostId, HostId) {
    let (mut w, a, b) = two_hosts(11);
    let rx = w.socket(b, Protocol::Udp).unwrap();
    w.bind(rx, Endpoint::any(9)).unwrap();
    let tx = w.socket(a, Protocol::Udp).unwrap();
    w.send_to(tx, b"plain", ep("10.0.0.2:9")).unwrap();
    w.advance(Duration::from_micros(1_234_567));
    w.set_path(
        a,
        b,
        PathSettings {
            duplicate_ppm: 1_000_000,
            ..PathSettings::default()
        },
    )
    .unwrap();
    w.send_to(tx, b"doubled by the path", ep("10.0.0.2:9"))
        .unwrap();
    w.advance(Duration::from_micros(3));
    w.set_path(
        a,
        b,
        PathSettings {
            corrupt_ppm: 1_000_000,
            ..PathSettings::default()
        },
    )
    .unwrap();
    w.send_to(tx, b"bits will flip", ep("10.0.0.2:9")).unwrap();
    w.set_path(a, b, PathSettings::default()).unwrap();
    w.advance(Duration::from_millis(2));
    w.send_to(tx, b"copied by hand", ep("10.0.0.2:9")).unwrap();
    let p = last_sent(&w);
    w.advance(Duration::from_millis(1));
    w.duplicate_packet(p).unwrap();
    w.send_to(tx, b"closed port", ep("10.0.0.2:4444")).unwrap();
    w.send_to(tx, b"nobody", ep("10.0.0.77:9")).unwrap();
    w.ping(b, A).unwrap();
    w.run_to_idle(100);
    (w, a, b)
}

#[test]
fn every_packet_on_the_wire_is_captured_at_its_send_time() {
    let (w, a, b) = busy_world();
    // What the log says went onto the wire: sends with a destination, and copies.
    let mut expected: BTreeMap<PacketId, (Instant, HostId, String)> = BTreeMap::new();
    let mut text_of = BTreeMap::new();
    for e in w.log().events() {
        match &e.kind {
            EventKind::PacketSent {
                packet,
                dst: Some(_),
                summary,
                ..
            } => {
                text_of.insert(*packet, summary.text().into_owned());
                expected.insert(
                    *packet,
                    (e.at, e.host.unwrap(), summary.text().into_owned()),
                );
            }
            EventKind::PacketDuplicated { packet, copy } => {
                let text = text_of[packet].clone();
                text_of.insert(*copy, text.clone());
                expected.insert(*copy, (e.at, e.host.unwrap(), text));
            }
            _ => {}
        }
    }
    let captured: BTreeMap<PacketId, (Instant, HostId, String)> = w
        .capture()
        .iter()
        .map(|c| {
            let text = IpPacket::parse(&c.bytes)
                .unwrap_or_else(|e| panic!("p{} captured unparseable: {e:?}", c.id.0))
                .summary();
            (c.id, (c.at, c.src, text))
        })
        .collect();
    assert_eq!(captured, expected);
    // Ids ascend, so a lookup by id works.
    assert!(w.capture().windows(2).all(|p| p[0].id < p[1].id));
    for c in w.capture() {
        assert_eq!(w.captured(c.id), Some(c));
    }
    assert_eq!(w.captured(PacketId(10_000)), None);
    // Both hosts sent something; the packet to nobody never reached the wire.
    assert!(w.capture().iter().any(|c| c.src == a));
    assert!(w.capture().iter().any(|c| c.src == b));
    let to_nobody = w.log().events().iter().find_map(|e| match &e.kind {
        EventKind::PacketSent {
            packet, dst: None, ..
        } => Some(*packet),
        _ => None,
    });
    assert!(w.captured(to_nobody.unwrap()).is_none());
    assert_eq!(w.capture().len(), 10);
}

/// The records of a pcap file, read with nothing but the documented layout:
/// (timestamp in µs, original length, data).
fn records(file: &[u8]) -> Vec<(u64, u32, &[u8])> {
    let mut out = Vec::new();
    let mut rest = &file[24..];
    while !rest.is_empty() {
        let word = |i: usize| u32::from_le_bytes(rest[i..i + 4].try_into().unwrap());
        let (sec, usec, incl, orig) = (word(0), word(4), word(8), word(12));
        let data = &rest[16..16 + incl as usize];
        out.push((u64::from(sec) * 1_000_000 + u64::from(usec), orig, data));
        rest = &rest[16 + incl as usize..];
    }
    out
}

#[test]
fn the_pcap_export_reads_back_with_etherparse() {
    let (w, _, _) = busy_world();
    let file = w.pcap();
    assert_eq!(&file[..4], &0xa1b2_c3d4u32.to_le_bytes());
    assert_eq!(&file[20..24], &101u32.to_le_bytes(), "LINKTYPE_RAW");
    let recs = records(&file);
    assert_eq!(recs.len(), w.capture().len());
    let mut udp_payloads = Vec::new();
    for ((at, orig, data), c) in recs.iter().zip(w.capture()) {
        assert_eq!(
            *at,
            c.at.micros(),
            "p{}: record time is the virtual send time",
            c.id.0
        );
        assert_eq!(*orig as usize, c.bytes.len());
        assert_eq!(*data, c.bytes.as_slice());
        let p = SlicedPacket::from_ip(data)
            .unwrap_or_else(|e| panic!("p{}: etherparse refuses it: {e:?}", c.id.0));
        let Some(NetSlice::Ipv4(v4)) = &p.net else {
            panic!("not IPv4");
        };
        let src = w.host(c.src).unwrap().addr;
        assert_eq!(v4.header().source_addr(), src);
        match &p.transport {
            Some(TransportSlice::Udp(u)) => {
                assert_eq!(u.source_port(), 49152);
                udp_payloads.push(u.payload().to_vec());
            }
            Some(TransportSlice::Icmpv4(i)) => assert!(matches!(
                i.icmp_type(),
                Icmpv4Type::EchoRequest(_)
                    | Icmpv4Type::EchoReply(_)
                    | Icmpv4Type::DestinationUnreachable(_)
            )),
            other => panic!("p{}: {other:?}", c.id.0),
        }
    }
    let texts: Vec<_> = udp_payloads
        .iter()
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    assert_eq!(
        texts,
        [
            "plain",
            "doubled by the path",
            "doubled by the path",
            "bits will flip",
            "copied by hand",
            "copied by hand",
            "closed port",
        ]
    );
    // Times sit on the microsecond, not rounded to milliseconds.
    assert_eq!(recs[1].0, 1_234_567);
}

#[test]
fn the_capture_shows_a_corrupted_packet_as_it_was_sent() {
    let (mut w, a, b) = two_hosts(3);
    w.set_path(
        a,
        b,
        PathSettings {
            corrupt_ppm: 1_000_000,
            duplicate_ppm: 1_000_000,
            ..PathSettings::default()
        },
    )
    .unwrap();
    let s = w.socket(a, Protocol::Udp).unwrap();
    for _ in 0..8 {
        w.send_to(s, b"intact at the tap", ep("10.0.0.2:9"))
            .unwrap();
        let p = last_sent(&w);
        w.duplicate_packet(p).unwrap();
    }
    // On the wire every copy carries the flipped bit...
    assert!(w.network().in_flight().all(|f| f.corrupted));
    assert_eq!(w.network().in_flight().count(), 24);
    // ...but the tap at the sender saw each datagram whole, copies included.
    assert_eq!(w.capture().len(), 24);
    for c in w.capture() {
        let p = IpPacket::parse(&c.bytes)
            .unwrap_or_else(|e| panic!("p{} captured corrupted: {e:?}", c.id.0));
        assert_eq!(p.summary(), "10.0.0.1:49152 > 10.0.0.2:9 UDP len=17");
    }
    w.run_to_idle(100);
    assert_eq!(
        w.log()
            .events()
            .iter()
            .filter(|e| e.kind.name() == "packet-delivered")
            .count(),
        0
    );
}

#[test]
fn capture_can_be_turned_off() {
    let mut w = World::new(Config {
        capture: false,
        ..Config::default()
    });
    let a = w.spawn_host("A", A).unwrap();
    w.spawn_host("B", B).unwrap();
    w.ping(a, B).unwrap();
    w.run_to_idle(10);
    assert!(w.capture().is_empty());
    assert_eq!(w.pcap().len(), 24, "the global header only");
    assert_eq!(
        w.log()
            .events()
            .iter()
            .filter(|e| e.kind.name() == "packet-sent")
            .count(),
        2
    );
}
