//! Spreading the slower panels' refreshes over animation frames while playing.
//!
//! A panel re-renders only when the state it is given changes (`Shared` compares by
//! pointer), so giving it yesterday's state is how it waits. While playing, each part
//! (a panel group, one host's socket table) catches up every `every_ms`, at most
//! `per_frame` of them in one frame, the longest-waiting first: the cost of a refresh is
//! spread instead of landing on one frame. Paused, everything follows at once.

use crate::state::Shared;
use std::collections::BTreeMap;

/// The groups of panels that catch up together while playing. Each panel's section
/// carries its group as `data-group` (see [`Group::attr`]), which is how the visibility
/// observer tells which groups are on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// The state diagram and the TCB panel.
    Diagrams,
    /// The ladder diagram.
    Ladder,
    /// The console, the hosts and the path settings.
    Side,
    /// The inspector and the event log.
    Log,
    /// The socket tables, which catch up host by host on their own (see `Sockets`).
    Sockets,
}

impl Group {
    /// The groups the page staggers as wholes (the socket tables stagger per host).
    pub const STAGGERED: [Group; 4] = [Group::Diagrams, Group::Ladder, Group::Side, Group::Log];

    /// The `data-group` attribute of the group's panels.
    pub fn attr(self) -> &'static str {
        match self {
            Group::Diagrams => "0",
            Group::Ladder => "1",
            Group::Side => "2",
            Group::Log => "3",
            Group::Sockets => "s",
        }
    }

    /// The group a `data-group` attribute names.
    pub fn from_attr(attr: &str) -> Option<Group> {
        [Group::Sockets]
            .into_iter()
            .chain(Group::STAGGERED)
            .find(|g| g.attr() == attr)
    }
}

/// For each part, the value it shows (a state, or a state with its version) and when it
/// last caught up.
pub struct Stagger<K: Ord + Clone, V: Clone = Shared> {
    slots: BTreeMap<K, (V, f64)>,
}

impl<K: Ord + Clone, V: Clone> Default for Stagger<K, V> {
    fn default() -> Self {
        Stagger {
            slots: BTreeMap::new(),
        }
    }
}

/// How a part waits while playing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refresh {
    /// Off screen: it waits until it is seen.
    Hidden,
    /// Every `every_ms`.
    Normal,
    /// Something worth seeing at once changed (a TCP state): first in line now.
    Urgent,
}

impl<K: Ord + Clone, V: Clone> Stagger<K, V> {
    /// The value each of `keys` shows this frame, `shared` being the present; `refresh`
    /// says how each part waits.
    #[allow(clippy::too_many_arguments)]
    pub fn take(
        &mut self,
        keys: impl IntoIterator<Item = K>,
        shared: &V,
        playing: bool,
        now: f64,
        every_ms: f64,
        per_frame: usize,
        refresh: impl Fn(&K) -> Refresh,
    ) -> Vec<V> {
        let keys: Vec<K> = keys.into_iter().collect();
        self.slots.retain(|k, _| keys.contains(k));
        let mut due: Vec<(f64, K)> = Vec::new();
        for k in &keys {
            match self.slots.get(k) {
                // A new part shows the present at once: it has nothing older to show.
                None => {
                    self.slots.insert(k.clone(), (shared.clone(), now));
                }
                Some((_, at)) => match (playing, refresh(k)) {
                    (false, _) => due.push((*at, k.clone())),
                    (true, Refresh::Urgent) => due.push((f64::NEG_INFINITY, k.clone())),
                    (true, Refresh::Normal) if now - at >= every_ms => due.push((*at, k.clone())),
                    (true, _) => {}
                },
            }
        }
        due.sort_by(|a, b| a.0.total_cmp(&b.0));
        let budget = if playing { per_frame } else { usize::MAX };
        for (_, k) in due.into_iter().take(budget) {
            self.slots.insert(k, (shared.clone(), now));
        }
        keys.iter().map(|k| self.slots[k].0.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::state::Playground;
    use std::rc::Rc;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn state() -> Shared {
        Shared(Rc::new(Playground::demo(Lang::En)))
    }

    #[test]
    fn each_group_is_read_back_from_its_attribute() {
        for g in Group::STAGGERED.into_iter().chain([Group::Sockets]) {
            assert_eq!(Group::from_attr(g.attr()), Some(g));
        }
        assert_eq!(Group::from_attr(""), None);
        assert_eq!(Group::from_attr("9"), None);
    }

    #[test]
    fn while_playing_parts_catch_up_a_few_a_frame_oldest_first() {
        let mut s = Stagger::<u8>::default();
        let (old, new) = (state(), state());
        // New parts show the present at once.
        let first = s.take(0..4, &old, true, 0.0, 500.0, 1, |_| Refresh::Normal);
        assert!(first.iter().all(|p| *p == old));
        // Not yet due: nothing changes.
        assert!(s
            .take(0..4, &new, true, 100.0, 500.0, 1, |_| Refresh::Normal)
            .iter()
            .all(|p| *p == old));
        // Due: one a frame.
        let next = s.take(0..4, &new, true, 600.0, 500.0, 1, |_| Refresh::Normal);
        assert_eq!(next.iter().filter(|p| **p == new).count(), 1);
        let next = s.take(0..4, &new, true, 616.0, 500.0, 2, |_| Refresh::Normal);
        assert_eq!(next.iter().filter(|p| **p == new).count(), 3);
        // Paused: everything at once.
        let newer = state();
        assert!(s
            .take(0..4, &newer, false, 620.0, 500.0, 1, |_| Refresh::Normal)
            .iter()
            .all(|p| *p == newer));
        // A hidden part waits, and catches up once seen.
        let hidden = state();
        let parts = s.take(0..4, &hidden, true, 2000.0, 500.0, 4, |k| {
            if *k == 3 {
                Refresh::Normal
            } else {
                Refresh::Hidden
            }
        });
        assert_eq!(parts.iter().filter(|p| **p == hidden).count(), 1);
        let parts = s.take(0..4, &hidden, true, 2016.0, 500.0, 4, |_| Refresh::Normal);
        assert!(parts.iter().all(|p| *p == hidden));
        // An urgent part goes first, before its time and ahead of older ones.
        let urgent = state();
        let parts = s.take(0..4, &urgent, true, 2020.0, 500.0, 1, |k| {
            if *k == 2 {
                Refresh::Urgent
            } else {
                Refresh::Normal
            }
        });
        assert!(parts[2] == urgent && parts[0] != urgent);
        // A part that went away is forgotten.
        let kept = s.take(0..2, &newer, true, 2100.0, 500.0, 1, |_| Refresh::Normal);
        assert_eq!(kept.len(), 2);
        assert_eq!(s.slots.len(), 2);
    }
}
