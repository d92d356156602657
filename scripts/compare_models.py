"""Two models on the same labelled pairs: the difference of their contradiction ranking AUCs, paired.

    python scripts/judged_news.py docs/quality.md docs/judged-news-pool.md docs/judged-news-strata.md \
        --out /tmp/judged-news.jsonl
    python scripts/compare_models.py /tmp/judged-news.jsonl --model NEW_MODEL [--versus OLD_MODEL]

Each pair is scored by both models the way the pipeline does (mean P(contradiction) of both directions,
through the NLI cache), and the AUC of gold contradictions against the rest is computed for each model
(`factcheck eval pairs` prints one model's). The 95% interval of the difference comes from resampling the
same groups for both models (2,000 resamples, seed 0): the groups are the `cluster` field when the pairs
have one (pairs of one story are not independent), else the pairs themselves. Comparing two models' own
intervals instead hides a difference that is consistent pair by pair.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path

from factcheck.cache import Cache, CachedScorer, default_cache_path
from factcheck.config import Config
from factcheck.evaluate.pairs import as_claim_pair, read_labelled_pairs
from factcheck.findings import mean_contradiction
from factcheck.metrics import paired_auc_difference, ranking_auc
from factcheck.pipeline import make_scorer


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("pairs", type=Path, help="labelled pairs (.jsonl[.gz]) as `factcheck eval pairs` reads them")
    ap.add_argument("--model", required=True, help="the model to compare (folder or hub id)")
    ap.add_argument("--versus", default=None, help="the model to compare with [default: the shipped one]")
    args = ap.parse_args()
    pairs = read_labelled_pairs(args.pairs)
    opener = gzip.open if args.pairs.suffix == ".gz" else open
    with opener(args.pairs, "rt", encoding="utf-8") as fh:
        groups = [str(json.loads(line).get("cluster", i)) for i, line in enumerate(fh) if line.strip()]
    cache = Cache(default_cache_path())
    scores, names = [], []
    for model in (args.model, args.versus):
        scorer = CachedScorer(make_scorer(Config(corpus=args.pairs, model=model)), cache)
        scores.append([mean_contradiction(s) for s in scorer.score([as_claim_pair(p) for p in pairs])])
        names.append(scorer.model_id)
    cache.close()
    gold = [p.label == "contradiction" for p in pairs]
    paired = paired_auc_difference(gold, scores[0], scores[1], groups)
    if paired is None:
        raise SystemExit(f"{args.pairs}: the pairs need both contradictions and other labels to rank")
    diff, low, high = paired
    print(f"{len(pairs)} pairs, {sum(gold)} contradictions, {len(set(groups))} groups")
    for name, s in zip(names, scores, strict=True):
        print(f"  {name:50s} AUC {ranking_auc(gold, s):.3f}")
    print(f"  difference {diff:+.3f}  95% interval {low:+.3f} … {high:+.3f}")


if __name__ == "__main__":
    main()
