//! The console: socket calls typed as text, each answered with its result or the errno
//! and its explanation. Up and down arrows walk the command history.

use crate::components::view::At;
use crate::i18n::{t, Key, Lang};
use crate::stagger::Group;
use crate::state::{Action, ConsoleLine};
use std::collections::VecDeque;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConsoleProps {
    pub lang: Lang,
    /// The exchanges so far, as of the version the panel follows.
    pub lines: At<VecDeque<ConsoleLine>>,
    pub on_action: Callback<Action>,
}

/// Keeps the list scrolled to its newest line as lines come, unless the user scrolled up
/// to read an older one (then it stays put until they scroll back to the bottom).
#[hook]
fn use_follow_newest(len: usize, last: Option<bool>) -> (NodeRef, Callback<Event>) {
    let list = use_node_ref();
    let follow = use_mut_ref(|| true);
    {
        let (list, follow) = (list.clone(), follow.clone());
        use_effect_with((len, last), move |_| {
            if let Some(el) = list.cast::<web_sys::Element>() {
                if *follow.borrow() {
                    el.set_scroll_top(el.scroll_height());
                }
            }
        });
    }
    let on_scroll = {
        let (list, follow) = (list.clone(), follow.clone());
        Callback::from(move |_: Event| {
            if let Some(el) = list.cast::<web_sys::Element>() {
                let gap = el.scroll_height() - el.scroll_top() - el.client_height();
                *follow.borrow_mut() = gap <= 8;
            }
        })
    };
    (list, on_scroll)
}

#[component]
pub fn ConsoleView(props: &ConsoleProps) -> Html {
    let lang = props.lang;
    let text = use_state(String::new);
    // Position in the history while browsing with the arrows; None = editing a new line.
    let browse = use_state(|| None::<usize>);
    let lines = props.lines.get();
    let (list, on_scroll) = use_follow_newest(lines.len(), lines.back().map(|l| l.future));
    let inputs: Vec<String> = lines.iter().map(|l| l.input.clone()).collect();
    let on_input = {
        let (text, browse) = (text.clone(), browse.clone());
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlInputElement>().value());
            browse.set(None);
        })
    };
    let on_key = {
        let (text, browse) = (text.clone(), browse.clone());
        Callback::from(move |e: KeyboardEvent| {
            let n = inputs.len();
            let pick = match (e.key().as_str(), *browse) {
                ("ArrowUp", None) if n > 0 => Some(n - 1),
                ("ArrowUp", Some(i)) => Some(i.saturating_sub(1)),
                ("ArrowDown", Some(i)) if i + 1 < n => Some(i + 1),
                ("ArrowDown", Some(_)) => {
                    browse.set(None);
                    text.set(String::new());
                    e.prevent_default();
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            if let Some(i) = pick {
                browse.set(Some(i));
                text.set(inputs[i].clone());
            }
        })
    };
    let submit = {
        let (text, browse) = (text.clone(), browse.clone());
        let on_action = props.on_action.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !text.trim().is_empty() {
                on_action.emit(Action::RunCommand((*text).clone()));
            }
            text.set(String::new());
            browse.set(None);
        })
    };
    html! {
        <section class="panel console" data-group={Group::Side.attr()} aria-label={t(lang, Key::Console)}>
            <h2>{ t(lang, Key::Console) }</h2>
            <ol class="console-lines" id="console-lines" aria-live="polite" ref={list} onscroll={on_scroll}>
                { for lines.iter().rev().take(30).rev().map(|l| html! {
                    <li class={classes!(l.future.then_some("future"))} title={l.future.then(|| t(lang, Key::NotYet))}>
                        <div class="in"><span class="prompt">{ "›" }</span>{ &l.input }
                            if l.future { <span class="not-yet">{ t(lang, Key::NotYet) }</span> }</div>
                        { match &l.output {
                            Ok(v) => html! { <div class="out ok">{ v }</div> },
                            Err(e) => html! { <div class="out err">{ e }</div> },
                        } }
                    </li>
                }) }
            </ol>
            <form class="console-form" onsubmit={submit}>
                <input id="console-input" class="mono" value={(*text).clone()} oninput={on_input} onkeydown={on_key}
                    placeholder={t(lang, Key::ConsoleHint)} autocomplete="off" spellcheck="false" aria-label={t(lang, Key::Console)} />
                <button type="submit">{ t(lang, Key::Run) }</button>
            </form>
        </section>
    }
}
