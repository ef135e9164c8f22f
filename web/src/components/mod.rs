//! One panel per file (the ladder, a folder), props beside it. Each panel takes the few
//! values it shows (the world only with the version it was taken at, see `view`) and a
//! callback for actions: values down, actions up.

pub mod call_form;
pub mod console;
pub mod controls;
pub mod dock;
pub mod event_log;
pub mod hosts;
pub mod inspector;
pub mod inspector_frame;
pub mod ladder;
pub mod lesson;
pub mod net_panel;
pub mod net_tools;
pub mod packet_list;
pub mod paths;
pub mod share;
pub mod sockets;
pub mod state_diagram;
pub mod state_strip;
pub mod tcb_panel;
pub mod topology;
pub mod view;
pub mod welcome;
