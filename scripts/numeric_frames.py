"""Does what a number counts separate real numeric conflicts from numbers of different things?

    python scripts/judged_news.py docs/judged-news-strata.md --out /tmp/strata.jsonl
    python scripts/numeric_frames.py /tmp/strata.jsonl

Reads the judged numeric-mismatch pairs (the two "numeric mismatch" samples of
docs/judged-news-strata.md: the 56 clusters, where a rule may be chosen, and the held-out clusters, where it
is checked) and, for each way of reading a quantity's context, prints how many pairs it keeps and how many
of them are real conflicts. A pair is kept when one unit has no value in common on the two sides
(``numbers.mismatch``) *and* the two quantities' contexts share a content word (noun, verb, adjective or
name, by lemma; the unit aside): ``window k`` is the k tokens either side of the number, ``dependency k``
is its syntactic head up to k levels with the head's arguments and modifiers ("12 people were
*injured*", "the 12000 block of East 223rd *Street*"). An experiment, not part of the product.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from factcheck.claims import load_spacy
from factcheck.numbers import QUANTITY, quantities

_ARGS = frozenset({"amod", "compound", "prep", "pobj", "dobj", "nsubj", "nsubjpass", "acl", "relcl"})
_CONTENT = frozenset({"NOUN", "VERB", "ADJ", "PROPN"})
READINGS = (("window", 3), ("window", 5), ("window", 8), ("dependency", 1), ("dependency", 2))


def contexts(doc: Any, mode: str, k: int) -> Iterator[tuple[str, set[float], set[str]]]:
    """(unit, values, context lemmas) for each quantity of a parsed sentence."""
    for m in QUANTITY.finditer(doc.text):
        found = quantities(m.group(0))
        tokens = [t for t in doc if m.start() <= t.idx < m.end()]
        if not found or not tokens:
            continue
        unit, values = next(iter(found.items()))
        if mode == "window":
            near = list(doc[max(tokens[0].i - k, 0):tokens[-1].i + k + 1])
        else:
            near = []
            for token in tokens:
                head = token
                for _ in range(k):
                    head = head.head
                    near.append(head)
                    near += [c for c in head.children if c.dep_ in _ARGS]
                    near += [g for c in head.children if c.dep_ == "prep" for g in c.children]
        words = {t.lemma_.lower() for t in near if t not in tokens and t.is_alpha and not t.is_stop
                 and t.pos_ in _CONTENT} - {unit, unit + "s"}
        yield unit, values, words


def aligned(doc_a: Any, doc_b: Any, mode: str, k: int) -> bool:
    """One unit with no value in common whose two quantities share a context word."""
    b = list(contexts(doc_b, mode, k))
    return any(unit == unit_b and not values & values_b and words & words_b
               for unit, values, words in contexts(doc_a, mode, k) for unit_b, values_b, words_b in b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("judged", help="JSONL written by scripts/judged_news.py from docs/judged-news-strata.md")
    args = parser.parse_args()
    rows = [json.loads(line) for line in Path(args.judged).read_text(encoding="utf-8").splitlines()]
    samples = [s for s in dict.fromkeys(r["sample"] for r in rows) if "numeric" in s or "Held-out" in s]
    nlp = load_spacy()
    docs = {text: nlp(text) for r in rows if r["sample"] in samples for text in (r["premise"], r["hypothesis"])}
    for sample in samples:
        part = [r for r in rows if r["sample"] == sample]
        real = sum(r["label"] == "contradiction" for r in part)
        print(f"{sample[:90]}\n  all pairs: {len(part)} kept, {real} real ({real / len(part):.0%})")
        for mode, k in READINGS:
            kept = [r for r in part if aligned(docs[r["premise"]], docs[r["hypothesis"]], mode, k)]
            hits = sum(r["label"] == "contradiction" for r in kept)
            print(f"  {mode} {k}: {len(kept)} kept, {hits} of {real} real ({hits / max(len(kept), 1):.0%})")


if __name__ == "__main__":
    main()
