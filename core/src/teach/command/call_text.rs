//! The English text of logged calls ([`Call`], [`TcpCall`]): [`Call::text`] (in
//! [`crate::call`]) with byte counts worded as the console words them, so a call reads the
//! same in the log as it is typed in the console (the socket itself is the event's, so it
//! is left out; data is shown as its length).

use crate::call::{write_call, CallName};
use crate::log::Call;
use crate::tcp::TcpCall;
use std::fmt;

fn bytes(n: u32) -> String {
    super::bytes(u64::from(n))
}

/// English, as the console and the command-line log write it.
impl fmt::Display for Call {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text(bytes))
    }
}

/// TCP's user calls are written as the console's call that made them, with no arguments.
impl fmt::Display for TcpCall {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_call(f, CallName::from(*self), &[])
    }
}

#[cfg(test)]
mod tests {
    use super::super::spec;
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
        for (c, t) in calls.iter().zip(&texts) {
            assert!(t.starts_with(&format!("{}(", spec(c.name()).name)), "{t}");
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
            assert_eq!(c.to_string(), format!("{}()", CallName::from(c)), "{c:?}");
        }
    }
}
