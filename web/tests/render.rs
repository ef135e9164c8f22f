//! The app rendered into a real DOM in headless Chromium: what a user sees on load, and
//! after typing and clicking.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{click, mount, settle, text, type_command};

#[wasm_bindgen_test]
async fn shows_both_hosts_from_the_core_world() {
    let root = mount();
    settle().await;
    let hosts = text(&root, ".host-list");
    assert!(hosts.contains("A") && hosts.contains("10.0.0.1"), "{hosts}");
    assert!(hosts.contains("B") && hosts.contains("10.0.0.2"), "{hosts}");
    assert_eq!(text(&root, "#clock"), "t = 0.000000s");
    assert_eq!(root.query_selector_all(".net .node").unwrap().length(), 2);
}

#[wasm_bindgen_test]
async fn console_commands_open_sockets_and_step_moves_the_syn() {
    let root = mount();
    settle().await;
    for line in [
        "A: s = socket(tcp)",
        "A: bind(s, 10.0.0.1:80)",
        "A: listen(s)",
        "B: c = socket(tcp)",
        "B: connect(c, 10.0.0.1:80)",
    ] {
        type_command(&root, line).await;
    }
    let console = text(&root, "#console-lines");
    assert!(console.contains("socket #0"), "{console}");
    assert!(text(&root, ".socket-host[data-host=A]").contains("LISTEN"));
    assert!(text(&root, ".socket-host[data-host=B]").contains("SYN-SENT"));
    assert_eq!(
        root.query_selector_all(".net .packet.pkt-syn")
            .unwrap()
            .length(),
        1
    );
    type_command(&root, "A: bind(s, 10.0.0.2:80)").await;
    assert!(text(&root, "#console-lines").contains("EINVAL"));
    click(&root, "#step");
    settle().await;
    assert_eq!(text(&root, "#clock"), "t = 0.010000s", "one 10 ms hop");
    assert_eq!(
        root.query_selector_all(".net .packet.pkt-synack")
            .unwrap()
            .length(),
        1
    );
    assert!(text(&root, ".socket-host[data-host=A]").contains("SYN-RECEIVED"));
}
