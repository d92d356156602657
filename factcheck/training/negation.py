"""Negated-hypothesis pairs: training data against the model's "a negation means contradiction" habit.

NLI models trained on MNLI-style data learn that a hypothesis with "not" or "no" is usually a
contradiction (a known annotation artefact). On news that makes a negated sentence — "There was no
lightning strike", "No decision has been reached" — contradict almost everything next to it. Two
label-preserving rewrites of existing pairs teach the difference, with no new annotation:

- neutral (P, H) → (P, not H) is **neutral**: if P says nothing about H, it says nothing about not-H;
- entailment (P, H) → (P, not H) is **contradiction**: P implies H, so it rules out not-H.

(Contradiction pairs are not rewritten: not-H need not follow from P.) ``negate`` handles simple
declarative main clauses only and returns None for anything else (questions, several sentences,
sentences that already hold a negation or a quantifier, clauses without a finite verb), so no
pair is guessed.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from factcheck.training.data import NliPair

NEGATIONS = frozenset({"not", "n't", "no", "never", "none", "nobody", "nothing", "neither", "nor", "without"})
QUANTIFIERS = frozenset({"all", "every", "each", "some", "many", "few", "most", "several", "any", "both", "either",
                         "only"})
"""Skipped: negating "all X are Y" or "few X are Y" does not give a clean opposite."""
_DO = {"VBZ": "does not", "VBD": "did not", "VBP": "do not"}
_FINITE = frozenset({"MD", "VBZ", "VBD", "VBP"})
SOURCE = "negated"
"""The ``source`` of the pairs made here."""


def plain_statement(doc: Any, also: frozenset[str] = frozenset()) -> bool:
    """Whether a spaCy ``doc`` is one sentence, not a question, without a negation, a quantifier or a word of
    ``also``: what a rewrite needs to keep a known label (``negate`` here, ``subsequence.shortenings``)."""
    if len(list(doc.sents)) != 1 or doc.text.rstrip().endswith("?"):
        return False
    return not any(t.dep_ == "neg" or t.lower_ in NEGATIONS or t.lower_ in QUANTIFIERS or t.lower_ in also
                   for t in doc)


def negate(doc: Any) -> str | None:
    """The sentence of a spaCy ``doc`` with its main clause negated, or None when that is not safe."""
    if not plain_statement(doc):
        return None
    root = doc[:].root
    if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.i < root.i for c in root.children):
        return None  # no subject before the verb: an imperative, an inversion, a fragment
    aux = [c for c in root.children if c.dep_ in ("aux", "auxpass") and c.i < root.i]
    if aux:
        if aux[0].tag_ not in _FINITE:
            return None
        return _replace(doc, aux[0], f"{aux[0].text} not{aux[0].whitespace_ or ' '}")
    if root.lemma_ == "be" and root.tag_ in _FINITE:
        return _replace(doc, root, f"{root.text} not{root.whitespace_ or ' '}")
    if root.pos_ == "VERB" and root.tag_ in _DO:
        return _replace(doc, root, f"{_DO[root.tag_]} {root.lemma_}{root.whitespace_}")
    return None


def _replace(doc: Any, token: Any, text: str) -> str:
    """The doc's text with ``token`` (and its trailing space) replaced by ``text``."""
    parts = [t.text_with_ws for t in doc]
    parts[token.i] = text
    return "".join(parts).strip()


def negated_pairs(pairs: Sequence[NliPair], n: int, seed: int, nlp: Any,
                  sources: frozenset[str] | None = None) -> list[NliPair]:
    """Up to ``n`` rewritten pairs, half from neutral and half from entailment pairs of ``sources``
    (all sources if None), chosen with ``seed``; pairs whose hypothesis cannot be negated are skipped."""
    rng = random.Random(seed)
    out: list[NliPair] = []
    for label, new_label in (("neutral", "neutral"), ("entailment", "contradiction")):
        pool = [p for p in pairs if p.label == label and (sources is None or p.source in sources)]
        rng.shuffle(pool)
        want, made = n // 2, 0
        for start in range(0, len(pool), 1024):
            if made >= want:
                break
            chunk = pool[start:start + 1024]
            for pair, doc in zip(chunk, nlp.pipe(p.hypothesis for p in chunk), strict=True):
                text = negate(doc)
                if text and made < want:
                    out.append(NliPair(pair.premise, text, new_label, SOURCE))
                    made += 1
    return out
