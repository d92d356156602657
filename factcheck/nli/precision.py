"""The number format the NLI model runs in, and what ``auto`` picks on this machine.

- ``fp32``: full precision, the reference;
- ``bf16``: the model cast to bfloat16 (weights and activations; the probabilities are computed
  in fp32). Fast only where the processor multiplies bf16 natively (Intel AMX: Sapphire Rapids and
  later); elsewhere slower than fp32. On the held-out MNLI half it scored within 0.02 points of
  fp32 and ran 1.5× faster than ``torch.autocast`` (which keeps fp32 weights and casts them on
  every call);
- ``int8``: torch dynamic int8 quantisation of the Linear layers;
- ``auto`` (the default): ``bf16`` where the CPU has AMX-BF16, else ``fp32``.

The model card gives each one's accuracy and speed on this project's benchmark machine.
"""

from __future__ import annotations

import enum
import functools
from pathlib import Path


class Precision(enum.StrEnum):
    AUTO = "auto"
    FP32 = "fp32"
    BF16 = "bf16"
    INT8 = "int8"


@functools.cache
def native_bf16(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """Whether this CPU multiplies bf16 matrices in hardware (the ``amx_bf16`` flag; Linux only)."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(line.startswith("flags") and "amx_bf16" in line.split() for line in text.splitlines())


def resolve(precision: Precision | str) -> Precision:
    """A concrete precision: ``auto`` becomes ``bf16`` on AMX-BF16 CPUs, ``fp32`` elsewhere."""
    chosen = Precision(precision)
    if chosen is Precision.AUTO:
        return Precision.BF16 if native_bf16() else Precision.FP32
    return chosen
