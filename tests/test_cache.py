import multiprocessing
import sqlite3
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck import claims as claims_module
from factcheck import pipeline as pipeline_module
from factcheck.cache import KEEP_PAIRINGS, Cache
from factcheck.claims import extract_claims
from factcheck.cli import app
from factcheck.config import Config
from factcheck.corpus import load_corpus
from factcheck.pairing import pair_claims
from factcheck.pipeline import run
from factcheck.report import Format, render
from factcheck.report.document import document

NEW = "Negotiators from Norway and Sweden never met in Geneva to discuss the fishing treaty.\n"


def _run(corpus, scorer, nlp, cache: Path | None):
    return run(Config(corpus=corpus, cache_path=cache), scorer=scorer, nlp=nlp)


def _verdicts(result) -> dict:
    """The report's content except the count of pairs that came from the cache."""
    doc = document(result)
    del doc["counts"]["pairs_from_cache"]
    return doc


def test_rerun_scores_nothing_and_a_new_article_only_its_pairs(corpus, tmp_path, fake_scorer, nlp):
    cache = tmp_path / "cache.sqlite"
    cold = _run(corpus, fake_scorer, nlp, cache)
    assert fake_scorer.pairs_scored == cold.pairing.kept > 0 and cold.pairs_from_cache == 0
    warm = _run(corpus, fake_scorer, nlp, cache)
    assert fake_scorer.pairs_scored == cold.pairing.kept  # nothing scored again
    assert warm.pairs_from_cache == warm.pairing.kept
    n = warm.pairing.kept
    assert f"| NLI scores | {n} pairs: {n} scored by the model, 0 from the cache |" in render(cold, Format.MARKDOWN)
    assert f"| NLI scores | {n} pairs: 0 scored by the model, {n} from the cache |" in render(warm, Format.MARKDOWN)
    assert _verdicts(warm) == _verdicts(cold)
    (corpus / "delta.txt").write_text(NEW)
    grown = _run(corpus, fake_scorer, nlp, cache)
    with_delta = [p for p in _pairs(grown, nlp) if "delta.txt" in (p.a.article_id, p.b.article_id)]
    assert with_delta and fake_scorer.pairs_scored - cold.pairing.kept == len(with_delta)
    # same verdicts as a run without any cache
    assert _verdicts(grown) == _verdicts(_run(corpus, fake_scorer, nlp, None))


def _pairs(result, nlp):
    """The pairs the run compared (recomputed: the result keeps only counts)."""
    articles, _ = load_corpus(Path(result.corpus))
    claims, _ = extract_claims(articles, nlp)
    return pair_claims(claims, result.config.max_pairs_per_claim)[0]


def test_claims_come_from_the_cache(corpus, tmp_path, fake_scorer, nlp, monkeypatch):
    cache = tmp_path / "cache.sqlite"
    first = _run(corpus, fake_scorer, nlp, cache)

    def no_parsing(*args, **kwargs):
        raise AssertionError("an unchanged article was parsed again")

    monkeypatch.setattr("factcheck.claims.extract_article", no_parsing)
    second = _run(corpus, fake_scorer, nlp, cache)
    assert _verdicts(second) == _verdicts(first)


def test_a_rerun_with_every_claim_cached_never_loads_spacy(corpus, tmp_path, fake_scorer, nlp, monkeypatch):
    lazy = claims_module.LazySpacy()
    assert {k: lazy.meta[k] for k in ("name", "version")} == {k: nlp.meta[k] for k in ("name", "version")}
    cache = tmp_path / "cache.sqlite"
    first = run(Config(corpus=corpus, cache_path=cache), scorer=fake_scorer)  # nlp: the lazy default

    def no_spacy(*args, **kwargs):
        raise AssertionError("spaCy was loaded though every article's claims were cached")

    monkeypatch.setattr(claims_module, "load_spacy", no_spacy)
    second = run(Config(corpus=corpus, cache_path=cache), scorer=fake_scorer)
    assert _verdicts(second) == _verdicts(first)
    (corpus / "delta.txt").write_text(NEW)
    with pytest.raises(AssertionError, match="spaCy was loaded"):  # a new article does need it
        run(Config(corpus=corpus, cache_path=cache), scorer=fake_scorer)


def test_changed_extraction_rules_parse_again(corpus, tmp_path, fake_scorer, nlp, monkeypatch):
    cache = tmp_path / "cache.sqlite"
    _run(corpus, fake_scorer, nlp, cache)
    parsed = []
    real = claims_module.extract_article
    monkeypatch.setattr(claims_module, "extract_article", lambda *a, **k: parsed.append(1) or real(*a, **k))
    monkeypatch.setattr("factcheck.claims.rules_digest", lambda: "other rules")  # as after an edit of claims.py
    _run(corpus, fake_scorer, nlp, cache)
    assert len(parsed) == 3  # every article, though the version number is the same


def test_corrupt_or_foreign_cache_is_rebuilt_with_one_line(corpus, tmp_path, use_fake_scorer):
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / "cache.sqlite").write_bytes(b"this is not a database" * 100)
    res = CliRunner().invoke(app, [str(corpus), "-o", str(tmp_path / "a"), "--cache-dir", str(cache_dir),
                                   "--fail-on", "never"])
    assert res.exit_code == 0 and "rebuilt" in res.output
    baseline_md = (tmp_path / "a" / "consistency.md").read_text()
    foreign = sqlite3.connect(cache_dir / "cache.sqlite")
    foreign.execute("DROP TABLE scores")
    foreign.execute("CREATE TABLE scores (x)")
    foreign.execute("UPDATE meta SET value = 'someone-else' WHERE key = 'app'")
    foreign.commit()
    foreign.close()
    res = CliRunner().invoke(app, [str(corpus), "-o", str(tmp_path / "b"), "--cache-dir", str(cache_dir),
                                   "--fail-on", "never"])
    assert res.exit_code == 0 and "rebuilt" in res.output
    assert (tmp_path / "b" / "consistency.md").read_text() == baseline_md


def test_a_cache_folder_that_cannot_be_used_is_one_line_and_the_run_goes_on(corpus, tmp_path, use_fake_scorer):
    (tmp_path / "blocked").write_text("a file where the cache folder should be")
    res = CliRunner().invoke(app, [str(corpus), "-o", str(tmp_path / "a"), "--cache-dir", str(tmp_path / "blocked"),
                                   "--fail-on", "never"])
    assert res.exit_code == 0 and "cannot be used" in res.output and "running without it" in res.output
    res = CliRunner().invoke(app, [str(corpus), "-o", str(tmp_path / "b"), "--no-cache", "--fail-on", "never"])
    assert (tmp_path / "a" / "consistency.json").read_text() == (tmp_path / "b" / "consistency.json").read_text()


def test_a_locked_cache_is_left_alone(corpus, tmp_path, fake_scorer, nlp, monkeypatch):
    cache = tmp_path / "cache.sqlite"
    cold = _run(corpus, fake_scorer, nlp, cache)
    before = cache.read_bytes()

    def locked(self):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Cache, "_open", locked)
    result = _run(corpus, fake_scorer, nlp, cache)
    assert any("database is locked" in n and "running without it" in n for n in result.notices)
    assert cache.read_bytes() == before  # another run's cache: not deleted, not rebuilt
    assert _verdicts(result) == _verdicts(cold)


def test_no_cache_flag_writes_nothing(corpus, tmp_path, use_fake_scorer):
    cache_dir = tmp_path / "cache"
    res = CliRunner().invoke(app, [str(corpus), "-o", str(tmp_path / "a"), "--cache-dir", str(cache_dir),
                                   "--no-cache", "--fail-on", "never"])
    assert res.exit_code == 0 and not cache_dir.exists()


def _writer(path: str, worker: int) -> None:
    cache = Cache(Path(path))
    for i in range(200):
        cache.put_scores("m", [((f"p{worker}-{i}", "h"), {"entailment": 0.1, "neutral": 0.2, "contradiction": 0.7})])
    cache.close()


def test_concurrent_writers_do_not_corrupt(tmp_path):
    path = tmp_path / "cache.sqlite"
    Cache(path).close()
    procs = [multiprocessing.get_context("spawn").Process(target=_writer, args=(str(path), w)) for w in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert all(p.exitcode == 0 for p in procs)
    cache = Cache(path)
    assert cache.notice is None
    got = cache.get_scores("m", [(f"p{w}-{i}", "h") for w in range(3) for i in range(200)])
    assert len(got) == 600


def test_a_run_stopped_part_way_keeps_the_chunks_it_scored(corpus, tmp_path, fake_scorer, nlp):
    from factcheck.cache import CachedScorer

    articles, _ = load_corpus(corpus)
    pairs = pair_claims(extract_claims(articles, nlp)[0])[0]
    assert len(pairs) > 4

    class StopsAfterOneChunk:
        model_id = fake_scorer.model_id

        def score(self, chunk, progress=None):
            if fake_scorer.calls:
                raise KeyboardInterrupt  # the user pressed Ctrl-C during the second chunk
            return fake_scorer.score(chunk, progress)

    cache = Cache(tmp_path / "cache.sqlite")
    with pytest.raises(KeyboardInterrupt):
        CachedScorer(StopsAfterOneChunk(), cache, chunk=3).score(pairs)
    resumed = CachedScorer(fake_scorer, cache, chunk=3)
    scores = resumed.score(pairs)
    assert resumed.hits == 3 and fake_scorer.pairs_scored == len(pairs)  # the first 3 were not scored again
    assert scores == fake_scorer.score(pairs)
    cache.close()


def _counting_pairer(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = pipeline_module.pair_claims
    monkeypatch.setattr(pipeline_module, "pair_claims", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def test_an_unchanged_corpus_is_not_paired_again(corpus, tmp_path, fake_scorer, nlp, monkeypatch):
    cache = tmp_path / "cache.sqlite"
    cold = _run(corpus, fake_scorer, nlp, cache)
    paired = _counting_pairer(monkeypatch)
    warm = _run(corpus, fake_scorer, nlp, cache)
    assert paired == [] and _verdicts(warm) == _verdicts(cold)
    (corpus / "delta.txt").write_text(NEW)
    grown = _run(corpus, fake_scorer, nlp, cache)
    assert paired == [1] and _verdicts(grown) == _verdicts(_run(corpus, fake_scorer, nlp, None))


@pytest.mark.parametrize("damage", [b"\x00not zlib", zlib.compress(b"not json"),
                                    zlib.compress(b'{"stats": [1, 1, 1], "pairs": [[9999, 0, 0.5, [], []]]}')])
def test_a_damaged_pairing_entry_is_paired_again(corpus, tmp_path, fake_scorer, nlp, monkeypatch, damage):
    cache = tmp_path / "cache.sqlite"
    cold = _run(corpus, fake_scorer, nlp, cache)
    db = sqlite3.connect(cache)
    db.execute("UPDATE pairings SET payload = ?", (damage,))
    db.commit()
    db.close()
    paired = _counting_pairer(monkeypatch)
    assert _verdicts(_run(corpus, fake_scorer, nlp, cache)) == _verdicts(cold) and paired == [1]


def test_only_the_latest_pairings_are_kept(tmp_path):
    cache = Cache(tmp_path / "cache.sqlite")
    for i in range(KEEP_PAIRINGS + 2):
        cache.put_pairing(f"corpus state {i}", {"i": i})
    assert [cache.get_pairing(f"corpus state {i}") for i in range(KEEP_PAIRINGS + 2)] == (
        [None, None] + [{"i": i} for i in range(2, KEEP_PAIRINGS + 2)])


def test_cache_info_counts_what_a_run_left_and_clear_removes_only_the_cache(corpus, tmp_path, use_fake_scorer):
    folder = tmp_path / "cache"
    res = CliRunner().invoke(app, [str(corpus), "-o", str(tmp_path / "a"), "--cache-dir", str(folder),
                                   "--fail-on", "never", "-q"])
    assert res.exit_code == 0, res.output
    articles = len(load_corpus(corpus)[0])  # claims are cached per article
    (folder / "onnx" / "some-model-v1").mkdir(parents=True)
    (folder / "onnx" / "some-model-v1" / "model.onnx").write_bytes(b"x" * 1000)
    (folder / "train").mkdir()
    (folder / "train" / "checkpoint").write_text("not the cache's")
    pairs = sqlite3.connect(folder / "cache.sqlite").execute("SELECT COUNT(*) FROM scores").fetchone()[0]
    info = CliRunner().invoke(app, ["cache", "info", "--cache-dir", str(folder)])
    assert info.exit_code == 0, info.output
    assert f"claims of {articles} article texts, 1 pairings, {pairs} NLI scores" in info.output
    assert "onnx/: 1 model export, 0.0 MB\n  some-model-v1" in info.output
    cleared = CliRunner().invoke(app, ["cache", "clear", "--cache-dir", str(folder)])
    assert cleared.exit_code == 0 and "MB freed" in cleared.output
    assert sorted(p.name for p in folder.iterdir()) == ["train"]  # other things in the folder are left alone
    assert "cache.sqlite: none" in CliRunner().invoke(app, ["cache", "info", "--cache-dir", str(folder)]).output


def test_cache_info_reports_a_damaged_file_without_touching_it(tmp_path):
    (tmp_path / "cache.sqlite").write_bytes(b"not a database" * 100)
    info = CliRunner().invoke(app, ["cache", "info", "--cache-dir", str(tmp_path)])
    assert info.exit_code == 0 and "not readable as factcheck's cache" in info.output
    assert (tmp_path / "cache.sqlite").read_bytes() == b"not a database" * 100
