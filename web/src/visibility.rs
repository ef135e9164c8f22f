//! Which panel groups are on screen. A group that nobody can see need not follow the
//! world while playing: the browser already skips drawing it (`content-visibility:
//! auto`), and this skips building and patching its DOM too. It catches up in the first
//! frame it comes into view.

use crate::stagger::Group;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The browser's observer and the callback it calls (kept alive with it).
type Observer = (
    web_sys::IntersectionObserver,
    Closure<dyn FnMut(js_sys::Array)>,
);

/// (group, element number) of each panel in view; a `None` group marks that the observer
/// has reported at least once.
type Seen = BTreeSet<(Option<Group>, u32)>;

/// The groups (`data-group` of the panels) with at least one panel in view.
#[derive(Clone, Default)]
pub struct Visibility {
    seen: Rc<RefCell<Seen>>,
    observer: Rc<RefCell<Option<Observer>>>,
    /// Each element observed gets a number, so a group is visible while any of its
    /// panels is.
    next: Rc<RefCell<u32>>,
}

impl Visibility {
    /// Whether a group may be hidden: only once the observer has said so. Before it
    /// reports (and where there is no observer), everything counts as visible.
    pub fn hidden(&self, group: Group) -> bool {
        let seen = self.seen.borrow();
        self.observer.borrow().is_some()
            && seen.iter().any(|(g, _)| g.is_none())
            && !seen.iter().any(|(g, _)| *g == Some(group))
    }

    /// Observes every `[data-group]` panel under `root` that is not observed yet.
    pub fn watch(&self, root: &web_sys::Element) {
        if self.observer.borrow().is_none() {
            let seen = self.seen.clone();
            let callback =
                Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
                    let mut seen = seen.borrow_mut();
                    // The first report means the observer works: visibility counts from now.
                    seen.insert((None, 0));
                    for e in entries.iter() {
                        let Ok(e) = e.dyn_into::<web_sys::IntersectionObserverEntry>() else {
                            continue;
                        };
                        let el = e.target();
                        let Some(group) = el
                            .get_attribute("data-group")
                            .as_deref()
                            .and_then(Group::from_attr)
                        else {
                            continue;
                        };
                        let group = Some(group);
                        let id = el
                            .get_attribute("data-watch")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(0);
                        if e.is_intersecting() {
                            seen.insert((group, id));
                        } else {
                            seen.remove(&(group, id));
                        }
                    }
                });
            let Ok(observer) =
                web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref())
            else {
                return;
            };
            *self.observer.borrow_mut() = Some((observer, callback));
        }
        let observer = self.observer.borrow();
        let Some((observer, _)) = observer.as_ref() else {
            return;
        };
        let Ok(list) = root.query_selector_all("[data-group]:not([data-watch])") else {
            return;
        };
        for i in 0..list.length() {
            if let Some(el) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let mut next = self.next.borrow_mut();
                *next += 1;
                let _ = el.set_attribute("data-watch", &next.to_string());
                observer.observe(&el);
            }
        }
    }
}
