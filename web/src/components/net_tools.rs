//! Building the network from the page (issue 14): a form in the Network tab for the
//! internet layer's calls. As the socket calls' form does, it spells the console line as
//! it is filled in and runs it as if typed, so the run stays a script that replays and
//! shares, and the syntax is learnt by watching.

use crate::i18n::{net_panel_text, Lang, NetText};
use crate::state::Action;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The calls offered, in the order a network is built.
pub const TOOLS: &[&str] = &["router", "cable", "addr", "route", "nat"];

/// What the form holds; each call reads the fields it takes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NetFields {
    pub tool: String,
    /// The node acted on (or the new router's name).
    pub node: String,
    /// The second node of a cable.
    pub other: String,
    pub iface: String,
    /// `10.0.1.1/24` for addr, `10.0.2.0/24` (or `default`) for route.
    pub prefix: String,
    pub via: String,
    /// `rate=10Mbps, delay=5ms`: optional link settings for a cable.
    pub settings: String,
}

/// The console line the fields spell.
pub fn net_line(f: &NetFields) -> String {
    match f.tool.as_str() {
        "router" => format!("router({})", f.node),
        "cable" => {
            let extra = f.settings.trim();
            match extra.is_empty() {
                true => format!("cable({}, {})", f.node, f.other),
                false => format!("cable({}, {}, {extra})", f.node, f.other),
            }
        }
        "addr" => format!("addr({}, {}, {})", f.node, f.iface, f.prefix),
        "route" => format!("route({}, add {} via {})", f.node, f.prefix, f.via),
        _ => format!("nat({}, {})", f.node, f.iface),
    }
}

/// Which fields a call takes: (node as a select of existing nodes, other, iface, prefix,
/// via, settings). A new router's name is typed.
fn takes(tool: &str) -> [bool; 6] {
    match tool {
        "router" => [false, false, false, false, false, false],
        "cable" => [true, true, false, false, false, true],
        "addr" => [true, false, true, true, false, false],
        "route" => [true, false, false, true, true, false],
        _ => [true, false, true, false, false, false],
    }
}

#[derive(Properties, PartialEq)]
pub struct NetToolsProps {
    pub lang: Lang,
    /// Every node's name and its interfaces' names, in the world's order.
    pub nodes: Vec<(String, Vec<String>)>,
    /// A free router name (R1, R2, ...).
    pub next_router: String,
    pub on_action: Callback<Action>,
}

fn pick(
    label: &str,
    id: &'static str,
    value: &str,
    options: &[String],
    set: Callback<String>,
) -> Html {
    let onchange = set.reform(|e: Event| e.target_unchecked_into::<HtmlSelectElement>().value());
    html! {
        <label>{ label.to_string() }
            <select {id} {onchange}>
                { for options.iter().map(|o| html! { <option value={o.clone()} selected={o == value}>{ o }</option> }) }
            </select>
        </label>
    }
}

fn typed(label: &str, id: &'static str, value: &str, set: Callback<String>) -> Html {
    let oninput = set.reform(|e: InputEvent| e.target_unchecked_into::<HtmlInputElement>().value());
    html! {
        <label>{ label.to_string() }
            <input {id} class="mono" value={value.to_string()} {oninput} autocomplete="off" spellcheck="false" />
        </label>
    }
}

#[component]
pub fn NetTools(props: &NetToolsProps) -> Html {
    let lang = props.lang;
    let tx = |k| net_panel_text(lang, k);
    let fields = use_state(|| NetFields {
        tool: "router".into(),
        prefix: "10.0.1.1/24".into(),
        via: "10.0.1.254".into(),
        settings: "rate=10Mbps, delay=5ms".into(),
        ..NetFields::default()
    });
    let mut f = (*fields).clone();
    let names: Vec<String> = props.nodes.iter().map(|n| n.0.clone()).collect();
    // Empty choices fall back to what exists now: the first node, the next one, eth0.
    if f.tool == "router" {
        f.node = props.next_router.clone();
    } else if !names.contains(&f.node) {
        f.node = names.first().cloned().unwrap_or_default();
    }
    if !names.contains(&f.other) || f.other == f.node {
        f.other = names
            .iter()
            .find(|n| **n != f.node)
            .cloned()
            .unwrap_or_default();
    }
    let ifaces: Vec<String> = props
        .nodes
        .iter()
        .find(|n| n.0 == f.node)
        .map(|n| n.1.clone())
        .unwrap_or_default();
    if !ifaces.contains(&f.iface) {
        f.iface = ifaces.first().cloned().unwrap_or_else(|| "eth0".into());
    }
    let set = |apply: fn(&mut NetFields, String)| {
        let (fields, base) = (fields.clone(), f.clone());
        Callback::from(move |v: String| {
            let mut next = base.clone();
            apply(&mut next, v);
            fields.set(next);
        })
    };
    let text = net_line(&f);
    let submit = {
        let (on_action, text) = (props.on_action.clone(), text.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_action.emit(Action::RunCommand(text.clone()));
        })
    };
    let tools: Vec<String> = TOOLS.iter().map(|t| t.to_string()).collect();
    let [node, other, iface, prefix, via, settings] = takes(&f.tool);
    html! {
        <form class="net-tools call-form" id="net-tools" onsubmit={submit} aria-label={tx(NetText::Build)}>
            <h3>{ tx(NetText::Build) }</h3>
            <div class="call-fields">
                { pick(tx(NetText::Tool), "net-tool", &f.tool, &tools, set(|f, v| f.tool = v)) }
                if node { { pick(tx(NetText::Node), "net-node", &f.node, &names, set(|f, v| f.node = v)) } }
                if other { { pick(tx(NetText::Node), "net-other", &f.other, &names, set(|f, v| f.other = v)) } }
                if iface { { pick(tx(NetText::Iface), "net-iface", &f.iface, &ifaces, set(|f, v| f.iface = v)) } }
                if prefix { { typed(tx(NetText::Prefix), "net-prefix", &f.prefix, set(|f, v| f.prefix = v)) } }
                if via { { typed(tx(NetText::Via), "net-via", &f.via, set(|f, v| f.via = v)) } }
                if settings { { typed(tx(NetText::Settings), "net-settings", &f.settings, set(|f, v| f.settings = v)) } }
            </div>
            <div class="call-line">
                <code id="net-line">{ &text }</code>
                <button type="submit" id="net-run">{ tx(NetText::Run) }</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn each_tool_spells_a_line_the_console_parses() {
        for tool in TOOLS {
            let f = NetFields {
                tool: tool.to_string(),
                node: "R1".into(),
                other: "B".into(),
                iface: "eth1".into(),
                prefix: if *tool == "route" {
                    "10.0.2.0/24".into()
                } else {
                    "10.0.1.1/24".into()
                },
                via: "10.0.1.254".into(),
                settings: "rate=10Mbps, delay=5ms".into(),
            };
            let text = net_line(&f);
            let parsed: Result<sockscope_core::teach::command::Command, _> = text.parse();
            assert!(parsed.is_ok(), "{text}: {parsed:?}");
            assert_eq!(
                parsed.unwrap().to_string().split('(').next(),
                text.split('(').next()
            );
        }
        let cable = NetFields {
            tool: "cable".into(),
            node: "A".into(),
            other: "R1".into(),
            ..NetFields::default()
        };
        assert_eq!(
            net_line(&cable),
            "cable(A, R1)",
            "no settings, no trailing comma"
        );
    }
}
