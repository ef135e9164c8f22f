//! Property tests: no input makes the parser or dissector panic, and any repr survives
//! emit→parse (and reads the same to etherparse).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::net::Ipv4Addr;

use proptest::collection::vec;
use proptest::prelude::*;
use sockscope_core::wire::{
    checksum_update, decrement_ttl, dissect, dissect_frame, internet_checksum, ArpOperation,
    ArpRepr, DestUnreachableCode, Frame, IcmpRepr, IpPacket, IpProtocol, Ipv4Repr, MacAddr,
    SeqNumber, TcpFlags, TcpOptions, TcpRepr, Transport, UdpRepr,
};

fn addr() -> impl Strategy<Value = Ipv4Addr> {
    any::<u32>().prop_map(Ipv4Addr::from)
}

fn ipv4(protocol: IpProtocol) -> impl Strategy<Value = Ipv4Repr> {
    let fields = (
        addr(),
        addr(),
        any::<u8>(),
        any::<u16>(),
        any::<bool>(),
        0u8..4,
    );
    fields.prop_map(move |(src, dst, ttl, ident, dont_fragment, ecn)| Ipv4Repr {
        src,
        dst,
        protocol,
        ttl,
        ident,
        dont_fragment,
        ecn: sockscope_core::wire::Ecn::from_bits(ecn),
    })
}

fn seq() -> impl Strategy<Value = SeqNumber> {
    any::<u32>().prop_map(SeqNumber)
}

fn tcp_options() -> impl Strategy<Value = TcpOptions> {
    (
        proptest::option::of(any::<u16>()),
        proptest::option::of(any::<u8>()),
        any::<bool>(),
        vec((seq(), seq()), 0..6),
        proptest::option::of((any::<u32>(), any::<u32>())),
    )
        .prop_map(
            |(mss, window_scale, sack_permitted, sack_blocks, timestamp)| TcpOptions {
                mss,
                window_scale,
                sack_permitted,
                sack_blocks,
                timestamp,
                ..TcpOptions::default()
            },
        )
}

fn tcp() -> impl Strategy<Value = TcpRepr> {
    (
        (any::<u16>(), any::<u16>(), seq(), seq(), any::<u8>()),
        (
            any::<u16>(),
            any::<u16>(),
            tcp_options(),
            vec(any::<u8>(), 0..600),
        ),
    )
        .prop_map(
            |((src_port, dst_port, seq, ack, flags), (window, urgent, options, payload))| TcpRepr {
                src_port,
                dst_port,
                seq,
                ack,
                flags: TcpFlags(flags),
                window,
                urgent,
                options,
                payload,
            },
        )
}

fn udp() -> impl Strategy<Value = UdpRepr> {
    (any::<u16>(), any::<u16>(), vec(any::<u8>(), 0..600)).prop_map(
        |(src_port, dst_port, payload)| UdpRepr {
            src_port,
            dst_port,
            payload,
        },
    )
}

fn icmp() -> impl Strategy<Value = IcmpRepr> {
    let data = || vec(any::<u8>(), 0..200);
    prop_oneof![
        (any::<u16>(), any::<u16>(), data()).prop_map(|(ident, seq, data)| IcmpRepr::EchoRequest {
            ident,
            seq,
            data
        }),
        (any::<u16>(), any::<u16>(), data()).prop_map(|(ident, seq, data)| IcmpRepr::EchoReply {
            ident,
            seq,
            data
        }),
        (any::<u8>(), data()).prop_map(|(code, original)| IcmpRepr::DestUnreachable {
            code: DestUnreachableCode::from(code),
            original
        }),
        data().prop_map(|original| IcmpRepr::TimeExceeded { original }),
    ]
}

/// A valid IPv4 header (checksum right) in front of arbitrary transport bytes, so the
/// transport parsers see garbage rather than the IPv4 checks stopping it first.
fn ipv4_with_garbage() -> impl Strategy<Value = Vec<u8>> {
    (
        ipv4(IpProtocol::Tcp),
        prop_oneof![Just(1u8), Just(6u8), Just(17u8)],
        vec(any::<u8>(), 0..120),
    )
        .prop_map(|(ip, proto, tail)| {
            let ip = Ipv4Repr {
                protocol: IpProtocol::from(proto),
                ..ip
            };
            let mut bytes = ip.emit_header(tail.len() as u16).to_vec();
            bytes.extend_from_slice(&tail);
            bytes
        })
}

/// A transport-layer garbage segment with a *correct* checksum, reaching option parsing
/// and header-length checks past the checksum gate.
fn tcp_with_valid_checksum_and_garbage() -> impl Strategy<Value = Vec<u8>> {
    (ipv4(IpProtocol::Tcp), vec(any::<u8>(), 20..80)).prop_map(|(ip, mut seg)| {
        seg[16] = 0;
        seg[17] = 0;
        let pseudo = sockscope_core::wire::pseudo_header(ip.src, ip.dst, 6, seg.len() as u16);
        let sum = internet_checksum(&[&pseudo, &seg]).to_be_bytes();
        seg[16] = sum[0];
        seg[17] = sum[1];
        let mut bytes = ip.emit_header(seg.len() as u16).to_vec();
        bytes.extend_from_slice(&seg);
        bytes
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in vec(any::<u8>(), 0..200)) {
        let _ = IpPacket::parse(&bytes);
        let _ = dissect(&bytes);
    }

    #[test]
    fn ipv4_framed_garbage_never_panics(bytes in ipv4_with_garbage()) {
        let _ = IpPacket::parse(&bytes);
        let spans = dissect(&bytes);
        for s in spans {
            prop_assert!(s.offset as usize + s.len as usize <= bytes.len());
        }
    }

    #[test]
    fn checksummed_tcp_garbage_never_panics(bytes in tcp_with_valid_checksum_and_garbage()) {
        if let Ok(p) = IpPacket::parse(&bytes) {
            // Whatever parsed must summarise, and re-emit to something that parses again.
            let _ = p.summary();
            prop_assert!(IpPacket::parse(&p.emit()).is_ok());
        }
        let _ = dissect(&bytes);
    }

    #[test]
    fn mutated_valid_packets_never_panic(
        repr in tcp(),
        ip in ipv4(IpProtocol::Tcp),
        edits in vec((any::<u16>(), any::<u8>()), 1..8),
        cut in any::<u16>(),
    ) {
        let mut bytes = IpPacket { ip, transport: Transport::Tcp(repr) }.emit();
        for (at, value) in edits {
            let at = usize::from(at) % bytes.len();
            bytes[at] = value;
        }
        bytes.truncate(usize::from(cut) % (bytes.len() + 1));
        let _ = IpPacket::parse(&bytes);
        let _ = dissect(&bytes);
    }

    #[test]
    fn tcp_round_trips(repr in tcp(), ip in ipv4(IpProtocol::Tcp)) {
        let packet = IpPacket { ip, transport: Transport::Tcp(repr.clone()) };
        let bytes = packet.emit();
        prop_assert_eq!(bytes.len(), 20 + usize::from(repr.header_len()) + repr.payload.len());
        let mut expected = packet.clone();
        if let Transport::Tcp(t) = &mut expected.transport {
            let fit = t.options.sack_blocks_that_fit();
            t.options.sack_blocks.truncate(fit);
        }
        prop_assert_eq!(IpPacket::parse(&bytes).unwrap(), expected);

        // And etherparse computes the same TCP checksum over our bytes.
        let sliced = etherparse::SlicedPacket::from_ip(&bytes).unwrap();
        let Some(etherparse::TransportSlice::Tcp(t)) = sliced.transport else {
            panic!("etherparse saw no TCP");
        };
        prop_assert_eq!(t.calc_checksum_ipv4(ip.src.octets(), ip.dst.octets()).unwrap(), t.checksum());
    }

    #[test]
    fn udp_round_trips(repr in udp(), ip in ipv4(IpProtocol::Udp)) {
        let packet = IpPacket { ip, transport: Transport::Udp(repr) };
        let bytes = packet.emit();
        prop_assert_eq!(IpPacket::parse(&bytes).unwrap(), packet);
        let sliced = etherparse::SlicedPacket::from_ip(&bytes).unwrap();
        let Some(etherparse::TransportSlice::Udp(u)) = sliced.transport else {
            panic!("etherparse saw no UDP");
        };
        let header = u.to_header();
        let theirs = header.calc_checksum_ipv4_raw(ip.src.octets(), ip.dst.octets(), u.payload()).unwrap();
        prop_assert_eq!(theirs, u.checksum());
    }

    #[test]
    fn icmp_round_trips(repr in icmp(), ip in ipv4(IpProtocol::Icmp)) {
        let packet = IpPacket { ip, transport: Transport::Icmp(repr) };
        prop_assert_eq!(IpPacket::parse(&packet.emit()).unwrap(), packet);
    }

    #[test]
    fn seq_order_matches_signed_distance(a in any::<u32>(), d in 1u32..0x8000_0000) {
        let lo = SeqNumber(a);
        let hi = lo + d;
        prop_assert!(lo < hi);
        prop_assert!(hi > lo);
        prop_assert_eq!(hi.diff(lo), d as i32);
        prop_assert_eq!(hi - d, lo);
    }

    /// RFC 1624 eqn. 3 equals summing the header again, for any header (options too) and
    /// any TTL, including the cases where eqn. 2 of RFC 1141 went wrong.
    #[test]
    fn ttl_decrement_matches_a_full_recompute(
        words in 5usize..=15,
        body in vec(any::<u8>(), 60),
    ) {
        let len = words * 4;
        let mut h = body[..len].to_vec();
        h[0] = 0x40 | words as u8;
        h[10] = 0;
        h[11] = 0;
        let sum = internet_checksum(&[&h]).to_be_bytes();
        h[10] = sum[0];
        h[11] = sum[1];
        let ttl = h[8];
        let mut fast = h.clone();
        let result = decrement_ttl(&mut fast);
        if ttl == 0 {
            prop_assert_eq!(result, None);
            prop_assert_eq!(fast, h);
        } else {
            prop_assert_eq!(result, Some(ttl - 1));
            let mut slow = h.clone();
            slow[8] = ttl - 1;
            slow[10] = 0;
            slow[11] = 0;
            let sum = internet_checksum(&[&slow]).to_be_bytes();
            slow[10] = sum[0];
            slow[11] = sum[1];
            prop_assert_eq!(&fast, &slow);
            prop_assert_eq!(internet_checksum(&[&fast]), 0);
        }
    }

    /// Any one-word change, anywhere in any data: the updated checksum verifies.
    #[test]
    fn checksum_update_matches_a_full_recompute(
        words in vec(any::<[u8; 2]>(), 2..32),
        at in any::<prop::sample::Index>(),
        new in any::<u16>(),
    ) {
        let data: Vec<u8> = words.concat();
        let hc = internet_checksum(&[&data]);
        let w = at.index(words.len()) * 2;
        let old = u16::from_be_bytes([data[w], data[w + 1]]);
        let mut changed = data.clone();
        changed[w..w + 2].copy_from_slice(&new.to_be_bytes());
        let recomputed = internet_checksum(&[&changed]);
        let updated = checksum_update(hc, old, new);
        // Equal as one's-complement numbers (0x0000 and 0xFFFF are both zero); and the
        // updated value verifies when appended, as a receiver checks it.
        prop_assert!(updated == recomputed || (updated | recomputed == 0xFFFF && updated & recomputed == 0),
            "updated {:#06x}, recomputed {:#06x}", updated, recomputed);
        changed.extend_from_slice(&updated.to_be_bytes());
        prop_assert_eq!(internet_checksum(&[&changed]), 0);
    }

    #[test]
    fn arp_frames_round_trip(
        reply in any::<bool>(),
        macs in any::<([u8; 6], [u8; 6])>(),
        ips in (addr(), addr()),
    ) {
        let arp = ArpRepr {
            operation: if reply { ArpOperation::Reply } else { ArpOperation::Request },
            sender_mac: MacAddr(macs.0),
            sender_ip: ips.0,
            target_mac: MacAddr(macs.1),
            target_ip: ips.1,
        };
        let frame = Frame::arp(arp);
        prop_assert_eq!(Frame::parse(&frame.emit()).unwrap(), frame);
    }

    #[test]
    fn frame_dissector_never_panics(bytes in vec(any::<u8>(), 0..120), arp in any::<bool>()) {
        let mut bytes = bytes;
        if bytes.len() > 14 {
            // Half the time steer into the ARP or IPv4 dissectors.
            bytes[12] = 0x08;
            bytes[13] = if arp { 0x06 } else { 0x00 };
        }
        for s in dissect_frame(&bytes) {
            prop_assert!(s.offset as usize + s.len as usize <= bytes.len());
        }
    }
}
