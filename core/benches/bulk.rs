//! Bulk transfer: Sockscope against smoltcp, wall time for the same simulated work.
//!
//! `cargo bench -p sockscope-core --bench bulk` moves 100 MB over one connection on a
//! lossless path and on a path losing 1 % each way, first through Sockscope
//! (`sockscope_core::workload::bulk`, the function the wasm build runs too), then between
//! two smoltcp interfaces joined by an in-memory wire with the same delay, the same seeded
//! loss and the same programs on top. It prints payload MB and segments per wall-second
//! and the ratio of wall times, the median of `BENCH_RUNS` runs (default 3) of
//! `BENCH_MB` megabytes (default 100) each.
//!
//! Settings on both sides: MSS 1460 (MTU 1500), 65,535-byte send and receive buffers (so
//! no window scaling), 10 ms one-way delay, loss drawn per packet from one seeded
//! generator, programs that write in chunks of at least 16 KiB when the socket has room
//! and read up to 64 KiB when it has data, checking every byte. Sockscope keeps no packet
//! capture and a log bounded to its newest 10,000 events (counts and digest still cover
//! every event). smoltcp runs with Nagle off (Sockscope has none) and its own defaults
//! otherwise: no congestion control in this build, 10 ms delayed ACKs.

use std::collections::VecDeque;
use std::net::Ipv4Addr;
use std::time::Instant as Wall;

use smoltcp::iface::{Config as IfaceConfig, Interface, SocketHandle, SocketSet};
use smoltcp::socket::tcp;
use smoltcp::time::Instant as SmolInstant;
use smoltcp::wire::{HardwareAddress, IpAddress, IpCidr};
use sockscope_core::rng::Rng;
use sockscope_core::workload::{self, BulkSpec, RECV_CHUNK, SEND_LOW_WATER};

const SEED: u64 = 7;
const LOSS_PPM: u32 = 10_000;
/// One-way delay, as Sockscope's default path.
const DELAY_MICROS: u64 = 10_000;
/// Sockscope's default buffers.
const BUFFER: usize = 65_535;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// What one run of either stack did.
struct Run {
    seconds: f64,
    bytes: u64,
    packets: u64,
    /// Sockscope's own account of the run (the wasm benchmark checks it did the same).
    report: Option<workload::Report>,
}

fn sockscope(megabytes: u64, loss_ppm: u32) -> Run {
    let spec = BulkSpec {
        profile: profile(),
        // BENCH_ROUTED=1: through two routers and a 1 Gbit/s link (issue 14's row).
        routed: std::env::var("BENCH_ROUTED").is_ok_and(|v| v == "1"),
        // BENCH_DELAY_MS=50 with BENCH_ROUTED=1: a long fat pipe (100 ms RTT, 1 Gbit/s).
        delay_ms: std::env::var("BENCH_DELAY_MS")
            .ok()
            .and_then(|v| v.parse().ok()),
        ..BulkSpec::megabytes(megabytes, loss_ppm, SEED)
    };
    let t = Wall::now();
    let report = workload::bulk(&spec);
    let seconds = t.elapsed().as_secs_f64();
    Run {
        seconds,
        bytes: report.bytes,
        packets: report.packets,
        report: Some(report),
    }
}

// ---- smoltcp on an in-memory wire -----------------------------------------------------

#[path = "../tests/smol/mod.rs"]
mod smol;
use smol::Wire;

/// One smoltcp host: its device, interface and single TCP socket.
struct Host {
    wire: Wire,
    iface: Interface,
    sockets: SocketSet<'static>,
    handle: SocketHandle,
}

impl Host {
    fn new(addr: Ipv4Addr, seed: u64) -> Self {
        let mut wire = Wire::default();
        let mut config = IfaceConfig::new(HardwareAddress::Ip);
        config.random_seed = seed;
        let mut iface = Interface::new(config, &mut wire, SmolInstant::ZERO);
        iface.update_ip_addrs(|addrs| {
            addrs.push(IpCidr::new(IpAddress::from(addr), 24)).unwrap();
        });
        let mut socket = tcp::Socket::new(
            tcp::SocketBuffer::new(vec![0; BUFFER]),
            tcp::SocketBuffer::new(vec![0; BUFFER]),
        );
        socket.set_nagle_enabled(false);
        let mut sockets = SocketSet::new(Vec::new());
        let handle = sockets.add(socket);
        Host {
            wire,
            iface,
            sockets,
            handle,
        }
    }

    fn socket(&mut self) -> &mut tcp::Socket<'static> {
        self.sockets.get_mut::<tcp::Socket>(self.handle)
    }

    fn poll(&mut self, now: u64) {
        self.iface.poll(at(now), &mut self.wire, &mut self.sockets);
    }

    fn poll_at(&mut self, now: u64) -> Option<u64> {
        self.iface
            .poll_at(at(now), &self.sockets)
            .map(|t| t.total_micros().max(0) as u64)
    }
}

fn at(micros: u64) -> SmolInstant {
    SmolInstant::from_micros(micros as i64)
}

/// The same transfer between two smoltcp hosts: the client (index 1) writes `bytes` of
/// the pattern and closes, the server (index 0) reads to the end, checks and closes.
fn smoltcp(megabytes: u64, loss_ppm: u32) -> Run {
    let total = megabytes * 1_000_000;
    let t = Wall::now();
    let mut hosts = [
        Host::new(workload::SERVER, SEED),
        Host::new(workload::CLIENT, SEED + 1),
    ];
    let mut rng = Rng::new(SEED);
    // Packets on the wire: (arrival time, destination host, datagram). One delay for all,
    // so arrival order is send order.
    let mut wire: VecDeque<(u64, usize, Vec<u8>)> = VecDeque::new();
    hosts[0].socket().listen(80).unwrap();
    {
        let client = &mut hosts[1];
        let cx = client.iface.context();
        let sock = client.sockets.get_mut::<tcp::Socket>(client.handle);
        sock.connect(cx, (IpAddress::from(workload::SERVER), 80), 49_152)
            .unwrap();
    }
    let most = u64::from(RECV_CHUNK);
    let chunk = workload::pattern(RECV_CHUNK);
    let mut buf = vec![0u8; RECV_CHUNK as usize];
    let (mut sent, mut received, mut packets) = (0u64, 0u64, 0u64);
    let (mut client_closed, mut server_closed) = (false, false);
    let mut now = 0u64;
    loop {
        while wire.front().is_some_and(|p| p.0 <= now) {
            let (_, dst, datagram) = wire.pop_front().unwrap();
            hosts[dst].wire.rx.push_back(datagram);
        }
        for h in &mut hosts {
            h.poll(now);
        }
        // The programs, as in Sockscope's workload.
        let sock = hosts[1].socket();
        while sent < total
            && sock.may_send()
            && (sock.send_capacity() - sock.send_queue()) as u64
                >= (total - sent).min(u64::from(SEND_LOW_WATER))
        {
            let off = (sent % 251) as usize;
            let want = (total - sent).min(most) as usize;
            sent += sock.send_slice(&chunk[off..off + want]).unwrap() as u64;
        }
        if sent == total && !client_closed {
            sock.close();
            client_closed = true;
        }
        let sock = hosts[0].socket();
        while !server_closed && sock.can_recv() {
            let n = sock.recv_slice(&mut buf).unwrap();
            workload::check(&chunk, received, &buf[..n]);
            received += n as u64;
        }
        if !server_closed && received > 0 && !sock.may_recv() {
            sock.close();
            server_closed = true;
        }
        for (i, h) in hosts.iter_mut().enumerate() {
            h.poll(now);
            for datagram in h.wire.tx.drain(..) {
                packets += 1;
                if !rng.chance(loss_ppm) {
                    wire.push_back((now + DELAY_MICROS, 1 - i, datagram));
                }
            }
        }
        let next = [
            wire.front().map(|p| p.0),
            hosts[0].poll_at(now),
            hosts[1].poll_at(now),
        ]
        .into_iter()
        .flatten()
        .min();
        match next {
            // "Poll now" comes back while a socket still has work; a microsecond later
            // keeps the loop moving.
            Some(next) => now = next.max(now + 1),
            None => break,
        }
    }
    let seconds = t.elapsed().as_secs_f64();
    assert_eq!(received, total, "smoltcp's server read every byte");
    assert!(server_closed && client_closed);
    Run {
        seconds,
        bytes: received,
        packets,
        report: None,
    }
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// The median wall time of a stack's runs, and the last run for its counts.
struct Result {
    seconds: f64,
    run: Run,
}

fn row(workload: &str, stack: &str, r: &Result, ratio: &str) {
    let secs = r.seconds;
    println!(
        "| {workload} | {stack} | {secs:.3} | {:.1} | {} | {:.0} | {ratio} |",
        r.run.bytes as f64 / 1e6 / secs,
        r.run.packets,
        r.run.packets as f64 / secs
    );
}

/// `BENCH_PROFILE=linux` (or freebsd): Sockscope's hosts under that stack profile.
fn profile() -> sockscope_core::tcp::StackProfile {
    std::env::var("BENCH_PROFILE")
        .ok()
        .and_then(|p| sockscope_core::tcp::StackProfile::from_name(&p))
        .unwrap_or_default()
}

fn main() {
    let megabytes = env("BENCH_MB", 100);
    let runs = env("BENCH_RUNS", 3).max(1);
    // `cargo bench --bench bulk -- loss` runs the workloads whose name contains "loss".
    let only = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    // BENCH_STACKS=sockscope (or smoltcp) runs one stack only, for profiling.
    let stacks = std::env::var("BENCH_STACKS").unwrap_or_else(|_| "sockscope,smoltcp".into());
    println!(
        "bulk transfer, {megabytes} MB over one connection, median of {runs} runs, profile {}{}",
        profile(),
        match std::env::var("BENCH_ROUTED").is_ok_and(|v| v == "1") {
            true => ", through two routers",
            false => "",
        }
    );
    let mut notes = Vec::new();
    println!(
        "| workload | stack | wall s | payload MB/s | segments | segments/s | Sockscope/smoltcp |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|");
    for (name, loss) in [("lossless", 0), ("1% loss", LOSS_PPM)] {
        if only.as_deref().is_some_and(|o| !name.contains(o)) {
            continue;
        }
        let mut times: [Vec<f64>; 2] = [Vec::new(), Vec::new()];
        let mut last: [Option<Run>; 2] = [None, None];
        // Alternate the stacks, so a burst of load on the machine hits both alike.
        for _ in 0..runs {
            for (i, (stack, f)) in [
                ("sockscope", sockscope as fn(u64, u32) -> Run),
                ("smoltcp", smoltcp),
            ]
            .into_iter()
            .enumerate()
            {
                if stacks.contains(stack) {
                    let r = f(megabytes, loss);
                    times[i].push(r.seconds);
                    last[i] = Some(r);
                }
            }
        }
        let [ours, theirs] = times;
        let [our_run, their_run] = last;
        let ours = our_run.map(|run| Result {
            seconds: median(ours),
            run,
        });
        let theirs = their_run.map(|run| Result {
            seconds: median(theirs),
            run,
        });
        let ratio = match (&ours, &theirs) {
            (Some(a), Some(b)) => format!("{:.2}", a.seconds / b.seconds),
            _ => String::new(),
        };
        if let Some(r) = &ours {
            row(name, "Sockscope", r, &ratio);
            if let Some(rep) = &r.run.report {
                notes.push(format!(
                    "Sockscope {name}: {} packets ({} lost), {} log events, {} queue steps, \
                     {:.1} s virtual",
                    rep.packets,
                    rep.lost,
                    rep.events,
                    rep.steps,
                    rep.virtual_micros as f64 / 1e6
                ));
            }
        }
        if let Some(r) = &theirs {
            row(name, "smoltcp", r, "");
        }
    }
    for note in notes {
        println!("- {note}");
    }
}
