//! One panel per file, props beside it.

pub mod controls;
pub mod event_log;
pub mod hosts;
