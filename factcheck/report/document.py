"""A run as a plain, ordered document: the one source both the JSON and the Markdown reports render.

Holds no timings or paths of temporary files. The one figure that depends on more than the inputs
is ``counts.pairs_from_cache`` (how many pair scores the cache supplied: what a rerun cost), which
the header shows; everything else is the same between identical runs, warm or cold.
"""

from __future__ import annotations

from typing import Any

from factcheck.pipeline import RunResult
from factcheck.records import Article, Claim, ClaimPair, Finding, Kind


def document(result: RunResult) -> dict[str, Any]:
    articles = {a.id: a for a in result.articles}
    comp = result.comparison
    new = {f.fingerprint for f in comp.new}
    fps = {f.fingerprint for f in comp.false_positives}
    shown = [f for f in result.findings if f.fingerprint not in fps]
    contradictions = [_finding(f, articles, new) for f in shown if f.kind is Kind.CONTRADICTION]
    agreements = [_finding(f, articles, new) for f in shown if f.kind is Kind.AGREEMENT]
    th = result.config.thresholds
    return {
        "factcheck_version": result.version,
        "corpus": result.corpus,
        "model": result.model_id,
        "thresholds": {"contradiction": th.contradiction, "one_way": th.one_way, "agreement": th.agreement,
                       "max_pairs_per_claim": result.config.max_pairs_per_claim},
        "baseline": result.baseline_path,
        "counts": {
            "articles": len(result.articles),
            "skipped_files": len(result.skipped),
            "sentences": result.claim_stats.sentences,
            "claims": result.claim_stats.claims,
            "dropped_sentences": sum(result.claim_stats.dropped.values()),
            "all_cross_article_pairs": result.pairing.all_cross_pairs,
            "candidate_pairs": result.pairing.candidates,
            "pairs_scored": result.pairing.kept,
            "pairs_from_cache": result.pairs_from_cache,
            "contradictions": len(contradictions),
            "new_contradictions": sum(c["status"] == "new" for c in contradictions),
            "agreements": len(agreements),
            "false_positives_suppressed": len(comp.false_positives),
            "stale_baseline_entries": len(comp.stale),
        },
        "contradictions": contradictions,
        "agreements": agreements,
        "false_positives": [{**_finding(f, articles, new), "reason": result.baseline[f.fingerprint].reason}
                            for f in comp.false_positives if result.baseline is not None],
        "stale_baseline_entries": [{"fingerprint": e.fingerprint, "kind": e.kind, "claims": list(e.claims),
                                    "articles": list(e.articles), "status": e.status.value}
                                   for e in comp.stale],
        "articles": [{"id": a.id, "title": a.title or a.id, "outlet": a.outlet, "date": a.date,
                      "url": a.url} for a in result.articles],
        "skipped": [{"path": s.path, "reason": s.reason} for s in result.skipped],
        "dropped": dict(sorted(result.claim_stats.dropped.items())),
    }


def _claim(c: Claim, article: Article) -> dict[str, Any]:
    return {"article": c.article_id, "title": article.title or article.id, "outlet": article.outlet,
            "date": article.date, "line": c.line, "text": c.text, "speaker": c.speaker, "is_quote": c.is_quote,
            "model_text": c.model_text}


def _pair(p: ClaimPair, articles: dict[str, Article]) -> dict[str, Any]:
    return {"claims": [_claim(p.a, articles[p.a.article_id]), _claim(p.b, articles[p.b.article_id])],
            "shared_entities": list(p.shared), "shared_words": list(p.shared_words), "pair_score": p.score}


def _finding(f: Finding, articles: dict[str, Article], new: set[str]) -> dict[str, Any]:
    return {
        "fingerprint": f.fingerprint,
        "kind": f.kind.value,
        "status": "new" if f.fingerprint in new else "known",
        "confidence": f.confidence,
        "labels": list(f.labels),
        **_pair(f.pair, articles),
        "scores": {"a_to_b": f.scores.forward, "b_to_a": f.scores.backward},
        "merged_duplicates": [_pair(d, articles) for d in f.duplicates],
    }
