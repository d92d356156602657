"""NLI training data: read gzip JSONL pair files, build a seeded mix, hold out MNLI halves.

Every file is ``{"premise", "hypothesis", "label"}`` per line, as in ``../shared/data/nli/``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from factcheck.errors import InputError
from factcheck.evaluate.pairs import read_labelled_pairs

LABELS = ("entailment", "neutral", "contradiction")
"""Label order of the shipped model (its ``config.id2label``)."""
NOT_CONTRADICTION = "not_contradiction"
"""A partial training label: entailment or neutral, which one unknown (``consistent.py``)."""
UNLABELLED = "unlabelled"
"""No gold label: every label allowed (no loss from the label), only a teacher's probabilities teach the pair."""
TARGETS = {**{label: tuple(float(x == label) for x in LABELS) for label in LABELS},
           NOT_CONTRADICTION: tuple(float(x != "contradiction") for x in LABELS),
           UNLABELLED: (1.0, 1.0, 1.0)}
"""The labels a training pair allows, as a 0/1 row in ``LABELS`` order."""

MNLI_DEV = "mnli_dev_matched.jsonl.gz"


@dataclass(frozen=True)
class NliPair:
    premise: str
    """The text taken as true."""
    hypothesis: str
    """The text judged against the premise."""
    label: str
    """One of ``LABELS`` (or, for pairs made in training, ``NOT_CONTRADICTION`` or ``UNLABELLED``)."""
    source: str
    """File stem the pair came from (for per-source reporting)."""


def read_pairs(path: Path) -> list[NliPair]:
    """Read one ``.jsonl`` or ``.jsonl.gz`` file of 3-way labelled pairs."""
    source = path.name.split(".")[0]
    pairs = []
    for row in read_labelled_pairs(path):
        if row.label not in LABELS:
            raise InputError(f"{path}: training needs 3-way labels, not {row.label!r}")
        pairs.append(NliPair(row.premise, row.hypothesis, row.label, source))
    return pairs


def probe_parser(prog: str, description: str, default_n: int) -> argparse.ArgumentParser:
    """The command line of a probe writer: an NLI file to take sentences from, where to write, how many, seed."""
    ap = argparse.ArgumentParser(prog=prog, description=description)
    ap.add_argument("source", type=Path, help="an NLI .jsonl[.gz] file to take sentences from")
    ap.add_argument("output", type=Path, help="where to write the probe (.jsonl.gz)")
    ap.add_argument("-n", type=int, default=default_n, help=f"pairs to make [default: {default_n}]")
    ap.add_argument("--seed", type=int, default=13)
    return ap


def write_pairs(path: Path, pairs: list[NliPair]) -> None:
    """Write ``pairs`` as ``premise``/``hypothesis``/``label`` JSON lines, gzipped when ``path`` ends in ``.gz``
    (what ``factcheck eval pairs`` reads)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as fh:
        for p in pairs:
            fh.write(json.dumps({"premise": p.premise, "hypothesis": p.hypothesis, "label": p.label}) + "\n")


def premise_half(premise: str) -> int:
    """0 or 1: a fixed split of MNLI dev-matched by premise (md5), never by pair.

    Half 0 may be trained on; half 1 is held out for evaluation.
    """
    return hashlib.md5(premise.strip().lower().encode()).digest()[0] & 1


def mnli_dev_half(data_dir: Path, half: int) -> list[NliPair]:
    pairs = read_pairs(data_dir / MNLI_DEV)
    return [p for p in pairs if premise_half(p.premise) == half]


def parse_mix(spec: str) -> dict[str, int | None]:
    """Parse ``"file:count,file,…"`` (no count = all pairs of that file)."""
    mix: dict[str, int | None] = {}
    for item in filter(None, (s.strip() for s in spec.split(","))):
        name, _, count = item.partition(":")
        mix[name] = int(count) if count else None
    return mix


def build_mix(data_dir: Path, mix: dict[str, int | None], seed: int, balance: bool) -> list[NliPair]:
    """Sample each source to its count (class-balanced if ``balance``), then shuffle all.

    ``mnli_dev_matched_half0`` names the trainable half of MNLI dev-matched.
    """
    rng = random.Random(seed)
    out: list[NliPair] = []
    for name, count in mix.items():
        if name == "mnli_dev_matched_half0":
            pairs = mnli_dev_half(data_dir, 0)
        else:
            path = data_dir / (name if name.endswith(".gz") else f"{name}.jsonl.gz")
            pairs = read_pairs(path)
        out.extend(_sample(pairs, count, rng, balance))
    seen: set[tuple[str, str]] = set()
    unique = []
    for p in out:
        key = (p.premise, p.hypothesis)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    rng.shuffle(unique)
    return unique


def _sample(pairs: list[NliPair], count: int | None, rng: random.Random, balance: bool) -> list[NliPair]:
    if count is None or count >= len(pairs):
        return list(pairs)
    if not balance:
        return rng.sample(pairs, count)
    by_label: dict[str, list[NliPair]] = defaultdict(list)
    for p in pairs:
        by_label[p.label].append(p)
    per_label = count // len(by_label)
    chosen: list[NliPair] = []
    for label in sorted(by_label):
        group = by_label[label]
        chosen.extend(rng.sample(group, min(per_label, len(group))))
    return chosen


def unused_pairs(data_dir: Path, name: str, trained: list[NliPair], n: int, seed: int) -> list[NliPair]:
    """Up to ``n`` class-balanced pairs of file ``name`` that the training mix did not take."""
    taken = {(p.premise, p.hypothesis) for p in trained}
    rest = [p for p in read_pairs(data_dir / f"{name}.jsonl.gz") if (p.premise, p.hypothesis) not in taken]
    return _sample(rest, n, random.Random(seed), balance=True)
