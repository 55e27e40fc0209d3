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
    pub name: Arc<str>,
    pub version: Arc<str>,
    /// `sha256:` and the hex digest of the policy source (and its helper files).
    pub source_hash: Arc<str>,
}

/// The four kinds of outcome a rule can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeKind {
    Sanction,
    Reward,
    Promotion,
    Notice,
}

impl OutcomeKind {
    pub const ALL: [OutcomeKind; 4] = [Self::Sanction, Self::Reward, Self::Promotion, Self::Notice];

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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    pub kind: OutcomeKind,
    pub code: Arc<str>,
    /// The severity level of a sanction (`ringan`, `sedang`, `berat`); absent for other kinds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Arc<str>>,
    /// Named parameters, e.g. `{"persen": 85}`; decimals are JSON numbers, dates ISO strings.
    pub params: Params,
    /// The id of the rule (or `table#row`) that gave the outcome.
    pub rule: Arc<str>,
    pub title: Arc<str>,
    /// The citation: regulation and article.
    pub source: Arc<str>,
}

/// An outcome a rule would have given, set aside when outcomes were combined.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetAside {
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
    pub kind: OutcomeKind,
    pub code: Arc<str>,
    pub rule: Arc<str>,
    pub title: Arc<str>,
    pub source: Arc<str>,
    /// The fact paths that would decide it, e.g. `kinerja[tahun=2025].predikat`.
    pub missing: Vec<String>,
}

/// Three-valued result of a condition or rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Truth {
    True,
    False,
    Unknown,
}

/// One condition of a rule (one `and`-ed part of its `when`), as evaluated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConditionTrace {
    /// The condition as written in the policy.
    pub text: String,
    pub result: Truth,
    /// The actual value of the tested expression, as text (`"3"`, `"2025-10-01"`, `"baik"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<String>,
    /// What the condition requires, as text (`">= 4"`, `"in [baik, sangat_baik]"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<String>,
    /// A readable sentence in the decision's language, with the date it would hold from when known.
    pub note: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

/// The trace of one rule or decision-table row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleTrace {
    pub rule: Arc<str>,
    pub title: Arc<str>,
    pub source: Arc<str>,
    pub kind: OutcomeKind,
    pub result: Truth,
    /// What the rule did in this decision, in the decision's language.
    pub summary: String,
    pub conditions: Vec<ConditionTrace>,
}

/// The decision for one employee.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decision {
    pub policy: Arc<PolicyStamp>,
    /// The evaluation date, `YYYY-MM-DD`.
    pub as_of: Arc<str>,
    /// The parameter values used (defaults merged with the caller's overrides).
    pub params: Params,
    /// Outcomes that apply, in the order sanction, reward, promotion, notice, then policy order.
    pub outcomes: Vec<Outcome>,
    pub set_aside: Vec<SetAside>,
    pub undetermined: Vec<Undetermined>,
    /// Present when the caller asked for an explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Vec<RuleTrace>>,
}

impl Decision {
    /// The one sanction imposed, if any.
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
