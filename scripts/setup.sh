#!/usr/bin/env bash
# Makes sure of everything the build and the tests need, skipping what is already there,
# so a second run takes seconds. Writes target/sockscope-env.sh, which every other script
# sources to use the same toolchain and tools.
#
# Two paths to a Rust toolchain with a wasm32 std:
#   - the ordinary one (a laptop with rustup): `rustup target add wasm32-unknown-unknown`;
#   - the offline one (machines whose only network is the package registries, see
#     shared/TOOLCHAIN.md): Debian's rustc-web, a wasm32 std built once from its source with
#     -Zbuild-std and installed into its sysroot, linked into rustup as `debian-web`.
# No step may wait on an unreachable download: probes run under `timeout`.
# SOCKSCOPE_OFFLINE_TOOLCHAIN=1 forces the offline path (to test it on a machine where
# rustup works); SOCKSCOPE_TOOLCHAIN=NAME forces a toolchain.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mkdir -p target
ENV_FILE="$ROOT/target/sockscope-env.sh"
TOOLS="$ROOT/.tools"

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[setup] error:\033[0m %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }

SUDO=""
if [ "$(id -u)" != 0 ] && have sudo; then SUDO="sudo"; fi
APT_UPDATED=""
apt_install() {
    have apt-get || die "cannot install $*: no apt-get here; install them by hand"
    if [ -z "$APT_UPDATED" ]; then
        log "apt-get update"
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
        APT_UPDATED=1
    fi
    log "apt-get install $*"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# True when the toolchain named by $1 (empty: the default) has a wasm32 std.
has_wasm_std() {
    local libdir
    libdir="$(RUSTUP_TOOLCHAIN="$1" rustc --print target-libdir --target wasm32-unknown-unknown 2>/dev/null)" || return 1
    compgen -G "$libdir/libstd-*.rlib" >/dev/null
}

# --- 1. Rust toolchain with a wasm32 std ----------------------------------------------
TOOLCHAIN="${SOCKSCOPE_TOOLCHAIN:-}"
if [ -z "$TOOLCHAIN" ]; then
    if have rustup && rustup toolchain list 2>/dev/null | grep -q '^debian-web' && has_wasm_std debian-web; then
        TOOLCHAIN=debian-web
    elif [ -z "${SOCKSCOPE_OFFLINE_TOOLCHAIN:-}" ] && have rustc && has_wasm_std ""; then
        TOOLCHAIN="$(rustup show active-toolchain 2>/dev/null | cut -d' ' -f1 || true)"
    elif [ -z "${SOCKSCOPE_OFFLINE_TOOLCHAIN:-}" ] && have rustup && timeout 20 rustup target add wasm32-unknown-unknown >/dev/null 2>&1 && has_wasm_std ""; then
        log "installed the wasm32 target with rustup"
        TOOLCHAIN="$(rustup show active-toolchain | cut -d' ' -f1)"
    else
        log "rustup cannot fetch the wasm32 target here: building one from Debian's rustc-web"
        if [ ! -x /usr/bin/rustc ] || [ ! -d /usr/lib/rustlib/src/rust ] || [ ! -x /usr/bin/rust-lld ] \
            || [ ! -x /usr/bin/cargo-clippy ] || [ ! -x /usr/bin/rustfmt ]; then
            apt_install rustc-web cargo-web rust-web-src lld-22 rust-web-clippy rustfmt-web
        fi
        have rustup || die "rustup is needed to link Debian's toolchain"
        rustup toolchain list | grep -q '^debian-web' || rustup toolchain link debian-web /usr
        if ! has_wasm_std debian-web; then
            log "building a wasm32 std with -Zbuild-std (about a minute)"
            stdcrate="$ROOT/target/wasm-std"
            mkdir -p "$stdcrate/src"
            printf '[package]\nname = "wasm-std-seed"\nversion = "0.0.0"\nedition = "2021"\n[lib]\npath = "src/lib.rs"\n[workspace]\n' >"$stdcrate/Cargo.toml"
            : >"$stdcrate/src/lib.rs"
            (cd "$stdcrate" && RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 RUSTUP_TOOLCHAIN=debian-web \
                /usr/bin/cargo build -q --release --target wasm32-unknown-unknown \
                -Zbuild-std=std,panic_abort,test)
            dest="$(/usr/bin/rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown/lib"
            $SUDO mkdir -p "$dest"
            find "$stdcrate/target/wasm32-unknown-unknown/release/deps" -name '*.rlib' \
                ! -name 'libwasm_std_seed-*' -exec $SUDO cp {} "$dest/" \;
            has_wasm_std debian-web || die "the wasm32 std did not install into $dest"
        fi
        TOOLCHAIN=debian-web
    fi
fi
export RUSTUP_TOOLCHAIN="$TOOLCHAIN"
log "toolchain: ${TOOLCHAIN:-default} ($(rustc --version))"
cargo clippy --version >/dev/null 2>&1 || die "clippy is missing for toolchain $TOOLCHAIN"
cargo fmt --version >/dev/null 2>&1 || die "rustfmt is missing for toolchain $TOOLCHAIN"

# --- 2. wasm-pack and wasm-bindgen-cli at exactly the Cargo.lock version ------------------
export PATH="$HOME/.cargo/bin:$TOOLS/node_modules/.bin:$PATH"
if ! have wasm-pack; then
    log "cargo install wasm-pack (about 2.5 minutes)"
    cargo install -q wasm-pack --locked
fi
[ -f Cargo.lock ] || cargo generate-lockfile -q
BINDGEN_VERSION="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)"
[ -n "$BINDGEN_VERSION" ] || die "no wasm-bindgen in Cargo.lock"
if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$BINDGEN_VERSION" ]; then
    log "cargo install wasm-bindgen-cli $BINDGEN_VERSION (about 2 minutes)"
    # Not --locked: its lock file pins a crate version some registries do not serve.
    cargo install -q wasm-bindgen-cli --version "=$BINDGEN_VERSION" --force
fi

# --- 3. Node packages: wasm-opt that reads what rustc emits, and Playwright's driver ------
have node && have npm || apt_install nodejs npm
# Debian's wasm-opt (binaryen 108) cannot parse current rustc output; npm's build can.
wasm_opt_ok() { local v; v="$(wasm-opt --version 2>/dev/null | grep -o '[0-9]\+' | head -1)"; [ "${v:-0}" -ge 116 ]; }
if ! wasm_opt_ok; then
    log "npm install binaryen into .tools"
    npm install -s --no-audit --no-fund --prefix "$TOOLS" binaryen@132 >/dev/null
    wasm_opt_ok || die "wasm-opt from npm's binaryen does not run"
fi
if [ ! -d tests/node_modules/playwright-core ]; then
    log "npm ci in tests/ (playwright-core; no browser download)"
    (cd tests && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci -s --no-audit --no-fund >/dev/null)
fi

# --- 4. Chromium and ChromeDriver ---------------------------------------------------------
find_chrome() {
    local c
    for c in "${CHROME:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
        [ -n "$c" ] && [ -x "$c" ] && { echo "$c"; return 0; }
    done
    return 1
}
CHROME_BIN="$(find_chrome || true)"
if [ -z "$CHROME_BIN" ] || ! have chromedriver; then
    apt_install chromium chromium-driver
    CHROME_BIN="$(find_chrome)" || die "no Chromium after installing it"
fi

# Korean text in screenshots needs a Korean font in the test browser.
if have fc-list && [ -z "$(fc-list :lang=ko 2>/dev/null | head -1)" ] && have apt-get; then
    apt_install fonts-nanum
fi

cat >"$ENV_FILE" <<EOF
# Written by scripts/setup.sh; sourced by the other scripts.
export RUSTUP_TOOLCHAIN='$TOOLCHAIN'
export PATH='$HOME/.cargo/bin:$TOOLS/node_modules/.bin:'"\$PATH"
export CHROME='$CHROME_BIN'
export CHROMEDRIVER='$(command -v chromedriver)'
export WASM_BINDGEN_TEST_TIMEOUT=120
EOF
log "ready: $(wasm-pack --version), wasm-bindgen $BINDGEN_VERSION, $(wasm-opt --version | head -1), $("$CHROME_BIN" --version 2>/dev/null | head -1)"
