//! App state and the actions that change it (the reducer of `use_reducer`).

use sockscope_core::{HostId, World};
use std::net::Ipv4Addr;
use std::rc::Rc;
use yew::Reducible;

/// What the user can do at this stage of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Run the next scheduled event.
    Step,
    /// Send an ICMP echo request from one host to an address.
    Ping { from: HostId, to: Ipv4Addr },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Playground {
    pub world: World,
    /// The last thing that went wrong, shown to the user.
    pub notice: Option<String>,
}

impl Playground {
    /// Two hosts on one segment, as the first lesson starts.
    pub fn demo() -> Self {
        let mut world = World::with_seed(1);
        let notice = ["A", "B"]
            .iter()
            .zip([Ipv4Addr::new(10, 0, 0, 1), Ipv4Addr::new(10, 0, 0, 2)])
            .find_map(|(name, addr)| world.spawn_host(name, addr).err())
            .map(|e| e.to_string());
        Playground { world, notice }
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        next.notice = None;
        match action {
            Action::Step => {
                if !next.world.step() {
                    next.notice = Some("nothing is scheduled: send something first".into());
                }
            }
            Action::Ping { from, to } => {
                if let Err(e) = next.world.ping(from, to) {
                    next.notice = Some(e.to_string());
                }
            }
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sockscope_core::EventKind;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn reduce(p: Rc<Playground>, a: Action) -> Rc<Playground> {
        p.reduce(a)
    }

    #[test]
    fn demo_has_two_hosts_from_core() {
        let p = Playground::demo();
        let names: Vec<_> = p
            .world
            .hosts()
            .map(|h| (h.name.clone(), h.addr.to_string()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("A".into(), "10.0.0.1".into()),
                ("B".into(), "10.0.0.2".into())
            ]
        );
        assert_eq!(p.notice, None);
    }

    #[test]
    fn ping_then_steps_move_the_clock_and_get_a_reply() {
        let mut p = Rc::new(Playground::demo());
        let a = p.world.host_by_name("A").unwrap().id;
        p = reduce(
            p,
            Action::Ping {
                from: a,
                to: Ipv4Addr::new(10, 0, 0, 2),
            },
        );
        assert_eq!(p.world.network().in_flight().count(), 1);
        p = reduce(p, Action::Step);
        assert!(p.world.now().micros() > 0);
        p = reduce(p, Action::Step);
        assert!(p
            .world
            .log()
            .events()
            .iter()
            .any(|e| matches!(e.kind, EventKind::EchoReceived { .. })));
        p = reduce(p, Action::Step);
        assert_eq!(
            p.notice.as_deref(),
            Some("nothing is scheduled: send something first")
        );
    }
}
