//! The JavaScript API of a running playground: course pages (and the end-to-end tests)
//! load scenarios and drive time through these functions.
//!
//! ```js
//! import init, { loadScenario, play } from "./pkg/sockscope_web.js";
//! await init();
//! loadScenario(JSON.stringify(lesson));   // throws an Error with a clear message if invalid
//! play();
//! ```

use crate::state::{Action, Playground};
use sockscope_core::scenario::Scenario;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use yew::UseReducerDispatcher;

thread_local! {
    static DISPATCH: RefCell<Option<UseReducerDispatcher<Playground>>> = const { RefCell::new(None) };
}

/// Called by the app once mounted, so the functions below reach it.
pub fn register(dispatch: UseReducerDispatcher<Playground>) {
    DISPATCH.with(|d| *d.borrow_mut() = Some(dispatch));
}

fn send(action: Action) -> Result<(), JsValue> {
    DISPATCH.with(|d| match d.borrow().as_ref() {
        Some(dispatch) => {
            dispatch.dispatch(action);
            Ok(())
        }
        None => Err(js_sys::Error::new("Sockscope is not mounted yet: await init() first").into()),
    })
}

/// Replaces the playground's world with a scenario (JSON text, see the README).
#[wasm_bindgen(js_name = loadScenario)]
pub fn load_scenario(json: &str) -> Result<(), JsValue> {
    let scenario = Scenario::from_json(json).map_err(|e| js_sys::Error::new(&e.to_string()))?;
    send(Action::LoadScenario(Box::new(scenario)))
}

#[wasm_bindgen]
pub fn play() -> Result<(), JsValue> {
    send(Action::Play)
}

#[wasm_bindgen]
pub fn pause() -> Result<(), JsValue> {
    send(Action::Pause)
}

#[wasm_bindgen]
pub fn step() -> Result<(), JsValue> {
    send(Action::Step)
}

/// Playback speed in percent of normal (10 to 1000).
#[wasm_bindgen(js_name = setSpeed)]
pub fn set_speed(percent: u32) -> Result<(), JsValue> {
    send(Action::SetSpeed(percent))
}
