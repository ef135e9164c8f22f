//! Why a display filter was refused, and where, in English and Korean.

use super::filter::{MAX_DEPTH, MAX_LEN};
use super::filter_eval::Kind;
use crate::lang::Lang;

/// Why a filter was refused, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    /// Where the problem starts, in characters from 1.
    pub column: u32,
    pub kind: ErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    UnexpectedChar(char),
    SingleChar(char),
    UnterminatedText,
    BadEscape,
    UnknownField(String),
    ExpectedOperand(String),
    ExpectedValue,
    ExpectedClose,
    Trailing(String),
    BadValue {
        field: String,
        value: String,
        wants: Kind,
    },
    NeedsText(String),
    NotComparable {
        field: String,
        kind: Kind,
    },
    OrderOnBytes(String),
    TooDeep,
    TooLong,
}

impl FilterError {
    /// The whole message, column first, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        match lang {
            Lang::En => format!("column {}: {}", self.column, self.english()),
            Lang::Ko => format!("{}번째 글자: {}", self.column, self.korean()),
        }
    }

    fn english(&self) -> String {
        use ErrorKind::*;
        match &self.kind {
            UnexpectedChar(c) => format!("'{c}' is not part of the filter language"),
            SingleChar('=') => "use == to compare (a single = is not an operator)".into(),
            SingleChar(c) => format!(
                "write {c}{c} (or {}), not a single {c}",
                if *c == '&' { "and" } else { "or" }
            ),
            UnterminatedText => "the text has no closing quote \"".into(),
            BadEscape => "unknown escape in the text (use \\\\, \\\", \\n, \\t or \\xNN)".into(),
            UnknownField(f) => {
                format!("unknown field '{f}' (try ip.addr, tcp.port, tcp.flags.syn, udp, icmp)")
            }
            ExpectedOperand(found) => {
                format!("expected a field, a protocol or '(' but found {found}")
            }
            ExpectedValue => {
                "expected a value after the operator (a number, an address or \"text\")".into()
            }
            ExpectedClose => "a '(' is not closed: expected ')'".into(),
            Trailing(t) => format!("unexpected '{t}': expected and, or, or the end of the filter"),
            BadValue {
                field,
                value,
                wants,
            } => format!(
                "{field} is compared with {}, not '{value}'",
                wants_en(*wants)
            ),
            NeedsText(f) => format!("contains needs text in quotes, as in {f} contains \"GET\""),
            NotComparable {
                field,
                kind: Kind::Mark,
            } => format!("{field} is a mark: write it alone, without a comparison"),
            NotComparable { field, .. } => {
                format!("{field} is a protocol: write it alone, or with contains \"text\"")
            }
            OrderOnBytes(f) => format!("{f} holds bytes: compare it with ==, != or contains"),
            TooDeep => format!("too deeply nested (at most {MAX_DEPTH} parentheses and nots)"),
            TooLong => format!("the filter is too long (at most {MAX_LEN} characters)"),
        }
    }

    fn korean(&self) -> String {
        use ErrorKind::*;
        match &self.kind {
            UnexpectedChar(c) => format!("'{c}'은(는) 필터 언어에 없는 문자입니다"),
            SingleChar('=') => "비교하려면 ==를 쓰세요 (= 하나는 연산자가 아닙니다)".into(),
            SingleChar(c) => format!("{c} 하나가 아니라 {c}{c}(또는 {})로 쓰세요", if *c == '&' { "and" } else { "or" }),
            UnterminatedText => "텍스트를 닫는 따옴표 \"가 없습니다".into(),
            BadEscape => "텍스트 안의 이스케이프를 알 수 없습니다 (\\\\, \\\", \\n, \\t, \\xNN을 쓰세요)".into(),
            UnknownField(f) => format!("알 수 없는 필드 '{f}' (ip.addr, tcp.port, tcp.flags.syn, udp, icmp 등을 써 보세요)"),
            ExpectedOperand(found) => format!("필드, 프로토콜 또는 '('가 와야 하는데 {found}이(가) 왔습니다"),
            ExpectedValue => "연산자 뒤에 값(숫자, 주소 또는 \"텍스트\")이 와야 합니다".into(),
            ExpectedClose => "'('가 닫히지 않았습니다: ')'가 필요합니다".into(),
            Trailing(t) => format!("예상치 못한 '{t}': and, or 또는 필터의 끝이 와야 합니다"),
            BadValue { field, value, wants } => format!("{field}은(는) '{value}'이(가) 아니라 {}와(과) 비교합니다", wants_ko(*wants)),
            NeedsText(f) => format!("contains 뒤에는 따옴표로 감싼 텍스트가 와야 합니다 (예: {f} contains \"GET\")"),
            NotComparable { field, kind: Kind::Mark } => format!("{field}은(는) 분석 표시입니다: 비교 없이 그대로 쓰세요"),
            NotComparable { field, .. } => format!("{field}은(는) 프로토콜입니다: 그대로 쓰거나 contains \"텍스트\"와 함께 쓰세요"),
            OrderOnBytes(f) => format!("{f}은(는) 바이트입니다: ==, != 또는 contains로 비교하세요"),
            TooDeep => format!("중첩이 너무 깊습니다 (괄호와 not은 최대 {MAX_DEPTH}개)"),
            TooLong => format!("필터가 너무 깁니다 (최대 {MAX_LEN}자)"),
        }
    }
}

fn wants_en(k: Kind) -> &'static str {
    match k {
        Kind::Address => "an address such as 10.0.0.1 or 10.0.0.0/24",
        Kind::Flag => "0 or 1",
        Kind::Bytes | Kind::Protocol => "text in quotes",
        Kind::Number | Kind::Mark => "a number such as 80 or 0x50",
    }
}

fn wants_ko(k: Kind) -> &'static str {
    match k {
        Kind::Address => "10.0.0.1이나 10.0.0.0/24 같은 주소",
        Kind::Flag => "0 또는 1",
        Kind::Bytes | Kind::Protocol => "따옴표로 감싼 텍스트",
        Kind::Number | Kind::Mark => "80이나 0x50 같은 숫자",
    }
}
