//! TCP, by RFC 9293.

mod state;

pub use state::State;
