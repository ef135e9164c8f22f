//! The reducer's native tests: the page driven action by action, as a user drives it.

use super::test_helpers::{cmd, demo_with_handshake, run, typed_handshake};
use super::*;
use crate::i18n::{t, Key};
use sockscope_core::tcp::State;
use sockscope_core::teach::scenario::Step;
use sockscope_core::teach::session::Act;
use sockscope_core::EventKind;
use sockscope_core::World;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
use yew::Reducible;

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
        typed_handshake(p),
        [cmd("B: bind(c, 10.0.0.9:1)"), Action::Play],
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
    assert_eq!(scrubbed.world.get().log().len(), p.history[0].log_len());
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
    let scenario = Scenario::from_json(include_str!("../../../lessons/handshake.json")).unwrap();
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
    let scenario = Scenario::from_json(include_str!("../../../lessons/handshake.json")).unwrap();
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
    let link = sockscope_core::teach::share::encode(&p.share_scenario());
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
    // (The line that could not run is no act: one Back is before the socket.)
    assert!(p.recorded().is_empty(), "{:?}", p.recorded());
    let p = run(p, [Action::StepBack]);
    assert!(p.recorded().is_empty());
    assert!(
        p.notice.is_some(),
        "nothing before the start to step back to"
    );
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
    assert_eq!(
        p.lesson.said, None,
        "the start screen: the intro, nothing run"
    );
    let p = play_out(run(p, [Action::Play]), 100);
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
    assert_eq!(
        p.lesson.said,
        Some(2),
        "connect ran; its words wait for the outcome"
    );
    assert_eq!(p.lesson.held, Some(4));
    let p = run(p, [Action::CloseQuestion]);
    assert_eq!(p.lesson.said, Some(4), "and show once it is read");
    let p = play_out(run(p, [Action::Play]), 400);
    assert!(p.lesson.question.is_none());
    assert!(p.script.is_empty());
    // A share link of a lesson does not stop at questions on the way back.
    let link = sockscope_core::teach::share::encode(&p.share_scenario());
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

/// A handshake and some data, typed and stepped, with a checkpoint before each step.
fn stepped_run() -> Rc<Playground> {
    let mut p = demo_with_handshake();
    for _ in 0..3 {
        p = p.reduce(Action::Step);
    }
    let p = run(p, [cmd("A: t = accept(s)"), cmd("B: send(c, \"hello\")")]);
    run(p, [Action::Step, Action::Step, Action::Step])
}

fn digest(p: &Playground) -> (u64, Instant) {
    let w = p.world.get();
    (w.log().digest(), w.now())
}

#[test]
fn scrubbing_to_the_middle_then_the_end_gives_back_the_same_world() {
    let p = stepped_run();
    let end = digest(&p);
    let end_len = p.world.get().log().len();
    // Just before the middle event of the run.
    let mid = {
        let w = p.world.get();
        let events = w.log().events();
        Instant(events[events.len() / 2].at.micros() - 1)
    };
    let q = run(p.clone(), [Action::ViewAt(mid)]);
    assert_eq!(q.world.get().now(), mid);
    // (The session is shared by successive states, so `p` sees the same world now.)
    assert!(q.world.get().log().len() < end_len);
    assert!(q.session.get().in_past());
    let q = run(q, [Action::ViewAt(end.1)]);
    assert_eq!(digest(&q), end);
    // The same through the history's checkpoints.
    let q = run(p, [Action::ScrubTo(2), Action::ViewAt(end.1)]);
    assert_eq!(digest(&q), end);
    assert_eq!(q.recorded().len(), 7, "no act was lost looking back");
}

#[test]
fn five_backs_then_five_forwards_end_where_they_started() {
    let p = stepped_run();
    let (end, lines) = (digest(&p), p.console_lines.get().len());
    let mut q = p.clone();
    for _ in 0..5 {
        q = q.reduce(Action::StepBack);
        assert!(q.notice.is_none());
    }
    assert!(digest(&q).1 < end.1);
    assert_eq!(q.history.len(), p.history.len() - 5);
    for _ in 0..5 {
        q = q.reduce(Action::StepForward);
    }
    assert_eq!(digest(&q), end);
    assert_eq!(q.history.len(), p.history.len());
    assert_eq!(q.console_lines.get().len(), lines, "looking is not running");
    assert!(!q.session.get().in_past());
}

#[test]
fn acting_in_the_past_branches_and_the_old_branch_can_be_restored() {
    let p = stepped_run();
    let old = digest(&p);
    let q = run(
        p,
        [
            Action::StepBack,
            Action::StepBack,
            Action::StepBack,
            Action::StepBack,
            cmd("B: u = socket(udp)"),
        ],
    );
    assert_eq!(q.session.get().branches().len(), 1);
    assert_eq!(q.recorded().last().unwrap().run, "B: u = socket(udp)");
    let q = play_out(run(q, [Action::Play]), 400);
    let new = digest(&q);
    assert_ne!(new.0, old.0);
    let r = run(q, [Action::SwitchBranch(0)]);
    assert!(r.console.vars.keys().all(|(_, v)| v != "u"));
    let mut r = r;
    for _ in 0..10 {
        r = r.reduce(Action::StepForward);
    }
    assert_eq!(digest(&r), old, "the old branch, with its future");
    assert_eq!(
        r.session.get().branches().len(),
        1,
        "the new one is kept too"
    );
    let r = run(r, [Action::SwitchBranch(0)]);
    assert_eq!(
        r.session
            .get()
            .branch()
            .acts()
            .last()
            .map(|a| a.act.clone()),
        Some(Act::Line("B: u = socket(udp)".parse().unwrap()))
    );
}

#[test]
fn the_state_diagram_and_the_tcb_panel_follow_one_socket() {
    // What the panels ask: the core query, with the socket the user picked.
    let followed = |p: &Playground| {
        let f = p.session.get().followed(p.selected_socket);
        (f.socket, f.udp)
    };
    let p = stepped_run();
    let w = p.world.get();
    let events = w.log().events();
    let last_changed = events
        .iter()
        .rev()
        .find(|e| matches!(e.kind, sockscope_core::EventKind::StateChanged { .. }))
        .and_then(|e| e.socket);
    // The two rules the panels used to pick by disagree here: the server's
    // connection changed state last, the client had the last event.
    assert_ne!(last_changed, events.iter().rev().find_map(|e| e.socket));
    assert_eq!(followed(&p), (last_changed, false));
    drop(w);
    let c = p.console.vars[&(HostId(1), "c".to_string())];
    let q = run(p, [Action::SelectSocket(Some(c))]);
    assert_eq!(followed(&q), (Some(c), false));
}
