"""Make article text inert in Markdown: one line, no control characters, no live syntax."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
"""Characters that start Markdown or HTML syntax anywhere in a line."""
_LEADING = re.compile(r"^([-+=]|\d+[.)])")
"""Line starts that would make a list item or heading underline."""
MAX_CHARS = 1200


def md_text(text: str, limit: int = MAX_CHARS) -> str:
    """Article text → one Markdown-safe line (syntax characters backslash-escaped)."""
    text = _CONTROL.sub(" ", text)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rstrip() + " …"
    return _LEADING.sub(r"\\\1", _SPECIAL.sub(r"\\\1", text))


def md_code(text: str, cell: bool = False) -> str:
    """A short value (path, fingerprint) as inline code that no backtick inside can close; in a table
    ``cell`` a ``|`` is escaped too (GitHub's tables split cells on it even inside code)."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    if cell:
        text = text.replace("|", "\\|")
    fence = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
