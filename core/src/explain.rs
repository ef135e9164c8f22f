//! Events explained in plain language, in English and Korean.
//!
//! Causes in the log are data; this module turns them into sentences, each language in its
//! own word order. The web app shows them in its event log; the command-line runner writes
//! them into its text log.

use crate::log::{Call, DropReason, Event, EventKind};
use crate::tcp::{Cause, RetransmitReason, TcpCall, TcpNote, TimerKind};
use crate::world::World;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "ko" => Some(Lang::Ko),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::En => Lang::Ko,
            Lang::Ko => Lang::En,
        }
    }
}

fn host_name(world: &World, e: &Event) -> String {
    e.host
        .and_then(|h| world.host(h))
        .map(|h| h.name.clone())
        .unwrap_or_else(|| "?".into())
}

fn timer_name(lang: Lang, k: TimerKind) -> &'static str {
    match (lang, k) {
        (Lang::En, TimerKind::Retransmit) => "retransmission timer",
        (Lang::Ko, TimerKind::Retransmit) => "재전송 타이머",
        (Lang::En, TimerKind::Persist) => "persist timer",
        (Lang::Ko, TimerKind::Persist) => "지속(persist) 타이머",
        (Lang::En, TimerKind::DelayedAck) => "delayed-ACK timer",
        (Lang::Ko, TimerKind::DelayedAck) => "지연 ACK 타이머",
        (Lang::En, TimerKind::TimeWait) => "TIME-WAIT timer (2×MSL)",
        (Lang::Ko, TimerKind::TimeWait) => "TIME-WAIT 타이머 (2×MSL)",
        (Lang::En, TimerKind::FinWait2) => "FIN-WAIT-2 timer",
        (Lang::Ko, TimerKind::FinWait2) => "FIN-WAIT-2 타이머",
    }
}

/// The cause of a state change as a diagram label: "rcv SYN,ACK / snd ACK" style.
pub fn cause_label(lang: Lang, cause: &Cause) -> String {
    match (lang, cause) {
        (Lang::En, Cause::Segment { flags, .. }) => format!("rcv {flags}"),
        (Lang::Ko, Cause::Segment { flags, .. }) => format!("{flags} 수신"),
        (_, Cause::Call { call }) => {
            let name = match call {
                TcpCall::Connect => "connect()",
                TcpCall::Listen => "listen()",
                TcpCall::Close => "close()",
                TcpCall::Abort => "abort()",
            };
            match lang {
                Lang::En => format!("call {name}"),
                Lang::Ko => format!("{name} 호출"),
            }
        }
        (_, Cause::Timer { timer }) => match lang {
            Lang::En => format!("{} expired", timer_name(lang, *timer)),
            Lang::Ko => format!("{} 만료", timer_name(lang, *timer)),
        },
    }
}

fn drop_reason(lang: Lang, r: &DropReason) -> String {
    use DropReason::*;
    match (lang, r) {
        (Lang::En, Loss) => "lost on the way (the path's loss setting)".into(),
        (Lang::Ko, Loss) => "전송 중 손실됨 (경로의 손실 설정)".into(),
        (Lang::En, User) => "dropped by you".into(),
        (Lang::Ko, User) => "사용자가 버림".into(),
        (Lang::En, Fault { fault }) => format!("dropped by scripted fault #{fault}"),
        (Lang::Ko, Fault { fault }) => format!("스크립트 장애 #{fault}에 의해 버려짐"),
        (Lang::En, Corrupt { error }) => format!("discarded by the receiver: {error}"),
        (Lang::Ko, Corrupt { .. }) => "수신 측 체크섬 검사에서 손상이 발견되어 버려짐".into(),
        (Lang::En, NoSuchHost { dst }) => format!("no host has address {dst}"),
        (Lang::Ko, NoSuchHost { dst }) => format!("{dst} 주소를 가진 호스트가 없음"),
        (Lang::En, HostGone) => "its destination host was removed".into(),
        (Lang::Ko, HostGone) => "목적지 호스트가 제거됨".into(),
        (Lang::En, NotForThisHost) => "not addressed to this host".into(),
        (Lang::Ko, NotForThisHost) => "이 호스트가 목적지가 아님".into(),
        (Lang::En, BufferFull) => "the socket's receive buffer was full".into(),
        (Lang::Ko, BufferFull) => "소켓의 수신 버퍼가 가득 참".into(),
        (Lang::En, PortUnreachable) => {
            "no socket on that port; the host answers ICMP port unreachable".into()
        }
        (Lang::Ko, PortUnreachable) => "해당 포트에 소켓이 없어 ICMP 포트 도달 불가로 응답".into(),
        (Lang::En, NoTcpSocket) => {
            "no TCP socket for it (state CLOSED); the host answers RST".into()
        }
        (Lang::Ko, NoTcpSocket) => "해당 TCP 소켓이 없음 (CLOSED 상태), RST로 응답".into(),
        (Lang::En, UnknownProtocol { protocol }) => format!("unknown protocol {protocol}"),
        (Lang::Ko, UnknownProtocol { protocol }) => format!("알 수 없는 프로토콜 {protocol}"),
    }
}

fn call_text(call: &Call) -> String {
    match call {
        Call::Socket { protocol } => format!("socket({})", protocol.to_string().to_lowercase()),
        Call::Bind { local } => format!("bind({local})"),
        Call::Listen { backlog } => format!("listen({backlog})"),
        Call::Accept => "accept()".into(),
        Call::Connect { remote } => format!("connect({remote})"),
        Call::Send { len } => format!("send({len} bytes)"),
        Call::Recv { max } => format!("recv({max})"),
        Call::SendTo { len, remote } => format!("sendto({len} bytes, {remote})"),
        Call::RecvFrom { max } => format!("recvfrom({max})"),
        Call::Shutdown { how } => format!("shutdown({how:?})").to_lowercase(),
        Call::Close => "close()".into(),
        Call::GetSockName => "getsockname()".into(),
        Call::GetPeerName => "getpeername()".into(),
        Call::Ping { dst } => format!("ping {dst}"),
        Call::Abort => "abort()".into(),
        Call::SetReuseAddr { on } => format!("setsockopt(SO_REUSEADDR, {on})"),
    }
}

/// One event in plain language.
pub fn describe(lang: Lang, world: &World, e: &Event) -> String {
    let who = host_name(world, e);
    let ko = lang == Lang::Ko;
    match &e.kind {
        EventKind::HostSpawned { name, addr } if ko => {
            format!("호스트 {name}이(가) {addr} 주소로 네트워크에 참여")
        }
        EventKind::HostSpawned { name, addr } => {
            format!("host {name} joined the network as {addr}")
        }
        EventKind::HostRemoved { name, .. } if ko => {
            format!("호스트 {name} 제거됨: 소켓이 모두 닫힘")
        }
        EventKind::HostRemoved { name, .. } => {
            format!("host {name} was removed; its sockets are gone")
        }
        EventKind::PathChanged { .. } if ko => "경로 설정이 바뀜".into(),
        EventKind::PathChanged { .. } => "path settings changed".into(),
        EventKind::PacketSent {
            packet, summary, ..
        } if ko => format!("{who} 보냄 #{}: {}", packet.0, summary.text),
        EventKind::PacketSent {
            packet, summary, ..
        } => format!("{who} sent #{}: {}", packet.0, summary.text),
        EventKind::PacketDuplicated { packet, copy } if ko => {
            format!("네트워크가 #{}를 복제함 (#{})", packet.0, copy.0)
        }
        EventKind::PacketDuplicated { packet, copy } => {
            format!("the network duplicated #{} as #{}", packet.0, copy.0)
        }
        EventKind::PacketReordered { packet, extra } if ko => format!(
            "#{}가 {extra} 더 늦게 도착하도록 지연됨 (순서 뒤바뀜)",
            packet.0
        ),
        EventKind::PacketReordered { packet, extra } => format!(
            "#{} held back {extra}: later packets may overtake it",
            packet.0
        ),
        EventKind::PacketCorrupted { packet, bit } if ko => {
            format!("#{}의 비트 {bit}가 전송 중 뒤집힘", packet.0)
        }
        EventKind::PacketCorrupted { packet, bit } => {
            format!("bit {bit} of #{} flipped on the way", packet.0)
        }
        EventKind::PacketControlled { packet, control } => {
            use crate::log::PacketControl;
            let n = packet.0;
            match (control, ko) {
                (PacketControl::Hold, false) => format!("#{n} held on the wire"),
                (PacketControl::Hold, true) => format!("#{n} 패킷을 선로에 붙잡아 둠"),
                (PacketControl::Release, false) => format!("#{n} released"),
                (PacketControl::Release, true) => format!("#{n} 패킷을 다시 보냄"),
                (PacketControl::Delay { by }, false) => format!("#{n} delayed by {by}"),
                (PacketControl::Delay { by }, true) => format!("#{n} 패킷을 {by} 늦춤"),
            }
        }
        EventKind::PacketDelivered { packet } if ko => format!("#{}가 {who}에 도착", packet.0),
        EventKind::PacketDelivered { packet } => format!("#{} arrived at {who}", packet.0),
        EventKind::PacketDropped { packet, reason } if ko => {
            format!("#{} 버려짐: {}", packet.0, drop_reason(lang, reason))
        }
        EventKind::PacketDropped { packet, reason } => {
            format!("#{} dropped: {}", packet.0, drop_reason(lang, reason))
        }
        EventKind::UserCall { call, result } => {
            let r = match result {
                Ok(_) => "ok".to_string(),
                Err(e) => e.name().to_string(),
            };
            format!("{who}: {} → {r}", call_text(call))
        }
        EventKind::DatagramQueued { from, len } if ko => {
            format!("{from}에서 온 {len}바이트 데이터그램이 recvfrom을 기다림")
        }
        EventKind::DatagramQueued { from, len } => {
            format!("a {len}-byte datagram from {from} waits for recvfrom")
        }
        EventKind::SocketError { error } if ko => {
            format!("소켓 오류 도착: {} (다음 호출에서 보고됨)", error.name())
        }
        EventKind::SocketError { error } => format!(
            "error for the socket: {} (reported by its next call)",
            error.name()
        ),
        EventKind::EchoReplied { to, .. } if ko => format!("{who}가 {to}의 핑에 응답"),
        EventKind::EchoReplied { to, .. } => format!("{who} answered a ping from {to}"),
        EventKind::EchoReceived { from, .. } if ko => format!("{from}에서 핑 응답 도착"),
        EventKind::EchoReceived { from, .. } => format!("ping reply from {from}"),
        EventKind::ResetSent { to } if ko => format!("{who}가 {to}에 RST 전송 (해당 연결 없음)"),
        EventKind::ResetSent { to } => format!("{who} answered {to} with RST (no such connection)"),
        EventKind::StateChanged {
            from, to, cause, ..
        } if ko => format!("{who}: {from} → {to} ({})", cause_label(lang, cause)),
        EventKind::StateChanged {
            from, to, cause, ..
        } => format!("{who}: {from} → {to} ({})", cause_label(lang, cause)),
        EventKind::Tcp { note } => tcp_note(lang, &who, note),
        EventKind::ConnectionForked { remote, .. } if ko => {
            format!("{who}의 리스너가 {remote}의 SYN을 받아 새 소켓을 만듦")
        }
        EventKind::ConnectionForked { remote, .. } => {
            format!("{who}'s listener made a new socket for {remote}'s SYN")
        }
        EventKind::SynDropped { .. } if ko => "백로그가 가득 차서 SYN을 버림".into(),
        EventKind::SynDropped { .. } => "backlog full: the SYN was dropped".into(),
    }
}

/// ssthresh starts "arbitrarily high" (RFC 5681 §3.1): shown as ∞ rather than 4294967295.
pub fn threshold(v: u32) -> String {
    if v == u32::MAX {
        "∞".into()
    } else {
        v.to_string()
    }
}

fn tcp_note(lang: Lang, who: &str, note: &TcpNote) -> String {
    let ko = lang == Lang::Ko;
    match note {
        TcpNote::StateChanged { from, to, .. } => format!("{who}: {from} → {to}"),
        TcpNote::Retransmitted { seq, len, reason } => {
            let why = match (lang, reason) {
                (Lang::En, RetransmitReason::Timeout) => "timeout",
                (Lang::Ko, RetransmitReason::Timeout) => "타임아웃",
                (Lang::En, RetransmitReason::FastRetransmit) => "3 duplicate ACKs",
                (Lang::Ko, RetransmitReason::FastRetransmit) => "중복 ACK 3개",
                (Lang::En, RetransmitReason::PartialAck) => "partial ACK",
                (Lang::Ko, RetransmitReason::PartialAck) => "부분 ACK",
            };
            if ko {
                format!("{who} 재전송: seq={seq} len={len} ({why})")
            } else {
                format!("{who} retransmits seq={seq} len={len} ({why})")
            }
        }
        TcpNote::TimerFired { timer } if ko => format!("{who}: {} 만료", timer_name(lang, *timer)),
        TcpNote::TimerFired { timer } => format!("{who}: {} expired", timer_name(lang, *timer)),
        TcpNote::DataReady { len } if ko => {
            format!("{who}: {len}바이트를 순서대로 받음 (recv로 읽기)")
        }
        TcpNote::DataReady { len } => {
            format!("{who}: {len} bytes ready in order (read them with recv)")
        }
        TcpNote::OutOfOrder { seq, len } if ko => {
            format!("{who}: seq={seq} ({len}바이트)가 먼저 도착, 빈 곳이 채워질 때까지 보관")
        }
        TcpNote::OutOfOrder { seq, len } => {
            format!("{who}: seq={seq} ({len} bytes) arrived early; held until the gap fills")
        }
        TcpNote::Duplicate { seq, .. } if ko => {
            format!("{who}: seq={seq} 중복 세그먼트, ACK로 응답")
        }
        TcpNote::Duplicate { seq, .. } => {
            format!("{who}: duplicate segment seq={seq}, answered with an ACK")
        }
        TcpNote::Unacceptable { seq, .. } if ko => {
            format!("{who}: seq={seq}가 수신 윈도우 밖, ACK로 응답")
        }
        TcpNote::Unacceptable { seq, .. } => {
            format!("{who}: seq={seq} outside the receive window, answered with an ACK")
        }
        TcpNote::ChallengeAck if ko => format!("{who}: 챌린지 ACK 전송 (RFC 5961)"),
        TcpNote::ChallengeAck => format!("{who}: challenge ACK (RFC 5961)"),
        TcpNote::AckRateLimited { seq } if ko => {
            format!("{who}: seq={seq}에 대한 ACK 생략 (무효 세그먼트 응답 속도 제한, RFC 5961 §7)")
        }
        TcpNote::AckRateLimited { seq } => {
            format!("{who}: no ACK for seq={seq} (answers to invalid segments are rate-limited, RFC 5961 §7)")
        }
        TcpNote::ZeroWindowProbe { seq } if ko => format!("{who}: 제로 윈도우 탐색 seq={seq}"),
        TcpNote::ZeroWindowProbe { seq } => format!("{who}: zero-window probe seq={seq}"),
        TcpNote::Error { error } => format!("{who}: {}", error.name()),
        TcpNote::PeerClosed if ko => format!("{who}: 상대가 FIN을 보냄, 더 읽을 데이터 없음"),
        TcpNote::PeerClosed => format!("{who}: the peer sent FIN; end of stream after the data"),
        TcpNote::Congestion { cwnd, ssthresh, .. } if ko => format!(
            "{who}: 혼잡 윈도우 cwnd={cwnd}, ssthresh={}",
            threshold(*ssthresh)
        ),
        TcpNote::Congestion { cwnd, ssthresh, .. } => format!(
            "{who}: congestion window cwnd={cwnd}, ssthresh={}",
            threshold(*ssthresh)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
}
