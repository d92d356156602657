"""NLI stage: ``ClaimPair`` → ``PairScores`` (label probabilities in both directions).

Backends implement ``Scorer.score``; the aggregation and thresholds live in ``findings`` so
every backend is judged the same way.
"""

from factcheck.nli.interface import NLI_LABELS, Scorer

__all__ = ["NLI_LABELS", "Scorer"]
