"""Open a library off the GUI thread: progress, cancel, errors.

``Library.open`` loads, analyses (spaCy) and groups articles; on a big folder
that takes minutes, so it runs in a QThread and reports through queued signals.
"""
from __future__ import annotations

import threading
import time
from typing import Any, Callable, Optional, Sequence

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal, Slot

from ..analysis.pipeline import Cancelled
from ..library.index import LibraryIndex
from ..library.library import Library
from ..library.tiered import open_tiered
from ..analysis.topics import library_topics

STAGE_NAMES = {"load": "Reading files", "analyse": "Analysing articles", "group": "Grouping"}


class _OpenJob(QObject):
    progress = Signal(str, int, int)
    listed = Signal(object)  # Library: events from the first pass or the index
    refined = Signal(list)  # paths of the prioritised articles, now fully analysed
    finished = Signal(object)  # Library
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, paths: Sequence[str], use_cache: bool, stop: threading.Event,
                 encodings: Optional[dict[str, str]], edits_key: str = "",
                 priority: Optional[Callable[[], Sequence[str]]] = None, index_path=None, cache_path=None) -> None:
        super().__init__()
        self._paths = list(paths)
        self._encodings = dict(encodings or {})
        self._use_cache = use_cache
        self._stop = stop
        self._edits_key = edits_key
        self._priority = priority or (lambda: ())
        self._index_path, self._cache_path = index_path, cache_path

    def _listed(self, library: Library) -> None:
        library_topics(library.articles)  # index topics here, not on the GUI thread
        if not self._stop.is_set():
            self.listed.emit(library)

    @Slot()
    def run(self) -> None:
        index = LibraryIndex(self._index_path) if self._use_cache else None
        try:
            library = open_tiered(self._paths, self._listed, self.refined.emit, self._priority,
                                  progress=lambda stage, done, total: self.progress.emit(stage, done, total),
                                  cancelled=self._stop.is_set, encodings=self._encodings, index=index,
                                  edits_key=self._edits_key, use_cache=self._use_cache,
                                  cache_path=self._cache_path)
            library_topics(library.articles)
        except Cancelled:
            self.cancelled.emit()
        except Exception as exc:  # reported in the window, never a crash of the GUI
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            if self._stop.is_set():
                self.cancelled.emit()
                return
            self.finished.emit(library)
        finally:
            if index is not None:
                index.close()


class LibraryLoader(QObject):
    """Runs one ``Library.open`` at a time in a worker thread.

    Signals are delivered on the GUI thread. Starting a new load cancels the
    previous one; its result is dropped.
    """
    progress = Signal(str, int, int)  # stage, done, total
    listed = Signal(object)  # Library: browsable, analyses still landing (``Library.pending``)
    refined = Signal(list)  # paths whose full analysis landed (the prioritised event)
    loaded = Signal(object)  # Library
    failed = Signal(str)
    cancelled = Signal()
    busyChanged = Signal(bool)

    def __init__(self, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self._thread: Optional[QThread] = None
        self._job: Optional[_OpenJob] = None
        self._stop = threading.Event()
        self._old: list[tuple[QThread, _OpenJob]] = []
        self._priority: list[str] = []

    def prioritise(self, paths: Sequence[str]) -> None:
        """Analyse these articles next (the event the reader opened); read from the job's thread."""
        self._priority = list(paths)

    def is_busy(self) -> bool:
        return self._thread is not None

    def start(self, paths: Sequence[str], use_cache: bool = True,
              encodings: Optional[dict[str, str]] = None, edits_key: str = "",
              index_path=None, cache_path=None) -> None:
        """Open ``paths``; ``encodings`` forces the codec of some files (path -> codec);
        ``edits_key``: the reader's edits (``UserState.edits_key``) for the library index."""
        self.cancel()
        self._stop = threading.Event()
        self._priority = []
        thread = QThread(self)
        thread.setObjectName("library-loader")
        job = _OpenJob(paths, use_cache, self._stop, encodings, edits_key, lambda: self._priority,
                       index_path, cache_path)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        job.progress.connect(self._on_progress)
        job.listed.connect(self._on_listed)
        job.refined.connect(self._on_refined)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        job.cancelled.connect(self._on_cancelled)
        self._thread, self._job = thread, job
        thread.start()
        self.busyChanged.emit(True)

    def cancel(self) -> None:
        """Ask the running load to stop; it ends at the next article."""
        if self._thread is None:
            return
        self._stop.set()
        self._retire()
        self.cancelled.emit()

    def shutdown(self, timeout_ms: int = 30000) -> None:
        """Cancel and wait for every worker thread to end (window close, tests)."""
        self._stop.set()
        self._retire()
        for thread, _job in self._old:
            thread.wait(timeout_ms)
        self._old.clear()

    def _retire(self) -> None:
        if self._thread is None or self._job is None:  # set and cleared together
            return
        self._job.progress.disconnect(self._on_progress)
        self._job.listed.disconnect(self._on_listed)
        self._job.refined.disconnect(self._on_refined)
        self._job.finished.disconnect(self._on_finished)
        self._job.failed.disconnect(self._on_failed)
        self._job.cancelled.disconnect(self._on_cancelled)
        self._thread.quit()  # the event loop ends once run() returns
        self._old.append((self._thread, self._job))
        self._thread, self._job = None, None
        self.busyChanged.emit(False)

    def _done(self) -> None:
        thread = self._thread
        self._retire()
        if thread is not None:
            thread.wait(5000)
            self._old = [(t, j) for t, j in self._old if t is not thread]

    @Slot(str, int, int)
    def _on_progress(self, stage: str, done: int, total: int) -> None:
        self.progress.emit(stage, done, total)

    @Slot(object)
    def _on_listed(self, library: Library) -> None:
        self.listed.emit(library)

    @Slot(list)
    def _on_refined(self, paths: list) -> None:
        self.refined.emit(paths)

    @Slot(object)
    def _on_finished(self, library: Library) -> None:
        self._done()
        self.loaded.emit(library)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._done()
        self.failed.emit(message)

    @Slot()
    def _on_cancelled(self) -> None:
        self._done()
        self.cancelled.emit()


class _Call(QRunnable):
    """One function call in the thread pool; the result comes back through ``signals``.

    A cancellable call gets ``stop.is_set`` as its argument and stops at its next check
    by raising ``Cancelled``; a call cancelled before it started never runs.
    """

    def __init__(self, token: int, function: Callable[..., Any], signals: "BackgroundCalls",
                 stop: Optional[threading.Event]) -> None:
        super().__init__()
        self._token, self._function, self._signals, self._stop = token, function, signals, stop

    def run(self) -> None:
        if self._stop is not None and self._stop.is_set():
            return
        started = time.perf_counter()
        try:
            result = self._function(self._stop.is_set) if self._stop is not None else self._function()
        except Cancelled:
            return  # the caller was told when it cancelled
        except Exception as exc:  # shown in the window; the GUI must not die with a worker
            self._signals.failed.emit(self._token, f"{type(exc).__name__}: {exc}")
        else:
            self._signals.done.emit(self._token, result, time.perf_counter() - started)


class BackgroundCalls(QObject):
    """Runs calls such as ``Library.compare`` off the GUI thread; only the latest result counts.

    ``submit`` returns a token; ``done(token, result, seconds)`` and ``failed(token,
    message)`` arrive on the GUI thread. A caller compares the token with
    ``latest`` to drop answers that a newer request made stale.

    A new request supersedes the older ones without waiting for them: those not started
    are dropped, a cancellable one running is told to stop (it ends at its next check,
    beside the new one), and ``cancel`` stops the latest.
    """
    done = Signal(int, object, float)
    failed = Signal(int, str)

    def __init__(self, parent: Optional[QObject] = None, threads: int = 1) -> None:
        """``threads``: more than one lets a new call start while a cancelled one winds down."""
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)  # CPU-bound calls: few at a time keep the GUI fed
        self._stops: list[threading.Event] = []  # of the calls that may still run
        self.latest = 0

    def submit(self, function: Callable[..., Any], cancellable: bool = False) -> int:
        """Run ``function`` (with ``cancelled``, a no-argument callable, when ``cancellable``)."""
        self._stop_all()
        self.latest += 1
        stop = threading.Event() if cancellable else None
        if stop is not None:
            self._stops.append(stop)
        self._pool.start(_Call(self.latest, function, self, stop))
        return self.latest

    def cancel(self) -> None:
        """Stop every call and make every pending answer stale."""
        self._stop_all()
        self.latest += 1

    def invalidate(self) -> None:
        """Make every pending answer stale (e.g. the library was replaced)."""
        self.cancel()

    def _stop_all(self) -> None:
        self._pool.clear()  # calls not started yet never start
        for stop in self._stops:
            stop.set()
        self._stops = []

    def busy(self) -> bool:
        return self._pool.activeThreadCount() > 0

    def shutdown(self, timeout_ms: int = 30000) -> None:
        self._stop_all()
        self._pool.waitForDone(timeout_ms)
