"""The calendar and the way an event took place as grouping evidence (cases written for the project)."""
import datetime as dt

import numpy as np

from viewer.analysis.dates import DateEvidence
from viewer.library import events as grouping


def _profile(path: str, evidence: DateEvidence, meeting=None) -> grouping.ArticleProfile:
    return grouping.ArticleProfile(path, evidence.iso, ["PERSON:ana", "PERSON:bo"], {"GPE:oslo"},
                                   ["talk", "trade", "oslo"], evidence, {"GPE:oslo"}, meeting)


def _features(profiles):
    vectors = grouping.ProfileVectors.of(profiles)
    return {name: values.copy() for name, values in grouping.pair_features(vectors, np.arange(len(profiles)))}


def test_a_weekday_and_date_that_another_years_calendar_joins_conflict_with_a_dated_event():
    dated = DateEvidence(day=dt.date(2021, 11, 15), confidence=1.0)  # a Monday
    # "Monday, November 14": a Monday only in some years (2022 among them), never in 2021
    yearless = DateEvidence(weekday=0, month_day=(11, 14))
    fitting = DateEvidence(weekday=0, month_day=(11, 15))  # Monday the 15th: 2021 fits
    features = _features([_profile("a", dated), _profile("b", yearless), _profile("c", fitting)])
    conflict = features["calendar_conflict"]
    assert conflict[0, 1] == 1.0 and conflict[1, 0] == 1.0
    assert conflict[0, 2] == 0.0
    # the two year-less ones cannot both be Mondays in one year either
    assert conflict[1, 2] == 1.0


def test_a_call_and_a_meeting_in_person_are_other_events():
    evidence = DateEvidence()
    features = _features([_profile("a", evidence, "remote"), _profile("b", evidence, "in person"),
                          _profile("c", evidence, None), _profile("d", evidence, "remote")])
    other = features["other_meeting"]
    assert other[0, 1] == 1.0 and other[0, 3] == 0.0 and other[0, 2] == 0.0 and other[1, 2] == 0.0


def test_calendar_mask_of_a_slip_is_no_constraint():
    # February 30 is no day of any year: no constraint rather than a conflict with everything
    assert grouping._calendar_mask(DateEvidence(weekday=2, month_day=(2, 30))) == grouping._ANY_YEAR
