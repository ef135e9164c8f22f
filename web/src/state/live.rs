//! The session shared in place by successive states, and the panels' view of its world.

use sockscope_core::teach::session::Session;
use sockscope_core::World;
use std::cell::{Ref, RefCell, RefMut};
use std::rc::Rc;

/// A value shared by successive states and changed in place.
///
/// `use_reducer` hands the reducer a state that Yew still holds, so anything owned by
/// value is copied on every action, 60 times a second while playing. The session is the
/// big part (the world with every socket's buffers, the log, the capture, checkpoints),
/// so it lives behind one shared cell: an action changes it in place and the new state
/// shares it.
#[derive(Clone, Debug, Default)]
pub struct Live<T = Session>(Rc<RefCell<T>>);

impl<T> Live<T> {
    pub fn new(value: T) -> Self {
        Live(Rc::new(RefCell::new(value)))
    }

    pub fn get(&self) -> Ref<'_, T> {
        self.0.borrow()
    }

    pub fn get_mut(&self) -> RefMut<'_, T> {
        self.0.borrow_mut()
    }

    /// Replaces the value (a loaded scenario).
    pub fn set(&self, value: T) {
        *self.0.borrow_mut() = value;
    }
}

/// Equal values: the same cell, or (in tests) cells with equal contents.
impl<T: PartialEq> PartialEq for Live<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || *self.get() == *other.get()
    }
}

/// The session's world as the panels read it (`state.world.get()`): the same cell as
/// [`Playground::session`].
#[derive(Clone, Debug, PartialEq)]
pub struct WorldView(pub(super) Live<Session>);

impl WorldView {
    /// A view of a world of its own (a session around it), for tests of the panels.
    pub fn of(world: World) -> Self {
        WorldView(Live::new(Session::from_world(world)))
    }

    pub fn get(&self) -> Ref<'_, World> {
        Ref::map(self.0.get(), Session::world)
    }
}
