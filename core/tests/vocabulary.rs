//! One vocabulary: the console's calls come from one table, and path settings read and
//! print in one place, so the console, scenario files and printed lines agree.

use sockscope_core::call::CallName;
use sockscope_core::teach::command::{Command, Console, Op, CALLS};
use sockscope_core::teach::scenario::Scenario;
use sockscope_core::testkit::two_hosts;
use sockscope_core::EventKind;

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

/// The console's call and the call the log records are the same call of one vocabulary:
/// every host call of the table, run from its own example, is logged under its name, and
/// the log writes it as the console does, without the socket.
#[test]
fn every_host_call_is_logged_under_the_name_it_was_typed_with() {
    let (mut world, _, _) = two_hosts(1);
    let mut console = Console::default();
    for setup in [
        "A: s = socket(tcp)",
        "A: c = socket(tcp)",
        "A: t = socket(tcp)",
        "A: u = socket(udp)",
    ] {
        console.run_line(&mut world, setup).unwrap();
    }
    let stage = [
        CallName::Spawn,
        CallName::Remove,
        CallName::Path,
        CallName::Link,
        CallName::Packet,
        CallName::Router,
        CallName::Cable,
        CallName::Addr,
        CallName::Route,
        CallName::Arp,
        CallName::Traceroute,
        CallName::Profile,
        CallName::Sysctl,
        CallName::Nat,
    ];
    let mut checked = 0;
    for spec in CALLS.iter().filter(|c| !stage.contains(&c.call)) {
        let line = format!("A: {}", spec.example);
        let cmd: Command = line.parse().unwrap();
        assert_eq!(cmd.op.name(), spec.call, "{line}");
        // Errors (accept on a socket that does not listen, say) are logged too.
        let _ = console.run_line(&mut world, &line);
        let logged = world
            .log()
            .events()
            .iter()
            .rev()
            .find_map(|e| match &e.kind {
                EventKind::UserCall { call, .. } => Some(call.clone()),
                _ => None,
            });
        let call = logged.unwrap_or_else(|| panic!("{line} was not logged"));
        assert_eq!(call.name(), spec.call, "{line} logged as {call}");
        assert!(
            call.to_string().starts_with(&format!("{}(", spec.name)),
            "{call}"
        );
        checked += 1;
    }
    assert_eq!(checked, CALLS.len() - stage.len());
}

/// Every key of the one table of path settings can be set from a scenario file (its
/// field is the key with its unit's suffix) and lands where the console's `key=value`
/// lands: a key added to the table and not to the file's fields fails here.
#[test]
fn every_path_key_of_the_console_has_a_scenario_field() {
    use sockscope_core::network::{Unit, PATH_KEYS};
    for k in &PATH_KEYS {
        let (number, text) = match k.unit {
            Unit::Time => ("1.5", "1500us"),
            Unit::Chance => ("12.5", "12.5%"),
        };
        let field = format!("{}{}", k.key, k.unit.file_suffix());
        let json = format!(
            r#"{{"version": 1, "seed": 1,
                "hosts": [{{"name": "A", "addr": "10.0.0.1"}}, {{"name": "B", "addr": "10.0.0.2"}}],
                "paths": [{{"from": "A", "to": "B", "{field}": {number}}}]}}"#
        );
        let s = Scenario::from_json(&json).unwrap_or_else(|e| panic!("{field}: {e}"));
        let line: Command = format!("path(A, B, {}={text})", k.key).parse().unwrap();
        let Op::Path { settings, .. } = line.op else {
            panic!("{line:?}")
        };
        assert_eq!(s.paths[0].settings(), Ok(settings), "{field}");
        assert_ne!(settings, Default::default(), "{} changes something", k.key);
    }
}
