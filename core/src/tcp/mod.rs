//! TCP, by RFC 9293: the connection state machine, reliable delivery, flow control and
//! congestion control.
//!
//! A [`Tcb`] is sans-IO: segments, timer expiries and user calls go in; segments to send
//! and notes for the event log come out, and the world moves them. Every state change
//! goes through one function, [`Tcb::set_state`], by a [`Rule`] of the one table of
//! transitions ([`rules::RULES`]), which names the state entered and the RFC section.

mod acceptance;
mod ack;
mod byte_queue;
mod calls;
mod congestion;
mod conn;
pub mod cubic;
pub mod ecn;
mod extensions;
mod growth;
mod input;
pub mod knobs;
mod note;
mod output;
pub mod profile;
mod reassembly;
mod recovery;
mod rtt;
pub mod rules;
pub mod sack;
mod state;
mod timeouts;
mod timers;
pub mod timestamps;

pub use byte_queue::ByteQueue;
pub use congestion::{Congestion, Phase};
pub use conn::{Cause, RetransmitReason, Tcb, TcpCall, TcpNote};
pub use extensions::Extensions;
pub use input::Outcome;
pub use profile::StackProfile;
pub use reassembly::RecvBuffer;
pub use rtt::RttEstimator;
pub use rules::{Rule, Trigger};
pub use state::State;
pub use timers::{TimerKind, Timers};

use crate::time::Duration;
use serde::{Deserialize, Serialize};

/// TCP settings of a world. The defaults follow the RFCs except where a playground needs
/// to be watchable: MSL is 2 s rather than 2 minutes, so TIME-WAIT ends while you look.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TcpConfig {
    /// The MSS this host offers in its SYN (RFC 9293 §3.7.1); 1460 fits Ethernet.
    pub mss: u16,
    pub send_buffer: u32,
    /// Also the largest window offered: 65,535 bytes fits the 16-bit field without window
    /// scaling.
    pub recv_buffer: u32,
    /// Maximum segment lifetime; TIME-WAIT lasts twice this (RFC 9293 §3.4.2).
    pub msl: Duration,
    /// RFC 6298 §2.4 says 1 s; Linux uses 200 ms.
    pub min_rto: Duration,
    pub max_rto: Duration,
    /// Retransmissions of one segment before the connection gives up with TimedOut.
    pub max_retries: u32,
    /// Retransmissions of a SYN before connect gives up. RFC 1122 §4.2.3.5 (RFC 9293
    /// MUST-23): R2 for a SYN "MUST be set large enough to provide retransmission of the
    /// SYN for at least 3 minutes"; 7 retries with the RTO doubling from 1 s and capped at
    /// 60 s wait 1+2+4+8+16+32+60+60 = 183 s.
    pub syn_retries: u32,
    /// RFC 1122 §4.2.3.2 delayed ACKs: on by default, as in real stacks.
    pub delayed_ack: bool,
    pub ack_delay: Duration,
    /// The smallest send MSS a peer's MSS option may impose. Linux's tcp_min_snd_mss,
    /// 48 by default (added against CVE-2019-11479: an MSS of a few bytes makes a
    /// sender cut its data into tens of bytes per segment).
    pub min_snd_mss: u16,
    /// At most one ACK per this interval answers an out-of-window segment without data
    /// or a challenge (RFC 5961 §7 SHOULD rate-limit them). Linux's
    /// tcp_invalid_ratelimit, 500 ms per connection.
    pub invalid_ratelimit: Duration,
    /// Challenge ACKs a host sends per second, all its connections together (RFC 5961 §7;
    /// Linux's net.ipv4.tcp_challenge_ack_limit, 1000 until Linux 6.0 made the host-wide
    /// limit off by default), so a flood of forged segments spread over many connections
    /// cannot draw an answer for each.
    pub challenge_ack_limit: u32,
    /// An orphaned connection (closed by its program) waits this long in FIN-WAIT-2
    /// for the peer's FIN. Linux's tcp_fin_timeout is 60 s, the length of its
    /// TIME-WAIT (TCP_TIMEWAIT_LEN); here as well: 2×MSL.
    pub fin_wait2_timeout: Duration,
    /// Half-open connections (SYN-RECEIVED) a listener keeps, apart from its accept
    /// queue. Linux's tcp_max_syn_backlog is 128 at the least (more with memory); when
    /// full, the oldest half-open connection makes room (as FreeBSD's syncache does).
    pub syn_backlog: u32,
    /// The stack this host imitates ([`profile::StackProfile`]): which options its SYN
    /// offers, its congestion control, Nagle. `rfc`, the default, is the behaviour
    /// without profiles; the world applies a host's profile with `StackProfile::tune`.
    #[serde(skip_serializing_if = "profile::StackProfile::is_rfc")]
    pub profile: profile::StackProfile,
    /// Options offered instead of the profile's (each switchable on its own: a lesson
    /// compares SACK on and off under one profile); `None` keeps the profile's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offer: Option<profile::OfferedOptions>,
    /// Congestion control instead of the profile's; `None` keeps the profile's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub congestion: Option<profile::CongestionAlgo>,
    /// RFC 9293 §3.8.6.2.1's override timeout: data held back by sender-side silly
    /// window avoidance with nothing in flight goes out after this long (RFC 1122
    /// §4.2.3.4 suggests 0.1 to 1 s).
    pub sws_override: Duration,
    /// RFC 9293 §3.8.4: an idle connection with keep-alive on (SO_KEEPALIVE, off by
    /// default: MUST-25) sends its first keep-alive after this long without a segment
    /// from the peer. MUST-27/28: configurable, and no less than two hours by default
    /// (Linux's tcp_keepalive_time, 7200 s).
    pub keepalive_idle: Duration,
    /// Between unanswered keep-alives (Linux's tcp_keepalive_intvl, 75 s).
    pub keepalive_interval: Duration,
    /// Unanswered keep-alives before the connection is given up with ETIMEDOUT; more
    /// than one, as MUST-29 forbids taking one lost probe for a dead peer (Linux's
    /// tcp_keepalive_probes, 9).
    pub keepalive_probes: u32,
}

impl Default for TcpConfig {
    fn default() -> Self {
        TcpConfig {
            mss: 1460,
            send_buffer: 65_535,
            recv_buffer: 65_535,
            msl: Duration::from_secs(2),
            min_rto: Duration::from_secs(1),
            max_rto: Duration::from_secs(60),
            max_retries: 8,
            syn_retries: 7,
            delayed_ack: true,
            ack_delay: Duration::from_millis(200),
            min_snd_mss: 48,
            invalid_ratelimit: Duration::from_millis(500),
            challenge_ack_limit: 1_000,
            fin_wait2_timeout: Duration::from_secs(4),
            syn_backlog: 128,
            profile: profile::StackProfile::Rfc,
            offer: None,
            congestion: None,
            sws_override: Duration::from_millis(200),
            keepalive_idle: Duration::from_secs(2 * 60 * 60),
            keepalive_interval: Duration::from_secs(75),
            keepalive_probes: 9,
        }
    }
}

/// How many sequence numbers `seq` lies ahead of `base` (RFC 9293 §3.4 arithmetic), or 0
/// if it is not ahead: the offset of `seq` in a buffer that starts at `base`, or the bytes
/// between two edges (SND.UNA to SND.NXT is the flight).
fn ahead_of(seq: crate::wire::SeqNumber, base: crate::wire::SeqNumber) -> u32 {
    seq.diff(base).max(0) as u32
}
