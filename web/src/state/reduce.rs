//! The reducer: one action, one new state.

use super::{Action, PacketOp, Playground, SPEEDS};
use sockscope_core::teach::command::{Op, PacketAction};
use sockscope_core::teach::session::Act;
use sockscope_core::Duration;
use std::rc::Rc;
use yew::Reducible;

impl Reducible for Playground {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        if matches!(action, Action::Tick { .. }) && !self.playing {
            return self;
        }
        let mut next = (*self).clone();
        if !matches!(action, Action::Tick { .. }) {
            next.notice = None;
        }
        match action {
            Action::Tick { .. }
            | Action::Step
            | Action::StepBack
            | Action::StepForward
            | Action::ScrubTo(_)
            | Action::ViewAt(_)
            | Action::SwitchBranch(_)
            | Action::New
            | Action::Restart => next.time_action(action),
            Action::Play => next.playing = true,
            Action::Pause => next.playing = false,
            Action::SetSpeed(s) => next.speed = s.clamp(SPEEDS[0], SPEEDS[SPEEDS.len() - 1]),
            Action::RunCommand(line) => next.run_command(line),
            Action::LoadScenario(s) => {
                next.load(&s);
                next.link_kept = false;
                next.edits += 1;
            }
            Action::SpawnHost { name, addr } => {
                let valid = sockscope_core::endpoint::parse_ipv4(&addr)
                    .map_err(sockscope_core::HostError::Address)
                    .and_then(|addr| {
                        sockscope_core::host::validate_name(&name)?;
                        sockscope_core::host::validate_host_addr(addr)?;
                        Ok(addr)
                    });
                match valid {
                    Ok(addr) => next.stage(Op::Spawn { name, addr }),
                    Err(e) => next.notice = Some(e.message(next.lang)),
                }
            }
            Action::RemoveHost(id) => {
                let name = next.world.get().host(id).map(|h| h.name.clone());
                if let Some(name) = name {
                    next.stage(Op::Remove { name });
                }
            }
            Action::Ping { from, to } => {
                let host = next.world.get().host(from).map(|h| h.name.clone());
                next.run_command(format!("{}: ping({to})", host.unwrap_or_default()));
            }
            Action::Packet { id, op } => {
                let action = match op {
                    PacketOp::Drop => PacketAction::Drop,
                    PacketOp::Hold => PacketAction::Hold,
                    PacketOp::Release => PacketAction::Release,
                    PacketOp::Duplicate => PacketAction::Duplicate,
                    PacketOp::Delay => PacketAction::Delay(Duration::from_millis(50)),
                };
                next.stage(Op::Packet { id, action });
            }
            Action::SelectPacket(p) => next.selected_packet = p,
            Action::SelectSocket(s) => next.selected_socket = s,
            Action::SelectHost(h) => next.selected_host = h,
            Action::SetLang(l) => next.lang = l,
            Action::MoveHost { id, x, y } => {
                // A router the user placed stays where it was put.
                next.floating.remove(&id);
                next.positions
                    .insert(id, (x.clamp(40, 960), y.clamp(40, 560)));
            }
            Action::SetPath { src, dst, settings } => next.set_path(src, dst, false, settings),
            Action::SetLink { a, b, settings } => next.set_path(a, b, true, settings),
            Action::Answer(choice) => {
                let open = next
                    .lesson
                    .question
                    .as_ref()
                    .is_some_and(|q| q.choice.is_none());
                if open {
                    let _ = next.act(Act::Answer(choice));
                    next.playing = true;
                }
            }
            Action::CloseQuestion => {
                let _ = next.act(Act::CloseQuestion);
            }
            Action::Lesson(a) => next.lesson_action(a),
            Action::OpenLink(fragment) => next.open_link(&fragment),
            Action::Notice(text) => next.notice = Some(text),
            Action::Packets(a) => next.packets.apply(a),
        }
        next.sync();
        Rc::new(next)
    }
}
