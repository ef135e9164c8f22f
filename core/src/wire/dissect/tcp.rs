//! TCP header fields (RFC 9293 §3.1) and options (RFC 9293 §3.2, RFC 7323, RFC 2018).

use super::ipv4::Addrs;
use super::text::{bytes_en, checksum_verdict, decimal, hex_bytes};
use super::{Layer, Spans};
use crate::wire::bytes::{len_u16, u32_at, u8_at, u8_in};
use crate::wire::checksum::pseudo_header;
use crate::wire::tcp::field::{self as f, OPTIONS};
use crate::wire::tcp::{
    TcpFlags, KIND_EOL, KIND_MSS, KIND_NOP, KIND_SACK, KIND_SACK_PERMITTED, KIND_TIMESTAMPS,
    KIND_WINDOW_SCALE,
};

const L: Layer = Layer::Tcp;

pub(super) fn dissect(s: &mut Spans<'_>, base: usize, addrs: &Addrs, whole: bool) -> Option<()> {
    s.at(L, "Source Port", base, f::SRC_PORT, decimal)?;
    s.at(L, "Destination Port", base, f::DST_PORT, decimal)?;
    s.at(L, "Sequence Number", base, f::SEQ_NUM, decimal)?;
    s.at(L, "Acknowledgment Number", base, f::ACK_NUM, decimal)?;
    let header = s.data.get(base..)?;
    let offset = u8_in(header, f::DATA_OFFSET)? >> 4;
    let header_len = usize::from(offset) * 4;
    s.at(L, "Data Offset", base, f::DATA_OFFSET, |_| {
        let note = if header_len < OPTIONS {
            ", below the 20-byte minimum"
        } else {
            ""
        };
        format!("{offset} ({header_len} bytes{note})")
    })?;
    s.at(L, "Control Bits", base, f::FLAGS, |b| {
        let flags = TcpFlags(u8_at(b, 0).unwrap_or(0));
        format!("0x{} ({flags})", hex_bytes(b))
    })?;
    s.at(L, "Window", base, f::WINDOW, decimal)?;
    let segment = s.data.get(base..).unwrap_or(&[]);
    let pseudo = pseudo_header(addrs.src, addrs.dst, 6, len_u16(segment.len()));
    s.at(L, "Checksum", base, f::CHECKSUM, |field| {
        checksum_verdict(field, whole.then_some(&[&pseudo[..], segment][..]))
    })?;
    s.at(L, "Urgent Pointer", base, f::URGENT, decimal)?;
    if header_len < OPTIONS {
        return None;
    }
    if header_len > OPTIONS {
        s.at(L, "Options", base, OPTIONS..header_len, |b| {
            format!("{} bytes", b.len())
        })?;
        options(s, base + OPTIONS, base + header_len)?;
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
            KIND_EOL => {
                s.field(L, "End of Option List", at, 1, |_| String::new())?;
                return Some(());
            }
            KIND_NOP => {
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
        (KIND_MSS, [hi, lo]) => (
            "Maximum Segment Size",
            u16::from_be_bytes([*hi, *lo]).to_string(),
        ),
        (KIND_WINDOW_SCALE, [shift]) => (
            "Window Scale",
            format!("{shift} (multiply by {})", 1u64 << (*shift).min(63)),
        ),
        (KIND_SACK_PERMITTED, []) => ("SACK Permitted", String::new()),
        (KIND_SACK, blocks) if !blocks.is_empty() && blocks.len() % 8 == 0 => {
            let edges: Vec<String> = blocks
                .chunks_exact(8)
                .filter_map(|b| Some(format!("{}-{}", u32_at(b, 0)?, u32_at(b, 4)?)))
                .collect();
            ("SACK", edges.join(", "))
        }
        (KIND_TIMESTAMPS, ts) if ts.len() == 8 => (
            "Timestamps",
            format!(
                "TSval {}, TSecr {}",
                u32_at(ts, 0).unwrap_or(0),
                u32_at(ts, 4).unwrap_or(0)
            ),
        ),
        (KIND_MSS | KIND_WINDOW_SCALE | KIND_SACK_PERMITTED | KIND_SACK | KIND_TIMESTAMPS, _) => {
            ("Malformed Option", format!("kind {kind}: wrong length"))
        }
        _ => return (format!("Option {kind}"), bytes_en(body.len() as u64)),
    };
    (name.to_string(), value)
}
