//! Python objects as a [`FactSource`]: the engine reads the declared fields straight from dicts
//! and lists, with no JSON in between. The common built-in types (exact `dict`, `list`, `str`,
//! `int`, `float`, `bool`, `None`) are read in place; anything else (a `Decimal`, a date, a numpy
//! scalar, another mapping or sequence) is converted once with [`convert::to_json`], so it reads
//! exactly as it always has.

use std::borrow::Cow;
use std::rc::Rc;

use aturan_core::{Fact, FactSource};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};
use serde_json::Value as Json;

use crate::convert;
use crate::shape::Shape;

/// A handle on one value of an employee's facts.
pub enum PyFact<'a, 'py> {
    /// A built-in value, read in place; `shape` is what the policy declares here.
    Py(Bound<'py, PyAny>, &'a Shape),
    /// A value converted to JSON, and the steps from its root to this value.
    Json(Rc<Json>, Vec<Step>),
    /// A value that cannot be a fact, described.
    Bad(String),
}

pub enum Step {
    Key(String),
    Index(usize),
}

impl<'a, 'py> PyFact<'a, 'py> {
    /// A handle on `value`: in place when it is a built-in type, otherwise converted.
    pub fn new(value: Bound<'py, PyAny>, shape: &'a Shape) -> PyFact<'a, 'py> {
        if value.is_none()
            || value.is_exact_instance_of::<PyString>()
            || value.is_exact_instance_of::<PyBool>()
            || value.is_exact_instance_of::<PyInt>()
            || value.is_exact_instance_of::<PyFloat>()
            || value.is_exact_instance_of::<PyDict>()
            || value.is_exact_instance_of::<PyList>()
        {
            return PyFact::Py(value, shape);
        }
        match convert::to_json(&value) {
            Ok(json) => PyFact::Json(Rc::new(json), Vec::new()),
            Err(e) => PyFact::Bad(e.found),
        }
    }

    fn json(&self) -> Option<&Json> {
        let PyFact::Json(root, steps) = self else { return None };
        let mut at: &Json = root;
        for step in steps {
            at = match (step, at) {
                (Step::Key(k), Json::Object(m)) => m.get(k)?,
                (Step::Index(i), Json::Array(a)) => a.get(*i)?,
                _ => return None,
            };
        }
        Some(at)
    }

    fn child(&self, step: Step) -> PyFact<'a, 'py> {
        match self {
            PyFact::Json(root, steps) => {
                let mut steps: Vec<Step> = steps.iter().map(Step::copy).collect();
                steps.push(step);
                PyFact::Json(Rc::clone(root), steps)
            }
            _ => PyFact::Bad("nothing".to_string()),
        }
    }
}

impl Step {
    fn copy(&self) -> Step {
        match self {
            Step::Key(k) => Step::Key(k.clone()),
            Step::Index(i) => Step::Index(*i),
        }
    }
}

impl FactSource for PyFact<'_, '_> {
    fn fact(&self) -> Fact<'_> {
        match self {
            PyFact::Py(v, _) => {
                if v.is_none() {
                    return Fact::Null;
                }
                if let Ok(s) = v.cast_exact::<PyString>() {
                    return match s.to_cow() {
                        Ok(text) => Fact::Text(Cow::Owned(text.into_owned())),
                        Err(e) => Fact::Other(Cow::Owned(format!("a value that raised {e}"))),
                    };
                }
                if v.is_exact_instance_of::<PyBool>() {
                    return Fact::Bool(v.is_truthy().unwrap_or(false));
                }
                if v.is_exact_instance_of::<PyInt>() {
                    return match v.extract::<i64>() {
                        Ok(i) => Fact::Int(i),
                        // Larger than 64 bits: the exact digits.
                        Err(_) => Fact::Number(Cow::Owned(v.str().map(|s| s.to_string()).unwrap_or_default())),
                    };
                }
                if let Ok(f) = v.cast_exact::<PyFloat>() {
                    return scalar(convert::float_to_json(f.value()));
                }
                if let Ok(d) = v.cast_exact::<PyDict>() {
                    return Fact::Record(d.len());
                }
                if let Ok(l) = v.cast_exact::<PyList>() {
                    return Fact::List(l.len());
                }
                Fact::Other(Cow::Borrowed("an unreadable value"))
            }
            PyFact::Json(..) => self.json().map(aturan_core::json_fact).unwrap_or(Fact::Null),
            PyFact::Bad(found) => Fact::Other(Cow::Borrowed(found)),
        }
    }

    fn fields(&self, def: &aturan_core::RecordDef, each: &mut dyn FnMut(usize, Self)) {
        match self {
            PyFact::Py(v, shape) => {
                let Ok(d) = v.cast_exact::<PyDict>() else { return };
                let py = v.py();
                match shape {
                    // The shape lists the declared fields in the declaration's order: look each
                    // one up by its interned name.
                    Shape::Record(r) if r.fields.len() == def.names().count() => {
                        for (i, f) in r.fields.iter().enumerate() {
                            match d.get_item(f.key.bind(py)) {
                                Ok(Some(value)) => each(i, PyFact::new(value, &f.shape)),
                                Ok(None) => {}
                                Err(e) => each(i, PyFact::Bad(format!("a value that raised {e}"))),
                            }
                        }
                    }
                    _ => {
                        for (i, name) in def.names().enumerate() {
                            match d.get_item(name) {
                                Ok(Some(value)) => each(i, PyFact::new(value, shape.field(name).unwrap_or(shape))),
                                Ok(None) => {}
                                Err(e) => each(i, PyFact::Bad(format!("a value that raised {e}"))),
                            }
                        }
                    }
                }
            }
            PyFact::Json(..) => {
                let Some(Json::Object(map)) = self.json() else { return };
                for (i, name) in def.names().enumerate() {
                    if map.contains_key(name) {
                        each(i, self.child(Step::Key(name.to_string())));
                    }
                }
            }
            PyFact::Bad(_) => {}
        }
    }

    fn item(&self, index: usize) -> Option<Self> {
        match self {
            PyFact::Py(v, shape) => {
                let l = v.cast_exact::<PyList>().ok()?;
                let item = l.get_item(index).ok()?;
                Some(PyFact::new(item, shape.item()))
            }
            PyFact::Json(..) => match self.json() {
                Some(Json::Array(items)) if index < items.len() => Some(self.child(Step::Index(index))),
                _ => None,
            },
            PyFact::Bad(_) => None,
        }
    }
}

/// A converted scalar as a fact it owns.
fn scalar(j: Json) -> Fact<'static> {
    match j {
        Json::Null => Fact::Null,
        Json::Bool(b) => Fact::Bool(b),
        Json::Number(n) => Fact::Number(Cow::Owned(n.as_str().to_string())),
        Json::String(s) => Fact::Text(Cow::Owned(s)),
        Json::Array(a) => Fact::List(a.len()),
        Json::Object(m) => Fact::Record(m.len()),
    }
}
