//! The benchmark's mini policy (core/benches/mini.aturan) compiles and passes its own examples.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use aturan_core::{LoadError, Policy};

#[test]
fn mini_policy_examples_pass() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/mini.aturan");
    let policy = match Policy::from_file(path) {
        Ok(p) => p,
        Err(LoadError::Compile(e)) => panic!("{}", e.render(aturan_core::Lang::En)),
        Err(e) => panic!("{e}"),
    };
    assert!(policy.warnings().is_empty(), "{:?}", policy.warnings());
    let results = policy.run_tests();
    assert_eq!(results.len(), 3);
    let failed: Vec<_> = results.iter().filter(|r| !r.passed).collect();
    assert!(failed.is_empty(), "{failed:#?}");
}
