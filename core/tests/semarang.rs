//! The Semarang reference policy: its own examples and every reference case, through the Rust API.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use aturan_core::{Case, Policy};

fn policy() -> Policy {
    match Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/semarang/semarang.aturan")) {
        Ok(p) => p,
        Err(aturan_core::LoadError::Compile(e)) => panic!("{}", e.render(aturan_core::Lang::En)),
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn policy_examples_pass() {
    let p = policy();
    let results = p.run_tests();
    assert!(results.len() >= 8);
    let failed: Vec<_> = results.iter().filter(|r| !r.passed).collect();
    assert!(failed.is_empty(), "{failed:#?}");
}

#[test]
fn reference_cases_pass() {
    let p = policy();
    let cases = Case::load_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/semarang.json")).unwrap();
    assert_eq!(cases.len(), 10);
    let failed: Vec<_> = cases.iter().map(|c| p.run_case(c)).filter(|r| !r.passed).collect();
    assert!(failed.is_empty(), "{failed:#?}");
}
