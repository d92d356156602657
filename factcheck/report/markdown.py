"""The Markdown report (``reports/consistency.md``), rendered from the report document."""

from __future__ import annotations

import string
from collections import Counter
from typing import Any

from factcheck.records import REPORT_HEADING
from factcheck.report.escape import md_code, md_text

LABEL_TEXT = {"changed_over_time": "possibly changed over time", "sources_disagree": "sources disagree",
              "numeric_mismatch": "numbers differ", "same_wording": "same wording (copied text)"}
AGREEMENTS_LISTED = 100
"""Agreements written out in full in the Markdown (the strongest; reworded before copied text). A large
corpus has thousands (~3,000 in 1,000 news articles), which would bury the contradictions; the JSON
report has them all. Contradictions are always listed in full."""
MANY = 3
"""A claim in this many listed contradictions or more is named in "Claims in several contradictions"."""


def render_markdown(doc: dict[str, Any]) -> str:
    c = doc["counts"]
    th = doc["thresholds"]
    one_way = f" or one direction ≥ {th['one_way']:.2f}" if th.get("one_way") is not None else ""
    baseline = md_code(doc["baseline"], cell=True) if doc["baseline"] else "none (every finding counts as new)"
    out = [REPORT_HEADING, ""]
    out += ["| | |", "|---|---|",
            f"| Corpus | {md_code(doc['corpus'], cell=True)}: {c['articles']} articles, {c['skipped_files']} skipped |",
            f"| Model | {md_code(doc['model'], cell=True)} |",
            f"| Thresholds | contradiction: mean P(contradiction) of both directions ≥ {th['contradiction']:.2f}"
            f"{one_way}; agreement: max P(entailment) ≥ {th['agreement']:.2f}; "
            f"at most {th['max_pairs_per_claim']} partners per claim |",
            f"| Baseline | {baseline} |",
            f"| NLI scores | {c['pairs_scored']} pairs: {c['pairs_scored'] - c['pairs_from_cache']} scored by the "
            f"model, {c['pairs_from_cache']} from the cache |",
            f"| factcheck | {doc['factcheck_version']} |", ""]
    out += ["## Summary", "",
            "| contradictions | new | agreements | claims | sentences dropped | pairs compared | "
            "candidate pairs | all cross-article pairs |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {c['contradictions']} | {c['new_contradictions']} | {c['agreements']} | {c['claims']} | "
            f"{c['dropped_sentences']} | {c['pairs_scored']} | {c['candidate_pairs']} | "
            f"{c['all_cross_article_pairs']} |", ""]
    out += _many(doc["contradictions"])
    out += _section("Contradictions", doc["contradictions"], "No contradiction reached the threshold.")
    out += _section("Agreements", doc["agreements"][:AGREEMENTS_LISTED], "No agreement reached the threshold.")
    if len(doc["agreements"]) > AGREEMENTS_LISTED:
        out += [f"The {AGREEMENTS_LISTED} strongest of {len(doc['agreements'])} agreements are listed; the other "
                f"{len(doc['agreements']) - AGREEMENTS_LISTED} are in consistency.json (`agreements`, same order).", ""]
    if doc["false_positives"]:
        out += ["## Marked as false positives in the baseline", ""]
        out += [f"- {md_code(f['fingerprint'])}: {md_text(f['claims'][0]['text'], 160)} ↔ "
                f"{md_text(f['claims'][1]['text'], 160)}" + (f" — *{md_text(f['reason'], 300)}*" if f["reason"] else "")
                for f in doc["false_positives"]] + [""]
    if doc["stale_baseline_entries"]:
        out += ["## Stale baseline entries (no longer found)", ""]
        out += [f"- {md_code(e['fingerprint'])} ({e['kind']}, {e['status']}): {md_text(e['claims'][0], 160)} ↔ "
                f"{md_text(e['claims'][1], 160)}" for e in doc["stale_baseline_entries"]] + [""]
    out += _articles(doc)
    out += ["## Skipped files", ""]
    if doc["skipped"]:
        out += ["| file | reason |", "|---|---|"]
        out += [f"| {md_code(s['path'], cell=True)} | {md_text(s['reason'])} |" for s in doc["skipped"]]
    else:
        out += ["None."]
    out += ["", "## Dropped sentences", ""]
    if doc["dropped"]:
        out += ["| reason | count |", "|---|---:|"]
        out += [f"| {reason} | {n} |" for reason, n in doc["dropped"].items()]
    else:
        out += ["None."]
    return "\n".join(out) + "\n"


def _many(contradictions: list[dict[str, Any]]) -> list[str]:
    """The claims that several listed contradictions share, with the numbers of those contradictions."""
    where: dict[tuple[str, int, str], list[int]] = {}
    for i, f in enumerate(contradictions, 1):
        for c in f["claims"]:
            where.setdefault((c["article"], c["line"], c["text"]), []).append(i)
    many = sorted(((k, v) for k, v in where.items() if len(v) >= MANY), key=lambda kv: (-len(kv[1]), kv[0]))
    if not many:
        return []
    out = ["## Claims in several contradictions", "",
           "One claim against many partners is either at the centre of a dispute (a denial contradicts every "
           "accusation) or a sentence the model misreads: read one of its contradictions before the others.", "",
           "| claim | where | contradictions |", "|---|---|---|"]
    out += [f"| {md_text(text, 160)} | {md_code(f'{article}:{line}', cell=True)} | {len(numbers)}: "
            f"{', '.join(f'#{n}' for n in numbers)} |" for (article, line, text), numbers in many]
    return [*out, ""]


def _articles(doc: dict[str, Any]) -> list[str]:
    """The articles read, with how many findings each one is in, merged pairs included (the odd one out
    shows); agreements beyond ``AGREEMENTS_LISTED`` count too."""
    counts = {kind: Counter(a for f in doc[kind] for a in {c["article"] for p in [f, *f["merged_duplicates"]]
                                                            for c in p["claims"]})
              for kind in ("contradictions", "agreements")}
    out = ["## Articles", "", "| file | title | outlet | date | contradictions | agreements |",
           "|---|---|---|---|---:|---:|"]
    for a in doc["articles"]:
        title = md_text(a["title"], 200) if a["title"] != a["id"] else ""  # no title: the file name is shown once
        out.append(f"| {md_code(a['id'], cell=True)} | {title} | {md_text(a['outlet'] or '')} | {a['date'] or ''} | "
                   f"{counts['contradictions'][a['id']]} | {counts['agreements'][a['id']]} |")
    return [*out, ""]


def _section(title: str, findings: list[dict[str, Any]], empty: str) -> list[str]:
    out = [f"## {title}", ""]
    if not findings:
        return [*out, empty, ""]
    for i, f in enumerate(findings, 1):
        tags = [("**NEW**" if f["status"] == "new" else "known")] + [LABEL_TEXT.get(x, x) for x in f["labels"]]
        out += [f"### {i}. {' · '.join(tags)} · confidence {f['confidence']:.2f}", ""]
        for claim in f["claims"]:
            out += _claim(claim)
        a2b, b2a = f["scores"]["a_to_b"], f["scores"]["b_to_a"]
        why = [f"shared entities {', '.join(_entity(e, f['claims']) for e in f['shared_entities'])}"] \
            if f["shared_entities"] else []
        why += [f"shared words {', '.join(md_text(w) for w in f['shared_words'])}"] if f["shared_words"] else []
        out += [f"- Why compared: {'; '.join(why)} (pairing score {f['pair_score']:.3f})",
                f"- Scores (A→B / B→A): contradiction {a2b['contradiction']:.3f} / {b2a['contradiction']:.3f}, "
                f"entailment {a2b['entailment']:.3f} / {b2a['entailment']:.3f}, "
                f"neutral {a2b['neutral']:.3f} / {b2a['neutral']:.3f}",
                f"- Fingerprint: {md_code(f['fingerprint'])}"]
        if f["merged_duplicates"]:
            out.append(f"- Also found between {len(f['merged_duplicates'])} near-identical pair(s): " + "; ".join(
                f"{md_code(d['claims'][0]['article'] + ':' + str(d['claims'][0]['line']))} ↔ "
                f"{md_code(d['claims'][1]['article'] + ':' + str(d['claims'][1]['line']))}"
                for d in f["merged_duplicates"]))
        out.append("")
    return out


def _entity(key: str, claims: list[dict[str, Any]]) -> str:
    """A shared entity key, saying when it is the speaker of a side: a link through who speaks is weaker
    than one through what is said."""
    sides = [side for side, c in zip("AB", claims, strict=True) if c["speaker"] == key]
    return md_text(key) + (f" (speaker of {' and '.join(sides)})" if sides else "")


def _claim(c: dict[str, Any]) -> list[str]:
    meta = ", ".join(x for x in (c["outlet"], c["date"]) if x)
    name = md_text(string.capwords(c["speaker"])) if c["speaker"] else ""
    who = f" — quoting {name}" if name and c["is_quote"] else (f" — attributed to {name}" if name else "")
    head = f"**{md_text(c['title'], 200)}**" + (f" ({md_text(meta)})" if meta else "")
    out = [f"{head} {md_code(c['article'] + ':' + str(c['line']))}{who}", "", f"> {md_text(c['text'])}", ""]
    if c["model_text"]:
        out += [f"*compared as:* {md_text(c['model_text'])}", ""]
    return out
