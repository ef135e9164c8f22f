//! Property tests of TCP over a hostile network: whatever the seed, loss (up to 30 %),
//! duplication, reordering and corruption in both directions, a transfer either delivers
//! exactly the bytes sent, in order, with both connections ending CLOSED, or reports an
//! error on a call. Never a wrong byte. And the same seed always gives the same log.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use proptest::prelude::*;
use sockscope_core::tcp::profile::{CongestionAlgo, OfferedOptions};
use sockscope_core::tcp::{StackProfile, State, TcpConfig};
use sockscope_core::testkit::{connecting, A};
use sockscope_core::wire::{SeqNumber, TcpFlags};
use sockscope_core::EventKind;
use sockscope_core::{
    Config, Duration, Endpoint, Errno, HostId, Instant, PathSettings, Protocol, Shutdown, SocketId,
    World,
};

/// How long a run may take in virtual time: far past every retry limit and TIME-WAIT.
const TIME_LIMIT: Instant = Instant(3_000_000_000);

/// The number of cases: `PROPTEST_CASES` when set (an explicit `cases` would ignore
/// it), else the file's choice.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

// ---------------------------------------------------------------- strategies

fn path() -> impl Strategy<Value = PathSettings> {
    (
        (1u64..=30, 0u64..=10),
        0u32..=300_000,
        0u32..=100_000,
        (0u32..=200_000, 1u64..=60),
        0u32..=50_000,
    )
        .prop_map(
            |((delay, jitter), loss_ppm, duplicate_ppm, (reorder_ppm, extra), corrupt_ppm)| {
                PathSettings {
                    delay: Duration::from_millis(delay),
                    jitter: Duration::from_millis(jitter),
                    loss_ppm,
                    duplicate_ppm,
                    reorder_ppm,
                    reorder_extra: Duration::from_millis(extra),
                    corrupt_ppm,
                }
            },
        )
}

/// The TCP settings of the world: small segments and small buffers too, so windows close
/// and segments are many.
fn tcp_config() -> impl Strategy<Value = TcpConfig> {
    (
        prop_oneof![Just(1460u16), Just(536), 64u16..=1460],
        prop_oneof![Just(65_535u32), 512u32..=16_384],
        prop_oneof![Just(65_535u32), 512u32..=16_384],
        any::<bool>(),
        profile(),
    )
        .prop_map(
            |(mss, send_buffer, recv_buffer, delayed_ack, (profile, sack, congestion))| {
                let base = TcpConfig {
                    mss,
                    send_buffer,
                    recv_buffer,
                    delayed_ack,
                    profile,
                    congestion: Some(congestion),
                    ..TcpConfig::default()
                };
                // Each option of the profile on or off (issue 16: every combination).
                let offer = OfferedOptions {
                    sack,
                    ..profile.defaults(&base).offer
                };
                TcpConfig {
                    offer: Some(offer),
                    ..base
                }
            },
        )
}

/// A stack profile (both hosts), SACK offered or not, NewReno or CUBIC.
fn profile() -> impl Strategy<Value = (StackProfile, bool, CongestionAlgo)> {
    (
        prop_oneof![
            2 => Just(StackProfile::Rfc),
            1 => Just(StackProfile::Linux),
            1 => Just(StackProfile::FreeBsd)
        ],
        any::<bool>(),
        prop_oneof![Just(CongestionAlgo::NewReno), Just(CongestionAlgo::Cubic)],
    )
}

/// One run: the world's seed and settings, the bytes each way, and when each program
/// starts reading (a late reader lets the window close).
#[derive(Debug, Clone)]
struct Case {
    seed: u64,
    tcp: TcpConfig,
    ab: PathSettings,
    ba: PathSettings,
    up: usize,
    down: usize,
    data_seed: u64,
    client_reads_at: Instant,
    server_reads_at: Instant,
}

fn case() -> impl Strategy<Value = Case> {
    let lag = || prop_oneof![3 => Just(0u64), 1 => 0u64..=8_000];
    (
        any::<u64>(),
        tcp_config(),
        path(),
        path(),
        (0usize..=20_000, 0usize..=20_000),
        any::<u64>(),
        (lag(), lag()),
    )
        .prop_map(
            |(seed, tcp, ab, ba, (up, down), data_seed, (cr, sr))| Case {
                seed,
                tcp,
                ab,
                ba,
                up,
                down,
                data_seed,
                client_reads_at: Instant(cr * 1_000),
                server_reads_at: Instant(sr * 1_000),
            },
        )
}

/// Bytes from a small generator: cheap to make, and a wrong or shifted byte shows.
fn payload(len: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 32) as u8
        })
        .collect()
}

// ---------------------------------------------------------------- the application

/// One end's program: send everything, shut down writing, read to end of stream, close.
/// Non-blocking, so it acts whenever the world has moved.
struct App {
    sock: Option<SocketId>,
    to_send: Vec<u8>,
    sent: usize,
    received: Vec<u8>,
    shut: bool,
    eof: bool,
    closed: bool,
    error: Option<Errno>,
    /// The program reads nothing before this time.
    reads_at: Instant,
}

impl App {
    fn new(sock: Option<SocketId>, to_send: Vec<u8>, reads_at: Instant) -> Self {
        App {
            sock,
            to_send,
            sent: 0,
            received: Vec::new(),
            shut: false,
            eof: false,
            closed: false,
            error: None,
            reads_at,
        }
    }

    fn done(&self) -> bool {
        self.closed || self.error.is_some()
    }

    fn fail(&mut self, e: Errno) {
        if e != Errno::WouldBlock && self.error.is_none() {
            self.error = Some(e);
        }
    }

    fn poll(&mut self, w: &mut World) {
        let Some(s) = self.sock else { return };
        if self.done() || w.tcb(s).is_some_and(|t| t.state() == State::SynSent) {
            return;
        }
        while self.sent < self.to_send.len() {
            match w.send(s, &self.to_send[self.sent..]) {
                Ok(n) => self.sent += n as usize,
                Err(e) => {
                    self.fail(e);
                    break;
                }
            }
        }
        if self.sent == self.to_send.len() && !self.shut && self.error.is_none() {
            match w.shutdown(s, Shutdown::Write) {
                Ok(()) => self.shut = true,
                Err(e) => self.fail(e),
            }
        }
        while !self.eof && self.error.is_none() && w.now() >= self.reads_at {
            match w.recv(s, 1 << 16) {
                Ok(d) if d.is_empty() => self.eof = true,
                Ok(d) => self.received.extend(d),
                Err(e) => {
                    self.fail(e);
                    break;
                }
            }
        }
        // A lingering close: the program keeps the socket until its own FIN is
        // acknowledged (TIME-WAIT) or the connection is over, so a failure after the last
        // byte still reaches a call. send() of nothing reports a pending error, as
        // SO_ERROR would.
        if self.shut && self.eof && self.error.is_none() {
            let state = w.tcb(s).map(|t| t.state());
            if state == Some(State::Closed) {
                match w.send(s, &[]) {
                    Err(Errno::NotConnected) => {}
                    Err(e) => self.fail(e),
                    Ok(n) => panic!("send on a closed connection took {n} bytes"),
                }
            }
            if self.error.is_none() && matches!(state, Some(State::TimeWait | State::Closed)) {
                w.close(s).unwrap();
                self.closed = true;
            }
        }
    }
}

struct Outcome {
    w: World,
    client: App,
    server: App,
    /// Broken sequence-space invariants, as found while the run went on.
    violations: Vec<String>,
}

/// Watches the wire for what no correct TCP does: a connection putting sequence numbers
/// on the wire beyond its own SND.MAX, or acknowledging bytes its peer never sent.
#[derive(Default)]
struct SeqWatch {
    seen: u64,
    /// Per socket: the end of the highest sequence number it put on the wire.
    wire_end: std::collections::BTreeMap<SocketId, SeqNumber>,
    /// The client socket and the server's connection, once forked.
    ends: [Option<SocketId>; 2],
}

impl SeqWatch {
    fn peer(&self, s: SocketId) -> Option<SocketId> {
        match self.ends {
            [Some(c), Some(t)] if s == c => Some(t),
            [Some(c), Some(t)] if s == t => Some(c),
            _ => None,
        }
    }

    fn check(&mut self, w: &World, violations: &mut Vec<String>) {
        for e in w.log().since(self.seen) {
            let s = match (&e.kind, e.socket) {
                (EventKind::ConnectionForked { .. }, Some(s)) => {
                    self.ends[1].get_or_insert(s);
                    continue;
                }
                (EventKind::PacketSent { summary, .. }, Some(s)) if summary.seq.is_some() => {
                    (s, summary)
                }
                _ => continue,
            };
            let (sock, summary) = s;
            let flags = TcpFlags(summary.tcp_flags);
            let seq = SeqNumber(summary.seq.unwrap_or(0));
            let len = summary.payload_len
                + u32::from(flags.contains(TcpFlags::SYN))
                + u32::from(flags.contains(TcpFlags::FIN));
            if flags.contains(TcpFlags::ACK) {
                let ack = SeqNumber(summary.ack.unwrap_or(0));
                let peer_end = self.peer(sock).and_then(|p| self.wire_end.get(&p));
                if peer_end.is_some_and(|end| ack.diff(*end) > 0) {
                    violations.push(format!(
                        "{} {sock} acknowledged {} beyond its peer's last sent byte {:?}",
                        e.at, ack.0, peer_end
                    ));
                }
            }
            if len > 0 && !flags.contains(TcpFlags::RST) {
                let end = seq + len;
                let max = self.wire_end.entry(sock).or_insert(end);
                if end.diff(*max) > 0 {
                    *max = end;
                }
            }
        }
        self.seen = w.log().len();
        for (sock, end) in &self.wire_end {
            if let Some(t) = w.tcb(*sock).filter(|t| t.state() != State::Closed) {
                if end.diff(t.snd_max) > 0 {
                    violations.push(format!(
                        "{} {sock} sent up to {} but its SND.MAX is {}",
                        w.now(),
                        end.0,
                        t.snd_max.0
                    ));
                }
                let order = t.snd_nxt.diff(t.snd_una) >= 0 && t.snd_max.diff(t.snd_nxt) >= 0;
                if !order {
                    violations.push(format!(
                        "{} {sock}: SND.UNA {} SND.NXT {} SND.MAX {} out of order",
                        w.now(),
                        t.snd_una.0,
                        t.snd_nxt.0,
                        t.snd_max.0
                    ));
                }
            }
        }
    }
}

/// Runs a whole transfer: B connects to A:80, both sides send their bytes, half-close,
/// read to the end and close; the world runs until nothing is left to happen.
/// The world of a case: its TCP settings and paths, no capture (runs are long).
fn case_config(seed: u64, tcp: TcpConfig) -> Config {
    Config {
        seed,
        tcp,
        capture: false,
        ..Config::default()
    }
}

fn transfer(c: &Case) -> Outcome {
    let (mut w, l, s) = connecting(case_config(c.seed, c.tcp.clone()), c.ab, c.ba);
    let up = payload(c.up, c.data_seed);
    let down = payload(c.down, c.data_seed.rotate_left(17));
    let mut client = App::new(Some(s), up, c.client_reads_at);
    let mut server = App::new(None, down, c.server_reads_at);
    let mut listening = true;
    let mut watch = SeqWatch {
        ends: [Some(s), None],
        ..SeqWatch::default()
    };
    let mut violations = Vec::new();
    // The programs act whenever the world has moved, and once more when a reader's
    // pause ends.
    let wakeups = [c.client_reads_at, c.server_reads_at];
    loop {
        let next = w.next_event_at();
        let wake = wakeups.iter().copied().filter(|t| *t > w.now()).min();
        let Some(at) = next.into_iter().chain(wake).min() else {
            break;
        };
        if at > TIME_LIMIT {
            break;
        }
        w.run_until(at);
        if listening {
            match w.accept(l) {
                Ok((s, _)) => {
                    server.sock = Some(s);
                    // One connection is all this program serves.
                    w.close(l).unwrap();
                    listening = false;
                }
                Err(e) => assert_eq!(e, Errno::WouldBlock),
            }
        }
        client.poll(&mut w);
        server.poll(&mut w);
        watch.check(&w, &mut violations);
    }
    if listening {
        w.close(l).unwrap();
    }
    Outcome {
        w,
        client,
        server,
        violations,
    }
}

fn host_of(w: &World, name: &str) -> HostId {
    w.host_by_name(name).unwrap().id
}

/// The property itself, on one run.
fn check(o: &Outcome) -> Result<(), TestCaseError> {
    let (client, server) = (&o.client, &o.server);
    prop_assert!(
        o.violations.is_empty(),
        "{} violations, first: {:#?}",
        o.violations.len(),
        &o.violations[..o.violations.len().min(3)]
    );
    // Never a wrong byte: whatever arrived is a prefix of what was sent.
    prop_assert!(
        server.to_send.starts_with(&client.received),
        "client read {} bytes that are not what the server sent",
        client.received.len()
    );
    prop_assert!(
        client.to_send.starts_with(&server.received),
        "server read {} bytes that are not what the client sent",
        server.received.len()
    );
    let allowed = [Errno::TimedOut, Errno::ConnReset, Errno::ConnRefused];
    for (who, app) in [("client", client), ("server", server)] {
        if let Some(e) = app.error {
            prop_assert!(allowed.contains(&e), "{who} failed with {e:?}");
        }
    }
    if client.error.is_some() || server.error.is_some() {
        return Ok(());
    }
    // No error anywhere: everything was delivered and both ends closed for good.
    prop_assert!(server.sock.is_some(), "never accepted, yet no error");
    prop_assert_eq!(client.received.len(), server.to_send.len());
    prop_assert_eq!(server.received.len(), client.to_send.len());
    prop_assert!(client.closed && server.closed);
    for s in [client.sock, server.sock].into_iter().flatten() {
        prop_assert!(
            o.w.tcb(s).is_none_or(|t| t.state() == State::Closed),
            "{s} left in {:?}",
            o.w.tcb(s).map(|t| t.state())
        );
    }
    for h in ["A", "B"] {
        let rows = o.w.socket_table(host_of(&o.w, h));
        prop_assert!(rows.is_empty(), "host {} keeps {:?}", h, rows);
    }
    prop_assert_eq!(o.w.next_event_at(), None);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(1000),
        ..ProptestConfig::default()
    })]

    #[test]
    fn transfers_deliver_exactly_or_fail_loudly(c in case()) {
        check(&transfer(&c))?;
    }
}

// ---------------------------------------------------------------- determinism

/// A busy world: a TCP transfer over lossy paths, then UDP datagrams both ways over the
/// same paths.
fn busy_world(c: &Case) -> World {
    let mut o = transfer(c);
    let w = &mut o.w;
    let (a, b) = (host_of(w, "A"), host_of(w, "B"));
    let ua = w.socket(a, Protocol::Udp).unwrap();
    let ub = w.socket(b, Protocol::Udp).unwrap();
    w.bind(ua, Endpoint::new(A, 53)).unwrap();
    for i in 0..20u8 {
        w.send_to(ub, &[i; 100], Endpoint::new(A, 53)).unwrap();
        w.advance(Duration::from_millis(3));
        while let Ok((d, from)) = w.recv_from(ua, 1000) {
            w.send_to(ua, &d, from).unwrap();
        }
    }
    w.advance(Duration::from_secs(1));
    while w.recv_from(ub, 1000).is_ok() {}
    o.w
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(64),
        ..ProptestConfig::default()
    })]

    #[test]
    fn same_seed_same_log(c in case()) {
        let first = busy_world(&c);
        let second = busy_world(&c);
        prop_assert!(first.log().len() > 20);
        prop_assert_eq!(first.log().len(), second.log().len());
        prop_assert_eq!(first.log().digest(), second.log().digest());
        prop_assert!(first == second, "the whole world, not only the log");
    }
}

// ---------------------------------------------------------------- slow readers

/// Both ends send a little into tiny buffers and read a few bytes now and then: the
/// zero-window probes of both sides cross the readers' window updates at every moment.
#[derive(Debug, Clone)]
struct SlowReaders {
    seed: u64,
    send_buffer: u32,
    recv_buffer: u32,
    up: usize,
    down: usize,
    /// Per side: (bytes per read, ms between reads).
    a_reads: (u32, u64),
    b_reads: (u32, u64),
    /// One-way delay: the longer, the likelier a read falls while probes fly.
    delay_ms: u64,
}

fn slow_readers() -> impl Strategy<Value = SlowReaders> {
    (
        any::<u64>(),
        (1u32..=64, 1u32..=16),
        (1usize..=200, 1usize..=200),
        ((1u32..=4, 50u64..=3_000), (1u32..=4, 50u64..=3_000)),
        any::<bool>(),
        1u64..=400,
    )
        .prop_map(
            |(seed, (s, r), (up, down), (a_reads, b_reads), together, delay_ms)| SlowReaders {
                seed,
                send_buffer: s,
                recv_buffer: r,
                up,
                down,
                a_reads,
                // Reading in step, both windows open at once, as in issue 12.
                b_reads: if together { a_reads } else { b_reads },
                delay_ms,
            },
        )
}

/// Runs the exchange; returns (bytes B read, bytes A read, packets sent).
fn run_slow_readers(c: &SlowReaders) -> (Vec<u8>, Vec<u8>, usize, Vec<u8>, Vec<u8>) {
    let tcp = TcpConfig {
        send_buffer: c.send_buffer,
        recv_buffer: c.recv_buffer,
        ..TcpConfig::default()
    };
    let path = PathSettings {
        delay: Duration::from_millis(c.delay_ms),
        ..PathSettings::default()
    };
    let (mut w, l, cs) = connecting(case_config(c.seed, tcp), path, path);
    w.advance(Duration::from_millis(3 * c.delay_ms + 10));
    let (ts, _) = w.accept(l).unwrap();
    let up = payload(c.up, c.seed);
    let down = payload(c.down, c.seed.rotate_left(9));
    let (mut sent_up, mut sent_down) = (0, 0);
    let (mut got_a, mut got_b) = (Vec::new(), Vec::new());
    let (mut next_a, mut next_b) = (w.now(), w.now());
    // 25 virtual minutes are far more than 400 bytes need at one byte per 3 s.
    while w.now() < Instant(1_500_000_000) && (got_a.len() < c.up || got_b.len() < c.down) {
        let at = next_a.min(next_b);
        w.run_until(at);
        if let Ok(n) = w.send(ts, &down[sent_down..]) {
            sent_down += n as usize;
        }
        if let Ok(n) = w.send(cs, &up[sent_up..]) {
            sent_up += n as usize;
        }
        if w.now() >= next_a {
            got_a.extend(w.recv(ts, c.a_reads.0).unwrap_or_default());
            next_a = w.now() + Duration::from_millis(c.a_reads.1);
        }
        if w.now() >= next_b {
            got_b.extend(w.recv(cs, c.b_reads.0).unwrap_or_default());
            next_b = w.now() + Duration::from_millis(c.b_reads.1);
        }
    }
    let packets = w
        .log()
        .events()
        .iter()
        .filter(|e| matches!(e.kind, EventKind::PacketSent { .. }))
        .count();
    (got_a, got_b, packets, up, down)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(200),
        ..ProptestConfig::default()
    })]

    /// No connection stalls while both applications still read (issue 12): every byte
    /// arrives, and the packets stay within a few per byte (an ACK storm sends
    /// thousands a second).
    #[test]
    fn no_connection_stalls_while_both_applications_still_read(c in slow_readers()) {
        let (got_a, got_b, packets, up, down) = run_slow_readers(&c);
        prop_assert_eq!(got_a, up);
        prop_assert_eq!(got_b, down);
        let bound = 200 + 12 * (c.up + c.down);
        prop_assert!(packets <= bound, "{} packets for {} bytes", packets, c.up + c.down);
    }
}

// ---------------------------------------------------------------- orphans

/// Programs that close at any moment: mid-transfer, before the handshake ends, while
/// their reader is paused.
#[derive(Debug, Clone)]
struct Closers {
    seed: u64,
    tcp: TcpConfig,
    ab: PathSettings,
    ba: PathSettings,
    up: usize,
    down: usize,
    /// Per side: (reading pauses from, reading resumes at, close at), in ms.
    client: (u64, u64, u64),
    server: (u64, u64, u64),
}

fn closers() -> impl Strategy<Value = Closers> {
    let side = || (0u64..=10_000, 0u64..=10_000, 0u64..=20_000).prop_map(|(a, b, c)| (a, a + b, c));
    (
        any::<u64>(),
        tcp_config(),
        (path(), path()),
        (0usize..=6_000, 0usize..=6_000),
        (side(), side()),
    )
        .prop_map(
            |(seed, tcp, (ab, ba), (up, down), (client, server))| Closers {
                seed,
                tcp,
                ab,
                ba,
                up,
                down,
                client,
                server,
            },
        )
}

/// One side's program: sends, reads except while paused, closes at its time.
fn closer_poll(w: &mut World, s: SocketId, data: &[u8], sent: &mut usize, plan: (u64, u64, u64)) {
    let now = w.now().micros() / 1_000;
    if now >= plan.2 {
        let _ = w.close(s);
        return;
    }
    if let Ok(n) = w.send(s, &data[*sent..]) {
        *sent += n as usize;
    }
    if now < plan.0 || now >= plan.1 {
        while let Ok(d) = w.recv(s, 4096) {
            if d.is_empty() {
                break;
            }
        }
    }
}

/// Runs until both programs have closed, then `LINGER` more; returns the world.
fn run_closers(c: &Closers) -> World {
    let (mut w, l, cs) = connecting(case_config(c.seed, c.tcp.clone()), c.ab, c.ba);
    let up = payload(c.up, c.seed);
    let down = payload(c.down, c.seed.rotate_left(5));
    let (mut sent_up, mut sent_down) = (0, 0);
    let mut server: Option<SocketId> = None;
    let (mut client_open, mut server_open) = (true, true);
    let last_close = Instant(c.client.2.max(c.server.2) * 1_000);
    let tick = Duration::from_millis(5);
    while w.now() <= last_close {
        w.run_until(w.now() + tick);
        if server_open && server.is_none() {
            if let Ok((s, _)) = w.accept(l) {
                server = Some(s);
            }
        }
        if client_open {
            closer_poll(&mut w, cs, &up, &mut sent_up, c.client);
            client_open = w.now().micros() / 1_000 < c.client.2;
        }
        if server_open {
            if let Some(s) = server {
                closer_poll(&mut w, s, &down, &mut sent_down, c.server);
            }
            if w.now().micros() / 1_000 >= c.server.2 {
                let _ = w.close(l);
                if let Some(s) = server {
                    let _ = w.close(s);
                }
                server_open = false;
            }
        }
    }
    w.run_until(last_close + LINGER);
    w
}

/// How long the kernel may keep a closed program's connections: past every retry and
/// probe limit (8 tries, backoff capped at 60 s), FIN-WAIT-2 and TIME-WAIT.
const LINGER: Duration = Duration(900_000_000);

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(100),
        ..ProptestConfig::default()
    })]

    /// Every orphaned socket ends (issue 12): some bounded time after every program has
    /// closed, no connection is left on either host.
    #[test]
    fn every_socket_ends_after_its_program_closes(c in closers()) {
        let w = run_closers(&c);
        for h in ["A", "B"] {
            let rows = w.socket_table(host_of(&w, h));
            prop_assert!(rows.is_empty(), "host {} keeps {:?}", h, rows);
        }
        prop_assert_eq!(w.next_event_at(), None);
    }
}
