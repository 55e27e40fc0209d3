//! The Aturan policy language: grammar, syntax tree with spans, parser and diagnostics.
//!
//! ```
//! let policy = aturan_dsl::parse(r#"
//! policy "Latihan" version "1"
//! facts { alpa_hari: int >= 0 }
//! rule teguran "Teguran lisan"
//!     source "PP 94/2021 Pasal 9"
//!     when alpa_hari == 3
//!     then sanction teguran_lisan
//! "#).unwrap();
//! assert_eq!(policy.name, "Latihan");
//! assert_eq!(policy.items.len(), 2);
//! ```

#![warn(missing_docs)]

// The syntax tree's nodes and fields are named for the language's constructs (see
// `docs/language.md`); what the core re-exports is documented item by item.
#[allow(missing_docs)]
pub mod ast;
mod diagnostic;
mod parser;
mod span;

pub use diagnostic::{
    date_help, decimal_comma_help, did_you_mean, plain_thousands, render, spelled_date, thousands_help, thousands_like,
    views, written_date, Diagnostic, DiagnosticView, Lang, Lines, Severity, Text,
};
pub use parser::{parse, MAX_DEPTH, MAX_NESTING};
pub use span::Span;
