//! Received bytes are shown as text when they are UTF-8: `recv` of "안녕" printed
//! "\xec\x95\x88\xeb\x85\x95".

use sockscope_core::teach::command::quote;

#[test]
fn utf8_is_shown_as_text_and_only_bad_bytes_are_escaped() {
    assert_eq!(quote("안녕".as_bytes()), "\"안녕\"");
    assert_eq!(quote(b"hi \"x\"\n"), "\"hi \\\"x\\\"\\n\"");
    assert_eq!(quote(&[0xff, b'a', 0x00]), "\"\\xffa\\x00\"");
    // A character cut in half (a preview ends mid-character) shows its bytes.
    let cut = &"안녕".as_bytes()[..5];
    assert_eq!(quote(cut), "\"안\\xeb\\x85\"");
}

#[test]
fn a_quoted_string_reads_back_as_the_same_bytes() {
    for data in [
        "안녕, world".as_bytes().to_vec(),
        vec![0xff, 0xfe, b'\\', b'"', 7],
    ] {
        let line = format!("B: send(c, {})", quote(&data));
        let parsed: sockscope_core::teach::command::Command = line.parse().expect("parses");
        let shown = format!("{parsed:?}");
        assert!(shown.contains(&format!("{data:?}")), "{line} -> {shown}");
    }
}
