"""Weight averaging (factcheck.training.soup) on tiny models the test builds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file

from factcheck.training.soup import average, main, make_soup
from tests.test_transformers_backend import _pair, build_tiny_model

LABELS = {0: "entailment", 1: "neutral", 2: "contradiction"}


def _shifted(src: Path, dst: Path, by: float) -> Path:
    """A copy of the model at ``src`` with every floating weight moved by ``by``."""
    build_tiny_model(dst, LABELS)
    original = load_file(str(src / "model.safetensors"))
    weights = {k: (v + by if v.is_floating_point() else v) for k, v in original.items()}
    save_file(weights, str(dst / "model.safetensors"), metadata={"format": "pt"})
    return dst


def test_average_is_the_elementwise_mean():
    a = {"w": torch.tensor([1.0, 2.0]), "b": torch.tensor([0.0])}
    b = {"w": torch.tensor([3.0, 6.0]), "b": torch.tensor([1.0])}
    mean = average([a, b])
    assert torch.equal(mean["w"], torch.tensor([2.0, 4.0]))
    assert torch.equal(mean["b"], torch.tensor([0.5]))


def test_average_refuses_models_that_do_not_match():
    with pytest.raises(ValueError, match="other tensors"):
        average([{"w": torch.zeros(2)}, {"v": torch.zeros(2)}])
    with pytest.raises(ValueError, match="different shapes"):
        average([{"w": torch.zeros(2)}, {"w": torch.zeros(3)}])
    with pytest.raises(ValueError, match="no models"):
        average([])


def test_soup_of_two_models_loads_and_sits_between_them(tmp_path):
    from factcheck.nli.transformers_backend import TransformersScorer

    one = build_tiny_model(tmp_path / "one", LABELS)
    two = _shifted(one, tmp_path / "two", 0.5)
    out = make_soup(tmp_path / "soup", [one, two])

    w1, w2, ws = (load_file(str(m / "model.safetensors")) for m in (one, two, out))
    name = "classifier.weight"
    assert ws[name].dtype == torch.float16
    assert torch.allclose(ws[name].float(), (w1[name] + w2[name]) / 2, atol=1e-3)
    assert json.loads((out / "training_facts.json").read_text())["soup_of"] == [str(one), str(two)]
    assert not (tmp_path / "soup.tmp").exists()
    [scores] = TransformersScorer(str(out), batch_size=4).score([_pair("the sky is blue", "the sky is green")])
    assert sorted(scores.forward) == sorted(LABELS.values())
    assert sum(scores.forward.values()) == pytest.approx(1.0, abs=1e-4)


def test_soup_refuses_another_label_order(tmp_path, capsys):
    one = build_tiny_model(tmp_path / "one", LABELS)
    other = build_tiny_model(tmp_path / "other", {0: "contradiction", 1: "neutral", 2: "entailment"})
    with pytest.raises(SystemExit) as exit_info:
        main([str(tmp_path / "soup"), str(one), str(other)])
    assert exit_info.value.code == 2
    assert "orders its labels otherwise" in capsys.readouterr().err
    assert not (tmp_path / "soup").exists()
