//! The few browser calls the picture makes: moving the focus (to a packet, or among the
//! packet menu's items) and remembering that the drag hint was seen.

use sockscope_core::network::PacketId;
use wasm_bindgen::JsCast;
use yew::NodeRef;

/// Gives `el` the focus. SVG elements can hold it as HTML ones do, but web-sys offers
/// `focus` only on `HtmlElement`, so it is called by name.
pub fn focus(el: &web_sys::Element) {
    if let Ok(f) = js_sys::Reflect::get(el, &"focus".into()) {
        if let Some(f) = f.dyn_ref::<js_sys::Function>() {
            let _ = f.call0(el);
        }
    }
}

/// Focuses a packet in the picture, if it is still there.
pub fn focus_packet(id: PacketId) {
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector(&format!(".net [data-packet=\"{}\"]", id.0))
                .ok()
        })
        .flatten();
    if let Some(el) = el {
        focus(&el);
    }
}

/// The packet menu's items, in order.
pub fn menu_items(menu: &NodeRef) -> Vec<web_sys::Element> {
    let Some(menu) = menu.cast::<web_sys::Element>() else {
        return Vec::new();
    };
    let Ok(list) = menu.query_selector_all("[role=menuitem]") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
        .collect()
}

const HINT_KEY: &str = "sockscope.dragHintSeen";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Whether this browser was already shown that hosts can be dragged.
pub fn hint_seen() -> bool {
    storage()
        .and_then(|s| s.get_item(HINT_KEY).ok().flatten())
        .is_some()
}

/// Remembers that the drag hint was seen (dragged, or closed), for the next visits.
pub fn set_hint_seen() {
    if let Some(s) = storage() {
        let _ = s.set_item(HINT_KEY, "1");
    }
}
