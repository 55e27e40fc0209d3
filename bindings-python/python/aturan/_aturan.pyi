"""Type stubs of the compiled module `aturan._aturan` (checked with `mypy.stubtest`)."""

import datetime
import decimal
import os
from collections.abc import Iterable, Mapping
from typing import Any, Literal, Protocol, final

import pyarrow

from ._errors import Diagnostic, TestResult

__version__: str
__all__ = [
    "ConditionTrace",
    "Decision",
    "Outcome",
    "Policy",
    "RuleTrace",
    "SetAside",
    "Undetermined",
    "__version__",
    "_decision_from_state",
    "_float_repr",
    "_outcome_from_state",
    "_part_from_state",
    "_policy_from_state",
]

class _ArrowStream(Protocol):
    def __arrow_c_stream__(self, requested_schema: object = None) -> object: ...

class _Row(Protocol):
    """A mapping-like row (a pandas `Series` from `df.iloc[i]`): keys and items by key."""

    def keys(self) -> Any: ...
    def __getitem__(self, key: Any, /) -> Any: ...

class _DateScalar(Protocol):
    """A date scalar of numpy (`numpy.datetime64`), read as its calendar date."""

    def astype(self, dtype: Any, /) -> Any: ...
    def __array__(self, *args: Any, **kwargs: Any) -> Any: ...

# `datetime.date` (a `datetime` or `pandas.Timestamp` at midnight too), `YYYY-MM-DD` text, or a
# `numpy.datetime64`.
_DateLike = datetime.date | str | _DateScalar
# Facts of one employee: a dict (keys may be typed `Hashable`, as `to_dict("records")` gives
# them), any mapping, or a DataFrame row.
_Facts = Mapping[Any, Any] | _Row

@final
class Policy:
    """A compiled policy. Compile once, evaluate many times; safe to share between threads and
    picklable (a worker recompiles it from its text)."""

    @staticmethod
    def from_file(path: str | os.PathLike[str], *, lang: str = "en") -> Policy:
        """Reads and compiles a policy file; helper files are read relative to it.

        Raises `PolicyError` when it does not compile, and the `OSError` Python raises for a file
        it cannot read (`FileNotFoundError`, `PermissionError`, `IsADirectoryError`)."""

    @staticmethod
    def from_source(
        source: str,
        name: str | None = None,
        *,
        helpers: Mapping[str, str] | None = None,
        lang: str = "en",
    ) -> Policy:
        """Compiles a policy from its text; `name` is the file name shown in diagnostics and
        `helpers` maps helper file names to their text."""

    @property
    def name(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def description(self) -> str: ...
    @property
    def source_hash(self) -> str:
        """`sha256:` and the hex digest of the policy source and its helper files."""

    @property
    def effective_from(self) -> datetime.date | None: ...
    @property
    def effective_until(self) -> datetime.date | None: ...
    @property
    def source(self) -> str: ...
    @property
    def file_name(self) -> str: ...
    @property
    def facts_schema(self) -> dict[str, Any]:
        """The `facts` declaration: `{"fields": [{"name", "optional", "type": {...}}, ...]}`."""

    @property
    def params(self) -> list[dict[str, Any]]:
        """The parameters a caller may override: `[{"name", "type", "default", "doc"}, ...]`."""

    @property
    def rules(self) -> list[dict[str, Any]]:
        """The rules and decision tables: `[{"id", "title", "source", "kind", "codes", ...}, ...]`."""

    def check(self, *, lang: str = "en") -> list[Diagnostic]:
        """The warnings found while compiling (errors raise `PolicyError` instead)."""

    def misspelt_fields(self, facts: _Facts) -> list[tuple[str, str]]:
        """Fields the policy does not declare, named like a declared fact the facts lack, each with
        the fact it may be (`("presensi.alpa_hri", "presensi.alpa_hari")`): they are ignored, so
        that fact is missing."""

    def run_tests(self, *, lang: str = "en") -> list[TestResult]:
        """Runs the policy's own examples; one that cannot be evaluated says why in `lang`."""

    def evaluate(
        self,
        facts: _Facts,
        *,
        as_of: _DateLike | None = None,
        params: Mapping[str, Any] | None = None,
        explain: bool = False,
        lang: str = "en",
    ) -> Decision:
        """Evaluates the policy for one employee's facts on `as_of` (default: today).

        Facts are a mapping (a dict, a DataFrame row) that may hold `datetime.date`, ISO date strings,
        `Decimal`, int, float (read as the text Python prints for it), None, lists and mappings; `as_of`
        is a `datetime.date`, `YYYY-MM-DD` text or a `numpy.datetime64`; `params` overrides the policy's
        parameters by name. Wrong facts raise `FactsError` (its `issues` give each path, what was expected
        and what was found); a wrong `as_of` or parameter raises `EvaluationError`; missing facts make
        outcomes undetermined (`decision.undetermined` names the facts). `explain=True` adds every rule's
        conditions (`decision.explanation`, `decision.explain()`), in `lang` (`"en"` or `"id"`)."""

    def evaluate_json(
        self,
        text: str | bytes | bytearray | memoryview,
        *,
        as_of: _DateLike | None = None,
        params: Mapping[str, Any] | None = None,
        explain: bool = False,
        lang: str = "en",
    ) -> Decision:
        """Evaluates the policy for one employee's facts given as JSON text (a `str` or UTF-8
        `bytes`, `bytearray` or `memoryview`, as an HTTP body holds them): numbers exactly as written (`json.loads` would make
        89.99999999999999999 the float 90.0) and a field named twice refused (`json.loads` keeps
        the last). Text that is not JSON raises `FactsError` with `code == "json"`; facts that do not
        match the policy, with `code == "facts"`."""

    def evaluate_many(
        self,
        data: Iterable[_Facts] | _ArrowStream | Iterable[_ArrowStream],
        *,
        as_of: _DateLike | None = None,
        params: Mapping[str, Any] | None = None,
        explain: bool = False,
        lang: str = "en",
        id_column: str | None = "nip",
        errors: Literal["collect", "raise"] = "collect",
    ) -> pyarrow.Table:
        """Evaluates many employees: a list (or iterable) of mappings, a pandas DataFrame, or a
        pyarrow Table/RecordBatch (anything with `__arrow_c_stream__`), or a list or iterator of
        record batches (read as one table).

        Returns a `pyarrow.Table` with one row per employee, in input order: the `id_column`
        (a column, or a DataFrame's named index) carried through, `sanction` and
        `sanction_level`, `rewards`/`promotions`/`notices` as lists
        of `{code, params}` (params as JSON text), `undetermined` codes, the `missing` fact paths,
        the `set_aside` codes (outcomes that did not stand), and `error` (the message for rows whose facts were wrong,
        otherwise null); with `explain=True` also `explanation` (readable text).

        The GIL is released while evaluating, and the rows are spread over every core. With
        `errors="raise"` the first wrong row raises `FactsError` instead. An `id_column` other
        than `nip` that the data does not have raises `ValueError`."""

    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class Outcome:
    """One outcome that applies: a sanction, reward, promotion or notice."""

    @property
    def kind(self) -> Literal["sanction", "reward", "promotion", "notice"]: ...
    @property
    def code(self) -> str: ...
    @property
    def level(self) -> str | None:
        """The level of a sanction (`ringan`, `sedang`, `berat`); None for other kinds."""

    @property
    def params(self) -> dict[str, Any]:
        """Integers as int, other numbers as Decimal, dates (as the policy declares them) as
        datetime.date; a text stays a text even when it reads as a date."""

    @property
    def rule(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def source(self) -> str:
        """The citation: regulation and article."""

    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class SetAside:
    """An outcome set aside when outcomes were combined, with the rule that took its place."""

    @property
    def kind(self) -> Literal["sanction", "reward", "promotion", "notice"]: ...
    @property
    def code(self) -> str: ...
    @property
    def level(self) -> str | None: ...
    @property
    def params(self) -> dict[str, Any]: ...
    @property
    def rule(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def by(self) -> str: ...
    @property
    def reason(self) -> str: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class Undetermined:
    """An outcome that could not be decided because facts are missing."""

    @property
    def kind(self) -> Literal["sanction", "reward", "promotion", "notice"]: ...
    @property
    def code(self) -> str: ...
    @property
    def rule(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def missing(self) -> list[str]:
        """The fact paths that would decide it, e.g. `presensi.alpa_hari`, `kinerja[where tahun == tahun_ini]`."""

    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class ConditionTrace:
    """One condition of a rule as evaluated; `result` is True, False or None (unknown)."""

    @property
    def text(self) -> str: ...
    @property
    def result(self) -> bool | None: ...
    @property
    def actual(self) -> str | None: ...
    @property
    def required(self) -> str | None: ...
    @property
    def note(self) -> str: ...
    @property
    def missing(self) -> list[str]: ...
    @property
    def holds_from(self) -> datetime.date | None: ...
    @property
    def gap(self) -> int | decimal.Decimal | None:
        """In a reward or promotion rule, for a number that misses its threshold, the change that
        would meet it (`10` for 40 against `>= 50`): an `int` when whole, else a `Decimal`."""
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class RuleTrace:
    """The trace of one rule: what it did and what each condition found."""

    @property
    def rule(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def source(self) -> str: ...
    @property
    def kind(self) -> Literal["sanction", "reward", "promotion", "notice"]: ...
    @property
    def result(self) -> bool | None: ...
    @property
    def in_effect(self) -> bool:
        """False for a rule whose own effective period does not hold the decision date."""
    @property
    def exception_to(self) -> str | None:
        """For an exception, the id of the rule whose outcome it replaces when it applies."""
    @property
    def codes(self) -> list[str]:
        """The codes of the outcomes it gives, in the policy's order."""
    @property
    def summary(self) -> str: ...
    @property
    def conditions(self) -> list[ConditionTrace]: ...
    def __reduce__(self) -> tuple[Any, ...]: ...

@final
class Decision:
    """What a policy decided for one employee on one date."""

    @property
    def sanction(self) -> Outcome | None:
        """The sanction imposed (the heaviest), or None. A policy without a severity declaration
        (or with `combine sanction: all`) may impose several: this is the first, and
        `to_dict()["outcomes"]` lists them all."""

    @property
    def rewards(self) -> list[Outcome]: ...
    @property
    def promotions(self) -> list[Outcome]: ...
    @property
    def notices(self) -> list[Outcome]: ...
    @property
    def outcomes(self) -> list[Outcome]:
        """Every outcome that applies, in the decision's order."""

    @property
    def undetermined(self) -> list[Undetermined]: ...
    @property
    def set_aside(self) -> list[SetAside]: ...
    @property
    def explanation(self) -> list[RuleTrace] | None:
        """The trace of every rule when evaluated with `explain=True`, otherwise None."""

    @property
    def as_of(self) -> datetime.date: ...
    @property
    def params(self) -> dict[str, Any]:
        """The parameter values used (defaults merged with the overrides)."""

    @property
    def policy(self) -> dict[str, str]:
        """`{"name", "version", "source_hash", "engine"}`: the policy it was made with, and the engine (`"aturan 0.1.0"`)."""

    @property
    def lang(self) -> str: ...
    def explain(self) -> str:
        """The decision as readable text, in the language it was evaluated in (`lang=`)."""

    def to_dict(self) -> dict[str, Any]:
        """The decision as JSON data (the CLI's JSON): integers as int, other numbers as Decimal."""

    def to_json(self) -> str:
        """The canonical one-line JSON, byte for byte what `aturan eval --format json` prints."""

    def __reduce__(self) -> tuple[Any, ...]: ...

def _policy_from_state(source: str, file_name: str, helpers: Mapping[str, str]) -> Policy: ...
def _decision_from_state(json: str, lang: str, dates: str | None = None) -> Decision: ...
def _outcome_from_state(json: str, dates: str | None = None) -> Outcome: ...
def _part_from_state(
    kind: str, json: str, dates: str | None = None
) -> SetAside | Undetermined | ConditionTrace | RuleTrace: ...
def _float_repr(x: float) -> str: ...
