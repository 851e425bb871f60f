"""The Key differences panel: figures, names, quotes, claims and readout points on which
the compared outlets differ, in words, most important first; clicking one scrolls every
column to it. The core (``viewer.compare.key_differences``) computes them in a worker."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ..compare.comparison import Comparison
from ..compare.key_differences import (CLAIM, FIGURE, KIND_LABELS, NAME, OMISSION, QUOTE, KeyDifference,
                                       cached_key_differences)
from ..compare.sentence_pairs import outlet_label
from .plaintext import plain_tooltip
from .worker import BackgroundCalls

KIND_COLOURS = {FIGURE: "#b35c00", NAME: "#6a1fb5", QUOTE: "#00695c", CLAIM: "#b00020", OMISSION: "#5b6770"}
DETECTED = ""


class KeyDifferencesPanel(QWidget):
    """List of key differences; ``spansActivated(dict)`` gives path → (start, end) to show."""
    spansActivated = Signal(object)
    computed = Signal(int)  # number of differences listed

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.comparison: Optional[Comparison] = None
        self.differences: list[KeyDifference] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        row = QHBoxLayout()
        row.addWidget(QLabel("Readout:"))
        self.reference = QComboBox()
        self.reference.setToolTip("The official readout whose points each outlet kept, reworded or dropped")
        self.reference.currentIndexChanged.connect(lambda _i: self._recompute())
        row.addWidget(self.reference, 1)
        layout.addLayout(row)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setToolTip("Where the outlets disagree, most important first; click one to see it in every column")
        self.list.itemClicked.connect(self._on_item)
        self.list.itemActivated.connect(self._on_item)
        layout.addWidget(self.list, 1)
        self.calls = BackgroundCalls(self)
        self.calls.done.connect(self._on_done)
        self.calls.failed.connect(self._on_failed)

    def set_comparison(self, comparison: Optional[Comparison]) -> None:
        self.comparison = comparison
        self.reference.blockSignals(True)
        self.reference.clear()
        self.reference.addItem("detected (if any)", DETECTED)
        for article in comparison.articles if comparison else []:
            self.reference.addItem(outlet_label(article), article.path)
        self.reference.blockSignals(False)
        self._recompute()

    def _recompute(self) -> None:
        self.list.clear()
        self.differences = []
        comparison = self.comparison
        if comparison is None or len(comparison.articles) < 2:
            self.status.setText("Compare two or more articles to see where they differ.")
            self.calls.invalidate()
            return
        reference = self.reference.currentData() or None
        comparison.reference = reference  # the exports list what the panel lists
        self.status.setText("Finding key differences…")
        self.calls.submit(lambda: cached_key_differences(comparison, reference))

    def _on_done(self, token: int, differences: list, seconds: float) -> None:
        if token != self.calls.latest:
            return
        self.show_differences(differences)

    def _on_failed(self, token: int, message: str) -> None:
        if token == self.calls.latest:
            self.status.setText(f"Could not find key differences: {message}")

    def show_differences(self, differences: list[KeyDifference]) -> None:
        self.differences = list(differences)
        self.list.clear()
        icons = {kind: _swatch(colour) for kind, colour in KIND_COLOURS.items()}
        for n, difference in enumerate(self.differences):
            item = QListWidgetItem(icons[difference.kind], f"{difference.label}\n{difference.summary}")
            item.setData(Qt.ItemDataRole.UserRole, n)
            item.setToolTip(plain_tooltip(f"{KIND_LABELS[difference.kind]} (score {difference.score:.2f})\n"
                                          f"{difference.summary}"))
            self.list.addItem(item)
        self.status.setText(f"{len(self.differences)} key differences" if self.differences
                            else "No key differences found: the outlets agree on the figures, names and "
                                 "quotes they share.")
        self.computed.emit(len(self.differences))

    def _on_item(self, item: QListWidgetItem) -> None:
        difference = self.differences[int(item.data(Qt.ItemDataRole.UserRole))]
        self.spansActivated.emit(dict(difference.spans))

    def shutdown(self) -> None:
        self.calls.invalidate()
        self.calls.shutdown()


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)
