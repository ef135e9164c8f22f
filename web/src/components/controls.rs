//! Time: play, pause, step, step back, speed, a slider over virtual time, New and
//! Restart, and the runs left behind when the user acted in the past.

use crate::i18n::{branch_item, branch_note, t, Key, Lang};
use crate::state::{Action, TimelineView, SPEEDS};
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
    /// The moment viewed, the end of the branch, its other branches.
    pub timeline: TimelineView,
    /// When the world does something next, if it will.
    pub next_event: Option<Instant>,
    pub on_action: Callback<Action>,
}

/// The slider: virtual time from 0 to the furthest point played; dragging views.
fn slider(lang: Lang, tl: &TimelineView, on_action: &Callback<Action>) -> Html {
    let view = on_action.reform(|e: InputEvent| {
        let v = e.target_unchecked_into::<HtmlInputElement>().value();
        Action::ViewAt(Instant(v.parse::<f64>().map_or(0, |v| v.max(0.0) as u64)))
    });
    let end = tl.end.0.to_string();
    html! {
        <input id="scrubber" type="range" min="0" max={end} step="1" value={tl.now.0.to_string()}
            aria-label={t(lang, Key::VirtualTime)} aria-valuetext={tl.now.to_string()}
            oninput={view} disabled={tl.end == Instant::ZERO} />
    }
}

/// The other runs to go back to, when there are any.
fn branch_menu(lang: Lang, tl: &TimelineView, on_action: &Callback<Action>) -> Html {
    if tl.branches.is_empty() {
        return html! {};
    }
    let on_action = on_action.clone();
    let switch = Callback::from(move |e: Event| {
        let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
        let v = select.value();
        // The menu always shows the run being played: the chosen one becomes it.
        select.set_value("");
        if let Ok(i) = v.parse() {
            on_action.emit(Action::SwitchBranch(i));
        }
    });
    html! {
        <label class="branches">{ t(lang, Key::OtherRuns) }{ " " }
            <select id="branch" onchange={switch}>
                <option value="" selected=true>{ t(lang, Key::ThisRun) }</option>
                { for tl.branches.iter().enumerate().map(|(i, (left, end))| html! {
                    <option value={i.to_string()}>{ branch_item(lang, i + 1, *left, *end) }</option>
                }) }
            </select>
        </label>
    }
}

#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let lang = props.lang;
    let tl = &props.timeline;
    let on = &props.on_action;
    let play = if props.playing {
        html! { <button id="pause" class="primary" onclick={on.reform(|_| Action::Pause)} title="Space">{ "❚❚ " }{ t(lang, Key::Pause) }</button> }
    } else {
        html! { <button id="play" class="primary" onclick={on.reform(|_| Action::Play)} title="Space">{ "▶ " }{ t(lang, Key::Play) }</button> }
    };
    let speed = on.reform(|e: Event| {
        let v = e
            .target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value();
        Action::SetSpeed(v.parse().unwrap_or(100))
    });
    let next = props
        .next_event
        .map(|at| format!("{} {at}", t(lang, Key::NextEventAt)))
        .unwrap_or_else(|| t(lang, Key::NothingScheduled).to_string());
    let note = tl.branch_from.map(|at| {
        html! { <p class="branch-note" id="branch-note" role="status">{ branch_note(lang, at) }</p> }
    });
    html! {
        <section class={classes!("panel", "controls", tl.in_past.then_some("in-past"))} aria-label={t(lang, Key::Controls)}>
            <div class="buttons">
                <button id="back" onclick={on.reform(|_| Action::StepBack)} disabled={!tl.can_back} title="←">{ "◂ " }{ t(lang, Key::StepBack) }</button>
                { play }
                <button id="step" onclick={on.reform(|_| Action::Step)} title="→">{ t(lang, Key::Step) }{ " ▸" }</button>
                <label class="speed">{ t(lang, Key::Speed) }{ " " }
                    <select id="speed" onchange={speed}>
                        { for SPEEDS.iter().map(|v| html! {
                            <option value={v.to_string()} selected={*v == props.speed}>{ format!("{}×", f64::from(*v) / 100.0) }</option>
                        }) }
                    </select>
                </label>
                <span class="run-buttons">
                    <button id="restart" onclick={on.reform(|_| Action::Restart)} title={t(lang, Key::RestartHint)}>{ "↺ " }{ t(lang, Key::Restart) }</button>
                    <button id="new" onclick={on.reform(|_| Action::New)} title={t(lang, Key::NewPlaygroundHint)}>{ "+ " }{ t(lang, Key::NewPlayground) }</button>
                </span>
            </div>
            <div class="timeline">
                <span class="clock" id="clock">{ format!("t = {}", tl.now) }</span>
                { slider(lang, tl, on) }
                <span class="end-time" id="end-time">{ tl.end.to_string() }</span>
            </div>
            <div class="clock-line">
                if tl.in_past {
                    <span class="past-hint" id="past-hint">{ t(lang, Key::ViewingPast) }</span>
                } else {
                    <span class="next-event">{ next }</span>
                }
                { branch_menu(lang, tl, on) }
            </div>
            { for note }
        </section>
    }
}
