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

With a teacher (``distill.py``) every two hypotheses of one premise can be used, whatever their labels:
``sibling_pairs`` gives them no gold label at all (``UNLABELLED``) and the teacher's probabilities are what
the model learns from them. They are the closest thing in NLI data to factcheck's own input: two short
statements about one event, each written without the other in view.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from collections.abc import Sequence

from factcheck.training.data import NOT_CONTRADICTION, UNLABELLED, NliPair


def consistent_pairs(pairs: Sequence[NliPair], n: int, seed: int, sources: frozenset[str]) -> list[NliPair]:
    """Up to ``n`` ``not_contradiction`` pairs of hypotheses that share a premise in ``pairs`` (only
    those of ``sources``), each in a random direction; seeded, independent of the input order."""
    candidates: set[tuple[str, str, str]] = set()
    for premise, hyps in _by_premise(pairs, sources).items():
        entailed, neutral = sorted(hyps["entailment"]), sorted(hyps["neutral"])
        candidates.update((premise, a, b) for a, b in [*itertools.combinations(entailed, 2),
                                                        *itertools.product(entailed, neutral)] if _differ(a, b))
    return _draw(candidates, n, seed, NOT_CONTRADICTION, "consistent_hypotheses")


def sibling_pairs(pairs: Sequence[NliPair], n: int, seed: int, sources: frozenset[str]) -> list[NliPair]:
    """Up to ``n`` pairs of any two hypotheses that share a premise in ``pairs`` (only those of ``sources``),
    each in a random direction, labelled ``UNLABELLED``; seeded, independent of the input order."""
    candidates: set[tuple[str, str, str]] = set()
    for premise, hyps in _by_premise(pairs, sources).items():
        every = sorted(set().union(*hyps.values()))
        candidates.update((premise, a, b) for a, b in itertools.combinations(every, 2) if _differ(a, b))
    return _draw(candidates, n, seed, UNLABELLED, "sibling_hypotheses")


def _by_premise(pairs: Sequence[NliPair], sources: frozenset[str]) -> dict[str, dict[str, set[str]]]:
    """premise → gold label → the hypotheses written for it (pairs of ``sources`` only)."""
    by_premise: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for p in pairs:
        if p.source in sources:
            by_premise[p.premise][p.label].add(p.hypothesis)
    return by_premise


def _differ(a: str, b: str) -> bool:
    return a.strip().lower() != b.strip().lower()


def _draw(candidates: set[tuple[str, str, str]], n: int, seed: int, label: str, source: str) -> list[NliPair]:
    """``n`` of the (premise, a, b) ``candidates`` (sorted, then sampled with ``seed``), a and b in a random order."""
    rng = random.Random(seed)
    chosen = rng.sample(sorted(candidates), min(n, len(candidates)))
    out = []
    for _, a, b in chosen:
        first, second = (a, b) if rng.random() < 0.5 else (b, a)
        out.append(NliPair(first, second, label, source))
    return out
