"""Negated-hypothesis training pairs: the rewrite, and the labels it may and may not carry over."""

from factcheck.training.data import NliPair
from factcheck.training.negation import SOURCE, negate, negated_pairs


def test_simple_main_clauses_are_negated(nlp):
    cases = {
        "Molotov made an argument.": "Molotov did not make an argument.",
        "Trent Lott enjoys being Senate Majority Leader.": "Trent Lott does not enjoy being Senate Majority Leader.",
        "Robert Henri was a popular artist.": "Robert Henri was not a popular artist.",
        "Anthony Lewis has done a lot of humanitarian work.": "Anthony Lewis has not done a lot of humanitarian work.",
        "The superstars are volunteering their time.": "The superstars are not volunteering their time.",
    }
    for text, negated in cases.items():
        assert negate(nlp(text)) == negated


def test_unsafe_sentences_are_left_alone(nlp):
    for text in ("Dogs do not have much variety.",  # already negative
                 "All solicitations in e-mail formats are unauthorized.",  # a quantifier: no clean opposite
                 "Is the market open today?",
                 "Open the door.",  # no subject
                 "The market opened. It closed late."):  # two sentences
        assert negate(nlp(text)) is None, text


def test_neutral_stays_neutral_entailment_becomes_contradiction_contradiction_is_not_used(nlp):
    pairs = [NliPair("P1", "Molotov made an argument.", "neutral", "mnli"),
             NliPair("P2", "Robert Henri was a popular artist.", "entailment", "mnli"),
             NliPair("P3", "The superstars are volunteering their time.", "contradiction", "mnli"),
             NliPair("P4", "Glenn is conducting an experiment.", "entailment", "fever")]
    made = negated_pairs(pairs, 10, seed=1, nlp=nlp, sources=frozenset({"mnli"}))
    assert sorted((p.premise, p.hypothesis, p.label, p.source) for p in made) == [
        ("P1", "Molotov did not make an argument.", "neutral", SOURCE),
        ("P2", "Robert Henri was not a popular artist.", "contradiction", SOURCE)]


def test_training_mix_gets_the_negated_pairs_of_its_mnli_genre_part():
    from factcheck.training.augment import with_negations

    pairs = [NliPair("P1", "Molotov made an argument.", "neutral", "lingnli_mnli_premises_train"),
             NliPair("P2", "Robert Henri was a popular artist.", "entailment", "fever_nli_train")]
    out = with_negations(pairs, 10, seed=3)
    assert sorted(p.hypothesis for p in out) == ["Molotov did not make an argument.", "Molotov made an argument.",
                                                 "Robert Henri was a popular artist."]


def test_reversed_pairs_keep_contradiction_and_make_the_rest_not_contradiction():
    from argparse import Namespace

    from factcheck.training.augment import OPTIONS, augmented, reversed_pairs

    pairs = [NliPair("A long premise.", "Short one.", "contradiction", "fever_nli_train"),
             NliPair("Another premise.", "Entailed.", "entailment", "fever_nli_train"),
             NliPair("Same.", "Same.", "neutral", "snli_cad_train")]
    assert sorted(reversed_pairs(pairs, 5, seed=0), key=lambda p: p.premise) == [
        NliPair("Entailed.", "Another premise.", "not_contradiction", "fever_nli_train:reversed"),
        NliPair("Short one.", "A long premise.", "contradiction", "fever_nli_train:reversed")]
    assert reversed_pairs(pairs, 0, seed=0) == []
    args = Namespace(seed=1, **{name: 0 for name in OPTIONS} | {"reversed_pairs": 1})
    out = augmented(pairs, args)
    assert len(out) == 4 and sum(p.source.endswith(":reversed") for p in out) == 1
