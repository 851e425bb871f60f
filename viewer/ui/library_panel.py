"""The library panel: events and their articles, with the user's corrections.

A tree of events (label, date, number of articles) over article rows (title,
outlet, date). Title, outlet and date are edited in place; authors and dateline in
the details dialog; events are rearranged from the context menu. Every edit goes
through ``UserState`` (saved at once) — source files are never written.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Optional

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, QSortFilterProxyModel, Qt, QUrl, Signal
from PySide6.QtGui import (QBrush, QColor, QContextMenuEvent, QDesktopServices, QFont, QGuiApplication,
                           QStandardItem, QStandardItemModel)
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFormLayout, QHeaderView, QInputDialog,
                               QLabel, QLineEdit, QMenu, QStyledItemDelegate, QTreeView, QVBoxLayout,
                               QWidget)

from ..library.library import Library
from ..library.merge_suggestions import suggest_merges
from ..model import Article, Event
from ..untrusted import isolate
from ..library.userstate import ENCODING_CHOICES, StateError, UserState, split_authors, validate_date
from .plaintext import counted, plain_tooltip
from .qtpaths import from_qt, to_qt

KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "event" | "article"
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # event id or article path (through qtpaths.to_qt)
VALUE_ROLE = Qt.ItemDataRole.UserRole + 3  # the real value of a cell (None when unknown)
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 4  # text the filter box matches

EVENT, ARTICLE = "event", "article"
TITLE_COLUMN, OUTLET_COLUMN, DATE_COLUMN = 0, 1, 2
_COLUMN_FIELDS = {TITLE_COLUMN: "title", OUTLET_COLUMN: "outlet", DATE_COLUMN: "published"}
_UNKNOWN = "unknown"
_SELECT_ROWS = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
_SELECT_ONLY_ROWS = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
# Double-click opens (as in a file manager); F2 or a click on the selected cell edits.
_EDIT_TRIGGERS = QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.SelectedClicked
NARROW_WIDTH = 360  # px; below it the date column is hidden
_GREY = QColor("#8a8a8a")
_CORRECTED = QColor("#1a4f9c")  # values the user corrected read in blue


class _FilterModel(QSortFilterProxyModel):
    """Articles whose title or outlet contains the filter text, under their events."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setFilterRole(SEARCH_ROLE)
        self.setFilterKeyColumn(TITLE_COLUMN)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)


class _CellDelegate(QStyledItemDelegate):
    """Edits the real value (not the grey "unknown"); commits through the panel, which validates."""

    def __init__(self, panel: "LibraryPanel") -> None:
        super().__init__(panel)
        self._panel = panel

    def createEditor(self, parent, option, index):  # noqa: N802 (Qt naming)
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit) and index.column() == DATE_COLUMN:
            editor.setPlaceholderText("YYYY-MM-DD")
        return editor

    def setEditorData(self, editor, index):  # noqa: N802
        if isinstance(editor, QLineEdit):
            value = index.data(VALUE_ROLE)
            editor.setText(value or "")
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor, model, index):  # noqa: N802
        if isinstance(editor, QLineEdit):
            self._panel._commit_cell(index, editor.text())
        else:
            super().setModelData(editor, model, index)


class ArticleDetailsDialog(QDialog):
    """All editable metadata of one article, plus where it came from (path, encoding, format)."""

    def __init__(self, article: Article, state: UserState, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Details of {article.display_name}")
        self.article = article
        self.state = state
        meta = article.meta
        self.title = QLineEdit(meta.title or "")
        self.outlet = QLineEdit(meta.outlet or "")
        self.published = QLineEdit(meta.published or "")
        self.published.setPlaceholderText("YYYY-MM-DD")
        self.authors = QLineEdit(", ".join(meta.authors))
        self.authors.setPlaceholderText("Names separated by commas")
        self.dateline = QLineEdit(meta.dateline or "")
        self.message = QLabel()
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Title", self.title)
        form.addRow("Outlet", self.outlet)
        form.addRow("Date", self.published)
        form.addRow("Authors", self.authors)
        form.addRow("Dateline", self.dateline)
        for label, value in (("File", article.display_path), ("Encoding", _encoding_text(article, state)),
                             ("Format", article.source_format)):
            shown = QLabel(value)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            form.addRow(label, shown)
        for edit in (self.title, self.outlet, self.authors, self.dateline):
            edit.setCursorPosition(0)
        self.setMinimumWidth(460)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Validate, then record only the fields the user changed."""
        date = self.published.text().strip()
        if date:
            try:
                validate_date(date)
            except StateError as exc:
                self.message.setText(str(exc))
                self.published.setFocus()
                return
        meta = self.article.meta
        wanted = {"title": self.title.text().strip() or None, "outlet": self.outlet.text().strip() or None,
                  "published": date or None, "dateline": self.dateline.text().strip() or None}
        for field, value in wanted.items():
            if value != getattr(meta, field):
                self.state.set_meta(self.article, field, value)
        authors = split_authors(self.authors.text())
        if authors != list(meta.authors):
            self.state.set_meta(self.article, "authors", authors)
        super().accept()


def _encoding_text(article: Article, state: Optional[UserState]) -> str:
    chosen = state.encodings().get(article.path) if state else None
    return f"{article.encoding} (chosen by you)" if chosen else f"{article.encoding} (detected)"


class LibraryPanel(QWidget):
    """Events → articles tree with in-place metadata editing and event rearranging.

    Signals:
        eventActivated(str): an event row was activated (double-click or Enter): its id.
        articlesActivated(list): article paths to show (Enter on an article, or "Compare").
        libraryEdited(): metadata, events or encodings changed; see ``last_edit`` and
            ``reload_paths`` (files to reload with ``state.encodings()``).
    """

    eventActivated = Signal(str)
    articlesActivated = Signal(list)
    libraryEdited = Signal()

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.library: Optional[Library] = None
        self.state: Optional[UserState] = None
        self.last_edit = ""  # "meta" | "events" | "encoding"
        self.reload_paths: list[str] = []
        self._by_path: dict[str, Article] = {}

        self.filter_box = QLineEdit()
        self.filter_box.setPlaceholderText("Filter by title or outlet")
        self.filter_box.setClearButtonEnabled(True)
        self.model = QStandardItemModel(0, 3, self)
        self.model.setHorizontalHeaderLabels(["Title", "Outlet", "Date"])
        self.proxy = _FilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.tree = _LibraryTree(self)
        self.tree.setModel(self.proxy)
        self.tree.setItemDelegate(_CellDelegate(self))
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(_EDIT_TRIGGERS)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(OUTLET_COLUMN, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DATE_COLUMN, QHeaderView.ResizeMode.Interactive)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.message)

        self.filter_box.textChanged.connect(self._filter)
        self.tree.activated.connect(self._activated)

    # ------------------------------------------------------------------ content
    def set_library(self, library: Library, state: UserState) -> None:
        """Show ``library``; ``state`` must already be applied to it (``state.apply_to_library``)."""
        self.library = library
        self.state = state
        self._rebuild()
        self._show_message("\n".join(state.problems))

    def _rebuild(self) -> None:
        expanded_all = self.model.rowCount() == 0
        collapsed = {_key(self.proxy.index(r, 0)) for r in range(self.proxy.rowCount())
                     if not self.tree.isExpanded(self.proxy.index(r, 0))}
        self.model.removeRows(0, self.model.rowCount())
        library = self.library
        if library is None:
            return
        self._by_path = {a.path: a for a in library.articles}
        grouped = library.events or [Event("", "All articles", None, [a.path for a in library.articles])]
        for event in grouped:
            self.model.appendRow(self._event_row(event, library))
        # one expandAll, then collapse the few the user closed: expanding row by row relayouts each time
        self.tree.expandAll()
        self._fit_columns()
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            self.tree.setFirstColumnSpanned(r, QModelIndex(), True)
            if not expanded_all and _key(index) in collapsed:
                self.tree.collapse(index)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Outlet and date as narrow as their contents allow: in a narrow dock the title needs the room."""
        metrics = self.tree.fontMetrics()
        narrow = self.width() < NARROW_WIDTH
        # in a narrow dock the date gives way (it stays in the tooltip and the details dialog)
        self.tree.setColumnHidden(DATE_COLUMN, narrow)
        self.tree.setColumnWidth(DATE_COLUMN, metrics.horizontalAdvance("0000-00-00") + 16)
        self.tree.resizeColumnToContents(OUTLET_COLUMN)
        cap = metrics.horizontalAdvance("M") * (6 if narrow else 9)
        self.tree.setColumnWidth(OUTLET_COLUMN, min(self.tree.columnWidth(OUTLET_COLUMN), cap))

    def _event_row(self, event: Event, library: Library) -> list[QStandardItem]:
        count = len(event.articles)
        label = event.label
        if event.date and event.date not in label:
            label = f"{label}, {event.date}"
        item = QStandardItem(f"{label}  ({counted(count, 'article')})")
        item.setData(EVENT, KIND_ROLE)
        item.setData(event.id, KEY_ROLE)
        item.setData("", SEARCH_ROLE)
        item.setEditable(False)
        font = QFont()
        font.setBold(True)
        item.setFont(font)
        tip = [event.label]
        if event.participants:
            tip.append("Participants: " + ", ".join(event.participants))
        if event.topics:
            tip.append("Topics: " + ", ".join(event.topics))
        item.setToolTip(plain_tooltip("\n".join(tip)))
        articles = sorted((self._by_path[p] for p in event.articles),
                          key=lambda a: (a.meta.published or "9999", a.meta.outlet or "", a.path))
        for article in articles:
            item.appendRow(self._article_row(article))
        blanks = [QStandardItem() for _ in range(2)]
        for blank in blanks:
            blank.setEditable(False)
            blank.setData(EVENT, KIND_ROLE)
            blank.setData(event.id, KEY_ROLE)
        return [item, *blanks]

    def _article_row(self, article: Article) -> list[QStandardItem]:
        meta = article.meta
        tooltip = plain_tooltip(self._article_tooltip(article))  # once, not once per column
        corrected = self.state.overrides(article) if self.state else {}
        row = []
        for field in _COLUMN_FIELDS.values():
            value = getattr(meta, field)
            item = QStandardItem(value if value else _UNKNOWN)
            item.setData(ARTICLE, KIND_ROLE)
            item.setData(to_qt(article.path), KEY_ROLE)
            item.setData(value, VALUE_ROLE)
            item.setToolTip(tooltip)
            if field in corrected:
                item.setForeground(QBrush(_CORRECTED))
            if not value:
                font = QFont()
                font.setItalic(True)
                item.setFont(font)
                item.setForeground(QBrush(_GREY))
            row.append(item)
        row[TITLE_COLUMN].setData(f"{meta.title or ''} {meta.outlet or ''} {article.display_name}", SEARCH_ROLE)
        return row

    def _article_tooltip(self, article: Article) -> str:
        meta = article.meta
        lines = [isolate(meta.title or article.display_name),
                 f"{isolate(meta.outlet) or 'unknown outlet'} · {isolate(meta.published) or 'undated'}",
                 isolate(article.path)]
        if meta.authors:
            lines.append("By " + ", ".join(isolate(a) for a in meta.authors))
        if meta.dateline:
            lines.append("Dateline: " + isolate(meta.dateline))
        lines.append("Encoding: " + _encoding_text(article, self.state))
        lines.append("Format: " + article.source_format)
        if self.state and self.state.overrides(article):
            lines.append("Corrected by you: " + ", ".join(sorted(self.state.overrides(article))))
        lines.extend("⚠ " + w for w in article.warnings)
        return "\n".join(lines)

    def _filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self.tree.expandAll()
        for r in range(self.proxy.rowCount()):
            self.tree.setFirstColumnSpanned(r, QModelIndex(), True)

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # ------------------------------------------------------------------ selection
    def selected_paths(self) -> list[str]:
        """Selected articles, in the order shown."""
        paths: list[str] = []
        for index in self._selected_rows():
            if index.data(KIND_ROLE) == ARTICLE and _key(index) not in paths:
                paths.append(_key(index))
        return paths

    def selected_event_ids(self) -> list[str]:
        """Events selected directly, or through one of their selected articles."""
        ids: list[str] = []
        for index in self._selected_rows():
            event_id: Optional[str]
            if index.data(KIND_ROLE) == EVENT:
                event_id = _key(index)
            else:
                event = self.library.event_of(_key(index)) if self.library else None
                event_id = event.id if event else None
            if event_id and event_id not in ids:
                ids.append(event_id)
        return ids

    def _selected_rows(self) -> list[QModelIndex]:
        rows = self.tree.selectionModel().selectedRows(TITLE_COLUMN)
        return sorted(rows, key=lambda i: (i.parent().row(), i.row()) if i.parent().isValid() else (i.row(), -1))

    def select_paths(self, paths: list[str]) -> None:
        """Select these articles (used by the window and tests)."""
        selection = self.tree.selectionModel()
        selection.clearSelection()
        for index in self._article_indexes():
            if _key(index) in paths:
                selection.select(index, _SELECT_ROWS)
        first = next((i for i in self._article_indexes() if _key(i) in paths), None)
        if first is not None:
            selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)

    def select_events(self, event_ids: list[str]) -> None:
        selection = self.tree.selectionModel()
        selection.clearSelection()
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if _key(index) in event_ids:
                selection.select(index, _SELECT_ROWS)

    def _article_indexes(self) -> list[QModelIndex]:
        found: list[QModelIndex] = []
        for r in range(self.proxy.rowCount()):
            parent = self.proxy.index(r, 0)
            found.extend(self.proxy.index(c, 0, parent) for c in range(self.proxy.rowCount(parent)))
        return found

    def index_of(self, path: str, column: int = TITLE_COLUMN) -> QModelIndex:
        """The view index of an article's cell (invalid if filtered out)."""
        for index in self._article_indexes():
            if _key(index) == path:
                return index.siblingAtColumn(column)
        return QModelIndex()

    # ------------------------------------------------------------------ activation
    def _activated(self, index: QModelIndex) -> None:
        if index.data(KIND_ROLE) == EVENT:
            self.eventActivated.emit(_key(index))
        elif index.data(KIND_ROLE) == ARTICLE:
            paths = self.selected_paths()
            self.articlesActivated.emit(paths if _key(index) in paths else [_key(index)])

    # ------------------------------------------------------------------ editing
    def _commit_cell(self, index: QModelIndex, text: str) -> None:
        """Called by the delegate when an in-place edit ends."""
        field = _COLUMN_FIELDS.get(index.column())
        if field is None or index.data(KIND_ROLE) != ARTICLE:
            return
        assert self.library is not None
        path = _key(index)
        article = self.library.article(path)
        value = text.strip() or None
        if value == getattr(article.meta, field):
            return
        self.set_article_field(path, field, value)

    def set_article_field(self, path: str, field: str, value: Optional[str]) -> bool:
        """Record one metadata correction; shows the reason and returns False when refused."""
        assert self.library is not None and self.state is not None
        article = self.library.article(path)
        events_before = [(e.id, list(e.articles)) for e in self.library.events]
        try:
            self.state.set_meta(article, field, value)
        except StateError as exc:
            self._show_message(str(exc))
            return False
        self._show_message("\n".join(self.state.problems))
        events_changed = events_before != [(e.id, list(e.articles)) for e in self.library.events]
        self._edited("events" if events_changed else "meta")
        return True

    def edit_details(self, path: str) -> ArticleDetailsDialog:
        """Open the details dialog (window-modal, not blocking) for one article."""
        assert self.library is not None and self.state is not None
        dialog = ArticleDetailsDialog(self.library.article(path), self.state, self)
        dialog.accepted.connect(lambda: self._edited("meta"))
        dialog.open()
        return dialog

    def move_selection_to(self, event_id: str) -> None:
        self._event_edit(lambda state: [state.move_article(p, event_id) for p in self.selected_paths()])

    def new_event_from_selection(self) -> None:
        paths = self.selected_paths()
        self._event_edit(lambda state: state.new_event(paths))

    def merge_selected_events(self) -> None:
        ids = self.selected_event_ids()
        self._event_edit(lambda state: state.merge_events(ids))

    def rename_event(self, event_id: str, label: Optional[str] = None) -> None:
        """Name an event; asks for the name when none is given."""
        event = self._event_by_id(event_id)
        label = label if label is not None else self.ask_text("Rename event", "Name of the event:", event.label)
        if label is not None:
            self._event_edit(lambda state: state.rename_event(event_id, label))

    def redate_event(self, event_id: str, date: Optional[str] = None) -> None:
        """Set the day an event happened; asks for it when not given."""
        event = self._event_by_id(event_id)
        date = date if date is not None else self.ask_text("Change event date", "Day of the event (YYYY-MM-DD):",
                                                           event.date or "")
        if date is not None:
            self._event_edit(lambda state: state.redate_event(event_id, date))

    def merge_with(self, event_id: str, other_id: str) -> None:
        self._event_edit(lambda state: state.merge_events([event_id, other_id]))

    def remove_from_library(self, paths: list[str]) -> None:
        """Take articles out of the library (their files are not touched)."""
        self._event_edit(lambda state: state.remove_articles(paths))

    def ask_text(self, title: str, label: str, value: str) -> Optional[str]:
        """Ask for one line of text (None when cancelled); tests replace this."""
        text, ok = QInputDialog.getText(self, title, label, text=value)
        return text if ok else None

    def _event_by_id(self, event_id: str) -> Event:
        assert self.library is not None
        return next(e for e in self.library.events if e.id == event_id)

    def _event_edit(self, edit: Callable[[UserState], object]) -> None:
        """Run one edit of the reader's state (given it), then show the regrouped library."""
        assert self.state is not None and self.library is not None
        paths = self.selected_paths()
        # event rows stay selected through their first article (event ids may be recomputed)
        members = [e.articles[0] for e in self.library.events if e.id in self.selected_event_ids() and not paths]
        try:
            edit(self.state)
        except StateError as exc:
            self._show_message(str(exc))
            return
        self._edited("events")
        if paths:
            self.select_paths([p for p in paths if any(a.path == p for a in self.library.articles)])
        elif members:
            events = [self.library.event_of(p) for p in members]
            self.select_events(list(dict.fromkeys(e.id for e in events if e is not None)))

    def reopen_with_encoding(self, path: str, encoding: Optional[str]) -> None:
        """Remember the encoding for ``path`` and ask the window to reload it."""
        assert self.state is not None
        try:
            self.state.set_encoding(path, encoding)
        except StateError as exc:
            self._show_message(str(exc))
            return
        self.reload_paths = [path]
        self.last_edit = "encoding"
        self.libraryEdited.emit()

    def restore_file_values(self, paths: list[str]) -> None:
        """Drop the user's metadata corrections of ``paths``."""
        assert self.library is not None and self.state is not None
        events_before = [(e.id, list(e.articles)) for e in self.library.events]
        for path in paths:
            article = self.library.article(path)
            for field in self.state.overrides(article):
                self.state.set_meta(article, field, None)
        events_changed = events_before != [(e.id, list(e.articles)) for e in self.library.events]
        self._edited("events" if events_changed else "meta")

    def copy_paths(self, paths: list[str]) -> None:
        QGuiApplication.clipboard().setText("\n".join(paths))

    def _edited(self, kind: str) -> None:
        self.last_edit = kind
        self.reload_paths = []
        self._rebuild()
        self.libraryEdited.emit()

    # ------------------------------------------------------------------ context menu
    def context_menu(self) -> QMenu:
        """The actions for the current selection (built fresh each time)."""
        menu = QMenu(self)
        paths = self.selected_paths()
        event_ids = self.selected_event_ids()
        library = self.library
        compare = menu.addAction("Open selected article" if len(paths) == 1 else "Compare selected articles")
        compare.setEnabled(bool(paths))
        compare.triggered.connect(lambda: self.articlesActivated.emit(self.selected_paths()))
        details = menu.addAction("Edit details…")
        details.setEnabled(len(paths) == 1)
        details.triggered.connect(lambda: self.edit_details(paths[0]))
        corrected = [p for p in paths if library is not None and self.state is not None
                     and self.state.overrides(library.article(p))]
        revert = menu.addAction("Restore values from the file")
        revert.setToolTip("Forget your corrections of title, outlet, date, authors and dateline")
        revert.setEnabled(bool(corrected))
        revert.triggered.connect(lambda: self.restore_file_values(corrected))
        menu.addSeparator()
        move = menu.addMenu("Move to event")
        move.setEnabled(bool(paths) and library is not None and bool(library.events))
        for event in (library.events if library else []):
            if all(p in event.articles for p in paths):
                continue
            action = move.addAction(f"{event.label} ({len(event.articles)})")
            action.triggered.connect(lambda checked=False, e=event.id: self.move_selection_to(e))
        split = menu.addAction("New event from selection")
        split.setEnabled(bool(paths) and library is not None and bool(library.events))
        split.triggered.connect(self.new_event_from_selection)
        merge = menu.addAction("Merge selected events")
        merge.setEnabled(len(event_ids) >= 2)
        merge.triggered.connect(self.merge_selected_events)
        one_event = event_ids[0] if len(event_ids) == 1 and not paths else None
        rename = menu.addAction("Rename event…")
        rename.setEnabled(one_event is not None)
        if one_event is not None:
            rename.triggered.connect(lambda: self.rename_event(one_event))
        redate = menu.addAction("Change event date…")
        redate.setEnabled(one_event is not None)
        if one_event is not None:
            redate.triggered.connect(lambda: self.redate_event(one_event))
        suggestions = menu.addMenu("Suggested merges")
        found = suggest_merges(library, one_event) if one_event and library is not None else []
        suggestions.setEnabled(bool(found))
        for suggestion in found:
            other = self._event_by_id(suggestion.other_id)
            action = suggestions.addAction(suggestion.describe(other.label))
            action.triggered.connect(lambda checked=False, s=suggestion: self.merge_with(s.event_id, s.other_id))
        remove = menu.addAction("Remove from library" if len(paths) <= 1 else
                                f"Remove {counted(len(paths), 'article')} from library")
        remove.setToolTip("The files stay where they are; File ▸ Restore Removed Articles brings them back")
        remove.setEnabled(bool(paths))
        remove.triggered.connect(lambda: self.remove_from_library(paths))
        menu.addSeparator()
        encoding = menu.addMenu("Reopen with encoding")
        encoding.setEnabled(len(paths) == 1)
        if len(paths) == 1 and library is not None:
            current = library.article(paths[0]).encoding
            chosen = self.state.encodings().get(paths[0]) if self.state else None
            for name in ENCODING_CHOICES:
                action = encoding.addAction(name)
                action.setCheckable(True)
                action.setChecked(_same_codec(name, current))
                action.triggered.connect(lambda checked=False, n=name: self.reopen_with_encoding(paths[0], n))
            if chosen:
                encoding.addSeparator()
                detect = encoding.addAction("Detect automatically")
                detect.triggered.connect(lambda: self.reopen_with_encoding(paths[0], None))
        copy = menu.addAction("Copy file path" if len(paths) <= 1 else "Copy file paths")
        copy.setEnabled(bool(paths))
        copy.triggered.connect(lambda: self.copy_paths(paths))
        folder = menu.addAction("Open containing folder")
        folder.setEnabled(len(paths) == 1)
        folder.triggered.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(paths[0]).parent))))
        return menu

    def _show_context_menu(self, point: QPoint, by_mouse: bool) -> None:
        """Right-click acts on the row under the mouse; the menu key on the selection."""
        index = self.tree.indexAt(point) if by_mouse else self.tree.currentIndex()
        if by_mouse and index.isValid() and not self.tree.selectionModel().isSelected(index):
            self.tree.selectionModel().select(index, _SELECT_ONLY_ROWS)
        if not by_mouse and index.isValid():
            point = self.tree.visualRect(index).center()
        self.exec_menu(self.context_menu(), self.tree.viewport().mapToGlobal(point))

    def exec_menu(self, menu: QMenu, where: QPoint) -> None:
        """Show a menu (blocking until it closes); tests replace this."""
        menu.exec(where)


class _LibraryTree(QTreeView):
    def __init__(self, panel: LibraryPanel) -> None:
        super().__init__(panel)
        self._panel = panel

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 (Qt naming)
        self._panel._show_context_menu(event.pos(), event.reason() == QContextMenuEvent.Reason.Mouse)


def _same_codec(a: str, b: str) -> bool:
    import codecs
    try:
        return codecs.lookup(a).name == codecs.lookup(b).name
    except LookupError:
        return False


def _key(index) -> str:
    """The event id or article path stored at ``index`` (see ``qtpaths``)."""
    return from_qt(index.data(KEY_ROLE))
