//! The shape of the facts a policy declares, used to read only what it reads: fields it does not
//! declare are ignored by the engine, so converting them (a `nama` column, a photo) is wasted work.

use std::collections::HashMap;

use aturan_core::{FactsSchema, FieldInfo, TypeInfo};

/// What to convert of a value.
pub enum Shape {
    /// All of it (a scalar, or a value whose type does not match the declaration, which the
    /// engine then reports).
    Any,
    /// Only the declared fields of a record.
    Record(HashMap<String, Shape>),
    /// Every item, each of the item's shape.
    List(Box<Shape>),
}

impl Shape {
    pub fn of_facts(schema: &FactsSchema) -> Shape {
        Shape::record(&schema.fields)
    }

    fn record(fields: &[FieldInfo]) -> Shape {
        Shape::Record(fields.iter().map(|f| (f.name.clone(), Shape::of_type(&f.ty))).collect())
    }

    fn of_type(ty: &TypeInfo) -> Shape {
        match ty {
            TypeInfo::Record { fields } => Shape::record(fields),
            TypeInfo::List { item } => Shape::List(Box::new(Shape::of_type(item))),
            _ => Shape::Any,
        }
    }

    /// The shape of a field of this record; `None` when the record does not declare it.
    pub fn field(&self, name: &str) -> Option<&Shape> {
        match self {
            Shape::Record(fields) => fields.get(name),
            Shape::Any | Shape::List(_) => Some(&ANY),
        }
    }

    /// The shape of the items of this list.
    pub fn item(&self) -> &Shape {
        match self {
            Shape::List(item) => item,
            Shape::Any | Shape::Record(_) => &ANY,
        }
    }
}

static ANY: Shape = Shape::Any;
