//! The page's address and the share link in it.
//!
//! A link pasted into an open tab changes only the fragment, which reloads nothing: the
//! page listens for `hashchange` and opens it as it would on load (same checks, same
//! message for a broken one).
//!
//! Once the user changes the run (acts, New, a lesson), the link in the address no longer
//! describes it, and a reload would silently bring back the older run. The page then
//! drops the fragment (`history.replaceState`, which fires no `hashchange`) rather than
//! keeping it up to date: a link holds the whole run, so rewriting it on every click would
//! encode the run again and again and fill the address with a moving target, while the
//! Share button makes an up-to-date link whenever one is wanted. A reload after acting
//! gives a fresh playground; a reload of an untouched link gives the link's run again.

use crate::state::Action;
use gloo_events::EventListener;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// The page's share link, if its address has one: a fragment like `v1.…`. Any other
/// fragment (an anchor, a test runner's) is not ours to read.
pub fn link_fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let hash = hash.trim_start_matches('#');
    let (version, _) = hash.split_once('.')?;
    let digits = version.strip_prefix('v')?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| hash.to_string())
}

/// Drops the share link from the address, keeping the rest of it.
fn drop_link() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if link_fragment().is_none() {
        return;
    }
    let location = window.location();
    let path = location.pathname().unwrap_or_default() + &location.search().unwrap_or_default();
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&path));
    }
}

/// Opens each link pasted into the address, and drops the address's link once the run
/// is no longer it (`edits` counts the changes; `link_kept` says it still is the link).
/// An embed (`page` false) leaves the host page's address alone.
#[hook]
pub fn use_link_address(on_action: Callback<Action>, edits: u64, link_kept: bool, page: bool) {
    use_effect_with((), move |_| {
        let listener = web_sys::window().filter(|_| page).map(|w| {
            EventListener::new(&w, "hashchange", move |_| {
                if let Some(link) = link_fragment() {
                    on_action.emit(Action::OpenLink(link));
                }
            })
        });
        move || drop(listener)
    });
    use_effect_with((edits, link_kept), move |(_, kept)| {
        if page && !kept {
            drop_link();
        }
    });
}
