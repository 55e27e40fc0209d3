"""Speed of the ways to evaluate the benchmark's mini policy from Python, side by side.

    python bindings-python/bench/bench.py [--n 200000] [--single 20000] [--others 5000]
    python bindings-python/bench/bench.py --check --n 20000   # agreement only (the tests run it)

One synthetic population (seeded) of the mini policy (core/benches/mini.aturan: the absence
sanction bands of PP 94/2021, the TPP share by SKP score with 0 from 11 days of absence, KP
reguler without sanction history, the under-20-JP notice), evaluated by:

  aturan evaluate (loop)        Policy.evaluate per employee, reading the sanction, TPP, KP, JP
                                (and, apart, without reading: the figure compared with zen-engine)
  aturan evaluate_many list     Policy.evaluate_many on a list of dicts
  aturan evaluate_many pandas   Policy.evaluate_many on a pandas DataFrame (conversion included)
  aturan evaluate_many Arrow    Policy.evaluate_many on a pyarrow.Table
  hand-written Python           a plain Python function of the same rules, in a loop
  zen-engine                    the same rules as a JDM graph (decision tables and expressions),
                                ZenDecision.evaluate per employee
  rule-engine                   the same rules as rule-engine expressions, first match per table

Then the Semarang reference policy (examples/semarang/semarang.aturan) is evaluated by
evaluate_many over the same employees, from each of the three inputs.

Every method's decisions are checked against aturan's on the same employees before timing.
Not a test: the figures depend on the machine. Needs: pandas, pyarrow, zen-engine, rule-engine.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import aturan

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "core" / "benches" / "mini.aturan"
SEMARANG = ROOT / "examples" / "semarang" / "semarang.aturan"
AS_OF = datetime.date(2025, 12, 31)

RANKS = [
    "I/a", "I/b", "I/c", "I/d",
    "II/a", "II/b", "II/c", "II/d",
    "III/a", "III/b", "III/c", "III/d",
    "IV/a", "IV/b", "IV/c", "IV/d", "IV/e",
]  # fmt: skip
EDUCATION = ["SD", "SLTP", "SLTP_KEJURUAN", "SLTA", "D1", "D2", "D3", "S1", "D4", "S2", "S3"]
CEILING = {
    "SD": "II/a", "SLTP": "II/c", "SLTP_KEJURUAN": "II/d", "SLTA": "III/b", "D1": "III/b",
    "D2": "III/b", "D3": "III/c", "S1": "III/d", "D4": "III/d", "S2": "IV/a", "S3": "IV/b",
}  # fmt: skip
PREDIKAT = ["sangat_kurang", "kurang", "butuh_perbaikan", "baik", "sangat_baik"]
SANCTION_BANDS = [  # (lowest alpa_hari, sanction), PP 94/2021 Pasal 9-11
    (28, "pdhtaps"), (25, "pembebasan_jabatan_12"), (21, "penurunan_jabatan_12"),
    (17, "potong_tukin_25_12"), (14, "potong_tukin_25_9"), (11, "potong_tukin_25_6"),
    (7, "pernyataan_tidak_puas"), (4, "teguran_tertulis"), (3, "teguran_lisan"),
]  # fmt: skip
TPP_BANDS = [(90, 100), (80, 85), (70, 70), (60, 55), (50, 40), (40, 25)]  # (lowest score, persen)

Result = Tuple[Optional[str], Any, Optional[str], Optional[int]]  # sanction, tpp, kp, JP shortfall


# ------------------------------------------------------------------ the population


def population(n: int, seed: int = 20251231) -> List[Dict[str, Any]]:
    rng = random.Random(seed)
    people = []
    start = datetime.date(2014, 1, 1).toordinal()
    end = datetime.date(2025, 12, 31).toordinal()
    for i in range(n):
        alpa = 0 if rng.random() < 0.7 else rng.randint(1, 35)
        training = [
            {"tahun": rng.choice((2024, 2025, 2025)), "jp": rng.randint(0, 24)} for _ in range(rng.randint(1, 3))
        ]
        people.append(
            {
                "nip": f"{198001012005011000 + i}",
                "status": rng.choices(["PNS", "CPNS", "PPPK"], weights=[85, 10, 5])[0],
                "golongan": RANKS[rng.randrange(len(RANKS) - 1)],
                "tmt_golongan": datetime.date.fromordinal(rng.randint(start, end)).isoformat(),
                "pendidikan": rng.choice(EDUCATION),
                "jabatan": {"jenis": rng.choices(["pelaksana", "fungsional", "struktural"], weights=[6, 3, 1])[0]},
                "kinerja": [
                    {
                        "tahun": year,
                        "predikat": rng.choices(PREDIKAT, weights=[2, 3, 10, 60, 25])[0],
                        "nilai_skp": round(rng.uniform(30, 100), 1),
                    }
                    for year in (2024, 2025)
                ],
                "presensi": {"alpa_hari": alpa},
                "pelatihan": training,
            }
        )
    return people


# ------------------------------------------------------------------ hand-written Python


def full_years(start: datetime.date, end: datetime.date) -> int:
    years = end.year - start.year
    if (end.month, end.day) < (start.month, start.day):
        years -= 1
    return years


def mini_python(f: Dict[str, Any], as_of: datetime.date = AS_OF) -> Result:
    """The mini policy by hand (complete facts assumed, as in this population)."""
    year = as_of.year
    alpa = f["presensi"]["alpa_hari"]
    sanction = None
    for lowest, code in SANCTION_BANDS:
        if alpa >= lowest:
            sanction = code
            break
    this_year = last_year = None
    for k in f["kinerja"]:
        if k["tahun"] == year and this_year is None:
            this_year = k
        elif k["tahun"] == year - 1 and last_year is None:
            last_year = k
    if alpa >= 11:
        tpp: Any = 0
    elif this_year is None or this_year.get("nilai_skp") is None:
        tpp = None
    else:
        score = this_year["nilai_skp"]
        tpp = 0
        for lowest, persen in TPP_BANDS:
            if score >= lowest:
                tpp = persen
                break
    kp = None
    rank = RANKS.index(f["golongan"])
    if (
        f["status"] == "PNS"
        and f["jabatan"]["jenis"] == "pelaksana"
        and full_years(datetime.date.fromisoformat(f["tmt_golongan"]), as_of) >= 4
        and this_year is not None
        and last_year is not None
        and this_year["predikat"] in ("baik", "sangat_baik")
        and last_year["predikat"] in ("baik", "sangat_baik")
        and rank + 1 < len(RANKS)
        and rank + 1 <= RANKS.index(CEILING[f["pendidikan"]])
    ):
        kp = RANKS[rank + 1]
    jp = sum(p["jp"] for p in f["pelatihan"] if p["tahun"] == year)
    shortfall = 20 - jp if jp < 20 else None
    return sanction, tpp, kp, shortfall


# ------------------------------------------------------------------ aturan


def from_decision(d: aturan.Decision) -> Result:
    tpp = next((r.params["persen"] for r in d.rewards if r.code == "tpp"), None)
    kp = next((p.params["ke"] for p in d.promotions if p.code == "kp_reguler"), None)
    jp = next((n.params["kekurangan"] for n in d.notices if n.code == "kurang_jp"), None)
    return (d.sanction.code if d.sanction else None, tpp, kp, jp)


def from_table(table: Any) -> List[Result]:
    out = []
    for row in table.select(["sanction", "rewards", "promotions", "notices"]).to_pylist():
        tpp = next((json.loads(r["params"])["persen"] for r in row["rewards"] if r["code"] == "tpp"), None)
        kp = next((json.loads(p["params"])["ke"] for p in row["promotions"] if p["code"] == "kp_reguler"), None)
        jp = next((json.loads(n["params"])["kekurangan"] for n in row["notices"] if n["code"] == "kurang_jp"), None)
        out.append((row["sanction"], tpp, kp, jp))
    return out


# ------------------------------------------------------------------ zen-engine


def zen_graph() -> Dict[str, Any]:
    """The mini policy as a JDM graph: derived values, three decision tables, the KP and JP rules."""

    def node(id_: str, type_: str, content: Dict[str, Any]) -> Dict[str, Any]:
        return {"id": id_, "type": type_, "name": id_, "position": {"x": 0, "y": 0}, "content": content}

    def expressions(pairs: Sequence[Tuple[str, str]]) -> Dict[str, Any]:
        return {
            "expressions": [{"id": f"e{i}", "key": k, "value": v} for i, (k, v) in enumerate(pairs)],
            "passThrough": True,
            "inputField": None,
            "outputPath": None,
            "executionMode": "single",
        }

    def table(inputs: List[Tuple[str, str]], outputs: List[Tuple[str, str]], rules: List[List[str]]) -> Dict[str, Any]:
        return {
            "hitPolicy": "first",
            "passThrough": True,
            "inputField": None,
            "outputPath": None,
            "executionMode": "single",
            "inputs": [{"id": i, "name": i, "field": f} for i, f in inputs],
            "outputs": [{"id": o, "name": o, "field": f} for o, f in outputs],
            "rules": [
                dict({"_id": f"r{n}"}, **dict(zip([i for i, _ in inputs] + [o for o, _ in outputs], cells)))
                for n, cells in enumerate(rules)
            ],
        }

    derived = expressions(
        [
            ("tahun_ini", "d(as_of).year()"),
            ("alpa", "presensi.alpa_hari"),
            ("masa", "d(as_of).diff(d(tmt_golongan), 'year')"),
        ]
    )
    derived2 = expressions(
        [
            ("ini", "filter(kinerja, #.tahun == tahun_ini)[0]"),
            ("lalu", "filter(kinerja, #.tahun == tahun_ini - 1)[0]"),
            ("jp", "sum(map(filter(pelatihan, #.tahun == tahun_ini), #.jp))"),
        ]
    )
    sanksi = table(
        [("alpa", "alpa")],
        [("sanksi", "sanction")],
        [[f"[{lo}..{hi}]", f"'{code}'"] for lo, hi, code in _bands()] + [[">= 28", "'pdhtaps'"], ["", "null"]],
    )
    tpp = table(
        [("alpa", "alpa"), ("skp", "ini.nilai_skp")],
        [("tpp", "tpp")],
        [[">= 11", "", "0"]]
        + [["", f">= {lo}", str(p)] for lo, p in TPP_BANDS]
        + [["", "< 40", "0"]],
    )
    ranks = table(
        [("gol", "golongan")],
        [("rank", "rank"), ("next", "next")],
        [[f"'{r}'", str(i), f"'{RANKS[i + 1]}'" if i + 1 < len(RANKS) else "null"] for i, r in enumerate(RANKS)],
    )
    ceiling = table(
        [("pend", "pendidikan")],
        [("plafon", "plafon")],
        [[f"'{e}'", str(RANKS.index(CEILING[e]))] for e in EDUCATION],
    )
    result = {
        "expressions": [
            {"id": "s", "key": "sanction", "value": "sanction"},
            {"id": "t", "key": "tpp", "value": "tpp"},
            {
                "id": "k",
                "key": "kp",
                "value": "status == 'PNS' and jabatan.jenis == 'pelaksana' and masa >= 4"
                " and (ini.predikat == 'baik' or ini.predikat == 'sangat_baik')"
                " and (lalu.predikat == 'baik' or lalu.predikat == 'sangat_baik')"
                " and next != null and rank + 1 <= plafon ? next : null",
            },
            {"id": "j", "key": "kurang_jp", "value": "jp < 20 ? 20 - jp : null"},
        ],
        "passThrough": False,
        "inputField": None,
        "outputPath": None,
        "executionMode": "single",
    }
    chain = [
        node("input", "inputNode", {}),
        node("derived", "expressionNode", derived),
        node("derived2", "expressionNode", derived2),
        node("sanksi", "decisionTableNode", sanksi),
        node("tpp", "decisionTableNode", tpp),
        node("ranks", "decisionTableNode", ranks),
        node("ceiling", "decisionTableNode", ceiling),
        node("result", "expressionNode", result),
        node("output", "outputNode", {}),
    ]
    edges = [
        {"id": f"edge{i}", "sourceId": a["id"], "targetId": b["id"], "type": "edge"}
        for i, (a, b) in enumerate(zip(chain, chain[1:]))
    ]
    return {"nodes": chain, "edges": edges}


def _bands() -> List[Tuple[int, int, str]]:
    lows = sorted((lo, code) for lo, code in SANCTION_BANDS if lo < 28)
    out = []
    for i, (lo, code) in enumerate(lows):
        hi = lows[i + 1][0] - 1 if i + 1 < len(lows) else 27
        out.append((lo, hi, code))
    return out


def from_zen(result: Dict[str, Any]) -> Result:
    r = result["result"]
    tpp = r.get("tpp")
    jp = r.get("kurang_jp")
    return (
        r.get("sanction"),
        int(tpp) if tpp is not None else None,
        r.get("kp"),
        int(jp) if jp is not None else None,
    )


# ------------------------------------------------------------------ rule-engine


class RuleEngineMini:
    """The mini policy as rule-engine expressions: each table is a list of (rule, outcome) tried
    in order (first match), KP and JP are one expression each."""

    def __init__(self, as_of: datetime.date = AS_OF) -> None:
        import rule_engine

        Rule = rule_engine.Rule
        y = as_of.year
        this = f"[k for k in kinerja if k['tahun'] == {y}]"
        last = f"[k for k in kinerja if k['tahun'] == {y - 1}]"
        self.sanction = [(Rule(f"presensi.alpa_hari >= {lo}"), code) for lo, code in SANCTION_BANDS]
        self.tpp = [(Rule("presensi.alpa_hari >= 11"), 0)] + [
            (Rule(f"{this}[0]['nilai_skp'] >= {lo}"), p) for lo, p in TPP_BANDS
        ]
        ceiling = "{" + ", ".join(f"'{e}': {RANKS.index(CEILING[e])}" for e in EDUCATION) + "}"
        ranks = "{" + ", ".join(f"'{r}': {i}" for i, r in enumerate(RANKS)) + "}"
        as_of_lit = f"d'{as_of.isoformat()}'"
        years = (
            f"({as_of_lit}.year - $parse_datetime(tmt_golongan).year"
            f" - (({as_of_lit}.month < $parse_datetime(tmt_golongan).month"
            f" or ({as_of_lit}.month == $parse_datetime(tmt_golongan).month"
            f" and {as_of_lit}.day < $parse_datetime(tmt_golongan).day)) ? 1 : 0))"
        )
        self.kp = Rule(
            f"status == 'PNS' and jabatan.jenis == 'pelaksana' and {years} >= 4"
            f" and {this}[0]['predikat'] in ['baik', 'sangat_baik']"
            f" and {last}[0]['predikat'] in ['baik', 'sangat_baik']"
            f" and {ranks}[golongan] + 1 <= {ceiling}[pendidikan]"
        )
        self.jp = Rule(f"$sum([p['jp'] for p in pelatihan if p['tahun'] == {y}])")
        self.ranks = RANKS

    def __call__(self, f: Dict[str, Any]) -> Result:
        sanction = next((code for rule, code in self.sanction if rule.matches(f)), None)
        tpp = next((p for rule, p in self.tpp if rule.matches(f)), 0)
        kp = self.ranks[self.ranks.index(f["golongan"]) + 1] if self.kp.matches(f) else None
        jp = self.jp.evaluate(f)
        return sanction, tpp, kp, (20 - jp if jp < 20 else None)


# ------------------------------------------------------------------ timing


def best_of(runs: int, fn: Callable[[], Any]) -> Tuple[float, Any]:
    best = float("inf")
    value = None
    for _ in range(runs):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def timed(name: str, n: int, seconds: float) -> None:
    """Prints one timing line: employees, seconds, rate and time per employee."""
    print(f"  {name:<32} {n:>9,} employees  {seconds:8.3f} s  {n / seconds:>12,.0f} /s  "
          f"{seconds / n * 1e6:9.2f} µs each", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200_000, help="employees for the batch methods")
    parser.add_argument("--single", type=int, default=20_000, help="employees for aturan's evaluate loop")
    parser.add_argument("--others", type=int, default=5_000, help="employees for zen-engine and rule-engine")
    parser.add_argument("--runs", type=int, default=3, help="best of this many runs")
    parser.add_argument(
        "--check", action="store_true", help="only check that every method decides all --n employees alike (untimed)"
    )
    args = parser.parse_args()

    import pandas as pd
    import pyarrow as pa

    policy = aturan.Policy.from_file(MINI)
    people = population(args.n)
    frame = pd.DataFrame(people)
    table = pa.Table.from_pylist(people)
    as_of = AS_OF.isoformat()

    # --- the same decisions everywhere (checked on the first employees)
    check = people if args.check else people[: min(len(people), 2_000)]
    expected = [from_decision(policy.evaluate(f, as_of=as_of)) for f in check]
    zen_decision = None
    try:
        import zen

        zen_decision = zen.ZenEngine().create_decision(json.dumps(zen_graph()))
    except ImportError:
        print("zen-engine is not installed: skipped", file=sys.stderr)
    rule_engine_mini = None
    try:
        rule_engine_mini = RuleEngineMini()
    except ImportError:
        print("rule-engine is not installed: skipped", file=sys.stderr)
    checks: Dict[str, Callable[[], List[Result]]] = {
        "hand-written Python": lambda: [mini_python(f) for f in check],
        "evaluate_many list": lambda: from_table(policy.evaluate_many(check, as_of=as_of)),
        "evaluate_many pandas": lambda: from_table(policy.evaluate_many(frame.iloc[: len(check)], as_of=as_of)),
        "evaluate_many Arrow": lambda: from_table(policy.evaluate_many(table.slice(0, len(check)), as_of=as_of)),
    }
    if zen_decision is not None:
        zd = zen_decision
        checks["zen-engine"] = lambda: [from_zen(zd.evaluate(dict(f, as_of=as_of))) for f in check[: args.others]]
    if rule_engine_mini is not None:
        rem = rule_engine_mini
        checks["rule-engine"] = lambda: [rem(f) for f in check[: args.others]]
    for name, run in checks.items():
        got = run()
        bad = [i for i, (g, e) in enumerate(zip(got, expected)) if g != e]
        if bad:
            i = bad[0]
            print(f"{name} disagrees with aturan on {len(bad)} of {len(check)} employees; first: "
                  f"{people[i]} -> {got[i]} vs aturan {expected[i]}", file=sys.stderr)
            return 1
    slow = [name for name in ("zen-engine", "rule-engine") if name in checks]
    print(f"decisions agree on {len(check)} employees: aturan, " + ", ".join(checks)
          + (f" ({' and '.join(slow)} on the first {min(len(check), args.others)})" if slow else ""))
    if args.check:
        return 0

    # --- timing
    rows: List[Tuple[str, int, float]] = []

    def record(name: str, n: int, seconds: float) -> None:
        rows.append((name, n, seconds))
        timed(name, n, seconds)

    print(f"\nmini policy, as_of {as_of}, {os.cpu_count()} cores, best of {args.runs}:")
    single = people[: args.single]
    t, _ = best_of(args.runs, lambda: [from_decision(policy.evaluate(f, as_of=as_of)) for f in single])
    record("aturan evaluate (loop)", len(single), t)
    def evaluate_only() -> None:
        for f in single:
            policy.evaluate(f, as_of=as_of)

    t, _ = best_of(args.runs, evaluate_only)
    record("aturan evaluate (loop, no reads)", len(single), t)
    t, _ = best_of(args.runs, lambda: policy.evaluate_many(people, as_of=as_of))
    record("aturan evaluate_many list", len(people), t)
    t, _ = best_of(args.runs, lambda: policy.evaluate_many(frame, as_of=as_of))
    record("aturan evaluate_many pandas", len(people), t)
    t, _ = best_of(args.runs, lambda: policy.evaluate_many(table, as_of=as_of))
    record("aturan evaluate_many Arrow", len(people), t)
    t, _ = best_of(args.runs, lambda: [mini_python(f) for f in people])
    record("hand-written Python", len(people), t)
    others = people[: args.others]
    if zen_decision is not None:
        zd = zen_decision
        def zen_only() -> None:
            for f in others:
                zd.evaluate(dict(f, as_of=as_of))

        t, _ = best_of(args.runs, zen_only)
        record("zen-engine evaluate (loop)", len(others), t)
    if rule_engine_mini is not None:
        rem = rule_engine_mini
        t, _ = best_of(args.runs, lambda: [rem(f) for f in others])
        record("rule-engine (loop)", len(others), t)

    per = {name: seconds / n for name, n, seconds in rows}
    python = per["hand-written Python"]
    print("\nspeed relative to the hand-written Python function (higher is faster):")
    for name, _, _ in rows:
        print(f"  {name:<32} {python / per[name]:8.2f}x")
    print("\ntargets:")
    arrow = python / per["aturan evaluate_many Arrow"]
    listed = python / per["aturan evaluate_many list"]
    print(f"  evaluate_many Arrow >= 5x hand-written Python: {arrow:.2f}x {'met' if arrow >= 5 else 'NOT met'}")
    print(f"  evaluate_many list  >= 1x hand-written Python: {listed:.2f}x {'met' if listed >= 1 else 'NOT met'}")
    if zen_decision is not None:
        zen_ratio = per["zen-engine evaluate (loop)"] / per["aturan evaluate (loop, no reads)"]
        print(f"  evaluate >= 25x zen-engine evaluate: {zen_ratio:.1f}x {'met' if zen_ratio >= 25 else 'NOT met'}")

    # The reference policy, over the same employees (the facts it declares and the mini policy
    # does not, such as the sanction history, are missing: those outcomes are undetermined).
    semarang = aturan.Policy.from_file(SEMARANG)
    print(f"\nSemarang reference policy, evaluate_many, best of {args.runs}:")
    for name, data in (("list", people), ("pandas", frame), ("Arrow", table)):
        t, _ = best_of(args.runs, lambda data=data: semarang.evaluate_many(data, as_of=as_of))
        timed("Semarang evaluate_many " + name, len(people), t)

    return 0


if __name__ == "__main__":
    sys.exit(main())
