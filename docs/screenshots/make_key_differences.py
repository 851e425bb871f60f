"""Screenshots of the Key differences panel and the exported PDF's first page, from the seeds.

    python docs/screenshots/make_key_differences.py

Compares seeds 002 and 003 (one call, two outlets) with 003 chosen as the reference
readout, grabs the panel, exports the PDF and renders its first page with pdftoppm.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["VIEWER_DATA_DIR"] = tempfile.mkdtemp(prefix="viewer-shots-")

import time  # noqa: E402

from viewer.ui.app import create_main_window, ensure_application  # noqa: E402


def wait(app, condition, timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("timed out")
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
    shown = []
    window.comparisonShown.connect(shown.append)
    action()
    wait(app, lambda: bool(shown))
    window.comparisonShown.disconnect(shown.append)


def main() -> None:
    app = ensure_application()
    seeds = ROOT / "seeds"
    a, b = str(next(seeds.glob("002_*"))), str(next(seeds.glob("003_*")))
    window = open_window(app, [seeds], "light", size=(1500, 950))
    compare_and_wait(app, window, lambda: window.compare_paths([a, b]))
    window.key_dock.raise_()
    panel = window.key_panel
    panel.reference.setCurrentIndex(panel.reference.findData(b))
    wait(app, lambda: bool(panel.differences))
    panel.list.setCurrentRow(0)
    panel._on_item(panel.list.item(0))
    app.processEvents()
    window.grab().save(str(HERE / "key-differences-window.png"))
    window.key_dock.grab().save(str(HERE / "key-differences-panel.png"))
    from viewer import export
    pdf = Path(tempfile.mkdtemp()) / "comparison.pdf"
    export.export_pdf(window.comparison, str(pdf))
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(HERE / "key-differences-pdf")], check=True)
    window.close()


if __name__ == "__main__":
    main()
