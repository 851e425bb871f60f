"""Plain data classes shared by every core module and the UI.

All spans are ``(start, end)`` character offsets into ``Article.text``, the
decoded text of the source file (for HTML: the extracted main text).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

# A file name that is not valid UTF-8 reaches Python with each undecodable byte as a lone
# surrogate (U+DC80..U+DCFF, "surrogateescape"); os functions turn it back into the bytes,
# but UTF-8 writers, JSON with ensure_ascii=False and Qt cannot show it.
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def display_text(text: str) -> str:
    """``text`` fit to show or write as UTF-8: each undecodable byte of a file name becomes U+FFFD.

    Paths themselves stay as the OS gave them (so the file can be opened again); this
    is only for what a person reads: labels, messages, exported documents.
    """
    return _SURROGATE.sub(REPLACEMENT, text) if _SURROGATE.search(text) else text


def escape_surrogates(text: str) -> str:
    """Lone surrogates as ``\\udcXX`` escapes: for JSON text (``json.loads`` gives the
    surrogate back and ``os.fsencode`` the original bytes)."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

# Paragraph kinds. Only BODY paragraphs are aligned, diffed and topic-matched.
TITLE = "title"
BYLINE = "byline"
HEADING = "heading"
BODY = "body"
BOILERPLATE = "boilerplate"
PARAGRAPH_KINDS = (TITLE, BYLINE, HEADING, BODY, BOILERPLATE)


@dataclass
class ArticleMeta:
    title: Optional[str] = None
    outlet: Optional[str] = None
    authors: list[str] = field(default_factory=list)
    dateline: Optional[str] = None
    published: Optional[str] = None  # ISO date YYYY-MM-DD
    url: Optional[str] = None

    def merged_with(self, overrides: dict) -> "ArticleMeta":
        """Return a copy with user overrides (non-None values) applied."""
        data = {**self.__dict__}
        for key, value in overrides.items():
            if key in data and value is not None:
                data[key] = list(value) if key == "authors" else value
        return ArticleMeta(**data)


@dataclass
class Paragraph:
    index: int
    start: int
    end: int
    kind: str = BODY
    duplicate_of: Optional[int] = None  # index of an earlier near-identical paragraph

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass
class Article:
    path: str  # as given by the user (CLI argument or file dialog)
    text: str
    meta: ArticleMeta
    paragraphs: list[Paragraph]
    content_hash: str
    encoding: str = "utf-8"
    source_format: str = "text"  # text | markdown | html
    warnings: list[str] = field(default_factory=list)

    def paragraph_text(self, paragraph: Paragraph) -> str:
        return self.text[paragraph.start:paragraph.end]

    @property
    def body_paragraphs(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind == BODY and p.duplicate_of is None]

    @property
    def boilerplate_spans(self) -> list[tuple[int, int]]:
        return [p.span for p in self.paragraphs if p.kind == BOILERPLATE]

    @property
    def name(self) -> str:
        return self.path.replace("\\", "/").rsplit("/", 1)[-1]

    @property
    def display_name(self) -> str:
        """The file name as shown (undecodable bytes as U+FFFD)."""
        return display_text(self.name)

    @property
    def display_path(self) -> str:
        return display_text(self.path)


@dataclass
class Mention:
    """One entity mention as spaCy (plus our ruler) found it."""
    start: int
    end: int
    text: str
    label: str
    kb_id: str = ""  # id given by the entity ruler for known people and countries


@dataclass
class Quote:
    start: int  # span of the quoted words, without the quote marks
    end: int
    text: str
    speaker: Optional[str] = None  # surface form of who is quoted, when the sentence says


@dataclass
class Sentence:
    start: int
    end: int
    paragraph: int  # Paragraph.index


@dataclass
class Analysis:
    """What the NLP pipeline produced for one article; cached on disk."""
    sentences: list[Sentence]
    mentions: list[Mention]
    quotes: list[Quote]
    # content-word lemmas (lower-cased) with the offset of their token, in text order
    lemmas: list[tuple[int, str]]
    token_count: int = 0


@dataclass
class LoadError:
    path: str
    message: str
    kind: str = "file"  # "file": this file was not loaded; "cache": a note about the analysis cache


@dataclass
class CanonicalEntity:
    key: str  # stable id, e.g. "PERSON:xi jinping"
    name: str  # display name, e.g. "Xi Jinping"
    label: str
    # article path -> mentions of this entity
    mentions: dict[str, list[Mention]] = field(default_factory=dict)

    def surface_forms(self, path: str) -> list[str]:
        seen: dict[str, None] = {}
        for m in self.mentions.get(path, []):
            seen.setdefault(m.text, None)
        return list(seen)


@dataclass
class Event:
    id: str
    label: str
    date: Optional[str]
    articles: list[str]  # article paths
    participants: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)


@dataclass
class PassageLink:
    """Two passages, one in each article, that report the same point."""
    a_path: str
    b_path: str
    a_paragraph: int
    b_paragraph: int
    a_span: tuple[int, int]
    b_span: tuple[int, int]
    score: float
    manual: bool = False
    # The two passages' texts; the word diff is computed from them on first use
    # (compare.diffing.link_diff), because a 20-article event has ~200 article pairs
    # and the view shows few at once.
    texts: Optional[tuple[str, str]] = field(default=None, repr=False, compare=False)
    diff_cache: Optional[list[tuple[int, str]]] = field(default=None, init=False, repr=False, compare=False)
