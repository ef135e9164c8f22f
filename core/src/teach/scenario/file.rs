//! Scenarios as files: the stock ones, JSON in and out, the hosts' drawn places.

use super::{HostSpec, Scenario, ScenarioError, MAX_JSON_BYTES, VERSION};

impl Scenario {
    /// No hosts and nothing to do: where a broken share link leaves the playground.
    pub fn empty() -> Scenario {
        Scenario {
            version: VERSION,
            title: None,
            seed: 1,
            hosts: Vec::new(),
            paths: Vec::new(),
            faults: Vec::new(),
            steps: Vec::new(),
            until_ms: 0,
            msl_ms: None,
            delayed_ack: None,
            mss: None,
            recv_buffer: None,
            send_buffer: None,
            lesson: None,
            position_us: None,
        }
    }

    /// Two hosts on one segment, A and B: the playground's first page.
    pub fn two_hosts() -> Scenario {
        let host = |name: &str, addr: &str| HostSpec {
            name: name.into(),
            addr: addr.into(),
            x: None,
            y: None,
            profile: Default::default(),
        };
        Scenario {
            hosts: vec![host("A", "10.0.0.1"), host("B", "10.0.0.2")],
            ..Scenario::empty()
        }
    }

    /// Reads a scenario from JSON, checking the version and the limits.
    /// A UTF-8 byte order mark, which some editors write, is skipped.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        if text.len() as u64 > MAX_JSON_BYTES {
            return Err(ScenarioError::TooBig {
                len: text.len() as u64,
                limit: MAX_JSON_BYTES,
            });
        }
        let s: Scenario =
            serde_json::from_str(text).map_err(|e| ScenarioError::Json(e.to_string()))?;
        s.check()?;
        Ok(s)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Where the hosts are drawn, for those the scenario places.
    pub fn layout(&self) -> Vec<(String, (i32, i32))> {
        self.hosts
            .iter()
            .filter_map(|h| Some((h.name.clone(), (h.x?, h.y?))))
            .collect()
    }
}
