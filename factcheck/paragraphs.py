"""An article's text as the paragraphs that spaCy reads: a hard-wrapped paragraph's lines joined,
a paragraph too long for the parser cut at sentence ends, British single quotation marks made double.
Offsets stay those of the article text. Part of the claims cache digest (``claims.rules_digest``)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_LINE = 10_000
"""Longest piece of a paragraph given to spaCy at once: its parser needs about 1 GB per 100,000
characters and refuses more than 1,000,000, and no news paragraph comes near (the longest in the
data here: ~1,100). A longer one is cut at sentence ends (``pieces``)."""
_END_MARK = r"[.!?][\"”’')\]]*"
"""A sentence's closing punctuation, with any closing quotes or brackets after it."""
_SENTENCE_END = re.compile(_END_MARK + r"\s+")
TERMINAL = re.compile(_END_MARK + r"\s*$")
WRAP_WIDTH = 120
"""Texts whose widest line is longer are not hard-wrapped (one paragraph per line, as scraped news is)."""
_LIST_ITEM = re.compile(r"[-•*]\s|\d{1,3}[.)]\s")


@dataclass(frozen=True)
class Line:
    start: int
    """Offset of the paragraph in the article text."""
    text: str
    """Its text (line breaks inside it read as spaces)."""


def paragraphs(text: str, block_starts: tuple[int, ...] | None = None) -> list[Line]:
    """The paragraphs of an article: its non-empty lines, except that the lines of a hard-wrapped
    paragraph are one (the line breaks read as spaces, so offsets still point into the text). A line
    continues the one above it when that one ends mid-sentence and either this one starts in lower
    case or the text is hard-wrapped and this line's first word would not have fitted on the line
    above. Hard-wrapped: no line longer than ``WRAP_WIDTH``, and of the lines that end mid-sentence
    above another line, at least two and more than half are that full (the widest line is taken as
    the wrap width); scraped news, one paragraph per line, is not. Where the format says which lines
    begin a block (``block_starts``: Markdown, HTML), that is followed instead of the guess."""
    rows: list[Line | None] = []
    pos = 0
    for line in text.split("\n"):
        rows.append(Line(pos + len(line) - len(line.lstrip()), line.strip()) if line.strip() else None)
        pos += len(line) + 1
    pairs = list(itertools.pairwise([None, *rows]))
    starts = set(block_starts) if block_starts is not None else None
    width, wrapped = 0, False
    if starts is None:  # plain text: guess whether it is hard-wrapped
        width = max((len(r.text) for r in rows if r), default=0)
        open_lines = [(a.text, b.text) for a, b in pairs if a and b and _open(a.text, b.text)]
        full = sum(_full(a, b, width) for a, b in open_lines)
        wrapped = width <= WRAP_WIDTH and full >= 2 and full > len(open_lines) / 2
    spans: list[list[int]] = []  # [start, end] of each paragraph
    for i, (prev, row) in enumerate(pairs):
        if row is None:
            continue
        if starts is not None:
            joined = prev is not None and i not in starts
        else:
            joined = prev is not None and _open(prev.text, row.text) and (
                row.text[:1].islower() or (wrapped and _full(prev.text, row.text, width)))
        if joined:
            spans[-1][1] = row.start + len(row.text)
        else:
            spans.append([row.start, row.start + len(row.text)])
    return [Line(start, text[start:end].replace("\n", " ")) for start, end in spans]


def _open(above: str, line: str) -> bool:
    """``above`` ends mid-sentence, and ``line`` is not a list item."""
    return not (TERMINAL.search(above) or above.endswith(":") or _LIST_ITEM.match(line))


def _full(above: str, line: str, width: int) -> bool:
    """The first word of ``line`` would not have fitted on ``above``."""
    return len(above) + 1 + len(line.split()[0]) > width


def pieces(start: int, text: str) -> Iterator[Line]:
    """A paragraph as lines of at most ``MAX_LINE`` characters, cut after the last sentence end (else the
    last space) before the limit; each keeps its offset in the article."""
    while len(text) > MAX_LINE:
        ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, MAX_LINE)]
        cut = (ends[-1] if ends else text.rfind(" ", 0, MAX_LINE) + 1) or MAX_LINE
        rest = text[cut:]
        yield Line(start, text[:cut].rstrip())
        start, text = start + cut + len(rest) - len(rest.lstrip()), rest.lstrip()
    if text:
        yield Line(start, text)


_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–-]))[‘'](?=\w)")
_SINGLE_CLOSE = re.compile(r"(?<=\S)[’'](?!\w)")


def double_quotes(text: str) -> str:
    """``text`` with single quotation marks (British style: ``‘We are not in a hurry,’ he said``) made
    double, one character for one, so that quotes and their speakers are found the same way; a line
    that has double quotes is left alone (its single quotes are quotes inside quotes). A closing mark
    is a ’ (or ') not followed by a letter — not the apostrophe of Russia’s — after an opening one,
    preferably one right after a punctuation mark (‘…,’), not the players’ of ‘The players’ union …’."""
    if "“" in text or '"' in text or not _SINGLE_OPEN.search(text):
        return text
    out = list(text)
    pos = 0
    while (m := _SINGLE_OPEN.search(text, pos)) is not None:
        following = _SINGLE_OPEN.search(text, m.end())
        limit = following.start() if following else len(text)
        closes = [c.start() for c in _SINGLE_CLOSE.finditer(text, m.end(), limit)]
        if not closes:
            pos = m.end()
            continue
        close = next((c for c in closes if text[c - 1] in ",.!?;:"), closes[-1])
        out[m.start()], out[close] = "“", "”"
        pos = close + 1
    return "".join(out)
