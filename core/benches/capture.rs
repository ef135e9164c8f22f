//! The packet list's work on a long capture: decoding it all, bringing it up to date after
//! a few more packets (what the page does twice a second while playing), a display
//! filter over every row, Follow TCP Stream and the pcapng export.
//!
//! `cargo bench -p sockscope-core --bench capture` builds one run of `BENCH_PACKETS`
//! packets (default 100,000: a bulk transfer over a path losing 1 %, so there are
//! retransmissions and duplicate ACKs to mark) and prints the wall time of each step,
//! the median of `BENCH_RUNS` runs (default 3).

use std::time::Instant as Wall;

use sockscope_core::lang::Lang;
use sockscope_core::teach::capture::{follow, pcapng, Capture, Filter};
use sockscope_core::{Duration, Endpoint, PathSettings, Protocol, World};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn ep(s: &str) -> Endpoint {
    s.parse().expect("endpoint")
}

/// A bulk transfer from A to B until the capture holds `packets` packets.
fn run(packets: usize) -> World {
    let mut w = World::with_seed(7);
    let a = w.spawn_host_str("A", "10.0.0.1").unwrap();
    let b = w.spawn_host_str("B", "10.0.0.2").unwrap();
    let lossy = PathSettings {
        loss_ppm: 10_000,
        ..PathSettings::default()
    };
    w.set_link(a, b, lossy).unwrap();
    let l = w.socket(b, Protocol::Tcp).unwrap();
    w.bind(l, ep("0.0.0.0:80")).unwrap();
    w.listen(l, 5).unwrap();
    let c = w.socket(a, Protocol::Tcp).unwrap();
    w.connect(c, ep("10.0.0.2:80")).unwrap();
    w.run_to_idle(100);
    let (s, _) = w.accept(l).unwrap();
    let chunk = vec![b'z'; 16_384];
    while w.capture().len() < packets {
        let _ = w.send(c, &chunk);
        w.advance(Duration::from_millis(5));
        while w.recv(s, 65_536).is_ok_and(|d| !d.is_empty()) {}
    }
    w
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn time<T>(runs: u64, mut f: impl FnMut() -> T) -> f64 {
    median(
        (0..runs)
            .map(|_| {
                let t = Wall::now();
                std::hint::black_box(f());
                t.elapsed().as_secs_f64() * 1000.0
            })
            .collect(),
    )
}

fn main() {
    let (packets, runs) = (env("BENCH_PACKETS", 100_000) as usize, env("BENCH_RUNS", 3));
    let mut w = run(packets);
    let n = w.capture().len();
    let full = time(runs, || Capture::of(&w));
    let mut live = Capture::of(&w);
    w.advance(Duration::from_millis(20));
    let more = w.capture().len() - n;
    let update = time(1, || live.update(&w));
    let c = Capture::of(&w);
    let marks = c.rows.iter().filter(|r| !r.marks.is_empty()).count();
    let f = Filter::parse("tcp.analysis.flags || (ip.src == 10.0.0.2 && tcp.len > 0)").unwrap();
    let filter = time(runs, || f.select(&c, true));
    let info = time(runs, || {
        (0..40).map(|i| c.info(n / 2 + i, true)).collect::<Vec<_>>()
    });
    let follow_ms = time(runs, || follow(&c, 0, 1 << 20));
    let export = time(runs, || pcapng(&c, Lang::En));
    println!("capture: {n} packets, {marks} with expert marks");
    println!("decode all           {full:>9.1} ms");
    println!("update (+{more} packets) {update:>9.1} ms");
    println!("filter every row     {filter:>9.1} ms");
    println!("Info of 40 rows      {info:>9.3} ms");
    println!("follow (1 MB)        {follow_ms:>9.1} ms");
    println!("pcapng export        {export:>9.1} ms");
}
