"""Tiered opening: events listed from the quick first pass, then the full analysis in the background.

``open_tiered`` is what the window runs in its loader thread (and the benchmark in a
process of its own); it calls back at each tier:

1. ``listed(library)``: the articles grouped from the first pass (``analysis.quick``, no
   neural model), or, when the library index holds this library's grouping, the
   library as it was left, its analyses decoded on first use;
2. ``refined(paths)``: every article of ``priority()`` (the event the reader opened)
   has its full analysis now, in the listed library's ``analyses``;
   (skipped when fewer than ``min_new`` articles need the neural model: the full
   analysis then comes in seconds);
3. the return value: the library regrouped from the full analyses (the grouping the
   index keeps and a full open gives), or the listed one when it came from the index.
"""
from __future__ import annotations

import threading
from typing import Callable, Optional, Sequence

from ..analysis.background import analyse_with_priority
from ..analysis.cache import AnalysisCache
from ..analysis.entities import EntityIndex
from ..model import Analysis, Article
from ..analysis.pipeline import analysis_key
from ..model import LoadError
from .index import LazyEntities
from .library import Library, Progress, damaged_rows_message

# Fewer articles to analyse than this (the rest come from the cache) open in one tier:
# the full analysis takes seconds, and the events would only be listed twice.
TIERED_MIN_NEW = 40


def open_tiered(paths: Sequence[str], listed: Callable[[Library], None],
                refined: Optional[Callable[[list[str]], None]] = None,
                priority: Callable[[], Sequence[str]] = lambda: (),
                progress: Optional[Progress] = None, cancelled: Optional[Callable[[], bool]] = None,
                encodings: Optional[dict[str, str]] = None, index=None, edits_key: str = "",
                use_cache: bool = True, cache_path=None, workers: Optional[int] = None,
                min_new: Optional[int] = None) -> Library:
    first = Library.open(paths, use_cache=use_cache, progress=progress, cancelled=cancelled,
                         encodings=encodings, first_pass=True, index=index, edits_key=edits_key,
                         cache_path=cache_path)
    if first.from_index:
        listed(first)
        if isinstance(first.entities, LazyEntities):
            first.entities.resolve()  # decodes every analysis here, not in the first comparison
        return first
    cache = AnalysisCache(cache_path) if use_cache else None
    known = {}
    if cache is not None:
        for article in first.articles:
            found = cache.get(analysis_key(article), article)
            if found is not None:
                known[article.path] = found
    if len(first.articles) - len(known) >= (TIERED_MIN_NEW if min_new is None else min_new):
        listed(first)  # else the full analysis is a matter of seconds: one tier is less to take in
    lock = threading.Lock()
    full: dict[str, Analysis] = {}
    announced: set[tuple[str, ...]] = set()

    def finished(article: Article, analysis: Analysis) -> None:
        with lock:
            full[article.path] = analysis
            first.analyses[article.path] = analysis  # the listed library refines as analyses land
            first.pending.discard(article.path)
        wanted = tuple(priority() or ())
        if refined and wanted and wanted not in announced and all(p in full for p in wanted):
            announced.add(wanted)
            refined(list(wanted))

    try:
        analyse_with_priority(first.articles, cache, finished, priority, cancelled,
                              (lambda d, t: progress("analyse", d, t)) if progress else None, workers,
                              known=known)
    finally:
        if cache:
            cache.close()
    errors = list(first.errors)
    if cache is not None and cache.damaged:
        errors.append(LoadError(str(cache.path), damaged_rows_message(cache.damaged), kind="cache"))
    library = Library(list(first.articles), errors, {a.path: full[a.path] for a in first.articles},
                      EntityIndex([]))
    if progress:
        progress("group", 0, 1)
    library.regroup()
    return library
