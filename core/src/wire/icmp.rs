//! ICMP messages (RFC 792) the simulator's hosts and routers send: echo for ping, and the
//! two errors that explain lost packets, Destination Unreachable and Time Exceeded.

use std::fmt;

use super::bytes::{put, u16_in, u8_in};
use super::checksum::internet_checksum;
use super::error::WireError;
use super::ipv4::{field as ip_field, Ipv4Repr};

/// ICMP Type numbers (RFC 792), shared with the dissector.
pub(crate) const TYPE_ECHO_REPLY: u8 = 0;
pub(crate) const TYPE_DEST_UNREACHABLE: u8 = 3;
pub(crate) const TYPE_ECHO_REQUEST: u8 = 8;
pub(crate) const TYPE_TIME_EXCEEDED: u8 = 11;

/// Where each ICMP field lives (RFC 792), for the parser, the emitter and the dissector
/// alike.
pub(crate) mod field {
    use crate::wire::bytes::Field;

    pub const TYPE: Field = 0..1;
    pub const CODE: Field = 1..2;
    pub const CHECKSUM: Field = 2..4;
    /// The 4-byte word whose meaning depends on the type: Identifier and Sequence Number
    /// for echo, unused (zero) for most errors.
    pub const REST_OF_HEADER: Field = 4..8;
    /// Echo Request/Reply (RFC 792).
    pub const ECHO_IDENT: Field = 4..6;
    pub const ECHO_SEQ: Field = 6..8;
    /// Destination Unreachable code 4: the MTU of the next hop (RFC 1191 §4).
    pub const NEXT_HOP_MTU: Field = 6..8;
    /// Where echo data or the quoted datagram of an error starts.
    pub const DATA: usize = 8;
}

const HEADER_LEN: usize = field::DATA;

/// Why a Destination Unreachable was sent (RFC 792, codes 0–4; RFC 1191 for code 4).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum DestUnreachableCode {
    /// 0: no route to the network.
    NetUnreachable,
    /// 1: the network is reachable but the host is not.
    HostUnreachable,
    /// 2: the host does not speak the IP protocol named.
    ProtocolUnreachable,
    /// 3: nothing listens on the destination port (UDP; RFC 1122 §4.1.3.1).
    PortUnreachable,
    /// 4: the datagram needed fragmenting but DF was set. RFC 1191 §4 puts the MTU of
    /// the next hop in the low 16 bits of the otherwise unused word, so a sender can lower
    /// its path MTU estimate; 0 means a router too old to say (RFC 1191 §5).
    FragNeeded { next_hop_mtu: u16 },
    /// Any other code, kept so it round-trips.
    Other(u8),
}

impl DestUnreachableCode {
    pub fn number(self) -> u8 {
        match self {
            DestUnreachableCode::NetUnreachable => 0,
            DestUnreachableCode::HostUnreachable => 1,
            DestUnreachableCode::ProtocolUnreachable => 2,
            DestUnreachableCode::PortUnreachable => 3,
            DestUnreachableCode::FragNeeded { .. } => 4,
            DestUnreachableCode::Other(n) => n,
        }
    }
}

impl From<u8> for DestUnreachableCode {
    fn from(n: u8) -> Self {
        match n {
            0 => DestUnreachableCode::NetUnreachable,
            1 => DestUnreachableCode::HostUnreachable,
            2 => DestUnreachableCode::ProtocolUnreachable,
            3 => DestUnreachableCode::PortUnreachable,
            4 => DestUnreachableCode::FragNeeded { next_hop_mtu: 0 },
            other => DestUnreachableCode::Other(other),
        }
    }
}

impl From<DestUnreachableCode> for u8 {
    fn from(c: DestUnreachableCode) -> u8 {
        c.number()
    }
}

impl fmt::Display for DestUnreachableCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DestUnreachableCode::NetUnreachable => f.write_str("net unreachable"),
            DestUnreachableCode::HostUnreachable => f.write_str("host unreachable"),
            DestUnreachableCode::ProtocolUnreachable => f.write_str("protocol unreachable"),
            DestUnreachableCode::PortUnreachable => f.write_str("port unreachable"),
            DestUnreachableCode::FragNeeded { next_hop_mtu: 0 } => {
                f.write_str("fragmentation needed")
            }
            DestUnreachableCode::FragNeeded { next_hop_mtu } => {
                write!(f, "fragmentation needed (next-hop MTU {next_hop_mtu})")
            }
            DestUnreachableCode::Other(n) => write!(f, "unreachable code {n}"),
        }
    }
}

/// An ICMP message.
///
/// Error messages carry `original`, the offending datagram's IP header plus the first 8
/// bytes of its payload (RFC 792), which is exactly enough to name the ports of the TCP or
/// UDP flow it came from; see [`icmp_original`] and [`parse_original`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum IcmpRepr {
    /// Type 8, code 0.
    EchoRequest {
        /// Identifier, to match replies to the pinging process.
        ident: u16,
        /// Sequence Number, to match replies to requests.
        seq: u16,
        /// Data, echoed back unchanged.
        data: Vec<u8>,
    },
    /// Type 0, code 0.
    EchoReply {
        /// Identifier copied from the request.
        ident: u16,
        /// Sequence Number copied from the request.
        seq: u16,
        /// Data copied from the request.
        data: Vec<u8>,
    },
    /// Type 3. The 4 unused bytes are sent as zero and ignored on receipt.
    DestUnreachable {
        code: DestUnreachableCode,
        /// IP header + first 8 payload bytes of the datagram that could not be delivered.
        original: Vec<u8>,
    },
    /// Type 11, code 0 (TTL exceeded in transit). Code 1 (reassembly time exceeded) never
    /// happens here, as nothing fragments, and parses as [`IcmpRepr::Other`].
    TimeExceeded {
        /// IP header + first 8 payload bytes of the datagram whose TTL ran out.
        original: Vec<u8>,
    },
    /// Any other type or code, kept whole so it round-trips.
    Other { kind: u8, code: u8, rest: Vec<u8> },
}

impl IcmpRepr {
    pub fn kind(&self) -> u8 {
        match self {
            IcmpRepr::EchoRequest { .. } => TYPE_ECHO_REQUEST,
            IcmpRepr::EchoReply { .. } => TYPE_ECHO_REPLY,
            IcmpRepr::DestUnreachable { .. } => TYPE_DEST_UNREACHABLE,
            IcmpRepr::TimeExceeded { .. } => TYPE_TIME_EXCEEDED,
            IcmpRepr::Other { kind, .. } => *kind,
        }
    }

    pub fn code(&self) -> u8 {
        match self {
            IcmpRepr::DestUnreachable { code, .. } => code.number(),
            IcmpRepr::Other { code, .. } => *code,
            _ => 0,
        }
    }

    /// Whether this reports an error about another datagram; RFC 1122 §3.2.2 forbids
    /// answering an error with an error, so a router must be able to ask.
    pub fn is_error(&self) -> bool {
        matches!(
            self.kind(),
            TYPE_DEST_UNREACHABLE | TYPE_TIME_EXCEEDED | 4 | 5 | 12
        )
    }

    /// The message bytes, checksum computed over the whole message (RFC 792). Data beyond
    /// what one IPv4 datagram can carry is cut off.
    pub fn emit(&self) -> Vec<u8> {
        let mut out = vec![0; HEADER_LEN];
        put(&mut out, field::TYPE, &[self.kind()]);
        put(&mut out, field::CODE, &[self.code()]);
        let body: &[u8] = match self {
            IcmpRepr::EchoRequest { ident, seq, data }
            | IcmpRepr::EchoReply { ident, seq, data } => {
                put(&mut out, field::ECHO_IDENT, &ident.to_be_bytes());
                put(&mut out, field::ECHO_SEQ, &seq.to_be_bytes());
                data
            }
            // The rest of the header stays zero ("unused", RFC 792), but for the next-hop
            // MTU of Fragmentation Needed (RFC 1191 §4).
            IcmpRepr::DestUnreachable { code, original } => {
                if let DestUnreachableCode::FragNeeded { next_hop_mtu } = code {
                    put(&mut out, field::NEXT_HOP_MTU, &next_hop_mtu.to_be_bytes());
                }
                original
            }
            IcmpRepr::TimeExceeded { original } => original,
            IcmpRepr::Other { rest, .. } => {
                // `rest` starts at the rest-of-header word, so it replaces it.
                out.truncate(field::REST_OF_HEADER.start);
                rest
            }
        };
        let room = usize::from(Ipv4Repr::MAX_PAYLOAD).saturating_sub(out.len());
        out.extend_from_slice(body.get(..room).unwrap_or(body));
        let sum = internet_checksum(&[&out]).to_be_bytes();
        put(&mut out, field::CHECKSUM, &sum);
        out
    }

    /// Parses a message, verifying the checksum first.
    pub fn parse(message: &[u8]) -> Result<IcmpRepr, WireError> {
        let truncated = WireError::Truncated;
        let kind = u8_in(message, field::TYPE).ok_or(truncated)?;
        let code = u8_in(message, field::CODE).ok_or(truncated)?;
        if message.len() < field::REST_OF_HEADER.start {
            return Err(truncated);
        }
        if internet_checksum(&[message]) != 0 {
            return Err(WireError::BadIcmpChecksum);
        }
        let known = matches!(
            (kind, code),
            (TYPE_ECHO_REQUEST | TYPE_ECHO_REPLY | TYPE_TIME_EXCEEDED, 0)
                | (TYPE_DEST_UNREACHABLE, _)
        );
        if !known {
            return Ok(IcmpRepr::Other {
                kind,
                code,
                rest: message
                    .get(field::REST_OF_HEADER.start..)
                    .unwrap_or(&[])
                    .to_vec(),
            });
        }
        let body = message.get(HEADER_LEN..).ok_or(truncated)?.to_vec();
        let ident = u16_in(message, field::ECHO_IDENT).ok_or(truncated)?;
        let seq = u16_in(message, field::ECHO_SEQ).ok_or(truncated)?;
        Ok(match kind {
            TYPE_ECHO_REQUEST => IcmpRepr::EchoRequest {
                ident,
                seq,
                data: body,
            },
            TYPE_ECHO_REPLY => IcmpRepr::EchoReply {
                ident,
                seq,
                data: body,
            },
            TYPE_TIME_EXCEEDED => IcmpRepr::TimeExceeded { original: body },
            _ => IcmpRepr::DestUnreachable {
                code: match DestUnreachableCode::from(code) {
                    DestUnreachableCode::FragNeeded { .. } => DestUnreachableCode::FragNeeded {
                        next_hop_mtu: u16_in(message, field::NEXT_HOP_MTU).ok_or(truncated)?,
                    },
                    other => other,
                },
                original: body,
            },
        })
    }
}

impl fmt::Display for IcmpRepr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IcmpRepr::EchoRequest { ident, seq, data } => {
                write!(f, "echo request id={ident} seq={seq} len={}", data.len())
            }
            IcmpRepr::EchoReply { ident, seq, data } => {
                write!(f, "echo reply id={ident} seq={seq} len={}", data.len())
            }
            IcmpRepr::DestUnreachable { code, .. } => write!(f, "{code}"),
            IcmpRepr::TimeExceeded { .. } => f.write_str("time exceeded in transit"),
            IcmpRepr::Other { kind, code, .. } => write!(f, "type={kind} code={code}"),
        }
    }
}

/// The part of a datagram an ICMP error quotes: its IP header (options included) and the
/// first 8 bytes of its payload (RFC 792), or all of it if shorter.
///
/// Never fails: garbage in still gives a prefix out, because an error about a malformed
/// datagram is still worth sending.
pub fn icmp_original(datagram: &[u8]) -> Vec<u8> {
    let ihl = u8_in(datagram, ip_field::VER_IHL).map_or(0, |b| usize::from(b & 0x0F) * 4);
    let header_len = ihl.max(usize::from(Ipv4Repr::HEADER_LEN));
    let cut = header_len + 8;
    datagram.get(..cut).unwrap_or(datagram).to_vec()
}

/// Reads the quoted datagram of an ICMP error back into its IP header and the payload bytes
/// that follow (up to 8), so a host can find the connection the error is about: TCP and
/// UDP both put the source and destination ports in those first 4 bytes.
///
/// The quoted header's checksum and Total Length are not checked: the ICMP checksum
/// already covers these bytes, and Total Length describes bytes the router cut off.
pub fn parse_original(original: &[u8]) -> Result<(Ipv4Repr, &[u8]), WireError> {
    let first = u8_in(original, ip_field::VER_IHL).ok_or(WireError::Truncated)?;
    if first >> 4 != 4 {
        return Err(WireError::BadVersion);
    }
    let header_len = usize::from(first & 0x0F) * 4;
    if header_len < usize::from(Ipv4Repr::HEADER_LEN) {
        return Err(WireError::BadHeaderLength);
    }
    let header = original.get(..header_len).ok_or(WireError::Truncated)?;
    let ip = Ipv4Repr::read_fields(header).ok_or(WireError::Truncated)?;
    let head = original.get(header_len..).unwrap_or(&[]);
    Ok((ip, head))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire::ipv4::IpProtocol;
    use std::net::Ipv4Addr;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn echo() -> IcmpRepr {
        IcmpRepr::EchoRequest {
            ident: 0x1234,
            seq: 7,
            data: b"ping!".to_vec(),
        }
    }

    #[test]
    fn echo_layout_and_round_trip() {
        let bytes = echo().emit();
        assert_eq!(&bytes[..2], &[8, 0]);
        assert_eq!(&bytes[4..8], &[0x12, 0x34, 0, 7]);
        assert_eq!(internet_checksum(&[&bytes]), 0);
        assert_eq!(IcmpRepr::parse(&bytes).unwrap(), echo());
        let reply = IcmpRepr::EchoReply {
            ident: 1,
            seq: 2,
            data: vec![],
        };
        assert_eq!(IcmpRepr::parse(&reply.emit()).unwrap(), reply);
    }

    #[test]
    fn errors_round_trip() {
        for code in 0..=u8::MAX {
            let m = IcmpRepr::DestUnreachable {
                code: code.into(),
                original: vec![0x45; 28],
            };
            assert_eq!(IcmpRepr::parse(&m.emit()).unwrap(), m);
        }
        let t = IcmpRepr::TimeExceeded {
            original: vec![1, 2, 3],
        };
        assert_eq!(t.emit()[..8], [11, 0, t.emit()[2], t.emit()[3], 0, 0, 0, 0]);
        assert_eq!(IcmpRepr::parse(&t.emit()).unwrap(), t);
        assert!(t.is_error());
        assert!(!echo().is_error());
    }

    #[test]
    fn unknown_and_odd_codes_become_other() {
        let reassembly = IcmpRepr::Other {
            kind: 11,
            code: 1,
            rest: vec![0, 0, 0, 0, 9],
        };
        assert_eq!(IcmpRepr::parse(&reassembly.emit()).unwrap(), reassembly);
        let timestamp = IcmpRepr::Other {
            kind: 13,
            code: 0,
            rest: vec![],
        };
        assert_eq!(IcmpRepr::parse(&timestamp.emit()).unwrap(), timestamp);
    }

    #[test]
    fn rejects_short_and_corrupt() {
        assert_eq!(IcmpRepr::parse(&[8, 0, 0]), Err(WireError::Truncated));
        let mut bytes = echo().emit();
        bytes[9] ^= 4;
        assert_eq!(IcmpRepr::parse(&bytes), Err(WireError::BadIcmpChecksum));
        // A valid checksum over a too-short echo is still truncated.
        let mut short = vec![8, 0, 0, 0, 0, 1];
        let sum = internet_checksum(&[&short]).to_be_bytes();
        short[2] = sum[0];
        short[3] = sum[1];
        assert_eq!(IcmpRepr::parse(&short), Err(WireError::Truncated));
    }

    #[test]
    fn frag_needed_carries_the_next_hop_mtu() {
        let m = IcmpRepr::DestUnreachable {
            code: DestUnreachableCode::FragNeeded { next_hop_mtu: 1400 },
            original: vec![0x45; 28],
        };
        let bytes = m.emit();
        // Type 3, code 4, checksum, unused 16 bits, next-hop MTU (RFC 1191 §4).
        assert_eq!(&bytes[..2], &[3, 4]);
        assert_eq!(&bytes[4..8], &[0, 0, 0x05, 0x78]);
        assert_eq!(IcmpRepr::parse(&bytes).unwrap(), m);
        assert_eq!(m.to_string(), "fragmentation needed (next-hop MTU 1400)");
        let old_router = DestUnreachableCode::FragNeeded { next_hop_mtu: 0 };
        assert_eq!(old_router.to_string(), "fragmentation needed");
        // Other codes keep the word zero.
        let port = IcmpRepr::DestUnreachable {
            code: DestUnreachableCode::PortUnreachable,
            original: vec![],
        };
        assert_eq!(&port.emit()[4..8], &[0, 0, 0, 0]);
    }

    #[test]
    fn code_names() {
        assert_eq!(
            DestUnreachableCode::PortUnreachable.to_string(),
            "port unreachable"
        );
        assert_eq!(
            DestUnreachableCode::from(9).to_string(),
            "unreachable code 9"
        );
        for n in 0..=u8::MAX {
            assert_eq!(u8::from(DestUnreachableCode::from(n)), n);
        }
    }

    #[test]
    fn original_is_header_plus_eight() {
        let ip = Ipv4Repr {
            src: Ipv4Addr::new(10, 0, 0, 2),
            dst: Ipv4Addr::new(10, 0, 0, 1),
            protocol: IpProtocol::Udp,
            ttl: 1,
            ident: 5,
            dont_fragment: false,
            ecn: crate::wire::Ecn::NotEct,
        };
        let mut datagram = ip.emit_header(20).to_vec();
        datagram.extend(0..20u8);
        let original = icmp_original(&datagram);
        assert_eq!(original.len(), 28);
        assert_eq!(&original[20..], &[0, 1, 2, 3, 4, 5, 6, 7]);
        let (quoted, head) = parse_original(&original).unwrap();
        assert_eq!(quoted, ip);
        assert_eq!(head, &[0, 1, 2, 3, 4, 5, 6, 7]);
        // Header-only quotes still parse; garbage does not panic.
        assert_eq!(parse_original(&original[..20]).unwrap().1, &[] as &[u8]);
        assert_eq!(icmp_original(&[1, 2, 3]), vec![1, 2, 3]);
        assert!(icmp_original(&[]).is_empty());
        assert_eq!(parse_original(&[0x45, 0]), Err(WireError::Truncated));
        assert_eq!(parse_original(&[0x43; 40]), Err(WireError::BadHeaderLength));
        assert_eq!(parse_original(&[0x60; 40]), Err(WireError::BadVersion));
    }
}
