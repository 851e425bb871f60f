"""Keep Python's cyclic garbage collector from freezing every thread on big libraries.

A library of thousands of articles holds millions of small objects (sentences,
mentions, lemma tuples). Each full collection walks all of them while holding the
GIL: measured at 1–2 s per collection on a 1,000-article library, during which a
GUI thread cannot run. Our data has no reference cycles, so while it is built the
collector is paused, and once built it is moved to the collector's permanent
generation (``gc.freeze``): later collections only look at newer objects.
Reference counting still frees all of it when the library is dropped.
"""
from __future__ import annotations

import gc
import threading
from contextlib import contextmanager
from typing import Iterator

_lock = threading.Lock()
_depth = 0
_was_enabled = [True]  # the collector's state when the outermost pause began


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause automatic collection for the block (nestable, across threads); freeze what it built."""
    global _depth
    with _lock:
        _depth += 1
        if _depth == 1:
            _was_enabled[0] = gc.isenabled()
            gc.disable()
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0:
                gc.freeze()
                if _was_enabled[0]:
                    gc.enable()

