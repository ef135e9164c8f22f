//! A first whole-world TCP run: handshake, data both ways, orderly close, TIME-WAIT.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

use sockscope_core::tcp::State;
use sockscope_core::testkit::{client, listener, two_hosts};
use sockscope_core::{Duration, EventKind};

#[test]
fn handshake_transfer_close_and_time_wait() {
    let (mut w, a, b) = two_hosts(7);
    let l = listener(&mut w, a, "10.0.0.1:80", 8);
    let c = client(&mut w, b, "10.0.0.1:80");
    assert_eq!(w.tcb(c).unwrap().state(), State::SynSent);
    w.advance(Duration::from_millis(100));
    assert_eq!(w.tcb(c).unwrap().state(), State::Established);
    let (t, peer) = w.accept(l).unwrap();
    assert_eq!(peer, w.getsockname(c).unwrap());
    assert_eq!(w.tcb(t).unwrap().state(), State::Established);
    assert_eq!(w.send(c, b"hello").unwrap(), 5);
    w.advance(Duration::from_millis(100));
    assert_eq!(w.recv(t, 100).unwrap(), b"hello");
    w.send(t, b"world!").unwrap();
    w.advance(Duration::from_millis(300));
    assert_eq!(w.recv(c, 100).unwrap(), b"world!");
    w.close(c).unwrap();
    w.advance(Duration::from_millis(300));
    assert_eq!(w.tcb(t).unwrap().state(), State::CloseWait);
    assert_eq!(w.recv(t, 100).unwrap(), b"", "end of stream");
    w.close(t).unwrap();
    w.advance(Duration::from_millis(300));
    assert_eq!(w.tcb(c).map(|t| t.state()), Some(State::TimeWait));
    assert!(w.tcb(t).is_none(), "the server side is gone after LAST-ACK");
    w.advance(Duration::from_secs(5));
    assert!(w.tcb(c).is_none(), "TIME-WAIT ended");
    let changes: Vec<String> = w
        .log()
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::StateChanged { from, to, .. } => {
                Some(format!("{}:{from}->{to}", e.socket.unwrap().0))
            }
            _ => None,
        })
        .collect();
    println!("{changes:#?}");
    assert!(changes.len() >= 9);
}
