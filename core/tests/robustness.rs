//! No policy text, however broken, panics or hangs the compiler: the reference policy mutated at
//! random (deterministically) must always give a policy or diagnostics, and a compiled one must
//! evaluate the example employees to decisions or errors.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use aturan_core::{EvalOptions, Policy};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "|",
    "..",
    "..<",
    " and ",
    " or ",
    " not ",
    "==",
    ">=",
    "-",
    ".",
    ",",
    ":",
    "rule",
    "when",
    "then",
    "sanction",
    "let",
    "table",
    "first(",
    "sum(",
    "\n",
    "0",
    "99999999999999999999999",
    "é",
    "kinerja",
    "per_tanggal",
    "sanksi",
    "pengecualian atas tpp",
    "\"\"\"",
];

#[test]
fn mutated_policies_never_panic() {
    let source =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/semarang/semarang.aturan")).unwrap();
    let employees: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/semarang/employees.json")).unwrap(),
    )
    .unwrap();
    let opts = EvalOptions::on("2025-12-31").unwrap();
    let mut rng = Rng(2025);
    let (mut compiled, mut refused) = (0, 0);
    for _ in 0..std::env::var("MUTATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(300) {
        let mut text = source.clone();
        for _ in 0..1 + rng.below(3) {
            let mut at = rng.below(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            match rng.below(3) {
                0 => {
                    let mut end = (at + rng.below(12)).min(text.len());
                    while !text.is_char_boundary(end) {
                        end -= 1;
                    }
                    text.replace_range(at..end, "");
                }
                _ => text.insert_str(at, PIECES[rng.below(PIECES.len())]),
            }
        }
        match Policy::compile(&text) {
            Ok(p) => {
                compiled += 1;
                for e in employees.iter().take(5) {
                    let _ = p.evaluate(e, &opts);
                }
                let _ = p.run_tests();
            }
            Err(e) => {
                refused += 1;
                assert!(!e.diagnostics.is_empty());
                let _ = e.render(aturan_core::Lang::Id);
            }
        }
    }
    assert!(compiled > 0 && refused > 0, "compiled {compiled}, refused {refused}");
}

#[test]
fn mutated_facts_give_decisions_or_errors() {
    let policy =
        Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/semarang/semarang.aturan")).unwrap();
    let employees: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/semarang/employees.json")).unwrap(),
    )
    .unwrap();
    let values = [
        serde_json::json!(null),
        serde_json::json!(-1),
        serde_json::json!(1e300),
        serde_json::json!("2025-02-30"),
        serde_json::json!("99999999999999999999999999999999"),
        serde_json::json!([]),
        serde_json::json!([null]),
        serde_json::json!({}),
        serde_json::json!(true),
        serde_json::json!("sangat_baik"),
        serde_json::json!(89.995),
    ];
    let opts = EvalOptions::on("2025-12-31").unwrap().explain(true);
    let mut rng = Rng(7);
    let (mut decided, mut refused) = (0, 0);
    for _ in 0..std::env::var("MUTATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(300) {
        let mut facts = employees[rng.below(employees.len())].clone();
        // Walk down to a random place (as a JSON pointer) and replace what is there.
        let mut pointer = String::new();
        let mut cur = &facts;
        for _ in 0..rng.below(4) {
            match cur {
                serde_json::Value::Object(m) if !m.is_empty() => {
                    let (k, v) = m.iter().nth(rng.below(m.len())).unwrap();
                    pointer.push_str(&format!("/{k}"));
                    cur = v;
                }
                serde_json::Value::Array(a) if !a.is_empty() => {
                    let i = rng.below(a.len());
                    pointer.push_str(&format!("/{i}"));
                    cur = &a[i];
                }
                _ => break,
            }
        }
        *facts.pointer_mut(&pointer).unwrap() = values[rng.below(values.len())].clone();
        match policy.evaluate(&facts, &opts) {
            Ok(_) => decided += 1,
            Err(e) => {
                refused += 1;
                assert!(!e.message(aturan_core::Lang::En).is_empty());
            }
        }
    }
    assert!(decided > 0 && refused > 0, "decided {decided}, refused {refused}");
}

/// Brackets, aggregates and ranges nested as deep as the language allows, valid or with a
/// mistake at the bottom, are read once per level: each alternative of an expression used to
/// read a bracket again, so 20 levels took seconds and 15 nested aggregates with a mistake
/// inside never finished.
#[test]
fn deeply_nested_expressions_are_read_once_per_level() {
    let policy = |body: &str| format!("policy \"N\"\nfacts {{ a: int, xs: list of {{ v: int }} }}\nlet x = {body}\n");
    let deep = 30;
    let valid = [
        format!("{}a{}", "(".repeat(deep), ")".repeat(deep)),
        format!(
            "a in {}1{}..{}5{}",
            "(".repeat(deep / 2),
            ")".repeat(deep / 2),
            "(".repeat(deep / 2),
            ")".repeat(deep / 2)
        ),
        format!("{}a{}", "min(1, ".repeat(deep / 2), ")".repeat(deep / 2)),
    ];
    for body in &valid {
        if let Err(e) = Policy::compile(&policy(body)) {
            panic!("{body}: {}", e.render(aturan_core::Lang::En));
        }
    }
    // What the look ahead passes over: commas and brackets in texts, lists and comments.
    let passed_over = [
        "sum(x.v for x in xs where a > 0 and \"a,b)\" != \"(\")",
        "count(xs where v in [1, 2] and a > 0)",
        "sum(xs.v // jam pelajaran, dihitung (per tahun)
    where v > 0)",
        "max(sum(xs.v), 3)",
        "a in (a - 1)..(a + 1 // batas (atas)
)",
        "a in -5..5",
    ];
    for body in &passed_over {
        if let Err(e) = Policy::compile(&policy(body)) {
            panic!("{body}: {}", e.render(aturan_core::Lang::En));
        }
    }
    let broken = [
        format!("{}x.v for x in xs for y in xs{}", "sum(".repeat(deep / 2), ")".repeat(deep / 2)),
        format!("{}a where a >{}", "sum(".repeat(deep / 2), ")".repeat(deep / 2)),
        format!("{}a,{}", "(".repeat(deep), ")".repeat(deep)),
    ];
    for body in &broken {
        let err = Policy::compile(&policy(body)).expect_err(body);
        assert_eq!(err.diagnostics[0].code, "syntax", "{body}");
    }
}

/// A lookup table keyed by an enum of thousands of values, one row each: its keys are
/// checked for repeats and for gaps in time linear in them (each key was compared with every
/// other, and each value with every row: 5 s for 30,000, and more with the square).
#[test]
fn a_table_of_thousands_of_keys_is_checked_in_one_pass() {
    let n = 5_000;
    let values: Vec<String> = (0..n).map(|i| format!("v{i}")).collect();
    let rows: String = (0..n - 1).map(|i| format!("    \"v{i}\" -> {i}\n")).collect();
    let src = format!(
        "policy \"E\"\nenum E {{ {} }}\nfacts {{ e: E }}\ntable t: E -> int {{\n{rows}    \"v0\" -> 1\n}}\n",
        values.join(", ")
    );
    let err = Policy::compile(&src).expect_err("a repeated key");
    let codes: Vec<&str> = err.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["duplicate"], "{}", err.render(aturan_core::Lang::En));
    // Without the repeat: compiled, the one value without a row named.
    let src = src.replace("    \"v0\" -> 1\n", "");
    let policy = Policy::compile(&src).unwrap_or_else(|e| panic!("{}", e.render(aturan_core::Lang::En)));
    let gaps: Vec<String> = policy.warnings().iter().map(|d| d.message.en.clone()).collect();
    assert_eq!(gaps, [format!("table `t` has no entry for `v{}`", n - 1)]);
}

#[test]
fn the_days_an_explanation_tries_share_one_budget_of_list_visits() {
    // A condition that goes through a long list twice over, and holds only after the last of a
    // hundred dates: trying each date with a budget of its own went through the list 200 times.
    // The days tried share the one budget, so the search gives up (no day is claimed) instead.
    let p = Policy::compile(
        "policy \"Adv\" version \"1\"\nfacts { xs: list of { v: int }, ds: list of { d: date } }\n\
         rule r \"R\" source \"S\"\n    when not (any(x in xs where count(y in xs where y.v == x.v) > 5) or any(e in ds where e.d >= as_of))\n    then notice n\n",
    )
    .unwrap();
    let dates: Vec<serde_json::Value> = (1..=10)
        .flat_map(|m| (1..=10).map(move |d| serde_json::json!({ "d": format!("2026-{m:02}-{d:02}") })))
        .collect();
    let xs: Vec<serde_json::Value> = (0..1000).map(|i| serde_json::json!({ "v": i })).collect();
    let facts = serde_json::json!({ "xs": xs, "ds": dates });
    let d = p.evaluate(&facts, &EvalOptions::on("2025-12-31").unwrap().explain(true)).unwrap();
    let c = &d.explanation.as_ref().unwrap()[0].conditions[0];
    assert_eq!(c.result, aturan_core::Truth::False);
    assert_eq!(c.holds_from, None, "{c:?}");
    // With a short list the same search finds the day after the last date.
    let facts = serde_json::json!({ "xs": [{ "v": 1 }], "ds": facts["ds"] });
    let d = p.evaluate(&facts, &EvalOptions::on("2025-12-31").unwrap().explain(true)).unwrap();
    assert_eq!(d.explanation.as_ref().unwrap()[0].conditions[0].holds_from.as_deref(), Some("2026-10-11"));
}

/// The nesting check before the parser reads texts as the grammar does: a quote escaped in a
/// text (`"\""`) or standing inside a `"""` text, and lines of an expression that start with a
/// name like a declaration's keyword (`param_a`), let deep nesting through to the recursive
/// parser, which then overflowed the stack. Each is refused as too deep, on a thread of 2 MB (a
/// thread a caller spawns has no more).
#[test]
fn deep_nesting_after_a_quote_in_a_text_or_under_a_keyword_like_name_is_refused() {
    let mut cases = Vec::new();
    for n in [600, 2200] {
        let brackets = format!("{}1{}", "(".repeat(n), ")".repeat(n));
        cases.push(format!("policy \"\\\"\"\nfacts {{ a: int }}\nlet x = {brackets}\n"));
        cases.push(format!("policy \"P\"\ndescription \"\"\" \" \"\"\"\nlet x = {brackets}\n"));
        cases.push(format!("policy \"\\\"\"\nlet x = {}1{}\n", "[".repeat(n), "]".repeat(n)));
    }
    cases.push(format!("policy \"P\"\nlet x =\n{}1\n", "param_a + if true then 1 else\n".repeat(2000)));
    cases.push(format!("policy \"P\"\nlet fungsi = 1\nlet x =\n{}1\n", "fungsi + if true then 1 else\n".repeat(2000)));
    let n = cases.len();
    let codes = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || {
            cases
                .iter()
                .map(|src| match Policy::compile(src) {
                    Ok(_) => "compiled".to_string(),
                    Err(e) => e.diagnostics.first().map(|d| d.code.to_string()).unwrap_or_default(),
                })
                .collect::<Vec<_>>()
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(codes, vec!["too-deep"; n]);
}

/// Rules that each read the outcome of the one before (a chain of 10,000, as a generated policy
/// may be) are compiled in time linear in them: each reference looked for the rules giving its
/// outcome through every rule, and each outcome for its versions through every other (10 s for
/// 20,000 rules, 25 s for 30,000).
#[test]
fn a_long_chain_of_rules_reading_each_others_outcomes_compiles_and_decides() {
    let n = 10_000;
    let mut src =
        String::from("policy \"P\"\nfacts { a: int }\nrule r0 \"R\" source \"S\" when a > 0 then notice n0\n");
    for k in 1..n {
        src.push_str(&format!("rule r{k} \"R\" source \"S\" when notice n{} then notice n{k}\n", k - 1));
    }
    let policy = Policy::compile(&src).unwrap_or_else(|e| panic!("{}", e.render(aturan_core::Lang::En)));
    let d = policy.evaluate(&serde_json::json!({ "a": 1 }), &EvalOptions::on("2025-12-31").unwrap()).unwrap();
    assert_eq!(d.outcomes.len(), n);
    assert_eq!(d.outcomes.last().map(|o| o.code()), Some(format!("n{}", n - 1).as_str()));
}
