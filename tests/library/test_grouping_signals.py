"""The grouping model's date signals (profiles written for these tests)."""
from __future__ import annotations

import datetime as dt

import numpy as np

from viewer.analysis.dates import PUBLICATION_ONLY, DateEvidence
from viewer.library.events import ArticleProfile, ProfileVectors, pair_features


def _features(*evidence: DateEvidence) -> dict[str, np.ndarray]:
    profiles = [ArticleProfile(f"{k}.txt", None, [], set(), ["talks", "harbour"], e) for k, e in enumerate(evidence)]
    vectors = ProfileVectors.of(profiles)
    return {name: values.copy() for name, values in pair_features(vectors, np.arange(len(profiles)))}


def test_weekdays_a_day_apart_are_time_zones_not_other_events():
    f = _features(DateEvidence(weekday=0), DateEvidence(weekday=1), DateEvidence(weekday=3))
    assert f["other_weekday"][0, 1] == 0 and f["same_weekday"][0, 1] == 0
    assert f["other_weekday"][0, 2] == 1


def test_a_publication_date_leaves_the_days_before_it_open():
    published = dt.date(2024, 5, 8)  # a Wednesday
    window = DateEvidence(published=published, day=published, confidence=PUBLICATION_ONLY,
                          earliest=published - dt.timedelta(days=3))
    stated = DateEvidence(day=dt.date(2024, 5, 6), confidence=1.0)  # two days before: same event possible
    f = _features(window, stated, DateEvidence(weekday=4), DateEvidence(weekday=6))
    assert f["same_day"][0, 1] > 0 and f["days_apart"][0, 1] == 0
    assert f["other_weekday"][0, 2] == 1  # a Friday cannot be reported on the Wednesday before
    assert f["other_weekday"][0, 3] == 0  # the Sunday before may be


def test_a_report_naming_a_later_year_is_not_about_an_earlier_event():
    f = _features(DateEvidence(day=dt.date(2019, 3, 1), confidence=1.0), DateEvidence(latest_year=2023),
                  DateEvidence(latest_year=2019))
    assert f["year_conflict"][0, 1] == 1 and f["year_conflict"][0, 2] == 0
