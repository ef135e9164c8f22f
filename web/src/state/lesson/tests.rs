//! The lesson's reducer as a learner drives it: start screen, answers, the one Continue,
//! the order of outcome and words, the score, Restart, and the edited script.

use super::*;
use crate::state::{Action, Playground};
use sockscope_core::teach::catalog;
use std::rc::Rc;
use yew::Reducible;

fn lesson(id: &str) -> Rc<Playground> {
    let s = Scenario::from_json(catalog::lesson(id).unwrap()).unwrap();
    Rc::new(Playground::demo(Lang::En)).reduce(Action::LoadScenario(Box::new(s)))
}

fn over(p: &Playground) -> bool {
    !p.playing && p.lesson.question.is_none() && p.script.is_empty() && p.next_due().is_none()
}

/// Plays a lesson to its end as the page does (frames of 50 ms at 10×), answering with
/// `answer` and pressing the one Continue; returns each judged question's index with the
/// step whose words showed beside its outcome.
fn walk(
    mut p: Rc<Playground>,
    answer: impl Fn(&sockscope_core::teach::lesson::Predict) -> String,
) -> (Rc<Playground>, Vec<(u32, Option<u32>)>) {
    p = p.reduce(Action::SetSpeed(1000));
    let mut judged = Vec::new();
    for _ in 0..20_000 {
        if over(&p) {
            return (p, judged);
        }
        let q = p.lesson.question.clone();
        let action = match q {
            Some(q) if q.outcome.is_some() => {
                judged.push((q.index, p.lesson.said));
                Action::Lesson(LessonAction::Continue)
            }
            Some(q) if q.choice.is_none() => Action::Answer(answer(p.predict().unwrap())),
            _ if !p.playing => Action::Lesson(LessonAction::Continue),
            _ => Action::Tick { wall_ms: 50.0 },
        };
        p = p.reduce(action);
    }
    panic!("the lesson did not end");
}

fn said_at(p: &Playground, ms: u64) -> Option<u32> {
    p.scenario
        .steps
        .iter()
        .position(|s| s.at_ms == ms && !s.say.is_empty())
        .map(|i| i as u32)
}

#[test]
fn a_lesson_opens_on_its_intro_and_start_plays_it() {
    // Lesson b has words at 0 ms: they used to replace the intro at once.
    let p = lesson("b-ports");
    assert_eq!(p.lesson.said, None, "the intro shows");
    assert_eq!(p.session.get().moment().done, 0, "nothing ran yet");
    assert!(p.console_lines.get().is_empty());
    let p = p
        .reduce(Action::Play)
        .reduce(Action::Tick { wall_ms: 16.0 });
    assert_eq!(p.lesson.said, said_at(&p, 0), "then step 1's words");
    assert!(!p.playing, "which wait to be read");
}

#[test]
fn one_continue_closes_the_feedback_and_plays_on() {
    let (p, judged) = walk(lesson("e-handshake"), |p| p.answer.clone());
    assert_eq!(judged.len(), 3, "{judged:?}");
    assert!(p.lesson.question.is_none());
    assert_eq!(p.lesson.right, vec![0, 1, 2]);
}

#[test]
fn lesson_g_shows_the_outcome_before_the_next_words() {
    let (p, judged) = walk(lesson("g-retransmission"), |p| p.answer.clone());
    assert_eq!(judged.len(), 2);
    // A's ACK of the third copy is delayed to 8.23 s, after the step at 8.1 s: its words
    // wait for the outcome, then come up.
    assert_eq!(judged[1], (1, said_at(&p, 4100)));
    assert_eq!(p.lesson.said, said_at(&p, 8100));
}

#[test]
fn the_score_counts_right_answers_and_restart_starts_over() {
    let (p, _) = walk(lesson("f-close-time-wait"), |p| {
        if p.question.get("en").is_some_and(|q| q.contains("first")) {
            "CLOSED".to_string()
        } else {
            p.answer.clone()
        }
    });
    assert_eq!(p.lesson.right, vec![1, 2], "the first answer was wrong");
    let r = p.reduce(Action::Lesson(LessonAction::Restart));
    assert_eq!(r.lesson.said, None);
    assert!(r.lesson.right.is_empty());
    assert_eq!(r.session.get().moment().done, 0);
    assert_eq!(r.lesson_info().unwrap().id, "f-close-time-wait");
}

fn bind_results(p: &Playground) -> Vec<Result<String, String>> {
    p.console_lines
        .get()
        .iter()
        .filter(|l| l.input.contains("bind(s2"))
        .map(|l| l.output.clone())
        .collect()
}

#[test]
fn an_edited_script_runs_from_the_start() {
    let p = lesson("f-close-time-wait");
    let (done, _) = walk(p.clone(), |p| p.answer.clone());
    assert!(bind_results(&done)[0]
        .as_ref()
        .unwrap_err()
        .contains("EADDRINUSE"));
    // The lesson's own suggestion: SO_REUSEADDR before the first bind of s2.
    let mut lines = ScriptLine::of(&p.scenario);
    let first = lines
        .iter()
        .position(|l| l.run.contains("bind(s2"))
        .unwrap();
    lines.insert(
        first,
        ScriptLine {
            at_ms: lines[first].at_ms.clone(),
            run: "A: reuseaddr(s2, on)".into(),
            from: None,
        },
    );
    let p = p.reduce(Action::Lesson(LessonAction::RunScript(lines.clone())));
    assert_eq!(p.scenario.steps.len(), lines.len());
    assert_eq!(p.lesson.said, None, "from the start screen");
    let (done, _) = walk(p, |p| p.answer.clone());
    assert_eq!(
        bind_results(&done)[0].as_deref(),
        Ok("ok"),
        "the rebind succeeds"
    );
}

#[test]
fn a_bad_line_is_named_in_the_users_language_and_nothing_runs() {
    let p = lesson("f-close-time-wait");
    let mut lines = ScriptLine::of(&p.scenario);
    lines[1].at_ms = "soon".into();
    lines[2].run = "A: listen(s".into();
    lines[3].run = "Q: c = socket(tcp)".into();
    lines[4].run = "  ".into();
    let sc = &p.scenario;
    let problems: Vec<_> = lines.iter().map(|l| l.problem(sc)).collect();
    assert_eq!(problems[0], None);
    assert_eq!(problems[1], Some(ScriptProblem::Time));
    assert!(matches!(problems[2], Some(ScriptProblem::Parse { .. })));
    assert_eq!(problems[3], Some(ScriptProblem::NoHost("Q".into())));
    assert_eq!(problems[4], Some(ScriptProblem::Empty));
    for l in &lines[1..5] {
        let ko = l.problem_text(sc, Lang::Ko).unwrap();
        assert!(
            ko.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)),
            "{ko}"
        );
        assert_ne!(Some(ko), l.problem_text(sc, Lang::En));
    }
    let q = p
        .clone()
        .reduce(Action::Lesson(LessonAction::RunScript(lines)));
    assert!(
        Rc::ptr_eq(&q.scenario, &p.scenario),
        "the lesson stays loaded"
    );
    assert!(
        q.notice.as_deref().unwrap().ends_with("2, 3, 4, 5"),
        "{:?}",
        q.notice
    );
}
