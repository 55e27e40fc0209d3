//! Checking and compilation: resolves every name, checks every type, orders rules that depend on
//! other outcomes, and reports every problem it finds in one pass.

use std::collections::HashMap;
use std::str::FromStr;
use std::sync::Arc;

use aturan_dsl::ast::{self, AggKind, BinOp, CmpOp, Expr, ExprKind, Item, OutcomeKindAst, TypeExpr};
use aturan_dsl::{did_you_mean, Diagnostic, Span, Text};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use crate::bands;
use crate::decision::{Origin, OutcomeKind, Params, PolicyStamp};
use crate::helpers::HelperEngine;
use crate::info::{FactsSchema, LetInfo, ParamInfo, PolicyInfo, RuleInfo};
use crate::ir::*;
use crate::types::{EnumDef, FieldDef, RecordDef, Ty};
use crate::value::{dec_json, earlier, iso_date, later, Value};

/// A policy ready to evaluate.
#[derive(Clone)]
pub struct Compiled {
    pub source: String,
    /// The policy's name, version and hash, as every decision carries them.
    pub stamp: Arc<PolicyStamp>,
    /// The parameters' default values as JSON, shared by decisions that override none.
    pub default_params: Params,
    /// The parameters' default values, in declaration order.
    pub param_defaults: Vec<Value>,
    /// An empty parameter map, shared by outcomes without parameters.
    pub no_params: Params,
    pub info: PolicyInfo,
    pub warnings: Vec<Diagnostic>,
    pub schema_info: FactsSchema,
    pub param_info: Vec<ParamInfo>,
    pub rule_info: Vec<RuleInfo>,
    pub let_info: Vec<LetInfo>,
    pub facts: Arc<RecordDef>,
    pub effective_from: Option<NaiveDate>,
    pub effective_until: Option<NaiveDate>,
    pub params: Vec<ParamIR>,
    pub lets: Vec<LetIR>,
    pub lookups: Vec<LookupIR>,
    pub rules: Vec<RuleIR>,
    /// For each rule, the rules declared as exceptions to it.
    pub exceptions: Vec<Vec<usize>>,
    pub severity: Option<Severity>,
    pub strategies: [Strategy; 4],
    pub examples: Vec<ExampleIR>,
    pub helpers: Option<Arc<HelperEngine>>,
    pub helper_decls: Vec<HelperIR>,
    /// Rules (by index) whose outcomes make up the imposed sanction, in evaluation order.
    pub sanction_rules: Vec<usize>,
    /// For each outcome read by `reward tpp`-style references, the rules that can give it.
    pub producers: Vec<Vec<usize>>,
}

impl Compiled {
    /// A copy whose values that decisions carry (the policy's stamp, the parameters' JSON, each
    /// outcome's origin and fixed parameters, the rules' names) are its own, not shared with
    /// `self`: see [`crate::Policy::replica`]. The rest (expressions, tables, helpers) is shared
    /// or copied as it is; evaluation only reads it.
    pub fn replica(&self) -> Compiled {
        fn text(t: &Arc<str>) -> Arc<str> {
            Arc::from(&**t)
        }
        fn params(p: &Params) -> Params {
            Arc::new((**p).clone())
        }
        fn outcome(o: &mut OutcomeIR) {
            let origin = &*o.origin;
            o.origin = Arc::new(Origin {
                code: text(&origin.code),
                level: origin.level.as_ref().map(text),
                rule: text(&origin.rule),
                title: text(&origin.title),
                source: text(&origin.source),
            });
            o.code = text(&o.code);
            o.fixed = o.fixed.as_ref().map(params);
        }
        let mut c = self.clone();
        c.stamp = Arc::new((*self.stamp).clone());
        c.default_params = params(&self.default_params);
        c.no_params = params(&self.no_params);
        for r in &mut c.rules {
            r.id = text(&r.id);
            r.title = text(&r.title);
            r.source = text(&r.source);
            r.codes = r.codes.iter().map(text).collect();
            match &mut r.body {
                Body::Rule { outcome: o, .. } => o.iter_mut().for_each(outcome),
                Body::Table { rows, .. } => rows.iter_mut().filter_map(|row| row.outcome.as_mut()).for_each(outcome),
            }
        }
        c
    }
}

pub fn compile(source: &str, load: &dyn Fn(&str) -> Result<String, String>) -> Result<Compiled, Vec<Diagnostic>> {
    let policy = aturan_dsl::parse(source)?;
    let mut c = Checker::new(source);
    let compiled = c.policy(&policy, load);
    // A filtered list's condition is checked where it is declared and again wherever an
    // aggregate goes over it: what is said twice at one place is said once.
    let mut seen = std::collections::HashSet::new();
    let diags: Vec<Diagnostic> =
        c.diags.into_iter().filter(|d| seen.insert((d.span.start, d.span.end, d.code, d.message.en.clone()))).collect();
    let (errors, warnings): (Vec<_>, Vec<_>) = diags.into_iter().partition(Diagnostic::is_error);
    match compiled {
        Some(mut compiled) if errors.is_empty() => {
            compiled.warnings = warnings;
            Ok(compiled)
        }
        _ => {
            let mut all = errors;
            all.sort_by_key(|d| d.span.start);
            Err(all)
        }
    }
}

fn t(en: impl Into<String>, id: impl Into<String>) -> Text {
    Text::new(en, id)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Read {
    Sanction,
    Outcome(usize),
}

/// How deep `let` values may be defined in terms of each other (evaluation recurses as deep).
const MAX_LET_CHAIN: usize = 32;
/// How deep expressions may nest, counting through the `let` values they use.
const MAX_NESTED: usize = 100;

enum LetState {
    Unchecked(usize),
    Checking,
    Done(usize, Ty),
}

struct Frame {
    binder: Option<String>,
    item: Ty,
    local: usize,
    record: Option<Arc<RecordDef>>,
    implicit: bool,
}

struct Checker<'s> {
    source: &'s str,
    lines: aturan_dsl::Lines<'s>,
    /// Unknown names met so far (the first hundred get a "did you mean").
    unknown_names: usize,
    diags: Vec<Diagnostic>,
    enums: HashMap<String, Arc<EnumDef>>,
    facts: Arc<RecordDef>,
    params: Vec<ParamIR>,
    let_decls: Vec<&'s ast::LetDecl>,
    let_state: HashMap<String, LetState>,
    lets: Vec<Option<LetIR>>,
    lookups: Vec<(LookupIR, Ty, Ty)>,
    lookup_names: HashMap<String, usize>,
    /// Lookups by a bounded whole-number fact already checked for the keys they lack, as (table,
    /// field): said once.
    lookups_checked: Vec<(usize, String)>,
    helper_decls: Vec<HelperIR>,
    helper_names: HashMap<String, usize>,
    severity: Option<Severity>,
    frames: Vec<Frame>,
    max_locals: usize,
    /// What the expression being checked reads of this decision's own outcomes.
    reads: Vec<Read>,
    let_reads: HashMap<String, Vec<Read>>,
    /// The `let` values and filtered lists being worked out, outermost first: how deep they
    /// nest, and a cycle is named along it.
    let_chain: Vec<String>,
    /// Whether a chain of filtered lists too deep has been said (once is enough).
    deep_lists_said: bool,
    nesting: usize,
    /// Outcomes read by `reward tpp`-style references: (kind, code, where first read).
    outcome_refs: Vec<(OutcomeKind, String, Span)>,
    /// Where each of them is in `outcome_refs`.
    outcome_ref_ids: HashMap<(OutcomeKind, String), usize>,
    /// (kind, code, param) → type, from the first use, to check that parameters agree.
    outcome_params: HashMap<(OutcomeKind, String, String), (Ty, Span)>,
    /// Lists chosen by a filter (`let pelatihan_ini = pelatihan where …`), used as the list of
    /// an aggregate: the aggregate goes over the list they filter, with their filter besides its
    /// own. `false` once their declaration is found wrong (said there once).
    filtered: HashMap<String, (&'s ast::LetDecl, bool)>,
    /// Names are looked up in the frames from this one on: a filtered list's condition, worked
    /// out inside another aggregate, sees only its own item.
    scope_floor: usize,
}

const BUILTINS: &[(&str, &str, Builtin)] = &[
    ("year", "tahun", Builtin::Year),
    ("month", "bulan", Builtin::Month),
    ("full_years", "tahun_penuh", Builtin::FullYears),
    ("full_months", "bulan_penuh", Builtin::FullMonths),
    ("days_between", "hari_antara", Builtin::DaysBetween),
    ("add_years", "tambah_tahun", Builtin::AddYears),
    ("add_months", "tambah_bulan", Builtin::AddMonths),
    ("add_days", "tambah_hari", Builtin::AddDays),
    ("date", "tanggal", Builtin::MakeDate),
    ("next", "berikutnya", Builtin::Next),
    ("previous", "sebelumnya", Builtin::Previous),
    ("min", "min", Builtin::Min),
    ("max", "maks", Builtin::Max),
    ("abs", "mutlak", Builtin::Abs),
    ("round", "bulatkan", Builtin::Round),
    ("floor", "bulatkan_bawah", Builtin::Floor),
    ("ceil", "bulatkan_atas", Builtin::Ceil),
];

impl<'s> Checker<'s> {
    fn new(source: &'s str) -> Self {
        Checker {
            source,
            lines: aturan_dsl::Lines::of(source),
            unknown_names: 0,
            diags: Vec::new(),
            enums: HashMap::new(),
            facts: Arc::new(RecordDef { fields: Vec::new() }),
            params: Vec::new(),
            let_decls: Vec::new(),
            let_state: HashMap::new(),
            lets: Vec::new(),
            lookups: Vec::new(),
            lookup_names: HashMap::new(),
            lookups_checked: Vec::new(),
            helper_decls: Vec::new(),
            helper_names: HashMap::new(),
            severity: None,
            frames: Vec::new(),
            filtered: HashMap::new(),
            deep_lists_said: false,
            scope_floor: 0,
            max_locals: 0,
            reads: Vec::new(),
            let_reads: HashMap::new(),
            let_chain: Vec::new(),
            nesting: 0,
            outcome_refs: Vec::new(),
            outcome_ref_ids: HashMap::new(),
            outcome_params: HashMap::new(),
        }
    }

    fn err(&mut self, code: &'static str, span: Span, msg: Text) {
        self.diags.push(Diagnostic::error(code, span, msg));
    }

    fn err_help(&mut self, code: &'static str, span: Span, msg: Text, help: Option<Text>) {
        let mut d = Diagnostic::error(code, span, msg);
        d.help = help;
        self.diags.push(d);
    }

    fn text(&self, span: Span) -> String {
        crate::explain::one_line(span.text(self.source))
    }

    fn date(&mut self, s: &str, span: Span) -> Option<NaiveDate> {
        match crate::value::parse_iso_date(s) {
            Some(d) => Some(d),
            None => {
                self.err(
                    "bad-date",
                    span,
                    t(format!("`{s}` is not a real date"), format!("`{s}` bukan tanggal yang ada")),
                );
                None
            }
        }
    }

    fn policy(&mut self, p: &'s ast::Policy, load: &dyn Fn(&str) -> Result<String, String>) -> Option<Compiled> {
        // Pass 1: enums, severity, facts.
        for item in &p.items {
            if let Item::Enum(e) = item {
                self.enum_decl(e);
            }
        }
        for item in &p.items {
            if let Item::Severity(levels) = item {
                self.severity_decl(levels);
            }
        }
        let mut facts_seen = false;
        for item in &p.items {
            if let Item::Facts(r) = item {
                if facts_seen {
                    self.err("duplicate", r.span, t("a second `facts` declaration", "deklarasi `fakta` kedua"));
                } else {
                    facts_seen = true;
                    self.facts = self.record_type(r);
                    // A fact named like the evaluation date could never be read: the name is
                    // `as_of` wherever it stands.
                    for f in r.fields.iter().filter(|f| matches!(f.name.name.as_str(), "as_of" | "per_tanggal")) {
                        let n = &f.name.name;
                        self.err_help(
                            "duplicate",
                            f.name.span,
                            t(
                                format!("`{n}` is the evaluation date; a fact cannot be named so"),
                                format!("`{n}` adalah tanggal evaluasi; fakta tidak boleh bernama demikian"),
                            ),
                            Some(t(
                                format!("a condition reading `{n}` reads the date the decision is made for, never this fact: give it another name (`tanggal_data`) and send it so"),
                                format!("kondisi yang membaca `{n}` membaca tanggal keputusan, tidak pernah fakta ini: beri nama lain (`tanggal_data`) dan kirim dengan nama itu"),
                            )),
                        );
                    }
                }
            }
        }
        // Helpers.
        let mut helper_sources = Vec::new();
        for item in &p.items {
            match item {
                Item::Helpers(h) => helper_sources.push(h.clone()),
                Item::Helper(h) => self.helper_decl(h),
                _ => {}
            }
        }
        // The helper files as read, once: the code that runs and the hash are of the same text.
        let mut helper_files = Vec::new();
        let helpers = self.helpers(&helper_sources, load, &mut helper_files);
        // Params, lookups, lets.
        for item in &p.items {
            match item {
                Item::Param(pd) => self.param(pd),
                Item::Lookup(l) => self.lookup(l),
                Item::Let(l) => {
                    if self.hides_a_fact(&l.name, "let", "misal") {
                        continue;
                    }
                    if self.let_state.contains_key(&l.name.name)
                        || self.filtered.contains_key(&l.name.name)
                        || self.name_taken(&l.name.name)
                    {
                        self.err(
                            "duplicate",
                            l.name.span,
                            t(
                                format!("`{}` is already declared", l.name.name),
                                format!("`{}` sudah dideklarasikan", l.name.name),
                            ),
                        );
                    } else if l.filter.is_some() {
                        self.filtered.insert(l.name.name.clone(), (l, true));
                    } else {
                        self.let_state.insert(l.name.name.clone(), LetState::Unchecked(self.let_decls.len()));
                        self.let_decls.push(l);
                        self.lets.push(None);
                    }
                }
                _ => {}
            }
        }
        // Each filtered list is checked where it is declared (before the `let` values, which may
        // go over it); an aggregate over it works it out again over its own item.
        let mut filtered: Vec<(String, Span)> =
            self.filtered.iter().map(|(n, (d, _))| (n.clone(), d.name.span)).collect();
        filtered.sort_by_key(|(_, sp)| sp.start);
        for (name, _) in filtered {
            if !self.filtered.get(&name).is_some_and(|e| e.1) {
                continue;
            }
            let before = self.diags.iter().filter(|d| d.is_error()).count();
            let outer_reads = std::mem::take(&mut self.reads);
            self.filtered_list(&name, 0);
            self.reads = outer_reads;
            let wrong = self.diags.iter().filter(|d| d.is_error()).count() > before;
            if let Some(entry) = self.filtered.get_mut(&name) {
                entry.1 = !wrong;
            }
        }
        for i in 0..self.let_decls.len() {
            if let Some(d) = self.let_decls.get(i) {
                let name = d.name.name.clone();
                self.resolve_let(&name, d.name.span);
            }
        }
        // Rules and tables.
        let mut rules: Vec<RuleIR> = Vec::new();
        let mut rule_spans: Vec<(Span, Option<ast::Ident>)> = Vec::new();
        let mut id_spans: Vec<Span> = Vec::new();
        let mut ids: HashMap<String, Span> = HashMap::new();
        let mut rule_reads: Vec<Vec<Read>> = Vec::new();
        for item in &p.items {
            let head = match item {
                Item::Rule(r) => &r.head,
                Item::Table(tb) => &tb.head,
                _ => continue,
            };
            let id = &head.id;
            if let Some(prev) = ids.get(&id.name) {
                let line = self.lines.line(prev.start);
                self.err_help(
                    "duplicate-rule",
                    id.span,
                    t(
                        format!("rule `{}` is declared twice", id.name),
                        format!("aturan `{}` dideklarasikan dua kali", id.name),
                    ),
                    Some(t(
                        format!("the first `{}` is on line {line}; give each rule its own id", id.name),
                        format!("`{}` pertama ada di baris {line}; beri setiap aturan id sendiri", id.name),
                    )),
                );
            } else {
                ids.insert(id.name.clone(), id.span);
            }
            self.reads.clear();
            let ir = match item {
                Item::Rule(r) => self.rule(r),
                Item::Table(tb) => self.table(tb),
                _ => None,
            };
            if let Some(ir) = ir {
                rule_reads.push(std::mem::take(&mut self.reads));
                rule_spans.push((head.span, head.exception_to.clone()));
                id_spans.push(head.id.span);
                rules.push(ir);
            }
        }
        // Exceptions.
        self.gives_nothing(&mut rules, &rule_spans, &id_spans);
        let mut exceptions = vec![Vec::new(); rules.len()];
        for (i, (_, exc)) in rule_spans.iter().enumerate() {
            let Some(base) = exc else { continue };
            match rules.iter().position(|r| *r.id == *base.name) {
                Some(b) if b == i => {
                    self.err(
                        "exception",
                        base.span,
                        t(
                            "a rule cannot be an exception to itself",
                            "aturan tidak dapat menjadi pengecualian atas dirinya sendiri",
                        ),
                    );
                }
                Some(b) => {
                    let (bk, ik) = (rules.get(b).map(|r| r.kind), rules.get(i).map(|r| r.kind));
                    // (Not taken as an exception then: its outcome standing in for the base's
                    // would make up dependencies, and a cycle, that are not there.)
                    if bk != ik {
                        self.err(
                            "exception",
                            base.span,
                            t(
                                format!(
                                    "`{}` gives a {} but its exception gives a {}",
                                    base.name,
                                    kind_name(bk),
                                    kind_name(ik)
                                ),
                                format!(
                                    "`{}` memberi {} tetapi pengecualiannya memberi {}",
                                    base.name,
                                    kind_name_id(bk),
                                    kind_name_id(ik)
                                ),
                            ),
                        );
                        continue;
                    }
                    if let Some(r) = rules.get_mut(i) {
                        r.exception_to = Some(b);
                    }
                    if let Some(e) = exceptions.get_mut(b) {
                        e.push(i);
                    }
                }
                None => {
                    let names: Vec<&str> = rules.iter().map(|r| &*r.id).collect();
                    let help = suggestion(&base.name, names);
                    self.err_help(
                        "unknown-rule",
                        base.span,
                        t(
                            format!("no rule named `{}`", base.name),
                            format!("tidak ada aturan bernama `{}`", base.name),
                        ),
                        help,
                    );
                }
            }
        }
        self.exception_cycles(&rules, &rule_spans);
        let sanction_rules: Vec<usize> =
            rules.iter().enumerate().filter(|(_, r)| r.kind == OutcomeKind::Sanction).map(|(i, _)| i).collect();
        let producers = self.producers(&rules, &exceptions);
        self.cycles(&rules, &rule_spans, &rule_reads, &sanction_rules, &producers);
        // Combining strategies.
        let mut strategies = [Strategy::All; 4];
        if self.severity.is_some() {
            strategies[0] = Strategy::Heaviest;
        }
        let mut sanctions_combined = false;
        for item in &p.items {
            if let Item::Combine(cd) = item {
                let kind = ast_kind(cd.kind);
                sanctions_combined |= kind == OutcomeKind::Sanction;
                let idx = OutcomeKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
                match cd.strategy.name.as_str() {
                    "all" | "semua" => set_strategy(&mut strategies, idx, Strategy::All),
                    "heaviest" | "terberat" if kind == OutcomeKind::Sanction => {
                        if self.severity.is_none() {
                            self.err(
                                "severity",
                                cd.span,
                                t(
                                    "`heaviest` needs a `severity` declaration",
                                    "`terberat` memerlukan deklarasi `tingkat_sanksi`",
                                ),
                            );
                        }
                        set_strategy(&mut strategies, idx, Strategy::Heaviest);
                    }
                    other => {
                        let sanction = kind == OutcomeKind::Sanction;
                        let (ok, ok_id) = if sanction {
                            ("`heaviest` or `all`", "`terberat` atau `semua`")
                        } else {
                            ("`all`", "`semua`")
                        };
                        let (en, id) = if matches!(other, "heaviest" | "terberat") {
                            (
                                format!("`{other}` combines sanctions only (by the severity order); a {} combines with `all`", kind.as_str()),
                                format!(
                                    "`{other}` hanya untuk sanksi (menurut urutan tingkat); {} digabung dengan `semua`",
                                    crate::messages::kind_word(kind).id
                                ),
                            )
                        } else {
                            (
                                format!("unknown strategy `{other}`; expected {ok}"),
                                format!("strategi `{other}` tidak dikenal; seharusnya {ok_id}"),
                            )
                        };
                        let names: &[&str] =
                            if sanction { &["heaviest", "all", "terberat", "semua"] } else { &["all", "semua"] };
                        let help = suggestion(other, names.iter().copied());
                        self.err_help("combine", cd.strategy.span, t(en, id), help);
                    }
                }
            }
        }
        // Several rules giving sanctions, no severity and no `combine sanction`: every sanction
        // that applies would be imposed at once, which PP 94/2021 does not do.
        let giving_sanctions: Vec<usize> =
            rules.iter().enumerate().filter(|(_, r)| r.kind == OutcomeKind::Sanction).map(|(i, _)| i).collect();
        if self.severity.is_none() && !sanctions_combined && giving_sanctions.len() >= 2 {
            let ids: Vec<String> =
                giving_sanctions.iter().filter_map(|i| rules.get(*i)).map(|r| format!("`{}`", r.id)).collect();
            let span = giving_sanctions.get(1).and_then(|i| rule_spans.get(*i)).map(|s| s.0).unwrap_or_default();
            self.diags.push(
                Diagnostic::warning(
                    "sanctions-combined",
                    span,
                    t(
                        format!("{} give sanctions and there is no `severity` declaration: when several apply, every one is imposed at once", ids.join(", ")),
                        format!("{} memberi sanksi dan tidak ada deklarasi `tingkat_sanksi`: bila beberapa berlaku, semuanya dijatuhkan sekaligus", ids.join(", ")),
                    ),
                )
                .with_help(t(
                    "declare the levels, lightest first (`severity { ringan: teguran_lisan, … }`), to impose only the heaviest; or write `combine sanction: all` to impose them all on purpose",
                    "nyatakan tingkatnya, dari yang teringan (`tingkat_sanksi { ringan: teguran_lisan, … }`), agar hanya yang terberat dijatuhkan; atau tulis `gabung sanksi: semua` untuk menjatuhkan semuanya dengan sengaja",
                )),
            );
        }
        if strategies[0] == Strategy::Heaviest {
            // Every sanction code must have a severity.
            for (i, r) in rules.iter().enumerate() {
                if r.kind != OutcomeKind::Sanction {
                    continue;
                }
                let span = rule_spans.get(i).map(|s| s.0).unwrap_or_default();
                for code in outcome_codes(r) {
                    if self.severity.as_ref().is_some_and(|s| s.of(&code).is_none()) {
                        let names: Vec<String> = self
                            .severity
                            .as_ref()
                            .map(|s| s.codes.iter().map(|c| c.0.clone()).collect())
                            .unwrap_or_default();
                        let help = suggestion(&code, names.iter().map(String::as_str)).or_else(|| {
                            Some(t(
                                "add it to a level of the `severity` declaration",
                                "tambahkan ke salah satu tingkat dalam deklarasi `tingkat_sanksi`",
                            ))
                        });
                        let at = self.code_span(span, &code);
                        self.err_help(
                            "unknown-severity",
                            at,
                            t(
                                format!("sanction `{code}` has no severity level"),
                                format!("sanksi `{code}` tidak memiliki tingkat"),
                            ),
                            help,
                        );
                    }
                }
            }
        }
        // Warnings: lets never used are cheap to find later; warn on rules never in effect.
        let (from, until) = self
            .effective(&p.effective, t("the policy ends before it starts", "kebijakan berakhir sebelum mulai berlaku"));
        // Examples, on dates the policy is in effect.
        let mut examples = Vec::new();
        for item in &p.items {
            if let Item::Example(ex) = item {
                if let Some(e) = self.example(ex, &rules) {
                    // (A period that ends before it starts is said once, not again by every example.)
                    let inverted = matches!((from, until), (Some(f), Some(u)) if f > u);
                    if !inverted && (from.is_some_and(|f| e.as_of < f) || until.is_some_and(|u| e.as_of > u)) {
                        let period = crate::messages::period(from, until);
                        let d = iso_date(e.as_of);
                        self.err(
                            "example-date",
                            ex.as_of.1,
                            t(
                                format!("the example is on {d}, but the policy is in effect {}", period.en),
                                format!("contoh ini bertanggal {d}, padahal kebijakan berlaku {}", period.id),
                            ),
                        );
                    }
                    examples.push(e);
                }
            }
        }

        // A rule whose period lies wholly outside the policy's is never in effect.
        for (r, (span, _)) in rules.iter().zip(&rule_spans) {
            let after = matches!((r.from, until), (Some(a), Some(b)) if a > b);
            let before = matches!((r.until, from), (Some(a), Some(b)) if a < b);
            if after || before {
                let (rule, policy) = (crate::messages::period(r.from, r.until), crate::messages::period(from, until));
                // The rule's first line, not the whole rule.
                self.diags.push(Diagnostic::warning(
                    "never-in-effect",
                    self.first_line(*span),
                    t(
                        format!("`{}` is never in effect: it is in effect {}, the policy {}", r.id, rule.en, policy.en),
                        format!(
                            "`{}` tidak pernah berlaku: aturan ini berlaku {}, kebijakannya {}",
                            r.id, rule.id, policy.id
                        ),
                    ),
                ));
            }
        }
        self.versions(&rules, &rule_spans, &exceptions, from, until);
        self.exception_periods(&rules, &rule_spans, from, until);
        let mut hasher = Sha256::new();
        hasher.update(self.source.as_bytes());
        for text in &helper_files {
            hasher.update(text.as_bytes());
        }
        let digest = hasher.finalize();
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let info = PolicyInfo {
            name: p.name.clone(),
            version: p.version.clone().unwrap_or_default(),
            description: p.description.clone().unwrap_or_default(),
            effective_from: from.map(iso_date),
            effective_until: until.map(iso_date),
            source_hash: format!("sha256:{hex}"),
        };
        let rule_info = rules
            .iter()
            .map(|r| RuleInfo {
                id: r.id.to_string(),
                title: r.title.to_string(),
                source: r.source.to_string(),
                kind: r.kind,
                codes: outcome_codes(r),
                form: if matches!(r.body, Body::Table { .. }) { "table".into() } else { "rule".into() },
                exception_to: r.exception_to.and_then(|b| rules.get(b)).map(|b| b.id.to_string()),
                effective_from: r.from.map(iso_date),
                effective_until: r.until.map(iso_date),
                line: r.line,
            })
            .collect();
        let param_info = self
            .params
            .iter()
            .zip(p.items.iter().filter_map(|i| if let Item::Param(pd) = i { Some(pd) } else { None }))
            .map(|(pi, pd)| ParamInfo {
                name: pi.name.clone(),
                ty: pi.field().info().ty,
                default: value_json(&pi.default, &pi.ty),
                doc: pd.doc.clone(),
            })
            .collect();
        let lets: Vec<LetIR> = std::mem::take(&mut self.lets)
            .into_iter()
            .map(|l| {
                l.unwrap_or(LetIR {
                    name: String::new(),
                    expr: CExpr::new(CK::Const(Value::None), Ty::Error, Span::default()),
                    base: 0,
                })
            })
            .collect();
        // The `let`s the policy declares (not the values the compiler names for itself), in order.
        let let_info = p
            .items
            .iter()
            .filter_map(|i| if let Item::Let(l) = i { Some(&l.name.name) } else { None })
            .filter_map(|name| lets.iter().find(|l| l.name == *name))
            .map(|l| LetInfo { name: l.name.clone(), ty: l.expr.ty.info() })
            .collect();
        let mut rules = rules;
        for r in &mut rules {
            let (id, title, source) = (r.id.clone(), r.title.clone(), r.source.clone());
            for (row_id, o) in outcomes_mut(r) {
                let origin = Origin {
                    code: o.code.clone(),
                    level: None,
                    rule: row_id.unwrap_or_else(|| id.clone()),
                    title: title.clone(),
                    source: source.clone(),
                };
                settle_outcome(o, origin, self.severity.as_ref());
            }
        }
        let stamp = Arc::new(PolicyStamp {
            name: Arc::from(info.name.as_str()),
            version: Arc::from(info.version.as_str()),
            source_hash: Arc::from(info.source_hash.as_str()),
            engine: Arc::from(crate::decision::ENGINE),
        });
        let default_params =
            Arc::new(self.params.iter().map(|p| (p.name.clone(), value_json(&p.default, &p.ty))).collect());
        Some(Compiled {
            source: self.source.to_string(),
            stamp,
            default_params,
            param_defaults: self.params.iter().map(|p| p.default.clone()).collect(),
            no_params: Params::default(),
            info,
            warnings: Vec::new(),
            schema_info: FactsSchema { fields: self.facts.fields.iter().map(FieldDef::info).collect() },
            param_info,
            rule_info,
            let_info,
            facts: self.facts.clone(),
            effective_from: from,
            effective_until: until,
            params: std::mem::take(&mut self.params),
            lets,
            lookups: std::mem::take(&mut self.lookups).into_iter().map(|l| l.0).collect(),
            rules,
            exceptions,
            severity: self.severity.clone(),
            strategies,
            examples,
            helpers: helpers.map(Arc::new),
            helper_decls: std::mem::take(&mut self.helper_decls),
            sanction_rules,
            producers,
        })
    }

    /// Rules that give one outcome code each in a period of its own (a table replaced by a new
    /// one on a date, as a new regulation takes effect): a stretch of the policy's period between
    /// two of them that neither covers gives no such outcome; two in effect on one day both give
    /// it (only the first in the policy counts); and the exceptions to one are no exceptions to
    /// the other. Each is a warning on the later one.
    fn versions(
        &mut self,
        rules: &[RuleIR],
        spans: &[(Span, Option<ast::Ident>)],
        exceptions: &[Vec<usize>],
        from: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) {
        let mut codes: Vec<(OutcomeKind, Arc<str>, Vec<usize>)> = Vec::new();
        // Where each code is in `codes` (looked up, not searched: a policy may give thousands).
        let mut at: HashMap<(OutcomeKind, Arc<str>), usize> = HashMap::new();
        for (i, r) in rules.iter().enumerate().filter(|(_, r)| r.exception_to.is_none()) {
            for o in outcomes_of(r) {
                match at.get(&(o.kind, o.code.clone())).and_then(|&k| codes.get_mut(k)) {
                    Some((_, _, given)) if !given.contains(&i) => given.push(i),
                    Some(_) => {}
                    None => {
                        at.insert((o.kind, o.code.clone()), codes.len());
                        codes.push((o.kind, o.code.clone(), vec![i]));
                    }
                }
            }
        }
        for (_, code, mut given) in codes {
            // Versions only: every rule giving the code has a period of its own.
            let dated = |i: &usize| rules.get(*i).is_some_and(|r| r.from.is_some() || r.until.is_some());
            if given.len() < 2 || !given.iter().all(dated) {
                continue;
            }
            given.sort_by_key(|i| rules.get(*i).and_then(|r| r.from));
            for pair in given.windows(2) {
                let (Some(&a), Some(&b)) = (pair.first(), pair.get(1)) else { continue };
                let (Some(ra), Some(rb), Some((span, _))) = (rules.get(a), rules.get(b), spans.get(b)) else {
                    continue;
                };
                let at = self.first_line(*span);
                let (ida, idb) = (&ra.id, &rb.id);
                let overlap = ra.until.is_none_or(|u| rb.from.is_none_or(|f| f <= u));
                if overlap {
                    let days = crate::messages::period(rb.from, earlier(ra.until, rb.until));
                    let help = rb.from.and_then(|f| f.pred_opt()).map(|d| {
                        let d = iso_date(d);
                        t(
                            format!("if `{idb}` takes the place of `{ida}`, end `{ida}` the day before: `effective from … until {d}`"),
                            format!("jika `{idb}` menggantikan `{ida}`, akhiri `{ida}` sehari sebelumnya: `berlaku mulai … sampai {d}`"),
                        )
                    });
                    let message = t(
                        format!("`{ida}` and `{idb}` both give `{code}` {}: on those days only the first in the policy counts", days.en),
                        format!("`{ida}` dan `{idb}` sama-sama memberi `{code}` {}: pada hari-hari itu hanya yang pertama dalam kebijakan yang berlaku", days.id),
                    );
                    let d = Diagnostic::warning("period-overlap", at, message);
                    self.diags.push(match help {
                        Some(h) => d.with_help(h),
                        None => d,
                    });
                    continue;
                }
                // A gap between them, as far as the policy's own period goes.
                let gap_from = ra.until.and_then(|u| u.succ_opt()).map(|d| from.map_or(d, |f| d.max(f)));
                let gap_until = rb.from.and_then(|f| f.pred_opt()).map(|d| until.map_or(d, |u| d.min(u)));
                if let (Some(g0), Some(g1)) = (gap_from, gap_until) {
                    if g0 <= g1 {
                        let days = crate::messages::period(Some(g0), Some(g1));
                        let message = t(
                            format!("no rule gives `{code}` {} (after `{ida}` ends and before `{idb}` begins): a decision dated then has no `{code}`, not even undetermined", days.en),
                            format!("tidak ada aturan yang memberi `{code}` {} (setelah `{ida}` berakhir dan sebelum `{idb}` mulai): keputusan bertanggal itu tanpa `{code}`, juga tidak sebagai belum pasti", days.id),
                        );
                        let help = t(
                            format!("let `{idb}` begin the day after `{ida}` ends, or `{ida}` end the day before `{idb}` begins"),
                            format!("mulailah `{idb}` sehari setelah `{ida}` berakhir, atau akhiri `{ida}` sehari sebelum `{idb}` mulai"),
                        );
                        self.diags.push(Diagnostic::warning("period-gap", at, message).with_help(help));
                    }
                }
                // The exceptions written for one version do not reach the other.
                let names = |i: usize| -> Vec<String> {
                    exceptions
                        .get(i)
                        .map(|e| e.iter().filter_map(|x| rules.get(*x)).map(|r| format!("`{}`", r.id)).collect())
                        .unwrap_or_default()
                };
                let (ea, eb) = (names(a), names(b));
                if !ea.is_empty() && eb.is_empty() {
                    let list = ea.join(", ");
                    let begins = crate::messages::period(rb.from, rb.until);
                    let message = t(
                        format!("`{idb}` gives `{code}` {} in place of `{ida}`, but the exceptions to `{ida}` ({list}) are not exceptions to `{idb}`: they do not replace its outcome, and whether one of them or `{idb}` counts depends on their order in the policy", begins.en),
                        format!("`{idb}` memberi `{code}` {} menggantikan `{ida}`, tetapi pengecualian atas `{ida}` ({list}) bukan pengecualian atas `{idb}`: hasilnya tidak digantikan, dan mana yang berlaku bergantung pada urutannya dalam kebijakan", begins.id),
                    );
                    let help = t(
                        format!("an exception has one base: write each again as an exception to `{idb}` (`exception to {idb}`), and give the ones to `{ida}` its period"),
                        format!("pengecualian hanya punya satu dasar: tulis masing-masing sekali lagi sebagai pengecualian atas `{idb}` (`pengecualian atas {idb}`), dan beri pengecualian atas `{ida}` masa berlakunya"),
                    );
                    self.diags.push(Diagnostic::warning("version-exceptions", at, message).with_help(help));
                }
            }
        }
    }

    /// An exception in effect on days its base is not: there it replaces nothing and gives its
    /// outcome on its own (the old version's exception still giving `tpp` after its table was
    /// replaced). Within the policy's period; an exception that gives nothing is harmless there.
    fn exception_periods(
        &mut self,
        rules: &[RuleIR],
        spans: &[(Span, Option<ast::Ident>)],
        from: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) {
        for (r, (span, _)) in rules.iter().zip(spans) {
            let Some(base) = r.exception_to.and_then(|b| rules.get(b)) else { continue };
            if matches!(r.body, Body::Rule { outcome: None, .. }) {
                continue;
            }
            let (e_from, e_until) = (later(r.from, from), earlier(r.until, until));
            // Days of the exception before its base begins, and after it ends.
            let before = base.from.and_then(|f| f.pred_opt()).map(|d| (e_from, earlier(Some(d), e_until)));
            let after = base.until.and_then(|u| u.succ_opt()).map(|d| (later(Some(d), e_from), e_until));
            let stretches: Vec<(Option<NaiveDate>, Option<NaiveDate>)> = [before, after]
                .into_iter()
                .flatten()
                .filter(|(a, b)| !matches!((a, b), (Some(x), Some(y)) if x > y))
                .collect();
            if stretches.is_empty() {
                continue;
            }
            let days: Vec<Text> = stretches.iter().map(|(a, b)| crate::messages::period(*a, *b)).collect();
            let join = |f: fn(&Text) -> &str, and: &str| days.iter().map(f).collect::<Vec<_>>().join(and);
            let (en, id) = (join(|t| t.en.as_str(), " and "), join(|t| t.id.as_str(), " dan "));
            let (exc, b) = (&r.id, &base.id);
            let codes = r.codes.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
            let message = t(
                format!("the exception `{exc}` is in effect {en}, when its base `{b}` is not: on those days it replaces nothing and gives {codes} on its own"),
                format!("pengecualian `{exc}` berlaku {id}, saat dasarnya `{b}` tidak berlaku: pada hari-hari itu ia tidak menggantikan apa pun dan memberi {codes} sendiri"),
            );
            let period = crate::messages::period(base.from, base.until);
            let help = t(
                format!("give `{exc}` the period of `{b}` (in effect {}), or end it when `{b}` ends", period.en),
                format!("beri `{exc}` masa berlaku `{b}` (berlaku {}), atau akhiri saat `{b}` berakhir", period.id),
            );
            let at = self.first_line(*span);
            self.diags.push(Diagnostic::warning("exception-period", at, message).with_help(help));
        }
    }

    /// The first line of `span` (a rule's head, not its whole text).
    fn first_line(&self, span: Span) -> Span {
        let end = self.source.get(span.start..span.end).and_then(|s| s.find('\n')).map_or(span.end, |n| span.start + n);
        Span::new(span.start, end)
    }

    /// Rules that give nothing (`then none`): each must be an exception, and gives the kind of
    /// the rule it sets aside (the first one along `exception to` that gives an outcome).
    fn gives_nothing(&mut self, rules: &mut [RuleIR], rule_spans: &[(Span, Option<ast::Ident>)], id_spans: &[Span]) {
        let nothing = |r: &RuleIR| matches!(r.body, Body::Rule { outcome: None, .. });
        let base_of = |i: usize| {
            let name = rule_spans.get(i)?.1.as_ref()?;
            rules.iter().position(|r| *r.id == *name.name)
        };
        let mut kinds = Vec::new();
        for (i, r) in rules.iter().enumerate().filter(|(_, r)| nothing(r)) {
            if rule_spans.get(i).is_some_and(|(_, base)| base.is_none()) {
                let span = id_spans.get(i).copied().unwrap_or_default();
                self.err_help(
                    "gives-nothing",
                    span,
                    t(
                        format!("rule `{}` gives no outcome (`then none`) but is not an exception to another rule", r.id),
                        format!("aturan `{}` tidak memberi hasil (`maka tidak_ada`) tetapi bukan pengecualian atas aturan lain", r.id),
                    ),
                    Some(t(
                        "`then none` sets aside the outcome of the rule it is an exception to: add `exception to RULE`, or give an outcome",
                        "`maka tidak_ada` mengesampingkan hasil aturan yang dikecualikannya: tambahkan `pengecualian atas ATURAN`, atau beri hasil",
                    )),
                );
                continue;
            }
            // Along the exceptions to the first rule with an outcome (a ring is said elsewhere).
            let mut at = base_of(i);
            for _ in 0..rules.len() {
                match at.and_then(|b| rules.get(b)) {
                    Some(b) if nothing(b) => at = at.and_then(base_of),
                    Some(b) => {
                        kinds.push((i, b.kind));
                        break;
                    }
                    None => break,
                }
            }
        }
        for (i, kind) in kinds {
            if let Some(r) = rules.get_mut(i) {
                r.kind = kind;
            }
        }
    }

    /// Exceptions that come back round to where they started (`a` an exception to `b`, `b` to
    /// `a`): each would replace the next and every outcome in the ring would be set aside. Each
    /// ring is reported once, at the exception clause of its first rule.
    fn exception_cycles(&mut self, rules: &[RuleIR], rule_spans: &[(Span, Option<ast::Ident>)]) {
        // A rule is an exception to one rule at most: from each rule not yet walked, follow
        // `exception to` until a rule walked before (no new ring) or one on this walk (a ring),
        // so that every rule is walked once, however long the chains.
        const NEW: u8 = 0;
        const ON_WALK: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![NEW; rules.len()];
        for first in 0..rules.len() {
            let mut walk: Vec<usize> = Vec::new();
            let mut at = Some(first);
            while let Some(k) = at {
                match state.get(k) {
                    Some(&NEW) => {}
                    Some(&ON_WALK) => {
                        if let Some(p) = walk.iter().position(|&w| w == k) {
                            let mut ring = walk.get(p..).unwrap_or_default().to_vec();
                            // Said from the ring's first rule in the policy, at its clause.
                            if let Some(m) = ring.iter().enumerate().min_by_key(|(_, &r)| r).map(|(i, _)| i) {
                                ring.rotate_left(m);
                            }
                            self.exception_ring(rules, rule_spans, &ring);
                        }
                        break;
                    }
                    _ => break,
                }
                if let Some(s) = state.get_mut(k) {
                    *s = ON_WALK;
                }
                walk.push(k);
                at = rules.get(k).and_then(|r| r.exception_to);
            }
            for k in walk {
                if let Some(s) = state.get_mut(k) {
                    *s = DONE;
                }
            }
        }
    }

    fn exception_ring(&mut self, rules: &[RuleIR], rule_spans: &[(Span, Option<ast::Ident>)], ring: &[usize]) {
        let Some(&start) = ring.first() else { return };
        let names: Vec<&str> = ring.iter().chain([&start]).filter_map(|&k| rules.get(k)).map(|r| &*r.id).collect();
        let shown = names.join(" → ");
        if let Some((_, Some(clause))) = rule_spans.get(start) {
            self.err(
                "exception-cycle",
                clause.span,
                t(
                    format!("these exceptions go round in a ring ({shown}): each would set the next aside, and no outcome of them would be given"),
                    format!("pengecualian ini berputar ({shown}): masing-masing menyisihkan yang berikutnya, sehingga tidak ada hasil yang diberikan"),
                ),
            );
        }
    }

    /// For each outcome read by a reference, the rules that can give it (and their exceptions).
    fn producers(&mut self, rules: &[RuleIR], exceptions: &[Vec<usize>]) -> Vec<Vec<usize>> {
        let refs = self.outcome_refs.clone();
        // The rules giving each outcome, in policy order: found once, not by going through every
        // rule for every reference (20,000 rules each reading the one before took 10 s).
        let mut giving: HashMap<(OutcomeKind, String), Vec<usize>> = HashMap::new();
        for (i, r) in rules.iter().enumerate() {
            for code in outcome_codes(r) {
                giving.entry((r.kind, code)).or_default().push(i);
            }
        }
        let mut out = Vec::new();
        for (kind, code, span) in refs {
            let mut ps: Vec<usize> = Vec::new();
            for &i in giving.get(&(kind, code.clone())).map(Vec::as_slice).unwrap_or(&[]) {
                ps.push(i);
                for &e in exceptions.get(i).map(Vec::as_slice).unwrap_or(&[]) {
                    if !ps.contains(&e) {
                        ps.push(e);
                    }
                }
            }
            if ps.is_empty() {
                let codes: Vec<String> = rules.iter().filter(|r| r.kind == kind).flat_map(outcome_codes).collect();
                let help = suggestion(&code, codes.iter().map(String::as_str));
                self.err_help(
                    "unknown-outcome",
                    span,
                    t(
                        format!("no rule gives {} `{code}`", kind.as_str()),
                        format!("tidak ada aturan yang memberi {} `{code}`", kind.as_str()),
                    ),
                    help,
                );
            }
            out.push(ps);
        }
        out
    }

    /// Rules that read outcomes of this decision are evaluated after the rules giving them; a
    /// cycle among them is an error naming the rules involved.
    fn cycles(
        &mut self,
        rules: &[RuleIR],
        spans: &[(Span, Option<ast::Ident>)],
        reads: &[Vec<Read>],
        sanction_rules: &[usize],
        producers: &[Vec<usize>],
    ) {
        let deps: Vec<Vec<usize>> = reads
            .iter()
            .map(|rs| {
                let mut d: Vec<usize> = Vec::new();
                for r in rs {
                    let from: &[usize] = match r {
                        Read::Sanction => sanction_rules,
                        Read::Outcome(id) => producers.get(*id).map(Vec::as_slice).unwrap_or(&[]),
                    };
                    for &x in from {
                        if !d.contains(&x) {
                            d.push(x);
                        }
                    }
                }
                d
            })
            .collect();
        // Depth-first search; 0 = unvisited, 1 = on the path, 2 = done.
        let mut state = vec![0u8; rules.len()];
        let mut reported: Vec<Vec<usize>> = Vec::new();
        for start in 0..rules.len() {
            let mut path: Vec<(usize, usize)> = vec![(start, 0)];
            if state.get(start) != Some(&0) {
                continue;
            }
            if let Some(s) = state.get_mut(start) {
                *s = 1;
            }
            while let Some(&mut (node, ref mut next)) = path.last_mut() {
                let children = deps.get(node).map(Vec::as_slice).unwrap_or(&[]);
                if let Some(&child) = children.get(*next) {
                    *next += 1;
                    match state.get(child) {
                        Some(0) => {
                            if let Some(s) = state.get_mut(child) {
                                *s = 1;
                            }
                            path.push((child, 0));
                        }
                        Some(1) => {
                            let at = path.iter().position(|(n, _)| *n == child).unwrap_or(0);
                            let mut cycle: Vec<usize> = path.iter().skip(at).map(|(n, _)| *n).collect();
                            let mut key = cycle.clone();
                            key.sort_unstable();
                            if !reported.contains(&key) {
                                reported.push(key);
                                cycle.push(child);
                                let names: Vec<String> =
                                    cycle.iter().filter_map(|&i| rules.get(i).map(|r| format!("`{}`", r.id))).collect();
                                let chain = names.join(" → ");
                                let span = spans.get(child).map(|s| s.0).unwrap_or_default();
                                self.err_help(
                                    "cycle",
                                    Span::new(span.start, (span.start + 4).min(self.source.len())),
                                    t(
                                        if cycle.len() == 2 {
                                            format!("a rule depends on its own outcome (a cycle): {chain}")
                                        } else {
                                            format!("rules depend on each other's outcomes in a cycle: {chain}")
                                        },
                                        if cycle.len() == 2 {
                                            format!("aturan bergantung pada hasilnya sendiri (siklus): {chain}")
                                        } else {
                                            format!("aturan saling bergantung pada hasilnya dalam siklus: {chain}")
                                        },
                                    ),
                                    Some(t(
                                        "a rule cannot depend, directly or through others, on an outcome it helps decide; test the facts instead",
                                        "aturan tidak dapat bergantung, langsung atau melalui aturan lain, pada hasil yang ikut ia tentukan; uji faktanya saja",
                                    )),
                                );
                            }
                        }
                        _ => {}
                    }
                } else {
                    if let Some(s) = state.get_mut(node) {
                        *s = 2;
                    }
                    path.pop();
                }
            }
        }
    }

    fn code_span(&self, rule_span: Span, code: &str) -> Span {
        let text = rule_span.text(self.source);
        // Point at the code itself where it is written, not at the whole rule.
        let mut from = 0;
        while let Some(pos) = text.get(from..).and_then(|t| t.find(code)) {
            let at = from + pos;
            let before = text.get(..at).and_then(|b| b.chars().last());
            let after = text.get(at + code.len()..).and_then(|a| a.chars().next());
            let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
            if boundary(before) && boundary(after) {
                return Span::new(rule_span.start + at, rule_span.start + at + code.len());
            }
            from = at + code.len();
        }
        Span::new(rule_span.start, rule_span.start + 4)
    }

    /// Refuses a parameter or `let` named like a fact (or `as_of`): in a condition the name would
    /// read one of them and silently ignore the other.
    fn hides_a_fact(&mut self, name: &ast::Ident, what: &str, apa: &str) -> bool {
        let n = name.name.as_str();
        let (en, id) = if n == "as_of" || n == "per_tanggal" {
            ("the evaluation date", "tanggal evaluasi")
        } else if self.facts.slot(n).is_some() {
            ("a fact", "fakta")
        } else {
            return false;
        };
        self.err_help(
            "duplicate",
            name.span,
            t(format!("`{n}` is already declared as {en}"), format!("`{n}` sudah dideklarasikan sebagai {id}")),
            Some(t(
                format!("a condition reading `{n}` could not tell the {what} from {en}: give the {what} another name"),
                format!("kondisi yang membaca `{n}` tidak dapat membedakan {apa} dari {id}: beri {apa} nama lain"),
            )),
        );
        true
    }

    fn name_taken(&self, name: &str) -> bool {
        self.params.iter().any(|p| p.name == name) || self.lookup_names.contains_key(name)
    }

    fn enum_decl(&mut self, e: &ast::EnumDecl) {
        if self.enums.contains_key(&e.name.name) || builtin_type(&e.name.name).is_some() {
            self.err(
                "duplicate",
                e.name.span,
                t(
                    format!("type `{}` is already declared", e.name.name),
                    format!("tipe `{}` sudah dideklarasikan", e.name.name),
                ),
            );
            return;
        }
        // Values are numbered with 16 bits.
        const MAX_VALUES: usize = u16::MAX as usize;
        if e.values.len() > MAX_VALUES {
            self.err(
                "enum-size",
                e.name.span,
                t(
                    format!("`{}` has {} values; an enum holds at most {MAX_VALUES}", e.name.name, e.values.len()),
                    format!(
                        "`{}` berisi {} nilai; enum memuat paling banyak {MAX_VALUES}",
                        e.name.name,
                        e.values.len()
                    ),
                ),
            );
            return;
        }
        let mut values: Vec<String> = Vec::new();
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        for v in &e.values {
            if !seen.insert(v.name.as_str()) {
                self.err(
                    "duplicate",
                    v.span,
                    t(
                        format!("`{}` appears twice in `{}`", v.name, e.name.name),
                        format!("`{}` muncul dua kali dalam `{}`", v.name, e.name.name),
                    ),
                );
            } else {
                values.push(v.name.clone());
            }
        }
        self.enums
            .insert(e.name.name.clone(), Arc::new(EnumDef { name: e.name.name.clone(), ordered: e.ordered, values }));
    }

    fn severity_decl(&mut self, levels: &[ast::SeverityLevel]) {
        if self.severity.is_some() {
            if let Some(l) = levels.first() {
                self.err(
                    "duplicate",
                    l.level.span,
                    t("a second `severity` declaration", "deklarasi `tingkat_sanksi` kedua"),
                );
            }
            return;
        }
        let mut names = Vec::new();
        let mut codes: Vec<(String, u16, u32)> = Vec::new();
        let mut rank = 0u32;
        for (li, l) in levels.iter().enumerate() {
            names.push(l.level.name.clone());
            for c in &l.codes {
                if codes.iter().any(|x| x.0 == c.name) {
                    self.err(
                        "duplicate",
                        c.span,
                        t(
                            format!("sanction `{}` is listed twice", c.name),
                            format!("sanksi `{}` tercantum dua kali", c.name),
                        ),
                    );
                    continue;
                }
                codes.push((c.name.clone(), u16::try_from(li).unwrap_or(u16::MAX), rank));
                rank += 1;
            }
        }
        let levels = Arc::new(EnumDef { name: "severity level".into(), ordered: true, values: names });
        self.severity = Some(Severity { levels, codes });
    }

    fn resolve_type(&mut self, te: &TypeExpr) -> Ty {
        match te {
            TypeExpr::Named(id) => {
                if let Some(b) = builtin_type(&id.name) {
                    return b;
                }
                if let Some(e) = self.enums.get(&id.name) {
                    return Ty::Enum(e.clone());
                }
                let mut names: Vec<String> = self.enums.keys().cloned().collect();
                names.extend(BUILTIN_TYPES.iter().flat_map(|(en, id, _)| [en.to_string(), id.to_string()]));
                names.sort();
                // The names other tools and everyday speech give the types.
                let everyday = match id.name.to_lowercase().as_str() {
                    "boolean" | "ya_tidak" => Some(("bool", "logika")),
                    "integer" | "bilangan_bulat" | "long" => Some(("int", "bulat")),
                    "bilangan" | "angka" | "number" | "numeric" => Some(("int` or `decimal", "bulat` atau `desimal")),
                    "float" | "double" | "real" | "pecahan" => Some(("decimal", "desimal")),
                    "string" | "str" | "varchar" | "huruf" | "kata" => Some(("text", "teks")),
                    "datetime" | "tgl" | "waktu" => Some(("date", "tanggal")),
                    _ => None,
                };
                let english: Vec<String> = BUILTIN_TYPES.iter().map(|(en, ..)| format!("`{en}`")).collect();
                let indonesian: Vec<String> = BUILTIN_TYPES.iter().map(|(_, id, _)| format!("`{id}`")).collect();
                let types = format!("{} ({})", english.join(", "), indonesian.join(", "));
                let help = match everyday {
                    Some((en, id_)) => Some(t(
                        format!("write `{en}`; the types are {types}, a declared enum, a record and a list"),
                        format!("tulis `{id_}`; tipenya {types}, enum yang dideklarasikan, rekaman dan daftar"),
                    )),
                    None => suggestion(&id.name, names.iter().map(String::as_str)).or_else(|| {
                        Some(t(
                            format!("the types are {types}, a declared enum, a record `{{ … }}` and `list of …`"),
                            format!("tipenya {types}, enum yang dideklarasikan, rekaman `{{ … }}` dan `daftar dari …`"),
                        ))
                    }),
                };
                self.err_help(
                    "unknown-type",
                    id.span,
                    t(format!("unknown type `{}`", id.name), format!("tipe `{}` tidak dikenal", id.name)),
                    help,
                );
                Ty::Error
            }
            TypeExpr::List(item, _) => Ty::List(Box::new(self.resolve_type(item))),
            TypeExpr::Record(r) => Ty::Record(self.record_type(r)),
        }
    }

    fn record_type(&mut self, r: &ast::RecordType) -> Arc<RecordDef> {
        let mut fields: Vec<FieldDef> = Vec::new();
        for f in &r.fields {
            if fields.iter().any(|x| x.name == f.name.name) {
                self.err(
                    "duplicate",
                    f.name.span,
                    t(
                        format!("field `{}` is declared twice", f.name.name),
                        format!("isian `{}` dideklarasikan dua kali", f.name.name),
                    ),
                );
                continue;
            }
            let ty = self.resolve_type(&f.ty);
            let (min, max) = f.constraint.as_ref().map_or((None, None), |c| self.bounds(c, &ty, &f.name.name));
            let unique_by = f.unique_by.as_ref().and_then(|by| self.unique_by(&f.name.name, &ty, by));
            fields.push(FieldDef {
                name: f.name.name.clone(),
                ty,
                optional: f.optional,
                min,
                max,
                doc: f.doc.clone(),
                unique_by,
            });
        }
        Arc::new(RecordDef { fields })
    }

    /// The slot of the field that `unique by` names for list `name` of type `ty`: a field of its
    /// items holding one value (a number, a text, a date, an enum value, a truth value).
    fn unique_by(&mut self, name: &str, ty: &Ty, by: &ast::Ident) -> Option<usize> {
        let record = match ty {
            Ty::List(item) => match &**item {
                Ty::Record(r) => Some(r),
                _ => None,
            },
            _ => None,
        };
        let Some(record) = record else {
            if !matches!(ty, Ty::Error) {
                self.err_help(
                    "unique-by",
                    by.span,
                    t(
                        format!("`unique by` is for a list of records, and `{name}` is {}", ty.describe()),
                        format!("`unik menurut` untuk daftar rekaman, dan `{name}` bertipe {}", ty.describe_id()),
                    ),
                    Some(t(
                        format!("declare `{name}: list of {{ {}: …, … }} unique by {}`", by.name, by.name),
                        format!("deklarasikan `{name}: daftar dari {{ {}: …, … }} unik menurut {}`", by.name, by.name),
                    )),
                );
            }
            return None;
        };
        let Some(slot) = record.slot(&by.name) else {
            let help = suggestion(&by.name, record.fields.iter().map(|f| f.name.as_str()));
            self.err_help(
                "unique-by",
                by.span,
                t(
                    format!("the items of `{name}` have no field `{}`", by.name),
                    format!("butir `{name}` tidak memiliki isian `{}`", by.name),
                ),
                help,
            );
            return None;
        };
        let field = record.fields.get(slot)?;
        if matches!(field.ty, Ty::List(_) | Ty::Record(_)) {
            self.err(
                "unique-by",
                by.span,
                t(
                    format!("`{}` is {}: `unique by` compares one value per item", by.name, field.ty.describe()),
                    format!(
                        "`{}` bertipe {}: `unik menurut` membandingkan satu nilai per butir",
                        by.name,
                        field.ty.describe_id()
                    ),
                ),
            );
            return None;
        }
        Some(slot)
    }

    /// The bounds a number is declared with (`int >= 0`, `decimal in 0..100`), of a fact's
    /// field or a parameter named `name`; bounds on another type, or holding no value, are errors.
    fn bounds(&mut self, c: &ast::Constraint, ty: &Ty, name: &str) -> (Option<Decimal>, Option<Decimal>) {
        let sp = match c {
            ast::Constraint::AtLeast(_, s) | ast::Constraint::Between(_, _, s) => *s,
        };
        if !ty.is_numeric() {
            self.err(
                "type-mismatch",
                sp,
                t(
                    format!("only numbers can have bounds; `{name}` is {}", ty.describe()),
                    format!("hanya bilangan yang dapat diberi batas; `{name}` bertipe {}", ty.describe_id()),
                ),
            );
        }
        match c {
            ast::Constraint::AtLeast(a, _) => (Decimal::from_str(a).ok(), None),
            ast::Constraint::Between(a, b, sp) => {
                let (min, max) = (Decimal::from_str(a).ok(), Decimal::from_str(b).ok());
                if let (Some(lo), Some(hi)) = (min, max) {
                    if lo > hi {
                        self.err(
                            "bad-bounds",
                            *sp,
                            t(
                                format!("the bounds {a}..{b} hold no value: the lower is above the upper"),
                                format!("batas {a}..{b} tidak memuat nilai apa pun: batas bawah di atas batas atas"),
                            ),
                        );
                    }
                }
                (min, max)
            }
        }
    }

    fn helper_decl(&mut self, h: &ast::HelperDecl) {
        if self.helper_names.contains_key(&h.name.name) {
            self.err(
                "duplicate",
                h.name.span,
                t(
                    format!("helper `{}` is declared twice", h.name.name),
                    format!("fungsi `{}` dideklarasikan dua kali", h.name.name),
                ),
            );
            return;
        }
        // An aggregate's word (`jumlah(…)`) is read as the aggregate: a helper of that name could
        // never be called.
        const AGGREGATES: [(&str, &str); 15] = [
            ("any", "any"),
            ("sebarang", "any"),
            ("all", "all"),
            ("semua", "all"),
            ("count", "count"),
            ("banyak", "count"),
            ("sum", "sum"),
            ("jumlah", "sum"),
            ("average", "average"),
            ("rata_rata", "average"),
            ("min", "min"),
            ("max", "max"),
            ("maks", "max"),
            ("first", "first"),
            ("pertama", "first"),
        ];
        if let Some((word, agg)) = AGGREGATES.iter().find(|(w, _)| *w == h.name.name) {
            self.err(
                "reserved",
                h.name.span,
                t(
                    format!("a helper cannot be named `{word}`: `{word}(…)` is the aggregate `{agg}`, so the helper could never be called"),
                    format!("fungsi bantu tidak boleh bernama `{word}`: `{word}(…)` adalah agregat `{agg}`, sehingga fungsi itu tidak pernah bisa dipanggil"),
                ),
            );
            return;
        }
        // A built-in's name in either language: the helper would replace `year` but not `tahun`,
        // and a reader takes `year(…)` for the built-in.
        if let Some((en, id, _)) = BUILTINS.iter().find(|(en, id, _)| *en == h.name.name || *id == h.name.name) {
            self.err(
                "reserved",
                h.name.span,
                t(
                    format!("a helper cannot be named `{}`: it is the built-in function `{en}` (`{id}`)", h.name.name),
                    format!("fungsi bantu tidak boleh bernama `{}`: itu fungsi bawaan `{en}` (`{id}`)", h.name.name),
                ),
            );
            return;
        }
        let params = h.params.iter().map(|(_, te)| self.resolve_type(te)).collect();
        let result = self.resolve_type(&h.result);
        self.helper_names.insert(h.name.name.clone(), self.helper_decls.len());
        self.helper_decls.push(HelperIR { name: h.name.name.clone(), params, result, span: h.name.span });
    }

    fn helpers(
        &mut self,
        sources: &[ast::HelperSource],
        load: &dyn Fn(&str) -> Result<String, String>,
        files: &mut Vec<String>,
    ) -> Option<HelperEngine> {
        if sources.is_empty() {
            if let Some(h) = self.helper_decls.first() {
                let name = h.name.clone();
                self.err(
                    "helper",
                    Span::default(),
                    t(
                        format!("helper `{name}` is declared but there is no `helpers` script"),
                        format!("fungsi `{name}` dideklarasikan tetapi tidak ada skrip `fungsi_bantu`"),
                    ),
                );
            }
            return None;
        }
        let mut scripts = Vec::new();
        let mut unread = false;
        for s in sources {
            match s {
                ast::HelperSource::Inline { code, span } => scripts.push((code.clone(), *span, None)),
                ast::HelperSource::File { path, span } if !beside_the_policy(path) => {
                    unread = true;
                    self.err(
                        "helper-file",
                        *span,
                        t(
                            format!("helper file `{path}` is not beside the policy: name it relative to the policy's folder, without `..`"),
                            format!("berkas fungsi `{path}` tidak berada di samping kebijakan: tulis namanya relatif terhadap folder kebijakan, tanpa `..`"),
                        ),
                    );
                }
                ast::HelperSource::File { path, span } => match load(path) {
                    Ok(code) => {
                        scripts.push((crate::without_bom(&code).to_string(), *span, Some(path.clone())));
                        files.push(code);
                    }
                    Err(e) => {
                        unread = true;
                        self.err(
                            "helper-file",
                            *span,
                            t(
                                format!("cannot read helper file `{path}`: {e}"),
                                format!("berkas fungsi `{path}` tidak dapat dibaca: {e}"),
                            ),
                        );
                    }
                },
            }
        }
        // A helper file that could not be read is the error: its functions are not missing too.
        if unread {
            return None;
        }
        match HelperEngine::compile(self.source, &scripts, &self.helper_decls) {
            Ok(engine) => Some(engine),
            Err(diags) => {
                self.diags.extend(diags);
                None
            }
        }
    }

    fn param(&mut self, pd: &ast::ParamDecl) {
        if self.hides_a_fact(&pd.name, "parameter", "parameter") {
            return;
        }
        if self.name_taken(&pd.name.name) || self.let_state.contains_key(&pd.name.name) {
            self.err(
                "duplicate",
                pd.name.span,
                t(
                    format!("`{}` is already declared", pd.name.name),
                    format!("`{}` sudah dideklarasikan", pd.name.name),
                ),
            );
            return;
        }
        let ty = self.resolve_type(&pd.ty);
        let (min, max) = pd.constraint.as_ref().map_or((None, None), |c| self.bounds(c, &ty, &pd.name.name));
        let e = self.expr(&pd.default);
        let e = self.coerce(e, &ty);
        let default = match &e.kind {
            CK::Const(v) => v.clone(),
            _ => {
                self.err(
                    "not-constant",
                    pd.default.span,
                    t("a parameter's default must be a plain value", "nilai bawaan parameter harus berupa nilai biasa"),
                );
                Value::None
            }
        };
        if !ty.accepts(&e.ty) && !matches!(e.ty, Ty::Error) {
            let (name, want, got) = (&pd.name.name, ty.describe(), e.ty.describe());
            let (want_id, got_id) = (ty.describe_id(), e.ty.describe_id());
            // A number or a yes/no in quotes is text: the value to write is without them.
            let unquoted = match &default {
                Value::Text(s)
                    if matches!(ty, Ty::Int | Ty::Decimal) && crate::facts::decimal_of(s.trim()).is_some() =>
                {
                    Some(s.trim().to_string())
                }
                Value::Text(s) if ty == Ty::Bool && matches!(s.trim(), "true" | "false" | "benar" | "salah") => {
                    Some(s.trim().to_string())
                }
                _ => None,
            };
            let help = unquoted
                .map(|v| t(format!("write it without quotes: `{v}`"), format!("tulis tanpa tanda kutip: `{v}`")));
            self.err_help(
                "type-mismatch",
                pd.default.span,
                t(
                    format!("the default of parameter `{name}` is {got}, but the parameter is declared {want}"),
                    format!("nilai bawaan parameter `{name}` berupa {got_id}, padahal parameternya dideklarasikan {want_id}"),
                ),
                help,
            );
        }
        let default = match (&ty, default) {
            (Ty::Decimal, Value::Int(i)) => Value::Dec(Decimal::from(i)),
            // An int parameter holds a whole number of 64 bits, as a caller's value must.
            (Ty::Int, Value::Dec(d)) => match (d.fract().is_zero()).then(|| i64::try_from(d).ok()).flatten() {
                Some(i) => Value::Int(i),
                None => {
                    let (lo, hi) = (i64::MIN, i64::MAX);
                    let (en, id) = if d.fract().is_zero() {
                        (format!("an integer from {lo} to {hi}"), format!("bilangan bulat dari {lo} sampai {hi}"))
                    } else {
                        ("an integer".to_string(), "bilangan bulat".to_string())
                    };
                    let found = d.normalize();
                    self.err(
                        "type-mismatch",
                        pd.default.span,
                        t(format!("expected {en}, found {found}"), format!("seharusnya {id}, ditemukan {found}")),
                    );
                    Value::None
                }
            },
            (_, v) => v,
        };
        let param = ParamIR { name: pd.name.name.clone(), ty, default, min, max };
        if let Some(d) = param.default.as_dec() {
            if min.is_some_and(|lo| d < lo) || max.is_some_and(|hi| d > hi) {
                let within = crate::facts::range_text(&param.field(), "a number", "bilangan");
                self.err(
                    "type-mismatch",
                    pd.default.span,
                    t(
                        format!("the default {} is outside the parameter's bounds ({})", d.normalize(), within.en),
                        format!("nilai bawaan {} di luar batas parameter ({})", d.normalize(), within.id),
                    ),
                );
            }
        }
        self.params.push(param);
    }

    fn lookup(&mut self, l: &ast::LookupTable) {
        if self.name_taken(&l.name.name) {
            self.err(
                "duplicate",
                l.name.span,
                t(format!("`{}` is already declared", l.name.name), format!("`{}` sudah dideklarasikan", l.name.name)),
            );
            return;
        }
        // `t(…)` reads a table before a helper: the helper would never be called.
        if self.helper_names.contains_key(&l.name.name) {
            let name = &l.name.name;
            self.err(
                "duplicate",
                l.name.span,
                t(
                    format!("`{name}` is already declared as a helper: `{name}(…)` would read this table, and the helper would never be called"),
                    format!("`{name}` sudah dideklarasikan sebagai fungsi bantu: `{name}(…)` akan membaca tabel ini, dan fungsi bantu itu tidak pernah dipanggil"),
                ),
            );
            return;
        }
        let key_ty = self.resolve_type(&l.key);
        let val_ty = self.resolve_type(&l.value);
        let mut entries: Vec<(LookupKey, Value)> = Vec::new();
        let mut default = None;
        // For the checks of bands: each key as a row of one input, with its row's number and span.
        let mut bands_of_keys: Vec<Vec<bands::Cell>> = Vec::new();
        let mut key_rows: Vec<usize> = Vec::new();
        let mut key_spans: Vec<Span> = Vec::new();
        let mut seen_keys: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (n, row) in l.rows.iter().enumerate() {
            let v = self.expr(&row.value);
            let v = self.coerce(v, &val_ty);
            if !val_ty.accepts(&v.ty) {
                self.mismatch(row.value.span, &val_ty, &v.ty);
            }
            // An `int` table's value is a whole number (`2.5` would be read as a fraction of a
            // month, a day); `3.0` is 3.
            let v = match (&val_ty, &v.kind) {
                (Ty::Int, CK::Const(Value::Dec(d))) => match i64::try_from(*d).ok().filter(|_| d.fract().is_zero()) {
                    Some(i) => Self::mk(CK::Const(Value::Int(i)), Ty::Int, v.span),
                    None => {
                        self.mismatch(row.value.span, &val_ty, &v.ty);
                        Self::error_expr(v.span)
                    }
                },
                _ => v,
            };
            let CK::Const(value) = v.kind else {
                self.err(
                    "not-constant",
                    row.value.span,
                    t("table entries must be plain values", "isi tabel harus berupa nilai biasa"),
                );
                continue;
            };
            if row.keys.is_empty() {
                default = Some(value.clone());
                // `else` gives its value only when no row matches, wherever it is written.
                if n + 1 < l.rows.len() {
                    self.diags.push(
                        Diagnostic::warning(
                            "else-not-last",
                            row.span,
                            t(
                                format!("the `else` row of `{}` is not the last: the rows below it still come first", l.name.name),
                                format!("baris `lainnya` pada `{}` bukan yang terakhir: baris di bawahnya tetap didahulukan", l.name.name),
                            ),
                        )
                        .with_help(t("put the `else` row last", "letakkan baris `lainnya` paling akhir")),
                    );
                }
            }
            for k in &row.keys {
                let Some((key, band)) = self.lookup_key(k, &key_ty) else { continue };
                if let LookupKey::Is(kv) = &key {
                    // (Looked up in a set: a table of tens of thousands of keys is checked in
                    // time linear in them.)
                    if !seen_keys.insert(key_identity(kv)) {
                        self.err(
                            "duplicate",
                            k.span(),
                            t(
                                format!("key `{}` appears twice", self.text(k.span())),
                                format!("kunci `{}` muncul dua kali", self.text(k.span())),
                            ),
                        );
                    }
                }
                entries.push((key, value.clone()));
                bands_of_keys.push(vec![band]);
                key_rows.push(n);
                key_spans.push(k.span());
            }
        }
        if entries.iter().any(|(k, _)| matches!(k, LookupKey::Band { .. })) {
            let mut findings = bands::check(&bands_of_keys, std::slice::from_ref(&key_ty), true);
            // Gaps are filled by an `else` row.
            if default.is_some() {
                findings.retain(|f| !matches!(f, bands::Finding::Gap { .. }));
            }
            // The checks number keys; the warnings number rows, as the policy shows them.
            let row_of = |k: &usize| key_rows.get(*k).copied().unwrap_or(*k);
            let findings: Vec<bands::Finding> = findings
                .into_iter()
                .map(|f| match f {
                    bands::Finding::Gap { input, below, above, from, to, ends, example } => bands::Finding::Gap {
                        input,
                        below: row_of(&below),
                        above: row_of(&above),
                        from,
                        to,
                        ends,
                        example,
                    },
                    bands::Finding::Overlap { input, above, row, from, to, to_in } => {
                        bands::Finding::Overlap { input, above: row_of(&above), row: row_of(&row), from, to, to_in }
                    }
                    bands::Finding::Shadowed { row, input } => bands::Finding::Shadowed { row: row_of(&row), input },
                })
                .filter(|f| !matches!(f, bands::Finding::Overlap { above, row, .. } if above == row))
                .collect();
            let spans: Vec<Span> = (0..l.rows.len())
                .map(|n| {
                    key_rows.iter().position(|r| *r == n).and_then(|k| key_spans.get(k)).copied().unwrap_or(l.name.span)
                })
                .collect();
            self.band_warnings(&l.name.name, &findings, &spans, &[""], std::slice::from_ref(&key_ty), true);
        }
        if let (Ty::Enum(e), None) = (&key_ty, &default) {
            // The values keyed one by one are marked at once; the bands (few) are asked of the rest.
            let mut covered = vec![false; e.values.len()];
            for (k, _) in &entries {
                if let LookupKey::Is(Value::Enum(i)) = k {
                    if let Some(c) = covered.get_mut(usize::from(*i)) {
                        *c = true;
                    }
                }
            }
            let bands: Vec<&LookupKey> =
                entries.iter().map(|(k, _)| k).filter(|k| matches!(k, LookupKey::Band { .. })).collect();
            let missing: Vec<&String> = e
                .values
                .iter()
                .enumerate()
                .filter(|(i, _)| {
                    let value = Value::Enum(u16::try_from(*i).unwrap_or(u16::MAX));
                    !covered.get(*i).copied().unwrap_or(false) && !bands.iter().any(|k| k.matches(&value))
                })
                .map(|(_, v)| v)
                .collect();
            if !missing.is_empty() {
                let list = missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", ");
                self.diags.push(
                    Diagnostic::warning(
                        "incomplete-table",
                        l.name.span,
                        t(
                            format!("table `{}` has no entry for {list}", l.name.name),
                            format!("tabel `{}` tidak memiliki baris untuk {list}", l.name.name),
                        ),
                    )
                    .with_help(t(
                        "those keys give an undetermined value; add rows or an `else` row",
                        "kunci itu memberi nilai belum pasti; tambahkan baris untuknya, atau satu baris `lainnya` untuk semua sisanya",
                    )),
                );
            }
        }
        self.lookup_names.insert(l.name.name.clone(), self.lookups.len());
        self.lookups.push((LookupIR { name: l.name.name.clone(), entries, default }, key_ty, val_ty));
    }

    /// A lookup table's key, and the values it admits for the checks of bands: a value of the
    /// key's type, or over an ordered key a range (`0..4`) or a comparison (`>= 30`) of
    /// constants.
    fn lookup_key(&mut self, k: &ast::Cell, key_ty: &Ty) -> Option<(LookupKey, bands::Cell)> {
        let constant = |this: &mut Self, e: &Expr| {
            let c = this.expr(e);
            let c = this.coerce(c, key_ty);
            if !key_ty.accepts(&c.ty) {
                this.mismatch(e.span, key_ty, &c.ty);
                return None;
            }
            if matches!(c.kind, CK::Const(_)) {
                return Some(c);
            }
            this.err_help(
                "not-constant",
                e.span,
                t("table keys must be plain values", "kunci tabel harus berupa nilai biasa"),
                Some(t(
                    "write the value itself (`30`, `\"S1\"`, `2025-01-01`); a parameter or a fact cannot be a key",
                    "tulis nilainya sendiri (`30`, `\"S1\"`, `2025-01-01`); parameter atau fakta tidak dapat menjadi kunci",
                )),
            );
            None
        };
        let ordered = |this: &mut Self, sp: Span| {
            if orderable(key_ty) {
                return true;
            }
            this.err_help(
                "type-mismatch",
                sp,
                t(
                    format!("a range or a comparison needs keys that are ordered, but the keys are {}", key_ty.describe()),
                    format!("rentang atau perbandingan memerlukan kunci yang berurutan, tetapi kuncinya {}", key_ty.describe_id()),
                ),
                Some(t(
                    "ranges and comparisons work over numbers, dates and ordered enums; list the keys instead",
                    "rentang dan perbandingan berlaku untuk bilangan, tanggal dan enum berurutan; sebutkan kuncinya satu per satu",
                )),
            );
            false
        };
        let value = |c: &CExpr| match &c.kind {
            CK::Const(v) => Some(v.clone()),
            _ => None,
        };
        match k {
            ast::Cell::Compare(CmpOp::Eq, e, _) => {
                let c = constant(self, e)?;
                let v = value(&c)?;
                Some((LookupKey::Is(v.clone()), bands::Cell::compare(CmpOp::Eq, v)))
            }
            ast::Cell::Compare(CmpOp::Ne, _, sp) => {
                self.err_help(
                    "table",
                    *sp,
                    t("`!=` cannot be a table key", "`!=` tidak dapat menjadi kunci tabel"),
                    Some(t(
                        "list the keys, or give the other keys an `else` row",
                        "sebutkan kuncinya, atau beri kunci lain baris `lainnya`",
                    )),
                );
                None
            }
            ast::Cell::Compare(op, e, sp) => {
                let c = constant(self, e)?;
                if !ordered(self, *sp) {
                    return None;
                }
                band_key(bands::Cell::compare(*op, value(&c)?))
            }
            ast::Cell::Range(a, b, excl, sp) => {
                let (lo, hi) = (constant(self, a), constant(self, b));
                let (lo, hi) = (lo?, hi?);
                if !ordered(self, *sp) {
                    return None;
                }
                self.refuse_empty_range(&lo, &hi, *excl, *sp);
                band_key(bands::Cell::range(value(&lo)?, value(&hi)?, *excl))
            }
            _ => None,
        }
    }

    /// The filtered list an aggregate goes over, if it goes over one (`count(pelatihan_ini)`,
    /// `sum(pelatihan_ini.jp)`, `any(p in pelatihan_ini where …)`), and the fields after its name
    /// (each item's value to work with). Not when the name is an item's own (a binder or a field).
    fn chosen_list(&self, agg: &ast::Aggregate) -> Option<(String, Vec<ast::Ident>)> {
        let mut fields = Vec::new();
        let mut base = &agg.list;
        if agg.binder.is_none() {
            while let ExprKind::Field(b, f) = &base.kind {
                fields.push(f.clone());
                base = b;
            }
        }
        let ExprKind::Name(n) = &base.kind else { return None };
        let own = self.visible_frames().iter().any(|f| {
            f.binder.as_deref() == Some(n.as_str())
                || (f.implicit && f.record.as_ref().is_some_and(|r| r.slot(n).is_some()))
        });
        if own || !self.filtered.contains_key(n) {
            return None;
        }
        fields.reverse();
        Some((n.clone(), fields))
    }

    /// A filtered list worked out over the item at `local`: the list it chooses from (another
    /// filtered list's, for a filter of a filtered list), its condition `and` those it builds on,
    /// and the chosen items named as the policy writes them (`pelatihan[where tahun ==
    /// tahun_ini]`). `None` when it is wrong, which is said.
    fn filtered_list(&mut self, name: &str, local: usize) -> Option<(CExpr, CExpr, String)> {
        let (decl, _) = *self.filtered.get(name)?;
        let filter = decl.filter.as_ref()?;
        if let Some(from) = self.let_chain.iter().position(|n| n == name) {
            let message = self.cycle_message(name, from);
            // Said once, for the whole cycle.
            for n in self.let_chain.iter().skip(from) {
                if let Some(entry) = self.filtered.get_mut(n) {
                    entry.1 = false;
                }
            }
            self.err("cycle", decl.name.span, message);
            return None;
        }
        if self.let_chain.len() >= MAX_LET_CHAIN {
            if let Some(entry) = self.filtered.get_mut(name) {
                entry.1 = false;
            }
            if !std::mem::replace(&mut self.deep_lists_said, true) {
                self.err(
                    "too-deep",
                    decl.name.span,
                    t(
                        format!("lists and values are chosen from each other more than {MAX_LET_CHAIN} levels deep"),
                        format!("daftar dan nilai dipilih satu dari yang lain lebih dari {MAX_LET_CHAIN} tingkat"),
                    ),
                );
            }
            return None;
        }
        self.let_chain.push(name.to_string());
        // Only the item is in scope: not the items of the aggregates around the one going over it.
        let floor = std::mem::replace(&mut self.scope_floor, self.frames.len());
        let (list, before, describe) = match &decl.value.kind {
            ExprKind::Name(n) if self.filtered.contains_key(n) => match self.filtered_list(n, local) {
                Some((list, cond, describe)) => (list, Some(cond), describe),
                None => (Self::error_expr(decl.value.span), None, n.clone()),
            },
            _ => (self.expr(&decl.value), None, self.text(decl.value.span)),
        };
        let item = match &list.ty {
            Ty::List(item) => Some((**item).clone()),
            Ty::Error => None,
            other => {
                let text = self.text(decl.value.span);
                self.err(
                    "type-mismatch",
                    decl.value.span,
                    t(
                        format!("a filter chooses items of a list, but `{text}` is {}", other.describe()),
                        format!(
                            "penyaring memilih butir sebuah daftar, tetapi `{text}` adalah {}",
                            other.describe_id()
                        ),
                    ),
                );
                None
            }
        };
        let result = item.map(|item| {
            self.max_locals = self.max_locals.max(local + 1);
            let record = if let Ty::Record(r) = &item { Some(r.clone()) } else { None };
            self.frames.push(Frame {
                binder: filter.binder.as_ref().map(|b| b.name.clone()),
                item,
                local,
                record,
                implicit: filter.binder.is_none(),
            });
            let c = self.expr(&filter.cond);
            self.expect_bool(&c, filter.cond.span);
            self.frames.pop();
            let cond = match before {
                Some(b) => {
                    let span = b.span.to(c.span);
                    Self::mk(CK::And(Box::new(b), Box::new(c)), Ty::Bool, span)
                }
                None => c,
            };
            let word = if filter.yang { "yang" } else { "where" };
            (list, cond, format!("{describe}[{word} {}]", self.text(filter.cond.span)))
        });
        self.scope_floor = floor;
        self.let_chain.pop();
        result
    }

    /// `name` reached again while the `let` values and filtered lists from `from` on in the chain
    /// are worked out: the cycle, named along it.
    fn cycle_message(&self, name: &str, from: usize) -> Text {
        let members = self.let_chain.get(from..).unwrap_or_default();
        let path: String = members.iter().map(|n| format!("`{n}` → ")).chain([format!("`{name}`")]).collect();
        if members.len() <= 1 {
            t(
                format!("`{name}` is defined in terms of itself"),
                format!("`{name}` didefinisikan dengan dirinya sendiri"),
            )
        } else if members.iter().all(|n| self.filtered.contains_key(n)) {
            t(
                format!("lists are chosen from each other in a cycle: {path}"),
                format!("daftar saling dipilih satu dari yang lain dalam siklus: {path}"),
            )
        } else {
            t(
                format!("values are defined in terms of each other in a cycle: {path}"),
                format!("nilai saling didefinisikan dalam siklus: {path}"),
            )
        }
    }

    fn resolve_let(&mut self, name: &str, span: Span) -> Option<(usize, Ty)> {
        match self.let_state.get(name) {
            Some(LetState::Done(i, ty)) => {
                if let Some(reads) = self.let_reads.get(name) {
                    self.reads.extend(reads.iter().copied());
                }
                Some((*i, ty.clone()))
            }
            Some(LetState::Checking) => {
                let from = self.let_chain.iter().position(|n| n == name).unwrap_or(0);
                let msg = self.cycle_message(name, from);
                self.err("cycle", span, msg);
                None
            }
            Some(LetState::Unchecked(i)) => {
                let i = *i;
                if self.let_chain.len() >= MAX_LET_CHAIN {
                    self.err(
                        "too-deep",
                        span,
                        t(
                            format!("values are defined in terms of each other more than {MAX_LET_CHAIN} levels deep"),
                            format!("nilai didefinisikan satu dari yang lain lebih dari {MAX_LET_CHAIN} tingkat"),
                        ),
                    );
                    return None;
                }
                let decl = *self.let_decls.get(i)?;
                self.let_chain.push(name.to_string());
                self.let_state.insert(name.to_string(), LetState::Checking);
                let saved = std::mem::take(&mut self.frames);
                let floor = std::mem::replace(&mut self.scope_floor, 0);
                let outer_reads = std::mem::take(&mut self.reads);
                let e = self.expr(&decl.value);
                let reads = std::mem::replace(&mut self.reads, outer_reads);
                self.reads.extend(reads.iter().copied());
                self.let_reads.insert(name.to_string(), reads);
                self.frames = saved;
                self.scope_floor = floor;
                let ty = e.ty.clone();
                if let Some(slot) = self.lets.get_mut(i) {
                    *slot = Some(LetIR { name: name.to_string(), expr: e, base: 0 });
                }
                self.let_state.insert(name.to_string(), LetState::Done(i, ty.clone()));
                self.let_chain.pop();
                Some((i, ty))
            }
            None => None,
        }
    }

    fn mismatch(&mut self, span: Span, expected: &Ty, found: &Ty) {
        // `1.500` where a whole number is expected: thousands as Indonesian writes them.
        let written = self.text(span);
        let written = written.trim();
        let help = (matches!((expected, found), (Ty::Int, Ty::Decimal)) && aturan_dsl::thousands_like(written))
            .then(|| aturan_dsl::thousands_help(&written.replace('.', ""), written));
        self.err_help(
            "type-mismatch",
            span,
            t(
                format!("expected {}, found {}", expected.describe(), found.describe()),
                format!("seharusnya {}, ditemukan {}", expected.describe_id(), found.describe_id()),
            ),
            help,
        );
    }

    fn cond(&mut self, e: &Expr) -> Vec<Cond> {
        let mut parts = Vec::new();
        split_and(e, &mut parts);
        parts
            .into_iter()
            .map(|p| {
                let c = self.expr(p);
                self.expect_bool(&c, p.span);
                Cond { expr: c, text: self.text(p.span) }
            })
            .collect()
    }

    fn expect_bool(&mut self, c: &CExpr, span: Span) {
        if !matches!(c.ty, Ty::Bool | Ty::Error | Ty::Nothing) {
            self.err_help(
                "type-mismatch",
                span,
                t(
                    format!("a condition must be true or false, but this is {}", c.ty.describe()),
                    format!("syarat harus benar atau salah, tetapi ini {}", c.ty.describe_id()),
                ),
                Some(t("compare it with something, e.g. `>= 4`", "bandingkan dengan sesuatu, misalnya `>= 4`")),
            );
        }
    }

    fn outcome(&mut self, o: &ast::OutcomeAst) -> OutcomeIR {
        let kind = ast_kind(o.kind);
        let mut args = Vec::new();
        for (name, e) in &o.args {
            if args.iter().any(|(n, _): &(String, CExpr)| *n == name.name) {
                self.err(
                    "duplicate",
                    name.span,
                    t(
                        format!("parameter `{}` is given twice", name.name),
                        format!("parameter `{}` diberikan dua kali", name.name),
                    ),
                );
                continue;
            }
            let c = self.expr(e);
            if matches!(c.ty, Ty::Bool | Ty::Record(_) | Ty::List(_) | Ty::Range(_) | Ty::Sanction) {
                self.err(
                    "outcome-param",
                    e.span,
                    t(
                        format!(
                            "an outcome parameter must be a number, text, date or enum value, not {}",
                            c.ty.describe()
                        ),
                        format!(
                            "parameter hasil harus berupa bilangan, teks, tanggal atau nilai enum, bukan {}",
                            c.ty.describe_id()
                        ),
                    ),
                );
            }
            let key = (kind, o.code.name.clone(), name.name.clone());
            let norm = |ty: &Ty| {
                if ty.is_numeric() {
                    Ty::Decimal
                } else {
                    ty.clone()
                }
            };
            match self.outcome_params.get(&key) {
                // A first use whose type is not known (a misspelt name there, said there): the
                // first known one counts, so that one slip does not make every use an error.
                Some((Ty::Error, _)) | None => {
                    self.outcome_params.insert(key, (c.ty.clone(), e.span));
                }
                Some((ty, first)) if !matches!(c.ty, Ty::Error | Ty::Nothing) && norm(ty) != norm(&c.ty) => {
                    let line = self.lines.line(first.start);
                    let (tyd, cd) = (ty.describe(), c.ty.describe());
                    let (tyd_id, cd_id) = (ty.describe_id(), c.ty.describe_id());
                    // A number in quotes, here or there, is the usual slip: the one to write.
                    let help = quoted_number(&self.text(e.span), None)
                        .or_else(|| quoted_number(&self.text(*first), Some(line)))
                        .unwrap_or_else(|| {
                            t(
                                "every rule giving this outcome must give its parameters the same types",
                                "setiap aturan yang memberi hasil ini harus memberi parameter dengan tipe yang sama",
                            )
                        });
                    self.err_help(
                        "outcome-param",
                        e.span,
                        t(
                            format!(
                                "parameter `{}` of {} `{}` is {cd} here but {tyd} on line {line}",
                                name.name,
                                kind.as_str(),
                                o.code.name
                            ),
                            format!(
                                "parameter `{}` dari {} `{}` bertipe {cd_id} di sini tetapi {tyd_id} di baris {line}",
                                name.name,
                                crate::messages::kind_word(kind).id,
                                o.code.name
                            ),
                        ),
                        Some(help),
                    );
                }
                Some(_) => {}
            }
            args.push((name.name.clone(), c));
        }
        OutcomeIR {
            kind,
            code: Arc::from(o.code.name.as_str()),
            args,
            fixed: None,
            origin: Arc::new(Origin::default()),
            memo: crate::eval::ParamsCache::new_key(),
            rank: 0,
        }
    }

    /// A period (the policy's, a rule's or a table's); one that ends before it starts is an
    /// error, said by `inverted`.
    fn effective(&mut self, e: &ast::Effective, inverted: Text) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let from = e.from.as_ref().and_then(|(s, sp)| self.date(s, *sp));
        let until = e.until.as_ref().and_then(|(s, sp)| self.date(s, *sp));
        if let (Some(a), Some(b), Some((_, sp))) = (from, until, &e.until) {
            if b < a {
                let (a, b) = (iso_date(a), iso_date(b));
                let help = t(
                    format!("the end date may not be before the start (a period of one day ends on the day it starts): write `from {b} until {a}` if the two are the wrong way round"),
                    format!("tanggal akhir tidak boleh sebelum tanggal mulai (masa satu hari berakhir pada hari mulainya): tulis `mulai {b} sampai {a}` jika keduanya tertukar"),
                );
                self.err_help("bad-period", *sp, inverted, Some(help));
            }
        }
        (from, until)
    }

    fn rule(&mut self, r: &ast::Rule) -> Option<RuleIR> {
        let when = self.when(&r.head);
        let outcome = r.outcome.as_ref().map(|o| self.outcome(o));
        // `then none` gives its base's kind, set once the exceptions are known.
        let kind = outcome.as_ref().map_or(OutcomeKind::Notice, |o| o.kind);
        Some(self.rule_ir(&r.head, kind, Body::Rule { when, outcome }))
    }

    /// The `when` conditions of a rule or table, each `and`-ed part apart.
    fn when(&mut self, head: &ast::RuleHead) -> Vec<Cond> {
        head.when.as_ref().map(|w| self.cond(w)).unwrap_or_default()
    }

    /// A compiled rule or table from its shared head and its body.
    fn rule_ir(&mut self, head: &ast::RuleHead, kind: OutcomeKind, body: Body) -> RuleIR {
        let (from, until) = self.effective(
            &head.effective,
            match body {
                Body::Table { .. } => t("this table ends before it starts", "tabel ini berakhir sebelum mulai berlaku"),
                Body::Rule { .. } => t("this rule ends before it starts", "aturan ini berakhir sebelum mulai berlaku"),
            },
        );
        let table = matches!(body, Body::Table { .. });
        self.require_source(&head.source, head.id.span, table);
        let mut codes: Vec<Arc<str>> = Vec::new();
        for o in outcomes_in(&body) {
            if !codes.iter().any(|c| **c == *o.code) {
                codes.push(o.code.clone());
            }
        }
        RuleIR {
            id: Arc::from(head.id.name.as_str()),
            title: Arc::from(head.title.as_str()),
            source: Arc::from(head.source.as_deref().unwrap_or_default()),
            kind,
            from,
            until,
            exception_to: None,
            body,
            line: self.lines.line(head.span.start),
            codes,
        }
    }

    fn require_source(&mut self, source: &Option<String>, span: Span, table: bool) {
        if source.as_deref().is_none_or(|s| s.trim().is_empty()) {
            let message = if table {
                t("this decision table cites no regulation", "tabel keputusan ini tidak mengutip peraturan")
            } else {
                t("this rule cites no regulation", "aturan ini tidak mengutip peraturan")
            };
            self.diags.push(Diagnostic::warning("no-source", span, message).with_help(t(
                "add `source \"…\"` with the regulation and article",
                "tambahkan `sumber \"…\"` dengan peraturan dan pasalnya",
            )));
        }
    }

    fn table(&mut self, tb: &ast::DecisionTable) -> Option<RuleIR> {
        let when = self.when(&tb.head);
        let inputs: Vec<(CExpr, String)> = tb.inputs.iter().map(|e| (self.expr(e), self.text(e.span))).collect();
        if inputs.is_empty() {
            self.err(
                "table",
                tb.header_span,
                t(
                    "a decision table needs at least one input column before the outcome column",
                    "tabel keputusan memerlukan paling sedikit satu kolom masukan sebelum kolom hasil",
                ),
            );
        }
        // Each input is worked out once per evaluation, not once per row: the rows test it
        // through a hidden `let` (named by the input's text, which is what a reader sees).
        let subjects: Vec<(CExpr, String)> =
            inputs.iter().map(|(e, text)| (self.shared_input(e, text, self.frames.len()), text.clone())).collect();
        let mut rows = Vec::new();
        let (mut table_bands, mut row_spans) = (Vec::new(), Vec::new());
        let mut kind: Option<OutcomeKind> = None;
        for row in &tb.rows {
            if row.cells.len() != inputs.len() + 1 {
                self.err(
                    "table",
                    row.span,
                    t(
                        format!("this row has {} cells but the header has {}", row.cells.len(), inputs.len() + 1),
                        format!("baris ini memiliki {} sel tetapi judulnya {}", row.cells.len(), inputs.len() + 1),
                    ),
                );
                continue;
            }
            let mut cells = Vec::new();
            let mut row_bands = Vec::new();
            for (cell, subject) in row.cells.iter().zip(subjects.iter()) {
                let input_text = &subject.1;
                let text = self.text(cell.span());
                let (c, band) = self.cell(cell, subject);
                row_bands.push(band);
                let shown = match &c {
                    CellIR::Any => t("-", "-"),
                    CellIR::Test(_) => {
                        let (en, id) = cell_phrase(&text);
                        t(format!("{input_text} {en}"), format!("{input_text} {id}"))
                    }
                };
                cells.push((c, shown));
            }
            let outcome = match row.cells.last() {
                Some(ast::Cell::Outcome(o)) => {
                    let oi = self.outcome(o);
                    if let Some(k) = kind {
                        if k != oi.kind {
                            self.err(
                                "table",
                                o.span,
                                t(
                                    format!(
                                        "every row of a table must give the same kind of outcome; this one gives a {}",
                                        oi.kind.as_str()
                                    ),
                                    format!(
                                        "setiap baris tabel harus memberi jenis hasil yang sama; baris ini memberi {}",
                                        crate::messages::kind_word(oi.kind).id
                                    ),
                                ),
                            );
                        }
                    }
                    kind = Some(oi.kind);
                    Some(oi)
                }
                Some(ast::Cell::None(_)) => None,
                Some(other) => {
                    self.err(
                        "table",
                        other.span(),
                        t(
                            "the last cell of a row must be an outcome or `none`",
                            "sel terakhir sebuah baris harus berupa hasil atau `tidak_ada`",
                        ),
                    );
                    None
                }
                None => None,
            };
            let id = Arc::from(format!("{}#{}", tb.head.id.name, rows.len() + 1));
            rows.push(RowIR { cells, outcome, line: self.lines.line(row.span.start), id });
            table_bands.push(row_bands);
            row_spans.push(row.span);
        }
        let input_types: Vec<Ty> = inputs.iter().map(|(e, _)| e.ty.clone()).collect();
        let input_texts: Vec<&str> = inputs.iter().map(|(_, text)| text.as_str()).collect();
        let findings = bands::check(&table_bands, &input_types, tb.hit == ast::HitPolicy::First);
        self.band_warnings(&tb.head.id.name, &findings, &row_spans, &input_texts, &input_types, false);
        for cell in tb.rows.iter().flat_map(|r| r.cells.iter().rev().skip(1)) {
            if matches!(cell, ast::Cell::Outcome(_) | ast::Cell::None(_)) {
                self.err(
                    "table",
                    cell.span(),
                    t("an outcome can only stand in the last column", "hasil hanya boleh berada di kolom terakhir"),
                );
            }
        }
        let Some(kind) = kind else {
            self.err(
                "table",
                tb.head.id.span,
                t("this table gives no outcome in any row", "tabel ini tidak memberi hasil di baris mana pun"),
            );
            return None;
        };
        Some(self.rule_ir(&tb.head, kind, Body::Table { when, hit: tb.hit, inputs, rows }))
    }

    /// Warnings for a table's bands: values no row matches between two rows, rows that never
    /// apply. `lookup`: the table is a lookup table, whose one input is its key.
    fn band_warnings(
        &mut self,
        table: &str,
        findings: &[bands::Finding],
        spans: &[Span],
        inputs: &[&str],
        types: &[Ty],
        lookup: bool,
    ) {
        // How the input is named: `presensi.alpa_hari`, or a lookup table's key.
        let named = |name: &str| {
            if lookup {
                (String::from("a key"), String::from("kunci"))
            } else {
                (format!("`{name}`"), format!("`{name}`"))
            }
        };
        for f in findings {
            match f {
                bands::Finding::Gap { input, below, above, from, to, ends, example } => {
                    let (Some(span), Some(name), Some(ty)) = (spans.get(*above), inputs.get(*input), types.get(*input))
                    else {
                        continue;
                    };
                    let (from, to) = (crate::explain::show(from, ty), crate::explain::show(to, ty));
                    let (ne, ni) = named(name);
                    let (en, id) = match ends {
                        _ if from == to => (format!("{ne} = {from}"), format!("{ni} = {from}")),
                        (true, true) => (format!("{ne} from {from} to {to}"), format!("{ni} dari {from} sampai {to}")),
                        (true, false) => (
                            format!("{ne} from {from} to below {to}"),
                            format!("{ni} dari {from} sampai di bawah {to}"),
                        ),
                        (false, true) => {
                            (format!("{ne} above {from} up to {to}"), format!("{ni} di atas {from} sampai {to}"))
                        }
                        (false, false) => {
                            (format!("{ne} between {from} and {to}"), format!("{ni} di antara {from} dan {to}"))
                        }
                    };
                    let (en, id) = match example {
                        Some(x) => {
                            let x = crate::explain::show(x, ty);
                            (format!("{en} (such as {x})"), format!("{id} (misalnya {x})"))
                        }
                        None => (en, id),
                    };
                    // The end that makes the lower band meet the higher one: just below where the
                    // higher one starts, or up to the last value of the gap when that one is in it.
                    let end = if matches!(ty, Ty::Decimal) && !ends.1 { format!("..<{to}") } else { format!("..{to}") };
                    let (low, high) = (below + 1, above + 1);
                    let (meet_en, meet_id) = (
                        format!("let row {low} reach row {high}: end it `{end}`"),
                        format!("sambungkan baris {low} ke baris {high}: akhiri dengan `{end}`"),
                    );
                    let (message, help) = if lookup {
                        (
                            t(
                                format!("no row of `{table}` matches {en}: `{table}` gives an undetermined value there"),
                                format!("tidak ada baris tabel `{table}` yang cocok untuk {id}: `{table}` memberi nilai belum pasti di sana"),
                            ),
                            t(format!("{meet_en}, or add an `else` row"), format!("{meet_id}, atau tambahkan baris `lainnya`")),
                        )
                    } else {
                        (
                            t(
                                format!("no row of `{table}` matches {en}: the table gives no outcome there"),
                                format!("tidak ada baris tabel `{table}` yang cocok untuk {id}: tabel tidak memberi hasil di sana"),
                            ),
                            t(
                                format!("{meet_en}, or add a row giving `none` if no outcome is meant"),
                                format!("{meet_id}, atau tambahkan baris `tidak_ada` bila memang tanpa hasil"),
                            ),
                        )
                    };
                    self.diags.push(Diagnostic::warning("table-gap", *span, message).with_help(help));
                }
                bands::Finding::Overlap { input, above, row, from, to, to_in } => {
                    let (Some(span), Some(name), Some(ty)) = (spans.get(*row), inputs.get(*input), types.get(*input))
                    else {
                        continue;
                    };
                    let (from, to) = (crate::explain::show(from, ty), crate::explain::show(to, ty));
                    let (a, b) = (above + 1, row + 1);
                    let (ne, ni) = named(name);
                    let (en, id) = if from == to {
                        (format!("{ne} = {from}"), format!("{ni} = {from}"))
                    } else if *to_in {
                        (format!("{ne} from {from} to {to}"), format!("{ni} dari {from} sampai {to}"))
                    } else {
                        (format!("{ne} from {from} to below {to}"), format!("{ni} dari {from} sampai di bawah {to}"))
                    };
                    let (gives_en, gives_id) = if lookup {
                        (
                            format!("row {a}, the first, gives the value there"),
                            format!("baris {a}, yang pertama, memberi nilai di sana"),
                        )
                    } else {
                        (
                            format!("with `hit first` row {a} gives the outcome there"),
                            format!("dengan `hit pertama`, hasilnya diambil dari baris {a}"),
                        )
                    };
                    self.diags.push(
                        Diagnostic::warning(
                            "table-overlap",
                            *span,
                            t(
                                format!("rows {a} and {b} of `{table}` both match {en}; {gives_en}"),
                                format!("baris {a} dan {b} tabel `{table}` sama-sama cocok untuk {id}; {gives_id}"),
                            ),
                        )
                        .with_help(if from == to {
                            // One value shared, at the meeting of the bands: say it.
                            t(
                                format!("let the bands meet without sharing {from}: leave it out of the lower one (`..<{from}`, `< {from}`) or out of the higher one"),
                                format!("rentang boleh bersambung tetapi tidak boleh sama-sama memuat {from}: keluarkan {from} dari rentang yang lebih rendah (`..<{from}`, `< {from}`) atau dari yang lebih tinggi"),
                            )
                        } else {
                            t(
                                "let the bands meet without sharing values: `10..<20` then `20..30` (or `10..19` then `20..30` for whole numbers)",
                                "sambungkan rentang tanpa nilai bersama: `10..<20` lalu `20..30` (atau `10..19` lalu `20..30` untuk bilangan bulat)",
                            )
                        }),
                    );
                }
                bands::Finding::Shadowed { row, input } => {
                    let Some(span) = spans.get(*row) else { continue };
                    let n = row + 1;
                    let (en, id) = match input.and_then(|i| inputs.get(i)) {
                        Some(_) if lookup => (
                            format!("row {n} of `{table}` never applies: the rows above it match every key it matches"),
                            format!("baris {n} `{table}` tidak pernah berlaku: baris di atasnya sudah cocok untuk setiap kunci yang cocok dengannya"),
                        ),
                        Some(name) => (
                            format!("row {n} of `{table}` never applies: the rows above it match every `{name}` it matches"),
                            format!("baris {n} `{table}` tidak pernah berlaku: baris di atasnya sudah cocok untuk setiap `{name}` yang cocok dengannya"),
                        ),
                        None => (
                            format!("row {n} of `{table}` never applies: a row above it matches everything"),
                            format!("baris {n} `{table}` tidak pernah berlaku: sebuah baris di atasnya cocok untuk semuanya"),
                        ),
                    };
                    let help = if lookup {
                        t(
                            "the first matching row gives the value: put the narrower row above the wider one",
                            "baris pertama yang cocok yang memberi nilai: letakkan baris yang lebih sempit di atas yang lebih luas",
                        )
                    } else {
                        t(
                            "with `hit first` the first matching row wins: put the narrower row above the wider one",
                            "dengan `hit pertama`, yang berlaku adalah baris pertama yang cocok: letakkan baris yang lebih sempit di atas yang lebih luas",
                        )
                    };
                    self.diags.push(Diagnostic::warning("unreachable-row", *span, t(en, id)).with_help(help));
                }
            }
        }
    }

    /// A value several places read (a table's input, a part of an aggregate's filter): a hidden
    /// `let`, worked out once per evaluation, unless it is read in place in one step anyway (a
    /// path through fields, read in every row, costs more than the `let`).
    /// `base`: the aggregate items in scope where `input` was compiled (see [`LetIR::base`]).
    fn shared_input(&mut self, input: &CExpr, text: &str, base: usize) -> CExpr {
        if input.read_in_place() && input.fields.is_empty() {
            return input.clone();
        }
        let i = self.lets.len();
        self.lets.push(Some(LetIR { name: text.to_string(), expr: input.clone(), base }));
        let mut e = Self::mk(CK::Let(i), input.ty.clone(), input.span);
        e.depth = input.depth.saturating_add(1);
        e
    }

    /// A table cell compiled, with the values it admits when they can be known from the text
    /// (for the checks of [`crate::bands`]).
    fn cell(&mut self, cell: &ast::Cell, input: &(CExpr, String)) -> (CellIR, bands::Cell) {
        let subject = input.0.clone();
        let constant = |e: &CExpr| match &e.kind {
            CK::Const(v) => Some(v.clone()),
            _ => None,
        };
        match cell {
            ast::Cell::Any(_) => (CellIR::Any, bands::Cell::Any),
            ast::Cell::Compare(op, e, sp) => {
                self.dash_range(e);
                let rhs = self.expr(e);
                let band = constant(&rhs).map_or(bands::Cell::Other, |v| bands::Cell::compare(*op, v));
                (CellIR::Test(self.compare(*op, subject, rhs, *sp)), band)
            }
            ast::Cell::Range(a, b, excl, sp) => {
                let lo = self.expr(a);
                let hi = self.expr(b);
                let band = match (constant(&lo), constant(&hi)) {
                    (Some(x), Some(y)) => bands::Cell::range(x, y, *excl),
                    _ => bands::Cell::Other,
                };
                let range = self.range(lo, hi, *excl, *sp);
                (CellIR::Test(self.membership(subject, range, false, *sp)), band)
            }
            ast::Cell::OneOf(items, sp) => {
                items.iter().for_each(|e| self.dash_range(e));
                let list: Vec<CExpr> = items.iter().map(|e| self.expr(e)).collect();
                let ty = list.first().map(|c| c.ty.clone()).unwrap_or(Ty::Nothing);
                let l = CExpr::new(CK::List(list), Ty::List(Box::new(ty)), *sp);
                (CellIR::Test(self.membership(subject, l, false, *sp)), bands::Cell::Other)
            }
            ast::Cell::None(sp) | ast::Cell::Outcome(ast::OutcomeAst { span: sp, .. }) => {
                self.err(
                    "table",
                    *sp,
                    t("an outcome can only stand in the last column", "hasil hanya boleh berada di kolom terakhir"),
                );
                (CellIR::Any, bands::Cell::Other)
            }
        }
    }

    /// An example's facts are the policy's own: wrong ones (a misspelt enum value, a text for a
    /// number) are errors here rather than a failed example later, and a field the policy does
    /// not declare (a misspelt name, which would leave the fact missing) is warned about.
    fn example_facts(&mut self, ex: &ast::Example, given: &serde_json::Value) {
        if let Err(issues) = crate::facts::read_facts(&self.facts, given) {
            for i in issues.iter().take(10) {
                let at = self.example_field(ex, &i.path);
                self.err(
                    "example-facts",
                    at,
                    t(
                        format!(
                            "the example's facts do not match the declaration: {}",
                            i.message(aturan_dsl::Lang::En)
                        ),
                        format!("fakta contoh tidak sesuai dengan deklarasi: {}", i.message(aturan_dsl::Lang::Id)),
                    ),
                );
            }
        }
        let mut extra = Vec::new();
        crate::facts::undeclared(&self.facts, given, "", 10, &mut extra);
        for (path, near) in extra {
            let help = near.map(|n| t(format!("did you mean `{n}`?"), format!("maksud Anda `{n}`?")));
            let at = self.example_field(ex, &path);
            let mut d = Diagnostic::warning(
                "example-undeclared",
                at,
                t(
                    format!("the example gives `{path}`, which the policy does not declare; the engine ignores it"),
                    format!("contoh memberi `{path}`, yang tidak dideklarasikan kebijakan; mesin mengabaikannya"),
                ),
            );
            d.help = help;
            self.diags.push(d);
        }
    }

    /// Where an example's facts give `path` (`status`, `kinerja[1].tahun`): the field's name in the
    /// example's text, found key by key (the `n`-th of its name after a list index); the whole
    /// example when it cannot be found.
    fn example_field(&self, ex: &ast::Example, path: &str) -> Span {
        let text = ex.span.text(self.source);
        let mut from = 0usize;
        let mut found = None;
        let mut skip = 0usize;
        for part in path.split('.') {
            let (key, index) = match part.split_once('[') {
                Some((k, rest)) => (k, rest.trim_end_matches(']').parse::<usize>().ok()),
                None => (part, None),
            };
            let mut at = field_key_at(text, key, from);
            for _ in 0..skip {
                at = at.and_then(|i| field_key_at(text, key, i + key.len()));
            }
            let Some(i) = at else { return ex.span };
            found = Some(Span::new(ex.span.start + i, ex.span.start + i + key.len()));
            from = i + key.len();
            skip = index.unwrap_or(0);
        }
        found.unwrap_or(ex.span)
    }

    /// A table cell `75 - 90`: a band written the way a document writes it, which would be the
    /// number -15 (a row that never matches). Refused, with the range it stands for.
    fn dash_range(&mut self, e: &ast::Expr) {
        let ast::ExprKind::Binary(ast::BinOp::Sub, a, b) = &e.kind else { return };
        let (ast::ExprKind::Number(x), ast::ExprKind::Number(y)) = (&a.kind, &b.kind) else { return };
        self.err_help(
            "table-range",
            e.span,
            t(
                format!("`{x} - {y}` is a subtraction (the number {}), not a band", minus_text(x, y)),
                format!("`{x} - {y}` adalah pengurangan (bilangan {}), bukan rentang", minus_text(x, y)),
            ),
            Some(t(
                format!("for the band from {x} to {y} write `{x}..{y}` (or `{x}..<{y}` to leave {y} out)"),
                format!("untuk rentang {x} sampai {y} tulis `{x}..{y}` (atau `{x}..<{y}` agar {y} tidak termasuk)"),
            )),
        );
    }

    /// Warns that `n`, written as Indonesian writes thousands (`37.000`), is read with a decimal
    /// point: it is 37.
    fn thousands_warning(&mut self, n: &str, sp: Span) {
        if !aturan_dsl::thousands_like(n) {
            return;
        }
        let (whole, read) = (n.replace('.', ""), Decimal::from_str_exact(n).map(|d| d.normalize()));
        let read = read.map(|d| d.to_string()).unwrap_or_default();
        self.diags.push(Diagnostic::warning(
            "thousands",
            sp,
            t(
                format!("`{n}` is {read} (the point is a decimal point); if {whole} was meant, write `{whole}`"),
                format!("`{n}` bernilai {read} (titiknya titik desimal); jika yang dimaksud {whole}, tulis `{whole}`"),
            ),
        ));
    }

    /// The thousands warning for the numbers of an example's facts, each at its field.
    fn thousands_in_facts(&mut self, ex: &ast::Example, j: &ast::Json, path: &str) {
        match j {
            ast::Json::Number(n) => {
                let sp = self.example_field(ex, path);
                self.thousands_warning(n, sp);
            }
            ast::Json::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    self.thousands_in_facts(ex, v, &format!("{path}[{i}]"));
                }
            }
            ast::Json::Object(fields) => {
                for (k, v) in fields {
                    let at = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                    self.thousands_in_facts(ex, v, &at);
                }
            }
            _ => {}
        }
    }

    fn example(&mut self, ex: &ast::Example, rules: &[RuleIR]) -> Option<ExampleIR> {
        let as_of = self.date(&ex.as_of.0, ex.as_of.1)?;
        // As in facts sent as JSON text, a field named twice would be decided on a guess.
        if let Some(path) = given_twice(&ex.given, "") {
            // At its second mention: the first one as the path finds it, then the key again.
            let first = self.example_field(ex, &path);
            let key = path.rsplit(['.', ']']).next().unwrap_or(&path);
            let text = ex.span.text(self.source);
            let second = field_key_at(text, key, first.end - ex.span.start)
                .map_or(first, |i| Span::new(ex.span.start + i, ex.span.start + i + key.len()));
            self.err(
                "duplicate",
                second,
                t(
                    format!("the example's facts give `{path}` twice; which one counts would be a guess"),
                    format!("fakta contoh memberi `{path}` dua kali; mana yang berlaku hanya tebakan"),
                ),
            );
        }
        let given = json_value(&ex.given);
        self.example_facts(ex, &given);
        self.thousands_in_facts(ex, &ex.given, "");
        let mut params = serde_json::Map::new();
        for (k, (n, v)) in ex.params.iter().enumerate() {
            if let ast::Json::Number(x) = v {
                self.thousands_warning(x, n.span);
            }
            if ex.params.iter().take(k).any(|(m, _)| m.name == n.name) {
                self.err(
                    "duplicate",
                    n.span,
                    t(
                        format!("parameter `{}` is given twice", n.name),
                        format!("parameter `{}` diberikan dua kali", n.name),
                    ),
                );
            }
            if !self.params.iter().any(|p| p.name == n.name) {
                let names: Vec<String> = self.params.iter().map(|p| p.name.clone()).collect();
                let help = suggestion(&n.name, names.iter().map(String::as_str));
                self.err_help(
                    "unknown-param",
                    n.span,
                    t(format!("no parameter named `{}`", n.name), format!("tidak ada parameter bernama `{}`", n.name)),
                    help,
                );
            }
            let value = json_value(v);
            if let Some(p) = self.params.iter().find(|p| p.name == n.name) {
                let wrong = match crate::facts::read_value(&p.field(), &value) {
                    Err(issue) => Some((issue.expected, issue.found)),
                    Ok(_) if value.is_null() => Some((t(p.ty.describe(), p.ty.describe_id()), "null".into())),
                    Ok(_) => None,
                };
                if let Some((expected, found)) = wrong {
                    self.err(
                        "example-param",
                        n.span,
                        t(
                            format!("parameter `{}`: expected {}, found {found}", n.name, expected.en),
                            format!("parameter `{}`: seharusnya {}, ditemukan {found}", n.name, expected.id),
                        ),
                    );
                }
            }
            params.insert(n.name.clone(), value);
        }
        let mut expect = Vec::new();
        let mut expect_lines = Vec::new();
        let known_codes: Vec<String> = rules.iter().flat_map(outcome_codes).collect();
        let known: Vec<(OutcomeKind, String)> =
            rules.iter().flat_map(|r| outcome_codes(r).into_iter().map(move |c| (r.kind, c))).collect();
        // An expectation naming a code with a kind no rule gives it (`no notice tpp` where `tpp`
        // is a reward) would hold whatever the decision.
        let check_kind = |me: &mut Self, kind: OutcomeKind, code: &ast::Ident| {
            if known_codes.contains(&code.name) && !known.iter().any(|(k, c)| *k == kind && *c == code.name) {
                // Several rules give it: each kind is said once.
                let mut kinds: Vec<OutcomeKind> = Vec::new();
                for (k, _) in known.iter().filter(|(_, c)| *c == code.name) {
                    if !kinds.contains(k) {
                        kinds.push(*k);
                    }
                }
                let given: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
                let given_id: Vec<String> = kinds.iter().map(|k| crate::messages::kind_word(*k).id).collect();
                me.err(
                    "unknown-outcome",
                    code.span,
                    t(
                        format!("no rule gives {} `{}`; it is a {}", kind.as_str(), code.name, given.join(", ")),
                        format!(
                            "tidak ada aturan yang memberi {} `{}`; itu adalah {}",
                            crate::messages::kind_word(kind).id,
                            code.name,
                            given_id.join(", ")
                        ),
                    ),
                );
            }
        };
        for e in &ex.expect {
            let check_code = |me: &mut Self, code: &ast::Ident| {
                if !known_codes.contains(&code.name) && code.name != "sanction" && code.name != "sanksi" {
                    let help = suggestion(&code.name, known_codes.iter().map(String::as_str));
                    me.err_help(
                        "unknown-outcome",
                        code.span,
                        t(
                            format!("no rule gives an outcome `{}`", code.name),
                            format!("tidak ada aturan yang memberi hasil `{}`", code.name),
                        ),
                        help,
                    );
                }
            };
            let at = match e {
                ast::Expectation::NoSanction(sp) | ast::Expectation::No(_, _, sp) => sp.start,
                ast::Expectation::Undetermined(code) => code.span.start,
                ast::Expectation::Outcome(o) => o.span.start,
            };
            expect_lines.push(self.lines.line(at));
            expect.push(match e {
                ast::Expectation::NoSanction(_) => Expect::NoSanction,
                ast::Expectation::No(k, code, _) => {
                    if let Some(c) = code {
                        check_code(self, c);
                        check_kind(self, ast_kind(*k), c);
                    }
                    Expect::No(ast_kind(*k), code.as_ref().map(|c| c.name.clone()))
                }
                ast::Expectation::Undetermined(code) => {
                    check_code(self, code);
                    Expect::Undetermined(code.name.clone())
                }
                ast::Expectation::Outcome(o) => {
                    check_code(self, &o.code);
                    check_kind(self, ast_kind(o.kind), &o.code);
                    let mut args = Vec::new();
                    let kind = ast_kind(o.kind);
                    let given: Vec<&OutcomeIR> = rules
                        .iter()
                        .filter(|r| r.kind == kind)
                        .flat_map(outcomes_of)
                        .filter(|g| *g.code == *o.code.name)
                        .collect();
                    for (n, e) in &o.args {
                        let c = self.expr(e);
                        let mut wrong_type = false;
                        // A parameter no rule gives this outcome, or of another type: the
                        // expectation could never hold.
                        let declared: Vec<&(String, CExpr)> =
                            given.iter().flat_map(|g| g.args.iter()).filter(|(a, _)| *a == n.name).collect();
                        if !given.is_empty() && declared.is_empty() {
                            let names: Vec<&str> =
                                given.iter().flat_map(|g| g.args.iter().map(|(a, _)| a.as_str())).collect();
                            let help = suggestion(&n.name, names.iter().copied());
                            self.err_help(
                                "unknown-param",
                                n.span,
                                t(
                                    format!("no rule gives `{}` a parameter `{}`", o.code.name, n.name),
                                    format!("tidak ada aturan yang memberi `{}` dengan parameter `{}`", o.code.name, n.name),
                                ),
                                help,
                            );
                        } else if let Some((_, g)) =
                            declared.iter().find(|(_, g)| g.ty != Ty::Error).or(declared.first())
                        {
                            let number = |ty: &Ty| matches!(ty, Ty::Int | Ty::Decimal);
                            // An enum value is written as its text (`ke: "III/b"`).
                            let enum_value = match (&g.ty, &c.kind) {
                                (Ty::Enum(en), CK::Const(Value::Text(v))) => Some((en, v.clone())),
                                _ => None,
                            };
                            if let Some((en, v)) = &enum_value {
                                if en.index_of(v).is_none() {
                                    let help = suggestion(v, en.values.iter().map(String::as_str));
                                    self.err_help(
                                        "unknown-value",
                                        e.span,
                                        t(
                                            format!("`{v}` is not a value of {}", g.ty.describe()),
                                            format!("`{v}` bukan nilai dari {}", g.ty.describe_id()),
                                        ),
                                        help,
                                    );
                                }
                            }
                            // A date or a number written as text, as facts and case files may
                            // (`"2020-01-01"`, `"30"`).
                            let as_text = match (&g.ty, &c.kind) {
                                (Ty::Date, CK::Const(Value::Text(v))) => crate::value::parse_iso_date(v).is_some(),
                                (ty, CK::Const(Value::Text(v))) if number(ty) => {
                                    crate::facts::decimal_of(v.trim()).is_some()
                                }
                                _ => false,
                            };
                            let fits = c.ty == g.ty
                                || matches!(g.ty, Ty::Error)
                                // Already an error (a number too large): said once, there.
                                || matches!(c.ty, Ty::Error)
                                || enum_value.is_some()
                                || as_text
                                || (number(&c.ty) && number(&g.ty))
                                || matches!(c.ty, Ty::Nothing)
                                || matches!(g.ty, Ty::Nothing);
                            let date_text = match (&g.ty, &c.kind) {
                                (Ty::Date, CK::Const(Value::Text(v))) => Some(v.clone()),
                                _ => None,
                            };
                            if let (false, Some(v)) = (fits, date_text) {
                                // `"01-10-2025"`, `"1 Oktober 2025"`: meant as the date, written
                                // another way (it is no text the outcome could have).
                                let (name, code) = (&n.name, &o.code.name);
                                let (message, help) = if crate::value::iso_shaped(v.trim()) {
                                    let message = t(
                                        format!("`{name}` of `{code}` is a date, and \"{v}\" is no day of the calendar"),
                                        format!("`{name}` dari `{code}` bertipe tanggal, dan \"{v}\" bukan tanggal yang ada di kalender"),
                                    );
                                    (message, None)
                                } else {
                                    let message = t(
                                        format!("`{name}` of `{code}` is a date, and \"{v}\" is no date YYYY-MM-DD"),
                                        format!("`{name}` dari `{code}` bertipe tanggal, dan \"{v}\" bukan tanggal YYYY-MM-DD"),
                                    );
                                    (message, self.literal_help(&g.ty, &c))
                                };
                                self.err_help("type", e.span, message, help);
                            } else if !fits {
                                // `2025-10-1` for a date: a date short of a digit, read as a sum.
                                let help = self.literal_help(&g.ty, &c);
                                self.err_help(
                                    "type",
                                    e.span,
                                    t(
                                        format!(
                                            "`{}` of `{}` is {}, but the value expected here is {}",
                                            n.name,
                                            o.code.name,
                                            g.ty.describe(),
                                            c.ty.describe()
                                        ),
                                        format!(
                                            "`{}` dari `{}` bertipe {}, tetapi nilai yang diharapkan di sini bertipe {}",
                                            n.name,
                                            o.code.name,
                                            g.ty.describe_id(),
                                            c.ty.describe_id()
                                        ),
                                    ),
                                    help,
                                );
                            }
                            wrong_type = !fits;
                        }
                        match c.kind {
                            CK::Const(v) => args.push((n.name.clone(), value_json(&v, &c.ty))),
                            // A value of the wrong type is said once, as that.
                            _ if wrong_type => {}
                            _ => {
                                self.err(
                                    "not-constant",
                                    e.span,
                                    t(
                                        "expected values must be plain values",
                                        "nilai yang diharapkan harus berupa nilai biasa",
                                    ),
                                );
                            }
                        }
                    }
                    Expect::Outcome(ast_kind(o.kind), o.code.name.clone(), args)
                }
            });
        }
        Some(ExampleIR {
            name: ex.name.clone(),
            as_of,
            given,
            params,
            expect,
            expect_lines,
            line: self.lines.line(ex.span.start),
        })
    }

    // ------------------------------------------------------------------ expressions

    fn mk(kind: CK, ty: Ty, span: Span) -> CExpr {
        CExpr::new(kind, ty, span)
    }

    fn error_expr(span: Span) -> CExpr {
        Self::mk(CK::Const(Value::None), Ty::Error, span)
    }

    /// Checks an expression. Recursion — through sub-expressions and `let` values alike — is
    /// bounded, so that neither checking nor evaluation can exhaust the stack.
    fn expr(&mut self, e: &Expr) -> CExpr {
        if self.nesting >= MAX_NESTED {
            return self.too_deep(e.span);
        }
        self.nesting += 1;
        let c = self.expr_node(e);
        self.nesting -= 1;
        if c.depth as usize > MAX_NESTED {
            return self.too_deep(e.span);
        }
        c
    }

    /// Reports (once) an expression nested too deeply and stands in for it.
    fn too_deep(&mut self, span: Span) -> CExpr {
        if !self.diags.iter().any(|d| d.code == "too-deep") {
            self.err_help(
                "too-deep",
                span,
                t(
                    format!("this expression, with the values it uses, is nested more than {MAX_NESTED} levels deep"),
                    format!("ekspresi ini, bersama nilai yang dipakainya, bersarang lebih dari {MAX_NESTED} tingkat"),
                ),
                Some(t(
                    "simplify the chain of `let` values it depends on",
                    "sederhanakan rantai nilai `misal` yang dipakainya",
                )),
            );
        }
        Self::error_expr(span)
    }

    fn expr_node(&mut self, e: &Expr) -> CExpr {
        let sp = e.span;
        match &e.kind {
            ExprKind::Bool(b) => Self::mk(CK::Const(Value::Bool(*b)), Ty::Bool, sp),
            ExprKind::Number(n) => {
                if !n.contains('.') {
                    if let Ok(i) = n.parse::<i64>() {
                        return Self::mk(CK::Const(Value::Int(i)), Ty::Int, sp);
                    }
                }
                self.thousands_warning(n, sp);
                match Decimal::from_str_exact(n) {
                    Ok(d) => Self::mk(CK::Const(Value::Dec(d)), Ty::Decimal, sp),
                    Err(_) => {
                        self.err(
                            "bad-number",
                            sp,
                            t(
                                format!("`{n}` is too large or too precise"),
                                format!("`{n}` terlalu besar atau terlalu teliti"),
                            ),
                        );
                        Self::error_expr(sp)
                    }
                }
            }
            ExprKind::Str(s) => Self::mk(CK::Const(Value::Text(Arc::from(s.as_str()))), Ty::Text, sp),
            ExprKind::Date(d) => match self.date(d, sp) {
                Some(d) => Self::mk(CK::Const(Value::Date(d)), Ty::Date, sp),
                None => Self::error_expr(sp),
            },
            ExprKind::None => Self::mk(CK::Const(Value::None), Ty::Nothing, sp),
            ExprKind::Name(n) => self.name(n, sp),
            ExprKind::Sanction => {
                if self.severity.is_none() {
                    self.err(
                        "severity",
                        sp,
                        t(
                            "`sanction` needs a `severity` declaration",
                            "`sanksi` memerlukan deklarasi `tingkat_sanksi`",
                        ),
                    );
                }
                self.reads.push(Read::Sanction);
                Self::mk(CK::Sanction, Ty::Sanction, sp)
            }
            ExprKind::Given(kind, code) => {
                let kind = ast_kind(*kind);
                let next = self.outcome_refs.len();
                let id = *self.outcome_ref_ids.entry((kind, code.name.clone())).or_insert(next);
                if id == next {
                    self.outcome_refs.push((kind, code.name.clone(), code.span));
                }
                self.reads.push(Read::Outcome(id));
                Self::mk(CK::Given(kind, id, code.name.clone()), Ty::Bool, sp)
            }
            ExprKind::Field(base, field) => {
                let b = self.expr(base);
                self.field(b, field, sp)
            }
            ExprKind::IsAbsent(inner, absent) => {
                let i = self.expr(inner);
                Self::mk(CK::IsAbsent(Box::new(i), *absent), Ty::Bool, sp)
            }
            ExprKind::Not(inner) => {
                let i = self.expr(inner);
                self.expect_bool(&i, inner.span);
                Self::mk(CK::Not(Box::new(i)), Ty::Bool, sp)
            }
            ExprKind::Neg(inner) => {
                let i = self.expr(inner);
                if !i.ty.is_numeric() && i.ty != Ty::Error {
                    self.err(
                        "type-mismatch",
                        inner.span,
                        t(
                            format!("cannot negate {}", i.ty.describe()),
                            format!("{} tidak dapat dinegatifkan", i.ty.describe_id()),
                        ),
                    );
                }
                if let CK::Const(v) = &i.kind {
                    match v {
                        Value::Int(x) => return Self::mk(CK::Const(Value::Int(-x)), Ty::Int, sp),
                        Value::Dec(x) => return Self::mk(CK::Const(Value::Dec(-x)), Ty::Decimal, sp),
                        _ => {}
                    }
                }
                let ty = i.ty.clone();
                Self::mk(CK::Neg(Box::new(i)), ty, sp)
            }
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, sp),
            ExprKind::If(c, a, b) => {
                let c = self.expr(c);
                self.expect_bool(&c, c.span);
                let a = self.expr(a);
                let b = self.expr(b);
                let b = self.coerce(b, &a.ty);
                let a = self.coerce(a, &b.ty);
                if !a.ty.accepts(&b.ty) {
                    self.err(
                        "type-mismatch",
                        b.span,
                        t(
                            format!(
                                "both branches must have the same type: {} and {}",
                                a.ty.describe(),
                                b.ty.describe()
                            ),
                            format!(
                                "kedua cabang harus bertipe sama: {} dan {}",
                                a.ty.describe_id(),
                                b.ty.describe_id()
                            ),
                        ),
                    );
                }
                let ty = join_ty(&a.ty, &b.ty);
                Self::mk(CK::If(Box::new(c), Box::new(a), Box::new(b)), ty, sp)
            }
            ExprKind::List(items) => {
                let items: Vec<CExpr> = items.iter().map(|i| self.expr(i)).collect();
                let ty = items.iter().fold(Ty::Nothing, |acc, i| join_ty(&acc, &i.ty));
                Self::mk(CK::List(items), Ty::List(Box::new(ty)), sp)
            }
            ExprKind::Range(a, b, excl) => {
                let a = self.expr(a);
                let b = self.expr(b);
                self.range(a, b, *excl, sp)
            }
            ExprKind::Call(name, args) => self.call(name, args, sp),
            ExprKind::Aggregate(agg) => self.aggregate(agg, sp),
        }
    }

    fn range(&mut self, a: CExpr, b: CExpr, excl: bool, sp: Span) -> CExpr {
        let b = self.coerce(b, &a.ty);
        let a = self.coerce(a, &b.ty);
        // Two texts may be values of an ordered enum (`predikat in "cukup".."baik"`): they are
        // read as such, and checked, where the range meets what it is tested against.
        let texts = matches!((&a.kind, &b.kind), (CK::Const(Value::Text(_)), CK::Const(Value::Text(_))));
        if texts {
            return Self::mk(CK::Range(Box::new(a), Box::new(b), excl), Ty::Range(Box::new(Ty::Text)), sp);
        }
        if !a.ty.accepts(&b.ty) || !orderable(&a.ty) {
            self.err(
                "type-mismatch",
                sp,
                t(
                    format!(
                        "a range needs two numbers, dates or ordered values, found {} and {}",
                        a.ty.describe(),
                        b.ty.describe()
                    ),
                    format!(
                        "rentang memerlukan dua bilangan, tanggal atau nilai berurutan, ditemukan {} dan {}",
                        a.ty.describe_id(),
                        b.ty.describe_id()
                    ),
                ),
            );
        }
        self.refuse_empty_range(&a, &b, excl, sp);
        let ty = join_ty(&a.ty, &b.ty);
        Self::mk(CK::Range(Box::new(a), Box::new(b), excl), Ty::Range(Box::new(ty)), sp)
    }

    /// A range written with two constants that holds nothing (`6..4`, `5..<5`, `"baik".."kurang"`
    /// of an ordered enum) can never match: an error.
    fn refuse_empty_range(&mut self, a: &CExpr, b: &CExpr, excl: bool, sp: Span) {
        if let (CK::Const(x), CK::Const(y)) = (&a.kind, &b.kind) {
            let empty = match crate::eval::compare(x, y) {
                Some(std::cmp::Ordering::Greater) => true,
                Some(std::cmp::Ordering::Equal) => excl,
                _ => false,
            };
            if empty {
                let text = self.text(sp);
                let message = if crate::eval::compare(x, y) == Some(std::cmp::Ordering::Equal) {
                    t(
                        format!("the range `{text}` holds no value: `..<` leaves out its end, its only value, so it never matches"),
                        format!("rentang `{text}` tidak memuat nilai apa pun: `..<` tidak memuat ujungnya, satu-satunya nilainya, sehingga tidak pernah cocok"),
                    )
                } else {
                    t(
                        format!("the range `{text}` holds no value: it ends before it starts, so it never matches"),
                        format!("rentang `{text}` tidak memuat nilai apa pun: berakhir sebelum mulai, sehingga tidak pernah cocok"),
                    )
                };
                self.err("empty-range", sp, message);
            }
        }
    }

    /// The aggregates whose items names are looked up in (from [`Checker::scope_floor`] on).
    fn visible_frames(&self) -> &[Frame] {
        self.frames.get(self.scope_floor..).unwrap_or_default()
    }

    fn name(&mut self, n: &str, sp: Span) -> CExpr {
        // Aggregate binders and implicit item fields, innermost first.
        for f in self.visible_frames().iter().rev() {
            if f.binder.as_deref() == Some(n) {
                return Self::mk(CK::Local(f.local), f.item.clone(), sp);
            }
            if f.implicit {
                if let Some(r) = &f.record {
                    if let Some(slot) = r.slot(n) {
                        let ty = r.fields.get(slot).map(|x| x.ty.clone()).unwrap_or(Ty::Error);
                        let base = Self::mk(CK::Local(f.local), Ty::Record(r.clone()), sp);
                        return Self::mk(CK::Field(Box::new(base), slot, n.to_string()), ty, sp);
                    }
                }
            }
        }
        if n == "as_of" || n == "per_tanggal" {
            return Self::mk(CK::AsOf, Ty::Date, sp);
        }
        if self.let_state.contains_key(n) {
            return match self.resolve_let(n, sp) {
                Some((i, ty)) => {
                    let below = self.lets.get(i).and_then(Option::as_ref).map(|l| l.expr.depth).unwrap_or(0);
                    let mut e = Self::mk(CK::Let(i), ty, sp);
                    e.depth = below.saturating_add(1);
                    e
                }
                None => Self::error_expr(sp),
            };
        }
        if let Some(i) = self.params.iter().position(|p| p.name == n) {
            let ty = self.params.get(i).map(|p| p.ty.clone()).unwrap_or(Ty::Error);
            return Self::mk(CK::Param(i), ty, sp);
        }
        if self.filtered.contains_key(n) {
            self.err_help(
                "filtered-list",
                sp,
                t(
                    format!("`{n}` is a list chosen by a filter: it can only be gone through by an aggregate"),
                    format!("`{n}` adalah daftar yang dipilih dengan penyaring: hanya dapat dijelajahi oleh agregat"),
                ),
                Some(t(
                    format!("write `count({n})`, `sum({n}.field)`, `any({n} where …)` or `first({n})`"),
                    format!("tulis `banyak({n})`, `jumlah({n}.isian)`, `sebarang({n} yang …)` atau `pertama({n})`"),
                )),
            );
            return Self::error_expr(sp);
        }
        if let Some(slot) = self.facts.slot(n) {
            let ty = self.facts.fields.get(slot).map(|f| f.ty.clone()).unwrap_or(Ty::Error);
            return Self::mk(CK::Fact(slot), ty, sp);
        }
        // Suggestions for the first hundred unknown names: each is weighed against every name
        // declared, which for a pasted list of thousands took minutes.
        self.unknown_names += 1;
        if self.unknown_names > 100 {
            self.err("unknown-name", sp, t(format!("unknown name `{n}`"), format!("nama `{n}` tidak dikenal")));
            return Self::error_expr(sp);
        }
        let mut names: Vec<String> = self.facts.fields.iter().map(|f| f.name.clone()).collect();
        names.extend(self.let_state.keys().cloned());
        names.extend(self.params.iter().map(|p| p.name.clone()));
        names.extend(self.filtered.keys().cloned());
        for f in self.visible_frames() {
            names.extend(f.binder.clone());
            if f.implicit {
                if let Some(r) = &f.record {
                    names.extend(r.fields.iter().map(|x| x.name.clone()));
                }
            }
        }
        names.push("as_of".into());
        let help = suggestion(n, names.iter().map(String::as_str));
        let help = help.or_else(|| {
            self.enums.values().find(|e| e.values.iter().any(|v| v == n)).map(|e| {
                t(
                    format!("`{n}` is a value of `{}`: write it in quotes, \"{n}\"", e.name),
                    format!("`{n}` adalah nilai dari `{}`: tulis dalam tanda kutip, \"{n}\"", e.name),
                )
            })
        });
        // `today`, `hari_ini`: the evaluation date by another name.
        let help = help.or_else(|| {
            matches!(n, "today" | "now" | "current_date" | "hari_ini" | "sekarang" | "tanggal_hari_ini").then(|| {
                t(
                    "the date a decision is made for is `as_of` (`per_tanggal`), given with each evaluation",
                    "tanggal keputusan dibuat adalah `per_tanggal` (`as_of`), diberikan pada setiap evaluasi",
                )
            })
        });
        // `aktif == True`, `FALSE`, `Benar`: the yes-or-no values in other letters.
        let help = help.or_else(|| {
            let lower = n.to_lowercase();
            matches!(lower.as_str(), "true" | "false" | "benar" | "salah").then(|| {
                t(
                    format!("yes-or-no values are written in small letters: `{lower}`; `x == {lower}` reads better as `{}x`", if lower == "true" || lower == "benar" { "" } else { "not " }),
                    format!("nilai ya-atau-tidak ditulis dengan huruf kecil: `{lower}`; `x == {lower}` lebih jelas ditulis `{}x`", if lower == "true" || lower == "benar" { "" } else { "bukan " }),
                )
            })
        });
        // `pernah_cltn == tidak`: yes and no as speech says them (not as texts in quotes, which a
        // yes-or-no fact cannot be compared with either).
        let help = help.or_else(|| {
            matches!(n.to_lowercase().as_str(), "ya" | "iya" | "yes" | "tidak" | "no" | "bukan").then(|| {
                t(
                    "a yes-or-no value is written `true` or `false` (`benar` or `salah`); `x == false` reads better as `not x`",
                    "nilai ya-atau-tidak ditulis `benar` atau `salah` (`true` atau `false`); `x == salah` lebih jelas ditulis `bukan x`",
                )
            })
        });
        // `status == PNS`: a text value written as a name.
        let help = help.or_else(|| {
            Some(t(
                format!("no fact, parameter or `let` is named `{n}`; a text value is written in double quotes, \"{n}\""),
                format!("tidak ada fakta, parameter atau `misal` bernama `{n}`; nilai teks ditulis dalam tanda kutip, \"{n}\""),
            ))
        });
        self.err_help("unknown-name", sp, t(format!("unknown name `{n}`"), format!("nama `{n}` tidak dikenal")), help);
        Self::error_expr(sp)
    }

    fn field(&mut self, b: CExpr, field: &ast::Ident, sp: Span) -> CExpr {
        match &b.ty {
            Ty::Record(r) => match r.slot(&field.name) {
                Some(slot) => {
                    let ty = r.fields.get(slot).map(|f| f.ty.clone()).unwrap_or(Ty::Error);
                    Self::mk(CK::Field(Box::new(b), slot, field.name.clone()), ty, sp)
                }
                None => {
                    let help = suggestion(&field.name, r.fields.iter().map(|f| f.name.as_str()));
                    let list = r.fields.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", ");
                    let help = help.or(Some(t(format!("the fields are: {list}"), format!("isiannya: {list}"))));
                    self.err_help(
                        "unknown-field",
                        field.span,
                        t(
                            format!("no field `{}` here", field.name),
                            format!("tidak ada isian `{}` di sini", field.name),
                        ),
                        help,
                    );
                    Self::error_expr(sp)
                }
            },
            Ty::Sanction => match field.name.as_str() {
                "level" | "tingkat" => {
                    let ty = self.severity.as_ref().map(|s| Ty::Enum(s.levels.clone())).unwrap_or(Ty::Error);
                    Self::mk(CK::SanctionField(Box::new(b), true), ty, sp)
                }
                "code" | "kode" => Self::mk(CK::SanctionField(Box::new(b), false), Ty::Text, sp),
                _ => {
                    self.err_help(
                        "unknown-field",
                        field.span,
                        t(
                            format!("a sanction has no `{}`", field.name),
                            format!("sanksi tidak memiliki `{}`", field.name),
                        ),
                        Some(t("use `.level` or `.code`", "gunakan `.tingkat` atau `.kode`")),
                    );
                    Self::error_expr(sp)
                }
            },
            Ty::List(item) => {
                let (l, f) = (self.text(b.span), &field.name);
                // A number is added up; anything else (a level, a date) is asked about.
                let numeric = matches!(&**item, Ty::Record(r)
                    if r.slot(f).and_then(|i| r.fields.get(i)).is_some_and(|x| x.ty.is_numeric()));
                let help = if numeric {
                    t(
                        format!("pick items with an aggregate, e.g. `sum({l}.{f} where …)` or `first({l} where …).{f}`"),
                        format!("pilih butir dengan agregat, misalnya `jumlah({l}.{f} yang …)` atau `pertama({l} yang …).{f}`"),
                    )
                } else {
                    t(
                        format!("ask about its items with `any` or `all`, e.g. `any(x in {l} where x.{f} …)`, or pick one: `first({l} where …).{f}`"),
                        format!("tanyakan butirnya dengan `sebarang` atau `semua`, misalnya `sebarang(x dalam {l} yang x.{f} …)`, atau pilih satu: `pertama({l} yang …).{f}`"),
                    )
                };
                self.err_help(
                    "type-mismatch",
                    field.span,
                    t(
                        format!("`{l}` is a list; `.{f}` needs one item"),
                        format!("`{l}` adalah daftar; `.{f}` memerlukan satu butir"),
                    ),
                    Some(help),
                );
                Self::error_expr(sp)
            }
            Ty::Error => Self::error_expr(sp),
            other => {
                self.err(
                    "type-mismatch",
                    field.span,
                    t(
                        format!("{} has no fields", other.describe()),
                        format!("{} tidak memiliki isian", other.describe_id()),
                    ),
                );
                Self::error_expr(sp)
            }
        }
    }

    /// `a and b or c` without brackets: `and` binds first, so it reads as `(a and b) or c`, which
    /// a reader of the regulation may well not have meant (`masa_kerja >= 10 dan bukan hukdis
    /// atau cltn` gives the award to anyone on leave). A warning shows the reading, and asks for
    /// brackets either way.
    fn and_inside_or(&mut self, a: &Expr, b: &Expr, sp: Span) {
        let bare_and = |e: &Expr| matches!(e.kind, ExprKind::Binary(BinOp::And, ..)) && !e.parens;
        if !bare_and(a) && !bare_and(b) {
            return;
        }
        let text = |e: &Expr| crate::explain::one_line(e.span.text(self.source));
        let (x, y) = (text(a), text(b));
        let (x, y) = (if bare_and(a) { format!("({x})") } else { x }, if bare_and(b) { format!("({y})") } else { y });
        let or = crate::explain::one_line(self.source.get(a.span.end..b.span.start).unwrap_or("or")).trim().to_string();
        let reading = format!("{x} {or} {y}");
        let (en, id) = if reading.chars().count() <= 100 {
            (format!(": it reads as `{reading}`"), format!(": terbaca sebagai `{reading}`"))
        } else {
            (String::new(), String::new())
        };
        self.diags.push(
            Diagnostic::warning(
                "mixed-and-or",
                sp,
                t(
                    format!("`and` and `or` mixed without brackets{en}"),
                    format!("`dan` dan `atau` bercampur tanpa kurung{id}"),
                ),
            )
            .with_help(t(
                "`and` binds before `or`; write brackets around what belongs together, `a and (b or c)` or `(a and b) or c`, whichever the regulation means",
                "`dan` diikat lebih dulu daripada `atau`; beri kurung pada bagian yang sejalan, `a dan (b atau c)` atau `(a dan b) atau c`, sesuai maksud peraturannya",
            )),
        );
    }

    fn binary(&mut self, op: BinOp, a: &Expr, b: &Expr, sp: Span) -> CExpr {
        let l = self.expr(a);
        let r = self.expr(b);
        match op {
            BinOp::And | BinOp::Or => {
                self.expect_bool(&l, a.span);
                self.expect_bool(&r, b.span);
                if op == BinOp::Or {
                    self.and_inside_or(a, b, sp);
                }
                let kind =
                    if op == BinOp::And { CK::And(Box::new(l), Box::new(r)) } else { CK::Or(Box::new(l), Box::new(r)) };
                Self::mk(kind, Ty::Bool, sp)
            }
            BinOp::Cmp(c) => self.compare(c, l, r, sp),
            BinOp::In | BinOp::NotIn => self.membership(l, r, op == BinOp::NotIn, sp),
            BinOp::Otherwise => {
                let r = self.coerce(r, &l.ty);
                if !l.ty.accepts(&r.ty) {
                    self.mismatch(b.span, &l.ty, &r.ty);
                }
                let ty = join_ty(&l.ty, &r.ty);
                Self::mk(CK::Otherwise(Box::new(l), Box::new(r)), ty, sp)
            }
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::Div => {
                let ar = match op {
                    BinOp::Add => ArOp::Add,
                    BinOp::Sub => ArOp::Sub,
                    BinOp::Mul => ArOp::Mul,
                    _ => ArOp::Div,
                };
                let ty = match (&l.ty, &r.ty) {
                    (Ty::Error, _) | (_, Ty::Error) => Ty::Error,
                    (Ty::Int, Ty::Int) if ar != ArOp::Div => Ty::Int,
                    (x, y) if x.is_numeric() && y.is_numeric() => Ty::Decimal,
                    (x, y) => {
                        let sym = match ar {
                            ArOp::Add => "+",
                            ArOp::Sub => "-",
                            ArOp::Mul => "*",
                            ArOp::Div => "/",
                        };
                        let help = if matches!(x, Ty::Date) {
                            Some(t(
                                "for dates use `add_days`, `add_months`, `full_years` or `days_between`",
                                "untuk tanggal gunakan `tambah_hari`, `tambah_bulan`, `tahun_penuh` atau `hari_antara`",
                            ))
                        } else {
                            None
                        };
                        self.err_help(
                            "type-mismatch",
                            sp,
                            t(
                                format!("cannot compute {} {sym} {}", x.describe(), y.describe()),
                                format!("tidak dapat menghitung {} {sym} {}", x.describe_id(), y.describe_id()),
                            ),
                            help,
                        );
                        Ty::Error
                    }
                };
                if ar == ArOp::Mul {
                    self.divided_first(&l, &r, sp);
                }
                Self::mk(CK::Arith(ar, Box::new(l), Box::new(r)), ty, sp)
            }
        }
    }

    /// Warns about a product of a division that may not come out exact (`35000000 / 18 * 18`):
    /// the quotient is cut at 28 significant digits, so the product falls just short of the whole
    /// number it means (34999999.99…, which `floor` makes 34999999). Multiplying first is exact.
    fn divided_first(&mut self, l: &CExpr, r: &CExpr, sp: Span) {
        let inexact = |e: &CExpr| match &e.kind {
            CK::Arith(ArOp::Div, _, d) => !matches!(&d.kind, CK::Const(v) if exact_divisor(v)),
            _ => false,
        };
        let (div, other, div_left) = if inexact(l) {
            (l, r, true)
        } else if inexact(r) {
            (r, l, false)
        } else {
            return;
        };
        let CK::Arith(_, num, den) = &div.kind else { return };
        let text = |e: &CExpr| crate::explain::one_line(e.span.text(self.source));
        let (num, den, other) = (text(num), text(den), text(other));
        let better = if div_left { format!("{num} * {other} / {den}") } else { format!("{other} * {num} / {den}") };
        let written = crate::explain::one_line(sp.text(self.source));
        self.diags.push(
            Diagnostic::warning(
                "divide-first",
                sp,
                t(
                    format!("`{written}` divides before it multiplies: a quotient that does not end is cut at 28 digits, so the product can fall just short (and `floor` a whole unit short)"),
                    format!("`{written}` membagi sebelum mengalikan: hasil bagi yang tidak habis dipotong pada 28 digit, sehingga hasil kalinya bisa sedikit kurang (dan `bulatkan_bawah` kurang satu satuan)"),
                ),
            )
            .with_help(t(
                format!("multiply first, then divide: in `{better}` only the final quotient is cut, so a whole amount stays whole"),
                format!("kalikan dahulu, baru bagi: dalam `{better}` hanya hasil bagi terakhir yang dipotong, sehingga jumlah bulat tetap bulat"),
            )),
        );
    }

    /// Converts text literals to the enum values they name when `target` is an enum, and
    /// integer constants to decimals where a decimal is expected.
    fn coerce(&mut self, e: CExpr, target: &Ty) -> CExpr {
        match (&e.kind, target) {
            (CK::Const(Value::Text(s)), Ty::Enum(def)) => match def.index_of(s) {
                Some(i) => Self::mk(CK::Const(Value::Enum(i)), target.clone(), e.span),
                None => {
                    let help = did_you_mean(s, def.values.iter().map(String::as_str))
                        .map(|x| t(format!("did you mean \"{x}\"?"), format!("maksud Anda \"{x}\"?")))
                        .or_else(|| {
                            Some(t(
                                format!("the values of `{}` are: {}", def.name, def.values.join(", ")),
                                format!("nilai `{}` adalah: {}", def.name, def.values.join(", ")),
                            ))
                        });
                    self.err_help(
                        "unknown-value",
                        e.span,
                        t(
                            format!("\"{s}\" is not a value of `{}`", def.name),
                            format!("\"{s}\" bukan nilai dari `{}`", def.name),
                        ),
                        help,
                    );
                    Self::error_expr(e.span)
                }
            },
            (CK::List(items), Ty::Enum(_)) => {
                let items: Vec<CExpr> = items.iter().cloned().map(|i| self.coerce(i, target)).collect();
                Self::mk(CK::List(items), Ty::List(Box::new(target.clone())), e.span)
            }
            (CK::Range(a, b, excl), Ty::Enum(_)) => {
                let a = self.coerce((**a).clone(), target);
                let b = self.coerce((**b).clone(), target);
                self.refuse_empty_range(&a, &b, *excl, e.span);
                Self::mk(CK::Range(Box::new(a), Box::new(b), *excl), Ty::Range(Box::new(target.clone())), e.span)
            }
            _ => e,
        }
    }

    /// Help for a value written as a spreadsheet or a form writes it, compared with a `want`:
    /// a date as `31/12/2025` (read as a division) or `2025-1-5` (a subtraction), a date or a
    /// number in quotes.
    fn literal_help(&self, want: &Ty, written: &CExpr) -> Option<Text> {
        match (want, &written.kind) {
            (Ty::Date, CK::Const(Value::Text(s))) if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() => {
                Some(aturan_dsl::date_help(s, true))
            }
            // `"01-10-2015"`, `"1 Oktober 2015"`: in quotes and as a form or a letter writes it.
            (Ty::Date, CK::Const(Value::Text(s))) => aturan_dsl::written_date(s.trim())
                .or_else(|| aturan_dsl::spelled_date(s))
                .map(|iso| aturan_dsl::date_help(&iso, true)),
            (Ty::Date, _) => {
                aturan_dsl::written_date(&self.text(written.span)).map(|iso| aturan_dsl::date_help(&iso, false))
            }
            (Ty::Int | Ty::Decimal, CK::Const(Value::Text(s))) if s.trim().parse::<Decimal>().is_ok() => {
                Some(number_without_quotes(s.trim(), None))
            }
            _ => None,
        }
    }

    fn compare(&mut self, op: CmpOp, l: CExpr, r: CExpr, sp: Span) -> CExpr {
        // `x == none` never holds (an absent value is no value to compare), so a rule written to
        // catch a missing record would never apply: refused, with the test that does it.
        // (An expression in error is a `none` too, of the error type: already reported.)
        let is_none = |e: &CExpr| matches!((&e.kind, &e.ty), (CK::Const(Value::None), Ty::Nothing));
        if is_none(&l) || is_none(&r) {
            let (none, other) = if is_none(&l) { (&l, &r) } else { (&r, &l) };
            let (none, other) = (self.text(none.span), self.text(other.span));
            let help = match op {
                CmpOp::Ne => t(format!("write `{other} is present`"), format!("tulis `{other} adalah ada`")),
                CmpOp::Eq => t(format!("write `{other} is absent`"), format!("tulis `{other} adalah kosong`")),
                _ => t(
                    format!("test for it with `{other} is absent` or `{other} is present`"),
                    format!("periksa dengan `{other} adalah kosong` atau `{other} adalah ada`"),
                ),
            };
            self.err_help(
                "compare-none",
                sp,
                if op == CmpOp::Ne {
                    t(
                        format!("a comparison with `{none}` always holds: an absent value is not compared"),
                        format!("perbandingan dengan `{none}` selalu terpenuhi: nilai yang kosong tidak dibandingkan"),
                    )
                } else {
                    t(
                        format!("a comparison with `{none}` never holds: an absent value is not compared"),
                        format!(
                            "perbandingan dengan `{none}` tidak pernah terpenuhi: nilai yang kosong tidak dibandingkan"
                        ),
                    )
                },
                Some(help),
            );
            return Self::mk(CK::Cmp(op, Box::new(l), Box::new(r)), Ty::Bool, sp);
        }
        let r = self.coerce(r, &l.ty);
        let l = self.coerce(l, &r.ty);
        if !l.ty.accepts(&r.ty) {
            let help = self.literal_help(&l.ty, &r).or_else(|| self.literal_help(&r.ty, &l));
            self.err_help(
                "type-mismatch",
                sp,
                t(
                    format!("cannot compare {} with {}", l.ty.describe(), r.ty.describe()),
                    format!("{} tidak dapat dibandingkan dengan {}", l.ty.describe_id(), r.ty.describe_id()),
                ),
                help,
            );
        } else if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
            let ty = if matches!(l.ty, Ty::Nothing) { &r.ty } else { &l.ty };
            if !orderable(ty) && !matches!(ty, Ty::Error | Ty::Nothing) {
                let help = if let Ty::Enum(e) = ty {
                    Some(t(
                        format!("declare it `enum {} ordered {{ … }}` to compare with `<`", e.name),
                        format!("deklarasikan `enum {} berurutan {{ … }}` agar dapat dibandingkan dengan `<`", e.name),
                    ))
                } else {
                    None
                };
                self.err_help(
                    "type-mismatch",
                    sp,
                    t(
                        format!("{} values have no order", ty.describe()),
                        format!("nilai {} tidak berurutan", ty.describe_id()),
                    ),
                    help,
                );
            }
        }
        Self::mk(CK::Cmp(op, Box::new(l), Box::new(r)), Ty::Bool, sp)
    }

    fn membership(&mut self, l: CExpr, r: CExpr, negate: bool, sp: Span) -> CExpr {
        let r = self.coerce(r, &l.ty);
        // A range of two texts: values of the ordered enum it is tested against, or an error.
        if let (CK::Range(a, b, excl), Ty::Range(item)) = (&r.kind, &r.ty) {
            if **item == Ty::Text || matches!(&l.ty, Ty::Enum(e) if !e.ordered) {
                let r = self.range_checked((**a).clone(), (**b).clone(), *excl, r.span, &l.ty);
                return Self::mk(CK::In(Box::new(l), Box::new(r), negate), Ty::Bool, sp);
            }
        }
        match &r.ty {
            Ty::List(item) | Ty::Range(item) => {
                if !item.accepts(&l.ty) {
                    self.err(
                        "type-mismatch",
                        sp,
                        t(
                            format!("cannot look for {} in {}", l.ty.describe(), r.ty.describe()),
                            format!("{} tidak dapat dicari dalam {}", l.ty.describe_id(), r.ty.describe_id()),
                        ),
                    );
                }
            }
            Ty::Error => {}
            other => {
                self.err(
                    "type-mismatch",
                    r.span,
                    t(
                        format!("`in` needs a list or a range, found {}", other.describe()),
                        format!("`dalam` memerlukan daftar atau rentang, ditemukan {}", other.describe_id()),
                    ),
                );
            }
        }
        Self::mk(CK::In(Box::new(l), Box::new(r), negate), Ty::Bool, sp)
    }

    /// A range of two texts met with what it is tested against: an error unless both are values
    /// of an ordered enum; then the empty-range check by the enum's order.
    fn range_checked(&mut self, a: CExpr, b: CExpr, excl: bool, sp: Span, subject: &Ty) -> CExpr {
        match subject {
            Ty::Enum(e) if e.ordered => {
                let (a, b) = (self.coerce(a, subject), self.coerce(b, subject));
                if a.ty == Ty::Error || b.ty == Ty::Error {
                    return Self::error_expr(sp);
                }
                self.range(a, b, excl, sp)
            }
            Ty::Enum(e) => {
                self.err(
                    "type-mismatch",
                    sp,
                    t(
                        format!("`{}` is not ordered, so its values make no range; list them instead: `in [\"a\", \"b\"]`", e.name),
                        format!("`{}` tidak berurutan, sehingga nilainya tidak membentuk rentang; daftarkan saja: `dalam [\"a\", \"b\"]`", e.name),
                    ),
                );
                Self::error_expr(sp)
            }
            Ty::Error => Self::error_expr(sp),
            _ => {
                self.err(
                    "type-mismatch",
                    sp,
                    t(
                        "a range needs two numbers, dates or ordered values, found text and text",
                        "rentang memerlukan dua bilangan, tanggal atau nilai berurutan, ditemukan teks dan teks",
                    ),
                );
                Self::error_expr(sp)
            }
        }
    }

    /// Warns about a whole-number table looked up by a fact declared in a range
    /// (`tpp_dasar(kelas_jabatan)` with `kelas_jabatan: int in 1..17`) that has no row for some
    /// of the range's values: those employees' outcome would be undetermined, for no missing fact.
    fn lookup_gaps(&mut self, table: usize, key: &CExpr, sp: Span) {
        let field = match &key.kind {
            CK::Fact(slot) => self.facts.fields.get(*slot),
            CK::Field(base, slot, _) => match &base.ty {
                Ty::Record(def) => def.fields.get(*slot),
                _ => None,
            },
            _ => None,
        };
        let Some(f) = field else { return };
        let (Some(lo), Some(hi)) =
            (f.min.and_then(|d| i64::try_from(d).ok()), f.max.and_then(|d| i64::try_from(d).ok()))
        else {
            return;
        };
        let Some((l, _, _)) = self.lookups.get(table) else { return };
        if l.default.is_some()
            || hi.saturating_sub(lo) > 10_000
            || self.lookups_checked.contains(&(table, f.name.clone()))
        {
            return;
        }
        self.lookups_checked.push((table, f.name.clone()));
        let missing: Vec<i64> =
            (lo..=hi).filter(|k| !l.entries.iter().any(|(key, _)| key.matches(&Value::Int(*k)))).collect();
        if missing.is_empty() {
            return;
        }
        let mut list = missing.iter().take(10).map(i64::to_string).collect::<Vec<_>>().join(", ");
        if missing.len() > 10 {
            list.push_str(&format!(" … ({} in all)", missing.len()));
        }
        let (name, field) = (l.name.clone(), crate::explain::one_line(key.span.text(self.source)));
        self.diags.push(
            Diagnostic::warning(
                "incomplete-table",
                sp,
                t(
                    format!("table `{name}` has no entry for {list}, yet `{field}` may be any whole number from {lo} to {hi}"),
                    format!("tabel `{name}` tidak memiliki baris untuk {list}, padahal `{field}` boleh bilangan bulat mana pun dari {lo} sampai {hi}"),
                ),
            )
            .with_help(t(
                "for those values the outcome would be undetermined; add rows or an `else` row",
                "untuk nilai itu hasilnya belum pasti; tambahkan baris untuknya, atau satu baris `lainnya` untuk semua sisanya",
            )),
        );
    }

    fn call(&mut self, name: &ast::Ident, args: &[Expr], sp: Span) -> CExpr {
        let cargs: Vec<CExpr> = args.iter().map(|a| self.expr(a)).collect();
        if let Some(&i) = self.lookup_names.get(&name.name) {
            let (key_ty, val_ty) =
                self.lookups.get(i).map(|l| (l.1.clone(), l.2.clone())).unwrap_or((Ty::Error, Ty::Error));
            let [arg] = <[CExpr; 1]>::try_from(cargs).unwrap_or_else(|v| {
                let n = v.len();
                self.err(
                    "arity",
                    sp,
                    t(
                        format!("table `{}` takes one key, found {n}", name.name),
                        format!("tabel `{}` menerima satu kunci, ditemukan {n}", name.name),
                    ),
                );
                [Self::error_expr(sp)]
            });
            let arg = self.coerce(arg, &key_ty);
            if !key_ty.accepts(&arg.ty) {
                self.mismatch(arg.span, &key_ty, &arg.ty);
            }
            if key_ty == Ty::Int {
                self.lookup_gaps(i, &arg, sp);
            }
            return Self::mk(CK::Lookup(i, Box::new(arg)), val_ty, sp);
        }
        if let Some(&h) = self.helper_names.get(&name.name) {
            let decl = self.helper_decls.get(h).cloned();
            if let Some(decl) = decl {
                if decl.params.len() != cargs.len() {
                    self.err(
                        "arity",
                        sp,
                        t(
                            format!(
                                "helper `{}` takes {} arguments, found {}",
                                name.name,
                                decl.params.len(),
                                cargs.len()
                            ),
                            format!(
                                "fungsi `{}` menerima {} argumen, ditemukan {}",
                                name.name,
                                decl.params.len(),
                                cargs.len()
                            ),
                        ),
                    );
                }
                let cargs: Vec<CExpr> = cargs
                    .into_iter()
                    .zip(decl.params.iter())
                    .map(|(a, pt)| {
                        let a = self.coerce(a, pt);
                        // A helper declared to take an `int` gets one: a decimal is not
                        // narrowed (the function would receive 2.5 where it counts on 2).
                        if !pt.accepts(&a.ty) || (*pt == Ty::Int && a.ty == Ty::Decimal) {
                            self.mismatch(a.span, pt, &a.ty);
                        }
                        a
                    })
                    .collect();
                return Self::mk(CK::Helper(h, cargs), decl.result.clone(), sp);
            }
        }
        let Some(b) = BUILTINS.iter().find(|(en, id, _)| *en == name.name || *id == name.name).map(|x| x.2) else {
            let mut names: Vec<&str> = BUILTINS.iter().flat_map(|(en, id, _)| [*en, *id]).collect();
            let owned: Vec<String> = self.lookup_names.keys().chain(self.helper_names.keys()).cloned().collect();
            names.extend(owned.iter().map(String::as_str));
            // `tidak (…)` for `bukan (…)`: "not" as Indonesian says it in speech.
            let negation = matches!(name.name.as_str(), "tidak" | "non" | "nicht").then(|| {
                t(
                    "`not` is written `not` or `bukan`: `bukan (a > 1)`",
                    "`tidak` ditulis `bukan` (atau `not`): `bukan (a > 1)`",
                )
            });
            let help = negation.or_else(|| suggestion(&name.name, names));
            self.err_help(
                "unknown-function",
                name.span,
                t(
                    format!("unknown function or table `{}`", name.name),
                    format!("fungsi atau tabel `{}` tidak dikenal", name.name),
                ),
                help,
            );
            return Self::error_expr(sp);
        };
        let tys: Vec<Ty> = cargs.iter().map(|a| a.ty.clone()).collect();
        let any_err = tys.contains(&Ty::Error);
        use Builtin as B;
        let sig: Result<Ty, Text> = match (b, tys.as_slice()) {
            (B::Year | B::Month, [Ty::Date]) => Ok(Ty::Int),
            (B::FullYears | B::FullMonths | B::DaysBetween, [Ty::Date, Ty::Date]) => Ok(Ty::Int),
            (B::AddYears | B::AddMonths | B::AddDays, [Ty::Date, Ty::Int]) => Ok(Ty::Date),
            (B::MakeDate, [Ty::Int, Ty::Int, Ty::Int]) => Ok(Ty::Date),
            (B::Next | B::Previous, [Ty::Enum(e)]) if e.ordered => Ok(Ty::Enum(e.clone())),
            (B::Next | B::Previous, _) => Err(t("one value of an ordered enum", "satu nilai enum berurutan")),
            (B::Min | B::Max, [first, rest @ ..])
                if !rest.is_empty() && orderable(first) && rest.iter().all(|r| first.accepts(r)) =>
            {
                Ok(rest.iter().fold(first.clone(), |a, r| join_ty(&a, r)))
            }
            (B::Abs, [x]) if x.is_numeric() => Ok(x.clone()),
            // A whole number: an `int`, for what takes one (`add_months`, a helper's `int`).
            (B::Floor | B::Ceil, [x]) if x.is_numeric() => Ok(Ty::Int),
            (B::Round | B::Floor | B::Ceil, [x, Ty::Int]) if x.is_numeric() => Ok(Ty::Decimal),
            (B::Year | B::Month, _) => Err(t("(date)", "(date)")),
            (B::FullYears | B::FullMonths | B::DaysBetween, _) => Err(t("(date, date)", "(date, date)")),
            (B::AddYears | B::AddMonths | B::AddDays, _) => Err(t("(date, int)", "(date, int)")),
            (B::MakeDate, _) => Err(t("(year, month, day)", "(tahun, bulan, hari)")),
            (B::Min | B::Max, _) => Err(t(
                "two or more numbers, dates or ordered values",
                "dua atau lebih bilangan, tanggal atau nilai berurutan",
            )),
            (B::Abs, _) => Err(t("(number)", "(bilangan)")),
            (B::Floor | B::Ceil, _) => Err(t(
                "(number) for a whole number, or (number, decimal places)",
                "(bilangan) untuk bilangan bulat, atau (bilangan, jumlah angka desimal)",
            )),
            (B::Round, _) => Err(t("(number, decimal places)", "(bilangan, jumlah angka desimal)")),
        };
        // `date(2025, 2, 30)` written with constants: a day the calendar lacks is a mistake in the
        // policy, said now rather than at every evaluation.
        if let (B::MakeDate, [y, m, d]) = (b, cargs.as_slice()) {
            let int = |e: &CExpr| match &e.kind {
                CK::Const(Value::Int(i)) => Some(*i),
                _ => None,
            };
            if let (Some(y), Some(m), Some(d)) = (int(y), int(m), int(d)) {
                let day = (|| {
                    chrono::NaiveDate::from_ymd_opt(
                        i32::try_from(y).ok()?,
                        u32::try_from(m).ok()?,
                        u32::try_from(d).ok()?,
                    )
                })()
                .and_then(crate::value::in_calendar);
                if day.is_none() {
                    let text = self.text(sp);
                    self.err(
                        "bad-date",
                        sp,
                        t(
                            format!("`{text}` is not a day of the calendar"),
                            format!("`{text}` bukan tanggal di kalender"),
                        ),
                    );
                    return Self::error_expr(sp);
                }
            }
        }
        match sig {
            Ok(ty) => Self::mk(CK::Builtin(b, cargs), ty, sp),
            Err(_) if any_err => Self::error_expr(sp),
            Err(expected) => {
                let found = tys.iter().map(Ty::describe).collect::<Vec<_>>().join(", ");
                self.err(
                    "type-mismatch",
                    sp,
                    t(
                        format!("`{}` takes {}, found ({found})", name.name, expected.en),
                        format!("`{}` menerima {}, ditemukan ({found})", name.name, expected.id),
                    ),
                );
                Self::error_expr(sp)
            }
        }
    }

    /// The parts of an aggregate's filter or value that do not depend on its item (`tahun_ini - 1`
    /// in `kinerja where tahun == tahun_ini - 1`) become hidden `let` values: worked out once per
    /// evaluation, when first needed, instead of once per item. `local` is the aggregate's item.
    fn hoist(&mut self, e: CExpr, local: usize) -> CExpr {
        // A range is no value of its own (`in` reads its bounds): its bounds may be hoisted, the
        // range stays in place.
        let range = matches!(e.kind, CK::Range(..));
        if !range && !e.read_in_place() && e.ty != Ty::Error && invariant(&e, local) {
            let text = self.text(e.span);
            // Compiled inside the aggregate, whose item is at `local`.
            return self.shared_input(&e, &text, local + 1);
        }
        let mut go = |x: Box<CExpr>| Box::new(self.hoist(*x, local));
        let kind = match e.kind {
            CK::Not(a) => CK::Not(go(a)),
            CK::Neg(a) => CK::Neg(go(a)),
            CK::IsAbsent(a, absent) => CK::IsAbsent(go(a), absent),
            CK::And(a, b) => CK::And(go(a), go(b)),
            CK::Or(a, b) => CK::Or(go(a), go(b)),
            CK::Cmp(op, a, b) => CK::Cmp(op, go(a), go(b)),
            CK::In(a, b, negate) => CK::In(go(a), go(b), negate),
            CK::Arith(op, a, b) => CK::Arith(op, go(a), go(b)),
            CK::Otherwise(a, b) => CK::Otherwise(go(a), go(b)),
            CK::Range(a, b, excl) => CK::Range(go(a), go(b), excl),
            CK::If(a, b, c) => CK::If(go(a), go(b), go(c)),
            CK::Lookup(i, a) => CK::Lookup(i, go(a)),
            CK::Builtin(f, args) => CK::Builtin(f, args.into_iter().map(|a| self.hoist(a, local)).collect()),
            CK::List(items) => CK::List(items.into_iter().map(|a| self.hoist(a, local)).collect()),
            // Paths, constants, nested aggregates and the rest stay as they are.
            kind => return CExpr { kind, ..e },
        };
        CExpr::new(kind, e.ty, e.span)
    }

    fn aggregate(&mut self, agg: &ast::Aggregate, sp: Span) -> CExpr {
        let local = self.frames.len();
        // A list chosen by a filter (`let pelatihan_ini = pelatihan where …`): the aggregate goes
        // over the list it chooses from, with its conditions besides the aggregate's own. Its
        // declaration said what is wrong with it, once.
        let mut chosen: Option<(CExpr, String)> = None;
        let (list, projection): (CExpr, Vec<ast::Ident>) = if let Some((name, fields)) = self.chosen_list(agg) {
            if !self.filtered.get(&name).is_some_and(|e| e.1) {
                return Self::error_expr(sp);
            }
            // What its declaration's check said again here is said once (see `compile`).
            let Some((list, cond, describe)) = self.filtered_list(&name, local) else {
                return Self::error_expr(sp);
            };
            chosen = Some((cond, describe));
            (list, fields)
        } else if agg.binder.is_some() {
            (self.expr(&agg.list), Vec::new())
        } else {
            let mut fields = Vec::new();
            let mut base = &agg.list;
            while let ExprKind::Field(b, f) = &base.kind {
                fields.push(f.clone());
                base = b;
            }
            fields.reverse();
            let mut cur = self.expr(base);
            let mut rest = fields.into_iter();
            let mut projection = Vec::new();
            for f in rest.by_ref() {
                if matches!(cur.ty, Ty::List(_)) {
                    projection.push(f);
                    break;
                }
                let span = cur.span.to(f.span);
                cur = self.field(cur, &f, span);
            }
            projection.extend(rest);
            (cur, projection)
        };
        let item_ty = match &list.ty {
            Ty::List(item) => (**item).clone(),
            Ty::Error => return Self::error_expr(sp),
            other => {
                self.err_help(
                    "type-mismatch",
                    agg.list.span,
                    t(
                        format!("`{}` needs a list, found {}", agg.kind.name(), other.describe()),
                        format!("`{}` memerlukan daftar, ditemukan {}", agg.kind.name(), other.describe_id()),
                    ),
                    if matches!(agg.kind, AggKind::Min | AggKind::Max) {
                        Some(t(
                            "for two or more values write `min(a, b)`",
                            "untuk dua nilai atau lebih tulis `min(a, b)`",
                        ))
                    } else {
                        None
                    },
                );
                return Self::error_expr(sp);
            }
        };
        self.max_locals = self.max_locals.max(local + 1);
        let record = if let Ty::Record(r) = &item_ty { Some(r.clone()) } else { None };
        self.frames.push(Frame {
            binder: agg.binder.as_ref().map(|b| b.name.clone()),
            item: item_ty.clone(),
            local,
            record: record.clone(),
            implicit: agg.binder.is_none(),
        });
        let item_expr = Self::mk(CK::Local(local), item_ty.clone(), agg.list.span);
        let mut map = agg.map.as_ref().map(|m| self.expr(m));
        if !projection.is_empty() {
            let mut cur = item_expr.clone();
            for f in &projection {
                let span = cur.span.to(f.span);
                cur = self.field(cur, f, span);
            }
            map = Some(cur);
        }
        let filter = agg.filter.as_ref().map(|f| {
            let c = self.expr(f);
            self.expect_bool(&c, f.span);
            c
        });
        self.frames.pop();
        let value_ty = map.as_ref().map(|m| m.ty.clone()).unwrap_or(item_ty.clone());
        let ty = match agg.kind {
            AggKind::Any | AggKind::All => {
                // `any(pelatihan_ini)`: whether the list chooses any item.
                let chooses = agg.kind == AggKind::Any && chosen.is_some();
                if filter.is_none() && map.is_none() && value_ty != Ty::Bool && !chooses {
                    self.err(
                        "type-mismatch",
                        sp,
                        t(
                            format!("`{}` needs a condition: `{}(… where …)`", agg.kind.name(), agg.kind.name()),
                            format!("`{}` memerlukan syarat: `{}(… yang …)`", agg.kind.name(), agg.kind.name()),
                        ),
                    );
                }
                if let Some(m) = &map {
                    if filter.is_none() && m.ty != Ty::Bool && m.ty != Ty::Error {
                        self.err(
                            "type-mismatch",
                            m.span,
                            t("this must be true or false", "ini harus benar atau salah"),
                        );
                    }
                }
                Ty::Bool
            }
            AggKind::Count => Ty::Int,
            AggKind::Sum | AggKind::Average => {
                let average = agg.kind == AggKind::Average;
                if !value_ty.is_numeric() && value_ty != Ty::Error {
                    let (items, items_id) = (value_ty.describe(), value_ty.describe_id());
                    let (what, help) = if average {
                        (
                            t(
                                format!("`average` is a mean of numbers, but the items are {items}"),
                                format!("`rata_rata` merata-ratakan bilangan, tetapi butirnya {items_id}"),
                            ),
                            t(
                                "name the number to average, e.g. `average(kinerja.nilai_skp where …)`",
                                "sebut bilangan yang dirata-ratakan, misalnya `rata_rata(kinerja.nilai_skp yang …)`",
                            ),
                        )
                    } else {
                        (
                            t(
                                format!("`sum` adds numbers, but the items are {items}"),
                                format!("`jumlah` menjumlahkan bilangan, tetapi butirnya {items_id}"),
                            ),
                            t(
                                "name the number to add, e.g. `sum(pelatihan.jp where …)`",
                                "sebut bilangan yang dijumlahkan, misalnya `jumlah(pelatihan.jp yang …)`",
                            ),
                        )
                    };
                    self.err_help("type-mismatch", sp, what, Some(help));
                    Ty::Error
                } else if average {
                    // A mean of whole numbers need not be whole.
                    Ty::Decimal
                } else {
                    value_ty.clone()
                }
            }
            AggKind::Min | AggKind::Max => {
                if !orderable(&value_ty) && value_ty != Ty::Error {
                    self.err(
                        "type-mismatch",
                        sp,
                        t(
                            format!(
                                "`{}` needs numbers, dates or ordered values, found {}",
                                agg.kind.name(),
                                value_ty.describe()
                            ),
                            format!(
                                "`{}` memerlukan bilangan, tanggal atau nilai berurutan, ditemukan {}",
                                agg.kind.name(),
                                value_ty.describe_id()
                            ),
                        ),
                    );
                }
                value_ty.clone()
            }
            AggKind::First => value_ty.clone(),
        };
        // A chosen list: its items are those of the list it chooses from that its conditions hold
        // for. `all` holds when each of them matches (an item the conditions leave out matches:
        // `not chosen or …`); the others go over them only (`chosen and …`).
        let (filter, map) = match chosen.as_ref().map(|(c, _)| c.clone()) {
            None => (filter, map),
            Some(c) if agg.kind == AggKind::All => {
                let or_outside = |test: CExpr| {
                    let span = c.span.to(test.span);
                    let outside = Self::mk(CK::Not(Box::new(c.clone())), Ty::Bool, c.span);
                    Self::mk(CK::Or(Box::new(outside), Box::new(test)), Ty::Bool, span)
                };
                match (filter, map) {
                    // `all(m for w in chosen where f)`: each chosen item passes `f` and `m`.
                    (f, Some(m)) => {
                        let test = match f {
                            Some(f) => {
                                let span = f.span.to(m.span);
                                Self::mk(CK::And(Box::new(f), Box::new(m)), Ty::Bool, span)
                            }
                            None => m,
                        };
                        (None, Some(or_outside(test)))
                    }
                    (Some(f), None) => (Some(or_outside(f)), None),
                    // Items that are true or false themselves.
                    (None, None) if item_ty == Ty::Bool => (None, Some(or_outside(item_expr.clone()))),
                    (None, None) => (None, None),
                }
            }
            Some(c) => {
                let filter = match filter {
                    Some(f) => {
                        let span = c.span.to(f.span);
                        Self::mk(CK::And(Box::new(c), Box::new(f)), Ty::Bool, span)
                    }
                    None => c,
                };
                (Some(filter), map)
            }
        };
        let filter = filter.map(|f| self.hoist(f, local));
        let map = map.map(|m| self.hoist(m, local));
        // `first(p in [presensi] where …)`, a record taken only when it holds: named as the record.
        let list_text = match (&agg.list.kind, &chosen) {
            (_, Some((_, chosen))) => chosen.clone(),
            (ExprKind::List(items), None) if items.len() == 1 => {
                items.first().map(|x| self.text(x.span)).unwrap_or_default()
            }
            _ => self.text(list.span),
        };
        let describe = match &agg.filter {
            // The filter's keyword as the policy writes it (`kinerja[yang tahun == tahun_ini]` in
            // a policy written in Indonesian).
            Some(f) => {
                let between = self.source.get(agg.list.span.end..f.span.start).unwrap_or("").trim();
                let word = if between == "yang" { "yang" } else { "where" };
                format!("{list_text}[{word} {}]", self.text(f.span))
            }
            None if chosen.is_some() => list_text,
            None => format!("{list_text}[0]"),
        };
        Self::mk(CK::Agg(Box::new(AggIR { kind: agg.kind, list, map, filter, describe, span: sp })), ty, sp)
    }
}

/// A lookup table's key for a band, with the band for the checks of [`crate::bands`].
fn band_key(band: bands::Cell) -> Option<(LookupKey, bands::Cell)> {
    match band {
        bands::Cell::Band { lo, hi } => {
            Some((LookupKey::Band { lo: lo.clone(), hi: hi.clone() }, bands::Cell::Band { lo, hi }))
        }
        _ => None,
    }
}

fn set_strategy(strategies: &mut [Strategy; 4], idx: usize, s: Strategy) {
    if let Some(x) = strategies.get_mut(idx) {
        *x = s;
    }
}

fn split_and<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
    if let ExprKind::Binary(BinOp::And, a, b) = &e.kind {
        split_and(a, out);
        split_and(b, out);
    } else {
        out.push(e);
    }
}

/// A table cell as the condition it tests (`in 0..2`, `== 3`), in English and Indonesian.
/// `x - y` of two number literals, worked out for a message (`?` when it does not fit).
fn minus_text(x: &str, y: &str) -> String {
    match (Decimal::from_str_exact(x), Decimal::from_str_exact(y)) {
        (Ok(a), Ok(b)) => a.checked_sub(b).map_or_else(|| "?".into(), |d| d.normalize().to_string()),
        _ => "?".into(),
    }
}

fn cell_phrase(text: &str) -> (String, String) {
    let t = text.trim();
    if t.starts_with(['<', '>', '=', '!']) {
        (t.to_string(), t.to_string())
    } else if t.contains("..") || t.contains(',') {
        (format!("in {t}"), format!("dalam {t}"))
    } else {
        (format!("== {t}"), format!("== {t}"))
    }
}

fn orderable(ty: &Ty) -> bool {
    match ty {
        Ty::Int | Ty::Decimal | Ty::Date => true,
        Ty::Enum(e) => e.ordered,
        Ty::Nothing | Ty::Error => true,
        _ => false,
    }
}

fn join_ty(a: &Ty, b: &Ty) -> Ty {
    match (a, b) {
        (Ty::Nothing, x) | (x, Ty::Nothing) => x.clone(),
        (Ty::Error, _) | (_, Ty::Error) => Ty::Error,
        (Ty::Int, Ty::Decimal) | (Ty::Decimal, Ty::Int) => Ty::Decimal,
        (x, _) => x.clone(),
    }
}

/// Help for `"10"` written as an outcome's parameter where a number is meant: the number without
/// its quotes (on `line`, when it is not the one the error points at).
fn quoted_number(written: &str, line: Option<usize>) -> Option<Text> {
    let inner = written.trim().strip_prefix('"')?.strip_suffix('"')?.trim();
    inner.parse::<Decimal>().ok()?;
    Some(number_without_quotes(inner, line))
}

/// "did you mean `x`?", for the one of `among` spelt most like `name`, if one is close enough.
fn suggestion<'a>(name: &str, among: impl IntoIterator<Item = &'a str>) -> Option<Text> {
    did_you_mean(name, among).map(|s| t(format!("did you mean `{s}`?"), format!("maksud Anda `{s}`?")))
}

/// "a number is written without quotes: `10`" (on `line`, when it is not the one pointed at).
fn number_without_quotes(number: &str, line: Option<usize>) -> Text {
    let (en, id) = line.map_or((String::new(), String::new()), |l| (format!(" on line {l}"), format!(" di baris {l}")));
    t(
        format!("a number is written without quotes: `{number}`{en}"),
        format!("bilangan ditulis tanpa tanda kutip: `{number}`{id}"),
    )
}

/// The built-in types: their English and Indonesian names.
const BUILTIN_TYPES: [(&str, &str, Ty); 5] = [
    ("bool", "logika", Ty::Bool),
    ("int", "bulat", Ty::Int),
    ("decimal", "desimal", Ty::Decimal),
    ("text", "teks", Ty::Text),
    ("date", "tanggal", Ty::Date),
];

fn builtin_type(name: &str) -> Option<Ty> {
    BUILTIN_TYPES.into_iter().find(|(en, id, _)| name == *en || name == *id).map(|(.., ty)| ty)
}

fn ast_kind(k: OutcomeKindAst) -> OutcomeKind {
    match k {
        OutcomeKindAst::Sanction => OutcomeKind::Sanction,
        OutcomeKindAst::Reward => OutcomeKind::Reward,
        OutcomeKindAst::Promotion => OutcomeKind::Promotion,
        OutcomeKindAst::Notice => OutcomeKind::Notice,
    }
}

fn kind_name(k: Option<OutcomeKind>) -> &'static str {
    k.map(OutcomeKind::as_str).unwrap_or("?")
}

/// Where, at or after byte `from` of `text`, `key` is named as a field (`key:`, `"key":`), not
/// as a part of another name.
fn field_key_at(text: &str, key: &str, from: usize) -> Option<usize> {
    let mut search = from;
    while let Some(i) = text.get(search..).and_then(|t| t.find(key)).map(|i| i + search) {
        let before = text.get(..i).and_then(|b| b.chars().next_back());
        let after = text.get(i + key.len()..).unwrap_or("").trim_start_matches('"').trim_start();
        if !before.is_some_and(|c| c.is_alphanumeric() || c == '_') && after.starts_with(':') {
            return Some(i);
        }
        search = i + key.len();
    }
    None
}

/// A key's identity for finding it given twice: equal values (`1` and `1.0`) alike.
fn key_identity(v: &Value) -> String {
    match v {
        Value::Int(i) => format!("n{i}"),
        Value::Dec(d) => format!("n{}", d.normalize()),
        other => format!("{other:?}"),
    }
}

/// Whether dividing by `v` always ends: a number whose digits have no prime factor but 2 and 5
/// (`100`, `4`, `0.5`, `12.5`), as a decimal divides exactly.
fn exact_divisor(v: &Value) -> bool {
    let mut m = match v {
        Value::Int(i) => i128::from(*i).unsigned_abs(),
        Value::Dec(d) => d.mantissa().unsigned_abs(),
        _ => return false,
    };
    if m == 0 {
        return false;
    }
    for p in [2, 5] {
        while m % p == 0 {
            m /= p;
        }
    }
    m == 1
}

fn kind_name_id(k: Option<OutcomeKind>) -> String {
    k.map(|k| crate::messages::kind_word(k).id).unwrap_or_else(|| "?".into())
}

/// The outcomes a rule or table gives.
pub(crate) fn outcomes_of(r: &RuleIR) -> Vec<&OutcomeIR> {
    outcomes_in(&r.body)
}

/// The outcomes a rule's or table's body gives.
fn outcomes_in(body: &Body) -> Vec<&OutcomeIR> {
    match body {
        Body::Rule { outcome, .. } => outcome.iter().collect(),
        Body::Table { rows, .. } => rows.iter().filter_map(|r| r.outcome.as_ref()).collect(),
    }
}

/// The codes of the outcomes a rule or table gives, each once ([`RuleIR::codes`]).
pub fn outcome_codes(r: &RuleIR) -> Vec<String> {
    r.codes.iter().map(|c| c.to_string()).collect()
}

/// The first field an object in `j` names twice, as a path.
fn given_twice(j: &ast::Json, at: &str) -> Option<String> {
    match j {
        ast::Json::Object(fields) => fields.iter().enumerate().find_map(|(k, (name, v))| {
            let path = if at.is_empty() { name.clone() } else { format!("{at}.{name}") };
            if fields.iter().take(k).any(|(m, _)| m == name) {
                Some(path)
            } else {
                given_twice(v, &path)
            }
        }),
        ast::Json::Array(items) => items.iter().enumerate().find_map(|(i, v)| given_twice(v, &format!("{at}[{i}]"))),
        _ => None,
    }
}

fn json_value(j: &ast::Json) -> serde_json::Value {
    use serde_json::Value as J;
    match j {
        ast::Json::Null => J::Null,
        ast::Json::Bool(b) => J::Bool(*b),
        ast::Json::Number(n) => n.parse::<serde_json::Number>().map(J::Number).unwrap_or(J::Null),
        ast::Json::String(s) => J::String(s.clone()),
        ast::Json::Array(a) => J::Array(a.iter().map(json_value).collect()),
        ast::Json::Object(o) => J::Object(o.iter().map(|(k, v)| (k.clone(), json_value(v))).collect()),
    }
}

/// The outcomes a rule or table can give, with a table row's id, to finish them once the whole
/// policy is known.
fn outcomes_mut(r: &mut RuleIR) -> Vec<(Option<Arc<str>>, &mut OutcomeIR)> {
    match &mut r.body {
        Body::Rule { outcome, .. } => outcome.iter_mut().map(|o| (None, o)).collect(),
        Body::Table { rows, .. } => {
            rows.iter_mut().filter_map(|row| Some((Some(row.id.clone()), row.outcome.as_mut()?))).collect()
        }
    }
}

/// Fills in what every evaluation would otherwise work out again: the outcome's origin with a
/// sanction's level, its rank, and the parameters as JSON when they are all constants.
fn settle_outcome(o: &mut OutcomeIR, mut origin: Origin, severity: Option<&Severity>) {
    if o.kind == OutcomeKind::Sanction {
        if let Some((level, rank)) = severity.and_then(|s| s.of(&o.code)) {
            origin.level =
                severity.and_then(|s| s.levels.values.get(usize::from(level))).map(|l| Arc::from(l.as_str()));
            o.rank = rank;
        }
    }
    o.origin = Arc::new(origin);
    let constant: Option<serde_json::Map<String, serde_json::Value>> = o
        .args
        .iter()
        .map(|(name, e)| match &e.kind {
            CK::Const(v) if !matches!(v, Value::Unknown(_)) => Some((name.clone(), value_json(v, &e.ty))),
            _ => None,
        })
        .collect();
    o.fixed = constant.map(Arc::new);
}

/// A value as JSON, naming enum values with the type's names.
pub fn value_json(v: &Value, ty: &Ty) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        Value::Bool(b) => J::Bool(*b),
        Value::Int(i) => J::Number((*i).into()),
        Value::Dec(d) => dec_json(*d),
        Value::Text(s) => J::String(s.to_string()),
        Value::Date(d) => J::String(iso_date(*d)),
        Value::Enum(i) => match ty {
            Ty::Enum(e) => e.values.get(usize::from(*i)).map(|s| J::String(s.clone())).unwrap_or(J::Null),
            _ => J::Number(u64::from(*i).into()),
        },
        Value::List(items) => {
            let item_ty = if let Ty::List(t) = ty { (**t).clone() } else { Ty::Error };
            J::Array(items.iter().map(|x| value_json(x, &item_ty)).collect())
        }
        Value::Record(fields) => match ty {
            Ty::Record(r) => J::Object(
                r.fields.iter().zip(fields.iter()).map(|(f, v)| (f.name.clone(), value_json(v, &f.ty))).collect(),
            ),
            _ => J::Null,
        },
        Value::None | Value::Unknown(_) => J::Null,
    }
}

/// Whether an expression reads nothing that changes from item to item of the aggregate whose
/// item is `local` (nor of an enclosing one), and nothing that would make it worth less as a
/// shared value: the decision's own outcomes, or a helper function.
fn invariant(e: &CExpr, local: usize) -> bool {
    match &e.kind {
        CK::Local(k) => *k > local,
        CK::Sanction | CK::Given(..) | CK::SanctionField(..) | CK::Helper(..) => false,
        kind => {
            let mut all = true;
            kind.for_each_child(&mut |c| all = all && invariant(c, local));
            all
        }
    }
}

/// Whether a helper file's name stays inside the policy's folder: relative, without `..`, so
/// that a policy cannot read files elsewhere on the machine that loads it (`/etc/passwd`).
fn beside_the_policy(name: &str) -> bool {
    let path = std::path::Path::new(name);
    !name.is_empty()
        && !name.starts_with(['/', '\\'])
        && !name.contains(':')
        && path.components().all(|c| matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir))
        && !name.split(['/', '\\']).any(|part| part == "..")
}
