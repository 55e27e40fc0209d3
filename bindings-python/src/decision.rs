//! `Decision` and the objects inside it, as read-only Python classes over the engine's values.
//! Attributes are built when read, so an evaluation costs no more than the engine's work.

use aturan_core::decision::ConditionTrace;
use aturan_core::{Decision, Lang, Outcome, OutcomeKind, RuleTrace, SetAside, Truth, Undetermined};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyTuple};

use crate::convert::{self, Strings};

fn truth(t: Truth) -> Option<bool> {
    match t {
        Truth::True => Some(true),
        Truth::False => Some(false),
        Truth::Unknown => None,
    }
}

/// A truth value as Python writes it: `True`, `False`, `None` (unknown).
fn truth_text(t: Truth) -> &'static str {
    match t {
        Truth::True => "True",
        Truth::False => "False",
        Truth::Unknown => "None",
    }
}

fn params_repr(params: &serde_json::Map<String, serde_json::Value>) -> String {
    let parts: Vec<String> = params
        .iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => format!("{k}={s}"),
            other => format!("{k}={other}"),
        })
        .collect();
    parts.join(", ")
}

fn outcome_repr(o: &Outcome) -> String {
    if o.params.is_empty() {
        o.code().to_string()
    } else {
        format!("{}({})", o.code(), params_repr(&o.params))
    }
}

/// Which texts of a decision are dates, from the policy's declarations: its date parameters and
/// its outcomes' date parameters (by rule and code). A decision's JSON writes dates as text; with
/// this a date comes back as `datetime.date` and a text that looks like one stays text.
#[derive(Debug, Default, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct DateNames {
    pub params: Vec<String>,
    pub outcomes: Vec<(String, String, String)>,
}

impl DateNames {
    pub fn of(policy: &aturan_core::Policy) -> DateNames {
        DateNames {
            params: policy
                .params()
                .iter()
                .filter(|p| matches!(p.ty, aturan_core::TypeInfo::Date))
                .map(|p| p.name.clone())
                .collect(),
            outcomes: policy
                .date_outcome_params()
                .into_iter()
                .map(|(rule, code, name)| (rule.to_string(), code.to_string(), name))
                .collect(),
        }
    }

    fn outcome_date(&self, o: &Outcome, name: &str) -> bool {
        self.outcomes.iter().any(|(r, c, n)| r == o.rule() && c == o.code() && n == name)
    }
}

/// An outcome's parameters as Python values: dates as `datetime.date` where the policy declares
/// them (without the declarations, from an old pickle: text that reads as a date).
fn outcome_params<'py>(py: Python<'py>, o: &Outcome, dates: Option<&DateNames>) -> PyResult<Bound<'py, PyDict>> {
    match dates {
        None => convert::map_to_py(py, &o.params, Strings::Dates),
        Some(d) => convert::map_with_dates(py, &o.params, |name| d.outcome_date(o, name)),
    }
}

/// The declarations as text, for a pickle.
fn dates_state(dates: Option<&std::sync::Arc<DateNames>>) -> String {
    dates.and_then(|d| serde_json::to_string(&**d).ok()).unwrap_or_default()
}

fn dates_from_state(text: Option<&str>) -> Option<std::sync::Arc<DateNames>> {
    text.filter(|t| !t.is_empty()).and_then(|t| serde_json::from_str(t).ok()).map(std::sync::Arc::new)
}

/// One outcome that applies: a sanction, reward, promotion or notice.
#[pyclass(frozen, eq, module = "aturan._aturan", name = "Outcome", skip_from_py_object)]
pub struct PyOutcome(pub Outcome, pub Option<std::sync::Arc<DateNames>>);

impl PartialEq for PyOutcome {
    fn eq(&self, other: &PyOutcome) -> bool {
        self.0 == other.0
    }
}

#[pymethods]
impl PyOutcome {
    /// `sanction`, `reward`, `promotion` or `notice`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind.as_str()
    }
    #[getter]
    fn code(&self) -> &str {
        self.0.code()
    }
    /// The severity level of a sanction (`ringan`, `sedang`, `berat`); `None` for other kinds.
    #[getter]
    fn level(&self) -> Option<&str> {
        self.0.level()
    }
    /// Parameters: integers as `int`, other numbers as `Decimal`, dates as `datetime.date`.
    #[getter]
    fn params<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        outcome_params(py, &self.0, self.1.as_deref())
    }
    #[getter]
    fn rule(&self) -> &str {
        self.0.rule()
    }
    #[getter]
    fn title(&self) -> &str {
        self.0.title()
    }
    /// The citation: regulation and article.
    #[getter]
    fn source(&self) -> &str {
        self.0.source()
    }
    /// Pickles as its JSON (a decision's outcome can go to another process).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let json = serde_json::to_string(&self.0).map_err(|e| PyValueError::new_err(e.to_string()))?;
        crate::rebuild_with(py, "_outcome_from_state", PyTuple::new(py, [json, dates_state(self.1.as_ref())])?)
    }
    fn __repr__(&self) -> String {
        let level = self.0.level().map(|l| format!(" level={l}")).unwrap_or_default();
        format!(
            "<Outcome {} {}{} params={{{}}} rule={}>",
            self.0.kind.as_str(),
            self.0.code(),
            level,
            params_repr(&self.0.params),
            self.0.rule()
        )
    }
}

/// An outcome set aside when outcomes were combined (a lighter sanction), with the rule that took
/// its place and why.
#[pyclass(frozen, eq, module = "aturan._aturan", name = "SetAside", skip_from_py_object)]
pub struct PySetAside(pub SetAside, pub Option<std::sync::Arc<DateNames>>);

impl PartialEq for PySetAside {
    fn eq(&self, other: &PySetAside) -> bool {
        self.0 == other.0
    }
}

#[pymethods]
impl PySetAside {
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.outcome.kind.as_str()
    }
    #[getter]
    fn code(&self) -> &str {
        self.0.outcome.code()
    }
    #[getter]
    fn level(&self) -> Option<&str> {
        self.0.outcome.level()
    }
    #[getter]
    fn params<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        outcome_params(py, &self.0.outcome, self.1.as_deref())
    }
    #[getter]
    fn rule(&self) -> &str {
        self.0.outcome.rule()
    }
    #[getter]
    fn title(&self) -> &str {
        self.0.outcome.title()
    }
    #[getter]
    fn source(&self) -> &str {
        self.0.outcome.source()
    }
    /// The rule whose outcome took its place.
    #[getter]
    fn by(&self) -> &str {
        &self.0.by
    }
    #[getter]
    fn reason(&self) -> &str {
        &self.0.reason
    }
    /// Pickles as its JSON (a part of a decision can go to another process).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        part_state(py, "set_aside", &self.0, Some(dates_state(self.1.as_ref())))
    }
    fn __repr__(&self) -> String {
        format!(
            "<SetAside {} {} by={}: {}>",
            self.0.outcome.kind.as_str(),
            self.0.outcome.code(),
            self.0.by,
            self.0.reason
        )
    }
}

/// An outcome that could not be decided because facts are missing.
#[pyclass(frozen, eq, module = "aturan._aturan", name = "Undetermined", skip_from_py_object)]
#[derive(PartialEq)]
pub struct PyUndetermined(pub Undetermined);

#[pymethods]
impl PyUndetermined {
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind.as_str()
    }
    #[getter]
    fn code(&self) -> &str {
        &self.0.code
    }
    #[getter]
    fn rule(&self) -> &str {
        &self.0.rule
    }
    #[getter]
    fn title(&self) -> &str {
        &self.0.title
    }
    #[getter]
    fn source(&self) -> &str {
        &self.0.source
    }
    /// The fact paths that would decide it, e.g. `kinerja[tahun=2025].predikat`.
    #[getter]
    fn missing(&self) -> Vec<String> {
        self.0.missing.clone()
    }
    /// Pickles as its JSON (a part of a decision can go to another process).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        part_state(py, "undetermined", &self.0, None::<String>)
    }
    fn __repr__(&self) -> String {
        format!("<Undetermined {} {} missing={:?}>", self.0.kind.as_str(), self.0.code, self.0.missing)
    }
}

/// One condition of a rule, as evaluated: `result` is `True`, `False` or `None` (unknown).
#[pyclass(frozen, eq, module = "aturan._aturan", name = "ConditionTrace", skip_from_py_object)]
#[derive(PartialEq)]
pub struct PyConditionTrace(pub ConditionTrace);

#[pymethods]
impl PyConditionTrace {
    #[getter]
    fn text(&self) -> &str {
        &self.0.text
    }
    #[getter]
    fn result(&self) -> Option<bool> {
        truth(self.0.result)
    }
    #[getter]
    fn actual(&self) -> Option<&str> {
        self.0.actual.as_deref()
    }
    #[getter]
    fn required(&self) -> Option<&str> {
        self.0.required.as_deref()
    }
    #[getter]
    fn note(&self) -> &str {
        &self.0.note
    }
    #[getter]
    fn missing(&self) -> Vec<String> {
        self.0.missing.clone()
    }
    /// For a time requirement not met yet, the first day it holds.
    #[getter]
    fn holds_from<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let day = self.0.holds_from.as_deref().and_then(aturan_core::parse_iso_date);
        day.map(|d| convert::date_to_py(py, d)).transpose()
    }
    /// In a reward or promotion rule, for a number that misses its threshold, the change that would
    /// meet it (`10` for 40 against `>= 50`): an `int` when whole, else a `Decimal`.
    #[getter]
    fn gap<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let number = self.0.gap.as_deref().and_then(|g| g.parse::<serde_json::Number>().ok());
        number.map(|n| convert::to_py(py, &serde_json::Value::Number(n), convert::Strings::Keep)).transpose()
    }
    /// Pickles as its JSON (a part of a decision can go to another process).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        part_state(py, "condition", &self.0, None::<String>)
    }
    fn __repr__(&self) -> String {
        format!("<ConditionTrace {:?} result={}: {}>", self.0.text, truth_text(self.0.result), self.0.note)
    }
}

/// The trace of one rule: what it did and what each of its conditions found.
#[pyclass(frozen, eq, module = "aturan._aturan", name = "RuleTrace", skip_from_py_object)]
#[derive(PartialEq)]
pub struct PyRuleTrace(pub RuleTrace);

#[pymethods]
impl PyRuleTrace {
    #[getter]
    fn rule(&self) -> &str {
        &self.0.rule
    }
    #[getter]
    fn title(&self) -> &str {
        &self.0.title
    }
    #[getter]
    fn source(&self) -> &str {
        &self.0.source
    }
    #[getter]
    fn kind(&self) -> &'static str {
        self.0.kind.as_str()
    }
    #[getter]
    fn result(&self) -> Option<bool> {
        truth(self.0.result)
    }
    #[getter]
    fn in_effect(&self) -> bool {
        self.0.in_effect
    }
    /// For an exception, the id of the rule whose outcome it replaces when it applies.
    #[getter]
    fn exception_to(&self) -> Option<&str> {
        self.0.exception_to.as_deref()
    }
    /// The codes of the outcomes it gives, in the policy's order.
    #[getter]
    fn codes(&self) -> Vec<String> {
        self.0.codes.iter().map(|c| c.to_string()).collect()
    }
    #[getter]
    fn summary(&self) -> &str {
        &self.0.summary
    }
    #[getter]
    fn conditions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.0.conditions.iter().map(|c| PyConditionTrace(c.clone())))
    }
    /// Pickles as its JSON (a part of a decision can go to another process).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        part_state(py, "rule", &self.0, None::<String>)
    }
    fn __repr__(&self) -> String {
        format!("<RuleTrace {} result={}: {}>", self.0.rule, truth_text(self.0.result), self.0.summary)
    }
}

/// What a policy decided for one employee on one date.
#[pyclass(frozen, module = "aturan._aturan", name = "Decision", skip_from_py_object)]
pub struct PyDecision {
    pub decision: Decision,
    pub lang: Lang,
    /// Which of its texts are dates (`None` when rebuilt from a pickle made without them).
    pub dates: Option<std::sync::Arc<DateNames>>,
}

impl PyDecision {
    fn outcomes_of<'py>(&self, py: Python<'py>, kind: OutcomeKind) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.decision.of_kind(kind).map(|o| PyOutcome(o.clone(), self.dates.clone())))
    }
}

#[pymethods]
impl PyDecision {
    /// The sanction imposed (the heaviest), or `None`; the first of several for a policy without a severity declaration.
    #[getter]
    fn sanction(&self) -> Option<PyOutcome> {
        self.decision.sanction().map(|o| PyOutcome(o.clone(), self.dates.clone()))
    }
    #[getter]
    fn rewards<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.outcomes_of(py, OutcomeKind::Reward)
    }
    #[getter]
    fn promotions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.outcomes_of(py, OutcomeKind::Promotion)
    }
    #[getter]
    fn notices<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.outcomes_of(py, OutcomeKind::Notice)
    }
    /// Every outcome that applies, in the decision's order.
    #[getter]
    fn outcomes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.decision.outcomes.iter().map(|o| PyOutcome(o.clone(), self.dates.clone())))
    }
    #[getter]
    fn undetermined<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.decision.undetermined.iter().map(|u| PyUndetermined(u.clone())))
    }
    #[getter]
    fn set_aside<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.decision.set_aside.iter().map(|s| PySetAside(s.clone(), self.dates.clone())))
    }
    /// The trace of every rule, when evaluated with `explain=True`; otherwise `None`.
    #[getter]
    fn explanation<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyList>>> {
        match &self.decision.explanation {
            None => Ok(None),
            Some(traces) => Ok(Some(PyList::new(py, traces.iter().map(|t| PyRuleTrace(t.clone())))?)),
        }
    }
    #[getter]
    fn as_of<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match aturan_core::parse_iso_date(&self.decision.as_of) {
            Some(d) => convert::date_to_py(py, d),
            None => Ok(pyo3::types::PyString::new(py, &self.decision.as_of).into_any()),
        }
    }
    /// The parameter values used (defaults merged with the overrides).
    #[getter]
    fn params<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        match &self.dates {
            None => convert::map_to_py(py, &self.decision.params, Strings::Dates),
            Some(d) => convert::map_with_dates(py, &self.decision.params, |name| d.params.iter().any(|p| p == name)),
        }
    }
    /// The policy it was made with, and the engine: `{"name", "version", "source_hash", "engine"}`.
    #[getter]
    fn policy<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::serde_to_py(py, &self.decision.policy)
    }
    /// The language of the decision's texts (`en` or `id`).
    #[getter]
    fn lang(&self) -> &'static str {
        self.lang.as_str()
    }
    /// The decision as readable text, in the language it was evaluated in (`lang=`): what applies,
    /// what was set aside and why, and (with `explain=True`) every rule's conditions.
    fn explain(&self) -> String {
        aturan_core::render_decision_text(&self.decision, self.lang)
    }
    /// The decision as JSON data (the CLI's JSON): integers as `int`, other numbers as `Decimal`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::serde_to_py(py, &self.decision)
    }
    /// The canonical one-line JSON, byte for byte what `aturan eval --format json` prints.
    fn to_json(&self) -> String {
        self.decision.to_json()
    }
    /// Pickles as its JSON and language (decisions can be returned from worker processes).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        let state = PyTuple::new(
            py,
            [self.decision.to_json(), self.lang.as_str().to_string(), dates_state(self.dates.as_ref())],
        )?;
        crate::rebuild_with(py, "_decision_from_state", state)
    }
    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        match other.cast::<PyDecision>() {
            Ok(o) => o.get().decision == self.decision,
            Err(_) => false,
        }
    }
    fn __repr__(&self) -> String {
        let d = &self.decision;
        let list = |kind| d.of_kind(kind).map(outcome_repr).collect::<Vec<_>>().join(", ");
        let sanction = d.sanction().map(outcome_repr).unwrap_or_else(|| "None".to_string());
        let undetermined: Vec<&str> = d.undetermined.iter().map(|u| &*u.code).collect();
        format!(
            "<Decision as_of={} sanction={} rewards=[{}] promotions=[{}] notices=[{}] undetermined=[{}]>",
            d.as_of,
            sanction,
            list(OutcomeKind::Reward),
            list(OutcomeKind::Promotion),
            list(OutcomeKind::Notice),
            undetermined.join(", ")
        )
    }
}

/// Rebuilds a pickled decision (used by `Decision.__reduce__`).
#[pyfunction]
#[pyo3(signature = (json, lang, dates = None))]
pub fn _decision_from_state(json: &str, lang: &str, dates: Option<&str>) -> PyResult<PyDecision> {
    let decision: Decision =
        serde_json::from_str(json).map_err(|e| PyValueError::new_err(format!("not a decision: {e}")))?;
    let lang = crate::parse_lang(lang)?;
    Ok(PyDecision { decision, lang, dates: dates_from_state(dates) })
}

/// `(rebuild, (kind, json, dates))` for a part of a decision.
fn part_state<'py, T: serde::Serialize>(
    py: Python<'py>,
    kind: &str,
    part: &T,
    dates: Option<String>,
) -> PyResult<Bound<'py, PyTuple>> {
    let json = serde_json::to_string(part).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let args = (kind, json, dates).into_pyobject(py)?;
    crate::rebuild_with(py, "_part_from_state", args)
}

/// Rebuilds a pickled part of a decision: a set-aside outcome, an undetermined one, a rule's or a
/// condition's trace (used by their `__reduce__`).
#[pyfunction]
#[pyo3(signature = (kind, json, dates = None))]
pub fn _part_from_state(py: Python<'_>, kind: &str, json: &str, dates: Option<&str>) -> PyResult<Py<PyAny>> {
    fn read<T: serde::de::DeserializeOwned>(json: &str) -> PyResult<T> {
        serde_json::from_str(json).map_err(|e| PyValueError::new_err(format!("not a part of a decision: {e}")))
    }
    Ok(match kind {
        "set_aside" => Py::new(py, PySetAside(read(json)?, dates_from_state(dates)))?.into_any(),
        "undetermined" => Py::new(py, PyUndetermined(read(json)?))?.into_any(),
        "condition" => Py::new(py, PyConditionTrace(read(json)?))?.into_any(),
        "rule" => Py::new(py, PyRuleTrace(read(json)?))?.into_any(),
        other => return Err(PyValueError::new_err(format!("not a part of a decision: `{other}`"))),
    })
}

/// Rebuilds a pickled outcome (used by `Outcome.__reduce__`).
#[pyfunction]
#[pyo3(signature = (json, dates = None))]
pub fn _outcome_from_state(json: &str, dates: Option<&str>) -> PyResult<PyOutcome> {
    let outcome = serde_json::from_str(json).map_err(|e| PyValueError::new_err(format!("not an outcome: {e}")))?;
    Ok(PyOutcome(outcome, dates_from_state(dates)))
}
