"""What every NLI backend provides: one batch method over claim pairs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from factcheck.records import ClaimPair, PairScores

NLI_LABELS = ("entailment", "neutral", "contradiction")
"""The label names backends report (taken from the model's ``config.id2label``)."""

Progress = Callable[[float], None]
"""Called with the number of pairs just finished."""


def directions(pairs: Sequence[ClaimPair]) -> list[tuple[str, str]]:
    """(premise, hypothesis) texts for every pair: all A→B first, then all B→A."""
    return [(p.a.nli_text, p.b.nli_text) for p in pairs] + [(p.b.nli_text, p.a.nli_text) for p in pairs]


def distinct(texts: Sequence[tuple[str, str]]) -> tuple[list[tuple[str, str]], list[int]]:
    """The distinct inputs among ``texts`` (first-seen order) and, for each of ``texts``, its index
    among them: a sentence pair that several claim pairs share (wire copies of one story) is scored
    once. Every backend scores the distinct inputs, so local and Ray runs batch them alike."""
    index: dict[tuple[str, str], int] = {}
    where = [index.setdefault(t, len(index)) for t in texts]
    return list(index), where


def assemble(n: int, probs: Sequence[dict[str, float]], where: Sequence[int]) -> list[PairScores]:
    """Inverse of ``distinct(directions(pairs))``: the probabilities of the distinct inputs → ``PairScores``
    for each of the ``n`` pairs (``where`` as ``distinct`` returned it)."""
    return [PairScores(forward=probs[where[i]], backward=probs[where[n + i]]) for i in range(n)]


def length_order(lengths: Sequence[int]) -> list[int]:
    """Indices sorted by input length in tokens (stable): the batching order every backend uses, so that
    batches need little padding and the same inputs always meet in the same batches, locally or spread
    over workers. (Sorting by characters instead left 19% of the tokens of news pairs as padding.)"""
    return sorted(range(len(lengths)), key=lengths.__getitem__)


class Scorer(Protocol):
    model_id: str
    """Names the model in reports and cache keys (path or hub id plus a weights digest)."""

    def score(self, pairs: Sequence[ClaimPair], progress: Progress | None = None) -> list[PairScores]:
        """Label probabilities for each pair, both directions, in input order."""
        ...
