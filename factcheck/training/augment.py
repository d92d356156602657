"""Pairs made from the training mix itself, each against one habit of the model (``train.py``'s options).

Every kind adds up to N pairs and is off (N = 0) by default; the kinds are applied in a fixed order, each
shuffling the mix with the run's seed, so a recorded set of options rebuilds the same training pairs.
"""

from __future__ import annotations

import argparse
import random

from factcheck.training.data import NliPair

MNLI_GENRE = frozenset({"lingnli_mnli_premises_train", "natinst_mnli_train", "taxinli_mnli_train_subset",
                        "mnli_dev_matched", "syntaug_mnli_train"})
"""Sources whose text is MNLI's genres (news, letters, fiction, …): the ones the rewriting kinds use."""

OPTIONS = ("negation_augment", "consistent_pairs", "word_swaps", "number_swaps", "report_frames",
           "reversed_contradictions")
"""The options' names (``argparse`` dests), in the order they are applied; recorded in the model's facts."""

REVERSED = "reversed"
"""Suffix of the ``source`` of a reversed pair (``fever_nli_train:reversed``)."""


def augmented(pairs: list[NliPair], args: argparse.Namespace) -> list[NliPair]:
    """``pairs`` with every kind of made pair that ``args`` asks for."""
    mix = pairs
    if args.negation_augment:
        pairs = with_negations(pairs, args.negation_augment, args.seed)
    if args.consistent_pairs:
        pairs = with_consistent(pairs, args.consistent_pairs, args.seed)
    if args.word_swaps:
        pairs = with_word_swaps(pairs, args.word_swaps, args.seed)
    if args.number_swaps:
        from factcheck.training.number_swaps import number_swapped_pairs

        pairs = with_extra(pairs, number_swapped_pairs(pairs, args.number_swaps, args.seed), "number-swap", args.seed)
    if args.report_frames:
        from factcheck.training.report_frames import framed_pairs

        pairs = with_extra(pairs, framed_pairs(pairs, args.report_frames, args.seed, MNLI_GENRE), "report-frame",
                           args.seed)
    if args.reversed_contradictions:
        pairs = with_extra(pairs, reversed_contradictions(mix, args.reversed_contradictions, args.seed),
                           "reversed-contradiction", args.seed)
    return pairs


def reversed_contradictions(pairs: list[NliPair], n: int, seed: int) -> list[NliPair]:
    """Up to ``n`` of the contradictions among ``pairs`` with premise and hypothesis swapped.

    Two statements that cannot both be true contradict whichever is read first, but NLI data is written
    one way (a long premise, then a short hypothesis), and a model trained on it sees far fewer
    contradictions from the short side: factcheck reads every pair both ways and decides on the mean.
    Only contradiction is turned round; an entailment reversed is often no entailment.
    """
    found = [p for p in pairs if p.label == "contradiction" and p.premise != p.hypothesis]
    chosen = random.Random(seed).sample(found, min(n, len(found)))
    return [NliPair(p.hypothesis, p.premise, p.label, f"{p.source}:{REVERSED}") for p in chosen]


def with_negations(pairs: list[NliPair], n: int, seed: int) -> list[NliPair]:
    """``pairs`` plus up to ``n`` negated-hypothesis pairs made from its MNLI-genre pairs, shuffled."""
    from factcheck.claims import load_spacy
    from factcheck.training.negation import negated_pairs

    return with_extra(pairs, negated_pairs(pairs, n, seed, load_spacy(), MNLI_GENRE), "negated-hypothesis", seed)


def with_consistent(pairs: list[NliPair], n: int, seed: int) -> list[NliPair]:
    """``pairs`` plus up to ``n`` ``not_contradiction`` pairs of its MNLI-genre hypotheses, shuffled."""
    from factcheck.training.consistent import consistent_pairs

    return with_extra(pairs, consistent_pairs(pairs, n, seed, MNLI_GENRE), "consistent-hypothesis", seed)


def with_word_swaps(pairs: list[NliPair], n: int, seed: int) -> list[NliPair]:
    """``pairs`` plus up to ``n`` antonym/synonym-swapped pairs made from its MNLI-genre sentences, shuffled."""
    from factcheck.claims import load_spacy
    from factcheck.training.antonyms import swapped_pairs

    return with_extra(pairs, swapped_pairs(pairs, n, seed, load_spacy(), MNLI_GENRE), "word-swap", seed)


def with_extra(pairs: list[NliPair], extra: list[NliPair], kind: str, seed: int) -> list[NliPair]:
    """``pairs`` and ``extra`` together, shuffled with ``seed``."""
    print(f"{kind} pairs: {len(extra)}", flush=True)
    out = pairs + extra
    random.Random(seed).shuffle(out)
    return out
