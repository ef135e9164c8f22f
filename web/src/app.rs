//! The page: every panel, the animation loop while playing, keyboard shortcuts, and the
//! language remembered across visits.

use crate::components::{
    console::ConsoleView, controls::Controls, event_log::EventLogView, hosts::Hosts,
    inspector::Inspector, ladder::Ladder, lesson::LessonPanel, paths::Paths, share::SharePanel,
    sockets::Sockets, state_diagram::StateDiagram, tcb_panel::TcbPanel, topology::Topology,
};
use crate::events::{emit_new, EventsOut};
use crate::i18n::{t, Key, Lang};
use crate::stagger::{Refresh, Stagger};
use crate::state::{Action, Playground, Shared};
use crate::visibility::Visibility;
use gloo_render::{request_animation_frame, AnimationFrame};
use sockscope_core::scenario::Scenario;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

const LANG_KEY: &str = "sockscope.lang";
/// While playing, how often the slower panels follow the world, in wall milliseconds.
const SLOW_PANEL_MS: f64 = 500.0;

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// How a page mounts the playground: the full page, or an embed in a course page.
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// The compact layout for an iframe or a course page's element.
    #[prop_or_default]
    pub embed: bool,
    /// The scenario to start with; otherwise the page's share link, else two hosts.
    #[prop_or_default]
    pub scenario: Option<Rc<Scenario>>,
    #[prop_or_default]
    pub lang: Option<Lang>,
    /// Where events go out (state changes, lesson steps, predictions).
    #[prop_or_default]
    pub events: EventsOut,
    /// Filled with the dispatcher once mounted, so a JS handle can drive this app.
    #[prop_or_default]
    pub handle: crate::api::Slot,
}

/// The page's share link, if its address has one: a fragment like `v1.…`. Any other
/// fragment (an anchor, a test runner's) is not ours to read.
fn link_fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let hash = hash.trim_start_matches('#');
    let (version, _) = hash.split_once('.')?;
    let digits = version.strip_prefix('v')?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| hash.to_string())
}

/// The saved language, else the browser's, else English.
fn initial_lang() -> Lang {
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

/// Requests frames while playing; each frame dispatches the wall time since the last.
fn animate(
    slot: Rc<RefCell<Option<AnimationFrame>>>,
    last: Rc<Cell<f64>>,
    dispatch: UseReducerDispatcher<Playground>,
) {
    let next = slot.clone();
    let frame = request_animation_frame(move |ts| {
        let prev = last.replace(ts);
        if prev > 0.0 {
            dispatch.dispatch(Action::Tick { wall_ms: ts - prev });
        }
        animate(next, last, dispatch);
    });
    *slot.borrow_mut() = Some(frame);
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let state = {
        let scenario = props.scenario.clone();
        let lang = props.lang.unwrap_or_else(initial_lang);
        use_reducer(move || match (scenario, link_fragment()) {
            (Some(s), _) => Playground::new((*s).clone(), lang),
            (None, Some(link)) => Playground::from_link(&link, lang),
            (None, None) => Playground::demo(lang),
        })
    };
    // One callback for the app's life: a new one each render would make every panel's
    // props differ, and every panel re-render, on every frame.
    let on_action = {
        let d = state.dispatcher();
        (*use_memo((), move |_| Callback::from(move |a: Action| d.dispatch(a)))).clone()
    };

    {
        let dispatch = state.dispatcher();
        let slot = props.handle.clone();
        use_effect_with((), move |_| {
            slot.set(dispatch.clone());
            crate::api::register(dispatch);
        });
    }
    {
        // Events out, after each change: what happened since the last look.
        let seen = use_mut_ref(|| None);
        let shared = Shared(Rc::new((*state).clone()));
        let events = props.events.clone();
        use_effect(move || emit_new(&events, &shared, &mut seen.borrow_mut()));
    }
    {
        let dispatch = state.dispatcher();
        use_effect_with(state.playing, move |playing| {
            let slot = Rc::new(RefCell::new(None));
            if *playing {
                animate(slot.clone(), Rc::new(Cell::new(0.0)), dispatch);
            }
            // Dropping the frame cancels it and breaks the loop's cycle.
            move || drop(slot.borrow_mut().take())
        });
    }
    {
        let lang = state.lang;
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
    {
        // Space plays or pauses, arrows step; not while typing in a field.
        let dispatch = state.dispatcher();
        let playing = state.playing;
        use_effect_with(playing, move |playing| {
            let playing = *playing;
            let listener = web_sys::window().and_then(|w| w.document()).map(|doc| {
                gloo_events::EventListener::new(&doc, "keydown", move |e| {
                    let Some(e) = wasm_bindgen::JsCast::dyn_ref::<web_sys::KeyboardEvent>(e) else {
                        return;
                    };
                    let typing = e
                        .target()
                        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                        .is_some_and(|el| {
                            matches!(
                                el.tag_name().as_str(),
                                "INPUT" | "TEXTAREA" | "SELECT" | "BUTTON"
                            )
                        });
                    if typing || e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    let action = match e.key().as_str() {
                        " " => Some(if playing { Action::Pause } else { Action::Play }),
                        "ArrowRight" => Some(Action::Step),
                        "ArrowLeft" => Some(Action::StepBack),
                        _ => None,
                    };
                    if let Some(a) = action {
                        e.prevent_default();
                        dispatch.dispatch(a);
                    }
                })
            });
            move || drop(listener)
        });
    }

    let shared = Shared(Rc::new((*state).clone()));
    // While playing, only the network and the clock follow every frame; the other panels
    // (tables, diagrams, log) catch up twice a second, which is as fast as anyone reads
    // them and leaves the frame to the animation. They catch up in turns, at most one
    // group a frame, so no one frame pays for all of them. Paused, all follow at once.
    let stagger = use_mut_ref(Stagger::<u8>::default);
    let visibility = use_mut_ref(Visibility::default);
    let root = use_node_ref();
    {
        let (visibility, root) = (visibility.clone(), root.clone());
        use_effect(move || {
            if let Some(el) = root.cast::<web_sys::Element>() {
                visibility.borrow().watch(&el);
            }
        });
    }
    let hidden = |group: &str| visibility.borrow().hidden(group);
    let [diagrams, ladder, side, log] = {
        let parts = stagger.borrow_mut().take(
            0..4,
            &shared,
            state.playing,
            js_sys::Date::now(),
            SLOW_PANEL_MS,
            1,
            |g| match hidden(&g.to_string()) {
                true => Refresh::Hidden,
                false => Refresh::Normal,
            },
        );
        [0, 1, 2, 3].map(|i| parts[i].clone())
    };
    let sockets_hidden = hidden("s");
    let lang = state.lang;
    let toggle_lang = on_action.reform(move |_| Action::SetLang(lang.other()));
    // What both layouts start with: the notice, the clock, the network, the sockets.
    let notice = state.notice.as_ref().map(|notice| {
        html! { <p class="notice" role="status" id="notice">{ notice }</p> }
    });
    let stage = html! { <>
        <Controls state={shared.clone()} on_action={on_action.clone()} />
        <Topology state={shared.clone()} on_action={on_action.clone()} />
        <Sockets state={shared.clone()} hidden={sockets_hidden} on_action={on_action.clone()} />
    </> };
    if props.embed {
        return html! {
            <div class="app embed" ref={root.clone()}>
                { for notice }
                <main class="layout">
                    <div class="col-main">{ stage }</div>
                    <div class="col-side">
                        <LessonPanel state={shared.clone()} on_action={on_action.clone()} />
                        <StateDiagram state={diagrams} on_action={on_action.clone()} />
                        <ConsoleView state={side} on_action={on_action} />
                    </div>
                </main>
            </div>
        };
    }
    html! {
        <div class="app" ref={root}>
            <header class="topbar">
                <h1>{ "Sockscope" }</h1>
                <p class="tagline">{ t(lang, Key::Tagline) }</p>
                <button id="lang" class="lang" onclick={toggle_lang}>{ t(lang, Key::Language) }</button>
            </header>
            { for notice }
            <main class="layout">
                <div class="col-main">
                    { stage }
                    <div class="row">
                        <StateDiagram state={diagrams.clone()} on_action={on_action.clone()} />
                        <TcbPanel state={diagrams} on_action={on_action.clone()} />
                    </div>
                    <Ladder state={ladder} on_action={on_action.clone()} />
                </div>
                <div class="col-side">
                    <LessonPanel state={shared.clone()} on_action={on_action.clone()} />
                    <SharePanel state={shared.clone()} on_action={on_action.clone()} />
                    <ConsoleView state={side.clone()} on_action={on_action.clone()} />
                    <Hosts state={side.clone()} on_action={on_action.clone()} />
                    <Paths state={side.clone()} on_action={on_action.clone()} />
                    <Inspector state={log.clone()} on_action={on_action.clone()} />
                    <EventLogView state={log} on_action={on_action} />
                </div>
            </main>
        </div>
    }
}
