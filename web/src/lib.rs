//! Sockscope in the browser: a Yew app around the `sockscope-core` world.
//!
//! The web crate never decides protocol behaviour: it turns clicks into `World` commands
//! and draws what the world and its event log say.

pub mod api;
pub mod app;
pub mod components;
pub mod i18n;
pub mod panic;
pub mod state;

use wasm_bindgen::prelude::*;

/// Entry point: installs the panic hook first, so that even a failure while mounting
/// shows a banner instead of a silently dead page.
#[wasm_bindgen(start)]
pub fn start() {
    panic::install_hook();
    let Some(root) = gloo_root() else {
        web_sys::console::error_1(&"sockscope: no #app element to mount into".into());
        return;
    };
    yew::Renderer::<app::App>::with_root(root).render();
}

fn gloo_root() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.get_element_by_id("app")
}

/// Panics on purpose, so the end-to-end tests can check that a panic shows the banner.
#[wasm_bindgen(js_name = __sockscopePanicForTest)]
pub fn panic_for_test() {
    panic!("deliberate panic requested by a test");
}

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
