//! The session's timeline: checkpoints of earlier moments, the acts of the current branch,
//! and the branches left behind when the user acted in the past.
//!
//! Looking back is viewing: [`Session::view_at`] rewinds the world to the nearest
//! checkpoint before the moment asked for and replays from there (the same events, cues
//! and recorded acts, so the same world), and the recorded future stays. Only an act made
//! in the past changes the future: the branch is cut there into a new one, and the old one
//! is kept in [`Session::branches`] to come back to.

use super::{Acted, Goal, LessonProgress, Moment, Session, Stop};
use crate::teach::command::{CommandError, Console};
use crate::teach::script::Script;
use crate::time::Instant;
use crate::world;
use std::rc::Rc;

/// Checkpoints kept per branch; beyond this the closest pair is thinned (the start of the
/// run is always kept, so every moment can still be reached by replaying).
pub const CHECKPOINT_LIMIT: usize = 300;
/// Branches kept besides the current one; the oldest is forgotten beyond this.
pub const BRANCH_LIMIT: usize = 16;

/// An earlier moment of the session: the world (sharing its log and capture with the
/// live one, see [`world::Checkpoint`]) and everything that moves with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Checkpoint {
    moment: Moment,
    world: world::Checkpoint,
    console: Console,
    script: Script,
    lesson: LessonProgress,
    ran: u64,
    failures: u64,
    asked: u64,
    error: Option<(u32, CommandError)>,
}

impl Checkpoint {
    pub fn moment(&self) -> Moment {
        self.moment
    }

    /// How many events the log held then.
    pub fn log_len(&self) -> u64 {
        self.world.log_len()
    }
}

/// One line of the run: the acts that make it, its checkpoints, and how far it was
/// played.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Branch {
    acts: Vec<Acted>,
    checkpoints: Vec<Rc<Checkpoint>>,
    /// How many checkpoints lie behind the moment viewed (Back goes to the last of them).
    behind: usize,
    head: Moment,
    /// Where the branch was being viewed when the user left it.
    left_at: Moment,
}

impl Branch {
    /// The user's acts on this branch, in order.
    pub fn acts(&self) -> &[Acted] {
        &self.acts
    }

    /// The furthest moment this branch was played to.
    pub fn head(&self) -> Moment {
        self.head
    }

    /// Where it was being viewed when another branch was chosen.
    pub fn left_at(&self) -> Moment {
        self.left_at
    }

    pub fn checkpoints(&self) -> &[Rc<Checkpoint>] {
        &self.checkpoints
    }

    /// Adds the checkpoint of the moment viewed, unless the last one behind is of the
    /// same moment.
    fn add(&mut self, cp: Rc<Checkpoint>) {
        if self.has_at(cp.moment) {
            return;
        }
        if self.checkpoints.get(self.behind).map(|c| c.moment) == Some(cp.moment) {
            self.behind += 1;
            return;
        }
        self.checkpoints.insert(self.behind, cp);
        self.behind += 1;
        if self.checkpoints.len() > CHECKPOINT_LIMIT {
            self.thin();
        }
    }

    fn has_at(&self, m: Moment) -> bool {
        self.behind
            .checked_sub(1)
            .and_then(|i| self.checkpoints.get(i))
            .is_some_and(|c| c.moment == m)
    }

    /// Forgets the checkpoint whose neighbours are closest in time, so the rest stay
    /// spread over the whole run.
    fn thin(&mut self) {
        let n = self.checkpoints.len();
        let gap =
            |i: usize| self.checkpoints[i + 1].moment.at.0 - self.checkpoints[i - 1].moment.at.0;
        let Some(i) = (1..n - 1).min_by_key(|&i| gap(i)) else {
            return;
        };
        self.checkpoints.remove(i);
        if i < self.behind {
            self.behind -= 1;
        }
    }

    fn count_before(&self, m: Moment) -> usize {
        self.checkpoints.partition_point(|c| c.moment < m)
    }
}

/// The checkpoints and branches of a session.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Timeline {
    /// The moment the session began, always kept.
    start: Option<Rc<Checkpoint>>,
    current: Branch,
    others: Vec<Branch>,
    /// How many branches were ever cut, so a caller can tell that an act started one
    /// (the list of others stops growing at [`BRANCH_LIMIT`]).
    forks: u64,
}

impl Timeline {
    pub(super) fn new(start: Rc<Checkpoint>) -> Timeline {
        let m = start.moment;
        Timeline {
            start: Some(start),
            current: Branch {
                head: m,
                left_at: m,
                ..Branch::default()
            },
            others: Vec::new(),
            forks: 0,
        }
    }

    pub(super) fn acts(&self) -> &[Acted] {
        &self.current.acts
    }

    pub(super) fn has_checkpoint_at(&self, m: Moment) -> bool {
        self.current.has_at(m)
    }

    /// The session moved forward to `now`.
    pub(super) fn passed(&mut self, now: Moment) {
        let b = &mut self.current;
        b.head = b.head.max(now);
        b.behind = b.behind.max(b.count_before(now));
    }

    /// Records an act; one made in the past first cuts a new branch there.
    pub(super) fn record(&mut self, acted: Acted, before: Option<Rc<Checkpoint>>) {
        if self.current.head > acted.moment {
            self.fork(acted.moment);
        }
        if let Some(cp) = before {
            self.current.add(cp);
        }
        self.current.acts.push(acted);
    }

    fn fork(&mut self, at: Moment) {
        let b = &self.current;
        let new = Branch {
            acts: b.acts[..(at.acts as usize).min(b.acts.len())].to_vec(),
            checkpoints: b.checkpoints[..b.behind].to_vec(),
            behind: b.behind,
            head: at,
            left_at: at,
        };
        self.forks += 1;
        let mut old = std::mem::replace(&mut self.current, new);
        old.left_at = at;
        self.others.push(old);
        if self.others.len() > BRANCH_LIMIT {
            self.others.remove(0);
        }
    }

    /// The latest checkpoint of the current branch at or before `goal` in both time and
    /// things done, else the start. Both, not time then things done: a run played by
    /// frames has checkpoints at frame times, and a Back keeps the frame's time while it
    /// undoes one thing, so a checkpoint earlier in time can still be later in things
    /// done (restoring it made Back go nowhere, forever).
    fn at_or_before(&self, at: Instant, done: u64) -> Option<Rc<Checkpoint>> {
        self.current
            .checkpoints
            .iter()
            .rev()
            .find(|c| c.moment.at <= at && c.moment.done <= done)
            .or(self.start.as_ref())
            .cloned()
    }
}

impl Session {
    /// Remembers the moment viewed, to come back to at once (stepping back, scrubbing).
    pub fn checkpoint(&mut self) {
        if !self.timeline.has_checkpoint_at(self.moment) {
            let cp = Rc::new(self.snapshot());
            self.timeline.current.add(cp);
        }
    }

    pub(super) fn snapshot(&self) -> Checkpoint {
        Checkpoint {
            moment: self.moment,
            world: self.world.checkpoint(),
            console: self.console.clone(),
            script: self.script.clone(),
            lesson: self.lesson.clone(),
            ran: self.ran.len() as u64,
            failures: self.failures.len() as u64,
            asked: self.asked.len() as u64,
            error: self.error.clone(),
        }
    }

    /// Returns to a checkpoint of this run's past (false, changing nothing, for one that
    /// is not).
    fn restore(&mut self, cp: &Checkpoint) -> bool {
        if !self.world.rewind(&cp.world) {
            return false;
        }
        self.console = cp.console.clone();
        self.script = cp.script.clone();
        self.lesson = cp.lesson.clone();
        self.ran.truncate(cp.ran as usize);
        self.failures.truncate(cp.failures as usize);
        self.check_index = Default::default();
        self.asked.truncate(cp.asked as usize);
        self.error = cp.error.clone();
        self.moment = cp.moment;
        true
    }

    /// Goes to `goal` on the current branch: back to the nearest checkpoint before it if
    /// it is behind, then forward by replaying.
    fn goto(&mut self, goal: Goal) -> Stop {
        if (goal.at, goal.done) < (self.moment.at, self.moment.done) {
            let restored = self
                .timeline
                .at_or_before(goal.at, goal.done)
                .is_some_and(|cp| self.restore(&cp));
            if !restored {
                let start = self.timeline.start.clone();
                start.map(|cp| self.restore(&cp));
            }
        }
        let stop = self.play(goal, self.how_viewing());
        self.timeline.current.head = self.timeline.current.head.max(self.moment);
        self.lines.clear();
        stop
    }

    /// Shows the run as it was at virtual time `t` (everything due by then done), on the
    /// current branch: rewinds to the nearest checkpoint before `t` and replays to it.
    /// Nothing recorded is lost; a `t` beyond the furthest point played plays on to it.
    pub fn view_at(&mut self, t: Instant) -> Stop {
        let stop = self.goto(Goal {
            at: t,
            done: u64::MAX,
        });
        let b = &mut self.timeline.current;
        b.behind = b.count_before(self.moment);
        stop
    }

    /// Shows exactly `moment` of the current branch (a checkpoint's, the head).
    pub fn view(&mut self, moment: Moment) -> Stop {
        let stop = self.goto(Goal {
            at: moment.at,
            done: moment.done,
        });
        let b = &mut self.timeline.current;
        b.behind = b.count_before(self.moment);
        stop
    }

    /// Back to the last checkpoint behind the moment viewed. False when there is none.
    pub fn back(&mut self) -> bool {
        let b = &mut self.timeline.current;
        let Some(i) = b.behind.checked_sub(1) else {
            return false;
        };
        b.behind = i;
        let cp = b.checkpoints[i].clone();
        self.restore(&cp);
        self.lines.clear();
        true
    }

    /// Forward to the next checkpoint ahead, or to the furthest point played: the inverse
    /// of [`Session::back`]. False when the moment viewed is the furthest.
    pub fn forward(&mut self) -> bool {
        let b = &self.timeline.current;
        let now = self.moment;
        let next = (b.behind..b.checkpoints.len()).find(|&i| b.checkpoints[i].moment > now);
        let goal = match next {
            Some(i) => b.checkpoints[i].moment,
            None if b.head > now => b.head,
            None => return false,
        };
        self.view(goal);
        if let Some(i) = next {
            self.timeline.current.behind = i;
        }
        true
    }

    /// The checkpoints behind the moment viewed, oldest first ([`Session::back`] goes to
    /// the last).
    pub fn behind(&self) -> &[Rc<Checkpoint>] {
        let b = &self.timeline.current;
        &b.checkpoints[..b.behind]
    }

    /// Goes to checkpoint `i` of [`Session::behind`], keeping the rest. False if there is
    /// no such checkpoint.
    pub fn view_checkpoint(&mut self, i: usize) -> bool {
        let Some(cp) = self.behind().get(i).cloned() else {
            return false;
        };
        self.restore(&cp);
        self.timeline.current.behind = i;
        self.lines.clear();
        true
    }

    /// The branch being played.
    pub fn branch(&self) -> &Branch {
        &self.timeline.current
    }

    /// The branches left when the user acted in the past, oldest first.
    pub fn branches(&self) -> &[Branch] {
        &self.timeline.others
    }

    /// How many times an act in the past has cut a new branch in this session.
    pub fn forks(&self) -> u64 {
        self.timeline.forks
    }

    /// Whether the moment viewed is behind the furthest point played on this branch.
    pub fn in_past(&self) -> bool {
        self.timeline.current.head > self.moment
    }

    /// Makes branch `i` of [`Session::branches`] the current one again, at the moment it
    /// was left; the current one takes its place in the list. False if there is no such
    /// branch.
    pub fn switch_branch(&mut self, i: usize) -> bool {
        let tl = &mut self.timeline;
        let Some(other) = tl.others.get_mut(i) else {
            return false;
        };
        std::mem::swap(&mut tl.current, other);
        tl.others[i].left_at = self.moment;
        // Both branches share their history up to the first act they differ by.
        let (old, new) = (&tl.others[i].acts, &tl.current.acts);
        let same = old.iter().zip(new).take_while(|(a, b)| a == b).count();
        let fork = [old.get(same), new.get(same)]
            .into_iter()
            .flatten()
            .map(|a| a.moment)
            .min();
        let goal = tl.current.left_at;
        let shared = fork.map_or(self.moment, |f| f.min(self.moment));
        if shared < self.moment {
            let cp = tl
                .at_or_before(shared.at, shared.done)
                .filter(|c| c.moment <= shared)
                .or_else(|| tl.start.clone());
            if let Some(cp) = cp {
                self.restore(&cp);
            }
        }
        self.view(goal);
        true
    }
}
