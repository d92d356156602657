"""NLI in ONNX Runtime: the transformers model exported to ONNX once (and quantised to int8), then run
with the torch backend's tokenizer, batching, labels and rounding.

The export is made on first use and kept under ``<cache folder>/onnx/<model id>/`` (the model id of a
local folder carries a digest of its weights, so a changed model gets a new export). Files are written
under a temporary name and renamed, so concurrent runs and a stop mid-export never leave a half-written
model; a damaged export is made again once (the run says so); without a writable cache folder the
export goes to a temporary folder for this run only.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from factcheck.errors import ModelError, first_line
from factcheck.nli.precision import Backend, Precision, onnxruntime_installed, resolve
from factcheck.nli.transformers_backend import TransformersScorer

EXPORT_VERSION = 1
"""Bumped when the export recipe changes, so that old exports are not reused."""
OPSET = 17
FP32_FILE, INT8_FILE = "model.onnx", "model.int8.onnx"


def onnx_cache_dir(model_id: str, cache_dir: Path | None = None) -> Path:
    """Where a model's exports are kept: ``<cache_dir>/onnx/…``; by default the cache folder is
    ``$FACTCHECK_CACHE_DIR`` (else ~/.cache/factcheck)."""
    from factcheck.cache import ONNX_DIR, cache_folder

    safe = re.sub(r"[^A-Za-z0-9_.@-]+", "_", model_id).strip("._") or "model"
    return cache_folder(cache_dir) / ONNX_DIR / f"{safe}-v{EXPORT_VERSION}"


class OnnxScorer(TransformersScorer):
    """The ``Scorer`` protocol with the forward pass in ONNX Runtime (CPU), fp32 or int8."""

    TENSORS = "np"

    def __init__(self, model: str, batch_size: int | None = None, max_length: int = 256, threads: int | None = None,
                 allow_pickle: bool = False, precision: Precision | str = Precision.FP32,
                 export_dir: Path | None = None, cache_dir: Path | None = None) -> None:
        """``export_dir``: the folder of this model's exports; default: under ``cache_dir``
        (``onnx_cache_dir``)."""
        if not onnxruntime_installed():
            raise ModelError("the onnx backend needs ONNX Runtime: pip install 'factcheck[onnx]' "
                             "(or use --backend torch)")
        concrete = resolve(precision, Backend.ONNX)
        super().__init__(model, batch_size=batch_size, max_length=max_length, threads=threads,
                         allow_pickle=allow_pickle, precision=Precision.FP32)
        self.precision = concrete
        self.export_dir = export_dir or onnx_cache_dir(self.model_id, cache_dir)
        self.model_id += "+onnx" + ("-int8" if concrete is Precision.INT8 else "")
        self._session: Any = None
        self._inputs: tuple[str, ...] = ()

    def _load(self) -> None:
        if self._session is not None:
            return
        self._read_model(weights=False)
        path = self.exported()
        try:
            self._session = self._open(path)
        except Exception as first:  # a damaged export (a disk error, a foreign file): made again, once
            for name in (INT8_FILE, FP32_FILE):
                (self.export_dir / name).unlink(missing_ok=True)
            path = self.exported()
            try:
                self._session = self._open(path)
            except Exception as exc:
                raise ModelError(f"ONNX Runtime cannot load {path} ({exc}), even exported anew "
                                 f"(the first copy failed with: {first})") from exc
            self.notice = f"the ONNX export in {self.export_dir} was damaged and has been made again"
        self._inputs = tuple(i.name for i in self._session.get_inputs())

    def _open(self, path: Path) -> Any:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads or os.cpu_count() or 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def exported(self) -> Path:
        """The ONNX file for this precision, exported (and quantised) first if it is not there yet."""
        name = INT8_FILE if self.precision is Precision.INT8 else FP32_FILE
        if (self.export_dir / name).is_file():
            return self.export_dir / name
        try:
            self.export_dir.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=self.export_dir):
                pass
        except OSError:  # no writable cache folder: export for this run only
            self.export_dir = Path(tempfile.mkdtemp(prefix="factcheck-onnx-"))
            atexit.register(shutil.rmtree, self.export_dir, ignore_errors=True)
        fp32 = self.export_dir / FP32_FILE
        if not fp32.is_file():
            self._read_model(weights=True)
            with _written(fp32) as tmp, _quiet():
                _export(self._model, self._tokenizer, tmp)
            self._model = None  # the torch weights are not needed any more
        if self.precision is Precision.INT8 and not (self.export_dir / name).is_file():
            from onnxruntime.quantization import QuantType, quantize_dynamic

            with _written(self.export_dir / name) as tmp, _quiet():
                quantize_dynamic(str(fp32), str(tmp), weight_type=QuantType.QInt8)
        return self.export_dir / name

    def _logits(self, batch: Any) -> Any:
        import numpy as np
        import torch

        feed = {n: np.asarray(batch[n], dtype=np.int64) for n in self._inputs}
        (logits,) = self._session.run(["logits"], feed)
        return torch.from_numpy(logits).float()


def _export(model: Any, tokenizer: Any, target: Path) -> None:
    import torch

    enc = tokenizer(["a premise"], ["a hypothesis"], return_tensors="pt")
    # graph inputs follow the order of forward()'s parameters, not the tokenizer's dict order
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in enc]
    axes = {n: {0: "batch", 1: "tokens"} for n in names} | {"logits": {0: "batch"}}
    try:
        torch.onnx.export(model.eval(), ({n: enc[n] for n in names},), str(target), input_names=names,
                          output_names=["logits"], dynamic_axes=axes, opset_version=OPSET, dynamo=False)
    except Exception as exc:
        raise ModelError(f"cannot export the NLI model to ONNX ({first_line(exc)}); use --backend torch") from exc


@contextlib.contextmanager
def _written(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target`` that becomes ``target`` only if the block succeeds."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """The exporter's tracer warnings and the quantiser's advice on the root logger are not for users."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.setLevel(level)
