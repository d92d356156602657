from factcheck.pairing import pair_claims
from factcheck.records import Claim


def _claim(article: str, i: int, text: str, *keys: str) -> Claim:
    return Claim(article_id=article, text=text, start=i * 100, end=i * 100 + len(text), line=i + 1,
                 entities=tuple(sorted(keys)))


def test_pairs_only_across_articles_and_only_with_shared_keys():
    claims = [_claim("a", 0, "Oslo voted for the budget.", "oslo"),
              _claim("a", 1, "Oslo voted against the plan.", "oslo"),
              _claim("b", 0, "Oslo rejected the budget.", "oslo"),
              _claim("b", 1, "Bergen opened a new harbour.", "bergen")]
    pairs, stats = pair_claims(claims)
    assert {(p.a.text, p.b.text) for p in pairs} == {
        ("Oslo voted for the budget.", "Oslo rejected the budget."),
        ("Oslo voted against the plan.", "Oslo rejected the budget.")}
    assert all(p.shared == ("oslo",) for p in pairs)
    assert stats.all_cross_pairs == 4 and stats.candidates == 2 and stats.kept == 2


def test_close_wording_pairs_claims_without_shared_entities():
    claims = [_claim("a", 0, "Past climate changes were never driven by carbon dioxide."),
              _claim("b", 0, "Greenhouse gases such as carbon dioxide drive the current climate changes."),
              _claim("b", 1, "The harbour of Bergen reopened after repairs.", "bergen")]
    pairs, _ = pair_claims(claims)
    assert [(p.a.article_id, p.b.text[:10]) for p in pairs] == [("a", "Greenhouse")]
    assert pairs[0].shared == () and "climate" in pairs[0].shared_words


def test_rare_shared_entity_and_close_wording_rank_first():
    claim = _claim("a", 0, "Ingrid Holm signed the fishing treaty in Geneva.", "ingrid holm", "sweden")
    others = [_claim("b", 0, "Sweden has a long coastline and many ports.", "sweden"),
              _claim("c", 0, "Ingrid Holm did not sign the fishing treaty.", "ingrid holm", "sweden")]
    common = [_claim(f"x{i}", 0, f"Sweden said something else number {i}.", "sweden") for i in range(5)]
    pairs, _ = pair_claims([claim, *others, *common], max_per_claim=1)
    best = [p for p in pairs if claim in (p.a, p.b)]
    assert any("did not sign" in (p.a.text + p.b.text) for p in best)
    top = max(best, key=lambda p: p.score)
    assert "did not sign" in top.b.text


def test_pairs_grow_linearly_with_the_cap():
    def corpus(n_articles: int) -> list[Claim]:
        return [_claim(f"art{a:03d}", i, f"Story {i} sentence about Oslo and Bergen {a}.", "oslo", f"topic{i}")
                for a in range(n_articles) for i in range(5)]
    small, _ = pair_claims(corpus(20), max_per_claim=3)
    large, _ = pair_claims(corpus(80), max_per_claim=3)
    assert len(large) <= 3 * 80 * 5 and len(small) <= 3 * 20 * 5
    assert len(large) / len(small) < 4.5  # 4× the articles: ~4× the pairs, not 16×


def test_deterministic_order():
    claims = [_claim(a, i, f"Oslo voted {i} times {a}.", "oslo") for a in "cab" for i in range(3)]
    assert pair_claims(claims)[0] == pair_claims(list(reversed(claims)))[0]
