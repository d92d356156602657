import json
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from factcheck.cli import app

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text())


def _sarif(corpus: Path, out: Path) -> dict:
    res = CliRunner().invoke(app, [str(corpus), "-o", str(out), "--format", "sarif", "--fail-on", "never"])
    assert res.exit_code == 0, res.output
    assert not (out / "consistency.md").exists()  # only the requested format is written
    return json.loads((out / "consistency.sarif").read_text())


def test_sarif_validates_against_the_official_schema(corpus, tmp_path, use_fake_scorer):
    log = _sarif(corpus, tmp_path / "out")
    jsonschema.validate(log, SCHEMA)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"FC001", "FC002"}
    contra = next(r for r in results if r["ruleId"] == "FC001")
    loc = contra["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"].endswith("alpha.txt") and loc["region"]["startLine"] >= 1


def test_partial_fingerprints_survive_a_rename_and_an_unrelated_article(corpus, tmp_path, use_fake_scorer):
    before = {r["partialFingerprints"]["factcheckFinding/v1"] for r in _sarif(corpus, tmp_path / "a")["runs"][0]
              ["results"]}
    (corpus / "gamma.txt").rename(corpus / "renamed-gamma.txt")
    (corpus / "sub").mkdir()
    (corpus / "beta.md").rename(corpus / "sub" / "beta.md")
    (corpus / "zeta.txt").write_text("The museum in Lisbon opened a new wing on Friday with paintings from Spain.\n")
    after = {r["partialFingerprints"]["factcheckFinding/v1"] for r in _sarif(corpus, tmp_path / "b")["runs"][0]
             ["results"]}
    assert before == after and before


def test_hostile_text_stays_valid_sarif_and_json(tmp_path, use_fake_scorer):
    corpus = tmp_path / "c"
    corpus.mkdir()
    evil = 'Negotiators from Norway and Sweden met in Geneva | <script>alert("x")</script> `rm -rf` \x01\x1b[31m ' \
           "[link](javascript:alert(1)) to discuss the fishing treaty."
    (corpus / "a.txt").write_text(evil + "\n")
    (corpus / "b.txt").write_text("# Negotiators from Norway and Sweden never met in Geneva to discuss the fishing "
                                  "treaty | " + "very " * 400 + "long.\n")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, [str(corpus), "-o", str(out), "-f", "sarif", "-f", "json", "-f", "markdown",
                                   "--fail-on", "never"])
    assert res.exit_code == 0, res.output
    jsonschema.validate(json.loads((out / "consistency.sarif").read_text()), SCHEMA)
    doc = json.loads((out / "consistency.json").read_text())
    assert doc["contradictions"], "the fixture should produce a contradiction"
    md = (out / "consistency.md").read_text()
    assert "<script>" not in md and "\x1b" not in md and "\x01" not in md
    assert "\\<script\\>" in md and "\\| " in md


def test_locations_are_percent_encoded_paths_from_the_corpus():
    from urllib.parse import unquote

    from factcheck.report.sarif import _uri

    uri = _uri("news", "sub dir/Artikel ü #1.txt")
    assert uri == "news/sub%20dir/Artikel%20%C3%BC%20%231.txt" and unquote(uri) == "news/sub dir/Artikel ü #1.txt"
    assert _uri("news/", "b%20c.txt") == "news/b%2520c.txt"  # a literal % in a file name
    assert _uri("seeds/one.txt", "one.txt") == "seeds/one.txt"  # a single-file corpus is the file itself
    assert _uri("/srv/news dir", "a.txt") == "file:///srv/news%20dir/a.txt"
