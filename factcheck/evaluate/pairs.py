"""``factcheck eval pairs``: labelled premise/hypothesis pairs through the pipeline's own decision.

Each pair is scored in both directions and decided by ``findings.decide`` with the configured
thresholds, exactly as claim pairs are: contradiction → ``contradiction``, agreement →
``entailment``, nothing → ``neutral``. With ``not_contradiction`` gold labels the task is binary.
"""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factcheck.config import Thresholds
from factcheck.errors import InputError
from factcheck.findings import decide, mean_contradiction
from factcheck.metrics import accuracy, confusion, per_class, ranking_auc
from factcheck.nli import Scorer
from factcheck.records import Claim, ClaimPair, Kind, PairScores

THREE_WAY = ("entailment", "neutral", "contradiction")
BINARY = ("not_contradiction", "contradiction")


@dataclass(frozen=True)
class LabelledPair:
    premise: str
    """Text taken as true."""
    hypothesis: str
    """Text judged against it."""
    label: str
    """Gold label: one of ``THREE_WAY`` or ``not_contradiction``."""


def read_labelled_pairs(path: Path, limit: int | None = None) -> list[LabelledPair]:
    opener: Callable[..., Any] = gzip.open if path.suffix == ".gz" else open
    pairs = []
    try:
        with opener(path, "rt", encoding="utf-8-sig") as fh:  # -sig: a BOM is not part of line 1
            for lineno, line in enumerate(fh, 1):
                if line.strip():
                    pairs.append(_labelled_pair(line, f"{path}:{lineno}"))
                if limit and len(pairs) >= limit:
                    break
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file") from exc
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read it as UTF-8 JSON lines ({exc})") from exc
    if not pairs:
        raise InputError(f"{path}: no pairs")
    return pairs


def _labelled_pair(line: str, where: str) -> LabelledPair:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not a JSON object ({exc})") from exc
    if not isinstance(row, dict):
        raise InputError(f"{where}: not a JSON object with premise, hypothesis and label")
    missing = [k for k in ("premise", "hypothesis", "label") if k not in row]
    if missing:
        raise InputError(f"{where}: no {', '.join(missing)} (each line needs premise, hypothesis and label)")
    label = str(row["label"]).lower()
    if label not in (*THREE_WAY, "not_contradiction"):
        raise InputError(f"{where}: label must be entailment, neutral, contradiction or not_contradiction, "
                         f"not {row['label']!r}")
    return LabelledPair(str(row["premise"]), str(row["hypothesis"]), label)


def as_claim_pair(p: LabelledPair) -> ClaimPair:
    return ClaimPair(a=Claim("premise", p.premise, 0, len(p.premise), 1, ()),
                     b=Claim("hypothesis", p.hypothesis, 0, len(p.hypothesis), 1, ()), shared=(), score=0.0)


def predicted_label(kind: Kind | None) -> str:
    if kind is Kind.CONTRADICTION:
        return "contradiction"
    return "entailment" if kind is Kind.AGREEMENT else "neutral"


def evaluate_pairs(pairs: list[LabelledPair], scorer: Scorer, thresholds: Thresholds,
                   progress: Callable[[float], None] | None = None) -> dict[str, Any]:
    started = time.monotonic()
    scores = scorer.score([as_claim_pair(p) for p in pairs], progress=progress)
    seconds = time.monotonic() - started
    pred = []
    for s in scores:
        decision = decide(s, thresholds)
        pred.append(predicted_label(decision[0] if decision else None))
    gold = [p.label for p in pairs]
    contra = [mean_contradiction(s) for s in scores]
    binary = any(g == "not_contradiction" for g in gold)
    if binary:
        gold = [g if g == "contradiction" else "not_contradiction" for g in gold]
        pred = [x if x == "contradiction" else "not_contradiction" for x in pred]
    labels = BINARY if binary else THREE_WAY
    return {
        "n": len(pairs),
        "labels": list(labels),
        "accuracy": accuracy(gold, pred),
        "per_class": {c.label: {"precision": c.precision, "recall": c.recall, "f1": c.f1, "support": c.support}
                      for c in per_class(gold, pred, labels)},
        "confusion": confusion(gold, pred, labels),
        "pairs_per_second": len(pairs) / seconds if seconds > 0 else None,
        "contradiction_curve": contradiction_curve(gold, contra),
        "contradiction_auc": ranking_auc([g == "contradiction" for g in gold], contra),
        "by_direction": by_direction([p.label for p in pairs], scores),
        "model": scorer.model_id,
        "thresholds": {"contradiction": thresholds.contradiction, "one_way": thresholds.one_way,
                       "agreement": thresholds.agreement},
    }


def by_direction(gold: list[str], scores: list[PairScores]) -> dict[str, dict[str, float]]:
    """Per gold label: mean P(contradiction) and the share whose most likely label is contradiction, read as
    written (premise → hypothesis) and backwards. NLI data is written one way and factcheck reads both
    (docs/quality.md, "The two directions"): a model that sees contradictions only as written loses them in
    the mean of the two."""
    out = {}
    for label in sorted(set(gold)):
        rows = [s for g, s in zip(gold, scores, strict=True) if g == label]
        entry: dict[str, float] = {"n": len(rows)}
        for name, probs in (("written", [s.forward for s in rows]), ("backwards", [s.backward for s in rows])):
            entry[f"mean_p_{name}"] = sum(p["contradiction"] for p in probs) / len(rows)
            entry[f"argmax_{name}"] = sum(max(p, key=p.__getitem__) == "contradiction" for p in probs) / len(rows)
        out[label] = entry
    return out


CURVE_THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)


def contradiction_curve(gold: list[str], contra: list[float]) -> list[dict[str, float]]:
    """Precision, recall and F1 of "mean P(contradiction) of both directions ≥ t" for several t."""
    positives = sum(g == "contradiction" for g in gold)
    rows = []
    for t in CURVE_THRESHOLDS:
        flagged = [g for g, c in zip(gold, contra, strict=True) if c >= t]
        tp = sum(g == "contradiction" for g in flagged)
        p = tp / len(flagged) if flagged else 0.0
        r = tp / positives if positives else 0.0
        rows.append({"threshold": t, "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
                     "flagged": len(flagged)})
    return rows


def format_pairs_result(r: dict[str, Any]) -> str:
    lines = [f"model {r['model']}  n={r['n']}  accuracy {r['accuracy']:.4f}  "
             f"({r['pairs_per_second']:.1f} pairs/s, both directions)" if r["pairs_per_second"] else "",
             "", f"{'class':18s} {'precision':>9s} {'recall':>7s} {'f1':>7s} {'support':>8s}"]
    for label, c in r["per_class"].items():
        lines.append(f"{label:18s} {c['precision']:9.4f} {c['recall']:7.4f} {c['f1']:7.4f} {c['support']:8d}")
    lines += ["", "confusion (rows gold, columns predicted): " + " / ".join(r["labels"])]
    lines += ["  " + " ".join(f"{v:7d}" for v in row) + f"   {label}" for label, row in zip(r["labels"],
                                                                                           r["confusion"], strict=True)]
    auc = r["contradiction_auc"]
    lines += ["", "contradiction ranking AUC (mean P(contradiction) of both directions; 0.5 = chance): "
              + (f"{auc:.3f}" if auc is not None else "n/a (one class only)")]
    lines += ["", "P(contradiction) by direction, as written / backwards: its mean, and the share of pairs where "
              "it is the most likely label"]
    lines += [f"  {label:18s} n={d['n']:<6d} mean {d['mean_p_written']:.3f} / {d['mean_p_backwards']:.3f}   "
              f"argmax {d['argmax_written']:.3f} / {d['argmax_backwards']:.3f}"
              for label, d in r["by_direction"].items()]
    lines += ["", "contradiction threshold sweep (mean of both directions only, no one-way rule):  "
              "t  precision  recall  f1  flagged"]
    lines += [f"  {c['threshold']:.2f}  {c['precision']:.3f}  {c['recall']:.3f}  {c['f1']:.3f}  {c['flagged']}"
              for c in r["contradiction_curve"]]
    return "\n".join(lines)
