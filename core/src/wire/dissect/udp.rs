//! UDP header fields (RFC 768).

use super::ipv4::Addrs;
use super::text::{be16, checksum_verdict, decimal};
use super::{Layer, Spans};
use crate::wire::bytes::u16_in;
use crate::wire::checksum::pseudo_header;
use crate::wire::udp::field as f;

const L: Layer = Layer::Udp;

pub(super) fn dissect(s: &mut Spans<'_>, base: usize, addrs: &Addrs, whole: bool) -> Option<()> {
    s.at(L, "Source Port", base, f::SRC_PORT, decimal)?;
    s.at(L, "Destination Port", base, f::DST_PORT, decimal)?;
    let len = u16_in(s.data.get(base..)?, f::LENGTH)?;
    let carried = s.data.len().saturating_sub(base);
    s.at(L, "Length", base, f::LENGTH, |_| {
        if usize::from(len) == carried || !whole {
            len.to_string()
        } else {
            format!("{len} (but IPv4 carries {carried} bytes)")
        }
    })?;
    let datagram = s.data.get(base..).unwrap_or(&[]);
    let pseudo = pseudo_header(addrs.src, addrs.dst, 17, len);
    let verifiable = whole && usize::from(len) == carried;
    s.at(L, "Checksum", base, f::CHECKSUM, |field| {
        if be16(field) == 0 {
            "0x0000 (none: sender did not compute one)".to_string()
        } else {
            checksum_verdict(field, verifiable.then_some(&[&pseudo[..], datagram][..]))
        }
    })?;
    s.data_from(base + f::PAYLOAD);
    Some(())
}
