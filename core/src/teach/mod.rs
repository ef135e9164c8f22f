//! Teaching, above the simulator: the console language, explanations in English and
//! Korean, scenarios and their scripts, lessons and their catalog, share links, the
//! session that plays them all, and the packetdrill interpreter. Nothing below this folder
//! imports it (docs/ARCHITECTURE.md).

pub mod capture;
pub mod catalog;
pub mod command;
pub mod drill;
pub mod explain;
pub mod lesson;
pub mod scenario;
pub mod script;
pub mod session;
pub mod share;
