"""Run configuration: one ``Config`` record, and where the default model lives.

Precedence: CLI flags > environment (``FACTCHECK_MODEL``, ``FACTCHECK_MODELS_DIR``) > defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.errors import ModelError

DEFAULT_MODEL_NAME = "factcheck-nli-minilm"
"""Folder name of the shipped NLI model under the models directory."""


def models_dir() -> Path:
    """``$FACTCHECK_MODELS_DIR``, else ``models/`` beside the installed ``factcheck`` package."""
    env = os.environ.get("FACTCHECK_MODELS_DIR")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "models"


def resolve_model(option: str | None) -> str:
    """The model to load: ``--model``, else ``$FACTCHECK_MODEL``, else the shipped default.

    A value that names an existing path is returned as an absolute path; anything else is
    passed on as a hub model id. A missing default fails with a message naming what to pass.
    """
    chosen = option or os.environ.get("FACTCHECK_MODEL")
    if chosen:
        path = Path(chosen).expanduser()
        if path.exists():
            return str(path.resolve())
        if chosen.startswith((".", "/", "~")) or chosen.count("/") > 1:  # a hub id is "name" or "org/name"
            raise ModelError(f"model path {chosen} does not exist; pass a model folder or a hub model id")
        return chosen
    default = models_dir() / DEFAULT_MODEL_NAME
    if not (default / "config.json").exists():
        raise ModelError(f"the default NLI model is missing ({default}); train it with "
                         "`python -m factcheck.training` or pass --model PATH (a model folder or hub id)")
    return str(default)


@dataclass(frozen=True)
class Thresholds:
    contradiction: float = 0.6
    """Flag a contradiction when the mean P(contradiction) of the two directions is at least this."""
    agreement: float = 0.7
    """Flag an agreement when the larger P(entailment) of the two directions is at least this."""


@dataclass(frozen=True)
class Config:
    corpus: Path
    """Folder (or single file) of articles."""
    model: str | None = None
    """``--model`` as given (``None``: environment or shipped default)."""
    output_dir: Path = Path("reports")
    """Where consistency.md and consistency.json are written."""
    thresholds: Thresholds = field(default_factory=Thresholds)
    """Decision thresholds on the NLI probabilities."""
    max_pairs_per_claim: int = 8
    """Each claim keeps at most this many partners (best pairing scores)."""
    batch_size: int = 32
    """Pairs per model call."""
    baseline: Path | None = None
    """Baseline of known findings to compare with, if any."""
    allow_pickle: bool = False
    """Allow loading pickle (``.bin``) weights."""
    int8: bool = False
    """Run the model with dynamic int8 quantisation (faster on CPU, slightly different scores)."""
