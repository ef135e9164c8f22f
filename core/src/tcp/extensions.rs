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
    /// ECN negotiated: an ECN-setup SYN answered by an ECN-setup SYN,ACK (RFC 3168
    /// §6.1.1).
    #[serde(default)]
    pub ecn_on: bool,
    /// ECN's echo and reaction once negotiated (tcp/ecn.rs).
    #[serde(default)]
    pub ecn: super::ecn::EcnState,
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
    /// A duplicate segment's range below RCV.NXT, reported once as a D-SACK block.
    #[serde(default)]
    pub dsack: Option<(SeqNumber, SeqNumber)>,
    /// The sender's scoreboard (RFC 6675 §3), offsets from ISS.
    pub scoreboard: Scoreboard,
    /// SACK-based loss recovery under way (RFC 6675 §5).
    pub recovery: Option<SackRecovery>,
    /// CUBIC's state when the connection uses it (RFC 9438), else NewReno alone.
    pub cubic: Option<Cubic>,
    /// Nagle's algorithm (RFC 896) on: the profile's default, off with TCP_NODELAY.
    #[serde(default)]
    pub nagle: bool,
    /// Segments still acknowledged at once at the start (Linux's quick-ACK mode).
    #[serde(default)]
    pub quick_acks: u32,
    /// Some option offered (what `active` answers), kept as one flag: every segment
    /// built asks.
    #[serde(default)]
    active: bool,
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
            ecn_on: false,
            ecn: Default::default(),
            clock: Instant::ZERO,
            tsecr: None,
            reporter: SackReporter::default(),
            last_segment: None,
            dsack: None,
            scoreboard: Scoreboard::default(),
            recovery: None,
            cubic: None,
            nagle: d.nagle,
            quick_acks: d.delayed_ack.quick_acks,
            active: offer.window_scale
                || offer.timestamps
                || offer.sack
                || offer.ecn_active
                || offer.ecn_passive,
        }
    }

    /// Is anything offered at all? `false` for `rfc`: the hooks stop here (Nagle has a
    /// test of its own).
    pub fn active(&self) -> bool {
        self.active
    }
}

/// What a connection without a profile has: nothing offered (`rfc`).
impl Default for Extensions {
    fn default() -> Self {
        Extensions::new(&TcpConfig::default(), SeqNumber(0))
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
    #[inline]
    pub(crate) fn finish_segment(&mut self, seg: &mut TcpRepr, window: u32) -> u32 {
        if !self.ext.active {
            return window;
        }
        self.finish_segment_with_options(seg, window)
    }

    #[inline(never)]
    fn finish_segment_with_options(&mut self, seg: &mut TcpRepr, window: u32) -> u32 {
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
            // RFC 3168 §6.1.1: an "ECN-setup SYN" has ECE and CWR set; the "ECN-setup
            // SYN-ACK" answering it has ECE set and CWR clear.
            if !answering && self.ext.offer.ecn_active {
                seg.flags.insert(TcpFlags::ECE | TcpFlags::CWR);
            } else if answering && self.ext.ecn_on {
                seg.flags.insert(TcpFlags::ECE);
            }
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
        if syn {
            // The layout named as the bytes read back (stacks agree on some sets).
            seg.options.normalize_layout();
        }
        if seg.flags.contains(TcpFlags::RST) {
            // Both kernels send resets with a zero window: FreeBSD's tcp_respond
            // (sys/netinet/tcp_subr.c) computes a window only for non-RST segments, and
            // Linux's tcp_v4_send_reset leaves the field 0. Nothing is advertised by it.
            seg.window = 0;
            return self.rcv_wnd_advertised;
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
    #[inline]
    pub(crate) fn nagle_holds(&self, n: u32) -> bool {
        self.ext.nagle
            && n < self.snd_mss
            && self.snd_una != self.snd_max
            && !self.snd_nxt.is_before(self.snd_max)
    }

    /// Linux's quick-ACK mode (net/ipv4/tcp_input.c tcp_in_quickack_mode): the first
    /// segments of a connection are acknowledged at once, so a sender in slow start is
    /// not held back by delayed ACKs; then delaying starts. None under `rfc`.
    #[inline]
    pub(crate) fn quick_ack(&mut self) -> bool {
        if self.ext.quick_acks == 0 {
            return false;
        }
        self.ext.quick_acks -= 1;
        true
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
        if !self.ext.active {
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
        let (ece, cwr) = (
            seg.flags.contains(TcpFlags::ECE),
            seg.flags.contains(TcpFlags::CWR),
        );
        self.ext.ecn_on = if seg.flags.contains(TcpFlags::ACK) {
            // Our ECN-setup SYN answered by an ECN-setup SYN,ACK.
            self.ext.offer.ecn_active && ece && !cwr
        } else {
            // An ECN-setup SYN, and we answer ECN (tcp_ecn / ecn.enable 1 or 2).
            (self.ext.offer.ecn_passive || self.ext.offer.ecn_active) && ece && cwr
        };
        self.notes.push(TcpNote::OptionsNegotiated {
            profile: self.ext.profile,
            window_scale: matches!(ws, Negotiated::On(_))
                .then_some((self.ext.ws.snd, self.ext.ws.rcv)),
            shift_clamped: clamped,
            timestamps: self.ext.ts_on,
            sack: self.ext.sack_on,
            ecn: self.ext.ecn_on,
        });
    }

    /// RFC 7323 §5.3 R1, before the acceptability test: a non-RST segment whose TSval is
    /// older than TS.Recent is a wrapped old duplicate: "Send an acknowledgment in reply
    /// ... and drop the segment". Returns `false` when it was dropped.
    #[inline]
    pub(crate) fn extensions_precheck(&mut self, seg: &TcpRepr, now: Instant) -> bool {
        if self.ext.sack_on {
            self.note_duplicate(seg);
        }
        !self.ext.ts_on || self.paws_check(seg, now)
    }

    #[inline(never)]
    fn paws_check(&mut self, seg: &TcpRepr, now: Instant) -> bool {
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
    #[inline]
    pub(crate) fn options_arrive(&mut self, seg: &TcpRepr, now: Instant) {
        if self.ext.ts_on {
            self.timestamps_arrive(seg, now);
        }
        if self.ext.sack_on {
            self.sack_arrives(seg);
        }
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
    #[inline]
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::Endpoint;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_tcb_saved_before_profiles_loads_with_nothing_offered() {
        let ep = Endpoint::new(std::net::Ipv4Addr::new(10, 0, 0, 1), 80);
        let linux = super::super::StackProfile::Linux.tune(&TcpConfig::default());
        let tcb = Tcb::new(ep, ep, SeqNumber(7), linux);
        assert!(tcb.ext.active());
        let mut json: serde_json::Value = serde_json::to_value(&tcb).unwrap();
        json.as_object_mut().unwrap().remove("ext");
        let old: Tcb = serde_json::from_value(json).unwrap();
        assert!(!old.ext.active(), "no ext: as under rfc");
        assert_eq!(old.ext, Extensions::default());
    }
}
