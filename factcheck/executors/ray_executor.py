"""Claim extraction and NLI scoring on a Ray cluster: one spaCy / one model load per worker actor.

NLI inputs are ordered (by token count, ``length_order``) and cut into batches exactly as the local
backend does, and whole batches go to the workers, so every pair is computed in the same batch as in
a local run. Workers use the driver's torch thread count, so on the same hardware the numbers — and the
report — are identical.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from factcheck.errors import InputError
from factcheck.nli.interface import Progress, assemble, directions, distinct, length_order
from factcheck.records import Article, ClaimPair, PairScores

BATCHES_PER_TASK = 4
"""Model batches sent to a worker in one call."""


def _ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise InputError("--executor ray needs Ray: pip install 'factcheck[ray]'") from exc
    return ray


class _ClaimWorker:
    def __init__(self, spacy_name: str) -> None:
        from factcheck.claims import load_spacy

        self.nlp = load_spacy(spacy_name)

    def extract(self, articles: list[Article]) -> list[dict[str, Any]]:
        from factcheck.claims import extract_payload

        return [extract_payload(a, self.nlp) for a in articles]


class _NliWorker:
    def __init__(self, model: str, batch_size: int | None, threads: int, allow_pickle: bool, backend: str,
                 precision: str, compile: bool = False) -> None:
        from factcheck.nli.backends import make_backend

        self.scorer = make_backend(model, backend, precision, batch_size=batch_size, threads=threads,
                                   allow_pickle=allow_pickle, compile=compile)

    def predict(self, texts: list[tuple[str, str]]) -> list[dict[str, float]]:
        return self.scorer.predict(texts)


class RayExecutor:
    """Connects to (or starts) a Ray cluster; ``extract_many`` and ``scorer`` spread the two stages."""

    def __init__(self, address: str | None, workers: int | None = None) -> None:
        self.ray = _ray()
        self.owns_cluster = not address and not self.ray.is_initialized()
        if not self.ray.is_initialized():
            kwargs: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
            if address:
                kwargs["address"] = address
            self.ray.init(**kwargs)
        self.workers = workers or max(1, int(self.ray.cluster_resources().get("CPU", 1)))

    def _actors(self, cls: type, *args: Any) -> list[Any]:
        remote = self.ray.remote(num_cpus=1)(cls)
        return [remote.remote(*args) for _ in range(self.workers)]

    def extract_many(self, spacy_name: str) -> Callable[[Sequence[Article], Callable[[], None] | None],
                                                         list[dict[str, Any]]]:
        def run(articles: Sequence[Article], tick: Callable[[], None] | None) -> list[dict[str, Any]]:
            if not articles:
                return []
            actors = self._actors(_ClaimWorker, spacy_name)
            size = max(1, -(-len(articles) // (len(actors) * 4)))
            chunks = [list(articles[i:i + size]) for i in range(0, len(articles), size)]
            refs = [actors[k % len(actors)].extract.remote(chunk) for k, chunk in enumerate(chunks)]
            out: list[dict[str, Any]] = []
            for ref in refs:  # in order: the result keeps the articles' order
                got = self.ray.get(ref)
                out.extend(got)
                if tick:
                    for _ in got:
                        tick()
            for actor in actors:
                self.ray.kill(actor)
            return out
        return run

    def scorer(self, model: str, batch_size: int | None, allow_pickle: bool, backend: str, precision: str,
               compile: bool = False) -> RayScorer:
        """``backend`` and ``precision`` should be concrete (not ``auto``): workers on other hardware then
        still compute the same. ``compile``: each worker compiles its model once (torch.compile)."""
        return RayScorer(self, model, batch_size, allow_pickle, backend, precision, compile)

    def close(self) -> None:
        """Stop the local cluster this executor started (a cluster given by address is left running)."""
        if self.owns_cluster:
            self.ray.shutdown()


class RayScorer:
    """The ``Scorer`` protocol over Ray workers, computing exactly the local backend's batches."""

    def __init__(self, executor: RayExecutor, model: str, batch_size: int | None, allow_pickle: bool, backend: str,
                 precision: str, compile: bool = False) -> None:
        from factcheck.nli.backends import make_backend

        self.executor = executor
        self.args = (model, batch_size, os.cpu_count() or 1, allow_pickle, backend, precision, compile)
        self._local = make_backend(model, backend, precision, batch_size=batch_size,  # tokenizer, id, batch size
                                   allow_pickle=allow_pickle, compile=compile)  # (compiled only when it scores)
        self.batch_size = self._local.batch_size  # as the workers resolve it: same precision, same default
        self.model_id = self._local.model_id
        self._actors: list[Any] | None = None

    def score(self, pairs: Sequence[ClaimPair], progress: Progress | None = None) -> list[PairScores]:
        if not pairs:
            return []
        ray = self.executor.ray
        if self._actors is None:
            self._actors = self.executor._actors(_NliWorker, *self.args)
        texts, where = distinct(directions(pairs))
        order = length_order(self._local.lengths(texts))
        step = self.batch_size * BATCHES_PER_TASK  # a multiple of the batch size: batches stay whole
        tasks = [order[i:i + step] for i in range(0, len(order), step)]
        refs = [self._actors[k % len(self._actors)].predict.remote([texts[i] for i in idx])
                for k, idx in enumerate(tasks)]
        probs: list[dict[str, float]] = [{} for _ in texts]
        for idx, ref in zip(tasks, refs, strict=True):
            for i, p in zip(idx, ray.get(ref), strict=True):
                probs[i] = p
            if progress:
                progress(len(idx) * len(pairs) / len(texts))
        return assemble(len(pairs), probs, where)
