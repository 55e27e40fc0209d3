//! The `aturan` command as a user runs it: every reference case through `aturan eval`, and the
//! exit codes and messages of `check` and `test`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "tests fail loudly"
)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

use aturan_core::{Case, CaseExpect, Decision};

const POLICY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/semarang/semarang.aturan");
const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/cases/semarang.json");
const EMPLOYEES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/semarang/employees.json");

#[path = "../../tests/support/scratch.rs"]
mod scratch;
use scratch::Scratch;

fn aturan(args: &[&str], stdin: Option<&str>) -> Output {
    aturan_in(args, stdin, &[])
}

/// The command started with `args` and `env`, its three streams piped.
fn spawn(args: &[&str], env: &[(&str, &str)]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_aturan"))
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn aturan_in(args: &[&str], stdin: Option<&str>, env: &[(&str, &str)]) -> Output {
    let mut child = spawn(args, env);
    // NDJSON on standard input is answered as it is read, as by any filter: the input is written
    // from another thread while the output is read.
    // (A command that stops before reading all of it closes the pipe: that write error is its.)
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.unwrap_or_default().to_string();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(input.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn every_reference_case_through_eval() {
    let cases = Case::load_file(CASES).unwrap();
    for case in cases {
        let out =
            aturan(&["eval", POLICY, "-", "--as-of", &case.as_of, "--format", "json"], Some(&case.facts.to_string()));
        assert!(out.status.success(), "{}: {}", case.name, text(&out.stderr));
        let decision: Decision = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(CaseExpect::from_decision(&decision), normalize(&case.expect), "{}", case.name);
    }
}

fn normalize(e: &CaseExpect) -> CaseExpect {
    // Round-trip through a decision-shaped comparison: numbers in case files may be written 85 or 85.0.
    serde_json::from_value(serde_json::to_value(e).unwrap()).unwrap()
}

#[test]
fn eval_reads_arrays_and_ndjson_and_prints_one_decision_per_line() {
    let out = aturan(&["eval", POLICY, EMPLOYEES, "--as-of", "2025-12-31", "--format", "json"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let lines: Vec<String> = text(&out.stdout).lines().map(String::from).collect();
    assert_eq!(lines.len(), 20);
    let ndjson: String = serde_json::from_str::<Vec<serde_json::Value>>(&std::fs::read_to_string(EMPLOYEES).unwrap())
        .unwrap()
        .iter()
        .map(|e| format!("{e}\n"))
        .collect();
    let out2 = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json"], Some(&ndjson));
    assert_eq!(text(&out2.stdout), text(&out.stdout), "NDJSON and array input give the same decisions");
}

#[test]
fn eval_id_given_again_is_counted_in_one_warning() {
    let input = "{\"nip\": \"1\", \"status\": \"PNS\"}\n{\"nip\": \"2\", \"status\": \"PNS\"}\n\
                 {\"nip\": \"1\", \"status\": \"PNS\"}\n{\"nip\": \"2\", \"status\": \"PNS\"}\n";
    let out = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json", "--id", "nip"], Some(input));
    assert_eq!(text(&out.stdout).lines().count(), 4, "each is decided");
    let warnings: Vec<serde_json::Value> = text(&out.stderr)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|w: &serde_json::Value| w["warning"].is_object())
        .collect();
    assert_eq!(warnings.len(), 1, "{}", text(&out.stderr));
    let w = &warnings[0]["warning"];
    assert_eq!((w["code"].as_str(), w["count"].as_u64(), w["index"].as_u64()), (Some("repeated-id"), Some(2), Some(2)));
    assert_eq!(w["id"], "1");
    // Ids all different: nothing said.
    let out = aturan(
        &["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json", "--id", "nip"],
        Some(&input[..input.len() / 2]),
    );
    assert!(!text(&out.stderr).contains("repeated-id"), "{}", text(&out.stderr));
}

#[test]
fn eval_id_carries_the_employee_field_into_every_line() {
    let input =
        "{\"nip\": \"1990\", \"status\": \"PNS\"}\n{\"pegawai\": {\"nip\": 7}, \"status\": \"PNSS\"}\nnot json\n";
    let args = |id: &'static str| ["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json", "--id", id];
    let out = aturan(&args("nip"), Some(input));
    let lines: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    // A decision begins with the id; the rest is the decision as without `--id`.
    assert!(text(&out.stdout).starts_with("{\"id\":\"1990\",\"policy\":"), "{}", text(&out.stdout));
    assert!(lines[0]["outcomes"].is_array());
    // An employee without the field, and a line that is not JSON, carry `null`; the one
    // without it is warned about once, by its number.
    assert_eq!(lines[1]["id"], serde_json::Value::Null);
    assert_eq!(lines[1]["index"], 1);
    assert_eq!(lines[2]["id"], serde_json::Value::Null);
    assert_eq!(lines[2]["error"]["code"], "json");
    let warning: serde_json::Value = serde_json::from_str(text(&out.stderr).lines().next().unwrap()).unwrap();
    assert_eq!(warning["warning"]["code"], "no-id");
    assert_eq!(warning["warning"]["index"], 1);

    // A path into a record, a number kept a number, also on an error line.
    let out = aturan(&args("pegawai.nip"), Some(input));
    let lines: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines[1]["id"], 7);
    assert_eq!(lines[1]["error"]["issues"][0]["path"], "status");

    // A misspelt field: the warning names the field the facts give that is named like it.
    let out = aturan(&["eval", POLICY, EMPLOYEES, "--as-of", "2025-12-31", "--format", "json", "--id", "NIP"], None);
    let warning: serde_json::Value = serde_json::from_str(text(&out.stderr).lines().next().unwrap()).unwrap();
    assert!(warning["warning"]["message"].as_str().unwrap().ends_with("did you mean `nip`?"), "{warning}");
    // A record is no one value: its JSON text is the id, said once.
    let out =
        aturan(&["eval", POLICY, EMPLOYEES, "--as-of", "2025-12-31", "--format", "json", "--id", "jabatan"], None);
    let warning: serde_json::Value = serde_json::from_str(text(&out.stderr).lines().next().unwrap()).unwrap();
    assert_eq!(warning["warning"]["code"], "whole-id");
    // An item of a list is no id: refused before any employee is read.
    let out = aturan(&["eval", POLICY, EMPLOYEES, "--as-of", "2025-12-31", "--id", "kinerja[0].tahun"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("expected a field name, or names joined by dots"), "{}", text(&out.stderr));

    // The text output heads each decision with it.
    let out = aturan(&["eval", POLICY, EMPLOYEES, "--as-of", "2025-12-31", "--id", "jabatan.jenis"], None);
    assert!(text(&out.stdout).starts_with("── #1 pelaksana Budi Santoso\n"), "{}", text(&out.stdout));

    let out = aturan(&args("a..b"), Some(input));
    assert_eq!(out.status.code(), Some(2));
    let err: serde_json::Value = serde_json::from_str(text(&out.stderr).trim()).unwrap();
    assert_eq!(err["error"]["code"], "option", "{err}");
}

#[test]
fn eval_text_explains_in_both_languages() {
    let en = aturan(&["eval", POLICY, EMPLOYEES, "--as-of", "2025-12-31", "--explain"], None);
    let en = text(&en.stdout);
    assert!(en.contains("Explanation:") && en.contains("required >= 4"), "{en}");
    let id = aturan(&["eval", POLICY, EMPLOYEES, "--as-of", "2025-12-31", "--explain", "--lang", "id"], None);
    let id = text(&id.stdout);
    assert!(id.contains("Penjelasan:") && id.contains("disyaratkan"), "{id}");
}

#[test]
fn bad_facts_are_reported_per_employee_and_the_batch_goes_on() {
    let input = "{\"status\": \"PNSS\"}\n{\"status\": \"PNS\"}\n";
    let out = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json"], Some(input));
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["error"]["issues"][0]["path"], "status");
    assert!(lines[1]["outcomes"].is_array());
}

#[test]
fn as_of_takes_the_same_one_date_form_as_the_facts() {
    let facts = r#"{"status":"PNS"}"#;
    for bad in ["2025-1-5", "+2025-01-05", "2025-12-31T00:00", "2025-02-29"] {
        let out = aturan(&["eval", POLICY, "-", "--as-of", bad, "--format", "json"], Some(facts));
        assert!(!out.status.success(), "{bad:?} was accepted");
        let said =
            if bad == "2025-02-29" { "is not a day of the calendar" } else { "is not a date; expected YYYY-MM-DD" };
        assert!(text(&out.stderr).contains(&format!("--as-of `{bad}` {said}")), "{bad:?}");
    }
    // A date as a form writes it is told the one to write.
    for (bad, meant) in [("31-12-2025", "2025-12-31"), ("31/12/2025", "2025-12-31"), ("2025-1-5", "2025-01-05")] {
        let out = aturan(&["eval", POLICY, "-", "--as-of", bad], Some(facts));
        let said = text(&out.stderr);
        assert!(said.contains(&format!("expected YYYY-MM-DD: `{meant}`")), "{bad}: {said}");
    }
    // Blanks around it are no part of it, as around a date in the facts.
    for good in ["2024-02-29", " 2024-02-29 "] {
        let out = aturan(&["eval", POLICY, "-", "--as-of", good, "--format", "json"], Some(facts));
        let d: Decision = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(&*d.as_of, "2024-02-29");
    }
}

#[test]
fn params_override_from_the_command_line() {
    let facts = r#"{"status":"PNS","kinerja":[{"tahun":2025,"predikat":"sangat_baik","nilai_skp":95}],"hukuman_disiplin":[],"presensi":{"tahun":2025,"alpa_hari":0,"alpa_berturut_hari":0},"pelanggaran":[],"status_khusus":[]}"#;
    let out = aturan(
        &["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json", "--param", "bonus_tpp_persen=15"],
        Some(facts),
    );
    let d: Decision = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d.outcomes.iter().find(|o| o.code() == "tpp_bonus").unwrap().params["persen"].to_string(), "15");
    // No name, or no `=`: the form is what is wrong.
    for bad in ["=15", "bonus_tpp_persen"] {
        let out = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--param", bad], Some(facts));
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out.stderr).contains(&format!("--param `{bad}`: expected NAME=VALUE")), "{}", text(&out.stderr));
    }
    // `15.000` as Indonesian writes fifteen thousand reads as 15, and says so; `15.5` says nothing.
    let out = aturan(
        &["eval", POLICY, "-", "--as-of", "2025-12-31", "--param", "bonus_tpp_persen=15.000", "--lang", "id"],
        Some(facts),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).starts_with(
            "peringatan: --param bonus_tpp_persen=15.000 dibaca 15, titiknya titik desimal; jika yang dimaksud 15000"
        ),
        "{}",
        text(&out.stderr)
    );
    let out = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--param", "bonus_tpp_persen=15.5"], Some(facts));
    assert!(text(&out.stderr).is_empty(), "{}", text(&out.stderr));
    // For a whole number, which needs no decimal point, it is refused, as the same text is in
    // the facts: a batch a thousand times off is not decided on a warning nobody reads.
    let out = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--param", "minimal_jp=37.000"], Some(facts));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stdout).is_empty());
    assert!(
        text(&out.stderr).contains(
            "--param minimal_jp=37.000: expected an integer; thousands are written without separators (`37000`)"
        ),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn check_reports_every_error_with_a_caret_and_exits_1() {
    let dir = Scratch::new("cli");
    let path = dir.join("rusak.aturan");
    std::fs::write(&path, "policy \"R\"\nfacts { alpa_hari: int }\nrule a \"A\" source \"S\" when alpa_hri > 2 then notice x\nrule b \"B\" source \"S\" when alpa_hari + \"x\" > 1 then notice y\n").unwrap();
    let out = aturan(&["check", path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("unknown name `alpa_hri`") && err.contains("did you mean `alpa_hari`?"), "{err}");
    assert!(err.contains("3:28") && err.contains("^^^^^^^^"), "{err}");
    assert!(err.contains("cannot compute int + text"), "{err}");
    let out = aturan(&["check", path.to_str().unwrap(), "--format", "json", "--lang", "id"], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 2);
    assert_eq!(v["policy"], path.to_str().unwrap());
    assert_eq!(v["diagnostics"][0]["line"], 3);
    assert!(v["diagnostics"][0]["message"].as_str().unwrap().contains("tidak dikenal"));
    // `eval` names the policy that does not compile too (a cron log of several policies).
    let out = aturan(&["eval", path.to_str().unwrap(), EMPLOYEES, "--format", "json"], None);
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_str(text(&out.stderr).lines().last().unwrap()).unwrap();
    assert_eq!((&v["ok"], &v["policy"]), (&serde_json::json!(false), &serde_json::json!(path.to_str().unwrap())));
}

#[test]
fn test_command_passes_on_the_reference_and_shows_a_diff_on_failure() {
    let out = aturan(&["test", POLICY, CASES], None);
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("0 failed"));
    let dir = Scratch::new("cli-t");
    let mut cases: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(CASES).unwrap()).unwrap();
    cases[0]["expect"]["rewards"]["tpp"]["persen"] = serde_json::json!(100);
    let wrong = dir.join("wrong.json");
    std::fs::write(&wrong, cases.to_string()).unwrap();
    let out = aturan(&["test", POLICY, wrong.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    let o = text(&out.stdout);
    assert!(
        o.contains("FAIL Budi")
            && o.contains("- expected {\"satyalancana_karya_satya_10\":{},\"tpp\":{\"persen\":100}}")
            && o.contains("+ actual"),
        "{o}"
    );
}

#[test]
fn test_command_says_the_policys_warnings_which_explain_a_failing_example() {
    let dir = Scratch::new("cli-tw");
    let policy = dir.join("menit.aturan");
    std::fs::write(
        &policy,
        "kebijakan \"C\" versi \"1\"\nfakta {\n  menit: int\n}\naturan r \"R\" sumber \"S\" jika menit > 1 maka pemberitahuan n\ncontoh \"x\" pada 2025-01-01 {\n  masukan { menitt: 3 }\n  harapkan pemberitahuan n\n}\n",
    )
    .unwrap();
    let out = aturan(&["test", policy.to_str().unwrap(), "--lang", "id"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("peringatan[example-undeclared]"), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("maksud Anda `menit`?"), "{}", text(&out.stderr));
    let out = aturan(&["test", policy.to_str().unwrap(), "--format", "json"], None);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["warnings"][0]["code"], "example-undeclared");
}

#[test]
fn files_starting_with_a_byte_order_mark_read_as_without_it() {
    // What Windows editors, PowerShell pipes and some HR exports write at the start of UTF-8.
    let dir = Scratch::new("cli-bom");
    let marked = |name: &str, text: &str| {
        let path = dir.join(name);
        std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
        path.to_str().unwrap().to_string()
    };
    let policy = marked("semarang.aturan", &std::fs::read_to_string(POLICY).unwrap());
    let employees = marked("employees.json", &std::fs::read_to_string(EMPLOYEES).unwrap());
    let cases = marked("cases.json", &std::fs::read_to_string(CASES).unwrap());

    let check = aturan(&["check", &policy], None);
    assert!(check.status.success(), "{}", text(&check.stderr));
    let expected = aturan(&["eval", POLICY, EMPLOYEES, "--as-of", "2025-12-31", "--format", "json"], None);
    let got = aturan(&["eval", &policy, &employees, "--as-of", "2025-12-31", "--format", "json"], None);
    assert!(got.status.success(), "{}", text(&got.stderr));
    // The same decisions; only the hash differs, being that of the policy's text as given.
    let decisions = |out: &Output| -> Vec<serde_json::Value> {
        text(&out.stdout)
            .lines()
            .map(|l| {
                let mut d: serde_json::Value = serde_json::from_str(l).unwrap();
                d["policy"]["source_hash"] = serde_json::Value::Null;
                d
            })
            .collect()
    };
    assert_eq!(decisions(&got), decisions(&expected));
    assert_eq!(decisions(&got).len(), 20);

    let facts: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(EMPLOYEES).unwrap()).unwrap();
    let lines: Vec<String> = facts.iter().take(3).map(|f| f.to_string()).collect();
    let piped = aturan(
        &["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json"],
        Some(&format!("\u{feff}{}\n", lines.join("\n"))),
    );
    assert!(piped.status.success(), "{}", text(&piped.stderr));
    assert_eq!(text(&piped.stdout).lines().count(), 3);

    let test = aturan(&["test", &policy, &cases], None);
    assert!(test.status.success(), "{}", text(&test.stdout));
    assert!(text(&test.stdout).contains("0 failed"));
}

#[test]
fn a_case_that_cannot_be_evaluated_says_why_in_the_chosen_language() {
    let dir = Scratch::new("cli-t-lang");
    let mut cases: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(CASES).unwrap()).unwrap();
    cases[0]["facts"]["presensi"]["alpa_hari"] = serde_json::json!("tiga");
    let file = dir.join("bad-facts.json");
    std::fs::write(&file, cases.to_string()).unwrap();
    let id = text(&aturan(&["test", POLICY, file.to_str().unwrap(), "--lang", "id"], None).stdout);
    assert!(id.contains("GAGAL") && id.contains("kesalahan: fakta tidak sesuai dengan kebijakan"), "{id}");
    let en = text(&aturan(&["test", POLICY, file.to_str().unwrap()], None).stdout);
    assert!(en.contains("error: the facts do not match the policy"), "{en}");
    // Failure labels and values in Indonesian too.
    cases[0]["facts"]["presensi"]["alpa_hari"] = serde_json::json!(0);
    cases[0]["expect"]["sanction"] = serde_json::json!("teguran_lisan");
    std::fs::write(&file, cases.to_string()).unwrap();
    let id = text(&aturan(&["test", POLICY, file.to_str().unwrap(), "--lang", "id"], None).stdout);
    assert!(id.contains("sanksi:") && id.contains("+ hasil      tidak ada"), "{id}");
    // A case file that is not one says so in Indonesian too.
    std::fs::write(
        &file,
        r#"[{"name": "x", "as_of": "2025-01-01", "facts": {"a": 1, "a": 2}, "expect": {"sanction": null}}]"#,
    )
    .unwrap();
    let out = aturan(&["test", POLICY, file.to_str().unwrap(), "--lang", "id"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("kesalahan: ") && text(&out.stderr).contains("isian `a` diberikan dua kali"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_employee_that_cannot_be_decided_is_reported_in_the_chosen_language() {
    let input = "{presensi: 1}\n{\"presensi\": {\"alpa_hari\": -1}}\n";
    let id = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--lang", "id"], Some(input));
    assert_eq!(id.status.code(), Some(1));
    let out = text(&id.stdout);
    assert!(
        out.contains("── #1\nkesalahan: baris 1 bukan JSON (kolom 2): nama isian harus dalam tanda kutip ganda"),
        "{out}"
    );
    assert!(out.contains("── #2\nkesalahan: fakta tidak sesuai"), "{out}");
    assert!(!out.contains("error"), "{out}");
    let en = text(&aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31"], Some(input)).stdout);
    assert!(en.contains("── #1\nerror: line 1 is not JSON (column 2): field names go in double quotes"), "{en}");
}

#[test]
fn many_employees_are_decided_in_their_order() {
    // More than two slices of the command's parallel evaluation, with a broken line among them:
    // each line's decision is the one its employee gets alone.
    let facts: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(EMPLOYEES).unwrap()).unwrap();
    let alone = aturan(&["eval", POLICY, EMPLOYEES, "--as-of", "2025-12-31", "--format", "json"], None);
    let alone: Vec<String> = text(&alone.stdout).lines().map(String::from).collect();
    assert_eq!(alone.len(), facts.len());
    let (n, broken) = (2_100, 1_500);
    // The employees as NDJSON with a line that is not JSON, and as one array (read an item at a
    // time) with an item that is not an object: each refused alone, the others decided alike.
    let employees = |bad: &str| -> Vec<String> {
        (0..n).map(|i| if i == broken { bad.to_string() } else { facts[i % facts.len()].to_string() }).collect()
    };
    for input in [employees("{broken").join("\n"), format!("[\n{}\n]", employees("[1]").join(",\n"))] {
        let out = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json"], Some(&input));
        assert_eq!(out.status.code(), Some(1), "one employee failed");
        let got: Vec<String> = text(&out.stdout).lines().map(String::from).collect();
        assert_eq!(got.len(), n);
        for (i, line) in got.iter().enumerate() {
            if i == broken {
                assert!(line.starts_with("{\"index\":1500,\"error\""), "{line}");
            } else {
                assert_eq!(line, &alone[i % facts.len()], "employee {i}");
            }
        }
    }
}

#[test]
fn a_run_that_cannot_start_exits_2_and_keeps_standard_output_for_results() {
    let dir = Scratch::new("cli-stop");
    let broken = dir.join("broken.aturan");
    std::fs::write(&broken, "policy \"x\" version \"1\"\nrule a \"t\" source \"s\" when foo > 1 then notice z\n")
        .unwrap();
    let out = aturan(&["eval", broken.to_str().unwrap(), EMPLOYEES, "--format", "json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let diagnostics: serde_json::Value = serde_json::from_str(text(&out.stderr).trim()).unwrap();
    assert_eq!(diagnostics["diagnostics"][0]["code"], "unknown-name");
    // `check` reports the same errors as its output.
    assert_eq!(aturan(&["check", broken.to_str().unwrap()], None).status.code(), Some(1));
    let empty = aturan(&["eval", POLICY, "-"], Some("[]"));
    assert_eq!(empty.status.code(), Some(2));
    assert!(text(&empty.stderr).contains("holds no employee"));
    // With `--format json` every error that stops a run is data on standard error.
    let cases = dir.join("cases.json");
    std::fs::write(&cases, r#"[{"name": "x", "as_of": "2025-12-31", "facts": {}, "expect": {"promoton": "kp"}}]"#)
        .unwrap();
    for (args, input, what, code) in [
        (vec!["eval", POLICY, "-", "--format", "json"], Some("[]"), "holds no employee", "input"),
        (
            vec!["eval", POLICY, EMPLOYEES, "--format", "json", "--as-of", "2025-13-01"],
            None,
            "is not a day of the calendar",
            "option",
        ),
        (vec!["test", POLICY, cases.to_str().unwrap(), "--format", "json"], None, "promoton", "input"),
        (vec!["eval", "no/such.aturan", EMPLOYEES, "--format", "json"], None, "cannot read", "input"),
        (vec!["eval", POLICY, "-", "--format", "json"], Some("{\"nama\": \"é\",\n \"x\": }"), "is not JSON", "json"),
    ] {
        let out = aturan(&args, input);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        // The last line (a warning may come before it: no --as-of given).
        let error: serde_json::Value = serde_json::from_str(text(&out.stderr).trim().lines().last().unwrap()).unwrap();
        assert_eq!(error["ok"], false);
        let message = error["error"]["message"].as_str().unwrap();
        assert!(message.contains(what), "{args:?}: {message}");
        assert_eq!(error["error"]["code"], code, "{args:?}");
        if code == "json" {
            assert_eq!((error["error"]["line"].as_u64(), error["error"]["column"].as_u64()), (Some(2), Some(7)));
        }
    }
    // A wrong parameter or date carries its code, as an employee's error does: a value of the
    // wrong type, a date outside the policy's period, and a malformed one alike.
    for (option, value, code) in [
        ("--param", "bonus_tpp_persen=abc", "param"),
        ("--param", "bonus_tpp_persen", "param"),
        ("--as-of", "2019-01-01", "option"),
        ("--as-of", "31/12/2025", "option"),
        ("--as-of", "2025-02-29", "option"),
    ] {
        let out = aturan(&["eval", POLICY, EMPLOYEES, "--format", "json", option, value], None);
        assert_eq!(out.status.code(), Some(2));
        let error: serde_json::Value = serde_json::from_str(text(&out.stderr).trim().lines().last().unwrap()).unwrap();
        assert_eq!(error["error"]["code"], code, "{error}");
        let named = value.split('=').next().unwrap();
        assert!(error["error"]["message"].as_str().unwrap().contains(named), "{error}");
    }
}

#[test]
fn a_reader_that_stops_early_stops_the_command_quietly() {
    let line = std::fs::read_to_string(EMPLOYEES).unwrap();
    let facts: Vec<serde_json::Value> = serde_json::from_str(&line).unwrap();
    let many: Vec<String> = (0..20_000).map(|i| facts[i % facts.len()].to_string()).collect();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_aturan"))
        .args(["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(many.join("\n").as_bytes());
    });
    let mut first = [0u8; 16];
    use std::io::Read;
    child.stdout.as_mut().unwrap().read_exact(&mut first).unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(141));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

#[test]
fn a_field_given_twice_is_refused_not_guessed() {
    let one = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31"], Some("{\"nip\": \"1\",\n \"nip\": \"2\"}"));
    assert_eq!(one.status.code(), Some(2));
    let err = text(&one.stderr);
    assert!(
        err.contains("the field `nip` is given twice in one object") && err.contains("at line 2 column 6"),
        "{err}"
    );
    // A broken first line of NDJSON fails alone, as any other line.
    let first = aturan(
        &["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json"],
        Some("{\"nip\": \"1\", \"nama\": \n{}\n{}\n"),
    );
    assert_eq!(first.status.code(), Some(1));
    let lines: Vec<String> = text(&first.stdout).lines().map(String::from).collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].contains("line 1 is not JSON"), "{}", lines[0]);
    // So does a header of column names above NDJSON: the employees below it are decided.
    let header = aturan(
        &["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json"],
        Some("[\"nip\", \"nama\"]\n{\"nip\": \"1\"}\n{\"nip\": \"2\"}\n"),
    );
    assert_eq!(header.status.code(), Some(1));
    let lines: Vec<serde_json::Value> =
        text(&header.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["error"]["code"], "facts");
    assert!(lines[1]["outcomes"].is_array() && lines[2]["outcomes"].is_array());
    // A whole array on one line stays one document.
    let one = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json"], Some("[{}, {}]\n"));
    assert_eq!(text(&one.stdout).lines().count(), 2);
    // In NDJSON only that employee is refused.
    let lines =
        aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json"], Some("{}\n{\"a\": 1, \"a\": 2}\n"));
    let out = text(&lines.stdout);
    let results: Vec<&str> = out.lines().collect();
    assert_eq!(results.len(), 2, "{out}");
    assert!(results[0].starts_with("{\"policy\""), "{out}");
    assert!(results[1].contains("line 2, column 12: the field `a` is given twice"), "{out}");
}

#[test]
fn broken_facts_input_is_reported_where_it_breaks_and_ndjson_goes_on_past_a_bad_line() {
    let dir = Scratch::new("cli-facts");
    let trailing = dir.join("trailing.json");
    std::fs::write(&trailing, "[\n  {\"status\": \"PNS\"},\n  {\"status\": \"PNS\",},\n  {\"status\": \"PNS\"}\n]\n")
        .unwrap();
    let out = aturan(&["eval", POLICY, trailing.to_str().unwrap(), "--as-of", "2025-12-31"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("is not JSON: trailing comma at line 3 column"), "{}", text(&out.stderr));

    let ndjson = "{\"status\":\"PNS\"}\n{\"status\":\n{\"status\":\"CPNS\"}\n";
    let out = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json"], Some(ndjson));
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3, "every line gets its answer");
    assert!(lines[0]["outcomes"].is_array() && lines[2]["outcomes"].is_array());
    assert_eq!(lines[1]["index"], 1);
    // A line cut short is said to end where its text does, and its code is `json`: the text
    // does not read (facts that read but do not match are `facts`).
    assert!(
        lines[1]["error"]["message"].as_str().unwrap().starts_with("line 2 is not JSON (column 10): the text ends"),
        "{}",
        lines[1]
    );
    assert_eq!(lines[1]["error"]["code"], "json");
    assert_eq!((lines[1]["error"]["line"].as_u64(), lines[1]["error"]["column"].as_u64()), (Some(2), Some(10)));

    for empty in ["", "  \n\t\n"] {
        let out = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31"], Some(empty));
        assert_eq!(out.status.code(), Some(2), "{empty:?}");
        assert!(text(&out.stderr).contains("holds no employee"), "{}", text(&out.stderr));
        let out = aturan(&["--lang", "id", "eval", POLICY, "-", "--as-of", "2025-12-31"], Some(empty));
        assert!(text(&out.stderr).contains("masukan standar tidak berisi pegawai"), "{}", text(&out.stderr));
    }

    let utf16 = dir.join("utf16.json");
    std::fs::write(&utf16, [0xFF, 0xFE, b'{', 0, b'}', 0]).unwrap();
    let out = aturan(&["eval", POLICY, utf16.to_str().unwrap(), "--as-of", "2025-12-31"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("UTF-16") && text(&out.stderr).contains("save it as UTF-8"));
    // A gzip file given as it is: said, with how to read it, not as text that is no UTF-8.
    let gzip = dir.join("export.ndjson.gz");
    std::fs::write(&gzip, [0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03]).unwrap();
    let out = aturan(&["eval", POLICY, gzip.to_str().unwrap(), "--as-of", "2025-12-31"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("compressed with gzip; decompress it first (`zcat FILE | aturan eval POLICY -`)"),
        "{}",
        text(&out.stderr)
    );
    let latin1 = dir.join("latin1.aturan");
    std::fs::write(&latin1, b"policy \"x\" version \"1\"\n// caf\xe9\n").unwrap();
    let out = aturan(&["check", latin1.to_str().unwrap()], None);
    assert!(text(&out.stderr).contains("not UTF-8: byte 0xE9 at line 2"), "{}", text(&out.stderr));
}

#[test]
fn a_wrong_parameter_is_said_once_and_a_text_parameter_keeps_its_text() {
    let facts = "{\"status\":\"PNS\"}\n{\"status\":\"PNS\"}\n";
    for bad in ["nope=1", "bonus_tpp_persen=null", "bonus_tpp_persen=banyak"] {
        let out = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--param", bad], Some(facts));
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert_eq!(text(&out.stderr).lines().count(), 1, "{bad}: {}", text(&out.stderr));
        assert!(text(&out.stdout).is_empty(), "{bad}");
    }
    let dir = Scratch::new("cli-text");
    let policy = dir.join("kode.aturan");
    std::fs::write(
        &policy,
        "policy \"K\" version \"1\"\nfacts { a: int }\nparam kode: text = \"A\"\nrule r \"R\" source \"S\" when a > 0 then notice n(k: kode)\n",
    )
    .unwrap();
    for (given, kept) in [("1E5", "1E5"), ("007", "007"), ("\"1E5\"", "1E5"), ("true", "true")] {
        let arg = format!("kode={given}");
        let out = aturan(
            &["eval", policy.to_str().unwrap(), "-", "--as-of", "2025-12-31", "--format", "json", "--param", &arg],
            Some("{\"a\":1}"),
        );
        let d: Decision = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stderr)));
        assert_eq!(d.outcomes[0].params["k"], kept, "{given}");
    }
}

#[test]
fn a_misspelt_field_in_a_case_file_is_an_error_naming_the_case() {
    let dir = Scratch::new("cli-cases");
    let mut cases: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(CASES).unwrap()).unwrap();
    let promotion = cases[1]["expect"].as_object_mut().unwrap().remove("promotion").unwrap();
    cases[1]["expect"]["promotions"] = promotion;
    let typo = dir.join("typo.json");
    std::fs::write(&typo, cases.to_string()).unwrap();
    let out = aturan(&["test", POLICY, typo.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("case 2 (") && err.contains("unknown field `promotions`"), "{err}");
}

#[test]
fn without_as_of_the_date_is_the_local_one() {
    // Fourteen hours ahead of UTC and twelve behind are always a day or two apart.
    let as_of = |tz: &str| {
        let out = aturan_in(&["eval", POLICY, "-", "--format", "json"], Some("{}"), &[("TZ", tz)]);
        let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        d["as_of"].as_str().unwrap().to_string()
    };
    let (ahead, behind) = (as_of("AHEAD-14"), as_of("BEHIND+12"));
    assert!(ahead > behind, "{ahead} should be later than {behind}");
    // … which is said on standard error, as the decisions hang on it; with --as-of, nothing is.
    let out = aturan(&["eval", POLICY, "-", "--format", "json"], Some("{}"));
    let warning: serde_json::Value = serde_json::from_slice(out.stderr.split(|b| *b == b'\n').next().unwrap()).unwrap();
    assert_eq!(warning["warning"]["code"], "as-of-today");
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(warning["warning"]["as_of"], d["as_of"]);
    let out = aturan(&["eval", POLICY, "-", "--lang", "id"], Some("{}"));
    assert!(
        text(&out.stderr).starts_with("peringatan: --as-of tidak diberikan: keputusan dibuat per hari ini, "),
        "{}",
        text(&out.stderr)
    );
    let out = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json"], Some("{}"));
    assert!(!text(&out.stderr).contains("as-of-today"), "{}", text(&out.stderr));
}

#[test]
fn numbers_in_a_case_file_compare_by_value_in_any_form() {
    let dir = Scratch::new("cli-exp");
    let cases: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(CASES).unwrap()).unwrap();
    let budi = serde_json::to_string(&cases[0]).unwrap();
    assert!(budi.contains("\"persen\":85"), "{budi}");
    for written in ["8.5e1", "85.00", "850E-1"] {
        let file = dir.join("exp.json");
        std::fs::write(&file, format!("[{}]", budi.replace("\"persen\":85", &format!("\"persen\":{written}"))))
            .unwrap();
        let out = aturan(&["test", POLICY, file.to_str().unwrap()], None);
        assert!(out.status.success(), "{written}: {}", text(&out.stdout));
    }
}

#[test]
fn a_field_named_like_a_missing_fact_is_warned_about_once() {
    // `alpa_hri` for `alpa_hari`: ignored as an extra field, so the sanction is undetermined;
    // the warning says why, once for both employees. `nama` and other extras get none.
    let two = r#"[{"presensi": {"alpa_hari": 2}}, {"presensi": {"alpa_hri": 12}, "unit_kerja": "x"}, {"presensi": {"alpa_hri": 3}}]"#;
    let out = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31"], Some(two));
    let err = text(&out.stderr);
    // Named with the first employee that has it, as the output numbers them.
    assert_eq!(err.matches("warning: the facts give `presensi.alpa_hri` (first in employee #2)").count(), 1, "{err}");
    assert!(err.contains("(did you mean `presensi.alpa_hari`?)"), "{err}");
    assert!(!err.contains("unit_kerja"), "{err}");
    let json = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json"], Some(two));
    let warning: serde_json::Value = serde_json::from_str(text(&json.stderr).lines().next().unwrap()).unwrap();
    assert_eq!(warning["warning"]["did_you_mean"], "presensi.alpa_hari");
    // Counted from 0 in JSON, as the error lines count.
    assert_eq!(warning["warning"]["index"], 1);
    let clean = aturan(&["eval", POLICY, EMPLOYEES, "--as-of", "2025-12-31"], None);
    assert!(text(&clean.stderr).is_empty(), "{}", text(&clean.stderr));
}

#[test]
fn every_employee_is_looked_at_for_misspelt_fields_and_list_items_are_warned_about_once() {
    // A misspelling first given by employee 151 (past any first-employees sample), one in every
    // item of a long list, and an employee without the `--id` field late in the input.
    let mut input = String::new();
    input.push_str(&format!(
        "{{\"nip\": \"0\", \"pelatihan\": [{}]}}\n",
        vec!["{\"tahun\": 2025, \"JP\": 1}"; 30].join(", ")
    ));
    for i in 1..150 {
        input.push_str(&format!("{{\"nip\": \"{i}\", \"presensi\": {{\"alpa_hari\": 0}}}}\n"));
    }
    input.push_str("{\"nip\": \"150\", \"presensi\": {\"alpa_hri\": 30}}\n{\"status\": \"PNSS\"}\n");
    let out = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--id", "nip"], Some(&input));
    let err = text(&out.stderr);
    assert_eq!(err.matches("facts give `pelatihan[").count(), 1, "{err}");
    assert!(err.contains("the facts give `pelatihan[0].JP` (first in employee #1)"), "{err}");
    assert!(err.contains("the facts give `presensi.alpa_hri` (first in employee #151)"), "{err}");
    assert!(err.contains("--id nip: the facts of employee #152 do not give `nip`"), "{err}");
    // A log that keeps only standard error shows that one employee could not be decided.
    assert!(err.contains("1 of 152 employees could not be decided"), "{err}");
    assert!(err.contains("1 of 152 employees do not give `nip`"), "{err}");
    assert_eq!(out.status.code(), Some(1));

    // In JSON, the summary is one object; a run without errors has none.
    let json = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json", "--id", "nip"], Some(&input));
    let last: serde_json::Value = serde_json::from_str(text(&json.stderr).lines().last().unwrap()).unwrap();
    assert_eq!(last["summary"]["employees"], 152);
    assert_eq!(last["summary"]["failed"], 1);
    assert_eq!(last["summary"]["without_id"], 1);
    let clean = aturan(&["eval", POLICY, EMPLOYEES, "--as-of", "2025-12-31", "--format", "json"], None);
    assert!(text(&clean.stderr).is_empty(), "{}", text(&clean.stderr));

    // Past twenty paths, the rest are counted in one warning.
    let many: Vec<String> =
        (0..25).map(|i| format!("\"presensi\": {{\"alpa_hari{}\": {i}}}", char::from(b'A' + i))).collect();
    let input: String = many.iter().map(|f| format!("{{{f}}}\n")).collect();
    let out = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31"], Some(&input));
    let err = text(&out.stderr);
    assert_eq!(err.matches("warning: the facts give").count(), 20, "{err}");
    assert!(err.contains("warning: 5 more fields in the facts (first in employee #21)"), "{err}");
}

#[test]
fn ndjson_on_standard_input_is_answered_line_by_line_as_it_comes() {
    use std::io::{BufRead, BufReader};
    let facts: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(EMPLOYEES).unwrap()).unwrap();
    let mut child = spawn(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json"], &[]);
    let mut stdin = child.stdin.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let _ = tx.send(line.unwrap());
        }
    });
    // Each employee's decision comes before the next employee is sent; a command that waited for
    // the end of its input would answer nothing (the wait is only a bound for a broken build).
    for f in facts.iter().take(3) {
        writeln!(stdin, "{f}").unwrap();
        stdin.flush().unwrap();
        let Ok(line) = rx.recv_timeout(std::time::Duration::from_secs(120)) else {
            let _ = child.kill();
            panic!("no decision while the input stays open");
        };
        let decision: Decision = serde_json::from_str(&line).unwrap();
        assert_eq!(decision.as_of.as_ref(), "2025-12-31");
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(rx.recv().is_err(), "three employees, three decisions");
}

#[test]
fn a_line_of_ndjson_that_is_not_utf8_fails_alone() {
    let dir = Scratch::new("cli-latin1");
    let file = dir.join("latin1.ndjson");
    std::fs::write(&file, b"{\"status\": \"PNS\"}\n{\"nama\": \"Andr\xe9\"}\n\n{\"status\": \"CPNS\"}\n").unwrap();
    for (lang, said) in [("en", "line 2 is not UTF-8 text: byte 0xE9 at byte 15"), ("id", "baris 2 bukan teks UTF-8")] {
        let out = aturan(
            &["--lang", lang, "eval", POLICY, file.to_str().unwrap(), "--as-of", "2025-12-31", "--format", "json"],
            None,
        );
        assert_eq!(out.status.code(), Some(1));
        let lines: Vec<serde_json::Value> =
            text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 3, "{}", text(&out.stdout));
        assert!(lines[0]["outcomes"].is_array() && lines[2]["outcomes"].is_array());
        assert_eq!(lines[1]["index"], 1);
        assert!(lines[1]["error"]["message"].as_str().unwrap().starts_with(said), "{}", lines[1]);
        // Its line and where the text stops being UTF-8 (in bytes), as fields.
        assert_eq!((lines[1]["error"]["line"].as_u64(), lines[1]["error"]["column"].as_u64()), (Some(2), Some(15)));
    }
    // The first line too: the next one tells that the input is NDJSON.
    std::fs::write(&file, b"{\"nama\": \"Andr\xe9\"}\n{\"status\": \"PNS\"}\n").unwrap();
    let out = aturan(&["eval", POLICY, file.to_str().unwrap(), "--as-of", "2025-12-31", "--format", "json"], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let lines: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2, "{}", text(&out.stdout));
    assert_eq!(lines[0]["index"], 0);
    assert!(lines[1]["outcomes"].is_array());
}

/// Runs `aturan eval` for `facts` (NDJSON, from a file) with standard error on a terminal (made by
/// `script`) and standard output in a file, or through a pipe into one with `piped`; gives what
/// the terminal showed and the decisions.
#[cfg(target_os = "linux")]
fn eval_on_a_terminal(facts: &str, extra: &str, piped: bool) -> (String, String) {
    let dir = Scratch::new(&format!("cli-tty-{}-{piped}", extra.len()));
    let (input, output) = (dir.join("facts.ndjson"), dir.join("decisions.ndjson"));
    std::fs::write(&input, facts).unwrap();
    let command = format!(
        "{} eval {POLICY} {} --as-of 2025-12-31 --format json {extra} {} {}",
        env!("CARGO_BIN_EXE_aturan"),
        input.display(),
        if piped { "| cat >" } else { ">" },
        output.display()
    );
    let shown = Command::new("script").args(["-qec", &command, "/dev/null"]).output().unwrap();
    assert!(shown.status.success(), "{}", text(&shown.stderr));
    (text(&shown.stdout), std::fs::read_to_string(&output).unwrap())
}

#[test]
#[cfg(target_os = "linux")]
fn a_long_run_shows_its_progress_on_a_terminal_and_only_there() {
    let facts: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(EMPLOYEES).unwrap()).unwrap();
    let lines: Vec<String> = (0..5_000).map(|i| facts[i % facts.len()].to_string()).collect();
    let ndjson = lines.join("\n") + "\n";
    let (shown, decisions) = eval_on_a_terminal(&ndjson, "", false);
    assert!(shown.contains("employees decided"), "{shown:?}");
    assert_eq!(decisions.lines().count(), 5_000);
    assert!(!decisions.contains("employees decided"));
    let (shown, decisions) = eval_on_a_terminal(&ndjson, "--no-progress", false);
    assert!(!shown.contains("employees decided"), "{shown:?}");
    assert_eq!(decisions.lines().count(), 5_000);
    // Beside a pipe, whose reader may print to the same terminal, it is not shown either.
    let (shown, decisions) = eval_on_a_terminal(&ndjson, "", true);
    assert!(!shown.contains("employees decided"), "{shown:?}");
    assert_eq!(decisions.lines().count(), 5_000);
    // Standard error that is not a terminal (a log file, a program) gets no progress display.
    let out = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json"], Some(&ndjson));
    assert!(out.status.success());
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
}

#[test]
fn input_without_line_breaks_stops_with_an_error_not_an_abort() {
    // `/dev/zero` or a stuck producer: the reading stops at a line of 256 MiB, not when memory
    // runs out (which aborted the process).
    let mut child = spawn(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json"], &[]);
    let mut pipe = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // Two employees first: decided and written before the run stops.
        let mut block = b"{}\n{}\n".to_vec();
        block.resize(1 << 20, b'0');
        for _ in 0..300 {
            if pipe.write_all(&block).is_err() {
                break;
            }
            block.fill(b'0');
        }
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).lines().count(), 2, "{}", text(&out.stdout));
    let err: serde_json::Value = serde_json::from_str(text(&out.stderr).trim()).unwrap();
    assert_eq!(err["error"]["code"], "input");
    assert!(err["error"]["message"].as_str().unwrap().contains("a line is longer than 256 MiB"), "{err}");
}

#[cfg(target_os = "linux")]
#[test]
fn output_that_cannot_be_written_is_an_output_error_not_an_input_one() {
    let out = Command::new(env!("CARGO_BIN_EXE_aturan"))
        .args(["eval", POLICY, EMPLOYEES, "--as-of", "2025-12-31", "--format", "json", "--lang", "id"])
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err: serde_json::Value = serde_json::from_str(text(&out.stderr).trim()).unwrap();
    assert_eq!(err["error"]["code"], "output");
    assert_eq!(err["error"]["message"], "keluaran tidak dapat ditulis: disk penuh");
}

#[cfg(target_os = "linux")]
#[test]
fn diagnostics_that_cannot_be_written_do_not_stop_the_decisions() {
    // No `--as-of` (a warning), a misspelt field (a warning), then the summary: standard error
    // is a full disk, and every decision still reaches standard output.
    let out = Command::new(env!("CARGO_BIN_EXE_aturan"))
        .args(["eval", POLICY, EMPLOYEES, "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    let employees: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(EMPLOYEES).unwrap()).unwrap();
    assert_eq!(text(&out.stdout).lines().count(), employees.len());
    assert!(matches!(out.status.code(), Some(0 | 1)), "{:?}", out.status);
}

#[test]
fn a_policy_is_not_read_from_standard_input_and_the_error_says_so() {
    for args in [&["check", "-"][..], &["eval", "-", "-"][..], &["test", "-"][..]] {
        let out = aturan(args, Some("policy \"P\" version \"1\"\n"));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            text(&out.stderr).contains("the policy is read from its file, not from standard input"),
            "{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn the_text_output_heads_a_decision_with_a_nip_given_as_a_number_too() {
    let out = aturan(
        &["eval", POLICY, "-", "--as-of", "2025-12-31"],
        Some("{\"nip\": 198101152000011000, \"nama\": \"Budi\"}"),
    );
    assert!(text(&out.stdout).starts_with("── #1 198101152000011000 Budi\n"), "{}", text(&out.stdout));
}

#[test]
fn ndjson_whose_first_two_lines_are_broken_still_decides_the_others() {
    let input =
        "{\"nip\": \"1\", \"status\": PNS}\n{\"nip\": \"2\", \"status\": CPNS}\n{\"nip\": \"3\"}\n{\"nip\": \"4\"}\n";
    let out = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json", "--id", "nip"], Some(input));
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = text(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["error"]["code"], "json");
    assert_eq!(lines[1]["error"]["line"], 2);
    assert_eq!(lines[3]["id"], "4");
    assert!(lines[3]["outcomes"].is_array());
}

#[test]
fn test_json_results_say_each_case_s_place_in_its_file() {
    let out = aturan(&["test", POLICY, CASES, "--format", "json"], None);
    let all: serde_json::Value = serde_json::from_str(&text(&out.stdout)).unwrap();
    let results = all["results"].as_array().unwrap();
    let cases: Vec<&serde_json::Value> = results.iter().filter(|r| r["from"] != "policy").collect();
    assert!(!cases.is_empty());
    for (i, c) in cases.iter().enumerate() {
        assert_eq!(c["index"], i);
    }
    assert!(results.iter().filter(|r| r["from"] == "policy").all(|r| r.get("index").is_none()));
}

#[test]
fn an_id_sent_as_a_long_number_is_written_as_given_and_warned_about_once() {
    let input = "{\"nip\": 198101152000011000}\n{\"nip\": 198101152000011001}\n";
    let out = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--format", "json", "--id", "nip"], Some(input));
    assert!(text(&out.stdout).starts_with("{\"id\":198101152000011000,"), "{}", text(&out.stdout));
    let warnings: Vec<serde_json::Value> =
        text(&out.stderr).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(warnings.iter().filter(|w| w["warning"]["code"] == "long-id").count(), 1, "{warnings:?}");
    let short = aturan(&["eval", POLICY, "-", "--as-of", "2025-12-31", "--id", "nip"], Some("{\"nip\": 12345}\n"));
    assert!(text(&short.stderr).is_empty(), "{}", text(&short.stderr));
}
