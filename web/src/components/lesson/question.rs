//! A prediction: the question, its choices, and once the run has shown it, whether the
//! learner was right and why.
//!
//! Before answering the choices look alike. Once answered, the pick is outlined and
//! labelled "your pick"; once the run has shown the outcome, the right choice turns green
//! with ✓ and "right answer", a wrong pick red with ✗: marks and words, never colour alone.
//! The one Continue is the panel's own button, below.

use crate::i18n::{t, Key, Lang};
use crate::state::Question;
use sockscope_core::teach::lesson::{pick, Predict, Text};
use yew::prelude::*;

/// How one choice is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// Not answered yet, or neither picked nor right.
    Plain,
    /// Picked; the outcome is not known yet.
    Picked,
    /// The right choice, and the learner picked it.
    RightPicked,
    /// The right choice, not picked.
    Right,
    /// Picked, and wrong.
    Wrong,
}

/// The mark of `choice` for a question in this state.
pub fn mark(q: &Question, p: &Predict, choice: &str) -> Mark {
    let picked = q.choice.as_deref() == Some(choice);
    match (&q.outcome, picked) {
        (None, true) => Mark::Picked,
        (None, false) => Mark::Plain,
        (Some(o), true) if p.judge(choice, o) => Mark::RightPicked,
        (Some(_), true) => Mark::Wrong,
        (Some(o), false) if p.judge(choice, o) => Mark::Right,
        (Some(_), false) => Mark::Plain,
    }
}

fn choice_view(
    lang: Lang,
    c: &str,
    m: Mark,
    disabled: bool,
    onclick: Callback<MouseEvent>,
) -> Html {
    let (class, sign, words) = match m {
        Mark::Plain => (None, "", vec![]),
        Mark::Picked => (Some("picked"), "", vec![Key::YourPick]),
        Mark::RightPicked => (Some("right"), "✓", vec![Key::YourPick, Key::RightAnswer]),
        Mark::Right => (Some("right"), "✓", vec![Key::RightAnswer]),
        Mark::Wrong => (Some("wrong"), "✗", vec![Key::YourPick]),
    };
    let words: Vec<&str> = words.into_iter().map(|k| t(lang, k)).collect();
    html! {
        <button class={classes!("choice", class)} {disabled} {onclick} data-choice={c.to_string()}>
            if !sign.is_empty() { <span class="sign" aria-hidden="true">{ sign }{ " " }</span> }
            <span class="value">{ c }</span>
            if !words.is_empty() { <span class="tag">{ " · " }{ words.join(", ") }</span> }
        </button>
    }
}

/// The question, its choices, and the feedback once the outcome is known.
pub fn question_view(lang: Lang, q: &Question, p: &Predict, on_answer: &Callback<String>) -> Html {
    let text = |t: &Text| pick(t, lang.code()).unwrap_or_default().to_string();
    let verdict = q
        .outcome
        .as_ref()
        .map(|o| (q.choice.as_ref().map(|c| p.judge(c, o)), o));
    let closed = q.choice.is_some() || q.outcome.is_some();
    html! {
        <div class="question" id="question" role="group" aria-label={t(lang, Key::Predict)}>
            <p class="ask"><strong>{ t(lang, Key::Predict) }{ ": " }</strong>{ text(&p.question) }</p>
            <div class="choices">
                { for p.choices.iter().map(|c| {
                    let choice = c.clone();
                    let onclick = on_answer.reform(move |_| choice.clone());
                    choice_view(lang, c, mark(q, p, c), closed, onclick)
                }) }
            </div>
            { match verdict {
                None if q.choice.is_some() => html! { <p class="watching">{ t(lang, Key::Watching) }</p> },
                None => html! {},
                Some((verdict, outcome)) => html! {
                    <div class={classes!("feedback", match verdict { Some(true) => "right", Some(false) => "wrong", None => "none" })} id="feedback" role="status">
                        <p><strong>{ match verdict {
                            Some(true) => t(lang, Key::Right),
                            Some(false) => t(lang, Key::NotQuite),
                            None => t(lang, Key::NoAnswer),
                        } }</strong>{ " " }{ t(lang, Key::ItWas) }{ " " }<code>{ outcome }</code></p>
                        <p>{ text(&p.explain) }</p>
                    </div>
                },
            } }
        </div>
    }
}
