//! Behaviour of the engine that users rely on: facts at the boundary, three-valued logic,
//! explanations, parameters, helpers, limits and determinism.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use aturan_core::{EvalError, EvalOptions, Lang, LoadError, OutcomeKind, Policy, Truth};
use serde_json::json;

#[path = "../../tests/support/scratch.rs"]
mod scratch;
use scratch::Scratch;

fn compile(src: &str) -> Policy {
    Policy::compile(src).unwrap_or_else(|e| panic!("{}", e.render(Lang::En)))
}

fn on(date: &str) -> EvalOptions {
    EvalOptions::on(date).unwrap()
}

/// The codes a decision gives, and those it leaves undetermined.
fn given_and_open(d: &aturan_core::Decision) -> (Vec<String>, Vec<String>) {
    let given = d.outcomes.iter().map(|o| o.code().to_string()).collect();
    let open = d.undetermined.iter().map(|u| u.code.to_string()).collect();
    (given, open)
}

fn semarang() -> Policy {
    Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/semarang/semarang.aturan")).unwrap()
}

fn budi() -> serde_json::Value {
    json!({
        "nip": "198703152010011002", "nama": "Budi", "status": "PNS", "tmt_cpns": "2010-01-01",
        "golongan": "III/a", "tmt_golongan": "2022-10-01", "pendidikan": "S1",
        "jabatan": {"jenis": "pelaksana", "jenjang": null, "tmt": "2015-01-01"},
        "kinerja": [{"tahun": 2024, "predikat": "baik", "nilai_skp": 84}, {"tahun": 2025, "predikat": "baik", "nilai_skp": 86.5}],
        "presensi": {"tahun": 2025, "alpa_hari": 0, "alpa_berturut_hari": 0},
        "pelanggaran": [], "hukuman_disiplin": [], "pelatihan": [{"tahun": 2025, "jp": 24}],
        "angka_kredit": null, "status_khusus": [], "pernah_cltn": false, "unit_kerja": "ignored by the policy"
    })
}

#[test]
fn wrong_facts_name_every_path_with_expected_and_found() {
    let mut facts = budi();
    facts["presensi"]["alpa_hari"] = json!(-1);
    facts["golongan"] = json!("III/x");
    facts["tmt_cpns"] = json!("2010-02-30");
    facts["kinerja"][1]["nilai_skp"] = json!("abc");
    let Err(EvalError::Facts(issues)) = semarang().evaluate(&facts, &on("2025-12-31")) else {
        panic!("expected a facts error")
    };
    let paths: Vec<&str> = issues.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["tmt_cpns", "golongan", "kinerja[1].nilai_skp", "presensi.alpa_hari"]);
    assert!(issues[1].expected.en.contains("III/a"), "{:?}", issues[1]);
    assert_eq!(issues[0].found, "\"2010-02-30\"");
    assert!(issues[3].expected.en.contains("≥ 0"));
    let err = EvalError::Facts(issues);
    assert!(err.message(Lang::Id).contains("seharusnya"));
}

#[test]
fn thousands_of_wrong_items_give_a_short_message_and_every_issue() {
    let mut facts = budi();
    facts["pelatihan"] = json!((0..5_000).map(|_| json!({"tahun": "x", "jp": 1})).collect::<Vec<_>>());
    let err = semarang().evaluate(&facts, &on("2025-12-31")).unwrap_err();
    let EvalError::Facts(issues) = &err else { panic!("{err:?}") };
    assert_eq!(issues.len(), 5_000);
    let message = err.message(Lang::En);
    assert_eq!(message.lines().count(), 22, "{message}");
    assert!(message.ends_with("… and 4980 more"), "{message}");
    assert!(err.message(Lang::Id).ends_with("… dan 4980 lagi"));
    // One item, one field: said in the singular.
    facts["pelatihan"] = json!({"x": 1});
    let err = semarang().evaluate(&facts, &on("2025-12-31")).unwrap_err();
    assert!(err.message(Lang::En).contains("found an object with 1 field"), "{}", err.message(Lang::En));
}

#[test]
fn misspelt_enum_value_in_facts_gets_a_suggestion() {
    let mut facts = budi();
    facts["status"] = json!("PNSS");
    let Err(EvalError::Facts(issues)) = semarang().evaluate(&facts, &on("2025-12-31")) else { panic!() };
    assert!(issues[0].expected.en.contains("did you mean `PNS`"), "{:?}", issues[0]);
}

#[test]
fn facts_must_be_an_object() {
    let r = semarang().evaluate(&json!([1, 2]), &on("2025-12-31"));
    assert!(matches!(r, Err(EvalError::Facts(_))));
}

#[test]
fn false_and_unknown_is_false_not_undetermined() {
    // A functional-position rule needs jabatan.jenjang, absent here; but jenis is pelaksana, so it is false.
    let d = semarang().evaluate(&budi(), &on("2025-12-31")).unwrap();
    assert!(d.undetermined.is_empty(), "{:?}", d.undetermined);
}

#[test]
fn an_item_of_a_list_written_out_is_named_as_the_fact_it_is() {
    // The reference policy looks into `presensi` as `first(p in [presensi] where p.tahun == …)`:
    // with its `tahun` missing, that field is what decides; `presensi` itself is there.
    let mut facts = budi();
    facts["presensi"] = json!({ "alpa_hari": 3, "alpa_berturut_hari": 0 });
    let d = semarang().evaluate(&facts, &on("2025-12-31")).unwrap();
    assert!(!d.undetermined.is_empty());
    for u in &d.undetermined {
        assert_eq!(u.missing, ["presensi.tahun"], "{}", u.code);
    }
    let p = compile(
        "policy \"L\" version \"1\"\nfacts { a: { x: int }, b: { x: int } }\n\
         let pertama = first(p in [a, b] where p.x > 1)\n\
         rule r \"R\" source \"S\" when pertama.x > 5 then notice n\n",
    );
    let d = p.evaluate(&json!({ "a": {}, "b": { "x": 9 } }), &on("2025-01-01")).unwrap();
    assert_eq!(d.undetermined[0].missing, ["a.x"]);
}

#[test]
fn a_backslash_that_starts_no_escape_is_an_error_at_it() {
    let src = "policy \"x\"\nfacts { t: text }\nrule r \"C:\\Users\" source \"S\" when t == \"a\\hb\" then notice n\n";
    let err = Policy::compile(src).expect_err("unknown escapes");
    let found: Vec<(&str, &str)> =
        err.diagnostics.iter().map(|d| (d.code, src.get(d.span.start..d.span.end).unwrap())).collect();
    assert_eq!(found, [("escape", "\\U"), ("escape", "\\h")]);
    assert!(err.render(Lang::En).contains("for a backslash write two: `\\\\U`"), "{}", err.render(Lang::En));
    // The escapes a text knows, and a raw text, read as before.
    let p = compile(
        "policy \"x\"\ndescription \"\"\"C:\\Users\"\"\"\nfacts { t: text }\nrule r \"R\" source \"S\" when t == \"a\\\\b\\\"\\n\\t\" then notice n\n",
    );
    let d = p.evaluate(&json!({ "t": "a\\b\"\n\t" }), &on("2025-01-01")).unwrap();
    assert_eq!(given_and_open(&d).0, ["n"]);
}

#[test]
fn a_decision_date_outside_the_years_a_decision_can_write_is_refused() {
    let p =
        compile("policy \"D\" version \"1\"\nfacts { x: int }\nrule r \"R\" source \"S\" when x > 1 then notice n\n");
    for date in [chrono::NaiveDate::MAX, chrono::NaiveDate::MIN] {
        let err = p.evaluate(&json!({ "x": 2 }), &EvalOptions::new(date)).unwrap_err();
        assert_eq!(err.code(), "option");
        assert!(err.to_string().contains("is not in the years 0001 to 9999"), "{err}");
    }
    assert!(p.evaluate(&json!({ "x": 2 }), &on("9999-12-31")).is_ok());
}

#[test]
fn a_default_and_the_value_it_stands_for_are_both_named_as_what_would_decide() {
    let p = compile(
        "policy \"O\" version \"1\"\nfacts { a: optional int, b: optional int, c: bool }\n\
         rule r \"R\" source \"S\" when (a otherwise b) > 1 then notice n\n\
         rule s \"S\" source \"S\" when c and (a otherwise b) > 1 then notice m\n",
    );
    let d = p.evaluate(&json!({ "c": true }), &on("2025-01-01").explain(true)).unwrap();
    assert_eq!(d.undetermined[0].missing, ["a", "b"]);
    // A rule that does not apply asks for none of them.
    let d = p.evaluate(&json!({ "c": false }), &on("2025-01-01").explain(true)).unwrap();
    let s = &d.explanation.unwrap()[1];
    assert!(s.conditions[1].missing.is_empty());
    // What it lacks is said in its note, for when the other condition is met.
    assert!(
        s.conditions[1]
            .note
            .ends_with("not needed: another condition is not met; it is itself unknown (missing: a, b)"),
        "{}",
        s.conditions[1].note
    );
}

#[test]
fn a_clause_written_twice_is_an_error_not_one_dropped() {
    let src = "kebijakan \"D\" versi \"1\"\nberlaku mulai 2022-01-01\nberlaku sampai 2026-12-31\nfakta { telat: int, dispensasi: bool }\n\
               aturan r \"R\"\n    sumber \"Pasal 13\"\n    jika telat > 10\n    jika bukan dispensasi\n    maka sanksi potong\n\
               tabel keputusan t \"T\" sumber \"S\"\n    hit pertama\n    hit kumpulkan\n    | telat | pemberitahuan |\n    | >= 3 | pemberitahuan n |\n";
    let err = Policy::compile(src).expect_err("clauses written twice");
    let found: Vec<(&str, &str)> =
        err.diagnostics.iter().map(|d| (d.code, src.get(d.span.start..d.span.end).unwrap())).collect();
    assert_eq!(found, [("duplicate-clause", "berlaku"), ("duplicate-clause", "jika"), ("duplicate-clause", "hit")]);
    let shown = err.render(Lang::Id);
    assert!(shown.contains("`jika` ditulis dua kali dalam aturan ini (pertama di baris 7)"), "{shown}");
    assert!(shown.contains("digabung dengan `dan`"), "{shown}");
    // `tabel keputusan`, the Indonesian order, is a decision table as `keputusan tabel` is.
    compile("kebijakan \"T\" versi \"1\"\nfakta { telat: int }\ntabel keputusan t \"T\" sumber \"S\"\n    | telat | pemberitahuan |\n    | >= 3 | pemberitahuan n |\n");
}

#[test]
fn a_decimal_comma_in_a_table_cell_or_key_is_an_error_not_a_list() {
    // In a list and among a function's arguments too: `[0,5, 1]` read as three values, and
    // `maks(menit, 2,5)` as three arguments, changed decisions without a word.
    let src = "kebijakan \"D\" versi \"1\"\nfakta { menit: int }\n\
               aturan a \"A\" sumber \"S\" jika menit dalam [0,5, 1] maka pemberitahuan a\n\
               aturan b \"B\" sumber \"S\" jika maks(menit, 2,5) > 3 maka pemberitahuan b\n\
               aturan c \"C\" sumber \"S\" jika menit dalam [0, 5, 1] dan maks(menit, 2, 5) > 3 maka pemberitahuan c\n";
    let err = Policy::compile(src).expect_err("decimal commas");
    let found: Vec<(&str, &str)> =
        err.diagnostics.iter().map(|d| (d.code, src.get(d.span.start..d.span.end).unwrap())).collect();
    assert_eq!(found, [("decimal-comma", "0,5"), ("decimal-comma", "2,5")]);
    assert!(err.render(Lang::Id).contains("`2.5`, bukan `2,5`; untuk dua nilai tulis spasi setelah koma: `2, 5`"));

    let src = "kebijakan \"D\" versi \"1\"\nfakta { nilai: decimal }\ntabel kredit: decimal -> decimal {\n    0..4,5 -> 0\n    lainnya -> 5\n}\n\
               keputusan tabel t \"T\" sumber \"S\"\n    | nilai | penghargaan |\n    | 80,5 ..< 90 | penghargaan insentif |\n    | 1, 2 | penghargaan dua |\n";
    let err = Policy::compile(src).expect_err("decimal commas");
    let found: Vec<(&str, &str)> =
        err.diagnostics.iter().map(|d| (d.code, src.get(d.span.start..d.span.end).unwrap())).collect();
    assert_eq!(found, [("decimal-comma", "4,5"), ("decimal-comma", "80,5")]);
    assert!(err.render(Lang::En).contains("`80.5`, not `80,5`; for two values write a space after the comma"));
}

#[test]
fn an_expected_date_written_another_way_is_said_to_be_no_date() {
    // A date may be expected as text ("2025-10-01"); written as a letter or a form writes it, it
    // was said to be text where a date was expected, the wrong way round.
    let src = "policy \"K\" version \"1\"\nfacts { tmt: date }\n\
               rule kgb \"KGB\" source \"S\" when tmt <= as_of then notice kgb(tmt: add_months(tmt, 24))\n\
               example \"a\" on 2025-12-31 {\n    given { tmt: 2023-10-01 }\n    expect notice kgb(tmt: \"01-10-2025\")\n}\n\
               example \"b\" on 2025-12-31 {\n    given { tmt: 2023-10-01 }\n    expect notice kgb(tmt: \"1 Oktober 2025\")\n}\n\
               example \"c\" on 2025-12-31 {\n    given { tmt: 2023-10-01 }\n    expect notice kgb(tmt: \"2025-02-30\")\n}\n\
               example \"d\" on 2025-12-31 {\n    given { tmt: 2023-10-01 }\n    expect notice kgb(tmt: \"2025-10-01\")\n}\n";
    let err = Policy::compile(src).expect_err("dates that are no dates");
    let said: Vec<(&str, &str, Option<&str>)> = err
        .diagnostics
        .iter()
        .map(|d| {
            (src.get(d.span.start..d.span.end).unwrap(), d.message.en.as_str(), d.help.as_ref().map(|h| h.en.as_str()))
        })
        .collect();
    let help = Some("a date is written without quotes: `2025-10-01`");
    assert_eq!(
        said,
        [
            ("\"01-10-2025\"", "`tmt` of `kgb` is a date, and \"01-10-2025\" is no date YYYY-MM-DD", help),
            ("\"1 Oktober 2025\"", "`tmt` of `kgb` is a date, and \"1 Oktober 2025\" is no date YYYY-MM-DD", help),
            ("\"2025-02-30\"", "`tmt` of `kgb` is a date, and \"2025-02-30\" is no day of the calendar", None),
        ]
    );
    assert_eq!(
        err.diagnostics[0].message.id,
        "`tmt` dari `kgb` bertipe tanggal, dan \"01-10-2025\" bukan tanggal YYYY-MM-DD"
    );
}

#[test]
fn yes_and_no_in_capitals_are_said_to_be_written_small() {
    // `aktif == True` was said to be a text to quote, which a yes-or-no fact is never equal to.
    for (written, help) in [
        ("True", "yes-or-no values are written in small letters: `true`; `x == true` reads better as `x`"),
        ("FALSE", "yes-or-no values are written in small letters: `false`; `x == false` reads better as `not x`"),
        ("Benar", "yes-or-no values are written in small letters: `benar`; `x == benar` reads better as `x`"),
    ] {
        let src = format!("policy \"T\" version \"1\"\nfacts {{ aktif: bool }}\nrule r \"R\" source \"S\" when aktif == {written} then notice x\n");
        let err = Policy::compile(&src).expect_err("a capital letter");
        assert_eq!(err.diagnostics[0].code, "unknown-name");
        assert_eq!(err.diagnostics[0].help.as_ref().map(|h| h.en.as_str()), Some(help), "{written}");
    }
}

#[test]
fn an_int_table_takes_whole_numbers_and_a_thousands_point_is_warned_about() {
    let src = "kebijakan \"L\" versi \"1\"\nfakta { a: int }\ntabel t: int -> int {\n    1 -> 2.5\n    2 -> 3\n}\n";
    let err = Policy::compile(src).expect_err("a fraction in an int table");
    assert_eq!(err.diagnostics[0].code, "type-mismatch");
    assert_eq!(src.get(err.diagnostics[0].span.start..err.diagnostics[0].span.end), Some("2.5"));
    let p = compile(
        "kebijakan \"L\" versi \"1\"\nfakta { g: text }\ntabel uang: text -> int {\n    \"III/a\" -> 37.000\n    lainnya -> 3.0\n}\n\
         aturan r \"R\" sumber \"S\" jika uang(g) > 0 maka penghargaan uang_makan(rupiah: uang(g))\n",
    );
    let warned: Vec<&str> = p.warnings().iter().map(|d| d.code).collect();
    assert_eq!(warned, ["thousands"]);
    assert!(p.warnings()[0]
        .message
        .en
        .contains("`37.000` is 37 (the point is a decimal point); if 37000 was meant, write `37000`"));
    let d = p.evaluate(&json!({ "g": "IV/a" }), &on("2025-01-01")).unwrap();
    assert_eq!(d.outcomes[0].params["rupiah"], json!(3));
}

#[test]
fn a_parameter_without_default_or_a_named_value_without_equals_is_said_so() {
    let said = |decl: &str| {
        let src = format!("kebijakan \"P\" versi \"1\"\nfakta {{ a: int }}\n{decl}\naturan r \"R\" sumber \"S\" jika a > 1 maka pemberitahuan n\n");
        let err = Policy::compile(&src).expect_err(decl);
        (err.diagnostics.len(), err.diagnostics[0].message.id.clone(), err.diagnostics[0].help.clone().map(|h| h.id))
    };
    let (n, message, help) = said("parameter batas: int deskripsi \"hari\"");
    assert_eq!((n, message.as_str()), (1, "parameter `batas` tidak memiliki nilai bawaan"));
    assert_eq!(
        help.as_deref(),
        Some("beri nilai setelah `=`: `parameter batas: int = …` (evaluasi boleh menggantinya)")
    );
    assert_eq!(said("misal menit jumlah(a)").1, "`menit` diberi nilai dengan `=`");
    assert_eq!(said("misal menit := 3").1, "`menit` diberi nilai dengan `=`");
}

#[test]
fn words_of_speech_where_the_language_has_its_own_get_help() {
    let help = |src: &str| {
        let err = Policy::compile(src).expect_err(src);
        err.diagnostics[0].help.clone().map(|h| h.id).unwrap_or_default()
    };
    let head = "kebijakan \"P\" versi \"1\"\nfakta { telat: int, dispensasi: bool }\n";
    let rule = "aturan r \"R\" sumber \"S\" jika telat > 10 maka pemberitahuan n\n";
    assert_eq!(
        help(&format!("{head}aturan r \"R\" sumber \"S\" jika telat > 10 dan tidak dispensasi maka pemberitahuan n\n")),
        "`tidak` ditulis `bukan` (atau `not`): `bukan dispensasi`"
    );
    let example = |v: &str| {
        format!("{head}{rule}contoh \"x\" pada 2025-01-01 {{\n    masukan {{ telat: 11, dispensasi: {v} }}\n    harapkan pemberitahuan n\n}}\n")
    };
    for v in ["ya", "tidak"] {
        assert_eq!(help(&example(v)), "nilai ya-atau-tidak ditulis `benar` atau `salah` (`true` atau `false`)", "{v}");
    }
    let table = format!("{head}keputusan tabel t \"T\" sumber \"S\"\n    | telat | pemberitahuan |\n    | >= 10 | pemberitahuan n |\n    | lainnya | tidak_ada |\n");
    assert!(help(&table).starts_with("dalam tabel keputusan sel untuk nilai apa pun ditulis `-`"));
    // A code given by several rules of one kind is named with its kind once.
    let twice = format!("{head}aturan a \"A\" sumber \"S\" jika telat > 1 maka penghargaan insentif\naturan b \"B\" sumber \"S\" jika telat > 5 maka penghargaan insentif\ncontoh \"x\" pada 2025-01-01 {{\n    masukan {{ telat: 3, dispensasi: benar }}\n    harapkan sanksi insentif\n}}\n");
    let err = Policy::compile(&twice).expect_err("a reward expected as a sanction");
    assert!(err.diagnostics[0].message.id.ends_with("itu adalah penghargaan"), "{}", err.diagnostics[0].message.id);
}

#[test]
fn an_outcome_several_rows_might_give_is_undetermined_from_the_table() {
    let mut facts = budi();
    facts["kinerja"] = json!([{ "tahun": 2024, "predikat": "baik", "nilai_skp": 84 }]);
    let d = semarang().evaluate(&facts, &on("2025-12-31")).unwrap();
    let tpp = d.undetermined.iter().find(|u| &*u.code == "tpp").expect("tpp undetermined");
    assert_eq!(&*tpp.rule, "tpp");
    // One row alone keeps its own id.
    let p = compile("policy \"T\" version \"1\"\nfacts { s: optional int }\ndecision table t \"T\" source \"S\"\n    | s | notice |\n    | >= 5 | notice n |\n");
    let d = p.evaluate(&json!({}), &on("2025-01-01")).unwrap();
    assert_eq!(&*d.undetermined[0].rule, "t#1");
}

#[test]
fn a_rule_whose_outcome_an_undecided_exception_might_replace_says_so() {
    let mut facts = budi();
    facts["status_khusus"] = serde_json::Value::Null;
    let d = semarang().evaluate(&facts, &on("2025-12-31").explain(true)).unwrap();
    assert!(d.undetermined.iter().any(|u| &*u.code == "tpp"));
    let tpp = d.explanation.unwrap().into_iter().find(|t| &*t.rule == "tpp").unwrap();
    assert!(
        tpp.summary
            .ends_with("but the exception `tpp_status_khusus` might replace it: undetermined (missing: status_khusus)"),
        "{}",
        tpp.summary
    );
}

#[test]
fn a_rule_held_back_only_by_time_says_from_when_it_applies() {
    let p = compile(
        "policy \"W\" version \"1\"\nfacts { tmt: date, status: text }\n\
         rule r \"R\" source \"S\" when full_years(tmt, as_of) >= 10 and status == \"PNS\" then reward satya\n\
         rule s \"S\" source \"S\" when full_years(tmt, as_of) >= 10 and status == \"CPNS\" then reward x\n\
         rule t \"T\" source \"S\" when full_years(tmt, as_of) >= 10 and year(as_of) == 2025 then reward y\n",
    );
    let d = p.evaluate(&json!({ "tmt": "2020-03-01", "status": "PNS" }), &on("2025-12-31").explain(true)).unwrap();
    let traces = d.explanation.unwrap();
    assert_eq!(traces[0].conditions[0].holds_from.as_deref(), Some("2030-03-01"));
    assert!(
        traces[0].summary.ends_with("applies from 2030-03-01 if the other facts stay as they are"),
        "{}",
        traces[0].summary
    );
    // Another condition not met, or one met that moves with the date: no such promise.
    assert!(!traces[1].summary.contains("applies from"), "{}", traces[1].summary);
    assert!(!traces[2].summary.contains("applies from"), "{}", traces[2].summary);
    // … and its day is said to be no promise: on it, `year(as_of) == 2025` fails.
    assert_eq!(
        traces[2].summary,
        "does not apply; on 2030-03-01, when its time requirements are met, it still does not apply (a condition that moves with the date is not met then)"
    );
    // A record of the year then, not given yet: undetermined then, with what it lacks.
    let p = compile(
        "policy \"K\" facts { tmt: date, kinerja: list of { tahun: int, baik: bool } }
         rule kp \"KP\" source \"S\" when full_years(tmt, as_of) >= 4 and first(kinerja where tahun == year(as_of)).baik then promotion kp",
    );
    let facts = json!({ "tmt": "2022-02-01", "kinerja": [{ "tahun": 2025, "baik": true }] });
    let d = p.evaluate(&facts, &on("2025-12-31").explain(true)).unwrap();
    assert_eq!(
        d.explanation.unwrap()[0].summary,
        "does not apply; on 2026-02-01, when its time requirements are met, whether it applies is undetermined (then missing: kinerja[where tahun == 2026])"
    );

    // A window that is open now and still open then (a notice in the year before retirement):
    // the rule is worked out on that day, and applies.
    let p = compile(
        "policy \"P\" facts { tmt_pensiun: date }
         rule r \"R\" source \"S\" when as_of >= add_months(tmt_pensiun, -12) and as_of < tmt_pensiun then notice pensiun",
    );
    let summary = |tmt: &str| {
        let d = p.evaluate(&json!({ "tmt_pensiun": tmt }), &on("2025-12-31").explain(true)).unwrap();
        d.explanation.unwrap()[0].summary.clone()
    };
    assert_eq!(summary("2028-02-01"), "does not apply; applies from 2027-02-01 if the other facts stay as they are");

    // Nor one met by another outcome of the decision, whose rules may read the date: by then
    // the violation dated 2026-01-15 is sanctioned, and the promotion does not come.
    let p = compile(
        "policy \"X\" facts { tmt: date, pelanggaran: list of { tanggal: date } }
         severity { sedang: hd_sedang }
         rule s \"S\" source \"S\" when any(pelanggaran where tanggal <= as_of) then sanction hd_sedang
         rule b \"B\" source \"S\" when any(pelanggaran where tanggal <= as_of) then notice catat
         rule kp \"KP\" source \"S\" when full_years(tmt, as_of) >= 4 and sanction is absent then promotion kp
         rule kp2 \"KP2\" source \"S\" when full_years(tmt, as_of) >= 4 and not notice catat then promotion kp2",
    );
    let facts = json!({ "tmt": "2022-10-01", "pelanggaran": [{ "tanggal": "2026-01-15" }] });
    let traces = p.evaluate(&facts, &on("2025-06-01").explain(true)).unwrap().explanation.unwrap();
    for t in &traces[2..] {
        assert_eq!(t.conditions[0].holds_from.as_deref(), Some("2026-10-01"));
        // Worked out on that day: it does not apply then, which is said (the day is no promise).
        assert_eq!(
            t.summary,
            "does not apply; on 2026-10-01, when its time requirements are met, it still does not apply (a condition that moves with the date is not met then)",
            "{}",
            t.rule
        );
    }
    let later = p.evaluate(&facts, &on("2026-10-01")).unwrap();
    assert!(later.outcomes.iter().all(|o| o.kind != OutcomeKind::Promotion));
}

#[test]
fn an_any_that_holds_or_an_all_that_fails_names_the_item_that_decides_it() {
    // Which violation a sanction is for, which sanction record holds a reward back: an appeal
    // needs the record, not `any(…): true`.
    let p = compile(
        r#"policy "V" facts { pelanggaran: list of { tanggal: date, uraian: text, tingkat: text }, jp: list of int }
        let aktif = any(p in pelanggaran where p.tingkat == "sedang")
        rule s "S" source "PP 94/2021 Pasal 8" when any(pelanggaran where tingkat == "sedang") then notice sedang
        rule b "B" source "S" when not aktif then reward bonus
        rule j "J" source "S" when all(x in jp where x >= 10) then notice cukup
        rule a "A" source "S" when aktif then notice aktif"#,
    );
    let facts = json!({
        "pelanggaran": [
            { "tanggal": "2025-01-10", "uraian": "terlambat", "tingkat": "ringan" },
            { "tanggal": "2025-03-02", "uraian": "menyalahgunakan wewenang", "tingkat": "sedang" }
        ],
        "jp": [12, 8, 4]
    });
    let t = p.evaluate(&facts, &on("2025-12-31").explain(true)).unwrap().explanation.unwrap();
    assert!(
        t[0].conditions[0]
            .note
            .ends_with("— met; the item that holds: pelanggaran[1] (tanggal 2025-03-02, uraian menyalahgunakan wewenang, tingkat sedang)"),
        "{}",
        t[0].conditions[0].note
    );
    assert!(t[1].conditions[0].note.ends_with("; the item that holds: pelanggaran[1] (tanggal 2025-03-02, uraian menyalahgunakan wewenang, tingkat sedang)"), "{}", t[1].conditions[0].note);
    assert!(
        t[2].conditions[0].note.ends_with("— not met; the item that does not: jp[1] (8)"),
        "{}",
        t[2].conditions[0].note
    );
    let id = p.evaluate(&facts, &on("2025-12-31").explain(true).lang(Lang::Id)).unwrap().explanation.unwrap();
    assert!(id[2].conditions[0].note.ends_with("butir yang tidak memenuhi: jp[1] (8)"), "{}", id[2].conditions[0].note);
    // A named `any` that holds names its item once, though its own note (the reason) names it too.
    for (trace, item) in [(&t, "the item that holds: pelanggaran[1]"), (&id, "butir yang memenuhi: pelanggaran[1]")] {
        let note = &trace[3].conditions[0].note;
        assert_eq!(note.matches(item).count(), 1, "{note}");
    }
    // Also as a part of a named condition that fails for it.
    let p = compile(
        r#"policy "V" facts { cltn: bool, hukuman: list of { tingkat: text, tmt: date } }
        let layak = not cltn and not any(h in hukuman where h.tingkat == "sedang")
        rule sl "SL" source "S" when layak then reward satya"#,
    );
    let facts = json!({ "cltn": false, "hukuman": [{ "tingkat": "ringan", "tmt": "2020-01-01" }, { "tingkat": "sedang", "tmt": "2024-01-01" }] });
    let t = p.evaluate(&facts, &on("2025-12-31").explain(true)).unwrap().explanation.unwrap();
    assert!(
        t[0].conditions[0].note.ends_with("not met; the item that holds: hukuman[1] (tingkat sedang, tmt 2024-01-01)"),
        "{}",
        t[0].conditions[0].note
    );
}

#[test]
fn an_outcome_replaced_through_a_chain_of_exceptions_names_the_one_given() {
    // Satyalancana X replaced by XX, XX by XXX: X's reason said "replaced by XX, which applies",
    // while XX was set aside too.
    let p = compile(
        "policy \"S\" facts { masa: int }
         rule s10 \"X\" source \"S\" when masa >= 10 then reward satya_10
         rule s20 \"XX\" source \"S\" exception to s10 when masa >= 20 then reward satya_20
         rule s30 \"XXX\" source \"S\" exception to s20 when masa >= 30 then reward satya_30",
    );
    let d = p.evaluate(&json!({ "masa": 31 }), &on("2025-12-31")).unwrap();
    let reasons: Vec<(&str, &str)> = d.set_aside.iter().map(|s| (s.outcome.code(), s.reason.as_str())).collect();
    assert_eq!(
        reasons,
        [
            ("satya_10", "replaced by the exception `s20`, whose outcome the exception `s30` replaces in turn: `s30` is what is given"),
            ("satya_20", "replaced by the exception `s30`, which applies"),
        ]
    );
    let d = p.evaluate(&json!({ "masa": 21 }), &on("2025-12-31")).unwrap();
    assert_eq!(d.set_aside[0].reason, "replaced by the exception `s20`, which applies");
}

#[test]
fn the_rank_after_the_last_is_said_to_be_none_because_it_is_the_last() {
    let p = compile(
        "policy \"G\" enum Gol ordered { \"IV/d\", \"IV/e\" } facts { golongan: Gol }
         rule kp \"KP\" source \"S\" when next(golongan) <= \"IV/e\" then promotion kp(ke: next(golongan))",
    );
    let d = p.evaluate(&json!({ "golongan": "IV/e" }), &on("2025-12-31").explain(true)).unwrap();
    assert_eq!(
        d.explanation.unwrap()[0].conditions[0].note,
        "next(golongan) <= \"IV/e\": none, required <= IV/e — not met; golongan IV/e is the last value: none comes after it"
    );
}

#[test]
fn the_day_a_rule_applies_says_what_its_exceptions_will_be_then() {
    // KGB every two years, held back when last year's performance is below `baik`: on the day it
    // applies, last year is another year, whose record may be missing, or poor.
    let p = compile(
        "policy \"K\" facts { tmt: date, kinerja: list of { tahun: int, baik: bool } }
         rule kgb \"KGB\" source \"S\" when full_years(tmt, as_of) >= 2 then notice kgb
         rule tunda \"Ditunda\" source \"S\" exception to kgb
             when not first(kinerja where tahun == year(as_of) - 1).baik then notice kgb_ditunda",
    );
    let summary = |kinerja: serde_json::Value| {
        let facts = json!({ "tmt": "2024-02-29", "kinerja": kinerja });
        let d = p.evaluate(&facts, &on("2025-12-31").explain(true)).unwrap();
        d.explanation.unwrap()[0].summary.clone()
    };
    // 2025's record is the one read on 2026-02-28: missing, poor, good.
    assert_eq!(
        summary(json!([{ "tahun": 2024, "baik": true }])),
        "does not apply; applies from 2026-02-28 if the other facts stay as they are, unless its exception `tunda` applies then (undecided then, missing: kinerja[where tahun == 2025])"
    );
    assert_eq!(
        summary(json!([{ "tahun": 2024, "baik": true }, { "tahun": 2025, "baik": false }])),
        "does not apply; applies from 2026-02-28 if the other facts stay as they are, but its exception `tunda` applies then"
    );
    assert_eq!(
        summary(json!([{ "tahun": 2024, "baik": true }, { "tahun": 2025, "baik": true }])),
        "does not apply; applies from 2026-02-28 if the other facts stay as they are"
    );
}

#[test]
fn a_named_condition_waiting_for_time_gives_its_day_as_a_direct_one_does() {
    let p = compile(
        "policy \"N\" facts { tmt: date, s: text }
         let layak = full_years(tmt, as_of) >= 4 and s == \"PNS\"
         let lagi = full_years(tmt, as_of) >= 4 and year(as_of) == 2025
         let salah_satu = full_years(tmt, as_of) >= 6 or full_months(tmt, as_of) >= 50
         rule a \"A\" source \"S\" when layak then notice a
         rule b \"B\" source \"S\" when lagi then notice b
         rule c \"C\" source \"S\" when salah_satu then notice c",
    );
    let d = p.evaluate(&json!({ "tmt": "2021-10-01", "s": "PNS" }), &on("2025-03-01").explain(true)).unwrap();
    let t = d.explanation.unwrap();
    assert_eq!(t[0].conditions[0].holds_from.as_deref(), Some("2025-10-01"));
    assert!(t[0].summary.ends_with("applies from 2025-10-01 if the other facts stay as they are"), "{}", t[0].summary);
    // A part met that moves with the date (this year): no day.
    assert_eq!(t[1].conditions[0].holds_from, None);
    // Either part: the first day one of them holds (50 months on 2025-12-01).
    assert_eq!(t[2].conditions[0].holds_from.as_deref(), Some("2025-12-01"));
}

#[test]
fn a_table_row_without_its_closing_bar_is_said_so_once() {
    let table = |rows: &str| {
        format!("kebijakan \"P\" versi \"1\"\nfakta {{ telat: int }}\nkeputusan tabel t \"T\" sumber \"S\"\n    | telat | pemberitahuan |\n{rows}")
    };
    for rows in [
        "    | >= 10 | pemberitahuan n\n    | >= 5 | pemberitahuan m |\n",
        "    | >= 10 | pemberitahuan n\n\naturan r \"R\" sumber \"S\" jika telat > 1 maka pemberitahuan m\n",
    ] {
        let src = table(rows);
        let err = Policy::compile(&src).expect_err(rows);
        assert_eq!(err.diagnostics.len(), 1, "{}", err.render(Lang::En));
        assert_eq!(err.diagnostics[0].code, "table-row");
        assert_eq!(src.get(err.diagnostics[0].span.start..err.diagnostics[0].span.end), Some("n"));
    }
}

#[test]
fn a_yes_or_no_value_in_an_indonesian_explanation_is_benar_or_salah() {
    let p = compile(
        "kebijakan \"P\" versi \"1\"\nfakta { telat: int, dispensasi: bool }\nkeputusan tabel t \"T\" sumber \"S\"\n    | dispensasi | telat | pemberitahuan |\n    | benar | >= 10 | pemberitahuan n |\n",
    );
    let d = p
        .evaluate(&json!({ "telat": 3, "dispensasi": false }), &on("2025-01-01").explain(true).lang(Lang::Id))
        .unwrap();
    let notes: Vec<String> = d.explanation.unwrap()[0].conditions.iter().map(|c| c.note.clone()).collect();
    assert_eq!(notes[0], "dispensasi = salah: tidak ada baris yang cocok");
}

#[test]
fn a_wrong_fact_of_an_example_is_marked_where_it_is_given() {
    let src = "kebijakan \"P\" versi \"1\"\nfakta { kinerja: daftar dari { tahun: int, nilai: int } }\n\
               aturan r \"R\" sumber \"S\" jika banyak(kinerja) > 1 maka pemberitahuan n\n\
               contoh \"x\" pada 2025-01-01 {\n    masukan { kinerja: [ { tahun: 2024, nilai: 3 }, { tahun: \"dua\", nilai: 4 } ] }\n    harapkan pemberitahuan n\n}\n";
    let err = Policy::compile(src).expect_err("a text for a year");
    let span = err.diagnostics[0].span;
    assert_eq!(err.diagnostics[0].code, "example-facts");
    // The second item's `tahun`, not the first's, nor the whole example.
    assert_eq!(src.get(span.start..span.end), Some("tahun"));
    assert!(src.get(span.end..).unwrap().starts_with(": \"dua\""));
}

#[test]
fn a_range_bound_may_be_any_expression_in_brackets() {
    let p = compile(
        "policy \"R\" version \"1\"\nfacts { x: int, batas: int }\n\
         rule a \"A\" source \"S\" when x in (-1)..2 then notice minus_satu_sampai_dua\n\
         rule b \"B\" source \"S\" when x in (batas - 1)..<(batas + 1) then notice dekat\n\
         decision table t \"T\" source \"S\" hit first\n  | x | notice |\n  | (batas * 2)..(batas * 3) | notice di_pita |\n",
    );
    let codes = |x: i64, batas: i64| {
        given_and_open(&p.evaluate(&json!({ "x": x, "batas": batas }), &on("2025-01-01")).unwrap())
    };
    assert_eq!(codes(0, 0).0, ["minus_satu_sampai_dua", "dekat", "di_pita"]);
    assert_eq!(codes(-2, 5).0, Vec::<String>::new());
    assert_eq!(codes(4, 5).0, ["dekat"]);
    assert_eq!(codes(15, 5).0, ["di_pita"]);
    // A missing bound leaves the rule undetermined, naming the fact.
    let d = p.evaluate(&json!({ "x": 1 }), &on("2025-01-01")).unwrap();
    assert_eq!(
        given_and_open(&d),
        (vec!["minus_satu_sampai_dua".to_string()], vec!["dekat".to_string(), "di_pita".to_string()])
    );
}

#[test]
fn missing_fact_makes_outcome_undetermined_with_its_path() {
    let mut facts = budi();
    facts.as_object_mut().unwrap().remove("pelatihan");
    let d = semarang().evaluate(&facts, &on("2025-12-31")).unwrap();
    let u = d.undetermined.iter().find(|u| u.code.as_ref() == "kurang_jp").expect("kurang_jp undetermined");
    assert_eq!(u.missing, ["pelatihan"]);
    // The rest is still decided.
    assert!(d.outcomes.iter().any(|o| o.code() == "tpp"));
}

#[test]
fn explanation_says_when_a_time_requirement_will_hold() {
    let d = semarang().evaluate(&budi(), &on("2025-12-31").explain(true)).unwrap();
    let kp = d.explanation.as_ref().unwrap().iter().find(|t| t.rule.as_ref() == "kp_reguler").unwrap();
    assert_eq!(kp.result, Truth::False);
    let years = kp.conditions.iter().find(|c| c.text.starts_with("tahun_penuh")).unwrap();
    assert_eq!(years.actual.as_deref(), Some("3"));
    assert_eq!(years.required.as_deref(), Some(">= 4"));
    assert!(years.note.contains("holds from 2026-10-01"), "{}", years.note);
    let d = semarang().evaluate(&budi(), &on("2025-12-31").explain(true).lang(Lang::Id)).unwrap();
    let kp = d.explanation.as_ref().unwrap().iter().find(|t| t.rule.as_ref() == "kp_reguler").unwrap();
    assert!(kp.conditions.iter().any(|c| c.note.contains("terpenuhi mulai 2026-10-01")));
    // Through a named value: `masa_kerja >= 30` with `misal masa_kerja = tahun_penuh(tmt_cpns, …)`.
    let d = semarang().evaluate(&budi(), &on("2025-12-31").explain(true)).unwrap();
    let s30 = d.explanation.as_ref().unwrap().iter().find(|t| t.rule.as_ref() == "satyalancana_30").unwrap();
    let years = s30.conditions.iter().find(|c| c.text.starts_with("masa_kerja")).unwrap();
    assert!(years.note.contains("; holds from "), "{}", years.note);
}

#[test]
fn a_reward_table_names_the_row_above_and_what_it_needs() {
    let p = compile(
        r#"policy "S" facts { tmt_cpns: date }
        let masa_kerja = full_years(tmt_cpns, as_of)
        decision table satya "Satyalancana Karya Satya"
            source "PP 94/2021"
            | masa_kerja | hasil                        |
            | >= 30      | reward satya(tahun: 30)      |
            | >= 20      | reward satya(tahun: 20)      |
            | >= 10      | reward satya(tahun: 10)      |
            | -          | none                         |"#,
    );
    let trace = |tmt: &str, lang: Lang| {
        let d = p.evaluate(&json!({ "tmt_cpns": tmt }), &on("2025-12-31").explain(true).lang(lang)).unwrap();
        d.explanation.unwrap().into_iter().find(|t| t.rule.as_ref() == "satya").unwrap()
    };
    // Nine years: the row of ten would give the award, from the tenth anniversary.
    let t = trace("2016-03-15", Lang::En);
    assert!(
        t.summary.contains("row 3 (line 8) would give reward `satya` (tahun 10) with masa_kerja >= 10"),
        "{}",
        t.summary
    );
    let need = t.conditions.iter().find(|c| c.text == "row 3: masa_kerja >= 10").unwrap();
    assert_eq!(need.result, Truth::False);
    assert!(need.note.ends_with("holds from 2026-03-15"), "{}", need.note);
    assert!(trace("2016-03-15", Lang::Id)
        .summary
        .contains("akan memberi penghargaan `satya` (tahun 10) jika masa_kerja >= 10"));
    // Twelve years: the next band is twenty.
    assert!(trace("2013-01-01", Lang::En)
        .summary
        .contains("row 2 (line 7) would give reward `satya` (tahun 20) with masa_kerja >= 20"));
    // Thirty-one years: nothing above.
    assert!(!trace("1994-01-01", Lang::En).summary.contains("would give"));
}

#[test]
fn facts_as_json_text_are_read_exactly_and_refused_as_json_when_they_do_not_read() {
    let p = semarang();
    let text = budi().to_string();
    let opts = on("2025-12-31");
    assert_eq!(
        p.evaluate_json_text(text.as_bytes(), &opts).unwrap().to_json(),
        p.evaluate(&budi(), &opts).unwrap().to_json()
    );
    for (bad, said, dita, at) in [
        (
            &br#"{"presensi": {"alpa_hari": 3, "alpa_hari": 30}}"#[..],
            "is given twice",
            "diberikan dua kali",
            Some((1, 41)),
        ),
        (&br#"{"nilai": 86,5}"#[..], "`86.5`", "`86.5`", Some((1, 14))),
        (
            &b"{\"nama\":\n \"Andr\xe9\"}"[..],
            "not UTF-8: byte 0xE9 at line 2",
            "bukan UTF-8: bita 0xE9 di baris 2",
            Some((2, 7)),
        ),
        (&br#"{"status": "PNS""#[..], "line 1", "baris 1", Some((1, 16))),
        (&b"\xff\xfe{\x00}\x00"[..], "UTF-16", "UTF-16", None),
    ] {
        let e = p.evaluate_json_text(bad, &opts).unwrap_err();
        let EvalError::Json { message, line, column } = &e else { panic!("{bad:?}: {e:?}") };
        assert_eq!(e.code(), "json");
        // Both languages whole, whatever the options' language.
        assert!(message.en.starts_with("the facts are not JSON text: ") && message.en.contains(said), "{}", message.en);
        assert!(message.id.starts_with("fakta bukan teks JSON: ") && message.id.contains(dita), "{}", message.id);
        assert_eq!(line.zip(*column), at, "{bad:?}");
        let data = e.to_json(Lang::Id);
        assert_eq!(data["code"], "json");
        assert_eq!(data["line"], json!(at.map(|a| a.0)));
    }
}

#[test]
fn a_date_to_reach_says_from_when_it_holds() {
    let p = compile(
        "policy \"H\" facts { tmt: date }
         let sepuluh = add_years(tmt, 10)
         rule a \"A\" source \"S\" when add_years(tmt, 10) <= as_of then reward a
         rule b \"B\" source \"S\" when as_of > sepuluh then reward b
         rule c \"C\" source \"S\" when add_years(as_of, -10) >= tmt then reward c",
    );
    let d = p.evaluate(&json!({ "tmt": "2016-03-15" }), &on("2025-12-31").explain(true)).unwrap();
    let note = |rule: &str| {
        let t = d.explanation.as_ref().unwrap().iter().find(|t| t.rule.as_ref() == rule).unwrap();
        t.conditions[0].note.clone()
    };
    assert!(note("a").ends_with("not met; holds from 2026-03-15"), "{}", note("a"));
    assert!(note("b").ends_with("not met; holds from 2026-03-16"), "{}", note("b"));
    // A date that moves with the evaluation date is no day to wait for.
    assert!(note("c").ends_with("not met"), "{}", note("c"));
    // Nor is a day past the year 9999, when no evaluation can be made.
    let far = compile(
        "policy \"F\" facts { d: date }
         rule f \"F\" source \"S\" when full_years(d, as_of) >= 8000 then reward f",
    );
    let d = far.evaluate(&json!({ "d": "2020-02-29" }), &on("2025-12-31").explain(true)).unwrap();
    let note = &d.explanation.as_ref().unwrap()[0].conditions[0].note;
    assert!(note.ends_with("not met"), "{note}");
}

#[test]
fn a_time_requirement_met_only_after_the_policy_ends_says_so() {
    let p = compile(
        "policy \"S\" effective from 2025-01-01 until 2026-12-31 facts { tmt_cpns: date }
         rule s30 \"S30\" source \"PP\" when full_years(tmt_cpns, as_of) >= 30 then reward s30",
    );
    let note = |lang: Lang| {
        let d = p.evaluate(&json!({ "tmt_cpns": "2016-03-15" }), &on("2025-12-31").explain(true).lang(lang)).unwrap();
        d.explanation.unwrap()[0].conditions[0].note.clone()
    };
    assert!(
        note(Lang::En).ends_with("would hold from 2046-03-15, after this policy's period (until 2026-12-31)"),
        "{}",
        note(Lang::En)
    );
    assert!(note(Lang::Id)
        .ends_with("baru terpenuhi mulai 2046-03-15, setelah masa berlaku kebijakan ini (sampai 2026-12-31)"));
}

#[test]
fn a_time_requirement_met_only_after_the_rules_own_period_ends_promises_no_day() {
    let p = compile(
        "policy \"P\" effective from 2016-01-01 until 2030-12-31 facts { tmt: date }
         let masa = full_years(tmt, as_of)
         rule lama \"Lama\" source \"S\" effective from 2016-01-01 until 2025-06-30
             when masa >= 4 then notice lama
         decision table satya \"Satya\" source \"S\" effective until 2025-12-31 hit first
             | masa | outcome |
             | >= 20 | reward satya(t: 20) |
             | >= 10 | reward satya(t: 10) |
             | - | none |
         rule baru \"Baru\" source \"S\" when masa >= 4 then notice baru",
    );
    let traces = |tmt: &str| {
        let d = p.evaluate(&json!({ "tmt": tmt }), &on("2025-03-01").explain(true)).unwrap();
        d.explanation.unwrap()
    };
    // On 2025-10-01 `lama` is no longer in effect: no day to wait for, no "applies from".
    let t = traces("2021-10-01");
    assert_eq!(t[0].conditions[0].holds_from, None);
    assert!(
        t[0].conditions[0].note.ends_with("would hold from 2025-10-01, after this rule's period (until 2025-06-30)"),
        "{}",
        t[0].conditions[0].note
    );
    assert_eq!(t[0].summary, "does not apply");
    // A rule without its own period waits within the policy's.
    assert_eq!(t[2].conditions[0].holds_from.as_deref(), Some("2025-10-01"));
    assert!(t[2].summary.contains("applies from 2025-10-01"), "{}", t[2].summary);
    // A table's row likewise: 10 years on 2026-06-15, after the table's end.
    let t = traces("2016-06-15");
    let row = t[1].conditions.iter().find(|c| c.note.contains("row 2")).unwrap();
    assert_eq!(row.holds_from, None, "{}", row.note);
    assert!(
        row.note.ends_with("would hold from 2026-06-15, after this rule's period (until 2025-12-31)"),
        "{}",
        row.note
    );
    // The next version of a rule, in effect on that day, is named: the outcome is not lost, it
    // comes from the other rule.
    let p = compile(
        "policy \"P\" effective from 2022-01-01 until 2027-12-31 facts { tmt: date }
         let masa = full_years(tmt, as_of)
         rule satya_lama \"Lama\" source \"S\" effective until 2026-06-30 when masa >= 10 then reward satya
         rule satya_baru \"Baru\" source \"S\" effective from 2026-07-01 when masa >= 10 then reward satya",
    );
    let d = p.evaluate(&json!({ "tmt": "2016-09-01" }), &on("2026-03-01").explain(true)).unwrap();
    let note = &d.explanation.unwrap()[0].conditions[0].note;
    assert!(
        note.ends_with("would hold from 2026-09-01, after this rule's period (until 2026-06-30); from then `satya_baru` gives `satya`"),
        "{note}"
    );
}

#[test]
fn a_named_condition_or_an_or_that_fails_says_which_part_failed() {
    let p = compile(
        r#"policy "L" facts { cltn: bool  masa: int  status: text }
        let layak = not cltn and masa >= 10
        rule a "A" source "S" when layak then reward a
        rule b "B" source "S" when status == "PNS" or masa >= 20 then reward b"#,
    );
    let d = p.evaluate(&json!({"cltn": false, "masa": 9, "status": "CPNS"}), &on("2025-12-31").explain(true)).unwrap();
    let note = |rule: &str| {
        let t = d.explanation.as_ref().unwrap().iter().find(|t| t.rule.as_ref() == rule).unwrap();
        t.conditions[0].note.clone()
    };
    // Only the part that fails, with its value.
    assert_eq!(
        note("a"),
        "layak: false, required true — not met; because masa >= 10: 9, required >= 10 — not met; short by 1"
    );
    assert!(
        note("b").contains("because status == \"PNS\": CPNS, required == PNS — not met; masa >= 20: 9"),
        "{}",
        note("b")
    );
}

#[test]
fn a_negated_or_that_fails_says_which_part_holds() {
    let p = compile(
        r#"policy "L" facts { masa: int  hukdis: bool  cltn: bool }
        rule a "A" source "S" when masa >= 10 and not (hukdis or cltn) then reward satya"#,
    );
    let d = p.evaluate(&json!({"masa": 12, "hukdis": false, "cltn": true}), &on("2025-12-31").explain(true)).unwrap();
    let t = &d.explanation.as_ref().unwrap()[0];
    assert_eq!(t.conditions[1].note, "not (hukdis or cltn): false, required true — not met; because cltn: true");
    // A named one with a day: the day the negation holds comes first, and the part that holds
    // now is given its value, not "required true — met" (which read as a requirement met).
    let named = compile(
        r#"policy "H" facts { hukuman: list of { tmt: date, akhir: optional date } }
        let hukdis_aktif = any(h in hukuman where h.tmt <= as_of and (h.akhir is absent or h.akhir >= as_of))
        rule b "B" source "S" when not hukdis_aktif then reward bonus"#,
    );
    let d = named
        .evaluate(&json!({"hukuman": [{"tmt": "2025-02-01", "akhir": "2026-01-31"}]}), &on("2025-12-31").explain(true))
        .unwrap();
    assert_eq!(
        d.explanation.unwrap()[0].conditions[0].note,
        "not hukdis_aktif: false, required true — not met; holds from 2026-02-01; because any(h in hukuman where h.tmt <= as_of and (h.akhir is absent or h.akhir >= as_of)): true; the item that holds: hukuman[0] (tmt 2025-02-01, akhir 2026-01-31)"
    );
    // Met, it names nothing more.
    let d = p.evaluate(&json!({"masa": 12, "hukdis": false, "cltn": false}), &on("2025-12-31").explain(true)).unwrap();
    let t = &d.explanation.as_ref().unwrap()[0];
    assert_eq!(t.conditions[1].note, "not (hukdis or cltn): true, required true — met");
}

#[test]
fn no_explanation_unless_asked() {
    let d = semarang().evaluate(&budi(), &on("2025-12-31")).unwrap();
    assert!(d.explanation.is_none());
    assert!(!d.to_json().contains("explanation"));
}

#[test]
fn same_input_gives_byte_identical_decisions() {
    let p = semarang();
    let a = p.evaluate(&budi(), &on("2025-12-31").explain(true)).unwrap().to_json();
    let b = semarang().evaluate(&budi(), &on("2025-12-31").explain(true)).unwrap().to_json();
    assert_eq!(a, b);
    assert!(a.contains(r#""source_hash":"sha256:"#));
}

#[test]
fn a_decision_names_the_engine_that_made_it_and_reads_back_without_it() {
    let d = semarang().evaluate(&budi(), &on("2025-12-31")).unwrap();
    assert_eq!(&*d.policy.engine, aturan_core::ENGINE);
    assert_eq!(aturan_core::ENGINE, concat!("aturan ", env!("CARGO_PKG_VERSION")));
    let mut stored: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
    assert_eq!(stored["policy"]["engine"], json!(aturan_core::ENGINE));
    // A decision stored before decisions named their engine still reads, with none named.
    stored["policy"].as_object_mut().unwrap().remove("engine");
    let old: aturan_core::Decision = serde_json::from_value(stored).unwrap();
    assert_eq!(&*old.policy.engine, "");
    assert_eq!(old.outcomes, d.outcomes);
}

#[test]
fn parameters_can_be_overridden_and_are_checked() {
    let p = semarang();
    let mut facts = budi();
    facts["kinerja"][1] = json!({"tahun": 2025, "predikat": "sangat_baik", "nilai_skp": 95});
    let d = p.evaluate(&facts, &on("2025-12-31").param("bonus_tpp_persen", json!(12.5))).unwrap();
    let bonus = d.outcomes.iter().find(|o| o.code() == "tpp_bonus").unwrap();
    assert_eq!(bonus.params["persen"].to_string(), "12.5");
    assert_eq!(d.params["bonus_tpp_persen"].to_string(), "12.5");
    let err = p.evaluate(&facts, &on("2025-12-31").param("bonus_tpp_persn", json!(1))).unwrap_err();
    assert!(err.to_string().contains("did you mean `bonus_tpp_persen`"), "{err}");
    let err = p.evaluate(&facts, &on("2025-12-31").param("bonus_tpp_persen", json!("banyak"))).unwrap_err();
    assert_eq!(err.code(), "param");
    // Every wrong parameter at once.
    let err = p
        .evaluate(&facts, &on("2025-12-31").param("x", json!(1)).param("bonus_tpp_persen", json!("banyak")))
        .unwrap_err();
    let EvalError::Param { name, .. } = &err else { panic!("{err:?}") };
    assert_eq!(name, "x", "the first one given");
    let text = err.to_string();
    assert!(text.contains("parameter `bonus_tpp_persen`: expected") && text.contains("no parameter `x`"), "{text}");
}

#[test]
fn policy_outside_its_period_is_an_error() {
    let err = semarang().evaluate(&budi(), &on("2021-06-30")).unwrap_err();
    assert!(err.to_string().contains("not in effect"), "{err}");
}

#[test]
fn heaviest_sanction_is_imposed_and_lighter_ones_are_set_aside_with_reason() {
    let mut facts = budi();
    facts["presensi"]["alpa_hari"] = json!(5);
    facts["pelanggaran"] = json!([{"tanggal": "2025-03-02", "uraian": "x", "tingkat": "sedang"}]);
    let d = semarang().evaluate(&facts, &on("2025-12-31")).unwrap();
    let s = d.sanction().unwrap();
    assert_eq!((s.code(), s.level()), ("hukuman_disiplin_sedang", Some("sedang")));
    assert_eq!(d.set_aside.len(), 1);
    assert_eq!(d.set_aside[0].outcome.code(), "teguran_tertulis");
    assert!(d.set_aside[0].reason.contains("lighter than `hukuman_disiplin_sedang`"));
    // The JSON is flat, in a fixed order, and reads back into the same decision.
    let text = d.to_json();
    assert!(
        text.contains(r#"{"kind":"sanction","code":"hukuman_disiplin_sedang","level":"sedang","params":{},"rule":"#),
        "{text}"
    );
    assert!(text.contains(r#""set_aside":[{"kind":"sanction","code":"teguran_tertulis","level":"ringan""#), "{text}");
    assert_eq!(serde_json::from_str::<aturan_core::Decision>(&text).unwrap(), d);
}

#[test]
fn runaway_helper_is_stopped_with_its_line() {
    let p = compile(
        r#"policy "Loop" version "1"
facts { x: int }
helpers """
fn spin(x) {
    loop { x += 1; }
}
"""
helper spin(x: int) -> int
rule r "R" source "S" when spin(x) > 0 then notice n
"#,
    );
    let err = p.evaluate(&json!({"x": 1}), &on("2025-01-01")).unwrap_err();
    let EvalError::Helper { helper, line, message, .. } = &err else { panic!("{err:?}") };
    assert_eq!(helper, "spin");
    assert_eq!(*line, Some(4), "the line of `fn spin` in the policy");
    assert!(message.en.contains("operations") && message.id.contains("operasi"), "{message:?}");
}

#[test]
fn a_helpers_errors_are_said_in_indonesian_too() {
    // The errors a helper's author meets, at run time: Rhai says them in English only.
    let p = compile(
        r#"policy "Bantu" version "1"
facts { n: int }
helpers """
fn bagi(n) { 10 / (n - n) }
fn lempar(n) { throw "nilai tidak sah: " + n }
fn kedua(n) { let xs = [n]; xs[1] }
fn salah_nama(n) { n + batas }
"""
helper bagi(n: int) -> int
helper lempar(n: int) -> int
helper kedua(n: int) -> int
helper salah_nama(n: int) -> int
rule a "A" source "S" when bagi(n) > 0 then notice a
rule b "B" source "S" when lempar(n) > 0 then notice b
rule c "C" source "S" when kedua(n) > 0 then notice c
rule d "D" source "S" when salah_nama(n) > 0 then notice d
"#,
    );
    let said = [
        ("bagi", "Division by zero: 10 / 0", "pembagian dengan nol: 10 / 0"),
        ("lempar", "Runtime error: nilai tidak sah: 4", "dihentikan oleh throw: nilai tidak sah: 4"),
        (
            "kedua",
            "Array index 1 out of bounds: only 1 element in array",
            "indeks 1 di luar batas: array hanya berisi 1 elemen",
        ),
        ("salah_nama", "Variable not found: batas", "variabel tidak dikenal: batas"),
    ];
    for (i, (name, en, id)) in said.into_iter().enumerate() {
        // Each rule in turn, the others out of the way: a policy without the rules before it.
        let src = p
            .source()
            .lines()
            .filter(|l| !l.starts_with("rule ") || l.contains(&format!("{name}(n)")))
            .collect::<Vec<_>>()
            .join("\n");
        let one = compile(&src);
        let err = one.evaluate(&json!({ "n": 4 }), &on("2025-01-01")).unwrap_err();
        let EvalError::Helper { helper, message, line, .. } = &err else { panic!("{err:?}") };
        assert_eq!((helper.as_str(), message.en.as_str(), message.id.as_str()), (name, en, id));
        assert_eq!(*line, Some(4 + i), "{name}");
    }
    // A syntax error in the script, in both languages.
    let err =
        Policy::compile("policy \"a\" version \"1\"\nfacts { n: int }\nhelpers \"\"\"\nfn var(n) { n }\n\"\"\"\n")
            .expect_err("a reserved word as a function's name");
    let d = &err.diagnostics[0];
    assert_eq!(d.message.en, "helper script: 'var' is a reserved keyword");
    assert_eq!(d.message.id, "skrip fungsi bantu: 'var' adalah kata yang dicadangkan Rhai (pakai nama lain)");
    // A stray `;`, a keyword where a variable's name goes: in Indonesian too.
    for (script, id) in [
        ("fn f(n) { let x = ; n }", "skrip fungsi bantu: ';' tidak diharapkan di sini"),
        ("fn f(n) { let fn = 2; n }", "skrip fungsi bantu: seharusnya nama variabel"),
    ] {
        let src = format!("policy \"a\" version \"1\"\nfacts {{ n: int }}\nhelpers \"\"\"\n{script}\n\"\"\"\n");
        let err = Policy::compile(&src).expect_err(script);
        assert!(err.diagnostics[0].message.id.starts_with(id), "{script}: {}", err.diagnostics[0].message.id);
    }
    // A function Rhai does not have, with its argument types in the policy's type words.
    let p = compile(
        "policy \"a\" version \"1\"\nfacts { n: int }\nhelpers \"\"\"\nfn f(n) { zzz(n, \"x\") }\n\"\"\"\n\
         helper f(n: int) -> int\nrule r \"R\" source \"S\" when f(n) > 0 then notice x\n",
    );
    let err = p.evaluate(&json!({ "n": 4 }), &on("2025-01-01")).unwrap_err();
    assert!(err.message(Lang::Id).ends_with("fungsi tidak ditemukan: zzz (bulat, teks)"), "{}", err.message(Lang::Id));
    assert!(err.message(Lang::En).ends_with("Function not found: zzz (int, text)"), "{}", err.message(Lang::En));
}

#[test]
fn a_helper_slow_within_its_operations_is_stopped_by_the_time_limit() {
    // `contains` over a long array is one operation: the operation limit alone would let this
    // run for many minutes.
    let p = compile(include_str!("../../tests/fixtures/slow-helper.aturan"));
    assert_eq!(on("2025-01-01").helper_time, std::time::Duration::from_secs(2), "the default");
    let short = on("2025-01-01").helper_time(std::time::Duration::from_millis(300));
    let err = p.evaluate(&json!({"x": 1}), &short).unwrap_err();
    let EvalError::Helper { helper, line, message, .. } = &err else { panic!("{err:?}") };
    assert_eq!(helper, "slow");
    assert!(line.is_some_and(|l| (4..=10).contains(&l)), "{line:?}");
    assert!(
        message.en.contains("ran for more than 0.3 s") && message.id.contains("lebih dari 0.3 detik"),
        "{message:?}"
    );
    // The next evaluation has its own time again: a quick helper is not stopped.
    let quick = compile(
        r#"policy "Quick" version "1"
facts { x: int }
helpers """ fn twice(x) { x * 2 } """
helper twice(x: int) -> int
rule r "R" source "S" when twice(x) > 0 then notice n
"#,
    );
    assert!(quick.evaluate(&json!({"x": 1}), &on("2025-01-01")).is_ok());
}

#[test]
fn a_helper_declared_with_other_parameters_than_its_function_says_so() {
    let err = Policy::compile(
        r#"policy "H" version "1"
facts { x: int }
helpers """ fn f(x, y) { x + y } """
helper f(x: int) -> int
rule r "R" source "S" when f(x) > 0 then notice n
"#,
    )
    .expect_err("refused");
    let text = err.render(Lang::En);
    assert!(text.contains("helper `f` is declared with 1 parameter(s), but the script's `fn f` takes 2"), "{text}");
    assert!(err.render(Lang::Id).contains("`fn f` dalam skrip menerima 2"));
}

#[test]
fn a_helper_named_like_a_built_in_or_given_a_decimal_for_an_int_is_refused() {
    let compile_err = |src: &str| Policy::compile(src).expect_err("refused").diagnostics[0].clone();
    let named = compile_err(
        r#"policy "H" version "1"
facts { x: int }
helpers """ fn tahun(d) { 1999 } """
helper tahun(d: date) -> int
rule r "R" source "S" when tahun(as_of) > 0 then notice n
"#,
    );
    assert_eq!(named.code, "reserved");
    assert!(named.message.en.contains("it is the built-in function `year` (`tahun`)"), "{}", named.message.en);
    let narrowed = compile_err(
        r#"policy "H" version "1"
facts { d: decimal }
helpers """ fn f(x) { x } """
helper f(x: int) -> int
rule r "R" source "S" when f(d) > 1 then notice n
"#,
    );
    assert_eq!((narrowed.code, narrowed.message.en.as_str()), ("type-mismatch", "expected int, found decimal"));
}

#[test]
fn a_statement_outside_the_helper_functions_is_an_error_at_it() {
    let src = |script: &str| {
        format!(
            "policy \"H\" version \"1\"\nfacts {{ n: int }}\nhelpers \"\"\"\n{script}\n\"\"\"\nhelper f(x: int) -> int\nrule r \"R\" source \"S\" when f(n) > 1 then notice n\n"
        )
    };
    for (script, line) in [("// batas\nlet z = 5;\nfn f(x) { x + z }", 5), ("fn f(x) { x }\nloop { }", 5)] {
        let err = Policy::compile(&src(script)).expect_err(script);
        assert_eq!(err.diagnostics.len(), 1, "{script}");
        assert_eq!(err.diagnostics[0].code, "helper");
        let shown = err.render(Lang::En);
        assert!(
            shown.contains("this statement is outside every `fn`") && shown.contains(&format!(":{line}:1")),
            "{shown}"
        );
    }
    compile(&src("// komentar\nfn batas() { 5 }\nfn f(x) { x + batas() }"));
}

#[test]
fn a_helper_error_points_at_its_character_after_other_text_on_the_line() {
    // Rhai counts characters: a compile error after `"éé"` is at the `;`, not two bytes before it.
    for text in ["ab", "éé", "😀😀"] {
        let src = format!(
            "policy \"a\" version \"1\"\nfacts {{ n: int }}\nhelpers \"\"\"\nfn f(n) {{ \"{text}\" + ; }}\n\"\"\"\nhelper f(n: int) -> int\nrule r \"r\" source \"s\" when f(n) > 0 then notice x\n"
        );
        let err = Policy::compile(&src).expect_err("a syntax error in the script");
        let span = err.diagnostics[0].span;
        assert_eq!(src.get(span.start..span.end), Some(";"), "{text}");
    }
    // A script that starts on the `helpers """` line: a runtime error's column is the policy's.
    let p = compile(
        "policy \"a\" version \"1\"\nfacts { n: int }\nhelpers \"\"\"fn f(n) { n / 0 }\"\"\"\nhelper f(n: int) -> int\nrule r \"r\" source \"s\" when f(n) > 0 then notice x\n",
    );
    let err = p.evaluate(&json!({ "n": 1 }), &on("2025-01-01")).unwrap_err();
    let EvalError::Helper { line, column, .. } = &err else { panic!("{err:?}") };
    assert_eq!((*line, *column), (Some(3), Some(24)));
}

#[test]
fn a_helper_file_must_be_beside_the_policy() {
    for name in ["/etc/passwd", "../secrets.rhai", "lib/../../x.rhai", "C:\\x.rhai"] {
        let source = format!(
            "policy \"H\" version \"1\"\nfacts {{ x: int }}\nhelpers \"{}\"\nhelper f(x: int) -> int\nrule r \"R\" source \"S\" when f(x) > 0 then notice n\n",
            name.replace('\\', "\\\\")
        );
        let err = Policy::compile_with(&source, "p.aturan", &|n: &str| -> Result<String, String> {
            panic!("{n} must not be read")
        })
        .expect_err("refused");
        assert_eq!(err.diagnostics[0].code, "helper-file", "{name}");
        assert!(err.render(Lang::En).contains("is not beside the policy"), "{name}");
    }
    // A file in a folder beside the policy is read.
    let ok = Policy::compile_with(
        "policy \"H\" version \"1\"\nfacts { x: int }\nhelpers \"lib/f.rhai\"\nhelper f(x: int) -> int\nrule r \"R\" source \"S\" when f(x) > 0 then notice n\n",
        "p.aturan",
        &|n: &str| if n == "lib/f.rhai" { Ok("fn f(x) { x }".into()) } else { Err(n.into()) },
    );
    assert!(ok.is_ok());
}

#[test]
fn a_helper_file_is_read_once_and_the_hash_is_of_the_text_that_runs() {
    let src = "policy \"H\" version \"1\"\nfacts { a: int }\nhelpers \"h.rhai\"\nhelper f(x: int) -> int\nrule r \"R\" source \"S\" when f(a) > 1 then notice n(v: f(a))\n";
    // A file that changes between reads (saved while the policy loads).
    let reads = std::cell::Cell::new(0);
    let changing = |_: &str| -> Result<String, String> {
        reads.set(reads.get() + 1);
        Ok(if reads.get() == 1 { "fn f(x) { x + 1 }" } else { "fn f(x) { x + 100 }" }.into())
    };
    let p = Policy::compile_with(src, "p.aturan", &changing).unwrap();
    assert_eq!(reads.get(), 1);
    let first = Policy::compile_with(src, "p.aturan", &|_: &str| Ok("fn f(x) { x + 1 }".into())).unwrap();
    assert_eq!(p.info().source_hash, first.info().source_hash);
    let d = p.evaluate(&json!({ "a": 5 }), &on("2025-01-01")).unwrap();
    assert_eq!(d.outcomes[0].params["v"], json!(6));
}

/// From a file, a helper file is a plain file inside the policy's folder: a link to a file
/// elsewhere, and a named pipe (which would wait for a writer forever), are refused.
#[cfg(unix)]
#[test]
fn a_helper_file_read_from_disk_is_a_plain_file_inside_the_policys_folder() {
    let root = Scratch::new("helper-files");
    let dir = root.join("policy");
    std::fs::create_dir_all(dir.join("lib")).unwrap();
    std::fs::write(root.join("elsewhere.rhai"), "fn f(x) { x }").unwrap();
    std::fs::write(dir.join("lib/f.rhai"), "fn f(x) { x }").unwrap();
    std::os::unix::fs::symlink(root.join("elsewhere.rhai"), dir.join("out.rhai")).unwrap();
    std::os::unix::fs::symlink(dir.join("lib/f.rhai"), dir.join("in.rhai")).unwrap();
    let fifo = dir.join("pipe.rhai");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
    let policy = |helpers: &str| {
        let path = dir.join(format!("{}.aturan", helpers.replace(['/', '.'], "_")));
        std::fs::write(
            &path,
            format!("policy \"H\" version \"1\"\nfacts {{ x: int }}\nhelpers \"{helpers}\"\nhelper f(x: int) -> int\nrule r \"R\" source \"S\" when f(x) > 0 then notice n\n"),
        )
        .unwrap();
        Policy::from_file(&path)
    };
    assert!(policy("lib/f.rhai").is_ok());
    assert!(policy("in.rhai").is_ok(), "a link to a file inside the folder is read");
    let shown = |e: LoadError| e.to_string();
    let out = shown(policy("out.rhai").expect_err("a link out of the folder"));
    assert!(out.contains("a link to a file outside the policy's folder"), "{out}");
    let folder = shown(policy("lib").expect_err("a folder"));
    assert!(folder.contains("it is a folder, not a file"), "{folder}");
    if made {
        let pipe = shown(policy("pipe.rhai").expect_err("a named pipe"));
        assert!(pipe.contains("not a plain file"), "{pipe}");
    }
}

#[test]
fn helper_result_of_the_wrong_type_is_an_error() {
    let p = compile(
        r#"policy "H" version "1"
facts { x: int }
helpers """ fn f(x) { "teks" } """
helper f(x: int) -> int
rule r "R" source "S" when f(x) > 0 then notice n
"#,
    );
    let err = p.evaluate(&json!({"x": 1}), &on("2025-01-01")).unwrap_err();
    assert!(err.to_string().contains("returned `teks` (text), but it is declared to return int"), "{err}");
    // In the policy's type words in Indonesian too, not Rhai's (`i64`).
    let date = compile(
        "policy \"H\" version \"1\"\nfacts { x: int }\nhelpers \"\"\" fn f(x) { 2027 } \"\"\"\n\
         helper f(x: int) -> date\nrule r \"R\" source \"S\" when f(x) > as_of then notice n\n",
    );
    let EvalError::Helper { message, .. } = date.evaluate(&json!({"x": 1}), &on("2025-01-01")).unwrap_err() else {
        panic!("a helper error")
    };
    assert!(
        message.id.contains("menghasilkan `2027` (bulat), padahal dideklarasikan menghasilkan tanggal"),
        "{message:?}"
    );
    // Pointed at the function's definition in the policy.
    let EvalError::Helper { line, .. } = &err else { panic!("{err:?}") };
    assert_eq!(*line, Some(3));
}

#[test]
fn helpers_cannot_load_modules_or_eval() {
    let e = Policy::compile(
        r#"policy "H" version "1"
facts { x: int }
helpers """ fn f(x) { eval("1") } """
helper f(x: int) -> int
rule r "R" source "S" when f(x) > 0 then notice n
"#,
    );
    assert!(e.is_err());
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("policy \"D\" facts {{ x: int }} let y = {}x{}", "(".repeat(10_000), ")".repeat(10_000));
    let err = Policy::compile(&deep).expect_err("refused");
    assert_eq!(err.diagnostics[0].code, "too-deep");
    let negs = format!("policy \"D\" facts {{ x: int }} let y = {}x", "- ".repeat(10_000));
    assert!(Policy::compile(&negs).is_err());
}

#[test]
fn huge_facts_are_handled() {
    let p = semarang();
    let mut facts = budi();
    facts["pelatihan"] = json!((0..50_000).map(|i| json!({"tahun": 2025, "jp": i % 3})).collect::<Vec<_>>());
    let d = p.evaluate(&facts, &on("2025-12-31")).unwrap();
    assert!(!d.outcomes.iter().any(|o| o.code() == "kurang_jp"));
}

#[test]
fn a_long_list_of_items_missing_a_field_lists_the_first_twenty_paths() {
    // 100,000 items (the most a list may hold), each without the field the rule reads: the
    // outcome is undetermined, naming the first 20 (this once took minutes, growing with the
    // square of the list).
    let p = compile(
        "policy \"L\" enum R ordered { poor, good }\n\
         facts { skp: list of { rating: optional R } }\n\
         rule r \"r\" source \"s\" when any(s in skp where s.rating >= \"good\") then notice r\n",
    );
    let facts = json!({ "skp": (0..100_000).map(|_| json!({})).collect::<Vec<_>>() });
    let d = p.evaluate(&facts, &on("2025-12-31").explain(true)).unwrap();
    let missing = &d.undetermined[0].missing;
    assert_eq!(missing.len(), aturan_core::MAX_MISSING);
    assert_eq!((missing[0].as_str(), missing[19].as_str()), ("skp[0].rating", "skp[19].rating"));
}

#[test]
fn a_field_missing_from_the_item_a_first_let_took_is_named_by_its_place_in_the_facts() {
    // Not `kinerja_ini.nilai_skp`, a name of the policy's: the HR system sends `kinerja[1]`.
    let p = compile(
        "policy \"K\" facts { kinerja: list of { tahun: int, nilai_skp: optional decimal } }\n\
         let kinerja_ini = first(kinerja where tahun == year(as_of))\n\
         rule r \"r\" source \"s\" when kinerja_ini.nilai_skp >= 90 then reward tpp\n",
    );
    let facts = json!({ "kinerja": [{ "tahun": 2024, "nilai_skp": 91 }, { "tahun": 2025 }] });
    let d = p.evaluate(&facts, &on("2025-12-31").explain(true)).unwrap();
    assert_eq!(d.undetermined[0].missing, ["kinerja[1].nilai_skp"]);
    let trace = d.explanation.unwrap();
    assert_eq!(trace[0].conditions[0].missing, ["kinerja[1].nilai_skp"]);
    // Two items alike: the first, the one `first` took.
    let facts = json!({ "kinerja": [{ "tahun": 2025 }, { "tahun": 2025 }] });
    assert_eq!(p.evaluate(&facts, &on("2025-12-31")).unwrap().undetermined[0].missing, ["kinerja[0].nilai_skp"]);
}

#[test]
fn membership_in_a_list_with_a_missing_item_is_unknown_unless_a_known_item_matches() {
    let p = compile(
        "policy \"I\" facts { a: optional int\n b: int }\n\
         rule m2 \"in\" source \"s\" when b in [a, 2] then notice inl\n\
         rule m3 \"not in\" source \"s\" when b not in [a, 2] then notice notin\n",
    );
    let d = p.evaluate(&json!({"b": 1}), &on("2025-01-01")).unwrap();
    assert!(d.outcomes.is_empty(), "{:?}", d.outcomes);
    let codes: Vec<&str> = d.undetermined.iter().map(|u| &*u.code).collect();
    assert_eq!(codes, ["inl", "notin"]);
    assert_eq!(d.undetermined[0].missing, ["a"]);
    let d = p.evaluate(&json!({"b": 2}), &on("2025-01-01")).unwrap();
    assert_eq!((d.outcomes.len(), d.outcomes[0].code()), (1, "inl"));
    let d = p.evaluate(&json!({"a": 5, "b": 1}), &on("2025-01-01")).unwrap();
    assert_eq!((d.outcomes.len(), d.outcomes[0].code()), (1, "notin"));
}

#[test]
fn absent_and_otherwise_are_for_absence_not_for_values_that_depend_on_missing_facts() {
    let p = compile(
        r#"policy "A" version "1"
facts { kinerja: list of { tahun: optional int, nilai_skp: decimal }
        x: optional int }
let skp = first(kinerja where tahun == 2025).nilai_skp
rule belum "B" source "S" when skp is absent then notice skp_belum_ada
rule tpp "T" source "S" when (skp otherwise 0) < 60 then reward tpp(persen: 0)
rule n "N" source "S" when (count(kinerja where tahun == 2025) otherwise 0) == 0 then notice tidak_ada_2025
rule xa "X" source "S" when (x otherwise 5) == 5 then notice x_default
"#,
    );
    let decide = |facts: serde_json::Value| given_and_open(&p.evaluate(&facts, &on("2025-12-31")).unwrap());
    // An item whose year is missing may be the 2025 one, with its 95: nothing is decided by it.
    let (given, open) = decide(json!({"kinerja": [{"tahun": null, "nilai_skp": 95}]}));
    assert_eq!(given, ["x_default"]);
    assert_eq!(open, ["tpp", "skp_belum_ada", "tidak_ada_2025"]);
    // No 2025 item: the score is absent, and the defaults count.
    let (given, open) = decide(json!({"kinerja": [{"tahun": 2024, "nilai_skp": 95}], "x": 5}));
    assert_eq!(given, ["tpp", "skp_belum_ada", "tidak_ada_2025", "x_default"]);
    assert!(open.is_empty());
    // No list at all: absent too (count(list) otherwise 0 reads a missing list as none).
    let (given, _) = decide(json!({}));
    assert_eq!(given, ["tpp", "skp_belum_ada", "tidak_ada_2025", "x_default"]);
}

#[test]
fn a_first_hit_row_is_known_when_every_undetermined_row_above_gives_the_same_outcome() {
    let table = |first: &str| {
        compile(&format!(
            "policy \"T\" version \"1\"\nfacts {{ a: optional int\n b: optional int }}\n\
             decision table t \"T\" source \"S\" hit first\n\
             | a | b | hasil |\n| >= 1 | - | {first} |\n| - | >= 1 | reward tpp(p: 10) |\n"
        ))
    };
    let decide = |p: &Policy| p.evaluate(&json!({"b": 1}), &on("2025-01-01")).unwrap();
    // Row 1 might match (a is missing); either way the employee gets tpp 10.
    let d = decide(&table("reward tpp(p: 10)"));
    assert_eq!((d.outcomes.len(), d.undetermined.len()), (1, 0), "{:?}", d.undetermined);
    assert_eq!(d.outcomes[0].params["p"], 10);
    // Another amount, or nothing, above: not decided.
    for other in ["reward tpp(p: 20)", "none"] {
        let d = decide(&table(other));
        assert!(d.outcomes.is_empty(), "{other}");
        assert_eq!(d.undetermined[0].missing, ["a"], "{other}");
    }
}

#[test]
fn an_overflow_in_a_sum_names_the_sum() {
    let p = compile(
        "policy \"O\" facts { xs: list of { v: int } } rule r \"R\" source \"S\" when sum(xs.v) > 0 then notice n",
    );
    let err = p.evaluate(&json!({"xs": [{"v": i64::MAX}, {"v": 1}]}), &on("2025-01-01")).unwrap_err();
    assert!(err.to_string().contains("arithmetic overflow in `sum(xs.v)`"), "{err}");
}

#[test]
fn division_by_zero_is_an_error_naming_the_expression() {
    let p = compile("policy \"Z\" facts { a: int, b: int } rule r \"R\" source \"S\" when a / b > 1 then notice n");
    let err = p.evaluate(&json!({"a": 1, "b": 0}), &on("2025-01-01")).unwrap_err();
    assert!(err.to_string().contains("division by zero in `a / b` (line 1, column 64)"), "{err}");
    // The place is data too, for a caller that points at the policy.
    let json = err.to_json(Lang::En);
    assert_eq!(
        (json["code"].as_str(), json["line"].as_u64(), json["column"].as_u64()),
        (Some("limit"), Some(1), Some(64))
    );
}

#[test]
fn rules_in_effect_only_in_their_period() {
    let p = compile(
        "policy \"P\" facts { a: int }
         rule lama \"Lama\" source \"S\" effective until 2023-12-31 when a > 0 then notice lama
         rule baru \"Baru\" source \"S\" effective from 2024-01-01 when a > 0 then notice baru",
    );
    let d = p.evaluate(&json!({"a": 1}), &on("2025-01-01").explain(true)).unwrap();
    let codes: Vec<&str> = d.outcomes.iter().map(|o| o.code()).collect();
    assert_eq!(codes, ["baru"]);
    // The explanation tells a rule out of its period from one whose conditions fail, as data.
    let traces = d.explanation.as_ref().unwrap();
    assert_eq!((traces[0].in_effect, traces[1].in_effect), (false, true));
    let json: serde_json::Value = serde_json::from_str(&d.to_json()).unwrap();
    assert_eq!(json["explanation"][0]["in_effect"], false);
    assert!(json["explanation"][1].get("in_effect").is_none());
    // Both dates of a period belong to it.
    let codes = |date: &str| -> Vec<String> {
        p.evaluate(&json!({"a": 1}), &on(date)).unwrap().outcomes.iter().map(|o| o.code().to_string()).collect()
    };
    assert_eq!(codes("2023-12-31"), ["lama"]);
    assert_eq!(codes("2024-01-01"), ["baru"]);
}

#[test]
fn exact_decimals() {
    let p = compile(
        "policy \"P\" facts { s: decimal } rule r \"R\" source \"S\" when s < 90 then notice below(by: 90 - s)",
    );
    let d = p.evaluate(&json!({"s": 89.995}), &on("2025-01-01")).unwrap();
    assert_eq!(d.outcomes[0].params["by"].to_string(), "0.005");
    let d = p.evaluate(&json!({"s": "89.9999999999999999999"}), &on("2025-01-01")).unwrap();
    assert_eq!(d.outcomes[0].params["by"].to_string(), "0.0000000000000000001");
}

#[test]
fn a_cycle_through_outcomes_names_the_rules() {
    let err = Policy::compile(
        "policy \"C\" facts { a: int }
         rule x \"X\" source \"S\" when not notice y then notice x
         rule y \"Y\" source \"S\" when a > 1 and not notice z then notice y
         rule z \"Z\" source \"S\" when notice x then notice z",
    )
    .err()
    .unwrap();
    let cycles: Vec<_> = err.diagnostics.iter().filter(|d| d.code == "cycle").collect();
    assert_eq!(cycles.len(), 1, "{}", err.render(Lang::En));
    assert!(cycles[0].message.en.contains("`x` → `y` → `z` → `x`"), "{}", cycles[0].message.en);
}

#[test]
fn a_parameter_or_let_named_like_a_fact_is_refused_not_read_instead_of_it() {
    // Read in place of the fact, `n` would ignore every employee's value.
    for decl in ["param n: int = 5", "let n = 5", "parameter as_of: int = 1"] {
        let src =
            format!("policy \"D\" facts {{ n: int }} {decl} rule a \"A\" source \"S\" when n > 4 then notice a(n: n)");
        let err = Policy::compile(&src).err().unwrap_or_else(|| panic!("{decl}: compiled"));
        let d = &err.diagnostics[0];
        assert_eq!(d.code, "duplicate", "{decl}");
        assert!(d.message.en.contains("is already declared as"), "{}", d.message.en);
        assert!(d.help.as_ref().unwrap().id.contains("beri"), "{decl}");
    }
    // A fact named like the evaluation date would never be read (the name is the date): refused
    // at the top level, where a condition names it; a record's field of that name is read as `r.as_of`.
    for name in ["as_of", "per_tanggal"] {
        let src = format!(
            "policy \"D\" facts {{ {name}: date }} rule a \"A\" source \"S\" when {name} >= 2025-01-01 then notice a"
        );
        let err = Policy::compile(&src).err().unwrap_or_else(|| panic!("fact {name}: compiled"));
        assert_eq!(err.diagnostics[0].code, "duplicate", "{name}");
        assert!(err.diagnostics[0].message.en.contains("is the evaluation date"), "{}", err.render(Lang::En));
    }
    let p = compile(
        "policy \"D\" facts { r: { as_of: date } } rule a \"A\" source \"S\" when r.as_of < as_of then notice a",
    );
    let d = p.evaluate(&json!({"r": {"as_of": "2020-01-01"}}), &on("2025-01-01")).unwrap();
    assert_eq!(given_and_open(&d).0, ["a"]);
    // A field of an item may share a name with a top-level fact: inside `where` the item's is meant.
    let p = compile(
        "policy \"D\" facts { tahun: int  kinerja: list of { tahun: int } }
         rule a \"A\" source \"S\" when count(kinerja where tahun == 2025) > 0 then notice a",
    );
    let d = p.evaluate(&json!({"tahun": 2024, "kinerja": [{"tahun": 2025}]}), &on("2025-01-01")).unwrap();
    assert_eq!(given_and_open(&d).0, ["a"]);
}

#[test]
fn values_defined_in_terms_of_each_other_name_the_cycle() {
    let err = Policy::compile(
        "policy \"C\" facts { a: int } let p = q + 1 let q = r + 1 let r = p + 1 let s = s + a
         rule x \"X\" source \"S\" when p > 1 and s > 1 then notice x",
    )
    .err()
    .unwrap();
    let cycles: Vec<&str> =
        err.diagnostics.iter().filter(|d| d.code == "cycle").map(|d| d.message.en.as_str()).collect();
    assert_eq!(
        cycles,
        [
            "values are defined in terms of each other in a cycle: `p` → `q` → `r` → `p`",
            "`s` is defined in terms of itself"
        ]
    );
    assert!(err.render(Lang::Id).contains("nilai saling didefinisikan dalam siklus: `p` → `q` → `r` → `p`"));
}

#[test]
fn reading_an_outcome_no_rule_gives_is_an_error() {
    let err = Policy::compile("policy \"C\" facts { a: int } rule x \"X\" source \"S\" when reward tpp then notice x rule t \"T\" source \"S\" when a > 1 then reward tp")
        .err()
        .unwrap();
    assert_eq!(err.diagnostics[0].code, "unknown-outcome");
    assert!(err.render(Lang::En).contains("did you mean `tp`?"));
}

#[test]
fn long_operator_chains_and_let_chains_are_errors_not_crashes() {
    let chain = format!(
        "policy \"L\" facts {{ a: int }} rule r \"R\" source \"S\" when {} then notice n",
        vec!["a > 1"; 10_000].join(" and ")
    );
    assert_eq!(Policy::compile(&chain).err().unwrap().diagnostics[0].code, "too-deep");
    let nots = format!("policy \"L\" facts {{ a: bool }} let x = {}a", "not ".repeat(100_000));
    assert_eq!(Policy::compile(&nots).err().unwrap().diagnostics[0].code, "too-deep");
    let mut lets = String::from("policy \"L\" facts { a: int }\n");
    for i in (1..5000).rev() {
        lets.push_str(&format!("let v{i} = v{} + 1\n", i - 1));
    }
    lets.push_str("let v0 = a\n");
    assert!(Policy::compile(&lets).err().unwrap().diagnostics.iter().any(|d| d.code == "too-deep"));
    // At the limits, checking and evaluating stay within a test thread's stack (2 MiB).
    let mut deep = String::from("policy \"L\" facts { a: int }\nlet v0 = a\n");
    for i in 1..=15 {
        deep.push_str(&format!("let v{i} = v{} + {}\n", i - 1, ["a"; 4].join(" + ")));
    }
    let at_limit =
        format!("{deep}rule r \"R\" source \"S\" when v15 + ({}) > 1 then notice n\n", vec!["a"; 15].join(" + "));
    let over =
        format!("{deep}rule r \"R\" source \"S\" when v15 + ({}) > 1 then notice n\n", vec!["a"; 110].join(" + "));
    assert_eq!(Policy::compile(&over).err().unwrap().diagnostics[0].code, "too-deep");
    let deep = at_limit;
    let d = compile(&deep).evaluate(&json!({"a": 1}), &on("2025-01-01")).unwrap();
    assert_eq!(d.outcomes.len(), 1);
    // Within the limits, a long but reasonable expression still works.
    let ok = format!(
        "policy \"L\" facts {{ a: int }} rule r \"R\" source \"S\" when {} then notice n",
        vec!["a > 1"; 40].join(" and ")
    );
    let d = compile(&ok).evaluate(&json!({"a": 2}), &on("2025-01-01")).unwrap();
    assert_eq!(d.outcomes.len(), 1);
}

#[test]
fn helpers_in_a_file_beside_the_policy() {
    let dir = Scratch::new("helpers");
    std::fs::write(
        dir.join("bantu.rhai"),
        "fn dua_kali(x) {\n    x * 2\n}\nfn gagal(x) {\n    throw \"tidak boleh\";\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("p.aturan"),
        "policy \"H\" facts { x: decimal }\nhelpers \"bantu.rhai\"\nhelper dua_kali(x: decimal) -> decimal\nhelper gagal(x: decimal) -> decimal\nrule r \"R\" source \"S\" when dua_kali(x) > 3 then notice n(nilai: dua_kali(x))\nrule g \"G\" source \"S\" when x > 100 and gagal(x) > 1 then notice g\n",
    )
    .unwrap();
    let p = Policy::from_file(dir.join("p.aturan")).unwrap();
    let d = p.evaluate(&json!({"x": 1.75}), &on("2025-01-01")).unwrap();
    assert_eq!(d.outcomes[0].params["nilai"].to_string(), "3.5");
    let err = p.evaluate(&json!({"x": 101}), &on("2025-01-01")).unwrap_err();
    let EvalError::Helper { helper, line, message, .. } = &err else { panic!("{err:?}") };
    assert_eq!((helper.as_str(), *line), ("gagal", Some(5)));
    assert!(message.en.contains("tidak boleh") && message.en.contains("bantu.rhai"), "{message:?}");
    assert!(!message.en.contains("(line "), "the line is given once, counted in the policy: {message:?}");
    assert!(message.id.contains("(dalam bantu.rhai)"), "{message:?}");
}

#[test]
fn collect_tables_give_every_matching_row() {
    let p = compile(
        "policy \"T\" facts { a: int, b: int }
         decision table t \"T\" source \"S\" hit collect
         | a    | b    | outcome         |
         | > 0  | -    | notice positif  |
         | -    | > 0  | notice b_positif |
         | < 0  | -    | notice negatif  |",
    );
    let d = p.evaluate(&json!({"a": 1, "b": 1}), &on("2025-01-01")).unwrap();
    let codes: Vec<&str> = d.outcomes.iter().map(|o| o.code()).collect();
    assert_eq!(codes, ["positif", "b_positif"]);
    let d = p.evaluate(&json!({"b": 1}), &on("2025-01-01")).unwrap();
    let undetermined: Vec<&str> = d.undetermined.iter().map(|o| &*o.code).collect();
    assert_eq!(undetermined, ["positif", "negatif"]);
}

#[test]
fn prepared_facts_give_the_same_decisions_on_any_date() {
    let p = semarang();
    let facts = p.prepare(&budi()).unwrap();
    for date in ["2025-12-31", "2026-10-01", "2030-01-01"] {
        let opts = on(date).explain(true);
        assert_eq!(
            p.evaluate_prepared(&facts, &opts).unwrap().to_json(),
            p.evaluate(&budi(), &opts).unwrap().to_json()
        );
    }
    // Facts prepared for a policy with other declared facts are refused, not misread.
    let other = compile("policy \"O\" facts { x: int } rule r \"R\" source \"S\" when x > 1 then notice n");
    let err = other.evaluate_prepared(&facts, &on("2025-12-31")).unwrap_err();
    assert_eq!(err.code(), "option");
    let mut wrong = budi();
    wrong["golongan"] = json!("III/z");
    assert!(matches!(p.prepare(&wrong), Err(EvalError::Facts(_))));
}

/// A source that hands the engine typed values (integers, exact decimals, dates) instead of JSON
/// text, the way a columnar source does.
#[derive(Clone, Copy)]
struct Typed<'a>(&'a serde_json::Value);

impl aturan_core::FactSource for Typed<'_> {
    fn fact(&self) -> aturan_core::Fact<'_> {
        use aturan_core::Fact;
        use std::str::FromStr;
        match self.0 {
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Fact::Int(i),
                None => Fact::Decimal(rust_decimal::Decimal::from_str(n.as_str()).unwrap()),
            },
            serde_json::Value::String(s) => match aturan_core::parse_iso_date(s) {
                Some(d) => Fact::Date(d),
                _ => aturan_core::json_fact(self.0),
            },
            other => aturan_core::json_fact(other),
        }
    }

    fn fields(&self, def: &aturan_core::RecordDef, each: &mut dyn FnMut(usize, Self)) {
        self.0.fields(def, &mut |i, v| each(i, Typed(v)));
    }

    fn items(&self, each: &mut dyn FnMut(usize, Self)) {
        self.0.items(&mut |i, v| each(i, Typed(v)));
    }
}

#[test]
fn facts_from_another_source_decide_and_fail_as_the_same_json() {
    let policy = semarang();
    let employees: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/semarang/employees.json")).unwrap(),
    )
    .unwrap();
    let opts = on("2025-12-31").explain(true);
    for e in &employees {
        let from_json = policy.evaluate(e, &opts).unwrap();
        let typed = policy.evaluate_from(Typed(e), &opts).unwrap();
        assert_eq!(typed.to_json(), from_json.to_json());
        let prepared = policy.prepare_from(Typed(e)).unwrap();
        assert_eq!(policy.evaluate_prepared(&prepared, &opts).unwrap().to_json(), from_json.to_json());
    }
    let mut wrong = budi();
    wrong["golongan"] = json!("III/z");
    wrong["presensi"]["alpa_hari"] = json!(-2);
    wrong["kinerja"][1]["nilai_skp"] = json!("tinggi");
    let (Err(EvalError::Facts(a)), Err(EvalError::Facts(b))) =
        (policy.evaluate(&wrong, &opts), policy.evaluate_from(Typed(&wrong), &opts))
    else {
        panic!("both must refuse the facts");
    };
    assert_eq!(a, b);
    assert_eq!(a.len(), 3);
}

#[test]
fn aggregate_filters_work_out_item_independent_parts_once_and_nested_items_per_item() {
    // `batas + 1` does not depend on the item, the inner `count` reads the outer item `u`, and
    // `100 / d` fails only when an item reaches it: each must behave as written.
    let p = compile(
        "policy \"Agg\"
         facts { batas: int, d: int, unit: list of { kode: int, anggota: list of { kode: int } }, xs: list of { v: int } }
         rule diatas \"Di atas batas\" source \"S\" when count(xs where v > batas + 1) >= 2 then notice diatas
         rule cocok \"Cocok\" source \"S\"
             when count(u in unit where count(a in u.anggota where a.kode == u.kode) > 0) == 1
             then notice cocok
         rule bagi \"Bagi\" source \"S\" when any(xs where v > 100 / d) then notice bagi",
    );
    let facts = |xs: serde_json::Value, d: i64| {
        json!({
            "batas": 3, "d": d, "xs": xs,
            "unit": [{"kode": 1, "anggota": [{"kode": 2}]}, {"kode": 2, "anggota": [{"kode": 2}]}]
        })
    };
    let codes = |d: &aturan_core::Decision| d.outcomes.iter().map(|o| o.code().to_string()).collect::<Vec<_>>();
    let d = p.evaluate(&facts(json!([{"v": 5}, {"v": 4}, {"v": 9}]), 1), &on("2025-01-01")).unwrap();
    assert_eq!(codes(&d), ["diatas", "cocok"]);
    let d = p.evaluate(&facts(json!([{"v": 4}, {"v": 5}]), 1), &on("2025-01-01")).unwrap();
    assert_eq!(codes(&d), ["cocok"]);
    // No items: `100 / d` is never reached, so `d = 0` is no error.
    let d = p.evaluate(&facts(json!([]), 0), &on("2025-01-01")).unwrap();
    assert_eq!(codes(&d), ["cocok"]);
    let err = p.evaluate(&facts(json!([{"v": 1}]), 0), &on("2025-01-01")).unwrap_err();
    assert!(err.to_string().contains("division by zero in `100 / d`"), "{err}");
}

#[test]
fn an_aggregate_item_whose_value_is_false_is_still_an_item() {
    let p = compile(
        "policy \"Flags\"
         facts { items: list of { kode: int, ok: bool } }
         rule pertama \"Pertama\" source \"S\" when first(x.ok for x in items where x.kode == 2) == false then notice pertama
         rule semua \"Semua\" source \"S\" when all(x in items where x.kode > 0) then notice semua
         rule banyak \"Banyak\" source \"S\" when count(items where ok == false) == 1 then notice banyak",
    );
    let d =
        p.evaluate(&json!({"items": [{"kode": 1, "ok": true}, {"kode": 2, "ok": false}]}), &on("2025-01-01")).unwrap();
    let codes: Vec<&str> = d.outcomes.iter().map(|o| o.code()).collect();
    assert_eq!(codes, ["pertama", "semua", "banyak"]);
    assert!(d.undetermined.is_empty(), "{:?}", d.undetermined);
}

#[test]
fn worked_out_outcome_parameters_belong_to_their_employee_and_policy() {
    // Policies whose outcomes take the same argument values under different names, more of them
    // (and more argument values) than the engine keeps built parameters for.
    let policy = |k: usize| {
        compile(&format!(
            r#"policy "P{k}" version "1"
facts {{ a: int, d: decimal, g: date }}
rule r "R" source "S" when true then notice n(x{k}: a + 1, y: d, z: g)
"#
        ))
    };
    let params_of = |p: &Policy, a: i64, d: &str, g: &str| {
        let facts = json!({"a": a, "d": d.parse::<serde_json::Number>().unwrap(), "g": g});
        let decision = p.evaluate(&facts, &on("2025-06-01")).unwrap();
        let params = decision.outcomes[0].params.clone();
        assert_eq!(params["y"].to_string(), d.parse::<rust_decimal::Decimal>().unwrap().normalize().to_string());
        assert_eq!(params["z"], json!(g));
        params
    };
    let policies: Vec<Policy> = (0..300).map(policy).collect();
    for (k, p) in policies.iter().enumerate() {
        assert_eq!(params_of(p, 5, "1.5", "2025-01-01").get(&format!("x{k}")), Some(&json!(6)));
    }
    for a in 0..2000i64 {
        let d = format!("{}.{}", a % 7, a % 10);
        let g = format!("2025-01-{:02}", 1 + a % 28);
        assert_eq!(params_of(&policies[1], a, &d, &g).get("x1"), Some(&json!(a + 1)));
    }
}

#[test]
fn a_byte_order_mark_at_the_start_of_a_file_is_not_part_of_it() {
    // Windows editors start UTF-8 files with one. The policy and its helper file compile as
    // without it; positions in errors are those of the text as given, columns those an editor
    // shows.
    let text = r#"policy "H" version "1"
facts { x: int }
helpers "dobel.rhai"
helper dobel(x: int) -> int
rule r "R" source "S" when dobel(x) > 1 then notice n
"#;
    let helper = "fn dobel(x) { x * 2 }";
    let marked =
        Policy::compile_with(&format!("\u{feff}{text}"), "p.aturan", &|_| Ok(format!("\u{feff}{helper}"))).unwrap();
    assert_eq!(marked.source(), format!("\u{feff}{text}"), "the source as given");
    let decision = marked.evaluate(&json!({"x": 1}), &on("2025-01-01")).unwrap();
    assert_eq!(decision.outcomes.len(), 1);

    let broken = format!("\u{feff}{}", text.replacen("policy", "polis", 1));
    let Err(err) = Policy::compile_with(&broken, "p.aturan", &|_| Ok(helper.to_string())) else {
        panic!("`polis` compiled")
    };
    let view = &err.views(Lang::En)[0];
    assert_eq!((view.line, view.column, view.end_column), (1, 1, 6));
    assert_eq!((view.start, view.start_utf16), (3, 1), "offsets into the text as given");
    let shown = err.render(Lang::En);
    assert!(
        shown.contains("p.aturan:1:1\n") && shown.contains("1 │ polis \"H\"") && !shown.contains('\u{feff}'),
        "{shown}"
    );
}

#[test]
fn a_sanction_is_present_as_soon_as_one_is_imposed_even_while_a_heavier_one_is_undetermined() {
    let p = compile(
        r#"policy "SV" version "1"
facts { a: int
 b: int }
severity { ringan: s1  berat: s2 }
rule r1 "R1" source "S" when a > 1 then sanction s1
rule r2 "R2" source "S" when b > 1 then sanction s2
rule rw "RW" source "S" when sanction is absent then reward w
rule rp "RP" source "S" when sanction is present then notice p
rule rn "RN" source "S" when not (sanction is present) then notice np
"#,
    );
    let decide = |facts: serde_json::Value| {
        let d = p.evaluate(&facts, &on("2025-12-31").explain(true)).unwrap();
        let (given, open) = given_and_open(&d);
        (given, open, d)
    };
    // s1 is imposed and s2 undetermined: a sanction is present, only which one is open.
    let (given, open, d) = decide(json!({"a": 5}));
    assert_eq!((given, open), (vec!["s1".to_string(), "p".into()], vec!["s2".to_string()]));
    let rw = d.explanation.as_ref().unwrap().iter().find(|t| t.rule.as_ref() == "rw").unwrap();
    assert_eq!(rw.conditions[0].actual.as_deref(), Some("present"));
    let rn = d.explanation.as_ref().unwrap().iter().find(|t| t.rule.as_ref() == "rn").unwrap();
    assert_eq!(rn.conditions[0].text, "not (sanction is present)", "the text as written, parentheses included");
    // Nothing is known: whether a sanction is present is undetermined too.
    let (given, open, _) = decide(json!({}));
    assert!(given.is_empty(), "{given:?}");
    assert!(["w", "p", "np"].iter().all(|c| open.iter().any(|o| o == c)), "{open:?}");
    // Nothing imposed and nothing undetermined: absent.
    let (given, open, _) = decide(json!({"a": 0, "b": 0}));
    assert_eq!((given, open), (vec!["w".to_string(), "np".into()], Vec::<String>::new()));
}

#[test]
fn a_parameter_cannot_be_set_to_null() {
    let mut opts = on("2025-12-31");
    opts.params.insert("minimal_jp".into(), serde_json::Value::Null);
    let p = Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/benches/mini.aturan")).unwrap();
    let err = p.evaluate(&json!({"status": "PNS"}), &opts).unwrap_err();
    assert_eq!(err.code(), "param");
    assert!(err.to_string().contains("found null"), "{err}");
}

#[test]
fn exceptions_that_go_round_in_a_ring_are_a_compile_error() {
    let Err(e) = Policy::compile(
        r#"policy "X" version "1"
facts { a: int }
rule r "R" source "S" exception to q when a > 1 then reward x
rule q "Q" source "S" exception to p when a > 1 then reward y
rule p "P" source "S" exception to r when a > 1 then reward z
rule s "S" source "S" exception to r when a > 1 then reward z
"#,
    ) else {
        panic!("a ring of exceptions compiled")
    };
    let rings: Vec<_> = e.diagnostics.iter().filter(|d| d.code == "exception-cycle").collect();
    assert_eq!(rings.len(), 1, "one error per ring: {}", e.render(Lang::En));
    assert!(rings[0].message.en.contains("r → q → p → r"), "{}", rings[0].message.en);
}

#[test]
fn a_long_chain_of_exceptions_gives_the_deepest_that_applies() {
    // Each rule an exception to the one before: a chain of 3,000 (each rule walked once when
    // checked for rings; below a base each rule looked at once).
    let n = 3_000;
    let mut src = String::from("policy \"C\" version \"1\"\nfacts { x: int }\n");
    for i in 0..n {
        let to = if i == 0 { String::new() } else { format!("exception to r{} ", i - 1) };
        src.push_str(&format!("rule r{i} \"R\" source \"S\" {to}when x > {i} then reward r{i}\n"));
    }
    let p = compile(&src);
    for (x, given) in [(0, None), (1, Some("r0")), (1_500, Some("r1499")), (5_000, Some("r2999"))] {
        let d = p.evaluate(&json!({ "x": x }), &on("2025-12-31")).unwrap();
        assert_eq!(d.outcomes.iter().map(|o| o.code()).collect::<Vec<_>>(), Vec::from_iter(given), "x = {x}");
    }
    // Without `x` any of them may be the one given: each is undetermined, for want of `x`.
    let d = p.evaluate(&json!({}), &on("2025-12-31")).unwrap();
    assert_eq!(d.undetermined.len(), n);
    assert!(d.undetermined.iter().all(|u| u.missing == ["x"]));
}

#[test]
fn a_range_may_start_below_zero() {
    let p = compile(
        "policy \"N\" facts { x: int }
         rule r \"R\" source \"S\" when x in -5..5 and x > -2 then notice n(v: -3 * x, w: 1 -1)",
    );
    let d = p.evaluate(&json!({ "x": 1 }), &on("2025-12-31")).unwrap();
    assert_eq!(json!(d.outcomes[0].params), json!({ "v": -3, "w": 0 }));
    assert!(p.evaluate(&json!({ "x": -6 }), &on("2025-12-31")).unwrap().outcomes.is_empty());
}

#[test]
fn floor_and_ceil_give_a_whole_number_that_can_count_months() {
    let p = compile(
        "policy \"K\" version \"1\"
         facts {
             tmt: date
             bulan: decimal
         }
         let naik = add_months(tmt, floor(bulan / 24) * 24 + 24)
         let atas = ceil(bulan / 24)
         rule k \"K\" source \"S\" when naik > tmt then notice k(pada: naik, atas: atas)",
    );
    let d = p.evaluate(&json!({ "tmt": "2020-01-01", "bulan": 50 }), &on("2025-12-31")).unwrap();
    assert_eq!(json!(d.outcomes[0].params), json!({ "pada": "2026-01-01", "atas": 3 }));
    // A whole number too large for an int is an error, not a wrong count.
    let huge = p.evaluate(&json!({ "tmt": "2020-01-01", "bulan": 1e27 }), &on("2025-12-31")).unwrap_err();
    assert_eq!(huge.code(), "limit", "{huge}");
}

#[test]
fn floor_and_ceil_with_places_round_down_and_up_to_them() {
    let p = compile(
        "policy \"R\" facts { x: decimal }
         rule r \"R\" source \"S\" when x != 0 then notice n(a: floor(x, -2), b: ceil(x, 2), c: bulatkan_bawah(x, 0), d: bulatkan_atas(x, -3))",
    );
    let params = |x: serde_json::Value| {
        let d = p.evaluate(&json!({ "x": x }), &on("2025-01-01")).unwrap();
        serde_json::to_value(&d.outcomes[0].params).unwrap()
    };
    assert_eq!(params(json!(1965937.5)), json!({ "a": 1965900, "b": 1965937.5, "c": 1965937, "d": 1966000 }));
    assert_eq!(params(json!(2.001)), json!({ "a": 0, "b": 2.01, "c": 2, "d": 1000 }));
    // Down is toward the smaller number, for a negative amount too.
    assert_eq!(params(json!(-2.001)), json!({ "a": -100, "b": -2, "c": -3, "d": 0 }));
}

#[test]
fn not_written_as_speech_says_it_is_named() {
    let e = Policy::compile("kebijakan \"T\"\nfakta {\n a: int\n}\naturan r \"R\" sumber \"S\" jika a > 1 dan tidak (a > 3) maka pemberitahuan n\n")
        .expect_err("`tidak (…)` is no function");
    let d = &e.diagnostics[0];
    assert_eq!(d.code, "unknown-function");
    assert_eq!(d.help.as_ref().map(|h| h.id.as_str()), Some("`tidak` ditulis `bukan` (atau `not`): `bukan (a > 1)`"));
}

#[test]
fn parameters_worked_out_from_one_missing_fact_name_it_once() {
    let p = compile(
        "policy \"U\" version \"1\"
         facts {
             hari: int
             golongan: text
         }
         let tarif = if golongan == \"IV\" then 41000 else 37000
         let bruto = hari * tarif
         rule u \"U\" source \"S\" when hari > 0 then reward u(bruto: bruto, pajak: bruto / 20, neto: bruto - bruto / 20)",
    );
    let d = p.evaluate(&json!({ "hari": 20 }), &on("2025-12-31")).unwrap();
    assert_eq!(d.undetermined[0].missing, ["golongan"]);
}

#[test]
fn a_range_inside_a_list_filter_tests_each_item() {
    // The range is the same for every item: worked out once, it must still be a range.
    let p = compile(
        "policy \"R\" version \"1\"
         facts {
             xs: list of { menit: int }
             m: int
         }
         param batas: int = 90
         let a = count(xs where menit in 61..90)
         let b = count(xs where menit in 61..<90)
         let c = sum(x.menit for x in xs where x.menit in m..batas)
         let d = count(xs where menit not in 61..90)
         rule r \"R\" source \"S\" when a >= 0 then notice n(a: a, b: b, c: c, d: d)",
    );
    let d = p
        .evaluate(
            &json!({ "xs": [{"menit": 61}, {"menit": 90}, {"menit": 75}, {"menit": 10}], "m": 61 }),
            &on("2025-12-31"),
        )
        .unwrap();
    assert_eq!(json!(d.outcomes[0].params), json!({ "a": 3, "b": 2, "c": 226, "d": 1 }));
}

#[test]
fn a_long_flat_chain_of_conditions_is_too_deep_and_says_why() {
    let chain = |n: usize| {
        let terms: Vec<String> = (0..n).map(|i| format!("(x > {i})")).collect();
        format!(
            "policy \"F\" version \"1\"\nfacts {{ x: int }}\nrule r \"R\" source \"S\" when {} then notice n\n",
            terms.join(" and ")
        )
    };
    assert!(Policy::compile(&chain(90)).is_ok());
    let Err(e) = Policy::compile(&chain(100)) else { panic!("100 conditions compiled") };
    assert_eq!(e.diagnostics[0].code, "too-deep");
    assert!(e.diagnostics[0].message.en.contains("each operator of a chain such as `a and b and c` counts as a level"));
    assert!(e.diagnostics[0].message.id.contains("dihitung satu tingkat"));
}

#[test]
fn if_expressions_nested_past_the_limit_are_an_error_not_a_crash() {
    for n in [150, 5_000, 200_000] {
        let src = format!(
            "policy \"I\" version \"1\"\nfacts {{ a: int }}\nrule r \"R\" source \"S\" when {}true then notice n\n",
            "if a > 1 then true else ".repeat(n)
        );
        let Err(e) = Policy::compile(&src) else { panic!("{n} nested ifs compiled") };
        assert_eq!(e.diagnostics[0].code, "too-deep", "{n}");
    }
    // Many ifs one after another are not nesting.
    let rules: String = (0..150)
        .map(|i| format!("rule r{i} \"R\" source \"S\" when (if a > 1 then true else false) then notice n{i}\n"))
        .collect();
    compile(&format!("policy \"I\" version \"1\"\nfacts {{ a: int }}\n{rules}"));
}

#[test]
fn date_arithmetic_stays_within_the_dates_facts_can_hold() {
    let p = compile(
        r#"policy "A" version "1"
facts { t: date }
rule r "R" source "S" when add_months(t, 1) > t then notice n(v: add_months(t, 1))
"#,
    );
    let err = p.evaluate(&json!({"t": "9999-12-31"}), &on("2025-01-01")).unwrap_err();
    assert!(err.to_string().contains("outside the calendar"), "{err}");
    let d = p.evaluate(&json!({"t": "9999-11-30"}), &on("2025-01-01")).unwrap();
    assert_eq!(d.outcomes[0].params["v"], "9999-12-30");
    // Written with constants, a day the calendar does not have is a compile error.
    let err = Policy::compile(
        "policy \"D\" facts { m: int } rule r \"R\" source \"S\" when date(2025, 2, 30) > as_of then notice n",
    )
    .expect_err("refused");
    assert_eq!(err.diagnostics[0].code, "bad-date");
    assert!(err.render(Lang::En).contains("`date(2025, 2, 30)` is not a day of the calendar"));
    // Worked out from facts, it is an error of that evaluation, named as such.
    let p =
        compile("policy \"D\" facts { m: int } rule r \"R\" source \"S\" when date(2025, m, 30) > as_of then notice n");
    let err = p.evaluate(&json!({"m": 2}), &on("2025-01-01")).unwrap_err();
    assert!(err.to_string().contains("`date(2025, m, 30)` is not a day of the calendar"), "{err}");
    // The year 0 neither: no fact or policy date can be written in it, so none is made.
    let p = compile(
        "policy \"D\" facts { y: int, t: date } rule r \"R\" source \"S\" when date(y, 1, 1) < add_days(t, -1) then notice n",
    );
    let err = p.evaluate(&json!({"y": 0, "t": "2025-01-01"}), &on("2025-01-01")).unwrap_err();
    assert!(err.to_string().contains("or a year outside 1..9999"), "{err}");
    let err = p.evaluate(&json!({"y": 1, "t": "0001-01-01"}), &on("2025-01-01")).unwrap_err();
    assert!(err.to_string().contains("`add_days(t, -1)` gives a date outside the calendar"), "{err}");
    assert!(Policy::compile(
        "policy \"D\" facts { m: int } rule r \"R\" source \"S\" when date(0, 1, 1) > as_of then notice n"
    )
    .is_err());
}

#[test]
fn versions_of_a_rule_that_leave_a_gap_overlap_or_lose_their_exceptions_are_warned_about() {
    let warnings = |src: &str| -> Vec<(&'static str, String)> {
        match Policy::compile(src) {
            Ok(p) => p.warnings().iter().map(|d| (d.code, d.message.en.clone())).collect(),
            Err(e) => panic!("{}", e.render(Lang::En)),
        }
    };
    let policy = |old_until: &str, new_from: &str, exception_to_new: bool| {
        let mut src = format!(
            "policy \"P\" version \"1\"\neffective from 2022-01-01\nfacts {{ a: int, khusus: bool }}\n\
             rule tpp \"Old\" source \"S\" effective from 2022-01-01 until {old_until} when a > 1 then reward tpp(persen: 85)\n\
             rule tpp_khusus \"Special\" source \"S\" exception to tpp effective from 2022-01-01 until {old_until} when khusus then reward tpp(persen: 0)\n\
             rule tpp_2026 \"New\" source \"S\" effective from {new_from} when a > 1 then reward tpp(persen: 80)\n"
        );
        if exception_to_new {
            src.push_str("rule tpp_khusus_2026 \"Special\" source \"S\" exception to tpp_2026 effective from ");
            src.push_str(new_from);
            src.push_str(" when khusus then reward tpp(persen: 0)\n");
        }
        src
    };
    // One after the other, each with its exception: nothing to say.
    assert!(warnings(&policy("2025-12-31", "2026-01-01", true)).is_empty());
    // A month between them: a decision then has no `tpp` at all.
    let gap = warnings(&policy("2025-11-30", "2026-01-01", true));
    assert_eq!(gap.len(), 1, "{gap:?}");
    assert_eq!(gap[0].0, "period-gap");
    assert!(gap[0].1.contains("no rule gives `tpp` from 2025-12-01 until 2025-12-31"), "{}", gap[0].1);
    // Both in effect for six months: only the first in the policy counts.
    let overlap = warnings(&policy("2026-06-30", "2026-01-01", true));
    assert_eq!(overlap.iter().map(|w| w.0).collect::<Vec<_>>(), ["period-overlap"]);
    assert!(overlap[0].1.contains("both give `tpp` from 2026-01-01 until 2026-06-30"), "{}", overlap[0].1);
    // The new one without the old one's exception: a special status no longer stops its TPP.
    let lost = warnings(&policy("2025-12-31", "2026-01-01", false));
    assert_eq!(lost.iter().map(|w| w.0).collect::<Vec<_>>(), ["version-exceptions"]);
    assert!(
        lost[0].1.contains("the exceptions to `tpp` (`tpp_khusus`) are not exceptions to `tpp_2026`"),
        "{}",
        lost[0].1
    );
    // The old table's exception left without its period outlives it: from 2026 it replaces
    // nothing and gives `tpp` (0) on its own, beside the new table's exception.
    let outlives = policy("2025-12-31", "2026-01-01", true)
        .replace("exception to tpp effective from 2022-01-01 until 2025-12-31", "exception to tpp");
    let w = warnings(&outlives);
    assert_eq!(w.iter().map(|w| w.0).collect::<Vec<_>>(), ["exception-period"], "{w:?}");
    assert_eq!(
        w[0].1,
        "the exception `tpp_khusus` is in effect from 2026-01-01, when its base `tpp` is not: on those days it replaces nothing and gives `tpp` on its own"
    );
    // One that begins before its base does too, for the days before; one that ends before its
    // base (a temporary exception) replaces it while it lasts, which is nothing to warn about.
    let early = policy("2025-12-31", "2026-01-01", true).replace(
        "exception to tpp effective from 2022-01-01 until 2025-12-31",
        "exception to tpp effective from 2021-06-01 until 2024-12-31",
    );
    let early = early.replace(
        "rule tpp \"Old\" source \"S\" effective from 2022-01-01",
        "rule tpp \"Old\" source \"S\" effective from 2022-07-01",
    );
    let w = warnings(&early);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].1.contains("`tpp_khusus` is in effect from 2022-01-01 until 2022-06-30, when"), "{}", w[0].1);
    // Two rules of one code that are no versions (one always in effect) are none of this.
    let plain = "policy \"P\" version \"1\"\nfacts { a: int }\n\
                 rule r1 \"A\" source \"S\" effective from 2024-01-01 when a > 1 then notice n\n\
                 rule r2 \"B\" source \"S\" when a > 5 then notice n\n";
    assert!(warnings(plain).is_empty());
}

#[test]
fn periods_and_bounds_that_can_never_hold_are_caught_when_compiling() {
    let codes = |src: &str| -> Vec<&'static str> {
        match Policy::compile(src) {
            Ok(p) => p.warnings().iter().map(|d| d.code).collect(),
            Err(e) => e.diagnostics.iter().map(|d| d.code).collect(),
        }
    };
    let head = "policy \"P\" version \"1\"\neffective from 2022-01-01 until 2025-12-31\nfacts { a: int }\n";
    let inverted = format!(
        "{head}rule r \"R\" source \"S\" effective from 2026-01-01 until 2025-01-01 when a > 1 then notice x\n"
    );
    assert_eq!(codes(&inverted), ["bad-period"]);
    // A policy's period the wrong way round is said once (not again by each example), with the
    // dates to write.
    let policy_inverted = "policy \"P\" version \"1\"\neffective from 2026-01-01 until 2022-01-01\nfacts { a: int }\n\
                           rule r \"R\" source \"S\" when a > 1 then notice x\n\
                           example \"e\" on 2025-01-01 { given { a: 2 } expect notice x }\n";
    let Err(e) = Policy::compile(policy_inverted) else { panic!("compiled") };
    assert_eq!(e.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(), ["bad-period"]);
    assert!(e.diagnostics[0].help.as_ref().unwrap().en.contains("`from 2022-01-01 until 2026-01-01`"));
    let table = format!("{head}decision table t \"T\" source \"S\" effective from 2025-01-01 until 2024-01-01\n| a | out |\n| 1 | notice x |\n");
    let Err(e) = Policy::compile(&table) else { panic!("compiled") };
    assert_eq!(e.diagnostics[0].message.en, "this table ends before it starts");
    let later = format!("{head}rule r \"R\" source \"S\" effective from 2030-01-01 when a > 1 then notice x\n");
    assert_eq!(codes(&later), ["never-in-effect"]);
    let earlier = format!("{head}rule r \"R\" source \"S\" effective until 2021-12-31 when a > 1 then notice x\n");
    assert_eq!(codes(&earlier), ["never-in-effect"]);
    let inside = format!("{head}rule r \"R\" source \"S\" effective from 2024-01-01 when a > 1 then notice x\n");
    assert!(codes(&inside).is_empty());
    assert_eq!(
        codes("policy \"B\" version \"1\"\nfacts { a: int in 10..1 }\nrule r \"R\" source \"S\" when a > 1 then notice x\n"),
        ["bad-bounds"]
    );
    let range = |r: &str| {
        format!(
            "policy \"B\" version \"1\"\nfacts {{ a: int }}\nrule r \"R\" source \"S\" when a in {r} then notice x\n"
        )
    };
    assert_eq!(codes(&range("6..4")), ["empty-range"]);
    assert_eq!(codes(&range("5..<5")), ["empty-range"]);
    assert!(codes(&range("5..5")).is_empty());
    let table = "policy \"T\" version \"1\"\nfacts { a: int }\nseverity { ringan: s1 }\ndecision table t \"T\" source \"S\" hit first\n    | a    | hasil       |\n    | 0..2 | none        |\n    | 7..3 | sanction s1 |\n";
    assert_eq!(codes(table), ["empty-range"]);
    // So for the values of an ordered enum, once read as them.
    let levels = |r: &str| {
        format!("policy \"B\" version \"1\"\nenum G ordered {{ a, b, c }}\nfacts {{ g: G }}\nrule r \"R\" source \"S\" when g in {r} then notice x\n")
    };
    assert_eq!(codes(&levels("\"c\"..\"a\"")), ["empty-range"]);
    assert_eq!(codes(&levels("\"b\"..<\"b\"")), ["empty-range"]);
    assert!(codes(&levels("\"a\"..\"c\"")).is_empty());
}

#[test]
fn helpers_share_one_operation_budget_per_evaluation() {
    // Each call stays under the per-call limit; called for every item of a long list, together
    // they would run for hours without the evaluation's budget.
    let p = compile(
        r#"policy "H" version "1"
facts { xs: list of { v: int } }
helpers """
fn f(x) { let i = 0; while i < 30000 { i += 1; } x }
"""
helper f(x: int) -> int
rule r "R" source "S" when sum(f(x.v) for x in xs) > 1 then notice n
"#,
    );
    let many = json!({ "xs": vec![json!({"v": 1}); 100_000] });
    // Time enough that the operations, not the clock, stop it on a slow machine.
    let patient = on("2025-01-01").helper_time(std::time::Duration::from_secs(600));
    let err = p.evaluate(&many, &patient).unwrap_err();
    let EvalError::Helper { helper, message, .. } = &err else { panic!("{err:?}") };
    assert_eq!(helper, "f");
    assert!(message.en.contains("in all"), "{message:?}");
    // The budget is the evaluation's: the next one starts with all of it.
    let few = json!({ "xs": vec![json!({"v": 1}); 3] });
    assert_eq!(p.evaluate(&few, &on("2025-01-01")).unwrap().outcomes.len(), 1);
}

#[test]
fn a_helper_file_that_cannot_be_read_is_the_one_error() {
    let src = "policy \"X\" version \"1\"\nfacts { x: int }\nhelpers \"nofile.rhai\"\nhelper f(x: int) -> int\nrule r \"R\" source \"S\" when f(x) > 1 then notice n\n";
    let Err(e) = Policy::compile_with(src, "p.aturan", &|name| Err(format!("no file {name}"))) else {
        panic!("compiled without its helper file")
    };
    let codes: Vec<_> = e.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["helper-file"], "{}", e.render(Lang::En));
    assert_eq!(e.views(Lang::En)[0].line, 3);
}

#[test]
fn aggregates_inside_aggregates_over_long_lists_stop_with_an_error() {
    let p = compile(
        r#"policy "D" version "1"
facts { xs: list of { v: int } }
let dup = any(a in xs where count(b in xs where b.v == a.v) > 1)
rule r "R" source "S" when dup then notice n
"#,
    );
    let distinct: Vec<_> = (0..100_000).map(|i| json!({"v": i})).collect();
    let err = p.evaluate(&json!({ "xs": distinct }), &on("2025-01-01")).unwrap_err();
    assert_eq!(err.code(), "limit");
    assert!(err.to_string().contains("more than 10000000 times"), "{err}");
    // Short lists, or the same nesting that finds its answer early, are decided.
    let few: Vec<_> = (0..1_000).map(|i| json!({"v": i % 50})).collect();
    assert_eq!(p.evaluate(&json!({ "xs": few }), &on("2025-01-01")).unwrap().outcomes.len(), 1);
}

#[test]
fn searching_a_long_list_with_in_inside_an_aggregate_counts_toward_the_same_limit() {
    let p = compile(
        "policy \"I\" facts { xs: list of int }
         rule r \"R\" source \"S\" when any(y in xs where -1 - y in xs) then notice n",
    );
    let long: Vec<i64> = (0..100_000).collect();
    let err = p.evaluate(&json!({ "xs": long }), &on("2025-01-01")).unwrap_err();
    assert_eq!(err.code(), "limit");
    assert!(err.to_string().contains("a search with `in`"), "{err}");
    let short: Vec<i64> = (-50..50).collect();
    assert_eq!(p.evaluate(&json!({ "xs": short }), &on("2025-01-01")).unwrap().outcomes.len(), 1);
}

#[test]
fn round_to_negative_places_rounds_to_tens_and_hundreds() {
    let p = compile(
        r#"policy "R" version "1"
facts { x: decimal }
rule r "R" source "S" when x > 0 then notice n(ribu: round(x, -3), puluh: round(x, -1), dua: round(x, 2))
"#,
    );
    let d = p.evaluate(&json!({"x": 123_456.505}), &on("2025-01-01")).unwrap();
    let params = &d.outcomes[0].params;
    assert_eq!((params["ribu"].to_string(), params["puluh"].to_string()), ("123000".into(), "123460".into()));
    assert_eq!(params["dua"].to_string(), "123456.51");
}

#[test]
fn rounding_to_a_unit_larger_than_any_decimal_gives_zero_or_an_overflow_error() {
    // 10^29 and up: above the largest decimal, so 0 or too large, never the value itself.
    let eval = |f: &str, x: &str, places: i64| {
        let p = compile(&format!(
            "policy \"R\" version \"1\"\nfacts {{ x: decimal, places: int }}\n\
             rule r \"R\" source \"S\" when x != 0 then notice n(v: {f}(x, places))\n"
        ));
        let facts = serde_json::from_str::<serde_json::Value>(&format!(r#"{{"x": {x}, "places": {places}}}"#)).unwrap();
        p.evaluate(&facts, &on("2025-01-01")).map(|d| d.outcomes[0].params["v"].to_string())
    };
    assert_eq!(eval("floor", "70000000000000000000000000000", -29).unwrap(), "0");
    assert_eq!(eval("ceil", "-5.5", -30).unwrap(), "0");
    assert_eq!(eval("round", "40000000000000000000000000000", -29).unwrap(), "0");
    assert_eq!(eval("round", "79228162514264337593543950335", -30).unwrap(), "0");
    for (f, x, places) in
        [("ceil", "5.5", -29), ("floor", "-5.5", -30), ("round", "60000000000000000000000000000", -29)]
    {
        let err = eval(f, x, places).expect_err(x);
        assert!(err.to_string().contains("overflow"), "{f}({x}, {places}): {err}");
    }
    // Places beyond a decimal's 28 keep the number as it is.
    assert_eq!(eval("round", "1.25", 40).unwrap(), "1.25");
}

#[test]
fn a_case_naming_one_sanction_fails_when_the_decision_imposes_two() {
    // No severity is declared, so both sanctions are imposed.
    let p = compile(
        r#"policy "p" version "1"
facts { a: int }
rule r1 "one" source "s" when a > 1 then sanction teguran_lisan
rule r2 "two" source "s" when a > 2 then sanction teguran_tertulis
"#,
    );
    let case = |sanction: &str| {
        let text = format!(
            r#"{{"name": "c", "as_of": "2025-01-01", "facts": {{"a": 5}}, "expect": {{"sanction": {sanction}}}}}"#
        );
        aturan_core::Case::parse(&text).unwrap().remove(0)
    };
    let r = p.run_case(&case(r#""teguran_lisan""#));
    assert!(!r.passed);
    assert_eq!(r.failures[0].what, "sanction");
    assert_eq!(
        (r.failures[0].expected.as_str(), r.failures[0].actual.as_str()),
        ("teguran_lisan", "teguran_lisan, teguran_tertulis")
    );
    assert!(!p.run_case(&case("null")).passed);
    // A case naming a field twice is refused, not read as one of them.
    let twice = r#"{"name": "c", "as_of": "2025-01-01", "facts": {"a": 1, "a": 5}, "expect": {"sanction": null}}"#;
    assert!(aturan_core::Case::parse(twice).unwrap_err().contains("the field `a` is given twice"));
}

#[test]
fn table_rows_that_leave_a_gap_or_never_apply_are_warned() {
    let policy = |rows: &str| {
        let src = format!(
            "policy \"P\" version \"1\"\nfacts {{ skp: decimal in 0..100\n alpa: int >= 0 }}\n\
             decision table tpp \"TPP\" source \"S\" hit first\n| alpa | skp | outcome |\n{rows}"
        );
        Policy::compile(&src).unwrap()
    };
    let warned = |rows: &str| -> Vec<(&'static str, String)> {
        policy(rows).warnings().iter().map(|d| (d.code, d.message.en.clone())).collect()
    };
    // 79.5 falls between two decimal bands written as whole numbers: it would get no TPP.
    let gap = "| >= 11 | - | reward tpp(persen: 0) |\n| - | 80..100 | reward tpp(persen: 85) |\n| - | 0..79 | reward tpp(persen: 70) |\n";
    assert_eq!(
        warned(gap),
        [(
            "table-gap",
            "no row of `tpp` matches `skp` between 79 and 80 (such as 79.5): the table gives no outcome there"
                .to_string()
        )]
    );
    // The help says which row to end how.
    assert_eq!(
        policy(gap).warnings()[0].help.as_ref().map(|h| h.en.as_str()),
        Some("let row 3 reach row 2: end it `..<80`, or add a row giving `none` if no outcome is meant")
    );
    let d = policy(gap).evaluate(&json!({"skp": 79.5, "alpa": 0}), &on("2025-01-01")).unwrap();
    assert!(d.outcomes.is_empty());
    // The same bands closed with `..<` meet.
    assert!(warned("| - | 80..100 | reward tpp(persen: 85) |\n| - | 0..<80 | reward tpp(persen: 70) |\n").is_empty());
    // `>= 80` above `>= 90`: the 100 % row is never reached.
    let order =
        "| - | >= 80 | reward tpp(persen: 85) |\n| - | >= 90 | reward tpp(persen: 100) |\n| - | < 80 | none |\n";
    assert_eq!(warned(order).iter().map(|w| w.0).collect::<Vec<_>>(), ["unreachable-row"]);
    assert!(warned(order)[0].1.starts_with("row 2 of `tpp` never applies"));
    // `0..10` above `10..20` over absence days: 10 days go to the first row.
    let overlap =
        "| 0..10 | - | reward tpp(persen: 85) |\n| 10..20 | - | reward tpp(persen: 40) |\n| > 20 | - | none |\n";
    assert_eq!(
        warned(overlap),
        [(
            "table-overlap",
            "rows 1 and 2 of `tpp` both match `alpa` = 10; with `hit first` row 1 gives the outcome there".to_string()
        )]
    );
    // The help names the value shared, also between a range and a comparison.
    let src =
        "policy \"P\" version \"1\"\nfacts { alpa: int, skp: decimal }\ndecision table tpp \"TPP\" source \"S\"\n\
         | alpa | skp | outcome |\n| 0..10 | - | reward tpp(persen: 85) |\n| >= 10 | - | reward tpp(persen: 40) |\n";
    let p = compile(src);
    assert_eq!(
        p.warnings()[0].help.as_ref().map(|h| h.en.as_str()),
        Some("let the bands meet without sharing 10: leave it out of the lower one (`..<10`, `< 10`) or out of the higher one")
    );
    // A band written `75 - 90` is a subtraction: refused, with the range to write instead.
    let src = "policy \"P\" version \"1\"\nfacts { skp: decimal in 0..100 }\n\
               decision table tpp \"TPP\" source \"S\"\n| skp | outcome |\n| 75 - 90 | reward tpp(persen: 85) |\n";
    let err = Policy::compile(src).expect_err("refused");
    assert_eq!(err.diagnostics[0].code, "table-range");
    assert!(err.render(Lang::En).contains("write `75..90`"), "{}", err.render(Lang::En));
}

#[test]
fn a_sanction_level_is_known_once_every_level_it_can_still_have_agrees() {
    let p = compile(
        r#"policy "Level" version "1"
enum Tingkat ordered { ringan, sedang, berat }
facts { sedang_terbukti: bool
        berat_terbukti: optional bool
        ringan_terbukti: optional bool }
severity { ringan: teguran_lisan
           sedang: potong_tukin
           berat: pdhtaps }
rule s0 "Ringan" source "S" when ringan_terbukti then sanction teguran_lisan
rule s1 "Sedang" source "S" when sedang_terbukti then sanction potong_tukin
rule s2 "Berat" source "S" when berat_terbukti then sanction pdhtaps
rule award "Satyalancana" source "S" when not (sanction.level >= "sedang") then reward satyalancana
rule berat "Berat saja" source "S" when sanction.level == "berat" then notice berat
let tingkat = sanction.level
rule via_let "Via let" source "S" when tingkat >= "sedang" then notice via_let
rule in_list "In" source "S" when sanction.level in ["sedang", "berat"] then notice in_list
rule in_range "In range" source "S" when sanction.level in "sedang".."berat" then notice in_range
rule with_default "Otherwise" source "S" when not ((sanction.level otherwise "ringan") >= "sedang") then reward bersih
rule lighter "Lighter" source "S" when sanction teguran_lisan then notice lighter
decision table menurut_tingkat "Tabel" source "S"
    | sanction.level | outcome              |
    | >= "sedang"    | notice tabel_sedang  |
    | -              | notice tabel_lain    |
"#,
    );
    // A sedang sanction is imposed; a berat one is undetermined: the level is at least sedang.
    let d = p.evaluate(&json!({"sedang_terbukti": true, "ringan_terbukti": true}), &on("2025-12-31")).unwrap();
    assert!(d.of_kind(OutcomeKind::Reward).next().is_none());
    let undetermined: Vec<&str> = d.undetermined.iter().map(|u| &*u.code).collect();
    assert_eq!(undetermined, ["pdhtaps", "berat"], "whether it is berat is still unknown");
    let notices: Vec<&str> = d.of_kind(OutcomeKind::Notice).map(|o| o.code()).collect();
    assert_eq!(notices, ["via_let", "in_list", "in_range", "tabel_sedang"]);
    // `otherwise` gives its default for no sanction, not for one whose heavier rival is
    // undetermined: `bersih` is certainly refused (it was granted). And a lighter sanction than
    // the one imposed is certainly not imposed (`lighter` stayed undetermined).
    let explained = p.evaluate(&json!({"sedang_terbukti": true}), &on("2025-12-31").explain(true)).unwrap();
    let text = aturan_core::render_decision_text(&explained, Lang::En);
    assert!(text.contains("sanction.level >= \"sedang\"): sedang or berat"), "{text}");
    // Nothing imposed and the berat one undetermined: the award is undetermined.
    let d = p.evaluate(&json!({"sedang_terbukti": false, "ringan_terbukti": false}), &on("2025-12-31")).unwrap();
    assert!(d.undetermined.iter().any(|u| &*u.code == "satyalancana"));
    assert!(d.undetermined.iter().any(|u| &*u.code == "bersih"), "ringan (no sanction) or berat");
    // Nothing imposed and nothing undetermined: the default counts.
    let d = p
        .evaluate(
            &json!({"sedang_terbukti": false, "berat_terbukti": false, "ringan_terbukti": false}),
            &on("2025-12-31"),
        )
        .unwrap();
    assert!(d.of_kind(OutcomeKind::Reward).any(|o| o.code() == "bersih"));
}

#[test]
fn full_years_count_anniversaries_as_add_years_does_and_reversed_dates_mirror() {
    let p = compile(
        r#"policy "P" version "1"
facts { a: date
        b: date }
rule r "R" source "S" when a <= b then notice n(y: full_years(a, b), m: full_months(a, b), back: full_years(b, a))
"#,
    );
    let years = |a: &str, b: &str| {
        let d = p.evaluate(&json!({"a": a, "b": b}), &on("2025-01-01")).unwrap();
        let o = &d.outcomes[0].params;
        (o["y"].to_string(), o["m"].to_string(), o["back"].to_string())
    };
    assert_eq!(years("2022-03-15", "2025-06-01"), ("3".into(), "38".into(), "-3".into()));
    assert_eq!(years("2025-05-31", "2025-06-01"), ("0".into(), "0".into(), "0".into()));
    // 29 February: a year later is 28 February, as add_years(2024-02-29, 1) is.
    assert_eq!(years("2024-02-29", "2025-02-28"), ("1".into(), "12".into(), "-1".into()));
    assert_eq!(years("2024-02-29", "2025-02-27"), ("0".into(), "11".into(), "0".into()));
    assert_eq!(years("2025-01-31", "2025-02-28").1, "1");
}

#[test]
fn of_rules_giving_one_code_the_first_that_applies_counts_and_an_undetermined_one_above_decides_nothing() {
    let p = compile(
        r#"policy "P" version "1"
facts { n: optional int
        m: int }
combine reward: all
rule a "A" source "S" when n >= 3 then reward tpp(persen: 85)
rule b "B" source "S" when m >= 5 then reward tpp(persen: 100)
rule c "C" source "S" when m >= 1 then reward tpp(persen: 100)
"#,
    );
    let d = p.evaluate(&json!({"n": 4, "m": 6}), &on("2025-01-01")).unwrap();
    assert_eq!(d.outcomes.len(), 1);
    assert_eq!((d.outcomes[0].rule(), d.outcomes[0].params["persen"].to_string().as_str()), ("a", "85"));
    assert!(d.set_aside[0].reason.contains("already gives `tpp` with other parameters"), "{}", d.set_aside[0].reason);
    // Rule a might apply: the amount is not decided.
    let d = p.evaluate(&json!({"m": 6}), &on("2025-01-01")).unwrap();
    assert!(d.outcomes.is_empty());
    assert_eq!((&*d.undetermined[0].code, d.undetermined[0].missing.as_slice()), ("tpp", ["n".to_string()].as_slice()));
    // An undetermined rule above that would give the same parameters decides nothing: c's
    // outcome is given either way.
    let same = compile(
        "policy \"P\" version \"1\"\nfacts { a: optional bool\n b: bool }\nlet p = 50\n\
         rule r1 \"R1\" source \"S\" when a then reward tpp(persen: p)\n\
         rule r2 \"R2\" source \"S\" when b then reward tpp(persen: 50)\n",
    );
    let d = same.evaluate(&json!({"b": true}), &on("2025-01-01")).unwrap();
    assert_eq!((d.outcomes.len(), d.undetermined.len()), (1, 0));
    // Rule a does not apply: b counts, and c (the same outcome) is set aside.
    let d = p.evaluate(&json!({"n": 1, "m": 6}), &on("2025-01-01")).unwrap();
    assert_eq!(d.outcomes[0].rule(), "b");
    assert!(d.set_aside[0].reason.contains("the same outcome is already given by rule `b`"));
    // The undetermined rule is weighed against the first rule below it that applies, not against
    // a later one that happens to give its parameters: if r1 does not apply r2 pays 20, so the
    // amount is not decided (r3's 10 was given as certain). The same for a collect table.
    let rules = "rule r1 \"1\" source \"s\" when a > 0 then reward tpp(p: 10)\n\
                 rule r2 \"2\" source \"s\" when b > 0 then reward tpp(p: 20)\n\
                 rule r3 \"3\" source \"s\" when b > 0 then reward tpp(p: 10)\n";
    let table = "decision table t \"T\" source \"s\" hit collect\n\
                 | a | b | hasil |\n| >= 1 | - | reward tpp(p: 10) |\n| - | >= 1 | reward tpp(p: 20) |\n\
                 | - | >= 0 | reward tpp(p: 10) |\n";
    for body in [rules, table] {
        let p = compile(&format!("policy \"P\" version \"1\"\nfacts {{ a: optional int\n b: optional int }}\n{body}"));
        let d = p.evaluate(&json!({"b": 1}), &on("2025-01-01")).unwrap();
        assert!(d.outcomes.is_empty(), "{body}: {:?}", d.outcomes);
        assert_eq!(
            (&*d.undetermined[0].code, d.undetermined[0].missing.as_slice()),
            ("tpp", ["a".to_string()].as_slice())
        );
        let d = p.evaluate(&json!({"a": 0, "b": 1}), &on("2025-01-01")).unwrap();
        assert_eq!(d.outcomes[0].params["p"], 20, "{body}");
        let d = p.evaluate(&json!({"a": 1, "b": 1}), &on("2025-01-01")).unwrap();
        assert_eq!(d.outcomes[0].params["p"], 10, "{body}");
    }
}

#[test]
fn expecting_none_fails_while_the_outcome_is_undetermined() {
    let src = |expect: &str| {
        format!(
            "policy \"P\" version \"1\"\nfacts {{ n: optional int\n m: optional int }}\nseverity {{ ringan: teguran }}\n\
             rule a \"A\" source \"S\" when n >= 3 then sanction teguran\n\
             rule b \"B\" source \"S\" when m >= 3 then reward tpp(persen: 10)\n\
             example \"x\" on 2025-01-01 {{\n    given {{ }}\n    {expect}\n}}\n"
        )
    };
    for expect in ["expect sanction none", "expect no sanction", "expect no reward tpp", "expect no reward"] {
        let results = compile(&src(expect)).run_tests();
        assert!(!results[0].passed, "{expect}");
        assert!(results[0].failures[0].actual.contains("undetermined (missing:"), "{:?}", results[0].failures);
    }
    assert!(compile(&src("expect undetermined tpp")).run_tests()[0].passed);
    // Expected undetermined but decided: given (with its parameters) or not, not "none".
    let decided = |given: &str| {
        let p = compile(&src("expect undetermined tpp").replace("given { }", given));
        p.run_tests()[0].failures[0].clone()
    };
    let f = decided("given { m: 5 }");
    assert_eq!(
        (f.expected.as_str(), f.actual.as_str()),
        ("undetermined", "given tpp(persen: 10); undetermined: teguran")
    );
    assert_eq!(f.in_lang(Lang::Id).actual, "diberikan tpp(persen: 10); belum pasti: teguran");
    assert_eq!(decided("given { m: 1, n: 1 }").actual, "not given");
    // Pointing at the expectation's own line (the example, on line 7, starts two above it).
    assert_eq!(f.line, Some(9));
    // A kind no rule gives the code: the expectation could never fail.
    let Err(err) = Policy::compile(&src("expect no notice tpp")) else { panic!("compiled") };
    assert_eq!(err.diagnostics[0].message.en, "no rule gives notice `tpp`; it is a reward");
}

#[test]
fn explanations_say_unknown_where_the_decision_is_undetermined() {
    let p = compile(
        r#"policy "P" version "1"
facts { skp: optional decimal
        berat: optional bool
        n: int }
severity { berat: pdhtaps }
rule s "S" source "S" when berat then sanction pdhtaps
rule bonus "Bonus" source "S" when sanction is absent then reward bonus
decision table tpp "TPP" source "S"
    | skp   | outcome               |
    | >= 90 | reward tpp(persen: 100) |
    | < 90  | reward tpp(persen: 50)  |
table u: int -> text { 1 -> "one" }
rule r "R" source "S" when n >= 1 then notice r(s: u(n))
rule both "Both" source "S" when skp >= skp * 2 then notice both
"#,
    );
    let d = p.evaluate(&json!({"n": 5}), &on("2025-01-01").explain(true)).unwrap();
    let text = aturan_core::render_decision_text(&d, Lang::En);
    // Both sides unknown: said once, not "required >= unknown — unknown".
    assert!(text.contains("? skp >= skp * 2 — unknown (missing: skp)"), "{text}");
    assert!(text.contains("Sanction: undetermined (below)"), "{text}");
    assert!(text.contains("skp is unknown (missing: skp): which row matches is not known"), "{text}");
    assert!(text.contains("sanction is absent: required absent — unknown"), "{text}");
    assert!(text.contains("conditions met, but notice `r` is undetermined: its parameters are not known (no row for 5 in the policy's table u)"), "{text}");
    let id = p.evaluate(&json!({"n": 5}), &on("2025-01-01").explain(true).lang(Lang::Id)).unwrap();
    assert!(aturan_core::render_decision_text(&id, Lang::Id).contains("Sanksi: belum pasti (lihat di bawah)"));
}

#[test]
fn an_exception_to_an_exception_replaces_the_base_too() {
    let p = compile(
        r#"policy "Exc" version "1"
facts { masa: int
        x: optional bool }
rule s10 "S10" source "S" when masa >= 10 then reward s10
rule s20 "S20" source "S" exception to s10 when masa >= 20 and x then reward s20
rule s30 "S30" source "S" exception to s20 when masa >= 30 then reward s30
"#,
    );
    let codes = |facts: serde_json::Value| given_and_open(&p.evaluate(&facts, &on("2025-01-01")).unwrap());
    assert_eq!(codes(json!({"masa": 35, "x": false})), (vec!["s30".to_string()], vec![]));
    assert_eq!(codes(json!({"masa": 25, "x": true})), (vec!["s20".to_string()], vec![]));
    assert_eq!(codes(json!({"masa": 25, "x": false})), (vec!["s10".to_string()], vec![]));
    // s20 undetermined and s30 not met: whether s10 is replaced is unknown.
    assert_eq!(codes(json!({"masa": 25})), (vec![], vec!["s10".to_string(), "s20".to_string()]));
}

#[test]
fn names_that_could_never_work_are_refused_with_why() {
    let message = |src: &str| match Policy::compile(src) {
        Err(e) => e.diagnostics[0].message.en.clone(),
        Ok(_) => panic!("compiled: {src}"),
    };
    let helper = "policy \"H\" version \"1\"\nfacts { items: list of { a: int } }\nhelpers \"\"\"\nfn jumlah(xs) { 0 }\n\"\"\"\nhelper jumlah(xs: list of { a: int }) -> int\n";
    assert!(message(helper).starts_with("a helper cannot be named `jumlah`: `jumlah(…)` is the aggregate `sum`"));
    let combine = "policy \"C\" version \"1\"\nfacts { a: int }\ncombine reward: heaviest\nrule r \"R\" source \"S\" when a > 1 then reward x\n";
    assert_eq!(
        message(combine),
        "`heaviest` combines sanctions only (by the severity order); a reward combines with `all`"
    );
}

#[test]
fn numbers_sent_as_text_read_as_the_numbers_in_every_form() {
    let p = compile(
        "policy \"P\" version \"1\"\nfacts { a: int\n b: decimal }\nrule r \"R\" source \"S\" when a > 1 then notice n(a: a, b: b)\n",
    );
    let params = |facts: serde_json::Value| {
        let d = p.evaluate(&facts, &on("2025-01-01")).unwrap();
        (d.outcomes[0].params["a"].to_string(), d.outcomes[0].params["b"].to_string())
    };
    assert_eq!(params(json!({"a": "30", "b": " 86.5 "})), params(json!({"a": 30, "b": 86.5})));
    assert_eq!(params(json!({"a": "3e1", "b": "8.65e1"})), params(json!({"a": 3e1, "b": 8.65e1})));
    assert!(p.evaluate(&json!({"a": "30 hari", "b": 1}), &on("2025-01-01")).is_err());
    assert!(p.evaluate(&json!({"a": "1_000", "b": 1}), &on("2025-01-01")).is_err());
    assert!(p.evaluate(&json!({"a": 1, "b": "8_6.5"}), &on("2025-01-01")).is_err());
    // Too large for an integer: said so, not "expected an integer".
    let big: serde_json::Value = serde_json::from_str(r#"{"a": 99999999999999999999999999999, "b": 1}"#).unwrap();
    let err = p.evaluate(&big, &on("2025-01-01")).unwrap_err().to_string();
    assert!(err.contains("expected an integer from -9223372036854775808 to 9223372036854775807"), "{err}");
}

#[test]
fn blanks_around_an_enum_value_or_a_date_sent_as_text_are_no_part_of_it() {
    // A padded export column (`"PNS "`, `" 2023-04-01"`) reads as a number with blanks around it does.
    let p = compile(
        "policy \"P\" version \"1\"\nenum Status { PNS, CPNS }\nfacts { status: Status\n tmt: date }\n\
         rule r \"R\" source \"S\" when status == \"PNS\" and tmt < 2024-01-01 then notice n\n",
    );
    let d = p.evaluate(&json!({"status": "PNS ", "tmt": " 2023-04-01 "}), &on("2025-01-01")).unwrap();
    assert_eq!(given_and_open(&d).0, ["n"]);
    // Inside the value they are still wrong.
    let err = p.evaluate(&json!({"status": "P NS", "tmt": "2023 -04-01"}), &on("2025-01-01")).unwrap_err().to_string();
    assert!(err.contains("`status`") && err.contains("`tmt`"), "{err}");
}

#[test]
fn expecting_a_sanction_fails_while_a_heavier_one_is_undetermined() {
    let p = compile(
        "policy \"P\" version \"1\"\nfacts { s: bool\n b: optional bool }\nseverity { sedang: potong\n berat: pecat }\n\
         rule r1 \"R1\" source \"S\" when s then sanction potong\n\
         rule r2 \"R2\" source \"S\" when b then sanction pecat\n\
         example \"open\" on 2025-01-01 {\n    given { s: true }\n    expect sanction potong\n}\n\
         example \"known\" on 2025-01-01 {\n    given { s: true, b: false }\n    expect sanction potong\n}\n",
    );
    let results = p.run_tests();
    assert!(!results[0].passed);
    assert_eq!(results[0].failures[0].actual, "potong; pecat undetermined (missing: b)");
    assert!(results[1].passed);
}

#[test]
fn holds_from_names_the_first_day_it_holds_even_for_a_start_still_ahead() {
    let p = compile(
        "policy \"P\" version \"1\"\nfacts { tmt: date }\nrule a \"A\" source \"S\" when full_years(tmt, as_of) >= 0 then notice mulai\n",
    );
    let note = |as_of: &str| {
        let d = p.evaluate(&json!({"tmt": "2026-03-01"}), &on(as_of).explain(true)).unwrap();
        d.explanation.unwrap()[0].conditions[0].note.clone()
    };
    assert!(note("2025-01-15").ends_with("holds from 2025-03-02"), "{}", note("2025-01-15"));
    assert!(note("2025-03-01").ends_with("holds from 2025-03-02"));
    let on_the_day = p.evaluate(&json!({"tmt": "2026-03-01"}), &on("2025-03-02")).unwrap();
    assert_eq!(on_the_day.outcomes.len(), 1);
}

#[test]
fn a_requirement_written_value_first_or_in_days_is_explained_the_same_way() {
    let p = compile(
        "policy \"P\" version \"1\"\nfacts { t: date }\n\
         rule a \"A\" source \"S\" when 4 <= full_years(t, as_of) then notice a\n\
         rule c \"C\" source \"S\" when days_between(t, as_of) >= 4000 then notice c\n",
    );
    let d = p.evaluate(&json!({"t": "2020-02-29"}), &on("2023-06-01").explain(true)).unwrap();
    let explanation = d.explanation.unwrap();
    let years = &explanation[0].conditions[0];
    assert_eq!((years.actual.as_deref(), years.required.as_deref()), (Some("3"), Some(">= 4")));
    assert!(years.note.ends_with("holds from 2024-02-29"), "{}", years.note);
    assert!(
        explanation[1].conditions[0].note.ends_with("holds from 2031-02-11"),
        "{}",
        explanation[1].conditions[0].note
    );
}

#[test]
fn ranges_of_ordered_enum_values_read_by_the_enum_order() {
    let src = |decl: &str, cond: &str| {
        format!("policy \"P\" version \"1\"\nenum P {decl} {{ kurang, cukup, baik, sangat_baik }}\nfacts {{ p: P\n nama: text }}\nrule r \"R\" source \"S\" when {cond} then notice ok\n")
    };
    let p = compile(&src("ordered", "p in \"cukup\"..\"baik\""));
    let given = |v: &str| p.evaluate(&json!({"p": v, "nama": "x"}), &on("2025-01-01")).unwrap().outcomes.len();
    assert_eq!([given("kurang"), given("cukup"), given("baik"), given("sangat_baik")], [0, 1, 1, 0]);
    let message = |s: &str| match Policy::compile(s) {
        Err(e) => e.diagnostics.iter().map(|d| d.message.en.clone()).collect::<Vec<_>>(),
        Ok(_) => Vec::new(),
    };
    assert_eq!(
        message(&src("", "p in \"cukup\"..\"baik\"")),
        ["`P` is not ordered, so its values make no range; list them instead: `in [\"a\", \"b\"]`"]
    );
    assert_eq!(
        message(&src("ordered", "nama in \"a\"..\"c\"")),
        ["a range needs two numbers, dates or ordered values, found text and text"]
    );
}

#[test]
fn an_example_naming_a_fact_or_parameter_twice_is_refused() {
    let src = "policy \"P\" version \"1\"\nfacts { n: int\n p: { x: int } }\nparam bonus: int = 1\n\
               rule r \"R\" source \"S\" when n >= 3 then notice ok(x: p.x, b: bonus)\n\
               example \"e\" on 2025-01-01 {\n    given { n: 5, p: { x: 1, x: 2 } }\n    with bonus = 2\n    with bonus = 3\n    expect notice ok\n}\n";
    let Err(err) = Policy::compile(src) else { panic!("compiled") };
    let messages: Vec<&str> = err.diagnostics.iter().map(|d| d.message.en.as_str()).collect();
    assert_eq!(
        messages,
        ["the example's facts give `p.x` twice; which one counts would be a guess", "parameter `bonus` is given twice"]
    );
}

#[test]
fn known_items_bound_a_count_min_or_max_with_undecided_items() {
    let p = compile(
        r#"policy "p" version "1"
facts { xs: list of { level: optional text, months: optional int } }
let heavy = count(xs where level == "berat")
rule one "r" source "s" when heavy >= 1 then notice one
rule two "r" source "s" when 2 <= heavy then notice two
rule none_heavy "r" source "s" when heavy == 0 then notice none_heavy
rule short "r" source "s" when min(xs.months) < 6 then notice short
rule long "r" source "s" when max(xs.months where level != "ringan") > 24 then notice long
rule same "r" source "s" when (if heavy > 1 then 7 else 7) == 7 then notice same
"#,
    );
    let facts = json!({"xs": [{"level": "berat", "months": 3}, {"months": 36}]});
    let d = p.evaluate(&facts, &on("2025-12-31").explain(true)).unwrap();
    let (given, open) = given_and_open(&d);
    // One heavy one is known, the second item's level is not: the count is 1 or 2.
    assert_eq!(given, ["one", "short", "same"]);
    assert_eq!(open, ["two", "long"]);
    let one = d.explanation.as_ref().unwrap().iter().find(|t| t.rule.as_ref() == "one").unwrap();
    assert_eq!(one.conditions[0].actual.as_deref(), Some("from 1 to 2"));
    assert_eq!(d.undetermined[0].missing, ["xs[1].level"]);

    // Nothing known to match: `>= 1` is unknown, `== 0` too; a known count decides both.
    let d = p.evaluate(&json!({"xs": [{"level": "ringan", "months": 12}, {}]}), &on("2025-12-31")).unwrap();
    let (given, open) = given_and_open(&d);
    assert_eq!(given, ["same"]);
    assert_eq!(open, ["one", "none_heavy", "short", "long"]);
    let d = p.evaluate(&json!({"xs": [{"level": "ringan", "months": 12}]}), &on("2025-12-31")).unwrap();
    assert_eq!(given_and_open(&d), (vec!["none_heavy".to_string(), "same".to_string()], vec![]));
    // Membership is bounded the same way: 1 or 2 heavy ones are not in [0] nor in 0..0.
    let q = compile(
        "policy \"q\" version \"1\"\nfacts { xs: list of { level: optional text } }\n\
         let heavy = count(xs where level == \"berat\")\n\
         rule a \"r\" source \"s\" when heavy in [0] then notice a\n\
         rule b \"r\" source \"s\" when heavy not in 0..0 then notice b\n\
         rule c \"r\" source \"s\" when heavy in [2, 3] then notice c\n",
    );
    let d = q.evaluate(&json!({"xs": [{"level": "berat"}, {}]}), &on("2025-12-31")).unwrap();
    assert_eq!(given_and_open(&d), (vec!["b".to_string()], vec!["c".to_string()]));
    // A minimum known to be below the bound holds, whatever the item without months holds.
    let d =
        p.evaluate(&json!({"xs": [{"level": "ringan", "months": 3}, {"level": "ringan"}]}), &on("2025-12-31")).unwrap();
    assert_eq!(given_and_open(&d), (vec!["none_heavy".to_string(), "short".to_string(), "same".to_string()], vec![]));

    // A maximum known to exceed the bound holds whatever the undecided item holds; in Indonesian
    // the explanation says "paling sedikit".
    let facts = json!({"xs": [{"level": "sedang", "months": 30}, {"level": "berat"}]});
    let d = p.evaluate(&facts, &on("2025-12-31").explain(true).lang(Lang::Id)).unwrap();
    assert!(given_and_open(&d).0.contains(&"long".to_string()));
    let long = d.explanation.as_ref().unwrap().iter().find(|t| t.rule.as_ref() == "long").unwrap();
    assert_eq!(long.conditions[0].actual.as_deref(), Some("paling sedikit 30"));
}

#[test]
fn known_items_bound_a_sum_with_undecided_items() {
    let p = compile(
        r#"policy "p" version "1"
facts {
    pelatihan: list of { tahun: int, jp: int >= 0 }
    nilai: list of { tahun: int, skor: optional decimal in 0..100 }
    bebas: list of { tahun: int, n: int }
}
let jp = sum(pelatihan.jp where tahun == 2025)
rule kurang "r" source "s" when jp < 20 then notice kurang(kekurangan: 20 - jp)
rule cukup "r" source "s" when jp >= 20 then notice cukup
rule skor "r" source "s" when sum(nilai.skor where tahun == 2025) <= 150 then notice skor
rule bebas "r" source "s" when sum(bebas.n where tahun == 2025) >= 10 then notice bebas
"#,
    );
    let facts = |pelatihan: serde_json::Value| {
        json!({"pelatihan": pelatihan, "nilai": [{"tahun": 2025, "skor": 90}, {"skor": 95}],
               "bebas": [{"tahun": 2025, "n": 12}, {"n": -5}]})
    };
    // 24 hours known this year, and one training whose year is missing: whatever that year,
    // the hours are at least 24 (`jp` is declared `>= 0`), so nothing is short.
    let d = p.evaluate(&facts(json!([{"tahun": 2025, "jp": 24}, {"jp": 8}])), &on("2025-12-31").explain(true)).unwrap();
    let (given, open) = given_and_open(&d);
    assert_eq!(given, ["cukup"]);
    // The score sum is 90 or 185 (the second item's year decides); `bebas.n` has no declared
    // range, but its undecided item's number is known (-5): 12 or 7.
    assert_eq!(open, ["skor", "bebas"]);
    let cukup = d.explanation.as_ref().unwrap().iter().find(|t| t.rule.as_ref() == "cukup").unwrap();
    assert_eq!(cukup.conditions[0].actual.as_deref(), Some("from 24 to 32"));
    // A counted training whose hours are missing adds 0 or more: 12 known is at least 12.
    let d = p.evaluate(&facts(json!([{"tahun": 2025, "jp": 12}, {"tahun": 2025}])), &on("2025-12-31")).unwrap();
    let (given, open) = given_and_open(&d);
    assert!(given.is_empty(), "{given:?}");
    assert_eq!(open, ["kurang", "cukup", "skor", "bebas"]);
    // 21 known and one of unknown year and hours: at least 21, so `cukup` is given.
    let d = p.evaluate(&facts(json!([{"tahun": 2025, "jp": 21}, {}])), &on("2025-12-31")).unwrap();
    assert_eq!(given_and_open(&d).0, ["cukup"]);
    // The scores: an item of unknown year adds nothing or its score, so 40 and 70 make at most
    // 110, within 150; 60 and 100 make at most 160, not decided.
    let q = compile(
        "policy \"q\" version \"1\"\nfacts { nilai: list of { tahun: int, skor: optional decimal in 0..100 } }\n\
         rule skor \"r\" source \"s\" when sum(nilai.skor where tahun == 2025) <= 150 then notice skor\n",
    );
    let d = q.evaluate(&json!({"nilai": [{"tahun": 2025, "skor": 40}, {"skor": 70}]}), &on("2025-12-31")).unwrap();
    assert_eq!(given_and_open(&d).0, ["skor"]);
    let d = q.evaluate(&json!({"nilai": [{"tahun": 2025, "skor": 60}, {"skor": 100}]}), &on("2025-12-31")).unwrap();
    assert_eq!(given_and_open(&d).1, ["skor"]);
}

#[test]
fn examples_that_could_never_pass_are_compile_errors() {
    let src = |example: &str| {
        format!(
            "policy \"Ex\" version \"1\"\neffective from 2024-01-01\nenum Rating ordered {{ poor, good }}\n\
             facts {{ score: decimal, rating: Rating, years: optional int }}\nparam bonus: decimal = 10\n\
             rule tpp \"TPP\" source \"S\" when score >= 80 then reward tpp(percent: bonus)\n{example}"
        )
    };
    let codes = |example: &str| -> Vec<&'static str> {
        match Policy::compile(&src(example)) {
            Ok(p) => p.warnings().iter().map(|d| d.code).collect(),
            Err(e) => e.diagnostics.iter().map(|d| d.code).collect(),
        }
    };
    let ok =
        "example \"e\" on 2025-12-31 {\n given { score: 85, rating: \"good\" }\n expect reward tpp(percent: 10)\n}";
    assert!(codes(ok).is_empty());
    let cases = [
        (ok.replace("\"good\"", "\"goood\""), "example-facts"),
        (ok.replace(" expect", " with bonus = \"dua belas\"\n expect"), "example-param"),
        (ok.replace("percent: 10", "persen: 10"), "unknown-param"),
        (ok.replace("percent: 10", "percent: \"ten\""), "type"),
        (ok.replace("2025-12-31", "2023-12-31"), "example-date"),
        (ok.replace("score: 85", "score: 85, yaers: 3"), "example-undeclared"),
    ];
    for (example, code) in cases {
        assert_eq!(codes(&example), [code], "{example}");
    }
    // The misspelt field is named, with the declared one it may be.
    let p = Policy::compile(&src(&ok.replace("score: 85", "score: 85, yaers: 3"))).unwrap();
    assert_eq!(p.warnings()[0].help.as_ref().map(|h| h.en.as_str()), Some("did you mean `years`?"));
    // An expected outcome that is undetermined says so, with the missing fact.
    let p = Policy::compile(&src(
        "example \"e\" on 2025-12-31 {\n given { rating: \"good\" }\n expect reward tpp(percent: 10)\n}",
    ))
    .unwrap();
    let failure = &p.run_tests()[0].failures[0];
    assert_eq!(failure.actual, "tpp undetermined (missing: score)");
}

#[test]
fn an_int_parameter_default_must_be_a_whole_number_of_64_bits() {
    for (default, message) in [
        ("2.5", "expected an integer, found 2.5"),
        (
            "99999999999999999999",
            "expected an integer from -9223372036854775808 to 9223372036854775807, found 99999999999999999999",
        ),
    ] {
        let src = format!("policy \"P\" version \"1\"\nfacts {{ a: int }}\nparam p: int = {default}\nrule r \"R\" source \"S\" when a > p then notice n\n");
        let err = Policy::compile(&src).expect_err("refused");
        assert_eq!(err.diagnostics[0].message.en, message);
    }
    // A whole number written with a decimal point is that integer.
    let p = compile("policy \"P\" version \"1\"\nfacts { a: int }\nparam p: int = 3.0\nrule r \"R\" source \"S\" when a > p then notice n\n");
    assert_eq!(p.evaluate(&json!({"a": 4}), &on("2025-01-01")).unwrap().outcomes.len(), 1);
}

#[test]
fn table_explanations_show_every_collected_row_and_a_match_under_an_unknown_when() {
    let p = compile(
        r#"policy "T" version "1"
facts { late: int >= 0, absent: int >= 0, eligible: optional bool }
decision table cuts "Cuts" source "S" hit collect
    | late | absent | outcome |
    | > 0  | -      | notice cut_late(p: 1) |
    | -    | > 0    | notice cut_absent(p: 3) |
decision table award "Award" source "S"
    when eligible
    | late | outcome |
    | 0    | reward on_time |
    | > 0  | none |
"#,
    );
    let d = p.evaluate(&json!({"late": 0, "absent": 2}), &on("2025-12-31").explain(true)).unwrap();
    let trace = |id: &str| d.explanation.as_ref().unwrap().iter().find(|t| t.rule.as_ref() == id).unwrap().clone();
    let cuts = trace("cuts");
    assert_eq!(cuts.summary, "row 2 (line 6) matched: notice `cut_absent` (p 3)");
    let d = p.evaluate(&json!({"late": 5, "absent": 2}), &on("2025-12-31").explain(true)).unwrap();
    let cuts = d.explanation.as_ref().unwrap().iter().find(|t| t.rule.as_ref() == "cuts").unwrap();
    assert!(cuts.summary.starts_with("row 1 (line 5) matched: notice `cut_late`"), "{}", cuts.summary);
    assert!(cuts.summary.contains("; row 2 (line 6) matched: notice `cut_absent`"), "{}", cuts.summary);
    assert!(cuts.conditions.iter().any(|c| c.text == "row 2: absent > 0"));
    // `eligible` is missing: the row that matches is named, and what is unknown.
    let award = d.explanation.as_ref().unwrap().iter().find(|t| t.rule.as_ref() == "award").unwrap();
    // Row 2 matches (as a matching `none` row is shown) and gives no outcome, whatever
    // `eligible` is.
    assert_eq!(award.result, Truth::True);
    assert!(award.summary.starts_with("row 2 (line 11) matched: no reward"), "{}", award.summary);
    let d = p.evaluate(&json!({"late": 0, "absent": 0}), &on("2025-12-31").explain(true)).unwrap();
    let award = d.explanation.as_ref().unwrap().iter().find(|t| t.rule.as_ref() == "award").unwrap();
    assert_eq!(award.result, Truth::Unknown);
    assert_eq!(
        award.summary,
        "row 1 (line 10) matches: reward `on_time`; but the table's condition is unknown (missing: eligible)"
    );
    assert!(award.summary.ends_with("but the table's condition is unknown (missing: eligible)"), "{}", award.summary);
}

#[test]
fn none_is_shown_as_none_and_has_no_entry_in_a_lookup_table() {
    let p = compile(
        r#"policy "LK" version "1"
enum Grade ordered { "III/a", "III/b", "III/c" }
facts { grade: Grade }
table bonus: Grade -> decimal {
    "III/a" -> 5
    "III/b" -> 10
    "III/c" -> 15
}
rule up "R" source "S" when bonus(next(grade)) > 1 then reward up(p: bonus(grade))
rule hint "R" source "S" when grade >= "III/b" then notice hint(to: next(grade))
"#,
    );
    // At the top grade `next` is none: no entry, known, so `up` does not apply (it was
    // undetermined, missing `bonus(none)`), and the notice reads "to none", not "to ?".
    let d = p.evaluate(&json!({"grade": "III/c"}), &on("2025-12-31")).unwrap();
    assert_eq!(given_and_open(&d), (vec!["hint".to_string()], vec![]));
    assert!(
        aturan_core::render_decision_text(&d, Lang::En).contains("hint (to none)"),
        "{}",
        aturan_core::render_decision_text(&d, Lang::En)
    );
    assert!(
        aturan_core::render_decision_text(&d, Lang::Id).contains("hint (to tidak ada)"),
        "{}",
        aturan_core::render_decision_text(&d, Lang::Id)
    );
}

#[test]
fn a_missing_path_through_a_filter_is_written_with_the_policys_own_keyword() {
    let d = semarang().evaluate(&json!({"kinerja": []}), &on("2025-12-31")).unwrap();
    let kp = d.undetermined.iter().find(|u| &*u.code == "kp_reguler").unwrap();
    assert!(kp.missing.contains(&"kinerja[yang tahun == 2025]".to_string()), "{:?}", kp.missing);
}

#[test]
fn an_undetermined_sanction_reads_as_the_heaviest_that_might_be_imposed() {
    let d = semarang().evaluate(&json!({"status": "PNS"}), &on("2025-12-31")).unwrap();
    let en = aturan_core::render_decision_text(&d, Lang::En);
    assert!(en.contains("  sanction up to hukuman_disiplin_berat (pelanggaran_berat) — missing: "), "{en}");
    let id = aturan_core::render_decision_text(&d, Lang::Id);
    assert!(
        id.contains("  sanksi paling berat hukuman_disiplin_berat (pelanggaran_berat) — fakta belum ada: "),
        "{id}"
    );
    // A sanction imposed while a heavier one is open says so where it is listed.
    let d = semarang()
        .evaluate(
            &json!({"status": "PNS", "presensi": {"tahun": 2025, "alpa_hari": 5, "alpa_berturut_hari": 0}}),
            &on("2025-12-31"),
        )
        .unwrap();
    let en = aturan_core::render_decision_text(&d, Lang::En);
    assert!(en.contains("Sanction:\n  teguran_tertulis [ringan] — "), "{en}");
    assert!(en.contains("\n  (a heavier sanction is undetermined, below)\n"), "{en}");
    let id = aturan_core::render_decision_text(&d, Lang::Id);
    assert!(id.contains("\n  (sanksi yang lebih berat belum pasti, lihat di bawah)\n"), "{id}");
}

#[test]
fn an_empty_case_file_is_an_error_not_a_pass() {
    let path = std::env::temp_dir().join(format!("aturan-empty-cases-{}.json", std::process::id()));
    std::fs::write(&path, " [ ]\n").unwrap();
    let en = aturan_core::Case::load_file_in(&path, Lang::En).unwrap_err();
    assert!(en.ends_with("holds no case (an empty array): a case file checks at least one case"), "{en}");
    assert!(aturan_core::Case::load_file_in(&path, Lang::Id).unwrap_err().contains("tidak berisi kasus"));
    // Given as data, no cases are no results.
    assert!(aturan_core::Case::parse("[]").unwrap().is_empty());
    std::fs::remove_file(&path).unwrap();
}

#[test]
fn a_misspelt_field_in_a_case_file_is_named_with_the_field_it_may_be() {
    let text = r#"[{"name": "c", "as_of": "2025-12-31", "facts": {}, "expect": {"sanction": null, "rewads": {}}}]"#;
    let en = aturan_core::Case::parse_in(text, Lang::En).unwrap_err();
    assert!(
        en.contains("case 1 (c) is not a case: in `expect`: unknown field `rewads` (did you mean `rewards`?)"),
        "{en}"
    );
    // A value of the wrong type is named by its place in the case.
    let wrong = r#"[{"name": "c", "as_of": "2025-12-31", "facts": {}, "expect": {"undetermined": [1]}}]"#;
    let wrong = aturan_core::Case::parse_in(wrong, Lang::En).unwrap_err();
    assert_eq!(wrong, "case 1 (c) is not a case: in `expect.undetermined[0]`: expected a text, found a number");
    // Not serde's words (`invalid length 0, expected struct Case with 5 elements`) for a value of
    // the wrong shape, in either language.
    let shapes = [
        ("null", "not an array of cases, nor one case: expected a case, an object with `name`, `as_of`, `facts` and `expect`, found null"),
        ("[[]]", "case 1 is not a case: expected a case, an object with `name`, `as_of`, `facts` and `expect`, found an array"),
        (
            r#"[{"name": "c", "as_of": "2025-12-31", "facts": {}, "expect": []}]"#,
            "case 1 (c) is not a case: in `expect`: expected an object of the outcomes expected: `sanction`, `rewards`, `promotion`, `notices`, `undetermined`, found an array",
        ),
        (
            r#"[{"name": "c", "as_of": "2025-12-31", "facts": {}, "expect": {"rewards": null, "undetermined": "x"}}]"#,
            "case 1 (c) is not a case: in `expect.rewards`: expected an object, found null",
        ),
        (
            r#"[{"name": "c", "as_of": "2025-12-31", "facts": {}, "expect": {"undetermined": "x"}}]"#,
            "case 1 (c) is not a case: in `expect.undetermined`: expected an array, found the text \"x\"",
        ),
    ];
    for (text, said) in shapes {
        assert_eq!(aturan_core::Case::parse_in(text, Lang::En).unwrap_err(), said);
    }
    assert_eq!(
        aturan_core::Case::parse_in(r#"[{"name": null}]"#, Lang::Id).unwrap_err(),
        "kasus 1 tidak sah: pada `name`: seharusnya teks, ditemukan null"
    );
    let id = aturan_core::Case::parse_in(text, Lang::Id).unwrap_err();
    assert!(id.contains("isian `rewads` tidak dikenal (maksud Anda `rewards`?)"), "{id}");
    let missing = aturan_core::Case::parse_in(r#"{"name": "c", "facts": {}, "expect": {}}"#, Lang::En).unwrap_err();
    assert_eq!(missing, "not an array of cases, nor one case: the field `as_of` is missing");
    // What a case file whose single object is something else is told.
    let other = aturan_core::Case::parse_in(r#"{"employees": []}"#, Lang::Id).unwrap_err();
    assert!(other.starts_with("bukan larik kasus, bukan pula satu kasus: "), "{other}");
}

#[test]
fn undecided_values_that_are_settled_anyway() {
    let p = compile(
        r#"policy "S" version "1"
enum G ordered { a, b, c }
facts { h: list of { t: optional text, b: optional int }, g: optional G, top: G, c1: optional bool }
let heavy = count(h where t == "berat")
rule covered "r" source "s" when heavy in [1, 2] then notice covered
rule order_none "r" source "s" when g < next(top) then notice order_none
rule same "r" source "s" when (if c1 then 5 else 5.0) == 5 then notice same
rule counted "r" source "s" when count(h where t == "berat") is absent then notice counted
rule defaulted "r" source "s" when (heavy otherwise 0) == 0 then notice defaulted
"#,
    );
    let d = p.evaluate(&json!({"h": [{"t": "berat"}, {}], "top": "c"}), &on("2025-12-31").explain(true)).unwrap();
    // 1 or 2 heavy ones are both in [1, 2]; nothing orders with none (next of the top grade);
    // 5 and 5.0 are one number; a count over a list that is there is never absent.
    assert_eq!(given_and_open(&d), (vec!["covered".to_string(), "same".to_string()], vec![]));
    let covered = d.explanation.as_ref().unwrap().iter().find(|t| t.rule.as_ref() == "covered").unwrap();
    assert_eq!(covered.conditions[0].actual.as_deref(), Some("from 1 to 2"));
    let counted = d.explanation.as_ref().unwrap().iter().find(|t| t.rule.as_ref() == "counted").unwrap();
    assert_eq!(counted.conditions[0].actual.as_deref(), Some("present"));
}

#[test]
fn examples_may_write_dates_numbers_and_exponents_as_facts_are_written() {
    let p = compile(
        r#"policy "D" version "1"
facts { tmt: date, s: decimal }
rule r "R" source "S" when s > 80 then reward tpp(t: tmt, k: 30)
example "e" on 2025-12-31 {
    given { tmt: "2020-01-01", s: 8.65e1 }
    expect reward tpp(t: "2020-01-01", k: "30")
}
"#,
    );
    assert!(p.run_tests()[0].passed, "{:?}", p.run_tests());
}

#[test]
fn a_condition_that_is_none_holds_neither_way() {
    let p = compile(
        r#"policy "N" version "1"
enum G ordered { a, b }
facts { g: G, x: int, y: optional int }
table boleh: G -> bool { "a" -> true  "b" -> true }
helpers """
fn cek(x) { if x > 5 { true } }
"""
helper cek(x: int) -> bool
rule pos "P" source "S" when boleh(next(g)) then notice pos
rule neg "N" source "S" when not boleh(next(g)) then notice neg
rule both "B" source "S" when x >= 0 and boleh(next(g)) then notice both
rule either "E" source "S" when boleh(next(g)) or x >= 0 then notice either
rule none_or_none "O" source "S" when boleh(next(g)) or not boleh(next(g)) then notice none_or_none
rule if_pos "I" source "S" when (if x > 1 then true else none) then notice if_pos
rule if_neg "J" source "S" when not (if x > 1 then true else none) then notice if_neg
rule helper_pos "H" source "S" when cek(x) then notice helper_pos
rule helper_neg "K" source "S" when not cek(x) then notice helper_neg
rule never "V" source "S" when boleh(next(g)) and y > 1 then notice never
rule maybe "M" source "S" when boleh(next(g)) or y > 1 then notice maybe
decision table band "T" source "S" hit first
    | boleh(next(g)) | x    | hasil          |
    | true           | -    | notice band_t  |
    | -              | >= 0 | notice band_x  |
"#,
    );
    // At the top grade `next(g)` is none, and so is `boleh` of it: neither it nor its `not`
    // holds (a rule with it does not apply), whatever else the rule says.
    let d = p.evaluate(&json!({"g": "b", "x": 0}), &on("2025-12-31")).unwrap();
    let (given, open) = given_and_open(&d);
    assert_eq!((given, open), (vec!["either".to_string(), "band_x".to_string()], vec!["maybe".to_string()]));
    // Below the top the same rules read true and false as usual.
    let d = p.evaluate(&json!({"g": "a", "x": 9, "y": 0}), &on("2025-12-31")).unwrap();
    let (given, open) = given_and_open(&d);
    assert_eq!(given, ["pos", "both", "either", "none_or_none", "if_pos", "helper_pos", "maybe", "band_t"]);
    assert!(open.is_empty(), "{open:?}");
}

#[test]
fn none_equals_no_value_not_even_none() {
    let p = compile(
        r#"policy "N" version "1"
enum G ordered { a, b, c }
table boleh: G -> bool { "a" -> true  "b" -> false  "c" -> true }
facts { g: G  h: optional G  xs: list of { v: int }  ys: list of { v: int } }
rule eq "E" source "S" when next(g) == next(h) then notice eq
rule ne "N" source "S" when next(g) != next(h) then notice ne
rule minmax "M" source "S" when min(xs.v) == max(ys.v) then notice minmax
rule inl "I" source "S" when next(g) in [next(h)] then notice inl
rule notin "O" source "S" when next(g) not in [next(h)] then notice notin
rule unknown "U" source "S" when next(g) == h then notice unknown
rule iff "F" source "S" when (if boleh(next(g)) then 1 else 2) is absent then notice iff
"#,
    );
    // Both at the top grade, both lists empty: every `none` is unequal to every other.
    let d = p.evaluate(&json!({"g": "c", "h": "c", "xs": [], "ys": []}), &on("2025-12-31")).unwrap();
    assert_eq!(given_and_open(&d), (vec!["ne".to_string(), "notin".to_string(), "iff".to_string()], vec![]));
    // With `h` missing, `none == h` is still false: `none` equals no value `h` could be.
    let d = p.evaluate(&json!({"g": "c", "xs": [], "ys": []}), &on("2025-12-31")).unwrap();
    let (given, open) = given_and_open(&d);
    assert!(!given.contains(&"unknown".to_string()) && !open.contains(&"unknown".to_string()), "{given:?} {open:?}");
}

#[test]
fn sanctions_without_a_severity_are_said_to_be_imposed_all_at_once() {
    let warned = |extra: &str| -> Vec<String> {
        let src = format!(
            "policy \"S\" version \"1\"\nfacts {{ x: int }}\n{extra}\nrule a \"A\" source \"S\" when x > 1 then sanction teguran_lisan\nrule b \"B\" source \"S\" when x > 2 then sanction teguran_tertulis\n"
        );
        compile(&src)
            .warnings()
            .iter()
            .filter(|d| d.code == "sanctions-combined")
            .map(|d| d.message.en.clone())
            .collect()
    };
    assert_eq!(
        warned(""),
        ["`a`, `b` give sanctions and there is no `severity` declaration: when several apply, every one is imposed at once"]
    );
    assert!(warned("combine sanction: all").is_empty(), "said on purpose");
    assert!(warned("severity { ringan: teguran_lisan, teguran_tertulis }").is_empty(), "only the heaviest");
    // Without a severity both are imposed, and the decision lists both.
    let p = compile(
        "policy \"S\" version \"1\"\nfacts { x: int }\nrule a \"A\" source \"S\" when x > 1 then sanction teguran_lisan\nrule b \"B\" source \"S\" when x > 2 then sanction teguran_tertulis\n",
    );
    let d = p.evaluate(&json!({"x": 5}), &on("2025-12-31")).unwrap();
    assert_eq!(d.of_kind(OutcomeKind::Sanction).count(), 2);
}

#[test]
fn a_field_named_like_a_fact_the_facts_lack_is_named_with_it() {
    let p = semarang();
    let near = |facts: serde_json::Value| p.misspelt_fields(&facts);
    let expected = vec![("presensi.alpa_hri".to_string(), "presensi.alpa_hari".to_string())];
    assert_eq!(near(json!({"presensi": {"alpa_hri": 30}})), expected);
    // Given as null, the declared fact is lacking all the same.
    assert_eq!(near(json!({"presensi": {"alpa_hari": null, "alpa_hri": 30}})), expected);
    // Given, it is not: `alpa_hri` is then an extra field like any other.
    assert!(near(json!({"presensi": {"alpa_hari": 3, "alpa_hri": 30}})).is_empty());
    assert!(near(json!({"nama": "Budi", "unit_kerja": "Dinas"})).is_empty());
    // A field of a record given outside it, as a flat export names it.
    let outside = vec![("alpa_hari".to_string(), "presensi.alpa_hari".to_string())];
    assert_eq!(near(json!({"alpa_hari": 3})), outside);
    assert_eq!(near(json!({"alpa_hari": 3, "presensi": {"tahun": 2025}})), outside);
    assert!(near(json!({"alpa_hari": 3, "presensi": {"alpa_hari": 3}})).is_empty());
}

/// A source that says its lists are longer or shorter than the items it gives.
#[derive(Clone, Copy)]
struct Miscounted<'a>(&'a serde_json::Value, i64);

impl aturan_core::FactSource for Miscounted<'_> {
    fn fact(&self) -> aturan_core::Fact<'_> {
        match (aturan_core::json_fact(self.0), self.1) {
            (aturan_core::Fact::List(n), by) => aturan_core::Fact::List(n.saturating_add_signed(by as isize)),
            (other, _) => other,
        }
    }

    fn fields(&self, def: &aturan_core::RecordDef, each: &mut dyn FnMut(usize, Self)) {
        self.0.fields(def, &mut |i, v| each(i, Miscounted(v, self.1)));
    }

    fn items(&self, each: &mut dyn FnMut(usize, Self)) {
        self.0.items(&mut |i, v| each(i, Miscounted(v, self.1)));
    }
}

#[test]
fn a_source_whose_list_length_disagrees_with_its_items_is_refused() {
    let p = semarang();
    let opts = on("2025-12-31");
    assert_eq!(
        p.evaluate_from(Miscounted(&budi(), 0), &opts).unwrap().to_json(),
        p.evaluate(&budi(), &opts).unwrap().to_json()
    );
    for by in [1, -1] {
        let Err(EvalError::Facts(issues)) = p.evaluate_from(Miscounted(&budi(), by), &opts) else {
            panic!("a list of the wrong length must be refused ({by})");
        };
        let kinerja = issues.iter().find(|x| x.path == "kinerja").unwrap();
        assert!(kinerja.expected.get(Lang::En).contains("as its source says (the source gave 2)"), "{kinerja:?}");
    }
}

#[test]
fn an_enum_too_large_to_number_is_refused_quickly() {
    let values: Vec<String> = (0..70_000).map(|i| format!("v{i}")).collect();
    let src = format!("policy \"E\" version \"1\"\nenum E {{ {} }}\nfacts {{ e: E }}\n", values.join(", "));
    let Err(aturan_core::CompileError { diagnostics, .. }) = Policy::compile(&src) else {
        panic!("an enum of 70,000 values must be refused");
    };
    assert!(
        diagnostics.iter().any(|d| d.code == "enum-size" && d.message.en.contains("at most 65535")),
        "{diagnostics:?}"
    );
}

#[test]
fn a_policy_shows_what_it_is_in_debug_output() {
    let shown = format!("{:?}", semarang());
    assert!(
        shown.starts_with(
            "Policy { name: \"Kinerja dan Disiplin ASN Kota Semarang\", version: \"2025.1\", source_hash: \"sha256:"
        ),
        "{shown}"
    );
    assert!(shown.contains("rules: "), "{shown}");
}

#[test]
fn an_error_is_data_in_the_shape_the_command_prints() {
    let mut wrong = budi();
    wrong["presensi"]["alpa_hari"] = json!(-1);
    let err = semarang().evaluate(&wrong, &on("2025-12-31")).unwrap_err();
    let data = err.to_json(Lang::Id);
    assert_eq!(data["code"], "facts");
    assert_eq!(data["message"], err.message(Lang::Id));
    assert_eq!(data["issues"][0]["path"], "presensi.alpa_hari");
    assert_eq!(data["issues"][0]["found"], "-1");
    let keys: Vec<&String> = data.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["code", "message", "issues"]);
    let param = semarang().evaluate(&budi(), &on("2025-12-31").param("nope", json!(1))).unwrap_err();
    assert_eq!(param.to_json(Lang::En)["issues"], json!([]));
}

#[test]
fn indonesian_messages_use_indonesian_words_for_kinds_strategies_and_unreadable_files() {
    let err = Policy::compile(
        "kebijakan \"K\" fakta { a: int } gabung sanksi: semuaa
         aturan x \"X\" sumber \"S\" jika a > 1 maka sanksi s
         contoh \"e\" pada 2025-01-01 { masukan { a: 2 } harapkan tanpa pemberitahuan s }",
    )
    .err()
    .unwrap();
    let id = err.render(Lang::Id);
    assert!(id.contains("seharusnya `terberat` atau `semua`"), "{id}");
    assert!(id.contains("maksud Anda `semua`?"), "{id}");
    assert!(id.contains("memberi pemberitahuan `s`; itu adalah sanksi"), "{id}");
    for english in ["notice", "sanction", "heaviest", " or "] {
        assert!(!id.contains(english), "`{english}` in: {id}");
    }
    let not_utf8 = aturan_core::text_of(b"policy \"X\"\n\xff".to_vec()).unwrap_err();
    assert!(not_utf8.id.contains("bukan UTF-8: bita 0xFF di baris 2"), "{}", not_utf8.id);
    let missing = aturan_core::read_text_file(std::path::Path::new("/no/such/policy.aturan")).unwrap_err();
    assert_eq!(
        (missing.en.as_str(), missing.id.as_str()),
        ("no such file or folder", "berkas atau folder itu tidak ada")
    );
}

#[test]
fn values_written_as_forms_write_them_get_the_form_to_write() {
    let help = |cond: &str| {
        let src =
            format!("policy \"K\" facts {{ tmt: date  n: int }} rule c \"C\" source \"S\" when {cond} then notice c");
        let err = Policy::compile(&src).err().unwrap_or_else(|| panic!("{cond}: compiled"));
        err.diagnostics[0].help.as_ref().map(|h| h.en.clone()).unwrap_or_default()
    };
    assert!(help("tmt >= 31/12/2025").ends_with("`2025-12-31`"), "{}", help("tmt >= 31/12/2025"));
    assert!(help("tmt < 2025-1-5").ends_with("`2025-01-05`"));
    assert_eq!(help("tmt >= \"2020-01-01\""), "a date is written without quotes: `2020-01-01`");
    assert_eq!(help("\"3\" <= n"), "a number is written without quotes: `3`");
    assert_eq!(help("n >= \"tiga\""), "");
}

#[test]
fn a_lookup_table_over_an_ordered_key_takes_ranges_and_comparisons() {
    let src = r#"policy "P" version "1"
enum Golongan ordered { "I/a", "II/a", "III/a", "IV/a" }
facts {
    masa_kerja: int >= 0
    golongan: Golongan
    skp: decimal in 0..100
}
table persen_masa_kerja: int -> decimal {
    0..4 -> 5
    5 ..< 10, 20 -> 7.5
    >= 10 -> 10
}
table tunjangan: Golongan -> int {
    "I/a".."II/a" -> 100
    >= "III/a" -> 200
}
table kelas_skp: decimal -> text {
    < 60 -> "C"
    60 ..< 80 -> "B"
    >= 80 -> "A"
}
rule tpp "TPP" source "S"
    when masa_kerja >= 0
    then reward tpp(persen: persen_masa_kerja(masa_kerja), tunjangan: tunjangan(golongan), kelas: kelas_skp(skp))
"#;
    let policy = compile(src);
    assert!(policy.warnings().is_empty(), "{:?}", policy.warnings());
    let params = |masa_kerja: i64, golongan: &str, skp: &str| {
        let facts = format!(r#"{{"masa_kerja": {masa_kerja}, "golongan": "{golongan}", "skp": {skp}}}"#);
        let d = policy.evaluate_json_text(facts.as_bytes(), &on("2025-01-01")).unwrap();
        serde_json::to_value(&d.outcomes[0]).unwrap()["params"].clone()
    };
    assert_eq!(params(4, "I/a", "59.99"), json!({"persen": 5, "tunjangan": 100, "kelas": "C"}));
    assert_eq!(params(5, "II/a", "60"), json!({"persen": 7.5, "tunjangan": 100, "kelas": "B"}));
    assert_eq!(params(9, "III/a", "79.995"), json!({"persen": 7.5, "tunjangan": 200, "kelas": "B"}));
    // The first row that matches gives the value: 20 is in the second row before `>= 10`.
    assert_eq!(params(20, "IV/a", "80"), json!({"persen": 7.5, "tunjangan": 200, "kelas": "A"}));
    assert_eq!(params(10, "IV/a", "100"), json!({"persen": 10, "tunjangan": 200, "kelas": "A"}));
}

#[test]
fn a_banded_lookup_table_warns_of_gaps_and_refuses_keys_it_cannot_order() {
    let table = |key: &str, rows: &str| {
        format!(
            "policy \"P\" version \"1\"\nenum Pendidikan {{ SLTA, S1 }}\nfacts {{ n: int\n p: Pendidikan }}\n\
             table t: {key} -> int {{\n{rows}}}\nrule r \"R\" source \"S\" when n >= 0 then notice r(v: t(n))\n"
        )
    };
    let warned = |rows: &str| -> Vec<(&'static str, String)> {
        compile(&table("int", rows)).warnings().iter().map(|d| (d.code, d.message.en.clone())).collect()
    };
    // 10 and 11 have no row: their value is undetermined, naming the key.
    let gap = "    0..9 -> 1\n    >= 12 -> 2\n";
    assert_eq!(
        warned(gap),
        [("table-gap", "no row of `t` matches a key from 10 to 11: `t` gives an undetermined value there".to_string())]
    );
    let d =
        compile(&table("int", gap)).evaluate(&json!({"n": 10, "p": "S1"}), &on("2025-01-01").explain(true)).unwrap();
    assert_eq!(d.undetermined[0].missing, ["t(10)"]);
    // Read, it is said to be the policy's gap, not a fact the employee has to give.
    let text = aturan_core::render_decision_text(&d, Lang::Id);
    assert!(text.contains("pemberitahuan r — tabel t dalam kebijakan tidak memiliki baris untuk 10\n"), "{text}");
    assert!(!text.contains("fakta belum ada"), "{text}");
    let text = aturan_core::render_decision_text(&d, Lang::En);
    assert!(text.contains("notice r — no row for 10 in the policy's table t\n"), "{text}");
    // An `else` row fills the gap.
    assert!(warned("    0..9 -> 1\n    >= 12 -> 2\n    else -> 0\n").is_empty());
    // `>= 5` above `>= 10`: the second row is never reached.
    let shadowed = warned("    >= 5 -> 1\n    >= 10 -> 2\n    < 5 -> 0\n");
    assert_eq!(shadowed.iter().map(|w| w.0).collect::<Vec<_>>(), ["unreachable-row"]);
    assert!(shadowed[0].1.starts_with("row 2 of `t` never applies"), "{shadowed:?}");
    // Ranges and comparisons need an ordered key; `!=` is no key; bounds are constants.
    let refused = |key: &str, rows: &str| {
        let e = Policy::compile(&table(key, rows)).expect_err("refused");
        e.diagnostics.iter().map(|d| (d.code, d.message.en.clone())).collect::<Vec<_>>()
    };
    assert_eq!(
        refused("Pendidikan", "    \"SLTA\"..\"S1\" -> 1\n")[0],
        (
            "type-mismatch",
            "a range or a comparison needs keys that are ordered, but the keys are Pendidikan".to_string()
        )
    );
    assert_eq!(refused("int", "    != 3 -> 1\n")[0].1, "`!=` cannot be a table key");
    assert_eq!(refused("int", "    5..1 -> 1\n")[0].0, "empty-range");
    assert!(refused("int", "    5..<5 -> 1\n")[0].1.contains("`..<` leaves out its end, its only value"));
    // `else` written above other rows still gives its value only when no row matches.
    assert_eq!(warned("    else -> 0\n    1 -> 1\n")[0].0, "else-not-last");
    assert_eq!(refused("int", "    0..n -> 1\n")[0].1, "table keys must be plain values");
    // A row's value is one plain value: arithmetic there is a syntax error at the operator,
    // which does not claim the table's `{` is never closed.
    let e = Policy::compile(&table("int", "    0..4 -> 1 + 2\n")).expect_err("refused");
    assert_eq!(
        e.diagnostics[0].message.en,
        "expected a row `key -> value` (the value is one plain value) or `}`, found `+`"
    );
    assert_eq!(e.diagnostics[0].help, None);
}

#[test]
fn a_let_with_an_aggregate_first_needed_inside_another_aggregate_reads_its_own_items() {
    // `banyak` is first worked out inside the loop over `pelatihan`: its own filter reads
    // `kinerja`'s items, not the `pelatihan` item being looked at.
    let policy = compile(
        r#"policy "P" version "1"
facts {
    kinerja: list of { tahun: int }
    pelatihan: list of { jp: int, tahun: int }
}
let banyak = count(kinerja where tahun == 2025)
rule r "R" source "S"
    when any(pelatihan where jp > banyak)
    then notice r(banyak: banyak)
"#,
    );
    let facts =
        |jp: i64| json!({"kinerja": [{"tahun": 2025}, {"tahun": 2025}], "pelatihan": [{"jp": jp, "tahun": 2024}]});
    let d = policy.evaluate(&facts(1), &on("2025-06-30")).unwrap();
    assert!(d.outcomes.is_empty(), "1 JP is not more than 2 records: {:?}", d.outcomes);
    let d = policy.evaluate(&facts(3), &on("2025-06-30")).unwrap();
    assert_eq!(serde_json::to_value(&d.outcomes[0]).unwrap()["params"], json!({"banyak": 2}));
}

#[test]
fn an_expected_outcome_not_given_says_none_or_why_it_was_set_aside_beside_the_others_of_its_kind() {
    let src = |expect: &str| {
        format!(
            "policy \"P\" version \"1\"\nfacts {{ n: int }}\n\
             rule a \"A\" source \"S\" when n >= 10 then reward satya10\n\
             rule b \"B\" source \"S\" exception to a when n >= 20 then reward satya20\n\
             rule c \"C\" source \"S\" when n >= 1 then reward tpp(persen: 85)\n\
             rule d \"D\" source \"S\" when n >= 100 then reward bonus\n\
             rule e \"E\" source \"S\" when n >= 100 then promotion kp\n\
             example \"x\" on 2025-01-01 {{\n    given {{ n: 25 }}\n    {expect}\n}}\n"
        )
    };
    let actual = |expect: &str| compile(&src(expect)).run_tests()[0].failures[0].actual.clone();
    // Not `satya20, tpp(…)` as though they were the expected reward's value.
    assert_eq!(actual("expect reward bonus"), "none (other rewards given: satya20, tpp(persen: 85))");
    let failure = compile(&src("expect reward bonus")).run_tests()[0].failures[0].in_lang(Lang::Id);
    assert_eq!(failure.actual, "tidak ada (penghargaan lain yang diberikan: satya20, tpp(persen: 85))");
    // A whole result in Indonesian has its failures so too.
    let result = compile(&src("expect reward bonus")).run_tests().remove(0).in_lang(Lang::Id);
    assert_eq!(result.failures[0], failure);
    let aside = actual("expect reward satya10");
    assert!(aside.starts_with("satya10 set aside by b "), "{aside}");
    assert!(aside.ends_with("(other rewards given: satya20, tpp(persen: 85))"), "{aside}");
    assert_eq!(actual("expect promotion kp"), "none");
    // In Indonesian the leading words are translated, the policy's codes never (`no`, `reward`).
    let said = |what: &str| {
        let f = aturan_core::TestFailure::new(what, "x", "none");
        f.in_lang(Lang::Id).what
    };
    assert_eq!(said("notice no"), "pemberitahuan no");
    assert_eq!(said("no notice reward"), "tanpa pemberitahuan reward");
    assert_eq!(said("no reward"), "tanpa penghargaan");
    assert_eq!(said("undetermined sanction"), "belum_pasti sanksi");
    assert_eq!(said("undetermined reward"), "belum_pasti reward");
    assert_eq!(said("sanction"), "sanksi");
}

#[test]
fn a_list_chosen_by_a_filter_is_named_once_and_gone_through_by_any_aggregate() {
    let policy = compile(
        r#"policy "P" version "1"
facts {
    pelatihan: list of { tahun: int, jp: int >= 0, jenis: optional text }
    kinerja: list of { tahun: int, batas: int }
}
let pelatihan_ini = pelatihan where tahun == year(as_of)
let teknis_ini = p in pelatihan_ini where p.jenis == "teknis"
rule jp "JP" source "S"
    when count(pelatihan_ini) >= 1
    then notice jp(total: sum(pelatihan_ini.jp), teknis: sum(teknis_ini.jp), pertama: first(pelatihan_ini).jp,
                   besar: count(pelatihan_ini where jp >= 8), ganda: sum(p.jp * 2 for p in pelatihan_ini))
rule di_atas_batas "Di atas batas" source "S"
    when any(k in kinerja where any(pelatihan_ini where jp > k.batas))
    then notice di_atas_batas
"#,
    );
    let params = |facts: serde_json::Value| {
        let d = policy.evaluate(&facts, &on("2025-06-30")).unwrap();
        let (given, open) = given_and_open(&d);
        (given, open, d.outcomes.first().map(|o| serde_json::to_value(o).unwrap()["params"].clone()))
    };
    let facts = json!({
        "pelatihan": [{"tahun": 2025, "jp": 8, "jenis": "teknis"}, {"tahun": 2024, "jp": 40, "jenis": "teknis"},
                      {"tahun": 2025, "jp": 4, "jenis": "umum"}],
        "kinerja": [{"tahun": 2025, "batas": 6}]
    });
    let (given, _, p) = params(facts);
    assert_eq!(given, ["jp", "di_atas_batas"]);
    assert_eq!(p.unwrap(), json!({"total": 12, "teknis": 8, "pertama": 8, "besar": 1, "ganda": 24}));
    // Last year's 40 JP are not this year's: no item of this year is above a limit of 10.
    let facts = json!({"pelatihan": [{"tahun": 2024, "jp": 40}, {"tahun": 2025, "jp": 4, "jenis": "umum"}],
                       "kinerja": [{"tahun": 2025, "batas": 10}]});
    assert_eq!(params(facts).0, ["jp"]);
    // An item whose type is missing leaves the technical sum undetermined, naming the item; the
    // items of other years, which the name's own filter leaves out, do not.
    let facts = json!({"pelatihan": [{"tahun": 2025, "jp": 8}, {"tahun": 2024, "jp": 40}], "kinerja": []});
    let d = policy.evaluate(&facts, &on("2025-06-30")).unwrap();
    assert_eq!(d.undetermined[0].code.as_ref(), "jp");
    assert_eq!(d.undetermined[0].missing, ["pelatihan[0].jenis"]);
    // `first` of no item names the items chosen, as the policy writes them.
    let first = compile(
        r#"policy "P" version "1"
facts { kinerja: list of { tahun: int, predikat: text } }
misal kinerja_ini = kinerja yang tahun == tahun(per_tanggal)
aturan baik "Baik" sumber "S" jika pertama(kinerja_ini).predikat == "baik" maka pemberitahuan baik
"#,
    );
    let d = first.evaluate(&json!({"kinerja": [{"tahun": 2024, "predikat": "baik"}]}), &on("2025-06-30")).unwrap();
    // The filter's value worked out: the year sought, as a reader names it.
    assert_eq!(d.undetermined[0].missing, ["kinerja[yang tahun == 2025]"]);
}

#[test]
fn a_filtered_list_used_as_a_value_or_chosen_in_a_cycle_is_refused_once() {
    let refused = |lets: &str, when: &str| {
        let src = format!(
            "policy \"P\" version \"1\"\nfacts {{ pelatihan: list of {{ tahun: int, jp: int }}\n n: int }}\n{lets}\n\
             rule r \"R\" source \"S\" when {when} then notice r\n"
        );
        let e = Policy::compile(&src).expect_err("refused");
        e.diagnostics.iter().map(|d| (d.code, d.message.en.clone())).collect::<Vec<_>>()
    };
    assert_eq!(
        refused("let ini = pelatihan where tahun == 2025", "ini is present"),
        [(
            "filtered-list",
            "`ini` is a list chosen by a filter: it can only be gone through by an aggregate".to_string()
        )]
    );
    assert_eq!(
        refused("let a = b where jp > 1\nlet b = a where jp > 2", "count(a) > 0 and count(b) > 0"),
        [("cycle", "lists are chosen from each other in a cycle: `a` → `b` → `a`".to_string())]
    );
    assert_eq!(
        refused("let c = n where jp > 1", "count(c) > 0"),
        [("type-mismatch", "a filter chooses items of a list, but `n` is int".to_string())]
    );
    // A wrong filter is said where it is written, not again at each aggregate over it.
    let wrong = refused("let d = pelatihan where jpp > 1", "count(d) > 0 and sum(d.jp) > 2");
    assert_eq!(wrong.iter().map(|w| w.0).collect::<Vec<_>>(), ["unknown-name"]);
}

#[test]
fn a_misspelt_name_in_an_outcome_parameter_is_one_error_not_one_per_use() {
    let src = r#"policy "WFH" version "1"
facts { days: int }
param rate_per_day: int = 25000
rule a "A" source "S" when days > 20 then reward wfh(amount: days * rate_per_dya)
rule b "B" source "S" when days > 10 then reward wfh(amount: days * rate_per_day)
example "e" on 2025-01-01 {
    given { days: 12 }
    expect reward wfh(amount: 300000)
}
"#;
    let e = Policy::compile(src).expect_err("refused");
    let codes: Vec<&str> = e.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["unknown-name"], "{}", e.render(Lang::En));
}

#[test]
fn a_sanction_level_not_yet_known_lists_each_level_it_can_have_once() {
    let d = semarang().evaluate(&json!({}), &on("2025-12-31").explain(true)).unwrap();
    let notes: Vec<String> = d
        .explanation
        .unwrap()
        .iter()
        .flat_map(|r| r.conditions.iter().map(|c| c.note.clone()))
        .filter(|n| n.contains("sanksi.tingkat >= \"sedang\"):"))
        .collect();
    assert!(!notes.is_empty());
    for n in notes {
        assert!(n.contains("sanksi.tingkat >= \"sedang\"): none or ringan or sedang or berat, required"), "{n}");
    }
}

#[test]
fn an_explanation_says_how_a_worked_out_parameter_came_about_from_named_values() {
    let policy = compile(
        r#"policy "P" version "1"
facts { hari: int, gaji: decimal, golongan: text }
param tarif: decimal = 2.5
let persen_potong = tarif * hari
decision table potong "Potongan" source "S"
    | hari | hasil |
    | 1..5 | notice teguran |
    | > 5  | notice potong(jumlah: round(gaji * persen_potong / 100, 0), dasar: gaji) |
rule tetap "Tetap" source "S" when hari >= 0 then notice tetap(persen: 10)
"#,
    );
    let d = policy
        .evaluate(&json!({"hari": 7, "gaji": 4000000, "golongan": "III/a"}), &on("2025-01-01").explain(true))
        .unwrap();
    let summaries: Vec<String> = d.explanation.unwrap().iter().map(|t| t.summary.clone()).collect();
    assert!(
        summaries[0].ends_with(
            "; jumlah 700000 = round(gaji * persen_potong / 100, 0), with gaji 4000000 and persen_potong 17.5; dasar 4000000 = gaji; persen_potong 17.5 = tarif * hari, with tarif 2.5 and hari 7"
        ),
        "{summaries:?}"
    );
    // A constant parameter needs no working out.
    assert_eq!(summaries[1], "applies: notice `tetap` (persen 10)");
}

#[test]
fn a_parameter_named_as_its_value_is_said_once_and_a_fact_not_given_is_missing() {
    // `v: v` said `v 7 = v = n otherwise 7, with n unknown`: n was not given, so 7 is used.
    let policy = compile(
        "policy \"O\" version \"1\"\nfacts { n: optional int, m: int }\nlet v = n otherwise 7\n\
         rule r \"R\" source \"S\" when v > 3 and m > 0 then notice x(v: v)\n",
    );
    let summary = |lang: Lang| {
        let d = policy.evaluate(&json!({ "m": 1 }), &on("2025-01-01").explain(true).lang(lang)).unwrap();
        d.explanation.unwrap()[0].summary.clone()
    };
    assert_eq!(summary(Lang::En), "applies: notice `x` (v 7); v 7 = n otherwise 7, with n missing");
    assert_eq!(summary(Lang::Id), "berlaku: pemberitahuan `x` (v 7); v 7 = n otherwise 7, dengan n belum ada");
}

#[test]
fn an_amount_given_by_a_named_value_is_followed_down_to_the_facts_it_comes_from() {
    let policy = compile(
        r#"policy "T" version "1"
facts { kelas: int, alpa_hari: int }
table tpp_dasar: int -> decimal { 1..17 -> 5625000 }
let dasar = tpp_dasar(kelas)
let potongan = min(100, alpa_hari * 3)
let dibayar = floor(dasar * (100 - potongan) / 100)
rule tpp "TPP" source "S" when kelas > 0 then reward tpp(jumlah: dibayar)
"#,
    );
    let d = policy.evaluate(&json!({"kelas": 9, "alpa_hari": 2}), &on("2025-01-01").explain(true)).unwrap();
    let summary = d.explanation.unwrap()[0].summary.clone();
    let steps: Vec<&str> = summary.split("; ").skip(1).collect();
    assert_eq!(
        steps,
        [
            "jumlah 5287500 = dibayar = floor(dasar * (100 - potongan) / 100), with dasar 5625000 and potongan 6",
            "dasar 5625000 = tpp_dasar(kelas), with kelas 9",
            "potongan 6 = min(100, alpa_hari * 3), with alpa_hari 2",
        ],
        "{summary}"
    );
}

#[test]
fn an_aggregate_inside_another_that_does_not_read_its_item_is_worked_out_once_and_right() {
    // Parts of a filter that do not read the item are worked out once per evaluation; an
    // aggregate among them goes over its own list, at its own depth.
    let notices = |rule: &str, facts: serde_json::Value| {
        let src = format!(
            "policy \"P\" version \"1\"\nfacts {{\n kinerja: list of {{ tahun: int }}\n pelatihan: list of {{ jp: int }}\n}}\n{rule}\n"
        );
        let d = compile(&src).evaluate(&facts, &on("2025-12-31")).unwrap();
        d.outcomes
            .iter()
            .map(|o| (o.code().to_string(), serde_json::to_value(o).unwrap()["params"].clone()))
            .collect::<Vec<_>>()
    };
    let facts = json!({"kinerja": [{"tahun": 2025}], "pelatihan": [{"jp": 5}, {"jp": 7}]});
    // The item with the highest value.
    assert_eq!(
        notices(
            "rule t \"T\" source \"S\" when true then notice t(n: count(x in pelatihan where x.jp == max(pelatihan.jp)))",
            facts.clone()
        ),
        [("t".to_string(), json!({"n": 1}))]
    );
    for when in [
        "any(kinerja where tahun == 2025 and sum(pelatihan.jp) >= 12)",
        "any(kinerja where min(pelatihan.jp) == 5)",
        "any(kinerja where count(pelatihan where jp == 7) == 1)",
        "any(kinerja where any(pelatihan where jp == 7))",
        "sum(count(pelatihan where jp > 0) for k in kinerja) == 2",
    ] {
        let given = notices(&format!("rule t \"T\" source \"S\" when {when} then notice t"), facts.clone());
        assert_eq!(given.len(), 1, "{when}");
    }
}

#[test]
fn all_over_a_filtered_list_asks_only_of_the_items_it_chooses() {
    let policy = compile(
        r#"policy "P" version "1"
facts { pelatihan: list of { tahun: optional int, jp: int } }
let ini = pelatihan where tahun == 2025
rule semua "Semua cukup" source "S" when all(ini where jp >= 4) then notice semua
rule ada "Ada" source "S" when any(ini) then notice ada
"#,
    );
    let given = |facts: serde_json::Value| given_and_open(&policy.evaluate(&facts, &on("2025-12-31")).unwrap());
    // Last year's 1 JP is not this year's: every item of this year has 4 or more.
    let (given1, _) = given(json!({"pelatihan": [{"tahun": 2025, "jp": 8}, {"tahun": 2024, "jp": 1}]}));
    assert_eq!(given1, ["semua", "ada"]);
    // An item whose year is missing and which has enough: `all` holds whatever its year.
    let (given2, open2) = given(json!({"pelatihan": [{"jp": 7}]}));
    assert_eq!((given2, open2), (vec!["semua".to_string()], vec!["ada".to_string()]));
    // One of this year with too few: not all.
    assert_eq!(given(json!({"pelatihan": [{"tahun": 2025, "jp": 2}]})).0, ["ada"]);
}

#[test]
fn a_filtered_list_in_a_cycle_with_a_let_or_too_deep_a_chain_is_one_error() {
    let errors = |decls: &str| {
        let src = format!(
            "policy \"P\" version \"1\"\nfacts {{ pelatihan: list of {{ jp: int }} }}\n{decls}\n\
             rule r \"R\" source \"S\" when true then notice r\n"
        );
        let e = Policy::compile(&src).expect_err("refused");
        e.diagnostics.iter().map(|d| (d.code, d.message.en.clone())).collect::<Vec<_>>()
    };
    assert_eq!(
        errors("let n = count(a)\nlet a = pelatihan where jp > n"),
        [("cycle", "values are defined in terms of each other in a cycle: `a` → `n` → `a`".to_string())]
    );
    assert_eq!(
        errors("let a = pelatihan where count(a) > 0"),
        [("cycle", "`a` is defined in terms of itself".to_string())]
    );
    let chain: Vec<String> = std::iter::once("let l0 = pelatihan where jp >= 0".to_string())
        .chain((1..60).map(|i| format!("let l{i} = l{} where jp >= 0", i - 1)))
        .collect();
    let said = errors(&chain.join("\n"));
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(said[0].0, "too-deep");
}

#[test]
fn a_count_held_in_a_let_and_compared_inside_another_loop_counts_its_own_items() {
    // Where a fact is missing, what the known items already settle is worked out over the let's
    // own list, not the item of the loop around the comparison.
    let policy = compile(
        r#"policy "P" version "1"
facts {
    pelatihan: list of { tahun: int, jp: int }
    kinerja: list of { tahun: optional int, nilai: int }
}
let banyak = count(kinerja where tahun == 2025)
rule lebih "Via let" source "S" when any(pelatihan where jp > banyak) then notice lebih
rule anggota "Via let, in" source "S" when any(pelatihan where banyak in [0, 1]) then notice anggota
rule langsung "Inline" source "S" when any(pelatihan where jp > count(kinerja where tahun == 2025)) then notice langsung
"#,
    );
    let facts =
        json!({"pelatihan": [{"tahun": 2025, "jp": 2}], "kinerja": [{"tahun": 2024, "nilai": 80}, {"nilai": 90}]});
    let (given, open) = given_and_open(&policy.evaluate(&facts, &on("2025-12-31")).unwrap());
    assert_eq!((given, open), (vec!["lebih".to_string(), "anggota".to_string(), "langsung".to_string()], vec![]));
}

#[test]
fn all_with_a_value_over_a_filtered_list_asks_only_the_chosen_items() {
    let policy = compile(
        r#"policy "P" version "1"
facts { a: list of { x: int, y: int } }
let dipilih = w in a where w.y > 0
rule r1 "R1" source "S" when all(w.x > 0 for w in dipilih) then notice r1
rule r2 "R2" source "S" when all(w.x > 0 for w in dipilih where w.x < 100) then notice r2
"#,
    );
    let given = |facts: serde_json::Value| given_and_open(&policy.evaluate(&facts, &on("2025-12-31")).unwrap()).0;
    // The item left out (y 0) has x -5: it is not asked.
    assert_eq!(given(json!({"a": [{"x": 1, "y": 1}, {"x": -5, "y": 0}]})), ["r1", "r2"]);
    assert_eq!(given(json!({"a": [{"x": 200, "y": 1}]})), ["r1"]);
}

#[test]
fn explaining_a_parameter_does_not_work_out_what_the_decision_did_not_need() {
    // `avg` divides by zero, but the decision takes the other branch: explained, the decision is
    // the same, not an error.
    let policy = compile(
        r#"policy "P" version "1"
facts { n: optional int
 total: optional int }
let avg = total / n
rule guard "G" source "S" when n is present then notice guard(v: if n > 0 then avg else 0)
"#,
    );
    let facts = json!({"n": 0, "total": 10});
    let plain = policy.evaluate(&facts, &on("2025-12-31")).unwrap();
    let explained = policy.evaluate(&facts, &on("2025-12-31").explain(true)).unwrap();
    assert_eq!(plain.outcomes, explained.outcomes);
    let summary = &explained.explanation.unwrap()[0].summary;
    assert_eq!(summary, "applies: notice `guard` (v 0); v 0 = if n > 0 then avg else 0, with n 0");
}

#[test]
fn a_collected_row_whose_parameter_is_missing_says_so_and_a_failed_no_lists_given_and_open_apart() {
    let policy = compile(
        r#"policy "P" version "1"
facts { n: int
 m: optional int }
decision table t "T" source "S" hit collect
    | n | hasil |
    | >= 1 | reward tunjangan(v: m) |
    | >= 2 | reward tpp(persen: 85) |
rule s "S" source "S" when n >= 1 then reward satya
example "e" on 2025-01-01 {
    given { n: 3 }
    expect no reward
}
"#,
    );
    let d = policy.evaluate(&json!({"n": 3}), &on("2025-01-01").explain(true)).unwrap();
    let summary = &d.explanation.unwrap()[0].summary;
    // Row 1 is the first row: no earlier row can be what is undetermined.
    assert!(
        summary.starts_with(
            "row 1 matched, but its reward `tunjangan` is undetermined: its parameters are not known (missing: m);"
        ),
        "{summary}"
    );
    let failure = &policy.run_tests()[0].failures[0];
    assert_eq!(failure.actual, "tpp(persen: 85), satya; tunjangan undetermined (missing: m)");
}

#[test]
fn average_is_the_exact_mean_of_the_numbers_there_are() {
    let p = compile(
        "policy \"A\" facts { xs: list of { t: int, v: optional decimal } }
         let r = average(xs.v where t > 0)
         rule r \"R\" source \"S\" when r is present then notice rata(r: r)",
    );
    let mean = |xs: serde_json::Value| {
        let d = p.evaluate(&json!({ "xs": xs }), &on("2025-01-01")).unwrap();
        match (d.outcomes.first(), d.undetermined.first()) {
            (Some(o), _) => o.params["r"].to_string(),
            (None, Some(u)) => format!("undetermined {:?}", u.missing),
            (None, None) => "none".to_string(),
        }
    };
    // Ints and decimals together, exactly; an item the filter leaves out is not counted.
    assert_eq!(mean(json!([{"t": 1, "v": 90}, {"t": 1, "v": 85.5}, {"t": 0, "v": 1}])), "87.75");
    // A mean that does not end keeps a decimal's 28 significant digits, the same each time.
    assert_eq!(mean(json!([{"t": 1, "v": 1}, {"t": 1, "v": 1}, {"t": 1, "v": 2}])), "1.3333333333333333333333333333");
    // No numbers: none, so the rule does not apply.
    assert_eq!(mean(json!([])), "none");
    assert_eq!(mean(json!([{"t": 0, "v": 5}])), "none");
    // An undecided item leaves it undetermined, naming what decides it.
    assert_eq!(mean(json!([{"t": 1, "v": 5}, {"v": 7}])), "undetermined [\"xs[1].t\"]");

    // Over texts it is a type error, in both languages; `rata_rata` is the Indonesian word.
    let Err(e) = Policy::compile("policy \"B\" facts { xs: list of { s: text } } let m = rata_rata(xs.s)") else {
        panic!("averaging texts compiled")
    };
    assert!(e.render(Lang::En).contains("`average` is a mean of numbers, but the items are text"));
    assert!(e.render(Lang::Id).contains("`rata_rata` merata-ratakan bilangan"));
}

#[test]
fn an_exception_that_gives_nothing_sets_its_base_aside_and_says_which_regulation() {
    let p = compile(
        "policy \"C\" facts { a: int, cltn: bool }
         rule tpp \"TPP\" source \"Perwal 76/2021 Pasal 6\" when a > 0 then reward tpp(persen: 100)
         rule tpp_cltn \"Tanpa TPP saat CLTN\" source \"Perwal 76/2021 Pasal 9\" exception to tpp when cltn then none",
    );
    let info = p.rules().iter().find(|r| r.id == "tpp_cltn").unwrap();
    assert_eq!((info.kind, info.codes.len(), info.exception_to.as_deref()), (OutcomeKind::Reward, 0, Some("tpp")));

    let d = p.evaluate(&json!({"a": 1, "cltn": true}), &on("2025-01-01").explain(true)).unwrap();
    assert!(d.outcomes.is_empty() && d.undetermined.is_empty());
    assert_eq!(d.set_aside.len(), 1);
    assert_eq!((d.set_aside[0].outcome.code(), &*d.set_aside[0].by), ("tpp", "tpp_cltn"));
    assert!(d.set_aside[0].reason.contains("gives no reward in its place"), "{}", d.set_aside[0].reason);
    let trace = d.explanation.as_ref().unwrap().iter().find(|r| &*r.rule == "tpp_cltn").unwrap();
    assert_eq!(trace.summary, "applies: no reward from `tpp`, whose outcome it sets aside");

    // Not on leave: the TPP; leave unknown: the TPP is undetermined, for want of `cltn`.
    let d = p.evaluate(&json!({"a": 1, "cltn": false}), &on("2025-01-01")).unwrap();
    assert_eq!(given_and_open(&d), (vec!["tpp".to_string()], vec![]));
    let d = p.evaluate(&json!({"a": 1}), &on("2025-01-01")).unwrap();
    assert_eq!(given_and_open(&d), (vec![], vec!["tpp".to_string()]));
    assert_eq!(d.undetermined[0].missing, ["cltn"]);

    // Alone, `then none` would do nothing: an error at the rule's id.
    let Err(e) = Policy::compile("policy \"L\" facts { a: int }\nrule lone \"L\" source \"S\" when a > 0 then none")
    else {
        panic!("a rule giving nothing compiled")
    };
    let view = &e.views(Lang::En)[0];
    assert_eq!((&*view.code, view.line, view.column), ("gives-nothing", 2, 6), "{}", e.render(Lang::En));
}

#[test]
fn a_parameter_keeps_its_declared_bounds_for_every_caller() {
    let p = compile(
        "policy \"B\" facts { a: int }
         param bobot: decimal in 0..100 = 60
         param hari: int >= 1 = 22
         rule r \"R\" source \"S\" when a > 0 then reward tpp(persen: bobot, hari: hari)",
    );
    // The bounds are part of what the policy tells about the parameter.
    let info = serde_json::to_value(p.params()).unwrap();
    assert_eq!(info[0]["type"], json!({"type": "decimal", "min": "0", "max": "100"}), "{info}");
    // A value outside them is refused, every one named, not paid out.
    let mut opts = on("2025-01-01");
    opts.params.insert("bobot".into(), json!(150));
    opts.params.insert("hari".into(), json!(0));
    let err = p.evaluate(&json!({"a": 1}), &opts).unwrap_err();
    assert_eq!(err.code(), "param");
    let message = err.message(Lang::En);
    assert!(message.contains("parameter `bobot`: expected a decimal number from 0 to 100, found 150"), "{message}");
    assert!(message.contains("parameter `hari`: expected an integer ≥ 1, found 0"), "{message}");
    // A long value is shown shortened, as a fact's is, not whole (a megabyte of text).
    opts.params.insert("hari".into(), json!("x".repeat(1_000_000)));
    let message = p.evaluate(&json!({"a": 1}), &opts).unwrap_err().message(Lang::En);
    assert!(message.len() < 1_000, "{} bytes", message.len());
    assert!(message.contains("parameter `hari`: expected an integer ≥ 1, found \"xxx"), "{message}");
    opts.params.insert("bobot".into(), json!(100));
    opts.params.insert("hari".into(), json!(1));
    assert_eq!(p.evaluate(&json!({"a": 1}), &opts).unwrap().outcomes.len(), 1);

    // A default outside them, or bounds on a text, do not compile.
    for (src, said) in [
        ("param b: decimal in 0..100 = 160", "the default 160 is outside the parameter's bounds"),
        ("param t: text >= 1 = \"x\"", "only numbers can have bounds"),
    ] {
        let err = Policy::compile(&format!("policy \"B\" {src}")).err().unwrap_or_else(|| panic!("{src}: compiled"));
        assert!(err.render(Lang::En).contains(said), "{}", err.render(Lang::En));
    }
}

#[test]
fn a_product_of_a_division_that_may_not_end_is_warned_about_with_the_order_to_write() {
    let p = compile(
        "policy \"D\" facts { hari: int, hadir: int }
         let a = floor(35000000 / hari * hadir)
         let b = 35000000 * (12 / 21)
         let c = 35000000 * 60 / 100 * 97 / 100 + 35000000 / 4 * hadir + 35000000 / 2.5 * hadir
         rule r \"R\" source \"S\" when a + b + c > 0 then notice n(a: a)",
    );
    let warned: Vec<(String, String)> = p
        .warnings()
        .iter()
        .filter(|d| d.code == "divide-first")
        .map(|d| (d.message.en.clone(), d.help.as_ref().unwrap().en.clone()))
        .collect();
    assert_eq!(warned.len(), 2, "{warned:?}");
    assert!(warned[0].0.starts_with("`35000000 / hari * hadir` divides before it multiplies"), "{warned:?}");
    assert!(warned[0].1.contains("`35000000 * hadir / hari`"), "{warned:?}");
    assert!(warned[1].1.contains("`35000000 * 12 / 21`"), "{warned:?}");
    // What the warning is about: the order decides the amount paid.
    let d = p.evaluate(&json!({"hari": 18, "hadir": 18}), &on("2025-01-01")).unwrap();
    assert_eq!(d.outcomes[0].params["a"], json!(34999999));
}

#[test]
fn a_whole_number_table_looked_up_by_a_bounded_fact_names_the_values_without_a_row() {
    let p = compile(
        "policy \"G\" facts { kelas: int in 1..17, j: { kelas: int in 1..3 }, bebas: int }
         table tpp_dasar: int -> decimal { 1 -> 1800000  2 -> 2000000  3..7 -> 2500000  9..17 -> 5000000 }
         rule r \"R\" source \"S\" when tpp_dasar(kelas) > 0 and tpp_dasar(kelas) > 1 and tpp_dasar(j.kelas) > 0
             and tpp_dasar(bebas) > 0 then reward tpp(jumlah: tpp_dasar(kelas))",
    );
    let gaps: Vec<&str> =
        p.warnings().iter().filter(|d| d.code == "incomplete-table").map(|d| d.message.en.as_str()).collect();
    // Once per table and fact; `j.kelas` is covered, `bebas` has no range to cover.
    assert_eq!(gaps, ["table `tpp_dasar` has no entry for 8, yet `kelas` may be any whole number from 1 to 17"]);
    // What the warning is about: that employee's TPP is undetermined.
    let d = p.evaluate(&json!({"kelas": 8, "j": {"kelas": 1}, "bebas": 1}), &on("2025-01-01")).unwrap();
    assert_eq!(given_and_open(&d), (vec![], vec!["tpp".to_string()]));
}

#[test]
fn thousands_written_with_separators_are_named_with_the_number_to_write() {
    // In facts: a text with its thousands separated is refused with the plain number; for a
    // whole number `"37.000"` too (thirty-seven thousand, or 37 written oddly: a guess either way).
    let p = compile("policy \"T\" facts { gaji: decimal, kelas: int }");
    for (gaji, kelas, said) in [
        ("35.000.000", "1", "`35000000`, not `35.000.000`"),
        ("35,000,000", "1", "`35000000`, not `35,000,000`"),
        ("1,234,567.5", "1", "`1234567.5`, not `1,234,567.5`"),
        ("1", "37.000", "`37000`, not `37.000`"),
    ] {
        let err = p.evaluate(&json!({ "gaji": gaji, "kelas": kelas }), &on("2025-01-01")).unwrap_err();
        let message = err.message(Lang::En);
        assert!(message.contains(&format!("thousands are written without separators: {said}")), "{message}");
    }
    // A decimal `"37.000"` still reads as 37, as a decimal point; a comma alone asks which.
    assert!(p.evaluate(&json!({ "gaji": "37.000", "kelas": 1 }), &on("2025-01-01")).is_ok());
    let err = p.evaluate(&json!({ "gaji": "37,000", "kelas": 1 }), &on("2025-01-01")).unwrap_err();
    assert!(err.message(Lang::En).contains("(`37.000`) and thousands without a separator (`37000`)"), "{err}");

    // In a policy: the syntax error says the number to write.
    for (written, plain) in [("37,000,000", "37000000"), ("37.000.000", "37000000")] {
        let err = Policy::compile(&format!("policy \"P\"\nlet a = {written}\n")).unwrap_err();
        let help = err.diagnostics[0].help.as_ref().map(|h| h.en.clone()).unwrap_or_default();
        assert_eq!(help, format!("numbers are written without thousands separators: `{plain}`, not `{written}`"));
    }
    // In an example's facts and parameters: the `thousands` warning, at the field.
    let p = compile(
        "policy \"E\" facts { gaji: decimal } param dasar: decimal = 1
         rule r \"R\" source \"S\" when gaji > dasar then notice n
         example \"x\" on 2025-01-01 { given { gaji: 37.000 } with dasar = 2.500 expect notice n }",
    );
    let warned: Vec<&str> =
        p.warnings().iter().filter(|d| d.code == "thousands").map(|d| d.message.en.as_str()).collect();
    assert_eq!(warned.len(), 2, "{warned:?}");
    assert!(warned[0].starts_with("`37.000` is 37") && warned[1].starts_with("`2.500` is 2.5"), "{warned:?}");
}

#[test]
fn a_helper_error_is_placed_in_the_script_that_defines_the_failing_function() {
    let at = |src: &str| match Policy::compile(src).unwrap().evaluate(&json!({"a": 1}), &on("2025-01-01")) {
        Err(EvalError::Helper { line, .. }) => line,
        other => panic!("{other:?}"),
    };
    // The second of two scripts: its own lines, not the first's.
    let two = "policy \"H\"\nfacts { a: int }\nhelpers \"\"\"\nfn g() { 1 }\n\"\"\"\nhelpers \"\"\"\nfn h(x) { throw \"boom\" }\n\"\"\"\nhelper h(x: int) -> int\nrule r \"R\" source \"s\" when h(a) == 1 then notice n\n";
    assert_eq!(at(two), Some(7));
    // A function called from another script: where it failed.
    let called = "policy \"H\"\nfacts { a: int }\nhelpers \"\"\"\nfn inner(x) {\n  throw \"boom\"\n}\n\"\"\"\nhelpers \"\"\"\nfn h(x) { inner(x) }\n\"\"\"\nhelper h(x: int) -> int\nrule r \"R\" source \"s\" when h(a) == 1 then notice n\n";
    assert_eq!(at(called), Some(5));
    // No position (a wrong result type): the definition, not a mention in a comment.
    let commented = "policy \"H\"\nfacts { a: int }\nhelpers \"\"\"\n// fn h(x) { 1 }\nfn h(x) { 2 }\n\"\"\"\nhelper h(x: int) -> text\nrule r \"R\" source \"s\" when h(a) == \"1\" then notice n\n";
    assert_eq!(at(commented), Some(5));
}

#[test]
fn a_missing_helper_function_and_a_fact_given_twice_are_marked_where_they_are_written() {
    let src = "policy \"H\"\nfacts { a: int }\nhelpers \"\"\"\nfn kelipatan(x, n) { x * n }\n\"\"\"\nhelper kelipatn(x: int, n: int) -> int\nrule r \"R\" source \"s\" when kelipatn(a, 2) > 1 then notice n\n";
    let err = Policy::compile(src).unwrap_err();
    let view = &err.views(Lang::En)[0];
    assert_eq!((&*view.code, view.line, view.column), ("helper", 6, 8));
    assert_eq!(
        err.diagnostics[0].help.as_ref().unwrap().en,
        "the script defines `fn kelipatan`: did you mean `kelipatan`?"
    );

    let src = "policy \"E\"\nfacts { a: int, b: { c: int } }\nrule r \"R\" source \"s\" when a > 0 then notice n\nexample \"e\" on 2025-12-31 {\n    given { a: 1, b: { c: 1, c: 2 } }\n    expect notice n\n}\n";
    let err = Policy::compile(src).unwrap_err();
    let view = &err.views(Lang::En)[0];
    assert_eq!((&*view.code, view.line, view.column), ("duplicate", 5, 30), "{}", err.render(Lang::En));
}

#[test]
fn facts_of_more_values_than_any_employee_has_are_refused_before_they_are_built() {
    let p = compile("policy \"V\" facts { xs: list of int }");
    let text = format!("{{\"status_khusus\": [{}0]}}", "0,".repeat(aturan_core::MAX_JSON_VALUES));
    let err = p.evaluate_json_text(text.as_bytes(), &on("2025-01-01")).unwrap_err();
    assert_eq!(err.code(), "json");
    assert!(err.message(Lang::En).contains("the document holds more than 3000000 values"), "{err}");
    assert!(err.message(Lang::Id).contains("dokumen memuat lebih dari 3000000 nilai"), "{err}");
    // An array of employees is counted employee by employee: a population holds many more
    // values than one employee may (190,000 employees hold some six million).
    let item = format!("{{\"xs\": [{}0]}}", "0,".repeat(999));
    let population = format!("[{}{item}]", format!("{item},").repeat(aturan_core::MAX_JSON_VALUES / 1000));
    let items = aturan_core::parse_json_items(&population).unwrap();
    assert_eq!(items.len(), aturan_core::MAX_JSON_VALUES / 1000 + 1);
    assert_eq!(population.get(items[7].clone()), Some(item.as_str()));
    // One employee past the limit is refused still.
    let one = format!("[{item}, {text}]");
    let err = aturan_core::parse_json_items(&one).unwrap_err();
    assert!(err.message(Lang::En).contains("the document holds more than 3000000 values"), "{err}");
}

#[test]
fn a_number_too_large_in_an_expectation_is_one_error_not_two() {
    let src = "policy \"P\"\nfacts { a: int }\nrule r \"R\" source \"S\" when a > 0 then notice n(v: 1.5)\nexample \"e\" on 2025-01-01 { given { a: 1 } expect notice n(v: 79228162514264337593543950336) }\n";
    let err = Policy::compile(src).unwrap_err();
    let codes: Vec<&str> = err.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(codes, ["bad-number"], "{}", err.render(Lang::En));
}

#[test]
fn a_word_after_a_type_is_the_error_not_the_type() {
    let err = Policy::compile(
        "kebijakan \"P\"\nfakta { a: int }\ntabel t: int -> decimal berlaku mulai 2025-01-01 {\n  1 -> 2\n}\n",
    )
    .unwrap_err();
    let d = &err.diagnostics[0];
    assert_eq!(d.message.en, "`berlaku` cannot follow the type `decimal` here");
    assert!(
        d.help.as_ref().unwrap().en.starts_with("a lookup table has no period of its own"),
        "{}",
        err.render(Lang::En)
    );
    let view = &err.views(Lang::En)[0];
    assert_eq!((view.line, view.column), (3, 25));
}

#[test]
fn facts_without_braces_and_a_policy_with_an_id_are_told_how_they_are_written() {
    let err = Policy::compile("policy gaji \"Gaji\"\nfacts\n  kelas: int in 1..17\n").unwrap_err();
    let (policy, facts) = (&err.diagnostics[0], &err.diagnostics[1]);
    assert_eq!(
        policy.help.as_ref().unwrap().en,
        "a policy has no id, only its name in double quotes: `policy \"Gaji\"`"
    );
    assert_eq!(facts.message.en, "expected `{`, found `kelas`");
    assert_eq!(
        facts.help.as_ref().unwrap().id,
        "fakta dideklarasikan di antara kurung kurawal, satu per baris: `fakta { kelas: … }`"
    );
    let err = Policy::compile("kebijakan gaji\n").unwrap_err();
    assert_eq!(
        err.diagnostics[0].help.as_ref().unwrap().id,
        "nama kebijakan ditulis dalam tanda kutip: `kebijakan \"gaji\"`"
    );
}

#[test]
fn lookup_rows_may_be_separated_by_commas_on_one_line() {
    let p = compile("policy \"P\"\nfacts { k: int }\ntable t: int -> decimal { 7 -> 1000, 8, 9 -> 2000, else -> 0 }\nrule r \"R\" source \"S\" when t(k) > 0 then notice n(v: t(k))\n");
    for (k, v) in [(7, "1000"), (8, "2000"), (9, "2000")] {
        let d = p.evaluate(&json!({ "k": k }), &on("2025-01-01")).unwrap();
        assert_eq!(d.outcomes[0].params["v"], json!(v.parse::<u32>().unwrap()), "k = {k}");
    }
    assert!(p.evaluate(&json!({ "k": 1 }), &on("2025-01-01")).unwrap().outcomes.is_empty());
}

#[test]
fn forms_from_other_tools_get_help_with_the_form_to_write() {
    let help = |cond: &str, outcome: &str| {
        let src = format!("policy \"P\"\nfacts {{ kelas: int, status: text }}\nrule r \"R\" source \"S\"\n  when {cond}\n  then {outcome}\n");
        let err = Policy::compile(&src).unwrap_err();
        assert_eq!(err.diagnostics.len(), 1, "{}", err.render(Lang::En));
        let d = &err.diagnostics[0];
        let view = &err.views(Lang::En)[0];
        (d.message.en.clone(), d.help.as_ref().map(|h| h.en.clone()).unwrap_or_default(), (view.line, view.column))
    };
    let (message, h, at) = help("kelas >= 1", "reward tpp(persen = 10)");
    assert_eq!(message, "expected `:` after the parameter `persen`, found `=`");
    assert_eq!(h, "an outcome's parameters are written `name: value`: `tpp(persen: …)`");
    assert_eq!(at, (5, 26));
    let (_, h, _) = help("kelas >= 1", "reward tpp persen: 10");
    assert_eq!(h, "an outcome's parameters go in brackets after its code: `tpp(persen: …)`");
    let (_, h, _) = help("kelas >= 1", "reward tpp(persen: 10%)");
    assert!(h.starts_with("there is no `%`: write the number of percent, `10`"), "{h}");
    let (message, h, _) = help("status is \"PNS\"", "notice n");
    assert!(message.ends_with("found `\"PNS\"`"), "{message}");
    assert_eq!(h, "`is absent` / `is present` ask whether a fact was sent; compare a value with `==`: `== \"PNS\"`");
    assert_eq!(help("kelas <> 1", "notice n").1, "write `!=` for \"not equal\"");
    assert_eq!(help("status == 'PNS'", "notice n").1, "a text is written in double quotes: `\"PNS\"`");
    let (message, h, _) = help("status == PNS", "notice n");
    assert_eq!(message, "unknown name `PNS`");
    assert_eq!(h, "no fact, parameter or `let` is named `PNS`; a text value is written in double quotes, \"PNS\"");
    // A comparison inside an outcome's brackets is no setting.
    assert_eq!(
        help("kelas >= 1", "reward tpp(persen == 10)").0,
        "expected `:` after the parameter `persen`, found `==`"
    );
    assert_eq!(help("kelas >= 1", "reward tpp(persen)").0, "expected `:` after the parameter `persen`, found `)`");
    let (message, h, _) = help("kelas >= 1", "reward tpp(10)");
    assert_eq!(
        (message.as_str(), h.as_str()),
        (
            "expected a parameter's name, found `10`",
            "an outcome's parameters are written `name: value`: `tpp(persen: …)`"
        )
    );
}

#[test]
fn a_rule_written_in_another_shape_is_told_its_shape() {
    let help = |rule: &str| {
        let src = format!("policy \"P\"\nfacts {{ kelas: int, alpa_hari: int, tmt: date }}\n{rule}\n");
        let err = Policy::compile(&src).unwrap_err();
        assert_eq!(err.diagnostics.len(), 1, "{}", err.render(Lang::En));
        err.diagnostics[0].help.as_ref().map(|h| h.en.clone()).unwrap_or_default()
    };
    let when = "source \"S\" when kelas >= 1";
    assert!(help(&format!("rule \"TPP\" {when} then notice n")).starts_with("a rule starts with its id"));
    for layout in [" ", "\n  "] {
        assert_eq!(
            help(&format!("rule r{layout}{when} then notice n")),
            "a rule's id is followed by its title in double quotes: `rule r \"…\"`"
        );
    }
    assert_eq!(help("rule r \"R\" source: \"S\" when kelas >= 1 then notice n"), "no `:` after `source`: `source …`");
    assert_eq!(
        help(&format!("rule r \"R\" {when} then notice n source \"X\"")),
        "the outcome ends a rule: `source` comes before `then`"
    );
    assert!(help(&format!("rule r \"R\" {when} then notice n else notice m")).starts_with("a rule has no `else`"));
    assert_eq!(
        help(&format!("rule r \"R\" {when} then notice kurang jp")),
        "an outcome's code is one word, joined with `_`: `kurang_jp`"
    );
    assert_eq!(
        help(&format!("rule r \"R\" {when} then notice \"n\"")),
        "an outcome's code is a name, without quotes: `notice n`"
    );
    assert_eq!(help(&format!("rule r-1 \"R\" {when} then notice n")), "a name is joined with `_`, not `-`: `r_1`");
    assert_eq!(
        help("rule r \"R\" source \"S\" when today > tmt then notice n"),
        "the date a decision is made for is `as_of` (`per_tanggal`), given with each evaluation"
    );
    // A subtraction is no name with a dash, and a declaration after a rule is still a declaration.
    assert!(Policy::compile(
        "policy \"P\"\nfacts { kelas: int }\nrule r \"R\" source \"S\" when kelas-1 >= 1 then notice n\n"
    )
    .is_ok());
    assert_eq!(
        help(&format!("rule r \"R\" {when} then notice n\nrul x \"X\" {when} then notice m")),
        "did you mean `rule`?"
    );
    let err = Policy::compile("kebijakan \"P\"\nfakta {\n  alpa-hari: int\n}\n").unwrap_err();
    assert_eq!(err.diagnostics[0].help.as_ref().unwrap().id, "nama disambung dengan `_`, bukan `-`: `alpa_hari`");
}

#[test]
fn decision_tables_copied_from_documents_read_or_get_the_form_to_write() {
    let table = |rows: &str| {
        format!("policy \"P\"\nfacts {{ skor: decimal in 0..100 }}\ndecision table t \"T\"\n  source \"S\"\n  | skor | outcome |\n{rows}\n")
    };
    // A Markdown table's line under the header is ignored.
    let p = compile(&table("  |------|:-------:|\n  | >= 90 | notice a |\n  | - | notice b |"));
    let codes = |skor: u32| {
        p.evaluate(&json!({ "skor": skor }), &on("2025-01-01"))
            .unwrap()
            .outcomes
            .iter()
            .map(|o| o.code().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!((codes(95), codes(50)), (vec!["a".to_string()], vec!["b".to_string()]));
    // However wide its columns: its dashes are no minus signs nested 40 deep.
    let wide = format!("  |{}|:{}:|\n  | >= 90 | notice a |\n  | - | notice b |", "-".repeat(40), "-".repeat(60));
    assert!(Policy::compile(&table(&wide)).is_ok(), "{:?}", Policy::compile(&table(&wide)).err());
    // Forty minus signs in an expression are still too deep to read.
    let deep = Policy::compile(&format!("policy \"P\"\nfacts {{ a: int }}\nlet x = {}a", "-".repeat(40)));
    assert_eq!(deep.unwrap_err().diagnostics[0].code, "too-deep");
    let first = |rows: &str| {
        let err = Policy::compile(&table(rows)).unwrap_err();
        let d = &err.diagnostics[0];
        (
            d.code,
            d.message.en.clone(),
            d.help.as_ref().map(|h| h.en.clone()).unwrap_or_default(),
            err.views(Lang::En)[0].line,
        )
    };
    let (code, message, _, line) = first("  | >= 90 | notice a |\n  | < 90 | notice b ");
    assert_eq!((code, message.as_str(), line), ("table-row", "this row has no closing `|`", 7));
    // A comment on a row above, or after the row's own text, changes nothing.
    let (code, _, _, line) = first("  | >= 90 | notice a | // the top band\n  | < 90 | notice b // the rest");
    assert_eq!((code, line), ("table-row", 7));
    let (_, _, help, _) = first("  | >= 90 | tpp(persen: 100) |");
    assert!(help.starts_with("an outcome names its kind first: `reward tpp(…)`"), "{help}");
    for band in ["90 s/d 100", "90 sampai 100", "90 to 100"] {
        let (_, _, help, _) = first(&format!("  | {band} | notice a |"));
        assert!(help.starts_with("a band is written with `..`: `90..100`"), "{band}: {help}");
    }
}

#[test]
fn an_example_written_in_another_shape_is_told_its_shape() {
    let help = |example: &str| {
        let src = format!("kebijakan \"P\"\nfakta {{ kelas: int }}\naturan r \"R\" sumber \"S\" jika kelas >= 1 maka pemberitahuan n\n{example}\n");
        let err = Policy::compile(&src).unwrap_err();
        err.diagnostics[0].help.as_ref().map(|h| h.id.clone()).unwrap_or_default()
    };
    assert_eq!(
        help("contoh \"a\" pada 2025-01-01 { masukan { kelas = 2 } harapkan pemberitahuan n }"),
        "fakta dalam contoh ditulis `nama: nilai`: `kelas: …`"
    );
    for expect in ["harapkan tidak ada pemberitahuan", "harapkan tidak_ada"] {
        let h = help(&format!("contoh \"a\" pada 2025-01-01 {{ masukan {{ kelas: 0 }} {expect} }}"));
        assert!(
            h.starts_with("untuk menyatakan tidak ada hasil suatu jenis, tulis `harapkan tanpa pemberitahuan`"),
            "{expect}: {h}"
        );
    }
}

#[test]
fn a_rule_left_unfinished_is_told_what_is_missing_in_its_own_words() {
    let first = |src: &str| {
        let err = Policy::compile(src).unwrap_err();
        let d = &err.diagnostics[0];
        (d.message.id.clone(), d.help.as_ref().map(|h| h.id.clone()).unwrap_or_default())
    };
    let head = "kebijakan \"P\"\nfakta { alpa_hari: int >= 0 }\naturan r \"T\"\n  sumber \"PP 94/2021\"\n";
    // The outcome written without `maka`: that outcome, with it.
    let (_, help) = first(&format!("{head}  jika alpa_hari > 1\n  sanksi teguran_tertulis\n"));
    assert_eq!(help, "aturan diakhiri dengan `maka` dan hasilnya: `maka sanksi teguran_tertulis`");
    // A condition left out after `dan`.
    let (message, help) = first(&format!("{head}  jika alpa_hari > 1 dan\n  maka pemberitahuan n\n"));
    assert_eq!(message, "seharusnya sebuah kondisi, ditemukan `maka`");
    assert_eq!(help, "kondisi setelah `dan` hilang: tulis kondisinya, atau hapus `dan`");
    // Where a bracket opened, by line and column in the reader's language.
    let (_, help) = first(&format!("{head}  jika (alpa_hari > 1\n  maka pemberitahuan n\n"));
    assert_eq!(help, "`(` di baris 5, kolom 8 tidak pernah ditutup: `)` hilang");
}

#[test]
fn a_brace_left_out_is_named_with_the_braces_to_write() {
    let help = |src: &str| {
        let err = Policy::compile(src).unwrap_err();
        err.diagnostics[0].help.as_ref().map(|h| h.en.clone()).unwrap_or_default()
    };
    assert_eq!(
        help("policy \"P\"\nenum Status PNS, CPNS }\n"),
        "an enum's values follow in braces: `enum Status { PNS, … }`"
    );
    assert_eq!(
        help("policy \"P\"\nenum Status { PNS }\ntable t: Status -> Status\n  \"PNS\" -> \"PNS\"\n}\n"),
        "a lookup table's rows follow in `{ … }`: `table t: int -> decimal { 1 -> 1800000 }`"
    );
    let example = |given: &str| {
        help(&format!("policy \"P\"\nfacts {{ j: {{ jenis: text }} }}\nrule r \"R\" source \"S\" when j.jenis == \"a\" then notice n\nexample \"e\" on 2025-01-01 {{ {given} expect notice n }}\n"))
    };
    assert_eq!(example("given j: { jenis: \"a\" } }"), "an example's facts follow `given` in braces: `given { j: … }`");
    assert_eq!(example("given { j: jenis: \"a\" } }"), "a record's fields are written in braces: `{ jenis: … }`");
}

#[test]
fn a_declaration_not_in_its_form_is_shown_its_form() {
    let first = |src: &str| {
        let err = Policy::compile(src).unwrap_err();
        let d = &err.diagnostics[0];
        (d.message.en.clone(), d.help.as_ref().map(|h| h.en.clone()).unwrap_or_default())
    };
    let head = "policy \"P\"\nfacts { a: int }\nrule r \"R\" source \"S\" when a > 1 then notice n\n";
    let (message, help) =
        first(&format!("{head}example \"e\" on 2025-01-01\n  given {{ a: 2 }}\n  expect notice n\n}}\n"));
    assert_eq!(message, "this `example` declaration is not written in its form");
    assert_eq!(help, "it is written `example \"name\" on 2025-12-31 { given { … } expect … }`");
    let (_, help) = first(&format!("{head}tingkat_sanksi\n  ringan: teguran_lisan\n}}\n"));
    assert!(help.starts_with("it is written `tingkat_sanksi { ringan: teguran_lisan"), "{help}");
}

#[test]
fn a_parameter_default_of_the_wrong_type_names_the_parameter_and_the_value_to_write() {
    let src = |default: &str| {
        format!("policy \"P\" version \"1\"\nfacts {{ a: int }}\nparam insentif: int in 0..5000000 = {default}\nrule r \"R\" source \"S\" when a > insentif then notice n\n")
    };
    let Err(e) = Policy::compile(&src("\"1000000\"")) else { panic!("compiled") };
    assert_eq!(
        e.diagnostics[0].message.en,
        "the default of parameter `insentif` is text, but the parameter is declared int"
    );
    assert_eq!(e.diagnostics[0].help.as_ref().unwrap().en, "write it without quotes: `1000000`");
    let Err(e) = Policy::compile(&src("\"satu juta\"")) else { panic!("compiled") };
    assert!(e.diagnostics[0].help.is_none());
    assert!(Policy::compile(&src("1000000")).is_ok());
}

#[test]
fn an_exception_of_another_kind_is_that_one_error_and_no_made_up_cycle() {
    let src = "policy \"P\" version \"1\"\nfacts { a: int }\n\
               rule ins \"I\" source \"S\" when a > 1 then reward insentif\n\
               rule info \"N\" source \"S\" exception to ins when reward insentif then notice n\n";
    let Err(e) = Policy::compile(src) else { panic!("compiled") };
    let found: Vec<(&str, &str)> = e.diagnostics.iter().map(|d| (d.code, d.message.en.as_str())).collect();
    assert_eq!(found, [("exception", "`ins` gives a reward but its exception gives a notice")]);
}

#[test]
fn and_and_or_mixed_without_brackets_are_warned_about_with_the_reading() {
    let src = "kebijakan \"S\" versi \"1\"\nfakta { masa_kerja: int, hukdis: bool, cltn: bool }\n\
               aturan a \"A\" sumber \"S\" jika masa_kerja >= 10 dan bukan hukdis atau cltn maka penghargaan satya\n\
               aturan b \"B\" sumber \"S\" jika masa_kerja >= 10 dan (bukan hukdis atau cltn) maka penghargaan satya_b\n\
               aturan c \"C\" sumber \"S\" jika (masa_kerja >= 10 dan bukan hukdis) atau cltn maka penghargaan satya_c\n";
    let p = compile(src);
    let warned: Vec<(&str, &str)> =
        p.warnings().iter().map(|d| (d.code, src.get(d.span.start..d.span.end).unwrap())).collect();
    assert_eq!(warned, [("mixed-and-or", "masa_kerja >= 10 dan bukan hukdis atau cltn")]);
    assert_eq!(
        p.warnings()[0].message.id,
        "`dan` dan `atau` bercampur tanpa kurung: terbaca sebagai `(masa_kerja >= 10 dan bukan hukdis) atau cltn`"
    );
    // As it reads: an employee on leave with three years' service gets the award of the first
    // rule, and of the one that writes the same reading in brackets, but not of the other.
    let d = p.evaluate(&json!({"masa_kerja": 3, "hukdis": false, "cltn": true}), &on("2025-12-31")).unwrap();
    let codes: Vec<&str> = d.outcomes.iter().map(|o| o.code()).collect();
    assert_eq!(codes, ["satya", "satya_c"]);
}

#[test]
fn yes_or_no_written_as_in_speech_is_told_true_or_false() {
    let src = "kebijakan \"S\" versi \"1\"\nfakta { cltn: bool }\naturan a \"A\" sumber \"S\" jika cltn == tidak maka penghargaan satya\n";
    let err = Policy::compile(src).expect_err("`tidak` is no value");
    let d = &err.diagnostics[0];
    assert_eq!(d.code, "unknown-name");
    assert_eq!(
        d.help.as_ref().map(|h| h.id.as_str()),
        Some("nilai ya-atau-tidak ditulis `benar` atau `salah` (`true` atau `false`); `x == salah` lebih jelas ditulis `bukan x`")
    );
}

#[test]
fn a_date_in_quotes_as_a_form_or_a_letter_writes_it_is_told_the_date_to_write() {
    for written in ["01-10-2015", "1 Oktober 2015"] {
        let src = format!(
            "kebijakan \"S\" versi \"1\"\nfakta {{ tmt: tanggal }}\naturan a \"A\" sumber \"S\" jika tmt <= \"{written}\" maka pemberitahuan n\n"
        );
        let err = Policy::compile(&src).expect_err("a text is no date");
        let help = err.diagnostics[0].help.as_ref().map(|h| h.en.clone());
        assert_eq!(help.as_deref(), Some("a date is written without quotes: `2015-10-01`"), "{written}");
    }
}

#[test]
fn a_field_of_a_list_is_told_to_add_numbers_up_and_to_ask_about_anything_else() {
    let help = |field: &str| {
        let src = format!(
            "kebijakan \"S\" versi \"1\"\nenum Tingkat berurutan {{ ringan, sedang, berat }}\n\
             fakta {{ hukdis: daftar dari {{ tingkat: Tingkat, hari: int }} }}\n\
             aturan a \"A\" sumber \"S\" jika hukdis.{field} maka pemberitahuan n\n"
        );
        let err = Policy::compile(&src).expect_err("a field of a list");
        err.diagnostics[0].help.as_ref().map(|h| h.en.clone()).unwrap_or_default()
    };
    assert!(help("tingkat < \"sedang\"")
        .starts_with("ask about its items with `any` or `all`, e.g. `any(x in hukdis where x.tingkat …)`"));
    assert!(help("hari > 3").starts_with("pick items with an aggregate, e.g. `sum(hukdis.hari where …)`"));
}

#[test]
fn a_type_by_another_name_is_told_the_types() {
    let help = |ty: &str| {
        let src = format!("kebijakan \"S\" versi \"1\"\nfakta {{ a: {ty} }}\n");
        let err = Policy::compile(&src).expect_err("an unknown type");
        err.diagnostics[0].help.as_ref().map(|h| h.id.clone()).unwrap_or_default()
    };
    assert!(help("boolean").starts_with("tulis `logika`; tipenya `bool`, `int`"), "{}", help("boolean"));
    assert!(help("bilangan").starts_with("tulis `bulat` atau `desimal`;"), "{}", help("bilangan"));
    assert_eq!(help("tanggl"), "maksud Anda `tanggal`?");
    assert!(
        help("foo").starts_with("tipenya `bool`, `int`, `decimal`, `text`, `date` (`logika`, `bulat`"),
        "{}",
        help("foo")
    );
}

#[test]
fn a_number_in_quotes_as_an_outcome_parameter_is_told_where_to_lose_the_quotes() {
    let src = "kebijakan \"S\" versi \"1\"\nfakta { a: int }\n\
               aturan r \"R\" sumber \"S\" jika a > 1 maka penghargaan satya(tahun: \"10\")\n\
               aturan q \"Q\" sumber \"S\" jika a > 2 maka penghargaan satya(tahun: 20)\n";
    let err = Policy::compile(src).expect_err("two types for one parameter");
    let d = &err.diagnostics[0];
    assert_eq!(d.code, "outcome-param");
    assert_eq!(d.help.as_ref().map(|h| h.en.as_str()), Some("a number is written without quotes: `10` on line 3"));
}

#[test]
fn an_explanation_never_turns_a_decision_into_an_error() {
    // What only the explanation goes through (the other side of `and`/`or`, the list of an `in`
    // whose value is missing) may fail: the decision stands, and the explanation says why.
    let cases = [
        ("when n > 0 and total / n > 2", json!({"n": 0, "total": 5})),
        ("when n == 0 or total / n > 2", json!({"n": 0, "total": 5})),
        ("when q", json!({"n": 0, "total": 5})),
        ("when n != 0 and total / n > 2", json!({"n": 0, "total": 5})),
        ("when x in [10 / n]", json!({"n": 0})),
    ];
    for (when, facts) in cases {
        let p = compile(&format!(
            "policy \"P\" facts {{ n: int, total: int, x: optional int }}\nlet q = n > 0 and total / n > 2\n\
             rule a \"A\" source \"S\" {when} then notice a\n"
        ));
        let plain = p.evaluate(&facts, &on("2025-12-31")).unwrap_or_else(|e| panic!("{when}: {e}"));
        let explained =
            p.evaluate(&facts, &on("2025-12-31").explain(true)).unwrap_or_else(|e| panic!("{when}, explained: {e}"));
        assert_eq!(plain.outcomes, explained.outcomes, "{when}");
        assert_eq!(plain.undetermined, explained.undetermined, "{when}");
    }
    // Where the explanation shows the part that failed, it says why.
    let p = compile(
        "policy \"P\" facts { n: int, total: int }\nlet q = n > 0 and total / n > 2\nrule a \"A\" source \"S\" when n == 0 and not q then notice a\n",
    );
    let d = p.evaluate(&json!({"n": 0, "total": 5}), &on("2025-12-31").explain(true)).unwrap();
    assert_eq!(d.outcomes.len(), 1);
    // A rule that fails in the decision itself still fails with its own error, not a cycle.
    // (Also when the explanation of a rule above reached it first.)
    let p = compile(
        "policy \"P\" facts { n: int }\nrule a \"A\" source \"S\" when n > 5 and notice b then notice a\n\
         rule b \"B\" source \"S\" when 10 / n > 1 then notice b\n",
    );
    let err = p.evaluate(&json!({"n": 0}), &on("2025-12-31").explain(true)).unwrap_err();
    assert!(err.to_string().contains("division by zero"), "{err}");
}

#[test]
fn a_case_file_reads_its_facts_as_a_facts_file_does() {
    // A number for a text fact, in its exact form: a case built from a real decision passes.
    let p = compile(
        "policy \"P\" facts { nip: text }\nrule r \"R\" source \"S\" when nip is present then notice n(nip: nip)\n",
    );
    for written in ["0.0000001", "0.00000000000000000000000000001", "1.50"] {
        let text = format!(
            r#"[{{"name": "c", "as_of": "2025-12-31", "facts": {{"nip": {written}}}, "params": {{}}, "expect": {{"notices": {{"n": {{"nip": "{written}"}}}}}}}}]"#
        );
        let cases = aturan_core::Case::parse(&text).unwrap();
        let result = p.run_case(&cases[0]);
        assert!(result.passed, "{written}: {result:?}");
    }
}

#[test]
fn a_number_that_misses_its_threshold_says_by_how_much() {
    let p = compile(
        "policy \"G\" version \"1\"\nfacts { ak: int, skp: decimal, jp: int, tmt: date }\n\
         rule a \"A\" source \"S\" when ak >= 50 then promotion kp\n\
         rule b \"B\" source \"S\" when ak > 50 then reward x\n\
         rule c \"C\" source \"S\" when skp > 90 then reward y\n\
         rule d \"D\" source \"S\" when jp < 20 then reward kurang\n\
         rule e \"E\" source \"S\" when not (skp >= 80) then promotion z\n\
         rule f \"F\" source \"S\" when full_years(tmt, as_of) >= 4 then promotion kp4\n\
         rule g \"G\" source \"S\" when ak == 50 then reward w\n",
    );
    let facts = json!({ "ak": 40, "skp": 86.5, "jp": 24, "tmt": "2023-09-01" });
    let traces = p.evaluate(&facts, &on("2025-12-31").explain(true)).unwrap().explanation.unwrap();
    let cond = |i: usize| traces[i].conditions[0].clone();
    assert_eq!(cond(0).gap.as_deref(), Some("10"));
    assert!(cond(0).note.ends_with("40, required >= 50 — not met; short by 10"), "{}", cond(0).note);
    // Between whole numbers `> 50` is `>= 51`; between decimals it needs more than the difference.
    assert_eq!(cond(1).gap.as_deref(), Some("11"));
    assert!(cond(1).note.ends_with("; short by 11"), "{}", cond(1).note);
    assert_eq!(cond(2).gap.as_deref(), Some("3.5"));
    assert!(cond(2).note.ends_with("; short by more than 3.5"), "{}", cond(2).note);
    assert_eq!(cond(3).gap.as_deref(), Some("5"));
    assert!(cond(3).note.ends_with("24, required < 20 — not met; over by 5"), "{}", cond(3).note);
    // A negated comparison is measured against what it requires (`< 80`).
    assert_eq!(cond(4).gap.as_deref(), Some("6.5"));
    assert!(cond(4).note.ends_with("required < 80 — not met; over by more than 6.5"), "{}", cond(4).note);
    // A time requirement says the day it holds from instead; equality has no distance.
    assert_eq!((cond(5).gap, cond(5).holds_from.as_deref()), (None, Some("2027-09-01")));
    assert_eq!(cond(6).gap, None);
    // Only for what an employee would want given: not a notice, a sanction or an exception.
    let other = compile(
        "policy \"G\" version \"1\"\nfacts { ak: int }\n\
         rule n \"N\" source \"S\" when ak >= 50 then notice n\n\
         rule s \"S\" source \"S\" when ak >= 50 then sanction s\n\
         rule r \"R\" source \"S\" when ak >= 10 then reward r(persen: 100)\n\
         rule x \"X\" source \"S\" exception to r when ak >= 50 then reward r(persen: 0)\n",
    );
    let traces = other.evaluate(&json!({ "ak": 40 }), &on("2025-12-31").explain(true)).unwrap().explanation.unwrap();
    assert!(traces.iter().all(|t| t.conditions.iter().all(|c| c.gap.is_none())), "{traces:?}");
    // What holds has no gap.
    let met =
        p.evaluate(&json!({ "ak": 60, "skp": 95, "jp": 10, "tmt": "2020-01-01" }), &on("2025-12-31").explain(true));
    let met = met.unwrap().explanation.unwrap();
    assert!(met.iter().take(4).all(|t| t.conditions[0].gap.is_none()), "{met:?}");

    let id = p.evaluate(&facts, &on("2025-12-31").explain(true).lang(Lang::Id)).unwrap().explanation.unwrap();
    assert!(id[0].conditions[0].note.ends_with("; kekurangan 10"), "{}", id[0].conditions[0].note);
    assert!(id[2].conditions[0].note.ends_with("; kekurangan lebih dari 3.5"), "{}", id[2].conditions[0].note);
    assert!(id[3].conditions[0].note.ends_with("; kelebihan 5"), "{}", id[3].conditions[0].note);
}

#[test]
fn the_text_lists_the_rewards_and_promotions_not_given_with_what_they_fail() {
    let p = compile(
        "policy \"N\" version \"1\"\nfacts { ak: int, predikat: text, alpa: int, khusus: bool }\n\
         rule tpp \"TPP\" source \"S\" when predikat == \"baik\" then reward tpp(persen: 100)\n\
         rule tpp_khusus \"TPP khusus\" source \"S\" exception to tpp when khusus then reward tpp(persen: 0)\n\
         rule bonus \"Bonus\" source \"S\" when predikat == \"sangat_baik\" and ak >= 10 then reward bonus\n\
         rule kp \"KP\" source \"S\" when ak >= 50 and alpa < 3 then promotion kp\n\
         rule lama \"Lama\" source \"S\" effective until 2020-12-31 when ak >= 100 then reward lama\n\
         rule teguran \"Teguran\" source \"S\" when alpa >= 3 then sanction teguran\n",
    );
    let facts = json!({ "ak": 40, "predikat": "baik", "alpa": 1, "khusus": false });
    let d = p.evaluate(&facts, &on("2025-12-31").explain(true)).unwrap();
    let traces = d.explanation.as_ref().unwrap();
    assert_eq!(traces[1].exception_to.as_deref(), Some("tpp"));
    assert_eq!(traces[0].exception_to, None);
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["explanation"][1]["exception_to"], "tpp");
    assert!(json["explanation"][0].get("exception_to").is_none());

    let text = aturan_core::render_decision_text(&d, Lang::En);
    let (_, not_given) = text.split_once("Not given:\n").unwrap();
    let (not_given, _) = not_given.split_once("Explanation:\n").unwrap();
    // Only the conditions each fails; not the exception, the rule out of its period, the sanction,
    // nor what is given.
    assert_eq!(
        not_given,
        "  reward bonus — Bonus\n      ✗ predikat == \"sangat_baik\": baik, required == sangat_baik — not met\n\
         \x20 promotion kp — KP\n      ✗ ak >= 50: 40, required >= 50 — not met; short by 10\n"
    );
    let d = p.evaluate(&facts, &on("2025-12-31").explain(true).lang(Lang::Id)).unwrap();
    assert!(aturan_core::render_decision_text(&d, Lang::Id).contains("Tidak diberikan:\n  penghargaan bonus — Bonus\n"));
    // Without an explanation there is nothing to list.
    let d = p.evaluate(&facts, &on("2025-12-31")).unwrap();
    assert!(!aturan_core::render_decision_text(&d, Lang::En).contains("Not given"));
}

#[test]
fn a_comparison_with_none_is_an_error_with_the_presence_test_to_write() {
    let err = Policy::compile(
        "kebijakan \"N\"\nfakta { p: opsional teks, n: opsional bulat }\n\
         aturan a \"A\" sumber \"S\" jika p == tidak_ada maka pemberitahuan a\n\
         aturan b \"B\" sumber \"S\" jika tidak_ada != n maka pemberitahuan b\n\
         aturan c \"C\" sumber \"S\" jika n < tidak_ada maka pemberitahuan c\n",
    )
    .unwrap_err();
    let found: Vec<(&str, String, String)> = err
        .diagnostics
        .iter()
        .map(|d| (d.code, d.message.en.clone(), d.help.as_ref().map(|h| h.id.clone()).unwrap_or_default()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                "compare-none",
                "a comparison with `tidak_ada` never holds: an absent value is not compared".to_string(),
                "tulis `p adalah kosong`".to_string()
            ),
            (
                "compare-none",
                "a comparison with `tidak_ada` always holds: an absent value is not compared".to_string(),
                "tulis `n adalah ada`".to_string()
            ),
            (
                "compare-none",
                "a comparison with `tidak_ada` never holds: an absent value is not compared".to_string(),
                "periksa dengan `n adalah kosong` atau `n adalah ada`".to_string()
            ),
        ]
    );
}

#[test]
fn slips_in_an_example_get_the_value_to_write() {
    let policy = |given: &str, expect: &str| {
        format!(
            "kebijakan \"K\"\nfakta {{ tmt: tanggal, predikat: teks }}\n\
             aturan kgb \"KGB\" sumber \"S\" jika predikat == \"baik\" maka pemberitahuan kgb(tmt: tambah_tahun(tmt, 2))\n\
             contoh \"E\" pada 2025-12-31 {{\n  masukan {{ {given} }}\n  harapkan {expect}\n}}\n"
        )
    };
    let first = |src: String| {
        let err = Policy::compile(&src).unwrap_err();
        let d = &err.diagnostics[0];
        (err.diagnostics.len(), d.code, d.help.as_ref().map(|h| h.en.clone()).unwrap_or_default())
    };
    let ok_expect = "pemberitahuan kgb(tmt: 2025-10-01)";
    // A date short of a digit in `given`: the date to write (not a name joined with `_`).
    assert_eq!(
        first(policy("tmt: 2023-10-1, predikat: \"baik\"", ok_expect)),
        (1, "syntax", "dates are written year-month-day, with two digits for the month and day: `2023-10-01`".into())
    );
    // A text without its quotes: the quotes (not a keyword it looks like).
    assert_eq!(
        first(policy("tmt: 2023-10-01, predikat: baik", ok_expect)),
        (1, "syntax", "a text is written in double quotes: `\"baik\"`".into())
    );
    // The same date in an expectation: one error, with the date, not a sum of the wrong type.
    let (n, code, help) = first(policy("tmt: 2023-10-01, predikat: \"baik\"", "pemberitahuan kgb(tmt: 2025-10-1)"));
    assert_eq!(
        (n, code, help.as_str()),
        (1, "type", "dates are written year-month-day, with two digits for the month and day: `2025-10-01`")
    );
    let err = Policy::compile(&policy("tmt: 2023-10-01, predikat: \"baik\"", "pemberitahuan kgb(tmt: 2025-10-1)"))
        .unwrap_err();
    assert_eq!(err.diagnostics[0].message.en, "`tmt` of `kgb` is date, but the value expected here is int");
    // A rule's title before its id: the id written, put first.
    let err = Policy::compile(
        "policy \"P\"\nfacts { a: int }\nrule \"Cuti lebih\" cuti_lebih source \"S\" when a > 1 then notice c\n",
    )
    .unwrap_err();
    assert_eq!(
        err.diagnostics[0].help.as_ref().unwrap().en,
        "a rule starts with its id, the name decisions report it by, then its title: `rule cuti_lebih \"Cuti lebih\"`"
    );
}

#[test]
fn a_rule_or_a_table_without_a_source_is_named_as_what_it_is() {
    let p = compile(
        "policy \"P\"\nfacts { a: int }\nrule r \"R\" when a > 1 then notice r\n\
         decision table t \"T\"\n  | a | outcome |\n  | > 5 | notice t |\n",
    );
    let warnings: Vec<(String, String)> = p
        .warnings()
        .iter()
        .filter(|d| d.code == "no-source")
        .map(|d| (d.message.en.clone(), d.message.id.clone()))
        .collect();
    assert_eq!(
        warnings,
        vec![
            ("this rule cites no regulation".to_string(), "aturan ini tidak mengutip peraturan".to_string()),
            (
                "this decision table cites no regulation".to_string(),
                "tabel keputusan ini tidak mengutip peraturan".to_string()
            ),
        ]
    );
}

#[test]
fn a_failed_test_says_why_an_expected_outcome_is_not_given() {
    let p = compile(
        r#"policy "T" version "1"
facts { ak: int, predikat: text }
rule kp "KP" source "S" when ak >= 50 and predikat == "baik" then promotion kp
rule lama "Lama" source "S" effective until 2020-12-31 when ak >= 1 then promotion kp
decision table tpp "TPP" source "S"
    | ak    | outcome                  |
    | >= 90 | reward tpp(persen: 100)  |
example "Joko" on 2025-12-31 {
    given { ak: 40, predikat: "cukup" }
    expect promotion kp
    expect no reward
}
"#,
    );
    let r = &p.run_tests()[0];
    assert!(!r.passed);
    assert_eq!(r.failures.len(), 1, "{:?}", r.failures);
    // Each rule that gives it, with each condition it fails, or why it is not in effect.
    assert_eq!(
        r.failures[0].why,
        vec![
            "kp: ak >= 50: 40, required >= 50 — not met; short by 10".to_string(),
            "kp: predikat == \"baik\": cukup, required == baik — not met".to_string(),
            "lama: not in effect on this date (in effect until 2020-12-31)".to_string(),
        ]
    );
    let id = r.clone().in_lang(Lang::Id);
    assert_eq!(id.failures[0].why[0], "kp: ak >= 50: 40, disyaratkan >= 50 — tidak terpenuhi; kekurangan 10");
    // A case file's expected outcome likewise.
    let case = aturan_core::Case::parse(
        r#"{"name": "c", "as_of": "2025-12-31", "facts": {"ak": 60, "predikat": "baik"},
            "expect": {"sanction": null, "rewards": {"tpp": {"persen": 100}}, "promotion": {"kp": {}}}}"#,
    )
    .unwrap()
    .remove(0);
    let r = p.run_case(&case);
    assert_eq!(r.failures.len(), 1, "{:?}", r.failures);
    assert_eq!(r.failures[0].why, vec!["tpp: ak = 60: no row matches".to_string()]);
    // What is given, or undetermined, needs no why.
    let given = aturan_core::Case::parse(
        r#"{"name": "c", "as_of": "2025-12-31", "facts": {"ak": 95, "predikat": "baik"},
            "expect": {"sanction": null, "rewards": {}, "promotion": {"kp": {}}}}"#,
    )
    .unwrap()
    .remove(0);
    let r = p.run_case(&given);
    assert_eq!(r.failures.len(), 1, "{:?}", r.failures);
    // An outcome given that was not expected names the rule that gave it, to look at.
    let why = &r.failures[0].why;
    assert_eq!(why.len(), 1, "{why:?}");
    assert!(why[0].starts_with("tpp is given by `tpp#1` ("), "{why:?}");
    // An expected number with its thousands separated, as a spreadsheet writes it.
    let separated = aturan_core::Case::parse(
        r#"{"name": "c", "as_of": "2025-12-31", "facts": {"ak": 95, "predikat": "baik"},
            "expect": {"sanction": null, "rewards": {"tpp": {"persen": "1.000"}}, "promotion": {"kp": {}}}}"#,
    )
    .unwrap()
    .remove(0);
    let r = p.run_case(&separated);
    assert_eq!(
        r.failures[0].why,
        vec![
            "tpp(persen: \"1.000\"): numbers are written without thousands separators: `1000`".to_string(),
            "tpp(persen: 100) is given by `tpp#1` (S)".to_string()
        ]
    );
}

#[test]
fn thousands_written_with_points_where_a_whole_number_is_expected_get_the_number_to_write() {
    let err = Policy::compile(
        "policy \"T\"\nfacts { kelas: int }\ntable tpp_dasar: int -> int {\n    1..5 -> 1.500\n    6..9 -> 2750\n}\n\
         rule r \"R\" source \"S\" when tpp_dasar(kelas) > 0 then reward tpp(rupiah: tpp_dasar(kelas))\n",
    )
    .unwrap_err();
    let d = &err.diagnostics[0];
    assert_eq!((d.code, d.message.en.as_str()), ("type-mismatch", "expected int, found decimal"));
    assert_eq!(d.help.as_ref().unwrap().id, "bilangan ditulis tanpa pemisah ribuan: `1500`, bukan `1.500`");
    // A decimal that is no thousands (`1.5`) has no such help.
    let err = Policy::compile("policy \"T\"\nfacts { k: int }\ntable t: int -> int {\n    1 -> 1.5\n}\n").unwrap_err();
    assert!(err.diagnostics[0].help.is_none(), "{:?}", err.diagnostics[0]);
}

#[test]
fn a_list_unique_by_a_field_refuses_two_items_sharing_it() {
    let p = compile(
        "kebijakan \"U\"\nfakta {\n  kinerja: daftar dari { tahun: bulat, nilai: desimal } unik menurut tahun\n  \
         pelatihan: list of { tahun: int, jp: int }\n}\n\
         aturan r \"R\" sumber \"S\" jika banyak(kinerja) > 0 maka pemberitahuan r\n",
    );
    let facts = json!({
        "kinerja": [{"tahun": 2025, "nilai": 90}, {"tahun": 2024, "nilai": 80}, {"tahun": 2025, "nilai": 70}, {"tahun": 2025}],
        // Not declared unique: repeats are fine.
        "pelatihan": [{"tahun": 2025, "jp": 1}, {"tahun": 2025, "jp": 2}]
    });
    let err = p.evaluate(&facts, &on("2025-12-31")).unwrap_err();
    let EvalError::Facts(issues) = &err else { panic!("{err:?}") };
    let said: Vec<(&str, &str)> = issues.iter().map(|i| (i.path.as_str(), i.found.as_str())).collect();
    assert_eq!(said, vec![("kinerja[2].tahun", "2025"), ("kinerja[3].tahun", "2025")]);
    assert!(issues[0].expected.en.contains("kinerja[0] has 2025 too"), "{}", issues[0].expected.en);
    assert!(issues[1].expected.id.contains("kinerja[0] juga 2025"), "{}", issues[1].expected.id);
    // Without repeats the facts are read; the schema names the field.
    assert!(p.evaluate(&json!({"kinerja": [{"tahun": 2025}, {"tahun": 2024}]}), &on("2025-12-31")).is_ok());
    let schema = serde_json::to_value(p.schema()).unwrap();
    assert_eq!(schema["fields"][0]["unique_by"], "tahun");
    assert!(schema["fields"][1].get("unique_by").is_none());

    // Said where it cannot hold: not a list of records, no such field, a field of many values.
    let errors = |decl: &str| {
        let src = format!("policy \"U\"\nfacts {{ {decl} }}\n");
        Policy::compile(&src).unwrap_err().diagnostics.into_iter().map(|d| (d.code, d.message.en)).collect::<Vec<_>>()
    };
    assert_eq!(
        errors("tahun: int unique by tahun"),
        vec![("unique-by", "`unique by` is for a list of records, and `tahun` is int".to_string())]
    );
    assert_eq!(
        errors("k: list of { tahun: int } unique by tahn"),
        vec![("unique-by", "the items of `k` have no field `tahn`".to_string())]
    );
    assert_eq!(
        errors("k: list of { xs: list of int } unique by xs"),
        vec![("unique-by", "`xs` is list of int: `unique by` compares one value per item".to_string())]
    );
}

#[test]
fn not_given_lists_what_no_rule_gives_by_its_code_with_the_conditions_left_open() {
    let p = compile(
        r#"policy "N" version "1"
facts { ak: int, skp: decimal, masa: int, jenjang: optional text }
rule bonus_a "Bonus A" source "S" when skp >= 95 then reward bonus
rule bonus_b "Bonus B" source "S" when ak >= 30 then reward bonus
rule kp_reguler "KP" source "S" when masa >= 4 then promotion kp_reguler
rule kp_pilihan "KP pilihan" source "S" when ak >= 50 then promotion kp_pilihan
rule sl10 "SL X" source "S" when masa >= 10 then reward satya_10
rule sl20 "SL XX" source "S" exception to sl10 when masa >= 20 then reward satya_20
rule fungsional "F" source "S" when masa >= 8 and jenjang == "ahli" then reward f
decision table tpp "TPP" source "S"
    | skp      | outcome                 |
    | >= 90    | reward tpp(persen: 100) |
    | 80 ..< 90 | reward tpp(persen: 85)  |
    | < 80     | reward tpp(persen: 70)  |
"#,
    );
    let facts = json!({ "ak": 40, "skp": 79.99, "masa": 5 });
    let d = p.evaluate(&facts, &on("2025-12-31").explain(true)).unwrap();
    let text = aturan_core::render_decision_text(&d, Lang::En);
    let (_, not_given) = text.split_once("Not given:\n").unwrap();
    let (not_given, _) = not_given.split_once("Explanation:\n").unwrap();
    // `bonus` is given by bonus_b, and a promotion by kp_reguler: neither other way is listed. An
    // exception giving a higher award is, by its code; a condition left open is marked `?`.
    assert_eq!(
        not_given,
        "  reward satya_10 (sl10) — SL X\n      ✗ masa >= 10: 5, required >= 10 — not met; short by 5\n\
         \x20 reward satya_20 (sl20) — SL XX\n      ✗ masa >= 20: 5, required >= 20 — not met; short by 15\n\
         \x20 reward f (fungsional) — F\n      ✗ masa >= 8: 5, required >= 8 — not met; short by 3\n      \
         ? jenjang == \"ahli\" — not needed: another condition is not met; it is itself unknown (missing: jenjang)\n",
        "{text}"
    );
    // A band just missed says by how much.
    let tpp = d.explanation.as_ref().unwrap().iter().find(|t| &*t.rule == "tpp").unwrap();
    assert_eq!(&*tpp.codes, &[std::sync::Arc::<str>::from("tpp")]);
    let row = tpp.conditions.iter().find(|c| c.text.starts_with("row 2:")).unwrap();
    assert_eq!(row.gap.as_deref(), Some("0.01"), "{}", row.note);
}

#[test]
fn a_test_expecting_other_parameters_says_why_these_were_given() {
    let p = compile(
        r#"policy "T" version "1"
facts { skp: decimal, ditahan: bool }
decision table tpp "TPP" source "S"
    | skp       | outcome                 |
    | >= 90     | reward tpp(persen: 100) |
    | 80 ..< 90 | reward tpp(persen: 85)  |
rule tpp_nol "TPP nol" source "S" exception to tpp when ditahan then reward tpp(persen: 0)
example "A" on 2025-12-31 {
    given { skp: 89.995, ditahan: false }
    expect reward tpp(persen: 100)
}
example "B" on 2025-12-31 {
    given { skp: 95, ditahan: true }
    expect reward tpp(persen: 100)
}
"#,
    );
    let r = p.run_tests();
    // The band above, by how much; not the exception, which does not apply.
    assert_eq!(
        r[0].failures[0].why,
        vec![
            "tpp(persen: 85) is given by `tpp#2` (S)",
            "tpp: row 1: skp >= 90: 89.995, required >= 90 — not met; short by 0.005"
        ]
    );
    // The exception that gave these, and the outcome it replaced.
    assert_eq!(
        r[1].failures[0].why,
        vec![
            "tpp(persen: 0) is given by `tpp_nol` (S)",
            "tpp(persen: 100) of `tpp#1` is set aside: replaced by the exception `tpp_nol`, which applies",
            "tpp_nol: applies: reward `tpp` (persen 0)"
        ]
    );
}

#[test]
fn a_quotient_that_does_not_end_gives_no_gap_it_could_not_hold_exactly() {
    let p = compile(
        "policy \"Q\" version \"1\"\nfacts { a: decimal, b: decimal, c: decimal }\n\
         let rata = (a + b + c) / 3\n\
         rule r \"R\" source \"S\" when rata >= 90 then reward r\n\
         rule s \"S\" source \"S\" when a >= 90 then reward s\n",
    );
    let t = p.evaluate(&json!({ "a": 58, "b": 58, "c": 58.5 }), &on("2025-12-31").explain(true)).unwrap();
    let t = t.explanation.unwrap();
    // 174.5 / 3 is rounded to 28 digits: no gap claims to be exact from it; 58 against 90 has one.
    assert_eq!(t[0].conditions[0].gap, None, "{}", t[0].conditions[0].note);
    assert_eq!(t[1].conditions[0].gap.as_deref(), Some("32"));
}

#[test]
fn a_replica_decides_as_its_policy_with_values_of_its_own() {
    let p = Policy::from_file(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/semarang/semarang.aturan")).unwrap();
    let r = p.replica();
    let cases: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/semarang.json")).unwrap(),
    )
    .unwrap();
    let mut outcomes = 0;
    for case in cases.as_array().unwrap() {
        let opts = on(case["as_of"].as_str().unwrap()).explain(true);
        let facts = &case["facts"];
        let (a, b) = (p.evaluate(facts, &opts).unwrap(), r.evaluate(facts, &opts).unwrap());
        assert_eq!(a.to_json(), b.to_json());
        assert!(!std::sync::Arc::ptr_eq(&a.policy, &b.policy));
        for (x, y) in a.outcomes.iter().zip(&b.outcomes) {
            // The same code and rule, held apart.
            assert_eq!((x.code(), x.rule()), (y.code(), y.rule()));
            assert_ne!(x.code().as_ptr(), y.code().as_ptr());
            assert_ne!(x.rule().as_ptr(), y.rule().as_ptr());
            outcomes += 1;
        }
    }
    assert!(outcomes > 20, "{outcomes}");

    // A thread keeps its replica of a policy, and makes a new one for another policy.
    let shared = std::sync::Arc::new(p);
    let first = Policy::replica_for_thread(&shared);
    assert!(std::sync::Arc::ptr_eq(&first, &Policy::replica_for_thread(&shared)));
    assert!(!std::sync::Arc::ptr_eq(&first, &shared));
    let other = std::sync::Arc::new(r);
    let second = Policy::replica_for_thread(&other);
    assert!(!std::sync::Arc::ptr_eq(&first, &second));
    assert_eq!(second.info(), other.info());
    // Another thread has its own.
    let elsewhere = std::thread::scope(|s| s.spawn(|| Policy::replica_for_thread(&other)).join().unwrap());
    assert!(!std::sync::Arc::ptr_eq(&second, &elsewhere));
}

#[test]
fn a_load_error_and_a_language_read_the_way_an_integrator_needs() {
    let missing = std::env::temp_dir().join(format!("aturan-no-such-{}.aturan", std::process::id()));
    let err = Policy::from_file(&missing).expect_err("no such file");
    let (en, id) = (err.message(Lang::En), err.message(Lang::Id));
    assert!(en.starts_with("cannot read `") && en == err.to_string(), "{en}");
    assert!(id.contains("tidak dapat dibaca") && !id.contains("cannot"), "{id}");
    // A policy that does not compile: its diagnostics, with snippets, in the language asked.
    let dir = std::env::temp_dir().join(format!("aturan-load-message-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("p.aturan");
    std::fs::write(&path, "policy \"P\"\nfacts { a: int }\nrule r \"R\" source \"S\" when b > 1 then notice n\n")
        .unwrap();
    let err = Policy::from_file(&path).expect_err("unknown name");
    assert!(err.message(Lang::Id).contains("nama `b` tidak dikenal"), "{}", err.message(Lang::Id));
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!("id-ID".parse::<Lang>(), Ok(Lang::Id));
    assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
    assert!("fr".parse::<Lang>().unwrap_err().contains("`en` (English) or `id` (Indonesian)"));
}

#[test]
fn a_helper_growing_data_too_large_is_told_so_in_both_languages() {
    let helper = |body: &str| {
        compile(&format!(
            "policy \"Big\" version \"1\"\nfacts {{ x: int }}\nhelpers \"\"\"\nfn grow(x) {{\n{body}\n    x\n}}\n\"\"\"\n\
             helper grow(x: int) -> int\nrule r \"R\" source \"S\" when grow(x) > 0 then notice n\n"
        ))
        .evaluate(&json!({"x": 1}), &on("2025-01-01"))
        .unwrap_err()
    };
    for (body, id) in [
        ("    let s = \"ab\";\n    loop { s += s; }", "panjang teks terlalu besar"),
        ("    let a = [];\n    a.pad(200000, 0);", "ukuran array terlalu besar"),
    ] {
        let err = helper(body);
        let EvalError::Helper { message, .. } = &err else { panic!("{err:?}") };
        assert!(message.id.contains(id), "{message:?}");
        assert!(!message.id.contains("Length") && !message.id.contains("Size"), "{message:?}");
    }
}

#[test]
fn prepared_facts_debug_as_the_facts_by_name() {
    let p = compile(
        "policy \"P\" facts { a: int, b: optional text }\nrule r \"R\" source \"S\" when a > 1 then notice n\n",
    );
    let facts = p.prepare(&json!({"a": 5})).unwrap();
    assert_eq!(format!("{facts:?}"), r#"{"a": Int(5), "b": None}"#);
}

#[test]
fn a_failed_example_names_the_rule_that_gave_the_outcome_not_expected() {
    // An exception that applies without its base (`jika surat_dokter` alone): the example
    // expecting no sanction fails, and says which rule gave the one imposed.
    let p = compile(
        r#"policy "D" version "1"
facts { alpa: int, surat_dokter: bool }
severity { ringan: teguran
    sedang: potong }
rule potong_5 "Potong" source "S" when alpa >= 28 then sanction potong
rule dokter "Dokter" source "Pasal 9" exception to potong_5 when surat_dokter then sanction teguran
example "tiga hari dengan surat dokter" on 2025-12-31 {
    given { alpa: 3, surat_dokter: true }
    expect no sanction
}
"#,
    );
    let r = p.run_tests();
    let f = &r[0].failures[0];
    assert_eq!((f.what.as_str(), f.actual.as_str()), ("no sanction", "teguran"));
    assert_eq!(f.why, ["teguran is given by `dokter` (Pasal 9)"]);
    assert_eq!(r[0].clone().in_lang(Lang::Id).failures[0].why, ["teguran diberikan oleh `dokter` (Pasal 9)"]);
}

#[test]
fn a_failed_example_of_other_parameters_names_the_rule_that_gave_them_and_the_one_set_aside() {
    // The old table's period ends a day late (`until` read as exclusive): on 2026-07-01 it still
    // gives 100, and the new table's exception, which gives the 0 expected, is set aside.
    let src = r#"policy "T" version "1"
facts { skp: int, ditahan: bool }
rule tpp "Lama" source "Perwal 76" effective until 2026-07-01 when skp >= 90 then reward tpp(persen: 100)
rule tpp_2026 "Baru" source "Perwal 12" effective from 2026-07-01 when skp >= 90 then reward tpp(persen: 110)
rule tpp_khusus "Ditahan" source "Perwal 12 Pasal 9" exception to tpp_2026 effective from 2026-07-01 when ditahan then reward tpp(persen: 0)
example "ditahan" on 2026-07-01 {
    given { skp: 95, ditahan: true }
    expect reward tpp(persen: 0)
}
"#;
    let p = compile(src);
    let r = p.run_tests();
    let f = &r[0].failures[0];
    assert_eq!((f.expected.as_str(), f.actual.as_str()), ("tpp(persen: 0)", "tpp(persen: 100)"));
    assert_eq!(f.why[0], "tpp(persen: 100) is given by `tpp` (Perwal 76)");
    assert!(
        f.why.iter().any(|w| w.starts_with("tpp(persen: 0) of `tpp_khusus` is set aside: rule `tpp`, above this one")),
        "{:?}",
        f.why
    );
    let id = r[0].clone().in_lang(Lang::Id);
    assert_eq!(id.failures[0].why[0], "tpp(persen: 100) diberikan oleh `tpp` (Perwal 76)");
    assert!(id.failures[0].why.iter().any(|w| w.starts_with("tpp(persen: 0) dari `tpp_khusus` dikesampingkan: ")));
    // A case file says the same.
    let cases = aturan_core::Case::parse(
        r#"[{"name": "ditahan", "as_of": "2026-07-01", "facts": {"skp": 95, "ditahan": true},
             "expect": {"sanction": null, "rewards": {"tpp": {"persen": 0}}, "promotion": {}, "notices": {}}}]"#,
    )
    .unwrap();
    let r = p.run_case(&cases[0]);
    assert!(r.failures[0].why.iter().any(|w| w == "tpp(persen: 100) is given by `tpp` (Perwal 76)"), "{r:?}");
}

#[test]
fn the_lets_a_policy_declares_are_listed_with_their_types() {
    let p = semarang();
    let lets: Vec<(&str, &aturan_core::TypeInfo)> = p.lets().iter().map(|l| (l.name.as_str(), &l.ty)).collect();
    let find = |name: &str| lets.iter().find(|(n, _)| *n == name).map(|(_, t)| *t);
    assert!(matches!(find("tahun_ini"), Some(aturan_core::TypeInfo::Int { .. })), "{lets:?}");
    let Some(aturan_core::TypeInfo::Record { fields }) = find("presensi_ini") else { panic!("{lets:?}") };
    assert!(fields.iter().any(|f| f.name == "alpa_hari"));
    // Only what the policy declares: no name the compiler gives a part it works out once.
    assert!(lets.iter().all(|(n, _)| n.chars().all(|c| c.is_alphanumeric() || c == '_')), "{lets:?}");
}

#[test]
fn a_helper_gets_its_arguments_as_declared_and_cannot_sleep_or_be_shadowed() {
    // A whole number given for a `decimal` parameter is a decimal in the script: `/` divides
    // exactly, as the policy's own `/` does, not as whole numbers.
    let p = compile(
        r#"policy "H" version "1"
facts { hadir: int, kerja: int }
param dasar: int = 1000000
helpers """
fn pro_rata(penuh, hadir, kerja) { penuh * hadir / kerja }
fn tidur(x) { sleep(3); x }
"""
helper pro_rata(penuh: decimal, hadir: int, kerja: int) -> decimal
helper tidur(x: int) -> int
rule tpp "TPP" source "S" when hadir > 0
    then reward tpp(helper: pro_rata(dasar, hadir, kerja), dsl: dasar * hadir / kerja)
rule t "T" source "S" when hadir > 5 and tidur(hadir) > 0 then notice t
"#,
    );
    let d = p.evaluate(&json!({"hadir": 1, "kerja": 3}), &on("2025-01-01")).unwrap();
    let params = &d.outcomes[0].params;
    assert_eq!(params["helper"], params["dsl"], "{params:?}");
    assert_eq!(params["helper"].to_string(), "333333.33333333333333333333333");
    // `sleep` stops the helper at once, with an error, rather than blocking the evaluation.
    let err = p.evaluate(&json!({"hadir": 6, "kerja": 3}), &on("2025-01-01")).unwrap_err();
    assert!(err.message(Lang::En).ends_with("`sleep` is not available in a helper: a decision takes no time"), "{err}");
    assert!(err
        .message(Lang::Id)
        .ends_with("`sleep` tidak tersedia dalam fungsi bantu: keputusan tidak memakan waktu"));
    // A function defined again in a later script would replace the first everywhere.
    let twice =
        "policy \"D\" version \"1\"\nfacts { a: int }\nhelpers \"\"\"\nfn h(x) { x }\nfn k(x) { h(x) * 10 }\n\"\"\"\n\
                 helpers \"\"\"\n// again\nfn h(x) { x + 100 }\n\"\"\"\nhelper k(x: int) -> int\n\
                 rule r \"R\" source \"S\" when k(a) > 0 then notice n\n";
    let err = Policy::compile(twice).expect_err("defined twice");
    let d = &err.diagnostics[0];
    assert_eq!(d.code, "duplicate");
    assert!(d.message.en.starts_with("the function `h` with 1 parameter is defined in an earlier helpers script too"));
    assert!(twice.get(d.span.start..).is_some_and(|t| t.starts_with("fn h(x) { x + 100 }")), "{d:?}");
    // A character is a text of one.
    let first = compile(
        "policy \"C\" version \"1\"\nfacts { s: text }\nhelpers \"\"\"\nfn awal(s) { s[0] }\n\"\"\"\n\
         helper awal(s: text) -> text\nrule r \"R\" source \"S\" when awal(s) == \"P\" then notice p\n",
    );
    assert_eq!(first.evaluate(&json!({"s": "PNS"}), &on("2025-01-01")).unwrap().outcomes.len(), 1);
    // A lookup table named like a helper: `t(…)` reads the table.
    let shadow = "policy \"T\" version \"1\"\nfacts { a: int }\nhelpers \"\"\"\nfn t(x) { x }\n\"\"\"\n\
                  helper t(x: int) -> int\ntable t: int -> int { 1 -> 2 }\nrule r \"R\" source \"S\" when t(a) > 0 then notice n\n";
    let err = Policy::compile(shadow).expect_err("a table named like a helper");
    assert_eq!(err.diagnostics[0].code, "duplicate");
    assert!(err.diagnostics[0].message.en.contains("the helper would never be called"));
}

#[test]
fn a_helper_error_in_a_helper_file_names_the_file_its_line_is_in() {
    let dir = std::env::temp_dir().join(format!("aturan-helper-file-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("lib.rhai"), "// helpers in a file\nfn bagi(x) {\n    let nol = 0;\n    x / nol\n}\n")
        .unwrap();
    let path = dir.join("p.aturan");
    std::fs::write(
        &path,
        "policy \"F\" version \"1\"\nfacts { a: int }\nhelpers \"lib.rhai\"\nhelper bagi(x: int) -> int\nrule r \"R\" source \"S\" when bagi(a) > 0 then notice n\n",
    )
    .unwrap();
    let p = Policy::from_file(&path).unwrap();
    let err = p.evaluate(&json!({"a": 1}), &on("2025-01-01")).unwrap_err();
    let EvalError::Helper { line, file, .. } = &err else { panic!("{err:?}") };
    assert_eq!((*line, file.as_deref()), (Some(4), Some("lib.rhai")));
    let data = err.to_json(Lang::En);
    assert_eq!(
        (&data["helper"], &data["line"], &data["file"]),
        (&json!("bagi"), &json!(4), &json!("lib.rhai")),
        "{data}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
