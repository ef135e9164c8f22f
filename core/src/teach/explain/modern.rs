//! The words for what the stack profiles and the TCP extensions log (RFC 7323, RFC 2018):
//! which profile a connection follows, what its SYNs negotiated, what PAWS dropped.

use crate::tcp::profile::ProfileDefaults;
use crate::tcp::{StackProfile, TcpConfig, TcpNote};

/// A profile's main knobs in a few words: where it departs from the RFC defaults.
fn knobs(profile: StackProfile) -> ProfileDefaults {
    profile.defaults(&TcpConfig::default())
}

pub(super) fn note(ko: bool, who: &str, note: &TcpNote) -> String {
    match note {
        TcpNote::Profile { profile } => {
            let d = knobs(*profile);
            let cc = match d.congestion {
                crate::tcp::profile::CongestionAlgo::Cubic => "CUBIC",
                crate::tcp::profile::CongestionAlgo::NewReno => "NewReno",
            };
            let (rto, tw) = (d.min_rto.millis(), d.time_wait.millis() / 1000);
            if ko {
                format!(
                    "{who}: {profile} 프로파일을 따름 (RFC 기본값이 아님): 최소 RTO {rto} ms, \
                     TIME-WAIT {tw} s, 혼잡 제어 {cc}"
                )
            } else {
                format!(
                    "{who}: follows the {profile} profile (not the RFC defaults): min RTO \
                     {rto} ms, TIME-WAIT {tw} s, congestion control {cc}"
                )
            }
        }
        TcpNote::OptionsNegotiated {
            profile,
            window_scale,
            shift_clamped,
            timestamps,
            sack,
        } => {
            let on_off = |b: bool| match (b, ko) {
                (true, false) => "on",
                (false, false) => "off",
                (true, true) => "켜짐",
                (false, true) => "꺼짐",
            };
            let ws = match window_scale {
                Some((snd, rcv)) => format!("snd<<{snd} rcv<<{rcv}"),
                None => on_off(false).to_string(),
            };
            let clamp = match (shift_clamped, ko) {
                (false, _) => "",
                (true, false) => " (peer's shift above 14: 14 used, RFC 7323 §2.3)",
                (true, true) => " (상대의 shift가 14를 넘어 14를 씀, RFC 7323 §2.3)",
            };
            let (ts, sk) = (on_off(*timestamps), on_off(*sack));
            if ko {
                format!(
                    "{who}: SYN 옵션 협상 ({profile} 프로파일): 윈도우 스케일 {ws}{clamp}, \
                     타임스탬프 {ts}, SACK {sk}"
                )
            } else {
                format!(
                    "{who}: SYN options negotiated ({profile} profile): window scale \
                     {ws}{clamp}, timestamps {ts}, SACK {sk}"
                )
            }
        }
        TcpNote::PawsRejected { seq, tsval, recent } if ko => format!(
            "{who}: PAWS가 seq={seq} 세그먼트를 버림: TSval {tsval} < TS.Recent {recent} \
             (RFC 7323 §5.3)"
        ),
        TcpNote::PawsRejected { seq, tsval, recent } => format!(
            "{who}: PAWS dropped seq={seq}: TSval {tsval} older than TS.Recent {recent} \
             (RFC 7323 §5.3)"
        ),
        _ => String::new(),
    }
}
