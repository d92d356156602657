"""The exceptions factcheck raises on purpose; the CLI maps each to one line and an exit code."""

from __future__ import annotations


class FactcheckError(Exception):
    """Base class: a problem the user can fix (bad input, model, baseline)."""

    exit_code = 2


class InputError(FactcheckError):
    """The corpus, a file or an option cannot be used as given."""


class ModelError(FactcheckError):
    """The NLI or spaCy model is missing, unreadable or unsuitable."""


class BaselineError(FactcheckError):
    """The baseline file is unreadable or not in the expected format."""


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (its class name if it has none), for one-line errors."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
