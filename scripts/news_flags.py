"""Run factcheck on every story cluster of a news folder and list its contradiction flags for judging.

    python scripts/news_flags.py ../shared/data/news/clusters --out /tmp/news-flags.md

Writes one Markdown table row per flag (cluster, both sentences, confidence, labels) with empty
"verdict" and "cause" columns to fill in by hand (real conflict / change over time / false alarm).
"""

import argparse
from pathlib import Path

from factcheck.claims import load_spacy
from factcheck.config import Config, Thresholds
from factcheck.pipeline import make_scorer, run
from factcheck.records import Kind
from factcheck.report.escape import md_text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("clusters", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--model", default=None)
    ap.add_argument("--contradiction-threshold", type=float, default=Thresholds.contradiction)
    ap.add_argument("--one-way-threshold", type=float, default=Thresholds.one_way, help="default: off")
    args = ap.parse_args()
    th = Thresholds(contradiction=args.contradiction_threshold, one_way=args.one_way_threshold)
    nlp, scorer = load_spacy(), make_scorer(Config(corpus=args.clusters, model=args.model))
    rows = ["| # | cluster | claim A | claim B | conf. | labels | verdict | cause |",
            "|---|---|---|---|---|---|---|---|"]
    n = 0
    for folder in sorted(p for p in args.clusters.iterdir() if p.is_dir()):
        result = run(Config(corpus=folder, thresholds=th), scorer=scorer, nlp=nlp)
        for f in result.findings:
            if f.kind is Kind.CONTRADICTION:
                n += 1
                rows.append(f"| {n} | {folder.name[:30]} | {md_text(f.pair.a.nli_text, 300)} | "
                            f"{md_text(f.pair.b.nli_text, 300)} | {f.confidence:.2f} | {', '.join(f.labels)} | | |")
        print(f"{folder.name}: {result.pairing.kept} pairs, {n} flags so far", flush=True)
    args.out.write_text("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
