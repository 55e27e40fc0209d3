//! The JavaScript-independent half of the bindings: evaluation options from JSON, and the tagged
//! results (`{"ok": …}` / `{"errors": […]}`) as JSON text. Kept free of `wasm-bindgen` so that it
//! is tested natively with `cargo test -p aturan-wasm`.

use std::collections::BTreeMap;

use aturan_core::{CompileError, Decision, DiagnosticView, EvalError, EvalOptions, Lang, Policy, Text};
use serde::Serialize;
use serde_json::{Map, Value as Json};

/// One reason an evaluation gave no decision, as the browser receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvalIssue {
    /// `facts`, `json`, `param`, `option`, `helper` or `limit` (the core's `EvalError::code`).
    pub code: &'static str,
    pub message: String,
    /// For `facts`: the JSON path of the wrong fact, e.g. `kinerja[1].nilai_skp`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// For `facts`: what the policy declares there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// For `facts`: what was sent, as JSON text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found: Option<String>,
    /// For `param`: the parameter's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// For `helper`: the helper's name and where in it the error happened; for `json`: where the
    /// facts text breaks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub helper: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// For `helper`: the helper file `line` is in (`lib.rhai`); absent when it is the policy.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl EvalIssue {
    pub(crate) fn new(code: &'static str, message: String) -> EvalIssue {
        EvalIssue {
            code,
            message,
            path: None,
            expected: None,
            found: None,
            param: None,
            helper: None,
            line: None,
            column: None,
            file: None,
        }
    }
}

/// The issues of an evaluation error: one per wrong fact, otherwise one.
pub fn eval_issues(error: &EvalError, lang: Lang) -> Vec<EvalIssue> {
    match error {
        EvalError::Facts(issues) => {
            // One error per wrong fact, the first hundred: a list of thousands of wrong items
            // would otherwise make a result of megabytes. The last entry counts the rest.
            const LISTED: usize = 100;
            let mut listed: Vec<EvalIssue> = issues
                .iter()
                .take(LISTED)
                .map(|i| EvalIssue {
                    path: Some(i.path.clone()),
                    expected: Some(i.expected.get(lang).to_string()),
                    found: Some(i.found_in(lang).to_string()),
                    ..EvalIssue::new(error.code(), i.message(lang))
                })
                .collect();
            if issues.len() > LISTED {
                let more = issues.len() - LISTED;
                let text = Text::new(
                    format!("… and {more} more wrong facts like these"),
                    format!("… dan {more} fakta salah lain seperti ini"),
                );
                listed.push(EvalIssue::new(error.code(), text.get(lang).to_string()));
            }
            listed
        }
        EvalError::Param { name, .. } => {
            vec![EvalIssue { param: Some(name.clone()), ..EvalIssue::new(error.code(), error.message(lang)) }]
        }
        EvalError::Json { line, column, .. } | EvalError::Limit { line, column, .. } => {
            vec![EvalIssue { line: *line, column: *column, ..EvalIssue::new(error.code(), error.message(lang)) }]
        }
        EvalError::Helper { helper, line, column, file, .. } => vec![EvalIssue {
            helper: Some(helper.clone()),
            line: *line,
            column: *column,
            file: file.as_deref().map(str::to_string),
            ..EvalIssue::new(error.code(), error.message(lang))
        }],
        _ => vec![EvalIssue::new(error.code(), error.message(lang))],
    }
}

/// Why no decision was made, with the messages already in the caller's language.
pub type Failure = Vec<EvalIssue>;

fn option_issue(lang: Lang, en: String, id: String) -> Failure {
    vec![EvalIssue::new("option", Text::new(en, id).get(lang).to_string())]
}

/// Facts that JavaScript could not turn into JSON (a cycle, a Map, too many values): a `facts`
/// issue without a path.
pub fn unreadable_facts(lang: Lang, reason: &str) -> Failure {
    let message = Text::new(
        format!("the facts cannot be read as JSON: {reason}"),
        format!("fakta tidak dapat dibaca sebagai JSON: {reason}"),
    );
    vec![EvalIssue::new("facts", message.get(lang).to_string())]
}

/// Like [`unreadable_facts`], for a value refused at `path` (a `Map`, a number past 2^53): the
/// issue names it in `path` too, as a facts error from the engine does.
pub fn unreadable_facts_at(lang: Lang, reason: &str, path: Option<String>) -> Failure {
    at_path(unreadable_facts(lang, reason), path)
}

/// `issues` with the first naming `path`, the value refused.
fn at_path(mut issues: Failure, path: Option<String>) -> Failure {
    if let Some(issue) = issues.first_mut() {
        issue.path = path;
    }
    issues
}

/// Facts text that does not read as JSON (`evaluateJson`, `evaluateManyJson`): broken, a decimal
/// comma, a field named twice. `line` is that of an NDJSON line in the whole text.
pub fn not_json(e: &aturan_core::JsonError, lang: Lang, line: Option<usize>) -> Failure {
    let mut issues = eval_issues(&EvalError::from(e), lang);
    if let (Some(n), Some(issue)) = (line, issues.first_mut()) {
        issue.line = Some(n);
        // Where in the whole text, as the `aturan` command says it (the error's own line is 1:
        // the line read alone).
        issue.message = e.in_line(n).get(lang).to_string();
    }
    issues
}

/// The most characters a JavaScript string holds (V8's limit, `2^29 - 24`): the most text
/// `evaluateManyJson` answers with.
pub const MAX_ANSWER: usize = (1 << 29) - 24;

/// The answer of `evaluateManyJson`, `{"ok":[RESULT,…]}`: the results are written one after the
/// other into it (not kept apart and joined), so that a large batch holds its text once. It is
/// one JavaScript string in the end, so past `max` bytes the batch is refused, saying how many
/// results fitted, instead of failing in JavaScript with the work lost.
pub struct Answer {
    text: String,
    max: usize,
    fitted: usize,
    full: bool,
}

impl Answer {
    pub fn new(max: usize) -> Answer {
        Answer { text: String::from("{\"ok\":["), max, fitted: 0, full: false }
    }

    /// Adds one employee's result; false when it does not fit (the batch stops there).
    pub fn push(&mut self, result: &str) -> bool {
        if self.full || self.text.len() + result.len() + 3 > self.max {
            self.full = true;
            return false;
        }
        if self.fitted > 0 {
            self.text.push(',');
        }
        self.text.push_str(result);
        self.fitted += 1;
        true
    }

    /// The answer's text, or a `limit` error when the results did not fit.
    pub fn finish(mut self, lang: Lang) -> String {
        if self.full {
            let fitted = self.fitted;
            let text = Text::new(
                format!("the results are more text than one JavaScript string holds (about 512 MB); give the employees in smaller batches (the first {fitted} fitted)"),
                format!("hasilnya lebih panjang daripada yang muat dalam satu string JavaScript (sekitar 512 MB); berikan pegawai dalam kelompok yang lebih kecil ({fitted} yang pertama muat)"),
            );
            return errors_json(&[EvalIssue::new("limit", text.get(lang).to_string())]);
        }
        self.text.push_str("]}");
        self.text
    }
}

/// Options that are not JSON at all (`evaluateJson`).
pub fn unreadable_options(lang: Lang, reason: &str) -> Failure {
    option_issue(
        lang,
        format!("the options cannot be read as JSON: {reason}"),
        format!("opsi tidak dapat dibaca sebagai JSON: {reason}"),
    )
}

/// [`unreadable_options`] of a value refused at `path` (`params.kode`), given as the error's `path`.
pub fn unreadable_options_at(lang: Lang, reason: &str, path: Option<String>) -> Failure {
    at_path(unreadable_options(lang, reason), path)
}

const OPTION_NAMES: [&str; 4] = ["as_of", "params", "explain", "lang"];

/// Reads evaluation options from their JSON form `{as_of?, params?, explain?, lang?}` (`null` or
/// absent fields take their defaults). `today` gives the ISO date used when `as_of` is absent;
/// `default_lang` is the language when `lang` is absent.
pub fn parse_options(options: &Json, default_lang: Lang, today: &dyn Fn() -> String) -> Result<EvalOptions, Failure> {
    let empty = Map::new();
    let map = match options {
        Json::Null => &empty,
        Json::Object(map) => map,
        other => {
            return Err(option_issue(
                default_lang,
                format!("the options must be an object, found {other}"),
                format!("opsi harus berupa objek, ditemukan {other}"),
            ))
        }
    };
    // The language first, so that every later message is in it.
    let lang = match map.get("lang") {
        None | Some(Json::Null) => default_lang,
        Some(Json::String(s)) => Lang::parse(s).ok_or_else(|| {
            option_issue(
                default_lang,
                format!("unknown language `{s}`; expected `en` or `id`"),
                format!("bahasa `{s}` tidak dikenal; seharusnya `en` atau `id`"),
            )
        })?,
        Some(other) => {
            return Err(option_issue(
                default_lang,
                format!("`lang` must be `en` or `id`, found {other}"),
                format!("`lang` harus `en` atau `id`, ditemukan {other}"),
            ))
        }
    };
    if let Some(unknown) = map.keys().find(|k| !OPTION_NAMES.contains(&k.as_str())) {
        let names = OPTION_NAMES.join(", ");
        return Err(option_issue(
            lang,
            format!("unknown option `{unknown}`; the options are {names}"),
            format!("opsi `{unknown}` tidak dikenal; opsi yang ada: {names}"),
        ));
    }
    let as_of = match map.get("as_of") {
        None | Some(Json::Null) => today(),
        Some(Json::String(s)) => s.clone(),
        Some(other) => {
            return Err(option_issue(
                lang,
                format!("`as_of` must be a date as text (YYYY-MM-DD), found {other}"),
                format!("`as_of` harus tanggal berupa teks (YYYY-MM-DD), ditemukan {other}"),
            ))
        }
    };
    let mut eval = EvalOptions::on(&as_of).map_err(|error| eval_issues(&error, lang))?.lang(lang);
    match map.get("explain") {
        None | Some(Json::Null) => {}
        Some(Json::Bool(b)) => eval = eval.explain(*b),
        Some(other) => {
            return Err(option_issue(
                lang,
                format!("`explain` must be true or false, found {other}"),
                format!("`explain` harus true atau false, ditemukan {other}"),
            ))
        }
    }
    match map.get("params") {
        None | Some(Json::Null) => {}
        Some(Json::Object(params)) => eval.params = params.clone(),
        Some(other) => {
            return Err(option_issue(
                lang,
                format!("`params` must be an object of parameter values, found {other}"),
                format!("`params` harus objek berisi nilai parameter, ditemukan {other}"),
            ))
        }
    }
    Ok(eval)
}

/// `{"ok":DECISION}` where DECISION is exactly `Decision::to_json()`.
pub fn ok_decision_json(decision: &Decision) -> String {
    format!("{{\"ok\":{}}}", decision.to_json())
}

/// `{"errors":[…]}`.
pub fn errors_json<T: Serialize>(errors: &[T]) -> String {
    let list = serde_json::to_string(errors).unwrap_or_else(|_| "[]".to_string());
    format!("{{\"errors\":{list}}}")
}

/// Evaluates and gives the tagged result as JSON text.
pub fn evaluate_json(policy: &Policy, facts: &Json, options: &EvalOptions) -> String {
    match policy.evaluate(facts, options) {
        Ok(decision) => ok_decision_json(&decision),
        Err(error) => errors_json(&eval_issues(&error, options.lang)),
    }
}

/// Compiles a policy whose helper files, if it names any, are given as `files` (name to text).
pub fn compile(source: &str, files: &BTreeMap<String, String>) -> Result<Policy, CompileError> {
    // The helpers' time limit needs a clock, which WebAssembly has only from JavaScript.
    #[cfg(target_arch = "wasm32")]
    aturan_core::set_wasm_clock(js_sys::Date::now);
    Policy::compile_with(source, "policy.aturan", &|name: &str| {
        files.get(name).cloned().ok_or_else(|| format!("no helper file `{name}` was given with the policy"))
    })
}

/// The result of `check`: `{"ok":{"warnings":[…]}}` or `{"errors":[…]}`.
pub fn check_json(source: &str, lang: Lang, files: &BTreeMap<String, String>) -> String {
    match compile(source, files) {
        Ok(policy) => format!("{{\"ok\":{{\"warnings\":{}}}}}", to_json(&warnings(&policy, lang))),
        Err(error) => errors_json(&error.views(lang)),
    }
}

pub fn warnings(policy: &Policy, lang: Lang) -> Vec<DiagnosticView> {
    aturan_core::views(policy.source(), policy.warnings(), lang)
}

/// Serialises a core value; the core's types always serialise, so the fallback is never seen.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn today() -> String {
        "2026-01-02".to_string()
    }

    fn options(value: Json) -> Result<EvalOptions, Failure> {
        parse_options(&value, Lang::En, &today)
    }

    fn error(value: Json) -> EvalIssue {
        match options(value) {
            Ok(o) => EvalIssue::new("none", format!("expected an error, got {o:?}")),
            Err(mut issues) => issues.remove(0),
        }
    }

    #[test]
    fn absent_options_take_their_defaults() {
        for value in [Json::Null, json!({}), json!({"as_of": null, "params": null, "explain": null, "lang": null})] {
            let o = options(value);
            assert!(
                matches!(&o, Ok(o) if o.as_of.to_string() == "2026-01-02" && !o.explain && o.lang == Lang::En && o.params.is_empty()),
                "{o:?}"
            );
        }
        let id = parse_options(&Json::Null, Lang::Id, &today);
        assert!(matches!(id, Ok(o) if o.lang == Lang::Id));
    }

    #[test]
    fn given_options_are_used() {
        let o = options(json!({"as_of": "2025-12-31", "explain": true, "lang": "id", "params": {"x": 1.50}}));
        assert!(
            matches!(&o, Ok(o) if o.as_of.to_string() == "2025-12-31" && o.explain && o.lang == Lang::Id && o.params.get("x") == Some(&json!(1.50))),
            "{o:?}"
        );
    }

    #[test]
    fn mistakes_are_option_issues_in_the_language_asked_for() {
        let unknown = error(json!({"asOf": "2025-12-31"}));
        assert_eq!(
            (unknown.code, unknown.message.as_str()),
            ("option", "unknown option `asOf`; the options are as_of, params, explain, lang")
        );
        let id = error(json!({"asOf": "2025-12-31", "lang": "id"}));
        assert!(id.message.starts_with("opsi `asOf` tidak dikenal"), "{}", id.message);
        assert_eq!(error(json!({"as_of": 20251231})).code, "option");
        assert_eq!(error(json!({"as_of": "31-12-2025"})).code, "option");
        assert_eq!(error(json!({"explain": 1})).code, "option");
        assert_eq!(error(json!({"params": [1]})).code, "option");
        assert_eq!(error(json!({"lang": "fr"})).code, "option");
        assert_eq!(error(json!("2025-12-31")).code, "option");
    }

    #[test]
    fn a_batch_answer_past_its_limit_is_refused_saying_how_many_fitted() {
        let mut answer = Answer::new(40);
        assert!(answer.push(r#"{"ok":1}"#) && answer.push(r#"{"ok":2}"#));
        assert_eq!(answer.finish(Lang::En), r#"{"ok":[{"ok":1},{"ok":2}]}"#);
        let mut answer = Answer::new(40);
        assert!(answer.push(r#"{"ok":1}"#) && answer.push(r#"{"ok":2}"#));
        assert!(!answer.push(r#"{"ok":3,"more":"……"}"#));
        assert!(!answer.push(r#"{"ok":4}"#), "nothing is added after the first that does not fit");
        let refused: Json = serde_json::from_str(&answer.finish(Lang::Id)).unwrap();
        assert_eq!(refused["errors"][0]["code"], "limit");
        let message = refused["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("(2 yang pertama muat)"), "{message}");
    }

    #[test]
    fn tagged_errors_leave_out_absent_fields() {
        let issue = EvalIssue { path: Some("a[0]".into()), ..EvalIssue::new("facts", "wrong".into()) };
        assert_eq!(errors_json(&[issue]), r#"{"errors":[{"code":"facts","message":"wrong","path":"a[0]"}]}"#);
    }

    #[test]
    fn fact_issues_carry_path_expected_and_found() {
        let error = EvalError::Facts(vec![aturan_core::FactIssue {
            path: "kinerja[1].nilai_skp".into(),
            expected: Text::new("a decimal from 0 to 100", "desimal dari 0 sampai 100"),
            found: "120".into(),
            found_id: None,
        }]);
        let issues = eval_issues(&error, Lang::Id);
        assert_eq!(issues.len(), 1);
        let issue = issues.first();
        assert_eq!(issue.and_then(|i| i.expected.as_deref()), Some("desimal dari 0 sampai 100"));
        assert_eq!(issue.and_then(|i| i.path.as_deref()), Some("kinerja[1].nilai_skp"));
        assert_eq!(issue.and_then(|i| i.found.as_deref()), Some("120"));
    }
}
