//! TCP on the wire (RFC 9293): sequence arithmetic, control bits, options and segments.

mod flags;
mod options;
mod segment;
mod seq_number;

pub use flags::*;
pub use options::*;
pub use segment::*;
pub use seq_number::*;
