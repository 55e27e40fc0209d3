//! Evaluation: three-valued (Kleene) logic over slot records, lazy `let` values, rules evaluated on
//! demand (so rules that read the imposed sanction run after the sanction rules), then combining.

use std::cmp::Ordering;
use std::sync::Arc;

use aturan_dsl::ast::{AggKind, CmpOp, HitPolicy};
use aturan_dsl::{did_you_mean, Lang, Text};
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::Value as Json;
use smallvec::SmallVec;

use crate::compile::{value_json, Compiled};
use crate::decision::{Decision, Outcome, OutcomeKind, Params, RuleTrace, SetAside, Truth, Undetermined};
use crate::explain;
use crate::facts::FactSource;
use crate::ir::*;
use crate::messages as msg;
use crate::policy::{EvalError, EvalOptions};
use crate::types::Ty;
use crate::value::{add_missing, dec_cmp, dec_int_cmp, in_calendar, iso_date, merge_missing, Missing, Paths, Value};

/// One outcome a rule (or a table row) would give.
#[derive(Debug, Clone)]
pub struct Candidate<'c> {
    pub rule: usize,
    pub row: Option<usize>,
    pub known: bool,
    pub kind: OutcomeKind,
    /// The outcome as the policy declares it: code, and a sanction's level and rank.
    pub out: &'c OutcomeIR,
    pub params: Params,
    pub missing: Paths,
}

#[derive(Debug, Clone)]
pub struct RuleResult<'c> {
    /// Whether the rule's condition holds (for a table: whether a row with an outcome matched).
    pub applies: Truth,
    pub missing: Paths,
    pub candidates: Cands<'c>,
    pub trace: Option<Box<RuleTrace>>,
}

/// The item an aggregate is at: its list (not copied per item) and the index in it.
struct Local<'c> {
    items: Items<'c>,
    list: &'c CExpr,
    index: usize,
}

/// An aggregate's list: borrowed when it is part of the facts (most are), shared otherwise.
enum Items<'c> {
    Facts(&'c [Value]),
    Shared(Arc<[Value]>),
}

impl Items<'_> {
    fn as_slice(&self) -> &[Value] {
        match self {
            Items::Facts(items) => items,
            Items::Shared(items) => items,
        }
    }
}

impl<'c> Local<'c> {
    fn value(&self) -> Option<&Value> {
        self.items.as_slice().get(self.index)
    }

    /// The item, when it is part of the facts.
    fn fact(&self) -> Option<&'c Value> {
        match self.items {
            Items::Facts(items) => items.get(self.index),
            Items::Shared(_) => None,
        }
    }
}

pub struct Ev<'c> {
    pub c: &'c Compiled,
    /// The employee's facts, borrowed from the caller for the evaluation.
    root: &'c [Value],
    params: std::borrow::Cow<'c, [Value]>,
    /// Whether the caller overrode a parameter (else the decision shares the defaults' JSON).
    params_overridden: bool,
    pub as_of: NaiveDate,
    lets: Vec<Option<Value>>,
    locals: SmallVec<[Local<'c>; 2]>,
    rules: Vec<RuleState<'c>>,
    sanction: Option<(Value, Vec<Candidate<'c>>)>,
    computing_sanction: bool,
    /// With an explanation: the exceptions that might replace a rule's outcome, undecided, as
    /// (rule, exception), for the rule's explanation to say so.
    unsure_exceptions: Vec<(usize, usize)>,
    /// With an explanation: the last day of the period of the rule being explained, if it has
    /// one (a day after it is no day the rule's conditions are waited for).
    pub(crate) rule_until: Option<NaiveDate>,
    /// With an explanation: the rule being explained (its index), for a day after its period to
    /// name the rule that gives its outcome then.
    pub(crate) rule_now: Option<usize>,
    /// With an explanation: whether the rule being explained gives what an employee would want,
    /// so that a number missing its threshold says by how much.
    pub(crate) gaps_wanted: bool,
    /// List items aggregates may still visit in this evaluation: nested aggregates over long lists
    /// (`any(a in xs where count(b in xs where b == a) > 1)`) cannot run for minutes.
    visits_left: u64,
    pub explain: bool,
    pub lang: Lang,
}

/// List items the aggregates of one evaluation may visit together.
pub const MAX_VISITS: u64 = 10_000_000;

/// Where a rule is in this evaluation: rules are evaluated on demand, once.
enum RuleState<'c> {
    Pending,
    /// Being evaluated: a rule that reaches it again depends on itself.
    InProgress,
    Done(RuleResult<'c>),
}

/// Evaluation results: the error is boxed, so that the value returned by every step stays small.
pub type R<T> = Result<T, Box<EvalError>>;

/// A rule's candidates after its exceptions, and those replaced (with the exception that replaced them).
type Resolved<'c> = (Cands<'c>, Vec<(Candidate<'c>, usize)>);

/// The values of an outcome's arguments.
type ArgValues = SmallVec<[Value; 2]>;

/// Outcome parameters built recently on this thread, by outcome and argument values.
///
/// An outcome whose parameters are worked out (`kurang_jp(kekurangan: minimal_jp - jp)`) gives
/// the same few parameter sets to many employees; building the JSON map each time costs more
/// than the rest of the rule. The cache is direct-mapped and small (a slot is overwritten by the
/// next set that hashes to it), per thread (no locking), and keyed by a number unique to the
/// outcome in the process, so that policies never share entries. Arguments that are texts,
/// lists, records or unknown are not cached.
pub struct ParamsCache {
    slots: Vec<Option<(u64, ArgValues, Params)>>,
}

impl ParamsCache {
    const SLOTS: usize = 256;

    /// A key for a newly compiled outcome.
    pub fn new_key() -> u64 {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    fn get_or_build(o: &OutcomeIR, values: ArgValues, build: impl FnOnce(&[Value]) -> Params) -> Params {
        thread_local! {
            static CACHE: std::cell::RefCell<ParamsCache> = const { std::cell::RefCell::new(ParamsCache { slots: Vec::new() }) };
        }
        let Some(hash) = Self::hash(o.memo, &values) else {
            return build(&values);
        };
        let at = usize::try_from(hash % Self::SLOTS as u64).unwrap_or(0);
        CACHE.with(|cache| {
            // Building parameters never evaluates anything, so the cache is never in use here;
            // if it were, the parameters are built without it.
            let Ok(mut cache) = cache.try_borrow_mut() else {
                return build(&values);
            };
            if cache.slots.is_empty() {
                cache.slots.resize(Self::SLOTS, None);
            }
            match cache.slots.get_mut(at) {
                Some(Some((key, held, params))) if *key == o.memo && *held == values => params.clone(),
                Some(slot) => {
                    let params = build(&values);
                    *slot = Some((o.memo, values, params.clone()));
                    params
                }
                None => build(&values),
            }
        })
    }

    /// A hash of the outcome and its argument values; `None` for values not worth caching.
    fn hash(memo: u64, values: &[Value]) -> Option<u64> {
        let mut h = memo.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        for v in values {
            let x = match v {
                Value::Bool(b) => u64::from(*b),
                Value::Int(i) => i.cast_unsigned(),
                Value::Enum(i) => u64::from(*i),
                Value::Date(d) => u64::from(d.num_days_from_ce().unsigned_abs()),
                Value::Dec(d) => (d.mantissa().cast_unsigned() as u64) ^ u64::from(d.scale()).rotate_left(56),
                Value::None => 0x5555,
                Value::Text(_) | Value::Record(_) | Value::List(_) | Value::Unknown(_) => return None,
            };
            h = (h ^ x).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
        }
        Some(h)
    }
}

/// The outcomes one rule would give.
pub type Cands<'c> = Vec<Candidate<'c>>;

pub fn truth(v: &Value) -> Truth {
    match v {
        Value::Bool(true) => Truth::True,
        Value::Unknown(_) => Truth::Unknown,
        _ => Truth::False,
    }
}

pub fn compare(a: &Value, b: &Value) -> Option<Ordering> {
    order(a, b).or_else(|| match (a, b) {
        (Value::Text(x), Value::Text(y)) => Some(x.cmp(y)),
        (Value::Bool(x), Value::Bool(y)) => Some(x.cmp(y)),
        (Value::None, Value::None) => Some(Ordering::Equal),
        _ => None,
    })
}

/// A condition's result where only its truth matters (an `and`-ed condition of a rule, a table
/// cell): no value is built for true and false.
#[derive(Clone)]
enum Tri {
    True,
    False,
    Unknown(Missing),
    /// Neither a truth value nor unknown (`none`: a `bool` table looked up with `none`, an `if`
    /// with a `none` branch): never true, and neither is its `not`, so a rule or a table row
    /// with it does not apply.
    Other,
}

impl Tri {
    fn of(v: Value) -> Tri {
        match v {
            Value::Bool(true) => Tri::True,
            Value::Bool(false) => Tri::False,
            Value::Unknown(m) => Tri::Unknown(m),
            _ => Tri::Other,
        }
    }

    /// `not` of this when `negate`: true and false swap, the rest stays.
    fn negated_if(self, negate: bool) -> Tri {
        match (self, negate) {
            (Tri::True, true) => Tri::False,
            (Tri::False, true) => Tri::True,
            (t, _) => t,
        }
    }

    /// Back to a value: a truth value or unknown (`and`, `or` and comparisons never give `Other`).
    fn value(self) -> Value {
        match self {
            Tri::True => Value::Bool(true),
            Tri::False => Value::Bool(false),
            Tri::Unknown(m) => Value::Unknown(m),
            Tri::Other => Value::None,
        }
    }

    /// As a rule's result: `none` does not make a rule apply.
    fn truth(&self) -> Truth {
        match self {
            Tri::True => Truth::True,
            Tri::Unknown(_) => Truth::Unknown,
            Tri::False | Tri::Other => Truth::False,
        }
    }

    /// The facts that would decide it, when unknown.
    fn missing(&self) -> Paths {
        match self {
            Tri::Unknown(m) => Paths::from(m.clone()),
            _ => Paths::default(),
        }
    }

    /// `and`: false wins; with `none` (never true) the whole is never true either.
    #[inline]
    fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::False, _) | (_, Tri::False) => Tri::False,
            (Tri::True, t) | (t, Tri::True) => t,
            (Tri::Other, _) | (_, Tri::Other) => Tri::Other,
            (Tri::Unknown(x), Tri::Unknown(y)) => Tri::Unknown(merge_missing(&x, &y)),
        }
    }

    /// `or`: true wins; with `none`, the other side decides, and two `none`s give `none`.
    fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::True, _) | (_, Tri::True) => Tri::True,
            (Tri::Unknown(x), Tri::Unknown(y)) => Tri::Unknown(merge_missing(&x, &y)),
            (Tri::Unknown(x), _) | (_, Tri::Unknown(x)) => Tri::Unknown(x),
            (Tri::Other, Tri::Other) => Tri::Other,
            _ => Tri::False,
        }
    }

    /// Whether this can still come out true: a rule, a table row or a table's `when` that
    /// cannot is left out.
    fn may_hold(&self) -> bool {
        matches!(self, Tri::True | Tri::Unknown(_))
    }
}

/// Whether `op` holds between two values that compare as `o`: a lookup, not a branch (this runs
/// for every comparison, with outcomes a branch predictor cannot learn).
#[inline]
fn holds(op: CmpOp, o: Ordering) -> Tri {
    // Bit 0: holds when less, bit 1: when equal, bit 2: when greater.
    let accepts: u8 = match op {
        CmpOp::Eq => 0b010,
        CmpOp::Ne => 0b101,
        CmpOp::Lt => 0b001,
        CmpOp::Le => 0b011,
        CmpOp::Gt => 0b100,
        CmpOp::Ge => 0b110,
    };
    let bit = match o {
        Ordering::Less => 0b001,
        Ordering::Equal => 0b010,
        Ordering::Greater => 0b100,
    };
    if accepts & bit != 0 {
        Tri::True
    } else {
        Tri::False
    }
}

/// How two values of the types conditions compare most (whole numbers, decimals, enum values,
/// dates) order; `None` for every other pair.
#[inline]
fn order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Some(x.cmp(y)),
        (Value::Enum(x), Value::Enum(y)) => Some(x.cmp(y)),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::Dec(x), Value::Dec(y)) => Some(dec_cmp(x, y)),
        (Value::Dec(x), Value::Int(y)) => Some(dec_int_cmp(x, *y)),
        (Value::Int(x), Value::Dec(y)) => Some(dec_int_cmp(y, *x).reverse()),
        _ => None,
    }
}

/// Whether `a op b` holds, as a [`Tri`]; `none` is equal only to `none` and orders with nothing.
#[inline]
/// A sanction code's (level, rank) by the declared severity; (0, 0) without one.
fn severity_of(sev: Option<&Severity>, code: &str) -> (u16, u32) {
    sev.and_then(|s| s.of(code)).unwrap_or((0, 0))
}

/// Of the sanction candidates, the one imposed (the heaviest known) and the undetermined ones
/// heavier than it (all of them when none is imposed).
fn imposed_and_heavier<'a, 'c>(
    sev: Option<&Severity>,
    all: &'a [Candidate<'c>],
) -> (Option<&'a Candidate<'c>>, Vec<&'a Candidate<'c>>) {
    let rank = |c: &Candidate<'_>| severity_of(sev, &c.out.code).1;
    let imposed = all.iter().filter(|c| c.known).max_by_key(|c| rank(c));
    let above = imposed.map(rank);
    let heavier = all.iter().filter(|c| !c.known && above.is_none_or(|r| rank(c) > r)).collect();
    (imposed, heavier)
}

/// The one answer every case gives (true or false), else `unknown`: a condition on what the
/// decision may still turn out to be is known when it comes out the same in every case.
fn agreed(answers: impl IntoIterator<Item = Tri>, unknown: Tri) -> Tri {
    let mut seen: Option<bool> = None;
    for answer in answers {
        let now = match answer {
            Tri::True => true,
            Tri::False | Tri::Other => false,
            Tri::Unknown(_) => return unknown,
        };
        if seen.is_some_and(|s| s != now) {
            return unknown;
        }
        seen = Some(now);
    }
    match seen {
        Some(true) => Tri::True,
        Some(false) => Tri::False,
        None => unknown,
    }
}

/// Whether `e` is `sanction.level`, also through named values (`let tingkat = sanction.level`,
/// a table's input).
pub(crate) fn is_sanction_level(c: &Compiled, e: &CExpr) -> bool {
    matches!(&named_expr(c, e).kind, CK::SanctionField(b, true) if matches!(b.kind, CK::Sanction))
}

/// `d` when `e` is `sanction.level otherwise d`: the level, or `d` when no sanction is imposed.
fn level_default<'a>(c: &'a Compiled, e: &'a CExpr) -> Option<&'a CExpr> {
    match &named_expr(c, e).kind {
        CK::Otherwise(x, d) if is_sanction_level(c, x) => Some(d),
        _ => None,
    }
}

/// Whether `e` reads the sanction's level (itself, or with a default for no sanction).
fn reads_level(c: &Compiled, e: &CExpr) -> bool {
    is_sanction_level(c, e) || level_default(c, e).is_some()
}

/// The expression a named value (`let`, a table's shared input) stands for, through names of
/// names; `e` itself when it is no name.
pub(crate) fn named_expr<'a>(c: &'a Compiled, e: &'a CExpr) -> &'a CExpr {
    named_at(c, e).0
}

/// [`named_expr`], and the base of the last `let` looked through (see [`LetIR::base`]): the
/// depth it must be worked out at, `None` when it is `e` itself.
fn named_at<'a>(c: &'a Compiled, mut e: &'a CExpr) -> (&'a CExpr, Option<usize>) {
    let mut base = None;
    for _ in 0..16 {
        match &e.kind {
            CK::Let(i) => match c.lets.get(*i) {
                Some(named) => {
                    e = &named.expr;
                    base = Some(named.base);
                }
                None => break,
            },
            _ => break,
        }
    }
    (e, base)
}

/// The `count`, `sum`, `min` or `max` that `e` is (also through a `let`, and with a default for
/// absence: `count(…) otherwise 0`, whose default never applies while the aggregate has bounds),
/// if it is one.
fn bounded_agg<'a>(c: &'a Compiled, e: &'a CExpr) -> Option<&'a AggIR> {
    bounded_agg_at(c, e).map(|(a, _)| a)
}

/// [`bounded_agg`], with the depth to work it out at when it is found through a `let`.
fn bounded_agg_at<'a>(c: &'a Compiled, e: &'a CExpr) -> Option<(&'a AggIR, Option<usize>)> {
    let (named, base) = named_at(c, e);
    match &named.kind {
        CK::Agg(a) if matches!(a.kind, AggKind::Count | AggKind::Sum | AggKind::Min | AggKind::Max) => Some((a, base)),
        CK::Otherwise(x, _) => bounded_agg_at(c, x).map(|(a, inner)| (a, inner.or(base))),
        _ => None,
    }
}

/// The range a field of a list's item is declared in (`jp: int >= 0`), for a `sum` of it; no
/// bound for anything else.
fn declared_range(e: &CExpr) -> (Option<Decimal>, Option<Decimal>) {
    match &e.kind {
        CK::Field(record, slot, _) => match &record.ty {
            Ty::Record(r) => r.fields.get(*slot).map_or((None, None), |f| (f.min, f.max)),
            _ => (None, None),
        },
        _ => (None, None),
    }
}

/// Whether `x op k` holds for every `x` from `lo` to `hi` (`None`: unbounded that way), or for
/// none of them; `None` when it holds for some only, or the values do not order.
fn decided_between(op: CmpOp, lo: Option<&Value>, hi: Option<&Value>, k: &Value) -> Option<bool> {
    let lo = match lo {
        Some(v) => Some(order(v, k)?),
        None => None,
    };
    let hi = match hi {
        Some(v) => Some(order(v, k)?),
        None => None,
    };
    let (lo_is, hi_is) = (|o: Ordering| lo == Some(o), |o: Ordering| hi == Some(o));
    let outside = lo_is(Ordering::Greater) || hi_is(Ordering::Less);
    let exactly = lo_is(Ordering::Equal) && hi_is(Ordering::Equal);
    let (all, none) = match op {
        CmpOp::Lt => (hi_is(Ordering::Less), lo.is_some_and(Ordering::is_ge)),
        CmpOp::Le => (hi.is_some_and(Ordering::is_le), lo_is(Ordering::Greater)),
        CmpOp::Gt => (lo_is(Ordering::Greater), hi.is_some_and(Ordering::is_le)),
        CmpOp::Ge => (lo.is_some_and(Ordering::is_ge), hi_is(Ordering::Less)),
        CmpOp::Eq => (exactly, outside),
        CmpOp::Ne => (outside, exactly),
    };
    if all {
        Some(true)
    } else if none {
        Some(false)
    } else {
        None
    }
}

fn cmp_tri(op: CmpOp, a: &Value, b: &Value) -> Tri {
    match order(a, b) {
        Some(o) => holds(op, o),
        None => cmp_tri_any(op, a, b),
    }
}

#[inline(never)]
fn cmp_tri_any(op: CmpOp, a: &Value, b: &Value) -> Tri {
    // `none` equals no value, not even `none`, and orders with none, whatever the other side
    // turns out to be: only `!=` holds.
    if matches!(a, Value::None) || matches!(b, Value::None) {
        return if op == CmpOp::Ne { Tri::True } else { Tri::False };
    }
    match (a, b) {
        (Value::Unknown(x), Value::Unknown(y)) => return Tri::Unknown(merge_missing(x, y)),
        (Value::Unknown(x), _) | (_, Value::Unknown(x)) => return Tri::Unknown(x.clone()),
        _ => {}
    }
    match (op, compare(a, b)) {
        (_, Some(o)) => holds(op, o),
        (CmpOp::Ne, None) => Tri::True,
        _ => Tri::False,
    }
}

/// Whether `l` lies in the range `lo..hi` (`lo..<hi` when `exclusive`).
fn in_range(l: &Value, lo: &Value, hi: &Value, exclusive: bool) -> Tri {
    // An unknown value is unknown for its own missing facts, whatever the bounds.
    if let Value::Unknown(m) = l {
        return Tri::Unknown(m.clone());
    }
    // The common case: a number or a date between two bounds of its type.
    if let Some(from) = order(l, lo) {
        if from == Ordering::Less {
            return Tri::False;
        }
        if let Some(to) = order(l, hi) {
            let inside = if exclusive { to == Ordering::Less } else { to != Ordering::Greater };
            return if inside { Tri::True } else { Tri::False };
        }
    }
    let upper = if exclusive { CmpOp::Lt } else { CmpOp::Le };
    cmp_tri(CmpOp::Ge, l, lo).and(cmp_tri(upper, l, hi))
}

/// The whole months from `a` to `b`: the most months `m` with `add_months(a, m)` on or before
/// `b` (so a month from 31 January is complete on 29 February, as `add_months` counts it);
/// negative, by the same count, when `b` is before `a`.
pub fn full_months(a: NaiveDate, b: NaiveDate) -> i64 {
    if b < a {
        return -full_months(b, a);
    }
    let m = (i64::from(b.year()) - i64::from(a.year())) * 12 + i64::from(b.month()) - i64::from(a.month());
    // The month's anniversary is `a`'s day, or the last day of a shorter month.
    let last_day = b.succ_opt().is_none_or(|next| next.month() != b.month());
    if b.day() < a.day() && !last_day {
        m - 1
    } else {
        m
    }
}

pub fn add_months(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    let m = Months::new(u32::try_from(n.unsigned_abs()).ok()?);
    if n >= 0 {
        d.checked_add_months(m)
    } else {
        d.checked_sub_months(m)
    }
}

/// Whether `e` reads the aggregate item at `depth` (or one nested in it).
fn reads_local(e: &CExpr, depth: usize) -> bool {
    let mut found = matches!(e.root, Root::Local(k) if k >= depth) || matches!(e.kind, CK::Local(k) if k >= depth);
    e.kind.for_each_child(&mut |c| found = found || reads_local(c, depth));
    found
}

/// The value at `fields` below `v`, read in place; `None` when the path leaves the records or
/// reaches an absent value.
fn follow<'v>(mut v: &'v Value, fields: &[usize]) -> Option<&'v Value> {
    for &slot in fields {
        match v {
            Value::Record(fields) => v = fields.get(slot)?,
            _ => return None,
        }
    }
    (!matches!(v, Value::None)).then_some(v)
}

fn limit(en: String, id: String) -> Box<EvalError> {
    Box::new(EvalError::Limit { message: Text::new(en, id), line: None, column: None })
}

/// A limit reached at `span` of the policy: the message names the expression (`text`, from the
/// span) and where it is written, line and column, as two rules may hold the same expression.
fn limit_at(
    c: &Compiled,
    span: aturan_dsl::Span,
    en: impl Fn(&str) -> String,
    id: impl Fn(&str) -> String,
) -> Box<EvalError> {
    let text = span.text(&c.source);
    let (line, column) = aturan_dsl::Lines::of(&c.source).line_column(span.start);
    Box::new(EvalError::Limit {
        message: Text::new(
            format!("{} (line {line}, column {column})", en(text)),
            format!("{} (baris {line}, kolom {column})", id(text)),
        ),
        line: Some(line),
        column: Some(column),
    })
}

fn overflow(e: &CExpr, c: &Compiled) -> Box<EvalError> {
    limit_at(c, e.span, |t| format!("arithmetic overflow in `{t}`"), |t| format!("luapan aritmetika dalam `{t}`"))
}

impl<'c> Ev<'c> {
    /// A fresh evaluation of the same facts and parameters on another day, without explanations,
    /// that may visit `visits` list items: for an explanation to find the first day a condition
    /// would hold (the days tried share one budget, so trying many cannot take many times as long).
    pub(crate) fn on_day(&self, day: NaiveDate, visits: u64) -> Ev<'c> {
        let mut ev = Ev::start(self.c, self.root, self.params.clone(), self.params_overridden, day, false, self.lang);
        ev.rule_until = self.rule_until;
        ev.rule_now = self.rule_now;
        ev.visits_left = visits;
        ev
    }

    /// An evaluation on `as_of` with nothing worked out yet.
    fn start(
        c: &'c Compiled,
        root: &'c [Value],
        params: std::borrow::Cow<'c, [Value]>,
        params_overridden: bool,
        as_of: NaiveDate,
        explain: bool,
        lang: Lang,
    ) -> Ev<'c> {
        Ev {
            c,
            root,
            params,
            params_overridden,
            as_of,
            lets: vec![None; c.lets.len()],
            locals: SmallVec::new(),
            rules: std::iter::repeat_with(|| RuleState::Pending).take(c.rules.len()).collect(),
            sanction: None,
            computing_sanction: false,
            unsure_exceptions: Vec::new(),
            rule_until: None,
            rule_now: None,
            gaps_wanted: false,
            visits_left: MAX_VISITS,
            explain,
            lang,
        }
    }

    /// The list items this evaluation may still visit.
    pub(crate) fn visits_left(&self) -> u64 {
        self.visits_left
    }

    /// Whether an aggregate's item is in scope (a condition inside a filter is not one a day
    /// can be found for on its own).
    pub(crate) fn in_aggregate(&self) -> bool {
        !self.locals.is_empty()
    }

    /// The dates in the employee's facts, at most `max` of them, in no particular order.
    pub(crate) fn fact_dates(&self, max: usize) -> Vec<NaiveDate> {
        fn walk(v: &Value, out: &mut Vec<NaiveDate>, max: usize) {
            if out.len() >= max {
                return;
            }
            match v {
                Value::Date(d) => out.push(*d),
                Value::Record(items) | Value::List(items) => items.iter().for_each(|x| walk(x, out, max)),
                _ => {}
            }
        }
        let mut out = Vec::new();
        self.root.iter().for_each(|v| walk(v, &mut out, max));
        out
    }

    /// An overflow while summing: named by the whole aggregate, not only its list.
    fn overflow_in(&self, a: &AggIR) -> Box<EvalError> {
        limit_at(
            self.c,
            a.span,
            |t| format!("arithmetic overflow in `{t}`"),
            |t| format!("luapan aritmetika dalam `{t}`"),
        )
    }

    fn lit_int(v: &Value) -> Option<i64> {
        match v {
            Value::Int(i) => Some(*i),
            Value::Dec(d) => d.to_i64(),
            _ => None,
        }
    }

    /// The readable path of a fact expression, for missing-fact reports.
    /// Whether `e` being unknown for the facts `missing` means it is absent (`is absent` holds,
    /// `otherwise` gives its default) rather than undecided. A fact (or a field of one) that is
    /// missing is absent; so is an aggregate whose list is missing, and `first(…)` (or a field
    /// of it) that finds nothing. Anything else that is unknown depends on missing facts and may well have a value:
    /// `first(kinerja where tahun == 2025)` while an item's `tahun` is missing, a `count` over
    /// such items, an `if` on a missing condition.
    fn unknown_is_absent(&self, e: &CExpr, missing: &Missing) -> bool {
        let e = named_expr(self.c, e);
        match &e.kind {
            CK::Fact(_) | CK::Local(_) | CK::Param(_) => true,
            CK::Field(inner, ..) => self.unknown_is_absent(inner, missing),
            // An aggregate over a list that is missing is absent (`count(pelanggaran) otherwise 0`
            // reads a missing list as none); so is `first` that finds nothing.
            CK::Agg(a) => {
                let list = self.path_of(&a.list);
                missing.iter().all(|p| *p == list || (a.kind == AggKind::First && *p == a.describe))
            }
            _ => false,
        }
    }

    fn path_of(&self, e: &CExpr) -> String {
        match &e.kind {
            CK::Fact(slot) => self.c.facts.fields.get(*slot).map(|f| f.name.clone()).unwrap_or_default(),
            CK::Field(b, _, name) => format!("{}.{}", self.path_of(b), name),
            CK::Local(k) => match self.locals.get(*k) {
                // An item of a list written out (`[presensi]`, `[a, b]`) is named as itself.
                Some(Local { list: CExpr { kind: CK::List(items), .. }, index, .. }) => {
                    items.get(*index).map(|x| self.path_of(x)).unwrap_or_default()
                }
                Some(l) => format!("{}[{}]", self.path_of(l.list), l.index),
                None => String::new(),
            },
            CK::Let(i) => match self.c.lets.get(*i) {
                // `let presensi_ini = first(p in [presensi] where …)`: a record of the facts, taken
                // when it holds; a field of it is that fact's field (`presensi.alpa_hari`).
                Some(l) => match &l.expr.kind {
                    CK::Agg(a)
                        if a.kind == AggKind::First && matches!(&a.list.kind, CK::List(items) if items.len() == 1) =>
                    {
                        self.path_of(&a.list)
                    }
                    // `let kinerja_ini = first(kinerja where tahun == 2025)`, found: the item it took
                    // (`kinerja[1]`), so a field missing from it is named where the HR system sends it.
                    CK::Agg(a) if a.kind == AggKind::First => match (self.lets.get(*i), self.peek(&a.list)) {
                        (Some(Some(Value::Record(found))), Some(Value::List(items))) => {
                            match items.iter().position(|x| matches!(x, Value::Record(r) if Arc::ptr_eq(r, found))) {
                                Some(k) => format!("{}[{k}]", self.path_of(&a.list)),
                                None => l.name.clone(),
                            }
                        }
                        _ => l.name.clone(),
                    },
                    _ => l.name.clone(),
                },
                None => String::new(),
            },
            CK::Agg(a) => a.describe.clone(),
            // `[presensi]`, a record looked into as a list of one (`first(p in [presensi] where …)`).
            CK::List(items) if items.len() == 1 => items.first().map(|x| self.path_of(x)).unwrap_or_default(),
            _ => e.span.text(&self.c.source).to_string(),
        }
    }

    /// The value of a path (a fact, a field of one, a local, a constant, a parameter, a `let`
    /// already worked out) without copying the records on the way; `None` when the expression
    /// is something else, or the path reaches an absent value (the full evaluation then says
    /// which fact is missing).
    /// Like [`Ev::peek`], for a path into the facts (or into an item of a list in the facts):
    /// the value is borrowed from the facts, for the whole evaluation.
    fn fact_at(&self, e: &CExpr) -> Option<&'c Value> {
        let v = match e.root {
            Root::Fact(slot) => self.root.get(slot)?,
            Root::Local(k) => self.locals.get(k)?.fact()?,
            _ => return None,
        };
        follow(v, &e.fields)
    }

    fn peek<'s>(&'s self, e: &'s CExpr) -> Option<&'s Value> {
        let v = match e.root {
            Root::None => return None,
            Root::Const => return if let CK::Const(v) = &e.kind { Some(v) } else { None },
            Root::Param(i) => self.params.get(i)?,
            Root::Let(i) => self.lets.get(i)?.as_ref()?,
            Root::Local(k) => self.locals.get(k)?.value()?,
            Root::Fact(slot) => self.root.get(slot)?,
        };
        if e.fields.is_empty() && !matches!(e.root, Root::Fact(_)) {
            return Some(v);
        }
        follow(v, &e.fields)
    }

    /// The truth of a condition, without building values for the comparisons in it.
    fn test(&mut self, e: &'c CExpr) -> R<Tri> {
        match &e.kind {
            CK::Cmp(op, a, b) => {
                let t = if let (Some(l), Some(r)) = (self.peek(a), self.peek(b)) {
                    cmp_tri(*op, l, r)
                } else {
                    let l = self.eval(a)?;
                    match self.peek(b) {
                        Some(r) => cmp_tri(*op, &l, r),
                        None => {
                            let r = self.eval(b)?;
                            cmp_tri(*op, &l, &r)
                        }
                    }
                };
                if matches!(t, Tri::Unknown(_)) {
                    if reads_level(self.c, a) || reads_level(self.c, b) {
                        return self.level_cmp(*op, a, b, t);
                    }
                    if let Some(decided) = self.bounded_cmp(*op, a, b)? {
                        return Ok(decided);
                    }
                }
                return Ok(t);
            }
            CK::In(a, b, negate) => {
                // The tested value is worked out once; a range with fixed bounds is then read in place.
                let owned = if self.peek(a).is_none() { Some(self.eval(a)?) } else { None };
                if let CK::Range(lo, hi, excl) = &b.kind {
                    if let (Some(l), Some(x), Some(y)) = (owned.as_ref().or(self.peek(a)), self.peek(lo), self.peek(hi))
                    {
                        let t = in_range(l, x, y, *excl).negated_if(*negate);
                        return self.settle_in(a, b, *negate, t);
                    }
                }
                let l = match owned {
                    Some(v) => v,
                    None => self.eval(a)?,
                };
                let t = Tri::of(self.member(&l, b)?).negated_if(*negate);
                return self.settle_in(a, b, *negate, t);
            }
            CK::And(a, b) => {
                let l = self.test(a)?;
                if let Tri::False = l {
                    return Ok(l);
                }
                return Ok(l.and(self.test(b)?));
            }
            CK::Or(a, b) => {
                let l = self.test(a)?;
                if let Tri::True = l {
                    return Ok(l);
                }
                return Ok(l.or(self.test(b)?));
            }
            CK::Not(a) => return Ok(self.test(a)?.negated_if(true)),
            _ => {}
        }
        Ok(Tri::of(self.eval(e)?))
    }

    #[inline]
    pub fn eval(&mut self, e: &'c CExpr) -> R<Value> {
        if !matches!(e.root, Root::None) {
            if let Root::Let(i) = e.root {
                self.force_let(i)?;
            }
            if let Some(v) = self.peek(e) {
                return Ok(v.clone());
            }
        }
        self.eval_node(e)
    }

    /// Works out `let` value `i` if this evaluation has not yet: once, when first needed.
    fn force_let(&mut self, i: usize) -> R<()> {
        if let (Some(None), Some(l)) = (self.lets.get(i), self.c.lets.get(i)) {
            // The aggregates inside a `let` number their items from its `base` (0 for a `let` of
            // the policy): it is worked out with that many items in scope, wherever it is first
            // needed (a policy's `let` inside another aggregate's loop too). It reads none of
            // them, so those below its base may be any.
            let v = self.at_base(l.base, &l.expr, |ev| ev.eval(&l.expr))?;
            if let Some(slot) = self.lets.get_mut(i) {
                *slot = Some(v);
            }
        }
        Ok(())
    }

    /// [`Ev::eval`] of an expression that is not a path read in place.
    fn eval_node(&mut self, e: &'c CExpr) -> R<Value> {
        Ok(match &e.kind {
            CK::Const(v) => v.clone(),
            CK::Fact(slot) => match self.root.get(*slot) {
                Some(Value::None) | None => Value::unknown(self.path_of(e)),
                Some(v) => v.clone(),
            },
            CK::Local(k) => self.locals.get(*k).and_then(Local::value).cloned().unwrap_or(Value::None),
            CK::Param(i) => self.params.get(*i).cloned().unwrap_or(Value::None),
            CK::Let(i) => {
                self.force_let(*i)?;
                self.lets.get(*i).cloned().flatten().unwrap_or(Value::None)
            }
            CK::AsOf => Value::Date(self.as_of),
            CK::Sanction => self.sanction_value()?,
            CK::Given(kind, id, code) => self.given(*kind, *id, code)?,
            CK::SanctionField(b, level) => match self.eval(b)? {
                Value::Record(f) => f.get(usize::from(*level)).cloned().unwrap_or(Value::None),
                other => other,
            },
            CK::Field(b, slot, _) => match self.eval(b)? {
                Value::Record(fields) => match fields.get(*slot) {
                    Some(Value::None) | None => Value::unknown(self.path_of(e)),
                    Some(v) => v.clone(),
                },
                Value::None => Value::None,
                other => other,
            },
            // Whether a sanction is imposed is known as soon as one is, even while a heavier one
            // is undetermined; while only undetermined ones remain, it is unknown.
            CK::IsAbsent(inner, absent) if matches!(inner.kind, CK::Sanction) => match self.sanction_presence()? {
                Some(present) => Value::Bool(present != *absent),
                None => self.sanction_value()?,
            },
            CK::IsAbsent(inner, absent) => match self.eval(inner)? {
                // A count over a list that is there, or a minimum or maximum with a known item,
                // is a value whatever the undecided items hold.
                Value::Unknown(m) if !self.unknown_is_absent(inner, &m) => match self.bounds_of(inner)? {
                    Some(_) => Value::Bool(!*absent),
                    None => Value::Unknown(m),
                },
                v => Value::Bool(matches!(v, Value::None | Value::Unknown(_)) == *absent),
            },
            CK::Neg(inner) => match self.eval(inner)? {
                Value::Int(i) => Value::Int(i.checked_neg().ok_or_else(|| overflow(e, self.c))?),
                Value::Dec(d) => Value::Dec(-d),
                other => other,
            },
            // Truth values are worked out by `test`, which builds no values on the way.
            CK::Cmp(..) | CK::In(..) | CK::And(..) | CK::Or(..) | CK::Not(_) => self.test(e)?.value(),
            CK::Arith(op, a, b) => {
                let l = self.eval(a)?;
                let r = self.eval(b)?;
                self.arith(*op, l, r, e)?
            }
            CK::Otherwise(a, b) => match self.eval(a)? {
                // The level of a sanction that is imposed while a heavier one is undetermined is
                // unknown, not missing: the default is for no sanction, which is not the case.
                // (A comparison then weighs every level it can have: `values_of`.)
                v @ Value::Unknown(_) if is_sanction_level(self.c, a) => v,
                // A value that is undecided rather than absent (a count over items whose filter
                // reads a missing fact) keeps its unknown: the default is for absence.
                Value::Unknown(m) if !self.unknown_is_absent(a, &m) => Value::Unknown(m),
                // A missing `a` whose default is undecided too: giving either decides it.
                Value::Unknown(m) => match self.eval(b)? {
                    Value::Unknown(n) => Value::Unknown(merge_missing(&m, &n)),
                    v => v,
                },
                Value::None => self.eval(b)?,
                v => v,
            },
            CK::If(c, a, b) => match self.eval(c)? {
                Value::Bool(true) => self.eval(a)?,
                // Undecided, but both branches give the same known value: that is the value.
                // (A branch that fails leaves it undecided; it might never be taken.)
                Value::Unknown(m) => match (self.eval(a), self.eval(b)) {
                    // Equal as values: `5` and `5.0` are one number.
                    (Ok(x), Ok(y))
                        if !matches!(x, Value::Unknown(_)) && (x == y || order(&x, &y) == Some(Ordering::Equal)) =>
                    {
                        x
                    }
                    _ => Value::Unknown(m),
                },
                // A condition that is `none` holds neither way: neither branch is the value.
                Value::None => Value::None,
                _ => self.eval(b)?,
            },
            CK::List(items) => {
                let mut out = Vec::with_capacity(items.len());
                for i in items {
                    out.push(self.eval(i)?);
                }
                Value::List(Arc::from(out))
            }
            CK::Range(..) => Value::None,
            CK::Builtin(b, args) => self.builtin(*b, args, e)?,
            CK::Lookup(i, key) => self.lookup(*i, key)?,
            CK::Helper(h, args) => self.helper(*h, args)?,
            CK::Agg(a) => self.aggregate(a)?,
        })
    }

    #[inline(never)]
    fn lookup(&mut self, i: usize, key: &'c CExpr) -> R<Value> {
        let k = self.eval(key)?;
        // Unknown stays unknown; none (`next` past the last rank) has no entry, which is known.
        if let Value::Unknown(_) | Value::None = k {
            return Ok(k);
        }
        let Some(table) = self.c.lookups.get(i) else {
            return Ok(Value::None);
        };
        Ok(match table.entries.iter().find(|(x, _)| x.matches(&k)) {
            Some((_, v)) => v.clone(),
            None => match &table.default {
                Some(v) => v.clone(),
                None => Value::unknown(format!("{}({})", table.name, explain::show(&k, &key.ty))),
            },
        })
    }

    #[inline(never)]
    fn helper(&mut self, h: usize, args: &'c [CExpr]) -> R<Value> {
        let mut vals = Vec::with_capacity(args.len());
        let mut missing: Option<Missing> = None;
        for a in args {
            let v = self.eval(a)?;
            if let Value::Unknown(m) = &v {
                missing = Some(match missing {
                    Some(x) => merge_missing(&x, m),
                    None => m.clone(),
                });
            }
            vals.push((v, &a.ty));
        }
        if let Some(m) = missing {
            return Ok(Value::Unknown(m));
        }
        match &self.c.helpers {
            Some(engine) => Ok(engine.call(h, &self.c.helper_decls, &vals)?),
            None => Ok(Value::None),
        }
    }

    #[inline(never)]
    fn member(&mut self, l: &Value, r: &'c CExpr) -> R<Value> {
        if let Value::Unknown(_) = l {
            return Ok(l.clone());
        }
        // `none` is in nothing (and `not in` everything).
        if let Value::None = l {
            return Ok(Value::Bool(false));
        }
        match &r.kind {
            CK::Range(lo, hi, excl) => {
                let a = self.eval(lo)?;
                let b = self.eval(hi)?;
                Ok(in_range(l, &a, &b, *excl).value())
            }
            _ => match self.eval(r)? {
                Value::List(items) => {
                    self.charge(items.len(), r)?;
                    if items.iter().any(|x| compare(x, l) == Some(Ordering::Equal)) {
                        return Ok(Value::Bool(true));
                    }
                    // Not among the known items; an unknown one (`[a, 2]` with `a` missing)
                    // might be it.
                    let mut unknown: Option<Missing> = None;
                    for x in items.iter() {
                        if let Value::Unknown(m) = x {
                            unknown = Some(match unknown {
                                Some(u) => merge_missing(&u, m),
                                None => m.clone(),
                            });
                        }
                    }
                    Ok(unknown.map_or(Value::Bool(false), Value::Unknown))
                }
                Value::Unknown(m) => Ok(Value::Unknown(m)),
                _ => Ok(Value::Bool(false)),
            },
        }
    }

    #[inline(never)]
    fn arith(&self, op: ArOp, l: Value, r: Value, e: &CExpr) -> R<Value> {
        match (&l, &r) {
            (Value::Unknown(x), Value::Unknown(y)) => return Ok(Value::Unknown(merge_missing(x, y))),
            (Value::Unknown(_), _) => return Ok(l),
            (_, Value::Unknown(_)) => return Ok(r),
            (Value::None, _) | (_, Value::None) => return Ok(Value::None),
            _ => {}
        }
        if let (Value::Int(a), Value::Int(b), false) = (&l, &r, op == ArOp::Div) {
            let v = match op {
                ArOp::Add => a.checked_add(*b),
                ArOp::Sub => a.checked_sub(*b),
                _ => a.checked_mul(*b),
            };
            return v.map(Value::Int).ok_or_else(|| overflow(e, self.c));
        }
        let (Some(a), Some(b)) = (l.as_dec(), r.as_dec()) else {
            return Ok(Value::None);
        };
        let v = match op {
            ArOp::Add => a.checked_add(b),
            ArOp::Sub => a.checked_sub(b),
            ArOp::Mul => a.checked_mul(b),
            ArOp::Div => {
                if b.is_zero() {
                    return Err(limit_at(
                        self.c,
                        e.span,
                        |t| format!("division by zero in `{t}`"),
                        |t| format!("pembagian dengan nol dalam `{t}`"),
                    ));
                }
                a.checked_div(b)
            }
        };
        v.map(Value::Dec).ok_or_else(|| overflow(e, self.c))
    }

    #[inline(never)]
    fn builtin(&mut self, b: Builtin, args: &'c [CExpr], e: &CExpr) -> R<Value> {
        // Built-ins take at most three arguments (min and max take any number).
        let mut vals: SmallVec<[Value; 3]> = SmallVec::new();
        for a in args {
            let v = self.eval(a)?;
            if let Value::Unknown(_) = v {
                if !matches!(b, Builtin::Min | Builtin::Max) {
                    return Ok(v);
                }
            }
            vals.push(v);
        }
        let bad_date = || {
            limit_at(
                self.c,
                e.span,
                |t| format!("`{t}` gives a date outside the calendar"),
                |t| format!("`{t}` menghasilkan tanggal di luar kalender"),
            )
        };
        use Builtin as B;
        Ok(match (b, vals.as_slice()) {
            (_, [Value::None, ..]) if !matches!(b, B::Min | B::Max) => Value::None,
            (B::Year, [Value::Date(d)]) => Value::Int(i64::from(d.year())),
            (B::Month, [Value::Date(d)]) => Value::Int(i64::from(d.month())),
            (B::FullYears, [Value::Date(a), Value::Date(b)]) => Value::Int(full_months(*a, *b) / 12),
            (B::FullMonths, [Value::Date(a), Value::Date(b)]) => Value::Int(full_months(*a, *b)),
            (B::DaysBetween, [Value::Date(a), Value::Date(b)]) => Value::Int((*b - *a).num_days()),
            (B::AddYears, [Value::Date(d), n]) => {
                let n = Self::lit_int(n).and_then(|n| n.checked_mul(12)).ok_or_else(bad_date)?;
                Value::Date(add_months(*d, n).and_then(in_calendar).ok_or_else(bad_date)?)
            }
            (B::AddMonths, [Value::Date(d), n]) => Value::Date(
                Self::lit_int(n).and_then(|n| add_months(*d, n)).and_then(in_calendar).ok_or_else(bad_date)?,
            ),
            (B::AddDays, [Value::Date(d), n]) => Value::Date(
                Self::lit_int(n)
                    .and_then(|n| d.checked_add_signed(chrono::TimeDelta::try_days(n)?))
                    .and_then(in_calendar)
                    .ok_or_else(bad_date)?,
            ),
            (B::MakeDate, [y, m, d]) => {
                let date = (|| {
                    NaiveDate::from_ymd_opt(
                        i32::try_from(Self::lit_int(y)?).ok()?,
                        u32::try_from(Self::lit_int(m)?).ok()?,
                        u32::try_from(Self::lit_int(d)?).ok()?,
                    )
                })();
                Value::Date(date.and_then(in_calendar).ok_or_else(|| {
                    limit_at(
                        self.c,
                        e.span,
                        |t| format!("`{t}` is not a day of the calendar (no such month or day, or a year outside 1..9999)"),
                        |t| format!("`{t}` bukan tanggal di kalender (bulan atau hari itu tidak ada, atau tahun di luar 1..9999)"),
                    )
                })?)
            }
            (B::Next | B::Previous, [Value::Enum(i)]) => {
                let len = match &e.ty {
                    Ty::Enum(def) => def.values.len(),
                    _ => 0,
                };
                let next = if b == B::Next { i.checked_add(1) } else { i.checked_sub(1) };
                match next {
                    Some(n) if usize::from(n) < len => Value::Enum(n),
                    _ => Value::None,
                }
            }
            (B::Min | B::Max, vals) => {
                let mut best: Option<Value> = None;
                for v in vals {
                    if let Value::Unknown(_) = v {
                        return Ok(v.clone());
                    }
                    if matches!(v, Value::None) {
                        continue;
                    }
                    best = Some(match best {
                        None => v.clone(),
                        Some(cur) => {
                            let o = compare(v, &cur);
                            let better =
                                if b == B::Min { o == Some(Ordering::Less) } else { o == Some(Ordering::Greater) };
                            if better {
                                v.clone()
                            } else {
                                cur
                            }
                        }
                    });
                }
                best.unwrap_or(Value::None)
            }
            (B::Abs, [Value::Int(i)]) => Value::Int(i.checked_abs().ok_or_else(|| overflow(e, self.c))?),
            (B::Abs, [Value::Dec(d)]) => Value::Dec(d.abs()),
            (B::Floor | B::Ceil, [Value::Dec(d)]) => {
                let whole = if b == B::Floor { d.floor() } else { d.ceil() };
                Value::Int(i64::try_from(whole).map_err(|_| overflow(e, self.c))?)
            }
            (B::Floor | B::Ceil, [Value::Int(i)]) => Value::Int(*i),
            (B::Round | B::Floor | B::Ceil, [x, n]) => {
                use rust_decimal::RoundingStrategy as S;
                let how = match b {
                    B::Floor => S::ToNegativeInfinity,
                    B::Ceil => S::ToPositiveInfinity,
                    _ => S::MidpointAwayFromZero,
                };
                let places = Self::lit_int(n).unwrap_or(0);
                match x.as_dec() {
                    Some(d) if places >= 0 => {
                        Value::Dec(d.round_dp_with_strategy(u32::try_from(places.min(28)).unwrap_or(0), how))
                    }
                    // A unit of 10^29 or more, above the largest decimal (about 7.9 × 10^28): the
                    // only multiple of it a decimal holds is 0, else the result does not fit.
                    Some(d) if places < -28 => {
                        let half_unit = Decimal::from_i128_with_scale(50_000_000_000_000_000_000_000_000_000, 0);
                        let zero = match b {
                            B::Floor => !d.is_sign_negative() || d.is_zero(),
                            B::Ceil => d.is_sign_negative() || d.is_zero(),
                            _ => places < -29 || d.abs() < half_unit,
                        };
                        if !zero {
                            return Err(overflow(e, self.c));
                        }
                        Value::Dec(Decimal::ZERO)
                    }
                    // Negative places round to tens, hundreds…: round(123456.5, -3) is 123000.
                    Some(d) => {
                        let unit = (0..-places).try_fold(Decimal::ONE, |u, _| u.checked_mul(Decimal::TEN));
                        let rounded = unit.and_then(|u| {
                            d.checked_div(u).map(|q| q.round_dp_with_strategy(0, how)).and_then(|q| q.checked_mul(u))
                        });
                        Value::Dec(rounded.ok_or_else(|| overflow(e, self.c))?)
                    }
                    None => Value::None,
                }
            }
            _ => Value::None,
        })
    }

    #[inline(never)]
    fn aggregate(&mut self, a: &'c AggIR) -> R<Value> {
        Ok(match self.over_items(a, |ev, len, depth| ev.aggregate_over(a, len, depth))? {
            Ok(v) => v,
            Err(not_a_list) => not_a_list,
        })
    }

    /// Runs `each` with the aggregate's list pushed as the local at `depth` (`len` items), or
    /// gives back the list's value when it is none (an unknown list, say).
    fn over_items<T>(
        &mut self,
        a: &'c AggIR,
        each: impl FnOnce(&mut Self, usize, usize) -> R<T>,
    ) -> R<Result<T, Value>> {
        let list = match self.fact_at(&a.list) {
            Some(Value::List(items)) => Items::Facts(items),
            _ => match self.peek(&a.list) {
                Some(Value::List(items)) => Items::Shared(items.clone()),
                _ => match self.eval(&a.list)? {
                    Value::List(items) => Items::Shared(items),
                    Value::None => Items::Facts(&[]),
                    other => return Ok(Err(other)),
                },
            },
        };
        let depth = self.locals.len();
        let len = list.as_slice().len();
        self.locals.push(Local { items: list, list: &a.list, index: 0 });
        let result = self.visit(a, len).and_then(|()| each(self, len, depth));
        self.locals.truncate(depth);
        result.map(Ok)
    }

    /// Counts `len` items against the evaluation's limit of list visits.
    fn visit(&mut self, a: &AggIR, len: usize) -> R<()> {
        self.charge(len, &a.list)
    }

    /// Counts `len` list items gone through at `at` against [`MAX_VISITS`]: an aggregate's, or a
    /// search of a list by `in` (`any(y in xs where y + 1 in xs)` over long lists too).
    fn charge(&mut self, len: usize, at: &CExpr) -> R<()> {
        self.visits_left = match self.visits_left.checked_sub(len as u64) {
            Some(left) => left,
            None => {
                return Err(limit_at(
                    self.c,
                    at.span,
                    |t| {
                        format!("the lists in this evaluation are gone through more than {MAX_VISITS} times in all (at `{t}`): an aggregate, or a search with `in`, inside another aggregate over a long list?")
                    },
                    |t| {
                        format!("daftar dalam evaluasi ini dijelajahi lebih dari {MAX_VISITS} kali seluruhnya (pada `{t}`): agregat, atau pencarian dengan `dalam`, di dalam agregat lain atas daftar yang panjang?")
                    },
                ));
            }
        };
        Ok(())
    }

    /// The loop of [`Ev::aggregate`]; the local at `depth` is the item.
    fn aggregate_over(&mut self, a: &'c AggIR, len: usize, depth: usize) -> R<Value> {
        let mut unknown: Option<Missing> = None;
        let note = |unknown: &mut Option<Missing>, m: &Missing| {
            *unknown = Some(match unknown.take() {
                Some(x) => merge_missing(&x, m),
                None => m.clone(),
            });
        };
        let mut found = false;
        let mut all = true;
        let mut count: i64 = 0;
        let mut sum_i: i64 = 0;
        let mut sum_d = Decimal::ZERO;
        let mut dec = matches!(a.map.as_ref().map(|m| &m.ty), Some(Ty::Decimal));
        let mut best: Option<Value> = None;
        let mut first: Option<Value> = None;
        // `count`, and `any`/`all` with a condition, need only whether an item passes: the item
        // itself is not copied out.
        let item_unused = a.map.is_none()
            && (a.kind == AggKind::Count || (matches!(a.kind, AggKind::Any | AggKind::All) && a.filter.is_some()));
        for index in 0..len {
            if let Some(local) = self.locals.get_mut(depth) {
                local.index = index;
            }
            let pass = match &a.filter {
                Some(f) => self.test(f)?,
                None => Tri::True,
            };
            let v = match pass {
                Tri::True => match &a.map {
                    Some(m) => self.eval(m)?,
                    None if item_unused => Value::Bool(true),
                    None => self.locals.get(depth).and_then(Local::value).cloned().unwrap_or(Value::None),
                },
                Tri::Unknown(m) => {
                    note(&mut unknown, &m);
                    if a.kind == AggKind::First && first.is_none() {
                        // An undecided item before any match: whichever matches first is unknown.
                        all = false;
                    }
                    continue;
                }
                // An item the condition leaves out: `any` and `all` count it as not matching, the
                // others skip it.
                Tri::False | Tri::Other => {
                    if !matches!(a.kind, AggKind::Any | AggKind::All) {
                        continue;
                    }
                    Value::Bool(false)
                }
            };
            match a.kind {
                AggKind::Any | AggKind::All => {
                    let b = if a.map.is_some() || a.filter.is_none() {
                        v
                    } else {
                        Value::Bool(!matches!(v, Value::Bool(false)))
                    };
                    match b {
                        Value::Bool(true) => found = true,
                        Value::Unknown(m) => note(&mut unknown, &m),
                        _ => all = false,
                    }
                    if a.kind == AggKind::Any && found {
                        return Ok(Value::Bool(true));
                    }
                }
                AggKind::Count => count = count.saturating_add(1),
                // An item without the number (`none`) is neither added nor averaged: the mean is
                // of the numbers there are.
                AggKind::Sum | AggKind::Average => match v {
                    Value::Int(i) if !dec => {
                        sum_i = sum_i.checked_add(i).ok_or_else(|| self.overflow_in(a))?;
                        count = count.saturating_add(1);
                    }
                    Value::Int(i) => {
                        sum_d = sum_d.checked_add(Decimal::from(i)).ok_or_else(|| self.overflow_in(a))?;
                        count = count.saturating_add(1);
                    }
                    Value::Dec(d) => {
                        if !dec {
                            dec = true;
                            sum_d = Decimal::from(sum_i);
                        }
                        sum_d = sum_d.checked_add(d).ok_or_else(|| self.overflow_in(a))?;
                        count = count.saturating_add(1);
                    }
                    Value::Unknown(m) => note(&mut unknown, &m),
                    _ => {}
                },
                AggKind::Min | AggKind::Max => match v {
                    Value::Unknown(m) => note(&mut unknown, &m),
                    Value::None => {}
                    v => {
                        let better = match &best {
                            None => true,
                            Some(cur) => {
                                let o = compare(&v, cur);
                                if a.kind == AggKind::Min {
                                    o == Some(Ordering::Less)
                                } else {
                                    o == Some(Ordering::Greater)
                                }
                            }
                        };
                        if better {
                            best = Some(v);
                        }
                    }
                },
                AggKind::First => {
                    if first.is_none() {
                        if !all {
                            return Ok(Value::Unknown(unknown.unwrap_or_else(|| Arc::new(vec![a.describe.clone()]))));
                        }
                        first = Some(v);
                        break;
                    }
                }
            }
        }
        Ok(match a.kind {
            AggKind::Any => match unknown {
                Some(m) => Value::Unknown(m),
                None => Value::Bool(false),
            },
            AggKind::All => match (all, unknown) {
                (false, _) => Value::Bool(false),
                (true, Some(m)) => Value::Unknown(m),
                (true, None) => Value::Bool(true),
            },
            _ if unknown.is_some() && a.kind != AggKind::First => Value::Unknown(unknown.unwrap_or_default()),
            AggKind::Count => Value::Int(count),
            AggKind::Sum => {
                if dec {
                    Value::Dec(sum_d)
                } else {
                    Value::Int(sum_i)
                }
            }
            // Exact: a mean that does not end (of 1, 1 and 2) is rounded to the 28 significant
            // digits a decimal holds, the same everywhere.
            AggKind::Average if count == 0 => Value::None,
            AggKind::Average => {
                let total = if dec { sum_d } else { Decimal::from(sum_i) };
                Value::Dec(total.checked_div(Decimal::from(count)).ok_or_else(|| self.overflow_in(a))?)
            }
            AggKind::Min | AggKind::Max => best.unwrap_or(Value::None),
            AggKind::First => match first {
                Some(v) => v,
                None => Value::Unknown(match unknown {
                    // A list written out (`[presensi]`) holds what it holds: only its undecided
                    // items are missing. A list of the facts may lack the item sought.
                    Some(m) if matches!(a.list.kind, CK::List(_)) => m,
                    Some(m) => merge_missing(&m, &Arc::new(vec![self.path_of(&a.list)])),
                    None => Arc::new(vec![self.describe_first_at(a, depth)]),
                }),
            },
        })
    }

    /// `count(…)`, `min(…)` or `max(…)` compared while some items are undecided: the decided
    /// items may settle it (`count(xs where …) >= 1` holds once a known item matches, and
    /// `min(…) < 60` once a known item is below 60). `None` when they do not.
    fn bounded_cmp(&mut self, op: CmpOp, a: &'c CExpr, b: &'c CExpr) -> R<Option<Tri>> {
        let (bounded, other, op) = if bounded_agg(self.c, a).is_some() {
            (a, b, op)
        } else if bounded_agg(self.c, b).is_some() {
            (b, a, op.mirrored())
        } else {
            return Ok(None);
        };
        let k = self.eval(other)?;
        if matches!(k, Value::Unknown(_) | Value::None) {
            return Ok(None);
        }
        let Some((lo, hi)) = self.bounds_of(bounded)? else { return Ok(None) };
        Ok(decided_between(op, lo.as_ref(), hi.as_ref(), &k).map(|b| if b { Tri::True } else { Tri::False }))
    }

    /// An `in` test `t` left unknown, settled where the sanction's possible levels or an
    /// aggregate's known items decide it.
    fn settle_in(&mut self, a: &'c CExpr, b: &'c CExpr, negate: bool, t: Tri) -> R<Tri> {
        if !matches!(t, Tri::Unknown(_)) {
            return Ok(t);
        }
        if reads_level(self.c, a) {
            return self.level_in(a, b, negate, t);
        }
        if bounded_agg(self.c, a).is_some() {
            if let Some(decided) = self.bounded_in(a, b)? {
                return Ok(decided.negated_if(negate));
            }
        }
        Ok(t)
    }

    /// `count(…) in 0..2` or `in [0, 1]` while some items are undecided: as [`Ev::bounded_cmp`].
    fn bounded_in(&mut self, a: &'c CExpr, set: &'c CExpr) -> R<Option<Tri>> {
        let Some((lo, hi)) = self.bounds_of(a)? else { return Ok(None) };
        let (lo, hi) = (lo.as_ref(), hi.as_ref());
        let decided = match &set.kind {
            CK::Range(x, y, excl) => {
                let (x, y) = (self.eval(x)?, self.eval(y)?);
                let upper = if *excl { CmpOp::Lt } else { CmpOp::Le };
                match (decided_between(CmpOp::Ge, lo, hi, &x), decided_between(upper, lo, hi, &y)) {
                    (Some(false), _) | (_, Some(false)) => Some(false),
                    (Some(true), Some(true)) => Some(true),
                    _ => None,
                }
            }
            _ => match self.eval(set)? {
                Value::List(items) => {
                    let each: Vec<Option<bool>> = items.iter().map(|k| decided_between(CmpOp::Eq, lo, hi, k)).collect();
                    // Every count it can be is in the list (`in [1, 2]` for 1 or 2).
                    let covered = match (lo, hi) {
                        (Some(Value::Int(a)), Some(Value::Int(b))) if b.saturating_sub(*a) <= 10_000 => {
                            (*a..=*b).all(|n| items.iter().any(|k| order(&Value::Int(n), k) == Some(Ordering::Equal)))
                        }
                        _ => false,
                    };
                    if each.contains(&Some(true)) || covered {
                        Some(true)
                    } else if each.iter().all(|e| *e == Some(false)) {
                        Some(false)
                    } else {
                        None
                    }
                }
                _ => None,
            },
        };
        Ok(decided.map(|b| if b { Tri::True } else { Tri::False }))
    }

    /// What the items decided so far say of an undecided `count`, `sum`, `min` or `max` (also through a
    /// `let`): the lowest and highest value it can have, `None` for no bound that way. `None`
    /// when `e` is no such aggregate or its list itself is unknown.
    pub(crate) fn bounds_of(&mut self, e: &'c CExpr) -> R<Option<(Option<Value>, Option<Value>)>> {
        let Some((a, base)) = bounded_agg_at(self.c, e) else { return Ok(None) };
        // An aggregate of a `let` goes over its items at the `let`'s depth, as when the `let` is
        // worked out (inside another aggregate's loop too).
        match base {
            Some(base) => self.at_base(base, e, |ev| ev.bounds_over(a)),
            None => self.bounds_over(a),
        }
    }

    /// The value of `e` for an aside of an explanation (how a parameter was worked out), when
    /// working it out cannot change the evaluation: a `let` only once the decision has worked it
    /// out; an aggregate or lookup without helpers, worked out without spending the list visits
    /// left. `None` for anything else, or for what fails.
    pub(crate) fn value_aside(&mut self, e: &'c CExpr) -> Option<Value> {
        if let Root::Let(i) = e.root {
            // Not worked out by the decision (an `if` branch not taken): not worked out here.
            self.lets.get(i)?.as_ref()?;
        }
        fn calls_helper(e: &CExpr) -> bool {
            let mut found = matches!(e.kind, CK::Helper(..));
            e.kind.for_each_child(&mut |c| found = found || calls_helper(c));
            found
        }
        if calls_helper(e) {
            return None;
        }
        let visits = self.visits_left;
        let v = self.eval(e).ok();
        self.visits_left = visits;
        v
    }

    /// Runs `f` with exactly `base` aggregate items in scope (those of the loops around it set
    /// apart, or placeholders below `base`, which what is worked out at `base` never reads), then
    /// puts back the items as they were. `placeholder` is any expression of the policy.
    fn at_base<T>(&mut self, base: usize, placeholder: &'c CExpr, f: impl FnOnce(&mut Self) -> R<T>) -> R<T> {
        let depth = self.locals.len();
        if depth == base {
            // Already so (a policy's `let` first needed outside any loop): nothing to set apart.
            let result = f(self);
            self.locals.truncate(base);
            return result;
        }
        if base == 0 {
            // A policy's `let` first needed inside a loop: the loops' items are set apart whole.
            let outer = std::mem::take(&mut self.locals);
            let result = f(self);
            self.locals = outer;
            return result;
        }
        let above: SmallVec<[Local<'c>; 2]> = self.locals.drain(base.min(depth)..).collect();
        while self.locals.len() < base {
            self.locals.push(Local { items: Items::Facts(&[]), list: placeholder, index: 0 });
        }
        let result = f(self);
        self.locals.truncate(base.min(depth));
        self.locals.extend(above);
        result
    }

    /// The bounds of a `count`, `sum`, `min` or `max` whose items are not all decided.
    fn bounds_over(&mut self, a: &'c AggIR) -> R<Option<(Option<Value>, Option<Value>)>> {
        if a.kind == AggKind::Sum {
            return self.sum_bounds(a);
        }
        let found = self.over_items(a, |ev, len, depth| {
            let mut passing: i64 = 0;
            let mut undecided: i64 = 0;
            let mut best: Option<Value> = None;
            for index in 0..len {
                if let Some(local) = ev.locals.get_mut(depth) {
                    local.index = index;
                }
                match a.filter.as_ref().map(|f| ev.test(f)).transpose()? {
                    None | Some(Tri::True) => {}
                    Some(Tri::Unknown(_)) => {
                        undecided += 1;
                        continue;
                    }
                    Some(Tri::False | Tri::Other) => continue,
                }
                if a.kind == AggKind::Count {
                    passing = passing.saturating_add(1);
                    continue;
                }
                let v = match &a.map {
                    Some(m) => ev.eval(m)?,
                    None => ev.locals.get(depth).and_then(Local::value).cloned().unwrap_or(Value::None),
                };
                let wanted = if a.kind == AggKind::Min { Ordering::Less } else { Ordering::Greater };
                match v {
                    Value::Unknown(_) => undecided += 1,
                    Value::None => {}
                    v if best.as_ref().is_none_or(|b| compare(&v, b) == Some(wanted)) => best = Some(v),
                    _ => {}
                }
            }
            Ok(match a.kind {
                AggKind::Count => {
                    Some((Some(Value::Int(passing)), Some(Value::Int(passing.saturating_add(undecided)))))
                }
                // An undecided item can only lower a minimum or raise a maximum.
                AggKind::Min => best.map(|b| (None, Some(b))),
                _ => best.map(|b| (Some(b), None)),
            })
        })?;
        Ok(found.ok().flatten())
    }

    /// The bounds of a `sum` whose items are not all decided: the numbers known added up, and
    /// for each undecided item what it can add. An item whose condition is undecided adds
    /// nothing or its number (the number when it is known, else anything the field's declared
    /// range allows); a counted item whose number is missing adds anything in that range. So
    /// with `jp: int >= 0`, trainings known to add up to 24 hours make the sum at least 24,
    /// whatever the year of another one. `None` when neither bound is known.
    fn sum_bounds(&mut self, a: &'c AggIR) -> R<Option<(Option<Value>, Option<Value>)>> {
        let Some(map) = a.map.as_ref() else { return Ok(None) };
        let declared = declared_range(map);
        let found = self.over_items(a, |ev, len, depth| {
            // `None`: no bound that way (or one too large to add up).
            let mut lo = Some(Decimal::ZERO);
            let mut hi = Some(Decimal::ZERO);
            let add = |bound: &mut Option<Decimal>, d: Option<Decimal>| {
                *bound = bound.and_then(|b| b.checked_add(d?));
            };
            for index in 0..len {
                if let Some(local) = ev.locals.get_mut(depth) {
                    local.index = index;
                }
                let counted = match a.filter.as_ref().map(|f| ev.test(f)).transpose()? {
                    None | Some(Tri::True) => true,
                    Some(Tri::Unknown(_)) => false,
                    Some(Tri::False | Tri::Other) => continue,
                };
                // A counted item's number is worked out as the sum works it out; an undecided
                // one's only read where it is a path (nothing is worked out that the sum would not).
                let known = if counted {
                    match ev.eval(map)? {
                        Value::Unknown(_) => None,
                        v => Some(v.as_dec().unwrap_or(Decimal::ZERO)),
                    }
                } else {
                    ev.peek(map).and_then(Value::as_dec)
                };
                let (least, most) = match (known, counted) {
                    (Some(d), true) => (Some(d), Some(d)),
                    (Some(d), false) => (Some(d.min(Decimal::ZERO)), Some(d.max(Decimal::ZERO))),
                    (None, true) => declared,
                    (None, false) => {
                        (declared.0.map(|m| m.min(Decimal::ZERO)), declared.1.map(|m| m.max(Decimal::ZERO)))
                    }
                };
                add(&mut lo, least);
                add(&mut hi, most);
            }
            let as_value = |d: Decimal| match map.ty {
                Ty::Int => i64::try_from(d).ok().map(Value::Int),
                _ => Some(Value::Dec(d)),
            };
            Ok(match (lo.and_then(as_value), hi.and_then(as_value)) {
                (None, None) => None,
                bounds => Some(bounds),
            })
        })?;
        Ok(found.ok().flatten())
    }

    /// The item that decides an `any` that holds or an `all` that fails (`e`, also through a
    /// `let`): the first whose filter holds, or fails; with its path (`pelanggaran[0]`), for an
    /// explanation to name the record behind a decision (which violation, which sanction).
    pub(crate) fn deciding_item(&mut self, e: &'c CExpr, holds: bool) -> R<Option<(String, Value, &'c Ty)>> {
        let (named, base) = named_at(self.c, e);
        let CK::Agg(a) = &named.kind else { return Ok(None) };
        let want = match (a.kind, holds, &a.filter) {
            (AggKind::Any, true, Some(_)) => true,
            (AggKind::All, false, Some(_)) => false,
            _ => return Ok(None),
        };
        let Ty::List(item_ty) = &a.list.ty else { return Ok(None) };
        let found = self.at_base(base.unwrap_or(self.locals.len()), &a.list, |ev| {
            ev.over_items(a, |ev, len, depth| {
                for index in 0..len {
                    if let Some(local) = ev.locals.get_mut(depth) {
                        local.index = index;
                    }
                    let pass = match &a.filter {
                        Some(f) => ev.test(f)?,
                        None => Tri::True,
                    };
                    if matches!((&pass, want), (Tri::True, true) | (Tri::False, false)) {
                        let item = ev.locals.get(depth).and_then(Local::value).cloned().unwrap_or(Value::None);
                        return Ok(Some((index, item)));
                    }
                }
                Ok(None)
            })
        })?;
        Ok(match found {
            Ok(Some((index, item))) => Some((format!("{}[{index}]", self.path_of(&a.list)), item, item_ty.as_ref())),
            _ => None,
        })
    }

    /// [`Ev::describe_first`], with the filter's value worked out where it is one comparison
    /// of the item with a value that is not (`kinerja[where tahun == 2025]`, not `tahun ==
    /// tahun_ini`): the record sought, as a reader names it.
    fn describe_first_at(&mut self, a: &'c AggIR, depth: usize) -> String {
        let described = self.describe_first(a);
        let Some(CK::Cmp(op, l, r)) = a.filter.as_ref().map(|f| &f.kind) else { return described };
        let (item_side, value_side, op) = match (reads_local(l, depth), reads_local(r, depth)) {
            (true, false) => (l, r, *op),
            (false, true) => (r, l, op.mirrored()),
            _ => return described,
        };
        // The value side is worked out as the filter works it out (its `let`s once, as before).
        let Ok(value) = self.eval(value_side) else { return described };
        if matches!(value, Value::Unknown(_) | Value::None) || matches!(value_side.kind, CK::Const(_)) {
            return described;
        }
        let item = item_side.span.text(&self.c.source);
        let Some(open) = described.find('[') else { return described };
        let word = described.get(open + 1..).and_then(|w| w.split_whitespace().next()).unwrap_or("where");
        let head = described.get(..open).unwrap_or(&described);
        format!("{head}[{word} {item} {} {}]", op.symbol(), explain::show(&value, &value_side.ty))
    }

    fn describe_first(&self, a: &AggIR) -> String {
        let base = self.path_of(&a.list);
        match a.describe.find('[') {
            Some(i) => format!("{base}{}", a.describe.get(i..).unwrap_or("")),
            None => base,
        }
    }

    // ---------------------------------------------------------------- rules

    fn in_effect(&self, r: &RuleIR) -> bool {
        r.from.is_none_or(|f| self.as_of >= f) && r.until.is_none_or(|u| self.as_of <= u)
    }

    /// Evaluates `and`-ed conditions left to right; a false one decides.
    fn conds(&mut self, conds: &'c [Cond]) -> R<Tri> {
        let mut all = Tri::True;
        for c in conds {
            match self.test(&c.expr)? {
                Tri::False => return Ok(Tri::False),
                t => all = all.and(t),
            }
        }
        Ok(all)
    }

    pub(crate) fn outcome_params(&mut self, o: &'c OutcomeIR) -> R<(Params, Paths)> {
        if let Some(fixed) = &o.fixed {
            return Ok((fixed.clone(), Paths::default()));
        }
        let mut values: ArgValues = SmallVec::with_capacity(o.args.len());
        let mut missing: Vec<String> = Vec::new();
        for (_, e) in &o.args {
            let v = self.eval(e)?;
            if let Value::Unknown(m) = &v {
                // Several parameters worked out from one missing fact name it once.
                crate::value::add_missing(&mut missing, m);
            }
            values.push(v);
        }
        let params = ParamsCache::get_or_build(o, values, |values| {
            Arc::new(o.args.iter().zip(values).map(|((name, e), v)| (name.clone(), value_json(v, &e.ty))).collect())
        });
        Ok((params, Paths::from(missing)))
    }

    fn candidate(&mut self, rule: usize, row: Option<usize>, o: &'c OutcomeIR, cond: &Tri) -> R<Candidate<'c>> {
        let (params, missing) = match cond {
            Tri::True => self.outcome_params(o)?,
            // Undetermined: its parameters when they can be worked out, so that a rule below it
            // giving the same ones still decides the outcome (see `combine`).
            Tri::Unknown(_) => {
                let params = match &o.fixed {
                    Some(fixed) => fixed.clone(),
                    None => match self.outcome_params(o) {
                        Ok((p, m)) if m.is_empty() => p,
                        _ => self.c.no_params.clone(),
                    },
                };
                (params, cond.missing())
            }
            _ => (self.c.no_params.clone(), cond.missing()),
        };
        Ok(Candidate {
            rule,
            row,
            known: missing.is_empty() && matches!(cond, Tri::True),
            kind: o.kind,
            out: o,
            params,
            missing,
        })
    }

    pub fn rule(&mut self, i: usize) -> R<&RuleResult<'c>> {
        match self.rules.get(i) {
            Some(RuleState::Done(_)) => {}
            Some(RuleState::InProgress) => {
                return Err(limit(
                    "rules depend on each other in a cycle".into(),
                    "aturan saling bergantung dalam siklus".into(),
                ))
            }
            _ => {
                if let Some(s) = self.rules.get_mut(i) {
                    *s = RuleState::InProgress;
                }
                // Like a `let`, a rule is worked out on its own, even when first needed inside
                // an aggregate's loop (`any(pelatihan where reward tpp)`).
                let outer = std::mem::take(&mut self.locals);
                let result = self.compute_rule(i);
                self.locals = outer;
                // A rule that fails is pending again: when an explanation reached it first (and
                // noted the error), the decision's own evaluation of it gives the error itself,
                // not a cycle.
                if result.is_err() {
                    if let Some(s) = self.rules.get_mut(i) {
                        *s = RuleState::Pending;
                    }
                }
                let result = result?;
                if let Some(s) = self.rules.get_mut(i) {
                    *s = RuleState::Done(result);
                }
            }
        }
        match self.rules.get(i) {
            Some(RuleState::Done(r)) => Ok(r),
            _ => Err(limit(format!("no rule #{i}"), format!("tidak ada aturan #{i}"))),
        }
    }

    fn compute_rule(&mut self, i: usize) -> R<RuleResult<'c>> {
        let c = self.c;
        let Some(r) = c.rules.get(i) else {
            return Ok(RuleResult {
                applies: Truth::False,
                missing: Paths::default(),
                candidates: Cands::new(),
                trace: None,
            });
        };
        if !self.in_effect(r) {
            let trace = self.explain.then(|| Box::new(explain::not_in_effect(self, r)));
            return Ok(RuleResult {
                applies: Truth::False,
                missing: Paths::default(),
                candidates: Cands::new(),
                trace,
            });
        }
        match &r.body {
            Body::Rule { when, outcome } => {
                let v = self.conds(when)?;
                let mut candidates = Cands::new();
                if let (true, Some(outcome)) = (v.may_hold(), outcome) {
                    candidates.push(self.candidate(i, None, outcome, &v)?);
                }
                let trace = if self.explain {
                    let whole = v.clone().value();
                    let trace = explain::in_rule_period(self, i, r, |ev| {
                        explain::rule_trace(ev, i, r, when, &whole, candidates.first())
                    })?;
                    Some(Box::new(trace))
                } else {
                    None
                };
                Ok(RuleResult { applies: v.truth(), missing: v.missing(), candidates, trace })
            }
            Body::Table { when, hit, inputs, rows } => {
                let gate = self.conds(when)?;
                let mut candidates = Cands::new();
                let mut applies = Tri::False;
                let mut row_truths: Vec<Value> = Vec::new();
                // For the explanation: the rows whose cells all hold (the first one under `hit
                // first`), also while the table's `when` is unknown.
                let mut cells_hold: Vec<usize> = Vec::new();
                let mut cells_unsure = false;
                if gate.may_hold() {
                    let mut earlier_unknown: Option<Missing> = None;
                    // How many rows above are undetermined (with an outcome or `none`).
                    let mut earlier_unknown_rows = 0usize;
                    for (ri, row) in rows.iter().enumerate() {
                        let mut v = gate.clone();
                        let mut hold = true;
                        for (cell, _) in &row.cells {
                            if let CellIR::Test(test) = cell {
                                match self.test(test)? {
                                    Tri::True => {}
                                    Tri::False | Tri::Other => {
                                        v = Tri::False;
                                        hold = false;
                                        break;
                                    }
                                    unknown @ Tri::Unknown(_) => {
                                        v = v.and(unknown);
                                        hold = false;
                                    }
                                }
                            }
                        }
                        if self.explain {
                            row_truths.push(v.clone().value());
                            // Under `hit first` and a `when` not known, a row below one whose
                            // cells are undecided is not named as the one that matches (with
                            // `when` known, it is, with the earlier row undetermined).
                            let first_ok = cells_hold.is_empty() && !(cells_unsure && matches!(gate, Tri::Unknown(_)));
                            if hold && (*hit == HitPolicy::Collect || first_ok) {
                                cells_hold.push(ri);
                            }
                            cells_unsure |= !hold && !matches!(v, Tri::False);
                        }
                        if matches!(v, Tri::False) {
                            continue;
                        }
                        let mut effective = match (&v, &earlier_unknown, hit) {
                            (Tri::True, Some(m), HitPolicy::First) => Tri::Unknown(m.clone()),
                            _ => v.clone(),
                        };
                        // Every undetermined row above gives this very outcome: whichever of them
                        // matches, the outcome is the same, so it is known.
                        if let (Tri::True, Tri::Unknown(_), Some(o)) = (&v, &effective, &row.outcome) {
                            let mine = self.candidate(i, Some(ri), o, &Tri::True)?;
                            let above = candidates.iter().filter(|c| !c.known);
                            if earlier_unknown_rows == above.clone().count()
                                && above.into_iter().all(|c| {
                                    c.kind == mine.kind && c.out.code == mine.out.code && *c.params == *mine.params
                                })
                            {
                                effective = Tri::True;
                            }
                        }
                        if let Some(o) = &row.outcome {
                            candidates.push(self.candidate(i, Some(ri), o, &effective)?);
                            applies = applies.or(effective);
                        }
                        match (&v, hit) {
                            (Tri::True, HitPolicy::First) => break,
                            (Tri::True, HitPolicy::Collect) => {}
                            (Tri::Unknown(m), _) => {
                                earlier_unknown_rows += 1;
                                earlier_unknown = Some(match earlier_unknown {
                                    Some(x) => merge_missing(&x, m),
                                    None => m.clone(),
                                });
                            }
                            _ => {}
                        }
                    }
                }
                let trace = if self.explain {
                    let gate = gate.value();
                    let trace = explain::in_rule_period(self, i, r, |ev| {
                        explain::table_trace(ev, r, when, inputs, rows, &gate, &row_truths, &cells_hold, &candidates)
                    })?;
                    Some(Box::new(trace))
                } else {
                    None
                };
                Ok(RuleResult { applies: applies.truth(), missing: applies.missing(), candidates, trace })
            }
        }
    }

    /// The candidates of rule `i` after its exceptions: replaced when an exception applies,
    /// undetermined when one might.
    fn resolved(&mut self, i: usize) -> R<Resolved<'c>> {
        let cands = self.rule(i)?.candidates.clone();
        self.apply_exceptions(i, cands)
    }

    /// Like [`Ev::resolved`], but moves the candidates out: for the final combining step, after
    /// which no rule reads them again.
    fn resolved_final(&mut self, i: usize) -> R<Resolved<'c>> {
        self.rule(i)?;
        let cands = self
            .rules
            .get_mut(i)
            .and_then(|s| match s {
                RuleState::Done(r) => Some(std::mem::take(&mut r.candidates)),
                _ => None,
            })
            .unwrap_or_default();
        self.apply_exceptions(i, cands)
    }

    fn apply_exceptions(&mut self, i: usize, mut cands: Cands<'c>) -> R<Resolved<'c>> {
        let c = self.c;
        let mut replaced = Vec::new();
        let excs: &[usize] = c.exceptions.get(i).map(Vec::as_slice).unwrap_or(&[]);
        if excs.is_empty() {
            return Ok((cands, replaced));
        }
        let mut maybe: Vec<String> = Vec::new();
        // An exception replaces the base when it applies, or when an exception to it does (an
        // exception's exceptions stand in for it): the rules below the base are looked at, each
        // once, nearest first. A rule is an exception to one rule at most and rings are refused
        // when the policy compiles, so the rules below a base form a tree and none comes twice
        // (the count is a guard all the same).
        let mut todo: Vec<usize> = excs.to_vec();
        let mut left = c.rules.len();
        while let Some(e) = todo.pop() {
            if left == 0 {
                break;
            }
            left -= 1;
            let res = self.rule(e)?;
            match res.applies {
                Truth::True => {
                    for cand in cands.drain(..) {
                        if cand.known {
                            replaced.push((cand, e));
                        }
                    }
                    return Ok((Cands::new(), replaced));
                }
                Truth::Unknown => {
                    crate::value::add_missing(&mut maybe, &res.missing);
                    if self.explain && !self.unsure_exceptions.contains(&(i, e)) {
                        self.unsure_exceptions.push((i, e));
                    }
                }
                Truth::False => {}
            }
            todo.extend(c.exceptions.get(e).map(Vec::as_slice).unwrap_or(&[]).iter().rev());
        }
        if !maybe.is_empty() {
            for cand in &mut cands {
                cand.known = false;
                for m in &maybe {
                    if !cand.missing.contains(m) {
                        cand.missing.push(m.clone());
                    }
                }
            }
        }
        Ok((cands, replaced))
    }

    /// The first of rule `i`'s exceptions that applies, if one does.
    fn applying_exception(&mut self, i: usize) -> R<Option<usize>> {
        let c = self.c;
        for &x in c.exceptions.get(i).map(Vec::as_slice).unwrap_or_default() {
            if self.rule(x)?.applies == Truth::True {
                return Ok(Some(x));
            }
        }
        Ok(None)
    }

    /// Whether this decision gives an outcome: true, false, or unknown while a rule that could
    /// give it is undetermined.
    #[inline(never)]
    fn given(&mut self, kind: OutcomeKind, id: usize, code: &str) -> R<Value> {
        if kind == OutcomeKind::Sanction && self.c.strategies.first() == Some(&Strategy::Heaviest) {
            return Ok(match self.sanction_value()? {
                Value::Record(f) => Value::Bool(matches!(f.first(), Some(Value::Text(c)) if &**c == code)),
                // A heavier sanction than the one imposed is undetermined: the sanction is the one
                // imposed or one of those. A code that is none of them (a lighter one, set aside)
                // is not imposed, whatever the missing facts say.
                Value::Unknown(m) => {
                    let all = self.sanction.as_ref().map(|(_, all)| all.as_slice()).unwrap_or_default();
                    let (imposed, heavier) = imposed_and_heavier(self.c.severity.as_ref(), all);
                    let possible = imposed.into_iter().chain(heavier).any(|c| &*c.out.code == code);
                    if possible {
                        Value::Unknown(m)
                    } else {
                        Value::Bool(false)
                    }
                }
                _ => Value::Bool(false),
            });
        }
        let producers = self.c.producers.get(id).cloned().unwrap_or_default();
        let mut missing: Vec<String> = Vec::new();
        for p in producers {
            let (cands, _) = self.resolved(p)?;
            for cand in cands.iter().filter(|c| &*c.out.code == code && c.kind == kind) {
                if cand.known {
                    return Ok(Value::Bool(true));
                }
                add_missing(&mut missing, &cand.missing);
            }
        }
        Ok(if missing.is_empty() { Value::Bool(false) } else { Value::Unknown(Arc::new(missing)) })
    }

    /// Whether this decision imposes a sanction: `Some(true)` when one is imposed (whatever the
    /// undetermined ones), `Some(false)` when none is and none is undetermined, `None` otherwise.
    pub(crate) fn sanction_presence(&mut self) -> R<Option<bool>> {
        self.sanction_value()?;
        let all = self.sanction.as_ref().map(|(_, all)| all.as_slice()).unwrap_or_default();
        Ok(if all.iter().any(|c| c.known) {
            Some(true)
        } else if all.is_empty() {
            Some(false)
        } else {
            None
        })
    }

    /// A comparison with `sanction.level` while a sanction heavier than the one imposed is
    /// undetermined: known when it comes out the same for every level the sanction can still
    /// have (`sanction.level >= "sedang"` holds once a sedang one is imposed, whatever heavier
    /// one is undetermined); otherwise `unknown` as it was.
    #[cold]
    #[inline(never)]
    fn level_cmp(&mut self, op: CmpOp, a: &'c CExpr, b: &'c CExpr, unknown: Tri) -> R<Tri> {
        let (ls, rs) = (self.values_of(a)?, self.values_of(b)?);
        Ok(agreed(ls.iter().flat_map(|l| rs.iter().map(move |r| cmp_tri(op, l, r))), unknown))
    }

    /// The values `e` can have: for the sanction's level, every level the sanction can still
    /// have (`none` replaced by the default of `sanction.level otherwise d`); else its value.
    fn values_of(&mut self, e: &'c CExpr) -> R<Vec<Value>> {
        if is_sanction_level(self.c, e) {
            return self.possible_levels();
        }
        match level_default(self.c, e) {
            Some(d) => {
                let mut levels = self.possible_levels()?;
                for level in &mut levels {
                    if matches!(level, Value::None) {
                        *level = self.eval(d)?;
                    }
                }
                Ok(levels)
            }
            None => Ok(vec![self.eval(e)?]),
        }
    }

    /// `sanction.level in [...]` (or a range) while a heavier sanction is undetermined: known
    /// when every level the sanction can still have gives the same answer.
    #[cold]
    #[inline(never)]
    fn level_in(&mut self, level: &'c CExpr, set: &'c CExpr, negate: bool, unknown: Tri) -> R<Tri> {
        let mut answers = Vec::new();
        for level in self.values_of(level)? {
            answers.push(Tri::of(self.member(&level, set)?).negated_if(negate));
        }
        Ok(agreed(answers, unknown))
    }

    /// The levels the sanction of this decision can still have: that of the one imposed (or
    /// none), and those of the undetermined heavier ones.
    pub(crate) fn possible_levels(&mut self) -> R<Vec<Value>> {
        self.sanction_value()?;
        let sev = self.c.severity.as_ref();
        let all = self.sanction.as_ref().map(|(_, all)| all.as_slice()).unwrap_or_default();
        let (imposed, heavier) = imposed_and_heavier(sev, all);
        let level = |c: &Candidate<'_>| Value::Enum(severity_of(sev, &c.out.code).0);
        // Each level once, lightest first (several undetermined sanctions share a level).
        let mut levels: Vec<Value> = Vec::new();
        for v in std::iter::once(imposed.map_or(Value::None, level)).chain(heavier.into_iter().map(level)) {
            if !levels.contains(&v) {
                levels.push(v);
            }
        }
        levels.sort_by_key(|v| match v {
            Value::Enum(i) => i32::from(*i),
            _ => -1,
        });
        Ok(levels)
    }

    /// The sanction imposed (heaviest), as a value rules can read: `none`, a record
    /// `(code, level)`, or unknown when a heavier sanction is undetermined.
    #[inline(never)]
    fn sanction_value(&mut self) -> R<Value> {
        if let Some((v, _)) = &self.sanction {
            return Ok(v.clone());
        }
        if self.computing_sanction {
            return Err(limit(
                "rules depend on the sanction in a cycle".into(),
                "aturan bergantung pada sanksi dalam siklus".into(),
            ));
        }
        self.computing_sanction = true;
        let mut all = Vec::new();
        for &i in &self.c.sanction_rules {
            let (cands, _) = self.resolved(i)?;
            all.extend(cands);
        }
        self.computing_sanction = false;
        let sev = self.c.severity.as_ref();
        let (imposed, heavier_unknown) = imposed_and_heavier(sev, &all);
        let v = if !heavier_unknown.is_empty() {
            let mut m: Vec<String> = Vec::new();
            for c in &heavier_unknown {
                add_missing(&mut m, &c.missing);
            }
            Value::Unknown(Arc::new(m))
        } else {
            match imposed {
                Some(c) => {
                    let level = severity_of(sev, &c.out.code).0;
                    Value::Record(Arc::from(vec![Value::Text(c.out.code.clone()), Value::Enum(level)]))
                }
                None => Value::None,
            }
        };
        self.sanction = Some((v.clone(), all));
        Ok(v)
    }
}

/// Evaluates a compiled policy for one employee.
pub fn evaluate(c: &Compiled, facts: &Json, opts: &EvalOptions) -> Result<Decision, EvalError> {
    let params = options(c, opts)?;
    let root = read_root(c, facts)?;
    run(c, &root, params, opts)
}

/// Facts checked against the policy's declaration once, to evaluate many times.
pub fn prepare(c: &Compiled, facts: &Json) -> Result<Facts, EvalError> {
    Ok(Facts { root: read_root(c, facts)?, schema: c.facts.clone() })
}

/// Evaluates a compiled policy for one employee's facts from any source.
pub fn evaluate_from<S: FactSource>(c: &Compiled, source: S, opts: &EvalOptions) -> Result<Decision, EvalError> {
    let params = options(c, opts)?;
    let root = read_root(c, source)?;
    run(c, &root, params, opts)
}

/// Facts from any source, checked against the policy's declaration once.
pub fn prepare_from<S: FactSource>(c: &Compiled, source: S) -> Result<Facts, EvalError> {
    Ok(Facts { root: read_root(c, source)?, schema: c.facts.clone() })
}

/// Evaluates prepared facts; they must have been prepared by a policy with the same `facts`.
pub fn evaluate_prepared(c: &Compiled, facts: &Facts, opts: &EvalOptions) -> Result<Decision, EvalError> {
    if !Arc::ptr_eq(&facts.schema, &c.facts) && *facts.schema != *c.facts {
        return Err(EvalError::Option {
            message: Text::new(
                "these facts were prepared for a policy with other declared facts",
                "fakta ini disiapkan untuk kebijakan dengan deklarasi fakta yang lain",
            ),
        });
    }
    let params = options(c, opts)?;
    run(c, &facts.root, params, opts)
}

/// An employee's facts, checked and laid out for one policy's `facts` declaration.
#[derive(Clone)]
pub struct Facts {
    root: Arc<[Value]>,
    schema: Arc<crate::types::RecordDef>,
}

/// The facts by name (`{"status": Enum(0), "tmt_golongan": Date(2021-10-01), …}`), not the
/// whole declaration they were checked against.
impl std::fmt::Debug for Facts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.schema.fields.iter().map(|d| &d.name).zip(self.root.iter())).finish()
    }
}

/// Reads and checks an employee's facts against the policy's declaration.
fn read_root<S: FactSource>(c: &Compiled, source: S) -> Result<Arc<[Value]>, EvalError> {
    Ok(match crate::facts::read(&c.facts, source).map_err(EvalError::Facts)? {
        Value::Record(r) => r,
        _ => Arc::from(Vec::new()),
    })
}

/// See [`crate::Policy::check_options`].
pub fn check_options(c: &Compiled, opts: &EvalOptions) -> Result<(), EvalError> {
    options(c, opts).map(|_| ())
}

/// Checks the date against the policy's period and resolves the parameter values.
fn options<'c>(c: &'c Compiled, opts: &EvalOptions) -> Result<std::borrow::Cow<'c, [Value]>, EvalError> {
    let as_of = opts.as_of;
    // A decision writes its date as `YYYY-MM-DD` and is read back so: years 1 to 9999.
    if !crate::value::in_years(as_of) {
        return Err(EvalError::Option {
            message: Text::new(
                format!("the date {as_of} is not in the years 0001 to 9999"),
                format!("tanggal {as_of} tidak berada dalam tahun 0001 sampai 9999"),
            ),
        });
    }
    if c.effective_from.is_some_and(|f| as_of < f) || c.effective_until.is_some_and(|u| as_of > u) {
        let period = msg::period(c.effective_from, c.effective_until);
        let d = iso_date(as_of);
        return Err(EvalError::Option {
            message: Text::new(
                format!("the policy is not in effect on {d} (it is in effect {})", period.en),
                format!("kebijakan tidak berlaku pada {d} (berlaku {})", period.id),
            ),
        });
    }
    if opts.params.is_empty() {
        return Ok(std::borrow::Cow::Borrowed(&c.param_defaults));
    }
    let mut params: Vec<Value> = c.param_defaults.to_vec();
    // Every wrong parameter is reported at once, in the order given.
    let mut wrong: Vec<(String, Text)> = Vec::new();
    for (name, v) in &opts.params {
        let Some(i) = c.params.iter().position(|p| p.name == *name) else {
            let hint = did_you_mean(name, c.params.iter().map(|p| p.name.as_str()));
            let (en, id) = match hint {
                Some(h) => (format!("; did you mean `{h}`?"), format!("; maksud Anda `{h}`?")),
                None => (String::new(), String::new()),
            };
            wrong.push((
                name.clone(),
                Text::new(
                    format!("the policy has no parameter `{name}`{en}"),
                    format!("kebijakan tidak memiliki parameter `{name}`{id}"),
                ),
            ));
            continue;
        };
        let Some(p) = c.params.get(i) else { continue };
        // A parameter always has a value (its default, or the caller's): `null` is not one.
        if v.is_null() {
            let ty = p.ty.describe();
            wrong.push((
                name.clone(),
                Text::new(
                    format!("parameter `{name}`: expected a value of type {ty}, found null (leave it out for its default)"),
                    format!("parameter `{name}`: seharusnya nilai bertipe {}, ditemukan null (hilangkan untuk memakai bawaannya)", p.ty.describe_id()),
                ),
            ));
            continue;
        }
        match crate::facts::read_value(&p.field(), v) {
            Ok(val) => {
                if let Some(slot) = params.get_mut(i) {
                    *slot = val;
                }
            }
            Err(issue) => {
                // The value found as a fact's is shown: a long text shortened.
                let found_id = issue.found_id.unwrap_or_else(|| issue.found.clone());
                let (expected, found) = (issue.expected, issue.found);
                wrong.push((
                    name.clone(),
                    Text::new(
                        format!("parameter `{name}`: expected {}, found {found}", expected.en),
                        format!("parameter `{name}`: seharusnya {}, ditemukan {found_id}", expected.id),
                    ),
                ));
            }
        }
    }
    if let Some((name, _)) = wrong.first() {
        let join = |f: fn(&Text) -> &str| wrong.iter().map(|(_, t)| f(t)).collect::<Vec<_>>().join("; ");
        return Err(EvalError::Param { name: name.clone(), message: Text::new(join(|t| &t.en), join(|t| &t.id)) });
    }
    Ok(std::borrow::Cow::Owned(params))
}

fn run<'c>(
    c: &'c Compiled,
    root: &'c [Value],
    params: std::borrow::Cow<'c, [Value]>,
    opts: &EvalOptions,
) -> Result<Decision, EvalError> {
    let as_of = opts.as_of;
    let n = c.rules.len();
    if c.helpers.is_some() {
        crate::helpers::start_evaluation(opts.helper_time);
    }
    let mut ev = Ev::start(c, root, params, !opts.params.is_empty(), as_of, opts.explain, opts.lang);
    let decided = (0..n).try_for_each(|i| ev.rule(i).map(|_| ())).and_then(|()| combine(&mut ev));
    decided.map_err(|e| *e)
}

fn outcome_of(cand: &Candidate<'_>) -> Outcome {
    Outcome { kind: cand.kind, params: cand.params.clone(), origin: cand.out.origin.clone() }
}

fn combine<'c>(ev: &mut Ev<'c>) -> R<Decision> {
    let c = ev.c;
    let lang = ev.lang;
    let mut outcomes: Vec<Outcome> = Vec::new();
    let mut set_aside: Vec<SetAside> = Vec::new();
    let mut undetermined: Vec<Undetermined> = Vec::new();
    let mut all: Vec<Candidate<'c>> = Vec::with_capacity(c.rules.len());
    for i in 0..c.rules.len() {
        let (cands, replaced) = ev.resolved_final(i)?;
        for (cand, by) in replaced {
            let by_rule = c.rules.get(by);
            let by_id = by_rule.map(|r| r.id.clone()).unwrap_or_else(|| Arc::from(""));
            // The exception that replaced it may be replaced in turn by one below it that applies.
            let mut last = by;
            for _ in 0..c.rules.len() {
                match ev.applying_exception(last)? {
                    Some(x) => last = x,
                    None => break,
                }
            }
            let reason = match (by_rule.map(|r| &r.body), c.rules.get(last).filter(|_| last != by)) {
                (Some(Body::Rule { outcome: None, .. }), _) => msg::removed_by_exception(&by_id, cand.kind),
                (_, Some(final_rule)) => msg::replaced_through_exceptions(&by_id, &final_rule.id),
                _ => msg::replaced_by_exception(&by_id),
            };
            set_aside.push(SetAside { reason: reason.get(lang).to_string(), by: by_id, outcome: outcome_of(&cand) });
        }
        all.extend(cands);
    }
    let mut undetermined_raw: Vec<&Candidate<'c>> = Vec::new();
    for (k, kind) in OutcomeKind::ALL.iter().enumerate() {
        let strategy = c.strategies.get(k).copied().unwrap_or(Strategy::All);
        let mine = || all.iter().filter(move |x| x.kind == *kind);
        match strategy {
            Strategy::Heaviest => {
                let imposed = mine().filter(|x| x.known).max_by_key(|x| (x.out.rank, std::cmp::Reverse(x.rule)));
                if let Some(imp) = imposed {
                    let imp_out = outcome_of(imp);
                    for other in mine().filter(|x| x.known && !std::ptr::eq(*x, imp)) {
                        let out = outcome_of(other);
                        let reason = if other.out.code == imp.out.code {
                            msg::same_sanction(imp_out.rule())
                        } else {
                            msg::lighter_sanction(out.code(), imp_out.code(), imp_out.rule())
                        };
                        set_aside.push(SetAside {
                            reason: reason.get(lang).to_string(),
                            by: imp.out.origin.rule.clone(),
                            outcome: out,
                        });
                    }
                    outcomes.push(imp_out);
                }
                // Undetermined sanctions heavier than the one imposed are reported as one entry:
                // the heaviest that might be imposed, with every fact that would decide it.
                let imposed_rank = imposed.map(|x| x.out.rank);
                let mut heavier: Vec<&Candidate<'c>> =
                    mine().filter(|x| !x.known && imposed_rank.is_none_or(|r| x.out.rank > r)).collect();
                heavier.sort_by_key(|x| std::cmp::Reverse(x.out.rank));
                if let Some((first, rest)) = heavier.split_first() {
                    let mut missing = first.missing.to_vec();
                    for other in rest {
                        add_missing(&mut missing, &other.missing);
                    }
                    undetermined.push(undetermined_of(first, missing));
                }
            }
            Strategy::All => {
                // Of the rules (or rows) giving one code, the first in the policy that applies
                // counts. One above it that is undetermined leaves the code undetermined, unless
                // it would give the same parameters.
                let start = outcomes.len();
                let mut pending: Vec<&Candidate<'c>> = Vec::new();
                // Codes whose first rule that applies is held up by an undetermined one above it
                // with other parameters: that first rule would count if the one above does not
                // apply, so no later rule can give the code.
                let mut blocked: Vec<&str> = Vec::new();
                for x in mine() {
                    if blocked.contains(&&*x.out.code) {
                        continue;
                    }
                    let earlier =
                        outcomes.get(start..).and_then(|given| given.iter().find(|o| o.code() == &*x.out.code));
                    if let Some(by) = earlier {
                        if x.known {
                            let reason = if *by.params == *x.params {
                                msg::already_given(by.rule())
                            } else {
                                msg::first_counts(by.rule(), &x.out.code)
                            };
                            set_aside.push(SetAside {
                                reason: reason.get(lang).to_string(),
                                by: by.origin.rule.clone(),
                                outcome: outcome_of(x),
                            });
                        }
                        continue;
                    }
                    if !x.known {
                        pending.push(x);
                    } else if pending.iter().any(|u| u.out.code == x.out.code && *u.params != *x.params) {
                        blocked.push(&x.out.code);
                    } else {
                        outcomes.push(outcome_of(x));
                    }
                }
                let given = outcomes.get(start..).unwrap_or_default();
                undetermined_raw
                    .extend(pending.into_iter().filter(|u| !given.iter().any(|o| o.code() == &*u.out.code)));
            }
        }
    }
    for u in undetermined_raw {
        match undetermined.iter_mut().find(|x| x.kind == u.kind && x.code == u.out.code) {
            Some(existing) => {
                add_missing(&mut existing.missing, &u.missing);
                // Several rows of one table might give it (`tpp` at 100 or at 85, the score
                // missing): the table gives it, not its first row.
                if let (Some(r), Some(_)) = (c.rules.get(u.rule), u.row) {
                    let row_of_it = existing.rule.strip_prefix(&*r.id).is_some_and(|rest| rest.starts_with('#'));
                    if row_of_it && *existing.rule != *u.out.origin.rule {
                        existing.rule = r.id.clone();
                    }
                }
            }
            None => undetermined.push(undetermined_of(u, u.missing.to_vec())),
        }
    }
    let explanation = if ev.explain {
        let mut traces = Vec::new();
        for i in 0..c.rules.len() {
            if let Some(mut t) = ev.rule(i)?.trace.as_deref().cloned() {
                // What it gives waits on an exception that might replace it.
                let unsure: Vec<usize> =
                    ev.unsure_exceptions.iter().filter(|(b, _)| *b == i).map(|(_, e)| *e).collect();
                for e in unsure {
                    let missing = ev.rule(e)?.missing.join(", ");
                    let id = c.rules.get(e).map(|r| r.id.clone()).unwrap_or_default();
                    t.summary.push_str("; ");
                    t.summary.push_str(msg::exception_undecided(&id, &missing).get(lang));
                }
                traces.push(t);
            }
        }
        Some(explain::finish(traces, &outcomes, &set_aside, &undetermined, lang))
    } else {
        None
    };
    let params = if ev.params_overridden {
        Arc::new(c.params.iter().zip(ev.params.iter()).map(|(p, v)| (p.name.clone(), value_json(v, &p.ty))).collect())
    } else {
        c.default_params.clone()
    };
    Ok(Decision {
        policy: c.stamp.clone(),
        as_of: as_of_text(ev.as_of),
        params,
        outcomes,
        set_aside,
        undetermined,
        explanation,
    })
}

/// The evaluation date as text, shared by the decisions a thread makes on the same date.
fn as_of_text(d: NaiveDate) -> Arc<str> {
    thread_local! {
        static LAST: std::cell::RefCell<Option<(NaiveDate, Arc<str>)>> = const { std::cell::RefCell::new(None) };
    }
    LAST.with(|last| {
        let mut last = last.borrow_mut();
        match &*last {
            Some((date, text)) if *date == d => text.clone(),
            _ => {
                let text: Arc<str> = Arc::from(iso_date(d));
                *last = Some((d, text.clone()));
                text
            }
        }
    })
}

fn undetermined_of(u: &Candidate<'_>, missing: Vec<String>) -> Undetermined {
    let o = &*u.out.origin;
    let (code, rule, title, source) = (o.code.clone(), o.rule.clone(), o.title.clone(), o.source.clone());
    Undetermined { kind: u.kind, code, rule, title, source, missing }
}

#[cfg(test)]
mod month_tests {
    use super::*;

    /// `full_months` is the most months `m` with `add_months(a, m)` on or before `b` (and the
    /// mirror for `b` before `a`), checked against that definition over many pairs.
    #[test]
    fn full_months_counts_as_add_months_puts_the_anniversaries() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        let by_definition = |a: NaiveDate, b: NaiveDate| -> i64 {
            if b < a {
                let mut m = 0;
                while add_months(b, m + 1).is_some_and(|d| d <= a) {
                    m += 1;
                }
                return -m;
            }
            let mut m = 0;
            while add_months(a, m + 1).is_some_and(|d| d <= b) {
                m += 1;
            }
            m
        };
        let mut a = day(2023, 12, 20);
        while a < day(2024, 4, 5) {
            let mut b = day(2023, 11, 1);
            while b < day(2025, 4, 1) {
                assert_eq!(full_months(a, b), by_definition(a, b), "{a} → {b}");
                b = b.succ_opt().unwrap_or(b);
                b = b.succ_opt().unwrap_or(b);
                b = b.succ_opt().unwrap_or(b);
            }
            a = a.succ_opt().unwrap_or(a);
        }
    }
}
