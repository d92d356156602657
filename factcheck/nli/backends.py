"""Choosing the NLI backend: one function from (model, backend, precision) to a ``Scorer``."""

from __future__ import annotations

from factcheck.nli.precision import Backend, Precision, resolve_backend
from factcheck.nli.transformers_backend import TransformersScorer


def make_backend(model: str, backend: Backend | str = Backend.AUTO, precision: Precision | str = Precision.AUTO,
                 batch_size: int = 32, threads: int | None = None, allow_pickle: bool = False) -> TransformersScorer:
    """The scorer for ``model``; ``auto`` backend and precision are resolved for this machine."""
    if resolve_backend(backend, precision) is Backend.ONNX:
        from factcheck.nli.onnx_backend import OnnxScorer

        return OnnxScorer(model, batch_size=batch_size, threads=threads, allow_pickle=allow_pickle,
                          precision=precision)
    return TransformersScorer(model, batch_size=batch_size, threads=threads, allow_pickle=allow_pickle,
                              precision=precision)
