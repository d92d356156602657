"""The ONNX Runtime backend on the tiny test model: same scores as torch, exports kept and reused."""

import pytest

pytest.importorskip("onnxruntime")
from typer.testing import CliRunner

from factcheck.errors import ModelError
from factcheck.nli import precision
from factcheck.nli.backends import make_backend
from factcheck.nli.onnx_backend import OnnxScorer
from factcheck.nli.precision import Backend, Precision, resolve_backend
from factcheck.nli.transformers_backend import TransformersScorer
from tests.test_transformers_backend import _pair, build_tiny_model

pytestmark = pytest.mark.model
PAIRS = [_pair("the council voted yes", "the council voted no"), _pair("sweden will sign", "oslo"),
         _pair("oslo", "the budget of oslo was not voted in the council")]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny"), {0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"})


def _close(got, expected, tol):
    for a, b in zip(got, expected, strict=True):
        for label in ("entailment", "neutral", "contradiction"):
            assert a.forward[label] == pytest.approx(b.forward[label], abs=tol)
            assert a.backward[label] == pytest.approx(b.backward[label], abs=tol)


def test_onnx_fp32_scores_like_torch_and_names_itself(tiny, tmp_path):
    onnx = OnnxScorer(str(tiny), precision="fp32", export_dir=tmp_path / "export")
    _close(onnx.score(PAIRS), TransformersScorer(str(tiny)).score(PAIRS), 1e-4)
    assert onnx.model_id.endswith("+onnx")  # cached apart from torch scores, named in reports
    assert (tmp_path / "export" / "model.onnx").is_file()
    assert not list((tmp_path / "export").glob(".*.tmp"))  # no temporary file left behind


def test_onnx_int8_is_close_and_reuses_the_export(tiny, tmp_path, monkeypatch):
    first = OnnxScorer(str(tiny), precision="int8", export_dir=tmp_path / "export")
    got = first.score(PAIRS)
    assert first.model_id.endswith("+onnx-int8")
    assert {p.name for p in (tmp_path / "export").iterdir()} == {"model.onnx", "model.int8.onnx"}
    _close(got, TransformersScorer(str(tiny)).score(PAIRS), 0.05)

    def no_export(*args):
        raise AssertionError("exported again")

    monkeypatch.setattr("factcheck.nli.onnx_backend._export", no_export)
    again = OnnxScorer(str(tiny), precision="int8", export_dir=tmp_path / "export")
    assert again.score(PAIRS) == got  # same file, same batches: the same numbers


def test_export_lands_in_the_cache_folder_by_default(tiny, tmp_path, monkeypatch):
    monkeypatch.setenv("FACTCHECK_CACHE_DIR", str(tmp_path / "cache"))
    scorer = OnnxScorer(str(tiny), precision="fp32")
    scorer.score(PAIRS[:1])
    assert scorer.export_dir.parent == tmp_path / "cache" / "onnx"
    assert scorer.export_dir.name.startswith(f"{tiny.name}@")  # the weights digest: a new model, a new export


def test_cache_dir_holds_the_exports_too(tiny, corpus, tmp_path):
    from factcheck.cache import default_cache_path
    from factcheck.cli import app

    for extra in ([], ["--no-cache"]):  # --no-cache leaves claims and scores alone, not the model's export
        folder = tmp_path / f"cache{len(extra)}"
        result = CliRunner().invoke(app, [str(corpus), "--model", str(tiny), "--backend", "onnx", "-o",
                                          str(tmp_path / "out"), "--fail-on", "never", "--cache-dir", str(folder),
                                          *extra])
        assert result.exit_code == 0, result.output
        assert list((folder / "onnx").glob("*/model.onnx"))
        assert (folder / "cache.sqlite").exists() is not bool(extra)
    assert not (default_cache_path().parent / "onnx").exists()


def test_a_damaged_export_is_made_again(tiny, tmp_path):
    (tmp_path / "export").mkdir()
    (tmp_path / "export" / "model.onnx").write_bytes(b"not a model")
    scorer = OnnxScorer(str(tiny), precision="fp32", export_dir=tmp_path / "export")
    _close(scorer.score(PAIRS), TransformersScorer(str(tiny)).score(PAIRS), 1e-4)
    assert "made again" in scorer.notice


def test_the_cli_says_when_an_export_was_made_again(tiny, corpus, tmp_path, monkeypatch):
    from factcheck.cli import app
    from factcheck.nli.onnx_backend import onnx_cache_dir

    first = CliRunner().invoke(app, [str(corpus), "--model", str(tiny), "--backend", "onnx", "-o",
                                     str(tmp_path / "out"), "--fail-on", "never", "--no-cache"])
    assert first.exit_code == 0, first.output
    (onnx_cache_dir(TransformersScorer(str(tiny)).model_id) / "model.onnx").write_bytes(b"damaged")
    again = CliRunner().invoke(app, [str(corpus), "--model", str(tiny), "--backend", "onnx", "-o",
                                     str(tmp_path / "out"), "--fail-on", "never", "--no-cache"])
    assert again.exit_code == 0 and "was damaged and has been made again" in again.output


def test_an_export_that_fails_twice_is_named(tiny, tmp_path, monkeypatch):
    def refuse(self, path):
        raise RuntimeError("bad graph")

    monkeypatch.setattr(OnnxScorer, "_open", refuse)
    with pytest.raises(ModelError, match=r"cannot load .*model\.onnx \(bad graph\), even exported anew"):
        OnnxScorer(str(tiny), precision="fp32", export_dir=tmp_path / "export").score(PAIRS[:1])


def test_onnx_refuses_bf16(tiny):
    with pytest.raises(ModelError, match="bf16"):
        OnnxScorer(str(tiny), precision="bf16")


@pytest.mark.parametrize(("native", "installed", "asked", "backend", "number"), [
    (True, True, "auto", Backend.TORCH, Precision.BF16),  # bf16 hardware: torch bf16 is the fastest measured
    (True, True, "fp32", Backend.TORCH, Precision.FP32),  # ONNX Runtime fp32 was slower than torch on AMX
    (True, True, "int8", Backend.ONNX, Precision.INT8),  # ONNX Runtime int8: faster and closer to fp32
    (False, True, "auto", Backend.ONNX, Precision.FP32),  # no bf16 hardware: ONNX Runtime fp32 beats torch fp32
    (False, True, "bf16", Backend.TORCH, Precision.BF16),  # asked for: only torch runs bf16
    (False, False, "auto", Backend.TORCH, Precision.FP32),  # without the onnx extra
    (False, False, "int8", Backend.TORCH, Precision.INT8)])
def test_auto_backend_follows_the_machine(monkeypatch, tiny, native, installed, asked, backend, number):
    monkeypatch.setattr(precision, "native_bf16", lambda: native)
    monkeypatch.setattr(precision, "onnxruntime_installed", lambda: installed)
    assert resolve_backend("auto", asked) is backend
    assert resolve_backend("torch", asked) is Backend.TORCH  # an explicit choice is kept
    scorer = make_backend(str(tiny), "auto", asked)
    assert isinstance(scorer, OnnxScorer) is (backend is Backend.ONNX)
    assert scorer.precision is number


def test_onnx_without_onnxruntime_says_how_to_install(monkeypatch, tiny):
    monkeypatch.setattr("factcheck.nli.onnx_backend.onnxruntime_installed", lambda: False)
    with pytest.raises(ModelError, match=r"pip install .factcheck\[onnx\]."):
        OnnxScorer(str(tiny))


def test_cli_runs_on_onnx(tiny, corpus, tmp_path):
    from factcheck.cli import app

    out = tmp_path / "out"
    res = CliRunner().invoke(app, [str(corpus), "--model", str(tiny), "--backend", "onnx", "-o", str(out),
                                   "--fail-on", "never", "--no-cache"])
    assert res.exit_code == 0, res.output
    assert "+onnx`" in (out / "consistency.md").read_text()  # auto precision on onnx: fp32
    res = CliRunner().invoke(app, [str(corpus), "--model", str(tiny), "--backend", "onnx", "--precision", "int8",
                                   "-o", str(out), "--fail-on", "never", "--no-cache"])
    assert res.exit_code == 0, res.output
    assert "+onnx-int8`" in (out / "consistency.md").read_text()
    res = CliRunner().invoke(app, [str(corpus), "--model", str(tiny), "--backend", "onnx", "--precision", "bf16",
                                   "-o", str(out), "--no-cache"])
    assert res.exit_code == 2 and "bf16" in res.output


def test_auto_falls_back_to_torch_when_the_export_fails(monkeypatch, tiny, corpus, tmp_path):
    monkeypatch.setattr(precision, "native_bf16", lambda: False)

    def broken(*args):
        raise ModelError("cannot export the NLI model to ONNX (unsupported operator)")

    monkeypatch.setattr("factcheck.nli.onnx_backend._export", broken)
    scorer = make_backend(str(tiny), "auto", "auto")
    assert type(scorer) is TransformersScorer and "unsupported operator" in scorer.notice
    with pytest.raises(ModelError, match="unsupported operator"):  # asked for by name: an error, not a fallback
        make_backend(str(tiny), "onnx", "auto").score(PAIRS[:1])

    from factcheck.cli import app

    res = CliRunner().invoke(app, [str(corpus), "--model", str(tiny), "-o", str(tmp_path / "out"), "--fail-on",
                                   "never", "--no-cache"])
    assert res.exit_code == 0, res.output
    assert "running the model on torch instead" in res.output
