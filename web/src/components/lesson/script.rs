//! The script editor: the loaded scenario's lines with their times, editable (change,
//! insert, delete), and "Run from the start", which runs a new scenario built from them.
//! A lesson that says "add this line before the first bind" can be followed in the page.
//!
//! The draft lives here until it runs; each line's problem shows next to it, in the
//! user's language, and Run waits until there are none.

use crate::components::view::ByPtr;
use crate::i18n::{t, Key, Lang};
use crate::state::{Action, LessonAction, ScriptLine};
use sockscope_core::teach::scenario::Scenario;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ScriptEditorProps {
    pub lang: Lang,
    pub scenario: ByPtr<Scenario>,
    pub on_action: Callback<Action>,
}

/// A change to the draft.
enum Edit {
    Time(usize, String),
    Run(usize, String),
    /// A new empty line before `i`, at the same time (so it runs just before it).
    InsertBefore(usize),
    Delete(usize),
    Append,
}

fn apply(lines: &mut Vec<ScriptLine>, edit: Edit) {
    match edit {
        Edit::Time(i, v) => {
            if let Some(l) = lines.get_mut(i) {
                l.at_ms = v;
            }
        }
        Edit::Run(i, v) => {
            if let Some(l) = lines.get_mut(i) {
                l.run = v;
            }
        }
        Edit::InsertBefore(i) => {
            let at_ms = lines.get(i).map(|l| l.at_ms.clone()).unwrap_or_default();
            lines.insert(
                i.min(lines.len()),
                ScriptLine {
                    at_ms,
                    ..ScriptLine::default()
                },
            );
        }
        Edit::Delete(i) => {
            if i < lines.len() {
                lines.remove(i);
            }
        }
        Edit::Append => {
            let at_ms = lines
                .last()
                .map_or_else(|| "0".to_string(), |l| l.at_ms.clone());
            lines.push(ScriptLine {
                at_ms,
                ..ScriptLine::default()
            });
        }
    }
}

fn input_value(e: InputEvent) -> String {
    e.target_unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}

fn row(props: &ScriptEditorProps, i: usize, l: &ScriptLine, edit: &Callback<Edit>) -> Html {
    let lang = props.lang;
    let problem = l.problem_text(&props.scenario.0, lang);
    let err_id = format!("script-problem-{i}");
    html! {
        <li class={classes!("script-line", problem.is_some().then_some("bad"))} data-index={i.to_string()}>
            <input class="at mono" type="text" inputmode="decimal" value={l.at_ms.clone()}
                aria-label={format!("{} {}: {}", t(lang, Key::ScriptLine), i + 1, t(lang, Key::ScriptTime))}
                oninput={edit.reform(move |e| Edit::Time(i, input_value(e)))} />
            <input class="run mono" type="text" value={l.run.clone()} spellcheck="false"
                aria-label={format!("{} {}", t(lang, Key::ScriptLine), i + 1)}
                aria-invalid={problem.is_some().to_string()}
                aria-describedby={problem.is_some().then(|| err_id.clone())}
                oninput={edit.reform(move |e| Edit::Run(i, input_value(e)))} />
            <button class="insert" title={t(lang, Key::InsertLine)} aria-label={t(lang, Key::InsertLine)}
                onclick={edit.reform(move |_| Edit::InsertBefore(i))}>{ "+" }</button>
            <button class="delete" title={t(lang, Key::DeleteLine)} aria-label={t(lang, Key::DeleteLine)}
                onclick={edit.reform(move |_| Edit::Delete(i))}>{ "✕" }</button>
            if let Some(p) = problem {
                <p class="problem" id={err_id} role="alert">{ p }</p>
            }
        </li>
    }
}

#[component]
pub fn ScriptEditor(props: &ScriptEditorProps) -> Html {
    let lang = props.lang;
    let draft = use_state(|| ScriptLine::of(&props.scenario.0));
    {
        // A newly loaded scenario (another lesson, or the edited script now running)
        // starts a fresh draft of its own lines.
        let draft = draft.clone();
        use_effect_with(props.scenario.clone(), move |s| {
            draft.set(ScriptLine::of(&s.0));
        });
    }
    let edit = {
        let draft = draft.clone();
        Callback::from(move |e: Edit| {
            let mut lines = (*draft).clone();
            apply(&mut lines, e);
            draft.set(lines);
        })
    };
    let scenario = &props.scenario.0;
    let runnable = draft.iter().all(|l| l.problem(scenario).is_none());
    let run = {
        let lines = (*draft).clone();
        props
            .on_action
            .reform(move |_| Action::Lesson(LessonAction::RunScript(lines.clone())))
    };
    html! {
        <details class="script-editor" id="script-editor">
            <summary>{ t(lang, Key::ScriptEditor) }{ format!(" ({})", draft.len()) }</summary>
            <p class="hint">{ t(lang, Key::ScriptHint) }</p>
            <ol class="script-lines">
                { for draft.iter().enumerate().map(|(i, l)| row(props, i, l, &edit)) }
            </ol>
            <div class="script-actions">
                <button id="script-add" onclick={edit.reform(|_| Edit::Append)}>{ t(lang, Key::AddLine) }</button>
                <button id="script-run" class="primary" disabled={!runnable} onclick={run}>{ t(lang, Key::RunFromStart) }</button>
            </div>
        </details>
    }
}
