"""Classification metrics computed from (gold, predicted) label lists: accuracy, per-class P/R/F1; and the
ranking AUC of a score against binary gold."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ClassScores:
    label: str
    """The class these figures are for."""
    precision: float
    """Correct predictions of this class / all predictions of it (0 when never predicted)."""
    recall: float
    """Correct predictions of this class / all gold items of it (0 when none in gold)."""
    f1: float
    """Harmonic mean of precision and recall (0 when both are 0)."""
    support: int
    """Gold items of this class."""


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts; 0.0 where a denominator is 0."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def confusion(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> list[list[int]]:
    """Matrix ``m[i][j]`` = items of gold ``labels[i]`` predicted as ``labels[j]``."""
    if len(gold) != len(pred):
        raise ValueError("gold and predicted lists differ in length")
    index = {label: i for i, label in enumerate(labels)}
    m = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, pred, strict=True):
        m[index[g]][index[p]] += 1
    return m


def per_class(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> list[ClassScores]:
    m = confusion(gold, pred, labels)
    out = []
    for i, label in enumerate(labels):
        tp = m[i][i]
        fp = sum(m[j][i] for j in range(len(labels))) - tp
        fn = sum(m[i]) - tp
        p, r, f = prf(tp, fp, fn)
        out.append(ClassScores(label, p, r, f, sum(m[i])))
    return out


def accuracy(gold: Sequence[str], pred: Sequence[str]) -> float:
    if not gold:
        return 0.0
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)


def ranking_auc(positive: Sequence[bool], score: Sequence[float]) -> float | None:
    """Probability that a random positive scores above a random negative (ties count half): the area under
    the ROC curve, threshold-free. ``None`` when either class is absent. O(n log n) through ranks."""
    if len(positive) != len(score):
        raise ValueError("labels and scores differ in length")
    n_pos = sum(positive)
    n_neg = len(positive) - n_pos
    if not n_pos or not n_neg:
        return None
    order = sorted(range(len(score)), key=lambda i: score[i])
    ranks = [0.0] * len(score)
    i = 0
    while i < len(order):  # average rank (1-based) over a run of tied scores
        j = i
        while j + 1 < len(order) and score[order[j + 1]] == score[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    rank_sum = sum(r for r, pos in zip(ranks, positive, strict=True) if pos)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def paired_auc_difference(positive: Sequence[bool], ours: Sequence[float], theirs: Sequence[float],
                          groups: Sequence[str], resamples: int = 2000, rng: random.Random | None = None
                          ) -> tuple[float, float, float] | None:
    """``ranking_auc(ours) − ranking_auc(theirs)`` on the same items, and its 95% interval from resampling
    whole ``groups`` (e.g. a story's pairs, which are not independent; drawn in sorted order) for both scores
    at once, with ``rng`` (default: seeded 0). ``None`` when either class is absent."""
    whole_ours, whole_theirs = ranking_auc(positive, ours), ranking_auc(positive, theirs)
    if whole_ours is None or whole_theirs is None:
        return None
    members: dict[str, list[int]] = {}
    for i, group in enumerate(groups):
        members.setdefault(group, []).append(i)
    names = sorted(members)
    rng = rng or random.Random(0)
    diffs = []
    for _ in range(resamples):
        picked = [i for name in (rng.choice(names) for _ in names) for i in members[name]]
        a = ranking_auc([positive[i] for i in picked], [ours[i] for i in picked])
        b = ranking_auc([positive[i] for i in picked], [theirs[i] for i in picked])
        if a is not None and b is not None:
            diffs.append(a - b)
    diffs.sort()
    return whole_ours - whole_theirs, diffs[int(0.025 * len(diffs))], diffs[int(0.975 * len(diffs)) - 1]
