"""The Qt binding itself: a regression check for a reference-counting bug.

PySide6 6.12.0 on Python 3.11 releases a reference to ``None`` on every call of a
method that returns nothing (``QPainter.setPen``, ``QTextCursor.insertText``...).
``None`` is not immortal before Python 3.12, so a long session (or a test run)
ends in "Fatal Python error: none_dealloc". pyproject.toml excludes that release;
this test catches the bug in whatever binding is installed.
"""
from __future__ import annotations

import gc
import sys

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QTextCursor, QTextDocument

pytestmark = pytest.mark.gui


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_void_qt_calls_keep_the_reference_count_of_none():
    image = QImage(20, 20, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    cursor = QTextCursor(QTextDocument())
    colour, rect = QColor("red"), QRectF(1, 1, 5, 5)
    # Objects freed while counting (cyclic garbage of earlier tests) legitimately drop
    # references to None: collect first and keep the collector out of the loop.
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(None)
        for _ in range(200):
            painter.setPen(colour)
            painter.fillRect(rect, colour)
            cursor.insertText("a")
        drift = sys.getrefcount(None) - before
    finally:
        gc.enable()
        painter.end()
    # extra references are harmless; lost ones end in a crash
    assert drift > -50, f"None lost {-drift} references in 600 Qt calls: use a PySide6 without the bug"
