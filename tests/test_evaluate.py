import json
import shutil
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.config import Config, Thresholds
from factcheck.errors import InputError
from factcheck.evaluate.cases import containment, evaluate_cases, score_case
from factcheck.evaluate.pairs import LabelledPair, evaluate_pairs, read_labelled_pairs
from factcheck.metrics import accuracy, confusion, paired_auc_difference, per_class, ranking_auc
from factcheck.records import Claim, ClaimPair, Finding, Kind, PairScores


def test_metrics_by_hand():
    gold = ["contradiction", "contradiction", "neutral", "entailment", "neutral"]
    pred = ["contradiction", "neutral", "contradiction", "entailment", "neutral"]
    labels = ("entailment", "neutral", "contradiction")
    assert accuracy(gold, pred) == 0.6
    assert confusion(gold, pred, labels) == [[1, 0, 0], [0, 1, 1], [0, 1, 1]]
    c = {x.label: x for x in per_class(gold, pred, labels)}
    # contradiction: tp 1, fp 1, fn 1 → P = R = F1 = 0.5
    assert (c["contradiction"].precision, c["contradiction"].recall, c["contradiction"].f1) == (0.5, 0.5, 0.5)
    assert (c["entailment"].precision, c["entailment"].recall, c["entailment"].support) == (1.0, 1.0, 1)


def test_paired_auc_difference_resamples_whole_groups_for_both_scores():
    gold = [True, False, True, False, True, False]
    groups = ["a", "a", "b", "b", "c", "c"]
    perfect = [0.9, 0.1, 0.8, 0.2, 0.7, 0.3]
    assert paired_auc_difference(gold, perfect, perfect, groups) == (0.0, 0.0, 0.0)
    # each group ranks its own pair right under `perfect` and wrong under `reversed_`: every resample
    # keeps whole groups, so the difference is +1 within the groups and the interval stays positive
    reversed_ = [1 - x for x in perfect]
    diff, low, high = paired_auc_difference(gold, perfect, reversed_, groups)
    assert diff == 1.0 and 0 < low <= high == 1.0
    assert paired_auc_difference([True, True], [0.1, 0.2], [0.2, 0.1], ["a", "b"]) is None


def test_ranking_auc_by_hand():
    # positives 0.9, 0.4; negatives 0.5, 0.4, 0.1: pairs won 3 (0.9 > all) + 1 (0.4 > 0.1) + 0.5 (tie) = 4.5 of 6
    assert ranking_auc([True, True, False, False, False], [0.9, 0.4, 0.5, 0.4, 0.1]) == 0.75
    assert ranking_auc([True, False], [0.2, 0.8]) == 0.0
    assert ranking_auc([True, True], [0.2, 0.8]) is None


def test_eval_pairs_uses_the_pipeline_decision(fake_scorer):
    pairs = [LabelledPair("the council of oslo voted for the new budget today", "the council of oslo did not vote "
                          "for the new budget today", "contradiction"),
             LabelledPair("the council of oslo voted for the new budget today", "the council of oslo voted for "
                          "the new budget today", "entailment"),
             LabelledPair("it rained", "the sun shone", "contradiction")]
    r = evaluate_pairs(pairs, fake_scorer, Thresholds())
    assert r["confusion"] == [[1, 0, 0], [0, 0, 0], [0, 1, 1]]
    assert r["per_class"]["contradiction"] == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3),
                                               "support": 2}
    binary = evaluate_pairs([*pairs[:2], LabelledPair("a", "b", "not_contradiction")], fake_scorer, Thresholds())
    assert binary["labels"] == ["not_contradiction", "contradiction"] and binary["accuracy"] == 1.0


def test_eval_pairs_cli_json_shape(tmp_path, use_fake_scorer):
    f = tmp_path / "p.jsonl"
    f.write_text("\n".join(json.dumps({"premise": "a b", "hypothesis": "c d", "label": lab})
                           for lab in ("neutral", "entailment", "contradiction")) + "\n")
    res = CliRunner().invoke(app, ["eval", "pairs", str(f), "--json", "--limit", "2"])
    assert res.exit_code == 0, res.output
    r = json.loads(res.output)
    assert r["n"] == 2 and set(r) >= {"accuracy", "per_class", "confusion", "pairs_per_second", "labels", "model",
                                      "contradiction_auc"}


def test_eval_pairs_bad_file(tmp_path):
    (tmp_path / "bad.jsonl").write_text('{"premise": "a"}\n')
    res = CliRunner().invoke(app, ["eval", "pairs", str(tmp_path / "bad.jsonl")])
    assert res.exit_code == 2 and "premise, hypothesis and label" in res.output


def test_containment_rule():
    assert containment("Sweden will sign the treaty", "Officials said Sweden will sign the treaty this year.") == 1.0
    assert containment("the cat sat", "a dog barked loudly") == 0.0
    assert containment("one two three four", "one two five six") == 0.5


def _finding(kind: Kind, fa: str, ta: str, fb: str, tb: str) -> Finding:
    s = {"entailment": 0.0, "neutral": 0.0, "contradiction": 1.0}
    pair = ClaimPair(Claim(fa, ta, 0, 1, 1, ()), Claim(fb, tb, 0, 1, 1, ()), (), 0.0)
    return Finding(kind=kind, pair=pair, scores=PairScores(s, s), confidence=1.0, labels=(), fingerprint="x")


def test_gold_matching_counts():
    gold = {"contradictions": [{"file_a": "a", "file_b": "b", "span_a": "Sweden will sign the treaty",
                                "span_b": "Sweden will not sign the treaty"},
                               {"file_a": "a", "file_b": "c"}],
            "agreements": [{"file_a": "a", "file_b": "d"}], "unscored_pairs": [["b", "c"]],
            "no_relation_expected": [["c", "d"]]}
    found = [_finding(Kind.CONTRADICTION, "b", "Officials: Sweden will not sign the treaty.", "a",
                      "Sweden will sign the treaty."),                       # TP (spans match, order swapped)
             _finding(Kind.CONTRADICTION, "a", "The weather was fine.", "b", "Nothing to see."),  # unmatched
             _finding(Kind.CONTRADICTION, "a", "x", "d", "y"),              # false alarm (agreement pair)
             _finding(Kind.CONTRADICTION, "c", "x", "d", "y"),              # false alarm (no relation)
             _finding(Kind.CONTRADICTION, "b", "x", "c", "y"),              # unscored: ignored
             _finding(Kind.CONTRADICTION, "a", "x", "e", "y"),              # unverified
             _finding(Kind.AGREEMENT, "a", "x", "d", "y")]
    t = score_case(gold, found, Kind.CONTRADICTION)
    f = t.figures()
    assert (f["gold"], f["found"], f["tp"], f["unmatched"], f["false_alarms"], f["unverified"]) == (2, 1, 1, 1, 2, 1)
    assert f["precision"] == 0.25 and f["recall"] == 0.5
    a = score_case(gold, found, Kind.AGREEMENT).figures()
    assert (a["gold"], a["found"], a["tp"], a["precision"], a["recall"]) == (1, 1, 1, 1.0, 1.0)


def test_a_merged_finding_counts_for_every_file_pair_it_was_found_between():
    # the report lists the merged pairs ("Also found between …"); the scorer must see them too
    gold = {"contradictions": [{"file_a": "a", "file_b": "c"}], "agreements": [{"file_a": "b", "file_b": "d"}]}
    kept = _finding(Kind.CONTRADICTION, "a", "Sweden will sign.", "b", "Sweden will not sign.")
    merged = _finding(Kind.CONTRADICTION, "a", "Sweden will sign.", "c", "Sweden will not sign.").pair
    dup = _finding(Kind.CONTRADICTION, "d", "Sweden will sign.", "b", "Sweden will not sign.").pair
    f = score_case(gold, [replace(kept, duplicates=(merged, dup))], Kind.CONTRADICTION).figures()
    assert (f["found"], f["tp"], f["false_alarms"], f["unverified"]) == (1, 1, 1, 1)


def test_eval_cases_cli_keeps_its_cache_in_cache_dir(corpus, tmp_path, use_fake_scorer):
    shutil.copytree(corpus, tmp_path / "cases" / "case1")
    (tmp_path / "cases" / "case1" / "gold.json").write_text(json.dumps({"contradictions": [], "agreements": []}))
    res = CliRunner().invoke(app, ["eval", "cases", str(tmp_path / "cases"), "--cache-dir", str(tmp_path / "c"),
                                   "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["cases"][0]["case"] == "case1"
    assert (tmp_path / "c" / "cache.sqlite").is_file()


def test_eval_cases_end_to_end(corpus, tmp_path, fake_scorer, nlp):
    root = tmp_path / "cases"
    shutil.copytree(corpus, root / "case1")
    (root / "case1" / "gold.json").write_text(json.dumps({
        "contradictions": [{"file_a": "alpha.txt", "file_b": "beta.md",
                            "span_b": "Sweden will not sign the fishing treaty this year"}],
        "agreements": [], "no_relation_expected": [["alpha.txt", "gamma.txt"]]}))
    shutil.copytree(root / "case1", root / "case2")
    gold = json.loads((root / "case2" / "gold.json").read_text())
    (root / "case2" / "gold.json").write_text(json.dumps({**gold, "source": "other-set", "contradictions": []}))
    r = evaluate_cases(root, Config(corpus=root), fake_scorer, nlp)
    assert r["micro"]["contradiction"]["recall"] == 1.0 and r["micro"]["contradiction"]["precision"] == 1.0
    assert [c["case"] for c in r["cases"]] == ["case1", "case2"] and r["span_match"] == 0.5
    # figures per source data set (gold.json "source"), since held-out cases come from the same sources
    assert list(r["by_source"]) == ["other-set", "unknown"]
    assert r["by_source"]["unknown"]["contradiction"]["precision"] == 1.0
    assert r["by_source"]["other-set"]["contradiction"]["unverified"] == 1


GOOD_LINE = '{"premise": "a", "hypothesis": "b", "label": "Neutral"}\n'


@pytest.mark.parametrize(("bad_line", "message"), [
    ('{"premise": "a", "label": "neutral"}', "file.jsonl:2: no hypothesis"),
    ("[1, 2]", "file.jsonl:2: not a JSON object"),
    ("{oops", "file.jsonl:2: not a JSON object"),
    ('{"premise": "a", "hypothesis": "b", "label": "maybe"}', "file.jsonl:2: label must be"),
])
def test_labelled_pairs_errors_name_the_line(tmp_path, bad_line, message):
    path = tmp_path / "file.jsonl"
    path.write_text(GOOD_LINE + bad_line + "\n")
    with pytest.raises(InputError, match=message):
        read_labelled_pairs(path)


def test_labelled_pairs_skip_blank_lines_and_lowercase_labels(tmp_path):
    path = tmp_path / "file.jsonl"
    path.write_text(GOOD_LINE + "\n" + GOOD_LINE)
    assert read_labelled_pairs(path) == [LabelledPair("a", "b", "neutral")] * 2
    assert len(read_labelled_pairs(path, limit=1)) == 1
    path.write_bytes(b"\xef\xbb\xbf" + GOOD_LINE.encode())  # a byte-order mark before line 1
    assert read_labelled_pairs(path) == [LabelledPair("a", "b", "neutral")]
    path.write_text("\n")
    with pytest.raises(InputError, match="no pairs"):
        read_labelled_pairs(path)


@pytest.mark.parametrize("gold, message", [
    ({"contradictions": [{"file_a": "alpha.txt", "file_b": "typo.txt"}]}, "names typo.txt, which is not a file"),
    ({"agreements": [{"file_a": "alpha.txt"}]}, "needs two file names"),
    ({"unscored_pairs": [["alpha.txt"]]}, "needs two file names"),
    ([], "expected a JSON object"),
])
def test_a_gold_file_that_names_missing_files_is_an_input_error(corpus, tmp_path, fake_scorer, nlp, gold, message):
    shutil.copytree(corpus, tmp_path / "cases" / "case1")
    (tmp_path / "cases" / "case1" / "gold.json").write_text(json.dumps(gold))
    with pytest.raises(InputError, match=message):
        evaluate_cases(tmp_path / "cases", Config(corpus=tmp_path), fake_scorer, nlp)


def test_eval_pairs_splits_p_contradiction_by_direction():
    from factcheck.evaluate.pairs import by_direction
    from factcheck.records import PairScores

    def probs(c: float, e: float) -> dict[str, float]:
        return {"contradiction": c, "entailment": e, "neutral": round(1 - c - e, 6)}

    scores = [PairScores(forward=probs(0.8, 0.1), backward=probs(0.3, 0.1)),  # seen as written only
              PairScores(forward=probs(0.6, 0.3), backward=probs(0.5, 0.4)),
              PairScores(forward=probs(0.1, 0.7), backward=probs(0.2, 0.1))]
    r = by_direction(["contradiction", "contradiction", "entailment"], scores)
    assert r["contradiction"] == {"n": 2, "mean_p_written": pytest.approx(0.7), "argmax_written": 1.0,
                                  "mean_p_backwards": pytest.approx(0.4), "argmax_backwards": 0.5}
    assert r["entailment"]["argmax_backwards"] == 0.0 and r["entailment"]["mean_p_backwards"] == pytest.approx(0.2)
