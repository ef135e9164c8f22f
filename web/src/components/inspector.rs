//! Placeholder, being written.

use crate::state::{Action, Shared};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct InspectorProps {
    pub state: Shared,
    pub on_action: Callback<Action>,
}

#[component]
pub fn Inspector(props: &InspectorProps) -> Html {
    let _ = (&props.state, &props.on_action);
    html! {}
}
