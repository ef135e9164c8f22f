#!/usr/bin/env bash
# Builds the release wasm and assembles dist/: a static folder with relative paths only,
# which works copied to any web host, a course site's sub-path included.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=/dev/null
source target/sockscope-env.sh
# SOCKSCOPE_DEV_BUILD=1: an unoptimised build, minutes faster, for trying the page while working.
profile="--release"
[ -n "${SOCKSCOPE_DEV_BUILD:-}" ] && profile="--dev"
wasm-pack build web "$profile" --target web --no-typescript --no-pack --out-dir "$ROOT/target/pkg" --out-name sockscope_web >&2
rm -rf dist
mkdir -p dist/pkg
cp index.html embed-demo.html favicon.svg dist/
# One stylesheet for the page: the base, then each area's rules (styles/*.css, name order).
cat style.css > dist/style.css
for css in styles/*.css; do
    [ -e "$css" ] || continue
    printf '\n/* %s */\n' "$css" >> dist/style.css
    cat "$css" >> dist/style.css
done
cp target/pkg/sockscope_web.js target/pkg/sockscope_web_bg.wasm dist/pkg/
wasm="$(stat -c %s dist/pkg/sockscope_web_bg.wasm)"
gz="$(cat dist/pkg/sockscope_web_bg.wasm dist/pkg/sockscope_web.js | gzip -9 | wc -c)"
echo "dist/ ready: wasm ${wasm} bytes; wasm + JS gzipped ${gz} bytes" >&2
