"""A smoke run of the training command on 48 pairs with a tiny model (never the real training)."""

import gzip
import json
from pathlib import Path

import pytest

from factcheck.training.consistent import consistent_pairs, sibling_pairs
from factcheck.training.data import NOT_CONTRADICTION, UNLABELLED, NliPair, build_mix, parse_mix, premise_half

pytest.importorskip("torch")
from tests.test_transformers_backend import build_tiny_model


def _write_pairs(path: Path, n: int) -> None:
    labels = ["entailment", "neutral", "contradiction"]
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"premise": f"the council voted yes {i}", "hypothesis": "the council voted no",
                                 "label": labels[i % 3]}) + "\n")


@pytest.fixture
def data_dir(tmp_path) -> Path:
    d = tmp_path / "nli"
    d.mkdir()
    _write_pairs(d / "toy_train.jsonl.gz", 48)
    for name in ("mnli_dev_matched", "snli_dev", "snli_cad_dev", "newprotocols_wiki_dev"):
        _write_pairs(d / f"{name}.jsonl.gz", 12)
    return d


def _train_args(data_dir: Path, tmp_path: Path, base: Path) -> list[str]:
    """The training command on the toy mix with a tiny model, small batches, one thread."""
    return ["--data-dir", str(data_dir), "--mix", "toy_train", "--base-model", str(base), "--batch-size", "8",
            "--checkpoint-dir", str(tmp_path / "ckpt"), "--output", str(tmp_path / "out"), "--threads", "1",
            "--max-length", "32"]


def test_mix_is_seeded_balanced_and_deduplicated(data_dir):
    a = build_mix(data_dir, parse_mix("toy_train:12,toy_train:12"), seed=1, balance=True)
    b = build_mix(data_dir, parse_mix("toy_train:12"), seed=1, balance=True)
    assert a == b and len(a) == 12
    assert sorted(p.label for p in a).count("neutral") == 4


def test_mnli_halves_split_by_premise():
    assert premise_half("Some premise.") == premise_half("  some premise.  ")


@pytest.mark.model
def test_train_checkpoint_resume_export_and_eval(data_dir, tmp_path):
    from factcheck.training.train import main

    base = build_tiny_model(tmp_path / "base", {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"})
    args = _train_args(data_dir, tmp_path, base)
    main([*args, "--budget-minutes", "0", "--skip-eval"])  # stops after one step, checkpointed
    state = json.loads((tmp_path / "ckpt" / "latest" / "state.json").read_text())
    assert state["step"] == 1 and state["total_steps"] == 6
    main([*args, "--resume"])
    state = json.loads((tmp_path / "ckpt" / "latest" / "state.json").read_text())
    assert state["step"] == 6
    config = json.loads((tmp_path / "out" / "config.json").read_text())
    assert config["id2label"] == {"0": "entailment", "1": "neutral", "2": "contradiction"}
    assert list((tmp_path / "out").glob("*.safetensors"))
    results = json.loads((tmp_path / "ckpt" / "eval.json").read_text())
    assert set(results) == {"mnli_dev_matched_half1", "snli_dev", "snli_cad_dev", "newprotocols_wiki_dev",
                            "mnli_dev_matched_half1_consistent"}


@pytest.mark.model
def test_trains_an_encoder_whose_tokenizer_gives_no_token_types(data_dir, tmp_path):
    """RoBERTa, MPNet, DeBERTa tokenizers return only ids and mask: training takes the fields there are."""
    from factcheck.training.train import main

    base = build_tiny_model(tmp_path / "base", {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"})
    config_file = base / "tokenizer_config.json"
    config_file.write_text(json.dumps({**json.loads(config_file.read_text()),
                                       "model_input_names": ["input_ids", "attention_mask"]}))
    main([*_train_args(data_dir, tmp_path, base), "--budget-minutes", "0", "--skip-eval"])
    assert json.loads((tmp_path / "ckpt" / "latest" / "state.json").read_text())["step"] == 1
    assert list((tmp_path / "out").glob("*.safetensors"))


@pytest.mark.model
def test_distils_from_a_teacher_whose_scores_are_read_once(data_dir, tmp_path, capsys):
    from factcheck.training.train import main

    teacher = build_tiny_model(tmp_path / "teacher", {0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"})
    base = build_tiny_model(tmp_path / "base", {0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"})
    args = [*_train_args(data_dir, tmp_path, base), "--skip-eval", "--teacher", str(teacher), "--distill-weight", "0.7"]
    main([*args, "--budget-minutes", "0"])
    assert "0 of 48 pairs read before, 48 to read" in capsys.readouterr().out
    main([*args, "--resume"])
    assert "48 of 48 pairs read before, 0 to read" in capsys.readouterr().out
    facts = json.loads((tmp_path / "out" / "training_facts.json").read_text())
    assert facts["teacher"].startswith("teacher@") and facts["distill_weight"] == 0.7


@pytest.mark.model
def test_the_teacher_stops_at_the_deadline_and_keeps_what_it_read(tmp_path):
    from factcheck.training.distill import teacher_probs

    teacher = build_tiny_model(tmp_path / "teacher", {0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"})
    pairs = [NliPair(f"the council voted yes {i}", "the council voted no", "neutral", "toy") for i in range(40)]
    with pytest.raises(SystemExit, match="read 16 of 40 pairs"):
        teacher_probs(str(teacher), pairs, tmp_path / "t.sqlite", "fp32", 1, deadline=0.0, chunk=16)
    probs, model_id = teacher_probs(str(teacher), pairs[::-1], tmp_path / "t.sqlite", "fp32", 1, chunk=16)
    again, _ = teacher_probs(str(teacher), pairs, tmp_path / "t.sqlite", "fp32", 1, deadline=0.0, chunk=16)
    assert again == probs[::-1] and model_id.startswith("teacher@")
    assert all(abs(sum(row) - 1) < 1e-4 for row in probs)


def test_soft_label_loss_is_cross_entropy_on_one_hot_rows_and_least_where_the_student_matches_the_teacher():
    import torch

    from factcheck.training.distill import soft_label_loss
    from factcheck.training.train import allowed_label_loss

    logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 0.3]])
    one_hot = torch.tensor([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]])
    assert torch.isclose(soft_label_loss(logits, one_hot), allowed_label_loss(logits, one_hot))
    teacher = torch.tensor([[0.7, 0.2, 0.1]])
    matching = teacher.log().requires_grad_()
    soft_label_loss(matching, teacher).backward()
    assert torch.allclose(matching.grad, torch.zeros(1, 3), atol=1e-6)
    assert soft_label_loss(teacher.log(), teacher) < soft_label_loss(torch.zeros(1, 3), teacher)


def test_training_device_choice(monkeypatch):
    import torch

    from factcheck.nli import precision
    from factcheck.training.train import training_device

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(precision, "native_bf16", lambda: False)
    assert training_device("auto", "auto") == (torch.device("cpu"), False)
    assert training_device("cpu", "bf16") == (torch.device("cpu"), True)
    monkeypatch.setattr(precision, "native_bf16", lambda: True)
    assert training_device("auto", "auto") == (torch.device("cpu"), True)
    assert training_device("auto", "fp32") == (torch.device("cpu"), False)
    with pytest.raises(SystemExit, match="no CUDA"):
        training_device("cuda", "auto")


def test_consistent_pairs_join_an_entailed_hypothesis_with_an_entailed_or_neutral_one_of_the_same_premise():
    def pair(premise, hypothesis, label, source="lingnli"):
        return NliPair(premise, hypothesis, label, source)

    pairs = [pair("P1", "e1", "entailment"), pair("P1", "e2", "entailment"), pair("P1", "n1", "neutral"),
             pair("P1", "n2", "neutral"), pair("P1", "c1", "contradiction"), pair("P2", "e3", "entailment"),
             pair("P3", "e4", "entailment"), pair("P3", "n4", "neutral", source="fever")]
    got = consistent_pairs(pairs, 100, seed=1, sources=frozenset({"lingnli"}))
    assert {frozenset((p.premise, p.hypothesis)) for p in got} == {
        frozenset(x) for x in [("e1", "e2"), ("e1", "n1"), ("e1", "n2"), ("e2", "n1"), ("e2", "n2")]}
    assert {p.label for p in got} == {NOT_CONTRADICTION}  # never c1, never two neutrals, never across premises
    assert consistent_pairs(list(reversed(pairs)), 100, seed=1, sources=frozenset({"lingnli"})) == got
    assert len(consistent_pairs(pairs, 2, seed=1, sources=frozenset({"lingnli"}))) == 2


def test_sibling_pairs_join_any_two_hypotheses_of_one_premise_without_a_label():
    pairs = [NliPair("P1", "e1", "entailment", "lingnli"), NliPair("P1", "n1", "neutral", "lingnli"),
             NliPair("P1", "c1", "contradiction", "lingnli"), NliPair("P1", "C1 ", "contradiction", "lingnli"),
             NliPair("P2", "e2", "entailment", "lingnli"), NliPair("P3", "e3", "entailment", "fever"),
             NliPair("P3", "n3", "neutral", "fever")]
    got = sibling_pairs(pairs, 100, seed=1, sources=frozenset({"lingnli"}))
    assert sorted(sorted((p.premise, p.hypothesis)) for p in got) == [  # "C1 " is c1 written again: left out
        ["C1 ", "e1"], ["C1 ", "n1"], ["c1", "e1"], ["c1", "n1"], ["e1", "n1"]]
    assert {p.label for p in got} == {UNLABELLED} and {p.source for p in got} == {"sibling_hypotheses"}
    assert sibling_pairs(list(reversed(pairs)), 100, seed=1, sources=frozenset({"lingnli"})) == got
    assert len(sibling_pairs(pairs, 2, seed=1, sources=frozenset({"lingnli"}))) == 2


def test_sibling_pairs_need_a_teacher(data_dir, tmp_path):
    from factcheck.training.train import main

    with pytest.raises(SystemExit) as stop:
        main([*_train_args(data_dir, tmp_path, tmp_path / "base"), "--sibling-pairs", "10"])
    assert stop.value.code == 2


def test_allowed_label_loss_is_cross_entropy_for_one_label_and_rewards_either_for_not_contradiction():
    import torch

    from factcheck.training.data import TARGETS
    from factcheck.training.train import allowed_label_loss

    logits = torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 3.0]])
    one_hot = torch.tensor([TARGETS["neutral"], TARGETS["contradiction"]])
    assert allowed_label_loss(logits, one_hot).item() == pytest.approx(
        torch.nn.functional.cross_entropy(logits, torch.tensor([1, 2])).item())
    p = logits.softmax(-1)
    partial = allowed_label_loss(logits, torch.tensor([TARGETS[NOT_CONTRADICTION]] * 2))
    assert partial.item() == pytest.approx(-(p[:, 0] + p[:, 1]).log().mean().item())
    assert allowed_label_loss(logits, torch.tensor([TARGETS[UNLABELLED]] * 2)).item() == pytest.approx(0.0, abs=1e-6)


def test_number_swaps_change_a_counted_number_or_rewrite_it_and_leave_years_alone():
    from factcheck.training.number_swaps import number_swapped_pairs

    pairs = [NliPair("Police said 12 people were injured.", "The city paid $1,500 for the 3 tickets.", "neutral",
                     "mnli"),
             NliPair("The war began in 2008.", "Seven boats sank in the storm.", "neutral", "mnli")]
    made = number_swapped_pairs(pairs, 10, seed=1)
    assert {p.label for p in made} == {"contradiction", "entailment"}
    assert not any("2008" in p.premise + p.hypothesis for p in made)  # a year is not a count
    for p in made:
        a, b = p.premise, p.hypothesis
        assert a != b and a.split()[-2:] == b.split()[-2:]  # one number differs, the rest is the sentence
    rewrites = {tuple(sorted((p.premise, p.hypothesis))) for p in made if p.label == "entailment"}
    same_value = {("Police said 12 people were injured.", "Police said twelve people were injured."),
                  ("Seven boats sank in the storm.", "7 boats sank in the storm."),
                  ("The city paid $1,500 for the 3 tickets.", "The city paid $1500 for the 3 tickets.")}
    assert rewrites and rewrites <= {tuple(sorted(x)) for x in same_value}


def test_report_frames_label_a_sentence_framed_as_false_true_or_reported_and_skip_unsafe_sentences():
    from factcheck.training import report_frames as rf
    from factcheck.training.report_frames import FALSE_FRAMES, REPORTED_FRAMES, TRUE_FRAMES, frameable, framed_pairs

    assert frameable("The valley suffered no damage in the storm.") == "the valley suffered no damage in the storm"
    assert frameable("John said the valley suffered no damage.") is None  # a name must keep its capital
    assert frameable("Did the valley suffer any damage at all?") is None
    assert frameable("It rained.") is None  # too short to stand on its own
    sentences = [f"The village number {i} suffered no damage in the storm." for i in range(10)]
    pairs = [NliPair(s, "Some other words here that are not a sentence", "neutral", "mnli") for s in sentences]
    made = framed_pairs(pairs, 10, seed=3)
    assert len(made) == 10

    def opening(frames):
        return tuple(f.split("{s}")[0] for f in frames)

    for p in made:
        framed, plain = (p.hypothesis, p.premise) if p.premise in sentences else (p.premise, p.hypothesis)
        assert plain in sentences
        embeds_itself = plain[:-1].lower() in framed.lower()
        if p.label == "contradiction":
            assert framed.startswith(opening(FALSE_FRAMES)) and embeds_itself
        elif p.label == "entailment":
            assert framed.startswith(opening(TRUE_FRAMES)) and embeds_itself and p.hypothesis == plain
        elif framed.startswith(opening(REPORTED_FRAMES)):
            assert embeds_itself and p.hypothesis == plain  # only reported: neutral
        else:  # a false frame around another sentence says nothing about this one
            assert framed.startswith(opening(FALSE_FRAMES)) and not embeds_itself
    assert {p.label for p in made} == {"contradiction", "entailment", "neutral"}
    assert not any(set(probe) & set(trained) for probe, trained in zip(rf.PROBE, rf.TRAINING, strict=True))  # held out
