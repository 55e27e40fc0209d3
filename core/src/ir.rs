//! The compiled form of a policy: names resolved to slots, types checked, literals converted.

use std::sync::Arc;

use aturan_dsl::ast::{AggKind, CmpOp, HitPolicy};
use aturan_dsl::{Span, Text};
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::decision::{Origin, OutcomeKind, Params};
use crate::types::{EnumDef, Ty};
use crate::value::Value;

#[derive(Debug, Clone)]
pub struct CExpr {
    pub kind: CK,
    pub ty: Ty,
    pub span: Span,
    /// How deep evaluating this expression recurses, counting through the `let` values it uses.
    pub depth: u32,
    /// For a path (a fact, parameter, `let` value or aggregate item, and fields below it): where
    /// its value is read from, so that reading it walks no expression tree.
    pub root: Root,
    /// The field slots below `root`, outermost first.
    pub fields: Box<[usize]>,
}

/// Where a path expression starts (see [`CExpr::root`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root {
    /// Not a path.
    None,
    Const,
    Param(usize),
    Let(usize),
    Local(usize),
    Fact(usize),
}

impl CExpr {
    pub fn new(kind: CK, ty: Ty, span: Span) -> CExpr {
        let mut children = 0;
        kind.for_each_child(&mut |c| children = children.max(c.depth));
        let (root, fields): (Root, Box<[usize]>) = match &kind {
            CK::Const(_) => (Root::Const, Box::default()),
            CK::Param(i) => (Root::Param(*i), Box::default()),
            CK::Let(i) => (Root::Let(*i), Box::default()),
            CK::Local(k) => (Root::Local(*k), Box::default()),
            CK::Fact(slot) => (Root::Fact(*slot), Box::default()),
            CK::Field(b, slot, _) if !matches!(b.root, Root::None | Root::Const) => {
                (b.root, b.fields.iter().copied().chain(std::iter::once(*slot)).collect())
            }
            _ => (Root::None, Box::default()),
        };
        CExpr { kind, ty, span, depth: children.saturating_add(1), root, fields }
    }

    /// Whether the value is read in place (a path, a constant, the evaluation date) rather than
    /// worked out.
    pub fn read_in_place(&self) -> bool {
        !matches!(self.root, Root::None) || matches!(self.kind, CK::AsOf)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArOp {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Builtin {
    Year,
    Month,
    FullYears,
    FullMonths,
    DaysBetween,
    AddYears,
    AddMonths,
    AddDays,
    MakeDate,
    Next,
    Previous,
    Min,
    Max,
    Abs,
    Round,
    Floor,
    Ceil,
}

#[derive(Debug, Clone)]
pub enum CK {
    Const(Value),
    Fact(usize),
    Local(usize),
    Param(usize),
    Let(usize),
    AsOf,
    Sanction,
    /// Whether the decision gives this outcome: kind, index into `Compiled::producers`, code.
    Given(OutcomeKind, usize, String),
    /// `.code` (false) or `.level` (true) of the imposed sanction.
    SanctionField(Box<CExpr>, bool),
    Field(Box<CExpr>, usize, String),
    IsAbsent(Box<CExpr>, bool),
    Not(Box<CExpr>),
    Neg(Box<CExpr>),
    And(Box<CExpr>, Box<CExpr>),
    Or(Box<CExpr>, Box<CExpr>),
    Cmp(CmpOp, Box<CExpr>, Box<CExpr>),
    In(Box<CExpr>, Box<CExpr>, bool),
    Arith(ArOp, Box<CExpr>, Box<CExpr>),
    Otherwise(Box<CExpr>, Box<CExpr>),
    If(Box<CExpr>, Box<CExpr>, Box<CExpr>),
    List(Vec<CExpr>),
    Range(Box<CExpr>, Box<CExpr>, bool),
    Builtin(Builtin, Vec<CExpr>),
    Lookup(usize, Box<CExpr>),
    Helper(usize, Vec<CExpr>),
    Agg(Box<AggIR>),
}

impl CK {
    /// Calls `f` with each expression directly inside this one (for an aggregate: its list, value
    /// and condition).
    pub fn for_each_child(&self, f: &mut dyn FnMut(&CExpr)) {
        match self {
            CK::SanctionField(a, _)
            | CK::Field(a, _, _)
            | CK::IsAbsent(a, _)
            | CK::Not(a)
            | CK::Neg(a)
            | CK::Lookup(_, a) => f(a),
            CK::And(a, b)
            | CK::Or(a, b)
            | CK::Cmp(_, a, b)
            | CK::In(a, b, _)
            | CK::Arith(_, a, b)
            | CK::Otherwise(a, b)
            | CK::Range(a, b, _) => {
                f(a);
                f(b);
            }
            CK::If(a, b, c) => {
                f(a);
                f(b);
                f(c);
            }
            CK::List(v) | CK::Builtin(_, v) | CK::Helper(_, v) => v.iter().for_each(f),
            CK::Agg(a) => {
                f(&a.list);
                if let Some(m) = &a.map {
                    f(m);
                }
                if let Some(c) = &a.filter {
                    f(c);
                }
            }
            CK::Const(_)
            | CK::Fact(_)
            | CK::Local(_)
            | CK::Param(_)
            | CK::Let(_)
            | CK::AsOf
            | CK::Sanction
            | CK::Given(..) => {}
        }
    }
}

#[derive(Debug, Clone)]
pub struct AggIR {
    pub kind: AggKind,
    pub list: CExpr,
    pub map: Option<CExpr>,
    pub filter: Option<CExpr>,
    /// `kinerja[where tahun == tahun_ini]`, used as the missing path when `first` finds nothing.
    pub describe: String,
    /// The whole aggregate as written (`sum(pelatihan.jp where …)`), for its errors.
    pub span: Span,
}

/// One `and`-ed part of a condition, with its source text for explanations.
#[derive(Debug, Clone)]
pub struct Cond {
    pub expr: CExpr,
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct OutcomeIR {
    pub kind: OutcomeKind,
    pub code: Arc<str>,
    pub args: Vec<(String, CExpr)>,
    /// The parameters as JSON, when every argument is a constant: shared by every decision.
    pub fixed: Option<Params>,
    /// The code, a sanction's severity level, the rule, title and citation every decision with
    /// this outcome shares.
    pub origin: Arc<Origin>,
    /// Unique in the process: names this outcome in the per-thread cache of recently built
    /// parameters (see `eval::ParamsCache`).
    pub memo: u64,
    /// For a sanction: its rank among all codes (heavier is higher).
    pub rank: u32,
}

#[derive(Debug, Clone)]
pub enum CellIR {
    Any,
    Test(CExpr),
}

#[derive(Debug, Clone)]
pub struct RowIR {
    /// One test per input column; each is a condition over the input (already combined into an expression).
    /// Each cell's test, with the condition it reads as (`presensi.alpa_hari in 0..2`).
    pub cells: Vec<(CellIR, Text)>,
    pub outcome: Option<OutcomeIR>,
    pub line: usize,
    /// `table#row` (rows count from 1), as decisions name the row that gave an outcome.
    pub id: Arc<str>,
}

#[derive(Debug, Clone)]
pub enum Body {
    /// A rule; `outcome` is `None` for `then none`, an exception that gives nothing in place of
    /// its base's outcome.
    Rule {
        when: Vec<Cond>,
        outcome: Option<OutcomeIR>,
    },
    Table {
        when: Vec<Cond>,
        hit: HitPolicy,
        inputs: Vec<(CExpr, String)>,
        rows: Vec<RowIR>,
    },
}

#[derive(Debug, Clone)]
pub struct RuleIR {
    pub id: Arc<str>,
    pub title: Arc<str>,
    pub source: Arc<str>,
    pub kind: OutcomeKind,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub exception_to: Option<usize>,
    pub body: Body,
    pub line: usize,
    /// The codes of the outcomes it gives, each once, in the policy's order.
    pub codes: Vec<Arc<str>>,
}

#[derive(Debug, Clone)]
pub struct ParamIR {
    pub name: String,
    pub ty: Ty,
    pub default: Value,
    /// The bounds a number parameter keeps (`decimal in 0..100`).
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
}

impl ParamIR {
    /// The parameter as a field a caller's value is read into: its type and bounds.
    pub fn field(&self) -> crate::types::FieldDef {
        crate::types::FieldDef {
            name: self.name.clone(),
            ty: self.ty.clone(),
            optional: false,
            min: self.min,
            max: self.max,
            doc: None,
            unique_by: None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct LetIR {
    pub name: String,
    pub expr: CExpr,
    /// How many aggregate items were in scope where `expr` was compiled: the aggregates inside
    /// it number their items from there, so it is worked out with that many (0 for a `let` of
    /// the policy; a part of an aggregate's filter worked out once sits inside that aggregate).
    pub base: usize,
}

#[derive(Debug, Clone)]
pub struct LookupIR {
    pub name: String,
    /// The keys, in the order of the rows: the first that matches gives the value.
    pub entries: Vec<(LookupKey, Value)>,
    pub default: Option<Value>,
}

/// A lookup table's key.
#[derive(Debug, Clone)]
pub enum LookupKey {
    /// `"S1" -> …`
    Is(Value),
    /// `0..4`, `5 ..< 10`, `>= 30`: from `lo` to `hi` (`None`: no bound), each bound included or not.
    Band { lo: Option<(Value, bool)>, hi: Option<(Value, bool)> },
}

impl LookupKey {
    /// Whether `v` is this key, or in its band.
    pub fn matches(&self, v: &Value) -> bool {
        use std::cmp::Ordering::{Equal, Greater, Less};
        // `v` on the right side of a bound: beyond it (`past`), or on it when it is included.
        let side = |bound: &Option<(Value, bool)>, past| {
            bound.as_ref().is_none_or(|(b, included)| match crate::eval::compare(v, b) {
                Some(Equal) => *included,
                Some(o) => o == past,
                None => false,
            })
        };
        match self {
            LookupKey::Is(k) => crate::eval::compare(k, v) == Some(Equal),
            LookupKey::Band { lo, hi } => side(lo, Greater) && side(hi, Less),
        }
    }
}

#[derive(Debug, Clone)]
pub struct HelperIR {
    pub name: String,
    pub params: Vec<Ty>,
    pub result: Ty,
    /// Where the declaration names it.
    pub span: Span,
}

/// The severity order of sanctions: each code's level and its rank among all codes (heavier is higher).
#[derive(Debug, Clone)]
pub struct Severity {
    pub levels: Arc<EnumDef>,
    /// code → (level index, overall rank)
    pub codes: Vec<(String, u16, u32)>,
}

impl Severity {
    pub fn of(&self, code: &str) -> Option<(u16, u32)> {
        self.codes.iter().find(|(c, _, _)| c == code).map(|(_, l, r)| (*l, *r))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    All,
    Heaviest,
}

#[derive(Debug, Clone)]
pub struct ExampleIR {
    pub name: String,
    pub as_of: NaiveDate,
    pub given: serde_json::Value,
    pub params: serde_json::Map<String, serde_json::Value>,
    pub expect: Vec<Expect>,
    /// 1-based line of each expectation.
    pub expect_lines: Vec<usize>,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub enum Expect {
    NoSanction,
    No(OutcomeKind, Option<String>),
    Undetermined(String),
    Outcome(OutcomeKind, String, Vec<(String, serde_json::Value)>),
}
