"""Shortened-premise pairs: leaving a modifier out is entailment, putting it back is not.

On HANS-style traps (McCoy, Pavlick and Linzen 2019; model card) the model calls most pairs neutral
whether or not the premise entails the hypothesis: shared words alone tell it nothing either way. Two
label-preserving rewrites of a training premise P teach the difference, with no new annotation. S is P
with one modifier of a noun left out — an adjective before it, a relative clause on it, or a
prepositional phrase on an object:

- (P, S) is **entailment**: "The tired doctor thanked the lawyer" says at least "The doctor thanked the
  lawyer";
- (S, P) is **neutral**: the longer sentence adds what the shorter one does not say.

Both hold only where every noun phrase is read upward, so sentences with a negation, a quantifier or a
condition are skipped, as are adjectives that do not keep their noun's meaning (a *former* minister, an
*alleged* bribe), comparatives and superlatives (the *largest* city is not just a city), and "of"
phrases (the president *of France*), which pick out the noun rather than add to it.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Sequence
from typing import Any

from factcheck.training.data import NliPair
from factcheck.training.negation import plain_statement

CONDITIONS = frozenset({"if", "unless", "whether", "until", "lest", "suppose", "supposing"})
"""Words that put a clause under a condition: what follows need not hold, shortened or not."""
NOT_SUBSECTIVE = frozenset({
    "former", "alleged", "fake", "false", "so-called", "would-be", "supposed", "purported", "apparent", "potential",
    "possible", "likely", "probable", "presumed", "suspected", "counterfeit", "imaginary", "fictional", "fictitious",
    "virtual", "mock", "pseudo", "artificial", "toy", "phony", "fabricated", "nominal", "hypothetical", "future",
    "past", "previous", "late", "erstwhile", "onetime", "self-proclaimed", "self-styled", "disputed", "rumored",
    "reported", "claimed", "proposed", "planned", "intended", "expected", "prospective", "ostensible", "seeming",
    "near", "only", "mere", "sole", "same", "other", "next", "last", "first", "second", "third", "main", "own",
    "such", "certain", "various", "whole", "entire", "total", "little"})
"""Adjectives whose noun is not what the phrase names, or that pick out which one it is."""
SOURCE = "subsequence"
"""The ``source`` of the pairs made here."""
_MIN_WORDS = 4
_ARGUMENTS = frozenset({"nsubj", "nsubjpass", "dobj", "attr"})
"""Nouns whose adjective may be left out: subjects and objects (inside a prepositional phrase an
adjective is too often part of a set phrase: "in a long time", "public service ads")."""


def shortenings(doc: Any) -> list[str]:
    """Every way to leave one noun modifier out of the sentence of a spaCy ``doc`` (none when that is
    not safe: see the module's docstring)."""
    if not plain_statement(doc, CONDITIONS):
        return []
    spans: list[tuple[int, int]] = []
    for t in doc:
        if t.head.pos_ not in ("NOUN", "PROPN") or t.head.i == t.i:
            continue
        if (t.dep_ == "amod" and t.pos_ == "ADJ" and t.i < t.head.i and not list(t.children) and t.tag_ == "JJ"
                and t.lower_ not in NOT_SUBSECTIVE and t.head.dep_ in _ARGUMENTS):
            spans.append((t.i, t.i + 1))
        elif t.dep_ == "relcl" and t.i > t.head.i:
            spans.append((t.left_edge.i, t.right_edge.i + 1))
        elif (t.dep_ == "prep" and t.lower_ != "of" and t.i == t.head.i + 1
              and t.head.dep_ in ("dobj", "pobj", "attr") and t.head.head.dep_ != "prep"):  # pobj: under "by", "to"
            spans.append((t.i, t.right_edge.i + 1))
    out = []
    for start, end in spans:
        text = _without(doc, start, end)
        if text and text != doc.text.strip() and len(text.split()) >= _MIN_WORDS and "()" not in text:
            out.append(text)
    return out


def _without(doc: Any, start: int, end: int) -> str:
    """The doc's text without tokens ``start``–``end`` (and the commas that set them off), tidied; "a" or
    "an" before them made to fit the word that now follows."""
    drop = set(range(start, end))
    if start > 0 and doc[start - 1].text == ",":
        drop.add(start - 1)  # "the senator, who was tired, thanked" → "the senator thanked"
        if end < len(doc) and doc[end].text == ",":
            drop.add(end)
    words = {t.i: t.text_with_ws for t in doc if t.i not in drop}
    kept = sorted(words)
    for i, j in itertools.pairwise(kept):
        if j != i + 1:  # a gap: one space before a word, none before punctuation
            words[i] = doc[i].text + ("" if doc[j].is_punct else " ")
    before, after = max((i for i in kept if i < start), default=None), next((i for i in kept if i >= end), None)
    if before is not None and after is not None and doc[before].lower_ in ("a", "an"):
        article = "an" if doc[after].text[:1].lower() in "aeiou" else "a"
        words[before] = (article.capitalize() if doc[before].text[0].isupper() else article) + " "
    text = "".join(words[i] for i in sorted(words))
    text = re.sub(r"\s+([,.;:!])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()
    text = re.sub(r",\s*([.;])", r"\1", text)
    return text[:1].upper() + text[1:] if start == 0 else text


def subsequence_pairs(pairs: Sequence[NliPair], n: int, seed: int, nlp: Any,
                      sources: frozenset[str] | None = None) -> list[NliPair]:
    """Up to ``n`` pairs, half (P, S) entailments and half (S, P) neutrals, from the distinct premises of
    ``pairs`` of ``sources`` (all sources if None); one shortening per premise, chosen with ``seed``."""
    rng = random.Random(seed)
    premises = sorted({p.premise for p in pairs if sources is None or p.source in sources})
    rng.shuffle(premises)
    out: list[NliPair] = []
    for start in range(0, len(premises), 1024):
        if len(out) >= n - 1:
            break
        chunk = premises[start:start + 1024]
        for premise, doc in zip(chunk, nlp.pipe(chunk), strict=True):
            options = shortenings(doc)
            if options and len(out) < n - 1:
                short = rng.choice(options)
                out += [NliPair(premise, short, "entailment", SOURCE), NliPair(short, premise, "neutral", SOURCE)]
    return out
