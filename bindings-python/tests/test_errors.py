"""Readable errors for every mistake: a bad policy, bad facts, wrong Python types, bad options."""

from __future__ import annotations

import copy
import pickle
import re
import subprocess
from pathlib import Path

import pytest

import aturan
from conftest import CASES, SEMARANG

AS_OF = "2025-12-31"

BROKEN = """policy "Rusak" version "1"
facts {
    presensi: { alpa_hari: int >= 0 }
}
rule teguran "Teguran lisan"
    source "PP 94/2021 Pasal 9"
    when presensi.alpa_hri >= 3
    then sanction teguran_lisan
"""


def test_policy_error_is_a_value_error_with_diagnostics() -> None:
    with pytest.raises(aturan.PolicyError) as err:
        aturan.Policy.from_source(BROKEN, name="rusak.aturan")
    assert isinstance(err.value, ValueError)
    diagnostics = err.value.diagnostics
    assert diagnostics
    d = diagnostics[0]
    assert isinstance(d, aturan.Diagnostic)
    assert d.severity == "error"
    assert d.line == 7
    assert d.column >= 5
    assert d.code and d.message
    assert "alpa_hri" in d.message or "alpa_hri" in (d.help or "")
    text = str(err.value)
    assert "rusak.aturan:7:" in text
    assert "^" in text  # the caret under the problem


def test_policy_error_str_is_what_the_cli_prints(cli: Path, tmp_path: Path) -> None:
    path = tmp_path / "rusak.aturan"
    path.write_text(BROKEN, encoding="utf-8")
    with pytest.raises(aturan.PolicyError) as err:
        aturan.Policy.from_file(path)
    shown = subprocess.run([str(cli), "check", str(path)], capture_output=True, text=True)
    assert shown.returncode != 0
    assert str(err.value).strip() in (shown.stdout + shown.stderr)


def test_policy_error_in_indonesian() -> None:
    with pytest.raises(aturan.PolicyError) as en:
        aturan.Policy.from_source(BROKEN)
    with pytest.raises(aturan.PolicyError) as id_:
        aturan.Policy.from_source(BROKEN, lang="id")
    assert en.value.diagnostics[0].line == id_.value.diagnostics[0].line
    assert en.value.diagnostics[0].message != id_.value.diagnostics[0].message


def test_every_error_is_reported_at_once() -> None:
    second = """
rule teguran2 "Teguran tertulis"
    source "PP 94/2021 Pasal 10"
    when presensi.alpa_hariii >= 4
    then sanction teguran_tertulis
"""
    with pytest.raises(aturan.PolicyError) as err:
        aturan.Policy.from_source(BROKEN + second)
    lines = sorted(d.line for d in err.value.diagnostics)
    assert 7 in lines and 12 in lines


def test_missing_policy_file() -> None:
    with pytest.raises(FileNotFoundError, match="tidak_ada.aturan"):
        aturan.Policy.from_file("tidak_ada.aturan")
    with pytest.raises(FileNotFoundError, match="berkas atau folder itu tidak ada"):
        aturan.Policy.from_file("tidak_ada.aturan", lang="id")


def test_a_folder_for_a_policy_file_is_the_os_error_python_raises(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="it is a folder, not a file"):
        aturan.Policy.from_file(tmp_path)


def test_a_helper_file_outside_the_policys_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere.rhai").write_text("fn f(x) { x }")
    folder = tmp_path / "policy"
    folder.mkdir()
    (folder / "f.rhai").symlink_to(tmp_path / "elsewhere.rhai")
    policy = folder / "p.aturan"
    policy.write_text(
        'policy "H" version "1"\nfacts { x: int }\nhelpers "f.rhai"\nhelper f(x: int) -> int\n'
        'rule r "R" source "S" when f(x) > 0 then notice n\n'
    )
    with pytest.raises(aturan.PolicyError, match="a link to a file outside the policy's folder"):
        aturan.Policy.from_file(policy)


def test_policy_error_pickles() -> None:
    with pytest.raises(aturan.PolicyError) as err:
        aturan.Policy.from_source(BROKEN)
    again = pickle.loads(pickle.dumps(err.value))
    assert str(again) == str(err.value)
    assert again.diagnostics == err.value.diagnostics


def facts() -> dict:
    return copy.deepcopy(CASES[0]["facts"])


@pytest.mark.parametrize(
    "change, path",
    [
        (lambda f: f.update(status="PNSS"), "status"),
        (lambda f: f.update(tmt_cpns="1 Januari 2010"), "tmt_cpns"),
        (lambda f: f["presensi"].update(alpa_hari=-1), "presensi.alpa_hari"),
        (lambda f: f["kinerja"][1].update(nilai_skp="abc"), "kinerja[1].nilai_skp"),
        (lambda f: f["kinerja"][1].update(nilai_skp=101), "kinerja[1].nilai_skp"),
    ],
    ids=["enum", "date", "negative", "not-a-number", "out-of-range"],
)
def test_bad_facts_raise_facts_error_naming_the_path(policy: aturan.Policy, change, path: str) -> None:
    f = facts()
    change(f)
    with pytest.raises(aturan.FactsError) as err:
        policy.evaluate(f, as_of=AS_OF)
    assert isinstance(err.value, ValueError)
    assert err.value.code == "facts"
    paths = [i.path for i in err.value.issues]
    assert path in paths
    issue = err.value.issues[paths.index(path)]
    assert issue.expected and issue.found
    assert f"`{path}`" in str(err.value)
    assert err.value.row is None


def test_every_bad_fact_is_reported(policy: aturan.Policy) -> None:
    f = facts()
    f["status"] = "PNSS"
    f["presensi"]["alpa_hari"] = -1
    with pytest.raises(aturan.FactsError) as err:
        policy.evaluate(f, as_of=AS_OF)
    assert {"status", "presensi.alpa_hari"} <= {i.path for i in err.value.issues}


def test_facts_error_in_indonesian(policy: aturan.Policy) -> None:
    f = facts()
    f["status"] = "PNSS"
    with pytest.raises(aturan.FactsError) as en:
        policy.evaluate(f, as_of=AS_OF)
    with pytest.raises(aturan.FactsError) as id_:
        policy.evaluate(f, as_of=AS_OF, lang="id")
    assert str(en.value) != str(id_.value)


def test_python_values_that_cannot_be_facts(policy: aturan.Policy) -> None:
    f = facts()
    f["nama"] = {"Budi"}
    with pytest.raises(aturan.FactsError) as err:
        policy.evaluate(f, as_of=AS_OF)
    assert err.value.issues[0].path == "nama"
    assert "set" in str(err.value)
    f = facts()
    f["kinerja"][0]["tahun"] = object()
    with pytest.raises(aturan.FactsError) as err:
        policy.evaluate(f, as_of=AS_OF)
    assert err.value.issues[0].path == "kinerja[0].tahun"
    assert "object" in str(err.value)


def test_facts_must_be_a_mapping(policy: aturan.Policy) -> None:
    with pytest.raises(aturan.FactsError):
        policy.evaluate(["not", "a", "mapping"], as_of=AS_OF)  # type: ignore[arg-type]


def test_many_employees_given_to_evaluate_is_a_type_error_with_the_way_out(policy: aturan.Policy) -> None:
    """`evaluate(frame[frame.nip == …])` is a calling mistake, not wrong facts: a `TypeError`
    saying what was given and what to give."""
    import pandas as pd
    import pyarrow as pa

    frame = pd.DataFrame([facts()])
    table = pa.Table.from_pandas(frame)
    cases = [
        (frame, "DataFrame of 1 row"),
        (table, "Arrow Table"),
        (next(frame.itertuples()), "itertuples"),
        ([facts(), facts()], "list of 2 employee"),
    ]
    for given, says in cases:
        with pytest.raises(TypeError, match="evaluate_many") as err:
            policy.evaluate(given, as_of=AS_OF)  # type: ignore[arg-type]
        assert says in str(err.value)
        assert not isinstance(err.value, aturan.FactsError)
    # One row of the frame is one employee.
    assert policy.evaluate(frame.iloc[0], as_of=AS_OF).to_dict() == policy.evaluate(facts(), as_of=AS_OF).to_dict()


def test_an_object_holding_the_facts_is_a_type_error_saying_how_to_give_them(policy: aturan.Policy) -> None:
    """A dataclass or a pydantic-style model given as it is: the caller's mistake (it was a
    `FactsError`, which a service answers its client with 422)."""
    import dataclasses

    @dataclasses.dataclass
    class Pegawai:
        status: str

    class Model:
        def model_dump(self) -> dict:
            return {"status": "PNS"}

    for given, says in [(Pegawai("PNS"), "dataclasses.asdict(facts)"), (Model(), "facts.model_dump()")]:
        with pytest.raises(TypeError, match="takes one employee's facts as a mapping") as err:
            policy.evaluate(given, as_of=AS_OF)  # type: ignore[arg-type]
        assert says in str(err.value)
        assert not isinstance(err.value, aturan.FactsError)


def test_bad_options(policy: aturan.Policy) -> None:
    with pytest.raises(ValueError, match="as_of"):
        policy.evaluate(facts(), as_of="31-12-2025")
    with pytest.raises(TypeError, match="as_of"):
        policy.evaluate(facts(), as_of=20251231)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="language"):
        policy.evaluate(facts(), as_of=AS_OF, lang="fr")
    with pytest.raises(TypeError, match="params"):
        policy.evaluate(facts(), as_of=AS_OF, params=[1, 2])  # type: ignore[arg-type]
    # A missing date, pandas' or numpy's, is said to be one.
    import numpy as np
    import pandas as pd

    for missing in (pd.NaT, np.datetime64("NaT")):
        with pytest.raises(aturan.EvaluationError, match="is NaT \\(a missing date\\)"):
            policy.evaluate(facts(), as_of=missing)  # type: ignore[arg-type]


def test_bad_params(policy: aturan.Policy) -> None:
    with pytest.raises(aturan.EvaluationError) as err:
        policy.evaluate(facts(), as_of=AS_OF, params={"tidak_ada": 1})
    assert err.value.code == "param"
    assert "tidak_ada" in str(err.value)
    assert not isinstance(err.value, aturan.FactsError)
    with pytest.raises(aturan.EvaluationError) as err:
        policy.evaluate(facts(), as_of=AS_OF, params={"bonus_tpp_persen": "banyak"})
    assert err.value.code == "param"
    # NaN (a DataFrame cell, or a request's JSON) is named as NaN, not as null.
    with pytest.raises(aturan.EvaluationError, match="parameter `bonus_tpp_persen`: NaN is not a value") as err:
        policy.evaluate(facts(), as_of=AS_OF, params={"bonus_tpp_persen": float("nan")})
    assert err.value.code == "param"
    with pytest.raises(aturan.EvaluationError, match="NaN bukan nilai"):
        policy.evaluate_many([facts()], as_of=AS_OF, params={"bonus_tpp_persen": float("nan")}, lang="id")
    # So are a Decimal NaN and pandas' NA, by what they are (they said "found null").
    import pandas as pd
    from decimal import Decimal

    for value, said in [(Decimal("NaN"), "Decimal('NaN')"), (pd.NA, "<NA>")]:
        with pytest.raises(aturan.EvaluationError, match=f"parameter `bonus_tpp_persen`: {re.escape(said)} is not a value"):
            policy.evaluate(facts(), as_of=AS_OF, params={"bonus_tpp_persen": value})
    # A parameter named by a number: said without a path below `params`.
    with pytest.raises(TypeError, match=r"^`params`: cannot use the key 1 \(keys must be strings\)$"):
        policy.evaluate(facts(), as_of=AS_OF, params={1: 3})  # type: ignore[dict-item]


def test_facts_error_pickles(policy: aturan.Policy) -> None:
    f = facts()
    f["status"] = "PNSS"
    with pytest.raises(aturan.FactsError) as err:
        policy.evaluate(f, as_of=AS_OF)
    again = pickle.loads(pickle.dumps(err.value))
    assert str(again) == str(err.value) and again.issues == err.value.issues


def test_deeply_nested_facts_are_an_error_not_a_crash() -> None:
    policy = aturan.Policy.from_file(str(SEMARANG))
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    # Only what the policy declares is read: a list where a text belongs is reported as it is.
    with pytest.raises(aturan.FactsError) as err:
        policy.evaluate({"nama": deep}, as_of="2025-12-31")
    assert err.value.issues[0].path == "nama"
    assert "expected a text, found a list of 1 item" in str(err.value)
    # A value of another type is converted whole, with a depth limit.
    nested: tuple = ()
    for _ in range(100_000):
        nested = (nested,)
    with pytest.raises(aturan.FactsError) as err:
        policy.evaluate({"nama": nested}, as_of="2025-12-31")
    assert "nested more than 64 levels deep" in str(err.value)
    table = policy.evaluate_many([{"nama": nested}, {"status": "PNS"}], as_of="2025-12-31")
    errors = table.column("error").to_pylist()
    assert "nested more than" in errors[0] and errors[1] is None


def test_a_limit_or_json_error_says_where_as_line_and_column() -> None:
    import pickle

    import aturan

    p = aturan.Policy.from_source(
        'policy "D" version "1"\nfacts { a: int, b: int }\nlet q = a / b\nrule r "R" source "S" when q > 1 then notice x\n'
    )
    with pytest.raises(aturan.EvaluationError) as err:
        p.evaluate({"a": 1, "b": 0}, as_of="2025-01-01")
    assert (err.value.code, err.value.line, err.value.column) == ("limit", 3, 9)
    again = pickle.loads(pickle.dumps(err.value))
    assert (again.code, again.line, again.column) == ("limit", 3, 9)
    with pytest.raises(aturan.FactsError) as json_err:
        p.evaluate_json('{"a": 1,\n "b": 3.500.000}', as_of="2025-01-01")
    assert (json_err.value.code, json_err.value.line, json_err.value.column) == ("json", 2, 12)
    # An error about the facts themselves names them, not a place in a text.
    with pytest.raises(aturan.FactsError) as facts_err:
        p.evaluate({"a": "x", "b": 1}, as_of="2025-01-01")
    assert facts_err.value.line is None and facts_err.value.issues[0].path == "a"
