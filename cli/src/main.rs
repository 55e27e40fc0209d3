//! `aturan`: check, evaluate and test Aturan policies from the command line.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use aturan_core::{
    list_items_alike, render_decision_text, Case, EvalError, EvalOptions, Lang, LoadError, Policy, Severity,
    TestResult, Text,
};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use serde_json::{json, Value as Json};

// Diagnostics go to standard error as `eprintln!` puts them, without its panic when standard
// error cannot be written (a full disk, a log pipe whose reader is gone): a warning that cannot
// be said is dropped, and the decisions on standard output go on to the last employee.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

macro_rules! eprint {
    ($($arg:tt)*) => {{
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

mod input;

/// mimalloc (on its fast path), as in the Python package: an evaluation allocates many small values.
#[global_allocator]
static GLOBAL: aturan_alloc::Mimalloc = aturan_alloc::Mimalloc;

#[derive(Parser)]
#[command(
    name = "aturan",
    version,
    about = "Check, evaluate and test Aturan HR policies",
    after_help = "Exit status: 0 when all went well; 1 when the policy has errors (check), an employee \
                  could not be decided (eval) or a test failed (test); 2 when the run stopped: a file that \
                  cannot be read, facts that are not JSON, a wrong option, a policy that does not compile \
                  (eval, test)."
)]
struct Cli {
    /// Language of messages and explanations.
    #[arg(long, global = true, value_enum, default_value = "en")]
    lang: LangArg,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    En,
    Id,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Readable text.
    Text,
    /// JSON: with `eval`, one line per employee (a decision or an error); warnings and an error
    /// that stops the run go to standard error, as JSON too.
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Check a policy: every error and warning, with the line and a caret.
    Check {
        /// The policy file (`.aturan`).
        policy: PathBuf,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Evaluate a policy for employees' facts: a JSON object, a JSON array, NDJSON, or `-` for stdin.
    Eval {
        /// The policy file (`.aturan`).
        policy: PathBuf,
        /// The facts file: one employee (a JSON object), many (a JSON array, or NDJSON: one
        /// object per line), or `-` to read them from standard input.
        facts: String,
        /// The decision date (YYYY-MM-DD); when absent, today's date where the command runs (its
        /// local time zone, said on standard error), so a scheduled run should give it.
        #[arg(long)]
        as_of: Option<String>,
        /// Override a policy parameter, e.g. `--param bonus_tpp_persen=15` (repeatable).
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
        /// Explain every rule: conditions with actual and required values.
        #[arg(long)]
        explain: bool,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// No progress display (it is shown on standard error when that is a terminal and the
        /// decisions go to a file).
        #[arg(long)]
        no_progress: bool,
        /// The facts field that identifies an employee (e.g. `nip`, or `pegawai.nip`): with
        /// `--format json` each line carries it as `id`; the text output heads each decision
        /// with it (`nip` when not given).
        #[arg(long, value_name = "FIELD")]
        id: Option<String>,
    },
    /// Run the policy's own examples and any case files.
    Test {
        /// The policy file (`.aturan`), whose own examples are run.
        policy: PathBuf,
        /// Case files in the reference format (a JSON array of {name, as_of, facts, expect}).
        cases: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

/// What a write to standard output gives when its reader has gone (`aturan eval … | head`): the
/// command stops quietly, with the status of a process stopped by SIGPIPE.
const STOPPED: &str = "\u{0}reader gone";

/// Why a command stopped before its end: a code a program can branch on (`input`: the policy or
/// the facts cannot be read; `json`: the facts are not JSON; `option`, `param`: a wrong
/// option; `output`: standard output cannot be written), the message, and for `json` the line
/// and column.
pub struct Stop {
    code: &'static str,
    message: String,
    at: Option<(usize, usize)>,
}

impl Stop {
    pub fn json(message: String, at: Option<(usize, usize)>) -> Stop {
        Stop { code: "json", message, at }
    }
}

impl From<String> for Stop {
    fn from(message: String) -> Stop {
        Stop { code: "input", message, at: None }
    }
}

/// What a write to standard output that fails otherwise gives (a full disk, a closed file):
/// this, then the reason; said as an `output` error, not as one of the input.
const UNWRITTEN: &str = "\u{0}output:";

fn write_error(e: std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::BrokenPipe => STOPPED.to_string(),
        std::io::ErrorKind::StorageFull => format!("{UNWRITTEN}disk full"),
        _ => format!("{UNWRITTEN}{e}"),
    }
}

/// `println!` that stops the command quietly when the reader has gone, instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout(), $($arg)*).map_err(write_error)?
    };
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = match cli.lang {
        LangArg::En => Lang::En,
        LangArg::Id => Lang::Id,
    };
    let format = match &cli.command {
        Command::Check { format, .. } | Command::Eval { format, .. } | Command::Test { format, .. } => *format,
    };
    match run(cli.command, lang) {
        Ok(code) => code,
        Err(stop) if stop.message == STOPPED => ExitCode::from(141),
        Err(Stop { code, message, at }) => {
            let (code, message) = match message.strip_prefix(UNWRITTEN) {
                Some("disk full") => (
                    "output",
                    say(
                        lang,
                        "cannot write the output: the disk is full".into(),
                        "keluaran tidak dapat ditulis: disk penuh".into(),
                    ),
                ),
                Some(why) => (
                    "output",
                    say(
                        lang,
                        format!("cannot write the output: {why}"),
                        format!("keluaran tidak dapat ditulis: {why}"),
                    ),
                ),
                None => (code, message),
            };
            // With `--format json` a program reads standard error too: the error as data, in the
            // shape of a policy's diagnostics (`{"ok": false, …}`).
            if format == Format::Json {
                let mut error = json!({ "code": code, "message": message });
                if let (Some((line, column)), Some(e)) = (at, error.as_object_mut()) {
                    e.insert("line".into(), json!(line));
                    e.insert("column".into(), json!(column));
                }
                eprintln!("{}", json!({ "ok": false, "error": error }));
            } else {
                eprintln!("{}: {message}", say(lang, "error".into(), "kesalahan".into()));
            }
            ExitCode::from(2)
        }
    }
}

/// Reads and compiles a policy. For `check` its errors are the output (exit status 1); for `eval`
/// and `test` a policy that does not compile stops the run (exit status 2) with its diagnostics
/// on standard error, as JSON with `--format json`, so that standard output holds only results.
fn load(path: &PathBuf, lang: Lang, format: Format, checking: bool) -> Result<Result<Policy, ExitCode>, String> {
    // Its helper files are found beside it, so a policy is read from a file of its own.
    if path.as_os_str() == "-" && !path.exists() {
        return Err(say(
            lang,
            "the policy is read from its file, not from standard input (`-` is for the facts): give the policy file's path".into(),
            "kebijakan dibaca dari berkasnya, bukan dari masukan standar (`-` untuk fakta): berikan jalur berkas kebijakan".into(),
        ));
    }
    match Policy::from_file(path) {
        Ok(p) => Ok(Ok(p)),
        Err(e @ LoadError::Io { .. }) => Err(e.message(lang)),
        Err(LoadError::Compile(e)) => {
            if format == Format::Json {
                // The policy named, so that a log of several policies' runs tells which broke.
                let out = json!({ "ok": false, "policy": path.display().to_string(), "diagnostics": e.views(lang) });
                if checking {
                    outln!("{out}");
                } else {
                    eprintln!("{out}");
                }
            } else {
                eprint!("{}", e.render(lang));
                let n = e.diagnostics.len();
                eprintln!(
                    "{}",
                    match lang {
                        Lang::En => format!("{n} error{} in {}", if n == 1 { "" } else { "s" }, path.display()),
                        Lang::Id => format!("{n} kesalahan dalam {}", path.display()),
                    }
                );
            }
            Ok(Err(ExitCode::from(if checking { 1 } else { 2 })))
        }
    }
}

fn run(cmd: Command, lang: Lang) -> Result<ExitCode, Stop> {
    match cmd {
        Command::Check { policy, format } => {
            let p = match load(&policy, lang, format, true)? {
                Ok(p) => p,
                Err(code) => return Ok(code),
            };
            let warnings = p.warnings();
            if format == Format::Json {
                let views = aturan_core::views(p.source(), warnings, lang);
                outln!("{}", json!({ "ok": true, "policy": policy.display().to_string(), "diagnostics": views }));
            } else {
                if !warnings.is_empty() {
                    eprint!(
                        "{}",
                        aturan_core::render_diagnostics(&policy.display().to_string(), p.source(), warnings, lang)
                    );
                }
                let info = p.info();
                let n = p.rules().len();
                let w = warnings.iter().filter(|d| d.severity == Severity::Warning).count();
                let named = [info.name.as_str(), info.version.as_str()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ");
                outln!(
                    "{}",
                    match lang {
                        Lang::En => {
                            let s = |k: usize| if k == 1 { "" } else { "s" };
                            format!("ok: {named} — {n} rule{}, {w} warning{}", s(n), s(w))
                        }
                        Lang::Id => format!("ok: {named} — {n} aturan, {w} peringatan"),
                    }
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { policy, facts, as_of, params, explain, format, no_progress, id } => {
            let p = match load(&policy, lang, format, false)? {
                Ok(p) => p,
                Err(code) => return Ok(code),
            };
            // A wrong option stops the run, as data with `--format json`, with its code
            // (`option`, `param`) as an employee's error has.
            let refuse = |e: EvalError| {
                if format == Format::Json {
                    eprintln!("{}", json!({ "ok": false, "error": e.to_json(lang) }));
                    return Ok(ExitCode::from(2));
                }
                Err(Stop { code: e.code(), message: e.message(lang), at: None })
            };
            let as_of = match as_of.map(|s| EvalOptions::on(&s)) {
                Some(Ok(o)) => o.as_of,
                Some(Err(EvalError::Option { message })) => {
                    let message = Text::new(format!("--as-of {}", message.en), format!("--as-of {}", message.id));
                    return refuse(EvalError::Option { message });
                }
                Some(Err(e)) => return refuse(e),
                None => {
                    // Said, as the decisions hang on it: this year's records are sought, and the
                    // same command gives other decisions tomorrow.
                    let day = today();
                    let iso = day.format("%Y-%m-%d");
                    let message = say(
                        lang,
                        format!("no --as-of: deciding as of today, {iso}, where this command runs (give --as-of for another day, or for a run that must decide the same tomorrow)"),
                        format!("--as-of tidak diberikan: keputusan dibuat per hari ini, {iso}, menurut tanggal komputer ini (berikan --as-of untuk tanggal lain, atau agar proses terjadwal memberi hasil yang sama bila dijalankan ulang esok hari)"),
                    );
                    warn(json!({ "code": "as-of-today", "as_of": iso.to_string() }), message, format, lang);
                    day
                }
            };
            let mut opts = EvalOptions::new(as_of).explain(explain).lang(lang);
            for kv in params {
                let Some((k, v)) = kv.split_once('=').filter(|(k, _)| !k.trim().is_empty()) else {
                    let message = Text::new(
                        format!("--param `{kv}`: expected NAME=VALUE"),
                        format!("--param `{kv}`: seharusnya NAMA=NILAI"),
                    );
                    return refuse(EvalError::Param { name: kv.trim().to_string(), message });
                };
                let k = k.trim();
                // A text parameter takes the value as written (`kode=1E5` stays `1E5`); others
                // read it as JSON (`15`, `true`, `"III/a"`), or as text when it is not JSON.
                let is_text = p.params().iter().any(|x| x.name == k && matches!(x.ty, aturan_core::TypeInfo::Text));
                let value = match serde_json::from_str::<Json>(v) {
                    Ok(Json::String(s)) => Json::String(s),
                    Ok(_) | Err(_) if is_text => Json::String(v.to_string()),
                    Ok(json) => json,
                    Err(_) => Json::String(v.to_string()),
                };
                // `37.000`, as Indonesian writes thirty-seven thousand, would read as 37, a
                // thousand times off: for a whole number (which needs no decimal point) refused
                // as the same text is in the facts, for a decimal said.
                let ty = p.params().iter().find(|x| x.name == k).map(|x| &x.ty);
                if value.is_number() && aturan_core::thousands_like(v.trim()) {
                    match ty {
                        Some(aturan_core::TypeInfo::Int { .. }) => {
                            let (v, plain) = (v.trim(), v.trim().replace('.', ""));
                            let message = Text::new(
                                format!("--param {k}={v}: expected an integer; thousands are written without separators (`{plain}`), and a whole number needs no decimal point"),
                                format!("--param {k}={v}: seharusnya bilangan bulat; ribuan ditulis tanpa pemisah (`{plain}`), dan bilangan bulat tidak memakai titik desimal"),
                            );
                            return refuse(EvalError::Param { name: k.to_string(), message });
                        }
                        Some(aturan_core::TypeInfo::Decimal { .. }) => warn_thousands(k, v.trim(), format, lang),
                        _ => {}
                    }
                }
                if opts.params.insert(k.to_string(), value).is_some() {
                    let message = Text::new(
                        format!("--param `{k}` is given twice; which one counts would be a guess"),
                        format!("--param `{k}` diberikan dua kali; mana yang berlaku hanya tebakan"),
                    );
                    return refuse(EvalError::Param { name: k.to_string(), message });
                }
            }
            // Wrong options are wrong for every employee: said once, before reading the facts.
            if let Err(e) = p.check_options(&opts) {
                return refuse(e);
            }
            let id = match id.as_deref().map(IdField::new) {
                Some(Ok(field)) => Some(field),
                Some(Err(message)) => return refuse(EvalError::Option { message }),
                None => None,
            };
            let mut employees = input::open(&facts, lang)?;
            let progress = progress_bar(&employees, no_progress, lang);
            // Employees are decided a slice at a time on every core, and written in their order.
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let mut failed = 0usize;
            let mut decided = 0usize;
            // A field named like a fact the employee lacks (`alpa_hri`) is ignored as an extra
            // one, leaving the fact missing: said once per path (list items alike: `pelatihan[].JP`),
            // for every employee, the first `MAX_WARNED` paths in full and the rest counted.
            let mut warned: std::collections::HashSet<String> = std::collections::HashSet::new();
            let mut unwarned = Unwarned::default();
            let mut without_id = 0usize;
            let mut warned_long_id = false;
            let mut warned_whole_id = false;
            // Ids already given, as hashes of their JSON text (a million employees' ids in 16 MB,
            // not their text): an id given again is counted, and said once at the end.
            let mut ids_seen: std::collections::HashSet<u64> = std::collections::HashSet::new();
            let mut repeated_ids = (0usize, None::<(usize, Json)>);
            const SLICE: usize = 1024;
            let shared = std::sync::Arc::new(p);
            loop {
                let slice = employees.next_slice(SLICE)?;
                if slice.is_empty() {
                    break;
                }
                let results: Vec<Decided> = slice
                    .par_iter()
                    .enumerate()
                    // Each thread evaluates with its own replica of the policy (no reference
                    // counts shared between the threads).
                    .map_init(
                        || Policy::replica_for_thread(&shared),
                        |p, (j, facts)| {
                            let (text, ok) = decide(p, &opts, decided + j, facts, id.as_ref(), format, lang);
                            let (misspelt, given_id, whole_id) = match facts {
                                Ok(f) => (
                                    p.misspelt_fields(f),
                                    id.as_ref().map(|field| field.of(f)),
                                    id.as_ref().is_some_and(|field| field.names_a_whole(f)),
                                ),
                                Err(_) => (Vec::new(), None, false),
                            };
                            Decided { text, ok, misspelt, given_id, whole_id }
                        },
                    )
                    .collect();
                for (j, r) in results.iter().enumerate() {
                    let employee = decided + j + 1;
                    match (&id, &r.given_id) {
                        (Some(field), Some(Some(v))) => {
                            if r.whole_id && !warned_whole_id {
                                progress.suspend(|| warn_whole_id(field, employee, format, lang));
                                warned_whole_id = true;
                            }
                            // An 18-digit NIP sent as a number is carried exactly, but a reader that
                            // takes JSON numbers as doubles (JavaScript, PHP) loses its last
                            // digits: said once.
                            if !warned_long_id && long_number(v) {
                                progress.suspend(|| warn_long_id(field, employee, format, lang));
                                warned_long_id = true;
                            }
                            use std::hash::{Hash, Hasher};
                            let mut h = std::collections::hash_map::DefaultHasher::new();
                            v.to_string().hash(&mut h);
                            if !ids_seen.insert(h.finish()) {
                                repeated_ids.0 += 1;
                                repeated_ids.1.get_or_insert_with(|| (employee, v.clone()));
                            }
                        }
                        (Some(field), Some(None)) => {
                            if without_id == 0 {
                                let facts = slice.get(j).and_then(|f| f.as_ref().ok());
                                let near = facts.and_then(|f| field.near(f));
                                progress.suspend(|| warn_no_id(field, near.as_deref(), employee, format, lang));
                            }
                            without_id += 1;
                        }
                        _ => {}
                    }
                    for (path, near) in &r.misspelt {
                        if warned.contains(&list_items_alike(path)) {
                            continue;
                        }
                        if warned.len() < MAX_WARNED {
                            progress.suspend(|| warn_misspelt(path, near, employee, format, lang));
                            warned.insert(list_items_alike(path));
                        } else {
                            unwarned.count(list_items_alike(path), employee);
                        }
                    }
                }
                decided += slice.len();
                for r in results {
                    failed += usize::from(!r.ok);
                    out.write_all(r.text.as_bytes()).map_err(write_error)?;
                }
                // A stream's reader sees each slice's decisions as soon as they are made.
                out.flush().map_err(write_error)?;
                progress.set_position(employees.position(decided));
                progress.set_message(decided_message(decided, failed, lang));
            }
            progress.finish_and_clear();
            out.flush().map_err(write_error)?;
            unwarned.warn(format, lang);
            if let (n, Some((employee, value)), Some(field)) = (repeated_ids.0, &repeated_ids.1, &id) {
                warn_repeated_id(field, n, *employee, value, format, lang);
            }
            summarize(decided, failed, (without_id > 0).then_some(without_id), id.as_ref(), format, lang);
            Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
        Command::Test { policy, cases, format } => {
            let p = match load(&policy, lang, format, false)? {
                Ok(p) => p,
                Err(code) => return Ok(code),
            };
            // Each result with where it comes from: the policy, or a case file and the case's
            // place in it (from 0), which tells apart two cases of one name.
            let mut results: Vec<(String, Option<usize>, TestResult)> =
                p.run_tests().into_iter().map(|r| ("policy".to_string(), None, r.in_lang(lang))).collect();
            for file in &cases {
                let loaded = Case::load_file_in(file, lang)?;
                for (i, c) in loaded.iter().enumerate() {
                    results.push((file.display().to_string(), Some(i), p.run_case(c).in_lang(lang)));
                }
            }
            let failed = results.iter().filter(|(_, _, r)| !r.passed).count();
            // The policy's warnings (a misspelt field in an example's facts among them) explain
            // many a failing example: said here as `check` says them.
            let warnings = p.warnings();
            if format == Format::Json {
                let all: Vec<_> = results
                    .iter()
                    .map(|(src, i, r)| match i {
                        Some(i) => json!({ "from": src, "index": i, "result": r }),
                        None => json!({ "from": src, "result": r }),
                    })
                    .collect();
                let warnings = aturan_core::views(p.source(), warnings, lang);
                outln!(
                    "{}",
                    json!({ "passed": results.len() - failed, "failed": failed, "results": all, "warnings": warnings })
                );
            } else {
                if !warnings.is_empty() {
                    eprint!(
                        "{}",
                        aturan_core::render_diagnostics(&policy.display().to_string(), p.source(), warnings, lang)
                    );
                }
                for (src, _, r) in &results {
                    let mark = match (r.passed, lang) {
                        (true, _) => "ok  ",
                        (false, Lang::En) => "FAIL",
                        (false, Lang::Id) => "GAGAL",
                    };
                    let at = r.line.map(|l| format!("{}:{l}", policy.display())).unwrap_or_else(|| src.clone());
                    outln!("{mark} {} ({at})", r.name);
                    if let Some(e) = &r.error {
                        outln!("       {}: {e}", say(lang, "error".into(), "kesalahan".into()));
                    }
                    for f in &r.failures {
                        match f.line {
                            Some(l) => outln!("       {} ({}:{l}):", f.what, policy.display()),
                            None => outln!("       {}:", f.what),
                        }
                        outln!(
                            "         - {} {}",
                            match lang {
                                Lang::En => "expected",
                                Lang::Id => "diharapkan",
                            },
                            f.expected
                        );
                        outln!(
                            "         + {} {}",
                            match lang {
                                Lang::En => "actual  ",
                                Lang::Id => "hasil     ",
                            },
                            f.actual
                        );
                        // Why an expected outcome is not given: the conditions its rules fail.
                        for why in &f.why {
                            outln!("           {} {why}", say(lang, "because".into(), "karena".into()));
                        }
                    }
                }
                outln!(
                    "{}",
                    match lang {
                        Lang::En => format!("{} passed, {failed} failed", results.len() - failed),
                        Lang::Id => format!("{} lulus, {failed} gagal", results.len() - failed),
                    }
                );
            }
            Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
        }
    }
}

/// A message in the language asked for.
pub(crate) fn say(lang: Lang, en: String, id: String) -> String {
    match lang {
        Lang::En => en,
        Lang::Id => id,
    }
}

/// The progress display of `aturan eval`: on standard error when it is a terminal and the
/// decisions go to a file, unless `--no-progress`; hidden otherwise. Not beside a pipe: what reads
/// it (`| jq`) may print to the same terminal, where redrawing the display would overwrite it.
fn progress_bar(employees: &input::Employees, off: bool, lang: Lang) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if off || !std::io::stderr().is_terminal() || !stdout_is_a_file() {
        return indicatif::ProgressBar::hidden();
    }
    let (bar, template) = match employees.progress() {
        input::Progress::Employees(n) => {
            (indicatif::ProgressBar::new(n), "{wide_bar} {percent:>3}% {msg}, {elapsed} (ETA {eta})")
        }
        input::Progress::Bytes(n) => {
            (indicatif::ProgressBar::new(n), "{wide_bar} {bytes}/{total_bytes} {msg}, {elapsed} (ETA {eta})")
        }
        input::Progress::Stream => (indicatif::ProgressBar::new_spinner(), "{spinner} {msg}, {elapsed}"),
    };
    if let Ok(style) = indicatif::ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar.set_message(decided_message(0, 0, lang));
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// Whether standard output is a file (`> decisions.ndjson`), not a terminal or a pipe.
#[cfg(unix)]
fn stdout_is_a_file() -> bool {
    use std::os::fd::AsFd;
    let fd = std::io::stdout().as_fd().try_clone_to_owned();
    fd.map(std::fs::File::from).and_then(|f| f.metadata()).is_ok_and(|m| m.is_file())
}

#[cfg(not(unix))]
fn stdout_is_a_file() -> bool {
    false
}

/// `12,288 employees decided (3 with an error)`, in the language asked for.
fn decided_message(decided: usize, failed: usize, lang: Lang) -> String {
    let thousands = |n: usize| {
        let digits = n.to_string();
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(if lang == Lang::Id { '.' } else { ',' });
            }
            out.push(c);
        }
        out
    };
    let (n, f) = (thousands(decided), thousands(failed));
    match (lang, failed) {
        (Lang::En, 0) => format!("{n} employees decided"),
        (Lang::En, _) => format!("{n} employees decided ({f} with an error)"),
        (Lang::Id, 0) => format!("{n} pegawai diputuskan"),
        (Lang::Id, _) => format!("{n} pegawai diputuskan ({f} dengan kesalahan)"),
    }
}

/// Warns, on standard error, that `--param name=value` reads its point as a decimal point.
fn warn_thousands(name: &str, value: &str, format: Format, lang: Lang) {
    let whole = value.replace('.', "");
    // As it reads: the point a decimal point (`37.000` is 37, `1.250` is 1.25).
    let read = value.trim_end_matches('0').trim_end_matches('.');
    let message = say(
        lang,
        format!("--param {name}={value} reads as {read}, the point being a decimal point; if {whole} was meant (a point between thousands), write {whole}"),
        format!("--param {name}={value} dibaca {read}, titiknya titik desimal; jika yang dimaksud {whole} (titik pemisah ribuan), tulis {whole}"),
    );
    warn(json!({ "code": "thousands", "param": name }), message, format, lang);
}

/// Writes a warning on standard error: with `--format json` as `{"warning": {…, "message"}}`
/// (`fields` and the message), else as a line of text.
fn warn(mut fields: Json, message: String, format: Format, lang: Lang) {
    if format == Format::Json {
        if let Some(f) = fields.as_object_mut() {
            f.insert("message".into(), Json::String(message));
        }
        eprintln!("{}", json!({ "warning": fields }));
    } else {
        eprintln!("{}: {message}", say(lang, "warning".into(), "peringatan".into()));
    }
}

/// Warns, on standard error, that the facts of employee number `employee` (from 1, as the text
/// output numbers them) give `path`, named like the declared fact `near`.
fn warn_misspelt(path: &str, near: &str, employee: usize, format: Format, lang: Lang) {
    let message = say(
        lang,
        format!("the facts give `{path}` (first in employee #{employee}), which the policy does not declare (did you mean `{near}`?); it is ignored, so that fact is missing"),
        format!("fakta memberi `{path}` (pertama pada pegawai #{employee}), yang tidak dideklarasikan kebijakan (maksud Anda `{near}`?); isian itu diabaikan, sehingga faktanya kosong"),
    );
    // `index` counts from 0, as in the error lines of this output.
    let index = employee.saturating_sub(1);
    warn(
        json!({ "code": "misspelt-field", "path": path, "did_you_mean": near, "index": index }),
        message,
        format,
        lang,
    );
}

/// The most misspelt-field paths warned about one by one; the rest are counted in one warning.
const MAX_WARNED: usize = 20;

/// The misspelt-field paths past the first `MAX_WARNED`: how many, and the first employee of one.
#[derive(Default)]
struct Unwarned {
    paths: std::collections::HashSet<String>,
    first: Option<usize>,
}

impl Unwarned {
    fn count(&mut self, path: String, employee: usize) {
        self.first.get_or_insert(employee);
        self.paths.insert(path);
    }

    fn warn(&self, format: Format, lang: Lang) {
        let (Some(first), n) = (self.first, self.paths.len()) else { return };
        let message = say(
            lang,
            format!("{n} more fields in the facts (first in employee #{first}) are named like declared facts the employees lack; they are ignored, so those facts are missing"),
            format!("{n} isian lain dalam fakta (pertama pada pegawai #{first}) bernama mirip fakta terdeklarasi yang tidak diberikan; isian itu diabaikan, sehingga faktanya kosong"),
        );
        warn(json!({ "code": "misspelt-field", "more": n, "index": first - 1 }), message, format, lang);
    }
}

/// After a run with errors or with employees lacking the `--id` field: how many, on standard
/// error (a log that keeps only standard error shows that something needs looking at).
fn summarize(decided: usize, failed: usize, no_id: Option<usize>, id: Option<&IdField>, format: Format, lang: Lang) {
    if failed == 0 && no_id.is_none() {
        return;
    }
    let mut en = Vec::new();
    let mut id_text = Vec::new();
    if failed > 0 {
        en.push(format!("{failed} of {decided} employees could not be decided (their errors are in the output)"));
        id_text.push(format!("{failed} dari {decided} pegawai tidak dapat diputuskan (kesalahannya ada di keluaran)"));
    }
    if let (Some(n), Some(field)) = (no_id, id) {
        en.push(format!("{n} of {decided} employees do not give `{}` (their `id` is null)", field.path));
        id_text.push(format!("{n} dari {decided} pegawai tidak memberi `{}` (`id`-nya null)", field.path));
    }
    let (en, id_text) = (en.join("; "), id_text.join("; "));
    let message = say(lang, en, id_text);
    if format == Format::Json {
        let mut fields = json!({ "employees": decided, "failed": failed, "message": message });
        if let (Some(n), Some(o)) = (no_id, fields.as_object_mut()) {
            o.insert("without_id".into(), json!(n));
        }
        eprintln!("{}", json!({ "summary": fields }));
    } else {
        eprintln!("{message}");
    }
}

/// The facts field `--id` names: a path of field names (`pegawai.nip`).
struct IdField {
    path: String,
    parts: Vec<String>,
}

impl IdField {
    fn new(path: &str) -> Result<IdField, Text> {
        let parts: Vec<String> = path.split('.').map(|p| p.trim().to_string()).collect();
        // `kinerja[0].tahun`: an id is a field of records, not an item of a list.
        if parts.iter().any(|p| p.is_empty() || p.contains(['[', ']'])) {
            return Err(Text::new(
                format!("--id `{path}`: expected a field name, or names joined by dots (`nip`, `pegawai.nip`)"),
                format!(
                    "--id `{path}`: seharusnya nama isian, atau nama-nama yang digabung titik (`nip`, `pegawai.nip`)"
                ),
            ));
        }
        Ok(IdField { path: parts.join("."), parts })
    }

    /// The field of `facts`, where `--id` names one they lack, named like it (`nip` for `nipp`
    /// or `NIP`).
    fn near(&self, facts: &Json) -> Option<String> {
        let (last, parents) = self.parts.split_last()?;
        let mut v = facts;
        for p in parents {
            v = v.get(p)?;
        }
        let names = v.as_object()?.keys().map(String::as_str);
        aturan_core::field_named_like(last, names).map(str::to_string)
    }

    /// Whether the field is a record or a list in `facts`: no id, but its JSON text.
    fn names_a_whole(&self, facts: &Json) -> bool {
        let mut v = facts;
        for p in &self.parts {
            let Some(next) = v.get(p) else { return false };
            v = next;
        }
        v.is_object() || v.is_array()
    }

    /// The field's value in an employee's facts: a text or a number as given, anything else
    /// (a record, a list) as its JSON text; `None` when the facts do not give it.
    fn of(&self, facts: &Json) -> Option<Json> {
        let mut v = facts;
        for p in &self.parts {
            v = v.get(p)?;
        }
        match v {
            Json::Null => None,
            Json::String(_) | Json::Number(_) | Json::Bool(_) => Some(v.clone()),
            other => Some(Json::String(other.to_string())),
        }
    }
}

/// Whether `v` is a whole number past 2^53, which a double cannot hold exactly.
fn long_number(v: &Json) -> bool {
    const EXACT: u64 = 1 << 53;
    match v.as_u64().or_else(|| v.as_i64().map(i64::unsigned_abs)) {
        Some(n) => n > EXACT,
        // Past 64 bits: a number of more digits than a double holds exactly.
        None => v.is_number() && v.to_string().bytes().filter(u8::is_ascii_digit).count() > 15,
    }
}

/// Warns, on standard error, about the `--id` field in the facts of employee number `employee`
/// (from 1): a warning `code` with the field's path and the employee's index (from 0).
fn warn_id(code: &str, field: &IdField, employee: usize, message: String, format: Format, lang: Lang) {
    let index = employee.saturating_sub(1);
    warn(json!({ "code": code, "path": field.path, "index": index }), message, format, lang);
}

fn warn_long_id(field: &IdField, employee: usize, format: Format, lang: Lang) {
    let path = &field.path;
    let message = say(
        lang,
        format!("--id {path}: employee #{employee} gives `{path}` as a number too long for a double; it is written as given, but a reader that reads JSON numbers as doubles (JavaScript, PHP) loses its last digits: send it as text (said once)"),
        format!("--id {path}: pegawai #{employee} memberi `{path}` sebagai angka yang terlalu panjang untuk double; angka itu ditulis apa adanya, tetapi pembaca yang membaca angka JSON sebagai double (JavaScript, PHP) kehilangan digit terakhirnya: kirim sebagai teks (disampaikan sekali)"),
    );
    warn_id("long-id", field, employee, message, format, lang);
}

/// Warns, on standard error, that `n` employees give an `--id` value an earlier one gave (the
/// first of them employee `employee`, from 1): lines matched to employees by id would mix them.
fn warn_repeated_id(field: &IdField, n: usize, employee: usize, value: &Json, format: Format, lang: Lang) {
    let path = &field.path;
    let message = say(
        lang,
        format!("--id {path}: {n} employee(s) give a `{path}` an earlier employee gave (the first: #{employee}, {value}); each is decided, but their lines cannot be told apart by `id`"),
        format!("--id {path}: {n} pegawai memberi `{path}` yang sudah diberikan pegawai sebelumnya (yang pertama: #{employee}, {value}); masing-masing diputuskan, tetapi barisnya tidak dapat dibedakan dengan `id`"),
    );
    warn(
        json!({ "code": "repeated-id", "path": path, "count": n, "index": employee.saturating_sub(1), "id": value }),
        message,
        format,
        lang,
    );
}

/// Warns, on standard error, that the `--id` field is a record or a list in the facts of employee
/// number `employee` (from 1): each decision's `id` is its JSON text.
fn warn_whole_id(field: &IdField, employee: usize, format: Format, lang: Lang) {
    let path = &field.path;
    let message = say(
        lang,
        format!("--id {path}: in the facts of employee #{employee} `{path}` is a record or a list, not one value; its JSON text is the `id` (name one of its fields: `{path}.…`)"),
        format!("--id {path}: dalam fakta pegawai #{employee} `{path}` adalah rekaman atau daftar, bukan satu nilai; teks JSON-nya menjadi `id` (sebut salah satu isiannya: `{path}.…`)"),
    );
    warn_id("whole-id", field, employee, message, format, lang);
}

/// Warns, on standard error, that employee number `employee` (from 1) has no `--id` field (its
/// decision's `id` is `null`), with the field its facts give named like it, if any.
fn warn_no_id(field: &IdField, near: Option<&str>, employee: usize, format: Format, lang: Lang) {
    let path = &field.path;
    let (hint_en, hint_id) = match near {
        Some(n) => (format!("; did you mean `{n}`?"), format!("; maksud Anda `{n}`?")),
        None => (String::new(), String::new()),
    };
    let message = say(
        lang,
        format!("--id {path}: the facts of employee #{employee} do not give `{path}`; its `id` is null (said once){hint_en}"),
        format!("--id {path}: fakta pegawai #{employee} tidak memberi `{path}`; `id`-nya null (disampaikan sekali){hint_id}"),
    );
    warn_id("no-id", field, employee, message, format, lang);
}

/// What became of one employee: the output (a decision or an error, as JSON or text), whether
/// it was decided, the fields its facts give named like declared facts they lack, and, with
/// `--id` and facts that read, the value of the `--id` field (`None`: they lack it).
struct Decided {
    text: String,
    ok: bool,
    misspelt: Vec<(String, String)>,
    given_id: Option<Option<Json>>,
    /// With `--id`: the field is a record or a list in these facts (its JSON text is the id).
    whole_id: bool,
}

/// The output for employee `i` (a decision or an error, as JSON or text), and whether it was
/// decided. With `id`, a JSON line begins with the employee's `id` (an error line too, `null`
/// when its facts could not be read).
fn decide(
    p: &Policy,
    opts: &EvalOptions,
    i: usize,
    facts: &input::Facts,
    id: Option<&IdField>,
    format: Format,
    lang: Lang,
) -> (String, bool) {
    let id_json = |facts: Option<&Json>| id.map(|f| facts.and_then(|x| f.of(x)).unwrap_or(Json::Null));
    let error_line = |id: Option<Json>, e: &EvalError| {
        let mut line = serde_json::Map::new();
        if let Some(id) = id {
            line.insert("id".into(), id);
        }
        line.insert("index".into(), json!(i));
        line.insert("error".into(), e.to_json(lang));
        format!("{}\n", Json::Object(line))
    };
    let facts = match facts {
        Ok(facts) => facts,
        Err(e) => {
            let text = if format == Format::Json {
                error_line(id_json(None), e)
            } else {
                format!("── #{}\n{}: {}\n", i + 1, say(lang, "error".into(), "kesalahan".into()), e.message(lang))
            };
            return (text, false);
        }
    };
    // `nip` by default, a number (an export that lost its quotes) as well as a text.
    let label = match id {
        Some(f) => f.of(facts),
        None => facts.get("nip").filter(|v| v.is_string() || v.is_number()).cloned(),
    }
    .map(|v| match v {
        Json::String(s) => s,
        other => other.to_string(),
    })
    .map(|s| format!(" {s}"))
    .unwrap_or_default();
    match p.evaluate(facts, opts) {
        Ok(d) if format == Format::Json => match id_json(Some(facts)) {
            // `id` first, then the decision's fields as `to_json` gives them (an object, never empty).
            Some(id) => {
                let decision = d.to_json();
                let fields = decision.strip_prefix('{').unwrap_or(&decision);
                (format!("{{\"id\":{id},{fields}\n"), true)
            }
            None => (format!("{}\n", d.to_json()), true),
        },
        Ok(d) => {
            let name = facts.get("nama").and_then(Json::as_str).map(|s| format!(" {s}")).unwrap_or_default();
            (format!("── #{}{label}{name}\n{}", i + 1, render_decision_text(&d, lang)), true)
        }
        Err(e) if format == Format::Json => (error_line(id_json(Some(facts)), &e), false),
        Err(e) => {
            let error = say(lang, "error".into(), "kesalahan".into());
            (format!("── #{}{label}\n{error}: {}\n", i + 1, e.message(lang)), false)
        }
    }
}

fn today() -> NaiveDate {
    // The machine's local date: in Semarang (UTC+7) the UTC date is still yesterday until 07:00.
    chrono::Local::now().date_naive()
}
