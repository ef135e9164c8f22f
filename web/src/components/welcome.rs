//! The first screen's invitation: a line of sample actions that fill the empty console
//! with the calls of a handshake or a datagram (and play them), or open a lesson.

use crate::i18n::{ui, Lang, Ui};
use crate::state::Action;
use sockscope_core::teach::scenario::Scenario;
use yew::prelude::*;

/// The lesson the "start lesson" sample opens.
pub const FIRST_LESSON: &str = "e-handshake";

/// The console lines of a TCP handshake between the first two hosts: the server
/// listens, the client connects.
pub fn tcp_lines(server: (&str, &str), client: &str) -> Vec<String> {
    let (a, addr) = server;
    vec![
        format!("{a}: s = socket(tcp)"),
        format!("{a}: bind(s, {addr}:80)"),
        format!("{a}: listen(s)"),
        format!("{client}: c = socket(tcp)"),
        format!("{client}: connect(c, {addr}:80)"),
    ]
}

/// The console lines of one UDP datagram from the second host to the first.
pub fn udp_lines(server: (&str, &str), client: &str) -> Vec<String> {
    let (a, addr) = server;
    vec![
        format!("{a}: u = socket(udp)"),
        format!("{a}: bind(u, {addr}:53)"),
        format!("{client}: v = socket(udp)"),
        format!("{client}: sendto(v, \"hello\", {addr}:53)"),
    ]
}

#[derive(Properties, PartialEq)]
pub struct WelcomeProps {
    pub lang: Lang,
    /// The hosts' names and addresses; the samples use the first two.
    pub hosts: Vec<(String, String)>,
    pub on_action: Callback<Action>,
}

#[component]
pub fn Welcome(props: &WelcomeProps) -> Html {
    let lang = props.lang;
    let pair = match props.hosts.as_slice() {
        [a, b, ..] => Some((a.clone(), b.clone())),
        _ => None,
    };
    let sample = |lines: fn((&str, &str), &str) -> Vec<String>| {
        let (on_action, pair) = (props.on_action.clone(), pair.clone());
        Callback::from(move |_: MouseEvent| {
            let Some((a, b)) = &pair else { return };
            for l in lines((&a.0, &a.1), &b.0) {
                on_action.emit(Action::RunCommand(l));
            }
            on_action.emit(Action::Play);
        })
    };
    let lesson = props.on_action.reform(|_: MouseEvent| {
        let json = sockscope_core::teach::catalog::lesson(FIRST_LESSON).unwrap_or_default();
        match Scenario::from_json(json) {
            Ok(s) => Action::LoadScenario(Box::new(s)),
            Err(e) => Action::Notice(e.to_string()),
        }
    });
    let none = pair.is_none();
    html! {
        <div class="welcome" id="welcome" role="group" aria-label={ui(lang, Ui::TryThis)}>
            <span class="try">{ ui(lang, Ui::TryThis) }</span>
            <button id="sample-tcp" disabled={none} onclick={sample(tcp_lines)}>{ ui(lang, Ui::SampleTcp) }</button>
            <button id="sample-udp" disabled={none} onclick={sample(udp_lines)}>{ ui(lang, Ui::SampleUdp) }</button>
            <button id="sample-lesson" class="primary" onclick={lesson}>{ ui(lang, Ui::SampleLesson) }</button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sockscope_core::teach::command::Command;

    #[test]
    fn the_samples_are_console_lines_and_the_lesson_exists() {
        let lines = [
            tcp_lines(("A", "10.0.0.1"), "B"),
            udp_lines(("A", "10.0.0.1"), "B"),
        ];
        for l in lines.iter().flatten() {
            assert!(l.parse::<Command>().is_ok(), "{l}");
        }
        assert_eq!(lines[0][4], "B: connect(c, 10.0.0.1:80)");
        assert!(sockscope_core::teach::catalog::lesson(FIRST_LESSON).is_some());
    }
}
