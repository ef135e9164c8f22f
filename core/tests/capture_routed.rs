//! The packet list over a routed world, whose capture holds Ethernet frames: TCP rows
//! decode from inside their frames, ARP rows say ARP, and the pcapng export is Ethernet
//! and opens cleanly in tshark.

mod common;

use common::ep;
use sockscope_core::lang::Lang;
use sockscope_core::route::Prefix;
use sockscope_core::teach::capture::{pcapng, Capture};
use sockscope_core::topology::LinkParams;
use sockscope_core::{Protocol, World};
use std::net::Ipv4Addr;

fn ip(s: &str) -> Ipv4Addr {
    s.parse().unwrap()
}

/// A (10.0.1.5) — R1 — B (10.0.2.5), a transfer of 3000 bytes from A to B.
fn routed_transfer() -> World {
    let mut w = World::with_seed(7);
    let a = w.spawn_host("A", ip("10.0.1.5")).unwrap();
    let b = w.spawn_host("B", ip("10.0.2.5")).unwrap();
    let r = w.add_router("R1").unwrap();
    w.link(&[a, r], LinkParams::default()).unwrap();
    w.link(&[r, b], LinkParams::default()).unwrap();
    w.set_addr(r, "eth0", ip("10.0.1.1"), 24).unwrap();
    w.set_addr(r, "eth1", ip("10.0.2.1"), 24).unwrap();
    w.add_route(a, Prefix::DEFAULT, ip("10.0.1.1"), 0).unwrap();
    w.add_route(b, Prefix::DEFAULT, ip("10.0.2.1"), 0).unwrap();
    let l = w.socket(b, Protocol::Tcp).unwrap();
    w.bind(l, ep("10.0.2.5:80")).unwrap();
    w.listen(l, 4).unwrap();
    let c = w.socket(a, Protocol::Tcp).unwrap();
    w.connect(c, ep("10.0.2.5:80")).unwrap();
    w.run_to_idle(10_000);
    w.send(c, &[7u8; 3000]).unwrap();
    w.run_to_idle(10_000);
    w
}

#[test]
fn a_routed_capture_lists_tcp_inside_frames_and_arp_as_arp() {
    let w = routed_transfer();
    let cap = Capture::of(&w);
    let protocols: Vec<&str> = cap.rows.iter().map(|r| r.protocol()).collect();
    assert!(!protocols.contains(&"?"), "{protocols:?}");
    assert!(protocols.contains(&"ARP"), "{protocols:?}");
    let syns = cap
        .rows
        .iter()
        .filter_map(|r| r.tcp())
        .filter(|t| t.flags.contains(sockscope_core::wire::TcpFlags::SYN))
        .count();
    // The SYN and the SYN,ACK, each seen on both links of the path.
    assert_eq!(syns, 4, "{protocols:?}");
}

#[test]
fn a_routed_pcapng_is_ethernet_and_opens_in_tshark() {
    let w = routed_transfer();
    let file = pcapng(&Capture::of(&w), Lang::En);
    let path = std::env::temp_dir().join(format!("sockscope-routed-{}.pcapng", std::process::id()));
    std::fs::write(&path, &file).unwrap();
    let out = match std::process::Command::new("tshark")
        .arg("-r")
        .arg(&path)
        .output()
    {
        Ok(out) => out,
        Err(_) => {
            println!("note: tshark is not installed; the routed pcapng not checked");
            return;
        }
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(!text.contains("Malformed"), "{text}");
    assert!(text.contains("ARP") && text.contains("TCP"), "{text}");
    let _ = std::fs::remove_file(path);
}

#[test]
fn a_captured_frame_gives_back_the_datagram_inside() {
    let w = routed_transfer();
    let frames: Vec<_> = w.capture().iter().filter(|c| c.ethernet).collect();
    assert!(!frames.is_empty());
    let mut datagrams = 0;
    for c in frames {
        match c.datagram() {
            Some(d) => {
                assert_eq!(d, &c.bytes[14..]);
                assert_eq!(d[0] >> 4, 4, "an IPv4 header");
                datagrams += 1;
            }
            None => assert_eq!(&c.bytes[12..14], &[0x08, 0x06], "ARP"),
        }
    }
    assert!(datagrams > 0);
}
