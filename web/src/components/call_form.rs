//! Forms for the socket calls, beside the console: pick a host, a call and its arguments,
//! and the form writes the console line (shown as it is built, so the syntax is learnt
//! by watching) and runs it as if typed.

use crate::i18n::{ui, Lang, Ui};
use crate::state::Action;
use sockscope_core::teach::command::quote;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The calls the form offers, in the order a connection uses them.
pub const CALLS: &[&str] = &[
    "socket", "bind", "listen", "accept", "connect", "send", "recv", "close", "shutdown", "sendto",
    "recvfrom",
];

/// What the learner filled in; each call reads the fields it takes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fields {
    pub host: String,
    pub call: String,
    /// The variable a call's result is kept in (socket, accept).
    pub name: String,
    pub proto: String,
    pub sock: String,
    pub addr: String,
    pub data: String,
    pub how: String,
}

/// Which fields a call takes, besides the host: (name, proto, sock, addr, data, how).
fn takes(call: &str) -> [bool; 6] {
    match call {
        "socket" => [true, true, false, false, false, false],
        "accept" => [true, false, true, false, false, false],
        "bind" | "connect" => [false, false, true, true, false, false],
        "send" => [false, false, true, false, true, false],
        "sendto" => [false, false, true, true, true, false],
        "shutdown" => [false, false, true, false, false, true],
        _ => [false, false, true, false, false, false],
    }
}

/// The console line the fields spell, exactly as one would type it.
pub fn line(f: &Fields) -> String {
    let data = || quote(f.data.as_bytes());
    let body = match f.call.as_str() {
        "socket" => format!("{} = socket({})", f.name, f.proto),
        "accept" => format!("{} = accept({})", f.name, f.sock),
        "bind" | "connect" => format!("{}({}, {})", f.call, f.sock, f.addr),
        "send" => format!("send({}, {})", f.sock, data()),
        "sendto" => format!("sendto({}, {}, {})", f.sock, data(), f.addr),
        "shutdown" => format!("shutdown({}, {})", f.sock, f.how),
        call => format!("{call}({})", f.sock),
    };
    match f.host.is_empty() {
        true => body,
        false => format!("{}: {body}", f.host),
    }
}

#[derive(Properties, PartialEq)]
pub struct CallFormProps {
    pub lang: Lang,
    /// The hosts' names and addresses, in the world's order.
    pub hosts: Vec<(String, String)>,
    /// The console's socket variables, as (host, name).
    pub vars: Vec<(String, String)>,
    pub on_action: Callback<Action>,
}

fn initial(hosts: &[(String, String)]) -> Fields {
    Fields {
        host: hosts.first().map(|h| h.0.clone()).unwrap_or_default(),
        call: "socket".into(),
        name: "s".into(),
        proto: "tcp".into(),
        sock: "s".into(),
        addr: hosts
            .first()
            .map(|h| format!("{}:80", h.1))
            .unwrap_or_default(),
        data: "hello".into(),
        how: "write".into(),
    }
}

/// A labelled text field that updates one of the fields.
fn text_field(
    label: &str,
    id: &'static str,
    value: &str,
    list: Option<&'static str>,
    set: Callback<String>,
) -> Html {
    let oninput = set.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    html! {
        <label>{ label }
            <input {id} class="mono" value={value.to_string()} {oninput} list={list}
                autocomplete="off" spellcheck="false" />
        </label>
    }
}

/// A labelled select over `options`.
fn select_field(
    label: &str,
    id: &'static str,
    value: &str,
    options: &[String],
    set: Callback<String>,
) -> Html {
    let onchange = set.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <label>{ label }
            <select {id} {onchange}>
                { for options.iter().map(|o| html! {
                    <option value={o.clone()} selected={o == value}>{ o }</option>
                }) }
            </select>
        </label>
    }
}

#[component]
pub fn CallForm(props: &CallFormProps) -> Html {
    let lang = props.lang;
    let fields = use_state(|| initial(&props.hosts));
    let f = (*fields).clone();
    let set = |apply: fn(&mut Fields, String)| {
        let fields = fields.clone();
        Callback::from(move |v: String| {
            let mut next = (*fields).clone();
            apply(&mut next, v);
            fields.set(next);
        })
    };
    let text = line(&f);
    let submit = {
        let (on_action, text) = (props.on_action.clone(), text.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_action.emit(Action::RunCommand(text.clone()));
        })
    };
    let hosts: Vec<String> = props.hosts.iter().map(|h| h.0.clone()).collect();
    let calls: Vec<String> = CALLS.iter().map(|c| c.to_string()).collect();
    let [name, proto, sock, addr, data, how] = takes(&f.call);
    let vars = props.vars.iter().filter(|(h, _)| *h == f.host);
    html! {
        <form class="panel call-form" id="call-form" onsubmit={submit} aria-label={ui(lang, Ui::Calls)}>
            <div class="call-fields">
                { select_field(ui(lang, Ui::Host), "call-host", &f.host, &hosts, set(|f, v| f.host = v)) }
                { select_field(ui(lang, Ui::Call), "call-name", &f.call, &calls, set(|f, v| f.call = v)) }
                if name { { text_field(ui(lang, Ui::Name), "call-var", &f.name, None, set(|f, v| f.name = v)) } }
                if proto { { select_field(ui(lang, Ui::Protocol), "call-proto", &f.proto, &["tcp".into(), "udp".into()], set(|f, v| f.proto = v)) } }
                if sock { { text_field(ui(lang, Ui::Socket), "call-sock", &f.sock, Some("call-vars"), set(|f, v| f.sock = v)) } }
                if addr { { text_field(ui(lang, Ui::Address), "call-addr", &f.addr, None, set(|f, v| f.addr = v)) } }
                if data { { text_field(ui(lang, Ui::Data), "call-data", &f.data, None, set(|f, v| f.data = v)) } }
                if how { { select_field(ui(lang, Ui::How), "call-how", &f.how, &["read".into(), "write".into(), "both".into()], set(|f, v| f.how = v)) } }
            </div>
            <datalist id="call-vars">{ for vars.map(|(_, v)| html! { <option value={v.clone()} /> }) }</datalist>
            <div class="call-line">
                <code id="call-line">{ &text }</code>
                <button type="submit" id="call-run">{ ui(lang, Ui::WriteRun) }</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(call: &str) -> Fields {
        Fields {
            call: call.into(),
            ..initial(&[("A".into(), "10.0.0.1".into())])
        }
    }

    #[test]
    fn each_call_spells_a_line_the_console_parses() {
        for call in CALLS {
            let text = line(&fields(call));
            let parsed: Result<sockscope_core::teach::command::Command, _> = text.parse();
            assert!(parsed.is_ok(), "{text}: {parsed:?}");
            assert!(text.starts_with("A: "), "{text}");
        }
    }

    #[test]
    fn lines_read_as_typed() {
        assert_eq!(line(&fields("socket")), "A: s = socket(tcp)");
        assert_eq!(line(&fields("connect")), "A: connect(s, 10.0.0.1:80)");
        let mut f = fields("sendto");
        f.data = "say \"hi\"".into();
        assert_eq!(line(&f), r#"A: sendto(s, "say \"hi\"", 10.0.0.1:80)"#);
    }
}
