//! The guided lessons of issue 6 (a to l): each one loads, is written in every language,
//! runs to its end with the states, counts, call results and predicted outcomes it
//! claims, and replays identically. Natively and in the browser.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use sockscope_core::teach::catalog::{self, LESSONS};
use sockscope_core::teach::lesson::{text_problems, Lesson};
use sockscope_core::teach::scenario::Scenario;

/// The lessons of issue 6, in teaching order.
const IDS: [&str; 20] = [
    "a-layers",
    "b-ports",
    "c-four-tuple",
    "d-udp-vs-tcp",
    "e-handshake",
    "f-close-time-wait",
    "g-retransmission",
    "h-reordering",
    "i-simultaneous",
    "j-flow-control",
    "k-congestion",
    "l-reset",
    "m-sack",
    "n-nagle",
    "o-arp",
    "p-traceroute",
    "q-bottleneck",
    "r-long-fat-pipe",
    "s-profiles",
    "t-nat",
];

fn load(id: &str) -> (Scenario, Lesson) {
    let json = catalog::lesson(id).unwrap_or_else(|| panic!("{id} is not in the catalog"));
    let scenario = Scenario::from_json(json).unwrap_or_else(|e| panic!("{id}: {e}"));
    let lesson = scenario
        .lesson
        .clone()
        .unwrap_or_else(|| panic!("{id} has no lesson block"));
    (scenario, lesson)
}

fn uses_tcp(s: &Scenario) -> bool {
    s.steps.iter().any(|st| st.run.contains("socket(tcp)"))
}

#[test]
fn every_lesson_is_complete_and_runs_as_it_says() {
    for (id, _) in LESSONS {
        let (scenario, lesson) = load(id);
        assert_eq!(lesson.id, *id, "the lesson block's id");
        let problems = text_problems(&lesson, scenario.steps.iter().map(|s| &s.say));
        assert!(problems.is_empty(), "{id}: {problems:#?}");
        assert!(
            lesson.checks.len() >= 3,
            "{id}: only {} checks",
            lesson.checks.len()
        );
        let said = scenario.steps.iter().filter(|s| !s.say.is_empty()).count();
        assert!((4..=10).contains(&said), "{id}: {said} steps with text");
        let run = scenario.run().unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(
            run.failures.is_empty(),
            "{id}: the run does not bear the lesson out:\n{}",
            run.failures.join("\n")
        );
        if uses_tcp(&scenario) {
            assert!(
                !lesson.predict.is_empty(),
                "{id}: a TCP lesson with no prediction"
            );
        }
        assert_eq!(run.outcomes.len(), lesson.predict.len(), "{id}");
        for (p, outcome) in lesson.predict.iter().zip(&run.outcomes) {
            assert!(
                (3..=4).contains(&p.choices.len()),
                "{id}: the question at {} ms has {} choices",
                p.at_ms,
                p.choices.len()
            );
            let outcome = outcome
                .as_deref()
                .unwrap_or_else(|| panic!("{id}: the question at {} ms has no outcome", p.at_ms));
            assert!(
                p.judge(&p.answer, outcome),
                "{id}: {} vs {outcome}",
                p.answer
            );
        }
        for h in &scenario.hosts {
            let (x, y) = (h.x.expect("placed"), h.y.expect("placed"));
            assert!(
                (0..=1000).contains(&x) && (0..=600).contains(&y),
                "{id}: host {} at ({x}, {y}) is off the stage",
                h.name
            );
        }
    }
}

#[test]
fn the_catalog_holds_lessons_a_to_l_in_order() {
    let ids: Vec<&str> = LESSONS.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids, IDS);
    // Every catalog entry is the file of the same name.
    for (id, json) in LESSONS {
        assert!(json.contains(&format!("\"id\": \"{id}\"")), "{id}");
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn every_lesson_file_is_in_the_catalog() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../lessons");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(".json").map(str::to_string))
        .filter(|name| name != "handshake")
        .collect();
    files.sort();
    let mut listed: Vec<String> = LESSONS.iter().map(|(id, _)| id.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed, "lessons/*.json and catalog::LESSONS differ");
    // And the catalog compiled in the files as they are on disk.
    for (id, json) in LESSONS {
        let disk = std::fs::read_to_string(dir.join(format!("{id}.json"))).unwrap();
        assert_eq!(disk, *json, "{id}");
    }
}

/// Runs a changed lesson and returns its one failure, which must start with `names`.
fn the_one_failure(scenario: &Scenario, names: &str) -> String {
    let failures = scenario.run().unwrap().failures;
    assert_eq!(failures.len(), 1, "{failures:#?}");
    assert!(failures[0].starts_with(names), "{}", failures[0]);
    failures[0].clone()
}

#[test]
fn a_wrong_check_or_answer_is_reported_by_name() {
    let (mut scenario, lesson) = load("e-handshake");
    // A check on a socket state, turned wrong.
    let i = lesson
        .checks
        .iter()
        .position(|c| c.state.as_deref() == Some("ESTABLISHED"))
        .expect("lesson e checks an ESTABLISHED socket");
    let socket = lesson.checks[i].socket.clone().unwrap();
    scenario.lesson.as_mut().unwrap().checks[i].state = Some("SYN-RECEIVED".into());
    let failure = the_one_failure(&scenario, &format!("check {}", i + 1));
    assert!(
        failure.contains(&socket) && failure.contains("not SYN-RECEIVED"),
        "{failure}"
    );
    // An event count, turned wrong.
    let (mut scenario, lesson) = load("e-handshake");
    let i = lesson
        .checks
        .iter()
        .position(|c| c.event.is_some() && c.at_most.is_some())
        .expect("lesson e counts an event");
    let check = &mut scenario.lesson.as_mut().unwrap().checks[i];
    (check.at_least, check.at_most) = (None, Some(0));
    let failure = the_one_failure(&scenario, &format!("check {}", i + 1));
    assert!(
        failure.contains(lesson.checks[i].event.as_deref().unwrap()),
        "{failure}"
    );
    // A prediction whose written answer is another of its choices.
    let (mut scenario, lesson) = load("e-handshake");
    let p = &lesson.predict[0];
    let wrong = p.choices.iter().find(|c| !p.judge(c, &p.answer)).unwrap();
    scenario.lesson.as_mut().unwrap().predict[0].answer = wrong.clone();
    let failure = the_one_failure(&scenario, "prediction 1");
    assert!(
        failure.contains(wrong) && failure.contains(&p.answer),
        "{failure}"
    );
    // A step whose expected result is not what the call returns.
    let (mut scenario, _) = load("e-handshake");
    let i = scenario
        .steps
        .iter()
        .position(|s| s.run.contains("recv("))
        .unwrap();
    scenario.steps[i].expect = Some("\"goodbye\"".into());
    the_one_failure(&scenario, &format!("step {}", i + 1));
}

#[test]
fn every_lesson_replays_identically() {
    for (id, _) in LESSONS {
        let (scenario, _) = load(id);
        let (a, b) = (scenario.run().unwrap(), scenario.run().unwrap());
        assert_eq!(a.world.log().digest(), b.world.log().digest(), "{id}");
        assert_eq!(a.world.log().len(), b.world.log().len(), "{id}");
        assert_eq!(a.results, b.results, "{id}");
        assert_eq!(a.outcomes, b.outcomes, "{id}");
    }
}

/// The plain loop every driver used before the session: each cue in time order after
/// the world has run to it, then the world to the end. The session must play every lesson
/// exactly so, event for event.
fn plain_loop(scenario: &Scenario) -> (u64, u64, Vec<Result<String, String>>) {
    use sockscope_core::teach::command::{CommandError, Console};
    use sockscope_core::teach::script::Cue;
    use sockscope_core::{Duration, Instant};
    let (mut world, mut script) = scenario.build().unwrap();
    let mut console = Console::default();
    let mut results = vec![Ok(String::new()); scenario.steps.len()];
    while let Some((at, cue)) = script.pop_front() {
        world.run_until(at);
        match cue {
            Cue::Fault(i) => script.arm(&mut world, i),
            Cue::Step(i) => {
                let cmd = script.command(i).unwrap().clone();
                results[i as usize] = match console.run(&mut world, &cmd) {
                    Ok(v) => Ok(v.to_string()),
                    Err(CommandError::Errno(e)) => Err(e.to_string()),
                    Err(e) => panic!("step {i}: {e}"),
                };
            }
            Cue::Ask(_) | Cue::Check(_) => {}
        }
    }
    let last = scenario.steps.iter().map(|s| s.at().micros()).max();
    let end = script.last_at().max(Instant(last.unwrap_or(0)));
    world.run_until(end + Duration::from_millis(scenario.until_ms));
    (world.log().digest(), world.now().micros(), results)
}

#[test]
fn the_session_plays_every_lesson_as_the_plain_loop_of_cues() {
    for (id, _) in LESSONS {
        let (scenario, _) = load(id);
        let run = scenario.run().unwrap();
        let (digest, now, results) = plain_loop(&scenario);
        assert_eq!(run.world.log().digest(), digest, "{id}");
        assert_eq!(run.world.now().micros(), now, "{id}");
        assert_eq!(run.results, results, "{id}");
    }
}

/// What the page does: a guided session stops at each step's words and each question
/// (answered as the lesson says), and looking back halfway and forward again changes
/// nothing; it ends where the command-line run ends.
#[test]
fn a_guided_session_viewed_back_and_forth_ends_as_the_straight_run() {
    use sockscope_core::teach::session::{Act, Session, Stop};
    use sockscope_core::Instant;
    for (id, _) in LESSONS {
        let (scenario, lesson) = load(id);
        let straight = scenario.run().unwrap();
        let end = straight.world.now();
        let mut s = Session::new(std::rc::Rc::new(scenario.clone())).unwrap();
        let (mut said, mut asked) = (0, 0);
        loop {
            s.checkpoint();
            match s.advance_to(end) {
                Stop::Said(_) => said += 1,
                Stop::Ask(i) => {
                    asked += 1;
                    let answer = lesson.predict[i as usize].answer.clone();
                    s.act(Act::Answer(answer)).unwrap();
                }
                Stop::Outcome => {}
                Stop::Reached | Stop::ScriptEnded | Stop::Idle => break,
                other => panic!("{id}: {other:?}"),
            }
        }
        let wanted = scenario
            .steps
            .iter()
            .filter(|st| !st.say.is_empty())
            .count();
        assert_eq!((said, asked), (wanted, lesson.predict.len()), "{id}");
        let digest = straight.world.log().digest();
        assert_eq!(s.world().log().digest(), digest, "{id}");
        // Just before the middle event of the run.
        let events = straight.world.log().events();
        let mid = events[events.len() / 2].at.micros();
        s.view_at(Instant(mid.saturating_sub(1)));
        assert!(s.world().log().len() <= events.len() as u64 / 2, "{id}");
        s.view_at(end);
        assert_eq!(s.world().log().digest(), digest, "{id}");
        assert!(s.branches().is_empty(), "{id}");
    }
}
