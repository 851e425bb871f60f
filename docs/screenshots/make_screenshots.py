"""Regenerate the README screenshots from the real window (offscreen).

    python docs/screenshots/make_screenshots.py

Writes main-light.png, main-dark.png, find-and-entity.png and six-columns.png next to
this file. Uses a throw-away settings/state folder, so the user's own is untouched.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["VIEWER_DATA_DIR"] = tempfile.mkdtemp(prefix="viewer-shots-")

from viewer.ui.app import create_main_window, ensure_application  # noqa: E402
from viewer.compare.differences import DifferenceKind  # noqa: E402


def wait(app, condition, timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the library did not load")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(5):
        app.processEvents()


def open_window(app, paths, theme: str, size=(1500, 900)):
    window = create_main_window([str(p) for p in paths])
    window.set_theme(theme)
    window.resize(*size)
    window.show()
    wait(app, lambda: window.library is not None)
    return window


def compare_and_wait(app, window, action) -> None:
    """Run ``action`` (show_event / compare_paths) and wait until its comparison is shown."""
    shown = []

    def on_shown(comparison) -> None:
        shown.append(comparison)

    window.comparisonShown.connect(on_shown)
    action()
    wait(app, lambda: bool(shown))
    window.comparisonShown.disconnect(on_shown)


def first_wording_difference(window) -> None:
    view = window.view
    index = next(n for n, d in enumerate(view.differences) if d.kind == DifferenceKind.WORDING)
    view.go_to_difference(index)


def main() -> None:
    app = ensure_application()
    seeds = ROOT / "seeds"
    for theme in ("light", "dark"):
        window = open_window(app, [seeds], theme)
        event = window.library.event_of(str(next(seeds.glob("002_*"))))
        compare_and_wait(app, window, lambda: window.show_event(event.id))
        first_wording_difference(window)
        app.processEvents()
        window.grab().save(str(HERE / f"main-{theme}.png"))
        if theme == "light":
            window.view.open_find()
            window.view.find_bar.edit.setText("climate")
            window.view.find_next()
            window.view.highlight_entity(window.view.comparison.entities.resolve("Xi Jinping"))
            app.processEvents()
            window.grab().save(str(HERE / "find-and-entity.png"))
        window.close()
    from viewer.bench.corpus import generate_event
    with tempfile.TemporaryDirectory(prefix="viewer-six-") as folder:
        paths = generate_event(seeds, Path(folder), 6)
        window = open_window(app, paths, "light", size=(1900, 1000))
        window.library_dock.hide()  # six columns want the width; panels come back from View ▸ Panels
        window.topics_dock.hide()
        compare_and_wait(app, window, lambda: window.compare_paths(paths))
        first_wording_difference(window)
        app.processEvents()
        window.grab().save(str(HERE / "six-columns.png"))
        window.close()
    window.set_theme("system")


if __name__ == "__main__":
    main()
