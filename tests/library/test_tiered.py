"""Tiered opening (viewer/library/tiered.py): events first, full analysis after, the opened event first."""
from __future__ import annotations

from viewer.library.index import LibraryIndex
from viewer.library.library import Library
from viewer.library.tiered import open_tiered


def test_events_are_listed_first_and_the_end_is_a_full_open(tmp_path, seed_paths):
    listed, refined = [], []
    wanted = seed_paths[2:4]
    final = open_tiered(seed_paths, listed.append, refined.append, priority=lambda: wanted, workers=1,
                        cache_path=tmp_path / "cache.sqlite", min_new=1)
    assert len(listed) == 1 and listed[0].events
    assert listed[0].pending == set()  # every analysis landed in the listed library too
    assert refined == [wanted]
    full = Library.open(seed_paths, cache_path=tmp_path / "cache.sqlite")
    assert [e.articles for e in final.events] == [e.articles for e in full.events]
    assert final.analyses == full.analyses


def test_the_opened_event_is_analysed_first(tmp_path, seed_paths):
    order = []
    from viewer.analysis import background

    def finished(article, analysis):
        order.append(article.path)
    from viewer.ingest.loading import load_paths
    articles, _ = load_paths(seed_paths)
    background.analyse_with_priority(articles, None, finished, priority=lambda: [seed_paths[-1]], workers=1)
    assert order[0] == seed_paths[-1] and sorted(order) == sorted(seed_paths)


def test_reopening_from_the_index_is_one_tier(tmp_path, seed_paths):
    index = LibraryIndex(tmp_path / "index.sqlite")
    cache = tmp_path / "cache.sqlite"
    first = open_tiered(seed_paths, lambda _: None, index=index, cache_path=cache, workers=1)
    first.remember(index)
    listed = []
    again = open_tiered(seed_paths, listed.append, index=index, cache_path=cache, workers=1)
    assert again is listed[0] and again.from_index
    assert [e.articles for e in again.events] == [e.articles for e in first.events]


def test_a_few_new_articles_open_in_one_tier(tmp_path, seed_paths):
    listed = []
    final = open_tiered(seed_paths, listed.append, workers=1, cache_path=tmp_path / "cache.sqlite")
    assert listed == [] and final.events and not final.pending
