//! The followed socket's state in one line, always on screen: who it is, and the states it
//! went through with the present one lit (the full RFC 9293 figure is a tab of the dock).

use crate::components::view::At;
use crate::i18n::{t, ui, Key, Lang, Ui};
use crate::stagger::Group;
use sockscope_core::teach::session::Session;
use sockscope_core::SocketId;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StateStripProps {
    pub lang: Lang,
    /// The run as of the diagrams' version (the strip follows with them).
    pub session: At<Session>,
    /// The socket the user picked, if any: the core says which one the panels follow.
    pub selected: Option<SocketId>,
}

fn class(s: sockscope_core::tcp::State) -> String {
    format!("strip-state state-{}", s.rfc_name().to_lowercase())
}

#[component]
pub fn StateStrip(props: &StateStripProps) -> Html {
    let lang = props.lang;
    let session = props.session.get();
    let followed = session.followed(props.selected);
    let body = match followed.socket {
        Some(s) if !followed.udp => {
            let who = session.identity(s).line();
            let history = session.transitions(s);
            let now = session.tcp_state(s);
            let mut states: Vec<_> = history.first().map(|t| t.from).into_iter().collect();
            states.extend(history.iter().map(|t| t.to));
            if states.is_empty() {
                states.push(now);
            }
            // The last few only: a long life would not fit one line.
            let skip = states.len().saturating_sub(4);
            let last = states.len() - 1;
            html! { <>
                <span class="mono who">{ who }</span>
                <span class="trail">
                    if skip > 0 { <span class="muted">{ "… → " }</span> }
                    { for states.iter().enumerate().skip(skip).map(|(i, st)| html! { <>
                        <span class={classes!(class(*st), (i == last).then_some("now"))}>{ st.rfc_name() }</span>
                        if i < last { <span class="arrow">{ "→" }</span> }
                    </> }) }
                </span>
            </> }
        }
        Some(_) => html! { <span class="muted">{ t(lang, Key::UdpNoStates) }</span> },
        None => html! { <span class="muted">{ ui(lang, Ui::NoTcpYet) }</span> },
    };
    html! {
        <section class="panel state-strip" id="state-strip" data-group={Group::Diagrams.attr()} aria-label={ui(lang, Ui::Following)}>
            <span class="label">{ ui(lang, Ui::Following) }</span>
            { body }
        </section>
    }
}
