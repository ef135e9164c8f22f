//! What panels' props are made of: the world at a version, and values shared by pointer.
//!
//! A panel's props say what it shows, and Yew re-renders it only when they differ. The
//! world is one cell changed in place (see `state::Live`), so comparing it says nothing;
//! a panel is given the world together with the version of the state it was taken at,
//! and compares the version. A slower group of panels is handed an older version while
//! playing (see `stagger`), which is how it waits.

use crate::state::{Live, WorldView};
use sockscope_core::World;
use std::cell::Ref;
use std::rc::Rc;

/// A live value (the world, the console's lines) as of `version`: equal to another when
/// the versions are equal.
#[derive(Debug)]
pub struct At<T = World> {
    live: Live<T>,
    version: u64,
}

/// The session's world as of a version: equal to another when the versions are equal.
#[derive(Debug, Clone)]
pub struct WorldAt {
    view: WorldView,
    version: u64,
}

impl WorldAt {
    pub fn new(view: &WorldView, version: u64) -> Self {
        WorldAt {
            view: view.clone(),
            version,
        }
    }

    /// The world to read: the live one (the version only decides when a panel renders).
    pub fn get(&self) -> Ref<'_, World> {
        self.view.get()
    }

    /// The version it was taken at, for memoising what is computed from it.
    pub fn version(&self) -> u64 {
        self.version
    }
}

impl PartialEq for WorldAt {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

impl<T: Clone> Clone for At<T> {
    fn clone(&self) -> Self {
        At {
            live: self.live.clone(),
            version: self.version,
        }
    }
}

impl<T: Clone> At<T> {
    pub fn new(live: &Live<T>, version: u64) -> Self {
        At {
            live: live.clone(),
            version,
        }
    }
}

impl<T> At<T> {
    /// The value to read. It is the live one: a panel renders what is, its version only
    /// decides when it renders.
    pub fn get(&self) -> Ref<'_, T> {
        self.live.get()
    }

    /// The version it was taken at, for memoising what is computed from it.
    pub fn version(&self) -> u64 {
        self.version
    }
}

impl<T> PartialEq for At<T> {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version
    }
}

/// A shared value compared by pointer, for values the state shares between versions
/// (the scenario, the recorded steps): equal exactly when they are the same allocation,
/// without walking their contents every frame.
#[derive(Debug, Default)]
pub struct ByPtr<T>(pub Rc<T>);

impl<T> Clone for ByPtr<T> {
    fn clone(&self) -> Self {
        ByPtr(self.0.clone())
    }
}

impl<T> PartialEq for ByPtr<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for ByPtr<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_world_compares_by_version_and_shared_values_by_pointer() {
        let live = WorldView::of(World::with_seed(1));
        let (a, b) = (WorldAt::new(&live, 3), WorldAt::new(&live, 3));
        assert!(a == b);
        assert!(a != WorldAt::new(&live, 4));
        let lines = Live::new(vec![1]);
        assert!(At::new(&lines, 2) == At::new(&lines, 2));
        assert!(At::new(&lines, 2) != At::new(&lines, 5));
        let v = Rc::new(vec![1]);
        assert!(ByPtr(v.clone()) == ByPtr(v));
        assert!(ByPtr(Rc::new(vec![1])) != ByPtr(Rc::new(vec![1])));
    }
}
