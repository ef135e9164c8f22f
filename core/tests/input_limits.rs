//! Untrusted input (share links, scenario files, console lines) is weighed by the work it
//! asks for, not only by its size: each test here is a case that once froze or bloated
//! the page, with its work counted, never timed.

use sockscope_core::socket::udp::DATAGRAM_OVERHEAD;
use sockscope_core::teach::command::Command;
use sockscope_core::teach::explain::Lang;
use sockscope_core::teach::lesson::{Check, EventIndex};
use sockscope_core::teach::scenario::budget::{BOUNDED_LOG_EVENTS, MAX_EXACT, MAX_SEND_BYTES};
use sockscope_core::teach::scenario::{Scenario, ScenarioError, Step, MAX_JSON_BYTES};
use sockscope_core::teach::share::{self, ShareError, MAX_JSON, MAX_LINK};
use sockscope_core::testkit::two_hosts_with;
use sockscope_core::{Config, Endpoint, Instant, Protocol};

const MB: usize = 1 << 20;

/// A scenario of two connected hosts (six steps), then `extra` steps 50 ms apart from `at_ms` 100 on.
fn connected(extra: impl IntoIterator<Item = String>) -> Scenario {
    let mut s = Scenario::two_hosts();
    for (at, line) in [
        (0, "A: s = socket(tcp)"),
        (0, "A: bind(s, 10.0.0.1:80)"),
        (0, "A: listen(s)"),
        (0, "B: c = socket(tcp)"),
        (0, "B: connect(c, 10.0.0.1:80)"),
        (50, "A: t = accept(s)"),
    ] {
        s.steps.push(Step::new(Instant(at * 1000), line));
    }
    for (i, line) in extra.into_iter().enumerate() {
        s.steps
            .push(Step::new(Instant((100 + 50 * i as u64) * 1000), line));
    }
    s
}

#[test]
fn a_megabyte_console_line_is_lexed_in_linear_work() {
    // Many short tokens (the case that recounted the line for every token) and one long
    // address-like word, a dot after half a megabyte, then colons (the case that searched
    // the word for its dot again at every colon).
    let mut keys = String::from("path(A, B");
    while keys.len() < MB {
        keys.push_str(", loss=1%");
    }
    keys.push(')');
    let colons = format!("A: bind(s, {}.{})", "1".repeat(MB / 2), ":".repeat(MB / 2));
    for (line, parses) in [(keys, true), (colons, false)] {
        let chars = line.chars().count() as u64;
        let (result, work) = Command::parse_counted(&line);
        assert!(
            work <= chars,
            "{work} characters taken for a line of {chars}"
        );
        // The settings line is a valid (if long) path line; the colons are no address.
        assert_eq!(result.is_ok(), parses);
    }
}

#[test]
fn a_link_asking_for_gigabytes_of_transfer_is_refused_with_a_message() {
    let s = connected((0..9_994).map(|i| {
        if i % 2 == 0 {
            "B: send(c, 1048576)".to_string()
        } else {
            "A: recv(t, 1048576)".to_string()
        }
    }));
    let link = share::encode(&s);
    assert!(
        link.len() < MAX_LINK,
        "the link itself is short: {}",
        link.len()
    );
    let err = share::decode(&link).unwrap_err();
    let ShareError::Scenario(ScenarioError::TooMuchWork { what, asked, limit }) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((*what, *limit), ("bytes to send", MAX_SEND_BYTES));
    assert!(*asked > MAX_SEND_BYTES, "{asked}");
    let text = err.to_string();
    assert!(text.contains("more than a browser tab can hold"), "{text}");
    // One language to a message: the Korean page gets its own words.
    assert!(!text.contains("브라우저"), "English only: {text}");
    let ko = err.message(Lang::Ko);
    assert!(
        ko.contains("브라우저") && ko.contains("보낼 바이트"),
        "{ko}"
    );
    assert_eq!(share::try_encode(&s).unwrap_err(), err);
}

#[test]
fn a_heavy_run_that_fits_keeps_a_bounded_log_and_no_capture() {
    let sends = (0..40).map(|_| "B: send(c, 1048576)".to_string());
    let mut s = connected(sends);
    s.send_buffer = Some(1 << 20);
    let work = s.work();
    assert_eq!(work.send_bytes, 40 << 20);
    assert!(work.bounded() && work.check().is_ok(), "{work:?}");
    let note = work.notice(Lang::En).unwrap();
    assert!(
        note.contains("newest 200000 events") && !note.contains("캡처"),
        "{note}"
    );
    let note = work.notice(Lang::Ko).unwrap();
    assert!(note.contains("200000개") && note.contains("캡처"), "{note}");
    let (world, _) = s.build().unwrap();
    assert_eq!(world.log().limit(), Some(BOUNDED_LOG_EVENTS));
    assert!(!world.config().capture);
    // A light one keeps everything.
    let light = connected(["B: send(c, 5000)".to_string()]);
    assert_eq!(light.work().notice(Lang::Ko), None);
    let (world, _) = light.build().unwrap();
    assert_eq!(world.log().limit(), None);
    assert!(world.config().capture);
}

#[test]
fn thousands_of_checks_read_the_log_once() {
    let sends = (0..40).map(|i| {
        let line = if i % 2 == 0 {
            "B: send(c, 60000)"
        } else {
            "A: recv(t)"
        };
        line.to_string()
    });
    let mut s = connected(sends);
    s.until_ms = 2_000;
    let run = s.run().unwrap();
    let log_len = run.world.log().len();
    assert!(
        log_len > 1_000,
        "a log worth indexing: {log_len} {:?}",
        run.results
    );
    let mut index = EventIndex::default();
    for name in ["retransmitted", "state-changed", "packet-sent", "tcp"].repeat(500) {
        let check = Check {
            at_ms: 0,
            socket: None,
            state: None,
            event: Some(name.into()),
            at_least: Some(0),
            at_most: Some(0),
        };
        // The same answer as a check that reads the whole log by itself.
        assert_eq!(
            check.failure_indexed(&run.world, &run.console, &mut index),
            check.failure(&run.world, &run.console)
        );
    }
    assert_eq!(
        index.examined, log_len,
        "each event read once for 2,000 checks"
    );
}

#[test]
fn empty_datagrams_are_charged_what_the_kernel_charges() {
    let (mut w, a, b) = two_hosts_with(Config::default());
    let rx = w.socket(b, Protocol::Udp).unwrap();
    w.bind(rx, Endpoint::any(9)).unwrap();
    let tx = w.socket(a, Protocol::Udp).unwrap();
    let to = "10.0.0.2:9".parse().unwrap();
    for _ in 0..1_000 {
        w.send_to(tx, b"", to).unwrap();
    }
    w.run_until(Instant(1_000_000));
    let mut queued = 0u64;
    while w.recv(rx, 10).is_ok() {
        queued += 1;
    }
    // Linux drops once the buffer is over its limit: one more than fits.
    let fits = 65_536 / DATAGRAM_OVERHEAD + 1;
    assert_eq!(queued, fits, "of 1,000 empty datagrams");
}

/// A scenario whose link is longer than a link may be: distinct lines pack poorly.
fn long_link_scenario() -> Scenario {
    let mut x = 0x2545_f491_4f6c_dd1du64;
    connected((0..9_994).map(|_| {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        format!("B: send(c, \"{x:016x}\")")
    }))
}

#[test]
fn the_encoder_refuses_what_the_decoder_would_refuse() {
    let s = long_link_scenario();
    assert!(s.build().is_ok(), "a valid scenario");
    let unchecked = share::encode(&s);
    assert!(unchecked.len() > MAX_LINK);
    let refused = share::decode(&unchecked).unwrap_err();
    assert_eq!(
        refused,
        ShareError::TooLong {
            len: unchecked.len() as u64
        }
    );
    assert_eq!(share::try_encode(&s), Err(refused));
    // Big JSON that packs into a short link: refused on both sides by the same limit.
    let mut big = Scenario::two_hosts();
    big.title = Some("x".repeat(MAX_JSON));
    assert!(share::encode(&big).len() < MAX_LINK);
    assert_eq!(share::decode(&share::encode(&big)), Err(ShareError::TooBig));
    assert_eq!(share::try_encode(&big), Err(ShareError::TooBig));
    // And what the encoder gives, the decoder reads back.
    let mut fits = long_link_scenario();
    fits.steps.truncate(2_000);
    let link = share::try_encode(&fits).unwrap();
    assert_eq!(share::decode(&link), Ok(fits));
}

#[test]
fn whole_numbers_beyond_what_a_page_keeps_exact_are_refused() {
    let json = |seed: u64| format!(r#"{{"version": 1, "seed": {seed}, "hosts": [], "msl_ms": 1}}"#);
    let err = Scenario::from_json(&json(MAX_EXACT + 1)).unwrap_err();
    assert!(err.to_string().contains("seed"), "{err}");
    let s = Scenario::from_json(&json(MAX_EXACT)).unwrap();
    // What a page's JSON reads (a double) is the same number.
    assert_eq!(s.seed as f64 as u64, s.seed);
    assert_eq!(Scenario::from_json(&s.to_json()).unwrap(), s);
    // A step whose at_us overrides a huge at_ms still has that at_ms in the file.
    let hidden = r#"{"version": 1, "seed": 1, "hosts": [],
        "steps": [{"at_ms": 18446744073709551615, "at_us": 5, "run": "A: socket(tcp)"}]}"#;
    assert!(Scenario::from_json(hidden).is_err());
}

#[test]
fn a_byte_order_mark_is_skipped_and_oversized_text_refused() {
    let text = format!("\u{feff}{}", Scenario::two_hosts().to_json());
    assert_eq!(Scenario::from_json(&text), Ok(Scenario::two_hosts()));
    let huge = " ".repeat(MAX_JSON_BYTES as usize + 1);
    assert!(matches!(
        Scenario::from_json(&huge),
        Err(ScenarioError::TooBig { .. })
    ));
}
