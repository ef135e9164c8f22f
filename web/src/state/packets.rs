//! The packet list's page state: what the other panels read to agree with it. Only the
//! sequence-number toggle lives here (the ladder, the log and the inspector show numbers
//! too); the filter text and Follow TCP Stream belong to the list alone.

/// How sequence numbers are shown everywhere on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PacketsView {
    /// Relative to each side's ISN (Wireshark's default), else absolute.
    pub relative_seq: bool,
}

impl Default for PacketsView {
    fn default() -> Self {
        PacketsView { relative_seq: true }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacketsAction {
    SetRelative(bool),
}

impl PacketsView {
    pub fn apply(&mut self, a: PacketsAction) {
        match a {
            PacketsAction::SetRelative(on) => self.relative_seq = on,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Action, Playground};
    use sockscope_core::lang::Lang;
    use std::rc::Rc;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;
    use yew::Reducible;

    #[test]
    fn the_toggle_starts_relative_and_the_reducer_flips_it() {
        let p = Rc::new(Playground::demo(Lang::En));
        assert!(p.packets.relative_seq);
        let p = p.reduce(Action::Packets(PacketsAction::SetRelative(false)));
        assert!(!p.packets.relative_seq);
        let p = p.reduce(Action::Packets(PacketsAction::SetRelative(true)));
        assert!(p.packets.relative_seq);
    }
}
