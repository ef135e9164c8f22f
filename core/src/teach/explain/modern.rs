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
            ecn,
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
            let (ts, sk, ec) = (on_off(*timestamps), on_off(*sack), on_off(*ecn));
            if ko {
                format!(
                    "{who}: SYN 옵션 협상 ({profile} 프로파일): 윈도우 스케일 {ws}{clamp}, \
                     타임스탬프 {ts}, SACK {sk}, ECN {ec}"
                )
            } else {
                format!(
                    "{who}: SYN options negotiated ({profile} profile): window scale \
                     {ws}{clamp}, timestamps {ts}, SACK {sk}, ECN {ec}"
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
        TcpNote::EcnCongestionExperienced { seq } if ko => format!(
            "{who}: seq={seq} 데이터가 CE(혼잡 경험) 표시를 달고 도착: 라우터 큐가 차고 \
             있다는 뜻. 보내는 쪽이 CWR로 답할 때까지 모든 ACK에 ECE를 켬 (RFC 3168 §6.1.3)"
        ),
        TcpNote::EcnCongestionExperienced { seq } => format!(
            "{who}: data seq={seq} arrived marked CE (congestion experienced): a router's \
             queue is filling. ECE goes on every ACK until the sender answers with CWR \
             (RFC 3168 §6.1.3)"
        ),
        TcpNote::EcnReduced { cwnd, ssthresh } if ko => format!(
            "{who}: ECE를 받음: 잃어버린 패킷 없이 손실처럼 창을 줄임, cwnd={cwnd} \
             ssthresh={ssthresh}, 재전송 없음, 다음 새 데이터에 CWR (RFC 3168 §6.1.2)"
        ),
        TcpNote::EcnReduced { cwnd, ssthresh } => format!(
            "{who}: ECE received: the window is cut as for a loss, with nothing lost: \
             cwnd={cwnd} ssthresh={ssthresh}, no retransmission, CWR on the next new data \
             (RFC 3168 §6.1.2)"
        ),
        _ => String::new(),
    }
}
