//! Addresses as users type them: `10.0.0.1`, `10.0.0.1:80`, `*:80`.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

/// One end of a conversation: an IPv4 address and a 16-bit port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Endpoint {
    pub addr: Ipv4Addr,
    pub port: u16,
}

impl Endpoint {
    pub const fn new(addr: Ipv4Addr, port: u16) -> Self {
        Endpoint { addr, port }
    }

    /// `0.0.0.0:port`: "every address of this host", as `INADDR_ANY` in C.
    pub const fn any(port: u16) -> Self {
        Endpoint::new(Ipv4Addr::UNSPECIFIED, port)
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.addr, self.port)
    }
}

/// Why a typed address was refused; the message names the part that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AddrParseError {
    /// Not four dot-separated numbers from 0 to 255.
    MalformedAddress(String),
    /// No `:port` where one is needed.
    MissingPort(String),
    /// The port is not a whole number from 0 to 65535.
    BadPort(String),
}

impl fmt::Display for AddrParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddrParseError::MalformedAddress(s) => write!(
                f,
                "\"{s}\" is not an IPv4 address: write four numbers from 0 to 255 separated by dots, like 10.0.0.1"
            ),
            AddrParseError::MissingPort(s) => {
                write!(f, "\"{s}\" has no port: write address:port, like 10.0.0.1:80")
            }
            AddrParseError::BadPort(s) => write!(
                f,
                "\"{s}\" is not a port: a port is a 16-bit number, from 0 to 65535"
            ),
        }
    }
}

impl AddrParseError {
    /// The message in the page's language; the English one is the `Display` text.
    pub fn message(&self, lang: crate::lang::Lang) -> String {
        if lang == crate::lang::Lang::En {
            return self.to_string();
        }
        match self {
            AddrParseError::MalformedAddress(s) => format!(
                "\"{s}\"은(는) IPv4 주소가 아닙니다: 10.0.0.1처럼 0부터 255까지의 숫자 네 개를 점으로 나눠 쓰세요"
            ),
            AddrParseError::MissingPort(s) => {
                format!("\"{s}\"에 포트가 없습니다: 10.0.0.1:80처럼 주소:포트로 쓰세요")
            }
            AddrParseError::BadPort(s) => format!(
                "\"{s}\"은(는) 포트가 아닙니다: 포트는 0부터 65535까지의 16비트 숫자입니다"
            ),
        }
    }
}

impl std::error::Error for AddrParseError {}

/// Parses a dotted-quad address strictly: exactly four decimal parts, no leading `+`, no
/// leading zeros beyond a lone `0` (so `010.0.0.1` is not silently read as octal or decimal).
pub fn parse_ipv4(text: &str) -> Result<Ipv4Addr, AddrParseError> {
    let t = text.trim();
    let bad = || AddrParseError::MalformedAddress(t.to_string());
    let mut octets = [0u8; 4];
    let mut parts = t.split('.');
    for octet in &mut octets {
        let part = parts.next().ok_or_else(bad)?;
        let ok_digits = !part.is_empty()
            && part.len() <= 3
            && part.bytes().all(|b| b.is_ascii_digit())
            && !(part.len() > 1 && part.starts_with('0'));
        if !ok_digits {
            return Err(bad());
        }
        *octet = part.parse::<u8>().map_err(|_| bad())?;
    }
    if parts.next().is_some() {
        return Err(bad());
    }
    Ok(Ipv4Addr::from(octets))
}

/// Parses a port number, 0 to 65535.
pub fn parse_port(text: &str) -> Result<u16, AddrParseError> {
    let t = text.trim();
    if t.is_empty() || t.len() > 5 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AddrParseError::BadPort(t.to_string()));
    }
    t.parse::<u16>()
        .map_err(|_| AddrParseError::BadPort(t.to_string()))
}

impl FromStr for Endpoint {
    type Err = AddrParseError;

    /// `10.0.0.1:80`; `*:80` and `:80` mean `0.0.0.0:80`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let (addr, port) = t
            .rsplit_once(':')
            .ok_or_else(|| AddrParseError::MissingPort(t.to_string()))?;
        let addr = match addr.trim() {
            "" | "*" => Ipv4Addr::UNSPECIFIED,
            a => parse_ipv4(a)?,
        };
        Ok(Endpoint::new(addr, parse_port(port)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn parses_what_people_type() {
        assert_eq!(parse_ipv4("10.0.0.1"), Ok(Ipv4Addr::new(10, 0, 0, 1)));
        assert_eq!(
            parse_ipv4(" 192.168.1.254 "),
            Ok(Ipv4Addr::new(192, 168, 1, 254))
        );
        assert_eq!(
            "10.0.0.1:80".parse::<Endpoint>(),
            Ok(Endpoint::new(Ipv4Addr::new(10, 0, 0, 1), 80))
        );
        assert_eq!("*:8080".parse::<Endpoint>(), Ok(Endpoint::any(8080)));
        assert_eq!(":0".parse::<Endpoint>(), Ok(Endpoint::any(0)));
    }

    #[test]
    fn refuses_malformed_addresses_with_a_reason() {
        for bad in [
            "",
            "10.0.0",
            "10.0.0.1.2",
            "256.0.0.1",
            "10.0.0.-1",
            "a.b.c.d",
            "010.0.0.1",
            "10..0.1",
            "1e1.0.0.1",
            "10.0.0.1 ",
            "+1.0.0.1",
        ] {
            if bad == "10.0.0.1 " {
                assert!(parse_ipv4(bad).is_ok(), "trailing space is trimmed");
                continue;
            }
            let err = parse_ipv4(bad).unwrap_err();
            assert!(matches!(err, AddrParseError::MalformedAddress(_)), "{bad}");
            assert!(err.to_string().contains("IPv4"), "{err}");
        }
    }

    #[test]
    fn refuses_ports_out_of_range() {
        assert_eq!(parse_port("65535"), Ok(65535));
        for bad in ["65536", "-1", "80a", "", "1000000", "0x50"] {
            let err = parse_port(bad).unwrap_err();
            assert!(err.to_string().contains("16-bit"), "{err}");
        }
        assert!(matches!(
            "10.0.0.1".parse::<Endpoint>(),
            Err(AddrParseError::MissingPort(_))
        ));
        assert!(matches!(
            "10.0.0.1:70000".parse::<Endpoint>(),
            Err(AddrParseError::BadPort(_))
        ));
    }
}
