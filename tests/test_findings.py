from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.config import Thresholds
from factcheck.findings import build_findings, decide, fingerprint
from factcheck.records import Article, Claim, ClaimPair, Kind, PairScores


def _p(e: float, n: float, c: float) -> dict[str, float]:
    return {"entailment": e, "neutral": n, "contradiction": c}


def _article(aid: str, date: str | None = None, title: str = "") -> Article:
    return Article(id=aid, title=title or f"Title {aid}", outlet=None, date=date, url=None, text="x", line_offset=0,
                   content_hash=aid)


def _pair(ta: str, tb: str, aa: str = "a", ab: str = "b", **kw) -> ClaimPair:
    a = Claim(article_id=aa, text=ta, start=0, end=len(ta), line=1, entities=("oslo",), **kw.get("ka", {}))
    b = Claim(article_id=ab, text=tb, start=0, end=len(tb), line=3, entities=("oslo",), **kw.get("kb", {}))
    return ClaimPair(a=a, b=b, shared=("oslo",), score=0.5)


TH = Thresholds(contradiction=0.6, agreement=0.7)
WORDS = [f"w{i}" for i in range(40)]
"""Vocabulary of the generated sentences."""


def test_contradiction_is_decided_before_agreement():
    # one direction entails strongly, but the mean contradiction is over the threshold
    scores = PairScores(forward=_p(0.0, 0.0, 1.0), backward=_p(0.75, 0.0, 0.25))
    assert decide(scores, TH) == (Kind.CONTRADICTION, 0.625)


def test_thresholds():
    assert decide(PairScores(_p(0.1, 0.4, 0.5), _p(0.1, 0.4, 0.5)), TH) is None
    assert decide(PairScores(_p(0.71, 0.2, 0.09), _p(0.1, 0.8, 0.1)), TH) == (Kind.AGREEMENT, 0.71)
    assert decide(PairScores(_p(0.5, 0.4, 0.1), _p(0.5, 0.4, 0.1)), TH) is None


def test_one_confident_direction_is_a_contradiction_when_asked():
    # mean 0.5 is under 0.6, but one direction is sure: reported, with that direction's confidence
    sure_one_way = PairScores(forward=_p(0.0, 0.05, 0.95), backward=_p(0.1, 0.85, 0.05))
    one_way = Thresholds(contradiction=0.6, one_way=0.9, agreement=0.7)
    assert decide(sure_one_way, one_way) == (Kind.CONTRADICTION, 0.95)
    assert decide(sure_one_way, Thresholds(contradiction=0.6, one_way=0.96, agreement=0.7)) is None
    assert decide(sure_one_way, TH) is None  # off by default
    # contradiction first here too: the other direction's strong entailment does not hide it
    entailed_back = PairScores(forward=_p(0.0, 0.08, 0.92), backward=_p(0.9, 0.05, 0.05))
    assert decide(entailed_back, one_way) == (Kind.CONTRADICTION, 0.92)
    assert decide(entailed_back, TH) == (Kind.AGREEMENT, 0.9)


def test_labels_changed_over_time_and_sources_disagree():
    arts = {"a": _article("a", "2025-03-13"), "b": _article("b", "2025-08-06")}
    pair = _pair("Russia is in no hurry.", "Russia is more committed.",
                 ka={"speaker": "putin", "is_quote": True}, kb={"speaker": "zelensky", "is_quote": True})
    [f] = build_findings([pair], [PairScores(_p(0, 0, 1), _p(0, 0, 1))], arts, TH)
    assert f.labels == ("changed_over_time", "sources_disagree")
    same_day = {"a": _article("a", "2025-03-13"), "b": _article("b", "2025-03-13")}
    [g] = build_findings([pair], [PairScores(_p(0, 0, 1), _p(0, 0, 1))], same_day, TH)
    assert g.labels == ("sources_disagree",)


def test_a_word_for_word_copy_is_labelled_and_listed_after_the_reworded_agreements():
    arts = {k: _article(k) for k in "abc"}
    copy = _pair("Oslo voted yes on Monday.", "Oslo voted YES on Monday", "a", "b")
    reworded = _pair("Oslo voted yes on Monday.", "On Monday, the city of Oslo approved it.", "a", "c")
    found = build_findings([copy, reworded], [PairScores(_p(0.99, 0.01, 0), _p(0.99, 0.01, 0)),
                                              PairScores(_p(0.8, 0.2, 0), _p(0.3, 0.7, 0))], arts, TH)
    assert [(f.pair.b.article_id, f.labels) for f in found] == [("c", ()), ("b", ("same_wording",))]
    # one quote, attributed differently in the two articles: the model compared the same words
    quote = _pair("“Oslo voted yes,” he said.", "Hansen said: “Oslo voted yes.”", "a", "b",
                  ka={"model_text": "Oslo voted yes."}, kb={"model_text": "Oslo voted yes."})
    [f] = build_findings([quote], [PairScores(_p(0.99, 0.01, 0), _p(0.99, 0.01, 0))], arts, TH)
    assert f.labels == ("same_wording",)


def test_fingerprint_ignores_scores_positions_and_file_names_but_not_text():
    arts = {"a": _article("a", title="One"), "b": _article("b", title="Two")}
    pair = _pair("Oslo voted yes.", "Oslo voted no.")
    fp = fingerprint(Kind.CONTRADICTION, pair, arts)
    moved = replace(pair, a=replace(pair.a, start=500, line=40), score=0.9)
    assert fingerprint(Kind.CONTRADICTION, moved, arts) == fp
    renamed = {"x/a2": replace(arts["a"], id="x/a2"), "b": arts["b"]}
    assert fingerprint(Kind.CONTRADICTION, replace(pair, a=replace(pair.a, article_id="x/a2")), renamed) == fp
    swapped = ClaimPair(a=pair.b, b=pair.a, shared=pair.shared, score=pair.score)
    assert fingerprint(Kind.CONTRADICTION, swapped, arts) == fp
    assert fingerprint(Kind.CONTRADICTION, _pair("Oslo voted yes.", "Oslo voted maybe."), arts) != fp
    assert fingerprint(Kind.AGREEMENT, pair, arts) != fp


def test_near_duplicates_merge_into_the_strongest():
    arts = {k: _article(k) for k in "abc"}
    p1 = _pair("The council approved the budget on Monday.", "The council rejected the budget on Monday.")
    p2 = _pair("The council approved the budget on Monday.", "The council rejected the budget on Monday!", ab="c")
    p3 = _pair("The mayor resigned.", "The mayor stayed on.")
    scores = [PairScores(_p(0, 0, 0.8), _p(0, 0, 0.8)), PairScores(_p(0, 0, 0.9), _p(0, 0, 0.9)),
              PairScores(_p(0, 0, 0.7), _p(0, 0, 0.7))]
    found = build_findings([p1, p2, p3], scores, arts, TH)
    assert [f.confidence for f in found] == [0.9, 0.7]
    assert found[0].pair == p2 and found[0].duplicates == (p1,)


def test_numeric_mismatch_label():
    arts = {"a": _article("a"), "b": _article("b")}
    pair = _pair("The truce will last 30 days.", "The truce will last 60 days.")
    [f] = build_findings([pair], [PairScores(_p(0, 0, 1), _p(0, 0, 1))], arts, TH)
    assert f.labels == ("numeric_mismatch",)


def _merge_by_brute_force(findings):
    """The definition of merge_duplicates, comparing each finding with every kept one."""
    from factcheck.findings import _same

    kept = []
    for f in findings:
        for i, k in enumerate(kept):
            p, q = k.pair, f.pair
            if k.kind is f.kind and ((_same(p.a.text, q.a.text) and _same(p.b.text, q.b.text))
                                     or (_same(p.a.text, q.b.text) and _same(p.b.text, q.a.text))):
                kept[i] = replace(k, duplicates=(*k.duplicates, f.pair))
                break
        else:
            kept.append(f)
    return kept


def _variant(words: list[str], edit: int) -> str:
    """The sentence itself, without one of its words, or with one more: near-identical to it."""
    if edit < 0 and len(words) > 1:
        words = words[:-edit - 1] + words[-edit:] if -edit <= len(words) else words[1:]
    elif edit > 0:
        words = [*words, f"extra{edit}"]
    return " ".join(words)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=4, max_size=10, unique=True), min_size=1, max_size=4),
       st.lists(st.tuples(st.integers(0, 3), st.integers(-10, 3), st.integers(0, 3), st.integers(-10, 3),
                          st.sampled_from(list(Kind))), min_size=1, max_size=40))
def test_fast_merge_equals_the_brute_force_definition(bases, rows):
    """Prefix filtering must find exactly the duplicates that comparing with everything finds."""
    from factcheck.findings import Finding, merge_duplicates

    findings = [Finding(kind=kind, scores=PairScores(_p(0, 0, 1), _p(0, 0, 1)), confidence=1.0, labels=(),
                        fingerprint=str(n),
                        pair=_pair(_variant(bases[ia % len(bases)], ea), _variant(bases[ib % len(bases)], eb)))
                for n, (ia, ea, ib, eb, kind) in enumerate(rows)]
    merged = merge_duplicates(findings)
    assert merged == _merge_by_brute_force(findings)
