//! TCP, by RFC 9293: the connection state machine, reliable delivery, flow control and
//! congestion control.
//!
//! A [`Tcb`] is sans-IO: segments, timer expiries and user calls go in; segments to send
//! and notes for the event log come out, and the world moves them. Every state change
//! goes through one function, [`Tcb::set_state`], by a [`Rule`] of the one table of
//! transitions ([`rules::RULES`]), which names the state entered and the RFC section.

mod congestion;
mod conn;
mod input;
mod reassembly;
mod rtt;
pub mod rules;
mod state;
mod timers;

pub use congestion::{Congestion, Phase};
pub use conn::{Cause, RetransmitReason, Tcb, TcpCall, TcpNote};
pub use input::Outcome;
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
    /// Retransmissions of a SYN before connect gives up.
    pub syn_retries: u32,
    /// RFC 1122 §4.2.3.2 delayed ACKs: on by default, as in real stacks.
    pub delayed_ack: bool,
    pub ack_delay: Duration,
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
            syn_retries: 5,
            delayed_ack: true,
            ack_delay: Duration::from_millis(200),
        }
    }
}
