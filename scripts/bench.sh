#!/usr/bin/env bash
# Every benchmark of BENCHMARKS.md, one after the other, each printing its table:
# bulk transfer (Sockscope and smoltcp), scale (10,000 connections), and the bulk transfer
# compiled to wasm in headless Chromium, from dist/ (the simulator core at opt-level 3, the
# rest of the app at "s") and from a build with everything at opt-level 3. Not part of
# `make test`: a full run takes several minutes.
# BENCH_MB, BENCH_RUNS and BENCH_CONNECTIONS scale it down for a quick look.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=/dev/null
source target/sockscope-env.sh
out=target/bench
mkdir -p "$out"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(rustc --version); load $(cut -d' ' -f1-3 /proc/loadavg)"

cargo bench -q -p sockscope-core --bench bulk | tee "$out/bulk.txt"
echo
cargo bench -q -p sockscope-core --bench scale | tee "$out/scale.txt"
cargo bench -q -p sockscope-core --bench checkpoint | tee "$out/checkpoint.txt"
echo

# The same release build with everything at opt-level 3, beside dist/ (only the core at 3).
o3="$out/o3"
rm -rf "$o3" && mkdir -p "$o3/pkg"
CARGO_PROFILE_RELEASE_OPT_LEVEL=3 wasm-pack build web --release --target web --no-typescript \
  --no-pack --out-dir "$ROOT/$out/pkg-o3" --out-name sockscope_web >&2
cp index.html style.css favicon.svg "$o3/"
cp "$out/pkg-o3/sockscope_web.js" "$out/pkg-o3/sockscope_web_bg.wasm" "$o3/pkg/"

cd tests
node bench-wasm.mjs "$ROOT/dist" 'dist/ (release: core at opt-level 3, the rest "s")' "$ROOT/$out/bulk.txt"
echo
node bench-wasm.mjs "$ROOT/$o3" "release, everything at opt-level 3" "$ROOT/$out/bulk.txt"
