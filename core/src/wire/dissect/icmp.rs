//! ICMP fields (RFC 792).

use super::text::{checksum_verdict, decimal, hex_bytes};
use super::{Layer, Spans};
use crate::wire::bytes::u8_in;
use crate::wire::icmp::field as f;
use crate::wire::icmp::{
    parse_original, DestUnreachableCode, TYPE_DEST_UNREACHABLE, TYPE_ECHO_REPLY, TYPE_ECHO_REQUEST,
    TYPE_TIME_EXCEEDED,
};

const L: Layer = Layer::Icmp;

pub(super) fn dissect(s: &mut Spans<'_>, base: usize, whole: bool) -> Option<()> {
    let message = s.data.get(base..)?;
    let kind = u8_in(message, f::TYPE)?;
    let code = u8_in(message, f::CODE);
    s.at(L, "Type", base, f::TYPE, |_| {
        format!("{kind} ({})", type_name(kind))
    })?;
    s.at(L, "Code", base, f::CODE, |_| {
        let code = code.unwrap_or(0);
        match kind {
            TYPE_DEST_UNREACHABLE => format!("{code} ({})", DestUnreachableCode::from(code)),
            TYPE_TIME_EXCEEDED if code == 0 => "0 (TTL exceeded in transit)".to_string(),
            TYPE_TIME_EXCEEDED if code == 1 => "1 (fragment reassembly time exceeded)".to_string(),
            _ => code.to_string(),
        }
    })?;
    s.at(L, "Checksum", base, f::CHECKSUM, |field| {
        checksum_verdict(field, whole.then_some(&[message][..]))
    })?;
    match kind {
        TYPE_ECHO_REPLY | TYPE_ECHO_REQUEST => {
            s.at(L, "Identifier", base, f::ECHO_IDENT, decimal)?;
            s.at(L, "Sequence Number", base, f::ECHO_SEQ, decimal)?;
            s.data_from(base + f::DATA);
        }
        TYPE_DEST_UNREACHABLE | TYPE_TIME_EXCEEDED => {
            let frag_needed = kind == TYPE_DEST_UNREACHABLE && code == Some(4);
            if frag_needed {
                // RFC 1191 §4: the low half of the word is the next hop's MTU.
                let unused = f::REST_OF_HEADER.start..f::NEXT_HOP_MTU.start;
                s.at(L, "Unused", base, unused, |b| format!("0x{}", hex_bytes(b)))?;
                s.at(L, "Next-Hop MTU", base, f::NEXT_HOP_MTU, decimal)?;
            } else {
                s.at(L, "Unused", base, f::REST_OF_HEADER, |b| {
                    format!("0x{}", hex_bytes(b))
                })?;
            }
            let len = s.data.len().saturating_sub(base + f::DATA);
            if len > 0 {
                s.field(L, "Original Datagram", base + f::DATA, len, quoted)?;
            }
        }
        _ => {
            s.at(L, "Rest of Header", base, f::REST_OF_HEADER, |b| {
                format!("0x{}", hex_bytes(b))
            })?;
            s.data_from(base + f::DATA);
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
