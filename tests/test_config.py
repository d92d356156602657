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


@pytest.mark.parametrize("body", ['colour = "red"', "max-pairs-per-claim = \"three\"", "int8 = 1",
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
