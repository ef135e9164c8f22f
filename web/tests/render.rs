//! The app rendered into a real DOM in headless Chromium: what a user sees on load, and
//! after clicking.
#![cfg(target_arch = "wasm32")]

use sockscope_web::app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn mount() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    root
}

async fn settle() {
    yew::platform::time::sleep(std::time::Duration::from_millis(30)).await;
}

fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .text_content()
        .unwrap_or_default()
}

fn click(root: &Element, selector: &str) {
    root.query_selector(selector)
        .unwrap()
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

#[wasm_bindgen_test]
async fn shows_both_hosts_from_the_core_world() {
    let root = mount();
    settle().await;
    let hosts = text(&root, ".host-list");
    assert!(hosts.contains("A") && hosts.contains("10.0.0.1"), "{hosts}");
    assert!(hosts.contains("B") && hosts.contains("10.0.0.2"), "{hosts}");
    assert_eq!(text(&root, "#clock"), "t = 0.000000s");
}

#[wasm_bindgen_test]
async fn ping_and_step_move_a_packet_and_the_clock() {
    let root = mount();
    settle().await;
    click(&root, "#ping");
    settle().await;
    assert_eq!(text(&root, "#in-flight"), "packets in flight: 1");
    click(&root, "#step");
    settle().await;
    assert_eq!(text(&root, "#clock"), "t = 0.010000s", "one 10 ms hop");
    assert!(text(&root, "#events").contains("answered a ping from 10.0.0.1"));
    click(&root, "#step");
    settle().await;
    assert!(text(&root, "#events").contains("ping reply from 10.0.0.2"));
    assert_eq!(text(&root, "#in-flight"), "packets in flight: 0");
}
