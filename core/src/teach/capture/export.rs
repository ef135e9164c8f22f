//! What happened to each packet after it went onto the wire (the user's hands, the
//! path's faults), read from the log, and the pcapng export that carries it as a comment
//! on each packet, so Wireshark shows "dropped by you" next to the segment that never
//! arrived.

use super::Capture;
use crate::ids::PacketId;
use crate::lang::Lang;
use crate::log::{DropReason, EventKind, EventLog, PacketControl};
use crate::time::Duration;
use crate::wire::{LinkType, PcapngWriter};
use std::collections::BTreeMap;

/// One thing that happened to a packet in flight.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    Dropped(DropReason),
    /// The network or the user made copy `copy` of it.
    Duplicated {
        copy: PacketId,
    },
    /// It is a copy of `original`.
    CopyOf {
        original: PacketId,
    },
    Delayed(Duration),
    Held,
    /// The path held it back by `extra`, so later packets may overtake it.
    Reordered(Duration),
    /// The path flipped bit `bit`.
    Corrupted {
        bit: u32,
    },
}

impl Note {
    pub fn message(&self, lang: Lang) -> String {
        let ko = lang == Lang::Ko;
        match self {
            Note::Dropped(r) => match ko {
                false => format!("dropped: {}", crate::teach::explain::drop_reason(lang, r)),
                true => format!("버려짐: {}", crate::teach::explain::drop_reason(lang, r)),
            },
            Note::Duplicated { copy } if ko => format!("복제됨 (사본 #{})", copy.0),
            Note::Duplicated { copy } => format!("duplicated (copy #{})", copy.0),
            Note::CopyOf { original } if ko => format!("#{}의 사본", original.0),
            Note::CopyOf { original } => format!("a copy of #{}", original.0),
            Note::Delayed(by) if ko => format!("사용자가 {by} 지연시킴"),
            Note::Delayed(by) => format!("delayed by you by {by}"),
            Note::Held if ko => "사용자가 보류함".into(),
            Note::Held => "held by you".into(),
            Note::Reordered(extra) if ko => format!("경로가 {extra} 더 늦춤 (순서 바뀜)"),
            Note::Reordered(extra) => format!("held back {extra} by the path (reordered)"),
            Note::Corrupted { bit } if ko => format!("경로가 비트 {bit}을(를) 뒤집음"),
            Note::Corrupted { bit } => format!("bit {bit} flipped on the path"),
        }
    }

    /// A word or two for a badge in the packet list (the message is its tooltip).
    pub fn short(&self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, Note::Dropped(_)) => "dropped",
            (Lang::Ko, Note::Dropped(_)) => "버려짐",
            (Lang::En, Note::Duplicated { .. }) => "duplicated",
            (Lang::Ko, Note::Duplicated { .. }) => "복제됨",
            (Lang::En, Note::CopyOf { .. }) => "copy",
            (Lang::Ko, Note::CopyOf { .. }) => "사본",
            (Lang::En, Note::Delayed(_)) => "delayed",
            (Lang::Ko, Note::Delayed(_)) => "지연됨",
            (Lang::En, Note::Held) => "held",
            (Lang::Ko, Note::Held) => "보류됨",
            (Lang::En, Note::Reordered(_)) => "reordered",
            (Lang::Ko, Note::Reordered(_)) => "순서 바뀜",
            (Lang::En, Note::Corrupted { .. }) => "corrupted",
            (Lang::Ko, Note::Corrupted { .. }) => "손상됨",
        }
    }

    /// Whether the packet never reached its destination.
    pub fn is_drop(&self) -> bool {
        matches!(self, Note::Dropped(_))
    }
}

/// Every packet's notes, from the log (a bounded log keeps only its newest).
pub fn notes(log: &EventLog) -> BTreeMap<PacketId, Vec<Note>> {
    let mut out: BTreeMap<PacketId, Vec<Note>> = BTreeMap::new();
    for e in log.events() {
        let (id, note) = match &e.kind {
            EventKind::PacketDropped { packet, reason } => (*packet, Note::Dropped(reason.clone())),
            EventKind::PacketDuplicated { packet, copy } => {
                out.entry(*copy)
                    .or_default()
                    .push(Note::CopyOf { original: *packet });
                (*packet, Note::Duplicated { copy: *copy })
            }
            EventKind::PacketControlled { packet, control } => match control {
                PacketControl::Delay { by } => (*packet, Note::Delayed(*by)),
                PacketControl::Hold => (*packet, Note::Held),
                PacketControl::Release => continue,
            },
            EventKind::PacketReordered { packet, extra } => (*packet, Note::Reordered(*extra)),
            EventKind::PacketCorrupted { packet, bit } => (*packet, Note::Corrupted { bit: *bit }),
            _ => continue,
        };
        out.entry(id).or_default().push(note);
    }
    out
}

/// The capture as a pcapng file (bare IPv4 datagrams, virtual timestamps) with each
/// packet's notes as its comment, in `lang`. Dropped packets stay in (they were on the
/// wire), their comment saying they never arrived.
pub fn pcapng(capture: &Capture, lang: Lang) -> Vec<u8> {
    let header = match lang {
        Lang::En => "Sockscope run (virtual time). Packet comments say what happened to a packet on the wire: dropped, delayed, duplicated.",
        Lang::Ko => "Sockscope 실행 기록 (가상 시간). 패킷 주석은 선 위에서 패킷에 일어난 일(버림, 지연, 복제)을 알려 줍니다.",
    };
    // A world with a topology captures Ethernet frames: the file is then Ethernet
    // throughout, a bare datagram wrapped as `World::pcap` does.
    let ethernet = capture.rows.iter().any(|r| r.ethernet);
    let link = if ethernet {
        LinkType::Ethernet
    } else {
        LinkType::Raw
    };
    let mut w = PcapngWriter::new(link, Some(header));
    for row in &capture.rows {
        let comment = capture.notes.get(&row.id).map(|notes| {
            notes
                .iter()
                .map(|n| n.message(lang))
                .collect::<Vec<_>>()
                .join("; ")
        });
        let framed;
        let bytes = if ethernet && !row.ethernet {
            framed = crate::wire::EthernetRepr {
                dst: crate::wire::MacAddr::UNSPECIFIED,
                src: crate::wire::MacAddr::UNSPECIFIED,
                ethertype: crate::wire::EtherType::Ipv4,
            }
            .emit(&row.bytes);
            &framed[..]
        } else {
            &row.bytes[..]
        };
        w.push(row.at.micros(), bytes, comment.as_deref());
    }
    w.into_bytes()
}
