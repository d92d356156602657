"""Word-swap training pairs: which words are swapped, the labels they carry, the held-out groups."""

import gzip
import json
import random

from factcheck.training.antonyms import ANTONYMS, HELD_OUT, SOURCE, SYNONYMS, lexicon, main, swap, swapped_pairs
from factcheck.training.data import NliPair


def test_every_form_maps_both_ways_and_held_out_groups_stay_out_of_training():
    train, held = lexicon(ANTONYMS, held_out=False), lexicon(ANTONYMS, held_out=True)
    assert train[("rose", "VBD")] == "fell" and train[("fell", "VBD")] == "rose"
    assert train[("risen", "VBN")] == "fallen" and train[("lower", "JJR")] == "higher"
    assert train[("increasing", "VBG")] == "decreasing" and train[("profits", "NNS")] == "losses"
    *_, deny = ANTONYMS[HELD_OUT - 1]  # the first held-out group (confirm / deny)
    assert (deny[2], "VBD") in held and (deny[2], "VBD") not in train
    assert ("smart", "JJ") in lexicon(SYNONYMS, held_out=True) and ("smart", "JJ") not in lexicon(SYNONYMS, False)


def test_only_lower_case_words_with_the_listed_tag_are_swapped(nlp):
    words = lexicon(ANTONYMS, held_out=False)
    rng = random.Random(0)
    assert swap(nlp("Prices rose sharply in March."), words, rng, antonym=True) == "Prices fell sharply in March."
    assert swap(nlp("The company reported a large profit."), words, rng, antonym=True) in (
        "The company reported a small profit.", "The company reported a large loss.")
    assert swap(nlp("It was a lost cause for the Rose family."), words, rng, antonym=True) is None  # JJ, a name
    assert swap(nlp("Prices never rose in March."), words, rng, antonym=True) is None  # no double negatives
    synonyms = lexicon(SYNONYMS, held_out=False)
    assert swap(nlp("Prices never rose, so we bought a car."), synonyms, rng, antonym=False) in (
        "Prices never rose, so we purchased a car.", "Prices never rose, so we bought a automobile.")


def test_antonyms_contradict_synonyms_keep_the_label(nlp):
    pairs = [NliPair("Prices rose sharply in March.", "The minister quickly accepted the offer.", "entailment", "m"),
             NliPair("The trip was long.", "They bought a car.", "neutral", "m"),
             NliPair("Oslo is large.", "The team won the final.", "entailment", "other")]
    made = swapped_pairs(pairs, 40, seed=1, nlp=nlp, sources=frozenset({"m"}))
    assert made and all(p.source == SOURCE for p in made)
    rows = {(p.premise, p.hypothesis): p.label for p in made}
    assert not any("Oslo" in a or "final" in b for a, b in rows)  # other sources are not used
    assert rows.get(("Prices rose sharply in March.", "Prices fell sharply in March."),
                    rows.get(("Prices fell sharply in March.", "Prices rose sharply in March."))) == "contradiction"
    assert rows[("The trip was long.", "They purchased a car.")] == "neutral"  # a synonym keeps neutral
    assert rows[("Prices rose sharply in March.", "The minister quickly rejected the offer.")] == "contradiction"
    assert ("The trip was long.", "They sold a car.") not in rows  # a neutral pair is not antonym-swapped


def test_probe_command_writes_labelled_pairs(tmp_path):
    src = tmp_path / "src.jsonl"
    src.write_text(json.dumps({"premise": "He was quick to confirm the report.", "hypothesis": "The film was long.",
                               "label": "neutral"}) + "\n")
    main([str(src), str(tmp_path / "probe.jsonl.gz"), "-n", "8"])
    with gzip.open(tmp_path / "probe.jsonl.gz", "rt") as fh:
        rows = [json.loads(line) for line in fh]
    texts = {(r["premise"], r["hypothesis"], r["label"]) for r in rows}
    assert ("He was quick to confirm the report.", "He was quick to deny the report.", "contradiction") in texts or \
        ("He was quick to deny the report.", "He was quick to confirm the report.", "contradiction") in texts
    assert ("He was quick to confirm the report.", "The movie was long.", "neutral") in texts  # held-out words only
