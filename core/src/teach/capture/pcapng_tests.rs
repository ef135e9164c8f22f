//! The pcapng export: the lossy transfer with a comment on the packet dropped by hand,
//! read back by hand and, where it is installed, by tshark, whose own expert analysis
//! and filters must agree with ours.

use super::tests::lossy_capture;
use super::*;
use crate::lang::Lang;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Each Enhanced Packet Block's comment (None without one), in order.
fn comments(file: &[u8]) -> Vec<Option<String>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at + 12 <= file.len() {
        let (kind, total) = (u32_at(file, at), u32_at(file, at + 4) as usize);
        if kind == 6 {
            let cap = u32_at(file, at + 20) as usize;
            let opts = at + 28 + cap.div_ceil(4) * 4;
            let comment = (opts < at + total - 4).then(|| {
                let len = u16::from_le_bytes([file[opts + 2], file[opts + 3]]) as usize;
                String::from_utf8(file[opts + 4..opts + 4 + len].to_vec()).unwrap()
            });
            out.push(comment);
        }
        at += total;
    }
    out
}

#[test]
fn the_packet_dropped_by_hand_carries_a_comment_in_the_readers_language() {
    let c = lossy_capture();
    let en = comments(&pcapng(&c, Lang::En));
    assert_eq!(en.len(), c.rows.len());
    let with: Vec<usize> = (0..en.len()).filter(|i| en[*i].is_some()).collect();
    assert_eq!(with, [4], "only packet 5 was touched");
    assert_eq!(en[4].as_deref(), Some("dropped: dropped by you"));
    let ko = comments(&pcapng(&c, Lang::Ko));
    assert_eq!(ko[4].as_deref(), Some("버려짐: 사용자가 직접 버림"));
}

/// Runs tshark on `file` with `args`, or None (with a note) where it is not installed.
#[cfg(not(target_arch = "wasm32"))]
fn tshark(file: &std::path::Path, args: &[&str]) -> Option<(bool, String)> {
    let out = std::process::Command::new("tshark")
        .arg("-r")
        .arg(file)
        .args(args)
        .output();
    match out {
        Ok(o) => {
            let text = String::from_utf8_lossy(&o.stdout).into_owned()
                + &String::from_utf8_lossy(&o.stderr);
            Some((o.status.success(), text))
        }
        Err(e) => {
            println!("note: tshark not run ({e}); the pcapng check against it is skipped");
            None
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn tshark_opens_the_file_cleanly_and_agrees_with_our_analysis() {
    let c = lossy_capture();
    let path = std::env::temp_dir().join(format!("sockscope-{}.pcapng", std::process::id()));
    std::fs::write(&path, pcapng(&c, Lang::Ko)).unwrap();
    let Some((ok, text)) = tshark(&path, &[]) else {
        return;
    };
    assert!(ok, "tshark failed: {text}");
    assert!(!text.contains("Malformed"), "{text}");
    assert_eq!(
        text.lines().filter(|l| l.contains("TCP")).count(),
        c.rows.len(),
        "{text}"
    );
    // The Info column reads as ours (tshark adds notes on reassembly at the end).
    for (i, line) in text.lines().filter(|l| l.contains("TCP")).enumerate() {
        assert!(
            line.contains(&c.info(i, true)),
            "{line}\n{}",
            c.info(i, true)
        );
    }
    let field = |filter: &str, field: &str| {
        let (ok, out) = tshark(&path, &["-Y", filter, "-T", "fields", "-e", field]).unwrap();
        assert!(ok, "{out}");
        out.lines()
            .filter(|l| !l.contains("Running as"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        field("frame.comment", "frame.comment"),
        ["버려짐: 사용자가 직접 버림"]
    );
    // The same filters pick the same packets in tshark and here.
    for f in [
        "tcp.analysis.retransmission",
        "tcp.analysis.duplicate_ack",
        "tcp.analysis.fast_retransmission",
        "tcp.analysis.flags",
        "tcp.flags.syn==1",
        "tcp.seq == 1461",
        "ip.src==10.0.0.2 && tcp.len==0",
    ] {
        let ours: Vec<String> = Filter::parse(f)
            .unwrap()
            .select(&c, true)
            .iter()
            .map(|i| (i + 1).to_string())
            .collect();
        assert_eq!(field(f, "frame.number"), ours, "{f}");
    }
    let _ = std::fs::remove_file(&path);
}
