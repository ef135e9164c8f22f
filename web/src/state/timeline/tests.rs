//! The page's timeline, driven action by action as a student drives it: the slider views,
//! Back and Step walk one thing at a time, acting in the past branches (visibly), New and
//! Restart, and a share link that can be stepped through from its start.

use super::super::test_helpers::{cmd, demo_with_handshake, run};
use super::super::*;
use crate::i18n::{t, Key};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
use yew::Reducible;

/// A connection set up by hand and played to its end: B's socket is ESTABLISHED.
fn connected() -> Rc<Playground> {
    let p = demo_with_handshake();
    let mut p = p;
    while p.next_due().is_some() {
        p = p.reduce(Action::Step);
    }
    p
}

/// The socket table as the page shows it: every socket's row, host by host.
fn sockets(p: &Playground) -> Vec<String> {
    let w = p.world.get();
    w.sockets().map(|s| format!("{:?}", s.row())).collect()
}

fn digest(p: &Playground) -> (u64, Instant, Vec<String>) {
    let w = p.world.get();
    (w.log().digest(), w.now(), sockets(p))
}

#[test]
fn the_slider_views_the_middle_and_the_end_gives_back_the_same_sockets() {
    let p = connected();
    let end = digest(&p);
    let tl = p.timeline_view();
    assert_eq!((tl.now, tl.end, tl.in_past), (end.1, end.1, false));
    let mid = Instant(end.1 .0 / 2);
    let q = run(p, [Action::ViewAt(mid)]);
    let tl = q.timeline_view();
    assert_eq!((tl.now, tl.end, tl.in_past), (mid, end.1, true));
    assert_ne!(sockets(&q), end.2, "mid-handshake the sockets differ");
    assert!(!sockets(&q).is_empty(), "B's socket is there in the middle");
    let q = run(q, [Action::ViewAt(end.1)]);
    assert_eq!(digest(&q), end);
    assert!(!q.timeline_view().in_past);
}

#[test]
fn five_backs_then_five_steps_come_back_to_the_same_world() {
    let p = connected();
    let end = digest(&p);
    let (head, lines) = (p.session.get().branch().head(), p.console_lines.get().len());
    let mut q = p;
    let mut times = vec![];
    for _ in 0..5 {
        q = q.reduce(Action::StepBack);
        assert!(q.notice.is_none(), "{:?}", q.notice);
        times.push(q.session.get().moment().done);
    }
    assert_eq!(
        times,
        (1..=5).map(|i| head.done - i).collect::<Vec<_>>(),
        "one thing back each"
    );
    assert_eq!(q.timeline_view().end, end.1, "the end stays where it was");
    for _ in 0..5 {
        q = q.reduce(Action::Step);
    }
    assert_eq!(digest(&q), end);
    assert_eq!(q.session.get().branch().head(), head);
    assert_eq!(q.console_lines.get().len(), lines, "looking is not running");
}

#[test]
fn step_in_the_past_replays_up_to_the_end_then_plays_on() {
    let p = run(
        connected(),
        [cmd("B: send(c, \"hello\")"), Action::Step, Action::Step],
    );
    let head = p.session.get().branch().head();
    let mut q = run(p, [Action::ViewAt(Instant::ZERO)]);
    let mut n = 0;
    while q.session.get().in_past() {
        q = q.reduce(Action::Step);
        n += 1;
        assert!(n < 100, "Step never reached the end");
    }
    assert_eq!(q.session.get().moment(), head);
    let q = q.reduce(Action::Step);
    assert!(
        q.session.get().moment() > head,
        "past the end, Step plays on"
    );
    assert!(q.session.get().branch().head() > head);
    assert!(
        q.session.get().branches().is_empty(),
        "stepping is not acting"
    );
}

#[test]
fn playing_from_the_past_replays_without_repeating_lines() {
    let p = run(connected(), [cmd("B: send(c, \"hello\")")]);
    let p = run(p, [Action::Play]);
    let mut p = p;
    for _ in 0..200 {
        if !p.playing {
            break;
        }
        p = p.reduce(Action::Tick { wall_ms: 50.0 });
    }
    let end = digest(&p);
    let lines: Vec<_> = p.console_lines.get().iter().cloned().collect();
    let mut q = run(p, [Action::ViewAt(Instant(1)), Action::Play]);
    assert!(q.console_lines.get().iter().any(|l| l.future));
    for _ in 0..400 {
        if !q.playing || !q.session.get().in_past() {
            break;
        }
        q = q.reduce(Action::Tick { wall_ms: 50.0 });
    }
    assert_eq!(digest(&q), end);
    let now: Vec<_> = q.console_lines.get().iter().cloned().collect();
    assert_eq!(now, lines, "the same lines, none shown twice, none greyed");
}

#[test]
fn console_lines_after_the_moment_viewed_are_marked_not_yet() {
    let p = connected();
    let q = run(p, [Action::ViewAt(Instant::ZERO)]);
    let future: Vec<bool> = q.console_lines.get().iter().map(|l| l.future).collect();
    // The five lines were typed at time zero, before the first event: viewing time zero
    // (everything due by then done) shows them all.
    assert_eq!(future, vec![false; 5]);
    let q = run(q, [Action::StepBack, Action::StepBack]);
    let future: Vec<bool> = q.console_lines.get().iter().map(|l| l.future).collect();
    assert_eq!(future, vec![false, false, false, true, true]);
    let end = q.timeline_view().end;
    let q = run(q, [Action::ViewAt(end)]);
    assert!(q.console_lines.get().iter().all(|l| !l.future));
}

#[test]
fn acting_in_the_past_says_so_and_the_old_branch_comes_back_with_its_console() {
    let p = run(connected(), [cmd("B: send(c, \"hello\")")]);
    let old = digest(&p);
    let old_lines = p.console_lines.get().len();
    assert!(p.timeline_view().branch_from.is_none());
    let mid = Instant(old.1 .0 / 2);
    let q = run(p, [Action::ViewAt(mid), cmd("B: u = socket(udp)")]);
    let tl = q.timeline_view();
    assert_eq!(tl.branch_from, Some(mid), "the page says where it branched");
    assert_eq!(tl.branches.len(), 1);
    assert_eq!(tl.branches[0], (mid, old.1));
    let lines: Vec<String> = q
        .console_lines
        .get()
        .iter()
        .map(|l| l.input.clone())
        .collect();
    assert_eq!(lines.last().map(String::as_str), Some("B: u = socket(udp)"));
    assert!(
        !lines.iter().any(|l| l.contains("hello")),
        "the old branch's later line went with it: {lines:?}"
    );
    let r = run(q, [Action::SwitchBranch(0)]);
    assert!(r.timeline_view().branch_from.is_none());
    assert_eq!(r.console_lines.get().len(), old_lines);
    let r = run(r, [Action::ViewAt(old.1)]);
    assert_eq!(digest(&r), old, "the old run, with its future");
    assert_eq!(
        r.timeline_view().branches.len(),
        1,
        "the new one is kept too"
    );
}

#[test]
fn restart_plays_the_same_scenario_from_zero_and_new_gives_two_hosts() {
    let scenario = Scenario::from_json(include_str!("../../../../lessons/handshake.json")).unwrap();
    let p = run(
        Rc::new(Playground::demo(Lang::En)),
        [Action::LoadScenario(Box::new(scenario.clone()))],
    );
    let start = digest(&p);
    let p = run(p, [Action::Step, Action::Step, cmd("B: u = socket(udp)")]);
    assert_ne!(digest(&p), start);
    let edits = p.edits;
    let q = run(p, [Action::Restart]);
    assert_eq!(digest(&q), start);
    assert_eq!(
        q.scenario.lesson.as_ref().map(|l| &l.id),
        scenario.lesson.as_ref().map(|l| &l.id)
    );
    assert!(q.edits > edits);
    let r = run(q, [Action::New]);
    let names: Vec<String> = r.world.get().hosts().map(|h| h.name.clone()).collect();
    assert_eq!(names, ["A", "B"]);
    assert!(r.scenario.lesson.is_none());
    assert_eq!(r.world.get().sockets().count(), 0);
    assert!(r.console_lines.get().is_empty());
    assert!(!r.timeline_view().can_back);
}

#[test]
fn a_shared_link_can_be_stepped_from_its_start_to_where_it_was_shared() {
    let p = run(connected(), [cmd("B: send(c, \"hello\")"), Action::Step]);
    let link = sockscope_core::teach::share::encode(&p.share_scenario());
    let end = digest(&p);
    let mut q = Rc::new(Playground::from_link(&link, Lang::En));
    assert!(q.link_kept);
    assert_eq!(digest(&q), end);
    assert!(q.timeline_view().can_back, "Back works on a shared run");
    assert!(q.history.len() > 2, "checkpoints along the catch-up");
    let mut backs = 0;
    while q.timeline_view().can_back {
        q = q.reduce(Action::StepBack);
        backs += 1;
        assert!(backs < 1_000);
    }
    assert_eq!(q.world.get().now(), Instant::ZERO);
    assert!(
        q.console_lines.get().iter().any(|l| l.future),
        "its lines are not yet"
    );
    while q.session.get().in_past() {
        q = q.reduce(Action::Step);
    }
    assert_eq!(digest(&q), end, "stepped through to the same run");
    assert!(q.console_lines.get().iter().all(|l| !l.future));
    // Acting drops the link (the address's fragment goes with it).
    let r = run(q, [cmd("A: u = socket(udp)")]);
    assert!(!r.link_kept);
}

#[test]
fn a_link_opened_in_an_open_tab_replaces_the_run_and_a_bad_one_says_why() {
    let p = run(connected(), [cmd("B: send(c, \"hello\")")]);
    let link = sockscope_core::teach::share::encode(&p.share_scenario());
    let end = digest(&p);
    let q = run(
        Rc::new(Playground::demo(Lang::En)),
        [cmd("A: x = socket(udp)"), Action::OpenLink(link)],
    );
    assert_eq!(digest(&q), end);
    assert!(q.link_kept);
    let r = run(q, [Action::OpenLink("v1.not-a-link".into())]);
    let notice = r.notice.clone().unwrap_or_default();
    assert!(notice.starts_with(t(Lang::En, Key::BadLink)), "{notice}");
    assert!(!r.link_kept);
}

#[test]
fn a_played_run_steps_back_and_forth_to_the_same_world_and_clock() {
    // Played by frames, so checkpoints sit at frame times, between events; a Back over
    // the acts typed at 0 ms must not move the clock past them (it did: the connect then
    // replayed at 8 ms and the run came out different).
    let mut p = run(
        demo_with_handshake(),
        [Action::SetSpeed(1000), Action::Play],
    );
    for _ in 0..2000 {
        if !p.playing {
            break;
        }
        p = p.reduce(Action::Tick { wall_ms: 16.0 });
    }
    let end = digest(&p);
    let mut q = p;
    for _ in 0..5 {
        q = q.reduce(Action::StepBack);
    }
    assert_eq!(
        q.world.get().now(),
        Instant::ZERO,
        "back among the calls typed at 0 ms"
    );
    for _ in 0..5 {
        q = q.reduce(Action::Step);
    }
    assert_eq!(digest(&q), end);
}

#[test]
fn a_shared_link_of_a_run_played_by_frames_steps_back_to_its_start() {
    // The run the page's end-to-end test shares: calls typed at 0 ms, then played by
    // animation frames, so the link's moment sits at a frame's time.
    let mut p = run(
        demo_with_handshake(),
        [Action::SetSpeed(1000), Action::Play],
    );
    for _ in 0..2000 {
        if !p.playing {
            break;
        }
        p = p.reduce(Action::Tick { wall_ms: 16.0 });
    }
    let link = sockscope_core::teach::share::encode(&p.share_scenario());
    let end = digest(&p);
    let mut q = Rc::new(Playground::from_link(&link, Lang::En));
    assert_eq!(digest(&q), end);
    let mut backs = 0;
    while q.timeline_view().can_back {
        q = q.reduce(Action::StepBack);
        backs += 1;
        assert!(backs < 1_000);
    }
    assert_eq!(q.world.get().now(), Instant::ZERO);
    assert!(
        q.console_lines.get().iter().all(|l| l.future),
        "at the start every typed line is still to come"
    );
    while q.session.get().in_past() {
        q = q.reduce(Action::Step);
    }
    assert_eq!(digest(&q), end, "stepped through to the same run");
}
