//! Each host's socket table, as `netstat` would print it: protocol, local and remote
//! address, state, queues. Connections a listener accepted sit right under it and share
//! its local address: the 4-tuple lesson at a glance.

use crate::components::view::WorldAt;
use crate::i18n::{t, Key, Lang};
use crate::stagger::{Group, Refresh, Stagger};
use crate::state::Action;
use sockscope_core::socket::SocketRow;
use sockscope_core::teach::command::Console;
use sockscope_core::EventKind;
use sockscope_core::{HostId, SocketId};
use std::collections::{BTreeMap, BTreeSet};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SocketsProps {
    pub lang: Lang,
    /// The present: each host's table catches up with it in turn while playing.
    pub world: WorldAt,
    /// The console, for the names its variables give sockets.
    pub console: Console,
    pub selected: Option<SocketId>,
    pub playing: bool,
    /// Off screen: the tables need not follow while playing.
    #[prop_or_default]
    pub hidden: bool,
    /// The host clicked in the network picture: only its table is shown.
    #[prop_or_default]
    pub only: Option<HostId>,
    pub on_action: Callback<Action>,
}

/// The data waiting to be read on a socket, as a short quoted preview: what `recv` would
/// return next (for UDP, the first datagram and how many wait behind it).
pub fn unread_preview(
    world: &sockscope_core::World,
    id: sockscope_core::SocketId,
) -> Option<String> {
    const SHOW: usize = 24;
    let sock = world.get_socket(id)?;
    let (bytes, more): (Vec<u8>, usize) = if let Some(t) = world.tcb(id) {
        (t.recv_buf.ready.copy_out(0, SHOW + 1), 0)
    } else {
        let u = sock.udp()?;
        let first = u.rx.front()?;
        (
            first.data.iter().take(SHOW + 1).copied().collect(),
            u.rx.len() - 1,
        )
    };
    if bytes.is_empty() {
        return None;
    }
    let cut = bytes.len() > SHOW;
    let mut text = sockscope_core::teach::command::quote(&bytes[..bytes.len().min(SHOW)]);
    if cut {
        text.push('…');
    }
    if more > 0 {
        text.push_str(&format!(" +{more}"));
    }
    Some(text)
}

/// Rows in table order, each accepted connection moved under its listener.
fn grouped(rows: Vec<SocketRow>) -> Vec<(SocketRow, bool)> {
    let (children, top): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.listener.is_some());
    let mut out = Vec::new();
    for r in top {
        let id = r.socket;
        out.push((r, false));
        out.extend(
            children
                .iter()
                .filter(|c| c.listener == Some(id))
                .cloned()
                .map(|c| (c, true)),
        );
    }
    let orphans: Vec<SocketRow> = children
        .iter()
        .filter(|c| !out.iter().any(|(r, _)| r.socket == c.socket))
        .cloned()
        .collect();
    out.extend(orphans.into_iter().map(|c| (c, true)));
    out
}

/// While playing, how often each host's table follows the world, and how many tables
/// may catch up in one frame: hundreds of rows never re-render in the same frame.
const TABLE_EVERY_MS: f64 = 500.0;
const TABLES_PER_FRAME: usize = 2;

#[component]
pub fn Sockets(props: &SocketsProps) -> Html {
    let lang = props.lang;
    let stagger = use_mut_ref(Stagger::<HostId, WorldAt>::default);
    // Hosts where a TCP state changed (or a listener forked a connection) since their
    // table last caught up: such a change (a TIME-WAIT that lasts a moment) shows at once,
    // not in turn. Queue numbers, which change all the time, wait their turn.
    let urgent = use_mut_ref(|| (0u64, BTreeSet::<HostId>::new()));
    {
        let world = props.world.get();
        let mut urgent = urgent.borrow_mut();
        let since = urgent.0.min(world.log().len());
        for e in world.log().since(since) {
            if let (Some(h), EventKind::StateChanged { .. } | EventKind::ConnectionForked { .. }) =
                (e.host, &e.kind)
            {
                urgent.1.insert(h);
            }
        }
        urgent.0 = world.log().len();
    }
    let hosts: Vec<HostId> = props
        .world
        .get()
        .hosts()
        .map(|h| h.id)
        .filter(|h| props.only.is_none_or(|only| only == *h))
        .collect();
    let states = stagger.borrow_mut().take(
        hosts.iter().copied(),
        &props.world,
        props.playing,
        js_sys::Date::now(),
        TABLE_EVERY_MS,
        TABLES_PER_FRAME,
        |h| match (props.hidden, urgent.borrow().1.contains(h)) {
            (true, _) => Refresh::Hidden,
            (false, true) => Refresh::Urgent,
            (false, false) => Refresh::Normal,
        },
    );
    // Those now showing the present are no longer behind.
    urgent.borrow_mut().1.retain(|h| {
        hosts
            .iter()
            .zip(&states)
            .any(|(k, st)| k == h && *st != props.world)
    });
    // Console names by socket, host by host, built once rather than searched per row.
    let mut names: BTreeMap<HostId, BTreeMap<SocketId, String>> = BTreeMap::new();
    for ((host, name), id) in &props.console.vars {
        let line = names.entry(*host).or_default().entry(*id).or_default();
        if !line.is_empty() {
            line.push_str(", ");
        }
        line.push_str(name);
    }
    html! {
        <section class="panel sockets" data-group={Group::Sockets.attr()} aria-label={t(lang, Key::SocketTable)}>
            <h2>{ t(lang, Key::SocketTable) }</h2>
            { only_host_bar(&props.world, lang, props.only, &props.on_action) }
            { for hosts.into_iter().zip(states).map(|(host, world)| html! {
                <HostSockets key={host.0} {host} {lang} {world} selected={props.selected}
                    names={names.remove(&host).unwrap_or_default()} on_action={props.on_action.clone()} />
            }) }
        </section>
    }
}

/// While one host is selected in the picture: says so, with a way back to every host.
fn only_host_bar(
    world: &WorldAt,
    lang: Lang,
    only: Option<HostId>,
    on_action: &Callback<Action>,
) -> Html {
    let Some(name) = only.and_then(|h| world.get().host(h).map(|h| h.name.clone())) else {
        return html! {};
    };
    html! {
        <p class="only-host" id="only-host">
            <span>{ crate::i18n::only_host(lang, &name) }</span>
            <button id="show-all-hosts" onclick={on_action.reform(|_| Action::SelectHost(None))}>{ t(lang, Key::ShowAllHosts) }</button>
        </p>
    }
}

#[derive(Properties, PartialEq)]
pub struct HostSocketsProps {
    pub host: HostId,
    pub lang: Lang,
    /// The world as of this table's last catch-up.
    pub world: WorldAt,
    /// The console variables naming each of the host's sockets, joined.
    pub names: BTreeMap<SocketId, String>,
    pub selected: Option<SocketId>,
    pub on_action: Callback<Action>,
}

/// One host's table.
#[component]
fn HostSockets(props: &HostSocketsProps) -> Html {
    let world = props.world.get();
    let lang = props.lang;
    let Some(h) = world.host(props.host) else {
        return html! {};
    };
    let names = &props.names;
    let rows = grouped(world.socket_table(h.id));
    html! {
        <div class="socket-host" data-host={h.name.clone()}>
            <h3>{ format!("{} ({})", h.name, h.addr) }</h3>
            if rows.is_empty() {
                <p class="empty">{ t(lang, Key::NoSockets) }</p>
            } else {
                <table class="socket-table">
                    <thead><tr>
                        <th>{ "fd" }</th><th>{ t(lang, Key::Protocol) }</th><th>{ t(lang, Key::Local) }</th>
                        <th>{ t(lang, Key::Remote) }</th><th>{ t(lang, Key::State) }</th>
                        <th>{ t(lang, Key::RecvQ) }</th><th>{ t(lang, Key::SendQ) }</th><th>{ t(lang, Key::Unread) }</th>
                    </tr></thead>
                    <tbody>
                    { for rows.into_iter().map(|(row, child)| {
                        let id = row.socket;
                        html! {
                            <SocketRowView key={id.0}
                                names={names.get(&id).cloned().unwrap_or_default()}
                                selected={props.selected == Some(id)}
                                unread={unread_preview(&world, id)}
                                {row} {child} on_action={props.on_action.clone()} />
                        }
                    }) }
                    </tbody>
                </table>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct SocketRowProps {
    pub row: SocketRow,
    /// An accepted connection, drawn under its listener.
    pub child: bool,
    /// The console variables naming the socket.
    pub names: String,
    pub selected: bool,
    pub unread: Option<String>,
    pub on_action: Callback<Action>,
}

/// One row, its own component so that a table of hundreds of sockets re-renders only
/// the rows whose numbers changed.
#[component]
fn SocketRowView(props: &SocketRowProps) -> Html {
    let r = &props.row;
    let id = r.socket;
    let ep = |e: Option<sockscope_core::Endpoint>| {
        e.map(|e| e.to_string()).unwrap_or_else(|| "*".into())
    };
    let names = &props.names;
    let state_class = format!("state-{}", r.state.to_lowercase());
    html! {
        <tr class={classes!(props.child.then_some("child"), props.selected.then_some("selected"))}
            onclick={props.on_action.reform(move |_| Action::SelectSocket(Some(id)))}
            data-socket={id.0.to_string()}>
            <td>{ if props.child { format!("└ {}", id) } else { id.to_string() } }{ if names.is_empty() { String::new() } else { format!(" {names}") } }</td>
            <td>{ r.protocol.to_string() }</td>
            <td class="mono">{ ep(r.local) }</td>
            <td class="mono">{ ep(r.remote) }</td>
            <td class={classes!("state", state_class)}>{ &r.state }</td>
            <td class="num">{ r.recv_queue }</td>
            <td class="num">{ r.send_queue }</td>
            <td class="mono unread">{ props.unread.clone().unwrap_or_default() }</td>
        </tr>
    }
}
