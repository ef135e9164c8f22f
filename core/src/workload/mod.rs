//! Deterministic workloads for the benchmarks: a bulk transfer over one connection and
//! many short connections at once.
//!
//! They live in the core, not in `core/benches`, so that the native benchmark and the
//! WebAssembly build (`web/src/bench.rs`) run the very same code and can be compared: same
//! seed, same work, same report, digest included. Nothing here reads a clock; the callers
//! time the calls.
//!
//! The programs on the hosts behave like event-driven programs over `poll(2)`: they call
//! `send` only when the socket is writable and `recv` only when it is readable, rather than
//! spinning on `WouldBlock` (each call is an event in the log, as it is a system call in a
//! real kernel).

pub mod routed;

use crate::ids::SocketId;
use crate::log::EventLog;
use crate::network::PathSettings;
use crate::tcp::State;
use crate::{Config, Endpoint, Protocol, World};
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

/// The receiving host of both workloads.
pub const SERVER: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 1);
/// The sending (connecting) host.
pub const CLIENT: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 2);
const PORT: u16 = 80;

/// A program writes when at least this much of its send buffer is free (or the rest of its
/// data fits), like a socket's send low-water mark: writing every freed MSS would be one
/// call, and one log event, per acknowledgment.
pub const SEND_LOW_WATER: u32 = 16 * 1024;
/// The most a program reads per `recv` call.
pub const RECV_CHUNK: u32 = 64 * 1024;

/// The byte at stream offset `i` of a bulk transfer: cheap to make and to check, and not
/// the same every 256 bytes, so a misplaced segment is caught.
pub fn pattern_byte(i: u64) -> u8 {
    (i % 251) as u8
}

/// `most` bytes of the pattern, and 251 more, so that a slice of it starts at any stream
/// offset: the one buffer a sender writes from and a receiver checks against.
pub fn pattern(most: u32) -> Vec<u8> {
    (0..u64::from(most) + 251).map(pattern_byte).collect()
}

/// Panics unless `data`, read at stream offset `at`, is the pattern; `pattern` is from
/// [`pattern`] with `most` at least `data.len()`.
pub fn check(pattern: &[u8], at: u64, data: &[u8]) {
    let from = (at % 251) as usize;
    assert!(
        pattern[from..from + data.len()] == *data,
        "the {} bytes read at offset {at} are not what was sent",
        data.len()
    );
}

/// What a bulk transfer moves and over which path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkSpec {
    pub bytes: u64,
    /// Random loss, each direction, in parts per million (1 % = 10_000).
    pub loss_ppm: u32,
    pub seed: u64,
    /// The world's log bound ([`Config::log_limit`]); `None` keeps every event.
    pub log_limit: Option<u64>,
    /// Whether a bounded log keeps a digest ([`Config::log_digest`]).
    pub log_digest: bool,
    /// Both hosts' stack profile (`BENCH_PROFILE=linux`: SACK, window scaling,
    /// timestamps, CUBIC); `rfc` by default.
    #[serde(default)]
    pub profile: crate::tcp::StackProfile,
    /// Through two routers and a rated bottleneck instead of one segment
    /// (`BENCH_ROUTED=1`; see [`routed`]).
    #[serde(default)]
    pub routed: bool,
    /// The routed bottleneck's one-way delay in milliseconds (`BENCH_DELAY_MS`; 1 by
    /// default): 50 makes a long fat pipe, 1 Gbit/s and a 100 ms round trip.
    #[serde(default)]
    pub delay_ms: Option<u64>,
}

impl BulkSpec {
    /// `megabytes` × 10^6 bytes with the log a long run in the playground would use:
    /// bounded, without a digest.
    pub fn megabytes(megabytes: u64, loss_ppm: u32, seed: u64) -> Self {
        BulkSpec {
            bytes: megabytes * 1_000_000,
            loss_ppm,
            seed,
            log_limit: Some(BENCH_LOG_LIMIT),
            log_digest: false,
            profile: crate::tcp::StackProfile::Rfc,
            routed: false,
            delay_ms: None,
        }
    }
}

/// The events a benchmark run keeps: enough for a viewer's last screens, bounded.
pub const BENCH_LOG_LIMIT: u64 = 10_000;

/// What a workload did: the same numbers natively and in WebAssembly for the same spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Payload bytes the receiving programs read (and checked).
    pub bytes: u64,
    /// IPv4 packets put on the wire, both directions (TCP segments here).
    pub packets: u64,
    /// Packets the path lost.
    pub lost: u64,
    /// Events the log recorded.
    pub events: u64,
    /// Events the world's queue ran (`World::step`).
    pub steps: u64,
    /// Virtual time at the end, in microseconds.
    pub virtual_micros: u64,
    /// The log's digest ([`EventLog::digest`]).
    pub digest: u64,
}

impl Report {
    fn of(w: &World, bytes: u64, steps: u64) -> Self {
        let log: &EventLog = w.log();
        Report {
            bytes,
            packets: log.count("packet-sent"),
            lost: log.count("packet-dropped"),
            events: log.len(),
            steps,
            virtual_micros: w.now().micros(),
            digest: log.digest(),
        }
    }
}

pub(crate) fn world(
    seed: u64,
    loss_ppm: u32,
    log: (Option<u64>, bool),
    profile: crate::tcp::StackProfile,
) -> (World, SocketId) {
    let mut w = World::new(Config {
        seed,
        tcp: crate::tcp::TcpConfig {
            profile,
            ..crate::tcp::TcpConfig::default()
        },
        capture: false,
        log_limit: log.0,
        log_digest: log.1,
        ..Config::default()
    });
    let server = w.spawn_host("server", SERVER).expect("a valid host");
    let client = w.spawn_host("client", CLIENT).expect("a valid host");
    let path = PathSettings {
        loss_ppm,
        ..PathSettings::default()
    };
    w.set_link(server, client, path).expect("both hosts exist");
    let l = w.socket(server, Protocol::Tcp).expect("the server exists");
    w.bind(l, Endpoint::new(SERVER, PORT))
        .expect("port 80 is free");
    w.listen(l, 4096).expect("a bound socket can listen");
    (w, l)
}

fn writable(w: &World, s: SocketId, left: u64) -> bool {
    w.tcb(s).is_some_and(|t| {
        matches!(t.state(), State::Established | State::CloseWait)
            && u64::from(t.send_space()) >= left.min(u64::from(SEND_LOW_WATER))
    })
}

fn readable(w: &World, s: SocketId) -> bool {
    w.tcb(s)
        .is_some_and(|t| !t.recv_buf.ready.is_empty() || t.fin_received || t.error.is_some())
}

fn has_ready(w: &World, listener: SocketId) -> bool {
    w.get_socket(listener)
        .and_then(|s| s.tcp())
        .and_then(|t| t.listener.as_ref())
        .is_some_and(|l| !l.ready.is_empty())
}

/// One connection from the client to the server carrying `spec.bytes` of
/// [`pattern_byte`]s; the client closes once all is written, the server reads to the end
/// (checking every byte) and closes; the world then runs until TIME-WAIT is over.
///
/// Panics if the bytes arrive wrong or the run does not finish: a benchmark of a broken
/// transfer would measure nothing.
pub fn bulk(spec: &BulkSpec) -> Report {
    let log = (spec.log_limit, spec.log_digest);
    let (mut w, listener) = match spec.routed {
        true => routed::world(spec, log),
        false => world(spec.seed, spec.loss_ppm, log, spec.profile),
    };
    let client_host = w.host_by_name("client").map(|h| h.id).expect("client host");
    let server_addr = w
        .host_by_name("server")
        .map(|h| h.addr)
        .expect("server host");
    let c = w.socket(client_host, Protocol::Tcp).expect("client socket");
    w.connect(c, Endpoint::new(server_addr, PORT))
        .expect("connect starts");
    let most = u64::from(RECV_CHUNK);
    let chunk = pattern(RECV_CHUNK);
    let (mut sent, mut received, mut steps) = (0u64, 0u64, 0u64);
    let mut server: Option<SocketId> = None;
    let (mut client_closed, mut server_closed) = (false, false);
    loop {
        if server.is_none() && has_ready(&w, listener) {
            server = w.accept(listener).ok().map(|(s, _)| s);
        }
        while sent < spec.bytes && writable(&w, c, spec.bytes - sent) {
            let at = (sent % 251) as usize;
            let want = (spec.bytes - sent).min(most) as usize;
            let n = w.send(c, &chunk[at..at + want]).expect("a writable socket");
            sent += u64::from(n);
        }
        if sent == spec.bytes && !client_closed {
            w.close(c).expect("the client socket is open");
            client_closed = true;
        }
        if let Some(s) = server.filter(|_| !server_closed) {
            while readable(&w, s) {
                let data = w.recv(s, RECV_CHUNK).expect("a readable socket");
                if data.is_empty() {
                    w.close(s).expect("the server socket is open");
                    server_closed = true;
                    break;
                }
                check(&chunk, received, &data);
                received += data.len() as u64;
            }
        }
        if !w.step() {
            break;
        }
        steps += 1;
    }
    assert_eq!(received, spec.bytes, "the server read every byte");
    assert!(server_closed && client_closed, "both sides closed");
    Report::of(&w, received, steps)
}

/// Many short connections at once: `connections` clients connect to one listener (at
/// `connect_per_ms` a virtual millisecond, which keeps the handshakes in progress under
/// the listener's backlog), and once every connection is established and accepted, each
/// client sends a `request`, the server answers with a `response`, the client closes, the
/// server reads the end and closes, and the world runs until every TIME-WAIT is over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScaleSpec {
    pub connections: u32,
    pub connect_per_ms: u32,
    pub request: u32,
    pub response: u32,
    pub seed: u64,
    /// The world's log bound ([`Config::log_limit`]); the programs find the sockets
    /// to look at from each step's events, so it must hold one step's worth.
    pub log_limit: Option<u64>,
}

impl ScaleSpec {
    /// `connections` connections with a 100-byte request and a 300-byte response, the
    /// log bounded to 1,000 events without a digest.
    pub fn new(connections: u32, seed: u64) -> Self {
        ScaleSpec {
            connections,
            connect_per_ms: 100,
            request: 100,
            response: 300,
            seed,
            log_limit: Some(1_000),
        }
    }
}

/// What a program knows about one of its sockets.
#[derive(Debug, Clone, Copy, Default)]
struct Progress {
    server: bool,
    /// Bytes read so far.
    read: u32,
    /// The server answered; the client closed.
    done: bool,
}

/// Runs [`ScaleSpec`]; `at_peak` sees the world once, when every connection is
/// established and accepted and no request has been sent: all of them open at once.
///
/// Panics if a connection fails or an exchange is incomplete.
pub fn scale(spec: &ScaleSpec, mut at_peak: impl FnMut(&World)) -> Report {
    let rfc = crate::tcp::StackProfile::Rfc;
    let (mut w, listener) = world(spec.seed, 0, (spec.log_limit, false), rfc);
    let client_host = w.host_by_addr(CLIENT).map(|h| h.id).expect("client host");
    let n = spec.connections as usize;
    let mut progress: Vec<Option<Progress>> = Vec::new();
    let note = |progress: &mut Vec<Option<Progress>>, s: SocketId, server: bool| {
        let i = s.0 as usize;
        if progress.len() <= i {
            progress.resize(i + 1, None);
        }
        progress[i] = Some(Progress {
            server,
            ..Progress::default()
        });
    };
    let (mut clients, mut accepted) = (0usize, 0usize);
    let tick = crate::Duration::from_millis(1);
    // Connect in batches, accepting as connections become ready.
    let deadline = w.now() + crate::Duration::from_secs(60);
    while accepted < n {
        for _ in 0..(spec.connect_per_ms as usize).min(n - clients) {
            let s = w.socket(client_host, Protocol::Tcp).expect("client socket");
            w.connect(s, Endpoint::new(SERVER, PORT))
                .expect("connect starts");
            note(&mut progress, s, false);
            clients += 1;
        }
        w.advance(tick);
        while has_ready(&w, listener) {
            let (s, _) = w.accept(listener).expect("a ready connection");
            note(&mut progress, s, true);
            accepted += 1;
        }
        assert!(
            w.now() < deadline,
            "only {accepted} of {n} connections set up"
        );
    }
    let established = progress
        .iter()
        .enumerate()
        .filter(|(_, p)| p.is_some())
        .filter(|(i, _)| w.tcb(SocketId(*i as u32)).map(|t| t.state()) == Some(State::Established))
        .count();
    assert_eq!(established, 2 * n, "every connection open at both ends");
    at_peak(&w);

    let request = pattern(spec.request.max(spec.response));
    for (i, p) in progress.iter().enumerate() {
        if p.is_some_and(|p| !p.server) {
            let s = SocketId(i as u32);
            let sent = w.send(s, &request[..spec.request as usize]).expect("send");
            assert_eq!(sent, spec.request, "a request fits the send buffer");
        }
    }
    // From here the programs look only at the sockets each step's events name, as an
    // event loop over epoll would.
    let (mut seen, mut steps, mut bytes) = (w.log().len(), 0u64, 0u64);
    let mut touched: Vec<SocketId> = Vec::new();
    let mut finished = 0usize;
    loop {
        touched.clear();
        touched.extend(w.log().since(seen).iter().filter_map(|e| e.socket));
        touched.sort_unstable();
        touched.dedup();
        seen = w.log().len();
        for &s in &touched {
            let Some(Some(p)) = progress.get_mut(s.0 as usize) else {
                continue;
            };
            while !p.done && readable(&w, s) {
                let data = w.recv(s, RECV_CHUNK).expect("a readable socket");
                bytes += data.len() as u64;
                p.read += data.len() as u32;
                if data.is_empty() {
                    // The client's FIN, after its request: the server closes too.
                    w.close(s).expect("the server socket is open");
                    p.done = true;
                    finished += 1;
                } else if p.server && p.read == spec.request {
                    let sent = w.send(s, &request[..spec.response as usize]);
                    assert_eq!(sent, Ok(spec.response), "a response fits the send buffer");
                } else if !p.server && p.read == spec.response {
                    w.close(s).expect("the client socket is open");
                    p.done = true;
                    finished += 1;
                }
            }
        }
        if !w.step() {
            break;
        }
        steps += 1;
    }
    assert_eq!(
        finished,
        2 * n,
        "every exchange completed and closed at both ends"
    );
    assert_eq!(
        bytes,
        u64::from(spec.request + spec.response) * n as u64,
        "every request and response read"
    );
    assert_eq!(w.sockets().count(), 1, "only the listener is left");
    Report::of(&w, bytes, steps)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn a_small_bulk_transfer_arrives_whole_and_replays_exactly() {
        let spec = BulkSpec {
            log_digest: true,
            ..BulkSpec::megabytes(1, 10_000, 5)
        };
        let a = bulk(&spec);
        assert_eq!(a.bytes, 1_000_000);
        assert!(a.lost > 0, "1 % of ~1,000 packets");
        assert_eq!(bulk(&spec), a, "same spec, same run");
        // The bounded log's digest is the full log's.
        let full = bulk(&BulkSpec {
            log_limit: None,
            ..spec
        });
        assert_eq!(full.digest, a.digest);
    }

    #[test]
    fn many_connections_each_exchange_and_close() {
        let mut peak = None;
        let r = scale(&ScaleSpec::new(300, 2), |w| {
            peak = Some(w.sockets().count());
        });
        assert_eq!(
            peak,
            Some(601),
            "300 connections at both ends and the listener"
        );
        assert_eq!(r.bytes, 300 * 400);
        assert!(
            r.packets >= 300 * 9,
            "handshake, exchange and close: {}",
            r.packets
        );
    }
}
