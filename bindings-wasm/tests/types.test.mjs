// The TypeScript declarations shipped in pkg/ compile, and describe the API precisely enough for
// a caller to narrow results (typecheck.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";

import { crateDir } from "./support.mjs";

test("the TypeScript declarations type-check a typical caller", () => {
    const tsc = path.join(crateDir, "node_modules", ".bin", "tsc");
    assert.ok(existsSync(tsc), "TypeScript is not installed: run `npm ci` in bindings-wasm");
    const run = spawnSync(tsc, ["-p", path.join(crateDir, "tests", "tsconfig.json")], { encoding: "utf8" });
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
});
