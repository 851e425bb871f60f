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


def test_dates_of_the_month_two_days_apart_tell_of_other_events():
    f = _features(DateEvidence(month_day=(6, 3)), DateEvidence(month_day=(6, 5)),
                  DateEvidence(month_day=(6, 4)), DateEvidence(month_day=(12, 31)), DateEvidence(month_day=(1, 1)))
    assert f["other_month_day"][0, 1] == 1
    assert f["other_month_day"][0, 2] == 0  # a day apart: time zones
    assert f["other_month_day"][3, 4] == 0  # across the year's end, a day apart


def test_a_group_day_backed_by_several_half_sure_reports_is_sure():
    from viewer.library.events import group_evidence
    day = dt.date(2024, 5, 6)  # a Monday
    members = [DateEvidence(day=day, confidence=0.6), DateEvidence(weekday=0), DateEvidence(latest_year=2024)]
    together = group_evidence(members)
    assert together.day == day and together.confidence == 1.0 and together.latest_year == 2024
    alone = group_evidence([DateEvidence(weekday=2), DateEvidence(weekday=2), DateEvidence(month_day=(5, 8))])
    assert alone.day is None and alone.weekday == 2 and alone.month_day == (5, 8)


def _profile(name: str, lemmas: list[str], evidence: DateEvidence) -> ArticleProfile:
    return ArticleProfile(name, None, ["PERSON:ada", "PERSON:bo"], set(), lemmas, evidence)


def test_an_article_that_matches_one_member_well_joins_the_event_as_a_whole():
    """A star: the full report shares words with each short one, the short ones with each
    other little. Pairwise averages leave a short one out; the group as a whole takes it in."""
    from viewer.library.events import ProfileVectors, cluster, block_similarity, merge_groups
    full = "harbour treaty signed quay lantern ferry tariff grain envoy lighthouse".split()
    parts = [full[:4] + ["weather"], full[3:7] + ["crowd"], full[6:] + ["music"]]
    other = "volcano ash flight airport runway pilot cancelled delay".split()
    same_day = DateEvidence(weekday=2)
    profiles = [_profile("full", full, same_day)] + [_profile(f"p{k}", p, same_day) for k, p in enumerate(parts)]
    profiles.append(_profile("other", other, DateEvidence(weekday=5)))
    vectors = ProfileVectors.of(profiles)
    evidence = [p.evidence for p in profiles]
    first = cluster(block_similarity(vectors, np.arange(len(profiles))))
    merged = merge_groups(vectors, first, evidence)
    assert [0, 1, 2, 3] in merged and [4] in merged
    # merging whole groups never takes in the unrelated article
    assert all(4 not in g or g == [4] for g in merged)
