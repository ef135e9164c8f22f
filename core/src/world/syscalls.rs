//! The BSD socket calls, as methods of `World` on a [`SocketId`].
//!
//! Every call is logged with its arguments and result, success or errno. Calls never
//! block: where a real program would wait (accept, recv), the call answers
//! [`Errno::WouldBlock`] and the learner lets time run, which is the moment to watch.

use crate::endpoint::Endpoint;
use crate::errno::Errno;
use crate::ids::HostId;
use crate::log::{Call, CallValue, EventKind};
use crate::socket::{Protocol, Shutdown, Socket, SocketId, SocketKind, TcpSocket, UdpState};
use crate::tcp::State;
use crate::world::World;
use std::net::Ipv4Addr;

impl World {
    /// Logs a call and passes its result through.
    pub(crate) fn record<T>(
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

    /// A socket the program holds: closed ones and connections not yet accepted answer
    /// EBADF, as a file descriptor the program never got would.
    pub(crate) fn owned_sock(&self, id: SocketId) -> Result<&Socket, Errno> {
        self.sock(id).and_then(|s| {
            if s.owned {
                Ok(s)
            } else {
                Err(Errno::BadDescriptor)
            }
        })
    }

    fn host_of(&self, s: SocketId) -> Option<HostId> {
        self.sockets.get(&s).map(|x| x.host)
    }

    /// `socket(AF_INET, SOCK_STREAM or SOCK_DGRAM, 0)` on `host`.
    pub fn socket(&mut self, host: HostId, protocol: Protocol) -> Result<SocketId, Errno> {
        let result = if self.hosts.contains_key(&host) {
            let id = SocketId(self.next_socket);
            self.next_socket += 1;
            let kind = match protocol {
                Protocol::Udp => SocketKind::Udp(UdpState::default()),
                Protocol::Tcp => SocketKind::Tcp(TcpSocket::default()),
            };
            let socket = Socket {
                id,
                host,
                local: None,
                remote: None,
                kind,
                owned: true,
            };
            self.sockets.insert(id, socket);
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
        let host = self.host_of(s);
        self.record(host, Some(s), Call::Bind { local }, result, |_| {
            CallValue::None
        })
    }

    fn bind_inner(&mut self, s: SocketId, local: Endpoint) -> Result<(), Errno> {
        let sock = self.owned_sock(s)?;
        if sock.local.is_some() {
            return Err(Errno::InvalidInput);
        }
        let (host_id, protocol) = (sock.host, sock.protocol());
        let reuse = sock.tcp().is_some_and(|t| t.reuse_addr);
        let host = self.hosts.get(&host_id).ok_or(Errno::BadDescriptor)?;
        if !local.addr.is_unspecified() && local.addr != host.addr {
            return Err(Errno::AddrNotAvail);
        }
        let port = match local.port {
            0 => self
                .hosts
                .get_mut(&host_id)
                .and_then(|h| h.ephemeral_port(protocol))
                .ok_or(Errno::AddrInUse)?,
            p if self.port_conflict(host_id, protocol, p, local.addr, reuse) => {
                return Err(Errno::AddrInUse)
            }
            p => p,
        };
        self.set_local(s, Endpoint::new(local.addr, port))
    }

    /// Does binding `addr:port` clash with a socket already there? Addresses overlap when
    /// equal or when either is 0.0.0.0. With SO_REUSEADDR, connections lingering in
    /// TIME-WAIT do not count (RFC 9293 §3.4.2 keeps them to absorb old duplicates; the
    /// option says the program accepts that risk).
    fn port_conflict(
        &self,
        host: HostId,
        protocol: Protocol,
        port: u16,
        addr: Ipv4Addr,
        reuse: bool,
    ) -> bool {
        let Some(h) = self.hosts.get(&host) else {
            return true;
        };
        h.table
            .on_port(protocol, port)
            .filter(|(k, _)| k.addr == addr || k.addr.is_unspecified() || addr.is_unspecified())
            .any(|(_, id)| !(reuse && self.tcb(*id).is_some_and(|t| t.state() == State::TimeWait)))
    }

    /// Gives a socket its local address and enters it in its host's table.
    pub(crate) fn set_local(&mut self, s: SocketId, local: Endpoint) -> Result<(), Errno> {
        let sock = self.sock_mut(s)?;
        sock.local = Some(local);
        let (host, key) = (sock.host, sock.table_key());
        if let (Some(h), Some(key)) = (self.hosts.get_mut(&host), key) {
            if h.table.insert(key, s).is_err() {
                self.sock_mut(s)?.local = None;
                return Err(Errno::AddrInUse);
            }
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

    /// Moves a socket to a new remote end, re-keying it in the table. Fails with
    /// EADDRINUSE if another socket already has that exact key (the same 4-tuple).
    pub(crate) fn set_remote(
        &mut self,
        s: SocketId,
        remote: Option<Endpoint>,
    ) -> Result<(), Errno> {
        let sock = self.sock_mut(s)?;
        let host = sock.host;
        let old = sock.table_key();
        let previous = sock.remote;
        sock.remote = remote;
        let new = sock.table_key();
        if let (Some(h), Some(old), Some(new)) = (self.hosts.get_mut(&host), old, new) {
            // The old key may already be gone (a closed connection is unhashed) or even
            // belong to a newer connection: only this socket's own entry moves.
            let owned_old = h.table.get(&old) == Some(s);
            if owned_old {
                h.table.remove(&old);
            }
            if h.table.insert(new, s).is_err() {
                if owned_old {
                    h.table.insert(old, s).ok();
                }
                self.sock_mut(s)?.remote = previous;
                return Err(Errno::AddrInUse);
            }
        }
        Ok(())
    }

    /// Narrows a wildcard local address to the host's own, as the route would pick it.
    pub(crate) fn rebind_addr(&mut self, s: SocketId, addr: Ipv4Addr) -> Result<(), Errno> {
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

    /// `listen(s, backlog)`: a TCP socket starts waiting for connections (CLOSED -> LISTEN,
    /// RFC 9293 §3.10.1 passive OPEN). An unbound socket gets an ephemeral port first.
    pub fn listen(&mut self, s: SocketId, backlog: u32) -> Result<(), Errno> {
        let result = match self.owned_sock(s).map(Socket::protocol) {
            Err(e) => Err(e),
            Ok(Protocol::Udp) => Err(Errno::OpNotSupported),
            Ok(Protocol::Tcp) => self.tcp_listen(s, backlog),
        };
        let host = self.host_of(s);
        self.record(host, Some(s), Call::Listen { backlog }, result, |_| {
            CallValue::None
        })
    }

    /// `connect(s, addr:port)`. For TCP, the three-way handshake starts (SYN sent) and
    /// completes as time runs. For UDP it only fixes the peer: later `send`s go there and
    /// only its datagrams are received.
    pub fn connect(&mut self, s: SocketId, remote: Endpoint) -> Result<(), Errno> {
        let result = self.connect_inner(s, remote);
        let host = self.host_of(s);
        self.record(host, Some(s), Call::Connect { remote }, result, |_| {
            CallValue::None
        })
    }

    fn connect_inner(&mut self, s: SocketId, remote: Endpoint) -> Result<(), Errno> {
        let sock = self.owned_sock(s)?;
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
                if local.addr.is_unspecified() {
                    self.rebind_addr(s, host_addr)?;
                }
                self.set_remote(s, Some(remote))
            }
            Protocol::Tcp => self.tcp_connect(s, remote),
        }
    }

    /// `accept(s)`: takes the next established connection off a listener's queue: a new
    /// socket with the listener's local address and the client's as remote.
    pub fn accept(&mut self, s: SocketId) -> Result<(SocketId, Endpoint), Errno> {
        let result = match self.owned_sock(s).map(Socket::protocol) {
            Err(e) => Err(e),
            Ok(Protocol::Udp) => Err(Errno::OpNotSupported),
            Ok(Protocol::Tcp) => self.tcp_accept(s),
        };
        let host = self.host_of(s);
        self.record(host, Some(s), Call::Accept, result, |(socket, remote)| {
            CallValue::Accepted {
                socket: *socket,
                remote: *remote,
            }
        })
    }

    /// `send(s, data)` on a connected socket; returns the bytes accepted.
    pub fn send(&mut self, s: SocketId, data: &[u8]) -> Result<u32, Errno> {
        let result = match self.owned_sock(s).map(|x| (x.protocol(), x.remote)) {
            Err(e) => Err(e),
            Ok((Protocol::Udp, None)) => self.take_udp_error(s).and(Err(Errno::DestAddrRequired)),
            Ok((Protocol::Udp, Some(remote))) => self.udp_send(s, data, remote),
            Ok((Protocol::Tcp, _)) => self.tcp_send(s, data),
        };
        let host = self.host_of(s);
        let len = data.len() as u32;
        self.record(host, Some(s), Call::Send { len }, result, |n| {
            CallValue::Bytes(*n)
        })
    }

    /// `sendto(s, data, addr:port)`: one datagram to `remote`. An unbound socket gets an
    /// ephemeral port first, which is how a client's port is usually chosen. On a TCP
    /// socket the address is ignored, as in Linux, once connected.
    pub fn send_to(&mut self, s: SocketId, data: &[u8], remote: Endpoint) -> Result<u32, Errno> {
        let result = match self.owned_sock(s).map(Socket::protocol) {
            Err(e) => Err(e),
            Ok(Protocol::Udp) => self.udp_send(s, data, remote),
            Ok(Protocol::Tcp) => self.tcp_send(s, data),
        };
        let host = self.host_of(s);
        let len = data.len() as u32;
        self.record(host, Some(s), Call::SendTo { len, remote }, result, |n| {
            CallValue::Bytes(*n)
        })
    }

    /// `recv(s, max)`: up to `max` bytes. For UDP, one datagram (the rest of a longer one
    /// is discarded, as in C). For TCP, an empty result means the peer closed.
    pub fn recv(&mut self, s: SocketId, max: u32) -> Result<Vec<u8>, Errno> {
        let result = match self.owned_sock(s).map(Socket::protocol) {
            Err(e) => Err(e),
            Ok(Protocol::Udp) => self.udp_recv(s, max).map(|(data, _)| data),
            Ok(Protocol::Tcp) => self.tcp_recv(s, max),
        };
        let host = self.host_of(s);
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
        let result = match self.owned_sock(s).map(|x| (x.protocol(), x.remote)) {
            Err(e) => Err(e),
            Ok((Protocol::Udp, _)) => self.udp_recv(s, max),
            Ok((Protocol::Tcp, remote)) => self
                .tcp_recv(s, max)
                .map(|d| (d, remote.unwrap_or(Endpoint::any(0)))),
        };
        let host = self.host_of(s);
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

    /// `shutdown(s, how)`: stop reading, writing, or both, without closing. For TCP,
    /// shutting the write side sends a FIN: a half-close.
    pub fn shutdown(&mut self, s: SocketId, how: Shutdown) -> Result<(), Errno> {
        let result = match self.owned_sock(s).map(|x| (x.protocol(), x.remote)) {
            Err(e) => Err(e),
            Ok((_, None)) => Err(Errno::NotConnected),
            Ok((Protocol::Tcp, _)) => self.tcp_shutdown(s, how),
            Ok((Protocol::Udp, _)) => match self.sock_mut(s).map(|x| &mut x.kind) {
                Ok(SocketKind::Udp(u)) => {
                    u.shut_read |= matches!(how, Shutdown::Read | Shutdown::Both);
                    u.shut_write |= matches!(how, Shutdown::Write | Shutdown::Both);
                    Ok(())
                }
                _ => Err(Errno::BadDescriptor),
            },
        };
        let host = self.host_of(s);
        self.record(host, Some(s), Call::Shutdown { how }, result, |_| {
            CallValue::None
        })
    }

    /// `close(s)`: the program lets go of the socket. A UDP socket and its port are freed at
    /// once; a TCP connection goes on closing in the kernel (FIN, TIME-WAIT) and its table
    /// row stays until it reaches CLOSED.
    pub fn close(&mut self, s: SocketId) -> Result<(), Errno> {
        let host = self.host_of(s);
        let result = match self.owned_sock(s).map(Socket::protocol) {
            Err(e) => Err(e),
            Ok(Protocol::Udp) => {
                self.delete_socket(s);
                Ok(())
            }
            Ok(Protocol::Tcp) => self.tcp_close(s),
        };
        self.record(host, Some(s), Call::Close, result, |_| CallValue::None)
    }

    /// `getsockname(s)`: the local address, 0.0.0.0:0 while unbound.
    pub fn getsockname(&mut self, s: SocketId) -> Result<Endpoint, Errno> {
        let result = self
            .owned_sock(s)
            .map(|x| x.local.unwrap_or(Endpoint::any(0)));
        let host = self.host_of(s);
        self.record(host, Some(s), Call::GetSockName, result, |e| {
            CallValue::Endpoint(*e)
        })
    }

    /// `getpeername(s)`: the remote address of a connected socket.
    pub fn getpeername(&mut self, s: SocketId) -> Result<Endpoint, Errno> {
        let result = self.owned_sock(s).and_then(|x| {
            let connected = x
                .tcp()
                .is_none_or(|t| t.tcb.as_ref().is_some_and(|c| c.synchronized()));
            x.remote.filter(|_| connected).ok_or(Errno::NotConnected)
        });
        let host = self.host_of(s);
        self.record(host, Some(s), Call::GetPeerName, result, |e| {
            CallValue::Endpoint(*e)
        })
    }
}
