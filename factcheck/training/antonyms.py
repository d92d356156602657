"""Word-swap pairs: training data against "same words, so the same meaning".

The shipped model reads word overlap as agreement: "Prices rose sharply in March" and "Prices fell
sharply in March" get P(entailment) 0.89, "The man is sleeping" / "The man is awake" 0.79 (its
HANS-style score is chance, see the model card). News drift is often exactly that: one outlet's
"accepted" is another's "rejected". One-word rewrites of existing sentences teach the difference,
with no new annotation:

- an **antonym** swap of a sentence S gives (S, S') a **contradiction**; an entailment (P, H) gives
  (P, H') a contradiction (P implies H, so it rules out H');
- a **synonym** swap keeps the meaning, so it keeps any label: (S, S') is an entailment, and
  (P, H) → (P, H') keeps the label of (P, H). These stop the model from learning "one word changed,
  so contradiction".

Only lower-case tokens whose Penn tag matches the list's form are swapped (``lost`` the verb, not
``a lost cause``), one per sentence, and antonym swaps skip sentences with a negation (a double
negative is no clean opposite). Every fifth antonym and synonym group is held out of training
(``HELD_OUT``), so ``python -m factcheck.training.antonyms`` can build a probe from held-out
sentences and held-out words that tells learnt antonymy from a memorised list.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from typing import Any

from factcheck.training.data import NliPair
from factcheck.training.negation import NEGATIONS

# Penn tags of the forms in a group, in order
V = (("VB", "VBP"), ("VBZ",), ("VBD",), ("VBN",), ("VBG",))
"""A verb: base, 3rd person singular, past, participle, -ing."""
J = (("JJ",), ("JJR",), ("JJS",))
"""An adjective: positive, comparative, superlative."""
N = (("NN",), ("NNS",))
"""A noun: singular, plural."""
R = (("RB",),)
"""An adverb."""


Group = tuple[tuple[tuple[str, ...], ...], tuple[str, ...], tuple[str, ...]]
"""(tags of the forms, one word's forms, its partner's forms)."""


def _v(base: str, past: str | None = None, part: str | None = None) -> tuple[str, ...]:
    """The five forms of a regular (or nearly regular) verb."""
    stem = base[:-1] if base.endswith("e") else base
    third = base[:-1] + "ies" if base.endswith("y") and base[-2] not in "aeiou" else \
        base + ("es" if base.endswith(("s", "sh", "ch", "x", "o")) else "s")
    past = past or (base[:-1] + "ied" if base.endswith("y") and base[-2] not in "aeiou" else stem + "ed")
    return base, third, past, part or past, stem + "ing"


ANTONYMS: list[Group] = [
    (V, ("rise", "rises", "rose", "risen", "rising"), ("fall", "falls", "fell", "fallen", "falling")),
    (V, _v("increase"), _v("decrease")),
    (V, ("win", "wins", "won", "won", "winning"), ("lose", "loses", "lost", "lost", "losing")),
    (V, _v("accept"), _v("reject")),
    (V, _v("confirm"), ("deny", "denies", "denied", "denied", "denying")),
    (V, _v("open"), _v("close")),
    (V, _v("support"), _v("oppose")),
    (V, _v("succeed"), _v("fail")),
    (V, ("buy", "buys", "bought", "bought", "buying"), ("sell", "sells", "sold", "sold", "selling")),
    (V, _v("remember"), ("forget", "forgets", "forgot", "forgotten", "forgetting")),
    (V, _v("love"), _v("hate")),
    (V, _v("raise"), _v("lower")),
    (V, ("start", "starts", "started", "started", "starting"), ("stop", "stops", "stopped", "stopped", "stopping")),
    (V, _v("include"), _v("exclude")),
    (V, _v("strengthen"), _v("weaken")),
    (V, _v("improve"), _v("worsen")),
    (V, _v("survive"), ("die", "dies", "died", "died", "dying")),
    (V, _v("appear"), _v("disappear")),
    (V, _v("obey"), _v("disobey")),
    (V, _v("expand"), ("shrink", "shrinks", "shrank", "shrunk", "shrinking")),
    (J, ("high", "higher", "highest"), ("low", "lower", "lowest")),
    (J, ("large", "larger", "largest"), ("small", "smaller", "smallest")),
    (J, ("strong", "stronger", "strongest"), ("weak", "weaker", "weakest")),
    (J, ("rich", "richer", "richest"), ("poor", "poorer", "poorest")),
    (J, ("early", "earlier", "earliest"), ("late", "later", "latest")),
    (J, ("safe", "safer", "safest"), ("dangerous", "more dangerous", "most dangerous")),
    (J, ("happy", "happier", "happiest"), ("sad", "sadder", "saddest")),
    (J, ("hot", "hotter", "hottest"), ("cold", "colder", "coldest")),
    (J, ("fast", "faster", "fastest"), ("slow", "slower", "slowest")),
    (J, ("good", "better", "best"), ("bad", "worse", "worst")),
    (J, ("long", "longer", "longest"), ("short", "shorter", "shortest")),
    (J, ("cheap", "cheaper", "cheapest"), ("expensive", "more expensive", "most expensive")),
    (J, ("easy", "easier", "easiest"), ("difficult", "more difficult", "most difficult")),
    (J, ("full",), ("empty",)),
    (J, ("alive",), ("dead",)),
    (J, ("asleep",), ("awake",)),
    (J, ("legal",), ("illegal",)),
    (J, ("guilty",), ("innocent",)),
    (J, ("true",), ("false",)),
    (J, ("possible",), ("impossible",)),
    (J, ("public",), ("private",)),
    (J, ("positive",), ("negative",)),
    (J, ("successful",), ("unsuccessful",)),
    (J, ("likely",), ("unlikely",)),
    (J, ("able",), ("unable",)),
    (J, ("popular",), ("unpopular",)),
    (J, ("friendly",), ("hostile",)),
    (J, ("correct",), ("incorrect",)),
    (J, ("visible",), ("invisible",)),
    (J, ("male",), ("female",)),
    (N, ("profit", "profits"), ("loss", "losses")),
    (N, ("victory", "victories"), ("defeat", "defeats")),
    (N, ("success", "successes"), ("failure", "failures")),
    (N, ("surplus", "surpluses"), ("deficit", "deficits")),
    (N, ("friend", "friends"), ("enemy", "enemies")),
    (N, ("winner", "winners"), ("loser", "losers")),
    (N, ("majority",), ("minority",)),
    (N, ("increase", "increases"), ("decrease", "decreases")),
    (R, ("always",), ("never",)),
    (R, ("quickly",), ("slowly",)),
]
SYNONYMS: list[Group] = [
    (V, ("begin", "begins", "began", "begun", "beginning"), _v("start")),
    (V, ("buy", "buys", "bought", "bought", "buying"), _v("purchase")),
    (V, _v("help"), _v("assist")),
    (V, _v("try"), _v("attempt")),
    (V, _v("end"), _v("finish")),
    (V, _v("reply"), _v("respond")),
    (V, ("speak", "speaks", "spoke", "spoken", "speaking"), _v("talk")),
    (V, ("choose", "chooses", "chose", "chosen", "choosing"), _v("select")),
    (V, ("permit", "permits", "permitted", "permitted", "permitting"), _v("allow")),
    (V, _v("seem"), _v("appear")),
    (V, _v("cease"), ("stop", "stops", "stopped", "stopped", "stopping")),
    (V, _v("need"), _v("require")),
    (J, ("big", "bigger", "biggest"), ("large", "larger", "largest")),
    (J, ("rich", "richer", "richest"), ("wealthy", "wealthier", "wealthiest")),
    (J, ("fast", "faster", "fastest"), ("quick", "quicker", "quickest")),
    (J, ("hard", "harder", "hardest"), ("difficult", "more difficult", "most difficult")),
    (J, ("sick",), ("ill",)),
    (J, ("huge",), ("enormous",)),
    (J, ("dangerous",), ("hazardous",)),
    (J, ("intelligent",), ("smart",)),
    (J, ("enough",), ("sufficient",)),
    (N, ("car", "cars"), ("automobile", "automobiles")),
    (N, ("child", "children"), ("kid", "kids")),
    (N, ("mistake", "mistakes"), ("error", "errors")),
    (N, ("movie", "movies"), ("film", "films")),
    (N, ("shop", "shops"), ("store", "stores")),
    (N, ("trip", "trips"), ("journey", "journeys")),
    (N, ("answer", "answers"), ("reply", "replies")),
    (R, ("quickly",), ("rapidly",)),
    (R, ("perhaps",), ("maybe",)),
    (R, ("nearly",), ("almost",)),
    (R, ("often",), ("frequently",)),
]
HELD_OUT = 5
"""Every HELD_OUT-th group (index % HELD_OUT == HELD_OUT - 1) is kept out of training, for the probe."""
SOURCE = "word-swap"
"""The ``source`` of the pairs made here."""


def lexicon(groups: Sequence[Group], held_out: bool) -> dict[tuple[str, str], str]:
    """(word, Penn tag) → its swap, from the training groups (``held_out`` False) or the held-out ones."""
    out: dict[tuple[str, str], str] = {}
    for i, (tags, a, b) in enumerate(groups):
        if (i % HELD_OUT == HELD_OUT - 1) != held_out:
            continue
        for tagset, x, y in zip(tags, a, b, strict=False):
            for tag in tagset:
                out.setdefault((x, tag), y)
                out.setdefault((y, tag), x)
    return out


def swap(doc: Any, words: dict[tuple[str, str], str], rng: random.Random, antonym: bool) -> str | None:
    """The sentence of a spaCy ``doc`` with one listed lower-case word swapped, or None."""
    if len(doc) > 60 or (antonym and any(t.lower_ in NEGATIONS or t.dep_ == "neg" for t in doc)):
        return None
    hits = [t for t in doc if t.text.islower() and (t.text, t.tag_) in words]
    if not hits:
        return None
    token = rng.choice(hits)
    parts = [t.text_with_ws for t in doc]
    parts[token.i] = words[(token.text, token.tag_)] + token.whitespace_
    return "".join(parts).strip()


def _candidates(texts: Iterable[str], words: dict[tuple[str, str], str]) -> list[str]:
    """The texts that hold one of the words at all (only those are tagged)."""
    pattern = re.compile(r"\b(?:" + "|".join(sorted({re.escape(w) for w, _ in words})) + r")\b")
    return sorted({t for t in texts if pattern.search(t)})


def swapped_pairs(pairs: Sequence[NliPair], n: int, seed: int, nlp: Any, sources: frozenset[str] | None = None,
                  held_out: bool = False) -> list[NliPair]:
    """Up to ``n`` word-swap pairs from ``pairs`` of ``sources`` (all if None), seeded: a quarter each
    of antonym-swapped sentences, antonym-swapped entailed hypotheses, synonym-swapped sentences and
    synonym-swapped hypotheses (any label)."""
    rng = random.Random(seed)
    used = [p for p in pairs if sources is None or p.source in sources]
    antonyms, synonyms = lexicon(ANTONYMS, held_out), lexicon(SYNONYMS, held_out)
    sentences = sorted({p.premise for p in used} | {p.hypothesis for p in used})
    out: list[NliPair] = []
    for words, antonym in ((antonyms, True), (synonyms, False)):
        tagged = dict(zip(cands := _candidates(sentences, words), nlp.pipe(cands), strict=True))
        swapped = {text: new for text, doc in tagged.items() if (new := swap(doc, words, rng, antonym))}
        own = [s for s in sentences if s in swapped]
        rng.shuffle(own)
        label = "contradiction" if antonym else "entailment"
        for s in own[:n // 4]:
            a, b = (s, swapped[s]) if rng.random() < 0.5 else (swapped[s], s)
            out.append(NliPair(a, b, label, SOURCE))
        rewrites = [p for p in used if p.hypothesis in swapped and (not antonym or p.label == "entailment")]
        rng.shuffle(rewrites)
        out += [NliPair(p.premise, swapped[p.hypothesis], "contradiction" if antonym else p.label, SOURCE)
                for p in rewrites[:n // 4]]
    return out


def main(argv: Sequence[str] | None = None) -> None:
    from factcheck.claims import load_spacy
    from factcheck.training.data import probe_parser, read_pairs, write_pairs

    ap = probe_parser(
        "python -m factcheck.training.antonyms",
        "Write a word-swap probe: pairs made from the sentences of an NLI file (e.g. the held-out MNLI half of "
        "`python -m factcheck.training --export-heldout`) with the held-out word groups (or, with "
        "--trained-words, the training groups), a quarter of each kind. Score it with `factcheck eval pairs`.",
        2000)
    ap.add_argument("--trained-words", action="store_true", help="use the training word groups")
    args = ap.parse_args(argv)
    made = swapped_pairs(read_pairs(args.source), args.n, args.seed, load_spacy(), held_out=not args.trained_words)
    write_pairs(args.output, made)
    print(f"{args.output}: {len(made)} pairs")


if __name__ == "__main__":
    main()
