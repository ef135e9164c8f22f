//! The four explaining panels in a real DOM (headless Chromium): the state diagram, the
//! ladder, the packet inspector and the TCB panel, driven the way a user drives them:
//! console commands, Step, clicks on arrows and rows.
#![cfg(target_arch = "wasm32")]

use sockscope_web::components::inspector::{Inspector, InspectorProps};
use sockscope_web::components::state_diagram::{StateDiagram, StateDiagramProps};
use sockscope_web::components::view::{At, WorldAt};
use sockscope_web::i18n::Lang;
use sockscope_web::state::{Action, Playground, Shared};
use std::rc::Rc;
use wasm_bindgen_test::*;
use web_sys::Element;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;

use common::{
    click, click_svg, count, find, has_class, mount, new_root, settle, text, type_command,
};

use sockscope_core::testkit::HANDSHAKE;

async fn handshake(root: &Element, steps: usize) {
    for line in HANDSHAKE {
        type_command(root, line).await;
    }
    for _ in 0..steps {
        click(root, "#step");
        settle().await;
    }
}

fn ladder_labels(root: &Element) -> Vec<String> {
    let nodes = root.query_selector_all(".ladder .lad-label").unwrap();
    (0..nodes.length())
        .filter_map(|i| nodes.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn before_anything_happens_each_panel_says_what_to_do() {
    let root = mount();
    settle().await;
    assert!(text(&root, "#inspector-hint").contains("Click a packet"));
    assert_eq!(count(&root, ".ladder .lad-empty"), 1);
    assert_eq!(count(&root, ".ladder .lad-pkt"), 0);
    assert!(text(&root, "#sd-who").contains("No TCP socket yet"));
    assert_eq!(
        count(&root, ".state-diagram .sd-node"),
        12,
        "11 states, CLOSED twice"
    );
    assert_eq!(count(&root, ".state-diagram .sd-arrow"), 20);
    assert_eq!(count(&root, ".state-diagram .sd-node.current"), 0);
    assert!(text(&root, ".tcb").contains("No TCP socket yet"));
}

#[wasm_bindgen_test]
async fn a_handshake_lights_established_for_the_client_and_fills_the_ladder() {
    let root = mount();
    settle().await;
    handshake(&root, 3).await;
    // Follow the client: click its row in the socket table.
    click(&root, "tr[data-socket='1']");
    settle().await;
    let lit = find(&root, ".state-diagram .sd-node.current");
    assert_eq!(
        lit.get_attribute("data-state").as_deref(),
        Some("ESTABLISHED")
    );
    assert!(has_class(&lit, "just-changed"));
    let who = text(&root, "#sd-who");
    assert!(who.contains("B · #1 c · 10.0.0.2:"), "{who}");
    assert!(who.contains("→ 10.0.0.1:80"), "{who}");
    let last = find(&root, ".state-diagram .sd-arrow.last");
    assert_eq!(last.get_attribute("data-from").as_deref(), Some("SYN-SENT"));
    assert_eq!(
        last.get_attribute("data-to").as_deref(),
        Some("ESTABLISHED")
    );
    let caption = text(&root, "#sd-caption");
    assert!(caption.contains("SYN-SENT → ESTABLISHED"), "{caption}");
    assert!(caption.contains("rcv SYN,ACK"), "{caption}");
    assert!(caption.contains("RFC 9293"), "{caption}");
    assert!(
        caption.contains("CLOSED → SYN-SENT → ESTABLISHED"),
        "{caption}"
    );

    // The ladder: just the connection's two hosts, three arrows, labelled.
    assert_eq!(count(&root, ".ladder .lad-lane"), 2);
    assert!(count(&root, ".ladder .lad-pkt") >= 3);
    let labels = ladder_labels(&root);
    assert!(labels[0].starts_with("SYN seq="), "{labels:?}");
    assert!(labels[1].starts_with("SYN,ACK seq="), "{labels:?}");
    assert!(labels[2].starts_with("ACK ack="), "{labels:?}");
    assert_eq!(count(&root, ".ladder .lad-pkt.delivered"), 3);

    // Deselecting follows the last socket to change: the server's new connection.
    click(&root, "#sd-who button");
    settle().await;
    assert!(text(&root, "#sd-who").contains("A · #2"));
    assert_eq!(
        find(&root, ".state-diagram .sd-node.current")
            .get_attribute("data-state")
            .as_deref(),
        Some("ESTABLISHED")
    );
    assert!(text(&root, "#sd-caption").contains("SYN-RECEIVED → ESTABLISHED"));
}

#[wasm_bindgen_test]
async fn clicking_a_ladder_arrow_opens_the_packet_in_the_inspector() {
    let root = mount();
    settle().await;
    handshake(&root, 1).await;
    let syn = find(&root, ".ladder .lad-pkt[data-packet='0']");
    click_svg(&syn);
    settle().await;
    assert!(has_class(
        &find(&root, ".ladder .lad-pkt[data-packet='0']"),
        "selected"
    ));
    let what = text(&root, "#inspector-what");
    assert!(what.starts_with("#0 · B → A"), "{what}");
    let insp = text(&root, ".inspector");
    for needle in [
        "Link",
        "14 bytes",
        "IPv4",
        "Source Address",
        "10.0.0.2",
        "TCP",
        "Source Port",
        "Destination Port",
        "Sequence Number",
        "Control Bits",
        "(SYN)",
    ] {
        assert!(insp.contains(needle), "{needle} missing in {insp}");
    }
    // Every byte is in the hex view, coloured by layer.
    assert!(count(&root, ".hexview .hex .hb") >= 40);
    assert_eq!(count(&root, ".hexview .hex .hb.layer-ipv4"), 20);
    // Clicking a field lights its bytes; clicking again lets go.
    click(&root, ".fields tr[data-field='Source Port']");
    settle().await;
    assert_eq!(count(&root, ".hexview .hex .hb.hl"), 2);
    assert!(has_class(
        &find(&root, ".fields tr[data-field='Source Port']"),
        "pinned"
    ));
    click(&root, ".fields tr[data-field='Destination Address']");
    settle().await;
    assert_eq!(count(&root, ".hexview .hex .hb.hl"), 4);
    click(&root, ".fields tr[data-field='Destination Address']");
    settle().await;
    assert_eq!(count(&root, ".hexview .hex .hb.hl"), 0);
}

#[wasm_bindgen_test]
async fn the_tcb_panel_shows_rfc_variables_and_the_cwnd_plot() {
    let root = mount();
    settle().await;
    handshake(&root, 3).await;
    click(&root, "tr[data-socket='1']");
    settle().await;
    let tcb = text(&root, ".tcb");
    for needle in [
        "SND.UNA",
        "SND.NXT",
        "SND.WND",
        "RCV.NXT",
        "RCV.WND",
        "ISS",
        "IRS",
        "SRTT",
        "RTO",
        "cwnd",
        "ssthresh",
        "∞",
        "FlightSize",
        "slow start",
    ] {
        assert!(tcb.contains(needle), "{needle} missing in {tcb}");
    }
    let una = text(&root, ".tcb-cell[data-var='snd-una'] dd");
    assert!(una.ends_with("(+1)"), "the SYN is acknowledged: {una}");
    assert_eq!(count(&root, ".tcb .cwnd-line"), 1);
    assert!(text(&root, ".tcb-cell[data-var='cwnd'] dd").contains("MSS"));
}

#[wasm_bindgen_test]
async fn a_dropped_syn_is_crossed_out_and_its_retransmission_dashed() {
    let root = mount();
    settle().await;
    handshake(&root, 0).await;
    assert_eq!(count(&root, ".ladder .lad-pkt.in-flight"), 1);
    click_svg(&find(&root, ".ladder .lad-pkt[data-packet='0']"));
    settle().await;
    click(&root, "#pkt-drop");
    settle().await;
    assert_eq!(count(&root, ".ladder .lad-pkt.dropped"), 1);
    assert_eq!(count(&root, ".ladder .lad-x"), 1);
    // The next event is the retransmission timer, a second later.
    click(&root, "#step");
    settle().await;
    assert_eq!(count(&root, ".ladder .lad-pkt.retransmit"), 1);
    assert!(ladder_labels(&root)[1].starts_with("SYN seq="));
    // The long wait is squeezed and marked on the axis.
    assert!(text(&root, ".ladder .lad-breaks").contains("+1.000s"));
    // The client is still in SYN-SENT, the last socket to change.
    assert_eq!(
        find(&root, ".state-diagram .sd-node.current")
            .get_attribute("data-state")
            .as_deref(),
        Some("SYN-SENT")
    );
}

fn korean_handshake() -> Shared {
    let mut p = Rc::new(Playground::demo(Lang::Ko));
    for line in HANDSHAKE {
        p = yew::Reducible::reduce(p, Action::RunCommand(line.to_string()));
    }
    for _ in 0..3 {
        p = yew::Reducible::reduce(p, Action::Step);
    }
    p = yew::Reducible::reduce(p, Action::SelectPacket(Some(sockscope_core::PacketId(1))));
    Shared(p)
}

#[wasm_bindgen_test]
async fn panels_mounted_alone_speak_korean() {
    let state = korean_handshake();
    let root = new_root();
    yew::Renderer::<StateDiagram>::with_root_and_props(
        root.clone(),
        StateDiagramProps {
            lang: state.lang,
            session: At::new(&state.session, 1),
            selected: state.selected_socket,
            on_action: Callback::noop(),
        },
    )
    .render();
    settle().await;
    assert!(text(&root, "h2").contains("TCP 상태도"));
    let caption = text(&root, "#sd-caption");
    assert!(caption.contains("마지막 변화"), "{caption}");
    assert!(caption.contains("수신"), "{caption}");

    let root = new_root();
    yew::Renderer::<Inspector>::with_root_and_props(
        root.clone(),
        InspectorProps {
            lang: state.lang,
            selected: state.selected_packet,
            world: WorldAt::new(&state.world, 1),
            on_action: Callback::noop(),
            relative: false,
        },
    )
    .render();
    settle().await;
    let insp = text(&root, ".inspector");
    assert!(insp.contains("패킷 검사기"), "{insp}");
    assert!(insp.contains("링크") && insp.contains("이더넷"), "{insp}");
    assert!(
        insp.contains("Source Port"),
        "field names stay the RFC's: {insp}"
    );
}
