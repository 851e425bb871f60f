"""Sub-quadratic grouping (viewer/library/candidates.py) on a generated library."""
from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import SEEDS
from viewer.analysis.entities import build_entities
from viewer.analysis.quick import quick_analyses
from viewer.bench.corpus import generate_library
from viewer.bench.scale import pair_scores
from viewer.ingest.loading import load_paths
from viewer.library import candidates, events


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("generated")
    generate_library(SEEDS, folder, 400, 80, seed=3)
    articles, _ = load_paths([str(folder)])
    analyses = quick_analyses(articles)
    profiles = events.profile_articles(articles, analyses, build_entities(analyses))
    truth = list(json.loads((folder / "truth.json").read_text(encoding="utf-8")).values())
    return profiles, truth


def test_few_pairs_are_scored_and_the_events_are_found(generated):
    profiles, truth = generated
    stats = candidates.pair_statistics(profiles)
    assert stats["candidate_pairs"] < 0.05 * stats["all_pairs"]
    groups = candidates.cluster_sparse(profiles)
    scores = pair_scores([[profiles[i].path for i in g] for g in groups], truth)
    print(stats, scores)
    assert scores["pair_precision"] >= 0.8 and scores["pair_recall"] >= 0.8
    assert sorted(i for g in groups for i in g) == list(range(len(profiles)))


def test_candidate_pairs_score_as_the_full_matrix(generated):
    profiles, _ = generated
    vectors = events.ProfileVectors.of(profiles)
    pairs = candidates.candidate_pairs(profiles, vectors)
    full = events.block_similarity(vectors, np.arange(len(profiles)))
    assert np.allclose(candidates.score_pairs(vectors, pairs), full[pairs[:, 0], pairs[:, 1]], atol=1e-5)


def test_every_strong_pair_within_the_date_window_is_a_candidate(generated):
    profiles, _ = generated
    vectors = events.ProfileVectors.of(profiles)
    pairs = {tuple(p) for p in candidates.candidate_pairs(profiles, vectors).tolist()}
    full = events.block_similarity(vectors, np.arange(len(profiles)))
    near = np.abs(vectors.days[:, None] - vectors.days[None, :]) <= events.MAX_DAYS_APART
    strong = np.argwhere(np.triu((full >= events.MERGE_THRESHOLD) & near, 1))
    missed = [tuple(p) for p in strong.tolist() if tuple(p) not in pairs]
    assert len(missed) <= 0.02 * len(strong)
