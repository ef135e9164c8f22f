//! Value formatting shared by the dissector's layers.

use crate::wire::checksum::internet_checksum;

/// Bytes shown before a data preview is cut short.
const PREVIEW_BYTES: usize = 32;

/// `"5 bytes: \"hello\""`, with control characters and bytes that are not UTF-8 escaped
/// so the preview is one line.
pub(super) fn data_preview(bytes: &[u8]) -> String {
    let shown = bytes.get(..PREVIEW_BYTES).unwrap_or(bytes);
    let escaped = escape_bytes(shown);
    let more = if shown.len() < bytes.len() { "…" } else { "" };
    format!("{}: \"{escaped}\"{more}", bytes_en(bytes.len() as u64))
}

/// "1 byte", "6 bytes": the one place English counts bytes, so no text says "1 bytes"
/// (`explain::byte_count` uses it for English too).
pub fn bytes_en(n: u64) -> String {
    match n {
        1 => "1 byte".into(),
        n => format!("{n} bytes"),
    }
}

/// Bytes as text inside a string literal: valid UTF-8 as itself (so "안녕" reads as 안녕,
/// not \xec\x95\x88…); quotes, backslashes, control characters and bytes that are not
/// UTF-8 escaped (`\"`, `\\`, `\n`, `\t`, `\xNN`), which the console reads back.
pub fn escape_bytes(data: &[u8]) -> String {
    let mut s = String::with_capacity(data.len());
    for chunk in data.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => s.push_str("\\\""),
                '\\' => s.push_str("\\\\"),
                '\n' => s.push_str("\\n"),
                '\t' => s.push_str("\\t"),
                c if c.is_control() => {
                    let mut buf = [0u8; 4];
                    for b in c.encode_utf8(&mut buf).bytes() {
                        s.push_str(&format!("\\x{b:02x}"));
                    }
                }
                c => s.push(c),
            }
        }
        for b in chunk.invalid() {
            s.push_str(&format!("\\x{b:02x}"));
        }
    }
    s
}

/// A 16-bit field as hex and decimal.
pub(super) fn hex16(bytes: &[u8]) -> String {
    let v = be16(bytes);
    format!("0x{v:04x} ({v})")
}

/// Bytes as contiguous lowercase hex, e.g. `"0204"`.
pub(super) fn hex_bytes(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A big-endian integer of up to 4 bytes, in decimal.
pub(super) fn decimal(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
        .to_string()
}

/// The first two bytes as a big-endian word (0 if shorter, which callers never pass).
pub(super) fn be16(bytes: &[u8]) -> u16 {
    match bytes {
        [hi, lo, ..] => u16::from_be_bytes([*hi, *lo]),
        _ => 0,
    }
}

/// A checksum field's value and verdict. `covered` is every byte the checksum protects
/// (pseudo-header first where there is one), with the field at its place; `None` when the
/// covered bytes are not all present, so no verdict is possible.
pub(super) fn checksum_verdict(field: &[u8], covered: Option<&[&[u8]]>) -> String {
    let stored = be16(field);
    match covered {
        None => format!("0x{stored:04x} (not verified: packet truncated)"),
        Some(chunks) => {
            if internet_checksum(chunks) == 0 {
                format!("0x{stored:04x} (correct)")
            } else {
                // Removing the stored value from the sum gives the sum without it, whose
                // complement is the correct value (RFC 1071 §2, one's-complement algebra).
                let sum = !internet_checksum(chunks);
                let expected = !ones_sub(sum, stored);
                format!("0x{stored:04x} (wrong: should be 0x{expected:04x})")
            }
        }
    }
}

/// One's-complement subtraction `a - b`, i.e. `a + !b` with end-around carry.
fn ones_sub(a: u16, b: u16) -> u16 {
    let sum = u32::from(a) + u32::from(!b);
    ((sum & 0xFFFF) + (sum >> 16)) as u16
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn previews() {
        assert_eq!(data_preview(b"hello"), "5 bytes: \"hello\"");
        assert_eq!(data_preview(&[0, b'a', 0xff]), "3 bytes: \"\\x00a\\xff\"");
        assert_eq!(data_preview(b"x"), "1 byte: \"x\"");
        assert_eq!(data_preview("안녕".as_bytes()), "6 bytes: \"안녕\"");
        let long = vec![b'z'; 40];
        assert!(data_preview(&long).ends_with("\"…"));
        assert!(data_preview(&long).starts_with("40 bytes: \"zzzz"));
    }

    #[test]
    fn numbers() {
        assert_eq!(hex16(&[0xb8, 0x61]), "0xb861 (47201)");
        assert_eq!(decimal(&[0xFF, 0xFF, 0xFF, 0xFF]), "4294967295");
        assert_eq!(be16(&[1]), 0);
    }

    #[test]
    fn checksum_verdicts() {
        let good = [
            0x45u8, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0xb8, 0x61, 0xc0, 0xa8,
            0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
        ];
        assert_eq!(
            checksum_verdict(&good[10..12], Some(&[&good])),
            "0xb861 (correct)"
        );
        let mut bad = good;
        bad[10] = 0x12;
        bad[11] = 0x34;
        assert_eq!(
            checksum_verdict(&bad[10..12], Some(&[&bad])),
            "0x1234 (wrong: should be 0xb861)"
        );
        assert_eq!(
            checksum_verdict(&bad[10..12], None),
            "0x1234 (not verified: packet truncated)"
        );
    }
}
