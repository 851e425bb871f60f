"""Render resources/icons/app.svg to the PNG sizes desktops and PyInstaller use.

    python packaging/render_icons.py          write resources/icons/app-<size>.png
    python packaging/render_icons.py --check  only render the ones that are missing
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(sizes: tuple[int, ...] = SIZES, only_missing: bool = False) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (keeps Qt alive)
    renderer = QSvgRenderer(str(ICONS / "app.svg"))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {ICONS / 'app.svg'}")
    written = []
    for size in sizes:
        out = ICONS / f"app-{size}.png"
        if only_missing and out.exists():
            continue
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        if not image.save(str(out)):
            raise SystemExit(f"cannot write {out}")
        written.append(out)
    return written


if __name__ == "__main__":
    for path in render(only_missing="--check" in sys.argv):
        print(f"wrote {path}")
