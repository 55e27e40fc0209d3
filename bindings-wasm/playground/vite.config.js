import { defineConfig } from 'vite';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
// The wasm package built by scripts/build-wasm.sh (not committed).
const wasmEntry = here('../pkg/web/aturan_wasm.js');

export default defineConfig(() => {
  if (!existsSync(wasmEntry)) {
    throw new Error(`${wasmEntry} is missing: build it first with scripts/build-wasm.sh`);
  }
  return {
    base: './',
    resolve: { alias: { 'aturan-wasm': wasmEntry } },
    worker: { format: 'es' },
    // The examples are read from the repository's examples/ directory at build time.
    server: { fs: { allow: [here('../..')] } },
    build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  };
});
