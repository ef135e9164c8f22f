//! Stack profiles: the policy knobs in which real TCP stacks differ while all following the
//! RFCs (minimum RTO, initial window, delayed ACKs, TIME-WAIT, congestion control, the
//! options a SYN offers). A host runs one profile: `rfc` (the default) is the simulator's
//! own behaviour, exactly as before profiles existed, so every saved lesson replays
//! byte for byte; `linux` and `freebsd` take each knob from that kernel's documented
//! default, cited next to the value so a student (or a reviewer) can check it.
//!
//! This module only answers "what does this profile do"; the connection asks it.

use super::TcpConfig;
use crate::time::Duration;
use crate::wire::OptionLayout;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which stack a host imitates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StackProfile {
    /// The RFCs' conservative defaults (RFC 6298 §2.4's 1 s minimum RTO, RFC 5681's
    /// initial window, MSS as the only option): today's behaviour.
    #[default]
    Rfc,
    /// Linux's defaults (include/net/tcp.h, Documentation/networking/ip-sysctl.rst).
    Linux,
    /// FreeBSD's defaults (sys/netinet/tcp_timer.h, tcp(4), mod_cc(4)).
    FreeBsd,
}

/// Congestion control a profile starts connections with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CongestionAlgo {
    /// RFC 5681 with RFC 6582's NewReno recovery.
    NewReno,
    /// RFC 9438.
    Cubic,
}

/// The initial congestion window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum InitialWindow {
    /// RFC 5681 §3.1 (from RFC 3390): min(4*SMSS, max(2*SMSS, 4380 bytes)).
    Rfc3390,
    /// RFC 6928: min(n*SMSS, max(2*SMSS, 14600 bytes)) for n = 10.
    Segments(u32),
}

impl InitialWindow {
    /// The window in bytes for a sender MSS `smss`.
    pub fn bytes(self, smss: u32) -> u32 {
        let smss = smss.max(1);
        match self {
            InitialWindow::Rfc3390 => (4 * smss).min((2 * smss).max(4380)),
            // RFC 6928 §2: "min (10*MSS, max (2*MSS, 14600))".
            InitialWindow::Segments(n) => n
                .saturating_mul(smss)
                .min((2 * smss).max(1460u32.saturating_mul(n))),
        }
    }
}

/// When the receiver acknowledges (RFC 1122 §4.2.3.2; RFC 5681 §4.2: "an ACK SHOULD be
/// generated for at least every second full-sized segment" and within 500 ms).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DelayedAckPolicy {
    /// The delayed-ACK timer.
    pub timeout: Duration,
    /// An ACK at the latest after this many unacknowledged segments.
    pub every: u32,
    /// Segments acknowledged at once at the start of a connection (Linux's quick-ACK
    /// mode), before delaying begins; 0 for none.
    pub quick_acks: u32,
}

/// The options a SYN offers, and how it lays them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OfferedOptions {
    /// RFC 7323 §2 window scale.
    pub window_scale: bool,
    /// RFC 2018 §2 SACK-permitted.
    pub sack: bool,
    /// RFC 7323 §3 timestamps.
    pub timestamps: bool,
    /// RFC 3168 §6.1.1: send an ECN-setup SYN (ECE and CWR).
    pub ecn_active: bool,
    /// RFC 3168 §6.1.1: answer an ECN-setup SYN with an ECN-setup SYN-ACK.
    pub ecn_passive: bool,
    /// Option order and padding on the wire.
    pub layout: OptionLayout,
}

/// Every knob a profile sets, in one plain value the TCB panel can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProfileDefaults {
    pub profile: StackProfile,
    pub min_rto: Duration,
    /// RFC 6298 §2.1's RTO before any sample.
    pub initial_rto: Duration,
    pub max_rto: Duration,
    pub initial_window: InitialWindow,
    pub delayed_ack: DelayedAckPolicy,
    /// How long TIME-WAIT lasts.
    pub time_wait: Duration,
    pub fin_wait2_timeout: Duration,
    pub congestion: CongestionAlgo,
    pub offer: OfferedOptions,
    /// Retransmissions of a SYN before connect() gives up.
    pub syn_retries: u32,
    /// Retransmissions of a data segment before the connection gives up.
    pub max_retries: u32,
    /// Nagle's algorithm (RFC 896) on for new sockets; TCP_NODELAY turns it off. Every
    /// stack enables it by default; `rfc` keeps today's sender, which has none.
    pub nagle: bool,
    /// The receive buffer a socket starts with (the window it can offer).
    pub recv_buffer: u32,
}

/// Linux's receive-buffer ceiling, net.ipv4.tcp_rmem[2] = 6 MiB
/// (Documentation/networking/ip-sysctl.rst, tcp_rmem "max: ... Default: 6MB"), from
/// which tcp_select_initial_window (net/ipv4/tcp_output.c) derives the scale it offers.
const LINUX_RMEM_MAX: u32 = 6 * 1024 * 1024;
/// FreeBSD's kern.ipc.maxsockbuf, SB_MAX = 2 MiB (sys/sys/sockbuf.h), from which
/// tcp_usr_connect and the syncache (sys/netinet/tcp_usrreq.c, tcp_syncache.c) derive
/// theirs: the smallest shift with TCP_MAXWIN << shift >= sb_max.
const FREEBSD_SB_MAX: u32 = 2 * 1024 * 1024;
/// RFC 7323 §2.3: "the maximum scale exponent is limited to 14".
pub const MAX_WINDOW_SHIFT: u8 = 14;

impl StackProfile {
    pub const ALL: [StackProfile; 3] = [
        StackProfile::Rfc,
        StackProfile::Linux,
        StackProfile::FreeBsd,
    ];

    pub fn is_rfc(&self) -> bool {
        *self == StackProfile::Rfc
    }

    /// The name used by the console, scenarios and the event log.
    pub fn name(self) -> &'static str {
        match self {
            StackProfile::Rfc => "rfc",
            StackProfile::Linux => "linux",
            StackProfile::FreeBsd => "freebsd",
        }
    }

    /// Parses a profile name, case-insensitively; `None` for an unknown name.
    pub fn from_name(name: &str) -> Option<StackProfile> {
        Self::ALL
            .into_iter()
            .find(|p| p.name().eq_ignore_ascii_case(name.trim()))
    }

    /// The profile's knobs. `rfc` reads them from the world's [`TcpConfig`], so it is
    /// exactly the behaviour that config always gave; the others are their kernels'.
    pub fn defaults(self, base: &TcpConfig) -> ProfileDefaults {
        match self {
            StackProfile::Rfc => rfc(base),
            StackProfile::Linux => linux(),
            StackProfile::FreeBsd => freebsd(),
        }
    }

    /// The world's config with this profile's timers applied: `rfc` returns it unchanged.
    pub fn tune(self, base: &TcpConfig) -> TcpConfig {
        if self == StackProfile::Rfc {
            return base.clone();
        }
        let d = self.defaults(base);
        TcpConfig {
            profile: self,
            recv_buffer: d.recv_buffer,
            min_rto: d.min_rto,
            max_rto: d.max_rto,
            max_retries: d.max_retries,
            syn_retries: d.syn_retries,
            ack_delay: d.delayed_ack.timeout,
            // TIME-WAIT lasts 2*MSL (RFC 9293 §3.4.2), so MSL is half the profile's.
            msl: Duration(d.time_wait.micros() / 2),
            fin_wait2_timeout: d.fin_wait2_timeout,
            ..base.clone()
        }
    }

    /// The window scale this profile offers for a receive buffer of `buffer` bytes
    /// (RFC 7323 §2.2: the shift the receiver will apply to the windows it sends).
    pub fn window_shift(self, buffer: u32) -> u8 {
        match self {
            // Linux: ilog2(max(space, tcp_rmem[2])) - 15, clamped to 0..=14
            // (tcp_select_initial_window in net/ipv4/tcp_output.c): 7 by default.
            StackProfile::Linux => {
                let space = buffer.max(LINUX_RMEM_MAX);
                let log2 = 31 - space.leading_zeros();
                log2.saturating_sub(15).min(u32::from(MAX_WINDOW_SHIFT)) as u8
            }
            StackProfile::FreeBsd => shift_to_cover(buffer.max(FREEBSD_SB_MAX)),
            // The smallest shift whose scaled 16-bit field covers the buffer.
            StackProfile::Rfc => shift_to_cover(buffer),
        }
    }
}

/// The smallest shift s (at most 14) with 65535 << s >= `bytes`, as FreeBSD computes
/// request_r_scale.
pub fn shift_to_cover(bytes: u32) -> u8 {
    let mut shift = 0u8;
    while shift < MAX_WINDOW_SHIFT && (65_535u64 << shift) < u64::from(bytes) {
        shift += 1;
    }
    shift
}

impl fmt::Display for StackProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Today's behaviour, read from the config so that a scenario's own settings still hold.
fn rfc(base: &TcpConfig) -> ProfileDefaults {
    ProfileDefaults {
        profile: StackProfile::Rfc,
        min_rto: base.min_rto,
        initial_rto: Duration::from_secs(1).max(base.min_rto).min(base.max_rto),
        max_rto: base.max_rto,
        initial_window: InitialWindow::Rfc3390,
        delayed_ack: DelayedAckPolicy {
            timeout: base.ack_delay,
            every: if base.delayed_ack { 2 } else { 1 },
            quick_acks: 0,
        },
        time_wait: Duration(base.msl.micros().saturating_mul(2)),
        fin_wait2_timeout: base.fin_wait2_timeout,
        congestion: CongestionAlgo::NewReno,
        offer: OfferedOptions {
            window_scale: false,
            sack: false,
            timestamps: false,
            ecn_active: false,
            ecn_passive: false,
            layout: OptionLayout::Aligned,
        },
        syn_retries: base.syn_retries,
        max_retries: base.max_retries,
        nagle: false,
        recv_buffer: base.recv_buffer,
    }
}

/// Linux (as of 6.x). Each value with where the kernel states it.
fn linux() -> ProfileDefaults {
    ProfileDefaults {
        profile: StackProfile::Linux,
        // include/net/tcp.h: #define TCP_RTO_MIN ((unsigned)(HZ/5)), 200 ms.
        min_rto: Duration::from_millis(200),
        // include/net/tcp.h: #define TCP_TIMEOUT_INIT ((unsigned)(1*HZ)), RFC 6298 §2.1.
        initial_rto: Duration::from_secs(1),
        // include/net/tcp.h: #define TCP_RTO_MAX ((unsigned)(120*HZ)).
        max_rto: Duration::from_secs(120),
        // include/net/tcp.h: #define TCP_INIT_CWND 10 (RFC 6928).
        initial_window: InitialWindow::Segments(10),
        delayed_ack: DelayedAckPolicy {
            // include/net/tcp.h: TCP_DELACK_MIN and TCP_ATO_MIN (HZ/25), 40 ms, the
            // first ATO; it adapts up to TCP_DELACK_MAX (HZ/5) with the traffic.
            timeout: Duration::from_millis(40),
            // net/ipv4/tcp_input.c __tcp_ack_snd_check: "More than one full frame
            // received", an ACK at once for every second full segment.
            every: 2,
            // include/net/tcp.h: #define TCP_MAX_QUICKACKS 16U, quick-ACK mode at start.
            quick_acks: 16,
        },
        // include/net/tcp.h: #define TCP_TIMEWAIT_LEN (60*HZ), fixed, not 2*MSL.
        time_wait: Duration::from_secs(60),
        // ip-sysctl.rst tcp_fin_timeout: "Default value is 60sec".
        fin_wait2_timeout: Duration::from_secs(60),
        // net/ipv4/Kconfig: DEFAULT_TCP_CONG defaults to "cubic" (since 2.6.19);
        // ip-sysctl.rst tcp_congestion_control.
        congestion: CongestionAlgo::Cubic,
        offer: OfferedOptions {
            // ip-sysctl.rst: tcp_window_scaling, tcp_sack, tcp_timestamps default 1.
            window_scale: true,
            sack: true,
            timestamps: true,
            // ip-sysctl.rst tcp_ecn: "Default: 2", ECN when the peer asks, never asked.
            ecn_active: false,
            ecn_passive: true,
            // net/ipv4/tcp_output.c tcp_options_write: mss, sackOK, TS, nop, wscale.
            layout: OptionLayout::Linux,
        },
        // ip-sysctl.rst tcp_syn_retries: "Default value is 6".
        syn_retries: 6,
        // ip-sysctl.rst tcp_retries2: "The default value of 15".
        max_retries: 15,
        // tcp(7): TCP_NODELAY off by default, so Nagle is on.
        nagle: true,
        // ip-sysctl.rst tcp_rmem "default: initial size of receive buffer ... 131072"
        // (autotuning grows it to tcp_rmem[2]; not simulated).
        recv_buffer: 131_072,
    }
}

/// FreeBSD (as of 14.x). Each value with where the kernel states it.
fn freebsd() -> ProfileDefaults {
    ProfileDefaults {
        profile: StackProfile::FreeBsd,
        // sys/netinet/tcp_timer.h: TCPTV_MIN 30 ms (net.inet.tcp.rexmit_min) plus
        // TCPTV_CPU_VAR 200 ms (net.inet.tcp.rexmit_slop) added to every RTO: 230 ms.
        min_rto: Duration::from_millis(230),
        // sys/netinet/tcp_timer.h: TCPTV_RTOBASE 1 s (RFC 6298 §2.1).
        initial_rto: Duration::from_secs(1),
        // sys/netinet/tcp_timer.h: TCPTV_REXMTMAX 64 s.
        max_rto: Duration::from_secs(64),
        // tcp(4) initcwnd_segments: "The default value is 10" (RFC 6928).
        initial_window: InitialWindow::Segments(10),
        delayed_ack: DelayedAckPolicy {
            // sys/netinet/tcp_timer.h: TCPTV_DELACK 40 ms (tcp(4) delacktime).
            timeout: Duration::from_millis(40),
            // sys/netinet/tcp_input.c DELAY_ACK: every second segment is ACKed at once.
            every: 2,
            quick_acks: 0,
        },
        // sys/netinet/tcp_timer.h: TCPTV_MSL 30 s (tcp(4) msl); TIME-WAIT is 2*MSL.
        time_wait: Duration::from_secs(60),
        // sys/netinet/tcp_timer.h: TCPTV_FINWAIT2_TIMEOUT 60 s (tcp(4) finwait2_timeout).
        fin_wait2_timeout: Duration::from_secs(60),
        // mod_cc(4) and the 14.0 release notes: CUBIC became the default in 14.0
        // (NewReno before); net.inet.tcp.cc.algorithm.
        congestion: CongestionAlgo::Cubic,
        offer: OfferedOptions {
            // tcp(4): rfc1323 (window scale and timestamps) and sack.enable default 1.
            window_scale: true,
            sack: true,
            timestamps: true,
            // tcp(4) ecn.enable: 2, answer ECN but do not ask for it.
            ecn_active: false,
            ecn_passive: true,
            // sys/netinet/tcp_output.c tcp_addoptions: mss, nop, wscale, sackOK, TS.
            layout: OptionLayout::FreeBsd,
        },
        // sys/netinet/tcp_timer.h TCP_MAXRXTSHIFT 12; the connect timer TCPTV_KEEP_INIT
        // (75 s, tcp(4) keepinit) usually ends a SYN's retries first.
        syn_retries: 12,
        max_retries: 12,
        // tcp(4) TCP_NODELAY: off by default, so Nagle is on.
        nagle: true,
        // tcp(4) recvspace: 65536 (net.inet.tcp.recvspace; recvbuf_auto grows it, not
        // simulated).
        recv_buffer: 65_536,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn rfc_is_the_config_unchanged() {
        let mut base = TcpConfig::default();
        assert_eq!(StackProfile::default(), StackProfile::Rfc);
        assert_eq!(StackProfile::Rfc.tune(&base), base);
        base.min_rto = Duration::from_millis(300);
        base.msl = Duration::from_secs(7);
        assert_eq!(StackProfile::Rfc.tune(&base), base);
        let d = StackProfile::Rfc.defaults(&base);
        assert_eq!(d.min_rto, Duration::from_millis(300));
        assert_eq!(d.time_wait, Duration::from_secs(14));
        assert_eq!(
            d.initial_window.bytes(1460),
            4380,
            "RFC 3390, as Congestion::new"
        );
        assert!(!d.offer.window_scale && !d.offer.sack && !d.offer.timestamps);
        assert_eq!(d.congestion, CongestionAlgo::NewReno);
    }

    #[test]
    fn linux_and_freebsd_take_their_kernels_timers() {
        let base = TcpConfig::default();
        let l = StackProfile::Linux.tune(&base);
        assert_eq!(l.min_rto, Duration::from_millis(200));
        assert_eq!(l.max_rto, Duration::from_secs(120));
        assert_eq!(Duration(l.msl.micros() * 2), Duration::from_secs(60));
        assert_eq!((l.syn_retries, l.ack_delay), (6, Duration::from_millis(40)));
        assert_eq!(l.mss, base.mss, "what a profile does not set stays");
        let f = StackProfile::FreeBsd.tune(&base);
        assert_eq!(f.msl, Duration::from_secs(30));
        assert_eq!(f.min_rto, Duration::from_millis(230));
        assert_eq!(f.max_rto, Duration::from_secs(64));
        for p in [StackProfile::Linux, StackProfile::FreeBsd] {
            let d = p.defaults(&base);
            assert_eq!(d.initial_window.bytes(1460), 14_600, "{p}: RFC 6928 IW10");
            assert_eq!(d.congestion, CongestionAlgo::Cubic);
            assert!(d.offer.window_scale && d.offer.sack && d.offer.timestamps);
            assert!(d.nagle);
        }
    }

    #[test]
    fn initial_window_formulas() {
        // RFC 6928: min(10*MSS, max(2*MSS, 14600)).
        assert_eq!(InitialWindow::Segments(10).bytes(536), 5360);
        assert_eq!(InitialWindow::Segments(10).bytes(9000), 18_000);
        assert_eq!(InitialWindow::Rfc3390.bytes(536), 2144);
        assert_eq!(InitialWindow::Rfc3390.bytes(3000), 6000);
    }

    #[test]
    fn window_shift_per_profile() {
        assert_eq!(StackProfile::Linux.window_shift(65_535), 7, "6 MiB rmem");
        assert_eq!(StackProfile::Linux.window_shift(1 << 30), 14, "clamped");
        assert_eq!(
            StackProfile::FreeBsd.window_shift(65_535),
            6,
            "2 MiB sb_max"
        );
        assert_eq!(StackProfile::Rfc.window_shift(65_535), 0);
        assert_eq!(StackProfile::Rfc.window_shift(65_536), 1);
        assert_eq!(StackProfile::Rfc.window_shift(1 << 20), 5);
        assert_eq!(shift_to_cover(u32::MAX), 14, "RFC 7323 §2.3 limit");
    }

    #[test]
    fn names_round_trip_and_unknown_is_none() {
        for p in StackProfile::ALL {
            assert_eq!(StackProfile::from_name(p.name()), Some(p));
        }
        assert_eq!(
            StackProfile::from_name(" Linux "),
            Some(StackProfile::Linux)
        );
        assert_eq!(StackProfile::from_name("windows"), None);
    }
}
