//! The display filter on a real capture (the lossy transfer of `tests`), its errors in
//! both languages with their columns, and fuzzing: no input panics.

use super::filter::{ErrorKind, MAX_DEPTH};
use super::tests::lossy_capture;
use super::*;
use crate::lang::Lang;
use proptest::prelude::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// Packet numbers (from 1) the filter shows.
fn shown(c: &Capture, filter: &str) -> Vec<u32> {
    let f = Filter::parse(filter).unwrap_or_else(|e| panic!("{filter}: {}", e.message(Lang::En)));
    f.select(c, true).iter().map(|i| i + 1).collect()
}

#[test]
fn filters_pick_the_packets_wireshark_would() {
    let c = lossy_capture();
    let all: Vec<u32> = (1..=19).collect();
    assert_eq!(shown(&c, ""), all);
    assert_eq!(shown(&c, "  "), all);
    assert_eq!(shown(&c, "tcp.flags.syn==1"), [1, 2]);
    assert_eq!(shown(&c, "tcp.flags.syn == 1 and tcp.flags.ack == 0"), [1]);
    assert_eq!(shown(&c, "!(tcp.flags.ack==1)"), [1]);
    // A flag alone is present in every TCP packet, as in Wireshark.
    assert_eq!(shown(&c, "tcp.flags.syn"), all);
    assert_eq!(shown(&c, "tcp.analysis.retransmission"), [12]);
    // Two duplicate ACKs, then the timer's retransmission a second later: not "fast".
    assert_eq!(
        shown(&c, "tcp.analysis.fast_retransmission"),
        Vec::<u32>::new()
    );
    assert_eq!(shown(&c, "tcp.analysis.duplicate_ack"), [10, 11]);
    assert_eq!(shown(&c, "tcp.analysis.flags"), [10, 11, 12]);
    assert_eq!(
        shown(&c, "tcp.analysis.zero_window || tcp.analysis.out_of_order"),
        Vec::<u32>::new()
    );
    assert_eq!(
        shown(&c, "ip.src==10.0.0.2 && tcp.len==0 && tcp.ack >= 7301"),
        [13, 16, 19]
    );
    assert_eq!(shown(&c, "ip.addr==10.0.0.2"), all);
    assert_eq!(shown(&c, "ip.addr != 10.0.0.2"), Vec::<u32>::new());
    assert_eq!(
        shown(&c, "ip.dst == 10.0.0.0/24 and not ip.dst == 10.0.0.2"),
        [2, 7, 10, 11, 13, 16, 19]
    );
    assert_eq!(shown(&c, "tcp.port == 80"), all);
    assert_eq!(shown(&c, "tcp.dstport eq 49152 and frame.len > 40"), [2]);
    assert_eq!(
        shown(&c, "tcp.srcport==80 or tcp.len gt 1000"),
        [2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19]
    );
    assert_eq!(shown(&c, "udp or icmp or arp"), Vec::<u32>::new());
    assert_eq!(shown(&c, "tcp.seq == 1461"), [5, 12]);
    assert_eq!(
        shown(
            &c,
            "frame.number <= 3 && ip.ttl == 64 && tcp.window_size == 65535"
        ),
        [1, 2, 3]
    );
    assert_eq!(shown(&c, "tcp contains \"xxxx\" and tcp.len < 1000"), [18]);
    // Bytes by value: data offset 5 then PSH|ACK, the header of the last data segment only.
    assert_eq!(shown(&c, "frame contains \"\\x50\\x18\""), [18]);
    assert_eq!(shown(&c, "tcp.stream == 0 && TCP.FLAGS.PUSH == true"), [18]);
    // Absolute numbers: the same segment under its real sequence number.
    let isn = c.streams[0].isn[0].unwrap();
    let f = Filter::parse(&format!("tcp.seq == {}", isn.wrapping_add(1461))).unwrap();
    assert_eq!(f.select(&c, false), [4, 11]);
    assert_eq!(f.select(&c, true), Vec::<u32>::new());
    assert_eq!(
        Filter::parse(&format!("tcp.seq_raw == {}", isn))
            .unwrap()
            .select(&c, true),
        [0]
    );
}

/// The error's column and both messages.
fn error(filter: &str) -> (u32, String, String) {
    let e = Filter::parse(filter).expect_err(filter);
    (e.column, e.message(Lang::En), e.message(Lang::Ko))
}

#[test]
fn bad_filters_say_what_and_where_in_english_and_korean() {
    let (col, en, ko) = error("ip.sorc == 10.0.0.1");
    assert_eq!(col, 1);
    assert!(en.starts_with("column 1: unknown field 'ip.sorc'"), "{en}");
    assert!(
        ko.starts_with("1번째 글자: 알 수 없는 필드 'ip.sorc'"),
        "{ko}"
    );
    let (col, en, ko) = error("tcp.port = 80");
    assert_eq!(col, 10);
    assert!(en.contains("use == to compare"), "{en}");
    assert!(ko.contains("==를 쓰세요"), "{ko}");
    let (col, en, _) = error("tcp.port == ");
    assert_eq!((col, en.contains("expected a value")), (13, true), "{en}");
    let (col, en, ko) = error("ip.src == abc");
    assert_eq!(col, 11);
    assert!(en.contains("ip.src is compared with an address"), "{en}");
    assert!(ko.contains("주소"), "{ko}");
    let (col, en, _) = error("(tcp or udp");
    assert_eq!((col, en.contains("expected ')'")), (12, true), "{en}");
    let (col, en, _) = error("tcp udp");
    assert_eq!((col, en.contains("unexpected 'udp'")), (5, true), "{en}");
    let (col, en, _) = error("tcp &&");
    assert_eq!((col, en.contains("found the end")), (7, true), "{en}");
    let (col, _, _) = error("tcp contains \"GET");
    assert_eq!(col, 14);
    let (col, en, _) = error("tcp.flags.syn == 2");
    assert_eq!((col, en.contains("0 or 1")), (18, true), "{en}");
    let (_, en, _) = error("tcp == 1");
    assert!(en.contains("tcp is a protocol"), "{en}");
    let (_, en, _) = error("tcp.analysis.retransmission == 1");
    assert!(en.contains("is a mark"), "{en}");
    let (_, en, _) = error("tcp.port contains \"80\"");
    assert!(
        en.contains("contains needs text") || en.contains("compared with"),
        "{en}"
    );
    let (col, en, _) = error("tcp.payload < \"a\"");
    assert_eq!((col, en.contains("holds bytes")), (13, true), "{en}");
    let (col, _, _) = error("tcp.port == 99999999999999999999999");
    assert_eq!(col, 13);
    // Columns count characters, so Korean before the problem does not shift them.
    let (col, en, _) = error("\"안녕\" == 1");
    assert_eq!(col, 1, "{en}");
    let (col, _, _) = error("tcp contains \"안녕\" $");
    assert_eq!(col, 19);
    let deep = "(".repeat(MAX_DEPTH as usize + 1) + "tcp" + &")".repeat(MAX_DEPTH as usize + 1);
    assert_eq!(Filter::parse(&deep).unwrap_err().kind, ErrorKind::TooDeep);
    let nots = "not ".repeat(10_000) + "tcp";
    assert_eq!(Filter::parse(&nots).unwrap_err().kind, ErrorKind::TooLong);
}

proptest! {
    /// Any text: a filter or an error whose column lies within the text (or just past it).
    #[test]
    fn no_text_panics_and_columns_point_into_it(text in "\\PC{0,60}") {
        if let Err(e) = Filter::parse(&text) {
            let len = text.chars().count() as u32;
            prop_assert!(e.column >= 1 && e.column <= len.max(1000) + 1, "{} in {text:?}", e.column);
            prop_assert!(!e.message(Lang::Ko).is_empty());
        }
    }

    /// Sentences of the language's own words, in any order: parsed or refused, never a
    /// panic, and a parsed one can be matched against a capture.
    #[test]
    fn word_salad_parses_or_is_refused(words in proptest::collection::vec(prop_oneof![
        Just("tcp"), Just("ip.addr"), Just("=="), Just("!="), Just("and"), Just("||"),
        Just("not"), Just("!"), Just("("), Just(")"), Just("10.0.0.1"), Just("80"),
        Just("\"x\""), Just("contains"), Just("tcp.flags.syn"), Just("1"), Just(">="),
        Just("tcp.analysis.flags"), Just("10.0.0.0/33"), Just("0x"), Just("frame"),
    ], 0..12)) {
        let text = words.join(" ");
        let capture = tests::tiny_capture();
        match Filter::parse(&text) {
            Ok(f) => { let _ = f.select(&capture, true); }
            Err(e) => prop_assert!(e.column as usize <= text.chars().count() + 1),
        }
    }
}
