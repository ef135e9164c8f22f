//! An IPv4 prefix, `10.0.1.0/24`: a network address and how many of its leading bits name
//! the network (RFC 4632 §3.1, CIDR notation).

use std::fmt;
use std::net::Ipv4Addr;

/// A network: `addr` with every bit past the first `len` zero.
///
/// The fields are private so that invariant holds: [`Prefix::new`] and [`Prefix::parse`]
/// refuse host bits, [`Prefix::containing`] clears them. Ordered by address, then length,
/// so the default route 0.0.0.0/0 comes first. Serialized as its text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct Prefix {
    addr: Ipv4Addr,
    len: u8,
}

/// Why text or numbers are not a prefix.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum PrefixError {
    /// Not `address/length` at all.
    Malformed { input: String, reason: String },
    /// A length past 32 bits.
    LenTooLong { input: String, len: String },
    /// Bits set past the length: `10.0.1.5/24` names a host, not a network.
    HostBitsSet { input: String, network: Prefix },
}

impl fmt::Display for PrefixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrefixError::Malformed { input, reason } => write!(
                f,
                "'{input}' is not a prefix: {reason} (write it like 10.0.1.0/24)"
            ),
            PrefixError::LenTooLong { input, len } => write!(
                f,
                "'{input}' is not a prefix: the length {len} is more than the 32 bits of an \
                 IPv4 address"
            ),
            PrefixError::HostBitsSet { input, network } => write!(
                f,
                "'{input}' has host bits set: the /{} network containing it is {network}",
                network.prefix_len()
            ),
        }
    }
}

impl std::error::Error for PrefixError {}

impl Prefix {
    /// 0.0.0.0/0, which every address matches: the default route's.
    pub const DEFAULT: Prefix = Prefix {
        addr: Ipv4Addr::UNSPECIFIED,
        len: 0,
    };

    /// The prefix `addr/len`, refusing a length over 32 or host bits set.
    pub fn new(addr: Ipv4Addr, len: u8) -> Result<Prefix, PrefixError> {
        let input = format!("{addr}/{len}");
        if len > 32 {
            return Err(PrefixError::LenTooLong {
                input,
                len: len.to_string(),
            });
        }
        let network = Prefix::containing(addr, len);
        if network.addr != addr {
            return Err(PrefixError::HostBitsSet { input, network });
        }
        Ok(network)
    }

    /// The `/len` network that holds `addr` (host bits cleared), e.g. 10.0.1.0/24 for
    /// 10.0.1.5 and 24. A `len` over 32 is taken as 32.
    pub fn containing(addr: Ipv4Addr, len: u8) -> Prefix {
        let len = len.min(32);
        Prefix {
            addr: Ipv4Addr::from(u32::from(addr) & mask_bits(len)),
            len,
        }
    }

    /// Parses `a.b.c.d/len`.
    pub fn parse(s: &str) -> Result<Prefix, PrefixError> {
        let malformed = |reason: &str| PrefixError::Malformed {
            input: s.to_string(),
            reason: reason.to_string(),
        };
        let (addr, len) = s
            .split_once('/')
            .ok_or_else(|| malformed("it has no '/' before the prefix length"))?;
        let addr: Ipv4Addr = addr
            .parse()
            .map_err(|_| malformed("the part before '/' is not an IPv4 address"))?;
        if len.is_empty() || !len.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed("the length after '/' is not a number"));
        }
        let too_long = || PrefixError::LenTooLong {
            input: s.to_string(),
            len: len.to_string(),
        };
        let n: u8 = len.parse().map_err(|_| too_long())?;
        if n > 32 {
            return Err(too_long());
        }
        Prefix::new(addr, n).map_err(|e| match e {
            PrefixError::HostBitsSet { network, .. } => PrefixError::HostBitsSet {
                input: s.to_string(),
                network,
            },
            other => other,
        })
    }

    pub fn addr(self) -> Ipv4Addr {
        self.addr
    }

    pub fn prefix_len(self) -> u8 {
        self.len
    }

    /// The netmask, e.g. 255.255.255.0 for /24.
    pub fn mask(self) -> Ipv4Addr {
        Ipv4Addr::from(mask_bits(self.len))
    }

    /// The subnet's broadcast address: every host bit set.
    pub fn broadcast(self) -> Ipv4Addr {
        Ipv4Addr::from(u32::from(self.addr) | !mask_bits(self.len))
    }

    pub fn contains(self, addr: Ipv4Addr) -> bool {
        u32::from(addr) & mask_bits(self.len) == u32::from(self.addr)
    }

    /// Whether some address is in both; for prefixes, one then contains the other.
    pub fn overlaps(self, other: Prefix) -> bool {
        self.contains(other.addr) || other.contains(self.addr)
    }
}

/// The top `len` bits set (`len` at most 32).
fn mask_bits(len: u8) -> u32 {
    u32::MAX
        .checked_shl(32 - u32::from(len.min(32)))
        .unwrap_or(0)
}

impl fmt::Display for Prefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.len)
    }
}

impl TryFrom<String> for Prefix {
    type Error = PrefixError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Prefix::parse(&s)
    }
}

impl From<Prefix> for String {
    fn from(p: Prefix) -> String {
        p.to_string()
    }
}
