"""The Ray executor on a local 2-worker cluster gives the same report as the local run."""

import pytest

ray = pytest.importorskip("ray")
from typer.testing import CliRunner  # noqa: E402

from factcheck.cli import app  # noqa: E402
from tests.test_transformers_backend import build_tiny_model  # noqa: E402

pytestmark = pytest.mark.model


@pytest.fixture
def local_cluster():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_ray_report_is_byte_identical_to_local(corpus, tmp_path, local_cluster):
    model = build_tiny_model(tmp_path / "tiny", {0: "contradiction", 1: "neutral", 2: "entailment"})
    common = [str(corpus), "--model", str(model), "--no-cache", "--fail-on", "never", "-f", "markdown", "-f", "json",
              "--contradiction-threshold", "0.2", "--agreement-threshold", "0.2"]
    local = CliRunner().invoke(app, [*common, "-o", str(tmp_path / "local")])
    assert local.exit_code == 0, local.output
    distributed = CliRunner().invoke(app, [*common, "-o", str(tmp_path / "ray"), "--executor", "ray"])
    assert distributed.exit_code == 0, distributed.output
    for name in ("consistency.md", "consistency.json"):
        assert (tmp_path / "ray" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    assert "### 1." in (tmp_path / "local" / "consistency.md").read_text()  # findings were compared, not nothing


def test_missing_ray_gives_the_install_line(monkeypatch):
    import builtins

    from factcheck.errors import InputError
    from factcheck.executors.ray_executor import _ray

    real_import = builtins.__import__

    def no_ray(name, *args, **kwargs):
        if name == "ray":
            raise ImportError("No module named 'ray'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    with pytest.raises(InputError, match=r"pip install 'factcheck\[ray\]'"):
        _ray()
