"""How Python values become facts: floats by their repr, exact decimals, missing values."""

from __future__ import annotations

import math
import random
import struct

import pytest

from aturan import _aturan


def test_float_text_is_python_repr() -> None:
    rng = random.Random(20251231)
    samples = [
        0.0, -0.0, 1.0, 86.5, 89.995, 0.1, 1e16, 1e15, 123456789012345678.0, 1e-4, 1e-5, 1.5e-7,
        2.5e300, 5e-324, 1.7976931348623157e308, 100.0, 12.5, 18.75, 1234567.125, 0.3 - 0.1,
    ]
    samples += [rng.uniform(-1000, 1000) for _ in range(2000)]
    samples += [round(rng.uniform(-1e6, 1e6), k) for k in range(8) for _ in range(500)]
    samples += [rng.uniform(-1, 1) * 10 ** rng.randint(-30, 30) for _ in range(2000)]
    samples += [struct.unpack("d", struct.pack("Q", rng.getrandbits(64)))[0] for _ in range(2000)]
    for x in samples:
        if math.isnan(x) or math.isinf(x):
            continue
        assert _aturan._float_repr(x) == repr(x), x


def test_float_special_values() -> None:
    assert _aturan._float_repr(float("inf")) == "inf"
    assert _aturan._float_repr(float("-inf")) == "-inf"


@pytest.mark.parametrize("value", [86.5, 84.0, 89.995, 1e-5])
def test_floats_decide_like_their_decimal_text(policy, value: float) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    from conftest import CASES

    import copy

    facts = copy.deepcopy(CASES[0]["facts"])
    facts["kinerja"][1]["nilai_skp"] = value
    as_float = policy.evaluate(facts, as_of="2025-12-31")
    facts["kinerja"][1]["nilai_skp"] = Decimal(repr(value))
    as_decimal = policy.evaluate(facts, as_of="2025-12-31")
    assert as_float.to_json() == as_decimal.to_json()


def test_missing_values_from_pandas_are_missing(policy) -> None:  # type: ignore[no-untyped-def]
    import copy

    import numpy as np
    import pandas as pd

    from conftest import CASES

    base = copy.deepcopy(CASES[0]["facts"])
    del base["angka_kredit"]
    reference = policy.evaluate(base, as_of="2025-12-31").to_json()
    for missing in (None, float("nan"), pd.NA, pd.NaT, np.nan):
        facts = dict(base, angka_kredit=missing)
        assert policy.evaluate(facts, as_of="2025-12-31").to_json() == reference


def test_numpy_scalars_are_their_values(policy) -> None:  # type: ignore[no-untyped-def]
    import copy

    import numpy as np

    from conftest import CASES

    facts = copy.deepcopy(CASES[2]["facts"])
    reference = policy.evaluate(facts, as_of="2025-12-31").to_json()
    facts["presensi"]["alpa_hari"] = np.int64(facts["presensi"]["alpa_hari"])
    facts["kinerja"][1]["nilai_skp"] = np.float64(facts["kinerja"][1]["nilai_skp"])
    facts["pernah_cltn"] = np.bool_(facts["pernah_cltn"])
    assert policy.evaluate(facts, as_of="2025-12-31").to_json() == reference


def test_float32_reads_at_its_own_precision_in_every_container() -> None:
    # 89.995 stored as float32 is 89.995 to numpy and Arrow; widened to a Python float it would
    # be 89.99500274658203 and pass `> 89.995`.
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    import aturan

    p = aturan.Policy.from_source(
        'policy "P" version "1"\nfacts { skp: decimal\n n: int }\n'
        'rule r "R" source "S" when skp > 89.995 then reward tpp(persen: 100)\n'
    )

    def paid(result: object) -> list:
        rows = result.to_pylist()  # type: ignore[attr-defined]
        assert all(r["error"] is None for r in rows), rows
        return [bool(r["rewards"]) for r in rows]

    values = np.array([89.995, 90.5, np.nan], dtype=np.float32)
    ns = np.array([3.0, 4.0, 5.0], dtype=np.float32)
    expected = [False, True, False]
    frame = pd.DataFrame({"skp": values, "n": ns})
    assert paid(p.evaluate_many(frame, as_of="2025-01-01")) == expected
    nullable = pd.DataFrame({"skp": pd.array([89.995, 90.5, None], dtype="Float32"), "n": ns})
    assert paid(p.evaluate_many(nullable, as_of="2025-01-01")) == expected
    arrow = pa.table({"skp": pa.array(values, type=pa.float32(), from_pandas=True), "n": ns})
    assert paid(p.evaluate_many(arrow, as_of="2025-01-01")) == expected
    records = [{"skp": v, "n": n} for v, n in zip(values, ns)]
    assert paid(p.evaluate_many(records, as_of="2025-01-01")) == expected
    assert [bool(p.evaluate(r, as_of="2025-01-01").rewards) for r in records] == expected
    assert not p.evaluate({"skp": np.float16(0.1), "n": 1}, as_of="2025-01-01").rewards
    # numpy.longdouble (float128) likewise, at its own precision (it was refused: "a value that
    # raised TypeError: 'numpy.longdouble' object is not iterable"), in a record and a column.
    # (Made from text: 89.995 as a Python float is 89.99500000000000454… , kept by a longdouble.)
    wide = np.array(["89.995", "90.5", "nan"], dtype=np.longdouble)
    assert [bool(p.evaluate({"skp": v, "n": 1}, as_of="2025-01-01").rewards) for v in wide] == expected
    assert paid(p.evaluate_many(pd.DataFrame({"skp": wide, "n": ns}), as_of="2025-01-01")) == expected


def test_a_dataframe_row_is_read_as_its_mapping(policy) -> None:  # type: ignore[no-untyped-def]
    import pandas as pd

    from conftest import CASES

    frame = pd.DataFrame([c["facts"] for c in CASES[:3]])
    for (_, row), case in zip(frame.iterrows(), CASES[:3]):
        assert policy.evaluate(row, as_of=case["as_of"]).to_json() == policy.evaluate(case["facts"], as_of=case["as_of"]).to_json()
    assert policy.evaluate(frame.iloc[0], as_of=CASES[0]["as_of"]).to_json() == policy.evaluate(CASES[0]["facts"], as_of=CASES[0]["as_of"]).to_json()
    # A Series labelled by numbers is a list.
    facts = dict(CASES[0]["facts"], pelatihan=pd.Series(CASES[0]["facts"]["pelatihan"]))
    assert policy.evaluate(facts, as_of=CASES[0]["as_of"]).to_json() == policy.evaluate(CASES[0]["facts"], as_of=CASES[0]["as_of"]).to_json()


def test_float32_from_arrow_backed_pandas_columns_and_float16_arrow_columns() -> None:
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    import aturan

    p = aturan.Policy.from_source(
        'policy "P" version "1"\nfacts { skp: decimal }\n'
        'rule r "R" source "S" when skp >= 89.99 then reward bonus\n'
    )
    frame = pd.DataFrame({"skp": pd.array([89.99, None], dtype="float32[pyarrow]")})
    rows = p.evaluate_many(frame, as_of="2025-01-01").to_pylist()
    assert [bool(r["rewards"]) for r in rows] == [True, False]
    assert rows[1]["undetermined"] == ["bonus"]
    half = pa.table({"skp": pa.array(np.array([0.1, 90.0], dtype=np.float16))})
    assert [bool(r["rewards"]) for r in p.evaluate_many(half, as_of="2025-01-01").to_pylist()] == [False, True]
    # A float16 in a message is written as numpy prints it: 4.5, not 4.5e0.
    n = aturan.Policy.from_source('policy "P" version "1"\nfacts { n: int >= 10 }\nrule r "R" source "S" when n > 1 then notice x\n')
    half = pa.table({"n": pa.array(np.array([4.5], dtype=np.float16))})
    assert n.evaluate_many(half, as_of="2025-01-01").column("error")[0].as_py().endswith("found 4.5")


def test_a_flat_dataframe_row_nests_its_dotted_labels(policy) -> None:  # type: ignore[no-untyped-def]
    import pandas as pd

    from conftest import CASES

    flat = pd.json_normalize([CASES[0]["facts"]])
    assert any("." in c for c in flat.columns)
    as_row = policy.evaluate(flat.iloc[0], as_of=CASES[0]["as_of"])
    assert as_row.to_json() == policy.evaluate(CASES[0]["facts"], as_of=CASES[0]["as_of"]).to_json()


def test_a_bad_value_in_a_dataframe_row_is_named_by_its_field(policy) -> None:  # type: ignore[no-untyped-def]
    import pandas as pd

    import aturan
    from conftest import CASES

    row = pd.Series(dict(CASES[0]["facts"], status_khusus={"ditahan"}))
    with pytest.raises(aturan.FactsError) as raised:
        policy.evaluate(row, as_of=CASES[0]["as_of"])
    assert raised.value.issues[0].path == "status_khusus"


def test_a_datetime64_of_a_month_is_not_a_day(policy) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    import aturan
    from conftest import CASES

    facts = dict(CASES[0]["facts"], tmt_golongan=np.datetime64("2021-10"))
    with pytest.raises(aturan.FactsError) as raised:
        policy.evaluate(facts, as_of=CASES[0]["as_of"])
    assert raised.value.issues[0].path == "tmt_golongan"
    assert "a month, not a day" in raised.value.issues[0].found
    day = dict(CASES[0]["facts"], tmt_golongan=np.datetime64("2021-10-01"))
    assert policy.evaluate(day, as_of=CASES[0]["as_of"]).to_json()


def test_a_float32_from_arrow_reads_as_numpy_prints_it_ties_too() -> None:
    """A float32 exactly halfway between two shortest texts (0.0166015625) is printed by numpy with
    its last digit even (0.016601562): an Arrow column reads as the same values (it gave …563)."""
    import json
    from decimal import Decimal

    import numpy as np
    import pyarrow as pa

    import aturan

    p = aturan.Policy.from_source(
        'policy "F" version "1"\nfacts { x: decimal }\nrule r "R" source "S" when x >= 0 then notice n(v: x)\n'
    )
    values = (np.arange(0, 20480, dtype=np.float64) / 1024).astype(np.float32)
    table = pa.table({"x": pa.array(values, pa.float32())})
    notices = p.evaluate_many(table, as_of="2025-01-01", id_column=None).column("notices").to_pylist()
    read = [json.loads(n[0]["params"], parse_float=Decimal)["v"] for n in notices]
    assert [Decimal(str(v)) for v in values] == [Decimal(r) for r in read]
    assert Decimal(str(read[17])) == Decimal("0.016601562")
