"""Property tests (hypothesis, bounded examples): loader, claim extractor, fingerprints, escaping."""

import json
import re
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.claims import extract_claims
from factcheck.corpus import read_article
from factcheck.findings import fingerprint, normalise_text
from factcheck.paragraphs import double_quotes, paragraphs
from factcheck.records import Article, Claim, ClaimPair, Kind, Skipped
from factcheck.report.escape import md_text

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(st.binary(max_size=2000))
def test_loader_never_raises_on_any_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("f") / "x.txt"
    path.write_bytes(data)
    result = read_article(path, "x.txt", {})
    assert isinstance(result, Article | Skipped)
    if isinstance(result, Article):
        assert result.text.strip() and "\r" not in result.text


@FAST
@given(st.text(max_size=600))
def test_claims_point_into_the_text(nlp, text):
    art = Article(id="a", title="", outlet=None, date=None, url=None, text=text, line_offset=0, content_hash="h")
    claims, stats = extract_claims([art], nlp)
    assert stats.claims == len(claims) and stats.sentences >= len(claims)
    for c in claims:
        assert text[c.start:c.end].replace("\n", " ") == c.text  # a wrapped paragraph's breaks read as spaces
        assert c.line == text.count("\n", 0, c.start) + 1
        assert c.entities == tuple(sorted(set(c.entities)))


words = st.text(alphabet=string.ascii_letters + " .,", min_size=1, max_size=80)


@FAST
@given(words, words, st.integers(0, 10_000), st.floats(0, 1))
def test_fingerprint_depends_on_text_not_position_or_score(ta, tb, offset, score):
    arts = {"a": Article("a", "A", None, None, None, "x", 0, "ha"), "b": Article("b", "B", None, None, None, "y", 0,
                                                                                 "hb")}
    pair = ClaimPair(Claim("a", ta, 0, 1, 1, ()), Claim("b", tb, 0, 1, 1, ()), (), 0.0)
    moved = ClaimPair(Claim("a", ta, offset, offset + 1, offset, ()), Claim("b", tb, 5, 6, 2, ()), ("k",), score)
    fp = fingerprint(Kind.CONTRADICTION, pair, arts)
    assert fp == fingerprint(Kind.CONTRADICTION, moved, arts)
    assert re.fullmatch(r"[0-9a-f]{16}", fp)
    other = ClaimPair(Claim("a", ta + " extra", 0, 1, 1, ()), pair.b, (), 0.0)
    assert (fingerprint(Kind.CONTRADICTION, other, arts) == fp) == (normalise_text(ta + " extra") ==
                                                                   normalise_text(ta))


@FAST
@given(st.text(max_size=500))
def test_escaped_text_is_one_inert_line(text):
    out = md_text(text)
    assert "\n" not in out and "\r" not in out
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", out)
    unescaped = re.sub(r"\\.", "", out)
    assert not re.search(r"[`*_\[\]<>#|~&]", unescaped)
    json.dumps(out)  # and it is valid in JSON as it stands


@FAST
@given(st.text(alphabet="ab cD.\n\n ’'‘\"“”,-!?:\té", max_size=300))
def test_paragraphs_keep_offsets_and_quote_marks_keep_length(text):
    for para in paragraphs(text):
        assert text[para.start:para.start + len(para.text)].replace("\n", " ") == para.text
    made = double_quotes(text)
    assert len(made) == len(text)
    assert all(a == b or (a in "‘’'" and b in "“”") for a, b in zip(text, made, strict=True))
