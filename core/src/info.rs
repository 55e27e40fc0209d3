//! Serde descriptions of a compiled policy: its header, facts schema, parameters, rules and
//! test results. Bindings pass these on as they are (the playground builds its forms from them).

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use aturan_dsl::{Lang, Text};

use crate::decision::OutcomeKind;

/// The policy header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyInfo {
    /// The policy's name, as its header gives it.
    pub name: String,
    /// Its version (empty when the header gives none).
    pub version: String,
    /// Its description (empty when the header gives none).
    pub description: String,
    /// The first day it is in effect, an ISO date, or absent.
    pub effective_from: Option<String>,
    /// The last day it is in effect, an ISO date, or absent.
    pub effective_until: Option<String>,
    /// `sha256:` and the hex digest of the policy source and its helper files.
    pub source_hash: String,
}

/// The type of a declared fact, parameter or value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum TypeInfo {
    /// `bool`: true or false.
    Bool,
    /// `int`: a whole number, with the bounds the declaration gives.
    Int {
        /// The least value allowed, as the policy writes it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<String>,
        /// The greatest value allowed, as the policy writes it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<String>,
    },
    /// `decimal`: an exact decimal number, with the bounds the declaration gives.
    Decimal {
        /// The least value allowed, as the policy writes it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        min: Option<String>,
        /// The greatest value allowed, as the policy writes it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<String>,
    },
    /// `text`.
    Text,
    /// `date`: `YYYY-MM-DD`.
    Date,
    /// A named enum; `values` in declaration order (lightest/lowest first when `ordered`).
    Enum {
        /// The enum's name.
        name: String,
        /// Whether its values compare with `<` (declared `ordered`).
        ordered: bool,
        /// Its values.
        values: Vec<String>,
    },
    /// A record: named fields.
    Record {
        /// Its fields, in declaration order.
        fields: Vec<FieldInfo>,
    },
    /// A list of items of one type.
    List {
        /// The items' type.
        item: Box<TypeInfo>,
    },
}

/// One declared field of the facts (or of a record inside them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldInfo {
    /// The field's name.
    pub name: String,
    /// Whether it is declared optional (`?`).
    pub optional: bool,
    /// Its documentation comment, if the policy gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Its type (`type` in JSON).
    #[serde(rename = "type")]
    pub ty: TypeInfo,
    /// For a list of records declared `unique by FIELD`: the field no two items may share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unique_by: Option<String>,
}

/// The `facts` declaration: what one employee's facts look like.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactsSchema {
    /// The declared facts, in declaration order.
    pub fields: Vec<FieldInfo>,
}

/// A policy parameter a caller may override per evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParamInfo {
    /// The parameter's name.
    pub name: String,
    /// Its type (`type` in JSON).
    #[serde(rename = "type")]
    pub ty: TypeInfo,
    /// Its default value, as JSON.
    pub default: Json,
    /// Its documentation comment, if the policy gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// A value the policy names with `let` (`misal`), for an editor to offer: `presensi_ini` and,
/// when it is a record, its fields (`presensi_ini.alpa_hari`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LetInfo {
    /// Its name.
    pub name: String,
    /// Its type (`type` in JSON).
    #[serde(rename = "type")]
    pub ty: TypeInfo,
}

/// A rule or decision table, as the policy declares it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleInfo {
    /// The rule's or table's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its citation: regulation and article.
    pub source: String,
    /// The kind of outcome it gives.
    pub kind: OutcomeKind,
    /// The outcome codes it can give.
    pub codes: Vec<String>,
    /// `rule` or `table`.
    pub form: String,
    /// The rule it is an exception to, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception_to: Option<String>,
    /// The first day of its own effective period, an ISO date, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_from: Option<String>,
    /// The last day of its own effective period, an ISO date, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_until: Option<String>,
    /// 1-based line of the declaration.
    pub line: usize,
}

/// The result of one in-policy example or one case of a case file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestResult {
    /// The example's or case's name.
    pub name: String,
    /// Whether every expectation held.
    pub passed: bool,
    /// One entry per failed expectation: what was expected and what the decision said.
    pub failures: Vec<TestFailure>,
    /// Set when the example could not be evaluated at all (bad facts, helper error), in English
    /// unless [`TestResult::in_lang`] chose otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The error in both languages.
    #[serde(skip)]
    pub error_text: Option<Text>,
    /// 1-based line of the example in the policy, when it comes from the policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl TestResult {
    pub(crate) fn new(name: &str, line: Option<usize>) -> TestResult {
        TestResult { name: name.to_string(), passed: false, failures: Vec::new(), error: None, error_text: None, line }
    }

    pub(crate) fn failed_with(mut self, error: Text) -> TestResult {
        self.error = Some(error.en.clone());
        self.error_text = Some(error);
        self
    }

    /// The result as a reader of `lang` sees it: its error, and each failure (see
    /// [`TestFailure::in_lang`]), in that language.
    pub fn in_lang(mut self, lang: Lang) -> TestResult {
        if let Some(text) = &self.error_text {
            self.error = Some(text.get(lang).to_string());
        }
        self.failures = self.failures.iter().map(|f| f.in_lang(lang)).collect();
        self
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// One expectation of an example or case that did not hold.
pub struct TestFailure {
    /// What was checked, e.g. `reward tpp`.
    pub what: String,
    /// What the example or case expected, as text.
    pub expected: String,
    /// What the decision said, as text.
    pub actual: String,
    /// 1-based line of the expectation in the policy, for an example's (a case file's have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// For an expected outcome not given, why not: each rule that gives it, with each condition
    /// it fails as its explanation says it (`kp: ak >= 50: 40, required >= 50 — not met; short by
    /// 10`), in English unless [`TestFailure::in_lang`] chose otherwise.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub why: Vec<String>,
    /// `why` in both languages.
    #[serde(skip)]
    pub why_text: Vec<Text>,
}

impl TestFailure {
    /// A failure of an expectation without a line (one of a case file).
    pub fn new(what: impl Into<String>, expected: impl Into<String>, actual: impl Into<String>) -> TestFailure {
        TestFailure {
            what: what.into(),
            expected: expected.into(),
            actual: actual.into(),
            line: None,
            why: Vec::new(),
            why_text: Vec::new(),
        }
    }

    /// The failure with why the outcome was not given, in both languages.
    pub(crate) fn because(mut self, why: Vec<Text>) -> TestFailure {
        self.why = why.iter().map(|t| t.en.clone()).collect();
        self.why_text = why;
        self
    }

    /// The failure as a reader of `lang` sees it: the language's words (`sanksi`, `tanpa`,
    /// `tidak ada`, `belum pasti`), the codes as written.
    pub fn in_lang(&self, lang: Lang) -> TestFailure {
        if lang == Lang::En {
            return self.clone();
        }
        let why = self.why_text.iter().map(|t| t.get(lang).to_string()).collect();
        // `reward tpp`, `no notice`, `no reward tpp`, `undetermined kp_reguler`: the leading
        // words are the language's, the code after them is the policy's and stays as written
        // (a code may be `no` or `reward`).
        let word = |w: &str| {
            match w {
                "sanction" => "sanksi",
                "reward" | "rewards" => "penghargaan",
                "promotion" => "kenaikan_pangkat",
                "notice" | "notices" => "pemberitahuan",
                "undetermined" => "belum_pasti",
                "no" => "tanpa",
                other => other,
            }
            .to_string()
        };
        let (first, rest) = self.what.split_once(' ').unwrap_or((&self.what, ""));
        let (lead, rest) = match (first, rest.split_once(' ')) {
            ("no", Some((kind, code))) => (format!("{} {}", word("no"), word(kind)), code),
            ("no", None) if !rest.is_empty() => (format!("{} {}", word("no"), word(rest)), ""),
            // `undetermined sanction`: the kind, not a code.
            ("undetermined", None) if rest == "sanction" => (format!("{} {}", word(first), word(rest)), ""),
            _ => (word(first), rest),
        };
        let what = if rest.is_empty() { lead } else { format!("{lead} {rest}") };
        let value = |v: &str| match v {
            "none" => "tidak ada".to_string(),
            "undetermined" => "belum pasti".to_string(),
            _ => {
                let mut v = v
                    .replace(" undetermined (missing: ", " belum pasti (fakta belum ada: ")
                    .replace(" set aside by ", " dikesampingkan oleh ")
                    .replace("; undetermined: ", "; belum pasti: ");
                // An outcome expected undetermined that was decided.
                if let Some(rest) = v.strip_prefix("given ") {
                    v = format!("diberikan {rest}");
                } else if let Some(rest) = v.strip_prefix("not given") {
                    v = format!("tidak diberikan{rest}");
                }
                if let Some(rest) = v.strip_prefix("none (") {
                    v = format!("tidak ada ({rest}");
                }
                // `(other rewards given: …)`: the other outcomes of the kind given.
                for (en, id) in [
                    ("sanctions", "sanksi"),
                    ("rewards", "penghargaan"),
                    ("promotions", "kenaikan pangkat"),
                    ("notices", "pemberitahuan"),
                ] {
                    v = v.replace(&format!("(other {en} given: "), &format!("({id} lain yang diberikan: "));
                }
                v
            }
        };
        TestFailure {
            what,
            expected: value(&self.expected),
            actual: value(&self.actual),
            line: self.line,
            why,
            why_text: self.why_text.clone(),
        }
    }
}
