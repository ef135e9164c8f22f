//! TCP header fields (RFC 9293 §3.1) and options (RFC 9293 §3.2, RFC 7323, RFC 2018).

use super::ipv4::Addrs;
use super::text::{bytes_en, checksum_verdict, decimal, hex_bytes};
use super::{Layer, Spans};
use crate::wire::bytes::{len_u16, u32_at, u8_at};
use crate::wire::checksum::pseudo_header;
use crate::wire::tcp::TcpFlags;

const L: Layer = Layer::Tcp;

pub(super) fn dissect(s: &mut Spans<'_>, base: usize, addrs: &Addrs, whole: bool) -> Option<()> {
    s.field(L, "Source Port", base, 2, decimal)?;
    s.field(L, "Destination Port", base + 2, 2, decimal)?;
    s.field(L, "Sequence Number", base + 4, 4, decimal)?;
    s.field(L, "Acknowledgment Number", base + 8, 4, decimal)?;
    let offset = u8_at(s.data, base + 12)? >> 4;
    let header_len = usize::from(offset) * 4;
    s.field(L, "Data Offset", base + 12, 1, |_| {
        let note = if header_len < 20 {
            ", below the 20-byte minimum"
        } else {
            ""
        };
        format!("{offset} ({header_len} bytes{note})")
    })?;
    s.field(L, "Control Bits", base + 13, 1, |b| {
        let flags = TcpFlags(u8_at(b, 0).unwrap_or(0));
        format!("0x{} ({flags})", hex_bytes(b))
    })?;
    s.field(L, "Window", base + 14, 2, decimal)?;
    let segment = s.data.get(base..).unwrap_or(&[]);
    let pseudo = pseudo_header(addrs.src, addrs.dst, 6, len_u16(segment.len()));
    s.field(L, "Checksum", base + 16, 2, |field| {
        checksum_verdict(field, whole.then_some(&[&pseudo[..], segment][..]))
    })?;
    s.field(L, "Urgent Pointer", base + 18, 2, decimal)?;
    if header_len < 20 {
        return None;
    }
    if header_len > 20 {
        s.field(L, "Options", base + 20, header_len - 20, |b| {
            format!("{} bytes", b.len())
        })?;
        options(s, base + 20, base + header_len)?;
    }
    s.data_from(base + header_len);
    Some(())
}

/// One span per option, following the same rules as `TcpOptions::parse` but showing
/// every option as it appears, padding included, and stopping at the first malformed one.
fn options(s: &mut Spans<'_>, start: usize, end: usize) -> Option<()> {
    let mut at = start;
    while at < end {
        let kind = u8_at(s.data, at)?;
        match kind {
            0 => {
                s.field(L, "End of Option List", at, 1, |_| String::new())?;
                return Some(());
            }
            1 => {
                s.field(L, "No-Operation", at, 1, |_| String::new())?;
                at += 1;
            }
            _ => {
                let len = usize::from(u8_at(s.data, at + 1)?);
                if len < 2 || at + len > end {
                    s.field(L, "Malformed Option", at, end - at, |_| {
                        format!("kind {kind} with impossible length {len}")
                    })?;
                    return None;
                }
                let (name, value) = describe_option(kind, s.data.get(at + 2..at + len)?);
                s.field(L, &name, at, len, |_| value)?;
                at += len;
            }
        }
    }
    Some(())
}

/// Name and value of an option with a length octet; `body` follows the length octet.
fn describe_option(kind: u8, body: &[u8]) -> (String, String) {
    let (name, value) = match (kind, body) {
        (2, [hi, lo]) => (
            "Maximum Segment Size",
            u16::from_be_bytes([*hi, *lo]).to_string(),
        ),
        (3, [shift]) => (
            "Window Scale",
            format!("{shift} (multiply by {})", 1u64 << (*shift).min(63)),
        ),
        (4, []) => ("SACK Permitted", String::new()),
        (5, blocks) if !blocks.is_empty() && blocks.len() % 8 == 0 => {
            let edges: Vec<String> = blocks
                .chunks_exact(8)
                .filter_map(|b| Some(format!("{}-{}", u32_at(b, 0)?, u32_at(b, 4)?)))
                .collect();
            ("SACK", edges.join(", "))
        }
        (8, ts) if ts.len() == 8 => (
            "Timestamps",
            format!(
                "TSval {}, TSecr {}",
                u32_at(ts, 0).unwrap_or(0),
                u32_at(ts, 4).unwrap_or(0)
            ),
        ),
        (2 | 3 | 4 | 5 | 8, _) => ("Malformed Option", format!("kind {kind}: wrong length")),
        _ => return (format!("Option {kind}"), bytes_en(body.len() as u64)),
    };
    (name.to_string(), value)
}
