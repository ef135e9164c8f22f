//! What a socket call can answer instead of success, named after the errno values of
//! POSIX and Linux so that the lessons carry over to real programs.

use crate::lang::Lang;
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

impl Errno {
    /// The explanation in Korean, the same facts as [`Errno::explanation`].
    pub fn explanation_ko(self) -> &'static str {
        match self {
            Errno::AddrInUse => "다른 소켓이 이미 이 호스트에서 그 주소와 포트를 쓰고 있습니다 (listen 중인 소켓, 연결, 또는 아직 TIME-WAIT에 있는 연결)",
            Errno::AddrNotAvail => "그 IP 주소는 이 호스트의 주소가 아니어서, 여기 소켓의 로컬 주소로 쓸 수 없습니다",
            Errno::ConnRefused => "상대 호스트가 그 포트에서 listen 중인 소켓이 없다고 답했습니다 (TCP RST, 또는 UDP라면 ICMP 포트 도달 불가)",
            Errno::ConnReset => "상대가 RST로 연결을 리셋했습니다: 상대는 이 연결을 더 이상 알지 못합니다",
            Errno::ConnAborted => "연결이 accept되기 전에 중단되었습니다",
            Errno::TimedOut => "상대가 응답을 멈췄습니다: 재전송 한도까지 어떤 재전송도 확인응답을 받지 못했습니다",
            Errno::InvalidInput => "지금 상태의 이 소켓에는 맞지 않는 호출이거나, 인자가 올바르지 않습니다",
            Errno::NotConnected => "소켓이 상대와 연결되어 있지 않아서, 주고받을 상대가 없습니다",
            Errno::IsConnected => "소켓이 이미 연결되어 있습니다",
            Errno::Already => "이 소켓에서 이미 연결을 시도하는 중입니다",
            Errno::InProgress => "연결이 시작되었고 (SYN을 보냄) 뒤에서 계속 진행됩니다",
            Errno::WouldBlock => "아직 돌려줄 것이 없습니다: 데이터도 연결도 도착하지 않았습니다. 시간을 흐르게 한 뒤 다시 해 보세요",
            Errno::DestAddrRequired => "연결되지 않은 UDP 소켓은 목적지가 필요합니다: sendto를 쓰세요",
            Errno::BrokenPipe => "이쪽이 쓰기를 닫았거나 연결이 사라져서, 더 보낼 수 없습니다",
            Errno::MsgSize => "데이터그램이 IPv4 패킷 하나에 담을 수 있는 크기(UDP 페이로드 65,507바이트)보다 큽니다",
            Errno::OpNotSupported => "이 종류의 소켓은 그 호출을 지원하지 않습니다 (예: UDP에서 listen)",
            Errno::BadDescriptor => "이 호스트에 그 번호로 열린 소켓이 없습니다",
            Errno::HostUnreachable => "네트워크에 그 주소를 가진 호스트가 없습니다",
            Errno::NoBufferSpace => "소켓의 버퍼가 가득 찼습니다",
            Errno::TooManyOpenFiles => "이 호스트에 남은 소켓 번호나 임시 포트가 없습니다",
        }
    }

    /// The explanation in the page's language.
    pub fn explanation_in(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.explanation(),
            Lang::Ko => self.explanation_ko(),
        }
    }

    /// The C name and the explanation in `lang`; the English one is the `Display` text.
    pub fn message(self, lang: Lang) -> String {
        format!("{}: {}", self.name(), self.explanation_in(lang))
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
            assert_eq!(e.message(Lang::En), e.to_string());
            assert!(e.message(Lang::Ko).starts_with(e.name()));
        }
    }
}
