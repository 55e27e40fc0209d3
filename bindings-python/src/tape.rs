//! Python facts, copied out of the Python objects into a flat tape that the engine then reads as a
//! [`FactSource`] — on any thread, without the GIL.
//!
//! Only the thread holding the GIL can look into dicts and lists, and it can only do that one row
//! at a time; so it does as little as it can: it looks up the declared fields (by their interned
//! names), copies scalars and text onto the tape, and moves on. Checking the facts against the
//! declaration and building the engine's values happens later, in the thread pool, from the tape.
//!
//! The common built-in types (exact `dict`, `list`, `str`, `int`, `float`, `bool`, `None`) are
//! copied directly; any other value (a `Decimal`, a date, a numpy scalar, another mapping or
//! sequence) is converted with [`convert::to_json`], so it reads exactly as it always has.

use std::borrow::Cow;

use aturan_core::{json_fact, Fact, FactSource, RecordDef};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};
use serde_json::Value as Json;

use crate::convert;
use crate::shape::Shape;

/// One entry of the tape. Records and lists are followed by their contents; `size` counts the
/// entries of the whole subtree, itself included, so a reader can step over it.
#[derive(Debug, Clone, Copy)]
enum Token {
    Null,
    Bool(bool),
    Int(i64),
    /// A Python float, turned into its decimal text when read (off the GIL thread).
    Float(f64),
    /// Decimal text in [`Tape::text`].
    Number(u32, u32),
    Text(u32, u32),
    /// A value of the enum declared here, by its index.
    Enum(u16),
    /// A value that cannot be a fact, described in [`Tape::text`].
    Other(u32, u32),
    /// A record: its number of fields, how many declared ones follow (each as a `Field` and its
    /// value), and the subtree's size.
    Record {
        len: u32,
        present: u32,
        size: u32,
    },
    /// The index of a declared field; its value follows.
    Field(u32),
    List {
        len: u32,
        size: u32,
    },
    /// A value converted to JSON: its index in [`Tape::json`].
    Json(u32),
}

/// Many employees' facts, one after the other.
#[derive(Debug, Default)]
pub struct Tape {
    tokens: Vec<Token>,
    text: String,
    json: Vec<Json>,
    /// Whether a record written since [`Tape::take_suspect`] lacks a declared field and has a
    /// key named like one (see [`crate::shape::Record::has_key_like_declared`]).
    suspect: bool,
}

impl Tape {
    pub fn new() -> Tape {
        Tape::default()
    }

    /// An empty tape with room for as much as `like` holds.
    pub fn sized_like(like: (usize, usize)) -> Tape {
        Tape {
            tokens: Vec::with_capacity(like.0),
            text: String::with_capacity(like.1),
            json: Vec::new(),
            suspect: false,
        }
    }

    /// Whether the facts written since the last call may have a misspelt field: a record among
    /// them lacks a declared field and has a key named like one.
    pub fn take_suspect(&mut self) -> bool {
        std::mem::take(&mut self.suspect)
    }

    /// How much this tape holds: entries and bytes of text.
    pub fn sizes(&self) -> (usize, usize) {
        (self.tokens.len(), self.text.len())
    }

    /// Copies one employee's facts; returns where they start.
    pub fn write(&mut self, value: &Bound<'_, PyAny>, shape: &Shape) -> usize {
        let at = self.tokens.len();
        self.value(value, shape);
        at
    }

    /// Copies row `row` of a table given as columns (Python lists, one per declared field, with
    /// the field's index); `width` is the table's number of columns. Returns where it starts.
    pub fn write_columns(
        &mut self,
        columns: &[(usize, Bound<'_, PyList>)],
        row: usize,
        width: usize,
        shape: &Shape,
    ) -> usize {
        let at = self.tokens.len();
        self.tokens.push(Token::Null);
        let mut present = 0;
        if let Shape::Record(r) = shape {
            for (i, list) in columns {
                let (Ok(value), Some(f)) = (list.get_item(row), r.fields.get(*i)) else { continue };
                if value.is_none() {
                    continue;
                }
                self.tokens.push(Token::Field(count(*i)));
                self.value(&value, &f.shape);
                present += 1;
            }
        }
        self.close(at, Token::Record { len: count(width), present, size: 0 });
        at
    }

    /// The facts starting at `at`, to read.
    pub fn at(&self, at: usize) -> TapeFact<'_> {
        TapeFact::Tape(self, at)
    }

    fn text_token(&mut self, s: &str, make: fn(u32, u32) -> Token) {
        let start = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        self.text.push_str(s);
        let len = u32::try_from(s.len()).unwrap_or(u32::MAX);
        self.tokens.push(make(start, len));
    }

    fn value(&mut self, v: &Bound<'_, PyAny>, shape: &Shape) {
        if v.is_none() {
            self.tokens.push(Token::Null);
        } else if let Ok(s) = v.cast_exact::<PyString>() {
            if let Shape::Enum(e) = shape {
                if let Some(i) = e.index_of(s) {
                    self.tokens.push(Token::Enum(i));
                    return;
                }
            }
            match s.to_cow() {
                Ok(text) => self.text_token(&text, Token::Text),
                Err(e) => self.text_token(&format!("a value that raised {e}"), Token::Other),
            }
        } else if v.is_exact_instance_of::<PyBool>() {
            self.tokens.push(Token::Bool(v.is_truthy().unwrap_or(false)));
        } else if v.is_exact_instance_of::<PyInt>() {
            match v.extract::<i64>() {
                Ok(i) => self.tokens.push(Token::Int(i)),
                // Larger than 64 bits: the exact digits.
                Err(_) => {
                    let digits = v.str().map(|s| s.to_string()).unwrap_or_default();
                    self.text_token(&digits, Token::Number);
                }
            }
        } else if let Ok(f) = v.cast_exact::<PyFloat>() {
            self.tokens.push(Token::Float(f.value()));
        } else if let Ok(d) = v.cast_exact::<PyDict>() {
            self.dict(d, shape);
        } else if let Ok(l) = v.cast_exact::<PyList>() {
            self.list(l, shape);
        } else if let Some(d) = convert::series_as_dict(v) {
            // A DataFrame row, read as the dict of its labels.
            self.dict(&d, shape);
        } else if let Some(l) = array_as_list(v, shape) {
            // A numpy array where the policy declares a list: a list column of a DataFrame
            // converted from Arrow or Parquet holds its lists as arrays.
            self.list(&l, shape);
        } else {
            match convert::to_json(v) {
                Ok(j) => {
                    self.tokens.push(Token::Json(count(self.json.len())));
                    self.json.push(j);
                }
                Err(e) => self.text_token(&e.found, Token::Other),
            }
        }
    }

    fn list(&mut self, l: &Bound<'_, PyList>, shape: &Shape) {
        let start = self.tokens.len();
        self.tokens.push(Token::Null);
        // Where the policy declares no list, the reader only needs to know it is one: the items
        // are not copied (so a deeply nested list costs nothing).
        if let Shape::List(item) = shape {
            for x in l.iter() {
                self.value(&x, item);
            }
        }
        self.close(start, Token::List { len: count(l.len()), size: 0 });
    }

    fn dict(&mut self, d: &Bound<'_, PyDict>, shape: &Shape) {
        let start = self.tokens.len();
        self.tokens.push(Token::Null);
        let mut present = 0;
        if let Shape::Record(r) = shape {
            let py = d.py();
            for (i, f) in r.fields.iter().enumerate() {
                let value = match d.get_item(f.key.bind(py)) {
                    Ok(Some(value)) if value.is_none() => continue,
                    Ok(Some(value)) => value,
                    Ok(None) => continue,
                    Err(e) => {
                        self.tokens.push(Token::Field(count(i)));
                        self.text_token(&format!("a value that raised {e}"), Token::Other);
                        present += 1;
                        continue;
                    }
                };
                self.tokens.push(Token::Field(count(i)));
                self.value(&value, &f.shape);
                present += 1;
            }
            // Only a dict that lacks a declared field and has other keys is looked at again.
            let lacks = (present as usize) < r.fields.len();
            if lacks && d.len() > present as usize && !self.suspect {
                self.suspect = r.has_key_like_declared(d);
            }
        }
        self.close(start, Token::Record { len: count(d.len()), present, size: 0 });
    }

    /// Writes the header of the record or list that starts at `start`, now that its size is known.
    fn close(&mut self, start: usize, header: Token) {
        let size = count(self.tokens.len() - start);
        let header = match header {
            Token::Record { len, present, .. } => Token::Record { len, present, size },
            Token::List { len, .. } => Token::List { len, size },
            other => other,
        };
        if let Some(slot) = self.tokens.get_mut(start) {
            *slot = header;
        }
    }

    fn size(&self, at: usize) -> usize {
        match self.tokens.get(at) {
            Some(Token::Record { size, .. } | Token::List { size, .. }) => *size as usize,
            _ => 1,
        }
    }

    fn str(&self, start: u32, len: u32) -> &str {
        let start = start as usize;
        self.text.get(start..start + len as usize).unwrap_or("")
    }
}

/// `numpy.ndarray`, once an array has been seen (numpy is imported by then: no import here).
static NDARRAY: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// A numpy array given where the policy declares a list, as a list of its items; `None` for
/// anything else (and for an array that cannot be listed, which the general conversion then
/// reports).
fn array_as_list<'py>(v: &Bound<'py, PyAny>, shape: &Shape) -> Option<Bound<'py, PyList>> {
    if !matches!(shape, Shape::List(_)) {
        return None;
    }
    let py = v.py();
    let ndarray = match NDARRAY.get(py) {
        Some(t) => t.bind(py),
        None => {
            // Without numpy in `sys.modules` there are no arrays (yet): nothing is remembered.
            let numpy = py.import("sys").ok()?.getattr("modules").ok()?.get_item("numpy").ok()?;
            let t = numpy.getattr("ndarray").ok()?;
            NDARRAY.get_or_init(py, || t.unbind()).bind(py)
        }
    };
    if !v.get_type().is(ndarray) {
        return None;
    }
    // `tolist` gives the items in one call (and numbers as Python numbers); iterating the array
    // itself goes item by item and ends in an IndexError.
    v.call_method0(pyo3::intern!(py, "tolist")).ok()?.cast_into::<PyList>().ok()
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A handle on one value of a tape.
#[derive(Clone, Copy)]
pub enum TapeFact<'a> {
    Tape(&'a Tape, usize),
    Json(&'a Json),
}

impl<'a> FactSource for TapeFact<'a> {
    fn fact(&self) -> Fact<'_> {
        let (tape, at) = match self {
            TapeFact::Tape(tape, at) => (*tape, *at),
            TapeFact::Json(j) => return json_fact(j),
        };
        match tape.tokens.get(at) {
            None | Some(Token::Null | Token::Field(_)) => Fact::Null,
            Some(Token::Bool(b)) => Fact::Bool(*b),
            Some(Token::Int(i)) => Fact::Int(*i),
            Some(Token::Float(x)) => convert::float_fact(*x),
            Some(Token::Number(s, n)) => Fact::Number(Cow::Borrowed(tape.str(*s, *n))),
            Some(Token::Text(s, n)) => Fact::Text(Cow::Borrowed(tape.str(*s, *n))),
            Some(Token::Enum(i)) => Fact::Enum(*i),
            Some(Token::Other(s, n)) => Fact::Other(Cow::Borrowed(tape.str(*s, *n))),
            Some(Token::Record { len, .. }) => Fact::Record(*len as usize),
            Some(Token::List { len, .. }) => Fact::List(*len as usize),
            Some(Token::Json(i)) => tape.json.get(*i as usize).map(json_fact).unwrap_or(Fact::Null),
        }
    }

    fn fields(&self, def: &RecordDef, each: &mut dyn FnMut(usize, Self)) {
        match *self {
            TapeFact::Tape(tape, at) => match tape.tokens.get(at) {
                Some(Token::Record { present, .. }) => {
                    let mut p = at + 1;
                    for _ in 0..*present {
                        let Some(Token::Field(i)) = tape.tokens.get(p) else { return };
                        each(*i as usize, TapeFact::Tape(tape, p + 1));
                        p += 1 + tape.size(p + 1);
                    }
                }
                Some(Token::Json(i)) => {
                    if let Some(j) = tape.json.get(*i as usize) {
                        TapeFact::Json(j).fields(def, each);
                    }
                }
                _ => {}
            },
            TapeFact::Json(j) => j.fields(def, &mut |i, v| each(i, TapeFact::Json(v))),
        }
    }

    fn items(&self, each: &mut dyn FnMut(usize, Self)) {
        match *self {
            TapeFact::Tape(tape, at) => match tape.tokens.get(at) {
                Some(Token::List { len, size }) if *size > 1 || *len == 0 => {
                    let mut p = at + 1;
                    for k in 0..*len as usize {
                        each(k, TapeFact::Tape(tape, p));
                        p += tape.size(p);
                    }
                }
                Some(Token::Json(i)) => {
                    if let Some(j) = tape.json.get(*i as usize) {
                        TapeFact::Json(j).items(each);
                    }
                }
                _ => {}
            },
            TapeFact::Json(j) => j.items(&mut |k, v| each(k, TapeFact::Json(v))),
        }
    }
}
