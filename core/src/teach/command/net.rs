//! The console's internet-layer calls: building the topology (`router`, `cable`, `addr`,
//! `route ... add/del`) and looking at it (`route(A)`, `arp(A)`, `traceroute`). They act
//! on the stage, so they need no `HOST:`; each names its node first.
//!
//! ```text
//! router(R1)
//! cable(A, R1, rate=10Mbps, delay=5ms, queue=20)
//! cable(R1, B, mtu=1000)
//! addr(R1, eth0, 10.0.1.1/24)
//! route(A, add default via 10.0.1.1)
//! route(R1, add 10.0.2.0/24 via 10.0.12.2)
//! route(R1, del 10.0.2.0/24)
//! route(A)
//! arp(A)
//! traceroute(A, 10.0.2.5)
//! ```
//!
//! `cable`, not `link`: `link(A, B, delay=20ms)` already sets the path settings of a host
//! pair both ways, and every share link that says so must keep meaning it.

use super::{CommandError, Value};
use crate::call::CallName;
use crate::endpoint::parse_ipv4;
use crate::ids::HostId;
use crate::network::{parse_time, time_text};
use crate::route::Prefix;
use crate::topology::{LinkParams, TRACE_MAX_TTL};
use crate::world::NetError;
use crate::world::World;
use serde::{Deserialize, Serialize};
use std::net::Ipv4Addr;

/// One internet-layer call, its arguments checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum NetOp {
    /// `router(R1)`
    Router { name: String },
    /// `cable(A, R1, rate=10Mbps, delay=5ms, queue=20)`; three or more nodes make a switch
    /// (`switch(A, B, R1)` reads the same).
    Cable {
        nodes: Vec<String>,
        params: LinkParams,
    },
    /// `addr(R1, eth0, 10.0.1.1/24)`
    Addr {
        node: String,
        iface: String,
        addr: Ipv4Addr,
        len: u8,
    },
    /// `route(A)`: print the table.
    RouteShow { node: String },
    /// `route(A, add 10.0.2.0/24 via 10.0.1.1)`, `route(A, add default via 10.0.1.1)`
    RouteAdd {
        node: String,
        prefix: Prefix,
        gateway: Ipv4Addr,
    },
    /// `route(A, del 10.0.2.0/24)`, optionally `via` a gateway.
    RouteDel {
        node: String,
        prefix: Prefix,
        gateway: Option<Ipv4Addr>,
    },
    /// `arp(A)`: print the cache.
    Arp { node: String },
    /// `traceroute(A, 10.0.2.5)`, optionally a most number of hops.
    Traceroute {
        node: String,
        dst: Ipv4Addr,
        max: u8,
    },
    /// `nat(R1, eth1)`: R1 translates (NAPT) what leaves by eth1.
    NatSet { node: String, iface: String },
    /// `nat(R1)`: print the translations.
    NatShow { node: String },
}

/// A refused argument, said in both languages.
pub struct Bad {
    pub arg: usize,
    pub en: String,
    pub ko: String,
}

fn bad(arg: usize, en: impl Into<String>, ko: impl Into<String>) -> Bad {
    Bad {
        arg,
        en: en.into(),
        ko: ko.into(),
    }
}

/// Reads a net call from its words (each argument one word; `route`'s second argument
/// has spaces).
pub fn parse(call: CallName, words: &[&str]) -> Result<NetOp, Bad> {
    let w = |k: usize| words.get(k).copied().unwrap_or_default().to_string();
    let ipv4 = |k: usize| {
        parse_ipv4(words.get(k).copied().unwrap_or_default())
            .map_err(|e| bad(k, e.to_string(), e.message(crate::lang::Lang::Ko)))
    };
    Ok(match call {
        CallName::Router => NetOp::Router { name: w(0) },
        CallName::Cable => {
            let mut nodes = Vec::new();
            let mut params = LinkParams::default();
            for (k, word) in words.iter().enumerate() {
                match word.split_once('=') {
                    Some((key, v)) => {
                        set_param(&mut params, key, v).map_err(|(en, ko)| bad(k, en, ko))?
                    }
                    None => nodes.push(word.to_string()),
                }
            }
            NetOp::Cable { nodes, params }
        }
        CallName::Addr => {
            let (a, l) = cidr(words.get(2).copied().unwrap_or_default())
                .map_err(|(en, ko)| bad(2, en, ko))?;
            NetOp::Addr {
                node: w(0),
                iface: w(1),
                addr: a,
                len: l,
            }
        }
        CallName::Route if words.len() < 2 => NetOp::RouteShow { node: w(0) },
        CallName::Route => route_change(w(0), words.get(1).copied().unwrap_or_default())
            .map_err(|(en, ko)| bad(1, en, ko))?,
        CallName::Arp => NetOp::Arp { node: w(0) },
        CallName::Nat if words.len() < 2 => NetOp::NatShow { node: w(0) },
        CallName::Nat => NetOp::NatSet {
            node: w(0),
            iface: w(1),
        },
        CallName::Traceroute => NetOp::Traceroute {
            node: w(0),
            dst: ipv4(1)?,
            max: match words.get(2) {
                None => TRACE_MAX_TTL,
                Some(m) => m
                    .parse::<u8>()
                    .ok()
                    .filter(|m| (1..=64).contains(m))
                    .ok_or_else(|| bad(2, "hops go from 1 to 64", "홉 수는 1부터 64까지입니다"))?,
            },
        },
        _ => {
            return Err(bad(
                0,
                "not an internet-layer call",
                "인터넷 계층 호출이 아닙니다",
            ))
        }
    })
}

type Words = (String, String);

fn set_param(p: &mut LinkParams, key: &str, v: &str) -> Result<(), Words> {
    match key {
        "rate" => p.rate_bps = Some(parse_rate(v)?),
        "delay" => {
            p.delay = Some(
                parse_time(v).map_err(|m| (m.clone(), format!("시간을 읽을 수 없습니다: {m}")))?,
            )
        }
        "queue" => {
            let n = v.parse::<u32>().ok().filter(|n| (1..=100_000).contains(n));
            p.queue = Some(n.ok_or_else(|| {
                (
                    format!("queue={v}: give a number of packets from 1 to 100000"),
                    format!("queue={v}: 패킷 수를 1부터 100000까지로 쓰세요"),
                )
            })?);
        }
        "mtu" => {
            let n = v
                .parse::<u16>()
                .ok()
                .filter(|n| *n >= crate::topology::MIN_MTU);
            p.mtu = Some(n.ok_or_else(|| {
                (
                    format!("mtu={v}: give a number of bytes from 68 to 65535"),
                    format!("mtu={v}: 바이트 수를 68부터 65535까지로 쓰세요"),
                )
            })?);
        }
        _ => {
            return Err((
                format!("unknown setting {key}: a cable takes rate=, delay=, queue= and mtu="),
                format!("알 수 없는 설정 {key}: 케이블에는 rate=, delay=, queue=, mtu=를 씁니다"),
            ))
        }
    }
    Ok(())
}

/// "10Mbps", "1.5Mbit", "512kbps", "1Gbps", "9600bps" (a bare number is bits per
/// second) → bits per second.
pub fn parse_rate(text: &str) -> Result<u64, Words> {
    let lower = text.trim().to_ascii_lowercase();
    let t = ["bit/s", "bits", "bit", "bps", "b/s"]
        .iter()
        .find_map(|s| lower.strip_suffix(s))
        .unwrap_or(&lower);
    let (num, scale) = match t.strip_suffix('g') {
        Some(n) => (n, 1e9),
        None => match t.strip_suffix('m') {
            Some(n) => (n, 1e6),
            None => match t.strip_suffix('k') {
                Some(n) => (n, 1e3),
                None => (t, 1.0),
            },
        },
    };
    match num.parse::<f64>() {
        Ok(v) if v.is_finite() && v * scale >= 1.0 && v * scale <= 1e12 => {
            Ok((v * scale).round() as u64)
        }
        _ => Err((
            format!("\"{text}\" is not a rate: write it like 10Mbps, 512kbps or 1Gbps"),
            format!("\"{text}\"은(는) 속도가 아닙니다: 10Mbps, 512kbps, 1Gbps처럼 쓰세요"),
        )),
    }
}

/// A rate as `cable` takes it back: the largest unit that keeps it whole.
pub fn rate_text(bps: u64) -> String {
    for (unit, scale) in [
        ("Gbps", 1_000_000_000),
        ("Mbps", 1_000_000),
        ("kbps", 1_000),
    ] {
        if bps >= scale && bps % scale == 0 {
            return format!("{}{unit}", bps / scale);
        }
    }
    format!("{bps}bps")
}

/// `10.0.1.1/24` → the address and the prefix length.
fn cidr(text: &str) -> Result<(Ipv4Addr, u8), Words> {
    let e = NetError::NoPrefixLength {
        input: text.to_string(),
    };
    let words = || (e.to_string(), e.message(crate::lang::Lang::Ko));
    let (a, l) = text.split_once('/').ok_or_else(words)?;
    let len = l
        .parse::<u8>()
        .ok()
        .filter(|l| *l <= 32)
        .ok_or_else(words)?;
    let addr = parse_ipv4(a).map_err(|e| (e.to_string(), e.message(crate::lang::Lang::Ko)))?;
    Ok((addr, len))
}

/// `add 10.0.2.0/24 via 10.0.1.1`, `add default via 10.0.1.1`, `del 10.0.2.0/24 [via X]`.
fn route_change(node: String, text: &str) -> Result<NetOp, Words> {
    let usage = || {
        (
            format!("\"{text}\": write add 10.0.2.0/24 via 10.0.1.1, add default via 10.0.1.1 or del 10.0.2.0/24"),
            format!("\"{text}\": add 10.0.2.0/24 via 10.0.1.1, add default via 10.0.1.1, del 10.0.2.0/24처럼 쓰세요"),
        )
    };
    let parts: Vec<&str> = text.split_whitespace().collect();
    let prefix = |p: &str| -> Result<Prefix, Words> {
        if p == "default" {
            return Ok(Prefix::DEFAULT);
        }
        p.parse::<Prefix>().map_err(|e| {
            let e = NetError::Prefix(e);
            (e.to_string(), e.message(crate::lang::Lang::Ko))
        })
    };
    let gw = |g: &str| parse_ipv4(g).map_err(|e| (e.to_string(), e.message(crate::lang::Lang::Ko)));
    match parts.as_slice() {
        ["add", p, "via", g] => Ok(NetOp::RouteAdd {
            node,
            prefix: prefix(p)?,
            gateway: gw(g)?,
        }),
        ["del", p] => Ok(NetOp::RouteDel {
            node,
            prefix: prefix(p)?,
            gateway: None,
        }),
        ["del", p, "via", g] => Ok(NetOp::RouteDel {
            node,
            prefix: prefix(p)?,
            gateway: Some(gw(g)?),
        }),
        _ => Err(usage()),
    }
}

fn prefix_word(p: Prefix) -> String {
    if p == Prefix::DEFAULT {
        "default".into()
    } else {
        p.to_string()
    }
}

impl NetOp {
    pub fn name(&self) -> CallName {
        match self {
            NetOp::Router { .. } => CallName::Router,
            NetOp::Cable { .. } => CallName::Cable,
            NetOp::Addr { .. } => CallName::Addr,
            NetOp::RouteShow { .. } | NetOp::RouteAdd { .. } | NetOp::RouteDel { .. } => {
                CallName::Route
            }
            NetOp::Arp { .. } => CallName::Arp,
            NetOp::Traceroute { .. } => CallName::Traceroute,
            NetOp::NatSet { .. } | NetOp::NatShow { .. } => CallName::Nat,
        }
    }

    /// The arguments as the console writes them; parsing them gives the call back.
    pub fn args(&self) -> Vec<String> {
        match self {
            NetOp::Router { name } => vec![name.clone()],
            NetOp::Cable { nodes, params } => {
                let mut out = nodes.clone();
                if let Some(r) = params.rate_bps {
                    out.push(format!("rate={}", rate_text(r)));
                }
                if let Some(d) = params.delay {
                    out.push(format!("delay={}", time_text(d)));
                }
                if let Some(q) = params.queue {
                    out.push(format!("queue={q}"));
                }
                if let Some(m) = params.mtu {
                    out.push(format!("mtu={m}"));
                }
                out
            }
            NetOp::Addr {
                node,
                iface,
                addr,
                len,
            } => vec![node.clone(), iface.clone(), format!("{addr}/{len}")],
            NetOp::RouteShow { node } | NetOp::Arp { node } => vec![node.clone()],
            NetOp::RouteAdd {
                node,
                prefix,
                gateway,
            } => vec![
                node.clone(),
                format!("add {} via {gateway}", prefix_word(*prefix)),
            ],
            NetOp::RouteDel {
                node,
                prefix,
                gateway,
            } => {
                let via = gateway.map(|g| format!(" via {g}")).unwrap_or_default();
                vec![node.clone(), format!("del {}{via}", prefix_word(*prefix))]
            }
            NetOp::Traceroute { node, dst, max } => {
                let mut out = vec![node.clone(), dst.to_string()];
                if *max != TRACE_MAX_TTL {
                    out.push(max.to_string());
                }
                out
            }
            NetOp::NatSet { node, iface } => vec![node.clone(), iface.clone()],
            NetOp::NatShow { node } => vec![node.clone()],
        }
    }
}

fn node(world: &World, name: &str) -> Result<HostId, CommandError> {
    world
        .host_by_name(name)
        .map(|h| h.id)
        .ok_or_else(|| CommandError::Net(NetError::UnknownNode { name: name.into() }))
}

/// Runs a net call on the world.
pub fn run(world: &mut World, op: &NetOp) -> Result<Value, CommandError> {
    let net = CommandError::Net;
    match op {
        NetOp::Router { name } => {
            world.add_router(name).map_err(net)?;
        }
        NetOp::Cable { nodes, params } => {
            let ids = nodes
                .iter()
                .map(|n| node(world, n))
                .collect::<Result<Vec<_>, _>>()?;
            world.link(&ids, *params).map_err(net)?;
        }
        NetOp::Addr {
            node: n,
            iface,
            addr,
            len,
        } => {
            let id = node(world, n)?;
            world.set_addr(id, iface, *addr, *len).map_err(net)?;
        }
        NetOp::RouteAdd {
            node: n,
            prefix,
            gateway,
        } => {
            let id = node(world, n)?;
            world.add_route(id, *prefix, *gateway, 0).map_err(net)?;
        }
        NetOp::RouteDel {
            node: n,
            prefix,
            gateway,
        } => {
            let id = node(world, n)?;
            world.del_route(id, *prefix, *gateway).map_err(net)?;
        }
        NetOp::RouteShow { node: n } => {
            let id = node(world, n)?;
            let table = world.routes(id).map(|t| t.to_string()).unwrap_or_default();
            let table = table.trim_end().to_string();
            return Ok(Value::Text {
                en: table.clone(),
                ko: table,
            });
        }
        NetOp::Arp { node: n } => {
            let id = node(world, n)?;
            let (en, ko) = arp_text(world, id);
            return Ok(Value::Text { en, ko });
        }
        NetOp::Traceroute { node: n, dst, max } => {
            let id = node(world, n)?;
            world.traceroute(id, *dst, *max).map_err(net)?;
        }
        NetOp::NatSet { node: n, iface } => {
            let id = node(world, n)?;
            world.set_nat(id, iface).map_err(net)?;
        }
        NetOp::NatShow { node: n } => {
            let id = node(world, n)?;
            let text = crate::world::nat_text(&world.nat_table(id), world.now());
            return Ok(Value::Text {
                en: text.clone(),
                ko: text,
            });
        }
    }
    Ok(Value::Done)
}

/// The ARP cache as `arp -n` prints it (address, hardware address, interface); one line
/// saying it is empty when it is.
fn arp_text(world: &World, id: HostId) -> (String, String) {
    let rows = world.arp_table(id);
    if rows.is_empty() {
        return ("(no entries)".into(), "(항목 없음)".into());
    }
    let mut out = String::from("Address          HWaddress          Iface");
    for (iface, addr, mac, _) in rows {
        out.push_str(&format!("\n{:<16} {mac}  {iface}", addr.to_string()));
    }
    (out.clone(), out)
}
