"""GUI figures, in a process of its own: launch-to-seeds-shown time and the longest
GUI-thread stall while a large folder is analysed in the background.

``python -m viewer.bench.gui_probe LAUNCHED_AT SEEDS [FOLDER]`` where LAUNCHED_AT is
the parent's ``time.time()`` just before it started this process (so Python start-up
and imports count). Uses the real window (``viewer.ui.app.create_main_window``) when
it exists, else a stand-in: a QMainWindow listing the articles, filled by a QThread.
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

    from PySide6.QtCore import QObject, QThread, QTimer, Signal
    from PySide6.QtWidgets import QApplication, QListWidget, QMainWindow, QProgressBar, QVBoxLayout, QWidget

    from ..library import Library

    app = QApplication.instance() or QApplication([])
    result: dict = {"window": "stand-in"}

    class Opener(QThread):
        progressed = Signal(str, int, int)
        opened = Signal(object)

        def __init__(self, paths: list[str]) -> None:
            super().__init__()
            self.paths = paths

        def run(self) -> None:
            library = Library.open(self.paths, progress=lambda s, d, t: self.progressed.emit(s, d, t))
            self.opened.emit(library)

    window = QMainWindow()
    central = QWidget()
    layout = QVBoxLayout(central)
    articles = QListWidget()
    bar = QProgressBar()
    layout.addWidget(articles)
    layout.addWidget(bar)
    window.setCentralWidget(central)
    window.resize(900, 600)
    window.show()

    def show_library(library) -> None:
        articles.clear()
        by_path = {a.path: a for a in library.articles}
        for event in library.events:
            articles.addItem(event.label)
            for path in event.articles:
                articles.addItem("    " + (by_path[path].meta.title or path))

    last_progress = {"at": "start"}

    def on_progress(stage: str, done: int, total: int) -> None:
        last_progress["at"] = f"{stage} {done}/{total}"
        bar.setMaximum(max(1, total))
        bar.setValue(done)
        bar.setFormat(f"{stage} %v/%m")

    # 1. launch: until the seeds are listed in the window
    opener = Opener([seeds])
    opener.progressed.connect(on_progress)
    shown = {}

    def seeds_opened(library) -> None:
        show_library(library)
        app.processEvents()
        shown["at"] = time.time()
        app.quit()

    opener.opened.connect(seeds_opened)
    opener.start()
    app.exec()
    opener.wait()
    result["launch_to_shown_s"] = round(shown["at"] - launched_at, 3)
    result["seed_rows"] = articles.count()

    # 2. stall: heartbeat while a big folder is analysed in the background
    if folder:
        ticks: list[float] = []
        heartbeat = QTimer()
        heartbeat.setInterval(HEARTBEAT_MS)
        where: list[str] = []
        heartbeat.timeout.connect(lambda: (ticks.append(time.perf_counter()), where.append(last_progress["at"])))
        big = Opener([folder])
        big.progressed.connect(on_progress)
        big.opened.connect(lambda library: (show_library(library), app.quit()))
        heartbeat.start()
        started = time.perf_counter()
        big.start()
        app.exec()
        big.wait()
        heartbeat.stop()
        worst = sorted(((b - a, where[n + 1]) for n, (a, b) in enumerate(zip(ticks, ticks[1:]))), reverse=True)
        result["worst_stalls"] = [(round(1000 * gap, 1), during) for gap, during in worst[:5]]
        gaps = sorted(b - a for a, b in zip(ticks, ticks[1:]))
        result["background_open_s"] = round(time.perf_counter() - started, 2)
        result["heartbeats"] = len(ticks)
        result["longest_stall_ms"] = round(1000 * gaps[-1], 1) if gaps else None
        result["p99_gap_ms"] = round(1000 * gaps[int(0.99 * (len(gaps) - 1))], 1) if gaps else None
    window.close()
    return result


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
