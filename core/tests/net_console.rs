//! The internet layer from the console and from scenario files: `router`, `cable`,
//! `addr`, `route`, `arp`, `traceroute` build and show a routed network; each line prints
//! back as it reads; bad input is refused in both languages and changes nothing; a
//! scenario declares its topology in steps at 0 ms and replays to the same digest.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use sockscope_core::lang::Lang;
use sockscope_core::teach::command::{Command, Console};
use sockscope_core::teach::scenario::Scenario;
use sockscope_core::World;

/// A — R1 — R2 — B, typed as a student would.
const SETUP: &[&str] = &[
    "spawn(A, 10.0.1.5)",
    "spawn(B, 10.0.2.5)",
    "router(R1)",
    "router(R2)",
    "cable(A, R1, delay=5ms)",
    "cable(R1, R2, rate=10Mbps, delay=10ms, queue=20)",
    "cable(R2, B, delay=5ms)",
    "addr(R1, eth0, 10.0.1.1/24)",
    "addr(R1, eth1, 10.0.12.1/24)",
    "addr(R2, eth0, 10.0.12.2/24)",
    "addr(R2, eth1, 10.0.2.1/24)",
    "route(A, add default via 10.0.1.1)",
    "route(B, add default via 10.0.2.1)",
    "route(R1, add 10.0.2.0/24 via 10.0.12.2)",
    "route(R2, add 10.0.1.0/24 via 10.0.12.1)",
];

fn built() -> (World, Console) {
    let mut w = World::with_seed(1);
    let mut c = Console::default();
    for line in SETUP {
        c.run_line(&mut w, line)
            .unwrap_or_else(|e| panic!("{line}: {e}"));
    }
    (w, c)
}

#[test]
fn every_net_line_prints_back_as_it_reads() {
    for line in SETUP.iter().chain(&[
        "route(A)",
        "route(R1, del 10.0.2.0/24)",
        "route(R1, del 10.0.2.0/24 via 10.0.12.2)",
        "arp(A)",
        "traceroute(A, 10.0.2.5)",
        "traceroute(A, 10.0.2.5, 5)",
        "cable(A, B, R1)",
        "cable(R1, B, mtu=1000)",
    ]) {
        let cmd: Command = line.parse().unwrap_or_else(|e| panic!("{line}: {e}"));
        assert_eq!(cmd.to_string(), *line);
    }
    // The alias reads as the call's own name.
    let cmd: Command = "switch(A, B, R1)".parse().unwrap();
    assert_eq!(cmd.to_string(), "cable(A, B, R1)");
    let cmd: Command = "cable(A, R1, rate=1.5Mbit)".parse().unwrap();
    assert_eq!(cmd.to_string(), "cable(A, R1, rate=1500kbps)");
}

#[test]
fn route_prints_the_table_and_traceroute_finds_the_path() {
    let (mut w, mut c) = built();
    let table = c.run_line(&mut w, "route(R1)").unwrap().to_string();
    assert_eq!(
        table,
        "10.0.1.0/24 dev eth0 proto kernel scope link src 10.0.1.1\n\
         10.0.2.0/24 via 10.0.12.2 dev eth1\n\
         10.0.12.0/24 dev eth1 proto kernel scope link src 10.0.12.1"
    );
    assert_eq!(
        c.run_line(&mut w, "arp(A)").unwrap().message(Lang::Ko),
        "(항목 없음)"
    );
    c.run_line(&mut w, "traceroute(A, 10.0.2.5, 4)").unwrap();
    w.run_to_idle(10_000);
    let hops: Vec<String> = w
        .trace(w.host_by_name("A").unwrap().id)
        .unwrap()
        .hops
        .values()
        .map(|(from, _)| from.to_string())
        .collect();
    // The fourth probe reached B too; like traceroute, the answers stop at the first hop
    // that is the destination.
    assert_eq!(hops, ["10.0.1.1", "10.0.12.2", "10.0.2.5"]);
    let arp = c.run_line(&mut w, "arp(A)").unwrap().to_string();
    assert!(
        arp.contains("10.0.1.1         02:00:00:00:00:02  eth0"),
        "{arp}"
    );
    assert_eq!(
        w.queue_len(w.host_by_name("R1").unwrap().id, "eth1"),
        Some(0)
    );
}

#[test]
fn bad_net_lines_are_refused_in_both_languages_and_change_nothing() {
    let (mut w, mut c) = built();
    for (line, en) in [
        ("router(A)", "already exists"),
        ("cable(A, Z)", "no host or router named Z"),
        ("cable(A, R1, rate=0)", "not a rate"),
        ("cable(A, R1, speed=3)", "unknown setting speed"),
        ("cable(A, R1, mtu=20)", "from 68 to 65535"),
        ("addr(R1, eth0, 10.0.1.1)", "needs its prefix length"),
        ("addr(R1, eth1, 10.0.1.9/16)", "overlaps"),
        ("addr(R1, eth9, 10.0.9.1/24)", "no interface named eth9"),
        ("addr(R2, eth0, 10.0.1.5/24)", "already belongs to A"),
        (
            "route(A, add 10.7.0.0/16 via 10.0.12.2)",
            "not on any connected subnet",
        ),
        ("route(A, add 10.7.0.1/16 via 10.0.1.1)", "host bits set"),
        ("route(A, del 10.9.0.0/16)", "no route '10.9.0.0/16'"),
        ("route(A, frobnicate)", "write add"),
        ("traceroute(A, 10.0.2)", "10.0.2"),
    ] {
        let before = w.clone();
        let e = c.run_line(&mut w, line).expect_err(line);
        assert!(e.to_string().contains(en), "{line}: {e}");
        let ko = e.message(Lang::Ko);
        assert!(
            ko.chars().any(|ch| ('\u{AC00}'..='\u{D7A3}').contains(&ch)),
            "{line}: {ko}"
        );
        assert_eq!(w, before, "{line} changed the world");
    }
}

/// The same topology as a scenario file: hosts with their prefixes, the rest as steps at
/// 0 ms, then a ping across both routers.
fn scenario() -> Scenario {
    let mut steps: Vec<String> = SETUP[2..]
        .iter()
        .map(|l| format!(r#"{{"at_ms": 0, "run": "{l}"}}"#))
        .collect();
    steps.push(r#"{"at_ms": 100, "run": "A: ping(10.0.2.5)"}"#.into());
    steps.push(r#"{"at_ms": 200, "run": "traceroute(A, 10.0.2.5, 3)"}"#.into());
    let json = format!(
        r#"{{"version": 1, "seed": 4, "hosts": [{{"name": "A", "addr": "10.0.1.5/24"}}, {{"name": "B", "addr": "10.0.2.5/24"}}], "steps": [{}], "until_ms": 2000}}"#,
        steps.join(",")
    );
    Scenario::from_json(&json).unwrap()
}

#[test]
fn a_scenario_declares_its_topology_and_replays_to_the_same_digest() {
    let one = scenario().run().unwrap();
    assert!(one.failures.is_empty(), "{:?}", one.failures);
    assert!(one.results.iter().all(|r| r.is_ok()), "{:?}", one.results);
    let names: Vec<&str> = one
        .world
        .log()
        .events()
        .iter()
        .map(|e| e.kind.name())
        .collect();
    assert!(names.contains(&"echo-received"), "the ping came back");
    assert!(names.contains(&"trace-hop"));
    assert!(names.contains(&"forwarded"));
    let two = scenario().run().unwrap();
    assert_eq!(one.world.log().digest(), two.world.log().digest());
}
