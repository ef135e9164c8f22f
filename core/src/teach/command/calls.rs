//! The console's vocabulary: one table of calls (name, the other names it answers to,
//! how many arguments it takes and how it is used). The parser finds calls here, checks
//! their arguments against it, and builds its "unknown call" help (with a did-you-mean)
//! and its usage messages from it, so a call added here is known everywhere at once.

use crate::call::CallName;
use crate::lang::Lang;

/// One call of the console language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallSpec {
    /// Which call (the one vocabulary of calls, see [`crate::call`]).
    pub call: CallName,
    /// The name the console prints: `call`'s.
    pub name: &'static str,
    /// Other names it reads (`write` for `send`, the BSD constant spellings).
    pub aliases: &'static [&'static str],
    pub min_args: u8,
    /// `None` for any number (path settings).
    pub max_args: Option<u8>,
    /// What the arguments are, in words.
    pub takes: &'static str,
    /// A line that works.
    pub example: &'static str,
    /// `takes` in Korean.
    pub takes_ko: &'static str,
    /// What the call does, in one line, for `help(call)`.
    pub about: &'static str,
    pub about_ko: &'static str,
}

/// In the table: any number of arguments.
const ANY: u8 = u8::MAX;

const fn call(
    call: CallName,
    aliases: &'static [&'static str],
    (min_args, max_args): (u8, u8),
    takes: &'static str,
    example: &'static str,
    (takes_ko, about, about_ko): (&'static str, &'static str, &'static str),
) -> CallSpec {
    CallSpec {
        call,
        name: call.as_str(),
        aliases,
        min_args,
        max_args: if max_args == ANY {
            None
        } else {
            Some(max_args)
        },
        takes,
        example,
        takes_ko,
        about,
        about_ko,
    }
}

/// Every call, the host's socket calls first, then the stage's: one row per
/// [`CallName`], in its order (a test checks).
pub const CALLS: &[CallSpec] = &[
    call(
        CallName::Socket,
        &[],
        (1, 1),
        "one argument: tcp or udp",
        "socket(tcp)",
        (
            "인자 하나: tcp 또는 udp",
            "creates a socket on the host and returns its number",
            "호스트에 소켓을 만들고 그 번호를 돌려줍니다",
        ),
    ),
    call(
        CallName::Bind,
        &[],
        (2, 2),
        "a socket and an address",
        "bind(s, 10.0.0.1:80)",
        (
            "소켓과 주소",
            "gives the socket its local address and port",
            "소켓에 로컬 주소와 포트를 정해 줍니다",
        ),
    ),
    call(
        CallName::Listen,
        &[],
        (1, 2),
        "a socket and an optional backlog",
        "listen(s, 5)",
        (
            "소켓과 (선택) backlog",
            "makes a TCP socket wait for connections",
            "TCP 소켓이 연결을 기다리게 합니다",
        ),
    ),
    call(
        CallName::Accept,
        &[],
        (1, 1),
        "one listening socket",
        "accept(s)",
        (
            "listen 중인 소켓 하나",
            "takes a waiting connection from a listening socket as a new socket",
            "listen 중인 소켓에서 기다리는 연결을 새 소켓으로 꺼냅니다",
        ),
    ),
    call(
        CallName::Connect,
        &[],
        (2, 2),
        "a socket and an address",
        "connect(c, 10.0.0.1:80)",
        (
            "소켓과 주소",
            "starts a connection to an address (TCP sends a SYN)",
            "주소로 연결을 시작합니다 (TCP는 SYN을 보냅니다)",
        ),
    ),
    call(
        CallName::Send,
        &["write"],
        (2, 2),
        "a socket and a string or a byte count",
        "send(c, \"hello\")",
        (
            "소켓과 문자열 또는 바이트 수",
            "hands bytes to the socket to send to its peer",
            "상대에게 보낼 바이트를 소켓에 넘깁니다",
        ),
    ),
    call(
        CallName::Recv,
        &["read"],
        (1, 2),
        "a socket and an optional byte count",
        "recv(t, 100)",
        (
            "소켓과 (선택) 바이트 수",
            "reads the bytes that have arrived on the socket",
            "소켓에 도착한 바이트를 읽습니다",
        ),
    ),
    call(
        CallName::SendTo,
        &[],
        (3, 3),
        "a socket, a string and an address",
        "sendto(u, \"hi\", 10.0.0.2:53)",
        (
            "소켓, 문자열, 주소",
            "sends one UDP datagram to an address",
            "UDP 데이터그램 하나를 주소로 보냅니다",
        ),
    ),
    call(
        CallName::RecvFrom,
        &[],
        (1, 2),
        "a socket and an optional byte count",
        "recvfrom(u)",
        (
            "소켓과 (선택) 바이트 수",
            "reads one UDP datagram and who sent it",
            "UDP 데이터그램 하나와 보낸 쪽을 읽습니다",
        ),
    ),
    call(
        CallName::Shutdown,
        &[],
        (2, 2),
        "a socket and read, write or both",
        "shutdown(c, write)",
        (
            "소켓과 read, write, both 중 하나",
            "closes one direction of a connection (write sends a FIN)",
            "연결의 한 방향을 닫습니다 (write는 FIN을 보냅니다)",
        ),
    ),
    call(
        CallName::Close,
        &[],
        (1, 1),
        "one socket",
        "close(c)",
        (
            "소켓 하나",
            "closes the socket (TCP says goodbye with a FIN)",
            "소켓을 닫습니다 (TCP는 FIN으로 작별합니다)",
        ),
    ),
    call(
        CallName::GetSockName,
        &[],
        (1, 1),
        "one socket",
        "getsockname(s)",
        (
            "소켓 하나",
            "shows the socket's local address and port",
            "소켓의 로컬 주소와 포트를 보여 줍니다",
        ),
    ),
    call(
        CallName::GetPeerName,
        &[],
        (1, 1),
        "one socket",
        "getpeername(c)",
        (
            "소켓 하나",
            "shows the address and port of the socket's peer",
            "소켓이 연결된 상대의 주소와 포트를 보여 줍니다",
        ),
    ),
    call(
        CallName::Abort,
        &[],
        (1, 1),
        "one socket",
        "abort(c)",
        (
            "소켓 하나",
            "closes the connection at once with an RST",
            "RST로 연결을 즉시 끊습니다",
        ),
    ),
    call(
        CallName::ReuseAddr,
        &["setreuseaddr"],
        (2, 2),
        "a socket and on or off",
        "reuseaddr(s, on)",
        (
            "소켓과 on 또는 off",
            "lets bind reuse a port still in TIME-WAIT (SO_REUSEADDR)",
            "TIME-WAIT에 남은 포트도 bind할 수 있게 합니다 (SO_REUSEADDR)",
        ),
    ),
    call(
        CallName::NoDelay,
        &["tcp_nodelay", "setnodelay"],
        (2, 2),
        "a socket and on or off",
        "nodelay(c, on)",
        (
            "소켓과 on 또는 off",
            "turns Nagle's algorithm off (on) or back on (off): TCP_NODELAY",
            "네이글 알고리즘을 끄거나(on) 다시 켭니다(off): TCP_NODELAY",
        ),
    ),
    call(
        CallName::Ping,
        &[],
        (1, 1),
        "an address",
        "ping(10.0.0.2)",
        (
            "주소 하나",
            "sends an ICMP echo request to an address",
            "주소로 ICMP 에코 요청을 보냅니다",
        ),
    ),
    call(
        CallName::Spawn,
        &[],
        (2, 2),
        "a name and an address",
        "spawn(C, 10.0.0.3)",
        (
            "이름과 주소",
            "adds a host to the network",
            "네트워크에 호스트를 더합니다",
        ),
    ),
    call(
        CallName::Remove,
        &[],
        (1, 1),
        "a host name",
        "remove(C)",
        (
            "호스트 이름",
            "takes a host off the network",
            "네트워크에서 호스트를 뺍니다",
        ),
    ),
    call(
        CallName::Path,
        &[],
        (2, ANY),
        "two hosts and settings (one way)",
        "path(A, B, delay=20ms, loss=5%)",
        (
            "호스트 둘과 설정 (한 방향)",
            "sets delay, loss and more from one host to another",
            "한 호스트에서 다른 호스트로 가는 지연, 손실 등을 정합니다",
        ),
    ),
    call(
        CallName::Link,
        &[],
        (2, ANY),
        "two hosts and settings (both ways)",
        "link(A, B, delay=20ms)",
        (
            "호스트 둘과 설정 (양방향)",
            "sets delay, loss and more both ways between two hosts",
            "두 호스트 사이 양방향의 지연, 손실 등을 정합니다",
        ),
    ),
    call(
        CallName::Packet,
        &[],
        (2, 2),
        "a packet number and drop, hold, release, duplicate or delay=200ms",
        "packet(17, drop)",
        (
            "패킷 번호와 drop, hold, release, duplicate 또는 delay=200ms",
            "drops, holds, releases, duplicates or delays one packet in flight",
            "날아가는 패킷 하나를 버리거나, 붙잡거나, 놓아주거나, 복제하거나, 늦춥니다",
        ),
    ),
    call(
        CallName::Router,
        &[],
        (1, 1),
        "a name",
        "router(R1)",
        (
            "이름 하나",
            "adds a router: a node that forwards packets between its interfaces",
            "라우터를 추가합니다: 인터페이스 사이에서 패킷을 전달하는 노드입니다",
        ),
    ),
    call(
        CallName::Cable,
        &["switch"],
        (2, ANY),
        "two or more nodes, then optional rate=, delay=, queue= and mtu=",
        "cable(A, R1, rate=10Mbps, delay=5ms, queue=20)",
        (
            "노드 둘 이상과 (선택) rate=, delay=, queue=, mtu=",
            "joins two nodes with a cable, or three or more through a switch; each end gets an interface",
            "두 노드를 케이블로 잇거나, 셋 이상을 스위치로 묶습니다. 끝마다 인터페이스가 생깁니다",
        ),
    ),
    call(
        CallName::Addr,
        &[],
        (3, 3),
        "a node, an interface and an address with its prefix",
        "addr(R1, eth1, 10.0.2.1/24)",
        (
            "노드, 인터페이스, 프리픽스를 붙인 주소",
            "gives an interface its IPv4 address and subnet",
            "인터페이스에 IPv4 주소와 서브넷을 줍니다",
        ),
    ),
    call(
        CallName::Route,
        &[],
        (1, 2),
        "a node, then optionally add PREFIX via GATEWAY or del PREFIX",
        "route(R1, add 10.0.2.0/24 via 10.0.12.2)",
        (
            "노드와 (선택) add 프리픽스 via 게이트웨이 또는 del 프리픽스",
            "prints a node's routing table, or adds or deletes a static route",
            "노드의 라우팅 테이블을 보여 주거나 정적 경로를 더하고 지웁니다",
        ),
    ),
    call(
        CallName::Arp,
        &[],
        (1, 1),
        "a node",
        "arp(A)",
        (
            "노드 하나",
            "prints a node's ARP cache: which MAC address each neighbour has",
            "노드의 ARP 캐시를 보여 줍니다: 이웃마다 어떤 MAC 주소인지",
        ),
    ),
    call(
        CallName::Traceroute,
        &[],
        (2, 3),
        "a node, a destination address and optionally the most hops",
        "traceroute(A, 10.0.2.5)",
        (
            "노드, 목적지 주소, (선택) 최대 홉 수",
            "sends probes with TTL 1, 2, 3, ...: each router where one dies answers, naming the path",
            "TTL을 1, 2, 3, ...으로 늘린 탐침을 보냅니다: 탐침이 죽는 라우터마다 응답해 경로가 드러납니다",
        ),
    ),
    call(
        CallName::Profile,
        &["stack"],
        (2, 2),
        "a host and rfc, linux or freebsd",
        "profile(A, linux)",
        (
            "호스트와 rfc, linux 또는 freebsd",
            "makes a host's new connections follow a stack's defaults (timers, options, CUBIC)",
            "호스트의 새 연결이 그 스택의 기본값(타이머, 옵션, CUBIC)을 따르게 합니다",
        ),
    ),
    call(
        CallName::Nat,
        &[],
        (1, 2),
        "a router and its outside interface, or the router alone to print its table",
        "nat(R1, eth1)",
        (
            "라우터와 바깥쪽 인터페이스, 또는 표를 볼 라우터 하나",
            "makes a router translate addresses (NAPT, RFC 3022): inside hosts share the outside interface's address, told apart by ports; nat(R1) prints the translations",
            "라우터가 주소를 변환하게 합니다(NAPT, RFC 3022): 안쪽 호스트들이 바깥 인터페이스의 주소 하나를 포트로 구분해 함께 씁니다. nat(R1)은 변환 표를 보여 줍니다",
        ),
    ),
    call(
        CallName::Sysctl,
        &[],
        (1, 2),
        "a host and optionally name=value",
        "sysctl(A, net.ipv4.tcp_ecn=1)",
        (
            "호스트와 (선택) 이름=값",
            "shows or switches the TCP options a host offers, by the kernel's names: tcp_ecn (0 off, 1 ask, 2 answer), tcp_sack, tcp_timestamps, tcp_window_scaling",
            "호스트가 제안하는 TCP 옵션을 커널의 이름으로 보거나 켜고 끕니다: tcp_ecn (0 끔, 1 요청, 2 응답만), tcp_sack, tcp_timestamps, tcp_window_scaling",
        ),
    ),
];

impl CallSpec {
    /// Whether `n` arguments suit the call.
    pub fn takes_args(&self, n: usize) -> bool {
        n >= usize::from(self.min_args) && self.max_args.is_none_or(|m| n <= usize::from(m))
    }
}

/// The table's row for a call.
pub fn spec(call: CallName) -> &'static CallSpec {
    &CALLS[call as usize]
}

/// The call a name (or alias) stands for.
pub fn find(name: &str) -> Option<&'static CallSpec> {
    CALLS
        .iter()
        .find(|c| c.name == name || c.aliases.contains(&name))
}

/// Edit distance (insertions, deletions, substitutions), over at most a call name's
/// length of `name`: a typo's cost, bounded however long the typed word is.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(b.len() + 3).collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

/// The call a mistyped name most likely meant, if one is close (at most two edits, or a
/// different case).
pub fn suggest(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    CALLS
        .iter()
        .flat_map(|c| {
            std::iter::once(c.name)
                .chain(c.aliases.iter().copied())
                .map(move |n| (n, c.name))
        })
        .map(|(n, canonical)| (distance(&lower, n), canonical))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The message for a call the console does not know, in `lang`.
pub fn unknown(name: &str, lang: Lang) -> String {
    let all = CALLS.iter().map(|c| c.name).collect::<Vec<_>>().join(", ");
    let hint = suggest(name);
    match lang {
        Lang::En => {
            let hint = hint.map_or(String::new(), |s| format!("did you mean {s}? "));
            format!("unknown call \"{name}\": {hint}the calls are {all}")
        }
        Lang::Ko => {
            let hint = hint.map_or(String::new(), |s| format!("'{s}'을(를) 말씀하신 건가요? "));
            format!("알 수 없는 호출 '{name}': {hint}호출은 {all}입니다")
        }
    }
}

/// The console's `help`: every call with its usage; `help(call)` for one call's usage
/// and what it does. `None` when `topic` names no call.
pub fn help(topic: Option<&str>, lang: Lang) -> Option<String> {
    let Some(topic) = topic else {
        let list = CALLS
            .iter()
            .map(|c| c.example)
            .collect::<Vec<_>>()
            .join("  ");
        return Some(match lang {
            Lang::En => format!("calls: {list}. help(call) explains one, like help(connect)"),
            Lang::Ko => format!("호출: {list}. help(호출)로 하나를 설명합니다. 예: help(connect)"),
        });
    };
    let c = find(topic.trim())?;
    Some(match lang {
        Lang::En => format!(
            "{}: {}. It takes {}, like {}",
            c.name, c.about, c.takes, c.example
        ),
        Lang::Ko => format!(
            "{}: {}. 인자는 {}입니다. 예: {}",
            c.name, c.about_ko, c.takes_ko, c.example
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn typos_get_a_suggestion_and_strangers_do_not() {
        assert_eq!(suggest("conect"), Some("connect"));
        assert_eq!(suggest("SEND"), Some("send"));
        assert_eq!(suggest("rcv"), Some("recv"));
        assert_eq!(suggest("wirte"), Some("send"));
        assert_eq!(suggest("frobnicate"), None);
        assert!(unknown("lisen", Lang::En).contains("did you mean listen?"));
        assert!(!unknown("zzz", Lang::En).contains("did you mean"));
        assert!(
            unknown("conect", Lang::Ko).starts_with("알 수 없는 호출 'conect': 'connect'을(를)")
        );
    }

    /// The table has one row for every name of the vocabulary, in order, so
    /// `spec(name)` finds each.
    #[test]
    fn the_table_has_every_call_name_once_in_order() {
        let names: Vec<CallName> = CALLS.iter().map(|c| c.call).collect();
        assert_eq!(names, CallName::ALL);
        for c in CallName::ALL {
            assert_eq!(spec(c).name, c.as_str());
        }
    }

    #[test]
    fn every_example_names_its_own_call() {
        for c in CALLS {
            assert!(c.example.starts_with(&format!("{}(", c.name)), "{c:?}");
            assert!(c.max_args.is_none_or(|m| c.min_args <= m), "{c:?}");
            for other in CALLS.iter().filter(|o| o.name != c.name) {
                assert!(
                    !other.aliases.contains(&c.name),
                    "{} is also an alias",
                    c.name
                );
            }
        }
    }
}
