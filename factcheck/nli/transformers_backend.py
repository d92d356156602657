"""NLI with any Hugging Face sequence-classification model (a local folder or a hub id).

Weights load lazily on the first ``score`` call, once. Labels come from ``config.id2label``;
safetensors only unless ``allow_pickle``; never ``trust_remote_code``.
"""

from __future__ import annotations

import hashlib
import itertools
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from factcheck.errors import ModelError, first_line
from factcheck.nli import hub
from factcheck.nli.interface import NLI_LABELS, Progress, assemble, directions, distinct, length_order
from factcheck.nli.precision import Precision, resolve
from factcheck.records import ClaimPair, PairScores


def label_map(id2label: dict[Any, str], model: str) -> dict[int, str]:
    """Model output index → our label name; fails naming the model if a label we need is missing."""
    mapping: dict[int, str] = {}
    for idx, name in id2label.items():
        low = str(name).lower()
        for ours in NLI_LABELS:
            if low.startswith(ours[:5]):  # "contradiction", "CONTRADICTION", "entail", "entailment"
                mapping[int(idx)] = ours
    missing = {"contradiction", "entailment"} - set(mapping.values())
    if missing:
        raise ModelError(f"model {model} has no {' or '.join(sorted(missing))} label in config.id2label "
                         f"({dict(id2label)}); it is not a 3-way NLI model")
    return mapping


TOKENIZE_CHUNK = 4096
"""Inputs handed to the tokenizer at a time."""


def default_batch_size(precision: Precision) -> int:
    """Inputs per model call when none is given: 64 in bf16 (1.12× faster than 32 on an AMX CPU), 32
    otherwise (in fp32, 64 is 0.94× of 32); measured in benchmarks/RESULTS.md, "Batch size in bf16"."""
    return 64 if precision is Precision.BF16 else 32


@dataclass(frozen=True)
class Tokens:
    """Many inputs tokenised once, without padding, their ids kept flat until a batch is padded."""

    columns: dict[str, np.ndarray]
    """Each tokenizer output but the attention mask (all ones before padding), all rows end to end."""
    offsets: np.ndarray
    """Row ``i`` is ``column[offsets[i]:offsets[i + 1]]``."""

    @property
    def lengths(self) -> list[int]:
        """Tokens of each input, after truncation."""
        return np.diff(self.offsets).tolist()


class TransformersScorer:
    notice: str | None = None
    """A line for the user about how the model runs (set when ``auto`` had to fall back to torch)."""
    TENSORS = "pt"
    """What ``_pad`` gives ``_logits``: torch tensors here, numpy arrays for ONNX Runtime."""

    def __init__(self, model: str, batch_size: int | None = None, max_length: int = 256, threads: int | None = None,
                 allow_pickle: bool = False, precision: Precision | str = Precision.FP32,
                 compile: bool = False) -> None:
        self.model_name = model
        self.precision = resolve(precision)
        self.compile = compile
        if compile and self.precision is Precision.INT8:
            raise ModelError("--compile compiles the fp32 or bf16 model, not the int8 one; "
                             "drop --compile or choose another --precision")
        self.batch_size = batch_size or default_batch_size(self.precision)
        self.max_length = max_length
        self.threads = threads
        self.allow_pickle = allow_pickle
        self._model: Any = None
        self._tokenizer: Any = None
        self._labels: dict[int, str] = {}
        self._cache_only: bool | None = None
        """A hub id while the hub is out of reach: read from the Hugging Face cache only (see ``nli.hub``)."""
        self.model_id = model if not Path(model).exists() else f"{Path(model).name}@{weights_digest(Path(model))}"
        if self.precision is not Precision.FP32:
            self.model_id += f"+{self.precision}"  # other scores: cached apart, named in reports
        if compile:
            self.model_id += "+compiled"  # its scores differ slightly from eager ones: cached apart too

    def _load(self) -> None:
        if self._model is not None:
            return
        import torch

        self._read_model(weights=True)
        model: Any = self._model  # set by _read_model
        model.eval()
        if self.precision is Precision.BF16:
            model = model.to(torch.bfloat16)  # all of it: faster than autocast here, as accurate
        if self.precision is Precision.INT8:
            model = _quantize_int8(model)
        torch.set_num_threads(self.threads or os.cpu_count() or 1)
        if self.compile:
            model = self._compiled(model)
        self._model = model

    def _read_model(self, weights: bool) -> None:
        """Labels and tokenizer, and (``weights``) the fp32 model; any failure becomes one ``ModelError``."""
        import torch
        import transformers
        from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer

        transformers.logging.set_verbosity_error()
        transformers.logging.disable_progress_bar()
        local = Path(self.model_name)
        if local.exists():
            _check_local_dir(local, self.allow_pickle)
        elif self._cache_only is None:
            self._cache_only = hub.cache_only()
        where: dict[str, Any] = {"local_files_only": True} if self._cache_only else {}
        try:
            config = AutoConfig.from_pretrained(self.model_name, trust_remote_code=False, **where)
            self._labels = label_map(config.id2label, self.model_name)
            self._tokenizer = AutoTokenizer.from_pretrained(self.model_name, trust_remote_code=False, **where)
            if len(self._tokenizer) <= len(self._tokenizer.all_special_tokens):  # what transformers builds
                raise ModelError(f"model {self.model_name} has no tokenizer (its vocabulary is only special tokens, "
                                 "every word would read as unknown); copy its tokenizer files (tokenizer.json or "
                                 "vocab.txt, …) next to config.json")  # when the files are missing
            if weights:
                self._model = AutoModelForSequenceClassification.from_pretrained(
                    self.model_name, dtype=torch.float32, trust_remote_code=False,
                    use_safetensors=None if self.allow_pickle else True, **where)
        except ModelError:
            raise
        except Exception as exc:  # transformers raises OSError, ValueError, HF errors…
            if self._cache_only and isinstance(exc, OSError):  # what transformers raises for files not cached
                raise ModelError(hub.unreachable_message(self.model_name)) from exc
            raise ModelError(f"cannot load NLI model {self.model_name}: {first_line(exc)}") from exc

    def tokenize(self, texts: Sequence[tuple[str, str]]) -> Tokens:
        """Every (premise, hypothesis) input tokenised as a pair, once (loads the tokenizer only)."""
        if self._tokenizer is None:
            self._read_model(weights=False)
        parts: dict[str, list[np.ndarray]] = {}
        lengths: list[int] = []
        for start in range(0, len(texts), TOKENIZE_CHUNK):  # flattened chunk by chunk: no list of all ids
            chunk = texts[start:start + TOKENIZE_CHUNK]
            enc = self._tokenizer([p for p, _ in chunk], [h for _, h in chunk], truncation=True,
                                  max_length=self.max_length, return_attention_mask=False)
            lengths.extend(len(r) for r in enc["input_ids"])
            for key, rows in enc.items():
                parts.setdefault(key, []).append(np.fromiter(itertools.chain.from_iterable(rows), dtype=np.int32))
        offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        return Tokens(columns={k: np.concatenate(v) for k, v in parts.items()}, offsets=offsets)

    def lengths(self, texts: Sequence[tuple[str, str]]) -> list[int]:
        """Tokens of each (premise, hypothesis) input after truncation."""
        return self.tokenize(texts).lengths

    def _pad(self, tokens: Tokens, idx: Sequence[int]) -> Any:
        """The inputs ``idx`` as one batch, padded to the longest of them exactly as the tokenizer pads
        (its pad ids and side), with the attention mask; ``TENSORS`` says torch or numpy."""
        tok = self._tokenizer
        starts, ends = tokens.offsets[idx], tokens.offsets[np.asarray(idx) + 1]
        width = int((ends - starts).max())
        left = tok.padding_side == "left"
        pad_values = {"input_ids": tok.pad_token_id, "token_type_ids": tok.pad_token_type_id}
        batch = {}
        for key, column in [*tokens.columns.items(), ("attention_mask", None)]:
            out = np.full((len(idx), width), pad_values.get(key, 0), dtype=np.int64)
            for row, (s, e) in enumerate(zip(starts, ends, strict=True)):
                cells = slice(width - (e - s), width) if left else slice(0, e - s)
                out[row, cells] = 1 if column is None else column[s:e]
            batch[key] = out
        if self.TENSORS == "pt":
            import torch

            return {k: torch.from_numpy(v) for k, v in batch.items()}
        return batch

    def _logits(self, batch: Any) -> Any:
        """Logits (a float32 torch tensor, one row per input) of one padded batch."""
        if self.compile and len(batch["input_ids"]) == 1:  # a batch of one would be compiled once more
            return self._model(**{k: v.repeat(2, 1) for k, v in batch.items()}).logits[:1].float()
        return self._model(**batch).logits.float()

    def _compiled(self, model: Any) -> Any:
        """``model`` compiled by torch.compile (inductor), weights frozen into the graph, shapes dynamic, and
        compiled now, on a small batch, so that a failure is one clear error before any scoring.

        Measured (benchmarks/RESULTS.md): 1.2–1.4× the eager speed in bf16 on an AMX CPU, 1.06–1.10× in
        fp32, after a compile of ~25 s; a few labels in a thousand differ from eager ones (hence its own
        ``model_id``). Inductor needs a C++ compiler at run time.
        """
        import torch
        import torch._inductor.config as inductor_config

        # Freezing: the weights become constants, prepacked for oneDNN, bias and activation fused into the
        # products; most of the gain. Set for the process: passed as torch.compile(options=…) it gained
        # 1.03–1.13× where this gains 1.2–1.3× (same 3,000 directions, batches interleaved).
        inductor_config.freezing = True
        compiled = torch.compile(model, dynamic=True)
        probe = self.tokenize([("A first sentence.", "A second one."), ("Two.", "Three.")])
        try:
            with torch.inference_mode():  # tensors made as in ``predict``: else the first batch compiles again
                compiled(**self._pad(probe, [0, 1]))
        except Exception as exc:  # inductor raises many kinds (no compiler, unsupported operator, …)
            raise ModelError(f"cannot compile NLI model {self.model_name} with torch.compile: {first_line(exc)} "
                             "(it needs a C++ compiler such as g++ on PATH); run without --compile") from exc
        return compiled

    def score(self, pairs: Sequence[ClaimPair], progress: Progress | None = None) -> list[PairScores]:
        if not pairs:
            return []
        texts, where = distinct(directions(pairs))
        share = len(pairs) / len(texts)  # progress counts pairs
        probs = self.predict(texts, progress=(lambda k: progress(k * share)) if progress else None)
        return assemble(len(pairs), probs, where)

    def predict(self, texts: Sequence[tuple[str, str]], progress: Progress | None = None) -> list[dict[str, float]]:
        """(premise, hypothesis) → label probabilities, batched over length-sorted inputs."""
        import torch

        self._load()
        tokens = self.tokenize(texts)  # once: the batches are cut from these ids, not tokenised again
        order = length_order(tokens.lengths)
        out: list[dict[str, float]] = [{} for _ in texts]
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                idx = order[start:start + self.batch_size]
                rows = self._logits(self._pad(tokens, idx)).softmax(-1).tolist()
                for i, row in zip(idx, rows, strict=True):
                    probs = dict.fromkeys(NLI_LABELS, 0.0)
                    for j, p in enumerate(row):
                        if j in self._labels:
                            probs[self._labels[j]] += p
                    out[i] = {k: round(v, 6) for k, v in probs.items()}
                if progress:
                    progress(len(idx))
        return out


def _quantize_int8(model: Any) -> Any:
    """Dynamic int8 quantisation of the Linear layers (weights int8, activations quantised per batch)."""
    import warnings

    import torch

    with warnings.catch_warnings():  # torch marks its quantised tensor API as deprecated; it still works
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def _check_local_dir(path: Path, allow_pickle: bool) -> None:
    if not path.is_dir():
        raise ModelError(f"model path {path} is not a directory")
    if not (path / "config.json").exists():
        raise ModelError(f"model directory {path} has no config.json; is it a transformers model folder?")
    if not list(path.glob("*.safetensors")):
        pickled = list(path.glob("*.bin")) + list(path.glob("*.pt"))
        if pickled and not allow_pickle:
            raise ModelError(f"model directory {path} has only pickle weights ({pickled[0].name}), which can run "
                             "code when loaded; convert them to safetensors or pass --allow-pickle if you trust them")
        if not pickled:
            raise ModelError(f"model directory {path} has no weights (*.safetensors)")


def weights_digest(path: Path) -> str:
    """Short sha256 of the model folder's weight and config files: changes whenever the model does."""
    h = hashlib.sha256()
    for f in sorted(path.glob("*")):
        if f.suffix in (".safetensors", ".bin", ".json") and f.is_file():
            h.update(f.name.encode())
            with f.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
    return h.hexdigest()[:12]
