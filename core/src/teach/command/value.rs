//! What a call returned, and bytes quoted so the console can read them back.

use super::bytes;
use crate::endpoint::Endpoint;
use crate::socket::SocketId;
use serde::{Deserialize, Serialize};
use std::fmt;

/// What a call returned, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    Done,
    Socket {
        id: SocketId,
    },
    Sent {
        len: u32,
    },
    Received {
        data: Vec<u8>,
        from: Option<Endpoint>,
    },
    Accepted {
        id: SocketId,
        remote: Endpoint,
    },
    Endpoint(Endpoint),
    /// A TCP `connect`: the SYN is sent and the handshake goes on as time runs (the call
    /// returned at once, like a non-blocking connect).
    Connecting,
    /// A table to show as it is (`route(A)`, `arp(A)`), in each language.
    Text {
        en: String,
        ko: String,
    },
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Done => f.write_str("ok"),
            Value::Socket { id } => write!(f, "socket {id}"),
            Value::Sent { len } => write!(f, "{} accepted for sending", bytes(u64::from(*len))),
            Value::Received { data, .. } if data.is_empty() => {
                f.write_str("0 bytes: end of stream (the peer closed)")
            }
            Value::Received { data, from } => {
                write!(f, "{} ({})", quote(data), bytes(data.len() as u64))?;
                match from {
                    Some(ep) => write!(f, " from {ep}"),
                    None => Ok(()),
                }
            }
            Value::Accepted { id, remote } => write!(f, "socket {id}, connected to {remote}"),
            Value::Endpoint(ep) => write!(f, "{ep}"),
            // Starts with "ok" so that lessons expecting "ok" of a connect still match.
            Value::Connecting => f.write_str("ok: SYN sent; connecting…"),
            Value::Text { en, .. } => f.write_str(en),
        }
    }
}

/// Bytes as a string literal the console can read back: valid UTF-8 as text (so "안녕"
/// reads as 안녕, not as \xec\x95\x88…), control characters and bytes that are not UTF-8
/// escaped.
pub fn quote(data: &[u8]) -> String {
    format!("\"{}\"", crate::wire::dissect::escape_bytes(data))
}
