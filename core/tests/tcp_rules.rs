//! Snapshot tests of the TCP transition table (`core/src/tcp/rules.rs`), as s2n-quic pins
//! its stream state machines: the whole table as text, and the diagram drawn from it as
//! Graphviz DOT. A change to the state machine must change these checked-in files too, so
//! it shows up in review.
//!
//! After an intended change, regenerate them with
//! `UPDATE_SNAPSHOTS=1 cargo test -p sockscope-core --test tcp_rules` and review the diff.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use sockscope_core::tcp::rules::{dot, table_text, RULES};
use sockscope_core::tcp::{Rule, State};

/// Compares `actual` with the checked-in snapshot `stored` (read at compile time, so the
/// test also runs where there is no file system). With `UPDATE_SNAPSHOTS=1` a mismatch
/// rewrites the file at `path` (relative to the core crate) instead of failing.
fn assert_snapshot(path: &str, stored: &str, actual: &str) {
    if stored == actual {
        return;
    }
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        std::fs::write(&full, actual).expect("write the snapshot");
        eprintln!("updated {}", full.display());
        return;
    }
    let first = stored
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or(stored.lines().count().min(actual.lines().count()));
    panic!(
        "{path} is out of date (first difference at line {}).\n\
         --- generated ---\n{actual}\n\
         If the change is intended, regenerate it with\n    \
         UPDATE_SNAPSHOTS=1 cargo test -p sockscope-core --test tcp_rules\n\
         and review the diff.",
        first + 1
    );
}

#[test]
fn the_transition_table_matches_its_snapshot() {
    assert_snapshot(
        "tests/snapshots/tcp_rules.txt",
        include_str!("snapshots/tcp_rules.txt"),
        &table_text(),
    );
}

#[test]
fn the_diagram_matches_its_snapshot() {
    assert_snapshot(
        "../docs/tcp-rules.dot",
        include_str!("../../docs/tcp-rules.dot"),
        &dot(),
    );
}

#[test]
fn the_snapshot_lists_every_rule_once_and_draws_every_edge() {
    let text = table_text();
    let dot = dot();
    for t in RULES {
        let name = format!("\n{:?} |", t.rule);
        assert_eq!(text.matches(&name).count(), 1, "{name}");
        for from in t.from {
            let edge = format!("\"{from}\" -> \"{}\" [label=\"{:?}\\n", t.to, t.rule);
            assert!(dot.contains(&edge), "{edge}");
        }
    }
    // Every state can be left by some rule, and every state is entered by some rule.
    for s in State::ALL {
        assert!(
            Rule::all().any(|r| r.from().contains(&s)),
            "{s} is a dead end"
        );
        assert!(Rule::all().any(|r| r.to() == s), "{s} is never entered");
    }
}
