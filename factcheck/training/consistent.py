"""Consistent-statement pairs: training data against "two true statements about one story contradict".

On news the model's most common false alarm is two compatible statements about different aspects of
one event (docs/quality.md: 25 of 50 judged flags). NLI data holds such pairs without new annotation:
two hypotheses written for the same premise, one **entailed** by it and the other entailed or
**neutral**, cannot contradict each other (the premise is true; the first follows from it, the second
is compatible with it, so both can hold at once). What relation they do have (entailment or neutral)
is unknown, so these pairs carry the partial label ``not_contradiction``: training raises
P(entailment) + P(neutral) and leaves the split between them to the rest of the data.

(Pairs with a contradiction hypothesis, and two neutral hypotheses, are not used: either can
contradict the other.)
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from collections.abc import Sequence

from factcheck.training.data import NOT_CONTRADICTION, NliPair


def consistent_pairs(pairs: Sequence[NliPair], n: int, seed: int, sources: frozenset[str]) -> list[NliPair]:
    """Up to ``n`` ``not_contradiction`` pairs of hypotheses that share a premise in ``pairs`` (only
    those of ``sources``), each in a random direction; seeded, independent of the input order."""
    by_premise: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for p in pairs:
        if p.source in sources:
            by_premise[p.premise][p.label].add(p.hypothesis)
    candidates: set[tuple[str, str, str]] = set()
    for premise, hyps in by_premise.items():
        entailed, neutral = sorted(hyps["entailment"]), sorted(hyps["neutral"])
        for a, b in [*itertools.combinations(entailed, 2), *itertools.product(entailed, neutral)]:
            if a.strip().lower() != b.strip().lower():
                candidates.add((premise, a, b))
    rng = random.Random(seed)
    chosen = rng.sample(sorted(candidates), min(n, len(candidates)))
    out = []
    for _, a, b in chosen:
        first, second = (a, b) if rng.random() < 0.5 else (b, a)
        out.append(NliPair(first, second, NOT_CONTRADICTION, "consistent_hypotheses"))
    return out
