"""When an article was published and on which day the event it reports happened.

Two questions, answered from the text itself:

* the publication date: a header or byline field, a "Published:/Updated:/Posted" line,
  a short line holding only a date ("Dimitri Simes | December 8, 2021"), a dateline
  ("WASHINGTON, March 22, 2022 /PRNewswire", "Nov 14, (GNA) -", "March 18 (UPI) --");
* the event's day: what the opening of the story says ("on Thursday", "late on
  Saturday", "yesterday", "on Monday (June 19)"), resolved against the publication date.

Dates further into the text mostly describe background ("in December", "since 2016",
"the last time they spoke was on February 12"), so only the title and the lead are
read for the event, and a stated date long before the publication date is set aside
as background. Whatever is found is *evidence* with a confidence: event grouping
weighs it, it never forbids anything by itself.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterator, Optional, Sequence

from ..ingest.metadata import _MONTH_RE, _MONTHS
from ..model import BODY, TITLE, Article

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# A reported event is at most this many days older than the report about it; a stated
# date further back is background ("the last time they spoke was on February 12").
MAX_REPORT_DELAY = 10
# How much of the story is read for the event's day: its title and lead.
LEAD_PARAGRAPHS = 4
LEAD_CHARS = 1500
# How far into the article a publication date is looked for.
HEAD_PARAGRAPHS = 10

# Confidence of an event day, by where it came from.
STATED = 1.0  # an explicit date, or a weekday counted back from a known publication day
PUBLICATION_ONLY = 0.4  # nothing in the lead: the publication day is the best guess
UNPUBLISHED = 0.6  # an explicit full date in the lead of an article with no publication date

_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"((?:19|20)\d\d)"
# Each pattern's groups are named y (year), m (month number), mon (month name), d (day).
_DATE_PATTERNS = [re.compile(p, re.I) for p in (
    r"\b(?P<y>(?:19|20)\d\d)[/.-](?P<m>\d{1,2})[/.-](?P<d>\d{1,2})\b",  # 2020/3/27, 2017-02-10
    r"\b(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>(?:19|20)\d\d)\b",  # 11/15/2023
    r"\b(?P<d>\d{1,2})-(?P<mon>" + _MONTH_RE + r")-(?P<y>(?:19|20)\d\d)\b",  # 29-Jun-2019
    # December 8th, 2021 / Nov. 15 / June 29 (no year)
    r"\b(?P<mon>" + _MONTH_RE + r")\s+(?P<d>\d{1,2})" + _ORDINAL + r"(?!\d|:\d)(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?",
    # 7 December / 30 Oct. 2025 / 29 June 2019
    r"\b(?P<d>\d{1,2})" + _ORDINAL + r"\s+(?:of\s+)?(?P<mon>" + _MONTH_RE + r")(?![a-z])(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?",
)]
_YEAR_RE = re.compile(r"\b" + _YEAR + r"\b")
_PUBLISHED_CUE = re.compile(
    r"\b(?:published|updated|posted|last\s+updated|latest\s+update|first\s+published|date|"
    r"written\s+by\b.{0,80}?\bon)\b", re.I)
# A weekday in the lead: "on Thursday", "Thursday night", "Tuesday's call", "late on Saturday".
# "next Monday" looks ahead and "Tuesdays" is a habit: neither dates the event.
_WEEKDAY = re.compile(r"(?<!next )\b(" + "|".join(WEEKDAYS) + r")\b(?!s\b)", re.I)
_RELATIVE = re.compile(r"\b(yesterday|last night|today|tonight|this morning|earlier today)\b", re.I)
# A dateline that opens a paragraph: "TEHRAN, Oct. 30 (MNA) –", "March 18 (UPI) --", "Nov 14, (GNA) -".
_DATELINE_HEAD = re.compile(r"^\s*(?:\(?[A-Z][\w.' -]{0,40}?,\s*)?$")
_DATELINE_TAIL = re.compile(r"^,?\s*(?:\d{4}\s*)?(?:\([^)]{1,30}\)\s*)?(?:/[^/]{1,40}/\s*)?(?:--|[-–—:]|\()")


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
            year = int(parts["y"]) if parts.get("y") else None
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
class DateEvidence:
    """What an article says about when: see the module docstring."""
    published: Optional[dt.date] = None
    day: Optional[dt.date] = None  # the event's day, when it can be resolved
    confidence: float = 0.0  # of ``day``: STATED, UNPUBLISHED or PUBLICATION_ONLY
    weekday: Optional[int] = None  # the weekday the lead reports the event on (0 = Monday)
    month_day: Optional[tuple[int, int]] = None  # (month, day) when the year is unknown
    latest_year: Optional[int] = None  # the latest year the text names (a report is no older)

    @property
    def iso(self) -> Optional[str]:
        return self.day.isoformat() if self.day else None


def _paragraph_texts(article: Article, limit: int) -> Iterator[tuple[int, int, str]]:
    for p in article.paragraphs[:limit]:
        yield p.start, p.end, p.kind


@dataclass
class Publication:
    date: Optional[dt.date] = None
    month_day: Optional[tuple[int, int]] = None  # a year-less dateline ("March 18 (UPI) --")
    source: Optional[tuple[int, int]] = None  # where the text gives it


def publication_date(article: Article) -> Publication:
    """The publication date, or only its (month, day) when the year is nowhere near it."""
    if article.meta.published:
        try:
            return Publication(dt.date.fromisoformat(article.meta.published))
        except ValueError:
            pass
    text = article.text
    partial = Publication()
    for start, end, kind in _paragraph_texts(article, HEAD_PARAGRAPHS):
        mentions = date_mentions(text, start, end)
        if not mentions:
            continue
        first = mentions[0]
        # "Published: 30 Oct. 2025", "Latest update February 11th, 2017", "Posted at 12:51 AM, Feb 10, 2017"
        cue = _PUBLISHED_CUE.search(text, start, first.start)
        if cue and first.start - cue.end() <= 40 and first.date:
            return Publication(first.date, None, (first.start, first.end))
        # A short line holding a date: "By Evan Symon, November 15, 2023 7:32 pm", "Oct 30, 2025"
        if end - start <= 90 and first.date and not _reads_as_sentence(text[start:end]):
            return Publication(first.date, None, (first.start, first.end))
        # A dateline: "WASHINGTON, March 22, 2022 /PRNewswire-PRWeb/ --", "March 18 (UPI) --"
        if kind != TITLE and _DATELINE_HEAD.match(text[start:first.start]) \
                and _DATELINE_TAIL.match(text[first.end:first.end + 50]):
            if first.date:
                return Publication(first.date, None, (first.start, first.end))
            if partial.month_day is None:
                partial = Publication(None, (first.month, first.day), (first.start, first.end))
    return partial


def _reads_as_sentence(text: str) -> bool:
    """A caption or lead sentence ("... in Geneva on Jan. 18, 2017.") rather than a date line."""
    words = re.findall(r"[A-Za-z]{3,}", text)
    return len(words) >= 8 and text.rstrip().endswith((".", "”", '"'))


def _lead_spans(article: Article) -> list[tuple[int, int]]:
    """The title and the first body paragraphs: where a story says when its event happened."""
    spans = [p.span for p in article.paragraphs if p.kind == TITLE][:1]
    budget = LEAD_CHARS
    for p in [p for p in article.paragraphs if p.kind == BODY][:LEAD_PARAGRAPHS]:
        if budget <= 0:
            break
        spans.append((p.start, min(p.end, p.start + budget)))
        budget -= p.end - p.start
    return spans


def date_evidence(article: Article) -> DateEvidence:
    """Publication date and the event's day (with a confidence) from the article's own text."""
    publication = publication_date(article)
    published, partial = publication.date, publication.month_day
    text = article.text
    years = [int(y) for y in _YEAR_RE.findall(text)]
    weekdays: list[int] = []
    relative: list[int] = []  # days back from publication: yesterday = 1
    stated: list[DateMention] = []
    for start, end in _lead_spans(article):
        weekdays += [WEEKDAYS.index(m.group(1).lower()) for m in _WEEKDAY.finditer(text, start, end)]
        relative += [1 if m.group(1).lower() in ("yesterday", "last night") else 0
                     for m in _RELATIVE.finditer(text, start, end)]
        # (the dateline that gave the publication date is no report of the event's day)
        stated += [m for m in date_mentions(text, start, end) if (m.start, m.end) != publication.source]
    if published is None and partial is not None:
        published = _year_from_weekdays(article, partial, weekdays)
        if published is None and not weekdays and years:
            # Nothing to check a year against: a report is no older than the latest year it names.
            try:
                published = dt.date(max(years), *partial)
            except ValueError:
                published = None
    evidence = DateEvidence(published=published, latest_year=max(years) if years else None)
    # The lead's first weekday counts most: later ones are often other days ("...met on
    # Monday in Rome, which set the stage for Friday's call").
    if weekdays:
        votes: Counter = Counter()
        for k, w in enumerate(weekdays):
            votes[w] += 1.0 / (1 + k)
        evidence.weekday = votes.most_common(1)[0][0]
    if published is not None:
        _resolve_against(evidence, published, weekdays, relative, stated)
    else:
        _resolve_unpublished(evidence, article, weekdays, stated, partial)
    return evidence


def _resolve_against(evidence: DateEvidence, published: dt.date, weekdays: list[int],
                     relative: list[int], stated: list[DateMention]) -> None:
    votes: Counter = Counter()
    order = 0
    for w in weekdays:
        votes[published - dt.timedelta(days=(published.weekday() - w) % 7)] += 1.0 / (1 + order)
        order += 1
    for back in relative:
        votes[published - dt.timedelta(days=back)] += 0.7 / (1 + order)
        order += 1
    for mention in stated:
        day = mention.date or _nearest_before(mention, published)
        if day is None or not (published - dt.timedelta(days=MAX_REPORT_DELAY) <= day
                               <= published + dt.timedelta(days=1)):
            continue  # background, or a date the text looks forward to
        if weekdays and day.weekday() not in weekdays and mention.year is None:
            continue
        votes[day] += 1.5 / (1 + order)
        order += 1
    if votes:
        evidence.day = max(votes, key=lambda d: (votes[d], d))
        evidence.confidence = STATED
    else:
        evidence.day, evidence.confidence = published, PUBLICATION_ONLY


def _resolve_unpublished(evidence: DateEvidence, article: Article, weekdays: list[int],
                         stated: list[DateMention], partial: Optional[tuple[int, int]]) -> None:
    """No publication date: a date in the lead that agrees with its weekday (a year-less one
    takes the one year the text mentions that fits), else a dateline's (month, day)."""
    for mention in stated:
        day = mention.date
        if day is None and weekdays:
            day = _year_from_weekdays(article, (mention.month, mention.day), weekdays, exact=True)
        if day is not None and (not weekdays or day.weekday() in weekdays):
            evidence.day, evidence.confidence = day, UNPUBLISHED
            return
    yearless = [m for m in stated if m.year is None]
    if partial:
        evidence.month_day = partial
    elif yearless:
        evidence.month_day = (yearless[0].month, yearless[0].day)


def _nearest_before(mention: DateMention, published: dt.date) -> Optional[dt.date]:
    """A year-less date read as the latest such day not after the publication (plus a day)."""
    for year in (published.year, published.year - 1):
        day = mention.on(year)
        if day is not None and day <= published + dt.timedelta(days=1):
            return day
    return None


def _year_from_weekdays(article: Article, partial: tuple[int, int], weekdays: list[int],
                        exact: bool = False) -> Optional[dt.date]:
    """The year of a year-less date: the one year the text mentions whose calendar puts the
    lead's weekday on that day (or, for a publication date, the day before); None when not
    exactly one does."""
    if not weekdays:
        return None
    fits = set()
    for year in {int(y) for y in _YEAR_RE.findall(article.text)}:
        try:
            day = dt.date(year, *partial)
        except ValueError:
            continue
        if any((day.weekday() - w) % 7 <= (0 if exact else 1) for w in weekdays[:2]):
            fits.add(day)
    return fits.pop() if len(fits) == 1 else None


def event_date(evidence: Sequence[DateEvidence]) -> Optional[dt.date]:
    """The day of an event from what its articles say: each resolved day votes with its
    confidence (a quarter vote for the days either side, since outlets in other time
    zones are a day apart); articles with only a weekday or a (month, day) back the
    candidates that fit them."""
    candidates = {e.day for e in evidence if e.day}
    if not candidates:
        return None

    def support(day: dt.date) -> tuple[float, int]:
        score = 0.0
        for e in evidence:
            if e.day:
                gap = abs((e.day - day).days)
                score += e.confidence * (1.0 if gap == 0 else 0.25 if gap == 1 else 0.0)
            else:
                if e.weekday is not None and e.weekday == day.weekday():
                    score += 0.5
                if e.month_day == (day.month, day.day):
                    score += 0.5
        return score, -day.toordinal()  # a tie goes to the earlier day: reports follow events

    return max(candidates, key=support)


def article_date(article: Article) -> Optional[str]:
    """Best date (YYYY-MM-DD) to file the article under: its publication date, else the
    day of the event it reports, else None."""
    evidence = date_evidence(article)
    day = evidence.published or evidence.day
    return day.isoformat() if day else None


def event_day(article: Article, published: Optional[str] = None) -> Optional[str]:
    """The day the reported event happened (YYYY-MM-DD), or None."""
    return date_evidence(article).iso


def days_apart(a: Optional[str], b: Optional[str]) -> Optional[int]:
    if not a or not b:
        return None
    try:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
    except ValueError:
        return None
