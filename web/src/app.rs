//! The page: header, hosts, controls, and the event log.

use crate::components::{controls::Controls, event_log::EventLogView, hosts::HostList};
use crate::state::{Action, Playground};
use yew::prelude::*;

#[component]
pub fn App() -> Html {
    let playground = use_reducer(Playground::demo);
    let dispatch = {
        let playground = playground.clone();
        Callback::from(move |a: Action| playground.dispatch(a))
    };
    let world = &playground.world;
    html! {
        <div class="app">
            <header class="topbar">
                <h1>{ "Sockscope" }</h1>
                <p class="tagline">{ "TCP/IP, visible · 눈으로 보는 TCP/IP" }</p>
                <span class="clock" id="clock" title="virtual time">{ format!("t = {}", world.now()) }</span>
            </header>
            <main class="panels">
                <HostList world={world.clone()} />
                <Controls world={world.clone()} on_action={dispatch} />
                if let Some(notice) = &playground.notice {
                    <p class="notice" role="status">{ notice }</p>
                }
                <EventLogView world={world.clone()} />
            </main>
        </div>
    }
}
