//! Helpers shared by the world scenario tests: a compact, one-line-per-event rendering of
//! the log, so a test can assert a whole packet trace the way a person would read it.
//!
//! Not every test file uses every helper.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::net::Ipv4Addr;

use sockscope_core::log::{
    Call, CallValue, DropReason, Event, NetChange, PacketControl, PacketSummary,
};
use sockscope_core::socket::SocketRow;
use sockscope_core::wire::{IpPacket, IpProtocol, Ipv4Repr, TcpRepr, Transport};
use sockscope_core::{EventKind, HostId, PacketId, Protocol, SocketId, World};

// Not every test file uses every one.
#[allow(unused_imports)]
pub use sockscope_core::testkit::{ep, two_hosts, A, B, C};

/// Virtual time as milliseconds with microseconds, `12.500`.
fn ms_text(micros: u64) -> String {
    format!("{}.{:03}", micros / 1_000, micros % 1_000)
}

/// Host names as the log spawned them, so removed hosts keep their names in traces.
fn names(w: &World) -> BTreeMap<HostId, String> {
    w.log()
        .events()
        .iter()
        .filter_map(|e| match (&e.kind, e.host) {
            (EventKind::HostSpawned { name, .. }, Some(h)) => Some((h, name.clone())),
            (
                EventKind::TopologyChanged {
                    change: NetChange::RouterAdded { name },
                },
                Some(h),
            ) => Some((h, name.clone())),
            _ => None,
        })
        .collect()
}

/// A call as the log, the explanations and the console write it (one renderer:
/// `Display for Call` in sockscope_core::teach::command).
fn call(c: &Call) -> String {
    c.to_string()
}

fn value(v: &CallValue) -> String {
    match v {
        CallValue::None => "ok".into(),
        CallValue::Socket(s) => s.to_string(),
        CallValue::Bytes(n) => n.to_string(),
        CallValue::Endpoint(e) => e.to_string(),
        CallValue::Accepted { socket, remote } => format!("{socket} from {remote}"),
        CallValue::Received { len, from } => format!("len={len} from {from}"),
    }
}

/// One event as a trace line: `time host [socket] what`.
pub fn line(names: &BTreeMap<HostId, String>, e: &Event) -> String {
    let host = e
        .host
        .map(|h| {
            names
                .get(&h)
                .cloned()
                .unwrap_or_else(|| format!("h{}", h.0))
        })
        .unwrap_or_else(|| "-".into());
    let sock = e.socket.map(|s| format!(" {s}")).unwrap_or_default();
    let what = match &e.kind {
        EventKind::HostSpawned { name, addr } => format!("spawned {name} {addr}"),
        EventKind::HostRemoved { name, addr } => format!("removed {name} {addr}"),
        EventKind::PathChanged { src, dst, .. } => format!("path h{}->h{} changed", src.0, dst.0),
        EventKind::PacketSent {
            packet,
            arrive_at,
            summary,
            dst,
        } => match dst {
            Some(_) => format!(
                "sent p{} {} (due {})",
                packet.0,
                summary.text(),
                ms_text(arrive_at.micros())
            ),
            None => format!("sent p{} {} (no such host)", packet.0, summary.text()),
        },
        EventKind::PacketDuplicated { packet, copy } => {
            format!("p{} duplicated as p{}", packet.0, copy.0)
        }
        EventKind::PacketReordered { packet, extra } => {
            format!("p{} held back {}", packet.0, ms_text(extra.micros()))
        }
        EventKind::PacketCorrupted { packet, .. } => format!("p{} corrupted", packet.0),
        EventKind::PacketControlled { packet, control } => match control {
            PacketControl::Hold => format!("p{} held", packet.0),
            PacketControl::Release => format!("p{} released", packet.0),
            PacketControl::Delay { by } => {
                format!("p{} delayed {}", packet.0, ms_text(by.micros()))
            }
        },
        EventKind::PacketDelivered { packet } => format!("delivered p{}", packet.0),
        EventKind::PacketDropped { packet, reason } => {
            format!("dropped p{} {reason:?}", packet.0)
        }
        EventKind::UserCall { call: c, result } => {
            let r = match result {
                Ok(v) => value(v),
                Err(e) => e.name().to_string(),
            };
            format!("{} = {r}", call(c))
        }
        EventKind::DatagramQueued { from, len } => format!("queued len={len} from {from}"),
        EventKind::SocketError { error } => format!("error {}", error.name()),
        EventKind::EchoReplied { to, ident, seq } => {
            format!("echo reply to {to} id={ident} seq={seq}")
        }
        EventKind::EchoReceived { from, ident, seq } => {
            format!("echo reply from {from} id={ident} seq={seq}")
        }
        EventKind::ResetSent { to } => format!("RST to {to}"),
        EventKind::StateChanged { from, to, .. } => format!("{from} -> {to}"),
        EventKind::Tcp { note } => format!("tcp {note:?}"),
        EventKind::ConnectionForked { listener, remote } => {
            format!("forked from {listener} for {remote}")
        }
        EventKind::SynDropped { backlog_full } => format!("SYN dropped (full={backlog_full})"),
        other => net_line(other),
    };
    format!("{} {host}{sock} {what}", ms_text(e.at.micros()))
}

/// An internet-layer event (ARP, forwarding, ICMP, topology) as a trace line.
fn net_line(kind: &EventKind) -> String {
    match kind {
        EventKind::ArpRequest {
            packet,
            iface,
            target,
            sender,
            attempt,
        } => format!(
            "arp p{} {iface} who-has {target} tell {sender} (try {attempt})",
            packet.0
        ),
        EventKind::ArpReply {
            packet,
            addr,
            mac,
            to,
            ..
        } => format!("arp p{} reply {addr} is-at {mac} to {to}", packet.0),
        EventKind::ArpLearned { iface, addr, mac } => format!("arp cache {iface} {addr}={mac}"),
        EventKind::ArpExpired { addr, .. } => format!("arp expired {addr}"),
        EventKind::ArpGaveUp {
            addr,
            tries,
            dropped,
            ..
        } => format!("arp gave up {addr} after {tries}, dropped {dropped}"),
        EventKind::Forwarded {
            packet,
            ttl_before,
            ttl_after,
            iface,
            next_hop,
        } => format!(
            "forward p{} ttl {ttl_before}->{ttl_after} via {iface} to {next_hop}",
            packet.0
        ),
        EventKind::IcmpSent { to, kind, code } => format!("icmp {kind}/{code} to {to}"),
        EventKind::IcmpReceived { from, kind, code } => format!("icmp {kind}/{code} from {from}"),
        EventKind::TraceHop {
            ttl, from, reached, ..
        } => format!(
            "trace hop {ttl} {from}{}",
            if *reached { " (end)" } else { "" }
        ),
        EventKind::TopologyChanged { change } => format!("topology {change:?}"),
        other => format!("{other:?}"),
    }
}

/// The whole log as trace lines.
pub fn trace(w: &World) -> Vec<String> {
    trace_since(w, 0)
}

/// The log from event `seq` on, as trace lines.
pub fn trace_since(w: &World, seq: u64) -> Vec<String> {
    let names = names(w);
    w.log().since(seq).iter().map(|e| line(&names, e)).collect()
}

/// Only the packet-level lines (no socket calls, spawns or path changes).
pub fn wire_trace(w: &World) -> Vec<String> {
    let names = names(w);
    w.log()
        .events()
        .iter()
        .filter(|e| {
            !matches!(
                e.kind,
                EventKind::UserCall { .. }
                    | EventKind::HostSpawned { .. }
                    | EventKind::HostRemoved { .. }
                    | EventKind::PathChanged { .. }
            )
        })
        .map(|e| line(&names, e))
        .collect()
}

/// Every packet sent, in log order, with its summary.
pub fn sent_packets(w: &World) -> impl DoubleEndedIterator<Item = (PacketId, &PacketSummary)> {
    w.log().events().iter().filter_map(|e| match &e.kind {
        EventKind::PacketSent {
            packet, summary, ..
        } => Some((*packet, summary)),
        _ => None,
    })
}

/// The id of the last packet sent (the highest id in the log).
pub fn last_sent(w: &World) -> PacketId {
    sent_packets(w).next_back().expect("a packet was sent").0
}

/// When each packet was delivered (passed the receiver's checks), by id.
pub fn delivered_at(w: &World, p: PacketId) -> Option<u64> {
    w.log().events().iter().find_map(|e| match e.kind {
        EventKind::PacketDelivered { packet } if packet == p => Some(e.at.micros()),
        _ => None,
    })
}

/// Counts events of one kind, by `EventKind::name`.
pub fn count(w: &World, name: &str) -> usize {
    w.log()
        .events()
        .iter()
        .filter(|e| e.kind.name() == name)
        .count()
}

/// A socket-table row with empty queues; "" for an absent address.
pub fn row(s: u32, protocol: Protocol, local: &str, remote: &str, state: &str) -> SocketRow {
    let opt = |t: &str| (!t.is_empty()).then(|| ep(t));
    SocketRow {
        socket: SocketId(s),
        protocol,
        local: opt(local),
        remote: opt(remote),
        state: state.to_string(),
        recv_queue: 0,
        send_queue: 0,
        listener: None,
    }
}

/// Why each dropped packet was dropped, in log order.
pub fn drop_reasons(w: &World) -> Vec<DropReason> {
    w.log()
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::PacketDropped { reason, .. } => Some(reason.clone()),
            _ => None,
        })
        .collect()
}

/// Puts a hand-made TCP segment from `src` to `dst` on the wire through host `via` (an
/// external host, say), as raw IP bytes: the forged and flooding segments of the
/// robustness tests.
pub fn inject_tcp(w: &mut World, via: HostId, src: Ipv4Addr, dst: Ipv4Addr, segment: TcpRepr) {
    let packet = IpPacket {
        ip: Ipv4Repr {
            src,
            dst,
            protocol: IpProtocol::Tcp,
            ttl: 64,
            ident: 0,
            dont_fragment: true,
            ecn: sockscope_core::wire::Ecn::NotEct,
        },
        transport: Transport::Tcp(segment),
    };
    w.inject(via, packet.emit())
        .expect("the injecting host exists");
}

/// Runs each console line, which must be refused, and checks the refusal in both
/// languages: (line, words of the English message, words of the Korean one).
#[allow(dead_code)]
pub fn refused_in_both(
    console: &mut sockscope_core::teach::command::Console,
    w: &mut World,
    cases: &[(&str, &str, &str)],
) {
    use sockscope_core::lang::Lang;
    for (line, en, ko) in cases {
        let e = console.run_line(w, line).unwrap_err();
        let (got_en, got_ko) = (e.message(Lang::En), e.message(Lang::Ko));
        assert!(got_en.contains(en), "{line}: {got_en}");
        assert!(got_ko.contains(ko), "{line}: {got_ko}");
    }
}
