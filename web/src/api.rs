//! The JavaScript API: course pages mount playgrounds into their own elements, load
//! scenarios and lessons, drive time and listen to what happens. The page's own
//! playground answers the module-level functions too (the end-to-end tests use them).
//!
//! ```js
//! import init, { mount } from "./pkg/sockscope_web.js";
//! await init();
//! const sim = mount(document.getElementById("lab"), {
//!   lesson: "e-handshake",            // or scenario: {...} / JSON text
//!   lang: "ko", embed: true,
//!   onEvent: (e) => console.log(e.type, e),   // state-changed, lesson-step, prediction
//! });
//! sim.play();
//! ```

use crate::app::{App, AppProps};
use crate::events::EventsOut;
use crate::i18n::Lang;
use crate::state::{Action, Playground};
use sockscope_core::teach::scenario::Scenario;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::{Callback, UseReducerDispatcher};

/// Where a mounted app leaves its dispatcher, for the handle that drives it.
#[derive(Clone, Default)]
pub struct Slot(Rc<RefCell<Option<UseReducerDispatcher<Playground>>>>);

impl PartialEq for Slot {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Slot {
    pub fn set(&self, d: UseReducerDispatcher<Playground>) {
        *self.0.borrow_mut() = Some(d);
    }

    fn send(&self, action: Action) -> Result<(), JsValue> {
        match self.0.borrow().as_ref() {
            Some(d) => {
                d.dispatch(action);
                Ok(())
            }
            None => Err(js_sys::Error::new("this Sockscope playground is not mounted").into()),
        }
    }
}

thread_local! {
    /// The most recently mounted playground, which the module-level functions drive.
    static LATEST: RefCell<Slot> = RefCell::default();
}

/// Called by an app once mounted.
pub fn register(dispatch: UseReducerDispatcher<Playground>) {
    LATEST.with(|d| d.borrow().set(dispatch));
}

fn send(action: Action) -> Result<(), JsValue> {
    LATEST.with(|d| d.borrow().send(action))
}

fn error(message: impl std::fmt::Display) -> JsValue {
    js_sys::Error::new(&message.to_string()).into()
}

/// A scenario from JSON text or a plain JS object, checked.
fn scenario_from(value: &JsValue) -> Result<Scenario, JsValue> {
    let json = match value.as_string() {
        Some(text) => text,
        None => js_sys::JSON::stringify(value)
            .map_err(|_| error("the scenario is neither JSON text nor a plain object"))?
            .into(),
    };
    Scenario::from_json(&json).map_err(error)
}

/// What a page's address asks for: `?embed`, `?lesson=<id>`, `?lang=en|ko`.
#[derive(Default)]
pub struct PageOptions {
    pub embed: bool,
    pub scenario: Option<Rc<Scenario>>,
    pub lang: Option<Lang>,
    /// What to tell the user about the address (a lesson that does not exist).
    pub notice: Option<String>,
}

/// Reads the page's query string (`?embed&lesson=e-handshake&lang=ko`). An unknown lesson
/// opens free play and says so, in the language asked for (else `fallback`'s), listing the
/// lessons there are.
pub fn page_options(query: &str, fallback: impl FnOnce() -> Lang) -> PageOptions {
    let param = |name: &str| {
        query.trim_start_matches('?').split('&').find_map(|kv| {
            let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
            (k == name).then(|| v.to_string())
        })
    };
    let lang = param("lang").as_deref().and_then(Lang::from_code);
    let mut options = PageOptions {
        embed: param("embed").is_some(),
        lang,
        ..PageOptions::default()
    };
    if let Some(id) = param("lesson").filter(|id| !id.is_empty()) {
        match sockscope_core::teach::catalog::lesson(&id).map(Scenario::from_json) {
            Some(Ok(s)) => options.scenario = Some(Rc::new(s)),
            Some(Err(e)) => options.notice = Some(e.to_string()),
            None => {
                let ids: Vec<&str> = sockscope_core::teach::catalog::LESSONS
                    .iter()
                    .map(|(i, _)| *i)
                    .collect();
                let lang = lang.unwrap_or_else(fallback);
                options.notice = Some(crate::i18n::unknown_lesson(lang, &id, &ids));
            }
        }
    }
    options
}

fn lesson(id: &str) -> Result<Scenario, JsValue> {
    let json = sockscope_core::teach::catalog::lesson(id).ok_or_else(|| {
        let ids: Vec<&str> = sockscope_core::teach::catalog::LESSONS
            .iter()
            .map(|(i, _)| *i)
            .collect();
        error(format!(
            "there is no lesson {id:?}; the lessons are {}",
            ids.join(", ")
        ))
    })?;
    Scenario::from_json(json).map_err(error)
}

/// Replaces the page's playground world with a scenario (JSON text or an object).
#[wasm_bindgen(js_name = loadScenario)]
pub fn load_scenario(scenario: JsValue) -> Result<(), JsValue> {
    send(Action::LoadScenario(Box::new(scenario_from(&scenario)?)))
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

/// The ids of the lessons that ship, in teaching order.
#[wasm_bindgen(js_name = lessons)]
pub fn lesson_ids() -> Vec<String> {
    sockscope_core::teach::catalog::LESSONS
        .iter()
        .map(|(id, _)| id.to_string())
        .collect()
}

/// A playground mounted into a page's element (`Playground` in JavaScript).
#[wasm_bindgen(js_name = Playground)]
pub struct Mounted {
    slot: Slot,
    app: Option<yew::AppHandle<App>>,
}

#[wasm_bindgen(js_class = Playground)]
impl Mounted {
    pub fn play(&self) -> Result<(), JsValue> {
        self.slot.send(Action::Play)
    }

    pub fn pause(&self) -> Result<(), JsValue> {
        self.slot.send(Action::Pause)
    }

    pub fn step(&self) -> Result<(), JsValue> {
        self.slot.send(Action::Step)
    }

    #[wasm_bindgen(js_name = stepBack)]
    pub fn step_back(&self) -> Result<(), JsValue> {
        self.slot.send(Action::StepBack)
    }

    /// Forward to the next moment stepped back over (the run's future is kept when
    /// looking back), or one step when there is none.
    #[wasm_bindgen(js_name = stepForward)]
    pub fn step_forward(&self) -> Result<(), JsValue> {
        self.slot.send(Action::StepForward)
    }

    /// Shows the run as it was at `ms` milliseconds of virtual time (a moment already
    /// played is viewed, not rerun: nothing recorded is lost).
    #[wasm_bindgen(js_name = viewAt)]
    pub fn view_at(&self, ms: f64) -> Result<(), JsValue> {
        if !(ms.is_finite() && ms >= 0.0) {
            return Err(error(format!(
                "viewAt({ms}): a time in milliseconds from 0"
            )));
        }
        let us = (ms * 1000.0).min(u64::MAX as f64) as u64;
        self.slot.send(Action::ViewAt(sockscope_core::Instant(us)))
    }

    #[wasm_bindgen(js_name = setSpeed)]
    pub fn set_speed(&self, percent: u32) -> Result<(), JsValue> {
        self.slot.send(Action::SetSpeed(percent))
    }

    /// Loads a scenario (JSON text or object).
    pub fn load(&self, scenario: JsValue) -> Result<(), JsValue> {
        self.slot
            .send(Action::LoadScenario(Box::new(scenario_from(&scenario)?)))
    }

    /// Loads a lesson by id (see `lessons()`).
    #[wasm_bindgen(js_name = loadLesson)]
    pub fn load_lesson(&self, id: &str) -> Result<(), JsValue> {
        self.slot.send(Action::LoadScenario(Box::new(lesson(id)?)))
    }

    /// Types a console line, as a learner would.
    pub fn run(&self, line: &str) -> Result<(), JsValue> {
        self.slot.send(Action::RunCommand(line.to_string()))
    }

    /// Removes the playground from the page.
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}

/// Options of `mount`, all optional.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct MountOptions {
    lesson: Option<String>,
    lang: Option<String>,
    embed: Option<bool>,
}

/// Mounts a playground into `element`. Options: `scenario` (JSON text or object) or
/// `lesson` (an id), `lang` ("en" or "ko"), `embed` (compact layout, default true),
/// `onEvent` (a function called with each event). Throws an Error that says what is wrong
/// with a bad option or scenario; nothing is mounted then.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, options: JsValue) -> Result<Mounted, JsValue> {
    let options_obj = if options.is_undefined() || options.is_null() {
        JsValue::from(js_sys::Object::new())
    } else {
        options
    };
    let get = |k: &str| js_sys::Reflect::get(&options_obj, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let o: MountOptions = serde_wasm_bindgen::from_value(options_obj.clone())
        .map_err(|e| error(format!("mount options: {e}")))?;
    let scenario = match (get("scenario"), &o.lesson) {
        (s, _) if !s.is_undefined() && !s.is_null() => Some(scenario_from(&s)?),
        (_, Some(id)) => Some(lesson(id)?),
        _ => None,
    };
    let lang = match o.lang.as_deref() {
        None => None,
        Some(code) => Some(
            Lang::from_code(code)
                .ok_or_else(|| error(format!("lang {code:?}: use \"en\" or \"ko\"")))?,
        ),
    };
    let callback = get("onEvent");
    let callback = match callback.is_undefined() || callback.is_null() {
        true => None,
        false => Some(
            callback
                .dyn_into::<js_sys::Function>()
                .map_err(|_| error("onEvent must be a function"))?,
        ),
    };
    let slot = Slot::default();
    let props = AppProps {
        embed: o.embed.unwrap_or(true),
        scenario: scenario.map(Rc::new),
        lang,
        events: EventsOut {
            callback,
            element: Some(element.clone()),
            to_parent: false,
        },
        on_mounted: {
            let slot = slot.clone();
            Callback::from(move |d: UseReducerDispatcher<Playground>| {
                slot.set(d.clone());
                register(d);
            })
        },
        notice: None,
    };
    let app = yew::Renderer::<App>::with_root_and_props(element, props).render();
    Ok(Mounted {
        slot,
        app: Some(app),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_address_gives_lesson_language_and_embed() {
        let o = page_options("?embed&lesson=e-handshake&lang=ko", || Lang::En);
        assert!(o.embed);
        assert_eq!(o.lang, Some(Lang::Ko));
        assert!(o.scenario.is_some() && o.notice.is_none());
        let o = page_options("", || Lang::En);
        assert!(!o.embed && o.lang.is_none() && o.scenario.is_none());
    }

    #[test]
    fn an_unknown_lesson_is_named_with_the_lessons_there_are() {
        let o = page_options("?lesson=typo", || Lang::En);
        assert!(o.scenario.is_none());
        let notice = o.notice.expect("a notice");
        assert!(
            notice.starts_with("No lesson named 'typo'. Lessons: a-layers, "),
            "{notice}"
        );
        let ko = page_options("?lang=ko&lesson=typo", || Lang::En)
            .notice
            .unwrap();
        assert!(ko.contains("'typo'라는 레슨은 없습니다"), "{ko}");
    }
}
