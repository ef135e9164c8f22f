//! The guided lessons that ship with Sockscope, compiled in so the page, the tests and
//! the command line all have the same ones (the files live in `lessons/`).

/// Each lesson's id and JSON text, in teaching order (a to l from issue 6, then the modern TCP and internet-layer ones).
pub const LESSONS: &[(&str, &str)] = &[
    ("a-layers", include_str!("../../../lessons/a-layers.json")),
    ("b-ports", include_str!("../../../lessons/b-ports.json")),
    (
        "c-four-tuple",
        include_str!("../../../lessons/c-four-tuple.json"),
    ),
    (
        "d-udp-vs-tcp",
        include_str!("../../../lessons/d-udp-vs-tcp.json"),
    ),
    (
        "e-handshake",
        include_str!("../../../lessons/e-handshake.json"),
    ),
    (
        "f-close-time-wait",
        include_str!("../../../lessons/f-close-time-wait.json"),
    ),
    (
        "g-retransmission",
        include_str!("../../../lessons/g-retransmission.json"),
    ),
    (
        "h-reordering",
        include_str!("../../../lessons/h-reordering.json"),
    ),
    (
        "i-simultaneous",
        include_str!("../../../lessons/i-simultaneous.json"),
    ),
    (
        "j-flow-control",
        include_str!("../../../lessons/j-flow-control.json"),
    ),
    (
        "k-congestion",
        include_str!("../../../lessons/k-congestion.json"),
    ),
    ("l-reset", include_str!("../../../lessons/l-reset.json")),
    ("m-sack", include_str!("../../../lessons/m-sack.json")),
    ("n-nagle", include_str!("../../../lessons/n-nagle.json")),
    ("o-arp", include_str!("../../../lessons/o-arp.json")),
    (
        "p-traceroute",
        include_str!("../../../lessons/p-traceroute.json"),
    ),
    (
        "q-bottleneck",
        include_str!("../../../lessons/q-bottleneck.json"),
    ),
    (
        "r-long-fat-pipe",
        include_str!("../../../lessons/r-long-fat-pipe.json"),
    ),
    (
        "s-profiles",
        include_str!("../../../lessons/s-profiles.json"),
    ),
    ("t-nat", include_str!("../../../lessons/t-nat.json")),
];

/// A lesson's JSON by id.
pub fn lesson(id: &str) -> Option<&'static str> {
    LESSONS
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, json)| *json)
}
