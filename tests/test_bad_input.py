"""Hostile and broken input: each case gives one clear line and an exit code, or a report listing
what was skipped — never a traceback, never a half-written file."""

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck.corpus import load_corpus

runner = CliRunner()
SHIPPED = Path(__file__).resolve().parents[1] / "models" / "factcheck-nli-minilm"
GOOD = "Negotiators from Norway and Sweden met in Geneva on Monday to discuss the fishing treaty.\n"


def _check(corpus: Path, out: Path, *extra: str):
    return runner.invoke(app, [str(corpus), "-o", str(out), "--fail-on", "never", *extra])


def _skipped(out: Path) -> dict[str, str]:
    return {s["path"]: s["reason"] for s in json.loads((out / "consistency.json").read_text())["skipped"]}


def test_mixed_encoding_file_is_skipped(tmp_path, use_fake_scorer):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "good.txt").write_text(GOOD)
    (tmp_path / "c" / "mixed.txt").write_bytes("Caf\u00e9 in Oslo. ".encode() + "Caf\u00e9".encode("latin-1"))
    res = _check(tmp_path / "c", tmp_path / "out")
    assert res.exit_code == 0
    assert "not UTF-8" in _skipped(tmp_path / "out")["mixed.txt"]


def test_50_mb_article_is_skipped_without_reading_it(tmp_path, use_fake_scorer):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "good.txt").write_text(GOOD)
    with open(tmp_path / "c" / "huge.txt", "wb") as fh:
        fh.truncate(50_000_000)  # sparse: costs no disk
    assert _check(tmp_path / "c", tmp_path / "out").exit_code == 0
    assert "larger than 5 MB" in _skipped(tmp_path / "out")["huge.txt"]


def test_symlink_loops_do_not_hang(tmp_path, use_fake_scorer):
    c = tmp_path / "c"
    c.mkdir()
    (c / "good.txt").write_text(GOOD)
    (c / "loop").symlink_to(c, target_is_directory=True)   # a folder that contains itself
    (c / "self.txt").symlink_to(c / "self.txt")             # a file link to itself
    assert _check(c, tmp_path / "out").exit_code == 0
    skipped = _skipped(tmp_path / "out")
    assert "unreadable" in skipped["self.txt"] and list(skipped) == ["self.txt"]


def test_unreadable_and_vanishing_files_are_skipped(tmp_path, monkeypatch):
    c = tmp_path / "c"
    c.mkdir()
    for name in ("a.txt", "locked.txt", "gone.txt"):
        (c / name).write_text(GOOD)
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied")
        if self.name == "gone.txt":
            raise FileNotFoundError(2, "No such file or directory")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    articles, skipped = load_corpus(c)
    assert [a.id for a in articles] == ["a.txt"]
    assert {s.path: s.reason for s in skipped} == {"gone.txt": "unreadable: No such file or directory",
                                                   "locked.txt": "unreadable: Permission denied"}


def test_bad_manifest_entry_skips_that_file(tmp_path, use_fake_scorer):
    c = tmp_path / "c"
    c.mkdir()
    (c / "a.txt").write_text(GOOD)
    (c / "b.txt").write_text(GOOD)
    (c / "manifest.yaml").write_text("b.txt:\n  date: last week\n")
    assert _check(c, tmp_path / "out").exit_code == 0
    assert "bad date" in _skipped(tmp_path / "out")["b.txt"]


def test_ten_thousand_tiny_files(tmp_path):
    c = tmp_path / "c"
    c.mkdir()
    for i in range(10_000):
        (c / f"{i:05d}.txt").write_text(f"Item {i} was sold in Oslo on Monday for a good price.\n")
    articles, skipped = load_corpus(c)
    assert len(articles) == 10_000 and not skipped and articles[0].id == "00000.txt"


@pytest.mark.parametrize("content", ["{not json", '{"version": 1, "entries": [{"kind": "contradiction"}]}'])
def test_hand_edited_baseline_exits_2(corpus, tmp_path, content, use_fake_scorer):
    (tmp_path / "b.json").write_text(content)
    res = _check(corpus, tmp_path / "out", "--baseline", str(tmp_path / "b.json"))
    assert res.exit_code == 2 and "baseline" in res.output and "Traceback" not in res.output


def test_corrupt_model_directory_exits_2(corpus, tmp_path):
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text('{"model_type": "bert", "id2label": {"0": "entailment", "1": "neutral", '
                                       '"2": "contradiction"}}')
    (model / "model.safetensors").write_bytes(b"\x00garbage" * 10)
    res = _check(corpus, tmp_path / "out", "--model", str(model))
    assert res.exit_code == 2 and "has no tokenizer" in res.output  # transformers would make an empty one
    for name in ("tokenizer.json", "tokenizer_config.json"):  # with the shipped model's tokenizer: the weights
        shutil.copy(SHIPPED / name, model / name)
    res = _check(corpus, tmp_path / "out", "--model", str(model))
    assert res.exit_code == 2 and "cannot load NLI model" in res.output
    assert not (tmp_path / "out").exists()


def test_wrong_architecture_model_exits_2(corpus, tmp_path):
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text('{"model_type": "no-such-architecture", "id2label": {"0": "contradiction", '
                                       '"1": "entailment"}}')
    (model / "model.safetensors").write_bytes(b"")
    res = _check(corpus, tmp_path / "out", "--model", str(model))
    assert res.exit_code == 2 and "cannot load NLI model" in res.output


def test_interrupt_leaves_previous_report_intact(corpus, tmp_path, monkeypatch, use_fake_scorer):
    out = tmp_path / "out"
    assert _check(corpus, out).exit_code == 0
    before = (out / "consistency.md").read_bytes()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("factcheck.report.markdown.render_markdown", interrupted)
    monkeypatch.setattr("factcheck.report.render_markdown", interrupted)
    res = _check(corpus, out)
    assert res.exit_code == 130 and "interrupted" in res.output
    assert (out / "consistency.md").read_bytes() == before
    assert not [p for p in os.listdir(out) if p.endswith(".tmp")]


def test_unwritable_output_folder_exits_2_before_the_run(corpus, tmp_path, monkeypatch, use_fake_scorer):
    (tmp_path / "a file").write_text("in the way")

    def no_run(*args, **kwargs):
        raise AssertionError("the run started though its reports could not be written")

    monkeypatch.setattr("factcheck.cli._run_with_progress", no_run)
    res = _check(corpus, tmp_path / "a file" / "reports")
    assert res.exit_code == 2 and "cannot write to" in res.output and "internal error" not in res.output


def test_a_failed_write_keeps_every_old_report(tmp_path):
    from factcheck.errors import InputError
    from factcheck.files import atomic_write_all

    (tmp_path / "consistency.md").write_text("old report")
    (tmp_path / "blocked").write_text("a file where a folder should be")
    with pytest.raises(InputError, match="cannot write"):
        atomic_write_all({tmp_path / "consistency.md": "new report", tmp_path / "blocked" / "x.json": "{}"})
    assert (tmp_path / "consistency.md").read_text() == "old report"
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_unexpected_error_is_exit_3_with_a_report_hint(corpus, tmp_path, monkeypatch, use_fake_scorer):
    def boom(*args, **kwargs):
        raise ZeroDivisionError("oops")

    monkeypatch.setattr("factcheck.pipeline.build_findings", boom)
    res = _check(corpus, tmp_path / "out")
    assert res.exit_code == 3 and "internal error" in res.output and "FACTCHECK_DEBUG=1" in res.output


def test_no_network_is_used(corpus, tmp_path, use_fake_scorer):
    """The autouse fixture makes every socket connection fail; a whole run still works."""
    import socket

    with pytest.raises(OSError, match="network access attempted"):
        socket.create_connection(("127.0.0.1", 9))
    assert _check(corpus, tmp_path / "out").exit_code == 0


def test_pre_commit_hook_definition_is_valid():
    import yaml

    hooks = yaml.safe_load((Path(__file__).parent.parent / ".pre-commit-hooks.yaml").read_text())
    [hook] = hooks
    assert hook["id"] == "factcheck" and hook["entry"] == "factcheck" and hook["pass_filenames"] is False
    assert set(hook) <= {"id", "name", "description", "entry", "language", "pass_filenames", "files",
                         "require_serial", "args", "types"}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_skipped_not_read(tmp_path, use_fake_scorer):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "good.txt").write_text(GOOD)
    os.mkfifo(tmp_path / "c" / "pipe.txt")  # reading it would wait for a writer forever
    res = _check(tmp_path / "c", tmp_path / "out")
    assert res.exit_code == 0 and _skipped(tmp_path / "out") == {"pipe.txt": "not a regular file"}


def test_a_link_to_a_file_outside_the_corpus_is_not_read(tmp_path, use_fake_scorer):
    (tmp_path / "secret.txt").write_text("The deploy key is hunter2 and the council knows it.\n")
    c = tmp_path / "c"
    c.mkdir()
    (c / "good.txt").write_text(GOOD)
    (c / "inner.txt").symlink_to(c / "good.txt")  # inside the corpus: read
    (c / "leak.txt").symlink_to(tmp_path / "secret.txt")
    res = _check(c, tmp_path / "out")
    assert res.exit_code == 0 and "outside the corpus" in _skipped(tmp_path / "out")["leak.txt"]
    assert "hunter2" not in (tmp_path / "out" / "consistency.json").read_text()
    assert "inner.txt" not in _skipped(tmp_path / "out")
