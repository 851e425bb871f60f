"""events.cluster (viewer/library/events.py): average-linkage clustering of a similarity
matrix into events. Each case is a small matrix written for the test and the groups
expected: merged while the mean similarity between two groups reaches the threshold."""
from __future__ import annotations

import numpy as np
import pytest

from viewer.library.events import MERGE_THRESHOLD, cluster


def _sim(*upper: float) -> np.ndarray:
    """A symmetric matrix with ones on the diagonal from its upper triangle, row by row."""
    n = int((1 + (1 + 8 * len(upper)) ** 0.5) / 2)
    sim = np.eye(n)
    sim[np.triu_indices(n, 1)] = upper
    return np.maximum(sim, sim.T)


T = MERGE_THRESHOLD


@pytest.mark.parametrize("sim, expected", [
    (np.zeros((0, 0)), []),
    (np.ones((1, 1)), [[0]]),
    # two reports of one event; two unrelated ones
    (_sim(0.9), [[0, 1]]),
    (_sim(0.1), [[0], [1]]),
    # the threshold itself merges, just below it does not
    (_sim(T), [[0, 1]]),
    (_sim(T - 0.01), [[0], [1]]),
    # interleaved: groups are listed by their first member, members in order
    (_sim(0.1, 0.9, 0.1,
          0.1, 0.9,
          0.1), [[0, 2], [1, 3]]),
    # a chain a–b strong, b–c a bit weaker, a–c nothing: c's mean with {a, b} is below the threshold
    (_sim(0.9, 0.0,
          0.8), [[0, 1], [2]]),
    # ... but joins when it is like both on average (complete linkage would not merge it, and
    # single linkage would have merged the chain above)
    (_sim(0.9, 0.4,
          0.7), [[0, 1, 2]]),
    # similarities above one (rounding) are no negative distance
    (_sim(1.3), [[0, 1]]),
])
def test_cluster(sim, expected):
    assert cluster(sim) == expected


@pytest.mark.parametrize("threshold, expected", [(0.95, [[0], [1], [2]]), (0.85, [[0, 1], [2]]), (0.3, [[0, 1, 2]])])
def test_cluster_threshold(threshold, expected):
    assert cluster(_sim(0.9, 0.4, 0.5), threshold) == expected
