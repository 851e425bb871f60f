"""Print the export HTML (Qt variant) to PDF with QTextDocument + QPdfWriter.

Only QtGui is used. The document is laid out with a page size equal to the body
area of one page, so Qt's own pagination moves a line that would cross a page
boundary (also inside table cells) to the next page; we then paint each page
ourselves, clipped to its slice of the document, and add the running header and the
page number around it. Text stays real, selectable text with embedded fonts.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from dataclasses import dataclass
from typing import Callable, Optional

from ..analysis import Cancelled

Progress = Callable[[str, int, int], None]
PAGE_SIZES = ("A4", "Letter")
RESOLUTION = 300  # dots per inch of the PDF's coordinate system (text stays vector)
MARGIN_MM = 12.0
BODY_FONT = "DejaVu Sans"


@dataclass
class PageSetup:
    page_size: str = "A4"  # "A4" or "Letter"
    landscape: bool = False

    def __post_init__(self) -> None:
        if self.page_size not in PAGE_SIZES:
            raise ValueError(f"page size must be one of {', '.join(PAGE_SIZES)}, not {self.page_size!r}")


def ensure_gui_application():
    """A QGuiApplication must exist before fonts or documents are used; make one if needed."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    app = QCoreApplication.instance()
    if app is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        # A QApplication (a QGuiApplication too) so that windows opened later in the
        # same process (the self-test, a test session) still work: Qt allows one per process.
        try:
            from PySide6.QtWidgets import QApplication as ApplicationClass
        except ImportError:
            ApplicationClass = QGuiApplication
        app = ApplicationClass([sys.argv[0] if sys.argv else "viewer"])
    elif not isinstance(app, QGuiApplication):
        raise RuntimeError("PDF export needs a QGuiApplication, but a QCoreApplication already runs")
    return app


def base_point_size(columns: int) -> float:
    """Body text size: smaller as more columns share the width, never below 6.5 pt."""
    return {1: 10.0, 2: 9.0, 3: 8.5, 4: 8.0}.get(columns, 7.0 if columns <= 6 else 6.5)


def apply_underline_styles(document) -> int:
    """Give runs marked ``title="hl-underline:<style>"`` their dashed/dotted/wavy underline.

    Qt's HTML reader only makes plain underlines; the screen uses the other styles as
    the second cue of some highlights. Returns the number of runs restyled.
    """
    from PySide6.QtGui import QTextCharFormat, QTextCursor

    styles = {"dash": QTextCharFormat.UnderlineStyle.DashUnderline,
              "dot": QTextCharFormat.UnderlineStyle.DotLine,
              "wave": QTextCharFormat.UnderlineStyle.WaveUnderline}
    runs = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            tip = fragment.charFormat().toolTip()
            if tip.startswith("hl-underline:") and tip.split(":", 1)[1] in styles:
                runs.append((fragment.position(), fragment.length(), styles[tip.split(":", 1)[1]]))
            it += 1
        block = block.next()
    cursor = QTextCursor(document)
    cursor.beginEditBlock()  # one relayout for all runs, not one per run (minutes on big exports)
    for position, length, style in runs:
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        change = QTextCharFormat()
        change.setUnderlineStyle(style)
        change.setToolTip("")
        cursor.mergeCharFormat(change)
    cursor.endEditBlock()
    return len(runs)


_CMAP = re.compile(rb"begincmap.*?endcmap", re.S)
_CMAP_ARRAY = re.compile(rb"\[[^\]]*\]")


def fix_space_mapping(path: str) -> int:
    """Make the space glyph copy and search as a space, not a tab; return the fixes made.

    Qt builds each font's ToUnicode map from the lowest code point that reaches a
    glyph, and its font engine draws a tab with the space glyph, so every space in
    the PDF would extract as U+0009. The maps are written uncompressed; the fix swaps
    ``<0009>`` for ``<0020>`` in their destination arrays, byte for byte the same
    length, so the file's cross-reference offsets stay valid.
    """
    data = Path(path).read_bytes()
    count = 0

    def fix_array(match: "re.Match[bytes]") -> bytes:
        nonlocal count
        count += match.group(0).count(b"<0009>")
        return match.group(0).replace(b"<0009>", b"<0020>")

    fixed = _CMAP.sub(lambda m: _CMAP_ARRAY.sub(fix_array, m.group(0)), data)
    if count:
        assert len(fixed) == len(data)
        Path(path).write_bytes(fixed)
    return count


def render_pdf(html: str, path: str, setup: PageSetup, title: str, header_right: str, columns: int,
               progress: Optional[Progress] = None, cancelled: Optional[Callable[[], bool]] = None) -> int:
    """Write ``html`` (Qt rich text) to the PDF file ``path``; return the number of pages.

    Raises:
        OSError: the file could not be opened for writing.
        Cancelled: ``cancelled()`` turned true (the caller removes the partial file).
    """
    ensure_gui_application()
    from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
    from PySide6.QtGui import (QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter,
                               QPen, QTextDocument)

    writer = QPdfWriter(path)
    writer.setResolution(RESOLUTION)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4 if setup.page_size == "A4"
                                 else QPageSize.PageSizeId.Letter))
    writer.setPageOrientation(QPageLayout.Orientation.Landscape if setup.landscape
                              else QPageLayout.Orientation.Portrait)
    writer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter)
    writer.setTitle(title)
    writer.setCreator("Comparison Viewer")

    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write the PDF file {path}")
    try:
        width, height = float(writer.width()), float(writer.height())
        small = QFont(BODY_FONT)
        small.setPointSizeF(7.0)
        metrics = QFontMetricsF(small, writer)
        band = metrics.height() * 2.2  # header above and footer below the body
        body_height = height - 2 * band

        document = QTextDocument()
        document.documentLayout().setPaintDevice(writer)
        font = QFont(BODY_FONT)
        font.setPointSizeF(base_point_size(columns))
        # Ligature glyphs ("ﬀ", "ﬁ") would make words like "different" unsearchable in some readers.
        for tag in ("liga", "clig"):
            font.setFeature(QFont.Tag(tag), 0)
        document.setDefaultFont(font)
        document.setDocumentMargin(0)
        document.setHtml(html)
        apply_underline_styles(document)
        document.setPageSize(QSizeF(width, body_height))
        pages = document.pageCount()

        rule = QPen(QColor("#9aa3ad"))
        rule.setWidthF(RESOLUTION / 144)  # half a point
        for page in range(pages):
            if cancelled and cancelled():
                raise Cancelled("PDF export cancelled")
            if page:
                writer.newPage()
            painter.setFont(small)
            painter.setPen(QColor("#4a4a4a"))
            top = QRectF(0, 0, width, metrics.height())
            painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(title, Qt.TextElideMode.ElideRight, width * 0.62))
            painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             metrics.elidedText(header_right, Qt.TextElideMode.ElideLeft, width * 0.35))
            painter.setPen(rule)
            y = metrics.height() * 1.3
            painter.drawLine(QPointF(0, y), QPointF(width, y))
            y = height - metrics.height() * 1.3
            painter.drawLine(QPointF(0, y), QPointF(width, y))
            painter.setPen(QColor("#4a4a4a"))
            bottom = QRectF(0, height - metrics.height(), width, metrics.height())
            painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             "Comparison Viewer")
            painter.drawText(bottom, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             f"Page {page + 1} of {pages}")
            painter.save()
            painter.translate(0, band)
            painter.setClipRect(QRectF(0, 0, width, body_height))
            painter.translate(0, -page * body_height)
            document.drawContents(painter, QRectF(0, page * body_height, width, body_height))
            painter.restore()

            if progress:
                progress("pdf", page + 1, pages)
    finally:
        painter.end()
    fix_space_mapping(path)
    return pages
