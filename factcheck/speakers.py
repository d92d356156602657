"""Who speaks and who "he" is: the speaker a sentence attributes a quotation to, and the person a
leading he/she stands for (the last person named as a subject, within the limits of ``referent``).

Person keys are ``entities.normalise``d names; spaCy tokens and sentences come from the claims stage.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from typing import Any

from factcheck.entities import TITLES, normalise, surname
from factcheck.sentences import QUOTES

SAY_VERBS = frozenset({"say", "tell", "add", "state", "announce", "write", "insist", "argue", "claim", "warn",
                       "note", "declare", "explain", "acknowledge", "contend", "assert", "predict", "suggest",
                       "reply", "respond", "conclude", "stress", "emphasize", "caution", "admit", "concede",
                       "complain", "deny", "testify", "recount"})
QUOTE_VERBS = frozenset({"tweet", "post", "continue", "summarize", "muse", "posit", "quip", "joke", "recall",
                         "remark", "observe", "counter", "retort", "exclaim", "scoff"})
"""Verbs that attribute speech only in a sentence holding a quotation (``“…,” summarized Senor``); elsewhere
they mean something else (``He continued to fight``, ``She posted bail``)."""
_IRREGULAR_PAST = {"say": "said", "tell": "told", "write": "wrote", "quip": "quipped", "admit": "admitted"}


def past_tense(lemma: str) -> str:
    """A speech verb's past tense (``reply`` → ``replied``), as an attribution after a quotation uses it
    (``…,” she replied``)."""
    if lemma in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[lemma]
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + ("d" if lemma.endswith("e") else "ed")


PRONOUNS = frozenset({"he", "she"})
POSSESSIVES = frozenset({"his", "her"})
"""Possessive determiners that a lead subject may carry (``His lawyer said …``): read as ``Name's``."""


def person_key(token: Any, subject: tuple[str, str] | None) -> str | None:
    """The person key a token names (part of a PERSON entity, or a titled one), or that a he/she stands for."""
    if token.lower_ in PRONOUNS:
        person = referent(token, subject)
        return person[0] if person else None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end and (ent.label_ == "PERSON" or titled(ent)):
            return normalise(ent.text, "PERSON") or None
    return None


def titled(ent: Any) -> bool:
    """``Chancellor Olaf Scholz`` that the small NER model tagged ORG: a title before it makes it a person."""
    return ent.label_ == "ORG" and ent.start > 0 and ent.doc[ent.start - 1].lower_.rstrip(".") in TITLES


def attributed_speaker(sent: Any, subject: tuple[str, str] | None, roles: Mapping[int, str] | None = None
                       ) -> str | None:
    """The person a sentence attributes speech to (``…,” Mr. Zelensky said`` / ``he said``), if any.

    Only the first speech verb with a subject counts, outside the quoted words (in ``“They said no,”
    Ms. Holm said`` the speaker is Ms. Holm) and not in the passive; a subject that is not a person
    (``Another person familiar with the call said``) gives no speaker. ``roles``: token index → person key
    of the role nouns resolved in the sentence (``the Russian leader said``).
    """
    quoted = any(q in sent.text for q in QUOTES)
    verbs = SAY_VERBS | QUOTE_VERBS if quoted else SAY_VERBS
    outside = _outside_quotes(sent) if quoted else list(sent)
    if not any(t.lemma_.lower() in verbs and t.pos_ == "VERB" for t in outside):
        outside = list(sent)  # no speech verb outside the quotation marks: ones inside may still attribute
    for token in outside:
        if token.lemma_.lower() in verbs and token.pos_ == "VERB":
            if any(c.dep_ == "nsubjpass" for c in token.children):
                continue  # "LaCalamita was denied a permit", "He was told": not the one who speaks
            subj = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                return roles[subj.i] if roles and subj.i in roles else person_key(subj, subject)
        if token.lower_ == "according" and token.i + 1 < sent.end and token.nbor(1).lower_ == "to":
            obj = next((t for t in token.nbor(1).children if t.dep_ == "pobj"), None)
            return person_key(obj, subject) if obj is not None else None
    return None


def _marks(text: str, start: int, end: int) -> int:
    """Quotation marks of any kind in ``text[start:end]`` (scraped text mixes “…" and "…”, so the marks are
    not told apart)."""
    return sum(text.count(q, start, end) for q in QUOTES)


def inside_quote(text: str, pos: int) -> bool:
    """Whether character ``pos`` of ``text`` lies between opening and closing quotation marks: an odd
    number of them before it."""
    return _marks(text, 0, pos) % 2 == 1


def _outside_quotes(sent: Any) -> list[Any]:
    """The sentence's tokens that are not inside quotation marks (one pass over the sentence)."""
    text, pos = sent.doc.text, sent.start_char
    marks = _marks(text, 0, pos)
    out = []
    for token in sent:
        marks += _marks(text, pos, token.idx)
        pos = token.idx
        if marks % 2 == 0:
            out.append(token)
    return out


LEAD_WORDS = frozenset({"but", "and", "yet", "still", "so", "now", "then", "later", "however", "instead",
                        "meanwhile", "also"})
"""Words that may stand before a sentence's subject pronoun (``But he said …``, ``However, she …``)."""


def lead_pronoun(sent: Any) -> Any:
    """The he/she that is the sentence's subject at its start, after at most two linking words, or the
    his/her that determines that subject (``His body was found …``), or None.
    Not after an opening quotation mark: inside a quote the last person named is a poor guess (tried on
    news: "“She wasn't just a receptionist,” said her brother" became the last woman named, and worse)."""
    for token in list(sent)[:4]:
        if token.lower_ in PRONOUNS:  # after linking words, the main verb's subject ("But, he said, …": no)
            main = token.i == sent.start or token.head == sent.root
            return token if token.dep_ in ("nsubj", "nsubjpass") and main else None
        if token.lower_ in POSSESSIVES:
            noun = token.head
            ok = token.dep_ == "poss" and noun.dep_ in ("nsubj", "nsubjpass") and noun.head == sent.root
            return token if ok else None
        if not (token.text == "," or token.lower_ in LEAD_WORDS):
            return None
    return None


def subject_person(sent: Any) -> tuple[str, str] | None:
    """The first person named as a grammatical subject in the sentence: what a later he/she refers to."""
    for token in sent:
        if token.dep_ in ("nsubj", "nsubjpass") and token.lower_ not in PRONOUNS:
            key = person_key(token, None)
            if key:
                ent = next(e for e in token.doc.ents if e.start <= token.i < e.end)
                return key, ent.text
    return None


def referent(pronoun: Any, subject: tuple[str, str] | None, quoted_speaker: str | None = None,
             titles: AbstractSet[str] = frozenset()) -> tuple[str, str] | None:
    """The person a he/she stands for: the last subject, unless that is the speaker of the quote the
    sentence stands in (in Trump's "He doesn't have a birth certificate", he is not Trump) or a person
    the pronoun's own clause names ("He called Steele's comments unacceptable", "She said that Moore
    approached her": he is not Steele, she is not Moore) or calls by one of their ``titles`` ("He fired at
    the deputy": he is not Deputy Ortiz); names in a clause coordinated with the pronoun's, or in a relative
    clause, do not count. Then the pronoun is left as it is: unresolved is better than wrong."""
    if subject is None:
        return None
    head = pronoun.head.head if pronoun.dep_ == "poss" else pronoun.head  # the clause's verb
    in_clause = {t.i for t in head.subtree  # not in a clause coordinated with the pronoun's, nor a relative one
                 if not any(((a.dep_ == "conj" and a.head == head) or a.dep_ == "relcl") and head in a.ancestors
                            for a in (t, *t.ancestors))}
    named = {normalise(e.text, "PERSON") for e in pronoun.sent.ents if e.label_ == "PERSON" and e.start in in_clause}
    if quoted_speaker:
        named.add(quoted_speaker)
    doc = pronoun.doc
    by_title = any(doc[i].lower_ in titles and any(c.lower_ == "the" for c in doc[i].children) for i in in_clause)
    return None if by_title or any(same_person(subject[0], k) for k in named if k) else subject


def same_person(a: str, b: str) -> bool:
    """Two person keys, not linked yet, name one person: equal, or one is a bare surname of the other."""
    return a == b or ((" " not in a or " " not in b) and surname(a) == surname(b))
