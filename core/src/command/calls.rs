//! The console's vocabulary: one table of calls (name, the other names it answers to,
//! how many arguments it takes and how it is used). The parser finds calls here, checks
//! their arguments against it, and builds its "unknown call" help (with a did-you-mean)
//! and its usage messages from it, so a call added here is known everywhere at once.

/// One call of the console language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallSpec {
    /// The name the console prints.
    pub name: &'static str,
    /// Other names it reads (`write` for `send`, the BSD constant spellings).
    pub aliases: &'static [&'static str],
    pub min_args: u8,
    /// `None` for any number (path settings).
    pub max_args: Option<u8>,
    /// What the arguments are, in words.
    pub takes: &'static str,
    /// A line that works.
    pub example: &'static str,
}

/// In the table: any number of arguments.
const ANY: u8 = u8::MAX;

const fn call(
    name: &'static str,
    aliases: &'static [&'static str],
    (min_args, max_args): (u8, u8),
    takes: &'static str,
    example: &'static str,
) -> CallSpec {
    CallSpec {
        name,
        aliases,
        min_args,
        max_args: if max_args == ANY {
            None
        } else {
            Some(max_args)
        },
        takes,
        example,
    }
}

/// Every call, the host's socket calls first, then the stage's.
pub const CALLS: &[CallSpec] = &[
    call(
        "socket",
        &[],
        (1, 1),
        "one argument: tcp or udp",
        "socket(tcp)",
    ),
    call(
        "bind",
        &[],
        (2, 2),
        "a socket and an address",
        "bind(s, 10.0.0.1:80)",
    ),
    call(
        "listen",
        &[],
        (1, 2),
        "a socket and an optional backlog",
        "listen(s, 5)",
    ),
    call("accept", &[], (1, 1), "one listening socket", "accept(s)"),
    call(
        "connect",
        &[],
        (2, 2),
        "a socket and an address",
        "connect(c, 10.0.0.1:80)",
    ),
    call(
        "send",
        &["write"],
        (2, 2),
        "a socket and a string or a byte count",
        "send(c, \"hello\")",
    ),
    call(
        "recv",
        &["read"],
        (1, 2),
        "a socket and an optional byte count",
        "recv(t, 100)",
    ),
    call(
        "sendto",
        &[],
        (3, 3),
        "a socket, a string and an address",
        "sendto(u, \"hi\", 10.0.0.2:53)",
    ),
    call(
        "recvfrom",
        &[],
        (1, 2),
        "a socket and an optional byte count",
        "recvfrom(u)",
    ),
    call(
        "shutdown",
        &[],
        (2, 2),
        "a socket and read, write or both",
        "shutdown(c, write)",
    ),
    call("close", &[], (1, 1), "one socket", "close(c)"),
    call("getsockname", &[], (1, 1), "one socket", "getsockname(s)"),
    call("getpeername", &[], (1, 1), "one socket", "getpeername(c)"),
    call("abort", &[], (1, 1), "one socket", "abort(c)"),
    call(
        "reuseaddr",
        &["setreuseaddr"],
        (2, 2),
        "a socket and on or off",
        "reuseaddr(s, on)",
    ),
    call("ping", &[], (1, 1), "an address", "ping(10.0.0.2)"),
    call(
        "spawn",
        &[],
        (2, 2),
        "a name and an address",
        "spawn(C, 10.0.0.3)",
    ),
    call("remove", &[], (1, 1), "a host name", "remove(C)"),
    call(
        "path",
        &[],
        (2, ANY),
        "two hosts and settings (one way)",
        "path(A, B, delay=20ms, loss=5%)",
    ),
    call(
        "link",
        &[],
        (2, ANY),
        "two hosts and settings (both ways)",
        "link(A, B, delay=20ms)",
    ),
    call(
        "packet",
        &[],
        (2, 2),
        "a packet number and drop, hold, release, duplicate or delay=200ms",
        "packet(17, drop)",
    ),
];

impl CallSpec {
    /// Whether `n` arguments suit the call.
    pub fn takes_args(&self, n: usize) -> bool {
        n >= usize::from(self.min_args) && self.max_args.is_none_or(|m| n <= usize::from(m))
    }
}

/// The call a name (or alias) stands for.
pub fn find(name: &str) -> Option<&'static CallSpec> {
    CALLS
        .iter()
        .find(|c| c.name == name || c.aliases.contains(&name))
}

/// Edit distance (insertions, deletions, substitutions), over at most a call name's
/// length of `name`: a typo's cost, bounded however long the typed word is.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(b.len() + 3).collect();
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != cb)).min(row[j] + 1).min(here + 1);
            prev = here;
        }
    }
    row[b.len()]
}

/// The call a mistyped name most likely meant, if one is close (at most two edits, or a
/// different case).
pub fn suggest(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    CALLS
        .iter()
        .flat_map(|c| {
            std::iter::once(c.name)
                .chain(c.aliases.iter().copied())
                .map(move |n| (n, c.name))
        })
        .map(|(n, canonical)| (distance(&lower, n), canonical))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// The message for a call the console does not know.
pub fn unknown(name: &str) -> String {
    let all: Vec<&str> = CALLS.iter().map(|c| c.name).collect();
    let hint = suggest(name).map_or(String::new(), |s| format!("did you mean {s}? "));
    format!(
        "unknown call \"{name}\": {hint}the calls are {}",
        all.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn typos_get_a_suggestion_and_strangers_do_not() {
        assert_eq!(suggest("conect"), Some("connect"));
        assert_eq!(suggest("SEND"), Some("send"));
        assert_eq!(suggest("rcv"), Some("recv"));
        assert_eq!(suggest("wirte"), Some("send"));
        assert_eq!(suggest("frobnicate"), None);
        assert!(unknown("lisen").contains("did you mean listen?"));
        assert!(!unknown("zzz").contains("did you mean"));
    }

    #[test]
    fn every_example_names_its_own_call() {
        for c in CALLS {
            assert!(c.example.starts_with(&format!("{}(", c.name)), "{c:?}");
            assert!(c.max_args.is_none_or(|m| c.min_args <= m), "{c:?}");
            for other in CALLS.iter().filter(|o| o.name != c.name) {
                assert!(
                    !other.aliases.contains(&c.name),
                    "{} is also an alias",
                    c.name
                );
            }
        }
    }
}
