import json

import pytest

from factcheck.baseline import Status, compare, load_baseline, updated_entries, write_baseline
from factcheck.errors import BaselineError
from factcheck.gate import FailOn, exit_code
from factcheck.records import Claim, ClaimPair, Finding, Kind, PairScores


def _finding(fp: str, kind: Kind = Kind.CONTRADICTION) -> Finding:
    c = Claim(article_id="a", text=f"text {fp}", start=0, end=5, line=1, entities=())
    d = Claim(article_id="b", text=f"other {fp}", start=0, end=5, line=1, entities=())
    s = {"entailment": 0.0, "neutral": 0.0, "contradiction": 1.0}
    return Finding(kind=kind, pair=ClaimPair(c, d, (), 0.0), scores=PairScores(s, s), confidence=1.0, labels=(),
                   fingerprint=fp)


def test_exit_code_is_1_only_for_new_contradictions(tmp_path):
    known, new = _finding("aaa"), _finding("bbb")
    path = tmp_path / "baseline.json"
    write_baseline(path, updated_entries([known], None))
    base = load_baseline(path)
    assert exit_code(compare([known], base)) == 0
    assert exit_code(compare([known, new], base)) == 1
    assert exit_code(compare([known, _finding("ccc", Kind.AGREEMENT)], base)) == 0
    assert exit_code(compare([known, _finding("ccc", Kind.AGREEMENT)], base), FailOn.ANY) == 1
    assert exit_code(compare([known, new], base), FailOn.NEVER) == 0
    assert exit_code(compare([new], None)) == 1  # no baseline: everything is new


def test_false_positive_never_fails_and_stale_entries_are_listed(tmp_path):
    path = tmp_path / "baseline.json"
    write_baseline(path, updated_entries([_finding("aaa"), _finding("old")], None))
    data = json.loads(path.read_text())
    data["entries"][0]["status"] = "false_positive"
    data["entries"][0]["reason"] = "different meetings"
    path.write_text(json.dumps(data))
    comp = compare([_finding("aaa")], load_baseline(path))
    assert comp.false_positives and not comp.new and exit_code(comp) == 0
    assert [e.fingerprint for e in comp.stale] == ["old"]


def test_update_keeps_reviewer_status_and_writes_sorted_json(tmp_path):
    path = tmp_path / "baseline.json"
    write_baseline(path, updated_entries([_finding("bbb"), _finding("aaa")], None))
    data = json.loads(path.read_text())
    assert [e["fingerprint"] for e in data["entries"]] == ["aaa", "bbb"]
    assert data["entries"][0]["claims"] == ["text aaa", "other aaa"]
    data["entries"][1]["status"] = "false_positive"
    path.write_text(json.dumps(data))
    entries = updated_entries([_finding("bbb"), _finding("ccc")], load_baseline(path))
    assert [(e.fingerprint, e.status) for e in entries] == [("bbb", Status.FALSE_POSITIVE), ("ccc", Status.ACCEPTED)]


@pytest.mark.parametrize("content", ["not json", "[]", '{"version": 1}', '{"version": 9, "entries": []}',
                                     '{"version": 1, "entries": [{"fingerprint": "x"}]}',
                                     '{"version": 1, "entries": [{"fingerprint": "x", "kind": "contradiction", '
                                     '"claims": ["a", "b"], "articles": ["a", "b"], "status": "maybe"}]}'])
def test_bad_baseline_is_a_baseline_error(tmp_path, content):
    path = tmp_path / "baseline.json"
    path.write_text(content)
    with pytest.raises(BaselineError):
        load_baseline(path)


def test_a_baseline_saved_with_a_byte_order_mark_and_crlf_still_loads(tmp_path):
    path = tmp_path / "baseline.json"
    write_baseline(path, updated_entries([_finding("aaa")], None))
    text = path.read_text().replace('"accepted"', '"false_positive"')
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())  # as Windows Notepad saves it
    assert load_baseline(path)["aaa"].status is Status.FALSE_POSITIVE


def test_mark_sets_a_reviewers_status_by_fingerprint_or_a_unique_prefix(corpus, tmp_path, use_fake_scorer):
    from typer.testing import CliRunner

    from factcheck.cli import app

    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, [str(corpus), "-o", str(out), "--update-baseline"]).exit_code == 0
    base = out / "baseline.json"
    entries = json.loads(base.read_text())["entries"]
    contra = next(e["fingerprint"] for e in entries if e["kind"] == "contradiction")
    res = runner.invoke(app, ["mark", contra[:8], "--reason", "both true", "--baseline", str(base)])
    assert res.exit_code == 0, res.output
    marked = {e["fingerprint"]: e for e in json.loads(base.read_text())["entries"]}
    assert (marked[contra]["status"], marked[contra]["reason"]) == ("false_positive", "both true")
    # the next run reads OUTPUT_DIR/baseline.json: the finding is listed apart, with the reviewer's reason
    assert runner.invoke(app, [str(corpus), "-o", str(out)]).exit_code == 0
    report = (out / "consistency.md").read_text()
    assert f"- `{contra}`: " in report and "— *both true*" in report
    assert runner.invoke(app, ["mark", "ffffff", "--reason", "x", "--baseline", str(base)]).exit_code == 2
    assert runner.invoke(app, ["mark", contra, "--baseline", str(base)]).exit_code == 2  # no reason given
    assert runner.invoke(app, ["mark", contra, "--accepted", "--baseline", str(base)]).exit_code == 0
    assert {e["fingerprint"]: e["status"] for e in json.loads(base.read_text())["entries"]}[contra] == "accepted"


def test_the_summary_line_counts_findings_as_the_report_does(corpus, tmp_path, use_fake_scorer):
    from typer.testing import CliRunner

    from factcheck.cli import app

    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, [str(corpus), "-o", str(out), "--update-baseline"]).exit_code == 0
    base = out / "baseline.json"
    agree = next(e["fingerprint"] for e in json.loads(base.read_text())["entries"] if e["kind"] == "agreement")
    assert runner.invoke(app, ["mark", agree, "--reason", "unrelated", "--baseline", str(base)]).exit_code == 0
    res = runner.invoke(app, [str(corpus), "-o", str(out)])
    counts = json.loads((out / "consistency.json").read_text())["counts"]
    assert counts["agreements"] == 0 and ", 0 agreements;" in res.output
