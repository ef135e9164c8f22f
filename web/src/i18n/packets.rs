//! The packet list's words (Wireshark's panel, in English and Korean). A block of its own
//! so other panels' keys never collide with it.

use super::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pk {
    Tab,
    ListLabel,
    No,
    Time,
    Source,
    Destination,
    Protocol,
    Length,
    Info,
    FilterLabel,
    FilterPlaceholder,
    Relative,
    Follow,
    FollowHint,
    Back,
    FilterStream,
    Client,
    Server,
    Empty,
    NoData,
    Truncated,
    Pcapng,
    Inspect,
    Marks,
}

impl Pk {
    pub const ALL: &'static [Pk] = &[
        Pk::Tab,
        Pk::ListLabel,
        Pk::No,
        Pk::Time,
        Pk::Source,
        Pk::Destination,
        Pk::Protocol,
        Pk::Length,
        Pk::Info,
        Pk::FilterLabel,
        Pk::FilterPlaceholder,
        Pk::Relative,
        Pk::Follow,
        Pk::FollowHint,
        Pk::Back,
        Pk::FilterStream,
        Pk::Client,
        Pk::Server,
        Pk::Empty,
        Pk::NoData,
        Pk::Truncated,
        Pk::Pcapng,
        Pk::Inspect,
        Pk::Marks,
    ];
}

pub fn pk(lang: Lang, k: Pk) -> &'static str {
    use Pk::*;
    match (lang, k) {
        (Lang::En, Tab) => "Packets",
        (Lang::Ko, Tab) => "패킷 목록",
        (Lang::En, ListLabel) => "Packet list: up and down arrows move the selection",
        (Lang::Ko, ListLabel) => "패킷 목록: 위·아래 화살표로 선택을 옮깁니다",
        (Lang::En, No) => "No.",
        (Lang::Ko, No) => "번호",
        (Lang::En, Time) => "Time",
        (Lang::Ko, Time) => "시간",
        (Lang::En, Source) => "Source",
        (Lang::Ko, Source) => "출발지",
        (Lang::En, Destination) => "Destination",
        (Lang::Ko, Destination) => "목적지",
        (Lang::En, Protocol) => "Protocol",
        (Lang::Ko, Protocol) => "프로토콜",
        (Lang::En, Length) => "Length",
        (Lang::Ko, Length) => "길이",
        (Lang::En, Info) => "Info",
        (Lang::Ko, Info) => "정보",
        (Lang::En, FilterLabel) => "Display filter",
        (Lang::Ko, FilterLabel) => "표시 필터",
        (Lang::En, FilterPlaceholder) => {
            "e.g. tcp.flags.syn==1, ip.addr==10.0.0.2, tcp.analysis.flags"
        }
        (Lang::Ko, FilterPlaceholder) => {
            "예: tcp.flags.syn==1, ip.addr==10.0.0.2, tcp.analysis.flags"
        }
        (Lang::En, Relative) => "Relative sequence numbers",
        (Lang::Ko, Relative) => "상대 순서 번호",
        (Lang::En, Follow) => "Follow TCP stream",
        (Lang::Ko, Follow) => "TCP 스트림 따라가기",
        (Lang::En, FollowHint) => "Select a TCP packet to follow its stream",
        (Lang::Ko, FollowHint) => "스트림을 따라가려면 TCP 패킷을 고르세요",
        (Lang::En, Back) => "Back to the list",
        (Lang::Ko, Back) => "목록으로 돌아가기",
        (Lang::En, FilterStream) => "Filter on this stream",
        (Lang::Ko, FilterStream) => "이 스트림만 보기",
        (Lang::En, Client) => "client",
        (Lang::Ko, Client) => "클라이언트",
        (Lang::En, Server) => "server",
        (Lang::Ko, Server) => "서버",
        (Lang::En, Empty) => {
            "No packets captured yet: packets appear here as they go onto the wire."
        }
        (Lang::Ko, Empty) => {
            "아직 잡힌 패킷이 없습니다: 패킷이 선에 오르는 대로 여기에 나타납니다."
        }
        (Lang::En, NoData) => "No data was sent on this connection yet.",
        (Lang::Ko, NoData) => "이 연결로는 아직 보낸 데이터가 없습니다.",
        (Lang::En, Truncated) => "Only the first megabyte is shown.",
        (Lang::Ko, Truncated) => "처음 1메가바이트만 보여 줍니다.",
        (Lang::En, Pcapng) => "Download pcapng",
        (Lang::Ko, Pcapng) => "pcapng 내려받기",
        (Lang::En, Inspect) => "Inspect",
        (Lang::Ko, Inspect) => "자세히 보기",
        (Lang::En, Marks) => "Expert analysis",
        (Lang::Ko, Marks) => "전문가 분석",
    }
}

/// "12 of 40 packets shown".
pub fn shown(lang: Lang, shown: usize, total: usize) -> String {
    match lang {
        Lang::En => format!("{shown} of {total} packets shown"),
        Lang::Ko => format!("패킷 {total}개 중 {shown}개 표시"),
    }
}

/// The follow view's line for one side: "client 10.0.0.1:49152 → 10.0.0.2:80: 12 bytes".
pub fn side_line(lang: Lang, client: bool, from: &str, to: &str, bytes: u64) -> String {
    let who = pk(lang, if client { Pk::Client } else { Pk::Server });
    match lang {
        Lang::En => format!("{who} {from} → {to}: {bytes} bytes"),
        Lang::Ko => format!("{who} {from} → {to}: {bytes}바이트"),
    }
}

/// The follow view's title: "TCP stream 0".
pub fn stream_title(lang: Lang, stream: u32) -> String {
    match lang {
        Lang::En => format!("TCP stream {stream}"),
        Lang::Ko => format!("TCP 스트림 {stream}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_packet_list_word_differs_in_korean_and_has_hangul() {
        for k in Pk::ALL {
            let (en, ko) = (pk(Lang::En, *k), pk(Lang::Ko, *k));
            assert!(!en.is_empty() && en != ko, "{k:?}");
            assert!(
                ko.chars().any(|c| ('가'..='힣').contains(&c)),
                "{k:?}: {ko}"
            );
        }
        assert_eq!(shown(Lang::Ko, 2, 40), "패킷 40개 중 2개 표시");
    }
}
