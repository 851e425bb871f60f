"""Publication dates and event days read from an article's own text (texts written for these tests)."""
from __future__ import annotations

import datetime as dt

from viewer.analysis.dates import DateEvidence, date_evidence, event_date
from viewer.ingest.loading import build_article


def _evidence(text: str) -> DateEvidence:
    return date_evidence(build_article("t.txt", text))


def test_weekday_counts_back_from_a_published_line():
    ev = _evidence("Leaders speak by phone\n\nPublished: 2020/3/27 16:14\n\n"
                   "The two presidents spoke late on Thursday about trade, officials said.\n\n"
                   "They last met in December 2019 and had spoken on February 12.\n")
    assert ev.published == dt.date(2020, 3, 27)
    assert ev.day == dt.date(2020, 3, 26)


def test_yesterday_and_a_year_less_dateline():
    ev = _evidence("Ministers meet\n\nHARBOURTON, Nov 14, 2019 (Agency) - The ministers met yesterday "
                   "to discuss fishing rights.\n")
    assert ev.published == dt.date(2019, 11, 14) and ev.day == dt.date(2019, 11, 13)


def test_background_dates_never_become_the_event_day():
    ev = _evidence("Talks resume\n\nPosted at 9:00 AM, May 20, 2022\n\n"
                   "The envoys met on Friday, their first talks since 2016.\n\n"
                   "The last time they spoke was on February 12.\n")
    assert ev.day == dt.date(2022, 5, 20)  # Friday, not February 12


def test_an_unsure_weekday_is_evidence_for_the_event_day():
    dated = DateEvidence(day=dt.date(2021, 6, 4), confidence=1.0)  # a Friday
    guessed = DateEvidence(day=dt.date(2021, 6, 5), confidence=0.4)
    told_friday = DateEvidence(weekday=4)
    assert event_date([guessed, told_friday, dated]) == dt.date(2021, 6, 4)
