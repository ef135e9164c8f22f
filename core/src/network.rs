//! The shared segment hosts talk over: per-direction path settings, the packets now in
//! flight, and scripted faults.
//!
//! IP promises nothing: this is where packets get lost, duplicated, delayed, reordered and
//! corrupted, and where the user can grab any one of them.

use crate::ids::HostId;
use crate::ids::QueueKey;
use crate::time::{Duration, Instant};
use crate::wire::{IpPacket, IpProtocol, TcpFlags};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod path_keys;
pub use path_keys::{parse_time, time_text, PathKey, Unit, MAX_TIME_US, PATH_KEYS};

pub use crate::ids::PacketId;

/// How one direction of a host pair treats packets. Probabilities are parts per million
/// (10 % = 100_000), so no floating point decides anything in the simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathSettings {
    /// One-way propagation delay.
    pub delay: Duration,
    /// Extra delay drawn uniformly from `0..=jitter` per packet.
    pub jitter: Duration,
    pub loss_ppm: u32,
    pub duplicate_ppm: u32,
    /// Chance that a packet is held back by `reorder_extra`, so later ones overtake it.
    pub reorder_ppm: u32,
    pub reorder_extra: Duration,
    /// Chance that one bit of the datagram flips on the way.
    pub corrupt_ppm: u32,
}

impl Default for PathSettings {
    /// 10 ms one way, perfect otherwise: slow enough to watch, fast enough to feel real.
    fn default() -> Self {
        PathSettings {
            delay: Duration::from_millis(10),
            jitter: Duration::ZERO,
            loss_ppm: 0,
            duplicate_ppm: 0,
            reorder_ppm: 0,
            reorder_extra: Duration::from_millis(15),
            corrupt_ppm: 0,
        }
    }
}

impl PathSettings {
    pub const PPM_MAX: u32 = 1_000_000;

    /// Settings are clamped rather than refused: a probability above 100 % means 100 %.
    pub fn clamped(mut self) -> Self {
        for p in [
            &mut self.loss_ppm,
            &mut self.duplicate_ppm,
            &mut self.reorder_ppm,
            &mut self.corrupt_ppm,
        ] {
            *p = (*p).min(Self::PPM_MAX);
        }
        self
    }
}

/// What the network does to the packet, decided when it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fate {
    Deliver,
    /// Lost on the way: it vanishes halfway, where the viewer sees it end short.
    Lost,
    /// Dropped by a scripted fault, halfway as well.
    Faulted {
        fault: u32,
    },
}

/// A packet on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InFlight {
    pub id: PacketId,
    pub src: HostId,
    /// The host that owns the destination address when the packet left, if any.
    pub dst: Option<HostId>,
    /// The IPv4 datagram as it travels, corruption included.
    pub bytes: Vec<u8>,
    pub sent_at: Instant,
    /// When the packet arrives, or vanishes if its fate says so.
    pub arrive_at: Instant,
    /// Time still to travel, while the user holds the packet.
    pub held: Option<Duration>,
    pub fate: Fate,
    pub corrupted: bool,
    /// The packet this one is a copy of.
    pub copy_of: Option<PacketId>,
    /// What parsing `bytes` gives, kept from the sender while they are exactly what it
    /// built, so that the receiver need not parse them again (see [`Parsed`]).
    #[serde(skip)]
    pub(crate) parsed: Parsed,
    /// Where the packet's end sits in the world's queue; `None` while held.
    #[serde(default)]
    pub(crate) scheduled: Option<QueueKey>,
    /// On a link of the topology: the link, the receiving interface and the Ethernet
    /// header of the frame; `bytes` is then its payload (an IPv4 datagram or an ARP
    /// message). `None` on the default world's implicit segment, which carries bare
    /// datagrams.
    #[serde(default)]
    pub hop: Option<Box<crate::topology::Hop>>,
}

/// The parsed form of a datagram the simulator built itself, carried beside its bytes.
///
/// Only a cache: it holds exactly what [`IpPacket::parse`] would return for the bytes
/// (checksums verified), and it is dropped the moment the network changes a bit of them,
/// so a corrupted packet is still caught by the receiver's checksum check. It is not
/// part of the packet's identity (see [`Scratch`]): a packet without one (restored from
/// JSON, or injected by an outside stack) is parsed on arrival as before.
pub(crate) type Parsed = Scratch<Option<Box<IpPacket>>>;

/// Something kept only to save work, never part of what the simulation is: it compares
/// equal to any other, prints as its name, is not serialized (a restored world starts
/// without it), so worlds that differ only in it are the same world.
#[derive(Clone, Default)]
pub(crate) struct Scratch<T>(pub(crate) T);

impl<T> PartialEq for Scratch<T> {
    fn eq(&self, _: &Scratch<T>) -> bool {
        true
    }
}

impl<T> Eq for Scratch<T> {}

impl<T> std::fmt::Debug for Scratch<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Scratch")
    }
}

impl InFlight {
    /// How far along its path the packet is, in parts per million, for drawing.
    pub fn progress_ppm(&self, now: Instant) -> u32 {
        let total = self.arrive_at.saturating_since(self.sent_at).micros();
        let done = match self.held {
            Some(left) => total.saturating_sub(left.micros()),
            None => now.saturating_since(self.sent_at).micros().min(total),
        };
        if total == 0 {
            return 1_000_000;
        }
        ((u128::from(done) * 1_000_000) / u128::from(total)) as u32
    }
}

/// Which packets a scripted fault watches. Unset fields match anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PacketFilter {
    pub src: Option<HostId>,
    pub dst: Option<HostId>,
    pub protocol: Option<IpProtocol>,
    /// TCP flags that must all be set ("SYN,ACK" for a SYN-ACK).
    pub flags_set: Option<TcpFlags>,
    /// TCP flags that must all be clear ("ACK" clear picks a bare SYN).
    pub flags_clear: Option<TcpFlags>,
}

/// What a scripted fault does to the packet it picks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FaultAction {
    Drop,
    Duplicate,
    Delay(Duration),
    Hold,
}

/// "Drop the Nth packet matching a filter": armed until it fires once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    pub id: u32,
    pub filter: PacketFilter,
    /// Fire on the `nth` matching packet, counting from 1.
    pub nth: u32,
    pub action: FaultAction,
    pub seen: u32,
    pub fired: bool,
}

/// Network state: settings, packets in flight, faults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Network {
    pub(crate) default_path: PathSettings,
    pub(crate) paths: BTreeMap<(HostId, HostId), PathSettings>,
    /// Boxed: packets leave the map oldest first, and a B-tree node shifts its values on
    /// every removal; moving a pointer instead of a 170-byte packet record was 4 % of a
    /// bulk transfer's instructions (issue 17).
    pub(crate) in_flight: BTreeMap<PacketId, Box<InFlight>>,
    pub(crate) faults: Vec<Fault>,
    pub(crate) next_packet: u64,
    pub(crate) next_fault: u32,
}

impl Network {
    pub fn path(&self, src: HostId, dst: HostId) -> PathSettings {
        self.paths
            .get(&(src, dst))
            .copied()
            .unwrap_or(self.default_path)
    }

    pub fn default_path(&self) -> PathSettings {
        self.default_path
    }

    pub fn in_flight(&self) -> impl Iterator<Item = &InFlight> {
        self.in_flight.values().map(|f| &**f)
    }

    pub fn packet(&self, id: PacketId) -> Option<&InFlight> {
        self.in_flight.get(&id).map(|f| &**f)
    }

    pub fn faults(&self) -> &[Fault] {
        &self.faults
    }

    pub(crate) fn new_packet_id(&mut self) -> PacketId {
        let id = PacketId(self.next_packet);
        self.next_packet += 1;
        id
    }
}

/// Why a hand on a packet (hold, release, drop, duplicate, delay) did nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PacketError {
    /// The packet has arrived, been dropped, or never existed.
    NotInFlight,
    AlreadyHeld,
    NotHeld,
}

impl std::fmt::Display for PacketError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PacketError::NotInFlight => {
                "that packet is no longer on the wire (it arrived or was dropped)"
            }
            PacketError::AlreadyHeld => "that packet is already held",
            PacketError::NotHeld => "that packet is not held",
        })
    }
}

impl PacketError {
    /// The message in the page's language; the English one is the `Display` text.
    pub fn message(&self, lang: crate::lang::Lang) -> String {
        match (lang, self) {
            (crate::lang::Lang::En, _) => self.to_string(),
            (_, PacketError::NotInFlight) => {
                "그 패킷은 이제 선 위에 없습니다 (도착했거나 버려졌습니다)".into()
            }
            (_, PacketError::AlreadyHeld) => "그 패킷은 이미 붙잡혀 있습니다".into(),
            (_, PacketError::NotHeld) => "그 패킷은 붙잡혀 있지 않습니다".into(),
        }
    }
}

impl std::error::Error for PacketError {}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn pkt(sent: u64, arrive: u64, held: Option<u64>) -> InFlight {
        InFlight {
            id: PacketId(0),
            src: HostId(0),
            dst: Some(HostId(1)),
            bytes: vec![],
            sent_at: Instant(sent),
            arrive_at: Instant(arrive),
            held: held.map(Duration),
            fate: Fate::Deliver,
            corrupted: false,
            copy_of: None,
            parsed: Parsed::default(),
            scheduled: None,
            hop: None,
        }
    }

    #[test]
    fn progress_follows_the_clock_and_freezes_when_held() {
        assert_eq!(pkt(100, 200, None).progress_ppm(Instant(150)), 500_000);
        assert_eq!(pkt(100, 200, None).progress_ppm(Instant(900)), 1_000_000);
        assert_eq!(pkt(100, 200, Some(75)).progress_ppm(Instant(900)), 250_000);
        assert_eq!(pkt(100, 100, None).progress_ppm(Instant(100)), 1_000_000);
    }

    #[test]
    fn probabilities_clamp_to_certainty() {
        let s = PathSettings {
            loss_ppm: 5_000_000,
            ..PathSettings::default()
        }
        .clamped();
        assert_eq!(s.loss_ppm, 1_000_000);
    }
}
