//! Events out of a mounted playground, for the course page around it: each TCP state
//! change, each lesson step reached, each prediction's outcome. They go to the callback
//! given to `mount`, as a `sockscope` DOM event on the mount element, and, inside an
//! iframe, to the parent page by `postMessage`.

use crate::i18n::describe;
use crate::state::Playground;
use serde::Serialize;
use sockscope_core::teach::lesson::pick;
use sockscope_core::EventKind;
use wasm_bindgen::JsValue;

/// Where events go. Equal when the targets are the same JS objects.
#[derive(Clone, Default, PartialEq)]
pub struct EventsOut {
    pub callback: Option<js_sys::Function>,
    pub element: Option<web_sys::Element>,
    /// Post to `window.parent` (an embed in an iframe).
    pub to_parent: bool,
}

impl EventsOut {
    fn wanted(&self) -> bool {
        self.callback.is_some() || self.element.is_some() || self.to_parent
    }

    fn send(&self, event: &Out) {
        let Ok(value) = serde_wasm_bindgen::to_value(event) else {
            return;
        };
        if let Some(f) = &self.callback {
            // A course page's handler that throws must not stop the playground.
            if let Err(e) = f.call1(&JsValue::NULL, &value) {
                web_sys::console::warn_2(&"sockscope: the onEvent handler threw".into(), &e);
            }
        }
        if let Some(el) = &self.element {
            let init = web_sys::CustomEventInit::new();
            init.set_detail(&value);
            if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict("sockscope", &init) {
                let _ = el.dispatch_event(&ev);
            }
        }
        if self.to_parent {
            if let Some(parent) = web_sys::window().and_then(|w| w.parent().ok().flatten()) {
                let msg = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&msg, &"sockscope".into(), &value);
                let _ = parent.post_message(&msg, "*");
            }
        }
    }
}

/// One event out, as the page receives it (`event.type` tells which).
#[derive(Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Out {
    #[serde(rename_all = "camelCase")]
    StateChanged {
        at_us: u64,
        host: String,
        socket: u32,
        from: String,
        to: String,
        /// The event in words, in the page's language.
        text: String,
    },
    #[serde(rename_all = "camelCase")]
    LessonStep {
        lesson: String,
        /// The step's number among the lesson's steps with words, from 1.
        step: u32,
        text: String,
    },
    #[serde(rename_all = "camelCase")]
    Prediction {
        index: u32,
        choice: Option<String>,
        outcome: String,
        right: bool,
    },
}

/// What has been sent already.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    log: u64,
    /// The step said, with the lesson it belongs to (a new lesson's step 1 is news even
    /// when the last lesson was at its step 1 too).
    said: Option<(String, u32)>,
    judged: Option<(u32, String)>,
}

/// Sends whatever happened since `seen`, and remembers it.
pub fn emit_new(out: &EventsOut, s: &Playground, seen: &mut Option<Seen>) {
    if !out.wanted() {
        return;
    }
    let world = s.world.get();
    let now = Seen {
        log: world.log().len(),
        said: s
            .lesson
            .said
            .map(|i| (s.lesson_info().map(|l| l.id.clone()).unwrap_or_default(), i)),
        judged: s
            .lesson
            .question
            .as_ref()
            .and_then(|q| Some((q.index, q.outcome.clone()?))),
    };
    let Some(before) = seen.replace(now.clone()) else {
        // The first look: what the log held already is no news, but a lesson's first
        // step, said as it opened, is (a course page counts steps from 1).
        if let Some((_, i)) = &now.said {
            send_step(out, s, *i);
        }
        return;
    };
    // A step back cuts the log: start again from where it now ends.
    for e in world.log().since(before.log.min(now.log)) {
        if let EventKind::StateChanged { from, to, .. } = &e.kind {
            out.send(&Out::StateChanged {
                at_us: e.at.micros(),
                host: e
                    .host
                    .and_then(|h| world.host(h))
                    .map(|h| h.name.clone())
                    .unwrap_or_default(),
                socket: e.socket.map_or(0, |id| id.0),
                from: from.to_string(),
                to: to.to_string(),
                text: describe(s.lang, &world, e),
            });
        }
    }
    if let (Some((_, i)), true) = (&now.said, now.said != before.said) {
        send_step(out, s, *i);
    }
    if let (Some((index, outcome)), true) = (&now.judged, now.judged != before.judged) {
        let choice = s.lesson.question.as_ref().and_then(|q| q.choice.clone());
        let right = match (s.predict(), &choice) {
            (Some(p), Some(c)) => p.judge(c, outcome),
            _ => false,
        };
        out.send(&Out::Prediction {
            index: *index,
            choice,
            outcome: outcome.clone(),
            right,
        });
    }
}

/// Sends the lesson step `i` (an index into the scenario's steps) as reached.
fn send_step(out: &EventsOut, s: &Playground, i: u32) {
    let steps = &s.scenario.steps;
    let Some(step) = steps.get(i as usize) else {
        return;
    };
    let number = steps[..=i as usize]
        .iter()
        .filter(|st| !st.say.is_empty())
        .count();
    out.send(&Out::LessonStep {
        lesson: s.lesson_info().map(|l| l.id.clone()).unwrap_or_default(),
        step: number as u32,
        text: pick(&step.say, s.lang.code())
            .unwrap_or_default()
            .to_string(),
    });
}
