//! Buttons that move the world: send a ping, step one event.

use crate::state::Action;
use sockscope_core::World;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub world: World,
    pub on_action: Callback<Action>,
}

#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let hosts: Vec<_> = props.world.hosts().map(|h| (h.id, h.addr)).collect();
    let ping = match hosts.as_slice() {
        [(a, _), (_, b_addr), ..] => {
            let (from, to) = (*a, *b_addr);
            props
                .on_action
                .reform(move |_: MouseEvent| Action::Ping { from, to })
        }
        _ => Callback::noop(),
    };
    let step = props.on_action.reform(|_: MouseEvent| Action::Step);
    let next = props
        .world
        .next_event_at()
        .map(|t| format!("next event at {t}"))
        .unwrap_or_else(|| "nothing scheduled".into());
    html! {
        <section class="panel controls" aria-label="controls">
            <button id="ping" onclick={ping}>{ "Ping A → B" }</button>
            <button id="step" onclick={step}>{ "Step ▸" }</button>
            <span class="next-event">{ next }</span>
        </section>
    }
}
