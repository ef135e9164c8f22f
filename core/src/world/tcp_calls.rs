//! The BSD calls on TCP sockets, in terms of RFC 9293's user calls (§3.10.1-6).

use crate::endpoint::Endpoint;
use crate::errno::Errno;
use crate::socket::{Listener, Protocol, Shutdown, SocketId, SocketKind};
use crate::tcp::{Rule, State, Tcb};
use crate::wire::SeqNumber;
use crate::world::World;

impl World {
    /// listen(): passive OPEN. The socket keeps its local address; connections forked
    /// from it share it and differ in the remote end.
    pub(crate) fn tcp_listen(&mut self, s: SocketId, backlog: u32) -> Result<(), Errno> {
        // A socket that was connected keeps its 4-tuple; Linux refuses to turn it into a
        // listener (EINVAL), and so do we.
        if self.sock(s)?.remote.is_some() {
            return Err(Errno::InvalidInput);
        }
        let state = self.tcb(s).map_or(State::Closed, |t| t.state());
        match state {
            State::Closed => {}
            State::Listen => {
                // listen() again only changes the backlog, as in BSD.
                if let Some(l) = self.tcp_mut(s).and_then(|t| t.listener.as_mut()) {
                    l.backlog = backlog.clamp(1, 4096);
                }
                return Ok(());
            }
            _ => return Err(Errno::InvalidInput),
        }
        let local = match self.sock(s)?.local {
            Some(l) => l,
            None => {
                let host_id = self.sock(s)?.host;
                let host = self.hosts.get_mut(&host_id).ok_or(Errno::BadDescriptor)?;
                let port = host.ephemeral_port(Protocol::Tcp).ok_or(Errno::AddrInUse)?;
                self.set_local(s, Endpoint::any(port))?;
                Endpoint::any(port)
            }
        };
        let config = self.tcp_config_for(self.sock(s)?.host);
        let mut tcb = Tcb::new(local, Endpoint::any(0), SeqNumber(0), config);
        tcb.listen();
        let t = self.tcp_mut(s).ok_or(Errno::OpNotSupported)?;
        t.tcb = Some(Box::new(tcb));
        t.listener = Some(Listener {
            backlog: backlog.clamp(1, 4096),
            ..Listener::default()
        });
        self.tcp_flush(s);
        Ok(())
    }

    /// connect(): active OPEN. Returns once the SYN is sent; the handshake completes in
    /// the background, and a refusal or timeout shows on the next call (as SO_ERROR does
    /// for a non-blocking socket).
    pub(crate) fn tcp_connect(&mut self, s: SocketId, remote: Endpoint) -> Result<(), Errno> {
        match self.tcb(s).map(|t| t.state()) {
            None => {}
            Some(State::Listen) => return Err(Errno::InvalidInput),
            Some(State::SynSent | State::SynReceived) => return Err(Errno::Already),
            Some(State::Closed) => {
                // A failed attempt leaves the socket reusable here: forget the old peer.
                self.set_remote(s, None)?;
                if let Some(t) = self.tcp_mut(s) {
                    t.tcb = None;
                }
            }
            Some(_) => return Err(Errno::IsConnected),
        }
        let host_id = self.sock(s)?.host;
        let host_addr = self
            .hosts
            .get(&host_id)
            .map(|h| h.addr)
            .ok_or(Errno::BadDescriptor)?;
        let mut local = self.autobind(s)?;
        if local.addr.is_unspecified() {
            self.rebind_addr(s, host_addr)?;
            local.addr = host_addr;
        }
        self.set_remote(s, Some(remote))?;
        // RFC 9293 §3.4.1 asks for an unpredictable ISN; here it comes from the world's
        // seeded generator, so a run replays exactly.
        let iss = SeqNumber(self.rng.next_u32());
        let mut tcb = Tcb::new(local, remote, iss, self.tcp_config_for(host_id));
        tcb.set_nodelay_if(self.nodelay_of(s));
        tcb.open(self.now);
        if let Some(t) = self.tcp_mut(s) {
            t.tcb = Some(Box::new(tcb));
        }
        self.tcp_flush(s);
        Ok(())
    }

    /// accept(): the oldest established connection of a listener, now the program's.
    pub(crate) fn tcp_accept(&mut self, s: SocketId) -> Result<(SocketId, Endpoint), Errno> {
        let t = self.tcp_mut(s).ok_or(Errno::OpNotSupported)?;
        let l = t.listener.as_mut().ok_or(Errno::InvalidInput)?;
        let child = l.ready.pop_front().ok_or(Errno::WouldBlock)?;
        let sock = self.sockets.get_mut(&child).ok_or(Errno::ConnAborted)?;
        sock.owned = true;
        let remote = sock.remote.ok_or(Errno::ConnAborted)?;
        Ok((child, remote))
    }

    pub(crate) fn tcp_send(&mut self, s: SocketId, data: &[u8]) -> Result<u32, Errno> {
        let now = self.now;
        let tcb = self.tcb_mut(s).ok_or(Errno::NotConnected)?;
        let result = tcb.send(data, now);
        self.tcp_flush(s);
        result
    }

    pub(crate) fn tcp_recv(&mut self, s: SocketId, max: u32) -> Result<Vec<u8>, Errno> {
        let now = self.now;
        let tcb = self.tcb_mut(s).ok_or(Errno::NotConnected)?;
        if tcb.state() == State::Listen {
            return Err(Errno::NotConnected);
        }
        let result = tcb.recv(max, now);
        self.tcp_flush(s);
        result
    }

    /// shutdown(): write sends a FIN after the data (a half-close: this side can still
    /// receive); read discards what arrives from now on.
    pub(crate) fn tcp_shutdown(&mut self, s: SocketId, how: Shutdown) -> Result<(), Errno> {
        let now = self.now;
        let tcb = self.tcb_mut(s).ok_or(Errno::NotConnected)?;
        if !matches!(
            tcb.state(),
            State::SynReceived
                | State::Established
                | State::CloseWait
                | State::FinWait1
                | State::FinWait2
        ) {
            return Err(Errno::NotConnected);
        }
        if matches!(how, Shutdown::Read | Shutdown::Both) {
            tcb.read_shut = true;
            tcb.recv_buf.ready.clear();
        }
        if matches!(how, Shutdown::Write | Shutdown::Both) && !tcb.fin_queued {
            tcb.close_by(now, crate::tcp::TcpCall::Shutdown)?;
        }
        self.tcp_flush(s);
        Ok(())
    }

    /// A listener going away aborts the connections nobody accepted yet (RST to each).
    fn abort_unaccepted(&mut self, s: SocketId) {
        let children: Vec<SocketId> = self
            .tcp_mut(s)
            .and_then(|t| t.listener.take())
            .map(|l| l.pending.into_iter().chain(l.ready).collect())
            .unwrap_or_default();
        for child in children {
            if let Some(tcb) = self.tcb_mut(child) {
                tcb.abort(Rule::ListenerClosed);
            }
            self.tcp_flush(child);
        }
    }

    /// close(): the program lets go. A listener aborts the connections nobody accepted; a
    /// connection with unread data is aborted with RST (RFC 2525 §2.17, as Linux does);
    /// otherwise the kernel finishes the close (FIN, then TIME-WAIT) on its own.
    pub(crate) fn tcp_close(&mut self, s: SocketId) -> Result<(), Errno> {
        let now = self.now;
        if self.tcp_mut(s).is_none() {
            return Err(Errno::BadDescriptor);
        }
        self.abort_unaccepted(s);
        if let Some(sock) = self.sockets.get_mut(&s) {
            sock.owned = false;
        }
        let Some(tcb) = self.tcb_mut(s) else {
            self.delete_socket(s);
            return Ok(());
        };
        tcb.orphaned = true;
        if !tcb.recv_buf.ready.is_empty() && tcb.synchronized() {
            tcb.abort(Rule::CloseWithUnreadData);
        } else if tcb.state() != State::Closed {
            tcb.close(now)?;
        }
        self.tcp_flush(s);
        if self.tcb(s).is_some_and(|t| t.state() == State::Closed) {
            self.delete_socket(s);
        }
        Ok(())
    }

    /// An abortive close: RST instead of FIN, no TIME-WAIT (SO_LINGER with a zero timeout,
    /// then close()).
    pub fn abort(&mut self, s: SocketId) -> Result<(), Errno> {
        // The host is looked up first: a successful abort deletes the socket.
        let host = self.sockets.get(&s).map(|x| x.host);
        let result = self.abort_inner(s);
        self.record(host, Some(s), crate::log::Call::Abort, result, |_| {
            crate::log::CallValue::None
        })
    }

    fn abort_inner(&mut self, s: SocketId) -> Result<(), Errno> {
        let sock = self.owned_sock(s)?;
        if sock.protocol() != Protocol::Tcp {
            return Err(Errno::OpNotSupported);
        }
        // RFC 9293 §3.10.5 ABORT in LISTEN: delete the TCB and enter CLOSED; the
        // connections nobody accepted go with it, as on close().
        self.abort_unaccepted(s);
        if let Some(sock) = self.sockets.get_mut(&s) {
            sock.owned = false;
        }
        if let Some(tcb) = self.tcb_mut(s) {
            tcb.abort(Rule::UserAbort);
        }
        self.tcp_flush(s);
        self.delete_socket(s);
        Ok(())
    }

    /// setsockopt(SO_REUSEADDR): let bind() take a port whose old connections are still
    /// in TIME-WAIT.
    pub fn set_reuse_addr(&mut self, s: SocketId, on: bool) -> Result<(), Errno> {
        let result =
            self.owned_sock(s)
                .map(|_| ())
                .and_then(|_| match &mut self.sock_mut(s)?.kind {
                    SocketKind::Tcp(t) => {
                        t.reuse_addr = on;
                        Ok(())
                    }
                    SocketKind::Udp(_) => Err(Errno::OpNotSupported),
                });
        let host = self.sockets.get(&s).map(|x| x.host);
        self.record(
            host,
            Some(s),
            crate::log::Call::SetReuseAddr { on },
            result,
            |_| crate::log::CallValue::None,
        )
    }
}
