//! The guided lessons that ship with Sockscope, compiled in so the page, the tests and
//! the command line all have the same ones (the files live in `lessons/`).

/// Each lesson's id and JSON text, in teaching order.
pub const LESSONS: &[(&str, &str)] = &[("handshake", include_str!("../../lessons/handshake.json"))];

/// A lesson's JSON by id.
pub fn lesson(id: &str) -> Option<&'static str> {
    LESSONS
        .iter()
        .find(|(i, _)| *i == id)
        .map(|(_, json)| *json)
}
