//! `Policy.evaluate_many`: many employees in, one Arrow table out.
//!
//! Arrow input (a `pyarrow.Table`/`RecordBatch`, or anything with `__arrow_c_stream__`) is read in
//! Rust without Python objects per row. A list of mappings is converted to JSON while holding the
//! GIL, once per row. Evaluation and building the result columns then run without the GIL, in
//! chunks spread over every core with rayon. Each chunk becomes one record batch of the result.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{
    Array, ArrayRef, Float32Array, Float64Array, Int64Array, LargeStringArray, ListArray, NullArray, RecordBatch,
    StringArray, StringViewArray, StructArray,
};
use arrow_buffer::OffsetBuffer;
use arrow_pyarrow::{FromPyArrow, IntoPyArrow};
use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use aturan_core::decision::Params;
use aturan_core::{Decision, EvalError, EvalOptions, Fact, FactIssue, FactSource, Lang, OutcomeKind, Policy, Text};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rayon::prelude::*;
use serde_json::Value as Json;

use crate::arrow_in::{Column, Rows};
use crate::shape::Shape;
use crate::tape::Tape;
use crate::{convert, errors};

/// The most rows one chunk (one output record batch) holds.
const MAX_CHUNK: usize = 65_536;

/// A row that could not be evaluated: its index in the input and in its chunk, and why.
struct RowError {
    row: usize,
    local: usize,
    error: EvalError,
}

/// What stops a whole batch: an error that is not about one row's facts.
enum Failure {
    /// A bad parameter or option: every row would fail the same way.
    Global(EvalError),
    /// Input that cannot be read (an Arrow type that cannot be a fact).
    Input(String),
    /// The call was interrupted (Ctrl-C): the rows not yet evaluated are left.
    Stopped,
}

struct Chunk {
    columns: Vec<ArrayRef>,
    first_error: Option<RowError>,
    /// Rows whose facts gave no decision (their `error` column says why).
    errors: usize,
    /// Rows with more than one sanction imposed (a policy without a severity declaration): the
    /// `sanction` column holds the first.
    several_sanctions: usize,
}

/// The list-of-(code, params) columns `rewards`, `promotions` and `notices`.
struct OutcomeList {
    codes: StringBuilder,
    params: StringBuilder,
    lengths: Vec<usize>,
    /// The JSON text of parameter maps seen lately, by the map's address. Decisions share their
    /// parameter maps (constants with the policy, worked-out ones per thread), so most rows find
    /// theirs here. Each entry holds its map, so no other map can take its address while it is
    /// here.
    texts: Vec<Option<(Params, String)>>,
}

/// How many parameter texts an [`OutcomeList`] remembers.
const PARAM_TEXTS: usize = 64;

fn outcome_item_fields() -> Fields {
    Fields::from(vec![Field::new("code", DataType::Utf8, true), Field::new("params", DataType::Utf8, true)])
}

fn outcome_list_type() -> DataType {
    DataType::List(Arc::new(Field::new("item", DataType::Struct(outcome_item_fields()), true)))
}

fn string_list_type() -> DataType {
    DataType::List(Arc::new(Field::new("item", DataType::Utf8, true)))
}

impl OutcomeList {
    fn new() -> OutcomeList {
        OutcomeList {
            codes: StringBuilder::new(),
            params: StringBuilder::new(),
            lengths: Vec::new(),
            texts: vec![None; PARAM_TEXTS],
        }
    }

    fn push<'a>(&mut self, outcomes: impl Iterator<Item = &'a aturan_core::Outcome>) {
        let mut n = 0;
        for o in outcomes {
            self.codes.append_value(o.code());
            let at = (Arc::as_ptr(&o.params) as usize >> 4) % PARAM_TEXTS;
            match self.texts.get_mut(at) {
                Some(Some((params, text))) if Arc::ptr_eq(params, &o.params) => self.params.append_value(text),
                Some(entry) => {
                    let text = serde_json::to_string(&o.params).unwrap_or_default();
                    self.params.append_value(&text);
                    *entry = Some((Arc::clone(&o.params), text));
                }
                None => self.params.append_value(serde_json::to_string(&o.params).unwrap_or_default()),
            }
            n += 1;
        }
        self.lengths.push(n);
    }

    fn finish(mut self) -> Result<ArrayRef, String> {
        let items = StructArray::try_new(
            outcome_item_fields(),
            vec![Arc::new(self.codes.finish()) as ArrayRef, Arc::new(self.params.finish()) as ArrayRef],
            None,
        )
        .map_err(|e| e.to_string())?;
        let field = Arc::new(Field::new("item", DataType::Struct(outcome_item_fields()), true));
        let list = ListArray::try_new(field, OffsetBuffer::from_lengths(self.lengths), Arc::new(items), None)
            .map_err(|e| e.to_string())?;
        Ok(Arc::new(list))
    }
}

/// The result columns (after the id column), in order. Every field is nullable, as Spark's
/// schemas are by default, though only `sanction`, `sanction_level`, `error` and `explanation`
/// hold nulls.
pub fn result_fields(explain: bool) -> Vec<Field> {
    let mut fields = vec![
        Field::new("sanction", DataType::Utf8, true),
        Field::new("sanction_level", DataType::Utf8, true),
        Field::new("rewards", outcome_list_type(), true),
        Field::new("promotions", outcome_list_type(), true),
        Field::new("notices", outcome_list_type(), true),
        Field::new("undetermined", string_list_type(), true),
        Field::new("missing", string_list_type(), true),
        Field::new("set_aside", string_list_type(), true),
        Field::new("error", DataType::Utf8, true),
    ];
    if explain {
        fields.push(Field::new("explanation", DataType::Utf8, true));
    }
    fields
}

struct Builders {
    sanction: StringBuilder,
    level: StringBuilder,
    rewards: OutcomeList,
    promotions: OutcomeList,
    notices: OutcomeList,
    undetermined: ListBuilder<StringBuilder>,
    missing: ListBuilder<StringBuilder>,
    set_aside: ListBuilder<StringBuilder>,
    error: StringBuilder,
    explanation: Option<StringBuilder>,
}

impl Builders {
    fn new(explain: bool) -> Builders {
        Builders {
            sanction: StringBuilder::new(),
            level: StringBuilder::new(),
            rewards: OutcomeList::new(),
            promotions: OutcomeList::new(),
            notices: OutcomeList::new(),
            undetermined: ListBuilder::new(StringBuilder::new()),
            missing: ListBuilder::new(StringBuilder::new()),
            set_aside: ListBuilder::new(StringBuilder::new()),
            error: StringBuilder::new(),
            explanation: explain.then(StringBuilder::new),
        }
    }

    fn push_decision(&mut self, d: &Decision, lang: Lang) {
        let sanction = d.sanction();
        self.sanction.append_option(sanction.map(|o| o.code()));
        self.level.append_option(sanction.and_then(|o| o.level()));
        self.rewards.push(d.of_kind(OutcomeKind::Reward));
        self.promotions.push(d.of_kind(OutcomeKind::Promotion));
        self.notices.push(d.of_kind(OutcomeKind::Notice));
        // As the reference cases list them: outcome codes, or `sanction` for an undetermined
        // sanction; sorted, each once.
        let mut codes: Vec<&str> = d
            .undetermined
            .iter()
            .map(|u| if u.kind == OutcomeKind::Sanction { "sanction" } else { &*u.code })
            .collect();
        codes.sort_unstable();
        codes.dedup();
        for c in codes {
            self.undetermined.values().append_value(c);
        }
        self.undetermined.append(true);
        let mut missing: Vec<&str> = d.undetermined.iter().flat_map(|u| u.missing.iter().map(String::as_str)).collect();
        missing.sort_unstable();
        missing.dedup();
        for m in missing {
            self.missing.values().append_value(m);
        }
        self.missing.append(true);
        for s in &d.set_aside {
            self.set_aside.values().append_value(s.outcome.code());
        }
        self.set_aside.append(true);
        self.error.append_null();
        if let Some(e) = &mut self.explanation {
            e.append_value(aturan_core::render_decision_text(d, lang));
        }
    }

    fn push_error(&mut self, message: &str) {
        self.sanction.append_null();
        self.level.append_null();
        self.rewards.push(std::iter::empty());
        self.promotions.push(std::iter::empty());
        self.notices.push(std::iter::empty());
        self.undetermined.append(true);
        self.missing.append(true);
        self.set_aside.append(true);
        self.error.append_value(message);
        if let Some(e) = &mut self.explanation {
            e.append_null();
        }
    }

    fn finish(mut self) -> Result<Vec<ArrayRef>, String> {
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(self.sanction.finish()),
            Arc::new(self.level.finish()),
            self.rewards.finish()?,
            self.promotions.finish()?,
            self.notices.finish()?,
            Arc::new(non_null_list(self.undetermined.finish())),
            Arc::new(non_null_list(self.missing.finish())),
            Arc::new(non_null_list(self.set_aside.finish())),
            Arc::new(self.error.finish()),
        ];
        if let Some(mut e) = self.explanation {
            columns.push(Arc::new(e.finish()));
        }
        Ok(columns)
    }
}

/// The list with its validity buffer dropped: every row has a list (perhaps empty), never null.
fn non_null_list(list: ListArray) -> ListArray {
    let (field, offsets, values, _) = list.into_parts();
    ListArray::new(field, offsets, values, None)
}

/// The id of row `i` of an id column, as text for messages.
/// The evaluated chunks of mappings or columns, each with its slice of the id column (nulls
/// without one); the first chunk that failed as a whole raises.
fn with_ids(
    py: Python<'_>,
    results: Vec<ChunkResult>,
    ids: Option<&ArrayRef>,
    lang: Lang,
) -> PyResult<Vec<(ArrayRef, Chunk)>> {
    let mut out = Vec::with_capacity(results.len());
    for (start, len, chunk) in results {
        let chunk = chunk.map_err(|f| failure_to_py(py, f, lang))?;
        let id = ids.map(|a| a.slice(start, len));
        out.push((id.unwrap_or_else(|| Arc::new(NullArray::new(len))), chunk));
    }
    Ok(out)
}

fn id_text(ids: &ArrayRef, i: usize) -> Option<String> {
    Some(match Column::new(ids, &Shape::Any).ok()?.fact(i) {
        Fact::Null => return None,
        Fact::Text(s) | Fact::Number(s) | Fact::Other(s) => s.into_owned(),
        Fact::Int(n) => n.to_string(),
        Fact::Bool(b) => b.to_string(),
        Fact::Decimal(d) => d.to_string(),
        Fact::Date(d) => aturan_core::iso_date(d),
        Fact::Enum(k) => k.to_string(),
        Fact::Record(n) => format!("an object with {n} fields"),
        Fact::List(n) => format!("a list of {n} items"),
    })
}

/// Where the facts of each row come from.
#[derive(Clone, Copy)]
enum Source<'a> {
    /// Read from Arrow columns when needed.
    Arrow(&'a Rows),
    /// Copied from Python mappings onto a tape beforehand: where each row starts (or why it
    /// could not be read).
    Tape(&'a Tape, &'a [Result<usize, EvalError>]),
}

/// Evaluates rows `start..start + len` of `source`, with this thread's replica of the policy.
fn run_chunk(
    policy: &Arc<Policy>,
    options: &EvalOptions,
    source: Source<'_>,
    (start, len): (usize, usize),
    stop: &AtomicBool,
) -> Result<Chunk, Failure> {
    let policy = &*Policy::replica_for_thread(policy);
    let mut builders = Builders::new(options.explain);
    let mut first_error = None;
    let mut errors = 0usize;
    let mut several_sanctions = 0usize;
    let missing_row = Err(not_a_mapping("nothing"));
    for i in start..start + len {
        // Interrupted: the rest of the chunk is left (a row may take the helpers' time limit).
        if stop.load(Ordering::Relaxed) {
            return Err(Failure::Stopped);
        }
        let result = match source {
            Source::Arrow(rows) => policy.evaluate_from(rows.fact(i), options),
            Source::Tape(tape, rows) => match rows.get(i).unwrap_or(&missing_row) {
                Ok(at) => policy.evaluate_from(tape.at(*at), options),
                Err(e) => Err(e.clone()),
            },
        };
        match result {
            Ok(decision) => {
                several_sanctions += usize::from(decision.of_kind(OutcomeKind::Sanction).nth(1).is_some());
                builders.push_decision(&decision, options.lang);
            }
            Err(error @ (EvalError::Param { .. } | EvalError::Option { .. })) => return Err(Failure::Global(error)),
            Err(error) => {
                builders.push_error(&error.message(options.lang));
                errors += 1;
                if first_error.is_none() {
                    first_error = Some(RowError { row: i, local: i - start, error });
                }
            }
        }
    }
    let columns = builders.finish().map_err(Failure::Input)?;
    Ok(Chunk { columns, first_error, errors, several_sanctions })
}

/// The threads batches run on, made in this process. A child of `fork()` (multiprocessing's
/// default on Linux, gunicorn `--preload`) inherits the parent's pool without its threads: work
/// handed to it would wait forever. So a pool belongs to the process that made it, and a child
/// makes its own (the parent's is left alone: its locks may have been held at the fork).
fn pool() -> PyResult<Arc<rayon::ThreadPool>> {
    static POOL: std::sync::Mutex<Option<(u32, Arc<rayon::ThreadPool>)>> = std::sync::Mutex::new(None);
    let pid = std::process::id();
    let mut slot = POOL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((owner, pool)) = slot.as_ref() {
        if *owner == pid {
            return Ok(Arc::clone(pool));
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("aturan-{i}"))
        .build()
        .map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(format!("cannot start the evaluation threads: {e}")))?;
    let pool = Arc::new(pool);
    if let Some(old) = slot.replace((pid, Arc::clone(&pool))) {
        // The parent's pool, seen from a child: never dropped here.
        std::mem::forget(old);
    }
    Ok(pool)
}

/// Splits `n` rows into chunk starts, enough chunks to keep every core busy (`least` rows in a
/// chunk at the least: see [`least_chunk`]).
fn chunk_starts(n: usize, threads: usize, least: usize) -> (usize, Vec<usize>) {
    let threads = threads.max(1);
    let size = n.div_ceil(threads * 4).clamp(least.min(256), MAX_CHUNK);
    (size, (0..n).step_by(size).collect())
}

/// The fewest rows a chunk holds: a few hundred, so that a chunk costs little beside its rows;
/// one for a policy with helpers, whose rows may each take as long as the helpers' time limit,
/// so that twenty slow rows still run on every core.
fn least_chunk(policy: &Policy, usual: usize) -> usize {
    if policy.uses_helpers() {
        1
    } else {
        usual
    }
}

/// Waits for `work` (run on another thread, without the GIL), looking at Ctrl-C every 50 ms:
/// interrupted, it sets `stop` (the chunks stop at their next row), waits for the work to stop
/// and raises `KeyboardInterrupt`.
fn wait_interruptibly<T: Send>(
    py: Python<'_>,
    stop: &AtomicBool,
    work: impl FnOnce() -> Result<T, Failure> + Send,
) -> PyResult<Result<T, Failure>> {
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::channel();
        scope.spawn(move || {
            let done = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|_| {
                Err(Failure::Input("internal error: the evaluation of a chunk panicked".to_string()))
            });
            let _ = tx.send(done);
        });
        match next_message(py, rx, stop) {
            Ok((_, Some(done))) => Ok(done),
            Ok((_, None)) => {
                Ok(Err(Failure::Input("internal error: the evaluation stopped without a result".to_string())))
            }
            // Interrupted: waited for, without the GIL, until the work stops at its next row.
            Err((rx, interrupt)) => {
                py.detach(move || drop(rx.recv()));
                Err(interrupt)
            }
        }
    })
}

/// The next message of `rx`, waited for without the GIL, looking at Ctrl-C every [`POLL`]:
/// `None` once every sender is gone. Interrupted, `stop` is set (the chunks stop at their next
/// row) and the `KeyboardInterrupt` given back with the receiver. (The receiver goes with each
/// wait and comes back: it cannot be shared between threads.)
#[allow(clippy::type_complexity)]
fn next_message<T: Send>(
    py: Python<'_>,
    mut rx: std::sync::mpsc::Receiver<T>,
    stop: &AtomicBool,
) -> Result<(std::sync::mpsc::Receiver<T>, Option<T>), (std::sync::mpsc::Receiver<T>, PyErr)> {
    loop {
        let (back, got) = py.detach(move || {
            let got = rx.recv_timeout(POLL);
            (rx, got)
        });
        rx = back;
        match got {
            Ok(message) => return Ok((rx, Some(message))),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => return Ok((rx, None)),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if let Err(interrupt) = py.check_signals() {
                    stop.store(true, Ordering::Relaxed);
                    return Err((rx, interrupt));
                }
            }
        }
    }
}

/// How often a batch waiting for its threads looks at Ctrl-C.
const POLL: std::time::Duration = std::time::Duration::from_millis(50);

/// Runs the chunks starting at `starts` (of `size` rows, of `n` in all) in parallel; they come
/// back in row order.
fn run_all(
    policy: &Arc<Policy>,
    options: &EvalOptions,
    (n, size, starts): (usize, usize, &[usize]),
    row_offset: usize,
    source: Source<'_>,
    stop: &AtomicBool,
) -> Result<Vec<(usize, usize, Chunk)>, Failure> {
    starts
        .par_iter()
        .map(|&start| {
            let len = size.min(n - start);
            let mut chunk = run_chunk(policy, options, source, (start, len), stop)?;
            if let Some(e) = &mut chunk.first_error {
                e.row += row_offset;
            }
            Ok((start, len, chunk))
        })
        .collect()
}

/// Warns when ids (text or whole numbers) repeat: a join of the result with other data on them
/// gives more rows than there are employees (a NIP twice in an export, the same file read twice).
fn warn_about_repeated_ids<'a>(
    py: Python<'_>,
    name: &str,
    ids: impl Iterator<Item = &'a ArrayRef> + Clone,
) -> PyResult<()> {
    // A fast hash, and room for every id from the start (no table grown and filled again): only
    // whether an id was seen matters, never an order.
    let n: usize = ids.clone().map(|a| a.len()).sum();
    let room = |of: &DataType| if ids.clone().any(|a| a.data_type() == of) { n } else { 0 };
    let state = foldhash::fast::RandomState::default;
    let mut seen_text = foldhash::HashSet::with_capacity_and_hasher(room(&DataType::Utf8), state());
    let mut seen_int = foldhash::HashSet::with_capacity_and_hasher(room(&DataType::Int64), state());
    let (mut repeated, mut first) = (0usize, None::<String>);
    // Rows without an id (None, NaN, an empty text): their results cannot be told apart.
    let (mut missing, mut row, mut first_missing) = (0usize, 0usize, None::<usize>);
    for ids in ids {
        if matches!(ids.data_type(), DataType::Null) {
            row += ids.len();
            continue;
        }
        let text = ids.as_any().downcast_ref::<StringArray>();
        for i in 0..ids.len() {
            let empty = ids.is_null(i) || text.is_some_and(|t| t.value(i).trim().is_empty());
            if empty {
                missing += 1;
                first_missing.get_or_insert(row + i);
            }
        }
        row += ids.len();
        if let Some(text) = ids.as_any().downcast_ref::<StringArray>() {
            for id in text.iter().flatten().filter(|id| !id.trim().is_empty()) {
                if !seen_text.insert(id) {
                    repeated += 1;
                    first.get_or_insert_with(|| id.to_string());
                }
            }
        } else if let Some(ints) = ids.as_any().downcast_ref::<Int64Array>() {
            for id in ints.iter().flatten() {
                if !seen_int.insert(id) {
                    repeated += 1;
                    first.get_or_insert_with(|| id.to_string());
                }
            }
        }
    }
    if let Some(at) = first_missing {
        user_warning(
            py,
            format!(
                "{missing} row(s) have no `{name}` (the first: row {at}): each is decided, but its result cannot be joined back on `{name}`"
            ),
        )?;
    }
    let Some(first) = first else { return Ok(()) };
    user_warning(
        py,
        format!(
            "{repeated} row(s) repeat an id of `{name}` given to an earlier row (the first: {first}): each is decided, and a join of the result on `{name}` gives more rows than there are employees"
        ),
    )
}

/// Warns when a flat column (`presensi.alpa_hari`) gives a field that a record column beside it
/// (`presensi`, a struct with `alpa_hari`) gives too: where both hold a value, the one that comes
/// first counts, and a corrected column added after the record is silently not read.
fn warn_about_overlap(py: Python<'_>, schema: &Schema, rows: usize) -> PyResult<()> {
    if rows == 0 {
        return Ok(());
    }
    let fields = schema.fields();
    let given_by_struct = |flat: &str| -> Option<String> {
        let mut parts = flat.split('.');
        let top = parts.next()?;
        let mut kind = fields.iter().find(|f| f.name() == top)?.data_type();
        for part in parts {
            let DataType::Struct(inner) = kind else { return None };
            kind = inner.iter().find(|f| f.name() == part)?.data_type();
        }
        Some(top.to_string())
    };
    let Some((flat, record)) =
        fields.iter().filter(|f| f.name().contains('.')).find_map(|f| Some((f.name(), given_by_struct(f.name())?)))
    else {
        return Ok(());
    };
    let first = fields.iter().position(|f| f.name() == flat).zip(fields.iter().position(|f| *f.name() == record));
    let counts = match first {
        Some((a, b)) if a < b => flat.as_str(),
        _ => record.as_str(),
    };
    user_warning(
        py,
        format!(
            "the columns `{record}` and `{flat}` both give `{flat}`: where both hold a value, the column that comes first (`{counts}`) counts and the other is not read; drop one of them"
        ),
    )
}

/// Text ids as a plain `string` array (see the id column in [`evaluate_many`]); others as they are.
fn plain_text(ids: ArrayRef) -> ArrayRef {
    if let Some(large) = ids.as_any().downcast_ref::<LargeStringArray>() {
        return Arc::new(large.iter().collect::<StringArray>());
    }
    if let Some(view) = ids.as_any().downcast_ref::<StringViewArray>() {
        return Arc::new(view.iter().collect::<StringArray>());
    }
    // A categorical of texts (a pandas `category` column) as its texts: a dictionary column
    // does not join with a `string` one.
    if let Some(dict) = arrow_array::cast::AsArray::as_any_dictionary_opt(&*ids) {
        let values = plain_text(Arc::clone(dict.values()));
        if let Some(text) = values.as_any().downcast_ref::<StringArray>() {
            let keys = dict.normalized_keys();
            let at = |i: usize| {
                let k = *keys.get(i)?;
                (ids.is_valid(i) && k < text.len() && text.is_valid(k)).then(|| text.value(k))
            };
            return Arc::new((0..ids.len()).map(at).collect::<StringArray>());
        }
    }
    ids
}

fn failure_to_py(py: Python<'_>, failure: Failure, lang: Lang) -> PyErr {
    match failure {
        Failure::Global(e) => errors::eval_error(py, &e, lang, None),
        Failure::Input(message) => PyValueError::new_err(message),
        Failure::Stopped => pyo3::exceptions::PyKeyboardInterrupt::new_err("the evaluation was interrupted"),
    }
}

fn not_a_mapping(found: &str) -> EvalError {
    // `$`, the whole row, as `evaluate` and the engine name it.
    EvalError::Facts(vec![FactIssue {
        path: "$".into(),
        expected: Text::new("a mapping of facts (one employee)", "mapping fakta (satu pegawai)"),
        found: found.to_string(),
        found_id: None,
    }])
}

/// The id column for rows given as mappings: text when the ids are text, integers when they
/// are all integers; `None` when no row has one.
fn id_array(ids: &[Option<&Json>]) -> ArrayRef {
    let all_int = ids.iter().all(|v| matches!(v, None | Some(Json::Null)) || v.is_some_and(|j| j.as_i64().is_some()));
    let any = ids.iter().any(|v| matches!(v, Some(j) if !j.is_null()));
    if any && all_int {
        return Arc::new(Int64Array::from_iter(ids.iter().map(|v| v.and_then(Json::as_i64))));
    }
    Arc::new(StringArray::from_iter(ids.iter().map(|v| match v {
        None | Some(Json::Null) => None,
        Some(Json::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    })))
}

/// Warns about a table's column names, once per call:
/// - when it has rows but no column the policy declares as a fact (the id column aside): every
///   fact of every row would be missing and every outcome undetermined, which is rather a wrong
///   table (a CSV read without its header, columns named in another language) than what was
///   meant;
/// - when a column the policy does not declare is named like a declared fact the table lacks
///   (` status` read from `nip, status`, `Status`, `alpa_hri`): extra columns are ignored, so
///   that fact would be missing in every row.
fn warn_about_columns(
    py: Python<'_>,
    policy: &Policy,
    rows: usize,
    columns: &[&str],
    id_column: Option<&str>,
) -> PyResult<()> {
    let declared = &policy.schema().fields;
    if rows == 0 || declared.is_empty() {
        return Ok(());
    }
    let top = |c: &str| c.split('.').next().unwrap_or(c).to_string();
    let is_fact = |c: &str| declared.iter().any(|f| f.name == top(c));
    let record_at = |path: &[&str]| record_at(declared, path);
    // Whether a column (`status`, `presensi.alpa_hari`) names a declared fact.
    let names_a_fact = |c: &str| {
        let path: Vec<&str> = c.split('.').collect();
        path.split_last()
            .and_then(|(last, parent)| record_at(parent).map(|fields| fields.iter().any(|f| f.name == *last)))
            .unwrap_or(false)
    };
    // A column named like a field of its record (` presensi.alpa_hari`, a CSV written with
    // `", "`, or `presensi.alpa_hri`): the field among those of that record no column gives.
    let near_field = |c: &str| -> Option<String> {
        let path: Vec<&str> = c.split('.').map(str::trim).collect();
        let (last, parent) = path.split_last()?;
        let fields = record_at(parent)?;
        let given = |f: &str| {
            columns.iter().any(|o| {
                let mut at = o.split('.');
                parent.iter().all(|p| at.next() == Some(p)) && at.next() == Some(f)
            })
        };
        let absent = fields.iter().map(|f| f.name.as_str()).filter(|f| !given(f));
        let near = aturan_core::field_named_like(last.trim(), absent)?;
        let mut full = parent.join(".");
        if !full.is_empty() {
            full.push('.');
        }
        Some(format!("`{c}` (did you mean `{full}{near}`?)"))
    };
    // Or a declared fact outside lists, as a flat column names it (`presensi.alpa_hari`), that no
    // column gives, written with other case and separators (`PRESENSI_ALPA_HARI`,
    // `presensi__alpa_hari`, `Presensi.alpa_hari`: what SQL and spreadsheets make of the dots).
    let mut flat_paths = Vec::new();
    leaf_paths(declared, "", &mut flat_paths);
    flat_paths.retain(|p| !columns.contains(&p.as_str()));
    // (A byte-order mark before the first column's name, `\u{feff}status` or as Latin-1 reads it
    // `ï»¿status`, is what a CSV written by a spreadsheet gives when read without `utf-8-sig`.)
    let bare = |s: &str| -> String {
        let s = aturan_core::without_byte_order_mark(s.trim_start());
        s.chars().filter(|c| !matches!(c, '.' | '_' | ' ' | '-')).flat_map(char::to_lowercase).collect()
    };
    let close: Vec<String> = columns
        .iter()
        .filter(|c| Some(**c) != id_column)
        .filter(|c| !names_a_fact(c))
        .filter_map(|c| {
            near_field(c).or_else(|| {
                let same = flat_paths.iter().find(|p| bare(p) == bare(c))?;
                Some(format!("`{c}` (did you mean `{same}`?)"))
            })
        })
        .take(10)
        .collect();
    // A fact given twice (a column added with `pd.concat(..., axis=1)` beside the one it was
    // meant to replace): the values of all but the first are not read.
    let mut twice: Vec<&str> = columns
        .iter()
        .enumerate()
        .filter(|(i, c)| columns.get(..*i).is_some_and(|before| before.contains(c)))
        .map(|(_, c)| *c)
        .collect();
    twice.retain(|c| names_a_fact(c));
    twice.sort_unstable();
    twice.dedup();
    if !twice.is_empty() {
        let listed: Vec<String> = twice.iter().map(|c| format!("`{c}`")).collect();
        user_warning(
            py,
            format!("columns given twice: {}; the first of each is read and the others are ignored", listed.join(", ")),
        )?;
    }
    // A byte-order mark before the first column's name (a spreadsheet's CSV read as Latin-1, or
    // without `utf-8-sig` by the csv module) spoils the fact it names: said with the cure.
    let marked = columns.iter().any(|c| aturan_core::without_byte_order_mark(c.trim_start()) != c.trim_start());
    let mark = if marked {
        " (the first column's name begins with a byte-order mark: read the file with encoding=\"utf-8-sig\")"
    } else {
        ""
    };
    if !columns.iter().any(|c| Some(*c) != id_column && is_fact(c)) {
        let names: Vec<&str> = declared.iter().take(6).map(|f| f.name.as_str()).collect();
        let more = if declared.len() > names.len() { ", …" } else { "" };
        // Columns read with a space before their names, or in capitals: which they were meant to be.
        let meant = if close.is_empty() {
            String::new()
        } else {
            format!(" (columns named like them: {}{mark})", close.join(", "))
        };
        return user_warning(py, format!(
            "the data has no column the policy declares as a fact ({}{more}){meant}: every fact of every row is missing and every outcome will be undetermined",
            names.join(", ")
        ));
    }
    if close.is_empty() {
        return Ok(());
    }
    user_warning(py, format!(
        "columns that the policy does not declare, named like facts the data lacks: {}{mark}; extra columns are ignored, so those facts are missing in every row",
        close.join(", ")
    ))
}

/// Gives a `UserWarning` that points at the caller's line.
pub(crate) fn user_warning(py: Python<'_>, message: String) -> PyResult<()> {
    let category = py.get_type::<pyo3::exceptions::PyUserWarning>();
    PyErr::warn(py, &category, &std::ffi::CString::new(message).unwrap_or_default(), 1)
}

/// Whether a declared fact holds fields of its own: a record, or a list of them.
fn is_nested(f: &aturan_core::FieldInfo) -> bool {
    match &f.ty {
        aturan_core::TypeInfo::Record { .. } => true,
        aturan_core::TypeInfo::List { item } => matches!(**item, aturan_core::TypeInfo::Record { .. }),
        _ => false,
    }
}

/// Warns about the fields of `facts` (the nested values of an Arrow table's first row, whose
/// schema every row shares) that the policy does not declare but that are named like a declared
/// fact they lack (`kinerja[0].Tahun`): extra fields are ignored, so that fact would be missing.
fn warn_about_misspelt_fields(py: Python<'_>, policy: &Policy, facts: &Bound<'_, PyDict>) -> PyResult<()> {
    if facts.is_empty() {
        return Ok(());
    }
    let Ok(facts) = convert::to_json(facts.as_any()) else { return Ok(()) };
    let close: Vec<String> = policy
        .misspelt_fields(&facts)
        .into_iter()
        .map(|(path, near)| format!("`{path}` (did you mean `{near}`?)"))
        .collect();
    warn_misspelt(py, &close)
}

/// The warning about fields named like facts the data lacks, each said as `close` gives it;
/// nothing when there are none.
fn warn_misspelt(py: Python<'_>, close: &[String]) -> PyResult<()> {
    if close.is_empty() {
        return Ok(());
    }
    let message = format!(
        "fields that the policy does not declare, named like facts the data lacks: {}; extra fields are ignored, so those facts are missing",
        close.join(", ")
    );
    user_warning(py, message)
}

/// Misspelt-field findings over the rows of a batch: each path once (a list's items alike), with
/// the declared fact it may be and the first row that gave it.
#[derive(Default)]
struct Misspelt {
    found: Vec<(String, String, usize)>,
    alike: std::collections::HashSet<String>,
    /// Rows given the exact look so far (bounded, as each costs a conversion to JSON).
    checked: usize,
}

/// The most rows of one batch given the exact misspelt-field look: rows flagged by the first
/// look that turn out fine (a key `Tahun` beside `tahun`) cannot make a batch slow.
const MAX_CHECKED_ROWS: usize = 10_000;
/// The most misspelt fields one warning names.
const MAX_NAMED: usize = 20;

impl Misspelt {
    /// The exact look at row `row`, whose facts the first look flagged.
    fn check(&mut self, policy: &Policy, row: usize, facts: &Bound<'_, PyAny>) {
        if self.checked >= MAX_CHECKED_ROWS || self.found.len() >= MAX_NAMED {
            return;
        }
        self.checked += 1;
        let Ok(facts) = convert::to_json(facts) else { return };
        for (path, near) in policy.misspelt_fields(&facts) {
            if self.found.len() < MAX_NAMED && self.alike.insert(aturan_core::list_items_alike(&path)) {
                self.found.push((path, near, row));
            }
        }
    }

    fn warn(&self, py: Python<'_>) -> PyResult<()> {
        let named: Vec<String> = self
            .found
            .iter()
            .map(|(path, near, row)| format!("`{path}` (did you mean `{near}`?) first in row {row}"))
            .collect();
        warn_misspelt(py, &named)
    }
}

/// The dotted paths (`presensi.alpa_hari`) of the declared facts that are not records, through
/// records but not into lists: the flat columns a table may give them as.
fn leaf_paths(fields: &[aturan_core::FieldInfo], prefix: &str, out: &mut Vec<String>) {
    for f in fields {
        let path = if prefix.is_empty() { f.name.clone() } else { format!("{prefix}.{}", f.name) };
        match &f.ty {
            aturan_core::TypeInfo::Record { fields: inner } => leaf_paths(inner, &path, out),
            _ => out.push(path),
        }
    }
}

/// The declared fields of the record at `path` (`["presensi"]`) among `fields`; `None` when the
/// path names no record.
fn record_at<'a>(mut fields: &'a [aturan_core::FieldInfo], path: &[&str]) -> Option<&'a [aturan_core::FieldInfo]> {
    for part in path {
        match &fields.iter().find(|f| f.name == *part)?.ty {
            aturan_core::TypeInfo::Record { fields: inner } => fields = inner,
            _ => return None,
        }
    }
    Some(fields)
}

/// Warns when the first dict of a list has flat dotted keys naming declared facts
/// (`presensi.alpa_hari`, as `DataFrame.to_dict("records")` of a flat frame gives them): a dict
/// is read as JSON is, so they are extra fields and those facts are missing in every row.
pub(crate) fn warn_about_dotted_keys(py: Python<'_>, policy: &Policy, keys: &[String]) -> PyResult<()> {
    let declared = |path: &str| {
        let parts: Vec<&str> = path.split('.').collect();
        let Some((last, parent)) = parts.split_last() else { return false };
        record_at(&policy.schema().fields, parent).is_some_and(|fields| fields.iter().any(|f| f.name == *last))
    };
    let dotted: Vec<&str> =
        keys.iter().map(String::as_str).filter(|k| k.contains('.') && declared(k)).take(3).collect();
    let Some(first) = dotted.first() else { return Ok(()) };
    let (top, field) = first.split_once('.').unwrap_or((first, ""));
    let message = format!(
        "keys such as {} are not nested in a dict: a dict is read as JSON is, so they are extra fields and those facts are missing; nest them ({{\"{top}\": {{\"{field}\": …}}}}) or pass the DataFrame itself",
        dotted.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
    );
    user_warning(py, message)
}

enum Input<'py> {
    Arrow(Bound<'py, PyAny>),
    Rows(Vec<Bound<'py, PyAny>>),
    /// A pandas DataFrame read column by column: its rows, its number of columns, the declared
    /// fields it has (index in the declaration, values as a list), and its id column.
    Columns {
        n: usize,
        width: usize,
        columns: Vec<(usize, Bound<'py, PyList>)>,
        ids: Option<ArrayRef>,
        /// The frame's column names.
        names: Vec<String>,
    },
}

/// Where `evaluate_rows` reads rows from.
#[derive(Clone, Copy)]
enum RowsIn<'a, 'py> {
    Items(&'a [Bound<'py, PyAny>]),
    Columns { n: usize, width: usize, columns: &'a [(usize, Bound<'py, PyList>)] },
}

fn classify<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    shape: &Shape,
    id_column: Option<&str>,
) -> PyResult<Input<'py>> {
    if let Ok(list) = data.cast_exact::<PyList>() {
        // A list of dicts, the common case, is read as it is; a list of anything else may be
        // other containers of employees (record batches, `iterrows()` pairs): see `prepare`.
        if list.is_empty() || list.get_item(0)?.cast_exact::<PyDict>().is_ok() {
            return Ok(Input::Rows(list.iter().collect()));
        }
    }
    let frames = py.import("aturan._frames")?;
    if let Shape::Record(record) = shape {
        let found = frames.call_method1("frame_columns", (data, declared_tree(py, shape)?, id_column))?;
        // An Arrow-backed frame comes back as the table it holds.
        if found.hasattr("__arrow_c_stream__")? {
            return Ok(Input::Arrow(found));
        }
        if !found.is_none() {
            let (n, width, lists, ids, names): (usize, usize, Bound<'py, PyDict>, Bound<'py, PyAny>, Vec<String>) =
                found.extract()?;
            let mut columns = Vec::new();
            for (i, f) in record.fields.iter().enumerate() {
                if let Some(list) = lists.get_item(&f.name)? {
                    columns.push((i, list.cast_into::<PyList>()?));
                }
            }
            let ids = if ids.is_none() {
                None
            } else {
                Some(arrow_array::make_array(arrow_data::ArrayData::from_pyarrow_bound(&ids)?))
            };
            return Ok(Input::Columns { n, width, columns, ids, names });
        }
    }
    // pandas DataFrames (to Arrow, or rows when Arrow cannot hold a column), Arrow tables
    // (checked for aligned buffers), other iterables.
    let prepared = frames.call_method1("prepare", (data,))?;
    if prepared.hasattr("__arrow_c_stream__")? {
        return Ok(Input::Arrow(prepared));
    }
    if let Ok(list) = prepared.cast_exact::<PyList>() {
        return Ok(Input::Rows(list.iter().collect()));
    }
    Err(PyTypeError::new_err("`data` must be a list of mappings, a pandas DataFrame or an Arrow table"))
}

/// The declared fields as a dict, each name to the dict of its fields for a record, to `None`
/// otherwise: which flat dotted columns (`presensi.alpa_hari`) a DataFrame may nest.
fn declared_tree<'py>(py: Python<'py>, shape: &Shape) -> PyResult<Bound<'py, PyDict>> {
    let tree = PyDict::new(py);
    if let Shape::Record(r) = shape {
        for f in &r.fields {
            match &f.shape {
                Shape::Record(_) => tree.set_item(f.key.bind(py), declared_tree(py, &f.shape)?)?,
                _ => tree.set_item(f.key.bind(py), py.None())?,
            }
        }
    }
    Ok(tree)
}

type ChunkResult = (usize, usize, Result<Chunk, Failure>);

/// Mappings in, one chunk at a time: the calling thread converts a chunk (it needs the GIL) while
/// the thread pool evaluates the chunks already converted; then it waits for the rest without the
/// GIL. Returns the chunks in row order, and the ids read from `id_column`.
fn evaluate_rows(
    py: Python<'_>,
    policy: &Arc<Policy>,
    shape: &Shape,
    source: RowsIn<'_, '_>,
    options: &EvalOptions,
    id_column: Option<&str>,
) -> PyResult<(Vec<ChunkResult>, Vec<Option<Json>>, Misspelt)> {
    let n = match source {
        RowsIn::Items(items) => items.len(),
        RowsIn::Columns { n, .. } => n,
    };
    let pool = pool()?;
    let threads = pool.current_num_threads().max(1);
    let size = n.div_ceil(threads * 8).clamp(least_chunk(policy, 512), 16_384);
    // Set on Ctrl-C: the chunks handed out stop at their next row.
    let stop = Arc::new(AtomicBool::new(false));
    let options = Arc::new(options.clone());
    let (tx, rx) = std::sync::mpsc::channel::<(usize, ChunkResult)>();
    let mut ids = Vec::with_capacity(if id_column.is_some() { n } else { 0 });
    let id_key = id_column.map(|c| pyo3::types::PyString::intern(py, c));
    let mut chunks = 0;
    let mut last_size = (0, 0);
    let mut misspelt = Misspelt::default();
    // The nested facts a DataFrame's columns hold, by name, for the exact look at a flagged row.
    let nested: Vec<(&str, &Bound<'_, PyList>)> = match source {
        RowsIn::Columns { columns, .. } => columns
            .iter()
            .filter_map(|(i, list)| {
                policy.schema().fields.get(*i).filter(|f| is_nested(f)).map(|f| (f.name.as_str(), list))
            })
            .collect(),
        RowsIn::Items(_) => Vec::new(),
    };
    for (k, start) in (0..n).step_by(size).enumerate() {
        let end = (start + size).min(n);
        // The chunks are alike: each tape is made the size of the one before.
        let mut tape = Tape::sized_like(last_size);
        let mut rows: Vec<Result<usize, EvalError>> = Vec::with_capacity(end - start);
        if let RowsIn::Columns { width, columns, .. } = source {
            for i in start..end {
                rows.push(Ok(tape.write_columns(columns, i, width, shape)));
                if tape.take_suspect() {
                    let row = PyDict::new(py);
                    for (name, list) in &nested {
                        row.set_item(name, list.get_item(i)?)?;
                    }
                    misspelt.check(policy, i, row.as_any());
                }
            }
        }
        let items = match source {
            RowsIn::Items(items) => items.get(start..end).unwrap_or_default(),
            RowsIn::Columns { .. } => &[],
        };
        for (i, item) in (start..).zip(items) {
            if let Some(key) = &id_key {
                let id = match item.cast_exact::<pyo3::types::PyDict>() {
                    Ok(d) => d.get_item(key).ok().flatten(),
                    Err(_) => item.get_item(key).ok(),
                };
                // An id JSON cannot hold (a `uuid.UUID`, bytes) is carried as its text, not lost.
                ids.push(id.and_then(|v| {
                    convert::to_json(&v).ok().or_else(|| v.str().ok().map(|s| Json::String(s.to_string())))
                }));
            }
            let at = tape.write(item, shape);
            if tape.take_suspect() {
                misspelt.check(policy, i, item);
            }
            rows.push(match tape.at(at).fact() {
                Fact::Record(_) => Ok(at),
                _ => {
                    let name = item.get_type().name().map(|n| n.to_string()).unwrap_or_default();
                    Err(not_a_mapping(&format!("a value of type `{name}`")))
                }
            });
        }
        last_size = tape.sizes();
        // Other Python threads get the GIL between chunks (a timer, a progress display), and
        // Ctrl-C stops the call there (chunks already handed out finish unseen).
        py.detach(|| ());
        if let Err(interrupt) = py.check_signals() {
            stop.store(true, Ordering::Relaxed);
            return Err(interrupt);
        }
        let tx = tx.clone();
        let policy = Arc::clone(policy);
        let options = Arc::clone(&options);
        let stop = Arc::clone(&stop);
        pool.spawn(move || {
            let len = rows.len();
            let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                run_chunk(&policy, &options, Source::Tape(&tape, &rows), (0, len), &stop)
            }));
            let result = match run {
                Ok(Ok(mut chunk)) => {
                    if let Some(e) = &mut chunk.first_error {
                        e.row += start;
                    }
                    Ok(chunk)
                }
                Ok(Err(failure)) => Err(failure),
                Err(_) => Err(Failure::Input("internal error: the evaluation of a chunk panicked".to_string())),
            };
            // The receiver only goes away when the call has already failed.
            let _ = tx.send((k, (start, len, result)));
        });
        chunks += 1;
    }
    drop(tx);
    let mut results: Vec<Option<ChunkResult>> = (0..chunks).map(|_| None).collect();
    // Waited for without the GIL, looking at Ctrl-C every 50 ms: interrupted, the chunks still
    // running stop at their next row.
    let mut rx = rx;
    loop {
        match next_message(py, rx, &stop) {
            Ok((back, Some((k, result)))) => {
                rx = back;
                if let Some(slot) = results.get_mut(k) {
                    *slot = Some(result);
                }
            }
            Ok((_, None)) => break,
            Err((_, interrupt)) => return Err(interrupt),
        }
    }
    let results: Option<Vec<ChunkResult>> = results.into_iter().collect();
    let results = results.ok_or_else(|| PyValueError::new_err("internal error: a chunk was not evaluated"))?;
    Ok((results, ids, misspelt))
}

pub fn evaluate_many<'py>(
    py: Python<'py>,
    policy: &Arc<Policy>,
    shape: &Shape,
    data: &Bound<'py, PyAny>,
    options: &EvalOptions,
    id_column: Option<&str>,
    raise: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = options.lang;
    let (batches, id_field) = match classify(py, data, shape, id_column)? {
        Input::Arrow(obj) => {
            let table = arrow_pyarrow::Table::from_pyarrow_bound(&obj)?;
            let (batches, schema) = table.into_inner();
            let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
            let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
            warn_about_columns(py, policy, rows, &names, id_column)?;
            warn_about_overlap(py, &schema, rows)?;
            // Inside the records and lists of records: the first row's, as Python values (a value
            // Python cannot hold, a date past 9999, is the row's error later, not this one's).
            let nested: Vec<&str> = policy
                .schema()
                .fields
                .iter()
                .filter(|f| is_nested(f) && names.contains(&f.name.as_str()))
                .map(|f| f.name.as_str())
                .collect();
            if rows > 0 && !nested.is_empty() {
                let first = obj
                    .call_method1("select", (nested,))
                    .and_then(|t| t.call_method1("slice", (0, 1)))
                    .and_then(|t| t.call_method0("to_pylist"))
                    .ok()
                    .and_then(|rows| rows.try_iter().ok()?.next()?.ok()?.cast_into::<PyDict>().ok());
                if let Some(row) = first {
                    warn_about_misspelt_fields(py, policy, &row)?;
                }
            }
            let id_index = id_column.and_then(|c| schema.index_of(c).ok());
            if id_index.is_none() {
                let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
                py.import("aturan._frames")?.call_method1("check_id", (id_column, names))?;
            }
            let id_field = id_column.map(|name| match id_index.and_then(|i| schema.fields().get(i)) {
                Some(f) => Field::new(name, f.data_type().clone(), true),
                None => Field::new(name, DataType::Null, true),
            });
            // A few chunks per core at a time, without the GIL; between them Ctrl-C stops the call.
            let pool = pool()?;
            let group = pool.current_num_threads().max(1) * 4;
            let stop = AtomicBool::new(false);
            let mut out = Vec::new();
            let mut offset = 0;
            for batch in &batches {
                let rows = Rows::new(batch, shape).map_err(|e| failure_to_py(py, Failure::Input(e), lang))?;
                let n = batch.num_rows();
                let (size, starts) = chunk_starts(n, pool.current_num_threads(), least_chunk(policy, 256));
                for some in starts.chunks(group) {
                    let done = wait_interruptibly(py, &stop, || {
                        pool.install(|| run_all(policy, options, (n, size, some), offset, Source::Arrow(&rows), &stop))
                    })?;
                    for (start, len, chunk) in done.map_err(|f| failure_to_py(py, f, lang))? {
                        let id = id_index.and_then(|i| batch.columns().get(i)).map(|a| a.slice(start, len));
                        let id = id.unwrap_or_else(|| Arc::new(NullArray::new(len)));
                        out.push((id, chunk));
                    }
                    py.check_signals()?;
                }
                offset += n;
            }
            (out, id_field)
        }
        Input::Rows(items) => {
            if let Some(first) = items.first().and_then(|r| r.cast::<PyDict>().ok()) {
                let keys: Vec<String> = first.keys().iter().filter_map(|k| k.extract::<String>().ok()).collect();
                warn_about_dotted_keys(py, policy, &keys)?;
            }
            // Keys named like facts a row lacks (`alpa_hri`), at any depth, in any row.
            let (results, ids, misspelt) = evaluate_rows(py, policy, shape, RowsIn::Items(&items), options, id_column)?;
            misspelt.warn(py)?;
            // No row has the id: a misspelt `id_column` (named after the first row's keys).
            if !ids.is_empty() && ids.iter().all(Option::is_none) {
                if let Some(first) = items.first().and_then(|r| r.cast::<PyDict>().ok()) {
                    py.import("aturan._frames")?.call_method1("check_id", (id_column, first.keys()))?;
                }
            }
            drop(items);
            let ids = id_column.map(|_| id_array(&ids.iter().map(Option::as_ref).collect::<Vec<_>>()));
            let id_field = id_column.map(|name| {
                let ty = ids.as_ref().map(|a| a.data_type().clone()).unwrap_or(DataType::Utf8);
                Field::new(name, ty, true)
            });
            (with_ids(py, results, ids.as_ref(), lang)?, id_field)
        }
        Input::Columns { n, width, columns, ids, names } => {
            warn_about_columns(py, policy, n, &names.iter().map(String::as_str).collect::<Vec<_>>(), id_column)?;
            // Inside the records and lists of records the columns hold, in any row.
            let (results, _, misspelt) =
                evaluate_rows(py, policy, shape, RowsIn::Columns { n, width, columns: &columns }, options, None)?;
            misspelt.warn(py)?;
            drop(columns);
            let id_field = id_column.map(|name| match &ids {
                Some(a) => Field::new(name, a.data_type().clone(), true),
                None => Field::new(name, DataType::Null, true),
            });
            (with_ids(py, results, ids.as_ref(), lang)?, id_field)
        }
    };

    if raise {
        if let Some((ids, e)) = batches.iter().find_map(|(ids, c)| c.first_error.as_ref().map(|e| (ids, e))) {
            let id = if id_field.is_some() { id_text(ids, e.local) } else { None };
            return Err(errors::eval_error(py, &e.error, lang, Some((e.row, id))));
        }
    }

    // Ids as floats (an 18-digit NIP column with one empty cell, from a spreadsheet): those past
    // 2^53 have lost their last digits already, and a join on them would go wrong.
    if let Some(f) = id_field.as_ref().filter(|f| matches!(f.data_type(), DataType::Float64 | DataType::Float32)) {
        const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
        let past = |a: &ArrayRef| -> bool {
            if let Some(a) = a.as_any().downcast_ref::<Float64Array>() {
                return a.iter().flatten().any(|v| v.abs() >= EXACT);
            }
            a.as_any()
                .downcast_ref::<Float32Array>()
                .is_some_and(|a| a.iter().flatten().any(|v| f64::from(v).abs() >= EXACT))
        };
        if batches.iter().any(|(ids, _)| past(ids)) {
            let message = format!(
                "the id column `{}` holds floating-point numbers past 2^53, whose last digits are lost (an 18-digit NIP read as a float, as an empty cell makes pandas read a column of numbers): read it as text (`dtype={{\"{0}\": str}}`)",
                f.name()
            );
            user_warning(py, message)?;
        }
    }
    // Rows without a decision: their outcome columns are empty, which a count of sanctions or
    // rewards would take for "none", so the call says how many there are, and the first.
    let failed: usize = batches.iter().map(|(_, c)| c.errors).sum();
    if let Some((ids, e)) = batches.iter().find_map(|(ids, c)| c.first_error.as_ref().map(|e| (ids, e))) {
        let total: usize = batches.iter().map(|(_, c)| c.columns.first().map_or(0, |a| a.len())).sum();
        let id = if id_field.is_some() { id_text(ids, e.local) } else { None };
        let row = match id {
            Some(id) => format!("row {} ({id})", e.row),
            None => format!("row {}", e.row),
        };
        let why = match &e.error {
            EvalError::Facts(issues) => issues.first().map(|i| i.message(lang)).unwrap_or_default(),
            other => other.message(lang),
        };
        let message = format!(
            "{failed} of {total} rows could not be decided; their `error` column says why and their outcome columns are empty (the first, {row}: {why})"
        );
        user_warning(py, message)?;
    }
    let several: usize = batches.iter().map(|(_, c)| c.several_sanctions).sum();
    if several > 0 {
        let message = format!(
            "{several} employee(s) have more than one sanction imposed (the policy declares no severity): the `sanction` column holds the first of them; Policy.evaluate(...).to_dict()[\"outcomes\"] lists them all"
        );
        user_warning(py, message)?;
    }
    // Ids as text are `string` whichever library gave them (pandas gives `large_string`, polars
    // `string_view`, a pandas `category` a dictionary): a join on them with another Arrow table
    // needs one type on both sides.
    let text = |t: &DataType| matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View);
    let id_field = id_field.map(|f| match f.data_type() {
        DataType::LargeUtf8 | DataType::Utf8View => f.with_data_type(DataType::Utf8),
        DataType::Dictionary(_, values) if text(values) => f.with_data_type(DataType::Utf8),
        _ => f,
    });
    let batches: Vec<(ArrayRef, Chunk)> = batches.into_iter().map(|(id, c)| (plain_text(id), c)).collect();
    if let Some(f) = &id_field {
        warn_about_repeated_ids(py, f.name(), batches.iter().map(|(id, _)| id))?;
    }
    let mut fields: Vec<Field> = Vec::new();
    if let Some(f) = &id_field {
        fields.push(f.clone());
    }
    fields.extend(result_fields(options.explain));
    let schema: SchemaRef = Arc::new(Schema::new(fields));
    let mut record_batches = Vec::with_capacity(batches.len());
    for (id, chunk) in batches {
        let mut columns = Vec::with_capacity(chunk.columns.len() + 1);
        if id_field.is_some() {
            columns.push(id);
        }
        columns.extend(chunk.columns);
        let batch = RecordBatch::try_new(schema.clone(), columns).map_err(|e| PyValueError::new_err(e.to_string()))?;
        record_batches.push(batch);
    }
    let table =
        arrow_pyarrow::Table::try_new(record_batches, schema).map_err(|e| PyValueError::new_err(e.to_string()))?;
    table.into_pyarrow(py)
}
