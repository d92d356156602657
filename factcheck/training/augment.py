"""Pairs made from the training mix itself, each against one habit of the model (``train.py``'s options).

Every kind adds up to N pairs and is off (N = 0) by default; the kinds are applied in a fixed order, each
shuffling the mix with the run's seed, so a recorded set of options rebuilds the same training pairs.
"""

from __future__ import annotations

import argparse
import random

from factcheck.training.data import NOT_CONTRADICTION, NliPair

MNLI_GENRE = frozenset({"lingnli_mnli_premises_train", "natinst_mnli_train", "taxinli_mnli_train_subset",
                        "mnli_dev_matched", "syntaug_mnli_train"})
"""Sources whose text is MNLI's genres (news, letters, fiction, …): the ones the rewriting kinds use."""

OPTIONS = ("negation_augment", "consistent_pairs", "word_swaps", "number_swaps", "report_frames",
           "reversed_pairs", "sibling_pairs", "subsequence_pairs")
"""The options' names (``argparse`` dests), in the order they are applied; recorded in the model's facts."""

REVERSED = "reversed"
"""Suffix of the ``source`` of a reversed pair (``fever_nli_train:reversed``)."""


def augmented(pairs: list[NliPair], args: argparse.Namespace) -> list[NliPair]:
    """``pairs`` with every kind of made pair that ``args`` asks for (pairs are turned round from ``pairs``
    as given, never from the made ones)."""
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
    if args.reversed_pairs:
        pairs = with_extra(pairs, reversed_pairs(mix, args.reversed_pairs, args.seed), "reversed", args.seed)
    if args.sibling_pairs:
        from factcheck.training.consistent import sibling_pairs

        pairs = with_extra(pairs, sibling_pairs(mix, args.sibling_pairs, args.seed, MNLI_GENRE), "sibling-hypothesis",
                           args.seed)
    if args.subsequence_pairs:
        from factcheck.claims import load_spacy
        from factcheck.training.subsequence import subsequence_pairs

        pairs = with_extra(pairs, subsequence_pairs(mix, args.subsequence_pairs, args.seed, load_spacy(), MNLI_GENRE),
                           "subsequence", args.seed)
    return pairs


def reversed_pairs(pairs: list[NliPair], n: int, seed: int) -> list[NliPair]:
    """Up to ``n`` of ``pairs`` with premise and hypothesis swapped: a contradiction stays one, any other pair
    becomes ``not_contradiction``.

    Both labels follow from logic, not wording: two statements that cannot both be true contradict in
    either order, and two that can both be true are compatible in either order (an entailment turned
    round is often no entailment, hence "not a contradiction", whose loss is on P(entailment) +
    P(neutral)). NLI data is written one way, a long premise then a short hypothesis, and a model trained
    on it reads contradictions from the short side poorly, while factcheck reads every pair both ways.
    Turning round the contradictions alone teaches the order itself as a sign of contradiction
    (session 14: P(contradiction) of held-out entailments read backwards 0.20 → 0.46); all labels together
    do not.
    """
    found = [p for p in pairs if p.premise != p.hypothesis]
    chosen = random.Random(seed).sample(found, min(n, len(found)))
    return [NliPair(p.hypothesis, p.premise, p.label if p.label == "contradiction" else NOT_CONTRADICTION,
                    f"{p.source}:{REVERSED}") for p in chosen]


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
