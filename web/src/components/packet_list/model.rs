//! What the packet list computes, apart from drawing: when the capture must be decoded
//! again, which rows are on screen, where the arrows move the selection, and how a row
//! is coloured. Pure, so it is tested natively.

use sockscope_core::teach::capture::{Mark, Row};
use sockscope_core::wire::{TcpFlags, Transport};
use sockscope_core::{Instant, World};

/// Height of one row in CSS pixels in a wide list (`styles/packets.css` says the same);
/// a narrow one puts Info on a second line, and the list measures its rows then.
pub const ROW_PX: f64 = 22.0;
/// Rows drawn above and below the visible ones, so a fast scroll shows no gap.
pub const OVERSCAN: usize = 8;

/// What the decoded capture depends on: the packets captured, the notes the log holds
/// about them, and the moment viewed. Selecting a row changes none of it, so the
/// capture is not decoded again for a click or an arrow key.
pub fn key(world: &World) -> (u64, u64, u64, u64) {
    let capture = world.capture();
    (
        capture.len() as u64,
        capture.last().map_or(0, |c| c.id.0),
        world.log().len(),
        world.now().micros(),
    )
}

/// Wireshark's Time column: seconds since the start, to the microsecond.
pub fn time(at: Instant) -> String {
    let us = at.micros();
    format!("{}.{:06}", us / 1_000_000, us % 1_000_000)
}

/// The colouring rule of a row, after Wireshark's defaults: "Bad TCP" for expert
/// warnings, then RST, SYN/FIN, then by protocol.
pub fn row_class(row: &Row) -> &'static str {
    if row.marks.iter().any(|m| m.is_warning()) || row.packet.is_none() {
        return "pk-bad";
    }
    match row.packet.as_ref().map(|p| &p.transport) {
        Some(Transport::Tcp(t)) if t.flags.contains(TcpFlags::RST) => "pk-rst",
        Some(Transport::Tcp(t))
            if t.flags.contains(TcpFlags::SYN) || t.flags.contains(TcpFlags::FIN) =>
        {
            "pk-synfin"
        }
        Some(Transport::Tcp(_)) => "pk-tcp",
        Some(Transport::Udp(_)) => "pk-udp",
        Some(Transport::Icmp(_)) => "pk-icmp",
        _ => "pk-other",
    }
}

/// The class of an expert mark's label: warnings and notes apart.
pub fn mark_class(m: Mark) -> String {
    let level = if m.is_warning() { "pk-warn" } else { "pk-note" };
    format!("pk-mark {level} pk-mark-{}", m.name())
}

/// Positions (into the shown rows) drawn for a scroll offset and a viewport height, with
/// rows `row` pixels tall.
pub fn window(scroll_top: f64, height: f64, row: f64, total: usize) -> std::ops::Range<usize> {
    let row = row.max(1.0);
    let first = (scroll_top.max(0.0) / row) as usize;
    let count = (height.max(row) / row).ceil() as usize;
    let start = first.saturating_sub(OVERSCAN).min(total);
    let end = (first + count + OVERSCAN).min(total);
    start..end
}

/// Where a key moves the selection among `len` shown rows from `at` (none: from before
/// the first), or None for keys the list does not use.
pub fn moved(key: &str, at: Option<usize>, len: usize, page: usize) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let last = len - 1;
    let next = match (key, at) {
        ("ArrowDown", None) | ("Home", _) => 0,
        ("ArrowUp", None) | ("End", _) => last,
        ("ArrowDown", Some(i)) => (i + 1).min(last),
        ("ArrowUp", Some(i)) => i.saturating_sub(1),
        ("PageDown", i) => i.map_or(0, |i| (i + page).min(last)),
        ("PageUp", i) => i.map_or(0, |i| i.saturating_sub(page)),
        _ => return None,
    };
    Some(next)
}

/// The scroll offset that brings position `at` (rows `row` tall) into a viewport at
/// `top` of `height` (unchanged when it is already in view), leaving room for the
/// sticky header.
pub fn scroll_to(at: usize, top: f64, height: f64, row: f64) -> f64 {
    let y = at as f64 * row;
    if y < top {
        y
    } else if y + row > top + height - row {
        y + 2.0 * row - height
    } else {
        top
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn only_the_rows_in_view_are_drawn_even_for_a_hundred_thousand() {
        assert_eq!(window(0.0, 220.0, ROW_PX, 100_000), 0..18);
        let w = window(22.0 * 50_000.0, 220.0, ROW_PX, 100_000);
        assert_eq!(w, 49_992..50_018);
        assert_eq!(
            window(22.0 * 99_999.0, 220.0, ROW_PX, 100_000),
            99_991..100_000
        );
        assert_eq!(window(500.0, 220.0, ROW_PX, 3), 3..3);
        // Two-line rows in a narrow list: half as many in the same height.
        assert_eq!(window(44.0 * 100.0, 220.0, 44.0, 1000), 92..113);
    }

    #[test]
    fn arrows_move_within_the_shown_rows() {
        assert_eq!(moved("ArrowDown", None, 5, 10), Some(0));
        assert_eq!(moved("ArrowDown", Some(4), 5, 10), Some(4));
        assert_eq!(moved("ArrowUp", Some(0), 5, 10), Some(0));
        assert_eq!(moved("ArrowUp", Some(3), 5, 10), Some(2));
        assert_eq!(moved("End", Some(1), 5, 10), Some(4));
        assert_eq!(moved("PageDown", Some(1), 50, 10), Some(11));
        assert_eq!(moved("a", Some(1), 5, 10), None);
        assert_eq!(moved("ArrowDown", None, 0, 10), None);
    }

    #[test]
    fn scrolling_follows_the_selection_only_when_it_leaves_the_view() {
        assert_eq!(scroll_to(0, 100.0, 220.0, ROW_PX), 0.0);
        assert_eq!(scroll_to(6, 100.0, 220.0, ROW_PX), 100.0);
        assert_eq!(scroll_to(20, 0.0, 220.0, ROW_PX), 22.0 * 22.0 - 220.0);
        assert_eq!(scroll_to(20, 0.0, 220.0, 44.0), 44.0 * 22.0 - 220.0);
        assert_eq!(time(Instant(1_050_000)), "1.050000");
    }
}
