"""Sweep pairing and decision settings on the dev cases, scoring every pair only once.

    python scripts/tune_cases.py ../shared/data/eval-dev/cases [--model DIR] [--variants | --ranking [--versus DIR]]

Each case is read, its claims extracted and paired with each partner cap; every pair is scored
once through the NLI cache (so a second sweep costs nothing). Then, without touching the model
again, each setting (partners per claim k, minimum pairing score, contradiction threshold) is
decided and matched to gold with the rules of ``factcheck eval cases``, and the micro-averaged
figures are printed. For the dev cases only: never point it at held-out cases.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from factcheck.cache import Cache, CachedScorer, default_cache_path
from factcheck.claims import extract_claims, load_spacy
from factcheck.config import Config, Thresholds
from factcheck.corpus import load_corpus
from factcheck.evaluate.cases import Tally, score_case
from factcheck.findings import build_findings, mean_contradiction
from factcheck.metrics import paired_auc_difference, ranking_auc
from factcheck.numbers import mismatch
from factcheck.pairing import pair_claims, pair_order
from factcheck.pipeline import make_scorer
from factcheck.records import Claim, ClaimPair, Kind, PairScores

HEDGE = re.compile(r"\b(may|might|could|would|reportedly|allegedly|possibly|likely|expected to|if|whether|"
                   r"suggests?|appears? to|seems? to|rumou?rs?)\b", re.I)
"""Cues of hedged, conditional or reported speech (failure class: hedges read as assertions)."""


def _with_contradiction(sc: PairScores, value: float) -> PairScores:
    return replace(sc, forward={**sc.forward, "contradiction": value}, backward={**sc.backward, "contradiction": value})


_LEAD = re.compile(r"^[\W_]*(?:(?:and|but|so|or|yet)\s+)?([a-z]+)", re.I)
_DEPENDENT_SUBJECTS = frozenset("i we you it this that these those they he she there one".split())


def context_dependent(claim: Claim) -> bool:
    """A claim that needs its article to be understood: no entity besides its speaker, and it opens
    with a pronoun or demonstrative ("It's going to be useless", "I don't think there was one")."""
    m = _LEAD.match(claim.nli_text)
    own = set(claim.entities) - {claim.speaker}
    return not own and m is not None and m.group(1).lower() in _DEPENDENT_SUBJECTS


VARIANTS: dict[str, Callable[[ClaimPair, PairScores], PairScores]] = {
    # the shipped rule: mean P(contradiction) of the two directions (or one direction ≥ --one-way, if given)
    "shipped": lambda p, sc: sc,
    # the baseline without a model: every candidate pair is a contradiction (what the gold's base rate gives)
    "flag every pair": lambda p, sc: _with_contradiction(sc, 1.0),
    # aggregation of the two directions
    "max of directions": lambda p, sc: _with_contradiction(
        sc, max(sc.forward["contradiction"], sc.backward["contradiction"])),
    "min of directions": lambda p, sc: _with_contradiction(
        sc, min(sc.forward["contradiction"], sc.backward["contradiction"])),
    # the direction NLI data is written in: the longer claim as premise (session 14)
    "longer as premise": lambda p, sc: _with_contradiction(
        sc, (sc.forward if len(p.a.nli_text) >= len(p.b.nli_text) else sc.backward)["contradiction"]),
    # hedged / conditional / reported speech: no contradiction when either side hedges
    "drop hedged": lambda p, sc: _with_contradiction(sc, 0.0) if HEDGE.search(p.a.text) or HEDGE.search(p.b.text)
    else sc,
    # numbers: an aligned numeric mismatch lowers the bar by 0.15
    "numbers +0.15": lambda p, sc: _with_contradiction(sc, min(1.0, mean_contradiction(sc) + 0.15))
    if mismatch(p.a.text, p.b.text) else sc,
    # context-dependent fragments: no contradiction when either side cannot stand on its own
    "drop dependent": lambda p, sc: _with_contradiction(sc, 0.0) if context_dependent(p.a) or context_dependent(p.b)
    else sc,
    # topic similarity: pairs that share only one entity and little wording need 0.15 more
    "weak pairs -0.15": lambda p, sc: _with_contradiction(sc, mean_contradiction(sc) - 0.15)
    if len(p.shared) <= 1 and len(p.shared_words) < 2 else sc,
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", type=Path)
    ap.add_argument("--model", default=None)
    ap.add_argument("--ks", default="2,4,8,16")
    ap.add_argument("--min-scores", default="0,0.1,0.15,0.2,0.25,0.3")
    ap.add_argument("--thresholds", default="0.5,0.6,0.7")
    ap.add_argument("--agreement-thresholds", default=str(Thresholds.agreement),
                    help="comma list of agreement thresholds to sweep (default: the shipped one)")
    ap.add_argument("--one-way", type=float, default=Thresholds.one_way,
                    help="also a contradiction when one direction alone reaches this (default: off, as shipped)")
    ap.add_argument("--variants", action="store_true",
                    help="instead of the k/min-score sweep, compare the failure-class variants (k = 8)")
    ap.add_argument("--ranking", action="store_true",
                    help="instead, the threshold-free view (k = 8): how well each file pair's strongest contradiction "
                         "score ranks gold contradictions above gold agreements / no-relation pairs (AUC, per source)")
    ap.add_argument("--versus", default=None, metavar="MODEL",
                    help="with --ranking: also score the same pairs with MODEL and print the AUC difference "
                         "(--model minus MODEL) with a paired bootstrap interval over cases")
    ap.add_argument("--json", type=Path, default=None, help="also write every row here")
    args = ap.parse_args()
    if args.versus and not args.ranking:
        ap.error("--versus compares rankings: use it with --ranking")

    nlp = load_spacy()
    cache = Cache(default_cache_path())
    scorer = CachedScorer(make_scorer(Config(corpus=args.cases, model=args.model)), cache)
    versus = CachedScorer(make_scorer(Config(corpus=args.cases, model=args.versus)), cache) if args.versus else None
    data: list = []
    other: list = []
    for case in sorted(p for p in args.cases.iterdir() if (p / "gold.json").exists()):
        gold = json.loads((case / "gold.json").read_text(encoding="utf-8"))
        articles, _ = load_corpus(case)
        claims, _ = extract_claims(articles, nlp, cache=cache)
        per_k = {k: pair_claims(claims, k)[0] for k in {*map(int, args.ks.split(",")), 8}}
        pairs = sorted({p for ps in per_k.values() for p in ps}, key=pair_order)
        scores = dict(zip(pairs, scorer.score(pairs), strict=True))
        data.append((gold, {a.id: a for a in articles}, scores, per_k))
        if versus:
            other.append((gold, {}, dict(zip(pairs, versus.score(pairs), strict=True)), per_k))
    cache.close()

    print(f"model {scorer.model_id}")
    if args.ranking and versus:
        print(f"versus {versus.model_id}")
        rows = _paired(data, other)
    else:
        rows = _ranking(data) if args.ranking else _variants(args, data) if args.variants else _sweep(args, data)
    if args.json:
        args.json.write_text(json.dumps({"model": scorer.model_id, "rows": rows}, indent=1))


def _variants(args: argparse.Namespace, data: list) -> list[dict]:
    print(f"{'variant':20s} {'t':>4s}   {'C P':>5s} {'C R':>5s} {'C F1':>5s} {'TP':>3s} {'FA':>3s}")
    rows = []
    for name, t in itertools.product(VARIANTS, map(float, args.thresholds.split(","))):
        c = _figures(data, 8, 0.0, t, args.one_way, VARIANTS[name])[0]
        rows.append({"variant": name, "threshold": t, "contradiction": c})
        print(f"{name:20s} {t:4.2f}   {c['precision']:5.3f} {c['recall']:5.3f} {c['f1']:5.3f} {c['tp']:3d} "
              f"{c['false_alarms']:3d}")
    return rows


def _by_source(data: list) -> dict[str, list[tuple[list[float], list[float]]]]:
    """Per source, per case: the strongest mean P(contradiction) of each gold contradiction's file pair and of
    each gold agreement / no-relation file pair (k = 8; 0 when no candidate pair joins the two files)."""
    by_source: dict[str, list[tuple[list[float], list[float]]]] = {}
    for gold, _, scores, per_k in data:
        best: dict[tuple[str, str], float] = {}
        for p in per_k[8]:
            key = tuple(sorted((p.a.article_id, p.b.article_id)))
            best[key] = max(best.get(key, 0.0), mean_contradiction(scores[p]))
        pos = [best.get(tuple(sorted((e["file_a"], e["file_b"]))), 0.0) for e in gold.get("contradictions", [])]
        neg = [best.get(tuple(sorted((e["file_a"], e["file_b"]))), 0.0) for e in gold.get("agreements", [])]
        neg += [best.get(tuple(sorted(pair)), 0.0) for pair in gold.get("no_relation_expected", [])]
        by_source.setdefault(gold.get("source", "?"), []).append((pos, neg))
    return by_source


def _interval(values: list[float]) -> tuple[float, float]:
    values = sorted(v for v in values if v == v)  # NaN: a resample without one of the classes
    return values[int(0.025 * len(values))], values[int(0.975 * len(values)) - 1]


def _ranking(data: list, resamples: int = 2000) -> list[dict]:
    """AUC of the file pair's best mean P(contradiction): gold contradictions against gold agreements and
    no-relation pairs, within each source, with a 95% bootstrap interval over cases (seed 0). 0.5 is chance;
    it says how much a model separates the gold, whatever threshold it is later given."""
    rng = random.Random(0)
    rows = []
    print(f"{'source':32s} {'cases':>5s} {'contr.':>6s} {'other':>5s}   {'AUC':>5s}  95% interval")
    for source, cases in sorted(_by_source(data).items()):
        auc = _auc(cases)
        low, high = _interval([_auc([rng.choice(cases) for _ in cases]) for _ in range(resamples)])
        n_pos, n_neg = sum(len(c[0]) for c in cases), sum(len(c[1]) for c in cases)
        rows.append({"source": source, "cases": len(cases), "contradictions": n_pos, "others": n_neg, "auc": auc,
                     "interval": [low, high]})
        print(f"{source:32s} {len(cases):5d} {n_pos:6d} {n_neg:5d}   {auc:5.3f}  {low:.3f}–{high:.3f}")
    return rows


def _paired(data: list, other: list, resamples: int = 2000) -> list[dict]:
    """The two models' AUCs on the same file pairs and their difference, with a 95% interval from resampling
    the same cases for both (``metrics.paired_auc_difference``, one generator seeded 0 across sources):
    narrower than comparing the two models' own intervals."""
    rng = random.Random(0)
    rows = []
    print(f"{'source':32s} {'cases':>5s}   {'AUC':>5s} {'vs':>5s}   {'diff':>6s}  95% interval")
    theirs = _by_source(other)
    for source, ours in sorted(_by_source(data).items()):
        gold, ours_scores, groups = _flat(ours)
        theirs_scores = _flat(theirs[source])[1]
        paired = paired_auc_difference(gold, ours_scores, theirs_scores, groups, resamples, rng)
        if paired is None:  # a source whose gold holds one class only: nothing to rank
            print(f"{source:32s} {len(ours):5d}   (no AUC: needs both contradictions and other file pairs)")
            continue
        diff, low, high = paired
        rows.append({"source": source, "cases": len(ours), "auc": _auc(ours), "versus_auc": _auc(theirs[source]),
                     "difference": diff, "interval": [low, high]})
        print(f"{source:32s} {len(ours):5d}   {_auc(ours):5.3f} {_auc(theirs[source]):5.3f}   {diff:+6.3f}  "
              f"{low:+.3f} … {high:+.3f}")
    return rows


def _flat(cases: list[tuple[list[float], list[float]]]) -> tuple[list[bool], list[float], list[str]]:
    """Gold labels, scores and case names (zero-padded, so that sorted is case order) of per-case file pairs."""
    gold, scores, groups = [], [], []
    for i, (pos, neg) in enumerate(cases):
        gold += [True] * len(pos) + [False] * len(neg)
        scores += pos + neg
        groups += [f"{i:06d}"] * (len(pos) + len(neg))
    return gold, scores, groups


def _auc(cases: list[tuple[list[float], list[float]]]) -> float:
    """``metrics.ranking_auc`` of the cases' file pairs pooled; NaN when a class is absent."""
    gold, scores, _ = _flat(cases)
    auc = ranking_auc(gold, scores)
    return float("nan") if auc is None else auc


def _sweep(args: argparse.Namespace, data: list) -> list[dict]:
    rows = []
    print(f"{'k':>3s} {'min':>5s} {'t':>4s} {'pairs':>6s}   {'C P':>5s} {'C R':>5s} {'C F1':>5s} {'FA':>3s}   "
          f"{'a':>4s} {'A P':>5s} {'A R':>5s} {'A TP':>4s} {'A FA':>4s}")
    for k, min_score, t, a_t in itertools.product(map(int, args.ks.split(",")),
                                                  map(float, args.min_scores.split(",")),
                                                  map(float, args.thresholds.split(",")),
                                                  map(float, args.agreement_thresholds.split(","))):
        c, a, n_pairs = _figures(data, k, min_score, t, args.one_way, agreement=a_t)
        rows.append({"k": k, "min_score": min_score, "threshold": t, "agreement_threshold": a_t, "pairs": n_pairs,
                     "contradiction": c, "agreement": a})
        print(f"{k:3d} {min_score:5.2f} {t:4.2f} {n_pairs:6d}   {c['precision']:5.3f} {c['recall']:5.3f} "
              f"{c['f1']:5.3f} {c['false_alarms']:3d}   {a_t:4.2f} {a['precision']:5.3f} {a['recall']:5.3f} "
              f"{a['tp']:4d} {a['false_alarms']:4d}")
    return rows


def _figures(data: list, k: int, min_score: float, t: float, one_way: float | None,
             variant: Callable[[ClaimPair, PairScores], PairScores] = VARIANTS["shipped"],
             agreement: float = Thresholds.agreement) -> tuple:
    """Micro-averaged contradiction and agreement figures of one setting, and the pairs it scores."""
    totals = {Kind.CONTRADICTION: Tally(), Kind.AGREEMENT: Tally()}
    n_pairs = 0
    for gold, by_id, scores, per_k in data:
        pairs = [p for p in per_k[k] if p.score >= min_score]
        n_pairs += len(pairs)
        found = build_findings(pairs, [variant(p, scores[p]) for p in pairs], by_id,
                               Thresholds(contradiction=t, agreement=agreement, one_way=one_way))
        for kind, tally in totals.items():
            tally.add(score_case(gold, found, kind))
    return totals[Kind.CONTRADICTION].figures(), totals[Kind.AGREEMENT].figures(), n_pairs


if __name__ == "__main__":
    main()
