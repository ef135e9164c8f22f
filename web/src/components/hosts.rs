//! The hosts: a list with remove buttons, and a form to add one, validated as you type.

use crate::components::view::WorldAt;
use crate::i18n::{remove_host, t, Key, Lang};
use crate::stagger::Group;
use crate::state::Action;
use sockscope_core::endpoint::parse_ipv4;
use sockscope_core::host::{validate_host_addr, validate_name, HostError};
use sockscope_core::tcp::StackProfile;
use sockscope_core::{HostId, World};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HostsProps {
    pub lang: Lang,
    /// The hosts, and the names and addresses taken.
    pub world: WorldAt,
    pub on_action: Callback<Action>,
}

/// The same checks the world makes, run before dispatch so the error shows beside the
/// field that caused it.
fn check(world: &World, name: &str, addr: &str) -> (Option<String>, Option<String>) {
    let name_err = validate_name(name.trim()).err().or_else(|| {
        world
            .host_by_name(name.trim())
            .map(|_| HostError::NameTaken {
                name: name.trim().to_string(),
            })
    });
    let addr_err = match parse_ipv4(addr) {
        Err(e) => Some(HostError::Address(e)),
        Ok(a) => validate_host_addr(a).err().or_else(|| {
            world.host_by_addr(a).map(|h| HostError::AddressTaken {
                addr: a,
                by: h.name.clone(),
            })
        }),
    };
    (
        name_err.map(|e| e.to_string()),
        addr_err.map(|e| e.to_string()),
    )
}

/// A suggestion for the next host: the next free letter and address.
fn suggestion(world: &World) -> (String, String) {
    let name = ('A'..='Z')
        .map(|c| c.to_string())
        .find(|n| world.host_by_name(n).is_none())
        .unwrap_or_else(|| "H1".into());
    let addr = (1..=254u8)
        .map(|i| std::net::Ipv4Addr::new(10, 0, 0, i))
        .find(|a| world.host_by_addr(*a).is_none())
        .map(|a| a.to_string())
        .unwrap_or_default();
    (name, addr)
}

/// The hosts, each with its remove button, which asks first: removing a host closes its
/// sockets, and a click too many should not cost a lesson's connections.
fn host_list(
    world: &World,
    lang: Lang,
    confirming: &UseStateHandle<Option<HostId>>,
    cancel_ref: &NodeRef,
    on_action: &Callback<Action>,
) -> Html {
    html! {
        <ul class="host-list">
            { for world.hosts().map(|h| {
                let id = h.id;
                let ask = {
                    let confirming = confirming.clone();
                    Callback::from(move |_: MouseEvent| confirming.set(Some(id)))
                };
                html! {
                    <li class="host" data-host={h.name.clone()}>
                        <span class="host-name" title={h.name.clone()}>{ &h.name }</span>
                        <span class="host-addr">{ h.addr.to_string() }</span>
                        { profile_select(&h.name, h.profile, lang, on_action) }
                        if **confirming == Some(id) {
                            { confirm_remove(&h.name, id, lang, confirming, cancel_ref, on_action) }
                        } else {
                            <button class="icon remove-host" title={t(lang, Key::Remove)} aria-label={remove_host(lang, &h.name)}
                                onclick={ask}>{ "✕" }</button>
                        }
                    </li>
                }
            }) }
        </ul>
    }
}

/// The stack a host imitates, changed in place: it writes `profile(A, linux)` to the
/// console, so the run stays a script; new connections follow it.
fn profile_select(
    name: &str,
    current: StackProfile,
    lang: Lang,
    on_action: &Callback<Action>,
) -> Html {
    let onchange = {
        let (name, on_action) = (name.to_string(), on_action.clone());
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            on_action.emit(Action::RunCommand(format!("profile({name}, {v})")));
        })
    };
    let label = format!("{} {name}", t(lang, Key::StackProfile));
    html! {
        <select class="host-profile" aria-label={label} title={t(lang, Key::HelpStackProfile)} {onchange}>
            { for StackProfile::ALL.iter().map(|p| html! {
                <option value={p.name()} selected={*p == current}>{ p.name() }</option>
            }) }
        </select>
    }
}

/// "Remove A and its sockets? Remove / Cancel", in place of the remove button.
fn confirm_remove(
    name: &str,
    id: HostId,
    lang: Lang,
    confirming: &UseStateHandle<Option<HostId>>,
    cancel_ref: &NodeRef,
    on_action: &Callback<Action>,
) -> Html {
    let remove = {
        let (confirming, on_action) = (confirming.clone(), on_action.clone());
        Callback::from(move |_: MouseEvent| {
            confirming.set(None);
            on_action.emit(Action::RemoveHost(id));
        })
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(None))
    };
    let onkeydown = {
        let confirming = confirming.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                confirming.set(None);
            }
        })
    };
    html! {
        <span class="confirm-remove" id="confirm-remove" role="alertdialog" aria-label={crate::i18n::confirm_remove(lang, name)} {onkeydown}>
            <span class="confirm-text">{ crate::i18n::confirm_remove(lang, name) }</span>
            <button class="danger" id="confirm-remove-yes" onclick={remove}>{ t(lang, Key::Remove) }</button>
            <button id="confirm-remove-no" ref={cancel_ref.clone()} onclick={cancel}>{ t(lang, Key::Cancel) }</button>
        </span>
    }
}

#[component]
pub fn Hosts(props: &HostsProps) -> Html {
    let world = props.world.get();
    let lang = props.lang;
    let name = use_state(String::new);
    let addr = use_state(String::new);
    let touched = use_state(|| false);
    let profile = use_state(StackProfile::default);
    let confirming = use_state(|| None::<HostId>);
    let cancel_ref = use_node_ref();
    {
        // The question takes the focus, on its safe answer, so a keyboard user hears it
        // and Enter does not remove by surprise.
        let cancel_ref = cancel_ref.clone();
        use_effect_with(*confirming, move |asking| {
            if asking.is_some() {
                if let Some(b) = cancel_ref.cast::<web_sys::HtmlElement>() {
                    let _ = b.focus();
                }
            }
        });
    }
    let (suggest_name, suggest_addr) = suggestion(&world);
    let eff_name = if name.is_empty() {
        suggest_name.clone()
    } else {
        (*name).clone()
    };
    let eff_addr = if addr.is_empty() {
        suggest_addr.clone()
    } else {
        (*addr).clone()
    };
    let (name_err, addr_err) = check(&world, &eff_name, &eff_addr);
    let show = *touched;
    let on_name = {
        let (name, touched) = (name.clone(), touched.clone());
        Callback::from(move |e: InputEvent| {
            name.set(e.target_unchecked_into::<HtmlInputElement>().value());
            touched.set(true);
        })
    };
    let on_addr = {
        let (addr, touched) = (addr.clone(), touched.clone());
        Callback::from(move |e: InputEvent| {
            addr.set(e.target_unchecked_into::<HtmlInputElement>().value());
            touched.set(true);
        })
    };
    let on_profile = {
        let profile = profile.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            profile.set(StackProfile::from_name(&v).unwrap_or_default());
        })
    };
    let submit = {
        let (name, addr, touched) = (name.clone(), addr.clone(), touched.clone());
        let on_action = props.on_action.clone();
        let ok = name_err.is_none() && addr_err.is_none();
        let (n, a, p) = (eff_name.clone(), eff_addr.clone(), *profile);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            touched.set(true);
            if ok {
                on_action.emit(Action::SpawnHost {
                    name: n.clone(),
                    addr: a.clone(),
                });
                if !p.is_rfc() {
                    on_action.emit(Action::RunCommand(format!("profile({n}, {p})")));
                }
                name.set(String::new());
                addr.set(String::new());
                touched.set(false);
            }
        })
    };
    html! {
        <section class="panel hosts" data-group={Group::Side.attr()} aria-label={t(lang, Key::Hosts)}>
            <h2>{ t(lang, Key::Hosts) }</h2>
            { host_list(&world, lang, &confirming, &cancel_ref, &props.on_action) }
            <form class="spawn" onsubmit={submit} novalidate=true>
                <label>{ t(lang, Key::HostName) }
                    // No maxlength: a longer name is refused with the reason, never cut short.
                    <input id="host-name" value={(*name).clone()} placeholder={suggest_name} oninput={on_name}
                        aria-invalid={(show && name_err.is_some()).to_string()} aria-describedby="host-name-limit" />
                </label>
                <label>{ t(lang, Key::HostAddress) }
                    <input id="host-addr" value={(*addr).clone()} placeholder={suggest_addr} oninput={on_addr}
                        aria-invalid={(show && addr_err.is_some()).to_string()} inputmode="decimal" maxlength="15" />
                </label>
                <label title={t(lang, Key::HelpStackProfile)}>{ t(lang, Key::StackProfile) }
                    <select id="host-profile" onchange={on_profile}>
                        { for StackProfile::ALL.iter().map(|p| html! {
                            <option value={p.name()} selected={*p == *profile}>{ p.name() }</option>
                        }) }
                    </select>
                </label>
                <button id="spawn" type="submit">{ "+ " }{ t(lang, Key::SpawnHost) }</button>
                <p class="field-hint" id="host-name-limit">{ t(lang, Key::HostNameLimit) }</p>
                if show {
                    if let Some(e) = name_err { <p class="field-error" id="host-name-error">{ e }</p> }
                    if let Some(e) = addr_err { <p class="field-error" id="host-addr-error">{ e }</p> }
                }
            </form>
        </section>
    }
}
