//! The display filter's fields: one table of names (Wireshark's), what kind of value each
//! holds, and how to read it from a row of the capture.

use super::{Capture, Row};
use crate::wire::{IcmpRepr, TcpFlags, Transport};
use std::net::Ipv4Addr;

/// What a field holds, which decides the values and operators it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A protocol: present or not, and its bytes for `contains`.
    Protocol,
    Address,
    Number,
    /// A one-bit flag, compared with 0/1 or true/false.
    Flag,
    /// Raw bytes (a payload): `==`, `!=` and `contains` with text.
    Bytes,
    /// An expert mark: present or not, nothing to compare.
    Mark,
}

/// Every field the filter knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Frame,
    FrameLen,
    FrameNumber,
    Ip,
    IpSrc,
    IpDst,
    IpAddr,
    IpTtl,
    IpProto,
    IpLen,
    IpId,
    Tcp,
    TcpPort,
    TcpSrcPort,
    TcpDstPort,
    TcpSeq,
    TcpAck,
    TcpSeqRaw,
    TcpAckRaw,
    TcpLen,
    TcpWindow,
    TcpStream,
    TcpFlags,
    TcpFlag(u8),
    TcpPayload,
    /// `tcp.analysis.flags`: any mark.
    AnyMark,
    /// `tcp.analysis.<name>`, by the mark's name.
    Analysis(&'static str),
    Udp,
    UdpPort,
    UdpSrcPort,
    UdpDstPort,
    UdpLength,
    UdpPayload,
    Icmp,
    IcmpType,
    IcmpCode,
    Arp,
}

/// Field names as Wireshark spells them (a few aliases where people guess otherwise).
const FIELDS: &[(&str, Field)] = &[
    ("frame", Field::Frame),
    ("frame.len", Field::FrameLen),
    ("frame.number", Field::FrameNumber),
    ("ip", Field::Ip),
    ("ip.src", Field::IpSrc),
    ("ip.dst", Field::IpDst),
    ("ip.addr", Field::IpAddr),
    ("ip.ttl", Field::IpTtl),
    ("ip.proto", Field::IpProto),
    ("ip.len", Field::IpLen),
    ("ip.id", Field::IpId),
    ("tcp", Field::Tcp),
    ("tcp.port", Field::TcpPort),
    ("tcp.srcport", Field::TcpSrcPort),
    ("tcp.dstport", Field::TcpDstPort),
    ("tcp.seq", Field::TcpSeq),
    ("tcp.ack", Field::TcpAck),
    ("tcp.seq_raw", Field::TcpSeqRaw),
    ("tcp.ack_raw", Field::TcpAckRaw),
    ("tcp.len", Field::TcpLen),
    ("tcp.window_size", Field::TcpWindow),
    ("tcp.window_size_value", Field::TcpWindow),
    ("tcp.stream", Field::TcpStream),
    ("tcp.flags", Field::TcpFlags),
    ("tcp.flags.fin", Field::TcpFlag(0x01)),
    ("tcp.flags.syn", Field::TcpFlag(0x02)),
    ("tcp.flags.rst", Field::TcpFlag(0x04)),
    ("tcp.flags.reset", Field::TcpFlag(0x04)),
    ("tcp.flags.push", Field::TcpFlag(0x08)),
    ("tcp.flags.psh", Field::TcpFlag(0x08)),
    ("tcp.flags.ack", Field::TcpFlag(0x10)),
    ("tcp.flags.urg", Field::TcpFlag(0x20)),
    ("tcp.payload", Field::TcpPayload),
    ("tcp.analysis.flags", Field::AnyMark),
    (
        "tcp.analysis.retransmission",
        Field::Analysis("retransmission"),
    ),
    (
        "tcp.analysis.fast_retransmission",
        Field::Analysis("fast_retransmission"),
    ),
    (
        "tcp.analysis.duplicate_ack",
        Field::Analysis("duplicate_ack"),
    ),
    ("tcp.analysis.out_of_order", Field::Analysis("out_of_order")),
    ("tcp.analysis.zero_window", Field::Analysis("zero_window")),
    ("tcp.analysis.window_full", Field::Analysis("window_full")),
    (
        "tcp.analysis.zero_window_probe",
        Field::Analysis("zero_window_probe"),
    ),
    ("tcp.analysis.keep_alive", Field::Analysis("keep_alive")),
    (
        "tcp.analysis.window_update",
        Field::Analysis("window_update"),
    ),
    ("udp", Field::Udp),
    ("udp.port", Field::UdpPort),
    ("udp.srcport", Field::UdpSrcPort),
    ("udp.dstport", Field::UdpDstPort),
    ("udp.length", Field::UdpLength),
    ("udp.payload", Field::UdpPayload),
    ("icmp", Field::Icmp),
    ("icmp.type", Field::IcmpType),
    ("icmp.code", Field::IcmpCode),
    ("arp", Field::Arp),
];

/// A field's value in one packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    Number(u64),
    Address(Ipv4Addr),
    Bytes(&'a [u8]),
}

/// What a row says of a field: no value (absent), one, or two (`ip.addr`, `tcp.port`).
pub type Values<'a> = [Option<Value<'a>>; 2];

impl Field {
    pub fn lookup(name: &str) -> Option<Field> {
        FIELDS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, f)| *f)
    }

    /// Every field name, for the page's help.
    pub fn names() -> impl Iterator<Item = &'static str> {
        FIELDS.iter().map(|(n, _)| *n)
    }

    pub fn kind(self) -> Kind {
        use Field::*;
        match self {
            Frame | Ip | Tcp | Udp | Icmp | Arp => Kind::Protocol,
            IpSrc | IpDst | IpAddr => Kind::Address,
            TcpFlag(_) => Kind::Flag,
            TcpPayload | UdpPayload => Kind::Bytes,
            AnyMark | Analysis(_) => Kind::Mark,
            _ => Kind::Number,
        }
    }

    /// The field's values in row `i` of `capture`; sequence numbers relative when
    /// `relative`.
    pub fn values<'a>(self, capture: &'a Capture, i: usize, relative: bool) -> Values<'a> {
        let Some(row) = capture.rows.get(i) else {
            return [None, None];
        };
        let n = |v: u64| [Some(Value::Number(v)), None];
        let a = |v: Ipv4Addr| [Some(Value::Address(v)), None];
        let ip = row.packet.as_ref();
        match self {
            Field::Frame => [Some(Value::Bytes(&row.bytes)), None],
            Field::FrameLen => n(row.len.into()),
            Field::FrameNumber => n(row.no.into()),
            Field::Ip => ip.map_or([None, None], |_| [Some(Value::Bytes(&row.bytes)), None]),
            Field::IpSrc => ip.map_or([None, None], |p| a(p.ip.src)),
            Field::IpDst => ip.map_or([None, None], |p| a(p.ip.dst)),
            Field::IpAddr => ip.map_or([None, None], |p| {
                [
                    Some(Value::Address(p.ip.src)),
                    Some(Value::Address(p.ip.dst)),
                ]
            }),
            Field::IpTtl => ip.map_or([None, None], |p| n(p.ip.ttl.into())),
            Field::IpProto => ip.map_or([None, None], |p| n(u8::from(p.protocol()).into())),
            Field::IpLen => ip.map_or([None, None], |_| n(row.len.into())),
            Field::IpId => ip.map_or([None, None], |p| n(p.ip.ident.into())),
            Field::AnyMark => match row.marks.is_empty() {
                true => [None, None],
                false => n(1),
            },
            Field::Analysis(name) => match row.marks.iter().any(|m| m.is(name)) {
                true => n(1),
                false => [None, None],
            },
            Field::Arp => [None, None],
            _ => transport(self, capture, row, i, relative),
        }
    }
}

/// Fields of TCP, UDP and ICMP: absent in packets of other protocols.
fn transport<'a>(f: Field, capture: &'a Capture, row: &'a Row, i: usize, rel: bool) -> Values<'a> {
    let n = |v: u64| [Some(Value::Number(v)), None];
    let two = |x: u16, y: u16| [Some(Value::Number(x.into())), Some(Value::Number(y.into()))];
    let none = [None, None];
    let Some(p) = &row.packet else { return none };
    match (&p.transport, f) {
        (Transport::Tcp(t), Field::Tcp) => [Some(Value::Bytes(&t.payload)), None],
        (Transport::Tcp(t), Field::TcpPort) => two(t.src_port, t.dst_port),
        (Transport::Tcp(t), Field::TcpSrcPort) => n(t.src_port.into()),
        (Transport::Tcp(t), Field::TcpDstPort) => n(t.dst_port.into()),
        (Transport::Tcp(_), Field::TcpSeq) => n(capture.seq_ack(i, rel).map_or(0, |s| s.0).into()),
        (Transport::Tcp(t), Field::TcpAck) if t.flags.contains(TcpFlags::ACK) => {
            n(capture.seq_ack(i, rel).map_or(0, |s| s.1).into())
        }
        (Transport::Tcp(t), Field::TcpSeqRaw) => n(t.seq.0.into()),
        (Transport::Tcp(t), Field::TcpAckRaw) => n(t.ack.0.into()),
        (Transport::Tcp(t), Field::TcpLen) => n(t.payload.len() as u64),
        (Transport::Tcp(t), Field::TcpWindow) => n(t.window.into()),
        (Transport::Tcp(_), Field::TcpStream) => n(row.stream.unwrap_or(0).into()),
        (Transport::Tcp(t), Field::TcpFlags) => n(t.flags.0.into()),
        (Transport::Tcp(t), Field::TcpFlag(bit)) => n(u64::from(t.flags.0 & bit != 0)),
        (Transport::Tcp(t), Field::TcpPayload) if !t.payload.is_empty() => {
            [Some(Value::Bytes(&t.payload)), None]
        }
        (Transport::Udp(u), Field::Udp) => [Some(Value::Bytes(&u.payload)), None],
        (Transport::Udp(u), Field::UdpPort) => two(u.src_port, u.dst_port),
        (Transport::Udp(u), Field::UdpSrcPort) => n(u.src_port.into()),
        (Transport::Udp(u), Field::UdpDstPort) => n(u.dst_port.into()),
        (Transport::Udp(u), Field::UdpLength) => n(u.payload.len() as u64 + 8),
        (Transport::Udp(u), Field::UdpPayload) if !u.payload.is_empty() => {
            [Some(Value::Bytes(&u.payload)), None]
        }
        (Transport::Icmp(_), Field::Icmp) => [Some(Value::Bytes(&row.bytes)), None],
        (Transport::Icmp(c), Field::IcmpType) => n(icmp_type(c).into()),
        (Transport::Icmp(c), Field::IcmpCode) => n(c.code().into()),
        _ => none,
    }
}

fn icmp_type(c: &IcmpRepr) -> u8 {
    c.kind()
}
