"""How the NLI model runs: its engine (``Backend``), its number format (``Precision``), and what
``auto`` picks for each on this machine.

Backends:
- ``torch``: the transformers model in PyTorch (fp32, bf16 or int8);
- ``onnx``: the same model exported once to ONNX and run by ONNX Runtime (fp32 or int8; the optional
  extra ``factcheck[onnx]``); the export is kept in the cache folder (see ``nli.onnx_backend``);
- ``auto`` (the default): ``onnx`` where ONNX Runtime is installed and either the CPU has no AMX or
  int8 is asked for; else ``torch``. Measured (model card, "Backends and precision"): on AMX CPUs
  torch bf16 is the fastest option and ONNX Runtime fp32 is slower than torch fp32; without AMX,
  ONNX Runtime fp32 is faster than torch fp32 with the same verdicts; everywhere ONNX Runtime int8
  is faster and more accurate than torch int8.

Precisions:
- ``fp32``: full precision, the reference;
- ``bf16`` (torch only): the model cast to bfloat16 (weights and activations; the probabilities are
  computed in fp32). Fast only where the processor multiplies bf16 natively (Intel AMX: Sapphire
  Rapids and later); elsewhere slower than fp32;
- ``int8``: dynamic int8 quantisation of the matrix multiplications (torch: ``quantize_dynamic`` of
  the Linear layers; onnx: ONNX Runtime's ``quantize_dynamic``): faster, less accurate;
- ``auto`` (the default): ``bf16`` on torch where the CPU has AMX-BF16, else ``fp32``. Never int8:
  it costs more than half a point of accuracy on the held-out MNLI half.

The model card gives each combination's accuracy and speed on this project's machines.
"""

from __future__ import annotations

import enum
import functools
import importlib.util
from pathlib import Path

from factcheck.errors import ModelError


class Precision(enum.StrEnum):
    AUTO = "auto"
    FP32 = "fp32"
    BF16 = "bf16"
    INT8 = "int8"


class Backend(enum.StrEnum):
    AUTO = "auto"
    TORCH = "torch"
    ONNX = "onnx"


@functools.cache
def native_bf16(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """Whether this CPU multiplies bf16 matrices in hardware (the ``amx_bf16`` flag; Linux only)."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(line.startswith("flags") and "amx_bf16" in line.split() for line in text.splitlines())


def onnxruntime_installed() -> bool:
    return importlib.util.find_spec("onnxruntime") is not None


def resolve_backend(backend: Backend | str, precision: Precision | str = Precision.AUTO,
                    compile: bool = False) -> Backend:
    """A concrete backend for the asked precision (see the module docstring for ``auto``); ``compile``
    (torch.compile) makes ``auto`` torch."""
    chosen, number = Backend(backend), Precision(precision)
    if chosen is not Backend.AUTO:
        return chosen
    if compile or number is Precision.BF16 or not onnxruntime_installed():
        return Backend.TORCH
    return Backend.ONNX if number is Precision.INT8 or not native_bf16() else Backend.TORCH


def resolve(precision: Precision | str, backend: Backend | str = Backend.TORCH) -> Precision:
    """A concrete precision for a concrete backend: ``auto`` is bf16 on torch with AMX-BF16, else fp32."""
    chosen = Precision(precision)
    if Backend(backend) is Backend.ONNX and chosen is Precision.BF16:
        raise ModelError("the onnx backend runs fp32 or int8, not bf16; for bf16 use --backend torch")
    if chosen is Precision.AUTO:
        return Precision.BF16 if native_bf16() and Backend(backend) is Backend.TORCH else Precision.FP32
    return chosen
