"""The legend above the columns: each highlight drawn with its real format, explained on hover."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QSizePolicy
from PySide6.QtGui import QColor, QPainter, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QLabel, QWidget

from .flow_layout import FlowLayout

from .palette import HighlightStyle, ViewColours


class LegendChip(QWidget):
    """A sample word rendered with a highlight's own character format."""

    def __init__(self, text: str, fmt: QTextCharFormat, tooltip: str, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._doc = QTextDocument()
        self._doc.setDocumentMargin(2)
        self._doc.setDefaultFont(self.font())
        QTextCursor(self._doc).insertText(text, fmt)
        self.setToolTip(tooltip)

    def sizeHint(self) -> QSize:
        size = self._doc.size()
        return QSize(int(size.width()) + 2, int(size.height()) + 2)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        self._doc.drawContents(painter)
        painter.end()


class Legend(QWidget):
    """The chips wrap onto a second line rather than being cut when the window is narrow."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._layout = FlowLayout(self, spacing=10)
        self._layout.setContentsMargins(6, 2, 6, 2)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt naming)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._layout.heightForWidth(width)

    def set_styles(self, styles: dict[str, HighlightStyle], colours: ViewColours) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item is None:
                break
            widget = item.widget()
            if widget is not None:
                widget.hide()
                widget.setParent(None)
                widget.deleteLater()
        title = QLabel("<b>Legend:</b>")
        self._layout.addWidget(title)
        for style in styles.values():
            self._layout.addWidget(LegendChip(style.label, style.char_format(), style.explanation))
        extras = (
            ("Only in one article", _block_format(colours.unmatched, colours.unmatched_label, bold=True),
             "A passage no other column reports (labelled “Only in …”, tinted)"),
            ("Linked passages", _block_format(colours.band, None),
             "Bands between columns join passages that report the same point"),
            ("Boilerplate", _block_format(None, colours.dimmed),
             "Page furniture, dimmed (View ▸ Hide boilerplate)"),
        )
        for text, fmt, tip in extras:
            self._layout.addWidget(LegendChip(text, fmt, tip))
        self.updateGeometry()


def _block_format(background: Optional[str], foreground: Optional[str], bold: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    if background:
        fmt.setBackground(QColor(background))
    if foreground:
        fmt.setForeground(QColor(foreground))
    if bold:
        fmt.setFontWeight(700)
    return fmt
