//! UDP input and output (RFC 768) as the world runs them: whole datagrams, no promises.
//! What the network loses, duplicates or reorders stays lost, duplicated or reordered.
//! The socket's data and its receive-buffer charge are in `socket::udp`.

use crate::endpoint::Endpoint;
use crate::errno::Errno;
use crate::ids::{HostId, PacketId};
use crate::log::{DropReason, EventKind};
use crate::socket::udp::{rx_charge, MAX_UDP_PAYLOAD};
use crate::socket::{Datagram, Protocol, SocketId, SocketKind};
use crate::wire::{
    icmp_original, DestUnreachableCode, IcmpRepr, IpPacket, IpProtocol, Transport, UdpRepr,
};
use crate::world::World;

impl World {
    /// Reports (and clears) an ICMP error waiting on the socket.
    pub(crate) fn take_udp_error(&mut self, s: SocketId) -> Result<(), Errno> {
        match &mut self.sock_mut(s)?.kind {
            SocketKind::Udp(u) => u.pending_error.take().map_or(Ok(()), Err),
            SocketKind::Tcp(_) => Ok(()),
        }
    }

    pub(crate) fn set_udp_error(&mut self, s: SocketId, e: Errno) {
        if let Some(SocketKind::Udp(u)) = self.sockets.get_mut(&s).map(|x| &mut x.kind) {
            u.pending_error = Some(e);
        }
    }

    pub(crate) fn udp_send(
        &mut self,
        s: SocketId,
        data: &[u8],
        remote: Endpoint,
    ) -> Result<u32, Errno> {
        self.take_udp_error(s)?;
        if remote.port == 0 || remote.addr.is_unspecified() {
            return Err(Errno::InvalidInput);
        }
        if data.len() > MAX_UDP_PAYLOAD as usize {
            return Err(Errno::MsgSize);
        }
        if self.sock(s)?.udp().is_some_and(|u| u.shut_write) {
            return Err(Errno::BrokenPipe);
        }
        let local = self.autobind(s)?;
        let host = self.sock(s)?.host;
        let src_addr = match local.addr {
            a if a.is_unspecified() => self
                .hosts
                .get(&host)
                .map(|h| h.addr)
                .ok_or(Errno::BadDescriptor)?,
            a => a,
        };
        let ip = self.ip_header(src_addr, remote.addr, IpProtocol::Udp);
        let udp = UdpRepr {
            src_port: local.port,
            dst_port: remote.port,
            payload: data.to_vec(),
        };
        self.transmit(
            host,
            Some(s),
            IpPacket {
                ip,
                transport: Transport::Udp(udp),
            },
        );
        Ok(data.len() as u32)
    }

    pub(crate) fn udp_recv(&mut self, s: SocketId, max: u32) -> Result<(Vec<u8>, Endpoint), Errno> {
        self.take_udp_error(s)?;
        let SocketKind::Udp(u) = &mut self.sock_mut(s)?.kind else {
            return Err(Errno::OpNotSupported);
        };
        let Some(mut d) = u.rx.pop_front() else {
            return Err(Errno::WouldBlock);
        };
        u.rx_bytes = u.rx_bytes.saturating_sub(d.data.len() as u32);
        d.data.truncate(max as usize);
        Ok((d.data, d.from))
    }

    /// A UDP datagram reached `host`. RFC 1122 §4.1.3.1: with no socket on the port, the
    /// host answers ICMP port unreachable.
    pub(crate) fn udp_input(
        &mut self,
        host: HostId,
        id: PacketId,
        packet: &IpPacket,
        bytes: &[u8],
    ) {
        let Transport::Udp(udp) = &packet.transport else {
            return;
        };
        let local = Endpoint::new(packet.ip.dst, udp.dst_port);
        let from = Endpoint::new(packet.ip.src, udp.src_port);
        let found = self
            .hosts
            .get(&host)
            .and_then(|h| h.table.lookup(Protocol::Udp, local, from));
        let Some(s) = found else {
            let reason = DropReason::PortUnreachable;
            self.emit(
                Some(host),
                None,
                EventKind::PacketDropped { packet: id, reason },
            );
            let original = icmp_original(bytes);
            let code = DestUnreachableCode::PortUnreachable;
            self.send_icmp(
                host,
                from.addr,
                IcmpRepr::DestUnreachable { code, original },
            );
            return;
        };
        let (now, limit) = (self.now, self.config.udp_recv_buffer);
        let len = udp.payload.len() as u32;
        let Some(SocketKind::Udp(u)) = self.sockets.get_mut(&s).map(|x| &mut x.kind) else {
            return;
        };
        // Linux drops when the buffer is already over its limit, so one datagram always
        // fits an empty buffer, however big (net/ipv4/udp.c: "always allow at least a
        // packet").
        if u.shut_read || rx_charge(u) > u64::from(limit) {
            let reason = DropReason::BufferFull;
            self.emit(
                Some(host),
                Some(s),
                EventKind::PacketDropped { packet: id, reason },
            );
            return;
        }
        u.rx_bytes += len;
        u.rx.push_back(Datagram {
            from,
            data: udp.payload.clone(),
            at: now,
        });
        self.emit(
            Some(host),
            Some(s),
            EventKind::PacketDelivered { packet: id },
        );
        self.emit(Some(host), Some(s), EventKind::DatagramQueued { from, len });
    }
}
