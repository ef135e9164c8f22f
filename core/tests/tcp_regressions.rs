//! Regression tests for TCP bugs found by running against other stacks, one per bug, each
//! driving the connection to exactly the state where it went wrong.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use sockscope_core::tcp::{State, Tcb, TcpConfig, TcpNote, TimerKind};
use sockscope_core::wire::{SeqNumber, TcpFlags, TcpRepr};
use sockscope_core::Instant;

use sockscope_core::testkit::ep;

/// Two connected TCBs, `a` the active opener, after a lossless handshake at t = 0..30 ms.
/// Delayed ACKs are off so every answer is immediate.
fn connected() -> (Tcb, Tcb) {
    connected_with(TcpConfig {
        delayed_ack: false,
        ..TcpConfig::default()
    })
}

/// Two connections of `config` taken through the handshake by hand, their notes and
/// outboxes emptied: (A, the active opener on :40000; B, on :80).
fn connected_with(config: TcpConfig) -> (Tcb, Tcb) {
    let (ea, eb) = (ep("10.0.0.1:40000"), ep("10.0.0.2:80"));
    let mut a = Tcb::new(ea, eb, SeqNumber(1_000), config.clone());
    a.open(Instant(0));
    let syn = a.take_outbox().remove(0);
    let mut b = Tcb::accept_syn(eb, ea, &syn, SeqNumber(900_000), config, Instant(10_000));
    let syn_ack = b.take_outbox().remove(0);
    a.on_segment(&syn_ack, Instant(20_000));
    for ack in a.take_outbox() {
        b.on_segment(&ack, Instant(30_000));
    }
    assert_eq!(
        (a.state(), b.state()),
        (State::Established, State::Established)
    );
    let _ = (a.take_notes(), b.take_notes(), b.take_outbox());
    (a, b)
}

/// Found against smoltcp with loss on both paths: after a retransmission timeout each side
/// had pulled SND.NXT back to SND.UNA (go-back-N) and stamped its pure ACKs with it, below
/// the RCV.NXT of a peer that already held the data. Each side found the other's ACKs old
/// (RFC 9293 §3.10.7.4: a zero-length segment needs RCV.NXT =< SEG.SEQ) and dropped them
/// with their acknowledgment, so both retransmitted into the void until ETIMEDOUT.
///
/// Fixed in `Tcb::send_ack`: an ACK carries the RFC's SND.NXT, which never moves back,
/// that is SND.MAX.
#[test]
fn an_ack_sent_after_a_retransmission_timeout_is_not_old_to_the_peer() {
    let (mut a, mut b) = connected();
    // B sends a little data that the network holds back for a while.
    assert_eq!(b.send(b"hello", Instant(40_000)), Ok(5));
    let late: TcpRepr = b.take_outbox().remove(0);
    assert_eq!(late.payload, b"hello");
    // A sends three segments; all reach B, but every ACK of B's is lost.
    assert_eq!(a.send(&[7; 3000], Instant(50_000)), Ok(3000));
    let data = a.take_outbox();
    assert_eq!(data.len(), 3);
    for seg in &data {
        b.on_segment(seg, Instant(60_000));
    }
    let _ = b.take_outbox();
    assert_eq!(b.rcv_nxt, a.snd_max, "B holds all of A's data");
    // A's retransmission timer runs out: it goes back to SND.UNA and resends one segment
    // (cwnd is one SMSS now), which is lost too.
    let rto = a.timers.get(TimerKind::Retransmit).expect("armed");
    a.on_timer(rto);
    let resent = a.take_outbox();
    assert_eq!(resent.len(), 1);
    assert!(a.snd_nxt.diff(a.snd_max) < 0, "SND.NXT was pulled back");
    // B's held data arrives now. Its ACK is old news; its text is new, so A acknowledges.
    a.on_segment(&late, rto);
    let acks = a.take_outbox();
    assert_eq!(acks.len(), 1);
    let ack = &acks[0];
    assert!(ack.payload.is_empty() && ack.flags == TcpFlags::ACK);
    assert_eq!(ack.ack, b.snd_max, "A acknowledges B's five bytes");
    assert_eq!(
        ack.seq, a.snd_max,
        "the ACK is stamped with the highest sequence number sent"
    );
    // B takes the ACK: its data is acknowledged, nothing is dropped as a duplicate.
    let _ = b.take_notes();
    b.on_segment(ack, rto);
    assert_eq!(b.snd_una, b.snd_max, "B's data is acknowledged");
    let notes = b.take_notes();
    assert!(
        !notes
            .iter()
            .any(|n| matches!(n, TcpNote::Duplicate { .. } | TcpNote::Unacceptable { .. })),
        "{notes:?}"
    );
}

/// Found against smoltcp with loss and a small MSS: smoltcp filled the window Sockscope
/// offered while the first segment of it was lost, then acknowledged Sockscope's data with
/// pure ACKs stamped SEQ = its SND.NXT = RCV.NXT + RCV.WND, exactly the right edge. RFC
/// 9293's table (RCV.NXT =< SEG.SEQ < RCV.NXT+RCV.WND) turned every one of them away, so
/// Sockscope retransmitted acknowledged data with a backed-off timer while smoltcp waited
/// for its own: about 150 bytes a second.
///
/// Fixed in `Tcb::check_sequence`: a zero-length segment at the right edge is acceptable,
/// as in Linux and BSD.
#[test]
fn an_ack_at_the_right_edge_of_a_full_window_is_taken() {
    let config = TcpConfig {
        delayed_ack: false,
        recv_buffer: 2920,
        ..TcpConfig::default()
    };
    let (mut a, mut b) = connected_with(config);
    // B sends a little data, held back by the network for now.
    assert_eq!(b.send(b"hello", Instant(40_000)), Ok(5));
    let late = b.take_outbox().remove(0);
    // A fills the 2,920 bytes B offers: two segments. The first is lost; the second
    // waits in B's reassembly queue, and B's duplicate ACK is lost too.
    assert_eq!(a.send(&[1; 2920], Instant(50_000)), Ok(2920));
    let data = a.take_outbox();
    assert_eq!(data.len(), 2);
    b.on_segment(&data[1], Instant(60_000));
    let _ = b.take_outbox();
    // B's data reaches A, which acknowledges it with a pure ACK at its SND.NXT: the right
    // edge of B's window.
    a.on_segment(&late, Instant(70_000));
    let acks = a.take_outbox();
    assert_eq!(acks.len(), 1);
    let ack = &acks[0];
    assert!(ack.payload.is_empty() && ack.flags == TcpFlags::ACK);
    assert_eq!(ack.seq, b.rcv_nxt + 2920, "the right edge of B's window");
    // B takes its acknowledgment.
    let _ = b.take_notes();
    b.on_segment(ack, Instant(80_000));
    assert_eq!(b.snd_una, b.snd_max, "B's data is acknowledged");
    let notes = b.take_notes();
    assert!(
        !notes
            .iter()
            .any(|n| matches!(n, TcpNote::Unacceptable { .. })),
        "{notes:?}"
    );
    assert!(b.take_outbox().is_empty(), "nothing to answer");
}

/// Found against smoltcp, which sends its FIN on the last data segment: when that segment
/// arrived ahead of a gap, its text waited in the reassembly queue but its FIN was thrown
/// away ("the peer will send it again"). smoltcp resends only on its retransmission timer,
/// backed off to a minute by then, so the close took minutes. RFC 9293 §3.10.7.4 holds such
/// a segment "for later processing", FIN included.
///
/// Fixed in `Tcb::fin_arrives`: an early FIN is remembered and taken once the gap fills.
#[test]
fn a_fin_that_arrives_ahead_of_a_gap_is_taken_when_the_gap_fills() {
    let (mut a, mut b) = connected();
    assert_eq!(a.send(b"hello ", Instant(40_000)), Ok(6));
    let first = a.take_outbox().remove(0);
    // The last segment carries the rest of the data and the FIN, as smoltcp sends it.
    let mut last = first.clone();
    last.seq = first.seq + 6;
    last.payload = b"world".to_vec();
    last.flags = TcpFlags::FIN | TcpFlags::ACK | TcpFlags::PSH;
    let fin_seq = last.seq + 5;
    // It arrives first: its text waits, the FIN with it.
    b.on_segment(&last, Instant(50_000));
    assert_eq!(b.state(), State::Established);
    let dup = b.take_outbox();
    assert_eq!(
        dup.last().map(|s| s.ack),
        Some(first.seq),
        "a duplicate ACK"
    );
    // The gap fills: all eleven bytes are readable, and the FIN counts now.
    b.on_segment(&first, Instant(60_000));
    assert_eq!(b.state(), State::CloseWait);
    assert_eq!(b.rcv_nxt, fin_seq + 1);
    let acks = b.take_outbox();
    assert_eq!(
        acks.last().map(|s| s.ack),
        Some(fin_seq + 1),
        "the FIN is acknowledged"
    );
    assert_eq!(b.recv(100, Instant(70_000)), Ok(b"hello world".to_vec()));
    assert_eq!(
        b.recv(100, Instant(70_000)),
        Ok(Vec::new()),
        "then end of stream"
    );
}
