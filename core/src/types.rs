//! Static types of facts, values and expressions, resolved at compile time.

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::info::{FieldInfo, TypeInfo};

/// An enum declared in the policy (or the sanction levels of the `severity` declaration).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumDef {
    /// The enum's name (`golongan`).
    pub name: String,
    /// Whether its values compare with `<` (declared `ordered`), lowest first.
    pub ordered: bool,
    /// Its values, in declaration order.
    pub values: Vec<String>,
}

/// Whether two names are the same, telling most apart by length and last byte without comparing
/// the text: facts name fields and enum values a policy does not declare (and `III/a` and `III/b`
/// differ in the last byte).
#[inline]
fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().last() == b.as_bytes().last() && a == b
}

impl EnumDef {
    /// The index of the value named `v` (what [`crate::Fact::Enum`] holds), if the enum has it.
    pub fn index_of(&self, v: &str) -> Option<u16> {
        self.values.iter().position(|x| same_name(x, v)).and_then(|i| u16::try_from(i).ok())
    }
}

/// A record type: named fields, each stored in a slot of the record's value.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordDef {
    /// The declared fields, in declaration order: a field's index is its slot
    /// (what [`crate::FactSource::fields`] passes).
    pub fields: Vec<FieldDef>,
}

impl RecordDef {
    #[inline]
    /// The slot of the field named `name`, if the record declares it.
    pub fn slot(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| same_name(&f.name, name))
    }
}

#[derive(Debug, Clone, PartialEq)]
/// One declared field of a record of the facts.
pub struct FieldDef {
    /// The field's name.
    pub name: String,
    /// Its type.
    pub ty: Ty,
    /// Whether it is declared optional (`?`).
    pub optional: bool,
    /// The least value allowed (`int >= 0`), for a number.
    pub min: Option<Decimal>,
    /// The greatest value allowed (`decimal <= 100`), for a number.
    pub max: Option<Decimal>,
    /// Its documentation comment, if the policy gives one.
    pub doc: Option<String>,
    /// For a list of records, the slot of the field no two items may share (`unique by tahun`).
    pub unique_by: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
/// The type of a fact, parameter or expression.
pub enum Ty {
    /// `bool`.
    Bool,
    /// `int`: a whole number (64 bits).
    Int,
    /// `decimal`: an exact decimal number (up to 28 places).
    Decimal,
    /// `text`.
    Text,
    /// `date`.
    Date,
    /// A value of a declared enum.
    Enum(Arc<EnumDef>),
    /// A record of named fields.
    Record(Arc<RecordDef>),
    /// A list of items of one type.
    List(Box<Ty>),
    /// The sanction imposed by this decision: `.code` and `.level`.
    Sanction,
    /// The type of `none`: fits anywhere.
    Nothing,
    /// A range `a..b` (only on the right of `in`).
    Range(Box<Ty>),
    /// An expression that already has an error: silences follow-up errors.
    Error,
}

impl Ty {
    /// Whether it is `int` or `decimal`.
    pub fn is_numeric(&self) -> bool {
        matches!(self, Ty::Int | Ty::Decimal)
    }

    /// Whether a value of type `other` can be compared with / stand where this type is expected.
    pub fn accepts(&self, other: &Ty) -> bool {
        match (self, other) {
            (Ty::Error, _) | (_, Ty::Error) | (Ty::Nothing, _) | (_, Ty::Nothing) => true,
            (a, b) if a.is_numeric() && b.is_numeric() => true,
            (Ty::Enum(a), Ty::Enum(b)) => a.name == b.name,
            (Ty::List(a), Ty::List(b)) => a.accepts(b),
            (Ty::Record(a), Ty::Record(b)) => Arc::ptr_eq(a, b) || a == b,
            (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
        }
    }

    /// A readable name for messages.
    pub fn describe(&self) -> String {
        match self {
            Ty::Bool => "bool".into(),
            Ty::Int => "int".into(),
            Ty::Decimal => "decimal".into(),
            Ty::Text => "text".into(),
            Ty::Date => "date".into(),
            Ty::Enum(e) => e.name.clone(),
            Ty::Record(_) => "record".into(),
            Ty::List(t) => format!("list of {}", t.describe()),
            Ty::Sanction => "sanction".into(),
            Ty::Nothing => "none".into(),
            Ty::Range(t) => format!("range of {}", t.describe()),
            Ty::Error => "?".into(),
        }
    }

    /// [`Ty::describe`] in the Indonesian type names a policy may also write (`bulat`, `teks`,
    /// `tanggal`…), for Indonesian messages.
    pub fn describe_id(&self) -> String {
        match self {
            Ty::Bool => "logika".into(),
            Ty::Int => "bulat".into(),
            Ty::Decimal => "desimal".into(),
            Ty::Text => "teks".into(),
            Ty::Date => "tanggal".into(),
            Ty::Enum(e) => e.name.clone(),
            Ty::Record(_) => "rekaman".into(),
            Ty::List(t) => format!("daftar dari {}", t.describe_id()),
            Ty::Sanction => "sanksi".into(),
            Ty::Nothing => "tidak_ada".into(),
            Ty::Range(t) => format!("rentang dari {}", t.describe_id()),
            Ty::Error => "?".into(),
        }
    }

    /// Its description, as [`crate::Policy::schema`] gives it.
    pub fn info(&self) -> TypeInfo {
        match self {
            Ty::Bool => TypeInfo::Bool,
            Ty::Int => TypeInfo::Int { min: None, max: None },
            Ty::Decimal => TypeInfo::Decimal { min: None, max: None },
            Ty::Date => TypeInfo::Date,
            Ty::Enum(e) => TypeInfo::Enum { name: e.name.clone(), ordered: e.ordered, values: e.values.clone() },
            Ty::Record(r) => TypeInfo::Record { fields: r.fields.iter().map(FieldDef::info).collect() },
            Ty::List(t) => TypeInfo::List { item: Box::new(t.info()) },
            _ => TypeInfo::Text,
        }
    }
}

impl FieldDef {
    /// Its description, bounds included, as [`crate::Policy::schema`] gives it.
    pub fn info(&self) -> FieldInfo {
        let mut ty = self.ty.info();
        match &mut ty {
            TypeInfo::Int { min, max } | TypeInfo::Decimal { min, max } => {
                *min = self.min.map(|d| d.normalize().to_string());
                *max = self.max.map(|d| d.normalize().to_string());
            }
            _ => {}
        }
        let unique_by = match (&self.ty, self.unique_by) {
            (Ty::List(item), Some(slot)) => match &**item {
                Ty::Record(r) => r.fields.get(slot).map(|f| f.name.clone()),
                _ => None,
            },
            _ => None,
        };
        FieldInfo { name: self.name.clone(), optional: self.optional, doc: self.doc.clone(), ty, unique_by }
    }
}
