//! The BSD socket calls, as methods of `World` on a [`SocketId`].
//!
//! Every call is logged with its arguments and result, success or errno. Calls never
//! block: where a real program would wait (accept, recv), the call answers
//! [`Errno::WouldBlock`] and the learner lets time run, which is the moment to watch.

use super::{Protocol, Shutdown, Socket, SocketId, SocketKind, TcpState, UdpState};
use crate::endpoint::Endpoint;
use crate::errno::Errno;
use crate::host::HostId;
use crate::log::{Call, CallValue, EventKind};
use crate::tcp;
use crate::world::World;

impl World {
    /// Logs a call and passes its result through.
    fn record<T>(
        &mut self,
        host: Option<HostId>,
        socket: Option<SocketId>,
        call: Call,
        result: Result<T, Errno>,
        value: impl FnOnce(&T) -> CallValue,
    ) -> Result<T, Errno> {
        let logged = result.as_ref().map(value).map_err(|e| *e);
        self.emit(
            host,
            socket,
            EventKind::UserCall {
                call,
                result: logged,
            },
        );
        result
    }

    pub(crate) fn sock(&self, id: SocketId) -> Result<&Socket, Errno> {
        self.sockets.get(&id).ok_or(Errno::BadDescriptor)
    }

    pub(crate) fn sock_mut(&mut self, id: SocketId) -> Result<&mut Socket, Errno> {
        self.sockets.get_mut(&id).ok_or(Errno::BadDescriptor)
    }

    /// `socket(AF_INET, SOCK_STREAM or SOCK_DGRAM, 0)` on `host`.
    pub fn socket(&mut self, host: HostId, protocol: Protocol) -> Result<SocketId, Errno> {
        let result = if self.hosts.contains_key(&host) {
            let id = SocketId(self.next_socket);
            self.next_socket += 1;
            let kind = match protocol {
                Protocol::Udp => SocketKind::Udp(UdpState::default()),
                Protocol::Tcp => SocketKind::Tcp(TcpState {
                    state: tcp::State::Closed,
                    backlog: 0,
                }),
            };
            self.sockets.insert(
                id,
                Socket {
                    id,
                    host,
                    local: None,
                    remote: None,
                    kind,
                },
            );
            if let Some(h) = self.hosts.get_mut(&host) {
                h.sockets.insert(id);
            }
            Ok(id)
        } else {
            Err(Errno::BadDescriptor)
        };
        let sid = result.ok();
        self.record(Some(host), sid, Call::Socket { protocol }, result, |s| {
            CallValue::Socket(*s)
        })
    }

    /// `bind(s, addr:port)`. Port 0 asks the kernel for an ephemeral port; address 0.0.0.0
    /// means every address of the host.
    pub fn bind(&mut self, s: SocketId, local: Endpoint) -> Result<(), Errno> {
        let result = self.bind_inner(s, local);
        let host = self.sockets.get(&s).map(|x| x.host);
        self.record(host, Some(s), Call::Bind { local }, result, |_| {
            CallValue::None
        })
    }

    fn bind_inner(&mut self, s: SocketId, local: Endpoint) -> Result<(), Errno> {
        let sock = self.sock(s)?;
        if sock.local.is_some() {
            return Err(Errno::InvalidInput);
        }
        let (host_id, protocol) = (sock.host, sock.protocol());
        let host = self.hosts.get_mut(&host_id).ok_or(Errno::BadDescriptor)?;
        if !local.addr.is_unspecified() && local.addr != host.addr {
            return Err(Errno::AddrNotAvail);
        }
        let port = match local.port {
            0 => host.ephemeral_port(protocol).ok_or(Errno::AddrInUse)?,
            p if host.table.port_taken(protocol, p, local.addr) => return Err(Errno::AddrInUse),
            p => p,
        };
        self.set_local(s, Endpoint::new(local.addr, port))
    }

    /// Gives a socket its local address and enters it in its host's table.
    pub(crate) fn set_local(&mut self, s: SocketId, local: Endpoint) -> Result<(), Errno> {
        let sock = self.sock_mut(s)?;
        sock.local = Some(local);
        let (host, key) = (sock.host, sock.table_key());
        if let (Some(h), Some(key)) = (self.hosts.get_mut(&host), key) {
            h.table.insert(key, s).map_err(|_| Errno::AddrInUse)?;
        }
        Ok(())
    }

    /// Binds an unbound socket to an ephemeral port, as connect and sendto do implicitly.
    pub(crate) fn autobind(&mut self, s: SocketId) -> Result<Endpoint, Errno> {
        let sock = self.sock(s)?;
        if let Some(local) = sock.local {
            return Ok(local);
        }
        let (host_id, protocol) = (sock.host, sock.protocol());
        let host = self.hosts.get_mut(&host_id).ok_or(Errno::BadDescriptor)?;
        let port = host.ephemeral_port(protocol).ok_or(Errno::AddrInUse)?;
        let local = Endpoint::new(host.addr, port);
        self.set_local(s, local)?;
        Ok(local)
    }

    /// Moves a socket to a new remote end, re-keying it in the table.
    pub(crate) fn set_remote(
        &mut self,
        s: SocketId,
        remote: Option<Endpoint>,
    ) -> Result<(), Errno> {
        let sock = self.sock_mut(s)?;
        let host = sock.host;
        let old = sock.table_key();
        sock.remote = remote;
        let new = sock.table_key();
        if let (Some(h), Some(old), Some(new)) = (self.hosts.get_mut(&host), old, new) {
            h.table.remove(&old);
            if h.table.insert(new, s).is_err() {
                h.table.insert(old, s).ok();
                self.sock_mut(s)?.remote = old.remote;
                return Err(Errno::AddrInUse);
            }
        }
        Ok(())
    }

    /// `listen(s, backlog)`: a TCP socket starts waiting for connections (CLOSED -> LISTEN,
    /// RFC 9293 §3.10.1 passive OPEN). An unbound socket gets an ephemeral port first.
    pub fn listen(&mut self, s: SocketId, backlog: u32) -> Result<(), Errno> {
        let result = self.listen_inner(s, backlog);
        let host = self.sockets.get(&s).map(|x| x.host);
        self.record(host, Some(s), Call::Listen { backlog }, result, |_| {
            CallValue::None
        })
    }

    fn listen_inner(&mut self, s: SocketId, backlog: u32) -> Result<(), Errno> {
        let sock = self.sock(s)?;
        match &sock.kind {
            SocketKind::Udp(_) => return Err(Errno::OpNotSupported),
            SocketKind::Tcp(t) if !matches!(t.state, tcp::State::Closed | tcp::State::Listen) => {
                return Err(Errno::InvalidInput)
            }
            SocketKind::Tcp(_) => {}
        }
        if sock.local.is_none() {
            let host_id = sock.host;
            let host = self.hosts.get_mut(&host_id).ok_or(Errno::BadDescriptor)?;
            let port = host.ephemeral_port(Protocol::Tcp).ok_or(Errno::AddrInUse)?;
            self.set_local(s, Endpoint::any(port))?;
        }
        if let SocketKind::Tcp(t) = &mut self.sock_mut(s)?.kind {
            t.state = tcp::State::Listen;
            t.backlog = backlog.clamp(1, 4096);
        }
        Ok(())
    }

    /// `connect(s, addr:port)`. For UDP it only fixes the peer: later `send`s go there and
    /// only its datagrams are received. TCP connections arrive with the TCP state machine.
    pub fn connect(&mut self, s: SocketId, remote: Endpoint) -> Result<(), Errno> {
        let result = self.connect_inner(s, remote);
        let host = self.sockets.get(&s).map(|x| x.host);
        self.record(host, Some(s), Call::Connect { remote }, result, |_| {
            CallValue::None
        })
    }

    fn connect_inner(&mut self, s: SocketId, remote: Endpoint) -> Result<(), Errno> {
        let sock = self.sock(s)?;
        if remote.addr.is_unspecified() || remote.port == 0 {
            return Err(Errno::InvalidInput);
        }
        match sock.protocol() {
            Protocol::Udp => {
                let host_addr = self
                    .hosts
                    .get(&sock.host)
                    .map(|h| h.addr)
                    .ok_or(Errno::BadDescriptor)?;
                let local = self.autobind(s)?;
                // A connected UDP socket names its own address, as the route would pick it.
                if local.addr.is_unspecified() {
                    self.rebind_addr(s, host_addr)?;
                }
                self.set_remote(s, Some(remote))
            }
            Protocol::Tcp => Err(Errno::OpNotSupported),
        }
    }

    fn rebind_addr(&mut self, s: SocketId, addr: std::net::Ipv4Addr) -> Result<(), Errno> {
        let sock = self.sock_mut(s)?;
        let (host, old) = (sock.host, sock.table_key());
        if let Some(local) = &mut sock.local {
            local.addr = addr;
        }
        let new = sock.table_key();
        if let (Some(h), Some(old), Some(new)) = (self.hosts.get_mut(&host), old, new) {
            h.table.remove(&old);
            h.table.insert(new, s).map_err(|_| Errno::AddrInUse)?;
        }
        Ok(())
    }

    /// `accept(s)`: takes the next connection off a listener's queue.
    pub fn accept(&mut self, s: SocketId) -> Result<(SocketId, Endpoint), Errno> {
        let result = match self.sock(s) {
            Err(e) => Err(e),
            Ok(sock) => match &sock.kind {
                SocketKind::Udp(_) => Err(Errno::OpNotSupported),
                SocketKind::Tcp(t) if t.state != tcp::State::Listen => Err(Errno::InvalidInput),
                SocketKind::Tcp(_) => Err(Errno::WouldBlock),
            },
        };
        let host = self.sockets.get(&s).map(|x| x.host);
        self.record(host, Some(s), Call::Accept, result, |(socket, remote)| {
            CallValue::Accepted {
                socket: *socket,
                remote: *remote,
            }
        })
    }

    /// `send(s, data)` on a connected socket; returns the bytes accepted.
    pub fn send(&mut self, s: SocketId, data: &[u8]) -> Result<u32, Errno> {
        let result = match self.sock(s).map(|x| (x.protocol(), x.remote)) {
            Err(e) => Err(e),
            Ok((Protocol::Udp, None)) => self.take_udp_error(s).and(Err(Errno::DestAddrRequired)),
            Ok((Protocol::Udp, Some(remote))) => self.udp_send(s, data, remote),
            Ok((Protocol::Tcp, _)) => Err(Errno::NotConnected),
        };
        let host = self.sockets.get(&s).map(|x| x.host);
        let len = data.len() as u32;
        self.record(host, Some(s), Call::Send { len }, result, |n| {
            CallValue::Bytes(*n)
        })
    }

    /// `sendto(s, data, addr:port)`: one datagram to `remote`. An unbound socket gets an
    /// ephemeral port first, which is how a client's port is usually chosen.
    pub fn send_to(&mut self, s: SocketId, data: &[u8], remote: Endpoint) -> Result<u32, Errno> {
        let result = match self.sock(s).map(|x| x.protocol()) {
            Err(e) => Err(e),
            Ok(Protocol::Udp) => self.udp_send(s, data, remote),
            Ok(Protocol::Tcp) => Err(Errno::NotConnected),
        };
        let host = self.sockets.get(&s).map(|x| x.host);
        let len = data.len() as u32;
        self.record(host, Some(s), Call::SendTo { len, remote }, result, |n| {
            CallValue::Bytes(*n)
        })
    }

    /// `recv(s, max)`: up to `max` bytes. For UDP, one datagram (the rest of a longer one
    /// is discarded, as in C).
    pub fn recv(&mut self, s: SocketId, max: u32) -> Result<Vec<u8>, Errno> {
        let result = match self.sock(s).map(|x| x.protocol()) {
            Err(e) => Err(e),
            Ok(Protocol::Udp) => self.udp_recv(s, max).map(|(data, _)| data),
            Ok(Protocol::Tcp) => Err(Errno::NotConnected),
        };
        let host = self.sockets.get(&s).map(|x| x.host);
        let remote = self
            .sockets
            .get(&s)
            .and_then(|x| x.remote)
            .unwrap_or(Endpoint::any(0));
        self.record(host, Some(s), Call::Recv { max }, result, |d| {
            CallValue::Received {
                len: d.len() as u32,
                from: remote,
            }
        })
    }

    /// `recvfrom(s, max)`: one datagram and who sent it.
    pub fn recv_from(&mut self, s: SocketId, max: u32) -> Result<(Vec<u8>, Endpoint), Errno> {
        let result = match self.sock(s).map(|x| x.protocol()) {
            Err(e) => Err(e),
            Ok(Protocol::Udp) => self.udp_recv(s, max),
            Ok(Protocol::Tcp) => Err(Errno::NotConnected),
        };
        let host = self.sockets.get(&s).map(|x| x.host);
        self.record(
            host,
            Some(s),
            Call::RecvFrom { max },
            result,
            |(d, from)| CallValue::Received {
                len: d.len() as u32,
                from: *from,
            },
        )
    }

    /// `shutdown(s, how)`: stop reading, writing, or both, without closing.
    pub fn shutdown(&mut self, s: SocketId, how: Shutdown) -> Result<(), Errno> {
        let result = self.sock_mut(s).and_then(|sock| {
            if sock.remote.is_none() {
                return Err(Errno::NotConnected);
            }
            match &mut sock.kind {
                SocketKind::Udp(u) => {
                    u.shut_read |= matches!(how, Shutdown::Read | Shutdown::Both);
                    u.shut_write |= matches!(how, Shutdown::Write | Shutdown::Both);
                    Ok(())
                }
                SocketKind::Tcp(_) => Err(Errno::NotConnected),
            }
        });
        let host = self.sockets.get(&s).map(|x| x.host);
        self.record(host, Some(s), Call::Shutdown { how }, result, |_| {
            CallValue::None
        })
    }

    /// `close(s)`: the program lets go of the socket; its table entry goes with it.
    pub fn close(&mut self, s: SocketId) -> Result<(), Errno> {
        let result = match self.sockets.remove(&s) {
            None => Err(Errno::BadDescriptor),
            Some(sock) => {
                if let Some(h) = self.hosts.get_mut(&sock.host) {
                    h.sockets.remove(&s);
                    if let Some(key) = sock.table_key() {
                        h.table.remove(&key);
                    }
                }
                Ok(sock.host)
            }
        };
        let host = result.ok();
        self.record(host, Some(s), Call::Close, result.map(|_| ()), |_| {
            CallValue::None
        })
    }

    /// `getsockname(s)`: the local address, 0.0.0.0:0 while unbound.
    pub fn getsockname(&mut self, s: SocketId) -> Result<Endpoint, Errno> {
        let result = self.sock(s).map(|x| x.local.unwrap_or(Endpoint::any(0)));
        let host = self.sockets.get(&s).map(|x| x.host);
        self.record(host, Some(s), Call::GetSockName, result, |e| {
            CallValue::Endpoint(*e)
        })
    }

    /// `getpeername(s)`: the remote address of a connected socket.
    pub fn getpeername(&mut self, s: SocketId) -> Result<Endpoint, Errno> {
        let result = self
            .sock(s)
            .and_then(|x| x.remote.ok_or(Errno::NotConnected));
        let host = self.sockets.get(&s).map(|x| x.host);
        self.record(host, Some(s), Call::GetPeerName, result, |e| {
            CallValue::Endpoint(*e)
        })
    }
}
