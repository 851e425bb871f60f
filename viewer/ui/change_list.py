"""The list of differences of the shown comparison; clicking one jumps to it."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from ..compare.differences import Difference, DifferenceKind


class ChangeList(QListWidget):
    differenceActivated = Signal(int)

    def __init__(self, colours: dict[DifferenceKind, str], parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self._colours = colours
        self.setUniformItemSizes(True)
        self.setToolTip("Every difference of the comparison, in reading order (F7 / Shift+F7 step through them)")
        self.itemActivated.connect(self._on_item)
        self.itemClicked.connect(self._on_item)

    def set_differences(self, differences: list[Difference]) -> None:
        self.blockSignals(True)
        self.clear()
        icons = {kind: _swatch(colour) for kind, colour in self._colours.items()}
        for n, difference in enumerate(differences):
            item = QListWidgetItem(icons.get(difference.kind, QIcon()), difference.description)
            item.setData(Qt.ItemDataRole.UserRole, n)
            item.setToolTip(difference.kind.label)
            self.addItem(item)
        self.blockSignals(False)

    def set_current(self, index: int) -> None:
        self.blockSignals(True)
        if 0 <= index < self.count():
            self.setCurrentRow(index)
            self.scrollToItem(self.item(index))
        else:
            self.clearSelection()
        self.blockSignals(False)

    def _on_item(self, item: QListWidgetItem) -> None:
        self.differenceActivated.emit(int(item.data(Qt.ItemDataRole.UserRole)))


def _swatch(colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)
