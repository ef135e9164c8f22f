//! A `>` line against the segment the stack sent: the fields packetdrill checks (flags,
//! sequence and acknowledgment numbers relative to the ISNs, window, urgent pointer,
//! options, payload length), and a side-by-side table when they differ.

use super::ast::{flags_text, Segment, TcpOpt};
use crate::wire::{TcpOptions, TcpRepr};

/// The sent segment in the script's terms: numbers relative to the two ISNs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub flags: u8,
    pub seq: u32,
    pub len: u32,
    pub ack: u32,
    pub win: u16,
    pub urg: u16,
    pub options: Vec<TcpOpt>,
}

impl Seen {
    /// `local_isn` and `remote_isn` are what relative numbers count from.
    pub fn of(seg: &TcpRepr, local_isn: u32, remote_isn: u32) -> Seen {
        Seen {
            flags: seg.flags.0,
            seq: seg.seq.0.wrapping_sub(local_isn),
            len: u32::try_from(seg.payload.len()).unwrap_or(u32::MAX),
            ack: seg.ack.0.wrapping_sub(remote_isn),
            win: seg.window,
            urg: seg.urgent,
            options: options_of(&seg.options, remote_isn),
        }
    }

    /// The segment as a packetdrill line would write it.
    pub fn line(&self) -> String {
        let mut s = format!(
            "{} {}:{}({})",
            flags_text(self.flags),
            self.seq,
            self.seq.wrapping_add(self.len),
            self.len
        );
        if self.flags & 0x10 != 0 {
            s.push_str(&format!(" ack {}", self.ack));
        }
        s.push_str(&format!(" win {}", self.win));
        if !self.options.is_empty() {
            s.push_str(&format!(" <{}>", options_text(&self.options)));
        }
        s
    }
}

/// Our options as the script would list them (without padding NOPs).
fn options_of(o: &TcpOptions, remote_isn: u32) -> Vec<TcpOpt> {
    let mut v = Vec::new();
    if let Some(m) = o.mss {
        v.push(TcpOpt::Mss(m));
    }
    if let Some(w) = o.window_scale {
        v.push(TcpOpt::WScale(w));
    }
    if o.sack_permitted {
        v.push(TcpOpt::SackOk);
    }
    if let Some((val, ecr)) = o.timestamp {
        v.push(TcpOpt::Ts { val, ecr });
    }
    if !o.sack_blocks.is_empty() {
        let rel = |s: crate::wire::SeqNumber| s.0.wrapping_sub(remote_isn);
        v.push(TcpOpt::Sack(
            o.sack_blocks
                .iter()
                .map(|(l, r)| (rel(*l), rel(*r)))
                .collect(),
        ));
    }
    v
}

pub fn options_text(opts: &[TcpOpt]) -> String {
    let parts: Vec<String> = opts
        .iter()
        .map(|o| match o {
            TcpOpt::Nop => "nop".into(),
            TcpOpt::Eol => "eol".into(),
            TcpOpt::Mss(m) => format!("mss {m}"),
            TcpOpt::WScale(w) => format!("wscale {w}"),
            TcpOpt::SackOk => "sackOK".into(),
            TcpOpt::Sack(b) => {
                let blocks: Vec<String> = b.iter().map(|(l, r)| format!("{l}:{r}")).collect();
                format!("sack {}", blocks.join(" "))
            }
            TcpOpt::Ts { val, ecr } => format!("TS val {val} ecr {ecr}"),
            TcpOpt::Other(n) => n.clone(),
        })
        .collect();
    parts.join(",")
}

/// The options that carry meaning, in a fixed order, for comparison: padding (nop, eol)
/// dropped, TS val ignored (it is the sender's clock, which packetdrill cannot predict
/// either without its own arithmetic).
fn canonical(opts: &[TcpOpt]) -> Vec<TcpOpt> {
    let mut v: Vec<TcpOpt> = opts
        .iter()
        .filter(|o| !matches!(o, TcpOpt::Nop | TcpOpt::Eol))
        .map(|o| match o {
            TcpOpt::Ts { ecr, .. } => TcpOpt::Ts { val: 0, ecr: *ecr },
            other => other.clone(),
        })
        .collect();
    v.sort_by_key(|o| match o {
        TcpOpt::Mss(_) => 0,
        TcpOpt::WScale(_) => 1,
        TcpOpt::SackOk => 2,
        TcpOpt::Ts { .. } => 3,
        TcpOpt::Sack(_) => 4,
        _ => 5,
    });
    v
}

/// One row of the comparison: field, expected, actual, whether they agree.
pub type Row = (&'static str, String, String, bool);

/// Compares; `lenient` ignores options altogether. Returns every row and whether all agree.
pub fn compare(want: &Segment, got: &Seen, lenient: bool) -> (Vec<Row>, bool) {
    let mut rows: Vec<Row> = vec![
        (
            "flags",
            flags_text(want.flags),
            flags_text(got.flags),
            want.flags == got.flags,
        ),
        (
            "seq",
            want.seq.to_string(),
            got.seq.to_string(),
            want.seq == got.seq,
        ),
        (
            "length",
            want.len.to_string(),
            got.len.to_string(),
            want.len == got.len,
        ),
    ];
    if let Some(a) = want.ack {
        rows.push(("ack", a.to_string(), got.ack.to_string(), a == got.ack));
    }
    if let Some(w) = want.win {
        rows.push(("window", w.to_string(), got.win.to_string(), w == got.win));
    }
    if let Some(u) = want.urg {
        rows.push(("urgent", u.to_string(), got.urg.to_string(), u == got.urg));
    }
    let actual = options_text(&got.options);
    match (&want.options, lenient) {
        (_, true) => rows.push(("options", "(ignored)".into(), actual, true)),
        (Some(None), false) => rows.push(("options", "...".into(), actual, true)),
        (Some(Some(w)), false) => {
            let ok = canonical(w) == canonical(&got.options);
            rows.push(("options", options_text(w), actual, ok));
        }
        (None, false) => {
            let ok = got.options.is_empty();
            rows.push(("options", "(none)".into(), actual, ok));
        }
    }
    let ok = rows.iter().all(|r| r.3);
    (rows, ok)
}

/// Rows as a table: field, expected, actual, and a marker on the ones that differ.
pub fn table(rows: &[Row]) -> String {
    let mut s = format!("    {:<9} {:<34} {}\n", "field", "expected", "actual");
    for (name, want, got, ok) in rows {
        let mark = if *ok { " " } else { "≠" };
        s.push_str(&format!("  {mark} {name:<9} {want:<34} {got}\n"));
    }
    s
}
