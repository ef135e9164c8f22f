//! Runs a parsed script against a fresh world: times on the virtual clock, `<` segments
//! injected from the remote host, `>` segments matched against what reaches it, system
//! calls on the host under test (see [`super::calls`]).

use super::ast::{Action, Event, IpEcn, Script, Segment, Time};
use super::matcher::{compare, table, Seen};
use crate::ids::HostId;
use crate::ids::SocketId;
use crate::log::{Event as LogEvent, EventKind};
use crate::time::{Duration, Instant};
use crate::wire::{IpPacket, IpProtocol, Ipv4Repr, SeqNumber, TcpFlags, TcpRepr, Transport};
use crate::world::{Config, World};
use crate::PathSettings;
use std::collections::{BTreeMap, VecDeque};
use std::net::Ipv4Addr;

/// The host under test, packetdrill's default local address.
pub const LOCAL_ADDR: Ipv4Addr = Ipv4Addr::new(192, 168, 0, 1);
/// The script's end of the wire, packetdrill's default remote address.
pub const REMOTE_ADDR: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 1);
/// The port `bind(3, ..., ...)` binds and `connect(3, ..., ...)` connects to.
pub const SCRIPT_PORT: u16 = 8080;
/// The remote port of connections the remote end opens.
pub const REMOTE_PORT: u16 = 40_000;
/// What a relative remote sequence number 0 is on the wire.
const REMOTE_ISN: u32 = 0x1000_0000;
/// Most world events one wait may run.
const STEP_BUDGET: u32 = 100_000;
/// How far a `*` or open-ended wait for an outbound segment runs the clock.
const WAIT_LIMIT: Duration = Duration::from_secs(600);

/// How to run scripts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunOptions {
    /// Overrides the script's `--tolerance_usecs`; both absent means exact (0).
    pub tolerance_usecs: Option<i64>,
    /// Ignore TCP options when matching `>` lines (we implement MSS only).
    pub lenient_options: bool,
    /// Names `#ifdef` sees as defined.
    pub defines: Vec<String>,
    /// Do not compare advertised windows (they follow the receive buffer's size, which is
    /// a policy: FreeBSD rounds its buffer up to a multiple of the MSS, we do not).
    pub ignore_window: bool,
    /// The stack profile of the local host (`--profile freebsd`: the options and
    /// timers FreeBSD's own scripts expect).
    pub profile: crate::tcp::StackProfile,
}

/// A line the runner did not model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skip {
    pub line: u32,
    pub col: u32,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    /// The whole script was not run (IPv6, say), and why.
    Skipped(String),
    /// The first mismatch, with its line, column and explanation.
    Fail(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub outcome: Outcome,
    pub skipped: Vec<Skip>,
    /// Events run (packets and calls), skipped ones excluded.
    pub events_run: u32,
}

impl Report {
    pub fn passed(&self) -> bool {
        self.outcome == Outcome::Pass
    }

    /// A short text for the command line.
    pub fn render(&self) -> String {
        let mut s = match &self.outcome {
            Outcome::Pass => format!("PASS ({} events)", self.events_run),
            Outcome::Skipped(why) => format!("SKIPPED: {why}"),
            Outcome::Fail(why) => format!("FAIL {why}"),
        };
        for k in &self.skipped {
            s.push_str(&format!(
                "\n  SKIPPED line {} column {}: {}",
                k.line, k.col, k.reason
            ));
        }
        s
    }
}

/// A segment the stack sent, when it reached the remote end, and what made it.
pub(crate) struct Sniffed {
    pub at: Instant,
    pub seg: TcpRepr,
    /// The IP header's ECN codepoint.
    pub ecn: crate::wire::Ecn,
    pub cause: Option<LogEvent>,
}

/// A script file descriptor.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fd {
    pub sock: SocketId,
    pub nonblocking: bool,
    /// SO_LINGER on with time 0: close() aborts (RST).
    pub linger0: bool,
}

pub(crate) struct Runner {
    pub world: World,
    pub local: HostId,
    pub remote: HostId,
    pub fds: BTreeMap<i64, Fd>,
    pub local_isn: Option<u32>,
    pub remote_isn: Option<u32>,
    pub local_port: u16,
    pub remote_port: u16,
    pub out: VecDeque<Sniffed>,
    /// The last state change or note per socket, and the last event of any socket.
    pub causes: BTreeMap<SocketId, LogEvent>,
    pub last_cause: Option<LogEvent>,
    log_seen: u64,
    pub tolerance: i64,
    pub lenient: bool,
    pub ignore_window: bool,
    pub skipped: Vec<Skip>,
    /// When the previous event finished: what `+` times count from.
    pub reference: Instant,
    pub pending: Vec<super::calls::Pending>,
}

pub fn run(script: &Script, opts: &RunOptions) -> Report {
    let mut tolerance = 0;
    for (name, value) in &script.options {
        match name.as_str() {
            "tolerance_usecs" => tolerance = value.parse().unwrap_or(0),
            "ip_version" if value != "ipv4" => {
                return Report {
                    outcome: Outcome::Skipped(format!(
                        "--ip_version={value}: only IPv4 is modelled"
                    )),
                    skipped: Vec::new(),
                    events_run: 0,
                }
            }
            _ => {}
        }
    }
    let mut r = Runner::new(
        opts.tolerance_usecs.unwrap_or(tolerance),
        opts.lenient_options,
    );
    r.ignore_window = opts.ignore_window;
    r.world.set_host_profile(r.local, opts.profile);
    let mut events_run = 0;
    for e in &script.events {
        match r.event(e) {
            Ok(true) => events_run += 1,
            Ok(false) => {}
            Err(msg) => {
                return Report {
                    outcome: Outcome::Fail(format!("line {} column {}: {msg}", e.line, e.col)),
                    skipped: r.skipped,
                    events_run,
                }
            }
        }
    }
    let outcome = match r.pending.first() {
        Some(p) => Outcome::Fail(format!(
            "line {} column {}: the blocking call {}() never returned",
            p.line, p.col, p.call.name
        )),
        None => Outcome::Pass,
    };
    Report {
        outcome,
        skipped: r.skipped,
        events_run,
    }
}

impl Runner {
    fn new(tolerance: i64, lenient: bool) -> Runner {
        let mut world = World::new(Config::default());
        // Both hosts are fresh in a fresh world, so these cannot fail; if they did, the
        // script would fail on its first packet with the world's own error.
        let local = world.spawn_host("local", LOCAL_ADDR).unwrap_or(HostId(0));
        let remote = world
            .spawn_external_host("remote", REMOTE_ADDR)
            .unwrap_or(HostId(1));
        let instant = PathSettings {
            delay: Duration::ZERO,
            ..PathSettings::default()
        };
        let _ = world.set_link(local, remote, instant);
        let reference = world.now();
        Runner {
            world,
            local,
            remote,
            fds: BTreeMap::new(),
            local_isn: None,
            remote_isn: None,
            local_port: SCRIPT_PORT,
            remote_port: REMOTE_PORT,
            out: VecDeque::new(),
            causes: BTreeMap::new(),
            last_cause: None,
            log_seen: 0,
            tolerance: tolerance.max(0),
            lenient,
            ignore_window: false,
            skipped: Vec::new(),
            reference,
            pending: Vec::new(),
        }
    }

    /// Runs one event; false when it was skipped.
    fn event(&mut self, e: &Event) -> Result<bool, String> {
        let (at, lo, hi) = self.window(e.time);
        let ran = match &e.action {
            Action::Shell(cmd) if self.sysctl(cmd) => true,
            Action::Shell(cmd) => self.skip(e, format!("shell commands are not run: `{cmd}`")),
            Action::Unsupported(why) => self.skip(e, why.clone()),
            Action::Packet(seg) if seg.inbound => {
                self.advance_to(at);
                self.inject(seg)?;
                self.run_due_now();
                true
            }
            Action::Packet(seg) => {
                self.expect_segment(seg, lo, hi)?;
                true
            }
            Action::Call(call) => {
                self.advance_to(at);
                let ran = self.call(e, call)?;
                self.run_due_now();
                ran
            }
        };
        self.retry_pending()?;
        if !matches!(e.action, Action::Packet(Segment { inbound: false, .. })) {
            self.reference = self.world.now();
        }
        Ok(ran)
    }

    /// `sysctl -w NAME=VALUE` for the few TCP settings the world has, applied to the
    /// connections made from then on; true when applied.
    fn sysctl(&mut self, cmd: &str) -> bool {
        let Some(rest) = cmd.trim().strip_prefix("sysctl -w ") else {
            return false;
        };
        let Some((name, value)) = rest.trim().split_once('=') else {
            return false;
        };
        let Ok(v) = value.trim().parse::<u32>() else {
            return false;
        };
        // The option switches (net.inet.tcp.ecn.enable, sack.enable, rfc1323; Linux's
        // net.ipv4.tcp_*) set on the local host, as `sysctl(A, ...)` does.
        if let Some(knob) = crate::tcp::knobs::Knob::from_name(name) {
            let v = u8::try_from(v).unwrap_or(u8::MAX).min(knob.max());
            return self.world.set_host_knob(self.local, knob, v);
        }
        let tcp = &mut self.world.config.tcp;
        match name.trim() {
            // FreeBSD's delayed-ACK time, in milliseconds (ticks of a 1000 Hz clock).
            "net.inet.tcp.delacktime" => tcp.ack_delay = Duration::from_millis(u64::from(v)),
            "net.inet.tcp.recvspace" => tcp.recv_buffer = v,
            "net.inet.tcp.sendspace" => tcp.send_buffer = v,
            _ => return false,
        }
        true
    }

    fn skip(&mut self, e: &Event, reason: String) -> bool {
        self.skipped.push(Skip {
            line: e.line,
            col: e.col,
            reason,
        });
        false
    }

    /// When to act, and the earliest and latest acceptable times (tolerance included).
    pub fn window(&self, t: Time) -> (Instant, Instant, Instant) {
        let base = |rel: bool| {
            if rel {
                self.reference.micros() as i64
            } else {
                0
            }
        };
        let tol = self.tolerance;
        let at = |us: i64| Instant(us.max(0) as u64);
        match t {
            Time::Absolute(us) | Time::Relative(us) => {
                let t = base(matches!(t, Time::Relative(_))) + us;
                (at(t), at(t - tol), at(t + tol))
            }
            Time::Any => (self.world.now(), Instant::ZERO, Instant(u64::MAX)),
            Time::Range { from, to, relative } => {
                let b = base(relative);
                (at(b + from), at(b + from - tol), at(b + to + tol))
            }
        }
    }

    /// Runs the world up to `t`, one event at a time, noting what reaches the remote end.
    pub fn advance_to(&mut self, t: Instant) {
        // Relative times add up, so a script can still aim far ahead; a budget of events
        // keeps a run bounded whatever it says (a zero-window probe goes on forever).
        let mut budget = STEP_BUDGET;
        while budget > 0 && self.world.next_event_at().is_some_and(|at| at <= t) {
            self.world.step();
            self.sniff();
            budget -= 1;
        }
        // With the budget spent, events due before `t` remain; leave the clock at them.
        if budget > 0 {
            self.world.run_until(t);
        }
        self.sniff();
    }

    /// Runs what is due now (a zero-delay arrival and its answer).
    pub fn run_due_now(&mut self) {
        let now = self.world.now();
        self.advance_to(now);
    }

    fn sniff(&mut self) {
        let new: Vec<LogEvent> = self.world.log().since(self.log_seen).to_vec();
        for e in new {
            self.log_seen = e.seq + 1;
            let cause = matches!(
                e.kind,
                EventKind::StateChanged { .. }
                    | EventKind::Tcp { .. }
                    | EventKind::UserCall { .. }
                    | EventKind::ResetSent { .. }
                    | EventKind::ConnectionForked { .. }
                    | EventKind::SynDropped { .. }
            );
            if cause && e.host == Some(self.local) {
                if let Some(s) = e.socket {
                    self.causes.insert(s, e.clone());
                }
                self.last_cause = Some(e);
            }
        }
        for bytes in self.world.take_external(self.remote) {
            let Ok(IpPacket {
                transport: Transport::Tcp(seg),
                ip,
            }) = IpPacket::parse(&bytes)
            else {
                continue;
            };
            let cause = self
                .socket_of(&seg)
                .and_then(|s| self.causes.get(&s).cloned());
            let cause = cause.or_else(|| self.last_cause.clone());
            self.out.push_back(Sniffed {
                at: self.world.now(),
                seg,
                ecn: ip.ecn,
                cause,
            });
        }
    }

    /// The local socket a segment the stack sent belongs to.
    fn socket_of(&self, seg: &TcpRepr) -> Option<SocketId> {
        let by_conn = self.world.sockets().find(|s| {
            s.local.is_some_and(|l| l.port == seg.src_port)
                && s.remote.is_some_and(|r| r.port == seg.dst_port)
        });
        by_conn
            .or_else(|| {
                self.world
                    .sockets()
                    .find(|s| s.local.is_some_and(|l| l.port == seg.src_port))
            })
            .map(|s| s.id)
    }

    fn inject(&mut self, seg: &Segment) -> Result<(), String> {
        let syn = seg.flags & TcpFlags::SYN.0 != 0;
        let remote_isn = *self.remote_isn.get_or_insert(if syn {
            REMOTE_ISN.wrapping_sub(seg.seq)
        } else {
            REMOTE_ISN
        });
        let local_isn = self.local_isn.unwrap_or(0);
        let mut options = crate::wire::TcpOptions::default();
        for o in seg.options.clone().flatten().unwrap_or_default() {
            use super::ast::TcpOpt;
            match o {
                TcpOpt::Mss(m) => options.mss = Some(m),
                TcpOpt::WScale(w) => options.window_scale = Some(w),
                TcpOpt::SackOk => options.sack_permitted = true,
                TcpOpt::Ts { val, ecr } => options.timestamp = Some((val, ecr)),
                TcpOpt::Sack(b) => {
                    options.sack_blocks = b
                        .iter()
                        .map(|(l, r)| {
                            (
                                SeqNumber(local_isn.wrapping_add(*l)),
                                SeqNumber(local_isn.wrapping_add(*r)),
                            )
                        })
                        .collect();
                }
                TcpOpt::Nop | TcpOpt::Eol | TcpOpt::Other(_) => {}
            }
        }
        let tcp = TcpRepr {
            src_port: self.remote_port,
            dst_port: self.local_port,
            seq: SeqNumber(remote_isn.wrapping_add(seg.seq)),
            ack: SeqNumber(seg.ack.map_or(0, |a| local_isn.wrapping_add(a))),
            flags: TcpFlags(seg.flags),
            window: seg.win.unwrap_or(65_535),
            urgent: seg.urg.unwrap_or(0),
            options,
            payload: vec![0; seg.len as usize],
        };
        let ip = Ipv4Repr {
            src: REMOTE_ADDR,
            dst: LOCAL_ADDR,
            protocol: IpProtocol::Tcp,
            ttl: 64,
            ident: 0,
            dont_fragment: true,
            ecn: seg
                .ecn
                .map_or(crate::wire::Ecn::NotEct, super::ast::IpEcn::codepoint),
        };
        let bytes = IpPacket {
            ip,
            transport: Transport::Tcp(tcp),
        }
        .emit();
        self.world
            .inject(self.remote, bytes)
            .map(|_| ())
            .map_err(|e| format!("cannot build the segment: {e:?}"))
    }

    /// Takes the next segment the stack sent (waiting for it until `hi`) and matches it.
    fn expect_segment(&mut self, want: &Segment, lo: Instant, hi: Instant) -> Result<(), String> {
        let limit = if hi.0 == u64::MAX {
            self.world.now() + WAIT_LIMIT
        } else {
            hi
        };
        let mut budget = STEP_BUDGET;
        while budget > 0
            && self.out.is_empty()
            && self.world.next_event_at().is_some_and(|at| at <= limit)
        {
            self.world.step();
            self.sniff();
            budget -= 1;
        }
        let Some(got) = self.out.pop_front() else {
            return Err(format!(
                "expected the stack to send\n    > {}\n  by {}, but it sent nothing\n{}",
                seg_text(want),
                limit,
                self.cause_text(self.last_cause.as_ref())
            ));
        };
        let syn = got.seg.flags.contains(TcpFlags::SYN);
        if syn && self.local_isn.is_none() {
            self.local_isn = Some(got.seg.seq.0.wrapping_sub(want.seq));
        }
        let seen = Seen::of(
            &got.seg,
            self.local_isn.unwrap_or(0),
            self.remote_isn.unwrap_or(REMOTE_ISN),
        );
        let mut want = want.clone();
        if self.ignore_window {
            want.win = None;
        }
        let (mut rows, mut ok) = compare(&want, &seen, self.lenient);
        if let Some(e) = want.ecn {
            let agree = e.matches(got.ecn);
            rows.push(("ip ecn", e.name().into(), IpEcn::of(got.ecn).into(), agree));
            ok &= agree;
        }
        let on_time = got.at >= lo && got.at <= hi;
        let when = |t: Instant| {
            if t.0 == u64::MAX {
                "any time".to_string()
            } else {
                t.to_string()
            }
        };
        rows.push((
            "time",
            format!("{}..{}", lo, when(hi)),
            got.at.to_string(),
            on_time,
        ));
        self.reference = got.at.max(self.reference);
        if ok && on_time {
            return Ok(());
        }
        Err(format!(
            "the segment sent does not match\n  script: > {}\n  actual: > {}\n{}{}",
            seg_text(&want),
            seen.line(),
            table(&rows),
            self.cause_text(got.cause.as_ref())
        ))
    }

    pub fn cause_text(&self, cause: Option<&LogEvent>) -> String {
        match cause {
            Some(e) => format!(
                "  produced after: {} {}",
                e.at,
                crate::teach::explain::describe(crate::lang::Lang::En, &self.world, e)
            ),
            None => String::new(),
        }
    }
}

/// A script segment as written.
pub fn seg_text(s: &Segment) -> String {
    let mut t = format!(
        "{} {}:{}({})",
        super::ast::flags_text(s.flags),
        s.seq,
        s.seq.wrapping_add(s.len),
        s.len
    );
    if let Some(a) = s.ack {
        t.push_str(&format!(" ack {a}"));
    }
    if let Some(w) = s.win {
        t.push_str(&format!(" win {w}"));
    }
    match &s.options {
        Some(Some(o)) => t.push_str(&format!(" <{}>", super::matcher::options_text(o))),
        Some(None) => t.push_str(" <...>"),
        None => {}
    }
    t
}
