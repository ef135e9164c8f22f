//! The hosts on the segment, as core reports them.

use sockscope_core::World;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct HostListProps {
    pub world: World,
}

#[component]
pub fn HostList(props: &HostListProps) -> Html {
    let in_flight = props.world.network().in_flight().count();
    html! {
        <section class="panel hosts" aria-label="hosts">
            <h2>{ "Hosts · 호스트" }</h2>
            <ul class="host-list">
                { for props.world.hosts().map(|h| html! {
                    <li class="host" data-host={h.name.clone()}>
                        <span class="host-name">{ &h.name }</span>
                        <span class="host-addr">{ h.addr.to_string() }</span>
                        <span class="host-sockets">{ format!("{} sockets", h.sockets.len()) }</span>
                    </li>
                }) }
            </ul>
            <p class="in-flight" id="in-flight">{ format!("packets in flight: {in_flight}") }</p>
        </section>
    }
}
