//! Between the world and its TCP connections: segments in, timers, and moving what a
//! connection produced (segments, notes, its next wake-up) out into the world.

use super::{QueueKey, Scheduled, World};
use crate::endpoint::Endpoint;
use crate::host::HostId;
use crate::log::{DropReason, EventKind};
use crate::network::PacketId;
use crate::socket::{Protocol, Socket, SocketId, SocketKind, TcpSocket};
use crate::tcp::{State, Tcb, TcpNote};
use crate::wire::{Ecn, IpPacket, IpProtocol, SeqNumber, TcpFlags, TcpRepr, Transport};

impl World {
    /// The connection of a TCP socket, for viewers (the TCB panel).
    pub fn tcb(&self, s: SocketId) -> Option<&Tcb> {
        self.sockets.get(&s)?.tcp()?.tcb.as_deref()
    }

    pub(crate) fn tcp_mut(&mut self, s: SocketId) -> Option<&mut TcpSocket> {
        match &mut self.sockets.get_mut(&s)?.kind {
            SocketKind::Tcp(t) => Some(t),
            SocketKind::Udp(_) => None,
        }
    }

    pub(crate) fn tcb_mut(&mut self, s: SocketId) -> Option<&mut Tcb> {
        self.tcp_mut(s)?.tcb.as_deref_mut()
    }

    /// A TCP segment reached `host`: find its connection (the exact 4-tuple, then a
    /// listener), else answer as CLOSED does.
    pub(crate) fn tcp_input(&mut self, host: HostId, id: PacketId, packet: &IpPacket) {
        let Transport::Tcp(seg) = &packet.transport else {
            return;
        };
        let local = Endpoint::new(packet.ip.dst, seg.dst_port);
        let remote = Endpoint::new(packet.ip.src, seg.src_port);
        let found = self
            .hosts
            .get(&host)
            .and_then(|h| h.table.lookup(Protocol::Tcp, local, remote));
        let state = found
            .and_then(|s| self.tcb(s))
            .map_or(State::Closed, |t| t.state());
        match (found, state) {
            (Some(s), State::Listen) => {
                self.emit(
                    Some(host),
                    Some(s),
                    EventKind::PacketDelivered { packet: id },
                );
                self.listen_input(host, s, local, remote, seg);
            }
            (Some(s), st) if st != State::Closed => {
                self.emit(
                    Some(host),
                    Some(s),
                    EventKind::PacketDelivered { packet: id },
                );
                let now = self.now;
                let limit = self.tcb(s).map_or(0, |t| t.config.challenge_ack_limit);
                let left = self
                    .hosts
                    .get(&host)
                    .map_or(limit, |h| h.challenge_acks_left(now, limit));
                let spent = self.tcb_mut(s).map_or(0, |tcb| {
                    tcb.host_challenges_left = left;
                    tcb.set_arrived_ce(packet.ip.ecn == Ecn::Ce);
                    tcb.on_segment(seg, now);
                    left - tcb.host_challenges_left
                });
                if let Some(h) = self.hosts.get_mut(&host) {
                    h.spend_challenge_acks(now, spent);
                }
                self.tcp_flush(s);
            }
            _ => self.closed_input(host, id, local, remote, seg),
        }
    }

    /// RFC 9293 §3.10.7.1, CLOSED: "An incoming segment containing a RST is discarded. An
    /// incoming segment not containing a RST causes a RST to be sent in response."
    fn closed_input(
        &mut self,
        host: HostId,
        id: PacketId,
        local: Endpoint,
        remote: Endpoint,
        seg: &TcpRepr,
    ) {
        let reason = DropReason::NoTcpSocket;
        self.emit(
            Some(host),
            None,
            EventKind::PacketDropped { packet: id, reason },
        );
        if !seg.flags.contains(TcpFlags::RST) {
            self.send_reset(host, local, remote, super::deliver::reset_for(seg));
        }
    }

    fn send_reset(&mut self, host: HostId, local: Endpoint, remote: Endpoint, rst: TcpRepr) {
        let ip = self.ip_header(local.addr, remote.addr, IpProtocol::Tcp);
        self.emit(Some(host), None, EventKind::ResetSent { to: remote });
        self.transmit(
            host,
            None,
            IpPacket {
                ip,
                transport: Transport::Tcp(rst),
            },
        );
    }

    /// RFC 9293 §3.10.7.2, LISTEN.
    fn listen_input(
        &mut self,
        host: HostId,
        listener: SocketId,
        local: Endpoint,
        remote: Endpoint,
        seg: &TcpRepr,
    ) {
        // "First, check for a RST: an incoming RST should be ignored."
        if seg.flags.contains(TcpFlags::RST) {
            return;
        }
        // "Second, check for an ACK: any acknowledgment is bad if it arrives on a connection
        // still in the LISTEN state. An acceptable reset segment should be formed."
        if seg.flags.contains(TcpFlags::ACK) {
            self.send_reset(host, local, remote, super::deliver::reset_for(seg));
            return;
        }
        // "Third, check for a SYN."
        if !seg.flags.contains(TcpFlags::SYN) {
            return;
        }
        let syn_backlog = u64::from(self.config.tcp.syn_backlog.max(1));
        let queues = |w: &mut World| {
            let l = w.tcp_mut(listener).and_then(|t| t.listener.as_ref())?;
            // Never fewer than the listen backlog: Linux holds that many half-open
            // connections too (inet_csk_reqsk_queue_is_full against sk_max_ack_backlog).
            let syn_limit = syn_backlog.max(u64::from(l.backlog));
            let oldest = l.pending.iter().next().copied();
            let accept_full = l.ready.len() as u64 >= u64::from(l.backlog);
            Some((accept_full, l.pending.len() as u64 >= syn_limit, oldest))
        };
        // Half-open connections wait in a SYN queue of their own (Linux's request sock
        // queue, FreeBSD's syncache), so a flood of SYNs from spoofed sources that never
        // complete cannot fill the accept queue (RFC 4987 §3.4 and §3.5).
        let Some((accept_full, syn_full, oldest)) = queues(self) else {
            return;
        };
        if !accept_full && syn_full {
            if let Some(old) = oldest {
                self.drop_half_open(old, seg);
            }
        }
        let full = accept_full || queues(self).is_none_or(|q| q.1);
        if full {
            // Like Linux: drop the SYN silently; the client's retransmission may find room.
            self.emit(
                Some(host),
                Some(listener),
                EventKind::SynDropped { backlog_full: true },
            );
            return;
        }
        let child = SocketId(self.next_socket);
        self.next_socket += 1;
        let iss = SeqNumber(self.rng.next_u32());
        let config = self.tcp_config_for(host);
        let mut tcb = Tcb::accept_syn(local, remote, seg, iss, config, self.now);
        let nodelay = self.nodelay_of(listener);
        tcb.set_nodelay_if(nodelay);
        let kind = SocketKind::Tcp(TcpSocket {
            nodelay,
            tcb: Some(Box::new(tcb)),
            parent: Some(listener),
            ..TcpSocket::default()
        });
        let socket = Socket {
            id: child,
            host,
            local: Some(local),
            remote: Some(remote),
            kind,
            owned: false,
        };
        let key = socket.table_key();
        self.sockets.insert(child, socket);
        if let Some(h) = self.hosts.get_mut(&host) {
            h.sockets.insert(child);
            if let Some(key) = key {
                // The exact 4-tuple was looked up first and not found, so it is free.
                let _ = h.table.insert(key, child);
            }
        }
        if let Some(l) = self.tcp_mut(listener).and_then(|t| t.listener.as_mut()) {
            l.pending.insert(child);
        }
        self.emit(
            Some(host),
            Some(child),
            EventKind::ConnectionForked { listener, remote },
        );
        self.tcp_flush(child);
    }

    /// RFC 4987 §3.4 ("Recycling the oldest half-open TCB"): the SYN queue is full, so
    /// the oldest half-open connection is dropped, silently (its peer, likely spoofed,
    /// never answered our SYN,ACK), to make room for the SYN that just arrived.
    fn drop_half_open(&mut self, old: SocketId, seg: &TcpRepr) {
        if let Some(tcb) = self.tcb_mut(old) {
            let cause = crate::tcp::Cause::Segment {
                flags: seg.flags,
                seq: seg.seq.0,
                ack: seg.ack.0,
                len: seg.payload.len() as u32,
            };
            tcb.set_state(crate::tcp::Rule::SynQueueOverflow, cause);
        }
        self.tcp_flush(old);
    }

    /// A socket's timer wake-up came due.
    pub(crate) fn tcp_timer(&mut self, s: SocketId, key: QueueKey) {
        let now = self.now;
        let Some(t) = self.tcp_mut(s) else { return };
        if t.wakeup != Some(key) {
            return;
        }
        t.wakeup = None;
        if let Some(tcb) = t.tcb.as_deref_mut() {
            tcb.on_timer(now);
        }
        self.tcp_flush(s);
    }

    /// Moves what a connection produced into the world: notes into the log, segments onto
    /// the wire, its next wake-up into the queue; then settles its place in the world.
    pub(crate) fn tcp_flush(&mut self, s: SocketId) {
        let Some(sock) = self.sockets.get_mut(&s) else {
            return;
        };
        let host = sock.host;
        let SocketKind::Tcp(t) = &mut sock.kind else {
            return;
        };
        let Some(tcb) = t.tcb.as_deref_mut() else {
            return;
        };
        let (segments, notes) = (tcb.take_outbox(), tcb.take_notes());
        // RFC 3168 §6.1.2: the segments the connection marked ECN-capable (none without ECN).
        let ect = tcb.take_ect();
        let (local, remote, state, wake) = (tcb.local, tcb.remote, tcb.state(), tcb.poll_at());
        let window = (tcb.congestion.cwnd, tcb.congestion.ssthresh);
        let congestion = (tcb.synchronized() && t.logged_window != Some(window)).then(|| {
            t.logged_window = Some(window);
            TcpNote::Congestion {
                cwnd: window.0,
                ssthresh: window.1,
                flight: tcb.flight_size(),
            }
        });
        let old = t.wakeup.take();
        for note in notes.into_iter().chain(congestion) {
            let kind = match note {
                TcpNote::StateChanged {
                    from,
                    to,
                    cause,
                    rule,
                } => EventKind::StateChanged {
                    from,
                    to,
                    cause,
                    rule,
                },
                other => EventKind::Tcp { note: other },
            };
            self.emit(Some(host), Some(s), kind);
        }
        for (i, seg) in segments.into_iter().enumerate() {
            let mut ip = self.ip_header(local.addr, remote.addr, IpProtocol::Tcp);
            if ect.contains(&(i as u32)) {
                ip.ecn = Ecn::Ect0;
            }
            self.transmit(
                host,
                Some(s),
                IpPacket {
                    ip,
                    transport: Transport::Tcp(seg),
                },
            );
        }
        if let Some(k) = old {
            self.queue.remove(k);
        }
        if let (Some(at), true) = (wake, state != State::Closed) {
            let key = self.queue.push(at, Scheduled::TcpTimer(s));
            if let Some(t) = self.tcp_mut(s) {
                t.wakeup = Some(key);
            }
        }
        self.sync_listener_and_socket_set(s, state);
    }

    /// Keeps a listener's queues and the socket set in step with a connection's state.
    fn sync_listener_and_socket_set(&mut self, s: SocketId, state: State) {
        let Some(sock) = self.sockets.get(&s) else {
            return;
        };
        let owned = sock.owned;
        let parent = sock.tcp().and_then(|t| t.parent);
        if let Some(l) = parent
            .and_then(|p| self.tcp_mut(p))
            .and_then(|t| t.listener.as_mut())
        {
            if state == State::Closed {
                l.pending.remove(&s);
                l.ready.retain(|c| *c != s);
            } else if state != State::SynReceived && l.pending.remove(&s) {
                // Established (or already half-closed by the peer): ready for accept().
                l.ready.push_back(s);
            }
        }
        if state == State::Closed && !owned {
            self.delete_socket(s);
        } else if state == State::Closed {
            // The program still holds the socket (to read the error), but the connection
            // is gone: like Linux's unhash on tcp_done, its 4-tuple no longer claims
            // arriving segments, so a new connection on the same ports reaches the listener.
            self.unhash(s);
        }
    }

    /// Takes a socket's entry out of its host's table, if the entry is its own.
    fn unhash(&mut self, s: SocketId) {
        let Some(sock) = self.sockets.get(&s) else {
            return;
        };
        let (host, key) = (sock.host, sock.table_key());
        if let (Some(h), Some(key)) = (self.hosts.get_mut(&host), key) {
            if h.table.get(&key) == Some(s) {
                h.table.remove(&key);
            }
        }
    }

    /// Removes a socket from the world: its table entry, its host's set, its wake-up.
    pub(crate) fn delete_socket(&mut self, s: SocketId) {
        let Some(sock) = self.sockets.remove(&s) else {
            return;
        };
        if let SocketKind::Tcp(TcpSocket {
            wakeup: Some(k), ..
        }) = &sock.kind
        {
            self.queue.remove(*k);
        }
        if let Some(h) = self.hosts.get_mut(&sock.host) {
            h.sockets.remove(&s);
            if let Some(key) = sock.table_key() {
                if h.table.get(&key) == Some(s) {
                    h.table.remove(&key);
                }
            }
        }
    }
}
