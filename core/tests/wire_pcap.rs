//! The pcap export: exact global header, record timestamps from virtual microseconds, and
//! every stored datagram readable by an independent parser.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use std::net::Ipv4Addr;

use etherparse::{SlicedPacket, TransportSlice};
use sockscope_core::wire::{
    IpPacket, IpProtocol, Ipv4Repr, PcapWriter, SeqNumber, TcpFlags, TcpRepr, Transport, UdpRepr,
};

fn datagrams() -> Vec<Vec<u8>> {
    let ip = |protocol| Ipv4Repr {
        src: Ipv4Addr::new(10, 0, 0, 2),
        dst: Ipv4Addr::new(10, 0, 0, 1),
        protocol,
        ttl: 64,
        ident: 1,
        dont_fragment: true,
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
