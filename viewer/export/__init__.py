"""Stage 5, export: a comparison (or one article) → PDF or a standalone HTML file.

``layout`` decides what is shown (Qt-free), ``html`` writes it as HTML in two
variants, ``pdf`` prints the Qt variant through QTextDocument. Every export is
written to a temporary file in the target folder and renamed into place, so a
failure or a cancel never leaves a half-written file. No export ever replaces one of
its own articles' files (nor any path passed as ``protect``, e.g. every file of the
library): such a target raises ``ExportError`` naming the source.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Optional, Union

from ..model import Article, Mention, display_text
from .files import ExportError, atomic_output
from .html import build_html
from .layout import ExportDocument, article_document, comparison_document
from ..untrusted import isolate

if TYPE_CHECKING:
    from ..compare.comparison import Comparison
    from ..library.library import Library

__all__ = ["export_pdf", "export_html", "export_article_pdf", "export_article_html", "ExportError",
           "default_landscape", "comparison_document", "article_document", "build_html"]

Progress = Callable[[str, int, int], None]
PathLike = Union[str, os.PathLike]


def default_landscape(columns: int) -> bool:
    """More than three side-by-side columns only stay legible across a landscape page."""
    return columns > 3


def _header_right(document: ExportDocument) -> str:
    if document.single:
        return isolate(document.articles[0].outlet or document.articles[0].date or "")
    outlets = [a.outlet for a in document.articles]
    if all(outlets):
        return " · ".join(f"{a.letter} {isolate(a.outlet)}" for a in document.articles)
    return f"{len(document.articles)} articles ({', '.join(a.letter for a in document.articles)})"


def _sources(source: Union["Library", "Comparison"], protect: Iterable[PathLike]) -> list[PathLike]:
    """The files an export of ``source`` must never overwrite: its articles and ``protect``."""
    return [a.path for a in source.articles] + list(protect)


def _write_pdf(document: ExportDocument, out: PathLike, page_size: str, landscape: Optional[bool],
               progress: Optional[Progress], cancelled: Optional[Callable[[], bool]],
               protect: list[PathLike]) -> str:
    from .pdf import PageSetup, render_pdf

    columns = len(document.articles)
    setup = PageSetup(page_size, default_landscape(columns) if landscape is None else bool(landscape))
    html = build_html(document, "qt")
    with atomic_output(out, protect) as temporary:
        render_pdf(html, temporary, setup, isolate(display_text(document.title)),
                   display_text(_header_right(document)), columns,
                   progress=progress, cancelled=cancelled)
    return str(out)


def _write_html(document: ExportDocument, out: PathLike, protect: list[PathLike]) -> str:
    text = build_html(document, "html")
    with atomic_output(out, protect) as temporary:
        Path(temporary).write_text(text, encoding="utf-8")
    return str(out)


def export_pdf(comparison: "Comparison", out: PathLike, page_size: str = "A4", landscape: Optional[bool] = None,
               progress: Optional[Progress] = None, cancelled: Optional[Callable[[], bool]] = None,
               protect: Iterable[PathLike] = ()) -> str:
    """Write the comparison as a PDF; return the path written.

    Args:
        page_size: "A4" or "Letter".
        landscape: page orientation; None picks landscape for more than three articles.
        progress: called as ``progress("pdf", page, pages)`` after each page.
        cancelled: polled before each page; when it returns True, ``analysis.Cancelled``
            is raised and nothing is left at ``out``.
        protect: more files ``out`` must not be (the compared articles always are).

    Raises:
        ExportError: the target folder is missing or not writable (the message names it),
            or ``out`` is a source file (the message names it).
    """
    return _write_pdf(comparison_document(comparison), out, page_size, landscape, progress, cancelled,
                      _sources(comparison, protect))


def export_html(comparison: "Comparison", out: PathLike, protect: Iterable[PathLike] = ()) -> str:
    """Write the comparison as one standalone HTML file (embedded CSS, nothing remote)."""
    return _write_html(comparison_document(comparison), out, _sources(comparison, protect))


def _article_sources(source: Union["Library", "Comparison"], article: Union[Article, str]
                     ) -> tuple[Article, list[tuple[Mention, str, str]], list[tuple[int, int, str, Optional[str]]]]:
    """The article, its entity mentions with canonical names, and its quotes, from either source."""
    path = article if isinstance(article, str) else article.path
    from ..library.library import Library
    if isinstance(source, Library):
        found = source.article(path)
        analysis = source.analyses[path]
        index = source.entities
        mentions = []
        for mention in analysis.mentions:
            key = index.key_of(path, mention)
            entity = index.by_key.get(key) if key else None
            if entity is not None:
                mentions.append((mention, entity.name, entity.label))
        quotes = [(q.start, q.end, q.text, index.canonical_name(q.speaker) if q.speaker else None)
                  for q in analysis.quotes]
        return found, mentions, quotes
    found = next(a for a in source.articles if a.path == path)
    mentions = [(m, e.name, e.label) for e in source.entities.for_article(path) for m in e.mentions[path]]
    quotes = [(q.quote.start, q.quote.end, q.quote.text, q.speaker) for q in source.quotes if q.path == path]
    return found, sorted(mentions, key=lambda t: t[0].start), quotes


def export_article_pdf(source: Union["Library", "Comparison"], article: Union[Article, str], out: PathLike,
                       page_size: str = "A4", landscape: Optional[bool] = None,
                       progress: Optional[Progress] = None, cancelled: Optional[Callable[[], bool]] = None,
                       protect: Iterable[PathLike] = ()) -> str:
    """Write one article with its names, numbers, dates and quotes highlighted as PDF."""
    return _write_pdf(article_document(*_article_sources(source, article)), out, page_size, landscape,
                      progress, cancelled, _sources(source, protect))


def export_article_html(source: Union["Library", "Comparison"], article: Union[Article, str],
                        out: PathLike, protect: Iterable[PathLike] = ()) -> str:
    """Write one article with its entities highlighted as standalone HTML."""
    return _write_html(article_document(*_article_sources(source, article)), out, _sources(source, protect))
