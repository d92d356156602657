import json
import os
from pathlib import Path

import pytest

from factcheck.config import Config
from factcheck.pipeline import run
from factcheck.report import Format, render
from factcheck.report.document import document
from factcheck.report.escape import md_code, md_text
from factcheck.report.markdown import render_markdown

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture
def result(corpus, fake_scorer, nlp, monkeypatch):
    monkeypatch.chdir(corpus.parent)
    return run(Config(corpus=Path("corpus")), scorer=fake_scorer, nlp=nlp)


@pytest.mark.parametrize(("fmt", "name"), [(Format.MARKDOWN, "consistency.md"), (Format.JSON, "consistency.json")])
def test_golden_report(result, fmt, name):
    """Byte-identical to the reviewed golden file (regenerate with UPDATE_GOLDEN=1 and review the diff)."""
    text = render(result, fmt)
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_report_content(result):
    doc = json.loads(render(result, Format.JSON))
    [contra] = doc["contradictions"]
    assert contra["labels"] == ["changed_over_time"] and contra["status"] == "new"
    texts = {c["text"] for c in contra["claims"]}
    assert "Mr. Holm added that Sweden will sign the fishing treaty this year." in texts
    assert contra["claims"][0]["line"] == 12 and contra["claims"][1]["line"] == 7
    assert doc["counts"]["agreements"] == 1 and doc["counts"]["articles"] == 3
    md = render(result, Format.MARKDOWN)
    assert "`alpha.txt:12`" in md and "possibly changed over time" in md


def test_same_input_gives_byte_identical_reports(corpus, fake_scorer, nlp, monkeypatch):
    monkeypatch.chdir(corpus.parent)
    one = run(Config(corpus=Path("corpus")), scorer=fake_scorer, nlp=nlp)
    two = run(Config(corpus=Path("corpus")), scorer=fake_scorer, nlp=nlp)
    assert render(one, Format.MARKDOWN) == render(two, Format.MARKDOWN)
    assert render(one, Format.JSON) == render(two, Format.JSON)


@pytest.mark.parametrize("hostile", [
    "a | b | c", "`code` and ``more``", "<script>alert(1)</script>", "[link](http://evil)", "# heading",
    "line\nbreak\r\nand\x07bell\x1b[31m", "- list item", "1. numbered", "**bold** _it_ ~~s~~", "&amp; entity",
])
def test_hostile_text_is_inert(hostile):
    out = md_text(hostile)
    assert "\n" not in out and "\x07" not in out and "\x1b" not in out
    for ch in "|`<>[]#*_~&":
        assert out.count(ch) == out.count("\\" + ch), (ch, out)
    assert not out.startswith(("-", "1.")) and "\\" in out


def test_md_code_cannot_be_closed_by_backticks():
    assert md_code("a`b") == "``a`b``"
    assert md_code("x\ny") == "`x y`"


def test_a_file_name_with_a_pipe_does_not_split_a_table_cell(result):
    from markdown_it import MarkdownIt

    assert md_code("a|b.txt", cell=True) == "`a\\|b.txt`"
    doc = document(result)
    doc["skipped"] = [{"path": "bin|ary.txt", "reason": "binary file"}]
    html = MarkdownIt("commonmark").enable("table").render(render_markdown(doc))
    assert "<td><code>bin|ary.txt</code></td>\n<td>binary file</td>" in html


def test_long_text_is_cut():
    assert md_text("word " * 1000).endswith("…")


def test_file_creation_order_does_not_change_the_report(corpus, tmp_path, fake_scorer, nlp, monkeypatch):
    """Same articles written in the opposite order (different inode/directory order) → same bytes."""
    import shutil

    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    shutil.copytree(corpus, "one")
    Path("two").mkdir()
    for src in sorted(Path("one").iterdir(), reverse=True):
        shutil.copy(src, Path("two") / src.name)
    reports = []
    for folder in ("one", "two"):
        Path(folder).rename("corpus")
        reports.append(render(run(Config(corpus=Path("corpus")), scorer=fake_scorer, nlp=nlp), Format.JSON))
        Path("corpus").rename(folder + "-done")
    assert reports[0] == reports[1]


def test_the_articles_table_counts_each_finding_once_per_article_merged_pairs_included():
    from factcheck.report.markdown import _articles

    def pair(a, b):
        return {"claims": [{"article": a}, {"article": b}]}

    doc = {"articles": [{"id": x, "title": x if x == "c.txt" else f"T {x}", "outlet": None, "date": None}
                        for x in ("a.txt", "b.txt", "c.txt")],
           "contradictions": [{**pair("a.txt", "b.txt"), "merged_duplicates": [pair("a.txt", "c.txt")]}],
           "agreements": [{**pair("b.txt", "c.txt"), "merged_duplicates": [pair("b.txt", "c.txt")]}]}
    rows = [line for line in _articles(doc) if line.startswith("| `")]
    assert rows == ["| `a.txt` | T a.txt |  |  | 1 | 0 |", "| `b.txt` | T b.txt |  |  | 1 | 1 |",
                    "| `c.txt` |  |  |  | 1 | 1 |"]


def test_the_markdown_lists_the_strongest_agreements_and_points_to_the_json_for_the_rest(result, monkeypatch):
    import factcheck.report.markdown as markdown

    doc = document(result)
    assert doc["agreements"]
    monkeypatch.setattr(markdown, "AGREEMENTS_LISTED", 1)
    doc["agreements"] = doc["agreements"][:1] * 3  # as if three agreements had been found
    text = render_markdown(doc)
    agreements = text.split("## Agreements")[1].split("\n## ")[0]
    assert agreements.count("\n### ") == 1
    assert "The 1 strongest of 3 agreements are listed; the other 2 are in consistency.json" in agreements
    doc["agreements"] = doc["agreements"][:1]
    assert "strongest of" not in render_markdown(doc)  # nothing left out: no note


def test_a_claim_in_several_contradictions_is_named_with_their_numbers(result):
    doc = document(result)
    assert doc["contradictions"]
    one = doc["contradictions"][0]
    assert "## Claims in several contradictions" not in render_markdown(doc)
    doc["contradictions"] = [one] * 3  # as if one claim had contradicted three partners
    text = render_markdown(doc)
    table = text.split("## Claims in several contradictions")[1].split("\n## ")[0]
    claim = one["claims"][0]
    assert f"| `{claim['article']}:{claim['line']}` | 3: #1, #2, #3 |" in table
    assert text.index("## Claims in several contradictions") < text.index("## Contradictions")


def test_why_compared_says_when_a_shared_entity_is_a_speaker(result):
    doc = document(result)
    finding = next(f for f in doc["contradictions"] + doc["agreements"] if f["shared_entities"])
    key = finding["shared_entities"][0]
    finding["claims"][0]["speaker"], finding["claims"][1]["speaker"] = None, key
    assert f"{key} (speaker of B)" in render_markdown(doc)
    finding["claims"][1]["speaker"] = None
    assert "(speaker of" not in render_markdown(doc)
