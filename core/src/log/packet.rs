//! A sent packet as the log keeps it: typed fields to draw and explain it by, without
//! parsing the packet again.

use crate::wire::IpProtocol;
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

/// A short, typed description of a packet, enough to draw and explain it without parsing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    /// The same, as one line of a packet trace.
    pub text: String,
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
            text: packet.summary(),
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
                s.src_port = Some(u.src_port);
                s.dst_port = Some(u.dst_port);
                s.payload_len = u.payload.len() as u32;
            }
            Transport::Icmp(_) | Transport::Other(_) => {
                s.payload_len = total_len.saturating_sub(20);
            }
        }
        s
    }
}
