//! What the console panel shows: each line typed or run by a button, and its answer.

/// Console text longer than this is cut for display (a 4 KB send stays readable).
pub const CONSOLE_CLIP: usize = 240;

pub(super) fn clip(text: String) -> String {
    match text.char_indices().nth(CONSOLE_CLIP) {
        Some((cut, _)) => format!("{}… ({} characters)", &text[..cut], text.chars().count()),
        None => text,
    }
}

/// One console exchange as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsoleLine {
    pub input: String,
    pub output: Result<String, String>,
    /// Things done in the run (`Moment::done`) once the line had run.
    pub done: u64,
    /// The line lies after the moment viewed ("not yet at this time").
    pub future: bool,
}

impl ConsoleLine {
    pub fn new(input: String, output: Result<String, String>) -> Self {
        ConsoleLine {
            input,
            output,
            done: 0,
            future: false,
        }
    }
}
