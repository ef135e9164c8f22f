//! The page: the state, the hooks that tie it to the browser (frames while playing,
//! keyboard shortcuts, the remembered language, which panels are on screen), and every
//! panel given the few values it shows.

use crate::components::view::{At, ByPtr, WorldAt};
use crate::components::{
    console::ConsoleView, controls::Controls, event_log::EventLogView, hosts::Hosts,
    inspector::Inspector, ladder::Ladder, lesson::LessonPanel, paths::Paths, share::SharePanel,
    sockets::Sockets, state_diagram::StateDiagram, tcb_panel::TcbPanel, topology::Topology,
};
use crate::events::{emit_new, EventsOut};
use crate::hooks::{
    initial_lang, link_fragment, use_animation_frame, use_link_address, use_remembered_lang,
    use_shortcuts, use_version, use_visibility, Shortcut,
};
use crate::i18n::{t, Key, Lang};
use crate::stagger::{Group, Refresh, Stagger};
use crate::state::{Action, Playground, Shared};
use sockscope_core::scenario::Scenario;
use std::rc::Rc;
use yew::prelude::*;

/// While playing, how often the slower panels follow the world, in wall milliseconds.
const SLOW_PANEL_MS: f64 = 500.0;

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

/// The version each group of panels shows this frame: `now` for the panels that follow
/// every frame, older ones for groups waiting their turn (see `stagger`).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Versions {
    now: u64,
    diagrams: u64,
    ladder: u64,
    side: u64,
    log: u64,
    /// The socket tables are off screen.
    sockets_hidden: bool,
}

/// While playing, only the network and the clock follow every frame; the other panels
/// (tables, diagrams, log) catch up twice a second, which is as fast as anyone reads
/// them and leaves the frame to the animation. They catch up in turns, at most one group
/// a frame, so no one frame pays for all of them; a group off screen waits until seen.
/// Paused, all follow at once.
#[hook]
fn use_group_versions(playing: bool, version: u64, root: NodeRef) -> Versions {
    let stagger = use_mut_ref(Stagger::<Group, u64>::default);
    let visibility = use_visibility(root);
    let parts = stagger.borrow_mut().take(
        Group::STAGGERED,
        &version,
        playing,
        js_sys::Date::now(),
        SLOW_PANEL_MS,
        1,
        |g| match visibility.hidden(*g) {
            true => Refresh::Hidden,
            false => Refresh::Normal,
        },
    );
    Versions {
        now: version,
        diagrams: parts[0],
        ladder: parts[1],
        side: parts[2],
        log: parts[3],
        sockets_hidden: visibility.hidden(Group::Sockets),
    }
}

/// The state for the two diagram panels, which still read it whole (they share
/// `SocketIdentity::of` with the state diagram): copied only when their group catches up.
#[hook]
fn use_diagrams_state(state: &Playground, version: u64) -> Shared {
    let cache = use_mut_ref(|| None::<(u64, Shared)>);
    let mut cache = cache.borrow_mut();
    match &*cache {
        Some((v, shared)) if *v == version => shared.clone(),
        _ => {
            let shared = Shared(Rc::new(state.clone()));
            *cache = Some((version, shared.clone()));
            shared
        }
    }
}

/// Sends the events a course page listens for, after each change.
#[hook]
fn use_events_out(events: EventsOut, state: UseReducerHandle<Playground>) {
    let seen = use_mut_ref(|| None);
    use_effect(move || emit_new(&events, &state, &mut seen.borrow_mut()));
}

/// The action a shortcut means now.
fn shortcut_action(s: Shortcut, playing: bool) -> Action {
    match s {
        Shortcut::PlayPause if playing => Action::Pause,
        Shortcut::PlayPause => Action::Play,
        Shortcut::Step => Action::Step,
        Shortcut::StepBack => Action::StepBack,
    }
}

/// What both layouts start with: the clock and buttons, the network, the sockets.
fn stage(s: &Playground, v: Versions, on_action: &Callback<Action>) -> Html {
    let world = s.world.get();
    let lang = s.lang;
    html! { <>
        <Controls {lang} playing={s.playing} speed={s.speed} timeline={s.timeline_view()}
            next_event={world.next_event_at()} on_action={on_action.clone()} />
        <Topology {lang} world={WorldAt::new(&s.world, v.now)} positions={s.positions.clone()}
            selected={s.selected_packet} on_action={on_action.clone()} />
        <Sockets {lang} world={WorldAt::new(&s.world, v.now)} console={s.console.clone()}
            selected={s.selected_socket} playing={s.playing} hidden={v.sockets_hidden}
            on_action={on_action.clone()} />
    </> }
}

/// The guided lesson's panel.
fn lesson(s: &Playground, on_action: &Callback<Action>) -> Html {
    let finished = s.script.is_empty() && s.next_due().is_none();
    html! {
        <LessonPanel lang={s.lang} scenario={ByPtr(s.scenario.clone())} lesson={s.lesson.clone()}
            playing={s.playing} {finished} on_action={on_action.clone()} />
    }
}

/// The side column of the full page after the lesson: sharing, the console, hosts,
/// paths, the inspector and the log.
fn side(s: &Playground, v: Versions, share: &ShareSource, on_action: &Callback<Action>) -> Html {
    let lang = s.lang;
    let side = WorldAt::new(&s.world, v.side);
    let log = WorldAt::new(&s.world, v.log);
    html! { <>
        <SharePanel {lang} scenario={ByPtr(s.scenario.clone())} run={share.run.clone()}
            pcap={share.pcap.clone()} on_action={on_action.clone()} />
        <ConsoleView {lang} lines={At::new(&s.console_lines, v.side)} on_action={on_action.clone()} />
        <Hosts {lang} world={side.clone()} on_action={on_action.clone()} />
        <Paths {lang} world={side} on_action={on_action.clone()} />
        <Inspector {lang} selected={s.selected_packet} world={log.clone()} on_action={on_action.clone()} />
        <EventLogView {lang} world={log} on_action={on_action.clone()} />
    </> }
}

/// What the share panel asks for when pressed: always the present run.
#[derive(Clone)]
struct ShareSource {
    run: Callback<(), Scenario>,
    pcap: Callback<(), Vec<u8>>,
}

#[hook]
fn use_share_source(state: &UseReducerHandle<Playground>) -> ShareSource {
    let state = state.clone();
    // The handle reads the present state whenever it is dereferenced, so callbacks made
    // once stay current and the share panel's props never change under it.
    (*use_memo((), move |_| {
        let (a, b) = (state.clone(), state);
        ShareSource {
            run: Callback::from(move |_| a.share_scenario()),
            pcap: Callback::from(move |_| b.world.get().pcap()),
        }
    }))
    .clone()
}

/// The compact layout of an embed: the stage, the lesson, the state diagram and the
/// console.
fn embed_layout(
    s: &Playground,
    v: Versions,
    diagrams: Shared,
    root: NodeRef,
    notice: Option<Html>,
    on_action: &Callback<Action>,
) -> Html {
    html! {
        <div class="app embed" ref={root}>
            { for notice }
            <main class="layout">
                <div class="col-main">{ stage(s, v, on_action) }</div>
                <div class="col-side">
                    { lesson(s, on_action) }
                    <StateDiagram state={diagrams} on_action={on_action.clone()} />
                    <ConsoleView lang={s.lang} lines={At::new(&s.console_lines, v.side)} on_action={on_action.clone()} />
                </div>
            </main>
        </div>
    }
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
    use_events_out(props.events.clone(), state.clone());
    let playing = state.playing;
    use_animation_frame(
        playing,
        on_action.reform(|wall_ms| Action::Tick { wall_ms }),
    );
    use_shortcuts(on_action.reform(move |s| shortcut_action(s, playing)));
    use_remembered_lang(state.lang);
    use_link_address(
        on_action.clone(),
        state.edits,
        state.link_kept,
        !props.embed,
    );
    let share = use_share_source(&state);
    let version = use_version();
    let root = use_node_ref();
    let v = use_group_versions(playing, version, root.clone());
    let diagrams = use_diagrams_state(&state, v.diagrams);
    let lang = state.lang;
    let notice = state.notice.as_ref().map(|notice| {
        html! { <p class="notice" role="status" id="notice">{ notice }</p> }
    });
    if props.embed {
        return embed_layout(&state, v, diagrams, root, notice, &on_action);
    }
    let toggle_lang = on_action.reform(move |_| Action::SetLang(lang.other()));
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
                    { stage(&state, v, &on_action) }
                    <div class="row">
                        <StateDiagram state={diagrams.clone()} on_action={on_action.clone()} />
                        <TcbPanel state={diagrams} on_action={on_action.clone()} />
                    </div>
                    <Ladder lang={lang} world={WorldAt::new(&state.world, v.ladder)}
                        selected_socket={state.selected_socket} selected_packet={state.selected_packet}
                        on_action={on_action.clone()} />
                </div>
                <div class="col-side">
                    { lesson(&state, &on_action) }
                    { side(&state, v, &share, &on_action) }
                </div>
            </main>
        </div>
    }
}
