"""Pool the news flags of several models into one shuffled list of pairs to judge by hand.

    python scripts/news_flags.py ../shared/data/news/clusters --contradiction-threshold 0.5 --model M \\
        --out /tmp/flags-M.md                                    # once per model
    python scripts/judged_news.py docs/quality.md --out /tmp/judged.jsonl
    python scripts/news_pool.py shipped=/tmp/flags-shipped.md r6=/tmp/flags-r6.md … \\
        --judged /tmp/judged.jsonl --out /tmp/pool.md

The union of the flags tables (pairs already judged, and pairs whose text a table cut at its length
limit, left out), sorted by cluster and text, then shuffled with a fixed seed: judging the list from the
top gives a random sample of the pool. docs/judged-news-pool.md holds the first 200 of session 12's pool
(four models at 0.5, code of session 12, pairs judged in docs/quality.md left out, seed 12): the same
inputs give the same order, so a later session continues at #201. Writes a table in the
judged-news format with empty verdict and cause columns. The sentences come from ../shared/data/news
(benchmark use only): write the list outside the project.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from judged_news import unescape  # scripts/ is on the path when a script runs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("flags", nargs="+", help="NAME=FLAGS.md, one per model (scripts/news_flags.py output)")
    ap.add_argument("--judged", type=Path, help="scripts/judged_news.py output: pairs to leave out")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    judged = set()
    if args.judged:
        for line in args.judged.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            judged.add(tuple(sorted((row["premise"], row["hypothesis"]))))
    pool: dict[tuple[str, ...], dict] = {}
    for spec in args.flags:
        name, _, path = spec.partition("=")
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if not re.match(r"^\| \d+ \| ", line):
                continue
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            key = tuple(sorted((unescape(cells[2]), unescape(cells[3]))))
            if key in judged or any(c.endswith("…") for c in cells[2:4]):
                continue
            entry = pool.setdefault(key, {"cluster": cells[1], "a": cells[2], "b": cells[3], "models": []})
            entry["models"].append(name)
    rows = sorted(pool.values(), key=lambda r: (r["cluster"], unescape(r["a"]), unescape(r["b"])))
    random.Random(args.seed).shuffle(rows)
    out = ["| # | cluster | claim A | claim B | conf. | flagged by | verdict | cause |",
           "|---|---|---|---|---|---|---|---|"]
    out += [f"| {i} | {r['cluster']} | {r['a']} | {r['b']} |  | {', '.join(r['models'])} | | |"
            for i, r in enumerate(rows, 1)]
    args.out.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"{len(rows)} pairs -> {args.out}")


if __name__ == "__main__":
    main()
