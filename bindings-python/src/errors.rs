//! Engine errors as the Python exceptions of `aturan._errors` (`PolicyError`, `FactsError`,
//! `EvaluationError`), carrying the engine's diagnostics and fact issues as data.

use aturan_core::{CompileError, DiagnosticView, EvalError, FactIssue, Lang, LoadError};
use pyo3::exceptions::{PyFileNotFoundError, PyIsADirectoryError, PyOSError, PyPermissionError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList};

static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn errors_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    ERRORS.get_or_try_init(py, || Ok::<_, PyErr>(py.import("aturan._errors")?.unbind())).map(|m| m.bind(py))
}

/// A `aturan.Diagnostic` from the engine's view of one.
pub fn diagnostic<'py>(py: Python<'py>, view: &DiagnosticView) -> PyResult<Bound<'py, PyAny>> {
    let kwargs = PyDict::new(py);
    let severity = match view.severity {
        aturan_core::Severity::Error => "error",
        aturan_core::Severity::Warning => "warning",
    };
    kwargs.set_item("severity", severity)?;
    kwargs.set_item("code", &view.code)?;
    kwargs.set_item("message", &view.message)?;
    kwargs.set_item("help", &view.help)?;
    kwargs.set_item("line", view.line)?;
    kwargs.set_item("column", view.column)?;
    kwargs.set_item("end_line", view.end_line)?;
    kwargs.set_item("end_column", view.end_column)?;
    kwargs.set_item("start", view.start)?;
    kwargs.set_item("end", view.end)?;
    kwargs.set_item("file", &view.file)?;
    errors_module(py)?.getattr("Diagnostic")?.call((), Some(&kwargs))
}

pub fn compile_error(py: Python<'_>, err: &CompileError, lang: Lang) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let diagnostics = PyList::empty(py);
        for view in err.views(lang) {
            diagnostics.append(diagnostic(py, &view)?)?;
        }
        let class = errors_module(py)?.getattr("PolicyError")?;
        let instance = class.call1((err.render(lang), diagnostics))?;
        Ok(PyErr::from_value(instance))
    };
    build().unwrap_or_else(|e| e)
}

pub fn load_error(py: Python<'_>, err: &LoadError, lang: Lang) -> PyErr {
    match err {
        LoadError::Io { path, message, kind } => {
            let text = match lang {
                Lang::En => err.to_string(),
                Lang::Id => format!("`{path}` tidak dapat dibaca: {}", message.id),
            };
            // The OSError subclass Python itself raises for the reason.
            match kind {
                Some(std::io::ErrorKind::NotFound) => PyFileNotFoundError::new_err(text),
                Some(std::io::ErrorKind::PermissionDenied) => PyPermissionError::new_err(text),
                Some(std::io::ErrorKind::IsADirectory) => PyIsADirectoryError::new_err(text),
                _ => PyOSError::new_err(text),
            }
        }
        LoadError::Compile(c) => compile_error(py, c, lang),
    }
}

fn fact_issue<'py>(py: Python<'py>, issue: &FactIssue, lang: Lang) -> PyResult<Bound<'py, PyAny>> {
    let kwargs = PyDict::new(py);
    kwargs.set_item("path", &issue.path)?;
    kwargs.set_item("expected", issue.expected.get(lang))?;
    kwargs.set_item("found", issue.found_in(lang))?;
    errors_module(py)?.getattr("FactIssue")?.call((), Some(&kwargs))
}

/// An evaluation error as `FactsError` (bad facts) or `EvaluationError` (anything else).
/// `row` is set for errors raised by `evaluate_many`.
pub fn eval_error(py: Python<'_>, err: &EvalError, lang: Lang, row: Option<(usize, Option<String>)>) -> PyErr {
    let build = || -> PyResult<PyErr> {
        let module = errors_module(py)?;
        let mut message = err.message(lang);
        let (row_index, row_id) = match row {
            Some((index, id)) => {
                let label = match &id {
                    Some(id) => format!("row {index} ({id})"),
                    None => format!("row {index}"),
                };
                message = format!("{label}: {message}");
                (Some(index), id)
            }
            None => (None, None),
        };
        // Where: in the facts text for `json`, in the policy for `helper` and `limit`.
        let (line, column) = match err {
            EvalError::Json { line, column, .. }
            | EvalError::Helper { line, column, .. }
            | EvalError::Limit { line, column, .. } => (*line, *column),
            _ => (None, None),
        };
        let instance = match err {
            EvalError::Facts(issues) => {
                let list = PyList::empty(py);
                for issue in issues {
                    list.append(fact_issue(py, issue, lang)?)?;
                }
                module.getattr("FactsError")?.call1((message, err.code(), list, row_index, row_id))?
            }
            // Facts text that is not JSON (`evaluate_json`): no fact to name; the message says
            // where the text breaks.
            EvalError::Json { .. } => module.getattr("FactsError")?.call1((
                message,
                err.code(),
                PyList::empty(py),
                row_index,
                row_id,
                line,
                column,
            ))?,
            _ => {
                let file = match err {
                    EvalError::Helper { file, .. } => file.as_deref().map(str::to_string),
                    _ => None,
                };
                module.getattr("EvaluationError")?.call1((
                    message,
                    err.code(),
                    row_index,
                    row_id,
                    line,
                    column,
                    file,
                ))?
            }
        };
        Ok(PyErr::from_value(instance))
    };
    build().unwrap_or_else(|e| e)
}
