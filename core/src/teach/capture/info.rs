//! The Info column, written as Wireshark writes it, so what a learner sees here is what
//! they will read in the real tool: `49152 → 80 [SYN] Seq=0 Win=65535 Len=0 MSS=1460`,
//! with the expert marks in brackets in front (`[TCP Retransmission] …`).

use super::Row;
use crate::wire::{IcmpRepr, TcpFlags, TcpRepr, Transport};
use std::fmt::Write as _;

/// Wireshark's order of the flags in brackets.
const FLAG_ORDER: [(TcpFlags, &str); 8] = [
    (TcpFlags::FIN, "FIN"),
    (TcpFlags::SYN, "SYN"),
    (TcpFlags::RST, "RST"),
    (TcpFlags::PSH, "PSH"),
    (TcpFlags::ACK, "ACK"),
    (TcpFlags::URG, "URG"),
    (TcpFlags::ECE, "ECE"),
    (TcpFlags::CWR, "CWR"),
];

/// The flags set, as `SYN, ACK`.
pub fn flag_names(flags: TcpFlags) -> String {
    let names: Vec<&str> = FLAG_ORDER
        .iter()
        .filter(|(f, _)| flags.contains(*f))
        .map(|(_, n)| *n)
        .collect();
    names.join(", ")
}

/// The Info text of `row`; `base` is what to subtract from (seq, ack): (0, 0) for
/// absolute numbers.
/// `shift` is the sender's window scale when its stream scales windows: `Win=` is then
/// the window the field means (Wireshark's calculated window size), not the field.
pub(super) fn info(row: &Row, base: (u32, u32), shift: Option<u8>, marks: bool) -> String {
    let mut s = String::new();
    for m in row.marks.iter().filter(|_| marks) {
        let _ = write!(s, "[{}] ", m.tag());
    }
    let Some(p) = &row.packet else {
        s.push_str("[Malformed packet: a checksum does not match]");
        return s;
    };
    match &p.transport {
        Transport::Tcp(t) => tcp(&mut s, t, base, shift),
        Transport::Udp(u) => {
            let _ = write!(s, "{} → {} Len={}", u.src_port, u.dst_port, u.payload.len());
        }
        Transport::Icmp(i) => icmp(&mut s, i, p.ip.ttl),
        Transport::Other(raw) => {
            let _ = write!(s, "{} ({} bytes)", p.protocol(), raw.len());
        }
    }
    s
}

fn tcp(s: &mut String, t: &TcpRepr, (own, peer): (u32, u32), shift: Option<u8>) {
    let _ = write!(
        s,
        "{} → {} [{}] Seq={}",
        t.src_port,
        t.dst_port,
        flag_names(t.flags),
        t.seq.0.wrapping_sub(own)
    );
    if t.flags.contains(TcpFlags::ACK) {
        let _ = write!(s, " Ack={}", t.ack.0.wrapping_sub(peer));
    }
    // RFC 7323 §2.3: a SYN's window is never scaled.
    let window = match shift {
        Some(k) if !t.flags.contains(TcpFlags::SYN) => u64::from(t.window) << k,
        _ => u64::from(t.window),
    };
    let _ = write!(s, " Win={window} Len={}", t.payload.len());
    let o = &t.options;
    if let Some(mss) = o.mss {
        let _ = write!(s, " MSS={mss}");
    }
    if let Some(ws) = o.window_scale {
        let _ = write!(s, " WS={}", 1u32 << ws.min(14));
    }
    if o.sack_permitted {
        s.push_str(" SACK_PERM");
    }
    if let Some((val, ecr)) = o.timestamp {
        let _ = write!(s, " TSval={val} TSecr={ecr}");
    }
    for (l, r) in &o.sack_blocks {
        let _ = write!(
            s,
            " SLE={} SRE={}",
            l.0.wrapping_sub(peer),
            r.0.wrapping_sub(peer)
        );
    }
}

fn icmp(s: &mut String, i: &IcmpRepr, ttl: u8) {
    let _ = match i {
        IcmpRepr::EchoRequest { ident, seq, .. } => write!(
            s,
            "Echo (ping) request  id=0x{ident:04x}, seq={seq}, ttl={ttl}"
        ),
        IcmpRepr::EchoReply { ident, seq, .. } => write!(
            s,
            "Echo (ping) reply    id=0x{ident:04x}, seq={seq}, ttl={ttl}"
        ),
        IcmpRepr::DestUnreachable { code, .. } => {
            write!(s, "Destination unreachable ({code})")
        }
        IcmpRepr::TimeExceeded { .. } => {
            write!(
                s,
                "Time-to-live exceeded (Time to live exceeded in transit)"
            )
        }
        other => write!(s, "{other}"),
    };
}
