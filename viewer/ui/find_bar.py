"""The find bar under the columns (Ctrl+F): one query searched in every column."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget


class FindBar(QWidget):
    """Emits the query as it is typed; Enter / Shift+Enter step through the matches."""
    queryChanged = Signal(str, bool)  # text, case sensitive
    nextRequested = Signal()
    previousRequested = Signal()
    closed = Signal()

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.addWidget(QLabel("Find:"))
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("Search every column")
        self.edit.setClearButtonEnabled(True)
        self.edit.setMaximumWidth(340)
        layout.addWidget(self.edit)
        self.previous_button = QToolButton()
        self.previous_button.setText("▲")
        self.previous_button.setToolTip("Previous match (Shift+Enter)")
        self.next_button = QToolButton()
        self.next_button.setText("▼")
        self.next_button.setToolTip("Next match (Enter)")
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        self.case = QCheckBox("Match case")
        layout.addWidget(self.case)
        self.status = QLabel()
        layout.addWidget(self.status, 1)
        close = QToolButton()
        close.setText("✕")
        close.setToolTip("Close the find bar (Esc)")
        layout.addWidget(close)
        self.edit.textChanged.connect(self._emit_query)
        self.case.toggled.connect(self._emit_query)
        self.edit.returnPressed.connect(self._on_return)
        self.next_button.clicked.connect(self.nextRequested)
        self.previous_button.clicked.connect(self.previousRequested)
        close.clicked.connect(self.close_bar)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def _emit_query(self, *_args) -> None:
        self.queryChanged.emit(self.edit.text(), self.case.isChecked())

    def _on_return(self) -> None:
        from PySide6.QtWidgets import QApplication
        if QApplication.keyboardModifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.previousRequested.emit()
        else:
            self.nextRequested.emit()
