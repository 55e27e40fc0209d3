//! The exact text a user sees: diagnostics with their snippet and caret, and a readable decision
//! with its explanation, in English and Indonesian.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use aturan_core::{render_decision_text, EvalOptions, Lang, Policy};
use serde_json::json;

const BROKEN: &str = r#"policy "Rusak" version "1"
enum Tingkat ordered { ringan, sedang, berat }
facts {
    alpa_hari: int >= 0
    tingkat: Tingkat
}
severity { ringan: teguran_lisan }
rule a "A"
    source "PP 94/2021"
    when alpa_hri >= 3 and tingkat == "sedeng"
    then sanction teguran_lisn
rule a "B"
    source "PP 94/2021"
    when tingkat + 1 > 2
    then notice n
"#;

#[test]
fn diagnostics_in_english() {
    let err = Policy::compile(BROKEN).err().unwrap();
    insta::assert_snapshot!(err.render(Lang::En));
}

#[test]
fn diagnostics_in_indonesian() {
    let err = Policy::compile(BROKEN).err().unwrap();
    insta::assert_snapshot!(err.render(Lang::Id));
}

#[test]
fn syntax_errors_in_every_broken_declaration() {
    let src = "policy \"S\"\nfacts { a: int }\nrule r \"R\"\n  when a >=\n  then notice n\nrule q \"Q\" when a = 1 then notice m\n";
    let err = Policy::compile(src).err().unwrap();
    insta::assert_snapshot!(err.render(Lang::En));
}

#[test]
fn syntax_errors_in_indented_declarations_are_found_where_they_are() {
    // Declarations indented (as in a policy kept inside other text), helper code and text that
    // hold declaration words, and a field named like a keyword: each broken declaration is found
    // at its own line, and nothing else is.
    let src = "policy \"S\"
    facts {
        a: int
        param_x: int
    }
    helpers \"\"\"
    let y = 1;
    fn f(x) { x }
    \"\"\"
    helper f(x: int) -> int
    let b = count(xs : a)
    rule r \"R rule let\" source \"S\" when a >= then notice n
    rule q \"Q\" source \"S\" when f(a) > 1 then notice m
";
    let err = Policy::compile(src).err().unwrap();
    let lines: Vec<usize> = err.views(Lang::En).iter().map(|v| v.line).collect();
    assert_eq!(lines, [11, 12], "{}", err.render(Lang::En));
}

#[test]
fn syntax_errors_after_continued_conditions_long_titles_and_unclosed_brackets_are_where_they_are() {
    let lines = |src: &str| -> Vec<usize> {
        let err = Policy::compile(src).err().unwrap();
        err.views(Lang::En).iter().map(|v| v.line).collect()
    };
    // A condition going on over lines with a name that begins like a keyword (`params`, `fungsi`).
    let continued = "policy \"P\"\n  facts {\n    a: int\n    params: int\n    fungsi: text\n  }\n  rule r1 \"x\" source \"s\"\n    when a > 1 and\n      params > 2 or\n      fungsi == \"guru\"\n    then notice s1\n  rule r2 \"y\" source \"s\" when a > 2 then notice\n";
    assert_eq!(lines(continued), [12]);
    // A title over two lines, whose second begins with a keyword; an escape before a multi-byte letter.
    let titled = "policy \"P\"\n  facts {\n    a: int\n    nama: text\n  }\n  rule r1 \"Late, see\n    rule 7 of the handbook\" source \"s\" when nama != \"caf\\é\" and (a > 1 or\n      a < 0) then notice s1\n  rule r2 \"y\" source \"s\" when a > 2 then notice\n";
    assert_eq!(lines(titled), [9]);
    // An unclosed bracket or helper code does not hide a declaration that starts at the first column.
    let unclosed = "policy \"P\"\nfacts { a: int }\nrule r1 \"x\" source \"s\" when (a > 1 then notice s1\nrule r2 \"y\" source \"s\" when a > 2 then notice\n";
    assert_eq!(lines(unclosed), [3, 4]);
    // A rule left without its outcome's name, then a comment: said at the rule, not the comment.
    let commented = "policy \"P\"\nfacts { a: int }\nrule r1 \"x\" source \"s\" when a > 1 then notice\n// about r2 \"quoted ( {\n\nrule r2 \"y\" source \"s\" when a > 2 then notice s2\n";
    assert_eq!(lines(commented), [3]);
}

fn decision_text(lang: Lang) -> String {
    let p = Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/semarang/semarang.aturan")).unwrap();
    let facts = json!({
        "status": "PNS", "tmt_cpns": "2010-01-01", "golongan": "III/a", "tmt_golongan": "2022-10-01",
        "pendidikan": "S1", "jabatan": {"jenis": "pelaksana", "tmt": "2015-01-01"},
        "kinerja": [{"tahun": 2024, "predikat": "baik", "nilai_skp": 84}, {"tahun": 2025, "predikat": "baik", "nilai_skp": 86.5}],
        "presensi": {"tahun": 2025, "alpa_hari": 5, "alpa_berturut_hari": 0},
        "pelanggaran": [{"tanggal": "2025-03-02", "uraian": "x", "tingkat": "sedang"}],
        "hukuman_disiplin": [], "pelatihan": [{"tahun": 2025, "jp": 12}], "status_khusus": [], "pernah_cltn": false
    });
    let d = p.evaluate(&facts, &EvalOptions::on("2025-12-31").unwrap().explain(true).lang(lang)).unwrap();
    render_decision_text(&d, lang)
}

#[test]
fn explained_decision_in_english() {
    insta::assert_snapshot!(decision_text(Lang::En));
}

#[test]
fn explained_decision_in_indonesian() {
    insta::assert_snapshot!(decision_text(Lang::Id));
}
