//! Tests: the examples written inside a policy, and case files in the reference format
//! (`tests/cases/*.json`): facts, a date and the expected decision.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use aturan_dsl::{did_you_mean, Lang, Text};

use crate::decision::{Decision, Outcome, OutcomeKind};
use crate::info::{TestFailure, TestResult};
use crate::ir::Expect;
use crate::policy::{EvalOptions, Policy};

/// One case of a case file. A field the format does not have is an error, not ignored: a
/// misspelt `params` or `promotion` would otherwise let a case pass that should fail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// What the case is about, shown with its result.
    pub name: String,
    /// The decision date, `YYYY-MM-DD`.
    pub as_of: String,
    /// One employee's facts, as an HR system sends them.
    pub facts: Json,
    /// Parameter overrides by name (none: the policy's defaults).
    #[serde(default)]
    pub params: Map<String, Json>,
    /// The decision expected.
    pub expect: CaseExpect,
}

/// The expected decision of a case: the imposed sanction, outcome codes with their parameters,
/// and the undetermined codes (`sanction` for an undetermined sanction), sorted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseExpect {
    /// The one sanction imposed (`null`: none).
    pub sanction: Option<String>,
    /// Reward codes with their parameters (`{"tpp": {"persen": 85}}`); no others may apply.
    #[serde(default)]
    pub rewards: BTreeMap<String, Map<String, Json>>,
    /// Promotion codes with their parameters; no others may apply.
    #[serde(default)]
    pub promotion: BTreeMap<String, Map<String, Json>>,
    /// Notice codes with their parameters; no others may apply.
    #[serde(default)]
    pub notices: BTreeMap<String, Map<String, Json>>,
    /// The undetermined codes, sorted (`sanction` for an undetermined sanction).
    #[serde(default)]
    pub undetermined: Vec<String>,
}

impl Case {
    /// Reads a case file: a JSON array of cases (or one case).
    pub fn load_file(path: impl AsRef<std::path::Path>) -> Result<Vec<Case>, String> {
        Case::load_file_in(path, Lang::En)
    }

    /// [`Case::load_file`], with its errors in `lang`.
    pub fn load_file_in(path: impl AsRef<std::path::Path>, lang: Lang) -> Result<Vec<Case>, String> {
        let path = path.as_ref();
        let shown = path.display();
        let text = crate::read_text_file(path).map_err(|e| {
            Text::new(format!("cannot read `{shown}`: {}", e.en), format!("`{shown}` tidak dapat dibaca: {}", e.id))
                .get(lang)
                .to_string()
        })?;
        let cases = Case::parse_in(&text, lang).map_err(|e| format!("`{shown}`: {e}"))?;
        // A file that checks nothing would pass every policy, as a gate in CI.
        if cases.is_empty() {
            return Err(Text::new(
                format!("`{shown}` holds no case (an empty array): a case file checks at least one case"),
                format!(
                    "`{shown}` tidak berisi kasus (larik kosong): berkas kasus memeriksa paling sedikit satu kasus"
                ),
            )
            .get(lang)
            .to_string());
        }
        Ok(cases)
    }

    /// Reads case-file text: a JSON array of cases (or one case).
    pub fn parse(text: &str) -> Result<Vec<Case>, String> {
        Case::parse_in(text, Lang::En)
    }

    /// [`Case::parse`], with its errors in `lang` (what serde says of a wrong field stays as it
    /// says it).
    pub fn parse_in(text: &str, lang: Lang) -> Result<Vec<Case>, String> {
        let v = crate::json::parse_json(text).map_err(|e| match e {
            e if e.is_syntax() => {
                let what = e.message(lang);
                Text::new(format!("not valid JSON: {what}"), format!("bukan JSON yang sah: {what}"))
                    .get(lang)
                    .to_string()
            }
            duplicate => duplicate.message(lang),
        })?;
        match v {
            Json::Array(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| {
                    let name = item.get("name").and_then(Json::as_str).map(|n| format!(" ({n})")).unwrap_or_default();
                    read_case(item).map_err(|why| {
                        let k = i + 1;
                        Text::new(
                            format!("case {k}{name} is not a case: {}", why.en),
                            format!("kasus {k}{name} tidak sah: {}", why.id),
                        )
                        .get(lang)
                        .to_string()
                    })
                })
                .collect(),
            _ => read_case(v).map(|c| vec![c]).map_err(|why| {
                // One object: a case file is an array of cases, or one case, and this is neither.
                Text::new(
                    format!("not an array of cases, nor one case: {}", why.en),
                    format!("bukan larik kasus, bukan pula satu kasus: {}", why.id),
                )
                .get(lang)
                .to_string()
            }),
        }
    }
}

/// One case, or what is wrong with it and where in it (`expect.undetermined[0]`).
fn read_case(mut item: Json) -> Result<Case, Text> {
    // The facts and parameters are kept as written: read again through serde, a number lost the
    // digits its exact form keeps (`0.0000001` for a text fact came back as `1e-7`, which is
    // refused as a number that has been through a float).
    let facts = item.get_mut("facts").map(std::mem::take);
    let params = match item.get_mut("params") {
        Some(p @ Json::Object(_)) => Some(std::mem::replace(p, Json::Object(Map::new()))),
        _ => None,
    };
    let mut case: Case = serde_path_to_error::deserialize(item).map_err(|e| {
        let why = case_error(e.inner());
        let mut at = e.path().to_string();
        // An unknown field is named by the message; the path says in which object.
        if e.inner().to_string().starts_with("unknown field") {
            at = at.rsplit_once('.').map(|(up, _)| up.to_string()).unwrap_or_default();
        }
        match at.as_str() {
            "" | "." => why,
            at => Text::new(format!("in `{at}`: {}", why.en), format!("pada `{at}`: {}", why.id)),
        }
    })?;
    if let Some(facts) = facts {
        case.facts = facts;
    }
    if let Some(Json::Object(params)) = params {
        case.params = params;
    }
    Ok(case)
}

/// What is wrong with a case, from serde's words: a misspelt field (`rewads`) with the field it
/// may be, a field left out; other mistakes as serde says them.
fn case_error(e: &serde_json::Error) -> Text {
    let text = e.to_string();
    let quoted = |s: &str| -> Vec<String> { s.split('`').skip(1).step_by(2).map(str::to_string).collect() };
    if let Some(rest) = text.strip_prefix("unknown field ") {
        let names = quoted(rest);
        if let Some((field, allowed)) = names.split_first() {
            let near = did_you_mean(field, allowed.iter().map(String::as_str));
            let list = allowed.join(", ");
            return match near {
                Some(n) => Text::new(
                    format!("unknown field `{field}` (did you mean `{n}`?); the fields there are {list}"),
                    format!("isian `{field}` tidak dikenal (maksud Anda `{n}`?); isian di sana: {list}"),
                ),
                None => Text::new(
                    format!("unknown field `{field}`; the fields there are {list}"),
                    format!("isian `{field}` tidak dikenal; isian di sana: {list}"),
                ),
            };
        }
    }
    if let Some(field) = text.strip_prefix("missing field ").and_then(|r| quoted(r).into_iter().next()) {
        return Text::new(format!("the field `{field}` is missing"), format!("isian `{field}` tidak ada"));
    }
    // serde's `invalid type: null, expected struct Case` (and `invalid length 0, expected struct
    // Case with 5 elements` for an array where an object belongs), in the words of the file.
    let shape = match text.strip_prefix("invalid type: ") {
        Some(rest) => rest.split_once(", expected ").map(|(found, expected)| (json_kind(found), expected)),
        None => text
            .strip_prefix("invalid length ")
            .and_then(|rest| rest.split_once(", expected "))
            .map(|(_, expected)| (Text::new("an array", "larik"), expected)),
    };
    if let Some((found, expected)) = shape {
        let expected = expected.split(" with ").next().unwrap_or(expected);
        let wanted = match expected {
            "struct Case" => Text::new(
                "a case, an object with `name`, `as_of`, `facts` and `expect`",
                "sebuah kasus, objek dengan `name`, `as_of`, `facts` dan `expect`",
            ),
            "struct CaseExpect" => Text::new(
                "an object of the outcomes expected: `sanction`, `rewards`, `promotion`, `notices`, `undetermined`",
                "objek berisi hasil yang diharapkan: `sanction`, `rewards`, `promotion`, `notices`, `undetermined`",
            ),
            "a string" => Text::new("a text", "teks"),
            "a map" => Text::new("an object", "objek"),
            "a sequence" => Text::new("an array", "larik"),
            other => Text::new(other.to_string(), other.to_string()),
        };
        return Text::new(
            format!("expected {}, found {}", wanted.en, found.en),
            format!("seharusnya {}, ditemukan {}", wanted.id, found.id),
        );
    }
    Text::new(text.clone(), text)
}

/// What serde names a JSON value it found (`null`, `string "x"`, `integer `5``, `map`), as the
/// file reads.
fn json_kind(found: &str) -> Text {
    let quoted = found.split_once(' ').map(|(_, v)| v.trim_matches('`')).unwrap_or("");
    match found.split(' ').next().unwrap_or(found) {
        "null" | "unit" => Text::new("null", "null"),
        "string" => Text::new(format!("the text {quoted}"), format!("teks {quoted}")),
        "number" => Text::new("a number", "bilangan"),
        "integer" | "floating" => {
            let number = found.rsplit(' ').next().unwrap_or("").trim_matches('`');
            Text::new(format!("the number {number}"), format!("bilangan {number}"))
        }
        "boolean" => Text::new(format!("`{quoted}`"), format!("`{quoted}`")),
        "sequence" => Text::new("an array", "larik"),
        "map" => Text::new("an object", "objek"),
        _ => Text::new(found.to_string(), found.to_string()),
    }
}

impl CaseExpect {
    /// Maps a decision onto the case shape.
    pub fn from_decision(d: &Decision) -> CaseExpect {
        let map = |kind: OutcomeKind| d.of_kind(kind).map(|o| (o.code().to_string(), normalize(&o.params))).collect();
        let mut undetermined: Vec<String> = d
            .undetermined
            .iter()
            .map(|u| if u.kind == OutcomeKind::Sanction { "sanction".to_string() } else { u.code.to_string() })
            .collect();
        undetermined.sort();
        undetermined.dedup();
        CaseExpect {
            sanction: d.sanction().map(|s| s.code().to_string()),
            rewards: map(OutcomeKind::Reward),
            promotion: map(OutcomeKind::Promotion),
            notices: map(OutcomeKind::Notice),
            undetermined,
        }
    }
}

/// Numbers compare by value: `85`, `85.0`, `8.5e1` and `"85"` in a case file all mean 85.
fn normalize(m: &Map<String, Json>) -> Map<String, Json> {
    m.iter().map(|(k, v)| (k.clone(), norm_value(v))).collect()
}

fn norm_value(v: &Json) -> Json {
    match v {
        Json::Number(n) => match crate::facts::decimal_of(n.as_str()) {
            Some(d) => crate::value::dec_json(d),
            None => v.clone(),
        },
        // A number written as text, as exports (and facts) may write it.
        Json::String(s) => crate::facts::decimal_of(s.trim()).map_or_else(|| v.clone(), crate::value::dec_json),
        other => other.clone(),
    }
}

fn show_map(m: &BTreeMap<String, Map<String, Json>>) -> String {
    serde_json::to_string(m).unwrap_or_default()
}

pub fn run_case(policy: &Policy, case: &Case) -> TestResult {
    let mut result = TestResult::new(&case.name, None);
    let mut opts = match EvalOptions::on(&case.as_of) {
        Ok(opts) => opts,
        Err(e) => {
            let (en, id) = (e.message(Lang::En), e.message(Lang::Id));
            return result.failed_with(Text::new(format!("`as_of`: {en}"), format!("`as_of`: {id}")));
        }
    };
    opts.params = case.params.clone();
    if let Some(wrong) = unknown_code(policy, &case.expect) {
        return result.failed_with(wrong);
    }
    let decision = match policy.evaluate(&case.facts, &opts) {
        Ok(d) => d,
        Err(e) => return result.failed_with(both(&e)),
    };
    let got = CaseExpect::from_decision(&decision);
    let want = &case.expect;
    let mut fail = |what: &str, expected: String, actual: String, reasons: Vec<Text>| {
        result.failures.push(TestFailure::new(what, expected, actual).because(reasons));
    };
    // Every imposed sanction counts: under `combine sanction: all` (or with no severity) a
    // decision may impose several, and a case naming one of them must not pass.
    let imposed: Vec<&str> = decision.of_kind(OutcomeKind::Sanction).map(|o| o.code()).collect();
    if imposed != want.sanction.as_deref().into_iter().collect::<Vec<_>>() {
        let listed = |v: Vec<&str>| if v.is_empty() { "none".to_string() } else { v.join(", ") };
        let by = given_by(&decision, OutcomeKind::Sanction, |c| want.sanction.as_deref() != Some(c));
        fail("sanction", listed(want.sanction.as_deref().into_iter().collect()), listed(imposed), by);
    }
    for (what, w, g) in [
        ("rewards", &want.rewards, &got.rewards),
        ("promotion", &want.promotion, &got.promotion),
        ("notices", &want.notices, &got.notices),
    ] {
        let raw = w;
        let w: BTreeMap<String, Map<String, Json>> = w.iter().map(|(k, v)| (k.clone(), normalize(v))).collect();
        if w != *g {
            // An expected outcome that is undetermined: with the facts it misses.
            let kind = match what {
                "rewards" => OutcomeKind::Reward,
                "promotion" => OutcomeKind::Promotion,
                _ => OutcomeKind::Notice,
            };
            let open: Vec<String> = w
                .keys()
                .filter(|c| !g.contains_key(*c))
                .filter_map(|c| undetermined_of(&decision, kind, Some(c)))
                .collect();
            let mut actual = show_map(g);
            if !open.is_empty() {
                actual = format!("{actual}; {}", open.join("; "));
            }
            // Why the expected codes neither given nor undetermined are not given.
            let mut reasons: Vec<Text> = w
                .keys()
                .filter(|c| !g.contains_key(*c) && undetermined_of(&decision, kind, Some(c)).is_none())
                .flat_map(|c| why(policy, &case.facts, &opts, kind, c, None))
                .collect();
            // An expected number with its thousands separated (`"3.760.000"`, `37.000`), as a
            // spreadsheet writes it: read as text, or as 37.
            for (code, params) in raw {
                for (name, v) in params {
                    let text = match v {
                        Json::String(s) => s.trim().to_string(),
                        Json::Number(n) => n.to_string(),
                        _ => continue,
                    };
                    if aturan_dsl::thousands_like(&text) {
                        let plain = text.replace('.', "");
                        reasons.push(Text::new(
                            format!("{code}({name}: {v}): numbers are written without thousands separators: `{plain}`"),
                            format!("{code}({name}: {v}): bilangan ditulis tanpa pemisah ribuan: `{plain}`"),
                        ));
                    }
                }
            }
            reasons.extend(given_by(&decision, kind, |c| !w.contains_key(c)));
            // Given with other parameters than expected: by which rule, and the one set aside.
            for code in w.keys().filter(|c| g.get(*c).is_some_and(|got| Some(got) != w.get(*c))) {
                reasons.extend(given_instead(policy, &case.facts, &opts, kind, code));
            }
            fail(what, show_map(&w), actual, reasons);
        }
    }
    let mut wu = want.undetermined.clone();
    wu.sort();
    if wu != got.undetermined {
        fail("undetermined", format!("{wu:?}"), format!("{:?}", got.undetermined), Vec::new());
    }
    result.passed = result.failures.is_empty();
    result
}

/// The first code a case expects that no rule of the policy gives as that kind (a misspelt
/// `insentif_disipin`, which would only fail as a whole map of outcomes against another), said
/// with the code meant.
fn unknown_code(policy: &Policy, want: &CaseExpect) -> Option<Text> {
    // The codes the rules give, of one kind or (`None`) of any.
    let given = |kind: Option<OutcomeKind>| -> Vec<&str> {
        let rules = policy.rules().iter().filter(|r| kind.is_none_or(|k| r.kind == k));
        rules.flat_map(|r| r.codes.iter().map(String::as_str)).collect()
    };
    let mut named: Vec<(&str, Option<OutcomeKind>, &str)> = Vec::new();
    named.extend(want.sanction.iter().map(|c| ("sanction", Some(OutcomeKind::Sanction), c.as_str())));
    for (field, kind, codes) in [
        ("rewards", OutcomeKind::Reward, &want.rewards),
        ("promotion", OutcomeKind::Promotion, &want.promotion),
        ("notices", OutcomeKind::Notice, &want.notices),
    ] {
        named.extend(codes.keys().map(|c| (field, Some(kind), c.as_str())));
    }
    // An undetermined code may be of any kind; `sanction` stands for an undetermined sanction.
    let undetermined = want.undetermined.iter().filter(|c| !matches!(c.as_str(), "sanction" | "sanksi"));
    named.extend(undetermined.map(|c| ("undetermined", None, c.as_str())));
    for (field, kind, code) in named {
        let codes = given(kind);
        if codes.contains(&code) {
            continue;
        }
        let hint = crate::did_you_mean(code, codes.iter().copied());
        let (hen, hid) = hint.map_or((String::new(), String::new()), |h| {
            (format!(" (did you mean `{h}`?)"), format!(" (maksud Anda `{h}`?)"))
        });
        return Some(Text::new(
            format!("`expect.{field}` names `{code}`, which no rule of the policy gives{hen}"),
            format!("`expect.{field}` menyebut `{code}`, yang tidak diberikan aturan mana pun dalam kebijakan{hid}"),
        ));
    }
    None
}

pub fn run_examples(policy: &Policy) -> Vec<TestResult> {
    policy.compiled.examples.iter().map(|ex| run_example(policy, ex)).collect()
}

fn run_example(policy: &Policy, ex: &crate::ir::ExampleIR) -> TestResult {
    let mut result = TestResult::new(&ex.name, Some(ex.line));
    let mut opts = EvalOptions::new(ex.as_of);
    opts.params = ex.params.clone();
    let d = match policy.evaluate(&ex.given, &opts) {
        Ok(d) => d,
        Err(e) => return result.failed_with(both(&e)),
    };
    for (k, e) in ex.expect.iter().enumerate() {
        let before = result.failures.len();
        match e {
            // "None" means known to be none: an undetermined one fails the expectation.
            Expect::NoSanction => {
                let undetermined = undetermined_of(&d, OutcomeKind::Sanction, None);
                if let Some(actual) = d.sanction().map(|s| s.code().to_string()).or(undetermined) {
                    let by = given_by(&d, OutcomeKind::Sanction, |_| true);
                    result.failures.push(TestFailure::new("sanction", "none", actual).because(by));
                }
            }
            Expect::No(kind, code) => {
                // Those given, with their parameters, then those undetermined (each said so).
                let given: Vec<String> = d
                    .of_kind(*kind)
                    .filter(|o| code.as_deref().is_none_or(|c| *c == *o.code()))
                    .map(|o| format!("{}{}", o.code(), params_inline(&o.params)))
                    .collect();
                let mut hit: Vec<String> = if given.is_empty() { Vec::new() } else { vec![given.join(", ")] };
                hit.extend(undetermined_of(&d, *kind, code.as_deref()));
                let hit = if hit.is_empty() { Vec::new() } else { vec![hit.join("; ")] };
                if !hit.is_empty() {
                    let what = match code {
                        Some(c) => format!("no {} {c}", kind.as_str()),
                        None => format!("no {}", kind.as_str()),
                    };
                    let by = given_by(&d, *kind, |c| code.as_deref().is_none_or(|want| want == c));
                    result.failures.push(TestFailure::new(what, "none", hit.join(", ")).because(by));
                }
            }
            Expect::Undetermined(code) => {
                let found = d.undetermined.iter().any(|u| {
                    *u.code == **code
                        || (matches!(code.as_str(), "sanction" | "sanksi") && u.kind == OutcomeKind::Sanction)
                });
                if !found {
                    // Decided after all: given (with its parameters), or not given; then the
                    // outcomes that are undetermined instead.
                    let given = d
                        .outcomes
                        .iter()
                        .find(|o| {
                            *o.code() == **code
                                || (matches!(code.as_str(), "sanction" | "sanksi") && o.kind == OutcomeKind::Sanction)
                        })
                        .map(|o| format!("given {}{}", o.code(), params_inline(&o.params)));
                    let others: Vec<String> = d.undetermined.iter().map(|u| u.code.to_string()).collect();
                    let mut actual = vec![given.unwrap_or_else(|| "not given".to_string())];
                    if !others.is_empty() {
                        actual.push(format!("undetermined: {}", others.join(", ")));
                    }
                    result.failures.push(TestFailure::new(
                        format!("undetermined {code}"),
                        "undetermined",
                        actual.join("; "),
                    ));
                }
            }
            Expect::Outcome(kind, code, args) => {
                let what = format!("{} {code}", kind.as_str());
                let want_params: Map<String, Json> = args.iter().map(|(k, v)| (k.clone(), norm_value(v))).collect();
                let expected = format!("{code}{}", params_inline(&want_params));
                match d.of_kind(*kind).find(|o| o.code() == &**code) {
                    // Not given because a fact is missing: say so, not "none".
                    None => {
                        let failure = match undetermined_of(&d, *kind, Some(code)) {
                            Some(open) => TestFailure::new(what, expected, open),
                            None => {
                                let mut reasons = why(policy, &ex.given, &opts, *kind, code, None);
                                reasons.extend(given_by(&d, *kind, |c| c != code.as_str()));
                                TestFailure::new(what, expected, not_given(&d, *kind, code)).because(reasons)
                            }
                        };
                        result.failures.push(failure);
                    }
                    Some(o) => {
                        let got = normalize(&o.params);
                        let differs = want_params.iter().any(|(k, v)| got.get(k) != Some(v));
                        // The sanction imposed, while a heavier one is undetermined, may not be
                        // the one imposed once the facts are known.
                        let heaviest = policy.compiled.strategies.first() == Some(&crate::ir::Strategy::Heaviest);
                        let heavier = if *kind == OutcomeKind::Sanction && heaviest {
                            undetermined_of(&d, *kind, None)
                        } else {
                            None
                        };
                        if differs {
                            // Given with other parameters: the conditions that would give those
                            // expected (a higher band), and the exception that gave these.
                            let mut reasons = given_instead(policy, &ex.given, &opts, *kind, code);
                            reasons.extend(why(policy, &ex.given, &opts, *kind, code, Some(o.rule())));
                            result.failures.push(
                                TestFailure::new(what, expected, format!("{}{}", o.code(), params_inline(&got)))
                                    .because(reasons),
                            );
                        } else if let Some(heavier) = heavier {
                            result.failures.push(TestFailure::new(
                                what,
                                expected,
                                format!("{}{}; {heavier}", o.code(), params_inline(&got)),
                            ));
                        }
                    }
                }
            }
        }
        // Each failure points at its own `expect` line.
        let line = ex.expect_lines.get(k).copied();
        for f in result.failures.iter_mut().skip(before) {
            f.line = line;
        }
    }
    result.passed = result.failures.is_empty();
    result
}

/// The rules that gave the outcomes of `kind` whose code `unexpected` accepts: which rule to look
/// at for an outcome a failure lists (`potong_tunjangan_25_12 is given by alpa_5_dokter`).
fn given_by(d: &Decision, kind: OutcomeKind, unexpected: impl Fn(&str) -> bool) -> Vec<Text> {
    d.of_kind(kind).filter(|o| unexpected(o.code())).map(|o| given_line(o, o.code())).collect()
}

/// Outcome `o`, shown as `shown` (its code, or its code with its parameters), with the rule that
/// gave it and its citation.
fn given_line(o: &Outcome, shown: &str) -> Text {
    let (rule, source) = (o.rule(), o.source());
    Text::new(format!("{shown} is given by `{rule}` ({source})"), format!("{shown} diberikan oleh `{rule}` ({source})"))
}

/// Outcome `code`, given with other parameters than expected: the rule (or table row) that gave
/// it, and each of the same code set aside, with why (`tpp(persen: 0) of \`tpp_khusus_2026\` is
/// set aside: rule \`tpp\`, above this one, already gives \`tpp\`…`), in each language.
fn given_instead(policy: &Policy, facts: &Json, opts: &EvalOptions, kind: OutcomeKind, code: &str) -> Vec<Text> {
    let decided = |lang: Lang| policy.evaluate(facts, &opts.clone().explain(false).lang(lang)).ok();
    let (Some(en), Some(id)) = (decided(Lang::En), decided(Lang::Id)) else {
        return Vec::new();
    };
    let mut out: Vec<Text> = en
        .of_kind(kind)
        .filter(|o| o.code() == code)
        .map(|o| given_line(o, &format!("{code}{}", params_inline(&normalize(&o.params)))))
        .collect();
    let of_code = |s: &&crate::decision::SetAside| s.outcome.kind == kind && s.outcome.code() == code;
    for (e, i) in en.set_aside.iter().filter(of_code).zip(id.set_aside.iter().filter(of_code)) {
        let (params, rule) = (params_inline(&normalize(&e.outcome.params)), e.outcome.rule());
        out.push(Text::new(
            format!("{code}{params} of `{rule}` is set aside: {}", e.reason),
            format!("{code}{params} dari `{rule}` dikesampingkan: {}", i.reason),
        ));
    }
    out
}

/// An expected outcome the decision does not give, as a failure shows it: `none`, or why it
/// was set aside, and the other outcomes of its kind given (not in its place).
fn not_given(d: &Decision, kind: OutcomeKind, code: &str) -> String {
    let set_aside = d
        .set_aside
        .iter()
        .find(|s| s.outcome.kind == kind && s.outcome.code() == code)
        .map(|s| format!("{code}{} set aside by {}", params_inline(&s.outcome.params), s.by));
    let others: Vec<String> = d.of_kind(kind).map(|o| format!("{}{}", o.code(), params_inline(&o.params))).collect();
    let mut shown = set_aside.unwrap_or_else(|| "none".to_string());
    if !others.is_empty() {
        shown = format!("{shown} (other {}s given: {})", kind.as_str(), others.join(", "));
    }
    shown
}

/// Why outcome `code` of `kind` is not as expected, from the explanations (in each language) of
/// the rules and tables that give it: each condition one of them fails (`kp: ak >= 50: 40,
/// required >= 50 — not met; short by 10`), or that it is not in effect. Not given (`given_by`
/// `None`): the rules that do not apply. Given with other parameters by `given_by` (a rule id or
/// `table#row`): what the others fail (the band above), and the exception that gave it, if one
/// did; an exception that does not apply is no reason. Empty when the evaluation fails (the
/// failure says that already).
fn why(
    policy: &Policy,
    facts: &Json,
    opts: &EvalOptions,
    kind: OutcomeKind,
    code: &str,
    given_by: Option<&str>,
) -> Vec<Text> {
    let explained = |lang: Lang| {
        let opts = opts.clone().explain(true).lang(lang);
        policy.evaluate(facts, &opts).ok().and_then(|d| d.explanation)
    };
    let (Some(en), Some(id)) = (explained(Lang::En), explained(Lang::Id)) else {
        return Vec::new();
    };
    let said = |e: &crate::RuleTrace, i: &crate::RuleTrace, en: &str, id: &str| {
        Text::new(format!("{}: {en}", e.rule), format!("{}: {id}", i.rule))
    };
    let by = given_by.map(|b| b.split('#').next().unwrap_or(b));
    let mut why = Vec::new();
    for (e, i) in en.iter().zip(&id).filter(|(e, _)| e.kind == kind && e.codes.iter().any(|c| **c == *code)) {
        match by {
            None if e.result != crate::Truth::False => continue,
            None if !e.in_effect => {
                why.push(said(e, i, &e.summary, &i.summary));
                continue;
            }
            Some(by) if e.exception_to.is_some() => {
                if *e.rule == *by {
                    why.push(said(e, i, &e.summary, &i.summary));
                }
                continue;
            }
            _ => {}
        }
        for (ce, ci) in e.conditions.iter().zip(&i.conditions).filter(|(c, _)| c.result == crate::Truth::False) {
            why.push(said(e, i, &ce.note, &ci.note));
        }
    }
    why
}

/// The undetermined outcomes of `kind` (and `code`), as a failure shows them.
fn undetermined_of(d: &Decision, kind: OutcomeKind, code: Option<&str>) -> Option<String> {
    let found: Vec<String> = d
        .undetermined
        .iter()
        .filter(|u| u.kind == kind && code.is_none_or(|c| *u.code == *c))
        .map(|u| format!("{} undetermined (missing: {})", u.code, u.missing.join(", ")))
        .collect();
    (!found.is_empty()).then(|| found.join("; "))
}

/// An evaluation error in both languages.
fn both(e: &crate::policy::EvalError) -> Text {
    Text::new(e.message(Lang::En), e.message(Lang::Id))
}

fn params_inline(m: &Map<String, Json>) -> String {
    if m.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = m.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    format!("({})", parts.join(", "))
}
