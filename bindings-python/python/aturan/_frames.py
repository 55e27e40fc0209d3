"""How `Policy.evaluate_many` reads data that is neither a list nor Arrow.

A pandas DataFrame becomes an Arrow table (columns are then read in Rust, without Python objects
per row); a DataFrame that Arrow cannot hold (a column mixing types) falls back to its rows as
dicts. Any other iterable is read as an iterable of mappings.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from typing import Any, List


def prepare(data: Any) -> Any:
    pd = sys.modules.get("pandas")
    if pd is not None and isinstance(data, pd.DataFrame):
        import pyarrow as pa

        try:
            return pa.Table.from_pandas(data, preserve_index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            records: List[Any] = data.to_dict("records")
            return records
    if isinstance(data, Mapping):
        raise TypeError(
            "`evaluate_many` takes many employees (a list of mappings, a DataFrame or an Arrow "
            "table); use `evaluate` for one"
        )
    if isinstance(data, (str, bytes)) or not isinstance(data, Iterable):
        raise TypeError(
            "`data` must be a list of mappings, a pandas DataFrame or an Arrow table, "
            f"found `{type(data).__name__}`"
        )
    return list(data)
