//! Cross-checks against etherparse, an independent parser and builder: our bytes must read
//! the same way to it, its checksums must equal ours, and its packets must parse with ours.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::net::Ipv4Addr;

use etherparse::{
    icmpv4::DestUnreachableHeader, IcmpEchoHeader, Icmpv4Type, NetSlice, PacketBuilder,
    SlicedPacket, TcpOptionElement, TransportSlice,
};
use sockscope_core::wire::{
    icmp_original, DestUnreachableCode, IcmpRepr, IpPacket, IpProtocol, Ipv4Repr, OptionLayout,
    SeqNumber, TcpFlags, TcpOptions, TcpRepr, Transport, UdpRepr,
};

const A: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 10);
const B: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 7);

fn ip(protocol: IpProtocol) -> Ipv4Repr {
    Ipv4Repr {
        src: A,
        dst: B,
        protocol,
        ttl: 37,
        ident: 0xABCD,
        dont_fragment: true,
        ecn: sockscope_core::wire::Ecn::NotEct,
    }
}

fn tcp_repr(payload: &[u8]) -> TcpRepr {
    TcpRepr {
        src_port: 40000,
        dst_port: 443,
        seq: SeqNumber(0xFFFF_FFF0),
        ack: SeqNumber(77),
        flags: TcpFlags::PSH | TcpFlags::ACK,
        window: 29200,
        urgent: 0,
        options: TcpOptions {
            sack_blocks: vec![(SeqNumber(1), SeqNumber(9)), (SeqNumber(20), SeqNumber(30))],
            timestamp: Some((123_456, 654_321)),
            ..TcpOptions::default()
        },
        payload: payload.to_vec(),
    }
}

fn sliced(bytes: &[u8]) -> SlicedPacket<'_> {
    SlicedPacket::from_ip(bytes).expect("etherparse accepts our datagram")
}

fn ipv4_header(p: &SlicedPacket<'_>) -> etherparse::Ipv4Header {
    match &p.net {
        Some(NetSlice::Ipv4(v4)) => v4.header().to_header(),
        other => panic!("not IPv4: {other:?}"),
    }
}

fn check_ip_fields(h: &etherparse::Ipv4Header, ours: &Ipv4Repr, total: usize) {
    assert_eq!(h.source, ours.src.octets());
    assert_eq!(h.destination, ours.dst.octets());
    assert_eq!(h.time_to_live, ours.ttl);
    assert_eq!(h.identification, ours.ident);
    assert_eq!(h.dont_fragment, ours.dont_fragment);
    assert!(!h.more_fragments);
    assert_eq!(usize::from(h.total_len), total);
    assert_eq!(h.header_checksum, h.calc_header_checksum());
}

#[test]
fn tcp_reads_the_same_to_etherparse() {
    for payload in [&b""[..], b"odd", b"even", &[0xFF; 1000]] {
        let ours = tcp_repr(payload);
        let packet = IpPacket {
            ip: ip(IpProtocol::Tcp),
            transport: Transport::Tcp(ours.clone()),
        };
        let bytes = packet.emit();
        let p = sliced(&bytes);
        let h = ipv4_header(&p);
        check_ip_fields(&h, &packet.ip, bytes.len());
        assert_eq!(h.protocol, etherparse::IpNumber::TCP);
        let Some(TransportSlice::Tcp(tcp)) = &p.transport else {
            panic!("no TCP: {:?}", p.transport)
        };
        assert_eq!(tcp.source_port(), ours.src_port);
        assert_eq!(tcp.destination_port(), ours.dst_port);
        assert_eq!(tcp.sequence_number(), ours.seq.0);
        assert_eq!(tcp.acknowledgment_number(), ours.ack.0);
        assert!(tcp.psh() && tcp.ack() && !tcp.syn() && !tcp.fin());
        assert_eq!(tcp.window_size(), ours.window);
        assert_eq!(
            usize::from(tcp.data_offset()) * 4,
            usize::from(ours.header_len())
        );
        assert_eq!(tcp.payload(), payload);
        assert_eq!(
            tcp.calc_checksum_ipv4(A.octets(), B.octets()).unwrap(),
            tcp.checksum()
        );
        let header = tcp.to_header();
        assert_eq!(
            header.calc_checksum_ipv4(&h, payload).unwrap(),
            tcp.checksum()
        );
        let options: Vec<_> = tcp.options_iterator().map(Result::unwrap).collect();
        assert!(options.contains(&TcpOptionElement::Timestamp(123_456, 654_321)));
        assert!(
            options.contains(&TcpOptionElement::SelectiveAcknowledgement(
                (1, 9),
                [Some((20, 30)), None, None]
            ))
        );
    }
}

#[test]
fn syn_options_read_the_same_to_etherparse() {
    let ours = TcpRepr {
        flags: TcpFlags::SYN,
        options: TcpOptions {
            mss: Some(1460),
            window_scale: Some(7),
            sack_permitted: true,
            sack_blocks: vec![],
            timestamp: Some((1, 0)),
            ..TcpOptions::default()
        },
        ..tcp_repr(b"")
    };
    let bytes = IpPacket {
        ip: ip(IpProtocol::Tcp),
        transport: Transport::Tcp(ours),
    }
    .emit();
    let p = sliced(&bytes);
    let Some(TransportSlice::Tcp(tcp)) = &p.transport else {
        panic!("no TCP")
    };
    let options: Vec<_> = tcp
        .options_iterator()
        .map(Result::unwrap)
        .filter(|o| *o != TcpOptionElement::Noop)
        .collect();
    assert_eq!(
        options,
        [
            TcpOptionElement::MaximumSegmentSize(1460),
            TcpOptionElement::WindowScale(7),
            TcpOptionElement::SelectiveAcknowledgementPermitted,
            TcpOptionElement::Timestamp(1, 0),
        ]
    );
}

#[test]
fn udp_reads_the_same_to_etherparse() {
    for payload in [&b""[..], b"hello", b"DNS?"] {
        let ours = UdpRepr {
            src_port: 5353,
            dst_port: 53,
            payload: payload.to_vec(),
        };
        let packet = IpPacket {
            ip: ip(IpProtocol::Udp),
            transport: Transport::Udp(ours.clone()),
        };
        let bytes = packet.emit();
        let p = sliced(&bytes);
        let h = ipv4_header(&p);
        check_ip_fields(&h, &packet.ip, bytes.len());
        let Some(TransportSlice::Udp(udp)) = &p.transport else {
            panic!("no UDP")
        };
        assert_eq!(udp.source_port(), 5353);
        assert_eq!(udp.destination_port(), 53);
        assert_eq!(usize::from(udp.length()), 8 + payload.len());
        assert_eq!(udp.payload(), payload);
        let theirs = udp.to_header().calc_checksum_ipv4(&h, payload).unwrap();
        assert_eq!(theirs, udp.checksum());
    }
}

#[test]
fn icmp_reads_the_same_to_etherparse() {
    let quoted = icmp_original(
        &IpPacket {
            ip: ip(IpProtocol::Udp),
            transport: Transport::Udp(UdpRepr {
                src_port: 1,
                dst_port: 2,
                payload: vec![3; 30],
            }),
        }
        .emit(),
    );
    let cases = [
        (
            IcmpRepr::EchoRequest {
                ident: 7,
                seq: 9,
                data: b"abc".to_vec(),
            },
            Icmpv4Type::EchoRequest(IcmpEchoHeader { id: 7, seq: 9 }),
        ),
        (
            IcmpRepr::EchoReply {
                ident: 7,
                seq: 9,
                data: b"abcd".to_vec(),
            },
            Icmpv4Type::EchoReply(IcmpEchoHeader { id: 7, seq: 9 }),
        ),
        (
            IcmpRepr::DestUnreachable {
                code: DestUnreachableCode::PortUnreachable,
                original: quoted.clone(),
            },
            Icmpv4Type::DestinationUnreachable(DestUnreachableHeader::Port),
        ),
        (
            IcmpRepr::TimeExceeded {
                original: quoted.clone(),
            },
            Icmpv4Type::TimeExceeded(etherparse::icmpv4::TimeExceededCode::TtlExceededInTransit),
        ),
    ];
    for (ours, theirs) in cases {
        let bytes = IpPacket {
            ip: ip(IpProtocol::Icmp),
            transport: Transport::Icmp(ours.clone()),
        }
        .emit();
        let p = sliced(&bytes);
        let Some(TransportSlice::Icmpv4(icmp)) = &p.transport else {
            panic!("no ICMP")
        };
        assert_eq!(icmp.icmp_type(), theirs, "{ours:?}");
        assert_eq!(
            icmp.icmp_type().calc_checksum(icmp.payload()),
            icmp.checksum()
        );
    }
}

#[test]
fn etherparse_packets_parse_with_ours() {
    // TCP with options.
    let builder = PacketBuilder::ipv4(A.octets(), B.octets(), 20)
        .tcp(1234, 80, 42, 1024)
        .syn()
        .ack(7)
        .options(&[
            TcpOptionElement::MaximumSegmentSize(1400),
            TcpOptionElement::Noop,
            TcpOptionElement::WindowScale(3),
            TcpOptionElement::SelectiveAcknowledgementPermitted,
            TcpOptionElement::Timestamp(5, 6),
        ])
        .unwrap();
    let mut bytes = Vec::new();
    builder.write(&mut bytes, b"payload").unwrap();
    let packet = IpPacket::parse(&bytes).unwrap();
    assert_eq!(packet.ip.src, A);
    assert_eq!(packet.ip.ttl, 20);
    let Transport::Tcp(tcp) = packet.transport else {
        panic!("not TCP")
    };
    assert_eq!((tcp.src_port, tcp.dst_port), (1234, 80));
    assert_eq!((tcp.seq, tcp.ack), (SeqNumber(42), SeqNumber(7)));
    assert_eq!(tcp.flags, TcpFlags::SYN | TcpFlags::ACK);
    assert_eq!(tcp.window, 1024);
    assert_eq!(
        tcp.options,
        TcpOptions {
            mss: Some(1400),
            window_scale: Some(3),
            sack_permitted: true,
            sack_blocks: vec![],
            timestamp: Some((5, 6)),
            // MSS, NOP, wscale, sackOK, TS is exactly FreeBSD's SYN (tcp_addoptions).
            layout: OptionLayout::FreeBsd,
        }
    );
    assert_eq!(tcp.payload, b"payload");

    // UDP.
    let mut bytes = Vec::new();
    PacketBuilder::ipv4(B.octets(), A.octets(), 64)
        .udp(53, 5353)
        .write(&mut bytes, b"answer")
        .unwrap();
    let packet = IpPacket::parse(&bytes).unwrap();
    assert_eq!(
        packet.transport,
        Transport::Udp(UdpRepr {
            src_port: 53,
            dst_port: 5353,
            payload: b"answer".to_vec()
        })
    );

    // ICMP echo request and port unreachable.
    let mut bytes = Vec::new();
    PacketBuilder::ipv4(A.octets(), B.octets(), 64)
        .icmpv4_echo_request(1, 2)
        .write(&mut bytes, b"ping")
        .unwrap();
    assert_eq!(
        IpPacket::parse(&bytes).unwrap().transport,
        Transport::Icmp(IcmpRepr::EchoRequest {
            ident: 1,
            seq: 2,
            data: b"ping".to_vec()
        })
    );
    let mut bytes = Vec::new();
    PacketBuilder::ipv4(A.octets(), B.octets(), 64)
        .icmpv4(Icmpv4Type::DestinationUnreachable(
            DestUnreachableHeader::Host,
        ))
        .write(&mut bytes, &[0x45; 28])
        .unwrap();
    assert_eq!(
        IpPacket::parse(&bytes).unwrap().transport,
        Transport::Icmp(IcmpRepr::DestUnreachable {
            code: DestUnreachableCode::HostUnreachable,
            original: vec![0x45; 28]
        })
    );
}
