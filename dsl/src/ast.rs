//! The syntax tree of a policy. Every node that a diagnostic can point at carries its [`Span`].

use crate::span::Span;

#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    pub name: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub name: String,
    pub name_span: Span,
    pub version: Option<String>,
    pub effective: Effective,
    pub description: Option<String>,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Effective {
    pub from: Option<(String, Span)>,
    pub until: Option<(String, Span)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Enum(EnumDecl),
    Facts(RecordType),
    Param(ParamDecl),
    Let(LetDecl),
    Lookup(LookupTable),
    Rule(Rule),
    Table(DecisionTable),
    Severity(Vec<SeverityLevel>),
    Combine(CombineDecl),
    Example(Example),
    Helpers(HelperSource),
    Helper(HelperDecl),
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumDecl {
    pub name: Ident,
    pub ordered: bool,
    pub values: Vec<Ident>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeExpr {
    Named(Ident),
    List(Box<TypeExpr>, Span),
    Record(RecordType),
}

impl TypeExpr {
    pub fn span(&self) -> Span {
        match self {
            TypeExpr::Named(i) => i.span,
            TypeExpr::List(_, s) => *s,
            TypeExpr::Record(r) => r.span,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecordType {
    pub fields: Vec<Field>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: Ident,
    pub optional: bool,
    pub ty: TypeExpr,
    pub constraint: Option<Constraint>,
    /// For a list of records: the field no two items may share (`unique by tahun`).
    pub unique_by: Option<Ident>,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Constraint {
    AtLeast(String, Span),
    Between(String, String, Span),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParamDecl {
    pub name: Ident,
    pub ty: TypeExpr,
    /// Bounds a value must keep (`decimal in 0..100`), the default's and a caller's alike.
    pub constraint: Option<Constraint>,
    pub default: Expr,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LetDecl {
    pub name: Ident,
    /// The value; for a list chosen by a filter, the list.
    pub value: Expr,
    /// `where cond` after the list: the value is the items of the list that match.
    pub filter: Option<LetFilter>,
}

/// The filter of `let pelatihan_ini = pelatihan where tahun == tahun_ini`.
#[derive(Debug, Clone, PartialEq)]
pub struct LetFilter {
    /// `p` in `let x = p in pelatihan where p.tahun == …`; without it, the condition names the
    /// item's fields directly.
    pub binder: Option<Ident>,
    pub cond: Expr,
    /// Whether the keyword is written `yang` (for naming the chosen items as the policy does).
    pub yang: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LookupTable {
    pub name: Ident,
    pub key: TypeExpr,
    pub value: TypeExpr,
    pub rows: Vec<LookupRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LookupRow {
    /// Empty for the `else` row. Each key is a value (`Cell::Compare` with `==`), a range or
    /// another comparison (`>= 30`).
    pub keys: Vec<Cell>,
    pub value: Expr,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeKindAst {
    Sanction,
    Reward,
    Promotion,
    Notice,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeAst {
    pub kind: OutcomeKindAst,
    pub code: Ident,
    pub args: Vec<(Ident, Expr)>,
    pub span: Span,
}

/// What rules and decision tables share: id, title, citation, period, exception and condition.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleHead {
    pub id: Ident,
    pub title: String,
    pub source: Option<String>,
    pub description: Option<String>,
    pub effective: Effective,
    pub exception_to: Option<Ident>,
    pub when: Option<Expr>,
    /// The whole declaration.
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub head: RuleHead,
    /// `None` for `then none`: an exception that sets its base rule's outcome aside and gives
    /// none in its place.
    pub outcome: Option<OutcomeAst>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitPolicy {
    First,
    Collect,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DecisionTable {
    pub head: RuleHead,
    pub hit: HitPolicy,
    /// The input expressions; the header's last cell (the outcome column label) is dropped.
    pub inputs: Vec<Expr>,
    pub header_span: Span,
    pub rows: Vec<TableRow>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TableRow {
    pub cells: Vec<Cell>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Any(Span),
    None(Span),
    Outcome(OutcomeAst),
    Compare(CmpOp, Expr, Span),
    Range(Expr, Expr, bool, Span),
    OneOf(Vec<Expr>, Span),
}

impl Cell {
    pub fn span(&self) -> Span {
        match self {
            Cell::Any(s) | Cell::None(s) | Cell::Compare(_, _, s) | Cell::Range(_, _, _, s) | Cell::OneOf(_, s) => *s,
            Cell::Outcome(o) => o.span,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SeverityLevel {
    pub level: Ident,
    pub codes: Vec<Ident>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CombineDecl {
    pub kind: OutcomeKindAst,
    pub strategy: Ident,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    pub name: String,
    pub as_of: (String, Span),
    pub given: Json,
    pub params: Vec<(Ident, Json)>,
    pub expect: Vec<Expectation>,
    pub span: Span,
}

/// A JSON value written inside a policy (an example's facts).
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    /// The number's exact text.
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expectation {
    NoSanction(Span),
    No(OutcomeKindAst, Option<Ident>, Span),
    Undetermined(Ident),
    Outcome(OutcomeAst),
}

#[derive(Debug, Clone, PartialEq)]
pub enum HelperSource {
    Inline { code: String, span: Span },
    File { path: String, span: Span },
}

#[derive(Debug, Clone, PartialEq)]
pub struct HelperDecl {
    pub name: Ident,
    pub params: Vec<(Ident, TypeExpr)>,
    pub result: TypeExpr,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        }
    }

    /// The same comparison with its sides swapped: `4 <= x` is `x >= 4`.
    /// The comparison that holds where this one does not (`not (a > 3)` is `a <= 3`).
    pub fn negated(self) -> CmpOp {
        match self {
            CmpOp::Eq => CmpOp::Ne,
            CmpOp::Ne => CmpOp::Eq,
            CmpOp::Lt => CmpOp::Ge,
            CmpOp::Le => CmpOp::Gt,
            CmpOp::Gt => CmpOp::Le,
            CmpOp::Ge => CmpOp::Lt,
        }
    }

    pub fn mirrored(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            same => same,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Or,
    And,
    Cmp(CmpOp),
    In,
    NotIn,
    Add,
    Sub,
    Mul,
    Div,
    Otherwise,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggKind {
    Any,
    All,
    Count,
    Sum,
    /// The mean of numbers: `sum / count` as an exact decimal, `none` over no items.
    Average,
    Min,
    Max,
    First,
}

impl AggKind {
    pub fn name(self) -> &'static str {
        match self {
            AggKind::Any => "any",
            AggKind::All => "all",
            AggKind::Count => "count",
            AggKind::Sum => "sum",
            AggKind::Average => "average",
            AggKind::Min => "min",
            AggKind::Max => "max",
            AggKind::First => "first",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
    /// The height of this expression's tree (a literal is 1); bounded by the parser.
    pub depth: u32,
    /// Whether it is written in brackets (`(a or b)`), which its span then includes.
    pub parens: bool,
}

impl Expr {
    /// Builds a node, computing its depth from its direct children.
    pub fn new(kind: ExprKind, span: Span) -> Expr {
        let d = |e: &Expr| e.depth;
        let children = match &kind {
            ExprKind::Field(a, _) | ExprKind::IsAbsent(a, _) | ExprKind::Not(a) | ExprKind::Neg(a) => d(a),
            ExprKind::Binary(_, a, b) | ExprKind::Range(a, b, _) => d(a).max(d(b)),
            ExprKind::If(a, b, c) => d(a).max(d(b)).max(d(c)),
            ExprKind::List(items) | ExprKind::Call(_, items) => items.iter().map(d).max().unwrap_or(0),
            ExprKind::Aggregate(agg) => {
                d(&agg.list).max(agg.map.as_ref().map(d).unwrap_or(0)).max(agg.filter.as_ref().map(d).unwrap_or(0))
            }
            _ => 0,
        };
        Expr { kind, span, depth: children.saturating_add(1), parens: false }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    Bool(bool),
    Number(String),
    Str(String),
    Date(String),
    None,
    Name(String),
    /// The sanction imposed by this decision (after combining).
    Sanction,
    /// Whether this decision gives an outcome: `reward tpp`, `sanction pdhtaps`.
    Given(OutcomeKindAst, Ident),
    Field(Box<Expr>, Ident),
    IsAbsent(Box<Expr>, bool),
    Not(Box<Expr>),
    Neg(Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    List(Vec<Expr>),
    Range(Box<Expr>, Box<Expr>, bool),
    Call(Ident, Vec<Expr>),
    Aggregate(Box<Aggregate>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Aggregate {
    pub kind: AggKind,
    /// `x` in `sum(x.jp for x in list)` / `any(x in list where …)`.
    pub binder: Option<Ident>,
    /// The list, or a path into a list whose tail is a projection (`pelatihan.jp`).
    pub list: Expr,
    /// `expr for x in list`
    pub map: Option<Expr>,
    pub filter: Option<Expr>,
}
