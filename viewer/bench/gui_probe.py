"""GUI figures, in a process of its own: launch-to-seeds-shown time and the longest
GUI-thread stall while a large folder is analysed in the background.

``python -m viewer.bench.gui_probe LAUNCHED_AT SEEDS [FOLDER]`` where LAUNCHED_AT is
the parent's ``time.time()`` just before it started this process (so Python start-up
and imports count). Uses the real window (``viewer.ui.app.create_main_window``, shown, until its
``libraryLoaded``) when it exists, else a stand-in: a QMainWindow listing the
articles, filled by a QThread. Settings go to ``VIEWER_DATA_DIR`` (a throwaway
folder set by the benchmark).
Prints one JSON object.
"""
from __future__ import annotations

import json
import sys
import time
from typing import Optional

HEARTBEAT_MS = 10


def main(argv: list[str]) -> dict:
    launched_at = float(argv[0])
    seeds = argv[1]
    folder: Optional[str] = argv[2] if len(argv) > 2 else None
    try:
        from ..ui.app import create_main_window  # noqa: F401  (the real window, when it exists)
    except ImportError:
        return _measure(_StandIn(), launched_at, seeds, folder, "stand-in")
    return _measure(_RealWindow(), launched_at, seeds, folder, "real")


class _RealWindow:
    """Drives ``viewer.ui.app.create_main_window``: open paths, know when the library is in."""

    def start(self, paths: list[str], on_loaded, on_progress) -> None:
        if not hasattr(self, "window"):
            from ..ui.app import create_main_window
            self.window = create_main_window(paths)
            self.window.libraryLoaded.connect(lambda library: on_loaded(library))
            self.window.loader.progress.connect(on_progress)
            self.window.resize(1200, 800)
            self.window.show()
        else:
            self.window.open_paths(paths)

    def close(self) -> None:
        self.window.close()


class _StandIn:
    """A QMainWindow listing the library's events and titles, filled by a QThread."""

    def start(self, paths: list[str], on_loaded, on_progress) -> None:
        from PySide6.QtCore import QThread, Signal
        from PySide6.QtWidgets import QListWidget, QMainWindow, QProgressBar, QVBoxLayout, QWidget

        from ..library.library import Library

        class Opener(QThread):
            progressed = Signal(str, int, int)
            opened = Signal(object)

            def __init__(self, paths: list[str]) -> None:
                super().__init__()
                self.paths = paths

            def run(self) -> None:
                library = Library.open(self.paths, progress=lambda s, d, t: self.progressed.emit(s, d, t))
                self.opened.emit(library)

        if not hasattr(self, "window"):
            self.window = QMainWindow()
            central = QWidget()
            layout = QVBoxLayout(central)
            self.articles = QListWidget()
            self.bar = QProgressBar()
            layout.addWidget(self.articles)
            layout.addWidget(self.bar)
            self.window.setCentralWidget(central)
            self.window.resize(900, 600)
            self.window.show()

        def show_library(library) -> None:
            self.articles.clear()
            by_path = {a.path: a for a in library.articles}
            for event in library.events:
                self.articles.addItem(event.label)
                for path in event.articles:
                    self.articles.addItem("    " + (by_path[path].meta.title or path))
            on_loaded(library)

        def progress(stage: str, done: int, total: int) -> None:
            self.bar.setMaximum(max(1, total))
            self.bar.setValue(done)
            on_progress(stage, done, total)

        self.opener = Opener(paths)
        self.opener.progressed.connect(progress)
        self.opener.opened.connect(show_library)
        self.opener.start()

    def close(self) -> None:
        self.opener.wait()
        self.window.close()


def _measure(window, launched_at: float, seeds: str, folder: Optional[str], kind: str) -> dict:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    result: dict = {"window": kind}
    last_progress = {"at": "start"}
    loaded: dict = {}

    def on_progress(stage: str, done: int, total: int) -> None:
        last_progress["at"] = f"{stage} {done}/{total}"

    def on_loaded(library) -> None:
        app.processEvents()  # let the window paint what it was given
        loaded["at"] = time.time()
        loaded["library"] = library
        app.quit()

    # 1. launch: until the seeds' library is in the window
    window.start([seeds], on_loaded, on_progress)
    app.exec()
    result["launch_to_shown_s"] = round(loaded["at"] - launched_at, 3)
    result["seed_articles"] = len(loaded["library"].articles)

    # 2. stall: heartbeat while a big folder is analysed in the background
    if folder:
        ticks: list[float] = []
        where: list[str] = []
        heartbeat = QTimer()
        heartbeat.setInterval(HEARTBEAT_MS)
        def beat() -> None:
            ticks.append(time.perf_counter())
            where.append(last_progress["at"])

        heartbeat.timeout.connect(beat)
        heartbeat.start()
        started = time.perf_counter()
        window.start([folder], on_loaded, on_progress)
        app.exec()
        heartbeat.stop()
        worst = sorted(((b - a, where[n + 1]) for n, (a, b) in enumerate(zip(ticks, ticks[1:]))), reverse=True)
        gaps = sorted(b - a for a, b in zip(ticks, ticks[1:]))
        result["background_open_s"] = round(time.perf_counter() - started, 2)
        result["background_articles"] = len(loaded["library"].articles)
        result["heartbeats"] = len(ticks)
        result["longest_stall_ms"] = round(1000 * gaps[-1], 1) if gaps else None
        result["p99_gap_ms"] = round(1000 * gaps[int(0.99 * (len(gaps) - 1))], 1) if gaps else None
        result["worst_stalls"] = [(round(1000 * gap, 1), during) for gap, during in worst[:5]]
    window.close()
    return result


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
