"""Main text and metadata of a saved web page, via trafilatura.

Nothing here fetches anything: trafilatura parses the string we give it, and
scripts, styles and remote resources are dropped with the markup.
"""
from __future__ import annotations

import warnings

from .metadata import parse_date, split_authors
from .model import ArticleMeta


def extract_html(html: str) -> tuple[str, ArticleMeta]:
    """Return the article text (paragraphs separated by blank lines) and metadata.

    Raises:
        ValueError: the page has no article text.
    """
    import trafilatura

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False,
            favor_recall=True, include_images=False, include_links=False)
    body = (getattr(doc, "text", None) or "") if doc is not None else ""
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if not lines:
        raise ValueError("web page has no article text that could be extracted")
    meta = ArticleMeta(
        title=_clean(getattr(doc, "title", None)),
        outlet=_clean(getattr(doc, "sitename", None)),
        authors=split_authors(getattr(doc, "author", None) or ""),
        published=parse_date(getattr(doc, "date", None) or "") or None,
        url=_clean(getattr(doc, "url", None)),
    )
    if meta.title and lines[0] != meta.title:
        lines.insert(0, meta.title)
    return "\n\n".join(lines) + "\n", meta


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
