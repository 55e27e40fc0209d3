//! Checks of a decision table's bands: the values of one input that no row matches although rows
//! on both sides do (`0..59`, `60..79` over decimals leave 59.5 with no outcome), and, in a
//! `hit first` table, rows that can never apply because the rows above them already match every
//! value they match (`>= 80` above `>= 90`).
//!
//! Only what can be known from the text is checked: rows whose tests are constants on one input,
//! the other inputs `-`, over numbers and dates. A row that also tests another input matches only
//! some of the time and is left out.

use std::cmp::Ordering;

use chrono::Days;

use crate::eval::compare;
use crate::types::Ty;
use crate::value::Value;

/// Tables with more rows than this are not checked.
const MAX_ROWS: usize = 2_000;

/// The values a table cell admits, when it can be known from the text.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    /// `-`: every value.
    Any,
    /// From `lo` to `hi` (`None`: no bound), each bound included or not.
    Band { lo: Option<(Value, bool)>, hi: Option<(Value, bool)> },
    /// Something else (`!= 3`, a list, a parameter): not checked.
    Other,
}

impl Cell {
    pub(crate) fn compare(op: aturan_dsl::ast::CmpOp, v: Value) -> Cell {
        use aturan_dsl::ast::CmpOp::*;
        match op {
            Eq => Cell::Band { lo: Some((v.clone(), true)), hi: Some((v, true)) },
            Lt => Cell::Band { lo: None, hi: Some((v, false)) },
            Le => Cell::Band { lo: None, hi: Some((v, true)) },
            Gt => Cell::Band { lo: Some((v, false)), hi: None },
            Ge => Cell::Band { lo: Some((v, true)), hi: None },
            Ne => Cell::Other,
        }
    }

    pub(crate) fn range(lo: Value, hi: Value, exclusive: bool) -> Cell {
        Cell::Band { lo: Some((lo, true)), hi: Some((hi, !exclusive)) }
    }
}

/// A finding, for the compiler to word.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Finding {
    /// Between rows `below` and `above` (0-based), no row matches `input` from `from` to `to`:
    /// both included for whole numbers and dates (`4` to `6`), otherwise the values strictly
    /// between them, of which `example` is one (or, when `from` is `to`, that one value).
    /// `ends` says whether `from` and `to` are themselves in the gap.
    Gap { input: usize, below: usize, above: usize, from: Value, to: Value, ends: (bool, bool), example: Option<Value> },
    /// Row `row` (0-based) never applies: the rows above it match every value it matches.
    Shadowed { row: usize, input: Option<usize> },
    /// Under `hit first`, the ranges of rows `above` and `row` (0-based) share the values from
    /// `from` to `to` (`to` included when `to_in`), which go to the row above: `10..20` above
    /// `20..30`.
    Overlap { input: usize, above: usize, row: usize, from: Value, to: Value, to_in: bool },
}

/// One band with both ends normalised: discrete values (whole numbers, dates) carry included
/// ends only, so that `..<5` and `..4` are the same band and `4` and `5` touch. After merging,
/// the rows and kinds of the bands at each end are kept, to say where a gap is.
#[derive(Debug, Clone)]
struct Span {
    lo: Option<(Value, bool)>,
    hi: Option<(Value, bool)>,
    lo_row: usize,
    hi_row: usize,
    /// Whether the band at that end is one value (`3`), not a range: a gap beside a single
    /// value is not reported (awards at 10, 20 and 30 years leave the years between on purpose).
    lo_point: bool,
    hi_point: bool,
}

/// How the values of an input step: whole numbers and dates have a next value, decimals none.
#[derive(Clone, Copy, PartialEq)]
enum Domain {
    Whole,
    Days,
    Dense,
}

fn domain(ty: &Ty) -> Option<Domain> {
    match ty {
        Ty::Int => Some(Domain::Whole),
        Ty::Decimal => Some(Domain::Dense),
        Ty::Date => Some(Domain::Days),
        _ => None,
    }
}

fn step(v: &Value, up: bool) -> Option<Value> {
    match v {
        Value::Int(i) => (if up { i.checked_add(1) } else { i.checked_sub(1) }).map(Value::Int),
        Value::Date(d) => {
            (if up { d.checked_add_days(Days::new(1)) } else { d.checked_sub_days(Days::new(1)) }).map(Value::Date)
        }
        _ => None,
    }
}

fn fits(v: &Value, d: Domain) -> bool {
    matches!(
        (v, d),
        (Value::Int(_), Domain::Whole)
            | (Value::Date(_), Domain::Days)
            | (Value::Int(_) | Value::Dec(_), Domain::Dense)
    )
}

/// The band of `cell` over `d`, normalised; `None` when it cannot be checked or is empty.
fn span(cell: &Cell, d: Domain, row: usize) -> Option<Span> {
    let Cell::Band { lo, hi } = cell else { return None };
    let mut lo = lo.clone();
    let mut hi = hi.clone();
    for end in [&lo, &hi].into_iter().flatten() {
        if !fits(&end.0, d) {
            return None;
        }
    }
    if d != Domain::Dense {
        if let Some((v, false)) = &lo {
            lo = Some((step(v, true)?, true));
        }
        if let Some((v, false)) = &hi {
            hi = Some((step(v, false)?, true));
        }
    }
    let point = matches!((&lo, &hi), (Some((a, _)), Some((b, _))) if compare(a, b) == Some(Ordering::Equal));
    if let (Some((a, ai)), Some((b, bi))) = (&lo, &hi) {
        match compare(a, b)? {
            Ordering::Greater => return None,
            Ordering::Equal if !(*ai && *bi) => return None,
            _ => {}
        }
    }
    Some(Span { lo, hi, lo_row: row, hi_row: row, lo_point: point, hi_point: point })
}

/// Whether a band ending at `hi` and one starting at `lo` leave no value between them.
fn meet(hi: &Option<(Value, bool)>, lo: &Option<(Value, bool)>, d: Domain) -> bool {
    let (Some((h, hi_in)), Some((l, lo_in))) = (hi, lo) else { return true };
    match compare(l, h) {
        Some(Ordering::Less) | None => true,
        Some(Ordering::Equal) => *hi_in || *lo_in,
        Some(Ordering::Greater) => {
            d != Domain::Dense && step(h, true).is_some_and(|n| compare(&n, l) == Some(Ordering::Equal))
        }
    }
}

/// Whether lower end `a` starts at or before `b`.
fn starts_by(a: &Option<(Value, bool)>, b: &Option<(Value, bool)>) -> bool {
    match (a, b) {
        (None, _) => true,
        (_, None) => false,
        (Some((x, xi)), Some((y, yi))) => match compare(x, y) {
            Some(Ordering::Less) => true,
            Some(Ordering::Equal) => *xi || !*yi,
            _ => false,
        },
    }
}

/// Whether upper end `a` reaches at least `b`.
fn reaches(a: &Option<(Value, bool)>, b: &Option<(Value, bool)>) -> bool {
    match (a, b) {
        (None, _) => true,
        (_, None) => false,
        (Some((x, xi)), Some((y, yi))) => match compare(x, y) {
            Some(Ordering::Greater) => true,
            Some(Ordering::Equal) => *xi || !*yi,
            _ => false,
        },
    }
}

/// The values two bands share, when that is likely a slip: from the first value to the last, and
/// whether the last is included. Two ranges (`10..20` and `20..30` share 20; `0..<10` and `5..20`
/// over decimals share 5 to below 10). A range and a comparison, or two comparisons, only when
/// neither band holds the other (`31..90` and `>= 90` share 90; `<= 30` and `>= 30` share 30):
/// a narrower row above a wider one (`>= 90` above `>= 80`, `10..20` above `>= 0`) is how
/// `hit first` is written. Single values (`3`) are never reported. `None` when none is shared.
fn shared(a: &Span, b: &Span) -> Option<(Value, Value, bool)> {
    let range = |s: &Span| s.lo.is_some() && s.hi.is_some() && !s.lo_point;
    let holds = |u: &Span, s: &Span| starts_by(&u.lo, &s.lo) && reaches(&u.hi, &s.hi);
    if a.lo_point || b.lo_point || (!(range(a) && range(b)) && (holds(a, b) || holds(b, a))) {
        return None;
    }
    let lo = if starts_by(&a.lo, &b.lo) { &b.lo } else { &a.lo };
    let hi = if reaches(&a.hi, &b.hi) { &b.hi } else { &a.hi };
    let (Some((l, l_in)), Some((h, h_in))) = (lo, hi) else { return None };
    match compare(l, h)? {
        Ordering::Less if *l_in => Some((l.clone(), h.clone(), *h_in)),
        Ordering::Equal if *l_in && *h_in => Some((l.clone(), h.clone(), true)),
        _ => None,
    }
}

/// The bands merged where they meet, lowest first.
fn merged(mut spans: Vec<Span>, d: Domain) -> Vec<Span> {
    spans.sort_by(|a, b| match (starts_by(&a.lo, &b.lo), starts_by(&b.lo, &a.lo)) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Less,
        _ => Ordering::Greater,
    });
    let mut out: Vec<Span> = Vec::new();
    for s in spans {
        match out.last_mut() {
            Some(last) if meet(&last.hi, &s.lo, d) => {
                if !reaches(&last.hi, &s.hi) {
                    last.hi = s.hi;
                    last.hi_row = s.hi_row;
                    last.hi_point = s.hi_point;
                }
            }
            _ => out.push(s),
        }
    }
    out
}

/// The number halfway between `a` and `b`.
fn between(a: &Value, b: &Value) -> Option<Value> {
    let mid = a.as_dec()?.checked_add(b.as_dec()?)?.checked_div(rust_decimal::Decimal::TWO)?;
    Some(Value::Dec(mid.normalize()))
}

/// Checks a table: `cells[row][input]`, the inputs' types, and whether the first matching row wins.
pub(crate) fn check(cells: &[Vec<Cell>], inputs: &[Ty], first: bool) -> Vec<Finding> {
    let mut found = Vec::new();
    // The checks take time in the square of the rows: a table longer than any regulation's (one
    // generated from data) is not checked.
    if cells.len() > MAX_ROWS {
        return found;
    }
    let only = |row: &[Cell], input: usize| {
        row.iter().enumerate().all(|(i, c)| i == input || matches!(c, Cell::Any))
            && !matches!(row.get(input), Some(Cell::Other))
    };
    // A row of `-` only matches everything: every row below it is shadowed.
    if first {
        if let Some(all) = cells.iter().position(|r| r.iter().all(|c| matches!(c, Cell::Any))) {
            found.extend((all + 1..cells.len()).map(|row| Finding::Shadowed { row, input: None }));
        }
    }
    for (input, ty) in inputs.iter().enumerate() {
        let Some(d) = domain(ty) else { continue };
        let rows: Vec<(usize, Span)> = cells
            .iter()
            .enumerate()
            .filter(|(_, r)| only(r, input) && !r.iter().all(|c| matches!(c, Cell::Any)))
            .filter_map(|(i, r)| Some((i, span(r.get(input)?, d, i)?)))
            .collect();
        if rows.is_empty() {
            continue;
        }
        if first {
            // The rows above, merged as they come (sorting a sorted list and one more is linear).
            let mut above: Vec<Span> = Vec::new();
            for (k, (row, s)) in rows.iter().enumerate() {
                let covered = above.iter().any(|u| starts_by(&u.lo, &s.lo) && reaches(&u.hi, &s.hi));
                if covered && !found.contains(&Finding::Shadowed { row: *row, input: None }) {
                    found.push(Finding::Shadowed { row: *row, input: Some(input) });
                } else if let Some(overlap) = rows.iter().take(k).find_map(|(up, u)| shared(u, s).map(|x| (*up, x))) {
                    let (up, (from, to, to_in)) = overlap;
                    found.push(Finding::Overlap { input, above: up, row: *row, from, to, to_in });
                }
                above.push(s.clone());
                above = merged(above, d);
            }
        }
        // A row that tests this input in a way not read here (a list, a parameter, `!=`, or
        // together with another input) may match values between the bands: no gap is claimed.
        let unread = cells
            .iter()
            .enumerate()
            .any(|(i, r)| !matches!(r.get(input), Some(Cell::Any) | None) && !rows.iter().any(|(k, _)| *k == i));
        if unread {
            continue;
        }
        let all = merged(rows.iter().map(|(_, s)| s.clone()).collect(), d);
        for pair in all.windows(2) {
            let [below, above] = pair else { continue };
            if below.hi_point || above.lo_point {
                continue;
            }
            let (Some((h, h_in)), Some((l, l_in))) = (&below.hi, &above.lo) else { continue };
            let (from, to, ends, example) = if d == Domain::Dense {
                let example = if compare(h, l) == Some(Ordering::Equal) { None } else { Some(between(h, l)) };
                (h.clone(), l.clone(), (!h_in, !l_in), example.flatten())
            } else {
                let (Some(from), Some(to)) = (step(h, true), step(l, false)) else { continue };
                (from, to, (true, true), None)
            };
            found.push(Finding::Gap { input, below: below.hi_row, above: above.lo_row, from, to, ends, example });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn dec(s: &str) -> Value {
        Value::Dec(Decimal::from_str(s).unwrap())
    }

    /// The gaps found: the rows on each side, and the first value no row matches.
    fn gaps(cells: &[Vec<Cell>], ty: Ty) -> Vec<(usize, usize, String)> {
        check(cells, &[ty], true)
            .into_iter()
            .filter_map(|f| match f {
                Finding::Gap { below, above, from, example, .. } => {
                    Some((below, above, format!("{:?}", example.unwrap_or(from))))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn decimal_bands_that_do_not_touch_leave_a_gap() {
        let rows = vec![vec![Cell::range(dec("0"), dec("59"), false)], vec![Cell::range(dec("60"), dec("79"), false)]];
        assert_eq!(gaps(&rows, Ty::Decimal), [(0, 1, format!("{:?}", dec("59.5")))]);
        // Written as whole numbers, over a decimal input.
        let ints = vec![
            vec![Cell::range(Value::Int(0), Value::Int(59), false)],
            vec![Cell::range(Value::Int(60), Value::Int(79), false)],
        ];
        assert_eq!(gaps(&ints, Ty::Decimal), [(0, 1, format!("{:?}", dec("59.5")))]);
        // The same bands over whole numbers meet.
        let whole = vec![
            vec![Cell::range(Value::Int(0), Value::Int(59), false)],
            vec![Cell::range(Value::Int(60), Value::Int(79), false)],
        ];
        assert!(gaps(&whole, Ty::Int).is_empty());
        // `..<60` then `60..` meet over decimals; `<60` then `>60` leave 60 itself.
        let half_open =
            vec![vec![Cell::range(dec("0"), dec("60"), true)], vec![Cell::range(dec("60"), dec("79"), false)]];
        assert!(gaps(&half_open, Ty::Decimal).is_empty());
        let both_open = vec![
            vec![Cell::compare(aturan_dsl::ast::CmpOp::Lt, dec("60"))],
            vec![Cell::compare(aturan_dsl::ast::CmpOp::Gt, dec("60"))],
        ];
        assert_eq!(gaps(&both_open, Ty::Decimal), [(0, 1, format!("{:?}", dec("60")))]);
    }

    #[test]
    fn whole_number_gaps_and_points() {
        let rows = vec![
            vec![Cell::range(Value::Int(0), Value::Int(2), false)],
            vec![Cell::range(Value::Int(4), Value::Int(6), false)],
        ];
        assert_eq!(gaps(&rows, Ty::Int), [(0, 1, format!("{:?}", Value::Int(3)))]);
        // Single values (awards at 10, 20, 30 years) are not bands: nothing between them is missed.
        let points: Vec<Vec<Cell>> =
            [10, 20, 30].iter().map(|y| vec![Cell::compare(aturan_dsl::ast::CmpOp::Eq, Value::Int(*y))]).collect();
        assert!(check(&points, &[Ty::Int], true).is_empty());
    }

    #[test]
    fn rows_below_a_wider_row_never_apply_in_a_first_hit_table() {
        use aturan_dsl::ast::CmpOp::Ge;
        let rows = vec![vec![Cell::compare(Ge, Value::Int(80))], vec![Cell::compare(Ge, Value::Int(90))]];
        assert_eq!(check(&rows, &[Ty::Int], true), [Finding::Shadowed { row: 1, input: Some(0) }]);
        // Collecting every matching row, both apply.
        assert!(check(&rows, &[Ty::Int], false).is_empty());
        // Covered by two rows together.
        let two = vec![
            vec![Cell::range(Value::Int(0), Value::Int(5), false)],
            vec![Cell::range(Value::Int(6), Value::Int(9), false)],
            vec![Cell::range(Value::Int(3), Value::Int(7), false)],
        ];
        assert_eq!(check(&two, &[Ty::Int], true), [Finding::Shadowed { row: 2, input: Some(0) }]);
    }

    #[test]
    fn rows_that_also_test_another_input_are_left_out() {
        use aturan_dsl::ast::CmpOp::{Ge, Lt};
        let rows = vec![
            vec![Cell::compare(Ge, Value::Int(11)), Cell::Any],
            vec![Cell::Any, Cell::compare(Ge, dec("90"))],
            vec![Cell::compare(Lt, Value::Int(3)), Cell::compare(Lt, dec("90"))],
            vec![Cell::Any, Cell::range(dec("80"), dec("90"), true)],
        ];
        assert!(check(&rows, &[Ty::Int, Ty::Decimal], true).is_empty());
        // A row read only in part (a list, or another input tested beside) may fill a gap.
        let split = vec![
            vec![Cell::range(Value::Int(0), Value::Int(2), false), Cell::Any],
            vec![Cell::range(Value::Int(3), Value::Int(4), false), Cell::compare(Ge, dec("50"))],
            vec![Cell::range(Value::Int(3), Value::Int(4), false), Cell::compare(Lt, dec("50"))],
            vec![Cell::range(Value::Int(5), Value::Int(6), false), Cell::Any],
        ];
        assert!(check(&split, &[Ty::Int, Ty::Decimal], true).is_empty());
        let list = vec![
            vec![Cell::range(Value::Int(0), Value::Int(2), false)],
            vec![Cell::Other],
            vec![Cell::range(Value::Int(5), Value::Int(6), false)],
        ];
        assert!(check(&list, &[Ty::Int], true).is_empty());
        let catch_all = vec![vec![Cell::Any, Cell::Any], vec![Cell::Any, Cell::compare(Ge, dec("90"))]];
        assert_eq!(check(&catch_all, &[Ty::Int, Ty::Decimal], true), [Finding::Shadowed { row: 1, input: None }]);
    }

    #[test]
    fn ranges_sharing_values_in_a_first_hit_table_overlap() {
        use aturan_dsl::ast::CmpOp::Ge;
        let int = |a, b| Cell::range(Value::Int(a), Value::Int(b), false);
        let overlaps = |rows: &[Vec<Cell>], ty: Ty, first: bool| -> Vec<(usize, usize, String, String, bool)> {
            check(rows, &[ty], first)
                .into_iter()
                .filter_map(|f| match f {
                    Finding::Overlap { above, row, from, to, to_in, .. } => {
                        Some((above, row, format!("{from:?}"), format!("{to:?}"), to_in))
                    }
                    _ => None,
                })
                .collect()
        };
        // `10..20` above `20..30`: 20 goes to the first row.
        let rows = vec![vec![int(10, 20)], vec![int(20, 30)]];
        assert_eq!(overlaps(&rows, Ty::Int, true), [(0, 1, "Int(20)".into(), "Int(20)".into(), true)]);
        // Decimals: `0..<10` and `5..20` share 5 to below 10.
        let rows = vec![vec![Cell::range(dec("0"), dec("10"), true)], vec![Cell::range(dec("5"), dec("20"), false)]];
        assert_eq!(overlaps(&rows, Ty::Decimal, true), [(0, 1, "Dec(5)".into(), "Dec(10)".into(), false)]);
        // Bands that meet without sharing, comparisons (`>= 90` above `>= 80`, meant to overlap),
        // and `hit collect` (every matching row counts) are no overlap.
        let rows = vec![vec![Cell::range(dec("0"), dec("10"), true)], vec![Cell::range(dec("10"), dec("20"), false)]];
        assert!(overlaps(&rows, Ty::Decimal, true).is_empty());
        let below = Cell::Band { lo: None, hi: Some((dec("80"), false)) };
        let rows = vec![vec![Cell::compare(Ge, dec("90"))], vec![Cell::compare(Ge, dec("80"))], vec![below]];
        assert!(overlaps(&rows, Ty::Decimal, true).is_empty());
        // A narrower row above a wider one is how `hit first` is written: `10..20` above `>= 0`.
        let rows = vec![vec![int(10, 20)], vec![Cell::compare(Ge, Value::Int(0))]];
        assert!(overlaps(&rows, Ty::Int, true).is_empty());
        // A range and a comparison, or two comparisons, that share their ends are a slip:
        // `31..90` above `>= 90`, `<= 30` above `30..90` and above `>= 30`.
        let rows = vec![vec![int(31, 90)], vec![Cell::compare(Ge, Value::Int(90))]];
        assert_eq!(overlaps(&rows, Ty::Int, true), [(0, 1, "Int(90)".into(), "Int(90)".into(), true)]);
        let at_most_30 = || Cell::compare(aturan_dsl::ast::CmpOp::Le, Value::Int(30));
        let rows = vec![vec![at_most_30()], vec![int(30, 90)]];
        assert_eq!(overlaps(&rows, Ty::Int, true), [(0, 1, "Int(30)".into(), "Int(30)".into(), true)]);
        let rows = vec![vec![at_most_30()], vec![Cell::compare(Ge, Value::Int(30))]];
        assert_eq!(overlaps(&rows, Ty::Int, true), [(0, 1, "Int(30)".into(), "Int(30)".into(), true)]);
        // And a band that goes under a comparison above it: 80 to 85 never reach `0..85`.
        let rows = vec![vec![Cell::compare(Ge, dec("80"))], vec![Cell::range(dec("0"), dec("85"), false)]];
        assert_eq!(overlaps(&rows, Ty::Decimal, true), [(0, 1, "Dec(80)".into(), "Dec(85)".into(), true)]);
        let rows = vec![vec![int(10, 20)], vec![int(20, 30)]];
        assert!(overlaps(&rows, Ty::Int, false).is_empty());
    }
}
