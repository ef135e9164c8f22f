//! IPv4 header fields (RFC 791 §3.1), then hand-off to the transport dissectors.

use std::net::Ipv4Addr;

use super::text::{checksum_verdict, decimal, hex16, hex_bytes};
use super::{icmp, tcp, udp, Layer, Spans};
use crate::wire::bytes::{array_in, u16_in, u8_in};
use crate::wire::ipv4::field::{
    self as f, FLAG_DF, FLAG_MF, FLAG_RESERVED, FRAG_OFFSET_MASK, OPTIONS,
};
use crate::wire::ipv4::IpProtocol;

const L: Layer = Layer::Ipv4;

/// Addresses the transport dissectors need for their pseudo-header checksums.
pub(super) struct Addrs {
    pub(super) src: Ipv4Addr,
    pub(super) dst: Ipv4Addr,
}

pub(super) fn dissect(s: &mut Spans<'_>) -> Option<()> {
    let first = u8_in(s.data, f::VER_IHL)?;
    let version = first >> 4;
    s.at(L, "Version", 0, f::VER_IHL, |_| match version {
        4 => "4".to_string(),
        v => format!("{v} (not IPv4)"),
    })?;
    if version != 4 {
        return None;
    }
    let header_len = usize::from(first & 0x0F) * 4;
    s.at(L, "IHL", 0, f::VER_IHL, |_| {
        let note = if header_len < OPTIONS {
            ", below the 20-byte minimum"
        } else {
            ""
        };
        format!("{} ({header_len} bytes{note})", first & 0x0F)
    })?;
    s.at(L, "Type of Service", 0, f::TOS, |b| {
        // DSCP in the high six bits, ECN in the low two (RFC 3168 §5), as Wireshark splits it.
        let ecn = crate::wire::Ecn::from_bits(b.first().copied().unwrap_or(0));
        format!("0x{} (ECN: {})", hex_bytes(b), ecn.name())
    })?;
    let total_len = usize::from(u16_in(s.data, f::LENGTH)?);
    s.at(L, "Total Length", 0, f::LENGTH, decimal)?;
    s.at(L, "Identification", 0, f::IDENT, hex16)?;
    let frag = u16_in(s.data, f::FLAGS_FRAG)?;
    let flags_byte = f::FLAGS_FRAG.start..f::FLAGS_FRAG.start + 1;
    s.at(L, "Flags", 0, flags_byte, |_| flags_text(frag))?;
    s.at(L, "Fragment Offset", 0, f::FLAGS_FRAG, |_| {
        (frag & FRAG_OFFSET_MASK).to_string()
    })?;
    s.at(L, "TTL", 0, f::TTL, decimal)?;
    let protocol = IpProtocol::from(u8_in(s.data, f::PROTOCOL)?);
    s.at(L, "Protocol", 0, f::PROTOCOL, |b| {
        format!("{} ({protocol})", decimal(b))
    })?;
    let header = s.data.get(..header_len.max(OPTIONS));
    s.at(L, "Header Checksum", 0, f::CHECKSUM, |field| match header {
        Some(h) => checksum_verdict(field, Some(&[h])),
        None => checksum_verdict(field, None),
    })?;
    let addrs = Addrs {
        src: Ipv4Addr::from(array_in::<4>(s.data, f::SRC_ADDR)?),
        dst: Ipv4Addr::from(array_in::<4>(s.data, f::DST_ADDR)?),
    };
    s.at(L, "Source Address", 0, f::SRC_ADDR, |_| {
        addrs.src.to_string()
    })?;
    s.at(L, "Destination Address", 0, f::DST_ADDR, |_| {
        addrs.dst.to_string()
    })?;
    if header_len < OPTIONS {
        return None;
    }
    if header_len > OPTIONS {
        s.at(L, "Options", 0, OPTIONS..header_len, |b| {
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
    let names: Vec<&str> = [
        (FLAG_RESERVED, "reserved"),
        (FLAG_DF, "DF"),
        (FLAG_MF, "MF"),
    ]
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
