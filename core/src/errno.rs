//! What a socket call can answer instead of success, named after the errno values of
//! POSIX and Linux so that the lessons carry over to real programs.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A failed socket call. `Display` gives the plain explanation a learner reads; [`name`]
/// gives the C name a programmer looks up.
///
/// [`name`]: Errno::name
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Errno {
    /// EADDRINUSE
    AddrInUse,
    /// EADDRNOTAVAIL
    AddrNotAvail,
    /// ECONNREFUSED
    ConnRefused,
    /// ECONNRESET
    ConnReset,
    /// ECONNABORTED
    ConnAborted,
    /// ETIMEDOUT
    TimedOut,
    /// EINVAL
    InvalidInput,
    /// ENOTCONN
    NotConnected,
    /// EISCONN
    IsConnected,
    /// EALREADY
    Already,
    /// EINPROGRESS
    InProgress,
    /// EAGAIN / EWOULDBLOCK
    WouldBlock,
    /// EDESTADDRREQ
    DestAddrRequired,
    /// EPIPE
    BrokenPipe,
    /// EMSGSIZE
    MsgSize,
    /// EOPNOTSUPP
    OpNotSupported,
    /// EBADF
    BadDescriptor,
    /// EHOSTUNREACH
    HostUnreachable,
    /// ENOBUFS
    NoBufferSpace,
    /// EMFILE
    TooManyOpenFiles,
}

impl Errno {
    pub const ALL: [Errno; 20] = [
        Errno::AddrInUse,
        Errno::AddrNotAvail,
        Errno::ConnRefused,
        Errno::ConnReset,
        Errno::ConnAborted,
        Errno::TimedOut,
        Errno::InvalidInput,
        Errno::NotConnected,
        Errno::IsConnected,
        Errno::Already,
        Errno::InProgress,
        Errno::WouldBlock,
        Errno::DestAddrRequired,
        Errno::BrokenPipe,
        Errno::MsgSize,
        Errno::OpNotSupported,
        Errno::BadDescriptor,
        Errno::HostUnreachable,
        Errno::NoBufferSpace,
        Errno::TooManyOpenFiles,
    ];

    /// The C constant a programmer would see in `errno`.
    pub fn name(self) -> &'static str {
        match self {
            Errno::AddrInUse => "EADDRINUSE",
            Errno::AddrNotAvail => "EADDRNOTAVAIL",
            Errno::ConnRefused => "ECONNREFUSED",
            Errno::ConnReset => "ECONNRESET",
            Errno::ConnAborted => "ECONNABORTED",
            Errno::TimedOut => "ETIMEDOUT",
            Errno::InvalidInput => "EINVAL",
            Errno::NotConnected => "ENOTCONN",
            Errno::IsConnected => "EISCONN",
            Errno::Already => "EALREADY",
            Errno::InProgress => "EINPROGRESS",
            Errno::WouldBlock => "EAGAIN",
            Errno::DestAddrRequired => "EDESTADDRREQ",
            Errno::BrokenPipe => "EPIPE",
            Errno::MsgSize => "EMSGSIZE",
            Errno::OpNotSupported => "EOPNOTSUPP",
            Errno::BadDescriptor => "EBADF",
            Errno::HostUnreachable => "EHOSTUNREACH",
            Errno::NoBufferSpace => "ENOBUFS",
            Errno::TooManyOpenFiles => "EMFILE",
        }
    }

    /// Why a call fails with this error, in the words of the course notes.
    pub fn explanation(self) -> &'static str {
        match self {
            Errno::AddrInUse => "another socket on this host already holds that local address and port (a listener, a connection, or one still in TIME-WAIT)",
            Errno::AddrNotAvail => "that IP address does not belong to this host, so a socket here cannot use it as its local address",
            Errno::ConnRefused => "the other host answered that nothing is listening on that port (a TCP RST, or an ICMP port unreachable for UDP)",
            Errno::ConnReset => "the peer reset the connection with an RST: it no longer knows this connection",
            Errno::ConnAborted => "the connection was aborted before it could be accepted",
            Errno::TimedOut => "the peer stopped answering: every retransmission went unacknowledged until the retry limit",
            Errno::InvalidInput => "the call does not make sense for this socket in its current state, or an argument is invalid",
            Errno::NotConnected => "the socket is not connected to a peer, so there is nobody to talk to",
            Errno::IsConnected => "the socket is already connected",
            Errno::Already => "a connection attempt is already in progress on this socket",
            Errno::InProgress => "the connection has started (SYN sent) and completes in the background",
            Errno::WouldBlock => "nothing to return yet: no data or connection has arrived; let time run and try again",
            Errno::DestAddrRequired => "a UDP socket that is not connected needs a destination: use sendto",
            Errno::BrokenPipe => "this side has shut down writing, or the connection is gone, so nothing more can be sent",
            Errno::MsgSize => "the datagram is larger than one IPv4 packet can carry (65,507 bytes of UDP payload)",
            Errno::OpNotSupported => "this kind of socket does not support that call (for example listen on UDP)",
            Errno::BadDescriptor => "there is no open socket with that number on this host",
            Errno::HostUnreachable => "no host on the network has that address",
            Errno::NoBufferSpace => "the socket's buffer is full",
            Errno::TooManyOpenFiles => "this host has no free socket numbers or ephemeral ports left",
        }
    }
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name(), self.explanation())
    }
}

impl std::error::Error for Errno {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_errno_has_a_distinct_name_and_an_explanation() {
        let names: BTreeSet<_> = Errno::ALL.iter().map(|e| e.name()).collect();
        assert_eq!(names.len(), Errno::ALL.len());
        for e in Errno::ALL {
            assert!(e.name().starts_with('E'));
            assert!(e.explanation().len() > 20, "{e:?}");
            assert!(e.to_string().starts_with(e.name()));
        }
    }
}
