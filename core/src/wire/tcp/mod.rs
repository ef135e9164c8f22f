//! TCP on the wire (RFC 9293): sequence arithmetic, control bits, options and segments.

mod flags;
mod options;
mod segment;
mod seq_number;

pub use flags::*;
pub use options::*;
pub use segment::*;

pub(crate) use options::{
    KIND_EOL, KIND_MSS, KIND_NOP, KIND_SACK, KIND_SACK_PERMITTED, KIND_TIMESTAMPS,
    KIND_WINDOW_SCALE,
};
pub(crate) use segment::field;
pub use seq_number::*;
