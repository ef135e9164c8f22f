//! UDP header fields (RFC 768).

use super::ipv4::Addrs;
use super::text::{be16, checksum_verdict, decimal};
use super::{Layer, Spans};
use crate::wire::bytes::u16_at;
use crate::wire::checksum::pseudo_header;

const L: Layer = Layer::Udp;

pub(super) fn dissect(s: &mut Spans<'_>, base: usize, addrs: &Addrs, whole: bool) -> Option<()> {
    s.field(L, "Source Port", base, 2, decimal)?;
    s.field(L, "Destination Port", base + 2, 2, decimal)?;
    let len = u16_at(s.data, base + 4)?;
    let carried = s.data.len().saturating_sub(base);
    s.field(L, "Length", base + 4, 2, |_| {
        if usize::from(len) == carried || !whole {
            len.to_string()
        } else {
            format!("{len} (but IPv4 carries {carried} bytes)")
        }
    })?;
    let datagram = s.data.get(base..).unwrap_or(&[]);
    let pseudo = pseudo_header(addrs.src, addrs.dst, 17, len);
    let verifiable = whole && usize::from(len) == carried;
    s.field(L, "Checksum", base + 6, 2, |field| {
        if be16(field) == 0 {
            "0x0000 (none: sender did not compute one)".to_string()
        } else {
            checksum_verdict(field, verifiable.then_some(&[&pseudo[..], datagram][..]))
        }
    })?;
    s.data_from(base + 8);
    Some(())
}
