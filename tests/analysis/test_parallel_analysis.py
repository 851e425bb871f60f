"""Analysis in worker processes gives what in-process analysis gives; cancel stops it."""
from __future__ import annotations

import sys
import pytest

from viewer.analysis.pipeline import Cancelled, analyse_articles, analysis_key
from viewer.analysis.cache import AnalysisCache
from viewer.ingest.loading import load_paths

from conftest import SEEDS


@pytest.fixture(scope="module")
def articles():
    loaded, errors = load_paths([str(SEEDS)])
    assert not errors
    return loaded


def test_workers_give_the_in_process_analyses_in_article_order(articles):
    here = analyse_articles(articles, cache=None, workers=1)
    there = analyse_articles(articles, cache=None, workers=2)
    assert list(there) == [a.path for a in articles]
    assert there == here


def test_cancel_stops_worker_analysis_and_keeps_what_was_done(articles, tmp_path):
    cache = AnalysisCache(tmp_path / "cache.sqlite")
    seen = []

    def progress(done, total):
        seen.append(done)

    with pytest.raises(Cancelled):
        analyse_articles(articles, cache=cache, progress=progress, cancelled=lambda: len(seen) > 1, workers=2)
    cache.close()
    assert 1 <= max(seen) < len(articles)
    reopened = AnalysisCache(tmp_path / "cache.sqlite")
    done = [a for a in articles if reopened.get(analysis_key(a))]
    assert len(done) == max(seen)
    reopened.close()


def test_a_frozen_app_uses_workers_once_its_entry_point_allows(monkeypatch):
    from viewer import bundle
    from viewer.analysis.pipeline import parallel_workers
    monkeypatch.delenv("VIEWER_ANALYSIS_WORKERS", raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(bundle, "_worker_entry", False)
    assert parallel_workers(100) == 1
    bundle.enable_worker_processes()
    assert parallel_workers(100) == 2
