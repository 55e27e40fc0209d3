// The shared conformance cases (tests/cases/*.json) and the example employees, through the
// WebAssembly package: every case passes, and every decision is byte for byte the JSON the Rust
// engine prints (`aturan eval --format json`, which prints `Decision::to_json()`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { aturan, repoRoot } from "./support.mjs";

const casesDir = path.join(repoRoot, "tests", "cases");
const caseFiles = existsSync(casesDir) ? readdirSync(casesDir).filter((f) => f.endsWith(".json")).sort() : [];

/** The policy a case file is about: `tests/cases/NAME.json` is `examples/NAME/NAME.aturan`. */
function policyPathFor(caseFile) {
    const name = path.basename(caseFile, ".json");
    return path.join(repoRoot, "examples", name, `${name}.aturan`);
}

/** Compiles a policy file with the helper files it names, as the CLI would read them. */
function compileFile(policyPath) {
    const source = readFileSync(policyPath, "utf8");
    const files = {};
    for (const [, name] of source.matchAll(/\b(?:helpers|fungsi_bantu)\s+"([^"]+)"/g)) {
        files[name] = readFileSync(path.join(path.dirname(policyPath), name), "utf8");
    }
    const result = aturan.compile(source, "en", files);
    assert.ok(result.ok, `${policyPath} does not compile:\n${JSON.stringify(result.errors, null, 2)}`);
    return result.ok;
}

/** Runs the Rust CLI; ATURAN_CLI (set by scripts/test-wasm.sh) or `cargo run`. */
function cli(args) {
    const [command, prefix] = process.env.ATURAN_CLI
        ? [process.env.ATURAN_CLI, []]
        : ["cargo", ["run", "--quiet", "-p", "aturan-cli", "--"]];
    return execFileSync(command, [...prefix, ...args], { cwd: repoRoot, encoding: "utf8", maxBuffer: 1 << 28 });
}

/** The evaluations compared: plain, explained, explained in Indonesian, and (when given)
 * with parameter overrides, as evaluate() options and as the CLI's flags. */
function variants(asOf, params = {}) {
    const list = [
        { options: { as_of: asOf }, flags: [] },
        { options: { as_of: asOf, explain: true }, flags: ["--explain"] },
        { options: { as_of: asOf, explain: true, lang: "id" }, flags: ["--explain", "--lang", "id"] },
    ];
    if (Object.keys(params).length > 0) {
        const flags = Object.entries(params).flatMap(([name, value]) => ["--param", `${name}=${value}`]);
        list.push({ options: { as_of: asOf, explain: true, params }, flags: ["--explain", ...flags] });
    }
    return list;
}

/** The decision text inside `{"ok":…}`, or a failure showing the errors. */
function decisionText(result) {
    assert.ok(result.startsWith('{"ok":') && result.endsWith("}"), `no decision: ${result}`);
    return result.slice('{"ok":'.length, -1);
}

test("there are conformance cases", () => {
    assert.ok(caseFiles.length > 0, `no case files in ${casesDir}`);
});

for (const caseFile of caseFiles) {
    const policyPath = policyPathFor(caseFile);
    const cases = JSON.parse(readFileSync(path.join(casesDir, caseFile), "utf8"));

    test(`${caseFile}: every case passes through the wasm package`, () => {
        const policy = compileFile(policyPath);
        const results = policy.runCases(cases);
        assert.equal(results.length, cases.length);
        const failed = results.filter((r) => !r.passed);
        assert.deepEqual(failed, [], JSON.stringify(failed, null, 2));
        policy.free();
    });

    test(`${caseFile}: decisions are byte-identical to the Rust engine's`, () => {
        const policy = compileFile(policyPath);
        const dir = mkdtempSync(path.join(tmpdir(), "aturan-wasm-"));
        try {
            cases.forEach((c, i) => {
                const factsText = JSON.stringify(c.facts);
                const factsFile = path.join(dir, `case-${i}.json`);
                writeFileSync(factsFile, factsText);
                for (const { options, flags } of variants(c.as_of)) {
                    const wasm = decisionText(policy.evaluateJson(factsText, JSON.stringify(options)));
                    const rust = cli(["eval", policyPath, factsFile, "--as-of", c.as_of, "--format", "json", ...flags]);
                    assert.equal(wasm, rust.trimEnd(), `${c.name} ${flags.join(" ")}`);
                }
            });
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
        policy.free();
    });
}

const employeesPath = path.join(repoRoot, "examples", "semarang", "employees.json");

test("the example employees get byte-identical decisions in wasm and in Rust", { skip: !existsSync(employeesPath) }, () => {
    const policyPath = path.join(repoRoot, "examples", "semarang", "semarang.aturan");
    const policy = compileFile(policyPath);
    const employees = JSON.parse(readFileSync(employeesPath, "utf8"));
    assert.ok(employees.length > 0);
    const asOf = "2025-12-31";
    // Overrides that change decisions: a larger TPP bonus, more training hours required.
    for (const { options, flags } of variants(asOf, { bonus_tpp_persen: 12.5, minimal_jp: 30 })) {
        const rust = cli(["eval", policyPath, employeesPath, "--as-of", asOf, "--format", "json", ...flags])
            .trimEnd()
            .split("\n");
        const wasm = employees.map((e) => decisionText(policy.evaluateJson(JSON.stringify(e), JSON.stringify(options))));
        assert.equal(wasm.length, rust.length);
        wasm.forEach((text, i) => assert.equal(text, rust[i], `employee ${i} ${flags.join(" ")}`));
        // evaluateMany agrees with evaluateJson (through JSON.parse).
        const many = policy.evaluateMany(employees, options);
        many.forEach((r, i) => assert.deepEqual(r.ok, JSON.parse(wasm[i]), `employee ${i}`));
    }
    policy.free();
});
