"""A teacher's label probabilities for the training pairs (knowledge distillation).

A larger NLI model (the teacher: any model folder or id that factcheck can load) reads every
training pair once; the student then learns from the teacher's three probabilities as well as
from the gold label. The teacher's scores are kept in an sqlite cache in the checkpoint folder
(the product's NLI score cache, keyed by the teacher's weights and the two texts), written chunk
by chunk, so a run stopped while the teacher reads picks up where it stopped.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from factcheck.cache import Cache
from factcheck.nli.transformers_backend import TransformersScorer
from factcheck.training.data import LABELS, NliPair


def teacher_probs(teacher: str, pairs: Sequence[NliPair], cache_path: Path, precision: str = "auto",
                  threads: int | None = None, deadline: float = float("inf"),
                  chunk: int = 2048) -> tuple[list[tuple[float, ...]], str]:
    """The teacher's (entailment, neutral, contradiction) probabilities for each pair (premise →
    hypothesis as written), and the teacher's model id (its name and weights digest).

    Past ``deadline`` (a ``time.monotonic()`` value) it stops after the chunk in hand and exits:
    what it read is kept for the next run."""
    scorer = TransformersScorer(teacher, threads=threads, precision=precision)
    texts = [(p.premise, p.hypothesis) for p in pairs]
    cache = Cache(cache_path)
    try:
        got = cache.get_scores(scorer.model_id, texts)
        todo = [i for i in range(len(texts)) if i not in got]
        print(f"teacher {scorer.model_id}: {len(got)} of {len(texts)} pairs read before, {len(todo)} to read",
              flush=True)
        start = time.monotonic()
        for done in range(0, len(todo), chunk):
            part = todo[done:done + chunk]
            fresh = scorer.predict([texts[i] for i in part])
            cache.put_scores(scorer.model_id, [(texts[i], probs) for i, probs in zip(part, fresh, strict=True)])
            got.update(zip(part, fresh, strict=True))
            rate = (done + len(part)) / (time.monotonic() - start)
            print(f"teacher read {done + len(part)}/{len(todo)} ({rate:.1f} pairs/s)", flush=True)
            if time.monotonic() > deadline and done + len(part) < len(todo):
                raise SystemExit(f"budget reached while the teacher read {done + len(part)} of {len(todo)} pairs "
                                 "(kept); run the same command again to go on")
    finally:
        cache.close()
    return [tuple(got[i][label] for label in LABELS) for i in range(len(texts))], scorer.model_id


def soft_label_loss(logits: Any, teacher: Any) -> Any:
    """Cross-entropy of the student's distribution against the teacher's probabilities (rows of
    ``teacher`` sum to 1): its gradient is the one of the KL divergence from teacher to student."""
    return -(teacher * logits.float().log_softmax(-1)).sum(-1).mean()
