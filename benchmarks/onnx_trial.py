"""Would an ONNX Runtime backend be faster than torch here? A trial, not product code.

    pip install -e '.[onnx]'          # onnx and onnxruntime (the extra of the ONNX Runtime backend)
    python benchmarks/onnx_trial.py --pairs mnli_heldout.jsonl.gz --limit 2000

Exports the shipped model (or --model) to ONNX, makes a dynamically quantised int8 copy with
onnxruntime's own tool, and runs the same labelled pairs, in the same length-sorted batches of 32,
through torch fp32, torch bf16 (where the CPU has AMX or AVX512-BF16), torch int8, ORT fp32 and ORT int8. Prints
pairs/s (one direction per pair), the speed-up over torch fp32, the 3-way accuracy and how many
argmax labels differ from torch fp32's. The held-out MNLI half comes from
``python -m factcheck.training --export-heldout FILE``; nothing is written into the project.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any


def export(scorer: Any, folder: Path) -> tuple[Path, Path]:
    """ONNX fp32 export of the scorer's model, and an int8 dynamically quantised copy."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    scorer._load()
    enc = scorer._tokenizer(["a premise"], ["a hypothesis"], return_tensors="pt")
    # graph inputs follow the order of forward()'s parameters, not the tokenizer's dict order
    names = [n for n in ("input_ids", "attention_mask", "token_type_ids") if n in enc]
    fp32 = folder / "model.onnx"
    axes = {n: {0: "batch", 1: "tokens"} for n in names} | {"logits": {0: "batch"}}
    torch.onnx.export(scorer._model, ({n: enc[n] for n in names},), str(fp32), input_names=names,
                      output_names=["logits"],
                      dynamic_axes=axes, opset_version=17, dynamo=False)
    int8 = folder / "model.int8.onnx"
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    return fp32, int8


def ort_predict(path: Path, scorer: Any, texts: Sequence[tuple[str, str]], labels: dict[int, str], threads: int,
                batch: int) -> list[str]:
    """Labels from the ONNX file at ``path``, with ``scorer``'s tokenizer and batching order."""
    import onnxruntime as ort

    from factcheck.nli.interface import length_order

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    wanted = {i.name for i in session.get_inputs()}
    tokens = scorer.tokenize(texts)
    order = length_order(tokens.lengths)  # the batches factcheck's own backend makes
    out: list[str] = [""] * len(texts)
    for start in range(0, len(order), batch):
        idx = order[start:start + batch]
        enc = scorer._pad(tokens, idx)
        logits = session.run(["logits"], {k: v.numpy() for k, v in enc.items() if k in wanted})[0]
        for i, row in zip(idx, logits.argmax(-1), strict=True):
            out[i] = labels[int(row)]
    return out


def torch_predict(scorer: Any, texts: Sequence[tuple[str, str]]) -> list[str]:
    """Labels from the torch scorer (the most probable of each pair)."""
    return [max(p, key=p.__getitem__) for p in scorer.predict(texts)]


def timed(fn: Callable[[], list[str]]) -> tuple[list[str], float]:
    fn()  # warm-up on the whole set: one-time graph and kernel set-up is not what we compare
    t0 = time.perf_counter()
    got = fn()
    return got, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=Path, required=True, help="labelled pairs (JSON lines, .gz ok)")
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--model", default=None, help="NLI model folder (default: the shipped one)")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()

    import torch

    from factcheck.config import resolve_model
    from factcheck.evaluate.pairs import read_labelled_pairs
    from factcheck.nli.precision import native_bf16
    from factcheck.nli.transformers_backend import TransformersScorer

    torch.set_num_threads(args.threads)
    rows = read_labelled_pairs(args.pairs, args.limit)
    texts = [(r.premise, r.hypothesis) for r in rows]
    gold = [r.label for r in rows]
    model = resolve_model(args.model)
    results: dict[str, tuple[list[str], float]] = {}
    for precision in ["fp32", "int8"] + (["bf16"] if native_bf16() else []):
        scorer = TransformersScorer(model, threads=args.threads, precision=precision)
        results[f"torch {precision}"] = timed(partial(torch_predict, scorer, texts))
    scorer = TransformersScorer(model, threads=args.threads)
    with tempfile.TemporaryDirectory() as tmp:
        fp32, int8 = export(scorer, Path(tmp))
        labels = {i: scorer._labels.get(i, "neutral") for i in range(scorer._model.config.num_labels)}
        for name, path in (("onnxruntime fp32", fp32), ("onnxruntime int8", int8)):
            results[name] = timed(partial(ort_predict, path, scorer, texts, labels, args.threads, 32))
    ref, ref_s = results["torch fp32"]
    print(f"{len(texts)} pairs from {args.pairs.name}, {args.threads} threads, batch 32, model {scorer.model_id}")
    print("| backend | pairs/s | speed-up over torch fp32 | accuracy | labels changed vs torch fp32 |")
    print("|---|---:|---:|---:|---:|")
    for name, (labels_out, seconds) in results.items():
        acc = sum(a == b for a, b in zip(labels_out, gold, strict=True)) / len(gold)
        changed = sum(a != b for a, b in zip(labels_out, ref, strict=True))
        print(f"| {name} | {len(texts) / seconds:.1f} | {ref_s / seconds:.2f}× | {acc:.4f} | {changed} |")


if __name__ == "__main__":
    main()
