//! Engine throughput, side by side: `cargo bench -p aturan-core --bench engine`.
//!
//! One synthetic population (deterministic, 20,000 employees by default; set
//! `ATURAN_BENCH_EMPLOYEES` to change it) as `serde_json::Value` objects in the SIASN shape of
//! facts.md, evaluated by:
//!
//! - the engine with the Semarang reference policy (`examples/semarang/semarang.aturan`);
//! - the engine with the mini policy (`benches/mini.aturan`: absence sanction bands, TPP share,
//!   KP reguler without sanction history, the under-20-JP notice);
//! - the same mini policy written by hand in Rust ([`hand`]), reading the same JSON values;
//! - the same mini policy as a Rhai script (`benches/mini.rhai`);
//! - the engine on facts prepared once (`Policy::prepare`), like for like with Rhai's maps.
//!
//! Fairness: every implementation starts from the same facts, one employee at a time, single
//! threaded, explanations off. The engine reads and validates the JSON on every call (it is part
//! of `Policy::evaluate`) and builds a full `Decision` (codes, titles, citations, parameters as
//! JSON). The hand-written Rust also reads the JSON on every call, checks what it reads, and
//! returns a small struct. For Rhai the JSON is converted to Rhai maps once, up front (the
//! conversion time is printed apart and a per-call variant is measured for reference); the
//! script is compiled once and called through `call_fn_with_options` with the employee bound
//! as `this` (no copy of the map per call). So the Rhai figure favours Rhai. Every
//! implementation allocates with mimalloc, as the `aturan` command and the Python package do.
//!
//! To profile one implementation, set `ATURAN_BENCH_ONLY` to its label (e.g. `mini, engine`):
//! only that one is timed, and the agreement check is skipped.
//!
//! Rates are employees per second of CPU time of the benchmark thread, summed over all passes
//! (read from `/proc/thread-self/stat` on Linux; elsewhere the best pass by the wall clock), so
//! that other work on a shared machine does not skew the ratios. The implementations take turns
//! in rounds.
//!
//! Before timing, the policies' own examples are run, and all three mini implementations must
//! give the same outcome codes and parameters, and the same undetermined outcomes, for every
//! employee; the benchmark stops with an error otherwise. The test command runs that check alone
//! (`cargo test -p aturan-core --bench engine`: the same 20,000 employees, no timing), so a change to the
//! engine's semantics cannot leave the benchmark comparing different rules.

use std::hint::black_box;
use std::path::Path;
use std::str::FromStr;
use std::time::{Duration, Instant};

use aturan_core::{Decision, EvalOptions, Lang, LoadError, OutcomeKind, Policy};
use chrono::{Datelike, NaiveDate};
use rhai::{CallFnOptions, Dynamic, Engine, ImmutableString, Scope, AST};
use rust_decimal::Decimal;
use serde_json::{json, Map, Number, Value as Json};

/// The allocator the `aturan` command and the Python package run the engine with; every
/// implementation here runs with it.
#[global_allocator]
static ALLOC: aturan_alloc::Mimalloc = aturan_alloc::Mimalloc;

type Res<T> = Result<T, Box<dyn std::error::Error>>;

const AS_OF: &str = "2025-12-31";
const SEED: u64 = 0x5EA4_A2A9_2025_0001;
const TARGET_VS_RUST: f64 = 4.0;
const TARGET_VS_RHAI: f64 = 20.0;
/// Time each implementation gets per round, then the rounds' minimum count and time budget.
const SLICE: Duration = Duration::from_millis(400);
const MIN_ROUNDS: usize = 3;
const MAX_ROUNDS: usize = 8;
const TIMING_BUDGET: Duration = Duration::from_secs(25);

fn main() -> Res<()> {
    // `cargo bench` passes `--bench`; `cargo test --bench engine` (which the test command runs)
    // does not, and checks the examples and the agreement on the same population, untimed.
    let timing = std::env::args().any(|a| a == "--bench");
    let n: usize = match std::env::var("ATURAN_BENCH_EMPLOYEES") {
        Ok(s) => s.parse()?,
        Err(_) => 20_000,
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let opts = EvalOptions::on(AS_OF)?;
    let as_of = opts.as_of;
    let explain = opts.clone().explain(true);

    println!("aturan engine benchmark: {n} synthetic employees, as of {AS_OF}, single thread");

    let semarang = load(&dir.join("../examples/semarang/semarang.aturan"))?;
    let mini = load(&dir.join("benches/mini.aturan"))?;
    for (name, policy) in [("semarang.aturan", &semarang), ("mini.aturan", &mini)] {
        let results = policy.run_tests();
        let failed: Vec<String> = results.iter().filter(|r| !r.passed).map(|r| format!("{r:?}")).collect();
        if !failed.is_empty() {
            return Err(format!("{name}: {} example(s) fail:\n{}", failed.len(), failed.join("\n")).into());
        }
        println!("  {name}: {} examples pass", results.len());
    }

    let started = Instant::now();
    let people = population(n, SEED)?;
    println!("  population generated in {:.2?}", started.elapsed());

    let rhai = RhaiMini::new(&dir.join("benches/mini.rhai"), as_of)?;
    let started = Instant::now();
    let mut maps: Vec<Dynamic> = people.iter().map(to_dynamic).collect();
    let conversion = started.elapsed();
    println!("  JSON -> Rhai maps, once up front: {conversion:.2?}");

    // ------------------------------------------------------------ agreement
    let only = std::env::var("ATURAN_BENCH_ONLY").ok();
    let started = Instant::now();
    let mut spread = Spread::default();
    let checked = if only.is_some() { 0 } else { people.len() };
    for (i, (facts, map)) in people.iter().zip(maps.iter_mut()).enumerate().take(checked) {
        let engine = canon_engine(&mini.evaluate(facts, &opts)?)?;
        let by_hand = canon_hand(&hand::decide(facts, as_of).map_err(|e| format!("employee {i}: hand-written: {e}"))?);
        let by_rhai = canon_rhai(&rhai.decide(map)?)?;
        if engine != by_hand || engine != by_rhai {
            return Err(format!(
                "employee {i} disagrees:\n  facts   {facts}\n  engine  {engine:?}\n  by hand {by_hand:?}\n  rhai    {by_rhai:?}"
            )
            .into());
        }
        spread.add(&engine);
        // The Semarang policy must accept every employee too.
        semarang.evaluate(facts, &opts).map_err(|e| format!("employee {i}: semarang: {}", e.message(Lang::En)))?;
    }
    println!(
        "  agreement: engine, hand-written Rust and Rhai give the same outcomes for all {checked} employees ({:.2?})",
        started.elapsed()
    );
    spread.print();
    if !timing {
        println!("  not timed: run `cargo bench -p aturan-core --bench engine` for the figures");
        return Ok(());
    }

    // ------------------------------------------------------------ timing
    // Rounds: every implementation runs in each round (so a busy machine slows all alike), for
    // at least `SLICE` per round; the best whole pass over the population is reported.
    // Like-for-like with the Rhai maps: the facts checked and laid out once, up front.
    let prepared = people.iter().map(|f| mini.prepare(f)).collect::<Result<Vec<_>, _>>()?;
    let mut benches: Vec<Bench<'_>> = vec![
        Bench::new("mini, hand-written Rust", || {
            for f in &people {
                black_box(hand::decide(black_box(f), as_of)?);
            }
            Ok(())
        }),
        Bench::new("mini, engine", || {
            for f in &people {
                black_box(mini.evaluate(black_box(f), &opts)?);
            }
            Ok(())
        }),
        Bench::new("mini, Rhai script (maps prepared once)", || {
            for m in maps.iter_mut() {
                black_box(rhai.decide(m)?);
            }
            Ok(())
        }),
        Bench::new("mini, Rhai script (+ JSON -> map per call)", || {
            for f in &people {
                let mut m = to_dynamic(f);
                black_box(rhai.decide(&mut m)?);
            }
            Ok(())
        }),
        Bench::new("Semarang policy, engine", || {
            for f in &people {
                black_box(semarang.evaluate(black_box(f), &opts)?);
            }
            Ok(())
        }),
        Bench::new("mini, engine (facts prepared once)", || {
            for f in &prepared {
                black_box(mini.evaluate_prepared(black_box(f), &opts)?);
            }
            Ok(())
        }),
        Bench::new("mini, engine, explain = true", || {
            for f in &people {
                black_box(mini.evaluate(black_box(f), &explain)?);
            }
            Ok(())
        }),
        Bench::new("Semarang policy, engine, explain = true", || {
            for f in &people {
                black_box(semarang.evaluate(black_box(f), &explain)?);
            }
            Ok(())
        }),
    ];
    if let Some(only) = &only {
        benches.retain(|b| b.label == only.as_str());
    }
    let started = Instant::now();
    let mut rounds = 0;
    while rounds < MIN_ROUNDS || (started.elapsed() < TIMING_BUDGET && rounds < MAX_ROUNDS) {
        for b in &mut benches {
            b.round()?;
        }
        rounds += 1;
    }
    let by_cpu = thread_cpu().is_some();
    println!();
    println!(
        "timing: {rounds} rounds in {:.1?}; rate = employees / {}",
        started.elapsed(),
        if by_cpu { "CPU time of the benchmark thread (all passes)" } else { "wall time of the best pass" }
    );
    println!(
        "{:<44} {:>12} {:>12} {:>8} {:>14}",
        "implementation", "employees/s", "µs/employee", "passes", "best pass µs"
    );
    let mut rate = Vec::new();
    for b in &benches {
        let total = n as f64 * b.passes as f64;
        let best_us = b.best.as_secs_f64() * 1e6 / n as f64;
        let us = if by_cpu { b.cpu.as_secs_f64() * 1e6 / total.max(1.0) } else { best_us };
        let r = 1e6 / us.max(1e-9);
        println!("{:<44} {r:>12.0} {us:>12.2} {:>8} {best_us:>14.2}", b.label, b.passes);
        rate.push(r);
    }
    if benches.len() < 8 {
        return Ok(());
    }
    let at = |i: usize| rate.get(i).copied().unwrap_or(f64::NAN);
    let (rust, engine, rhai_rate, rhai_conv, semarang_rate, prepared_rate, mini_explain, semarang_explain) =
        (at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7));
    println!();
    let vs_rust = rust / engine;
    let vs_rhai = engine / rhai_rate;
    println!(
        "engine vs hand-written Rust: {vs_rust:.2}x slower (target: within {TARGET_VS_RUST}x) {}",
        verdict(vs_rust <= TARGET_VS_RUST)
    );
    println!(
        "engine vs Rhai script:       {vs_rhai:.2}x faster (target: at least {TARGET_VS_RHAI}x) {}",
        verdict(vs_rhai >= TARGET_VS_RHAI)
    );
    println!("engine vs Rhai incl. per-call map conversion: {:.2}x faster", engine / rhai_conv);
    println!(
        "engine on prepared facts vs Rhai on prepared maps (like for like): {:.2}x faster",
        prepared_rate / rhai_rate
    );
    println!("  (the engine and the hand-written Rust read the JSON on every call; the main Rhai figure");
    println!("   has its maps prepared once, which favours Rhai)");
    println!("Semarang policy: {:.2}x the time of the mini policy per employee", engine / semarang_rate);
    println!(
        "explanations cost: mini {:.2}x, Semarang {:.2}x the time without",
        engine / mini_explain,
        semarang_rate / semarang_explain
    );
    Ok(())
}

fn verdict(ok: bool) -> &'static str {
    if ok {
        "[met]"
    } else {
        "[MISSED]"
    }
}

fn load(path: &Path) -> Res<Policy> {
    match Policy::from_file(path) {
        Ok(p) => Ok(p),
        Err(LoadError::Compile(e)) => Err(e.render(Lang::En).into()),
        Err(e) => Err(e.into()),
    }
}

/// One implementation's timing: whole passes over the population.
struct Bench<'a> {
    label: &'static str,
    pass: Box<dyn FnMut() -> Res<()> + 'a>,
    /// The fastest pass by the wall clock.
    best: Duration,
    /// CPU time of this thread over all passes (when the platform tells it).
    cpu: Duration,
    passes: usize,
}

impl<'a> Bench<'a> {
    fn new(label: &'static str, pass: impl FnMut() -> Res<()> + 'a) -> Bench<'a> {
        Bench { label, pass: Box::new(pass), best: Duration::MAX, cpu: Duration::ZERO, passes: 0 }
    }

    /// Runs passes for at least `SLICE` of CPU time (of wall time where CPU time is unknown),
    /// at least one pass.
    fn round(&mut self) -> Res<()> {
        let wall = Instant::now();
        let cpu = thread_cpu();
        loop {
            let t = Instant::now();
            (self.pass)()?;
            self.best = self.best.min(t.elapsed());
            self.passes += 1;
            let spent = match (cpu, thread_cpu()) {
                (Some(a), Some(b)) => b.saturating_sub(a),
                _ => wall.elapsed(),
            };
            if spent >= SLICE {
                self.cpu += spent;
                return Ok(());
            }
        }
    }
}

/// CPU time (user + system) of the calling thread, from `/proc/thread-self/stat` (Linux; in
/// clock ticks of 10 ms). Unlike the wall clock it does not count time the thread waited while
/// other processes ran, so figures stay comparable on a busy machine.
fn thread_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name `(…)`: state is the 3rd field, utime the 14th, stime the 15th.
    let rest = stat.get(stat.rfind(')')? + 1..)?;
    let mut fields = rest.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

// ---------------------------------------------------------------- canonical outcomes

/// Outcome parameters: name and value as JSON text.
type Params = Vec<(String, String)>;

/// What the three implementations are compared on: outcomes (kind, code, parameters as JSON
/// text) and undetermined outcomes (kind, code), both sorted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Canon {
    outcomes: Vec<(String, String, Params)>,
    undetermined: Vec<(String, String)>,
}

impl Canon {
    fn outcome(&mut self, kind: &str, code: &str, params: &[(&str, Json)]) {
        let params = params.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        self.outcomes.push((kind.to_string(), code.to_string(), params));
    }

    fn undetermined(&mut self, kind: &str, code: &str) {
        self.undetermined.push((kind.to_string(), code.to_string()));
    }

    /// An undetermined sanction. Which code the engine names for it (the heaviest that might be
    /// imposed, or every one) is its reporting choice; the comparison is on "a sanction is
    /// undetermined".
    fn sanction_undetermined(&mut self) {
        self.undetermined("sanction", "?");
    }

    fn finish(mut self) -> Canon {
        for o in &mut self.outcomes {
            o.2.sort();
        }
        self.outcomes.sort();
        self.undetermined.sort();
        self.undetermined.dedup();
        self
    }
}

fn canon_engine(d: &Decision) -> Res<Canon> {
    let mut c = Canon::default();
    for o in &d.outcomes {
        let params: Vec<(&str, Json)> = o.params.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        c.outcome(o.kind.as_str(), o.code(), &params);
    }
    for u in &d.undetermined {
        match u.kind {
            OutcomeKind::Sanction => c.sanction_undetermined(),
            kind => c.undetermined(kind.as_str(), &u.code),
        }
    }
    Ok(c.finish())
}

fn canon_hand(m: &hand::Mini) -> Canon {
    use hand::Tri;
    let mut c = Canon::default();
    match m.sanksi {
        Tri::Yes(code) => c.outcome("sanction", code, &[]),
        Tri::No => {}
        Tri::Unknown => c.sanction_undetermined(),
    }
    match m.tpp {
        Tri::Yes(p) => c.outcome("reward", "tpp", &[("persen", json!(p))]),
        Tri::No => {}
        Tri::Unknown => c.undetermined("reward", "tpp"),
    }
    match m.kp {
        Tri::Yes(ke) => c.outcome("promotion", "kp_reguler", &[("ke", json!(ke))]),
        Tri::No => {}
        Tri::Unknown => c.undetermined("promotion", "kp_reguler"),
    }
    match m.kurang_jp {
        Tri::Yes(k) => c.outcome("notice", "kurang_jp", &[("kekurangan", json!(k))]),
        Tri::No => {}
        Tri::Unknown => c.undetermined("notice", "kurang_jp"),
    }
    c.finish()
}

fn canon_rhai(out: &rhai::Map) -> Res<Canon> {
    let mut c = Canon::default();
    let get = |k: &str| out.get(k).cloned().unwrap_or(Dynamic::UNIT);
    let sanksi = get("sanksi");
    if !sanksi.is_unit() {
        c.outcome("sanction", &sanksi.into_string()?, &[]);
    }
    let tpp = get("tpp");
    if !tpp.is_unit() {
        c.outcome("reward", "tpp", &[("persen", json!(tpp.as_int()?))]);
    }
    let kp = get("kp");
    if !kp.is_unit() {
        c.outcome("promotion", "kp_reguler", &[("ke", json!(kp.into_string()?))]);
    }
    let jp = get("kurang_jp");
    if !jp.is_unit() {
        c.outcome("notice", "kurang_jp", &[("kekurangan", json!(jp.as_int()?))]);
    }
    for x in get("belum_pasti").into_array()? {
        match x.into_string()?.as_str() {
            "sanksi" => c.sanction_undetermined(),
            "tpp" => c.undetermined("reward", "tpp"),
            "kp_reguler" => c.undetermined("promotion", "kp_reguler"),
            "kurang_jp" => c.undetermined("notice", "kurang_jp"),
            other => return Err(format!("rhai: unexpected undetermined `{other}`").into()),
        }
    }
    Ok(c.finish())
}

/// How the population's decisions are spread, so that a reader sees every branch is exercised.
#[derive(Default)]
struct Spread {
    sanction: usize,
    heavy: usize,
    tpp: std::collections::BTreeMap<String, usize>,
    kp: usize,
    notice: usize,
    undetermined: std::collections::BTreeMap<String, usize>,
}

impl Spread {
    fn add(&mut self, c: &Canon) {
        for (kind, code, params) in &c.outcomes {
            match kind.as_str() {
                "sanction" => {
                    self.sanction += 1;
                    if hand::SANKSI.iter().position(|c| *c == Some(code.as_str())).is_some_and(|band| band >= 4) {
                        self.heavy += 1;
                    }
                }
                "reward" => {
                    let p = params.first().map(|p| p.1.clone()).unwrap_or_default();
                    *self.tpp.entry(format!("{p}%")).or_default() += 1;
                }
                "promotion" => self.kp += 1,
                _ => self.notice += 1,
            }
        }
        let mut seen: Vec<&str> = Vec::new();
        for (kind, code) in &c.undetermined {
            let key = if kind == "sanction" { "sanction" } else { code.as_str() };
            if !seen.contains(&key) {
                seen.push(key);
                *self.undetermined.entry(key.to_string()).or_default() += 1;
            }
        }
    }

    fn print(&self) {
        let join = |m: &std::collections::BTreeMap<String, usize>| {
            m.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
        };
        println!(
            "  spread: {} sanctioned ({} sedang/berat), KP reguler {}, kurang_jp {}",
            self.sanction, self.heavy, self.kp, self.notice
        );
        println!("          TPP: {}", join(&self.tpp));
        println!("          undetermined: {}", join(&self.undetermined));
    }
}

// ---------------------------------------------------------------- the mini policy by hand

/// The mini policy written directly in Rust over `serde_json::Value`, with the engine's
/// treatment of missing facts (three-valued: a missing fact makes an outcome undetermined).
mod hand {
    use super::*;

    /// An outcome: given, not given, or undetermined because facts are missing.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Tri<T> {
        Yes(T),
        No,
        Unknown,
    }

    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Mini {
        pub sanksi: Tri<&'static str>,
        pub tpp: Tri<u8>,
        pub kp: Tri<&'static str>,
        pub kurang_jp: Tri<i64>,
    }

    /// Sanction forms by absence band (PP 94/2021 Pasal 9-11); `None` for 0-2 days.
    pub const SANKSI: [Option<&str>; 10] = [
        None,
        Some("teguran_lisan"),
        Some("teguran_tertulis"),
        Some("pernyataan_tidak_puas"),
        Some("potong_tukin_25_6"),
        Some("potong_tukin_25_9"),
        Some("potong_tukin_25_12"),
        Some("penurunan_jabatan_12"),
        Some("pembebasan_jabatan_12"),
        Some("pdhtaps"),
    ];

    pub const GOLONGAN: [&str; 17] = [
        "I/a", "I/b", "I/c", "I/d", "II/a", "II/b", "II/c", "II/d", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b",
        "IV/c", "IV/d", "IV/e",
    ];

    fn get<'a>(v: &'a Json, key: &str) -> Option<&'a Json> {
        v.get(key).filter(|x| !x.is_null())
    }

    fn int(v: &Json, what: &str) -> Result<i64, String> {
        v.as_i64().ok_or_else(|| format!("{what}: expected an integer, found {v}"))
    }

    fn text<'a>(v: &'a Json, what: &str) -> Result<&'a str, String> {
        v.as_str().ok_or_else(|| format!("{what}: expected a text, found {v}"))
    }

    fn sanksi(alpa: i64) -> Option<&'static str> {
        let band = match alpa {
            ..=2 => 0,
            3 => 1,
            4..=6 => 2,
            7..=10 => 3,
            11..=13 => 4,
            14..=16 => 5,
            17..=20 => 6,
            21..=24 => 7,
            25..=27 => 8,
            _ => 9,
        };
        SANKSI.get(band).copied().flatten()
    }

    fn tpp(skp: Decimal) -> u8 {
        let at_least = |n: i64| skp >= Decimal::from(n);
        if at_least(90) {
            100
        } else if at_least(80) {
            85
        } else if at_least(70) {
            70
        } else if at_least(60) {
            55
        } else if at_least(50) {
            40
        } else if at_least(40) {
            25
        } else {
            0
        }
    }

    fn golongan(s: &str) -> Result<usize, String> {
        GOLONGAN.iter().position(|g| *g == s).ok_or_else(|| format!("golongan: unknown `{s}`"))
    }

    /// Kep. BKN 12/2002: index of the highest rank an education allows.
    fn plafon(pendidikan: &str) -> Result<usize, String> {
        Ok(match pendidikan {
            "SD" => 4,
            "SLTP" => 6,
            "SLTP_KEJURUAN" => 7,
            "SLTA" | "D1" | "D2" => 9,
            "D3" => 10,
            "S1" | "D4" => 11,
            "S2" => 12,
            "S3" => 13,
            other => return Err(format!("pendidikan: unknown `{other}`")),
        })
    }

    fn predikat_baik(p: &str) -> Result<bool, String> {
        match p {
            "baik" | "sangat_baik" => Ok(true),
            "sangat_kurang" | "kurang" | "butuh_perbaikan" => Ok(false),
            other => Err(format!("predikat: unknown `{other}`")),
        }
    }

    fn full_years(from: NaiveDate, to: NaiveDate) -> i64 {
        let mut months =
            (i64::from(to.year()) - i64::from(from.year())) * 12 + i64::from(to.month()) - i64::from(from.month());
        if to.day() < from.day() {
            months -= 1;
        }
        months.div_euclid(12)
    }

    /// Kleene `and`: false wins, then unknown (`None`).
    fn and(a: Option<bool>, b: Option<bool>) -> Option<bool> {
        match (a, b) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        }
    }

    /// The first entry of a list whose `tahun` is `year`; `None` (unknown) when the list is
    /// missing, no entry has that year, or an entry before it has no year.
    fn first_of_year(list: Option<&[Json]>, year: i64) -> Result<Option<&Json>, String> {
        let Some(items) = list else { return Ok(None) };
        for item in items {
            match get(item, "tahun") {
                None => return Ok(None),
                Some(t) if int(t, "kinerja.tahun")? == year => return Ok(Some(item)),
                Some(_) => {}
            }
        }
        Ok(None)
    }

    pub fn decide(f: &Json, as_of: NaiveDate) -> Result<Mini, String> {
        let year = i64::from(as_of.year());
        let alpa = match get(f, "presensi").and_then(|p| get(p, "alpa_hari")) {
            Some(a) => match int(a, "presensi.alpa_hari")? {
                a if a < 0 => return Err(format!("presensi.alpa_hari: negative ({a})")),
                a => Some(a),
            },
            None => None,
        };
        let sanksi = match alpa {
            Some(a) => match sanksi(a) {
                Some(code) => Tri::Yes(code),
                None => Tri::No,
            },
            None => Tri::Unknown,
        };

        let kinerja = match get(f, "kinerja") {
            Some(k) => Some(k.as_array().map(Vec::as_slice).ok_or("kinerja: expected a list")?),
            None => None,
        };
        let ini = first_of_year(kinerja, year)?;
        let lalu = first_of_year(kinerja, year - 1)?;

        let tpp = match alpa {
            Some(a) if a >= 11 => Tri::Yes(0),
            None => Tri::Unknown,
            Some(_) => match ini.and_then(|k| get(k, "nilai_skp")) {
                None => Tri::Unknown,
                Some(Json::Number(n)) => {
                    let skp = Decimal::from_str_exact(n.as_str()).map_err(|e| format!("nilai_skp: {e}"))?;
                    if skp < Decimal::ZERO || skp > Decimal::ONE_HUNDRED {
                        return Err(format!("nilai_skp: {skp} is outside 0..100"));
                    }
                    Tri::Yes(tpp(skp))
                }
                Some(other) => return Err(format!("nilai_skp: expected a number, found {other}")),
            },
        };

        let predikat = |k: Option<&Json>| -> Result<Option<bool>, String> {
            match k.and_then(|k| get(k, "predikat")) {
                Some(p) => predikat_baik(text(p, "predikat")?).map(Some),
                None => Ok(None),
            }
        };
        let mut cond = match get(f, "status") {
            Some(s) => Some(text(s, "status")? == "PNS"),
            None => None,
        };
        let jenis = get(f, "jabatan").and_then(|j| get(j, "jenis"));
        cond = and(cond, jenis.map(|j| text(j, "jabatan.jenis")).transpose()?.map(|j| j == "pelaksana"));
        let tmt = match get(f, "tmt_golongan") {
            Some(d) => {
                let s = text(d, "tmt_golongan")?;
                Some(NaiveDate::from_str(s).map_err(|e| format!("tmt_golongan: {e}"))?)
            }
            None => None,
        };
        cond = and(cond, tmt.map(|t| full_years(t, as_of) >= 4));
        cond = and(cond, predikat(ini)?);
        cond = and(cond, predikat(lalu)?);
        let next = match get(f, "golongan") {
            Some(g) => Some(golongan(text(g, "golongan")?)? + 1),
            None => None,
        };
        let ceiling = match get(f, "pendidikan") {
            Some(p) => Some(plafon(text(p, "pendidikan")?)?),
            None => None,
        };
        // Above the top grade there is no next one (`none`), and an ordering against `none` is
        // false whatever the ceiling.
        cond = match (next, ceiling) {
            (Some(n), _) if n >= GOLONGAN.len() => and(cond, Some(false)),
            (Some(n), Some(c)) => and(cond, Some(n <= c)),
            _ => and(cond, None),
        };
        let next = next.and_then(|n| GOLONGAN.get(n).copied());
        let kp = match (cond, next) {
            (None, _) => Tri::Unknown,
            (Some(true), Some(ke)) => Tri::Yes(ke),
            _ => Tri::No,
        };

        let kurang_jp = match get(f, "pelatihan") {
            None => Tri::Unknown,
            Some(p) => {
                let items = p.as_array().ok_or("pelatihan: expected a list")?;
                // The hours known to count, and whether an item is undecided (its year or its
                // hours missing): with `jp >= 0` declared, 20 known hours are enough anyway.
                let mut jp = 0i64;
                let mut undecided = false;
                for item in items {
                    match get(item, "tahun") {
                        None => undecided = true,
                        Some(t) if int(t, "pelatihan.tahun")? == year => match get(item, "jp") {
                            Some(x) => jp += int(x, "pelatihan.jp")?,
                            None => undecided = true,
                        },
                        Some(_) => {}
                    }
                }
                match (jp < 20, undecided) {
                    (false, _) => Tri::No,
                    (true, true) => Tri::Unknown,
                    (true, false) => Tri::Yes(20 - jp),
                }
            }
        };
        Ok(Mini { sanksi, tpp, kp, kurang_jp })
    }
}

// ---------------------------------------------------------------- the mini policy in Rhai

struct RhaiMini {
    engine: Engine,
    ast: AST,
    year: i64,
    as_of: ImmutableString,
}

impl RhaiMini {
    fn new(path: &Path, as_of: NaiveDate) -> Res<RhaiMini> {
        let mut engine = Engine::new();
        // Rhai's release-build nesting limits, in a debug build (the untimed check) too.
        engine.set_max_expr_depths(64, 32);
        let script = std::fs::read_to_string(path)?;
        let ast = engine.compile(&script).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(RhaiMini { engine, ast, year: i64::from(as_of.year()), as_of: as_of.format("%Y-%m-%d").to_string().into() })
    }

    /// Calls `decide` with `this` bound to the employee's map.
    fn decide(&self, employee: &mut Dynamic) -> Res<rhai::Map> {
        let mut scope = Scope::new();
        let options = CallFnOptions::new().eval_ast(false).rewind_scope(true).bind_this_ptr(employee);
        let out = self
            .engine
            .call_fn_with_options::<rhai::Map>(
                options,
                &mut scope,
                &self.ast,
                "decide",
                (self.year, self.as_of.clone()),
            )
            .map_err(|e| format!("mini.rhai: {e}"))?;
        Ok(out)
    }
}

/// JSON to Rhai: null -> (), integers -> INT, other numbers -> exact Decimal, text, arrays, maps.
fn to_dynamic(v: &Json) -> Dynamic {
    match v {
        Json::Null => Dynamic::UNIT,
        Json::Bool(b) => Dynamic::from(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Dynamic::from(i),
            None => match Decimal::from_str_exact(n.as_str()) {
                Ok(d) => Dynamic::from(d),
                Err(_) => Dynamic::UNIT,
            },
        },
        Json::String(s) => Dynamic::from(s.clone()),
        Json::Array(items) => Dynamic::from_array(items.iter().map(to_dynamic).collect()),
        Json::Object(map) => {
            let mut m = rhai::Map::new();
            for (k, x) in map {
                m.insert(k.as_str().into(), to_dynamic(x));
            }
            Dynamic::from_map(m)
        }
    }
}

// ---------------------------------------------------------------- synthetic population

/// SplitMix64: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u64::try_from(hi - lo + 1).unwrap_or(1).max(1);
        lo + i64::try_from(self.next() % span).unwrap_or(0)
    }

    /// True with a probability of `per_mille` / 1000.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.next() % 1000 < per_mille
    }

    /// An index drawn with the given weights.
    fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut x = self.next() % total.max(1);
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        0
    }

    fn pick<'a>(&mut self, items: &[&'a str], weights: &[u64]) -> &'a str {
        items.get(self.weighted(weights)).copied().unwrap_or_default()
    }

    fn date(&mut self, year: i64) -> Res<String> {
        let (m, d) = (self.range(1, 12), self.range(1, 28));
        let date = NaiveDate::from_ymd_opt(i32::try_from(year)?, u32::try_from(m)?, u32::try_from(d)?)
            .ok_or("bad synthetic date")?;
        Ok(date.format("%Y-%m-%d").to_string())
    }
}

/// An exact decimal as a JSON number (`86.5`), never through binary floating point.
fn decimal(units: i64, scale: u32) -> Res<Json> {
    Ok(Json::Number(Number::from_str(&Decimal::new(units, scale).normalize().to_string())?))
}

const FIRST_NAMES: [&str; 12] =
    ["Budi", "Siti", "Agus", "Dewi", "Rina", "Joko", "Sri", "Hendra", "Wulan", "Eko", "Ayu", "Bambang"];
const LAST_NAMES: [&str; 10] =
    ["Santoso", "Rahayu", "Wibowo", "Lestari", "Saputra", "Handayani", "Pratama", "Utami", "Nugroho", "Kurniawan"];
const UNITS: [&str; 5] = ["Dinas Kesehatan", "Dinas Pendidikan", "BKPP", "Kecamatan Tembalang", "Bappeda"];

fn population(n: usize, seed: u64) -> Res<Vec<Json>> {
    let mut rng = Rng(seed);
    (0..n).map(|i| employee(&mut rng, i)).collect()
}

fn employee(rng: &mut Rng, i: usize) -> Res<Json> {
    let status = rng.pick(&["PNS", "CPNS", "PPPK"], &[85, 6, 9]);
    let cpns_year = if status == "CPNS" { rng.range(2024, 2025) } else { rng.range(1988, 2023) };
    let pendidikan_all = ["SD", "SLTP", "SLTP_KEJURUAN", "SLTA", "D1", "D2", "D3", "S1", "D4", "S2", "S3"];
    let p_index = rng.weighted(&[2, 3, 1, 20, 2, 2, 12, 40, 5, 11, 2]);
    let pendidikan = pendidikan_all.get(p_index).copied().unwrap_or("S1");
    // Starting rank by education, then roughly one rank per four years, sometimes past the ceiling.
    let start: i64 = match pendidikan {
        "SD" => 0,
        "SLTP" | "SLTP_KEJURUAN" => 2,
        "SLTA" | "D1" | "D2" => 4,
        "D3" => 6,
        "S1" | "D4" => 8,
        "S2" => 9,
        _ => 10,
    };
    let service = 2025 - cpns_year;
    let rank = (start + service / 4 - rng.range(0, 2)).clamp(start, 16);
    let golongan = *hand::GOLONGAN.get(usize::try_from(rank)?).ok_or("rank")?;
    let golongan_year = rng.range(cpns_year.max(2017), 2025);
    let jenis = rng.pick(&["pelaksana", "fungsional", "struktural"], &[50, 35, 15]);

    let mut jabatan = Map::new();
    jabatan.insert("jenis".into(), json!(jenis));
    if jenis == "fungsional" {
        let jenjang = rng.pick(&["pertama", "muda", "madya", "utama", "terampil", "penyelia"], &[35, 30, 15, 3, 12, 5]);
        jabatan.insert("jenjang".into(), json!(jenjang));
    }
    let jabatan_year = rng.range(cpns_year, 2025);
    jabatan.insert("tmt".into(), json!(rng.date(jabatan_year)?));

    let mut kinerja = Vec::new();
    for year in 2022..=2025 {
        let keep = match year {
            2025 => 960,
            2024 => 950,
            _ => 700,
        };
        if year < cpns_year || !rng.chance(keep) {
            continue;
        }
        let predikat =
            rng.pick(&["sangat_kurang", "kurang", "butuh_perbaikan", "baik", "sangat_baik"], &[1, 3, 8, 70, 18]);
        let mut k = Map::new();
        k.insert("tahun".into(), json!(year));
        k.insert("predikat".into(), json!(predikat));
        if rng.chance(15) {
            k.insert("nilai_skp".into(), Json::Null);
        } else if !rng.chance(20) {
            let skp = if rng.chance(60) {
                // The band edges: 89.995 is below 90.
                let edges = [
                    (90, 0),
                    (89995, 3),
                    (80, 0),
                    (7999, 2),
                    (70, 0),
                    (60, 0),
                    (50, 0),
                    (40, 0),
                    (3999, 2),
                    (100, 0),
                    (0, 0),
                ];
                let (u, s) = edges.get(rng.weighted(&[1; 11])).copied().unwrap_or((90, 0));
                decimal(u, s)?
            } else {
                let hundredths = match predikat {
                    "sangat_baik" => rng.range(8500, 10000),
                    "baik" => rng.range(6500, 9500),
                    _ => rng.range(2500, 7500),
                };
                decimal(hundredths, 2)?
            };
            k.insert("nilai_skp".into(), skp);
        }
        kinerja.push(Json::Object(k));
    }

    let alpa = match rng.weighted(&[750, 150, 100]) {
        0 => rng.range(0, 2),
        1 => rng.range(3, 10),
        _ => rng.range(11, 35),
    };
    let presensi = if rng.chance(5) {
        None
    } else if rng.chance(10) {
        Some(json!({ "tahun": 2025, "alpa_hari": null, "alpa_berturut_hari": 0 }))
    } else {
        let berturut = if rng.chance(900) { rng.range(0, alpa.min(3)) } else { rng.range(0, alpa) };
        Some(json!({ "tahun": 2025, "alpa_hari": alpa, "alpa_berturut_hari": berturut }))
    };

    let tingkat = ["ringan", "sedang", "berat"];
    let mut pelanggaran = Vec::new();
    if rng.chance(40) {
        pelanggaran.push(json!({
            "tanggal": rng.date(2025)?, "uraian": "pelanggaran kode etik",
            "tingkat": rng.pick(&tingkat, &[6, 3, 1]),
        }));
    }
    let mut hukuman = Vec::new();
    if rng.chance(60) {
        let tmt_year = rng.range(2019, 2025);
        let akhir = if rng.chance(600) { json!(rng.date(tmt_year + 1)?) } else { Json::Null };
        hukuman.push(json!({
            "jenis": "teguran_tertulis", "tingkat": rng.pick(&tingkat, &[6, 3, 1]),
            "tmt": rng.date(tmt_year)?, "akhir": akhir,
        }));
    }
    let pelatihan = if rng.chance(10) {
        Json::Null
    } else {
        let items: Res<Vec<Json>> = (0..rng.range(0, 3))
            .map(|_| {
                // Now and then a year or the hours are missing (the sum is then undecided,
                // unless the hours known already reach 20).
                let tahun = if rng.chance(15) { Json::Null } else { json!(rng.range(2024, 2025)) };
                let jp = if rng.chance(15) { Json::Null } else { json!(rng.range(2, 30)) };
                Ok(json!({ "tahun": tahun, "jp": jp }))
            })
            .collect();
        Json::Array(items?)
    };
    let angka_kredit =
        if jenis == "fungsional" && rng.chance(500) { decimal(rng.range(0, 25000), 2)? } else { Json::Null };
    let status_khusus = if rng.chance(30) {
        vec![json!(rng.pick(&["ditahan", "mpp", "cltn", "uang_tunggu", "banding_pemberhentian"], &[1; 5]))]
    } else {
        Vec::new()
    };

    let nama = format!(
        "{} {}",
        FIRST_NAMES.get(rng.weighted(&[1; 12])).copied().unwrap_or_default(),
        LAST_NAMES.get(rng.weighted(&[1; 10])).copied().unwrap_or_default()
    );
    let mut e = Map::new();
    e.insert(
        "nip".into(),
        json!(format!(
            "{:04}{:02}{:02}{:04}01{:1}{:03}",
            rng.range(1960, 2000),
            rng.range(1, 12),
            rng.range(1, 28),
            cpns_year,
            rng.range(1, 2),
            i % 1000
        )),
    );
    e.insert("nama".into(), json!(nama));
    e.insert("unit_kerja".into(), json!(UNITS.get(i % UNITS.len()).copied().unwrap_or_default()));
    if !rng.chance(5) {
        e.insert("status".into(), json!(status));
    }
    e.insert("tmt_cpns".into(), json!(rng.date(cpns_year)?));
    if !rng.chance(3) {
        e.insert("golongan".into(), json!(golongan));
    }
    if !rng.chance(5) {
        e.insert("tmt_golongan".into(), json!(rng.date(golongan_year)?));
    }
    if !rng.chance(10) {
        e.insert("pendidikan".into(), json!(pendidikan));
    }
    e.insert("jabatan".into(), Json::Object(jabatan));
    e.insert("kinerja".into(), Json::Array(kinerja));
    if let Some(p) = presensi {
        e.insert("presensi".into(), p);
    }
    e.insert("pelanggaran".into(), Json::Array(pelanggaran));
    e.insert("hukuman_disiplin".into(), Json::Array(hukuman));
    e.insert("pelatihan".into(), pelatihan);
    e.insert("angka_kredit".into(), angka_kredit);
    e.insert("status_khusus".into(), Json::Array(status_khusus));
    e.insert("pernah_cltn".into(), json!(rng.chance(20)));
    Ok(Json::Object(e))
}
