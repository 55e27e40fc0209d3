"""The shared reference cases (tests/cases/*.json, the files the Rust tests read) give the
expected decisions through Python, and the very same decision JSON as the Rust engine."""

from __future__ import annotations

import json
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict

import pandas as pd
import pyarrow as pa
import pytest

import aturan
from conftest import CASES, SEMARANG
from helpers import expect_shape, normalise_expect, table_row_shape

CASE_IDS = [f"{c['_file']}:{c['name']}" for c in CASES]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_case_gives_expected_decision(policy: aturan.Policy, case: Dict[str, Any]) -> None:
    decision = policy.evaluate(case["facts"], as_of=case["as_of"])
    assert expect_shape(decision) == normalise_expect(case["expect"])


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_case_json_is_identical_to_rust(
    policy: aturan.Policy, cli: Path, case: Dict[str, Any], tmp_path: Path
) -> None:
    facts_file = tmp_path / "facts.json"
    facts_file.write_text(json.dumps(case["facts"]), encoding="utf-8")
    rust = subprocess.run(
        [str(cli), "eval", str(SEMARANG), str(facts_file), "--as-of", case["as_of"], "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    decision = policy.evaluate(case["facts"], as_of=case["as_of"])
    assert decision.to_json() == rust
    assert decision.to_dict() == json.loads(rust, parse_float=Decimal)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_decimal_facts_give_the_same_decision(policy: aturan.Policy, case: Dict[str, Any]) -> None:
    """Scores read as Decimal (exact) and as float (its repr) decide the same."""
    as_float = policy.evaluate(case["facts"], as_of=case["as_of"])
    exact = json.loads(json.dumps(case["facts"]), parse_float=Decimal)
    as_decimal = policy.evaluate(exact, as_of=case["as_of"])
    assert as_decimal.to_json() == as_float.to_json()


def test_every_case_through_evaluate_many(policy: aturan.Policy) -> None:
    """The batch paths (list of dicts, Arrow, DataFrame) agree with `evaluate` on every case."""
    by_date: Dict[str, list] = {}
    for case in CASES:
        by_date.setdefault(case["as_of"], []).append(case)
    for as_of, cases in by_date.items():
        rows = [c["facts"] for c in cases]
        expected = [normalise_expect(c["expect"]) for c in cases]
        from_list = policy.evaluate_many(rows, as_of=as_of)
        from_arrow = policy.evaluate_many(pa.Table.from_pylist(rows), as_of=as_of)
        from_frame = policy.evaluate_many(pd.DataFrame(rows), as_of=as_of)
        for table in (from_list, from_arrow, from_frame):
            got = [table_row_shape(r) for r in table.to_pylist()]
            assert got == expected
            assert table.column("error").null_count == table.num_rows
