//! Console answers in the page's language. `Display` stays the English text (the
//! command-line runner, logs and lesson `expect`s read it); `message(lang)` is what the
//! page shows, each language in its own word order.

use super::{calls, CommandError, Op, Value};
use crate::errno::Errno;
use crate::lang::Lang;

/// "1 byte", "6 bytes": a count of bytes in English (the one wording the log, the
/// inspector and the console share).
pub use crate::wire::dissect::bytes_en as bytes;

impl Value {
    /// What the call returned, in `lang`; the English one is the `Display` text.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            Value::Done => "완료".into(),
            Value::Socket { id } => format!("소켓 {id}"),
            Value::Sent { len } => format!("{len}바이트를 보내기 위해 받아들였습니다"),
            Value::Received { data, .. } if data.is_empty() => {
                "0바이트: 스트림의 끝입니다 (상대가 닫았습니다)".into()
            }
            Value::Received { data, from } => {
                let text = format!("{} ({}바이트)", super::quote(data), data.len());
                match from {
                    Some(ep) => format!("{ep}에서 받음: {text}"),
                    None => text,
                }
            }
            Value::Accepted { id, remote } => format!("소켓 {id}, {remote}와(과) 연결됨"),
            Value::Endpoint(ep) => ep.to_string(),
            Value::Connecting => "SYN을 보냈습니다. 연결하는 중…".into(),
            Value::Text { ko, .. } => ko.clone(),
        }
    }
}

impl CommandError {
    /// Why the line could not run, in `lang`; the English one is the `Display` text.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            CommandError::Parse { column, ko, .. } => format!("{column}번째 열: {ko}"),
            CommandError::Address(e) => e.message(lang),
            CommandError::NoHost => {
                "이 호출을 실행할 호스트를 \"A: socket(tcp)\"처럼 적어 주세요".into()
            }
            CommandError::UnknownHost(h) => format!("이름이 {h}인 호스트가 없습니다"),
            CommandError::UnknownVariable { host, name } => format!(
                "호스트 {host}에는 {name}(이)라는 소켓이 없습니다: \"{host}: {name} = socket(tcp)\"로 만드세요"
            ),
            CommandError::NothingToAssign => {
                "이름을 붙일 소켓을 돌려주는 호출은 socket()과 accept()뿐입니다".into()
            }
            CommandError::Host(e) => e.message(lang),
            CommandError::Packet(e) => e.message(lang),
            CommandError::Net(e) => e.message(lang),
            CommandError::Errno(e) => e.message(lang),
        }
    }

    /// The message for this error of the call `op`, in `lang`: an EAGAIN says what the
    /// call is waiting for (a connection for accept, data for recv), since "would block"
    /// alone tells a learner nothing.
    pub fn message_for(&self, op: &Op, lang: Lang) -> String {
        let waiting = match (self, op) {
            (CommandError::Errno(Errno::WouldBlock), Op::Accept { .. }) => Some(match lang {
                Lang::En => "no connection waiting yet",
                Lang::Ko => "아직 기다리는 연결이 없습니다",
            }),
            (CommandError::Errno(Errno::WouldBlock), Op::Recv { .. } | Op::RecvFrom { .. }) => {
                Some(match lang {
                    Lang::En => "no data has arrived yet",
                    Lang::Ko => "아직 도착한 데이터가 없습니다",
                })
            }
            _ => None,
        };
        match (waiting, lang) {
            (Some(w), Lang::En) => format!("EAGAIN: {w}; let time run and try again"),
            (Some(w), Lang::Ko) => format!("EAGAIN: {w}. 시간을 흐르게 한 뒤 다시 해 보세요"),
            (None, _) => self.message(lang),
        }
    }
}

/// The console's answer to `help`, `help()`, `help(call)` or `?`, in `lang`; `None` for
/// any other line (which then runs as a call). Help is the page's, not a host's: it is
/// not a command and is never recorded.
pub fn help_line(line: &str, lang: Lang) -> Option<String> {
    let t = line.trim();
    if t == "?" || t.eq_ignore_ascii_case("help") {
        return calls::help(None, lang);
    }
    let inner = t
        .strip_prefix("help")
        .or_else(|| t.strip_prefix("HELP"))?
        .trim()
        .strip_prefix('(')?
        .strip_suffix(')')?
        .trim();
    if inner.is_empty() {
        return calls::help(None, lang);
    }
    Some(
        calls::help(Some(inner), lang).unwrap_or_else(|| match lang {
            Lang::En => format!("help: {}", calls::unknown(inner, lang)),
            Lang::Ko => format!("도움말: {}", calls::unknown(inner, lang)),
        }),
    )
}
