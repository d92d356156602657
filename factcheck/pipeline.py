"""The whole run: corpus → claims → pairing → nli → findings → comparison with the baseline.

``run`` is the one function the CLI calls; it reads files but writes none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, assert_never

from factcheck import __version__
from factcheck.baseline import BaselineEntry, Comparison, compare, load_baseline
from factcheck.cache import Cache, CachedScorer, open_cache
from factcheck.claims import SPACY_MODEL, LazySpacy, extract_claims
from factcheck.config import Config, resolve_model
from factcheck.corpus import load_corpus
from factcheck.errors import InputError
from factcheck.executors import Executor
from factcheck.findings import build_findings
from factcheck.nli import Scorer
from factcheck.nli.precision import Backend, Precision, resolve, resolve_backend
from factcheck.pairing import PairingStats, pair_claims, pairing_key, pairing_payload, pairs_from_payload
from factcheck.records import Article, Claim, ClaimPair, ClaimStats, Finding, Skipped


@dataclass(frozen=True)
class RunResult:
    corpus: str
    """The corpus path as given."""
    articles: tuple[Article, ...]
    """Articles read, sorted by id."""
    skipped: tuple[Skipped, ...]
    """Files not used, with why."""
    claim_stats: ClaimStats
    """Sentences seen, claims kept, drops by reason."""
    pairing: PairingStats
    """Candidate and scored pair counts."""
    findings: tuple[Finding, ...]
    """All findings, contradictions first, strongest first."""
    comparison: Comparison
    """Findings split by the baseline (all new when there is none)."""
    baseline_path: str | None
    """The baseline used, if any."""
    baseline: dict[str, BaselineEntry] | None
    """Its entries (to write an updated baseline)."""
    model_id: str
    """The NLI model that scored the pairs."""
    config: Config
    """The settings of this run."""
    pairs_from_cache: int = 0
    """Pairs whose scores came from the cache (the reports' header shows it: the one figure that differs
    between a cold and a warm run)."""
    notices: tuple[str, ...] = ()
    """One-line warnings for the user (e.g. a cache that had to be rebuilt)."""
    version: str = __version__
    """factcheck's version."""


class Stage:
    """Progress hooks: ``start(name, total)`` then ``advance(n)`` calls; the CLI draws them."""

    def start(self, name: str, total: int) -> Callable[[float], None]:
        return lambda n: None


def _shown(path: Path) -> str:
    """A path as the report shows it: relative to the working folder when inside it (portable)."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def make_scorer(config: Config) -> Scorer:
    """The configured backend for the configured model (weights load on first use; an ONNX export that
    ``auto`` chose is made here, so that a model that cannot be exported falls back to torch)."""
    from factcheck.nli.backends import make_backend

    return make_backend(resolve_model(config.model), config.backend, config.precision,
                        batch_size=config.batch_size, allow_pickle=config.allow_pickle, compile=config.compile,
                        cache_dir=config.cache_dir)


def _concrete(backend: Backend, precision: Precision, compile: bool = False) -> tuple[Backend, Precision]:
    """``auto`` resolved on the driver, so that Ray workers on other hardware compute the same."""
    chosen = resolve_backend(backend, precision, compile)
    return chosen, resolve(precision, chosen)


def _pair(claims: list[Claim], max_per_claim: int, cache: Cache | None) -> tuple[list[ClaimPair], PairingStats]:
    """``pair_claims``, or its result for the same claims from the cache (an unchanged corpus)."""
    if cache is None:
        return pair_claims(claims, max_per_claim)
    key = pairing_key(claims, max_per_claim)
    payload = cache.get_pairing(key)
    if payload is not None:
        try:
            return pairs_from_payload(claims, payload)
        except (KeyError, IndexError, TypeError, ValueError):
            pass  # a damaged entry is a miss: pair again
    pairs, stats = pair_claims(claims, max_per_claim)
    cache.put_pairing(key, pairing_payload(claims, pairs, stats))
    return pairs, stats


def _alone(articles: list[Article]) -> str | None:
    if len(articles) == 1:
        return (f"only one article ({articles[0].id}): claims are compared across articles, so there is "
                "nothing to compare")
    return None


def run(config: Config, scorer: Scorer | None = None, nlp: Any = None, stage: Stage | None = None) -> RunResult:
    stage = stage or Stage()
    baseline = load_baseline(config.baseline) if config.baseline else None
    articles, skipped = load_corpus(config.corpus, exclude=(config.output_dir,))
    if not articles:
        raise InputError(f"{config.corpus}: no readable articles (.txt, .md, .html)"
                         + (f"; {len(skipped)} file(s) skipped: {skipped[0].path}: {skipped[0].reason}"
                            if skipped else ""))
    nlp = nlp if nlp is not None else LazySpacy()  # loaded only if an article is not in the claims cache
    executor = None
    extract_many = None
    match config.executor:
        case Executor.LOCAL:
            scorer = scorer if scorer is not None else make_scorer(config)
        case Executor.RAY:
            from factcheck.executors.ray_executor import RayExecutor

            executor = RayExecutor(config.ray_address, config.workers)
            extract_many = executor.extract_many(SPACY_MODEL)
            scorer = scorer if scorer is not None else executor.scorer(
                resolve_model(config.model), config.batch_size, config.allow_pickle,
                *_concrete(config.backend, config.precision, config.compile), config.compile)
        case _:
            assert_never(config.executor)
    backend = scorer  # its notice (a fallback, a re-export) is read after scoring
    cache, cache_problem = open_cache(config.cache_path)
    try:
        if cache is not None:
            scorer = CachedScorer(scorer, cache)
        advance = stage.start("Extracting claims", len(articles))
        claims, claim_stats = extract_claims(articles, nlp, progress=lambda: advance(1), cache=cache,
                                             extract_many=extract_many)
        pairs, pairing = _pair(claims, config.max_pairs_per_claim, cache)
        advance = stage.start("Scoring pairs", len(pairs))
        scores = scorer.score(pairs, progress=advance)
    finally:
        if cache is not None:
            cache.close()
        if executor is not None:
            executor.close()
    by_id = {a.id: a for a in articles}
    findings = build_findings(pairs, scores, by_id, config.thresholds)
    return RunResult(
        pairs_from_cache=scorer.hits if isinstance(scorer, CachedScorer) else 0,
        notices=tuple(n for n in (cache_problem, cache.notice if cache is not None else None,
                                  getattr(backend, "notice", None), _alone(articles)) if n),
        corpus=str(config.corpus), articles=tuple(articles), skipped=tuple(skipped), claim_stats=claim_stats,
        pairing=pairing, findings=tuple(findings), comparison=compare(findings, baseline),
        baseline_path=_shown(config.baseline) if config.baseline else None, baseline=baseline,
        model_id=scorer.model_id, config=config)
