import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_check_is_the_default_command(corpus, tmp_path, use_fake_scorer):
    out = tmp_path / "out"
    res = _run(str(corpus), "-o", str(out), "--fail-on", "never")
    assert res.exit_code == 0, res.output
    assert (out / "consistency.md").exists() and json.loads((out / "consistency.json").read_text())
    assert re.search(r"3 articles .* 1 contradiction \(1 new\), 1 agreement;", res.output)


def test_gate_against_own_baseline_then_new_contradiction(corpus, tmp_path, use_fake_scorer):
    out = tmp_path / "out"
    res = _run(str(corpus), "-o", str(out), "--update-baseline")
    assert res.exit_code == 0 and (out / "baseline.json").exists()
    assert _run(str(corpus), "-o", str(out)).exit_code == 0  # baseline found in OUTPUT_DIR by default
    first = (out / "consistency.md").read_bytes()
    assert _run(str(corpus), "-o", str(out)).exit_code == 0
    assert (out / "consistency.md").read_bytes() == first
    (corpus / "delta.txt").write_text("Negotiators from Norway and Sweden never met in Geneva to discuss the fishing "
                                      "treaty.\n")
    res = _run(str(corpus), "-o", str(out))
    assert res.exit_code == 1
    assert "NEW contradiction" in res.output and "delta.txt:1" in res.output
    assert _run(str(corpus), "-o", str(out), "--no-baseline", "--fail-on", "never").exit_code == 0


def test_false_positive_in_baseline_passes_gate_and_leaves_main_list(corpus, tmp_path, use_fake_scorer):
    out = tmp_path / "out"
    _run(str(corpus), "-o", str(out), "--update-baseline")
    base = json.loads((out / "baseline.json").read_text())
    for e in base["entries"]:
        e["status"], e["reason"] = "false_positive", "reviewed: not the same treaty"
    (out / "baseline.json").write_text(json.dumps(base))
    (out / "baseline.json").rename(tmp_path / "reviewed.json")
    res = _run(str(corpus), "-o", str(out), "--baseline", str(tmp_path / "reviewed.json"))
    assert res.exit_code == 0
    doc = json.loads((out / "consistency.json").read_text())
    assert doc["contradictions"] == [] and len(doc["false_positives"]) == 2


@pytest.mark.parametrize("setup", ["missing", "empty", "binary_only"])
def test_bad_corpus_exits_2_with_one_line(tmp_path, setup, use_fake_scorer):
    target = tmp_path / "c"
    if setup != "missing":
        target.mkdir()
    if setup == "binary_only":
        (target / "x.txt").write_bytes(b"\x00\x01\x02")
    res = _run(str(target), "-o", str(tmp_path / "out"))
    assert res.exit_code == 2
    assert "error:" in res.output or "Error" in res.output
    assert not (tmp_path / "out" / "consistency.md").exists()


@pytest.mark.parametrize("args", [["--no-such-option"], ["--max-pairs-per-claim", "many"], ["--model"]])
def test_usage_errors_exit_2_with_the_usage_line_not_as_internal_errors(corpus, tmp_path, args):
    res = _run(str(corpus), "-o", str(tmp_path / "out"), *args)
    assert res.exit_code == 2, res.output
    assert "Error: " in res.output and "internal error" not in res.output
    assert not (tmp_path / "out").exists()


def test_non_utf8_file_is_listed_as_skipped(corpus, tmp_path, use_fake_scorer):
    (corpus / "latin.txt").write_bytes("Le caf\u00e9 de Paris est ferm\u00e9.".encode("latin-1"))
    res = _run(str(corpus), "-o", str(tmp_path / "out"), "--fail-on", "never")
    assert res.exit_code == 0
    md = (tmp_path / "out" / "consistency.md").read_text()
    assert "`latin.txt` | not UTF-8" in md


def test_bad_model_path_exits_2_naming_it(corpus, tmp_path):
    res = _run(str(corpus), "-o", str(tmp_path / "out"), "--model", str(tmp_path / "no-model"))
    assert res.exit_code == 2 and "no-model" in res.output and "does not exist" in res.output


def test_missing_default_model_says_how_to_fix(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("FACTCHECK_MODELS_DIR", str(tmp_path / "empty"))
    res = _run(str(corpus), "-o", str(tmp_path / "out"))
    assert res.exit_code == 2 and "--model" in res.output and "default NLI model is missing" in res.output


def test_missing_explicit_baseline_exits_2(corpus, tmp_path, use_fake_scorer):
    res = _run(str(corpus), "-o", str(tmp_path / "out"), "--baseline", str(tmp_path / "none.json"))
    assert res.exit_code == 2 and "--update-baseline" in res.output


def test_help_explains_options():
    res = _run("check", "--help")
    for option in ("--model", "--baseline", "--update-baseline", "--fail-on", "--contradiction-threshold",
                   "--max-pairs-per-claim", "Exit codes"):
        assert option in res.output


def test_readme_options_match_help():
    """The README's options block is the current `factcheck check --help` (regenerate: see README)."""
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    block = readme.split("<!-- options:start -->")[1].split("<!-- options:end -->")[0]
    help_text = runner.invoke(app, ["check", "--help"], terminal_width=100, env={"COLUMNS": "100"},
                              prog_name="factcheck").output
    assert block.strip().strip("`").strip() == help_text.strip(), "run: python scripts/readme_options.py"


def test_a_corpus_of_one_article_says_there_is_nothing_to_compare(corpus, tmp_path, use_fake_scorer):
    res = _run(str(corpus / "gamma.txt"), "-o", str(tmp_path / "out"))
    assert res.exit_code == 0
    assert "only one article (gamma.txt): claims are compared across articles" in res.output
    assert "only one article" not in _run(str(corpus), "-o", str(tmp_path / "out2")).output
