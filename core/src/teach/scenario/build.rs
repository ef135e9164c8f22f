//! A scenario built into a world at time zero and the script that plays the rest.

use super::{budget, FaultSpec, Scenario, ScenarioError, MAX_TIME_MS};
use crate::network::{FaultAction, PacketFilter};
use crate::teach::command::Command;
use crate::teach::script::{ArmedFault, Cue, Script};
use crate::time::{Duration, Instant};
use crate::wire::{IpProtocol, TcpFlags};
use crate::world::{Config, World};

fn flags(what: &str, text: &Option<String>) -> Result<Option<TcpFlags>, ScenarioError> {
    let Some(text) = text else { return Ok(None) };
    let mut f = TcpFlags::NONE;
    for part in text.split([',', '|', '+', ' ']).filter(|p| !p.is_empty()) {
        f.insert(match part.to_ascii_uppercase().as_str() {
            "SYN" => TcpFlags::SYN,
            "ACK" => TcpFlags::ACK,
            "FIN" => TcpFlags::FIN,
            "RST" => TcpFlags::RST,
            "PSH" => TcpFlags::PSH,
            "URG" => TcpFlags::URG,
            other => {
                return Err(ScenarioError::BadSetting {
                    what: what.into(),
                    message: format!("unknown TCP flag {other}"),
                })
            }
        });
    }
    Ok(Some(f))
}

impl Scenario {
    /// Builds the world at time zero: hosts, paths; faults and steps come as time runs.
    pub fn build(&self) -> Result<(World, Script), ScenarioError> {
        self.check()?;
        let mut config = Config {
            seed: self.seed,
            ..Config::default()
        };
        // A heavy run keeps only the newest events and no capture, so the tab holds it.
        if self.work().bounded() {
            config.log_limit = Some(budget::BOUNDED_LOG_EVENTS);
            config.capture = false;
        }
        if let Some(msl) = self.msl_ms {
            config.tcp.msl = Duration::from_millis(msl.min(MAX_TIME_MS));
        }
        if let Some(d) = self.delayed_ack {
            config.tcp.delayed_ack = d;
        }
        let sized = |what: &str, v: u32, min: u32, max: u32| {
            if (min..=max).contains(&v) {
                Ok(v)
            } else {
                Err(ScenarioError::BadSetting {
                    what: what.into(),
                    message: format!("{v} is not from {min} to {max}"),
                })
            }
        };
        if let Some(m) = self.mss {
            config.tcp.mss = sized("mss", m.into(), 64, 9_000)? as u16;
        }
        if let Some(b) = self.recv_buffer {
            config.tcp.recv_buffer = sized("recv_buffer", b, 1, 1 << 24)?;
        }
        if let Some(b) = self.send_buffer {
            config.tcp.send_buffer = sized("send_buffer", b, 1, 1 << 24)?;
        }
        let mut world = World::new(config);
        for (i, h) in self.hosts.iter().enumerate() {
            let id =
                world
                    .spawn_host_str(&h.name, &h.addr)
                    .map_err(|error| ScenarioError::Host {
                        index: i as u32,
                        error,
                    })?;
            world.set_host_profile(id, h.profile);
        }
        let host = |world: &World, what: &str, name: &str| {
            world
                .host_by_name(name)
                .map(|h| h.id)
                .ok_or_else(|| ScenarioError::UnknownHost {
                    what: what.into(),
                    name: name.into(),
                })
        };
        for (i, p) in self.paths.iter().enumerate() {
            let what = format!("path {}", i + 1);
            let (a, b) = (host(&world, &what, &p.from)?, host(&world, &what, &p.to)?);
            let s = p.settings().map_err(|message| ScenarioError::BadSetting {
                what: what.clone(),
                message,
            })?;
            let set = if p.both {
                World::set_link
            } else {
                World::set_path
            };
            set(&mut world, a, b, s).map_err(|error| ScenarioError::Host {
                index: i as u32,
                error,
            })?;
        }
        let mut cues = Vec::new();
        let mut commands = Vec::with_capacity(self.steps.len());
        for (i, st) in self.steps.iter().enumerate() {
            let cmd: Command = st.run.parse().map_err(|error| ScenarioError::Step {
                index: i as u32,
                line: st.run.clone(),
                error,
            })?;
            commands.push(cmd);
            cues.push((st.at(), Cue::Step(i as u32)));
        }
        // Faults are parsed now so a bad one fails the load, not the middle of a run.
        let mut faults = Vec::with_capacity(self.faults.len());
        for (i, f) in self.faults.iter().enumerate() {
            let (filter, action) = self.fault_parts(&world, i, f)?;
            faults.push(ArmedFault {
                filter,
                nth: f.nth,
                action,
            });
            cues.push((Instant(f.at_ms * 1000), Cue::Fault(i as u32)));
        }
        if let Some(lesson) = &self.lesson {
            for (i, p) in lesson.predict.iter().enumerate() {
                cues.push((Instant(p.at_ms * 1000), Cue::Ask(i as u32)));
            }
            for (i, c) in lesson.checks.iter().enumerate() {
                cues.push((Instant(c.at_ms * 1000), Cue::Check(i as u32)));
            }
        }
        Ok((world, Script::new(cues, commands, faults)))
    }

    fn fault_parts(
        &self,
        world: &World,
        i: usize,
        f: &FaultSpec,
    ) -> Result<(PacketFilter, FaultAction), ScenarioError> {
        let what = format!("fault {}", i + 1);
        let host = |name: &Option<String>| -> Result<_, ScenarioError> {
            name.as_ref()
                .map(|n| {
                    world
                        .host_by_name(n)
                        .map(|h| h.id)
                        .ok_or_else(|| ScenarioError::UnknownHost {
                            what: what.clone(),
                            name: n.clone(),
                        })
                })
                .transpose()
        };
        let protocol = match f
            .protocol
            .as_deref()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            None => None,
            Some("tcp") => Some(IpProtocol::Tcp),
            Some("udp") => Some(IpProtocol::Udp),
            Some("icmp") => Some(IpProtocol::Icmp),
            Some(p) => {
                return Err(ScenarioError::BadSetting {
                    what,
                    message: format!("unknown protocol {p}"),
                })
            }
        };
        let filter = PacketFilter {
            src: host(&f.from)?,
            dst: host(&f.to)?,
            protocol,
            flags_set: flags(&what, &f.flags)?,
            flags_clear: flags(&what, &f.without_flags)?,
        };
        let action = match f.action.as_str() {
            "drop" => FaultAction::Drop,
            "duplicate" => FaultAction::Duplicate,
            "hold" => FaultAction::Hold,
            a => match a.strip_prefix("delay:").and_then(|m| m.parse::<u64>().ok()) {
                Some(m) => FaultAction::Delay(Duration::from_millis(m.min(MAX_TIME_MS))),
                None => {
                    return Err(ScenarioError::BadSetting {
                        what,
                        message: format!(
                            "unknown action {a}: use drop, duplicate, hold or delay:<ms>"
                        ),
                    })
                }
            },
        };
        Ok((filter, action))
    }
}
