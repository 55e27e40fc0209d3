"""Aturan: Indonesian civil-service HR policies as code.

Compile a policy once, then evaluate it for one employee (`Policy.evaluate`) or a whole
population (`Policy.evaluate_many`, Arrow in and Arrow out):

    >>> import aturan
    >>> policy = aturan.Policy.from_file("examples/semarang/semarang.aturan")  # doctest: +SKIP
    >>> decision = policy.evaluate(facts, as_of="2025-12-31")                 # doctest: +SKIP
    >>> decision.sanction.code                                                 # doctest: +SKIP
    'teguran_lisan'
"""

from ._aturan import (
    ConditionTrace,
    Decision,
    Outcome,
    Policy,
    RuleTrace,
    SetAside,
    Undetermined,
    __version__,
)
from ._errors import (
    Diagnostic,
    EvaluationError,
    FactIssue,
    FactsError,
    PolicyError,
    TestFailure,
    TestResult,
)

__all__ = [
    "ConditionTrace",
    "Decision",
    "Diagnostic",
    "EvaluationError",
    "FactIssue",
    "FactsError",
    "Outcome",
    "Policy",
    "PolicyError",
    "RuleTrace",
    "SetAside",
    "TestFailure",
    "TestResult",
    "Undetermined",
    "__version__",
]
