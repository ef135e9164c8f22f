//! What the state tests drive the reducer with, written once: actions folded into a
//! state, console lines as actions, and the handshake (`testkit::HANDSHAKE`) typed.

use super::{Action, Playground};
use crate::i18n::Lang;
use sockscope_core::testkit::HANDSHAKE;
use std::rc::Rc;
use yew::Reducible;

/// The state after each action in turn, as the page's dispatcher gives them.
pub fn run(p: Rc<Playground>, actions: impl IntoIterator<Item = Action>) -> Rc<Playground> {
    actions.into_iter().fold(p, |p, a| p.reduce(a))
}

/// A console line, typed.
pub fn cmd(s: &str) -> Action {
    Action::RunCommand(s.to_string())
}

/// `p` after the handshake's lines were typed (nothing played yet).
pub fn typed_handshake(p: Rc<Playground>) -> Rc<Playground> {
    run(p, HANDSHAKE.map(cmd))
}

/// The demo's two hosts, in English, after the handshake's lines were typed.
pub fn demo_with_handshake() -> Rc<Playground> {
    typed_handshake(Rc::new(Playground::demo(Lang::En)))
}
