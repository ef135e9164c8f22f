//! A UDP socket's limits (RFC 768): what a datagram may carry and what a queued one costs
//! the receive buffer. Its input and output are the world's (`world::udp_io`).

use super::UdpState;

/// The most a UDP datagram can carry in one IPv4 packet: 65,535 - 20 (IP) - 8 (UDP).
pub const MAX_UDP_PAYLOAD: u32 = 65_507;

/// What a queued datagram costs the receive buffer beyond its payload. Linux charges each
/// one its socket buffer's `truesize` (net/ipv4/udp.c, `__udp_enqueue_schedule_skb`), at
/// least `SKB_TRUESIZE(0)` of include/linux/skbuff.h: the `sk_buff` (232 bytes, aligned
/// to 256) and its `skb_shared_info` (320) on 64-bit. Without it, 300,000 empty datagrams
/// would fit a 64 KB buffer (and take 185 MB of the page).
pub const DATAGRAM_OVERHEAD: u64 = 576;

/// The buffer space the queued datagrams take, as the kernel counts it.
pub fn rx_charge(u: &UdpState) -> u64 {
    u64::from(u.rx_bytes) + u.rx.len() as u64 * DATAGRAM_OVERHEAD
}
