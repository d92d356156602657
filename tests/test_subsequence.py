"""Shortened-premise training pairs: which modifiers may be left out, and the two labels they give."""

from argparse import Namespace

from factcheck.training.data import NliPair
from factcheck.training.subsequence import SOURCE, shortenings, subsequence_pairs


def test_one_noun_modifier_is_left_out_and_the_sentence_tidied(nlp):
    cases = {
        "The tired doctor thanked the lawyer.": ["The doctor thanked the lawyer."],
        "The doctor thanked the lawyer who was tired.": ["The doctor thanked the lawyer."],
        "The senator, who was tired, thanked the lawyer.": ["The senator thanked the lawyer."],
        "She bought a book about Rome in the shop.": ["She bought a book in the shop."],
        "He found a genuine apple.": ["He found an apple."],  # the article fits the next word
        "An old man sold a house.": ["A man sold a house."],
    }
    for text, expected in cases.items():
        assert shortenings(nlp(text)) == expected, text


def test_modifiers_whose_loss_changes_what_is_said_are_kept(nlp):
    for text in ("No tired doctor thanked the lawyer.",  # a negation reads the noun phrase downward
                 "Every tired doctor thanked the lawyer.",  # so does a quantifier
                 "If the tired doctor left, the lawyer stayed.",  # a condition
                 "The former minister resigned.",  # not a minister now
                 "The largest city has a port.",  # a superlative picks out which city
                 "Did the tired doctor thank the lawyer?",
                 "The doctor left. The tired lawyer stayed."):  # two sentences
        assert shortenings(nlp(text)) == [], text
    assert shortenings(nlp("The president of France met the young king.")) == [
        "The president of France met the king."]  # "of France" stays, "young" goes


def test_longer_to_shorter_is_entailment_and_back_is_neutral_from_mnli_genre_premises_only(nlp):
    pairs = [NliPair("The tired doctor thanked the lawyer.", "x", "neutral", "mnli"),
             NliPair("The tired doctor thanked the lawyer.", "y", "contradiction", "mnli"),  # one premise, once
             NliPair("The old man sold a house.", "z", "entailment", "fever")]
    made = subsequence_pairs(pairs, 10, seed=0, nlp=nlp, sources=frozenset({"mnli"}))
    long, short = "The tired doctor thanked the lawyer.", "The doctor thanked the lawyer."
    assert made == [NliPair(long, short, "entailment", SOURCE), NliPair(short, long, "neutral", SOURCE)]
    assert subsequence_pairs(pairs, 1, seed=0, nlp=nlp) == []  # pairs come two by two


def test_the_training_option_adds_them_to_the_mix():
    from factcheck.training.augment import OPTIONS, augmented

    pairs = [NliPair("The tired doctor thanked the lawyer.", "x", "neutral", "lingnli_mnli_premises_train"),
             NliPair("The old man sold a house.", "z", "entailment", "fever_nli_train")]
    out = augmented(pairs, Namespace(seed=1, **{name: 0 for name in OPTIONS} | {"subsequence_pairs": 4}))
    assert sorted((p.label, p.source) for p in out) == [("entailment", "fever_nli_train"), ("entailment", SOURCE),
                                                        ("neutral", "lingnli_mnli_premises_train"), ("neutral", SOURCE)]
