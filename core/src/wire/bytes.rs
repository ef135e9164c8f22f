//! Bounds-checked big-endian reads, so that no parser can panic on short input.
//!
//! Every multi-byte field on the wire is in network byte order (RFC 791 Appendix B), and
//! every read goes through here and returns `None` rather than indexing past the end.

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
    fn lengths_saturate() {
        assert_eq!(len_u16(70_000), u16::MAX);
        assert_eq!(len_u16(40), 40);
        assert_eq!(len_u32(40), 40);
    }
}
