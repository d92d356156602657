"""Classification metrics computed from (gold, predicted) label lists: accuracy, per-class P/R/F1."""

from __future__ import annotations

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
