//! The event log in plain language, filterable by host and by kind.

use crate::components::packet_list::relative::relabel_event;
use crate::components::view::WorldAt;
use crate::i18n::{describe, kind_label, t, Key, Lang};
use crate::stagger::Group;
use crate::state::Action;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    pub lang: Lang,
    /// The log and the names of hosts and sockets come from the world.
    pub world: WorldAt,
    pub on_action: Callback<Action>,
    /// Sequence numbers relative to each side's ISN (the packet list's toggle).
    #[prop_or_default]
    pub relative: bool,
}

/// Kinds offered in the filter: the names `EventKind::name` gives.
const KINDS: [&str; 10] = [
    "state-changed",
    "packet-sent",
    "packet-delivered",
    "packet-dropped",
    "tcp",
    "user-call",
    "datagram-queued",
    "reset-sent",
    "connection-forked",
    "host-spawned",
];

#[component]
pub fn EventLogView(props: &EventLogProps) -> Html {
    let lang = props.lang;
    let host = use_state(String::new);
    let kind = use_state(String::new);
    let socket = use_state(String::new);
    let on_socket = {
        let socket = socket.clone();
        Callback::from(move |e: Event| {
            socket.set(
                e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                    .value(),
            )
        })
    };
    let on_host = {
        let host = host.clone();
        Callback::from(move |e: Event| {
            host.set(
                e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                    .value(),
            )
        })
    };
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            kind.set(
                e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                    .value(),
            )
        })
    };
    let world_guard = props.world.get();
    let world = &*world_guard;
    let bases = props
        .relative
        .then(|| sockscope_core::teach::capture::SeqBases::from_log(world.log()));
    let shown = world
        .log()
        .events()
        .iter()
        .rev()
        .filter(|e| {
            host.is_empty()
                || e.host
                    .and_then(|h| world.host(h))
                    .is_some_and(|h| h.name == *host)
        })
        .filter(|e| kind.is_empty() || e.kind.name() == kind.as_str())
        .filter(|e| socket.is_empty() || e.socket.is_some_and(|id| id.0.to_string() == *socket))
        .take(80);
    html! {
        <section class="panel log" data-group={Group::Log.attr()} aria-label={t(lang, Key::EventLog)}>
            <h2>{ t(lang, Key::EventLog) }
                <select id="log-host" onchange={on_host} aria-label={t(lang, Key::HostFilter)}>
                    <option value="" selected={host.is_empty()}>{ "*" }</option>
                    { for world.hosts().map(|h| html! { <option value={h.name.clone()}>{ &h.name }</option> }) }
                </select>
                <select id="log-socket" onchange={on_socket} aria-label={t(lang, Key::SocketFilter)}>
                    <option value="" selected={socket.is_empty()}>{ "#*" }</option>
                    { for world.sockets().map(|x| html! { <option key={x.id.0} value={x.id.0.to_string()}>{ x.id.to_string() }</option> }) }
                </select>
                <select id="log-kind" onchange={on_kind} aria-label={t(lang, Key::KindFilter)}>
                    <option value="" selected={kind.is_empty()}>{ "*" }</option>
                    { for KINDS.iter().map(|k| html! { <option value={*k}>{ kind_label(lang, k) }</option> }) }
                </select>
            </h2>
            <ol class="events" id="events">
                { for shown.map(|e| html! {
                    <li key={e.seq} class={classes!("event", e.kind.name())}>
                        <span class="at">{ e.at.to_string() }</span>
                        <span class="what">{ describe(lang, world, &relabel_event(e, bases.as_ref())) }</span>
                    </li>
                }) }
            </ol>
        </section>
    }
}
