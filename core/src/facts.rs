//! The boundary: an employee's facts as JSON, checked against the `facts` declaration and turned
//! into slot records. Every mismatch is reported with its JSON path; extra fields are ignored;
//! `null` and absent fields become known-absent values that rules read as missing facts.

use std::fmt::Write as _;
use std::str::FromStr;
use std::sync::Arc;

use aturan_dsl::{did_you_mean, Text};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::Value as Json;

use crate::policy::FactIssue;
use crate::types::{FieldDef, RecordDef, Ty};
use crate::value::Value;

/// Lists longer than this are refused: a policy is not the place to process unbounded data.
pub const MAX_LIST: usize = 100_000;

pub fn read_facts(schema: &RecordDef, json: &Json) -> Result<Value, Vec<FactIssue>> {
    let mut issues = Vec::new();
    let mut path = String::new();
    let v = match json {
        Json::Object(_) => record(schema, json, &mut path, &mut issues),
        other => {
            issues.push(FactIssue {
                path: "$".into(),
                expected: Text::new("a JSON object with one employee's facts", "objek JSON berisi fakta satu pegawai"),
                found: found(other),
            });
            Value::None
        }
    };
    if issues.is_empty() {
        Ok(v)
    } else {
        Err(issues)
    }
}

fn found(j: &Json) -> String {
    // Lists and objects are described, not printed: they may be large or deeply nested.
    match j {
        Json::Array(items) => return format!("a list of {} items", items.len()),
        Json::Object(fields) => return format!("an object with {} fields", fields.len()),
        _ => {}
    }
    let s = j.to_string();
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}…")
    } else {
        s
    }
}

fn record(def: &RecordDef, json: &Json, path: &mut String, issues: &mut Vec<FactIssue>) -> Value {
    let Json::Object(map) = json else {
        return Value::None;
    };
    // Walk the object once (extra fields are skipped by a length-first name match) instead of
    // hashing every declared name; issues are kept in the declaration's order.
    let mut slots = vec![Value::None; def.fields.len()];
    let mut found: Vec<(usize, Vec<FactIssue>)> = Vec::new();
    for (k, v) in map {
        if v.is_null() {
            continue;
        }
        let Some((i, f)) = def.fields.iter().enumerate().find(|(_, f)| f.name.len() == k.len() && f.name == *k) else {
            continue;
        };
        let len = path.len();
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(&f.name);
        let mut mine = Vec::new();
        let value = field(f, &f.ty, v, path, &mut mine);
        if let Some(slot) = slots.get_mut(i) {
            *slot = value;
        }
        if !mine.is_empty() {
            found.push((i, mine));
        }
        path.truncate(len);
    }
    found.sort_by_key(|(i, _)| *i);
    issues.extend(found.into_iter().flat_map(|(_, v)| v));
    Value::Record(Arc::from(slots))
}

fn field(f: &FieldDef, ty: &Ty, v: &Json, path: &mut String, issues: &mut Vec<FactIssue>) -> Value {
    let bad = |expected: Text, issues: &mut Vec<FactIssue>| {
        issues.push(FactIssue { path: path.clone(), expected, found: found(v) });
        Value::None
    };
    match ty {
        Ty::Bool => match v {
            Json::Bool(b) => Value::Bool(*b),
            _ => bad(Text::new("true or false", "true atau false"), issues),
        },
        Ty::Int => {
            let parsed = match v {
                Json::Number(n) => n.as_i64().or_else(|| {
                    Decimal::from_str(&n.to_string())
                        .ok()
                        .filter(|d| d.fract().is_zero())
                        .and_then(|d| i64::try_from(d).ok())
                }),
                Json::String(s) => s.trim().parse::<i64>().ok(),
                _ => None,
            };
            match parsed {
                Some(i) => bounded(f, Decimal::from(i), Value::Int(i), path, v, issues, "an integer", "bilangan bulat"),
                None => bad(range_text(f, "an integer", "bilangan bulat"), issues),
            }
        }
        Ty::Decimal => {
            let parsed = match v {
                Json::Number(n) => {
                    Decimal::from_str_exact(n.as_str()).or_else(|_| Decimal::from_scientific(n.as_str())).ok()
                }
                Json::String(s) => Decimal::from_str_exact(s.trim()).ok(),
                _ => None,
            };
            match parsed {
                Some(d) => bounded(f, d, Value::Dec(d), path, v, issues, "a decimal number", "bilangan desimal"),
                None => bad(range_text(f, "a decimal number", "bilangan desimal"), issues),
            }
        }
        Ty::Text => match v {
            Json::String(s) => Value::Text(Arc::from(s.as_str())),
            Json::Number(n) => Value::Text(Arc::from(n.to_string().as_str())),
            _ => bad(Text::new("a text", "teks"), issues),
        },
        Ty::Date => match v {
            Json::String(s) => match parse_date(s) {
                Some(d) => Value::Date(d),
                _ => bad(Text::new("a date YYYY-MM-DD", "tanggal YYYY-MM-DD"), issues),
            },
            _ => bad(Text::new("a date YYYY-MM-DD", "tanggal YYYY-MM-DD"), issues),
        },
        Ty::Enum(e) => {
            let s = match v {
                Json::String(s) => Some(s.as_str()),
                _ => None,
            };
            match s.and_then(|s| e.index_of(s)) {
                Some(i) => Value::Enum(i),
                None => {
                    let list = e.values.join(", ");
                    let hint = s.and_then(|s| did_you_mean(s, e.values.iter().map(String::as_str)));
                    let (hen, hid) = match hint {
                        Some(h) => (format!(" (did you mean `{h}`?)"), format!(" (maksud Anda `{h}`?)")),
                        None => (String::new(), String::new()),
                    };
                    bad(Text::new(format!("one of {list}{hen}"), format!("salah satu dari {list}{hid}")), issues)
                }
            }
        }
        Ty::Record(r) => match v {
            Json::Object(_) => record(r, v, path, issues),
            _ => bad(Text::new("an object", "objek"), issues),
        },
        Ty::List(item) => match v {
            Json::Array(items) if items.len() <= MAX_LIST => {
                let mut out = Vec::with_capacity(items.len());
                for (i, x) in items.iter().enumerate() {
                    let len = path.len();
                    let _ = write!(path, "[{i}]");
                    if x.is_null() {
                        issues.push(FactIssue {
                            path: path.clone(),
                            expected: Text::new("a list item", "butir daftar"),
                            found: "null".into(),
                        });
                    } else {
                        out.push(field(f, item, x, path, issues));
                    }
                    path.truncate(len);
                }
                Value::List(Arc::from(out))
            }
            Json::Array(_) => bad(
                Text::new(
                    format!("a list of at most {MAX_LIST} items"),
                    format!("daftar berisi paling banyak {MAX_LIST} butir"),
                ),
                issues,
            ),
            _ => bad(Text::new("a list", "daftar"), issues),
        },
        _ => Value::None,
    }
}

fn range_text(f: &FieldDef, en: &str, id: &str) -> Text {
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

#[allow(clippy::too_many_arguments)]
fn bounded(
    f: &FieldDef,
    d: Decimal,
    ok: Value,
    path: &str,
    v: &Json,
    issues: &mut Vec<FactIssue>,
    en: &str,
    id: &str,
) -> Value {
    let below = f.min.is_some_and(|m| d < m);
    let above = f.max.is_some_and(|m| d > m);
    if below || above {
        issues.push(FactIssue { path: path.to_string(), expected: range_text(f, en, id), found: found(v) });
        Value::None
    } else {
        ok
    }
}

/// An ISO date `YYYY-MM-DD`, exactly ten characters, that exists in the calendar.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b.get(from..to)?.iter().try_fold(0u32, |acc, c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0, 4)?).ok()?, num(5, 7)?, num(8, 10)?)
}
