//! Real bytes on the wire: Ethernet II (RFC 894) and ARP (RFC 826), IPv4 (RFC 791), TCP
//! (RFC 9293), UDP (RFC 768) and ICMP (RFC 792) with correct RFC 1071 checksums, plus pcap
//! export and a field dissector.
//!
//! Hosts in the simulator exchange these bytes rather than Rust structs, so every packet a
//! learner sees could have been captured on a real network, and corruption on a link is
//! caught by the same checksums a real stack uses.

pub mod arp;
mod bytes;
pub mod checksum;
pub mod dissect;
pub mod error;
pub mod ethernet;
pub mod frame;
pub mod icmp;
pub mod ipv4;
pub mod packet;
pub mod pcap;
pub mod pcapng;
pub mod tcp;
pub mod udp;

pub use arp::*;
pub use checksum::*;
pub use dissect::*;
pub use error::*;
pub use ethernet::*;
pub use frame::*;
pub use icmp::*;
pub use ipv4::*;
pub use packet::*;
pub use pcap::*;
pub use pcapng::PcapngWriter;
pub use tcp::*;
pub use udp::*;
