//! packetdrill scripts against Sockscope's TCP: the language trusted stacks are tested
//! with (google/packetdrill `gtests/net/packetdrill/parser.y`, `lexer.l`), run on the
//! virtual clock.
//!
//! The host under test is a simulated host (192.168.0.1); the script's remote end is an
//! external host (192.0.2.1) on a link without delay, so times in a script are the times
//! the stack acts, exactly. `<` lines are built into IPv4 datagrams with correct checksums
//! and injected; `>` lines are matched against what the stack sends. System calls map onto
//! the world's BSD calls. What we do not model (shell commands, most socket options, UDP)
//! is reported as skipped with a reason, never passed silently.
//!
//! Sequence numbers are packetdrill's relative ones: inbound sequence numbers count from
//! the remote ISN (the first injected SYN's sequence number is the baseline), and the
//! stack's own ISN is learned from the first SYN or SYN-ACK it sends.

mod ast;
mod calls;
mod interp;
mod lexer;
mod matcher;
mod parser;
mod record;

pub use ast::{Action, Event, Script, Segment, Time};
pub use interp::{Outcome, Report, RunOptions, Skip};
pub use record::record_scenario;

use std::fmt;

/// A script that does not parse: where, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DrillError {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl DrillError {
    pub fn new(line: u32, col: u32, message: impl Into<String>) -> Self {
        DrillError {
            line,
            col,
            message: message.into(),
        }
    }
}

impl fmt::Display for DrillError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "line {} column {}: {}",
            self.line, self.col, self.message
        )
    }
}

impl std::error::Error for DrillError {}

/// Parses a script; `defined` are the names `#ifdef` sees as defined.
pub fn parse(src: &str, defined: &[String]) -> Result<Script, DrillError> {
    let src = lexer::preprocess(src, defined)?;
    let toks = lexer::lex(&src)?;
    parser::Parser::new(toks).script()
}

/// Parses and runs a script on a fresh world.
pub fn run_source(src: &str, opts: &RunOptions) -> Result<Report, DrillError> {
    let script = parse(src, &opts.defines)?;
    Ok(interp::run(&script, opts))
}

/// `sockscope drill [--tolerance_usecs N] [--lenient-options] [-D NAME] FILE.pkt...` and
/// `sockscope drill --record SCENARIO.json [-o OUT.pkt]`: the command-line entry, kept here
/// so the binary only dispatches. Returns the process exit code.
pub fn cli(args: &[String]) -> u8 {
    let mut opts = RunOptions::default();
    let mut files = Vec::new();
    let mut record = None;
    let mut out = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or(format!("{name} needs a value"));
        let r: Result<(), String> = match a.as_str() {
            "--lenient-options" => {
                opts.lenient_options = true;
                Ok(())
            }
            "--ignore-window" => {
                opts.ignore_window = true;
                Ok(())
            }
            "--tolerance_usecs" | "--tolerance-usecs" => value(a).and_then(|v| {
                v.parse()
                    .map(|n| opts.tolerance_usecs = Some(n))
                    .map_err(|_| format!("bad tolerance {v}"))
            }),
            "-D" => value(a).map(|v| opts.defines.push(v)),
            "--profile" => value(a).and_then(|v| {
                crate::tcp::StackProfile::from_name(&v)
                    .map(|p| opts.profile = p)
                    .ok_or(format!("unknown profile {v}: rfc, linux or freebsd"))
            }),
            "--record" => value(a).map(|v| record = Some(v)),
            "-o" => value(a).map(|v| out = Some(v)),
            f if !f.starts_with('-') => {
                files.push(f.to_string());
                Ok(())
            }
            other => Err(format!("unexpected argument {other}")),
        };
        if let Err(e) = r {
            eprintln!("sockscope drill: {e}");
            return 2;
        }
    }
    if let Some(path) = record {
        return cli_record(&path, out.as_deref());
    }
    if files.is_empty() {
        eprintln!("sockscope drill: no script given");
        return 2;
    }
    let mut failed = 0;
    for f in &files {
        let report = std::fs::read_to_string(f)
            .map_err(|e| format!("cannot read {f}: {e}"))
            .and_then(|src| run_source(&src, &opts).map_err(|e| format!("{f}: {e}")));
        match report {
            Ok(r) => {
                say(&format!("{f}: {}", r.render()));
                failed += u32::from(matches!(r.outcome, Outcome::Fail(_)));
            }
            Err(e) => {
                say(&e);
                failed += 1;
            }
        }
    }
    u8::from(failed > 0)
}

/// Prints a line; a closed pipe (`| head`) is not an error worth a panic.
fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout(), "{line}");
}

fn cli_record(path: &str, out: Option<&str>) -> u8 {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("sockscope drill: cannot read {path}: {e}");
            return 1;
        }
    };
    let script = crate::teach::scenario::Scenario::from_json(&text)
        .map_err(|e| e.to_string())
        .and_then(|s| record_scenario(&s, None));
    match (script, out) {
        (Ok(s), Some(o)) => match std::fs::write(o, s) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("sockscope drill: cannot write {o}: {e}");
                1
            }
        },
        (Ok(s), None) => {
            say(s.trim_end());
            0
        }
        (Err(e), _) => {
            eprintln!("sockscope drill: {path}: {e}");
            1
        }
    }
}
