"""Print the export HTML (Qt variant) to PDF with QTextDocument + QPdfWriter.

Only QtGui is used. The document is laid out as one tall page; ``paging`` then
chooses where each page starts: between two rows of the passages table when the
page is reasonably full there, else between two lines (never through one, table
cells included). Each page is painted as a clipped slice of the document, under a
running header, with the passages table's column headings repeated on pages that
continue it and the page number in the footer. Text stays real, selectable text
with embedded fonts.
"""
from __future__ import annotations

import os
import re
import sys
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from ..analysis.pipeline import Cancelled
from .paging import page_breaks

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


class MissingGlyphsWarning(UserWarning):
    """Some characters have no glyph in any installed font: they print as boxes and
    are missing from the PDF's text layer."""


def characters_without_glyphs(text: str, font) -> str:
    """The characters of ``text`` that neither ``font`` nor any installed font can draw."""
    from PySide6.QtGui import QFont, QFontDatabase, QFontMetricsF

    wanted = list(dict.fromkeys(c for c in text if ord(c) > 0x7F and not c.isspace()
                                and not unicodedata.category(c).startswith("C")))
    missing = [c for c in wanted if not QFontMetricsF(font).inFontUcs4(ord(c))]
    if not missing:
        return ""
    others = [QFontMetricsF(QFont(family)) for family in QFontDatabase.families()]
    return "".join(c for c in missing if not any(m.inFontUcs4(ord(c)) for m in others))


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
        application_class: type[QGuiApplication]
        try:
            from PySide6.QtWidgets import QApplication
            application_class = QApplication
        except ImportError:
            application_class = QGuiApplication
        app = application_class([sys.argv[0] if sys.argv else "viewer"])
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


@dataclass
class _TableLayout:
    heading: tuple[float, float]  # vertical extent of the heading row(s), repeated on continuation pages
    bottom: float
    rows: list[tuple[float, float]]  # extent of each body row, borders included


def _table_layouts(document) -> list[_TableLayout]:
    """Heading and row extents of every top-level table that has heading rows (``<thead>``)."""
    from PySide6.QtGui import QTextTable

    layout = document.documentLayout()
    found = []
    for frame in document.rootFrame().childFrames():
        if not isinstance(frame, QTextTable):
            continue
        headings = frame.format().headerRowCount()
        if headings < 1 or frame.rows() <= headings:
            continue
        tops, bottoms = [], []
        for row in range(frame.rows()):
            cells = [frame.cellAt(row, column) for column in range(frame.columns())]
            tops.append(min(layout.blockBoundingRect(c.firstCursorPosition().block()).top() for c in cells))
            bottoms.append(max(layout.blockBoundingRect(c.lastCursorPosition().block()).bottom() for c in cells))
        # a border lies halfway between one row's last line and the next row's first
        box = layout.frameBoundingRect(frame)
        borders = [box.top()] + [(bottoms[r] + tops[r + 1]) / 2 for r in range(frame.rows() - 1)] + [box.bottom()]
        found.append(_TableLayout((borders[0], borders[headings]), box.bottom(),
                                  [(borders[r], borders[r + 1]) for r in range(headings, frame.rows())]))
    return found


def _line_extents(document) -> list[tuple[float, float]]:
    """(top, bottom) of every laid-out line of text, in document coordinates."""
    layout = document.documentLayout()
    extents = []
    block = document.begin()
    while block.isValid():
        top = layout.blockBoundingRect(block).top()
        lines = block.layout()
        for n in range(lines.lineCount()):
            line = lines.lineAt(n)
            extents.append((top + line.y(), top + line.y() + line.height()))
        block = block.next()
    return extents


def _heading_extents(document) -> list[tuple[float, float]]:
    """(top, bottom) of every heading block (h1, h2…), in document coordinates."""
    layout = document.documentLayout()
    extents = []
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0:
            box = layout.blockBoundingRect(block)
            extents.append((box.top(), box.bottom()))
        block = block.next()
    return extents


def _draw_slice(painter, document, top: float, bottom: float, at: float, width: float) -> None:
    """Paint the document between ``top`` and ``bottom`` at vertical position ``at`` of the page."""
    from PySide6.QtCore import QRectF

    painter.save()
    painter.translate(0, at)
    painter.setClipRect(QRectF(0, 0, width, bottom - top))
    painter.translate(0, -top)
    document.drawContents(painter, QRectF(0, top, width, bottom - top))
    painter.restore()


def _draw_running_header(painter, metrics, font, rule, width: float, height: float, title: str,
                         header_right: str, page_label: str) -> None:
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor

    painter.setFont(font)
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
    painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "Comparison Viewer")
    painter.drawText(bottom, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, page_label)


def render_pdf(html: str, path: str, setup: PageSetup, title: str, header_right: str, columns: int,
               progress: Optional[Progress] = None, cancelled: Optional[Callable[[], bool]] = None) -> int:
    """Write ``html`` (Qt rich text) to the PDF file ``path``; return the number of pages.

    Raises:
        OSError: the file could not be opened for writing.
        Cancelled: ``cancelled()`` turned true (the caller removes the partial file).
    """
    ensure_gui_application()
    from PySide6.QtCore import QMarginsF
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
        missing = characters_without_glyphs(document.toPlainText(), font)
        if missing:
            warnings.warn(MissingGlyphsWarning(
                f"no installed font can draw {' '.join(missing[:20])}: these characters print as boxes and "
                "are missing from the PDF's text; install a font that covers them (for Chinese, Japanese "
                "or Korean names, e.g. Noto Sans CJK) and export again"), stacklevel=2)
        document.setTextWidth(width)  # one tall page: we choose the page breaks ourselves
        total = document.size().height()
        tables = _table_layouts(document)

        def continued_table(start: float) -> Optional[_TableLayout]:
            return next((t for t in tables if t.heading[1] < start < t.bottom - 1), None)

        def room(start: float) -> float:
            table = continued_table(start)
            return body_height - (table.heading[1] - table.heading[0] if table else 0.0)

        keep = _heading_extents(document) + [t.heading for t in tables]
        starts = page_breaks(total, room, _line_extents(document), [r for t in tables for r in t.rows], keep=keep)
        pages = len(starts)

        rule = QPen(QColor("#9aa3ad"))
        rule.setWidthF(RESOLUTION / 144)  # half a point
        for page, start in enumerate(starts):
            if cancelled and cancelled():
                raise Cancelled("PDF export cancelled")
            if page:
                writer.newPage()
            _draw_running_header(painter, metrics, small, rule, width, height, title, header_right,
                                 f"Page {page + 1} of {pages}")
            end = starts[page + 1] if page + 1 < pages else total
            offset = band
            table = continued_table(start)
            if table is not None:  # repeat the column headings of the table this page continues
                top, bottom = table.heading
                _draw_slice(painter, document, top, bottom, offset, width)
                offset += bottom - top
            _draw_slice(painter, document, start, end, offset, width)
            if progress:
                progress("pdf", page + 1, pages)
    finally:
        painter.end()
    fix_space_mapping(path)
    return pages
