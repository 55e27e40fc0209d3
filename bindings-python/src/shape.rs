//! The shape of the facts a policy declares, used to read only what it reads: fields it does not
//! declare are ignored by the engine, so converting them (a `nama` column, a photo) is wasted work.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use aturan_core::{field_named_like, FactsSchema, FieldInfo, TypeInfo};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

/// What to convert of a value.
pub enum Shape {
    /// All of it (a scalar, or a value whose type does not match the declaration, which the
    /// engine then reports).
    Any,
    /// Only the declared fields of a record.
    Record(Record),
    /// Every item, each of the item's shape.
    List(Box<Shape>),
    /// A value of an enum: its values as interned Python strings, found by their hash.
    Enum(EnumShape),
}

pub struct EnumShape {
    values: Vec<Py<PyString>>,
    /// Each value's Python hash (which a `str` keeps once worked out).
    hashes: Vec<isize>,
}

impl EnumShape {
    /// The index of `s` among the enum's values, without copying its text out of Python: the
    /// same string object, or else the same hash and an equal string (enums are short lists).
    pub fn index_of(&self, s: &Bound<'_, PyString>) -> Option<u16> {
        let py = s.py();
        for (i, v) in self.values.iter().enumerate() {
            if s.is(v.bind(py)) {
                return u16::try_from(i).ok();
            }
        }
        let hash = s.hash().ok()?;
        let same = |(h, v): (&isize, &Py<PyString>)| *h == hash && s.as_any().eq(v.bind(py)).unwrap_or(false);
        self.hashes.iter().zip(&self.values).position(same).and_then(|i| u16::try_from(i).ok())
    }
}

pub struct Record {
    pub fields: Vec<Field>,
    by_name: HashMap<String, usize>,
    /// Undeclared keys met so far, and whether each is named like a field declared here.
    judged: Mutex<HashMap<String, bool>>,
}

/// The most undeclared keys a record remembers having judged (a dict keyed by dates or ids
/// would otherwise grow the memory without end).
const MAX_JUDGED: usize = 10_000;

impl Record {
    /// Whether `d` has a key this record does not declare but that is named like a field it
    /// declares (`alpa_hri`, `Tahun`), or like a field of a record it declares (`alpa_hari` at
    /// the top for `presensi.alpa_hari`): a cheap first look, run under the GIL for every dict
    /// that lacks a declared field, before the exact one of `Policy::misspelt_fields`.
    pub fn has_key_like_declared(&self, d: &Bound<'_, PyDict>) -> bool {
        let py = d.py();
        for (key, _) in d.iter() {
            // Keys are mostly the interned names themselves (or one object per name, as
            // `json.loads` makes them): compared as objects first.
            if self.fields.iter().any(|f| key.is(f.key.bind(py))) {
                continue;
            }
            let Ok(key) = key.cast::<PyString>() else { continue };
            let Ok(key) = key.to_cow() else { continue };
            if !self.by_name.contains_key(key.as_ref()) && self.named_like_declared(&key) {
                return true;
            }
        }
        false
    }

    fn named_like_declared(&self, key: &str) -> bool {
        let mut judged = self.judged.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(like) = judged.get(key) {
            return *like;
        }
        let names = self.fields.iter().map(|f| f.name.as_str());
        let like = field_named_like(key, names).is_some()
            || self.fields.iter().any(|f| matches!(&f.shape, Shape::Record(r) if r.by_name.contains_key(key)));
        if judged.len() < MAX_JUDGED {
            judged.insert(key.to_string(), like);
        }
        like
    }
}

pub struct Field {
    pub name: String,
    /// The name as an interned Python string: looking it up in a dict needs no conversion.
    pub key: Py<PyString>,
    pub shape: Shape,
}

impl Shape {
    pub fn of_facts(py: Python<'_>, schema: &FactsSchema) -> Shape {
        Shape::record(py, &schema.fields)
    }

    fn record(py: Python<'_>, fields: &[FieldInfo]) -> Shape {
        let fields: Vec<Field> = fields
            .iter()
            .map(|f| Field {
                name: f.name.clone(),
                key: PyString::intern(py, &f.name).unbind(),
                shape: Shape::of_type(py, &f.ty),
            })
            .collect();
        let by_name = fields.iter().enumerate().map(|(i, f)| (f.name.clone(), i)).collect();
        Shape::Record(Record { fields, by_name, judged: Mutex::default() })
    }

    fn of_type(py: Python<'_>, ty: &TypeInfo) -> Shape {
        match ty {
            TypeInfo::Record { fields } => Shape::record(py, fields),
            TypeInfo::List { item } => Shape::List(Box::new(Shape::of_type(py, item))),
            TypeInfo::Enum { values, .. } => {
                let values: Vec<Py<PyString>> = values.iter().map(|v| PyString::intern(py, v).unbind()).collect();
                // Python always works out a `str`'s hash; -1 is never one.
                let hashes = values.iter().map(|v| v.bind(py).hash().unwrap_or(-1)).collect();
                Shape::Enum(EnumShape { values, hashes })
            }
            _ => Shape::Any,
        }
    }

    /// The shape of a field of this record; `None` when the record does not declare it.
    pub fn field(&self, name: &str) -> Option<&Shape> {
        match self {
            Shape::Record(r) => r.by_name.get(name).and_then(|i| r.fields.get(*i)).map(|f| &f.shape),
            Shape::Any | Shape::List(_) | Shape::Enum(_) => Some(&ANY),
        }
    }

    /// The shape of a field the record declares: `None` for an undeclared one, and for anything
    /// under a value that is no record (`pelatihan.total_jp` beside a `pelatihan` list, `nama.gelar`
    /// beside a `nama` text), which a flat dotted column then cannot mean.
    pub fn declared(&self, name: &str) -> Option<&Shape> {
        match self {
            Shape::Record(_) => self.field(name),
            Shape::Any | Shape::List(_) | Shape::Enum(_) => None,
        }
    }

    /// The shape of the items of this list.
    pub fn item(&self) -> &Shape {
        match self {
            Shape::List(item) => item,
            Shape::Any | Shape::Record(_) | Shape::Enum(_) => &ANY,
        }
    }
}

static ANY: Shape = Shape::Any;
