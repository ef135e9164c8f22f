//! App state and the actions that change it: the reducer of `use_reducer`, kept free of
//! browser calls so it runs in native tests as well as in wasm.
//!
//! The run itself is a core [`Session`] (world, console, script, lesson progress,
//! checkpoints and the user's acts): the page plays it as the command line and the tests
//! do, and stepping back or scrubbing is viewing an earlier moment of it, which keeps the
//! recorded future (an act in the past starts a new branch, the old one kept).

use crate::i18n::Lang;
use sockscope_core::network::PacketId;
use sockscope_core::teach::command::Console;
use sockscope_core::teach::scenario::Scenario;
use sockscope_core::teach::script::Script;
use sockscope_core::teach::session::{Checkpoint, Session};
use sockscope_core::Instant;
use sockscope_core::{HostId, PathSettings, SocketId};
use std::collections::BTreeMap;
use std::collections::VecDeque;
use std::net::Ipv4Addr;
use std::rc::Rc;

pub use sockscope_core::teach::session::{LessonProgress as LessonState, Question};

mod acts;
mod console;
mod lesson;
mod live;
mod playground;
mod reduce;
mod timeline;
pub use console::{ConsoleLine, CONSOLE_CLIP};
pub use lesson::{LessonAction, ScriptLine};
pub mod packets;
pub use live::{Live, WorldView};
pub use timeline::TimelineView;

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
    /// Routers nobody placed (neither a scenario nor a drag): they follow the nodes they
    /// are linked to (see `layout_hosts::relax_routers`).
    pub floating: std::collections::BTreeSet<HostId>,
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
mod lang_tests;
#[cfg(test)]
mod test_helpers;
#[cfg(test)]
mod tests;
