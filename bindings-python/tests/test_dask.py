"""The Dask recipe of docs/python.md, run on a real dask.distributed LocalCluster, gives exactly
the single-process result."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import aturan
from conftest import CASES, ROOT
from helpers import population

dask = pytest.importorskip("dask")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

DOC = ROOT / "docs" / "python.md"


def recipe() -> dict:
    """The first Python block of the Dask section of docs/python.md, executed."""
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Dask", 1)[1].split("\n## ", 1)[0]
    block = re.findall(r"```python\n(.*?)```", section, flags=re.S)[0]
    namespace: dict = {}
    exec(compile(block, "docs/python.md (Dask recipe)", "exec"), namespace)
    return namespace


def test_dask_local_cluster_matches_single_process(policy: aturan.Policy, tmp_path: Path) -> None:
    evaluate_dask = recipe()["evaluate_dask"]
    people = pd.DataFrame(list(population(CASES, 2000)))
    expected = policy.evaluate_many(people, as_of="2025-12-31").to_pandas()

    # As the recipe says: nested facts must not be turned into text by Dask.
    with dask.config.set({"dataframe.convert-string": False}), distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, distributed.Client(cluster):
        ddf = dd.from_pandas(people, npartitions=6)
        results = evaluate_dask(policy, ddf, as_of="2025-12-31")
        got = results.compute()
        # As the recipe does: the results stored as Parquet, read back whole.
        results.to_parquet(tmp_path / "keputusan")
    stored = dd.read_parquet(tmp_path / "keputusan", dtype_backend="pyarrow").compute()
    for column in ("sanction", "rewards", "undetermined"):
        left = [_plain(v) for v in stored[column].tolist()]
        right = [_plain(v) for v in expected[column].tolist()]
        assert left == right, column

    got = got.reset_index(drop=True)
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected) == 2000
    for column in expected.columns:
        left = [_plain(v) for v in got[column].tolist()]
        right = [_plain(v) for v in expected[column].tolist()]
        assert left == right, column


def _plain(value: object) -> object:
    """Cells as plain Python values (lists of dicts come back as numpy arrays)."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value


def test_a_dask_dataframe_given_whole_says_to_evaluate_its_partitions(policy: aturan.Policy) -> None:
    people = dd.from_pandas(pd.DataFrame(list(population(CASES, 20))), npartitions=2)
    with pytest.raises(TypeError, match="map_partitions"):
        policy.evaluate_many(people, as_of="2025-12-31")
