//! The bulk-transfer benchmark compiled to WebAssembly: the same deterministic workload the
//! native benchmark runs (`sockscope_core::workload::bulk`), called from a page by
//! `tests/bench-wasm.mjs`, which times it with `performance.now()` and compares it with
//! the native run (BENCHMARKS.md). Not part of the playground's interface.

use sockscope_core::workload::{self, BulkSpec};
use wasm_bindgen::prelude::*;

/// Moves `megabytes` MB over one connection with `loss_ppm` random loss each way (seeded
/// by `seed`), checks every byte, and returns the run's counts as JSON. Numbers that can
/// pass 2^53 (the digest) are strings, since JavaScript numbers would round them.
#[wasm_bindgen(js_name = "__sockscopeBenchBulk")]
pub fn bench_bulk(megabytes: u32, loss_ppm: u32, seed: u32) -> String {
    let spec = BulkSpec::megabytes(megabytes.into(), loss_ppm, seed.into());
    let r = workload::bulk(&spec);
    format!(
        r#"{{"bytes":{},"packets":{},"lost":{},"events":{},"steps":{},"virtual_micros":{},"digest":"{}"}}"#,
        r.bytes, r.packets, r.lost, r.events, r.steps, r.virtual_micros, r.digest
    )
}
