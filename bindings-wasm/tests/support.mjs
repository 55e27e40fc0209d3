// Shared by the Node tests: the nodejs package built by scripts/build-wasm.sh, and paths.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
export const crateDir = path.resolve(here, "..");
export const repoRoot = path.resolve(crateDir, "..");

const require = createRequire(import.meta.url);
/** @type {typeof import("../pkg/node/aturan_wasm.js")} */
export const aturan = require(path.join(crateDir, "pkg", "node", "aturan_wasm.js"));

/** Compiles a policy that must compile, and returns its handle. */
export function compileOk(source, lang) {
    const result = aturan.compile(source, lang);
    if (!result.ok) {
        throw new Error(`expected the policy to compile:\n${JSON.stringify(result.errors, null, 2)}`);
    }
    return result.ok;
}

/** Evaluates and returns the decision, failing with the errors when there is none. */
export function decide(handle, facts, options) {
    const result = handle.evaluate(facts, options);
    if (!result.ok) {
        throw new Error(`expected a decision:\n${JSON.stringify(result.errors, null, 2)}`);
    }
    return result.ok;
}

/** The outcome codes of a decision, as `kind:code`. */
export function outcomeCodes(decision) {
    return decision.outcomes.map((o) => `${o.kind}:${o.code}`);
}
