"""How the NLI model runs: its engine (``Backend``), its number format (``Precision``), and what
``auto`` picks for each on this machine.

Backends:
- ``torch``: the transformers model in PyTorch (fp32, bf16 or int8);
- ``onnx``: the same model exported once to ONNX and run by ONNX Runtime (fp32 or int8; the optional
  extra ``factcheck[onnx]``); the export is kept in the cache folder (see ``nli.onnx_backend``);
- ``auto`` (the default): ``onnx`` where ONNX Runtime is installed and either the CPU has no native
  bf16 (see ``native_bf16``) or int8 is asked for; else ``torch``. Measured (model card, "Backends and
  precision"): on CPUs with native bf16 torch bf16 is the fastest option (AMX: ONNX Runtime fp32 is
  even slower than torch fp32 there); without it, ONNX Runtime fp32 is faster than torch fp32 with the
  same verdicts; everywhere ONNX Runtime int8 is faster and more accurate than torch int8.

Precisions:
- ``fp32``: full precision, the reference;
- ``bf16`` (torch only): the model cast to bfloat16 (weights and activations; the probabilities are
  computed in fp32). Fast only where the processor multiplies bf16 natively (Intel AMX: Sapphire
  Rapids and later; AVX512-BF16: AMD Zen 4 and later, Intel Cooper Lake); elsewhere it is emulated and
  slower than fp32;
- ``int8``: dynamic int8 quantisation of the matrix multiplications (torch: ``quantize_dynamic`` of
  the Linear layers; onnx: ONNX Runtime's ``quantize_dynamic``): faster, less accurate;
- ``auto`` (the default): ``bf16`` on torch where the CPU multiplies bf16 natively, else ``fp32``. Never int8:
  it costs more than half a point of accuracy on the held-out MNLI half.

The model card gives each combination's accuracy and speed on this project's machines.
"""

from __future__ import annotations

import enum
import functools
import importlib.util
from pathlib import Path

from factcheck.errors import ModelError

NATIVE_BF16_FLAGS = frozenset({"amx_bf16", "avx512_bf16"})
"""/proc/cpuinfo flags of CPUs with bf16 matrix instructions (AMX tiles; AVX-512 bf16 dot products)."""


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
    """Whether this CPU multiplies bf16 matrices in hardware: the ``amx_bf16`` or ``avx512_bf16`` flag
    (Linux only). Measured (model card, "Backends and precision"; benchmarks/RESULTS.md): torch bf16 runs
    1.9–2.9× torch fp32 on both kinds (AMX on an Intel Xeon; AVX512-BF16 on an AMD EPYC) with a few
    labels in a thousand changed; on CPUs with neither, bf16 is emulated (session 4's AMD EPYC without AVX-512: a
    bf16 matrix product ran at 0.8 GFLOP/s against 148 in fp32)."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(line.startswith("flags") and not NATIVE_BF16_FLAGS.isdisjoint(line.split())
               for line in text.splitlines())


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
    """A concrete precision for a concrete backend: ``auto`` is bf16 on torch with native bf16, else fp32."""
    chosen = Precision(precision)
    if Backend(backend) is Backend.ONNX and chosen is Precision.BF16:
        raise ModelError("the onnx backend runs fp32 or int8, not bf16; for bf16 use --backend torch")
    if chosen is Precision.AUTO:
        return Precision.BF16 if native_bf16() and Backend(backend) is Backend.TORCH else Precision.FP32
    return chosen
