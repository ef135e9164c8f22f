//! Explanations in both languages: every rule, every event kind, and Korean that reads as
//! Korean (particles that fit, no English words left over).

use super::*;
use crate::log::Call;
use crate::tcp::TcpCall;
use crate::Duration;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn every_event_of_a_tcp_run_is_explained_in_both_languages() {
    let (mut w, _, c) = crate::testkit::listener_and_client(5);
    w.advance(Duration::from_millis(100));
    w.send(c, b"hi").unwrap();
    w.close(c).unwrap();
    w.advance(Duration::from_secs(10));
    for e in w.log().events() {
        let (en, ko) = (describe(Lang::En, &w, e), describe(Lang::Ko, &w, e));
        assert!(!en.is_empty() && !ko.is_empty(), "{e:?}");
    }
    let ko_lines: Vec<String> = w
        .log()
        .events()
        .iter()
        .map(|e| describe(Lang::Ko, &w, e))
        .collect();
    assert!(ko_lines
        .iter()
        .any(|l| l.contains("SYN-SENT → ESTABLISHED") && l.contains("수신")));
}

#[test]
fn every_rule_is_explained_in_english_and_korean() {
    let hangul = |s: &str| s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
    let mut seen = std::collections::BTreeSet::new();
    for rule in Rule::all() {
        let (en, ko) = (rule_text(Lang::En, rule), rule_text(Lang::Ko, rule));
        let words = |s: &str| s.strip_prefix(rule.rfc()).map(str::len).unwrap_or(0);
        assert!(words(&en) > 10 && words(&ko) > 10, "{rule:?}: {en} / {ko}");
        assert!(hangul(&ko), "{rule:?} in Korean has no Hangul: {ko}");
        assert!(!hangul(&en), "{rule:?} in English has Hangul: {en}");
        assert!(
            seen.insert(en.clone()) && seen.insert(ko.clone()),
            "{rule:?} repeats"
        );
    }
    assert_eq!(
        rule_text(Lang::Ko, Rule::SynReceivedRcvAck),
        "RFC 9293 §3.10.7.4: SYN-RECEIVED에서 SYN에 대한 ACK를 받아 ESTABLISHED로 전환"
    );
}

#[test]
fn hands_on_packets_are_told_in_words_not_debug_text() {
    let (mut w, _, _) = crate::testkit::listener_and_client(5);
    let id = w.network().in_flight().next().unwrap().id;
    w.hold_packet(id).unwrap();
    w.release_packet(id).unwrap();
    w.delay_packet(id, Duration::from_millis(80)).unwrap();
    let lines: Vec<(String, String)> = w
        .log()
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::PacketControlled { .. }))
        .map(|e| (describe(Lang::En, &w, e), describe(Lang::Ko, &w, e)))
        .collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].0.ends_with("held on the wire"), "{lines:?}");
    assert!(lines[2].0.contains("delayed by"), "{lines:?}");
    assert!(lines
        .iter()
        .all(|(en, ko)| !en.contains('{') && !ko.contains('{')));
    assert!(lines[2].1.contains("늦춤"));
}

/// Lowercase Latin words a Korean sentence may keep: calls, fields and units that are
/// written the same in Korean texts.
#[rustfmt::skip]
const TECHNICAL: &[&str] = &[
    "seq", "ack", "win", "len", "cwnd", "ssthresh", "socket", "tcp", "udp", "bind", "listen",
    "accept", "connect", "send", "recv", "sendto", "recvfrom", "shutdown", "write", "read",
    "both", "close", "getsockname", "getpeername", "ping", "abort", "setsockopt", "true",
    "false", "ms", "s", "µs", "persist",
    // The internet layer: interface names and `ip route` words, written as Linux prints them.
    "eth", "traceroute", "default", "via", "dev", "proto", "kernel", "scope", "link", "src",
    "metric",
];

/// Korean text fit for the Korean page: it has Hangul, or it is only technical tokens
/// (states, flags, numbers, addresses); its lowercase Latin words are all technical; its
/// particles fit the words before them.
fn assert_reads_as_korean(what: &str, ko: &str) {
    let hangul = ko.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
    let words: Vec<&str> = ko
        .split(|c: char| !c.is_ascii_alphabetic() && c != 'µ')
        .filter(|w| !w.is_empty())
        .collect();
    let technical = words
        .iter()
        .all(|w| w.chars().all(|c| !c.is_lowercase()) || TECHNICAL.contains(w));
    assert!(technical, "{what}: English left in Korean: {ko}");
    let state_line = ko.contains(" → ") && ko.chars().all(|c| c.is_ascii() || c == '→');
    assert!(hangul || state_line, "{what}: no Hangul: {ko}");
    let slips = particle_slips(ko);
    assert!(slips.is_empty(), "{what}: particles {slips:?} in {ko}");
}

fn one_of_each_kind(w: &World) -> Vec<EventKind> {
    use crate::endpoint::Endpoint;
    use crate::errno::Errno;
    use crate::log::{CallValue, PacketControl};
    use crate::network::PacketId;
    use crate::tcp::State;
    use crate::wire::TcpFlags;
    let ep = Endpoint {
        addr: "10.0.0.1".parse().unwrap(),
        port: 80,
    };
    let from_ev = |kind: &str| {
        w.log()
            .events()
            .iter()
            .find(|e| e.kind.name() == kind)
            .map(|e| e.kind.clone())
            .unwrap()
    };
    let p = PacketId(1);
    let mut kinds = vec![
        from_ev("host-spawned"),
        EventKind::HostRemoved {
            name: "C".into(),
            addr: ep.addr,
        },
        from_ev("path-changed"),
        from_ev("packet-sent"),
        EventKind::PacketDuplicated {
            packet: p,
            copy: PacketId(7),
        },
        EventKind::PacketReordered {
            packet: p,
            extra: Duration::from_millis(30),
        },
        EventKind::PacketCorrupted { packet: p, bit: 13 },
        EventKind::PacketDelivered { packet: p },
        EventKind::DatagramQueued { from: ep, len: 1 },
        EventKind::SocketError {
            error: Errno::ConnRefused,
        },
        EventKind::EchoReplied {
            to: ep.addr,
            ident: 1,
            seq: 1,
        },
        EventKind::EchoReceived {
            from: ep.addr,
            ident: 1,
            seq: 1,
        },
        EventKind::ResetSent { to: ep },
        from_ev("state-changed"),
        from_ev("connection-forked"),
        EventKind::SynDropped { backlog_full: true },
    ];
    kinds.extend(super::net::tests::one_of_each(p, ep.addr));
    for control in [
        PacketControl::Hold,
        PacketControl::Release,
        PacketControl::Delay {
            by: Duration::from_millis(50),
        },
    ] {
        kinds.push(EventKind::PacketControlled { packet: p, control });
    }
    use DropReason::*;
    for reason in [
        Loss,
        User,
        Fault { fault: 2 },
        NoSuchHost { dst: ep.addr },
        HostGone,
        NotForThisHost,
        BufferFull,
        PortUnreachable,
        NoTcpSocket,
        UnknownProtocol { protocol: 99 },
        NoRoute { dst: ep.addr },
        TtlExpired,
        ArpUnresolved { next_hop: ep.addr },
        QueueFull {
            iface: crate::topology::Iface(1),
            queued: 20,
        },
        NoLink {
            iface: crate::topology::Iface(2),
        },
        TooBig { mtu: 1000 },
    ] {
        kinds.push(EventKind::PacketDropped { packet: p, reason });
    }
    let calls = [
        Call::Send { len: 1 },
        Call::SendTo { len: 6, remote: ep },
        Call::Shutdown {
            how: crate::socket::Shutdown::Write,
        },
        Call::Abort,
    ];
    for call in calls {
        for result in [Ok(CallValue::None), Err(Errno::NotConnected)] {
            kinds.push(EventKind::UserCall {
                call: call.clone(),
                result,
            });
        }
    }
    let notes = [
        TcpNote::StateChanged {
            from: State::Established,
            to: State::FinWait1,
            cause: Cause::Call {
                call: TcpCall::Close,
            },
            rule: Rule::CloseEstablished,
        },
        TcpNote::Retransmitted {
            seq: 1,
            len: 1,
            reason: RetransmitReason::FastRetransmit,
        },
        TcpNote::TimerFired {
            timer: TimerKind::Persist,
        },
        TcpNote::DataReady { len: 1 },
        TcpNote::OutOfOrder { seq: 3, len: 1 },
        TcpNote::Duplicate { seq: 3, len: 1 },
        TcpNote::Unacceptable { seq: 3, len: 1 },
        TcpNote::ChallengeAck,
        TcpNote::ZeroWindowProbe { seq: 10 },
        TcpNote::KeepAlive { seq: 9 },
        TcpNote::Error {
            error: Errno::ConnReset,
        },
        TcpNote::PeerClosed,
        TcpNote::Congestion {
            cwnd: 10,
            ssthresh: u32::MAX,
            flight: 0,
        },
    ];
    kinds.extend(notes.into_iter().map(|note| EventKind::Tcp { note }));
    kinds.push(EventKind::StateChanged {
        from: State::SynSent,
        to: State::Established,
        cause: Cause::Segment {
            flags: TcpFlags::SYN | TcpFlags::ACK,
            seq: 0,
            ack: 1,
            len: 0,
        },
        rule: Rule::SynSentRcvSynAck,
    });
    kinds
}

#[test]
fn every_event_kind_reads_as_korean_in_korean() {
    let (mut w, _, _) = crate::testkit::listener_and_client(3);
    let (a, b) = (crate::host::HostId(0), crate::host::HostId(1));
    w.set_path(a, b, crate::network::PathSettings::default())
        .unwrap();
    w.advance(Duration::from_millis(100));
    let kinds = one_of_each_kind(&w);
    let names: std::collections::BTreeSet<&str> = kinds.iter().map(|k| k.name()).collect();
    assert_eq!(names.len(), EventKind::NAMES.len(), "a kind is missing");
    for (i, kind) in kinds.into_iter().enumerate() {
        let e = Event {
            seq: i as u64,
            at: crate::Instant(0),
            host: Some(b),
            socket: None,
            kind,
        };
        let (en, ko) = (describe(Lang::En, &w, &e), describe(Lang::Ko, &w, &e));
        assert_reads_as_korean(&format!("{:?}", e.kind), &ko);
        assert!(!en.contains("1 bytes"), "{en}");
    }
}

#[test]
fn every_rule_reads_as_korean() {
    for rule in Rule::all() {
        assert_reads_as_korean(&format!("{rule:?}"), &rule_text(Lang::Ko, rule));
    }
}

#[test]
fn particles_fit_host_names_and_packet_numbers() {
    let (w, _, _) = crate::testkit::listener_and_client(3);
    let lines: Vec<String> = w
        .log()
        .events()
        .iter()
        .map(|e| describe(Lang::Ko, &w, e))
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l == "호스트 B가 10.0.0.2 주소로 네트워크에 참여"),
        "{lines:?}"
    );
    let sent = lines.iter().find(|l| l.contains("전송:")).unwrap();
    assert!(sent.starts_with("B가 #"), "{sent}");
}

#[test]
fn english_counts_one_byte_in_the_singular() {
    assert_eq!(byte_count(Lang::En, 1u32), "1 byte");
    assert_eq!(byte_count(Lang::En, 0u32), "0 bytes");
    assert_eq!(byte_count(Lang::En, 6u32), "6 bytes");
    assert_eq!(byte_count(Lang::Ko, 6u32), "6바이트");
}
