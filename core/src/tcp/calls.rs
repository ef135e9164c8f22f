//! The user calls, RFC 9293 §3.10.1-6: OPEN, SEND, RECEIVE, CLOSE, ABORT.

use super::conn::{AckPlan, Tcb};
use super::note::{Cause, TcpCall};
use super::rules::Rule;
use super::state::State;
use crate::errno::Errno;
use crate::time::Instant;
use crate::wire::TcpFlags;

impl Tcb {
    /// Active OPEN (§3.10.1): send `<SEQ=ISS><CTL=SYN>` and enter SYN-SENT.
    pub fn open(&mut self, now: Instant) {
        let cause = Cause::Call {
            call: TcpCall::Connect,
        };
        // RFC 9293 §3.10.1 OPEN: an active open sends SYN and enters SYN-SENT.
        self.set_state(Rule::ActiveOpen, cause);
        self.ext.clock = now;
        self.note_profile();
        self.send_syn(now);
    }

    /// SEND (§3.10.2): queue data; it goes out as the windows allow.
    pub fn send(&mut self, data: &[u8], now: Instant) -> Result<u32, Errno> {
        self.ext.clock = now;
        if let Some(e) = self.error {
            return Err(e);
        }
        match self.state() {
            State::SynSent | State::SynReceived | State::Established | State::CloseWait
                if !self.fin_queued => {}
            State::Closed | State::Listen => return Err(Errno::NotConnected),
            _ => return Err(Errno::BrokenPipe),
        }
        let n = self.send_space().min(data.len() as u32);
        if n == 0 && !data.is_empty() {
            return Err(Errno::WouldBlock);
        }
        self.send_buf.extend(&data[..n as usize]);
        self.output(now);
        Ok(n)
    }

    /// RECEIVE (§3.10.3): up to `max` in-order bytes; empty means end of stream.
    pub fn recv(&mut self, max: u32, now: Instant) -> Result<Vec<u8>, Errno> {
        self.ext.clock = now;
        if !self.recv_buf.ready.is_empty() {
            let data = self.recv_buf.read(max);
            self.maybe_window_update(now);
            return Ok(data);
        }
        if self.fin_received || self.read_shut {
            return Ok(Vec::new());
        }
        if let Some(e) = self.error {
            return Err(e);
        }
        match self.state() {
            State::Closed | State::Listen => Err(Errno::NotConnected),
            _ => Err(Errno::WouldBlock),
        }
    }

    /// RFC 9293 §3.8.6.2.2 (receiver-side silly window avoidance): announce a reopened
    /// window only once it has grown by min(half the buffer, one MSS).
    pub(super) fn maybe_window_update(&mut self, now: Instant) {
        let window = self.rcv_wnd();
        let threshold = (self.recv_buf.capacity / 2).min(self.snd_mss.max(1));
        let grown = window.saturating_sub(self.rcv_wnd_advertised);
        if self.synchronized() && grown >= threshold && !self.fin_received {
            self.ack_plan = AckPlan::Now;
            self.output(now);
        }
    }

    /// CLOSE (§3.10.4) of the sending side: queue a FIN after the data.
    pub fn close(&mut self, now: Instant) -> Result<(), Errno> {
        self.close_by(now, TcpCall::Close)
    }

    /// CLOSE (§3.10.4) as the user's `call` asked for it (close() or shutdown()), so the
    /// state change logs the call that was made.
    pub fn close_by(&mut self, now: Instant, call: TcpCall) -> Result<(), Errno> {
        self.ext.clock = now;
        let cause = Cause::Call { call };
        match self.state() {
            State::Closed => return Err(Errno::NotConnected),
            State::Listen | State::SynSent => {
                // RFC 9293 §3.10.4 CLOSE: in LISTEN or SYN-SENT, delete the TCB.
                let rule = if self.state() == State::Listen {
                    Rule::CloseListen
                } else {
                    Rule::CloseSynSent
                };
                self.set_state(rule, cause);
                return Ok(());
            }
            State::SynReceived | State::Established => {
                self.fin_queued = true;
                // RFC 9293 §3.10.4 CLOSE: queue a FIN after pending data, FIN-WAIT-1.
                let rule = if self.state() == State::SynReceived {
                    Rule::CloseSynReceived
                } else {
                    Rule::CloseEstablished
                };
                self.set_state(rule, cause);
            }
            State::CloseWait => {
                self.fin_queued = true;
                // RFC 9293 §3.10.4 CLOSE: in CLOSE-WAIT, send FIN and enter LAST-ACK.
                self.set_state(Rule::CloseCloseWait, cause);
            }
            _ => {}
        }
        self.output(now);
        Ok(())
    }

    /// Passive OPEN (§3.10.1): wait for a SYN in LISTEN.
    pub fn listen(&mut self) {
        let cause = Cause::Call {
            call: TcpCall::Listen,
        };
        // RFC 9293 §3.10.1 OPEN: a passive open enters LISTEN and waits for a SYN.
        self.set_state(Rule::PassiveOpen, cause);
    }

    /// ABORT (§3.10.5): send `<SEQ=SND.NXT><CTL=RST>` if synchronized, and close. `rule`
    /// says why the abort happened (a user's abort, close with unread data, a listener
    /// closing with connections not yet accepted).
    pub fn abort(&mut self, rule: Rule) {
        if matches!(
            self.state(),
            State::SynReceived
                | State::Established
                | State::FinWait1
                | State::FinWait2
                | State::CloseWait
        ) {
            // RFC 9293 §3.10.5: <SEQ=SND.NXT><CTL=RST>, with the RFC's SND.NXT (see
            // `ack_seq`): an RST elsewhere is only challenged (RFC 5961 §3.2).
            let seg = self.segment(self.ack_seq(), TcpFlags::RST, Vec::new());
            self.outbox.push(seg);
        }
        self.send_buf.clear();
        let cause = Cause::Call {
            call: TcpCall::Abort,
        };
        self.set_state(rule, cause);
    }

    /// setsockopt(SO_KEEPALIVE): keep-alives on or off for this connection (RFC 9293
    /// §3.8.4, MUST-24; off by default, MUST-25). Turning them on starts the idle
    /// interval now.
    pub fn set_keep_alive(&mut self, on: bool, now: Instant) {
        self.keep_alive = on;
        self.keep_alive_probes = 0;
        self.arm_keep_alive(now);
    }
}
