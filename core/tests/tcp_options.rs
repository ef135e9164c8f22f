//! Trace tests of the option negotiation of RFC 7323 (window scale, timestamps) and RFC
//! 2018 (SACK-permitted), one sans-IO [`Tcb`] per test as in `tcp_trace.rs`: the segments
//! in, the segments out, field by field. Each case of the negotiation: offered by both
//! sides, by us only, by the peer only, by neither; and what follows from it (scaled
//! windows, timestamps on every segment, PAWS).

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

use std::net::Ipv4Addr;

use common::{two_hosts, A};
use sockscope_core::tcp::{StackProfile, Tcb, TcpConfig, TcpNote};
use sockscope_core::wire::{OptionLayout, SeqNumber, TcpFlags, TcpOptions, TcpRepr};
use sockscope_core::{Duration, Endpoint, EventKind, Instant, Protocol};

const LOCAL_ISS: u32 = 1_000_000;
const REMOTE_ISS: u32 = 5_000_000;
const ACK: TcpFlags = TcpFlags::ACK;
const SYN: TcpFlags = TcpFlags::SYN;

fn local() -> Endpoint {
    Endpoint::new(Ipv4Addr::new(10, 0, 0, 1), 80)
}

fn remote() -> Endpoint {
    Endpoint::new(Ipv4Addr::new(10, 0, 0, 2), 49152)
}

fn l(n: u32) -> SeqNumber {
    SeqNumber(LOCAL_ISS.wrapping_add(n))
}

fn r(n: u32) -> SeqNumber {
    SeqNumber(REMOTE_ISS.wrapping_add(n))
}

fn ms(n: u64) -> Instant {
    Instant(n * 1_000)
}

fn config(profile: StackProfile) -> TcpConfig {
    profile.tune(&TcpConfig::default())
}

/// The options of a peer that offers everything: MSS, window scale `shift`, SACK, TS.
fn all_options(shift: u8, tsval: u32, tsecr: u32) -> TcpOptions {
    TcpOptions {
        mss: Some(1460),
        window_scale: Some(shift),
        sack_permitted: true,
        timestamp: Some((tsval, tsecr)),
        ..TcpOptions::default()
    }
}

fn mss_only() -> TcpOptions {
    TcpOptions {
        mss: Some(1460),
        ..TcpOptions::default()
    }
}

/// A segment from the peer to the connection under test.
fn inp(
    seq: SeqNumber,
    ack: SeqNumber,
    flags: TcpFlags,
    window: u16,
    options: TcpOptions,
) -> TcpRepr {
    TcpRepr {
        src_port: remote().port,
        dst_port: local().port,
        seq,
        ack,
        flags,
        window,
        urgent: 0,
        options,
        payload: Vec::new(),
    }
}

/// An active open under `profile` at 0 ms; returns the TCB and its SYN.
fn active(profile: StackProfile) -> (Tcb, TcpRepr) {
    let mut tcb = Tcb::new(local(), remote(), l(0), config(profile));
    tcb.open(ms(0));
    let mut out = tcb.take_outbox();
    assert_eq!(out.len(), 1);
    (tcb, out.remove(0))
}

/// A passive open under `profile`: the peer's SYN with `options` at 0 ms; returns the
/// TCB and its SYN,ACK.
fn passive(profile: StackProfile, options: TcpOptions) -> (Tcb, TcpRepr) {
    let syn = inp(r(0), SeqNumber(0), SYN, 65_535, options);
    let mut tcb = Tcb::accept_syn(local(), remote(), &syn, l(0), config(profile), ms(0));
    let mut out = tcb.take_outbox();
    assert_eq!(out.len(), 1);
    (tcb, out.remove(0))
}

/// What the OptionsNegotiated note said: (window scale shifts, timestamps, SACK).
type Negotiated = (Option<(u8, u8)>, bool, bool);

fn negotiated(tcb: &mut Tcb) -> Option<Negotiated> {
    tcb.take_notes().into_iter().find_map(|n| match n {
        TcpNote::OptionsNegotiated {
            window_scale,
            timestamps,
            sack,
            ..
        } => Some((window_scale, timestamps, sack)),
        _ => None,
    })
}

#[test]
fn linux_syn_offers_mss_sackok_ts_wscale_in_linux_order() {
    let (_, syn) = active(StackProfile::Linux);
    assert_eq!(syn.flags, SYN);
    assert_eq!(
        syn.window, 65_535,
        "a SYN's window is never scaled (RFC 7323 §2.3)"
    );
    let o = &syn.options;
    assert_eq!(o.mss, Some(1460));
    assert_eq!(o.window_scale, Some(7), "tcp_rmem[2] = 6 MiB: ilog2 - 15");
    assert!(o.sack_permitted);
    assert_eq!(
        o.timestamp,
        Some((LOCAL_ISS, 0)),
        "TSval = offset + 0 ms; TSecr 0"
    );
    assert_eq!(o.layout, OptionLayout::Linux);
    // On the wire: mss, sackOK, TS, nop, wscale (20 bytes).
    assert_eq!(&o.emit()[4..8], &[4, 2, 8, 10]);
    assert_eq!(o.encoded_len(), 20);
}

#[test]
fn rfc_syn_offers_mss_only() {
    let (_, syn) = active(StackProfile::Rfc);
    assert_eq!(syn.options, mss_only());
}

#[test]
fn both_offer_everything_is_on() {
    let (mut tcb, _) = active(StackProfile::Linux);
    tcb.take_notes();
    let syn_ack = inp(
        r(0),
        l(1),
        SYN | ACK,
        65_535,
        all_options(6, 777, LOCAL_ISS),
    );
    tcb.on_segment(&syn_ack, ms(10));
    assert_eq!(negotiated(&mut tcb), Some((Some((6, 7)), true, true)));
    let ack = tcb.take_outbox().remove(0);
    assert_eq!((ack.flags, ack.seq, ack.ack), (ACK, l(1), r(1)));
    // The third segment carries TS (TSval 10 ms on, TSecr the peer's TSval) and a window
    // scaled by our shift 7: 131,072 bytes of buffer >> 7 = 1024.
    assert_eq!(ack.options.timestamp, Some((LOCAL_ISS + 10, 777)));
    assert_eq!(ack.window, 1024);
    assert_eq!(ack.options.window_scale, None, "only SYNs carry the shift");
    // The peer's next window is scaled by its shift 6: field 100 is 6,400 bytes.
    let data = inp(
        r(1),
        l(1),
        ACK,
        100,
        TcpOptions {
            timestamp: Some((800, LOCAL_ISS + 10)),
            ..TcpOptions::default()
        },
    );
    tcb.on_segment(&data, ms(20));
    assert_eq!(tcb.snd_wnd, 6_400);
}

#[test]
fn only_we_offer_nothing_is_on() {
    let (mut tcb, _) = active(StackProfile::Linux);
    tcb.take_notes();
    let syn_ack = inp(r(0), l(1), SYN | ACK, 65_535, mss_only());
    tcb.on_segment(&syn_ack, ms(10));
    assert_eq!(negotiated(&mut tcb), Some((None, false, false)));
    let ack = tcb.take_outbox().remove(0);
    assert_eq!(
        ack.options,
        TcpOptions::default(),
        "no TS without the peer's"
    );
    assert_eq!(ack.window, 65_535, "unscaled: capped at the 16-bit field");
    let upd = inp(r(1), l(1), ACK, 100, TcpOptions::default());
    tcb.on_segment(&upd, ms(20));
    assert_eq!(tcb.snd_wnd, 100, "the peer's window is not scaled either");
}

#[test]
fn only_the_peer_offers_rfc_answers_with_mss_only() {
    // Active rfc side: the SYN,ACK offers everything, we never asked.
    let (mut tcb, _) = active(StackProfile::Rfc);
    let syn_ack = inp(r(0), l(1), SYN | ACK, 65_535, all_options(6, 777, 0));
    tcb.on_segment(&syn_ack, ms(10));
    assert_eq!(
        negotiated(&mut tcb),
        None,
        "rfc offers nothing, logs nothing"
    );
    let ack = tcb.take_outbox().remove(0);
    assert_eq!(ack.options, TcpOptions::default());
    // Passive rfc side: a Linux-like SYN gets a SYN,ACK with MSS only.
    let (_, syn_ack) = passive(StackProfile::Rfc, all_options(7, 5, 0));
    assert_eq!(syn_ack.options, mss_only());
}

#[test]
fn passive_linux_answers_only_what_the_syn_offered() {
    // A SYN with MSS only: the SYN,ACK carries no window scale, SACK or TS (RFC 7323
    // §2.2, §3.2; RFC 2018 §2).
    let (mut tcb, syn_ack) = passive(StackProfile::Linux, mss_only());
    assert_eq!(syn_ack.options.mss, Some(1460));
    assert_eq!(syn_ack.options.window_scale, None);
    assert!(!syn_ack.options.sack_permitted);
    assert_eq!(syn_ack.options.timestamp, None);
    assert_eq!(negotiated(&mut tcb), Some((None, false, false)));
    // A SYN with everything: all answered, TSecr echoing the SYN's TSval.
    let (mut tcb, syn_ack) = passive(StackProfile::Linux, all_options(2, 4242, 0));
    assert_eq!(syn_ack.options.window_scale, Some(7));
    assert!(syn_ack.options.sack_permitted);
    assert_eq!(syn_ack.options.timestamp, Some((LOCAL_ISS, 4242)));
    assert_eq!(negotiated(&mut tcb), Some((Some((2, 7)), true, true)));
}

#[test]
fn a_shift_above_14_is_taken_as_14_and_logged() {
    let (mut tcb, _) = passive(StackProfile::FreeBsd, all_options(15, 1, 0));
    let clamped = tcb.take_notes().into_iter().any(|n| {
        matches!(
            n,
            TcpNote::OptionsNegotiated {
                window_scale: Some((14, 6)),
                shift_clamped: true,
                ..
            }
        )
    });
    assert!(clamped, "RFC 7323 §2.3: MUST use 14");
}

#[test]
fn freebsd_syn_layout_is_mss_nop_wscale_sackok_ts() {
    let (_, syn) = active(StackProfile::FreeBsd);
    let bytes = syn.options.emit();
    assert_eq!(&bytes[..10], &[2, 4, 0x05, 0xb4, 1, 3, 3, 6, 4, 2]);
    assert_eq!(bytes.len(), 20);
}

#[test]
fn paws_drops_an_old_timestamp_and_acks() {
    let (mut tcb, _) = active(StackProfile::Linux);
    let syn_ack = inp(
        r(0),
        l(1),
        SYN | ACK,
        65_535,
        all_options(7, 1000, LOCAL_ISS),
    );
    tcb.on_segment(&syn_ack, ms(10));
    tcb.take_outbox();
    tcb.take_notes();
    let mut seg = inp(
        r(1),
        l(1),
        ACK,
        512,
        TcpOptions {
            timestamp: Some((1010, LOCAL_ISS + 10)),
            ..TcpOptions::default()
        },
    );
    seg.payload = b"fresh".to_vec();
    tcb.on_segment(&seg, ms(20));
    assert_eq!(
        tcb.ext.ts.map(|t| t.recent),
        Some(1010),
        "§4.3: left edge, newer"
    );
    tcb.take_outbox();
    tcb.take_notes();
    // An old duplicate from a previous wrap: TSval 900 < TS.Recent 1010.
    let mut old = inp(
        r(6),
        l(1),
        ACK,
        512,
        TcpOptions {
            timestamp: Some((900, LOCAL_ISS)),
            ..TcpOptions::default()
        },
    );
    old.payload = b"stale".to_vec();
    tcb.on_segment(&old, ms(30));
    let notes = tcb.take_notes();
    assert!(notes.iter().any(|n| matches!(
        n,
        TcpNote::PawsRejected {
            tsval: 900,
            recent: 1010,
            ..
        }
    )));
    assert!(
        !notes.iter().any(|n| matches!(n, TcpNote::DataReady { .. })),
        "dropped"
    );
    let out = tcb.take_outbox();
    assert_eq!(out.len(), 1, "§5.3 R1: an ACK in reply");
    assert_eq!(out[0].ack, r(6));
}

/// Two linux hosts in a world: the log says where the behaviour comes from, and a
/// transfer runs through scaled windows and timestamps.
#[test]
fn world_profiles_negotiate_and_transfer() {
    let (mut w, a, b) = two_hosts(3);
    assert!(w.set_host_profile(a, StackProfile::Linux));
    assert!(w.set_host_profile(b, StackProfile::Linux));
    let l = w.socket(a, Protocol::Tcp).unwrap();
    w.bind(l, Endpoint::new(A, 80)).unwrap();
    w.listen(l, 4).unwrap();
    let c = w.socket(b, Protocol::Tcp).unwrap();
    w.connect(c, Endpoint::new(A, 80)).unwrap();
    w.advance(Duration::from_millis(100));
    let (s, _) = w.accept(l).unwrap();
    let data: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
    let mut sent = 0;
    let mut got = Vec::new();
    for _ in 0..2000 {
        if sent < data.len() {
            sent += w.send(c, &data[sent..]).unwrap_or(0) as usize;
        }
        w.advance(Duration::from_millis(5));
        while let Ok(d) = w.recv(s, 1 << 20) {
            if d.is_empty() {
                break;
            }
            got.extend(d);
        }
        if got.len() == data.len() {
            break;
        }
    }
    assert_eq!(got, data);
    let notes: Vec<&TcpNote> = w
        .log()
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Tcp { note } => Some(note),
            _ => None,
        })
        .collect();
    let profiles = notes
        .iter()
        .filter(|n| {
            matches!(
                n,
                TcpNote::Profile {
                    profile: StackProfile::Linux
                }
            )
        })
        .count();
    assert_eq!(profiles, 2, "both ends say they follow linux");
    let both_on = notes.iter().filter(|n| {
        matches!(
            n,
            TcpNote::OptionsNegotiated {
                window_scale: Some((7, 7)),
                timestamps: true,
                sack: true,
                ..
            }
        )
    });
    assert_eq!(both_on.count(), 2);
    let tcb = w.tcb(s).unwrap();
    assert!(tcb.ext.ts_on);
    assert_eq!(tcb.config.min_rto, Duration::from_millis(200));
    // A's receive buffer (Linux's 128 KiB) reaches B through the scaled window field:
    // a window the 16-bit field alone could not carry.
    let sender = w.tcb(c).unwrap();
    assert!(sender.max_snd_wnd > 65_535, "{}", sender.max_snd_wnd);
    assert!(sender.rtt.srtt.is_some());
}

/// The console: `profile(A, linux)` makes A's next SYN a Linux one; `nodelay(c, on)` is
/// logged as the call it is and turns Nagle off on the connection.
#[test]
fn console_profile_and_nodelay() {
    use sockscope_core::teach::command::Console;
    let (mut w, a, _) = two_hosts(4);
    let mut console = Console::default();
    for line in [
        "profile(A, linux)",
        "B: s = socket(tcp)",
        "B: bind(s, 10.0.0.2:80)",
        "B: listen(s)",
        "A: c = socket(tcp)",
        "A: nodelay(c, on)",
        "A: connect(c, 10.0.0.2:80)",
    ] {
        console.run_line(&mut w, line).unwrap();
    }
    assert_eq!(w.host_by_name("A").unwrap().profile, StackProfile::Linux);
    assert!(console.run_line(&mut w, "profile(A, windows)").is_err());
    assert!(console.run_line(&mut w, "profile(Z, linux)").is_err());
    let c = w
        .sockets()
        .find(|s| s.host == a && s.remote.is_some())
        .map(|s| s.id)
        .unwrap();
    let tcb = w.tcb(c).unwrap();
    assert!(!tcb.ext.nagle, "TCP_NODELAY set before connect holds");
    assert_eq!(tcb.ext.profile, StackProfile::Linux);
    let syn_options =
        w.capture().iter().find_map(|cap| {
            match sockscope_core::wire::IpPacket::parse(&cap.bytes)
                .ok()?
                .transport
            {
                sockscope_core::wire::Transport::Tcp(t) if t.flags == SYN => Some(t.options),
                _ => None,
            }
        });
    let o = syn_options.expect("A's SYN on the wire");
    assert_eq!(o.layout, OptionLayout::Linux, "parsed back from the bytes");
    assert_eq!((o.window_scale, o.sack_permitted), (Some(7), true));
    let logged = w.log().events().iter().any(|e| {
        matches!(&e.kind, EventKind::UserCall { call, .. } if call.to_string() == "nodelay(on)")
    });
    assert!(logged, "the call is in the log");
}
