//! Every label in both languages; Korean that reads as Korean.

use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn every_label_differs_between_languages() {
    for &k in Key::ALL {
        let (en, ko) = (t(Lang::En, k), t(Lang::Ko, k));
        assert!(!en.is_empty() && !ko.is_empty());
        let hangul = ko.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
        assert!(
            hangul || k == Key::Language,
            "{k:?} has no Korean text: {ko}"
        );
    }
    assert_eq!(Lang::from_code(Lang::Ko.code()), Some(Lang::Ko));
    assert_eq!(Lang::from_code("fr"), None);
}

/// Lowercase Latin words Korean labels may keep: calls, fields, units and file formats.
#[rustfmt::skip]
const TECHNICAL: &[&str] = &[
    "s", "socket", "tcp", "connect", "listen", "accept", "recv", "ms", "cwnd", "ssthresh",
    "pcap", "persist", "x", "c", "on", "nodelay", "profile", "rfc", "linux", "freebsd",
];

/// Hangul, no English words beyond [`TECHNICAL`] and acronyms, particles that fit.
fn assert_korean(what: &str, ko: &str) {
    let hangul = ko.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
    assert!(hangul, "{what}: no Hangul: {ko}");
    let english: Vec<&str> = ko
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()))
        .filter(|w| !TECHNICAL.contains(w))
        .collect();
    assert!(english.is_empty(), "{what}: English {english:?} in {ko}");
    let slips = sockscope_core::teach::explain::particle_slips(ko);
    assert!(slips.is_empty(), "{what}: particles {slips:?} in {ko}");
}

#[test]
fn every_key_reads_as_korean() {
    for &k in Key::ALL {
        if k != Key::Language {
            assert_korean(&format!("{k:?}"), t(Lang::Ko, k));
        }
    }
    assert_eq!(t(Lang::Ko, Key::Hold), "보류");
}

#[test]
fn every_built_label_reads_as_korean() {
    use sockscope_core::tcp::TimerKind;
    for name in sockscope_core::EventKind::NAMES {
        assert_korean(name, kind_label(Lang::Ko, name));
        assert_eq!(kind_label(Lang::En, name), name);
    }
    for k in [
        TimerKind::Retransmit,
        TimerKind::Persist,
        TimerKind::DelayedAck,
        TimerKind::TimeWait,
    ] {
        assert_korean("timer", timer_label(Lang::Ko, k));
    }
    for len in [20, 1500] {
        assert_korean("link", &link_line(Lang::Ko, len));
    }
    assert_korean("ladder", &ladder_count(Lang::Ko, 40, 120));
    assert_korean(
        "due",
        &due_in(Lang::Ko, sockscope_core::Duration::from_millis(5)),
    );
    assert_eq!(remove_host(Lang::Ko, "A"), "A 제거");
    assert_eq!(remove_host(Lang::En, "A"), "Remove A");
    assert_korean("packet", &packet_label(Lang::Ko, 3, "SYN"));
    assert_korean("nan", &not_a_number(Lang::Ko, "지연 ms", "1,5"));
    let range = out_of_range(Lang::Ko, "손실 %", 150.0, 100.0, "%");
    assert_korean("range", &range);
    assert!(range.contains("150은"), "{range}");
}

#[test]
fn host_form_errors_read_as_korean() {
    use sockscope_core::endpoint::AddrParseError;
    use sockscope_core::host::HostError;
    let errors = [
        HostError::Address(AddrParseError::MalformedAddress("10.0.0".into())),
        HostError::Address(AddrParseError::MissingPort("10.0.0.1".into())),
        HostError::Address(AddrParseError::BadPort("70000".into())),
        HostError::Unspecified,
        HostError::Broadcast,
        HostError::Multicast,
        HostError::Loopback,
        HostError::AddressTaken {
            addr: "10.0.0.1".parse().unwrap(),
            by: "A".into(),
        },
        HostError::NameTaken { name: "B".into() },
        HostError::BadName {
            name: "서버 1".into(),
        },
        HostError::UnknownHost,
    ];
    for e in &errors {
        assert_korean(&format!("{e:?}"), &host_error(Lang::Ko, e));
        assert_eq!(host_error(Lang::En, e), e.to_string());
    }
    assert!(host_error(Lang::Ko, &errors[8]).starts_with("\"B\"가 "));
}

#[test]
fn every_layout_label_has_korean() {
    for &k in Ui::ALL {
        let ko = ui(Lang::Ko, k);
        assert!(
            ko.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
            "{k:?}: {ko}"
        );
        assert_ne!(ui(Lang::En, k), ko);
    }
    assert!(unknown_lesson(Lang::Ko, "typo", &["a"]).contains("typo"));
}
