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

impl Call {
    /// The call as the console writes it, with data lengths worded by `bytes` (so the log
    /// can say "6바이트" in Korean): the one rendering of a logged call.
    pub fn text(&self, bytes: impl Fn(u32) -> String) -> String {
        match self {
            Call::Socket { protocol } => format!("socket({})", protocol.to_string().to_lowercase()),
            Call::Bind { local } => format!("bind({local})"),
            Call::Listen { backlog } => format!("listen({backlog})"),
            Call::Accept => "accept()".into(),
            Call::Connect { remote } => format!("connect({remote})"),
            Call::Send { len } => format!("send({})", bytes(*len)),
            Call::Recv { max } => format!("recv({max})"),
            Call::SendTo { len, remote } => format!("sendto({}, {remote})", bytes(*len)),
            Call::RecvFrom { max } => format!("recvfrom({max})"),
            Call::Shutdown { how } => format!("shutdown({})", shutdown_text(*how)),
            Call::Close => "close()".into(),
            Call::GetSockName => "getsockname()".into(),
            Call::GetPeerName => "getpeername()".into(),
            Call::Ping { dst } => format!("ping({dst})"),
            Call::Abort => "abort()".into(),
            Call::SetReuseAddr { on } => format!("reuseaddr({})", if *on { "on" } else { "off" }),
        }
    }
}

/// English, as the console and the command-line log write it.
impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(bytes))
    }
}

impl fmt::Display for TcpCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TcpCall::Connect => "connect()",
            TcpCall::Listen => "listen()",
            TcpCall::Close => "close()",
            TcpCall::Shutdown => "shutdown()",
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
