//! Helper functions written in Rhai: compiled once, run sandboxed — an operation budget, call and
//! expression depth limits, size limits, no `eval`, no modules, no I/O, no clock — with argument
//! and result types checked at the boundary and errors pointing at the Rhai line.

use std::sync::Arc;

use aturan_dsl::{Diagnostic, Lang, Span, Text};
use rhai::{Array, Dynamic, Engine, EvalAltResult, Map as RhaiMap, Position, Scope, AST};
use rust_decimal::Decimal;

use crate::explain::show;
use crate::ir::HelperIR;
use crate::policy::EvalError;
use crate::types::Ty;
use crate::value::Value;

/// Operations one helper call may take before it is stopped.
pub const MAX_OPERATIONS: u64 = 200_000;

/// Operations all the helper calls of one evaluation may take together: a helper called once per
/// item of a long list cannot run for hours.
pub const MAX_EVALUATION_OPERATIONS: u64 = 5_000_000;

/// Time the helper calls of one evaluation may take together. A last resort, never reached by a
/// helper that stays within its operations unless it works on long lists or texts: a built-in such
/// as `contains` on a 100,000-item array counts as one operation, so operations alone do not bound
/// the time. A decision never depends on it; an evaluation that reaches it gives an error.
/// (On WebAssembly only once the embedding gives a clock, [`set_wasm_clock`].)
pub const MAX_EVALUATION_TIME: std::time::Duration = std::time::Duration::from_secs(2);

/// How often (in operations) a call looks at the clock.
const CLOCK_EVERY: u64 = 16;

/// What stops a call whose evaluation ran out of time (the token of Rhai's `ErrorTerminated`).
const OUT_OF_TIME: &str = "out of time";
/// What the `sleep` a helper calls stops it with (see [`sandbox`]).
const NO_SLEEP: &str = "`sleep` is not available in a helper: a decision takes no time";

thread_local! {
    /// When the helper calls of the evaluation running on this thread must have ended.
    static DEADLINE: std::cell::Cell<Option<Clock>> = const { std::cell::Cell::new(None) };
    /// How long they may run: the evaluation's `helper_time`.
    static TIME: std::cell::Cell<std::time::Duration> = const { std::cell::Cell::new(MAX_EVALUATION_TIME) };
    /// Operations left to the evaluation running on this thread.
    static LEFT: std::cell::Cell<u64> = const { std::cell::Cell::new(MAX_EVALUATION_OPERATIONS) };
    /// The most operations the call running on this thread may take by the evaluation's budget,
    /// and how many it has taken.
    static CALL: std::cell::Cell<(u64, u64)> = const { std::cell::Cell::new((u64::MAX, 0)) };
}

fn out_of_time_text() -> Text {
    let secs = TIME.with(std::cell::Cell::get).as_secs_f64();
    Text::new(
        format!("stopped: the helpers of this evaluation ran for more than {secs} s (a loop over a long list or text?)"),
        format!(
            "dihentikan: fungsi bantu evaluasi ini berjalan lebih dari {secs} detik (perulangan atas daftar atau teks yang panjang?)"
        ),
    )
}

#[cfg(not(target_arch = "wasm32"))]
type Clock = std::time::Instant;
/// Milliseconds, as the clock the embedding gives reads them.
#[cfg(target_arch = "wasm32")]
type Clock = f64;

/// WebAssembly has no clock of its own: the embedding gives one (milliseconds since any fixed
/// point, such as JavaScript's `Date.now`), and the helpers' time limit holds there too.
#[cfg(target_arch = "wasm32")]
static WASM_CLOCK: std::sync::OnceLock<fn() -> f64> = std::sync::OnceLock::new();

/// Gives the engine on WebAssembly a clock in milliseconds (`Date.now` from JavaScript), so that
/// the helper calls of an evaluation stop after `EvalOptions::helper_time` as they do natively.
/// Without one they are stopped by their operation limits only. The first clock given stays.
#[cfg(target_arch = "wasm32")]
pub fn set_wasm_clock(now: fn() -> f64) {
    let _ = WASM_CLOCK.set(now);
}

/// Gives the evaluation starting on this thread its whole helper budget. Its time starts at its
/// first helper call, so that an evaluation without helpers never reads the clock.
pub fn start_evaluation(time: std::time::Duration) {
    LEFT.with(|l| l.set(MAX_EVALUATION_OPERATIONS));
    DEADLINE.with(|d| d.set(None));
    TIME.with(|t| t.set(time));
}

/// Whether the evaluation on this thread has used up its helper time (starting it at the first
/// call).
#[cfg(not(target_arch = "wasm32"))]
fn out_of_time(starting: bool) -> bool {
    DEADLINE.with(|d| match d.get() {
        Some(deadline) => std::time::Instant::now() > deadline,
        None => {
            if starting {
                let time = TIME.with(std::cell::Cell::get);
                d.set(std::time::Instant::now().checked_add(time));
            }
            false
        }
    })
}

#[cfg(target_arch = "wasm32")]
fn out_of_time(starting: bool) -> bool {
    let Some(now) = WASM_CLOCK.get() else {
        return false;
    };
    DEADLINE.with(|d| match d.get() {
        Some(deadline) => now() > deadline,
        None => {
            if starting {
                let time = TIME.with(std::cell::Cell::get);
                d.set(Some(now() + time.as_secs_f64() * 1000.0));
            }
            false
        }
    })
}

pub struct HelperEngine {
    engine: Engine,
    /// The helper scripts' text, to find a function's definition when Rhai gives no position.
    texts: Vec<String>,
    ast: AST,
    /// For each script: (first line in the policy, or the file name).
    origins: Vec<Origin>,
}

#[derive(Clone)]
struct Origin {
    line_offset: usize,
    /// Characters before the script on its first line in the policy (`helpers """fn f…`):
    /// added to the columns Rhai counts on that line.
    first_column: usize,
    file: Option<String>,
    /// The functions the script defines: a position Rhai gives is in the script of the function
    /// it is in.
    functions: Vec<String>,
}

fn sandbox() -> Engine {
    let mut e = Engine::new();
    e.set_max_operations(MAX_OPERATIONS);
    // The call's own limit, lowered to what is left of the evaluation's budget.
    e.on_progress(|ops| {
        CALL.with(|c| {
            let (limit, _) = c.get();
            c.set((limit, ops));
            if ops > limit {
                Some(Dynamic::UNIT)
            } else if ops % CLOCK_EVERY == 0 && out_of_time(false) {
                Some(Dynamic::from(OUT_OF_TIME))
            } else {
                None
            }
        })
    });
    e.set_max_call_levels(32);
    e.set_max_expr_depths(64, 32);
    e.set_max_string_size(100_000);
    e.set_max_array_size(100_000);
    e.set_max_map_size(10_000);
    e.set_max_functions(1_000);
    e.set_max_variables(1_000);
    e.disable_symbol("eval");
    // Rhai's `sleep` would block the evaluation (and cannot run in WebAssembly at all); it is
    // replaced by one that stops the helper, which is deterministic and takes no time.
    e.register_fn("sleep", |_seconds: rhai::INT| -> Result<(), Box<EvalAltResult>> {
        Err(Box::new(EvalAltResult::ErrorRuntime(Dynamic::from(NO_SLEEP), Position::NONE)))
    });
    e.on_print(|_| {});
    e.on_debug(|_, _, _| {});
    e
}

impl HelperEngine {
    pub fn compile(
        policy: &str,
        scripts: &[(String, Span, Option<String>)],
        decls: &[HelperIR],
    ) -> Result<HelperEngine, Vec<Diagnostic>> {
        let engine = sandbox();
        let mut diags = Vec::new();
        let mut ast: Option<AST> = None;
        let mut origins = Vec::new();
        for (code, span, file) in scripts {
            let before = if file.is_none() { policy.get(..span.start).unwrap_or("") } else { "" };
            let line_offset = before.matches('\n').count();
            let first_column = before.rsplit('\n').next().map_or(0, |l| l.chars().count());
            match engine.compile(code) {
                Ok(a) => {
                    // Statements outside the functions would run before every call (a loop there
                    // stops every evaluation; a `let` there is not seen inside the functions).
                    let body: &[_] = AsRef::<[_]>::as_ref(&a);
                    if let Some(stmt) = body.first() {
                        let pos = stmt.position();
                        let mut d = Diagnostic::error(
                            "helper",
                            locate(policy, *span, code, pos, file.is_some()),
                            Text::new(
                                "a helpers script holds only functions: this statement is outside every `fn`",
                                "skrip fungsi bantu hanya berisi fungsi: pernyataan ini berada di luar setiap `fn`",
                            ),
                        )
                        .with_help(Text::new(
                            "move it into the function that needs it; a constant value can be a function (`fn batas() { 20 }`)",
                            "pindahkan ke dalam fungsi yang memerlukannya; nilai tetap dapat berupa fungsi (`fn batas() { 20 }`)",
                        ));
                        if let Some(f) = file {
                            d.file = Some(format!("{f}:{}", pos.line().unwrap_or(0)));
                        }
                        diags.push(d);
                    }
                    // A function defined again in a later script (the helper file beside the
                    // policy's own block) would replace the earlier one everywhere, also where
                    // the earlier script calls it.
                    if let Some(prev) = &ast {
                        for f in a.iter_functions() {
                            let again =
                                prev.iter_functions().any(|g| g.name == f.name && g.params.len() == f.params.len());
                            if !again {
                                continue;
                            }
                            let (name, n) = (f.name, f.params.len());
                            let mut d = Diagnostic::error(
                                "duplicate",
                                locate(policy, *span, code, fn_position(code, name), file.is_some()),
                                Text::new(
                                    format!("the function `{name}` with {n} parameter{} is defined in an earlier helpers script too: this one would replace it everywhere, also where that script calls it", if n == 1 { "" } else { "s" }),
                                    format!("fungsi `{name}` dengan {n} parameter sudah didefinisikan dalam skrip fungsi bantu sebelumnya: yang ini akan menggantikannya di mana pun, juga di tempat skrip itu memanggilnya"),
                                ),
                            )
                            .with_help(Text::new(
                                "give one of the two another name",
                                "beri salah satu dari keduanya nama lain",
                            ));
                            if let Some(file) = file {
                                d.file = Some(format!("{file}:{}", fn_position(code, name).line().unwrap_or(0)));
                            }
                            diags.push(d);
                        }
                    }
                    let functions = a.iter_functions().map(|f| f.name.to_string()).collect();
                    ast = Some(match ast {
                        Some(prev) => prev.merge(&a),
                        None => a,
                    });
                    origins.push(Origin { line_offset, first_column, file: file.clone(), functions });
                }
                Err(e) => {
                    let pos = e.position();
                    let (en, id) = (
                        format!("helper script: {}", e.err_type()),
                        format!("skrip fungsi bantu: {}", rhai_syntax_id(e.err_type())),
                    );
                    let mut d = Diagnostic::error(
                        "helper",
                        locate(policy, *span, code, pos, file.is_some()),
                        Text::new(en, id),
                    );
                    if let Some(f) = file {
                        d.file = Some(format!("{f}:{}", pos.line().unwrap_or(0)));
                    }
                    diags.push(d);
                }
            }
        }
        let ast = ast.unwrap_or_default();
        for d in decls {
            let defined = ast.iter_functions().any(|f| f.name == d.name && f.params.len() == d.params.len());
            if defined || !diags.is_empty() {
                continue;
            }
            let (name, declared) = (&d.name, d.params.len());
            let mut other: Vec<String> =
                ast.iter_functions().filter(|f| f.name == d.name).map(|f| f.params.len().to_string()).collect();
            other.sort();
            other.dedup();
            let (message, help) = if other.is_empty() {
                (
                    Text::new(
                        format!(
                            "helper `{name}` is declared with {declared} parameter{} but the script defines no such function",
                            if declared == 1 { "" } else { "s" }
                        ),
                        format!("fungsi `{name}` dideklarasikan dengan {declared} parameter tetapi skrip tidak mendefinisikannya"),
                    ),
                    match aturan_dsl::did_you_mean(name, ast.iter_functions().map(|f| f.name)) {
                        Some(near) => Text::new(
                            format!("the script defines `fn {near}`: did you mean `{near}`?"),
                            format!("skrip mendefinisikan `fn {near}`: maksud Anda `{near}`?"),
                        ),
                        None => Text::new(
                            format!("define `fn {name}(…) {{ … }}` in the helpers script"),
                            format!("definisikan `fn {name}(…) {{ … }}` dalam skrip fungsi bantu"),
                        ),
                    },
                )
            } else {
                // The function is there, with another number of parameters.
                (
                    Text::new(
                        format!(
                            "helper `{name}` is declared with {declared} parameter(s), but the script's `fn {name}` takes {}",
                            other.join(" or ")
                        ),
                        format!(
                            "fungsi `{name}` dideklarasikan dengan {declared} parameter, tetapi `fn {name}` dalam skrip menerima {}",
                            other.join(" atau ")
                        ),
                    ),
                    Text::new(
                        format!("make the `helper {name}(…)` declaration and the script's `fn {name}(…)` take the same parameters"),
                        format!("samakan parameter deklarasi `fungsi {name}(…)` dengan `fn {name}(…)` dalam skrip"),
                    ),
                )
            };
            diags.push(Diagnostic::error("helper", d.span, message).with_help(help));
        }
        if diags.is_empty() {
            Ok(HelperEngine { texts: scripts.iter().map(|s| s.0.clone()).collect(), engine, ast, origins })
        } else {
            Err(diags)
        }
    }

    pub fn call(&self, index: usize, decls: &[HelperIR], args: &[(Value, &Ty)]) -> Result<Value, EvalError> {
        let Some(decl) = decls.get(index) else {
            return Ok(Value::None);
        };
        // Each argument as its declared parameter type takes it: a whole number given for a
        // `decimal` parameter is a decimal in the script, so that `/` divides exactly.
        let dyn_args: Vec<Dynamic> =
            args.iter().enumerate().map(|(i, (v, ty))| to_dynamic(v, decl.params.get(i).unwrap_or(ty))).collect();
        let mut scope = Scope::new();
        if out_of_time(true) {
            return Err(self.out_of_time(&decl.name));
        }
        let left = LEFT.with(std::cell::Cell::get);
        // Rhai's own limit stops a call at MAX_OPERATIONS; this one stops it at what is left.
        CALL.with(|c| c.set((if left < MAX_OPERATIONS { left } else { u64::MAX }, 0)));
        let result = self.engine.call_fn::<Dynamic>(&mut scope, &self.ast, &decl.name, dyn_args);
        let (_, used) = CALL.with(std::cell::Cell::get);
        LEFT.with(|l| l.set(left.saturating_sub(used)));
        match result {
            Ok(d) => from_dynamic(&d, &decl.result).ok_or_else(|| {
                let kind = kind_of(&d);
                self.placed(
                    &decl.name,
                    &decl.name,
                    Position::NONE,
                    Text::new(
                        format!(
                            "returned `{d}` ({}), but it is declared to return {}",
                            kind.en,
                            decl.result.describe()
                        ),
                        format!(
                            "menghasilkan `{d}` ({}), padahal dideklarasikan menghasilkan {}",
                            kind.id,
                            decl.result.describe_id()
                        ),
                    ),
                )
            }),
            Err(e) => Err(self.runtime_error(&decl.name, &e)),
        }
    }

    fn out_of_time(&self, name: &str) -> EvalError {
        EvalError::Helper {
            helper: name.to_string(),
            message: out_of_time_text(),
            line: None,
            column: None,
            file: None,
        }
    }

    fn runtime_error(&self, name: &str, e: &EvalAltResult) -> EvalError {
        // Errors inside nested calls are wrapped; the innermost one says what and where.
        // The position is in the function the innermost error happened in.
        let mut e = e;
        let mut pos = e.position();
        let mut within = name;
        while let EvalAltResult::ErrorInFunctionCall(called, _, inner, at) = e {
            if !at.is_none() {
                pos = *at;
            }
            within = called;
            e = inner;
            if !e.position().is_none() {
                pos = e.position();
            }
        }
        let message = match e {
            EvalAltResult::ErrorTooManyOperations(_) => Text::new(
                format!("stopped after {MAX_OPERATIONS} operations (a loop that does not end?)"),
                format!("dihentikan setelah {MAX_OPERATIONS} operasi (perulangan yang tidak berakhir?)"),
            ),
            EvalAltResult::ErrorTerminated(token, _) if token.clone().into_string().as_deref() == Ok(OUT_OF_TIME) => {
                out_of_time_text()
            }
            EvalAltResult::ErrorTerminated(..) => Text::new(
                format!(
                    "stopped: the helpers of this evaluation took more than {MAX_EVALUATION_OPERATIONS} operations in all (is a helper called for every item of a long list?)"
                ),
                format!(
                    "dihentikan: fungsi bantu evaluasi ini memakan lebih dari {MAX_EVALUATION_OPERATIONS} operasi seluruhnya (apakah fungsi dipanggil untuk setiap butir daftar yang panjang?)"
                ),
            ),
            EvalAltResult::ErrorStackOverflow(_) => {
                Text::new("calls nest too deeply", "pemanggilan bersarang terlalu dalam")
            }
            other => rhai_error_text(other),
        };
        self.placed(name, within, pos, message)
    }

    /// Helper `name`'s error at Rhai position `pos` in function `within`, or at the definition of
    /// `within` when there is no position, with its line counted in the policy (or in its helper
    /// file).
    fn placed(&self, name: &str, within: &str, pos: Position, message: Text) -> EvalError {
        // Rhai positions are per script: the script defining the function (the last one, as a
        // later definition replaces an earlier), its lines offset into the policy. A limit
        // reached (too many operations) has no position: point at the definition.
        let script = self.origins.iter().rposition(|o| o.functions.iter().any(|f| f == within)).unwrap_or(0);
        let mut line = pos.line();
        if line.is_none() {
            line = self.texts.get(script).and_then(|text| definition_line(text, within));
        }
        let (line_offset, first_column, file) =
            self.origins.get(script).map_or((0, 0, None), |o| (o.line_offset, o.first_column, o.file.clone()));
        let column = pos.position().map(|c| if pos.line() == Some(1) { c + first_column } else { c });
        let line = line.map(|l| l + line_offset);
        let message = match &file {
            Some(f) => Text::new(format!("{} (in {f})", message.en), format!("{} (dalam {f})", message.id)),
            None => message,
        };
        EvalError::Helper { helper: name.to_string(), message, line, column, file: file.map(Box::from) }
    }
}

/// The line (from 1) of `fn name(` in a script, where it begins a line's code (`private fn`
/// too); not a mention in a comment (`// fn h(x) { 1 }`).
fn definition_line(text: &str, name: &str) -> Option<usize> {
    let needle = format!("fn {name}(");
    text.lines()
        .position(|l| {
            let code = l.trim_start();
            code.strip_prefix("private").map_or(code, str::trim_start).starts_with(&needle)
        })
        .map(|i| i + 1)
}

fn locate(policy: &str, span: Span, code: &str, pos: Position, is_file: bool) -> Span {
    if is_file {
        return span;
    }
    let Some(line) = pos.line() else { return span };
    let mut offset = 0usize;
    for (i, l) in code.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            // Rhai counts columns in characters: `"éé" + ;` has its `;` at column 9, byte 11.
            let col = pos.position().unwrap_or(1).saturating_sub(1);
            let (at, width) = l.char_indices().nth(col).map_or((l.len(), 1), |(b, c)| (b, c.len_utf8()));
            let start = span.start + offset + at;
            return Span::new(start, (start + width).min(policy.len()));
        }
        offset += l.len();
    }
    span
}

fn to_dynamic(v: &Value, ty: &Ty) -> Dynamic {
    match (v, ty) {
        (Value::Bool(b), _) => Dynamic::from(*b),
        (Value::Int(i), Ty::Decimal) => Dynamic::from(Decimal::from(*i)),
        (Value::Int(i), _) => Dynamic::from(*i),
        (Value::Dec(d), _) => Dynamic::from(*d),
        (Value::Text(s), _) => Dynamic::from(s.to_string()),
        (Value::Date(d), _) => Dynamic::from(crate::value::iso_date(*d)),
        (Value::Enum(_), _) => Dynamic::from(show(v, ty)),
        (Value::List(items), Ty::List(item)) => {
            let arr: Array = items.iter().map(|x| to_dynamic(x, item)).collect();
            Dynamic::from_array(arr)
        }
        (Value::Record(fields), Ty::Record(r)) => {
            let mut m = RhaiMap::new();
            for (f, x) in r.fields.iter().zip(fields.iter()) {
                m.insert(f.name.as_str().into(), to_dynamic(x, &f.ty));
            }
            Dynamic::from_map(m)
        }
        _ => Dynamic::UNIT,
    }
}

fn from_dynamic(d: &Dynamic, ty: &Ty) -> Option<Value> {
    if d.is_unit() {
        return Some(Value::None);
    }
    Some(match ty {
        Ty::Bool => Value::Bool(d.as_bool().ok()?),
        Ty::Int => Value::Int(d.as_int().ok()?),
        Ty::Decimal => match d.as_int() {
            Ok(i) => Value::Dec(Decimal::from(i)),
            Err(_) => Value::Dec(d.clone().try_cast::<Decimal>()?),
        },
        // A character (`"abc"[0]`) is a text of one.
        Ty::Text => match d.as_char() {
            Ok(c) => Value::Text(Arc::from(c.to_string().as_str())),
            Err(_) => Value::Text(Arc::from(d.clone().into_string().ok()?.as_str())),
        },
        Ty::Date => Value::Date(crate::value::parse_iso_date(&d.clone().into_string().ok()?)?),
        Ty::Enum(e) => Value::Enum(e.index_of(&d.clone().into_string().ok()?)?),
        Ty::List(item) => {
            let arr = d.clone().into_array().ok()?;
            let items: Option<Vec<Value>> = arr.iter().map(|x| from_dynamic(x, item)).collect();
            Value::List(Arc::from(items?))
        }
        _ => return None,
    })
}

/// A Rhai syntax error in Indonesian, for the mistakes a helper's author makes (a reserved word
/// as a name, a missing bracket, a script cut short); any other in Rhai's words (English).
fn rhai_syntax_id(e: &rhai::ParseErrorType) -> String {
    use rhai::ParseErrorType as P;
    match e {
        P::Reserved(word) if word.chars().all(|c| c.is_alphanumeric() || c == '_') => {
            format!("'{word}' adalah kata yang dicadangkan Rhai (pakai nama lain)")
        }
        P::Reserved(symbol) => format!("'{symbol}' adalah simbol yang dicadangkan Rhai"),
        P::UnexpectedEOF => "skrip tidak lengkap (kurung atau kutip belum ditutup?)".to_string(),
        P::MissingToken(token, _) => format!("seharusnya '{token}' di sini"),
        P::VariableUndefined(name) => format!("variabel tidak dikenal: {name}"),
        P::VariableExpected => "seharusnya nama variabel".to_string(),
        P::PropertyExpected => "seharusnya nama properti".to_string(),
        P::BadInput(rhai::LexError::UnexpectedInput(token)) => format!("'{token}' tidak diharapkan di sini"),
        P::VariableExists(name) | P::DuplicatedVariable(name) => format!("variabel sudah didefinisikan: {name}"),
        P::ExprExpected(what) => format!("seharusnya ekspresi ({what})"),
        P::UnknownOperator(op) => format!("operator tidak dikenal: '{op}'"),
        P::FnDuplicatedDefinition(name, n) => format!("fungsi {name} dengan {n} parameter sudah ada"),
        P::FnDuplicatedParam(name, param) => format!("parameter {param} dua kali pada fungsi {name}"),
        P::FnMissingBody(name) => format!("fungsi {name} tanpa badan {{ … }}"),
        P::FnMissingParams(name) => format!("fungsi {name} tanpa daftar parameter ( … )"),
        P::FnMissingName => "fungsi tanpa nama".to_string(),
        P::WrongFnDefinition => {
            "fungsi hanya boleh didefinisikan di tingkat teratas skrip, tidak di dalam blok atau fungsi lain"
                .to_string()
        }
        P::AssignmentToConstant(name) if name.is_empty() => "nilai konstan tidak dapat diubah".to_string(),
        P::AssignmentToConstant(name) => format!("konstanta {name} tidak dapat diubah"),
        P::LoopBreak => "break hanya boleh di dalam perulangan".to_string(),
        other => other.to_string(),
    }
}

/// A Rhai runtime error in Rhai's own words (in English, without the position it appends: the
/// line is given apart, counted in the policy), and in Indonesian for the errors a helper's
/// author meets (a division by zero, an index past the end, an unknown name, a `throw`); any
/// other in Rhai's words in both.
fn rhai_error_text(e: &EvalAltResult) -> Text {
    let en = e.to_string();
    let en = match en.rfind(" (line ") {
        Some(i) if en.ends_with(')') => en.get(..i).unwrap_or(&en).to_string(),
        _ => en,
    };
    let en = match e {
        EvalAltResult::ErrorFunctionNotFound(sig, _) => format!("Function not found: {}", signature_in(sig, Lang::En)),
        EvalAltResult::ErrorRuntime(d, _) if d.to_string() == NO_SLEEP => {
            return Text::new(NO_SLEEP, "`sleep` tidak tersedia dalam fungsi bantu: keputusan tidak memakan waktu")
        }
        _ => en,
    };
    // What an index went past: `array hanya berisi 2 elemen`, `teks kosong`.
    let bounds = |i: &i64, n: &usize, what: &str, unit: &str| match n {
        0 => format!("indeks {i} di luar batas: {what} kosong"),
        n => format!("indeks {i} di luar batas: {what} hanya berisi {n} {unit}"),
    };
    let id = match e {
        EvalAltResult::ErrorRuntime(d, _) if d.is_unit() || d.to_string().is_empty() => {
            "dihentikan oleh throw".to_string()
        }
        EvalAltResult::ErrorRuntime(d, _) => format!("dihentikan oleh throw: {d}"),
        EvalAltResult::ErrorVariableNotFound(name, _) => format!("variabel tidak dikenal: {name}"),
        EvalAltResult::ErrorFunctionNotFound(sig, _) => {
            format!("fungsi tidak ditemukan: {}", signature_in(sig, Lang::Id))
        }
        EvalAltResult::ErrorPropertyNotFound(name, _) => format!("properti tidak ada: {name}"),
        EvalAltResult::ErrorIndexNotFound(index, _) => format!("indeks tidak sah: {index}"),
        EvalAltResult::ErrorIndexingType(ty, _) => format!("tidak dapat diindeks: {ty}"),
        EvalAltResult::ErrorArrayBounds(n, i, _) => bounds(i, n, "array", "elemen"),
        EvalAltResult::ErrorStringBounds(n, i, _) => bounds(i, n, "teks", "karakter"),
        EvalAltResult::ErrorMismatchDataType(expected, actual, _) => match (actual.as_str(), expected.as_str()) {
            ("", e) => format!("tipe data salah, seharusnya {e}"),
            (a, "") => format!("tipe data salah: {a}"),
            (a, e) => format!("tipe data salah: {a} (seharusnya {e})"),
        },
        EvalAltResult::ErrorMismatchOutputType(expected, actual, _) => match (actual.as_str(), expected.as_str()) {
            ("", e) => format!("tipe hasil salah, seharusnya {e}"),
            (a, "") => format!("tipe hasil salah: {a}"),
            (a, e) => format!("tipe hasil salah: {a} (seharusnya {e})"),
        },
        EvalAltResult::ErrorVariableExists(name, _) => format!("variabel sudah didefinisikan: {name}"),
        EvalAltResult::ErrorAssignmentToConstant(name, _) => format!("konstanta {name} tidak dapat diubah"),
        EvalAltResult::ErrorFor(_) => "perulangan for memerlukan array, rentang atau teks".to_string(),
        // Rhai names what grew too large in English (`Size of array/BLOB`, `Length of string`).
        EvalAltResult::ErrorDataTooLarge(what, _) => {
            let what = what.to_ascii_lowercase();
            let thing = if what.contains("string") {
                "panjang teks"
            } else if what.contains("map") {
                "ukuran map"
            } else if what.contains("array") || what.contains("blob") {
                "ukuran array"
            } else {
                "ukuran data"
            };
            format!("{thing} terlalu besar")
        }
        EvalAltResult::ErrorTooManyVariables(_) => "terlalu banyak variabel".to_string(),
        EvalAltResult::ErrorArithmetic(text, _) => arithmetic_id(text).unwrap_or_else(|| en.clone()),
        _ => en.clone(),
    };
    Text::new(en, id)
}

/// Rhai's arithmetic errors (`Division by zero: 4 / 0`) in Indonesian, with the operation.
fn arithmetic_id(text: &str) -> Option<String> {
    const WORDS: [(&str, &str); 9] = [
        ("Division by zero", "pembagian dengan nol"),
        ("Modulo division by zero or overflow", "sisa bagi dengan nol atau melampaui batas"),
        ("Division overflow", "pembagian melampaui batas"),
        ("Addition overflow", "penjumlahan melampaui batas"),
        ("Subtraction overflow", "pengurangan melampaui batas"),
        ("Multiplication overflow", "perkalian melampaui batas"),
        ("Exponential overflow", "perpangkatan melampaui batas"),
        ("Integer raised to a negative power", "bilangan bulat dipangkatkan bilangan negatif"),
        ("Negation overflow", "negasi melampaui batas"),
    ];
    let (head, rest) = text.split_once(':').map_or((text, None), |(h, r)| (h, Some(r)));
    let (_, id) = WORDS.iter().find(|(en, _)| *en == head)?;
    Some(match rest {
        Some(rest) => format!("{id}:{rest}"),
        None => id.to_string(),
    })
}

/// What a helper's value is, in the policy's type words (`2027` is an `int`, `bulat`, not Rhai's
/// `i64`), as the declared type is said.
/// Where script `code` defines function `name` ([`definition_line`]), as Rhai counts positions:
/// the line, and the column of its first character.
fn fn_position(code: &str, name: &str) -> Position {
    let Some(line) = definition_line(code, name) else { return Position::NONE };
    let indent = code.lines().nth(line - 1).map_or(0, |l| l.chars().take_while(|c| c.is_whitespace()).count());
    let to_u16 = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    Position::new(to_u16(line), to_u16(indent + 1))
}

/// A Rhai function signature (`hitung (i64, string)`) with its argument types in the policy's
/// type words (`hitung (int, text)`, `hitung (bulat, teks)`).
fn signature_in(sig: &str, lang: Lang) -> String {
    let Some((name, args)) = sig.split_once(" (") else { return sig.to_string() };
    let Some(args) = args.strip_suffix(')') else { return sig.to_string() };
    let words: Vec<String> = args
        .split(", ")
        .map(|ty| match (rhai_type_words(ty.trim()), lang) {
            (Some((en, _)), Lang::En) => en.to_string(),
            (Some((_, id)), Lang::Id) => id.to_string(),
            (None, _) => ty.to_string(),
        })
        .collect();
    format!("{name} ({})", words.join(", "))
}

/// A Rhai type name in the policy's type words, English and Indonesian.
fn rhai_type_words(name: &str) -> Option<(&'static str, &'static str)> {
    Some(match name {
        "i64" | "i32" | "u64" | "u32" | "u8" | "i8" | "i16" | "u16" => ("int", "bulat"),
        "decimal" | "rust_decimal::Decimal" => ("decimal", "desimal"),
        "string" | "&str" | "char" | "ImmutableString" | "String" | "&str | ImmutableString | String" => {
            ("text", "teks")
        }
        "bool" => ("bool", "logika"),
        "array" => ("a list", "daftar"),
        "map" => ("a record", "rekaman"),
        "()" => ("no value", "tanpa nilai"),
        _ => return None,
    })
}

fn kind_of(d: &Dynamic) -> Text {
    match rhai_type_words(d.type_name()) {
        Some((en, id)) => Text::new(en, id),
        None => Text::new(d.type_name(), d.type_name()),
    }
}
