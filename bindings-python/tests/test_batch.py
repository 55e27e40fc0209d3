"""`Policy.evaluate_many`: lists, DataFrames and Arrow in, one Arrow table out."""

from __future__ import annotations

import copy
import csv
import datetime
import json
import warnings
from decimal import Decimal
from typing import Any, Dict, List

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import aturan
from conftest import CASES
from helpers import expect_shape, population, table_row_shape

AS_OF = "2025-12-31"
RESULT_COLUMNS = [
    "sanction",
    "sanction_level",
    "rewards",
    "promotions",
    "notices",
    "undetermined",
    "missing",
    "set_aside",
    "error",
]


@pytest.fixture(scope="module")
def people() -> List[Dict[str, Any]]:
    return list(population(CASES, 500))


def single(policy: aturan.Policy, rows: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    return [expect_shape(policy.evaluate(r, as_of=AS_OF)) for r in rows]


def test_list_of_dicts(policy: aturan.Policy, people: List[Dict[str, Any]]) -> None:
    table = policy.evaluate_many(people, as_of=AS_OF)
    assert isinstance(table, pa.Table)
    assert table.column_names == ["nip"] + RESULT_COLUMNS
    assert table.num_rows == len(people)
    assert table.column("nip").to_pylist() == [p["nip"] for p in people]
    assert [table_row_shape(r) for r in table.to_pylist()] == single(policy, people)


def test_arrow_table_and_record_batch(policy: aturan.Policy, people: List[Dict[str, Any]]) -> None:
    arrow = pa.Table.from_pylist(people)
    expected = single(policy, people)
    for data in (arrow, arrow.to_batches()[0] if arrow.num_rows else arrow, arrow.combine_chunks()):
        table = policy.evaluate_many(data, as_of=AS_OF)
        assert [table_row_shape(r) for r in table.to_pylist()] == expected
        assert table.column("nip").to_pylist() == [p["nip"] for p in people]


def test_chunked_arrow_input_keeps_row_order(policy: aturan.Policy, people: List[Dict[str, Any]]) -> None:
    arrow = pa.Table.from_pylist(people)
    chunked = pa.concat_tables([arrow.slice(0, 7), arrow.slice(7, 200), arrow.slice(207)])
    table = policy.evaluate_many(chunked, as_of=AS_OF)
    assert table.column("nip").to_pylist() == [p["nip"] for p in people]
    assert [table_row_shape(r) for r in table.to_pylist()] == single(policy, people)


def test_pandas_dataframe(policy: aturan.Policy, people: List[Dict[str, Any]]) -> None:
    frame = pd.DataFrame(people)
    table = policy.evaluate_many(frame, as_of=AS_OF)
    assert [table_row_shape(r) for r in table.to_pylist()] == single(policy, people)
    result = table.to_pandas()
    assert list(result.columns) == ["nip"] + RESULT_COLUMNS
    assert len(result) == len(people)


def test_dataframe_from_arrow_with_array_columns(policy: aturan.Policy, people: List[Dict[str, Any]]) -> None:
    """A DataFrame converted from Arrow (or read from Parquet) holds its list columns as numpy
    arrays and its record columns as dicts: read as the same facts."""
    frame = pa.Table.from_pylist(people).to_pandas()
    assert any(isinstance(v, np.ndarray) for v in frame["kinerja"])
    table = policy.evaluate_many(frame, as_of=AS_OF, id_column="nip")
    assert table.column("nip").to_pylist() == [p["nip"] for p in people]
    assert [table_row_shape(r) for r in table.to_pylist()] == single(policy, people)


def test_dataframe_with_typed_columns(policy: aturan.Policy) -> None:
    """Dates as datetime64, categorical enums, a non-default index: all read as the facts mean."""
    rows = [copy.deepcopy(c["facts"]) for c in CASES]
    frame = pd.DataFrame(rows, index=[f"x{i}" for i in range(len(rows))])
    frame["tmt_cpns"] = pd.to_datetime(frame["tmt_cpns"])
    frame["tmt_golongan"] = pd.to_datetime(frame["tmt_golongan"])
    frame["status"] = frame["status"].astype("category")
    frame["golongan"] = frame["golongan"].astype("category")
    table = policy.evaluate_many(frame, as_of=AS_OF)
    assert table.column("error").null_count == table.num_rows, table.column("error").to_pylist()
    assert [table_row_shape(r) for r in table.to_pylist()] == single(policy, rows)
    # A missing day (NaT) is a missing fact; a column with a time of day anywhere is read value
    # by value, and that value refused as no date.
    frame["tmt_golongan"] = frame["tmt_golongan"].where(frame.index != "x1")
    rows[1].pop("tmt_golongan")
    table = policy.evaluate_many(frame, as_of=AS_OF)
    assert [table_row_shape(r) for r in table.to_pylist()] == single(policy, rows)
    frame["tmt_golongan"] = frame["tmt_golongan"].where(frame.index != "x2", pd.Timestamp("2021-10-01 08:30"))
    errors = policy.evaluate_many(frame, as_of=AS_OF).column("error").to_pylist()
    assert errors[2] is not None and "`tmt_golongan`" in errors[2], errors
    assert errors[0] is None and errors[1] is None, errors


def test_dataframe_columns_are_read_as_the_same_dicts(policy: aturan.Policy) -> None:
    """A DataFrame read column by column: missing values (NaN, None, pandas NA) are missing
    facts, a column mixing types is read value by value, wrong values are reported per row, and
    the id column keeps its type."""
    rows = [dict(copy.deepcopy(c["facts"]), pegawai_id=i) for i, c in enumerate(CASES)]
    frame = pd.DataFrame(rows)
    frame["nama"] = [1 if i % 2 else "x" for i in range(len(rows))]  # mixed types: Arrow cannot hold it
    frame.loc[1, "tmt_golongan"] = None
    frame["extra"] = np.nan
    table = policy.evaluate_many(frame, as_of=AS_OF, id_column="pegawai_id")
    assert table.schema.field("pegawai_id").type == pa.int64()
    assert table.column("pegawai_id").to_pylist() == list(range(len(rows)))
    expected = [dict(r) for r in rows]
    expected[1].pop("tmt_golongan")
    assert [table_row_shape(r) for r in table.to_pylist()] == single(policy, expected)
    frame.loc[2, "golongan"] = "III/z"
    errors = policy.evaluate_many(frame, as_of=AS_OF).column("error").to_pylist()
    assert errors[2] is not None and "golongan" in errors[2] and "III/z" in errors[2]
    assert all(e is None for i, e in enumerate(errors) if i != 2)


def test_flat_columns_with_dotted_names(policy: aturan.Policy) -> None:
    """A flat table (CSV, json_normalize) fills nested facts from `presensi.alpa_hari` columns."""
    rows = [copy.deepcopy(c["facts"]) for c in CASES]
    flat = pd.json_normalize(rows, max_level=1)
    assert "presensi.alpa_hari" in flat.columns
    table = policy.evaluate_many(flat, as_of=AS_OF)
    assert [table_row_shape(r) for r in table.to_pylist()] == single(policy, rows)
    # A column mixing types (a date beside its ISO text) keeps the frame out of Arrow: the
    # dotted columns still fill the nested facts.
    mixed = flat.copy()
    mixed["tmt_cpns"] = [datetime.date.fromisoformat(v) if i % 2 else v for i, v in enumerate(mixed["tmt_cpns"])]
    table = policy.evaluate_many(mixed, as_of=AS_OF)
    assert [table_row_shape(r) for r in table.to_pylist()] == single(policy, rows)


def test_struct_column_beside_dotted_columns(policy: aturan.Policy) -> None:
    """A struct column `presensi` and a column `presensi.alpa_hari` make one record; where both
    give a field, the column that comes first counts."""
    rows = [copy.deepcopy(c["facts"]) for c in CASES]
    alpa = [r["presensi"].pop("alpa_hari") for r in rows]
    table = pa.Table.from_pylist(rows)
    table = table.append_column("presensi.alpa_hari", pa.array(alpa, pa.int64()))
    result = policy.evaluate_many(table, as_of=AS_OF)
    for r, a in zip(rows, alpa):
        r["presensi"]["alpa_hari"] = a
    assert [table_row_shape(r) for r in result.to_pylist()] == single(policy, rows)
    # The struct column comes first, so its own (wrong) value counts over the flat column's.
    wrong = pa.Table.from_pylist([dict(rows[0], presensi=dict(rows[0]["presensi"], alpa_hari=-1))])
    wrong = wrong.append_column("presensi.alpa_hari", pa.array([0], pa.int64()))
    errors = policy.evaluate_many(wrong, as_of=AS_OF).column("error").to_pylist()
    assert errors[0] is not None and "presensi.alpa_hari" in errors[0]


def test_dotted_columns_that_name_no_declared_field_are_ignored(policy: aturan.Policy) -> None:
    """A summary column `pelatihan.total_jp` beside the `pelatihan` list, or `nama.gelar` beside
    `nama`, is an extra field: ignored, in either column order, from a frame and from Arrow."""
    rows = [copy.deepcopy(c["facts"]) for c in CASES]
    flat = pd.json_normalize(rows, max_level=1)
    flat["pelatihan.total_jp"] = [sum(p["jp"] for p in r["pelatihan"]) for r in rows]
    flat.insert(0, "nama.gelar", "S.T.")
    expected = single(policy, rows)
    for data in (flat, pa.Table.from_pandas(flat, preserve_index=False)):
        table = policy.evaluate_many(data, as_of=AS_OF)
        assert table.column("error").null_count == len(rows)
        assert [table_row_shape(r) for r in table.to_pylist()] == expected


def test_a_dotted_frame_is_read_as_evaluate_reads_its_rows(policy: aturan.Policy) -> None:
    """Flat dotted columns are read value by value, as `evaluate` reads a row: a pandas Period
    is refused (not read as the number underneath it), dates in Indonesia's three time zones are
    each their own local date, and a value Arrow cannot hold fails its row only."""
    base = copy.deepcopy(CASES[0]["facts"])
    flat = pd.json_normalize([base] * 3, max_level=1)
    flat["presensi.tahun"] = pd.Series([pd.Period("2025", "Y")] * 3)
    errors = policy.evaluate_many(flat, as_of=AS_OF).column("error").to_pylist()
    assert all("`presensi.tahun`" in e and "Period" in e for e in errors), errors
    zones = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]
    flat = pd.json_normalize([base] * 3, max_level=1)
    flat["jabatan.tmt"] = pd.Series([pd.Timestamp("2021-06-30", tz=z) for z in zones], dtype=object)
    table = policy.evaluate_many(flat, as_of=AS_OF)
    assert table.column("error").null_count == 3
    one = policy.evaluate(flat.iloc[0], as_of=AS_OF)
    assert [table_row_shape(r) for r in table.to_pylist()] == [expect_shape(one)] * 3
    flat = pd.json_normalize([base] * 2, max_level=1)
    flat["presensi.alpa_hari"] = pd.Series([Decimal("Infinity"), 3], dtype=object)
    errors = policy.evaluate_many(flat, as_of=AS_OF).column("error").to_pylist()
    assert errors[0] is not None and "presensi.alpa_hari" in errors[0] and errors[1] is None


def test_a_column_whose_name_is_not_text_is_left_out(policy: aturan.Policy) -> None:
    """A stray `df[0] = …` (or a tuple name) names no fact: the declared columns read as they do
    without it, zoned timestamps of several zones in one column too."""
    base = copy.deepcopy(CASES[0]["facts"])
    frame = pd.DataFrame([base] * 3)
    zones = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]
    frame["tmt_cpns"] = pd.Series([pd.Timestamp("2000-01-01", tz=z) for z in zones], dtype=object)
    expected = policy.evaluate_many(frame, as_of=AS_OF).to_pylist()
    assert all(r["error"] is None for r in expected), expected
    frame[0] = 1
    frame[("a", "b")] = 2
    assert policy.evaluate_many(frame, as_of=AS_OF).to_pylist() == expected


def test_record_batches_are_one_table_and_rows_of_values_are_refused(policy: aturan.Policy) -> None:
    """A list or iterator of record batches (as `mapInArrow` hands them over) is read as one
    table; the rows of `iterrows()`, `itertuples()` or `frame.values` carry no field names and
    are refused, not read as so many rows that each fail."""
    rows = [copy.deepcopy(c["facts"]) for c in CASES]
    table = pa.Table.from_pylist(rows)
    expected = policy.evaluate_many(table, as_of=AS_OF).to_pylist()
    batches = table.to_batches(max_chunksize=3)
    assert len(batches) > 1
    assert policy.evaluate_many(batches, as_of=AS_OF).to_pylist() == expected
    assert policy.evaluate_many(iter(batches), as_of=AS_OF).to_pylist() == expected
    assert policy.evaluate_many([table.slice(0, 2), table.slice(2)], as_of=AS_OF).to_pylist() == expected
    frame = pd.DataFrame(rows)
    for data, said in (
        (frame.iterrows(), "iterrows"),
        (frame.itertuples(), "itertuples"),
        (frame.values, "no field names"),
        ([[1, 2]], "no field names"),
    ):
        with pytest.raises(TypeError, match=said):
            policy.evaluate_many(data, as_of=AS_OF)
    # A list with one wrong row among mappings is still a batch: that row fails alone.
    errors = policy.evaluate_many([None, rows[0]], as_of=AS_OF).column("error").to_pylist()
    assert errors[0] is not None and errors[1] is None


def test_an_arrow_extension_column_or_a_date_past_9999_is_refused(policy: aturan.Policy) -> None:
    rows = [copy.deepcopy(c["facts"]) for c in CASES[:1]]
    frame = pd.DataFrame(rows)
    frame["tmt_cpns"] = pd.Series([pd.Period("2010-01-01", "D")])
    with pytest.raises(ValueError, match="extension type `pandas.period`"):
        policy.evaluate_many(pa.Table.from_pandas(frame, preserve_index=False), as_of=AS_OF)
    table = pa.Table.from_pylist(rows)
    late = pa.array([2932897], pa.int32()).cast(pa.date32())  # 10000-01-01
    table = table.set_column(table.schema.get_field_index("tmt_golongan"), "tmt_golongan", late)
    error = policy.evaluate_many(table, as_of=AS_OF).column("error")[0].as_py()
    assert "`tmt_golongan`: expected a date YYYY-MM-DD" in error


def test_columns_named_like_missing_facts_warn(policy: aturan.Policy) -> None:
    """` status` (a CSV written with `", "`), `Status` or `presensi.alpa_hri` would leave that
    fact missing in every row: a warning names them; the id column `nip` alone does not count as
    a declared fact."""
    frame = pd.DataFrame({"nip": ["1"], " status": ["PNS"], " presensi.alpa_hari": [3]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        policy.evaluate_many(frame, as_of=AS_OF)
    message = [str(w.message) for w in caught][0]
    assert message.startswith("the data has no column the policy declares as a fact"), message
    # Which columns were meant, when no column is right.
    assert "` status` (did you mean `status`?)" in message, message
    assert "` presensi.alpa_hari` (did you mean `presensi.alpa_hari`?)" in message, message
    frame = pd.DataFrame({"nip": ["1"], "Status": ["PNS"], "golongan": ["III/a"], "presensi.alpa_hri": [3]})
    for data in (frame, pa.Table.from_pandas(frame, preserve_index=False)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            policy.evaluate_many(data, as_of=AS_OF)
        messages = [str(w.message) for w in caught]
        assert len(messages) == 1, messages
        assert "`Status` (did you mean `status`?)" in messages[0]
        assert "`presensi.alpa_hri` (did you mean `presensi.alpa_hari`?)" in messages[0]


def test_flat_columns_named_as_sql_and_spreadsheets_name_them_warn(policy: aturan.Policy) -> None:
    """SQL has no dots in column names (`presensi_alpa_hari`), and spreadsheets change case: each
    is named with the column meant."""
    for name in ["presensi_alpa_hari", "presensi__alpa_hari", "Presensi.alpa_hari", "PRESENSI.ALPA_HARI"]:
        frame = pd.DataFrame({"nip": ["1"], "status": ["PNS"], name: [30]})
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            policy.evaluate_many(frame, as_of=AS_OF)
        messages = [str(w.message) for w in caught]
        assert any(f"`{name}` (did you mean `presensi.alpa_hari`?)" in m for m in messages), (name, messages)
    # Given rightly beside it, the fact is not missing, and nothing is said.
    frame = pd.DataFrame({"nip": ["1"], "status": ["PNS"], "presensi.alpa_hari": [3], "PRESENSI_ALPA_HARI": [3]})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        policy.evaluate_many(frame, as_of=AS_OF)
    assert not [str(w.message) for w in caught if "did you mean" in str(w.message)]


def test_a_csv_read_with_its_byte_order_mark_names_the_columns_it_spoils(policy: aturan.Policy, tmp_path: Any) -> None:
    """A CSV a spreadsheet wrote begins with a byte-order mark, which `encoding="utf-8"` (or
    Latin-1, as `ï»¿`) keeps in the first column's name: the id column then gives no ids, or that
    fact is missing in every row. Both are named, with the encoding to read it with."""
    path = tmp_path / "pegawai.csv"
    path.write_bytes("nip,status,presensi.alpa_hari\n1,PNS,3\n".encode("utf-8-sig"))
    # (pandas drops the mark from UTF-8 itself; `csv.DictReader` does not.)
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for frame in (pd.read_csv(path, encoding="latin-1", dtype=str), pd.DataFrame(rows), rows):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = policy.evaluate_many(frame, as_of=AS_OF)
        messages = [str(w.message) for w in caught]
        first = list(frame[0])[0] if isinstance(frame, list) else frame.columns[0]
        assert any(
            m.startswith(f"the data has no column `nip` (the id column) but has {first!r}, whose name begins with a byte-order mark (read the file with encoding=\"utf-8-sig\")")
            for m in messages
        ), messages
        assert result.column("nip").to_pylist() == [None]
        assert pd.read_csv(path, encoding="utf-8-sig").columns[0] == "nip"
    # The mark before a fact's name: that fact is named as the one meant.
    path.write_bytes("status,nip\nPNS,1\n".encode("utf-8-sig"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        policy.evaluate_many(pd.read_csv(path, encoding="latin-1", dtype=str), as_of=AS_OF)
    assert any(
        "`\u00ef\u00bb\u00bfstatus` (did you mean `status`?) (the first column's name begins with a byte-order mark: read the file with encoding=\"utf-8-sig\")"
        in str(w.message)
        for w in caught
    ), [str(w.message) for w in caught]


def test_keys_named_like_missing_facts_inside_nested_columns_are_warned_about(policy: aturan.Policy) -> None:
    """The same misspelt key inside `kinerja` as a list of dicts, a DataFrame and an Arrow table."""
    rows = []
    for case in CASES[:3]:
        row = copy.deepcopy(case["facts"])
        for k in row["kinerja"]:
            k["Tahun"] = k.pop("tahun")
        rows.append(row)
    for data in (rows, pd.DataFrame(rows), pa.Table.from_pylist(rows)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            policy.evaluate_many(data, as_of=AS_OF)
        messages = [str(w.message) for w in caught]
        assert any("`kinerja[0].Tahun` (did you mean `kinerja[0].tahun`?)" in m for m in messages), (type(data), messages)
    # Rightly named, nothing is said.
    clean = [copy.deepcopy(case["facts"]) for case in CASES[:3]]
    for data in (clean, pd.DataFrame(clean), pa.Table.from_pylist(clean)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            policy.evaluate_many(data, as_of=AS_OF)
        assert not [str(w.message) for w in caught if "did you mean" in str(w.message)], type(data)


def test_keys_named_like_missing_facts_in_dicts_are_warned_about(policy: aturan.Policy) -> None:
    row = copy.deepcopy(CASES[0]["facts"])
    row["presensi"]["alpa_hri"] = row["presensi"].pop("alpa_hari")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        policy.evaluate_many([row], as_of=AS_OF)
    messages = [str(w.message) for w in caught]
    assert any("`presensi.alpa_hri` (did you mean `presensi.alpa_hari`?)" in m for m in messages), messages


def test_a_key_misspelt_first_in_a_later_row_is_warned_about(policy: aturan.Policy) -> None:
    """A field misspelt only from row 150 on (another source joined in), in a list of dicts and
    in a DataFrame's nested column: said once, with the first row that gives it."""
    rows = [copy.deepcopy(CASES[i % len(CASES)]["facts"]) for i in range(300)]
    for row in rows[150:]:
        row["presensi"]["alpa_hri"] = row["presensi"].pop("alpa_hari")
    for data in (rows, pd.DataFrame(rows)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            table = policy.evaluate_many(data, as_of=AS_OF)
        assert table.num_rows == 300
        said = [str(w.message) for w in caught if "did you mean" in str(w.message)]
        assert len(said) == 1, (type(data), said)
        assert "`presensi.alpa_hri` (did you mean `presensi.alpa_hari`?) first in row 150" in said[0], said
    # Other keys the policy does not declare, in every row, are no misspelling.
    extra = [dict(copy.deepcopy(CASES[i % len(CASES)]["facts"]), nama="Budi", unit_kerja="BKPP") for i in range(300)]
    for row in extra:
        row["presensi"]["keterangan"] = "hadir"
    for data in (extra, pd.DataFrame(extra)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            policy.evaluate_many(data, as_of=AS_OF)
        assert not [str(w.message) for w in caught if "did you mean" in str(w.message)], type(data)


def test_dotted_keys_in_dicts_are_warned_about(policy: aturan.Policy) -> None:
    """`to_dict("records")` of a flat frame gives dicts with dotted keys, which are not nested."""
    flat = pd.json_normalize([copy.deepcopy(CASES[0]["facts"])], max_level=1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        policy.evaluate_many(flat.to_dict("records"), as_of=AS_OF)
    messages = [str(w.message) for w in caught]
    assert any("are not nested in a dict" in m and "`jabatan.jenis`" in m for m in messages), messages


def test_misused_arguments_are_refused_up_front(policy: aturan.Policy) -> None:
    rows = [c["facts"] for c in CASES[:1]]
    with pytest.raises(ValueError, match="id_column `sanction` has the name of a result column"):
        policy.evaluate_many([dict(rows[0], sanction="x")], as_of=AS_OF, id_column="sanction")
    # Bytes are no text, and say so.
    error = policy.evaluate_many([dict(rows[0], status=b"PNS")], as_of=AS_OF).column("error")[0].as_py()
    assert "found bytes b'PNS' (decode them to text first)" in error


def test_generator_input(policy: aturan.Policy) -> None:
    rows = [c["facts"] for c in CASES]
    table = policy.evaluate_many((r for r in rows), as_of=AS_OF)
    assert [table_row_shape(r) for r in table.to_pylist()] == single(policy, rows)


def test_result_columns_types(policy: aturan.Policy) -> None:
    table = policy.evaluate_many([c["facts"] for c in CASES], as_of=AS_OF)
    schema = table.schema
    assert schema.field("sanction").type == pa.string()
    assert schema.field("sanction_level").type == pa.string()
    assert schema.field("undetermined").type == pa.list_(pa.string())
    rewards = schema.field("rewards").type
    assert pa.types.is_list(rewards)
    assert [f.name for f in rewards.value_type] == ["code", "params"]
    levels = {r["sanction"]: r["sanction_level"] for r in table.to_pylist() if r["sanction"]}
    assert levels.get("teguran_lisan") == "ringan"
    for r in table.to_pylist():
        for item in r["rewards"] + r["promotions"] + r["notices"]:
            assert isinstance(json.loads(item["params"]), dict)


def test_id_column(policy: aturan.Policy) -> None:
    rows = [dict(c["facts"], pegawai_id=i) for i, c in enumerate(CASES)]
    table = policy.evaluate_many(rows, as_of=AS_OF, id_column="pegawai_id")
    assert table.column_names[0] == "pegawai_id"
    assert table.column("pegawai_id").to_pylist() == list(range(len(rows)))
    assert table.schema.field("pegawai_id").type == pa.int64()
    arrow = policy.evaluate_many(pa.Table.from_pylist(rows), as_of=AS_OF, id_column="pegawai_id")
    assert arrow.column("pegawai_id").to_pylist() == list(range(len(rows)))
    none = policy.evaluate_many(rows, as_of=AS_OF, id_column=None)
    assert none.column_names == RESULT_COLUMNS


def test_a_dataframe_id_column_of_mixed_values_keeps_missing_ids_missing(policy: aturan.Policy) -> None:
    facts = CASES[0]["facts"]
    frame = pd.DataFrame([dict(facts, nip=v) for v in ("a", 1, np.nan, None, 2**70)])
    frame.loc[3, "nip"] = pd.NA
    table = policy.evaluate_many(frame, as_of=AS_OF)
    assert table.column("nip").to_pylist() == ["a", "1", None, None, str(2**70)]


def test_the_default_id_column_absent_is_null(policy: aturan.Policy) -> None:
    rows = [{k: v for k, v in c["facts"].items() if k != "nip"} for c in CASES]
    for data in (rows, pa.Table.from_pylist(rows), pd.DataFrame(rows)):
        table = policy.evaluate_many(data, as_of=AS_OF)
        assert table.column("nip").null_count == table.num_rows


def test_an_id_column_the_data_lacks_is_an_error_not_a_column_of_nulls(policy: aturan.Policy) -> None:
    rows = [dict(c["facts"], pegawai_id=i) for i, c in enumerate(CASES)]
    for data in (rows, pa.Table.from_pylist(rows), pd.DataFrame(rows)):
        with pytest.raises(ValueError, match=r"id_column `pegawai_di` is not a column of the data; did you mean `pegawai_id`\?"):
            policy.evaluate_many(data, as_of=AS_OF, id_column="pegawai_di")


def test_a_dataframe_index_can_be_the_id(policy: aturan.Policy) -> None:
    rows = [dict(c["facts"], nip=f"{i:018d}") for i, c in enumerate(CASES)]
    expected = [r["nip"] for r in rows]
    indexed = pd.DataFrame(rows).set_index("nip")
    assert policy.evaluate_many(indexed, as_of=AS_OF).column("nip").to_pylist() == expected
    # Also when the frame goes through Arrow (flat dotted columns).
    flat = pd.json_normalize(rows).set_index("nip")
    assert any("." in c for c in flat.columns)
    table = policy.evaluate_many(flat, as_of=AS_OF)
    assert table.column("nip").to_pylist() == expected
    assert table.column("error").null_count == table.num_rows


def test_one_row_of_a_frame_is_refused_as_one_employee_and_a_series_of_dicts_is_many(policy: aturan.Policy) -> None:
    frame = pd.json_normalize([c["facts"] for c in CASES[:3]])
    with pytest.raises(TypeError, match=r"this Series is one row \(`frame.iloc\[0\]`\): use `evaluate` for one"):
        policy.evaluate_many(frame.iloc[0], as_of=AS_OF)
    many = pd.Series([c["facts"] for c in CASES[:3]])
    assert policy.evaluate_many(many, as_of=AS_OF).num_rows == 3


def test_an_id_column_of_floats_past_2_53_is_warned_about(policy: aturan.Policy) -> None:
    """An 18-digit NIP column with an empty cell is read by pandas as float64: digits lost."""
    rows = [copy.deepcopy(c["facts"]) for c in CASES[:3]]
    frame = pd.DataFrame(rows)
    frame["nip"] = [198101152000011001.0, None, 198101152000011002.0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        policy.evaluate_many(frame, as_of=AS_OF)
    messages = [str(w.message) for w in caught]
    assert any(m.startswith("the id column `nip` holds floating-point numbers past 2^53") for m in messages), messages
    # Small float ids lose nothing, and nothing is said of them.
    frame["nip"] = [1.0, None, 3.0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        policy.evaluate_many(frame, as_of=AS_OF)
    assert not [w for w in caught if "2^53" in str(w.message)]


def test_an_index_level_named_like_a_fact_is_that_fact(policy: aturan.Policy) -> None:
    """`set_index("golongan")` keeps golongan a fact on every path (columns or through Arrow)."""
    rows = [copy.deepcopy(c["facts"]) for c in CASES]
    expected = policy.evaluate_many(rows, as_of=AS_OF).drop(["nip"]).to_pylist()
    nested = pd.DataFrame(rows)
    for frame in (nested.set_index("golongan"), nested.set_index(["golongan", "nip"]), pd.json_normalize(rows).set_index("golongan")):
        got = policy.evaluate_many(frame, as_of=AS_OF)
        assert got.drop([c for c in got.column_names if c == "nip"]).to_pylist() == expected, frame.index.names


def test_a_bad_row_does_not_abort_the_batch(policy: aturan.Policy) -> None:
    rows = [copy.deepcopy(c["facts"]) for c in CASES[:3]]
    rows[1]["presensi"]["alpa_hari"] = -1
    rows[1]["nip"] = "199001012015011001"
    # Its empty outcome columns would count as "no sanction": the call says so.
    with pytest.warns(UserWarning, match=r"^1 of 3 rows could not be decided; .* \(the first, row 1 \(199001012015011001\): `presensi.alpa_hari`: expected an integer"):
        table = policy.evaluate_many(rows, as_of=AS_OF)
    errors = table.column("error").to_pylist()
    assert errors[0] is None and errors[2] is None
    assert errors[1] is not None and "presensi.alpa_hari" in errors[1]
    assert table.column("sanction").to_pylist()[1] is None
    assert table.column("rewards").to_pylist()[1] == []


def test_errors_raise(policy: aturan.Policy) -> None:
    rows = [copy.deepcopy(c["facts"]) for c in CASES[:3]]
    rows[2]["kinerja"][0]["nilai_skp"] = "abc"
    with pytest.raises(aturan.FactsError) as err:
        policy.evaluate_many(rows, as_of=AS_OF, errors="raise")
    assert err.value.row == 2
    assert err.value.row_id == rows[2]["nip"]
    assert "row 2" in str(err.value)
    assert any(i.path == "kinerja[0].nilai_skp" for i in err.value.issues)

    rows = [copy.deepcopy(c["facts"]) for c in CASES[:3]]
    rows[1]["presensi"]["alpa_hari"] = -1
    with pytest.raises(aturan.FactsError) as err:
        policy.evaluate_many(pa.Table.from_pylist(rows), as_of=AS_OF, errors="raise")
    assert err.value.row == 1
    assert any(i.path == "presensi.alpa_hari" for i in err.value.issues)


def test_bad_rows_of_wrong_python_types(policy: aturan.Policy) -> None:
    rows: List[Any] = [CASES[0]["facts"], "not a mapping", dict(CASES[0]["facts"], nama={1, 2})]
    table = policy.evaluate_many(rows, as_of=AS_OF)
    errors = table.column("error").to_pylist()
    assert errors[0] is None
    assert "mapping" in errors[1]
    assert "set" in errors[2] and "nama" in errors[2]


def test_a_bad_param_raises_for_the_whole_batch(policy: aturan.Policy) -> None:
    with pytest.raises(aturan.EvaluationError) as err:
        policy.evaluate_many([c["facts"] for c in CASES], as_of=AS_OF, params={"tidak_ada": 1})
    assert err.value.code == "param"
    # The same with no rows (an empty Dask or Spark partition): options are checked first.
    for empty in ([], pd.DataFrame(), pa.Table.from_pylist([{"nip": "1"}]).slice(0, 0)):
        with pytest.raises(aturan.EvaluationError) as err:
            policy.evaluate_many(empty, as_of=AS_OF, params={"tidak_ada": 1})
        assert err.value.code == "param"
        with pytest.raises(aturan.EvaluationError) as err:
            policy.evaluate_many(empty, as_of="1990-01-01")
        assert err.value.code == "option"


def test_explain_adds_a_text_column(policy: aturan.Policy) -> None:
    rows = [c["facts"] for c in CASES[:2]]
    table = policy.evaluate_many(rows, as_of=AS_OF, explain=True, lang="id")
    texts = table.column("explanation").to_pylist()
    assert texts == [policy.evaluate(r, as_of=AS_OF, explain=True, lang="id").explain() for r in rows]


def test_params_and_as_of_apply_to_every_row(policy: aturan.Policy) -> None:
    rows = [c["facts"] for c in CASES]
    table = policy.evaluate_many(rows, as_of=datetime.date(2025, 12, 31), params={"bonus_tpp_persen": 15})
    expected = [expect_shape(policy.evaluate(r, as_of=AS_OF, params={"bonus_tpp_persen": 15})) for r in rows]
    assert [table_row_shape(r) for r in table.to_pylist()] == expected


def test_empty_input_gives_an_empty_table(policy: aturan.Policy) -> None:
    table = policy.evaluate_many([], as_of=AS_OF)
    assert table.num_rows == 0
    assert table.column_names == ["nip"] + RESULT_COLUMNS
    arrow = pa.Table.from_pylist([c["facts"] for c in CASES]).slice(0, 0)
    assert policy.evaluate_many(arrow, as_of=AS_OF).num_rows == 0


def test_wrong_data_types(policy: aturan.Policy) -> None:
    with pytest.raises(TypeError, match="evaluate"):
        policy.evaluate_many(CASES[0]["facts"], as_of=AS_OF)
    with pytest.raises(TypeError):
        policy.evaluate_many(42, as_of=AS_OF)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="errors"):
        policy.evaluate_many([], errors="ignore")  # type: ignore[arg-type]


def test_unsupported_arrow_column(policy: aturan.Policy) -> None:
    rows = [c["facts"] for c in CASES[:2]]
    table = pa.Table.from_pylist(rows)
    # A column the policy does not read is never looked at, whatever its type.
    photos = table.append_column("foto", pa.array([b"\x00", b"\x01"], pa.binary()))
    assert policy.evaluate_many(photos, as_of=AS_OF).column("error").null_count == 2
    # A fact of a type that cannot be read is an error naming the column.
    binary_name = table.set_column(table.schema.get_field_index("nama"), "nama", pa.array([b"a", b"b"], pa.binary()))
    with pytest.raises(ValueError, match="nama"):
        policy.evaluate_many(binary_name, as_of=AS_OF)


def test_decimal_columns_are_exact(policy: aturan.Policy) -> None:
    rows = [copy.deepcopy(CASES[0]["facts"]) for _ in range(2)]
    rows[0]["kinerja"][1]["nilai_skp"] = Decimal("89.995")
    rows[1]["kinerja"][1]["nilai_skp"] = Decimal("90.000")
    table = policy.evaluate_many(pa.Table.from_pylist(rows), as_of=AS_OF)
    tpp = [json.loads(next(i["params"] for i in r["rewards"] if i["code"] == "tpp"))["persen"] for r in table.to_pylist()]
    assert tpp == [85, 100]


def test_timestamps_with_a_time_zone_are_read_as_their_local_date(policy: aturan.Policy) -> None:
    rows = [copy.deepcopy(c["facts"]) for c in CASES]
    frame = pd.DataFrame(rows)
    expected = policy.evaluate_many(frame, as_of=AS_OF).to_pylist()
    # Midnight in Jakarta is 17:00 the day before in UTC.
    frame["tmt_cpns"] = pd.to_datetime(frame["tmt_cpns"]).dt.tz_localize("Asia/Jakarta")
    table = pa.Table.from_pandas(frame)
    reader = pa.RecordBatchReader.from_batches(table.schema, table.to_batches())
    for data in (frame, table, table.to_batches()[0], reader):
        assert policy.evaluate_many(data, as_of=AS_OF).to_pylist() == expected


def test_a_table_without_any_declared_fact_warns(policy: aturan.Policy) -> None:
    """A CSV read without its header: every outcome would be undetermined, silently."""
    headless = pd.DataFrame([["198703152010011002", "PNS", "III/a"]] * 3)
    for data in (headless, pd.DataFrame({"NIP": ["1"], "Status": ["PNS"]}), pa.table({"x": [1, 2]})):
        with pytest.warns(UserWarning, match="no column the policy declares as a fact"):
            table = policy.evaluate_many(data, as_of=AS_OF)
        assert table.num_rows == len(data)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        policy.evaluate_many(pd.DataFrame([CASES[0]["facts"]]), as_of=AS_OF)
        policy.evaluate_many(pd.json_normalize([CASES[0]["facts"]], max_level=1), as_of=AS_OF)
        policy.evaluate_many(pd.DataFrame(columns=["x"]), as_of=AS_OF)


def test_a_column_name_given_twice_counts_once_the_first(policy: aturan.Policy) -> None:
    rows = [copy.deepcopy(c["facts"]) for c in CASES]
    expected = [table_row_shape(r) for r in policy.evaluate_many(rows, as_of=AS_OF).to_pylist()]
    table = pa.Table.from_pylist(rows)
    twice = table.append_column("nip", table.column("nip")).append_column("status", pa.array(["CPNS"] * len(rows)))
    frame = pd.concat([pd.DataFrame(rows), pd.DataFrame({"status": ["CPNS"] * len(rows)})], axis=1)
    assert list(frame.columns).count("status") == 2
    for data in (twice, frame):
        with pytest.warns(UserWarning, match=r"^columns given twice: (`nip`, )?`status`; the first of each is read"):
            result = policy.evaluate_many(data, as_of=AS_OF).to_pylist()
        assert [table_row_shape(r) for r in result] == expected


def test_flat_columns_beside_records_fill_them_without_changing_the_callers_rows(policy: aturan.Policy) -> None:
    # A mixed-type column keeps the frame from Arrow: its rows are read as dicts.
    base = copy.deepcopy(CASES[0]["facts"])
    presensi = dict(base["presensi"], alpa_hari=0)
    rows = [dict(base, presensi=presensi, nip=1), dict(base, presensi=presensi, nip="b")]
    frame = pd.DataFrame(rows)
    frame["presensi.alpa_hari"] = [12, None]
    before = copy.deepcopy(rows)
    table = policy.evaluate_many(frame, as_of=AS_OF)
    assert rows == before, "the caller's dicts are untouched"
    # The struct column comes first, so its 0 days count for both rows.
    assert table.column("sanction").to_pylist() == [None, None]
    # A flat column first, the record after: the record's other fields still count.
    flat_first = pd.DataFrame({"presensi.alpa_hari": [12, 0], **{k: [v, v] for k, v in base.items() if k != "presensi"}})
    flat_first["presensi"] = [dict(presensi), None]
    flat_first["nip"] = [1, "b"]
    got = policy.evaluate_many(flat_first, as_of=AS_OF).to_pylist()
    assert got[0]["sanction"] == "potong_tukin_25_6"
    assert "presensi.alpa_berturut_hari" not in got[0]["missing"]
    # A missing record is filled by its flat columns.
    assert "presensi.alpa_hari" not in got[1]["missing"]


def test_an_arrow_backed_id_column_in_several_chunks_is_carried_through(policy: aturan.Policy) -> None:
    facts = [dict(c["facts"], nip=f"{i:018d}") for i, c in enumerate(CASES)]
    halves = [pd.DataFrame(facts[:5]), pd.DataFrame(facts[5:])]
    for frame in halves:
        frame["nip"] = frame["nip"].astype("string[pyarrow]")
    joined = pd.concat(halves, ignore_index=True)
    table = policy.evaluate_many(joined, as_of=AS_OF)
    assert table.column("nip").to_pylist() == [f["nip"] for f in facts]


def test_as_of_nat_says_what_is_wrong(policy: aturan.Policy) -> None:
    with pytest.raises(ValueError, match="`as_of` is NaT"):
        policy.evaluate(CASES[0]["facts"], as_of=pd.NaT)


def test_zoned_timestamps_inside_records_and_lists_are_their_local_dates() -> None:
    p = aturan.Policy.from_source(
        'policy "P" version "1"\nfacts { hukdis: list of { akhir: date }\n tmt: date\n rec: optional { d: date } }\n'
        'rule r "R" source "S" when any(hukdis where akhir >= 2025-12-31) then notice n\n'
        'rule q "Q" source "S" when tmt == 2025-12-31 then notice m\n'
        'rule s "S" source "S" when rec.d == 2025-12-31 then notice o\n'
    )
    midnight = pd.Timestamp("2025-12-31", tz="Asia/Jakarta")
    rows = [
        {"hukdis": [{"akhir": midnight}], "tmt": midnight, "rec": {"d": midnight}},
        {"hukdis": [], "tmt": midnight, "rec": None},
        {"hukdis": None, "tmt": midnight, "rec": {"d": midnight}},
    ]
    expected = p.evaluate_many(rows, as_of=AS_OF).to_pylist()
    assert [len(r["notices"]) for r in expected] == [3, 1, 2]
    table = pa.Table.from_pylist(rows)
    for data in (table, pa.concat_tables([table.slice(1, 2), table])):
        got = p.evaluate_many(data, as_of=AS_OF).to_pylist()
        assert all(r["error"] is None for r in got), got
    got = p.evaluate_many(table, as_of=AS_OF).to_pylist()
    assert [r["notices"] for r in got] == [r["notices"] for r in expected]


def test_the_fallback_path_keeps_float32_precision_and_the_index_as_id() -> None:
    p = aturan.Policy.from_source(
        'policy "P" version "1"\nfacts { nip: text\n skor: decimal\n r: optional { b: int } }\n'
        'rule t "T" source "S" when skor > 89.995 then reward tinggi\n'
    )
    # A column mixing types keeps the frame from Arrow; dotted columns make it flat.
    frame = pd.DataFrame({"nip": ["1", "2"], "skor": np.array([89.995, 1], dtype=np.float32), "r.b": [1, 2], "kode": [1, "x"]})
    rows = p.evaluate_many(frame, as_of=AS_OF).to_pylist()
    assert [r["rewards"] for r in rows] == [[], []]
    indexed = p.evaluate_many(frame.set_index("nip"), as_of=AS_OF).to_pylist()
    assert [r["nip"] for r in indexed] == ["1", "2"]
    evenly = pd.DataFrame({"pid": [1, 2, 3], "skor": [1.0, 2.0, 3.0], "r.b": [1, 2, 3]}).set_index("pid")
    assert p.evaluate_many(evenly, as_of=AS_OF, id_column="pid").column("pid").to_pylist() == [1, 2, 3]


def test_a_missing_datetime64_of_any_unit_is_missing() -> None:
    p = aturan.Policy.from_source('policy "P" version "1"\nfacts { tgl: optional date }\nrule t "T" source "S" when tgl is absent then notice kosong\n')
    for unit in ("D", "M", "Y", "W", "ns"):
        assert p.evaluate({"tgl": np.datetime64("NaT", unit)}, as_of=AS_OF).notices, unit


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="the platform has no fork()")
def test_a_forked_child_evaluates_batches_after_its_parent_did(
    policy: aturan.Policy, people: List[Dict[str, Any]]
) -> None:
    # multiprocessing's default on Linux, and gunicorn --preload: the child inherits a thread
    # pool without its threads. It must make its own, not wait forever.
    import os
    import time

    expected = policy.evaluate_many(people[:50], as_of=AS_OF).column("sanction").to_pylist()
    pid = os.fork()
    if pid == 0:  # the child: exits with 0 when its decisions are the parent's
        code = 1
        try:
            for data in (people[:50], pa.Table.from_pylist(people[:50])):
                got = policy.evaluate_many(data, as_of=AS_OF).column("sanction").to_pylist()
                if got != expected:
                    break
            else:
                code = 0
        finally:
            os._exit(code)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            assert os.waitstatus_to_exitcode(status) == 0
            return
        time.sleep(0.05)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    pytest.fail("evaluate_many in the forked child did not return within 60 s")


def test_several_sanctions_in_one_row_are_said_not_dropped_silently() -> None:
    policy = aturan.Policy.from_source(
        'policy "S" version "1"\nfacts { x: int }\n'
        'rule a "A" source "S" when x > 1 then sanction teguran_lisan\n'
        'rule b "B" source "S" when x > 2 then sanction teguran_tertulis\n'
    )
    assert [d.code for d in policy.check()] == ["sanctions-combined"]
    with pytest.warns(UserWarning, match=r"1 employee\(s\) have more than one sanction imposed"):
        table = policy.evaluate_many([{"x": 5}, {"x": 2}], as_of="2025-12-31")
    assert table.column("sanction").to_pylist() == ["teguran_lisan", "teguran_lisan"]
    both = [o["code"] for o in policy.evaluate({"x": 5}, as_of="2025-12-31").to_dict()["outcomes"]]
    assert both == ["teguran_lisan", "teguran_tertulis"]


def test_an_arrow_backed_frame_is_read_through_arrow_and_decides_as_the_numpy_one(
    policy: aturan.Policy, people: List[Dict[str, Any]]
) -> None:
    """`pd.read_parquet(..., dtype_backend="pyarrow")`: the same decisions as the frame with
    numpy types, and ids of one Arrow type (`string`) whichever library the frame came from."""
    rows = [dict(copy.deepcopy(p), nip=f"19700101199003{i:04d}") for i, p in enumerate(people)]
    plain = pd.DataFrame(rows)
    backed = pa.Table.from_pylist(rows).to_pandas(types_mapper=pd.ArrowDtype)
    a = policy.evaluate_many(plain, as_of=AS_OF)
    b = policy.evaluate_many(backed, as_of=AS_OF)
    assert b.drop_columns(["nip"]).to_pylist() == a.drop_columns(["nip"]).to_pylist()
    assert a.schema.field("nip").type == pa.string() == b.schema.field("nip").type
    assert b.column("nip").to_pylist() == [r["nip"] for r in rows]


def test_ids_given_twice_are_warned_about(policy: aturan.Policy, people: List[Dict[str, Any]]) -> None:
    """A NIP twice (an export with a repeated row): each row is decided, and the warning says a
    join on the ids gives more rows than there are employees."""
    rows = [dict(copy.deepcopy(p), nip=f"19700101199003{i:04d}") for i, p in enumerate(people)]
    rows.append(dict(copy.deepcopy(rows[0])))
    for data in (rows, pd.DataFrame(rows), pa.Table.from_pylist(rows)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            table = policy.evaluate_many(data, as_of=AS_OF)
        assert table.num_rows == len(rows)
        said = [str(w.message) for w in caught if "repeat an id" in str(w.message)]
        assert said == [
            f"1 row(s) repeat an id of `nip` given to an earlier row (the first: {rows[0]['nip']}): each is decided, "
            "and a join of the result on `nip` gives more rows than there are employees"
        ], (type(data), said)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        policy.evaluate_many(rows[:-1], as_of=AS_OF)
    assert not [w for w in caught if "repeat an id" in str(w.message)]


def test_polars_frames_are_read_and_chunks_of_frames_are_refused(
    policy: aturan.Policy, people: List[Dict[str, Any]]
) -> None:
    pl = pytest.importorskip("polars")
    rows = [dict(copy.deepcopy(p), nip=f"19700101199003{i:04d}") for i, p in enumerate(people)]
    frame = pl.from_arrow(pa.Table.from_pylist(rows))
    table = policy.evaluate_many(frame, as_of=AS_OF)
    assert table.drop_columns(["nip"]).to_pylist() == policy.evaluate_many(rows, as_of=AS_OF).drop_columns(["nip"]).to_pylist()
    # polars hands text over as `string_view`: the result's ids are `string`, to join on.
    assert table.schema.field("nip").type == pa.string()
    joined = pa.Table.from_pylist(rows).select(["nip"]).join(table.select(["nip", "sanction"]), "nip")
    assert joined.num_rows == len(rows)
    # Chunks (`iter_slices`, a list of frames, `read_csv(chunksize=…)`) were each read as one
    # employee, a row of errors: refused, with the two ways to go on.
    for chunks in (list(frame.iter_slices(2)), iter([plain := pd.DataFrame(rows[:2]), plain])):
        with pytest.raises(TypeError, match=r"these are tables .*evaluate each chunk"):
            policy.evaluate_many(chunks, as_of=AS_OF)
    # Rows of a frame (Series, which hand over Arrow data too) are employees, not chunks.
    assert policy.evaluate_many([plain.iloc[0], plain.iloc[1]], as_of=AS_OF).num_rows == 2
    # One employee's `evaluate` given a frame, and a lazy frame not collected.
    with pytest.raises(TypeError, match=r"this is a table \(`DataFrame`\).*named=True"):
        policy.evaluate(frame.head(1), as_of=AS_OF)
    with pytest.raises(TypeError, match=r"collect it first"):
        policy.evaluate_many(frame.lazy(), as_of=AS_OF)


def test_float32_inside_lists_of_an_arrow_backed_frame_keeps_its_precision() -> None:
    """A Parquet file read by pandas with Arrow types decides as the Arrow table itself does:
    80.1 as float32 inside a list of records is 80.1, not the 80.09999847 it widens to."""
    policy = aturan.Policy.from_source(
        'policy "F"\nfacts { kinerja: list of { nilai_skp: decimal } }\n'
        'rule r "R" source "S" when any(kinerja where nilai_skp >= 80.1) then reward tinggi\n'
    )
    kind = pa.list_(pa.struct([("nilai_skp", pa.float32())]))
    table = pa.table({"kinerja": pa.array([[{"nilai_skp": 80.1}], [{"nilai_skp": 80.0}], None], kind)})
    expected = [["tinggi"], [], []]
    for data in (table, table.to_pandas(types_mapper=pd.ArrowDtype)):
        rewards = policy.evaluate_many(data, as_of=AS_OF).column("rewards").to_pylist()
        assert [[r["code"] for r in row] for row in rewards] == expected


def test_a_record_a_flat_frame_lacks_is_missing_as_a_whole(policy: aturan.Policy) -> None:
    """`json_normalize` writes a record the row lacks as NaN in each of its columns: missing as
    `presensi`, as `evaluate` reports it for the row as a dict, not as one of its fields."""
    rows = [copy.deepcopy(c["facts"]) for c in CASES[:2]]
    del rows[1]["presensi"]
    flat = pd.json_normalize(rows)
    assert "presensi.tahun" in flat.columns
    table = policy.evaluate_many(flat, as_of=AS_OF).to_pylist()
    assert [table_row_shape(r) for r in table] == single(policy, rows)
    assert any("presensi" in m for m in table[1]["missing"]), table[1]["missing"]
    assert not any(m.startswith("presensi.") for m in table[1]["missing"]), table[1]["missing"]


def test_ids_json_cannot_hold_are_carried_as_text_and_no_id_is_a_text_column(policy: aturan.Policy) -> None:
    import uuid

    rows = [dict(copy.deepcopy(c["facts"]), pegawai_id=uuid.UUID(int=i + 1)) for i, c in enumerate(CASES[:3])]
    expected = [str(r["pegawai_id"]) for r in rows]
    for data in (rows, pd.DataFrame(rows)):
        ids = policy.evaluate_many(data, as_of=AS_OF, id_column="pegawai_id").column("pegawai_id")
        assert ids.to_pylist() == expected
    # An empty frame (Dask's meta) or one without any id: a text column, as the ids would be.
    frame = pd.DataFrame(rows).astype({"nip": object})
    for data in (frame.iloc[:0], frame.assign(nip=None)):
        assert policy.evaluate_many(data, as_of=AS_OF).schema.field("nip").type == pa.string()


def test_an_arrow_column_of_bytes_or_durations_says_what_to_give(policy: aturan.Policy) -> None:
    """Bytes (old Parquet writers' text) and durations cannot be facts: the error names the
    column and the way to give it."""
    for column, says in (
        (pa.array([b"PNS"], pa.binary()), r"decode the bytes to text first \(`table.column\(name\).cast\(pa.string\(\)\)`"),
        (pa.array([1], pa.duration("s")), "give the number of days"),
    ):
        with pytest.raises(ValueError, match=says) as err:
            policy.evaluate_many(pa.table({"nip": ["1"], "status": column}), as_of=AS_OF)
        assert "`status`" in str(err.value)
    # Decoded, it reads.
    table = pa.table({"nip": ["1"], "status": pa.array([b"PNS"], pa.binary()).cast(pa.string())})
    assert policy.evaluate_many(table, as_of=AS_OF).column("error").to_pylist() == [None]


ABSENT_RECORD = aturan.Policy.from_source(
    """policy "Demo" version "1"
facts {
  nip: text
  presensi: optional { tahun: int, alpa_hari: int }
}
rule minta "Tanpa presensi" source "S" when presensi is absent then notice minta_presensi
rule alpa "Alpa" source "S" when presensi.alpa_hari >= 3 then notice alpa
"""
)


def test_a_record_whose_flat_columns_are_all_empty_is_missing_on_every_path() -> None:
    """`pandas.json_normalize` writes a record the row lacks as empty flat columns: from a list of
    dicts, a DataFrame, an Arrow table (with or without the record's own column) and one row of
    the frame, the record is missing as a whole (`presensi`, not `presensi.alpa_hari`)."""
    rows = [{"nip": "1", "presensi": {"tahun": 2025, "alpa_hari": 3}}, {"nip": "2"}]
    flat = pd.json_normalize(rows)
    assert list(flat.columns) == ["nip", "presensi.tahun", "presensi.alpa_hari"]
    merged = pa.table(
        {
            "nip": ["1", "2"],
            "presensi": pa.array([{"tahun": 2025}, None], pa.struct([("tahun", pa.int64())])),
            "presensi.alpa_hari": pa.array([3, None], pa.int64()),
        }
    )
    for data in (rows, flat, pa.Table.from_pandas(flat, preserve_index=False), merged):
        result = ABSENT_RECORD.evaluate_many(data, as_of=AS_OF).to_pylist()
        assert [[n["code"] for n in r["notices"]] for r in result] == [["alpa"], ["minta_presensi"]], type(data)
        assert result[1]["missing"] == ["presensi"], type(data)
    one = ABSENT_RECORD.evaluate(flat.iloc[1], as_of=AS_OF)
    assert [n.code for n in one.notices] == ["minta_presensi"]
    # A record with one flat column given is there, its other field missing.
    partly = pa.table({"nip": ["3"], "presensi.tahun": [2025], "presensi.alpa_hari": pa.array([None], pa.int64())})
    result = ABSENT_RECORD.evaluate_many(partly, as_of=AS_OF).to_pylist()[0]
    assert result["notices"] == [] and result["missing"] == ["presensi.alpa_hari"]


def test_a_flat_column_beside_a_record_column_giving_the_same_field_is_warned(policy: aturan.Policy) -> None:
    """A corrected `presensi.alpa_hari` added after a `presensi` column that has `alpa_hari` is not
    read where both hold a value: said, naming both columns and the one that counts."""
    frame = pd.DataFrame([dict(copy.deepcopy(c["facts"]), nip=f"19870315201001100{i}") for i, c in enumerate(CASES[:2])])
    frame["presensi.alpa_hari"] = 30
    with pytest.warns(UserWarning, match=r"`presensi` and `presensi\.alpa_hari` both give .*first \(`presensi`\) counts"):
        policy.evaluate_many(frame, as_of=AS_OF)
    # The flat column giving a field the record column lacks is no overlap.
    rows = [dict(copy.deepcopy(c["facts"]), nip=f"19870315201001100{i}") for i, c in enumerate(CASES[:2])]
    alpa = [r["presensi"].pop("alpa_hari") for r in rows]
    table = pa.Table.from_pylist(rows).append_column("presensi.alpa_hari", pa.array(alpa, pa.int64()))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        policy.evaluate_many(table, as_of=AS_OF)


def test_a_categorical_id_column_comes_back_as_text(policy: aturan.Policy) -> None:
    """A pandas `category` column of NIPs is carried through as `string`, so that the result
    joins with another Arrow table on it."""
    facts = [dict(copy.deepcopy(c["facts"]), nip=f"19870315201001100{i}") for i, c in enumerate(CASES[:3])]
    frame = pd.DataFrame(facts)
    frame["nip"] = frame["nip"].astype("category")
    result = policy.evaluate_many(frame, as_of=AS_OF)
    assert result.schema.field("nip").type == pa.string()
    assert result.column("nip").to_pylist() == [f["nip"] for f in facts]
    joined = result.select(["nip", "sanction"]).join(pa.table({"nip": [f["nip"] for f in facts], "u": [1, 2, 3]}), "nip")
    assert joined.num_rows == 3


def test_evaluate_many_without_as_of_says_it_decides_as_of_today(policy: aturan.Policy) -> None:
    today = datetime.date.today().isoformat()
    with pytest.warns(UserWarning, match=f"as_of not given: deciding as of today, {today}"):
        policy.evaluate_many([CASES[0]["facts"]])
    with pytest.warns(UserWarning, match=f"as_of tidak diberikan: diputuskan per hari ini, {today}"):
        policy.evaluate_many([CASES[0]["facts"]], lang="id")


def test_rows_without_an_id_are_counted_in_a_warning(policy: aturan.Policy) -> None:
    """Rows whose id is missing (None, NaN, an empty text) are decided, but cannot be joined back:
    said once, with their count and the first, and not taken for ids that repeat."""
    rows = [dict(copy.deepcopy(c["facts"]), nip=nip) for c, nip in zip(CASES[:4], ["1987A", None, "", "1987B"])]
    with pytest.warns(UserWarning, match=r"2 row\(s\) have no `nip` \(the first: row 1\)") as caught:
        result = policy.evaluate_many(rows, as_of=AS_OF)
    assert not [w for w in caught if "repeat an id" in str(w.message)]
    assert result.num_rows == 4
