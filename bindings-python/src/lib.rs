//! The compiled part of the `aturan` Python package (`aturan._aturan`).
//!
//! A thin layer over `aturan-core`: it converts Python and Arrow values to the engine's JSON facts,
//! calls the engine, and converts decisions and errors back. No policy logic lives here.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use aturan_core::{EvalOptions, Lang, Policy};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

/// mimalloc: the engine allocates many small values per evaluation, from several threads.
#[global_allocator]
static GLOBAL: aturan_alloc::Mimalloc = aturan_alloc::Mimalloc;

mod arrow_in;
mod batch;
mod convert;
mod decision;
mod errors;
mod shape;
mod tape;

use decision::PyDecision;

pub(crate) fn parse_lang(lang: &str) -> PyResult<Lang> {
    Lang::parse(lang).ok_or_else(|| PyValueError::new_err(format!("unknown language `{lang}`; expected `en` or `id`")))
}

/// A compiled policy. Compile once, evaluate many times; safe to share between threads.
#[pyclass(frozen, module = "aturan._aturan", name = "Policy", skip_from_py_object)]
pub struct PyPolicy {
    pub(crate) policy: Arc<Policy>,
    /// The declared facts: what to convert of the facts given.
    shape: shape::Shape,
    file_name: String,
    /// Helper files the policy read while compiling, kept so that a pickled policy compiles the
    /// same way on another machine (Dask and Spark workers).
    helpers: BTreeMap<String, String>,
    /// Which texts of its decisions are dates.
    dates: Arc<decision::DateNames>,
}

/// Compiles `source`, recording the helper files it reads.
fn compile(
    py: Python<'_>,
    source: &str,
    file_name: &str,
    read: &dyn Fn(&str) -> Result<String, String>,
) -> Result<PyPolicy, aturan_core::CompileError> {
    let seen = std::sync::Mutex::new(BTreeMap::new());
    let load = |name: &str| {
        let text = read(name)?;
        if let Ok(mut seen) = seen.lock() {
            seen.insert(name.to_string(), text.clone());
        }
        Ok(text)
    };
    let policy = Policy::compile_with(source, file_name, &load)?;
    let helpers = seen.into_inner().unwrap_or_default();
    let shape = shape::Shape::of_facts(py, policy.schema());
    let dates = Arc::new(decision::DateNames::of(&policy));
    Ok(PyPolicy { policy: Arc::new(policy), shape, file_name: file_name.to_string(), helpers, dates })
}

fn helpers_from(helpers: Option<&Bound<'_, PyAny>>) -> PyResult<BTreeMap<String, String>> {
    match helpers {
        Some(h) if !h.is_none() => Ok(h.extract()?),
        _ => Ok(BTreeMap::new()),
    }
}

impl PyPolicy {
    pub(crate) fn options(
        &self,
        py: Python<'_>,
        as_of: Option<&Bound<'_, PyAny>>,
        params: Option<&Bound<'_, PyAny>>,
        explain: bool,
        lang: &str,
    ) -> PyResult<EvalOptions> {
        let lang = parse_lang(lang)?;
        let as_of = convert::as_of_date(py, as_of, lang)?;
        let mut options = EvalOptions::new(as_of).explain(explain).lang(lang);
        options.params = convert::params_to_json(py, params, lang)?;
        Ok(options)
    }

    /// One evaluation's result as Python gets it: a `Decision`, or the error raised.
    fn decided(
        &self,
        py: Python<'_>,
        result: Result<aturan_core::Decision, aturan_core::EvalError>,
        lang: Lang,
    ) -> PyResult<PyDecision> {
        match result {
            Ok(decision) => Ok(PyDecision { decision, lang, dates: Some(self.dates.clone()) }),
            Err(e) => Err(errors::eval_error(py, &e, lang, None)),
        }
    }
}

#[pymethods]
impl PyPolicy {
    /// Reads and compiles a policy file; helper files are read relative to it.
    #[staticmethod]
    #[pyo3(signature = (path, *, lang = "en"))]
    fn from_file(py: Python<'_>, path: std::path::PathBuf, lang: &str) -> PyResult<PyPolicy> {
        let lang = parse_lang(lang)?;
        let shown = path.display().to_string();
        let unread = |message, kind| {
            errors::load_error(py, &aturan_core::LoadError::Io { path: shown.clone(), message, kind }, lang)
        };
        let bytes = std::fs::read(&path).map_err(|e| unread(aturan_core::io_error_text(&e), Some(e.kind())))?;
        let source = aturan_core::text_of(bytes).map_err(|message| unread(message, None))?;
        // Helper files as `Policy::from_file` reads them: plain files inside the policy's folder.
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let read = move |name: &str| aturan_core::read_helper_file(&dir, name);
        compile(py, &source, &shown, &read).map_err(|e| errors::compile_error(py, &e, lang))
    }

    /// Compiles a policy from its text. `name` is the file name shown in diagnostics; `helpers`
    /// maps helper file names (as the policy names them) to their text.
    #[staticmethod]
    #[pyo3(signature = (source, name = None, *, helpers = None, lang = "en"))]
    fn from_source(
        py: Python<'_>,
        source: &str,
        name: Option<&str>,
        helpers: Option<&Bound<'_, PyAny>>,
        lang: &str,
    ) -> PyResult<PyPolicy> {
        let lang = parse_lang(lang)?;
        let files = helpers_from(helpers)?;
        let read = move |file: &str| {
            files.get(file).cloned().ok_or_else(|| format!("helper file `{file}` was not given in `helpers`"))
        };
        compile(py, source, name.unwrap_or("policy.aturan"), &read).map_err(|e| errors::compile_error(py, &e, lang))
    }

    #[getter]
    fn name(&self) -> &str {
        &self.policy.info().name
    }
    #[getter]
    fn version(&self) -> &str {
        &self.policy.info().version
    }
    #[getter]
    fn description(&self) -> &str {
        &self.policy.info().description
    }
    /// `sha256:` and the hex digest of the policy source and its helper files.
    #[getter]
    fn source_hash(&self) -> &str {
        &self.policy.info().source_hash
    }
    #[getter]
    fn effective_from<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        optional_date(py, self.policy.info().effective_from.as_deref())
    }
    #[getter]
    fn effective_until<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        optional_date(py, self.policy.info().effective_until.as_deref())
    }
    /// The policy text.
    #[getter]
    fn source(&self) -> &str {
        self.policy.source()
    }
    /// The file name used in diagnostics.
    #[getter]
    fn file_name(&self) -> &str {
        &self.file_name
    }
    /// The `facts` declaration as data: `{"fields": [{"name", "optional", "type": {...}}, ...]}`.
    #[getter]
    fn facts_schema<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::serde_to_py(py, self.policy.schema())
    }
    /// The parameters a caller may override: `[{"name", "type", "default", "doc"}, ...]`.
    #[getter]
    fn params<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::serde_to_py(py, self.policy.params())
    }
    /// The rules and decision tables: `[{"id", "title", "source", "kind", "codes", ...}, ...]`.
    #[getter]
    fn rules<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::serde_to_py(py, self.policy.rules())
    }

    /// The warnings found while compiling (errors raise `PolicyError` instead).
    #[pyo3(signature = (*, lang = "en"))]
    fn check<'py>(&self, py: Python<'py>, lang: &str) -> PyResult<Bound<'py, PyList>> {
        let lang = parse_lang(lang)?;
        let list = PyList::empty(py);
        for view in aturan_core::views(self.policy.source(), self.policy.warnings(), lang) {
            list.append(errors::diagnostic(py, &view)?)?;
        }
        Ok(list)
    }

    /// Fields of one employee's facts that the policy does not declare but that are named like a
    /// declared fact the facts lack, each with the fact it may be (`("presensi.alpa_hri",
    /// "presensi.alpa_hari")`): they are ignored, so that fact is missing.
    fn misspelt_fields(&self, facts: &Bound<'_, PyAny>) -> PyResult<Vec<(String, String)>> {
        let json = convert::to_json(facts).map_err(|e| {
            let at = e.path_text();
            let at = if at.is_empty() { "$".to_string() } else { at };
            PyValueError::new_err(format!("`{at}`: cannot be read as a fact, found {}", e.found))
        })?;
        Ok(self.policy.misspelt_fields(&json))
    }

    /// Runs the policy's own examples; an example that cannot be evaluated says why in `lang`.
    #[pyo3(signature = (*, lang = "en"))]
    fn run_tests<'py>(&self, py: Python<'py>, lang: &str) -> PyResult<Bound<'py, PyList>> {
        let lang = parse_lang(lang)?;
        let policy = Arc::clone(&self.policy);
        let results = py.detach(move || policy.run_tests().into_iter().map(|r| r.in_lang(lang)).collect::<Vec<_>>());
        let module = py.import("aturan._errors")?;
        let result_class = module.getattr("TestResult")?;
        let failure_class = module.getattr("TestFailure")?;
        let list = PyList::empty(py);
        for r in results {
            let failures = PyList::empty(py);
            for f in &r.failures {
                failures.append(failure_class.call1((&f.what, &f.expected, &f.actual, f.line, f.why.clone()))?)?;
            }
            list.append(result_class.call1((&r.name, r.passed, failures, &r.error, r.line))?)?;
        }
        Ok(list)
    }

    /// Evaluates the policy for one employee's facts on `as_of` (default: today).
    ///
    /// Facts are a mapping (a dict, a DataFrame row) that may hold `datetime.date`, ISO date strings,
    /// `Decimal`, int, float (read as the text Python prints for it), None, lists and mappings; `as_of`
    /// is a `datetime.date`, `YYYY-MM-DD` text or a `numpy.datetime64`; `params` overrides the policy's
    /// parameters by name. Wrong facts raise `FactsError` (its `issues` give each path, what was expected
    /// and what was found); a wrong `as_of` or parameter raises `EvaluationError`; missing facts make
    /// outcomes undetermined (`decision.undetermined` names the facts). `explain=True` adds every rule's
    /// conditions (`decision.explanation`, `decision.explain()`), in `lang` (`"en"` or `"id"`).
    #[pyo3(signature = (facts, *, as_of = None, params = None, explain = false, lang = "en"))]
    fn evaluate(
        &self,
        py: Python<'_>,
        facts: &Bound<'_, PyAny>,
        as_of: Option<&Bound<'_, PyAny>>,
        params: Option<&Bound<'_, PyAny>>,
        explain: bool,
        lang: &str,
    ) -> PyResult<PyDecision> {
        let options = self.options(py, as_of, params, explain, lang)?;
        if !facts.is_instance_of::<PyDict>() {
            // A DataFrame, a table or a list of employees: a calling mistake, told as one.
            py.import("aturan._frames")?.call_method1("one_employee", (facts,))?;
        }
        let policy = &self.policy;
        let mut tape = tape::Tape::new();
        let at = tape.write(facts, &self.shape);
        let result = py.detach(|| policy.evaluate_from(tape.at(at), &options));
        // Facts left missing by flat dotted keys (`{"presensi.alpa_hari": 30}`, from a flat
        // frame's `to_dict`): looked for only when something is undetermined.
        if let (Ok(decision), Ok(dict)) = (&result, facts.cast::<PyDict>()) {
            if !decision.undetermined.is_empty() {
                let keys: Vec<String> =
                    dict.keys().iter().filter_map(|k| k.extract::<String>().ok()).filter(|k| k.contains('.')).collect();
                batch::warn_about_dotted_keys(py, policy, &keys)?;
            }
        }
        self.decided(py, result, options.lang)
    }

    /// Evaluates the policy for one employee's facts given as JSON text (a `str` or UTF-8
    /// `bytes`, `bytearray` or `memoryview`, as an HTTP body holds them): numbers exactly as written (`json.loads` would make
    /// 89.99999999999999999 the float 90.0) and a field named twice refused (`json.loads` keeps
    /// the last). Text that is not JSON raises `FactsError` with `code == "json"`; facts that do not
    /// match the policy, with `code == "facts"`.
    #[pyo3(signature = (text, *, as_of = None, params = None, explain = false, lang = "en"))]
    fn evaluate_json(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        as_of: Option<&Bound<'_, PyAny>>,
        params: Option<&Bound<'_, PyAny>>,
        explain: bool,
        lang: &str,
    ) -> PyResult<PyDecision> {
        let options = self.options(py, as_of, params, explain, lang)?;
        let text: Vec<u8> = if let Ok(s) = text.cast::<pyo3::types::PyString>() {
            s.to_cow()?.as_bytes().to_vec()
        } else if let Ok(b) = text.cast::<pyo3::types::PyBytes>() {
            b.as_bytes().to_vec()
        } else if text.is_instance_of::<pyo3::types::PyByteArray>()
            || text.is_instance_of::<pyo3::types::PyMemoryView>()
        {
            // A buffer a framework hands over (`bytearray`, `memoryview`): its bytes.
            let bytes = py.get_type::<pyo3::types::PyBytes>().call1((text,))?;
            bytes.cast::<pyo3::types::PyBytes>()?.as_bytes().to_vec()
        } else {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "`text` must be a str or bytes (or a bytearray or memoryview) of JSON, found `{}`",
                text.get_type().name()?
            )));
        };
        let policy = &self.policy;
        let lang = options.lang;
        let result = py.detach(|| policy.evaluate_json_text(&text, &options));
        self.decided(py, result, lang)
    }

    /// Evaluates many employees: a list (or iterable) of mappings, a pandas DataFrame, or a
    /// pyarrow Table/RecordBatch (anything with `__arrow_c_stream__`), or a list or iterator of
    /// record batches (read as one table).
    ///
    /// Returns a `pyarrow.Table` with one row per employee, in input order: the `id_column`
    /// (a column, or a DataFrame's named index) carried through, `sanction` and
    /// `sanction_level`, `rewards`/`promotions`/`notices` as lists
    /// of `{code, params}` (params as JSON text), `undetermined` codes, the `missing` fact paths,
    /// the `set_aside` codes (outcomes that did not stand), and `error` (the message for rows whose facts were wrong,
    /// otherwise null); with `explain=True` also `explanation` (readable text).
    ///
    /// The GIL is released while evaluating, and the rows are spread over every core. With
    /// `errors="raise"` the first wrong row raises `FactsError` instead. An `id_column` other
    /// than `nip` that the data does not have raises `ValueError`.
    #[pyo3(
        signature = (data, *, as_of = None, params = None, explain = false, lang = "en", id_column = Some("nip"), errors = "collect"),
        text_signature = "(self, /, data, *, as_of=None, params=None, explain=False, lang='en', id_column='nip', errors='collect')"
    )]
    #[allow(clippy::too_many_arguments)]
    fn evaluate_many<'py>(
        &self,
        py: Python<'py>,
        data: &Bound<'py, PyAny>,
        as_of: Option<&Bound<'py, PyAny>>,
        params: Option<&Bound<'py, PyAny>>,
        explain: bool,
        lang: &str,
        id_column: Option<&str>,
        errors: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = self.options(py, as_of, params, explain, lang)?;
        if as_of.is_none() {
            // Said, as the decisions hang on it: this year's records are sought, and the same
            // call decides otherwise tomorrow.
            let iso = aturan_core::iso_date(options.as_of);
            let message = match options.lang {
                aturan_core::Lang::Id => format!("as_of tidak diberikan: diputuskan per hari ini, {iso}, menurut jam mesin ini (berikan as_of= untuk hari lain, atau untuk proses yang harus memutuskan sama esok hari)"),
                _ => format!("as_of not given: deciding as of today, {iso}, by this machine's clock (pass as_of= for another day, or for a run that must decide the same tomorrow)"),
            };
            batch::user_warning(py, message)?;
        }
        let raise = match errors {
            "collect" => false,
            "raise" => true,
            other => {
                return Err(PyValueError::new_err(format!(
                    "`errors` must be \"collect\" or \"raise\", found {other:?}"
                )))
            }
        };
        // Wrong options are wrong for every row: raised before reading any, even with no rows.
        self.policy.check_options(&options).map_err(|e| errors::eval_error(py, &e, options.lang, None))?;
        if let Some(id) = id_column {
            if batch::result_fields(true).iter().any(|f| f.name() == id) {
                return Err(PyValueError::new_err(format!(
                    "id_column `{id}` has the name of a result column; the table would name two columns `{id}` (rename the id column first)"
                )));
            }
        }
        // A Dask DataFrame is a plan of partitions, not the rows: iterating it gives its column
        // names.
        let module = data.get_type().module().map(|m| m.to_string()).unwrap_or_default();
        if module.starts_with("dask") {
            return Err(pyo3::exceptions::PyTypeError::new_err(
                "`evaluate_many` takes the rows themselves; for a Dask DataFrame, evaluate each partition: `frame.map_partitions(lambda part: policy.evaluate_many(part).to_pandas(), meta=…)` (see the Dask recipe in docs/python.md)",
            ));
        }
        batch::evaluate_many(py, &self.policy, &self.shape, data, &options, id_column, raise)
    }

    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let helpers = PyDict::new(py);
        for (k, v) in &self.helpers {
            helpers.set_item(k, v)?;
        }
        let args = PyTuple::new(
            py,
            [
                self.policy.source().into_pyobject(py)?.into_any(),
                self.file_name.as_str().into_pyobject(py)?.into_any(),
                helpers.into_any(),
            ],
        )?;
        rebuild_with(py, "_policy_from_state", args)
    }

    fn __repr__(&self) -> String {
        let info = self.policy.info();
        format!("<Policy {:?} version {:?} from {}>", info.name, info.version, self.file_name)
    }
}

fn optional_date<'py>(py: Python<'py>, text: Option<&str>) -> PyResult<Option<Bound<'py, PyAny>>> {
    match text.and_then(aturan_core::parse_iso_date) {
        Some(d) => Ok(Some(convert::date_to_py(py, d)?)),
        None => Ok(None),
    }
}

/// `(aturan._aturan.<function>, args)`: how a pickled object (a policy, a decision, an outcome) is
/// rebuilt.
pub(crate) fn rebuild_with<'py>(
    py: Python<'py>,
    function: &str,
    args: Bound<'py, PyTuple>,
) -> PyResult<Bound<'py, PyTuple>> {
    let rebuild = py.import("aturan._aturan")?.getattr(function)?;
    PyTuple::new(py, [rebuild.into_any(), args.into_any()])
}

/// Rebuilds a pickled policy (used by `Policy.__reduce__`).
#[pyfunction]
fn _policy_from_state(py: Python<'_>, source: &str, file_name: &str, helpers: &Bound<'_, PyAny>) -> PyResult<PyPolicy> {
    let files = helpers_from(Some(helpers))?;
    let read = move |file: &str| files.get(file).cloned().ok_or_else(|| format!("helper file `{file}` is missing"));
    compile(py, source, file_name, &read).map_err(|e| errors::compile_error(py, &e, Lang::En))
}

/// The text of the number a float becomes as a fact, which must be `repr(x)` (exposed for tests).
#[pyfunction]
fn _float_repr(x: f64) -> String {
    match convert::float_fact(x) {
        aturan_core::Fact::Decimal(d) => d.to_string(),
        aturan_core::Fact::Number(n) | aturan_core::Fact::Text(n) => n.into_owned(),
        _ => convert::python_float_repr(x),
    }
}

#[pymodule]
fn _aturan(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPolicy>()?;
    m.add_class::<PyDecision>()?;
    m.add_class::<decision::PyOutcome>()?;
    m.add_class::<decision::PySetAside>()?;
    m.add_class::<decision::PyUndetermined>()?;
    m.add_class::<decision::PyRuleTrace>()?;
    m.add_class::<decision::PyConditionTrace>()?;
    m.add_function(wrap_pyfunction!(_policy_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(decision::_decision_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(decision::_outcome_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(decision::_part_from_state, m)?)?;
    m.add_function(wrap_pyfunction!(_float_repr, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
