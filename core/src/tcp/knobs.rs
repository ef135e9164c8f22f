//! Per-host switches for the TCP options a profile offers, named as the kernels name
//! them, so that `sysctl(A, net.ipv4.tcp_ecn=1)` in the console reads like the command a
//! student would type on Linux (`sysctl -w net.ipv4.tcp_ecn=1`). A switch set on a host
//! overrides its profile's choice for the connections it opens from then on; a host
//! with none set offers exactly what its profile does.

use super::profile::OfferedOptions;
use serde::{Deserialize, Serialize};

/// One switch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Knob {
    /// ip-sysctl.rst tcp_ecn: 0 off, 1 ask for ECN and answer it, 2 only answer (the
    /// Linux default); FreeBSD's net.inet.tcp.ecn.enable has the same values (tcp(4)).
    Ecn,
    /// tcp_sack / net.inet.tcp.sack.enable: SACK-permitted (RFC 2018).
    Sack,
    /// tcp_timestamps: RFC 7323 timestamps.
    Timestamps,
    /// tcp_window_scaling: RFC 7323 window scale.
    WindowScaling,
    /// FreeBSD's net.inet.tcp.rfc1323: window scaling and timestamps together.
    Rfc1323,
}

/// Names each switch answers to: Linux's first, then FreeBSD's.
const NAMES: &[(Knob, &str)] = &[
    (Knob::Ecn, "net.ipv4.tcp_ecn"),
    (Knob::Sack, "net.ipv4.tcp_sack"),
    (Knob::Timestamps, "net.ipv4.tcp_timestamps"),
    (Knob::WindowScaling, "net.ipv4.tcp_window_scaling"),
    (Knob::Ecn, "net.inet.tcp.ecn.enable"),
    (Knob::Sack, "net.inet.tcp.sack.enable"),
    (Knob::Rfc1323, "net.inet.tcp.rfc1323"),
];

impl Knob {
    /// The switch a name means (case-insensitive), `None` for a name we do not know.
    pub fn from_name(name: &str) -> Option<Knob> {
        NAMES
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name.trim()))
            .map(|(k, _)| *k)
    }

    /// The name the console prints.
    pub fn name(self) -> &'static str {
        NAMES
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("", |(_, n)| n)
    }

    /// The largest value the switch takes (0 is always off).
    pub fn max(self) -> u8 {
        match self {
            Knob::Ecn => 2,
            _ => 1,
        }
    }

    /// Every name the console accepts, for help and error messages.
    pub fn all_names() -> impl Iterator<Item = &'static str> {
        NAMES.iter().map(|(_, n)| *n)
    }
}

/// The switches set on one host (unset ones follow the profile).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Knobs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecn: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sack: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamps: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window_scaling: Option<bool>,
}

impl Knobs {
    pub fn is_empty(&self) -> bool {
        *self == Knobs::default()
    }

    /// Sets `knob` to `value` (already checked against [`Knob::max`]).
    pub fn set(&mut self, knob: Knob, value: u8) {
        let on = value != 0;
        match knob {
            Knob::Ecn => self.ecn = Some(value),
            Knob::Sack => self.sack = Some(on),
            Knob::Timestamps => self.timestamps = Some(on),
            Knob::WindowScaling => self.window_scaling = Some(on),
            Knob::Rfc1323 => {
                self.timestamps = Some(on);
                self.window_scaling = Some(on);
            }
        }
    }

    /// What a host with these switches offers, given what its profile would.
    pub fn apply(&self, mut offer: OfferedOptions) -> OfferedOptions {
        if let Some(v) = self.ecn {
            offer.ecn_active = v == 1;
            offer.ecn_passive = v != 0;
        }
        if let Some(on) = self.sack {
            offer.sack = on;
        }
        if let Some(on) = self.timestamps {
            offer.timestamps = on;
        }
        if let Some(on) = self.window_scaling {
            offer.window_scale = on;
        }
        offer
    }

    /// The values in force for a host whose profile offers `offer`, as `name = value`
    /// lines in Linux's names (what `sysctl(A)` prints).
    pub fn listing(&self, offer: OfferedOptions) -> String {
        let o = self.apply(offer);
        let ecn = match (o.ecn_active, o.ecn_passive) {
            (true, _) => 1,
            (false, true) => 2,
            (false, false) => 0,
        };
        [
            (Knob::Ecn, ecn),
            (Knob::Sack, u8::from(o.sack)),
            (Knob::Timestamps, u8::from(o.timestamps)),
            (Knob::WindowScaling, u8::from(o.window_scale)),
        ]
        .iter()
        .map(|(k, v)| format!("{} = {v}", k.name()))
        .collect::<Vec<_>>()
        .join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tcp::{StackProfile, TcpConfig};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn linux_offer() -> OfferedOptions {
        StackProfile::Linux.defaults(&TcpConfig::default()).offer
    }

    #[test]
    fn no_switch_set_offers_what_the_profile_does() {
        assert_eq!(Knobs::default().apply(linux_offer()), linux_offer());
    }

    #[test]
    fn tcp_ecn_values_follow_ip_sysctl() {
        let mut k = Knobs::default();
        k.set(Knob::from_name("net.ipv4.tcp_ecn").unwrap(), 1);
        let o = k.apply(linux_offer());
        assert!(o.ecn_active && o.ecn_passive, "1: ask and answer");
        k.set(Knob::Ecn, 2);
        let o = k.apply(linux_offer());
        assert!(!o.ecn_active && o.ecn_passive, "2: answer only");
        k.set(Knob::Ecn, 0);
        let o = k.apply(linux_offer());
        assert!(!o.ecn_active && !o.ecn_passive, "0: off");
    }

    #[test]
    fn freebsd_names_and_rfc1323_switch_both_options() {
        let mut k = Knobs::default();
        k.set(Knob::from_name("NET.INET.TCP.RFC1323").unwrap(), 0);
        let o = k.apply(linux_offer());
        assert!(!o.timestamps && !o.window_scale && o.sack);
        assert_eq!(Knob::from_name("net.inet.tcp.ecn.enable"), Some(Knob::Ecn));
        assert_eq!(Knob::from_name("net.ipv4.tcp_fastopen"), None);
    }

    #[test]
    fn listing_reads_like_sysctl() {
        let mut k = Knobs::default();
        k.set(Knob::Sack, 0);
        let text = k.listing(linux_offer());
        assert!(text.contains("net.ipv4.tcp_ecn = 2"), "{text}");
        assert!(text.contains("net.ipv4.tcp_sack = 0"), "{text}");
        assert!(text.contains("net.ipv4.tcp_window_scaling = 1"), "{text}");
    }
}
