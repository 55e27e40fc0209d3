//! The Aturan engine: compile a policy once, evaluate it for many employees.
//!
//! ```
//! use aturan_core::{EvalOptions, Policy};
//!
//! let policy = Policy::compile(r#"
//! policy "Latihan" version "1"
//! facts {
//!     alpa_hari: int >= 0
//! }
//! rule teguran "Teguran lisan"
//!     source "PP 94/2021 Pasal 9"
//!     when alpa_hari >= 3
//!     then sanction teguran_lisan
//! severity {
//!     ringan: teguran_lisan
//! }
//! "#).unwrap();
//!
//! let facts = serde_json::json!({ "alpa_hari": 4 });
//! let decision = policy.evaluate(&facts, &EvalOptions::on("2025-12-31").unwrap()).unwrap();
//! assert_eq!(decision.sanction().unwrap().code(), "teguran_lisan");
//! ```
//!
//! A [`Policy`] is `Send` and `Sync`: share one behind an `Arc` between threads. It holds its
//! compiled Rhai helpers, which are not `RefUnwindSafe`, so `std::panic::catch_unwind` around an
//! evaluation needs `AssertUnwindSafe` (the engine does not panic on any input: every problem is
//! an error value).
//!
//! The API speaks of dates as [`chrono::NaiveDate`], of facts and parameters as
//! [`serde_json::Value`], and of exact numbers a [`FactSource`] gives as
//! [`rust_decimal::Decimal`]; the three crates are re-exported here, so that a caller uses the
//! same versions.
//!
//! Two things change in the crates built with this one, since Cargo unifies features and trait
//! impls across a build:
//! - this crate turns on `serde_json`'s `arbitrary_precision` (numbers read exactly, as their
//!   text) and `preserve_order` features. In the same program a `serde_json::Value` keeps numbers
//!   as text and objects in their order, and a `#[serde(untagged)]` or `#[serde(flatten)]` type
//!   holding an `f64` may stop reading from JSON (serde buffers such a number as a map): read
//!   those fields as `serde_json::Number` instead:
//!
//!   ```
//!   #[derive(serde::Deserialize)]
//!   #[serde(untagged)]
//!   enum Score { Value { score: serde_json::Number }, Text(String) }
//!   let s: Score = serde_json::from_str(r#"{ "score": 89.995 }"#).unwrap();
//!   assert!(matches!(s, Score::Value { score } if score.to_string() == "89.995"));
//!   ```
//! - the strings of Rhai, which runs the helper functions, add `impl Add<SmartString> for
//!   String`: `a + &b` with two `String`s may no longer infer its type; write `a + b.as_str()`.

#![warn(missing_docs)]

pub use chrono;
pub use rust_decimal;
pub use serde_json;

pub mod decision;
pub mod info;

mod bands;
mod compile;
mod eval;
mod explain;
mod facts;
mod helpers;
mod ir;
mod json;
mod messages;
mod policy;
mod testing;
mod types;
mod value;

pub use aturan_dsl::{
    did_you_mean, render as render_diagnostics, thousands_like, views, Diagnostic, DiagnosticView, Lang, Severity,
    Span, Text,
};
pub use decision::{
    ConditionTrace, Decision, Origin, Outcome, OutcomeKind, Params, PolicyStamp, RuleTrace, SetAside, Truth,
    Undetermined, ENGINE,
};
pub use eval::Facts;
pub use explain::render_decision_text;
pub use facts::{field_named_like, json_fact, without_byte_order_mark, Fact, FactSource};
#[cfg(target_arch = "wasm32")]
pub use helpers::set_wasm_clock;
pub use info::{FactsSchema, FieldInfo, LetInfo, ParamInfo, PolicyInfo, RuleInfo, TestFailure, TestResult, TypeInfo};
pub use json::{ndjson_lines, parse_json, parse_json_items, JsonError, MAX_JSON_VALUES};
pub use policy::{
    io_error_text, list_items_alike, read_helper_file, read_text_file, text_of, without_bom, CompileError, EvalError,
    EvalOptions, FactIssue, LoadError, Policy,
};
pub use testing::{Case, CaseExpect};
pub use types::{EnumDef, FieldDef, RecordDef, Ty};
pub use value::{iso_date, parse_iso_date, MAX_MISSING};
