"""When an article says its event happened: publication date, full dates, datelines."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Optional

from ..ingest.metadata import _MONTH_RE, _MONTHS, parse_date
from ..model import Article, BODY, BYLINE, TITLE

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_YEAR = re.compile(r"\b(20[0-4]\d|19[89]\d)\b")
_MONTH_DAY = re.compile(r"\b(" + _MONTH_RE + r")\s+(\d{1,2})\b")
_ON_WEEKDAY = re.compile(r"\b(?:on|last|this)\s+(" + "|".join(_WEEKDAYS) + r")\b", re.I)


def article_date(article: Article) -> Optional[str]:
    """Best publication/event date (YYYY-MM-DD) the article gives, else None."""
    if article.meta.published:
        return article.meta.published
    text = article.text
    head = "\n".join(article.text[p.start:p.end] for p in article.paragraphs[:6]
                     if p.kind in (TITLE, BYLINE, BODY))
    found = parse_date(head)
    if found:
        return found
    # "New Delhi, Apr 03:" — month and day in the dateline, the year from elsewhere in the text.
    years = Counter(_YEAR.findall(text))
    openings = [article.text[p.start:p.start + 60] for p in article.paragraphs[:8] if p.kind == BODY]
    for opening in openings:
        match = _MONTH_DAY.search(opening)
        if match and years:
            year = int(years.most_common(1)[0][0])
            month = _MONTHS.get(match.group(1)[:3].lower())
            try:
                return dt.date(year, month, int(match.group(2))).isoformat()
            except (TypeError, ValueError):
                continue
    return None


def event_day(article: Article, published: Optional[str]) -> Optional[str]:
    """The day the reported event happened: "on Thursday" counted back from the publication date."""
    if not published:
        return None
    try:
        day = dt.date.fromisoformat(published)
    except ValueError:
        return None
    body = " ".join(article.text[p.start:p.end] for p in article.paragraphs if p.kind == BODY)[:3000]
    weekdays = Counter(m.group(1).lower() for m in _ON_WEEKDAY.finditer(body))
    if not weekdays:
        return published
    target = _WEEKDAYS.index(weekdays.most_common(1)[0][0])
    back = (day.weekday() - target) % 7
    return (day - dt.timedelta(days=back)).isoformat()


def days_apart(a: Optional[str], b: Optional[str]) -> Optional[int]:
    if not a or not b:
        return None
    try:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
    except ValueError:
        return None
