//! Placeholder, being written.

use crate::state::{Action, Shared};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct LadderProps {
    pub state: Shared,
    pub on_action: Callback<Action>,
}

#[component]
pub fn Ladder(props: &LadderProps) -> Html {
    let _ = (&props.state, &props.on_action);
    html! {}
}
