//! Keyboard shortcuts for the whole page: Space plays or pauses, the arrows step.
//!
//! The listener is registered as non-passive: a passive listener cannot cancel the
//! browser's default, so Space would also scroll the page and the arrows move it (and the
//! browser warns "Unable to preventDefault inside passive event listener invocation").

use gloo_events::{EventListener, EventListenerOptions};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// What a shortcut asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    PlayPause,
    Step,
    StepBack,
}

/// The shortcut a key press means, if any. `target` is the tag name of the element
/// that has the focus: keys typed into a field (or pressed on a button, which Space
/// activates itself) are the field's; with a modifier they are the browser's.
pub fn shortcut(key: &str, target: Option<&str>, modifier: bool) -> Option<Shortcut> {
    let field = matches!(target, Some("INPUT" | "TEXTAREA" | "SELECT" | "BUTTON"));
    if field || modifier {
        return None;
    }
    match key {
        " " => Some(Shortcut::PlayPause),
        "ArrowRight" => Some(Shortcut::Step),
        "ArrowLeft" => Some(Shortcut::StepBack),
        _ => None,
    }
}

/// The shortcut of a browser key event.
fn of_event(e: &web_sys::KeyboardEvent) -> Option<Shortcut> {
    let target = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| el.tag_name());
    let editable = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|el| el.is_content_editable());
    let modifier = e.ctrl_key() || e.meta_key() || e.alt_key() || editable;
    shortcut(&e.key(), target.as_deref(), modifier)
}

/// Emits each shortcut pressed on the page, and keeps the browser from also scrolling.
/// The listener is registered once; it calls the latest `on_shortcut`.
#[hook]
pub fn use_shortcuts(on_shortcut: Callback<Shortcut>) {
    let latest = use_mut_ref(|| on_shortcut.clone());
    *latest.borrow_mut() = on_shortcut;
    use_effect_with((), move |_| {
        let latest: Rc<RefCell<Callback<Shortcut>>> = latest;
        let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
            let options = EventListenerOptions::enable_prevent_default();
            EventListener::new_with_options(&doc, "keydown", options, move |e| {
                let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                    return;
                };
                if let Some(s) = of_event(e) {
                    e.prevent_default();
                    let on = latest.borrow().clone();
                    on.emit(s);
                }
            })
        });
        move || drop(listener)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn space_and_arrows_are_shortcuts_except_in_fields_or_with_modifiers() {
        assert_eq!(
            shortcut(" ", Some("BODY"), false),
            Some(Shortcut::PlayPause)
        );
        assert_eq!(shortcut(" ", None, false), Some(Shortcut::PlayPause));
        assert_eq!(
            shortcut("ArrowRight", Some("DIV"), false),
            Some(Shortcut::Step)
        );
        assert_eq!(
            shortcut("ArrowLeft", Some("svg"), false),
            Some(Shortcut::StepBack)
        );
        for field in ["INPUT", "TEXTAREA", "SELECT", "BUTTON"] {
            assert_eq!(shortcut(" ", Some(field), false), None, "{field}");
            assert_eq!(shortcut("ArrowRight", Some(field), false), None, "{field}");
        }
        assert_eq!(shortcut(" ", Some("BODY"), true), None);
        assert_eq!(shortcut("a", Some("BODY"), false), None);
        assert_eq!(shortcut("ArrowUp", Some("BODY"), false), None);
    }
}
