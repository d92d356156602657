"""A smoke run of the training command on 48 pairs with a tiny model (never the real training)."""

import gzip
import json
from pathlib import Path

import pytest

from factcheck.training.data import build_mix, parse_mix, premise_half

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
    args = ["--data-dir", str(data_dir), "--mix", "toy_train", "--base-model", str(base), "--batch-size", "8",
            "--checkpoint-dir", str(tmp_path / "ckpt"), "--output", str(tmp_path / "out"), "--threads", "1",
            "--max-length", "32"]
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
    assert set(results) == {"mnli_dev_matched_half1", "snli_dev", "snli_cad_dev", "newprotocols_wiki_dev"}


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
