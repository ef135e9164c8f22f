//! Which panel groups are on screen, for the app to let hidden ones wait.

use crate::visibility::Visibility;
use std::rc::Rc;
use yew::prelude::*;

/// The page's visibility watcher. After each render it observes the `[data-group]`
/// panels under `root` that appeared since (a panel mounted later is watched too).
#[hook]
pub fn use_visibility(root: NodeRef) -> Rc<Visibility> {
    let visibility = use_memo((), |_| Visibility::default());
    {
        let visibility = visibility.clone();
        use_effect(move || {
            if let Some(el) = root.cast::<web_sys::Element>() {
                visibility.watch(&el);
            }
        });
    }
    visibility
}
