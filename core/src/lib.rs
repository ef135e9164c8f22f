//! Sockscope's protocol core: a deterministic, sans-IO TCP/IP simulator.
//!
//! Everything here runs on a virtual clock with one seeded random generator and ordered
//! maps, so the same seed and the same commands give the same run, byte for byte, natively
//! and compiled to WebAssembly. Nothing in this crate touches a browser, a socket of the
//! real operating system, or the wall clock.
//!
//! The one boundary is [`World`]: commands in (spawn hosts, socket calls, hands on
//! packets), time moved on request ([`World::step`], [`World::run_until`]), and snapshots
//! and the [`EventLog`] out.

pub mod call;
pub mod endpoint;
pub mod errno;
pub mod host;
pub mod ids;
pub mod lang;
pub mod link;
pub mod log;
pub mod network;
pub mod rng;
pub mod route;
pub mod socket;
pub mod tcp;
pub mod teach;
pub mod testkit;
pub mod time;
pub mod topology;
pub mod wire;
pub mod workload;
pub mod world;

pub use endpoint::{AddrParseError, Endpoint};
pub use errno::Errno;
pub use host::{Host, HostError, HostId};
pub use log::{Event, EventKind, EventLog};
pub use network::{PacketId, PathSettings};
pub use socket::{Protocol, Shutdown, SocketId};
pub use time::{Duration, Instant};
pub use world::{Config, World};

#[cfg(all(test, target_arch = "wasm32"))]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
