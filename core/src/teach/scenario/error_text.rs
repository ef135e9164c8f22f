//! Why a scenario was refused, in the page's language. `Display` is the English text (the
//! command-line runner prints it); [`ScenarioError::message`] gives either language, with
//! the nested host and step errors in the same language.

use super::{ScenarioError, VERSION};
use crate::lang::Lang;

/// The words for a part of a scenario that has a limit, in `lang`.
fn part(what: &str, lang: Lang) -> &str {
    if lang == Lang::En {
        return what;
    }
    match what {
        "bytes to send" => "보낼 바이트",
        "predictions" => "예측 질문",
        "hosts" => "호스트",
        "steps" => "단계",
        "faults" => "고장",
        "checks and predictions" => "확인과 예측 질문",
        "milliseconds of virtual time" => "가상 시간(밀리초)",
        other => other,
    }
}

/// The words for a scenario that asks for more than a tab can hold.
pub(super) fn too_much(what: &str, asked: u64, limit: u64, lang: Lang) -> String {
    match lang {
        Lang::En => format!(
            "this scenario asks for {asked} {what}, more than a browser tab can hold (the limit is {limit})"
        ),
        Lang::Ko => format!(
            "이 시나리오가 요구하는 {}({asked})가 브라우저 탭이 감당할 수 있는 한도({limit})를 넘습니다",
            part(what, lang)
        ),
    }
}

impl ScenarioError {
    /// Why the scenario was refused, in `lang`; the English one is the `Display` text.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.to_string();
        }
        match self {
            ScenarioError::Json(e) => format!("올바른 시나리오가 아닙니다: {e}"),
            ScenarioError::Version(v) => format!(
                "시나리오 버전 {v}은(는) 읽을 수 없습니다 (이 빌드는 버전 {VERSION}을(를) 읽습니다)"
            ),
            ScenarioError::Host { index, error } => {
                format!("호스트 {}: {}", index + 1, error.message(lang))
            }
            ScenarioError::UnknownHost { what, name } => {
                format!("{what}: 이름이 {name}인 호스트가 없습니다")
            }
            ScenarioError::BadSetting { what, message } => {
                format!("{what} 설정이 잘못되었습니다: {message}")
            }
            ScenarioError::Step { index, line, error } => {
                format!("{}번째 단계 ({line}): {}", index + 1, error.message(lang))
            }
            ScenarioError::TooLong { what, limit } => {
                format!("{}이(가) 너무 많습니다 (한도는 {limit})", part(what, lang))
            }
            ScenarioError::TooMuchWork { what, asked, limit } => {
                too_much(what, *asked, *limit, lang)
            }
            ScenarioError::TooBig { len, limit } => {
                format!("시나리오가 {len}바이트로, 한도({limit}바이트)를 넘습니다")
            }
        }
    }
}
