//! Phrases with numbers or names in them, worded whole per language (Korean word order
//! and particles), and the small labels of the timeline, lessons and panels (`Ui`).

use super::{josa, Lang, Particle};

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
    TabNetwork,
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
        Ui::TabNetwork,
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
        (Lang::En, TabNetwork) => "Network",
        (Lang::Ko, TabNetwork) => "네트워크",
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

/// A queue's tooltip: "R1.eth1 queue: 7 of 20 packets waiting".
pub fn queue_title(lang: Lang, iface: &str, waiting: u32, limit: u32) -> String {
    match lang {
        Lang::En => format!("{iface} queue: {waiting} of {limit} packets waiting"),
        Lang::Ko => format!("{iface} 큐: 패킷 {limit}개 중 {waiting}개 대기 중"),
    }
}

/// Above an Ethernet frame's layers: what the link layer adds.
pub fn frame_line(lang: Lang, len: usize) -> String {
    let payload = len.saturating_sub(14);
    match lang {
        Lang::En => format!("An Ethernet II frame of {len} bytes: a 14-byte header (destination MAC, source MAC, type) before {payload} bytes of payload; the 4-byte FCS at its end is not captured, as in Wireshark."),
        Lang::Ko => format!("{len}바이트 이더넷 II 프레임: {payload}바이트 페이로드 앞에 14바이트 헤더(목적지 MAC, 출발지 MAC, 타입)가 붙습니다. 끝의 4바이트 FCS는 Wireshark처럼 캡처되지 않습니다."),
    }
}

/// Above the comparison of a forwarded frame with the hop before it.
pub fn hop_compare_line(lang: Lang, prev: u64, this: u64) -> String {
    match lang {
        Lang::En => format!("A router forwarded #{prev} as #{this}: a new frame (new MAC addresses, for the next link), the same IP datagram, its TTL one lower and so its header checksum recomputed."),
        Lang::Ko => format!("라우터가 #{prev}를 #{this}로 전달했습니다: 다음 링크를 위한 새 프레임(새 MAC 주소)에 같은 IP 데이터그램을 실었고, TTL이 하나 줄어 헤더 체크섬을 다시 계산했습니다."),
    }
}

/// The Network panel's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetText {
    Title,
    OneSegment,
    Router,
    Host,
    Iface,
    Address,
    Queue,
    Routes,
    NoRoutes,
    Arp,
    NoArp,
    Expires,
    Nat,
    NoNat,
    Inside,
    Public,
    Remote,
    Build,
    Tool,
    Node,
    Prefix,
    Via,
    Settings,
    Run,
}

impl NetText {
    pub const ALL: [NetText; 24] = [
        NetText::Title,
        NetText::OneSegment,
        NetText::Router,
        NetText::Host,
        NetText::Iface,
        NetText::Address,
        NetText::Queue,
        NetText::Routes,
        NetText::NoRoutes,
        NetText::Arp,
        NetText::NoArp,
        NetText::Expires,
        NetText::Nat,
        NetText::NoNat,
        NetText::Inside,
        NetText::Public,
        NetText::Remote,
        NetText::Build,
        NetText::Tool,
        NetText::Node,
        NetText::Prefix,
        NetText::Via,
        NetText::Settings,
        NetText::Run,
    ];
}

pub fn net_panel_text(lang: Lang, k: NetText) -> &'static str {
    use NetText::*;
    match (lang, k) {
        (Lang::En, Title) => "Network: interfaces, routes, ARP",
        (Lang::Ko, Title) => "네트워크: 인터페이스, 경로, ARP",
        (Lang::En, OneSegment) => "Every host shares one Ethernet segment, so each reaches the others directly: no router, no routing table, no ARP to watch. Build a network to see them: router(R1), then cable(A, R1) and cable(R1, B), addr(R1, eth0, 10.0.0.254/24), ... (lessons p and q do it for you).",
        (Lang::Ko, OneSegment) => "모든 호스트가 이더넷 세그먼트 하나를 함께 쓰므로 서로 곧장 닿습니다. 볼 라우터도, 라우팅 테이블도, ARP도 없습니다. 보려면 네트워크를 만들어 보세요: router(R1), 이어서 cable(A, R1)과 cable(R1, B), addr(R1, eth0, 10.0.0.254/24), ... (레슨 p와 q가 대신 만들어 줍니다).",
        (Lang::En, Router) => "router",
        (Lang::Ko, Router) => "라우터",
        (Lang::En, Host) => "host",
        (Lang::Ko, Host) => "호스트",
        (Lang::En, Iface) => "Interface",
        (Lang::Ko, Iface) => "인터페이스",
        (Lang::En, Address) => "IPv4 address",
        (Lang::Ko, Address) => "IPv4 주소",
        (Lang::En, Queue) => "Queue",
        (Lang::Ko, Queue) => "큐",
        (Lang::En, Routes) => "Routing table",
        (Lang::Ko, Routes) => "라우팅 테이블",
        (Lang::En, NoRoutes) => "(no routes: give an interface an address with addr(...))",
        (Lang::Ko, NoRoutes) => "(경로 없음: addr(...)로 인터페이스에 주소를 주세요)",
        (Lang::En, Arp) => "ARP cache",
        (Lang::Ko, Arp) => "ARP 캐시",
        (Lang::En, NoArp) => "(empty: nothing learned yet)",
        (Lang::Ko, NoArp) => "(비어 있음: 아직 배운 것이 없음)",
        (Lang::En, Expires) => "Time left",
        (Lang::Ko, Expires) => "남은 시간",
        (Lang::En, Nat) => "NAT translations",
        (Lang::Ko, Nat) => "NAT 변환 표",
        (Lang::En, NoNat) => "(none yet: they appear as inside hosts connect out)",
        (Lang::Ko, NoNat) => "(아직 없음: 안쪽 호스트가 바깥으로 연결하면 생깁니다)",
        (Lang::En, Inside) => "Inside",
        (Lang::Ko, Inside) => "안쪽",
        (Lang::En, Public) => "Public",
        (Lang::Ko, Public) => "공인",
        (Lang::En, Remote) => "Remote",
        (Lang::Ko, Remote) => "상대",
        (Lang::En, Build) => "Build the network",
        (Lang::Ko, Build) => "네트워크 만들기",
        (Lang::En, Tool) => "Call",
        (Lang::Ko, Tool) => "호출",
        (Lang::En, Node) => "Node",
        (Lang::Ko, Node) => "노드",
        (Lang::En, Prefix) => "Address/prefix",
        (Lang::Ko, Prefix) => "주소/프리픽스",
        (Lang::En, Via) => "Via gateway",
        (Lang::Ko, Via) => "게이트웨이",
        (Lang::En, Settings) => "Link settings",
        (Lang::Ko, Settings) => "링크 설정",
        (Lang::En, Run) => "Write and run",
        (Lang::Ko, Run) => "써서 실행",
    }
}

/// What a header field is for, where one sentence helps (the TCP options, ECN): shown
/// under the field in the inspector.
pub fn field_note(lang: Lang, field: &str) -> Option<&'static str> {
    let ko = lang == Lang::Ko;
    Some(match field {
        "Maximum Segment Size" if ko => "이쪽이 받을 수 있는 가장 큰 세그먼트 데이터 크기입니다(RFC 9293 §3.7.1). SYN에만 실리고, 보내는 쪽은 두 값 중 작은 쪽을 씁니다.",
        "Maximum Segment Size" => "The largest segment payload this side accepts (RFC 9293 §3.7.1). Only in SYNs; each sender uses the smaller of the two.",
        "Window Scale" if ko => "두 SYN 모두에 있어야 켜집니다(RFC 7323 §2). 그 뒤로 모든 윈도우 필드는 보낸 쪽의 값만큼 왼쪽으로 밀어 읽습니다. SYN 자신의 윈도우는 밀지 않습니다.",
        "Window Scale" => "On only if both SYNs carry it (RFC 7323 §2): every later window field is then shifted left by the sender's count. A SYN's own window never is.",
        "SACK Permitted" if ko => "이쪽이 SACK 블록을 받을 수 있다는 뜻입니다(RFC 2018 §2). 두 SYN 모두에 있어야 SACK가 켜집니다.",
        "SACK Permitted" => "This side can read SACK blocks (RFC 2018 §2); SACK is on only if both SYNs carry it.",
        "SACK" if ko => "ACK 너머에서 순서가 어긋나 받은 데이터 구간입니다. 보내는 쪽은 빈 곳만 재전송합니다(RFC 2018, RFC 6675).",
        "SACK" => "Blocks received out of order beyond the ACK: the sender retransmits only the holes (RFC 2018, RFC 6675).",
        "Timestamps" if ko => "TSval은 보낸 쪽의 시계, TSecr는 상대의 값을 되돌려 보낸 것입니다. RTT 측정과 PAWS에 쓰입니다(RFC 7323 §3-5). 두 SYN 모두에 있어야 켜집니다.",
        "Timestamps" => "TSval is the sender's clock, TSecr echoes the peer's: round-trip measurement and PAWS (RFC 7323 §3-5). On only if both SYNs carry it.",
        "No-Operation" if ko => "채움용: 다음 옵션이 4바이트 경계에서 시작하게 합니다.",
        "No-Operation" => "Padding, so that the next option starts on a 4-byte boundary.",
        "End of Option List" if ko => "옵션 목록의 끝입니다.",
        "End of Option List" => "The end of the option list.",
        "Type of Service" if ko => "앞 6비트는 DSCP(우선순위), 뒤 2비트는 ECN입니다. ECT(0)은 전송 계층이 ECN을 안다는 뜻이고, 라우터는 버리는 대신 CE를 표시합니다(RFC 3168).",
        "Type of Service" => "Six bits of DSCP (priority), then two of ECN: ECT(0) says the transport understands ECN, and a router marks CE instead of dropping (RFC 3168).",
        _ => return None,
    })
}

/// Under the inspector's heading, for a packet from a host with a stack profile.
pub fn profile_note(lang: Lang, host: &str, profile: &str, switched: bool) -> String {
    let extra = match (lang, switched) {
        (Lang::En, true) => " (with options switched by sysctl)",
        (Lang::Ko, true) => " (sysctl로 바꾼 옵션 포함)",
        _ => "",
    };
    match lang {
        Lang::En => format!("Sent by {host}, which follows the {profile} profile{extra}: its options, windows and timers are that stack's documented defaults, not only the RFCs'."),
        Lang::Ko => format!("{host} 호스트가 보냄. {profile} 프로파일을 따르므로{extra} 옵션, 윈도우, 타이머가 RFC만이 아니라 그 스택의 문서화된 기본값을 따릅니다."),
    }
}
