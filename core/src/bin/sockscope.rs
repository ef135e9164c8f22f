//! The command-line runner: replays a scenario file and writes its event log (text and
//! JSON) and a pcap, for teachers preparing material and for tests.
//!
//! ```text
//! sockscope run lesson.json [--pcap out.pcap] [--json log.json] [--text log.txt] [--lang en|ko]
//! sockscope check lesson.json
//! sockscope share lesson.json
//! sockscope drill script.pkt...
//! ```

use sockscope_core::teach::explain::{describe, Lang};
use sockscope_core::teach::scenario::Scenario;
use std::process::ExitCode;

const USAGE: &str = "usage:
  sockscope run FILE.json [--pcap OUT.pcap] [--json OUT.json] [--text OUT.txt] [--lang en|ko]
      Replays the scenario. Without --text, the text log goes to standard output.
  sockscope check FILE.json
      Loads the scenario and reports the first problem, without running it.
  sockscope share FILE.json
      Prints the share-link fragment (#v1....) that opens the scenario in the playground.
  sockscope drill [--tolerance_usecs N] [--lenient-options] [--profile rfc|linux|freebsd] [-D NAME] FILE.pkt...
      Runs packetdrill scripts against the simulated TCP (see CONFORMANCE.md).
  sockscope drill --record FILE.json [-o OUT.pkt]
      Writes the scenario's first TCP connection as a packetdrill script.";

struct Options {
    file: String,
    pcap: Option<String>,
    json: Option<String>,
    text: Option<String>,
    lang: Lang,
}

fn parse_args(args: &[String]) -> Result<(String, Options), String> {
    let (cmd, rest) = args.split_first().ok_or("no command given")?;
    let mut file = None;
    let mut o = Options {
        file: String::new(),
        pcap: None,
        json: None,
        text: None,
        lang: Lang::En,
    };
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or(format!("{name} needs a file name"))
        };
        match a.as_str() {
            "--pcap" => o.pcap = Some(value("--pcap")?),
            "--json" => o.json = Some(value("--json")?),
            "--text" => o.text = Some(value("--text")?),
            "--lang" => {
                let l = value("--lang")?;
                o.lang =
                    Lang::from_code(&l).ok_or(format!("unknown language {l}: use en or ko"))?;
            }
            "-h" | "--help" => return Err(String::new()),
            f if !f.starts_with('-') && file.is_none() => file = Some(f.to_string()),
            other => return Err(format!("unexpected argument {other}")),
        }
    }
    o.file = file.ok_or("no scenario file given")?;
    Ok((cmd.clone(), o))
}

/// Reads a scenario file, at most one byte past the largest scenario: `check /dev/zero`
/// must not read until memory runs out.
fn load(path: &str) -> Result<Scenario, String> {
    use std::io::Read;
    let limit = sockscope_core::teach::scenario::MAX_JSON_BYTES;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read {path}: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "{path}: the file is longer than {limit} bytes, more than any scenario needs"
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| format!("{path}: not UTF-8 text"))?;
    Scenario::from_json(&text).map_err(|e| format!("{path}: {e}"))
}

fn write(path: &str, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {path}: {e}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(("drill", rest)) = args.split_first().map(|(c, r)| (c.as_str(), r)) {
        return ExitCode::from(sockscope_core::teach::drill::cli(rest));
    }
    let (cmd, o) = match parse_args(&args) {
        Ok(x) => x,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("sockscope: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let result = match cmd.as_str() {
        "check" => load(&o.file)
            .and_then(|s| {
                s.build()
                    .map(|_| ())
                    .map_err(|e| format!("{}: {e}", o.file))
            })
            .map(|()| {
                println!("{}: ok", o.file);
            }),
        "run" => run(&o),
        "share" => load(&o.file).and_then(|s| {
            let link = sockscope_core::teach::share::try_encode(&s)
                .map_err(|e| format!("{}: cannot share: {e}", o.file))?;
            println!("#{link}");
            Ok(())
        }),
        other => Err(format!("unknown command {other}\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("sockscope: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(o: &Options) -> Result<(), String> {
    let scenario = load(&o.file)?;
    if let Some(note) = scenario
        .work()
        .notice(sockscope_core::teach::explain::Lang::En)
    {
        eprintln!("{}: {note}", o.file);
    }
    let run = scenario.run().map_err(|e| format!("{}: {e}", o.file))?;
    let world = &run.world;
    let mut text = String::new();
    for e in world.log().events() {
        let who = e
            .host
            .and_then(|h| world.host(h))
            .map(|h| h.name.as_str())
            .unwrap_or("-");
        text.push_str(&format!(
            "{:>12}  {who:<4} {}\n",
            e.at.to_string(),
            describe(o.lang, world, e)
        ));
    }
    match &o.text {
        Some(path) => write(path, text.as_bytes())?,
        None => print!("{text}"),
    }
    if let Some(path) = &o.json {
        let json = serde_json::to_string_pretty(world.log().events()).map_err(|e| e.to_string())?;
        write(path, json.as_bytes())?;
    }
    if let Some(path) = &o.pcap {
        write(path, &world.pcap())?;
    }
    eprintln!(
        "{}: {} events, {} packets, ended at {}",
        o.file,
        world.log().len(),
        world.capture().len(),
        world.now()
    );
    // A lesson's checks, expected results and predictions are part of the run: a teacher
    // preparing one hears at once which of them the run does not bear out.
    for f in &run.failures {
        eprintln!("{}: {f}", o.file);
    }
    if !run.failures.is_empty() {
        return Err(format!(
            "{}: {} expectation(s) not met",
            o.file,
            run.failures.len()
        ));
    }
    Ok(())
}
