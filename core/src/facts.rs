//! The boundary: an employee's facts, checked against the `facts` declaration and turned into
//! slot records. Every mismatch is reported with its path (`kinerja[1].nilai_skp`); extra fields
//! are ignored; `null` and absent fields become known-absent values that rules read as missing
//! facts.
//!
//! Facts come from JSON, or from any other [`FactSource`] (the Python package reads Arrow columns
//! through one). Every source is checked by the same reader, so the same facts give the same
//! values and the same errors whatever they came in.

use std::borrow::Cow;
use std::sync::Arc;

use aturan_dsl::{did_you_mean, Text};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value as Json;

use crate::policy::FactIssue;
use crate::types::{FieldDef, RecordDef, Ty};
use crate::value::{dec_cmp, dec_int_cmp, iso_date, parse_iso_date, Value};

/// Lists longer than this are refused: a policy is not the place to process unbounded data.
pub const MAX_LIST: usize = 100_000;

/// One value of an employee's facts, as a source holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Fact<'a> {
    /// Absent: `null`, `None`, an Arrow null, a float NaN.
    Null,
    /// A boolean.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// An exact decimal.
    Decimal(Decimal),
    /// A number as decimal text, exactly as sent (`86.5`, `1e3`); a source with binary floats
    /// gives their shortest text, so that `0.1` is 0.1.
    Number(Cow<'a, str>),
    /// A text (a date or a number may come as text, and reads as one).
    Text(Cow<'a, str>),
    /// A value of the enum the policy declares here, by its index in the declaration (a source
    /// that knows the declaration can name it without the text).
    Enum(u16),
    /// A date.
    Date(NaiveDate),
    /// A record (an object, a mapping, a struct) with this many fields.
    Record(usize),
    /// A list with this many items.
    List(usize),
    /// Something that cannot be a fact, described for the error message (`a value of type set`).
    Other(Cow<'a, str>),
}

/// Where facts come from: JSON values, Arrow columns, Python objects. A source is a cheap handle
/// on one value; the reader asks it for what the policy declares and nothing else.
pub trait FactSource: Sized {
    /// The value this handle is on.
    fn fact(&self) -> Fact<'_>;

    /// For a record: calls `each` with every field the source holds that `def` declares, with the
    /// field's index in `def`.
    fn fields(&self, def: &RecordDef, each: &mut dyn FnMut(usize, Self));

    /// For a list: calls `each` with every item, in order, with its index.
    fn items(&self, each: &mut dyn FnMut(usize, Self));
}

/// A JSON value as a fact.
pub fn json_fact(j: &Json) -> Fact<'_> {
    match j {
        Json::Null => Fact::Null,
        Json::Bool(b) => Fact::Bool(*b),
        Json::Number(n) => Fact::Number(Cow::Borrowed(n.as_str())),
        Json::String(s) => Fact::Text(Cow::Borrowed(s)),
        Json::Array(items) => Fact::List(items.len()),
        Json::Object(map) => Fact::Record(map.len()),
    }
}

impl FactSource for &Json {
    fn fact(&self) -> Fact<'_> {
        json_fact(self)
    }

    fn fields(&self, def: &RecordDef, each: &mut dyn FnMut(usize, Self)) {
        // Walk the object once (extra fields are skipped by a length-first name match) instead
        // of hashing every declared name.
        if let Json::Object(map) = self {
            for (k, v) in map {
                if let Some(i) = def.slot(k) {
                    each(i, v);
                }
            }
        }
    }

    fn items(&self, each: &mut dyn FnMut(usize, Self)) {
        if let Json::Array(items) = self {
            for (i, x) in items.iter().enumerate() {
                each(i, x);
            }
        }
    }
}

/// Where the reader is, kept as a chain on the stack and only written out for an error.
#[derive(Clone, Copy)]
enum Path<'p> {
    Root,
    Field(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl Path<'_> {
    fn text(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Field(up, name) => {
                up.write(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Path::Index(up, i) => {
                up.write(out);
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
}

struct Reader {
    issues: Vec<FactIssue>,
}

/// `expected`, said of a text that holds JSON (`'[{"tahun": 2024}]'`, a list a CSV column holds):
/// to be read first.
fn json_text(expected: Text) -> Text {
    Text::new(
        format!("{} (this is one written as JSON text: read it first: `json.loads`, `JSON.parse`)", expected.en),
        format!("{} (ini tertulis sebagai teks JSON: baca dahulu: `json.loads`, `JSON.parse`)", expected.id),
    )
}

/// A whole number a spreadsheet gives for a day (20000 is 1954-10-03, 80000 is 2119-01-10) in a
/// cell not formatted as a date: the range of days an HR record holds.
fn day_number(f: &Fact<'_>) -> Option<i64> {
    let n = match f {
        Fact::Int(n) => *n,
        Fact::Number(n) => n.parse::<i64>().ok()?,
        _ => return None,
    };
    (20_000..=80_000).contains(&n).then_some(n)
}

/// A date with a time after it (`2024-01-05 00:00:00`, `2024-01-05T08:30`): its day, and whether
/// the time is midnight.
fn with_time(s: &str) -> Option<(String, bool)> {
    let (day, time) = (s.get(..10)?, s.get(10..)?);
    parse_iso_date(day)?;
    let time = time.strip_prefix([' ', 'T'])?;
    if time.is_empty() || !time.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let clock = time.trim_end_matches('Z');
    let midnight = clock.chars().all(|c| matches!(c, '0' | ':' | '.'));
    Some((day.to_string(), midnight))
}

/// A name without the byte-order mark a file may put before its first column's name: `\u{feff}`,
/// or `ï»¿` as Latin-1 reads it (a CSV a spreadsheet wrote, read without `utf-8-sig`).
pub fn without_byte_order_mark(name: &str) -> &str {
    name.trim_start_matches('\u{feff}').trim_start_matches("\u{ef}\u{bb}\u{bf}")
}

/// The declared field among `fields` that an undeclared one named `name` may be a slip for
/// (`alpa_hri` for `alpa_hari`, `Tahun` for `tahun`): close in spelling and in length. The one
/// test of a misspelt field, for the facts of one employee and for a batch's columns and keys.
/// A byte-order mark before the name (`\u{feff}nip`, or `ï»¿nip` as Latin-1 reads it: the first
/// column of a CSV a spreadsheet wrote, read without `utf-8-sig`) does not count.
pub fn field_named_like<'a>(name: &str, fields: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let name = without_byte_order_mark(name);
    did_you_mean(name, fields).filter(|f| f.len().abs_diff(name.len()) <= 2)
}

/// The fields of `j` that `def` does not declare, with their paths, each with the declared field
/// it may be a slip for (among those `j` lacks): records and the records in lists are walked (at
/// most 100 items of each list), and at most `limit` are found.
pub(crate) fn undeclared(def: &RecordDef, j: &Json, at: &str, limit: usize, out: &mut Vec<(String, Option<String>)>) {
    let root = if at.is_empty() { Path::Root } else { Path::Field(&Path::Root, at) };
    undeclared_at(def, j, &root, limit, out);
}

/// [`undeclared`] below `at`; a path is written out only for a field found undeclared (a
/// command that looks at every employee of a million does not make one per field).
fn undeclared_at(def: &RecordDef, j: &Json, at: &Path<'_>, limit: usize, out: &mut Vec<(String, Option<String>)>) {
    let Json::Object(map) = j else { return };
    for (name, v) in map {
        if out.len() >= limit {
            return;
        }
        let here = Path::Field(at, name);
        match def.slot(name).and_then(|i| def.fields.get(i)) {
            None => {
                // A declared field given as `null` is missing too.
                let absent =
                    def.fields.iter().map(|f| f.name.as_str()).filter(|f| map.get(*f).is_none_or(Json::is_null));
                let near = field_named_like(name, absent).map(str::to_string);
                // A field of a declared record given outside it (`alpa_hari` for a missing
                // `presensi.alpa_hari`, as a flat export names it).
                let near = near.or_else(|| {
                    def.fields.iter().find_map(|f| {
                        let Ty::Record(r) = &f.ty else { return None };
                        r.slot(name)?;
                        let given = map.get(&f.name).and_then(|inner| inner.get(name));
                        given.is_none_or(Json::is_null).then(|| format!("{}.{name}", f.name))
                    })
                });
                let near = near.map(|n| match at {
                    Path::Root => n,
                    _ => format!("{}.{n}", at.text()),
                });
                out.push((here.text(), near));
            }
            Some(f) => match (&f.ty, v) {
                (Ty::Record(r), _) => undeclared_at(r, v, &here, limit, out),
                (Ty::List(item), Json::Array(items)) => {
                    if let Ty::Record(r) = item.as_ref() {
                        for (i, x) in items.iter().take(100).enumerate() {
                            undeclared_at(r, x, &Path::Index(&here, i), limit, out);
                        }
                    }
                }
                _ => {}
            },
        }
    }
}

/// Reads one value of type `ty` (a parameter's, given by a caller or an example), checked as a
/// fact named `name` would be; the first thing wrong with it otherwise.
pub(crate) fn read_value(field: &FieldDef, v: &Json) -> Result<Value, FactIssue> {
    let name = field.name.as_str();
    let schema = RecordDef { fields: vec![field.clone()] };
    let one = Json::Object(std::iter::once((name.to_string(), v.clone())).collect());
    match read_facts(&schema, &one) {
        Ok(Value::Record(f)) => Ok(f.first().cloned().unwrap_or(Value::None)),
        Ok(other) => Ok(other),
        Err(issues) => Err(issues.into_iter().next().unwrap_or_else(|| FactIssue {
            path: name.to_string(),
            expected: Text::new("?", "?"),
            found: v.to_string(),
            found_id: None,
        })),
    }
}

/// Reads one employee's facts from JSON.
pub fn read_facts(schema: &RecordDef, json: &Json) -> Result<Value, Vec<FactIssue>> {
    read(schema, json)
}

/// Reads one employee's facts from any source.
pub fn read<S: FactSource>(schema: &RecordDef, source: S) -> Result<Value, Vec<FactIssue>> {
    let mut r = Reader { issues: Vec::new() };
    let v = match source.fact() {
        Fact::Record(_) => r.record(schema, &source, &Path::Root),
        other => {
            let (found, found_id) = found(&other);
            r.issues.push(FactIssue {
                path: "$".into(),
                expected: Text::new("a JSON object with one employee's facts", "objek JSON berisi fakta satu pegawai"),
                found,
                found_id,
            });
            Value::None
        }
    };
    if r.issues.is_empty() {
        Ok(v)
    } else {
        Err(r.issues)
    }
}

/// How a value reads in an error message: as JSON text, shortened; lists and records are
/// described, not printed (they may be large or deeply nested), in English and Indonesian.
fn found(f: &Fact<'_>) -> (String, Option<String>) {
    let both = |en: String, id: String| (en, Some(id));
    let s = match f {
        Fact::Null => "null".to_string(),
        Fact::Bool(b) => b.to_string(),
        Fact::Int(i) => i.to_string(),
        Fact::Decimal(d) => d.to_string(),
        Fact::Number(n) => n.to_string(),
        Fact::Text(s) => serde_json::to_string(s).unwrap_or_default(),
        Fact::Date(d) => format!("\"{}\"", iso_date(*d)),
        Fact::Enum(i) => {
            let k = u32::from(*i) + 1;
            return both(format!("enum value number {k}"), format!("nilai enum nomor {k}"));
        }
        Fact::Record(1) => return both("an object with 1 field".into(), "objek dengan 1 isian".into()),
        Fact::Record(n) => return both(format!("an object with {n} fields"), format!("objek dengan {n} isian")),
        Fact::List(1) => return both("a list of 1 item".into(), "daftar berisi 1 butir".into()),
        Fact::List(n) => return both(format!("a list of {n} items"), format!("daftar berisi {n} butir")),
        Fact::Other(what) => return (what.to_string(), None),
    };
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        (format!("{cut}…"), None)
    } else {
        (s, None)
    }
}

/// A number's text as an exact decimal, or `None` when it is not a number or cannot be held
/// exactly (more than 28 significant digits, or too large): never rounded. `8.5e1` is 85.
pub(crate) fn decimal_of(text: &str) -> Option<Decimal> {
    // The decimal parser takes `1_000` as 1000; no number an HR system sends is written so.
    if text.contains('_') {
        return None;
    }
    if let Ok(d) = Decimal::from_str_exact(text) {
        return Some(d);
    }
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (text, None),
    };
    // Zeros that end a fraction do not change the value, but count as places: without them,
    // `1.0e-28` and `0.000…00010` (29 places) are the 28 places a decimal holds.
    let mantissa = match mantissa.split_once('.') {
        Some((whole, fraction)) if fraction.ends_with('0') => {
            let fraction = fraction.trim_end_matches('0');
            let kept = whole.len() + if fraction.is_empty() { 0 } else { 1 + fraction.len() };
            mantissa.get(..kept).unwrap_or(mantissa)
        }
        _ => mantissa,
    };
    let mut d = Decimal::from_str_exact(mantissa).ok()?;
    let Some(exponent) = exponent else { return Some(d) };
    let exponent: i64 = exponent.strip_prefix('+').unwrap_or(exponent).parse().ok()?;
    if d.is_zero() {
        // Zero, whatever its exponent (`0e100`).
        return Some(Decimal::ZERO);
    }
    if exponent >= 0 {
        for _ in 0..exponent.min(40) {
            d = d.checked_mul(Decimal::TEN)?;
        }
        (exponent <= 40).then_some(d)
    } else {
        // Zeros that end the digits (`10e-29`) go first when there are more places than a
        // decimal holds: they do not change the value.
        let (mut digits, mut scale) = (d.mantissa(), i64::from(d.scale()).checked_sub(exponent)?);
        while scale > 28 && digits % 10 == 0 {
            if digits == 0 {
                scale = 28;
                break;
            }
            digits /= 10;
            scale -= 1;
        }
        Decimal::try_from_i128_with_scale(digits, u32::try_from(scale).ok()?).ok()
    }
}

/// Whether `text` is written as a number (its digits may still be too many to hold exactly).
/// A number sent as text with its thousands separated (`"35.000.000"`, `"35,000,000"`,
/// `"37.000"`): the number it means, written plainly ([`aturan_dsl::plain_thousands`]).
fn separated_thousands(fact: &Fact<'_>) -> Option<String> {
    match fact {
        Fact::Text(s) => aturan_dsl::plain_thousands(s.trim()),
        // A JSON number `37.000` where an integer is declared: thousands as Indonesian writes
        // them, or 37 with a point no whole number needs; no JSON writer puts those zeros there.
        Fact::Number(n) if aturan_dsl::thousands_like(n) => aturan_dsl::plain_thousands(n),
        _ => None,
    }
}

/// `expected` with the help for a number whose thousands are separated: the number to write.
fn with_thousands_help(expected: Text, fact: &Fact<'_>) -> Text {
    let (Some(plain), Fact::Text(s) | Fact::Number(s)) = (separated_thousands(fact), fact) else { return expected };
    let s = s.trim();
    Text::new(
        format!("{} (thousands are written without separators: `{plain}`, not `{s}`)", expected.en),
        format!("{} (ribuan ditulis tanpa pemisah: `{plain}`, bukan `{s}`)", expected.id),
    )
}

/// `expected` of an integer with the help for a number sent as text with one comma (`"37,000"`,
/// `"7,0"`): thousands, or a decimal comma, with the whole number to write.
fn with_comma_help(expected: Text, fact: &Fact<'_>) -> Text {
    let Some((whole, fraction)) = comma_parts(fact) else { return expected };
    if !all_digits(whole.strip_prefix('-').unwrap_or(whole)) {
        return expected;
    }
    let written = format!("{whole},{fraction}");
    let (en, id) = if fraction.len() == 3 && fraction.bytes().all(|b| b == b'0') {
        // Thirty-seven thousand as English writes it, or thirty-seven with a decimal comma.
        (
            format!("write `{whole}{fraction}` if thousands are meant, `{whole}` if a decimal comma; not `{written}`"),
            format!(
                "tulis `{whole}{fraction}` bila ribuan yang dimaksud, `{whole}` bila koma desimal; bukan `{written}`"
            ),
        )
    } else if fraction.len() == 3 {
        (
            format!("thousands are written without a separator: `{whole}{fraction}`, not `{written}`"),
            format!("ribuan ditulis tanpa pemisah: `{whole}{fraction}`, bukan `{written}`"),
        )
    } else if fraction.bytes().all(|b| b == b'0') {
        (
            format!("a whole number is written without a decimal comma: `{whole}`, not `{written}`"),
            format!("bilangan bulat ditulis tanpa koma desimal: `{whole}`, bukan `{written}`"),
        )
    } else {
        (
            format!("`{written}` is no whole number; a decimal is written `{whole}.{fraction}`"),
            format!("`{written}` bukan bilangan bulat; bilangan desimal ditulis `{whole}.{fraction}`"),
        )
    };
    Text::new(format!("{} ({en})", expected.en), format!("{} ({id})", expected.id))
}

/// Whether `t` is digits, at least one.
fn all_digits(t: &str) -> bool {
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

/// A number sent as text with one comma before digits (`"86,5"`, `"37,000"`, `"1.234,5"`): what
/// comes before the comma and the digits after it, for the help to say what to write.
fn comma_parts<'a>(fact: &'a Fact<'_>) -> Option<(&'a str, &'a str)> {
    match fact {
        Fact::Text(s) => s.trim().split_once(',').filter(|(_, fraction)| all_digits(fraction)),
        _ => None,
    }
}

/// Whether `text` is written as a number (`-12.5`, `.5`, `1e400`), blanks around it aside: a sign,
/// digits with at most one point, an exponent. Not a date (`2025-01-01`) nor a code (`3-1`).
fn looks_numeric(text: &str) -> bool {
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let t = text.trim();
    let t = t.strip_prefix(['-', '+']).unwrap_or(t);
    let (mantissa, exponent) = match t.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
        None => (t, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    (!whole.is_empty() || !fraction.is_empty())
        && digits(whole)
        && digits(fraction)
        && exponent.is_none_or(|e| !e.is_empty() && digits(e))
}

/// Whether a number written out without an exponent has digits after its point other than
/// zeros (`3.00000000000000000000000000001`, too long for a decimal, is no whole number).
fn has_fraction(text: &str) -> bool {
    !text.contains(['e', 'E']) && text.split_once('.').is_some_and(|(_, f)| f.bytes().any(|b| b != b'0'))
}

impl Reader {
    fn issue(&mut self, path: &Path<'_>, expected: Text, f: &Fact<'_>) -> Value {
        // A blank cell read as text (`pyarrow.csv`, a spreadsheet's empty string): no value, and
        // not a missing one either, which is null or no field.
        let expected = match f {
            Fact::Text(s) if s.trim().is_empty() => Text::new(
                format!("{} (an empty text is no value: a missing fact is null, or left out)", expected.en),
                format!(
                    "{} (teks kosong bukan nilai: fakta yang belum ada ditulis null, atau dihilangkan)",
                    expected.id
                ),
            ),
            _ => expected,
        };
        let (found, found_id) = found(f);
        self.issues.push(FactIssue { path: path.text(), expected, found, found_id });
        Value::None
    }

    fn record<S: FactSource>(&mut self, def: &RecordDef, source: &S, path: &Path<'_>) -> Value {
        // The record is made once, with every slot absent, and filled in place.
        let mut slots = absent(def.fields.len());
        let mut filled = 0u64;
        // Issues are reported in the declaration's order, not the source's.
        let mut found: Vec<(usize, Vec<FactIssue>)> = Vec::new();
        // Made just now, so not shared: borrowed once (each `Arc::get_mut` is an atomic operation).
        let mut no_place = [];
        let place = Arc::get_mut(&mut slots).unwrap_or(&mut no_place);
        source.fields(def, &mut |i, v| {
            let Some(f) = def.fields.get(i) else { return };
            let fact = v.fact();
            if fact == Fact::Null {
                return;
            }
            // A field given twice (a flat `presensi.alpa_hari` column beside a `presensi` one):
            // the first one counts.
            // (Checked for the first 64 fields; a record declares far fewer.)
            let bit = u32::try_from(i).ok().and_then(|i| 1u64.checked_shl(i)).unwrap_or(0);
            if filled & bit != 0 {
                return;
            }
            filled |= bit;
            let start = self.issues.len();
            let value = self.field(f, &f.ty, &v, fact, &Path::Field(path, &f.name));
            if let Some(slot) = place.get_mut(i) {
                *slot = value;
            }
            if self.issues.len() > start {
                let mine = self.issues.split_off(start);
                found.push((i, mine));
            }
        });
        if !found.is_empty() {
            found.sort_by_key(|(i, _)| *i);
            self.issues.extend(found.into_iter().flat_map(|(_, v)| v));
        }
        Value::Record(slots)
    }

    fn field<S: FactSource>(&mut self, f: &FieldDef, ty: &Ty, v: &S, fact: Fact<'_>, path: &Path<'_>) -> Value {
        match ty {
            Ty::Bool => match fact {
                Fact::Bool(b) => Value::Bool(b),
                // `"True"` (Python's text of it, a CSV's), `"ya"`, 1: what was meant is plain, but a
                // guess all the same, so asked for as a truth value.
                Fact::Text(ref s) if matches!(s.trim().to_lowercase().as_str(), "true" | "false" | "ya" | "tidak" | "yes" | "no") => {
                    let expected = Text::new(
                        "true or false (a truth value, not a text: `true`, without quotes)",
                        "true atau false (nilai kebenaran, bukan teks: `true`, tanpa tanda kutip)",
                    );
                    self.issue(path, expected, &fact)
                }
                ref bit if matches!(bit, Fact::Int(0 | 1)) || matches!(bit, Fact::Number(n) if matches!(n.as_ref(), "0" | "1")) => {
                    let expected = Text::new("true or false (not the number 1 or 0)", "true atau false (bukan angka 1 atau 0)");
                    self.issue(path, expected, bit)
                }
                other => self.issue(path, Text::new("true or false", "true atau false"), &other),
            },
            Ty::Int => {
                let parsed = match &fact {
                    Fact::Int(i) => Some(*i),
                    Fact::Number(n) => n.parse::<i64>().ok().or_else(|| whole(decimal_of(n))),
                    Fact::Decimal(d) => whole(Some(*d)),
                    // A number sent as text (exports that quote numbers) reads as the number.
                    Fact::Text(s) => s.trim().parse::<i64>().ok().or_else(|| whole(decimal_of(s.trim()))),
                    _ => None,
                };
                match parsed {
                    // Thousands separated (`"35.000.000"`), and `"37.000"`, thirty-seven thousand as
                    // Indonesian writes it or 37 with a decimal point no whole number needs: which is
                    // a guess, so asked.
                    _ if separated_thousands(&fact).is_some() => {
                        let expected = with_thousands_help(range_text(f, "an integer", "bilangan bulat"), &fact);
                        self.issue(path, expected, &fact)
                    }
                    Some(i) => self.bounded(f, Value::Int(i), path, &fact, "an integer", "bilangan bulat"),
                    None if matches!(&fact, Fact::Number(n) | Fact::Text(n)
                        if looks_numeric(n) && decimal_of(n.trim()).map_or(!has_fraction(n.trim()), |d| d.fract().is_zero())) =>
                    {
                        // A whole number too large for 64 bits (`1e400` too): the declared bounds,
                        // and the limit of 64 bits only where none is declared on that side.
                        let (lo, hi) = (i64::MIN, i64::MAX);
                        let expected = match (f.min, f.max) {
                            (None, None) => Text::new(
                                format!("an integer from {lo} to {hi}"),
                                format!("bilangan bulat dari {lo} sampai {hi}"),
                            ),
                            (Some(a), None) => Text::new(
                                format!("an integer ≥ {} (at most {hi})", a.normalize()),
                                format!("bilangan bulat ≥ {} (paling besar {hi})", a.normalize()),
                            ),
                            _ => range_text(f, "an integer", "bilangan bulat"),
                        };
                        self.issue(path, expected, &fact)
                    }
                    None => {
                        let expected = with_comma_help(range_text(f, "an integer", "bilangan bulat"), &fact);
                        self.issue(path, expected, &fact)
                    }
                }
            }
            Ty::Decimal => {
                let parsed = match &fact {
                    Fact::Int(i) => Some(Decimal::from(*i)),
                    Fact::Number(n) => decimal_of(n),
                    Fact::Decimal(d) => Some(*d),
                    Fact::Text(s) => decimal_of(s.trim()),
                    _ => None,
                };
                match parsed {
                    Some(d) => self.bounded(f, Value::Dec(d), path, &fact, "a decimal number", "bilangan desimal"),
                    None => self.not_a_decimal(f, path, &fact),
                }
            }
            Ty::Text => match fact {
                Fact::Text(s) => Value::Text(Arc::from(s.as_ref())),
                // A number in exponent form where a text is declared is an id or a code that has
                // been through a float (`1.98101152000011e+17` for an 18-digit NIP): its digits
                // are lost, so it is refused rather than read as that text.
                Fact::Number(ref n) if n.contains(['e', 'E']) => self.issue(
                    path,
                    Text::new(
                        "a text (this number in exponent form has been through a float and lost digits: give it as text)",
                        "teks (angka berbentuk eksponen ini sudah melewati float dan kehilangan digit: berikan sebagai teks)",
                    ),
                    &fact,
                ),
                Fact::Number(n) => Value::Text(Arc::from(n.as_ref())),
                Fact::Int(i) => Value::Text(Arc::from(i.to_string())),
                Fact::Decimal(d) => Value::Text(Arc::from(d.to_string())),
                Fact::Date(d) => Value::Text(Arc::from(iso_date(d))),
                other => self.issue(path, Text::new("a text", "teks"), &other),
            },
            Ty::Date => match fact {
                Fact::Date(d) if crate::value::in_years(d) => Value::Date(d),
                // Blanks around it (a padded export column) are no part of the date, as of a number.
                Fact::Text(ref s) => match parse_iso_date(s.trim()) {
                    Some(d) => Value::Date(d),
                    // In the form, but not a day (`2025-02-29`): said so, or the sender looks
                    // for a fault in the form.
                    None if crate::value::iso_shaped(s.trim()) => self.issue(
                        path,
                        Text::new(
                            "a day of the calendar YYYY-MM-DD (this one does not exist)",
                            "tanggal yang ada di kalender YYYY-MM-DD (tanggal ini tidak ada)",
                        ),
                        &fact,
                    ),
                    // `"01-10-2023"`, `"15 Maret 1967"`: a date as a form or a letter writes it,
                    // said with the date to write.
                    None => {
                        let iso = aturan_dsl::written_date(s.trim())
                            .or_else(|| aturan_dsl::spelled_date(s))
                            .filter(|iso| parse_iso_date(iso).is_some());
                        let expected = match (iso, with_time(s.trim())) {
                            (Some(iso), _) => Text::new(
                                format!("a date YYYY-MM-DD (write `{iso}`)"),
                                format!("tanggal YYYY-MM-DD (tulis `{iso}`)"),
                            ),
                            // `2024-01-05 00:00:00`: a timestamp's text, the day at midnight.
                            (None, Some((day, true))) => Text::new(
                                format!("a date YYYY-MM-DD, without a time (write `{day}`)"),
                                format!("tanggal YYYY-MM-DD, tanpa jam (tulis `{day}`)"),
                            ),
                            (None, Some((_, false))) => Text::new(
                                "a date YYYY-MM-DD, without a time of day (which day it is may depend on a time zone)",
                                "tanggal YYYY-MM-DD, tanpa jam (harinya bisa bergantung pada zona waktu)",
                            ),
                            (None, None) => Text::new("a date YYYY-MM-DD", "tanggal YYYY-MM-DD"),
                        };
                        self.issue(path, expected, &fact)
                    }
                },
                // 45296: a spreadsheet's day number for 2024-01-05, from a cell not formatted as a date.
                ref serial if day_number(serial).is_some() => {
                    let n = day_number(serial).unwrap_or_default();
                    let day = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
                        .and_then(|d| d.checked_add_days(chrono::Days::new(n.unsigned_abs())))
                        .map(iso_date)
                        .unwrap_or_default();
                    let expected = Text::new(
                        format!("a date YYYY-MM-DD (a number like this is a spreadsheet's day number, {n} being {day}: format the cell as a date)"),
                        format!("tanggal YYYY-MM-DD (angka seperti ini adalah nomor hari lembar kerja, {n} ialah {day}: format selnya sebagai tanggal)"),
                    );
                    self.issue(path, expected, serial)
                }
                other => self.issue(path, Text::new("a date YYYY-MM-DD", "tanggal YYYY-MM-DD"), &other),
            },
            Ty::Enum(e) if matches!(fact, Fact::Enum(i) if usize::from(i) < e.values.len()) => match fact {
                Fact::Enum(i) => Value::Enum(i),
                _ => Value::None,
            },
            Ty::Enum(e) => {
                let s = match &fact {
                    Fact::Text(s) => Some(s.as_ref()),
                    _ => None,
                };
                // `"PNS "` from a padded export column is `PNS`, as `" 12 "` is 12.
                match s.and_then(|s| e.index_of(s).or_else(|| e.index_of(s.trim()))) {
                    Some(i) => Value::Enum(i),
                    None => {
                        let list = e.values.join(", ");
                        let hint = s.and_then(|s| {
                            // `ahli utama` (the regulation's words) for `utama` or `ahli_utama`:
                            // a value spelt with `_` for the blanks, or the one value among its
                            // words, before a value spelt alike.
                            let words: Vec<&str> = s.split_whitespace().collect();
                            let joined = words.join("_");
                            let values = || e.values.iter().map(String::as_str);
                            let mut named = values().filter(|v| words.iter().any(|w| v.eq_ignore_ascii_case(w)));
                            let one_named = match (named.next(), named.next(), words.len() > 1) {
                                (Some(v), None, true) => Some(v),
                                _ => None,
                            };
                            values()
                                .find(|v| words.len() > 1 && v.eq_ignore_ascii_case(&joined))
                                .or(one_named)
                                .or_else(|| did_you_mean(s, values()))
                        });
                        let (hen, hid) = match hint {
                            Some(h) => (format!(" (did you mean `{h}`?)"), format!(" (maksud Anda `{h}`?)")),
                            None => (String::new(), String::new()),
                        };
                        let expected = Text::new(format!("one of {list}{hen}"), format!("salah satu dari {list}{hid}"));
                        self.issue(path, expected, &fact)
                    }
                }
            }
            Ty::Record(r) => match fact {
                Fact::Record(_) => self.record(r, v, path),
                Fact::Text(ref s) if s.trim_start().starts_with('{') => {
                    self.issue(path, json_text(Text::new("an object", "objek")), &fact)
                }
                other => self.issue(path, Text::new("an object", "objek"), &other),
            },
            Ty::List(item) => match fact {
                Fact::List(n) if n <= MAX_LIST => {
                    // The list is made once and filled in place (an absent item is an error, so
                    // the facts are refused before its empty place is read).
                    let mut items = absent(n);
                    let mut no_place = [];
                    let place = Arc::get_mut(&mut items).unwrap_or(&mut no_place);
                    // A source whose items disagree with the length it gave (a `FactSource` of
                    // the caller's) is refused, not read with gaps or with items left out.
                    let mut given = 0usize;
                    let mut outside = false;
                    v.items(&mut |i, x| {
                        given += 1;
                        outside |= i >= n;
                        let at = Path::Index(path, i);
                        let fx = x.fact();
                        if fx == Fact::Null {
                            let what = Text::new(
                                "a value (an item of a list cannot be empty: fill it in or remove it)",
                                "sebuah nilai (butir daftar tidak boleh kosong: isi atau hapus butir itu)",
                            );
                            self.issue(&at, what, &fx);
                        } else {
                            let value = self.field(f, item, &x, fx, &at);
                            if let Some(slot) = place.get_mut(i) {
                                *slot = value;
                            }
                        }
                    });
                    // `unique by tahun`: two items with the same `tahun` (two performance records
                    // for one year) would let the order of the list decide.
                    if let (Some(slot), true, false) = (f.unique_by, std::ptr::eq(ty, &f.ty), given != n || outside) {
                        self.duplicates(f, slot, &items, path);
                    }
                    if given != n || outside {
                        return self.issue(
                            path,
                            Text::new(
                                format!("a list of {n} items, as its source says (the source gave {given})"),
                                format!("daftar berisi {n} butir, sesuai sumbernya (sumber memberi {given})"),
                            ),
                            &Fact::List(given),
                        );
                    }
                    Value::List(items)
                }
                Fact::List(_) => self.issue(
                    path,
                    Text::new(
                        format!("a list of at most {MAX_LIST} items"),
                        format!("daftar berisi paling banyak {MAX_LIST} butir"),
                    ),
                    &fact,
                ),
                Fact::Text(ref s) if s.trim_start().starts_with('[') => {
                    self.issue(path, json_text(Text::new("a list", "daftar")), &fact)
                }
                other => self.issue(path, Text::new("a list", "daftar"), &other),
            },
            _ => Value::None,
        }
    }

    /// For a list declared `unique by` the field in `slot` of its items: an issue at each item that
    /// repeats the value of an item before it, naming that item.
    #[cold]
    fn duplicates(&mut self, f: &FieldDef, slot: usize, items: &[Value], path: &Path<'_>) {
        #[derive(PartialEq, Eq, PartialOrd, Ord)]
        enum Key<'v> {
            Bool(bool),
            Number(Decimal),
            Text(&'v str),
            Date(chrono::NaiveDate),
            Enum(u16),
        }
        let Ty::List(item) = &f.ty else { return };
        let Ty::Record(record) = &**item else { return };
        let Some(field) = record.fields.get(slot) else { return };
        let mut keyed: Vec<(Key<'_>, usize)> = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let Value::Record(values) = item else { return None };
                let key = match values.get(slot)? {
                    Value::Bool(b) => Key::Bool(*b),
                    Value::Int(n) => Key::Number(Decimal::from(*n)),
                    Value::Dec(d) => Key::Number(d.normalize()),
                    Value::Text(t) => Key::Text(t),
                    Value::Date(d) => Key::Date(*d),
                    Value::Enum(e) => Key::Enum(*e),
                    _ => return None,
                };
                Some((key, i))
            })
            .collect();
        // Sorted (by value, then by place): each repeat follows the first item with its value.
        keyed.sort();
        let mut repeats: Vec<(usize, usize)> = Vec::new();
        let mut run: Option<(&Key<'_>, usize)> = None;
        for (key, i) in &keyed {
            match run {
                Some((k, first)) if k == key => repeats.push((*i, first)),
                _ => run = Some((key, *i)),
            }
        }
        repeats.sort();
        for (i, first) in repeats {
            let Some(Value::Record(values)) = items.get(i) else { continue };
            let shown = values.get(slot).map(|v| crate::explain::show(v, &field.ty)).unwrap_or_default();
            let name = &f.name;
            let at = Path::Index(path, i);
            self.issues.push(FactIssue {
                path: Path::Field(&at, &field.name).text(),
                expected: Text::new(
                    format!("a {} no other item of `{name}` has (`{name}` is unique by {}; {name}[{first}] has {shown} too)", field.name, field.name),
                    format!("{} yang tidak dimiliki butir `{name}` lain (`{name}` unik menurut {}; {name}[{first}] juga {shown})", field.name, field.name),
                ),
                found: shown,
                found_id: None,
            });
        }
    }

    /// Why a value is no decimal: too many digits to hold exactly, or not a number at all.
    #[cold]
    #[inline(never)]
    fn not_a_decimal(&mut self, f: &FieldDef, path: &Path<'_>, fact: &Fact<'_>) -> Value {
        // `"86,5"`, or `"1.234,5"` with points between thousands, as Indonesian writes a decimal (a
        // spreadsheet's text): said with the number to write.
        let comma = comma_parts(fact);
        let grouped = |whole: &str| {
            let mut groups = whole.split('.');
            groups.next().is_some_and(|g| g.len() <= 3 && all_digits(g))
                && whole.contains('.')
                && groups.all(|g| g.len() == 3 && all_digits(g))
        };
        let range = || range_text(f, "a decimal number", "bilangan desimal");
        if separated_thousands(fact).is_some() {
            let expected = with_thousands_help(range(), fact);
            return self.issue(path, expected, fact);
        }
        let expected = match comma.map(|(w, fr)| (w, fr, w.strip_prefix('-').unwrap_or(w))) {
            Some((whole, fraction, unsigned)) if all_digits(unsigned) => {
                let (range, help) = (range(), aturan_dsl::decimal_comma_help(whole, fraction));
                Text::new(format!("{} ({})", range.en, help.en), format!("{} ({})", range.id, help.id))
            }
            Some((whole, fraction, unsigned)) if grouped(unsigned) => {
                let (range, plain) = (range(), format!("{}.{fraction}", whole.replace('.', "")));
                Text::new(
                    format!(
                        "{} (decimals are written with a point and without thousands separators: `{plain}`, not `{whole},{fraction}`)",
                        range.en
                    ),
                    format!(
                        "{} (bilangan desimal ditulis dengan titik dan tanpa pemisah ribuan: `{plain}`, bukan `{whole},{fraction}`)",
                        range.id
                    ),
                )
            }
            _ if matches!(fact, Fact::Number(n) | Fact::Text(n) if looks_numeric(n)) => Text::new(
                "an exact decimal number (at most 28 significant digits and 28 decimal places; numbers are never rounded)",
                "bilangan desimal yang eksak (paling banyak 28 angka penting dan 28 angka di belakang koma; bilangan tidak pernah dibulatkan)",
            ),
            _ => range(),
        };
        self.issue(path, expected, fact)
    }

    #[allow(clippy::too_many_arguments)]
    fn bounded(&mut self, f: &FieldDef, ok: Value, path: &Path<'_>, fact: &Fact<'_>, en: &str, id: &str) -> Value {
        // How the value orders against a bound.
        let against = |m: &Decimal| match &ok {
            Value::Int(i) => dec_int_cmp(m, *i).reverse(),
            Value::Dec(d) => dec_cmp(d, m),
            _ => std::cmp::Ordering::Equal,
        };
        let below = f.min.as_ref().is_some_and(|m| against(m).is_lt());
        let above = f.max.as_ref().is_some_and(|m| against(m).is_gt());
        if below || above {
            self.issue(path, range_text(f, en, id), fact)
        } else {
            ok
        }
    }
}

/// `n` values, every one absent, to be filled in place. (Made from a range, whose length the
/// slice is allocated with, rather than by cloning `Value::None` from `repeat_n`, which the
/// compiler writes out byte by byte.)
fn absent(n: usize) -> Arc<[Value]> {
    (0..n).map(|_| Value::None).collect()
}

fn whole(d: Option<Decimal>) -> Option<i64> {
    d.filter(|d| d.fract().is_zero()).and_then(|d| i64::try_from(d).ok())
}

pub(crate) fn range_text(f: &FieldDef, en: &str, id: &str) -> Text {
    match (f.min, f.max) {
        (Some(a), Some(b)) => Text::new(
            format!("{en} from {} to {}", a.normalize(), b.normalize()),
            format!("{id} dari {} sampai {}", a.normalize(), b.normalize()),
        ),
        (Some(a), None) => Text::new(format!("{en} ≥ {}", a.normalize()), format!("{id} ≥ {}", a.normalize())),
        (None, Some(b)) => Text::new(format!("{en} ≤ {}", b.normalize()), format!("{id} ≤ {}", b.normalize())),
        (None, None) => Text::new(en, id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aturan_dsl::Lang;
    use serde_json::json;
    use std::str::FromStr;

    fn schema() -> RecordDef {
        let field = |name: &str, ty: Ty| FieldDef {
            name: name.into(),
            ty,
            optional: false,
            min: Some(Decimal::ZERO),
            max: None,
            doc: None,
            unique_by: None,
        };
        RecordDef { fields: vec![field("a", Ty::Int), field("b", Ty::Decimal), field("c", Ty::Date)] }
    }

    #[test]
    fn issues_come_in_declaration_order_with_their_paths() {
        let err = read_facts(&schema(), &json!({"c": "2025-02-30", "b": -1, "a": "x"})).unwrap_err();
        let paths: Vec<&str> = err.iter().map(|i| i.path.as_str()).collect();
        assert_eq!(paths, ["a", "b", "c"]);
        assert_eq!(err[0].found, "\"x\"");
        // A date in the form that is no day says so, not that the form is wrong.
        assert_eq!(err[2].expected.en, "a day of the calendar YYYY-MM-DD (this one does not exist)");
    }

    #[test]
    fn numbers_read_exactly_from_every_form() {
        let v = read_facts(&schema(), &json!({"a": 3.0, "b": 89.995, "c": "2025-01-02"})).unwrap();
        let Value::Record(f) = v else { panic!("not a record") };
        assert_eq!(f[0], Value::Int(3));
        assert_eq!(f[1], Value::Dec(Decimal::from_str("89.995").unwrap()));
    }

    #[test]
    fn what_was_found_is_described_in_both_languages() {
        let err = read_facts(&schema(), &json!({"a": [1, 2], "b": {"x": 1}})).unwrap_err();
        assert_eq!(err[0].found, "a list of 2 items");
        assert!(err[0].message(Lang::Id).ends_with("ditemukan daftar berisi 2 butir"), "{}", err[0].message(Lang::Id));
        assert_eq!(err[1].found_in(Lang::Id), "objek dengan 1 isian");
        // Values themselves read the same in both.
        let err = read_facts(&schema(), &json!({"a": "x"})).unwrap_err();
        assert_eq!((err[0].found_in(Lang::En), err[0].found_in(Lang::Id)), ("\"x\"", "\"x\""));
    }

    #[test]
    fn a_decimal_written_with_a_comma_as_text_is_said_with_the_point() {
        let err = read_facts(&schema(), &json!({"b": "86,5"})).unwrap_err();
        assert!(
            err[0].expected.en.ends_with("(decimals are written with a point: `86.5`, not `86,5`)"),
            "{:?}",
            err[0].expected
        );
        assert!(err[0].expected.id.contains("`86.5`, bukan `86,5`"), "{:?}", err[0].expected);
        // A list of numbers is no decimal with a comma.
        let err = read_facts(&schema(), &json!({"b": "86, 5, 7"})).unwrap_err();
        assert!(!err[0].expected.en.contains("written with a point"), "{:?}", err[0].expected);
    }

    #[test]
    fn a_whole_number_written_with_a_comma_as_text_is_said_with_the_number_to_write() {
        // Field `a` is an `int` >= 0: `"37,000"` had no help there, where a decimal's had.
        let said = |text: &str| read_facts(&schema(), &json!({ "a": text })).unwrap_err()[0].expected.en.clone();
        assert_eq!(
            said("37,000"),
            "an integer ≥ 0 (write `37000` if thousands are meant, `37` if a decimal comma; not `37,000`)"
        );
        assert_eq!(said("37,500"), "an integer ≥ 0 (thousands are written without a separator: `37500`, not `37,500`)");
        assert_eq!(said("7,0"), "an integer ≥ 0 (a whole number is written without a decimal comma: `7`, not `7,0`)");
        assert_eq!(said("7,5"), "an integer ≥ 0 (`7,5` is no whole number; a decimal is written `7.5`)");
        assert_eq!(said("1,2,3"), "an integer ≥ 0");
        // A point followed by zeros but no thousands group is the whole number.
        assert!(read_facts(&schema(), &json!({ "a": "7.0" })).is_ok());
        // A JSON number written so is asked about as the text is (no JSON writer puts three zeros
        // after the point of a whole number); `7.00` is 7.
        let number =
            |text: &str| read_facts(&schema(), &serde_json::from_str::<Json>(&format!("{{\"a\": {text}}}")).unwrap());
        let err = number("37.000").unwrap_err();
        assert_eq!(
            err[0].expected.en,
            "an integer ≥ 0 (thousands are written without separators: `37000`, not `37.000`)"
        );
        assert_eq!(err[0].found, "37.000");
        assert!(number("7.00").is_ok());
        assert!(number("37000").is_ok());
    }

    #[test]
    fn what_exports_make_of_values_is_said_with_what_to_send() {
        let schema = || {
            let field = |name: &str, ty: Ty| FieldDef {
                name: name.into(),
                ty,
                optional: true,
                min: None,
                max: None,
                doc: None,
                unique_by: None,
            };
            let item = RecordDef { fields: vec![field("tahun", Ty::Int)] };
            RecordDef {
                fields: vec![
                    field("d", Ty::Date),
                    field("b", Ty::Bool),
                    field("n", Ty::Int),
                    field("xs", Ty::List(Box::new(Ty::Record(Arc::new(item.clone()))))),
                    field("r", Ty::Record(Arc::new(item))),
                ],
            }
        };
        let said = |facts: Json| read_facts(&schema(), &facts).unwrap_err()[0].expected.en.clone();
        // A timestamp's text: the day, when it is midnight; else which day may depend on a zone.
        assert_eq!(said(json!({"d": "2024-01-05 00:00:00"})), "a date YYYY-MM-DD, without a time (write `2024-01-05`)");
        assert_eq!(
            said(json!({"d": "2024-01-05T00:00:00.000Z"})),
            "a date YYYY-MM-DD, without a time (write `2024-01-05`)"
        );
        assert!(
            said(json!({"d": "2024-01-05 08:30"})).starts_with("a date YYYY-MM-DD, without a time of day (which day")
        );
        // A spreadsheet's day number.
        assert_eq!(
            said(json!({"d": 45296})),
            "a date YYYY-MM-DD (a number like this is a spreadsheet's day number, 45296 being 2024-01-05: format the cell as a date)"
        );
        assert_eq!(said(json!({"d": 5})), "a date YYYY-MM-DD");
        // A truth value as text, or as a number.
        assert_eq!(said(json!({"b": "True"})), "true or false (a truth value, not a text: `true`, without quotes)");
        assert_eq!(said(json!({"b": 1})), "true or false (not the number 1 or 0)");
        assert_eq!(said(json!({"b": "x"})), "true or false");
        // A blank cell read as text.
        assert_eq!(
            said(json!({"n": ""})),
            "an integer (an empty text is no value: a missing fact is null, or left out)"
        );
        assert!(said(json!({"d": " "})).ends_with("(an empty text is no value: a missing fact is null, or left out)"));
        // A list or a record kept as its JSON text.
        assert_eq!(
            said(json!({"xs": "[{\"tahun\": 2024}]"})),
            "a list (this is one written as JSON text: read it first: `json.loads`, `JSON.parse`)"
        );
        assert!(said(json!({"r": "{\"tahun\": 2024}"})).starts_with("an object (this is one written as JSON text"));
    }

    #[test]
    fn a_date_or_an_enum_value_written_as_people_write_them_is_said_with_what_to_write() {
        // Field `c` is a date.
        let said = |v: &str| read_facts(&schema(), &json!({ "c": v })).unwrap_err()[0].expected.en.clone();
        assert_eq!(said("01-10-2023"), "a date YYYY-MM-DD (write `2023-10-01`)");
        assert_eq!(said("15 Maret 1967"), "a date YYYY-MM-DD (write `1967-03-15`)");
        assert_eq!(said("kemarin"), "a date YYYY-MM-DD");
        assert_eq!(said("31-02-2023"), "a date YYYY-MM-DD", "no such day to write");
        let levels = crate::types::EnumDef {
            name: "Jenjang".into(),
            ordered: false,
            values: ["pertama", "muda", "madya", "utama", "ahli_muda"].map(String::from).to_vec(),
        };
        let field = FieldDef {
            name: "j".into(),
            ty: Ty::Enum(Arc::new(levels)),
            optional: false,
            min: None,
            max: None,
            doc: None,
            unique_by: None,
        };
        let schema = RecordDef { fields: vec![field] };
        let hint = |v: &str| read_facts(&schema, &json!({ "j": v })).unwrap_err()[0].expected.en.clone();
        // The regulation's words: the value with `_` for its blanks, or the one value among them
        // (`ahli_muda` is spelt more alike, and was suggested for `ahli utama`).
        assert!(hint("ahli utama").ends_with("(did you mean `utama`?)"), "{}", hint("ahli utama"));
        assert!(hint("Ahli Muda").ends_with("(did you mean `ahli_muda`?)"));
        assert!(hint("utamaa").ends_with("(did you mean `utama`?)"));
        assert!(!hint("tidak ada").contains("did you mean"));
    }

    #[test]
    fn a_number_in_exponent_form_is_no_text_an_id_has_lost_its_digits() {
        let schema = RecordDef {
            fields: vec![FieldDef {
                name: "nip".into(),
                ty: Ty::Text,
                optional: false,
                min: None,
                max: None,
                doc: None,
                unique_by: None,
            }],
        };
        let Value::Record(f) = read_facts(&schema, &json!({"nip": 199001012015011001_i64})).unwrap() else {
            panic!("not a record")
        };
        assert_eq!(f[0], Value::Text("199001012015011001".into()), "a whole number keeps its digits");
        let float = serde_json::from_str::<Json>(r#"{"nip": 1.98101152000011e+17}"#).unwrap();
        let err = read_facts(&schema, &float).unwrap_err();
        assert!(err[0].expected.en.contains("has been through a float and lost digits"), "{:?}", err[0].expected);
    }

    #[test]
    fn numbers_in_exponent_form_are_exact_or_refused_never_rounded() {
        let dec = |text: &str| decimal_of(text).map(|d| d.to_string());
        assert_eq!(dec("8.5e1").as_deref(), Some("85.0"));
        assert_eq!(dec("85E-1").as_deref(), Some("8.5"));
        assert_eq!(dec("1e+3").as_deref(), Some("1000"));
        assert_eq!(dec("-2.5e-3").as_deref(), Some("-0.0025"));
        for refused in ["8.99999999999999999999999999999999e1", "1e400", "1e-40", "1e", "e5", "1e5.5"] {
            assert_eq!(dec(refused), None, "{refused}");
        }
        let over = serde_json::from_str::<Json>(r#"{"b": 8.99999999999999999999999999999999e1}"#).unwrap();
        let err = read_facts(&schema(), &over).unwrap_err();
        assert_eq!(err[0].path, "b");
        assert!(err[0].expected.en.contains("never rounded"), "{:?}", err[0].expected);
        let plain = serde_json::from_str::<Json>(r#"{"b": 89.99999999999999999999999999999}"#).unwrap();
        assert!(read_facts(&schema(), &plain).unwrap_err()[0].expected.en.contains("28 significant digits"));
        // Zeros that end a fraction are no digits of the value: 1e-28 however it is written.
        for same in ["1e-28", "1.0e-28", "10e-29", "0.00000000000000000000000000010", "1.000e-28"] {
            assert_eq!(dec(same).map(|d| d.parse::<Decimal>().unwrap()), Some(Decimal::new(1, 28)), "{same}");
        }
        assert_eq!(dec("2.50").as_deref(), Some("2.50"));
        assert_eq!(
            dec("100.000000000000000000000000000").map(|d| d.parse::<Decimal>().unwrap()),
            Some(Decimal::from(100))
        );
        assert_eq!(dec("0.00000000000000000000000000011"), None, "29 places that are all digits of the value");
        for zero in ["0e100", "0.0e400", "-0e-50"] {
            assert_eq!(dec(zero).map(|d| d.parse::<Decimal>().unwrap().is_zero()), Some(true), "{zero}");
        }
    }

    #[test]
    fn a_whole_number_too_large_in_any_form_names_the_integer_range() {
        for big in ["1e400", "99999999999999999999999", "1.5e30", "1e21", "10000000000000000000.0"] {
            let facts = serde_json::from_str::<Json>(&format!(r#"{{"a": {big}}}"#)).unwrap();
            let err = read_facts(&schema(), &facts).unwrap_err();
            // `a` is declared `>= 0`: that bound, and the largest integer there is.
            assert_eq!(err[0].expected.en, "an integer ≥ 0 (at most 9223372036854775807)", "{big}");
            assert_eq!(err[0].expected.id, "bilangan bulat ≥ 0 (paling besar 9223372036854775807)", "{big}");
        }
        // Thousands separated by points, the decimals by a comma: said with the number to write.
        let facts = serde_json::from_str::<Json>(r#"{"b": "1.234,5"}"#).unwrap();
        let err = read_facts(&schema(), &facts).unwrap_err();
        assert!(err[0].expected.en.contains("`1234.5`, not `1.234,5`"), "{:?}", err[0].expected);
        // Too long to hold, but not whole: the integer the field asks for, not the range.
        let facts = serde_json::from_str::<Json>(r#"{"a": 3.00000000000000000000000000001}"#).unwrap();
        let err = read_facts(&schema(), &facts).unwrap_err();
        assert!(!err[0].expected.en.contains("9223372036854775807"), "{:?}", err[0].expected);
        assert!(err[0].expected.en.contains("an integer"), "{:?}", err[0].expected);
        // A date or a code where an integer is declared is no number too large: the integer asked
        // for, without the range of 64 bits.
        for text in ["2025-01-01", "3-1", "1.2.3", "e5", "-"] {
            let facts = json!({ "a": text });
            let err = read_facts(&schema(), &facts).unwrap_err();
            assert_eq!(err[0].expected.en, "an integer ≥ 0", "{text}");
        }
    }
}
