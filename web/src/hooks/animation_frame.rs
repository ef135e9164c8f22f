//! Animation frames while something plays.

use gloo_render::{request_animation_frame, AnimationFrame};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

/// Requests the next frame; each frame emits the wall milliseconds since the one before
/// (the first frame only sets the start, so a long pause is not played at once).
fn request(
    slot: Rc<RefCell<Option<AnimationFrame>>>,
    last: Rc<Cell<f64>>,
    on_frame: Callback<f64>,
) {
    let next = slot.clone();
    let frame = request_animation_frame(move |ts| {
        let prev = last.replace(ts);
        if prev > 0.0 {
            on_frame.emit(ts - prev);
        }
        request(next, last, on_frame);
    });
    *slot.borrow_mut() = Some(frame);
}

/// Calls `on_frame` with the wall time elapsed, once a frame, while `active`.
#[hook]
pub fn use_animation_frame(active: bool, on_frame: Callback<f64>) {
    use_effect_with(active, move |active| {
        let slot = Rc::new(RefCell::new(None));
        if *active {
            request(slot.clone(), Rc::new(Cell::new(0.0)), on_frame);
        }
        // Dropping the frame cancels it and breaks the loop's cycle.
        move || drop(slot.borrow_mut().take())
    });
}
