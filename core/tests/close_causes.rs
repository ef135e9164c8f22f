//! The call that closed a connection is the cause its state change logs: shutdown(write)
//! and abort() were both logged as "call close()".

use sockscope_core::socket::Shutdown;
use sockscope_core::teach::explain::{describe, Lang};
use sockscope_core::{Duration, EventKind, World};

/// Two hosts, a listener on A:80 and B's connection to it, established.
fn connected() -> (World, sockscope_core::SocketId, sockscope_core::SocketId) {
    let (mut w, l, c) = sockscope_core::testkit::listener_and_client(11);
    w.advance(Duration::from_millis(100));
    (w, l, c)
}

/// The state changes logged after event `from`, in English and Korean.
fn changes(w: &World, from: usize) -> Vec<(String, String)> {
    w.log().events()[from..]
        .iter()
        .filter(|e| matches!(e.kind, EventKind::StateChanged { .. }))
        .map(|e| (describe(Lang::En, w, e), describe(Lang::Ko, w, e)))
        .collect()
}

#[test]
fn shutdown_write_is_logged_as_shutdown() {
    let (mut w, _, c) = connected();
    let mark = w.log().events().len();
    w.shutdown(c, Shutdown::Write).unwrap();
    let lines = changes(&w, mark);
    assert_eq!(
        lines,
        vec![(
            "B: ESTABLISHED → FIN-WAIT-1 (call shutdown())".to_string(),
            "B: ESTABLISHED → FIN-WAIT-1 (shutdown() 호출)".to_string()
        )]
    );
}

#[test]
fn abort_is_logged_as_abort() {
    let (mut w, l, c) = connected();
    let mark = w.log().events().len();
    w.abort(c).unwrap();
    assert_eq!(
        changes(&w, mark),
        vec![(
            "B: ESTABLISHED → CLOSED (call abort())".to_string(),
            "B: ESTABLISHED → CLOSED (abort() 호출)".to_string()
        )]
    );
    let mark = w.log().events().len();
    w.abort(l).unwrap();
    let lines = changes(&w, mark);
    assert!(
        lines
            .iter()
            .any(|(en, ko)| en == "A: LISTEN → CLOSED (call abort())"
                && ko == "A: LISTEN → CLOSED (abort() 호출)"),
        "{lines:?}"
    );
}
