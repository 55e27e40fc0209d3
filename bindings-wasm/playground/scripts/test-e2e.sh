#!/usr/bin/env bash
# End-to-end tests of the playground: installs what is missing (Chromium from Debian, the npm
# packages, the wasm package), builds the static site, serves it on a free localhost port, runs the
# tests in headless Chromium and stops the server. Screenshots go to artifacts/screenshots/.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
log() { printf '[test-e2e] %s\n' "$*" >&2; }

if [[ ! -x /usr/bin/chromium ]]; then
    log "installing Debian's chromium"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

# npm ci only when node_modules is missing or older than the lock file.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    log "npm ci"
    npm ci --no-audit --no-fund
fi

if [[ ! -f "$root/bindings-wasm/pkg/web/aturan_wasm.js" ]]; then
    log "building the wasm package"
    bash "$root/scripts/build-wasm.sh"
fi

# A build of its own, so that a concurrent run or a developer's dist/ cannot change the files
# under the server's feet.
out="$(mktemp -d "${TMPDIR:-/tmp}/aturan-playground-e2e.XXXXXX")"
server=""
cleanup() {
    if [[ -n "$server" ]]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$out"
}
trap cleanup EXIT

log "vite build"
node_modules/.bin/vite build --logLevel warn --outDir "$out/dist" --emptyOutDir

port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
log "serving the build on 127.0.0.1:$port"
node_modules/.bin/vite preview --host 127.0.0.1 --port "$port" --strictPort --outDir "$out/dist" >"$out/preview.log" 2>&1 &
server=$!

for _ in $(seq 1 100); do
    if node -e "fetch('http://127.0.0.1:$port/').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"; then break; fi
    sleep 0.2
done

mkdir -p "$root/artifacts/screenshots"
PLAYGROUND_URL="http://127.0.0.1:$port/" SCREENSHOT_DIR="$root/artifacts/screenshots" \
    node --test --test-reporter=spec e2e/
