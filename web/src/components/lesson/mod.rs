//! The guided lesson: a menu of lessons, a start screen (title, intro, Start), the words
//! of the step the run has reached, predictions ("what happens next?") with feedback from
//! the run itself, an end screen (score, Restart, Next lesson), and the script editor.

mod question;
mod script;

pub use question::{mark, Mark};
pub use script::ScriptEditor;

use crate::components::view::ByPtr;
use crate::i18n::{lesson_score, t, Key, Lang};
use crate::state::{Action, LessonAction, LessonState};
use question::question_view;
use sockscope_core::teach::catalog::LESSONS;
use sockscope_core::teach::lesson::{pick, Text};
use sockscope_core::teach::scenario::Scenario;
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
    /// Something of the run has happened (a lesson not started shows its start screen).
    pub started: bool,
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
    // A browser fires no change when the option already selected is picked again, so
    // re-picking the lesson would do nothing: while the list is open (pressed with the
    // pointer) nothing is selected, so any pick is a change and the current lesson
    // restarts; leaving the list without a pick puts the current one back.
    let onmousedown = Callback::from(|e: MouseEvent| {
        e.target_unchecked_into::<web_sys::HtmlSelectElement>()
            .set_selected_index(-1);
    });
    let onblur = {
        let current = current.clone();
        Callback::from(move |e: FocusEvent| {
            let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            if select.selected_index() < 0 {
                select.set_value(&current);
            }
        })
    };
    html! {
        <select id="lesson-menu" aria-label={t(props.lang, Key::Lessons)} {onchange} {onmousedown} {onblur}>
            <option value="" selected={current.is_empty()}>{ t(props.lang, Key::FreePlay) }</option>
            { for catalog().iter().map(|(id, sc)| {
                let title = sc.lesson.as_ref().and_then(|l| pick(&l.title, lang)).unwrap_or(id);
                html! { <option key={*id} value={*id} selected={current == *id}>{ title }</option> }
            }) }
        </select>
    }
}

/// The lesson's scrolling body: new words start at the top; a question and its feedback
/// are scrolled into view, but never past the top of the step's words, so both stay in
/// sight when they fit and the words' start does when they do not.
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
            let Some(el) = body.cast::<web_sys::HtmlElement>() else {
                return;
            };
            let child = |sel: &str| {
                el.query_selector(sel)
                    .ok()
                    .flatten()
                    .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
            };
            let top = match (q, child(".words"), child("#question")) {
                (Some(_), Some(words), Some(question)) => {
                    let view = el.client_height();
                    let bottom = question.offset_top() + question.offset_height();
                    // The verdict line ("Not quite. What happened: …") must show even when
                    // the words cannot stay: it is what the learner waited for.
                    let verdict = child("#feedback p")
                        .map_or(0, |p| p.offset_top() + p.offset_height() + 8 - view);
                    (bottom - view).clamp(0, words.offset_top().max(verdict).max(0))
                }
                _ => 0,
            };
            el.set_scroll_top(top);
        });
    }
    body
}

/// The end of a lesson: that it is over, and the score (right answers of the questions).
fn end_view(props: &LessonProps, asked: usize) -> Html {
    let lang = props.lang;
    let right = props.lesson.right.len();
    html! {
        <div class="lesson-end" id="lesson-end">
            <p class="done">{ t(lang, Key::LessonDone) }</p>
            if asked > 0 {
                <p class="score" id="lesson-score">{ lesson_score(lang, right, asked) }</p>
            }
        </div>
    }
}

/// The end's buttons: Restart, and the next lesson in the catalog's order.
fn end_buttons(props: &LessonProps, id: &str) -> Html {
    let lang = props.lang;
    let next = catalog()
        .iter()
        .skip_while(|(i, _)| *i != id)
        .nth(1)
        .map(|(_, s)| s.clone());
    let restart = props
        .on_action
        .reform(|_| Action::Lesson(LessonAction::Restart));
    html! { <>
        <button id="lesson-restart" onclick={restart}>{ t(lang, Key::LessonRestart) }</button>
        if let Some(next) = next {
            <button id="lesson-next" class="primary"
                onclick={props.on_action.reform(move |_| Action::LoadScenario(Box::new(next.clone())))}>
                { t(lang, Key::NextLesson) }
            </button>
        }
    </> }
}

/// The button under the words: Start on the start screen, else the one Continue (after a
/// question's feedback it closes the question and plays on).
fn action_button(props: &LessonProps, start: bool) -> Html {
    let lang = props.lang;
    let s = &props.lesson;
    let go = props
        .on_action
        .reform(|_| Action::Lesson(LessonAction::Continue));
    if start {
        return html! {
            <button id="lesson-start" class="primary" onclick={props.on_action.reform(|_| Action::Play)}>{ t(lang, Key::LessonStart) }</button>
        };
    }
    let judged = s.question.as_ref().is_some_and(|q| q.outcome.is_some());
    let can_continue = judged
        || (!props.playing
            && s.question
                .as_ref()
                .is_none_or(|q| q.choice.is_some() && q.outcome.is_none()));
    html! {
        <button id={can_continue.then_some("lesson-continue")} class="primary" disabled={!can_continue}
            onclick={go}>{ t(lang, Key::Continue) }</button>
    }
}

#[component]
pub fn LessonPanel(props: &LessonProps) -> Html {
    let s = &props.lesson;
    let scenario = &props.scenario;
    let lang = props.lang;
    let code = lang.code();
    let text = |t: &Text| pick(t, code).unwrap_or_default().to_string();
    let body = use_scrolled_body(s);
    let editor = html! {
        <ScriptEditor {lang} scenario={scenario.clone()} on_action={props.on_action.clone()} />
    };
    let Some(lesson) = scenario.lesson.as_ref() else {
        return html! {
            <section class="panel lesson" aria-label={t(lang, Key::Lesson)}>
                <h2>{ t(lang, Key::Lessons) }{ " " }{ menu(props) }</h2>
                { editor }
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
    // The start screen: nothing has run yet, so the intro is what there is to read.
    let start = !props.started && !props.playing;
    let words = match s.said {
        Some(i) if !start => text(&scenario.steps[i as usize].say),
        _ => text(&lesson.intro),
    };
    // The end: no steps left and nothing more the world will do (timers included).
    let done = props.started && props.finished && !props.playing && s.question.is_none();
    let question = s
        .question
        .as_ref()
        .filter(|_| !start)
        .zip(
            s.question
                .as_ref()
                .and_then(|q| lesson.predict.get(q.index as usize)),
        )
        .map(|(q, p)| {
            let on_answer = props.on_action.reform(Action::Answer);
            question_view(lang, q, p, &on_answer)
        });
    html! {
        <section class="panel lesson" aria-label={t(lang, Key::Lesson)}>
            <h2>{ t(lang, Key::Lesson) }{ " " }{ menu(props) }</h2>
            <h3 id="lesson-title">{ text(&lesson.title) }</h3>
            // A fixed frame: the words and questions scroll inside it, so the panels below
            // never jump as a step's text grows or shrinks.
            <div class={classes!("lesson-body", start.then_some("start"))} ref={body}>
                <p class="step-count">{ match at {
                    _ if start => t(lang, Key::LessonIntro).to_string(),
                    Some(n) => format!("{} {} / {}", t(lang, Key::StepOf), n + 1, said.len()),
                    None => String::new(),
                } }</p>
                <p class="words" id="lesson-words">{ words }</p>
                { for question }
                if done { { end_view(props, lesson.predict.len()) } }
            </div>
            <div class="lesson-actions">
                if done { { end_buttons(props, &lesson.id) } } else { { action_button(props, start) } }
            </div>
            { editor }
        </section>
    }
}
