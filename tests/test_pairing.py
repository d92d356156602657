from hypothesis import given, settings
from hypothesis import strategies as st

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


def _brute_force(claims: list[Claim], k: int) -> set[tuple[str, str, float]]:
    """The pairing score and per-claim cap written out over all cross-article pairs, with dicts."""
    import math
    from collections import Counter

    from factcheck.pairing import ENTITY_WEIGHT, LEXICAL_MIN, content_words

    n = len(claims)
    key_df = Counter(key for c in claims for key in set(c.entities))
    idf = {key: math.log((1 + n) / (1 + df)) + 1.0 for key, df in key_df.items()}
    words = [Counter(content_words(c.nli_text)) for c in claims]
    word_df = Counter(w for ws in words for w in ws)
    vecs = []
    for ws in words:
        vec = {w: tf * (math.log((1 + n) / (1 + word_df[w])) + 1.0) for w, tf in ws.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vecs.append({w: v / norm for w, v in vec.items()})
    best: dict[int, list[tuple[float, int]]] = {i: [] for i in range(n)}
    said = [" ".join(c.nli_text.lower().split()) for c in claims]
    stated = {(c.article_id, t) for c, t in zip(claims, said, strict=True)}
    scores = {}
    for i in range(n):
        for j in range(i + 1, n):
            if claims[i].article_id == claims[j].article_id:
                continue
            if said[i] != said[j] and ((claims[i].article_id, said[j]) in stated or
                                       (claims[j].article_id, said[i]) in stated):
                continue  # one article states both sentences
            shared, union = set(claims[i].entities) & set(claims[j].entities), set(claims[i].entities) | set(
                claims[j].entities)
            lex = sum(v * vecs[j].get(w, 0.0) for w, v in vecs[i].items())
            if not shared and lex < LEXICAL_MIN:
                continue
            ent = sum(idf[x] for x in shared) / sum(idf[x] for x in union) if shared else 0.0
            scores[(i, j)] = round(ENTITY_WEIGHT * ent + (1 - ENTITY_WEIGHT) * lex, 6)
            best[i].append((scores[(i, j)], j))
            best[j].append((scores[(i, j)], i))
    kept = {tuple(sorted((i, j))) for i, cands in best.items()
            for _, j in sorted(cands, key=lambda t: (-t[0], t[1]))[:k]}
    return {(claims[i].text, claims[j].text, scores[(i, j)]) for i, j in kept}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(
    st.sampled_from("abc"),
    st.lists(st.sampled_from(["oslo", "vote", "budget", "harbour", "treaty", "fish", "rain", "tax", "school"]),
             min_size=1, max_size=6),
    st.sets(st.sampled_from(["oslo", "bergen", "norway", "holm"]), max_size=2)), min_size=2, max_size=14),
    st.integers(1, 4))
def test_pairing_matches_the_brute_force_definition(rows, k):
    claims = [_claim(art, i, f"{i} " + " ".join(ws) + ".", *keys) for i, (art, ws, keys) in enumerate(rows)]
    pairs, stats = pair_claims(claims, max_per_claim=k)
    got = {(min(p.a.text, p.b.text, key=lambda t: int(t.split()[0])),
            max(p.a.text, p.b.text, key=lambda t: int(t.split()[0])), p.score) for p in pairs}
    assert got == _brute_force(claims, k)
    assert stats.kept == len(pairs)


def test_a_stored_pairing_gives_the_same_pairs_and_its_key_follows_the_claims():
    import json
    from dataclasses import replace

    from factcheck.pairing import pairing_key, pairing_payload, pairs_from_payload

    claims = [_claim(a, i, f"Oslo voted {i} times on the {w} budget.", "oslo", *(["norway"] if i % 2 else []))
              for a, w in zip("abc", ("fish", "school", "harbour"), strict=True) for i in range(4)]
    pairs, stats = pair_claims(claims, max_per_claim=3)
    stored = json.loads(json.dumps(pairing_payload(claims, pairs, stats)))  # as the cache keeps it
    assert pairs_from_payload(claims, stored) == (pairs, stats)
    key = pairing_key(claims, 3)
    assert pairing_key(list(claims), 3) == key
    changed = [replace(claims[0], entities=("bergen",)), *claims[1:]]
    reworded = [replace(claims[0], model_text="Oslo never voted."), *claims[1:]]
    moved = [replace(claims[0], start=7), *claims[1:]]
    assert len({key, pairing_key(claims, 4), pairing_key(changed, 3), pairing_key(reworded, 3),
                pairing_key(moved, 3), pairing_key(claims[1:], 3)}) == 6


def test_two_sentences_that_one_article_states_both_are_not_paired():
    """A wire copy: b repeats a's two sentences; a's first against b's second is a comparison within
    one article (a states both), not between two; the same sentence in both stays (an agreement)."""
    first, second = "Oslo voted for the budget on Monday.", "Oslo rejected the harbour plan on Monday."
    claims = [_claim("a", 0, first, "oslo"), _claim("a", 1, second, "oslo"),
              _claim("b", 0, first, "oslo"), _claim("b", 1, second, "oslo"), _claim("b", 2, "Oslo  VOTED for "
                                                                                   "the budget on Monday.", "oslo"),
              _claim("c", 0, "Oslo never voted on the budget.", "oslo")]
    pairs, _ = pair_claims(claims)
    got = {(p.a.article_id, p.a.start, p.b.article_id, p.b.start) for p in pairs}
    assert ("a", 0, "b", 100) not in got and ("a", 100, "b", 0) not in got
    assert ("a", 100, "b", 200) not in got  # the same sentence up to case and spacing
    assert {("a", 0, "b", 0), ("a", 100, "b", 100), ("a", 0, "b", 200)} <= got
    assert {("a", 0, "c", 0), ("b", 0, "c", 0)} <= got  # another article's sentence is compared
