//! App state and the actions that change it: the reducer of `use_reducer`, kept free of
//! browser calls so it runs in native tests as well as in wasm.

use crate::i18n::{t, Key, Lang};
use sockscope_core::command::{Command, Console};
use sockscope_core::network::PacketId;
use sockscope_core::scenario::Scenario;
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

/// A scenario's steps, shared (they never change) with a cursor at the next one to run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Script {
    steps: Rc<[(Instant, Command)]>,
    next: usize,
}

impl Script {
    pub fn new(steps: Vec<(Instant, Command)>) -> Self {
        Script {
            steps: steps.into(),
            next: 0,
        }
    }

    pub fn front(&self) -> Option<&(Instant, Command)> {
        self.steps.get(self.next)
    }

    pub fn pop_front(&mut self) -> Option<(Instant, Command)> {
        let step = self.steps.get(self.next).cloned();
        self.next += usize::from(step.is_some());
        step
    }

    /// Steps still to run.
    pub fn len(&self) -> usize {
        self.steps.len() - self.next
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The world and everything that goes with it at one moment, for stepping back.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// The world then: its live state, and how far its log and capture reached.
    pub world: Checkpoint,
    pub console: Console,
    pub script: Script,
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
    /// A scenario's console lines still to run, at their virtual times.
    pub script: Script,
    /// Wall time played since the last snapshot.
    pub wall_since_snapshot: f64,
}

impl Playground {
    pub fn new(world: World, lang: Lang) -> Self {
        let mut p = Playground {
            world: Live::new(world),
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
            script: Script::default(),
            wall_since_snapshot: SNAPSHOT_EVERY_MS,
        };
        p.place_new_hosts();
        p
    }

    /// Two hosts on one segment, as the first lesson starts.
    pub fn demo(lang: Lang) -> Self {
        let mut world = World::with_seed(1);
        for (name, addr) in [
            ("A", Ipv4Addr::new(10, 0, 0, 1)),
            ("B", Ipv4Addr::new(10, 0, 0, 2)),
        ] {
            // Fixed, valid names and addresses: this cannot fail.
            let _ = world.spawn_host(name, addr);
        }
        Playground::new(world, lang)
    }

    /// Gives every host without a position one on a circle, in host order.
    fn place_new_hosts(&mut self) {
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

    fn snapshot(&mut self) {
        self.history.push(Rc::new(Snapshot {
            world: self.world.get().checkpoint(),
            console: self.console.clone(),
            script: self.script.clone(),
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
        let script = self.script.front().map(|(at, _)| *at);
        match (self.world.get().next_event_at(), script) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Runs the world to `target`, running scenario steps as their times come.
    fn advance_to(&mut self, target: Instant) {
        while let Some(at) = self
            .script
            .front()
            .map(|(at, _)| *at)
            .filter(|at| *at <= target)
        {
            self.world.get_mut().run_until(at);
            if let Some((_, cmd)) = self.script.pop_front() {
                self.run_parsed(cmd);
            }
        }
        self.world.get_mut().run_until(target);
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
        if self.wall_since_snapshot >= SNAPSHOT_EVERY_MS
            && self.next_due().is_some_and(|at| at <= target)
        {
            self.snapshot();
            self.wall_since_snapshot = 0.0;
        }
        self.advance_to(target);
        if self.next_due().is_none() && self.world.get().network().in_flight().next().is_none() {
            // Nothing left to happen: stop rather than let the clock run on empty.
            self.playing = false;
        }
    }

    /// One step: the next world event, or the next scenario step if it comes first.
    fn step(&mut self) -> bool {
        let event = self.world.get().next_event_at();
        match self.script.front().map(|(at, _)| *at) {
            Some(at) if event.is_none_or(|e| at <= e) => {
                self.snapshot();
                self.advance_to(at);
                true
            }
            _ if event.is_some() => {
                self.snapshot();
                self.world.get_mut().step();
                true
            }
            _ => false,
        }
    }

    fn load(&mut self, scenario: &Scenario) {
        match scenario.build() {
            Ok((world, steps)) => {
                self.world.set(world);
                self.console = Console::default();
                self.console_lines.get_mut().clear();
                self.history.clear();
                self.positions.clear();
                self.selected_packet = None;
                self.selected_socket = None;
                self.playing = false;
                self.script = Script::new(steps);
                self.place_new_hosts();
                // Steps at time zero set the stage at once.
                self.advance_to(Instant::ZERO);
            }
            Err(e) => self.notice = Some(e.to_string()),
        }
    }

    fn run_command(&mut self, line: String) {
        let input = line.trim().to_string();
        if input.is_empty() {
            return;
        }
        self.snapshot();
        let output = self
            .console
            .run_line(&mut self.world.get_mut(), &input)
            .map(|v| v.to_string())
            .map_err(|e| e.to_string());
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
                next.snapshot();
                let spawned = next.world.get_mut().spawn_host_str(&name, &addr);
                match spawned {
                    Ok(_) => next.place_new_hosts(),
                    Err(e) => {
                        next.history.pop();
                        next.notice = Some(e.to_string());
                    }
                }
            }
            Action::RemoveHost(id) => {
                next.snapshot();
                let removed = next.world.get_mut().remove_host(id);
                if let Err(e) = removed {
                    next.notice = Some(e.to_string());
                }
                next.place_new_hosts();
            }
            Action::Ping { from, to } => {
                next.snapshot();
                let pinged = next.world.get_mut().ping(from, to);
                if let Err(e) = pinged {
                    next.notice = Some(e.to_string());
                }
            }
            Action::Packet { id, op } => {
                next.snapshot();
                let mut w = next.world.get_mut();
                let result = match op {
                    PacketOp::Drop => w.drop_packet(id),
                    PacketOp::Hold => w.hold_packet(id),
                    PacketOp::Release => w.release_packet(id),
                    PacketOp::Duplicate => w.duplicate_packet(id).map(|_| ()),
                    PacketOp::Delay => w.delay_packet(id, Duration::from_millis(50)),
                };
                if let Err(e) = result {
                    next.history.pop();
                    next.notice = Some(e.to_string());
                }
            }
            Action::SelectPacket(p) => next.selected_packet = p,
            Action::SelectSocket(s) => next.selected_socket = s,
            Action::SetLang(l) => next.lang = l,
            Action::MoveHost { id, x, y } => {
                next.positions
                    .insert(id, (x.clamp(40, 960), y.clamp(40, 560)));
            }
            Action::SetPath { src, dst, settings } => {
                next.snapshot();
                let set = next.world.get_mut().set_path(src, dst, settings);
                if let Err(e) = set {
                    next.notice = Some(e.to_string());
                }
            }
            Action::SetLink { a, b, settings } => {
                next.snapshot();
                let linked = next.world.get_mut().set_link(a, b, settings);
                if let Err(e) = linked {
                    next.notice = Some(e.to_string());
                }
            }
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
            p.world.get().tcb(c).map(|t| t.state),
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
            steps: vec![sockscope_core::scenario::Step {
                at_ms: 0,
                run: "A: x = socket(tcp)".into(),
                say: Default::default(),
            }],
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

    #[test]
    fn ticks_do_nothing_while_paused_and_keep_the_same_state() {
        let p = Rc::new(Playground::demo(Lang::En));
        let q = p.clone().reduce(Action::Tick { wall_ms: 16.0 });
        assert!(Rc::ptr_eq(&p, &q));
    }
}
