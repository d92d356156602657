"""Report stage: a ``RunResult`` → text in one of the formats; writing happens in ``files``."""

from __future__ import annotations

import enum
import json
from typing import assert_never

from factcheck.pipeline import RunResult
from factcheck.report.document import document
from factcheck.report.markdown import render_markdown
from factcheck.report.sarif import render_sarif


class Format(enum.StrEnum):
    MARKDOWN = "markdown"
    JSON = "json"
    SARIF = "sarif"

    @property
    def filename(self) -> str:
        return {"markdown": "consistency.md", "json": "consistency.json", "sarif": "consistency.sarif"}[self.value]


def render(result: RunResult, fmt: Format) -> str:
    doc = document(result)
    match fmt:
        case Format.MARKDOWN:
            return render_markdown(doc)
        case Format.JSON:
            return json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        case Format.SARIF:
            return render_sarif(doc)
        case _:
            assert_never(fmt)
