//! One vocabulary: the console's calls come from one table, and path settings read and
//! print in one place, so the console, scenario files and printed lines agree.

use sockscope_core::teach::command::{Command, Op, CALLS};
use sockscope_core::teach::scenario::Scenario;

#[test]
fn every_call_in_the_table_parses_its_example_and_prints_it_back() {
    for call in CALLS {
        let cmd: Command = call
            .example
            .parse()
            .unwrap_or_else(|e| panic!("{}: {e}", call.example));
        assert_eq!(cmd.to_string().parse::<Command>(), Ok(cmd.clone()));
        // Aliases read as the same call.
        for alias in call.aliases {
            let line = call.example.replacen(call.name, alias, 1);
            assert_eq!(line.parse::<Command>(), Ok(cmd.clone()), "{line}");
        }
    }
}

#[test]
fn an_unknown_call_names_the_likely_one_and_a_wrong_count_shows_an_example() {
    let e = |line: &str| line.parse::<Command>().unwrap_err().to_string();
    let typo = e("A: conect(c, 10.0.0.1:80)");
    assert!(typo.contains("did you mean connect?"), "{typo}");
    assert!(typo.contains("getpeername"), "all calls listed: {typo}");
    assert!(!e("A: frobnicate(x)").contains("did you mean"));
    let count = e("A: bind(s)");
    assert!(
        count.contains("bind takes a socket and an address, like bind(s, 10.0.0.1:80)"),
        "{count}"
    );
}

#[test]
fn a_scenario_path_takes_every_setting_the_console_takes() {
    let json = r#"{"version": 1, "seed": 1,
        "hosts": [{"name": "A", "addr": "10.0.0.1"}, {"name": "B", "addr": "10.0.0.2"}],
        "paths": [{"from": "A", "to": "B", "delay_ms": 1.5, "jitter_ms": 0.25,
                   "reorder_by_ms": 2000, "reorder_pct": 12.5, "loss_pct": 0.0001}]}"#;
    let s = Scenario::from_json(json).unwrap();
    let (world, _) = s.build().unwrap();
    let (a, b) = (
        world.host_by_name("A").unwrap().id,
        world.host_by_name("B").unwrap().id,
    );
    let line: Command =
        "path(A, B, delay=1.5ms, jitter=250us, reorder_by=2s, reorder=12.5%, loss=0.0001%)"
            .parse()
            .unwrap();
    let Op::Path { settings, .. } = line.op else {
        panic!("{line:?}")
    };
    assert_eq!(world.network().path(a, b), settings);
    assert_eq!(
        Scenario::from_json(&s.to_json()).unwrap(),
        s,
        "JSON round trip"
    );
}
