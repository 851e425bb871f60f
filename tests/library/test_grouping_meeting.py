"""How an event took place as grouping evidence (cases written for the project)."""
import numpy as np

from viewer.analysis.dates import DateEvidence
from viewer.library import events as grouping


def _profile(path: str, evidence: DateEvidence, meeting=None) -> grouping.ArticleProfile:
    return grouping.ArticleProfile(path, evidence.iso, ["PERSON:ana", "PERSON:bo"], {"GPE:oslo"},
                                   ["talk", "trade", "oslo"], evidence, {"GPE:oslo"}, meeting)


def _features(profiles):
    vectors = grouping.ProfileVectors.of(profiles)
    return {name: values.copy() for name, values in grouping.pair_features(vectors, np.arange(len(profiles)))}


def test_a_call_and_a_meeting_in_person_are_other_events():
    evidence = DateEvidence()
    features = _features([_profile("a", evidence, "remote"), _profile("b", evidence, "in person"),
                          _profile("c", evidence, None), _profile("d", evidence, "remote")])
    other = features["other_meeting"]
    assert other[0, 1] == 1.0 and other[0, 3] == 0.0 and other[0, 2] == 0.0 and other[1, 2] == 0.0

