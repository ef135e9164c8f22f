//! The store's bounds, numbering, counts and digest, over a real exchange.

use super::*;
use crate::{testkit, Duration, PacketId, World};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// A TCP exchange of a few kilobytes, with a log bounded as asked (or not).
fn run(log_limit: Option<u64>, log_digest: bool) -> World {
    let (mut w, a, b) = testkit::two_hosts_with(crate::Config {
        seed: 3,
        log_limit,
        log_digest,
        ..crate::Config::default()
    });
    testkit::listener(&mut w, a, "10.0.0.1:80", 4);
    let c = testkit::client(&mut w, b, "10.0.0.1:80");
    w.advance(Duration::from_millis(50));
    w.send(c, &[1; 9000]).unwrap();
    w.advance(Duration::from_secs(1));
    w
}

#[test]
fn a_bounded_log_keeps_the_newest_events_and_counts_all() {
    let full = run(None, true);
    let n = full.log().len();
    assert!(n > 40, "the exchange logs enough to bound: {n}");
    let bounded = run(Some(10), true);
    let log = bounded.log();
    assert_eq!(log.len(), n, "numbering covers every event");
    let kept = log.events();
    assert!((10..20).contains(&kept.len()), "{} kept", kept.len());
    assert_eq!(log.first_kept(), kept[0].seq);
    assert_eq!(
        kept,
        &full.log().events()[(n as usize - kept.len())..],
        "the newest events, numbered as in the full log"
    );
    assert_eq!(log.last(), full.log().last());
    for (name, count) in log.counts() {
        let all = full.log().events();
        let want = all.iter().filter(|e| e.kind.name() == name).count() as u64;
        assert_eq!(count, want, "{name}");
        assert_eq!(full.log().count(name), want, "{name}");
    }
    assert!(log.count("packet-sent") > 5);
    assert_eq!(log.count("no-such-kind"), 0);
    assert_eq!(log.digest(), full.log().digest(), "the digest covers all");
    assert_ne!(log.digest(), 0);
}

#[test]
fn since_gives_what_is_kept_after_a_number() {
    let w = run(Some(10), true);
    let log = w.log();
    let first = log.first_kept();
    assert!(first > 0);
    assert_eq!(
        log.since(0),
        log.events(),
        "fell behind: the oldest kept on"
    );
    assert_eq!(log.since(first + 3)[0].seq, first + 3);
    assert!(log.since(log.len()).is_empty());
    assert!(log.since(u64::MAX).is_empty());
}

#[test]
fn a_log_bounded_to_nothing_or_without_digest_still_counts() {
    let full = run(None, true);
    let none = run(Some(0), true);
    assert!(none.log().events().is_empty());
    assert_eq!(none.log().last(), None);
    assert_eq!(none.log().len(), full.log().len());
    assert_eq!(none.log().digest(), full.log().digest());
    let quiet = run(Some(10), false);
    assert_eq!(quiet.log().digest(), 0, "no digest was asked for");
    assert_eq!(quiet.log().events(), run(Some(10), true).log().events());
}

#[test]
fn rewinding_a_bounded_log_restores_numbers_counts_and_digest() {
    for limit in [0, 5, 1_000] {
        let mut w = run(Some(limit), true);
        let cp = w.checkpoint();
        let before = w.clone();
        let c = w.sockets().find(|s| s.owned && s.remote.is_some());
        let c = c.map(|s| s.id).unwrap();
        w.send(c, &[2; 4000]).unwrap();
        w.advance(Duration::from_secs(2));
        assert!(w.log().len() > before.log().len());
        assert!(w.rewind(&cp));
        let (log, was) = (w.log(), before.log());
        assert_eq!(log.len(), was.len(), "limit {limit}");
        assert_eq!(log.digest(), was.digest(), "limit {limit}");
        assert!(log.counts().eq(was.counts()), "limit {limit}");
        // What is still kept is exactly the earlier log's tail.
        let kept = log.events();
        assert!(was.events().ends_with(kept), "limit {limit}");
        assert_eq!(log.first_kept() + kept.len() as u64, log.len());
        // And the run goes on numbering from there, as the first time.
        let mut again = before.clone();
        w.advance(Duration::from_secs(1));
        again.advance(Duration::from_secs(1));
        assert_eq!(w.log().len(), again.log().len());
        assert_eq!(w.log().digest(), again.log().digest());
    }
}

#[test]
fn event_names_index_the_counts() {
    let k = EventKind::PacketDelivered {
        packet: PacketId(1),
    };
    assert_eq!(k.name(), "packet-delivered");
    assert_eq!(EventKind::NAMES[k.index()], "packet-delivered");
    let unique: std::collections::BTreeSet<_> = EventKind::NAMES.iter().collect();
    assert_eq!(unique.len(), EventKind::NAMES.len());
}
