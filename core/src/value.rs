//! Runtime values. Facts are converted into these once, at the boundary; records are slot arrays
//! resolved at compile time, so evaluation never looks a name up in a map.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde_json::Value as Json;

/// Why a value is unknown: the fact paths that would decide it.
pub type Missing = Arc<Vec<String>>;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Bool(bool),
    Int(i64),
    Dec(Decimal),
    Text(Arc<str>),
    Date(NaiveDate),
    /// An enum value: the enum's values are known from the type; this is the index.
    Enum(u16),
    Record(Arc<[Value]>),
    List(Arc<[Value]>),
    /// A known absence: `none`, an optional field left empty, no sanction imposed.
    None,
    /// Not known, because the listed facts are missing.
    Unknown(Missing),
}

impl Value {
    pub fn unknown(path: impl Into<String>) -> Value {
        Value::Unknown(Arc::new(vec![path.into()]))
    }

    pub fn as_dec(&self) -> Option<Decimal> {
        match self {
            Value::Int(i) => Some(Decimal::from(*i)),
            Value::Dec(d) => Some(*d),
            _ => None,
        }
    }
}

/// Fact paths that would decide an outcome; empty without allocating (most outcomes are decided).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Paths(Option<Missing>);

impl Paths {
    pub fn push(&mut self, path: String) {
        match &mut self.0 {
            Some(m) => Arc::make_mut(m).push(path),
            None => self.0 = Some(Arc::new(vec![path])),
        }
    }
}

impl From<Missing> for Paths {
    fn from(m: Missing) -> Paths {
        Paths((!m.is_empty()).then_some(m))
    }
}

impl From<Vec<String>> for Paths {
    fn from(v: Vec<String>) -> Paths {
        Paths((!v.is_empty()).then(|| Arc::new(v)))
    }
}

impl std::ops::Deref for Paths {
    type Target = [String];

    fn deref(&self) -> &[String] {
        self.0.as_deref().map(Vec::as_slice).unwrap_or_default()
    }
}

/// At most this many fact paths are kept for one unknown value or outcome (the first ones found):
/// enough to say what is missing, and a list of 100,000 items each missing a field neither makes
/// an endless list nor costs time with the square of its length.
pub const MAX_MISSING: usize = 20;

/// Merges the missing paths of two unknowns, keeping order and dropping duplicates.
pub fn merge_missing(a: &Missing, b: &Missing) -> Missing {
    if Arc::ptr_eq(a, b) || a.len() >= MAX_MISSING || b.iter().all(|p| a.contains(p)) {
        return a.clone();
    }
    let mut out: Vec<String> = a.as_ref().clone();
    add_missing(&mut out, b);
    Arc::new(out)
}

/// Adds the paths of `more` that `missing` does not hold yet, keeping their order, up to
/// [`MAX_MISSING`] in all.
pub fn add_missing(missing: &mut Vec<String>, more: &[String]) {
    for m in more {
        if missing.len() >= MAX_MISSING {
            break;
        }
        if !missing.contains(m) {
            missing.push(m.clone());
        }
    }
}

/// Orders two decimals by their mantissas, scaled to one scale in 128-bit integers; the general
/// comparison (which rescales in 96-bit words) only when that would overflow. Conditions compare
/// decimals with different scales all the time (`nilai_skp >= 90`: 86.5 against 90).
#[inline]
pub fn dec_cmp(a: &Decimal, b: &Decimal) -> std::cmp::Ordering {
    let (x, y) = (a.mantissa(), b.mantissa());
    let (sa, sb) = (a.scale(), b.scale());
    let scaled = match sa.cmp(&sb) {
        std::cmp::Ordering::Equal => Some((x, y)),
        std::cmp::Ordering::Less => pow10(sb - sa).and_then(|p| x.checked_mul(p)).map(|x| (x, y)),
        std::cmp::Ordering::Greater => pow10(sa - sb).and_then(|p| y.checked_mul(p)).map(|y| (x, y)),
    };
    match scaled {
        Some((x, y)) => x.cmp(&y),
        None => a.cmp(b),
    }
}

/// A decimal against a whole number, without building a decimal for the whole number.
#[inline]
pub fn dec_int_cmp(a: &Decimal, b: i64) -> std::cmp::Ordering {
    if a.scale() == 0 {
        return a.mantissa().cmp(&i128::from(b));
    }
    match pow10(a.scale()).and_then(|p| i128::from(b).checked_mul(p)) {
        Some(y) => a.mantissa().cmp(&y),
        None => a.cmp(&Decimal::from(b)),
    }
}

/// Powers of ten up to 10^28, a decimal's largest scale.
#[allow(clippy::indexing_slicing)] // evaluated by the compiler: an index out of range fails the build
const POW10: [i128; 29] = {
    let mut t = [1i128; 29];
    let mut i = 1;
    while i < 29 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

#[inline]
fn pow10(k: u32) -> Option<i128> {
    POW10.get(k as usize).copied()
}

/// A date as `YYYY-MM-DD`: the form of every date in decisions, explanations and messages.
pub fn iso_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// `d` if it lies in the years 1 to 9999 ([`in_years`]): the dates facts and a policy's dates
/// can hold, so the only ones date arithmetic may give (`date(0, 1, 1)` would print a date no
/// policy or fact could be written with).
pub fn in_calendar(d: NaiveDate) -> Option<NaiveDate> {
    in_years(d).then_some(d)
}

/// Whether `s` is written as `YYYY-MM-DD` (four, two and two digits), whatever day it names.
pub fn iso_shaped(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

/// A date written `YYYY-MM-DD`: exactly ten characters (no sign, no spaces, both month and day
/// with two digits), and a day that exists in the calendar. The one form every layer accepts, in
/// facts and for the evaluation date alike.
pub fn parse_iso_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b.get(from..to)?.iter().try_fold(0u32, |acc, c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
    };
    NaiveDate::from_ymd_opt(i32::try_from(num(0, 4)?).ok()?, num(5, 7)?, num(8, 10)?).filter(|d| in_years(*d))
}

/// Whether a date lies in the years 1 to 9999, the dates `YYYY-MM-DD` writes: a date read from
/// elsewhere (an Arrow date32 of year 10000) must be one of them too.
pub fn in_years(d: NaiveDate) -> bool {
    (1..=9999).contains(&d.year())
}

/// Shortest exact text of a decimal: `85`, `86.5`, `18.75`.
pub fn dec_text(d: Decimal) -> String {
    d.normalize().to_string()
}

/// A decimal as a JSON number with its exact digits.
pub fn dec_json(d: Decimal) -> Json {
    if d.fract().is_zero() {
        if let Ok(i) = i64::try_from(d) {
            return Json::Number(i.into());
        }
    }
    dec_text(d).parse::<serde_json::Number>().map(Json::Number).unwrap_or(Json::Null)
}

/// The earlier of two ends of periods, where `None` is no end at all (the other one counts).
pub(crate) fn earlier(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

/// The later of two beginnings of periods, where `None` is no beginning (the other one counts).
pub(crate) fn later(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn a_date_is_read_only_in_its_one_form() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_iso_date("2025-12-31"), d(2025, 12, 31));
        assert_eq!(parse_iso_date("2024-02-29"), d(2024, 2, 29));
        assert_eq!(parse_iso_date("0001-01-01"), d(1, 1, 1));
        for bad in [
            "2025-1-5",
            "2025-01-5",
            "+2025-01-05",
            " 2025-01-05",
            "2025-01-05 ",
            "02025-01-05",
            "2025/01/05",
            "2025-02-29",
            "2025-13-01",
            "2025-00-10",
            "2025-04-31",
            "20250105",
            "",
            "２０２５-01-05",
        ] {
            assert_eq!(parse_iso_date(bad), None, "{bad:?}");
        }
        for date in [d(2025, 12, 31), d(1, 1, 1), d(9999, 2, 28)].into_iter().flatten() {
            assert_eq!(parse_iso_date(&iso_date(date)), Some(date));
        }
    }

    #[test]
    fn decimal_comparisons_agree_with_the_general_one_at_every_scale() {
        let texts = [
            "0",
            "-0.0",
            "90",
            "89.995",
            "90.000",
            "-90",
            "86.5",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7922816251426433759354395033.5",
            "1.0000000000000000000000000001",
            "100",
            "99.9999999999",
            "-0.5",
            "12345678901234567890.123456789",
        ];
        let decs: Vec<Decimal> = texts.iter().map(|t| Decimal::from_str(t).unwrap()).collect();
        let ints = [0i64, 90, -90, 100, 1, -1, i64::MAX, i64::MIN, 7_922_816_251_426_433_759];
        for a in &decs {
            for b in &decs {
                assert_eq!(dec_cmp(a, b), a.cmp(b), "{a} vs {b}");
            }
            for &i in &ints {
                assert_eq!(dec_int_cmp(a, i), a.cmp(&Decimal::from(i)), "{a} vs {i}");
            }
        }
    }
}
