//! Reading console lines: a lexer that takes each character once, then the table of
//! calls ([`super::calls`]) to find the call and check its arguments.

use super::calls::{self, CallSpec};
use super::{Command, CommandError, Op, PacketAction, SockRef, DEFAULT_RECV, MAX_SEND_N};
use crate::call::{parse_protocol, parse_shutdown, parse_switch, CallName};
use crate::endpoint::{parse_ipv4, Endpoint};
use crate::network::{parse_time, PacketId, PathSettings};

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Str(Vec<u8>),
    Punct(char),
}

/// Reads a line once, front to back: each character is looked at a bounded number of
/// times (columns are counted as it goes, not recounted from the start for each token), so
/// the work is linear in the line's length. A share link can carry a megabyte-long line.
struct Lexer<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    /// The column (in characters, from 0) of the next character.
    col: usize,
    /// Characters taken so far: the lexer's work, which the tests bound.
    work: u64,
}

/// A parse error at a column, said in English and in Korean (the page shows the one of
/// its language; `Display` gives the English).
fn err(col: usize, message: impl Into<String>, ko: impl Into<String>) -> CommandError {
    CommandError::Parse {
        column: u32::try_from(col).unwrap_or(u32::MAX).saturating_add(1),
        message: message.into(),
        ko: ko.into(),
    }
}

/// A name the table of calls does not know, with a did-you-mean in both languages.
fn unknown(name: &str) -> CommandError {
    err(
        0,
        calls::unknown(name, crate::lang::Lang::En),
        calls::unknown(name, crate::lang::Lang::Ko),
    )
}

fn is_punct(c: char) -> bool {
    matches!(c, ':' | '=' | '(' | ')' | ',')
}

impl<'a> Lexer<'a> {
    fn next(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        self.col += 1;
        self.work += 1;
        Some(c)
    }

    /// The tokens of a line with their columns, and the work it took.
    fn tokens(text: &'a str) -> (Result<Vec<(usize, Token)>, CommandError>, u64) {
        let mut lx = Lexer {
            chars: text.chars().peekable(),
            col: 0,
            work: 0,
        };
        let out = lx.all();
        (out, lx.work)
    }

    fn all(&mut self) -> Result<Vec<(usize, Token)>, CommandError> {
        let mut out = Vec::new();
        while let Some(&c) = self.chars.peek() {
            let col = self.col;
            if c.is_whitespace() {
                self.next();
            } else if c == '"' {
                self.next();
                out.push((col, Token::Str(self.string(col)?)));
            } else if is_punct(c) {
                self.next();
                out.push((col, Token::Punct(c)));
            } else {
                out.push((col, Token::Word(self.word())));
            }
        }
        Ok(out)
    }

    /// A word runs to the next space or punctuation, except that a colon inside an
    /// address (10.0.0.1:80, *:80) belongs to it.
    fn word(&mut self) -> String {
        let mut w = String::new();
        let mut dotted = false;
        while let Some(&c) = self.chars.peek() {
            let in_addr = c == ':' && (dotted || w == "*");
            if c.is_whitespace() || c == '"' || (is_punct(c) && !in_addr) {
                break;
            }
            dotted |= c == '.';
            w.push(c);
            self.next();
        }
        w
    }

    fn string(&mut self, start: usize) -> Result<Vec<u8>, CommandError> {
        let mut out = Vec::new();
        loop {
            let Some(c) = self.next() else {
                return Err(err(
                    start,
                    "this string has no closing \"",
                    "이 문자열을 닫는 \"가 없습니다",
                ));
            };
            match c {
                '"' => return Ok(out),
                '\\' => {
                    let Some(e) = self.next() else {
                        return Err(err(
                            start,
                            "this string ends in the middle of an escape",
                            "이 문자열이 이스케이프 도중에 끝납니다",
                        ));
                    };
                    match e {
                        'n' => out.push(b'\n'),
                        't' => out.push(b'\t'),
                        'r' => out.push(b'\r'),
                        '0' => out.push(0),
                        '"' => out.push(b'"'),
                        '\\' => out.push(b'\\'),
                        'x' => {
                            let hex: String = (0..2).filter_map(|_| self.next()).collect();
                            let b = u8::from_str_radix(&hex, 16).map_err(|_| {
                                err(
                                    start,
                                    format!("\\x needs two hex digits, not \"{hex}\""),
                                    format!("\\x 뒤에는 16진수 두 자리가 와야 합니다 (\"{hex}\"가 아니라)"),
                                )
                            })?;
                            out.push(b);
                        }
                        other => {
                            return Err(err(
                                start,
                                format!(
                                    "unknown escape \\{other}: use \\n, \\t, \\\", \\\\ or \\xNN"
                                ),
                                format!(
                                    "알 수 없는 이스케이프 \\{other}: \\n, \\t, \\\", \\\\ 또는 \\xNN을 쓰세요"
                                ),
                            ))
                        }
                    }
                }
                c => {
                    let mut buf = [0u8; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
            }
        }
    }
}

fn is_ident(w: &str) -> bool {
    let mut cs = w.chars();
    cs.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && cs.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

impl std::str::FromStr for Command {
    type Err = CommandError;

    fn from_str(line: &str) -> Result<Self, Self::Err> {
        Command::parse_counted(line).0
    }
}

impl Command {
    /// Parses a line and says how much work the lexer did (characters taken), for the
    /// tests that bound it: the work is linear in the line's length, whatever it holds.
    pub fn parse_counted(line: &str) -> (Result<Command, CommandError>, u64) {
        let (toks, work) = Lexer::tokens(line);
        (toks.and_then(|t| parse_tokens(line, &t)), work)
    }
}

fn parse_tokens(line: &str, toks: &[(usize, Token)]) -> Result<Command, CommandError> {
    let end = line.chars().count();
    let mut i = 0;
    let word_at = |i: usize| match toks.get(i) {
        Some((_, Token::Word(w))) => Some(w.clone()),
        _ => None,
    };
    let punct_at = |i: usize, p: char| matches!(toks.get(i), Some((_, Token::Punct(c))) if *c == p);
    let mut host = None;
    if let (Some(w), true) = (word_at(0), punct_at(1, ':')) {
        // Only a name prints back as the same line: `.: x` would read as an address.
        if !w
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            return Err(err(
                toks[0].0,
                format!("\"{w}\" is not a host name: use letters, digits, - and _"),
                format!("\"{w}\"은(는) 호스트 이름이 아닙니다: 글자, 숫자, -, _를 쓰세요"),
            ));
        }
        host = Some(w);
        i = 2;
    }
    let mut assign = None;
    if let (Some(w), true) = (word_at(i), punct_at(i + 1, '=')) {
        if !is_ident(&w) {
            return Err(err(
                toks[i].0,
                format!("\"{w}\" cannot name a socket: use letters, digits and _"),
                format!("\"{w}\"은(는) 소켓 이름이 될 수 없습니다: 글자, 숫자, _를 쓰세요"),
            ));
        }
        assign = Some(w);
        i += 2;
    }
    let col = |i: usize| toks.get(i).map_or(end, |t| t.0);
    let Some(name) = word_at(i) else {
        return Err(err(
            col(i),
            "expected a call such as socket(tcp), bind(s, 10.0.0.1:80) or connect(c, 10.0.0.1:80)",
            "socket(tcp), bind(s, 10.0.0.1:80), connect(c, 10.0.0.1:80) 같은 호출이 와야 합니다",
        ));
    };
    if !punct_at(i + 1, '(') {
        return Err(err(
            col(i + 1),
            format!("expected \"(\" after {name}"),
            format!("{name} 뒤에 \"(\"가 와야 합니다"),
        ));
    }
    i += 2;
    let spaced = calls::find(&name).is_some_and(|c| c.call == CallName::Route);
    let mut args: Vec<(usize, Token)> = Vec::new();
    if !punct_at(i, ')') {
        loop {
            match toks.get(i) {
                // `key=value`, as the stage commands take their settings.
                Some((c, Token::Word(k))) if punct_at(i + 1, '=') => match toks.get(i + 2) {
                    Some((_, Token::Word(v))) => {
                        args.push((*c, Token::Word(format!("{k}={v}"))));
                        i += 2;
                    }
                    _ => {
                        return Err(err(
                            col(i + 2),
                            format!("expected a value after {k}="),
                            format!("{k}= 뒤에 값이 와야 합니다"),
                        ))
                    }
                },
                // `route(R1, add 10.0.2.0/24 via 10.0.12.2)`: the words up to the next
                // comma are one argument.
                Some((c, Token::Word(w))) if spaced => {
                    let mut arg = w.clone();
                    while let Some((_, Token::Word(more))) = toks.get(i + 1) {
                        arg.push(' ');
                        arg.push_str(more);
                        i += 1;
                    }
                    args.push((*c, Token::Word(arg)));
                }
                Some((c, t @ (Token::Word(_) | Token::Str(_)))) => args.push((*c, t.clone())),
                _ => return Err(err(col(i), "expected an argument", "인자가 와야 합니다")),
            }
            i += 1;
            if punct_at(i, ',') {
                i += 1;
            } else if punct_at(i, ')') {
                break;
            } else {
                return Err(err(
                    col(i),
                    "expected \",\" or \")\"",
                    "\",\" 또는 \")\"가 와야 합니다",
                ));
            }
        }
    }
    i += 1;
    if i < toks.len() {
        return Err(err(
            col(i),
            "unexpected text after the closing \")\"",
            "닫는 \")\" 뒤에 필요 없는 글이 있습니다",
        ));
    }
    let op = parse_op(&name, &args, col(i.saturating_sub(1)))?;
    Ok(Command { host, assign, op })
}

fn parse_op(name: &str, args: &[(usize, Token)], close: usize) -> Result<Op, CommandError> {
    let Some(spec) = calls::find(name) else {
        return Err(unknown(name));
    };
    if !spec.takes_args(args.len()) {
        let CallSpec {
            takes,
            takes_ko,
            example,
            ..
        } = spec;
        return Err(err(
            close,
            format!("{name} takes {takes}, like {example}"),
            format!("{name}의 인자는 {takes_ko}입니다. 예: {example}"),
        ));
    }
    let word = |k: usize| -> Result<(usize, &str), CommandError> {
        match args.get(k) {
            Some((c, Token::Word(w))) => Ok((*c, w.as_str())),
            Some((c, _)) => Err(err(
                *c,
                "expected a name or number here, not a string",
                "여기에는 문자열이 아니라 이름이나 숫자가 와야 합니다",
            )),
            None => Err(err(close, "missing argument", "인자가 빠졌습니다")),
        }
    };
    let sock = |k: usize| -> Result<SockRef, CommandError> {
        let (c, w) = word(k)?;
        if let Some(n) = w.strip_prefix('#') {
            return n.parse().map(SockRef::Id).map_err(|_| {
                err(
                    c,
                    format!("\"{w}\" is not a socket number"),
                    format!("\"{w}\"은(는) 소켓 번호가 아닙니다"),
                )
            });
        }
        if is_ident(w) {
            Ok(SockRef::Var(w.to_string()))
        } else {
            Err(err(
                c,
                format!("\"{w}\" is not a socket name"),
                format!("\"{w}\"은(는) 소켓 이름이 아닙니다"),
            ))
        }
    };
    let endpoint = |k: usize| -> Result<Endpoint, CommandError> {
        let (_, w) = word(k)?;
        w.parse().map_err(CommandError::Address)
    };
    let data = |k: usize| -> Result<Vec<u8>, CommandError> {
        match args.get(k) {
            Some((_, Token::Str(s))) => Ok(s.clone()),
            Some((c, _)) => Err(err(
                *c,
                "expected a string in double quotes, like \"hello\"",
                "\"hello\"처럼 큰따옴표로 감싼 문자열이 와야 합니다",
            )),
            None => Err(err(
                close,
                "missing the data to send, like \"hello\"",
                "보낼 데이터가 빠졌습니다. 예: \"hello\"",
            )),
        }
    };
    let number = |k: usize, default: u32| -> Result<u32, CommandError> {
        match args.get(k) {
            None => Ok(default),
            Some(_) => {
                let (c, w) = word(k)?;
                w.parse().map_err(|_| {
                    err(
                        c,
                        format!("\"{w}\" is not a whole number"),
                        format!("\"{w}\"은(는) 자연수가 아닙니다"),
                    )
                })
            }
        }
    };
    Ok(match spec.call {
        CallName::Socket => {
            let (c, p) = word(0)?;
            let protocol = match parse_protocol(p) {
                Some(p) => p,
                None => {
                    return Err(err(
                        c,
                        format!("\"{p}\" is not a protocol: use tcp or udp"),
                        format!("\"{p}\"은(는) 프로토콜이 아닙니다: tcp 또는 udp를 쓰세요"),
                    ))
                }
            };
            Op::Socket { protocol }
        }
        CallName::Bind => Op::Bind {
            sock: sock(0)?,
            local: endpoint(1)?,
        },
        CallName::Listen => Op::Listen {
            sock: sock(0)?,
            backlog: number(1, 128)?,
        },
        CallName::Accept => Op::Accept { sock: sock(0)? },
        CallName::Connect => Op::Connect {
            sock: sock(0)?,
            remote: endpoint(1)?,
        },
        CallName::Send => match args.get(1) {
            Some((_, Token::Word(w))) if w.bytes().all(|b| b.is_ascii_digit()) => Op::SendN {
                sock: sock(0)?,
                len: number(1, 0)?.min(MAX_SEND_N),
            },
            _ => Op::Send {
                sock: sock(0)?,
                data: data(1)?,
            },
        },
        CallName::Recv => Op::Recv {
            sock: sock(0)?,
            max: number(1, DEFAULT_RECV)?,
        },
        CallName::SendTo => Op::SendTo {
            sock: sock(0)?,
            data: data(1)?,
            remote: endpoint(2)?,
        },
        CallName::RecvFrom => Op::RecvFrom {
            sock: sock(0)?,
            max: number(1, DEFAULT_RECV)?,
        },
        CallName::Shutdown => {
            let (c, h) = word(1)?;
            let how = match parse_shutdown(h) {
                Some(how) => how,
                None => {
                    return Err(err(
                        c,
                        format!("\"{h}\": use read, write or both"),
                        format!("\"{h}\": read, write, both 중 하나를 쓰세요"),
                    ))
                }
            };
            Op::Shutdown {
                sock: sock(0)?,
                how,
            }
        }
        CallName::Close => Op::Close { sock: sock(0)? },
        CallName::GetSockName => Op::GetSockName { sock: sock(0)? },
        CallName::GetPeerName => Op::GetPeerName { sock: sock(0)? },
        CallName::Abort => Op::Abort { sock: sock(0)? },
        CallName::ReuseAddr => {
            let (c, v) = word(1)?;
            let on = match parse_switch(v) {
                Some(on) => on,
                None => return Err(err(c, "use on or off", "on 또는 off를 쓰세요")),
            };
            Op::ReuseAddr { sock: sock(0)?, on }
        }
        CallName::NoDelay => {
            let (c, v) = word(1)?;
            let on = match parse_switch(v) {
                Some(on) => on,
                None => return Err(err(c, "use on or off", "on 또는 off를 쓰세요")),
            };
            Op::NoDelay { sock: sock(0)?, on }
        }
        CallName::Profile => {
            let (c, v) = word(1)?;
            let Some(profile) = crate::tcp::StackProfile::from_name(v) else {
                return Err(err(
                    c,
                    format!("\"{v}\": use rfc, linux or freebsd"),
                    format!("\"{v}\": rfc, linux, freebsd 중 하나를 쓰세요"),
                ));
            };
            Op::Profile {
                name: word(0)?.1.to_string(),
                profile,
            }
        }
        CallName::Sysctl => Op::Sysctl {
            name: word(0)?.1.to_string(),
            set: match args.get(1) {
                None => None,
                Some(_) => Some(sysctl_setting(word(1)?)?),
            },
        },
        CallName::Ping => {
            let (_, a) = word(0)?;
            Op::Ping {
                dst: parse_ipv4(a).map_err(CommandError::Address)?,
            }
        }
        CallName::Spawn => {
            let (_, a) = word(1)?;
            Op::Spawn {
                name: word(0)?.1.to_string(),
                addr: parse_ipv4(a).map_err(CommandError::Address)?,
            }
        }
        CallName::Remove => Op::Remove {
            name: word(0)?.1.to_string(),
        },
        CallName::Path | CallName::Link => {
            let mut settings = PathSettings::default();
            for k in 2..args.len() {
                let (c, w) = word(k)?;
                settings
                    .set_text(w)
                    .map_err(|m| err(c, m.clone(), format!("경로 설정을 읽을 수 없습니다: {m}")))?;
            }
            Op::Path {
                from: word(0)?.1.to_string(),
                to: word(1)?.1.to_string(),
                both: spec.call == CallName::Link,
                settings,
            }
        }
        CallName::Router
        | CallName::Cable
        | CallName::Addr
        | CallName::Route
        | CallName::Arp
        | CallName::Nat
        | CallName::Traceroute => {
            let words = (0..args.len())
                .map(|k| word(k).map(|(_, w)| w))
                .collect::<Result<Vec<_>, _>>()?;
            let op = super::net::parse(spec.call, &words).map_err(|b| {
                let c = args.get(b.arg).map_or(close, |a| a.0);
                err(c, b.en, b.ko)
            })?;
            Op::Net(op)
        }
        CallName::Packet => {
            let (c, n) = word(0)?;
            let id = n.trim_start_matches('#').parse().map_err(|_| {
                err(
                    c,
                    format!("\"{n}\" is not a packet number"),
                    format!("\"{n}\"은(는) 패킷 번호가 아닙니다"),
                )
            })?;
            let (c, a) = word(1)?;
            let action = match a {
                "drop" => PacketAction::Drop,
                "hold" => PacketAction::Hold,
                "release" => PacketAction::Release,
                "duplicate" => PacketAction::Duplicate,
                _ => match a.strip_prefix("delay=").map(parse_time) {
                    Some(Ok(d)) => PacketAction::Delay(d),
                    Some(Err(m)) => {
                        return Err(err(c, m.clone(), format!("시간을 읽을 수 없습니다: {m}")))
                    }
                    None => return Err(err(
                        c,
                        format!("unknown packet action {a}: use drop, hold, release, duplicate or delay=200ms"),
                        format!("알 수 없는 패킷 동작 {a}: drop, hold, release, duplicate 또는 delay=200ms를 쓰세요"),
                    )),
                },
            };
            Op::Packet {
                id: PacketId(id),
                action,
            }
        }
    })
}

/// `net.ipv4.tcp_ecn=1`: a switch the kernels name and a value in its range.
fn sysctl_setting((c, w): (usize, &str)) -> Result<(crate::tcp::knobs::Knob, u8), CommandError> {
    use crate::tcp::knobs::Knob;
    let names = || Knob::all_names().collect::<Vec<_>>().join(", ");
    let Some((name, value)) = w.split_once('=') else {
        return Err(err(
            c,
            format!("\"{w}\": write name=value, e.g. net.ipv4.tcp_ecn=1"),
            format!("\"{w}\": 이름=값 꼴로 쓰세요 (예: net.ipv4.tcp_ecn=1)"),
        ));
    };
    let Some(knob) = Knob::from_name(name) else {
        return Err(err(
            c,
            format!("\"{name}\" is not a switch here: use one of {}", names()),
            format!(
                "\"{name}\"은(는) 여기서 바꿀 수 없습니다: {} 중 하나를 쓰세요",
                names()
            ),
        ));
    };
    match value.trim().parse::<u8>() {
        Ok(v) if v <= knob.max() => Ok((knob, v)),
        _ => Err(err(
            c,
            format!(
                "{name}: \"{value}\" is out of range, use 0 to {}",
                knob.max()
            ),
            format!(
                "{name}: \"{value}\"은(는) 범위 밖입니다. 0부터 {}까지 쓰세요",
                knob.max()
            ),
        )),
    }
}
