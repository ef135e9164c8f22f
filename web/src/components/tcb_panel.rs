//! The transmission control block of the followed TCP socket (RFC 9293 §3.3.1): the
//! send and receive sequence variables by their RFC names, RTT and RTO (RFC 6298),
//! congestion control (RFC 5681), queues and timers; and cwnd over time, from the log.

use crate::components::ladder::fmt_time;
use crate::components::view::At;
use crate::i18n::{due_in, t, threshold, timer_label, Key, Lang};
use crate::stagger::Group;
use crate::state::Action;
use sockscope_core::tcp::{Phase, State, Tcb, TcpNote};
use sockscope_core::teach::session::{Session, SocketIdentity};
use sockscope_core::{EventKind, SocketId, World};
use std::rc::Rc;
use yew::prelude::*;

/// What the panel is given: the run as of its group's version, the language, and the
/// socket the user picked (else it follows the latest, as the state diagram does).
#[derive(Properties, PartialEq)]
pub struct TcbPanelProps {
    pub lang: Lang,
    pub session: At<Session>,
    pub selected: Option<SocketId>,
    pub on_action: Callback<Action>,
}

/// What the panel shows that the log holds, computed once per version and pick.
#[derive(Debug, Clone, PartialEq)]
pub struct Followed {
    pub who: SocketIdentity,
    pub state: State,
    /// The cwnd plot's points, decimated to what the plot can draw.
    pub points: Vec<WindowPoint>,
}

impl Followed {
    /// The followed TCP socket; `Err(udp)` when there is none (`udp`: the user picked a
    /// UDP socket).
    pub fn of(session: &Session, selected: Option<SocketId>) -> Result<Self, bool> {
        let f = session.followed(selected);
        let s = f.socket.ok_or(f.udp)?;
        Ok(Followed {
            who: session.identity(s),
            state: session.tcp_state(s),
            points: decimate(&window_points(session.world(), s), 300),
        })
    }
}

/// One point of the cwnd plot: when, cwnd, ssthresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WindowPoint {
    pub at: u64,
    pub cwnd: u32,
    pub ssthresh: u32,
}

/// Every congestion-window change of `s`, from the log.
pub fn window_points(world: &World, s: SocketId) -> Vec<WindowPoint> {
    world
        .log()
        .events()
        .iter()
        .filter(|e| e.socket == Some(s))
        .filter_map(|e| match &e.kind {
            EventKind::Tcp {
                note: TcpNote::Congestion { cwnd, ssthresh, .. },
            } => Some(WindowPoint {
                at: e.at.micros(),
                cwnd: *cwnd,
                ssthresh: *ssthresh,
            }),
            _ => None,
        })
        .collect()
}

/// Keeps a long series drawable: per time bucket, the first, lowest, highest and last
/// cwnd, so the shape (and every loss) survives with a few points per pixel.
pub fn decimate(points: &[WindowPoint], buckets: usize) -> Vec<WindowPoint> {
    if points.len() <= buckets * 4 || buckets == 0 {
        return points.to_vec();
    }
    let (t0, t1) = (points[0].at, points[points.len() - 1].at);
    let span = (t1 - t0).max(1);
    let bucket =
        |p: &WindowPoint| ((p.at - t0) as u128 * buckets as u128 / (span as u128 + 1)) as usize;
    let mut out = Vec::new();
    let mut i = 0;
    while i < points.len() {
        let b = bucket(&points[i]);
        let mut j = i;
        while j < points.len() && bucket(&points[j]) == b {
            j += 1;
        }
        let group = &points[i..j];
        let lo = group.iter().min_by_key(|p| p.cwnd).copied();
        let hi = group.iter().max_by_key(|p| p.cwnd).copied();
        let mut keep = vec![group[0]];
        keep.extend(lo);
        keep.extend(hi);
        keep.push(group[group.len() - 1]);
        keep.sort_by_key(|p| p.at);
        keep.dedup();
        out.extend(keep);
        i = j;
    }
    out
}

/// A round maximum for the y axis: 1, 2 or 5 times a power of ten, at least `v`.
pub fn nice_ceiling(v: u32) -> u32 {
    let v = u64::from(v.max(1));
    let mut p = 1u64;
    loop {
        for m in [1, 2, 5] {
            if m * p >= v {
                return u32::try_from(m * p).unwrap_or(u32::MAX);
            }
        }
        p *= 10;
    }
}

/// "4.4k", "12k", "950".
fn short_bytes(v: u32) -> String {
    if v >= 10_000 {
        format!("{}k", v / 1000)
    } else if v >= 1_000 {
        format!("{:.1}k", f64::from(v) / 1000.0)
    } else {
        v.to_string()
    }
}

fn phase_label(lang: Lang, p: Phase) -> &'static str {
    t(
        lang,
        match p {
            Phase::SlowStart => Key::SlowStart,
            Phase::CongestionAvoidance => Key::CongestionAvoidance,
            Phase::FastRecovery => Key::FastRecovery,
        },
    )
}

const PLOT_W: f64 = 360.0;
const PLOT_H: f64 = 150.0;
const PL: f64 = 40.0;
const PR: f64 = 8.0;
const PT: f64 = 10.0;
const PB: f64 = 20.0;

/// The step lines of the plot: cwnd, and ssthresh wherever it is finite (a path may
/// have several pieces).
pub fn plot_paths(points: &[WindowPoint], until: u64) -> (String, String, u32, u64, u64) {
    let Some(first) = points.first() else {
        return (String::new(), String::new(), 0, 0, 0);
    };
    let t0 = first.at;
    let t1 = until.max(points[points.len() - 1].at).max(t0 + 1);
    let ymax = points
        .iter()
        .flat_map(|p| {
            [
                p.cwnd,
                if p.ssthresh == u32::MAX {
                    0
                } else {
                    p.ssthresh
                },
            ]
        })
        .max()
        .unwrap_or(1);
    let ymax = nice_ceiling(ymax + ymax / 10);
    let x = |t: u64| PL + (PLOT_W - PL - PR) * (t - t0) as f64 / (t1 - t0) as f64;
    let y = |v: u32| PT + (PLOT_H - PT - PB) * (1.0 - f64::from(v.min(ymax)) / f64::from(ymax));
    let mut cwnd = String::new();
    let mut ss = String::new();
    let mut ss_open = false;
    for (i, p) in points.iter().enumerate() {
        let next_t = points.get(i + 1).map_or(t1, |n| n.at);
        if i == 0 {
            cwnd.push_str(&format!("M{:.1} {:.1}", x(p.at), y(p.cwnd)));
        } else {
            cwnd.push_str(&format!(" V{:.1}", y(p.cwnd)));
        }
        cwnd.push_str(&format!(" H{:.1}", x(next_t)));
        if p.ssthresh == u32::MAX {
            ss_open = false;
        } else {
            if ss_open {
                ss.push_str(&format!(" V{:.1}", y(p.ssthresh)));
            } else {
                ss.push_str(&format!(" M{:.1} {:.1}", x(p.at), y(p.ssthresh)));
            }
            ss.push_str(&format!(" H{:.1}", x(next_t)));
            ss_open = true;
        }
    }
    (cwnd, ss.trim_start().to_string(), ymax, t0, t1)
}

#[component]
pub fn TcbPanel(props: &TcbPanelProps) -> Html {
    let lang = props.lang;
    let at = props.session.clone();
    let followed: Rc<Result<Followed, bool>> = use_memo(
        (props.session.version(), props.selected),
        move |(_, selected)| Followed::of(&at.get(), *selected),
    );
    let title =
        html! { <h2>{ t(lang, Key::TcbTitle) }<span class="sub">{ "RFC 9293 §3.3.1" }</span></h2> };
    let f = match &*followed {
        Ok(f) => f,
        Err(udp) => {
            let hint = if *udp {
                Key::UdpNoStates
            } else {
                Key::NoTcpSocket
            };
            return html! {
                <section class="panel tcb" data-group={Group::Diagrams.attr()} aria-label={t(lang, Key::TcbTitle)}>
                    { title }
                    <p class="empty">{ t(lang, hint) }</p>
                </section>
            };
        }
    };
    let session = props.session.get();
    let world = session.world();
    let tcb = world.tcb(f.who.id);
    let now = world.now();
    let grid = tcb.map(|c| tcb_grid(lang, c, now));
    let plot = cwnd_plot(lang, &f.points, now.micros());
    let (who, state) = (&f.who, f.state);

    html! {
        <section class="panel tcb" data-group={Group::Diagrams.attr()} aria-label={t(lang, Key::TcbTitle)}>
            { title }
            <p class="tcb-who">
                <span class="mono">{ who.line() }</span>
                <span class={classes!("sd-now", format!("state-{}", state.rfc_name().to_lowercase()))}>{ state.rfc_name() }</span>
                if who.gone { <span class="muted">{ format!(" ({})", t(lang, Key::SocketFreed)) }</span> }
            </p>
            if tcb.is_none() {
                <p class="empty" id="tcb-none">{ t(lang, if who.gone { Key::TcbFreed } else { Key::NoTcbYet }) }</p>
            }
            { for grid }
            { plot }
        </section>
    }
}

fn cell(label: &'static str, value: String, help: &'static str, id: &'static str) -> Html {
    html! {
        <div class="tcb-cell" title={help} data-var={id}>
            <dt>{ label }</dt>
            <dd class="mono">{ value }</dd>
        </div>
    }
}

fn tcb_grid(lang: Lang, c: &Tcb, now: sockscope_core::Instant) -> Html {
    let rel = |v: sockscope_core::wire::SeqNumber, base: sockscope_core::wire::SeqNumber| {
        format!("{} (+{})", v.0, v.diff(base))
    };
    let h = |k: Key| t(lang, k);
    let rto = {
        let cur = c.rtt.current_rto();
        if c.rtt.backoff > 0 {
            format!("{cur} (×{})", 1u64 << c.rtt.backoff.min(16))
        } else {
            cur.to_string()
        }
    };
    let mss = c.congestion.mss.max(1);
    let cwnd = format!(
        "{} ({:.1} MSS)",
        c.congestion.cwnd,
        f64::from(c.congestion.cwnd) / f64::from(mss)
    );
    let timers = c.timers.list();
    html! {
        <>
            <dl class="tcb-grid">
                { cell("SND.UNA", rel(c.snd_una, c.iss), h(Key::HelpSndUna), "snd-una") }
                { cell("SND.NXT", rel(c.snd_nxt, c.iss), h(Key::HelpSndNxt), "snd-nxt") }
                { cell("SND.WND", c.snd_wnd.to_string(), h(Key::HelpSndWnd), "snd-wnd") }
                { cell("ISS", c.iss.0.to_string(), h(Key::HelpIss), "iss") }
                { cell("RCV.NXT", rel(c.rcv_nxt, c.irs), h(Key::HelpRcvNxt), "rcv-nxt") }
                { cell("RCV.WND", c.recv_buf.window().to_string(), h(Key::HelpRcvWnd), "rcv-wnd") }
                { cell("IRS", c.irs.0.to_string(), h(Key::HelpIrs), "irs") }
                { cell("FlightSize", c.flight_size().to_string(), h(Key::HelpFlight), "flight") }
                { cell("SRTT", c.rtt.srtt.map_or_else(|| h(Key::NotMeasured).to_string(), |d| d.to_string()), h(Key::HelpSrtt), "srtt") }
                { cell("RTO", rto, h(Key::HelpRto), "rto") }
                { cell("cwnd", cwnd, h(Key::HelpCwnd), "cwnd") }
                { cell("ssthresh", threshold(c.congestion.ssthresh), h(Key::HelpSsthresh), "ssthresh") }
                { cell(h(Key::Phase), phase_label(lang, c.congestion.phase()).to_string(), h(Key::Phase), "phase") }
                { cell(h(Key::SendQ), c.send_buf.len().to_string(), h(Key::SendQ), "send-q") }
                { cell(h(Key::RecvQ), c.recv_buf.ready.len().to_string(), h(Key::RecvQ), "recv-q") }
            </dl>
            { options_grid(lang, c) }
            <div class="tcb-timers">
                <span class="muted">{ format!("{}: ", h(Key::Timers)) }</span>
                if timers.is_empty() {
                    <span class="muted">{ h(Key::NoTimers) }</span>
                } else {
                    { for timers.into_iter().map(|(k, at)| html! {
                        <span class="timer" data-timer={format!("{k:?}")}>
                            { timer_label(lang, k) }
                            <span class="mono">{ format!(" @ {} ({})", fmt_time(at.micros()), due_in(lang, at.saturating_since(now))) }</span>
                        </span>
                    }) }
                }
            </div>
        </>
    }
}

/// What the two SYNs negotiated, and what the host's stack profile chose (issue 16):
/// the options in force, the congestion control and Nagle.
fn options_grid(lang: Lang, c: &Tcb) -> Html {
    let h = |k: Key| t(lang, k);
    let e = &c.ext;
    let mut options = vec![format!("MSS {}", c.snd_mss)];
    if e.ws.snd > 0 || e.ws.rcv > 0 {
        options.push(format!("WS ×{}/×{}", 1u32 << e.ws.snd, 1u32 << e.ws.rcv));
    }
    if e.sack_on {
        options.push("SACK".into());
    }
    if e.ts_on {
        options.push("TS".into());
    }
    if e.ecn_on {
        options.push("ECN".into());
    }
    let options = if options.len() == 1 {
        format!("{} ({})", options[0], h(Key::MssOnly))
    } else {
        options.join(" · ")
    };
    let cc = if e.cubic.is_some() {
        "CUBIC"
    } else {
        "NewReno"
    };
    let nagle = h(if e.nagle { Key::On } else { Key::Off });
    html! {
        <dl class="tcb-grid tcb-options">
            { cell(h(Key::StackProfile), e.profile.name().to_string(), h(Key::HelpStackProfile), "profile") }
            { cell(h(Key::TcpOptions), options, h(Key::HelpTcpOptions), "options") }
            { cell(h(Key::CongestionControl), cc.to_string(), h(Key::HelpCongestionControl), "congestion-control") }
            { cell(h(Key::Nagle), nagle.to_string(), h(Key::HelpNagle), "nagle") }
        </dl>
    }
}

fn cwnd_plot(lang: Lang, points: &[WindowPoint], now: u64) -> Html {
    let (cwnd, ss, ymax, t0, t1) = plot_paths(points, now);
    let bottom = PLOT_H - PB;
    html! {
        <figure class="tcb-plot">
            <figcaption>
                { t(lang, Key::CwndOverTime) }
                <span class="lg lg-cwnd">{ "cwnd" }</span>
                <span class="lg lg-ssthresh">{ "ssthresh" }</span>
            </figcaption>
            <svg class="cwnd" viewBox={format!("0 0 {PLOT_W} {PLOT_H}")} role="img" aria-label={t(lang, Key::CwndOverTime)}>
                <line class="axis" x1={PL.to_string()} y1={PT.to_string()} x2={PL.to_string()} y2={bottom.to_string()} />
                <line class="axis" x1={PL.to_string()} y1={bottom.to_string()} x2={(PLOT_W - PR).to_string()} y2={bottom.to_string()} />
                if points.is_empty() {
                    <text class="plot-empty" x={(PLOT_W / 2.0 + PL / 2.0).to_string()} y={(PLOT_H / 2.0).to_string()} text-anchor="middle">{ t(lang, Key::NoCwndYet) }</text>
                } else {
                    <line class="grid" x1={PL.to_string()} y1={PT.to_string()} x2={(PLOT_W - PR).to_string()} y2={PT.to_string()} />
                    <text class="tick" x={(PL - 4.0).to_string()} y={(PT + 4.0).to_string()} text-anchor="end">{ short_bytes(ymax) }</text>
                    <text class="tick" x={(PL - 4.0).to_string()} y={(bottom + 4.0).to_string()} text-anchor="end">{ "0" }</text>
                    <text class="tick" x={PL.to_string()} y={(PLOT_H - 5.0).to_string()} text-anchor="start">{ fmt_time(t0) }</text>
                    <text class="tick" x={(PLOT_W - PR).to_string()} y={(PLOT_H - 5.0).to_string()} text-anchor="end">{ fmt_time(t1) }</text>
                    if !ss.is_empty() { <path class="ssthresh" d={ss} /> }
                    <path class="cwnd-line" d={cwnd} />
                }
            </svg>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sockscope_core::Duration;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn pt(at: u64, cwnd: u32, ssthresh: u32) -> WindowPoint {
        WindowPoint { at, cwnd, ssthresh }
    }

    #[test]
    fn nice_ceilings_round_up() {
        assert_eq!(nice_ceiling(0), 1);
        assert_eq!(nice_ceiling(4380), 5000);
        assert_eq!(nice_ceiling(5001), 10_000);
        assert_eq!(nice_ceiling(150), 200);
        assert_eq!(short_bytes(4380), "4.4k");
        assert_eq!(short_bytes(20_000), "20k");
    }

    #[test]
    fn decimation_keeps_extremes_and_ends() {
        let points: Vec<_> = (0..10_000u64)
            .map(|i| {
                pt(
                    i * 10,
                    if i == 5_000 { 1 } else { 1000 + (i % 7) as u32 },
                    u32::MAX,
                )
            })
            .collect();
        let d = decimate(&points, 100);
        assert!(d.len() <= 400, "{}", d.len());
        assert_eq!(d.first(), points.first());
        assert_eq!(d.last(), points.last());
        assert!(d.iter().any(|p| p.cwnd == 1), "the dip survives");
        assert!(d.windows(2).all(|w| w[0].at <= w[1].at));
        let few = vec![pt(0, 1, 2)];
        assert_eq!(decimate(&few, 100), few);
    }

    #[test]
    fn plot_steps_through_cwnd_and_draws_ssthresh_only_when_finite() {
        let (cwnd, ss, ymax, t0, t1) = plot_paths(
            &[
                pt(0, 4380, u32::MAX),
                pt(100, 5840, u32::MAX),
                pt(200, 2920, 2920),
            ],
            300,
        );
        assert!(
            cwnd.starts_with('M') && cwnd.matches('V').count() == 2,
            "{cwnd}"
        );
        assert_eq!(ss.matches('M').count(), 1, "{ss}");
        assert_eq!((ymax, t0, t1), (10_000, 0, 300));
        assert!(plot_paths(&[], 5).0.is_empty());
    }

    #[test]
    fn window_points_come_from_the_log_of_that_socket() {
        let (mut w, l, c) = sockscope_core::testkit::listener_and_client(4);
        w.advance(Duration::from_millis(100));
        w.send(c, &[7u8; 20_000]).unwrap();
        w.advance(Duration::from_secs(1));
        let pts = window_points(&w, c);
        assert!(pts.len() >= 2, "{pts:?}");
        assert!(pts.windows(2).all(|p| p[0].at <= p[1].at));
        assert!(
            pts.last().unwrap().cwnd > pts[0].cwnd,
            "slow start grows cwnd"
        );
        assert!(window_points(&w, l).is_empty());
    }

    #[test]
    fn the_panel_follows_what_the_core_says_and_explains_when_it_cannot() {
        let (mut w, l, c) = sockscope_core::testkit::listener_and_client(4);
        w.advance(Duration::from_millis(100));
        w.send(c, &[7u8; 20_000]).unwrap();
        w.advance(Duration::from_secs(1));
        let session = Session::from_world(w);
        let f = Followed::of(&session, Some(c)).unwrap();
        assert_eq!((f.who.id, f.state), (c, State::Established));
        assert!(f.points.len() >= 2, "{:?}", f.points);
        let listener = Followed::of(&session, Some(l)).unwrap();
        assert_eq!(listener.state, State::Listen);
        assert!(listener.points.is_empty());
        let empty = Session::from_world(World::with_seed(1));
        assert_eq!(Followed::of(&empty, None), Err(false));
    }
}
