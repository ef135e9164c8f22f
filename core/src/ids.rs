//! The names everyone shares: hosts, sockets, packets and places in the event queue.
//!
//! They live apart from the entities they name so that the entities, the network, the
//! world and the log can all refer to one another's things without importing one another
//! (the layering in docs/ARCHITECTURE.md).

use crate::time::Instant;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A host of the world, by the order it was spawned in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct HostId(pub u32);

/// A socket, like a file descriptor: a small number the program uses in every call.
/// Numbers are world-wide and never reused within a run, so a log line stays unambiguous.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct SocketId(pub u32);

impl fmt::Display for SocketId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Names one packet on the wire, for as long as the run lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct PacketId(pub u64);

/// Where a scheduled event sits in the world's queue, to move or cancel it later. Ordered
/// by time, then by the order it was scheduled in: the fixed tie-break that keeps runs
/// identical.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct QueueKey {
    pub at: Instant,
    pub seq: u64,
}
