//! A node's ARP cache (RFC 826) with ageing (RFC 1122 §2.3.2.1) and the datagrams
//! waiting for an answer (RFC 1122 §2.3.2.2).

use super::{WaitQueue, Waiting};
use crate::time::{Duration, Instant};
use crate::wire::MacAddr;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::net::Ipv4Addr;

/// How long a learned entry lives. RFC 1122 §2.3.2.1 asks for a timeout on every entry
/// ("Periodically time out cache entries, even if they are in use") without a figure;
/// Linux keeps an entry reachable for 15-45 s (`base_reachable_time` 30 s), BSD for 20
/// minutes (`net.link.ether.inet.max_age`). One minute sits between and is short enough
/// to watch an entry expire in a lesson.
pub const ARP_TIMEOUT: Duration = Duration(60_000_000);

/// Time between two requests for one address: Linux's `retrans_time`, 1 s.
pub const ARP_RETRY: Duration = Duration(1_000_000);

/// Requests sent before giving up: Linux's `mcast_probes`, 3. After the last one's
/// second passes unanswered, the waiting datagrams are dropped ("ARP unresolved").
pub const ARP_RETRIES: u8 = 3;

/// Datagrams kept per unresolved address: RFC 1122 §2.3.2.2 asks to keep at least the
/// latest one; Linux keeps 101 (`net.ipv4.neigh.default.unres_qlen`, after 3 for years),
/// enough for a traceroute's 16 probes sent at once. When full, the oldest is dropped.
pub const UNRES_QLEN: usize = 101;

/// One cache entry: the MAC address, and when it expires (`None`: static, never).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArpEntry {
    pub mac: MacAddr,
    pub expires: Option<Instant>,
}

/// A request in progress: how many were sent, and the datagrams waiting for the answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ArpPending {
    pub tries: u8,
    pub queue: WaitQueue,
    /// The retry timer in the world's queue, taken out when the answer comes.
    pub timer: Option<crate::ids::QueueKey>,
}

/// Entries and pending requests, by (interface index, IPv4 address).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ArpCache {
    pub entries: BTreeMap<(u8, Ipv4Addr), ArpEntry>,
    pub pending: BTreeMap<(u8, Ipv4Addr), ArpPending>,
}

impl ArpCache {
    /// The MAC for `addr` on interface `iface` at `now`, if known and not expired.
    pub fn lookup(&self, iface: u8, addr: Ipv4Addr, now: Instant) -> Option<MacAddr> {
        self.entries
            .get(&(iface, addr))
            .filter(|e| e.expires.is_none_or(|t| t > now))
            .map(|e| e.mac)
    }

    /// Entries past their time at `now`, taken out of the cache (to be logged).
    pub fn take_expired(&mut self, now: Instant) -> Vec<((u8, Ipv4Addr), ArpEntry)> {
        let gone: Vec<_> = self
            .entries
            .iter()
            .filter(|(_, e)| e.expires.is_some_and(|t| t <= now))
            .map(|(k, e)| (*k, *e))
            .collect();
        for (k, _) in &gone {
            self.entries.remove(k);
        }
        gone
    }

    /// Queues a datagram for `addr`; returns the one pushed out when the queue was full.
    pub fn wait(&mut self, iface: u8, addr: Ipv4Addr, w: Waiting) -> Option<Waiting> {
        let p = self.pending.entry((iface, addr)).or_default();
        p.queue.push_back(w);
        (p.queue.len() > UNRES_QLEN)
            .then(|| p.queue.pop_front())
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_queues_stay_bounded() {
        let mut c = ArpCache::default();
        let a = Ipv4Addr::new(10, 0, 0, 2);
        c.entries.insert(
            (0, a),
            ArpEntry {
                mac: MacAddr::local(1, 0),
                expires: Some(Instant(10)),
            },
        );
        assert_eq!(c.lookup(0, a, Instant(9)), Some(MacAddr::local(1, 0)));
        assert_eq!(c.lookup(0, a, Instant(10)), None);
        assert_eq!(c.take_expired(Instant(10)).len(), 1);
        assert!(c.entries.is_empty());
        let w = |n: u8| Waiting {
            bytes: vec![n],
            socket: None,
            from: None,
        };
        for n in 0..UNRES_QLEN as u8 {
            assert_eq!(c.wait(0, a, w(n)), None);
        }
        assert_eq!(c.wait(0, a, w(9)), Some(w(0)), "the oldest goes first");
        assert_eq!(c.pending[&(0, a)].queue.len(), UNRES_QLEN);
    }
}
