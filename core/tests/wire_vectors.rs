//! Known byte vectors and emit→parse round trips for `sockscope_core::wire`.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::net::Ipv4Addr;

use sockscope_core::wire::{
    icmp_original, internet_checksum, DestUnreachableCode, IcmpRepr, IpPacket, IpProtocol,
    Ipv4Repr, SeqNumber, TcpFlags, TcpOptions, TcpRepr, Transport, UdpRepr, WireError,
};

const CLIENT: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 2);
const SERVER: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 1);

fn hex(s: &str) -> Vec<u8> {
    s.split_whitespace()
        .map(|b| u8::from_str_radix(b, 16).unwrap())
        .collect()
}

fn ip(protocol: IpProtocol) -> Ipv4Repr {
    Ipv4Repr {
        src: CLIENT,
        dst: SERVER,
        protocol,
        ttl: 64,
        ident: 0x1c46,
        dont_fragment: true,
        ecn: sockscope_core::wire::Ecn::NotEct,
    }
}

/// The SYN below, also checked against etherparse in `wire_etherparse.rs` and against an
/// independent Python computation of both checksums when it was written.
fn syn_packet() -> IpPacket {
    IpPacket {
        ip: ip(IpProtocol::Tcp),
        transport: Transport::Tcp(TcpRepr {
            src_port: 49152,
            dst_port: 80,
            seq: SeqNumber(1000),
            ack: SeqNumber(0),
            flags: TcpFlags::SYN,
            window: 65535,
            urgent: 0,
            options: TcpOptions {
                mss: Some(1460),
                window_scale: Some(7),
                sack_permitted: true,
                sack_blocks: vec![],
                timestamp: Some((1, 0)),
                ..TcpOptions::default()
            },
            payload: vec![],
        }),
    }
}

const SYN_HEX: &str = "
    45 00 00 40 1c 46 40 00 40 06 0a 70 0a 00 00 02
    0a 00 00 01 c0 00 00 50 00 00 03 e8 00 00 00 00
    b0 02 ff ff 5d be 00 00 02 04 05 b4 01 03 03 07
    01 01 04 02 01 01 08 0a 00 00 00 01 00 00 00 00";

#[test]
fn classic_ipv4_header_checksum() {
    let header = hex("45 00 00 73 00 00 40 00 40 11 00 00 c0 a8 00 01 c0 a8 00 c7");
    assert_eq!(internet_checksum(&[&header]), 0xb861);
    let repr = Ipv4Repr {
        src: Ipv4Addr::new(192, 168, 0, 1),
        dst: Ipv4Addr::new(192, 168, 0, 199),
        protocol: IpProtocol::Udp,
        ttl: 64,
        ident: 0,
        dont_fragment: true,
        ecn: sockscope_core::wire::Ecn::NotEct,
    };
    assert_eq!(
        repr.emit_header(0x73 - 20).to_vec(),
        hex("45 00 00 73 00 00 40 00 40 11 b8 61 c0 a8 00 01 c0 a8 00 c7")
    );
}

#[test]
fn syn_bytes_are_exact() {
    let bytes = syn_packet().emit();
    assert_eq!(bytes, hex(SYN_HEX));
    assert_eq!(IpPacket::parse(&bytes).unwrap(), syn_packet());
    assert_eq!(
        syn_packet().summary(),
        "10.0.0.2:49152 > 10.0.0.1:80 TCP SYN seq=1000 ack=0 win=65535 len=0"
    );
}

#[test]
fn tcp_with_every_option_round_trips() {
    let packet = IpPacket {
        ip: ip(IpProtocol::Tcp),
        transport: Transport::Tcp(TcpRepr {
            src_port: 80,
            dst_port: 49152,
            seq: SeqNumber(0xFFFF_FF00),
            ack: SeqNumber(1001),
            flags: TcpFlags::PSH | TcpFlags::ACK | TcpFlags::URG | TcpFlags::ECE,
            window: 512,
            urgent: 3,
            options: TcpOptions {
                mss: Some(536),
                window_scale: Some(14),
                sack_permitted: true,
                sack_blocks: vec![(SeqNumber(2000), SeqNumber(3000))],
                timestamp: Some((0xDEAD_BEEF, 0x0102_0304)),
                ..TcpOptions::default()
            },
            payload: b"GET / HTTP/1.1\r\n\r\n".to_vec(),
        }),
    };
    let bytes = packet.emit();
    assert_eq!(bytes.len(), 20 + 20 + 36 + 18);
    assert_eq!(IpPacket::parse(&bytes).unwrap(), packet);
}

#[test]
fn udp_round_trips() {
    let packet = IpPacket {
        ip: ip(IpProtocol::Udp),
        transport: Transport::Udp(UdpRepr {
            src_port: 5353,
            dst_port: 53,
            payload: b"hello".to_vec(),
        }),
    };
    let bytes = packet.emit();
    assert_eq!(IpPacket::parse(&bytes).unwrap(), packet);
    assert_eq!(packet.summary(), "10.0.0.2:5353 > 10.0.0.1:53 UDP len=5");
}

#[test]
fn icmp_dest_unreachable_round_trips_and_quotes_the_original() {
    let offending = IpPacket {
        ip: ip(IpProtocol::Udp),
        transport: Transport::Udp(UdpRepr {
            src_port: 5353,
            dst_port: 9,
            payload: vec![0xAA; 100],
        }),
    };
    let offending_bytes = offending.emit();
    let original = icmp_original(&offending_bytes);
    assert_eq!(original, offending_bytes[..28]);
    let error = IpPacket {
        ip: Ipv4Repr {
            src: SERVER,
            dst: CLIENT,
            ..ip(IpProtocol::Icmp)
        },
        transport: Transport::Icmp(IcmpRepr::DestUnreachable {
            code: DestUnreachableCode::PortUnreachable,
            original,
        }),
    };
    let bytes = error.emit();
    assert_eq!(bytes.len(), 20 + 8 + 28);
    assert_eq!(IpPacket::parse(&bytes).unwrap(), error);
    assert_eq!(error.summary(), "10.0.0.1 > 10.0.0.2 ICMP port unreachable");
}

#[test]
fn icmp_echo_round_trips() {
    for echo in [
        IcmpRepr::EchoRequest {
            ident: 0xBEEF,
            seq: 1,
            data: (0..56).collect(),
        },
        IcmpRepr::EchoReply {
            ident: 0xBEEF,
            seq: 1,
            data: (0..55).collect(), // odd length exercises the checksum's zero pad
        },
    ] {
        let packet = IpPacket {
            ip: ip(IpProtocol::Icmp),
            transport: Transport::Icmp(echo),
        };
        assert_eq!(IpPacket::parse(&packet.emit()).unwrap(), packet);
    }
}

#[test]
fn seq_numbers_compare_across_the_wrap() {
    assert!(SeqNumber(0xFFFF_FFF0) < SeqNumber(0x10));
    assert!(SeqNumber(0x10) > SeqNumber(0xFFFF_FFF0));
    assert_eq!(SeqNumber(0x10).diff(SeqNumber(0xFFFF_FFF0)), 32);
    assert_eq!(SeqNumber(0xFFFF_FFF0) + 32, SeqNumber(0x10));
    assert_eq!(SeqNumber(0x10) - 32, SeqNumber(0xFFFF_FFF0));
    assert!(SeqNumber(5) <= SeqNumber(5));
    assert!(SeqNumber(u32::MAX) >= SeqNumber(u32::MAX - 1));
}

#[test]
fn packets_serialize_to_json_and_back() {
    let packet = syn_packet();
    let json = serde_json::to_string(&packet).unwrap();
    assert!(json.contains("\"src\":\"10.0.0.2\""), "{json}");
    let back: IpPacket = serde_json::from_str(&json).unwrap();
    assert_eq!(back, packet);
}

#[test]
fn truncated_datagrams_are_errors() {
    let bytes = syn_packet().emit();
    for cut in 0..bytes.len() {
        assert!(IpPacket::parse(&bytes[..cut]).is_err(), "cut at {cut}");
    }
    assert_eq!(IpPacket::parse(&bytes[..30]), Err(WireError::Truncated));
}

#[test]
fn syn_vector_is_confirmed_by_etherparse() {
    use etherparse::{NetSlice, SlicedPacket, TcpOptionElement, TransportSlice};
    let bytes = hex(SYN_HEX);
    let p = SlicedPacket::from_ip(&bytes).unwrap();
    let Some(NetSlice::Ipv4(v4)) = &p.net else {
        panic!("not IPv4")
    };
    let h = v4.header().to_header();
    assert_eq!(h.header_checksum, 0x0a70);
    assert_eq!(h.calc_header_checksum(), 0x0a70);
    let Some(TransportSlice::Tcp(tcp)) = &p.transport else {
        panic!("not TCP")
    };
    assert!(tcp.syn() && !tcp.ack());
    assert_eq!(tcp.checksum(), 0x5dbe);
    assert_eq!(
        tcp.calc_checksum_ipv4(CLIENT.octets(), SERVER.octets())
            .unwrap(),
        0x5dbe
    );
    let options: Vec<_> = tcp.options_iterator().map(Result::unwrap).collect();
    assert_eq!(
        options.first(),
        Some(&TcpOptionElement::MaximumSegmentSize(1460))
    );
}
