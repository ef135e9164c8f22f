//! Relative sequence numbers for the panels that show packets from the log (the ladder,
//! the event log): the same numbers the packet list shows when its toggle is on.

use sockscope_core::log::PacketSummary;
use sockscope_core::teach::capture::SeqBases;
use sockscope_core::{Event, EventKind};
use std::borrow::Cow;

/// The inspector's TCP number fields with the relative value first and the raw one
/// after, as Wireshark writes them ("1 (relative; raw 3019026286)").
pub fn relabel_fields(
    fields: &mut [sockscope_core::wire::dissect::FieldSpan],
    datagram: &[u8],
    bases: &SeqBases,
) {
    let Ok(p) = sockscope_core::wire::IpPacket::parse(datagram) else {
        return;
    };
    let s = PacketSummary::of(&p, datagram.len() as u32);
    let Some((seq, ack)) = bases.relative(&s) else {
        return;
    };
    for f in fields.iter_mut() {
        let rel = match f.name.as_str() {
            "Sequence Number" => Some(seq),
            "Acknowledgment Number" => ack,
            _ => None,
        };
        if let Some(rel) = rel {
            f.value = format!("{rel} (relative; raw {})", f.value);
        }
    }
}

/// A log event as shown: a sent packet's numbers relative when `bases` are given.
pub fn relabel_event<'a>(e: &'a Event, bases: Option<&SeqBases>) -> Cow<'a, Event> {
    match (&e.kind, bases) {
        (
            EventKind::PacketSent {
                summary,
                packet,
                dst,
                arrive_at,
            },
            Some(b),
        ) if summary.seq.is_some() => Cow::Owned(Event {
            kind: EventKind::PacketSent {
                packet: *packet,
                dst: *dst,
                arrive_at: *arrive_at,
                summary: relabel(summary, b),
            },
            ..e.clone()
        }),
        _ => Cow::Borrowed(e),
    }
}

/// `s` with its sequence and acknowledgment numbers (fields and trace text) counted
/// from each side's ISN; unchanged for packets without them.
pub fn relabel(s: &PacketSummary, bases: &SeqBases) -> PacketSummary {
    let Some((seq, ack)) = bases.relative(s) else {
        return s.clone();
    };
    let text = s
        .text()
        .split(' ')
        .map(|w| {
            if w.starts_with("seq=") {
                format!("seq={seq}")
            } else if let (true, Some(a)) = (w.starts_with("ack="), ack) {
                format!("ack={a}")
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut r = s.clone();
    r.seq = Some(seq);
    r.ack = ack.or(s.ack);
    r.with_text(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sockscope_core::wire::IpProtocol;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn tcp(
        src: [u8; 4],
        sp: u16,
        dst: [u8; 4],
        dp: u16,
        flags: u8,
        seq: u32,
        ack: u32,
    ) -> PacketSummary {
        let mut s = PacketSummary::fields(src.into(), dst.into(), IpProtocol::Tcp);
        s.src_port = Some(sp);
        s.dst_port = Some(dp);
        s.tcp_flags = flags;
        (s.seq, s.ack, s.window, s.total_len) = (Some(seq), Some(ack), Some(100), 40);
        s.with_text(format!("x TCP F seq={seq} ack={ack} win=100 len=0"))
    }

    #[test]
    fn the_handshake_reads_zero_zero_one_one() {
        let (a, b) = ([10, 0, 0, 1], [10, 0, 0, 2]);
        let syn = tcp(a, 5, b, 80, 0x02, 1000, 0);
        let synack = tcp(b, 80, a, 5, 0x12, 7000, 1001);
        let ack = tcp(a, 5, b, 80, 0x10, 1001, 7001);
        let mut bases = SeqBases::default();
        for s in [&syn, &synack, &ack] {
            bases.learn(s);
        }
        let r: Vec<(Option<u32>, Option<u32>)> = [&syn, &synack, &ack]
            .iter()
            .map(|s| relabel(s, &bases))
            .map(|s| (s.seq, s.ack))
            .collect();
        assert_eq!(
            r,
            [(Some(0), Some(0)), (Some(0), Some(1)), (Some(1), Some(1))]
        );
        assert_eq!(
            relabel(&ack, &bases).text(),
            "x TCP F seq=1 ack=1 win=100 len=0"
        );
        assert_eq!(
            relabel(&syn, &bases).text(),
            "x TCP F seq=0 ack=0 win=100 len=0"
        );
    }
}
