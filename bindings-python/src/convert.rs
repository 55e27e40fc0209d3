//! Python values <-> JSON values (`serde_json` with `arbitrary_precision`, so numbers keep their
//! exact decimal text).
//!
//! In: `None`, `bool`, `int`, `float` (its shortest repr, the text Python prints), `Decimal`,
//! `str`, `datetime.date` (ISO text), `datetime.datetime` (its date when the time is midnight),
//! mappings, lists and tuples, pandas Series (a DataFrame row, read as a mapping of its labels),
//! and numpy/pandas scalars (`numpy.float32` at its own precision:
//! the text numpy prints). A float NaN, `pandas.NA` and `NaT` are missing values (`null`), as
//! pandas means them.
//!
//! Out: integers as `int`, other numbers as `decimal.Decimal`, everything else as JSON gives it.

use std::str::FromStr;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyDate, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyMapping, PySequence, PyString, PyTuple,
};
use pyo3::IntoPyObjectExt;
use serde_json::{Map, Number, Value as Json};

static DECIMAL: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

fn decimal_class(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

fn date_class(py: Python<'_>) -> PyResult<&Bound<'_, PyAny>> {
    DATE.import(py, "datetime", "date")
}

/// Why a Python value could not become JSON, and where (a JSON path such as `kinerja[1].tahun`).
#[derive(Debug)]
pub struct ConvertError {
    path: Vec<PathPart>,
    /// What was found, e.g. "a value of type `set`".
    pub found: String,
}

#[derive(Debug)]
enum PathPart {
    Key(String),
    Index(usize),
}

impl ConvertError {
    fn new(found: impl Into<String>) -> ConvertError {
        ConvertError { path: Vec::new(), found: found.into() }
    }

    fn at(mut self, part: PathPart) -> ConvertError {
        self.path.push(part);
        self
    }

    /// The JSON path of the value, e.g. `kinerja[0].nilai_skp` (empty for the facts themselves).
    pub fn path_text(&self) -> String {
        let mut out = String::new();
        for part in self.path.iter().rev() {
            match part {
                PathPart::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                PathPart::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }
}

fn from_py_err(err: PyErr) -> ConvertError {
    ConvertError::new(format!("a value that raised {err}"))
}

/// Facts nested deeper than this are refused: converting them would exhaust the stack.
const MAX_DEPTH: usize = 64;

thread_local! {
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts one level of nesting while it lives; refuses to go deeper than [`MAX_DEPTH`].
struct Nesting;

impl Nesting {
    fn enter() -> Result<Nesting, ConvertError> {
        let depth = DEPTH.with(|d| {
            let n = d.get() + 1;
            d.set(n);
            n
        });
        let guard = Nesting;
        if depth > MAX_DEPTH {
            return Err(ConvertError::new(format!("a value nested more than {MAX_DEPTH} levels deep")));
        }
        Ok(guard)
    }
}

impl Drop for Nesting {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// Converts one Python value to JSON.
pub fn to_json(value: &Bound<'_, PyAny>) -> Result<Json, ConvertError> {
    let _nesting = Nesting::enter()?;
    // Exact built-in types first: pointer comparisons, the common case for facts.
    if value.is_none() {
        return Ok(Json::Null);
    }
    if let Ok(s) = value.cast_exact::<PyString>() {
        return Ok(Json::String(s.to_cow().map_err(from_py_err)?.into_owned()));
    }
    if value.is_exact_instance_of::<PyBool>() {
        return Ok(Json::Bool(value.is_truthy().map_err(from_py_err)?));
    }
    if value.is_exact_instance_of::<PyInt>() {
        return int_to_json(value);
    }
    if let Ok(f) = value.cast_exact::<PyFloat>() {
        return Ok(float_to_json(f.value()));
    }
    if let Ok(d) = value.cast_exact::<PyDict>() {
        return dict_to_json(d);
    }
    if let Ok(l) = value.cast_exact::<PyList>() {
        let mut out = Vec::with_capacity(l.len());
        for (i, item) in l.iter().enumerate() {
            out.push(to_json(&item).map_err(|e| e.at(PathPart::Index(i)))?);
        }
        return Ok(Json::Array(out));
    }
    to_json_slow(value)
}

fn int_to_json(value: &Bound<'_, PyAny>) -> Result<Json, ConvertError> {
    if let Ok(i) = value.extract::<i64>() {
        return Ok(Json::Number(Number::from(i)));
    }
    // Larger than 64 bits: keep the exact digits.
    let text = value.str().map_err(from_py_err)?.to_string();
    Number::from_str(&text).map(Json::Number).map_err(|_| ConvertError::new(format!("the integer {text}")))
}

/// A float as the number Python prints for it (`repr`), so `86.5` stays `86.5`; NaN is a missing
/// value and infinities are passed on as text (which a number fact then reports as wrong).
pub fn float_to_json(x: f64) -> Json {
    if x.is_nan() {
        return Json::Null;
    }
    let text = python_float_repr(x);
    match Number::from_str(&text) {
        Ok(n) => Json::Number(n),
        Err(_) => Json::String(text),
    }
}

/// A float as a fact, read as [`float_to_json`] reads it: NaN is missing, infinities are text,
/// and any other float is the number Python prints for it.
pub fn float_fact(x: f64) -> aturan_core::Fact<'static> {
    use std::borrow::Cow;
    if x.is_nan() {
        aturan_core::Fact::Null
    } else if x.is_infinite() {
        aturan_core::Fact::Text(Cow::Owned(python_float_repr(x)))
    } else if let Some(d) = short_decimal(x) {
        aturan_core::Fact::Decimal(d)
    } else {
        aturan_core::Fact::Number(Cow::Owned(python_float_repr(x)))
    }
}

/// The decimal Python prints for a float with at most six decimals between 10^-4 and 10^9 (scores,
/// percentages, amounts: most floats in HR data), found without printing it.
///
/// Python prints such a float in fixed notation with the fewest decimals that read back as the
/// same float (at least one: `84.0`). With `k` decimals, `c / 10^k` (`c` a whole number below
/// 2^53) is exactly the correctly rounded value of the decimal `c·10^-k`, so it reads back as `x`
/// if and only if it equals `x`; and below 10^9 two floats are closer than 10^-6, so at most one
/// decimal of `k` places reads back as `x`, and rounding `x·10^k` finds it.
fn short_decimal(x: f64) -> Option<rust_decimal::Decimal> {
    if !(1e-4..1e9).contains(&x.abs()) {
        return None;
    }
    let mut scale = 1.0_f64;
    for k in 0..=6_u32 {
        let c = (x * scale).round();
        if c / scale == x {
            // A whole number prints with one decimal (`84.0`).
            // |c| < 10^15, so the cast is exact.
            let (mantissa, places) = if k == 0 { (c as i64 * 10, 1) } else { (c as i64, k) };
            return Some(rust_decimal::Decimal::new(mantissa, places));
        }
        scale *= 10.0;
    }
    None
}

/// The text `repr(x)` gives in Python: the shortest digits that read back as `x`, in fixed notation
/// when the decimal exponent is between -4 and 16, otherwise in exponent notation (`1e+16`, `1e-05`).
pub fn python_float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf".to_string() } else { "-inf".to_string() };
    }
    if x.fract() == 0.0 && x.abs() < 1e16 {
        // Whole numbers below 10^16 print as `84.0`.
        return format!("{x:.1}");
    }
    if (1e-4..1e16).contains(&x.abs()) {
        // Python prints these in fixed notation, as Rust's `Display` does, with the same digits
        // unless there are 16 or more of them (see below).
        let text = format!("{x}");
        let significant = text.trim_start_matches(['-', '0', '.']).bytes().filter(u8::is_ascii_digit).count();
        if significant < 16 {
            return text;
        }
    }
    // Rust's `{:e}` prints the shortest round-trip digits (`8.65e1`, `-1e-5`). When two candidates
    // of that length round-trip, Python takes the one nearest the exact binary value (ties to
    // even): so print that many digits again, correctly rounded. Two candidates 10^-15 apart (in
    // relative terms) cannot both be within half an ulp (2^-53) of the value, so this only
    // happens with 16 or more digits.
    let shortest = format!("{x:e}");
    let mantissa_len = shortest.split_once('e').map_or(shortest.len(), |(m, _)| m.len());
    let ndigits = shortest.get(..mantissa_len).unwrap_or("").bytes().filter(u8::is_ascii_digit).count();
    let sci = if ndigits >= 16 { format!("{:.*e}", ndigits - 1, x) } else { shortest };
    let (mantissa, exp) = sci.split_once('e').unwrap_or((sci.as_str(), "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let ndigits = i32::try_from(digits.len()).unwrap_or(i32::MAX);
    // Python's decpt: the value is 0.DIGITS * 10^decpt.
    let decpt = exp + 1;
    let mut out = String::from(sign);
    if decpt <= -4 || decpt > 16 {
        let mut chars = digits.chars();
        if let Some(first) = chars.next() {
            out.push(first);
        }
        let rest: String = chars.collect();
        if !rest.is_empty() {
            out.push('.');
            out.push_str(&rest);
        }
        let e = decpt - 1;
        out.push('e');
        out.push(if e < 0 { '-' } else { '+' });
        out.push_str(&format!("{:02}", e.abs()));
    } else if decpt <= 0 {
        out.push_str("0.");
        for _ in 0..(-decpt) {
            out.push('0');
        }
        out.push_str(&digits);
    } else if decpt >= ndigits {
        out.push_str(&digits);
        for _ in 0..(decpt - ndigits) {
            out.push('0');
        }
        out.push_str(".0");
    } else {
        let split = usize::try_from(decpt).unwrap_or(0);
        out.push_str(digits.get(..split).unwrap_or(""));
        out.push('.');
        out.push_str(digits.get(split..).unwrap_or(""));
    }
    out
}

fn dict_to_json(d: &Bound<'_, PyDict>) -> Result<Json, ConvertError> {
    let mut map = Map::new();
    for (k, v) in d.iter() {
        let key = key_text(&k)?;
        let value = to_json(&v).map_err(|e| e.at(PathPart::Key(key.clone())))?;
        map.insert(key, value);
    }
    Ok(Json::Object(map))
}

fn key_text(k: &Bound<'_, PyAny>) -> Result<String, ConvertError> {
    match k.cast::<PyString>() {
        Ok(s) => Ok(s.to_cow().map_err(from_py_err)?.into_owned()),
        Err(_) => {
            let shown = k.repr().map(|r| r.to_string()).unwrap_or_else(|_| "?".to_string());
            Err(ConvertError::new(format!("the key {shown} (keys must be strings)")))
        }
    }
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".to_string())
}

/// Everything that is not an exact built-in: subclasses, Decimal, dates, other mappings and
/// sequences, numpy and pandas scalars.
fn to_json_slow(value: &Bound<'_, PyAny>) -> Result<Json, ConvertError> {
    let py = value.py();
    if value.is_instance(decimal_class(py).map_err(from_py_err)?).map_err(from_py_err)? {
        let text = value.str().map_err(from_py_err)?.to_string();
        return Ok(match Number::from_str(&text) {
            Ok(n) => Json::Number(n),
            // NaN, Infinity, sNaN: not numbers; the policy reports them where a number belongs.
            Err(_) if text.eq_ignore_ascii_case("nan") => Json::Null,
            Err(_) => Json::String(text),
        });
    }
    let name = type_name(value);
    // pandas' missing values (NaT is a datetime subclass, NA is its own type).
    if name == "NaTType" || name == "NAType" {
        return Ok(Json::Null);
    }
    if value.is_instance_of::<PyDateTime>() {
        return datetime_to_json(value);
    }
    if value.is_instance_of::<PyDate>() {
        let text = value.call_method0("isoformat").map_err(from_py_err)?.str().map_err(from_py_err)?.to_string();
        return Ok(Json::String(text));
    }
    if value.is_instance_of::<PyBool>() {
        return Ok(Json::Bool(value.is_truthy().map_err(from_py_err)?));
    }
    if value.is_instance_of::<PyInt>() {
        return int_to_json(value);
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        // Includes numpy.float64.
        return Ok(float_to_json(f.value()));
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Json::String(s.to_cow().map_err(from_py_err)?.into_owned()));
    }
    if let Ok(d) = value.cast::<PyDict>() {
        return dict_to_json(d);
    }
    if let Ok(t) = value.cast::<PyTuple>() {
        let mut out = Vec::with_capacity(t.len());
        for (i, item) in t.iter().enumerate() {
            out.push(to_json(&item).map_err(|e| e.at(PathPart::Index(i)))?);
        }
        return Ok(Json::Array(out));
    }
    if let Ok(m) = value.cast::<PyMapping>() {
        let mut map = Map::new();
        let items = m.items().map_err(from_py_err)?;
        for item in items.iter() {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract().map_err(from_py_err)?;
            let key = key_text(&k)?;
            let value = to_json(&v).map_err(|e| e.at(PathPart::Key(key.clone())))?;
            map.insert(key, value);
        }
        return Ok(Json::Object(map));
    }
    if let Some(d) = series_as_dict(value) {
        return to_json(&d);
    }
    // numpy.datetime64 (what a datetime64 column gives, whatever its unit): as a datetime, at
    // microseconds; NaT is missing.
    if name == "datetime64" {
        if let Some((what, _)) = coarse_datetime64(value) {
            return Err(ConvertError::new(format!("numpy.datetime64 of {what}, not a day")));
        }
        let item = value.call_method1("astype", ("datetime64[us]",)).and_then(|v| v.call_method0("item"));
        if let Ok(item) = item {
            if item.is_none() || item.is_instance_of::<PyDateTime>() || item.is_instance_of::<PyDate>() {
                return to_json(&item);
            }
        }
        // Outside the years 1 to 9999 (numpy gives a count of microseconds then).
        let text = value.str().map(|s| s.to_string()).unwrap_or_default();
        return Err(ConvertError::new(format!("numpy.datetime64('{text}'), outside the years 1 to 9999")));
    }
    // numpy.float32 and float16: the shortest text of the value at its own precision, as numpy
    // prints it and as an Arrow float32 column reads: 89.995 stored as float32 is 89.995, not
    // the 89.99500274658203 it widens to as a Python float. And numpy.longdouble (float128),
    // which is no Python float and whose `item()` is itself: its text at its own precision too.
    if matches!(name.as_str(), "float32" | "float16" | "longdouble" | "float128" | "float96") {
        if let Ok(x) = value.call_method0("__float__").and_then(|f| f.extract::<f64>()) {
            if !x.is_finite() {
                return Ok(float_to_json(x));
            }
            if let Ok(text) = value.str().map(|t| t.to_string()) {
                if let Ok(n) = <Number as std::str::FromStr>::from_str(&text) {
                    return Ok(Json::Number(n));
                }
            }
        }
    }
    // numpy scalars (numpy.int64, numpy.bool_, numpy.str_…): their Python value.
    if name.starts_with("int")
        || name.starts_with("uint")
        || name.starts_with("float")
        || name == "bool_"
        || name == "bool"
    {
        if let Ok(item) = value.call_method0("item") {
            if !item.is(value) {
                return to_json(&item);
            }
        }
    }
    // Bytes are a sequence of numbers to Python, but here text read without its encoding.
    if name == "bytes" || name == "bytearray" || name == "bytes_" {
        let text = value.repr().map(|s| s.to_string()).unwrap_or_default();
        let short: String = text.chars().take(40).collect();
        let cut = if short.len() < text.len() { "…" } else { "" };
        return Err(ConvertError::new(format!("bytes {short}{cut} (decode them to text first)")));
    }
    if value.is_instance_of::<PySequence>() || value.hasattr("__array__").unwrap_or(false) {
        // numpy arrays (a list column of a DataFrame) and other sequences.
        let mut out = Vec::new();
        let iter = value.try_iter().map_err(from_py_err)?;
        for (i, item) in iter.enumerate() {
            let item = item.map_err(from_py_err)?;
            out.push(to_json(&item).map_err(|e| e.at(PathPart::Index(i)))?);
        }
        return Ok(Json::Array(out));
    }
    Err(ConvertError::new(format!("a value of type `{name}`")))
}

/// A pandas Series labelled by text (a DataFrame row: `df.iloc[0]`, `iterrows()`) as the dict of
/// its labels, with dotted labels (`presensi.alpa_hari`, from a flat frame) nested as the
/// DataFrame reader nests them. `None` for anything else (a Series labelled by numbers is a
/// sequence of its values).
pub fn series_as_dict<'py>(value: &Bound<'py, PyAny>) -> Option<Bound<'py, PyDict>> {
    if type_name(value) != "Series" || !value.hasattr("index").unwrap_or(false) {
        return None;
    }
    let py = value.py();
    let dict = PyDict::new(py);
    let mut dotted = false;
    for item in value.call_method0("items").ok()?.try_iter().ok()? {
        let (k, v): (Bound<'py, PyAny>, Bound<'py, PyAny>) = item.and_then(|i| i.extract()).ok()?;
        let key = k.cast::<PyString>().ok()?;
        dotted |= key.to_cow().is_ok_and(|k| k.contains('.'));
        // A label given twice: the first counts, as for DataFrame columns.
        if !dict.contains(key).ok()? {
            dict.set_item(key, v).ok()?;
        }
    }
    if dict.is_empty() {
        return None;
    }
    if dotted {
        let nested = py.import("aturan._frames").and_then(|f| f.call_method1("_row", (dict,))).ok()?;
        return nested.cast_into::<PyDict>().ok();
    }
    Some(dict)
}

fn datetime_to_json(value: &Bound<'_, PyAny>) -> Result<Json, ConvertError> {
    let midnight = ["hour", "minute", "second", "microsecond"]
        .iter()
        .all(|attr| value.getattr(*attr).and_then(|v| v.extract::<i64>()).map(|v| v == 0).unwrap_or(false));
    let text = if midnight {
        value.call_method0("date").and_then(|d| d.call_method0("isoformat"))
    } else {
        value.call_method0("isoformat")
    };
    Ok(Json::String(text.map_err(from_py_err)?.str().map_err(from_py_err)?.to_string()))
}

/// Converts a mapping of parameter overrides.
pub fn params_to_json(
    py: Python<'_>,
    params: Option<&Bound<'_, PyAny>>,
    lang: aturan_core::Lang,
) -> PyResult<Map<String, Json>> {
    let Some(params) = params else {
        return Ok(Map::new());
    };
    if params.is_none() {
        return Ok(Map::new());
    }
    // A float NaN (from a DataFrame, or `float("nan")` parsed from a request) would read as null,
    // and the error would say null: named as what it is.
    // So is a `Decimal("NaN")`, `pandas.NA` or `NaT`: read as null too.
    if let Ok(map) = params.cast::<PyDict>() {
        for (name, value) in map.iter() {
            let nan = value.cast::<PyFloat>().is_ok_and(|x| x.value().is_nan());
            let missing = !nan && !value.is_none() && matches!(to_json(&value), Ok(Json::Null));
            if nan || missing {
                let name = name.str()?.to_cow()?.into_owned();
                let what = if nan { "NaN".to_string() } else { value.repr()?.to_cow()?.into_owned() };
                let message = aturan_core::Text::new(
                    format!("parameter `{name}`: {what} is not a value (leave the parameter out for its default)"),
                    format!("parameter `{name}`: {what} bukan nilai (hilangkan parameter untuk memakai bawaannya)"),
                );
                let wrong = aturan_core::EvalError::Param { name, message };
                return Err(crate::errors::eval_error(py, &wrong, lang, None));
            }
        }
    }
    match to_json(params) {
        Ok(Json::Object(map)) => Ok(map),
        Ok(_) => Err(PyTypeError::new_err(format!("`params` must be a mapping, found `{}`", type_name(params)))),
        // A key that is no text (`{1: 3}`) has no path below `params`.
        Err(e) => match e.path_text() {
            path if path.is_empty() => Err(PyTypeError::new_err(format!("`params`: cannot use {}", e.found))),
            path => Err(PyTypeError::new_err(format!("`params.{path}`: cannot use {}", e.found))),
        },
    }
}

/// Reads an `as_of`: a `datetime.date` (or datetime), an ISO `YYYY-MM-DD` string, or `None` for today.
/// A text that is not a date (`31/12/2025` from a query string) or a missing
/// one is an `EvaluationError` with code `option`, in `lang`, as the core says it; a value of
/// another type is a `TypeError`.
pub fn as_of_date(
    py: Python<'_>,
    as_of: Option<&Bound<'_, PyAny>>,
    lang: aturan_core::Lang,
) -> PyResult<chrono::NaiveDate> {
    let value = match as_of {
        Some(v) if !v.is_none() => v.clone(),
        _ => date_class(py)?.call_method0("today")?,
    };
    if let Ok(s) = value.cast::<PyString>() {
        let text = s.to_cow()?;
        // The core's message, named as the argument it came from.
        return aturan_core::EvalOptions::on(&text).map(|o| o.as_of).map_err(|e| {
            let named = match e {
                aturan_core::EvalError::Option { message } => aturan_core::EvalError::Option {
                    message: aturan_core::Text::new(
                        format!("`as_of`: {}", message.en),
                        format!("`as_of`: {}", message.id),
                    ),
                },
                other => other,
            };
            crate::errors::eval_error(py, &named, lang, None)
        });
    }
    // pandas' NaT, or numpy's (`np.datetime64("NaT")`, a missing cell of a datetime64 column).
    if type_name(&value) == "NaTType" || (type_name(&value) == "datetime64" && value.str().is_ok_and(|s| s == "NaT")) {
        let missing = aturan_core::EvalError::Option {
            message: aturan_core::Text::new(
                "`as_of` is NaT (a missing date); give the date to decide on",
                "`as_of` adalah NaT (tanggal kosong); berikan tanggal keputusan",
            ),
        };
        return Err(crate::errors::eval_error(py, &missing, lang, None));
    }
    // A `numpy.datetime64` (a DataFrame cell, `np.datetime64("2025-12-31")`): its day; not a
    // year or a month, which would be decided on its first day.
    if let Some((en, id)) = coarse_datetime64(&value) {
        let coarse = aturan_core::EvalError::Option {
            message: aturan_core::Text::new(
                format!("`as_of` is a numpy.datetime64 of {en}, not a day; give the day to decide on"),
                format!("`as_of` berupa numpy.datetime64 {id}, bukan hari; berikan tanggal keputusan"),
            ),
        };
        return Err(crate::errors::eval_error(py, &coarse, lang, None));
    }
    let value = if type_name(&value) == "datetime64" {
        match value.call_method1("astype", ("datetime64[D]",)).and_then(|d| d.call_method0("item")) {
            Ok(day) if day.is_instance_of::<PyDate>() => day,
            _ => value,
        }
    } else {
        value
    };
    if value.is_instance_of::<PyDate>() {
        let year: i32 = value.getattr("year")?.extract()?;
        let month: u32 = value.getattr("month")?.extract()?;
        let day: u32 = value.getattr("day")?.extract()?;
        return chrono::NaiveDate::from_ymd_opt(year, month, day)
            .ok_or_else(|| PyValueError::new_err("`as_of`: not a valid date"));
    }
    Err(PyTypeError::new_err(format!(
        "`as_of` must be a datetime.date or a YYYY-MM-DD string, found `{}`",
        type_name(&value)
    )))
}

/// For a `numpy.datetime64` of a year, a month or a week (`datetime64('2021-10')`), not NaT:
/// what it is, in English and Indonesian. A day is no such span: it is not read as the first day.
fn coarse_datetime64(value: &Bound<'_, PyAny>) -> Option<(&'static str, &'static str)> {
    if type_name(value) != "datetime64" || value.str().is_ok_and(|s| s == "NaT") {
        return None;
    }
    let unit = value.getattr("dtype").and_then(|d| d.str()).map(|s| s.to_string()).unwrap_or_default();
    [("[Y]", "a year", "satu tahun"), ("[M]", "a month", "satu bulan"), ("[W]", "a week", "satu minggu")]
        .into_iter()
        .find(|(u, _, _)| unit.ends_with(u))
        .map(|(_, en, id)| (en, id))
}

/// A date as `datetime.date`.
pub fn date_to_py<'py>(py: Python<'py>, date: chrono::NaiveDate) -> PyResult<Bound<'py, PyAny>> {
    use chrono::Datelike;
    date_class(py)?.call1((date.year(), date.month(), date.day()))
}

/// How to bring strings back: as they are, or ISO dates as `datetime.date`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Strings {
    Keep,
    Dates,
}

/// JSON to Python: integers as `int`, other numbers as `Decimal`.
pub fn to_py<'py>(py: Python<'py>, value: &Json, strings: Strings) -> PyResult<Bound<'py, PyAny>> {
    match value {
        Json::Null => Ok(py.None().into_bound(py)),
        Json::Bool(b) => b.into_bound_py_any(py),
        Json::Number(n) => number_to_py(py, n),
        Json::String(s) => {
            if strings == Strings::Dates {
                if let Some(d) = aturan_core::parse_iso_date(s) {
                    return date_to_py(py, d);
                }
            }
            s.into_bound_py_any(py)
        }
        Json::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item, strings)?)?;
            }
            Ok(list.into_any())
        }
        Json::Object(map) => Ok(map_to_py(py, map, strings)?.into_any()),
    }
}

/// A map of named values as a dict, with the texts `is_date` names as `datetime.date`; every
/// other text stays text.
pub fn map_with_dates<'py>(
    py: Python<'py>,
    map: &Map<String, Json>,
    is_date: impl Fn(&str) -> bool,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (k, v) in map {
        let value = match v {
            Json::String(s) if is_date(k) => match aturan_core::parse_iso_date(s) {
                Some(d) => date_to_py(py, d)?,
                None => s.into_bound_py_any(py)?,
            },
            other => to_py(py, other, Strings::Keep)?,
        };
        dict.set_item(k, value)?;
    }
    Ok(dict)
}

pub fn map_to_py<'py>(py: Python<'py>, map: &Map<String, Json>, strings: Strings) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (k, v) in map {
        dict.set_item(k, to_py(py, v, strings)?)?;
    }
    Ok(dict)
}

fn number_to_py<'py>(py: Python<'py>, n: &Number) -> PyResult<Bound<'py, PyAny>> {
    if let Some(i) = n.as_i64() {
        return i.into_bound_py_any(py);
    }
    let text = n.to_string();
    if text.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        // An integer beyond 64 bits.
        return py.import("builtins")?.getattr("int")?.call1((text,));
    }
    decimal_class(py)?.call1((text,))
}

/// Any serde value (policy descriptions, diagnostics) as Python data.
pub fn serde_to_py<'py, T: serde::Serialize + ?Sized>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    to_py(py, &json, Strings::Keep)
}
