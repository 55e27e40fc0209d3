"""Small helpers shared by the tests."""

from __future__ import annotations

import copy
import datetime
import json
from decimal import Decimal
from typing import Any, Dict, Iterator, List

import aturan


def expect_shape(decision: aturan.Decision) -> Dict[str, Any]:
    """A decision in the reference case `expect` shape (as the Rust test suite maps it)."""
    undetermined = sorted({"sanction" if u.kind == "sanction" else u.code for u in decision.undetermined})
    return {
        "sanction": decision.sanction.code if decision.sanction else None,
        "rewards": {o.code: o.params for o in decision.rewards},
        "promotion": {o.code: o.params for o in decision.promotions},
        "notices": {o.code: o.params for o in decision.notices},
        "undetermined": undetermined,
    }


def _dates(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates(v) for v in value]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def normalise_expect(expect: Dict[str, Any]) -> Dict[str, Any]:
    """The case's `expect` with values as the binding returns them: numbers as Decimal (equal to
    int when whole) and ISO dates as datetime.date."""
    loaded: Dict[str, Any] = json.loads(json.dumps(expect), parse_float=Decimal)
    return {k: (_dates(v) if k != "undetermined" else v) for k, v in loaded.items()}


def table_row_shape(row: Dict[str, Any]) -> Dict[str, Any]:
    """One row of an `evaluate_many` table in the reference case `expect` shape."""

    def outcomes(items: List[Dict[str, str]]) -> Dict[str, Any]:
        return {i["code"]: json.loads(i["params"], parse_float=Decimal) for i in items}

    return {
        "sanction": row["sanction"],
        "rewards": _dates(outcomes(row["rewards"])),
        "promotion": _dates(outcomes(row["promotions"])),
        "notices": _dates(outcomes(row["notices"])),
        "undetermined": list(row["undetermined"]),
    }


def population(cases: List[Dict[str, Any]], n: int) -> Iterator[Dict[str, Any]]:
    """`n` employees made from the reference cases, each with its own nip and some varied facts."""
    for i in range(n):
        base = cases[i % len(cases)]["facts"]
        facts = copy.deepcopy(base)
        facts["nip"] = f"{199001012020011000 + i}"
        presensi = facts.get("presensi")
        if isinstance(presensi, dict) and i % 3 == 0:
            presensi["alpa_hari"] = (i * 7) % 31
        yield facts
