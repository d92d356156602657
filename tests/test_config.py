import json

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.config import choose_baseline, project_settings
from factcheck.errors import InputError


def test_settings_come_from_the_nearest_pyproject(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text('[tool.factcheck]\nmax-pairs-per-claim = 3\noutput-dir = "out"\n')
    (tmp_path / "sub").mkdir()
    settings, path = project_settings(tmp_path / "sub")
    assert path == tmp_path / "pyproject.toml"
    assert settings == {"max_pairs_per_claim": 3, "output_dir": tmp_path / "out"}


@pytest.mark.parametrize("body", ['colour = "red"', "max-pairs-per-claim = \"three\"", "precision = 1",
                                  "contradiction-threshold = true"])
def test_bad_settings_are_input_errors(tmp_path, body):
    (tmp_path / "pyproject.toml").write_text(f"[tool.factcheck]\n{body}\n")
    with pytest.raises(InputError, match=r"\[tool.factcheck\]"):
        project_settings(tmp_path)


def test_cli_flag_beats_pyproject_which_beats_default(corpus, tmp_path, monkeypatch, use_fake_scorer):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.factcheck]\ncontradiction-threshold = 0.99\n'
                                             'formats = ["json"]\nfail-on = "never"\n')
    res = CliRunner().invoke(app, [str(corpus)])
    assert res.exit_code == 0, res.output
    doc = json.loads((tmp_path / "reports" / "consistency.json").read_text())
    assert doc["thresholds"]["contradiction"] == 0.99 and doc["counts"]["contradictions"] == 0
    assert not (tmp_path / "reports" / "consistency.md").exists()
    res = CliRunner().invoke(app, [str(corpus), "--contradiction-threshold", "0.5", "--fail-on", "contradiction"])
    assert res.exit_code == 1
    assert json.loads((tmp_path / "reports" / "consistency.json").read_text())["thresholds"]["contradiction"] == 0.5


def test_bad_pyproject_value_exits_2(corpus, tmp_path, monkeypatch, use_fake_scorer):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.factcheck]\nfail-on = "sometimes"\n')
    res = CliRunner().invoke(app, [str(corpus)])
    assert res.exit_code == 2 and "sometimes" in res.output


def test_choose_baseline(tmp_path):
    assert choose_baseline(tmp_path, None, False, False) is None
    assert choose_baseline(tmp_path, None, False, True) == tmp_path / "baseline.json"
    (tmp_path / "baseline.json").write_text("{}")
    assert choose_baseline(tmp_path, None, False, False) == tmp_path / "baseline.json"
    assert choose_baseline(tmp_path, None, True, False) is None
    assert choose_baseline(tmp_path, tmp_path / "x.json", False, False) == tmp_path / "x.json"


def test_shipped_model_is_found_where_a_wheel_installs_it(tmp_path, monkeypatch):
    """A wheel install has no models/ beside the package; the model lies in <prefix>/share/factcheck/models."""
    import sys
    from pathlib import Path

    import factcheck.config as config

    installed = tmp_path / "prefix" / "share" / "factcheck" / "models" / config.DEFAULT_MODEL_NAME
    installed.mkdir(parents=True)
    (installed / "config.json").write_text("{}")
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "prefix"))
    monkeypatch.setattr(config, "__file__", str(tmp_path / "site-packages" / "factcheck" / "config.py"))
    monkeypatch.delenv("FACTCHECK_MODELS_DIR", raising=False)
    monkeypatch.delenv("FACTCHECK_MODEL", raising=False)
    assert config.resolve_model(None) == str(installed)
    assert Path(config.resolve_model(None)).is_dir()


def test_pyproject_ships_the_model_in_the_wheel():
    """The data-files entry that puts the model into wheels names the folder the package looks in."""
    import tomllib
    from pathlib import Path

    import factcheck.config as config

    root = Path(config.__file__).resolve().parent.parent
    data_files = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]["data-files"]
    target = f"share/factcheck/models/{config.DEFAULT_MODEL_NAME}"
    assert data_files[target] == [f"models/{config.DEFAULT_MODEL_NAME}/*"]
    assert (root / "models" / config.DEFAULT_MODEL_NAME / "model.safetensors").is_file()
