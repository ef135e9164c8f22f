//! The event log: everything that happened, when, where, and why.
//!
//! Causes are data, not sentences, so the web app can explain each event in Korean or
//! English and filter by host, socket and kind.
//!
//! The kinds of event are in `kind`, the packet summary a sent packet is logged with in
//! `packet`, and the store (its bounds, counts and digest) in `store`.

mod kind;
mod packet;
mod store;
#[cfg(test)]
mod tests;

pub use kind::{Call, CallValue, DropReason, EventKind, NetChange, PacketControl, KIND_COUNT};
pub use packet::PacketSummary;
pub use store::EventLog;
pub(crate) use store::LogMark;

use crate::ids::{HostId, SocketId};
use crate::time::Instant;
use serde::{Deserialize, Serialize};

/// One entry of the log. `seq` numbers events from 0 in the order they happened, so a
/// viewer can ask for "everything after N".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub seq: u64,
    pub at: Instant,
    pub host: Option<HostId>,
    pub socket: Option<SocketId>,
    pub kind: EventKind,
}
