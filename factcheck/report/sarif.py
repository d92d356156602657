"""SARIF 2.1.0 output for code-scanning tools, rendered from the report document.

One result per finding: the first claim is the location, the second a related location.
``partialFingerprints["factcheckFinding/v1"]`` is the finding's fingerprint, so code scanning
tracks a finding across runs, edits elsewhere in the articles and file renames.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from factcheck.corpus import EXTENSIONS as ARTICLE_SUFFIXES

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
RULES = [
    {"id": "FC001", "name": "CrossArticleContradiction",
     "shortDescription": {"text": "Two articles make claims that contradict each other."},
     "fullDescription": {"text": "An NLI model judged a claim in one article to contradict a claim about the same "
                                 "entities in another article (mean P(contradiction) of both directions at or "
                                 "above the threshold)."},
     "defaultConfiguration": {"level": "warning"}},
    {"id": "FC002", "name": "CrossArticleAgreement",
     "shortDescription": {"text": "Two articles make claims that agree."},
     "fullDescription": {"text": "An NLI model judged one claim to entail a claim about the same entities in "
                                 "another article."},
     "defaultConfiguration": {"level": "note"}},
]
_RULE_INDEX = {"contradiction": 0, "agreement": 1}


def render_sarif(doc: dict[str, Any]) -> str:
    results = [_result(f, doc["corpus"]) for f in doc["contradictions"] + doc["agreements"]]
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "factcheck", "version": doc["factcheck_version"],
                                "semanticVersion": doc["factcheck_version"], "rules": RULES}},
            "results": results,
            "properties": {"model": doc["model"], "thresholds": doc["thresholds"], "counts": doc["counts"]},
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def _uri(corpus: str, article: str) -> str:
    """The article's path as a URI reference: the corpus path (itself, when it is one file) joined with the
    article id, percent-encoded (a space or ``#`` in a file name is not a valid URI character);
    ``file://`` when the path is absolute."""
    path = corpus if corpus.lower().endswith(ARTICLE_SUFFIXES) else f"{corpus.rstrip('/')}/{article}"
    return Path(path).as_uri() if Path(path).is_absolute() else quote(path)


def _location(claim: dict[str, Any], corpus: str) -> dict[str, Any]:
    uri = _uri(corpus, claim["article"])
    return {"physicalLocation": {"artifactLocation": {"uri": uri},
                                 "region": {"startLine": claim["line"], "snippet": {"text": claim["text"]}}}}


def _result(f: dict[str, Any], corpus: str) -> dict[str, Any]:
    a, b = f["claims"]
    verb = "contradicts" if f["kind"] == "contradiction" else "agrees with"
    message = (f"{a['title']} ({a['date'] or 'undated'}) {verb} {b['title']} ({b['date'] or 'undated'}): "
               f"\"{a['text']}\" vs \"{b['text']}\" (confidence {f['confidence']:.2f}"
               + (f"; {', '.join(f['labels'])}" if f["labels"] else "") + ")")
    related = _location(b, corpus)
    related["id"] = 1
    related["message"] = {"text": "the other claim"}
    return {
        "ruleId": RULES[_RULE_INDEX[f["kind"]]]["id"],
        "ruleIndex": _RULE_INDEX[f["kind"]],
        "level": "warning" if f["kind"] == "contradiction" else "note",
        "message": {"text": message},
        "locations": [_location(a, corpus)],
        "relatedLocations": [related],
        "partialFingerprints": {"factcheckFinding/v1": f["fingerprint"]},
        "properties": {"confidence": f["confidence"], "labels": f["labels"], "status": f["status"],
                       "sharedEntities": f["shared_entities"], "scores": f["scores"]},
    }
