//! The page: the state, the hooks that tie it to the browser (frames while playing,
//! keyboard shortcuts, the remembered language, which panels are on screen), and every
//! panel given the few values it shows.

use crate::components::view::{At, ByPtr, WorldAt};
use crate::components::{
    call_form::CallForm,
    console::ConsoleView,
    controls::Controls,
    dock::{dock, Pane},
    event_log::EventLogView,
    hosts::Hosts,
    inspector::Inspector,
    ladder::Ladder,
    lesson::LessonPanel,
    net_panel::NetPanel,
    packet_list::PacketList,
    paths::Paths,
    share::SharePanel,
    sockets::Sockets,
    state_diagram::StateDiagram,
    state_strip::StateStrip,
    tcb_panel::TcbPanel,
    topology::Topology,
    welcome::Welcome,
};
use crate::events::{emit_new, EventsOut};
use crate::hooks::{
    initial_lang, link_fragment, use_animation_frame, use_link_address, use_remembered_lang,
    use_shortcuts, use_version, use_visibility, Shortcut,
};
use crate::i18n::{t, ui, Key, Lang, Ui};
use crate::stagger::{Group, Refresh, Stagger};
use crate::state::{Action, Playground};
use sockscope_core::teach::scenario::Scenario;
use sockscope_core::teach::session::Session;
use sockscope_core::HostId;
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
    /// Handed the dispatcher once mounted, so whoever mounted the app (the page, or a
    /// course page's JS handle) can drive it; the app knows nothing of them.
    #[prop_or_default]
    pub on_mounted: Callback<UseReducerDispatcher<Playground>>,
    /// Something to tell the user from the start (a lesson the address names but that
    /// does not exist).
    #[prop_or_default]
    pub notice: Option<String>,
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

/// The hosts' names and addresses, for the call forms and the samples.
fn host_list(s: &Playground) -> Vec<(String, String)> {
    let world = s.world.get();
    world
        .hosts()
        .map(|h| (h.name.clone(), h.addr.to_string()))
        .collect()
}

/// The console's socket variables as (host name, variable).
fn console_vars(s: &Playground) -> Vec<(String, String)> {
    let world = s.world.get();
    let name = |h| world.host(h).map(|h| h.name.clone()).unwrap_or_default();
    s.console
        .vars
        .keys()
        .map(|(h, v)| (name(*h), v.clone()))
        .collect()
}

/// The clock and its buttons.
fn controls(s: &Playground, on_action: &Callback<Action>) -> Html {
    let world = s.world.get();
    html! {
        <div class="area-controls">
            <Controls lang={s.lang} playing={s.playing} speed={s.speed} timeline={s.timeline_view()}
                next_event={world.next_event_at()} on_action={on_action.clone()} />
        </div>
    }
}

/// The network, with its packets.
fn network(s: &Playground, v: Versions, on_action: &Callback<Action>) -> Html {
    html! {
        <div class="area-net">
            <Topology lang={s.lang} world={WorldAt::new(&s.world, v.now)} positions={s.positions.clone()}
                selected={s.selected_packet} selected_host={s.selected_host} on_action={on_action.clone()} />
        </div>
    }
}

/// The followed socket's state and the ladder of the packets.
fn ladder(
    s: &Playground,
    v: Versions,
    diagrams: &At<Session>,
    on_action: &Callback<Action>,
) -> Html {
    html! {
        <div class="area-ladder">
            <StateStrip lang={s.lang} session={diagrams.clone()} selected={s.selected_socket} />
            <Ladder lang={s.lang} world={WorldAt::new(&s.world, v.ladder)}
                selected_socket={s.selected_socket} selected_packet={s.selected_packet}
                relative={s.packets.relative_seq} left_to_right={left_to_right(s)}
                on_action={on_action.clone()} />
        </div>
    }
}

/// The console, its invitation while empty, and the call forms that write its lines.
fn console(s: &Playground, v: Versions, on_action: &Callback<Action>, forms: bool) -> Html {
    let lang = s.lang;
    let hosts = host_list(s);
    let cold = s.console_lines.get().is_empty() && s.lesson_info().is_none();
    html! {
        <div class="area-console">
            if cold { <Welcome {lang} hosts={hosts.clone()} on_action={on_action.clone()} /> }
            <ConsoleView {lang} lines={At::new(&s.console_lines, v.side)} on_action={on_action.clone()} />
            if forms { <CallForm {lang} {hosts} vars={console_vars(s)} on_action={on_action.clone()} /> }
        </div>
    }
}

/// The guided lesson's panel.
fn lesson(s: &Playground, on_action: &Callback<Action>) -> Html {
    let finished = s.script.is_empty() && s.next_due().is_none();
    let started = s.session.get().moment().done > 0;
    html! {
        <LessonPanel lang={s.lang} scenario={ByPtr(s.scenario.clone())} lesson={s.lesson.clone()}
            playing={s.playing} {finished} {started} on_action={on_action.clone()} />
    }
}

/// The dock's panes: every panel not always on screen.
fn panes(
    s: &Playground,
    v: Versions,
    diagrams: &At<Session>,
    share: &ShareSource,
    embed: bool,
    on_action: &Callback<Action>,
) -> Vec<Pane> {
    let lang = s.lang;
    let side = WorldAt::new(&s.world, v.side);
    let log = WorldAt::new(&s.world, v.log);
    let pane = |id, k, body| Pane {
        id,
        label: ui(lang, k),
        body,
    };
    let mut panes = vec![Pane {
        id: "lesson",
        label: t(lang, Key::Lesson),
        body: lesson(s, on_action),
    }];
    // An embed has no room for the console beside the network: it is a tab.
    if embed {
        panes.push(Pane {
            id: "console",
            label: t(lang, Key::Console),
            body: console(s, v, on_action, false),
        });
    }
    panes.extend([
        pane(
            "state",
            Ui::TabState,
            html! { <StateDiagram lang={s.lang} session={diagrams.clone()} selected={s.selected_socket} on_action={on_action.clone()} /> },
        ),
        pane(
            "sockets",
            Ui::TabSockets,
            html! {
                <Sockets {lang} world={WorldAt::new(&s.world, v.now)} console={s.console.clone()}
                    selected={s.selected_socket} playing={s.playing} hidden={v.sockets_hidden}
                    only={s.selected_host} on_action={on_action.clone()} />
            },
        ),
        Pane {
            id: "packets",
            label: crate::i18n::packets::pk(lang, crate::i18n::packets::Pk::Tab),
            body: html! {
                <PacketList {lang} world={log.clone()} selected={s.selected_packet}
                    relative={s.packets.relative_seq} on_action={on_action.clone()} />
            },
        },
        pane(
            "inspector",
            Ui::TabInspector,
            html! {
                <Inspector {lang} selected={s.selected_packet} world={log.clone()}
                    relative={s.packets.relative_seq} on_action={on_action.clone()} />
            },
        ),
        pane(
            "log",
            Ui::TabLog,
            html! { <EventLogView {lang} world={log} relative={s.packets.relative_seq} on_action={on_action.clone()} /> },
        ),
        pane(
            "tcb",
            Ui::TabTcb,
            html! { <TcbPanel lang={s.lang} session={diagrams.clone()} selected={s.selected_socket} on_action={on_action.clone()} /> },
        ),
        pane(
            "paths",
            Ui::TabPaths,
            html! { <Paths {lang} world={side.clone()} on_action={on_action.clone()} /> },
        ),
        pane(
            "hosts",
            Ui::TabHosts,
            html! { <Hosts {lang} world={side} on_action={on_action.clone()} /> },
        ),
        pane(
            "network",
            Ui::TabNetwork,
            html! { <NetPanel {lang} world={WorldAt::new(&s.world, v.side)} on_action={on_action.clone()} /> },
        ),
        pane(
            "share",
            Ui::TabShare,
            html! {
                <SharePanel {lang} scenario={ByPtr(s.scenario.clone())} run={share.run.clone()}
                    pcap={share.pcap.clone()} pcapng={share.pcapng.clone()} on_action={on_action.clone()} />
            },
        ),
    ]);
    panes
}

/// What the share panel asks for when pressed: always the present run.
#[derive(Clone)]
struct ShareSource {
    run: Callback<(), Scenario>,
    pcap: Callback<(), Vec<u8>>,
    pcapng: Callback<(), Vec<u8>>,
}

#[hook]
fn use_share_source(state: &UseReducerHandle<Playground>) -> ShareSource {
    let state = state.clone();
    // The handle reads the present state whenever it is dereferenced, so callbacks made
    // once stay current and the share panel's props never change under it.
    (*use_memo((), move |_| {
        let (a, b, c) = (state.clone(), state.clone(), state);
        ShareSource {
            run: Callback::from(move |_| a.share_scenario()),
            pcap: Callback::from(move |_| b.world.get().pcap()),
            pcapng: Callback::from(move |_| {
                use sockscope_core::teach::capture::{pcapng, Capture};
                pcapng(&Capture::of(&c.world.get()), c.lang)
            }),
        }
    }))
    .clone()
}

/// The dock's tab shown: the lesson when one opens, the inspector when a packet is
/// picked, the sockets when a host is, else whichever the learner chose (the state
/// diagram to begin with).
#[hook]
fn use_dock_tab(s: &Playground) -> (&'static str, Callback<&'static str>) {
    let first = if s.lesson_info().is_some() {
        "lesson"
    } else {
        "state"
    };
    let tab = use_state(|| first);
    {
        let tab = tab.clone();
        use_effect_with(s.selected_packet, move |p| {
            // A row picked in the packet list stays in the list (Wireshark's way).
            if p.is_some() && *tab != "packets" {
                tab.set("inspector");
            }
        });
    }
    {
        // Clicking a host shows its sockets (as Filius does).
        let tab = tab.clone();
        use_effect_with(s.selected_host, move |h| {
            if h.is_some() {
                tab.set("sockets");
            }
        });
    }
    {
        let tab = tab.clone();
        let lesson = s.lesson_info().is_some();
        use_effect_with(ByPtr(s.scenario.clone()), move |_| {
            if lesson {
                tab.set("lesson");
            }
        });
    }
    let pick = {
        let tab = tab.clone();
        Callback::from(move |id| tab.set(id))
    };
    (*tab, pick)
}

/// The one screen: controls, network, console and forms, the state strip and ladder,
/// and the dock; the grid in `styles/layout.css` places them per width (and for an
/// embed, which leaves the forms out).
fn screen(
    s: &Playground,
    v: Versions,
    diagrams: &At<Session>,
    share: &ShareSource,
    tab: (&'static str, Callback<&'static str>),
    embed: bool,
    on_action: &Callback<Action>,
) -> Html {
    let panes = panes(s, v, diagrams, share, embed, on_action);
    html! {
        <main class="screen">
            { controls(s, on_action) }
            { network(s, v, on_action) }
            { ladder(s, v, diagrams, on_action) }
            if !embed { { console(s, v, on_action, true) } }
            <div class="area-dock">{ dock(ui(s.lang, Ui::Panels), tab.0, panes, &tab.1) }</div>
        </main>
    }
}

#[component]
pub fn App(props: &AppProps) -> Html {
    let state = {
        let scenario = props.scenario.clone();
        let lang = props.lang.unwrap_or_else(initial_lang);
        let notice = props.notice.clone();
        use_reducer(move || {
            let mut p = match (scenario, link_fragment()) {
                (Some(s), _) => Playground::new((*s).clone(), lang),
                (None, Some(link)) => Playground::from_link(&link, lang),
                (None, None) => Playground::demo(lang),
            };
            p.notice = notice.or(p.notice);
            p
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
        let on_mounted = props.on_mounted.clone();
        use_effect_with((), move |_| on_mounted.emit(dispatch));
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
    let diagrams = At::new(&state.session, v.diagrams);
    let lang = state.lang;
    let notice = state.notice.as_ref().map(|notice| {
        html! { <p class="notice" role="status" id="notice">{ notice }</p> }
    });
    let tab = use_dock_tab(&state);
    let screen = screen(&state, v, &diagrams, &share, tab, props.embed, &on_action);
    if props.embed {
        return html! {
            <div class="app embed" ref={root}>{ for notice }{ screen }</div>
        };
    }
    let toggle_lang = on_action.reform(move |_| Action::SetLang(lang.other()));
    html! {
        <div class="app full" ref={root}>
            <header class="topbar">
                <h1>{ "Sockscope" }</h1>
                <p class="tagline">{ t(lang, Key::Tagline) }</p>
                <button id="lang" class="lang" onclick={toggle_lang}>{ t(lang, Key::Language) }</button>
            </header>
            { for notice }
            { screen }
        </div>
    }
}

/// The hosts as the network picture places them, left to right (then top to bottom), for
/// the ladder's lanes.
fn left_to_right(s: &Playground) -> Rc<Vec<HostId>> {
    let mut placed: Vec<(i32, i32, HostId)> =
        s.positions.iter().map(|(h, (x, y))| (*x, *y, *h)).collect();
    placed.sort();
    Rc::new(placed.into_iter().map(|(_, _, h)| h).collect())
}
