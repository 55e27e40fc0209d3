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

/// The example employees of examples/semarang/employees.json.
fn employees() -> Vec<serde_json::Value> {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/semarang/employees.json"));
    serde_json::from_str(&text.unwrap()).unwrap()
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

#[test]
fn a_requirement_whose_own_value_is_unknown_is_not_given_as_required() {
    // A pelaksana has no jenjang: the credit points a functional position requires are unknown,
    // which is no requirement to show (it was `">= unknown"`); the note still says why.
    let p = policy();
    let employees = employees();
    let options = aturan_core::EvalOptions::on("2025-12-31").unwrap().explain(true);
    let d = p.evaluate(&employees[0], &options).unwrap();
    let trace = d.explanation.as_ref().unwrap().iter().find(|r| &*r.rule == "kp_pilihan_fungsional").unwrap();
    let credit = trace.conditions.iter().find(|c| c.text.starts_with("angka_kredit_dinilai >=")).unwrap();
    assert_eq!(credit.required, None, "{credit:?}");
    assert!(credit.note.contains("not needed"), "{}", credit.note);
    assert!(trace.conditions.iter().any(|c| c.required.as_deref() == Some("== fungsional")), "{trace:?}");
}

#[test]
fn a_running_sanction_says_from_when_the_condition_it_fails_holds() {
    // Sri Mulyani, with a sedang sanction running until 2026-03-31: the conditions that want no
    // sanction running hold from the day after it ends; one without an end never does.
    let p = policy();
    let employees = employees();
    let options = aturan_core::EvalOptions::on("2025-12-31").unwrap().explain(true);
    let mut facts = employees[12].clone();
    let running = |akhir: serde_json::Value| serde_json::json!([{ "jenis": "potong_tukin_25_9", "tingkat": "sedang", "tmt": "2025-07-01", "akhir": akhir }]);
    facts["hukuman_disiplin"] = running(serde_json::json!("2026-03-31"));
    let d = p.evaluate(&facts, &options).unwrap();
    let condition = |d: &aturan_core::Decision, rule: &str, text: &str| {
        let trace = d.explanation.as_ref().unwrap().iter().find(|r| &*r.rule == rule).unwrap().clone();
        trace.conditions.iter().find(|c| c.text == text).unwrap().clone()
    };
    let c = condition(&d, "tpp_bonus", "bukan hukdis_aktif");
    assert_eq!(c.holds_from.as_deref(), Some("2026-04-01"), "{c:?}");
    assert!(c.note.contains("holds from 2026-04-01"), "{}", c.note);
    // Through a named condition's parts too (KP reguler's `bebas_hukdis_sedang`).
    assert!(condition(&d, "kp_reguler", "bebas_hukdis_sedang").note.contains("holds from 2026-04-01"));

    facts["hukuman_disiplin"] = running(serde_json::Value::Null);
    let d = p.evaluate(&facts, &options).unwrap();
    let c = condition(&d, "tpp_bonus", "bukan hukdis_aktif");
    assert_eq!(c.holds_from, None, "{c:?}");
}

#[test]
fn a_case_naming_a_code_no_rule_gives_fails_with_the_code_meant() {
    let p = policy();
    let cases = Case::load_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/semarang.json")).unwrap();
    let mut typo = cases[0].clone();
    let (code, params) = typo.expect.rewards.pop_first().unwrap();
    typo.expect.rewards.insert(format!("{code}x"), params);
    let r = p.run_case(&typo);
    assert!(!r.passed);
    assert_eq!(
        r.error.as_deref(),
        Some(
            format!("`expect.rewards` names `{code}x`, which no rule of the policy gives (did you mean `{code}`?)")
                .as_str()
        )
    );
    let mut undetermined = cases[0].clone();
    undetermined.expect.undetermined = vec!["kp_regular".into()];
    let r = p.run_case(&undetermined);
    assert!(r.error.as_deref().unwrap().contains("(did you mean `kp_reguler`?)"), "{r:?}");
}
