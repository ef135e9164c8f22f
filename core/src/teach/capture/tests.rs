//! Trace-like tests of the packet list: a lossy transfer and a full receiver read as
//! Wireshark would show them, the filter on those captures, relative numbers, Follow TCP
//! Stream and the pcapng export.

use super::*;
use crate::endpoint::Endpoint;
use crate::lang::Lang;
use crate::socket::{Protocol, SocketId};
use crate::world::World;
use crate::{Config, Duration, HostId, Instant};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn ep(s: &str) -> Endpoint {
    s.parse().expect("endpoint")
}

/// A connected pair in `w`: A (10.0.0.1) connects to B (10.0.0.2:80); handshake done.
fn connect_in(mut w: World) -> (World, SocketId, SocketId) {
    let a: HostId = w.spawn_host_str("A", "10.0.0.1").unwrap();
    let b: HostId = w.spawn_host_str("B", "10.0.0.2").unwrap();
    let l = w.socket(b, Protocol::Tcp).unwrap();
    w.bind(l, ep("0.0.0.0:80")).unwrap();
    w.listen(l, 5).unwrap();
    let c = w.socket(a, Protocol::Tcp).unwrap();
    w.connect(c, ep("10.0.0.2:80")).unwrap();
    w.run_to_idle(100);
    let (s, _) = w.accept(l).unwrap();
    (w, c, s)
}

fn connected(seed: u64) -> (World, SocketId, SocketId) {
    connect_in(World::with_seed(seed))
}

/// The list as Wireshark's columns No., Protocol and Info.
fn lines(c: &Capture, relative: bool) -> Vec<String> {
    (0..c.rows.len())
        .map(|i| {
            format!(
                "{} {} {}",
                c.rows[i].no,
                c.rows[i].protocol(),
                c.info(i, relative)
            )
        })
        .collect()
}

/// 12 000 bytes from A with the second segment dropped by hand while in flight.
fn lossy() -> World {
    let (mut w, c, _) = connected(1);
    w.send(c, &[b'x'; 12_000]).unwrap();
    w.advance(Duration::from_millis(1));
    let second = w.network().in_flight().nth(1).map(|p| p.id).unwrap();
    w.drop_packet(second).unwrap();
    w.run_to_idle(1000);
    w
}

/// The capture of [`lossy`], for the filter's tests.
pub(super) fn lossy_capture() -> Capture {
    Capture::of(&lossy())
}

/// Three packets, for fuzzing the filter cheaply.
pub(super) fn tiny_capture() -> Capture {
    by_hand(&[
        (true, 100, 0, SYN, 0),
        (false, 500, 101, SYN | ACK, 0),
        (true, 101, 501, ACK, 3),
    ])
}

#[test]
fn a_lost_segment_shows_dup_acks_then_its_retransmission() {
    let cap = Capture::of(&lossy());
    assert_eq!(
        lines(&cap, true),
        [
            "1 TCP 49152 → 80 [SYN] Seq=0 Win=65535 Len=0 MSS=1460",
            "2 TCP 80 → 49152 [SYN, ACK] Seq=0 Ack=1 Win=65535 Len=0 MSS=1460",
            "3 TCP 49152 → 80 [ACK] Seq=1 Ack=1 Win=65535 Len=0",
            "4 TCP 49152 → 80 [ACK] Seq=1 Ack=1 Win=65535 Len=1460",
            "5 TCP 49152 → 80 [ACK] Seq=1461 Ack=1 Win=65535 Len=1460",
            "6 TCP 49152 → 80 [ACK] Seq=2921 Ack=1 Win=65535 Len=1460",
            "7 TCP 80 → 49152 [ACK] Seq=1 Ack=1461 Win=64075 Len=0",
            "8 TCP 49152 → 80 [ACK] Seq=4381 Ack=1 Win=65535 Len=1460",
            "9 TCP 49152 → 80 [ACK] Seq=5841 Ack=1 Win=65535 Len=1460",
            "10 TCP [TCP Dup ACK 7#1] 80 → 49152 [ACK] Seq=1 Ack=1461 Win=64075 Len=0",
            "11 TCP [TCP Dup ACK 7#2] 80 → 49152 [ACK] Seq=1 Ack=1461 Win=64075 Len=0",
            "12 TCP [TCP Retransmission] 49152 → 80 [ACK] Seq=1461 Ack=1 Win=65535 Len=1460",
            "13 TCP 80 → 49152 [ACK] Seq=1 Ack=7301 Win=58235 Len=0",
            "14 TCP 49152 → 80 [ACK] Seq=7301 Ack=1 Win=65535 Len=1460",
            "15 TCP 49152 → 80 [ACK] Seq=8761 Ack=1 Win=65535 Len=1460",
            "16 TCP 80 → 49152 [ACK] Seq=1 Ack=10221 Win=55315 Len=0",
            "17 TCP 49152 → 80 [ACK] Seq=10221 Ack=1 Win=65535 Len=1460",
            "18 TCP 49152 → 80 [PSH, ACK] Seq=11681 Ack=1 Win=65535 Len=320",
            "19 TCP 80 → 49152 [ACK] Seq=1 Ack=12001 Win=53535 Len=0",
        ]
    );
    // The packet dropped is the one retransmitted, and the log's note says who dropped it.
    let dropped = &cap.rows[4];
    assert_eq!(
        cap.notes[&dropped.id],
        [Note::Dropped(crate::log::DropReason::User)]
    );
    assert_eq!(cap.rows[11].tcp().unwrap().seq, dropped.tcp().unwrap().seq);
    assert!(cap.rows[11].marks[0].is("retransmission"));
    assert_eq!(cap.rows[11].marks[0].label(Lang::Ko), "재전송");
    assert_eq!(cap.rows[9].marks[0].label(Lang::Ko), "중복 ACK #1");
}

#[test]
fn a_receiver_that_never_reads_shows_window_full_zero_window_and_a_probe() {
    let mut config = Config::default();
    config.tcp.recv_buffer = 3000;
    let (mut w, c, _) = connect_in(World::new(config));
    w.send(c, &[b'x'; 8000]).unwrap();
    w.run_until(Instant(3_000_000));
    let cap = Capture::of(&w);
    assert_eq!(
        lines(&cap, true)[5..],
        [
            // Sender SWS avoidance (RFC 9293 §3.8.6.2.1) holds the 80 bytes the
            // 80-byte window allows until its override timer, after that ACK.
            "6 TCP 80 → 49152 [ACK] Seq=1 Ack=2921 Win=80 Len=0",
            "7 TCP [TCP Window Full] 49152 → 80 [ACK] Seq=2921 Ack=1 Win=3000 Len=80",
            "8 TCP [TCP ZeroWindow] 80 → 49152 [ACK] Seq=1 Ack=3001 Win=0 Len=0",
            "9 TCP [TCP ZeroWindowProbe] 49152 → 80 [ACK] Seq=3001 Ack=1 Win=3000 Len=1",
            "10 TCP [TCP ZeroWindow] 80 → 49152 [ACK] Seq=1 Ack=3001 Win=0 Len=0",
        ]
    );
}

/// A capture built from segments written by hand, for cases the stack never produces
/// on its own (out-of-order sending, keep-alives).
fn by_hand(segs: &[(bool, u32, u32, u8, usize)]) -> Capture {
    use crate::wire::{IpPacket, IpProtocol, Ipv4Repr, SeqNumber, TcpFlags, TcpRepr, Transport};
    let (a, b) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
    let captured: Vec<crate::world::Captured> = segs
        .iter()
        .enumerate()
        .map(|(i, &(from_a, seq, ack, flags, len))| {
            let (src, dst, sp, dp) = if from_a {
                (a, b, 1000, 80)
            } else {
                (b, a, 80, 1000)
            };
            let p = IpPacket {
                ip: Ipv4Repr {
                    src,
                    dst,
                    protocol: IpProtocol::Tcp,
                    ttl: 64,
                    ident: 0,
                    dont_fragment: true,
                    ecn: crate::wire::Ecn::NotEct,
                },
                transport: Transport::Tcp(TcpRepr {
                    src_port: sp,
                    dst_port: dp,
                    seq: SeqNumber(seq),
                    ack: SeqNumber(ack),
                    flags: TcpFlags(flags),
                    window: 1000,
                    payload: vec![b'a' + i as u8; len],
                    ..TcpRepr::default()
                }),
            };
            crate::world::Captured {
                id: PacketId(i as u64),
                at: Instant(i as u64),
                src: HostId(0),
                bytes: p.emit(),
                ethernet: false,
            }
        })
        .collect();
    Capture::from_parts(&captured, BTreeMap::new())
}

const SYN: u8 = 0x02;
const ACK: u8 = 0x10;

#[test]
fn segments_sent_out_of_order_keep_alives_and_follow_put_bytes_in_place() {
    let cap = by_hand(&[
        (true, 100, 0, SYN, 0),
        (false, 500, 101, SYN | ACK, 0),
        (true, 101, 501, ACK, 0),
        (true, 111, 501, ACK, 5),  // ahead of a gap
        (true, 101, 501, ACK, 10), // fills it: out of order, never sent before
        (true, 111, 501, ACK, 5),  // again: a retransmission
        (true, 115, 501, ACK, 1),  // one byte below SND.NXT: a keep-alive
    ]);
    let marks: Vec<Vec<&str>> = cap
        .rows
        .iter()
        .map(|r| r.marks.iter().map(|m| m.name()).collect())
        .collect();
    assert_eq!(
        marks,
        [
            vec![],
            vec![],
            vec![],
            vec![],
            vec!["out_of_order"],
            vec!["retransmission"],
            vec!["keep_alive"]
        ]
    );
    let f = follow(&cap, 0, 1000);
    assert_eq!(f.chunks.len(), 1);
    // Packet 5's ten bytes, then packet 4's five: where their sequence numbers put them.
    assert_eq!(f.chunks[0].bytes, b"eeeeeeeeeeddddd");
    assert_eq!(f.totals, [15, 0]);
}

#[test]
fn relative_numbers_count_from_each_sides_isn_in_the_list_and_the_log() {
    let w = lossy();
    let cap = Capture::of(&w);
    let bases = SeqBases::from_log(w.log());
    let sent: Vec<crate::log::PacketSummary> = w
        .log()
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            crate::log::EventKind::PacketSent { summary, .. } => Some(summary.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(sent.len(), cap.rows.len());
    let (client_isn, server_isn) = (
        cap.streams[0].isn[0].unwrap(),
        cap.streams[0].isn[1].unwrap(),
    );
    assert_ne!(client_isn, 0, "the ISN is not already zero");
    for (i, s) in sent.iter().enumerate() {
        let (rs, ra) = cap.seq_ack(i, true).unwrap();
        let (abs_s, abs_a) = cap.seq_ack(i, false).unwrap();
        let (own, peer) = if cap.rows[i].from_client {
            (client_isn, server_isn)
        } else {
            (server_isn, client_isn)
        };
        assert_eq!((rs, abs_s.wrapping_sub(own)), (abs_s.wrapping_sub(own), rs));
        let (ls, la) = bases.relative(s).unwrap();
        assert_eq!(ls, rs, "packet {}", i + 1);
        if i > 0 {
            assert_eq!(
                (la, abs_a.wrapping_sub(peer)),
                (Some(ra), ra),
                "packet {}",
                i + 1
            );
        }
    }
    assert_eq!(
        cap.seq_ack(0, true),
        Some((0, 0u32.wrapping_sub(server_isn)))
    );
    assert!(cap.info(0, false).contains(&format!("Seq={client_isn}")));
}

#[test]
fn follow_stream_shows_each_side_once_in_order_with_korean_as_text() {
    let (mut w, c, s) = connected(3);
    w.send(c, "GET /안녕\r\n".as_bytes()).unwrap();
    w.advance(Duration::from_millis(1));
    let first = w.network().in_flight().next().map(|p| p.id).unwrap();
    w.drop_packet(first).unwrap();
    w.run_to_idle(1000);
    w.send(s, b"200 OK\x00\xff\n").unwrap();
    w.run_to_idle(1000);
    w.send(c, b"bye").unwrap();
    w.run_to_idle(1000);
    let cap = Capture::of(&w);
    let f = follow(&cap, 0, 1 << 20);
    let shown: Vec<(bool, String)> = f
        .chunks
        .iter()
        .map(|c| (c.from_client, escape_text(&c.bytes)))
        .collect();
    assert_eq!(
        shown,
        [
            (true, "GET /안녕\n".to_string()),
            (false, "200 OK\\x00\\xff\n".to_string()),
            (true, "bye".to_string()),
        ]
    );
    assert_eq!(f.totals, ["GET /안녕\r\n".len() as u64 + 3, 9]);
    assert!(!f.truncated);
    let cut = follow(&cap, 0, 4);
    assert!(cut.truncated);
    assert_eq!(cut.chunks[0].bytes, b"GET ");
    assert_eq!(follow(&cap, 9, 10), follow::Followed::default());
}

#[test]
fn escape_text_shows_what_is_invisible() {
    assert_eq!(escape_text(b"a\tb\r\nc\rd"), "a\tb\nc\\x0dd");
    assert_eq!(escape_text("한글\u{7f}".as_bytes()), "한글\\x7f");
    assert_eq!(escape_text(&[0xea, 0xb0]), "\\xea\\xb0", "half a character");
    assert_eq!(escape_text("\u{85}".as_bytes()), "\\x85");
}

#[test]
fn streams_are_numbered_in_order_and_a_reused_port_pair_starts_a_new_one() {
    let cap = by_hand(&[
        (true, 100, 0, SYN, 0),
        (false, 500, 101, SYN | ACK, 0),
        (true, 9000, 0, SYN, 0),
    ]);
    let streams: Vec<Option<u32>> = cap.rows.iter().map(|r| r.stream).collect();
    assert_eq!(streams, [Some(0), Some(0), Some(1)]);
    assert_eq!(cap.streams[1].client, ("10.0.0.1".parse().unwrap(), 1000));
    assert_eq!(cap.info(2, true), "1000 → 80 [SYN] Seq=0 Win=1000 Len=0");
}

#[test]
fn updating_as_the_run_goes_equals_decoding_it_all_again() {
    let (mut w, c, _) = connected(1);
    let mut live = Capture::of(&w);
    w.send(c, &[b'y'; 6000]).unwrap();
    w.advance(Duration::from_millis(1));
    let second = w.network().in_flight().nth(1).map(|p| p.id).unwrap();
    live.update(&w);
    w.drop_packet(second).unwrap();
    for _ in 0..40 {
        w.advance(Duration::from_millis(7));
        live.update(&w);
        assert_eq!(live, Capture::of(&w));
    }
    w.run_to_idle(1000);
    live.update(&w);
    assert_eq!(live, Capture::of(&w));
    assert!(live
        .rows
        .iter()
        .any(|r| r.marks.iter().any(|m| m.is("retransmission"))));
    // A shorter capture (a step back) is decoded again.
    let mut past = Capture::of(&w);
    let (earlier, _, _) = connected(1);
    past.update(&earlier);
    assert_eq!(past, Capture::of(&earlier));
}

/// Window scaling in force: `Win=` is the window the field means (field << the sender's
/// shift), as Wireshark's calculated window size; the SYNs' own windows are not scaled.
#[test]
fn a_scaled_window_shows_what_it_means() {
    let mut w = World::with_seed(4);
    let a = w.spawn_host_str("A", "10.0.0.1").unwrap();
    let b = w.spawn_host_str("B", "10.0.0.2").unwrap();
    for h in [a, b] {
        w.set_host_profile(h, crate::tcp::StackProfile::Linux);
    }
    let l = w.socket(b, crate::Protocol::Tcp).unwrap();
    w.bind(l, "10.0.0.2:80".parse().unwrap()).unwrap();
    w.listen(l, 4).unwrap();
    let c = w.socket(a, crate::Protocol::Tcp).unwrap();
    w.connect(c, "10.0.0.2:80".parse().unwrap()).unwrap();
    w.run_to_idle(1_000);
    let cap = Capture::of(&w);
    let shown = lines(&cap, true);
    assert!(
        shown[0].contains("[SYN] Seq=0 Win=65535 ") && shown[0].contains("WS=128"),
        "{shown:?}"
    );
    let third = cap.rows[2].tcp().unwrap();
    assert_eq!(third.flags, TcpFlags::ACK);
    let meant = u32::from(third.window) << 7;
    assert!(
        shown[2].contains(&format!("Win={meant} ")),
        "{} vs field {}",
        shown[2],
        third.window
    );
    assert!(meant > 65_535, "a window the bare field could not say");
}
