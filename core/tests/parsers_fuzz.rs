//! Fuzz-style properties of the three parsers that read untrusted text: console lines,
//! scenario JSON and share links. Random and mutated inputs never panic, each parse does
//! a bounded amount of work (counted, never timed), and every command prints as a line
//! that parses back to it.

use proptest::prelude::*;
use sockscope_core::network::{PacketId, PathSettings};
use sockscope_core::teach::command::{Command, Op, PacketAction, SockRef, MAX_SEND_N};
use sockscope_core::teach::scenario::{Scenario, MAX_JSON_BYTES};
use sockscope_core::teach::share;
use sockscope_core::testkit::CONSOLE_LINES;
use sockscope_core::{Duration, Endpoint, Protocol, Shutdown};
use std::net::Ipv4Addr;

/// Lines the console should read, to mutate: `testkit::CONSOLE_LINES` and these.
const SEEDS: &[&str] = &[
    ". :remove(Z)",
    "link(A, B, delay=1.5ms, jitter=250us, reorder_by=2s, reorder=12.5%, corrupt=100%)",
    "packet(#17, delay=200ms)",
    "서버: 소켓 = socket(udp)",
    "bind(s, *:53)",
];

/// A line with characters swapped, inserted or removed.
fn mutated() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just(":".to_string()),
        Just("=".to_string()),
        Just("\"".to_string()),
        Just("\\x".to_string()),
        Just("(".to_string()),
        Just(",".to_string()),
        Just(".".to_string()),
        Just("#".to_string()),
        Just("*".to_string()),
        "[a-z0-9]{1,3}",
        any::<char>().prop_map(String::from),
    ];
    (
        prop::sample::select(
            CONSOLE_LINES
                .iter()
                .chain(SEEDS)
                .copied()
                .collect::<Vec<_>>(),
        ),
        prop::collection::vec((any::<prop::sample::Index>(), 0..3u8, piece), 0..6),
    )
        .prop_map(|(seed, edits)| {
            let mut chars: Vec<char> = seed.chars().collect();
            for (at, how, piece) in edits {
                let i = at.index(chars.len() + 1);
                match how {
                    0 => chars.splice(i..i, piece.chars()).for_each(drop),
                    1 if i < chars.len() => drop(chars.remove(i)),
                    _ if i < chars.len() => chars[i] = piece.chars().next().unwrap_or(' '),
                    _ => {}
                }
            }
            chars.into_iter().collect()
        })
}

fn console_input() -> impl Strategy<Value = String> {
    prop_oneof![
        mutated(),
        any::<String>(),
        "[A-Za-z0-9:=(),\"\\\\ .#*%-]{0,40}"
    ]
}

fn name() -> impl Strategy<Value = String> {
    "[A-Za-z_가-힣][A-Za-z0-9_-]{0,6}"
}

fn sock() -> impl Strategy<Value = SockRef> {
    prop_oneof![
        name().prop_map(SockRef::Var),
        any::<u32>().prop_map(SockRef::Id)
    ]
}

fn endpoint() -> impl Strategy<Value = Endpoint> {
    (any::<u32>(), any::<u16>()).prop_map(|(a, p)| Endpoint::new(Ipv4Addr::from(a), p))
}

fn time() -> impl Strategy<Value = Duration> {
    prop_oneof![0..5_000u64, 0..=3_600_000_000u64].prop_map(Duration)
}

fn settings() -> impl Strategy<Value = PathSettings> {
    let ppm = || prop_oneof![Just(0u32), 0..=1_000_000u32];
    (time(), time(), time(), ppm(), ppm(), ppm(), ppm()).prop_map(
        |(delay, jitter, reorder_extra, loss_ppm, duplicate_ppm, reorder_ppm, corrupt_ppm)| {
            PathSettings {
                delay,
                jitter,
                loss_ppm,
                duplicate_ppm,
                reorder_ppm,
                reorder_extra,
                corrupt_ppm,
            }
        },
    )
}

fn host_op() -> impl Strategy<Value = Op> {
    let data = || prop::collection::vec(any::<u8>(), 0..12);
    prop_oneof![
        prop_oneof![Just(Protocol::Tcp), Just(Protocol::Udp)]
            .prop_map(|protocol| Op::Socket { protocol }),
        (sock(), endpoint()).prop_map(|(sock, local)| Op::Bind { sock, local }),
        (sock(), any::<u32>()).prop_map(|(sock, backlog)| Op::Listen { sock, backlog }),
        sock().prop_map(|sock| Op::Accept { sock }),
        (sock(), endpoint()).prop_map(|(sock, remote)| Op::Connect { sock, remote }),
        (sock(), data()).prop_map(|(sock, data)| Op::Send { sock, data }),
        (sock(), any::<u32>()).prop_map(|(sock, max)| Op::Recv { sock, max }),
        (sock(), data(), endpoint()).prop_map(|(sock, data, remote)| Op::SendTo {
            sock,
            data,
            remote
        }),
        (sock(), any::<u32>()).prop_map(|(sock, max)| Op::RecvFrom { sock, max }),
        (
            sock(),
            prop_oneof![
                Just(Shutdown::Read),
                Just(Shutdown::Write),
                Just(Shutdown::Both)
            ]
        )
            .prop_map(|(sock, how)| Op::Shutdown { sock, how }),
        sock().prop_map(|sock| Op::Close { sock }),
        sock().prop_map(|sock| Op::GetSockName { sock }),
        sock().prop_map(|sock| Op::GetPeerName { sock }),
        sock().prop_map(|sock| Op::Abort { sock }),
        (sock(), any::<bool>()).prop_map(|(sock, on)| Op::ReuseAddr { sock, on }),
        any::<u32>().prop_map(|a| Op::Ping {
            dst: Ipv4Addr::from(a)
        }),
        (sock(), 0..=MAX_SEND_N).prop_map(|(sock, len)| Op::SendN { sock, len }),
    ]
}

fn stage_op() -> impl Strategy<Value = Op> {
    let action = prop_oneof![
        Just(PacketAction::Drop),
        Just(PacketAction::Hold),
        Just(PacketAction::Release),
        Just(PacketAction::Duplicate),
        time().prop_map(PacketAction::Delay),
    ];
    prop_oneof![
        (name(), any::<u32>()).prop_map(|(name, a)| Op::Spawn {
            name,
            addr: Ipv4Addr::from(a)
        }),
        name().prop_map(|name| Op::Remove { name }),
        (name(), name(), any::<bool>(), settings()).prop_map(|(from, to, both, settings)| {
            Op::Path {
                from,
                to,
                both,
                settings,
            }
        }),
        (any::<u64>(), action).prop_map(|(id, action)| Op::Packet {
            id: PacketId(id),
            action
        }),
    ]
}

fn command() -> impl Strategy<Value = Command> {
    (
        prop::option::of(name()),
        prop::option::of(name()),
        prop_oneof![3 => host_op(), 1 => stage_op()],
    )
        .prop_map(|(host, assign, op)| Command { host, assign, op })
}

/// A valid scenario's JSON, to mutate byte by byte.
fn lesson_json() -> &'static str {
    include_str!("../../lessons/e-handshake.json")
}

fn mutated_json() -> impl Strategy<Value = String> {
    let text = lesson_json();
    prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..8).prop_map(
        move |edits| {
            let mut bytes = text.as_bytes().to_vec();
            for (at, b, how) in edits {
                let i = at.index(bytes.len());
                match how {
                    0 => bytes[i] = b,
                    1 => drop(bytes.remove(i)),
                    _ => bytes.insert(i, b),
                }
            }
            String::from_utf8_lossy(&bytes).into_owned()
        },
    )
}

/// The lexer work a scenario's lines cost: a bounded multiple of its text.
fn step_work(s: &Scenario) -> u64 {
    s.steps
        .iter()
        .map(|st| Command::parse_counted(&st.run).1)
        .sum()
}

/// `n` cases, or what `PROPTEST_CASES` asks for (a longer fuzzing run by hand).
fn cases(n: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(n);
    ProptestConfig::with_cases(n)
}

proptest! {
    #![proptest_config(cases(2_000))]

    #[test]
    fn console_lines_never_panic_take_linear_work_and_print_back(line in console_input()) {
        let chars = line.chars().count() as u64;
        let (parsed, work) = Command::parse_counted(&line);
        prop_assert!(work <= chars, "{work} > {chars} for {line:?}");
        if let Ok(cmd) = parsed {
            let printed = cmd.to_string();
            prop_assert_eq!(printed.parse::<Command>(), Ok(cmd), "{:?} printed as {:?}", line, printed);
        }
    }

    #[test]
    fn every_command_round_trips_through_its_printed_form(cmd in command()) {
        let printed = cmd.to_string();
        prop_assert_eq!(printed.parse::<Command>(), Ok(cmd), "printed as {:?}", printed);
    }
}

proptest! {
    #![proptest_config(cases(500))]

    #[test]
    fn mutated_scenarios_never_panic_and_stay_within_their_budget(json in mutated_json()) {
        if let Ok(s) = Scenario::from_json(&json) {
            prop_assert!(json.len() as u64 <= MAX_JSON_BYTES);
            prop_assert!(step_work(&s) <= json.len() as u64);
            prop_assert!(s.work().check().is_ok());
            // Building parses every line and fault; it may refuse, never panic.
            let _ = s.build();
        }
    }

    #[test]
    fn random_and_mutated_links_never_panic(
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..6),
        noise in "[A-Za-z0-9_.#-]{0,200}",
    ) {
        let link = share::encode(&Scenario::from_json(lesson_json()).unwrap());
        let mut bytes = link.into_bytes();
        for (at, b) in edits {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        for text in [String::from_utf8_lossy(&bytes).into_owned(), noise] {
            if let Ok(s) = share::decode(&text) {
                // What a link unpacks to is bounded, and so is the lexing of its lines.
                prop_assert!(step_work(&s) <= share::MAX_JSON as u64);
                prop_assert!(s.work().check().is_ok());
            }
        }
    }
}
