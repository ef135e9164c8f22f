//! Stack profiles per host (issue 16): the one place the world reads a host's profile,
//! when it creates a connection.

use super::World;
use crate::ids::HostId;
use crate::tcp::knobs::Knob;
use crate::tcp::profile::OfferedOptions;
use crate::tcp::{StackProfile, TcpConfig};

impl World {
    /// The TCP settings of a new connection on `host`: the world's, tuned by the host's
    /// profile, or by the world's own (`TcpConfig::profile`) when the host has none of
    /// its own; `rfc` leaves them as they are.
    pub(crate) fn tcp_config_for(&self, host: HostId) -> TcpConfig {
        let own = self.hosts.get(&host).map(|h| h.profile).unwrap_or_default();
        let profile = if own.is_rfc() {
            self.config.tcp.profile
        } else {
            own
        };
        let mut config = profile.tune(&self.config.tcp);
        if let Some(knobs) = self.hosts.get(&host).map(|h| &h.knobs) {
            if !knobs.is_empty() {
                config.offer = Some(knobs.apply(Self::offer_of(&config)));
            }
        }
        config
    }

    /// What a connection with `config` offers before any switch.
    fn offer_of(config: &TcpConfig) -> OfferedOptions {
        config
            .offer
            .unwrap_or(config.profile.defaults(config).offer)
    }

    /// `sysctl(A, net.ipv4.tcp_ecn=1)`: sets a switch on `host` for the connections it
    /// opens from now on. Returns `false` for an unknown host.
    pub fn set_host_knob(&mut self, host: HostId, knob: Knob, value: u8) -> bool {
        match self.hosts.get_mut(&host) {
            Some(h) => {
                h.knobs.set(knob, value);
                true
            }
            None => false,
        }
    }

    /// The switches in force on `host`, one `name = value` line each (`sysctl(A)`).
    pub fn knob_listing(&self, host: HostId) -> Option<String> {
        let h = self.hosts.get(&host)?;
        // The config already has the switches applied; applying them again changes nothing.
        Some(h.knobs.listing(Self::offer_of(&self.tcp_config_for(host))))
    }

    /// Sets the profile of `host`; connections opened from now on follow it. Returns
    /// `false` for an unknown host.
    pub fn set_host_profile(&mut self, host: HostId, profile: StackProfile) -> bool {
        match self.hosts.get_mut(&host) {
            Some(h) => {
                h.profile = profile;
                true
            }
            None => false,
        }
    }
}

impl World {
    /// Whether TCP_NODELAY is set on socket `s`.
    pub(crate) fn nodelay_of(&self, s: crate::ids::SocketId) -> bool {
        match self.sockets.get(&s).map(|x| &x.kind) {
            Some(crate::socket::SocketKind::Tcp(t)) => t.nodelay,
            _ => false,
        }
    }

    /// setsockopt(TCP_NODELAY): Nagle's algorithm (RFC 896) off when `on`, for the
    /// connection now and the ones a listener accepts later.
    pub fn set_nodelay(&mut self, s: crate::ids::SocketId, on: bool) -> Result<(), crate::Errno> {
        use crate::socket::SocketKind;
        let result =
            self.owned_sock(s)
                .map(|_| ())
                .and_then(|_| match &mut self.sock_mut(s)?.kind {
                    SocketKind::Tcp(t) => {
                        t.nodelay = on;
                        if let Some(tcb) = t.tcb.as_deref_mut() {
                            tcb.set_nodelay(on);
                        }
                        Ok(())
                    }
                    SocketKind::Udp(_) => Err(crate::Errno::OpNotSupported),
                });
        let host = self.sockets.get(&s).map(|x| x.host);
        self.record(
            host,
            Some(s),
            crate::log::Call::SetNoDelay { on },
            result,
            |_| crate::log::CallValue::None,
        )
    }
}
