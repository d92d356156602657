"""What every NLI backend provides: one batch method over claim pairs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from factcheck.records import ClaimPair, PairScores

NLI_LABELS = ("entailment", "neutral", "contradiction")
"""The label names backends report (taken from the model's ``config.id2label``)."""

Progress = Callable[[int], None]
"""Called with the number of pairs just finished."""


class Scorer(Protocol):
    model_id: str
    """Names the model in reports and cache keys (path or hub id plus a weights digest)."""

    def score(self, pairs: Sequence[ClaimPair], progress: Progress | None = None) -> list[PairScores]:
        """Label probabilities for each pair, both directions, in input order."""
        ...
