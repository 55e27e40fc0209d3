//! Every `aturan` block of docs/language.md compiles and its examples pass; every `aturan-error`
//! block fails to compile.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use aturan_core::{Lang, Policy};

fn blocks(tag: &str) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/language.md")).unwrap();
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in text.lines().enumerate() {
        if current.is_some() && line.trim_start() == "```" {
            out.extend(current.take());
            continue;
        }
        match &mut current {
            Some((_, body)) => {
                body.push_str(line);
                body.push('\n');
            }
            None if line.trim() == format!("```{tag}") => current = Some((n + 1, String::new())),
            None => {}
        }
    }
    out
}

#[test]
fn language_examples_compile_and_pass() {
    let blocks = blocks("aturan");
    assert!(blocks.len() >= 8, "found only {} examples", blocks.len());
    for (line, src) in blocks {
        let policy =
            Policy::compile(&src).unwrap_or_else(|e| panic!("docs/language.md:{line}:\n{}", e.render(Lang::En)));
        let results = policy.run_tests();
        assert!(!results.is_empty(), "docs/language.md:{line}: the block has no example");
        for r in results {
            assert!(r.passed, "docs/language.md:{line}: example `{}` failed: {:?} {:?}", r.name, r.failures, r.error);
        }
    }
}

#[test]
fn language_error_examples_are_refused() {
    let blocks = blocks("aturan-error");
    assert!(!blocks.is_empty());
    for (line, src) in blocks {
        assert!(Policy::compile(&src).is_err(), "docs/language.md:{line} should not compile");
    }
}

#[test]
fn every_keyword_of_the_grammar_is_in_the_keyword_table() {
    let grammar = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../dsl/src/grammar.pest")).unwrap();
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/language.md")).unwrap();
    let table = doc.split("## Keywords").nth(1).unwrap().split("\n## ").next().unwrap();
    let mut seen = 0;
    for line in grammar.lines().filter(|l| l.starts_with("kw_")) {
        for word in line.split('"').skip(1).step_by(2) {
            assert!(table.contains(&format!("`{word}`")), "keyword `{word}` is not in the table of docs/language.md");
            seen += 1;
        }
    }
    assert!(seen > 100, "read only {seen} keywords from the grammar");
}
