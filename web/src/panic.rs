//! A panic in wasm otherwise leaves a page that looks alive and does nothing. This hook
//! logs the panic to the console and puts a visible banner at the top of the page.

use std::panic::PanicHookInfo;

/// Yew installs its own console-only hook when it renders unless a custom one is set,
/// so the hook goes in through Yew.
pub fn install_hook() {
    yew::set_custom_panic_hook(Box::new(on_panic));
}

fn on_panic(info: &PanicHookInfo<'_>) {
    let message = info.to_string();
    web_sys::console::error_1(&format!("sockscope panicked: {message}").into());
    show_banner(&message);
}

/// Builds the banner with DOM calls rather than the Yew tree, which may be the very
/// thing that broke. The message is set as text, never as markup.
fn show_banner(message: &str) -> Option<()> {
    let document = web_sys::window()?.document()?;
    let banner = match document.get_element_by_id("panic-banner") {
        Some(b) => b,
        None => {
            let b = document.create_element("div").ok()?;
            b.set_id("panic-banner");
            b.set_attribute("role", "alert").ok()?;
            document.body()?.prepend_with_node_1(&b).ok()?;
            b
        }
    };
    banner.set_text_content(Some(&format!(
        "Sockscope stopped working because of an internal error. Reload the page to start again. / 내부 오류로 Sockscope가 멈췄습니다. 페이지를 새로 고치세요. — {message}"
    )));
    Some(())
}
