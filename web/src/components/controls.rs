//! Time: play, pause, step, step back, speed, and a scrubber over the run.

use crate::i18n::{t, Key, Lang};
use crate::state::{Action, SPEEDS};
use sockscope_core::Instant;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The clock and the buttons: a few numbers, so the panel follows every frame cheaply.
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub lang: Lang,
    pub playing: bool,
    /// Percent of normal, one of [`SPEEDS`].
    pub speed: u32,
    /// Snapshots to step back to.
    pub history: usize,
    /// The world's clock.
    pub now: Instant,
    /// When the world does something next, if it will.
    pub next_event: Option<Instant>,
    pub on_action: Callback<Action>,
}

#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let lang = props.lang;
    let play = if props.playing {
        html! { <button id="pause" class="primary" onclick={props.on_action.reform(|_| Action::Pause)} title="Space">{ "❚❚ " }{ t(lang, Key::Pause) }</button> }
    } else {
        html! { <button id="play" class="primary" onclick={props.on_action.reform(|_| Action::Play)} title="Space">{ "▶ " }{ t(lang, Key::Play) }</button> }
    };
    let speed = props.on_action.reform(|e: Event| {
        let v = e
            .target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value();
        Action::SetSpeed(v.parse().unwrap_or(100))
    });
    let history = props.history;
    let scrub = props.on_action.reform(|e: InputEvent| {
        let v = e.target_unchecked_into::<HtmlInputElement>().value();
        Action::ScrubTo(v.parse().unwrap_or(usize::MAX))
    });
    let next = props
        .next_event
        .map(|at| format!("{} {at}", t(lang, Key::NextEventAt)))
        .unwrap_or_else(|| t(lang, Key::NothingScheduled).to_string());
    html! {
        <section class="panel controls" aria-label={t(lang, Key::Controls)}>
            <div class="buttons">
                <button id="back" onclick={props.on_action.reform(|_| Action::StepBack)} disabled={history == 0} title="←">{ "◂ " }{ t(lang, Key::StepBack) }</button>
                { play }
                <button id="step" onclick={props.on_action.reform(|_| Action::Step)} title="→">{ t(lang, Key::Step) }{ " ▸" }</button>
                <label class="speed">{ t(lang, Key::Speed) }{ " " }
                    <select id="speed" onchange={speed}>
                        { for SPEEDS.iter().map(|v| html! {
                            <option value={v.to_string()} selected={*v == props.speed}>{ format!("{}×", f64::from(*v) / 100.0) }</option>
                        }) }
                    </select>
                </label>
            </div>
            <input id="scrubber" type="range" min="0" max={history.to_string()} value={history.to_string()}
                aria-label="history" oninput={scrub} disabled={history == 0} />
            <div class="clock-line">
                <span class="clock" id="clock">{ format!("t = {}", props.now) }</span>
                <span class="next-event">{ next }</span>
            </div>
        </section>
    }
}
