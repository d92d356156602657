"""The news pairs judged by hand, as labelled pairs for ``factcheck eval pairs``.

    python scripts/judged_news.py docs/quality.md docs/judged-news-pool.md docs/judged-news-strata.md \
        --out /tmp/judged-news.jsonl
    factcheck eval pairs /tmp/judged-news.jsonl --model NEW_MODEL

Every table row of the given files (docs/quality.md: five samples of the shipped model's flags;
docs/judged-news-pool.md: a sample of the pairs that any of four models flags at 0.5;
docs/judged-news-strata.md: candidate pairs with a numeric mismatch, flagged or not) whose verdict is
"real conflict" becomes a ``contradiction`` pair; "false alarm" and "change over time" rows become
``not_contradiction`` (a change over time is a separate label, not a same-time conflict); ``sample``
names the section the row is in (the session-12 sample of docs/quality.md is held out: check rules
chosen on the others against it). The two sentences are the ones the model compared, as the tables show
them (their Markdown escapes undone); a pair judged twice is written once. Most rows were flagged by some
model, so the figures say how a model ranks and keeps those flags (the real conflicts it still finds,
the false alarms it still raises), not how much it would newly flag.
The sentences come from ../shared/data/news (benchmark use only): write the file outside the project.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

LABELS = {"real conflict": "contradiction", "false alarm": "not_contradiction",
          "change over time": "not_contradiction"}


def unescape(cell: str) -> str:
    """A table cell's text as the model read it: the flags table backslash-escapes Markdown syntax
    (``factcheck.report.escape.md_text``)."""
    return re.sub(r"\\([\\`*_\[\]<>#|~&+=.)-])", r"\1", cell)


def judged_rows(markdown: str) -> list[dict[str, str]]:
    """One labelled pair per distinct judged row of the flags tables (``| # | cluster | A | B | conf. |
    labels | verdict | cause |``)."""
    out, seen = [], set()
    section = ""
    for line in markdown.splitlines():
        if re.match(r"#{1,6} ", line):
            section = line.lstrip("#").strip()
        if not re.match(r"^\| \d+ \| ", line):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        if len(cells) < 8 or cells[6] not in LABELS:
            continue
        premise, hypothesis = unescape(cells[2]), unescape(cells[3])
        key = tuple(sorted((premise, hypothesis)))
        if key in seen:
            continue
        seen.add(key)
        out.append({"premise": premise, "hypothesis": hypothesis, "label": LABELS[cells[6]],
                    "cluster": cells[1], "cause": cells[7], "sample": section})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("tables", type=Path, nargs="+", help="docs/quality.md, docs/judged-news-*.md")
    ap.add_argument("--out", type=Path, required=True, help="JSON lines to write (outside the project)")
    args = ap.parse_args()
    rows = judged_rows("\n".join(path.read_text(encoding="utf-8") for path in args.tables))
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    real = sum(r["label"] == "contradiction" for r in rows)
    print(f"{len(rows)} judged pairs ({real} real conflicts) -> {args.out}")


if __name__ == "__main__":
    main()
