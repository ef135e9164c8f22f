//! What the user does to the run: load a scenario or a link, run a console line, press a
//! button that makes a stage line.

use super::console::clip;
use super::{ConsoleLine, Playground, CONSOLE_LIMIT, SNAPSHOT_EVERY_MS};
use crate::i18n::{t, Key};
use sockscope_core::teach::command::{Command, Op};
use sockscope_core::teach::scenario::Scenario;
use sockscope_core::teach::session::{Act, Pace, Session};
use sockscope_core::{HostId, Instant, PathSettings};
use std::rc::Rc;

impl Playground {
    pub(super) fn load(&mut self, scenario: &Scenario) {
        // A shared run replays as its own scenario's steps, and is shared on as is.
        let clean = Rc::new(Scenario {
            position_us: None,
            ..scenario.clone()
        });
        match Session::new(clean.clone()) {
            Ok(mut session) => {
                // Steps at time zero set the stage at once; a share link goes on to the
                // moment it was made, straight through its lesson's words and questions.
                let to = scenario.position_us.map(Instant);
                session.set_pace(if to.is_some() {
                    Pace::Straight
                } else {
                    Pace::Guided
                });
                self.session.set(session);
                self.console_lines.get_mut().clear();
                self.reset_timeline();
                self.positions.clear();
                self.selected_packet = None;
                self.selected_socket = None;
                self.selected_host = None;
                self.playing = false;
                self.snapshot_wait = SNAPSHOT_EVERY_MS;
                self.scenario = clean;
                self.place_new_hosts();
                // A lesson opens on its start screen (its intro), with nothing run yet:
                // Start plays it, so the words of a step at 0 ms come after the intro.
                if to.is_some() || self.scenario.lesson.is_none() {
                    self.catch_up(to);
                } else {
                    self.floor = self.session.get().moment().done;
                }
                self.session.get_mut().set_pace(Pace::Guided);
                self.place_new_hosts();
                self.sync();
                // A heavy run keeps a bounded log and no capture: say so.
                if let Some(n) = self.scenario.work().notice(self.lang) {
                    self.notice = Some(n);
                }
            }
            Err(e) => {
                self.notice = Some(e.message(self.lang));
            }
        }
    }

    /// Opens a share link's fragment; a broken one leaves an empty playground and says
    /// what is wrong with it.
    pub(super) fn open_link(&mut self, fragment: &str) {
        match sockscope_core::teach::share::decode(fragment) {
            Ok(s) => {
                self.load(&s);
                self.link_kept = self.notice.is_none();
            }
            Err(e) => {
                self.load(&Scenario::empty());
                self.link_kept = false;
                self.notice = Some(format!(
                    "{}: {}",
                    t(self.lang, Key::BadLink),
                    e.message(self.lang)
                ));
            }
        }
    }

    /// Runs a stage line the page's buttons make; the session records it (share links
    /// carry it).
    pub(super) fn stage(&mut self, op: Op) {
        let cmd = Command {
            host: None,
            assign: None,
            op,
        };
        let input = cmd.to_string();
        let result = self.act(Act::Line(cmd));
        match result {
            Ok(v) => {
                self.place_new_hosts();
                // The console shows the line the button ran: the same can be typed.
                self.push_line(ConsoleLine::new(
                    input,
                    Ok(v.map(|v| v.message(self.lang)).unwrap_or_default()),
                ));
            }
            Err(e) => self.notice = Some(e.message(self.lang)),
        }
    }

    pub(super) fn run_command(&mut self, line: String) {
        let input = line.trim().to_string();
        if input.is_empty() {
            return;
        }
        // `help` is the page's answer, not a call: nothing runs or is recorded.
        if let Some(help) = sockscope_core::teach::command::help_line(&input, self.lang) {
            return self.push_line(ConsoleLine::new(input, Ok(help)));
        }
        self.session.get_mut().checkpoint();
        let lang = self.lang;
        let output = match input.parse::<Command>() {
            Ok(cmd) => {
                let op = cmd.op.clone();
                let result = self.act(Act::Line(cmd));
                self.place_new_hosts();
                result
                    .map(|v| v.map(|v| v.message(lang)).unwrap_or_default())
                    .map_err(|e| e.message_for(&op, lang))
            }
            Err(e) => Err(e.message(lang)),
        };
        self.push_line(ConsoleLine::new(input, output));
    }

    pub(super) fn push_line(&mut self, line: ConsoleLine) {
        let done = self.session.get().moment().done;
        let mut lines = self.console_lines.get_mut();
        lines.push_back(ConsoleLine {
            input: clip(line.input),
            output: line.output.map(clip).map_err(clip),
            done,
            future: false,
        });
        if lines.len() > CONSOLE_LIMIT {
            lines.pop_front();
        }
    }

    pub(super) fn set_path(&mut self, a: HostId, b: HostId, both: bool, settings: PathSettings) {
        let name = |id| self.world.get().host(id).map(|h| h.name.clone());
        let (Some(from), Some(to)) = (name(a), name(b)) else {
            self.notice = Some(sockscope_core::HostError::UnknownHost.message(self.lang));
            return;
        };
        self.stage(Op::Path {
            from,
            to,
            both,
            settings: settings.clamped(),
        });
    }
}
