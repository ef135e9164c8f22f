//! Sockscope in the browser: a Yew app around the `sockscope-core` world.
//!
//! The web crate never decides protocol behaviour: it turns clicks into `World` commands
//! and draws what the world and its event log say.

pub mod api;
pub mod app;
pub mod bench;
pub mod components;
pub mod events;
pub mod hooks;
pub mod i18n;
pub mod layout_hosts;
pub mod panic;
pub mod stagger;
pub mod state;
pub mod visibility;

use wasm_bindgen::prelude::*;

/// Entry point: installs the panic hook first, so that even a failure while mounting
/// shows a banner instead of a silently dead page. A page with an `#app` element gets the
/// playground there (compact with `?embed`, as in an iframe); a course page without one
/// mounts its own with [`api::mount`].
#[wasm_bindgen(start)]
pub fn start() {
    panic::install_hook();
    let Some(root) = gloo_root() else {
        return;
    };
    let query = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let options = api::page_options(&query, hooks::initial_lang);
    let embed = options.embed;
    let in_frame = web_sys::window()
        .and_then(|w| Some(w.parent().ok()?? != w))
        .unwrap_or(false);
    let props = app::AppProps {
        embed,
        scenario: options.scenario,
        lang: options.lang,
        notice: options.notice,
        events: events::EventsOut {
            to_parent: embed && in_frame,
            ..Default::default()
        },
        on_mounted: yew::Callback::from(api::register),
    };
    yew::Renderer::<app::App>::with_root_and_props(root, props).render();
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
