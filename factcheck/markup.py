"""Markdown articles as plain text, line for line (markdown-it-py, CommonMark and GitHub tables): emphasis, links,
images, inline code, list and quote markers and heading hashes go; the words stay on the source line
they were on, so that the report's ``file:line`` points into the .md file. Fenced code, HTML blocks
and rules become empty lines; an indented block is kept as text (in an article it is an indented
paragraph far more often than code)."""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
"""CommonMark plus GitHub's tables (a row's cells become one line of text) and ~~strikethrough~~ (dropped)."""


def markdown_to_text(source: str) -> tuple[str, tuple[int, ...]]:
    """The visible text of ``source``, with as many lines as it has, and the lines where its blocks
    (paragraphs, list items, headings, table rows) begin: the other lines of a block continue it."""
    lines = [""] * (source.count("\n") + 1)
    starts: set[int] = set()
    for token in _PARSER.parse(source):
        if token.type == "inline" and token.map:
            text = _inline_text(token.children or [])
        elif token.type == "code_block" and token.map:  # indented by 4 spaces: an exporter's indented
            text = token.content  # paragraphs far more often than code, in an article
        else:
            continue
        starts.add(token.map[0])
        for i, line in enumerate(text.split("\n")):
            row = token.map[0] + i
            if row < len(lines) and line.strip():
                words = " ".join(line.split())  # one space where struck-out words or markup were
                lines[row] = f"{lines[row]} {words}" if lines[row] else words
    return "\n".join(lines), tuple(sorted(starts))


def _inline_text(children: list[Any]) -> str:
    parts = []
    struck = 0  # ~~words struck out~~ are not what the article says
    for child in children:
        struck += {"s_open": 1, "s_close": -1}.get(child.type, 0)
        if struck:
            continue
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(_inline_text(child.children or []))  # its alt text
    return "".join(parts)
