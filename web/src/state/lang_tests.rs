//! The Korean page answers in Korean: console results and errors, `help`, and a broken
//! share link's reason (the English page keeps its English answers).

use super::*;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
use yew::Reducible;

fn run(p: Rc<Playground>, lines: &[&str]) -> Rc<Playground> {
    lines
        .iter()
        .fold(p, |p, l| p.reduce(Action::RunCommand(l.to_string())))
}

fn outputs(p: &Playground) -> Vec<Result<String, String>> {
    p.console_lines
        .get()
        .iter()
        .map(|l| l.output.clone())
        .collect()
}

fn has_hangul(s: &str) -> bool {
    s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

const SESSION: &[&str] = &[
    "A: s = socket(tcp)",
    "A: bind(s, 10.0.0.1:80)",
    "A: listen(s)",
    "B: c = socket(tcp)",
    "B: connect(c, 10.0.0.1:80)",
    "A: t = accept(s)",
    "A: bind(s 10.0.0.1:80)",
    "A: conect(c, 10.0.0.1:80)",
    "help(connect)",
];

#[test]
fn the_korean_console_answers_in_korean() {
    let p = run(Rc::new(Playground::demo(Lang::Ko)), SESSION);
    let out = outputs(&p);
    assert_eq!(out[0], Ok("소켓 #0".into()));
    assert_eq!(out[1], Ok("완료".into()));
    assert_eq!(out[4], Ok("SYN을 보냈습니다. 연결하는 중…".into()));
    assert!(
        out[5]
            .as_ref()
            .unwrap_err()
            .starts_with("EAGAIN: 아직 기다리는 연결이 없습니다"),
        "{:?}",
        out[5]
    );
    assert_eq!(
        out[6],
        Err("11번째 열: \",\" 또는 \")\"가 와야 합니다".into())
    );
    assert!(out[7]
        .as_ref()
        .unwrap_err()
        .contains("알 수 없는 호출 'conect': 'connect'"));
    assert!(out[8].as_ref().unwrap().starts_with("connect: "));
    for o in &out {
        let text = o.as_ref().unwrap_or_else(|e| e);
        assert!(has_hangul(text), "{text}");
    }
}

#[test]
fn the_english_console_keeps_its_answers_and_help_runs_nothing() {
    let p = run(Rc::new(Playground::demo(Lang::En)), SESSION);
    let out = outputs(&p);
    assert_eq!(out[0], Ok("socket #0".into()));
    assert_eq!(out[1], Ok("ok".into()));
    assert_eq!(out[4], Ok("ok: SYN sent; connecting…".into()));
    assert_eq!(out[6], Err("at column 11: expected \",\" or \")\"".into()));
    for o in &out {
        let text = o.as_ref().unwrap_or_else(|e| e);
        assert!(!has_hangul(text), "{text}");
    }
    // `help` is answered by the page: it is not a line of the run (a share link).
    let before = p.share_scenario().steps.len();
    let p = run(p, &["help", "help(accept)"]);
    assert_eq!(p.share_scenario().steps.len(), before);
    let out = outputs(&p);
    assert!(out[out.len() - 2].as_ref().unwrap().contains("socket(tcp)"));
    assert!(out[out.len() - 1].as_ref().unwrap().starts_with("accept: "));
}

#[test]
fn a_broken_share_link_says_why_in_the_page_language() {
    let ko = Rc::new(Playground::demo(Lang::Ko)).reduce(Action::OpenLink("#v1.!!!".into()));
    let notice = ko.notice.clone().unwrap();
    assert!(
        notice.starts_with("이 공유 링크를 열 수 없습니다: 링크가 손상되었습니다"),
        "{notice}"
    );
    let en = Rc::new(Playground::demo(Lang::En)).reduce(Action::OpenLink("#v1.!!!".into()));
    let notice = en.notice.clone().unwrap();
    assert!(!has_hangul(&notice), "{notice}");
    assert!(notice.contains("damaged"), "{notice}");
}

#[test]
fn a_heavy_scenario_says_its_log_is_bounded_in_the_page_language() {
    let mut s = Scenario::two_hosts();
    s.send_buffer = Some(1 << 20);
    for line in [
        "A: l = socket(tcp)",
        "A: bind(l, 10.0.0.1:80)",
        "A: listen(l)",
    ] {
        s.steps.push(sockscope_core::teach::scenario::Step::new(
            Instant::ZERO,
            line,
        ));
    }
    for line in ["B: c = socket(tcp)", "B: connect(c, 10.0.0.1:80)"] {
        s.steps.push(sockscope_core::teach::scenario::Step::new(
            Instant::ZERO,
            line,
        ));
    }
    for _ in 0..20 {
        let at = Instant::ZERO + sockscope_core::Duration::from_millis(100);
        s.steps.push(sockscope_core::teach::scenario::Step::new(
            at,
            "B: send(c, 1048576)",
        ));
    }
    let p = Playground::new(s.clone(), Lang::Ko);
    let notice = p.notice.clone().unwrap_or_default();
    assert!(notice.contains("캡처"), "{notice}");
    let light = Playground::new(Scenario::two_hosts(), Lang::Ko);
    assert_eq!(light.notice, None);
}

/// The lines a lesson's script runs answer in the page's language too (they were
/// English on a Korean page: the session worded them once, in English).
#[test]
fn a_lessons_own_lines_answer_in_korean_on_a_korean_page() {
    use sockscope_core::teach::catalog;
    let s = Scenario::from_json(catalog::lesson("p-traceroute").unwrap()).unwrap();
    let p = Rc::new(Playground::demo(Lang::Ko)).reduce(Action::LoadScenario(Box::new(s)));
    // Continue starts the lesson; a few frames run its time-zero lines.
    let mut p = p.reduce(Action::Lesson(crate::state::LessonAction::Continue));
    for _ in 0..20 {
        p = p.reduce(Action::Tick { wall_ms: 50.0 });
    }
    let outs = outputs(&p);
    assert!(outs.len() >= 10, "the time-zero lines ran: {outs:?}");
    let routers = outs
        .iter()
        .filter_map(|o| o.as_ref().ok())
        .filter(|o| !o.is_empty() && !o.contains("via") && !o.contains("dev"));
    for o in routers {
        assert!(has_hangul(o), "an answer left in English: {o:?}");
    }
}
