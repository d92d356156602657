"""Baseline of known findings: read, compare with a run, write back (sorted JSON that diffs cleanly).

Format: ``{"version": 1, "entries": [{fingerprint, kind, claims, articles, status, reason}]}`` with
``status`` ``accepted`` (known, does not fail the gate) or ``false_positive`` (known wrong: never
fails the gate and is left out of the report's main list).
"""

from __future__ import annotations

import enum
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from factcheck.errors import BaselineError
from factcheck.files import atomic_write
from factcheck.records import Finding

VERSION = 1


class Status(enum.StrEnum):
    ACCEPTED = "accepted"
    FALSE_POSITIVE = "false_positive"


@dataclass(frozen=True)
class BaselineEntry:
    fingerprint: str
    """``Finding.fingerprint`` of the known finding."""
    kind: str
    """``contradiction`` or ``agreement``."""
    claims: tuple[str, str]
    """The two sentences, for the reviewer."""
    articles: tuple[str, str]
    """The two article ids, for the reviewer."""
    status: Status
    """What a reviewer decided."""
    reason: str = ""
    """Why (expected for ``false_positive``)."""


@dataclass(frozen=True)
class Comparison:
    new: tuple[Finding, ...]
    """Findings whose fingerprint the baseline does not hold."""
    known: tuple[Finding, ...]
    """Findings the baseline accepts."""
    false_positives: tuple[Finding, ...]
    """Findings the baseline marks as false positives (left out of the main list)."""
    stale: tuple[BaselineEntry, ...]
    """Baseline entries that no finding of this run matches."""


def load_baseline(path: Path) -> dict[str, BaselineEntry]:
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))  # -sig: a BOM from a Windows editor
    except FileNotFoundError as exc:
        raise BaselineError(f"baseline {path} does not exist; create it with --update-baseline") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"baseline {path} is not readable JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("entries"), list):
        raise BaselineError(f"baseline {path}: expected {{\"version\": {VERSION}, \"entries\": [...]}}")
    entries: dict[str, BaselineEntry] = {}
    for i, raw in enumerate(data["entries"]):
        try:
            entry = BaselineEntry(fingerprint=str(raw["fingerprint"]), kind=str(raw["kind"]),
                                  claims=(str(raw["claims"][0]), str(raw["claims"][1])),
                                  articles=(str(raw["articles"][0]), str(raw["articles"][1])),
                                  status=Status(raw.get("status", "accepted")), reason=str(raw.get("reason", "")))
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise BaselineError(f"baseline {path}: entry {i} is malformed ({exc!r}); status must be "
                                "'accepted' or 'false_positive'") from exc
        entries[entry.fingerprint] = entry
    return entries


def compare(findings: Sequence[Finding], baseline: dict[str, BaselineEntry] | None) -> Comparison:
    """Split findings into new / known / false positives; list baseline entries no longer seen."""
    if baseline is None:
        return Comparison(new=tuple(findings), known=(), false_positives=(), stale=())
    new, known, fps = [], [], []
    for f in findings:
        entry = baseline.get(f.fingerprint)
        if entry is None:
            new.append(f)
        elif entry.status is Status.FALSE_POSITIVE:
            fps.append(f)
        else:
            known.append(f)
    seen = {f.fingerprint for f in findings}
    stale = tuple(e for fp, e in sorted(baseline.items()) if fp not in seen)
    return Comparison(tuple(new), tuple(known), tuple(fps), stale)


def updated_entries(findings: Sequence[Finding], previous: dict[str, BaselineEntry] | None) -> list[BaselineEntry]:
    """The baseline for this run's findings, keeping a reviewer's status and reason where set."""
    previous = previous or {}
    entries = []
    for f in findings:
        old = previous.get(f.fingerprint)
        entries.append(BaselineEntry(
            fingerprint=f.fingerprint, kind=f.kind.value, claims=(f.pair.a.text, f.pair.b.text),
            articles=(f.pair.a.article_id, f.pair.b.article_id),
            status=old.status if old else Status.ACCEPTED, reason=old.reason if old else ""))
    return sorted(entries, key=lambda e: e.fingerprint)


def write_baseline(path: Path, entries: Sequence[BaselineEntry]) -> None:
    data = {"version": VERSION, "entries": [
        {"fingerprint": e.fingerprint, "kind": e.kind, "claims": list(e.claims), "articles": list(e.articles),
         "status": e.status.value, "reason": e.reason} for e in sorted(entries, key=lambda e: e.fingerprint)]}
    atomic_write(path, json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n")


def mark(entries: dict[str, BaselineEntry], fingerprints: Sequence[str], status: Status,
         reason: str) -> list[BaselineEntry]:
    """The baseline with a reviewer's ``status`` and ``reason`` set on the entries ``fingerprints`` name
    (a unique prefix of at least 6 hex digits is enough, as with git commits)."""
    if status is Status.FALSE_POSITIVE and not reason.strip():
        raise BaselineError("say why a finding is a false positive: --reason TEXT (the report shows it)")
    chosen = {}
    for given in fingerprints:
        matches = [fp for fp in entries if fp.startswith(given.strip().lower())] if len(given.strip()) >= 6 else []
        if len(matches) != 1:
            what = "several entries" if matches else "no entry"
            raise BaselineError(f"the baseline has {what} for fingerprint {given!r}; use the fingerprint the "
                                "report shows (a finding gets an entry when the baseline is written with "
                                "--update-baseline)")
        chosen[matches[0]] = replace(entries[matches[0]], status=status, reason=reason.strip())
    return [chosen.get(fp, e) for fp, e in entries.items()]
