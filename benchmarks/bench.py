"""End-to-end benchmark of factcheck on a real news corpus; prints its figures and writes RESULTS.md.

    python benchmarks/bench.py --news ../shared/data/news/articles.jsonl.gz --sizes 100,1000

The corpus is read from where it lies (never copied into the project). For each size N the first N
distinct articles (sorted by id) are written as .txt files with a manifest to a scratch folder, and a
child process measures, in one run:
- corpus loading + claim extraction: articles/s and claims/s;
- pairing: candidate pairs scored vs all cross-article claim pairs;
- NLI: pairs/s (both directions), next to this machine's measured matmul GFLOP/s (fp32 and bf16) and
  the model's FLOPs per pair, i.e. the share of the hardware limit reached; every backend and
  precision this machine runs (torch fp32, int8, bf16 where the CPU has bf16 hardware, AMX or
  AVX512-BF16; ONNX Runtime fp32 and int8 where it is installed) on one sample of 512 pairs: speed
  and verdicts changed;
- cold run (empty cache) vs warm rerun (unchanged corpus) vs rerun after adding one article;
- peak memory (max RSS of the child).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SAMPLE = 512
"""Pairs timed with every backend and precision (the first pairs of the corpus)."""


def write_corpus(news: Path, n: int, dest: Path) -> list[dict]:
    with gzip.open(news, "rt", encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    rows = sorted((r for r in rows if not r.get("duplicate_of")), key=lambda r: r["id"])
    if len(rows) < n + 1:
        raise SystemExit(f"{news} has {len(rows)} distinct articles; {n + 1} needed")
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    manifest = []
    for i, r in enumerate(rows[:n + 1]):  # the extra one is "the added article"
        name = f"{i:05d}.txt"
        target = dest / ("extra" if i == n else "corpus") / name
        target.parent.mkdir(exist_ok=True)
        target.write_text(r["text"], encoding="utf-8")
        if i < n:
            manifest.append({"file": name, "title": r.get("title"), "date": r.get("date"), "outlet": r.get("outlet"),
                             "url": r.get("url")})
    (dest / "corpus" / "manifest.json").write_text(json.dumps({"articles": manifest}))
    return manifest


def matmul_gflops(threads: int, dtype: str = "float32", trials: int = 15) -> float:
    """The machine's matrix-product rate at 1024² in ``dtype``: the best of ``trials`` timings of 20
    products each (the hardware limit is what the best run shows; on a shared machine one slow moment
    in a single 30 ms timing once read AMX bf16 at a third of its rate)."""
    import torch

    torch.set_num_threads(threads)
    kind = getattr(torch, dtype)
    a, b = torch.randn(1024, 1024, dtype=kind), torch.randn(1024, 1024, dtype=kind)
    for _ in range(3):
        a @ b
    best, reps = 0.0, 20
    for _ in range(trials):
        start = time.perf_counter()
        for _ in range(reps):
            a @ b
        best = max(best, 2 * 1024**3 * reps / (time.perf_counter() - start) / 1e9)
    return best


def paired_share(scorer: Any, sample: Sequence[Any], flops: float, threads: int, dtype: str, rounds: int = 7) -> dict:
    """The share of the matmul rate measured in ``rounds`` back-to-back pairs (matmul rate, then the NLI
    sample), each round's ratio on its own: on a shared machine whose speed drifts by 2× within minutes,
    a matmul rate and an NLI rate timed minutes apart do not make a ratio. Median and range."""
    ratios, rates = [], []
    for _ in range(rounds):
        peak = matmul_gflops(threads, dtype, trials=5)
        t0 = time.perf_counter()
        scorer.score(sample)
        pairs_per_s = len(sample) / (time.perf_counter() - t0)
        ratios.append(pairs_per_s * 2 * flops / 1e9 / peak)
        rates.append(pairs_per_s)
    ratios.sort()
    return {"paired_share_median": ratios[rounds // 2], "paired_share_min": ratios[0],
            "paired_share_max": ratios[-1], "paired_pairs_per_s_median": sorted(rates)[rounds // 2]}


def flops_per_direction(scorer: Any, texts: Sequence[tuple[str, str]]) -> tuple[float, float]:
    """(FLOPs of one premise→hypothesis pass at the mean token count, mean tokens)."""
    from transformers import AutoConfig

    scorer._load()
    cfg = AutoConfig.from_pretrained(scorer.model_name)  # every backend: the architecture, not the weights
    n_tok = scorer.lengths(texts)
    t = sum(n_tok) / len(n_tok)
    h, layers, inter = cfg.hidden_size, cfg.num_hidden_layers, cfg.intermediate_size
    per_layer = 2 * t * (4 * h * h + 2 * h * inter) + 2 * 2 * t * t * h  # projections + FFN + attention
    return layers * per_layer, t


def variants() -> list[tuple[str, str, bool]]:
    """(backend, precision, compiled) this machine runs: torch fp32 (the reference) and int8, torch bf16 where
    the CPU has bf16 hardware (``native_bf16``: AMX or AVX512-BF16), ONNX Runtime fp32 and int8 where it is
    installed (compiled: only the timed runs' variant, when ``--compile`` asks for it)."""
    from factcheck.nli.precision import native_bf16, onnxruntime_installed

    out = [("torch", "fp32", False), ("torch", "int8", False)] + ([("torch", "bf16", False)] if native_bf16() else [])
    return out + ([("onnx", "fp32", False), ("onnx", "int8", False)] if onnxruntime_installed() else [])


def variant_name(backend: str, precision: str, compiled: bool = False) -> str:
    return (str(precision) if backend == "torch" else f"{backend}-{precision}") + ("-compiled" if compiled else "")


def precision_figures(model: str | None, threads: int, sample: Sequence[Any], run_variant: tuple[str, str, bool]
                      ) -> tuple[dict, dict]:
    """The same sample through each backend and precision this machine runs: pairs/s, speed-up over torch
    fp32 and how many pair verdicts differ from torch fp32's. Returns the figures and the scorers."""
    from factcheck.config import Thresholds, resolve_model
    from factcheck.findings import decide
    from factcheck.nli.backends import make_backend

    def kind(sc: Any) -> str | None:
        decision = decide(sc, Thresholds())
        return decision[0] if decision else None

    chosen = variants()
    if run_variant not in chosen:
        chosen.append(run_variant)
    out: dict = {"nli_sample": len(sample), "run_precision": variant_name(*run_variant)}
    scorers, verdicts = {}, {}
    for backend, precision, compiled in chosen:
        name = variant_name(backend, precision, compiled)
        t0 = time.perf_counter()
        scorer = scorers[(backend, precision, compiled)] = make_backend(resolve_model(model), backend, precision,
                                                                        threads=threads, compile=compiled)
        scorer.score(sample[:32])  # warm-up (and, for onnx, the export; compiled: the compile): not timed
        out[f"{name}_warmup_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        verdicts[name] = [kind(sc) for sc in scorer.score(sample)]
        out[f"{name}_pairs_per_s"] = len(sample) / (time.perf_counter() - t0)
        out[f"{name}_speedup"] = out[f"{name}_pairs_per_s"] / out["fp32_pairs_per_s"]
        out[f"{name}_changed_verdicts"] = sum(a != b for a, b in zip(verdicts["fp32"], verdicts[name], strict=True))
    eager = variant_name(*run_variant[:2])
    if run_variant[2] and f"{eager}_pairs_per_s" in out:
        out["compiled_over_eager"] = out[f"{variant_name(*run_variant)}_pairs_per_s"] / out[f"{eager}_pairs_per_s"]
    return out, scorers


def child(corpus_root: Path, model: str | None, threads: int, precision: str, backend: str,
          reuse_cache: bool = False, compile: bool = False) -> dict:
    import torch

    from factcheck.claims import extract_claims, load_spacy
    from factcheck.config import Config
    from factcheck.corpus import load_corpus
    from factcheck.nli.interface import directions
    from factcheck.nli.precision import Precision, resolve, resolve_backend
    from factcheck.pairing import pair_claims
    from factcheck.pipeline import run

    torch.set_num_threads(threads)
    run_backend = resolve_backend(backend, precision, compile)
    run_precision = resolve(precision, run_backend)
    corpus = corpus_root / "corpus"
    out: dict = {"threads": threads}
    nlp = load_spacy()
    t0 = time.perf_counter()
    articles, skipped = load_corpus(corpus)
    claims, _ = extract_claims(articles, nlp)
    t_extract = time.perf_counter() - t0
    out |= {"articles": len(articles), "skipped": len(skipped), "claims": len(claims),
            "extract_s": t_extract, "articles_per_s": len(articles) / t_extract,
            "claims_per_s": len(claims) / t_extract}
    t0 = time.perf_counter()
    pairs, ps = pair_claims(claims, 8)
    out |= {"pairing_s": time.perf_counter() - t0, "pairs_scored": ps.kept, "candidate_pairs": ps.candidates,
            "all_cross_pairs": ps.all_cross_pairs}

    sample = pairs[:SAMPLE]
    run_variant = (str(run_backend), str(run_precision), compile)
    figures, scorers = precision_figures(model, threads, sample, run_variant)
    scorer = scorers[run_variant]
    flops, mean_tokens = flops_per_direction(scorer, directions(sample))
    pairs_per_s = figures[f"{variant_name(*run_variant)}_pairs_per_s"]
    matmul = {"fp32": matmul_gflops(threads), "bf16": matmul_gflops(threads, "bfloat16")}
    peak = matmul["bf16" if run_precision == Precision.BF16 else "fp32"]
    achieved = pairs_per_s * 2 * flops / 1e9
    out |= figures | {"nli_pairs_per_s": pairs_per_s, "mean_tokens": mean_tokens,
                      "gflop_per_direction": flops / 1e9, "achieved_gflops": achieved,
                      "matmul_gflops": matmul["fp32"], "bf16_matmul_gflops": matmul["bf16"],
                      "share_of_matmul_rate": achieved / peak}
    out |= paired_share(scorer, sample, flops, threads, "bfloat16" if run_precision == Precision.BF16 else "float32")

    cache = corpus_root / "cache.sqlite"
    if not reuse_cache:
        cache.unlink(missing_ok=True)
    config = Config(corpus=corpus, model=model, cache_path=cache, precision=run_precision, backend=run_backend,
                    compile=compile)
    timings = {}
    # the cold run as the sum of its measured parts (extraction, pairing, NLI at the measured rate)
    out["cold_estimate_s"] = t_extract + out["pairing_s"] + ps.kept / pairs_per_s
    for label in ("warm",) if reuse_cache else ("cold", "warm"):
        t0 = time.perf_counter()
        result = run(config, nlp=nlp, scorer=scorer)
        timings[label] = time.perf_counter() - t0
        out[f"{label}_from_cache"] = result.pairs_from_cache
    if reuse_cache:  # not measured in this run: the speed-ups below use the estimate
        timings["cold"] = out["cold_estimate_s"]
        out["cold_measured"] = False
    shutil.copy(next((corpus_root / "extra").iterdir()), corpus / "zz_added.txt")
    t0 = time.perf_counter()
    result = run(config, nlp=nlp, scorer=scorer)
    timings["added_one"] = time.perf_counter() - t0
    (corpus / "zz_added.txt").unlink()
    out |= {f"{k}_s": v for k, v in timings.items()}
    out |= {"warm_speedup": timings["cold"] / timings["warm"], "added_one_speedup": timings["cold"] /
            timings["added_one"], "added_one_new_pairs": result.pairing.kept - result.pairs_from_cache,
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    return out


def _cell(r: dict, key: str, fmt: str) -> str:
    if key == "cold_s" and r.get("cold_measured") is False:
        return "not measured (see note)"
    return fmt.format(r[key]) if key in r else "—"


def render(results: dict[int, dict]) -> str:
    lines = ["# factcheck benchmark", "", "Written by `python benchmarks/bench.py`; each column comes from one "
             f"run on this machine ({os.cpu_count()} CPUs).", "",
             "| figure | " + " | ".join(f"{n} articles" for n in results) + " |",
             "|---|" + "---:|" * len(results)]
    rows = [("claims", "claims", "{:,}"), ("articles/s (load + claims)", "articles_per_s", "{:.1f}"),
            ("claims/s", "claims_per_s", "{:.1f}"), ("all cross-article claim pairs", "all_cross_pairs", "{:,}"),
            ("candidate pairs (share an entity or close wording)", "candidate_pairs", "{:,}"),
            ("pairs scored (≤ 8 partners per claim)", "pairs_scored", "{:,}"),
            ("backend and precision of the runs below (`--backend`, `--precision`)", "run_precision", "{}"),
            ("NLI pairs/s (both directions, that backend and precision)", "nli_pairs_per_s", "{:.1f}"),
            ("mean tokens per direction", "mean_tokens", "{:.1f}"),
            ("model GFLOP per direction", "gflop_per_direction", "{:.3f}"),
            ("achieved GFLOP/s in NLI", "achieved_gflops", "{:.1f}"),
            ("fp32 matmul GFLOP/s (1024², same threads)", "matmul_gflops", "{:.1f}"),
            ("bf16 matmul GFLOP/s (1024², same threads)", "bf16_matmul_gflops", "{:.1f}"),
            ("share of the matmul rate (of the run's precision)", "share_of_matmul_rate", "{:.0%}"),
            ("same share in 7 back-to-back rounds (matmul rate, then the sample): median", "paired_share_median",
             "{:.0%}"),
            ("… its lowest round", "paired_share_min", "{:.0%}"),
            ("… its highest round", "paired_share_max", "{:.0%}"),
            ("NLI pairs/s in those rounds, median", "paired_pairs_per_s_median", "{:.1f}"),
            ("torch fp32 NLI pairs/s (sample of the first pairs, size below)", "fp32_pairs_per_s", "{:.1f}"),
            ("sample size, pairs", "nli_sample", "{:,}"),
            ("bf16 NLI pairs/s (same sample)", "bf16_pairs_per_s", "{:.1f}"),
            ("bf16 speed-up over fp32", "bf16_speedup", "{:.2f}×"),
            ("verdicts changed by bf16 (of the sample)", "bf16_changed_verdicts", "{:,}"),
            ("int8 NLI pairs/s (same sample)", "int8_pairs_per_s", "{:.1f}"),
            ("int8 speed-up over fp32", "int8_speedup", "{:.2f}×"),
            ("verdicts changed by int8 (of the sample)", "int8_changed_verdicts", "{:,}"),
            ("ONNX Runtime fp32 NLI pairs/s (same sample)", "onnx-fp32_pairs_per_s", "{:.1f}"),
            ("ONNX Runtime fp32 speed-up over torch fp32", "onnx-fp32_speedup", "{:.2f}×"),
            ("verdicts changed by ONNX Runtime fp32 (of the sample)", "onnx-fp32_changed_verdicts", "{:,}"),
            ("ONNX Runtime int8 NLI pairs/s (same sample)", "onnx-int8_pairs_per_s", "{:.1f}"),
            ("ONNX Runtime int8 speed-up over torch fp32", "onnx-int8_speedup", "{:.2f}×"),
            ("verdicts changed by ONNX Runtime int8 (of the sample)", "onnx-int8_changed_verdicts", "{:,}"),
            ("bf16 compiled (`--compile`) NLI pairs/s (same sample)", "bf16-compiled_pairs_per_s", "{:.1f}"),
            ("bf16 compiled speed-up over fp32", "bf16-compiled_speedup", "{:.2f}×"),
            ("bf16 compiled speed-up over bf16", "compiled_over_eager", "{:.2f}×"),
            ("verdicts changed by bf16 compiled (of the sample)", "bf16-compiled_changed_verdicts", "{:,}"),
            ("compile time (load + compile + first 32 pairs), s", "bf16-compiled_warmup_s", "{:.1f}"),
            ("fp32 compiled NLI pairs/s (same sample)", "fp32-compiled_pairs_per_s", "{:.1f}"),
            ("fp32 compiled speed-up over fp32", "fp32-compiled_speedup", "{:.2f}×"),
            ("verdicts changed by fp32 compiled (of the sample)", "fp32-compiled_changed_verdicts", "{:,}"),
            ("cold run, s", "cold_s", "{:.1f}"),
            ("cold run estimated from its parts (extract + pair + pairs ÷ NLI rate), s", "cold_estimate_s",
             "{:.1f}"),
            ("warm rerun, s", "warm_s", "{:.1f}"),
            ("rerun after adding one article, s", "added_one_s", "{:.1f}"),
            ("warm speed-up (cold / warm)", "warm_speedup", "{:.1f}×"),
            ("add-one speed-up (cold / add-one)", "added_one_speedup", "{:.1f}×"),
            ("pairs scored after adding one article", "added_one_new_pairs", "{:,}"),
            ("peak memory, MB", "peak_rss_mb", "{:.0f}")]
    for label, key, fmt in rows:
        lines.append(f"| {label} | " + " | ".join(_cell(r, key, fmt) for r in results.values()) + " |")
    sizes = list(results)
    if len(sizes) > 1:
        a, b = results[sizes[0]], results[sizes[-1]]
        lines += ["", f"Growth from {sizes[0]} to {sizes[-1]} articles (×{sizes[-1] / sizes[0]:.0f}): pairs scored "
                  f"×{b['pairs_scored'] / a['pairs_scored']:.1f}, all cross pairs ×"
                  f"{b['all_cross_pairs'] / a['all_cross_pairs']:.1f}, cold run time ×{b['cold_s'] / a['cold_s']:.1f}."]
    estimated = [n for n, r in results.items() if r.get("cold_measured") is False]
    if estimated:
        lines += ["", f"Note: for {', '.join(map(str, estimated))} articles the cold run was not measured in this "
                  "run (`--reuse-cache`): that size reused the cache of an earlier, interrupted cold run, so its "
                  "warm and add-one figures are measured and its cold time — and the speed-ups and growth "
                  "computed from it — use the estimate from the measured parts."]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--news", type=Path, default=Path("../shared/data/news/articles.jsonl.gz"),
                    help="gzip JSON lines with id, text, title, date, outlet, url (read in place)")
    ap.add_argument("--sizes", default="100,1000", help="comma list of corpus sizes")
    ap.add_argument("--model", default=None, help="NLI model (default: the shipped one)")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--precision", default="auto", choices=["auto", "fp32", "bf16", "int8"],
                    help="number format of the timed runs (as `factcheck --precision`; all are compared on a sample)")
    ap.add_argument("--backend", default="auto", choices=["auto", "torch", "onnx"],
                    help="NLI backend of the timed runs (as `factcheck --backend`; all are compared on a sample)")
    ap.add_argument("--compile", action="store_true",
                    help="the timed runs compile the model (as `factcheck --compile`; eager compared on the sample)")
    ap.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "factcheck-bench")
    ap.add_argument("--output", type=Path, default=Path(__file__).parent / "RESULTS.md")
    ap.add_argument("--reuse-cache", type=int, action="append", default=[], metavar="N",
                    help="for size N, keep the corpus and cache of an earlier run of that size (the cold run is "
                         "then not measured; RESULTS.md says so and uses the estimate from its parts)")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--child-reuse", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.model, args.threads, args.precision, args.backend,
                               args.child_reuse, args.compile)))
        return
    results = {}
    for n in (int(x) for x in args.sizes.split(",")):
        root = args.workdir / f"n{n}"
        reuse = n in args.reuse_cache and (root / "cache.sqlite").exists()
        if not reuse:
            write_corpus(args.news, n, root)
        cmd = [sys.executable, __file__, "--child", str(root), "--threads", str(args.threads),
               "--precision", args.precision, "--backend", args.backend]
        if reuse:
            cmd.append("--child-reuse")
        if args.compile:
            cmd.append("--compile")
        if args.model:
            cmd += ["--model", args.model]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode:
            raise SystemExit(f"the run for {n} articles failed:\n{proc.stderr[-4000:]}")
        results[n] = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"{n} articles: {json.dumps(results[n])} ({time.perf_counter() - t0:.0f} s)", flush=True)
    text = render(results)
    print(text)
    args.output.write_text(text)


if __name__ == "__main__":
    main()
