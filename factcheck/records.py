"""The records that flow through the pipeline. All frozen; each field says what it holds."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

REPORT_HEADING = "# factcheck consistency report"
"""The first line of every Markdown report: the corpus reader skips such files (a report written into
the folder it checks is not an article)."""


@dataclass(frozen=True)
class Article:
    id: str
    """Path relative to the corpus root, with forward slashes (the file name for a single file)."""
    title: str
    """Title from metadata, else the first line when it reads as a headline, else empty."""
    outlet: str | None
    """Publisher from metadata, if given."""
    date: str | None
    """Publication date as ISO ``YYYY-MM-DD`` from metadata, if given."""
    url: str | None
    """Canonical URL from metadata, if given."""
    text: str
    """The article body (front matter removed, HTML turned into text)."""
    line_offset: int
    """Lines of the file before ``text`` starts (front matter), so spans map to file lines."""
    content_hash: str
    """sha256 of ``text``: the article's identity for caches."""
    block_starts: tuple[int, ...] | None = None
    """0-based lines of ``text`` that begin a block (paragraph, list item, heading) where the file's
    format says so (Markdown, HTML); None for plain text, whose wrapped lines ``paragraphs`` finds."""

    @property
    def key(self) -> str:
        """Rename-proof identity for fingerprints: URL, else title, else the content hash."""
        return self.url or self.title.strip().lower() or self.content_hash


@dataclass(frozen=True)
class Skipped:
    path: str
    """The file that was not used, relative to the corpus root."""
    reason: str
    """Why, in words a user can act on."""


@dataclass(frozen=True)
class Claim:
    article_id: str
    """``Article.id`` of the article the sentence is in."""
    text: str
    """The sentence as written (the line breaks of a hard-wrapped paragraph read as spaces)."""
    start: int
    """Character offset of the sentence in ``Article.text`` (``text`` is as long as the span)."""
    end: int
    """Character offset just past the sentence."""
    line: int
    """1-based line of the sentence in the file."""
    entities: tuple[str, ...]
    """Canonical entity keys (sorted, unique), e.g. ``("russia", "vladimir putin")``."""
    speaker: str | None = None
    """Canonical key of the person quoted, when the sentence is an attributed quotation."""
    is_quote: bool = False
    """True when the sentence holds quoted speech."""
    model_text: str | None = None
    """Self-contained text given to the NLI model when it differs from ``text`` (pronouns resolved)."""

    @property
    def nli_text(self) -> str:
        return self.model_text or self.text


@dataclass(frozen=True)
class ClaimPair:
    a: Claim
    """Claim from the article that sorts first."""
    b: Claim
    """Claim from another article."""
    shared: tuple[str, ...]
    """Entity keys both claims mention (why the pair was compared)."""
    score: float
    """Pairing score: entity rarity plus lexical closeness; higher is compared first."""
    shared_words: tuple[str, ...] = ()
    """Up to five content words both claims use (the rest of why the pair was compared)."""


@dataclass(frozen=True)
class PairScores:
    forward: dict[str, float]
    """Label → probability with ``a`` as premise and ``b`` as hypothesis."""
    backward: dict[str, float]
    """Label → probability with ``b`` as premise and ``a`` as hypothesis."""


class Kind(enum.StrEnum):
    CONTRADICTION = "contradiction"
    AGREEMENT = "agreement"


@dataclass(frozen=True)
class Finding:
    kind: Kind
    """Contradiction or agreement."""
    pair: ClaimPair
    """The two claims."""
    scores: PairScores
    """The model's probabilities in both directions."""
    confidence: float
    """The aggregated probability the decision was made on."""
    labels: tuple[str, ...]
    """Qualifiers: ``changed_over_time``, ``sources_disagree``, ``numeric_mismatch`` (contradictions);
    ``same_wording`` (agreements)."""
    fingerprint: str
    """Stable id: hash of kind, normalised texts and article keys (no scores or positions)."""
    duplicates: tuple[ClaimPair, ...] = ()
    """Near-identical pairs merged into this finding."""


@dataclass(frozen=True)
class ClaimStats:
    sentences: int
    """Sentences seen in all articles."""
    claims: int
    """Sentences kept as claims."""
    dropped: dict[str, int] = field(default_factory=dict)
    """Reason → number of sentences or lines dropped for it."""
