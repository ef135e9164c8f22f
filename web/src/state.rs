//! App state and the actions that change it: the reducer of `use_reducer`, kept free of
//! browser calls so it runs in native tests as well as in wasm.
//!
//! The run itself is a core [`Session`] (world, console, script, lesson progress,
//! checkpoints and the user's acts): the page plays it as the command line and the tests
//! do, and stepping back or scrubbing is viewing an earlier moment of it, which keeps the
//! recorded future (an act in the past starts a new branch, the old one kept).

use crate::i18n::{t, Key, Lang};
use sockscope_core::network::PacketId;
use sockscope_core::teach::command::{Command, Console, Op, PacketAction};
use sockscope_core::teach::lesson::Predict;
use sockscope_core::teach::scenario::{Scenario, Step};
use sockscope_core::teach::script::Script;
use sockscope_core::teach::session::{Act, Checkpoint, Pace, Session, Stop};
use sockscope_core::Instant;
use sockscope_core::{Duration, HostId, PathSettings, SocketId, World};
use std::cell::{Ref, RefCell, RefMut};
use std::collections::BTreeMap;
use std::collections::VecDeque;
use std::net::Ipv4Addr;
use std::rc::Rc;
use yew::Reducible;

pub use sockscope_core::teach::session::{LessonProgress as LessonState, Question};

mod lesson;
pub use lesson::{LessonAction, ScriptLine};
pub mod packets;

/// Checkpoints kept for stepping back (see `sockscope_core::teach::session::CHECKPOINT_LIMIT`).
pub const HISTORY_LIMIT: usize = sockscope_core::teach::session::CHECKPOINT_LIMIT;
/// While playing, the least wall time between two snapshots.
pub const SNAPSHOT_EVERY_MS: f64 = 500.0;
/// Buffered bytes that buy one more millisecond between snapshots (see
/// `Playground::snapshot_spacing`).
const SNAPSHOT_BYTES_PER_MS: f64 = 10_000.0;
/// Lines the console shows.
pub const CONSOLE_LIMIT: usize = 200;

/// Speeds offered, in percent of normal.
pub const SPEEDS: [u32; 7] = [10, 25, 50, 100, 200, 500, 1000];

/// Playback rate at 1×, in virtual microseconds per wall millisecond, while packets are
/// in flight: a 10 ms hop takes 200 ms to watch.
const WATCH_RATE: f64 = 50.0;
/// The rate when nothing is on the wire (waiting for a timer): real time at 1×, so
/// a 1 s retransmission timeout takes a second, not twenty.
const IDLE_RATE: f64 = 1000.0;

/// What the user can do to a packet in flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacketOp {
    Drop,
    Hold,
    Release,
    Duplicate,
    Delay,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// An animation frame: `wall_ms` of real time passed while playing.
    Tick {
        wall_ms: f64,
    },
    Step,
    /// Back to the last checkpoint behind the moment viewed (the future stays).
    StepBack,
    /// Forward to the next checkpoint ahead, or the furthest moment played; a step when
    /// already there.
    StepForward,
    Play,
    Pause,
    SetSpeed(u32),
    /// View checkpoint `index` of the history (the rest stays).
    ScrubTo(usize),
    /// View the run at a virtual time (everything due by then done).
    ViewAt(Instant),
    /// Go back to branch `index` of the session's other branches.
    SwitchBranch(usize),
    /// An empty playground: the two default hosts.
    New,
    /// The same scenario again from t = 0.
    Restart,
    RunCommand(String),
    /// Replace the world with a scenario's; its steps run as virtual time reaches them.
    LoadScenario(Box<Scenario>),
    SpawnHost {
        name: String,
        addr: String,
    },
    RemoveHost(HostId),
    Ping {
        from: HostId,
        to: Ipv4Addr,
    },
    Packet {
        id: PacketId,
        op: PacketOp,
    },
    SelectPacket(Option<PacketId>),
    SelectSocket(Option<SocketId>),
    /// Show this host's sockets only (none: every host's).
    SelectHost(Option<HostId>),
    SetLang(Lang),
    MoveHost {
        id: HostId,
        x: i32,
        y: i32,
    },
    SetPath {
        src: HostId,
        dst: HostId,
        settings: PathSettings,
    },
    SetLink {
        a: HostId,
        b: HostId,
        settings: PathSettings,
    },
    /// The learner's answer to the question being asked; play goes on to show the truth.
    Answer(String),
    CloseQuestion,
    /// The guided lesson's own actions (see `state/lesson.rs`).
    Lesson(LessonAction),
    /// A share link's fragment.
    OpenLink(String),
    /// The packet list's settings the other panels follow (see `state/packets.rs`).
    Packets(packets::PacketsAction),
    /// Something to tell the user (a file that is not a scenario, say).
    Notice(String),
}

/// Console text longer than this is cut for display (a 4 KB send stays readable).
pub const CONSOLE_CLIP: usize = 240;

fn clip(text: String) -> String {
    match text.char_indices().nth(CONSOLE_CLIP) {
        Some((cut, _)) => format!("{}… ({} characters)", &text[..cut], text.chars().count()),
        None => text,
    }
}

/// One console exchange as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleLine {
    pub input: String,
    pub output: Result<String, String>,
    /// Things done in the run (`Moment::done`) once the line had run.
    pub done: u64,
    /// The line lies after the moment viewed ("not yet at this time").
    pub future: bool,
}

impl ConsoleLine {
    pub fn new(input: String, output: Result<String, String>) -> Self {
        ConsoleLine {
            input,
            output,
            done: 0,
            future: false,
        }
    }
}

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
pub struct WorldView(Live<Session>);

impl WorldView {
    /// A view of a world of its own (a session around it), for tests of the panels.
    pub fn of(world: World) -> Self {
        WorldView(Live::new(Session::from_world(world)))
    }

    pub fn get(&self) -> Ref<'_, World> {
        Ref::map(self.0.get(), Session::world)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Playground {
    /// The run: world, console, script, lesson progress, checkpoints, the user's acts.
    pub session: Live<Session>,
    /// Its world, for the panels.
    pub world: WorldView,
    /// Copies of the session's small parts as of the last action, for the panels.
    pub console: Console,
    /// The scenario's cues still to come.
    pub script: Script,
    pub lesson: LessonState,
    /// The checkpoints behind the moment viewed, oldest first (Back goes to the last).
    pub history: Rc<[Rc<Checkpoint>]>,
    /// What the console shows; shared like the session, as it only grows.
    pub console_lines: Live<VecDeque<ConsoleLine>>,
    pub lang: Lang,
    pub playing: bool,
    /// Percent of normal speed, one of [`SPEEDS`].
    pub speed: u32,
    pub selected_packet: Option<PacketId>,
    pub selected_socket: Option<SocketId>,
    /// The host clicked in the picture, whose sockets alone are shown.
    pub selected_host: Option<HostId>,
    /// Where each host is drawn, in the topology's coordinates (0..1000 × 0..600).
    pub positions: BTreeMap<HostId, (i32, i32)>,
    /// The last problem, shown to the user until the next action.
    pub notice: Option<String>,
    /// The scenario the run started from (a lesson, a share link, or the demo's two hosts).
    pub scenario: Rc<Scenario>,
    /// Wall time played since the last snapshot.
    pub wall_since_snapshot: f64,
    /// How long the next snapshot waits (see `snapshot_spacing`).
    pub snapshot_wait: f64,
    /// The console of each of the session's other branches, in the same order.
    pub branch_lines: Live<Vec<VecDeque<ConsoleLine>>>,
    /// Where the last act in the past cut a new branch, to say so.
    pub branch_from: Option<Instant>,
    /// The run is still exactly the share link it was opened from.
    pub link_kept: bool,
    /// Counts the changes to the run (acts, New, Restart, loads): the address's link is
    /// dropped after one (see `hooks::address`).
    pub edits: u64,
    /// Things done when the scenario's time-zero steps had run: Back stops there.
    pub floor: u64,
    pub packets: packets::PacketsView,
}

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

    /// The socket the panels follow, and whether the user picked a UDP socket (which has
    /// no TCP states): one core query, so the state diagram and the TCB panel agree.
    pub fn followed(&self) -> (Option<SocketId>, bool) {
        let f = self.session.get().followed(self.selected_socket);
        (f.socket, f.udp)
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
    fn place_new_hosts(&mut self) {
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
        for id in ids {
            if !self.positions.contains_key(&id) {
                let taken: Vec<(i32, i32)> = self.positions.values().copied().collect();
                let at = crate::layout_hosts::free_spot(&taken);
                self.positions.insert(id, at);
            }
        }
    }

    /// The least wall time between snapshots while playing, for this world: a snapshot
    /// copies every socket's buffered bytes (about 1 ms per MB in the browser), so a world
    /// holding megabytes waits longer, keeping snapshots to about 2 % of the time instead
    /// of a stutter twice a second.
    fn snapshot_spacing(&self) -> f64 {
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
    fn sync(&mut self) {
        let lines = self.session.get_mut().take_lines();
        for l in lines {
            self.push_line(ConsoleLine::new(l.input, l.output));
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
    fn viewed(&mut self) {
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
    fn stopped(&mut self, stop: Stop) {
        if matches!(stop, Stop::Said(_) | Stop::Ask(_) | Stop::Outcome) {
            self.playing = false;
        }
    }

    /// One step: the next world event, or the next scenario step if it comes first, or
    /// the next recorded act when viewing the past.
    fn step(&mut self) -> bool {
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

    fn load(&mut self, scenario: &Scenario) {
        // A shared run replays as its own scenario's steps, and is shared on as is.
        let clean = Rc::new(Scenario {
            position_us: None,
            ..scenario.clone()
        });
        match Session::new(clean.clone()) {
            Ok(mut session) => {
                // Steps at time zero set the stage at once; a share link goes on to the
                // moment it was made, straight through its lesson's words and questions.
                let to = scenario.position_us.map(Instant);
                session.set_pace(if to.is_some() {
                    Pace::Straight
                } else {
                    Pace::Guided
                });
                self.session.set(session);
                self.console_lines.get_mut().clear();
                self.reset_timeline();
                self.positions.clear();
                self.selected_packet = None;
                self.selected_socket = None;
                self.selected_host = None;
                self.playing = false;
                self.snapshot_wait = SNAPSHOT_EVERY_MS;
                self.scenario = clean;
                self.place_new_hosts();
                // A lesson opens on its start screen (its intro), with nothing run yet:
                // Start plays it, so the words of a step at 0 ms come after the intro.
                if to.is_some() || self.scenario.lesson.is_none() {
                    self.catch_up(to);
                } else {
                    self.floor = self.session.get().moment().done;
                }
                self.session.get_mut().set_pace(Pace::Guided);
                self.place_new_hosts();
                self.sync();
                // A heavy run keeps a bounded log and no capture: say so.
                if let Some(n) = self.scenario.work().notice(self.lang) {
                    self.notice = Some(n);
                }
            }
            Err(e) => {
                self.notice = Some(e.message(self.lang));
            }
        }
    }

    /// Opens a share link's fragment; a broken one leaves an empty playground and says
    /// what is wrong with it.
    fn open_link(&mut self, fragment: &str) {
        match sockscope_core::teach::share::decode(fragment) {
            Ok(s) => {
                self.load(&s);
                self.link_kept = self.notice.is_none();
            }
            Err(e) => {
                self.load(&Scenario::empty());
                self.link_kept = false;
                self.notice = Some(format!(
                    "{}: {}",
                    t(self.lang, Key::BadLink),
                    e.message(self.lang)
                ));
            }
        }
    }

    /// Runs a stage line the page's buttons make; the session records it (share links
    /// carry it).
    fn stage(&mut self, op: Op) {
        let cmd = Command {
            host: None,
            assign: None,
            op,
        };
        let input = cmd.to_string();
        let result = self.act(Act::Line(cmd));
        match result {
            Ok(v) => {
                self.place_new_hosts();
                // The console shows the line the button ran: the same can be typed.
                self.push_line(ConsoleLine::new(
                    input,
                    Ok(v.map(|v| v.message(self.lang)).unwrap_or_default()),
                ));
            }
            Err(e) => self.notice = Some(e.message(self.lang)),
        }
    }

    fn run_command(&mut self, line: String) {
        let input = line.trim().to_string();
        if input.is_empty() {
            return;
        }
        // `help` is the page's answer, not a call: nothing runs or is recorded.
        if let Some(help) = sockscope_core::teach::command::help_line(&input, self.lang) {
            return self.push_line(ConsoleLine::new(input, Ok(help)));
        }
        self.session.get_mut().checkpoint();
        let lang = self.lang;
        let output = match input.parse::<Command>() {
            Ok(cmd) => {
                let op = cmd.op.clone();
                let result = self.act(Act::Line(cmd));
                self.place_new_hosts();
                result
                    .map(|v| v.map(|v| v.message(lang)).unwrap_or_default())
                    .map_err(|e| e.message_for(&op, lang))
            }
            Err(e) => Err(e.message(lang)),
        };
        self.push_line(ConsoleLine::new(input, output));
    }

    fn push_line(&mut self, line: ConsoleLine) {
        let done = self.session.get().moment().done;
        let mut lines = self.console_lines.get_mut();
        lines.push_back(ConsoleLine {
            input: clip(line.input),
            output: line.output.map(clip).map_err(clip),
            done,
            future: false,
        });
        if lines.len() > CONSOLE_LIMIT {
            lines.pop_front();
        }
    }
}

impl Playground {
    fn set_path(&mut self, a: HostId, b: HostId, both: bool, settings: PathSettings) {
        let name = |id| self.world.get().host(id).map(|h| h.name.clone());
        let (Some(from), Some(to)) = (name(a), name(b)) else {
            self.notice = Some(sockscope_core::HostError::UnknownHost.message(self.lang));
            return;
        };
        self.stage(Op::Path {
            from,
            to,
            both,
            settings: settings.clamped(),
        });
    }
}

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if matches!(action, Action::Tick { .. }) && !self.playing {
            return self;
        }
        let mut next = (*self).clone();
        if !matches!(action, Action::Tick { .. }) {
            next.notice = None;
        }
        match action {
            Action::Tick { .. }
            | Action::Step
            | Action::StepBack
            | Action::StepForward
            | Action::ScrubTo(_)
            | Action::ViewAt(_)
            | Action::SwitchBranch(_)
            | Action::New
            | Action::Restart => next.time_action(action),
            Action::Play => next.playing = true,
            Action::Pause => next.playing = false,
            Action::SetSpeed(s) => next.speed = s.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]),
            Action::RunCommand(line) => next.run_command(line),
            Action::LoadScenario(s) => {
                next.load(&s);
                next.link_kept = false;
                next.edits += 1;
            }
            Action::SpawnHost { name, addr } => {
                let valid = sockscope_core::endpoint::parse_ipv4(&addr)
                    .map_err(sockscope_core::HostError::Address)
                    .and_then(|addr| {
                        sockscope_core::host::validate_name(&name)?;
                        sockscope_core::host::validate_host_addr(addr)?;
                        Ok(addr)
                    });
                match valid {
                    Ok(addr) => next.stage(Op::Spawn { name, addr }),
                    Err(e) => next.notice = Some(e.message(next.lang)),
                }
            }
            Action::RemoveHost(id) => {
                let name = next.world.get().host(id).map(|h| h.name.clone());
                if let Some(name) = name {
                    next.stage(Op::Remove { name });
                }
            }
            Action::Ping { from, to } => {
                let host = next.world.get().host(from).map(|h| h.name.clone());
                next.run_command(format!("{}: ping({to})", host.unwrap_or_default()));
            }
            Action::Packet { id, op } => {
                let action = match op {
                    PacketOp::Drop => PacketAction::Drop,
                    PacketOp::Hold => PacketAction::Hold,
                    PacketOp::Release => PacketAction::Release,
                    PacketOp::Duplicate => PacketAction::Duplicate,
                    PacketOp::Delay => PacketAction::Delay(Duration::from_millis(50)),
                };
                next.stage(Op::Packet { id, action });
            }
            Action::SelectPacket(p) => next.selected_packet = p,
            Action::SelectSocket(s) => next.selected_socket = s,
            Action::SelectHost(h) => next.selected_host = h,
            Action::SetLang(l) => next.lang = l,
            Action::MoveHost { id, x, y } => {
                next.positions
                    .insert(id, (x.clamp(40, 960), y.clamp(40, 560)));
            }
            Action::SetPath { src, dst, settings } => next.set_path(src, dst, false, settings),
            Action::SetLink { a, b, settings } => next.set_path(a, b, true, settings),
            Action::Answer(choice) => {
                let open = next
                    .lesson
                    .question
                    .as_ref()
                    .is_some_and(|q| q.choice.is_none());
                if open {
                    let _ = next.act(Act::Answer(choice));
                    next.playing = true;
                }
            }
            Action::CloseQuestion => {
                let _ = next.act(Act::CloseQuestion);
            }
            Action::Lesson(a) => next.lesson_action(a),
            Action::OpenLink(fragment) => next.open_link(&fragment),
            Action::Notice(text) => next.notice = Some(text),
            Action::Packets(a) => next.packets.apply(a),
        }
        next.sync();
        Rc::new(next)
    }
}

/// A handle on the state for component props: equal when it is the same state, which is
/// exactly when the reducer returned the old `Rc` (so unchanged panels skip rendering).
#[derive(Clone)]
pub struct Shared(pub Rc<Playground>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::ops::Deref for Shared {
    type Target = Playground;
    fn deref(&self) -> &Playground {
        &self.0
    }
}

mod timeline;

pub use timeline::TimelineView;

#[cfg(test)]
mod lang_tests;
#[cfg(test)]
mod tests;
