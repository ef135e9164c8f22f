//! The event log, newest last.

use sockscope_core::{EventKind, World};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EventLogProps {
    pub world: World,
}

/// One plain-English line per event; the full bilingual explanations come with i18n.
fn describe(world: &World, kind: &EventKind) -> String {
    let name = |id: Option<sockscope_core::HostId>| {
        id.and_then(|h| world.host(h))
            .map(|h| h.name.clone())
            .unwrap_or_else(|| "?".into())
    };
    match kind {
        EventKind::HostSpawned { name, addr } => {
            format!("host {name} joined the network as {addr}")
        }
        EventKind::PacketSent { summary, .. } => format!("sent: {}", summary.text),
        EventKind::PacketDelivered { packet } => format!("packet {} arrived", packet.0),
        EventKind::PacketDropped { packet, reason } => {
            format!("packet {} dropped: {reason:?}", packet.0)
        }
        EventKind::EchoReplied { to, .. } => format!("answered a ping from {to}"),
        EventKind::EchoReceived { from, .. } => format!("ping reply from {from}"),
        EventKind::PacketDuplicated { packet, copy } => {
            format!("packet {} duplicated as {}", packet.0, copy.0)
        }
        EventKind::UserCall { call, result } => format!("call {call:?} → {result:?}"),
        EventKind::PathChanged { src, dst, .. } => {
            format!("path {} → {} changed", name(Some(*src)), name(Some(*dst)))
        }
        other => other.name().to_string(),
    }
}

#[component]
pub fn EventLogView(props: &EventLogProps) -> Html {
    let world = &props.world;
    html! {
        <section class="panel log" aria-label="event log">
            <h2>{ "Event log · 이벤트 기록" }</h2>
            <ol class="events" id="events">
                { for world.log().events().iter().rev().take(50).map(|e| {
                    let who = e.host.and_then(|h| world.host(h)).map(|h| h.name.clone()).unwrap_or_default();
                    html! {
                        <li class={classes!("event", e.kind.name())}>
                            <span class="at">{ e.at.to_string() }</span>
                            <span class="who">{ who }</span>
                            <span class="what">{ describe(world, &e.kind) }</span>
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
