//! What a packetdrill script says, once parsed: header options and timed events.

/// When an event happens, in microseconds (packetdrill's `event_time`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Time {
    /// `1.5`: from the start of the script.
    Absolute(i64),
    /// `+0.1`: after the previous event finished.
    Relative(i64),
    /// `*`: whenever it happens.
    Any,
    /// `a~b`, or `+a~+b` when `relative`.
    Range { from: i64, to: i64, relative: bool },
}

/// A TCP option as written between `<` and `>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TcpOpt {
    Nop,
    Eol,
    Mss(u16),
    WScale(u8),
    SackOk,
    /// Blocks as (left, right), numbers relative like the segment's.
    Sack(Vec<(u32, u32)>),
    Ts {
        val: u32,
        ecr: u32,
    },
    /// An option we do not model (FO, md5, ...): named, for the SKIPPED reason.
    Other(String),
}

/// A TCP segment line: `< S. 0:0(0) ack 1 win 65535 <mss 1460>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// True for `<` (injected), false for `>` (expected from the stack).
    pub inbound: bool,
    /// Control bits as packetdrill letters map them (S F R P . U E W).
    pub flags: u8,
    pub seq: u32,
    pub len: u32,
    pub ack: Option<u32>,
    pub win: Option<u16>,
    pub urg: Option<u16>,
    /// `None` when the script wrote no option list, `Some(None)` for `<...>` (any).
    pub options: Option<Option<Vec<TcpOpt>>>,
    /// packetdrill's IP ECN annotation (`> [ect0] P. 1:11(10)`): the codepoint an
    /// injected datagram carries, or the one a sent datagram must; `None`: not checked
    /// (and Not-ECT when injected).
    pub ecn: Option<IpEcn>,
}

/// The ECN codepoints packetdrill names: `[noecn]`, `[ect0]`, `[ect1]`, `[ect01]` (either
/// ECT codepoint), `[ce]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpEcn {
    NoEcn,
    Ect0,
    Ect1,
    Ect01,
    Ce,
}

impl IpEcn {
    pub fn from_name(name: &str) -> Option<IpEcn> {
        Some(match name {
            "noecn" => IpEcn::NoEcn,
            "ect0" => IpEcn::Ect0,
            "ect1" => IpEcn::Ect1,
            "ect01" => IpEcn::Ect01,
            "ce" => IpEcn::Ce,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            IpEcn::NoEcn => "noecn",
            IpEcn::Ect0 => "ect0",
            IpEcn::Ect1 => "ect1",
            IpEcn::Ect01 => "ect01",
            IpEcn::Ce => "ce",
        }
    }

    /// The codepoint to put on an injected datagram.
    pub fn codepoint(self) -> crate::wire::Ecn {
        use crate::wire::Ecn;
        match self {
            IpEcn::NoEcn => Ecn::NotEct,
            IpEcn::Ect0 | IpEcn::Ect01 => Ecn::Ect0,
            IpEcn::Ect1 => Ecn::Ect1,
            IpEcn::Ce => Ecn::Ce,
        }
    }

    /// Whether a sent datagram's codepoint is what the script expects.
    pub fn matches(self, got: crate::wire::Ecn) -> bool {
        use crate::wire::Ecn;
        match self {
            IpEcn::Ect01 => matches!(got, Ecn::Ect0 | Ecn::Ect1),
            other => other.codepoint() == got,
        }
    }

    /// A sent codepoint in packetdrill's words.
    pub fn of(got: crate::wire::Ecn) -> &'static str {
        use crate::wire::Ecn;
        match got {
            Ecn::NotEct => "noecn",
            Ecn::Ect0 => "ect0",
            Ecn::Ect1 => "ect1",
            Ecn::Ce => "ce",
        }
    }
}

/// One argument of a system call, kept loose: packetdrill's expressions are rich and we
/// only read a few shapes of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Ellipsis,
    Int(i64),
    /// A symbol, or several joined by `|` (`O_RDWR|O_NONBLOCK`).
    Words(Vec<String>),
    Str(String),
    /// `[...]`: a pointer to an int or a list.
    List(Vec<Arg>),
    /// `{...}`: a struct, as `name=value` pairs (value an argument).
    Struct(Vec<(String, Arg)>),
}

/// What a call is expected to return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    Value(i64),
    /// `-1 ENAME`.
    Errno(String),
    /// Any value at all (`= ...`, not in packetdrill but handy), or a symbol we cannot read.
    Any,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    pub name: String,
    pub args: Vec<Arg>,
    pub expect: Expect,
    /// `t1...t2`: the call blocks and returns at `t2` (same kind of time as the start).
    pub end: Option<Time>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Packet(Segment),
    Call(Call),
    Shell(String),
    /// Something we parse but do not model (UDP or ICMP packet, Python code): the reason.
    Unsupported(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub line: u32,
    pub col: u32,
    pub time: Time,
    pub action: Action,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    /// `--name=value` lines of the header, in order.
    pub options: Vec<(String, String)>,
    pub events: Vec<Event>,
}

/// packetdrill's flag letters (`tcp_flag_char` in its parser): F S R P . U E W.
pub const FLAG_LETTERS: [(char, u8); 8] = [
    ('F', 0x01),
    ('S', 0x02),
    ('R', 0x04),
    ('P', 0x08),
    ('.', 0x10),
    ('U', 0x20),
    ('E', 0x40),
    ('W', 0x80),
];

/// The letters of a flags byte, in packetdrill's usual order (`S.`, `F.`, `P.`, `R.`).
pub fn flags_text(flags: u8) -> String {
    let order = ['S', 'F', 'R', 'P', 'U', 'E', 'W', '.'];
    let mut s = String::new();
    for ch in order {
        if let Some((_, bit)) = FLAG_LETTERS.iter().find(|(c, _)| *c == ch) {
            if flags & bit != 0 {
                s.push(ch);
            }
        }
    }
    s
}
