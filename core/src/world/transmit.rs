//! Putting packets on the wire, where the path settings, scripted faults and the user's
//! hands decide what becomes of them.

use super::{Captured, Scheduled, World};
use crate::ids::HostId;
use crate::ids::SocketId;
use crate::log::{DropReason, EventKind, PacketControl, PacketSummary};
use crate::network::{
    Fate, Fault, FaultAction, InFlight, PacketError, PacketFilter, PacketId, Scratch,
};
use crate::time::{Duration, Instant};
use crate::wire::{IpPacket, IpProtocol, Ipv4Repr, Transport};

impl World {
    /// Sends `packet` from host `src` onto the segment. Every rule of the path applies
    /// here, in a fixed order, so a seed always draws the same dice for the same packet.
    pub(crate) fn transmit(
        &mut self,
        src: HostId,
        socket: Option<SocketId>,
        packet: IpPacket,
    ) -> PacketId {
        let spare = self.spare_bytes.0.pop().unwrap_or_default();
        let bytes = packet.emit_reusing(spare);
        // A TCP segment (all but a handful of a run's packets) travels with its parsed
        // form, for the receiver: exactly what parsing the bytes gives, which is the
        // packet with the protocol field as written, when nothing was cut to fit.
        let whole = match &packet.transport {
            Transport::Tcp(t) => {
                bytes.len()
                    == usize::from(Ipv4Repr::HEADER_LEN)
                        + usize::from(t.header_len())
                        + t.payload.len()
            }
            _ => false,
        };
        if whole {
            let ip = Ipv4Repr {
                protocol: IpProtocol::Tcp,
                ..packet.ip
            };
            let built = Box::new(IpPacket { ip, ..packet });
            self.put_on_wire(src, socket, Outgoing::Built(built), bytes)
        } else {
            self.put_on_wire(src, socket, Outgoing::Parsed(&packet), bytes)
        }
    }

    /// Sends datagram `bytes`, whose parsed form is `packet`, from host `src`.
    pub(crate) fn transmit_bytes(
        &mut self,
        src: HostId,
        socket: Option<SocketId>,
        packet: &IpPacket,
        bytes: Vec<u8>,
    ) -> PacketId {
        self.put_on_wire(src, socket, Outgoing::Parsed(packet), bytes)
    }

    fn put_on_wire(
        &mut self,
        src: HostId,
        socket: Option<SocketId>,
        outgoing: Outgoing<'_>,
        bytes: Vec<u8>,
    ) -> PacketId {
        if self.topo.enabled && !self.owns_addr(src, outgoing.packet().ip.dst) {
            return self.route_out(src, socket, outgoing, bytes, None);
        }
        let packet = outgoing.packet();
        let summary = PacketSummary::of(packet, bytes.len() as u32);
        let id = self.network.new_packet_id();
        let Some(&dst) = self.by_addr.get(&packet.ip.dst) else {
            let reason = DropReason::NoSuchHost { dst: packet.ip.dst };
            self.log_unsent(src, socket, id, summary, reason);
            return id;
        };
        // The capture taps the wire at the sender: it sees the datagram as sent, before
        // the network gets to flip a bit of it.
        self.record_capture(id, src, &bytes, None);
        let hop = Leg {
            src,
            dst,
            socket,
            id,
            base: None,
            hop: None,
        };
        self.fly(hop, Carried::Ip(outgoing, summary), bytes);
        id
    }

    /// Logs a datagram that never made it onto a wire: sent to nobody, then dropped.
    pub(super) fn log_unsent(
        &mut self,
        src: HostId,
        socket: Option<SocketId>,
        id: PacketId,
        summary: PacketSummary,
        reason: DropReason,
    ) {
        self.emit(
            Some(src),
            socket,
            EventKind::PacketSent {
                packet: id,
                dst: None,
                arrive_at: self.now,
                summary,
            },
        );
        self.emit(
            Some(src),
            socket,
            EventKind::PacketDropped { packet: id, reason },
        );
    }

    /// Puts one packet (or frame) on its way from `leg.src` to `leg.dst`, rolling the
    /// path's dice and the scripted faults in a fixed order, so a seed always draws the
    /// same dice for the same packet. `leg.base` is the time the link itself takes
    /// (serialization and propagation) when it has its own; else the path's delay.
    // Inlined: the legacy path moves its packet summary and leg straight into place
    // instead of copying them through a call (callgrind: +0.8 % of a bulk run without).
    #[inline(always)]
    pub(super) fn fly(&mut self, leg: Leg, carried: Carried<'_>, bytes: Vec<u8>) {
        let Leg {
            src,
            dst,
            socket,
            id,
            base,
            hop,
        } = leg;
        let path = self.network.path(src, dst);
        let mut travel =
            base.unwrap_or(path.delay) + Duration(self.rng.below(path.jitter.micros() + 1));
        let mut fate = if self.rng.chance(path.loss_ppm) {
            Fate::Lost
        } else {
            Fate::Deliver
        };
        let mut duplicate = self.rng.chance(path.duplicate_ppm);
        let mut hold = false;
        // What a scripted fault did that the log would not otherwise show.
        let mut fault_control = None;
        let reorder = self.rng.chance(path.reorder_ppm);
        let corrupt_bit = self
            .rng
            .chance(path.corrupt_ppm)
            .then(|| self.rng.below(bytes.len() as u64 * 8) as u32);
        let fault = match &carried {
            Carried::Ip(outgoing, _) => self.fault_for(src, dst, outgoing.packet()),
            Carried::Arp(_) => None,
        };
        if let Some(fault) = fault {
            match fault.action {
                FaultAction::Drop => fate = Fate::Faulted { fault: fault.id },
                FaultAction::Duplicate => duplicate = true,
                FaultAction::Delay(d) => {
                    travel = travel + d;
                    fault_control = Some(PacketControl::Delay { by: d });
                }
                FaultAction::Hold => {
                    hold = true;
                    fault_control = Some(PacketControl::Hold);
                }
            }
        }
        let arrive_at = self.now + travel;
        let mut flight = InFlight {
            id,
            src,
            dst: Some(dst),
            bytes,
            sent_at: self.now,
            arrive_at,
            held: None,
            fate,
            corrupted: false,
            copy_of: None,
            parsed: Scratch(None),
            scheduled: None,
            hop,
        };
        match carried {
            Carried::Ip(outgoing, summary) => {
                self.emit(
                    Some(src),
                    socket,
                    EventKind::PacketSent {
                        packet: id,
                        dst: Some(dst),
                        arrive_at,
                        summary,
                    },
                );
                if let Outgoing::Built(built) = outgoing {
                    flight.parsed = Scratch(Some(built));
                }
            }
            Carried::Arp(kind) => self.emit(Some(src), None, kind),
        }
        if reorder {
            flight.arrive_at += path.reorder_extra;
            let extra = path.reorder_extra;
            self.emit(
                Some(src),
                socket,
                EventKind::PacketReordered { packet: id, extra },
            );
        }
        if let Some(bit) = corrupt_bit {
            if let Some(byte) = flight.bytes.get_mut((bit / 8) as usize) {
                *byte ^= 1 << (bit % 8);
                flight.corrupted = true;
                // The bytes are no longer what was built: the receiver must parse them.
                flight.parsed = Scratch(None);
                self.emit(
                    Some(src),
                    socket,
                    EventKind::PacketCorrupted { packet: id, bit },
                );
            }
        }
        let copy = duplicate.then(|| {
            let jitter = Duration(self.rng.below(path.jitter.micros() + 1));
            InFlight {
                copy_of: Some(id),
                arrive_at: flight.sent_at + base.unwrap_or(path.delay) + jitter,
                ..flight.clone()
            }
        });
        if hold {
            flight.held = Some(flight.arrive_at - self.now);
        }
        self.launch(flight);
        if let Some(control) = fault_control {
            self.emit(
                Some(src),
                socket,
                EventKind::PacketControlled {
                    packet: id,
                    control,
                },
            );
        }
        if let Some(mut copy) = copy {
            copy.id = self.network.new_packet_id();
            copy.fate = Fate::Deliver;
            let copy_id = copy.id;
            self.emit(
                Some(src),
                socket,
                EventKind::PacketDuplicated {
                    packet: id,
                    copy: copy_id,
                },
            );
            self.record_copy_capture(&copy);
            self.launch(copy);
        }
    }

    /// Keeps a copy of a datagram put on the wire, stamped with the time it left; with
    /// `eth`, the frame it travels in (header, then the datagram or ARP message).
    pub(super) fn record_capture(
        &mut self,
        id: PacketId,
        src: HostId,
        bytes: &[u8],
        eth: Option<&crate::wire::EthernetRepr>,
    ) {
        if self.config.capture {
            let at = self.now;
            let bytes = match eth {
                Some(eth) => eth.emit(bytes),
                None => bytes.to_vec(),
            };
            self.capture.push(Captured {
                id,
                at,
                src,
                bytes,
                ethernet: eth.is_some(),
            });
        }
    }

    /// Captures a copy the network or the user made. The tap sits at the sender, so the
    /// copy is recorded with the bytes its original left with, not with a bit the network
    /// flipped afterwards (both copies of a corrupted packet carry the flip in flight).
    fn record_copy_capture(&mut self, copy: &InFlight) {
        let sent = copy
            .copy_of
            .and_then(|original| self.captured(original))
            .map(|c| c.bytes.clone());
        match sent {
            Some(bytes) if copy.hop.is_some() => {
                // Already a frame: keep it as it is.
                if self.config.capture {
                    self.capture.push(Captured {
                        id: copy.id,
                        at: self.now,
                        src: copy.src,
                        bytes,
                        ethernet: true,
                    });
                }
            }
            sent => {
                let bytes = sent.unwrap_or_else(|| copy.bytes.clone());
                let eth = copy.hop.as_ref().map(|h| h.eth);
                self.record_capture(copy.id, copy.src, &bytes, eth.as_ref());
            }
        }
    }

    /// Puts a packet in the in-flight table and, unless held, schedules its end. A lost
    /// packet ends halfway, where the viewer sees it vanish.
    fn launch(&mut self, mut flight: InFlight) {
        let id = flight.id;
        flight.scheduled = flight.held.is_none().then(|| {
            self.queue
                .push(Self::end_time(&flight), Scheduled::Arrive(id))
        });
        self.network.in_flight.insert(id, Box::new(flight));
    }

    fn end_time(flight: &InFlight) -> Instant {
        match flight.fate {
            Fate::Deliver => flight.arrive_at,
            Fate::Lost | Fate::Faulted { .. } => {
                flight.sent_at + Duration((flight.arrive_at - flight.sent_at).micros() / 2)
            }
        }
    }

    /// Schedules the end of a packet in flight (released, or re-timed).
    fn schedule_arrival(&mut self, id: PacketId, at: Instant) {
        let key = self.queue.push(at, Scheduled::Arrive(id));
        if let Some(flight) = self.network.in_flight.get_mut(&id) {
            flight.scheduled = Some(key);
        }
    }

    /// Takes a packet's end out of the queue (held, or about to be re-timed).
    fn unschedule(&mut self, id: PacketId) {
        let key = self
            .network
            .in_flight
            .get_mut(&id)
            .and_then(|f| f.scheduled.take());
        if let Some(key) = key {
            self.queue.remove(key);
        }
    }

    /// Counts `packet` against every armed fault; returns the one that fires, if any.
    fn fault_for(&mut self, src: HostId, dst: HostId, packet: &IpPacket) -> Option<Fault> {
        let mut fired = None;
        for fault in self.network.faults.iter_mut().filter(|f| !f.fired) {
            if matches_filter(&fault.filter, src, dst, packet) {
                fault.seen += 1;
                if fault.seen >= fault.nth && fired.is_none() {
                    fault.fired = true;
                    fired = Some(fault.clone());
                }
            }
        }
        fired
    }

    /// Arms a scripted fault: `action` happens to the `nth` packet (from 1) matching
    /// `filter`, counting from now. Returns the fault's number.
    pub fn add_fault(&mut self, filter: PacketFilter, nth: u32, action: FaultAction) -> u32 {
        let id = self.network.next_fault;
        self.network.next_fault += 1;
        self.network.faults.push(Fault {
            id,
            filter,
            nth: nth.max(1),
            action,
            seen: 0,
            fired: false,
        });
        id
    }

    /// Disarms a fault; true if it existed.
    pub fn remove_fault(&mut self, id: u32) -> bool {
        let before = self.network.faults.len();
        self.network.faults.retain(|f| f.id != id);
        before != self.network.faults.len()
    }

    fn in_flight_mut(&mut self, id: PacketId) -> Result<&mut InFlight, PacketError> {
        self.network
            .in_flight
            .get_mut(&id)
            .map(|f| &mut **f)
            .ok_or(PacketError::NotInFlight)
    }

    /// Stops a packet where it is until released.
    pub fn hold_packet(&mut self, id: PacketId) -> Result<(), PacketError> {
        let now = self.now;
        let flight = self.in_flight_mut(id)?;
        if flight.held.is_some() {
            return Err(PacketError::AlreadyHeld);
        }
        flight.held = Some(flight.arrive_at - now);
        let src = flight.src;
        self.unschedule(id);
        self.emit(
            Some(src),
            None,
            EventKind::PacketControlled {
                packet: id,
                control: PacketControl::Hold,
            },
        );
        Ok(())
    }

    /// Lets a held packet travel on for the time it still had to go. Hold one packet,
    /// release it after the next, and the two arrive reordered.
    pub fn release_packet(&mut self, id: PacketId) -> Result<(), PacketError> {
        let now = self.now;
        let flight = self.in_flight_mut(id)?;
        let left = flight.held.take().ok_or(PacketError::NotHeld)?;
        let travelled = flight.arrive_at - flight.sent_at;
        flight.arrive_at = now + left;
        flight.sent_at = flight.arrive_at - travelled.max(left);
        let end = Self::end_time(flight);
        let src = flight.src;
        self.schedule_arrival(id, end.max(now));
        self.emit(
            Some(src),
            None,
            EventKind::PacketControlled {
                packet: id,
                control: PacketControl::Release,
            },
        );
        Ok(())
    }

    /// Drops a packet in flight, as if the cable ate it.
    pub fn drop_packet(&mut self, id: PacketId) -> Result<(), PacketError> {
        let flight = self
            .network
            .in_flight
            .remove(&id)
            .ok_or(PacketError::NotInFlight)?;
        if let Some(key) = flight.scheduled {
            self.queue.remove(key);
        }
        self.emit(
            Some(flight.src),
            None,
            EventKind::PacketDropped {
                packet: id,
                reason: DropReason::User,
            },
        );
        Ok(())
    }

    /// Makes a second copy of a packet, travelling right behind the first.
    pub fn duplicate_packet(&mut self, id: PacketId) -> Result<PacketId, PacketError> {
        let flight = self
            .network
            .in_flight
            .get(&id)
            .ok_or(PacketError::NotInFlight)?;
        let mut copy = flight.clone();
        copy.id = self.network.new_packet_id();
        copy.copy_of = Some(id);
        copy.fate = Fate::Deliver;
        let (src, copy_id) = (copy.src, copy.id);
        self.emit(
            Some(src),
            None,
            EventKind::PacketDuplicated {
                packet: id,
                copy: copy_id,
            },
        );
        self.record_copy_capture(&copy);
        // The copy starts where the original is: a held packet's copy is held too, and the
        // log says so, or the viewer would show a packet frozen by nobody's hand.
        let held = copy.held.is_some();
        self.launch(*copy);
        if held {
            self.emit(
                Some(src),
                None,
                EventKind::PacketControlled {
                    packet: copy_id,
                    control: PacketControl::Hold,
                },
            );
        }
        Ok(copy_id)
    }

    /// Adds `by` to a packet's remaining travel time.
    pub fn delay_packet(&mut self, id: PacketId, by: Duration) -> Result<(), PacketError> {
        let flight = self.in_flight_mut(id)?;
        flight.arrive_at += by;
        if let Some(left) = &mut flight.held {
            *left = *left + by;
        }
        let held = flight.held.is_some();
        let end = Self::end_time(flight);
        let src = flight.src;
        if !held {
            self.unschedule(id);
            self.schedule_arrival(id, end);
        }
        self.emit(
            Some(src),
            None,
            EventKind::PacketControlled {
                packet: id,
                control: PacketControl::Delay { by },
            },
        );
        Ok(())
    }
}

/// One packet's leg: from `src` to `dst` (the next node), its number, and on a link of
/// the topology its hop (link, receiving interface, Ethernet header) and the time the
/// link itself takes.
pub(super) struct Leg {
    pub src: HostId,
    pub dst: HostId,
    pub socket: Option<SocketId>,
    pub id: PacketId,
    pub base: Option<Duration>,
    pub hop: Option<Box<crate::topology::Hop>>,
}

/// What a leg carries: an IPv4 datagram (logged as sent with its summary) or an ARP
/// message (logged with its own event).
pub(super) enum Carried<'a> {
    Ip(Outgoing<'a>, PacketSummary),
    Arp(EventKind),
}

/// A datagram about to go on the wire: one the simulator just built, whose parsed form
/// can travel with it, or one only lent to be described.
pub(super) enum Outgoing<'a> {
    Built(Box<IpPacket>),
    Parsed(&'a IpPacket),
}

impl Outgoing<'_> {
    pub(super) fn packet(&self) -> &IpPacket {
        match self {
            Outgoing::Built(p) => p,
            Outgoing::Parsed(p) => p,
        }
    }
}

fn matches_filter(f: &PacketFilter, src: HostId, dst: HostId, packet: &IpPacket) -> bool {
    let flags = match &packet.transport {
        Transport::Tcp(t) => Some(t.flags),
        _ => None,
    };
    let flag_rule = |want: Option<crate::wire::TcpFlags>, set: bool| match want {
        None => true,
        Some(w) => flags.is_some_and(|fl| {
            if set {
                fl.0 & w.0 == w.0
            } else {
                fl.0 & w.0 == 0
            }
        }),
    };
    f.src.is_none_or(|s| s == src)
        && f.dst.is_none_or(|d| d == dst)
        && f.protocol.is_none_or(|p| p == packet.ip.protocol)
        && flag_rule(f.flags_set, true)
        && flag_rule(f.flags_clear, false)
}
