//! TCP sequence numbers and their modular arithmetic (RFC 9293 §3.4).
//!
//! Sequence numbers live on a circle of 2^32; comparing them as plain integers breaks the
//! moment a connection wraps, so comparison is defined by the signed distance instead.

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, AddAssign, Sub, SubAssign};

/// A position in a TCP sequence space (RFC 9293 §3.4).
///
/// `PartialOrd` is modular: `a < b` when `b` lies less than 2^31 ahead of `a`. That order is
/// not total, because two numbers exactly 2^31 apart are each "ahead" of the other, so they
/// compare as `None` and there is deliberately no `Ord`.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct SeqNumber(pub u32);

impl SeqNumber {
    /// The signed distance from `other` to `self`, wrapping as RFC 9293 §3.4 requires
    /// ("all arithmetic dealing with sequence numbers must be performed modulo 2**32").
    pub fn diff(self, other: SeqNumber) -> i32 {
        self.0.wrapping_sub(other.0) as i32
    }

    /// `self < other` in RFC 9293 §3.4 modular arithmetic (signed distance below zero).
    /// Named, not `PartialOrd`, so the half-circle case answers like the RFC's arithmetic
    /// (a number exactly 2^31 away counts as before) instead of "incomparable".
    pub fn is_before(self, other: SeqNumber) -> bool {
        self.diff(other) < 0
    }

    /// `self =< other` in RFC 9293 §3.4 modular arithmetic.
    pub fn is_at_or_before(self, other: SeqNumber) -> bool {
        self.diff(other) <= 0
    }

    /// `self > other` in RFC 9293 §3.4 modular arithmetic.
    pub fn is_after(self, other: SeqNumber) -> bool {
        self.diff(other) > 0
    }

    /// `self >= other` in RFC 9293 §3.4 modular arithmetic.
    pub fn is_at_or_after(self, other: SeqNumber) -> bool {
        self.diff(other) >= 0
    }

    /// The later of two numbers in sequence space (for SND.MAX bookkeeping).
    pub fn max_seq(self, other: SeqNumber) -> SeqNumber {
        if other.is_after(self) {
            other
        } else {
            self
        }
    }
}

impl Add<u32> for SeqNumber {
    type Output = SeqNumber;
    fn add(self, rhs: u32) -> SeqNumber {
        SeqNumber(self.0.wrapping_add(rhs))
    }
}

impl AddAssign<u32> for SeqNumber {
    fn add_assign(&mut self, rhs: u32) {
        *self = *self + rhs;
    }
}

impl Sub<u32> for SeqNumber {
    type Output = SeqNumber;
    fn sub(self, rhs: u32) -> SeqNumber {
        SeqNumber(self.0.wrapping_sub(rhs))
    }
}

impl SubAssign<u32> for SeqNumber {
    fn sub_assign(&mut self, rhs: u32) {
        *self = *self - rhs;
    }
}

impl PartialOrd for SeqNumber {
    fn partial_cmp(&self, other: &SeqNumber) -> Option<Ordering> {
        match self.diff(*other) {
            0 => Some(Ordering::Equal),
            // Exactly half the circle away: neither is ahead, so no answer is honest.
            i32::MIN => None,
            d if d < 0 => Some(Ordering::Less),
            _ => Some(Ordering::Greater),
        }
    }
}

impl fmt::Display for SeqNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn wraps_around() {
        let near_end = SeqNumber(0xFFFF_FFF0);
        let after_wrap = SeqNumber(0x10);
        assert!(near_end < after_wrap);
        assert!(after_wrap > near_end);
        assert!(near_end <= after_wrap);
        assert!(after_wrap >= near_end);
        assert_eq!(after_wrap.diff(near_end), 0x20);
        assert_eq!(near_end.diff(after_wrap), -0x20);
        assert_eq!(near_end + 0x20, after_wrap);
        assert_eq!(after_wrap - 0x20, near_end);
    }

    #[test]
    fn named_comparisons_wrap_around() {
        let near_end = SeqNumber(0xFFFF_FFF0);
        let after_wrap = SeqNumber(0x10);
        assert!(near_end.is_before(after_wrap));
        assert!(near_end.is_at_or_before(after_wrap));
        assert!(after_wrap.is_after(near_end));
        assert!(after_wrap.is_at_or_after(near_end));
        assert!(!after_wrap.is_before(near_end));
        assert!(!near_end.is_after(after_wrap));
        assert!(near_end.is_at_or_before(near_end) && near_end.is_at_or_after(near_end));
        assert!(!near_end.is_before(near_end) && !near_end.is_after(near_end));
        assert_eq!(near_end.max_seq(after_wrap), after_wrap);
        assert_eq!(after_wrap.max_seq(near_end), after_wrap);
        // Half the circle away: the signed distance is i32::MIN, so "before" either way.
        assert!(SeqNumber(0).is_before(SeqNumber(0x8000_0000)));
        assert!(SeqNumber(0x8000_0000).is_before(SeqNumber(0)));
    }

    #[test]
    fn assign_ops() {
        let mut s = SeqNumber(u32::MAX);
        s += 2;
        assert_eq!(s, SeqNumber(1));
        s -= 3;
        assert_eq!(s, SeqNumber(u32::MAX - 1));
    }

    #[test]
    fn half_circle_is_incomparable() {
        let a = SeqNumber(0);
        let b = SeqNumber(0x8000_0000);
        assert_eq!(a.partial_cmp(&b), None);
        assert_eq!(b.partial_cmp(&a), None);
        assert_ne!(a, b);
        let c = SeqNumber(0x7FFF_FFFF);
        assert!(a < c);
        assert!(c < b);
    }

    #[test]
    fn order_is_antisymmetric_and_consistent_with_eq() {
        let samples = [
            0u32,
            1,
            0x7FFF_FFFF,
            0x8000_0000,
            0x8000_0001,
            u32::MAX - 1,
            u32::MAX,
        ];
        for &x in &samples {
            for &y in &samples {
                let (a, b) = (SeqNumber(x), SeqNumber(y));
                assert_eq!(a.partial_cmp(&b).map(Ordering::reverse), b.partial_cmp(&a));
                assert_eq!(a == b, a.partial_cmp(&b) == Some(Ordering::Equal));
            }
        }
    }

    #[test]
    fn displays_the_number() {
        assert_eq!(SeqNumber(1000).to_string(), "1000");
    }
}
