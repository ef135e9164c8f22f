//! Why a console line could not run, worded in English (`message` adds Korean).

use crate::endpoint::AddrParseError;
use crate::errno::Errno;
use crate::host::HostError;
use crate::network::PacketError;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a line could not run. Parse errors carry the column (from 1) they point at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommandError {
    Parse {
        column: u32,
        message: String,
        /// The same message in Korean (see [`CommandError::message`]).
        ko: String,
    },
    Address(AddrParseError),
    /// No `HOST:` on this line and none before it.
    NoHost,
    UnknownHost(String),
    UnknownVariable {
        host: String,
        name: String,
    },
    /// `x = ...` on a call that returns no socket.
    NothingToAssign,
    Host(HostError),
    Packet(PacketError),
    /// A topology change refused, or a node the internet-layer calls do not know.
    Net(crate::world::NetError),
    Errno(Errno),
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::Parse {
                column, message, ..
            } => write!(f, "at column {column}: {message}"),
            CommandError::Address(e) => e.fmt(f),
            CommandError::NoHost => {
                f.write_str("say which host runs this call, like \"A: socket(tcp)\"")
            }
            CommandError::UnknownHost(h) => write!(f, "there is no host named {h}"),
            CommandError::UnknownVariable { host, name } => {
                write!(f, "host {host} has no socket called {name}: create one with \"{host}: {name} = socket(tcp)\"")
            }
            CommandError::NothingToAssign => {
                f.write_str("only socket() and accept() return a socket to name")
            }
            CommandError::Host(e) => e.fmt(f),
            CommandError::Packet(e) => e.fmt(f),
            CommandError::Net(e) => e.fmt(f),
            CommandError::Errno(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for CommandError {}

impl From<Errno> for CommandError {
    fn from(e: Errno) -> Self {
        CommandError::Errno(e)
    }
}
