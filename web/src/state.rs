//! App state and the actions that change it: the reducer of `use_reducer`, kept free of
//! browser calls so it runs in native tests as well as in wasm.

use crate::i18n::{t, Key, Lang};
use sockscope_core::command::{Command, Console, Op, PacketAction};
use sockscope_core::lesson::Predict;
use sockscope_core::network::PacketId;
use sockscope_core::scenario::{Scenario, Step};
use sockscope_core::script::{Cue, Script};
use sockscope_core::world::Checkpoint;
use sockscope_core::Instant;
use sockscope_core::{Duration, HostId, PathSettings, SocketId, World};
use std::cell::{Ref, RefCell, RefMut};
use std::collections::BTreeMap;
use std::collections::VecDeque;
use std::net::Ipv4Addr;
use std::rc::Rc;
use yew::Reducible;

/// Snapshots kept for stepping back; the oldest are forgotten beyond this.
pub const HISTORY_LIMIT: usize = 300;
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
    StepBack,
    Play,
    Pause,
    SetSpeed(u32),
    /// Jump back to snapshot `index` of the history.
    ScrubTo(usize),
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
    /// A share link's fragment.
    OpenLink(String),
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
}

/// The world of the moment, shared by successive states and changed in place.
///
/// `use_reducer` hands the reducer a state that Yew still holds, so anything owned by
/// value is copied on every action, 60 times a second while playing. The world is the big
/// part (every socket's buffers, the log, the capture), so it lives behind one shared
/// cell: an action changes it in place and the new state shares it. Snapshots for stepping
/// back are explicit copies, taken at moments, not frames.
#[derive(Clone, Debug, Default)]
pub struct Live<T = World>(Rc<RefCell<T>>);

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

    /// Replaces the value (a step back, a loaded scenario).
    pub fn set(&self, value: T) {
        *self.0.borrow_mut() = value;
    }
}

/// Equal worlds: the same cell, or (in tests) worlds with equal contents.
impl<T: PartialEq> PartialEq for Live<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0) || *self.get() == *other.get()
    }
}

/// Where a guided lesson stands: the step whose words are showing, and the question
/// being asked, if any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LessonState {
    /// The scenario step whose `say` text is showing.
    pub said: Option<u32>,
    pub question: Option<Question>,
}

/// A prediction in progress: asked, maybe answered, maybe already seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// Which of the lesson's predictions.
    pub index: u32,
    /// The log's length when it was asked: the outcome is the first matching event after.
    pub since: u64,
    pub choice: Option<String>,
    /// What really happened, once it has.
    pub outcome: Option<String>,
}

/// The world and everything that goes with it at one moment, for stepping back.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The world then: its live state, and how far its log and capture reached.
    pub world: Checkpoint,
    pub console: Console,
    pub script: Script,
    pub lesson: LessonState,
    /// How many of the user's lines had been recorded.
    pub recorded: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Playground {
    pub world: Live,
    pub console: Console,
    /// What the console shows; shared like the world, as it only grows.
    pub console_lines: Live<VecDeque<ConsoleLine>>,
    /// Earlier moments, oldest first.
    /// Shared snapshots: cloning the state copies pointers, not worlds.
    pub history: Vec<Rc<Snapshot>>,
    pub lang: Lang,
    pub playing: bool,
    /// Percent of normal speed, one of [`SPEEDS`].
    pub speed: u32,
    pub selected_packet: Option<PacketId>,
    pub selected_socket: Option<SocketId>,
    /// Where each host is drawn, in the topology's coordinates (0..1000 × 0..600).
    pub positions: BTreeMap<HostId, (i32, i32)>,
    /// The last problem, shown to the user until the next action.
    pub notice: Option<String>,
    /// The scenario the run started from (a lesson, a share link, or the demo's two hosts).
    pub scenario: Rc<Scenario>,
    /// Its cues still to come, at their virtual times.
    pub script: Script,
    /// Every change the user made since, as timed console lines: with the scenario, the
    /// whole run, which is what a share link carries.
    pub recorded: Rc<Vec<Step>>,
    pub lesson: LessonState,
    /// Wall time played since the last snapshot.
    pub wall_since_snapshot: f64,
    /// How long the next snapshot waits (see `snapshot_spacing`).
    pub snapshot_wait: f64,
}

impl Playground {
    /// A playground at the start of `scenario`; an invalid one gives an empty world and
    /// says why (a broken share link must not leave the page dead).
    pub fn new(scenario: Scenario, lang: Lang) -> Self {
        let mut p = Playground {
            world: Live::new(World::with_seed(scenario.seed)),
            console: Console::default(),
            console_lines: Live::default(),
            history: Vec::new(),
            lang,
            playing: false,
            speed: 100,
            selected_packet: None,
            selected_socket: None,
            positions: BTreeMap::new(),
            notice: None,
            scenario: Rc::new(Scenario::empty()),
            script: Script::default(),
            recorded: Rc::default(),
            lesson: LessonState::default(),
            wall_since_snapshot: SNAPSHOT_EVERY_MS,
            snapshot_wait: SNAPSHOT_EVERY_MS,
        };
        p.load(&scenario);
        p
    }

    /// A playground around a world built elsewhere (tests of the panels). It has no
    /// scenario, so a share link of it would not carry the world's past.
    pub fn with_world(world: World, lang: Lang) -> Self {
        let mut p = Playground::new(Scenario::empty(), lang);
        p.world.set(world);
        p.place_new_hosts();
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
    pub fn lesson_info(&self) -> Option<&sockscope_core::lesson::Lesson> {
        self.scenario.lesson.as_ref()
    }

    /// The prediction being asked.
    pub fn predict(&self) -> Option<&Predict> {
        let q = self.lesson.question.as_ref()?;
        self.lesson_info()?.predict.get(q.index as usize)
    }

    /// The whole run so far as one scenario: the one loaded, the user's changes as timed
    /// lines, the hosts where they are drawn, and the moment the user is looking at.
    pub fn share_scenario(&self) -> Scenario {
        let mut s = (*self.scenario).clone();
        s.steps.extend(self.recorded.iter().cloned());
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

    /// Records a change the user made, as the line that replays it.
    fn record(&mut self, cmd: &Command) {
        let at = self.world.get().now();
        Rc::make_mut(&mut self.recorded).push(Step::new(at, cmd.to_string()));
    }

    /// Gives every host without a position one on a circle, in host order.
    fn place_new_hosts(&mut self) {
        for (name, at) in self.scenario.layout() {
            if let Some(h) = self.world.get().host_by_name(&name) {
                self.positions.entry(h.id).or_insert(at);
            }
        }
        let ids: Vec<HostId> = self.world.get().hosts().map(|h| h.id).collect();
        let n = ids.len().max(2) as f64;
        for (i, id) in ids.iter().enumerate() {
            if self.positions.contains_key(id) {
                continue;
            }
            let angle = std::f64::consts::PI + 2.0 * std::f64::consts::PI * i as f64 / n;
            let x = 500.0 + 360.0 * angle.cos();
            let y = 300.0 + 200.0 * angle.sin();
            self.positions
                .insert(*id, (x.round() as i32, y.round() as i32));
        }
        self.positions.retain(|id, _| ids.contains(id));
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

    fn snapshot(&mut self) {
        self.history.push(Rc::new(Snapshot {
            world: self.world.get().checkpoint(),
            console: self.console.clone(),
            script: self.script.clone(),
            lesson: self.lesson.clone(),
            recorded: self.recorded.len(),
        }));
        if self.history.len() > HISTORY_LIMIT {
            self.history.remove(0);
        }
    }

    fn restore(&mut self, s: Snapshot) {
        // History only holds moments of this run, and is cut back on every restore, so
        // the rewind cannot meet a checkpoint from another timeline.
        self.world.get_mut().rewind(&s.world);
        self.console = s.console;
        self.script = s.script;
        self.lesson = s.lesson;
        Rc::make_mut(&mut self.recorded).truncate(s.recorded);
        self.place_new_hosts();
        if self.selected_packet.is_some_and(|p| {
            let w = self.world.get();
            w.network().packet(p).is_none() && w.captured(p).is_none()
        }) {
            self.selected_packet = None;
        }
    }

    /// When something happens next: a world event or a scenario step.
    pub fn next_due(&self) -> Option<Instant> {
        let script = self.script.front().map(|(at, _)| at);
        match (self.world.get().next_event_at(), script) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Runs the world to `target`, playing the scenario's cues as their times come. A
    /// guided lesson stops early: after a step with words to read, and before a question
    /// (unless `fast`, as when a share link replays up to where it was made).
    fn advance_to(&mut self, target: Instant, fast: bool) {
        while let Some((at, cue)) = self.script.front().filter(|(at, _)| *at <= target) {
            self.world.get_mut().run_until(at);
            self.script.pop_front();
            match cue {
                Cue::Fault(i) => self.script.arm(&mut self.world.get_mut(), i),
                Cue::Step(i) => {
                    if let Some(cmd) = self.script.command(i).cloned() {
                        self.run_parsed(cmd);
                    }
                    let says = self
                        .scenario
                        .steps
                        .get(i as usize)
                        .is_some_and(|s| !s.say.is_empty());
                    if says && self.scenario.lesson.is_some() {
                        self.lesson.said = Some(i);
                        if !fast {
                            self.playing = false;
                            self.watch_question();
                            return;
                        }
                    }
                }
                Cue::Ask(index) if !fast => {
                    self.lesson.question = Some(Question {
                        index,
                        since: self.world.get().log().len(),
                        choice: None,
                        outcome: None,
                    });
                    self.playing = false;
                    return;
                }
                Cue::Ask(_) | Cue::Check(_) => {}
            }
        }
        self.world.get_mut().run_until(target);
        self.watch_question();
    }

    /// Once the event a question is about has happened, shows it and pauses, so the
    /// learner sees the answer next to their guess.
    fn watch_question(&mut self) {
        let Some(q) = &self.lesson.question else {
            return;
        };
        if q.outcome.is_some() {
            return;
        }
        let Some(p) = self.predict() else { return };
        let outcome = p.outcome(&self.world.get(), &self.console, q.since);
        if let (Some(o), Some(q)) = (outcome, self.lesson.question.as_mut()) {
            q.outcome = Some(o);
            self.playing = false;
        }
    }

    /// Moves virtual time by a frame's worth; see [`WATCH_RATE`] and [`IDLE_RATE`].
    fn tick(&mut self, wall_ms: f64) {
        let wall_ms = wall_ms.clamp(0.0, 100.0);
        let busy = self.world.get().network().in_flight().next().is_some();
        let rate = if busy { WATCH_RATE } else { IDLE_RATE } * f64::from(self.speed) / 100.0;
        let target = self.world.get().now() + Duration((wall_ms * rate) as u64);
        // While playing, a snapshot at most every SNAPSHOT_EVERY_MS of wall time, and only
        // when something will happen: history holds moments, not frames (a copy of a busy
        // world every frame would cost more than the frame).
        self.wall_since_snapshot += wall_ms;
        if self.wall_since_snapshot >= self.snapshot_wait
            && self.next_due().is_some_and(|at| at <= target)
        {
            self.snapshot();
            self.wall_since_snapshot = 0.0;
            // Measured once a snapshot, not every frame: the next waits by this one's size.
            self.snapshot_wait = self.snapshot_spacing();
        }
        self.advance_to(target, false);
        if self.next_due().is_none() && self.world.get().network().in_flight().next().is_none() {
            // Nothing left to happen: stop rather than let the clock run on empty.
            self.playing = false;
        }
    }

    /// One step: the next world event, or the next scenario step if it comes first.
    fn step(&mut self) -> bool {
        let event = self.world.get().next_event_at();
        match self.script.front().map(|(at, _)| at) {
            Some(at) if event.is_none_or(|e| at <= e) => {
                self.snapshot();
                self.advance_to(at, false);
                true
            }
            _ if event.is_some() => {
                self.snapshot();
                self.world.get_mut().step();
                self.watch_question();
                true
            }
            _ => false,
        }
    }

    fn load(&mut self, scenario: &Scenario) {
        match scenario.build() {
            Ok((world, script)) => {
                self.world.set(world);
                self.console = Console::default();
                self.console_lines.get_mut().clear();
                self.history.clear();
                self.positions.clear();
                self.selected_packet = None;
                self.selected_socket = None;
                self.playing = false;
                self.lesson = LessonState::default();
                self.recorded = Rc::default();
                self.snapshot_wait = SNAPSHOT_EVERY_MS;
                // A shared run replays as its own scenario's steps, and is shared on as is.
                self.scenario = Rc::new(Scenario {
                    position_us: None,
                    ..scenario.clone()
                });
                self.script = script;
                self.place_new_hosts();
                // Steps at time zero set the stage at once; a share link goes on to the
                // moment it was made.
                let to = Instant(scenario.position_us.unwrap_or(0));
                self.advance_to(to, scenario.position_us.is_some());
                self.place_new_hosts();
            }
            Err(e) => {
                self.notice = Some(e.to_string());
            }
        }
    }

    /// Opens a share link's fragment; a broken one leaves an empty playground and says
    /// what is wrong with it.
    fn open_link(&mut self, fragment: &str) {
        match sockscope_core::share::decode(fragment) {
            Ok(s) => self.load(&s),
            Err(e) => {
                self.load(&Scenario::empty());
                self.notice = Some(format!("{}: {e}", t(self.lang, Key::BadLink)));
            }
        }
    }

    /// Runs a stage line the page's buttons make, and records it for share links.
    fn stage(&mut self, op: Op) {
        let cmd = Command {
            host: None,
            assign: None,
            op,
        };
        self.snapshot();
        let result = self.console.run(&mut self.world.get_mut(), &cmd);
        match result {
            Ok(v) => {
                self.record(&cmd);
                self.place_new_hosts();
                // The console shows the line the button ran: the same can be typed.
                self.push_line(ConsoleLine {
                    input: cmd.to_string(),
                    output: Ok(v.to_string()),
                });
            }
            Err(e) => {
                self.history.pop();
                self.notice = Some(e.to_string());
            }
        }
    }

    fn run_command(&mut self, line: String) {
        let input = line.trim().to_string();
        if input.is_empty() {
            return;
        }
        self.snapshot();
        let parsed: Result<Command, _> = input.parse();
        let output = match parsed {
            Ok(mut cmd) => {
                let result = self.console.run(&mut self.world.get_mut(), &cmd);
                // Anything that reached the world (a value or an errno) is part of the
                // run; record it with its host spelled out, as replay has no "previous".
                if matches!(
                    result,
                    Ok(_) | Err(sockscope_core::command::CommandError::Errno(_))
                ) {
                    if !cmd.op.is_stage() {
                        let w = self.world.get();
                        cmd.host = self
                            .console
                            .current
                            .and_then(|h| w.host(h))
                            .map(|h| h.name.clone());
                    }
                    self.record(&cmd);
                    self.place_new_hosts();
                }
                result.map(|v| v.to_string()).map_err(|e| e.to_string())
            }
            Err(e) => Err(e.to_string()),
        };
        self.push_line(ConsoleLine { input, output });
    }

    /// Runs a scenario step, shown in the console like a typed line.
    fn run_parsed(&mut self, cmd: Command) {
        let output = self
            .console
            .run(&mut self.world.get_mut(), &cmd)
            .map(|v| v.to_string())
            .map_err(|e| e.to_string());
        self.push_line(ConsoleLine {
            input: cmd.to_string(),
            output,
        });
    }

    fn push_line(&mut self, line: ConsoleLine) {
        let mut lines = self.console_lines.get_mut();
        lines.push_back(ConsoleLine {
            input: clip(line.input),
            output: line.output.map(clip).map_err(clip),
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
            self.notice = Some(sockscope_core::HostError::UnknownHost.to_string());
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
        let mut next = (*self).clone();
        if !matches!(action, Action::Tick { .. }) {
            next.notice = None;
        }
        match action {
            Action::Tick { wall_ms } => {
                if !next.playing {
                    return self;
                }
                next.tick(wall_ms);
            }
            Action::Step => {
                if !next.step() {
                    next.notice = Some(t(next.lang, Key::NothingScheduled).to_string());
                }
            }
            Action::StepBack => match next.history.pop() {
                Some(s) => {
                    next.playing = false;
                    next.restore(Rc::unwrap_or_clone(s));
                }
                None => next.notice = Some(t(next.lang, Key::NothingToStepBack).to_string()),
            },
            Action::Play => next.playing = true,
            Action::Pause => next.playing = false,
            Action::SetSpeed(s) => next.speed = s.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]),
            Action::ScrubTo(i) => {
                if i < next.history.len() {
                    next.playing = false;
                    let s = (*next.history[i]).clone();
                    next.history.truncate(i);
                    next.restore(s);
                }
            }
            Action::RunCommand(line) => next.run_command(line),
            Action::LoadScenario(s) => next.load(&s),
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
                    Err(e) => next.notice = Some(e.to_string()),
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
            Action::SetLang(l) => next.lang = l,
            Action::MoveHost { id, x, y } => {
                next.positions
                    .insert(id, (x.clamp(40, 960), y.clamp(40, 560)));
            }
            Action::SetPath { src, dst, settings } => next.set_path(src, dst, false, settings),
            Action::SetLink { a, b, settings } => next.set_path(a, b, true, settings),
            Action::Answer(choice) => {
                if let Some(q) = next.lesson.question.as_mut() {
                    if q.choice.is_none() {
                        q.choice = Some(choice);
                        next.playing = true;
                    }
                }
            }
            Action::CloseQuestion => next.lesson.question = None,
            Action::OpenLink(fragment) => next.open_link(&fragment),
            Action::Notice(text) => next.notice = Some(text),
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use sockscope_core::tcp::State;
    use sockscope_core::EventKind;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn run(p: Rc<Playground>, actions: impl IntoIterator<Item = Action>) -> Rc<Playground> {
        actions.into_iter().fold(p, |p, a| p.reduce(a))
    }

    fn cmd(s: &str) -> Action {
        Action::RunCommand(s.to_string())
    }

    #[test]
    fn demo_has_two_hosts_from_core_placed_apart() {
        let p = Playground::demo(Lang::En);
        let names: Vec<_> = p
            .world
            .get()
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
        let (a, b) = (p.positions[&HostId(0)], p.positions[&HostId(1)]);
        assert!((a.0 - b.0).abs() > 500, "{a:?} {b:?}");
    }

    #[test]
    fn ping_then_steps_move_the_clock_and_step_back_restores() {
        let p = Rc::new(Playground::demo(Lang::En));
        let p = run(
            p,
            [
                Action::Ping {
                    from: HostId(0),
                    to: Ipv4Addr::new(10, 0, 0, 2),
                },
                Action::Step,
            ],
        );
        assert_eq!(p.world.get().now(), sockscope_core::Instant(10_000));
        let before_back = p.world.get().log().len();
        let p = run(p, [Action::StepBack]);
        assert_eq!(p.world.get().now(), sockscope_core::Instant(0));
        assert!(p.world.get().log().len() < before_back);
        let p = run(p, [Action::Step, Action::Step]);
        assert!(p
            .world
            .get()
            .log()
            .events()
            .iter()
            .any(|e| matches!(e.kind, EventKind::EchoReceived { .. })));
        let p = run(p, [Action::Step]);
        assert_eq!(p.notice.as_deref(), Some("nothing scheduled"));
    }

    #[test]
    fn console_drives_a_handshake_and_play_runs_it() {
        let p = Rc::new(Playground::demo(Lang::Ko));
        let p = run(
            p,
            [
                cmd("A: s = socket(tcp)"),
                cmd("A: bind(s, 10.0.0.1:80)"),
                cmd("A: listen(s)"),
                cmd("B: c = socket(tcp)"),
                cmd("B: connect(c, 10.0.0.1:80)"),
                cmd("B: bind(c, 10.0.0.9:1)"),
                Action::Play,
            ],
        );
        assert_eq!(p.console_lines.get().len(), 6);
        assert!(p.console_lines.get()[5]
            .output
            .as_ref()
            .unwrap_err()
            .starts_with("EINVAL"));
        let mut p = p;
        for _ in 0..200 {
            p = p.reduce(Action::Tick { wall_ms: 16.0 });
        }
        let c = p.console.vars[&(HostId(1), "c".to_string())];
        assert_eq!(
            p.world.get().tcb(c).map(|t| t.state()),
            Some(State::Established)
        );
        assert!(!p.playing, "stops once nothing is left to happen");
        let scrubbed = run(p.clone(), [Action::ScrubTo(0)]);
        assert_eq!(
            scrubbed.world.get().log().len(),
            p.history[0].world.log_len()
        );
    }

    #[test]
    fn bad_host_input_gives_a_notice_and_changes_nothing() {
        let p = Rc::new(Playground::demo(Lang::En));
        let p2 = run(
            p.clone(),
            [Action::SpawnHost {
                name: "C".into(),
                addr: "10.0.0.300".into(),
            }],
        );
        assert!(p2
            .notice
            .as_deref()
            .unwrap()
            .contains("not an IPv4 address"));
        assert_eq!(p2.world.get().hosts().count(), 2);
        assert_eq!(p2.history.len(), p.history.len());
        let p3 = run(
            p2,
            [Action::SpawnHost {
                name: "C".into(),
                addr: "10.0.0.3".into(),
            }],
        );
        assert_eq!(p3.world.get().hosts().count(), 3);
        assert_eq!(p3.positions.len(), 3);
    }

    #[test]
    fn packet_controls_report_errors_for_packets_gone() {
        let p = Rc::new(Playground::demo(Lang::En));
        let p = run(
            p,
            [Action::Packet {
                id: PacketId(99),
                op: PacketOp::Drop,
            }],
        );
        assert!(p
            .notice
            .as_deref()
            .unwrap()
            .contains("no longer on the wire"));
        assert!(p.history.is_empty());
    }

    #[test]
    fn a_loaded_scenario_runs_its_steps_as_time_reaches_them() {
        let scenario = Scenario::from_json(include_str!("../../lessons/handshake.json")).unwrap();
        let p = run(
            Rc::new(Playground::demo(Lang::En)),
            [Action::LoadScenario(Box::new(scenario.clone()))],
        );
        assert_eq!(
            p.console_lines.get().len(),
            3,
            "the steps at 0 ms ran at once"
        );
        assert_eq!(p.script.len(), scenario.steps.len() - 3);
        let mut p = run(p, [Action::Play]);
        for _ in 0..2000 {
            if !p.playing {
                break;
            }
            p = p.reduce(Action::Tick { wall_ms: 50.0 });
        }
        assert!(p.script.is_empty());
        assert_eq!(
            p.console_lines.get()[7].output.as_deref(),
            Ok("\"hello\" (5 bytes)")
        );
        // The same as the command-line runner's replay of it.
        let cli = scenario.run().unwrap();
        let states = |w: &World| w.sockets().map(|s| s.row().state).collect::<Vec<_>>();
        assert_eq!(states(&p.world.get()), states(&cli.world));
        let bad = Scenario {
            hosts: vec![],
            paths: vec![],
            faults: vec![],
            ..scenario
        };
        let bad = Scenario {
            steps: vec![Step::new(Instant::ZERO, "A: x = socket(tcp)")],
            ..bad
        };
        let q = run(
            Rc::new(Playground::demo(Lang::En)),
            [Action::LoadScenario(Box::new(bad))],
        );
        assert!(q.console_lines.get()[0]
            .output
            .as_ref()
            .unwrap_err()
            .contains("no host named A"));
    }

    fn play_out(mut p: Rc<Playground>, frames: u32) -> Rc<Playground> {
        for _ in 0..frames {
            if !p.playing {
                break;
            }
            p = p.reduce(Action::Tick { wall_ms: 50.0 });
        }
        p
    }

    #[test]
    fn a_share_link_reopens_the_same_run_at_the_same_moment() {
        let scenario = Scenario::from_json(include_str!("../../lessons/handshake.json")).unwrap();
        let p = run(
            Rc::new(Playground::demo(Lang::En)),
            [
                Action::LoadScenario(Box::new(scenario)),
                Action::SpawnHost {
                    name: "C".into(),
                    addr: "10.0.0.3".into(),
                },
                cmd("C: u = socket(udp)"),
                cmd("sendto(u, \"hi\", 10.0.0.2:9)"),
                Action::SetLink {
                    a: HostId(0),
                    b: HostId(2),
                    settings: PathSettings {
                        loss_ppm: 123_456,
                        ..PathSettings::default()
                    },
                },
                Action::Play,
            ],
        );
        let mut p = p;
        for _ in 0..7 {
            p = p.reduce(Action::Tick { wall_ms: 16.0 });
        }
        // A hand on the packet in flight, mid-run, at a microsecond no step is at.
        let id = p.world.get().network().in_flight().next().map(|f| f.id);
        let p = run(
            p,
            [
                Action::Packet {
                    id: id.unwrap(),
                    op: PacketOp::Drop,
                },
                Action::MoveHost {
                    id: HostId(1),
                    x: 123,
                    y: 456,
                },
            ],
        );
        let p = play_out(p.reduce(Action::Play), 40);
        let link = sockscope_core::share::encode(&p.share_scenario());
        let q = Playground::from_link(&link, Lang::En);
        assert_eq!(q.notice, None);
        {
            let (a, b) = (p.world.get(), q.world.get());
            assert_eq!(b.now(), a.now());
            assert_eq!(b.log().digest(), a.log().digest(), "the same events");
            assert_eq!(b.log().len(), a.log().len());
        }
        assert_eq!(q.positions.get(&HostId(1)), Some(&(123, 456)));
        assert_eq!(q.console_lines.get().len(), p.console_lines.get().len());
        // And it goes on the same way.
        let (p2, q2) = (
            play_out(run(p.clone(), [Action::Play]), 400),
            play_out(run(Rc::new(q.clone()), [Action::Play]), 400),
        );
        assert_eq!(p2.world.get().log().digest(), q2.world.get().log().digest());
    }

    #[test]
    fn a_broken_link_leaves_an_empty_playground_that_says_why() {
        for bad in ["v1.!!!", "v2.abc", "v1.eJzLSM3JyVcozy/KSQEAGgQEXQ"] {
            let p = Playground::from_link(bad, Lang::Ko);
            assert_eq!(p.world.get().hosts().count(), 0, "{bad}");
            let notice = p.notice.clone().unwrap();
            assert!(notice.starts_with(t(Lang::Ko, Key::BadLink)), "{notice}");
        }
        // Stepping back over a recorded change forgets it, so the link is what is seen.
        let p = run(
            Rc::new(Playground::demo(Lang::En)),
            [
                cmd("A: s = socket(tcp)"),
                cmd("A: frob(s)"),
                Action::StepBack,
            ],
        );
        assert_eq!(p.recorded.len(), 1, "{:?}", p.recorded);
        let p = run(p, [Action::StepBack]);
        assert!(p.recorded.is_empty());
    }

    const GUIDED: &str = r#"{
        "version": 1, "seed": 3,
        "hosts": [ { "name": "A", "addr": "10.0.0.1" }, { "name": "B", "addr": "10.0.0.2" } ],
        "steps": [
            { "at_ms": 0, "run": "A: s = socket(tcp)" },
            { "at_ms": 0, "run": "A: bind(s, 10.0.0.1:80)" },
            { "at_ms": 0, "run": "A: listen(s)", "say": { "en": "A listens", "ko": "A가 대기" } },
            { "at_ms": 5, "run": "B: c = socket(tcp)" },
            { "at_ms": 10, "run": "B: connect(c, 10.0.0.1:80)", "say": { "en": "B connects", "ko": "B가 연결" } }
        ],
        "lesson": { "id": "t", "title": { "en": "T", "ko": "T" },
            "predict": [ { "at_ms": 10, "socket": "B: c", "ask": "next_state",
                "question": { "en": "next?", "ko": "다음?" },
                "choices": ["SYN-SENT", "ESTABLISHED"], "answer": "SYN-SENT" } ] },
        "until_ms": 500
    }"#;

    #[test]
    fn a_lesson_pauses_at_its_words_and_asks_before_it_shows() {
        let lesson = Scenario::from_json(GUIDED).unwrap();
        let p = run(
            Rc::new(Playground::demo(Lang::En)),
            [Action::LoadScenario(Box::new(lesson))],
        );
        assert_eq!(p.lesson.said, Some(2), "the words of step 3, at 0 ms");
        let p = play_out(run(p, [Action::Play]), 100);
        // The question comes before the connect it is about.
        let q = p.lesson.question.clone().expect("asked");
        assert_eq!(q.index, 0);
        assert_eq!(p.world.get().now(), Instant(10_000));
        assert_eq!(p.lesson.said, Some(2), "connect has not run yet");
        let p = play_out(run(p, [Action::Answer("ESTABLISHED".into())]), 100);
        let q = p.lesson.question.clone().unwrap();
        assert_eq!(q.choice.as_deref(), Some("ESTABLISHED"));
        assert_eq!(q.outcome.as_deref(), Some("SYN-SENT"), "from the run");
        assert!(!p.playing, "paused to show the outcome");
        assert!(!p.predict().unwrap().judge("ESTABLISHED", "SYN-SENT"));
        assert_eq!(p.lesson.said, Some(4), "connect ran and its words show");
        let p = play_out(run(p, [Action::CloseQuestion, Action::Play]), 400);
        assert!(p.lesson.question.is_none());
        assert!(p.script.is_empty());
        // A share link of a lesson does not stop at questions on the way back.
        let link = sockscope_core::share::encode(&p.share_scenario());
        let r = Playground::from_link(&link, Lang::En);
        assert_eq!(r.world.get().log().digest(), p.world.get().log().digest());
        assert!(r.lesson.question.is_none());
    }

    #[test]
    fn ticks_do_nothing_while_paused_and_keep_the_same_state() {
        let p = Rc::new(Playground::demo(Lang::En));
        let q = p.clone().reduce(Action::Tick { wall_ms: 16.0 });
        assert!(Rc::ptr_eq(&p, &q));
    }
}
