// The JavaScript API of the WebAssembly package, as the playground and other callers use it:
// user errors come back as values, positions are usable by a browser editor, options work.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";

import { aturan, compileOk, decide, outcomeCodes, repoRoot } from "./support.mjs";
import { LATIHAN, RUNAWAY } from "./fixtures.mjs";

const ON = { as_of: "2025-12-31" };

test("version() is the workspace version", () => {
    const manifest = readFileSync(path.join(repoRoot, "Cargo.toml"), "utf8");
    const workspaceVersion = manifest.match(/\[workspace\.package\][^[]*?version = "([^"]+)"/)[1];
    assert.equal(aturan.version(), workspaceVersion);
});

test("check() of a good policy gives ok with its warnings", () => {
    const result = aturan.check(LATIHAN);
    assert.ok(result.ok, JSON.stringify(result.errors));
    assert.ok(Array.isArray(result.ok.warnings));
    assert.equal(result.errors, undefined);
});

test("a byte-order mark before the policy is not part of it; offsets stay those of the text given", () => {
    assert.ok(aturan.check("\uFEFF" + LATIHAN).ok);
    const source = "\uFEFF" + LATIHAN.replace("when alpa_hari >= batas_alpa", "when alpa_haari >= batas_alpa");
    const result = aturan.check(source);
    const error = result.errors.find((d) => source.slice(d.start_utf16, d.end_utf16) === "alpa_haari");
    assert.ok(error, JSON.stringify(result.errors));
    assert.equal(error.line, 9);
});

test("check() returns errors as values with positions of the mistake", () => {
    const source = LATIHAN.replace("when alpa_hari >= batas_alpa", "when alpa_haari >= batas_alpa");
    const result = aturan.check(source);
    assert.equal(result.ok, undefined);
    assert.ok(result.errors.length >= 1);
    const error = result.errors.find((d) => source.slice(d.start_utf16, d.end_utf16).includes("alpa_haari"));
    assert.ok(error, `no diagnostic points at the misspelt name: ${JSON.stringify(result.errors)}`);
    assert.equal(error.severity, "error");
    assert.equal(error.line, 9);
    assert.equal(error.column, "    when ".length + 1);
    assert.match(error.message, /alpa_haari/);
});

test("check() reports every error of a policy in one pass", () => {
    const source = LATIHAN.replace("when alpa_hari >= batas_alpa", "when alpa_haari >= batas_alpa").replace(
        "when nilai_skp >= 80",
        "when nilai_skpp >= 80",
    );
    const result = aturan.check(source);
    const lines = new Set(result.errors.map((d) => d.line));
    assert.ok(lines.has(9) && lines.has(13), JSON.stringify(result.errors));
});

test("diagnostic offsets are UTF-16 code units, as JavaScript strings count them", () => {
    // An emoji is 4 bytes, 2 UTF-16 units and 1 character: all three counts differ before the error.
    const source = LATIHAN.replace(
        'rule teguran "Teguran lisan"\n    source "PP 94/2021 Pasal 9"\n    when alpa_hari',
        'rule teguran "Teguran 😀 lisan" source "PP 94/2021 Pasal 9" when alpa_haari',
    );
    assert.notEqual(source, LATIHAN);
    const result = aturan.check(source);
    const error = result.errors.find((d) => source.slice(d.start_utf16, d.end_utf16).includes("alpa_haari"));
    assert.ok(error, JSON.stringify(result.errors));
    const lineStart = source.lastIndexOf("\n", error.start_utf16) + 1;
    const lineText = source.slice(lineStart, source.indexOf("\n", lineStart));
    assert.ok(lineText.startsWith('rule teguran "Teguran 😀'));
    // Byte offsets are larger than UTF-16 ones, which are larger than character counts.
    assert.equal(error.start - error.start_utf16, 2);
    assert.equal(error.start_utf16 - lineStart + 1, error.column + 1);
});

test("check() speaks Indonesian when asked", () => {
    const source = LATIHAN.replace("when alpa_hari >= batas_alpa", "when alpa_haari >= batas_alpa");
    const en = aturan.check(source, "en").errors;
    const id = aturan.check(source, "id").errors;
    assert.equal(en.length, id.length);
    assert.notEqual(en[0].message, id[0].message);
    assert.deepEqual(
        en.map((d) => [d.code, d.start_utf16]),
        id.map((d) => [d.code, d.start_utf16]),
    );
});

test("compile() of a broken policy returns errors, never throws", () => {
    for (const source of ["", "policy", "rule x", "policy \"x\" version \"1\"\nrule r \"R\" when 1 +", "\u0000😀"]) {
        const result = aturan.compile(source);
        assert.equal(result.ok, undefined, source);
        assert.ok(result.errors.length >= 1, source);
        for (const d of result.errors) {
            assert.ok(d.start_utf16 <= d.end_utf16 && d.end_utf16 <= source.length, JSON.stringify(d));
        }
    }
});

test("an unknown language argument is a programming error and throws", () => {
    assert.throws(() => aturan.check(LATIHAN, "fr"), /unknown language/);
});

test("the handle describes the policy: info, schema, params, rules", () => {
    const policy = compileOk(LATIHAN);
    const info = policy.info();
    assert.equal(info.name, "Latihan");
    assert.equal(info.version, "1");
    assert.match(info.source_hash, /^sha256:[0-9a-f]{64}$/);

    const schema = policy.schema();
    assert.deepEqual(
        schema.fields.map((f) => [f.name, f.optional, f.type.type]),
        [
            ["alpa_hari", false, "int"],
            ["nilai_skp", true, "decimal"],
        ],
    );
    assert.equal(schema.fields[0].type.min, "0");
    assert.equal(schema.fields[1].type.max, "100");

    const params = policy.params();
    assert.deepEqual(
        params.map((p) => [p.name, p.type.type, p.default]),
        [["batas_alpa", "int", 3]],
    );

    const rules = policy.rules();
    assert.deepEqual(
        rules.map((r) => [r.id, r.kind, r.codes, r.line]),
        [
            ["teguran", "sanction", ["teguran_lisan"], 7],
            ["tpp", "reward", ["tpp"], 11],
        ],
    );
});

test("evaluate() gives the decision", () => {
    const policy = compileOk(LATIHAN);
    const decision = decide(policy, { alpa_hari: 3, nilai_skp: 85 }, ON);
    assert.deepEqual(outcomeCodes(decision), ["sanction:teguran_lisan", "reward:tpp"]);
    assert.equal(decision.as_of, "2025-12-31");
    assert.deepEqual(decision.params, { batas_alpa: 3 });
    assert.deepEqual(decision.outcomes[1].params, { persen: 85 });
    assert.equal(decision.outcomes[0].source, "PP 94/2021 Pasal 9");
    assert.equal(decision.explanation, undefined);
});

test("evaluate() takes parameter overrides", () => {
    const policy = compileOk(LATIHAN);
    const decision = decide(policy, { alpa_hari: 3, nilai_skp: 85 }, { ...ON, params: { batas_alpa: 5 } });
    assert.deepEqual(outcomeCodes(decision), ["reward:tpp"]);
    assert.deepEqual(decision.params, { batas_alpa: 5 });
});

test("a missing optional fact makes an outcome undetermined", () => {
    const policy = compileOk(LATIHAN);
    const decision = decide(policy, { alpa_hari: 0 }, ON);
    assert.deepEqual(outcomeCodes(decision), []);
    assert.deepEqual(
        decision.undetermined.map((u) => [u.code, u.missing]),
        [["tpp", ["nilai_skp"]]],
    );
});

test("explain: every rule with its conditions, in the language asked for", () => {
    const policy = compileOk(LATIHAN);
    const en = decide(policy, { alpa_hari: 3, nilai_skp: 85 }, { ...ON, explain: true });
    assert.deepEqual(
        en.explanation.map((r) => [r.rule, r.result]),
        [
            ["teguran", "true"],
            ["tpp", "true"],
        ],
    );
    const condition = en.explanation[0].conditions[0];
    assert.equal(condition.result, "true");
    assert.equal(condition.actual, "3");
    const id = decide(policy, { alpa_hari: 3, nilai_skp: 85 }, { ...ON, explain: true, lang: "id" });
    assert.notEqual(en.explanation[0].conditions[0].note, id.explanation[0].conditions[0].note);
});

test("the handle's language is the default of its evaluations", () => {
    const en = compileOk(LATIHAN, "en");
    const id = compileOk(LATIHAN, "id");
    const facts = { alpa_hari: 3, nilai_skp: 85 };
    const options = { ...ON, explain: true };
    assert.deepEqual(decide(id, facts, options), decide(en, facts, { ...options, lang: "id" }));
    assert.notDeepEqual(decide(id, facts, options), decide(en, facts, options));
});

test("as_of defaults to today's local date, and a Date means its local date", () => {
    const policy = compileOk(LATIHAN);
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
    assert.equal(decide(policy, { alpa_hari: 0, nilai_skp: 90 }).as_of, today);
    assert.equal(decide(policy, { alpa_hari: 0, nilai_skp: 90 }, {}).as_of, today);
    assert.equal(decide(policy, { alpa_hari: 0, nilai_skp: 90 }, { as_of: null }).as_of, today);
    // Late in the evening locally; JSON.stringify would give the next or previous day in UTC
    // for some time zones, the binding must not.
    assert.equal(
        decide(policy, { alpa_hari: 0, nilai_skp: 90 }, { as_of: new Date(2025, 11, 31, 23, 30) }).as_of,
        "2025-12-31",
    );
    // So is a `Date` for a date parameter.
    const dated = compileOk(`policy "D" version "1"
facts { tmt: date }
param batas: date = 2020-01-01
rule r "R" source "S" when tmt >= batas then notice baru
`);
    const codes = (params) => dated.evaluate({ tmt: "2025-12-31" }, { as_of: "2025-12-31", params }).ok.outcomes.map((o) => o.code);
    assert.deepEqual(codes({ batas: new Date(2025, 11, 31, 23, 30) }), ["baru"]);
    assert.deepEqual(codes({ batas: new Date(2026, 0, 1, 0, 30) }), []);
    assert.match(dated.evaluate({ tmt: "2025-12-31" }, { as_of: "2025-12-31", params: { batas: new Date("x") } }).errors[0].message, /Invalid Date/);
});

test("wrong facts come back as facts errors with path, expected and found", () => {
    const policy = compileOk(LATIHAN);
    const result = policy.evaluate({ alpa_hari: "tiga", nilai_skp: 120 }, ON);
    assert.equal(result.ok, undefined);
    const byPath = Object.fromEntries(result.errors.map((e) => [e.path, e]));
    assert.deepEqual(Object.keys(byPath).sort(), ["alpa_hari", "nilai_skp"]);
    assert.equal(byPath.alpa_hari.code, "facts");
    assert.equal(byPath.alpa_hari.found, '"tiga"');
    assert.equal(typeof byPath.alpa_hari.expected, "string");
    assert.match(byPath.alpa_hari.message, /alpa_hari/);
    assert.equal(byPath.nilai_skp.found, "120");

    const id = policy.evaluate({ alpa_hari: "tiga" }, { ...ON, lang: "id" });
    assert.notEqual(id.errors[0].message, result.errors.find((e) => e.path === "alpa_hari").message);
});

test("facts that are not JSON come back as errors, not exceptions", () => {
    const policy = compileOk(LATIHAN);
    const cyclic = { alpa_hari: 1 };
    cyclic.self = cyclic;
    for (const facts of [cyclic, undefined, "text", 42, null, []]) {
        const result = policy.evaluate(facts, ON);
        assert.equal(result.ok, undefined, String(facts));
        assert.equal(result.errors[0].code, "facts", JSON.stringify(result.errors));
    }
    // A Map's JSON is {}: said, rather than every outcome left undetermined.
    const map = policy.evaluate(new Map([["alpa_hari", 3]]), { ...ON, lang: "id" });
    assert.match(map.errors[0].message, /fakta berupa Map; berikan objek biasa/);
    assert.match(policy.evaluate(undefined, { ...ON, lang: "id" }).errors[0].message, /tidak ada fakta yang diberikan/);
});

test("a Map or a Set inside the facts or the options is refused where it would be read; a BigInt reads as its number", () => {
    const policy = compileOk(`policy "M" version "1"
facts { presensi: { alpa_hari: int }, xs: list of { v: int } }
param minimal: int = 3
rule r "R" source "S" when presensi.alpa_hari >= minimal then notice n
`);
    // Its JSON is {}: the fact would be missing, or the parameter left at its default, unsaid.
    const nested = policy.evaluate({ presensi: new Map([["alpa_hari", 5]]), xs: [] }, ON);
    assert.equal(nested.errors[0].code, "facts");
    assert.match(nested.errors[0].message, /a Map \(at `presensi`\) is not JSON: give a plain object/);
    const item = policy.evaluate({ presensi: { alpa_hari: 5 }, xs: [new Map()] }, { ...ON, lang: "id" });
    assert.match(item.errors[0].message, /sebuah Map \(di `xs\[0\]`\) bukan JSON/);
    const params = policy.evaluate({ presensi: { alpa_hari: 5 }, xs: [] }, { ...ON, params: new Map([["minimal", 9]]) });
    assert.equal(params.errors[0].code, "option");
    assert.match(params.errors[0].message, /a Map \(at `params`\)/);
    // Under a name the policy does not declare it is an extra field, ignored like any other.
    const extra = policy.evaluate({ presensi: { alpa_hari: 5 }, xs: [], tags: new Set([1]), meta: {} }, ON);
    assert.deepEqual(outcomeCodes(extra.ok), ["notice:n"]);
    // Also deeper, under a field named like a declared one (`audit.alpa_hari` is no declared
    // fact), and as items of an undeclared list.
    const deeper = policy.evaluate({ presensi: { alpa_hari: 5 }, xs: [], audit: { alpa_hari: new Map(), v: [new Set()] }, lampiran: [new Map()] }, ON);
    assert.deepEqual(outcomeCodes(deeper.ok), ["notice:n"], JSON.stringify(deeper.errors));
    // Where it is read, its whole path is named.
    const deep = policy.evaluate({ presensi: { alpa_hari: 5 }, xs: [{ v: 1 }, { v: new Map() }] }, ON);
    assert.match(deep.errors[0].message, /a Map \(at `xs\[1\]\.v`\) is not JSON/);
    // … and given as the error's path, for a form to mark the field.
    assert.equal(deep.errors[0].path, "xs[1].v");
    assert.equal(nested.errors[0].path, "presensi");
    // A BigInt (what some database drivers give for whole numbers) reads as its number.
    assert.deepEqual(outcomeCodes(policy.evaluate({ presensi: { alpa_hari: 5n }, xs: [{ v: 1n }] }, ON).ok), ["notice:n"]);
    assert.deepEqual(outcomeCodes(policy.evaluate({ presensi: { alpa_hari: 5n }, xs: [] }, { ...ON, params: { minimal: 6n } }).ok), []);
    // In a batch only that employee is refused.
    const many = policy.evaluateMany([{ presensi: { alpa_hari: 5 }, xs: [] }, { presensi: new Map(), xs: [] }], ON);
    assert.deepEqual(many.map((r) => Boolean(r.ok)), [true, false]);
});

test("a whole number past 2^53 is refused where it is read: an 18-digit NIP sent as a number has lost digits", () => {
    const policy = compileOk(`policy "N" version "1"
facts { nip: text, xs: list of { v: int } }
param kode: text = "x"
rule r "R" source "S" when nip == "198703152010011002" then notice cocok
`);
    // JSON.stringify writes it without an exponent, as 198703152010011000: another NIP, decided
    // without a word (evaluateJson and the command read the digits sent).
    const number = policy.evaluate({ nip: 198703152010011002, xs: [] }, ON);
    assert.equal(number.ok, undefined);
    assert.equal(number.errors[0].code, "facts");
    assert.equal(number.errors[0].path, "nip");
    assert.match(number.errors[0].message, /the number at `nip` is too large for a JavaScript number to hold exactly \(it reads 198703152010011000, and digits may be lost\): send it as text/);
    assert.deepEqual(outcomeCodes(policy.evaluate({ nip: "198703152010011002", xs: [] }, ON).ok), ["notice:cocok"]);
    assert.equal(policy.evaluate({ nip: "1", xs: [{ v: 2 ** 60 }] }, { ...ON, lang: "id" }).errors[0].path, "xs[0].v");
    // The largest exact one reads; one in a field the policy does not declare is ignored, and
    // so are long digits in a text.
    assert.ok(policy.evaluate({ nip: "1", xs: [{ v: Number.MAX_SAFE_INTEGER }] }, ON).ok);
    assert.ok(policy.evaluate({ nip: "1 12345678901234567890", xs: [], audit: { id: 198703152010011002 } }, ON).ok);
    const param = policy.evaluate({ nip: "1", xs: [] }, { ...ON, params: { kode: 198703152010011002 } });
    assert.equal(param.errors[0].code, "option");
    assert.match(param.errors[0].message, /the number at `params\.kode` is too large/);
    assert.equal(param.errors[0].path, "params.kode");
    const many = policy.evaluateMany([{ nip: "198703152010011002", xs: [] }, { nip: 198703152010011002, xs: [] }], ON);
    assert.deepEqual(many.map((r) => r.errors?.[0].path ?? "ok"), ["ok", "nip"]);
    // From 10^21 JSON.stringify writes an exponent (1.2345678901234568e+21): refused the same.
    const huge = policy.evaluate({ nip: "1", xs: [{ v: 1234567890123456789012 }] }, ON);
    assert.equal(huge.errors[0].path, "xs[0].v");
    assert.match(huge.errors[0].message, /too large for a JavaScript number to hold exactly \(it reads 1234567890123456800000,/);
    assert.match(policy.evaluate({ nip: "1", xs: [] }, { ...ON, params: { kode: 1e21 } }).errors[0].message, /`params\.kode` is too large/);
    // A parameter given as `undefined` (a caller's setting not set) is left out: its default.
    assert.equal(policy.evaluate({ nip: "1", xs: [] }, { ...ON, params: { kode: undefined } }).ok.params.kode, "x");
    // A small number with an exponent is no whole number past 2^53.
    assert.ok(policy.evaluate({ nip: "1", xs: [], audit: { x: 1e-7 } }, ON).ok);
});

test("thousands of wrong facts give the first hundred and a count of the rest", () => {
    const policy = compileOk(`policy "L" version "1"\nfacts { xs: list of { v: int } }\nrule r "R" source "S" when count(xs) > 0 then notice n\n`);
    const result = policy.evaluate({ xs: Array.from({ length: 5000 }, () => ({ v: "x" })) }, ON);
    assert.equal(result.errors.length, 101);
    assert.equal(result.errors[99].path, "xs[99].v");
    assert.equal(result.errors[100].message, "… and 4900 more wrong facts like these");
});

test("bad options come back as option or param errors", () => {
    const policy = compileOk(LATIHAN);
    const facts = { alpa_hari: 0, nilai_skp: 90 };
    const cases = [
        [{ asOf: "2025-12-31" }, "option", /asOf/],
        [{ as_of: "2025-13-45" }, "option", /2025-13-45/],
        [{ as_of: "2025-1-5" }, "option", /2025-1-5/],
        [{ as_of: "+2025-01-05" }, "option", /\+2025-01-05/],
        [{ as_of: 20251231 }, "option", /as_of/],
        [{ as_of: new Date("not a date") }, "option", /Invalid Date/],
        // The first day JavaScript has, in the year -271821 (not wrapped round to 4294695475).
        [{ as_of: new Date(-8.64e15) }, "option", /`-271821-04-\d\d`/],
        [{ ...ON, lang: "fr" }, "option", /fr/],
        [{ ...ON, explain: "yes" }, "option", /explain/],
        [{ ...ON, params: [] }, "option", /params/],
        [{ ...ON, params: { batas: 4 } }, "param", /batas/],
        [{ ...ON, params: { batas_alpa: "empat" } }, "param", /batas_alpa/],
        // JSON would make them null, "no value": the value given is named.
        [{ ...ON, params: { batas_alpa: NaN } }, "param", /found "NaN"/],
        [{ ...ON, params: { batas_alpa: -Infinity } }, "param", /found "-Infinity"/],
        ["2025-12-31", "option", /object/],
    ];
    for (const [options, code, message] of cases) {
        const result = policy.evaluate(facts, options);
        assert.equal(result.ok, undefined, JSON.stringify(options));
        assert.equal(result.errors[0].code, code, JSON.stringify(result.errors));
        assert.match(result.errors[0].message, message);
    }
    const unknown = policy.evaluate(facts, { ...ON, params: { batas: 4 } });
    assert.equal(unknown.errors[0].param, "batas");
});

test("evaluateMany() gives one result per employee, in order, errors included", () => {
    const policy = compileOk(LATIHAN);
    const population = [{ alpa_hari: 3, nilai_skp: 85 }, { alpa_hari: -1 }, { alpa_hari: 0, nilai_skp: 70 }];
    const results = policy.evaluateMany(population, ON);
    assert.equal(results.length, 3);
    assert.deepEqual(outcomeCodes(results[0].ok), ["sanction:teguran_lisan", "reward:tpp"]);
    assert.equal(results[1].errors[0].path, "alpa_hari");
    assert.deepEqual(outcomeCodes(results[2].ok), []);
    // Each result is what evaluate() gives for that employee.
    population.forEach((facts, i) => assert.deepEqual(results[i], policy.evaluate(facts, ON)));
});

test("evaluateMany() still decides for the others when one employee is not JSON", () => {
    const policy = compileOk(LATIHAN);
    const cyclic = { alpa_hari: 3 };
    cyclic.self = cyclic;
    const results = policy.evaluateMany([cyclic, { alpa_hari: 3, nilai_skp: 85 }], ON);
    assert.equal(results[0].errors[0].code, "facts");
    assert.deepEqual(outcomeCodes(results[1].ok), ["sanction:teguran_lisan", "reward:tpp"]);
});

test("evaluateMany() with bad options gives the option error for everyone", () => {
    const policy = compileOk(LATIHAN);
    const results = policy.evaluateMany([{ alpa_hari: 1 }, { alpa_hari: 2 }], { as_of: "kemarin" });
    assert.deepEqual(
        results.map((r) => r.errors[0].code),
        ["option", "option"],
    );
    assert.deepEqual(policy.evaluateMany([], ON), []);
    assert.throws(() => policy.evaluateMany({ alpa_hari: 1 }, ON), /array/);
});

test("evaluateJson() keeps the core's decision text and agrees with evaluate()", () => {
    const policy = compileOk(LATIHAN);
    const facts = { alpa_hari: 3, nilai_skp: 85.5 };
    const text = policy.evaluateJson(JSON.stringify(facts), JSON.stringify({ ...ON, explain: true }));
    assert.ok(text.startsWith('{"ok":{"policy":'), text);
    assert.ok(!text.includes("\n"));
    assert.deepEqual(JSON.parse(text), policy.evaluate(facts, { ...ON, explain: true }));
    assert.match(JSON.parse(text).ok.policy.engine, /^aturan \d+\.\d+\.\d+/);
    // An empty options text means no options.
    assert.equal(JSON.parse(policy.evaluateJson("{\"alpa_hari\":0}", "")).ok.as_of.length, 10);
    const marked = policy.evaluateJson("\uFEFF" + JSON.stringify(facts), JSON.stringify({ ...ON, explain: true }));
    assert.equal(marked, text, "a byte-order mark before the facts is not part of them");
});

test("evaluateJson() returns errors for text that is not JSON", () => {
    const policy = compileOk(LATIHAN);
    const badFacts = JSON.parse(policy.evaluateJson("{alpa_hari: 3", JSON.stringify(ON)));
    // `json`, not `facts`: a service answers text that is not JSON apart from facts that do not match.
    assert.equal(badFacts.errors[0].code, "json");
    assert.match(badFacts.errors[0].message, /^the facts are not JSON text: .* at line 1 column 2$/);
    assert.deepEqual([badFacts.errors[0].line, badFacts.errors[0].column], [1, 2]);
    const badOptions = JSON.parse(policy.evaluateJson("{}", "{as_of"));
    assert.equal(badOptions.errors[0].code, "option");
    const wrongFacts = JSON.parse(policy.evaluateJson('{"alpa_hari":"x"}', JSON.stringify(ON)));
    assert.deepEqual(Object.keys(wrongFacts), ["errors"]);
    assert.equal(wrongFacts.errors[0].path, "alpa_hari");
    // A field given twice: which one counts would be a guess.
    const twice = JSON.parse(policy.evaluateJson('{"alpa_hari": 0, "alpa_hari": 5}', JSON.stringify({ ...ON, lang: "id" })));
    assert.equal(twice.errors[0].code, "json");
    assert.match(twice.errors[0].message, /^fakta bukan teks JSON: isian `alpa_hari` diberikan dua kali dalam satu objek/);
});

test("evaluateManyJson() decides an array or NDJSON of employees from text, decimals exact", () => {
    const policy = compileOk(LATIHAN);
    const options = JSON.stringify(ON);
    // 79.99999999999999999 is below 80; a JavaScript number would make it 80.
    const each = ['{"alpa_hari": 0, "nilai_skp": 79.99999999999999999}', '{"alpa_hari": "x"}', '{"alpa_hari": 3, "nilai_skp": 80}'];
    const text = `[${each.join(", ")}]`;
    const all = JSON.parse(policy.evaluateManyJson(text, options));
    assert.equal(all.ok.length, 3);
    assert.deepEqual(all.ok[0].ok.outcomes, []);
    assert.equal(all.ok[1].errors[0].path, "alpa_hari");
    assert.deepEqual(all.ok[2].ok.outcomes.map((o) => o.code), ["teguran_lisan", "tpp"]);
    // The same results, byte for byte, as one employee at a time.
    assert.equal(policy.evaluateManyJson(text, options), `{"ok":[${each.map((e) => policy.evaluateJson(e, options)).join(",")}]}`);
    // NDJSON: a line that does not read is that employee's error, in its place.
    const lines = JSON.parse(policy.evaluateManyJson('{"alpa_hari": 3}\n{alpa_hari: 1}\n\n{"alpa_hari": 0}\n', options));
    assert.deepEqual(lines.ok.map((r) => Boolean(r.ok)), [true, false, true]);
    assert.match(lines.ok[1].errors[0].message, /^line 2 is not JSON \(column \d+\): /);
    assert.doesNotMatch(lines.ok[1].errors[0].message, /line 1/);
    assert.deepEqual([lines.ok[1].errors[0].code, lines.ok[1].errors[0].line], ["json", 2]);
    // Text with no employees to decide is one error.
    // One employee's object (or any JSON that is not an array) is JSON, but no batch.
    const one = JSON.parse(policy.evaluateManyJson('{"alpa_hari": 3}', options)).errors[0];
    assert.equal(one.code, "facts");
    assert.match(one.message, /^the facts must be a JSON array of employees .*; for one employee use evaluateJson$/);
    // But one line of NDJSON, ended by its line break (an export of one employee), is a batch of one.
    const single = JSON.parse(policy.evaluateManyJson('{"alpa_hari": 3}\n', options));
    assert.equal(single.ok.length, 1);
    assert.equal(JSON.stringify(single.ok[0]), policy.evaluateJson('{"alpa_hari": 3}', options));
    assert.match(JSON.parse(policy.evaluateManyJson("[1,", JSON.stringify({ ...ON, lang: "id" }))).errors[0].message, /^fakta bukan teks JSON: .* pada baris 1 kolom 3$/);
    assert.equal(JSON.parse(policy.evaluateManyJson("[]", options)).ok.length, 0);
    // A broken array is one error, said as it is, never read line by line as NDJSON.
    const trailing = JSON.parse(policy.evaluateManyJson(`[\n${each[0]},\n${each[2]},\n]`, options));
    assert.equal(trailing.ok, undefined);
    assert.match(trailing.errors[0].message, /trailing comma at line 4 column 1/);
    const twice = JSON.parse(policy.evaluateManyJson(`[\n${each[0]},\n{"alpa_hari": 1, "alpa_hari": 2}\n]`, options));
    assert.match(twice.errors[0].message, /the field `alpa_hari` is given twice in one object .* at line 3/);
    assert.equal(JSON.parse(policy.evaluateManyJson("[]", "{as_of")).errors[0].code, "option");
});

test("runTests() runs the policy's examples, with the difference for a failure", () => {
    const policy = compileOk(LATIHAN);
    const results = policy.runTests();
    assert.deepEqual(
        results.map((r) => [r.name, r.passed]),
        [
            ["three days absent", true],
            ["a failing example", false],
        ],
    );
    assert.equal(results[0].line, LATIHAN.split("\n").findIndex((l) => l.startsWith('example "three')) + 1);
    const failure = results[1].failures[0];
    assert.ok(failure.what && failure.expected !== undefined && failure.actual !== undefined, JSON.stringify(failure));
    // In Indonesian the failures are worded so too: the kind's word, the code as written.
    const id = compileOk(LATIHAN, "id").runTests()[1].failures[0];
    assert.equal(id.what, failure.what.replace(/^reward/, "penghargaan").replace(/^sanction/, "sanksi"));
});

test("helper files may be given as a Map of name to text", () => {
    const source = `policy "H" version "1"\nfacts { n: int }\nhelpers "lib.rhai"\nhelper f(n: int) -> int\nrule r "R" source "S" when f(n) > 1 then notice x\n`;
    const code = "fn f(n) { n * 2 }";
    const fromMap = aturan.compile(source, "en", new Map([["lib.rhai", code]]));
    assert.ok(fromMap.ok, JSON.stringify(fromMap.errors));
    assert.deepEqual(outcomeCodes(fromMap.ok.evaluate({ n: 1 }, ON).ok), ["notice:x"]);
    assert.equal(fromMap.ok.info().source_hash, aturan.compile(source, "en", { "lib.rhai": code }).ok.info().source_hash);
    // A helper that fails in its file: where, in that file.
    const failing = aturan.compile(source, "en", { "lib.rhai": "// f\nfn f(n) {\n    n / 0\n}" }).ok;
    const error = failing.evaluate({ n: 1 }, ON).errors[0];
    assert.deepEqual([error.code, error.helper, error.file, error.line], ["helper", "f", "lib.rhai", 3]);
});

test("runTests() and runCases() say why a test could not be evaluated, in the policy's language", () => {
    // The second example has no absence: the division fails when it is evaluated.
    const broken = LATIHAN.replace("when nilai_skp >= 80", "when nilai_skp >= 80 and 100 / alpa_hari > 0");
    assert.match(compileOk(broken, "id").runTests()[1].error, /^pembagian dengan nol/);
    assert.match(compileOk(broken, "en").runTests()[1].error, /^division by zero/);
    const cases = [{ name: "c", as_of: "2025-12-31", facts: { alpa_hari: -1 }, expect: { sanction: null } }];
    assert.match(compileOk(LATIHAN, "id").runCases(cases)[0].error, /^fakta tidak sesuai/);
});

test("a runaway helper is stopped and reported as an error value", () => {
    const policy = compileOk(RUNAWAY);
    const started = Date.now();
    const result = policy.evaluate({ n: 1 }, ON);
    assert.equal(result.ok, undefined);
    assert.ok(["helper", "limit"].includes(result.errors[0].code), JSON.stringify(result.errors));
    // The handle is still usable afterwards.
    assert.equal(policy.evaluate({ n: 1 }, ON).errors[0].code, result.errors[0].code);
    assert.ok(Date.now() - started < 60_000);
});

test("a slow helper is stopped by the helpers' time limit, as the command stops it", () => {
    // `contains` over a long array is one operation: only the clock stops this one.
    const policy = compileOk(readFileSync(path.join(repoRoot, "tests/fixtures/slow-helper.aturan"), "utf8"));
    const result = policy.evaluate({ x: 1 }, { as_of: "2025-01-01", lang: "id" });
    assert.equal(result.ok, undefined);
    assert.equal(result.errors[0].code, "helper", JSON.stringify(result.errors));
    assert.match(result.errors[0].message, /fungsi bantu evaluasi ini berjalan lebih dari 2 detik/);
});

test("explainText() renders a decision as text in either language", () => {
    const policy = compileOk(LATIHAN);
    const decision = decide(policy, { alpa_hari: 3, nilai_skp: 85 }, { ...ON, explain: true });
    const en = aturan.explainText(decision, "en");
    const id = policy.explainText(decision, "id");
    assert.match(en, /teguran_lisan|Teguran lisan/);
    assert.notEqual(en, id);
    assert.equal(policy.explainText(decision), en);
    assert.throws(() => aturan.explainText({ not: "a decision" }, "en"), /not a decision/);
    // The error branch of a result, passed by mistake, is said to be one.
    const failed = policy.evaluate({ alpa_hari: "tiga", nilai_skp: 85 }, ON);
    assert.throws(() => aturan.explainText(failed, "en"), /explainText: this result is an error, not a decision \(no decision was made: `alpa_hari`: expected/);
});

test("a text cut inside an emoji (a lone surrogate) is named where it is read, and left out where it is not", () => {
    const policy = compileOk(`policy "T" version "1"\nfacts { nama: text, alpa_hari: int }\nrule r "R" source "S" when alpa_hari > 1 then notice n\n`);
    const result = policy.evaluate({ alpa_hari: 2, nama: "Budi \ud83d" }, ON);
    assert.equal(result.errors[0].code, "facts");
    assert.match(result.errors[0].message, /the text at `nama` holds half a character \(a lone UTF-16 surrogate/);
    assert.doesNotMatch(result.errors[0].message, /line 1 column/);
    // Under a name the policy does not declare it is an extra field, like any other.
    const extra = policy.evaluate({ alpa_hari: 2, nama: "Budi", catatan: "\udc00" }, ON);
    assert.deepEqual(outcomeCodes(extra.ok), ["notice:n"]);
    // Deeper too: under `meta.nama` (no declared fact), in an undeclared list.
    const deeper = policy.evaluate({ alpa_hari: 2, nama: "Budi", meta: { nama: "x\ud800" }, tags: ["\ud800"] }, ON);
    assert.deepEqual(outcomeCodes(deeper.ok), ["notice:n"], JSON.stringify(deeper.errors));
    // A whole emoji is text.
    assert.deepEqual(outcomeCodes(policy.evaluate({ alpa_hari: 2, nama: "Budi \ud83d\ude00" }, ON).ok), ["notice:n"]);
});

test("explainText() of evaluateJson's text keeps the decimals as decided", () => {
    const policy = compileOk(`policy "Bagi" version "1"
facts { gaji: decimal }
rule sepertiga "Sepertiga" source "S" when gaji > 0 then reward sepertiga(nominal: gaji / 3)`);
    const text = policy.evaluateJson('{"gaji": 10000000}', JSON.stringify(ON));
    // As an object the nominal has been through a JavaScript number; as text it has not.
    assert.match(aturan.explainText(text, "en"), /3333333\.3333333333333333333333/);
    assert.doesNotMatch(aturan.explainText(JSON.parse(text).ok, "en"), /3333333\.3333333333333333333333/);
    // The decision alone, as text, reads the same.
    assert.equal(policy.explainText(text.slice("{\"ok\":".length, -1)), aturan.explainText(text));
    assert.throws(() => aturan.explainText("{not json", "en"), /^Error: explainText: the text is not JSON: .* at line 1 column 2$/);
});

test("free() releases a handle; later use throws instead of reading freed memory", () => {
    const policy = compileOk(LATIHAN);
    policy.free();
    assert.throws(() => policy.info());
});

test("an employee JavaScript cannot read is that row's error, and the handle can still be freed", () => {
    const policy = compileOk(LATIHAN);
    // A getter that throws (an ORM row, a reactive proxy) at one employee: the others are decided.
    const rows = [{ alpa_hari: 3 }];
    Object.defineProperty(rows, 1, { enumerable: true, get() { throw new Error("bad row"); } });
    rows.push({ alpa_hari: 0 });
    const results = policy.evaluateMany(rows, ON);
    assert.equal(results.length, 3);
    assert.deepEqual(outcomeCodes(results[0].ok), ["sanction:teguran_lisan"]);
    assert.match(results[1].errors[0].message, /^the facts cannot be read as JSON: bad row$/);
    assert.deepEqual(outcomeCodes(results[2].ok), []);
    // A revoked Proxy for the array is the call's error, thrown as an Error of this call.
    const { proxy, revoke } = Proxy.revocable([{ alpa_hari: 3 }], {});
    revoke();
    assert.throws(() => policy.evaluateMany(proxy, ON), /^Error: evaluateMany: the facts cannot be read: .*revoked/);
    // Neither left the handle borrowed: it still evaluates, and frees.
    assert.deepEqual(outcomeCodes(policy.evaluate({ alpa_hari: 3 }, ON).ok), ["sanction:teguran_lisan"]);
    policy.free();
});

test("a Date in the facts is its local date, as the calendar of the caller reads it", () => {
    const policy = compileOk(`policy "Masa kerja" version "1"
facts { tmt: date, riwayat: list of { tmt: date } }
rule lama "Lama" source "S" when full_years(tmt, as_of) >= 4 then notice lama(sejak: tmt)
`);
    // Local midnight, as a database driver gives a DATE column (in Jakarta its JSON would be
    // the day before, 17:00 UTC).
    const facts = { tmt: new Date(2021, 9, 1), riwayat: [{ tmt: new Date(2020, 0, 1) }] };
    const result = policy.evaluate(facts, ON);
    assert.deepEqual(result.ok.outcomes[0].params, { sejak: "2021-10-01" });
    assert.deepEqual(policy.evaluateMany([facts, facts], ON).map((r) => r.ok.outcomes[0].params.sejak), ["2021-10-01", "2021-10-01"]);
    // With a time of day it is no date: refused, shown as the local clock reads it.
    const timed = policy.evaluate({ tmt: new Date(2021, 9, 1, 8, 30), riwayat: [] }, ON);
    assert.equal(timed.errors[0].path, "tmt");
    assert.match(timed.errors[0].message, /found "2021-10-01T08:30:00"/);
    // A date written as text is read as it is, and text that only looks like a Date's JSON too.
    assert.ok(policy.evaluate({ tmt: "2021-10-01", riwayat: [], note: "2021-09-30T17:00:00.000Z" }, ON).ok);
});

test("a value too large to read in one call is refused, and the module keeps working", () => {
    const policy = compileOk(LATIHAN);
    // 65 MB in a field: reading it would grow the module's memory for good.
    const big = "x".repeat(65 << 20);
    const result = policy.evaluate({ alpa_hari: 3, catatan: big }, ON);
    assert.equal(result.errors[0].code, "facts");
    assert.match(result.errors[0].message, /65 MB of JSON, more than the 64 MB read in one call/);
    const text = JSON.parse(policy.evaluateJson(`{"alpa_hari":3,"catatan":"${big}"}`, ""));
    assert.match(text.errors[0].message, /MB of JSON, more than the 64 MB read in one call/);
    assert.deepEqual(outcomeCodes(policy.evaluate({ alpa_hari: 3 }, ON).ok), ["sanction:teguran_lisan"]);
});

test("a helper file whose text is not a string is named", () => {
    assert.throws(() => aturan.compile(LATIHAN, "en", { "bantu.rhai": 5 }), /^Error: `files`: the text of `bantu.rhai` must be a string, found 5$/);
});

test("a limit error carries the place of its expression", () => {
    const policy = compileOk('policy "D" version "1"\nfacts { a: int, b: int }\nlet q = a / b\nrule r "R" source "S" when q > 1 then notice x\n');
    const [issue] = policy.evaluate({ a: 1, b: 0 }, ON).errors;
    assert.deepEqual([issue.code, issue.line, issue.column], ["limit", 3, 9]);
});

test("options given as a function are refused, not read as no options", () => {
    const result = compileOk(LATIHAN).evaluate({ alpa_hari: 3 }, () => ON);
    assert.equal(result.errors[0].code, "option");
    assert.match(result.errors[0].message, /the options must be an object/);
});

test("arguments of the wrong type are a clear error, not memory read as text", () => {
    const cases = [
        [() => aturan.compile(123), /compile: `source` must be a string, found number/],
        [() => aturan.check(true), /check: `source` must be a string, found boolean/],
        [() => aturan.compile(Buffer.from(LATIHAN)), /compile: `source` must be a string, found object/],
        [() => compileOk(LATIHAN).evaluateJson({ alpa_hari: 3 }, ""), /evaluateJson: `factsText` must be a string/],
        [() => compileOk(LATIHAN).evaluateJson("{}", { as_of: "2025-12-31" }), /`optionsText` must be a string/],
    ];
    for (const [call, message] of cases) {
        assert.throws(call, message);
    }
    // The module still works afterwards, and options text may be left out.
    const result = JSON.parse(compileOk(LATIHAN).evaluateJson('{"alpa_hari":0}'));
    assert.ok(result.ok, JSON.stringify(result));
});

test("evaluateMany() over more employees than one slice gives every result, in order", () => {
    const policy = compileOk(LATIHAN);
    const population = Array.from({ length: 2_503 }, (_, i) => ({ alpa_hari: i % 7, nilai_skp: 50 + (i % 50) }));
    const many = policy.evaluateMany(population, ON);
    assert.equal(many.length, population.length);
    for (const i of [0, 999, 1000, 1001, 2502]) {
        assert.deepEqual(many[i], policy.evaluate(population[i], ON), `employee ${i}`);
    }
});

test("runCases() names the case that is not a case, and refuses fields the format lacks", () => {
    const policy = compileOk(LATIHAN);
    const good = { name: "bersih", as_of: "2025-12-31", facts: { alpa_hari: 0 }, expect: { sanction: null } };
    assert.equal(policy.runCases([good])[0].name, "bersih");
    const typo = { ...good, name: "salah ketik", expect: { sanction: null, promotions: {} } };
    assert.throws(() => policy.runCases([good, typo]), /case 2 \(salah ketik\).*unknown field `promotions`/);
});

test("evaluateJson() refuses options that name a field twice", () => {
    const policy = compileOk(LATIHAN);
    const twice = JSON.parse(policy.evaluateJson("{}", '{"as_of":"2025-12-31","as_of":"2024-12-31"}'));
    assert.equal(twice.errors[0].code, "option");
    assert.match(twice.errors[0].message, /`as_of` is given twice/);
});

test("jsonError() says why text is not JSON facts, in either language, or nothing when it reads", () => {
  assert.equal(aturan.jsonError('{"presensi": {"alpa_hari": 3}}'), undefined);
  assert.match(aturan.jsonError('{"a": 1,}', "en"), /trailing comma at line 1 column 9/);
  assert.match(aturan.jsonError('{"a": 1,}', "id"), /baris 1 kolom 9/);
  // JSON.parse keeps the last of two fields silently; this says which and where.
  assert.match(aturan.jsonError('{"alpa_hari": 3,\n "alpa_hari": 30}', "en"), /alpa_hari.*line 2 column/);
  assert.throws(() => aturan.jsonError(42), /jsonError/);
});

test("misspeltFields() names a field like a missing fact, with the fact it may be", () => {
    const policy = compileOk(LATIHAN);
    assert.deepEqual(policy.misspeltFields({ alpa_hri: 3, nilai_skp: 80, nama: "Budi" }), [["alpa_hri", "alpa_hari"]]);
    assert.deepEqual(policy.misspeltFields({ alpa_hari: 3, nama: "Budi" }), []);
});
