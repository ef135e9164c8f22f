//! The Internet checksum (RFC 1071) shared by IPv4, TCP, UDP and ICMP.
//!
//! One algorithm guards every header the simulator emits, so it lives once here and the
//! protocol files only decide *which* bytes it covers.

use std::net::Ipv4Addr;

/// One's-complement sum of `chunks` as if they were one contiguous buffer, folded to 16 bits
/// but not yet complemented.
///
/// Chunks are treated as concatenated (RFC 1071 §2: the sum is over the whole byte
/// sequence), so an odd-length chunk's last byte pairs with the next chunk's first byte; only
/// the very last odd byte is padded with a zero octet, as RFC 1071 §4.1 does.
pub fn ones_complement_sum(chunks: &[&[u8]]) -> u16 {
    // Words are added into a 64-bit accumulator and the carries folded back once at the
    // end (RFC 1071 §2 (B): "end-around carries may be added at any time"). They are read
    // in the machine's byte order and the folded sum swapped once at the end (§2 (C):
    // "the sum of byte-swapped words is the byte-swapped sum"), which saves a byte swap
    // per word. Every segment is summed twice (sent, received), so this loop is hot.
    let mut sum: u64 = 0;
    let mut pending: Option<u8> = None;
    for chunk in chunks {
        let mut rest: &[u8] = chunk;
        if let (Some(high), Some((&low, tail))) = (pending, rest.split_first()) {
            sum += u64::from(u16::from_ne_bytes([high, low]));
            pending = None;
            rest = tail;
        }
        // Four bytes at a time: since 2^16 = 1 modulo 0xFFFF, a 32-bit word adds the same
        // as its two 16-bit halves (RFC 1071 §2 (C), "parallel summation"). 2^32 words
        // would be needed to overflow the accumulator.
        let wide = rest.chunks_exact(4);
        let tail = wide.remainder();
        sum += wide
            .map(|w| u64::from(u32::from_ne_bytes([w[0], w[1], w[2], w[3]])))
            .sum::<u64>();
        let words = tail.chunks_exact(2);
        if let [last] = words.remainder() {
            pending = Some(*last);
        }
        sum += words
            .map(|w| u64::from(u16::from_ne_bytes([w[0], w[1]])))
            .sum::<u64>();
    }
    if let Some(high) = pending {
        sum += u64::from(u16::from_ne_bytes([high, 0]));
    }
    while sum > 0xFFFF {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    // Back from the machine's byte order to the network's.
    u16::from_be(sum as u16)
}

/// The value to store in a checksum field: the complement of the one's-complement sum
/// (RFC 1071 §1).
///
/// Computing it over bytes that already include a correct checksum yields 0, which is how
/// every parser in this module verifies a received header (RFC 1071 §1, step (3)).
pub fn internet_checksum(chunks: &[&[u8]]) -> u16 {
    !ones_complement_sum(chunks)
}

/// The 12-byte pseudo-header that TCP (RFC 9293 §3.1, "Checksum") and UDP (RFC 768) prepend
/// to their checksum, so that a segment delivered to the wrong address or protocol is
/// rejected even though the addresses live in the IP header.
pub fn pseudo_header(src: Ipv4Addr, dst: Ipv4Addr, protocol: u8, len: u16) -> [u8; 12] {
    let mut out = [0u8; 12];
    let s = src.octets();
    let d = dst.octets();
    let l = len.to_be_bytes();
    out[..4].copy_from_slice(&s);
    out[4..8].copy_from_slice(&d);
    out[9] = protocol;
    out[10..].copy_from_slice(&l);
    out
}

/// The folded one's-complement sum of the pseudo-header, for callers that update a
/// checksum incrementally (RFC 1624) instead of summing the whole segment again.
pub fn pseudo_header_sum(src: Ipv4Addr, dst: Ipv4Addr, protocol: u8, len: u16) -> u16 {
    ones_complement_sum(&[&pseudo_header(src, dst, protocol, len)])
}

/// The checksum field after one 16-bit word it covers changed from `old` to `new`, without
/// summing the rest again: RFC 1624 eqn. 3, `HC' = ~(~HC + ~m + m')`, in one's-complement
/// arithmetic.
///
/// Eqn. 3 rather than RFC 1141's `HC' = HC + m + ~m'`: the latter can yield 0xFFFF (-0)
/// where a full recompute gives 0x0000, which RFC 1624 §3 shows and corrects. A router
/// uses this for every datagram it forwards (the TTL decrement), as real ones do.
pub fn checksum_update(hc: u16, old: u16, new: u16) -> u16 {
    let sum = u32::from(!hc) + u32::from(!old) + u32::from(new);
    // At most 3 × 0xFFFF: two folds bring any carry back in.
    let folded = (sum & 0xFFFF) + (sum >> 16);
    let folded = (folded & 0xFFFF) + (folded >> 16);
    !(folded as u16)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn rfc1071_worked_example() {
        // RFC 1071 §3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to 0xddf2.
        let data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        assert_eq!(ones_complement_sum(&[&data]), 0xddf2);
        assert_eq!(internet_checksum(&[&data]), !0xddf2);
    }

    #[test]
    fn classic_ipv4_header_vector() {
        // The widely used example header; its checksum is 0xb861.
        let mut header = [
            0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8,
            0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
        ];
        assert_eq!(internet_checksum(&[&header]), 0xb861);
        header[10] = 0xb8;
        header[11] = 0x61;
        assert_eq!(internet_checksum(&[&header]), 0);
    }

    #[test]
    fn chunks_behave_like_one_buffer_even_when_odd() {
        let data: Vec<u8> = (0u8..=40).map(|b| b.wrapping_mul(37)).collect();
        let whole = internet_checksum(&[&data]);
        for split in 0..data.len() {
            let (a, b) = data.split_at(split);
            assert_eq!(internet_checksum(&[a, b]), whole, "split at {split}");
            let (b1, b2) = b.split_at(b.len() / 2);
            assert_eq!(internet_checksum(&[a, b1, &[], b2]), whole);
        }
    }

    #[test]
    fn odd_length_pads_with_zero() {
        assert_eq!(ones_complement_sum(&[&[0xab]]), 0xab00);
        assert_eq!(ones_complement_sum(&[&[0xab, 0x00]]), 0xab00);
        assert_eq!(internet_checksum(&[]), 0xFFFF);
    }

    #[test]
    fn carries_wrap_around() {
        assert_eq!(ones_complement_sum(&[&[0xFF, 0xFF, 0x00, 0x01]]), 0x0001);
        let big = vec![0xFFu8; 100_001];
        // All-ones words sum to all-ones in one's complement; the odd tail is 0xFF00.
        assert_eq!(ones_complement_sum(&[&big]), 0xFF00);
    }

    #[test]
    fn rfc1624_worked_example() {
        // RFC 1624 §4: HC = 0xDD2F, m = 0x5555 changes to m' = 0x3285, HC' = 0x0000 (where
        // RFC 1141's equation gives 0xFFFF).
        assert_eq!(checksum_update(0xDD2F, 0x5555, 0x3285), 0x0000);
        // Nothing changed, nothing to update.
        assert_eq!(checksum_update(0xb861, 0x4011, 0x4011), 0xb861);
    }

    #[test]
    fn pseudo_header_layout() {
        let ph = pseudo_header(
            Ipv4Addr::new(10, 0, 0, 2),
            Ipv4Addr::new(10, 0, 0, 1),
            6,
            40,
        );
        assert_eq!(ph, [10, 0, 0, 2, 10, 0, 0, 1, 0, 6, 0, 40]);
        assert_eq!(
            pseudo_header_sum(
                Ipv4Addr::new(10, 0, 0, 2),
                Ipv4Addr::new(10, 0, 0, 1),
                6,
                40
            ),
            ones_complement_sum(&[&ph])
        );
    }
}
