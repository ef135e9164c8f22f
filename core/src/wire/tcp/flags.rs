//! TCP control bits (RFC 9293 §3.1, "Control bits"; ECE and CWR from RFC 3168 §6.1).

use std::fmt;
use std::ops::{BitOr, BitOrAssign};

/// The eight control bits of byte 13 of the TCP header, kept as the raw byte so that any
/// combination a peer sends, however odd, survives a parse/emit round trip.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct TcpFlags(pub u8);

impl TcpFlags {
    /// No more data from sender.
    pub const FIN: TcpFlags = TcpFlags(0x01);
    /// Synchronize sequence numbers.
    pub const SYN: TcpFlags = TcpFlags(0x02);
    /// Reset the connection.
    pub const RST: TcpFlags = TcpFlags(0x04);
    /// Push function.
    pub const PSH: TcpFlags = TcpFlags(0x08);
    /// Acknowledgment field is significant.
    pub const ACK: TcpFlags = TcpFlags(0x10);
    /// Urgent pointer field is significant.
    pub const URG: TcpFlags = TcpFlags(0x20);
    /// ECN-Echo (RFC 3168).
    pub const ECE: TcpFlags = TcpFlags(0x40);
    /// Congestion Window Reduced (RFC 3168).
    pub const CWR: TcpFlags = TcpFlags(0x80);

    pub const NONE: TcpFlags = TcpFlags(0);

    pub fn contains(self, other: TcpFlags) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn insert(&mut self, other: TcpFlags) {
        self.0 |= other.0;
    }

    pub fn remove(&mut self, other: TcpFlags) {
        self.0 &= !other.0;
    }

    pub fn union(self, other: TcpFlags) -> TcpFlags {
        TcpFlags(self.0 | other.0)
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
}

impl BitOr for TcpFlags {
    type Output = TcpFlags;
    fn bitor(self, rhs: TcpFlags) -> TcpFlags {
        self.union(rhs)
    }
}

impl BitOrAssign for TcpFlags {
    fn bitor_assign(&mut self, rhs: TcpFlags) {
        self.insert(rhs);
    }
}

/// Display order: the order people say them in ("SYN,ACK", "FIN,ACK"), not bit order.
const NAMES: [(TcpFlags, &str); 8] = [
    (TcpFlags::SYN, "SYN"),
    (TcpFlags::FIN, "FIN"),
    (TcpFlags::RST, "RST"),
    (TcpFlags::PSH, "PSH"),
    (TcpFlags::ACK, "ACK"),
    (TcpFlags::URG, "URG"),
    (TcpFlags::ECE, "ECE"),
    (TcpFlags::CWR, "CWR"),
];

impl TcpFlags {
    /// The names of the flags set, in display order.
    pub(crate) fn names(self) -> impl Iterator<Item = &'static str> {
        NAMES
            .into_iter()
            .filter(move |(flag, _)| self.contains(*flag))
            .map(|(_, name)| name)
    }
}

impl fmt::Display for TcpFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("-");
        }
        for (i, name) in self.names().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn display_in_spoken_order() {
        assert_eq!(TcpFlags::SYN.to_string(), "SYN");
        assert_eq!((TcpFlags::SYN | TcpFlags::ACK).to_string(), "SYN,ACK");
        assert_eq!((TcpFlags::ACK | TcpFlags::FIN).to_string(), "FIN,ACK");
        assert_eq!(TcpFlags::RST.to_string(), "RST");
        assert_eq!((TcpFlags::PSH | TcpFlags::ACK).to_string(), "PSH,ACK");
        assert_eq!(TcpFlags::NONE.to_string(), "-");
        assert_eq!(
            TcpFlags(0xFF).to_string(),
            "SYN,FIN,RST,PSH,ACK,URG,ECE,CWR"
        );
    }

    #[test]
    fn set_operations() {
        let mut f = TcpFlags::default();
        assert!(f.is_empty());
        f.insert(TcpFlags::SYN);
        f |= TcpFlags::ACK;
        assert!(f.contains(TcpFlags::SYN | TcpFlags::ACK));
        assert!(f.contains(TcpFlags::ACK));
        assert!(!f.contains(TcpFlags::FIN));
        assert!(!f.contains(TcpFlags::ACK | TcpFlags::FIN));
        assert!(f.contains(TcpFlags::NONE));
        f.remove(TcpFlags::SYN);
        assert_eq!(f, TcpFlags::ACK);
        assert_eq!(TcpFlags::FIN.union(TcpFlags::ACK), TcpFlags(0x11));
    }

    #[test]
    fn bit_values_match_rfc() {
        let bits: Vec<u8> = NAMES.iter().map(|(f, _)| f.0).collect();
        assert_eq!(bits, [0x02, 0x01, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80]);
    }
}
