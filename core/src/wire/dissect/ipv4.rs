//! IPv4 header fields (RFC 791 §3.1), then hand-off to the transport dissectors.

use std::net::Ipv4Addr;

use super::text::{checksum_verdict, decimal, hex16, hex_bytes};
use super::{icmp, tcp, udp, Layer, Spans};
use crate::wire::bytes::{array, u16_at, u8_at};
use crate::wire::ipv4::IpProtocol;

const L: Layer = Layer::Ipv4;

/// Addresses the transport dissectors need for their pseudo-header checksums.
pub(super) struct Addrs {
    pub(super) src: Ipv4Addr,
    pub(super) dst: Ipv4Addr,
}

pub(super) fn dissect(s: &mut Spans<'_>) -> Option<()> {
    let first = u8_at(s.data, 0)?;
    let version = first >> 4;
    s.field(L, "Version", 0, 1, |_| match version {
        4 => "4".to_string(),
        v => format!("{v} (not IPv4)"),
    })?;
    if version != 4 {
        return None;
    }
    let header_len = usize::from(first & 0x0F) * 4;
    s.field(L, "IHL", 0, 1, |_| {
        let note = if header_len < 20 {
            ", below the 20-byte minimum"
        } else {
            ""
        };
        format!("{} ({header_len} bytes{note})", first & 0x0F)
    })?;
    s.field(L, "Type of Service", 1, 1, |b| {
        format!("0x{}", hex_bytes(b))
    })?;
    let total_len = usize::from(u16_at(s.data, 2)?);
    s.field(L, "Total Length", 2, 2, decimal)?;
    s.field(L, "Identification", 4, 2, hex16)?;
    let frag = u16_at(s.data, 6)?;
    s.field(L, "Flags", 6, 1, |_| flags_text(frag))?;
    s.field(L, "Fragment Offset", 6, 2, |_| (frag & 0x1FFF).to_string())?;
    s.field(L, "TTL", 8, 1, decimal)?;
    let protocol = IpProtocol::from(u8_at(s.data, 9)?);
    s.field(L, "Protocol", 9, 1, |b| {
        format!("{} ({protocol})", decimal(b))
    })?;
    let header = s.data.get(..header_len.max(20));
    s.field(L, "Header Checksum", 10, 2, |field| match header {
        Some(h) => checksum_verdict(field, Some(&[h])),
        None => checksum_verdict(field, None),
    })?;
    let addrs = Addrs {
        src: Ipv4Addr::from(array::<4>(s.data, 12)?),
        dst: Ipv4Addr::from(array::<4>(s.data, 16)?),
    };
    s.field(L, "Source Address", 12, 4, |_| addrs.src.to_string())?;
    s.field(L, "Destination Address", 16, 4, |_| addrs.dst.to_string())?;
    if header_len < 20 {
        return None;
    }
    if header_len > 20 {
        s.field(L, "Options", 20, header_len - 20, |b| {
            format!("{} bytes", b.len())
        })?;
    }
    // Total Length bounds the datagram; trailing bytes are not part of it. A captured
    // datagram shorter than Total Length is dissected as far as it goes.
    if total_len >= header_len {
        s.data = s.data.get(..total_len).unwrap_or(s.data);
    }
    let captured_whole = s.data.len() == total_len;
    match protocol {
        IpProtocol::Tcp => tcp::dissect(s, header_len, &addrs, captured_whole),
        IpProtocol::Udp => udp::dissect(s, header_len, &addrs, captured_whole),
        IpProtocol::Icmp => icmp::dissect(s, header_len, captured_whole),
        IpProtocol::Other(_) => {
            s.data_from(header_len);
            Some(())
        }
    }
}

/// RFC 791 §3.1 "Flags": bit 0 reserved, bit 1 DF, bit 2 MF.
fn flags_text(frag: u16) -> String {
    let names: Vec<&str> = [(0x8000, "reserved"), (0x4000, "DF"), (0x2000, "MF")]
        .into_iter()
        .filter(|(bit, _)| frag & bit != 0)
        .map(|(_, name)| name)
        .collect();
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}
