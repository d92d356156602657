"""The CI gate: a pure function from a run's comparison with the baseline to the exit code."""

from __future__ import annotations

import enum
from typing import assert_never

from factcheck.baseline import Comparison
from factcheck.records import Kind

OK = 0
NEW_FINDINGS = 1
USAGE_OR_INPUT_ERROR = 2
INTERNAL_ERROR = 3


class FailOn(enum.StrEnum):
    CONTRADICTION = "contradiction"
    """New contradictions fail the run (the default)."""
    ANY = "any"
    """New contradictions or agreements fail the run."""
    NEVER = "never"
    """Report only; the exit code is 0 whatever is found."""


def exit_code(comparison: Comparison, fail_on: FailOn = FailOn.CONTRADICTION) -> int:
    """0 when nothing new at or above ``fail_on``, 1 otherwise. False positives never count."""
    match fail_on:
        case FailOn.CONTRADICTION:
            failing = [f for f in comparison.new if f.kind is Kind.CONTRADICTION]
        case FailOn.ANY:
            failing = list(comparison.new)
        case FailOn.NEVER:
            failing = []
        case _:
            assert_never(fail_on)
    return NEW_FINDINGS if failing else OK
