"""Role nouns that stand for a person the article named: ``the Russian leader`` → ``Vladimir V. Putin``.

Conservative by design (unresolved is better than wrong). Only ``the`` + an optional nationality + one
role noun, with nothing after it that names or narrows the person (``the president of France``, ``the
Russian leader, Vladimir Putin,``, ``the president who …``), and only when exactly one person named
earlier in the article fits: one who carried that title (``President Vladimir V. Putin``) and, where the
phrase gives a nationality, is of that country (``… of Russia``, ``Russian President …``), and who
was named at least twice before (a salient person, not a one-off historical mention: ``every seventh
son becomes godchild to the president`` is not ``then-president José Figueroa Alcorta``, named once). A
bare ``leader`` needs a nationality and fits any head of state or government.

The same record of titles keeps a titled surname from being joined to a relative's full name
(``People.may_join``: ``President Obama`` is not ``Sasha Obama``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from factcheck.entities import PLACES, TITLES, normalise, surname
from factcheck.speakers import same_person, titled

ROLES = frozenset({"president", "leader", "chancellor", "premier", "prime minister", "governor", "mayor", "senator",
                   "king", "queen", "pope"})
"""Role nouns that are resolved (``minister`` only as ``prime minister``: a country has many ministers)."""
ABBREVIATIONS = {"gov": "governor", "sen": "senator", "pres": "president"}
"""Titles as outlets abbreviate them (``Gov. Chris Christie``)."""
HEADS = frozenset({"president", "prime minister", "chancellor", "premier", "king", "queen", "leader"})
"""Titles that make a person a country's ``leader``."""


@dataclass
class Person:
    key: str
    """Canonical person key (``entities.normalise``)."""
    name: str
    """The fullest way the article wrote the name, titles left out: what the model reads instead of the role."""
    roles: set[str] = field(default_factory=set)
    """Titles written before or inside a mention (``president``, ``prime minister`` …)."""
    country: str | None = None
    """Country key from ``Russian President …`` or ``… of Russia``."""
    mentions: list[int] = field(default_factory=list)
    """Character offsets of its mentions in the article, in order."""


@dataclass(frozen=True)
class Resolved:
    start: int
    """Character offset of the role phrase in the paragraph (the ``Doc``)."""
    end: int
    """Character offset just past it."""
    head: int
    """Token index of the role noun."""
    person: Person


class People:
    """The persons an article has named so far, with their titles and countries."""

    def __init__(self) -> None:
        self.by_key: dict[str, Person] = {}

    def note(self, doc: Any, offset: int, affiliation: dict[str, str]) -> None:
        """Record the persons a paragraph names (``offset``: where the paragraph starts in the article)."""
        for ent in doc.ents:
            if ent.label_ != "PERSON" and not titled(ent):
                continue
            key = normalise(ent.text, "PERSON")
            if not key:
                continue
            roles, country, name = _titles(ent)
            person = self.by_key.setdefault(key, Person(key, name))
            person.roles |= roles
            person.mentions.append(offset + ent.start_char)
            person.country = person.country or country or affiliation.get(key)
            if len(name) > len(person.name):
                person.name = name

    def may_join(self, surname: str, full: str) -> bool:
        """Whether a bare surname may stand for a full name of the article: not when the surname was written
        with an office title that the full name never carried (``President Obama`` is not ``Sasha Obama``)."""
        short, long = self.by_key.get(surname), self.by_key.get(full)
        offices = short.roles & ROLES if short else set()
        return not offices or long is None or bool(offices & long.roles)

    def most_named(self, key: str, before: int) -> bool:
        """Whether ``key`` is the person the article named most often before offset ``before`` (a surname and
        its full name count as one; a tie counts): the one a bare ``his``/``her`` most likely stands for."""
        counts: Counter[str] = Counter()
        for p in self.by_key.values():
            counts[surname(p.key)] += sum(m < before for m in p.mentions)
        return counts[surname(key)] == max(counts.values(), default=0) > 0

    def titles(self, key: str) -> set[str]:
        """The titles the article gave the person ``key`` (``deputy`` for Deputy Jerry Ortiz)."""
        return {r for p in self.by_key.values() if same_person(p.key, key) for r in p.roles}

    def resolve(self, sent: Any, offset: int) -> list[Resolved]:
        """The role phrases of a sentence that stand for exactly one person named before them."""
        found = []
        for token in sent:
            role = _role(token)
            left = [c for c in token.children if c.i < token.i]
            dets = [c for c in left if c.dep_ == "det"]
            mods = [c for c in left if c.dep_ != "det" and not (role == "prime minister" and c.lower_ == "prime")]
            if (role is None or len(dets) != 1 or dets[0].lower_ != "the" or len(mods) > 1
                    or any(c.dep_ != "case" for c in token.children if c.i > token.i)):
                continue
            country = PLACES.get(mods[0].lower_) if mods else None
            if (mods and country is None) or (role == "leader" and country is None):
                continue
            start = min(c.idx for c in left)
            fits = [p for p in self.by_key.values() if p.mentions[0] < offset + start and _fits(p, role, country)]
            if (fits and all(same_person(p.key, fits[0].key) for p in fits)
                    and sum(m < offset + start for p in self.by_key.values() if same_person(p.key, fits[0].key)
                            for m in p.mentions) >= 2):
                person = max(fits, key=lambda p: len(p.name))
                found.append(Resolved(start, token.idx + len(token.text), token.i, person))
        return found


def rewrite(span: Any, resolved: list[Resolved]) -> str:
    """The span's text with each resolved role phrase inside it replaced by the person's name."""
    text, base = span.text, span.start_char
    for r in sorted(resolved, key=lambda r: r.start, reverse=True):
        if base <= r.start and r.end <= base + len(text):
            text = text[:r.start - base] + r.person.name + text[r.end - base:]
    return text


def _role(token: Any) -> str | None:
    if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_ not in ("", "PERSON"):
        return None  # not a role inside a name: "the Committee to Re-elect the President"
    if token.lower_ == "minister":
        return "prime minister" if any(c.lower_ == "prime" for c in token.children) else None
    return token.lower_ if token.lower_ in ROLES else None


def _fits(person: Person, role: str, country: str | None) -> bool:
    if country is not None and person.country != country:
        return False
    return bool(person.roles & HEADS) if role == "leader" else role in person.roles


def _titles(ent: Any) -> tuple[set[str], str | None, str]:
    """(titles, country, name without titles) of a person mention: ``Russian President Vladimir Putin``."""
    doc = ent.doc
    inside = 0
    while inside < len(ent) - 1 and ent[inside].lower_.rstrip(".") in TITLES:
        inside += 1
    j = ent.start - 1
    while j >= 0 and (doc[j].lower_.rstrip(".") in TITLES or doc[j].lower_ in PLACES):
        j -= 1
    roles: set[str] = set()
    country = None
    for t in [*doc[j + 1:ent.start], *ent[:inside]]:
        if t.lower_ in PLACES:
            country = country or PLACES[t.lower_]
        else:
            word = t.lower_.rstrip(".")
            roles.add(ABBREVIATIONS.get(word, word))
    if {"prime", "minister"} <= roles:
        roles.add("prime minister")
    name = ent[inside:].text
    for suffix in ("'s", "’s"):
        name = name.removesuffix(suffix)
    return roles, country, name
