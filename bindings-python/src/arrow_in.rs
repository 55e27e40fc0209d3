//! Arrow columns as a [`FactSource`]: each row's facts read directly from the Arrow buffers (no
//! Python objects, no JSON per row), so that it runs without the GIL and on every core.
//!
//! The reading matches what the same values give through Python: integers stay integers, floats
//! are read as the text Python prints for them (NaN is missing), decimals keep their exact digits,
//! dates are dates, timestamps at midnight become dates, dictionary (categorical) columns are read
//! as their values. A column named `presensi.alpa_hari` fills the nested fact
//! `presensi.alpa_hari`, so flat tables (CSV, `pandas.json_normalize`) work as they are.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Date64Type, Decimal128Type, Decimal256Type, Float16Type, Float32Type, Float64Type, Int16Type,
    Int32Type, Int64Type, Int8Type, TimestampMicrosecondType, TimestampMillisecondType, TimestampNanosecondType,
    TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Decimal128Array, Decimal256Array, FixedSizeListArray, GenericListArray,
    GenericStringArray, MapArray, PrimitiveArray, RecordBatch, StringViewArray, StructArray,
};
use arrow_schema::{DataType, TimeUnit};
use chrono::{NaiveDate, NaiveDateTime, Timelike};
use std::borrow::Cow;
use std::sync::atomic::{AtomicUsize, Ordering};

use aturan_core::{Fact, FactSource, RecordDef};
use serde_json::Number;

use crate::convert;
use crate::shape::Shape;

/// How to read one Arrow array, chosen once per array.
pub enum Column {
    Null,
    Bool(BooleanArray),
    I8(PrimitiveArray<Int8Type>),
    I16(PrimitiveArray<Int16Type>),
    I32(PrimitiveArray<Int32Type>),
    I64(PrimitiveArray<Int64Type>),
    U8(PrimitiveArray<UInt8Type>),
    U16(PrimitiveArray<UInt16Type>),
    U32(PrimitiveArray<UInt32Type>),
    U64(PrimitiveArray<UInt64Type>),
    F16(PrimitiveArray<Float16Type>),
    F32(PrimitiveArray<Float32Type>),
    F64(PrimitiveArray<Float64Type>),
    Dec128(Decimal128Array),
    Dec256(Decimal256Array),
    Str(GenericStringArray<i32>),
    LargeStr(GenericStringArray<i64>),
    StrView(StringViewArray),
    Date32(PrimitiveArray<Date32Type>),
    Date64(PrimitiveArray<Date64Type>),
    TsSec(PrimitiveArray<TimestampSecondType>),
    TsMilli(PrimitiveArray<TimestampMillisecondType>),
    TsMicro(PrimitiveArray<TimestampMicrosecondType>),
    TsNano(PrimitiveArray<TimestampNanosecondType>),
    Struct { array: StructArray, fields: Vec<(Name, Column)> },
    List { array: GenericListArray<i32>, item: Box<Column> },
    LargeList { array: GenericListArray<i64>, item: Box<Column> },
    FixedList { array: FixedSizeListArray, size: usize, item: Box<Column> },
    Map { array: MapArray, keys: Box<Column>, values: Box<Column> },
    Dict { array: ArrayRef, keys: Vec<usize>, values: Box<Column> },
}

macro_rules! typed {
    ($array:expr, $variant:ident, $method:ident $(::<$t:ty>)?) => {
        $array.$method$(::<$t>)?().cloned().map(Column::$variant).ok_or_else(|| mismatch($array))
    };
}

/// An Arrow extension type (`pandas.period`, `arrow.uuid`) stores its values as another type,
/// whose raw values would be read as facts: a pandas Period of 2025 is the number 55 underneath.
/// Refused, naming the type.
fn extension(field: &arrow_schema::Field) -> Result<(), String> {
    match field.metadata().get("ARROW:extension:name") {
        Some(name) => Err(format!(
            "the Arrow extension type `{name}` (stored as {}) cannot be read as a fact; convert the column to a date, number or text first (for a pandas Period: `.dt.start_time` or `.dt.year`)",
            field.data_type()
        )),
        None => Ok(()),
    }
}

fn mismatch(array: &dyn Array) -> String {
    format!("the Arrow array does not hold its declared type {}", array.data_type())
}

impl Column {
    /// Chooses how to read `array`, reading only what `shape` declares; an Arrow type that cannot
    /// be a fact is an error naming it.
    pub fn new(array: &ArrayRef, shape: &Shape) -> Result<Column, String> {
        let a = array.as_ref();
        match a.data_type() {
            DataType::Null => Ok(Column::Null),
            DataType::Boolean => typed!(a, Bool, as_boolean_opt),
            DataType::Int8 => typed!(a, I8, as_primitive_opt::<Int8Type>),
            DataType::Int16 => typed!(a, I16, as_primitive_opt::<Int16Type>),
            DataType::Int32 => typed!(a, I32, as_primitive_opt::<Int32Type>),
            DataType::Int64 => typed!(a, I64, as_primitive_opt::<Int64Type>),
            DataType::UInt8 => typed!(a, U8, as_primitive_opt::<UInt8Type>),
            DataType::UInt16 => typed!(a, U16, as_primitive_opt::<UInt16Type>),
            DataType::UInt32 => typed!(a, U32, as_primitive_opt::<UInt32Type>),
            DataType::UInt64 => typed!(a, U64, as_primitive_opt::<UInt64Type>),
            DataType::Float16 => typed!(a, F16, as_primitive_opt::<Float16Type>),
            DataType::Float32 => typed!(a, F32, as_primitive_opt::<Float32Type>),
            DataType::Float64 => typed!(a, F64, as_primitive_opt::<Float64Type>),
            DataType::Decimal128(..) => typed!(a, Dec128, as_primitive_opt::<Decimal128Type>),
            DataType::Decimal256(..) => typed!(a, Dec256, as_primitive_opt::<Decimal256Type>),
            DataType::Utf8 => typed!(a, Str, as_string_opt::<i32>),
            DataType::LargeUtf8 => typed!(a, LargeStr, as_string_opt::<i64>),
            DataType::Utf8View => typed!(a, StrView, as_string_view_opt),
            DataType::Date32 => typed!(a, Date32, as_primitive_opt::<Date32Type>),
            DataType::Date64 => typed!(a, Date64, as_primitive_opt::<Date64Type>),
            DataType::Timestamp(TimeUnit::Second, _) => {
                typed!(a, TsSec, as_primitive_opt::<TimestampSecondType>)
            }
            DataType::Timestamp(TimeUnit::Millisecond, _) => {
                typed!(a, TsMilli, as_primitive_opt::<TimestampMillisecondType>)
            }
            DataType::Timestamp(TimeUnit::Microsecond, _) => {
                typed!(a, TsMicro, as_primitive_opt::<TimestampMicrosecondType>)
            }
            DataType::Timestamp(TimeUnit::Nanosecond, _) => {
                typed!(a, TsNano, as_primitive_opt::<TimestampNanosecondType>)
            }
            DataType::Struct(fields) => {
                let s = a.as_struct_opt().ok_or_else(|| mismatch(a))?;
                let mut columns = Vec::with_capacity(fields.len());
                for (field, child) in fields.iter().zip(s.columns()) {
                    let Some(child_shape) = shape.field(field.name()) else {
                        continue;
                    };
                    extension(field).map_err(|e| format!("{}: {e}", field.name()))?;
                    let column = Column::new(child, child_shape).map_err(|e| format!("{}: {e}", field.name()))?;
                    columns.push((Name::new(field.name()), column));
                }
                Ok(Column::Struct { array: s.clone(), fields: columns })
            }
            DataType::List(item) => {
                extension(item)?;
                let l = a.as_list_opt::<i32>().ok_or_else(|| mismatch(a))?;
                Ok(Column::List { array: l.clone(), item: Box::new(Column::new(l.values(), shape.item())?) })
            }
            DataType::LargeList(item) => {
                extension(item)?;
                let l = a.as_list_opt::<i64>().ok_or_else(|| mismatch(a))?;
                Ok(Column::LargeList { array: l.clone(), item: Box::new(Column::new(l.values(), shape.item())?) })
            }
            DataType::FixedSizeList(_, size) => {
                let l = a.as_fixed_size_list_opt().ok_or_else(|| mismatch(a))?;
                let size = usize::try_from(*size).map_err(|_| mismatch(a))?;
                Ok(Column::FixedList { array: l.clone(), size, item: Box::new(Column::new(l.values(), shape.item())?) })
            }
            DataType::Map(..) => {
                let m = a.as_map_opt().ok_or_else(|| mismatch(a))?;
                Ok(Column::Map {
                    array: m.clone(),
                    keys: Box::new(Column::new(m.keys(), &Shape::Any)?),
                    values: Box::new(Column::new(m.values(), &Shape::Any)?),
                })
            }
            DataType::Dictionary(..) => {
                let d = a.as_any_dictionary_opt().ok_or_else(|| mismatch(a))?;
                Ok(Column::Dict {
                    array: array.clone(),
                    keys: d.normalized_keys(),
                    values: Box::new(Column::new(d.values(), shape)?),
                })
            }
            // Bytes (what old Parquet writers give for text): decoded by the caller, who knows
            // their encoding; a duration is no date or number the policy declares.
            DataType::Binary | DataType::LargeBinary | DataType::BinaryView | DataType::FixedSizeBinary(_) => Err(format!(
                "Arrow type {} cannot be read as a fact: decode the bytes to text first (`table.column(name).cast(pa.string())` for UTF-8)",
                a.data_type()
            )),
            DataType::Duration(_) | DataType::Interval(_) => Err(format!(
                "Arrow type {} cannot be read as a fact: give the number of days (or another unit) the policy declares",
                a.data_type()
            )),
            other => Err(format!("Arrow type {other} cannot be read as a fact")),
        }
    }
}

fn f32_fact(x: f32) -> Fact<'static> {
    if x.is_nan() {
        return Fact::Null;
    }
    // The shortest text of the f32 itself (0.1f32 is "0.1"), as numpy prints it.
    let text = half_even(x, format!("{x:?}"));
    match <Number as std::str::FromStr>::from_str(&text) {
        Ok(_) => Fact::Number(Cow::Owned(text)),
        Err(_) => convert::float_fact(f64::from(x)),
    }
}

/// `text`, the shortest digits that read back as `x`, with its last digit made even where `x` lies
/// exactly halfway between two such texts (0.0166015625 is printed 0.016601562, not …563): numpy
/// breaks that tie so, and a float32 from Arrow reads as the same float32 through numpy.
fn half_even(x: f32, text: String) -> String {
    use rust_decimal::Decimal;
    let (Some(exact), Ok(shown)) = (Decimal::from_f32_retain(x), <Decimal as std::str::FromStr>::from_str(&text))
    else {
        return text;
    };
    // Past 28 places the decimal is rounded, not exact: no tie can be told.
    if exact.scale() >= 28 {
        return text;
    }
    let ulp = Decimal::new(1, shown.scale());
    let odd = (shown.mantissa() % 2) != 0;
    if !odd || (exact - shown).abs() * Decimal::TWO != ulp {
        return text;
    }
    // The other text as near: as many digits, the last one even.
    let other = exact * Decimal::TWO - shown;
    let other_text = other.normalize().to_string();
    if other_text.parse::<f32>() == Ok(x) {
        other_text
    } else {
        text
    }
}

/// A float16 value: the shortest text of the half-precision value itself, as numpy prints it.
type Half = <Float16Type as arrow_array::ArrowPrimitiveType>::Native;

fn f16_fact(x: Half) -> Fact<'static> {
    let wide = x.to_f32();
    if wide.is_nan() {
        return Fact::Null;
    }
    // The shortest decimal that reads back as the same half-precision value.
    for digits in 1..=5 {
        let text = format!("{wide:.*e}", digits - 1);
        if text.parse::<f32>().map(Half::from_f32) == Ok(x) {
            // Written plainly (`4.5`, not `4.5e0`), as numpy prints it and messages show it.
            let plain = rust_decimal::Decimal::from_scientific(&text).map(|d| d.normalize().to_string());
            if let Ok(n) = <Number as std::str::FromStr>::from_str(plain.as_deref().unwrap_or(&text)) {
                return Fact::Number(Cow::Owned(n.to_string()));
            }
        }
    }
    f32_fact(wide)
}

/// A decimal column's value: its exact digits, as a number when they read as one.
fn decimal_fact(text: String) -> Fact<'static> {
    match <Number as std::str::FromStr>::from_str(&text) {
        Ok(_) => Fact::Number(Cow::Owned(text)),
        Err(_) => Fact::Text(Cow::Owned(text)),
    }
}

/// The name of a struct field or of a group of columns, with the slot it fills in the record the
/// policy declares there: found on the first row and remembered (every row of a batch is read
/// against the same declaration), so that the rows after it do not search for it.
pub struct Name {
    text: String,
    /// The slot plus one; zero until found.
    slot: AtomicUsize,
}

impl Name {
    fn new(text: &str) -> Name {
        Name { text: text.to_string(), slot: AtomicUsize::new(0) }
    }

    /// The slot of this name in `def`, if `def` declares it.
    fn slot(&self, def: &RecordDef) -> Option<usize> {
        let known = self.slot.load(Ordering::Relaxed).checked_sub(1);
        // What was remembered is checked (one comparison instead of a search): a different
        // declaration is looked up again.
        if let Some(k) = known.filter(|k| def.fields.get(*k).is_some_and(|f| f.name == self.text)) {
            return Some(k);
        }
        let k = def.slot(&self.text)?;
        self.slot.store(k + 1, Ordering::Relaxed);
        Some(k)
    }
}

/// A field's name as a struct or map gives it.
pub enum Key<'a> {
    Planned(&'a Name),
    Text(&'a str),
}

/// How to read every row of a record batch as an employee's facts.
pub struct Rows {
    /// The columns the policy reads, as one record: a column named `presensi.alpa_hari` sits in
    /// a group `presensi`.
    root: Node,
}

/// Part of a row: a column, a group of columns sharing a name prefix, or several of these under
/// one name (a struct column `presensi` and a column `presensi.alpa_hari`), read in column order.
pub enum Node {
    Col(Column),
    Group(Vec<(Name, Node)>),
    Merge(Vec<Node>),
}

impl Node {
    fn insert(&mut self, path: &[String], column: Column) {
        let Node::Group(entries) = self else { return };
        let Some((first, rest)) = path.split_first() else { return };
        let new = |column: Column| -> Node {
            if rest.is_empty() {
                Node::Col(column)
            } else {
                let mut group = Node::Group(Vec::new());
                group.insert(rest, column);
                group
            }
        };
        match entries.iter_mut().find(|(name, _)| name.text == *first) {
            None => entries.push((Name::new(first), new(column))),
            Some((_, existing)) => match existing {
                // The same column name twice: the first one counts.
                Node::Col(_) if rest.is_empty() => {}
                Node::Group(_) if !rest.is_empty() => existing.insert(rest, column),
                Node::Merge(members) => match members.iter_mut().find(|m| matches!(m, Node::Group(_))) {
                    Some(group) if !rest.is_empty() => group.insert(rest, column),
                    _ => members.push(new(column)),
                },
                _ => {
                    let earlier = std::mem::replace(existing, Node::Merge(Vec::new()));
                    *existing = Node::Merge(vec![earlier, new(column)]);
                }
            },
        }
    }
}

impl Rows {
    /// Plans the reading of `batch`: columns the policy does not declare are left out.
    pub fn new(batch: &RecordBatch, shape: &Shape) -> Result<Rows, String> {
        let schema = batch.schema();
        let mut root = Node::Group(Vec::new());
        for (field, array) in schema.fields().iter().zip(batch.columns()) {
            let path: Vec<String> = field.name().split('.').map(str::to_string).collect();
            let mut column_shape = Some(shape);
            for part in &path {
                column_shape = column_shape.and_then(|s| s.declared(part));
            }
            let Some(column_shape) = column_shape else {
                continue;
            };
            extension(field).map_err(|e| format!("column `{}`: {e}", field.name()))?;
            let column = Column::new(array, column_shape).map_err(|e| format!("column `{}`: {e}", field.name()))?;
            root.insert(&path, column);
        }
        Ok(Rows { root })
    }

    /// The facts of row `i`.
    pub fn fact(&self, i: usize) -> ArrowFact<'_> {
        ArrowFact::Row(&self.root, i)
    }
}

/// A handle on one value of a row.
#[derive(Clone, Copy)]
pub enum ArrowFact<'a> {
    /// A whole row: a record, even where every column is empty.
    Row(&'a Node, usize),
    Node(&'a Node, usize),
    Col(&'a Column, usize),
}

impl FactSource for ArrowFact<'_> {
    fn fact(&self) -> Fact<'_> {
        match *self {
            ArrowFact::Row(Node::Group(entries), _) => Fact::Record(entries.len()),
            ArrowFact::Row(..) => Fact::Record(0),
            ArrowFact::Col(column, i) => column.fact(i),
            ArrowFact::Node(Node::Col(column), i) => column.fact(i),
            // A record given as flat columns (`presensi.tahun`, `presensi.alpa_hari`, as
            // `pandas.json_normalize` writes a record the row lacks) whose columns are all empty
            // in this row is missing as a whole, as it is from a DataFrame or a dict.
            ArrowFact::Node(Node::Group(entries), i) => {
                if entries.iter().all(|(_, node)| ArrowFact::Node(node, i).fact() == Fact::Null) {
                    Fact::Null
                } else {
                    Fact::Record(entries.len())
                }
            }
            ArrowFact::Node(Node::Merge(members), i) => {
                let mut n = 0;
                let mut given = false;
                for m in members {
                    match ArrowFact::Node(m, i).fact() {
                        Fact::Record(k) => {
                            n += k;
                            given = true;
                        }
                        Fact::Null => {}
                        // Something that is no record under a record's name: as JSON would have it,
                        // the later columns replace it.
                        _ => {
                            n = 0;
                            given = true;
                        }
                    }
                }
                // The record's own column and its flat columns all empty: missing as a whole.
                if given {
                    Fact::Record(n)
                } else {
                    Fact::Null
                }
            }
        }
    }

    fn fields(&self, def: &RecordDef, each: &mut dyn FnMut(usize, Self)) {
        match *self {
            ArrowFact::Row(node, i) => ArrowFact::Node(node, i).fields(def, each),
            ArrowFact::Col(column, i) | ArrowFact::Node(Node::Col(column), i) => column.fields(i, &mut |name, v| {
                let slot = match name {
                    Key::Planned(name) => name.slot(def),
                    Key::Text(text) => def.slot(text),
                };
                if let Some(k) = slot {
                    each(k, v);
                }
            }),
            ArrowFact::Node(Node::Group(entries), i) => {
                for (name, node) in entries {
                    if let Some(k) = name.slot(def) {
                        each(k, ArrowFact::Node(node, i));
                    }
                }
            }
            ArrowFact::Node(Node::Merge(members), i) => {
                for m in members {
                    ArrowFact::Node(m, i).fields(def, each);
                }
            }
        }
    }

    fn items(&self, each: &mut dyn FnMut(usize, Self)) {
        match *self {
            ArrowFact::Col(column, i) | ArrowFact::Node(Node::Col(column), i) => column.items(i, each),
            ArrowFact::Row(..) | ArrowFact::Node(..) => {}
        }
    }
}

impl Column {
    /// Row `i` as a fact, read as the same value gives through Python.
    pub fn fact(&self, i: usize) -> Fact<'_> {
        fn int<T: Into<i128>>(x: T) -> Fact<'static> {
            let x: i128 = x.into();
            match i64::try_from(x) {
                Ok(i) => Fact::Int(i),
                Err(_) => Fact::Number(Cow::Owned(x.to_string())),
            }
        }
        fn moment(t: Option<chrono::DateTime<chrono::Utc>>) -> Fact<'static> {
            match t {
                None => Fact::Text(Cow::Borrowed("a timestamp out of range")),
                Some(t) => {
                    let n: NaiveDateTime = t.naive_utc();
                    if n.num_seconds_from_midnight() == 0 && n.nanosecond() == 0 {
                        Fact::Date(n.date())
                    } else {
                        Fact::Text(Cow::Owned(n.format("%Y-%m-%dT%H:%M:%S%.f").to_string()))
                    }
                }
            }
        }
        macro_rules! read {
            ($a:expr, $f:expr) => {
                if $a.is_null(i) {
                    Fact::Null
                } else {
                    $f
                }
            };
        }
        match self {
            Column::Null => Fact::Null,
            Column::Bool(a) => read!(a, Fact::Bool(a.value(i))),
            Column::I8(a) => read!(a, int(a.value(i))),
            Column::I16(a) => read!(a, int(a.value(i))),
            Column::I32(a) => read!(a, int(a.value(i))),
            Column::I64(a) => read!(a, int(a.value(i))),
            Column::U8(a) => read!(a, int(a.value(i))),
            Column::U16(a) => read!(a, int(a.value(i))),
            Column::U32(a) => read!(a, int(a.value(i))),
            Column::U64(a) => read!(a, int(a.value(i))),
            Column::F16(a) => read!(a, f16_fact(a.value(i))),
            Column::F32(a) => read!(a, f32_fact(a.value(i))),
            Column::F64(a) => read!(a, convert::float_fact(a.value(i))),
            Column::Dec128(a) => read!(a, decimal_fact(a.value_as_string(i))),
            Column::Dec256(a) => read!(a, decimal_fact(a.value_as_string(i))),
            Column::Str(a) => read!(a, Fact::Text(Cow::Borrowed(a.value(i)))),
            Column::LargeStr(a) => read!(a, Fact::Text(Cow::Borrowed(a.value(i)))),
            Column::StrView(a) => read!(a, Fact::Text(Cow::Borrowed(a.value(i)))),
            Column::Date32(a) => read!(a, {
                let days = a.value(i);
                match days.checked_add(719_163).and_then(NaiveDate::from_num_days_from_ce_opt) {
                    Some(d) => Fact::Date(d),
                    None => Fact::Text(Cow::Owned(format!("day {days} after 1970-01-01"))),
                }
            }),
            Column::Date64(a) => read!(a, moment(chrono::DateTime::from_timestamp_millis(a.value(i)))),
            Column::TsSec(a) => read!(a, moment(chrono::DateTime::from_timestamp_secs(a.value(i)))),
            Column::TsMilli(a) => read!(a, moment(chrono::DateTime::from_timestamp_millis(a.value(i)))),
            Column::TsMicro(a) => read!(a, moment(chrono::DateTime::from_timestamp_micros(a.value(i)))),
            Column::TsNano(a) => read!(a, moment(Some(chrono::DateTime::from_timestamp_nanos(a.value(i))))),
            Column::Struct { array, fields } => read!(array, Fact::Record(fields.len())),
            Column::List { array, .. } => read!(array, Fact::List(array.value_length(i).try_into().unwrap_or(0))),
            Column::LargeList { array, .. } => {
                read!(array, Fact::List(array.value_length(i).try_into().unwrap_or(0)))
            }
            Column::FixedList { array, size, .. } => read!(array, Fact::List(*size)),
            Column::Map { array, .. } => read!(array, Fact::Record(array.value_length(i).try_into().unwrap_or(0))),
            Column::Dict { array, keys, values } => read!(
                array,
                match keys.get(i) {
                    Some(k) => values.fact(*k),
                    None => Fact::Null,
                }
            ),
        }
    }

    /// For a struct or map at row `i`: each field's name and value.
    fn fields<'a>(&'a self, i: usize, each: &mut dyn FnMut(Key<'_>, ArrowFact<'a>)) {
        match self {
            Column::Struct { array, fields } if !array.is_null(i) => {
                for (name, column) in fields {
                    each(Key::Planned(name), ArrowFact::Col(column, i));
                }
            }
            Column::Map { array, keys, values } if !array.is_null(i) => {
                let offsets = array.value_offsets();
                let start = offsets.get(i).copied().and_then(|o| usize::try_from(o).ok()).unwrap_or(0);
                let end = offsets.get(i + 1).copied().and_then(|o| usize::try_from(o).ok()).unwrap_or(start);
                for j in start..end {
                    let key = match keys.fact(j) {
                        Fact::Text(s) => s.into_owned(),
                        Fact::Int(n) => n.to_string(),
                        Fact::Number(n) => n.into_owned(),
                        _ => continue,
                    };
                    each(Key::Text(&key), ArrowFact::Col(values, j));
                }
            }
            Column::Dict { array, keys, values } if !array.is_null(i) => {
                if let Some(k) = keys.get(i) {
                    values.fields(*k, each);
                }
            }
            _ => {}
        }
    }

    /// For a list at row `i`: each item with its index.
    fn items<'a>(&'a self, i: usize, each: &mut dyn FnMut(usize, ArrowFact<'a>)) {
        fn span<O: TryInto<usize> + Copy>(offsets: &[O], i: usize) -> std::ops::Range<usize> {
            let start = offsets.get(i).copied().and_then(|o| o.try_into().ok()).unwrap_or(0);
            let end = offsets.get(i + 1).copied().and_then(|o| o.try_into().ok()).unwrap_or(start);
            start..end
        }
        let (range, item) = match self {
            Column::List { array, item } if !array.is_null(i) => (span(array.value_offsets(), i), item),
            Column::LargeList { array, item } if !array.is_null(i) => (span(array.value_offsets(), i), item),
            Column::FixedList { array, size, item } if !array.is_null(i) => (i * size..(i + 1) * size, item),
            Column::Dict { array, keys, values } if !array.is_null(i) => {
                if let Some(k) = keys.get(i) {
                    values.items(*k, each);
                }
                return;
            }
            _ => return,
        };
        for (k, j) in range.enumerate() {
            each(k, ArrowFact::Col(item, j));
        }
    }
}
