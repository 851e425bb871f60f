"""Screenshots of the reader's workbench, from the bundled seeds (offscreen):

    python docs/screenshots/make_workbench.py

Writes sources-table.png (the Sources tab), event-menu.png (the context menu of an event
row) and five-columns.png (all five seeds side by side at 1600x1000, compact mode).
Uses a throw-away settings/state folder.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["VIEWER_DATA_DIR"] = tempfile.mkdtemp(prefix="viewer-shots-")

from PySide6.QtCore import QPoint, QTimer  # noqa: E402
from PySide6.QtGui import QPainter  # noqa: E402

from make_screenshots import compare_and_wait, open_window, wait  # noqa: E402
from viewer.ui.app import ensure_application  # noqa: E402


def grab_with_menu(window, menu, at: QPoint, out: Path) -> None:
    """The window with ``menu`` drawn where it would pop up (offscreen popups are separate windows)."""
    menu.popup(window.mapToGlobal(at))
    app = ensure_application()
    for _ in range(10):
        app.processEvents()
    shot = window.grab()
    painter = QPainter(shot)
    painter.drawPixmap(at, menu.grab())
    painter.end()
    menu.close()
    shot.save(str(out))


def main() -> None:
    app = ensure_application()
    window = open_window(app, [ROOT / "seeds"], "light", size=(1600, 1000))
    wait(app, lambda: window.comparison is not None)
    compare_and_wait(app, window, lambda: window.compare_paths(sorted(a.path for a in window.library.articles)))
    for _ in range(20):
        app.processEvents()
    window.grab().save(str(HERE / "five-columns.png"))

    window.tabs.setCurrentWidget(window.sources_table)
    for _ in range(10):
        app.processEvents()
    window.grab().save(str(HERE / "sources-table.png"))

    window.tabs.setCurrentWidget(window.view)
    panel = window.library_panel
    event = max(window.library.events, key=lambda e: len(e.articles))
    panel.select_events([event.id])
    index = panel.tree.currentIndex()
    rect = panel.tree.visualRect(panel.proxy.index(0, 0))
    at = panel.tree.viewport().mapTo(window, rect.center())
    grab_with_menu(window, panel.context_menu(), at, HERE / "event-menu.png")
    del index
    window.close()
    QTimer.singleShot(0, app.quit)


if __name__ == "__main__":
    main()
