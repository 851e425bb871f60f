"""The order of an event's columns when the reader has not chosen one: an official readout
first (the reference the others are read against), else the earliest report."""
from __future__ import annotations

import re
from typing import Mapping, Sequence

from ..analysis.dates import article_date
from ..model import Analysis, Article
from .coverage import readout_score

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _first_sentence(article: Article) -> str:
    body = article.body_paragraphs
    return _SENTENCE_END.split(article.paragraph_text(body[0]).strip(), 1)[0] if body else ""


def default_order(articles: Sequence[Article], analyses: Mapping[str, Analysis]) -> list[Article]:
    """``articles`` with a detected readout first, then by date (undated last), then by name."""
    def readout(article: Article) -> int:
        analysis = analyses.get(article.path)
        score = readout_score(article, len(analysis.quotes) if analysis else 0, _first_sentence(article))
        return score if score >= 2 else 0

    return sorted(articles, key=lambda a: (-readout(a), article_date(a) or "9999",
                                           a.meta.outlet or a.meta.title or a.name, a.path))
