"""Exceptions and small result types of the aturan package.

The compiled module raises these: a policy that does not compile raises `PolicyError` with its
`Diagnostic`s, facts that do not match the policy raise `FactsError` with its `FactIssue`s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, List, Optional, Tuple


@dataclass(frozen=True)
class Diagnostic:
    """A problem found in a policy: where it is (1-based line and column, byte offsets) and what to do."""

    severity: str
    """`error` or `warning`."""
    code: str
    """A stable code such as `unknown-name`, `type-mismatch` or `syntax`."""
    message: str
    help: Optional[str]
    line: int
    column: int
    end_line: int
    end_column: int
    start: int
    end: int
    file: Optional[str] = None
    """The helper file and line the problem is at (``lib.rhai:2``), when it is in a helper file;
    `line` and `column` are then those of the policy's ``helpers "lib.rhai"`` declaration."""

    def __str__(self) -> str:
        text = f"{self.line}:{self.column}: {self.severity}[{self.code}]: {self.message}"
        if self.help:
            text += f" (help: {self.help})"
        return text


class PolicyError(ValueError):
    """The policy did not compile. `str(err)` shows every problem with a snippet and a caret, as
    the `aturan` command prints it; `err.diagnostics` holds them as data."""

    diagnostics: List[Diagnostic]

    def __init__(self, message: str, diagnostics: List[Diagnostic]) -> None:
        super().__init__(message)
        self.diagnostics = list(diagnostics)

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.args[0], self.diagnostics))


@dataclass(frozen=True)
class FactIssue:
    """One fact that does not match the policy's `facts` declaration."""

    path: str
    """The JSON path of the fact, e.g. `kinerja[1].nilai_skp`."""
    expected: str
    """What the policy declares, e.g. `a decimal from 0 to 100`."""
    found: str
    """What was given."""


class EvaluationError(ValueError):
    """An evaluation could not produce a decision. `code` is `facts`, `json`, `param`, `option`,
    `helper` or `limit`; for `evaluate_many(..., errors="raise")`, `row` is the position of the
    failing row (counting from 0: `frame.iloc[err.row]`, not the DataFrame's index label) and
    `row_id` its id. `line` and `column` are where: in the policy for a `helper` or `limit`
    error, or in the helper file `file` names (`lib.rhai`) when the failing helper is there, in
    the facts text for `json`; None when not known."""

    code: str
    row: Optional[int]
    row_id: Optional[str]
    line: Optional[int]
    column: Optional[int]
    file: Optional[str]

    def __init__(
        self,
        message: str,
        code: str,
        row: Optional[int] = None,
        row_id: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
        file: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.row = row
        self.row_id = row_id
        self.line = line
        self.column = column
        self.file = file

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.args[0], self.code, self.row, self.row_id, self.line, self.column))


class FactsError(EvaluationError):
    """The facts do not match the policy; `issues` names every wrong fact with what was expected
    and what was found. Missing facts are not an error: they make outcomes undetermined. For facts
    text that is not JSON (`evaluate_json`), `code` is `json`, `issues` is empty and the message
    says where the text breaks."""

    issues: List[FactIssue]

    def __init__(
        self,
        message: str,
        code: str,
        issues: List[FactIssue],
        row: Optional[int] = None,
        row_id: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
    ) -> None:
        super().__init__(message, code, row, row_id, line, column)
        self.issues = list(issues)

    def __reduce__(self) -> Tuple[Any, ...]:
        return (type(self), (self.args[0], self.code, self.issues, self.row, self.row_id, self.line, self.column))


@dataclass(frozen=True)
class TestFailure:
    """One failed expectation of a policy example."""

    __test__ = False  # not a pytest test class

    what: str
    expected: str
    actual: str
    line: Optional[int] = None
    """1-based line of the failed expectation in the policy."""
    why: List[str] = field(default_factory=list)
    """For an expected outcome not given: each condition its rules fail, as the explanation says it."""


@dataclass(frozen=True)
class TestResult:
    """The result of one of the policy's own examples."""

    __test__ = False  # not a pytest test class

    name: str
    passed: bool
    failures: List[TestFailure] = field(default_factory=list)
    error: Optional[str] = None
    """Set when the example could not be evaluated at all."""
    line: Optional[int] = None
    """1-based line of the example in the policy."""
