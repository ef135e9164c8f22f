#!/usr/bin/env bash
# Every check, in order of cost: format, lint, native tests, the core and the web crate
# compiled to wasm and tested in headless Chromium, then the built page end to end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=/dev/null
source target/sockscope-env.sh

step() { printf '\n\033[1;34m== %s\033[0m\n' "$*"; }
start=$SECONDS

step "rustfmt"
cargo fmt --all --check

step "layering: no module imports itself in a circle (docs/ARCHITECTURE.md)"
python3 scripts/import-graph.py core/src >/dev/null || python3 scripts/import-graph.py core/src
python3 scripts/import-graph.py web/src >/dev/null || python3 scripts/import-graph.py web/src

step "clippy (native and wasm32, -D warnings)"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy --workspace --target wasm32-unknown-unknown --locked -- -D warnings

step "native tests"
cargo test --workspace --locked

step "core compiled to wasm, in headless Chromium"
wasm-pack test --headless --chrome core --locked

step "web compiled to wasm, in headless Chromium"
wasm-pack test --headless --chrome web --locked

step "release build (dist/)"
bash scripts/build-dist.sh

step "end-to-end tests in headless Chromium"
(cd tests && npm test)

step "all checks passed in $((SECONDS - start)) s"
