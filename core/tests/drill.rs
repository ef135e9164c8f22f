//! packetdrill scripts against our TCP (`core/tests/drill/**/*.pkt`, one per rule of
//! RFC 9293 §3.10.7 and friends; each file's header says what it checks), the five-segment
//! reassembly in every arrival order, a recorded lesson replayed, and the parser fuzzed.
//!
//! The scripts are embedded with `include_str!` so the same test runs compiled to wasm in
//! the browser; a native test checks that every file on disk is in the list.
//!
//! `KNOWN_FAILURES` lists our scripts that fail today because of a TCP bug, with the
//! reason; the test asserts they still fail, so whoever fixes the bug is told to move the
//! script to the passing list.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use proptest::prelude::*;
use sockscope_core::teach::drill::{parse, record_scenario, run_source, Outcome, RunOptions};
use sockscope_core::teach::scenario::Scenario;

macro_rules! script {
    ($path:literal) => {
        ($path, include_str!(concat!("drill/", $path)))
    };
}

/// Every script of `core/tests/drill/`, by path under it.
const SCRIPTS: &[(&str, &str)] = &[
    script!("ack/ack-too-new.pkt"),
    script!("close/active-close.pkt"),
    script!("close/fin-ack-in-syn-received.pkt"),
    script!("close/fin-outside-window.pkt"),
    script!("close/passive-close.pkt"),
    script!("close/simultaneous-close.pkt"),
    script!("data/inside-window.pkt"),
    script!("data/left-edge.pkt"),
    script!("data/outside-window.pkt"),
    script!("data/right-edge.pkt"),
    script!("handshake/active-open.pkt"),
    script!("handshake/no-mss-option.pkt"),
    script!("handshake/passive-open.pkt"),
    script!("handshake/simultaneous-open.pkt"),
    script!("options/ecn-receiver.pkt"),
    script!("options/ecn-sender.pkt"),
    script!("options/sack-off.pkt"),
    script!("options/sack-receiver.pkt"),
    script!("options/window-scale.pkt"),
    script!("rst/closed-port.pkt"),
    script!("rst/exact-rst-resets.pkt"),
    script!("rst/in-window-challenge.pkt"),
    script!("rst/listen-ack.pkt"),
    script!("rst/outside-window-ignored.pkt"),
    script!("rst/right-edge-challenge.pkt"),
    script!("rst/window-end-ignored.pkt"),
    script!("rst/window-end-large-buffer.pkt"),
    script!("syn/duplicate-syn-in-syn-received.pkt"),
    script!("syn/old-syn-fin-in-time-wait.pkt"),
    script!("syn/syn-ack-with-data.pkt"),
    script!("syn/syn-fin-in-syn-sent-fin-again.pkt"),
    script!("syn/syn-fin-with-data-in-syn-sent.pkt"),
    script!("syn/syn-with-data-in-syn-sent.pkt"),
    script!("syn/syn-ack-with-data-fin.pkt"),
    script!("syn/syn-in-established.pkt"),
    script!("syn/syn-in-time-wait.pkt"),
    script!("syn/syn-sent-bad-ack.pkt"),
    script!("syn/syn-sent-refused.pkt"),
    script!("syn/syn-sent-rst-bad-ack.pkt"),
    script!("timers/keep-alive-default-idle.pkt"),
    script!("timers/keep-alive-off-by-default.pkt"),
    script!("timers/keep-alive.pkt"),
    script!("timers/rto-after-syn-ack-timeout.pkt"),
    script!("timers/rto-after-syn-timeout.pkt"),
    script!("timers/rto-data.pkt"),
    script!("timers/syn-retransmit.pkt"),
    script!("timers/zero-window-probe.pkt"),
];

/// Our scripts expected to fail today, and why (a TCP bug, not a script mistake).
const KNOWN_FAILURES: &[(&str, &str)] = &[];

fn run(src: &str) -> sockscope_core::teach::drill::Report {
    match run_source(src, &RunOptions::default()) {
        Ok(r) => r,
        Err(e) => panic!("script does not parse: {e}"),
    }
}

#[test]
fn our_scripts_pass() {
    let mut failed = Vec::new();
    for (name, src) in SCRIPTS {
        if KNOWN_FAILURES.iter().any(|(k, _)| k == name) {
            continue;
        }
        let r = run(src);
        // Our own scripts model everything they use: nothing may be skipped.
        if !r.passed() || !r.skipped.is_empty() {
            failed.push(format!("{name}: {}", r.render()));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

#[test]
fn known_failures_still_fail() {
    for (name, why) in KNOWN_FAILURES {
        let src = SCRIPTS
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, s)| *s)
            .unwrap_or_else(|| panic!("{name} is not in SCRIPTS"));
        let r = run(src);
        assert!(
            matches!(r.outcome, Outcome::Fail(_)),
            "{name} passes now: move it out of KNOWN_FAILURES (it failed because {why})"
        );
    }
}

/// Every `.pkt` file on disk is embedded, so none is silently left out.
#[cfg(not(target_arch = "wasm32"))]
#[test]
fn every_script_file_is_listed() {
    fn walk(dir: &std::path::Path, base: &std::path::Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, base, out);
            } else if p.extension().is_some_and(|x| x == "pkt") {
                out.push(
                    p.strip_prefix(base)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/drill");
    let mut files = Vec::new();
    walk(&base, &base, &mut files);
    files.sort();
    let mut listed: Vec<String> = SCRIPTS.iter().map(|(n, _)| n.to_string()).collect();
    listed.sort();
    assert_eq!(
        files, listed,
        "tests/drill.rs SCRIPTS must list every .pkt file"
    );
}

// ------------------------------------------------------------- reassembly, 5! orders

const ESTABLISH: &str = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
+0 < S 0:0(0) win 65535 <mss 1460>
+0 > S. 0:0(0) ack 1 win 65535 <mss 1460>
+0.1 < . 1:1(0) ack 1 win 65535
+0 accept(3, ..., ...) = 4
";

/// A script sending five 10-octet segments in `order` at one instant, with the ACKs
/// RFC 5681 §4.2 asks for: an out-of-order segment and one that fills (part of) a gap
/// are ACKed at once; an in-order segment with nothing queued waits for the delayed-ACK
/// timer (RFC 1122 §4.2.3.2, 200 ms) unless it is the second unacknowledged one (we ACK
/// every second segment of any size, which RFC 1122 permits: "at least" every second
/// full-sized one).
fn reassembly_script(order: &[u32]) -> String {
    let mut s = format!("// RFC 9293 §3.10.7.4 seventh step, arrival order {order:?}\n{ESTABLISH}");
    let mut have = [false; 5];
    let mut rcv_nxt = 0;
    let mut delayed = false;
    let mut unacked = 0;
    for &i in order {
        let start = 1 + 10 * i;
        s.push_str(&format!(
            "+0 < . {start}:{}(10) ack 1 win 65535\n",
            start + 10
        ));
        let queued = have
            .iter()
            .enumerate()
            .any(|(k, h)| *h && k as u32 > rcv_nxt);
        have[i as usize] = true;
        if i == rcv_nxt {
            while (rcv_nxt as usize) < 5 && have[rcv_nxt as usize] {
                rcv_nxt += 1;
            }
            unacked += 1;
            if queued || unacked == 2 {
                s.push_str(&format!("+0 > . 1:1(0) ack {}\n", 1 + 10 * rcv_nxt));
                (delayed, unacked) = (false, 0);
            } else {
                delayed = true;
            }
        } else {
            s.push_str(&format!("+0 > . 1:1(0) ack {}\n", 1 + 10 * rcv_nxt));
            (delayed, unacked) = (false, 0);
        }
    }
    if delayed {
        s.push_str("+0.2 > . 1:1(0) ack 51\n");
    }
    s.push_str("+0 read(4, ..., 100) = 50\n");
    s
}

fn permutations(items: Vec<u32>) -> Vec<Vec<u32>> {
    if items.len() <= 1 {
        return vec![items];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.clone();
        let first = rest.remove(i);
        for mut p in permutations(rest) {
            p.insert(0, first);
            out.push(p);
        }
    }
    out
}

#[test]
fn five_segments_reassemble_in_every_arrival_order() {
    let orders = permutations(vec![0, 1, 2, 3, 4]);
    assert_eq!(orders.len(), 120);
    let mut failed = Vec::new();
    for order in &orders {
        let r = run(&reassembly_script(order));
        if !r.passed() {
            failed.push(format!("order {order:?}: {}", r.render()));
        }
    }
    assert!(
        failed.is_empty(),
        "{} of 120 orders fail:\n{}",
        failed.len(),
        failed.join("\n\n")
    );
}

// ------------------------------------------------------------- RST and SYN in every state

/// How to bring the connection of `ESTABLISH` to a state, and the state's relative
/// (SND.NXT, RCV.NXT) there.
const STATES: &[(&str, &str, u32, u32)] = &[
    ("ESTABLISHED", "", 1, 1),
    ("FIN-WAIT-1", "+0 close(4) = 0\n+0 > F. 1:1(0) ack 1\n", 2, 1),
    (
        "FIN-WAIT-2",
        "+0 close(4) = 0\n+0 > F. 1:1(0) ack 1\n+0.01 < . 1:1(0) ack 2 win 65535\n",
        2,
        1,
    ),
    (
        "CLOSING",
        "+0 close(4) = 0\n+0 > F. 1:1(0) ack 1\n+0.01 < F. 1:1(0) ack 1 win 65535\n+0 > . 2:2(0) ack 2\n",
        2,
        2,
    ),
    (
        "TIME-WAIT",
        "+0 close(4) = 0\n+0 > F. 1:1(0) ack 1\n+0.01 < F. 1:1(0) ack 2 win 65535\n+0 > . 2:2(0) ack 2\n",
        2,
        2,
    ),
    ("CLOSE-WAIT", "+0.01 < F. 1:1(0) ack 1 win 65535\n+0 > . 1:1(0) ack 2\n", 1, 2),
    (
        "LAST-ACK",
        "+0.01 < F. 1:1(0) ack 1 win 65535\n+0 > . 1:1(0) ack 2\n+0 close(4) = 0\n+0 > F. 1:1(0) ack 2\n",
        2,
        2,
    ),
];

/// One segment in a state, and what RFC 9293 §3.10.7.4 (with RFC 5961) says follows. After
/// it, an out-of-window probe must draw an ACK if the connection lives, a RST if not.
fn state_script(state: usize, case: &str) -> String {
    let (name, reach, snd, rcv) = STATES[state];
    let mut s = format!("// {case} in {name}\n{ESTABLISH}{reach}");
    let alive = match case {
        // Second check: an RST at exactly RCV.NXT closes (RFC 5961 §3.2), silently.
        "rst-exact" => {
            s.push_str(&format!("+0.1 < R {rcv}:{rcv}(0) win 0\n"));
            false
        }
        // In the window but not exact: a challenge ACK, the connection stays.
        "rst-in-window" => {
            let q = rcv + 100;
            s.push_str(&format!(
                "+0.1 < R {q}:{q}(0) win 0\n+0 > . {snd}:{snd}(0) ack {rcv}\n"
            ));
            true
        }
        // Outside the window: dropped silently (first check, RFC 5961 §3.2).
        "rst-outside" => {
            let q = rcv + 70_000;
            s.push_str(&format!("+0.1 < R {q}:{q}(0) win 0\n"));
            true
        }
        // Fourth check: any SYN in a synchronized state draws a challenge ACK (RFC 5961 §4).
        _ => {
            s.push_str(&format!(
                "+0.1 < S {rcv}:{rcv}(0) win 65535\n+0 > . {snd}:{snd}(0) ack {rcv}\n"
            ));
            true
        }
    };
    let probe = rcv + 70_000;
    s.push_str(&format!(
        "+0.1 < . {probe}:{}(1) ack {snd} win 65535\n",
        probe + 1
    ));
    if alive {
        s.push_str(&format!("+0 > . {snd}:{snd}(0) ack {rcv}\n"));
    } else {
        s.push_str(&format!("+0 > R {snd}:{snd}(0)\n"));
    }
    s
}

/// (state, case) pairs that fail today because of a TCP bug, with the reason.
const KNOWN_STATE_FAILURES: &[(&str, &str, &str)] = &[];

#[test]
fn rst_and_syn_in_every_synchronized_state() {
    let mut failed = Vec::new();
    for (i, (name, ..)) in STATES.iter().enumerate() {
        for case in ["rst-exact", "rst-in-window", "rst-outside", "syn"] {
            let script = state_script(i, case);
            let r = run(&script);
            let known = KNOWN_STATE_FAILURES
                .iter()
                .any(|(s, c, _)| s == name && *c == case);
            if r.passed() == known {
                failed.push(format!(
                    "{case} in {name} (known failure: {known}): {}\n{script}",
                    r.render()
                ));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

/// Data at the left edge, inside, at the right edge and outside the window, in the states
/// that still take data (RFC 9293 §3.10.7.4 first check and seventh step; RFC 5681 §4.2
/// for the immediate ACK of out-of-order data; RFC 1122 §4.2.3.2 for the delayed one).
fn data_script(state: usize, case: &str) -> String {
    let (name, reach, snd, rcv) = STATES[state];
    // The program half-closes (shutdown(SHUT_WR), the RFC's CLOSE) and can still read; after
    // close() nobody can, and data is answered with RST (see `data_after_close_is_reset`).
    let reach = reach.replace("close(4)", "shutdown(4, SHUT_WR)");
    let mut s = format!("// data {case} in {name}\n{ESTABLISH}{reach}");
    let (seq, len, ack, delay) = match case {
        "left-edge" => (rcv, 10, rcv + 10, "0.2"),
        "inside" => (rcv + 100, 10, rcv, "0"),
        "right-edge" => (rcv + 65_534, 1, rcv, "0"),
        _ => (rcv + 65_535, 1, rcv, "0"),
    };
    s.push_str(&format!(
        "+0.1 < . {seq}:{}({len}) ack {snd} win 65535\n",
        seq + len
    ));
    s.push_str(&format!("+{delay} > . {snd}:{snd}(0) ack {ack}\n"));
    s
}

/// RFC 1122 §4.2.2.13 (as Linux does): new data for a connection whose program called
/// close() can never be read, so it is answered with `<SEQ=SEG.ACK><CTL=RST>`.
#[test]
fn data_after_close_is_reset() {
    for state in [1, 2] {
        let (name, reach, snd, rcv) = STATES[state];
        let script = format!(
            "// data after close() in {name}\n{ESTABLISH}{reach}+0.1 < . {rcv}:{}(10) ack {snd} win 65535\n+0 > R {snd}:{snd}(0)\n",
            rcv + 10
        );
        let r = run(&script);
        assert!(r.passed(), "{name}: {}\n{script}", r.render());
    }
}

#[test]
fn data_at_every_window_position_in_every_receiving_state() {
    let mut failed = Vec::new();
    for (i, (name, ..)) in STATES.iter().enumerate().take(3) {
        for case in ["left-edge", "inside", "right-edge", "outside"] {
            let script = data_script(i, case);
            let r = run(&script);
            if !r.passed() {
                failed.push(format!("{case} in {name}: {}\n{script}", r.render()));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

// ------------------------------------------------------------- the runner itself

#[test]
fn a_mismatch_names_the_line_the_fields_and_the_cause() {
    let src = format!(
        "{ESTABLISH}+0.1 < . 1:101(100) ack 1 win 65535\n+0.2 > . 1:1(0) ack 101 win 65535\n"
    );
    let r = run(&src);
    let Outcome::Fail(msg) = r.outcome else {
        panic!("a wrong window must fail: {}", r.render());
    };
    assert!(msg.starts_with("line 9 column 1:"), "{msg}");
    assert!(msg.contains("≠ window    65535"), "{msg}");
    assert!(msg.contains("65435"), "{msg}");
    assert!(
        msg.contains("produced after: 0.400000s local: delayed-ACK timer expired"),
        "{msg}"
    );
}

#[test]
fn timing_is_exact_unless_a_tolerance_is_given() {
    let late = format!(
        "{ESTABLISH}+0.1 < . 1:101(100) ack 1 win 65535\n+0.19 > . 1:1(0) ack 101 win 65435\n"
    );
    assert!(!run(&late).passed(), "the ACK comes at +0.2, not +0.19");
    let tolerant = format!("--tolerance_usecs=10000\n{late}");
    assert!(run(&tolerant).passed(), "{}", run(&tolerant).render());
}

#[test]
fn unmodelled_lines_are_skipped_with_a_reason_not_passed() {
    let src = format!("0 `sysctl -w net.ipv4.tcp_fastopen=1`\n{ESTABLISH}+0 setsockopt(4, SOL_TCP, TCP_NODELAY, [1], 4) = 0\n+0 < udp (10)\n");
    let r = run(&src);
    assert!(r.passed(), "{}", r.render());
    let reasons: Vec<&str> = r.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert_eq!(r.skipped.len(), 3, "{reasons:?}");
    assert!(
        reasons[0].contains("shell commands are not run"),
        "{reasons:?}"
    );
    assert!(reasons[1].contains("TCP_NODELAY"), "{reasons:?}");
    assert!(reasons[2].contains("udp"), "{reasons:?}");
}

#[test]
fn blocking_calls_wait_and_times_may_be_ranges_or_any() {
    let src = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3
+0 bind(3, ..., ...) = 0
+0 listen(3, 1) = 0
0.05...0.2 accept(3, ..., ...) = 4
0.1 < S 0:0(0) win 65535 <mss 1460>
* > S. 0:0(0) ack 1 win 65535 <mss 1460>
0.2 < . 1:1(0) ack 1 win 65535
0.3...0.5 read(4, ..., 100) = 10
0.5 < . 1:11(10) ack 1 win 65535
0.6~0.8 > . 1:1(0) ack 11
";
    let r = run(src);
    assert!(r.passed(), "{}", r.render());
    // The accept returns when the handshake completes, at 0.2: a window ending at 0.15
    // must fail, naming the blocking call's line.
    let early = src.replace("0.05...0.2 accept", "0.05...0.15 accept");
    let Outcome::Fail(msg) = run(&early).outcome else {
        panic!("an accept returning at 0.2 is outside 0.05...0.15");
    };
    assert!(msg.contains("blocking call at line 4"), "{msg}");
    // A read that never gets data never returns.
    let never = src.replace(
        "0.5 < . 1:11(10) ack 1 win 65535\n0.6~0.8 > . 1:1(0) ack 11\n",
        "",
    );
    let Outcome::Fail(msg) = run(&never).outcome else {
        panic!("the read has nothing to return");
    };
    assert!(
        msg.contains("line 8") && msg.contains("never returned"),
        "{msg}"
    );
}

#[test]
fn a_wrong_errno_fails() {
    let src = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n+0 connect(3, ..., ...) = -1 ECONNREFUSED\n";
    let r = run(src);
    let Outcome::Fail(msg) = r.outcome else {
        panic!("EINPROGRESS is not ECONNREFUSED");
    };
    assert!(
        msg.contains("line 3 column 1") && msg.contains("EINPROGRESS"),
        "{msg}"
    );
}

#[test]
fn bad_scripts_get_the_line_and_column() {
    let cases = [
        (
            "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 < S 0:0 win 10\n",
            2,
            12,
        ),
        ("0 socket(..., SOCK_STREAM\n", 2, 1),
        ("+0 > S. 0:5(0) ack 1\n", 1, 9),
        ("hello\n", 1, 1),
        ("0 `sysctl\n", 1, 3),
        ("#ifdef X\n0 close(3) = 0\n", 1, 1),
        ("/* open\n", 1, 1),
        ("0 < . 0:4000000000(4000000000) win 1\n", 1, 7),
        (
            "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+90000 close(3) = 0\n",
            2,
            2,
        ),
    ];
    for (src, line, col) in cases {
        match parse(src, &[]) {
            Ok(s) => panic!("{src:?} parsed: {s:?}"),
            Err(e) => assert_eq!((e.line, e.col), (line, col), "{src:?}: {e}"),
        }
    }
}

#[test]
fn ifdef_keeps_the_branch_of_the_defined_names() {
    let src = "#ifdef STANDARD\n0 < S 0:0(0) win 100\n#else\n0 < S 5:5(0) win 100\n#endif\n";
    let on = parse(src, &["STANDARD".to_string()]).unwrap();
    let off = parse(src, &[]).unwrap();
    assert_eq!(on.events.len(), 1);
    assert_eq!(on.events[0].line, 2);
    assert_eq!(off.events[0].line, 4);
}

// ------------------------------------------------------------- recording a lesson

#[test]
fn a_recorded_lesson_replays_against_our_core() {
    for json in [
        include_str!("../../lessons/handshake.json"),
        include_str!("../../lessons/f-close-time-wait.json"),
        include_str!("../../lessons/g-retransmission.json"),
    ] {
        let scenario = Scenario::from_json(json).unwrap();
        let script = record_scenario(&scenario, None).unwrap();
        assert!(
            script.contains("> S") || script.contains("> S."),
            "{script}"
        );
        assert!(script.contains("< "), "{script}");
        let r = run(&script);
        assert!(
            r.passed() && r.skipped.is_empty(),
            "{}\n{script}",
            r.render()
        );
    }
}

// ------------------------------------------------------------- fuzzing

/// A script cut, spliced or sprinkled with junk.
fn mutated() -> impl Strategy<Value = String> {
    let n = SCRIPTS.len();
    (
        0..n,
        any::<u16>(),
        any::<u16>(),
        prop::collection::vec(any::<u8>(), 0..12),
        0u8..4,
    )
        .prop_map(|(i, a, b, junk, how)| {
            let src = SCRIPTS[i].1.as_bytes();
            let (a, b) = (a as usize % (src.len() + 1), b as usize % (src.len() + 1));
            let (lo, hi) = (a.min(b), a.max(b));
            let mut out = src.to_vec();
            match how {
                0 => {
                    out.drain(lo..hi);
                }
                1 => {
                    out.splice(lo..lo, junk);
                }
                2 => {
                    out.splice(lo..hi, junk);
                }
                _ => {
                    let words: &[&[u8]] = &[
                        b"...", b"<", b">", b"+", b"(", b"\n", b"-1", b"0x", b"~", b"*", b"#endif",
                        b"--x=",
                    ];
                    out.splice(lo..lo, words[b % words.len()].iter().copied());
                }
            }
            String::from_utf8_lossy(&out).into_owned()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let src = String::from_utf8_lossy(&bytes);
        let _ = run_source(&src, &RunOptions::default());
    }

    #[test]
    fn mutated_scripts_never_panic(src in mutated()) {
        let r = run_source(&src, &RunOptions::default());
        if let Err(e) = r {
            prop_assert!(e.line >= 1 && e.col >= 1);
            prop_assert!(!e.message.is_empty());
        }
    }
}

// ------------------------------------------------------------- the command line

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn the_cli_runs_scripts_and_records_lessons() {
    use std::process::Command;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = env!("CARGO_BIN_EXE_sockscope");
    let pass = Command::new(bin)
        .args(["drill", "tests/drill/handshake/passive-open.pkt"])
        .current_dir(dir)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&pass.stdout);
    assert!(pass.status.success() && out.contains("PASS"), "{out}");
    // A script whose tenth line expects the wrong acknowledgment (RCV.NXT is 4).
    let wrong = std::env::temp_dir().join(format!("sockscope-wrong-{}.pkt", std::process::id()));
    std::fs::write(
        &wrong,
        "// line 1\n// line 2\n// line 3\n\
         0    socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n\
         +0   fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0\n\
         +0   connect(3, ..., ...) = -1 EINPROGRESS (Operation now in progress)\n\
         +0   > S 0:0(0) win 65535 <mss 1460>\n\
         +0.1 < S. 0:3(3) ack 1 win 65535 <mss 1460>\n\
         // line 9\n\
         +0   > . 1:1(0) ack 1 win 65535\n",
    )
    .unwrap();
    let fail = Command::new(bin)
        .arg("drill")
        .arg(&wrong)
        .current_dir(dir)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&wrong);
    let out = String::from_utf8_lossy(&fail.stdout);
    assert_eq!(fail.status.code(), Some(1), "{out}");
    assert!(
        out.contains("FAIL line 10 column 1") && out.contains("≠ ack"),
        "{out}"
    );
    let rec = Command::new(bin)
        .args(["drill", "--record", "../lessons/handshake.json"])
        .current_dir(dir)
        .output()
        .unwrap();
    let script = String::from_utf8_lossy(&rec.stdout);
    assert!(
        rec.status.success(),
        "{}",
        String::from_utf8_lossy(&rec.stderr)
    );
    assert!(
        script.contains("connect(3, ..., ...) = -1 EINPROGRESS"),
        "{script}"
    );
    assert!(run(&script).passed(), "{script}");
}
