"""Choosing the NLI backend: one function from (model, backend, precision) to a ``Scorer``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from factcheck.errors import ModelError
from factcheck.nli.precision import Backend, Precision, resolve_backend
from factcheck.nli.transformers_backend import TransformersScorer


def make_backend(model: str, backend: Backend | str = Backend.AUTO, precision: Precision | str = Precision.AUTO,
                 batch_size: int | None = None, threads: int | None = None,
                 allow_pickle: bool = False, compile: bool = False,
                 cache_dir: Path | None = None) -> TransformersScorer:
    """The scorer for ``model``; ``auto`` backend and precision are resolved for this machine.

    When ``auto`` chose ONNX Runtime, the model is exported here, at once: a model that cannot be
    exported then runs on torch instead, and the scorer's ``notice`` says why. An explicit
    ``--backend onnx`` fails on such a model instead. ``compile`` (torch.compile) is for torch: it makes
    ``auto`` torch and refuses an explicit ``onnx``. ``cache_dir``: the cache folder, where ONNX exports are
    kept (default: ``$FACTCHECK_CACHE_DIR`` or ~/.cache/factcheck).
    """
    kwargs: dict[str, Any] = dict(batch_size=batch_size, threads=threads, allow_pickle=allow_pickle,
                                  precision=precision)
    chosen = resolve_backend(backend, precision, compile)
    if compile:
        if chosen is Backend.ONNX:
            raise ModelError("--compile compiles the torch model; it does not apply to --backend onnx")
        return TransformersScorer(model, compile=True, **kwargs)
    if chosen is Backend.ONNX:
        from factcheck.nli.onnx_backend import OnnxScorer

        scorer = OnnxScorer(model, cache_dir=cache_dir, **kwargs)
        if Backend(backend) is Backend.ONNX:
            return scorer
        try:
            scorer.exported()
            return scorer
        except ModelError as exc:
            fallback = TransformersScorer(model, **kwargs)
            fallback.notice = f"{exc}; running the model on torch instead"
            return fallback
    return TransformersScorer(model, **kwargs)
