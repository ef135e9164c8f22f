use super::*;
use crate::errno::Errno;
use crate::time::Duration;
use crate::world::World;
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

fn parse(s: &str) -> Command {
    s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
}

#[test]
fn parses_the_course_notes_examples() {
    let c = parse("A: s = socket(tcp)");
    assert_eq!(
        (c.host.as_deref(), c.assign.as_deref()),
        (Some("A"), Some("s"))
    );
    assert_eq!(
        c.op,
        Op::Socket {
            protocol: Protocol::Tcp
        }
    );
    assert_eq!(
        parse("A: bind(s, 10.0.0.1:80)").op,
        Op::Bind {
            sock: SockRef::Var("s".into()),
            local: "10.0.0.1:80".parse().unwrap()
        }
    );
    assert_eq!(
        parse("listen(s)").op,
        Op::Listen {
            sock: SockRef::Var("s".into()),
            backlog: 128
        }
    );
    assert_eq!(
        parse(r#"B: send(c, "hello\n\x00")"#).op,
        Op::Send {
            sock: SockRef::Var("c".into()),
            data: b"hello\n\0".to_vec()
        }
    );
    assert_eq!(
        parse("A: recv(#3, 10)").op,
        Op::Recv {
            sock: SockRef::Id(3),
            max: 10
        }
    );
    assert_eq!(
        parse("bind(s, *:53)").op,
        Op::Bind {
            sock: SockRef::Var("s".into()),
            local: Endpoint::any(53)
        }
    );
    assert_eq!(
        parse("서버: 소켓 = socket(udp)").host.as_deref(),
        Some("서버")
    );
}

#[test]
fn display_round_trips() {
    for line in crate::testkit::CONSOLE_LINES {
        let c = parse(line);
        assert_eq!(parse(&c.to_string()), c, "{line} -> {c}");
    }
}

#[test]
fn stage_lines_set_exact_settings_and_print_back_canonically() {
    let c = parse("link(A, B, delay=1.5ms, jitter=250us, loss=0.0001%, reorder_by=2s)");
    let Op::Path { both, settings, .. } = &c.op else {
        panic!("{c:?}")
    };
    assert!(*both);
    assert_eq!(settings.delay, Duration(1_500));
    assert_eq!(settings.jitter, Duration(250));
    assert_eq!(settings.loss_ppm, 1);
    assert_eq!(settings.reorder_extra, Duration(2_000_000));
    assert_eq!(
        c.to_string(),
        "link(A, B, delay=1500us, jitter=250us, reorder_by=2000ms, loss=0.0001%)"
    );
    for bad in [
        "path(A, B, loss=101%)",
        "path(A, B, speed=9)",
        "packet(x, drop)",
        "packet(1, fold)",
        "path(A)",
    ] {
        assert!(bad.parse::<Command>().is_err(), "{bad} should not parse");
    }
}

#[test]
fn stage_lines_change_the_world_and_report_what_went_wrong() {
    let mut world = World::with_seed(1);
    let mut con = Console::default();
    assert_eq!(
        con.run_line(&mut world, "spawn(A, 10.0.0.1)"),
        Ok(Value::Done)
    );
    assert_eq!(
        con.run_line(&mut world, "spawn(B, 10.0.0.2)"),
        Ok(Value::Done)
    );
    assert!(matches!(
        con.run_line(&mut world, "spawn(C, 10.0.0.2)"),
        Err(CommandError::Host(_))
    ));
    con.run_line(&mut world, "path(A, B, delay=30ms)").unwrap();
    let (a, b) = (
        world.host_by_name("A").unwrap().id,
        world.host_by_name("B").unwrap().id,
    );
    assert_eq!(world.network().path(a, b).delay, Duration::from_millis(30));
    assert_eq!(world.network().path(b, a).delay, Duration::from_millis(10));
    con.run_line(&mut world, "A: ping(10.0.0.2)").unwrap();
    let id = world.network().in_flight().next().unwrap().id;
    con.run_line(&mut world, &format!("packet({}, drop)", id.0))
        .unwrap();
    assert!(world.network().in_flight().next().is_none());
    assert!(matches!(
        con.run_line(&mut world, &format!("packet({}, hold)", id.0)),
        Err(CommandError::Packet(_))
    ));
    con.run_line(&mut world, "remove(B)").unwrap();
    assert!(world.host_by_name("B").is_none());
    assert_eq!(
        con.run_line(&mut world, "remove(B)"),
        Err(CommandError::UnknownHost("B".into()))
    );
}

#[test]
fn errors_point_at_the_problem() {
    let e = |s: &str| s.parse::<Command>().unwrap_err().to_string();
    assert_eq!(
        e("A: bind(s 10.0.0.1:80)"),
        "at column 11: expected \",\" or \")\""
    );
    assert!(e("A: bind(s, 10.0.0:80)").contains("is not an IPv4 address"));
    assert!(e("A: bind(s, 10.0.0.1:99999)").contains("16-bit"));
    assert!(e("A: socket(icmp)").contains("use tcp or udp"));
    assert!(e("A: frob(s)").contains("unknown call"));
    assert!(e(r#"send(c, "open"#).contains("no closing"));
    assert!(e("A: s = socket(tcp) extra").contains("unexpected text"));
    assert!(e("").contains("expected a call"));
}

#[test]
fn runs_a_tcp_conversation_with_per_host_variables() {
    let (mut w, _, _) = crate::testkit::two_hosts(3);
    let mut con = Console::default();
    for line in [
        "A: s = socket(tcp)",
        "A: bind(s, 10.0.0.1:80)",
        "A: listen(s)",
        "B: s = socket(tcp)",
        "B: connect(s, 10.0.0.1:80)",
    ] {
        con.run_line(&mut w, line)
            .unwrap_or_else(|e| panic!("{line}: {e}"));
    }
    assert_eq!(
        con.run_line(&mut w, "A: t = accept(s)"),
        Err(CommandError::Errno(Errno::WouldBlock))
    );
    w.advance(Duration::from_millis(50));
    let Value::Accepted { remote, .. } = con.run_line(&mut w, "A: t = accept(s)").unwrap() else {
        panic!()
    };
    assert_eq!(remote.addr, Ipv4Addr::new(10, 0, 0, 2));
    con.run_line(&mut w, r#"B: send(s, "hello")"#).unwrap();
    w.advance(Duration::from_millis(50));
    let got = con.run_line(&mut w, "A: recv(t)").unwrap();
    assert_eq!(got.to_string(), "\"hello\" (5 bytes)");
    assert!(matches!(
        con.run_line(&mut w, "recv(x)"),
        Err(CommandError::UnknownVariable { .. })
    ));
    assert_eq!(
        con.run_line(&mut w, "C: recv(t)"),
        Err(CommandError::UnknownHost("C".into()))
    );
    assert_eq!(
        con.run_line(&mut w, "A: x = close(t)"),
        Err(CommandError::NothingToAssign)
    );
}

#[test]
fn a_line_without_a_host_needs_one_before_it() {
    let mut w = World::with_seed(3);
    let mut con = Console::default();
    assert_eq!(
        con.run_line(&mut w, "s = socket(udp)"),
        Err(CommandError::NoHost)
    );
}
