//! The transmission control block (RFC 9293 §3.3.1) and everything a connection does
//! that is not segment arrival: user calls (§3.10.1-6), output, and timers.
//!
//! The rest of `impl Tcb` lives beside it by what it does: `output` (the send path),
//! `ack` (acknowledgments sent and received), `timeouts` (timer expiry), `calls` (the user
//! calls of §3.10.1-6) and `input` (segment arrival, §3.10.7).

use super::ahead_of;
use super::congestion::Congestion;
pub use super::note::{Cause, RetransmitReason, TcpCall, TcpNote};
use super::reassembly::RecvBuffer;
use super::rtt::RttEstimator;
use super::rules::Rule;
use super::state::State;
use super::timers::Timers;
use super::TcpConfig;
use crate::endpoint::Endpoint;
use crate::errno::Errno;
use crate::time::Instant;
use crate::wire::{SeqNumber, TcpRepr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum AckPlan {
    None,
    /// RFC 1122 §4.2.3.2: wait a little for data to piggyback on.
    Delayed,
    Now,
}

/// One connection's state, the variables of RFC 9293 §3.3.1 by their RFC names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tcb {
    /// Private, so that every change goes through [`Tcb::set_state`] and the rule table;
    /// read it with [`Tcb::state`].
    state: State,
    pub local: Endpoint,
    pub remote: Endpoint,
    /// Created by a listener (passive OPEN): an RST in SYN-RECEIVED returns it to LISTEN.
    pub passive: bool,

    pub iss: SeqNumber,
    pub snd_una: SeqNumber,
    pub snd_nxt: SeqNumber,
    /// The highest sequence number sent so far (SND.NXT can move back on a timeout).
    pub snd_max: SeqNumber,
    pub snd_wnd: u32,
    pub snd_wl1: SeqNumber,
    pub snd_wl2: SeqNumber,
    /// The largest window the peer ever offered (RFC 5961 §5's MAX.SND.WND).
    pub max_snd_wnd: u32,
    /// Effective send MSS: the peer's offer, capped by ours (RFC 9293 §3.7.1).
    pub snd_mss: u32,

    pub irs: SeqNumber,
    pub rcv_nxt: SeqNumber,
    /// The window last advertised, for window-update decisions.
    pub rcv_wnd_advertised: u32,
    /// RCV.NXT when a window was last advertised: the left edge of the window the peer
    /// knows (Linux's `rcv_wup`). See `check_sequence`.
    #[serde(default)]
    pub rcv_wup: SeqNumber,

    /// Bytes from SND.UNA on: sent-unacknowledged, then not yet sent.
    pub send_buf: super::ByteQueue,
    /// The sequence number of `send_buf[0]`.
    pub send_buf_seq: SeqNumber,
    pub recv_buf: RecvBuffer,
    /// The user asked to close the sending side; a FIN follows the data.
    pub fin_queued: bool,
    /// The FIN's sequence number once assigned.
    pub fin_seq: Option<SeqNumber>,
    pub fin_received: bool,
    /// A FIN that arrived ahead of a gap, held until RCV.NXT reaches it (RFC 9293
    /// §3.10.7.4, seventh step: early segments are "held for later processing").
    #[serde(default)]
    pub early_fin: Option<SeqNumber>,
    /// Text (and FIN) that came on a SYN in SYN-SENT, queued "for processing after the
    /// ESTABLISHED state has been reached" (RFC 9293 §3.10.7.3): a simultaneous open.
    #[serde(default)]
    pub syn_text: Option<TcpRepr>,
    /// shutdown(read): arriving data is acknowledged and discarded.
    pub read_shut: bool,

    /// RFC 6298's estimator; it also picks the segment to time (Karn's rule).
    pub rtt: RttEstimator,
    /// Congestion control (RFC 5681 with RFC 6582's NewReno): cwnd and ssthresh.
    pub congestion: Congestion,
    pub timers: Timers,
    /// Consecutive retransmission timeouts without progress.
    pub retries: u32,
    /// Interval of the next zero-window probe (backs off like the RTO).
    pub persist_backoff: u32,
    /// Zero-window probes sent without any acceptable ACK since (Linux's `probes_out`).
    #[serde(default)]
    pub probes: u32,
    /// When the last ACK answering an invalid segment went out (Linux's
    /// `last_oow_ack_time`), for [`TcpConfig::invalid_ratelimit`].
    #[serde(default)]
    pub last_oow_ack: Option<Instant>,
    /// Challenge ACKs this connection's host may still send this second
    /// ([`TcpConfig::challenge_ack_limit`]): the world sets it before a segment goes in
    /// and charges the host what was spent. A Tcb on its own is not limited.
    #[serde(skip, default = "unlimited")]
    pub(crate) host_challenges_left: u32,
    /// SO_KEEPALIVE (RFC 9293 §3.8.4): off unless the application turns it on.
    #[serde(default)]
    pub keep_alive: bool,
    /// Keep-alives sent since the peer was last heard from.
    #[serde(default)]
    pub keep_alive_probes: u32,
    /// The program called close(): nobody will read again, and the connection must end
    /// on its own (FIN-WAIT-2 timeout, probe limit, RST on new data).
    #[serde(default)]
    pub orphaned: bool,
    pub(crate) ack_plan: AckPlan,
    /// Full-sized segments received since the last ACK we sent.
    pub(crate) unacked_segments: u32,
    /// The error waiting for the user (refused, reset, timed out).
    pub error: Option<Errno>,
    pub config: TcpConfig,
    /// Options and policies of the host's stack profile (window scale, timestamps,
    /// SACK): all off under `rfc` (and in a TCB saved before profiles existed).
    #[serde(default)]
    pub ext: super::Extensions,

    #[serde(skip)]
    pub(crate) outbox: Vec<TcpRepr>,
    #[serde(skip)]
    pub(crate) notes: Vec<TcpNote>,
}

impl Tcb {
    pub fn new(local: Endpoint, remote: Endpoint, iss: SeqNumber, config: TcpConfig) -> Self {
        let mss = u32::from(config.mss);
        Tcb {
            state: State::Closed,
            local,
            remote,
            passive: false,
            iss,
            snd_una: iss,
            snd_nxt: iss,
            snd_max: iss,
            snd_wnd: 0,
            snd_wl1: SeqNumber(0),
            snd_wl2: iss,
            max_snd_wnd: 0,
            // RFC 9293 §3.7.1: without an MSS option, assume 536.
            snd_mss: 536.min(mss),
            irs: SeqNumber(0),
            rcv_nxt: SeqNumber(0),
            rcv_wnd_advertised: config.recv_buffer.min(MAX_UNSCALED_WINDOW),
            rcv_wup: SeqNumber(0),
            send_buf: super::ByteQueue::new(),
            send_buf_seq: iss + 1,
            recv_buf: RecvBuffer::new(config.recv_buffer),
            fin_queued: false,
            fin_seq: None,
            fin_received: false,
            early_fin: None,
            syn_text: None,
            read_shut: false,
            rtt: RttEstimator::new(config.min_rto, config.max_rto),
            congestion: Congestion::new(536.min(mss)),
            timers: Timers::default(),
            retries: 0,
            persist_backoff: 0,
            probes: 0,
            last_oow_ack: None,
            host_challenges_left: unlimited(),
            keep_alive: false,
            keep_alive_probes: 0,
            orphaned: false,
            ack_plan: AckPlan::None,
            unacked_segments: 0,
            error: None,
            ext: super::Extensions::new(&config, iss),
            config,
            outbox: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The connection's state (RFC 9293 §3.3.2).
    pub fn state(&self) -> State {
        self.state
    }

    /// The only way a state changes that the log sees: by a rule of the table
    /// ([`super::rules::RULES`]), which names the state entered and the RFC section. It
    /// records where from, where to, why, and by which rule. Already in the rule's state,
    /// nothing happens.
    pub fn set_state(&mut self, rule: Rule, cause: Cause) {
        debug_assert!(
            rule.trigger().fits(&cause),
            "{rule:?} is not triggered by {cause:?}"
        );
        if let Some(from) = self.enter(rule) {
            let to = self.state;
            self.notes.push(TcpNote::StateChanged {
                from,
                to,
                cause,
                rule,
            });
        }
    }

    /// Moves to `rule`'s state, checking (in debug builds) that the table allows it from
    /// here; returns the state left, or None if already there. Only `set_state` and the
    /// fork of a listener (whose step the world logs as `ConnectionForked`) call it.
    pub(crate) fn enter(&mut self, rule: Rule) -> Option<State> {
        let (from, to) = (self.state, rule.to());
        if from == to {
            return None;
        }
        debug_assert!(
            rule.allows(from, to),
            "{rule:?} does not lead from {from} to {to}"
        );
        self.state = to;
        if to == State::Closed {
            self.timers.clear_all();
        }
        Some(from)
    }

    pub fn take_outbox(&mut self) -> Vec<TcpRepr> {
        std::mem::take(&mut self.outbox)
    }

    pub fn take_notes(&mut self) -> Vec<TcpNote> {
        std::mem::take(&mut self.notes)
    }

    /// When the world must wake this connection next.
    pub fn poll_at(&self) -> Option<Instant> {
        self.timers.next()
    }

    /// Bytes sent and not yet acknowledged (RFC 5681's FlightSize), SYN and FIN included.
    pub fn flight_size(&self) -> u32 {
        ahead_of(self.snd_nxt, self.snd_una)
    }

    /// Sequence numbers as offsets from ISS, the scale congestion control counts in.
    pub(super) fn offset_from_iss(&self, seq: SeqNumber) -> u32 {
        seq.diff(self.iss) as u32
    }

    /// RCV.WND: the receive window we offer, the buffer's free space as far as the
    /// window field can carry it (65,535 without window scaling, RFC 7323 §2.2). The
    /// acceptability test must use this, not the space, or a segment beyond the window
    /// the peer was told would be taken (RFC 9293 §3.10.7.4).
    pub fn rcv_wnd(&self) -> u32 {
        self.recv_buf.window().min(self.max_rcv_window())
    }

    /// Bytes the application may still write.
    pub fn send_space(&self) -> u32 {
        self.config
            .send_buffer
            .saturating_sub(self.send_buf.len() as u32)
    }

    /// Bytes waiting in the send buffer that were never sent.
    pub fn unsent(&self) -> u32 {
        let sent = ahead_of(self.snd_max, self.send_buf_seq);
        (self.send_buf.len() as u32).saturating_sub(sent)
    }

    pub fn fin_acked(&self) -> bool {
        self.fin_seq.is_some_and(|f| self.snd_una.is_after(f))
    }

    /// Is the connection synchronized (past the handshake)? RFC 9293 §3.10.7.4 treats
    /// these states alike in many steps.
    pub fn synchronized(&self) -> bool {
        !matches!(
            self.state,
            State::Closed | State::Listen | State::SynSent | State::SynReceived
        )
    }

    /// Ends the connection with an error for the user.
    pub(crate) fn fail(&mut self, error: Errno, cause: Cause, rule: Rule) {
        self.error = Some(error);
        self.notes.push(TcpNote::Error { error });
        self.send_buf.clear();
        self.set_state(rule, cause);
    }
}

/// The largest window a 16-bit window field carries (RFC 9293 §3.1).
pub(crate) const MAX_UNSCALED_WINDOW: u32 = 65_535;

/// No host-wide limit: a Tcb outside a world, or restored from a file.
fn unlimited() -> u32 {
    u32::MAX
}
