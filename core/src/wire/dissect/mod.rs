//! Field-by-field breakdown of a datagram for the UI's packet inspector.
//!
//! Unlike [`crate::wire::IpPacket::parse`], the dissector never rejects: a learner looking
//! at a corrupted or truncated packet wants to see what *is* there, with the checksum
//! marked wrong, rather than an error. It stops quietly where the bytes run out.

mod icmp;
mod ipv4;
mod link;
mod tcp;
mod text;

pub use text::{bytes_en, escape_bytes};
mod udp;

use crate::wire::bytes::{len_u32, Field};

pub use link::{dissect_frame, FrameLayer};

/// Which protocol a field belongs to, so the UI can colour and group spans.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Layer {
    /// RFC 791.
    Ipv4,
    /// RFC 9293.
    Tcp,
    /// RFC 768.
    Udp,
    /// RFC 792.
    Icmp,
    /// Application data, or the payload of a protocol the dissector does not know.
    Payload,
}

/// One field of a datagram (or, from [`dissect_frame`], of a frame): where its bytes are
/// and what they say.
///
/// Offsets are in whole bytes from the start of the datagram; a field narrower than a byte
/// (Version, IHL, Flags, Data Offset, Control Bits) spans the byte(s) it lives in, so
/// several spans may overlap. `L` is the set of layers: [`Layer`] for a bare datagram,
/// [`FrameLayer`] for an Ethernet frame, which adds the link layer and ARP.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct FieldSpan<L = Layer> {
    pub layer: L,
    /// The field's name as its RFC spells it.
    pub name: String,
    /// First byte, counted from the start of the datagram.
    pub offset: u32,
    pub len: u32,
    pub value: String,
}

/// Every field of `datagram` that is fully present, in wire order.
pub fn dissect(datagram: &[u8]) -> Vec<FieldSpan> {
    let mut spans = Spans {
        data: datagram,
        out: Vec::new(),
    };
    let _ = ipv4::dissect(&mut spans);
    spans.out
}

/// The bytes being dissected and the spans found so far.
struct Spans<'a, L = Layer> {
    /// The bytes still in scope; the IPv4 layer narrows this to Total Length.
    data: &'a [u8],
    out: Vec<FieldSpan<L>>,
}

impl<L: From<Layer>> Spans<'_, L> {
    /// Records the field at `at..at + len` if all of its bytes are present, describing it
    /// with `describe`; `None` (the dissector's "stop here") if it is cut off.
    fn field(
        &mut self,
        layer: impl Into<L>,
        name: &str,
        at: usize,
        len: usize,
        describe: impl FnOnce(&[u8]) -> String,
    ) -> Option<()> {
        let bytes = self.data.get(at..at.checked_add(len)?)?;
        let value = describe(bytes);
        self.out.push(FieldSpan {
            layer: layer.into(),
            name: name.to_string(),
            offset: len_u32(at),
            len: len_u32(len),
            value,
        });
        Some(())
    }

    /// Records the header field `field` of a header that starts at `base`: the offsets
    /// come from the same `field` modules the parsers and emitters use.
    fn at(
        &mut self,
        layer: impl Into<L>,
        name: &str,
        base: usize,
        field: Field,
        describe: impl FnOnce(&[u8]) -> String,
    ) -> Option<()> {
        let len = field.len();
        self.field(layer, name, base.checked_add(field.start)?, len, describe)
    }

    /// Records everything from `at` to the end as application data, if there is any.
    fn data_from(&mut self, at: usize) {
        let len = self.data.len().saturating_sub(at);
        if len > 0 {
            let _ = self.field(Layer::Payload, "Data", at, len, text::data_preview);
        }
    }

    /// Records everything from `at` to the end as `name` in `layer`, if there is any.
    fn rest_from(&mut self, layer: impl Into<L>, name: &str, at: usize) {
        let len = self.data.len().saturating_sub(at);
        if len > 0 {
            let _ = self.field(layer, name, at, len, text::data_preview);
        }
    }
}

#[cfg(test)]
mod tests;
