//! Every user-visible string, in English and Korean.
//!
//! Static labels are a `Key` looked up per language; events are explained from their
//! typed causes (never parsed from English), so each language writes whole sentences in
//! its own word order.

pub use sockscope_core::explain::{cause_label, describe, rule_text, threshold, Lang};

/// Declares `Key` and `Key::ALL` from one list, so no label can be missing from `ALL`.
macro_rules! keys {
    ($($name:ident),+ $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key {
            $($name),+
        }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$name),+];
        }
    };
}

keys! {
    Unread,
    Paths,
    BothDirections,
    Apply,
    Tagline,
    Hosts,
    Topology,
    Controls,
    EventLog,
    Console,
    SocketTable,
    Play,
    Pause,
    Step,
    StepBack,
    Speed,
    NothingScheduled,
    NextEventAt,
    PacketsInFlight,
    SpawnHost,
    HostName,
    HostAddress,
    Remove,
    Protocol,
    Local,
    Remote,
    State,
    RecvQ,
    SendQ,
    NoSockets,
    Drop,
    Hold,
    Release,
    Duplicate,
    Delay,
    Language,
    ConsoleHint,
    Run,
    NothingToStepBack,
    Ping,
    StateDiagramTitle,
    LadderTitle,
    InspectorTitle,
    TcbTitle,
    NoTcpSocket,
    UdpNoStates,
    NoStateChangeYet,
    LastChange,
    SocketFreed,
    StatePath,
    NoPackets,
    LadderHint,
    Retransmission,
    Dropped,
    InFlight,
    CopyOfPacket,
    InspectorHint,
    NotCaptured,
    Field,
    Value,
    Link,
    Payload,
    HexHint,
    Timers,
    NoTimers,
    Phase,
    SlowStart,
    CongestionAvoidance,
    FastRecovery,
    CwndOverTime,
    NoCwndYet,
    NotMeasured,
    HelpSndUna,
    HelpSndNxt,
    HelpSndWnd,
    HelpIss,
    HelpRcvNxt,
    HelpRcvWnd,
    HelpIrs,
    HelpSrtt,
    HelpRto,
    HelpCwnd,
    HelpSsthresh,
    HelpFlight,
    FollowLatest,
    NoTcbYet,
    TcbFreed,
    BadLink,
    Lesson,
    Lessons,
    FreePlay,
    Continue,
    Predict,
    YourAnswer,
    Right,
    NotQuite,
    ItWas,
    NoAnswer,
    Watching,
    Share,
    ShareHint,
    Copy,
    Copied,
    ExportJson,
    ImportJson,
    DownloadPcap,
    Close,
    LessonDone,
    StepOf,
    PathDelay,
    PathJitter,
    PathLoss,
    PathDuplicate,
    PathReorder,
    PathCorrupt,
    // The timeline's controls.
    NewPlayground,
    NewPlaygroundHint,
    Restart,
    RestartHint,
    VirtualTime,
    ViewingPast,
    NotYet,
    OtherRuns,
    ThisRun,
}

pub fn t(lang: Lang, key: Key) -> &'static str {
    use Key::*;
    match (lang, key) {
        (Lang::En, Unread) => "Unread data",
        (Lang::Ko, Unread) => "읽지 않은 데이터",
        (Lang::En, Paths) => "Paths",
        (Lang::Ko, Paths) => "경로 설정",
        (Lang::En, BothDirections) => "both directions",
        (Lang::Ko, BothDirections) => "양방향",
        (Lang::En, Apply) => "Apply",
        (Lang::Ko, Apply) => "적용",
        (Lang::En, Tagline) => "TCP/IP, visible",
        (Lang::Ko, Tagline) => "눈으로 보는 TCP/IP",
        (Lang::En, Hosts) => "Hosts",
        (Lang::Ko, Hosts) => "호스트",
        (Lang::En, Topology) => "Network",
        (Lang::Ko, Topology) => "네트워크",
        (Lang::En, Controls) => "Time",
        (Lang::Ko, Controls) => "시간",
        (Lang::En, EventLog) => "Event log",
        (Lang::Ko, EventLog) => "이벤트 기록",
        (Lang::En, Console) => "Console",
        (Lang::Ko, Console) => "콘솔",
        (Lang::En, SocketTable) => "Sockets",
        (Lang::Ko, SocketTable) => "소켓",
        (Lang::En, Play) => "Play",
        (Lang::Ko, Play) => "재생",
        (Lang::En, Pause) => "Pause",
        (Lang::Ko, Pause) => "일시 정지",
        (Lang::En, Step) => "Step",
        (Lang::Ko, Step) => "한 단계",
        (Lang::En, StepBack) => "Back",
        (Lang::Ko, StepBack) => "되돌리기",
        (Lang::En, Speed) => "Speed",
        (Lang::Ko, Speed) => "속도",
        (Lang::En, NothingScheduled) => "nothing scheduled",
        (Lang::Ko, NothingScheduled) => "예정된 일 없음",
        (Lang::En, NextEventAt) => "next event at",
        (Lang::Ko, NextEventAt) => "다음 이벤트:",
        (Lang::En, PacketsInFlight) => "packets in flight",
        (Lang::Ko, PacketsInFlight) => "전송 중인 패킷",
        (Lang::En, SpawnHost) => "Add host",
        (Lang::Ko, SpawnHost) => "호스트 추가",
        (Lang::En, HostName) => "Name",
        (Lang::Ko, HostName) => "이름",
        (Lang::En, HostAddress) => "IPv4 address",
        (Lang::Ko, HostAddress) => "IPv4 주소",
        (Lang::En, Remove) => "Remove",
        (Lang::Ko, Remove) => "제거",
        (Lang::En, Protocol) => "Proto",
        (Lang::Ko, Protocol) => "프로토콜",
        (Lang::En, Local) => "Local address",
        (Lang::Ko, Local) => "로컬 주소",
        (Lang::En, Remote) => "Remote address",
        (Lang::Ko, Remote) => "원격 주소",
        (Lang::En, State) => "State",
        (Lang::Ko, State) => "상태",
        (Lang::En, RecvQ) => "Recv-Q",
        (Lang::Ko, RecvQ) => "수신 큐",
        (Lang::En, SendQ) => "Send-Q",
        (Lang::Ko, SendQ) => "송신 큐",
        (Lang::En, NoSockets) => "no sockets yet",
        (Lang::Ko, NoSockets) => "아직 소켓 없음",
        (Lang::En, Drop) => "Drop",
        (Lang::Ko, Drop) => "버리기",
        (Lang::En, Hold) => "Hold",
        (Lang::Ko, Hold) => "붙잡기",
        (Lang::En, Release) => "Release",
        (Lang::Ko, Release) => "놓아주기",
        (Lang::En, Duplicate) => "Duplicate",
        (Lang::Ko, Duplicate) => "복제",
        (Lang::En, Delay) => "Delay +50 ms",
        (Lang::Ko, Delay) => "50 ms 지연",
        (Lang::En, Language) => "한국어",
        (Lang::Ko, Language) => "English",
        (Lang::En, ConsoleHint) => "e.g. A: s = socket(tcp) — ↑/↓ for history",
        (Lang::Ko, ConsoleHint) => "예: A: s = socket(tcp) — ↑/↓ 로 이전 명령",
        (Lang::En, Run) => "Run",
        (Lang::Ko, Run) => "실행",
        (Lang::En, NothingToStepBack) => "nothing to step back to",
        (Lang::Ko, NothingToStepBack) => "되돌릴 단계가 없습니다",
        (Lang::En, Ping) => "Ping",
        (Lang::Ko, Ping) => "핑",
        (Lang::En, StateDiagramTitle) => "TCP state diagram",
        (Lang::Ko, StateDiagramTitle) => "TCP 상태도",
        (Lang::En, LadderTitle) => "Sequence diagram",
        (Lang::Ko, LadderTitle) => "시퀀스 다이어그램",
        (Lang::En, InspectorTitle) => "Packet inspector",
        (Lang::Ko, InspectorTitle) => "패킷 검사기",
        (Lang::En, TcbTitle) => "Connection state (TCB)",
        (Lang::Ko, TcbTitle) => "연결 상태 (TCB)",
        (Lang::En, NoTcpSocket) => {
            "No TCP socket yet: open one in the console, or click one in the socket table."
        }
        (Lang::Ko, NoTcpSocket) => {
            "아직 TCP 소켓이 없습니다. 콘솔에서 열거나 소켓 표에서 고르세요."
        }
        (Lang::En, UdpNoStates) => {
            "A UDP socket has no connection states; pick a TCP socket in the socket table."
        }
        (Lang::Ko, UdpNoStates) => {
            "UDP 소켓에는 연결 상태가 없습니다. 소켓 표에서 TCP 소켓을 고르세요."
        }
        (Lang::En, NoStateChangeYet) => "no state change yet",
        (Lang::Ko, NoStateChangeYet) => "아직 상태 변화 없음",
        (Lang::En, LastChange) => "Last change",
        (Lang::Ko, LastChange) => "마지막 변화",
        (Lang::En, SocketFreed) => "closed and freed",
        (Lang::Ko, SocketFreed) => "닫혀서 해제됨",
        (Lang::En, StatePath) => "Path so far",
        (Lang::Ko, StatePath) => "지금까지의 경로",
        (Lang::En, NoPackets) => "No packets yet: connect, send or ping, then press Step or Play.",
        (Lang::Ko, NoPackets) => {
            "아직 패킷이 없습니다. 연결·전송·핑 후 한 단계 또는 재생을 누르세요."
        }
        (Lang::En, LadderHint) => "click an arrow to inspect its packet",
        (Lang::Ko, LadderHint) => "화살표를 클릭하면 패킷을 검사합니다",
        (Lang::En, Retransmission) => "retransmission",
        (Lang::Ko, Retransmission) => "재전송",
        (Lang::En, Dropped) => "dropped",
        (Lang::Ko, Dropped) => "버려짐",
        (Lang::En, InFlight) => "in flight",
        (Lang::Ko, InFlight) => "전송 중",
        (Lang::En, CopyOfPacket) => "copy",
        (Lang::Ko, CopyOfPacket) => "복사본",
        (Lang::En, InspectorHint) => {
            "Click a packet in the network or the ladder to see its bytes."
        }
        (Lang::Ko, InspectorHint) => {
            "네트워크나 시퀀스 다이어그램에서 패킷을 클릭하면 바이트를 볼 수 있습니다."
        }
        (Lang::En, NotCaptured) => "This packet's bytes were not kept (capture is off).",
        (Lang::Ko, NotCaptured) => "이 패킷의 바이트는 보관되지 않았습니다 (캡처 꺼짐).",
        (Lang::En, Field) => "Field",
        (Lang::Ko, Field) => "필드",
        (Lang::En, Value) => "Value",
        (Lang::Ko, Value) => "값",
        (Lang::En, Link) => "Link",
        (Lang::Ko, Link) => "링크",
        (Lang::En, Payload) => "Payload",
        (Lang::Ko, Payload) => "페이로드",
        (Lang::En, HexHint) => "hover or click a field to light its bytes",
        (Lang::Ko, HexHint) => "필드에 마우스를 올리거나 클릭하면 해당 바이트가 표시됩니다",
        (Lang::En, Timers) => "Timers",
        (Lang::Ko, Timers) => "타이머",
        (Lang::En, NoTimers) => "none running",
        (Lang::Ko, NoTimers) => "실행 중인 타이머 없음",
        (Lang::En, Phase) => "Phase",
        (Lang::Ko, Phase) => "단계",
        (Lang::En, SlowStart) => "slow start",
        (Lang::Ko, SlowStart) => "슬로 스타트",
        (Lang::En, CongestionAvoidance) => "congestion avoidance",
        (Lang::Ko, CongestionAvoidance) => "혼잡 회피",
        (Lang::En, FastRecovery) => "fast recovery",
        (Lang::Ko, FastRecovery) => "빠른 복구",
        (Lang::En, CwndOverTime) => "cwnd over time",
        (Lang::Ko, CwndOverTime) => "시간에 따른 cwnd",
        (Lang::En, NoCwndYet) => "no window data yet (it starts once the handshake completes)",
        (Lang::Ko, NoCwndYet) => "아직 윈도우 데이터 없음 (핸드셰이크가 끝나면 시작)",
        (Lang::En, NotMeasured) => "not measured yet",
        (Lang::Ko, NotMeasured) => "아직 측정 안 됨",
        (Lang::En, HelpSndUna) => "SND.UNA: oldest unacknowledged sequence number",
        (Lang::Ko, HelpSndUna) => "SND.UNA: 아직 확인 응답을 받지 못한 가장 오래된 순서 번호",
        (Lang::En, HelpSndNxt) => "SND.NXT: next sequence number to send",
        (Lang::Ko, HelpSndNxt) => "SND.NXT: 다음에 보낼 순서 번호",
        (Lang::En, HelpSndWnd) => "SND.WND: the window the peer offered",
        (Lang::Ko, HelpSndWnd) => "SND.WND: 상대가 알려 준 윈도우",
        (Lang::En, HelpIss) => "ISS: initial send sequence number",
        (Lang::Ko, HelpIss) => "ISS: 초기 송신 순서 번호",
        (Lang::En, HelpRcvNxt) => "RCV.NXT: next sequence number expected",
        (Lang::Ko, HelpRcvNxt) => "RCV.NXT: 다음에 받기를 기대하는 순서 번호",
        (Lang::En, HelpRcvWnd) => "RCV.WND: free space in the receive buffer, offered to the peer",
        (Lang::Ko, HelpRcvWnd) => "RCV.WND: 수신 버퍼의 빈 공간, 상대에게 알려 주는 윈도우",
        (Lang::En, HelpIrs) => "IRS: initial receive sequence number (the peer's ISS)",
        (Lang::Ko, HelpIrs) => "IRS: 초기 수신 순서 번호 (상대의 ISS)",
        (Lang::En, HelpSrtt) => "SRTT: smoothed round-trip time (RFC 6298)",
        (Lang::Ko, HelpSrtt) => "SRTT: 평활 왕복 시간 (RFC 6298)",
        (Lang::En, HelpRto) => "RTO: retransmission timeout, backoff included (RFC 6298)",
        (Lang::Ko, HelpRto) => "RTO: 재전송 타임아웃, 백오프 포함 (RFC 6298)",
        (Lang::En, HelpCwnd) => {
            "cwnd: congestion window, bytes the sender may have in flight (RFC 5681)"
        }
        (Lang::Ko, HelpCwnd) => "cwnd: 혼잡 윈도우, 전송 중일 수 있는 바이트 수 (RFC 5681)",
        (Lang::En, HelpSsthresh) => "ssthresh: slow start threshold (RFC 5681)",
        (Lang::Ko, HelpSsthresh) => "ssthresh: 슬로 스타트 임계값 (RFC 5681)",
        (Lang::En, HelpFlight) => "FlightSize: bytes sent and not yet acknowledged",
        (Lang::Ko, HelpFlight) => "FlightSize: 보냈지만 아직 확인 응답을 받지 못한 바이트",
        (Lang::En, FollowLatest) => "stop following this socket: follow the latest one",
        (Lang::Ko, FollowLatest) => "이 소켓 대신 가장 최근에 바뀐 소켓 따라가기",
        (Lang::En, NoTcbYet) => "No connection yet: connect() or listen() creates the TCB.",
        (Lang::Ko, NoTcbYet) => "아직 연결이 없습니다. connect()나 listen()이 TCB를 만듭니다.",
        (Lang::En, TcbFreed) => {
            "The connection is closed and its TCB deleted; its history stays below."
        }
        (Lang::Ko, TcbFreed) => "연결이 닫히고 TCB가 삭제되었습니다. 기록은 아래에 남아 있습니다.",
        (Lang::En, BadLink) => "This share link could not be opened",
        (Lang::Ko, BadLink) => "이 공유 링크를 열 수 없습니다",
        (Lang::En, Lesson) => "Lesson",
        (Lang::Ko, Lesson) => "수업",
        (Lang::En, Lessons) => "Lessons",
        (Lang::Ko, Lessons) => "수업 목록",
        (Lang::En, FreePlay) => "Free play (two hosts)",
        (Lang::Ko, FreePlay) => "자유 실습 (호스트 2개)",
        (Lang::En, Continue) => "Continue ▶",
        (Lang::Ko, Continue) => "계속 ▶",
        (Lang::En, Predict) => "Predict",
        (Lang::Ko, Predict) => "예측하기",
        (Lang::En, YourAnswer) => "Your answer",
        (Lang::Ko, YourAnswer) => "내 답",
        (Lang::En, Right) => "Right!",
        (Lang::Ko, Right) => "맞았습니다!",
        (Lang::En, NotQuite) => "Not quite.",
        (Lang::Ko, NotQuite) => "아쉽네요.",
        (Lang::En, ItWas) => "What happened:",
        (Lang::Ko, ItWas) => "실제 결과:",
        (Lang::En, NoAnswer) => "You did not answer.",
        (Lang::Ko, NoAnswer) => "답을 고르지 않았습니다.",
        (Lang::En, Watching) => "Watch what happens…",
        (Lang::Ko, Watching) => "무슨 일이 일어나는지 지켜보세요…",
        (Lang::En, Share) => "Share link",
        (Lang::Ko, Share) => "공유 링크",
        (Lang::En, ShareHint) => "This link opens the whole run, paused at this moment.",
        (Lang::Ko, ShareHint) => "이 링크를 열면 지금 이 순간에 멈춘 상태로 실행 전체가 열립니다.",
        (Lang::En, Copy) => "Copy",
        (Lang::Ko, Copy) => "복사",
        (Lang::En, Copied) => "Copied",
        (Lang::Ko, Copied) => "복사됨",
        (Lang::En, ExportJson) => "Export JSON",
        (Lang::Ko, ExportJson) => "JSON 내보내기",
        (Lang::En, ImportJson) => "Import JSON",
        (Lang::Ko, ImportJson) => "JSON 가져오기",
        (Lang::En, DownloadPcap) => "Download pcap",
        (Lang::Ko, DownloadPcap) => "pcap 다운로드",
        (Lang::En, Close) => "Close",
        (Lang::Ko, Close) => "닫기",
        (Lang::En, LessonDone) => "End of the lesson: change anything and run it again.",
        (Lang::Ko, LessonDone) => "수업 끝: 무엇이든 바꿔서 다시 실행해 보세요.",
        (Lang::En, StepOf) => "Step",
        (Lang::Ko, StepOf) => "단계",
        (Lang::En, PathDelay) => "delay ms",
        (Lang::Ko, PathDelay) => "지연 ms",
        (Lang::En, PathJitter) => "jitter ms",
        (Lang::Ko, PathJitter) => "지터 ms",
        (Lang::En, PathLoss) => "loss %",
        (Lang::Ko, PathLoss) => "손실 %",
        (Lang::En, PathDuplicate) => "duplicate %",
        (Lang::Ko, PathDuplicate) => "중복 %",
        (Lang::En, PathReorder) => "reorder %",
        (Lang::Ko, PathReorder) => "순서 바뀜 %",
        (Lang::En, PathCorrupt) => "corrupt %",
        (Lang::Ko, PathCorrupt) => "손상 %",
        // The timeline's controls.
        (Lang::En, NewPlayground) => "New",
        (Lang::Ko, NewPlayground) => "새로",
        (Lang::En, NewPlaygroundHint) => "An empty playground: the two default hosts",
        (Lang::Ko, NewPlaygroundHint) => "빈 실습장: 기본 호스트 두 개",
        (Lang::En, Restart) => "Restart",
        (Lang::Ko, Restart) => "처음부터",
        (Lang::En, RestartHint) => "The same scenario again from t = 0",
        (Lang::Ko, RestartHint) => "같은 시나리오를 t = 0부터 다시",
        (Lang::En, VirtualTime) => "Virtual time",
        (Lang::Ko, VirtualTime) => "가상 시간",
        (Lang::En, ViewingPast) => "viewing the past: Step replays, acting starts a new branch",
        (Lang::Ko, ViewingPast) => {
            "과거를 보는 중: 단계는 다시 재생하고, 조작하면 새 갈래가 시작됩니다"
        }
        (Lang::En, NotYet) => "not yet at this time",
        (Lang::Ko, NotYet) => "이 시각에는 아직 일어나지 않음",
        (Lang::En, OtherRuns) => "Runs",
        (Lang::Ko, OtherRuns) => "실행 갈래",
        (Lang::En, ThisRun) => "this run",
        (Lang::Ko, ThisRun) => "현재 실행",
    }
}

/// "New branch from 1.234000s: the old run is kept", after an act in the past.
pub fn branch_note(lang: Lang, from: sockscope_core::Instant) -> String {
    match lang {
        Lang::En => format!("New branch from {from}: the old run is kept"),
        Lang::Ko => format!("{from}부터 새 갈래: 이전 실행은 보관됩니다"),
    }
}

/// One other branch in the branch menu: "run 2 (left at 0.5s, to 1.2s)".
pub fn branch_item(
    lang: Lang,
    n: usize,
    left_at: sockscope_core::Instant,
    end: sockscope_core::Instant,
) -> String {
    match lang {
        Lang::En => format!("run {n} (left at {left_at}, played to {end})"),
        Lang::Ko => format!("실행 {n} ({left_at}에서 떠남, {end}까지 재생됨)"),
    }
}

/// The inspector's "Link" line: what framing this simulator carries (raw IPv4 on one
/// segment) and what Ethernet would add to an `ip_len`-byte datagram.
pub fn link_line(lang: Lang, ip_len: usize) -> String {
    // Ethernet II: 14 bytes of header, a payload padded to at least 46 bytes, 4 of FCS.
    let frame = 14 + ip_len.max(46) + 4;
    let pad = ip_len < 46;
    match (lang, pad) {
        (Lang::En, false) => format!(
            "raw IPv4 on one shared segment, no link header here. An Ethernet frame would add 14 bytes of header + 4 of FCS: {frame} bytes."
        ),
        (Lang::En, true) => format!(
            "raw IPv4 on one shared segment, no link header here. An Ethernet frame would add 14 bytes of header + 4 of FCS, and pad the payload to 46: {frame} bytes."
        ),
        (Lang::Ko, false) => format!(
            "하나의 세그먼트에 IPv4를 그대로 싣습니다 (링크 헤더 없음). 이더넷 프레임이라면 헤더 14바이트 + FCS 4바이트가 더해져 {frame}바이트입니다."
        ),
        (Lang::Ko, true) => format!(
            "하나의 세그먼트에 IPv4를 그대로 싣습니다 (링크 헤더 없음). 이더넷 프레임이라면 헤더 14바이트 + FCS 4바이트가 더해지고 페이로드가 46바이트로 채워져 {frame}바이트입니다."
        ),
    }
}

/// "last 40 of 120 packets" above the ladder.
pub fn ladder_count(lang: Lang, shown: usize, total: usize) -> String {
    match (lang, shown == total) {
        (Lang::En, true) => format!("{total} packets"),
        (Lang::Ko, true) => format!("패킷 {total}개"),
        (Lang::En, false) => format!("last {shown} of {total} packets"),
        (Lang::Ko, false) => format!("패킷 {total}개 중 마지막 {shown}개"),
    }
}

/// A TCP timer's name, for the TCB panel.
pub fn timer_label(lang: Lang, k: sockscope_core::tcp::TimerKind) -> &'static str {
    use sockscope_core::tcp::TimerKind;
    match (lang, k) {
        (Lang::En, TimerKind::Retransmit) => "retransmission",
        (Lang::Ko, TimerKind::Retransmit) => "재전송",
        (Lang::En, TimerKind::Persist) => "persist",
        (Lang::Ko, TimerKind::Persist) => "지속(persist)",
        (Lang::En, TimerKind::DelayedAck) => "delayed ACK",
        (Lang::Ko, TimerKind::DelayedAck) => "지연 ACK",
        (Lang::En, TimerKind::TimeWait) => "TIME-WAIT (2×MSL)",
        (Lang::Ko, TimerKind::TimeWait) => "TIME-WAIT 대기 (2×MSL)",
    }
}

/// When a timer fires, from now: "in 0.980s".
pub fn due_in(lang: Lang, remaining: sockscope_core::Duration) -> String {
    match lang {
        Lang::En => format!("in {remaining}"),
        Lang::Ko => format!("{remaining} 후"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_label_differs_between_languages() {
        for &k in Key::ALL {
            let (en, ko) = (t(Lang::En, k), t(Lang::Ko, k));
            assert!(!en.is_empty() && !ko.is_empty());
            let hangul = ko.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
            assert!(
                hangul || k == Key::Language,
                "{k:?} has no Korean text: {ko}"
            );
        }
        assert_eq!(Lang::from_code(Lang::Ko.code()), Some(Lang::Ko));
        assert_eq!(Lang::from_code("fr"), None);
    }
}
