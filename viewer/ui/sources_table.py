"""The sources table: every article of the library on one row (outlet, date, title, authors,
dateline, event, encoding, file), sortable and filterable, edited in place.

An edit applies to every selected row of that column, so ten articles of one wire story
get their outlet in one go. Corrections go through ``UserState`` like every other edit
(kept beside the library, never in the files) and read in blue.
"""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit,
                               QStyledItemDelegate, QTableView, QVBoxLayout, QWidget)

from ..library.library import Library
from ..library.userstate import ENCODING_CHOICES, StateError, UserState
from ..model import Article, display_text
from .plaintext import counted, plain_tooltip
from .qtpaths import from_qt, to_qt

# (header, ArticleMeta field or a pseudo-field, editable)
COLUMNS = (("Outlet", "outlet", True), ("Date", "published", True), ("Title", "title", True),
           ("Authors", "authors", True), ("Dateline", "dateline", True), ("Event", "event", False),
           ("Encoding", "encoding", True), ("File", "file", False))
FIELD_COLUMN = {field: n for n, (_, field, _) in enumerate(COLUMNS)}
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2
_CORRECTED = QColor("#1a4f9c")
_EDIT_TRIGGERS = QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked
_GREY = QColor("#8a8a8a")


class _Delegate(QStyledItemDelegate):
    """Edits the real value (not the grey placeholder); encodings from a list."""

    def createEditor(self, parent, option, index):  # noqa: N802 (Qt naming)
        if COLUMNS[index.column()][1] == "encoding":
            box = QComboBox(parent)
            box.setEditable(True)
            box.addItems(ENCODING_CHOICES)
            return box
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit) and COLUMNS[index.column()][1] == "published":
            editor.setPlaceholderText("YYYY-MM-DD")
        return editor

    def setEditorData(self, editor, index):  # noqa: N802
        value = index.data(VALUE_ROLE) or ""
        if isinstance(editor, QComboBox):
            editor.setCurrentText(value)
        elif isinstance(editor, QLineEdit):
            editor.setText(value)
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):  # noqa: N802
        text = editor.currentText() if isinstance(editor, QComboBox) else editor.text()
        table = self.parent()
        if isinstance(table, SourcesTable):
            table.commit_edit(index, text)


def _cell_key(row: tuple, field: str) -> tuple:
    """What one cell of a row shows: its value and whether it reads as corrected."""
    _path, values, corrected, chosen_encoding = row
    return values[field], field in corrected, field == "encoding" and bool(chosen_encoding)


class SourcesTable(QWidget):
    """All articles as a table.

    Signals:
        articlesActivated(list): double-click or Enter on rows: their paths.
        libraryEdited(str): "meta", "events" or "encoding" after an edit was recorded.
    """

    articlesActivated = Signal(list)
    libraryEdited = Signal(str)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.library: Optional[Library] = None
        self.state: Optional[UserState] = None
        self.reload_paths: list[str] = []
        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter by any column")
        self.filter_box.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self._shown: list[tuple] = []  # ``_row_values`` of the model's rows, in model order
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels([c[0] for c in COLUMNS])
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setSortRole(VALUE_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(_Delegate(self))
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(_EDIT_TRIGGERS)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(FIELD_COLUMN["title"], QHeaderView.ResizeMode.Stretch)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        top = QHBoxLayout()
        top.addWidget(self.filter_box, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.filter_box.textChanged.connect(self._filter)
        self.table.activated.connect(lambda _index: self.articlesActivated.emit(self.selected_paths()))

    # ------------------------------------------------------------------ content
    def set_library(self, library: Optional[Library], state: Optional[UserState]) -> None:
        self.library, self.state = library, state
        self._rebuild()

    def _rebuild(self) -> None:
        library = self.library
        rows = [self._row_values(a, e) for a, e in self._article_events(library)] if library is not None else []
        if library is not None and self._shown and len(self._shown) == len(rows) == self.model.rowCount() \
                and all(old[0] == new[0] for old, new in zip(self._shown, rows)):
            self._update_rows(rows)  # the same articles (e.g. regrouped): only changed cells are replaced
            return
        selected = set(self.selected_paths())
        sort_column = self.table.horizontalHeader().sortIndicatorSection()
        sort_order = self.table.horizontalHeader().sortIndicatorOrder()
        self.model.removeRows(0, self.model.rowCount())
        self._shown = []
        if library is None:
            self.count_label.setText("")
            return
        for values in rows:
            self.model.appendRow(self._row_items(values))
        self._shown = rows
        self.table.sortByColumn(sort_column if sort_column >= 0 else FIELD_COLUMN["published"], sort_order)
        for width_column in ("outlet", "published", "encoding"):
            self.table.resizeColumnToContents(FIELD_COLUMN[width_column])
        self._update_count()
        if selected:
            self.select_paths(sorted(selected))

    def _update_rows(self, rows: list[tuple]) -> None:
        """Replace the cells whose value or correction mark changed; rows, order and selection stay.

        Rebuilding a 1,000-article table (8,000 items) held the GUI thread ~150 ms when the
        full analysis regrouped a library listed from its first pass; only the event column
        changes then. The model is silent while cells are replaced (a proxy and view told of
        each cell took ~2 ms a cell); the proxy then re-sorts and re-filters once."""
        self.model.blockSignals(True)
        try:
            for r, (old, new) in enumerate(zip(self._shown, rows)):
                if old == new:
                    continue
                for column, (_header, field, editable) in enumerate(COLUMNS):
                    if _cell_key(old, field) != _cell_key(new, field):
                        self.model.setItem(r, column, self._cell(new, field, editable))
        finally:
            self._shown = rows
            self.model.blockSignals(False)
            self.proxy.invalidate()
        for width_column in ("outlet", "published", "encoding"):
            self.table.resizeColumnToContents(FIELD_COLUMN[width_column])
        self._update_count()

    @staticmethod
    def _article_events(library: Library) -> list[tuple[Article, str]]:
        event_label = {p: e.label for e in library.events for p in e.articles}
        return [(a, event_label.get(a.path, "")) for a in library.articles]

    def _row_values(self, article: Article, event: str) -> tuple:
        """(path, field values, corrected fields, chosen encoding): all a row's cells show."""
        meta = article.meta
        corrected = self.state.overrides(article) if self.state else {}
        chosen_encoding = self.state.encodings().get(article.path) if self.state else None
        values = {"outlet": meta.outlet, "published": meta.published, "title": meta.title,
                  "authors": ", ".join(meta.authors) if meta.authors else None, "dateline": meta.dateline,
                  "event": event or None, "encoding": article.encoding, "file": display_text(article.name)}
        return article.path, values, frozenset(corrected), chosen_encoding

    def _row(self, article: Article, event: str) -> list[QStandardItem]:
        return self._row_items(self._row_values(article, event))

    def _row_items(self, row: tuple) -> list[QStandardItem]:
        qt_path = to_qt(row[0])  # once a row, not once a cell
        return [self._cell(row, field, editable, qt_path) for _header, field, editable in COLUMNS]

    def _cell(self, row: tuple, field: str, editable: bool, qt_path: Optional[str] = None) -> QStandardItem:
        path, values, corrected, chosen_encoding = row
        value = values[field]
        item = QStandardItem(value if value else "unknown")
        item.setData(to_qt(path) if qt_path is None else qt_path, PATH_ROLE)
        item.setData(value or "", VALUE_ROLE)
        if not editable:  # a new item is editable
            item.setEditable(False)
        if field == "file":
            item.setToolTip(plain_tooltip(display_text(path)))
        elif value:
            item.setToolTip(plain_tooltip(value))
        if field in corrected or (field == "encoding" and chosen_encoding):
            item.setForeground(QBrush(_CORRECTED))
        if not value:
            font = QFont()
            font.setItalic(True)
            item.setFont(font)
            item.setForeground(QBrush(_GREY))
        return item

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(counted(total, "article") if shown == total
                                 else f"{shown} of {counted(total, 'article')}")

    # ------------------------------------------------------------------ selection
    def selected_paths(self) -> list[str]:
        selection = self.table.selectionModel()
        rows = sorted({i.row() for i in selection.selectedRows()}) if selection else []
        return [from_qt(self.proxy.index(r, 0).data(PATH_ROLE)) for r in rows]

    def select_paths(self, paths: list[str]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if from_qt(index.data(PATH_ROLE)) in paths:
                selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)

    def index_of(self, path: str, field: str) -> QModelIndex:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, FIELD_COLUMN[field])
            if from_qt(index.data(PATH_ROLE)) == path:
                return index
        return QModelIndex()

    # ------------------------------------------------------------------ editing
    def commit_edit(self, index: QModelIndex, text: str) -> None:
        """An in-place edit ended: apply it to every selected row (or just this one)."""
        field = COLUMNS[index.column()][1]
        paths = self.selected_paths()
        if from_qt(index.data(PATH_ROLE)) not in paths:
            paths = [from_qt(index.data(PATH_ROLE))]
        value = text.strip() or None
        # after the editor has closed: the rows are rebuilt, and the editor's cell with them
        QTimer.singleShot(0, lambda: self.set_field(paths, field, value))

    def set_field(self, paths: list[str], field: str, value: Optional[str]) -> bool:
        """Record one correction for several articles; shows the reason and returns False when refused."""
        assert self.library is not None and self.state is not None
        if field == "encoding":
            return self._set_encoding(paths, value)
        events_before = [(e.id, list(e.articles)) for e in self.library.events]
        try:
            for path in paths:
                article = self.library.article(path)
                current = ", ".join(article.meta.authors) if field == "authors" else getattr(article.meta, field)
                if (value or None) != (current or None):
                    self.state.set_meta(article, field, value)
        except StateError as exc:
            self._show_message(str(exc))
            return False
        self._show_message("\n".join(self.state.problems))
        changed = events_before != [(e.id, list(e.articles)) for e in self.library.events]
        self._rebuild()
        self.libraryEdited.emit("events" if changed else "meta")
        return True

    def _set_encoding(self, paths: list[str], encoding: Optional[str]) -> bool:
        assert self.state is not None
        try:
            for path in paths:
                self.state.set_encoding(path, encoding)
        except StateError as exc:
            self._show_message(str(exc))
            return False
        self.reload_paths = list(paths)
        self.libraryEdited.emit("encoding")
        return True

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

