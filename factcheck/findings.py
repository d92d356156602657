"""Findings stage: scored pairs → contradiction and agreement ``Finding`` records.

Decision (the same for every backend):
- contradiction when the mean of P(contradiction) over the two directions ≥ ``thresholds.contradiction``
  (decided first, so a high entailment score in one direction cannot hide it);
- otherwise agreement when the larger P(entailment) of the two directions ≥ ``thresholds.agreement``;
- otherwise nothing.
Qualifiers: ``changed_over_time`` (both articles dated, dates differ), ``sources_disagree``
(both claims are attributed quotes of different speakers) and ``numeric_mismatch`` (the two
claims give the same unit different numbers, see ``numbers``) on contradictions; ``same_wording`` on
an agreement between two word-for-word copies of one sentence or quote, as the model read them (a wire
copy or a shared source, not independent support: listed after the reworded agreements). Findings
whose claims are the same sentences, or one claim against near-identical sentences, are merged into
the strongest.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace

from factcheck.config import Thresholds
from factcheck.numbers import mismatch
from factcheck.records import Article, ClaimPair, Finding, Kind, PairScores

NEAR_DUPLICATE = 0.8
"""Word-set Jaccard similarity at or above which two sentences count as the same."""


def mean_contradiction(scores: PairScores) -> float:
    """P(contradiction) averaged over the two directions: what the contradiction threshold applies to."""
    return (scores.forward["contradiction"] + scores.backward["contradiction"]) / 2


def decide(scores: PairScores, thresholds: Thresholds) -> tuple[Kind, float] | None:
    contra = mean_contradiction(scores)
    if contra >= thresholds.contradiction:
        return Kind.CONTRADICTION, contra
    one_way = max(scores.forward["contradiction"], scores.backward["contradiction"])
    if thresholds.one_way is not None and one_way >= thresholds.one_way:
        return Kind.CONTRADICTION, one_way
    entail = max(scores.forward["entailment"], scores.backward["entailment"])
    if entail >= thresholds.agreement:
        return Kind.AGREEMENT, entail
    return None


def normalise_text(text: str) -> str:
    """Lower-case words only: what fingerprints and duplicate checks compare."""
    return " ".join(re.findall(r"\w+", text.lower()))


def fingerprint(kind: Kind, pair: ClaimPair, articles: Mapping[str, Article]) -> str:
    """sha256 of kind, the sorted normalised texts and the sorted article keys; 16 hex digits."""
    texts = sorted((normalise_text(pair.a.text), normalise_text(pair.b.text)))
    keys = sorted((articles[pair.a.article_id].key, articles[pair.b.article_id].key))
    payload = "\x1f".join([kind.value, *texts, *keys])
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def build_findings(pairs: Sequence[ClaimPair], scores: Sequence[PairScores], articles: Mapping[str, Article],
                   thresholds: Thresholds) -> list[Finding]:
    """Decide each pair, label it, merge near-duplicates; strongest first within each kind."""
    found = []
    for pair, sc in zip(pairs, scores, strict=True):
        decision = decide(sc, thresholds)
        if decision is None:
            continue
        kind, confidence = decision
        found.append(Finding(kind=kind, pair=pair, scores=sc, confidence=round(confidence, 6),
                             labels=qualifiers(kind, pair, articles),
                             fingerprint=fingerprint(kind, pair, articles)))
    # a sentence pair read as a contradiction (say through one clause) is not also an agreement
    contradicted = {_sentences(f.pair) for f in found if f.kind is Kind.CONTRADICTION}
    found = [f for f in found if f.kind is Kind.CONTRADICTION or _sentences(f.pair) not in contradicted]
    found.sort(key=lambda f: (f.kind != Kind.CONTRADICTION, "same_wording" in f.labels, -f.confidence,
                              f.fingerprint))
    return merge_duplicates(found)


def _sentences(pair: ClaimPair) -> tuple[tuple[str, int], tuple[str, int]]:
    a, b = (pair.a.article_id, pair.a.start), (pair.b.article_id, pair.b.start)
    return (a, b) if a <= b else (b, a)


def qualifiers(kind: Kind, pair: ClaimPair, articles: Mapping[str, Article]) -> tuple[str, ...]:
    labels = []
    if kind is Kind.CONTRADICTION:
        da, db = articles[pair.a.article_id].date, articles[pair.b.article_id].date
        if da and db and da != db:
            labels.append("changed_over_time")
        if pair.a.is_quote and pair.b.is_quote and pair.a.speaker and pair.b.speaker \
                and pair.a.speaker != pair.b.speaker:
            labels.append("sources_disagree")
        if mismatch(pair.a.text, pair.b.text):
            labels.append("numeric_mismatch")
    elif normalise_text(pair.a.nli_text) == normalise_text(pair.b.nli_text):  # what the model compared
        labels.append("same_wording")
    return tuple(labels)


def _words(text: str) -> frozenset[str]:
    return frozenset(normalise_text(text).split())


def _jaccard_same(wa: frozenset[str], wb: frozenset[str]) -> bool:
    return bool(wa | wb) and len(wa & wb) / len(wa | wb) >= NEAR_DUPLICATE


def _same(a: str, b: str) -> bool:
    return _jaccard_same(_words(a), _words(b))


def merge_duplicates(findings: Sequence[Finding]) -> list[Finding]:
    """Fold a finding into an earlier (stronger) one of the same kind when both sides match:
    one side the same claim (or a near-identical sentence) and the other near-identical.

    Only earlier findings that can hold a near-identical sentence are compared (prefix filtering:
    two word sets with Jaccard ≥ t share a word among the first ``n - ceil(t·n) + 1`` words of each
    in one global rare-first order), so this stays fast with thousands of findings.
    """
    words: dict[str, frozenset[str]] = {}
    for f in findings:
        for text in (f.pair.a.text, f.pair.b.text):
            if text not in words:
                words[text] = _words(text)
    freq = Counter(w for ws in words.values() for w in ws)

    def prefix(text: str) -> list[str]:
        ordered = sorted(words[text], key=lambda w: (freq[w], w))
        n = len(ordered)
        return ordered[:n - math.ceil(NEAR_DUPLICATE * n - 1e-9) + 1] if n else []

    prefixes = {text: prefix(text) for text in words}
    kept: list[Finding] = []
    index: dict[tuple[Kind, str], list[int]] = defaultdict(list)
    for f in findings:
        a, b = f.pair.a.text, f.pair.b.text
        # a duplicate's sides both match f's sides, so one of them matches f.a: look up f.a's prefix
        candidates = sorted({i for w in prefixes[a] for i in index[(f.kind, w)]})
        for i in candidates:
            k = kept[i]
            ka, kb = k.pair.a.text, k.pair.b.text
            if ((_jaccard_same(words[ka], words[a]) and _jaccard_same(words[kb], words[b]))
                    or (_jaccard_same(words[ka], words[b]) and _jaccard_same(words[kb], words[a]))):
                kept[i] = replace(k, duplicates=(*k.duplicates, f.pair))
                break
        else:
            for w in {*prefixes[a], *prefixes[b]}:
                index[(f.kind, w)].append(len(kept))
            kept.append(f)
    return kept
