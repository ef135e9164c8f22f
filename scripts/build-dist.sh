#!/usr/bin/env bash
# Builds the release wasm and assembles dist/: a static folder with relative paths only,
# which works copied to any web host, a course site's sub-path included.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=/dev/null
source target/sockscope-env.sh
wasm-pack build web --release --target web --no-typescript --no-pack --out-dir "$ROOT/target/pkg" --out-name sockscope_web >&2
rm -rf dist
mkdir -p dist/pkg
cp index.html embed-demo.html style.css favicon.svg dist/
cp target/pkg/sockscope_web.js target/pkg/sockscope_web_bg.wasm dist/pkg/
wasm="$(stat -c %s dist/pkg/sockscope_web_bg.wasm)"
gz="$(cat dist/pkg/sockscope_web_bg.wasm dist/pkg/sockscope_web.js | gzip -9 | wc -c)"
echo "dist/ ready: wasm ${wasm} bytes; wasm + JS gzipped ${gz} bytes" >&2
