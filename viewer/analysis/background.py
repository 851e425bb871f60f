"""The full analysis of a library already listed from its first pass, the wanted articles first.

``pipeline.analyse_articles`` hands every chunk to the worker processes at once;
here chunks are handed out a few at a time, each time taking first the articles
``priority()`` names (the event the reader opened), so an event opened while a
thousand articles are analysed is analysed next. Same workers, chunks and cache as
``pipeline``; results are delivered as they finish.
"""
from __future__ import annotations

import os
import time
from typing import Callable, Optional, Sequence

from .cache import AnalysisCache, decode_analysis
from ..gcpause import collector_paused
from ..model import Analysis, Article
from . import pipeline
from .pipeline import Cancelled, analysis_key, parallel_workers

Finished = Callable[[Article, Analysis], None]
# A worker process is replaced after this many chunks: spaCy's string store only grows
# (every new number and name), and over 2,500 articles a worker reached 800 MB; a new
# worker costs one model load (a few seconds) per ~250 articles.
TASKS_PER_WORKER = 64


def analyse_with_priority(articles: Sequence[Article], cache: Optional[AnalysisCache], finished: Finished,
                          priority: Callable[[], Sequence[str]] = lambda: (),
                          cancelled: Optional[Callable[[], bool]] = None,
                          progress: Optional[Callable[[int, int], None]] = None,
                          workers: Optional[int] = None, batch_size: int = 64,
                          known: Optional[dict[str, Analysis]] = None) -> None:
    """Call ``finished(article, analysis)`` for every article: cached ones at once, then
    the others as worker processes (or this process) analyse them, ``priority()`` first.

    ``known``: the cached analyses, when the caller has read them already (path → analysis).
    """
    with collector_paused():
        todo: list[Article] = []
        total, done = len(articles), 0
        for article in articles:
            cached = (known or {}).get(article.path)
            if cached is None and cache is not None and known is None:
                cached = cache.get(analysis_key(article), article)
            if cached is None:
                todo.append(article)
            else:
                finished(article, cached)
                done += 1
        if progress:
            progress(done, total)
        if not todo:
            return
        counter = {"done": done}
        last_commit = [time.monotonic()]

        def landed(article: Article, analysis: Analysis, encoded: Optional[bytes] = None) -> None:
            if cache:
                cache.put(analysis_key(article), analysis, encoded)
                if time.monotonic() - last_commit[0] >= pipeline.COMMIT_EVERY:  # a kill keeps what is done
                    cache.commit()
                    last_commit[0] = time.monotonic()
            finished(article, analysis)
            counter["done"] += 1
            if progress:
                progress(counter["done"], total)

        workers = parallel_workers(len(todo)) if workers is None else workers
        queue = _Queue(todo, priority)
        try:
            if workers > 1:
                _in_workers(queue, landed, cancelled, workers, batch_size)
            else:
                while queue:
                    if cancelled and cancelled():
                        raise Cancelled()
                    chunk = queue.take(pipeline.CHUNK_ARTICLES)
                    pipeline._analyse_here(chunk, landed, cancelled, batch_size)
        finally:
            if cache:
                cache.commit()


class _Queue:
    """Articles still to hand out; ``take`` serves ``priority()`` first, then the given order."""

    def __init__(self, todo: Sequence[Article], priority: Callable[[], Sequence[str]]) -> None:
        self._left = {a.path: a for a in todo}
        self._order = [a.path for a in todo]
        self._next = 0
        self._priority = priority

    def __bool__(self) -> bool:
        return bool(self._left)

    def take(self, size: int) -> list[Article]:
        chunk: list[Article] = []
        for path in self._priority() or ():
            if len(chunk) >= size:
                break
            article = self._left.pop(path, None)
            if article is not None:
                chunk.append(article)
        while len(chunk) < size and self._next < len(self._order):
            article = self._left.pop(self._order[self._next], None)
            self._next += 1
            if article is not None:
                chunk.append(article)
        return chunk


def _in_workers(queue: _Queue, landed, cancelled, workers: int, batch_size: int) -> None:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    size = pipeline.CHUNK_ARTICLES
    # the same workers as ``pipeline``: they end with this process (``_worker_started``)
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=pipeline._worker_started, initargs=(os.getpid(),),
                                   max_tasks_per_child=TASKS_PER_WORKER)
    pending: dict = {}
    complete = False
    try:
        while queue or pending:
            if cancelled and cancelled():
                raise Cancelled()
            while queue and len(pending) < 2 * workers:  # a short queue: a new priority waits little
                chunk = queue.take(size)
                pending[executor.submit(pipeline._analyse_chunk, chunk, batch_size)] = chunk
            done, _ = wait(pending, timeout=0.1, return_when=FIRST_COMPLETED)
            for future in done:
                chunk = pending.pop(future)
                for article, encoded in zip(chunk, future.result()):
                    landed(article, decode_analysis(encoded), encoded)
        complete = True
    finally:
        if not complete:
            pipeline._stop_workers(executor)
        executor.shutdown(wait=False, cancel_futures=True)
