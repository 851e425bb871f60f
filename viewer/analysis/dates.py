"""When an article was published and on which day the event it reports happened.

Two questions, answered from the text itself:

* the publication date (read at ingest, ``ingest.datetext``): a header or byline field,
  a "Published:/Updated:/Posted" line, a short line holding only a date, a dateline
  ("DENVER, May 2, 2024 /PRNewswire", "Mar 3, (GNA) -", "May 9 (UPI) --");
* the event's day: what the opening of the story says ("on Thursday", "late on
  Saturday", "yesterday", "on Monday (June 19)"), resolved backwards from the
  publication date (a report follows its event).

Dates further into the text mostly describe background ("in December", "since 2016",
"the last time they spoke was on February 12"), so only the title and the lead are
read for the event; a stated date long before the publication date, or one the
sentence itself places in the past ("follows their April 2 call", "since March 3"),
is set aside as background. A year-less date whose year the text does not give takes
the latest year (not after today) whose calendar fits the weekday the lead names, with
a low confidence. Whatever is found is *evidence* with a confidence: event grouping
weighs it, it never forbids anything by itself; an event's day is then voted by its
articles (``event_date``), which also lends the event's year to articles that had none.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from typing import Optional, Sequence

from ..ingest.datetext import (HEAD_PARAGRAPHS, YEAR_RE, DateMention, Publication, date_mentions,
                               find_publication)
from ..model import BODY, TITLE, Article

__all__ = ["DateMention", "Publication", "date_mentions", "DateEvidence", "date_evidence",
           "publication_date", "event_date", "article_date", "event_day", "days_apart", "lead_spans"]

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# A reported event is at most this many days older than the report about it; a stated
# date further back is background ("the last time they spoke was on February 12").
MAX_REPORT_DELAY = 10
# An article dated only by its publication reports an event of that day or of the few
# days before it.
PUBLICATION_WINDOW = 3
# How much of the story is read for the event's day: its title and lead.
LEAD_PARAGRAPHS = 4
LEAD_CHARS = 1500

# Confidence of an event day, by where it came from.
STATED = 1.0  # an explicit date, or a weekday counted back from a known publication day
UNPUBLISHED = 0.6  # an explicit full date in the lead of an article with no publication date
GROUP_YEAR = 0.6  # a year-less date given the year of the other reports of its event
PUBLICATION_ONLY = 0.4  # nothing in the lead: the publication day is the best guess

# A stated date the sentence itself places before the event reported: "follows their
# March 3, 2019, telephone call", "the first talks since March 3", "last met on June 9".
_BACKGROUND_CUE = re.compile(
    r"\b(?:since|follow(?:s|ed|ing)?|last|previous(?:ly)?|prior|earlier|until|till|anniversary|"
    r"ago|former(?:ly)?|first\s+time\s+since)\b[^.;!?]{0,45}$", re.I)
_FORWARD_CUE = re.compile(
    r"\b(?:after|before|by|from|until|till|through|begin(?:s|ning)?|start(?:s|ing)?|due|deadline|"
    r"planned|scheduled|expected|slated)(?:\s+(?:on|for))?\s+$", re.I)
# A weekday in the lead: "on Thursday", "Thursday night", "Tuesday's call", "late on Saturday".
# "next Monday" looks ahead and "Tuesdays" is a habit: neither dates the event.
_WEEKDAY = re.compile(r"(?<!next )\b(" + "|".join(WEEKDAYS) + r")\b(?!s\b)", re.I)
# The same moment named in another time zone: "late Monday (early Tuesday in Beijing)",
# "on Tuesday noon (Beijing time)". Outlets date an event in their own zone and disagree by
# a day across the date line, so a weekday a story itself marks as another zone's is left out.
_OTHER_ZONE_AFTER = re.compile(r"[^()\n.]{0,25}\((?:[A-Z][\w.]*\s+){1,2}time\)")
_OPEN_PARENTHESIS = re.compile(r"\([^()\n]{0,25}\Z")
_IN_PLACE_OR_TIME = re.compile(r"[^()\n]{0,40}?\b(?:in\s+[A-Z]\w+|time)\b[^()\n]{0,25}\)")
# A weekday told as when someone spoke ("an official said Tuesday", "told reporters on
# Friday"): often the day after the event, so it counts after the weekdays of the event itself.
_SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|told\s+(?:reporters|journalists)|announced|stated|added)\s+(?:on\s+)?\Z", re.I)
_RELATIVE = re.compile(r"\b(yesterday|last night|today|tonight|this morning|earlier today)\b", re.I)
# How many days a dateline may follow the weekday its lead names ("BEIJING, Sept 21 -
# ... said on Friday": a Sunday dateline on a Friday call).
DATELINE_LAG = 2


def _today() -> dt.date:
    return dt.date.today()


@dataclass
class DateEvidence:
    """What an article says about when: see the module docstring."""
    published: Optional[dt.date] = None
    day: Optional[dt.date] = None  # the event's day, when it can be resolved
    confidence: float = 0.0  # of ``day``: STATED ... GUESSED_YEAR
    weekday: Optional[int] = None  # the weekday the lead reports the event on (0 = Monday)
    month_day: Optional[tuple[int, int]] = None  # (month, day) of the event when the year is unknown
    latest_year: Optional[int] = None  # the latest year the text names (a report is no older)
    published_month_day: Optional[tuple[int, int]] = None  # a year-less dateline, year unknown
    earliest: Optional[dt.date] = None  # the event is on ``day`` or, at the earliest, on this day
    guess: Optional[dt.date] = None  # a year-less date in the latest year that fits (a label's last resort)

    def __post_init__(self) -> None:
        if self.earliest is None:
            self.earliest = self.day

    @property
    def iso(self) -> Optional[str]:
        return self.day.isoformat() if self.day else None


def publication_date(article: Article) -> Publication:
    """The publication date (a header, byline or reader's edit first), or only its
    (month, day) when the year is nowhere near it; ``source`` is where the text gives it."""
    heads = [(p.start, p.end) for p in article.paragraphs[:HEAD_PARAGRAPHS]]
    found = find_publication(article.text, heads, [p.kind == TITLE for p in article.paragraphs[:HEAD_PARAGRAPHS]])
    if article.meta.published:
        try:
            return Publication(dt.date.fromisoformat(article.meta.published), None, found.source)
        except ValueError:
            pass
    return found


def lead_spans(article: Article) -> list[tuple[int, int]]:
    """The title and the first body paragraphs: where a story says when its event happened."""
    spans = [p.span for p in article.paragraphs if p.kind == TITLE][:1]
    budget = LEAD_CHARS
    for p in [p for p in article.paragraphs if p.kind == BODY][:LEAD_PARAGRAPHS]:
        if budget <= 0:
            break
        spans.append((p.start, min(p.end, p.start + budget)))
        budget -= p.end - p.start
    return spans


def _lead_weekdays(text: str, spans: Sequence[tuple[int, int]]) -> list[int]:
    """The weekdays of the lead in the order they count: the event's own first, then those
    of someone speaking; those given in another zone's time left out."""
    own: list[int] = []
    spoken: list[int] = []
    for start, end in spans:
        for m in _WEEKDAY.finditer(text, start, end):
            if _OTHER_ZONE_AFTER.match(text, m.end(), end) or (
                    _OPEN_PARENTHESIS.search(text, max(start, m.start() - 25), m.start())
                    and _IN_PLACE_OR_TIME.match(text, m.end(), end)):
                continue
            day = WEEKDAYS.index(m.group(1).lower())
            (spoken if _SPEECH_BEFORE.search(text, max(start, m.start() - 30), m.start()) else own).append(day)
    return own + spoken


def _is_background(text: str, mention: DateMention) -> bool:
    """A date the sentence places before the event reported, or one it looks forward to
    ("tariffs after January 1", "the summit that begins on Oct 31")."""
    sentence_start = max(text.rfind(". ", 0, mention.start), text.rfind("\n", 0, mention.start), 0)
    before = text[max(sentence_start, mention.start - 80):mention.start]
    return bool(_BACKGROUND_CUE.search(before) or _FORWARD_CUE.search(before))


def date_evidence(article: Article, today: Optional[dt.date] = None) -> DateEvidence:
    """Publication date and the event's day (with a confidence) from the article's own text."""
    today = today or _today()
    publication = publication_date(article)
    published, partial = publication.date, publication.month_day
    text = article.text
    years = [int(y) for y in YEAR_RE.findall(text)]
    relative: list[int] = []  # days back from publication: yesterday = 1
    stated: list[DateMention] = []
    lead = lead_spans(article)
    weekdays = _lead_weekdays(text, lead)
    for start, end in lead:
        relative += [1 if m.group(1).lower() in ("yesterday", "last night") else 0
                     for m in _RELATIVE.finditer(text, start, end)]
        # (the dateline that gave the publication date is no report of the event's day)
        stated += [m for m in date_mentions(text, start, end)
                   if (m.start, m.end) != publication.source and not _is_background(text, m)]
    if published is None and partial is not None and weekdays:
        published = _year_from_weekdays(partial, weekdays, {y for y in years})
    latest = max(years) if years else None
    evidence = DateEvidence(published=published, latest_year=latest,
                            published_month_day=partial if published is None else None)
    # The lead's first weekday counts most: later ones are often other days ("...met on
    # Monday in Oslo, ahead of Thursday's talks").
    if weekdays:
        votes: defaultdict[int, float] = defaultdict(float)
        for k, w in enumerate(weekdays):
            votes[w] += 1.0 / (1 + k)
        evidence.weekday = max(votes, key=votes.__getitem__)  # the first of equals, as Counter.most_common(1)
    if published is not None:
        _resolve_against(evidence, published, weekdays, relative, stated)
    else:
        _resolve_unpublished(evidence, weekdays, stated, partial, years, today)
    return evidence


def _resolve_against(evidence: DateEvidence, published: dt.date, weekdays: list[int],
                     relative: list[int], stated: list[DateMention]) -> None:
    votes: defaultdict[dt.date, float] = defaultdict(float)
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
        evidence.earliest = evidence.day
        evidence.confidence = STATED
    else:
        evidence.day, evidence.confidence = published, PUBLICATION_ONLY
        evidence.earliest = published - dt.timedelta(days=PUBLICATION_WINDOW)


def _resolve_unpublished(evidence: DateEvidence, weekdays: list[int], stated: list[DateMention],
                         partial: Optional[tuple[int, int]], years: list[int], today: dt.date) -> None:
    """No publication date: a full date in the lead that agrees with its weekday; else a
    year-less one (or a year-less dateline's day) in the latest year that fits the weekday."""
    for mention in stated:
        day = mention.date
        if day is not None and (not weekdays or day.weekday() in weekdays):
            evidence.day = evidence.earliest = day
            evidence.confidence = UNPUBLISHED
            return
    yearless = [m for m in stated if m.year is None]
    if yearless:
        evidence.month_day = (yearless[0].month, yearless[0].day)
    if not weekdays:
        return
    # The year is unknown: a year the text names whose calendar puts the lead's weekday on
    # the date (or on the day or two before a dateline), else the latest such year (not
    # after today, not before the latest year the text names), with a low confidence.
    if evidence.month_day is not None:
        month_day, lag = evidence.month_day, 0
    elif partial is not None:
        month_day, lag = partial, DATELINE_LAG
    else:
        return
    named = _year_from_weekdays(month_day, weekdays, set(years), lag)
    if named is not None:
        day = named
        if partial is not None and evidence.month_day is None:
            evidence.published = day
            day = day - dt.timedelta(days=(day.weekday() - weekdays[0]) % 7)
        evidence.day = evidence.earliest = day
        evidence.confidence = UNPUBLISHED
        return
    # Only a guess, for an event none of whose reports gives a year: not evidence for grouping.
    guess = _latest_fitting(month_day, weekdays[:1], lag, max(years) if years else None, today)
    if guess is not None and partial is not None and evidence.month_day is None:
        guess = guess - dt.timedelta(days=(guess.weekday() - weekdays[0]) % 7)
    evidence.guess = guess


def _latest_fitting(month_day: tuple[int, int], weekdays: list[int], lag: int,
                    floor: Optional[int], today: dt.date) -> Optional[dt.date]:
    """The latest year (from today back to ``floor``) whose calendar puts one of ``weekdays``
    on ``month_day``, else on the day before, ... up to ``lag`` days before."""
    for back in range(lag + 1):
        for year in range(today.year, max(floor or 0, today.year - 60) - 1, -1):
            try:
                day = dt.date(year, *month_day)
            except ValueError:
                continue
            if day <= today and any((day.weekday() - w) % 7 == back for w in weekdays):
                return day
    return None


def _nearest_before(mention: DateMention, published: dt.date) -> Optional[dt.date]:
    """A year-less date read as the latest such day not after the publication (plus a day)."""
    for year in (published.year, published.year - 1):
        day = mention.on(year)
        if day is not None and day <= published + dt.timedelta(days=1):
            return day
    return None


def _year_from_weekdays(partial: tuple[int, int], weekdays: list[int], years: set[int],
                        lag: int = DATELINE_LAG) -> Optional[dt.date]:
    """The year of a year-less date: the one year the text mentions whose calendar puts
    the lead's weekday on that day (or, for a dateline, ``lag`` days before); None when not
    exactly one does."""
    fits = set()
    for year in years:
        try:
            day = dt.date(year, *partial)
        except ValueError:
            continue
        if any((day.weekday() - w) % 7 <= lag for w in weekdays[:2]):
            fits.add(day)
    return fits.pop() if len(fits) == 1 else None


def with_group_year(evidence: DateEvidence, years: Sequence[int]) -> DateEvidence:
    """``evidence`` of an article whose text gives no year, read in the year of the other
    reports of its event (``years``, most trusted first); unchanged when it has a day."""
    if evidence.day is not None:
        return evidence
    for year in years:
        if evidence.published_month_day is not None:
            try:
                published = dt.date(year, *evidence.published_month_day)
            except ValueError:
                continue
            if evidence.weekday is not None:
                day = published - dt.timedelta(days=(published.weekday() - evidence.weekday) % 7)
                return replace(evidence, published=published, day=day, earliest=day, confidence=GROUP_YEAR)
            if evidence.month_day is not None:
                on = _on(year, evidence.month_day)
                if on is not None and published - dt.timedelta(days=MAX_REPORT_DELAY) <= on <= published:
                    return replace(evidence, published=published, day=on, earliest=on, confidence=GROUP_YEAR)
            return replace(evidence, published=published, day=published,
                           earliest=published - dt.timedelta(days=PUBLICATION_WINDOW),
                           confidence=PUBLICATION_ONLY)
        if evidence.month_day is not None:
            try:
                day = dt.date(year, *evidence.month_day)
            except ValueError:
                continue
            if evidence.weekday is None or day.weekday() == evidence.weekday:
                return replace(evidence, day=day, earliest=day, confidence=GROUP_YEAR)
    return evidence


def _on(year: int, month_day: tuple[int, int]) -> Optional[dt.date]:
    try:
        return dt.date(year, *month_day)
    except ValueError:
        return None


def event_date(evidence: Sequence[DateEvidence]) -> Optional[dt.date]:
    """The day of an event from what its articles say.

    Articles whose text gives no year are read in the year the others give. Each resolved
    day then votes with its confidence (a quarter vote for the days either side, since
    outlets in other time zones are a day apart; an article dated only by its publication
    backs every day of its window); articles with only a weekday or a (month, day) back the
    candidates that fit them; a day after an article's publication (plus a day) is
    penalised, since a report cannot precede its event.
    """
    years = [y for y, _ in Counter(e.day.year for e in evidence if e.day).most_common()]
    evidence = [with_group_year(e, years) for e in evidence]
    candidates = {e.day for e in evidence if e.day}
    if not candidates:
        # No report gives a year: the guesses (latest year whose calendar fits), by vote.
        guesses = Counter(e.guess for e in evidence if e.guess)
        return max(guesses, key=lambda d: (guesses[d], d)) if guesses else None

    def support(day: dt.date) -> tuple[float, int]:
        score = 0.0
        for e in evidence:
            if e.day:
                if e.earliest is not None and e.earliest < e.day and e.earliest <= day <= e.day:
                    score += e.confidence * (1.0 if day == e.day else 0.5)
                else:
                    gap = abs((e.day - day).days)
                    score += e.confidence * (1.0 if gap == 0 else 0.25 if gap == 1 else 0.0)
            else:
                if e.weekday is not None and e.weekday == day.weekday():
                    score += 0.5
                if e.month_day == (day.month, day.day):
                    score += 0.5
            if e.published is not None and day > e.published + dt.timedelta(days=1):
                score -= 1.0
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
