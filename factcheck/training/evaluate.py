"""Evaluate a model folder on the NLI dev sets: score labelled pairs, summarise accuracy and per-class figures."""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from factcheck.metrics import accuracy, confusion, per_class
from factcheck.training.consistent import consistent_pairs
from factcheck.training.data import LABELS, NliPair, mnli_dev_half, read_pairs

DEV_SETS = ("mnli_dev_matched_half1", "snli_dev", "snli_cad_dev", "newprotocols_wiki_dev")


def load_dev(data_dir: Path, name: str) -> list[NliPair]:
    if name == "mnli_dev_matched_half1":
        return mnli_dev_half(data_dir, 1)
    return read_pairs(data_dir / f"{name}.jsonl.gz")


def evaluate_dir(model_dir: Path, data_dir: Path, out_json: Path, extra: dict[str, list[NliPair]] | None = None,
                 hans: Path | None = None) -> dict:
    """Evaluate a saved model on every dev set (and ``extra`` sets, and a HANS-style file); print a
    table and write all figures, precision curves included, to ``out_json``."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForSequenceClassification.from_pretrained(model_dir, dtype=torch.float32)
    if torch.cuda.is_available():
        model = model.to("cuda")
    results: dict = {}
    sets = {name: load_dev(data_dir, name) for name in DEV_SETS} | (extra or {})
    for name, pairs in sets.items():
        t0 = time.monotonic()
        probs = predict_probs(model, tokenizer, pairs)
        res = summarise(pairs, probs)
        res["pairs_per_s"] = len(pairs) / (time.monotonic() - t0)
        results[name] = res
        pc = res["per_class"]["contradiction"]
        print(f"{name:24s} n={res['n']:5d} acc={res['accuracy']:.4f} contradiction "
              f"P={pc['precision']:.3f} R={pc['recall']:.3f} F1={pc['f1']:.3f}", flush=True)
    # hypotheses of one held-out MNLI premise that cannot contradict each other (training/consistent.py)
    consistent = consistent_pairs(load_dev(data_dir, "mnli_dev_matched_half1"), 10**6, 0,
                                  frozenset({"mnli_dev_matched"}))
    results["mnli_dev_matched_half1_consistent"] = res = summarise_consistent(
        predict_probs(model, tokenizer, consistent))
    print(f"{'mnli_half1_consistent':24s} n={res['n']:5d} said contradiction: argmax {res['contradiction_argmax']:.3f}"
          f", P>=0.5 {res['contradiction_p_ge_0.5']:.3f} (lower is better)", flush=True)
    if hans:
        with gzip.open(hans, "rt", encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh]
        probs = predict_probs(model, tokenizer, [NliPair(r["premise"], r["hypothesis"], "neutral", "hans")
                                                 for r in rows])
        results["hans"] = summarise_entailment_binary(rows, probs)
        print("hans " + " ".join(f"{k}={v['accuracy']:.3f}" for k, v in results["hans"].items()), flush=True)
        print("hans said contradiction " + " ".join(f"{k}={v['said_contradiction']:.3f}"
                                                    for k, v in results["hans"].items()), flush=True)
    out_json.parent.mkdir(parents=True, exist_ok=True)
    out_json.write_text(json.dumps(results, indent=2))
    return results


def predict_probs(model: Any, tokenizer: Any, pairs: Sequence[NliPair], batch_size: int = 64,
                  max_length: int = 256) -> list[dict[str, float]]:
    """Premise→hypothesis label probabilities for each pair, in input order."""
    import torch

    id2label = {int(k): v.lower() for k, v in model.config.id2label.items()}
    order = sorted(range(len(pairs)), key=lambda i: len(pairs[i].premise) + len(pairs[i].hypothesis))
    out: list[dict[str, float]] = [{} for _ in pairs]
    model.eval()
    with torch.inference_mode():
        for start in range(0, len(order), batch_size):
            idx = order[start:start + batch_size]
            enc = tokenizer([pairs[i].premise for i in idx], [pairs[i].hypothesis for i in idx],
                            truncation=True, max_length=max_length, padding=True, return_tensors="pt").to(model.device)
            probs = model(**enc).logits.float().softmax(-1).tolist()
            for i, row in zip(idx, probs, strict=True):
                out[i] = {id2label[j]: p for j, p in enumerate(row)}
    return out


def summarise(pairs: Sequence[NliPair], probs: Sequence[dict[str, float]]) -> dict[str, Any]:
    """Accuracy, per-class P/R/F1, confusion matrix, and the P(contradiction) precision curve."""
    gold = [p.label for p in pairs]
    pred = [max(LABELS, key=lambda lab: pr[lab]) for pr in probs]
    return {
        "n": len(pairs),
        "accuracy": accuracy(gold, pred),
        "per_class": {c.label: {"precision": c.precision, "recall": c.recall, "f1": c.f1, "support": c.support}
                      for c in per_class(gold, pred, LABELS)},
        "confusion": {"labels": list(LABELS), "matrix": confusion(gold, pred, LABELS)},
        "contradiction_curve": contradiction_curve(gold, [pr["contradiction"] for pr in probs]),
    }


def contradiction_curve(gold: Sequence[str], p_contra: Sequence[float],
                        thresholds: Sequence[float] = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98)
                        ) -> list[dict[str, float]]:
    """Precision and recall of "P(contradiction) ≥ t" for each threshold t."""
    n_pos = sum(g == "contradiction" for g in gold)
    rows = []
    for t in thresholds:
        flagged = [g for g, p in zip(gold, p_contra, strict=True) if p >= t]
        tp = sum(g == "contradiction" for g in flagged)
        rows.append({"threshold": t, "precision": tp / len(flagged) if flagged else 0.0,
                     "recall": tp / n_pos if n_pos else 0.0, "flagged": len(flagged)})
    return rows


def summarise_entailment_binary(rows: Sequence[dict], probs: Sequence[dict[str, float]]) -> dict[str, Any]:
    """HANS-style sets (gold ``entailment`` / ``non-entailment``): accuracy of "entailment is the argmax",
    overall and per heuristic and gold label (chance is 0.5; lexical-overlap traps sit in
    ``non-entailment``), and how often the argmax is contradiction (what would reach factcheck's reports)."""
    from collections import defaultdict

    groups: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    for row, pr in zip(rows, probs, strict=True):
        said = max(pr, key=pr.__getitem__)
        result = ((said == "entailment") == (row["label"] == "entailment"), said == "contradiction")
        groups["all"].append(result)
        groups[f"{row.get('heuristic', '?')}/{row['label']}"].append(result)
    return {k: {"accuracy": sum(ok for ok, _ in v) / len(v), "said_contradiction": sum(c for _, c in v) / len(v),
                "n": len(v)} for k, v in sorted(groups.items())}


def summarise_consistent(probs: Sequence[dict[str, float]]) -> dict[str, Any]:
    """Pairs known not to contradict (``not_contradiction``): how often the model says they do — by
    argmax, and by P(contradiction) ≥ 0.5 (lower is better for both)."""
    n = len(probs)
    argmax_contra = sum(max(pr, key=pr.__getitem__) == "contradiction" for pr in probs)
    return {"n": n,
            "contradiction_argmax": argmax_contra / n if n else 0.0,
            "contradiction_p_ge_0.5": sum(pr["contradiction"] >= 0.5 for pr in probs) / n if n else 0.0}
