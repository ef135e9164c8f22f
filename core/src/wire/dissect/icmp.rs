//! ICMP fields (RFC 792).

use super::text::{checksum_verdict, decimal, hex_bytes};
use super::{Layer, Spans};
use crate::wire::bytes::u8_at;
use crate::wire::icmp::{parse_original, DestUnreachableCode};

const L: Layer = Layer::Icmp;

pub(super) fn dissect(s: &mut Spans<'_>, base: usize, whole: bool) -> Option<()> {
    let kind = u8_at(s.data, base)?;
    let code = u8_at(s.data, base + 1);
    s.field(L, "Type", base, 1, |_| {
        format!("{kind} ({})", type_name(kind))
    })?;
    s.field(L, "Code", base + 1, 1, |_| {
        let code = code.unwrap_or(0);
        match kind {
            3 => format!("{code} ({})", DestUnreachableCode::from(code)),
            11 if code == 0 => "0 (TTL exceeded in transit)".to_string(),
            11 if code == 1 => "1 (fragment reassembly time exceeded)".to_string(),
            _ => code.to_string(),
        }
    })?;
    let message = s.data.get(base..).unwrap_or(&[]);
    s.field(L, "Checksum", base + 2, 2, |field| {
        checksum_verdict(field, whole.then_some(&[message][..]))
    })?;
    match kind {
        0 | 8 => {
            s.field(L, "Identifier", base + 4, 2, decimal)?;
            s.field(L, "Sequence Number", base + 6, 2, decimal)?;
            s.data_from(base + 8);
        }
        3 | 11 => {
            s.field(L, "Unused", base + 4, 4, |b| format!("0x{}", hex_bytes(b)))?;
            let len = s.data.len().saturating_sub(base + 8);
            if len > 0 {
                s.field(L, "Original Datagram", base + 8, len, quoted)?;
            }
        }
        _ => {
            s.field(L, "Rest of Header", base + 4, 4, |b| {
                format!("0x{}", hex_bytes(b))
            })?;
            s.data_from(base + 8);
        }
    }
    Some(())
}

/// Type names as RFC 792 gives them.
fn type_name(kind: u8) -> &'static str {
    match kind {
        0 => "Echo Reply",
        3 => "Destination Unreachable",
        4 => "Source Quench",
        5 => "Redirect",
        8 => "Echo Request",
        11 => "Time Exceeded",
        12 => "Parameter Problem",
        13 => "Timestamp",
        14 => "Timestamp Reply",
        15 => "Information Request",
        16 => "Information Reply",
        _ => "unknown",
    }
}

/// A one-line reading of the quoted header + 8 bytes (RFC 792).
fn quoted(bytes: &[u8]) -> String {
    match parse_original(bytes) {
        Ok((ip, head)) => match (head.get(..2), head.get(2..4)) {
            (Some(sp), Some(dp)) if matches!(ip.protocol.number(), 6 | 17) => format!(
                "{}:{} > {}:{} {} ({} bytes quoted)",
                ip.src,
                decimal(sp),
                ip.dst,
                decimal(dp),
                ip.protocol,
                bytes.len()
            ),
            _ => format!(
                "{} > {} {} ({} bytes quoted)",
                ip.src,
                ip.dst,
                ip.protocol,
                bytes.len()
            ),
        },
        Err(_) => format!("{} bytes, not a readable IPv4 header", bytes.len()),
    }
}
