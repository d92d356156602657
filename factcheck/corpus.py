"""Corpus stage: a folder (or one file) of .txt/.md/.html articles → ``Article`` and ``Skipped`` records.

Metadata (title, outlet, date, url) comes from YAML front matter at the top of a file, or from a
``manifest.yaml`` (or ``manifest.json``) in the corpus root: a mapping of file paths to the same
fields, or a list (or ``{"articles": [...]}``) of objects with a ``file`` key. Front matter wins.
Files that cannot be used become ``Skipped`` records with a reason; the run goes on.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import html.parser
import json
import os
import posixpath
import re
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

import yaml

from factcheck.errors import InputError, first_line
from factcheck.markup import markdown_to_text
from factcheck.records import REPORT_HEADING, Article, Skipped

EXTENSIONS = (".txt", ".md", ".markdown", ".html", ".htm")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML was built with it (the same documents, faster)."""
MANIFESTS = ("manifest.yaml", "manifest.yml", "manifest.json")
MAX_BYTES = 5_000_000
"""Articles larger than this are skipped: no news article is 5 MB of text."""
META_FIELDS = ("title", "outlet", "date", "url")
DATE_FORMATS = ("%Y/%m/%d", "%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y")
"""Dates read besides ISO ``YYYY-MM-DD``: only forms that cannot be read two ways (not 06/08/2025)."""
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?([-\w.:]+)|<\?xml[^>]*?encoding\s*=\s*["']([-\w.:]+)""", re.I)
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
                    "ascii": "cp1252"}
"""What browsers read these labels as (WHATWG Encoding): windows-1252."""
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATELINE = re.compile(rf"(?:(?:last |first )?updated|published|posted)\b|\d{{1,2}} {_MONTH},? \d{{4}}\b"
                       rf"|{_MONTH} \d{{1,2}},? \d{{4}}\b|\d{{4}}-\d{{2}}-\d{{2}}\b", re.I)
"""A line that starts like a dateline or time stamp: not a headline."""
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*\r?\n", re.S)


def load_corpus(root: Path, exclude: Sequence[Path] = ()) -> tuple[list[Article], list[Skipped]]:
    """Read every article under ``root`` (recursively, sorted by path) or the single file ``root``;
    folders in ``exclude`` (where this run writes its reports) are not read."""
    if not root.exists():
        raise InputError(f"{root}: no such file or directory")
    folder = not root.is_file()  # a folder (or anything else that exists: walked, yields nothing)
    if folder:
        base, files, unread = root, *_walk(root, {p.resolve() for p in exclude})
    else:
        base, files, unread = root.parent, [root], []
    manifest = _read_manifest(base) if folder else {}
    articles: list[Article] = []
    skipped: list[Skipped] = unread
    inside = base.resolve()
    rels = [path.relative_to(base).as_posix() for path in files]
    for path, rel in zip(files, rels, strict=True):
        if folder and _outside(path, inside):  # a pull request could link to ~/.ssh/id_rsa
            skipped.append(Skipped(rel, "a link to a file outside the corpus folder (not read)"))
            continue
        result = read_article(path, rel, manifest.get(rel, {}))
        if isinstance(result, Article):
            articles.append(result)
        else:
            skipped.append(result)
    read = set(rels)
    skipped += [Skipped(rel, "listed in the manifest, but no article file (.txt, .md, .html) has this path")
                for rel in sorted(manifest) if rel not in read]  # a typo there would lose metadata silently
    return articles, skipped


def _outside(path: Path, folder: Path) -> bool:
    """Whether ``path`` (a link, or in a linked folder) leads out of ``folder``; a link loop does not
    (reading it then fails with its own reason)."""
    try:
        return not path.resolve().is_relative_to(folder)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return False


def _walk(root: Path, exclude: set[Path]) -> tuple[list[Path], list[Skipped]]:
    """The article files under ``root``, and the folders that could not be listed (as ``Skipped``)."""
    found: list[Path] = []
    errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=errors.append):  # no followlinks: no loops
        dirnames[:] = sorted(d for d in dirnames
                             if not d.startswith(".") and (Path(dirpath) / d).resolve() not in exclude)
        found.extend(Path(dirpath) / f for f in filenames if f.lower().endswith(EXTENSIONS)
                     and not f.startswith(".") and f.lower() not in ("readme.md", "license.md"))
    unread = [Skipped(Path(e.filename).relative_to(root).as_posix() + "/",  # a folder without read permission
                      f"folder not readable: {e.strerror or e}") for e in errors if e.filename]
    return sorted(found, key=lambda p: p.relative_to(root).as_posix()), sorted(unread, key=lambda s: s.path)


def _read_manifest(root: Path) -> dict[str, dict[str, Any]]:
    path = next((root / name for name in MANIFESTS if (root / name).exists()), None)
    if path is None:
        return {}
    try:
        text = path.read_text(encoding="utf-8-sig")  # a BOM from a Windows editor is not content
        # JSON is YAML too, but the JSON parser is ~50x faster on a manifest of thousands of articles
        data = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=_YAML_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:  # JSONDecodeError is a ValueError
        raise InputError(f"{path}: cannot read the manifest: {exc}") from exc
    if data is None:
        return {}
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, list) and all(isinstance(v, dict) and "file" in v for v in data):
        data = {v["file"]: v for v in data}
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise InputError(f"{path}: the manifest must map file paths to {{title, outlet, date, url}} "
                         "or list objects with a 'file' key")
    return {posixpath.normpath(str(k).replace("\\", "/")): v for k, v in data.items()}  # ./a.txt and sub\a.txt too


def read_article(path: Path, rel: str, meta: dict[str, Any]) -> Article | Skipped:
    """One file → an ``Article``, or a ``Skipped`` record saying why it cannot be used."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a named pipe would block the run forever
            return Skipped(rel, "not a regular file")
        size = info.st_size
        if size > MAX_BYTES:
            return Skipped(rel, f"larger than {MAX_BYTES // 1_000_000} MB ({size:,} bytes)")
        raw = path.read_bytes()
    except OSError as exc:
        return Skipped(rel, f"unreadable: {exc.strerror or exc}")
    utf16 = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))  # Windows "Unicode" text
    if b"\x00" in raw[:8192] and not utf16:
        return Skipped(rel, "binary file (contains NUL bytes)")
    try:
        content = raw.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError:
        charset = html_charset(raw) if path.suffix.lower() in (".html", ".htm") else None
        try:
            if charset is None:
                raise
            content = raw.decode(charset)  # a page saved in the charset its <meta> names
        except UnicodeDecodeError as exc:
            name = f"{charset} as it declares" if charset else "UTF-16" if utf16 else "UTF-8"
            return Skipped(rel, f"not {name} (invalid byte at offset {exc.start}); re-save it as UTF-8")
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    if content.startswith(REPORT_HEADING):
        return Skipped(rel, "a factcheck report, not an article")
    line_offset = 0
    match = _FRONT_MATTER.match(content)
    if match:
        try:
            front = yaml.safe_load(match.group(1)) or {}
        except (yaml.YAMLError, ValueError) as exc:  # PyYAML raises ValueError for dates like 2025-13-45
            return Skipped(rel, f"bad front matter: {first_line(exc)}")
        if not isinstance(front, dict):
            return Skipped(rel, "bad front matter: expected key: value lines")
        meta = {**meta, **front}
        line_offset = content[:match.end()].count("\n")
        content = content[match.end():]
    blocks = None
    if path.suffix.lower() in (".html", ".htm"):
        content, html_title = html_to_text(content)
        meta = {"title": html_title, **meta} if html_title else meta
        line_offset = 0
        blocks = tuple(i for i, line in enumerate(content.split("\n")) if line)  # a block is one line
    elif path.suffix.lower() in (".md", ".markdown"):
        content, blocks = markdown_to_text(content)  # line for line: line_offset still holds
    if not content.strip():
        return Skipped(rel, "empty (no text)")
    try:
        date = _date(meta.get("date"))
    except ValueError as exc:
        return Skipped(rel, f"bad date {meta.get('date')!r}: {exc}; use YYYY-MM-DD "
                               "(or e.g. August 6, 2025)")
    title = str(meta.get("title") or _first_line(content))
    return Article(id=rel, title=title.strip(), outlet=_opt(meta.get("outlet")), date=date,
                   url=_opt(meta.get("url")), text=content, line_offset=line_offset,
                   content_hash=hashlib.sha256(content.encode()).hexdigest(), block_starts=blocks)


def html_charset(raw: bytes) -> str | None:
    """The character encoding an HTML page declares in its first 1,024 bytes (``<meta charset>``,
    ``<meta http-equiv content="…; charset=…">`` or an XML declaration), if Python knows it."""
    match = _CHARSET.search(raw[:1024])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _opt(value: Any) -> str | None:
    return str(value).strip() or None if value is not None else None


def _date(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = " ".join(str(value).split())
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            pass
    return dt.date.fromisoformat(text[:10]).isoformat()  # 2025-08-06T10:00:00Z and other ISO forms


def _first_line(text: str) -> str:
    """The first line when it reads as a headline (≤ 15 words, no closing full stop), else ''; a
    dateline above it ("21 July 2013 Last updated at 11:11 GMT", "Posted 11/27/2005") is passed over."""
    lines = (line.strip() for line in text.splitlines() if line.strip())
    first = next((line for line in lines if not _DATELINE.match(line)), "")
    return first if len(first.split()) <= 15 and not first.endswith((".", "!", "?", "”", '"')) else ""


class _TextExtractor(html.parser.HTMLParser):
    """Visible text, one block per line, each block on the line of the source where its text starts
    (or the next free one), so that ``file:line`` points into the page; white space inside a block,
    line breaks included, is one space, as a browser shows it."""

    BLOCK: ClassVar[set[str]] = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th",
                                 "section", "article", "header", "blockquote", "figcaption", "caption", "dt", "dd",
                                 "pre", "main", "address", "hr", "ul", "ol", "table", "dl", "figure"}
    """Elements that start a new line of text (a table cell too: 'Name' and 'Age' are not 'NameAge')."""
    SKIP: ClassVar[set[str]] = {"script", "style", "noscript", "template", "svg", "head",  # not text
                                "nav", "footer", "aside", "form", "button", "select", "iframe",  # page furniture
                                "del", "s", "strike"}  # struck-out words: what the page no longer says

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False
        self._row = 1  # the output line being written
        self._new_block = True

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.SKIP:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in self.BLOCK:
            self._new_block = True

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in self.BLOCK:
            self._new_block = True

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
            return
        if self._skip or (self._new_block and not data.strip()):
            return
        if self._new_block:
            lead = data[:len(data) - len(data.lstrip())]
            row = self.getpos()[0] + lead.count("\n")  # the source line of the block's first word
            breaks = row - self._row if row > self._row else int(bool(self.parts))
            self.parts.append("\n" * breaks)
            self._row += breaks
            self._new_block = False
            data = data.lstrip()
        self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> tuple[str, str]:
    """Visible text of an HTML page, one block per line on its source line (as far as the page's
    layout allows), and its <title>."""
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    lines = (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(lines).rstrip("\n"), " ".join("".join(parser.title).split())
