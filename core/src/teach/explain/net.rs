//! The internet layer's events in words (ARP, forwarding, ICMP, traceroute, topology
//! changes), English and Korean side by side.

use super::{josa, Lang, Particle};
use crate::log::{DropReason, EventKind, NetChange};

/// An ICMP type and code as people say them (RFC 792).
pub fn icmp_name(lang: Lang, kind: u8, code: u8) -> String {
    let (en, ko) = match (kind, code) {
        (11, _) => ("time exceeded", "시간 초과(TTL 만료)"),
        (3, 0) => ("net unreachable", "네트워크 도달 불가"),
        (3, 1) => ("host unreachable", "호스트 도달 불가"),
        (3, 2) => ("protocol unreachable", "프로토콜 도달 불가"),
        (3, 3) => ("port unreachable", "포트 도달 불가"),
        (3, 4) => ("fragmentation needed", "단편화 필요"),
        (3, _) => ("destination unreachable", "목적지 도달 불가"),
        _ => ("ICMP message", "ICMP 메시지"),
    };
    match lang {
        Lang::En => format!("{en} (type {kind}, code {code})"),
        Lang::Ko => format!("{ko} (유형 {kind}, 코드 {code})"),
    }
}

/// Why a packet was dropped, for the internet layer's reasons; `None` for the others.
pub fn drop_reason(lang: Lang, r: &DropReason) -> Option<String> {
    let ko = lang == Lang::Ko;
    Some(match r {
        DropReason::NoRoute { dst } if ko => {
            format!("라우팅 테이블에 {dst}(으)로 가는 경로가 없음")
        }
        DropReason::NoRoute { dst } => format!("no route to {dst} in the routing table"),
        DropReason::TtlExpired if ko => {
            "TTL이 다 되어 라우터가 버림 (ICMP 시간 초과로 응답)".into()
        }
        DropReason::TtlExpired => {
            "its TTL ran out at a router (answered with ICMP time exceeded)".into()
        }
        DropReason::ArpUnresolved { next_hop } if ko => {
            format!("ARP로 다음 홉 {next_hop}의 MAC 주소를 끝내 찾지 못함")
        }
        DropReason::ArpUnresolved { next_hop } => {
            format!("ARP unresolved: nobody answered for the next hop {next_hop}")
        }
        DropReason::QueueFull { iface, queued } if ko => {
            format!("{iface}의 큐가 가득 참 (패킷 {queued}개 대기 중): 뒤에 온 패킷을 버림")
        }
        DropReason::QueueFull { iface, queued } => {
            format!("queue full on {iface} ({queued} packets waiting): dropped at the tail")
        }
        DropReason::TooBig { mtu } if ko => format!(
            "링크의 MTU {mtu}바이트보다 크고 단편화 금지(DF)라서 버림: 출발지에 ICMP 단편화 필요로 알림"
        ),
        DropReason::TooBig { mtu } => format!(
            "bigger than the link's MTU of {mtu} bytes with Don't Fragment set: the source is told \"fragmentation needed\""
        ),
        DropReason::NoNatMapping if ko => {
            "바깥에서 공인 주소로 왔지만 이를 기다리는 NAT 변환이 없음: 응답 없이 버림 (요청하지 않은 연결)".into()
        }
        DropReason::NoNatMapping => {
            "came from outside for the public address, but no NAT translation expects it: dropped without an answer (unsolicited)".into()
        }
        DropReason::NoLink { iface } if ko => format!("{iface}에 연결된 링크가 없음"),
        DropReason::NoLink { iface } => format!("{iface} is plugged into no link"),
        _ => return None,
    })
}

/// One internet-layer event in plain language; `None` for the other kinds.
pub fn describe(lang: Lang, who: &str, kind: &EventKind) -> Option<String> {
    let ko = lang == Lang::Ko;
    let subj = josa(who, Particle::IGa);
    Some(match kind {
        EventKind::ArpRequest { packet, iface, target, sender, attempt } if ko => format!(
            "{subj} {iface}에서 #{} ARP 요청을 브로드캐스트: \"{target}은(는) 누구? {sender}에게 알려 줘\" ({attempt}번째)",
            packet.0
        ),
        EventKind::ArpRequest { packet, iface, target, sender, attempt } => format!(
            "{who} broadcast ARP request #{} on {iface}: \"who has {target}? tell {sender}\" (try {attempt})",
            packet.0
        ),
        EventKind::ArpReply { packet, addr, mac, to, .. } if ko => {
            format!("{subj} {to}에게 #{} ARP 응답: \"{addr}은(는) {mac}에 있음\"", packet.0)
        }
        EventKind::ArpReply { packet, addr, mac, to, .. } => {
            format!("{who} sent ARP reply #{} to {to}: \"{addr} is at {mac}\"", packet.0)
        }
        EventKind::ArpLearned { iface, addr, mac } if ko => {
            format!("{subj} ARP 캐시에 {addr} → {mac} ({iface}) 저장")
        }
        EventKind::ArpLearned { iface, addr, mac } => {
            format!("{who} cached {addr} → {mac} on {iface} (ARP)")
        }
        EventKind::ArpExpired { addr, mac, .. } if ko => {
            format!("{who}의 ARP 캐시 항목 {addr} → {mac}이(가) 오래되어 지워짐")
        }
        EventKind::ArpExpired { addr, mac, .. } => {
            format!("{who}'s ARP entry {addr} → {mac} aged out")
        }
        EventKind::ArpGaveUp { addr, tries, dropped, .. } if ko => format!(
            "{subj} ARP 요청을 {tries}번 보냈지만 {addr}의 응답이 없어 기다리던 패킷 {dropped}개를 버림"
        ),
        EventKind::ArpGaveUp { addr, tries, dropped, .. } => format!(
            "{who} got no ARP answer for {addr} after {tries} requests: {dropped} waiting packets dropped"
        ),
        EventKind::Forwarded { packet, ttl_before, ttl_after, iface, next_hop } if ko => format!(
            "라우터 {subj} {} 전달: TTL {ttl_before} → {ttl_after}, {iface}에서 다음 홉 {next_hop}에게 새 프레임으로",
            josa(&format!("#{}", packet.0), Particle::EulReul)
        ),
        EventKind::Forwarded { packet, ttl_before, ttl_after, iface, next_hop } => format!(
            "router {who} forwarded #{}: TTL {ttl_before} → {ttl_after}, out of {iface} to next hop {next_hop} in a new frame",
            packet.0
        ),
        EventKind::IcmpSent { to, kind, code } if ko => {
            format!("{subj} {to}에게 ICMP {} 전송", icmp_name(lang, *kind, *code))
        }
        EventKind::IcmpSent { to, kind, code } => {
            format!("{who} sent ICMP {} to {to}", icmp_name(lang, *kind, *code))
        }
        EventKind::IcmpReceived { from, kind, code } if ko => {
            format!("{from}에서 ICMP {}이(가) {who}에게 도착", icmp_name(lang, *kind, *code))
        }
        EventKind::IcmpReceived { from, kind, code } => {
            format!("ICMP {} from {from} reached {who}", icmp_name(lang, *kind, *code))
        }
        EventKind::TraceHop { ttl, from, rtt, reached } if ko => {
            let end = if *reached { " (목적지 도착)" } else { "" };
            format!("traceroute {ttl}번째 홉: {from}, {}ms{end}", rtt.micros() as f64 / 1000.0)
        }
        EventKind::TraceHop { ttl, from, rtt, reached } => {
            let end = if *reached { " (destination reached)" } else { "" };
            format!("traceroute hop {ttl}: {from}, {} ms{end}", rtt.micros() as f64 / 1000.0)
        }
        EventKind::TopologyChanged { change } => change_text(lang, who, change),
        EventKind::PathMtu { mtu, mss } if ko => format!(
            "경로 MTU가 {mtu}바이트라서 {who}의 TCP 연결이 세그먼트를 {mss}바이트 이하로 줄임 (RFC 1191)"
        ),
        EventKind::PathMtu { mtu, mss } => format!(
            "the path carries at most {mtu} bytes: {who}'s TCP connection now sends segments of at most {mss} bytes (RFC 1191)"
        ),
        EventKind::NatMapped {
            protocol,
            inside,
            public,
            remote,
        } if ko => format!(
            "{who}의 새 NAT 변환: 안쪽 {protocol} {inside} → 공인 {public}, 상대 {remote} (RFC 3022)"
        ),
        EventKind::NatMapped {
            protocol,
            inside,
            public,
            remote,
        } => format!(
            "{who} made a NAT translation: {protocol} {inside} is seen by {remote} as {public} (RFC 3022)"
        ),
        EventKind::EcnMarked {
            packet,
            iface,
            queued,
            limit,
        } if ko => format!(
            "{who}의 {iface} 큐가 차는 중({queued}/{limit}): 패킷 #{}을 버리는 대신 \
             CE(혼잡 경험)로 표시함 (RFC 3168 §5)",
            packet.0
        ),
        EventKind::EcnMarked {
            packet,
            iface,
            queued,
            limit,
        } => format!(
            "{who}'s queue on {iface} is building ({queued} of {limit}): packet #{} \
             marked CE (congestion experienced) instead of dropped (RFC 3168 §5)",
            packet.0
        ),
        _ => return None,
    })
}

fn change_text(lang: Lang, who: &str, c: &NetChange) -> String {
    let ko = lang == Lang::Ko;
    match c {
        NetChange::RouterAdded { name } if ko => {
            format!("라우터 {} 추가됨", josa(name, Particle::IGa))
        }
        NetChange::RouterAdded { name } => format!("router {name} added"),
        NetChange::LinkAdded { link, ends } if ko => {
            format!("링크 {link}: {} 연결", ends.join(" ↔ "))
        }
        NetChange::LinkAdded { link, ends } => format!("link {link} joins {}", ends.join(" ↔ ")),
        NetChange::AddressSet { iface, addr, len } if ko => {
            format!("{who}.{iface}의 주소: {addr}/{len}")
        }
        NetChange::AddressSet { iface, addr, len } => format!("{who}.{iface} now has {addr}/{len}"),
        NetChange::RouteAdded { route } if ko => format!("{who}의 경로 추가: {route}"),
        NetChange::RouteAdded { route } => format!("{who} added route: {route}"),
        NetChange::RouteRemoved { route } if ko => format!("{who}의 경로 삭제: {route}"),
        NetChange::RouteRemoved { route } => format!("{who} removed route: {route}"),
        NetChange::TraceStarted { dst, probes } if ko => {
            format!(
                "{subj} {dst}까지 traceroute 시작 (탐침 {probes}개)",
                subj = josa(who, Particle::IGa)
            )
        }
        NetChange::TraceStarted { dst, probes } => {
            format!("{who} started a traceroute to {dst} ({probes} probes)")
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use crate::log::{EventKind, NetChange};
    use crate::network::PacketId;
    use crate::time::Duration;
    use crate::wire::MacAddr;
    use std::net::Ipv4Addr;

    /// One event of each internet-layer kind, for the explanations' tests.
    pub fn one_of_each(packet: PacketId, addr: Ipv4Addr) -> Vec<EventKind> {
        let iface = || crate::topology::Iface(0);
        let mac = MacAddr::local(1, 0);
        let mut kinds = vec![
            EventKind::ArpRequest {
                packet,
                iface: iface(),
                target: addr,
                sender: addr,
                attempt: 2,
            },
            EventKind::ArpReply {
                packet,
                iface: iface(),
                addr,
                mac,
                to: addr,
            },
            EventKind::ArpLearned {
                iface: iface(),
                addr,
                mac,
            },
            EventKind::ArpExpired {
                iface: iface(),
                addr,
                mac,
            },
            EventKind::ArpGaveUp {
                iface: iface(),
                addr,
                tries: 3,
                dropped: 1,
            },
            EventKind::Forwarded {
                packet,
                ttl_before: 64,
                ttl_after: 63,
                iface: iface(),
                next_hop: addr,
            },
            EventKind::IcmpSent {
                to: addr,
                kind: 11,
                code: 0,
            },
            EventKind::IcmpReceived {
                from: addr,
                kind: 3,
                code: 3,
            },
            EventKind::TraceHop {
                ttl: 2,
                from: addr,
                rtt: Duration::from_millis(20),
                reached: true,
            },
            EventKind::PathMtu {
                mtu: 1000,
                mss: 960,
            },
            EventKind::EcnMarked {
                packet: PacketId(7),
                iface: iface(),
                queued: 10,
                limit: 20,
            },
            EventKind::NatMapped {
                protocol: crate::wire::IpProtocol::Tcp,
                inside: crate::endpoint::Endpoint::new(addr, 40000),
                public: crate::endpoint::Endpoint::new(addr, 40001),
                remote: crate::endpoint::Endpoint::new(addr, 80),
            },
        ];
        for change in [
            NetChange::RouterAdded { name: "R1".into() },
            NetChange::LinkAdded {
                link: 1,
                ends: vec!["A.eth0".into(), "R1.eth0".into()],
            },
            NetChange::AddressSet {
                iface: iface(),
                addr,
                len: 24,
            },
            NetChange::RouteAdded {
                route: "default via 10.0.1.1 dev eth0".into(),
            },
            NetChange::RouteRemoved {
                route: "default via 10.0.1.1 dev eth0".into(),
            },
            NetChange::TraceStarted {
                dst: addr,
                probes: 16,
            },
        ] {
            kinds.push(EventKind::TopologyChanged { change });
        }
        kinds
    }
}
