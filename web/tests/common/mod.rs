//! DOM helpers shared by the browser tests: mount the app, wait for Yew, find, read,
//! click and type as a user would.
#![allow(dead_code)]

use sockscope_web::app::App;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, HtmlInputElement};

pub fn new_root() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

pub fn mount() -> Element {
    let root = new_root();
    yew::Renderer::<App>::with_root(root.clone()).render();
    root
}

pub async fn settle() {
    yew::platform::time::sleep(std::time::Duration::from_millis(30)).await;
}

pub fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

pub fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

pub fn has_class(el: &Element, class: &str) -> bool {
    el.get_attribute("class")
        .unwrap_or_default()
        .split_whitespace()
        .any(|c| c == class)
}

pub fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

pub fn click(root: &Element, selector: &str) {
    find(root, selector)
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

/// SVG elements have no `click()`: dispatch a bubbling click, as a pointer would.
pub fn click_svg(el: &Element) {
    let f = js_sys::Function::new_with_args(
        "el",
        "el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }))",
    );
    f.call1(&JsValue::NULL, el).unwrap();
}

pub async fn type_command(root: &Element, line: &str) {
    let input: HtmlInputElement = find(root, "#console-input").dyn_into().unwrap();
    input.set_value(line);
    let ev = web_sys::InputEvent::new("input").unwrap();
    input.dispatch_event(&ev).unwrap();
    settle().await;
    // requestSubmit() through JS: the HtmlFormElement binding is not a feature we enable.
    let submit = js_sys::Function::new_with_args("form", "form.requestSubmit()");
    submit
        .call1(&JsValue::NULL, &find(root, ".console-form"))
        .unwrap();
    settle().await;
}
