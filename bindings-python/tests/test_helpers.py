"""Policies with helper functions (Rhai): read from a file beside the policy, given as text, kept
when the policy is pickled, and failing with an `EvaluationError` that names the helper."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import aturan

POLICY = """policy "Pembulatan" version "1"

facts { jp: int >= 0 }

helpers "bantu.rhai"
helper kelipatan(x: int, n: int) -> int

rule target "Target JP dibulatkan"
    source "illustrative"
    when kelipatan(jp, 8) > jp
    then notice bulatkan(ke: kelipatan(jp, 8))
"""

HELPERS = """
fn kelipatan(x, n) {
    let sisa = x % n;
    if sisa == 0 { x } else { x + n - sisa }
}
"""


def notices(decision: aturan.Decision) -> dict:
    return {o.code: o.params for o in decision.notices}


def test_helper_file_beside_the_policy(tmp_path: Path) -> None:
    (tmp_path / "bulat.aturan").write_text(POLICY, encoding="utf-8")
    (tmp_path / "bantu.rhai").write_text(HELPERS, encoding="utf-8")
    policy = aturan.Policy.from_file(tmp_path / "bulat.aturan")
    assert notices(policy.evaluate({"jp": 12}, as_of="2025-12-31")) == {"bulatkan": {"ke": 16}}
    assert notices(policy.evaluate({"jp": 16}, as_of="2025-12-31")) == {}


def test_helpers_given_as_text() -> None:
    policy = aturan.Policy.from_source(POLICY, helpers={"bantu.rhai": HELPERS})
    assert notices(policy.evaluate({"jp": 1}, as_of="2025-12-31")) == {"bulatkan": {"ke": 8}}


def test_missing_helper_file_is_a_policy_error() -> None:
    with pytest.raises(aturan.PolicyError) as err:
        aturan.Policy.from_source(POLICY)
    assert "bantu.rhai" in str(err.value)


def test_pickled_policy_keeps_its_helpers(tmp_path: Path) -> None:
    (tmp_path / "bulat.aturan").write_text(POLICY, encoding="utf-8")
    (tmp_path / "bantu.rhai").write_text(HELPERS, encoding="utf-8")
    policy = aturan.Policy.from_file(tmp_path / "bulat.aturan")
    data = pickle.dumps(policy)
    (tmp_path / "bantu.rhai").unlink()  # a worker elsewhere does not have the file
    again = pickle.loads(data)
    assert again.source_hash == policy.source_hash
    assert notices(again.evaluate({"jp": 12}, as_of="2025-12-31")) == {"bulatkan": {"ke": 16}}


def test_a_failing_helper_raises_evaluation_error() -> None:
    looping = HELPERS.replace("let sisa = x % n;", "let sisa = x % n; loop { }")
    policy = aturan.Policy.from_source(POLICY, helpers={"bantu.rhai": looping})
    with pytest.raises(aturan.EvaluationError) as err:
        policy.evaluate({"jp": 12}, as_of="2025-12-31")
    assert err.value.code in ("helper", "limit")
    assert "kelipatan" in str(err.value)
    assert not isinstance(err.value, aturan.FactsError)
    table = policy.evaluate_many([{"jp": 12}, {"jp": 3}], as_of="2025-12-31", id_column=None)
    assert all("kelipatan" in e for e in table.column("error").to_pylist())
    # A helper that fails in its file: where, in that file.
    dividing = HELPERS.replace("let sisa = x % n;", "let sisa = x % 0;")
    policy = aturan.Policy.from_source(POLICY, helpers={"bantu.rhai": dividing})
    with pytest.raises(aturan.EvaluationError) as err:
        policy.evaluate({"jp": 12}, as_of="2025-12-31")
    line = next(i for i, text in enumerate(dividing.splitlines(), 1) if "% 0" in text)
    assert (err.value.code, err.value.file, err.value.line) == ("helper", "bantu.rhai", line)


SLOW = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "slow-helper.aturan"


@pytest.mark.parametrize("form", ["list", "arrow"])
def test_ctrl_c_stops_a_batch_whose_rows_wait_on_slow_helpers(form: str) -> None:
    # Each row runs until the helpers' time limit (2 s): thirty of them take at least thirty
    # seconds on two cores. Ctrl-C after half a second was seen only once every row was done.
    import os
    import signal
    import threading
    import time

    import pyarrow as pa

    policy = aturan.Policy.from_file(SLOW)
    rows = [{"x": i} for i in range(30)]
    data = rows if form == "list" else pa.Table.from_pylist(rows)
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            policy.evaluate_many(data, as_of="2025-01-01")
    finally:
        timer.cancel()
    # Within a moment: the rows running when it came finish (at most the time limit), no others.
    assert time.monotonic() - started < 10, "the rows went on after Ctrl-C"
