"""The package, the scripts and the benchmark type-check with mypy (settings: ``[tool.mypy]`` in pyproject.toml).

Type errors here have been real ones: a metric helper that returns ``None`` for a one-class sample was
unpacked as a tuple by two scripts.
"""

from pathlib import Path

import pytest

api = pytest.importorskip("mypy.api", reason="mypy is in the [test] extra")
ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_type_errors(monkeypatch):
    monkeypatch.chdir(ROOT)  # [tool.mypy] names the folders relative to the project
    out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml")])
    assert status == 0, out + err
