"""Shared fixtures: a fake NLI scorer (no torch), the spaCy pipeline, isolation from home and network."""

from __future__ import annotations

import re
import shutil
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from factcheck.records import ClaimPair, PairScores

FIXTURES = Path(__file__).parent / "fixtures"
NEGATIONS = {"not", "no", "never", "denied", "none"}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def fake_probs(premise: str, hypothesis: str) -> dict[str, float]:
    """Contradiction when exactly one side is negated and they share ≥ 4 words; entailment when
    the hypothesis' words are (nearly) all in the premise; neutral otherwise."""
    wp, wh = _words(premise), _words(hypothesis)
    overlap = len((wp & wh) - NEGATIONS)
    if overlap >= 7 and bool(wp & NEGATIONS) != bool(wh & NEGATIONS):
        return {"entailment": 0.05, "neutral": 0.1, "contradiction": 0.85}
    if wh and len((wh - NEGATIONS) - wp) <= 1 and overlap >= 7:
        return {"entailment": 0.9, "neutral": 0.08, "contradiction": 0.02}
    return {"entailment": 0.1, "neutral": 0.8, "contradiction": 0.1}


class FakeScorer:
    model_id = "fake-nli"

    def __init__(self) -> None:
        self.calls = 0
        self.pairs_scored = 0

    def score(self, pairs: Sequence[ClaimPair], progress=None) -> list[PairScores]:
        self.calls += 1
        self.pairs_scored += len(pairs)
        out = [PairScores(fake_probs(p.a.nli_text, p.b.nli_text), fake_probs(p.b.nli_text, p.a.nli_text))
               for p in pairs]
        if progress:
            progress(len(pairs))
        return out


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory, monkeypatch):
    """No test touches the user's home, caches, the network or this repository's pyproject settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("HF_HOME", str(home / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(home / "factcheck-cache"))
    for var in ("FACTCHECK_MODEL", "FACTCHECK_MODELS_DIR", "FACTCHECK_DEBUG"):
        monkeypatch.delenv(var, raising=False)
    hub_constants = sys.modules.get("huggingface_hub.constants")  # it read HF_HOME once, when first imported
    if hub_constants is not None:
        monkeypatch.setattr(hub_constants, "HF_HUB_CACHE", str(home / "hf" / "hub"))

    def refuse(*args, **kwargs):
        raise OSError("network access attempted in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(scope="session")
def nlp():
    from factcheck.claims import load_spacy

    return load_spacy()


@pytest.fixture
def fake_scorer() -> FakeScorer:
    return FakeScorer()


@pytest.fixture
def corpus(tmp_path) -> Path:
    """A writable copy of tests/fixtures/corpus (3 articles, one contradiction, one agreement)."""
    dest = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "corpus", dest)
    return dest


@pytest.fixture
def use_fake_scorer(monkeypatch, fake_scorer):
    """Make the pipeline (and so the CLI) use the fake scorer."""
    monkeypatch.setattr("factcheck.pipeline.make_scorer", lambda config: fake_scorer)
    return fake_scorer
