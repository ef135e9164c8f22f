//! The ladder (sequence) diagram: one timeline per host, time running down, every packet
//! an arrow from its sender at the moment it left to its receiver at the moment it
//! arrived. Drops end short with a red ×, retransmissions are dashed, packets still on
//! the wire end at "now". Click an arrow to inspect its packet.
//!
//! `model` picks the packets from the log, `axis` lays out lanes and time, `labels`
//! says what each arrow is and keeps labels apart, `component` draws it.

pub mod axis;
pub mod component;
pub mod labels;
pub mod model;

pub use axis::{fmt_gap, fmt_time};
pub use component::{Ladder, LadderProps};
pub use labels::{packet_class, packet_label};
pub use model::LADDER_MAX;
