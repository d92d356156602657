"""Run configuration: one ``Config`` record, where its values come from, and where the default model lives.

Precedence: CLI flags > environment (``FACTCHECK_MODEL``, ``FACTCHECK_MODELS_DIR``) > the
``[tool.factcheck]`` table of the nearest ``pyproject.toml`` (from the current folder upwards) >
defaults.
"""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factcheck.errors import InputError, ModelError
from factcheck.executors import Executor
from factcheck.nli.precision import Backend, Precision

DEFAULT_MODEL_NAME = "factcheck-nli-minilm"
"""Folder name of the shipped NLI model under the models directory."""


def models_dir() -> Path:
    """Where the shipped model is looked up: ``$FACTCHECK_MODELS_DIR``; else ``models/`` beside the
    ``factcheck`` package (a checkout or an editable install); else ``<prefix>/share/factcheck/models``
    (where a wheel install puts it: the wheel carries the model as data files)."""
    env = os.environ.get("FACTCHECK_MODELS_DIR")
    if env:
        return Path(env)
    beside = Path(__file__).resolve().parent.parent / "models"
    installed = Path(sys.prefix) / "share" / "factcheck" / "models"
    return installed if not (beside / DEFAULT_MODEL_NAME).exists() and installed.exists() else beside


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
    one_way: float | None = None
    """…or, when set, when either direction's P(contradiction) alone is at least this. Off by default:
    it adds recall on MNLI and the dev cases at the same precision, but its news flags were no better
    than the rest (docs/quality.md)."""
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
    batch_size: int | None = None
    """Inputs per model call (None: 64 in bf16, else 32; see ``default_batch_size``)."""
    baseline: Path | None = None
    """Baseline of known findings to compare with, if any."""
    allow_pickle: bool = False
    """Allow loading pickle (``.bin``) weights."""
    precision: Precision = Precision.AUTO
    """Number format of the NLI model (see ``nli.precision``): auto, fp32, bf16 or int8."""
    backend: Backend = Backend.AUTO
    """What runs the NLI model (see ``nli.precision``): auto, torch or onnx."""
    compile: bool = False
    """Compile the torch model with torch.compile (faster on long runs; its scores are cached apart)."""
    cache_path: Path | None = None
    """SQLite cache of claims and NLI scores; ``None`` disables caching."""
    cache_dir: Path | None = None
    """The cache folder given (``--cache-dir``), which also keeps ONNX exports; ``None``: the default folder."""
    executor: Executor = Executor.LOCAL
    """Where claim extraction and NLI scoring run."""
    ray_address: str | None = None
    """Address of a running Ray cluster (``None``: start a local one)."""
    workers: int | None = None
    """Ray worker actors per stage (``None``: one per CPU of the cluster)."""


SETTINGS = {"model": str, "output_dir": Path, "baseline": Path, "fail_on": str, "contradiction_threshold": float,
            "agreement_threshold": float, "one_way_threshold": float, "max_pairs_per_claim": int, "batch_size": int,
            "precision": str, "backend": str, "compile": bool, "formats": list, "executor": str, "ray_address": str}
"""Keys allowed in ``[tool.factcheck]`` (dashes or underscores) and their types."""


def project_settings(start: Path | None = None) -> tuple[dict[str, Any], Path | None]:
    """``[tool.factcheck]`` of the nearest pyproject.toml at or above ``start`` (cwd), checked."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        path = folder / "pyproject.toml"
        if path.is_file():
            try:
                table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("factcheck", {})
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
                raise InputError(f"{path}: cannot read [tool.factcheck]: {exc}") from exc
            return _check_settings(table, path), path
    return {}, None


def _check_settings(table: dict[str, Any], path: Path) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for raw_key, value in table.items():
        key = raw_key.replace("-", "_")
        kind = SETTINGS.get(key)
        if kind is None:
            raise InputError(f"{path}: unknown setting {raw_key!r} in [tool.factcheck]; known: "
                             + ", ".join(sorted(k.replace("_", "-") for k in SETTINGS)))
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) if kind is float else (
            isinstance(value, str) if kind is Path else isinstance(value, kind) and not (
                kind is int and isinstance(value, bool)))
        if not ok:
            raise InputError(f"{path}: [tool.factcheck] {raw_key} must be a {kind.__name__}, not {value!r}")
        out[key] = (path.parent / value) if kind is Path else value
    return out


def merge_settings(cli: dict[str, Any], project: dict[str, Any]) -> dict[str, Any]:
    """CLI values that were given (not None) over project settings over nothing."""
    return {**project, **{k: v for k, v in cli.items() if v is not None}}


def choose_baseline(output_dir: Path, baseline: Path | None, no_baseline: bool, update: bool) -> Path | None:
    """The baseline file to read (and, with ``update``, to write): explicit, else OUTPUT_DIR/baseline.json
    when it exists or when it is to be written; none with ``no_baseline``."""
    if no_baseline:
        return None
    if baseline is not None:
        return baseline
    default = output_dir / "baseline.json"
    return default if default.exists() or update else None
