//! Socket calls as the log records them ([`Call`], [`TcpCall`]), written with the
//! console's names: one rendering for the event log, the explanations and the tests, so
//! a call reads the same in the log as it is typed in the console (the socket itself is
//! the event's, so it is left out; data is shown as its length).

use super::shutdown_text;
use crate::log::Call;
use crate::tcp::TcpCall;
use std::fmt;

fn bytes(n: u32) -> String {
    super::bytes(u64::from(n))
}

impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Call::Socket { protocol } => {
                write!(f, "socket({})", protocol.to_string().to_lowercase())
            }
            Call::Bind { local } => write!(f, "bind({local})"),
            Call::Listen { backlog } => write!(f, "listen({backlog})"),
            Call::Accept => f.write_str("accept()"),
            Call::Connect { remote } => write!(f, "connect({remote})"),
            Call::Send { len } => write!(f, "send({})", bytes(*len)),
            Call::Recv { max } => write!(f, "recv({max})"),
            Call::SendTo { len, remote } => write!(f, "sendto({}, {remote})", bytes(*len)),
            Call::RecvFrom { max } => write!(f, "recvfrom({max})"),
            Call::Shutdown { how } => write!(f, "shutdown({})", shutdown_text(*how)),
            Call::Close => f.write_str("close()"),
            Call::GetSockName => f.write_str("getsockname()"),
            Call::GetPeerName => f.write_str("getpeername()"),
            Call::Ping { dst } => write!(f, "ping({dst})"),
            Call::Abort => f.write_str("abort()"),
            Call::SetReuseAddr { on } => {
                write!(f, "reuseaddr({})", if *on { "on" } else { "off" })
            }
        }
    }
}

impl fmt::Display for TcpCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TcpCall::Connect => "connect()",
            TcpCall::Listen => "listen()",
            TcpCall::Close => "close()",
            TcpCall::Abort => "abort()",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::CALLS;
    use super::*;
    use crate::socket::{Protocol, Shutdown};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// Every call the log can hold is named as the console names it.
    #[test]
    fn logged_calls_use_the_console_names() {
        let ep = "10.0.0.1:80".parse().unwrap();
        let calls = [
            Call::Socket {
                protocol: Protocol::Udp,
            },
            Call::Bind { local: ep },
            Call::Listen { backlog: 5 },
            Call::Accept,
            Call::Connect { remote: ep },
            Call::Send { len: 5 },
            Call::Recv { max: 9 },
            Call::SendTo { len: 2, remote: ep },
            Call::RecvFrom { max: 9 },
            Call::Shutdown {
                how: Shutdown::Write,
            },
            Call::Close,
            Call::GetSockName,
            Call::GetPeerName,
            Call::Ping { dst: ep.addr },
            Call::Abort,
            Call::SetReuseAddr { on: true },
        ];
        let texts: Vec<String> = calls.iter().map(Call::to_string).collect();
        for t in &texts {
            let name = t.split('(').next().unwrap_or_default();
            assert!(CALLS.iter().any(|c| c.name == name), "{t}");
        }
        assert_eq!(texts[0], "socket(udp)");
        assert_eq!(texts[9], "shutdown(write)");
        assert_eq!(texts[13], "ping(10.0.0.1)");
        assert_eq!(texts[15], "reuseaddr(on)");
        for c in [
            TcpCall::Connect,
            TcpCall::Listen,
            TcpCall::Close,
            TcpCall::Abort,
        ] {
            let name = c.to_string().replace("()", "");
            assert!(CALLS.iter().any(|k| k.name == name), "{c:?}");
        }
    }
}
