//! Bounds-checked big-endian reads, so that no parser can panic on short input.
//!
//! Every multi-byte field on the wire is in network byte order (RFC 791 Appendix B), and
//! every read goes through here and returns `None` rather than indexing past the end.

/// Where a header field lives: its byte range from the start of its header. Each header
/// module has a `field` module of these (as smoltcp's `src/wire/tcp.rs` does), which its
/// parser, its emitter and the dissector all read, so an offset is written down once.
pub(crate) type Field = std::ops::Range<usize>;

/// The bytes of `field`, if all present.
pub(crate) fn get(bytes: &[u8], field: Field) -> Option<&[u8]> {
    bytes.get(field)
}

/// The byte of a one-byte `field`.
pub(crate) fn u8_in(bytes: &[u8], field: Field) -> Option<u8> {
    array_in::<1>(bytes, field).map(|[b]| b)
}

/// The big-endian word in a two-byte `field`.
pub(crate) fn u16_in(bytes: &[u8], field: Field) -> Option<u16> {
    array_in::<2>(bytes, field).map(u16::from_be_bytes)
}

/// The big-endian word in a four-byte `field`.
pub(crate) fn u32_in(bytes: &[u8], field: Field) -> Option<u32> {
    array_in::<4>(bytes, field).map(u32::from_be_bytes)
}

/// The `N` bytes of `field`; `None` if absent or if the field is not `N` bytes wide.
pub(crate) fn array_in<const N: usize>(bytes: &[u8], field: Field) -> Option<[u8; N]> {
    bytes.get(field)?.try_into().ok()
}

/// Writes `value` into `field` of `bytes`. The emitters size their buffers from the same
/// `field` constants first, so a miss is a bug in this module: it is caught by the debug
/// assertion in tests and never panics in a release build.
pub(crate) fn put(bytes: &mut [u8], field: Field, value: &[u8]) {
    match bytes.get_mut(field) {
        Some(to) if to.len() == value.len() => to.copy_from_slice(value),
        _ => debug_assert!(false, "field outside the buffer or of another width"),
    }
}

/// The `N` bytes at `at`, or `None` if the slice is too short.
pub(crate) fn array<const N: usize>(bytes: &[u8], at: usize) -> Option<[u8; N]> {
    let end = at.checked_add(N)?;
    bytes.get(at..end)?.try_into().ok()
}

/// The byte at `at`.
pub(crate) fn u8_at(bytes: &[u8], at: usize) -> Option<u8> {
    bytes.get(at).copied()
}

/// The big-endian 16-bit word at `at`.
pub(crate) fn u16_at(bytes: &[u8], at: usize) -> Option<u16> {
    array::<2>(bytes, at).map(u16::from_be_bytes)
}

/// The big-endian 32-bit word at `at`.
pub(crate) fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    array::<4>(bytes, at).map(u32::from_be_bytes)
}

/// A length as the 16-bit value a header field can hold, saturating instead of wrapping so
/// an oversized value can never alias a small, plausible one.
pub(crate) fn len_u16(len: usize) -> u16 {
    u16::try_from(len).unwrap_or(u16::MAX)
}

/// A length as a 32-bit value for serialized spans, saturating for the same reason.
pub(crate) fn len_u32(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn reads_stop_at_the_end() {
        let b = [1u8, 2, 3, 4, 5];
        assert_eq!(u8_at(&b, 4), Some(5));
        assert_eq!(u8_at(&b, 5), None);
        assert_eq!(u16_at(&b, 3), Some(0x0405));
        assert_eq!(u16_at(&b, 4), None);
        assert_eq!(u32_at(&b, 1), Some(0x0203_0405));
        assert_eq!(u32_at(&b, 2), None);
        assert_eq!(u32_at(&b, usize::MAX), None);
    }

    #[test]
    fn field_reads_check_width_and_end() {
        let b = [1u8, 2, 3, 4, 5];
        assert_eq!(u8_in(&b, 4..5), Some(5));
        assert_eq!(u8_in(&b, 3..5), None, "a two-byte field is not a u8");
        assert_eq!(u16_in(&b, 3..5), Some(0x0405));
        assert_eq!(u16_in(&b, 4..6), None);
        assert_eq!(u32_in(&b, 1..5), Some(0x0203_0405));
        assert_eq!(get(&b, 2..4), Some(&[3u8, 4][..]));
        let mut m = [0u8; 4];
        put(&mut m, 1..3, &[9, 8]);
        assert_eq!(m, [0, 9, 8, 0]);
    }

    #[test]
    fn lengths_saturate() {
        assert_eq!(len_u16(70_000), u16::MAX);
        assert_eq!(len_u16(40), 40);
        assert_eq!(len_u32(40), 40);
    }
}
