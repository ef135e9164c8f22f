//! Path settings as words: the one table of keys that the console (`delay=20ms`), the
//! scenario files (`"delay_ms": 20`) and the printed console lines all read and write,
//! so a setting one of them knows, the others know too.

use super::PathSettings;
use crate::time::Duration;

/// What a key's value measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A time, written `20ms`, `250us` or `2s` (milliseconds in a scenario file).
    Time,
    /// A chance, written `5%` (percent in a scenario file), kept in parts per million.
    Chance,
}

/// One setting: its console key, its unit and where it lives in [`PathSettings`].
pub struct PathKey {
    pub key: &'static str,
    pub unit: Unit,
    get: fn(&PathSettings) -> u64,
    set: fn(&mut PathSettings, u64),
}

/// Every path setting, in the order they are printed.
pub const PATH_KEYS: [PathKey; 7] = [
    PathKey {
        key: "delay",
        unit: Unit::Time,
        get: |s| s.delay.micros(),
        set: |s, v| s.delay = Duration(v),
    },
    PathKey {
        key: "jitter",
        unit: Unit::Time,
        get: |s| s.jitter.micros(),
        set: |s, v| s.jitter = Duration(v),
    },
    PathKey {
        key: "reorder_by",
        unit: Unit::Time,
        get: |s| s.reorder_extra.micros(),
        set: |s, v| s.reorder_extra = Duration(v),
    },
    PathKey {
        key: "loss",
        unit: Unit::Chance,
        get: |s| s.loss_ppm.into(),
        set: |s, v| s.loss_ppm = v as u32,
    },
    PathKey {
        key: "duplicate",
        unit: Unit::Chance,
        get: |s| s.duplicate_ppm.into(),
        set: |s, v| s.duplicate_ppm = v as u32,
    },
    PathKey {
        key: "reorder",
        unit: Unit::Chance,
        get: |s| s.reorder_ppm.into(),
        set: |s, v| s.reorder_ppm = v as u32,
    },
    PathKey {
        key: "corrupt",
        unit: Unit::Chance,
        get: |s| s.corrupt_ppm.into(),
        set: |s, v| s.corrupt_ppm = v as u32,
    },
];

/// The longest time a setting takes: an hour, in microseconds.
pub const MAX_TIME_US: u64 = 3_600_000_000;

/// A number of microseconds, exact to the microsecond, if it is from 0 to an hour.
fn micros(us: f64) -> Option<u64> {
    (us.is_finite() && (0.0..=MAX_TIME_US as f64).contains(&us)).then(|| us.round() as u64)
}

/// "20ms", "1.5ms", "250us", "2s" (a bare number is milliseconds) → a duration.
pub fn parse_time(text: &str) -> Result<Duration, String> {
    let (num, scale) = if let Some(n) = text.strip_suffix("ms") {
        (n, 1_000.0)
    } else if let Some(n) = text.strip_suffix("us") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1_000_000.0)
    } else {
        (text, 1_000.0)
    };
    num.parse::<f64>()
        .ok()
        .and_then(|v| micros(v * scale))
        .map(Duration)
        .ok_or_else(|| format!("\"{text}\" is not a time like 20ms (at most an hour)"))
}

/// A duration as the console writes it: whole milliseconds, else microseconds.
pub fn time_text(d: Duration) -> String {
    let us = d.micros();
    if us % 1000 == 0 {
        format!("{}ms", us / 1000)
    } else {
        format!("{us}us")
    }
}

/// A chance in percent as parts per million, if it is from 0 to 100 %.
fn ppm(pct: f64) -> Option<u64> {
    (pct.is_finite() && (0.0..=100.0).contains(&pct)).then(|| (pct * 10_000.0).round() as u64)
}

impl Unit {
    /// The suffix of the key's field in a scenario file: `delay` is `delay_ms`, `loss` is
    /// `loss_pct`.
    pub fn file_suffix(self) -> &'static str {
        match self {
            Unit::Time => "_ms",
            Unit::Chance => "_pct",
        }
    }

    /// A scenario file's number (milliseconds or percent) as the stored value
    /// (microseconds or parts per million).
    fn read_number(self, v: f64) -> Result<u64, String> {
        match self {
            Unit::Time => micros(v * 1000.0)
                .ok_or_else(|| format!("{v} ms is not a delay from 0 to one hour")),
            Unit::Chance => ppm(v).ok_or_else(|| format!("{v} is not a percentage from 0 to 100")),
        }
    }

    /// The console's text (`20ms`, `5%`) as the stored value.
    fn parse(self, text: &str) -> Result<u64, String> {
        match self {
            Unit::Time => parse_time(text).map(Duration::micros),
            Unit::Chance => text
                .trim_end_matches('%')
                .parse::<f64>()
                .ok()
                .and_then(ppm)
                .ok_or_else(|| format!("\"{text}\" is not a percentage from 0% to 100%")),
        }
    }

    /// The stored value as the console writes it; [`Unit::parse`] reads it back.
    fn text(self, v: u64) -> String {
        match self {
            Unit::Time => time_text(Duration(v)),
            Unit::Chance => {
                let s = format!("{:.4}", v as f64 / 10_000.0);
                let s = s.trim_end_matches('0').trim_end_matches('.');
                format!("{s}%")
            }
        }
    }
}

fn key(name: &str) -> Result<&'static PathKey, String> {
    PATH_KEYS.iter().find(|k| k.key == name).ok_or_else(|| {
        let all: Vec<_> = PATH_KEYS.iter().map(|k| k.key).collect();
        format!("unknown setting {name}: use {}", all.join(", "))
    })
}

impl PathSettings {
    /// Sets one `key=value` as the console writes it: `delay=20ms`, `loss=5%`.
    pub fn set_text(&mut self, kv: &str) -> Result<(), String> {
        let Some((name, v)) = kv.split_once('=') else {
            return Err(format!("expected a setting like delay=20ms, not \"{kv}\""));
        };
        let k = key(name)?;
        (k.set)(self, k.unit.parse(v)?);
        Ok(())
    }

    /// Sets one key from a scenario file's number: milliseconds for a time, percent for a
    /// chance (`"delay_ms": 20`, `"loss_pct": 5`).
    pub fn set_number(&mut self, name: &str, v: f64) -> Result<(), String> {
        let k = key(name)?;
        (k.set)(self, k.unit.read_number(v)?);
        Ok(())
    }

    /// The settings that differ from the defaults, as `key=value` words that
    /// [`PathSettings::set_text`] reads back to the same settings.
    pub fn key_values(&self) -> Vec<String> {
        let d = PathSettings::default();
        PATH_KEYS
            .iter()
            .filter(|k| (k.get)(self) != (k.get)(&d))
            .map(|k| format!("{}={}", k.key, k.unit.text((k.get)(self))))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_key_reads_back_what_it_prints() {
        let mut s = PathSettings::default();
        for kv in [
            "delay=1.5ms",
            "jitter=250us",
            "reorder_by=2s",
            "loss=0.0001%",
            "duplicate=3%",
            "reorder=12.5%",
            "corrupt=100%",
        ] {
            s.set_text(kv).unwrap();
        }
        assert_eq!(
            s.key_values().join(", "),
            "delay=1500us, jitter=250us, reorder_by=2000ms, loss=0.0001%, duplicate=3%, reorder=12.5%, corrupt=100%"
        );
        let mut back = PathSettings::default();
        for kv in s.key_values() {
            back.set_text(&kv).unwrap();
        }
        assert_eq!(back, s);
        // The file's numbers land on the same settings.
        let mut file = PathSettings::default();
        for (k, v) in [("delay", 1.5), ("jitter", 0.25), ("reorder_by", 2000.0)] {
            file.set_number(k, v).unwrap();
        }
        for (k, v) in [
            ("loss", 0.0001),
            ("duplicate", 3.0),
            ("reorder", 12.5),
            ("corrupt", 100.0),
        ] {
            file.set_number(k, v).unwrap();
        }
        assert_eq!(file, s);
        assert!(s.set_text("speed=9").unwrap_err().contains("reorder_by"));
        assert!(s
            .set_number("loss", 140.0)
            .unwrap_err()
            .contains("percentage"));
        assert!(s.set_text("delay=2h").is_err());
    }
}
