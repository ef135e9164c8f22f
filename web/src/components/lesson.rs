//! The guided lesson: a menu of lessons, the words of the step the run has reached, and
//! predictions ("what happens next?") with feedback from the run itself.

use crate::components::view::ByPtr;
use crate::i18n::{t, Key, Lang};
use crate::state::{Action, LessonState, Question};
use sockscope_core::catalog::LESSONS;
use sockscope_core::lesson::{pick, Predict, Text};
use sockscope_core::scenario::Scenario;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LessonProps {
    pub lang: Lang,
    /// The scenario loaded: its lesson, steps and predictions.
    pub scenario: ByPtr<Scenario>,
    /// The step reached and the question asked.
    pub lesson: LessonState,
    pub playing: bool,
    /// Nothing left to happen: no steps to come and nothing the world will do.
    pub finished: bool,
    pub on_action: Callback<Action>,
}

/// The lessons that ship, parsed once: (id, scenario).
pub fn catalog() -> &'static [(&'static str, Scenario)] {
    thread_local! {
        static PARSED: &'static [(&'static str, Scenario)] = Box::leak(
            LESSONS
                .iter()
                .filter_map(|(id, json)| Some((*id, Scenario::from_json(json).ok()?)))
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        );
    }
    PARSED.with(|p| *p)
}

/// The menu: every lesson by title, and free play.
fn menu(props: &LessonProps) -> Html {
    let lang = props.lang.code();
    let current = props
        .scenario
        .lesson
        .as_ref()
        .map(|l| l.id.clone())
        .unwrap_or_default();
    let onchange = props.on_action.reform(|e: Event| {
        let id = e
            .target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value();
        let scenario = catalog()
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, s)| s.clone())
            .unwrap_or_else(Scenario::two_hosts);
        Action::LoadScenario(Box::new(scenario))
    });
    html! {
        <select id="lesson-menu" aria-label={t(props.lang, Key::Lessons)} {onchange}>
            <option value="" selected={current.is_empty()}>{ t(props.lang, Key::FreePlay) }</option>
            { for catalog().iter().map(|(id, sc)| {
                let title = sc.lesson.as_ref().and_then(|l| pick(&l.title, lang)).unwrap_or(id);
                html! { <option key={*id} value={*id} selected={current == *id}>{ title }</option> }
            }) }
        </select>
    }
}

/// A prediction: the question, its choices, and once the run has shown it, whether the
/// learner was right and why.
fn question_view(lang: Lang, q: &Question, p: &Predict, on_action: &Callback<Action>) -> Html {
    let text = |t: &Text| pick(t, lang.code()).unwrap_or_default().to_string();
    let judged = q
        .outcome
        .as_ref()
        .map(|o| (q.choice.as_ref().map(|c| p.judge(c, o)), o));
    html! {
        <div class="question" id="question" role="group" aria-label={t(lang, Key::Predict)}>
            <p class="ask"><strong>{ t(lang, Key::Predict) }{ ": " }</strong>{ text(&p.question) }</p>
            <div class="choices">
                { for p.choices.iter().map(|c| {
                    let chosen = q.choice.as_deref() == Some(c.as_str());
                    let right = judged.is_some_and(|(_, o)| p.judge(c, o));
                    let choice = c.clone();
                    html! {
                        <button class={classes!("choice", chosen.then_some("chosen"), right.then_some("right"))}
                            disabled={q.choice.is_some() || q.outcome.is_some()}
                            onclick={on_action.reform(move |_| Action::Answer(choice.clone()))}>{ c }</button>
                    }
                }) }
            </div>
            { match judged {
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
                        <button class="primary" onclick={on_action.reform(|_| Action::CloseQuestion)}>{ t(lang, Key::Continue) }</button>
                    </div>
                },
            } }
        </div>
    }
}

/// The lesson's scrolling body: new words start at the top; a question and its outcome
/// are scrolled into view.
#[hook]
fn use_scrolled_body(s: &LessonState) -> NodeRef {
    let body = use_node_ref();
    {
        let body = body.clone();
        let key = (
            s.said,
            s.question
                .as_ref()
                .map(|q| (q.index, q.choice.clone(), q.outcome.clone())),
        );
        use_effect_with(key, move |(_, q)| {
            if let Some(el) = body.cast::<web_sys::Element>() {
                el.set_scroll_top(if q.is_some() { el.scroll_height() } else { 0 });
            }
        });
    }
    body
}

#[component]
pub fn LessonPanel(props: &LessonProps) -> Html {
    let s = &props.lesson;
    let scenario = &props.scenario;
    let lang = props.lang;
    let code = lang.code();
    let text = |t: &Text| pick(t, code).unwrap_or_default().to_string();
    let body = use_scrolled_body(s);
    let Some(lesson) = scenario.lesson.as_ref() else {
        return html! {
            <section class="panel lesson" aria-label={t(lang, Key::Lesson)}>
                <h2>{ t(lang, Key::Lessons) }{ " " }{ menu(props) }</h2>
            </section>
        };
    };
    let said: Vec<usize> = scenario
        .steps
        .iter()
        .enumerate()
        .filter(|(_, st)| !st.say.is_empty())
        .map(|(i, _)| i)
        .collect();
    let at = s
        .said
        .and_then(|i| said.iter().position(|&j| j == i as usize));
    let words = match s.said {
        Some(i) => text(&scenario.steps[i as usize].say),
        None => text(&lesson.intro),
    };
    // The end: no steps left and nothing more the world will do (timers included).
    let done = props.finished && !props.playing && s.question.is_none();
    let can_continue = !props.playing
        && s.question
            .as_ref()
            .is_none_or(|q| q.choice.is_some() && q.outcome.is_none());
    let predict = s
        .question
        .as_ref()
        .and_then(|q| lesson.predict.get(q.index as usize));
    let question = s
        .question
        .as_ref()
        .zip(predict)
        .map(|(q, p)| question_view(lang, q, p, &props.on_action));
    html! {
        <section class="panel lesson" aria-label={t(lang, Key::Lesson)}>
            <h2>{ t(lang, Key::Lesson) }{ " " }{ menu(props) }</h2>
            <h3 id="lesson-title">{ text(&lesson.title) }</h3>
            // A fixed frame: the words and questions scroll inside it, so the panels below
            // never jump as a step's text grows or shrinks.
            <div class="lesson-body" ref={body}>
                <p class="step-count">{ match at {
                    Some(n) => format!("{} {} / {}", t(lang, Key::StepOf), n + 1, said.len()),
                    None => String::new(),
                } }</p>
                <p class="words" id="lesson-words">{ words }</p>
                { for question }
            </div>
            <div class="lesson-actions">
                if done {
                    <p class="done">{ t(lang, Key::LessonDone) }</p>
                } else if can_continue {
                    <button id="lesson-continue" class="primary" onclick={props.on_action.reform(|_| Action::Play)}>{ t(lang, Key::Continue) }</button>
                } else {
                    <button class="primary" disabled=true>{ t(lang, Key::Continue) }</button>
                }
            </div>
        </section>
    }
}
