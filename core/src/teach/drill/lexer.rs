//! The packetdrill script language, cut into tokens that remember their line and column.
//!
//! The token classes follow packetdrill's `lexer.l` (google/packetdrill): `//` and `/* */`
//! comments, `--name=value` options, decimal, hexadecimal and fractional numbers, words,
//! double-quoted strings, back-quoted shell commands, `%{ ... }%` code snippets, `...`,
//! and any other character as itself. Lines starting with `#ifdef`, `#ifndef`, `#else`,
//! `#endif` (the C preprocessor that FreeBSD's packetdrill runs first) are handled by
//! [`preprocess`] before lexing, and blanked so line numbers stay true.

use super::DrillError;

/// One token's kind and text.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    /// A number without a fraction, kept as text so large values never lose precision.
    Int(i64),
    /// A number with a fraction, kept as written (times are converted from text).
    Float(String),
    Word(String),
    Str(String),
    /// A back-quoted shell command.
    Shell(String),
    /// A `%{ ... }%` snippet of Python packetdrill would run.
    Code,
    /// `--name` (its `=value`, if any, follows as ordinary tokens).
    Opt(String),
    Ellipsis,
    Punct(char),
    /// End of a line: packetdrill's grammar ignores it, but option values end there.
    Newline,
}

/// A token and where it starts (1-based line and column).
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub line: u32,
    pub col: u32,
}

/// Keeps or blanks lines by `#ifdef NAME` / `#ifndef NAME` / `#else` / `#endif`, with
/// `defined` as the names that count as defined. Other `#` lines are errors.
pub fn preprocess(src: &str, defined: &[String]) -> Result<String, DrillError> {
    let mut out = String::with_capacity(src.len());
    // Each open block: (whether its lines are kept, whether the enclosing block is).
    let mut stack: Vec<(bool, bool)> = Vec::new();
    for (i, line) in src.split('\n').enumerate() {
        let keep = stack.last().is_none_or(|s| s.0);
        let t = line.trim();
        let lineno = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if let Some(rest) = t.strip_prefix('#') {
            let mut words = rest.split_whitespace();
            let directive = words.next().unwrap_or("");
            let name = words.next().unwrap_or("");
            match directive {
                "ifdef" | "ifndef" => {
                    let is = defined.iter().any(|d| d == name);
                    let on = if directive == "ifdef" { is } else { !is };
                    stack.push((keep && on, keep));
                }
                "else" => match stack.last_mut() {
                    Some(top) => top.0 = top.1 && !top.0,
                    None => return Err(DrillError::new(lineno, 1, "#else without #ifdef")),
                },
                "endif" => {
                    if stack.pop().is_none() {
                        return Err(DrillError::new(lineno, 1, "#endif without #ifdef"));
                    }
                }
                other => {
                    return Err(DrillError::new(
                        lineno,
                        1,
                        format!("unknown preprocessor line #{other}"),
                    ))
                }
            }
            out.push('\n');
            continue;
        }
        if keep {
            out.push_str(line);
        }
        out.push('\n');
    }
    if !stack.is_empty() {
        return Err(DrillError::new(1, 1, "#ifdef without #endif"));
    }
    Ok(out)
}

struct Cursor<'a> {
    chars: Vec<char>,
    i: usize,
    line: u32,
    col: u32,
    _src: &'a str,
}

impl Cursor<'_> {
    fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn take_while(&mut self, f: impl Fn(char) -> bool) -> String {
        let mut s = String::new();
        while let Some(c) = self.peek(0).filter(|c| f(*c)) {
            s.push(c);
            self.bump();
        }
        s
    }

    /// Consumes up to and including `end`, returning what came before it.
    fn until(&mut self, end: &str, what: &str) -> Result<String, DrillError> {
        let (line, col) = (self.line, self.col);
        let end: Vec<char> = end.chars().collect();
        let mut s = String::new();
        loop {
            if self.chars[self.i..].starts_with(&end) {
                for _ in 0..end.len() {
                    self.bump();
                }
                return Ok(s);
            }
            match self.bump() {
                Some(c) => s.push(c),
                None => return Err(DrillError::new(line, col, format!("unterminated {what}"))),
            }
        }
    }
}

fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Cuts a (preprocessed) script into tokens.
pub fn lex(src: &str) -> Result<Vec<Token>, DrillError> {
    let mut c = Cursor {
        chars: src.chars().collect(),
        i: 0,
        line: 1,
        col: 1,
        _src: src,
    };
    let mut out = Vec::new();
    while let Some(ch) = c.peek(0) {
        let (line, col) = (c.line, c.col);
        let tok = match ch {
            '\n' => {
                c.bump();
                Tok::Newline
            }
            ' ' | '\t' | '\r' => {
                c.bump();
                continue;
            }
            '/' if c.peek(1) == Some('/') => {
                c.take_while(|x| x != '\n');
                continue;
            }
            '/' if c.peek(1) == Some('*') => {
                c.until("*/", "comment")?;
                continue;
            }
            '%' if c.peek(1) == Some('{') => {
                c.until("}%", "code snippet")?;
                Tok::Code
            }
            '"' => Tok::Str(string_body(&mut c, '"', "string")?),
            '`' => Tok::Shell(string_body(&mut c, '`', "shell command")?),
            '.' if c.peek(1) == Some('.') && c.peek(2) == Some('.') => {
                c.bump();
                c.bump();
                c.bump();
                Tok::Ellipsis
            }
            '-' if c.peek(1) == Some('-') && c.peek(2).is_some_and(word_char) => {
                c.bump();
                c.bump();
                Tok::Opt(c.take_while(word_char))
            }
            _ if number_start(&c) => number(&mut c, line, col)?,
            _ if word_char(ch) => Tok::Word(c.take_while(word_char)),
            _ => {
                c.bump();
                Tok::Punct(ch)
            }
        };
        out.push(Token { tok, line, col });
    }
    Ok(out)
}

/// The text between a quote (at the cursor) and its closing twin.
fn string_body(c: &mut Cursor<'_>, end: char, what: &str) -> Result<String, DrillError> {
    let (line, col) = (c.line, c.col);
    c.bump();
    let mut s = String::new();
    loop {
        match c.bump() {
            Some('\\') => {
                if let Some(x) = c.bump() {
                    s.push(x);
                }
            }
            Some(x) if x == end => return Ok(s),
            Some(x) => s.push(x),
            None => return Err(DrillError::new(line, col, format!("unterminated {what}"))),
        }
    }
}

/// `[-]?[0-9]+`, `[-]?[0-9]*.[0-9]+` or `0x...`, as packetdrill's lexer; a word such as
/// `2a` still lexes as a word.
fn number_start(c: &Cursor<'_>) -> bool {
    let mut k = 0;
    if c.peek(0) == Some('-') {
        k = 1;
    }
    match c.peek(k) {
        Some(d) if d.is_ascii_digit() => true,
        Some('.') => c.peek(k + 1).is_some_and(|d| d.is_ascii_digit()),
        _ => false,
    }
}

fn number(c: &mut Cursor<'_>, line: u32, col: u32) -> Result<Tok, DrillError> {
    let bad = |t: &str| DrillError::new(line, col, format!("bad number {t}"));
    if c.peek(0) == Some('0') && matches!(c.peek(1), Some('x' | 'X')) {
        c.bump();
        c.bump();
        let digits = c.take_while(|x| x.is_ascii_hexdigit());
        return i64::from_str_radix(&digits, 16)
            .map(Tok::Int)
            .map_err(|_| bad(&format!("0x{digits}")));
    }
    let mut text = String::new();
    if c.peek(0) == Some('-') {
        c.bump();
        text.push('-');
    }
    text.push_str(&c.take_while(|x| x.is_ascii_digit()));
    if c.peek(0) == Some('.') && c.peek(1).is_some_and(|d| d.is_ascii_digit()) {
        c.bump();
        text.push('.');
        text.push_str(&c.take_while(|x| x.is_ascii_digit()));
        return Ok(Tok::Float(text));
    }
    // An IPv4 address such as 192.0.2.1 lexes as a word-like token.
    if c.peek(0).is_some_and(word_char) {
        let rest = c.take_while(word_char);
        return Ok(Tok::Word(format!("{text}{rest}")));
    }
    text.parse::<i64>().map(Tok::Int).map_err(|_| bad(&text))
}
