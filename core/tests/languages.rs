//! The console speaks the page's language: every answer and error has an English text
//! (its `Display`, with no Korean in it) and a Korean one (with Hangul), one language to a
//! message. Each table builds one value of every variant; the `match`es without a
//! wildcard stop the build when a variant is added without a line here.

use sockscope_core::network::PacketError;
use sockscope_core::teach::command::{help, help_line, CommandError, Console, Op, SockRef, Value};
use sockscope_core::teach::explain::Lang;
use sockscope_core::teach::scenario::{Scenario, ScenarioError};
use sockscope_core::teach::share::{self, ShareError};
use sockscope_core::testkit::two_hosts;
use sockscope_core::{AddrParseError, Duration, Endpoint, Errno, HostError, SocketId, World};

fn has_hangul(s: &str) -> bool {
    s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

/// English without Hangul that is its `Display`; Korean with Hangul.
fn check_both(what: &str, en: String, display: String, ko: String) {
    assert_eq!(
        en, display,
        "{what}: the English message is the Display text"
    );
    assert!(!has_hangul(&en), "{what}: English only: {en}");
    assert!(has_hangul(&ko), "{what}: Korean: {ko}");
    assert_ne!(en, ko, "{what}");
}

fn parse_error(line: &str) -> CommandError {
    line.parse::<sockscope_core::teach::command::Command>()
        .expect_err(line)
}

fn command_errors() -> Vec<CommandError> {
    let all = vec![
        parse_error("A: bind(s 10.0.0.1:80)"),
        CommandError::Address(AddrParseError::MissingPort("10.0.0.1".into())),
        CommandError::NoHost,
        CommandError::UnknownHost("C".into()),
        CommandError::UnknownVariable {
            host: "A".into(),
            name: "s".into(),
        },
        CommandError::NothingToAssign,
        CommandError::Host(HostError::Loopback),
        CommandError::Packet(PacketError::NotHeld),
        CommandError::Errno(Errno::AddrInUse),
        CommandError::Net(sockscope_core::world::NetError::ZeroRate),
    ];
    let mut seen = [false; 10];
    for e in &all {
        seen[match e {
            CommandError::Parse { .. } => 0,
            CommandError::Address(_) => 1,
            CommandError::NoHost => 2,
            CommandError::UnknownHost(_) => 3,
            CommandError::UnknownVariable { .. } => 4,
            CommandError::NothingToAssign => 5,
            CommandError::Host(_) => 6,
            CommandError::Packet(_) => 7,
            CommandError::Errno(_) => 8,
            CommandError::Net(_) => 9,
        }] = true;
    }
    assert!(seen.iter().all(|s| *s), "one of each: {seen:?}");
    all
}

#[test]
fn every_command_error_speaks_both_languages() {
    for e in command_errors() {
        check_both(
            &format!("{e:?}"),
            e.message(Lang::En),
            e.to_string(),
            e.message(Lang::Ko),
        );
    }
}

#[test]
fn every_parse_error_speaks_both_languages() {
    for line in [
        r#"send(c, "open"#,
        r#"send(c, "a\"#,
        r#"send(c, "\xZZ")"#,
        r#"send(c, "\q")"#,
        "A.B: socket(tcp)",
        "A: 1x = socket(tcp)",
        "",
        "A: socket",
        "path(A, B, delay=)",
        "A: bind(s, )",
        "A: bind(s 10.0.0.1:80)",
        "A: s = socket(tcp) extra",
        "A: conect(c, 10.0.0.1:80)",
        "A: bind(s)",
        r#"A: bind("s", 10.0.0.1:80)"#,
        "A: close(#x)",
        "A: close(1x)",
        "A: send(c)",
        "A: send(c, hello)",
        "A: recv(c, many)",
        "A: socket(icmp)",
        "A: shutdown(c, sideways)",
        "A: reuseaddr(s, maybe)",
        "path(A, B, speed=9)",
        "packet(x, drop)",
        "packet(1, delay=soon)",
        "packet(1, fold)",
        "cable(A, R1, rate=fast)",
        "addr(R1, eth0, 10.0.1.1)",
        "route(A, add 10.0.2.0/24)",
        "traceroute(A, 10.0.2.5, 99)",
    ] {
        let e = parse_error(line);
        assert!(matches!(e, CommandError::Parse { .. }), "{line}: {e:?}");
        check_both(
            line,
            e.message(Lang::En),
            e.to_string(),
            e.message(Lang::Ko),
        );
    }
    assert_eq!(
        parse_error("A: bind(s 10.0.0.1:80)").message(Lang::Ko),
        "11번째 열: \",\" 또는 \")\"가 와야 합니다"
    );
    let count = parse_error("A: bind(s)").message(Lang::Ko);
    assert!(
        count.ends_with("열: bind의 인자는 소켓과 주소입니다. 예: bind(s, 10.0.0.1:80)"),
        "{count}"
    );
    let typo = parse_error("A: conect(c, 10.0.0.1:80)").message(Lang::Ko);
    assert!(
        typo.starts_with("1번째 열: 알 수 없는 호출 'conect': 'connect'"),
        "{typo}"
    );
}

#[test]
fn every_errno_address_host_and_packet_error_speaks_both_languages() {
    for e in Errno::ALL {
        check_both(
            e.name(),
            e.message(Lang::En),
            e.to_string(),
            e.message(Lang::Ko),
        );
        assert!(e.message(Lang::Ko).starts_with(e.name()));
    }
    assert_eq!(
        Errno::AddrInUse.message(Lang::Ko).split(" (").next(),
        Some("EADDRINUSE: 다른 소켓이 이미 이 호스트에서 그 주소와 포트를 쓰고 있습니다")
    );
    let addr = [
        AddrParseError::MalformedAddress("10.0.0".into()),
        AddrParseError::MissingPort("10.0.0.1".into()),
        AddrParseError::BadPort("99999".into()),
    ];
    for e in addr {
        let _: () = match e {
            AddrParseError::MalformedAddress(_)
            | AddrParseError::MissingPort(_)
            | AddrParseError::BadPort(_) => (),
        };
        check_both(
            "addr",
            e.message(Lang::En),
            e.to_string(),
            e.message(Lang::Ko),
        );
    }
    let host = [
        HostError::Address(AddrParseError::BadPort("x".into())),
        HostError::Unspecified,
        HostError::Broadcast,
        HostError::Multicast,
        HostError::Loopback,
        HostError::AddressTaken {
            addr: "10.0.0.1".parse().unwrap(),
            by: "A".into(),
        },
        HostError::NameTaken { name: "A".into() },
        HostError::BadName { name: "a b".into() },
        HostError::UnknownHost,
    ];
    for e in host {
        check_both(
            "host",
            e.message(Lang::En),
            e.to_string(),
            e.message(Lang::Ko),
        );
    }
    for e in [
        PacketError::NotInFlight,
        PacketError::AlreadyHeld,
        PacketError::NotHeld,
    ] {
        check_both(
            "packet",
            e.message(Lang::En),
            e.to_string(),
            e.message(Lang::Ko),
        );
    }
}

fn scenario_errors() -> Vec<ScenarioError> {
    let all = vec![
        ScenarioError::Json("expected value at line 1 column 1".into()),
        ScenarioError::Version(9),
        ScenarioError::Host {
            index: 0,
            error: HostError::Broadcast,
        },
        ScenarioError::UnknownHost {
            what: "path".into(),
            name: "Z".into(),
        },
        ScenarioError::BadSetting {
            what: "fault".into(),
            message: "unknown TCP flag XYZ".into(),
        },
        ScenarioError::Step {
            index: 2,
            line: "A: frob()".into(),
            error: parse_error("A: frob()"),
        },
        ScenarioError::TooLong {
            what: "hosts",
            limit: 64,
        },
        ScenarioError::TooMuchWork {
            what: "bytes to send",
            asked: 1 << 30,
            limit: 1 << 28,
        },
        ScenarioError::TooBig {
            len: 2 << 20,
            limit: 1 << 20,
        },
    ];
    let mut seen = [false; 9];
    for e in &all {
        seen[match e {
            ScenarioError::Json(_) => 0,
            ScenarioError::Version(_) => 1,
            ScenarioError::Host { .. } => 2,
            ScenarioError::UnknownHost { .. } => 3,
            ScenarioError::BadSetting { .. } => 4,
            ScenarioError::Step { .. } => 5,
            ScenarioError::TooLong { .. } => 6,
            ScenarioError::TooMuchWork { .. } => 7,
            ScenarioError::TooBig { .. } => 8,
        }] = true;
    }
    assert!(seen.iter().all(|s| *s), "one of each: {seen:?}");
    all
}

#[test]
fn every_scenario_and_share_error_speaks_both_languages() {
    for e in scenario_errors() {
        check_both(
            &format!("{e:?}"),
            e.message(Lang::En),
            e.to_string(),
            e.message(Lang::Ko),
        );
    }
    // A nested step error is in the same language as its frame.
    let step = &scenario_errors()[5];
    let ko = step.message(Lang::Ko);
    assert!(
        ko.starts_with("3번째 단계 (A: frob()): 1번째 열: 알 수 없는 호출 'frob'"),
        "{ko}"
    );
    let share_errors = [
        ShareError::TooLong { len: 70_000 },
        ShareError::Version,
        ShareError::Encoding,
        ShareError::Compression,
        ShareError::TooBig,
        ShareError::Scenario(ScenarioError::Version(9)),
    ];
    for e in share_errors {
        let _: () = match e {
            ShareError::TooLong { .. }
            | ShareError::Version
            | ShareError::Encoding
            | ShareError::Compression
            | ShareError::TooBig
            | ShareError::Scenario(_) => (),
        };
        check_both(
            "share",
            e.message(Lang::En),
            e.to_string(),
            e.message(Lang::Ko),
        );
    }
    // What a broken link really answers.
    let e = share::decode("#v1.!!!").unwrap_err();
    assert!(has_hangul(&e.message(Lang::Ko)) && !has_hangul(&e.to_string()));
    let e = Scenario::from_json(r#"{"version": 1, "seed": 1, "hosts": [], "steps": [{"at_ms": 0, "run": "A: s = socket(tcp)"}]}"#)
        .and_then(|s| s.run().map(|_| ()));
    if let Err(e) = e {
        assert!(has_hangul(&e.message(Lang::Ko)), "{e}");
    }
}

#[test]
fn every_value_speaks_both_languages() {
    let ep: Endpoint = "10.0.0.2:5000".parse().unwrap();
    let values = [
        Value::Done,
        Value::Socket { id: SocketId(1) },
        Value::Sent { len: 6 },
        Value::Received {
            data: vec![],
            from: None,
        },
        Value::Received {
            data: b"hi".to_vec(),
            from: Some(ep),
        },
        Value::Accepted {
            id: SocketId(2),
            remote: ep,
        },
        Value::Connecting,
    ];
    for v in values {
        check_both(
            &format!("{v:?}"),
            v.message(Lang::En),
            v.to_string(),
            v.message(Lang::Ko),
        );
    }
    // An address is the same in every language.
    assert_eq!(Value::Endpoint(ep).message(Lang::Ko), "10.0.0.2:5000");
    assert_eq!(
        Value::Sent { len: 1 }.to_string(),
        "1 byte accepted for sending"
    );
    assert_eq!(
        Value::Sent { len: 6 }.message(Lang::Ko),
        "6바이트를 보내기 위해 받아들였습니다"
    );
}

/// A short session on the Korean page, answered as the page shows it.
#[test]
fn a_korean_session_is_answered_in_korean() {
    let (mut w, _, _) = two_hosts(3);
    let mut con = Console::default();
    let mut say = |w: &mut World, line: &str| {
        let cmd: sockscope_core::teach::command::Command = line.parse().unwrap();
        match con.run(w, &cmd) {
            Ok(v) => v.message(Lang::Ko),
            Err(e) => e.message_for(&cmd.op, Lang::Ko),
        }
    };
    assert_eq!(say(&mut w, "A: s = socket(tcp)"), "소켓 #0");
    assert_eq!(say(&mut w, "A: bind(s, 10.0.0.1:80)"), "완료");
    assert_eq!(say(&mut w, "A: listen(s)"), "완료");
    assert_eq!(say(&mut w, "B: c = socket(tcp)"), "소켓 #1");
    assert_eq!(
        say(&mut w, "B: connect(c, 10.0.0.1:80)"),
        "SYN을 보냈습니다. 연결하는 중…"
    );
    assert!(say(&mut w, "A: t = accept(s)").starts_with("EAGAIN: 아직 기다리는 연결이 없습니다"));
    w.advance(Duration::from_millis(50));
    assert!(say(&mut w, "A: t = accept(s)").starts_with("소켓 #2, 10.0.0.2:"));
    assert_eq!(
        say(&mut w, r#"B: send(c, "hello!")"#),
        "6바이트를 보내기 위해 받아들였습니다"
    );
    assert!(say(&mut w, "A: recv(t)").starts_with("EAGAIN: 아직 도착한 데이터가 없습니다"));
    w.advance(Duration::from_millis(50));
    assert_eq!(say(&mut w, "A: recv(t)"), "\"hello!\" (6바이트)");
    assert!(say(&mut w, "A: bind(s, 10.0.0.1:80)").starts_with("EINVAL: "));
    assert!(say(&mut w, "A: recv(x)").starts_with("호스트 A에는 x(이)라는 소켓이 없습니다"));
}

#[test]
fn the_same_session_in_english_says_what_connect_and_accept_are_doing() {
    let (mut w, _, _) = two_hosts(3);
    let mut con = Console::default();
    for line in [
        "A: s = socket(tcp)",
        "A: bind(s, 10.0.0.1:80)",
        "A: listen(s)",
    ] {
        con.run_line(&mut w, line).unwrap();
    }
    con.run_line(&mut w, "B: c = socket(tcp)").unwrap();
    let v = con.run_line(&mut w, "B: connect(c, 10.0.0.1:80)").unwrap();
    // "ok" first: lessons that expect "ok" of a connect still match.
    assert_eq!(v.to_string(), "ok: SYN sent; connecting…");
    let e = con.run_line(&mut w, "A: accept(s)").unwrap_err();
    assert_eq!(e, CommandError::Errno(Errno::WouldBlock));
    let op = Op::Accept {
        sock: SockRef::Var("s".into()),
    };
    assert_eq!(
        e.message_for(&op, Lang::En),
        "EAGAIN: no connection waiting yet; let time run and try again"
    );
    // Other calls keep the errno's own explanation.
    let close = Op::Close {
        sock: SockRef::Var("s".into()),
    };
    assert_eq!(e.message_for(&close, Lang::En), e.to_string());
    // UDP's connect only fixes the peer: done at once.
    con.run_line(&mut w, "B: u = socket(udp)").unwrap();
    assert_eq!(
        con.run_line(&mut w, "B: connect(u, 10.0.0.1:53)"),
        Ok(Value::Done)
    );
}

#[test]
fn help_lists_the_calls_and_explains_one_in_both_languages() {
    for lang in [Lang::En, Lang::Ko] {
        let all = help_line("help", lang).unwrap();
        for c in sockscope_core::teach::command::CALLS {
            assert!(all.contains(c.example), "{lang:?}: {} in {all}", c.name);
        }
        assert_eq!(help_line("help()", lang), Some(all.clone()));
        assert_eq!(help_line(" ? ", lang), Some(all.clone()));
        let one = help_line("help(connect)", lang).unwrap();
        assert!(one.starts_with("connect: ") && one.contains("connect(c, 10.0.0.1:80)"));
        assert_eq!(Some(one.clone()), help(Some("connect"), lang));
        assert_eq!(has_hangul(&one), lang == Lang::Ko, "{one}");
        assert_eq!(has_hangul(&all), lang == Lang::Ko, "{all}");
        // An alias finds its call; a typo gets the did-you-mean.
        assert!(help_line("help(write)", lang)
            .unwrap()
            .starts_with("send: "));
        let typo = help_line("help(conect)", lang).unwrap();
        assert!(
            typo.contains("connect") && typo.contains("conect"),
            "{typo}"
        );
    }
    assert!(help_line("help(connect)", Lang::Ko)
        .unwrap()
        .contains("SYN을 보냅니다"));
    // Lines that are calls are not help.
    assert_eq!(help_line("A: s = socket(tcp)", Lang::En), None);
    assert_eq!(help_line("helper(x)", Lang::En), None);
}
