"""Numbers in claims, and the deterministic check of aligned quantities between two claims.

A quantity is a number with what it counts: ``30-day`` → (30, "day"), ``25 percent`` → (25, "percent"),
``$4.5 billion`` → (4.5e9, "$"). Two claims *mismatch* when they give the same unit different values
and share no value for it — "doubled to 50 percent" vs "25 percent". Bare years are not quantities.
"""

from __future__ import annotations

import re
from collections import defaultdict

_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "hundred": 100, "dozen": 12}
"""Number words read as values (``numbers`` and the training's number swaps share them)."""
QUANTITY = re.compile(
    r"(?<![\w.])(?P<cur>[$€£])?(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(NUMBER_WORDS) + r")"
    r"(?P<frac>[½¼¾]|\s+and\s+an?\s+(?:half|quarter))?"
    r"(?:\s*(?P<pct>%|percent\b|per cent\b))?"
    r"(?:[\s-]+(?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?:[\s-]+(?P<unit>[a-z]+))?", re.I)
"""A number as written, with its currency, fraction, percent sign, scale word and the word after it."""
_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "half": 0.5, "quarter": 0.25}
_NOT_UNITS = frozenset("""a an the and or of to in on at for by with from as than that which who was were is are
be been has have had will would more less about over under some""".split())


def quantities(text: str) -> dict[str, set[float]]:
    """Unit → values mentioned in ``text``."""
    found: dict[str, set[float]] = defaultdict(set)
    for m in QUANTITY.finditer(text):
        raw = m.group("num").lower()
        value = float(NUMBER_WORDS[raw]) if raw in NUMBER_WORDS else float(raw.replace(",", ""))
        if m.group("frac"):  # "4½ months", "four and a half months"
            value += _FRACTIONS[m.group("frac").split()[-1]]
        if m.group("scale"):
            value *= _SCALE[m.group("scale").lower()]
        if m.group("pct"):
            unit = "percent"
        elif m.group("cur"):
            unit = m.group("cur")
        else:
            unit = (m.group("unit") or "").lower()
            if raw not in NUMBER_WORDS and 1800 <= value <= 2100 and "." not in raw and not unit.startswith(
                    ("year", "day", "people", "troop")):
                continue  # a year, not a quantity
            if not unit or unit in _NOT_UNITS:
                continue
            unit = unit[:-1] if unit.endswith("s") and len(unit) > 3 else unit
        found[unit].add(value)
    return dict(found)


def mismatch(a: str, b: str) -> tuple[str, set[float], set[float]] | None:
    """The first unit (alphabetically) that both texts quantify with no value in common, if any."""
    qa, qb = quantities(a), quantities(b)
    for unit in sorted(set(qa) & set(qb)):
        if not qa[unit] & qb[unit]:
            return unit, qa[unit], qb[unit]
    return None
