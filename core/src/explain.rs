//! Explanations: for every rule, whether it held, and for each condition the actual value and
//! what was required — with the date from which a failed time requirement would hold.

use aturan_dsl::ast::CmpOp;
use aturan_dsl::Lang;
use serde_json::{Map, Value as Json};
use std::collections::VecDeque;

use crate::decision::{ConditionTrace, Outcome, OutcomeKind, RuleTrace, SetAside, Truth, Undetermined};
use crate::eval::{add_months, truth, Candidate, Ev, R};
use crate::ir::*;
use crate::messages as msg;
use crate::types::Ty;
use crate::value::{dec_text, Value};

/// A value as text, naming enum values.
pub fn show(v: &Value, ty: &Ty) -> String {
    match (v, ty) {
        (Value::Enum(i), Ty::Enum(e)) => e.values.get(usize::from(*i)).cloned().unwrap_or_default(),
        (Value::Enum(i), _) => i.to_string(),
        (Value::Record(f), Ty::Sanction) => match f.first() {
            Some(Value::Text(code)) => code.to_string(),
            _ => "?".into(),
        },
        (Value::Bool(b), _) => b.to_string(),
        (Value::Int(i), _) => i.to_string(),
        (Value::Dec(d), _) => dec_text(*d),
        (Value::Text(s), _) => s.to_string(),
        (Value::Date(d), _) => crate::value::iso_date(*d),
        (Value::List(items), Ty::List(item)) => {
            let shown: Vec<String> = items.iter().take(8).map(|x| show(x, item)).collect();
            if items.len() > 8 {
                format!("[{}, …]", shown.join(", "))
            } else {
                format!("[{}]", shown.join(", "))
            }
        }
        (Value::List(items), _) => format!("[{} items]", items.len()),
        (Value::Record(_), _) => "{…}".into(),
        (Value::None, _) => "none".into(),
        (Value::Unknown(_), _) => "unknown".into(),
    }
}

/// A value as an explanation shows it, in `lang`: [`show`], with the words for none, unknown and
/// a number of items in the reader's language.
fn say(lang: Lang, v: &Value, ty: &Ty) -> String {
    match (lang, v) {
        (Lang::Id, Value::None) => "tidak ada".into(),
        (Lang::Id, Value::Unknown(_)) => "belum diketahui".into(),
        (Lang::Id, Value::Bool(b)) => if *b { "benar" } else { "salah" }.into(),
        (Lang::Id, Value::List(items)) if !matches!(ty, Ty::List(_)) => format!("[{} butir]", items.len()),
        _ => show(v, ty),
    }
}

fn phrase(ev: &Ev<'_>, en: String, id: String) -> String {
    match ev.lang {
        Lang::En => en,
        Lang::Id => id,
    }
}

fn params_text(params: &Map<String, Json>, lang: Lang) -> String {
    if params.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = params.iter().map(|(k, v)| format!("{k} {}", json_text(v, lang))).collect();
    format!(" ({})", parts.join(", "))
}

/// A parameter's value as text; `null` (`next` past the last rank) is none, which `?` would
/// pass off as unknown.
fn json_text(v: &Json, lang: Lang) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Null => say(lang, &Value::None, &Ty::Nothing),
        other => other.to_string(),
    }
}

fn condition<'c>(ev: &mut Ev<'c>, cond: &'c CExpr, text: &str) -> R<ConditionTrace> {
    Ok(condition_or_note(ev, cond, text, 0))
}

/// [`condition_at`], or, when working it out fails, a note that says why. The decision itself was
/// made without it (`n > 0 and total / n > 2` stops at `n > 0`; so does `x in [10 / n]` with `x`
/// missing), so what only the explanation goes through (`total / n` with `n` 0) must not turn
/// the decision into an error.
fn condition_or_note<'c>(ev: &mut Ev<'c>, cond: &'c CExpr, text: &str, depth: u8) -> ConditionTrace {
    match condition_at(ev, cond, text, depth) {
        Ok(c) => c,
        Err(e) => {
            let why = e.message(ev.lang);
            ConditionTrace {
                text: text.to_string(),
                result: Truth::Unknown,
                actual: None,
                required: None,
                note: phrase(
                    ev,
                    format!("{text} — not worked out: {why}"),
                    format!("{text} — tidak dapat dihitung: {why}"),
                ),
                missing: Vec::new(),
                holds_from: None,
                gap: None,
            }
        }
    }
}

/// The parts of a condition that is not met (or unknown) that made it so: of a named one (`let
/// layak = a and b`), its `and`-ed parts that fail; of an `or`, every side. Each part as its own
/// note, in the source's words; `depth` stops the breaking down of parts that are named too.
/// `values_only`: each part as its value alone (`cltn: true`), for the parts of a `not (…)` that
/// hold, which are no requirement met but what makes the negation fail.
fn reasons<'c>(ev: &mut Ev<'c>, cond: &'c CExpr, result: Truth, depth: u8, values_only: bool) -> R<Reasons> {
    // One that is met shows what met it, one level down (`predikat_dua_tahun_baik` with this
    // year's and last year's predikat); one that fails, two.
    if depth >= 2 || (result == Truth::True && depth >= 1) {
        return Ok(Reasons::default());
    }
    let named = matches!(cond.kind, CK::Let(_));
    let body = crate::eval::named_expr(ev.c, cond);
    let mut parts: Vec<&'c CExpr> = Vec::new();
    let or = match &body.kind {
        CK::Or(..) => {
            split(body, &mut parts, true);
            true
        }
        _ if named => {
            split(body, &mut parts, false);
            false
        }
        _ => return Ok(Reasons::default()),
    };
    let mut notes = Vec::new();
    // The day it would hold: for `and`, the last day its failing parts wait for, when each waits
    // for one and the parts met do not move with the date; for `or`, the first.
    let mut days: Vec<Option<chrono::NaiveDate>> = Vec::new();
    let mut settled = true;
    for part in parts {
        let text = one_line(part.span.text(&ev.c.source));
        let c = condition_or_note(ev, part, &text, depth + 1);
        match c.result {
            Truth::True => settled &= !reads_as_of(ev, part, 0),
            Truth::False => days.push(c.holds_from.as_deref().and_then(crate::value::parse_iso_date)),
            Truth::Unknown => settled = false,
        }
        if c.result == result {
            notes.push(match (values_only, &c.actual) {
                (true, Some(actual)) => format!("{text}: {actual}"),
                _ => c.note,
            });
        }
    }
    let holds_from = match (result, or) {
        (Truth::False, false) if settled => {
            days.into_iter().collect::<Option<Vec<_>>>().and_then(|d| d.into_iter().max())
        }
        (Truth::False, true) => days.into_iter().flatten().min(),
        _ => None,
    };
    Ok(Reasons { because: (!notes.is_empty()).then(|| notes.join("; ")), holds_from })
}

/// Why a named condition or an `or` came out as it did: its parts' notes, and for one that
/// fails, the day it would hold if its parts say one.
#[derive(Default)]
struct Reasons {
    because: Option<String>,
    holds_from: Option<chrono::NaiveDate>,
}

/// The `and`-ed (or, with `or`, the `or`-ed) parts of an expression.
fn split<'c>(e: &'c CExpr, out: &mut Vec<&'c CExpr>, or: bool) {
    match &e.kind {
        CK::And(a, b) if !or => {
            split(a, out, or);
            split(b, out, or);
        }
        CK::Or(a, b) if or => {
            split(a, out, or);
            split(b, out, or);
        }
        _ => out.push(e),
    }
}

fn negation(t: Truth) -> Truth {
    match t {
        Truth::True => Truth::False,
        Truth::False => Truth::True,
        Truth::Unknown => Truth::Unknown,
    }
}

fn condition_at<'c>(ev: &mut Ev<'c>, cond: &'c CExpr, text: &str, depth: u8) -> R<ConditionTrace> {
    let whole = ev.eval(cond)?;
    let result = truth(&whole);
    let missing = match &whole {
        Value::Unknown(m) => m.as_ref().clone(),
        _ => Vec::new(),
    };
    let (mut actual, mut required, mut hint);
    hint = None;
    // A number that misses its threshold: by how much.
    let mut gap: Option<Gap> = None;
    // A requirement whose own value is unknown (`>= syarat(jenjang)` without a jenjang) is no
    // requirement a reader can meet: the note says so, the `required` field is left out.
    let mut required_unknown = false;
    // The first day a time requirement not met yet holds, when it does within the policy.
    let mut holds_day: Option<chrono::NaiveDate> = None;
    let (inner, negated) = match &cond.kind {
        CK::Not(i) => (&**i, true),
        _ => (cond, false),
    };
    let lang = ev.lang;
    let id = lang == Lang::Id;
    let w = |en: &'static str, ind: &'static str| if id { ind } else { en };
    let neg = |s: String| if negated { format!("{} {s}", w("not", "bukan")) } else { s };
    let shown = |v: &Value, ty: &Ty| match v {
        Value::Bool(b) => w(if *b { "true" } else { "false" }, if *b { "benar" } else { "salah" }).to_string(),
        other => say(lang, other, ty),
    };
    match &inner.kind {
        CK::Cmp(op, l, r) => {
            // `4 <= full_years(tmt, as_of)` is explained as `full_years(…)`, required `>= 4`:
            // the value found first, the requirement after.
            let fixed = |e: &CExpr| matches!(e.kind, CK::Const(_) | CK::Param(_));
            let (op, l, r) = if fixed(l) && !fixed(r) { (&op.mirrored(), r, l) } else { (op, l, r) };
            let lv = ev.eval(l)?;
            let rv = ev.eval(r)?;
            actual = Some(match lv {
                // A sanction is imposed but a heavier one is undetermined: the levels it can have.
                Value::Unknown(_) if crate::eval::is_sanction_level(ev.c, l) => {
                    let levels: Vec<String> = ev.possible_levels()?.iter().map(|v| say(lang, v, &l.ty)).collect();
                    levels.join(w(" or ", " atau "))
                }
                // A count, sum, minimum or maximum that the items decided so far bound.
                Value::Unknown(_) => bounds_text(ev, l)?.unwrap_or_else(|| say(lang, &lv, &l.ty)),
                _ => say(lang, &lv, &l.ty),
            });
            // `next(golongan)` at the last rank is none: said why, not left as "none".
            if let (Value::None, CK::Builtin(Builtin::Next, args)) = (&lv, &crate::eval::named_expr(ev.c, l).kind) {
                if let Some(arg) = args.first() {
                    let of = ev.eval(arg)?;
                    if !matches!(of, Value::None | Value::Unknown(_)) {
                        let (text, value) = (one_line(arg.span.text(&ev.c.source)), say(lang, &of, &arg.ty));
                        hint = Some(aturan_dsl::Text::new(
                            format!("{text} {value} is the last value: none comes after it"),
                            format!("{text} {value} adalah nilai terakhir: tidak ada sesudahnya"),
                        ));
                    }
                }
            }
            // `not (m > 3)`: required `<= 3`, not `not > 3`.
            let shown_op = if negated { op.negated() } else { *op };
            required = Some(format!("{} {}", shown_op.symbol(), say(lang, &rv, &r.ty)));
            required_unknown = matches!(rv, Value::Unknown(_));
            // (A count of years or days to the decision date says the day it holds from, or
            // nothing where that day is none to wait for.)
            if result == Truth::False && ev.gaps_wanted && !counts_time_to_as_of(ev, l) && !counts_time_to_as_of(ev, r)
            {
                gap = number_gap(shown_op, &lv, &rv);
            }
            // A time requirement on `as_of` that fails: say from when it would hold (also through
            // a named value: `masa_kerja >= 10` with `let masa_kerja = full_years(tmt, as_of)`).
            if result == Truth::False && !negated {
                let measured = crate::eval::named_expr(ev.c, l);
                // `full_years(tmt, as_of) >= n` (or months, or days): the start date and the
                // count required.
                let counted = match (&measured.kind, &rv) {
                    (
                        CK::Builtin(b @ (Builtin::FullYears | Builtin::FullMonths | Builtin::DaysBetween), args),
                        Value::Int(n),
                    ) if matches!(op, CmpOp::Ge | CmpOp::Gt) => match (args.first(), args.get(1)) {
                        (Some(start), Some(end)) if matches!(end.kind, CK::AsOf) => {
                            let need = if *op == CmpOp::Gt { n.saturating_add(1) } else { *n };
                            Some((*b, start, need))
                        }
                        _ => None,
                    },
                    _ => None,
                };
                if let Some((b, start, need)) = counted {
                    if let Value::Date(s) = ev.eval(start)? {
                        let day = match b {
                            Builtin::FullYears => first_day_holding(s, ev.as_of, true, need, need.saturating_mul(12)),
                            Builtin::FullMonths => first_day_holding(s, ev.as_of, false, need, need),
                            // From `need` days after the start.
                            Builtin::DaysBetween => chrono::TimeDelta::try_days(need)
                                .and_then(|d| s.checked_add_signed(d))
                                .filter(|d| *d > ev.as_of),
                            _ => None,
                        };
                        hint = day.and_then(|d| holds_from(ev, d));
                        holds_day = day.filter(|_| hint.is_some());
                    }
                }
                // `add_years(tmt, 10) <= as_of` (or `as_of >= …`): a date reached on that day.
                let reached = match (op, &l.kind, &r.kind, &lv, &rv) {
                    (CmpOp::Le | CmpOp::Lt, _, CK::AsOf, Value::Date(d), _) if !reads_as_of(ev, l, 0) => {
                        Some((*d, *op == CmpOp::Lt))
                    }
                    (CmpOp::Ge | CmpOp::Gt, CK::AsOf, _, _, Value::Date(d)) if !reads_as_of(ev, r, 0) => {
                        Some((*d, *op == CmpOp::Gt))
                    }
                    _ => None,
                };
                if let (None, Some((day, strict))) = (&hint, reached) {
                    let day = if strict { day.succ_opt() } else { Some(day) };
                    hint = day.filter(|d| *d > ev.as_of).and_then(|d| holds_from(ev, d));
                    holds_day = day.filter(|_| hint.is_some());
                }
            }
        }
        CK::In(l, r, negate) => {
            let lv = ev.eval(l)?;
            actual = Some(match lv {
                Value::Unknown(_) => bounds_text(ev, l)?.unwrap_or_else(|| say(lang, &lv, &l.ty)),
                _ => say(lang, &lv, &l.ty),
            });
            let set = match &r.kind {
                CK::Range(a, b, excl) => {
                    let (av, bv) = (ev.eval(a)?, ev.eval(b)?);
                    // A number outside a band it should be in (`in 80..<90` with 79.99): how far.
                    if result == Truth::False && !*negate && !negated && ev.gaps_wanted && !counts_time_to_as_of(ev, l)
                    {
                        gap = number_gap(CmpOp::Ge, &lv, &av)
                            .or_else(|| number_gap(if *excl { CmpOp::Lt } else { CmpOp::Le }, &lv, &bv));
                    }
                    format!("{}{}{}", say(lang, &av, &a.ty), if *excl { "..<" } else { ".." }, say(lang, &bv, &b.ty))
                }
                _ => {
                    let rv = ev.eval(r)?;
                    say(lang, &rv, &r.ty)
                }
            };
            required =
                Some(neg(format!("{}{} {set}", if *negate { w("not ", "bukan ") } else { "" }, w("in", "dalam"))));
        }
        CK::IsAbsent(i, absent) => {
            let v = ev.eval(i)?;
            actual = Some(match v {
                // A sanction is imposed while a heavier one is undetermined (which one is
                // unknown), or none is imposed while some are undetermined (whether one is).
                Value::Unknown(_) if matches!(i.kind, CK::Sanction) => match ev.sanction_presence()? {
                    Some(true) => w("present", "ada").into(),
                    Some(false) => w("absent", "kosong").into(),
                    None => say(lang, &v, &i.ty),
                },
                // Undecided: a count over a list that is there is present, else unknown unless
                // missing means absent here.
                Value::Unknown(_) if ev.bounds_of(i)?.is_some() => w("present", "ada").into(),
                Value::Unknown(_) if result == Truth::Unknown => say(lang, &v, &i.ty),
                Value::None | Value::Unknown(_) => w("absent", "kosong").into(),
                other => say(lang, &other, &i.ty),
            });
            required = Some(neg(if *absent { w("absent", "kosong").into() } else { w("present", "ada").into() }));
        }
        _ => {
            actual = Some(shown(&whole, &cond.ty));
            required = Some(w("true", "benar").into());
            // `not (a or b)` that fails says which of `a` and `b` holds (the parts of what it
            // negates that came out the other way).
            // (One that is met is not broken down: "because cltn: false, required true — not met"
            // would read as a failure.)
            if !negated || result != Truth::True {
                let (part, part_result) = if negated { (inner, negation(result)) } else { (cond, result) };
                let why = reasons(ev, part, part_result, depth, negated)?;
                hint = why.because.map(|r| aturan_dsl::Text::new(format!("because {r}"), format!("karena {r}")));
                holds_day = why.holds_from.filter(|_| result == Truth::False && !negated);
            }
            // An `any` that holds or an `all` that fails, also the one a `not` negates: the item
            // that decides it (which violation, which sanction record), for an appeal to answer; also
            // as a part of a named condition (`layak` failing for one sanction record).
            let (part, part_result) = if negated { (inner, negation(result)) } else { (cond, result) };
            if part_result != Truth::Unknown && depth <= 1 {
                if let Some((path, item, ty)) = ev.deciding_item(part, part_result == Truth::True)? {
                    let item = item_text(lang, &item, ty);
                    let (en, id) = match part_result {
                        Truth::True => (
                            format!("the item that holds: {path} ({item})"),
                            format!("butir yang memenuhi: {path} ({item})"),
                        ),
                        _ => (
                            format!("the item that does not: {path} ({item})"),
                            format!("butir yang tidak memenuhi: {path} ({item})"),
                        ),
                    };
                    hint = Some(match hint {
                        // The named condition's own note may have said it already.
                        Some(h) if h.get(lang).ends_with(if lang == Lang::Id { &id } else { &en }) => h,
                        Some(h) => aturan_dsl::Text::new(format!("{}; {en}", h.en), format!("{}; {id}", h.id)),
                        None => aturan_dsl::Text::new(en, id),
                    });
                }
            }
        }
    }
    // Any other condition that fails for the date alone, comparing it with dates in the facts
    // (`bukan hukdis_aktif`: a sanction running until 2026-03-31): the first of the days on which
    // such a comparison can turn (a fact's date, or the day after) on which it holds.
    // (After the part of a `not (…)` that holds, when it names one.)
    if result == Truth::False
        && holds_day.is_none()
        && (hint.is_none() || negated)
        && !ev.in_aggregate()
        && reads_as_of(ev, cond, 0)
        && compares_as_of_only(ev, cond, 0)
    {
        if let Some(day) = first_day_holding_by_dates(ev, cond)? {
            if let Some(from) = holds_from(ev, day) {
                // The day comes before the parts that hold now, whose note it is not.
                hint = Some(match hint {
                    Some(b) => {
                        aturan_dsl::Text::new(format!("{}; {}", from.en, b.en), format!("{}; {}", from.id, b.id))
                    }
                    None => from,
                });
                holds_day = Some(day);
            }
        }
    }
    let status = match (result, ev.lang) {
        (Truth::True, Lang::En) => "met",
        (Truth::True, Lang::Id) => "terpenuhi",
        (Truth::False, Lang::En) => "not met",
        (Truth::False, Lang::Id) => "tidak terpenuhi",
        (Truth::Unknown, Lang::En) => "unknown",
        (Truth::Unknown, Lang::Id) => "belum diketahui",
    };
    let mut note = match (&actual, &required) {
        // Both sides unknown: "… required >= unknown — unknown" says nothing the missing facts do not.
        (Some(a), Some(_)) if result == Truth::Unknown && a == status && required_unknown => {
            format!("{text} — {status}")
        }
        // Unknown, it is said once: "masa_kerja >= 10: required >= 10 — unknown (missing: …)".
        (Some(a), Some(r)) if result == Truth::Unknown && a == status => {
            phrase(ev, format!("{text}: required {r} — {status}"), format!("{text}: disyaratkan {r} — {status}"))
        }
        (Some(a), Some(r)) => phrase(
            ev,
            format!("{text}: {a}, required {r} — {status}"),
            format!("{text}: {a}, disyaratkan {r} — {status}"),
        ),
        _ => format!("{text} — {status}"),
    };
    if result == Truth::Unknown && !missing.is_empty() {
        let (en, id) = missing_words(&missing);
        note.push_str(&phrase(ev, format!(" ({en})"), format!(" ({id})")));
    }
    // A time requirement says the day it holds from; another number how far it is.
    let gap = gap.filter(|_| hint.is_none() && holds_day.is_none());
    if let Some(g) = &gap {
        let amount = dec_text(g.amount);
        let (more_en, more_id) = if g.strict { (" more than", " lebih dari") } else { ("", "") };
        let (en, id) = if g.short { ("short by", "kekurangan") } else { ("over by", "kelebihan") };
        hint = Some(aturan_dsl::Text::new(format!("{en}{more_en} {amount}"), format!("{id}{more_id} {amount}")));
    }
    if let Some(h) = hint {
        note.push_str(&format!("; {}", h.get(ev.lang)));
    }
    if result == Truth::Unknown {
        actual = None;
    }
    if required_unknown {
        required = None;
    }
    // Only a day while the policy is in force is one to wait for.
    let holds_from = holds_day.filter(|d| last_day(ev).is_none_or(|u| *d <= u)).map(crate::value::iso_date);
    let gap = gap.map(|g| dec_text(g.amount));
    Ok(ConditionTrace { text: text.to_string(), result, actual, required, note, missing, holds_from, gap })
}

/// Whether `e` (or the value it names) counts years, months or days up to the decision date
/// (`full_years(tmt_cpns, as_of)`): it moves with the date, which says when it is enough.
fn counts_time_to_as_of(ev: &Ev<'_>, e: &CExpr) -> bool {
    match &crate::eval::named_expr(ev.c, e).kind {
        CK::Builtin(Builtin::FullYears | Builtin::FullMonths | Builtin::DaysBetween, args) => {
            args.iter().any(|a| reads_as_of(ev, a, 0))
        }
        _ => false,
    }
}

/// How far a number is from a threshold it fails (see [`number_gap`]).
struct Gap {
    amount: rust_decimal::Decimal,
    /// It must rise (`>=`, `>`), else fall.
    short: bool,
    /// `>` or `<` between numbers that are not both whole: it must move by more than `amount`.
    strict: bool,
}

/// `actual op required` failing between two known numbers, as the change that would meet it:
/// `40 >= 50` is short by 10, `12 <= 10` over by 2; between whole numbers `40 > 50` is short
/// by 11. `None` for any other comparison (dates say the day they hold from; enum values have
/// no distance), for a difference too large to hold, and for a number rounded as a quotient
/// that does not end.
fn number_gap(op: CmpOp, actual: &Value, required: &Value) -> Option<Gap> {
    let (a, r) = (actual.as_dec()?, required.as_dec()?);
    // A quotient that does not end (`total / 3`) is rounded to 28 significant digits: a gap from
    // it would not be the exact change it claims to be.
    let rounded = |d: rust_decimal::Decimal| d.mantissa().unsigned_abs() >= 10u128.pow(27);
    if rounded(a) || rounded(r) {
        return None;
    }
    let whole = matches!((actual, required), (Value::Int(_), Value::Int(_)));
    let (short, strict) = match op {
        CmpOp::Ge => (true, false),
        CmpOp::Gt => (true, true),
        CmpOp::Le => (false, false),
        CmpOp::Lt => (false, true),
        _ => return None,
    };
    let diff = if short { r.checked_sub(a)? } else { a.checked_sub(r)? };
    // Between whole numbers, `> 50` is `>= 51`.
    let amount = if strict && whole { diff.checked_add(rust_decimal::Decimal::ONE)? } else { diff };
    (amount > rust_decimal::Decimal::ZERO).then(|| Gap { amount: amount.normalize(), short, strict: strict && !whole })
}

/// What an undecided outcome or condition lacks, in words: the facts missing (`missing:
/// presensi`), and apart from them a lookup table's key without a row (`syarat_angka_kredit(
/// pemula)`: a name and a key in brackets, which no fact path is), which no fact of the employee
/// can give: "no row for pemula in the policy's table syarat_angka_kredit".
pub(crate) fn missing_words(missing: &[String]) -> (String, String) {
    let gap = |m: &str| -> Option<(String, String)> {
        let open = m.find('(')?;
        let name = m.get(..open)?;
        let key = m.get(open + 1..)?.strip_suffix(')')?;
        let plain = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_');
        plain.then(|| (name.to_string(), key.to_string()))
    };
    let facts: Vec<&str> = missing.iter().map(String::as_str).filter(|m| gap(m).is_none()).collect();
    let (mut en, mut id) = (Vec::new(), Vec::new());
    if !facts.is_empty() {
        en.push(format!("missing: {}", facts.join(", ")));
        id.push(format!("fakta belum ada: {}", facts.join(", ")));
    }
    for (table, key) in missing.iter().filter_map(|m| gap(m)) {
        en.push(format!("no row for {key} in the policy's table {table}"));
        id.push(format!("tabel {table} dalam kebijakan tidak memiliki baris untuk {key}"));
    }
    (en.join("; "), id.join("; "))
}

/// A list's item as an explanation names it: a record by its fields that have a value (`tanggal
/// 2025-03-02, tingkat sedang`, at most eight), anything else as its value.
fn item_text(lang: Lang, item: &Value, ty: &Ty) -> String {
    match (item, ty) {
        (Value::Record(values), Ty::Record(def)) => {
            let fields: Vec<String> = def
                .fields
                .iter()
                .zip(values.iter())
                .filter(|(f, v)| {
                    !matches!(v, Value::None | Value::Unknown(_) | Value::List(_) | Value::Record(_))
                        && !matches!(f.ty, Ty::List(_) | Ty::Record(_))
                })
                .take(8)
                .map(|(f, v)| format!("{} {}", f.name, say(lang, v, &f.ty)))
                .collect();
            fields.join(", ")
        }
        _ => say(lang, item, ty),
    }
}

/// "holds from `day`", or, after the period of the policy or of the rule explained (whichever
/// ends first), that it would hold only then; nothing for a day past the years a date may have
/// (0–9999), on which nothing can be evaluated.
fn holds_from(ev: &Ev<'_>, day: chrono::NaiveDate) -> Option<aturan_dsl::Text> {
    if !crate::value::in_years(day) {
        return None;
    }
    Some(match last_day(ev) {
        Some(until) if day > until && ev.rule_until == Some(until) => match successor(ev, day) {
            Some((rule, code)) => msg::holds_after_rule_period_then(day, until, rule, code),
            None => msg::holds_after_rule_period(day, until),
        },
        Some(until) if day > until => msg::holds_after_period(day, until),
        _ => msg::holds_from(day),
    })
}

/// The rule that takes the place of the one explained on `day`, after its period: another rule
/// (no exception) of its kind giving one of its codes and in effect that day (the next version
/// of a table replaced on a date), with that code.
fn successor<'c>(ev: &Ev<'c>, day: chrono::NaiveDate) -> Option<(&'c str, &'c str)> {
    let c = ev.c;
    let now = c.rules.get(ev.rule_now?)?;
    c.rules.iter().enumerate().find_map(|(i, r)| {
        let in_effect = r.from.is_none_or(|f| f <= day) && r.until.is_none_or(|u| day <= u);
        if Some(i) == ev.rule_now || r.exception_to.is_some() || r.kind != now.kind || !in_effect {
            return None;
        }
        let code = r.codes.iter().find(|code| now.codes.contains(code))?;
        Some((&*r.id, &**code))
    })
}

/// The last day a condition can be waited for: the end of the rule's period or of the policy's,
/// whichever comes first.
fn last_day(ev: &Ev<'_>) -> Option<chrono::NaiveDate> {
    crate::value::earlier(ev.rule_until, ev.c.effective_until)
}

/// Whether `e` reads the evaluation date (directly, or through a named value): a date worked out
/// from it moves with it, so it is no day to wait for.
fn reads_as_of(ev: &Ev<'_>, e: &CExpr, depth: u8) -> bool {
    if depth > 32 {
        return true;
    }
    let mut found = false;
    match &e.kind {
        CK::AsOf => return true,
        // Another outcome of this decision (`not notice pelanggaran`, `sanction is absent`): its
        // rules may read the date or end their period, so it is not taken to stay as it is.
        CK::Given(..) | CK::Sanction | CK::SanctionField(..) => return true,
        CK::Let(i) => return ev.c.lets.get(*i).is_none_or(|l| reads_as_of(ev, &l.expr, depth + 1)),
        kind => kind.for_each_child(&mut |c| found = found || reads_as_of(ev, c, depth + 1)),
    }
    found
}

/// Whether the evaluation date is read in `e` (or the named values it reads) only as one side
/// of a comparison (`tmt <= as_of`), never worked on (`year(as_of)`, `add_months(as_of, 1)`) nor
/// through another outcome of the decision: then its truth can change only on a day a date in the
/// facts gives, or the day after.
fn compares_as_of_only(ev: &Ev<'_>, e: &CExpr, depth: u8) -> bool {
    if depth > 32 {
        return false;
    }
    match &e.kind {
        CK::AsOf | CK::Given(..) | CK::Sanction | CK::SanctionField(..) => false,
        CK::Let(i) => ev.c.lets.get(*i).is_some_and(|l| compares_as_of_only(ev, &l.expr, depth + 1)),
        CK::Cmp(_, l, r) => {
            [l, r].iter().all(|side| matches!(side.kind, CK::AsOf) || compares_as_of_only(ev, side, depth + 1))
        }
        kind => {
            let mut ok = true;
            kind.for_each_child(&mut |c| ok = ok && compares_as_of_only(ev, c, depth + 1));
            ok
        }
    }
}

/// The first day after the decision date, among the dates of the facts and the days after them,
/// on which `cond` holds (one past the policy's or the rule's period is said as such by
/// [`holds_from`]); `None` when it holds on none of them (or the facts hold too many dates to try).
fn first_day_holding_by_dates<'c>(ev: &Ev<'c>, cond: &'c CExpr) -> R<Option<chrono::NaiveDate>> {
    const MAX_DATES: usize = 200;
    let dates = ev.fact_dates(MAX_DATES + 1);
    if dates.len() > MAX_DATES {
        return Ok(None);
    }
    let mut days: Vec<chrono::NaiveDate> =
        dates.iter().flat_map(|d| [Some(*d), d.succ_opt()]).flatten().filter(|d| *d > ev.as_of).collect();
    days.sort_unstable();
    days.dedup();
    let mut visits = crate::eval::MAX_VISITS;
    for day in days {
        let mut then = ev.on_day(day, visits);
        match then.eval(cond) {
            Ok(Value::Bool(true)) => return Ok(Some(day)),
            Ok(_) => {}
            // Not worked out (a helper's error, the list items the days may visit together used
            // up): no day is claimed.
            Err(_) => break,
        }
        visits = then.visits_left();
    }
    Ok(None)
}

/// An undecided count, sum, minimum or maximum as the items decided so far bound it ("from 1 to 2",
/// "at least 30"); `None` for anything else.
fn bounds_text<'c>(ev: &mut Ev<'c>, e: &'c CExpr) -> R<Option<String>> {
    let lang = ev.lang;
    let show = |v: &Value| say(lang, v, &e.ty);
    Ok(match ev.bounds_of(e)? {
        Some((Some(lo), Some(hi))) => Some(match lang {
            Lang::En => format!("from {} to {}", show(&lo), show(&hi)),
            Lang::Id => format!("antara {} dan {}", show(&lo), show(&hi)),
        }),
        Some((Some(lo), None)) => {
            Some(phrase(ev, format!("at least {}", show(&lo)), format!("paling sedikit {}", show(&lo))))
        }
        Some((None, Some(hi))) => {
            Some(phrase(ev, format!("at most {}", show(&hi)), format!("paling banyak {}", show(&hi))))
        }
        _ => None,
    })
}

/// The first day after `as_of` on which `full_years(start, day) >= need` (or `full_months`, when
/// not `years`) holds: the count only grows with the day, so the days between are halved.
fn first_day_holding(
    start: chrono::NaiveDate,
    as_of: chrono::NaiveDate,
    years: bool,
    need: i64,
    months: i64,
) -> Option<chrono::NaiveDate> {
    let holds = |d: chrono::NaiveDate| {
        let m = crate::eval::full_months(start, d);
        (if years { m / 12 } else { m }) >= need
    };
    // From `start` plus the months needed (for a count of 0 or less, from a day that surely holds).
    let mut hi = add_months(start, months.max(0))?;
    if !holds(hi) {
        return None;
    }
    let mut lo = as_of;
    if hi <= lo {
        return None;
    }
    while (hi - lo).num_days() > 1 {
        let mid = lo + chrono::Duration::days((hi - lo).num_days() / 2);
        if holds(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

fn summary_for(ev: &Ev<'_>, v: &Value, cand: Option<&Candidate<'_>>) -> String {
    match (truth(v), cand) {
        // The conditions hold but a parameter of the outcome is unknown: the outcome is
        // undetermined, as the decision lists it.
        (Truth::True, Some(c)) if !c.known => phrase(
            ev,
            format!(
                "conditions met, but {} `{}` is undetermined: its parameters are not known ({})",
                msg::kind_word(c.kind).en,
                c.out.code,
                missing_words(&c.missing).0
            ),
            format!(
                "syarat terpenuhi, tetapi {} `{}` belum pasti: parameternya belum diketahui ({})",
                msg::kind_word(c.kind).id,
                c.out.code,
                missing_words(&c.missing).1
            ),
        ),
        (Truth::True, Some(c)) => phrase(
            ev,
            format!("applies: {} `{}`{}", msg::kind_word(c.kind).en, c.out.code, params_text(&c.params, ev.lang)),
            format!("berlaku: {} `{}`{}", msg::kind_word(c.kind).id, c.out.code, params_text(&c.params, ev.lang)),
        ),
        (Truth::True, None) => phrase(ev, "applies".into(), "berlaku".into()),
        (Truth::False, _) => phrase(ev, "does not apply".into(), "tidak berlaku".into()),
        (Truth::Unknown, _) => {
            let m: &[String] = match v {
                Value::Unknown(m) => m,
                _ => &[],
            };
            let (en, id) = missing_words(m);
            phrase(ev, format!("undetermined ({en})"), format!("belum pasti ({id})"))
        }
    }
}

/// What the `exceptions` of a rule held back only by time will be on `day`, the first day it
/// applies: `, but its exception `x` applies then`, `, unless its exception `x` applies then
/// (undecided then, missing: …)`, or nothing when none of them applies then.
fn exceptions_on<'c>(ev: &Ev<'c>, day: chrono::NaiveDate, exceptions: &[usize]) -> (String, String) {
    let mut then = ev.on_day(day, ev.visits_left());
    let (mut applies, mut undecided) = (Vec::new(), Vec::new());
    for &e in exceptions {
        let Some(rule) = ev.c.rules.get(e) else { continue };
        match then.rule(e).map(|res| (res.applies, res.missing.to_vec())) {
            Ok((Truth::False, _)) => {}
            Ok((Truth::True, _)) => applies.push(format!("`{}`", rule.id)),
            Ok((Truth::Unknown, missing)) => undecided.push((format!("`{}`", rule.id), missing)),
            // Not worked out on that day: it may apply.
            Err(_) => undecided.push((format!("`{}`", rule.id), Vec::new())),
        }
    }
    if !applies.is_empty() {
        let list = applies.join(", ");
        return (
            format!(", but its exception {list} applies then"),
            format!(", tetapi pengecualiannya {list} berlaku saat itu"),
        );
    }
    if undecided.is_empty() {
        return (String::new(), String::new());
    }
    let list = undecided.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>().join(", ");
    let mut missing: Vec<String> = Vec::new();
    for (_, m) in &undecided {
        crate::value::add_missing(&mut missing, m);
    }
    let (m_en, m_id) = if missing.is_empty() {
        (String::new(), String::new())
    } else {
        let (en, id) = missing_words(&missing);
        (format!(", {en}"), format!(", {id}"))
    };
    (
        format!(", unless its exception {list} applies then (undecided then{m_en})"),
        format!(", kecuali pengecualiannya {list} berlaku saat itu (belum pasti saat itu{m_id})"),
    )
}

/// Explains rule `r`: with the last day of its period as the last day a condition can be waited
/// for, and saying how far a number misses its threshold only for what an employee would want
/// to be given (a reward or a promotion, not an exception taking its base's outcome away).
pub fn in_rule_period<'c, T>(ev: &mut Ev<'c>, index: usize, r: &RuleIR, f: impl FnOnce(&mut Ev<'c>) -> T) -> T {
    // (An exception giving another code, a higher award, is wanted as well.)
    let base = r.exception_to.and_then(|b| ev.c.rules.get(b));
    let wanted =
        matches!(r.kind, OutcomeKind::Reward | OutcomeKind::Promotion) && base.is_none_or(|b| b.codes != r.codes);
    let outer = (
        std::mem::replace(&mut ev.rule_until, r.until),
        std::mem::replace(&mut ev.gaps_wanted, wanted),
        ev.rule_now.replace(index),
    );
    let done = f(ev);
    (ev.rule_until, ev.gaps_wanted, ev.rule_now) = outer;
    done
}

pub fn rule_trace<'c>(
    ev: &mut Ev<'c>,
    index: usize,
    r: &'c RuleIR,
    when: &'c [Cond],
    v: &Value,
    cand: Option<&Candidate<'_>>,
) -> R<RuleTrace> {
    let mut conditions = Vec::new();
    for c in when {
        conditions.push(condition(ev, &c.expr, &c.text)?);
    }
    // A rule held back only by time (every condition not met is a time requirement that comes
    // within the policy's period, the others met): from when it applies, the facts staying as
    // they are. Otherwise a day on one condition is no promise of the outcome.
    let until = conditions
        .iter()
        .filter(|c| c.result != Truth::True)
        .map(|c| if c.result == Truth::False { c.holds_from.clone() } else { None })
        .collect::<Option<Vec<String>>>()
        .and_then(|days| days.into_iter().max());
    // The conditions met must stay met: none reads the decision date (this year's kinerja is
    // another record next year).
    // Or, where one does (`as_of < tmt_pensiun`: a window that closes), the rule is worked out on
    // that day and applies then.
    let settled = when.iter().zip(&conditions).all(|(w, c)| c.result != Truth::True || !reads_as_of(ev, &w.expr, 0));
    // What the rule comes to on that day: applies, does not, or undetermined with what it lacks.
    let on_day = |day: &str| {
        let day = crate::value::parse_iso_date(day)?;
        let mut then = ev.on_day(day, ev.visits_left());
        then.rule(index).ok().map(|res| (res.applies, missing_words(&res.missing)))
    };
    let then = match (&until, settled) {
        (Some(day), false) if truth(v) == Truth::False => on_day(day),
        _ => None,
    };
    let mut summary_extra = None;
    if truth(v) == Truth::False && !conditions.is_empty() {
        // Waited for, its time requirements met, but not applying even then: the day is no
        // promise, and is said to be none (its conditions each still say theirs).
        match (&until, &then) {
            (Some(day), Some((Truth::False, _))) => {
                summary_extra = Some(phrase(
                    ev,
                    format!("on {day}, when its time requirements are met, it still does not apply (a condition that moves with the date is not met then)"),
                    format!("pada {day}, saat syarat waktunya terpenuhi, aturan ini tetap tidak berlaku (syarat yang bergantung pada tanggal tidak terpenuhi saat itu)"),
                ));
            }
            (Some(day), Some((Truth::Unknown, (en, id)))) => {
                summary_extra = Some(phrase(
                    ev,
                    format!(
                        "on {day}, when its time requirements are met, whether it applies is undetermined (then {en})"
                    ),
                    format!(
                        "pada {day}, saat syarat waktunya terpenuhi, berlakunya aturan ini belum pasti (saat itu {id})"
                    ),
                ));
            }
            _ => {}
        }
        let applies_then = matches!(then, Some((Truth::True, _)));
        if let Some(day) = until.filter(|_| settled || applies_then) {
            // Its exceptions are worked out on that day too: one may apply then, or be undecided
            // (one reading this year's record reads next year's then).
            let exceptions = ev.c.exceptions.get(index).map(Vec::as_slice).unwrap_or_default();
            let (unless_en, unless_id) = match crate::value::parse_iso_date(&day) {
                Some(then) if !exceptions.is_empty() => exceptions_on(ev, then, exceptions),
                _ => (String::new(), String::new()),
            };
            summary_extra = Some(phrase(
                ev,
                format!("applies from {day} if the other facts stay as they are{unless_en}"),
                format!("berlaku mulai {day} bila fakta lainnya tetap{unless_id}"),
            ));
        }
    }
    // A rule that does not apply needs none of the facts its undecided conditions lack: they are
    // not named as missing (a pelaksana is not asked for a functional level).
    // What it lacks is still said in its note: once the condition not met is, this one decides
    // (an employee who meets the one would otherwise find a second requirement never named).
    if truth(v) == Truth::False {
        for c in conditions.iter_mut().filter(|c| c.result == Truth::Unknown) {
            let (then_en, then_id) = if c.missing.is_empty() {
                (String::new(), String::new())
            } else {
                let (en, id) = missing_words(&c.missing);
                (format!("; it is itself unknown ({en})"), format!("; syarat ini pun belum diketahui ({id})"))
            };
            c.missing.clear();
            c.note = phrase(
                ev,
                format!("{} — not needed: another condition is not met{then_en}", c.text),
                format!("{} — tidak diperlukan: syarat lain tidak terpenuhi{then_id}", c.text),
            );
        }
    }
    let mut summary = summary_for(ev, v, cand);
    // `then none`: what applying means is what it sets aside.
    if let (Body::Rule { outcome: None, .. }, Truth::True) = (&r.body, truth(v)) {
        let base = r.exception_to.and_then(|b| ev.c.rules.get(b)).map(|b| b.id.to_string()).unwrap_or_default();
        let kind = msg::kind_word(r.kind);
        summary = phrase(
            ev,
            format!("applies: no {} from `{base}`, whose outcome it sets aside", kind.en),
            format!("berlaku: tanpa {} dari `{base}`, yang hasilnya dikesampingkan", kind.id),
        );
    }
    if let Some(extra) = summary_extra {
        summary.push_str("; ");
        summary.push_str(&extra);
    }
    if let (Body::Rule { outcome: Some(outcome), .. }, Some(c)) = (&r.body, cand) {
        if truth(v) == Truth::True && c.known {
            for d in derivations(ev, outcome, &c.params) {
                summary.push_str("; ");
                summary.push_str(&d);
            }
        }
    }
    Ok(RuleTrace {
        rule: r.id.clone(),
        title: r.title.clone(),
        source: r.source.clone(),
        kind: r.kind,
        result: truth(v),
        in_effect: true,
        exception_to: exception_to(ev, r),
        codes: r.codes.clone(),
        summary,
        conditions,
    })
}

/// How the outcome's parameters that are worked out came to their values (`params`, as the
/// decision gives them), each with the named values it reads: `kekurangan 8 = minimal_jp -
/// jp_tahun_ini, with minimal_jp 20 and jp_tahun_ini 12` (what the employee would have to change
/// is in those names). Only values the decision worked out anyway, or that cost nothing to work
/// out, are named: an explanation never fails or spends the evaluation's limits for them.
fn derivations<'c>(ev: &mut Ev<'c>, out: &'c OutcomeIR, params: &Map<String, Json>) -> Vec<String> {
    let mut said = Vec::new();
    // Named values worked out from others (`tpp_dibayar = floor(nilai_kinerja + …)`) are
    // followed down, each once, so that an amount can be rebuilt step by step; a few steps at most.
    let mut follow: VecDeque<(String, String, &'c CExpr)> = VecDeque::new();
    let mut done: Vec<String> = Vec::new();
    for (name, e) in &out.args {
        if matches!(e.kind, CK::Const(_)) {
            continue;
        }
        let Some(value) = params.get(name) else { continue };
        let value = json_text(value, ev.lang);
        // `jumlah: tpp_dibayar`: what the name stands for, not the name again.
        let (text, e) = match definition(ev, e) {
            Some(def) => {
                let named = one_line(e.span.text(&ev.c.source));
                // `v: v`: the parameter and the value it is given share the name, said once.
                let text = if named == *name {
                    one_line(def.span.text(&ev.c.source))
                } else {
                    format!("{named} = {}", one_line(def.span.text(&ev.c.source)))
                };
                done.push(named);
                (text, def)
            }
            None => (one_line(e.span.text(&ev.c.source)), e),
        };
        said.push(derivation(ev, &format!("{name} {value}"), &text, e, &mut follow));
    }
    while let Some((text, value, e)) = follow.pop_front() {
        if said.len() >= 12 {
            break;
        }
        if done.contains(&text) {
            continue;
        }
        done.push(text.clone());
        let Some(def) = definition(ev, e) else { continue };
        let body = one_line(def.span.text(&ev.c.source));
        said.push(derivation(ev, &format!("{text} {value}"), &body, def, &mut follow));
    }
    said
}

/// `head = text, with a 1 and b 2`: the named values `e` reads, with theirs to follow.
fn derivation<'c>(
    ev: &mut Ev<'c>,
    head: &str,
    text: &str,
    e: &'c CExpr,
    follow: &mut VecDeque<(String, String, &'c CExpr)>,
) -> String {
    let mut named: Vec<(String, String, &'c CExpr)> = Vec::new();
    named_values(ev, e, &mut named);
    named.retain(|(t, _, _)| *t != text);
    // A lookup or a helper is the value itself: what it is given says where it comes from
    // (`tpp_dasar(kelas)`, with kelas 9).
    match &e.kind {
        CK::Lookup(_, key) if named.is_empty() => named_values(ev, key, &mut named),
        CK::Helper(_, args) if named.is_empty() => {
            for a in args {
                named_values(ev, a, &mut named);
            }
        }
        // An aggregate: the values its filter and its items' expression read (`tahun_ini`).
        // (Not an item's own fields, which have a value per item.)
        CK::Agg(a) if named.is_empty() => {
            for part in a.filter.iter().chain(a.map.iter()) {
                named_values(ev, part, &mut named);
            }
            named.retain(|(_, _, x)| !matches!(x.root, Root::Local(_)));
        }
        _ => {}
    }
    let head = format!("{head} = {text}");
    if named.is_empty() {
        return head;
    }
    let list = |and: &str| {
        let parts: Vec<String> = named.iter().map(|(t, v, _)| format!("{t} {v}")).collect();
        match parts.split_last() {
            Some((last, init)) if !init.is_empty() => format!("{} {and} {last}", init.join(", ")),
            _ => parts.join(""),
        }
    };
    let line = phrase(ev, format!("{head}, with {}", list("and")), format!("{head}, dengan {}", list("dan")));
    follow.extend(named);
    line
}

/// What a named value stands for, when it is worked out from others (`let tpp_dibayar =
/// floor(…)`): not a fact, a constant or another name alone, which say nothing more.
fn definition<'c>(ev: &Ev<'c>, e: &'c CExpr) -> Option<&'c CExpr> {
    let (Root::Let(i), true) = (e.root, e.fields.is_empty()) else { return None };
    let def = &ev.c.lets.get(i)?.expr;
    let plain = matches!(def.kind, CK::Const(_) | CK::Fact(_) | CK::Param(_) | CK::Let(_) | CK::AsOf)
        || !matches!(def.root, Root::None | Root::Const);
    // Amounts, counts and dates; a record or a list would be shown whole.
    let number = matches!(def.ty, Ty::Int | Ty::Decimal | Ty::Date);
    (number && !plain).then_some(def)
}

/// The named values `e` reads (facts, parameters, `let` values, aggregates, lookups), each once,
/// as its text, its value in the decision's language, and the expression.
fn named_values<'c>(ev: &mut Ev<'c>, e: &'c CExpr, out: &mut Vec<(String, String, &'c CExpr)>) {
    // A field of what an aggregate or lookup gives (`first(kinerja).nilai_skp`) and the
    // sanction's level are named whole, not the record they are read from.
    let whole = !matches!(e.root, Root::None | Root::Const)
        || matches!(
            e.kind,
            CK::AsOf
                | CK::Agg(_)
                | CK::Lookup(..)
                | CK::Helper(..)
                | CK::Sanction
                | CK::Field(..)
                | CK::SanctionField(..)
        );
    if whole {
        let text = one_line(e.span.text(&ev.c.source));
        if !out.iter().any(|(t, _, _)| *t == text) {
            if let Some(v) = ev.value_aside(e) {
                // A fact not given is said to be missing (`n otherwise 7, with n missing`), not
                // unknown, which reads as undecided.
                let missing_fact = matches!((&v, e.root), (Value::Unknown(m), Root::Fact(_))
                    if m.len() == 1 && m.first().is_some_and(|p| *p == text));
                let shown = match (missing_fact, ev.lang) {
                    (true, Lang::En) => "missing".to_string(),
                    (true, Lang::Id) => "belum ada".to_string(),
                    (false, _) => say(ev.lang, &v, &e.ty),
                };
                out.push((text, shown, e));
            }
        }
        return;
    }
    match &e.kind {
        CK::Neg(a) | CK::Not(a) | CK::Field(a, ..) | CK::SanctionField(a, _) | CK::IsAbsent(a, _) => {
            named_values(ev, a, out)
        }
        CK::Arith(_, a, b)
        | CK::Otherwise(a, b)
        | CK::Cmp(_, a, b)
        | CK::And(a, b)
        | CK::Or(a, b)
        | CK::In(a, b, _) => {
            named_values(ev, a, out);
            named_values(ev, b, out);
        }
        CK::If(a, b, c) => {
            named_values(ev, a, out);
            named_values(ev, b, out);
            named_values(ev, c, out);
        }
        CK::Builtin(_, args) | CK::List(args) => {
            for a in args {
                named_values(ev, a, out);
            }
        }
        _ => {}
    }
}

/// Source text on one line, its runs of spaces as one.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[allow(clippy::too_many_arguments)]
pub fn table_trace<'c>(
    ev: &mut Ev<'c>,
    r: &'c RuleIR,
    when: &'c [Cond],
    inputs: &'c [(CExpr, String)],
    rows: &'c [RowIR],
    gate: &Value,
    row_truths: &[Value],
    cells_hold: &[usize],
    candidates: &[Candidate<'_>],
) -> R<RuleTrace> {
    let mut conditions = Vec::new();
    for c in when {
        conditions.push(condition(ev, &c.expr, &c.text)?);
    }
    let result;
    let summary;
    if matches!(*gate, Value::Bool(false)) {
        summary = phrase(ev, "does not apply".into(), "tidak berlaku".into());
        result = Truth::False;
    } else if !cells_hold.is_empty() {
        let several = cells_hold.len() > 1;
        let mut parts = Vec::new();
        let mut unknown = false;
        for &m in cells_hold {
            let row = rows.get(m);
            for (cell, text) in row.map(|r| r.cells.as_slice()).unwrap_or(&[]) {
                if let CellIR::Test(test) = cell {
                    let mut c = condition(ev, test, text.get(ev.lang))?;
                    if several {
                        // Under `hit collect`, which row each condition belongs to.
                        let at = phrase(ev, format!("row {}: ", m + 1), format!("baris {}: ", m + 1));
                        c.text = format!("{at}{}", c.text);
                        c.note = format!("{at}{}", c.note);
                    }
                    conditions.push(c);
                }
            }
            let line = row.map(|r| r.line).unwrap_or(0);
            let cand = candidates.iter().find(|c| c.row == Some(m));
            let unknown_before = cand.is_some_and(|c| !c.known);
            unknown |= unknown_before;
            let gate_unknown = matches!(gate, Value::Unknown(_));
            // Undetermined because a row above may match (under `hit first`), or because its own
            // parameters need a missing fact.
            let collects = matches!(&r.body, Body::Table { hit: aturan_dsl::ast::HitPolicy::Collect, .. });
            let above_open = !collects && row_truths.iter().take(m).any(|v| matches!(v, Value::Unknown(_)));
            parts.push(match (cand, unknown_before) {
                (Some(c), true) if !gate_unknown && above_open => phrase(
                    ev,
                    format!(
                        "row {} matched, but an earlier row is undetermined ({})",
                        m + 1,
                        missing_words(&c.missing).0
                    ),
                    format!(
                        "baris {} cocok, tetapi baris sebelumnya belum pasti ({})",
                        m + 1,
                        missing_words(&c.missing).1
                    ),
                ),
                (Some(c), true) if !gate_unknown => phrase(
                    ev,
                    format!(
                        "row {} matched, but its {} `{}` is undetermined: its parameters are not known ({})",
                        m + 1,
                        msg::kind_word(c.kind).en,
                        c.out.code,
                        missing_words(&c.missing).0
                    ),
                    format!(
                        "baris {} cocok, tetapi {} `{}` belum pasti: parameternya belum diketahui ({})",
                        m + 1,
                        msg::kind_word(c.kind).id,
                        c.out.code,
                        missing_words(&c.missing).1
                    ),
                ),
                // Under an unknown `when` the row matches, but whether it gives its outcome is open.
                (Some(c), _) => phrase(
                    ev,
                    format!(
                        "row {} (line {line}) {}: {} `{}`{}",
                        m + 1,
                        if gate_unknown { "matches" } else { "matched" },
                        msg::kind_word(c.kind).en,
                        c.out.code,
                        params_text(&c.params, ev.lang)
                    ),
                    format!(
                        "baris {} (baris berkas {line}) cocok: {} `{}`{}",
                        m + 1,
                        msg::kind_word(c.kind).id,
                        c.out.code,
                        params_text(&c.params, ev.lang)
                    ),
                ),
                // A `none` row: no outcome of the table's kind (`no sanction`).
                (None, _) => phrase(
                    ev,
                    format!("row {} (line {line}) matched: no {}", m + 1, msg::kind_word(r.kind).en),
                    format!("baris {} (baris berkas {line}) cocok: tanpa {}", m + 1, msg::kind_word(r.kind).id),
                ),
            });
            // How the row's parameters worked out from the facts came about.
            if let (Some(c), Some(o)) = (cand, row.and_then(|r| r.outcome.as_ref())) {
                if c.known {
                    parts.extend(derivations(ev, o, &c.params));
                }
            }
        }
        // Rows of a `hit collect` table that are undetermined themselves.
        let collect = matches!(&r.body, crate::ir::Body::Table { hit: aturan_dsl::ast::HitPolicy::Collect, .. });
        // What would have to change for a reward or a promotion: the nearest row above the one
        // that matched that gives something else, with its conditions that fail (and when a time
        // requirement would hold). A sanction band is not something to reach for.
        let sought = matches!(r.kind, crate::decision::OutcomeKind::Reward | crate::decision::OutcomeKind::Promotion);
        if let ([m], true, false, false) = (cells_hold, sought, collect, unknown || matches!(gate, Value::Unknown(_))) {
            let matched = rows.get(*m).and_then(|row| row.outcome.as_ref());
            let differs = |row: &&RowIR| match (&row.outcome, matched) {
                (Some(a), Some(b)) => {
                    a.kind != b.kind
                        || a.code != b.code
                        || a.args.len() != b.args.len()
                        || a.fixed != b.fixed
                        || a.fixed.is_none()
                }
                (None, None) => false,
                _ => true,
            };
            if let Some((j, row)) = rows.iter().enumerate().take(*m).rev().find(|(_, row)| differs(row)) {
                let gives = match &row.outcome {
                    Some(o) => {
                        let params = ev.outcome_params(o).map(|(p, _)| params_text(&p, ev.lang)).unwrap_or_default();
                        phrase(
                            ev,
                            format!("{} `{}`{params}", msg::kind_word(o.kind).en, o.code),
                            format!("{} `{}`{params}", msg::kind_word(o.kind).id, o.code),
                        )
                    }
                    None => phrase(
                        ev,
                        format!("no {}", msg::kind_word(r.kind).en),
                        format!("tanpa {}", msg::kind_word(r.kind).id),
                    ),
                };
                let mut needs = Vec::new();
                for (cell, text) in &row.cells {
                    if let CellIR::Test(test) = cell {
                        let mut c = condition(ev, test, text.get(ev.lang))?;
                        if c.result == Truth::False {
                            needs.push(c.text.clone());
                            let at = phrase(ev, format!("row {}: ", j + 1), format!("baris {}: ", j + 1));
                            c.text = format!("{at}{}", c.text);
                            c.note = format!("{at}{}", c.note);
                            conditions.push(c);
                        }
                    }
                }
                if !needs.is_empty() {
                    parts.push(phrase(
                        ev,
                        format!("row {} (line {}) would give {gives} with {}", j + 1, row.line, needs.join(" and ")),
                        format!(
                            "baris {} (baris berkas {}) akan memberi {gives} jika {}",
                            j + 1,
                            row.line,
                            needs.join(" dan ")
                        ),
                    ));
                }
            }
        }
        if collect {
            for (ri, v) in row_truths.iter().enumerate() {
                if let (Value::Unknown(m), false) = (v, matches!(gate, Value::Unknown(_))) {
                    if candidates.iter().any(|c| c.row == Some(ri)) && !cells_hold.contains(&ri) {
                        unknown = true;
                        parts.push(phrase(
                            ev,
                            format!("row {} undetermined ({})", ri + 1, missing_words(m).0),
                            format!("baris {} belum pasti ({})", ri + 1, missing_words(m).1),
                        ));
                    }
                }
            }
        }
        // The rows match, but the table's `when` is unknown.
        if let Value::Unknown(m) = gate {
            // Undetermined only when a matching row gives an outcome.
            unknown |= cells_hold.iter().any(|m| candidates.iter().any(|c| c.row == Some(*m)));
            parts.push(phrase(
                ev,
                format!("but the table's condition is unknown ({})", missing_words(m).0),
                format!("tetapi syarat tabel belum diketahui ({})", missing_words(m).1),
            ));
        }
        result = if unknown { Truth::Unknown } else { Truth::True };
        summary = parts.join("; ");
    } else {
        let mut unknown: Vec<String> = Vec::new();
        for v in row_truths {
            if let Value::Unknown(m) = v {
                crate::value::add_missing(&mut unknown, m);
            }
        }
        for (input, text) in inputs {
            let v = ev.eval(input)?;
            let missing = if let Value::Unknown(m) = &v { m.as_ref().clone() } else { Vec::new() };
            let shown = say(ev.lang, &v, &input.ty);
            conditions.push(ConditionTrace {
                text: text.clone(),
                result: if missing.is_empty() { Truth::False } else { Truth::Unknown },
                actual: if missing.is_empty() { Some(shown.clone()) } else { None },
                required: None,
                note: if missing.is_empty() {
                    phrase(
                        ev,
                        format!("{text} = {shown}: no row matches"),
                        format!("{text} = {shown}: tidak ada baris yang cocok"),
                    )
                } else {
                    // Which row matches depends on the missing facts.
                    phrase(
                        ev,
                        format!("{text} is unknown ({}): which row matches is not known", missing_words(&missing).0),
                        format!(
                            "{text} belum diketahui ({}): baris yang cocok belum diketahui",
                            missing_words(&missing).1
                        ),
                    )
                },
                missing,
                holds_from: None,
                gap: None,
            });
        }
        if unknown.is_empty() {
            result = Truth::False;
            summary = phrase(ev, "no row matched".into(), "tidak ada baris yang cocok".into());
        } else {
            result = Truth::Unknown;
            summary = phrase(
                ev,
                format!("undetermined ({})", missing_words(&unknown).0),
                format!("belum pasti ({})", missing_words(&unknown).1),
            );
        }
    }
    Ok(RuleTrace {
        rule: r.id.clone(),
        title: r.title.clone(),
        source: r.source.clone(),
        kind: r.kind,
        result,
        in_effect: true,
        exception_to: exception_to(ev, r),
        codes: r.codes.clone(),
        summary,
        conditions,
    })
}

pub fn not_in_effect(ev: &Ev<'_>, r: &RuleIR) -> RuleTrace {
    let period = msg::period(r.from, r.until);
    RuleTrace {
        rule: r.id.clone(),
        title: r.title.clone(),
        source: r.source.clone(),
        kind: r.kind,
        result: Truth::False,
        in_effect: false,
        exception_to: exception_to(ev, r),
        codes: r.codes.clone(),
        summary: msg::not_in_effect(&period).get(ev.lang).to_string(),
        conditions: Vec::new(),
    }
}

/// The id of the rule `r` is an exception to, if it is one.
fn exception_to(ev: &Ev<'_>, r: &RuleIR) -> Option<std::sync::Arc<str>> {
    r.exception_to.and_then(|b| ev.c.rules.get(b)).map(|b| b.id.clone())
}

/// Adds to each rule's summary what became of its outcome when outcomes were combined.
pub fn finish(
    mut traces: Vec<RuleTrace>,
    _outcomes: &[Outcome],
    set_aside: &[SetAside],
    _undetermined: &[Undetermined],
    lang: Lang,
) -> Vec<RuleTrace> {
    for s in set_aside {
        let base = s.outcome.rule().split('#').next().unwrap_or("");
        if let Some(t) = traces.iter_mut().find(|t| *t.rule == *base) {
            let word = match lang {
                Lang::En => "set aside",
                Lang::Id => "dikesampingkan",
            };
            t.summary.push_str(&format!("; {word}: {}", s.reason));
        }
    }
    traces
}

/// The rules of the rewards and promotions a decision does not give, for the text to list
/// under "Not given" with what would have to change: a reward or promotion rule (or table) in
/// effect that does not apply, of which no code is given (nor, for a promotion, any other
/// promotion: one rank up is had one way), and that is no exception taking its base's outcome
/// away (`tpp` at 0 %); an exception giving another code (a higher award) is one.
pub fn not_given<'t>(d: &crate::decision::Decision, traces: &'t [RuleTrace]) -> Vec<&'t RuleTrace> {
    use crate::decision::OutcomeKind as K;
    let given = |kind: K, code: &str| d.of_kind(kind).any(|o| o.code() == code);
    let promoted = d.of_kind(K::Promotion).next().is_some();
    traces
        .iter()
        .filter(|t| matches!(t.kind, K::Reward | K::Promotion) && t.result == Truth::False && t.in_effect)
        .filter(|t| !(t.kind == K::Promotion && promoted))
        .filter(|t| !t.codes.is_empty() && !t.codes.iter().any(|c| given(t.kind, c)))
        .filter(|t| match &t.exception_to {
            Some(base) => traces.iter().find(|b| b.rule == *base).is_some_and(|b| b.codes != t.codes),
            None => true,
        })
        .collect()
}

/// A decision as readable text (what `aturan eval` prints). `lang` gives the headings and the
/// words around the decision's data; the sentences the decision carries (set-aside reasons,
/// explanation notes) are in the language it was evaluated in ([`crate::EvalOptions::lang`]), so
/// pass that same language for text in one language.
pub fn render_decision_text(d: &crate::decision::Decision, lang: Lang) -> String {
    use crate::decision::OutcomeKind as K;
    let l = |en: &str, id: &str| -> String {
        match lang {
            Lang::En => en.to_string(),
            Lang::Id => id.to_string(),
        }
    };
    let mut out = String::new();
    // A policy without a version is named alone.
    let named = if d.policy.version.is_empty() {
        d.policy.name.to_string()
    } else {
        format!("{} {}", d.policy.name, d.policy.version)
    };
    out.push_str(&format!("{named} — {} {}\n", l("as of", "per tanggal"), d.as_of));
    // The parameter values decided with (the defaults, or what the caller gave instead).
    if !d.params.is_empty() {
        let parts: Vec<String> = d.params.iter().map(|(k, v)| format!("{k} {}", json_text(v, lang))).collect();
        out.push_str(&format!("{}: {}\n", l("Parameters", "Parameter"), parts.join(", ")));
    }
    let line = |o: &Outcome| {
        let level = o.level().map(|l| format!(" [{l}]")).unwrap_or_default();
        format!(
            "  {}{}{} — {} ({}; {})\n",
            o.code(),
            level,
            params_text(&o.params, lang),
            o.title(),
            o.rule(),
            o.source()
        )
    };
    for (kind, en, id) in [
        (K::Sanction, "Sanction", "Sanksi"),
        (K::Reward, "Rewards", "Penghargaan"),
        (K::Promotion, "Promotion", "Kenaikan pangkat"),
        (K::Notice, "Notices", "Pemberitahuan"),
    ] {
        let items: Vec<&Outcome> = d.of_kind(kind).collect();
        out.push_str(&format!("{}:", l(en, id)));
        if items.is_empty() && d.undetermined.iter().any(|u| u.kind == kind) {
            out.push_str(&format!(" {}\n", l("undetermined (below)", "belum pasti (lihat di bawah)")));
        } else if items.is_empty() {
            out.push_str(&format!(" {}\n", l("none", "tidak ada")));
        } else {
            out.push('\n');
            for o in items {
                out.push_str(&line(o));
            }
            // What is listed may not be all: say so where it is listed.
            let open = d.undetermined.iter().filter(|u| u.kind == kind).count();
            if open > 0 && kind == K::Sanction {
                out.push_str(&l(
                    "  (a heavier sanction is undetermined, below)\n",
                    "  (sanksi yang lebih berat belum pasti, lihat di bawah)\n",
                ));
            } else if open > 0 {
                out.push_str(&match lang {
                    Lang::En => format!("  (and {open} undetermined, below)\n"),
                    Lang::Id => format!("  (dan {open} belum pasti, lihat di bawah)\n"),
                });
            }
        }
    }
    if !d.set_aside.is_empty() {
        out.push_str(&format!("{}:\n", l("Set aside", "Dikesampingkan")));
        for s in &d.set_aside {
            // Its kind, as for an undetermined outcome: a reward set aside is listed under the sanction.
            // With its parameters, as the outcomes above: `tpp (persen 85)` replaced by `persen 0`.
            out.push_str(&format!(
                "  {} {}{} ({}) — {}\n",
                msg::kind_word(s.outcome.kind).get(lang),
                s.outcome.code(),
                params_text(&s.outcome.params, lang),
                s.outcome.rule(),
                s.reason
            ));
        }
    }
    if !d.undetermined.is_empty() {
        out.push_str(&format!("{}:\n", l("Undetermined", "Belum pasti")));
        for u in &d.undetermined {
            // An undetermined sanction is reported as the heaviest that might be imposed: not as
            // if that one were pending.
            let code = if u.kind == K::Sanction {
                format!("{} {}", l("up to", "paling berat"), u.code)
            } else {
                u.code.to_string()
            };
            // The rule in brackets when its id is not the code already shown.
            let rule = if *u.rule == *u.code { String::new() } else { format!(" ({})", u.rule) };
            let (en, id) = missing_words(&u.missing);
            out.push_str(&format!("  {} {code}{rule} — {}\n", msg::kind_word(u.kind).get(lang), l(&en, &id)));
        }
    }
    if let Some(traces) = &d.explanation {
        let not_given = not_given(d, traces);
        if !not_given.is_empty() {
            out.push_str(&format!("{}:\n", l("Not given", "Tidak diberikan")));
            for t in not_given {
                // Named by what it gives, and by its rule where that is another name.
                let codes = t.codes.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ");
                let named = match codes.as_str() {
                    "" => t.rule.to_string(),
                    c if *c == *t.rule => codes.clone(),
                    _ => format!("{codes} ({})", t.rule),
                };
                out.push_str(&format!("  {} {named} — {}\n", msg::kind_word(t.kind).get(lang), t.title));
                for c in t.conditions.iter().filter(|c| c.result != Truth::True) {
                    let mark = if c.result == Truth::False { "✗" } else { "?" };
                    out.push_str(&format!("      {mark} {}\n", c.note));
                }
            }
        }
        out.push_str(&format!("{}:\n", l("Explanation", "Penjelasan")));
        for t in traces {
            let mark = match t.result {
                Truth::True => "✓",
                Truth::False => "✗",
                Truth::Unknown => "?",
            };
            out.push_str(&format!("  {mark} {} — {} [{}]\n    {}\n", t.rule, t.title, t.source, t.summary));
            for c in &t.conditions {
                let m = match c.result {
                    Truth::True => "✓",
                    Truth::False => "✗",
                    Truth::Unknown => "?",
                };
                out.push_str(&format!("      {m} {}\n", c.note));
            }
        }
    }
    out
}
