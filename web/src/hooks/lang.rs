//! The language, remembered across visits and told to the document.

use crate::i18n::Lang;
use yew::prelude::*;

const LANG_KEY: &str = "sockscope.lang";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The saved language, else the browser's, else English.
pub fn initial_lang() -> Lang {
    let saved = storage().and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    saved
        .as_deref()
        .and_then(Lang::from_code)
        .or_else(|| {
            let nav = web_sys::window()?.navigator().language()?;
            nav.starts_with("ko").then_some(Lang::Ko)
        })
        .unwrap_or_default()
}

/// Saves `lang` for the next visit and sets the document's `lang` (screen readers and
/// fonts follow it) whenever it changes.
#[hook]
pub fn use_remembered_lang(lang: Lang) {
    use_effect_with(lang, |lang| {
        if let Some(s) = storage() {
            let _ = s.set_item(LANG_KEY, lang.code());
        }
        if let Some(doc) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = doc.set_attribute("lang", lang.code());
        }
    });
}
