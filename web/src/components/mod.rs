//! One panel per file, props beside it. Every panel takes the shared state and a
//! callback for actions: state down, actions up.

pub mod console;
pub mod controls;
pub mod event_log;
pub mod hosts;
pub mod inspector;
pub mod ladder;
pub mod lesson;
pub mod paths;
pub mod share;
pub mod sockets;
pub mod state_diagram;
pub mod tcb_panel;
pub mod topology;
