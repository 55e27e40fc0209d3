//! Runtime values. Facts are converted into these once, at the boundary; records are slot arrays
//! resolved at compile time, so evaluation never looks a name up in a map.

use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value as Json;

/// Why a value is unknown: the fact paths that would decide it.
pub type Missing = Arc<Vec<String>>;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Dec(Decimal),
    Text(Arc<str>),
    Date(NaiveDate),
    /// An enum value: the enum's values are known from the type; this is the index.
    Enum(u16),
    Record(Arc<[Value]>),
    List(Arc<[Value]>),
    /// A known absence: `none`, an optional field left empty, no sanction imposed.
    None,
    /// Not known, because the listed facts are missing.
    Unknown(Missing),
}

impl Value {
    pub fn unknown(path: impl Into<String>) -> Value {
        Value::Unknown(Arc::new(vec![path.into()]))
    }

    pub fn as_dec(&self) -> Option<Decimal> {
        match self {
            Value::Int(i) => Some(Decimal::from(*i)),
            Value::Dec(d) => Some(*d),
            _ => None,
        }
    }
}

/// Fact paths that would decide an outcome; empty without allocating (most outcomes are decided).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paths(Option<Missing>);

impl Paths {
    pub fn push(&mut self, path: String) {
        match &mut self.0 {
            Some(m) => Arc::make_mut(m).push(path),
            None => self.0 = Some(Arc::new(vec![path])),
        }
    }
}

impl From<Missing> for Paths {
    fn from(m: Missing) -> Paths {
        Paths((!m.is_empty()).then_some(m))
    }
}

impl From<Vec<String>> for Paths {
    fn from(v: Vec<String>) -> Paths {
        Paths((!v.is_empty()).then(|| Arc::new(v)))
    }
}

impl std::ops::Deref for Paths {
    type Target = [String];

    fn deref(&self) -> &[String] {
        self.0.as_deref().map(Vec::as_slice).unwrap_or_default()
    }
}

/// Merges the missing paths of two unknowns, keeping order and dropping duplicates.
pub fn merge_missing(a: &Missing, b: &Missing) -> Missing {
    if Arc::ptr_eq(a, b) || b.iter().all(|p| a.contains(p)) {
        return a.clone();
    }
    let mut out: Vec<String> = a.as_ref().clone();
    for p in b.iter() {
        if !out.contains(p) {
            out.push(p.clone());
        }
    }
    Arc::new(out)
}

/// A date as `YYYY-MM-DD`: the form of every date in decisions, explanations and messages.
pub fn iso_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Shortest exact text of a decimal: `85`, `86.5`, `18.75`.
pub fn dec_text(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A decimal as a JSON number with its exact digits.
pub fn dec_json(d: Decimal) -> Json {
    if d.fract().is_zero() {
        if let Ok(i) = i64::try_from(d) {
            return Json::Number(i.into());
        }
    }
    dec_text(d).parse::<serde_json::Number>().map(Json::Number).unwrap_or(Json::Null)
}
