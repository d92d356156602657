"""Rules about one spaCy sentence: whether it can be a claim at all, and which of its clauses can be
read on their own. Used by ``claims``; part of its cache digest (``claims.rules_digest``)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import Any

QUOTES = "“”\""
MIN_WORDS = 5
"""Sentences with fewer words are dropped as too short."""


_SUPPOSE = re.compile(r"^[“\"‘']?\s*(?:let['’]?s say|let us say|suppose|supposing|imagine|assume|pretend)\b", re.I)
"""A hypothetical: ``Let's say there's no birth certificate.`` asserts nothing."""


def keep_whole(doc: Any) -> Any:
    """A spaCy pipeline step before the parser: no sentence starts at ``[`` or at a lower-case word that
    follows a word. The parser otherwise splits ``"We do not want to change coaches [again]," Snider said.``
    before the bracket, leaving a claim ``[again], Sixers chairman Ed Snider said.``"""
    for prev, tok in itertools.pairwise(doc):
        if (prev.is_alpha or prev.like_num) and (tok.text == "[" or (tok.is_alpha and tok.is_lower)):
            tok.is_sent_start = False
    return doc


def drop_reason(sent: Any) -> str | None:
    """Why a sentence is not a claim (a question, a hypothetical, too short, no verb, needs its context), or
    None."""
    text = sent.text.strip()
    if text.rstrip("”\"’' )").endswith("?"):
        return "question"
    if _SUPPOSE.match(text) and next(t for t in sent if t.is_alpha).pos_ == "VERB":  # not "Imagine Dragons"
        return "hypothetical"
    words = [t for t in sent if t.is_alpha]
    if len(words) < MIN_WORDS:
        return "too short"
    if not any(t.pos_ in ("VERB", "AUX") for t in sent):
        return "no verb"
    if _needs_context(sent):
        return "needs its context (this/that)"
    return None


_DEMONSTRATIVES = frozenset({"this", "that", "these", "those"})


def _needs_context(sent: Any) -> bool:
    """The main clause's subject or object is a bare demonstrative ("That is not true.", "I love that.",
    "This is how America should be."): what it stands for is in another sentence, so the model would
    judge a different statement. Not "that report" (a determiner), not "those of his successor" (the
    sentence says what), and not in reported speech ("That is not true," he said: kept)."""
    return any(t.lower_ in _DEMONSTRATIVES and t.tag_ == "DT" and t.head == sent.root and not any(t.children)
               and t.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") for t in sent)


CLAUSE_MIN_SENTENCE = 25
"""Sentences of at least this many words are also read clause by clause."""
_CLAUSE_DEPS = frozenset({"advcl", "conj"})
"""Not ``ccomp``: a complement of ``warned``/``said`` is reported speech, and cutting it out would
turn what someone said into an assertion."""
_HEDGE_MARKS = frozenset({"if", "unless", "whether", "although", "though"})
_EMBEDDING_DEPS = frozenset({"ccomp", "csubj", "csubjpass"})
"""A clause below a clausal complement or subject (``warned that A and that B``: B is a conjunct of the
complement A; ``it is not clear when A or what B``) is what someone said or wondered, not what the
sentence asserts. Not ``xcomp``/``acl``/``relcl``: a time clause inside them (``was found to have faked
it after TMZ obtained a police report``) is still the writer's statement."""


def clauses(sent: Any) -> list[Any]:
    """Up to two embedded clauses of a long sentence that assert something of their own.

    ``The remarks … came as Mr. Putin made clear he was in no hurry for a cease-fire`` → the clause
    ``Mr. Putin made clear he was in no hurry for a cease-fire``: the model judges short statements
    far better than a long sentence of several. Conditional and concessive clauses (if, unless,
    although) assert nothing and are skipped, and so is any clause inside one of them or inside
    reported speech or a complement (``_EMBEDDING_DEPS``).
    """
    words = [t for t in sent if t.is_alpha]
    if len(words) < CLAUSE_MIN_SENTENCE:
        return []
    found = []
    for token in sent:
        if token.dep_ not in _CLAUSE_DEPS or token.pos_ not in ("VERB", "AUX") or not _finite(token):
            continue
        subj = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.pos_ not in ("PROPN", "NOUN"):
            continue
        if _hedged(token) or any(a.dep_ in _EMBEDDING_DEPS or _hedged(a) for a in token.ancestors):
            continue
        span = sent.doc[token.left_edge.i:token.right_edge.i + 1]
        n = sum(t.is_alpha for t in span)
        if 6 <= n <= 0.8 * len(words) and not any(q in span.text for q in QUOTES):
            found.append(span)
    return found[:2]


def _hedged(verb: Any) -> bool:
    return any(c.dep_ == "mark" and c.lower_ in _HEDGE_MARKS for c in verb.children)


def _finite(verb: Any) -> bool:
    """A verb that carries tense itself or through an auxiliary (not ``seeking``, ``to avoid``)."""
    return verb.tag_ in ("VBD", "VBZ", "VBP", "MD") or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP", "MD") for c in verb.children)


def clause_text(span: Any, text_of: Callable[[Any], str] = lambda span: span.text) -> str:
    """A clause as a sentence of its own: leading conjunction or marker cut, capitalised, full stop
    (``text_of`` gives the words of a span, e.g. with role phrases resolved)."""
    tokens = list(span)
    while tokens and (tokens[0].dep_ in ("mark", "cc", "punct") or tokens[0].lower_ in (
            "and", "but", "as", "when", "while", "where", "after", "before", "since", "because")):
        tokens = tokens[1:]
    text = text_of(span.doc[tokens[0].i:span.end] if tokens else span).strip(" ,;:—-")
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
