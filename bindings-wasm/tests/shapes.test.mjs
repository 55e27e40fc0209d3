// The objects the package returns have exactly the fields its TypeScript declarations name:
// a field added to (or removed from) the core's serde types fails here until the declarations
// in src/types.d.ts follow.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";

import { aturan, compileOk, crateDir, repoRoot } from "./support.mjs";
import { LATIHAN, RUNAWAY } from "./fixtures.mjs";

/** `interface Name [extends Base] { field?: …; }` of the shipped declarations, as
 * name -> {required: Set, optional: Set}. */
function interfaces() {
    const dts = readFileSync(path.join(crateDir, "pkg", "node", "aturan_wasm.d.ts"), "utf8");
    const found = new Map();
    for (const m of dts.matchAll(/export interface (\w+)(?: extends (\w+))? \{\n([\s\S]*?)\n\}/g)) {
        const [, name, base, body] = m;
        const shape = { required: new Set(), optional: new Set(), base };
        // Fields at the interface's own indentation (4 spaces), not those of nested object types.
        for (const f of body.matchAll(/^ {4}(\w+)(\?)?:/gm)) {
            (f[2] ? shape.optional : shape.required).add(f[1]);
        }
        found.set(name, shape);
    }
    for (const shape of found.values()) {
        if (shape.base) {
            const base = found.get(shape.base);
            base.required.forEach((f) => shape.required.add(f));
            base.optional.forEach((f) => shape.optional.add(f));
        }
    }
    return found;
}

const declared = interfaces();

function assertShape(name, value, where) {
    const shape = declared.get(name);
    assert.ok(shape, `no interface ${name} in the declarations`);
    for (const field of Object.keys(value)) {
        assert.ok(shape.required.has(field) || shape.optional.has(field), `${where}: field \`${field}\` is not declared in ${name}`);
    }
    for (const field of shape.required) {
        assert.ok(field in value, `${where}: declared field \`${field}\` of ${name} is missing`);
    }
}

function assertDecision(d, where) {
    assertShape("Decision", d, where);
    assertShape("PolicyStamp", d.policy, `${where}.policy`);
    d.outcomes.forEach((o, i) => assertShape("Outcome", o, `${where}.outcomes[${i}]`));
    d.set_aside.forEach((o, i) => assertShape("SetAside", o, `${where}.set_aside[${i}]`));
    d.undetermined.forEach((o, i) => assertShape("Undetermined", o, `${where}.undetermined[${i}]`));
    (d.explanation ?? []).forEach((r, i) => {
        assertShape("RuleTrace", r, `${where}.explanation[${i}]`);
        r.conditions.forEach((c, j) => assertShape("ConditionTrace", c, `${where}.explanation[${i}].conditions[${j}]`));
    });
}

function assertType(t, where) {
    const fields = {
        bool: [],
        int: ["min", "max"],
        decimal: ["min", "max"],
        text: [],
        date: [],
        enum: ["name", "ordered", "values"],
        record: ["fields"],
        list: ["item"],
    }[t.type];
    assert.ok(fields, `${where}: undeclared type ${t.type}`);
    for (const key of Object.keys(t)) {
        assert.ok(key === "type" || fields.includes(key), `${where}: field \`${key}\` not declared for ${t.type}`);
    }
    if (t.type === "record") t.fields.forEach((f) => assertField(f, `${where}.${f.name}`));
    if (t.type === "list") assertType(t.item, `${where}[]`);
}

function assertField(f, where) {
    assertShape("FieldInfo", f, where);
    assertType(f.type, where);
}

const semarangPath = path.join(repoRoot, "examples", "semarang", "semarang.aturan");
const employees = JSON.parse(readFileSync(path.join(repoRoot, "examples", "semarang", "employees.json"), "utf8"));

test("decisions have the declared fields, explained or not", () => {
    const policy = compileOk(readFileSync(semarangPath, "utf8"));
    let setAside = 0;
    let undetermined = 0;
    for (const options of [{ as_of: "2025-12-31" }, { as_of: "2025-12-31", explain: true }]) {
        policy.evaluateMany(employees, options).forEach((r, i) => {
            assert.ok(r.ok, JSON.stringify(r.errors));
            assertDecision(r.ok, `employee ${i}`);
            setAside += r.ok.set_aside.length;
            undetermined += r.ok.undetermined.length;
        });
    }
    // The example population exercises the optional parts too.
    assert.ok(setAside > 0 && undetermined > 0);
});

test("policy descriptions have the declared fields", () => {
    const policy = compileOk(readFileSync(semarangPath, "utf8"));
    assertShape("PolicyInfo", policy.info(), "info()");
    policy.schema().fields.forEach((f) => assertField(f, `schema.${f.name}`));
    policy.params().forEach((p, i) => {
        assertShape("ParamInfo", p, `params()[${i}]`);
        assertType(p.type, `params()[${i}]`);
    });
    policy.rules().forEach((r, i) => assertShape("RuleInfo", r, `rules()[${i}]`));
    assert.ok(policy.lets().some((l) => l.name === "presensi_ini" && l.type.type === "record"));
    policy.lets().forEach((l, i) => {
        assertShape("LetInfo", l, `lets()[${i}]`);
        assertType(l.type, `lets()[${i}]`);
    });
    const tests = [...policy.runTests(), ...compileOk(LATIHAN).runTests()];
    tests.forEach((t, i) => {
        assertShape("TestResult", t, `runTests()[${i}]`);
        t.failures.forEach((f, j) => assertShape("TestFailure", f, `runTests()[${i}].failures[${j}]`));
    });
    assert.ok(tests.some((t) => t.failures.length > 0));
});

test("diagnostics and evaluation errors have the declared fields", () => {
    const broken = LATIHAN.replace("when alpa_hari >= batas_alpa", "when alpa_haari >= batas_alpa");
    aturan.check(broken).errors.forEach((d, i) => assertShape("Diagnostic", d, `errors[${i}]`));
    const policy = compileOk(LATIHAN);
    const issues = [
        ...policy.evaluate({ alpa_hari: "x" }, { as_of: "2025-12-31" }).errors,
        ...policy.evaluate({ alpa_hari: 1 }, { as_of: "x" }).errors,
        ...policy.evaluate({ alpa_hari: 1 }, { as_of: "2025-12-31", params: { x: 1 } }).errors,
        ...compileOk(RUNAWAY).evaluate({ n: 1 }, { as_of: "2025-12-31" }).errors,
    ];
    assert.deepEqual([...new Set(issues.map((e) => e.code))], ["facts", "option", "param", "helper"]);
    issues.forEach((e, i) => assertShape("EvalIssue", e, `errors[${i}]`));
});
