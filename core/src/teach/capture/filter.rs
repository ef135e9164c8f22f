//! Display filters: a useful part of Wireshark's language, parsed by hand (a lexer and a
//! recursive-descent parser, no dependency) and matched against the rows of a
//! [`Capture`].
//!
//! ```text
//! filter  := or
//! or      := and (("or" | "||") and)*
//! and     := unary (("and" | "&&") unary)*
//! unary   := ("not" | "!") unary | primary
//! primary := "(" or ")" | FIELD [OP VALUE]
//! OP      := == != < > <= >= eq ne lt gt le ge contains
//! VALUE   := number (12, 0x1f) | address (10.0.0.1, 10.0.0.0/24) | "text" | true | false
//! ```
//! A field alone is true when the packet has it (`tcp`, `tcp.analysis.retransmission`;
//! `tcp.flags.syn` alone, as in Wireshark, is in every TCP packet: write `== 1`). A field
//! with two values (`ip.addr`, `tcp.port`) matches `==` when either does, and `!=` when
//! neither does. Every error names its column (in characters, from 1) and reads in English
//! or Korean; no input panics.

pub use super::filter_error::{ErrorKind, FilterError};
use super::filter_eval::{Field, Kind, Value};
use super::Capture;
use std::net::Ipv4Addr;

/// Longest filter accepted, in characters.
pub const MAX_LEN: usize = 1_000;
/// Deepest nesting of parentheses and `not`s.
pub const MAX_DEPTH: u32 = 32;

/// A parsed display filter.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    expr: Option<Expr>,
}

#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Or(Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Has(Field),
    Compare(Field, Op, Literal),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Gt,
    Le,
    Ge,
    Contains,
}

#[derive(Debug, Clone, PartialEq)]
enum Literal {
    Number(u64),
    /// An address and prefix length (32 for one address).
    Address(Ipv4Addr, u8),
    Text(Vec<u8>),
}

/// A token and its column.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Text(Vec<u8>),
    Sym(&'static str),
    End,
}

fn err(column: u32, kind: ErrorKind) -> FilterError {
    FilterError { column, kind }
}

/// Splits the filter into tokens, each with its column.
fn lex(input: &str) -> Result<Vec<(Tok, u32)>, FilterError> {
    let chars: Vec<char> = input.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i as u32 + 1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let next = chars.get(i + 1).copied();
        let two = match (c, next) {
            ('=', Some('=')) => Some("=="),
            ('!', Some('=')) => Some("!="),
            ('<', Some('=')) => Some("<="),
            ('>', Some('=')) => Some(">="),
            ('&', Some('&')) => Some("&&"),
            ('|', Some('|')) => Some("||"),
            _ => None,
        };
        if let Some(s) = two {
            out.push((Tok::Sym(s), col));
            i += 2;
            continue;
        }
        match c {
            '(' | ')' | '<' | '>' | '!' => {
                let s = match c {
                    '(' => "(",
                    ')' => ")",
                    '<' => "<",
                    '>' => ">",
                    _ => "!",
                };
                out.push((Tok::Sym(s), col));
                i += 1;
            }
            '=' | '&' | '|' => return Err(err(col, ErrorKind::SingleChar(c))),
            '"' => {
                let (text, end) = lex_text(&chars, i)?;
                out.push((Tok::Text(text), col));
                i = end;
            }
            c if c.is_ascii_alphanumeric() || c == '_' => {
                let start = i;
                while i < chars.len() && is_word(chars[i]) {
                    i += 1;
                }
                out.push((Tok::Word(chars[start..i].iter().collect()), col));
            }
            c => return Err(err(col, ErrorKind::UnexpectedChar(c))),
        }
    }
    out.push((Tok::End, chars.len() as u32 + 1));
    Ok(out)
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | ':' | '-')
}

/// A quoted text starting at `chars[open]`; returns its bytes and the index after it.
/// `\xNN` is one byte, so text can name bytes that are not UTF-8.
fn lex_text(chars: &[char], open: usize) -> Result<(Vec<u8>, usize), FilterError> {
    let mut out = Vec::new();
    let mut i = open + 1;
    loop {
        let Some(&c) = chars.get(i) else {
            return Err(err(open as u32 + 1, ErrorKind::UnterminatedText));
        };
        match c {
            '"' => return Ok((out, i + 1)),
            '\\' => {
                let bad = err(i as u32 + 1, ErrorKind::BadEscape);
                let byte = match chars.get(i + 1) {
                    Some('\\') => b'\\',
                    Some('"') => b'"',
                    Some('n') => b'\n',
                    Some('r') => b'\r',
                    Some('t') => b'\t',
                    Some('x') => {
                        let hex: String = chars.iter().skip(i + 2).take(2).collect();
                        if hex.len() != 2 {
                            return Err(bad);
                        }
                        i += 2;
                        u8::from_str_radix(&hex, 16).map_err(|_| bad)?
                    }
                    _ => return Err(bad),
                };
                out.push(byte);
                i += 2;
            }
            c => {
                let mut buf = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                i += 1;
            }
        }
    }
}

/// The parser: tokens and where it is.
struct Parser {
    toks: Vec<(Tok, u32)>,
    at: usize,
    depth: u32,
}

impl Parser {
    fn peek(&self) -> &(Tok, u32) {
        // The token list always ends with End, and `at` never passes it.
        &self.toks[self.at.min(self.toks.len() - 1)]
    }

    fn bump(&mut self) -> (Tok, u32) {
        let t = self.peek().clone();
        if self.at < self.toks.len() - 1 {
            self.at += 1;
        }
        t
    }

    fn is(&self, sym: &str, word: &str) -> bool {
        match &self.peek().0 {
            Tok::Sym(s) => *s == sym,
            Tok::Word(w) => w.eq_ignore_ascii_case(word),
            _ => false,
        }
    }

    fn or(&mut self) -> Result<Expr, FilterError> {
        let mut left = self.and()?;
        while self.is("||", "or") {
            self.bump();
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, FilterError> {
        let mut left = self.unary()?;
        while self.is("&&", "and") {
            self.bump();
            left = Expr::And(Box::new(left), Box::new(self.unary()?));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, FilterError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(err(self.peek().1, ErrorKind::TooDeep));
        }
        let e = if self.is("!", "not") {
            self.bump();
            Expr::Not(Box::new(self.unary()?))
        } else {
            self.primary()?
        };
        self.depth -= 1;
        Ok(e)
    }

    fn primary(&mut self) -> Result<Expr, FilterError> {
        let (tok, col) = self.bump();
        match tok {
            Tok::Sym("(") => {
                let e = self.or()?;
                match self.bump() {
                    (Tok::Sym(")"), _) => Ok(e),
                    (_, c) => Err(err(c, ErrorKind::ExpectedClose)),
                }
            }
            Tok::Word(w) if !is_keyword(&w) && !starts_digit(&w) => {
                let field = Field::lookup(&w)
                    .ok_or_else(|| err(col, ErrorKind::UnknownField(w.clone())))?;
                self.comparison(field, &w)
            }
            other => Err(err(col, ErrorKind::ExpectedOperand(describe(&other)))),
        }
    }

    /// The rest after a field: an operator and a value, or nothing (the field alone).
    fn comparison(&mut self, field: Field, name: &str) -> Result<Expr, FilterError> {
        let (op_tok, op_col) = self.peek().clone();
        let Some(op) = operator(&op_tok) else {
            return Ok(Expr::Has(field));
        };
        self.bump();
        let kind = field.kind();
        let name = name.to_ascii_lowercase();
        if matches!(kind, Kind::Mark) || (kind == Kind::Protocol && op != Op::Contains) {
            return Err(err(op_col, ErrorKind::NotComparable { field: name, kind }));
        }
        if kind == Kind::Bytes && !matches!(op, Op::Eq | Op::Ne | Op::Contains) {
            return Err(err(op_col, ErrorKind::OrderOnBytes(name)));
        }
        let (value, col) = self.bump();
        let lit = match (&value, kind, op) {
            (Tok::Text(t), Kind::Bytes | Kind::Protocol, _) => Literal::Text(t.clone()),
            (_, Kind::Bytes | Kind::Protocol, _) | (_, _, Op::Contains) => {
                return Err(match value {
                    Tok::End => err(col, ErrorKind::ExpectedValue),
                    _ => err(col, ErrorKind::NeedsText(name)),
                })
            }
            (Tok::Word(w), _, _) => literal(w, kind).ok_or_else(|| {
                err(
                    col,
                    ErrorKind::BadValue {
                        field: name.clone(),
                        value: w.clone(),
                        wants: kind,
                    },
                )
            })?,
            (Tok::Text(t), _, _) => {
                let value = String::from_utf8_lossy(t).into_owned();
                return Err(err(
                    col,
                    ErrorKind::BadValue {
                        field: name,
                        value,
                        wants: kind,
                    },
                ));
            }
            _ => return Err(err(col, ErrorKind::ExpectedValue)),
        };
        Ok(Expr::Compare(field, op, lit))
    }
}

fn is_keyword(w: &str) -> bool {
    [
        "and", "or", "not", "contains", "eq", "ne", "lt", "gt", "le", "ge",
    ]
    .iter()
    .any(|k| k.eq_ignore_ascii_case(w))
}

fn starts_digit(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit())
}

/// How an error names what it found.
fn describe(t: &Tok) -> String {
    match t {
        Tok::End => "the end".into(),
        Tok::Word(w) => format!("'{w}'"),
        Tok::Text(_) => "\"…\"".into(),
        Tok::Sym(s) => format!("'{s}'"),
    }
}

fn operator(t: &Tok) -> Option<Op> {
    let s = match t {
        Tok::Sym(s) => s.to_string(),
        Tok::Word(w) => w.to_ascii_lowercase(),
        _ => return None,
    };
    Some(match s.as_str() {
        "==" | "eq" => Op::Eq,
        "!=" | "ne" => Op::Ne,
        "<" | "lt" => Op::Lt,
        ">" | "gt" => Op::Gt,
        "<=" | "le" => Op::Le,
        ">=" | "ge" => Op::Ge,
        "contains" => Op::Contains,
        _ => return None,
    })
}

/// A bare word as a value of a field of `kind`.
fn literal(w: &str, kind: Kind) -> Option<Literal> {
    match kind {
        Kind::Address => {
            let (addr, prefix) = match w.split_once('/') {
                Some((a, p)) => (a, p.parse::<u8>().ok().filter(|p| *p <= 32)?),
                None => (w, 32),
            };
            let a = crate::endpoint::parse_ipv4(addr).ok()?;
            Some(Literal::Address(a, prefix))
        }
        Kind::Flag if w.eq_ignore_ascii_case("true") => Some(Literal::Number(1)),
        Kind::Flag if w.eq_ignore_ascii_case("false") => Some(Literal::Number(0)),
        Kind::Flag | Kind::Number => {
            let n = match w.strip_prefix("0x").or_else(|| w.strip_prefix("0X")) {
                Some(hex) => u64::from_str_radix(hex, 16).ok()?,
                None => w.parse::<u64>().ok()?,
            };
            (kind == Kind::Number || n <= 1).then_some(Literal::Number(n))
        }
        _ => None,
    }
}

/// Every field name the filter knows, for the page's suggestions.
pub fn field_names() -> impl Iterator<Item = &'static str> {
    Field::names()
}

impl Filter {
    /// Parses a filter; an empty one (only spaces) shows every packet.
    pub fn parse(input: &str) -> Result<Filter, FilterError> {
        if input.chars().count() > MAX_LEN {
            return Err(err(MAX_LEN as u32 + 1, ErrorKind::TooLong));
        }
        let toks = lex(input)?;
        if matches!(toks.first(), Some((Tok::End, _))) {
            return Ok(Filter { expr: None });
        }
        let mut p = Parser {
            toks,
            at: 0,
            depth: 0,
        };
        let expr = p.or()?;
        match p.bump() {
            (Tok::End, _) => Ok(Filter { expr: Some(expr) }),
            (Tok::Sym(")"), c) => Err(err(c, ErrorKind::Trailing(")".into()))),
            (t, c) => Err(err(
                c,
                ErrorKind::Trailing(describe(&t).trim_matches('\'').into()),
            )),
        }
    }

    /// Whether the filter shows nothing but everything (it is empty).
    pub fn is_empty(&self) -> bool {
        self.expr.is_none()
    }

    /// Whether row `i` of `capture` passes, with `tcp.seq`/`tcp.ack` relative when
    /// `relative` (as the list shows them).
    pub fn matches(&self, capture: &Capture, i: usize, relative: bool) -> bool {
        self.expr
            .as_ref()
            .is_none_or(|e| eval(e, capture, i, relative))
    }

    /// The rows that pass, in order.
    pub fn select(&self, capture: &Capture, relative: bool) -> Vec<u32> {
        (0..capture.rows.len())
            .filter(|&i| self.matches(capture, i, relative))
            .map(|i| i as u32)
            .collect()
    }
}

fn eval(e: &Expr, c: &Capture, i: usize, rel: bool) -> bool {
    match e {
        Expr::Or(a, b) => eval(a, c, i, rel) || eval(b, c, i, rel),
        Expr::And(a, b) => eval(a, c, i, rel) && eval(b, c, i, rel),
        Expr::Not(a) => !eval(a, c, i, rel),
        Expr::Has(f) => f.values(c, i, rel)[0].is_some(),
        Expr::Compare(f, Op::Ne, lit) => {
            let vals = f.values(c, i, rel);
            vals[0].is_some() && !vals.iter().flatten().any(|v| compare(v, Op::Eq, lit))
        }
        Expr::Compare(f, op, lit) => f
            .values(c, i, rel)
            .iter()
            .flatten()
            .any(|v| compare(v, *op, lit)),
    }
}

fn compare(v: &Value, op: Op, lit: &Literal) -> bool {
    use std::cmp::Ordering;
    let ord = match (v, lit) {
        (Value::Bytes(b), Literal::Text(t)) => match op {
            Op::Contains => return t.is_empty() || b.windows(t.len()).any(|w| w == t.as_slice()),
            _ => b.cmp(&t.as_slice()),
        },
        (Value::Address(a), Literal::Address(net, prefix)) if matches!(op, Op::Eq | Op::Ne) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(*prefix)).unwrap_or(0);
            let same = u32::from(*a) & mask == u32::from(*net) & mask;
            return same == (op == Op::Eq);
        }
        (Value::Address(a), Literal::Address(b, _)) => a.cmp(b),
        (Value::Number(a), Literal::Number(b)) => a.cmp(b),
        _ => return false,
    };
    match op {
        Op::Eq => ord == Ordering::Equal,
        Op::Ne => ord != Ordering::Equal,
        Op::Lt => ord == Ordering::Less,
        Op::Gt => ord == Ordering::Greater,
        Op::Le => ord != Ordering::Greater,
        Op::Ge => ord != Ordering::Less,
        Op::Contains => false,
    }
}
