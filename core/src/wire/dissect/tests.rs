use super::*;
use crate::wire::{
    icmp_original, DestUnreachableCode, IcmpRepr, IpPacket, IpProtocol, Ipv4Repr, SeqNumber,
    TcpFlags, TcpOptions, TcpRepr, Transport, UdpRepr,
};
use proptest::prelude::*;
use std::net::Ipv4Addr;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn ip(protocol: IpProtocol) -> Ipv4Repr {
    Ipv4Repr {
        src: Ipv4Addr::new(10, 0, 0, 2),
        dst: Ipv4Addr::new(10, 0, 0, 1),
        protocol,
        ttl: 64,
        ident: 7,
        dont_fragment: true,
        ecn: crate::wire::Ecn::NotEct,
    }
}

fn tcp_packet() -> IpPacket {
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
                ..TcpOptions::default()
            },
            payload: b"hi".to_vec(),
        }),
    }
}

fn find<'a>(spans: &'a [FieldSpan], layer: Layer, name: &str) -> &'a FieldSpan {
    spans
        .iter()
        .find(|s| s.layer == layer && s.name == name)
        .unwrap_or_else(|| panic!("no {layer:?} {name} in {spans:#?}"))
}

#[test]
fn tcp_fields_and_offsets() {
    let bytes = tcp_packet().emit();
    let spans = dissect(&bytes);
    let get = |layer, name| find(&spans, layer, name);
    let version = get(Layer::Ipv4, "Version");
    assert_eq!(
        (version.offset, version.len, version.value.as_str()),
        (0, 1, "4")
    );
    assert_eq!(get(Layer::Ipv4, "IHL").value, "5 (20 bytes)");
    assert_eq!(get(Layer::Ipv4, "IHL").offset, 0);
    assert_eq!(get(Layer::Ipv4, "Total Length").value, "50");
    assert_eq!(get(Layer::Ipv4, "Flags").value, "DF");
    assert_eq!(get(Layer::Ipv4, "Protocol").value, "6 (TCP)");
    assert!(get(Layer::Ipv4, "Header Checksum")
        .value
        .ends_with("(correct)"));
    let dst = get(Layer::Ipv4, "Destination Address");
    assert_eq!((dst.offset, dst.len), (16, 4));
    assert_eq!(dst.value, "10.0.0.1");
    let seq = get(Layer::Tcp, "Sequence Number");
    assert_eq!((seq.offset, seq.len, seq.value.as_str()), (24, 4, "1000"));
    assert_eq!(get(Layer::Tcp, "Data Offset").value, "7 (28 bytes)");
    assert_eq!(get(Layer::Tcp, "Control Bits").value, "0x02 (SYN)");
    assert_eq!(get(Layer::Tcp, "Control Bits").offset, 33);
    assert!(get(Layer::Tcp, "Checksum").value.ends_with("(correct)"));
    assert_eq!(get(Layer::Tcp, "Options").len, 8);
    assert_eq!(get(Layer::Tcp, "Maximum Segment Size").value, "1460");
    assert_eq!(get(Layer::Tcp, "Window Scale").value, "7 (multiply by 128)");
    let data = get(Layer::Payload, "Data");
    assert_eq!((data.offset, data.len), (48, 2));
    assert_eq!(data.value, "2 bytes: \"hi\"");
}

#[test]
fn every_span_lies_inside_the_datagram() {
    let bytes = tcp_packet().emit();
    for span in dissect(&bytes) {
        assert!(
            span.offset as usize + span.len as usize <= bytes.len(),
            "{span:?}"
        );
    }
}

#[test]
fn corrupted_checksums_are_flagged_not_rejected() {
    let mut bytes = tcp_packet().emit();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01;
    let spans = dissect(&bytes);
    assert!(find(&spans, Layer::Tcp, "Checksum").value.contains("wrong"));
    assert!(find(&spans, Layer::Ipv4, "Header Checksum")
        .value
        .ends_with("(correct)"));
}

#[test]
fn wrong_checksum_suggests_the_right_one() {
    let good = tcp_packet().emit();
    let mut bad = good.clone();
    bad[36] ^= 0xFF;
    let want = format!("should be 0x{:02x}{:02x})", good[36], good[37]);
    let spans = dissect(&bad);
    assert!(find(&spans, Layer::Tcp, "Checksum").value.ends_with(&want));
}

#[test]
fn truncation_stops_quietly() {
    let bytes = tcp_packet().emit();
    for cut in 0..bytes.len() {
        let spans = dissect(&bytes[..cut]);
        for span in &spans {
            assert!(span.offset as usize + span.len as usize <= cut);
        }
        if cut >= 38 {
            assert!(find(&spans, Layer::Tcp, "Checksum")
                .value
                .contains("not verified"));
        }
    }
}

#[test]
fn udp_and_icmp() {
    let udp = IpPacket {
        ip: ip(IpProtocol::Udp),
        transport: Transport::Udp(UdpRepr {
            src_port: 5353,
            dst_port: 53,
            payload: b"hello".to_vec(),
        }),
    };
    let spans = dissect(&udp.emit());
    assert_eq!(find(&spans, Layer::Udp, "Length").value, "13");
    assert!(find(&spans, Layer::Udp, "Checksum")
        .value
        .ends_with("(correct)"));
    assert_eq!(find(&spans, Layer::Payload, "Data").offset, 28);

    let icmp = IpPacket {
        ip: ip(IpProtocol::Icmp),
        transport: Transport::Icmp(IcmpRepr::DestUnreachable {
            code: DestUnreachableCode::PortUnreachable,
            original: icmp_original(&udp.emit()),
        }),
    };
    let spans = dissect(&icmp.emit());
    assert_eq!(
        find(&spans, Layer::Icmp, "Type").value,
        "3 (Destination Unreachable)"
    );
    assert_eq!(
        find(&spans, Layer::Icmp, "Code").value,
        "3 (port unreachable)"
    );
    assert!(find(&spans, Layer::Icmp, "Checksum")
        .value
        .ends_with("(correct)"));
    assert_eq!(
        find(&spans, Layer::Icmp, "Original Datagram").value,
        "10.0.0.2:5353 > 10.0.0.1:53 UDP (28 bytes quoted)"
    );

    let ping = IpPacket {
        ip: ip(IpProtocol::Icmp),
        transport: Transport::Icmp(IcmpRepr::EchoRequest {
            ident: 9,
            seq: 1,
            data: vec![0xAB; 3],
        }),
    };
    let spans = dissect(&ping.emit());
    assert_eq!(find(&spans, Layer::Icmp, "Identifier").value, "9");
    assert_eq!(find(&spans, Layer::Icmp, "Sequence Number").value, "1");
}

#[test]
fn not_ipv4_shows_only_the_version() {
    let spans = dissect(&[0x60, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(spans.len(), 1);
    assert_eq!(spans[0].value, "6 (not IPv4)");
    assert!(dissect(&[]).is_empty());
}

#[test]
fn malformed_tcp_option_is_shown_then_stops() {
    let mut p = tcp_packet();
    if let Transport::Tcp(t) = &mut p.transport {
        t.options = TcpOptions {
            mss: Some(1460),
            ..TcpOptions::default()
        };
    }
    let mut bytes = p.emit();
    bytes[41] = 9; // MSS length octet claims 9: past the 4-byte option area.
    let spans = dissect(&bytes);
    assert!(find(&spans, Layer::Tcp, "Malformed Option")
        .value
        .contains("impossible length 9"));
    assert!(!spans.iter().any(|s| s.layer == Layer::Payload));
}

#[test]
fn spans_serialize_with_plain_types() {
    let spans = dissect(&tcp_packet().emit());
    let json = serde_json::to_string(&spans[0]).unwrap();
    assert_eq!(
        json,
        r#"{"layer":"Ipv4","name":"Version","offset":0,"len":1,"value":"4"}"#
    );
    let back: Vec<FieldSpan> =
        serde_json::from_str(&serde_json::to_string(&spans).unwrap()).unwrap();
    assert_eq!(back, spans);
}

proptest! {
    #[test]
    fn never_panics_on_garbage(bytes in proptest::collection::vec(any::<u8>(), 0..120)) {
        let spans = dissect(&bytes);
        for span in spans {
            prop_assert!(span.offset as usize + span.len as usize <= bytes.len());
        }
    }

    #[test]
    fn never_panics_on_ipv4_looking_garbage(
        ihl in 0u8..16,
        proto in prop_oneof![Just(1u8), Just(6u8), Just(17u8), any::<u8>()],
        tail in proptest::collection::vec(any::<u8>(), 0..100),
    ) {
        let mut bytes = vec![0x40 | ihl, 0, 0, 0, 0, 0, 0, 0, 64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2];
        let total = (bytes.len() + tail.len()) as u16;
        bytes[2..4].copy_from_slice(&total.to_be_bytes());
        bytes.extend_from_slice(&tail);
        let _ = dissect(&bytes);
    }
}
