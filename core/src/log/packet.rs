//! A sent packet as the log keeps it: typed fields to draw and explain it by, without
//! parsing the packet again.

use crate::wire::{IpProtocol, TcpFlags};
use serde::{Deserialize, Serialize, Serializer};
use std::borrow::Cow;
use std::fmt;
use std::net::Ipv4Addr;

/// A short, typed description of a packet, enough to draw and explain it without parsing.
///
/// A TCP segment's trace line is not built when the packet is sent (that was a tenth of a
/// bulk transfer's instructions, issue 17): its `text` stays empty and [`Self::text`]
/// renders it from the fields when someone reads it. `Debug`, serialization and equality
/// use the rendered line, so logs, digests and saved runs read exactly as before.
#[derive(Clone, Deserialize)]
pub struct PacketSummary {
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
    pub protocol: IpProtocol,
    pub src_port: Option<u16>,
    pub dst_port: Option<u16>,
    /// The TCP control bits, or 0 for other protocols.
    pub tcp_flags: u8,
    pub seq: Option<u32>,
    pub ack: Option<u32>,
    pub window: Option<u16>,
    /// Bytes of application payload (for ICMP, the ICMP body).
    pub payload_len: u32,
    /// Bytes of the whole IPv4 datagram.
    pub total_len: u32,
    /// The same, as one line of a packet trace; empty for a TCP segment whose line is
    /// rendered on demand. Private so that nobody reads the empty field by mistake: read
    /// it with [`Self::text`], set it with [`Self::with_text`].
    text: String,
}

impl PacketSummary {
    /// Describes a packet about to be sent.
    pub fn of(packet: &crate::wire::IpPacket, total_len: u32) -> Self {
        use crate::wire::Transport;
        let mut s = PacketSummary {
            src: packet.ip.src,
            dst: packet.ip.dst,
            protocol: packet.protocol(),
            src_port: None,
            dst_port: None,
            tcp_flags: 0,
            seq: None,
            ack: None,
            window: None,
            payload_len: 0,
            total_len,
            text: String::new(),
        };
        match &packet.transport {
            Transport::Tcp(t) => {
                s.src_port = Some(t.src_port);
                s.dst_port = Some(t.dst_port);
                s.tcp_flags = t.flags.0;
                s.seq = Some(t.seq.0);
                s.ack = Some(t.ack.0);
                s.window = Some(t.window);
                s.payload_len = t.payload.len() as u32;
            }
            Transport::Udp(u) => {
                s.text = packet.summary();
                s.src_port = Some(u.src_port);
                s.dst_port = Some(u.dst_port);
                s.payload_len = u.payload.len() as u32;
            }
            Transport::Icmp(_) | Transport::Other(_) => {
                s.text = packet.summary();
                s.payload_len = total_len.saturating_sub(20);
            }
        }
        s
    }
}

impl PacketSummary {
    /// A summary with its fields set but no packet behind it (tests, relabelled copies):
    /// TCP fields render the TCP line unless a text is given.
    pub fn fields(src: Ipv4Addr, dst: Ipv4Addr, protocol: IpProtocol) -> Self {
        PacketSummary {
            src,
            dst,
            protocol,
            src_port: None,
            dst_port: None,
            tcp_flags: 0,
            seq: None,
            ack: None,
            window: None,
            payload_len: 0,
            total_len: 0,
            text: String::new(),
        }
    }

    /// The same summary with its trace line given.
    pub fn with_text(mut self, text: String) -> Self {
        self.text = text;
        self
    }

    /// The packet as one line of a trace, e.g.
    /// `10.0.0.2:49152 > 10.0.0.1:80 TCP SYN seq=1000 ack=0 win=65535 len=0`.
    pub fn text(&self) -> Cow<'_, str> {
        if !self.text.is_empty() {
            return Cow::Borrowed(&self.text);
        }
        match (
            self.src_port,
            self.dst_port,
            self.seq,
            self.ack,
            self.window,
        ) {
            (Some(sp), Some(dp), Some(seq), Some(ack), Some(window)) => {
                Cow::Owned(crate::wire::packet::tcp_line(
                    (self.src, sp),
                    (self.dst, dp),
                    TcpFlags(self.tcp_flags),
                    (seq, ack),
                    window,
                    self.payload_len,
                ))
            }
            _ => Cow::Borrowed(""),
        }
    }

    /// The fields in declaration order, with the rendered line: what `Debug` and
    /// serialization show.
    fn shown(&self) -> Shown<'_> {
        Shown {
            src: self.src,
            dst: self.dst,
            protocol: self.protocol,
            src_port: self.src_port,
            dst_port: self.dst_port,
            tcp_flags: self.tcp_flags,
            seq: self.seq,
            ack: self.ack,
            window: self.window,
            payload_len: self.payload_len,
            total_len: self.total_len,
            text: self.text(),
        }
    }
}

/// [`PacketSummary`] as it was written before its line became lazy: the same name, fields
/// and order, so its `Debug` text (which the log's digest folds in) and its JSON are
/// unchanged.
#[derive(Debug, PartialEq, Serialize)]
#[serde(rename = "PacketSummary")]
struct Shown<'a> {
    src: Ipv4Addr,
    dst: Ipv4Addr,
    protocol: IpProtocol,
    src_port: Option<u16>,
    dst_port: Option<u16>,
    tcp_flags: u8,
    seq: Option<u32>,
    ack: Option<u32>,
    window: Option<u16>,
    payload_len: u32,
    total_len: u32,
    text: Cow<'a, str>,
}

impl fmt::Debug for PacketSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `Shown`'s derived Debug names the struct "Shown"; write it under ours.
        let s = self.shown();
        f.debug_struct("PacketSummary")
            .field("src", &s.src)
            .field("dst", &s.dst)
            .field("protocol", &s.protocol)
            .field("src_port", &s.src_port)
            .field("dst_port", &s.dst_port)
            .field("tcp_flags", &s.tcp_flags)
            .field("seq", &s.seq)
            .field("ack", &s.ack)
            .field("window", &s.window)
            .field("payload_len", &s.payload_len)
            .field("total_len", &s.total_len)
            .field("text", &s.text)
            .finish()
    }
}

impl Serialize for PacketSummary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.shown().serialize(s)
    }
}

impl PartialEq for PacketSummary {
    fn eq(&self, other: &Self) -> bool {
        self.shown() == other.shown()
    }
}

impl Eq for PacketSummary {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::{IpPacket, Ipv4Repr, SeqNumber, TcpRepr, Transport};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn segment() -> IpPacket {
        IpPacket {
            ip: Ipv4Repr {
                src: Ipv4Addr::new(10, 0, 0, 2),
                dst: Ipv4Addr::new(10, 0, 0, 1),
                protocol: IpProtocol::Tcp,
                ttl: 64,
                ident: 1,
                dont_fragment: true,
                ecn: Default::default(),
            },
            transport: Transport::Tcp(TcpRepr {
                src_port: 49152,
                dst_port: 80,
                seq: SeqNumber(1000),
                ack: SeqNumber(7),
                flags: TcpFlags::SYN | TcpFlags::ACK,
                window: 65535,
                urgent: 0,
                options: Default::default(),
                payload: b"hi".to_vec(),
            }),
        }
    }

    #[test]
    fn the_lazy_line_is_the_line_the_packet_prints() {
        let p = segment();
        let s = PacketSummary::of(&p, 62);
        assert!(s.text.is_empty(), "not built when sent");
        assert_eq!(s.text(), p.summary());
        let eager = PacketSummary {
            text: p.summary(),
            ..s.clone()
        };
        assert_eq!(
            format!("{s:?}"),
            format!("{eager:?}"),
            "Debug (the digest) unchanged"
        );
        assert!(format!("{s:?}").starts_with("PacketSummary { src: 10.0.0.2,"));
        let json = serde_json::to_string(&s).unwrap();
        assert!(
            json.contains(&format!("\"text\":\"{}\"", p.summary())),
            "{json}"
        );
        let back: PacketSummary = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s, "a saved line equals the lazy one");
    }
}
