//! What a connection reports: the user calls that move it, why a state changed, and the
//! notes the event log records (data the UI explains in any language).

use super::rules::Rule;
use super::state::State;
use super::timers::TimerKind;
use crate::errno::Errno;
use crate::wire::TcpFlags;
use serde::{Deserialize, Serialize};

/// The user calls that move a connection, named as RFC 9293 §3.10 names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TcpCall {
    /// connect(): active OPEN.
    Connect,
    /// listen(): passive OPEN.
    Listen,
    /// close(): CLOSE.
    Close,
    /// shutdown(write) or shutdown(both): CLOSE of the sending side, logged as the call
    /// the user made rather than as close().
    Shutdown,
    /// An abortive close: ABORT.
    Abort,
}

/// Why a state changed: the data the UI explains, in any language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Cause {
    /// A segment arrived.
    Segment {
        flags: TcpFlags,
        seq: u32,
        ack: u32,
        len: u32,
    },
    /// The user called.
    Call { call: TcpCall },
    /// A timer ran out.
    Timer { timer: TimerKind },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RetransmitReason {
    /// The retransmission timer expired (RFC 6298 §5.4).
    Timeout,
    /// Three duplicate ACKs (RFC 5681 §3.2).
    FastRetransmit,
    /// A partial ACK during fast recovery (RFC 6582 §3.2 step 5).
    PartialAck,
    /// A hole the SACK scoreboard says is lost, during SACK recovery (RFC 6675 §5 (C)).
    SackHole,
    /// The peer's SYN came again in SYN-RECEIVED: our SYN,ACK was lost (RFC 9293
    /// §3.10.7.4 first check; Linux and FreeBSD resend it at once).
    DuplicateSyn,
}

/// What a connection reports for the event log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TcpNote {
    StateChanged {
        from: State,
        to: State,
        cause: Cause,
        rule: Rule,
    },
    Retransmitted {
        seq: u32,
        len: u32,
        reason: RetransmitReason,
    },
    TimerFired {
        timer: TimerKind,
    },
    /// In-order bytes became readable.
    DataReady {
        len: u32,
    },
    /// A segment arrived ahead of a gap and waits in the reassembly queue.
    OutOfOrder {
        seq: u32,
        len: u32,
    },
    /// A segment carried nothing new (all of it already received).
    Duplicate {
        seq: u32,
        len: u32,
    },
    /// A segment failed the acceptability test (RFC 9293 §3.10.7.4, first check).
    Unacceptable {
        seq: u32,
        len: u32,
    },
    /// RFC 5961: an RST or SYN inside the window but not exact; answered with an ACK.
    ChallengeAck,
    /// An ACK owed to an invalid segment (out of window, a challenge) was not sent: one
    /// went out less than `TcpConfig::invalid_ratelimit` ago (RFC 5961 §7).
    AckRateLimited {
        seq: u32,
    },
    ZeroWindowProbe {
        seq: u32,
    },
    /// An idle connection asked its peer whether it is still there (RFC 9293 §3.8.4):
    /// `<SEQ=SND.NXT-1><ACK=RCV.NXT><CTL=ACK>`, which any live peer answers with an ACK.
    KeepAlive {
        seq: u32,
    },
    /// The connection failed; the user hears this error on the next call.
    Error {
        error: Errno,
    },
    /// The peer's FIN arrived: the application will read end-of-file.
    PeerClosed,
    /// Congestion control changed its window (RFC 5681): the points of the cwnd plot.
    Congestion {
        cwnd: u32,
        ssthresh: u32,
        flight: u32,
    },
    /// The connection follows a stack profile other than `rfc`: its timers, initial
    /// window and options come from that kernel's defaults (`tcp::profile`).
    Profile {
        profile: super::StackProfile,
    },
    /// The SYNs decided which options are on (RFC 7323 §2.2, §3.2; RFC 2018 §2): window
    /// scaling as (send shift, receive shift), timestamps, SACK. Logged only when this
    /// side offered some.
    OptionsNegotiated {
        profile: super::StackProfile,
        window_scale: Option<(u8, u8)>,
        /// The peer offered a shift above 14; 14 is used (RFC 7323 §2.3).
        shift_clamped: bool,
        timestamps: bool,
        sack: bool,
        /// ECN (RFC 3168 §6.1.1): ECE and CWR in the SYN, ECE in the SYN,ACK.
        #[serde(default)]
        ecn: bool,
    },
    /// RFC 3168 §6.1.3: data arrived marked CE by a router; ECE goes on every ACK until
    /// the sender's CWR.
    EcnCongestionExperienced {
        seq: u32,
    },
    /// RFC 3168 §6.1.2: an ECE reduced the window as a loss would, with nothing lost.
    EcnReduced {
        cwnd: u32,
        ssthresh: u32,
    },
    /// RFC 7323 §5.3 (PAWS): a segment whose TSval is older than TS.Recent was dropped.
    PawsRejected {
        seq: u32,
        tsval: u32,
        recent: u32,
    },
}
