//! What a host does with a packet that reaches it: verify, then hand it to the protocol
//! it names, answering for ports nobody holds as a real kernel does.

use super::World;
use crate::endpoint::Endpoint;
use crate::errno::Errno;
use crate::ids::HostId;
use crate::log::{Call, CallValue, DropReason, EventKind};
use crate::network::{Fate, InFlight, PacketId};

/// How many datagram buffers the world keeps for reuse.
const SPARE_BUFFERS: usize = 8;
use crate::socket::Protocol;
use crate::wire::{
    icmp_original, DestUnreachableCode, IcmpRepr, IpPacket, IpProtocol, Ipv4Repr, SeqNumber,
    TcpFlags, TcpOptions, TcpRepr, Transport,
};
use std::net::Ipv4Addr;

impl World {
    /// The scheduled end of a packet's journey.
    pub(crate) fn arrive(&mut self, id: PacketId) {
        let Some(mut flight) = self.network.in_flight.remove(&id) else {
            return;
        };
        self.deliver_or_drop(id, &mut flight);
        // The datagram's buffer is kept for the next one sent (a few at most).
        if self.spare_bytes.0.len() < SPARE_BUFFERS {
            let mut bytes = flight.bytes;
            bytes.clear();
            self.spare_bytes.0.push(bytes);
        }
    }

    fn deliver_or_drop(&mut self, id: PacketId, flight: &mut InFlight) {
        let drop = |reason| EventKind::PacketDropped { packet: id, reason };
        match flight.fate {
            Fate::Lost => return self.emit(flight.dst, None, drop(DropReason::Loss)),
            Fate::Faulted { fault } => {
                return self.emit(flight.dst, None, drop(DropReason::Fault { fault }))
            }
            Fate::Deliver => {}
        }
        let Some(host) = flight.dst.filter(|h| self.hosts.contains_key(h)) else {
            return self.emit(None, None, drop(DropReason::HostGone));
        };
        if flight.hop.is_some() {
            return self.frame_arrive(host, id, flight);
        }
        if self.deliver_external(host, id, &flight.bytes) {
            return;
        }
        let packet = match self.parse_flight(flight) {
            Ok(p) => p,
            Err(error) => return self.emit(Some(host), None, drop(DropReason::Corrupt { error })),
        };
        if self
            .hosts
            .get(&host)
            .is_none_or(|h| h.addr != packet.ip.dst)
        {
            return self.emit(Some(host), None, drop(DropReason::NotForThisHost));
        }
        self.deliver_local(host, id, &packet, &flight.bytes);
    }

    /// The receiver's checks (RFC 791 §3.1 header checksum, RFC 9293 §3.1 and RFC 768
    /// checksums): a flipped bit is caught here and the packet silently discarded.
    /// A datagram the simulator built and the network left alone carries what parsing
    /// it gives (checks passed), so it is not parsed twice.
    pub(super) fn parse_flight(
        &mut self,
        flight: &mut InFlight,
    ) -> Result<IpPacket, crate::wire::WireError> {
        match flight.parsed.0.take() {
            Some(built) if !flight.corrupted => {
                debug_assert_eq!(IpPacket::parse(&flight.bytes).as_ref(), Ok(&*built));
                Ok(*built)
            }
            _ => IpPacket::parse(&flight.bytes),
        }
    }

    /// Hands a datagram addressed to `host` to the protocol it names.
    pub(super) fn deliver_local(
        &mut self,
        host: HostId,
        id: PacketId,
        packet: &IpPacket,
        bytes: &[u8],
    ) {
        let drop = |reason| EventKind::PacketDropped { packet: id, reason };
        match &packet.transport {
            Transport::Udp(_) => self.udp_input(host, id, packet, bytes),
            Transport::Tcp(_) => self.tcp_input(host, id, packet),
            Transport::Icmp(_) => self.icmp_input(host, id, packet),
            Transport::Other(_) => {
                let protocol = packet.ip.protocol.into();
                self.emit(
                    Some(host),
                    None,
                    drop(DropReason::UnknownProtocol { protocol }),
                );
                let original = icmp_original(bytes);
                self.send_icmp(
                    host,
                    packet.ip.src,
                    IcmpRepr::DestUnreachable {
                        code: DestUnreachableCode::ProtocolUnreachable,
                        original,
                    },
                );
            }
        }
    }

    /// Sends an ICMP message from `host` to `dst`.
    pub(crate) fn send_icmp(
        &mut self,
        host: HostId,
        dst: Ipv4Addr,
        icmp: IcmpRepr,
    ) -> Option<PacketId> {
        let src = self.source_addr(host, dst)?;
        if self.topo.enabled && icmp.is_error() {
            let (kind, code) = (icmp.kind(), icmp.code());
            self.emit(
                Some(host),
                None,
                EventKind::IcmpSent {
                    to: dst,
                    kind,
                    code,
                },
            );
        }
        let ip = self.ip_header(src, dst, IpProtocol::Icmp);
        Some(self.transmit(
            host,
            None,
            IpPacket {
                ip,
                transport: Transport::Icmp(icmp),
            },
        ))
    }

    pub(crate) fn ip_header(
        &mut self,
        src: Ipv4Addr,
        dst: Ipv4Addr,
        protocol: IpProtocol,
    ) -> Ipv4Repr {
        Ipv4Repr {
            src,
            dst,
            protocol,
            ttl: self.config.ttl,
            // Identification only matters for fragments, which this segment never makes;
            // numbering packets keeps every datagram distinct in a capture.
            ident: self.network.next_packet as u16,
            dont_fragment: true,
            ecn: crate::wire::Ecn::NotEct,
        }
    }

    /// Sends an ICMP echo request ("ping") from `host` to `dst`: the smallest thing that
    /// crosses the network, with no transport layer at all.
    pub fn ping(&mut self, host: HostId, dst: Ipv4Addr) -> Result<PacketId, Errno> {
        let Some(h) = self.hosts.get_mut(&host) else {
            return Err(Errno::BadDescriptor);
        };
        let seq = h.next_ping;
        h.next_ping = h.next_ping.wrapping_add(1);
        let ident = host.0 as u16;
        let data = b"sockscope ping".to_vec();
        let id = self.send_icmp(host, dst, IcmpRepr::EchoRequest { ident, seq, data });
        let result = Ok(CallValue::None);
        self.emit(
            Some(host),
            None,
            EventKind::UserCall {
                call: Call::Ping { dst },
                result,
            },
        );
        id.ok_or(Errno::BadDescriptor)
    }

    fn icmp_input(&mut self, host: HostId, id: PacketId, packet: &IpPacket) {
        let Transport::Icmp(icmp) = &packet.transport else {
            return;
        };
        self.emit(Some(host), None, EventKind::PacketDelivered { packet: id });
        let from = packet.ip.src;
        match icmp {
            // RFC 792: the echo reply carries the request's identifier, sequence and data.
            IcmpRepr::EchoRequest { ident, seq, data } => {
                let (ident, seq) = (*ident, *seq);
                self.emit(
                    Some(host),
                    None,
                    EventKind::EchoReplied {
                        to: from,
                        ident,
                        seq,
                    },
                );
                self.send_icmp(
                    host,
                    from,
                    IcmpRepr::EchoReply {
                        ident,
                        seq,
                        data: data.clone(),
                    },
                );
            }
            IcmpRepr::EchoReply { ident, seq, .. } => {
                let (ident, seq) = (*ident, *seq);
                self.emit(
                    Some(host),
                    None,
                    EventKind::EchoReceived { from, ident, seq },
                );
            }
            IcmpRepr::DestUnreachable { code, original } => {
                if self.topo.enabled {
                    self.icmp_error_in(host, from, icmp, original);
                }
                self.icmp_error(host, *code, original)
            }
            IcmpRepr::TimeExceeded { original } if self.topo.enabled => {
                self.icmp_error_in(host, from, icmp, original)
            }
            _ => {}
        }
    }

    /// An ICMP destination unreachable names the datagram that failed by quoting its IP
    /// header and first 8 bytes (RFC 792), enough to find the socket that sent it.
    fn icmp_error(&mut self, host: HostId, code: DestUnreachableCode, original: &[u8]) {
        let Some((protocol, local, remote)) = quoted_endpoints(original) else {
            return;
        };
        if protocol != IpProtocol::Udp || code != DestUnreachableCode::PortUnreachable {
            // RFC 1122 §4.2.3.9: for TCP these are soft errors; a connection does not
            // abort on them, so nothing changes here.
            return;
        }
        let Some(socket) = self
            .hosts
            .get(&host)
            .and_then(|h| h.table.lookup(Protocol::Udp, local, remote))
        else {
            return;
        };
        // Like Linux, only a connected UDP socket hears of the error: an unconnected one
        // could not tell which of its peers it came from (RFC 1122 §4.1.3.3).
        let connected = self
            .sockets
            .get(&socket)
            .is_some_and(|s| s.remote == Some(remote));
        if connected {
            self.set_udp_error(socket, Errno::ConnRefused);
            self.emit(
                Some(host),
                Some(socket),
                EventKind::SocketError {
                    error: Errno::ConnRefused,
                },
            );
        }
    }
}

/// The RST of RFC 9293 §3.10.7.1 for a segment that found no connection:
/// with ACK off, `<SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>`; with ACK on, `<SEQ=SEG.ACK><CTL=RST>`.
pub(crate) fn reset_for(seg: &TcpRepr) -> TcpRepr {
    let (seq, ack, flags) = if seg.flags.contains(TcpFlags::ACK) {
        (seg.ack, SeqNumber(0), TcpFlags::RST)
    } else {
        (
            SeqNumber(0),
            seg.seq + seg.segment_len(),
            TcpFlags::RST | TcpFlags::ACK,
        )
    };
    TcpRepr {
        src_port: seg.dst_port,
        dst_port: seg.src_port,
        seq,
        ack,
        flags,
        window: 0,
        urgent: 0,
        options: TcpOptions::default(),
        payload: Vec::new(),
    }
}

/// Reads protocol and ports from the IP header plus 8 bytes an ICMP error quotes. The
/// quote is cut short on purpose, so it cannot go through the full parser.
pub(super) fn quoted_endpoints(original: &[u8]) -> Option<(IpProtocol, Endpoint, Endpoint)> {
    let ihl = usize::from(original.first()? & 0x0f) * 4;
    let protocol = IpProtocol::from(*original.get(9)?);
    let addr = |at: usize| -> Option<Ipv4Addr> {
        let b = original.get(at..at + 4)?;
        Some(Ipv4Addr::new(b[0], b[1], b[2], b[3]))
    };
    let port = |at: usize| -> Option<u16> {
        let b = original.get(at..at + 2)?;
        Some(u16::from_be_bytes([b[0], b[1]]))
    };
    let local = Endpoint::new(addr(12)?, port(ihl)?);
    let remote = Endpoint::new(addr(16)?, port(ihl + 2)?);
    Some((protocol, local, remote))
}
