//! Labels with a value in them (screen-reader names, filter options) and form errors, in
//! each language's word order.

use super::{josa, Lang, Particle};
use sockscope_core::endpoint::AddrParseError;
use sockscope_core::host::HostError;

/// The remove button's label for host `name`: "Remove A", "A 제거".
pub fn remove_host(lang: Lang, name: &str) -> String {
    match lang {
        Lang::En => format!("Remove {name}"),
        Lang::Ko => format!("{name} 제거"),
    }
}

/// A packet's screen-reader label: "packet #3 SYN", "패킷 #3 SYN".
pub fn packet_label(lang: Lang, id: u64, what: &str) -> String {
    match lang {
        Lang::En => format!("packet #{id} {what}"),
        Lang::Ko => format!("패킷 #{id} {what}"),
    }
}

/// An event kind's name in the log's kind filter; `name` is one of `EventKind::NAMES`
/// (the option's value stays that name, only the text shown is translated).
pub fn kind_label(lang: Lang, name: &str) -> &str {
    let ko = match name {
        "host-spawned" => "호스트 추가",
        "host-removed" => "호스트 제거",
        "path-changed" => "경로 설정 변경",
        "packet-sent" => "패킷 전송",
        "packet-duplicated" => "패킷 복제",
        "packet-reordered" => "패킷 순서 바뀜",
        "packet-corrupted" => "패킷 손상",
        "packet-controlled" => "패킷 조작",
        "packet-delivered" => "패킷 도착",
        "packet-dropped" => "패킷 버려짐",
        "user-call" => "소켓 호출",
        "datagram-queued" => "데이터그램 대기",
        "socket-error" => "소켓 오류",
        "echo-replied" => "핑 응답",
        "echo-received" => "핑 응답 도착",
        "reset-sent" => "RST 전송",
        "state-changed" => "상태 변화",
        "tcp" => "TCP 동작",
        "connection-forked" => "새 연결",
        "syn-dropped" => "SYN 버려짐",
        "arp-request" => "ARP 요청",
        "arp-reply" => "ARP 응답",
        "arp-learned" => "ARP 캐시 저장",
        "arp-expired" => "ARP 캐시 만료",
        "arp-gave-up" => "ARP 실패",
        "forwarded" => "라우터 전달",
        "icmp-sent" => "ICMP 오류 전송",
        "icmp-received" => "ICMP 오류 도착",
        "trace-hop" => "경로 추적 홉",
        "topology-changed" => "토폴로지 변경",
        "path-mtu" => "경로 MTU",
        "ecn-marked" => "ECN 혼잡 표시",
        "nat-mapped" => "NAT 변환 생성",
        _ => return name,
    };
    match lang {
        Lang::En => name,
        Lang::Ko => ko,
    }
}

/// A host form error in the chosen language (English is the core's own message).
pub fn host_error(lang: Lang, e: &HostError) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    match e {
        HostError::Address(a) => addr_error_ko(a),
        HostError::Unspecified => {
            "0.0.0.0은 \"모든 주소\"라는 뜻이라 한 호스트의 주소가 될 수 없습니다".into()
        }
        HostError::Broadcast => "255.255.255.255는 네트워크의 모두에게 가는 브로드캐스트 주소라 한 호스트의 주소가 될 수 없습니다".into(),
        HostError::Multicast => "224.0.0.0부터 239.255.255.255까지는 멀티캐스트 그룹 주소라 호스트에 줄 수 없습니다".into(),
        HostError::Loopback => "127.x.x.x는 루프백 주소라 호스트 밖으로 나가지 않아 다른 호스트가 닿을 수 없습니다".into(),
        HostError::AddressTaken { addr, by } => format!(
            "{} 이미 호스트 {by}의 주소입니다. 두 호스트가 한 주소를 쓰면 네트워크가 헷갈립니다",
            josa(&addr.to_string(), Particle::EunNeun)
        ),
        HostError::NameTaken { name } => {
            format!("{} 이름의 호스트가 이미 있습니다", quoted(name, Particle::IGa))
        }
        HostError::BadName { name } => format!(
            "{} 호스트 이름으로 쓸 수 없습니다. 글자, 숫자, 하이픈(-), 밑줄(_)로 1~32자를 쓰세요",
            quoted(name, Particle::EunNeun)
        ),
        HostError::UnknownHost => "그런 호스트가 없습니다".into(),
    }
}

fn addr_error_ko(e: &AddrParseError) -> String {
    match e {
        AddrParseError::MalformedAddress(s) => format!(
            "{} IPv4 주소가 아닙니다. 10.0.0.1처럼 0~255의 숫자 네 개를 점으로 이어 쓰세요",
            quoted(s, Particle::EunNeun)
        ),
        AddrParseError::MissingPort(s) => {
            format!("\"{s}\"에 포트가 없습니다. 10.0.0.1:80처럼 주소:포트로 쓰세요")
        }
        AddrParseError::BadPort(s) => format!(
            "{} 포트가 아닙니다. 포트는 0부터 65535까지의 16비트 숫자입니다",
            quoted(s, Particle::EunNeun)
        ),
    }
}

/// `"text"` in quotes with its particle, chosen by the text inside the quotes.
fn quoted(text: &str, p: Particle) -> String {
    josa(&format!("\"{text}\""), p)
}

/// The path form's errors: a field that is not a number, or out of range.
pub fn not_a_number(lang: Lang, field: &str, text: &str) -> String {
    match lang {
        Lang::En => format!("{field}: \"{text}\" is not a number"),
        Lang::Ko => format!(
            "{field}: {} 숫자가 아닙니다",
            quoted(text, Particle::EunNeun)
        ),
    }
}

/// See [`not_a_number`].
pub fn out_of_range(lang: Lang, field: &str, v: f64, max: f64, unit: &str) -> String {
    match lang {
        Lang::En => format!("{field}: {v} is outside 0 to {max} {unit}"),
        Lang::Ko => format!(
            "{field}: {} 0~{max} {unit} 범위를 벗어납니다",
            josa(&v.to_string(), Particle::EunNeun)
        ),
    }
}
