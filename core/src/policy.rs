//! The public facade: [`Policy`] (compile once, evaluate many times), its options and its errors.

use std::path::Path;
use std::sync::Arc;

use aturan_dsl::{Diagnostic, DiagnosticView, Lang, Text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

use crate::compile::Compiled;
use crate::decision::Decision;
use crate::eval::Facts;
use crate::facts::FactSource;
use crate::info::{FactsSchema, LetInfo, ParamInfo, PolicyInfo, RuleInfo, TestResult};
use crate::testing::Case;

/// A compiled policy. Cheap to share: it is `Send + Sync` and evaluation takes `&self`.
pub struct Policy {
    pub(crate) compiled: Compiled,
}

/// A policy shows as its name, version, source hash and number of rules.
impl std::fmt::Debug for Policy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let info = self.info();
        f.debug_struct("Policy")
            .field("name", &info.name)
            .field("version", &info.version)
            .field("source_hash", &info.source_hash)
            .field("rules", &self.rules().len())
            .finish_non_exhaustive()
    }
}

/// How to evaluate: the date, parameter overrides, whether to explain, and in which language.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalOptions {
    /// The date the decision is made on (`as_of`).
    pub as_of: NaiveDate,
    /// Parameter overrides by name; values as JSON (numbers, strings, booleans).
    pub params: Map<String, Json>,
    /// Record, for every rule, what each condition found and required.
    pub explain: bool,
    /// The language of the decision's own words: set-aside reasons, explanation notes and
    /// summaries.
    pub lang: Lang,
    /// How long the helper calls of one evaluation may run together before they are stopped
    /// with an error (default 2 s). A last resort: a built-in such as `contains` on a long array
    /// counts as one Rhai operation, so the operation limits alone do not bound the time. On
    /// WebAssembly once the embedding gives a clock (`helpers::set_wasm_clock`; the JavaScript
    /// package does). It cannot be turned off: a helper is untrusted code, and a policy that
    /// needs longer gives a longer limit (`Duration::ZERO` stops every helper call at once).
    pub helper_time: std::time::Duration,
}

impl EvalOptions {
    /// Options for a date: no parameter overrides, no explanation, English.
    pub fn new(as_of: NaiveDate) -> EvalOptions {
        EvalOptions {
            as_of,
            params: Map::new(),
            explain: false,
            lang: Lang::En,
            helper_time: crate::helpers::MAX_EVALUATION_TIME,
        }
    }

    /// Options for an ISO date (`2025-12-31`).
    pub fn on(iso_date: &str) -> Result<EvalOptions, EvalError> {
        // Blanks around it are no part of the date, as in the facts.
        let iso_date = iso_date.trim();
        let as_of = crate::value::parse_iso_date(iso_date).ok_or_else(|| {
            // `2025-02-29`: the form is right, the day does not exist.
            EvalError::Option {
                message: if crate::value::iso_shaped(iso_date) {
                    Text::new(
                        format!("`{iso_date}` is not a day of the calendar"),
                        format!("`{iso_date}` bukan tanggal di kalender"),
                    )
                } else if let Some(iso) = aturan_dsl::written_date(iso_date) {
                    // `31-12-2025`, `31/12/2025`, `2025-1-5`: a date as forms write it.
                    Text::new(
                        format!("`{iso_date}` is not a date; expected YYYY-MM-DD: `{iso}`"),
                        format!("`{iso_date}` bukan tanggal; seharusnya YYYY-MM-DD: `{iso}`"),
                    )
                } else {
                    Text::new(
                        format!("`{iso_date}` is not a date; expected YYYY-MM-DD"),
                        format!("`{iso_date}` bukan tanggal; seharusnya YYYY-MM-DD"),
                    )
                },
            }
        })?;
        Ok(EvalOptions::new(as_of))
    }

    /// Whether to record, for every rule, what each condition found and required (slower).
    pub fn explain(mut self, explain: bool) -> EvalOptions {
        self.explain = explain;
        self
    }

    /// The language of the decision's own words (see [`EvalOptions::lang`]).
    pub fn lang(mut self, lang: Lang) -> EvalOptions {
        self.lang = lang;
        self
    }

    /// How long the helper calls of one evaluation may run together (see
    /// [`EvalOptions::helper_time`](field@EvalOptions::helper_time)).
    pub fn helper_time(mut self, limit: std::time::Duration) -> EvalOptions {
        self.helper_time = limit;
        self
    }

    /// Overrides a policy parameter, e.g. `.param("bonus_tpp_persen", json!(12.5))`. The value is
    /// checked against the parameter's type when evaluating; a name the policy does not declare
    /// is an [`EvalError::Param`] error.
    pub fn param(mut self, name: impl Into<String>, value: Json) -> EvalOptions {
        self.params.insert(name.into(), value);
        self
    }
}

/// A fact that does not match the policy's `facts` declaration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactIssue {
    /// JSON path, e.g. `kinerja[1].nilai_skp`.
    pub path: String,
    /// What the policy declares, e.g. `a decimal from 0 to 100`.
    pub expected: Text,
    /// What was sent, as JSON text; lists and records described (`a list of 3 items`).
    pub found: String,
    /// The description in Indonesian, where `found` is one (`daftar berisi 3 butir`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub found_id: Option<String>,
}

impl FactIssue {
    /// What was sent, in `lang`.
    pub fn found_in(&self, lang: Lang) -> &str {
        match (lang, &self.found_id) {
            (Lang::Id, Some(id)) => id,
            _ => &self.found,
        }
    }

    /// One line: the path, what the policy expects and what was sent, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        let found = self.found_in(lang);
        match lang {
            Lang::En => format!("`{}`: expected {}, found {found}", self.path, self.expected.en),
            Lang::Id => format!("`{}`: seharusnya {}, ditemukan {found}", self.path, self.expected.id),
        }
    }
}

/// Why an evaluation could not produce a decision. Missing facts are not an error (they make
/// outcomes undetermined); wrong facts are.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvalError {
    /// The facts do not match the declared schema; every problem found is listed.
    #[error("{}", facts_message(.0, Lang::En))]
    Facts(Vec<FactIssue>),
    /// An unknown parameter, or a value of the wrong type: every one given, in one message;
    /// `name` is the first.
    #[error("{}", .message.en)]
    Param {
        /// The (first) parameter at fault.
        name: String,
        /// What is wrong, in English and Indonesian.
        message: Text,
    },
    /// A bad evaluation option: a malformed date, a date outside the policy's effective period,
    /// or facts prepared for another policy.
    #[error("{}", .message.en)]
    Option {
        /// What is wrong, in English and Indonesian.
        message: Text,
    },
    /// A helper function failed: a Rhai error, a limit reached, or a result of the wrong type.
    #[error("helper `{helper}` failed{}: {}", line_suffix(*.line, *.column), .message.en)]
    Helper {
        /// The helper's name.
        helper: String,
        /// What went wrong, in English and Indonesian (Rhai's own words are English).
        message: Text,
        /// Where in the policy (or its helper file), when known.
        line: Option<usize>,
        /// The column on that line, when known.
        column: Option<usize>,
        /// The helper file (`lib.rhai`, as the policy names it) that `line` is in; `None`: the
        /// policy itself.
        file: Option<Box<str>>,
    },
    /// Arithmetic or a limit: division by zero, an overflow, a date the calendar does not have,
    /// aggregates over their size limit.
    #[error("{}", .message.en)]
    Limit {
        /// What happened and in which expression, in English and Indonesian.
        message: Text,
        /// The line of the policy where that expression is (1-based), when one is named.
        line: Option<usize>,
        /// The column on that line (1-based, in characters).
        column: Option<usize>,
    },
    /// Facts given as text ([`Policy::evaluate_json_text`]) that do not read as JSON: broken
    /// JSON, a decimal written with a comma, a field named twice in one object, text that is not
    /// UTF-8. Facts that read but do not match the policy are [`EvalError::Facts`] instead.
    #[error("{}", .message.en)]
    Json {
        /// What is wrong and where, in English and Indonesian.
        message: Text,
        /// The line where the text breaks (1-based), when the text is UTF-8.
        line: Option<usize>,
        /// The column on that line (1-based, in characters).
        column: Option<usize>,
    },
}

fn line_suffix(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(" at line {l}, column {c}"),
        (Some(l), None) => format!(" at line {l}"),
        _ => String::new(),
    }
}

fn facts_message(issues: &[FactIssue], lang: Lang) -> String {
    let head = match lang {
        Lang::En => "the facts do not match the policy",
        Lang::Id => "fakta tidak sesuai dengan kebijakan",
    };
    // The first ones (facts with thousands of wrong items make a message nobody reads); all of
    // them stay in the error's issues.
    const SHOWN: usize = 20;
    let mut lines: Vec<String> = issues.iter().take(SHOWN).map(|i| format!("  {}", i.message(lang))).collect();
    if issues.len() > SHOWN {
        let more = issues.len() - SHOWN;
        lines.push(match lang {
            Lang::En => format!("  … and {more} more"),
            Lang::Id => format!("  … dan {more} lagi"),
        });
    }
    format!("{head}:\n{}", lines.join("\n"))
}

impl EvalError {
    fn not_json(en: String, id: String, at: Option<(usize, usize)>) -> EvalError {
        EvalError::Json {
            message: Text::new(format!("the facts are not JSON text: {en}"), format!("fakta bukan teks JSON: {id}")),
            line: at.map(|a| a.0),
            column: at.map(|a| a.1),
        }
    }

    /// The message in one language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            EvalError::Facts(issues) => facts_message(issues, lang),
            EvalError::Param { message, .. }
            | EvalError::Option { message }
            | EvalError::Limit { message, .. }
            | EvalError::Json { message, .. } => message.get(lang).to_string(),
            EvalError::Helper { helper, message, line, column, .. } => match lang {
                Lang::En => format!("helper `{helper}` failed{}: {}", line_suffix(*line, *column), message.en),
                Lang::Id => {
                    let at = match (line, column) {
                        (Some(l), Some(c)) => format!(" pada baris {l}, kolom {c}"),
                        (Some(l), None) => format!(" pada baris {l}"),
                        _ => String::new(),
                    };
                    format!("fungsi bantu `{helper}` gagal{at}: {}", message.id)
                }
            },
        }
    }

    /// The error as data, in one language, in the shape `aturan eval --format json` gives it
    /// (docs/decision.md): `{"code", "message", "issues": [{"path", "expected", "found"}]}`
    /// (`issues` empty for an error that is not about facts; for `json`, also `line` and `column`
    /// where the text breaks; for `helper`, the `helper`, its `line` and `column`, and the `file`
    /// they are in when it is a helper file).
    pub fn to_json(&self, lang: Lang) -> Json {
        let issues: Vec<Json> = match self {
            EvalError::Facts(issues) => issues
                .iter()
                .map(|x| serde_json::json!({ "path": x.path, "expected": x.expected.get(lang), "found": x.found_in(lang) }))
                .collect(),
            _ => Vec::new(),
        };
        let mut out = serde_json::json!({ "code": self.code(), "message": self.message(lang), "issues": issues });
        let at = match self {
            EvalError::Json { line: Some(line), column: Some(column), .. }
            | EvalError::Limit { line: Some(line), column: Some(column), .. } => Some((*line, *column)),
            _ => None,
        };
        if let (Some((line, column)), Some(map)) = (at, out.as_object_mut()) {
            map.insert("line".into(), line.into());
            map.insert("column".into(), column.into());
        }
        // A helper's error: which helper, and where (in the policy, or in the helper file named).
        if let (EvalError::Helper { helper, line, column, file, .. }, Some(map)) = (self, out.as_object_mut()) {
            map.insert("helper".into(), helper.as_str().into());
            for (key, v) in [("line", line), ("column", column)] {
                if let Some(v) = v {
                    map.insert(key.into(), (*v).into());
                }
            }
            if let Some(f) = file {
                map.insert("file".into(), f.as_ref().into());
            }
        }
        out
    }

    /// A short stable code: `facts`, `json`, `param`, `option`, `helper`, `limit`.
    pub fn code(&self) -> &'static str {
        match self {
            EvalError::Json { .. } => "json",
            EvalError::Facts(_) => "facts",
            EvalError::Param { .. } => "param",
            EvalError::Option { .. } => "option",
            EvalError::Helper { .. } => "helper",
            EvalError::Limit { .. } => "limit",
        }
    }
}

/// A policy that did not compile: every diagnostic found in one pass.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.render(Lang::En))]
pub struct CompileError {
    /// Every error (and warning) found, in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// The policy text the diagnostics point into.
    pub text: String,
    /// The name diagnostics are shown under.
    pub file_name: String,
}

impl CompileError {
    /// The diagnostics as text with snippets and carets (what the CLI prints).
    pub fn render(&self, lang: Lang) -> String {
        aturan_dsl::render(&self.file_name, &self.text, &self.diagnostics, lang)
    }

    /// The diagnostics as data.
    pub fn views(&self, lang: Lang) -> Vec<DiagnosticView> {
        aturan_dsl::views(&self.text, &self.diagnostics, lang)
    }
}

/// A fact path with its list indices left out (`pelatihan[3].JP` is `pelatihan[].JP`): for a
/// caller that warns about the paths of [`Policy::misspelt_fields`] over many employees, once for
/// every item of a list.
pub fn list_items_alike(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            _ => out.push(c),
        }
    }
    out
}

/// `text` without the byte-order mark some editors and exports put at the start of a UTF-8 file.
/// Facts, case files and helper files are read through this, wherever they come from; a policy's
/// own text may start with one too (its positions and hash are those of the text as given).
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Reads a text file (a policy, a helper file, facts, cases) as UTF-8. A file in another encoding
/// gets an error that says where the first byte that is not UTF-8 is and how to fix it.
pub fn read_text_file(path: &Path) -> Result<String, Text> {
    let bytes = std::fs::read(path).map_err(|e| io_error_text(&e))?;
    text_of(bytes)
}

/// Reads a helper file named by a policy in `dir`, as [`Policy::from_file`] does (for a caller's
/// own loader of [`Policy::compile_with`]): a plain file inside that folder, reached through
/// links or not (the name itself, absolute or with `..`, is refused before this). Anything else —
/// a link to a file elsewhere, a named pipe that would wait for a writer forever, a device — is
/// refused, so that a policy reads no other file on the machine.
pub fn read_helper_file(dir: &Path, name: &str) -> Result<String, String> {
    let path = dir.join(name);
    let meta = std::fs::metadata(&path).map_err(|e| io_error_text(&e).en)?;
    if !meta.is_file() {
        return Err(if meta.is_dir() {
            io_error_text(&std::io::Error::from(std::io::ErrorKind::IsADirectory)).en
        } else {
            "it is not a plain file (a named pipe or a device); a helper file is a text file beside the policy".into()
        });
    }
    let inside = match (
        std::fs::canonicalize(&path),
        std::fs::canonicalize(if dir.as_os_str().is_empty() { Path::new(".") } else { dir }),
    ) {
        (Ok(file), Ok(folder)) => file.starts_with(folder),
        _ => false,
    };
    if !inside {
        return Err(
            "it is a link to a file outside the policy's folder; a helper file is a text file beside the policy".into(),
        );
    }
    read_text_file(&path).map_err(|e| e.en)
}

/// Why a file could not be read, in both languages: the common reasons in words, any other as the
/// operating system says it.
pub fn io_error_text(e: &std::io::Error) -> Text {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => Text::new("no such file or folder", "berkas atau folder itu tidak ada"),
        K::PermissionDenied => Text::new("permission denied", "tidak ada izin untuk membacanya"),
        K::IsADirectory => Text::new("it is a folder, not a file", "itu folder, bukan berkas"),
        _ => Text::new(e.to_string(), e.to_string()),
    }
}

/// Bytes as UTF-8 text, or an error saying where they stop being UTF-8.
pub fn text_of(bytes: Vec<u8>) -> Result<String, Text> {
    // A file compressed with gzip (`export.ndjson.gz`), given as it is.
    if bytes.starts_with(&[0x1F, 0x8B]) {
        return Err(Text::new(
            "the file is compressed with gzip; decompress it first (`zcat FILE | aturan eval POLICY -`)",
            "berkas ini dimampatkan dengan gzip; buka dulu (`zcat BERKAS | aturan eval KEBIJAKAN -`)",
        ));
    }
    if is_utf16(&bytes) {
        return Err(Text::new(
            "the file is UTF-16 text; save it as UTF-8 (UTF-16 is what Windows PowerShell 5 writes with `>`)",
            "berkas ini teks UTF-16; simpan sebagai UTF-8 (UTF-16 ditulis oleh Windows PowerShell 5 dengan `>`)",
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let (byte, line, column) = not_utf8_at(e.as_bytes(), e.utf8_error().valid_up_to());
        Text::new(
            format!("the text is not UTF-8: byte 0x{byte:02X} at line {line}, byte {column} of the line; save the file as UTF-8"),
            format!("teks ini bukan UTF-8: bita 0x{byte:02X} di baris {line}, bita ke-{column} baris itu; simpan berkas sebagai UTF-8"),
        )
    })
}

/// Whether text starts with a UTF-16 byte-order mark.
fn is_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF])
}

/// Where `bytes` stop being UTF-8, at byte `at`: that byte, its line and its byte on the line
/// (both from 1).
fn not_utf8_at(bytes: &[u8], at: usize) -> (u8, usize, usize) {
    let before = bytes.get(..at).unwrap_or_default();
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = at - before.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1) + 1;
    (bytes.get(at).copied().unwrap_or(0), line, column)
}

/// Facts text as JSON, or an [`EvalError::Json`] saying why it does not read (in both languages).
fn read_json_text(bytes: &[u8]) -> Result<Json, EvalError> {
    let not_json = EvalError::not_json;
    if is_utf16(bytes) {
        return Err(not_json(
            "it is UTF-16; send it as UTF-8".into(),
            "teks itu UTF-16; kirim sebagai UTF-8".into(),
            None,
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let (byte, line, column) = not_utf8_at(bytes, e.valid_up_to());
        not_json(
            format!("it is not UTF-8: byte 0x{byte:02X} at line {line}, byte {column} of the line"),
            format!("teks itu bukan UTF-8: bita 0x{byte:02X} di baris {line}, bita ke-{column} baris itu"),
            Some((line, column)),
        )
    })?;
    crate::json::parse_json(text).map_err(|e| EvalError::from(&e))
}

impl From<&crate::json::JsonError> for EvalError {
    /// Facts text that does not read as JSON, as an [`EvalError::Json`].
    fn from(e: &crate::json::JsonError) -> EvalError {
        EvalError::not_json(e.message(Lang::En), e.message(Lang::Id), Some((e.line(), e.column())))
    }
}

/// A policy file that could not be read or did not compile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("cannot read `{path}`: {}", message.en)]
    Io {
        /// The file that could not be read.
        path: String,
        /// Why (from the operating system, or the file is not UTF-8), in both languages.
        message: Text,
        /// The operating system's reason, when it gave one (none for text that is not UTF-8):
        /// `NotFound`, `PermissionDenied`…
        kind: Option<std::io::ErrorKind>,
    },
    #[error(transparent)]
    /// The file was read and does not compile.
    Compile(#[from] CompileError),
}

impl LoadError {
    /// What went wrong, in `lang`: ``cannot read `x.aturan`: …``, or the diagnostics with their
    /// snippets ([`CompileError::render`]).
    pub fn message(&self, lang: Lang) -> String {
        match self {
            LoadError::Io { path, message, .. } => match lang {
                Lang::En => format!("cannot read `{path}`: {}", message.en),
                Lang::Id => format!("`{path}` tidak dapat dibaca: {}", message.id),
            },
            LoadError::Compile(e) => e.render(lang),
        }
    }
}

impl Policy {
    /// Compiles a policy from its source text. Helper files named by `helpers "file.rhai"` are
    /// not available this way: use [`Policy::from_file`] or [`Policy::compile_with`].
    pub fn compile(source: &str) -> Result<Policy, CompileError> {
        Policy::compile_with(source, "policy.aturan", &|name: &str| {
            Err(format!(
                "the policy was given as text, so there is no folder to read `{name}` from (use Policy::from_file or Policy::compile_with)"
            ))
        })
    }

    /// Compiles a policy; `file_name` is used in diagnostics and `load` reads helper files named
    /// by the policy (relative to it).
    pub fn compile_with(
        source: &str,
        file_name: &str,
        load: &dyn Fn(&str) -> Result<String, String>,
    ) -> Result<Policy, CompileError> {
        let compiled = crate::compile::compile(source, load).map_err(|diagnostics| CompileError {
            diagnostics,
            text: source.to_string(),
            file_name: file_name.to_string(),
        })?;
        Ok(Policy { compiled })
    }

    /// Reads and compiles a policy file; helper files are read relative to it.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Policy, LoadError> {
        let path = path.as_ref();
        let io = |message, kind| LoadError::Io { path: path.display().to_string(), message, kind };
        let bytes = std::fs::read(path).map_err(|e| io(io_error_text(&e), Some(e.kind())))?;
        let source = text_of(bytes).map_err(|message| io(message, None))?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let load = move |name: &str| read_helper_file(&dir, name);
        Ok(Policy::compile_with(&source, &path.display().to_string(), &load)?)
    }

    /// The header: name, version, description, effective period, and the source hash.
    pub fn info(&self) -> &PolicyInfo {
        &self.compiled.info
    }

    /// Warnings found while compiling (unused values, rules never in effect…).
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.compiled.warnings
    }

    /// A copy of the policy for another thread. It evaluates exactly as this one does; the
    /// difference is in memory only: the values every decision refers to (the policy's stamp,
    /// each outcome's code, rule, title and citation, fixed parameters) are the copy's own.
    /// Threads that each evaluate many employees with their own copy do not contend for those
    /// values' reference counts, which with one shared policy costs several percent of each
    /// evaluation. The expressions, tables and helpers are shared, not copied.
    pub fn replica(&self) -> Policy {
        Policy { compiled: self.compiled.replica() }
    }

    /// The calling thread's replica of `policy` ([`Policy::replica`]), made the first time the
    /// thread asks for it and kept until it asks for another policy's: for the threads of a pool
    /// that evaluate chunks of a population (one policy shared by two threads made each
    /// evaluation about 13 % slower).
    pub fn replica_for_thread(policy: &Arc<Policy>) -> Arc<Policy> {
        thread_local! {
            // The policy the replica is of (by a weak reference, whose address no other policy
            // can take while it is held) and the replica.
            static REPLICA: std::cell::RefCell<Option<(std::sync::Weak<Policy>, Arc<Policy>)>> =
                const { std::cell::RefCell::new(None) };
        }
        REPLICA.with(|slot| {
            let Ok(mut slot) = slot.try_borrow_mut() else { return Arc::clone(policy) };
            match &*slot {
                Some((of, replica)) if std::sync::Weak::as_ptr(of) == Arc::as_ptr(policy) => Arc::clone(replica),
                _ => {
                    let replica = Arc::new(policy.replica());
                    *slot = Some((Arc::downgrade(policy), Arc::clone(&replica)));
                    replica
                }
            }
        })
    }

    /// The policy text it was compiled from.
    pub fn source(&self) -> &str {
        &self.compiled.source
    }

    /// The declared facts: what an HR system sends, field by field, with types and bounds.
    pub fn schema(&self) -> &FactsSchema {
        &self.compiled.schema_info
    }

    /// Fields of `facts` that the policy does not declare but that are named like a declared
    /// fact the facts lack (`presensi.alpa_hri` beside a missing `alpa_hari`): each path with the
    /// declared one it may be. Extra fields are ignored, as they must be for what an HR system
    /// sends beside the facts, so a misspelt name leaves its fact missing without an error; this
    /// says so, for a caller to warn. Other extra fields (`nama`, `unit_kerja`) are not listed.
    /// A declared fact given as `null` counts as lacking; in a list, the first 100 items are
    /// looked at; at most 20 fields are listed.
    pub fn misspelt_fields(&self, facts: &Json) -> Vec<(String, String)> {
        let mut found = Vec::new();
        crate::facts::undeclared(&self.compiled.facts, facts, "", usize::MAX, &mut found);
        found.into_iter().filter_map(|(path, near)| Some((path, near?))).take(20).collect()
    }

    /// The parameters a caller may override, with their types and defaults.
    pub fn params(&self) -> &[ParamInfo] {
        &self.compiled.param_info
    }

    /// Every rule and decision table, in policy order, with its title, citation and outcome.
    pub fn rules(&self) -> &[RuleInfo] {
        &self.compiled.rule_info
    }

    /// The values the policy names with `let`, in policy order, with their types.
    pub fn lets(&self) -> &[LetInfo] {
        &self.compiled.let_info
    }

    /// The outcome parameters that hold dates, as `(rule, code, parameter)` (the rule as an
    /// outcome names it: `tabel#2` for a table row). A decision's JSON writes dates as text;
    /// with this a binding gives back a date as a date and a text that looks like one as text.
    pub fn date_outcome_params(&self) -> Vec<(Arc<str>, Arc<str>, String)> {
        let mut out = Vec::new();
        for r in &self.compiled.rules {
            for o in crate::compile::outcomes_of(r) {
                for (name, e) in &o.args {
                    if e.ty == crate::types::Ty::Date {
                        out.push((o.origin.rule.clone(), o.code.clone(), name.clone()));
                    }
                }
            }
        }
        out
    }

    /// Evaluates the policy for one employee's facts (a JSON object).
    pub fn evaluate(&self, facts: &Json, options: &EvalOptions) -> Result<Decision, EvalError> {
        crate::eval::evaluate(&self.compiled, facts, options)
    }

    /// Evaluates the policy for one employee's facts given as JSON text, in UTF-8 bytes (as an
    /// HTTP body holds them): read as [`parse_json`](crate::parse_json) reads it, numbers exactly
    /// as written and a field named twice refused. Text that does not read is an
    /// [`EvalError::Json`] (code `json`) with its line and column; its `Display` is English,
    /// [`EvalError::message`] and [`EvalError::to_json`] say it in either language.
    pub fn evaluate_json_text(&self, text: &[u8], options: &EvalOptions) -> Result<Decision, EvalError> {
        let facts = read_json_text(text)?;
        self.evaluate(&facts, options)
    }

    /// Checks an employee's facts against the policy once, for evaluating them many times — on
    /// several dates or with several parameter values — without reading the JSON again.
    pub fn prepare(&self, facts: &Json) -> Result<Facts, EvalError> {
        crate::eval::prepare(&self.compiled, facts)
    }

    /// Like [`Policy::prepare`], for facts from any [`FactSource`] (Arrow columns, say): they are
    /// checked by the same rules and give the same errors as the same facts in JSON.
    pub fn prepare_from<S: FactSource>(&self, source: S) -> Result<Facts, EvalError> {
        crate::eval::prepare_from(&self.compiled, source)
    }

    /// Like [`Policy::evaluate`], for facts from any [`FactSource`].
    pub fn evaluate_from<S: FactSource>(&self, source: S, options: &EvalOptions) -> Result<Decision, EvalError> {
        crate::eval::evaluate_from(&self.compiled, source, options)
    }

    /// Evaluates facts prepared by [`Policy::prepare`] (of this policy, or of one that declares
    /// the same facts); gives the same decision as [`Policy::evaluate`] on the same JSON.
    pub fn evaluate_prepared(&self, facts: &Facts, options: &EvalOptions) -> Result<Decision, EvalError> {
        crate::eval::evaluate_prepared(&self.compiled, facts, options)
    }

    /// Checks evaluation options (the date within the policy's effective period, every parameter
    /// declared and of its type) without facts: the errors every evaluation with them would give,
    /// found once before a batch, even an empty one.
    pub fn check_options(&self, options: &EvalOptions) -> Result<(), EvalError> {
        crate::eval::check_options(&self.compiled, options)
    }

    /// Whether the policy calls helper functions (Rhai): an evaluation may then take as long as
    /// the helpers' time limit, so a batch shares its employees out among threads in small
    /// groups.
    pub fn uses_helpers(&self) -> bool {
        self.compiled.helpers.is_some()
    }

    /// Runs the policy's own examples.
    pub fn run_tests(&self) -> Vec<TestResult> {
        crate::testing::run_examples(self)
    }

    /// Runs one case in the reference case format (`tests/cases/*.json`).
    pub fn run_case(&self, case: &Case) -> TestResult {
        crate::testing::run_case(self, case)
    }
}
