// Compiled by tsc (--noEmit) in types.test.mjs: the shipped declarations are valid, precise, and
// let a caller narrow the tagged results. Lines marked @ts-expect-error must stay errors.
import {
    check,
    compile,
    explainText,
    version,
    type Decision,
    type Diagnostic,
    type EvalIssue,
    type FactsSchema,
    type OutcomeKind,
    type PolicyHandle,
    type TestResult,
    type TypeInfo,
} from "../pkg/node/aturan_wasm.js";
import init, * as web from "../pkg/web/aturan_wasm.js";

const v: string = version();

const checked = check("policy \"x\"", "id");
// Helper files as an object or a Map of name to text.
check("policy \"x\"", "en", { "lib.rhai": "fn f(x) { x }" });
check("policy \"x\"", "en", new Map([["lib.rhai", "fn f(x) { x }"]]));
if (checked.ok) {
    const warnings: Diagnostic[] = checked.ok.warnings;
    warnings.forEach((d) => d.start_utf16 + d.end_utf16);
} else {
    const line: number = checked.errors[0]!.line;
    const help: string | null = checked.errors[0]!.help;
}

// Facts typed by the HR system's own interface, with optional fields.
interface Employee {
    nip: string;
    presensi: { tahun: number; alpa_hari: number; alpa_berturut_hari: number };
    angka_kredit?: number;
}
const employee: Employee = { nip: "1", presensi: { tahun: 2025, alpa_hari: 3, alpa_berturut_hari: 0 } };

const compiled = compile("policy \"x\"");
if (compiled.ok) {
    const policy: PolicyHandle = compiled.ok;
    policy.evaluate(employee, { as_of: "2025-12-31" });
    policy.evaluateMany([employee, { ...employee, angka_kredit: undefined }]);
    // @ts-expect-error: facts are an object
    policy.evaluate("{}");
    const result = policy.evaluate({ alpa_hari: 3, kinerja: [{ tahun: 2025 }] }, { as_of: "2025-12-31", explain: true, lang: "id" });
    if (result.ok) {
        const decision: Decision = result.ok;
        const kind: OutcomeKind | undefined = decision.outcomes[0]?.kind;
        const why = decision.explanation?.[0]?.conditions[0]?.actual;
        const text: string = explainText(decision, "en") + policy.explainText(decision);
        // A whole result, as `evaluate` gives it, is explained too.
        const whole: string = explainText(result) + policy.explainText(result, "id");
        const by: string | undefined = decision.set_aside[0]?.by;
        const missing: string[] | undefined = decision.undetermined[0]?.missing;
    } else {
        const issue: EvalIssue = result.errors[0]!;
        const code: "facts" | "json" | "param" | "option" | "helper" | "limit" = issue.code;
        const path: string | undefined = issue.path;
    }
    policy.evaluate({});
    policy.evaluate({}, { as_of: new Date() });
    policy.evaluate({}, { params: { batas: new Date(2025, 0, 1), maks: 10n, bonus: 12.5 } });
    // An optional setting of the caller's, not set: the policy's default.
    const setting: { jp?: number } = {};
    policy.evaluate({}, { params: { minimal_jp: setting.jp } });
    const many = policy.evaluateMany([{}, {}], {});
    const first = many[0]?.ok?.outcomes;
    const text: string = policy.evaluateJson("{}", "");
    const tests: TestResult[] = policy.runTests();
    const schema: FactsSchema = policy.schema();
    const describe = (t: TypeInfo): string =>
        t.type === "enum" ? t.values.join("|") : t.type === "list" ? describe(t.item) : t.type;
    schema.fields.map((f) => describe(f.type));
    const defaults = policy.params().map((p) => p.default);
    const lines: number[] = policy.rules().map((r) => r.line);
    const name: string = policy.info().name;
    policy.free();

    // @ts-expect-error: only "en" and "id"
    policy.evaluate({}, { lang: "fr" });
    // @ts-expect-error: the option is as_of
    policy.evaluate({}, { asOf: "2025-12-31" });
} else {
    const errors: Diagnostic[] = compiled.errors;
}

// @ts-expect-error: only "en" and "id"
check("", "fr");

async function browser(): Promise<void> {
    await init();
    const r = web.compile("policy \"x\"", "en");
    if (r.ok) r.ok.evaluate({}, {});
}

// A case file imported as JSON (its cases name different codes), and a readonly population.
import semarangCases from "../../tests/cases/semarang.json";
declare const policyFromFile: PolicyHandle;
policyFromFile.runCases(semarangCases);
const population: readonly { status: string }[] = [{ status: "PNS" }];
policyFromFile.evaluateMany(population);

// A case with parameter overrides, expecting only what it names (the rest: none).
declare const policyForCases: PolicyHandle;
const caseResults: TestResult[] = policyForCases.runCases([
    { name: "bonus", as_of: "2025-12-31", facts: { status: "PNS" }, params: { bonus_tpp_persen: 12.5 }, expect: { sanction: null } },
]);
