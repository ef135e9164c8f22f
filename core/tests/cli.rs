//! The command-line runner, run as a teacher would run it.
#![cfg(not(target_arch = "wasm32"))]

use sockscope_core::teach::scenario::Scenario;
use std::path::PathBuf;
use std::process::Command;

fn sockscope(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_sockscope"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .output()
        .expect("the binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sockscope-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn run_writes_the_text_log_json_and_a_pcap() {
    let (pcap, json) = (scratch("e.pcap"), scratch("e.json"));
    let (code, stdout, stderr) = sockscope(&[
        "run",
        "lessons/e-handshake.json",
        "--pcap",
        pcap.to_str().unwrap(),
        "--json",
        json.to_str().unwrap(),
        "--lang",
        "ko",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("SYN-SENT → ESTABLISHED"), "{stdout}");
    assert!(stdout.contains("수신"), "Korean text log");
    let events: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert!(
        stderr.contains(&format!("{} events", events.len())),
        "{stderr}"
    );
    let bytes = std::fs::read(&pcap).unwrap();
    assert_eq!(&bytes[..4], &0xa1b2_c3d4u32.to_le_bytes());
}

#[test]
fn a_lesson_whose_run_disagrees_fails_and_says_where() {
    let mut s = Scenario::from_json(include_str!("../../lessons/e-handshake.json")).unwrap();
    let lesson = s.lesson.as_mut().unwrap();
    lesson.checks[0].state = Some("CLOSING".into());
    let path = scratch("wrong.json");
    std::fs::write(&path, s.to_json()).unwrap();
    let (code, _, stderr) = sockscope(&["run", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("check 1"), "{stderr}");
    assert!(stderr.contains("not CLOSING"), "{stderr}");
}

#[test]
fn check_names_the_problem_and_share_prints_a_link_that_reads_back() {
    let bad = scratch("bad.json");
    std::fs::write(&bad, r#"{"version": 1, "seed": 1, "hosts": [], "steps": [{"at_ms": 0, "run": "A: bind(s 10.0.0.1)"}]}"#).unwrap();
    let (code, _, stderr) = sockscope(&["check", bad.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stderr.contains("step 1"), "{stderr}");
    let (code, stdout, _) = sockscope(&["share", "lessons/b-ports.json"]);
    assert_eq!(code, 0);
    let link = stdout.trim();
    assert!(link.starts_with("#v1."));
    let original = Scenario::from_json(include_str!("../../lessons/b-ports.json")).unwrap();
    assert_eq!(sockscope_core::teach::share::decode(link), Ok(original));
}

#[test]
fn an_endless_file_is_read_only_up_to_the_limit() {
    let limit = sockscope_core::teach::scenario::MAX_JSON_BYTES;
    let (code, _, stderr) = sockscope(&["check", "/dev/zero"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains(&format!("longer than {limit} bytes")),
        "{stderr}"
    );
    // A byte order mark, as some editors write, is no problem.
    let bom = scratch("bom.json");
    let text = format!("\u{feff}{}", Scenario::two_hosts().to_json());
    std::fs::write(&bom, text).unwrap();
    let (code, stdout, stderr) = sockscope(&["check", bom.to_str().unwrap()]);
    assert_eq!(
        (code, stdout.trim().ends_with(": ok")),
        (0, true),
        "{stderr}"
    );
}

#[test]
fn share_refuses_a_link_the_page_would_refuse() {
    let mut s = Scenario::two_hosts();
    let mut x = 0x9e37_79b9_7f4a_7c15u64;
    for i in 0..10_000u64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s.steps.push(sockscope_core::teach::scenario::Step::new(
            sockscope_core::Instant(i * 1000),
            format!("A: send(c, \"{x:016x}\")"),
        ));
    }
    let path = scratch("long.json");
    std::fs::write(&path, s.to_json()).unwrap();
    let (code, stdout, stderr) = sockscope(&["share", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.is_empty());
    assert!(stderr.contains("cannot share"), "{stderr}");
    assert!(
        stderr.contains(&format!(
            "at most {}",
            sockscope_core::teach::share::MAX_LINK
        )),
        "{stderr}"
    );
}
