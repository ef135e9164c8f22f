//! The session on its own: the one loop, its stops, and the timeline (looking back is
//! viewing; acting in the past branches).

use super::*;
use crate::teach::scenario::Scenario;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const GUIDED: &str = r#"{
    "version": 1, "seed": 3,
    "hosts": [ { "name": "A", "addr": "10.0.0.1" }, { "name": "B", "addr": "10.0.0.2" } ],
    "paths": [ { "from": "A", "to": "B", "both": true, "delay_ms": 10 } ],
    "steps": [
        { "at_ms": 0, "run": "A: s = socket(tcp)" },
        { "at_ms": 0, "run": "A: bind(s, 10.0.0.1:80)" },
        { "at_ms": 0, "run": "A: listen(s)", "say": { "en": "A listens", "ko": "A가 대기" } },
        { "at_ms": 5, "run": "B: c = socket(tcp)" },
        { "at_ms": 10, "run": "B: connect(c, 10.0.0.1:80)", "say": { "en": "B connects", "ko": "B가 연결" } },
        { "at_ms": 100, "run": "A: t = accept(s)" },
        { "at_ms": 100, "run": "B: send(c, \"hello\")" }
    ],
    "lesson": { "id": "t", "title": { "en": "T", "ko": "T" },
        "predict": [ { "at_ms": 10, "socket": "B: c", "ask": "next_state",
            "question": { "en": "next?", "ko": "다음?" },
            "choices": ["SYN-SENT", "ESTABLISHED"], "answer": "SYN-SENT" } ] },
    "until_ms": 500
}"#;

fn session(pace: Pace) -> Session {
    let scenario = Scenario::from_json(GUIDED).unwrap();
    let mut s = Session::new(Rc::new(scenario)).unwrap();
    s.set_pace(pace);
    s
}

fn line(text: &str) -> Act {
    Act::Line(text.parse().unwrap())
}

#[test]
fn a_guided_session_stops_at_words_and_questions_a_straight_one_does_not() {
    let mut g = session(Pace::Guided);
    assert_eq!(g.advance_to(Instant(1_000_000)), Stop::Said(2));
    assert_eq!(g.world().now(), Instant::ZERO);
    assert_eq!(g.advance_to(Instant(1_000_000)), Stop::Ask(0));
    assert_eq!(g.world().now(), Instant(10_000), "asked before the connect");
    assert_eq!(g.advance_to(Instant(1_000_000)), Stop::Said(4));
    assert_eq!(
        g.lesson().question.as_ref().unwrap().outcome.as_deref(),
        Some("SYN-SENT")
    );
    assert_eq!(g.advance_to(Instant(1_000_000)), Stop::Idle);
    let mut s = session(Pace::Straight);
    assert_eq!(s.advance_to(Instant(99_000)), Stop::Reached);
    assert_eq!(
        s.advance_to(Instant(100_000)),
        Stop::ScriptEnded,
        "the send is in flight"
    );
    assert_eq!(s.advance_to(Instant(1_000_000)), Stop::Idle);
    assert!(s.lesson().question.is_none(), "a straight run asks nothing");
    assert_eq!(s.asked().len(), 1, "but notes when it would have");
    assert_eq!(s.world().log().digest(), g.world().log().digest());
}

#[test]
fn a_budget_cuts_the_run_into_pieces_that_add_up_to_the_same_run() {
    let mut whole = session(Pace::Straight);
    whole.advance_to(Instant(600_000));
    let mut cut = session(Pace::Straight);
    cut.set_budget(Some(1));
    let mut budgets = 0;
    while cut.advance_to(Instant(600_000)) == Stop::Budget {
        budgets += 1;
    }
    assert!(budgets >= 5, "{budgets}");
    assert_eq!(cut.world().log().digest(), whole.world().log().digest());
    assert_eq!(cut.world().now(), whole.world().now());
}

/// A run with a user's acts in it, checkpointed as the page does, to 400 ms.
fn acted() -> Session {
    let mut s = session(Pace::Straight);
    s.advance_to(Instant(20_000));
    s.checkpoint();
    s.act(line("A: u = socket(udp)")).unwrap();
    s.step();
    s.checkpoint();
    s.act(line("bind(u, *:53)")).unwrap();
    s.advance_to(Instant(150_000));
    s.checkpoint();
    s.advance_to(Instant(400_000));
    s
}

#[test]
fn viewing_the_past_and_coming_back_gives_the_same_world() {
    let mut s = acted();
    let end = (s.world().log().digest(), s.world().now(), s.moment());
    let end_len = s.world().log().len();
    s.view_at(Instant(60_000));
    assert_eq!(s.world().now(), Instant(60_000));
    assert!(s.world().log().len() < end_len);
    assert!(s.in_past());
    // Everything due by 60 ms, and nothing after.
    assert!(s
        .world()
        .log()
        .events()
        .iter()
        .all(|e| e.at <= Instant(60_000)));
    s.view_at(Instant(10_000));
    assert!(
        s.console().vars.keys().all(|(_, v)| v != "u"),
        "before the act"
    );
    s.view_at(end.1);
    assert_eq!((s.world().log().digest(), s.world().now(), s.moment()), end);
    assert!(!s.in_past());
    assert!(s.branches().is_empty(), "viewing never branches");
    // The act replayed where it was made: u is bound.
    let u = s.console().vars[&(crate::HostId(0), "u".to_string())];
    assert_eq!(s.world().get_socket(u).unwrap().local.unwrap().port, 53);
}

#[test]
fn back_and_forward_are_inverses() {
    let mut s = acted();
    let end = (s.world().log().digest(), s.moment());
    let mut seen = vec![s.moment()];
    while s.back() {
        seen.push(s.moment());
    }
    assert_eq!(seen.len(), 4, "three checkpoints behind the end: {seen:?}");
    assert!(seen.windows(2).all(|w| w[1] < w[0]));
    let mut again = vec![s.moment()];
    while s.forward() {
        again.push(s.moment());
    }
    again.reverse();
    assert_eq!(again, seen);
    assert_eq!((s.world().log().digest(), s.moment()), end);
}

#[test]
fn acting_in_the_past_branches_and_the_old_branch_comes_back() {
    let mut s = acted();
    let old = (s.world().log().digest(), s.moment());
    s.view_at(Instant(30_000));
    assert_eq!(s.forks(), 0, "looking back cuts nothing");
    s.act(line("B: v = socket(udp)")).unwrap();
    assert_eq!(s.branches().len(), 1);
    assert_eq!(s.forks(), 1);
    assert_eq!(
        s.branch().acts().len(),
        3,
        "the old acts before 30 ms, and the new one"
    );
    s.advance_to(Instant(400_000));
    assert_ne!(s.world().log().digest(), old.0);
    let new = s.world().log().digest();
    // Back to the old branch, where it was left, with its future.
    assert!(s.switch_branch(0));
    assert_eq!(s.world().now(), Instant(30_000));
    assert!(s.console().vars.keys().all(|(_, v)| v != "v"));
    s.view(s.branch().head());
    assert_eq!((s.world().log().digest(), s.moment()), old);
    // And to the new one again.
    assert!(s.switch_branch(0));
    assert_eq!(s.world().log().digest(), new);
}

#[test]
fn an_act_between_two_events_of_one_microsecond_replays_between_them() {
    // Two datagrams that arrive at the same instant, and a call made between the two.
    let mut s = Session::new(Rc::new(Scenario::two_hosts())).unwrap();
    s.set_pace(Pace::Straight);
    for l in [
        "A: u = socket(udp)",
        "B: v = socket(udp)",
        "A: sendto(u, \"x\", 10.0.0.2:9)",
        "B: sendto(v, \"y\", 10.0.0.1:9)",
    ] {
        s.act(line(l)).unwrap();
    }
    let due = s.world().next_event_at();
    s.step();
    assert_eq!(
        s.world().next_event_at(),
        due,
        "the second arrival is due now too"
    );
    s.act(line("A: w = socket(udp)")).unwrap();
    s.advance_to(Instant(300_000));
    let end = (s.world().log().digest(), s.moment());
    s.view_at(Instant::ZERO);
    assert_eq!(
        (s.moment().acts, s.moment().steps),
        (4, 0),
        "the calls at 0 ms, no arrival"
    );
    s.view(end.1);
    assert_eq!((s.world().log().digest(), s.moment()), end);
    // Replayed after both arrivals instead, the call would log in another place.
    let mut after = Session::new(Rc::new(Scenario::two_hosts())).unwrap();
    for act in &s.branch().acts()[..4] {
        after.act(act.act.clone()).unwrap();
    }
    after.advance_to(due.unwrap());
    after.act(line("A: w = socket(udp)")).unwrap();
    after.advance_to(Instant(300_000));
    assert_ne!(after.world().log().digest(), end.0);
}

#[test]
fn a_line_that_cannot_run_is_not_recorded() {
    let mut s = session(Pace::Straight);
    s.advance_to(Instant::ZERO);
    assert!(s.act(line("C: x = socket(tcp)")).is_err());
    assert!(s.branch().acts().is_empty());
    // An errno is part of the run.
    assert!(s.act(line("A: bind(s, 10.0.0.1:80)")).is_err());
    assert_eq!(s.branch().acts().len(), 1);
}

#[test]
fn the_panels_follow_one_socket() {
    let mut s = session(Pace::Straight);
    s.advance_to(Instant(50_000));
    let c = s.console().vars[&(crate::HostId(1), "c".to_string())];
    let f = s.followed(None);
    let last = f.socket.unwrap();
    assert_ne!(last, c, "the server's connection changed state last");
    assert_eq!(s.tcp_state(last), crate::tcp::State::Established);
    assert_eq!(s.followed(Some(c)).socket, Some(c));
    let path: Vec<_> = s.transitions(c).iter().map(|t| t.to).collect();
    assert_eq!(
        path,
        [crate::tcp::State::SynSent, crate::tcp::State::Established]
    );
    assert!(
        s.identity(c).line().starts_with("B · #1 c · 10.0.0.2:"),
        "{}",
        s.identity(c).line()
    );
    s.act(line("A: u = socket(udp)")).unwrap();
    let u = s.console().vars[&(crate::HostId(0), "u".to_string())];
    assert_eq!(
        s.followed(Some(u)),
        Followed {
            socket: None,
            udp: true
        }
    );
}

#[test]
fn a_call_whose_naming_fails_after_it_ran_is_replayed_without_the_name() {
    // bind() runs (the port is taken), then "x =" fails: bind returns no socket.
    let mut s = Session::new(Rc::new(Scenario::two_hosts())).unwrap();
    s.act(line("A: u = socket(udp)")).unwrap();
    let err = s.act(line("A: x = bind(u, *:53)")).unwrap_err();
    assert_eq!(err, CommandError::NothingToAssign);
    assert_eq!(
        s.world()
            .get_socket(crate::SocketId(0))
            .unwrap()
            .local
            .unwrap()
            .port,
        53
    );
    let recorded = &s.branch().acts()[1].act;
    assert_eq!(
        recorded,
        &line("A: bind(u, *:53)"),
        "recorded as what reached the world"
    );
    s.advance_to(Instant(100_000));
    let end = (s.world().log().digest(), s.moment());
    s.view_at(Instant::ZERO);
    s.view(end.1);
    assert_eq!((s.world().log().digest(), s.moment()), end);
}

/// Plays a guided lesson in big strides (a fast page's frames), answering each question
/// with `answer` and closing it once judged; returns, per question judged, its index and
/// the step whose words were showing when its outcome did.
fn guided_walk(
    id: &str,
    answer: impl Fn(&Predict) -> String,
) -> (Session, Vec<(u32, Option<u32>)>) {
    let json = crate::teach::catalog::lesson(id).unwrap();
    let mut s = Session::new(Rc::new(Scenario::from_json(json).unwrap())).unwrap();
    s.set_pace(Pace::Guided);
    let mut judged = Vec::new();
    for _ in 0..200 {
        let stop = s.advance_to(Instant(60_000_000));
        let open = s.lesson().question.clone();
        if let Some(q) = open {
            if q.outcome.is_some() {
                judged.push((q.index, s.lesson().said));
                s.act(Act::CloseQuestion).unwrap();
            } else if q.choice.is_none() {
                let choice = answer(s.predict().unwrap());
                s.act(Act::Answer(choice)).unwrap();
            }
        }
        if matches!(stop, Stop::Idle) && s.lesson().question.is_none() {
            break;
        }
    }
    (s, judged)
}

#[test]
fn an_outcome_shows_before_the_next_steps_words() {
    // Lesson g: A's ACK of the third retransmission (8.03 s) answers question 2; the words
    // of the step at 8.1 s come after it, not with it (both fell in one frame).
    let (s, judged) = guided_walk("g-retransmission", |p| p.answer.clone());
    assert_eq!(judged.len(), 2, "{judged:?}");
    let step_at = |ms: u64| {
        s.scenario()
            .steps
            .iter()
            .position(|st| st.at_ms == ms && !st.say.is_empty())
            .map(|i| i as u32)
    };
    assert_eq!(judged[1], (1, step_at(4100)), "the 8.1 s words waited");
    assert_eq!(s.lesson().said, step_at(8100), "and came next");
}

#[test]
fn the_progress_counts_the_right_answers() {
    let (s, judged) = guided_walk("f-close-time-wait", |p| p.answer.clone());
    assert_eq!(judged.len(), 3);
    assert_eq!(s.lesson().right, vec![0, 1, 2]);
    let (s, _) = guided_walk("f-close-time-wait", |p| {
        p.choices.iter().find(|c| **c != p.answer).unwrap().clone()
    });
    assert!(s.lesson().right.is_empty(), "{:?}", s.lesson().right);
}

#[test]
fn every_steps_words_show_even_while_an_answer_waits_for_its_outcome() {
    // Words held for an outcome must not be overwritten by the next step's (lesson a has
    // four steps with words between its question and the ACK that answers it).
    for (id, json) in crate::teach::catalog::LESSONS {
        let mut s = Session::new(Rc::new(Scenario::from_json(json).unwrap())).unwrap();
        s.set_pace(Pace::Guided);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..500 {
            let stop = s.advance_to(Instant(60_000_000));
            seen.extend(s.lesson().said);
            let open = s.lesson().question.clone();
            match open {
                Some(q) if q.outcome.is_some() => {
                    s.act(Act::CloseQuestion).unwrap();
                    seen.extend(s.lesson().said);
                }
                Some(q) if q.choice.is_none() => {
                    let answer = s.predict().unwrap().answer.clone();
                    s.act(Act::Answer(answer)).unwrap();
                }
                _ if matches!(stop, Stop::Idle) => break,
                _ => {}
            }
        }
        let wanted: std::collections::BTreeSet<u32> = (0..s.scenario().steps.len() as u32)
            .filter(|&i| !s.scenario().steps[i as usize].say.is_empty())
            .collect();
        assert_eq!(seen, wanted, "{id}");
    }
}
