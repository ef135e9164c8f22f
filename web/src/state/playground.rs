//! A playground made and kept in step with its session: constructors, what the panels ask
//! of it, and the bookkeeping after each step.

use super::{
    ConsoleLine, LessonState, Live, Playground, WorldView, SNAPSHOT_BYTES_PER_MS, SNAPSHOT_EVERY_MS,
};
use crate::i18n::Lang;
use sockscope_core::teach::command::Console;
use sockscope_core::teach::lesson::Predict;
use sockscope_core::teach::scenario::{Scenario, Step};
use sockscope_core::teach::script::Script;
use sockscope_core::teach::session::{Act, Session, Stop};
use sockscope_core::{HostId, Instant, World};
use std::collections::BTreeMap;
use std::rc::Rc;

impl Playground {
    /// A playground at the start of `scenario`; an invalid one gives an empty world and
    /// says why (a broken share link must not leave the page dead).
    pub fn new(scenario: Scenario, lang: Lang) -> Self {
        let session = Live::new(Session::from_world(World::with_seed(scenario.seed)));
        let mut p = Playground {
            world: WorldView(session.clone()),
            session,
            console: Console::default(),
            script: Script::default(),
            lesson: LessonState::default(),
            history: Rc::new([]),
            console_lines: Live::default(),
            lang,
            playing: false,
            speed: 100,
            selected_packet: None,
            selected_socket: None,
            selected_host: None,
            positions: BTreeMap::new(),
            floating: Default::default(),
            notice: None,
            scenario: Rc::new(Scenario::empty()),
            wall_since_snapshot: SNAPSHOT_EVERY_MS,
            snapshot_wait: SNAPSHOT_EVERY_MS,
            branch_lines: Live::default(),
            branch_from: None,
            link_kept: false,
            edits: 0,
            floor: 0,
            packets: Default::default(),
        };
        p.load(&scenario);
        p
    }

    /// A playground around a world built elsewhere (tests of the panels). It has no
    /// scenario, so a share link of it would not carry the world's past.
    pub fn with_world(world: World, lang: Lang) -> Self {
        let mut p = Playground::new(Scenario::empty(), lang);
        p.session.set(Session::from_world(world));
        p.place_new_hosts();
        p.sync();
        p
    }

    /// Two hosts on one segment, as the first lesson starts.
    pub fn demo(lang: Lang) -> Self {
        Playground::new(Scenario::two_hosts(), lang)
    }

    /// The playground a share link describes, or an empty one that says what is wrong.
    pub fn from_link(fragment: &str, lang: Lang) -> Self {
        let mut p = Playground::new(Scenario::empty(), lang);
        p.open_link(fragment);
        p
    }

    /// The lesson of the loaded scenario, if it is one.
    pub fn lesson_info(&self) -> Option<&sockscope_core::teach::lesson::Lesson> {
        self.scenario.lesson.as_ref()
    }

    /// The prediction being asked.
    pub fn predict(&self) -> Option<&Predict> {
        let q = self.lesson.question.as_ref()?;
        self.lesson_info()?.predict.get(q.index as usize)
    }

    /// The user's changes before the moment viewed, as timed console lines: with the
    /// scenario, the whole run seen so far, which is what a share link carries.
    pub fn recorded(&self) -> Vec<Step> {
        let session = self.session.get();
        let done = session.moment().acts as usize;
        session.branch().acts()[..done]
            .iter()
            .filter_map(|a| match &a.act {
                Act::Line(cmd) => Some(Step::new(a.moment.at, cmd.to_string())),
                _ => None,
            })
            .collect()
    }

    /// The whole run so far as one scenario: the one loaded, the user's changes as timed
    /// lines, the hosts where they are drawn, and the moment the user is looking at.
    pub fn share_scenario(&self) -> Scenario {
        let mut s = (*self.scenario).clone();
        s.steps.extend(self.recorded());
        let world = self.world.get();
        for h in &mut s.hosts {
            if let Some((x, y)) = world
                .host_by_name(&h.name)
                .and_then(|w| self.positions.get(&w.id))
            {
                (h.x, h.y) = (Some(*x), Some(*y));
            }
        }
        s.position_us = Some(world.now().micros());
        s
    }

    /// Gives every host without a position one where there is room (see `layout_hosts`),
    /// in host order, after the scenario's own places.
    pub(super) fn place_new_hosts(&mut self) {
        let world = self.world.get();
        for (name, at) in self.scenario.layout() {
            if let Some(h) = world.host_by_name(&name) {
                self.positions.entry(h.id).or_insert(at);
            }
        }
        let ids: Vec<HostId> = world.hosts().map(|h| h.id).collect();
        drop(world);
        self.positions.retain(|id, _| ids.contains(id));
        if self.selected_host.is_some_and(|h| !ids.contains(&h)) {
            self.selected_host = None;
        }
        self.floating.retain(|id| ids.contains(id));
        let world = self.world.get();
        for id in ids {
            if !self.positions.contains_key(&id) {
                let taken: Vec<(i32, i32)> = self.positions.values().copied().collect();
                let at = crate::layout_hosts::free_spot(&taken);
                self.positions.insert(id, at);
                if crate::layout_hosts::is_router(&world, id) {
                    self.floating.insert(id);
                }
            }
        }
        if !self.floating.is_empty() {
            let free: Vec<HostId> = self.floating.iter().copied().collect();
            crate::layout_hosts::relax_routers(&world, &mut self.positions, &free);
        }
    }

    /// The least wall time between snapshots while playing, for this world: a snapshot
    /// copies every socket's buffered bytes (about 1 ms per MB in the browser), so a world
    /// holding megabytes waits longer, keeping snapshots to about 2 % of the time instead
    /// of a stutter twice a second.
    pub(super) fn snapshot_spacing(&self) -> f64 {
        let buffered: u64 = self
            .world
            .get()
            .sockets()
            .map(|s| {
                let r = s.row();
                u64::from(r.recv_queue) + u64::from(r.send_queue)
            })
            .sum();
        SNAPSHOT_EVERY_MS.max(buffered as f64 / SNAPSHOT_BYTES_PER_MS)
    }

    /// Brings the copies the panels read up to date with the session, and shows the lines
    /// it ran.
    pub(super) fn sync(&mut self) {
        let lines = self.session.get_mut().take_lines();
        for l in lines {
            let output = l.output_in(self.lang);
            self.push_line(ConsoleLine::new(l.input, output));
        }
        self.mark_future_lines();
        let s = self.session.get();
        if self.console != *s.console() {
            self.console = s.console().clone();
        }
        self.script = s.script().clone();
        if self.lesson != *s.lesson() {
            self.lesson = s.lesson().clone();
        }
        let behind = s.behind();
        let same = behind.len() == self.history.len()
            && behind
                .iter()
                .zip(self.history.iter())
                .all(|(a, b)| Rc::ptr_eq(a, b));
        if !same {
            self.history = behind.iter().cloned().collect();
        }
    }

    /// After the view moved (back, scrub, another branch): the hosts of that moment, and
    /// no packet selected that is not there.
    pub(super) fn viewed(&mut self) {
        self.playing = false;
        self.place_new_hosts();
        if self.selected_packet.is_some_and(|p| {
            let w = self.world.get();
            w.network().packet(p).is_none() && w.captured(p).is_none()
        }) {
            self.selected_packet = None;
        }
    }

    /// When something happens next: a world event, a scenario step or a recorded act.
    pub fn next_due(&self) -> Option<Instant> {
        self.session.get().next_due()
    }

    /// A lesson's stop pauses play.
    pub(super) fn stopped(&mut self, stop: Stop) {
        if matches!(stop, Stop::Said(_) | Stop::Ask(_) | Stop::Outcome) {
            self.playing = false;
        }
    }

    /// One step: the next world event, or the next scenario step if it comes first, or
    /// the next recorded act when viewing the past.
    pub(super) fn step(&mut self) -> bool {
        if self.next_due().is_none() {
            return false;
        }
        self.session.get_mut().checkpoint();
        let stop = self.session.get_mut().step();
        if let Some(stop) = stop {
            self.stopped(stop);
        }
        self.place_new_hosts();
        true
    }
}
