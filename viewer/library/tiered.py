"""Tiered opening: events listed from the quick first pass, then the full analysis in the background.

``open_tiered`` is what the window runs in its loader thread (and the benchmark in a
process of its own); it calls back at each tier:

1. ``listed(library)``: the articles grouped from the first pass (``analysis.quick``, no
   neural model), or, when the library index holds this library's grouping, the
   library as it was left, its analyses decoded on first use;
2. ``refined(paths)``: every article of ``priority()`` (the event the reader opened)
   has its full analysis now, in the listed library's ``analyses``;
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
from .library import Library, Progress


def open_tiered(paths: Sequence[str], listed: Callable[[Library], None],
                refined: Optional[Callable[[list[str]], None]] = None,
                priority: Callable[[], Sequence[str]] = lambda: (),
                progress: Optional[Progress] = None, cancelled: Optional[Callable[[], bool]] = None,
                encodings: Optional[dict[str, str]] = None, index=None, edits_key: str = "",
                use_cache: bool = True, cache_path=None, workers: Optional[int] = None) -> Library:
    first = Library.open(paths, use_cache=use_cache, progress=progress, cancelled=cancelled,
                         encodings=encodings, first_pass=True, index=index, edits_key=edits_key,
                         cache_path=cache_path)
    listed(first)
    if first.from_index:
        first.entities.resolve()  # decodes every analysis here, not in the first comparison
        return first
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

    cache = AnalysisCache(cache_path) if use_cache else None
    try:
        analyse_with_priority(first.articles, cache, finished, priority, cancelled,
                              (lambda d, t: progress("analyse", d, t)) if progress else None, workers)
    finally:
        if cache:
            cache.close()
    library = Library(list(first.articles), list(first.errors), {a.path: full[a.path] for a in first.articles},
                      EntityIndex([]))
    if progress:
        progress("group", 0, 1)
    library.regroup()
    return library
