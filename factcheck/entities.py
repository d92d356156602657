"""Canonical entity keys: ``Mr. Putin``, ``Vladimir V. Putin`` and ``Putin's`` → ``vladimir putin``.

Rules: drop titles and honorifics, middle initials and possessives; map demonyms and unambiguous
capitals to their country; a surname alone joins the one full name that shares it (first in the
same article, then in the corpus). Lower-case, single-spaced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

TITLES = frozenset("""
mr mrs ms miss dr prof sir dame lord lady president vice prime minister secretary general gen
sen senator rep representative gov governor king queen prince princess pope chancellor premier
foreign defense defence interior finance state chief justice judge ambassador envoy spokesman
spokeswoman spokesperson col colonel lt lieutenant maj major capt captain adm admiral sgt
rev reverend mayor commissioner director chairman chairwoman chair speaker leader former acting
deputy special u.s. us the
""".split())
"""Words dropped from the front of a person mention (``President``, ``Secretary General`` …)."""
SURNAME_TITLES = frozenset({"king", "major", "prince", "judge", "pope"})
"""Titles that are also common surnames: the last word of ``Billy King`` or ``John Major`` is the name."""
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "2nd", "3rd"})
"""Generational suffixes: kept in the key (``Donald Trump Jr.`` is not his father), passed over to find the
surname (``Comeaux`` is ``Arcade Joseph Comeaux Jr.``)."""

_COUNTRIES = {
    "russia": "russian, russians, moscow, kremlin, russian federation",
    "ukraine": "ukrainian, ukrainians, kyiv, kiev",
    "united states": "u.s., us, usa, u.s.a., america, american, americans, united states of america",
    "united kingdom": "u.k., uk, britain, great britain, british, briton, britons, london",
    "china": "chinese, beijing, prc",
    "france": "french, paris",
    "germany": "german, germans, berlin",
    "italy": "italian, italians, rome",
    "spain": "spanish, spaniards, madrid",
    "poland": "polish, poles, warsaw",
    "japan": "japanese, tokyo",
    "india": "indian, indians, new delhi",
    "iran": "iranian, iranians, tehran",
    "iraq": "iraqi, iraqis, baghdad",
    "israel": "israeli, israelis, jerusalem",
    "syria": "syrian, syrians, damascus",
    "turkey": "turkish, turks, ankara, türkiye",
    "north korea": "north korean, north koreans, pyongyang",
    "south korea": "south korean, south koreans, seoul",
    "canada": "canadian, canadians, ottawa",
    "mexico": "mexican, mexicans, mexico city",
    "brazil": "brazilian, brazilians, brasilia",
    "netherlands": "dutch, the netherlands, amsterdam, the hague, hague",
    "belgium": "belgian, belgians, brussels",
    "denmark": "danish, danes, copenhagen",
    "greenland": "greenlandic, greenlanders, nuuk",
    "sweden": "swedish, swedes, stockholm",
    "finland": "finnish, finns, helsinki",
    "norway": "norwegian, norwegians, oslo",
    "belarus": "belarusian, belarusians, minsk",
    "hungary": "hungarian, hungarians, budapest",
    "saudi arabia": "saudi, saudis, riyadh",
    "egypt": "egyptian, egyptians, cairo",
    "pakistan": "pakistani, pakistanis, islamabad",
    "afghanistan": "afghan, afghans, kabul",
    "australia": "australian, australians, canberra",
    "europe": "european, europeans",
    "european union": "eu, e.u.",
    "united nations": "u.n., un",
    "palestine": "palestinian, palestinians",
    "gaza": "gazan, gazans, gaza strip",
    "venezuela": "venezuelan, venezuelans, caracas",
    "qatar": "qatari, qataris, doha",
}
PLACES: dict[str, str] = {
    alias.strip(): country for country, aliases in _COUNTRIES.items() for alias in [country, *aliases.split(",")]
}
"""Demonym, capital or alias → country key (only where the mapping is unambiguous)."""

SPELLINGS = {"zelenskyy": "zelensky", "zelenskiy": "zelensky", "zelenskyi": "zelensky",
             "gadhafi": "gaddafi", "qaddafi": "gaddafi", "qadhafi": "gaddafi", "kadhafi": "gaddafi"}
"""Names that outlets transliterate differently (AP's Zelenskyy, the Times's Zelensky): one spelling."""

_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")
_INITIAL = re.compile(r"^[a-z]\.$")


def normalise(mention: str, label: str = "") -> str:
    """One mention → its canonical key (may be empty when nothing but a title remains)."""
    text = " ".join(mention.replace("’", "'").split()).lower()
    text = re.sub(r"'s$|'$", "", text).strip(" ,;:\"“”")
    if text in PLACES:
        return PLACES[text]
    text = text.rstrip(".")
    words = text.split()
    if label in ("PERSON", ""):
        n = _before_suffix(words)  # titles are looked for in the name without its suffix (Jr., III)
        titled = [i for i, w in enumerate(words[:n]) if w.rstrip(".") in TITLES]
        if (titled and titled[-1] == n - 1 > 0 and words[n - 1] in SURNAME_TITLES
                and words[n - 2].rstrip(".") not in TITLES and words[n - 2] not in PLACES):
            titled.pop()  # a surname, not a title: Billy King, John Major, Erik Prince
        if titled and titled[-1] < n - 1:
            words = words[titled[-1] + 1:]
        elif titled:
            return ""
        words = [SPELLINGS.get(w, w) for i, w in enumerate(words) if not (_INITIAL.match(w) and 0 < i < len(words) - 1)]
    elif words and words[0] == "the":
        words = words[1:]
    key = " ".join(words)
    return PLACES.get(key, key)


def surname(key: str) -> str:
    """The last word of a person key that is not a generational suffix: ``arcade joseph comeaux jr`` → ``comeaux``."""
    words = key.split()
    return words[_before_suffix(words) - 1] if words else ""


def _before_suffix(words: list[str]) -> int:
    """How many of a name's ``words`` come before its generational suffixes (``Jr.``, ``III``); at least one."""
    n = len(words)
    while n > 1 and words[n - 1].rstrip(".,") in SUFFIXES:
        n -= 1
    return n


def join_surnames(keys: Iterable[str], full_names: Iterable[str]) -> dict[str, str]:
    """Map each one-word key to the single longer name in ``full_names`` whose surname it is.

    A surname shared by two full names (two people) stays unmapped: merging them would be wrong.
    """
    by_last: dict[str, set[str]] = {}
    for name in full_names:
        if len(name.split()) > 1:
            by_last.setdefault(surname(name), set()).add(name)
    mapping = {}
    for key in keys:
        if " " not in key and len(by_last.get(key, ())) == 1:
            mapping[key] = next(iter(by_last[key]))
    return mapping
