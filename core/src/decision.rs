//! The decision: what a policy decided for one employee on one date, as serde types.
//!
//! This is the JSON every layer prints: the CLI, the Python package (`Decision.to_dict()`) and the
//! browser. Field order is fixed, maps are ordered, and decimals are printed in their shortest exact
//! form, so the same inputs give a byte-identical decision.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

/// Named values, e.g. an outcome's `{"persen": 85}`: decimals are JSON numbers, dates ISO strings.
/// Shared, because most come unchanged from the compiled policy into every decision.
pub type Params = Arc<Map<String, Json>>;

/// The policy a decision was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyStamp {
    /// The policy's name, as its header gives it.
    pub name: Arc<str>,
    /// The policy's version, as its header gives it (empty when it gives none).
    pub version: Arc<str>,
    /// `sha256:` and the hex digest of the policy source (and its helper files).
    pub source_hash: Arc<str>,
    /// The engine that applied it: `aturan` and the version of this crate ([`ENGINE`]). Empty
    /// when read from a decision stored before decisions carried it.
    #[serde(default)]
    pub engine: Arc<str>,
}

/// The engine named in every decision's [`PolicyStamp::engine`]: `aturan` and this crate's version.
/// The same policy, facts, parameters and date give the same decision under the same engine; a
/// decision kept for an appeal names both the policy text (`source_hash`) and the engine.
pub const ENGINE: &str = concat!("aturan ", env!("CARGO_PKG_VERSION"));

/// The four kinds of outcome a rule can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeKind {
    /// A disciplinary sanction (PP 94/2021), with a severity level.
    Sanction,
    /// A reward: an allowance share, a bonus, a long-service award.
    Reward,
    /// Promotion eligibility (kenaikan pangkat).
    Promotion,
    /// Something the employee or HR should know or do (training hours short…).
    Notice,
}

impl OutcomeKind {
    /// The four kinds, in the order a decision lists them.
    pub const ALL: [OutcomeKind; 4] = [Self::Sanction, Self::Reward, Self::Promotion, Self::Notice];

    /// The kind as the JSON writes it: `sanction`, `reward`, `promotion`, `notice`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Sanction => "sanction",
            Self::Reward => "reward",
            Self::Promotion => "promotion",
            Self::Notice => "notice",
        }
    }
}

/// One outcome that applies: the rule that gave it, its regulation, and its parameters.
///
/// What comes from the policy (code, level, rule, title, citation) is one block shared with the
/// compiled policy, so that a decision copies one reference per outcome, not five. The JSON is
/// flat: `{"kind", "code", "level", "params", "rule", "title", "source"}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(from = "FlatOutcome")]
pub struct Outcome {
    /// Sanction, reward, promotion or notice.
    pub kind: OutcomeKind,
    /// Named parameters, e.g. `{"persen": 85}`; decimals are JSON numbers, dates ISO strings.
    pub params: Params,
    pub(crate) origin: Arc<Origin>,
}

/// Where an outcome comes from, as the policy declares it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The outcome's code (`teguran_lisan`, `tpp`, `kp_reguler`).
    pub code: Arc<str>,
    /// The severity level of a sanction (`ringan`, `sedang`, `berat`); absent for other kinds.
    pub level: Option<Arc<str>>,
    /// The id of the rule (or `table#row`) that gives the outcome.
    pub rule: Arc<str>,
    /// The rule's title.
    pub title: Arc<str>,
    /// The citation: regulation and article.
    pub source: Arc<str>,
}

impl Outcome {
    /// The outcome's code (`teguran_lisan`, `tpp`, `kp_reguler`).
    pub fn code(&self) -> &str {
        &self.origin.code
    }

    /// The severity level of a sanction (`ringan`, `sedang`, `berat`); `None` for other kinds.
    pub fn level(&self) -> Option<&str> {
        self.origin.level.as_deref()
    }

    /// The id of the rule (or `table#row`) that gave the outcome.
    pub fn rule(&self) -> &str {
        &self.origin.rule
    }

    /// The title of the rule that gave it.
    pub fn title(&self) -> &str {
        &self.origin.title
    }

    /// The citation: regulation and article.
    pub fn source(&self) -> &str {
        &self.origin.source
    }
}

impl Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let o = &*self.origin;
        let mut st = s.serialize_struct("Outcome", 6 + usize::from(o.level.is_some()))?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("code", &o.code)?;
        if let Some(level) = &o.level {
            st.serialize_field("level", level)?;
        }
        st.serialize_field("params", &self.params)?;
        st.serialize_field("rule", &o.rule)?;
        st.serialize_field("title", &o.title)?;
        st.serialize_field("source", &o.source)?;
        st.end()
    }
}

/// An outcome as its JSON reads.
#[derive(Deserialize)]
struct FlatOutcome {
    kind: OutcomeKind,
    code: Arc<str>,
    #[serde(default)]
    level: Option<Arc<str>>,
    params: Params,
    rule: Arc<str>,
    title: Arc<str>,
    source: Arc<str>,
}

impl From<FlatOutcome> for Outcome {
    fn from(f: FlatOutcome) -> Outcome {
        let origin = Origin { code: f.code, level: f.level, rule: f.rule, title: f.title, source: f.source };
        Outcome { kind: f.kind, params: f.params, origin: Arc::new(origin) }
    }
}

/// An outcome a rule would have given, set aside when outcomes were combined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetAside {
    /// The outcome that was set aside.
    #[serde(flatten)]
    pub outcome: Outcome,
    /// The rule whose outcome took its place.
    pub by: Arc<str>,
    /// Why, in the decision's language.
    pub reason: String,
}

/// An outcome that could not be decided because facts are missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Undetermined {
    /// The kind of the outcome.
    pub kind: OutcomeKind,
    /// The outcome's code.
    pub code: Arc<str>,
    /// The rule (or `table#row`) that would give it; a table's id when several of its rows
    /// might.
    pub rule: Arc<str>,
    /// That rule's title.
    pub title: Arc<str>,
    /// That rule's citation.
    pub source: Arc<str>,
    /// What would decide it (at most [`crate::MAX_MISSING`]): fact paths (`presensi.alpa_hari`,
    /// `pelatihan[2].jp`), a record of a list chosen by a filter, in the policy's own words
    /// (`kinerja[yang tahun == tahun_ini]`), or a field of a value the policy names
    /// (`kinerja_ini.nilai_skp`); see docs/decision.md.
    pub missing: Vec<String>,
}

/// Three-valued result of a condition or rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Truth {
    /// Holds.
    True,
    /// Does not hold.
    False,
    /// Cannot be told: facts it needs are missing.
    Unknown,
}

/// One condition of a rule (one `and`-ed part of its `when`), as evaluated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConditionTrace {
    /// The condition as written in the policy.
    pub text: String,
    /// Whether it holds.
    pub result: Truth,
    /// The actual value of the tested expression, as text (`"3"`, `"2025-10-01"`, `"baik"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// What the condition requires, as text (`">= 4"`, `"in [baik, sangat_baik]"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<String>,
    /// A readable sentence in the decision's language, with the date it would hold from when known.
    pub note: String,
    /// The fact paths it is unknown for, when unknown.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
    /// For a time requirement not met yet, the first day it holds (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holds_from: Option<String>,
    /// In a reward or promotion rule that is no exception, for a number that misses its threshold
    /// (`>=`, `>`, `<=`, `<`), the change that would meet it, as exact decimal text: `"10"` for 40
    /// against `>= 50`, `"2"` for 12 against `<= 10` (whether it must rise or fall is the
    /// comparison's direction). Between whole numbers `> 50` counts as `>= 51`; between other
    /// numbers a `>` or `<` needs more than this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gap: Option<String>,
}

fn in_effect() -> bool {
    true
}

fn is_in_effect(b: &bool) -> bool {
    *b
}

/// The trace of one rule or decision table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleTrace {
    /// The rule's or the decision table's id: a table has one trace, whose `summary` names the
    /// row that matched (the outcome it gives has `rule` `table#row`).
    pub rule: Arc<str>,
    /// Its title.
    pub title: Arc<str>,
    /// Its citation.
    pub source: Arc<str>,
    /// The kind of outcome it gives.
    pub kind: OutcomeKind,
    /// Whether its condition holds.
    pub result: Truth,
    /// Whether the decision date is in the rule's own effective period: `false` for a rule not in
    /// effect (its `result` is then false and its `conditions` empty). In JSON only when false.
    #[serde(default = "in_effect", skip_serializing_if = "is_in_effect")]
    pub in_effect: bool,
    /// For an exception, the id of the rule whose outcome it replaces when it applies. In JSON
    /// only for an exception.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exception_to: Option<Arc<str>>,
    /// The codes of the outcomes it gives, in the policy's order (a table's rows may give several;
    /// none for `then none`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<Arc<str>>,
    /// What the rule did in this decision, in the decision's language.
    pub summary: String,
    /// Its conditions (the `and`-ed parts of its `when`), each as evaluated.
    pub conditions: Vec<ConditionTrace>,
}

/// The decision for one employee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    /// The policy's name, version and source hash.
    pub policy: Arc<PolicyStamp>,
    /// The evaluation date, `YYYY-MM-DD`.
    pub as_of: Arc<str>,
    /// The parameter values used (defaults merged with the caller's overrides).
    pub params: Params,
    /// Outcomes that apply, in the order sanction, reward, promotion, notice, then policy order.
    pub outcomes: Vec<Outcome>,
    /// Outcomes set aside when combining (a lighter sanction under a heavier one, a rule replaced
    /// by its exception), each with the rule that took its place and why.
    pub set_aside: Vec<SetAside>,
    /// Outcomes missing facts leave open, each with the fact paths that would decide it.
    pub undetermined: Vec<Undetermined>,
    /// Present when the caller asked for an explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Vec<RuleTrace>>,
}

impl Decision {
    /// The sanction imposed, if any: the heaviest, under a `severity` declaration. A policy
    /// without one (or with `combine sanction: all`) may impose several at once, and this is the
    /// first of them; [`Decision::of_kind`] with [`OutcomeKind::Sanction`] gives them all.
    pub fn sanction(&self) -> Option<&Outcome> {
        self.outcomes.iter().find(|o| o.kind == OutcomeKind::Sanction)
    }

    /// The outcomes of one kind.
    pub fn of_kind(&self, kind: OutcomeKind) -> impl Iterator<Item = &Outcome> {
        self.outcomes.iter().filter(move |o| o.kind == kind)
    }

    /// The decision as one line of JSON (what `aturan eval --format json` prints).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
