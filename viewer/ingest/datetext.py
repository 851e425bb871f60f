"""Dates written in a text, and the publication date a page states about itself.

``date_mentions`` finds every day-precise date ("Nov. 15", "29-Jun-2019", "2020/3/27",
"Nov16’21"); ``find_publication`` picks the one that dates the page: a
"Published/Updated/Posted" line, a short line holding only a date ("Ana Lima |
May 2, 2024 | 4:04pm EST", "Oct 3, 2024"), or a dateline ("DENVER, May 2,
2024 /PRNewswire --", "Mar 3, (GNA) –", "May 9 (UPI) --"). A dateline often gives no
year: its (month, day) is kept, and the year is taken from the text only when exactly
one year the text names fits (see ``dates`` in the analysis stage for the rest).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Optional, Sequence

from .metadata import _MONTH_RE, _MONTHS

_ORDINAL = r"(?:st|nd|rd|th)?"
# Each pattern's groups are named y (year), yy (two-digit year), m (month number),
# mon (month name), d (day).
_DATE_PATTERNS = [re.compile(p, re.I) for p in (
    r"\b(?P<y>(?:19|20)\d\d)[/.-](?P<m>\d{1,2})[/.-](?P<d>\d{1,2})\b",  # 2020/3/27, 2017-02-10
    r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)\d\d)\b",  # 11/15/2023
    r"\b(?P<d>\d{1,2})-(?P<mon>" + _MONTH_RE + r")-(?P<y>(?:19|20)\d\d)\b",  # 29-Jun-2019
    # Nov16’21 / Nov 16 '21: a two-digit year after an apostrophe
    r"\b(?P<mon>" + _MONTH_RE + r")\s*(?P<d>\d{1,2})" + _ORDINAL + r",?\s*[’'‘](?P<yy>\d\d)\b",
    # December 8th, 2021 / Nov. 15 / June 29 (no year)
    r"\b(?P<mon>" + _MONTH_RE + r")\s+(?P<d>\d{1,2})" + _ORDINAL + r"(?!\d|:\d)(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?",
    # 7 December / 30 Oct. 2025 / 29 June 2019
    r"\b(?P<d>\d{1,2})" + _ORDINAL + r"\s+(?:of\s+)?(?P<mon>" + _MONTH_RE + r")(?![a-z])"
    r"(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?",
)]
YEAR_RE = re.compile(r"\b((?:19|20)\d\d)\b")

# How far into the article a publication date is looked for (paragraphs).
HEAD_PARAGRAPHS = 10
_PUBLISHED_CUE = re.compile(
    r"\b(?:published|updated|posted|last\s+updated|latest\s+update|first\s+published|date|"
    r"written\s+by\b.{0,80}?\bon)\b", re.I)
# A dateline that opens a paragraph: "TEHRAN, Oct. 30 (MNA) –", "May 9 (UPI) --",
# "Mar 3, (GNA) -", "Kathmandu [Nepal], May 2 (ANI):", "(, May02’19) –".
_DATELINE_HEAD = re.compile(r"^\s*\(?\s*(?:[A-Z][\w.' \[\]-]{0,40}?)?,?\s*$")
_DATELINE_TAIL = re.compile(
    r"^,?\s*(?:\d{4}\s*)?(?:\([^)]{1,30}\)\s*)?(?:/[^/]{1,40}/\s*)?\)?\s*(?:--|[-–—:]|\()")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    year: Optional[int]
    month: int
    day: int

    def on(self, year: int) -> Optional[dt.date]:
        try:
            return dt.date(year, self.month, self.day)
        except ValueError:
            return None

    @property
    def date(self) -> Optional[dt.date]:
        return self.on(self.year) if self.year else None


def date_mentions(text: str, start: int = 0, end: Optional[int] = None) -> list[DateMention]:
    """Every day-precise date written in ``text[start:end]`` (month-only and year-only ones are not)."""
    end = len(text) if end is None else end
    found: dict[int, DateMention] = {}
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(text, start, end):
            parts = match.groupdict()
            month = int(parts["m"]) if parts.get("m") else _MONTHS.get(parts["mon"][:3].lower())
            day = int(parts["d"])
            year = int(parts["y"]) if parts.get("y") else (2000 + int(parts["yy"]) if parts.get("yy") else None)
            if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
                continue
            if parts.get("mon", "") and parts["mon"].lower().startswith("may") and not year \
                    and not text[match.start():match.start() + 1].isupper():
                continue  # "may 5" is a verb and a number more often than a date
            mention = DateMention(match.start(), match.end(), year, month, day)
            if mention.on(year or 2000) is None:
                continue
            previous = found.get(match.start())
            if previous is None or (previous.year is None and year is not None):
                found[match.start()] = mention
    # Overlapping finds ("30 Oct. 2025" also holds "Oct. 2025"...): keep the earliest, longest.
    kept: list[DateMention] = []
    for mention in sorted(found.values(), key=lambda m: (m.start, -m.end)):
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


@dataclass
class Publication:
    date: Optional[dt.date] = None
    month_day: Optional[tuple[int, int]] = None  # a year-less dateline ("May 9 (UPI) --")
    source: Optional[tuple[int, int]] = None  # where the text gives it
    dateline: bool = False  # given by a dateline (which may date the wire story, not the page)


def find_publication(text: str, spans: Sequence[tuple[int, int]], titles: Sequence[bool] = ()
                     ) -> Publication:
    """The publication date the text states, or only its (month, day) when a dateline gives no year.

    ``spans`` are the paragraphs to look in (the first ``HEAD_PARAGRAPHS`` are read);
    ``titles`` flags the ones that are the headline (a headline is no dateline).
    """
    partial = Publication()
    for k, (start, end) in enumerate(spans[:HEAD_PARAGRAPHS]):
        mentions = date_mentions(text, start, end)
        if not mentions:
            continue
        first = mentions[0]
        # "Published: 3 Oct. 2024", "Latest update March 5th, 2019", "Posted at 9:05 AM, Mar 4, 2019"
        cue = _PUBLISHED_CUE.search(text, start, first.start)
        if cue and first.start - cue.end() <= 40 and first.date:
            return Publication(first.date, None, (first.start, first.end))
        # A short line holding a date: "By Ana Lima, May 2, 2024 7:32 pm", "Oct 30, 2025"
        if end - start <= 90 and first.date and not _reads_as_sentence(text[start:end]):
            return Publication(first.date, None, (first.start, first.end))
        # A dateline: "DENVER, May 2, 2024 /PRNewswire/ --", "May 9 (UPI) --"
        is_title = k < len(titles) and titles[k]
        if not is_title and _DATELINE_HEAD.match(text[start:first.start]) \
                and _DATELINE_TAIL.match(text[first.end:first.end + 50]):
            if first.date:
                return Publication(first.date, None, (first.start, first.end), dateline=True)
            if partial.month_day is None:
                partial = Publication(None, (first.month, first.day), (first.start, first.end), dateline=True)
    if partial.month_day is not None:
        year = _only_fitting_year(text, partial.month_day)
        if year is not None:
            partial.date = dt.date(year, *partial.month_day)
    return partial


def _only_fitting_year(text: str, month_day: tuple[int, int]) -> Optional[int]:
    """The year of a year-less dateline when the text settles it: the text names exactly one
    year, or all the years it names are one and the dateline's year can only be the latest
    (a report is no older than the latest year it names, and names rarely a year to come)."""
    years = {int(y) for y in YEAR_RE.findall(text)}
    if len(years) != 1:
        return None
    year = years.pop()
    try:
        dt.date(year, *month_day)
    except ValueError:
        return None
    return year


def _reads_as_sentence(text: str) -> bool:
    """A caption or lead sentence ("... in Geneva on Jan. 18, 2017.") rather than a date line."""
    words = re.findall(r"[A-Za-z]{3,}", text)
    return len(words) >= 8 and text.rstrip().endswith((".", "”", '"'))
