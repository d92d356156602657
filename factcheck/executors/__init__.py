"""Where the heavy stages run: in this process (``local``) or on a Ray cluster (``ray``).

Both produce the same claims and the same NLI batches, so reports are byte-identical.
"""

from __future__ import annotations

import enum


class Executor(enum.StrEnum):
    LOCAL = "local"
    """Everything in this process (the default)."""
    RAY = "ray"
    """Claim extraction and NLI scoring on Ray workers (``pip install 'factcheck[ray]'``)."""
