"""Pairing stage: claims → ``ClaimPair`` candidates from different articles about the same thing.

A pair is a candidate when the two claims share an entity key, or — for claims that name no
entity in common — when their wording is close (word cosine ≥ ``LEXICAL_MIN``).

A candidate's score mixes entity informativeness (IDF-weighted overlap of the keys: a rare shared
name beats a common one; weight ``ENTITY_WEIGHT``) and lexical closeness (IDF-weighted cosine of content words). Each
claim keeps only its ``max_per_claim`` best partners, so the number of pairs grows linearly with
the number of claims, not quadratically.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from factcheck.records import Claim, ClaimPair

STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off
on once only or other our ours ourselves out over own same she should so some such than that the their theirs
them themselves then there these they this those through to too under until up very was we were what when where
which while who whom why will with would you your yours yourself yourselves said says mr ms mrs
""".split())
LEXICAL_MIN = 0.3
"""Word cosine at which two claims without a shared entity are still compared."""
MAX_POSTINGS = 500
"""Words in more claims than this are too common to propose candidates (they still count in the score)."""
ENTITY_WEIGHT = 0.4
"""Share of the pairing score that comes from shared entities (the rest: lexical closeness)."""
_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


@dataclass(frozen=True)
class PairingStats:
    candidates: int
    """Cross-article claim pairs that share an entity key or are worded closely enough."""
    kept: int
    """Pairs kept after the per-claim cap (the pairs sent to the model)."""
    all_cross_pairs: int
    """All cross-article claim pairs (what comparing everything with everything would score)."""


def content_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) > 1]


def pair_claims(claims: Sequence[Claim], max_per_claim: int = 8) -> tuple[list[ClaimPair], PairingStats]:
    """Candidate pairs, sorted by article and position; see the module docstring for the score."""
    n = len(claims)
    key_df = Counter(k for c in claims for k in set(c.entities))
    key_idf = {k: math.log((1 + n) / (1 + df)) + 1.0 for k, df in key_df.items()}
    words = [Counter(content_words(c.nli_text)) for c in claims]
    word_df = Counter(w for ws in words for w in ws)
    vectors = [_tfidf(ws, word_df, n) for ws in words]

    postings: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        for k in c.entities:
            postings[k].append(i)
    word_postings: dict[str, list[int]] = defaultdict(list)
    for i, ws in enumerate(words):
        for w in ws:
            if word_df[w] <= MAX_POSTINGS:
                word_postings[w].append(i)

    entity_sets = [set(c.entities) for c in claims]
    best: dict[int, list[tuple[float, int]]] = defaultdict(list)
    scores: dict[tuple[int, int], float] = {}
    for i, c in enumerate(claims):
        # postings are in claim order: only partners after i are visited, each pair once
        later: set[int] = set()
        for plist in [postings[k] for k in c.entities] + [word_postings[w] for w in words[i] if w in word_postings]:
            later.update(plist[bisect_right(plist, i):])
        for j in later:
            if claims[j].article_id == c.article_id:
                continue
            shared = entity_sets[i] & entity_sets[j]
            lex = _cosine(vectors[i], vectors[j])
            if not shared and lex < LEXICAL_MIN:
                continue
            union = entity_sets[i] | entity_sets[j]
            ent = sum(key_idf[k] for k in shared) / sum(key_idf[k] for k in union) if shared else 0.0
            score = round(ENTITY_WEIGHT * ent + (1 - ENTITY_WEIGHT) * lex, 6)
            scores[(i, j)] = score
            best[i].append((score, j))
            best[j].append((score, i))

    kept: set[tuple[int, int]] = set()
    for i, cands in best.items():
        # ties broken by position so the choice never depends on set order
        for _, j in sorted(cands, key=lambda t: (-t[0], t[1]))[:max_per_claim]:
            kept.add((min(i, j), max(i, j)))

    pairs = []
    for lo, hi in kept:  # why each kept pair was compared: only now, not for every candidate
        a, b = claims[lo], claims[hi]
        if (b.article_id, b.start) < (a.article_id, a.start):
            a, b = b, a
        shared = tuple(sorted(entity_sets[lo] & entity_sets[hi]))
        in_keys = {w for k in shared for w in k.split()}
        common = sorted(set(words[lo]) & set(words[hi]) - in_keys, key=lambda w: (-vectors[lo][w], w))[:5]
        pairs.append(ClaimPair(a=a, b=b, shared=shared, score=scores[(lo, hi)], shared_words=tuple(sorted(common))))
    pairs.sort(key=lambda p: (p.a.article_id, p.a.start, p.b.article_id, p.b.start))
    per_article = Counter(c.article_id for c in claims)
    cross = (n * n - sum(v * v for v in per_article.values())) // 2
    return pairs, PairingStats(candidates=len(scores), kept=len(pairs), all_cross_pairs=cross)


def _tfidf(words: Counter[str], df: Counter[str], n: int) -> dict[str, float]:
    vec = {w: tf * (math.log((1 + n) / (1 + df[w])) + 1.0) for w, tf in words.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {w: v / norm for w, v in vec.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(w, 0.0) for w, v in a.items())
