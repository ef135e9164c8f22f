//! The TCP extensions a profile turns on, hooked into the connection at the few points
//! the RFCs name: the options of the SYN and their negotiation, the window field
//! (RFC 7323 §2), timestamps on every segment, PAWS and TS.Recent (RFC 7323 §3-5).
//!
//! With the `rfc` profile nothing is offered, nothing is negotiated, and every hook
//! returns at its first test: the connection behaves, byte for byte, as it did before
//! profiles existed.

use super::conn::{Tcb, MAX_UNSCALED_WINDOW};
use super::cubic::Cubic;
use super::note::TcpNote;
use super::profile::{OfferedOptions, StackProfile};
use super::recovery::SackRecovery;
use super::sack::{Range, SackReporter, Scoreboard};
use super::timestamps::{self, Negotiated, Timestamps, WindowScale};
use super::TcpConfig;
use crate::time::{Duration, Instant};
use crate::wire::{SeqNumber, TcpFlags, TcpRepr};
use serde::{Deserialize, Serialize};

/// One connection's extensions: what it offers, what was negotiated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extensions {
    pub profile: StackProfile,
    pub offer: OfferedOptions,
    /// The shift our SYN offers (RFC 7323 §2.2), `None` when it offers none or when the
    /// peer's SYN did not (a SYN,ACK may carry it only then).
    pub ws_offer: Option<u8>,
    /// The shifts in force; both 0 until negotiated.
    pub ws: WindowScale,
    /// Timestamps, `Some` while offered or negotiated.
    pub ts: Option<Timestamps>,
    /// Both SYNs carried timestamps: every non-RST segment carries them (§3.2).
    pub ts_on: bool,
    /// Both SYNs carried SACK-permitted (RFC 2018 §2).
    pub sack_on: bool,
    /// The virtual time of the call, segment or timer being handled: the timestamp clock
    /// reads it when a segment is built.
    #[serde(default)]
    pub clock: Instant,
    /// TSecr of the segment being handled, for RTTM.
    #[serde(default)]
    pub tsecr: Option<u32>,
    /// The receiver's SACK blocks reported lately (RFC 2018 §4).
    pub reporter: SackReporter,
    /// The stream offsets of the last segment with data that arrived: the first block.
    pub last_segment: Option<Range>,
    /// The sender's scoreboard (RFC 6675 §3), offsets from ISS.
    pub scoreboard: Scoreboard,
    /// SACK-based loss recovery under way (RFC 6675 §5).
    pub recovery: Option<SackRecovery>,
    /// CUBIC's state when the connection uses it (RFC 9438), else NewReno alone.
    pub cubic: Option<Cubic>,
    /// Nagle's algorithm (RFC 896) on: the profile's default, off with TCP_NODELAY.
    #[serde(default)]
    pub nagle: bool,
}

impl Extensions {
    /// What a connection of a host with `config` offers. `iss` seeds the timestamp
    /// offset: Linux (tsoffset) and FreeBSD (ts_offset_per_conn) hide the host's clock
    /// behind a per-connection offset; the ISS comes from the world's seeded generator.
    pub fn new(config: &TcpConfig, iss: SeqNumber) -> Self {
        let d = config.profile.defaults(config);
        let offer = config.offer.unwrap_or(d.offer);
        Extensions {
            profile: config.profile,
            offer,
            ws_offer: offer
                .window_scale
                .then(|| config.profile.window_shift(config.recv_buffer)),
            ws: WindowScale::default(),
            ts: offer.timestamps.then(|| Timestamps::new(iss.0)),
            ts_on: false,
            sack_on: false,
            clock: Instant::ZERO,
            tsecr: None,
            reporter: SackReporter::default(),
            last_segment: None,
            scoreboard: Scoreboard::default(),
            recovery: None,
            cubic: None,
            nagle: d.nagle,
        }
    }

    /// Is anything offered at all? `false` for `rfc`: the hooks stop here (Nagle has a
    /// test of its own).
    pub fn active(&self) -> bool {
        self.ws_offer.is_some() || self.ts.is_some() || self.offer.sack
    }
}

impl Tcb {
    /// RCV.WND's ceiling: the 16-bit field, shifted by Rcv.Wind.Shift once scaling is on
    /// (RFC 7323 §2.2).
    pub(crate) fn max_rcv_window(&self) -> u32 {
        MAX_UNSCALED_WINDOW << self.ext.ws.rcv
    }

    /// The peer's window from a segment's field: SEG.WND << Snd.Wind.Shift, except in a
    /// SYN, whose window is never scaled (RFC 7323 §2.3).
    pub(crate) fn peer_window(&self, seg: &TcpRepr) -> u32 {
        self.ext
            .ws
            .window(seg.window, seg.flags.contains(TcpFlags::SYN))
    }

    /// Fills in what the extensions add to a segment being built with the receive window
    /// `window`: the scaled window field, the SYN's offers, timestamps. Returns the
    /// window the peer will read (what RCV.WND advertised is).
    pub(crate) fn finish_segment(&mut self, seg: &mut TcpRepr, window: u32) -> u32 {
        if !self.ext.active() {
            return window;
        }
        let syn = seg.flags.contains(TcpFlags::SYN);
        seg.window = self.ext.ws.field(window, syn);
        let advertised = if syn {
            u32::from(seg.window)
        } else {
            u32::from(seg.window) << self.ext.ws.rcv
        };
        if syn {
            // RFC 7323 §2.2 and §3.2, RFC 2018 §2: a SYN offers; a SYN,ACK answers only
            // what the SYN offered (`negotiate` has cleared the rest by then).
            let answering = seg.flags.contains(TcpFlags::ACK);
            seg.options.window_scale = self.ext.ws_offer;
            seg.options.sack_permitted = self.ext.offer.sack && (!answering || self.ext.sack_on);
            seg.options.layout = self.ext.offer.layout;
        }
        let send_ts = if syn {
            self.ext.ts.is_some() && (!seg.flags.contains(TcpFlags::ACK) || self.ext.ts_on)
        } else {
            self.ext.ts_on && !seg.flags.contains(TcpFlags::RST)
        };
        if send_ts {
            let (clock, ack) = (self.ext.clock, seg.ack);
            if let Some(ts) = self.ext.ts.as_mut() {
                let (val, ecr) = ts.stamp(clock, ack);
                // §3.2: TSecr is 0 in a SYN (no ACK bit: nothing to echo yet).
                let ecr = if seg.flags.contains(TcpFlags::ACK) {
                    ecr
                } else {
                    0
                };
                seg.options.timestamp = Some((val, ecr));
            }
        }
        if !syn && self.ext.sack_on && seg.flags.contains(TcpFlags::ACK) {
            // RFC 2018 §4: every ACK reports the blocks held out of order, as many as the
            // option space leaves (3 beside timestamps).
            seg.options.sack_blocks = self.sack_blocks_now();
            let fit = seg.options.sack_blocks_that_fit();
            seg.options.sack_blocks.truncate(fit);
        }
        advertised
    }

    /// The Nagle algorithm (RFC 896; RFC 9293 §3.7.4, SHLD-7): "If there is
    /// unacknowledged data (i.e., SND.NXT > SND.UNA), then the sending TCP endpoint
    /// buffers all user data (regardless of the PSH bit) until the outstanding data has
    /// been acknowledged or until the TCP endpoint can send a full-sized segment".
    /// Retransmissions are not held. Off under `rfc` and with TCP_NODELAY.
    pub(crate) fn nagle_holds(&self, n: u32) -> bool {
        self.ext.nagle
            && n < self.snd_mss
            && self.snd_una != self.snd_max
            && !self.snd_nxt.is_before(self.snd_max)
    }

    /// TCP_NODELAY: `on` turns Nagle off for this connection.
    pub fn set_nodelay(&mut self, on: bool) {
        self.ext.nagle = !on;
    }

    /// TCP_NODELAY set on the socket before the connection existed: Nagle off; without
    /// it, the profile's default stays.
    pub fn set_nodelay_if(&mut self, on: bool) {
        if on {
            self.set_nodelay(true);
        }
    }

    /// Says in the log that this connection follows a profile other than `rfc`.
    pub(crate) fn note_profile(&mut self) {
        if !self.ext.profile.is_rfc() {
            self.notes.push(TcpNote::Profile {
                profile: self.ext.profile,
            });
        }
    }

    /// The peer's SYN (in LISTEN) or SYN,ACK (in SYN-SENT) arrived: decide what is on.
    /// RFC 7323 §2.2: window scaling only if both SYNs carry the option; §3.2: timestamps
    /// likewise; RFC 2018 §2: SACK likewise.
    pub(crate) fn negotiate(&mut self, seg: &TcpRepr, now: Instant) {
        self.start_congestion();
        if !self.ext.active() {
            return;
        }
        self.ext.clock = now;
        let (ws, clamped) = timestamps::negotiate(self.ext.ws_offer, seg.options.window_scale);
        self.ext.ws = match ws {
            Negotiated::On(ws) => ws,
            Negotiated::Off => {
                // A SYN,ACK must not carry the option the SYN did not (§2.2).
                self.ext.ws_offer = None;
                WindowScale::default()
            }
        };
        self.ext.ts_on = match (self.ext.ts.as_mut(), seg.options.timestamp) {
            (Some(ts), Some((val, _))) => {
                ts.on_syn(val, now);
                true
            }
            _ => {
                self.ext.ts = None;
                false
            }
        };
        self.ext.sack_on = self.ext.offer.sack && seg.options.sack_permitted;
        self.notes.push(TcpNote::OptionsNegotiated {
            profile: self.ext.profile,
            window_scale: matches!(ws, Negotiated::On(_))
                .then_some((self.ext.ws.snd, self.ext.ws.rcv)),
            shift_clamped: clamped,
            timestamps: self.ext.ts_on,
            sack: self.ext.sack_on,
        });
    }

    /// RFC 7323 §5.3 R1, before the acceptability test: a non-RST segment whose TSval is
    /// older than TS.Recent is a wrapped old duplicate: "Send an acknowledgment in reply
    /// ... and drop the segment". Returns `false` when it was dropped.
    pub(crate) fn paws_passes(&mut self, seg: &TcpRepr, now: Instant) -> bool {
        if !self.ext.ts_on {
            return true;
        }
        let (Some(ts), Some((val, _))) = (self.ext.ts.as_ref(), seg.options.timestamp) else {
            return true;
        };
        if ts.paws_ok(val, seg.flags.contains(TcpFlags::RST), now) {
            return true;
        }
        let recent = ts.recent;
        self.notes.push(TcpNote::PawsRejected {
            seq: seg.seq.0,
            tsval: val,
            recent,
        });
        self.answer_invalid(seg, false, now);
        false
    }

    /// An acceptable segment (past the first check of RFC 9293 §3.10.7.4): its
    /// timestamps and SACK blocks.
    pub(crate) fn options_arrive(&mut self, seg: &TcpRepr, now: Instant) {
        self.timestamps_arrive(seg, now);
        self.sack_arrives(seg);
    }

    /// RFC 7323 §5.3 R3 (the §4.3 rule) for an acceptable segment: TS.Recent follows the
    /// segment at the left window edge; its TSecr is kept for RTTM.
    fn timestamps_arrive(&mut self, seg: &TcpRepr, now: Instant) {
        if !self.ext.ts_on {
            return;
        }
        self.ext.tsecr = None;
        if let (Some(ts), Some((val, ecr))) = (self.ext.ts.as_mut(), seg.options.timestamp) {
            ts.on_segment(val, seg.seq, now);
            // §3.2: TSecr is valid only with the ACK bit.
            if seg.flags.contains(TcpFlags::ACK) {
                self.ext.tsecr = Some(ecr);
            }
        }
    }

    /// RTTM (RFC 7323 §4) where the segment timing cannot help: after a retransmission
    /// timeout Karn's rule (RFC 6298 §3) leaves the backed-off RTO in force until a
    /// segment never retransmitted is acknowledged; the echoed timestamp tells which copy
    /// was acknowledged, so its round trip is a valid sample (as Linux's
    /// tcp_ack_update_rtt takes TS-ECR when the ACK covers retransmitted data).
    pub(crate) fn rttm_after_backoff(&mut self, now: Instant) {
        if self.rtt.backoff == 0 || !self.ext.ts_on {
            return;
        }
        let sample = match (self.ext.ts.as_ref(), self.ext.tsecr.take()) {
            (Some(ts), Some(ecr)) => ts.rtt_sample(ecr, now),
            _ => None,
        };
        if let Some(r) = sample {
            self.rtt.sample(r.max(Duration(1)));
        }
    }
}
