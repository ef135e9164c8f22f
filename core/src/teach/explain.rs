//! Events explained in plain language, in English and Korean.
//!
//! Causes in the log are data; this module turns them into sentences, each language in its
//! own word order. The web app shows them in its event log; the command-line runner writes
//! them into its text log.

use crate::log::{DropReason, Event, EventKind};
use crate::tcp::{Cause, RetransmitReason, Rule, TcpNote, TimerKind};
use crate::world::World;

mod modern;
mod net;
mod particle;
pub use net::icmp_name;
pub use particle::{josa, particle, particle_slips, Particle};

pub use crate::lang::Lang;

/// "1 byte", "6 bytes"; "6바이트": every English count of bytes goes through here so no
/// text says "1 bytes".
pub fn byte_count(lang: Lang, n: impl Into<u64>) -> String {
    match lang {
        Lang::En => crate::wire::dissect::bytes_en(n.into()),
        Lang::Ko => format!("{}바이트", n.into()),
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
        (Lang::En, TimerKind::SwsOverride) => "silly-window override timer",
        (Lang::Ko, TimerKind::SwsOverride) => "어리석은 윈도우 회피 해제 타이머",
        (Lang::En, TimerKind::KeepAlive) => "keep-alive timer",
        (Lang::Ko, TimerKind::KeepAlive) => "연결 유지 타이머",
    }
}

/// The cause of a state change as a diagram label: "rcv SYN,ACK / snd ACK" style.
pub fn cause_label(lang: Lang, cause: &Cause) -> String {
    match (lang, cause) {
        (Lang::En, Cause::Segment { flags, .. }) => format!("rcv {flags}"),
        (Lang::Ko, Cause::Segment { flags, .. }) => format!("{flags} 수신"),
        (_, Cause::Call { call }) => {
            // Written as the console writes the call (crate::teach::command's call_text).
            let name = call.to_string();
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

/// A rule of the transition table in words, after its RFC section: "RFC 9293 §3.10.7.4:
/// SYN-RECEIVED receives the ACK of its SYN and enters ESTABLISHED". The state diagram
/// shows it under the last change.
pub fn rule_text(lang: Lang, rule: Rule) -> String {
    let (en, ko) = rule_words(rule);
    let words = match lang {
        Lang::En => en,
        Lang::Ko => ko,
    };
    format!("{}: {words}", rule.rfc())
}

/// Each rule in English and Korean, side by side so neither is forgotten.
#[rustfmt::skip]
fn rule_words(rule: Rule) -> (&'static str, &'static str) {
    use Rule::*;
    match rule {
        PassiveOpen => (
            "a passive OPEN (listen) enters LISTEN and waits for a SYN",
            "수동 OPEN(listen)으로 LISTEN에 들어가 SYN을 기다림"),
        ActiveOpen => (
            "an active OPEN (connect) sends SYN and enters SYN-SENT",
            "능동 OPEN(connect)으로 SYN을 보내고 SYN-SENT로 전환"),
        CloseListen => (
            "CLOSE in LISTEN deletes the TCB and enters CLOSED",
            "LISTEN에서 CLOSE를 호출해 TCB를 지우고 CLOSED로 전환"),
        CloseSynSent => (
            "CLOSE in SYN-SENT deletes the TCB and enters CLOSED",
            "SYN-SENT에서 CLOSE를 호출해 TCB를 지우고 CLOSED로 전환"),
        CloseSynReceived => (
            "CLOSE in SYN-RECEIVED queues a FIN and enters FIN-WAIT-1",
            "SYN-RECEIVED에서 CLOSE를 호출해 FIN을 보낼 준비를 하고 FIN-WAIT-1로 전환"),
        CloseEstablished => (
            "CLOSE in ESTABLISHED queues a FIN after the pending data and enters FIN-WAIT-1",
            "ESTABLISHED에서 CLOSE를 호출해 남은 데이터 뒤에 FIN을 보내고 FIN-WAIT-1로 전환"),
        CloseCloseWait => (
            "CLOSE in CLOSE-WAIT sends FIN and enters LAST-ACK",
            "CLOSE-WAIT에서 CLOSE를 호출해 FIN을 보내고 LAST-ACK로 전환"),
        ForkFromListener => (
            "a SYN reaches a listener: the new connection starts as its copy, in LISTEN",
            "리스너에 SYN이 도착해 리스너를 복제한 새 연결이 LISTEN 상태로 시작"),
        ListenRcvSyn => (
            "LISTEN receives a SYN, answers SYN,ACK and enters SYN-RECEIVED",
            "LISTEN에서 SYN을 받아 SYN,ACK로 응답하고 SYN-RECEIVED로 전환"),
        SynSentRcvSynAck => (
            "SYN-SENT receives the SYN,ACK that acknowledges its SYN, sends ACK and enters ESTABLISHED",
            "SYN-SENT에서 자신의 SYN을 확인하는 SYN,ACK를 받아 ACK를 보내고 ESTABLISHED로 전환"),
        SimultaneousOpen => (
            "SYN-SENT receives a SYN without ACK (simultaneous open), sends SYN,ACK and enters SYN-RECEIVED",
            "SYN-SENT에서 ACK 없는 SYN을 받아(동시 열기) SYN,ACK를 보내고 SYN-RECEIVED로 전환"),
        SynSentRcvRst => (
            "SYN-SENT receives an RST that acknowledges its SYN: the connection is refused and enters CLOSED",
            "SYN-SENT에서 자신의 SYN을 확인하는 RST를 받아 연결이 거부되고 CLOSED로 전환"),
        SynReceivedRcvAck => (
            "SYN-RECEIVED receives the ACK of its SYN and enters ESTABLISHED",
            "SYN-RECEIVED에서 SYN에 대한 ACK를 받아 ESTABLISHED로 전환"),
        PassiveRcvRst => (
            "an RST in SYN-RECEIVED of a passive open returns it to LISTEN: this connection is deleted, the listener keeps listening",
            "수동 열기의 SYN-RECEIVED에서 RST를 받아 LISTEN으로 돌아감: 이 연결은 지워지고 리스너는 계속 기다림"),
        ActiveRcvRst => (
            "an RST in SYN-RECEIVED of an active open: the connection is refused and enters CLOSED",
            "능동 열기의 SYN-RECEIVED에서 RST를 받아 연결이 거부되고 CLOSED로 전환"),
        SynchronizedRcvRst => (
            "an RST in a synchronized state resets the connection: the queues are flushed and it enters CLOSED",
            "동기화된 상태에서 RST를 받아 연결이 재설정됨: 큐를 비우고 CLOSED로 전환"),
        ClosingRcvRst => (
            "an RST in CLOSING, LAST-ACK or TIME-WAIT deletes the TCB and enters CLOSED",
            "CLOSING, LAST-ACK, TIME-WAIT에서 RST를 받아 TCB를 지우고 CLOSED로 전환"),
        PassiveRcvSyn => (
            "a SYN in SYN-RECEIVED of a passive open returns it to LISTEN: this connection is deleted",
            "수동 열기의 SYN-RECEIVED에서 SYN을 받아 LISTEN으로 돌아감: 이 연결은 지워짐"),
        FinWait1RcvAck => (
            "FIN-WAIT-1 receives the ACK of its FIN and enters FIN-WAIT-2",
            "FIN-WAIT-1에서 자신의 FIN에 대한 ACK를 받아 FIN-WAIT-2로 전환"),
        ClosingRcvAck => (
            "CLOSING receives the ACK of its FIN and enters TIME-WAIT",
            "CLOSING에서 자신의 FIN에 대한 ACK를 받아 TIME-WAIT로 전환"),
        LastAckRcvAck => (
            "LAST-ACK receives the ACK of its FIN, deletes the TCB and enters CLOSED",
            "LAST-ACK에서 자신의 FIN에 대한 ACK를 받아 TCB를 지우고 CLOSED로 전환"),
        RcvFin => (
            "a FIN arrives (the peer has finished sending): acknowledge it and enter CLOSE-WAIT",
            "FIN을 받아(상대가 전송을 마침) ACK로 응답하고 CLOSE-WAIT로 전환"),
        FinWait1RcvFinAck => (
            "FIN-WAIT-1 receives a FIN together with the ACK of its own FIN and enters TIME-WAIT",
            "FIN-WAIT-1에서 상대의 FIN과 자신의 FIN에 대한 ACK를 함께 받아 TIME-WAIT로 전환"),
        SimultaneousClose => (
            "FIN-WAIT-1 receives a FIN before its own FIN is acknowledged (simultaneous close) and enters CLOSING",
            "FIN-WAIT-1에서 자신의 FIN이 확인되기 전에 FIN을 받아(동시 닫기) CLOSING으로 전환"),
        FinWait2RcvFin => (
            "FIN-WAIT-2 receives the peer's FIN, acknowledges it and enters TIME-WAIT",
            "FIN-WAIT-2에서 상대의 FIN을 받아 ACK로 응답하고 TIME-WAIT로 전환"),
        TimeWaitTimeout => (
            "the TIME-WAIT timeout (2×MSL) expired: delete the TCB and enter CLOSED",
            "TIME-WAIT 타임아웃(2×MSL)이 만료되어 TCB를 지우고 CLOSED로 전환"),
        SynRetriesExceeded => (
            "the SYN went unanswered through every retransmission: the connection times out and enters CLOSED",
            "SYN을 한도까지 재전송해도 응답이 없어 연결 시간이 초과되고 CLOSED로 전환"),
        RetriesExceeded => (
            "retransmissions exceeded the limit (R2): the connection times out and enters CLOSED",
            "재전송 횟수가 한도(R2)를 넘어 연결 시간이 초과되고 CLOSED로 전환"),
        UserAbort => (
            "the user aborted: send RST if synchronized, delete the TCB and enter CLOSED",
            "사용자가 연결을 중단(ABORT)해 동기화된 상태면 RST를 보내고 TCB를 지운 뒤 CLOSED로 전환"),
        CloseWithUnreadData => (
            "close() with unread data aborts the connection with RST and enters CLOSED",
            "읽지 않은 데이터가 남은 채 close()를 호출해 RST로 연결을 중단하고 CLOSED로 전환"),
        ListenerClosed => (
            "the listener closed before this connection was accepted: abort it with RST and enter CLOSED",
            "이 연결이 accept되기 전에 리스너가 닫혀 RST로 중단하고 CLOSED로 전환"),
        ProbesExceeded => (
            "zero-window probes went unanswered (or the socket was closed by its program) up to the limit: the connection times out and enters CLOSED",
            "제로 윈도우 탐색에 한도까지 응답이 없어(또는 프로그램이 이미 소켓을 닫아) 연결 시간이 초과되고 CLOSED로 전환"),
        OrphanFinWait2Timeout => (
            "the program closed its socket and the peer's FIN never came: after the FIN-WAIT-2 timeout the TCB is deleted and enters CLOSED",
            "프로그램이 소켓을 닫았는데 상대의 FIN이 오지 않아 FIN-WAIT-2 타임아웃 뒤 TCB를 지우고 CLOSED로 전환"),
        DataAfterClose => (
            "data arrived after close(): nobody can read it, so send RST and enter CLOSED",
            "close() 뒤에 데이터가 도착해 읽을 프로그램이 없으므로 RST를 보내고 CLOSED로 전환"),
        KeepAliveTimeout => (
            "keep-alives went unanswered up to the limit: the peer is taken for gone, the connection times out and enters CLOSED",
            "연결 유지 세그먼트에 한도까지 응답이 없어 상대가 사라진 것으로 보고 연결 시간이 초과되어 CLOSED로 전환"),
        SynQueueOverflow => (
            "the SYN queue is full: the oldest half-open connection is dropped to make room for a new SYN and enters CLOSED",
            "SYN 큐가 가득 차서 가장 오래된 반개방 연결을 버리고 새 SYN을 받을 자리를 만들어 CLOSED로 전환"),
    }
}

pub(crate) fn drop_reason(lang: Lang, r: &DropReason) -> String {
    use DropReason::*;
    match (lang, r) {
        (Lang::En, Loss) => "lost on the way (the path's loss setting)".into(),
        (Lang::Ko, Loss) => "전송 중 손실됨 (경로의 손실 설정)".into(),
        (Lang::En, User) => "dropped by you".into(),
        (Lang::Ko, User) => "사용자가 직접 버림".into(),
        (Lang::En, Fault { fault }) => format!("dropped by scripted fault #{fault}"),
        (Lang::Ko, Fault { fault }) => format!("스크립트에 적힌 장애 #{fault}"),
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
        (
            _,
            NoRoute { .. }
            | TtlExpired
            | ArpUnresolved { .. }
            | QueueFull { .. }
            | NoLink { .. }
            | TooBig { .. }
            | NoNatMapping,
        ) => net::drop_reason(lang, r).unwrap_or_default(),
    }
}

/// One event in plain language.
pub fn describe(lang: Lang, world: &World, e: &Event) -> String {
    let who = host_name(world, e);
    let ko = lang == Lang::Ko;
    match &e.kind {
        EventKind::HostSpawned { name, addr } if ko => {
            format!(
                "호스트 {} {addr} 주소로 네트워크에 참여",
                josa(name, Particle::IGa)
            )
        }
        EventKind::HostSpawned { name, addr } => {
            format!("host {name} joined the network as {addr}")
        }
        EventKind::HostRemoved { name, .. } if ko => {
            format!(
                "호스트 {} 제거되어 소켓이 모두 사라짐",
                josa(name, Particle::IGa)
            )
        }
        EventKind::HostRemoved { name, .. } => {
            format!("host {name} was removed; its sockets are gone")
        }
        EventKind::PathChanged { .. } if ko => "경로 설정이 바뀜".into(),
        EventKind::PathChanged { .. } => "path settings changed".into(),
        EventKind::PacketSent {
            packet, summary, ..
        } if ko => format!(
            "{} #{} 전송: {}",
            josa(&who, Particle::IGa),
            packet.0,
            summary.text()
        ),
        EventKind::PacketSent {
            packet, summary, ..
        } => format!("{who} sent #{}: {}", packet.0, summary.text()),
        EventKind::PacketDuplicated { packet, copy } if ko => {
            let (p, c) = (format!("#{}", packet.0), format!("#{}", copy.0));
            format!(
                "네트워크가 {} 복제해 {} 만듦",
                josa(&p, Particle::EulReul),
                josa(&c, Particle::EulReul)
            )
        }
        EventKind::PacketDuplicated { packet, copy } => {
            format!("the network duplicated #{} as #{}", packet.0, copy.0)
        }
        EventKind::PacketReordered { packet, extra } if ko => format!(
            "{} {extra} 더 늦게 도착하도록 지연됨: 뒤의 패킷이 먼저 도착할 수 있음",
            josa(&format!("#{}", packet.0), Particle::IGa)
        ),
        EventKind::PacketReordered { packet, extra } => format!(
            "#{} held back {extra}: later packets may overtake it",
            packet.0
        ),
        EventKind::PacketCorrupted { packet, bit } if ko => {
            let b = format!("비트 {bit}");
            format!("#{}의 {} 전송 중 뒤집힘", packet.0, josa(&b, Particle::IGa))
        }
        EventKind::PacketCorrupted { packet, bit } => {
            format!("bit {bit} of #{} flipped on the way", packet.0)
        }
        EventKind::PacketControlled { packet, control } => {
            use crate::log::PacketControl;
            let n = packet.0;
            match (control, ko) {
                (PacketControl::Hold, false) => format!("#{n} held on the wire"),
                (PacketControl::Hold, true) => format!("#{n} 패킷을 선로에 보류함"),
                (PacketControl::Release, false) => format!("#{n} released"),
                (PacketControl::Release, true) => format!("#{n} 패킷의 보류를 풀어 다시 보냄"),
                (PacketControl::Delay { by }, false) => format!("#{n} delayed by {by}"),
                (PacketControl::Delay { by }, true) => format!("#{n} 패킷을 {by} 늦춤"),
            }
        }
        EventKind::PacketDelivered { packet } if ko => {
            let p = format!("#{}", packet.0);
            format!("{} {who}에 도착", josa(&p, Particle::IGa))
        }
        EventKind::PacketDelivered { packet } => format!("#{} arrived at {who}", packet.0),
        EventKind::PacketDropped { packet, reason } if ko => {
            let p = format!("#{}", packet.0);
            let p = josa(&p, Particle::IGa);
            format!("{p} 버려짐: {}", drop_reason(lang, reason))
        }
        EventKind::PacketDropped { packet, reason } => {
            format!("#{} dropped: {}", packet.0, drop_reason(lang, reason))
        }
        EventKind::UserCall { call, result } => {
            let r = match (result, ko) {
                (Ok(_), false) => "ok".to_string(),
                (Ok(_), true) => "성공".to_string(),
                (Err(e), false) => e.name().to_string(),
                (Err(e), true) => format!("실패 {}", e.name()),
            };
            format!("{who}: {} → {r}", call.text(|n| byte_count(lang, n)))
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
        EventKind::EchoReplied { to, .. } if ko => {
            format!("{} {to}의 핑에 응답", josa(&who, Particle::IGa))
        }
        EventKind::EchoReplied { to, .. } => format!("{who} answered a ping from {to}"),
        EventKind::EchoReceived { from, .. } if ko => format!("{from}에서 핑 응답 도착"),
        EventKind::EchoReceived { from, .. } => format!("ping reply from {from}"),
        EventKind::ResetSent { to } if ko => format!(
            "{} {to}에 RST로 응답 (해당 연결 없음)",
            josa(&who, Particle::IGa)
        ),
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
        EventKind::ArpRequest { .. }
        | EventKind::ArpReply { .. }
        | EventKind::ArpLearned { .. }
        | EventKind::ArpExpired { .. }
        | EventKind::ArpGaveUp { .. }
        | EventKind::Forwarded { .. }
        | EventKind::IcmpSent { .. }
        | EventKind::IcmpReceived { .. }
        | EventKind::TraceHop { .. }
        | EventKind::TopologyChanged { .. }
        | EventKind::PathMtu { .. }
        | EventKind::EcnMarked { .. }
        | EventKind::NatMapped { .. } => net::describe(lang, &who, &e.kind).unwrap_or_default(),
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
                (Lang::En, RetransmitReason::SackHole) => "SACK hole",
                (Lang::Ko, RetransmitReason::SackHole) => "SACK 구멍",
                (Lang::En, RetransmitReason::DuplicateSyn) => "the peer's SYN came again",
                (Lang::Ko, RetransmitReason::DuplicateSyn) => "상대의 SYN이 다시 옴",
            };
            if ko {
                format!(
                    "{} 재전송: seq={seq} len={len} ({why})",
                    josa(who, Particle::IGa)
                )
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
            format!(
                "{who}: {} ready in order (read them with recv)",
                byte_count(lang, *len)
            )
        }
        TcpNote::OutOfOrder { seq, len } if ko => {
            format!("{who}: seq={seq}부터 {len}바이트가 먼저 도착해 빈 곳이 채워질 때까지 보관")
        }
        TcpNote::OutOfOrder { seq, len } => {
            format!(
                "{who}: seq={seq} ({}) arrived early; held until the gap fills",
                byte_count(lang, *len)
            )
        }
        TcpNote::Duplicate { seq, .. } if ko => {
            format!("{who}: 중복 세그먼트(seq={seq})를 받아 ACK로 응답")
        }
        TcpNote::Duplicate { seq, .. } => {
            format!("{who}: duplicate segment seq={seq}, answered with an ACK")
        }
        TcpNote::Unacceptable { seq, .. } if ko => {
            let s = format!("seq={seq}");
            format!(
                "{who}: {} 수신 윈도우 밖이라 ACK로 응답",
                josa(&s, Particle::IGa)
            )
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
        TcpNote::ZeroWindowProbe { seq } if ko => {
            format!("{who}: 제로 윈도우 탐색 세그먼트 전송 (seq={seq})")
        }
        TcpNote::ZeroWindowProbe { seq } => format!("{who}: zero-window probe seq={seq}"),
        TcpNote::KeepAlive { seq } if ko => {
            format!("{who}: 연결 유지 세그먼트 전송 (seq={seq})")
        }
        TcpNote::KeepAlive { seq } => format!("{who}: keep-alive seq={seq}"),
        TcpNote::Error { error } if ko => format!("{who}: {} 오류", error.name()),
        TcpNote::Error { error } => format!("{who}: {}", error.name()),
        TcpNote::PeerClosed if ko => {
            format!("{who}: 상대가 FIN을 보냄, 남은 데이터를 읽으면 스트림 끝")
        }
        TcpNote::PeerClosed => format!("{who}: the peer sent FIN; end of stream after the data"),
        TcpNote::Congestion { cwnd, ssthresh, .. } if ko => format!(
            "{who}: 혼잡 윈도우 cwnd={cwnd}, ssthresh={}",
            threshold(*ssthresh)
        ),
        TcpNote::Congestion { cwnd, ssthresh, .. } => format!(
            "{who}: congestion window cwnd={cwnd}, ssthresh={}",
            threshold(*ssthresh)
        ),
        TcpNote::Profile { .. }
        | TcpNote::OptionsNegotiated { .. }
        | TcpNote::PawsRejected { .. }
        | TcpNote::EcnCongestionExperienced { .. }
        | TcpNote::EcnReduced { .. } => modern::note(ko, who, note),
    }
}

#[cfg(test)]
mod tests;
