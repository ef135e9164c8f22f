//! Share links: a whole scenario (with where the viewer stands in time) in a URL
//! fragment, compressed and versioned: `#v1.<deflated JSON in URL-safe base64>`.
//!
//! A link is untrusted input from anyone. Decoding checks the size of the text before
//! anything else, inflates with a hard limit (a few hundred bytes must not expand into
//! gigabytes), then reads the JSON through [`Scenario::from_json`] with its schema and
//! limits. Every failure is a [`ShareError`] that says what was wrong.

use crate::lang::Lang;
use crate::teach::scenario::{Scenario, ScenarioError};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use std::fmt;

/// The prefix that names the link format's version.
pub const PREFIX: &str = "v1.";
/// The longest link text accepted (browsers and chat apps cut URLs long before this).
pub const MAX_LINK: usize = 64 * 1024;
/// The most JSON a link may inflate to: as much as a scenario file may hold.
pub const MAX_JSON: usize = crate::teach::scenario::MAX_JSON_BYTES as usize;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    TooLong { len: u64 },
    Version,
    Encoding,
    Compression,
    TooBig,
    Scenario(ScenarioError),
}

impl fmt::Display for ShareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShareError::TooLong { len } => write!(
                f,
                "the link is {len} characters long; a share link has at most {MAX_LINK}"
            ),
            ShareError::Version => write!(
                f,
                "this is not a Sockscope share link this version can read (they start with #{PREFIX})"
            ),
            ShareError::Encoding => {
                f.write_str("the link is damaged: it has characters a share link never contains")
            }
            ShareError::Compression => {
                f.write_str("the link is damaged or cut short: its data does not unpack")
            }
            ShareError::TooBig => write!(
                f,
                "the link unpacks to more than {} KB, more than any scenario needs",
                MAX_JSON / 1024
            ),
            ShareError::Scenario(e) => write!(f, "the link's scenario is not valid: {e}"),
        }
    }
}

impl ShareError {
    /// What is wrong with the link, in `lang`; the English one is the `Display` text. The
    /// page puts it after its own "This share link could not be opened".
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            ShareError::TooLong { len } => format!(
                "링크가 {len}자입니다. 공유 링크는 최대 {MAX_LINK}자입니다"
            ),
            ShareError::Version => format!(
                "이 버전이 읽을 수 있는 Sockscope 공유 링크가 아닙니다 (공유 링크는 #{PREFIX}로 시작합니다)"
            ),
            ShareError::Encoding => {
                "링크가 손상되었습니다: 공유 링크에는 없는 문자가 들어 있습니다".into()
            }
            ShareError::Compression => {
                "링크가 손상되었거나 잘렸습니다: 데이터의 압축을 풀 수 없습니다".into()
            }
            ShareError::TooBig => format!(
                "링크를 풀면 {}KB가 넘습니다. 어떤 시나리오에도 그만큼은 필요하지 않습니다",
                MAX_JSON / 1024
            ),
            ShareError::Scenario(e) => {
                format!("링크의 시나리오가 올바르지 않습니다: {}", e.message(lang))
            }
        }
    }
}

impl std::error::Error for ShareError {}

/// The fragment text (without `#`) for a scenario, unchecked: prefer [`try_encode`],
/// which refuses what [`decode`] would refuse.
pub fn encode(scenario: &Scenario) -> String {
    let json = serde_json::to_string(scenario).unwrap_or_default();
    pack(&json)
}

fn pack(json: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(packed))
}

/// The fragment text (without `#`) for a scenario, if [`decode`] will read it back: with
/// the same limits (link length, unpacked size, the scenario's own limits), so a link
/// that would be refused when opened is refused here, with the same message.
pub fn try_encode(scenario: &Scenario) -> Result<String, ShareError> {
    let json = serde_json::to_string(scenario).map_err(|_| ShareError::Compression)?;
    if json.len() > MAX_JSON {
        return Err(ShareError::TooBig);
    }
    Scenario::from_json(&json).map_err(ShareError::Scenario)?;
    let link = pack(&json);
    if link.len() > MAX_LINK {
        return Err(ShareError::TooLong {
            len: link.len() as u64,
        });
    }
    Ok(link)
}

/// Reads a link's fragment (with or without the leading `#`).
pub fn decode(fragment: &str) -> Result<Scenario, ShareError> {
    let text = fragment.trim().trim_start_matches('#');
    if text.len() > MAX_LINK {
        return Err(ShareError::TooLong {
            len: text.len() as u64,
        });
    }
    let body = text.strip_prefix(PREFIX).ok_or(ShareError::Version)?;
    let packed = URL_SAFE_NO_PAD
        .decode(body)
        .map_err(|_| ShareError::Encoding)?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON).map_err(
        |e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooBig,
            _ => ShareError::Compression,
        },
    )?;
    let json = String::from_utf8(json).map_err(|_| ShareError::Compression)?;
    Scenario::from_json(&json).map_err(ShareError::Scenario)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn lesson() -> Scenario {
        Scenario::from_json(include_str!("../../../lessons/handshake.json")).unwrap()
    }

    #[test]
    fn a_scenario_round_trips_through_a_short_link() {
        let mut s = lesson();
        s.position_us = Some(1_234_567);
        let link = encode(&s);
        assert!(link.starts_with(PREFIX));
        assert!(
            link.len() < s.to_json().len() / 2,
            "compressed: {}",
            link.len()
        );
        assert!(link
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b)));
        assert_eq!(decode(&format!("#{link}")), Ok(s));
    }

    #[test]
    fn broken_and_hostile_links_say_what_is_wrong() {
        let link = encode(&lesson());
        let err = |t: &str| decode(t).unwrap_err();
        assert_eq!(err("#v9.abc"), ShareError::Version);
        assert_eq!(err("<script>alert(1)</script>"), ShareError::Version);
        assert_eq!(err("v1.a b$c"), ShareError::Encoding);
        // Cut short (at a whole base64 quantum, so only the packing is broken).
        let half = PREFIX.len() + (link.len() - PREFIX.len()) / 8 * 4;
        assert_eq!(err(&link[..half]), ShareError::Compression);
        assert!(matches!(
            err(&"v1.".repeat(MAX_LINK)),
            ShareError::TooLong { .. }
        ));
        // A bomb: a megabyte and more of zeros packs into a short link.
        let bomb = miniz_oxide::deflate::compress_to_vec(&vec![b' '; MAX_JSON + 10], 9);
        let bomb = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bomb));
        assert!(bomb.len() < 10_000);
        assert_eq!(err(&bomb), ShareError::TooBig);
        // Valid packing of JSON that is not a scenario.
        let bad = miniz_oxide::deflate::compress_to_vec(br#"{"version": 1}"#, 9);
        let bad = format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bad));
        assert!(matches!(err(&bad), ShareError::Scenario(_)));
        assert!(err(&bad).to_string().contains("missing field"));
    }
}
