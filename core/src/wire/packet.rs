//! A whole IPv4 datagram with its transport payload: what links carry and pcap records.

use std::fmt::Write as _;

use super::bytes::len_u16;
use super::error::WireError;
use super::icmp::IcmpRepr;
use super::ipv4::{IpProtocol, Ipv4Repr};
use super::tcp::{TcpFlags, TcpRepr};
use super::udp::UdpRepr;
use std::net::Ipv4Addr;

/// What an IPv4 datagram carries.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Transport {
    /// Protocol 6.
    Tcp(TcpRepr),
    /// Protocol 17.
    Udp(UdpRepr),
    /// Protocol 1.
    Icmp(IcmpRepr),
    /// Any other protocol, payload kept raw; `Ipv4Repr::protocol` says which.
    Other(Vec<u8>),
}

/// A complete IPv4 datagram.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct IpPacket {
    pub ip: Ipv4Repr,
    pub transport: Transport,
}

impl IpPacket {
    /// The protocol actually written: the transport variant wins over `ip.protocol` for
    /// TCP, UDP and ICMP, so emitted bytes can never claim one protocol and carry another.
    pub fn protocol(&self) -> IpProtocol {
        match self.transport {
            Transport::Tcp(_) => IpProtocol::Tcp,
            Transport::Udp(_) => IpProtocol::Udp,
            Transport::Icmp(_) => IpProtocol::Icmp,
            Transport::Other(_) => self.ip.protocol,
        }
    }

    /// The datagram bytes, every checksum filled in: IPv4 header (RFC 791 §3.1), TCP
    /// (RFC 9293 §3.1), UDP (RFC 768) or ICMP (RFC 792).
    pub fn emit(&self) -> Vec<u8> {
        self.emit_reusing(Vec::new())
    }

    /// [`IpPacket::emit`], written into `buffer` (cleared first) when that saves an
    /// allocation: a world reuses the buffers of datagrams that arrived.
    pub fn emit_reusing(&self, buffer: Vec<u8>) -> Vec<u8> {
        let (src, dst) = (self.ip.src, self.ip.dst);
        let header = usize::from(Ipv4Repr::HEADER_LEN);
        let ip = Ipv4Repr {
            protocol: self.protocol(),
            ..self.ip
        };
        let mut out;
        if let Transport::Tcp(tcp) = &self.transport {
            // Every segment of a transfer comes here: the segment is written straight
            // after room for the header, with no copy in between.
            out = buffer;
            out.clear();
            out.reserve(header + usize::from(tcp.header_len()) + tcp.payload.len());
            out.resize(header, 0);
            tcp.emit_into(src, dst, &mut out);
        } else {
            let mut payload = match &self.transport {
                Transport::Tcp(tcp) => tcp.emit(src, dst),
                Transport::Udp(udp) => udp.emit(src, dst),
                Transport::Icmp(icmp) => icmp.emit(),
                Transport::Other(raw) => raw.clone(),
            };
            // Only `Other` can be oversized here; the typed emitters already fit.
            payload.truncate(usize::from(Ipv4Repr::MAX_PAYLOAD));
            out = Vec::with_capacity(header + payload.len());
            out.resize(header, 0);
            out.extend_from_slice(&payload);
        }
        let header_bytes = ip.emit_header(len_u16(out.len() - header));
        out[..header].copy_from_slice(&header_bytes);
        out
    }

    /// Parses a datagram, verifying the IPv4 header checksum and then the transport
    /// checksum (UDP's only when the sender supplied one, RFC 768).
    pub fn parse(bytes: &[u8]) -> Result<IpPacket, WireError> {
        let (ip, payload) = Ipv4Repr::parse_header(bytes)?;
        let transport = match ip.protocol {
            IpProtocol::Tcp => Transport::Tcp(TcpRepr::parse(payload, ip.src, ip.dst)?),
            IpProtocol::Udp => Transport::Udp(UdpRepr::parse(payload, ip.src, ip.dst)?),
            IpProtocol::Icmp => Transport::Icmp(IcmpRepr::parse(payload)?),
            IpProtocol::Other(_) => Transport::Other(payload.to_vec()),
        };
        Ok(IpPacket { ip, transport })
    }

    /// A one-line, tcpdump-like description for traces, e.g.
    /// `10.0.0.2:49152 > 10.0.0.1:80 TCP SYN seq=1000 ack=0 win=65535 len=0`.
    ///
    /// `len` is the data length, not SEG.LEN, matching what tcpdump prints.
    pub fn summary(&self) -> String {
        let (src, dst) = (self.ip.src, self.ip.dst);
        let mut s = String::new();
        // Writing to a String cannot fail.
        let _ = match &self.transport {
            // Every TCP segment sent gets this line (the event log's packet summary), so it
            // is built by hand rather than through `write!`'s formatting machinery.
            Transport::Tcp(t) => {
                s = tcp_line(
                    (src, t.src_port),
                    (dst, t.dst_port),
                    t.flags,
                    (t.seq.0, t.ack.0),
                    t.window,
                    t.payload.len() as u32,
                );
                Ok(())
            }
            Transport::Udp(u) => write!(
                s,
                "{src}:{} > {dst}:{} UDP len={}",
                u.src_port,
                u.dst_port,
                u.payload.len()
            ),
            Transport::Icmp(i) => write!(s, "{src} > {dst} ICMP {i}"),
            Transport::Other(raw) => {
                write!(s, "{src} > {dst} {} len={}", self.protocol(), raw.len())
            }
        };
        s
    }
}

/// The trace line of a TCP segment (`IpPacket::summary`), from its fields: the log keeps
/// the fields and renders the line only when it is read (`PacketSummary::text`).
pub(crate) fn tcp_line(
    (src, src_port): (Ipv4Addr, u16),
    (dst, dst_port): (Ipv4Addr, u16),
    flags: TcpFlags,
    (seq, ack): (u32, u32),
    window: u16,
    len: u32,
) -> String {
    let mut b = Line::new();
    b.addr(src);
    b.push(b":");
    b.num(src_port.into());
    b.push(b" > ");
    b.addr(dst);
    b.push(b":");
    b.num(dst_port.into());
    b.push(b" TCP ");
    if flags.is_empty() {
        b.push(b"-");
    }
    for (i, name) in flags.names().enumerate() {
        if i > 0 {
            b.push(b",");
        }
        b.push(name.as_bytes());
    }
    b.push(b" seq=");
    b.num(seq.into());
    b.push(b" ack=");
    b.num(ack.into());
    b.push(b" win=");
    b.num(window.into());
    b.push(b" len=");
    b.num(len.into());
    b.into_string()
}

/// A line of ASCII built on the stack, then copied once into its `String`: every TCP
/// segment sent gets one (the event log's packet summary), so it is built by hand rather
/// than through `write!`'s formatting machinery. Long enough for any TCP summary (at most
/// 50 + 31 + 4 × 15 bytes); anything past the end would be left out, never a panic.
struct Line {
    buf: [u8; 160],
    len: usize,
}

impl Line {
    fn new() -> Self {
        Line {
            buf: [0; 160],
            len: 0,
        }
    }

    fn push(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        if let Some(to) = self.buf.get_mut(self.len..end) {
            to.copy_from_slice(bytes);
            self.len = end;
        }
    }

    /// Appends `n` in decimal, as `Display` would: two digits per division, from the
    /// right, straight into the line.
    fn num(&mut self, mut n: u64) {
        const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
            2021222324252627282930313233343536373839\
            4041424344454647484950515253545556575859\
            6061626364656667686970717273747576777879\
            8081828384858687888990919293949596979899";
        let digits = n.checked_ilog10().unwrap_or(0) as usize + 1;
        let end = self.len + digits;
        let Some(to) = self.buf.get_mut(self.len..end) else {
            return;
        };
        let mut i = digits;
        while i >= 2 {
            let pair = (n % 100) as usize * 2;
            n /= 100;
            i -= 2;
            to[i..i + 2].copy_from_slice(&PAIRS[pair..pair + 2]);
        }
        if i == 1 {
            to[0] = b'0' + n as u8;
        }
        self.len = end;
    }

    /// Appends an address in dotted decimal, as `Display` would.
    fn addr(&mut self, addr: std::net::Ipv4Addr) {
        for (i, octet) in addr.octets().into_iter().enumerate() {
            if i > 0 {
                self.push(b".");
            }
            self.num(octet.into());
        }
    }

    fn into_string(self) -> String {
        // Only ASCII was written.
        std::str::from_utf8(&self.buf[..self.len])
            .unwrap_or_default()
            .to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::icmp::{icmp_original, DestUnreachableCode};
    use crate::wire::tcp::{SeqNumber, TcpFlags, TcpOptions};
    use std::net::Ipv4Addr;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn ip(protocol: IpProtocol) -> Ipv4Repr {
        Ipv4Repr {
            src: Ipv4Addr::new(10, 0, 0, 2),
            dst: Ipv4Addr::new(10, 0, 0, 1),
            protocol,
            ttl: 64,
            ident: 1,
            dont_fragment: true,
            ecn: crate::wire::Ecn::NotEct,
        }
    }

    fn syn() -> IpPacket {
        IpPacket {
            ip: ip(IpProtocol::Tcp),
            transport: Transport::Tcp(TcpRepr {
                src_port: 49152,
                dst_port: 80,
                seq: SeqNumber(1000),
                ack: SeqNumber(0),
                flags: TcpFlags::SYN,
                window: 65535,
                urgent: 0,
                options: TcpOptions::default(),
                payload: vec![],
            }),
        }
    }

    #[test]
    fn summaries() {
        assert_eq!(
            syn().summary(),
            "10.0.0.2:49152 > 10.0.0.1:80 TCP SYN seq=1000 ack=0 win=65535 len=0"
        );
        let udp = IpPacket {
            ip: ip(IpProtocol::Udp),
            transport: Transport::Udp(UdpRepr {
                src_port: 5353,
                dst_port: 53,
                payload: b"hello".to_vec(),
            }),
        };
        assert_eq!(udp.summary(), "10.0.0.2:5353 > 10.0.0.1:53 UDP len=5");
        let unreachable = IpPacket {
            ip: ip(IpProtocol::Icmp),
            transport: Transport::Icmp(IcmpRepr::DestUnreachable {
                code: DestUnreachableCode::PortUnreachable,
                original: icmp_original(&udp.emit()),
            }),
        };
        assert_eq!(
            unreachable.summary(),
            "10.0.0.2 > 10.0.0.1 ICMP port unreachable"
        );
        let gre = IpPacket {
            ip: ip(IpProtocol::Other(47)),
            transport: Transport::Other(vec![0; 4]),
        };
        assert_eq!(gre.summary(), "10.0.0.2 > 10.0.0.1 proto 47 len=4");
    }

    #[test]
    fn hand_built_numbers_match_display() {
        for n in [
            0,
            7,
            9,
            10,
            11,
            99,
            100,
            101,
            255,
            1000,
            65_535,
            99_999,
            u64::from(u32::MAX),
            u64::MAX,
        ] {
            let mut b = Line::new();
            b.num(n);
            assert_eq!(b.into_string(), n.to_string());
        }
        let mut b = Line::new();
        b.addr(std::net::Ipv4Addr::new(192, 168, 0, 255));
        assert_eq!(b.into_string(), "192.168.0.255");
        // And a full line, every flag and number against `write!`.
        let mut p = syn();
        if let Transport::Tcp(t) = &mut p.transport {
            t.flags = TcpFlags::ACK | TcpFlags::PSH | TcpFlags::FIN;
            t.seq = SeqNumber(u32::MAX);
            t.ack = SeqNumber(4_000_000_000);
            t.payload = vec![0; 1460];
        }
        assert_eq!(
            p.summary(),
            "10.0.0.2:49152 > 10.0.0.1:80 TCP FIN,PSH,ACK seq=4294967295 ack=4000000000 win=65535 len=1460"
        );
    }

    #[test]
    fn round_trips() {
        let p = syn();
        assert_eq!(IpPacket::parse(&p.emit()).unwrap(), p);
        let gre = IpPacket {
            ip: ip(IpProtocol::Other(47)),
            transport: Transport::Other(vec![1, 2, 3]),
        };
        assert_eq!(IpPacket::parse(&gre.emit()).unwrap(), gre);
    }

    #[test]
    fn transport_decides_the_protocol_field() {
        let mut p = syn();
        p.ip.protocol = IpProtocol::Udp;
        let bytes = p.emit();
        assert_eq!(bytes[9], 6);
        assert_eq!(IpPacket::parse(&bytes).unwrap(), syn());
    }

    #[test]
    fn transport_errors_surface() {
        let mut bytes = syn().emit();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        assert_eq!(IpPacket::parse(&bytes), Err(WireError::BadTcpChecksum));
    }
}
