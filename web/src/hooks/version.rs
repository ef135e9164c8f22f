//! The world version panels memoise on.

use yew::prelude::*;

/// A number that grows with each render of the component calling it. The app renders
/// exactly when its state changed (the reducer returns a new state), so this is the
/// version of the state, world included: a panel given an older number is showing an
/// older moment, and one given the same number need not render again. The world changes
/// in place (see `state::Live`), so a version, not the world, is what props compare.
#[hook]
pub fn use_version() -> u64 {
    let counter = use_mut_ref(|| 0u64);
    let mut n = counter.borrow_mut();
    *n += 1;
    *n
}
