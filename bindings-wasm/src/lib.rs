//! Aturan in the browser and in Node.js: a thin `wasm-bindgen` layer over `aturan-core`.
//!
//! ```js
//! import init, { compile } from "./pkg/web/aturan_wasm.js";
//! await init();
//! const compiled = compile(source, "id");
//! if (compiled.errors) showMarkers(compiled.errors);   // line/column, start_utf16/end_utf16
//! const result = compiled.ok.evaluate(facts, { as_of: "2025-12-31", explain: true });
//! if (result.ok) show(result.ok.outcomes);              // else result.errors: [{code, message, path?}]
//! ```
//!
//! Mistakes in a policy, in facts or in options come back as values (`{ok}` / `{errors}`), never
//! as exceptions. Only misuse of the API itself throws: a non-array given to `evaluateMany`, an
//! unknown `lang` argument, a decision that is not a decision given to `explainText`.
//!
//! Values cross the boundary as JSON text (`JSON.stringify` / `JSON.parse`), because the core's
//! numbers are exact decimals; `evaluateJson` keeps the decision's text byte for byte.

pub mod convert;

use std::collections::BTreeMap;

use aturan_core::{Case, Decision, Lang, Policy, Text};
use serde_json::Value as Json;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::convert::{check_json, errors_json, evaluate_json, parse_options, to_json, warnings, EvalIssue, Failure};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = include_str!("types.d.ts");

// Parameter types, so that the declarations name them (and keep optional arguments optional).
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "Lang")]
    pub type LangArg;
    #[wasm_bindgen(typescript_type = "Facts")]
    pub type FactsArg;
    #[wasm_bindgen(typescript_type = "readonly Facts[]")]
    pub type FactsArrayArg;
    #[wasm_bindgen(typescript_type = "EvalOptions")]
    pub type OptionsArg;
    #[wasm_bindgen(typescript_type = "Decision | { ok: Decision } | string")]
    pub type DecisionArg;
    #[wasm_bindgen(typescript_type = "readonly Case[]")]
    pub type CasesArg;
    #[wasm_bindgen(typescript_type = "{ [name: string]: string } | ReadonlyMap<string, string>")]
    pub type FilesArg;
    /// Text: checked to be a string here, so that a number or a Buffer is a clear error rather
    /// than memory read as a string.
    #[wasm_bindgen(typescript_type = "string")]
    pub type TextArg;

    /// `Array.isArray(value)`, which throws for a revoked Proxy: caught, as every read of the
    /// caller's values is (an exception through the module would leave the handle borrowed).
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn try_is_array(value: &JsValue) -> Result<bool, JsValue>;

    /// `Object.entries(value)` (a getter may throw), caught.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn try_entries(value: &JsValue) -> Result<js_sys::Array, JsValue>;
}

/// The version of the Aturan engine in this package.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Checks a policy: its warnings, or every error found.
///
/// `files` gives the text of helper files the policy names (`helpers "file.rhai"`), by name.
#[wasm_bindgen(unchecked_return_type = "CheckResult")]
pub fn check(source: &TextArg, lang: Option<LangArg>, files: Option<FilesArg>) -> Result<JsValue, JsError> {
    let source = text_arg(source, "check", "source")?;
    let lang = lang_arg(lang.as_ref(), Lang::En)?;
    let files = files_arg(files.as_ref())?;
    parse(&check_json(&source, lang, &files))
}

/// Compiles a policy into a handle that evaluates it, or gives every error found.
///
/// `lang` (default `en`) is the language of the diagnostics, and of the handle's decisions when
/// an evaluation does not name one. `files` gives the text of helper files, as for `check`.
#[wasm_bindgen(unchecked_return_type = "CompileResult")]
pub fn compile(source: &TextArg, lang: Option<LangArg>, files: Option<FilesArg>) -> Result<JsValue, JsError> {
    let source = text_arg(source, "compile", "source")?;
    let lang = lang_arg(lang.as_ref(), Lang::En)?;
    let files = files_arg(files.as_ref())?;
    match convert::compile(&source, &files) {
        Ok(policy) => {
            let result = js_sys::Object::new();
            let declared = declared_names(&policy.schema().fields);
            js_sys::Reflect::set(&result, &JsValue::from_str("ok"), &PolicyHandle { policy, lang, declared }.into())
                .map_err(js_error)?;
            Ok(result.into())
        }
        Err(error) => parse(&errors_json(&error.views(lang))),
    }
}

/// Why `text` cannot be read as JSON facts, in `lang`, with the line and column: not JSON, or an
/// object naming a field twice (`JSON.parse` would keep the last one silently). `undefined` when
/// it reads. The same reading as `evaluateJson` and the `aturan` command.
#[wasm_bindgen(js_name = jsonError)]
pub fn json_error(text: &TextArg, lang: Option<LangArg>) -> Result<Option<String>, JsError> {
    let text = text_arg(text, "jsonError", "text")?;
    let lang = lang_arg(lang.as_ref(), Lang::En)?;
    Ok(aturan_core::parse_json(&text).err().map(|e| e.message(lang)))
}

/// A decision as readable text (what `aturan eval` prints), in `lang`.
#[wasm_bindgen(js_name = explainText)]
pub fn explain_text(decision: DecisionArg, lang: Option<LangArg>) -> Result<String, JsError> {
    render_text(&decision, lang_arg(lang.as_ref(), Lang::En)?)
}

fn render_text(decision: &JsValue, lang: Lang) -> Result<String, JsError> {
    // JSON text as `evaluateJson` gives it (`{"ok":DECISION}`, or the decision alone) keeps its
    // decimals exact; an object has been through JavaScript numbers.
    let text = match decision.as_string() {
        Some(text) => text,
        None => stringify(decision)?.ok_or_else(|| JsError::new("explainText: no decision given"))?,
    };
    let not_a_decision = |e: serde_json::Error| JsError::new(&format!("explainText: not a decision: {e}"));
    // Text that is not JSON at all, said as every layer says it (where and what).
    let mut value: Json = aturan_core::parse_json(&text)
        .map_err(|e| JsError::new(&format!("explainText: the text is not JSON: {}", e.message(Lang::En))))?;
    if let Some(ok) = value.as_object_mut().and_then(|m| m.remove("ok")) {
        value = ok;
    }
    // The other branch of a result (`{errors}`), passed by mistake: said as that, with its first
    // error, not as a decision missing its fields.
    if let Some(errors) = value.get("errors").and_then(Json::as_array) {
        let first = errors.first().and_then(|e| e.get("message")).and_then(Json::as_str).unwrap_or_default();
        return Err(JsError::new(&format!(
            "explainText: this result is an error, not a decision (no decision was made: {first}); explain result.ok when it is there"
        )));
    }
    let decision: Decision = serde_json::from_value(value).map_err(not_a_decision)?;
    Ok(aturan_core::render_decision_text(&decision, lang))
}

/// A compiled policy. Evaluation takes any number of employees; call `free()` (or let the
/// garbage collector do it) when done.
#[wasm_bindgen]
pub struct PolicyHandle {
    policy: Policy,
    lang: Lang,
    /// The paths of the declared facts (`kinerja[].tahun`): a `Map`, a `Set` or broken text at
    /// one is refused, elsewhere it is an extra field, left out.
    declared: Names,
}

#[wasm_bindgen]
impl PolicyHandle {
    /// Evaluates the policy for one employee's facts.
    ///
    /// Options: `as_of` (YYYY-MM-DD or a `Date`; today's local date when absent), `params`
    /// (overrides by name), `explain` (record every rule's conditions), `lang` (`en` or `id`).
    #[wasm_bindgen(unchecked_return_type = "EvalResult")]
    pub fn evaluate(&self, facts: FactsArg, options: Option<OptionsArg>) -> Result<JsValue, JsError> {
        let text = match self.options(options.as_ref()) {
            Ok(options) => match facts_json(&facts, options.lang, &self.declared) {
                Ok(facts) => evaluate_json(&self.policy, &facts, &options),
                Err(failure) => errors_json(&failure),
            },
            Err(failure) => errors_json(&failure),
        };
        parse(&text)
    }

    /// Fields of one employee's facts that the policy does not declare but that are named like a
    /// declared fact the facts lack, each with the fact it may be: `[["presensi.alpa_hri",
    /// "presensi.alpa_hari"]]`. They are ignored, so that fact is missing. Facts that cannot be
    /// read give `[]` (`evaluate` says why).
    #[wasm_bindgen(js_name = misspeltFields, unchecked_return_type = "[string, string][]")]
    pub fn misspelt_fields(&self, facts: FactsArg) -> Result<JsValue, JsError> {
        let found = match facts_json(&facts, self.lang, &self.declared) {
            Ok(facts) => self.policy.misspelt_fields(&facts),
            Err(_) => Vec::new(),
        };
        parse(&serde_json::to_string(&found).unwrap_or_else(|_| "[]".into()))
    }

    /// Evaluates the policy for many employees with the same options; one result per employee,
    /// in order.
    #[wasm_bindgen(js_name = evaluateMany, unchecked_return_type = "EvalResult[]")]
    pub fn evaluate_many(&self, facts: FactsArrayArg, options: Option<OptionsArg>) -> Result<JsValue, JsError> {
        // The array and its items are read through calls that catch what JavaScript throws (a
        // getter, a revoked Proxy): an employee that cannot be read is that row's error, an
        // array that cannot be read the call's.
        let unreadable =
            |e: JsValue| JsError::new(&format!("evaluateMany: the facts cannot be read: {}", js_message(&e)));
        if !try_is_array(&facts).map_err(unreadable)? {
            return Err(JsError::new("evaluateMany: the facts must be an array"));
        }
        let length = js_sys::Reflect::get(&facts, &JsValue::from_str("length")).map_err(unreadable)?;
        // (A whole number in range, so the cast is exact.)
        let length = length.as_f64().filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n));
        let length = length.map_or(0, |n| n as u32);
        let options = self.options(options.as_ref());
        let lang = options.as_ref().map_or(self.lang, |o| o.lang);
        // A slice of employees at a time, so that memory stays that of one slice however many
        // there are: one JSON.stringify per slice, employee by employee only when that fails (a
        // BigInt or a cycle somewhere), so that the others still get a decision.
        const SLICE: u32 = 1_000;
        let out = js_sys::Array::new_with_length(0);
        let mut start = 0;
        while start < length {
            let end = start.saturating_add(SLICE).min(length);
            let read: Vec<Result<JsValue, JsValue>> =
                (start..end).map(|i| js_sys::Reflect::get_u32(&facts, i)).collect();
            start = end;
            let slice = js_sys::Array::new_with_length(0);
            for item in &read {
                slice.push(item.as_ref().unwrap_or(&JsValue::UNDEFINED));
            }
            let all: Option<Vec<Json>> = read
                .iter()
                .all(Result::is_ok)
                .then(|| stringify_data(&slice, lang, Some((&self.declared, true))).ok().flatten())
                .flatten()
                .and_then(|text| serde_json::from_str::<Vec<Json>>(&text).ok());
            let items: Vec<Result<Json, Failure>> = match all {
                Some(all) => all.into_iter().map(Ok).collect(),
                None => read
                    .iter()
                    .map(|item| match item {
                        Ok(item) => facts_json(item, lang, &self.declared),
                        Err(e) => Err(convert::unreadable_facts(lang, &js_message(e))),
                    })
                    .collect(),
            };
            let results: Vec<String> = items
                .iter()
                .map(|item| match (&options, item) {
                    (Err(failure), _) | (_, Err(failure)) => errors_json(failure),
                    (Ok(options), Ok(facts)) => evaluate_json(&self.policy, facts, options),
                })
                .collect();
            let parsed = parse(&format!("[{}]", results.join(",")))?;
            for result in js_sys::Array::from(&parsed).iter() {
                out.push(&result);
            }
        }
        Ok(out.into())
    }

    /// Like `evaluateMany`, with facts and options as JSON text, so that decimals stay exact:
    /// the facts are a JSON array of employees or NDJSON (one per line). The result is JSON text:
    /// `{"ok":[RESULT,…]}`, one `{"ok":DECISION}` or `{"errors":[…]}` per employee in order (a
    /// line of NDJSON that does not read is that employee's error), or `{"errors":[…]}` when the
    /// text holds no employees to decide (not JSON, or not an array).
    #[wasm_bindgen(js_name = evaluateManyJson)]
    pub fn evaluate_many_json_text(&self, facts: &TextArg, options: Option<TextArg>) -> Result<String, JsError> {
        let facts = text_arg(facts, "evaluateManyJson", "factsText")?;
        let options = options_text_arg(options.as_ref(), "evaluateManyJson")?;
        Ok(self.evaluate_many_json_str(&facts, &options))
    }

    /// Like `evaluate`, with facts and options as JSON text and the result as JSON text:
    /// `{"ok":DECISION}` where DECISION is byte for byte the core's `Decision::to_json()`, or
    /// `{"errors":[…]}`. An empty options text means no options. Facts text may start with a
    /// byte-order mark (Node's `readFileSync(path, "utf8")` keeps one).
    #[wasm_bindgen(js_name = evaluateJson)]
    pub fn evaluate_json_text(&self, facts: &TextArg, options: Option<TextArg>) -> Result<String, JsError> {
        // Text past the limit is refused before it is copied in, as the facts' error.
        if let Some(len) = facts.dyn_ref::<js_sys::JsString>().map(js_sys::JsString::length).filter(|n| *n > MAX_TEXT) {
            let failure = convert::unreadable_facts(self.lang, &too_long(len));
            return Ok(errors_json(&failure));
        }
        let facts = text_arg(facts, "evaluateJson", "factsText")?;
        let options = options_text_arg(options.as_ref(), "evaluateJson")?;
        Ok(self.evaluate_json_str(&facts, &options))
    }
}

impl PolicyHandle {
    fn options_text(&self, options: &str) -> Result<aturan_core::EvalOptions, Failure> {
        let options = if options.trim().is_empty() {
            Ok(Json::Null)
        } else {
            aturan_core::parse_json(options).map_err(|e| convert::unreadable_options(self.lang, &e.message(self.lang)))
        };
        options.and_then(|o| parse_options(&o, self.lang, &today_local))
    }

    /// The result of every employee in `facts` (a JSON array, or NDJSON: one object per line),
    /// as `{"ok":[RESULT,…]}`; `{"errors":[…]}` when the text holds no employees to decide. An
    /// array is checked whole (a broken one is an error for all, as in `aturan eval`) and its
    /// employees are read one at a time; NDJSON is text that is not an array and whose first or
    /// second line is JSON by itself.
    fn evaluate_many_json_str(&self, facts: &str, options: &str) -> String {
        let options = match self.options_text(options) {
            Ok(options) => options,
            Err(failure) => return errors_json(&failure),
        };
        let lang = options.lang;
        let refused = |e: &aturan_core::JsonError| errors_json(&convert::not_json(e, lang, None));
        let mut answer = convert::Answer::new(convert::MAX_ANSWER);
        let mut push = |result: String| answer.push(&result);
        let text = aturan_core::without_bom(facts);
        if text.trim_start().starts_with('[') {
            let items = match aturan_core::parse_json_items(facts) {
                Ok(items) => items,
                Err(e) => return refused(&e),
            };
            for item in items {
                let fitted = push(match aturan_core::parse_json(facts.get(item).unwrap_or_default()) {
                    Ok(f) => evaluate_json(&self.policy, &f, &options),
                    Err(e) => refused(&e),
                });
                if !fitted {
                    break;
                }
            }
        } else {
            match aturan_core::parse_json(text) {
                // One line of NDJSON, ended by its line break (an export of one employee): a
                // batch of one, as the `aturan` command reads it.
                Ok(one)
                    if text.ends_with('\n')
                        && text.trim().lines().count() == 1
                        && text.trim_start().starts_with('{') =>
                {
                    push(evaluate_json(&self.policy, &one, &options));
                }
                Ok(_) => {
                    let message = Text::new(
                        "the facts must be a JSON array of employees (or NDJSON, one per line); for one employee use evaluateJson",
                        "fakta harus berupa larik JSON berisi pegawai (atau NDJSON, satu per baris); untuk satu pegawai pakai evaluateJson",
                    );
                    return errors_json(&[EvalIssue::new("facts", message.get(lang).to_string())]);
                }
                // One JSON value that names a field twice.
                Err(whole @ aturan_core::JsonError::Duplicate { .. }) => return refused(&whole),
                // NDJSON: each line an employee; a line that does not read is that employee's error.
                Err(whole) => {
                    let Some(lines) = aturan_core::ndjson_lines(text) else {
                        return refused(&whole);
                    };
                    for (n, line) in lines {
                        let fitted = push(match aturan_core::parse_json(line) {
                            Ok(f) => evaluate_json(&self.policy, &f, &options),
                            Err(e) => errors_json(&convert::not_json(&e, lang, Some(n))),
                        });
                        if !fitted {
                            break;
                        }
                    }
                }
            }
        }
        answer.finish(lang)
    }

    fn evaluate_json_str(&self, facts: &str, options: &str) -> String {
        let options = self.options_text(options);
        match options {
            Ok(options) => match self.policy.evaluate_json_text(facts.as_bytes(), &options) {
                Ok(decision) => convert::ok_decision_json(&decision),
                Err(e) => errors_json(&convert::eval_issues(&e, options.lang)),
            },
            Err(failure) => errors_json(&failure),
        }
    }
}

#[wasm_bindgen]
impl PolicyHandle {
    /// Runs the policy's own examples.
    #[wasm_bindgen(js_name = runTests, unchecked_return_type = "TestResult[]")]
    pub fn run_tests(&self) -> Result<JsValue, JsError> {
        let results: Vec<_> = self.policy.run_tests().into_iter().map(|r| r.in_lang(self.lang)).collect();
        parse(&to_json(&results))
    }

    /// Runs cases in the reference case format (`tests/cases/*.json`): name, as_of, facts, expect.
    #[wasm_bindgen(js_name = runCases, unchecked_return_type = "TestResult[]")]
    pub fn run_cases(&self, cases: CasesArg) -> Result<JsValue, JsError> {
        let text = stringify_data(&cases, self.lang, None)?.ok_or_else(|| JsError::new("runCases: no cases given"))?;
        // Each case read apart, so that a wrong one is named (`case 2 (Sari…) is not a case: …`).
        let cases = Case::parse(&text).map_err(|e| JsError::new(&format!("runCases: {e}")))?;
        let results: Vec<_> = cases.iter().map(|case| self.policy.run_case(case).in_lang(self.lang)).collect();
        parse(&to_json(&results))
    }

    /// The declared facts, for building forms.
    #[wasm_bindgen(unchecked_return_type = "FactsSchema")]
    pub fn schema(&self) -> Result<JsValue, JsError> {
        parse(&to_json(self.policy.schema()))
    }

    /// The parameters a caller may override, with their defaults.
    #[wasm_bindgen(unchecked_return_type = "ParamInfo[]")]
    pub fn params(&self) -> Result<JsValue, JsError> {
        parse(&to_json(self.policy.params()))
    }

    /// The rules and decision tables, in policy order.
    #[wasm_bindgen(unchecked_return_type = "RuleInfo[]")]
    pub fn rules(&self) -> Result<JsValue, JsError> {
        parse(&to_json(self.policy.rules()))
    }

    /// The values the policy names with `let`, with their types (for completion in an editor).
    #[wasm_bindgen(unchecked_return_type = "LetInfo[]")]
    pub fn lets(&self) -> Result<JsValue, JsError> {
        parse(&to_json(self.policy.lets()))
    }

    /// The policy header: name, version, description, effective dates, source hash.
    #[wasm_bindgen(unchecked_return_type = "PolicyInfo")]
    pub fn info(&self) -> Result<JsValue, JsError> {
        parse(&to_json(self.policy.info()))
    }

    /// The warnings found while compiling, in `lang` (default: the handle's language).
    #[wasm_bindgen(unchecked_return_type = "Diagnostic[]")]
    pub fn warnings(&self, lang: Option<LangArg>) -> Result<JsValue, JsError> {
        let lang = lang_arg(lang.as_ref(), self.lang)?;
        parse(&to_json(&warnings(&self.policy, lang)))
    }

    /// A decision as readable text, in `lang` (default: the handle's language).
    #[wasm_bindgen(js_name = explainText)]
    pub fn explain_text(&self, decision: DecisionArg, lang: Option<LangArg>) -> Result<String, JsError> {
        let lang = lang_arg(lang.as_ref(), self.lang)?;
        render_text(&decision, lang)
    }
}

impl PolicyHandle {
    fn options(&self, options: Option<&OptionsArg>) -> Result<aturan_core::EvalOptions, Failure> {
        let Some(options) = options else {
            return parse_options(&Json::Null, self.lang, &today_local);
        };
        // A function's JSON is nothing at all: it would be read as no options, without a word.
        if options.is_function() {
            return parse_options(&Json::String("a function".into()), self.lang, &today_local);
        }
        let mut json = match stringify_data(options, self.lang, None) {
            Ok(Some(text)) => serde_json::from_str::<Json>(&text)
                .map_err(|e| convert::unreadable_options(self.lang, &e.to_string()))?,
            Ok(None) => Json::Null,
            Err(e) => return Err(convert::unreadable_options_at(self.lang, &e.message, e.path)),
        };
        // NaN and Infinity are `null` in JSON, which a parameter refuses as no value: the value
        // given is named instead (`found "NaN"`).
        let params = js_sys::Reflect::get(options, &JsValue::from_str("params")).unwrap_or(JsValue::UNDEFINED);
        if params.is_object() {
            for entry in js_sys::Object::entries(params.unchecked_ref()).iter() {
                let pair: js_sys::Array = entry.unchecked_into();
                let (name, value) = (pair.get(0).as_string().unwrap_or_default(), pair.get(1));
                // A `Date` for a date parameter means its local calendar date, as for `as_of`.
                if let Some(date) = value.dyn_ref::<js_sys::Date>() {
                    if let Some(slot) = json.get_mut("params").and_then(|p| p.get_mut(&name)) {
                        *slot = Json::String(local_day(date));
                    }
                }
                if let Some(n) = value.as_f64().filter(|n| !n.is_finite()) {
                    if let Some(slot) = json.get_mut("params").and_then(|p| p.get_mut(&name)) {
                        *slot = Json::String(if n.is_nan() {
                            "NaN".into()
                        } else {
                            format!("{}Infinity", if n < 0.0 { "-" } else { "" })
                        });
                    }
                }
            }
        }
        // A `Date` for `as_of` means its local calendar date (JSON.stringify would give UTC).
        if let Some(map) = json.as_object_mut() {
            let as_of = js_sys::Reflect::get(options, &JsValue::from_str("as_of")).unwrap_or(JsValue::UNDEFINED);
            if let Some(date) = as_of.dyn_ref::<js_sys::Date>() {
                map.insert("as_of".to_string(), Json::String(local_day(date)));
            }
        }
        parse_options(&json, self.lang, &today_local)
    }
}

/// The facts as JSON, or why JavaScript could not give them as JSON.
fn facts_json(facts: &JsValue, lang: Lang, declared: &Names) -> Result<Json, Failure> {
    // A Map's JSON is `{}`: every outcome would be undetermined without a word.
    if facts.is_instance_of::<js_sys::Map>() {
        let why = Text::new(
            "the facts are a Map; give a plain object (Object.fromEntries(map))",
            "fakta berupa Map; berikan objek biasa (Object.fromEntries(map))",
        );
        return Err(convert::unreadable_facts(lang, why.get(lang)));
    }
    match stringify_data(facts, lang, Some((declared, false))) {
        // Said as the core reads JSON (a lone surrogate: text cut inside an emoji), without the
        // position: it would be one in text the caller never wrote.
        Ok(Some(text)) => aturan_core::parse_json(&text).or_else(|e| {
            // Text cut inside an emoji at a path the policy does not declare is an extra field,
            // left out; at a declared one it is named.
            if !e.what(Lang::En).contains("surrogate") {
                return Err(convert::unreadable_facts(lang, &e.what(lang)));
            }
            match stringify_checked(facts, lang, Some((declared, false))) {
                Ok(Some(text)) => {
                    aturan_core::parse_json(&text).map_err(|e| convert::unreadable_facts(lang, &e.what(lang)))
                }
                Ok(None) => Err(convert::unreadable_facts(lang, &e.what(lang))),
                Err(failure) => Err(convert::unreadable_facts_at(lang, &failure.message, failure.path)),
            }
        }),
        Ok(None) => Err(convert::unreadable_facts(
            lang,
            Text::new("no facts were given", "tidak ada fakta yang diberikan").get(lang),
        )),
        Err(failure) => Err(convert::unreadable_facts_at(lang, &failure.message, failure.path)),
    }
}

struct JsFailure {
    message: String,
    /// The path of the value refused (a `Map` at `presensi`), when the replacer refused one.
    path: Option<String>,
}

/// The most JSON text, in UTF-16 code units, that one call reads from a JavaScript value or a
/// text argument (`evaluateManyJson` aside): the module's memory grows to hold what it reads and
/// never shrinks, and past what it can grow to every later call fails, so a request with a huge
/// value is refused instead (an employee's facts are some kilobytes).
const MAX_TEXT: u32 = 64 << 20;

/// Why a text of `len` UTF-16 code units is not read.
fn too_long(len: u32) -> String {
    format!("{} MB of JSON, more than the {} MB read in one call", len >> 20, MAX_TEXT >> 20)
}

/// `JSON.stringify`: `Ok(None)` for `undefined` (and functions), `Err` when it throws or gives
/// more than [`MAX_TEXT`].
fn stringify(value: &JsValue) -> Result<Option<String>, JsFailure> {
    match js_sys::JSON::stringify(value) {
        Ok(text) => json_text(text.into()),
        Err(e) => Err(JsFailure { message: js_message(&e), path: None }),
    }
}

/// What `JSON.stringify` gave, as text: `None` for `undefined` (which it gives for `undefined`
/// and functions), refused past [`MAX_TEXT`] before it is copied in.
fn json_text(text: JsValue) -> Result<Option<String>, JsFailure> {
    match text.dyn_ref::<js_sys::JsString>().map(js_sys::JsString::length) {
        Some(len) if len > MAX_TEXT => Err(JsFailure { message: too_long(len), path: None }),
        _ => Ok(text.as_string()),
    }
}

/// The paths of declared fields, shared by a policy handle and its stringify replacers.
type Names = std::rc::Rc<std::collections::HashSet<String>>;

/// The paths of the declared fields, as the replacer writes them: `presensi`, `presensi.tahun`,
/// `kinerja`, `kinerja[]`, `kinerja[].tahun`.
fn declared_names(fields: &[aturan_core::FieldInfo]) -> Names {
    fn walk(fields: &[aturan_core::FieldInfo], prefix: &str, out: &mut std::collections::HashSet<String>) {
        for f in fields {
            let mut path = format!("{prefix}{}", f.name);
            out.insert(path.clone());
            let mut ty = &f.ty;
            while let aturan_core::TypeInfo::List { item } = ty {
                path.push_str("[]");
                out.insert(path.clone());
                ty = item;
            }
            if let aturan_core::TypeInfo::Record { fields } = ty {
                walk(fields, &format!("{path}."), out);
            }
        }
    }
    let mut out = std::collections::HashSet::new();
    walk(fields, "", &mut out);
    std::rc::Rc::new(out)
}

/// `JSON.stringify` of facts or options, refusing a `Map` or a `Set` in them: its JSON is `{}`,
/// so what it holds would be missing without a word. With `declared`, only one at a declared
/// fact's path (or at the top, or as an employee of a batch) is refused; one elsewhere is left
/// out, as any extra field is. `batch`: `value` is a list of employees.
fn stringify_data(value: &JsValue, lang: Lang, declared: Option<(&Names, bool)>) -> Result<Option<String>, JsFailure> {
    // A Map or a Set comes out as `{}`, and a BigInt (from a database driver) throws: without an
    // empty object the text is taken as it is, and only with one, or after the throw, is the
    // value looked through again (a replacer costs a call per value).
    if let Ok(plain) = stringify(value) {
        if !plain.as_ref().is_some_and(|text| text.contains("{}") || has_unsafe_integer(text) || has_date_json(text)) {
            return Ok(plain);
        }
    }
    stringify_checked(value, lang, declared)
}

/// Whether JSON text holds a string as a `Date` writes itself (`"2021-09-30T17:00:00.000Z"`):
/// perhaps a `Date` object, whose UTC moment is read as its local date instead (see
/// [`with_local_dates`]).
fn has_date_json(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(26).any(|w| {
        w.first() == Some(&b'"')
            && w.get(11) == Some(&b'T')
            && w.get(24) == Some(&b'Z')
            && w.get(25) == Some(&b'"')
            && w.get(1..5).is_some_and(|y| y.iter().all(u8::is_ascii_digit))
    })
}

/// An object or an array holding `Date`s, as a shallow copy with each `Date` as the caller's
/// calendar reads it: its local date (`2021-10-01`, what a database driver's DATE column means,
/// where its JSON would be the UTC moment `2021-09-30T17:00:00.000Z` in Jakarta), or with a time
/// of day its local date and time, which a date fact refuses. `None` when it holds none (or cannot
/// be read: `JSON.stringify` then says why).
fn with_local_dates(value: &JsValue) -> Option<JsValue> {
    let local = |d: &js_sys::Date| -> JsValue {
        let day = local_day(d);
        let midnight = d.get_hours() == 0 && d.get_minutes() == 0 && d.get_seconds() == 0 && d.get_milliseconds() == 0;
        JsValue::from_str(&if midnight || d.get_time().is_nan() {
            day
        } else {
            format!("{day}T{:02}:{:02}:{:02}", d.get_hours(), d.get_minutes(), d.get_seconds())
        })
    };
    if try_is_array(value).ok()? {
        let length = js_sys::Reflect::get(value, &JsValue::from_str("length")).ok()?.as_f64()?;
        let length = length.min(f64::from(u32::MAX)) as u32;
        let items: Vec<JsValue> =
            (0..length).map(|i| js_sys::Reflect::get_u32(value, i).ok()).collect::<Option<_>>()?;
        if !items.iter().any(|x| x.is_instance_of::<js_sys::Date>()) {
            return None;
        }
        let copy = js_sys::Array::new_with_length(0);
        for x in &items {
            copy.push(&x.dyn_ref::<js_sys::Date>().map_or_else(|| x.clone(), local));
        }
        return Some(copy.into());
    }
    if !value.is_object() || value.is_function() || value.is_instance_of::<js_sys::Date>() {
        return None;
    }
    let entries = try_entries(value).ok()?;
    let pairs: Vec<(JsValue, JsValue)> = entries
        .iter()
        .map(|e| {
            let pair: js_sys::Array = e.unchecked_into();
            (pair.get(0), pair.get(1))
        })
        .collect();
    if !pairs.iter().any(|(_, v)| v.is_instance_of::<js_sys::Date>()) {
        return None;
    }
    let copy = js_sys::Object::new();
    for (k, v) in &pairs {
        let v = v.dyn_ref::<js_sys::Date>().map_or_else(|| v.clone(), local);
        js_sys::Reflect::set(&copy, k, &v).ok()?;
    }
    Some(copy.into())
}

/// The largest whole number a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Whether JSON text from `JSON.stringify` holds a number (outside a string) past
/// [`MAX_SAFE_INTEGER`]: one that may have lost digits on its way into JavaScript (an 18-digit
/// NIP sent as a number). `JSON.stringify` writes such a number as its digits up to 10^21, and
/// from there with an exponent (`1.2345678901234568e+21`), whose `+` is found.
fn has_unsafe_integer(text: &str) -> bool {
    let (mut in_string, mut escaped, mut run) = (false, false, 0usize);
    for b in text.bytes() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if b.is_ascii_digit() {
            run += 1;
            continue;
        }
        // A run of at least 16 digits ended (a number with a point or an exponent is no whole
        // number written out, and never this long from `JSON.stringify`).
        if run >= 16 && b != b'.' && b != b'e' && b != b'E' {
            return true;
        }
        // Outside a string, `+` is only ever an exponent's sign: 10^21 or more.
        if b == b'+' {
            return true;
        }
        run = 0;
        in_string = b == b'"';
    }
    run >= 16
}

/// Where the replacer of [`stringify_checked`] is: the objects it is inside, each with its path
/// (`xs[1]`) and the path's shape as declared (`xs[]`), what kind of object it is, and how many
/// of its keys are still to come. `JSON.stringify` calls the replacer for every key of an object
/// (`Object.keys`) and every index of an array, depth first, right after the call for the object
/// itself: so the object holding each key is the top of this stack once the finished ones are
/// taken off (a closure is not given `this`).
struct Place {
    path: String,
    shape: String,
    kind: Holder,
    left: u32,
}

#[derive(Clone, Copy, PartialEq)]
enum Holder {
    Object,
    Array,
    /// The employees of a batch: each is a root of its own paths.
    Employees,
}

/// `JSON.stringify` with a replacer that gives a `BigInt` as its digits and refuses a `Map`, a
/// `Set` or text cut inside an emoji (a lone UTF-16 surrogate) naming its path, except at a path
/// `declared` does not hold, where it is left out as an extra field. `batch`: `value` is a list of
/// employees, whose paths start after the employee's index.
fn stringify_checked(
    value: &JsValue,
    lang: Lang,
    declared: Option<(&Names, bool)>,
) -> Result<Option<String>, JsFailure> {
    let names = declared.map(|(names, _)| names.clone());
    let batch = declared.is_some_and(|(_, batch)| batch);
    let mut places: Vec<Place> = Vec::new();
    // The path of the value refused, for the error's `path`.
    let refused: std::rc::Rc<std::cell::RefCell<Option<String>>> = std::rc::Rc::default();
    let refused_at = refused.clone();
    let replacer = Closure::<dyn FnMut(JsValue, JsValue) -> Result<JsValue, JsValue>>::new(
        move |key: JsValue, value: JsValue| {
            while places.last().is_some_and(|p| p.left == 0) {
                places.pop();
            }
            let key = key.as_string().unwrap_or_default();
            let (path, shape) = match places.last_mut() {
                None => (String::new(), String::new()),
                Some(holder) => {
                    holder.left -= 1;
                    match holder.kind {
                        Holder::Employees => (String::new(), String::new()),
                        Holder::Array => (format!("{}[{key}]", holder.path), format!("{}[]", holder.shape)),
                        Holder::Object if holder.path.is_empty() => (key.clone(), key),
                        Holder::Object => (format!("{}.{key}", holder.path), format!("{}.{key}", holder.shape)),
                    }
                }
            };
            let read = path.is_empty() || names.as_ref().is_none_or(|n| n.contains(&shape));
            if value.is_bigint() {
                let digits = js_sys::BigInt::from(value).to_string(10).map(JsValue::from);
                return Ok(digits.unwrap_or(JsValue::UNDEFINED));
            }
            // A whole number past 2^53 (an 18-digit NIP sent as a number): its last digits may be
            // lost already, and the decision would be made on another number without a word.
            let unsafe_number = value.as_f64().filter(|n| n.fract() == 0.0 && n.abs() > MAX_SAFE_INTEGER);
            if let (Some(n), true) = (unsafe_number, read) {
                let at = if path.is_empty() { String::new() } else { format!(" at `{path}`") };
                let di = if path.is_empty() { String::new() } else { format!(" di `{path}`") };
                let message = Text::new(
                    format!("the number{at} is too large for a JavaScript number to hold exactly (it reads {n}, and digits may be lost): send it as text (\"…\") or as a BigInt"),
                    format!("bilangan{di} terlalu besar untuk disimpan tepat oleh bilangan JavaScript (terbaca {n}, dan digitnya bisa hilang): kirim sebagai teks (\"…\") atau BigInt"),
                );
                *refused_at.borrow_mut() = Some(path);
                return Err(js_sys::RangeError::new(message.get(lang)).into());
            }
            let broken = value.dyn_ref::<js_sys::JsString>().is_some_and(|t| !t.is_valid_utf16());
            let what = if value.is_instance_of::<js_sys::Map>() {
                Some(Text::new("a Map", "sebuah Map"))
            } else if value.is_instance_of::<js_sys::Set>() {
                Some(Text::new("a Set", "sebuah Set"))
            } else {
                None
            };
            if what.is_some() || broken {
                if !read {
                    return Ok(JsValue::UNDEFINED);
                }
                let message = match what {
                    Some(what) => {
                        let at = if path.is_empty() {
                            Text::new(String::new(), String::new())
                        } else {
                            Text::new(format!(" (at `{path}`)"), format!(" (di `{path}`)"))
                        };
                        Text::new(
                            format!("{}{} is not JSON: give a plain object (Object.fromEntries(map)) or an array ([...set])", what.get(Lang::En), at.get(Lang::En)),
                            format!("{}{} bukan JSON: berikan objek biasa (Object.fromEntries(map)) atau larik ([...set])", what.get(Lang::Id), at.get(Lang::Id)),
                        )
                    }
                    None => Text::new(
                        format!("the text at `{path}` holds half a character (a lone UTF-16 surrogate, as when text is cut inside an emoji)"),
                        format!("teks di `{path}` memuat setengah karakter (surogat UTF-16 tunggal, seperti teks yang terpotong di tengah emoji)"),
                    ),
                };
                *refused_at.borrow_mut() = Some(path);
                return Err(js_sys::TypeError::new(message.get(lang)).into());
            }
            // A `Date` in it is written as the caller's calendar reads it, not as its UTC moment.
            let value = with_local_dates(&value).unwrap_or(value);
            // An object or an array is gone through next: its keys come with its path.
            if let Some(array) = value.dyn_ref::<js_sys::Array>() {
                let kind = if batch && places.is_empty() { Holder::Employees } else { Holder::Array };
                places.push(Place { path, shape, kind, left: array.length() });
            } else if value.is_object() && !value.is_function() {
                let left = js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).length();
                places.push(Place { path, shape, kind: Holder::Object, left });
            }
            Ok(value)
        },
    );
    match js_sys::JSON::stringify_with_replacer(value, replacer.as_ref().unchecked_ref()) {
        Ok(text) => json_text(text.into()),
        Err(e) => Err(JsFailure { message: js_message(&e), path: refused.take().filter(|p| !p.is_empty()) }),
    }
}

impl From<JsFailure> for JsError {
    fn from(e: JsFailure) -> JsError {
        JsError::new(&e.message)
    }
}

fn js_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the value cannot be converted to JSON".to_string())
}

fn js_error(e: JsValue) -> JsError {
    JsError::new(&js_message(&e))
}

/// `JSON.parse` of text the bindings made.
fn parse(text: &str) -> Result<JsValue, JsError> {
    js_sys::JSON::parse(text).map_err(js_error)
}

/// A text argument, or an error naming the function and the argument when it is something else.
fn text_arg(value: &JsValue, function: &str, name: &str) -> Result<String, JsError> {
    value.as_string().ok_or_else(|| {
        let found = value.js_typeof().as_string().unwrap_or_default();
        JsError::new(&format!("{function}: `{name}` must be a string, found {found}"))
    })
}

/// A `files` argument: an object of file name to text.
fn files_arg(files: Option<&FilesArg>) -> Result<BTreeMap<String, String>, JsError> {
    let Some(files) = files else {
        return Ok(BTreeMap::new());
    };
    // A Map of name to text reads as the object it stands for (its JSON would be `{}`).
    let text = match files.dyn_ref::<js_sys::Map>() {
        Some(map) => stringify(&js_sys::Object::from_entries(map).map_err(js_error)?.into())?,
        None => stringify(files)?,
    }
    .unwrap_or_else(|| "{}".to_string());
    let files: serde_json::Map<String, Json> =
        serde_json::from_str(&text).map_err(|_| JsError::new("`files` must be an object of file name to text"))?;
    files
        .into_iter()
        .map(|(name, text)| match text {
            Json::String(text) => Ok((name, text)),
            other => Err(JsError::new(&format!("`files`: the text of `{name}` must be a string, found {other}"))),
        })
        .collect()
}

/// A `lang` argument: absent (`undefined` or `null`) gives `default`; anything but `en`/`id`
/// (or their long names) is a mistake of the caller and throws.
/// An optional options text: empty when not given (`undefined` or `null`).
fn options_text_arg(options: Option<&TextArg>, function: &str) -> Result<String, JsError> {
    match options {
        Some(o) if !o.is_undefined() && !o.is_null() => text_arg(o, function, "optionsText"),
        _ => Ok(String::new()),
    }
}

fn lang_arg(lang: Option<&LangArg>, default: Lang) -> Result<Lang, JsError> {
    match lang.map(|l| l.as_string()) {
        None => Ok(default),
        Some(Some(s)) => {
            Lang::parse(&s).ok_or_else(|| JsError::new(&format!("unknown language `{s}`; expected `en` or `id`")))
        }
        Some(None) => Err(JsError::new("the language must be `en` or `id`")),
    }
}

fn local_iso(date: &js_sys::Date) -> String {
    // The year comes as an unsigned number: a year before 0 wraps round (-271821 as 4294695475).
    let year = i64::from(date.get_full_year());
    let year = if year >= 1 << 31 { year - (1 << 32) } else { year };
    format!("{year:04}-{:02}-{:02}", date.get_month() + 1, date.get_date())
}

/// A `Date` as its local calendar date, or `Invalid Date` as JavaScript writes one that is no day.
fn local_day(date: &js_sys::Date) -> String {
    if date.get_time().is_nan() {
        "Invalid Date".to_string()
    } else {
        local_iso(date)
    }
}

/// Today's date in the local time zone of the browser or of Node.
fn today_local() -> String {
    local_iso(&js_sys::Date::new_0())
}
