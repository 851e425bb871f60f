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


def test_a_date_the_sentence_puts_in_the_past_or_future_is_not_the_event_day():
    ev = _evidence("Envoys hold talks in Harbourton\n\n"
                   "The two envoys met today in Harbourton. The meeting follows their March 3, 2023, "
                   "video call and the fishing accord signed since June 8, 2022.\n")
    assert ev.day is None  # 'today' without a publication date: no day, and no background date
    ev = _evidence("Tariff pause agreed\n\nThe ministers agreed on Saturday to hold tariffs at 5 percent "
                   "rather than raise them as planned on Jan. 1, and to add none after January 1.\n")
    assert ev.day is None and ev.month_day is None and ev.weekday == 5


def test_a_year_less_dateline_takes_the_one_year_the_text_names():
    article = build_article("t.txt", "Ministers meet\n\nPORTVILLE, Mar 4 (Wire) -- The ministers met on "
                            "Monday to review the 2019 accord.\n")
    assert article.meta.published == "2019-03-04"
    ev = date_evidence(article)
    assert ev.day == dt.date(2019, 3, 4)  # a Monday: the weekday counted back from the dateline


def test_two_digit_years_and_published_lines_fill_the_articles_date():
    article = build_article("t.txt", "Talks end\n\n(, Feb3’19) – The talks ended with a statement.\n")
    assert article.meta.published == "2019-02-03"
    article = build_article("t.txt", "Talks end\n\nA long caption about the talks that ends with a full stop.\n\n"
                            "Published August 4, 2020\n\nThe talks ended on Monday.\n")
    assert article.meta.published == "2020-08-04"
    assert date_evidence(article).day == dt.date(2020, 8, 3)


def test_a_year_less_report_takes_its_events_year_and_no_day_after_a_publication():
    # Published Sunday 21 March 2021; "on Friday" = 19 March. Another report of the event was
    # (mis)dated by a republication a week later and also says Friday.
    yearless = _evidence("Leaders talk\n\nKINGSPORT, March 21 - The leaders spoke on Friday.\n")
    assert yearless.day is None and yearless.published_month_day == (3, 21)
    republished = DateEvidence(published=dt.date(2021, 3, 26), day=dt.date(2021, 3, 26), confidence=1.0,
                               weekday=4)
    told_friday = DateEvidence(weekday=4)
    assert event_date([republished, yearless, told_friday]) == dt.date(2021, 3, 19)


def test_without_any_year_the_event_day_is_the_latest_that_fits():
    ev = date_evidence(build_article("t.txt", "Summit opens\n\nNov. 14 (Wire) -- The leaders met on Monday.\n"),
                       today=dt.date(2026, 1, 1))
    assert ev.day is None  # no evidence for grouping...
    assert ev.guess == dt.date(2022, 11, 14)  # ...but a label of last resort
    assert event_date([ev]) == dt.date(2022, 11, 14)


def test_a_publication_only_date_spans_the_days_before_it():
    ev = _evidence("Leaders talk\n\nPosted: 2021-06-10\n\nThe leaders talked about trade.\n")
    assert ev.day == dt.date(2021, 6, 10) and ev.earliest == dt.date(2021, 6, 7)
    stated = DateEvidence(day=dt.date(2021, 6, 8), confidence=1.0)
    assert event_date([ev, stated]) == dt.date(2021, 6, 8)


def test_a_weekday_in_another_time_zone_is_not_the_event_day():
    # the outlet's own day is Monday; "(early Tuesday in Beijing)" is the same moment elsewhere
    ev = _evidence("Leaders talk\n\nPublished: 2019/5/15 08:00\n\n"
                   "The two leaders talked by video late Monday (early Tuesday in Beijing) about tariffs.\n")
    assert ev.day == dt.date(2019, 5, 13)
    ev = _evidence("Leaders talk\n\nPublished: 2019/5/15 08:00\n\n"
                   "The video meeting ended on Tuesday noon (Beijing time) after two hours.\n")
    assert ev.weekday is None and ev.day == dt.date(2019, 5, 15)  # only the publication is left


def test_a_weekday_someone_spoke_on_counts_after_the_events_own():
    ev = _evidence("Leaders agree\n\nPublished: 2019/5/16 08:00\n\n"
                   "The leaders agreed to resume talks, an aide said Wednesday.\n\n"
                   "They spoke for an hour late Monday, according to both governments.\n")
    assert ev.day == dt.date(2019, 5, 13)
