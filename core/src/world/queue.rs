//! The event queue: what happens next, in a fixed order.
//!
//! Keyed by (time, insertion number), so two events due at the same microsecond always run
//! in the order they were scheduled, on every machine. Removal by key keeps holding,
//! dropping and re-timing a packet O(log n).

use crate::ids::PacketId;
use crate::time::Instant;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::ids::QueueKey;

/// Something the world will do at a given time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scheduled {
    /// A packet reaches the end of its path (or vanishes there, if lost).
    Arrive(PacketId),
    /// A TCP socket's earliest timer is due.
    TcpTimer(crate::ids::SocketId),
    /// An ARP request for `addr` on interface `iface` of `node` is due to be repeated,
    /// or given up (see [`crate::topology::ARP_RETRY`]).
    Arp {
        node: crate::ids::HostId,
        iface: u8,
        addr: std::net::Ipv4Addr,
    },
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventQueue {
    entries: BTreeMap<QueueKey, Scheduled>,
    next_seq: u64,
}

impl EventQueue {
    pub fn push(&mut self, at: Instant, what: Scheduled) -> QueueKey {
        let key = QueueKey {
            at,
            seq: self.next_seq,
        };
        self.next_seq += 1;
        self.entries.insert(key, what);
        key
    }

    pub fn remove(&mut self, key: QueueKey) -> Option<Scheduled> {
        self.entries.remove(&key)
    }

    pub fn pop(&mut self) -> Option<(QueueKey, Scheduled)> {
        self.entries.pop_first()
    }

    pub fn next_at(&self) -> Option<Instant> {
        self.entries.first_key_value().map(|(k, _)| k.at)
    }

    pub fn len(&self) -> u64 {
        self.entries.len() as u64
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn ties_break_by_insertion_order() {
        let mut q = EventQueue::default();
        q.push(Instant(5), Scheduled::Arrive(PacketId(1)));
        q.push(Instant(3), Scheduled::Arrive(PacketId(2)));
        q.push(Instant(5), Scheduled::Arrive(PacketId(3)));
        q.push(Instant(3), Scheduled::Arrive(PacketId(4)));
        let order: Vec<_> = std::iter::from_fn(|| q.pop())
            .map(|(_, s)| match s {
                Scheduled::Arrive(p) => p.0,
                _ => u64::MAX,
            })
            .collect();
        assert_eq!(order, vec![2, 4, 1, 3]);
    }

    #[test]
    fn removed_events_never_run() {
        let mut q = EventQueue::default();
        let a = q.push(Instant(1), Scheduled::Arrive(PacketId(1)));
        q.push(Instant(2), Scheduled::Arrive(PacketId(2)));
        assert_eq!(q.remove(a), Some(Scheduled::Arrive(PacketId(1))));
        assert_eq!(q.remove(a), None);
        assert_eq!(q.next_at(), Some(Instant(2)));
        assert_eq!(q.len(), 1);
    }
}
