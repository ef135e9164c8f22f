use super::*;
use crate::tcp::State;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const HANDSHAKE: &str = r#"{
    "version": 1, "seed": 7,
    "hosts": [ { "name": "A", "addr": "10.0.0.1" }, { "name": "B", "addr": "10.0.0.2" } ],
    "paths": [ { "from": "A", "to": "B", "both": true, "delay_ms": 20 } ],
    "faults": [ { "from": "A", "to": "B", "flags": "SYN,ACK", "action": "drop" } ],
    "steps": [
        { "at_ms": 0, "run": "A: s = socket(tcp)" },
        { "at_ms": 0, "run": "A: bind(s, 10.0.0.1:80)" },
        { "at_ms": 0, "run": "A: listen(s)" },
        { "at_ms": 10, "run": "B: c = socket(tcp)", "say": { "en": "a client", "ko": "클라이언트" } },
        { "at_ms": 10, "run": "B: connect(c, 10.0.0.1:80)" },
        { "at_ms": 3000, "run": "A: t = accept(s)" },
        { "at_ms": 3000, "run": "A: recv(t)" }
    ],
    "until_ms": 100
}"#;

#[test]
fn a_scenario_replays_identically() {
    let s = Scenario::from_json(HANDSHAKE).unwrap();
    let (a, b) = (s.run().unwrap(), s.run().unwrap());
    assert_eq!(a.world.log().digest(), b.world.log().digest());
    assert_eq!(a.results, b.results);
    assert_eq!(a.results[6], Err(crate::Errno::WouldBlock.to_string()));
    let c = a.console.vars[&(crate::HostId(1), "c".into())];
    assert_eq!(a.world.tcb(c).map(|t| t.state()), Some(State::Established));
    let json = s.to_json();
    assert_eq!(Scenario::from_json(&json).unwrap(), s, "JSON round trip");
}

#[test]
fn steps_run_in_time_order_whatever_the_file_order() {
    let text = r#"{"version": 1, "seed": 1, "hosts": [{"name": "A", "addr": "10.0.0.1"}],
        "steps": [{"at_ms": 50, "run": "A: getsockname(u)"}, {"at_ms": 0, "run": "A: u = socket(udp)"},
                  {"at_ms": 0, "run": "A: bind(u, *:53)"}]}"#;
    let run = Scenario::from_json(text).unwrap().run().unwrap();
    // Results come in file order; getsockname could only succeed after the others.
    assert_eq!(
        run.results,
        vec![
            Ok("0.0.0.0:53".to_string()),
            Ok("socket #0".into()),
            Ok("ok".into())
        ]
    );
}

#[test]
fn bad_scenarios_name_the_problem() {
    let err = |t: &str| Scenario::from_json(t).unwrap_err().to_string();
    assert!(err("{").contains("not a valid scenario"));
    assert!(err(r#"{"version": 9, "seed": 1, "hosts": []}"#).contains("version 9"));
    let bad_host = r#"{"version": 1, "seed": 1, "hosts": [{"name": "A", "addr": "10.0.0.256"}]}"#;
    assert!(Scenario::from_json(bad_host)
        .unwrap()
        .build()
        .unwrap_err()
        .to_string()
        .contains("host 1"));
    let bad_step =
        r#"{"version": 1, "seed": 1, "hosts": [], "steps": [{"at_ms": 0, "run": "A: frob()"}]}"#;
    assert!(Scenario::from_json(bad_step)
        .unwrap()
        .build()
        .unwrap_err()
        .to_string()
        .starts_with("step 1"));
    let bad_loss = r#"{"version": 1, "seed": 1, "hosts": [{"name": "A", "addr": "10.0.0.1"}],
        "paths": [{"from": "A", "to": "A", "loss_pct": 140}]}"#;
    assert!(Scenario::from_json(bad_loss)
        .unwrap()
        .build()
        .unwrap_err()
        .to_string()
        .contains("percentage"));
    let unknown_field = r#"{"version": 1, "seed": 1, "hosts": [], "stepz": []}"#;
    assert!(err(unknown_field).contains("unknown field"));
    let long = format!(
        r#"{{"version": 1, "seed": 1, "hosts": [], "until_ms": {}}}"#,
        MAX_TIME_MS + 1
    );
    assert!(err(&long).contains("too many"));
}
