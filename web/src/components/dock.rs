//! The dock: the panels that are not always on screen, one at a time, behind tabs. Every
//! pane stays mounted (a form half filled keeps its text); the hidden ones are not drawn,
//! and their panels wait to catch up until shown (see `visibility`).

use yew::prelude::*;

/// One tab: its id (`#tab-<id>`, `#pane-<id>`), its label and its panel.
pub struct Pane {
    pub id: &'static str,
    pub label: &'static str,
    pub body: Html,
}

/// The tab bar and the panes, `active` shown.
pub fn dock(label: &str, active: &str, panes: Vec<Pane>, pick: &Callback<&'static str>) -> Html {
    let tabs = panes.iter().map(|p| {
        let id = p.id;
        let selected = id == active;
        html! {
            <button role="tab" id={format!("tab-{id}")} class={classes!("tab", selected.then_some("active"))}
                aria-selected={selected.to_string()} aria-controls={format!("pane-{id}")}
                onclick={pick.reform(move |_| id)}>{ p.label }</button>
        }
    });
    html! {
        <div class="dock" id="dock">
            <div class="tabs" role="tablist" aria-label={label.to_string()}>{ for tabs }</div>
            { for panes.into_iter().map(|p| html! {
                <div class="pane" role="tabpanel" id={format!("pane-{}", p.id)} key={p.id}
                    aria-labelledby={format!("tab-{}", p.id)} hidden={p.id != active}>{ p.body }</div>
            }) }
        </div>
    }
}
