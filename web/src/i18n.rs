//! Every user-visible string, in English and Korean.
//!
//! Static labels are a `Key` looked up per language; events are explained from their
//! typed causes (never parsed from English), so each language writes whole sentences in
//! its own word order.

pub use sockscope_core::teach::explain::{
    byte_count, cause_label, describe, josa, rule_text, threshold, Lang, Particle,
};

mod labels;
pub use labels::{host_error, kind_label, not_a_number, out_of_range, packet_label, remove_host};
pub mod packets;

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
    HistoryLabel,
    PathFrom,
    PathTo,
    HostFilter,
    SocketFilter,
    KindFilter,
    PacketControls,
    // The network picture and the host form (topology branch).
    DragHint,
    SharedSegment,
    HostNameLimit,
    Cancel,
    ShowAllHosts,
    // The lesson panel and its script editor (lessonsui).
    LessonStart,
    LessonIntro,
    LessonRestart,
    NextLesson,
    YourPick,
    RightAnswer,
    ScriptEditor,
    ScriptHint,
    ScriptTime,
    ScriptLine,
    InsertLine,
    DeleteLine,
    AddLine,
    RunFromStart,
    ScriptHasProblems,
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
        (Lang::Ko, Hold) => "보류",
        (Lang::En, Release) => "Release",
        (Lang::Ko, Release) => "보류 해제",
        (Lang::En, Duplicate) => "Duplicate",
        (Lang::Ko, Duplicate) => "복제",
        (Lang::En, Delay) => "Delay +50 ms",
        (Lang::Ko, Delay) => "50 ms 지연",
        (Lang::En, Language) => "한국어",
        (Lang::Ko, Language) => "English",
        (Lang::En, ConsoleHint) => "e.g. A: s = socket(tcp) — ↑/↓ for history",
        (Lang::Ko, ConsoleHint) => "예: A: s = socket(tcp) — ↑/↓로 이전 명령",
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
        (Lang::En, HistoryLabel) => "position in the run",
        (Lang::Ko, HistoryLabel) => "실행 기록에서의 위치",
        (Lang::En, PathFrom) => "from",
        (Lang::Ko, PathFrom) => "출발 호스트",
        (Lang::En, PathTo) => "to",
        (Lang::Ko, PathTo) => "도착 호스트",
        (Lang::En, HostFilter) => "host filter",
        (Lang::Ko, HostFilter) => "호스트 필터",
        (Lang::En, SocketFilter) => "socket filter",
        (Lang::Ko, SocketFilter) => "소켓 필터",
        (Lang::En, KindFilter) => "kind filter",
        (Lang::Ko, KindFilter) => "종류 필터",
        (Lang::En, PacketControls) => "packet controls",
        (Lang::Ko, PacketControls) => "패킷 조작",
        // The network picture and the host form (topology branch).
        (Lang::En, DragHint) => "Drag hosts to arrange them; click a host to see its sockets.",
        (Lang::Ko, DragHint) => "호스트를 끌어서 배치를 바꿀 수 있습니다. 호스트를 클릭하면 그 호스트의 소켓이 보입니다.",
        (Lang::En, SharedSegment) => "one shared segment",
        (Lang::Ko, SharedSegment) => "공유 세그먼트 하나",
        (Lang::En, HostNameLimit) => "1 to 32 letters, digits, - or _",
        (Lang::Ko, HostNameLimit) => "글자, 숫자, -, _ 로 1~32자",
        (Lang::En, Cancel) => "Cancel",
        (Lang::Ko, Cancel) => "취소",
        (Lang::En, ShowAllHosts) => "Show all hosts",
        (Lang::Ko, ShowAllHosts) => "모든 호스트 보기",
        // The lesson panel and its script editor (lessonsui).
        (Lang::En, LessonStart) => "Start ▶",
        (Lang::Ko, LessonStart) => "시작 ▶",
        (Lang::En, LessonIntro) => "Before you start",
        (Lang::Ko, LessonIntro) => "시작하기 전에",
        (Lang::En, LessonRestart) => "↺ Restart",
        (Lang::Ko, LessonRestart) => "↺ 처음부터",
        (Lang::En, NextLesson) => "Next lesson ▶",
        (Lang::Ko, NextLesson) => "다음 수업 ▶",
        (Lang::En, YourPick) => "your pick",
        (Lang::Ko, YourPick) => "내 선택",
        (Lang::En, RightAnswer) => "right answer",
        (Lang::Ko, RightAnswer) => "정답",
        (Lang::En, ScriptEditor) => "Script",
        (Lang::Ko, ScriptEditor) => "스크립트",
        (Lang::En, ScriptHint) => "The lines the run plays, at their times in milliseconds. Change, insert or delete lines, then run the script from the start.",
        (Lang::Ko, ScriptHint) => "실행이 재생하는 줄들과 그 시간(밀리초)입니다. 줄을 고치거나 넣거나 지운 뒤 처음부터 실행해 보세요.",
        (Lang::En, ScriptTime) => "time (ms)",
        (Lang::Ko, ScriptTime) => "시간(ms)",
        (Lang::En, ScriptLine) => "line",
        (Lang::Ko, ScriptLine) => "줄",
        (Lang::En, InsertLine) => "Insert a line before this one",
        (Lang::Ko, InsertLine) => "이 줄 앞에 줄 넣기",
        (Lang::En, DeleteLine) => "Delete this line",
        (Lang::Ko, DeleteLine) => "이 줄 지우기",
        (Lang::En, AddLine) => "+ Add a line",
        (Lang::Ko, AddLine) => "+ 줄 추가",
        (Lang::En, RunFromStart) => "Run from the start",
        (Lang::Ko, RunFromStart) => "처음부터 실행",
        (Lang::En, ScriptHasProblems) => "The script cannot run; fix lines",
        (Lang::Ko, ScriptHasProblems) => "스크립트를 실행할 수 없습니다. 고칠 줄:",
        // The timeline's controls.
        (Lang::En, NewPlayground) => "New",
        (Lang::Ko, NewPlayground) => "새로",
        (Lang::En, NewPlaygroundHint) => "An empty playground: the two default hosts",
        (Lang::Ko, NewPlaygroundHint) => "빈 실습장: 기본 호스트 두 개",
        (Lang::En, Restart) => "Restart",
        (Lang::Ko, Restart) => "처음부터",
        (Lang::En, RestartHint) => "The same scenario again from t = 0",
        (Lang::Ko, RestartHint) => "같은 시나리오를 처음(0초)부터 다시 실행",
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

/// What is wrong with a line of the script editor (see `state::ScriptLine::problem`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptProblem {
    /// The time is not a number of milliseconds from 0 to a day.
    Time,
    Empty,
    /// The console cannot read the line (the parser's detail, in each language).
    Parse {
        column: u32,
        message: String,
        ko: String,
    },
    /// The scenario has no host of that name.
    NoHost(String),
    /// Any other reason the line cannot be read: the core's message, in each language.
    Other {
        en: String,
        ko: String,
    },
}

/// A script line's problem, in the user's language, to show next to the line.
pub fn script_problem(lang: Lang, p: &ScriptProblem) -> String {
    match (lang, p) {
        (Lang::En, ScriptProblem::Time) => {
            "The time must be a number of milliseconds, like 1500.".into()
        }
        (Lang::Ko, ScriptProblem::Time) => "시간은 1500처럼 밀리초 단위의 숫자여야 합니다.".into(),
        (Lang::En, ScriptProblem::Empty) => {
            "This line is empty: write a call, like \"A: s = socket(tcp)\", or delete the line."
                .into()
        }
        (Lang::Ko, ScriptProblem::Empty) => {
            "빈 줄입니다. \"A: s = socket(tcp)\"처럼 호출을 쓰거나 줄을 지우세요.".into()
        }
        (
            Lang::En,
            ScriptProblem::Parse {
                column, message, ..
            },
        ) => {
            format!("This line cannot be read at column {column}: {message}")
        }
        (Lang::Ko, ScriptProblem::Parse { column, ko, .. }) => {
            format!("이 줄의 {column}번째 글자를 읽을 수 없습니다: {ko}")
        }
        (Lang::En, ScriptProblem::NoHost(h)) => {
            format!("There is no host named {h} in this scenario.")
        }
        (Lang::Ko, ScriptProblem::NoHost(h)) => {
            format!("이 시나리오에는 {h}라는 호스트가 없습니다.")
        }
        (Lang::En, ScriptProblem::Other { en, .. }) => format!("This line cannot run: {en}"),
        (Lang::Ko, ScriptProblem::Other { ko, .. }) => format!("이 줄은 실행할 수 없습니다: {ko}"),
    }
}

/// The score at the end of a lesson.
pub fn lesson_score(lang: Lang, right: usize, asked: usize) -> String {
    match lang {
        Lang::En => format!("Your predictions: {right} of {asked} right."),
        Lang::Ko => format!("예측 {asked}개 중 {right}개를 맞혔습니다."),
    }
}

/// A packet in the network picture, as a screen reader says it: `label` is its flags
/// and size ("SYN", "ACK 536B").
pub fn packet_name(lang: Lang, id: u64, label: &str, from: &str, to: &str, held: bool) -> String {
    match (lang, held) {
        (Lang::En, false) => format!("packet #{id}, {label}, from {from} to {to}"),
        (Lang::En, true) => format!("packet #{id}, {label}, from {from} to {to}, held"),
        (Lang::Ko, false) => format!(
            "패킷 #{id}, {label}, {from}에서 {}",
            josa(to, Particle::EuroRo)
        ),
        (Lang::Ko, true) => format!(
            "패킷 #{id}, {label}, {from}에서 {}, 보류됨",
            josa(to, Particle::EuroRo)
        ),
    }
}

/// A host in the network picture, as a screen reader says it.
pub fn host_label(lang: Lang, name: &str, addr: &str) -> String {
    match lang {
        Lang::En => format!("host {name}, {addr}"),
        Lang::Ko => format!("호스트 {name}, {addr}"),
    }
}

/// The question before a host goes.
pub fn confirm_remove(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("Remove {name} and its sockets?"),
        Lang::Ko => format!("{name} 호스트와 그 소켓을 모두 제거할까요?"),
    }
}

/// Above the socket tables while one host is selected.
pub fn only_host(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("Only {name}'s sockets"),
        Lang::Ko => format!("{name}의 소켓만 표시"),
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
        (Lang::En, TimerKind::FinWait2) => "FIN-WAIT-2",
        (Lang::Ko, TimerKind::FinWait2) => "FIN-WAIT-2 대기",
        (Lang::En, TimerKind::SwsOverride) => "silly-window override",
        (Lang::Ko, TimerKind::SwsOverride) => "어리석은 윈도우 회피 해제",
        (Lang::En, TimerKind::KeepAlive) => "keep-alive",
        (Lang::Ko, TimerKind::KeepAlive) => "연결 유지",
    }
}

/// When a timer fires, from now: "in 0.980s".
pub fn due_in(lang: Lang, remaining: sockscope_core::Duration) -> String {
    match lang {
        Lang::En => format!("in {remaining}"),
        Lang::Ko => format!("{remaining} 후"),
    }
}

// ---- The screen's layout: dock tabs, the first screen's samples, the call forms. ----
// (A block of its own, so the layout's words merge apart from the other tables.)

/// The layout's labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ui {
    TryThis,
    SampleTcp,
    SampleUdp,
    SampleLesson,
    Calls,
    Host,
    Call,
    Socket,
    Name,
    Protocol,
    Address,
    Data,
    How,
    WriteRun,
    Panels,
    TabState,
    TabSockets,
    TabInspector,
    TabLog,
    TabTcb,
    TabPaths,
    TabHosts,
    TabShare,
    Following,
    NoTcpYet,
    Network,
    Watch,
}

impl Ui {
    pub const ALL: &'static [Ui] = &[
        Ui::TryThis,
        Ui::SampleTcp,
        Ui::SampleUdp,
        Ui::SampleLesson,
        Ui::Calls,
        Ui::Host,
        Ui::Call,
        Ui::Socket,
        Ui::Name,
        Ui::Protocol,
        Ui::Address,
        Ui::Data,
        Ui::How,
        Ui::WriteRun,
        Ui::Panels,
        Ui::TabState,
        Ui::TabSockets,
        Ui::TabInspector,
        Ui::TabLog,
        Ui::TabTcb,
        Ui::TabPaths,
        Ui::TabHosts,
        Ui::TabShare,
        Ui::Following,
        Ui::NoTcpYet,
        Ui::Network,
        Ui::Watch,
    ];
}

/// A layout label in `lang`.
pub fn ui(lang: Lang, k: Ui) -> &'static str {
    use Ui::*;
    match (lang, k) {
        (Lang::En, TryThis) => "Try this:",
        (Lang::Ko, TryThis) => "이렇게 시작해 보세요:",
        (Lang::En, SampleTcp) => "Open a TCP connection",
        (Lang::Ko, SampleTcp) => "TCP 연결 열기",
        (Lang::En, SampleUdp) => "Send a UDP datagram",
        (Lang::Ko, SampleUdp) => "UDP 데이터그램 보내기",
        (Lang::En, SampleLesson) => "Start lesson: the handshake",
        (Lang::Ko, SampleLesson) => "레슨 시작: 핸드셰이크",
        (Lang::En, Calls) => "Socket call",
        (Lang::Ko, Calls) => "소켓 호출",
        (Lang::En, Host) => "Host",
        (Lang::Ko, Host) => "호스트",
        (Lang::En, Call) => "Call",
        (Lang::Ko, Call) => "호출",
        (Lang::En, Socket) => "Socket",
        (Lang::Ko, Socket) => "소켓",
        (Lang::En, Name) => "Name",
        (Lang::Ko, Name) => "이름",
        (Lang::En, Protocol) => "Protocol",
        (Lang::Ko, Protocol) => "프로토콜",
        (Lang::En, Address) => "Address",
        (Lang::Ko, Address) => "주소",
        (Lang::En, Data) => "Data",
        (Lang::Ko, Data) => "데이터",
        (Lang::En, How) => "Direction",
        (Lang::Ko, How) => "방향",
        (Lang::En, WriteRun) => "Write and run",
        (Lang::Ko, WriteRun) => "써서 실행",
        (Lang::En, Panels) => "More panels",
        (Lang::Ko, Panels) => "다른 패널",
        (Lang::En, TabState) => "State diagram",
        (Lang::Ko, TabState) => "상태도",
        (Lang::En, TabSockets) => "Sockets",
        (Lang::Ko, TabSockets) => "소켓",
        (Lang::En, TabInspector) => "Inspector",
        (Lang::Ko, TabInspector) => "패킷 분석",
        (Lang::En, TabLog) => "Log",
        (Lang::Ko, TabLog) => "기록",
        (Lang::En, TabTcb) => "TCB",
        (Lang::Ko, TabTcb) => "TCB 변수",
        (Lang::En, TabPaths) => "Paths",
        (Lang::Ko, TabPaths) => "경로",
        (Lang::En, TabHosts) => "Hosts",
        (Lang::Ko, TabHosts) => "호스트",
        (Lang::En, TabShare) => "Share",
        (Lang::Ko, TabShare) => "공유",
        (Lang::En, Following) => "Following",
        (Lang::Ko, Following) => "따라가는 소켓",
        (Lang::En, NoTcpYet) => "no TCP socket yet: open one in the console",
        (Lang::Ko, NoTcpYet) => "아직 TCP 소켓이 없습니다: 콘솔에서 만들어 보세요",
        (Lang::En, Network) => "Network",
        (Lang::Ko, Network) => "네트워크",
        (Lang::En, Watch) => "Watch",
        (Lang::Ko, Watch) => "보기",
    }
}

/// `?lesson=typo`: which lessons there are instead.
pub fn unknown_lesson(lang: Lang, id: &str, ids: &[&str]) -> String {
    let list = ids.join(", ");
    match lang {
        Lang::En => format!("No lesson named '{id}'. Lessons: {list}. Free play is open instead."),
        Lang::Ko => format!("'{id}'라는 레슨은 없습니다. 레슨: {list}. 대신 자유 실습을 엽니다."),
    }
}

#[cfg(test)]
mod tests;
