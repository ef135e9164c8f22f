//! Tokens to a [`Script`], following the shape of packetdrill's `parser.y`: a header of
//! `--option=value` lines, then events, each a time and an action (a TCP segment to inject
//! or expect, a system call with its expected result, or a shell command).
//!
//! Only TCP over IPv4 is modelled; UDP and ICMP packet lines and `%{ }%` snippets parse
//! into [`Action::Unsupported`] so the runner can report them as skipped.

use super::ast::{Action, Arg, Call, Event, Expect, Script, Segment, TcpOpt, Time, FLAG_LETTERS};
use super::lexer::{Tok, Token};
use super::DrillError;

pub struct Parser {
    toks: Vec<Token>,
    i: usize,
}

type R<T> = Result<T, DrillError>;

/// One day, in microseconds.
const MAX_TIME_US: i64 = 86_400_000_000;

impl Parser {
    pub fn new(toks: Vec<Token>) -> Self {
        Parser { toks, i: 0 }
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i).map(|t| &t.tok)
    }

    fn peek_at(&self, k: usize) -> Option<&Tok> {
        self.toks.get(self.i + k).map(|t| &t.tok)
    }

    /// Where the next token is, or the end of the last one.
    fn pos(&self) -> (u32, u32) {
        self.toks
            .get(self.i)
            .or(self.toks.last())
            .map_or((1, 1), |t| (t.line, t.col))
    }

    fn err<T>(&self, msg: impl Into<String>) -> R<T> {
        let (line, col) = self.pos();
        Err(DrillError::new(line, col, msg))
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.i).map(|t| t.tok.clone());
        self.i += 1;
        t
    }

    fn skip_newlines(&mut self) {
        while self.peek() == Some(&Tok::Newline) {
            self.i += 1;
        }
    }

    /// The next token that is not a line end (packetdrill ignores line ends in events).
    fn peek_nl(&mut self) -> Option<&Tok> {
        self.skip_newlines();
        self.peek()
    }

    fn eat(&mut self, p: char) -> bool {
        if self.peek_nl() == Some(&Tok::Punct(p)) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, p: char, what: &str) -> R<()> {
        if self.eat(p) {
            Ok(())
        } else {
            self.err(format!("expected '{p}' {what}, found {}", self.found()))
        }
    }

    fn found(&self) -> String {
        match self.peek() {
            None => "end of script".into(),
            Some(Tok::Int(n)) => format!("number {n}"),
            Some(Tok::Float(f)) => format!("number {f}"),
            Some(Tok::Word(w)) => format!("'{w}'"),
            Some(Tok::Str(s)) => format!("string \"{s}\""),
            Some(Tok::Shell(_)) => "a shell command".into(),
            Some(Tok::Code) => "a code snippet".into(),
            Some(Tok::Opt(o)) => format!("option --{o}"),
            Some(Tok::Ellipsis) => "'...'".into(),
            Some(Tok::Punct(c)) => format!("'{c}'"),
            Some(Tok::Newline) => "end of line".into(),
        }
    }

    fn int(&mut self, what: &str) -> R<i64> {
        match self.peek_nl() {
            Some(Tok::Int(n)) => {
                let n = *n;
                self.i += 1;
                Ok(n)
            }
            _ => self.err(format!("expected {what}, found {}", self.found())),
        }
    }

    fn int_in<T: TryFrom<i64>>(&mut self, what: &str) -> R<T> {
        let pos = self.pos();
        let n = self.int(what)?;
        T::try_from(n)
            .map_err(|_| DrillError::new(pos.0, pos.1, format!("{what} {n} is out of range")))
    }

    pub fn script(&mut self) -> R<Script> {
        let mut script = Script::default();
        loop {
            self.skip_newlines();
            match self.peek() {
                Some(Tok::Opt(name)) => {
                    let name = name.clone();
                    self.i += 1;
                    let mut value = String::new();
                    if self.peek() == Some(&Tok::Punct('=')) {
                        self.i += 1;
                        while let Some(t) = self.peek().filter(|t| **t != Tok::Newline) {
                            value.push_str(&tok_text(t));
                            self.i += 1;
                        }
                    }
                    script.options.push((name, value));
                }
                None => return Ok(script),
                Some(_) => script.events.push(self.event()?),
            }
        }
    }

    fn event(&mut self) -> R<Event> {
        let (line, col) = self.pos();
        let time = self.time()?;
        let mut end = None;
        if self.peek_nl() == Some(&Tok::Ellipsis) {
            self.i += 1;
            end = Some(self.time()?);
        }
        let action = match self.peek_nl().cloned() {
            Some(Tok::Punct(d @ ('<' | '>'))) => {
                self.i += 1;
                self.packet(d == '<')?
            }
            Some(Tok::Shell(s)) => {
                self.i += 1;
                Action::Shell(s)
            }
            Some(Tok::Code) => {
                self.i += 1;
                Action::Unsupported("%{ }% code snippets are not run".into())
            }
            Some(Tok::Word(name)) if self.peek_at(1) == Some(&Tok::Punct('(')) => {
                self.i += 2;
                Action::Call(self.call(name, end)?)
            }
            _ => {
                return self.err(format!(
                    "expected a packet, a system call or a `command`, found {}",
                    self.found()
                ))
            }
        };
        if end.is_some() && !matches!(action, Action::Call(_)) {
            return Err(DrillError::new(
                line,
                col,
                "only a system call can have a '...' end time",
            ));
        }
        Ok(Event {
            line,
            col,
            time,
            action,
        })
    }

    fn time(&mut self) -> R<Time> {
        if self.eat('*') {
            return Ok(Time::Any);
        }
        let (rel, from) = self.time_value()?;
        if self.eat('~') {
            let (rel2, to) = self.time_value()?;
            if rel != rel2 {
                return self.err("both ends of a time range must be relative or both absolute");
            }
            return Ok(Time::Range {
                from,
                to,
                relative: rel,
            });
        }
        Ok(if rel {
            Time::Relative(from)
        } else {
            Time::Absolute(from)
        })
    }

    /// `[+]seconds` in microseconds.
    fn time_value(&mut self) -> R<(bool, i64)> {
        let rel = self.eat('+');
        let pos = self.pos();
        let us = match self.peek_nl().cloned() {
            Some(Tok::Int(n)) => n.checked_mul(1_000_000),
            Some(Tok::Float(f)) => seconds_to_micros(&f),
            _ => return self.err(format!("expected a time, found {}", self.found())),
        };
        self.i += 1;
        match us {
            // A day of virtual time is far more than any script needs, and keeps a typo
            // from making the runner simulate years of timers.
            Some(us) if us.abs() > MAX_TIME_US => Err(DrillError::new(
                pos.0,
                pos.1,
                "times beyond one day are not supported",
            )),
            Some(us) if us >= 0 || rel => Ok((rel, us)),
            _ => Err(DrillError::new(pos.0, pos.1, "time out of range")),
        }
    }

    fn packet(&mut self, inbound: bool) -> R<Action> {
        if let Some(Tok::Word(w)) = self.peek_nl() {
            if ["udp", "icmp", "GREv0", "gre", "mpls", "ipv4", "ipv6"].contains(&w.as_str()) {
                let reason = format!("{w} packets are not modelled");
                while self.peek().is_some_and(|t| *t != Tok::Newline) {
                    self.i += 1;
                }
                return Ok(Action::Unsupported(reason));
            }
        }
        let ecn = self.ip_ecn()?;
        let flags = self.flags()?;
        let pos = self.pos();
        let seq: u32 = self.int_in("sequence number")?;
        self.expect(':', "in start:end(length)")?;
        let end: u32 = self.int_in("end sequence number")?;
        self.expect('(', "before the payload length")?;
        let len: u32 = self.int_in("payload length")?;
        self.expect(')', "after the payload length")?;
        // The largest TCP payload one IPv4 datagram carries (65535 - 20 - 20 octets).
        if len > 65_495 {
            return Err(DrillError::new(
                pos.0,
                pos.1,
                format!("payload length {len} does not fit in one IPv4 datagram"),
            ));
        }
        if end.wrapping_sub(seq) != len {
            return Err(DrillError::new(
                pos.0,
                pos.1,
                format!("inconsistent sequence range {seq}:{end}({len})"),
            ));
        }
        let mut seg = Segment {
            inbound,
            flags,
            seq,
            len,
            ack: None,
            win: None,
            urg: None,
            options: None,
            ecn,
        };
        loop {
            match self.peek().cloned() {
                Some(Tok::Word(w)) if w == "ack" => {
                    self.i += 1;
                    seg.ack = Some(self.int_in("ack number")?);
                }
                Some(Tok::Word(w)) if w == "win" => {
                    self.i += 1;
                    seg.win = Some(self.int_in("window")?);
                }
                Some(Tok::Word(w)) if w == "urg" => {
                    self.i += 1;
                    seg.urg = Some(self.int_in("urgent pointer")?);
                }
                Some(Tok::Punct('<')) => {
                    self.i += 1;
                    seg.options = Some(self.options()?);
                }
                _ => return Ok(Action::Packet(seg)),
            }
        }
    }

    /// `[ect0]` before the flags: the IP header's ECN codepoint.
    fn ip_ecn(&mut self) -> R<Option<super::ast::IpEcn>> {
        if self.peek_nl() != Some(&Tok::Punct('[')) {
            return Ok(None);
        }
        self.i += 1;
        let name = match self.next() {
            Some(Tok::Word(w)) => w.clone(),
            _ => {
                return self
                    .err("expected an ECN codepoint: noecn, ect0, ect1, ect01 or ce".to_string())
            }
        };
        let Some(ecn) = super::ast::IpEcn::from_name(&name) else {
            return self.err(format!(
                "unknown ECN codepoint [{name}]: use noecn, ect0, ect1, ect01 or ce"
            ));
        };
        self.expect(']', "after the ECN codepoint")?;
        Ok(Some(ecn))
    }

    fn flags(&mut self) -> R<u8> {
        let mut flags = 0u8;
        let mut any = false;
        loop {
            let letters: String = match self.peek_nl() {
                Some(Tok::Punct('.')) => ".".into(),
                Some(Tok::Punct('-')) if !any => {
                    self.i += 1;
                    return Ok(0);
                }
                Some(Tok::Word(w))
                    if w.chars().all(|c| FLAG_LETTERS.iter().any(|(l, _)| *l == c)) =>
                {
                    w.clone()
                }
                _ if any => return Ok(flags),
                _ => {
                    return self.err(format!(
                        "expected TCP flags (S F R P . U E W), found {}",
                        self.found()
                    ))
                }
            };
            for c in letters.chars() {
                if let Some((_, bit)) = FLAG_LETTERS.iter().find(|(l, _)| *l == c) {
                    flags |= bit;
                }
            }
            any = true;
            self.i += 1;
        }
    }

    fn options(&mut self) -> R<Option<Vec<TcpOpt>>> {
        if self.peek_nl() == Some(&Tok::Ellipsis) {
            self.i += 1;
            self.expect('>', "after <...")?;
            return Ok(None);
        }
        let mut out = Vec::new();
        loop {
            let name = match self.next() {
                Some(Tok::Word(w)) => w,
                _ => {
                    self.i -= 1;
                    return self.err(format!("expected a TCP option, found {}", self.found()));
                }
            };
            out.push(match name.as_str() {
                "nop" => TcpOpt::Nop,
                "eol" => TcpOpt::Eol,
                "mss" => TcpOpt::Mss(self.int_in("MSS")?),
                "wscale" => TcpOpt::WScale(self.int_in("window scale")?),
                "sackOK" => TcpOpt::SackOk,
                "sack" => {
                    let mut blocks = Vec::new();
                    while matches!(self.peek(), Some(Tok::Int(_))) {
                        let l = self.int_in("SACK left edge")?;
                        self.expect(':', "in a SACK block")?;
                        blocks.push((l, self.int_in("SACK right edge")?));
                    }
                    TcpOpt::Sack(blocks)
                }
                "TS" => {
                    self.word("val")?;
                    let val = self.int_in("TS val")?;
                    self.word("ecr")?;
                    TcpOpt::Ts {
                        val,
                        ecr: self.int_in("TS ecr")?,
                    }
                }
                other => {
                    while !matches!(
                        self.peek(),
                        None | Some(Tok::Punct(',' | '>') | Tok::Newline)
                    ) {
                        self.i += 1;
                    }
                    TcpOpt::Other(other.to_string())
                }
            });
            if self.eat('>') {
                return Ok(Some(out));
            }
            self.expect(',', "between TCP options")?;
        }
    }

    fn word(&mut self, w: &str) -> R<()> {
        match self.peek_nl() {
            Some(Tok::Word(x)) if x == w => {
                self.i += 1;
                Ok(())
            }
            _ => self.err(format!("expected '{w}', found {}", self.found())),
        }
    }

    fn call(&mut self, name: String, end: Option<Time>) -> R<Call> {
        let args = self.args(')')?;
        self.expect('=', "before the expected result")?;
        let expect = match self.next() {
            Some(Tok::Int(-1)) => match self.peek().cloned() {
                Some(Tok::Word(e)) if e.starts_with('E') => {
                    self.i += 1;
                    Expect::Errno(e)
                }
                _ => Expect::Value(-1),
            },
            Some(Tok::Int(n)) => Expect::Value(n),
            Some(Tok::Word(_) | Tok::Ellipsis) => Expect::Any,
            _ => {
                self.i -= 1;
                return self.err(format!(
                    "expected the call's result, found {}",
                    self.found()
                ));
            }
        };
        // An explanatory note: `(Connection refused)`, `(flags O_RDWR)`.
        if self.peek() == Some(&Tok::Punct('(')) {
            self.i += 1;
            self.skip_balanced(')')?;
        }
        Ok(Call {
            name,
            args,
            expect,
            end,
        })
    }

    fn skip_balanced(&mut self, close: char) -> R<()> {
        let mut depth = 1;
        loop {
            match self.next() {
                Some(Tok::Punct('(')) => depth += 1,
                Some(Tok::Punct(c)) if c == close => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Some(_) => {}
                None => return self.err(format!("missing '{close}'")),
            }
        }
    }

    /// Comma-separated arguments up to `close`.
    fn args(&mut self, close: char) -> R<Vec<Arg>> {
        let mut out = Vec::new();
        if self.eat(close) {
            return Ok(out);
        }
        loop {
            out.push(self.arg()?);
            if self.eat(close) {
                return Ok(out);
            }
            self.expect(',', "between arguments")?;
        }
    }

    fn arg(&mut self) -> R<Arg> {
        let arg = match self.next() {
            Some(Tok::Ellipsis) => Arg::Ellipsis,
            Some(Tok::Int(n)) => Arg::Int(n),
            Some(Tok::Str(s)) => Arg::Str(s),
            Some(Tok::Punct('[')) => Arg::List(self.args(']')?),
            Some(Tok::Punct('{')) => {
                let mut fields = Vec::new();
                for a in self.args('}')? {
                    fields.push(match a {
                        Arg::Struct(mut f) if f.len() == 1 => f.remove(0),
                        other => (String::new(), other),
                    });
                }
                Arg::Struct(fields)
            }
            Some(Tok::Word(w)) => {
                if self.eat('(') {
                    self.args(')')?;
                    Arg::Words(vec![w])
                } else if self.eat('=') {
                    let v = self.arg()?;
                    return Ok(Arg::Struct(vec![(w, v)]));
                } else {
                    Arg::Words(vec![w])
                }
            }
            Some(Tok::Newline) => return self.arg(),
            _ => {
                self.i -= 1;
                return self.err(format!("expected an argument, found {}", self.found()));
            }
        };
        if self.eat('|') {
            let rest = self.arg()?;
            let mut words = match arg {
                Arg::Words(w) => w,
                Arg::Int(n) => vec![n.to_string()],
                _ => Vec::new(),
            };
            if let Arg::Words(more) = rest {
                words.extend(more);
            }
            return Ok(Arg::Words(words));
        }
        Ok(arg)
    }
}

/// `"1.25"` seconds to 1_250_000 µs, from the text so no float rounding creeps in.
fn seconds_to_micros(text: &str) -> Option<i64> {
    let (neg, t) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let mut digits: String = frac.chars().take(6).collect();
    while digits.len() < 6 {
        digits.push('0');
    }
    let us = whole
        .checked_mul(1_000_000)?
        .checked_add(digits.parse::<i64>().ok()?)?;
    Some(if neg { -us } else { us })
}

fn tok_text(t: &Tok) -> String {
    match t {
        Tok::Int(n) => n.to_string(),
        Tok::Float(f) => f.clone(),
        Tok::Word(w) => w.clone(),
        Tok::Str(s) => s.clone(),
        Tok::Shell(s) => s.clone(),
        Tok::Code => String::new(),
        Tok::Opt(o) => format!("--{o}"),
        Tok::Ellipsis => "...".into(),
        Tok::Punct(c) => c.to_string(),
        Tok::Newline => String::new(),
    }
}
