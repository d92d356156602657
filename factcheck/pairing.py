"""Pairing stage: claims → ``ClaimPair`` candidates from different articles about the same thing.

A pair is a candidate when the two claims share an entity key, or — for claims that name no
entity in common — when their wording is close (word cosine ≥ ``LEXICAL_MIN``). It is not when one
of the two articles states both sentences (a wire copy repeats another article's sentences: its
first sentence against the other's second compares one article with itself); the same sentence in
both articles stays a candidate.

A candidate's score mixes entity informativeness (IDF-weighted overlap of the keys: a rare shared
name beats a common one; weight ``ENTITY_WEIGHT``) and lexical closeness (IDF-weighted cosine of content words). Each
claim keeps only its ``max_per_claim`` best partners, so the number of pairs grows linearly with
the number of claims, not quadratically.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

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


def pair_order(pair: ClaimPair) -> tuple:
    """The order pairs are listed (and batched) in: by article and position, ties broken by text."""
    return pair.a.article_id, pair.a.start, pair.a.nli_text, pair.b.article_id, pair.b.start, pair.b.nli_text


def pair_claims(claims: Sequence[Claim], max_per_claim: int = 8) -> tuple[list[ClaimPair], PairingStats]:
    """Candidate pairs, sorted by article and position; see the module docstring for the score.

    Each claim's candidates are scored at once with numpy (word and entity vectors in CSR form), so a
    corpus of 18,000 claims and 9 million visited candidates pairs in seconds, not minutes.
    """
    n = len(claims)
    key_df = Counter(k for c in claims for k in set(c.entities))
    key_idf = {k: math.log((1 + n) / (1 + df)) + 1.0 for k, df in key_df.items()}
    words = [Counter(content_words(c.nli_text)) for c in claims]
    word_df = Counter(w for ws in words for w in ws)
    vectors = [_tfidf(ws, word_df, n) for ws in words]
    entity_sets = [set(c.entities) for c in claims]
    word_rows = _Rows(vectors)
    key_rows = _Rows([dict.fromkeys(keys, 1.0) for keys in entity_sets])
    key_weight = np.array([key_idf[k] for k in key_rows.vocabulary], dtype=np.float64)  # in column order
    key_total = np.array([sum(key_idf[k] for k in keys) for keys in entity_sets])
    article = np.unique([c.article_id for c in claims], return_inverse=True)[1] if claims else np.zeros(0, int)
    # which article states which sentence: a pair whose two sentences one article states both is skipped
    text = np.unique([" ".join(c.nli_text.lower().split()) for c in claims], return_inverse=True)[1] \
        if claims else np.zeros(0, int)
    n_texts = int(text.max()) + 1 if claims else 1
    stated = np.unique(article * n_texts + text)

    postings: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        for k in c.entities:
            postings[k].append(i)
    for i, ws in enumerate(words):
        for w in ws:
            if word_df[w] <= MAX_POSTINGS:
                postings[" " + w].append(i)  # a space never starts an entity key: one dict for both
    arrays = {k: np.array(v, dtype=np.int64) for k, v in postings.items()}

    lo_parts, hi_parts, score_parts = [], [], []
    word_dense, key_dense = np.zeros(len(word_rows.vocabulary)), np.zeros(len(key_rows.vocabulary))
    for i, c in enumerate(claims):
        # postings are in claim order: only partners after i are visited, each pair once
        lists = [arrays[k] for k in c.entities] + [arrays[" " + w] for w in words[i] if " " + w in arrays]
        later = np.unique(np.concatenate([a[np.searchsorted(a, i, side="right"):] for a in lists] or
                                         [np.zeros(0, np.int64)]))
        later = later[article[later] != article[i]]
        if not len(later):
            continue
        lex = word_rows.dots(i, later, word_dense)
        shared = key_rows.dots(i, later, key_dense, weights=key_weight)
        keep = (shared > 0) | (lex >= LEXICAL_MIN)
        later, lex, shared = later[keep], lex[keep], shared[keep]
        union = key_total[i] + key_total[later] - shared
        ent = np.divide(shared, union, out=np.zeros_like(shared), where=shared > 0)
        lo_parts.append(np.full(len(later), i))
        hi_parts.append(later)
        score_parts.append(ENTITY_WEIGHT * ent + (1 - ENTITY_WEIGHT) * lex)
    lo = np.concatenate(lo_parts or [np.zeros(0, np.int64)])
    hi = np.concatenate(hi_parts or [np.zeros(0, np.int64)])
    score = np.round(np.concatenate(score_parts or [np.zeros(0)]), 6)  # ties no longer hang on summation order
    one_states_both = _member(article[lo] * n_texts + text[hi], stated) | _member(article[hi] * n_texts + text[lo],
                                                                                   stated)
    keep = ~one_states_both | (text[lo] == text[hi])  # the same sentence in both articles stays
    lo, hi, score = lo[keep], hi[keep], score[keep]

    # each claim keeps its best partners; ties broken by position so the choice never depends on order
    owner, partner, both = np.concatenate([lo, hi]), np.concatenate([hi, lo]), np.concatenate([score, score])
    order = np.lexsort((partner, -both, owner))
    owner, candidate = owner[order], np.concatenate([np.arange(len(lo))] * 2)[order]
    first = np.searchsorted(owner, owner, side="left")
    kept_ids = np.unique(candidate[np.arange(len(owner)) - first < max_per_claim])

    pairs = []
    for t in kept_ids:  # why each kept pair was compared: only now, not for every candidate
        i, j = int(lo[t]), int(hi[t])
        a, b = claims[i], claims[j]
        if (b.article_id, b.start) < (a.article_id, a.start):
            a, b = b, a
        shared_keys = tuple(sorted(entity_sets[i] & entity_sets[j]))
        in_keys = {w for k in shared_keys for w in k.split()}
        common = sorted(set(words[i]) & set(words[j]) - in_keys, key=lambda w: (-vectors[i][w], w))[:5]
        pairs.append(ClaimPair(a=a, b=b, shared=shared_keys, score=float(score[t]),
                               shared_words=tuple(sorted(common))))
    pairs.sort(key=pair_order)
    per_article = Counter(c.article_id for c in claims)
    cross = (n * n - sum(v * v for v in per_article.values())) // 2
    return pairs, PairingStats(candidates=len(lo), kept=len(pairs), all_cross_pairs=cross)


def _member(values: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """``values[k] in sorted_values`` for each ``k``."""
    at = np.minimum(np.searchsorted(sorted_values, values), len(sorted_values) - 1)
    return sorted_values[at] == values


def pairing_key(claims: Sequence[Claim], max_per_claim: int) -> str:
    """Digest of everything ``pair_claims`` reads: each claim's article, position, model text and entity
    keys in order, the per-claim cap, this module's code and numpy's version. Equal keys give equal pairs."""
    h = hashlib.sha256(_code_digest().encode())
    h.update(json.dumps([np.__version__, max_per_claim]).encode())
    for c in claims:
        h.update(json.dumps([c.article_id, c.start, c.nli_text, c.entities]).encode())
    return h.hexdigest()


@functools.cache
def _code_digest() -> str:
    """Digest of this module's code, read once per process (as ``claims.rules_digest`` is)."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def pairing_payload(claims: Sequence[Claim], pairs: Sequence[ClaimPair], stats: PairingStats) -> dict[str, Any]:
    """What ``pairs_from_payload`` needs to give the same pairs for the same claims: claim indexes, not
    claims (a JSON-able dict, for the cache)."""
    index = {id(c): i for i, c in enumerate(claims)}
    return {"stats": [stats.candidates, stats.kept, stats.all_cross_pairs],
            "pairs": [[index[id(p.a)], index[id(p.b)], p.score, list(p.shared), list(p.shared_words)] for p in pairs]}


def pairs_from_payload(claims: Sequence[Claim], payload: dict[str, Any]) -> tuple[list[ClaimPair], PairingStats]:
    pairs = [ClaimPair(a=claims[i], b=claims[j], shared=tuple(shared), score=score, shared_words=tuple(words))
             for i, j, score, shared, words in payload["pairs"]]
    return pairs, PairingStats(*payload["stats"])


class _Rows:
    """Sparse rows (one per claim) in CSR arrays, for dot products of one row with many."""

    def __init__(self, rows: Sequence[dict[str, float]]) -> None:
        self.vocabulary = {t: col for col, t in enumerate(sorted({t for r in rows for t in r}))}
        lengths = [len(r) for r in rows]
        self.indptr = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum(lengths, out=self.indptr[1:])
        self.indices = np.array([self.vocabulary[t] for r in rows for t in r], dtype=np.int64)
        self.data = np.array([v for r in rows for v in r.values()], dtype=np.float64)

    def dots(self, i: int, others: np.ndarray, dense: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        """Row ``i`` (times ``weights``, if given) dotted with each row in ``others``; ``dense`` is scratch
        space of the vocabulary's size, left zeroed."""
        cols = self.indices[self.indptr[i]:self.indptr[i + 1]]
        dense[cols] = self.data[self.indptr[i]:self.indptr[i + 1]] * (weights[cols] if weights is not None else 1.0)
        starts, ends = self.indptr[others], self.indptr[others + 1]
        lengths = ends - starts
        segment = np.repeat(np.arange(len(others)), lengths)
        at = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths) + np.repeat(starts, lengths)
        out = np.bincount(segment, weights=dense[self.indices[at]] * self.data[at], minlength=len(others))
        dense[cols] = 0.0
        return out.astype(np.float64, copy=False)  # bincount of nothing is an int array


def _tfidf(words: Counter[str], df: Counter[str], n: int) -> dict[str, float]:
    vec = {w: tf * (math.log((1 + n) / (1 + df[w])) + 1.0) for w, tf in words.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {w: v / norm for w, v in vec.items()}
