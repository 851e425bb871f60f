"""Who and what each article names: one row per canonical entity, one column per article.

A cell counts the article's mentions of the entity (its tooltip lists the words the
article used). An article that leaves out a name the others give is marked, because
an omission is often the story.
"""
from __future__ import annotations

from typing import Any, Optional, Union, cast

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QTableView, QVBoxLayout, QWidget)

from ..compare.comparison import Comparison
from ..analysis.entities import VALUE_LABELS
from ..model import Article, CanonicalEntity
from ..untrusted import isolate
from .plaintext import plain_tooltip

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # canonical key of the row's entity
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3  # per article cell: "present" | "missing" | "only" | "absent"
_Index = Union[QModelIndex, QPersistentModelIndex]  # what Qt passes to a model's overrides

NAME_COLUMN, TYPE_COLUMN, FIRST_ARTICLE_COLUMN = 0, 1, 2

# Type filter choices: shown name -> entity labels (None: everything).
TYPE_FILTERS: dict[str, Optional[frozenset[str]]] = {
    "All": None,
    "People": frozenset({"PERSON"}),
    "Places": frozenset({"GPE", "LOC", "FAC"}),
    "Organisations": frozenset({"ORG"}),
    "Nationalities & groups": frozenset({"NORP"}),
    "Numbers & dates": frozenset(VALUE_LABELS),
    "Other names": frozenset({"EVENT", "LAW", "PRODUCT", "WORK_OF_ART"}),
}
_TYPE_NAMES = {"PERSON": "person", "GPE": "place", "LOC": "place", "FAC": "place", "ORG": "organisation",
               "NORP": "group", "EVENT": "event", "LAW": "law", "PRODUCT": "product",
               "WORK_OF_ART": "work", "DATE": "date", "TIME": "time", "CARDINAL": "number",
               "MONEY": "money", "PERCENT": "percent", "QUANTITY": "quantity", "ORDINAL": "ordinal"}
MISSING_COLOUR = QColor("#f9d6d5")  # the article leaves out what others name
ONLY_COLOUR = QColor("#d5e8f9")  # the article alone names it
_GREY = QColor("#8a8a8a")


def article_label(article: Article, articles: list[Article]) -> str:
    """Short column heading: the outlet, or the file name when outlets are unknown or repeated."""
    outlet = article.meta.outlet
    if outlet and sum(1 for a in articles if a.meta.outlet == outlet) == 1:
        return isolate(_shorten(outlet, 18))
    stem = article.display_name.rsplit(".", 1)[0]
    if outlet:
        return f"{isolate(_shorten(outlet, 12))} · {isolate(_shorten(stem, 8))}"
    return isolate(_shorten(stem, 12))


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


# Roles as plain values: looking up ``Qt.DisplayRole`` costs ~14 µs in PySide6, and data()
# runs for every cell and role on each repaint.
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_FONT = Qt.ItemDataRole.FontRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_CENTRED = int(Qt.AlignmentFlag.AlignCenter)


class EntityTableModel(QAbstractTableModel):
    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.articles: list[Article] = []
        self.entities: list[CanonicalEntity] = []
        self._counts: list[list[int]] = []  # [row][article] mentions
        self._present: list[int] = []  # [row] number of articles that mention it
        self._brushes = {"missing": QBrush(MISSING_COLOUR), "only": QBrush(ONLY_COLOUR)}
        self._grey = QBrush(_GREY)
        self._bold = QFont()
        self._bold.setBold(True)

    def set_comparison(self, comparison: Optional[Comparison]) -> None:
        self.beginResetModel()
        self.articles = list(comparison.articles) if comparison else []
        self.entities = list(comparison.entities.entities) if comparison else []
        self._counts = [[len(e.mentions.get(a.path, [])) for a in self.articles] for e in self.entities]
        self._present = [sum(1 for n in row if n) for row in self._counts]
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.entities)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else FIRST_ARTICLE_COLUMN + len(self.articles)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if section == NAME_COLUMN:
            return "Name" if role == _DISPLAY else None
        if section == TYPE_COLUMN:
            return "Type" if role == _DISPLAY else None
        article = self.articles[section - FIRST_ARTICLE_COLUMN]
        if role == _DISPLAY:
            return article_label(article, self.articles)
        if role == _TOOLTIP:
            return plain_tooltip("\n".join(x for x in (article.meta.title, article.meta.outlet,
                                                       article.meta.published, article.path) if x))
        return None

    def status(self, row: int, column: int) -> str:
        """present | only (no other article names it) | missing (others do) | absent."""
        count = self._counts[row][column]
        present = self._present[row]
        if count:
            return "only" if present == 1 and len(self.articles) > 1 else "present"
        return "missing" if present else "absent"

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        entity = self.entities[row]
        if role == KEY_ROLE:
            return entity.key
        if column == NAME_COLUMN:
            if role == _DISPLAY:
                return entity.name
            if role == SORT_ROLE:
                return entity.name.lower()
            if role == _TOOLTIP:
                forms = sorted({f for a in self.articles for f in entity.surface_forms(a.path)})
                return plain_tooltip(f"{entity.name} ({_TYPE_NAMES.get(entity.label, entity.label)})\n"
                                     "Written as: " + ", ".join(f"“{f}”" for f in forms))
            return None
        if column == TYPE_COLUMN:
            if role in (_DISPLAY, SORT_ROLE):
                return _TYPE_NAMES.get(entity.label, entity.label.lower())
            if role == _FOREGROUND:
                return self._grey
            return None
        a = column - FIRST_ARTICLE_COLUMN
        count = self._counts[row][a]
        if role == SORT_ROLE:
            return count
        status = self.status(row, a)
        if role == _DISPLAY:
            return str(count) if count else ("—" if status == "missing" else "")
        if role == STATUS_ROLE:
            return status
        if role == _ALIGNMENT:
            return _CENTRED
        if role == _BACKGROUND:
            return self._brushes.get(status)
        if role == _FONT:
            return self._bold if status == "only" else None
        if role == _TOOLTIP:
            article = self.articles[a]
            label = article_label(article, self.articles)
            if count:
                written = ", ".join(f"“{f}”" for f in entity.surface_forms(article.path))
                alone = " — the only article that names it" if status == "only" else ""
                return plain_tooltip(f"{label}: {count} mention{'s' if count != 1 else ''}{alone}\n"
                                     f"Written as: {written}")
            if status == "missing":
                return plain_tooltip(f"{label} does not mention {entity.name}; "
                                     f"{self._present[row]} of {len(self.articles)} articles do.")
        return None


class EntityFilterModel(QSortFilterProxyModel):
    """Rows of the chosen type whose name (or any written form) contains the text."""

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.labels: Optional[frozenset[str]] = None
        self.text = ""
        self.differences_only = False
        self.setSortRole(SORT_ROLE)

    def set_filter(self, labels: Optional[frozenset[str]], text: str, differences_only: bool) -> None:
        self.labels, self.text, self.differences_only = labels, text.strip().lower(), differences_only
        self.invalidate()

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:  # noqa: N802
        # sourceModel() is typed as the QAbstractItemModel base; this proxy is only ever set on an EntityTableModel
        model = cast(EntityTableModel, self.sourceModel())
        entity = model.entities[row]
        if self.labels is not None and entity.label not in self.labels:
            return False
        if self.differences_only and model._present[row] == len(model.articles):
            return False
        if self.text:
            forms = [entity.name] + [f for a in model.articles for f in entity.surface_forms(a.path)]
            return any(self.text in f.lower() for f in forms)
        return True


class _EntityTable(QTableView):
    enterPressed = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enterPressed.emit(self.currentIndex())
            return
        super().keyPressEvent(event)


class EntitiesPanel(QWidget):
    """Table of the comparison's names and values per article.

    Signals:
        entityActivated(str): canonical key of the entity clicked or chosen with Enter.
    """

    entityActivated = Signal(str)

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.comparison: Optional[Comparison] = None
        self.type_filter = QComboBox()
        self.type_filter.addItems(list(TYPE_FILTERS))
        self.type_filter.setToolTip("Show one kind of name or value")
        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText("Filter names")
        self.text_filter.setClearButtonEnabled(True)
        self.differences_only = QCheckBox("Only differences")
        self.differences_only.setToolTip("Hide names and values that every article gives")
        self.model = EntityTableModel(self)
        self.proxy = EntityFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = _EntityTable()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # keep the most-mentioned-first order until asked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setWordWrap(False)
        legend = QLabel(f"<span style='background:{MISSING_COLOUR.name()}'>&nbsp;—&nbsp;</span> not mentioned "
                        f"(others do) &nbsp; <span style='background:{ONLY_COLOUR.name()}'><b>&nbsp;n&nbsp;</b>"
                        "</span> only this article")
        legend.setStyleSheet("color: #555;")
        self.summary = QLabel()
        self.summary.setStyleSheet("color: #555;")

        filters = QHBoxLayout()
        filters.addWidget(self.type_filter)
        filters.addWidget(self.text_filter, 1)
        filters.addWidget(self.differences_only)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(legend)
        bottom.addStretch(1)
        bottom.addWidget(self.summary)
        layout.addLayout(bottom)

        self.type_filter.currentTextChanged.connect(self._refilter)
        self.text_filter.textChanged.connect(self._refilter)
        self.differences_only.toggled.connect(self._refilter)
        self.table.clicked.connect(self._activate)
        self.table.enterPressed.connect(self._activate)

    def set_comparison(self, comparison: Optional[Comparison]) -> None:
        self.comparison = comparison
        self.model.set_comparison(comparison)
        # sized once from the contents (a live ResizeToContents re-measures every cell on each change)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(NAME_COLUMN, min(self.table.columnWidth(NAME_COLUMN), 150))
        self._refilter()

    def set_type_filter(self, name: str) -> None:
        """Choose a type filter by its shown name ("People", "Numbers & dates"...)."""
        self.type_filter.setCurrentText(name)

    def visible_keys(self) -> list[str]:
        """Canonical keys of the rows shown, top to bottom."""
        return [self.proxy.index(r, 0).data(KEY_ROLE) for r in range(self.proxy.rowCount())]

    def select_entity(self, key: str) -> bool:
        """Select and show the row of ``key`` (e.g. when the user clicks a name in an article)."""
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if index.data(KEY_ROLE) == key:
                self.table.selectRow(r)
                self.table.scrollTo(index)
                return True
        return False

    def _refilter(self) -> None:
        self.proxy.set_filter(TYPE_FILTERS.get(self.type_filter.currentText()), self.text_filter.text(),
                              self.differences_only.isChecked())
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        self.summary.setText(f"{shown} of {total}" if shown != total else f"{total} names and values")

    def _activate(self, index: QModelIndex) -> None:
        key = index.data(KEY_ROLE)
        if key:
            self.entityActivated.emit(key)
