//! The pcap export: exact global header, record timestamps from virtual microseconds, and
//! every stored datagram readable by an independent parser.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::net::Ipv4Addr;

use etherparse::{LinkSlice, NetSlice, SlicedPacket, TransportSlice};
use sockscope_core::wire::{
    icmp_original, ArpRepr, DestUnreachableCode, Frame, IcmpRepr, IpPacket, IpProtocol, Ipv4Repr,
    LinkType, MacAddr, PcapWriter, SeqNumber, TcpFlags, TcpOptions, TcpRepr, Transport, UdpRepr,
};

fn datagrams() -> Vec<Vec<u8>> {
    let ip = |protocol| Ipv4Repr {
        src: Ipv4Addr::new(10, 0, 0, 2),
        dst: Ipv4Addr::new(10, 0, 0, 1),
        protocol,
        ttl: 64,
        ident: 1,
        dont_fragment: true,
        ecn: sockscope_core::wire::Ecn::NotEct,
    };
    let syn = IpPacket {
        ip: ip(IpProtocol::Tcp),
        transport: Transport::Tcp(TcpRepr {
            src_port: 49152,
            dst_port: 80,
            seq: SeqNumber(1000),
            flags: TcpFlags::SYN,
            window: 65535,
            ..TcpRepr::default()
        }),
    };
    let udp = IpPacket {
        ip: ip(IpProtocol::Udp),
        transport: Transport::Udp(UdpRepr {
            src_port: 1,
            dst_port: 2,
            payload: b"odd".to_vec(),
        }),
    };
    vec![syn.emit(), udp.emit()]
}

/// Reads records back with nothing but the documented layout.
fn records(file: &[u8]) -> Vec<(u32, u32, u32, &[u8])> {
    let mut out = Vec::new();
    let mut rest = &file[24..];
    while !rest.is_empty() {
        let word = |i: usize| u32::from_le_bytes(rest[i..i + 4].try_into().unwrap());
        let (sec, usec, incl, orig) = (word(0), word(4), word(8), word(12));
        let data = &rest[16..16 + incl as usize];
        out.push((sec, usec, orig, data));
        rest = &rest[16 + incl as usize..];
    }
    out
}

#[test]
fn global_header_bytes_are_exact() {
    let expected: [u8; 24] = [
        0xd4, 0xc3, 0xb2, 0xa1, // magic 0xa1b2c3d4, little-endian
        0x02, 0x00, 0x04, 0x00, // version 2.4
        0x00, 0x00, 0x00, 0x00, // thiszone
        0x00, 0x00, 0x00, 0x00, // sigfigs
        0xff, 0xff, 0x00, 0x00, // snaplen 65535
        0x65, 0x00, 0x00, 0x00, // LINKTYPE_RAW 101
    ];
    assert_eq!(PcapWriter::new().into_bytes(), expected);
}

#[test]
fn records_carry_time_and_parse_with_etherparse() {
    let mut w = PcapWriter::new();
    let times = [0u64, 1_500_000, 86_400_000_001];
    let dgrams = datagrams();
    for (i, &t) in times.iter().enumerate() {
        w.push(t, &dgrams[i % dgrams.len()]);
    }
    let file = w.as_bytes().to_vec();
    assert_eq!(w.into_bytes(), file);
    let recs = records(&file);
    assert_eq!(recs.len(), 3);
    assert_eq!((recs[0].0, recs[0].1), (0, 0));
    assert_eq!((recs[1].0, recs[1].1), (1, 500_000));
    assert_eq!((recs[2].0, recs[2].1), (86_400, 1));
    for (i, (_, _, orig, data)) in recs.iter().enumerate() {
        assert_eq!(*orig as usize, data.len());
        assert_eq!(*data, dgrams[i % dgrams.len()].as_slice());
        let p = SlicedPacket::from_ip(data).expect("etherparse reads the record");
        match (i % 2, &p.transport) {
            (0, Some(TransportSlice::Tcp(t))) => assert!(t.syn()),
            (1, Some(TransportSlice::Udp(u))) => assert_eq!(u.payload(), b"odd"),
            other => panic!("record {i}: {other:?}"),
        }
        IpPacket::parse(data).expect("and so do we");
    }
}

/// A small capture as frames: ARP request and reply, a SYN with options, a UDP datagram,
/// and the two ICMP errors a router sends about it (Time Exceeded, Fragmentation Needed).
fn frames() -> Vec<Vec<u8>> {
    let (a, b) = (MacAddr::local(2, 0), MacAddr::local(1, 0));
    let req = ArpRepr::request(a, Ipv4Addr::new(10, 0, 0, 2), Ipv4Addr::new(10, 0, 0, 1));
    let mut dgrams: Vec<IpPacket> = datagrams()
        .iter()
        .map(|d| IpPacket::parse(d).unwrap())
        .collect();
    if let Transport::Tcp(t) = &mut dgrams[0].transport {
        t.options = TcpOptions {
            mss: Some(1460),
            window_scale: Some(7),
            sack_permitted: true,
            timestamp: Some((1, 0)),
            ..TcpOptions::default()
        };
    }
    let original = icmp_original(&dgrams[1].emit());
    let router = |icmp| IpPacket {
        ip: Ipv4Repr {
            src: Ipv4Addr::new(10, 0, 0, 254),
            dst: Ipv4Addr::new(10, 0, 0, 2),
            protocol: IpProtocol::Icmp,
            ttl: 64,
            ident: 2,
            dont_fragment: false,
            ecn: sockscope_core::wire::Ecn::NotEct,
        },
        transport: Transport::Icmp(icmp),
    };
    dgrams.push(router(IcmpRepr::TimeExceeded {
        original: original.clone(),
    }));
    dgrams.push(router(IcmpRepr::DestUnreachable {
        code: DestUnreachableCode::FragNeeded { next_hop_mtu: 1400 },
        original,
    }));
    let mut out = vec![Frame::arp(req).emit(), Frame::arp(req.reply_from(b)).emit()];
    out.extend(dgrams.into_iter().map(|d| Frame::ipv4(a, b, d).emit()));
    out
}

fn ethernet_pcap() -> Vec<u8> {
    let mut w = PcapWriter::with_link_type(LinkType::Ethernet);
    for (i, f) in frames().iter().enumerate() {
        w.push(i as u64 * 1000, f);
    }
    w.into_bytes()
}

#[test]
fn both_link_types_write_and_read_back() {
    let mut raw = PcapWriter::new();
    for d in datagrams() {
        raw.push(0, &d);
    }
    let raw = raw.into_bytes();
    assert_eq!(&raw[20..24], &101u32.to_le_bytes());
    for (_, _, _, data) in records(&raw) {
        assert!(matches!(
            SlicedPacket::from_ip(data).unwrap().net,
            Some(NetSlice::Ipv4(_))
        ));
    }
    let eth = ethernet_pcap();
    assert_eq!(&eth[20..24], &1u32.to_le_bytes());
    let recs = records(&eth);
    assert_eq!(recs.len(), frames().len());
    for (i, (_, usec, orig, data)) in recs.iter().enumerate() {
        assert_eq!(*usec, i as u32 * 1000);
        assert_eq!(*orig as usize, data.len());
        let p = SlicedPacket::from_ethernet(data).expect("etherparse reads the frame");
        assert!(
            matches!(p.link, Some(LinkSlice::Ethernet2(_))),
            "record {i}"
        );
        match (i, &p.net) {
            (0 | 1, Some(NetSlice::Arp(_))) | (2.., Some(NetSlice::Ipv4(_))) => {}
            other => panic!("record {i}: {other:?}"),
        }
        Frame::parse(data).expect("and so do we");
    }
}

/// Wireshark's own dissectors are the strictest reader at hand: if `tshark` is installed,
/// it must read every frame without calling any of them malformed.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn tshark_reads_the_ethernet_capture_without_complaint() {
    let Ok(probe) = std::process::Command::new("tshark").arg("-v").output() else {
        println!("note: tshark is not installed; skipping the Wireshark cross-check");
        return;
    };
    assert!(probe.status.success());
    let path = std::env::temp_dir().join(format!("sockscope-eth-{}.pcap", std::process::id()));
    std::fs::write(&path, ethernet_pcap()).unwrap();
    let out = std::process::Command::new("tshark")
        .arg("-n")
        .arg("-r")
        .arg(&path)
        .arg("-V")
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("Malformed"), "{text}");
    assert!(!text.contains("[Expert Info (Error"), "{text}");
    assert!(
        text.contains("Address Resolution Protocol (request)"),
        "{text}"
    );
    assert!(
        text.contains("Address Resolution Protocol (reply)"),
        "{text}"
    );
    assert!(
        text.contains("Sender MAC address: 02:00:00:00:00:01"),
        "{text}"
    );
    assert!(text.contains("MTU of next hop: 1400"), "{text}");
    assert!(text.contains("Time to live exceeded in transit"), "{text}");
    let frames_read = text.lines().filter(|l| l.starts_with("Frame ")).count();
    assert_eq!(frames_read, frames().len(), "{text}");
}
