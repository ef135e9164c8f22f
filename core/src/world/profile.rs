//! Stack profiles per host (issue 16): the one place the world reads a host's profile,
//! when it creates a connection.

use super::World;
use crate::ids::HostId;
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
        profile.tune(&self.config.tcp)
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
