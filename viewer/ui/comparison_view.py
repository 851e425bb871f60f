"""Side-by-side comparison: one column per article, link bands between neighbours,
highlights, an overview strip, difference navigation and find across columns."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Optional

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QMenu, QScrollArea, QSizePolicy, QTextBrowser,
                               QTextEdit, QVBoxLayout, QWidget)

from ..compare.comparison import Comparison
from ..model import Article, PassageLink
from ..untrusted import isolate
from .article_document import ArticleDocument, build_article_document
from ..compare.differences import Difference, DifferenceKind, OrientedLink, find_differences, outlet_name, pair_links
from ..compare.marks import column_marks, paraphrase_marks
from ..export.layout import LETTERS
from .find_bar import FindBar
from .legend import Legend
from .link_gutter import LinkGutter
from .minimap import Minimap, Tick
from .palette import highlight_styles, is_dark, view_colours
from .plaintext import plain_tooltip, rich_escape

# colour of each kind of difference in the overview strip and the Changes list
TICK_COLOURS = {DifferenceKind.WORDING: "#3f7fd0", DifferenceKind.UNMATCHED: "#9b59d0",
                DifferenceKind.ENTITY: "#7b3fc0", DifferenceKind.VALUE: "#e08a00"}
SELECTION_LAYERS = ("entity", "search", "difference", "search_current", "pending")


@dataclass
class FindMatch:
    column: int
    start: int  # document positions
    end: int


MIN_COLUMN_WIDTH = 200
COMPACT_COLUMN_WIDTH = 170  # with the narrow gutters, four columns fit a 1600-pixel window
GUTTER_WIDTH, COMPACT_GUTTER_WIDTH = 56, 28
COMPACT_FROM = 4  # columns: compact mode (when on) applies from this many
ZOOM_RANGE = (-4, 10)  # point-size steps around the base font


class ArticleColumn(QWidget):
    """Header (outlet, date, title) above a read-only text browser with the article."""
    scrolled = Signal(int)  # column index
    contextRequested = Signal(int, int, QPoint)  # column, paragraph (-1: none), global position
    headerMenuRequested = Signal(int, QPoint)  # column, global position

    def __init__(self, index: int, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.index = index
        self.doc: Optional[ArticleDocument] = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.header = QLabel()
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.header.setWordWrap(False)
        self.header.setMargin(4)
        self.header.setFixedHeight(46)
        # long titles are cut, never widen the column (six columns must fit a normal screen)
        self.header.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.header.setMinimumWidth(80)
        self.header.setFrameShape(QFrame.Shape.StyledPanel)
        self.header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.header.customContextMenuRequested.connect(
            lambda pos: self.headerMenuRequested.emit(self.index, self.header.mapToGlobal(pos)))
        layout.addWidget(self.header)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.browser.customContextMenuRequested.connect(self._on_context)
        self.browser.verticalScrollBar().valueChanged.connect(lambda _v: self.scrolled.emit(self.index))
        layout.addWidget(self.browser, 1)
        # below this a column is unreadable: many columns scroll sideways instead
        self.setMinimumWidth(MIN_COLUMN_WIDTH)
        self._layers: dict[str, list[QTextEdit.ExtraSelection]] = {}
        self._rects: dict[int, tuple[float, float]] = {}
        self._rects_width = -1

    @property
    def article(self) -> Article:
        return self.document.article

    @property
    def document(self) -> ArticleDocument:
        assert self.doc is not None, "a column is given its document when made"
        return self.doc

    def set_document(self, doc: ArticleDocument) -> None:
        self.doc = doc
        self._rects.clear()
        self.browser.setDocument(doc.document)
        doc.document.documentLayout().documentSizeChanged.connect(lambda _size: self._rects.clear())
        meta = doc.article.meta
        title = meta.title or doc.article.display_name
        short_title = title if len(title) <= 70 else title[:67] + "…"
        letter = LETTERS[self.index % len(LETTERS)]
        # the outlet names the column; without one the title does (never "unknown outlet")
        first = [f"<b>{letter}</b>"] + (["<i>reference</i>"] if self.index == 0 else []) + \
            [f"<b>{rich_escape(isolate(meta.outlet or short_title))}</b>"]
        second = [rich_escape(meta.published or "undated")] + (
            [rich_escape(isolate(short_title))] if meta.outlet else [])
        self.header.setText(" · ".join(first) + "<br><span>" + " · ".join(second) + "</span>")
        self.header.setToolTip(plain_tooltip(
            f"{isolate(title)}\n{isolate(meta.outlet or 'outlet not identified')} · "
            f"{meta.published or 'date not identified'}\n{isolate(doc.article.display_path)}\n\n"
            "Right-click: make reference, move, hide"))
        self._layers.clear()
        self._apply_layers()

    def set_layer(self, name: str, selections: list[QTextEdit.ExtraSelection]) -> None:
        self._layers[name] = selections
        self._apply_layers()

    def layer(self, name: str) -> list[QTextEdit.ExtraSelection]:
        return self._layers.get(name, [])

    def _apply_layers(self) -> None:
        combined = []
        for name in SELECTION_LAYERS:
            combined.extend(self._layers.get(name, []))
        self.browser.setExtraSelections(combined)

    # geometry -------------------------------------------------------------------------------
    def paragraph_rect(self, paragraph: int) -> Optional[tuple[float, float]]:
        """Top and bottom of a paragraph in document coordinates."""
        width = self.browser.viewport().width()
        if width != self._rects_width:  # the layout changes with the width only
            self._rects.clear()
            self._rects_width = width
        if paragraph in self._rects:
            return self._rects[paragraph]
        block = self.doc.block(paragraph) if self.doc else None
        if block is None or not block.isValid():
            return None
        rect = self.browser.document().documentLayout().blockBoundingRect(block)
        self._rects[paragraph] = (rect.top(), rect.bottom())
        return self._rects[paragraph]

    def paragraph_rect_in(self, widget: QWidget, paragraph: int) -> Optional[tuple[float, float]]:
        """Top and bottom of a paragraph in ``widget``'s coordinates (for the link gutters)."""
        rect = self.paragraph_rect(paragraph)
        if rect is None:
            return None
        viewport = self.browser.viewport()
        offset = widget.mapFromGlobal(viewport.mapToGlobal(QPoint(0, 0))).y()
        scroll = self.browser.verticalScrollBar().value()
        return rect[0] - scroll + offset, rect[1] - scroll + offset

    def paragraph_at(self, doc_y: float) -> Optional[int]:
        """The paragraph at document height ``doc_y`` (the closest one above when between)."""
        if self.doc is None:
            return None
        best = None
        for paragraph, number in self.doc.block_of.items():
            block = self.doc.document.findBlockByNumber(number)
            rect = self.browser.document().documentLayout().blockBoundingRect(block)
            if rect.top() <= doc_y:
                if best is None or rect.top() > best[0]:
                    best = (rect.top(), paragraph)
        return best[1] if best else None

    def paragraph_at_cursor(self) -> Optional[int]:
        if self.doc is None:
            return None
        return self.doc.paragraph_of_block.get(self.browser.textCursor().blockNumber())

    def scroll_to_doc_y(self, y: float) -> None:
        bar = self.browser.verticalScrollBar()
        bar.setValue(int(max(bar.minimum(), min(bar.maximum(), y))))

    def reveal_paragraph(self, paragraph: int) -> None:
        """Scroll so the paragraph's top sits a quarter down the viewport."""
        rect = self.paragraph_rect(paragraph)
        if rect is not None:
            self.scroll_to_doc_y(rect[0] - self.browser.viewport().height() / 4)

    def visible_fraction(self) -> tuple[float, float]:
        height = max(1.0, self.browser.document().size().height())
        top = self.browser.verticalScrollBar().value()
        return top / height, min(1.0, (top + self.browser.viewport().height()) / height)

    def _on_context(self, pos: QPoint) -> None:
        cursor = self.browser.cursorForPosition(pos)
        paragraph = self.doc.paragraph_of_block.get(cursor.blockNumber(), -1) if self.doc else -1
        self.browser.setTextCursor(cursor)
        self.contextRequested.emit(self.index, paragraph, self.browser.viewport().mapToGlobal(pos))


class ComparisonView(QWidget):
    """The comparison of 2–N articles, side by side.

    Signals report what the window shows in its status bar and persists
    (manual links). The view never edits files.
    """
    currentDifferenceChanged = Signal(int, int, str)  # index, total, description
    differencesChanged = Signal(list)  # list[Difference]
    linkAdded = Signal(object)  # PassageLink (already added to the comparison)
    linkRemoved = Signal(object)  # PassageLink (already removed)
    message = Signal(str)
    columnsRequested = Signal(list)  # article paths in the order the reader asked for

    def __init__(self, parent: Optional[QWidget] = None) -> None:
        super().__init__(parent)
        self.comparison: Optional[Comparison] = None
        self.columns: list[ArticleColumn] = []
        self.gutters: list[LinkGutter] = []
        self.differences: list[Difference] = []
        self.current = -1
        self.sync_scroll = True
        self.hide_boilerplate = False
        self._syncing = False
        self._pair_links: list[list[OrientedLink]] = []
        self._matches: list[FindMatch] = []
        self._match_index = -1
        self._pending: Optional[tuple[int, int]] = None  # (column, paragraph) marked for linking
        self._last_cursor_columns: list[int] = []  # columns the user clicked into, most recent last
        self._base_size = max(10.5, QFont(self.font()).pointSizeF())
        self._font = QFont(self.font())
        self._font.setPointSizeF(self._base_size)
        self.zoom = 0  # point-size steps around the base font
        self.compact = True  # narrow gutters and columns from COMPACT_FROM columns on
        self._dark = is_dark()
        self._styles = highlight_styles(self._dark)
        self._colours = view_colours(self._dark)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.legend = Legend()
        self.legend.set_styles(self._styles, self._colours)
        outer.addWidget(self.legend)  # wraps onto more lines on a narrow window
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        self._columns_area = QWidget()
        self._columns_layout = QHBoxLayout(self._columns_area)
        self._columns_layout.setContentsMargins(4, 4, 0, 4)
        self._columns_layout.setSpacing(0)
        self._columns_scroll = QScrollArea()  # sideways only; each column scrolls its own text
        self._columns_scroll.setWidget(self._columns_area)
        self._columns_scroll.setWidgetResizable(True)
        self._columns_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._columns_scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._columns_scroll.horizontalScrollBar().valueChanged.connect(self._refresh_soon)
        body.addWidget(self._columns_scroll, 1)
        self.minimap = Minimap()
        self.minimap.differenceClicked.connect(self.go_to_difference)
        body.addWidget(self.minimap)
        outer.addLayout(body, 1)
        self.placeholder = QLabel("Choose an event, or select two or more articles and Compare.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._columns_layout.addWidget(self.placeholder)
        self.find_bar = FindBar()
        self.find_bar.hide()
        self.find_bar.queryChanged.connect(self.find_text)
        self.find_bar.nextRequested.connect(self.find_next)
        self.find_bar.previousRequested.connect(self.find_previous)
        self.find_bar.closed.connect(lambda: self.find_text("", False))
        outer.addWidget(self.find_bar)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self._refresh_overlays)
        self._scroll_timer = QTimer(self)  # coalesces the repaints of one scroll of six columns
        self._scroll_timer.setSingleShot(True)
        self._scroll_timer.setInterval(0)
        self._scroll_timer.timeout.connect(self._refresh_scrolled)

    # building ---------------------------------------------------------------------------------
    def set_comparison(self, comparison: Optional[Comparison]) -> None:
        """Show ``comparison`` (None clears the view)."""
        self.comparison = comparison
        self.current = -1
        self._pending = None
        self._last_cursor_columns = []
        self._rebuild()

    def refresh(self) -> None:
        """Rebuild after the comparison changed (links edited, options toggled), keeping scroll positions."""
        positions = [c.browser.verticalScrollBar().value() for c in self.columns]
        current = self.differences[self.current] if 0 <= self.current < len(self.differences) else None
        self._rebuild()
        self._syncing = True
        for column, value in zip(self.columns, positions):
            column.browser.verticalScrollBar().setValue(value)
        self._syncing = False
        self._reselect(current)

    def apply_theme(self) -> None:
        """Re-read the palette (light/dark) and redraw everything."""
        self._dark = is_dark()
        self._styles = highlight_styles(self._dark)
        self._colours = view_colours(self._dark)
        self.legend.set_styles(self._styles, self._colours)
        for gutter in self.gutters:
            gutter.set_colours(self._colours)
        self.refresh()

    def set_hide_boilerplate(self, hide: bool) -> None:
        self.hide_boilerplate = hide
        self.refresh()

    def set_hide_boilerplate_silently(self, hide: bool) -> None:
        """Set the option for the next ``set_comparison`` without rebuilding now."""
        self.hide_boilerplate = hide

    def set_sync_scroll(self, enabled: bool) -> None:
        self.sync_scroll = enabled

    def set_zoom(self, steps: int) -> None:
        """Text size in point steps around the base size (0: the base)."""
        steps = max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], int(steps)))
        if steps != self.zoom:
            self.zoom = steps
            self.refresh()
        self.message.emit(f"Text size {self._font.pointSizeF():g} pt")

    def set_compact(self, enabled: bool) -> None:
        """Narrow gutters, narrower columns and a point smaller text when many columns are shown."""
        if enabled != self.compact:
            self.compact = enabled
            self.refresh()

    # column order -------------------------------------------------------------------------------
    def reordered(self, index: int, action: str) -> list[str]:
        """The column paths after ``action`` ("reference", "left", "right", "hide") on column ``index``."""
        paths = list(self.comparison.paths) if self.comparison else []
        if not 0 <= index < len(paths):
            return paths
        path = paths[index]
        if action == "reference":
            paths.insert(0, paths.pop(index))
        elif action == "left" and index > 0:
            paths[index - 1], paths[index] = paths[index], paths[index - 1]
        elif action == "right" and index < len(paths) - 1:
            paths[index + 1], paths[index] = paths[index], paths[index + 1]
        elif action == "hide" and len(paths) > 1:
            paths.remove(path)
        return paths

    def column_menu(self, index: int) -> QMenu:
        """Reference, move and hide actions for one column (built fresh each time)."""
        menu = QMenu(self)
        count = len(self.columns)
        entries = (("Make Reference Column", "reference", index > 0),
                   ("Move Left", "left", index > 0), ("Move Right", "right", index < count - 1),
                   ("Hide Column", "hide", count > 1))
        for text, action, enabled in entries:
            item = menu.addAction(text)
            item.setEnabled(enabled)
            item.triggered.connect(lambda _c=False, a=action: self.columnsRequested.emit(self.reordered(index, a)))
        return menu

    def _on_header_menu(self, index: int, where: QPoint) -> None:
        self.column_menu(index).exec(where)

    def _clear_columns(self) -> None:
        while self._columns_layout.count():
            item = self._columns_layout.takeAt(0)
            if item is None:
                break
            widget = item.widget()
            if widget is not None and widget is not self.placeholder:
                widget.hide()  # deleteLater alone leaves it painted until the event loop runs
                widget.setParent(None)
                widget.deleteLater()
        self.columns, self.gutters = [], []

    def _rebuild(self) -> None:
        self._clear_columns()
        comparison = self.comparison
        if comparison is None or not comparison.articles:
            self._columns_layout.addWidget(self.placeholder)
            self.placeholder.show()
            self.differences = []
            self.minimap.set_ticks(0, [])
            self.differencesChanged.emit([])
            return
        self.placeholder.hide()
        articles = comparison.articles
        count = len(articles)
        compact = self.compact and count >= COMPACT_FROM
        self._font.setPointSizeF(max(6.0, self._base_size + self.zoom - (1 if compact else 0)))
        self._pair_links = [pair_links(comparison, articles[i].path, articles[i + 1].path)
                            for i in range(count - 1)]
        for index in range(len(articles)):
            column = ArticleColumn(index)
            column.set_document(self._column_document(index))
            column.setMinimumWidth(COMPACT_COLUMN_WIDTH if compact else MIN_COLUMN_WIDTH)
            column.scrolled.connect(self._on_scrolled)
            column.contextRequested.connect(self._on_context)
            column.headerMenuRequested.connect(self._on_header_menu)
            column.browser.cursorPositionChanged.connect(lambda c=column: self._on_cursor(c))
            self.columns.append(column)
            if index > 0:
                gutter = LinkGutter(self._colours)
                gutter.setFixedWidth(COMPACT_GUTTER_WIDTH if compact else GUTTER_WIDTH)
                gutter.linkClicked.connect(self.select_link)
                gutter.unlinkRequested.connect(self.unlink)
                left, right = self.columns[index - 1], column
                gutter.set_links(self._pair_links[index - 1],
                                 partial(left.paragraph_rect_in, gutter), partial(right.paragraph_rect_in, gutter))
                self.gutters.append(gutter)
                self._columns_layout.addWidget(gutter)
            self._columns_layout.addWidget(column, 1)
        self.differences = find_differences(comparison)
        self.current = -1
        self.differencesChanged.emit(self.differences)
        if self.find_bar.isVisible() and self.find_bar.edit.text():
            self.find_text(self.find_bar.edit.text(), self.find_bar.case.isChecked())
        self._refresh_overlays()
        self._refresh_timer.start()  # again once the layout has sizes

    def _refresh_soon(self, _value: int = 0) -> None:
        self._refresh_timer.start()

    def _shown(self) -> Comparison:
        """The comparison shown (for what only runs while there is one)."""
        assert self.comparison is not None, "no comparison is shown"
        return self.comparison

    def _column_document(self, index: int) -> ArticleDocument:
        comparison = self._shown()
        article = comparison.articles[index]
        return build_article_document(
            article, column_marks(comparison, index), self._styles, self._colours,
            set(comparison.unmatched(article.path)) if len(comparison.articles) > 1 else set(),
            f"Only in {outlet_name(article)}", self.hide_boilerplate, self._font)

    def update_pair(self, pair: tuple[str, str]) -> None:
        """Redraw after the links between two articles changed: their two columns and the
        gutter between them (when they are neighbours); the other columns keep their documents.

        The two columns are all a link can change: which of their passages are unmatched, and
        their wording marks when each is the other's partner (``compare.marks``).
        """
        if self.comparison is None:
            return
        paths = self.comparison.paths
        changed = sorted(paths.index(p) for p in set(pair) if p in paths)
        if len(changed) != 2 or len(self.columns) != len(paths):
            self.refresh()
            return
        current = self.differences[self.current] if 0 <= self.current < len(self.differences) else None
        self._syncing = True
        try:
            for index in changed:
                column = self.columns[index]
                position = column.browser.verticalScrollBar().value()
                column.set_document(self._column_document(index))
                column.browser.verticalScrollBar().setValue(position)
        finally:
            self._syncing = False
        left, right = changed
        if right == left + 1:
            self._pair_links[left] = pair_links(self.comparison, paths[left], paths[right])
            gutter = self.gutters[left]
            gutter.set_links(self._pair_links[left], partial(self.columns[left].paragraph_rect_in, gutter),
                             partial(self.columns[right].paragraph_rect_in, gutter))
        for column in self.columns:  # as after a full rebuild: no entity or difference marked
            column.set_layer("entity", [])
            column.set_layer("difference", [])
        for gutter in self.gutters:
            gutter.set_current(None)
        self.differences = find_differences(self.comparison)
        self.current = -1
        self.differencesChanged.emit(self.differences)
        if self.find_bar.isVisible() and self.find_bar.edit.text():
            self.find_text(self.find_bar.edit.text(), self.find_bar.case.isChecked())
        self._reselect(current)
        self._refresh_overlays()
        self._refresh_timer.start()

    def _reselect(self, current: Optional[Difference]) -> None:
        """Select again the difference that was selected before a redraw, if it is still there."""
        if current is None:
            return
        for n, diff in enumerate(self.differences):
            if (diff.kind, diff.column, diff.paragraph) == (current.kind, current.column, current.paragraph):
                self._select_difference(n, scroll=False)
                break

    # overlays: gutters, minimap ---------------------------------------------------------------
    def _refresh_scrolled(self) -> None:
        """After a scroll only the bands and the minimap's visible ranges move."""
        for gutter in self.gutters:
            gutter.update()
        self.minimap.set_visible_ranges([c.visible_fraction() for c in self.columns])

    def _refresh_overlays(self) -> None:
        for gutter in self.gutters:
            gutter.update()
        if not self.columns:
            return
        ticks = []
        for n, diff in enumerate(self.differences):
            column = self.columns[diff.column]
            rect = column.paragraph_rect(diff.paragraph)
            if rect is None:
                continue
            height = max(1.0, column.browser.document().size().height())
            ticks.append(Tick(diff.column, rect[0] / height, rect[1] / height, TICK_COLOURS[diff.kind], n,
                              n == self.current))
            if diff.other_column is not None and diff.other_paragraph is not None:
                other = self.columns[diff.other_column]
                orect = other.paragraph_rect(diff.other_paragraph)
                if orect is not None:
                    oheight = max(1.0, other.browser.document().size().height())
                    ticks.append(Tick(diff.other_column, orect[0] / oheight, orect[1] / oheight,
                                      TICK_COLOURS[diff.kind], n, n == self.current))
        self.minimap.set_ticks(len(self.columns), ticks)
        self.minimap.set_visible_ranges([c.visible_fraction() for c in self.columns])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._refresh_timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._refresh_timer.start()

    # scrolling ---------------------------------------------------------------------------------
    def _on_scrolled(self, index: int) -> None:
        if self.sync_scroll and not self._syncing:
            self._syncing = True
            try:
                for other in range(len(self.columns)):
                    if other != index:
                        self._align_column(index, other)
            finally:
                self._syncing = False
        self._scroll_timer.start()

    def _links_between(self, source: int, target: int) -> list[tuple[int, int]]:
        """(source paragraph, target paragraph) pairs linking two columns."""
        left, right = sorted((source, target))
        if right == left + 1 and left < len(self._pair_links):
            oriented = self._pair_links[left]
        else:
            oriented = pair_links(self._shown(), self.columns[left].article.path,
                                  self.columns[right].article.path)
        if source < target:
            return [(o.left_paragraph, o.right_paragraph) for o in oriented]
        return [(o.right_paragraph, o.left_paragraph) for o in oriented]

    def _align_column(self, source: int, target: int) -> None:
        """Scroll ``target`` so the passage linked to the one at ``source``'s reading line lines up."""
        src, dst = self.columns[source], self.columns[target]
        view_height = src.browser.viewport().height()
        reading_line = src.browser.verticalScrollBar().value() + view_height / 3
        best = None
        for s_par, t_par in self._links_between(source, target):
            s_rect, t_rect = src.paragraph_rect(s_par), dst.paragraph_rect(t_par)
            if s_rect is None or t_rect is None:
                continue
            if s_rect[0] <= reading_line <= s_rect[1]:
                distance = 0.0
            else:
                distance = min(abs(reading_line - s_rect[0]), abs(reading_line - s_rect[1]))
            if best is None or distance < best[0]:
                best = (distance, s_rect, t_rect)
        if best is None:
            src_bar, dst_bar = src.browser.verticalScrollBar(), dst.browser.verticalScrollBar()
            fraction = src_bar.value() / max(1, src_bar.maximum())
            dst.scroll_to_doc_y(fraction * dst_bar.maximum())
            return
        _distance, s_rect, t_rect = best
        if s_rect[0] <= reading_line <= s_rect[1]:
            ratio = (reading_line - s_rect[0]) / max(1.0, s_rect[1] - s_rect[0])
            target_line = t_rect[0] + ratio * (t_rect[1] - t_rect[0])
        elif reading_line < s_rect[0]:
            target_line = t_rect[0] - (s_rect[0] - reading_line)
        else:
            target_line = t_rect[1] + (reading_line - s_rect[1])
        dst.scroll_to_doc_y(target_line - view_height / 3)

    # differences -----------------------------------------------------------------------------
    def next_difference(self) -> None:
        if self.differences:
            self.go_to_difference((self.current + 1) % len(self.differences))

    def previous_difference(self) -> None:
        if self.differences:
            self.go_to_difference((self.current - 1) % len(self.differences) if self.current >= 0
                                  else len(self.differences) - 1)

    def go_to_difference(self, index: int) -> None:
        if 0 <= index < len(self.differences):
            self._select_difference(index, scroll=True)

    def select_link(self, link: PassageLink) -> None:
        """Select the difference of a link (or just mark the pair when its wording is identical)."""
        for n, diff in enumerate(self.differences):
            if diff.link is link:
                self._select_difference(n, scroll=False)
                return
        paths = self._shown().paths
        a, b = paths.index(link.a_path), paths.index(link.b_path)
        self._mark_current(link, [(a, link.a_paragraph), (b, link.b_paragraph)])
        self.currentDifferenceChanged.emit(-1, len(self.differences),
                                           f"Linked passages ¶{link.a_paragraph + 1} ↔ ¶{link.b_paragraph + 1}"
                                           " (same wording)")

    def _select_difference(self, index: int, scroll: bool) -> None:
        diff = self.differences[index]
        self.current = index
        passages = [(diff.column, diff.paragraph)]
        if diff.other_column is not None and diff.other_paragraph is not None:
            passages.append((diff.other_column, diff.other_paragraph))
        if scroll:
            self._syncing = True
            try:
                for column, paragraph in passages:
                    self.columns[column].reveal_paragraph(paragraph)
                if self.sync_scroll:
                    for other in range(len(self.columns)):
                        if other not in [c for c, _p in passages]:
                            self._align_column(diff.column, other)
            finally:
                self._syncing = False
        self._mark_current(diff.link, passages)
        self.currentDifferenceChanged.emit(index, len(self.differences), diff.description)

    def _mark_current(self, link: Optional[PassageLink], passages: list[tuple[int, int]]) -> None:
        for shown in self.columns:
            shown.set_layer("difference", [])
        for column, paragraph in passages:
            col = self.columns[column]
            block = col.document.block(paragraph)
            if block is None:
                continue
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(QColor(self._colours.current_passage))
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            cursor = QTextCursor(block)
            cursor.clearSelection()
            selection.cursor = cursor
            col.set_layer("difference", [selection] + self._paraphrase_marks(link, col))
        for gutter in self.gutters:
            gutter.set_current(link)
        self._refresh_overlays()

    def _paraphrase_marks(self, link: Optional[PassageLink], column: "ArticleColumn") -> list:
        """The word diff of an independent paraphrase, drawn only while its link is selected."""
        if link is None or column.doc is None:
            return []
        marks = []
        for start, end, _highlight, _tip in paraphrase_marks(link, column.article.path):
            begin, finish = column.doc.position(start), column.doc.position(end)
            if begin is None or finish is None:
                continue
            selection = QTextEdit.ExtraSelection()
            selection.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            selection.format.setUnderlineColor(QColor("#1d4fa8"))  # the light CHANGED line, in both themes
            cursor = QTextCursor(column.browser.document())
            cursor.setPosition(begin)
            cursor.setPosition(finish, QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            marks.append(selection)
        return marks

    def reveal_spans(self, spans: dict) -> None:
        """Scroll every column holding one of ``spans`` (path → (start, end)) to it and mark it."""
        self._syncing = True
        try:
            for column in self.columns:
                column.set_layer("difference", [])
                span = spans.get(column.article.path)
                if span is None or column.doc is None:
                    continue
                paragraph = next((p.index for p in column.article.paragraphs
                                  if p.start <= span[0] < max(p.end, p.start + 1)), None)
                if paragraph is not None:
                    column.reveal_paragraph(paragraph)
                start, end = column.doc.position(span[0]), column.doc.position(span[1])
                if start is None or end is None:
                    continue
                selection = QTextEdit.ExtraSelection()
                selection.format.setBackground(QColor(self._colours.current_passage))
                cursor = QTextCursor(column.browser.document())
                cursor.setPosition(start)
                cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                selection.cursor = cursor
                column.set_layer("difference", [selection])
        finally:
            self._syncing = False
        self._refresh_overlays()

    def current_link(self) -> Optional[PassageLink]:
        if 0 <= self.current < len(self.differences):
            return self.differences[self.current].link
        return None

    def _highlight_text(self) -> QColor:
        """Text colour on the strong search/entity backgrounds of the current theme."""
        return QColor("#ffffff" if self._colours.dark else "#000000")

    # find ------------------------------------------------------------------------------------
    def find_text(self, text: str, case_sensitive: bool = False) -> int:
        """Highlight every match of ``text`` in every column; returns the number of matches."""
        self._matches, self._match_index = [], -1
        flags = QTextDocument.FindFlag.FindCaseSensitively if case_sensitive else QTextDocument.FindFlag(0)
        fmt = QTextCharFormat()
        fmt.setBackground(QColor(self._colours.search))
        fmt.setForeground(self._highlight_text())
        for column in self.columns:
            selections = []
            if text:
                document = column.browser.document()
                cursor = document.find(text, 0, flags)
                while not cursor.isNull():
                    self._matches.append(FindMatch(column.index, cursor.selectionStart(), cursor.selectionEnd()))
                    selection = QTextEdit.ExtraSelection()
                    selection.cursor, selection.format = cursor, fmt
                    selections.append(selection)
                    cursor = document.find(text, cursor, flags)
            column.set_layer("search", selections)
            column.set_layer("search_current", [])
        in_columns = len({m.column for m in self._matches})
        if text:
            self.find_bar.set_status(f"{len(self._matches)} matches in {in_columns} of {len(self.columns)} columns"
                                     if self._matches else "No match")
        else:
            self.find_bar.set_status("")
        return len(self._matches)

    def find_next(self) -> Optional[FindMatch]:
        return self._step_match(1)

    def find_previous(self) -> Optional[FindMatch]:
        return self._step_match(-1)

    def _step_match(self, step: int) -> Optional[FindMatch]:
        if not self._matches:
            return None
        self._match_index = (self._match_index + step) % len(self._matches)
        match = self._matches[self._match_index]
        column = self.columns[match.column]
        cursor = QTextCursor(column.browser.document())
        cursor.setPosition(match.start)
        cursor.setPosition(match.end, QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format.setBackground(QColor("#ff5fa2"))
        selection.format.setForeground(self._highlight_text())
        for other in self.columns:
            other.set_layer("search_current", [])
        column.set_layer("search_current", [selection])
        self._syncing = True
        try:
            rect = column.browser.cursorRect(cursor)
            bar = column.browser.verticalScrollBar()
            column.scroll_to_doc_y(bar.value() + rect.top() - column.browser.viewport().height() / 3)
        finally:
            self._syncing = False
        if self.sync_scroll:
            self._on_scrolled(match.column)
        self.find_bar.set_status(f"Match {self._match_index + 1} of {len(self._matches)} "
                                 f"(in {outlet_name(column.article)})")
        return match

    def open_find(self) -> None:
        self.find_bar.open_bar()

    # entities --------------------------------------------------------------------------------
    def highlight_entity(self, key: Optional[str]) -> dict[str, int]:
        """Mark every mention of the canonical entity ``key`` in every column; returns counts per path."""
        counts: dict[str, int] = {}
        entity = self.comparison.entities.by_key.get(key) if (self.comparison and key) else None
        for column in self.columns:
            selections = []
            if entity is not None:
                for mention in entity.mentions.get(column.article.path, []):
                    begin, end = column.document.position(mention.start), column.document.position(mention.end)
                    if begin is None or end is None:
                        continue
                    cursor = QTextCursor(column.browser.document())
                    cursor.setPosition(begin)
                    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
                    selection = QTextEdit.ExtraSelection()
                    selection.cursor = cursor
                    selection.format.setBackground(QColor(self._colours.entity_focus))
                    selection.format.setForeground(self._highlight_text())
                    selection.format.setFontWeight(QFont.Weight.Bold)
                    selection.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                    selections.append(selection)
            column.set_layer("entity", selections)
            counts[column.article.path] = len(selections)
            if selections:
                self._syncing = True
                try:
                    rect = column.browser.cursorRect(selections[0].cursor)
                    bar = column.browser.verticalScrollBar()
                    column.scroll_to_doc_y(bar.value() + rect.top() - column.browser.viewport().height() / 3)
                finally:
                    self._syncing = False
        self._refresh_timer.start()
        if entity is not None:
            parts = [f"{outlet_name(c.article)}: {counts[c.article.path]}" for c in self.columns]
            self.message.emit(f"{entity.name} — mentions: " + ", ".join(parts))
        return counts

    # manual links ----------------------------------------------------------------------------
    def _on_cursor(self, column: ArticleColumn) -> None:
        self._last_cursor_columns = [c for c in self._last_cursor_columns if c != column.index]
        self._last_cursor_columns.append(column.index)

    def link_cursor_passages(self) -> Optional[PassageLink]:
        """Link the passages holding the text cursor in the last two columns the user clicked."""
        recent = [c for c in self._last_cursor_columns if c < len(self.columns)][-2:]
        if len(recent) < 2:
            self.message.emit("Click a passage in one column, then a passage in another, then Link passages.")
            return None
        first, second = recent
        a_par = self.columns[first].paragraph_at_cursor()
        b_par = self.columns[second].paragraph_at_cursor()
        if a_par is None or b_par is None:
            return None
        return self.link_passages(first, a_par, second, b_par)

    def link_passages(self, column_a: int, paragraph_a: int, column_b: int, paragraph_b: int
                      ) -> Optional[PassageLink]:
        """Add a manual link between two passages (the aligner missed it)."""
        if column_a == column_b or self.comparison is None:
            return None
        if column_a > column_b:
            column_a, paragraph_a, column_b, paragraph_b = column_b, paragraph_b, column_a, paragraph_a
        a, b = self.columns[column_a].article, self.columns[column_b].article
        pa, pb = a.paragraphs[paragraph_a], b.paragraphs[paragraph_b]
        link = PassageLink(a.path, b.path, paragraph_a, paragraph_b, pa.span, pb.span, 1.0, manual=True)
        self.update_pair(self.comparison.add_link(link))
        self.linkAdded.emit(link)
        self.message.emit(f"Linked {outlet_name(a)} ¶{paragraph_a + 1} with {outlet_name(b)} ¶{paragraph_b + 1}")
        return link

    def unlink(self, link: PassageLink) -> bool:
        """Remove a link (automatic or manual) from the comparison."""
        if self.comparison is None:
            return False
        pair = self.comparison.remove_link(link.a_path, link.a_paragraph, link.b_path, link.b_paragraph)
        if pair is not None:
            self.update_pair(pair)
            self.linkRemoved.emit(link)
            self.message.emit(f"Unlinked ¶{link.a_paragraph + 1} ↔ ¶{link.b_paragraph + 1}")
        return pair is not None

    def _on_context(self, column: int, paragraph: int, global_pos: QPoint) -> None:
        menu = QMenu(self)
        if paragraph >= 0:
            if self._pending is None or self._pending[0] == column:
                mark = menu.addAction(f"Start a link from ¶{paragraph + 1}")
                mark.triggered.connect(lambda: self._set_pending(column, paragraph))
            else:
                pending_column, pending_paragraph = self._pending
                link = menu.addAction(
                    f"Link ¶{paragraph + 1} with {outlet_name(self.columns[pending_column].article)} "
                    f"¶{pending_paragraph + 1}")
                link.triggered.connect(lambda: self._finish_pending(column, paragraph))
            for oriented_link in self._links_of(column, paragraph):
                other_path = oriented_link.b_path if oriented_link.a_path == self.columns[column].article.path \
                    else oriented_link.a_path
                other = self._shown().paths.index(other_path)
                other_par = oriented_link.b_paragraph if oriented_link.b_path == other_path \
                    else oriented_link.a_paragraph
                action = menu.addAction(f"Unlink from {outlet_name(self.columns[other].article)} ¶{other_par + 1}")
                action.triggered.connect(lambda _=False, link=oriented_link: self.unlink(link))
        menu.addSeparator()
        copy = menu.addAction("Copy")
        copy.triggered.connect(self.columns[column].browser.copy)
        menu.exec(global_pos)

    def _links_of(self, column: int, paragraph: int) -> list[PassageLink]:
        path = self.columns[column].article.path
        return [link for link in self._shown().all_links()
                if (link.a_path == path and link.a_paragraph == paragraph)
                or (link.b_path == path and link.b_paragraph == paragraph)]

    def _set_pending(self, column: int, paragraph: int) -> None:
        self._pending = (column, paragraph)
        block = self.columns[column].document.block(paragraph)
        selection = QTextEdit.ExtraSelection()
        selection.format.setBackground(QColor(self._colours.band_manual))
        selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        selection.cursor = QTextCursor(block)
        self.columns[column].set_layer("pending", [selection])
        self.message.emit("Now right-click the matching passage in another column and choose Link.")

    def _finish_pending(self, column: int, paragraph: int) -> None:
        assert self._pending is not None  # the "Link" action is offered only with a passage pending
        pending_column, pending_paragraph = self._pending
        self._pending = None
        self.columns[pending_column].set_layer("pending", [])
        self.link_passages(pending_column, pending_paragraph, column, paragraph)
