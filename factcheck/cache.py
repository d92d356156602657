"""Incremental cache in one SQLite file: NLI scores and extracted claims.

- scores: keyed by sha256(model id, premise, hypothesis) — a rerun scores only pairs it has not
  seen with this exact model (the model id includes a digest of the weights);
- claims: keyed by sha256(factcheck version, spaCy model and version, article id, title, line
  offset, content hash) — an unchanged article is not parsed again;
- pairings: the pairs chosen for one set of claims (``pairing.pairing_key``), so that a rerun on an
  unchanged corpus does not pair again; only the ``KEEP_PAIRINGS`` made last are kept.

A file that is not a SQLite database, or not factcheck's cache, or of another schema version is
reported in one line (``Cache.notice``) and rebuilt; it never fails the run. A cache that cannot be
opened at all (a folder that cannot be created, a lock held longer than the busy timeout) is left
alone, and the run goes on without it (``open_cache``). Concurrent runs are safe: WAL journal, a busy
timeout, and one short transaction per write.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from factcheck.errors import first_line
from factcheck.records import ClaimPair, PairScores

SCHEMA = 1
APP = "factcheck"
FILE = "cache.sqlite"
"""The cache file in the cache folder."""
ONNX_DIR = "onnx"
"""The cache folder's sub-folder of ONNX exports (``nli.onnx_backend``)."""
KEEP_PAIRINGS = 16
"""Pairings kept, the ones made last (a 1,000-article corpus takes about 1.5 MB): several corpora or
branches can share one cache without pairing again each time."""


def cache_folder(given: Path | None = None) -> Path:
    """The cache folder: ``given`` (``--cache-dir``), else ``$FACTCHECK_CACHE_DIR``, else
    ``$XDG_CACHE_HOME`` (or ~/.cache)``/factcheck``."""
    if given is not None:
        return given
    env = os.environ.get("FACTCHECK_CACHE_DIR")
    return Path(env) if env else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "factcheck"


def default_cache_path() -> Path:
    """The cache file in the default cache folder (``cache_folder``)."""
    return cache_folder() / FILE


def open_cache(path: Path | None) -> tuple[Cache | None, str | None]:
    """The cache at ``path`` (``None``: no cache), or no cache and one line saying why it cannot be used
    (a folder that cannot be created or written, a file in the way, a lock held too long): the run
    then goes on without it."""
    if path is None:
        return None, None
    try:
        return Cache(path), None
    except (OSError, sqlite3.OperationalError) as exc:
        why = f"{exc.strerror}: {exc.filename}" if isinstance(exc, OSError) and exc.strerror else first_line(exc)
        return None, f"cache {path} cannot be used ({why}); running without it"


def describe(folder: Path) -> list[str]:
    """What the cache folder holds, one line per part (``factcheck cache info``). Read only: a file that is
    not factcheck's cache is reported, never rebuilt here."""
    db, onnx = folder / FILE, folder / ONNX_DIR
    lines = [f"cache folder: {folder}"]
    if not db.exists():
        lines.append(f"{FILE}: none")
    else:
        size = megabytes(_size(_db_files(db)))
        try:
            con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
            try:
                n = {table: con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                     for table in ("claims", "pairings", "scores")}
            finally:
                con.close()
            lines.append(f"{FILE}: {size}; claims of {n['claims']:,} article texts, {n['pairings']} pairings, "
                         f"{n['scores']:,} NLI scores (one per pair and direction)")
        except sqlite3.Error as exc:
            lines.append(f"{FILE}: {size}, not readable as factcheck's cache ({first_line(exc)}); the next run "
                         "rebuilds it")
    exports = sorted(p for p in onnx.iterdir() if p.is_dir()) if onnx.is_dir() else []
    size = megabytes(sum(_size(p.rglob("*")) for p in exports))
    lines.append(f"{ONNX_DIR}/: {len(exports)} model export{'' if len(exports) == 1 else 's'}, {size}"
                 + "".join(f"\n  {p.name}" for p in exports))
    return lines


def clear(folder: Path) -> int:
    """Delete the cache file and the ONNX exports in ``folder`` (nothing else there: it may hold other
    things, e.g. training checkpoints); the bytes freed."""
    files, onnx = _db_files(folder / FILE), folder / ONNX_DIR
    freed = _size(files) + (_size(onnx.rglob("*")) if onnx.is_dir() else 0)
    for path in files:
        path.unlink()
    if onnx.is_dir():
        shutil.rmtree(onnx)
    return freed


def _db_files(db: Path) -> list[Path]:
    return [p for p in (Path(f"{db}{suffix}") for suffix in ("", "-wal", "-shm")) if p.is_file()]


def _size(paths: Iterable[Path]) -> int:
    """Bytes in the plain files among ``paths``."""
    return sum(p.stat().st_size for p in paths if p.is_file())


def megabytes(size: int) -> str:
    return f"{size / 1e6:,.1f} MB"


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


class Cache:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.notice: str | None = None
        """One line for the user when the file had to be rebuilt."""
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = self._open()
        except sqlite3.OperationalError:  # cannot open or locked: not the file's fault, never delete it
            raise
        except sqlite3.DatabaseError as exc:
            self.notice = f"cache {path} was unreadable ({exc}); rebuilt it"
            self._discard()
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            rows = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if rows and (rows.get("app") != APP or rows.get("schema") != str(SCHEMA)):
                raise sqlite3.DatabaseError(f"not a factcheck cache of schema {SCHEMA}: {rows}")
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not rows and tables - {"meta"}:
                raise sqlite3.DatabaseError("a SQLite file of another program")
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.execute("INSERT OR IGNORE INTO meta VALUES ('app', ?), ('schema', ?)", (APP, str(SCHEMA)))
                db.execute("CREATE TABLE IF NOT EXISTS scores (key TEXT PRIMARY KEY, probs TEXT NOT NULL)")
                db.execute("CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, payload TEXT NOT NULL)")
                db.execute("CREATE TABLE IF NOT EXISTS pairings (key TEXT PRIMARY KEY, payload BLOB NOT NULL)")
        except BaseException:
            db.close()
            raise
        return db

    def _discard(self) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        self._db.close()

    # --- NLI scores -------------------------------------------------------------------------
    def get_scores(self, model_id: str, texts: Sequence[tuple[str, str]]) -> dict[int, dict[str, float]]:
        """Index → cached probabilities for the (premise, hypothesis) texts found."""
        keys = [_key(model_id, p, h) for p, h in texts]
        found: dict[str, dict[str, float]] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            query = f"SELECT key, probs FROM scores WHERE key IN ({','.join('?' * len(chunk))})"
            try:
                found.update((k, json.loads(v)) for k, v in self._db.execute(query, chunk))
            except (sqlite3.DatabaseError, json.JSONDecodeError):
                return {}  # a damaged cache is a miss, never a wrong verdict
        return {i: found[k] for i, k in enumerate(keys) if k in found}

    def put_scores(self, model_id: str, items: Iterable[tuple[tuple[str, str], dict[str, float]]]) -> None:
        rows = [(_key(model_id, p, h), json.dumps(probs, sort_keys=True)) for (p, h), probs in items]
        self._write("INSERT OR REPLACE INTO scores VALUES (?, ?)", rows)

    # --- claims -----------------------------------------------------------------------------
    def get_claims(self, key: str) -> Any | None:
        try:
            row = self._db.execute("SELECT payload FROM claims WHERE key = ?", (key,)).fetchone()
            return json.loads(row[0]) if row else None
        except (sqlite3.DatabaseError, json.JSONDecodeError):
            return None

    def put_claims(self, key: str, payload: Any) -> None:
        self._write("INSERT OR REPLACE INTO claims VALUES (?, ?)", [(key, json.dumps(payload, sort_keys=True))])

    # --- pairings ---------------------------------------------------------------------------
    def get_pairing(self, key: str) -> Any | None:
        try:
            row = self._db.execute("SELECT payload FROM pairings WHERE key = ?", (key,)).fetchone()
            return json.loads(zlib.decompress(row[0])) if row else None
        except (sqlite3.DatabaseError, zlib.error, json.JSONDecodeError, TypeError):
            return None

    def put_pairing(self, key: str, payload: Any) -> None:
        blob = zlib.compress(json.dumps(payload, separators=(",", ":")).encode(), 6)
        self._write("INSERT OR REPLACE INTO pairings VALUES (?, ?)", [(key, blob)],
                    then="DELETE FROM pairings WHERE rowid NOT IN "
                         f"(SELECT rowid FROM pairings ORDER BY rowid DESC LIMIT {KEEP_PAIRINGS})")

    def _write(self, sql: str, rows: list[tuple[str, Any]], then: str | None = None) -> None:
        if not rows:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(sql, rows)
                if then:
                    self._db.execute(then)
        except sqlite3.OperationalError as exc:  # locked for > 30 s, disk full, read-only: run goes on uncached
            self.notice = self.notice or f"cache {self.path} not updated: {exc}"


class CachedScorer:
    """Wraps a scorer: pairs whose two directions are both cached are not scored again.

    The other pairs are scored in chunks of ``chunk`` pairs (shortest first, so batches stay tight)
    and each chunk is written to the cache as soon as it is done: a run that is stopped part-way
    keeps what it scored, and the next run starts from there.
    """

    def __init__(self, inner: Any, cache: Cache, chunk: int = 4096) -> None:
        self.inner = inner
        self.cache = cache
        self.chunk = chunk
        self.model_id: str = inner.model_id
        self.hits = 0
        self.misses = 0

    def score(self, pairs: Sequence[ClaimPair], progress: Any = None) -> list[PairScores]:
        fwd = [(p.a.nli_text, p.b.nli_text) for p in pairs]
        bwd = [(p.b.nli_text, p.a.nli_text) for p in pairs]
        got_f = self.cache.get_scores(self.model_id, fwd)
        got_b = self.cache.get_scores(self.model_id, bwd)
        out: list[PairScores | None] = [None] * len(pairs)
        todo = []
        for i in range(len(pairs)):
            if i in got_f and i in got_b:
                out[i] = PairScores(forward=got_f[i], backward=got_b[i])
            else:
                todo.append(i)
        self.hits += len(pairs) - len(todo)
        self.misses += len(todo)
        if progress and len(pairs) > len(todo):
            progress(len(pairs) - len(todo))
        todo.sort(key=lambda i: (len(fwd[i][0]) + len(fwd[i][1]), i))
        for start in range(0, len(todo), self.chunk):
            part = todo[start:start + self.chunk]
            fresh = self.inner.score([pairs[i] for i in part], progress=progress)
            for i, s in zip(part, fresh, strict=True):
                out[i] = s
            self.cache.put_scores(self.model_id, [(fwd[i], s.forward) for i, s in zip(part, fresh, strict=True)]
                                  + [(bwd[i], s.backward) for i, s in zip(part, fresh, strict=True)])
        return [s for s in out if s is not None]
