//! The link layer against etherparse, an independent parser and builder: Ethernet II
//! headers and ARP packets must read the same both ways; then the frame dissector, and the
//! ICMP errors a router sends (Time Exceeded, Destination Unreachable with RFC 1191's MTU).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::net::Ipv4Addr;

use etherparse::{
    icmpv4::DestUnreachableHeader, ArpEthIpv4Packet, ArpOperation as EpArpOp, Ethernet2Header,
    Icmpv4Type, LinkSlice, NetSlice, PacketBuilder, SlicedPacket, TransportSlice,
};
use sockscope_core::wire::{
    dissect_frame, icmp_original, ArpOperation, ArpRepr, DestUnreachableCode, EtherType,
    EthernetRepr, FieldSpan, Frame, FrameLayer, IcmpRepr, IpPacket, IpProtocol, Ipv4Repr,
    LinkPayload, MacAddr, Transport, UdpRepr,
};

const A: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 10);
const B: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 7);

fn mac_a() -> MacAddr {
    MacAddr::local(1, 0)
}

fn mac_b() -> MacAddr {
    MacAddr::local(2, 3)
}

fn udp_packet() -> IpPacket {
    IpPacket {
        ip: Ipv4Repr {
            src: A,
            dst: B,
            protocol: IpProtocol::Udp,
            ttl: 64,
            ident: 9,
            dont_fragment: true,
            ecn: sockscope_core::wire::Ecn::NotEct,
        },
        transport: Transport::Udp(UdpRepr {
            src_port: 5000,
            dst_port: 53,
            payload: b"query".to_vec(),
        }),
    }
}

#[test]
fn our_ethernet_header_reads_the_same_to_etherparse() {
    for ethertype in [EtherType::Ipv4, EtherType::Arp, EtherType::Other(0x88cc)] {
        let e = EthernetRepr {
            dst: mac_b(),
            src: mac_a(),
            ethertype,
        };
        let bytes = e.emit(&[7, 7]);
        let (theirs, rest) = Ethernet2Header::from_slice(&bytes).unwrap();
        assert_eq!(theirs.destination, mac_b().octets());
        assert_eq!(theirs.source, mac_a().octets());
        assert_eq!(theirs.ether_type.0, ethertype.number());
        assert_eq!(rest, &[7, 7]);
    }
}

#[test]
fn etherparse_frames_parse_with_ours() {
    let builder = PacketBuilder::ethernet2(mac_a().octets(), mac_b().octets())
        .ipv4(A.octets(), B.octets(), 64)
        .udp(5000, 53);
    let mut bytes = Vec::new();
    builder.write(&mut bytes, b"query").unwrap();
    let header = Ethernet2Header {
        source: mac_a().octets(),
        destination: mac_b().octets(),
        ether_type: etherparse::EtherType::IPV4,
    };
    assert_eq!(&bytes[..14], &header.to_bytes());
    let frame = Frame::parse(&bytes).expect("we accept etherparse's frame");
    assert_eq!(frame.eth.src, mac_a());
    assert_eq!(frame.eth.dst, mac_b());
    match frame.payload {
        LinkPayload::Ipv4(p) => match p.transport {
            Transport::Udp(u) => assert_eq!(u.payload, b"query"),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

#[test]
fn our_ipv4_frame_slices_with_etherparse() {
    let bytes = Frame::ipv4(mac_a(), mac_b(), udp_packet()).emit();
    let p = SlicedPacket::from_ethernet(&bytes).expect("etherparse accepts our frame");
    match &p.link {
        Some(LinkSlice::Ethernet2(e)) => {
            assert_eq!(e.source(), mac_a().octets());
            assert_eq!(e.ether_type(), etherparse::EtherType::IPV4);
        }
        other => panic!("{other:?}"),
    }
    match &p.transport {
        Some(TransportSlice::Udp(u)) => assert_eq!(u.payload(), b"query"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn our_arp_reads_the_same_to_etherparse() {
    let req = ArpRepr::request(mac_a(), A, B);
    let rep = req.reply_from(mac_b());
    for (ours, op) in [(req, EpArpOp::REQUEST), (rep, EpArpOp::REPLY)] {
        let bytes = Frame::arp(ours).emit();
        let p = SlicedPacket::from_ethernet(&bytes).expect("etherparse accepts our ARP");
        let Some(NetSlice::Arp(arp)) = &p.net else {
            panic!("not ARP: {:?}", p.net)
        };
        let theirs = arp.to_packet().try_eth_ipv4().unwrap();
        assert_eq!(theirs.operation, op);
        assert_eq!(theirs.sender_mac, ours.sender_mac.octets());
        assert_eq!(theirs.sender_ipv4_addr(), ours.sender_ip);
        assert_eq!(theirs.target_mac, ours.target_mac.octets());
        assert_eq!(theirs.target_ipv4_addr(), ours.target_ip);
        assert_eq!(theirs.to_bytes(), ours.emit());
    }
}

#[test]
fn etherparse_arp_parses_with_ours() {
    let theirs = ArpEthIpv4Packet {
        operation: EpArpOp::REPLY,
        sender_mac: mac_b().octets(),
        sender_ipv4: B.octets(),
        target_mac: mac_a().octets(),
        target_ipv4: A.octets(),
    };
    let mut bytes = Vec::new();
    PacketBuilder::ethernet2(mac_b().octets(), mac_a().octets())
        .arp(theirs.to_arp_packet())
        .write(&mut bytes)
        .unwrap();
    let frame = Frame::parse(&bytes).expect("we accept etherparse's ARP");
    let LinkPayload::Arp(ours) = frame.payload else {
        panic!("not ARP")
    };
    assert_eq!(ours.operation, ArpOperation::Reply);
    assert_eq!((ours.sender_mac, ours.sender_ip), (mac_b(), B));
    assert_eq!((ours.target_mac, ours.target_ip), (mac_a(), A));
}

fn find<'a>(spans: &'a [FieldSpan<FrameLayer>], name: &str) -> &'a FieldSpan<FrameLayer> {
    spans
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no {name} in {spans:#?}"))
}

#[test]
fn frame_dissector_shows_ethernet_above_ipv4() {
    let bytes = Frame::ipv4(mac_a(), mac_b(), udp_packet()).emit();
    let spans = dissect_frame(&bytes);
    let dst = find(&spans, "Destination");
    assert_eq!(
        (dst.layer, dst.offset, dst.len),
        (FrameLayer::Ethernet, 0, 6)
    );
    assert_eq!(dst.value, "02:00:03:00:00:02");
    assert_eq!(find(&spans, "Source").value, "02:00:00:00:00:01");
    assert_eq!(find(&spans, "Type").value, "0x0800 (IPv4)");
    let ttl = find(&spans, "TTL");
    assert_eq!(
        (ttl.layer, ttl.offset, ttl.value.as_str()),
        (FrameLayer::Ipv4, 22, "64")
    );
    let port = find(&spans, "Destination Port");
    assert_eq!((port.layer, port.offset), (FrameLayer::Udp, 14 + 20 + 2));
    let mut layers: Vec<FrameLayer> = spans.iter().map(|s| s.layer).collect();
    layers.dedup();
    use FrameLayer::*;
    assert_eq!(layers, vec![Ethernet, Ipv4, Udp, Payload]);
    for s in &spans {
        assert!(s.offset as usize + s.len as usize <= bytes.len(), "{s:?}");
    }
}

#[test]
fn frame_dissector_reads_arp_and_padding() {
    let mut bytes = Frame::arp(ArpRepr::request(mac_a(), A, B)).emit();
    bytes.resize(60, 0); // padded to the minimum frame
    let spans = dissect_frame(&bytes);
    assert_eq!(
        find(&spans, "Destination").value,
        "ff:ff:ff:ff:ff:ff (broadcast)"
    );
    assert_eq!(find(&spans, "Type").value, "0x0806 (ARP)");
    assert_eq!(find(&spans, "Hardware Type").value, "1 (Ethernet)");
    assert_eq!(find(&spans, "Protocol Type").value, "0x0800 (IPv4)");
    assert_eq!(find(&spans, "Opcode").value, "1 (request)");
    let tpa = find(&spans, "Target IP Address");
    assert_eq!((tpa.layer, tpa.offset, tpa.len), (FrameLayer::Arp, 38, 4));
    assert_eq!(tpa.value, "198.51.100.7");
    assert_eq!(find(&spans, "Sender IP Address").value, "192.0.2.10");
    assert_eq!(
        find(&spans, "Target MAC Address").value,
        "00:00:00:00:00:00"
    );
    let pad = find(&spans, "Padding");
    assert_eq!((pad.offset, pad.len), (42, 18));
    // An ARP packet for another hardware type stops after the fixed part.
    let mut odd = bytes.clone();
    odd[15] = 6;
    let spans = dissect_frame(&odd);
    assert_eq!(find(&spans, "Hardware Type").value, "6 (not Ethernet)");
    assert!(spans.iter().all(|s| s.name != "Sender MAC Address"));
    // Truncated frames stop quietly.
    assert_eq!(dissect_frame(&bytes[..13]).len(), 2);
    assert!(dissect_frame(&[]).is_empty());
}

fn quoted() -> Vec<u8> {
    icmp_original(&udp_packet().emit())
}

#[test]
fn time_exceeded_quotes_header_plus_eight_and_etherparse_agrees() {
    let original = quoted();
    assert_eq!(
        original.len(),
        20 + 8,
        "RFC 792: IP header + 64 bits of data"
    );
    let m = IcmpRepr::TimeExceeded {
        original: original.clone(),
    };
    let bytes = m.emit();
    let header = etherparse::Icmpv4Header::from_slice(&bytes).unwrap().0;
    assert_eq!(
        header.icmp_type,
        Icmpv4Type::TimeExceeded(etherparse::icmpv4::TimeExceededCode::TtlExceededInTransit)
    );
    assert_eq!(&bytes[8..], original.as_slice());
    assert_eq!(IcmpRepr::parse(&bytes).unwrap(), m);
}

#[test]
fn unreachable_codes_match_etherparse_including_the_next_hop_mtu() {
    let cases = [
        (
            DestUnreachableCode::NetUnreachable,
            DestUnreachableHeader::Network,
        ),
        (
            DestUnreachableCode::HostUnreachable,
            DestUnreachableHeader::Host,
        ),
        (
            DestUnreachableCode::PortUnreachable,
            DestUnreachableHeader::Port,
        ),
        (
            DestUnreachableCode::FragNeeded { next_hop_mtu: 1400 },
            DestUnreachableHeader::FragmentationNeeded { next_hop_mtu: 1400 },
        ),
    ];
    for (code, theirs) in cases {
        let m = IcmpRepr::DestUnreachable {
            code,
            original: quoted(),
        };
        let bytes = m.emit();
        let header = etherparse::Icmpv4Header::from_slice(&bytes).unwrap().0;
        assert_eq!(
            header.icmp_type,
            Icmpv4Type::DestinationUnreachable(theirs.clone())
        );
        assert_eq!(IcmpRepr::parse(&bytes).unwrap(), m);
        // And etherparse's bytes read back as ours.
        let built = etherparse::Icmpv4Header::with_checksum(
            Icmpv4Type::DestinationUnreachable(theirs),
            &quoted(),
        );
        let mut theirs_bytes = built.to_bytes().to_vec();
        theirs_bytes.extend_from_slice(&quoted());
        assert_eq!(theirs_bytes, bytes);
    }
}
