"""``factcheck eval cases``: the full pipeline on folders of articles with gold findings.

A case is a folder of articles plus ``gold.json`` (see ../shared/data/eval-dev/README.md). Matching:
- a gold entry (``file_a``, ``file_b``) is *found* when the run reports a finding of its kind
  between those two files (a finding merged from near-identical pairs is reported between each
  of their file pairs); where the entry gives ``span_a``/``span_b`` the reported sentences must
  also overlap them: token containment ≥ ``SPAN_MATCH`` on both sides, where
  containment(x, y) = |words(x) ∩ words(y)| / min(|words(x)|, |words(y)|);
- a reported contradiction counts once per file pair for article-level gold and once per sentence
  pair where gold has spans. It is a *true positive* when it matches a gold contradiction, a
  *false alarm* when its file pair is listed as an agreement or as no-relation, *unmatched* when
  its file pair has gold contradictions but none overlaps it, *unverified* when the file pair has
  no gold entry (not counted in precision), and ignored on ``unscored_pairs``. Agreements alike.
Precision = TP / (TP + false alarms + unmatched); recall = found gold entries / gold entries.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factcheck.config import Config
from factcheck.errors import InputError
from factcheck.nli import Scorer
from factcheck.pipeline import run
from factcheck.records import ClaimPair, Finding, Kind

SPAN_MATCH = 0.5
"""Token containment needed for a reported sentence to match a gold span."""


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def containment(x: str, y: str) -> float:
    wx, wy = words(x), words(y)
    if not wx or not wy:
        return 0.0
    return len(wx & wy) / min(len(wx), len(wy))


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


@dataclass
class Tally:
    gold: int = 0
    found: int = 0
    tp: int = 0
    false_alarms: int = 0
    unmatched: int = 0
    unverified: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        for name in ("gold", "found", "tp", "false_alarms", "unmatched", "unverified"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def figures(self) -> dict[str, Any]:
        p = self.tp / (self.tp + self.false_alarms + self.unmatched) if self.tp + self.false_alarms + \
            self.unmatched else 0.0
        r = self.found / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": p, "recall": r, "f1": f, "gold": self.gold, "found": self.found, "tp": self.tp,
                "false_alarms": self.false_alarms, "unmatched": self.unmatched, "unverified": self.unverified}


def _span_ok(entry: dict[str, Any], pair: ClaimPair) -> bool:
    if not entry.get("span_a") and not entry.get("span_b"):
        return True
    a, b = pair.a, pair.b
    if a.article_id != entry["file_a"]:
        a, b = b, a
    return all(containment(span, claim.text) >= SPAN_MATCH
               for span, claim in ((entry.get("span_a"), a), (entry.get("span_b"), b)) if span)


def score_case(gold: dict[str, Any], findings: list[Finding], kind: Kind) -> Tally:
    """Match one case's findings of ``kind`` against its gold (rules in the module docstring)."""
    own = "contradictions" if kind is Kind.CONTRADICTION else "agreements"
    other = "agreements" if kind is Kind.CONTRADICTION else "contradictions"
    entries = gold.get(own, [])
    own_pairs = {_key(e["file_a"], e["file_b"]) for e in entries}
    wrong_pairs = {_key(e["file_a"], e["file_b"]) for e in gold.get(other, [])}
    wrong_pairs |= {_key(*p) for p in gold.get("no_relation_expected", [])}
    unscored = {_key(*p) for p in gold.get("unscored_pairs", [])}
    has_spans = any(e.get("span_a") or e.get("span_b") for e in entries)
    t = Tally(gold=len(entries))
    # a finding merged from near-identical pairs was reported between each of their file pairs
    mine = [(f, p) for f in findings if f.kind is kind for p in (f.pair, *f.duplicates)]
    for e in entries:
        if any(_key(p.a.article_id, p.b.article_id) == _key(e["file_a"], e["file_b"]) and _span_ok(e, p)
               for _, p in mine):
            t.found += 1
    seen_units: set[Any] = set()
    for f, p in mine:
        pair = _key(p.a.article_id, p.b.article_id)
        unit = (pair, p.a.text, p.b.text) if has_spans else pair
        if unit in seen_units or pair in unscored:
            continue
        seen_units.add(unit)
        if pair in own_pairs:
            if any(_key(e["file_a"], e["file_b"]) == pair and _span_ok(e, p) for e in entries):
                t.tp += 1
            else:
                t.unmatched += 1
        elif pair in wrong_pairs:
            t.false_alarms += 1
            t.examples.append(f"{p.a.article_id}:{p.a.line} ↔ {p.b.article_id}:{p.b.line} "
                              f"({f.confidence:.2f})")
        else:
            t.unverified += 1
    return t


def check_gold(case: Path, gold: Any) -> None:
    """Fail on a gold.json that names a file the case does not have, or lacks file_a/file_b: such an entry
    could never be found, and would silently count as missed."""
    where = case / "gold.json"
    if not isinstance(gold, dict):
        raise InputError(f"{where}: expected a JSON object with 'contradictions' and 'agreements'")
    pairs = [(e.get("file_a"), e.get("file_b")) if isinstance(e, dict) else (None, None)
             for key in ("contradictions", "agreements") for e in gold.get(key, [])]
    pairs += [tuple(p) if isinstance(p, list) and len(p) == 2 else (None, None)
              for key in ("unscored_pairs", "no_relation_expected") for p in gold.get(key, [])]
    for a, b in pairs:
        for name in (a, b):
            if not isinstance(name, str):
                raise InputError(f"{where}: every entry needs two file names (file_a, file_b), got {a!r}, {b!r}")
            if not (case / name).is_file():
                raise InputError(f"{where}: names {name}, which is not a file of the case")


def evaluate_cases(root: Path, base: Config, scorer: Scorer, nlp: Any,
                   progress: Callable[[float], None] | None = None) -> dict[str, Any]:
    if not root.is_dir():
        raise InputError(f"{root}: not a folder of cases")
    cases = sorted(p for p in root.iterdir() if (p / "gold.json").exists())
    if not cases:
        raise InputError(f"{root}: no sub-folder holds a gold.json")
    per_case = []
    totals = {Kind.CONTRADICTION: Tally(), Kind.AGREEMENT: Tally()}
    by_source: dict[str, dict[Kind, Tally]] = {}
    for case in cases:
        try:
            gold = json.loads((case / "gold.json").read_text(encoding="utf-8-sig"))
        except (OSError, json.JSONDecodeError) as exc:
            raise InputError(f"{case / 'gold.json'}: unreadable ({exc})") from exc
        check_gold(case, gold)
        result = run(Config(corpus=case, thresholds=base.thresholds, max_pairs_per_claim=base.max_pairs_per_claim,
                            model=base.model, cache_path=base.cache_path), scorer=scorer, nlp=nlp)
        source = str(gold.get("source") or "unknown")
        row: dict[str, Any] = {"case": case.name, "source": source, "pairs_scored": result.pairing.kept,
                               "claims": result.claim_stats.claims}
        for kind, tally in totals.items():
            t = score_case(gold, list(result.findings), kind)
            tally.add(t)
            by_source.setdefault(source, {k: Tally() for k in totals})[kind].add(t)
            row[kind.value] = {**t.figures(), "false_alarm_examples": t.examples}
        per_case.append(row)
        if progress:
            progress(1)
    micro = {k.value: t.figures() for k, t in totals.items()}
    worst = sorted(per_case, key=lambda r: (-(r["contradiction"]["false_alarms"] + r["contradiction"]["gold"]
                                               - r["contradiction"]["found"]), r["case"]))[:5]
    return {"cases": per_case, "micro": micro,
            "by_source": {src: {k.value: t.figures() for k, t in tallies.items()}
                          for src, tallies in sorted(by_source.items())},
            "worst": [w["case"] for w in worst], "model": scorer.model_id,
            "thresholds": {"contradiction": base.thresholds.contradiction, "agreement": base.thresholds.agreement},
            "span_match": SPAN_MATCH}


def format_cases_result(r: dict[str, Any]) -> str:
    head = (f"{'case':22s} {'C gold':>6s} {'found':>5s} {'TP':>3s} {'FA':>3s} {'unm':>3s} {'unv':>3s}   "
            f"{'A gold':>6s} {'found':>5s} {'FA':>3s}")
    lines = [f"model {r['model']}  thresholds {r['thresholds']}", "", head]
    for row in r["cases"]:
        c, a = row["contradiction"], row["agreement"]
        lines.append(f"{row['case']:22s} {c['gold']:6d} {c['found']:5d} {c['tp']:3d} {c['false_alarms']:3d} "
                     f"{c['unmatched']:3d} {c['unverified']:3d}   {a['gold']:6d} {a['found']:5d} "
                     f"{a['false_alarms']:3d}")
    lines.append("")
    for kind, m in r["micro"].items():
        lines.append(f"micro {kind:13s} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}  "
                     f"(gold {m['gold']}, found {m['found']}, TP {m['tp']}, false alarms {m['false_alarms']}, "
                     f"unmatched {m['unmatched']}, unverified {m['unverified']})")
    for src, figures in r["by_source"].items():
        c, a = figures["contradiction"], figures["agreement"]
        lines.append(f"source {src}: contradiction P {c['precision']:.3f} R {c['recall']:.3f} "
                     f"(TP {c['tp']}, false alarms {c['false_alarms']}, gold {c['gold']}); "
                     f"agreement P {a['precision']:.3f} R {a['recall']:.3f}")
    lines.append("worst cases (missed + false-alarm contradictions): " + ", ".join(r["worst"]))
    return "\n".join(lines)

