//! A scenario in motion: its timed cues (faults to arm, questions to ask, console lines to
//! run, checks to make) in the order they happen, with a cursor at the next one.
//!
//! The native runner and the web playground both play a scenario through this one type,
//! so a lesson does the same thing in a test, on the command line and on the page.

use crate::network::{FaultAction, PacketFilter};
use crate::teach::command::Command;
use crate::time::Instant;
use crate::world::World;
use std::rc::Rc;

/// One thing a scenario does at its moment. At the same instant they come in this order:
/// faults are armed first (so they see the packets the steps send), questions are asked
/// before the steps they are about, and checks look at the world after the steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Cue {
    Fault(u32),
    Ask(u32),
    Step(u32),
    Check(u32),
}

/// A fault, parsed and ready to arm.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArmedFault {
    pub filter: PacketFilter,
    pub nth: u32,
    pub action: FaultAction,
}

/// The cues, shared (they never change once built; snapshots copy only the cursor).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Script {
    cues: Rc<[(Instant, Cue)]>,
    commands: Rc<[Command]>,
    faults: Rc<[ArmedFault]>,
    next: u32,
}

impl Script {
    /// Orders the cues by time, then kind, then their order in the file.
    pub fn new(
        mut cues: Vec<(Instant, Cue)>,
        commands: Vec<Command>,
        faults: Vec<ArmedFault>,
    ) -> Script {
        cues.sort();
        Script {
            cues: cues.into(),
            commands: commands.into(),
            faults: faults.into(),
            next: 0,
        }
    }

    pub fn front(&self) -> Option<(Instant, Cue)> {
        self.cues.get(self.next as usize).copied()
    }

    pub fn pop_front(&mut self) -> Option<(Instant, Cue)> {
        let cue = self.front();
        self.next += u32::from(cue.is_some());
        cue
    }

    /// Cues still to come.
    pub fn len(&self) -> usize {
        self.cues.len() - self.next as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The parsed console line of step `i`.
    pub fn command(&self, i: u32) -> Option<&Command> {
        self.commands.get(i as usize)
    }

    /// Arms fault `i`: it counts matching packets from now on.
    pub fn arm(&self, world: &mut World, i: u32) {
        if let Some(f) = self.faults.get(i as usize) {
            world.add_fault(f.filter, f.nth, f.action);
        }
    }

    /// The last moment any cue is due.
    pub fn last_at(&self) -> Instant {
        self.cues.last().map_or(Instant::ZERO, |(at, _)| *at)
    }
}
