//! Scale: 10,000 concurrent connections, each a handshake, a small request and response,
//! and a close (`sockscope_core::workload::scale`).
//!
//! `cargo bench -p sockscope-core --bench scale` prints log events and queue steps per
//! wall-second (median of `BENCH_RUNS` runs, default 3) and the memory each connection
//! costs, counted by the allocator below: the bytes live when all 10,000 connections are
//! open at once (both ends of each are simulated, so a connection is two sockets), minus
//! what was live before the world existed and minus the capacity of the connections'
//! send and receive buffers, divided by the number of connections. `BENCH_CONNECTIONS`
//! changes the count.

use std::time::Instant as Wall;

use peak_alloc::PeakAlloc;
use sockscope_core::workload::{self, ScaleSpec};
use sockscope_core::World;

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Bytes the connections' buffers hold or have reserved: the socket buffers, which the
/// target excludes ("beyond their buffers").
fn buffer_bytes(w: &World) -> u64 {
    w.sockets()
        .filter_map(|s| s.tcp()?.tcb.as_deref())
        .map(|t| {
            let early: u64 = t.recv_buf.early.values().map(|v| v.capacity() as u64).sum();
            t.send_buf.capacity() as u64 + t.recv_buf.ready.capacity() as u64 + early
        })
        .sum()
}

/// What the allocator saw during one run.
#[derive(Default, Clone, Copy)]
struct Memory {
    /// Live bytes with every connection open, beyond the baseline.
    live: u64,
    buffers: u64,
    /// The most ever live during the run, beyond the baseline.
    peak: u64,
}

fn main() {
    let n = env("BENCH_CONNECTIONS", 10_000) as u32;
    let runs = env("BENCH_RUNS", 3).max(1);
    let spec = ScaleSpec::new(n, 7);
    let mut times = Vec::new();
    let mut last = None;
    let mut memory = Memory::default();
    for _ in 0..runs {
        let baseline = ALLOC.current_usage() as u64;
        ALLOC.reset_peak_usage();
        let mut m = Memory::default();
        let t = Wall::now();
        let report = workload::scale(&spec, |w| {
            m.live = (ALLOC.current_usage() as u64).saturating_sub(baseline);
            m.buffers = buffer_bytes(w);
        });
        times.push(t.elapsed().as_secs_f64());
        m.peak = (ALLOC.peak_usage() as u64).saturating_sub(baseline);
        memory = m;
        last = Some(report);
    }
    times.sort_by(f64::total_cmp);
    let secs = times[times.len() / 2];
    let r = last.expect("at least one run");
    let per = |bytes: u64| bytes as f64 / f64::from(n);
    println!(
        "scale: {n} concurrent connections (handshake, {} B request, {} B response, close), median of {runs} runs",
        spec.request, spec.response
    );
    println!("| wall s | log events | events/s | queue steps/s | packets | core bytes per connection (beyond buffers) | buffers per connection | peak bytes per connection |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {secs:.3} | {} | {:.0} | {:.0} | {} | {:.0} | {:.0} | {:.0} |",
        r.events,
        r.events as f64 / secs,
        r.steps as f64 / secs,
        r.packets,
        per(memory.live.saturating_sub(memory.buffers)),
        per(memory.buffers),
        per(memory.peak),
    );
}
