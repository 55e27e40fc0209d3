"""How `Policy.evaluate_many` reads data that is not a plain list.

A pandas DataFrame is read column by column: the columns the policy declares become Python lists
(`Series.tolist()`), and the rows are read from them as from dicts, exactly as `evaluate` reads a
row. Flat dotted columns (`presensi.alpa_hari`) that name declared fields are nested into one
record per row; a name given twice counts once (the first column). A column whose name is not
text names no fact and is left out. Timestamps with a time zone are read as the wall time in their zone. Arrow data
whose buffers are not aligned for their types (as after unpickling a partition on a Dask worker)
is copied into aligned memory first, as the Arrow C data interface requires. Any other iterable
is read as an iterable of mappings, or of Arrow record batches or tables (read as one table);
tuples and arrays (`iterrows()`, `itertuples()`, `frame.values`) are refused with a hint.
"""

from __future__ import annotations

import difflib
import importlib
import sys
import warnings
from collections.abc import Iterable, Mapping
from typing import Any, List


def frame_columns(data: Any, declared: Mapping[str, Any], id_column: Any) -> Any:
    """For a pandas DataFrame with text column names: its number of rows, its number of fields,
    the declared fields it has as lists of Python values, its id column as an Arrow array (None
    without one), and its column names as given (a name given twice is there twice). None for
    anything else.

    `declared` maps each declared fact to the mapping of its fields for a record, to None
    otherwise. Flat dotted columns (`presensi.alpa_hari`, as `pandas.json_normalize` makes them)
    that name a declared field of a declared record are nested into one record per row; other
    dotted columns are extra fields, ignored. A name given twice: the first column counts. An index
    level named like a declared fact is read as that fact."""
    pd: Any = sys.modules.get("pandas")
    if pd is None or not isinstance(data, pd.DataFrame):
        return None
    if any(not isinstance(n, str) for n in data.columns):
        # A column whose name is not text (`df[0] = …`, a tuple of a MultiIndex) names no fact:
        # an extra field, left out, so that the declared ones read as they do without it.
        data = data.loc[:, [isinstance(n, str) for n in data.columns]]
    # An index level named like a declared fact (`set_index("golongan")`) is that fact, as it is
    # on every other path: a column again.
    facts_in_index = [n for n in data.index.names if isinstance(n, str) and n in declared and n not in data.columns]
    if facts_in_index:
        data = data.reset_index(level=facts_in_index)
    table = _arrow_frame(pd, data, declared)
    if table is not None:
        return table
    given = list(data.columns)
    if not data.columns.is_unique:
        data = data.loc[:, ~data.columns.duplicated()]
    names = list(data.columns)
    columns = {name: _values(data[name]) for name in names if name in declared}
    groups: dict = {}
    for name in names:
        top, dot, _ = name.partition(".")
        if dot and _declared_path(declared, name.split(".")):
            groups.setdefault(top, []).append(name)
    for top, flat in groups.items():
        _warn_overlap(names, top, flat, columns.get(top))
        columns[top] = _records(data, top, flat, columns.get(top))
    ids = None
    index_names = [n for n in data.index.names if isinstance(n, str)]
    if isinstance(id_column, str):
        check_id(id_column, names + index_names, stacklevel=3)
    if isinstance(id_column, str) and (id_column in data.columns or id_column in index_names):
        # A column, or the index (`set_index("nip")`).
        values = data[id_column] if id_column in data.columns else data.index.get_level_values(id_column)
        pa = importlib.import_module("pyarrow")
        try:
            ids = pa.Array.from_pandas(values)
            if isinstance(ids, pa.ChunkedArray):  # an Arrow-backed column (pandas 3 `str`, `concat`)
                ids = ids.combine_chunks()
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, OverflowError, TypeError):
            ids = None  # mixed types, or an int beyond 64 bits
        kind = None if ids is None else ids.type
        if kind is None or isinstance(kind, pa.BaseExtensionType) or pa.types.is_null(kind) or pa.types.is_binary(kind) or pa.types.is_fixed_size_binary(kind):
            # As text, with missing ids (None, NaN, NA) kept missing: mixed types; no id at all
            # (an empty frame, as Dask's meta is), as ids in an object column are; ids as bytes
            # (`uuid.UUID`), as in a list of dicts.
            ids = pa.array([None if _missing(pd, v) else str(v) for v in values.tolist()], pa.string())
    width = len({n.partition(".")[0] for n in names})
    return len(data), width, columns, ids, given


def _arrow_frame(pd: Any, data: Any, declared: Mapping[str, Any]) -> Any:
    """An Arrow-backed frame (`dtype_backend="pyarrow"`, `types_mapper=pd.ArrowDtype`) as the
    Arrow table it holds, read as Arrow is rather than as Python values (six times as fast with
    nested columns); None for any other frame, and for one whose declared columns are flat dotted
    names or not all Arrow-backed."""
    if not data.columns.is_unique:
        return None
    mine = [n for n in data.columns if n.partition(".")[0] in declared]
    if not mine or any("." in n for n in mine) or not all(isinstance(data[n].dtype, pd.ArrowDtype) for n in mine):
        return None
    pa = importlib.import_module("pyarrow")
    try:
        table = pa.Table.from_pandas(data)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError, ValueError):
        return None
    return _aligned(pa, _local_times(pa, table))


def _declared_path(declared: Mapping[str, Any], path: List[str]) -> bool:
    """Whether `a.b.c` names a field declared inside declared records."""
    at: Any = declared
    for part in path[:-1]:
        at = at.get(part) if isinstance(at, Mapping) else None
        if not isinstance(at, Mapping):
            return False
    return isinstance(at, Mapping) and path[-1] in at


def _records(data: Any, top: str, flat: List[str], whole: Any) -> List[Any]:
    """The record `top` of every row, from its flat dotted columns (and the column `top` itself,
    when the frame has one too), as `_nested` nests a row."""
    values = [_values(data[name]) for name in flat]
    simple = whole is None and all(name.count(".") == 1 for name in flat)
    if simple:
        keys = [name.partition(".")[2] for name in flat]
        return [_given(dict(zip(keys, row))) for row in zip(*values)]
    # The columns in the frame's order, so that the first one given counts.
    order = [name for name in data.columns if name == top or name in flat]
    lists = {name: values[flat.index(name)] if name in flat else whole for name in order}
    out = []
    for i in range(len(data)):
        row = _nested({name: lists[name][i] for name in order})
        record = row.get(top)
        given = whole is not None and not (whole[i] is None or _is_nan(whole[i]))
        out.append(record if given else _given(record))
    return out


def _warn_overlap(names: List[str], top: str, flat: List[str], whole: Any) -> None:
    """Warns when a flat column (`presensi.alpa_hari`) gives a field that the record column
    beside it (`presensi`, whose first record has `alpa_hari`) gives too: where both hold a value,
    the column that comes first counts (as the Arrow reader says for a struct column)."""
    first = next((v for v in whole or [] if isinstance(v, Mapping)), None)
    if first is None:
        return
    for name in flat:
        at: Any = first
        for part in name.split(".")[1:]:
            at = at.get(part) if isinstance(at, Mapping) and part in at else _ABSENT
        if at is not _ABSENT:
            counts = name if names.index(name) < names.index(top) else top
            warnings.warn(
                f"the columns `{top}` and `{name}` both give `{name}`: where both hold a value, the column that "
                f"comes first (`{counts}`) counts and the other is not read; drop one of them",
                UserWarning,
                stacklevel=3,
            )
            return


_ABSENT = object()


def _given(record: Any) -> Any:
    """A record built from flat columns, or None when none of them holds a value: a record the
    row lacks (`pandas.json_normalize` gives it as NaN in each of its columns), missing as a
    whole, as it is when the row is read as a dict (`presensi` missing, not `presensi.tahun`)."""

    def empty(value: Any) -> bool:
        if isinstance(value, Mapping):
            return all(empty(v) for v in value.values())
        # NaN as a numpy float32 too (a narrow float column's missing value).
        return value is None or _is_nan(value) or (getattr(value, "dtype", None) is not None and value != value)

    return None if isinstance(record, Mapping) and empty(record) else record


DEFAULT_ID = "nip"


_MARKS = ("\ufeff", "\u00ef\u00bb\u00bf")


def _bare_name(name: str) -> str:
    """A column name without what a file or a spreadsheet adds to it: a byte-order mark (also
    as Latin-1 reads it, `ï»¿`), spaces, and case."""
    name = name.strip()
    for mark in _MARKS:
        name = name.removeprefix(mark)
    return name.strip().lower()


def check_id(id_column: Any, names: List[Any], stacklevel: int = 2) -> None:
    """Raises when `id_column`, chosen by the caller (not the default `nip`, which data may well
    not have), names none of the data's columns: a misspelt id would give a column of nulls, and
    results that can no longer be joined back. Data without `nip` but with a column named like it
    (`\ufeffnip` from a CSV with a byte-order mark, `NIP`) gets a warning: its ids would be null."""
    if not isinstance(id_column, str) or id_column in names:
        return
    if id_column == DEFAULT_ID:
        like = [n for n in names if isinstance(n, str) and _bare_name(n) == DEFAULT_ID]
        if like:
            name = like[0]
            marked = name.strip().startswith(_MARKS)
            mark = ", whose name begins with a byte-order mark (read the file with encoding=\"utf-8-sig\")" if marked else ""
            warnings.warn(
                f"the data has no column `{DEFAULT_ID}` (the id column) but has {name!r}{mark}: the result's "
                f"`{DEFAULT_ID}` is empty; rename the column, or give id_column={name!r}",
                UserWarning,
                stacklevel=stacklevel,
            )
        return
    texts = [n for n in names if isinstance(n, str)]
    close = difflib.get_close_matches(id_column, texts, n=1) or [n for n in texts if n.lower() == id_column.lower()]
    hint = f"; did you mean `{close[0]}`?" if close else ""
    raise ValueError(
        f"id_column `{id_column}` is not a column of the data{hint} (id_column=None leaves the id column out)"
    )


def _narrow_float(column: Any) -> bool:
    dtype = getattr(column.dtype, "numpy_dtype", column.dtype)
    return getattr(dtype, "kind", None) == "f" and getattr(dtype, "itemsize", 8) < 8


def _values(column: Any) -> List[Any]:
    """A column's values as a list: Python values, except that float32 and float16 values stay
    numpy scalars, read at their own precision (89.995 as float32 is 89.995, as it reads from
    Arrow, not the 89.99500274658203 it widens to as a Python float)."""
    dtype = getattr(column.dtype, "numpy_dtype", column.dtype)
    if _narrow_float(column):
        # numpy scalars of the column's own precision (also from nullable and Arrow-backed
        # columns, whose values iterate as Python floats); a missing value is NaN.
        return list(column.to_numpy(dtype=dtype, na_value=float("nan")))
    if _midnight_dates(column):
        # A datetime64 column of days (as `parse_dates` gives): each as its ISO day, which reads
        # as the Timestamp at midnight does, without making a Timestamp per value.
        days = column.to_numpy().astype("datetime64[D]")
        return [None if text == "NaT" else text for text in days.astype(str).tolist()]
    kind = getattr(column.dtype, "pyarrow_dtype", None)
    if kind is not None and _nested_narrow(kind):
        # Arrow-backed lists and records holding float32: each value as its own precision
        # writes it (Arrow writes a float32 as text at that precision), then as a Python float.
        pa = importlib.import_module("pyarrow")
        try:
            array = pa.array(column)
            wide = array.cast(_swap_narrow(pa, kind, pa.string())).cast(_swap_narrow(pa, kind, pa.float64()))
            return wide.to_pylist()  # type: ignore[no-any-return]
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
            pass
    return column.tolist()  # type: ignore[no-any-return]


def _midnight_dates(column: Any) -> bool:
    """Whether a column is numpy `datetime64`, of any unit and without a time zone, whose values
    are all at midnight of a day of the years 1 to 9999, or missing."""
    np = importlib.import_module("numpy")
    if not isinstance(column.dtype, np.dtype) or column.dtype.kind != "M":
        return False
    values = column.to_numpy()
    known = values[~np.isnat(values)]
    days = known.astype("datetime64[D]")
    if not bool((known == days).all()):
        return False
    return len(days) == 0 or bool(days.min() >= np.datetime64("0001-01-01") and days.max() <= np.datetime64("9999-12-31"))


def _nested_narrow(kind: Any) -> bool:
    """Whether an Arrow list or record type holds float32 or float16 values."""
    pa = importlib.import_module("pyarrow")
    return bool(_swap_narrow(pa, kind, pa.float64()) != kind)


def _swap_narrow(pa: Any, kind: Any, to: Any) -> Any:
    """`kind` with its float32 and float16 values, inside records and lists, typed `to`."""
    if pa.types.is_float32(kind) or pa.types.is_float16(kind):
        return to
    if pa.types.is_struct(kind):
        fields = [kind.field(i) for i in range(kind.num_fields)]
        return pa.struct([pa.field(f.name, _swap_narrow(pa, f.type, to), f.nullable) for f in fields])
    if pa.types.is_large_list(kind):
        return pa.large_list(_swap_narrow(pa, kind.value_type, to))
    if pa.types.is_list(kind):
        return pa.list_(_swap_narrow(pa, kind.value_type, to))
    return kind


def one_employee(facts: Any) -> None:
    """Raises `TypeError` when `evaluate` is given many employees, or a table of one, in place of
    one employee's facts: a calling mistake, not wrong facts (which would be a `FactsError`)."""
    pd: Any = sys.modules.get("pandas")
    pa: Any = sys.modules.get("pyarrow")
    hint = None
    if pd is not None and isinstance(facts, pd.DataFrame):
        hint = f"this is a DataFrame of {len(facts)} row(s): give one row, `frame.iloc[0]`"
    elif pa is not None and isinstance(facts, (pa.Table, pa.RecordBatch, pa.RecordBatchReader)):
        hint = f"this is an Arrow {type(facts).__name__}: give one row as a dict, `table.slice(0, 1).to_pylist()[0]`"
    elif hasattr(facts, "__arrow_c_stream__") and not isinstance(facts, Mapping) and not _is_series(pd, facts):
        hint = (
            f"this is a table (`{type(facts).__name__}`): give one row as a dict "
            "(`frame.row(0, named=True)` in polars)"
        )
    elif isinstance(facts, tuple) and hasattr(facts, "_fields"):
        hint = "this is a row of `frame.itertuples()`, without its nested fields' names: give `frame.iloc[i]`"
    elif isinstance(facts, (list, tuple)) and facts and all(isinstance(x, Mapping) for x in facts):
        hint = f"this is a list of {len(facts)} employee(s)"
    if hint is not None:
        raise TypeError(f"`evaluate` takes one employee's facts (a mapping); {hint}, or use `evaluate_many` for many")
    # An object of the caller's that holds the facts (a pydantic model, a dataclass): a calling
    # mistake too, not facts that are wrong (a service would answer its client 422 for them).
    name = type(facts).__name__
    if not isinstance(facts, Mapping) and callable(getattr(facts, "model_dump", None)):
        raise TypeError(f"`evaluate` takes one employee's facts as a mapping; `{name}` is a pydantic model: give `facts.model_dump()`")
    if not isinstance(facts, (Mapping, type)) and hasattr(facts, "__dataclass_fields__"):
        raise TypeError(f"`evaluate` takes one employee's facts as a mapping; `{name}` is a dataclass: give `dataclasses.asdict(facts)`")


def _is_series(pd: Any, value: Any) -> bool:
    """A pandas Series: one row of a frame (`frame.iloc[0]`), so one employee, though it hands
    over Arrow data as a table does."""
    return pd is not None and isinstance(value, pd.Series)


def prepare(data: Any) -> Any:
    pa: Any = sys.modules.get("pyarrow")
    pd: Any = sys.modules.get("pandas")
    if pa is not None and isinstance(data, (pa.Table, pa.RecordBatch)):
        return _aligned(pa, _local_times(pa, data))
    if pd is not None and isinstance(data, pd.Series):
        # A Series of mappings (`frame.apply(..., axis=1)`) is many employees; any other Series
        # is one row of a frame (`frame.iloc[0]`), whose Arrow form is no table of employees.
        values = data.tolist()
        if all(isinstance(v, Mapping) for v in values):
            return values
        raise TypeError(
            "`evaluate_many` takes many employees, and this Series is one row (`frame.iloc[0]`): "
            "use `evaluate` for one, or give the frame (`frame.iloc[[0]]`)"
        )
    if hasattr(data, "__arrow_c_stream__"):
        # A stream (`RecordBatchReader`, a DuckDB or Polars result) is read whole, as a table is,
        # so that its zoned timestamps are read as local times there too.
        from_stream = getattr(getattr(pa, "RecordBatchReader", None), "from_stream", None)
        if from_stream is None:
            return data
        reader = data if isinstance(data, pa.RecordBatchReader) else from_stream(data)
        if not _has_zone(pa, pa.struct(list(reader.schema))):
            return reader
        return _aligned(pa, _local_times(pa, reader.read_all()))
    if isinstance(data, Mapping):
        raise TypeError(
            "`evaluate_many` takes many employees (a list of mappings, a DataFrame or an Arrow "
            "table); use `evaluate` for one"
        )
    if isinstance(data, (str, bytes)) or not isinstance(data, Iterable):
        name = type(data).__name__
        # A table not read yet: what gives it.
        hint = {
            "LazyFrame": "; collect it first: `lazy.collect()`",
            "FileSystemDataset": "; read it first: `dataset.to_table()`",
            "Dataset": "; read it first: `dataset.to_table()`",
            "Scanner": "; read it first: `scanner.to_table()`",
        }.get(name, "")
        raise TypeError(
            "`data` must be a list of mappings, a pandas or polars DataFrame, or an Arrow table "
            f"(anything with `__arrow_c_stream__`), found `{name}`{hint}"
        )
    items = list(data)
    if not items or any(isinstance(x, Mapping) for x in items):
        return items
    # Not one mapping: the data is some other container of employees.
    if pa is not None and all(isinstance(x, pa.RecordBatch) for x in items):
        # Record batches (what `mapInArrow` hands a function, `table.to_batches()`): one table.
        return _aligned(pa, _local_times(pa, pa.Table.from_batches(items)))
    if pa is not None and all(isinstance(x, pa.Table) for x in items):
        return _aligned(pa, _local_times(pa, pa.concat_tables(items)))
    first = items[0]
    if (pd is not None and isinstance(first, pd.DataFrame)) or (
        hasattr(first, "__arrow_c_stream__") and not _is_series(pd, first)
    ):
        # Chunks of a table (`read_csv(chunksize=…)`, `iter_slices()`, a list of frames): each
        # would be read as one employee.
        raise TypeError(
            f"`evaluate_many` takes employees, and these are tables (`{type(first).__name__}`, chunks of "
            "one?): evaluate each chunk (`[policy.evaluate_many(c) for c in chunks]`, which keeps "
            "memory low) or join them first (`pandas.concat(chunks)`, `polars.concat(chunks)`)"
        )
    if type(first).__name__ == "void" and hasattr(first, "dtype"):
        raise TypeError(
            "`evaluate_many` takes employees as mappings, and these are the records of a numpy "
            "record array: give `pandas.DataFrame(array)`"
        )
    if isinstance(first, tuple) and len(first) == 2 and pd is not None and isinstance(first[1], pd.Series):
        hint = "these are the pairs of `frame.iterrows()`: give the frame itself"
    elif isinstance(first, tuple) and hasattr(first, "_fields"):
        hint = "these are the rows of `frame.itertuples()`: give the frame itself"
    elif isinstance(first, (tuple, list)) or type(first).__name__ == "ndarray":
        hint = "a row of values has no field names: give a DataFrame with named columns, or dicts"
    else:
        return items
    raise TypeError(f"`evaluate_many` takes employees as mappings, found `{type(first).__name__}` ({hint})")


def _missing(pd: Any, value: Any) -> bool:
    try:
        return bool(value is None or pd.isna(value))
    except (TypeError, ValueError):  # a list or array is a value, not a missing one
        return False


def _nested(record: Mapping[Any, Any]) -> Any:
    """A row with flat dotted keys (`presensi.alpa_hari`) as nested dicts, the record given as
    one column (`presensi`) and its flat columns filling one record. A field given twice: the
    first one counts, as when reading Arrow. A missing record (None, NaN) is filled by its flat
    columns. The row's own dicts are copied, never changed: rows built as `dict(base, …)` share
    them."""
    out: dict = {}
    owned = {id(out)}

    def mine(at: dict, part: Any) -> Any:
        """The record at `at[part]`, made or copied so that it can be filled; None when a value
        that is not a record is there already."""
        inner = at.get(part)
        if inner is None or _is_nan(inner):
            inner = {}
        elif isinstance(inner, Mapping):
            if id(inner) in owned:
                return inner
            inner = dict(inner)
        else:
            return None
        owned.add(id(inner))
        at[part] = inner
        return inner

    for key, value in record.items():
        path = key.split(".") if isinstance(key, str) else [key]
        at: Any = out
        for part in path[:-1]:
            at = mine(at, part)
            if at is None:
                break
        else:
            last = path[-1]
            present = at.get(last)
            if last not in at or present is None or _is_nan(present):
                at[last] = value
            elif isinstance(value, Mapping) and isinstance(present, Mapping):
                into = mine(at, last)
                for field, v in value.items():
                    if field not in into or into[field] is None or _is_nan(into[field]):
                        into[field] = v
    return out


def _row(record: Mapping[Any, Any]) -> Any:
    """A row with flat dotted keys (a DataFrame's row, `frame.iloc[i]`) as `evaluate` reads it:
    nested as `_nested` nests it, and a record given only by flat keys that are all empty
    missing as a whole, as `evaluate_many` reads the frame (`_records`)."""
    out = _nested(record)
    tops = {k.split(".")[0] for k in record if isinstance(k, str) and "." in k}
    for top in tops:
        whole = record.get(top)
        if (whole is None or _is_nan(whole)) and isinstance(out.get(top), Mapping):
            out[top] = _given(out[top])
    return out


def _is_nan(value: Any) -> bool:
    """A missing value as pandas writes one: NaN, `NA`, `NaT`."""
    return (isinstance(value, float) and value != value) or type(value).__name__ in ("NAType", "NaTType")


def _local_times(pa: Any, data: Any) -> Any:
    """Timestamps with a time zone as the wall time in that zone, in columns and inside their
    records and lists: a date recorded at midnight in Jakarta is that date, as it is when read
    through Python (`pandas.Timestamp`)."""
    zoned = [i for i, f in enumerate(data.schema) if _has_zone(pa, f.type)]
    if not zoned:
        return data
    pc = importlib.import_module("pyarrow.compute")
    for i in zoned:
        field = data.schema.field(i)
        column = data.column(i)
        chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
        local = [_local(pa, pc, c) for c in chunks]
        kind = local[0].type if local else field.type
        data = data.set_column(i, pa.field(field.name, kind, field.nullable), pa.chunked_array(local, kind))
    return data


def _has_zone(pa: Any, kind: Any) -> bool:
    if pa.types.is_timestamp(kind):
        return kind.tz is not None
    if pa.types.is_struct(kind):
        return any(_has_zone(pa, kind.field(i).type) for i in range(kind.num_fields))
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return _has_zone(pa, kind.value_type)
    return False


def _local(pa: Any, pc: Any, array: Any) -> Any:
    """One array with its zoned timestamps as local wall times."""
    kind = array.type
    if not _has_zone(pa, kind):
        return array
    if pa.types.is_timestamp(kind):
        return pc.local_timestamp(array)
    mask = array.is_null() if array.null_count else None
    if pa.types.is_struct(kind):
        children = [_local(pa, pc, array.field(i)) for i in range(kind.num_fields)]
        fields = [pa.field(kind.field(i).name, c.type, kind.field(i).nullable) for i, c in enumerate(children)]
        return pa.StructArray.from_arrays(children, fields=fields, mask=mask)
    make = pa.LargeListArray if pa.types.is_large_list(kind) else pa.ListArray
    if array.offset:
        array = pa.concat_arrays([array])  # a slice made whole: its offsets start at 0
    return make.from_arrays(array.offsets, _local(pa, pc, array.values), mask=mask)


def _misaligned(pa: Any, array: Any) -> bool:
    if any(b is not None and b.address % 8 for b in array.buffers()):
        return True
    if isinstance(array, pa.DictionaryArray):
        return _misaligned(pa, array.dictionary)
    return False


def _aligned(pa: Any, data: Any) -> Any:
    if isinstance(data, pa.Table):
        arrays = [chunk for column in data.columns for chunk in column.chunks]
    else:
        arrays = list(data.columns)
    if not any(_misaligned(pa, a) for a in arrays):
        return data
    # An Arrow IPC round trip writes every buffer at an aligned offset.
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, data.schema) as writer:
        writer.write(data)
    table = pa.ipc.open_stream(sink.getvalue()).read_all()
    return table if isinstance(data, pa.Table) else table.combine_chunks().to_batches()[0]
