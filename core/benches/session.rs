//! The session's loop against the plain loop of cues it replaced, and what looking back
//! costs (`sockscope_core::teach::session`).
//!
//! `cargo bench -p sockscope-core --bench session` plays every lesson `BENCH_RUNS` times
//! (default 20) both ways and prints the wall time of each (median of 5 rounds), then
//! scrubs one lesson back and forth: `view_at` to 20 evenly spaced times, from the end
//! each time, with and without checkpoints to rewind to.

use sockscope_core::teach::catalog::LESSONS;
use sockscope_core::teach::command::Console;
use sockscope_core::teach::scenario::Scenario;
use sockscope_core::teach::script::Cue;
use sockscope_core::teach::session::{Pace, Session};
use sockscope_core::{Duration, Instant};
use std::rc::Rc;
use std::time::Instant as Wall;

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The loop every driver used before the session (as `Scenario::run` had it: steps'
/// results as text, lesson checks).
fn plain(s: &Scenario) -> u64 {
    let (mut world, mut script) = s.build().unwrap();
    let mut console = Console::default();
    while let Some((at, cue)) = script.pop_front() {
        world.run_until(at);
        match cue {
            Cue::Fault(i) => script.arm(&mut world, i),
            Cue::Step(i) => {
                let cmd = script.command(i).unwrap().clone();
                let _ = console.run(&mut world, &cmd).map(|v| v.to_string());
            }
            Cue::Check(i) => {
                let check = &s.lesson.as_ref().unwrap().checks[i as usize];
                let _ = check.failure(&world, &console);
            }
            Cue::Ask(_) => {}
        }
    }
    let last = s.steps.iter().map(|st| st.at().micros()).max().unwrap_or(0);
    let end = script.last_at().max(Instant(last)) + Duration::from_millis(s.until_ms);
    world.run_until(end);
    world.log().len()
}

fn session(s: &Rc<Scenario>, end: Instant) -> Session {
    let mut session = Session::new(s.clone()).unwrap();
    session.set_pace(Pace::Straight);
    session.keep_lines(false);
    session.advance_to(end);
    session
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let runs = env("BENCH_RUNS", 20);
    let lessons: Vec<Rc<Scenario>> = LESSONS
        .iter()
        .map(|(_, json)| Rc::new(Scenario::from_json(json).unwrap()))
        .collect();
    let ends: Vec<Instant> = lessons
        .iter()
        .map(|s| s.run().unwrap().world.now())
        .collect();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for _ in 0..5 {
        let t = Wall::now();
        let mut events = 0;
        for _ in 0..runs {
            events += lessons.iter().map(|s| plain(s)).sum::<u64>();
        }
        a.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Wall::now();
        let mut events2 = 0;
        for _ in 0..runs {
            for (s, end) in lessons.iter().zip(&ends) {
                events2 += session(s, *end).world().log().len();
            }
        }
        b.push(t.elapsed().as_secs_f64() * 1e3);
        assert_eq!(events, events2, "the same runs");
    }
    let t = Wall::now();
    for _ in 0..runs * 5 {
        for s in &lessons {
            std::hint::black_box(Session::new(s.clone()).unwrap());
        }
    }
    let new_ms = t.elapsed().as_secs_f64() * 1e3 / 5.0;
    let t = Wall::now();
    for _ in 0..runs * 5 {
        for s in &lessons {
            std::hint::black_box(s.build().unwrap());
        }
    }
    let build_ms = t.elapsed().as_secs_f64() * 1e3 / 5.0;
    println!("all lessons x{runs}: Session::new {new_ms:.1} ms, Scenario::build {build_ms:.1} ms");
    println!(
        "all lessons x{runs}: plain loop {:.1} ms, session {:.1} ms",
        median(a),
        median(b)
    );
    // Scrubbing: the lesson with the most events.
    let (i, _) = lessons
        .iter()
        .enumerate()
        .max_by_key(|(_, s)| plain(s))
        .unwrap();
    let (s, end) = (&lessons[i], ends[i]);
    for checkpoints in [false, true] {
        let mut times = Vec::new();
        for _ in 0..5 {
            let mut live = Session::new(s.clone()).unwrap();
            live.set_pace(Pace::Straight);
            for k in 1..=20u64 {
                live.advance_to(Instant(end.micros() * k / 20));
                if checkpoints {
                    live.checkpoint();
                }
            }
            let t = Wall::now();
            for k in 0..20u64 {
                live.view_at(Instant(end.micros() * k / 20));
                live.view_at(end);
            }
            times.push(t.elapsed().as_secs_f64() * 1e3 / 40.0);
        }
        println!(
            "{}: view_at {:.3} ms per call ({} events in the run, checkpoints: {checkpoints})",
            LESSONS[i].0,
            median(times),
            s.run().unwrap().world.log().len(),
        );
    }
}
