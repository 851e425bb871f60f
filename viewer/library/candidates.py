"""Sub-quadratic event grouping for very large libraries: the same pair model, scored only
on candidate pairs.

``events.cluster_profiles`` scores every pair of a date block; in a library of a year of
coverage the blocks chain into one (some event every few days) and n² pairs do not fit.
Here:

1. candidate pairs come from an inverted index of distinctive keys (every name an article
   mentions, its participants and its most distinctive words by TF-IDF weight), taken
   only between articles whose possible days are at most ``MAX_DAYS_APART`` apart, by
   any day they give, a publication day too (date blocks; undated articles pair with up
   to ``UNDATED_CAP`` partners per key);
2. each candidate pair gets the probability ``events.block_similarity`` gives it (the
   same logistic model, computed for one article and its candidates at a time);
3. average linkage can only merge two groups when some pair between them reaches the
   threshold, so the groups never cross the connected components of the pairs that do:
   each component is clustered exactly, with ``events.cluster`` on its full matrix;
4. the second stage (``events.merge_groups``, groups judged as wholes) runs over the
   groups that candidate pairs link at all (``GROUP_LINK``).

Wherever every pair at or above the threshold is a candidate this is the grouping of
the full matrix. It is not quite that where the model scores high a pair whose dates
lie far apart but are not confident (a publication day alone): the full matrix may merge
such a pair, the date blocks never do.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable, Sequence

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from .events import (MAX_DAYS_APART, MERGE_THRESHOLD, ArticleProfile, ProfileVectors, block_similarity, cluster,
                     merge_groups)

TOP_WORDS = 12  # an article's most distinctive words that index it
KEY_CAP = 400  # a key shared by more articles within one window than this is not distinctive
UNDATED_CAP = 50  # partners per key for an article without a confident day
EXACT_BELOW = 3  # a library this small is clustered on its full matrix
# A key in more than this share of the library ("China" in a library about China) tells no
# event from another; keys of fewer than COMMON_MIN articles are always kept.
COMMON_SHARE = 0.05
COMMON_MIN = 50
# Groups joined by a candidate pair scoring at least this are judged together by the
# second stage (``events.merge_groups``).
GROUP_LINK = 0.05  # libraries smaller than this are clustered on their full matrix anyway


def candidate_pairs(profiles: Sequence[ArticleProfile], vectors: ProfileVectors) -> np.ndarray:
    """(i, j) rows, i < j, of the pairs worth scoring (an ``(m, 2)`` int array)."""
    postings: dict[str, list[int]] = defaultdict(list)
    words = vectors.words
    for row, profile in enumerate(profiles):
        keys = set(profile.entities) | set(profile.participants)
        start, end = words.indptr[row], words.indptr[row + 1]
        if end > start:
            top = np.argsort(-words.data[start:end])[:TOP_WORDS]
            keys.update(f"w{int(c)}" for c in words.indices[start:end][top])
        for key in keys:
            postings[key].append(row)
    # Date blocks: any day an article gives (a publication day too, with the days before it
    # that the event may be on) keeps it from pairs far away.
    days = vectors.days
    slack = int(np.nanmax(vectors.days - vectors.earliest)) if np.isfinite(vectors.days).any() else 0
    found: set[tuple[int, int]] = set()
    common = max(COMMON_MIN, COMMON_SHARE * len(profiles))
    for members in postings.values():
        if 1 < len(members) <= common:
            found.update(_window_pairs(np.asarray(members), days, MAX_DAYS_APART + slack))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    return np.asarray(sorted(found), dtype=np.int64)


def _window_pairs(members: np.ndarray, days: np.ndarray, window: int) -> Iterable[tuple[int, int]]:
    """Pairs of ``members`` at most ``window`` days apart; undated members pair with a few."""
    member_days = days[members]
    dated = members[~np.isnan(member_days)]
    undated = members[np.isnan(member_days)]
    if len(dated):
        order = np.argsort(days[dated], kind="stable")
        dated, sorted_days = dated[order], days[dated][order]
        ends = np.searchsorted(sorted_days, sorted_days + window, side="right")
        for k in range(len(dated)):
            partners = dated[k + 1:min(ends[k], k + 1 + KEY_CAP)]
            a = int(dated[k])
            for b in partners:
                b = int(b)
                yield (a, b) if a < b else (b, a)
    for k, a in enumerate(undated):
        a = int(a)
        # the nearest members in the list (files of one folder are often of one event)
        for b in np.concatenate([undated[k + 1:k + 1 + UNDATED_CAP], dated[:UNDATED_CAP]]):
            b = int(b)
            if a != b:
                yield (a, b) if a < b else (b, a)


def score_pairs(vectors: ProfileVectors, pairs: np.ndarray) -> np.ndarray:
    """``block_similarity`` of each pair, computed one anchor article (and its candidates) at a time."""
    scores = np.zeros(len(pairs), dtype=np.float32)
    if not len(pairs):
        return scores
    order = np.argsort(pairs[:, 0], kind="stable")
    anchors, starts = np.unique(pairs[order, 0], return_index=True)
    bounds = list(starts) + [len(order)]
    for k, anchor in enumerate(anchors):
        at = order[bounds[k]:bounds[k + 1]]
        rows = np.concatenate([[anchor], pairs[at, 1]])
        scores[at] = block_similarity(vectors, rows)[0, 1:]
    return scores


def cluster_sparse(profiles: Sequence[ArticleProfile], threshold: float = MERGE_THRESHOLD,
                   vectors: ProfileVectors | None = None) -> list[list[int]]:
    """Groups of profile indices, as ``events.cluster_profiles`` would give (see the module docstring)."""
    n = len(profiles)
    if n == 0:
        return []
    vectors = vectors if vectors is not None else ProfileVectors.of(profiles)
    if n < EXACT_BELOW:
        return sorted(cluster(block_similarity(vectors, np.arange(n)), threshold), key=lambda g: g[0])
    pairs = candidate_pairs(profiles, vectors)
    scores = score_pairs(vectors, pairs)
    strong = pairs[scores >= threshold]
    graph = sparse.coo_matrix((np.ones(len(strong)), (strong[:, 0], strong[:, 1])), shape=(n, n))
    count, labels = connected_components(graph, directed=False)
    components: dict[int, list[int]] = defaultdict(list)
    for row, label in enumerate(labels):
        components[int(label)].append(row)
    groups: list[list[int]] = []
    for rows in components.values():
        if len(rows) == 1:
            groups.append(rows)
            continue
        rows_array = np.asarray(rows)
        groups.extend([int(rows_array[i]) for i in group]
                      for group in cluster(block_similarity(vectors, rows_array), threshold))
    return sorted(_second_stage(vectors, profiles, groups, pairs, scores, threshold), key=lambda g: g[0])


def _second_stage(vectors: ProfileVectors, profiles: Sequence[ArticleProfile], groups: list[list[int]],
                  pairs: np.ndarray, scores: np.ndarray, threshold: float) -> list[list[int]]:
    """``events.merge_groups`` over the groups, within each set of groups that candidate
    pairs scoring at least ``GROUP_LINK`` join (groups no such pair joins share no
    distinctive name, word or date window: the group model has nothing to merge them on)."""
    if len(groups) < 2:
        return groups
    group_of = np.empty(len(profiles), dtype=np.int64)
    for number, members in enumerate(groups):
        group_of[members] = number
    linked = pairs[scores >= GROUP_LINK]
    a, b = group_of[linked[:, 0]], group_of[linked[:, 1]]
    apart = a != b
    graph = sparse.coo_matrix((np.ones(int(apart.sum())), (a[apart], b[apart])), shape=(len(groups), len(groups)))
    _, labels = connected_components(graph, directed=False)
    sets: dict[int, list[int]] = defaultdict(list)
    for number, label in enumerate(labels):
        sets[int(label)].append(number)
    evidence = [p.evidence for p in profiles]
    merged: list[list[int]] = []
    for numbers in sets.values():
        joined = [groups[k] for k in numbers]
        merged.extend(merge_groups(vectors, joined, evidence, threshold) if len(joined) > 1 else joined)
    return merged


def pair_statistics(profiles: Sequence[ArticleProfile]) -> dict[str, int]:
    """How many pairs were scored against all pairs (for the benchmark's note)."""
    vectors = ProfileVectors.of(profiles)
    pairs = candidate_pairs(profiles, vectors)
    n = len(profiles)
    return {"articles": n, "candidate_pairs": int(len(pairs)), "all_pairs": n * (n - 1) // 2}


def group_events_sparse(articles, analyses, index) -> list:
    """``events.group_events`` with ``cluster_sparse`` in place of the full matrix (large libraries)."""
    from ..gcpause import collector_paused
    from .events import _make_event, order_events, profile_articles
    with collector_paused():
        profiles = profile_articles(articles, analyses, index)
        groups = cluster_sparse(profiles)
        return order_events([_make_event([profiles[i] for i in group], index) for group in groups])
