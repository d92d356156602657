"""Number-swap pairs: training data against "the same sentence, so the same fact" when a number differs.

On news, two accounts of one fact that differ only in a number ("12 people were injured" / "18 people
had been injured") are the real conflicts the shipped model misses most: it reads them as paraphrases
(docs/quality.md, "Numbers as a second signal": AUC 0.30 on 136 judged pairs). From the mix's sentences
(premises and hypotheses of every source: FEVER's evidence holds many numbers) with a counted quantity
(a number with its unit, ``numbers.quantities``; not a year):

- the sentence against itself with that number changed is a **contradiction** ("12 people" / "24 people");
- the sentence against itself with the number written another way is an **entailment** ("12 people" /
  "twelve people", "1,500" / "1500"), so that the model does not learn "a number changed on the page,
  so a contradiction".

Half of each, one quantity per sentence, the two sides in random order.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

from factcheck.numbers import NUMBER_WORDS, QUANTITY, quantities
from factcheck.training.data import NliPair

SOURCE = "number_swaps"
_DIGITS_TO_WORD = {v: w for w, v in NUMBER_WORDS.items() if w not in ("hundred", "dozen")}
_FACTORS = (0.5, 1.5, 2.0, 3.0)


def _counted(text: str) -> re.Match[str] | None:
    """The first number of ``text`` that counts something (has a unit, %, or currency), if any."""
    for m in QUANTITY.finditer(text):
        if quantities(m.group(0)):
            return m
    return None


def _changed(raw: str, rng: random.Random) -> str | None:
    """Another value, written the way ``raw`` is: a word number for a word, digits (with thousands
    commas if ``raw`` has them) for digits."""
    low = raw.lower()
    if low in ("hundred", "dozen"):
        return None  # "two dozen": the number is the phrase, not the word
    if low in NUMBER_WORDS:
        others = [w for w in _DIGITS_TO_WORD.values() if w != low]
        word = rng.choice(others)
        return word.capitalize() if raw[:1].isupper() else word
    value = float(raw.replace(",", ""))
    new = value * rng.choice(_FACTORS)
    if "." in raw:
        text = f"{new:.{len(raw.split('.')[1])}f}"
    else:
        new = round(new)
        text = f"{new:,}" if "," in raw else str(new)
    return text if float(text.replace(",", "")) not in (value, 0.0) else None


def _rewritten(raw: str) -> str | None:
    """The same value written another way, if there is one: digits ↔ words (1–12, 20, 30, 40, 50),
    ``1,500`` ↔ ``1500``."""
    low = raw.lower()
    if low in NUMBER_WORDS:
        return str(NUMBER_WORDS[low]) if low not in ("hundred", "dozen") else None
    if "." in raw:
        return None
    value = int(raw.replace(",", ""))
    if value in _DIGITS_TO_WORD:
        return _DIGITS_TO_WORD[value]
    if value >= 1000:
        return str(value) if "," in raw else f"{value:,}"
    return None


def _swap(text: str, m: re.Match[str], number: str) -> str:
    return text[:m.start("num")] + number + text[m.end("num"):]


def number_swapped_pairs(pairs: Iterable[NliPair], n: int, seed: int, sources: frozenset[str] | None = None
                         ) -> list[NliPair]:
    """Up to ``n`` pairs (half contradictions, half entailments) from the sentences of ``pairs`` (only those
    whose ``source`` is in ``sources``, if given)."""
    rng = random.Random(seed)
    sentences = sorted({t for p in pairs if sources is None or p.source in sources for t in (p.premise, p.hypothesis)})
    found = [(s, m) for s in sentences if (m := _counted(s))]
    rng.shuffle(found)
    out: list[NliPair] = []
    made = {"contradiction": 0, "entailment": 0}
    for s, m in found:
        label = "contradiction" if made["contradiction"] <= made["entailment"] else "entailment"
        number = _changed(m.group("num"), rng) if label == "contradiction" else _rewritten(m.group("num"))
        if number is None or made[label] >= n // 2:
            continue
        other = _swap(s, m, number)
        a, b = (s, other) if rng.random() < 0.5 else (other, s)
        out.append(NliPair(a, b, label, SOURCE))
        made[label] += 1
        if sum(made.values()) >= n - n % 2:
            break
    return out
