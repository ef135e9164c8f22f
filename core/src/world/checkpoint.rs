//! Checkpoints: earlier moments of the same run, for stepping back.
//!
//! The log and the capture only ever grow, so an earlier moment's are a prefix of today's.
//! A checkpoint therefore copies everything but those two and remembers their lengths
//! (and the log's counts and digest so far, see `EventLog::mark`); rewinding cuts them
//! back. A checkpoint of a long run costs the live state (hosts,
//! sockets, packets in flight), not the history.

use super::World;
use crate::log::{EventLog, LogMark};

/// An earlier moment of a world, to rewind to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    world: World,
    log: LogMark,
    capture_len: u64,
}

impl Checkpoint {
    /// The virtual time of the moment.
    pub fn now(&self) -> crate::time::Instant {
        self.world.now
    }

    /// How many events the log held then.
    pub fn log_len(&self) -> u64 {
        self.log.len()
    }
}

impl World {
    pub fn checkpoint(&self) -> Checkpoint {
        let world = World {
            now: self.now,
            queue: self.queue.clone(),
            hosts: self.hosts.clone(),
            by_addr: self.by_addr.clone(),
            sockets: self.sockets.clone(),
            network: self.network.clone(),
            log: EventLog::default(),
            capture: Vec::new(),
            rng: self.rng.clone(),
            externals: self.externals.clone(),
            config: self.config.clone(),
            next_host: self.next_host,
            next_socket: self.next_socket,
            topo: self.topo.clone(),
            spare_bytes: Default::default(),
        };
        Checkpoint {
            world,
            log: self.log.mark(),
            capture_len: self.capture.len() as u64,
        }
    }

    /// Returns to a checkpoint taken earlier in this same run (its log must be a prefix of
    /// this one's, which holds for any checkpoint taken before now). Returns false, and
    /// changes nothing, for a checkpoint from the future or from another run.
    pub fn rewind(&mut self, cp: &Checkpoint) -> bool {
        let from_this_run =
            cp.log.len() <= self.log.len() && cp.capture_len <= self.capture.len() as u64;
        if !from_this_run {
            return false;
        }
        let mut log = std::mem::take(&mut self.log);
        let mut capture = std::mem::take(&mut self.capture);
        log.rewind(&cp.log);
        capture.truncate(cp.capture_len as usize);
        *self = cp.world.clone();
        self.log = log;
        self.capture = capture;
        true
    }
}

#[cfg(test)]
mod tests {
    use crate::{Duration, World};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn busy_world() -> (World, crate::SocketId) {
        let (w, _, c) = crate::testkit::listener_and_client(9);
        (w, c)
    }

    #[test]
    fn rewinding_gives_back_exactly_the_earlier_world() {
        let (mut w, c) = busy_world();
        w.advance(Duration::from_millis(15));
        let before = w.clone();
        let cp = w.checkpoint();
        w.send(c, &[7; 3000]).unwrap();
        w.advance(Duration::from_secs(3));
        assert_ne!(w, before);
        assert!(w.rewind(&cp));
        assert_eq!(w, before, "log, capture and state all as they were");
        // And the run goes on as it did the first time.
        let mut again = before.clone();
        w.advance(Duration::from_secs(1));
        again.advance(Duration::from_secs(1));
        assert_eq!(w, again);
    }

    #[test]
    fn a_checkpoint_from_the_future_is_refused() {
        let (mut w, _) = busy_world();
        let early = w.clone();
        w.advance(Duration::from_secs(1));
        let late = w.checkpoint();
        let mut other = early;
        assert!(!other.rewind(&late));
        assert!(other.now() < late.now());
    }
}
