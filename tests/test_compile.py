"""``--compile``: the torch model through torch.compile, on the tiny model the backend tests build."""

import shutil

import pytest

pytest.importorskip("torch")
import torch

from factcheck.config import Config, project_settings
from factcheck.errors import InputError, ModelError
from factcheck.nli.backends import make_backend
from factcheck.nli.precision import Backend, Precision
from factcheck.nli.transformers_backend import TransformersScorer
from factcheck.pipeline import _concrete
from tests.test_transformers_backend import _pair, build_tiny_model

pytestmark = pytest.mark.model
HAS_COMPILER = any(shutil.which(c) for c in ("g++", "c++", "clang++"))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny"), {0: "entailment", 1: "neutral", 2: "contradiction"})


@pytest.fixture(autouse=True)
def fresh_dynamo():
    torch._dynamo.reset()
    yield
    torch._dynamo.reset()


PAIRS = [_pair("the council voted yes", "the council voted no"), _pair("sweden will sign", "sweden will not sign"),
         _pair("oslo", "the budget of oslo was not voted in the council")]


@pytest.mark.skipif(not HAS_COMPILER, reason="torch.compile (inductor) needs a C++ compiler")
def test_compiled_model_scores_as_the_eager_one_and_is_cached_apart(tiny):
    eager = TransformersScorer(str(tiny), batch_size=5)
    compiled = TransformersScorer(str(tiny), batch_size=5, compile=True)  # 6 directions: batches of 5 and 1
    for got, want in zip(compiled.score(PAIRS), eager.score(PAIRS), strict=True):
        for direction in ("forward", "backward"):
            for label, p in getattr(want, direction).items():
                assert getattr(got, direction)[label] == pytest.approx(p, abs=1e-4)
    assert compiled.model_id == eager.model_id + "+compiled"


def test_a_failed_compile_is_one_model_error_before_scoring(tiny, monkeypatch):
    import torch._inductor.config as inductor_config

    monkeypatch.setattr(inductor_config.cpp, "cxx", (None, "/nonexistent/g++"))
    monkeypatch.setattr(inductor_config, "fx_graph_cache", False)  # not a compiled graph from an earlier test
    scorer = make_backend(str(tiny), "torch", "fp32", compile=True)
    with pytest.raises(ModelError, match=r"cannot compile NLI model .*run without --compile"):
        scorer.score(PAIRS)


def test_compile_is_for_the_torch_model_in_fp32_or_bf16(tiny):
    with pytest.raises(ModelError, match="does not apply to --backend onnx"):
        make_backend(str(tiny), "onnx", "fp32", compile=True)
    with pytest.raises(ModelError, match="not the int8 one"):
        make_backend(str(tiny), "torch", "int8", compile=True)
    scorer = make_backend(str(tiny), "auto", "fp32", compile=True)  # auto: torch, whatever is installed
    assert type(scorer) is TransformersScorer and scorer.compile
    assert _concrete(Backend.AUTO, Precision.FP32, compile=True) == (Backend.TORCH, Precision.FP32)


def test_compile_is_a_project_setting(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.factcheck]\ncompile = true\n")
    assert project_settings(tmp_path)[0] == {"compile": True}
    (tmp_path / "pyproject.toml").write_text('[tool.factcheck]\ncompile = "yes"\n')
    with pytest.raises(InputError, match="compile must be a bool"):
        project_settings(tmp_path)
    assert Config(corpus=tmp_path).compile is False  # off unless asked for
