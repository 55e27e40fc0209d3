#!/usr/bin/env bash
# Tests the WebAssembly package: builds it (scripts/build-wasm.sh installs the wasm32 target and
# the matching wasm-bindgen CLI when missing), runs the native unit tests of the conversions, then
# the Node tests (API, TypeScript declarations, and conformance against the Rust CLI), then the
# playground's end-to-end tests when the playground exists. Exits non-zero on any failure.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
log() { printf '[test-wasm] %s\n' "$*" >&2; }

bash "$root/scripts/build-wasm.sh"

log "native unit tests of aturan-wasm"
cargo test -p aturan-wasm --lib --quiet

# The Rust side of the conformance tests: the CLI prints Decision::to_json() per employee.
log "building the CLI for the conformance tests"
cargo build -p aturan-cli --quiet
cli="$target_dir/debug/aturan"

cd "$root/bindings-wasm"
# TypeScript, for checking the shipped declarations; reinstalled only when the lock file changed.
if [[ ! -x node_modules/.bin/tsc || package-lock.json -nt node_modules/.package-lock.json ]]; then
    log "installing the test dependencies (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
fi

log "node tests"
ATURAN_CLI="$cli" node --test tests/*.test.mjs

if [[ -f "$root/bindings-wasm/playground/package.json" ]]; then
    log "playground end-to-end tests"
    bash "$root/bindings-wasm/playground/scripts/test-e2e.sh"
fi
